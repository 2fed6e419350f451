/* social_cli.c: what the community commands share (see social_cli.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmds.h"
#include "social_cli.h"

static int hf_s_in(const char *const *list, const char *s) {
    for (; list && *list; list++)
        if (!strcmp(*list, s)) return 1;
    return 0;
}

static int hf_s_push_opt(hf_s_args *a, const char *name, const char *val) {
    if (a->nopt >= HF_S_MAX_ARGS) return hf_s_usage("too many options");
    a->opt_name[a->nopt] = name;
    a->opt_val[a->nopt++] = val;
    return 0;
}

int hf_s_parse(const char *cmd, int argc, char **argv, const char *const *valued, const char *const *flags,
               hf_s_args *a) {
    int i;
    memset(a, 0, sizeof *a);
    for (i = 0; i < argc; i++) {
        const char *s = argv[i], *eq;
        char name[64];
        int f;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) return 1;
        /* Python's list/info commands name their modes table|text (= human) and json */
        if ((!strcmp(s, "--format") && i + 1 < argc && (!strcmp(argv[i + 1], "table") || !strcmp(argv[i + 1], "text"))) ||
            !strcmp(s, "--format=table") || !strcmp(s, "--format=text")) {
            a->out.mode = HF_OUT_HUMAN;
            if (!strchr(s, '=')) i++;
            continue;
        }
        if ((f = hf_out_flag(&a->out, argc, argv, &i)) != 0) {
            if (f < 0) return 2;
            continue;
        }
        if (s[0] != '-' || !s[1]) {
            if (a->npos >= HF_S_MAX_ARGS) return hf_s_usage("too many arguments");
            a->pos[a->npos++] = s;
            continue;
        }
        eq = strchr(s, '=');
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - s) : (int)strlen(s), s);
        if (!strcmp(name, "--token") || !strcmp(name, "--type") || !strcmp(name, "--repo-type") || hf_s_in(valued, name)) {
            const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) {
                fprintf(stderr, "Error: Option '%s' requires an argument.\n", name);
                return 2;
            }
            if (!strcmp(name, "--token")) a->token = v;
            else if (!strcmp(name, "--type") || !strcmp(name, "--repo-type")) a->repo_type = v;
            else if (hf_s_push_opt(a, s, v)) return 2; /* s: the name as written (up to any '=') */
            continue;
        }
        if (!eq && hf_s_in(flags, s)) {
            if (hf_s_push_opt(a, s, "")) return 2;
            continue;
        }
        fprintf(stderr, "Error: No such option: %s (hf %s)\n", name, cmd);
        return 2;
    }
    if (a->repo_type && strcmp(a->repo_type, "model") && strcmp(a->repo_type, "dataset") && strcmp(a->repo_type, "space")) {
        fprintf(stderr, "Error: Invalid value for '--type': '%s' is not one of 'model', 'dataset', 'space'.\n", a->repo_type);
        return 2;
    }
    return 0;
}

/* Whether the option as written (s, maybe "--name=value") is one of names ("a|b"). */
static int hf_s_named(const char *s, const char *names) {
    size_t n = strcspn(s, "=");
    const char *p = names;
    while (*p) {
        size_t m = strcspn(p, "|");
        if (m == n && !strncmp(p, s, n)) return 1;
        p += m;
        if (*p == '|') p++;
    }
    return 0;
}

const char *hf_s_get(const hf_s_args *a, const char *names) {
    const char *v = NULL;
    int i;
    for (i = 0; i < a->nopt; i++)
        if (hf_s_named(a->opt_name[i], names)) v = a->opt_val[i];
    return v;
}

int hf_s_all(const hf_s_args *a, const char *names, const char **out, int cap) {
    int i, n = 0;
    for (i = 0; i < a->nopt && n < cap; i++)
        if (hf_s_named(a->opt_name[i], names)) out[n++] = a->opt_val[i];
    return n;
}

int hf_s_has(const hf_s_args *a, const char *names) { return hf_s_get(a, names) != NULL; }

static void hf_s_log(void *user, int level, const char *msg) {
    static const char *const names[] = {"", "error", "warning", "info", "debug"};
    (void)user;
    fprintf(stderr, "hf: %s: %s\n", level >= 1 && level <= 4 ? names[level] : "log", msg);
}

