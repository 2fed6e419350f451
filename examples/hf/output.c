/* output.c: Python `hf`'s output modes (see output.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if !defined(_WIN32)
#include <sys/time.h>
#endif
#include "output.h"

#define HF_MAX_CELL 35

int hf_out_flag(hf_out *o, int argc, char **argv, int *i) {
    const char *a = argv[*i], *v = NULL;
    if (!strcmp(a, "--json")) { o->mode = HF_OUT_JSON; return 1; }
    if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) { o->mode = HF_OUT_QUIET; return 1; }
    if (!strcmp(a, "--no-truncate")) { o->no_truncate = 1; return 1; }
    if (!strncmp(a, "--format=", 9)) v = a + 9;
    else if (!strcmp(a, "--format")) {
        if (*i + 1 >= argc) { fprintf(stderr, "Error: Option '--format' requires an argument.\n"); return -1; }
        v = argv[++*i];
    } else return 0;
    if (!strcmp(v, "auto") || !strcmp(v, "human")) o->mode = HF_OUT_HUMAN;
    else if (!strcmp(v, "agent")) o->mode = HF_OUT_AGENT;
    else if (!strcmp(v, "json")) o->mode = HF_OUT_JSON;
    else if (!strcmp(v, "quiet")) o->mode = HF_OUT_QUIET;
    else {
        fprintf(stderr, "Error: Invalid value for '--format': '%s' is not one of 'auto', 'human', 'agent', 'json', 'quiet'.\n", v);
        return -1;
    }
    return 1;
}

const char *hf_ansi(const char *code) {
    const char *nc = getenv("NO_COLOR");
    return nc && *nc ? "" : code;
}

void hf_out_text(const hf_out *o, const char *msg, int bold) {
    if (o->mode == HF_OUT_HUMAN && bold) printf("%s%s%s\n", hf_ansi(HF_BOLD), msg, hf_ansi(HF_RESET));
    else if (o->mode == HF_OUT_HUMAN || o->mode == HF_OUT_AGENT) printf("%s\n", msg);
}

static void hf_out_stderr(const hf_out *o, const char *color, const char *label, const char *msg) {
    fflush(stdout);
    if (o->mode == HF_OUT_HUMAN) fprintf(stderr, "%s%s: %s%s\n", hf_ansi(color), label, msg, hf_ansi(HF_RESET));
    else fprintf(stderr, "%s: %s\n", label, msg);
}

void hf_out_warning(const hf_out *o, const char *msg) { hf_out_stderr(o, HF_YELLOW, "Warning", msg); }
void hf_out_error(const hf_out *o, const char *msg) { hf_out_stderr(o, HF_RED, "Error", msg); }
void hf_out_hint(const hf_out *o, const char *msg) { hf_out_stderr(o, HF_GRAY, "Hint", msg); }

hf_val hf_str(const char *s) { hf_val v; memset(&v, 0, sizeof v); v.kind = HF_VAL_STR; v.s = s ? s : ""; return v; }
hf_val hf_int(long long i) { hf_val v; memset(&v, 0, sizeof v); v.kind = HF_VAL_INT; v.i = i; return v; }
hf_val hf_bool(int b) { hf_val v; memset(&v, 0, sizeof v); v.kind = HF_VAL_BOOL; v.i = b != 0; return v; }
hf_val hf_none(void) { hf_val v; memset(&v, 0, sizeof v); v.kind = HF_VAL_NONE; return v; }
hf_val hf_list(const char *const *items, size_t n) {
    hf_val v;
    memset(&v, 0, sizeof v);
    v.kind = HF_VAL_LIST;
    v.list = items;
    v.n = n;
    return v;
}

/* ---- a tiny string builder ----------------------------------------------------------------- */

typedef struct hf_sb {
    char *p;
    size_t n, cap;
} hf_sb;