hfhub_client *hf_s_client(const char *token) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.library_name = "hfhub-cli";
    cfg.library_version = hfhub_version();
    cfg.log = hf_s_log;
    cfg.token = token;
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) {
        fprintf(stderr, "Error: %s\n", hfhub_last_error()->message);
        return NULL;
    }
    return c;
}

int hf_s_fail(const hf_out *o) { return hf_repo_report_error(o, hfhub_last_error()->result); }

int hf_s_usage(const char *msg) {
    fprintf(stderr, "Error: %s\n", msg);
    return 2;
}

int hf_s_int(const char *name, const char *v, long long *out) {
    char *end;
    errno = 0;
    *out = strtoll(v, &end, 10);
    if (!*v || *end || errno) {
        fprintf(stderr, "Error: Invalid value for '%s': '%s' is not a valid integer.\n", name, v);
        return -1;
    }
    return 0;
}

void hf_s_json_str(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    putchar('"');
    while (*p) {
        unsigned long cp = *p;
        int extra = 0;
        if (cp >= 0xf0) { cp &= 0x07; extra = 3; }
        else if (cp >= 0xe0) { cp &= 0x0f; extra = 2; }
        else if (cp >= 0xc0) { cp &= 0x1f; extra = 1; }
        p++;
        while (extra-- > 0 && (*p & 0xc0) == 0x80) cp = (cp << 6) | (*p++ & 0x3f);
        if (cp == '"') fputs("\\\"", stdout);
        else if (cp == '\\') fputs("\\\\", stdout);
        else if (cp == '\n') fputs("\\n", stdout);
        else if (cp == '\r') fputs("\\r", stdout);
        else if (cp == '\t') fputs("\\t", stdout);
        else if (cp == '\b') fputs("\\b", stdout);
        else if (cp == '\f') fputs("\\f", stdout);
        else if (cp < 0x20 || (cp > 0x7f && cp < 0x10000)) printf("\\u%04lx", cp);
        else if (cp >= 0x10000) {
            cp -= 0x10000;
            printf("\\u%04lx\\u%04lx", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
        } else putchar((int)cp);
    }
    putchar('"');
}

static void hf_s_nl(int indent, int depth) {
    int i;
    if (!indent) return;
    putchar('\n');
    for (i = 0; i < depth * indent; i++) putchar(' ');
}

/* Python's api_object_to_dict drops the None members of every object (drop_null). */
static void hf_s_json_value(const hfhub_json_value *v, int indent, int depth, const char *skip, int drop_null) {
    size_t i, n = hfhub_json_len(v), len;
    int obj = hfhub_json_type_of(v) == HFHUB_JSON_OBJECT, first = 1;
    const char *raw;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_BOOL: fputs(hfhub_json_bool(v, 0) ? "true" : "false", stdout); return;
    case HFHUB_JSON_NUMBER:
        raw = hfhub_json_number_raw(v, &len);
        fwrite(raw, 1, len, stdout);
        return;
    case HFHUB_JSON_STRING: hf_s_json_str(hfhub_json_str(v, "")); return;
    case HFHUB_JSON_ARRAY:
    case HFHUB_JSON_OBJECT:
        putchar(obj ? '{' : '[');
        for (i = 0; i < n; i++) {
            if (obj && skip && !strcmp(hfhub_json_key_at(v, i, NULL), skip)) continue;
            if (obj && drop_null && hfhub_json_is_null(hfhub_json_at(v, i))) continue;
            if (first) first = 0;
            else fputs(indent ? "," : ", ", stdout);
            hf_s_nl(indent, depth + 1);
            if (obj) {
                hf_s_json_str(hfhub_json_key_at(v, i, NULL));
                fputs(": ", stdout);
            }
            hf_s_json_value(hfhub_json_at(v, i), indent, depth + 1, NULL, drop_null);
        }
        if (!first) hf_s_nl(indent, depth);
        putchar(obj ? '}' : ']');
        return;
    default: fputs("null", stdout); return;
    }
}

void hf_s_json_print(const hfhub_json_value *v, int indent) { hf_s_json_print_except(v, indent, NULL, 0); }

void hf_s_json_print_except(const hfhub_json_value *v, int indent, const char *skip_key, int drop_null) {
    hf_s_json_value(v, indent ? 2 : 0, 0, skip_key, drop_null);
    putchar('\n');
}

int hf_s_json_print_text(const char *text, int indent, const char *skip_key) {
    hfhub_json_doc *doc = NULL;
    if (hfhub_json_parse(text, strlen(text), NULL, &doc) != HFHUB_OK) return -1;
    hf_s_json_print_except(hfhub_json_root(doc), indent, skip_key, 1);
    hfhub_json_free(doc);
    return 0;
}

void hf_s_iso(const char *s, char out[40]) {
    int i, us = 0, digits = 0;
    const char *p;
    for (i = 0; i < 19 && s && s[i]; i++) {}
    if (!s || i < 19 || s[4] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
        snprintf(out, 40, "%s", s ? s : "");
        return;
    }
    p = s + 19;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (digits < 6) us = us * 10 + (*p - '0'), digits++;
    for (; digits < 6; digits++) us *= 10;
    if (*p != 'Z' && strcmp(p, "+00:00")) { /* not UTC: as written */
        snprintf(out, 40, "%s", s);
        return;
    }
    if (us) snprintf(out, 40, "%.19s.%06d+00:00", s, us);
    else snprintf(out, 40, "%.19s+00:00", s);
}

void hf_s_sb_puts(hf_s_sb *b, const char *s) {
    size_t n = strlen(s);
    if (b->n + n + 1 > b->cap) {
        size_t nc = (b->n + n + 1) * 2;
        char *np = (char *)realloc(b->p, nc);
        if (!np) {
            fprintf(stderr, "hf: out of memory\n");
            exit(1);
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n + 1);
    b->n += n;
}

void hf_s_sb_json_str(hf_s_sb *b, const char *s) {
    char esc[8];
    hf_s_sb_puts(b, "\"");
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            esc[0] = '\\', esc[1] = (char)ch, esc[2] = 0;
            hf_s_sb_puts(b, esc);
        } else if (ch < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            hf_s_sb_puts(b, esc);
        } else {
            esc[0] = (char)ch, esc[1] = 0;
            hf_s_sb_puts(b, esc);
        }
    }
    hf_s_sb_puts(b, "\"");
}

void hf_s_sb_kv(hf_s_sb *b, const char *key, const char *s) {
    hf_s_sb_puts(b, b->n && b->p[b->n - 1] != '{' ? ", " : "");
    hf_s_sb_json_str(b, key);
    hf_s_sb_puts(b, ": ");
    if (s) hf_s_sb_json_str(b, s);
    else hf_s_sb_puts(b, "null");
}

void hf_s_sb_kraw(hf_s_sb *b, const char *key, const char *raw) {
    hf_s_sb_puts(b, b->n && b->p[b->n - 1] != '{' ? ", " : "");
    hf_s_sb_json_str(b, key);
    hf_s_sb_puts(b, ": ");
    hf_s_sb_puts(b, raw);
}

void hf_s_sb_json_value(hf_s_sb *b, const hfhub_json_value *v) {
    size_t i, len;
    const char *raw;
    char num[64];
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_BOOL: hf_s_sb_puts(b, hfhub_json_bool(v, 0) ? "true" : "false"); return;
    case HFHUB_JSON_NUMBER:
        raw = hfhub_json_number_raw(v, &len);
        snprintf(num, sizeof num, "%.*s", (int)(len < 63 ? len : 63), raw);
        hf_s_sb_puts(b, num);
        return;
    case HFHUB_JSON_STRING: hf_s_sb_json_str(b, hfhub_json_str(v, "")); return;
    case HFHUB_JSON_ARRAY:
    case HFHUB_JSON_OBJECT:
        hf_s_sb_puts(b, hfhub_json_type_of(v) == HFHUB_JSON_OBJECT ? "{" : "[");
        for (i = 0; i < hfhub_json_len(v); i++) {
            if (i) hf_s_sb_puts(b, ", ");
            if (hfhub_json_type_of(v) == HFHUB_JSON_OBJECT) {
                hf_s_sb_json_str(b, hfhub_json_key_at(v, i, NULL));
                hf_s_sb_puts(b, ": ");
            }
            hf_s_sb_json_value(b, hfhub_json_at(v, i));
        }
        hf_s_sb_puts(b, hfhub_json_type_of(v) == HFHUB_JSON_OBJECT ? "}" : "]");
        return;
    default: hf_s_sb_puts(b, "null"); return;
    }
}