static void hf_sb_putn(hf_sb *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t nc = (b->n + n + 1) * 2;
        char *np = (char *)realloc(b->p, nc);
        if (!np) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void hf_sb_puts(hf_sb *b, const char *s) { hf_sb_putn(b, s, strlen(s)); }

/* Python's repr() of a str. */
static void hf_sb_repr(hf_sb *b, const char *s) {
    char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
    hf_sb_putn(b, &q, 1);
    for (; *s; s++) {
        char esc[8];
        unsigned char ch = (unsigned char)*s;
        if (ch == '\\' || ch == (unsigned char)q) { esc[0] = '\\'; esc[1] = (char)ch; hf_sb_putn(b, esc, 2); }
        else if (ch == '\n') hf_sb_puts(b, "\\n");
        else if (ch == '\t') hf_sb_puts(b, "\\t");
        else if (ch == '\r') hf_sb_puts(b, "\\r");
        else if (ch < 0x20 || ch == 0x7f) { snprintf(esc, sizeof esc, "\\x%02x", ch); hf_sb_puts(b, esc); }
        else hf_sb_putn(b, s, 1);
    }
    hf_sb_putn(b, &q, 1);
}

/* str(value) as Python prints it. */
static void hf_sb_pystr(hf_sb *b, const hf_val *v) {
    char num[32];
    size_t i;
    switch (v->kind) {
    case HF_VAL_STR: hf_sb_puts(b, v->s); break;
    case HF_VAL_INT: snprintf(num, sizeof num, "%lld", v->i); hf_sb_puts(b, num); break;
    case HF_VAL_BOOL: hf_sb_puts(b, v->i ? "True" : "False"); break;
    case HF_VAL_NONE: hf_sb_puts(b, "None"); break;
    case HF_VAL_LIST:
        hf_sb_puts(b, "[");
        for (i = 0; i < v->n; i++) {
            if (i) hf_sb_puts(b, ", ");
            hf_sb_repr(b, v->list[i]);
        }
        hf_sb_puts(b, "]");
        break;
    }
}

/* json.dumps of a string (ensure_ascii: non-ASCII as \uXXXX, surrogate pairs beyond BMP). */
static void hf_sb_json_str(hf_sb *b, const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    char esc[40];
    hf_sb_puts(b, "\"");
    while (*p) {
        unsigned long cp = *p;
        int extra = 0;
        if (cp >= 0xf0) { cp &= 0x07; extra = 3; }
        else if (cp >= 0xe0) { cp &= 0x0f; extra = 2; }
        else if (cp >= 0xc0) { cp &= 0x1f; extra = 1; }
        p++;
        while (extra-- > 0 && (*p & 0xc0) == 0x80) cp = (cp << 6) | (*p++ & 0x3f);
        if (cp == '"') hf_sb_puts(b, "\\\"");
        else if (cp == '\\') hf_sb_puts(b, "\\\\");
        else if (cp == '\n') hf_sb_puts(b, "\\n");
        else if (cp == '\r') hf_sb_puts(b, "\\r");
        else if (cp == '\t') hf_sb_puts(b, "\\t");
        else if (cp == '\b') hf_sb_puts(b, "\\b");
        else if (cp == '\f') hf_sb_puts(b, "\\f");
        else if (cp < 0x20 || (cp > 0x7f && cp < 0x10000)) {
            snprintf(esc, sizeof esc, "\\u%04lx", cp);
            hf_sb_puts(b, esc);
        } else if (cp >= 0x10000) {
            cp -= 0x10000;
            snprintf(esc, sizeof esc, "\\u%04lx\\u%04lx", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
            hf_sb_puts(b, esc);
        } else {
            char c = (char)cp;
            hf_sb_putn(b, &c, 1);
        }
    }
    hf_sb_puts(b, "\"");
}

static void hf_sb_json(hf_sb *b, const hf_val *v) {
    size_t i;
    char num[32];
    switch (v->kind) {
    case HF_VAL_STR: hf_sb_json_str(b, v->s); break;
    case HF_VAL_INT: snprintf(num, sizeof num, "%lld", v->i); hf_sb_puts(b, num); break;
    case HF_VAL_BOOL: hf_sb_puts(b, v->i ? "true" : "false"); break;
    case HF_VAL_NONE: hf_sb_puts(b, "null"); break;
    case HF_VAL_LIST:
        hf_sb_puts(b, "[");
        for (i = 0; i < v->n; i++) {
            if (i) hf_sb_puts(b, ", ");
            hf_sb_json_str(b, v->list[i]);
        }
        hf_sb_puts(b, "]");
        break;
    }
}

/* ---- tables ---------------------------------------------------------------------------------- */

/* Characters (code points) of a UTF-8 string, as Python's len(). */
static size_t hf_u8len(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* The byte offset where the first `chars` code points end. */
static size_t hf_u8prefix(const char *s, size_t chars) {
    size_t i = 0;
    while (s[i] && chars) {
        i++;
        while (((unsigned char)s[i] & 0xc0) == 0x80) i++;
        chars--;
    }
    return i;
}

/* A string matching ^\d{4}-\d{2}-\d{2}T (a timestamp): shown as its date. */
static int hf_is_iso_date(const char *s) {
    static const char pat[] = "dddd-dd-ddT";
    size_t i;
    for (i = 0; i < 11; i++)
        if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i]) return 0;
    return 1;
}

/* Python's _format_table_value_human + truncation; a malloc'd string. */
static char *hf_cell_human(const hf_val *v, int truncate) {
    hf_sb b = {NULL, 0, 0};
    size_t i;
    if (v->kind == HF_VAL_BOOL) hf_sb_puts(&b, v->i ? "\xe2\x9c\x94" : "");
    else if (v->kind == HF_VAL_INT && v->i != 0) hf_sb_pystr(&b, v);
    else if (v->kind == HF_VAL_STR && hf_is_iso_date(v->s)) hf_sb_putn(&b, v->s, 10); /* value[:10] */
    else if (v->kind == HF_VAL_STR) hf_sb_puts(&b, v->s);
    else if (v->kind == HF_VAL_LIST)
        for (i = 0; i < v->n; i++) {
            if (i) hf_sb_puts(&b, ", ");
            hf_sb_puts(&b, v->list[i]);
        }
    hf_sb_puts(&b, "");
    if (truncate && hf_u8len(b.p) > HF_MAX_CELL) strcpy(b.p + hf_u8prefix(b.p, HF_MAX_CELL - 3), "...");
    return b.p;
}

/* "last_accessed" / "lastAccessed" -> "LAST_ACCESSED" */
static char *hf_to_header(const char *name) {
    hf_sb b = {NULL, 0, 0};
    size_t i;
    for (i = 0; name[i]; i++) {
        char c = name[i];
        if (i && c >= 'A' && c <= 'Z' && name[i - 1] >= 'a' && name[i - 1] <= 'z') hf_sb_puts(&b, "_");
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        hf_sb_putn(&b, &c, 1);
    }
    hf_sb_puts(&b, "");
    return b.p;
}

static void hf_pad(const char *s, size_t width, int right) {
    size_t n = hf_u8len(s);
    if (right) printf("%*s%s", (int)(width > n ? width - n : 0), "", s);
    else printf("%s%*s", s, (int)(width > n ? width - n : 0), "");
}

/* Python's tabulate: padded columns joined by one space, a dashes line under the headers. */
static void hf_table_human(const hf_out *o, const hf_table *t) {
    size_t nc = t->n_headers, r, c;
    char **cells = (char **)calloc((t->n_rows + 1) * nc, sizeof(char *));
    size_t *w = (size_t *)calloc(nc, sizeof(size_t));
    if (!cells || !w) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    for (c = 0; c < nc; c++) cells[c] = hf_to_header(t->keys[t->headers[c]]);
    for (r = 0; r < t->n_rows; r++)
        for (c = 0; c < nc; c++)
            cells[(r + 1) * nc + c] = hf_cell_human(&t->cells[r * t->n_keys + t->headers[c]],
                                                    !o->no_truncate && t->headers[c] != t->id_col &&
                                                        !(t->headers[c] < 8 * sizeof t->raw_cols && (t->raw_cols >> t->headers[c]) & 1));
    for (r = 0; r <= t->n_rows; r++)
        for (c = 0; c < nc; c++)
            if (hf_u8len(cells[r * nc + c]) > w[c]) w[c] = hf_u8len(cells[r * nc + c]);
    for (r = 0; r <= t->n_rows + 1; r++) {
        for (c = 0; c < nc; c++) {
            int right = (long)t->headers[c] == t->right_col;
            if (c) putchar(' ');
            if (r == 1) { size_t k; for (k = 0; k < w[c]; k++) putchar('-'); }
            else hf_pad(cells[(r ? r - 1 : 0) * nc + c], w[c], right);
        }
        putchar('\n');
    }
    for (r = 0; r < (t->n_rows + 1) * nc; r++) free(cells[r]);
    free(cells);
    free(w);
}

void hf_out_table(const hf_out *o, const hf_table *t) {
    size_t r, c;
    hf_sb b = {NULL, 0, 0};
    if (!t->n_rows) {
        if (o->mode == HF_OUT_HUMAN || o->mode == HF_OUT_AGENT) printf("No results found.\n");
        else if (o->mode == HF_OUT_JSON) printf("[]\n");
        return;
    }
    switch (o->mode) {
    case HF_OUT_HUMAN: hf_table_human(o, t); return;
    case HF_OUT_AGENT:
        for (c = 0; c < t->n_headers; c++) { if (c) hf_sb_puts(&b, "\t"); hf_sb_puts(&b, t->keys[t->headers[c]]); }
        hf_sb_puts(&b, "\n");
        for (r = 0; r < t->n_rows; r++) {
            for (c = 0; c < t->n_headers; c++) {
                size_t start = b.n, k;
                if (c) hf_sb_puts(&b, "\t");
                start = b.n;
                hf_sb_pystr(&b, &t->cells[r * t->n_keys + t->headers[c]]);
                for (k = start; k < b.n; k++) if (b.p[k] == '\t') b.p[k] = ' ';
            }
            hf_sb_puts(&b, "\n");
        }
        break;
    case HF_OUT_JSON:
        hf_sb_puts(&b, "[");
        for (r = 0; r < t->n_rows; r++) {
            hf_sb_puts(&b, r ? ", {" : "{");
            for (c = 0; c < t->n_keys; c++) {
                if (c) hf_sb_puts(&b, ", ");
                hf_sb_json_str(&b, t->keys[c]);
                hf_sb_puts(&b, ": ");
                hf_sb_json(&b, &t->cells[r * t->n_keys + c]);
            }
            hf_sb_puts(&b, "}");
        }
        hf_sb_puts(&b, "]\n");
        break;
    case HF_OUT_QUIET:
        for (r = 0; r < t->n_rows; r++) { hf_sb_pystr(&b, &t->cells[r * t->n_keys + t->id_col]); hf_sb_puts(&b, "\n"); }
        break;
    }
    if (b.p) fputs(b.p, stdout);
    free(b.p);
}

void hf_out_result(const hf_out *o, const char *msg, const char *const *keys, const hf_val *vals, size_t n) {
    hf_sb b = {NULL, 0, 0};
    size_t i;
    switch (o->mode) {
    case HF_OUT_HUMAN:
        hf_sb_puts(&b, hf_ansi(HF_GREEN));
        hf_sb_puts(&b, "\xe2\x9c\x93 ");
        hf_sb_puts(&b, msg);
        hf_sb_puts(&b, hf_ansi(HF_RESET));
        for (i = 0; i < n; i++) {
            if (vals[i].kind == HF_VAL_NONE) continue; /* None values are not shown */
            hf_sb_puts(&b, "\n  ");
            hf_sb_puts(&b, keys[i]);
            hf_sb_puts(&b, ": ");
            hf_sb_pystr(&b, &vals[i]);
        }
        break;
    case HF_OUT_AGENT: {
        size_t shown = 0;
        for (i = 0; i < n; i++) {
            if (vals[i].kind == HF_VAL_NONE) continue;
            if (shown++) hf_sb_puts(&b, " ");
            hf_sb_puts(&b, keys[i]);
            hf_sb_puts(&b, "=");
            hf_sb_pystr(&b, &vals[i]);
        }
        if (!shown) hf_sb_puts(&b, msg);
        break;
    }
    case HF_OUT_JSON:
        if (n) hf_sb_puts(&b, "{");
        for (i = 0; i < n; i++) {
            if (i) hf_sb_puts(&b, ", ");
            hf_sb_json_str(&b, keys[i]);
            hf_sb_puts(&b, ": ");
            hf_sb_json(&b, &vals[i]);
        }
        if (n) hf_sb_puts(&b, "}");
        break;
    case HF_OUT_QUIET:
        if (!n) return;
        hf_sb_pystr(&b, &vals[0]);
        break;
    }
    hf_sb_puts(&b, "\n");
    fputs(b.p, stdout);
    free(b.p);
}

/* ---- sizes, ages, prompts ---------------------------------------------------------------------- */

void hf_format_size(uint64_t n, char out[32]) {
    static const char *const units[] = {"", "K", "M", "G", "T", "P", "E", "Z"};
    double f = (double)n;
    size_t i;
    for (i = 0; i < 8; i++) {
        if (fabs(f) < 1000.0) {
            snprintf(out, 32, "%3.1f%s", f, units[i]);
            return;
        }
        f /= 1000.0;
    }
    snprintf(out, 32, "%.1fY", f);
}

void hf_format_timesince(double ts, double now, char out[48]) {
    static const char *const labels[] = {"second", "minute", "hour", "day", "week", "month", "year"};
    static const double dividers[] = {1, 60, 3600, 86400, 604800, 2592000, 31536000};
    static const double maxes[] = {60, 60, 24, 6, 6, 11, -1};
    double delta = now - ts, value = 0;
    size_t i;
    if (delta < 20) {
        snprintf(out, 48, "a few seconds ago");
        return;
    }
    for (i = 0; i < 7; i++) {
        value = nearbyint(delta / dividers[i]); /* Python's round(): ties to even */
        if (maxes[i] >= 0 && value <= maxes[i]) break;
    }
    if (i == 7) i = 6;
    snprintf(out, 48, "%.0f %s%s ago", value, labels[i], value > 1 ? "s" : "");
}

double hf_now(void) {
#if defined(_WIN32)
    return (double)time(NULL);
#else
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
#endif
}

int hf_confirm(const char *msg) {
    char line[64];
    printf("%s [y/N]: ", msg);
    fflush(stdout);
    if (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (!strcmp(line, "y") || !strcmp(line, "Y") || !strcmp(line, "yes") || !strcmp(line, "YES") || !strcmp(line, "Yes"))
            return 1;
    } else {
        printf("\n");
    }
    fflush(stdout);
    fprintf(stderr, "Aborted!\n");
    return 0;
}
