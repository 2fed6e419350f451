/* auth.c: whoami, and the token files of `hf auth` (stored_tokens as configparser reads and
 * writes it, the active token file), git credential helpers. */
#include <string.h>
#include <stdlib.h>
#if !defined(HFHUB_NO_STDIO)
#include <stdio.h>
#include <sys/types.h>
#include <sys/stat.h>
#if defined(HFHUB__WIN32)
#define hfhub__auth_popen _popen
#define hfhub__auth_pclose _pclose
#else
#define hfhub__auth_popen popen
#define hfhub__auth_pclose pclose
#endif
#endif

#define HFHUB__AUTH_FILE_MAX (1 << 20)

/* ---- whoami ------------------------------------------------------------------------------ */

typedef struct hfhub__auth_whoami_box {
    hfhub_whoami_info info;   /* first: the pointer handed out */
    hfhub__arena arena;       /* the JSON and the orgs array */
} hfhub__auth_whoami_box;

/* A string member, NULL when absent or not a string. */
static const char *hfhub__auth_str(const hfhub_json_value *v, const char *path) {
    return hfhub_json_str(hfhub_json_path(v, path), NULL);
}

/* The environment token as Python's _get_token_from_environment (cleaned) into b; the
 * variable's name, or NULL (b empty) when unset or empty. */
static const char *hfhub__auth_env_token(hfhub__buf *b) {
    static const char *const names[] = {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"};
    int i;
    hfhub__buf_reset(b);
    for (i = 0; i < 2; i++) {
        const char *v = getenv(names[i]);
        char *clean;
        if (!v || !*v) continue; /* `os.environ.get("HF_TOKEN") or ...`: empty falls through */
        hfhub__buf_reset(b);
        hfhub__buf_puts(b, v);
        if (b->failed || !b->data) return NULL;
        clean = hfhub__clean_token(b->data);
        if (!clean) { hfhub__buf_reset(b); return NULL; }
        b->len = strlen(clean);
        memmove(b->data, clean, b->len + 1);
        return names[i];
    }
    return NULL;
}

/* The token file's token (cleaned) into b; 1 when there is one. */
static int hfhub__auth_file_token(hfhub_client *c, hfhub__buf *b) {
#if defined(HFHUB_NO_STDIO)
    (void)c;
    hfhub__buf_reset(b);
    return 0;
#else
    char *data = NULL, *clean;
    size_t len = 0;
    hfhub__buf_reset(b);
    if (!c->token_path || hfhub__fs_kind(c->token_path) == HFHUB__FS_NONE) return 0;
    if (hfhub__fs_read_file(c->a, c->token_path, HFHUB__AUTH_FILE_MAX, &data, &len) != HFHUB_OK) return 0;
    clean = memchr(data, 0, len) ? NULL : hfhub__clean_token(data);
    if (clean) hfhub__buf_puts(b, clean);
    hfhub__free(c->a, data, len + 1);
    return clean != NULL && !b->failed;
#endif
}

/* Python's 401 text: which token was invalid. */
static hfhub_result hfhub__auth_invalid_token(hfhub_client *c, const char *token) {
    hfhub__buf env, file;
    const char *hint = "";
    hfhub_result r;
    hfhub__buf_init(&env, c->a);
    hfhub__buf_init(&file, c->a);
    if (hfhub__auth_env_token(&env) && !strcmp(env.data, token))
        hint = " The token from HF_TOKEN environment variable is invalid. Note that HF_TOKEN takes precedence over `hf auth login`.";
    else if (hfhub__auth_file_token(c, &file) && !strcmp(file.data, token))
        hint = " The token stored is invalid. Please run `hf auth login` to update it.";
    r = hfhub__fail_http(HFHUB_ERR_UNAUTHORIZED, 401, hfhub_last_error()->server_code[0] ? hfhub_last_error()->server_code : NULL,
                         NULL, "Invalid user token.%s", hint);
    hfhub__buf_free(&env);
    hfhub__buf_free(&file);
    return r;
}

static hfhub_result hfhub__auth_whoami_fill(hfhub__auth_whoami_box *box, const hfhub_json_value *root) {
    hfhub_whoami_info *w = &box->info;
    const hfhub_json_value *orgs = hfhub_json_get(root, "orgs");
    size_t i, n = hfhub_json_len(orgs), k = 0;
    const char **names;
    if (hfhub_json_type_of(root) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "whoami: the answer is not a JSON object");
    w->raw = root;
    w->type = hfhub__auth_str(root, "type");
    w->name = hfhub__auth_str(root, "name");
    w->fullname = hfhub__auth_str(root, "fullname");
    w->email = hfhub__auth_str(root, "email");
    w->auth_type = hfhub__auth_str(root, "auth.type");
    w->token_name = hfhub__auth_str(root, "auth.accessToken.displayName");
    w->token_role = hfhub__auth_str(root, "auth.accessToken.role");
    if (!w->name) return hfhub__fail(HFHUB_ERR_PARSE, "whoami: the answer has no 'name'");
    names = (const char **)hfhub__arena_alloc(&box->arena, (n ? n : 1) * sizeof *names);
    if (!names) return hfhub__fail(HFHUB_ERR_NOMEM, "whoami");
    for (i = 0; i < n; i++) {
        const char *s = hfhub__auth_str(hfhub_json_at(orgs, i), "name");
        if (s) names[k++] = s;
    }
    w->orgs = names;
    w->n_orgs = k;
    return HFHUB_OK;
}

hfhub_result hfhub_whoami(hfhub_client *c, const char *token, hfhub_whoami_info **out) {
    hfhub__req rq;
    hfhub__http_response resp;
    hfhub__buf url;
    hfhub__auth_whoami_box *box;
    const hfhub_json_value *root = NULL;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_printf(&url, "%s/api/whoami-v2", c->endpoint);
    if (url.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "whoami");
    memset(&rq, 0, sizeof rq);
    rq.url = url.data;
    rq.token = token;
    rq.auth = HFHUB__AUTH_REQUIRED;
    r = hfhub__client_request(c, &rq, &resp);
    hfhub__buf_free(&url);
    if (r == HFHUB_ERR_UNAUTHORIZED && resp.status == 401) r = hfhub__auth_invalid_token(c, token ? token : c->token);
    if (r) { hfhub__http_response_free(&resp); return r; }
    box = (hfhub__auth_whoami_box *)hfhub__alloc(c->a, sizeof *box);
    if (!box) { hfhub__http_response_free(&resp); return hfhub__fail(HFHUB_ERR_NOMEM, "whoami"); }
    memset(box, 0, sizeof *box);
    hfhub__arena_init(&box->arena, c->a);
    r = hfhub__json_parse_in(&box->arena, resp.body.data ? resp.body.data : "", resp.body.len, 0, &root);
    hfhub__http_response_free(&resp);
    if (!r) r = hfhub__auth_whoami_fill(box, root);
    if (r) {
        hfhub__arena_free(&box->arena);
        hfhub__free(c->a, box, sizeof *box);
        return r;
    }
    *out = &box->info;
    return HFHUB_OK;
}

void hfhub_whoami_free(hfhub_client *c, hfhub_whoami_info *info) {
    hfhub__auth_whoami_box *box = (hfhub__auth_whoami_box *)info;
    if (!box) return;
    hfhub__arena_free(&box->arena);
    hfhub__free(c->a, box, sizeof *box);
}

/* ---- stored_tokens: configparser's INI --------------------------------------------------- */

#if !defined(HFHUB_NO_STDIO)

typedef struct hfhub__auth_kv {
    char *key;
    hfhub__buf value;                 /* lines joined by "\n" */
    struct hfhub__auth_kv *next;
} hfhub__auth_kv;

typedef struct hfhub__auth_sec {
    char *name;
    hfhub__auth_kv *kv;
    struct hfhub__auth_sec *next;
} hfhub__auth_sec;

/* The parsed file: sections in file order (written sorted). Strings and nodes in the arena,
 * values in their own buffers. */
typedef struct hfhub__auth_ini {
    hfhub__arena ar;
    const hfhub_allocator *a;
    hfhub__auth_sec *first;
    hfhub__auth_sec defaults;         /* [DEFAULT]: inherited by every section */
} hfhub__auth_ini;

static void hfhub__auth_ini_init(hfhub__auth_ini *ini, const hfhub_allocator *a) {
    memset(ini, 0, sizeof *ini);
    ini->a = a;
    hfhub__arena_init(&ini->ar, a);
}

static void hfhub__auth_kv_free(hfhub__auth_kv *kv) {
    for (; kv; kv = kv->next) hfhub__buf_free(&kv->value);
}

static void hfhub__auth_ini_free(hfhub__auth_ini *ini) {
    hfhub__auth_sec *s;
    for (s = ini->first; s; s = s->next) hfhub__auth_kv_free(s->kv);
    hfhub__auth_kv_free(ini->defaults.kv);
    hfhub__arena_free(&ini->ar);
    ini->first = NULL;
    ini->defaults.kv = NULL;
}

static hfhub__auth_sec *hfhub__auth_ini_find(hfhub__auth_ini *ini, const char *name) {
    hfhub__auth_sec *s;
    for (s = ini->first; s; s = s->next)
        if (!strcmp(s->name, name)) return s;
    return NULL;
}

static hfhub__auth_kv *hfhub__auth_kv_find(hfhub__auth_sec *s, const char *key) {
    hfhub__auth_kv *kv;
    for (kv = s ? s->kv : NULL; kv; kv = kv->next)
        if (!strcmp(kv->key, key)) return kv;
    return NULL;
}

/* A section's value of key, with [DEFAULT] as fallback; NULL when neither has it. */
static const char *hfhub__auth_ini_get(hfhub__auth_ini *ini, hfhub__auth_sec *s, const char *key) {
    hfhub__auth_kv *kv = hfhub__auth_kv_find(s, key);
    if (!kv) kv = hfhub__auth_kv_find(&ini->defaults, key);
    return kv ? (kv->value.data ? kv->value.data : "") : NULL;
}

static hfhub__auth_sec *hfhub__auth_ini_add_section(hfhub__auth_ini *ini, const char *name, size_t n) {
    hfhub__auth_sec *s = (hfhub__auth_sec *)hfhub__arena_alloc(&ini->ar, sizeof *s), **tail;
    if (!s) return NULL;
    memset(s, 0, sizeof *s);
    s->name = hfhub__arena_strndup(&ini->ar, name, n);
    if (!s->name) return NULL;
    for (tail = &ini->first; *tail; tail = &(*tail)->next) {}
    *tail = s;
    return s;
}

/* Adds key = value at the end of the section. */
static hfhub__auth_kv *hfhub__auth_ini_add_kv(hfhub__auth_ini *ini, hfhub__auth_sec *s, const char *key, size_t kn,
                                              const char *value, size_t vn) {
    hfhub__auth_kv *kv = (hfhub__auth_kv *)hfhub__arena_alloc(&ini->ar, sizeof *kv), **tail;
    size_t i;
    if (!kv) return NULL;
    memset(kv, 0, sizeof *kv);
    kv->key = hfhub__arena_strndup(&ini->ar, key, kn);
    if (!kv->key) return NULL;
    for (i = 0; i < kn; i++) /* optionxform: str.lower (ASCII here) */
        if (kv->key[i] >= 'A' && kv->key[i] <= 'Z') kv->key[i] = (char)(kv->key[i] + 32);
    hfhub__buf_init(&kv->value, ini->a);
    hfhub__buf_append(&kv->value, value, vn);
    hfhub__buf_putc(&kv->value, 0);
    kv->value.len--;
    for (tail = &s->kv; *tail; tail = &(*tail)->next) {}
    *tail = kv;
    return kv;
}

static int hfhub__auth_is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v'; }

/* [start, end) of the line without surrounding whitespace. */
static void hfhub__auth_strip(const char **s, const char **e) {
    while (*s < *e && hfhub__auth_is_space(**s)) (*s)++;
    while (*e > *s && hfhub__auth_is_space((*e)[-1])) (*e)--;
}

/* Strips trailing whitespace of every value (configparser joins lines then rstrip()s). */
static void hfhub__auth_ini_finish(hfhub__auth_ini *ini) {
    hfhub__auth_sec *s = &ini->defaults;
    while (s) {
        hfhub__auth_kv *kv;
        for (kv = s->kv; kv; kv = kv->next) {
            while (kv->value.len && (hfhub__auth_is_space(kv->value.data[kv->value.len - 1]) || kv->value.data[kv->value.len - 1] == '\n'))
                kv->value.data[--kv->value.len] = 0;
        }
        s = s == &ini->defaults ? ini->first : s->next;
    }
}

/* One non-blank, non-comment line at the top level: a section header or an option. */
static hfhub_result hfhub__auth_ini_line(hfhub__auth_ini *ini, const char *s, const char *e, hfhub__auth_sec **cur,
                                         hfhub__auth_kv **opt, int line_no) {
    const char *sep;
    if (*s == '[') {
        const char *close = e;
        while (close > s + 1 && close[-1] != ']') close--;
        if (close > s + 2 && close[-1] == ']') { /* \[(?P<header>.+)\] */
            size_t n = (size_t)(close - 1 - (s + 1));
            *opt = NULL;
            if (n == 7 && !memcmp(s + 1, "DEFAULT", 7)) { *cur = &ini->defaults; return HFHUB_OK; }
            {
                hfhub__auth_sec *x;
                for (x = ini->first; x; x = x->next)
                    if (strlen(x->name) == n && !memcmp(x->name, s + 1, n))
                        return hfhub__fail(HFHUB_ERR_PARSE, "While reading stored tokens: section '%.*s' already exists (line %d)", (int)n, s + 1, line_no);
            }
            *cur = hfhub__auth_ini_add_section(ini, s + 1, n);
            return *cur ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
        }
    }
    if (!*cur) return hfhub__fail(HFHUB_ERR_PARSE, "File contains no section headers (line %d)", line_no);
    for (sep = s; sep < e && *sep != '=' && *sep != ':'; sep++) {}
    if (sep == e || sep == s) return hfhub__fail(HFHUB_ERR_PARSE, "Source contains parsing errors: line %d", line_no);
    {
        const char *ks = s, *ke = sep, *vs = sep + 1, *ve = e;
        hfhub__auth_sec *x = *cur;
        hfhub__auth_kv *kv;
        hfhub__auth_strip(&ks, &ke);
        hfhub__auth_strip(&vs, &ve);
        for (kv = x->kv; kv; kv = kv->next) {
            size_t i, kn = (size_t)(ke - ks);
            int same = strlen(kv->key) == kn;
            for (i = 0; same && i < kn; i++) same = kv->key[i] == ((ks[i] >= 'A' && ks[i] <= 'Z') ? ks[i] + 32 : ks[i]);
            if (same) return hfhub__fail(HFHUB_ERR_PARSE, "While reading stored tokens: option '%.*s' in section '%s' already exists (line %d)", (int)kn, ks, x->name ? x->name : "DEFAULT", line_no);
        }
        *opt = hfhub__auth_ini_add_kv(ini, x, ks, (size_t)(ke - ks), vs, (size_t)(ve - vs));
        return *opt ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
    }
}

/* configparser.read_string with its defaults (strict, "=" and ":" delimiters, "#" and ";"
 * full-line comments, indented lines continue a value, empty lines inside values kept). */
static hfhub_result hfhub__auth_ini_parse(hfhub__auth_ini *ini, const char *text, size_t len) {
    const char *p = text, *end = text + len;
    hfhub__auth_sec *cur = NULL;
    hfhub__auth_kv *opt = NULL;
    size_t indent_level = 0;
    int line_no = 0;
    hfhub_result r = HFHUB_OK;
    while (p < end && !r) {
        const char *nl = (const char *)memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = p, *ls, *le;
        size_t indent;
        line_no++;
        p = nl ? nl + 1 : end;
        ls = s;
        le = e;
        hfhub__auth_strip(&ls, &le);
        if (ls < le && (*ls == '#' || *ls == ';')) continue; /* comment: skipped, value goes on */
        if (ls == le) {
            if (opt) hfhub__buf_putc(&opt->value, '\n');
            continue;
        }
        indent = (size_t)(ls - s);
        if (opt && cur && indent > indent_level) { /* continuation of the value */
            hfhub__buf_putc(&opt->value, '\n');
            hfhub__buf_append(&opt->value, ls, (size_t)(le - ls));
            continue;
        }
        indent_level = indent;
        r = hfhub__auth_ini_line(ini, ls, le, &cur, &opt, line_no);
    }
    if (!r) {
        hfhub__auth_sec *s;
        for (s = ini->first; s && !r; s = s->next) {
            hfhub__auth_kv *kv;
            for (kv = s->kv; kv && !r; kv = kv->next)
                if (kv->value.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
        }
        hfhub__auth_ini_finish(ini);
    }
    return r;
}

/* Reads stored_tokens: a missing file is empty; one configparser would reject is empty too
 * (Python logs "Error parsing stored tokens file" and goes on), with a warning. */
static hfhub_result hfhub__auth_ini_load(hfhub_client *c, hfhub__auth_ini *ini) {
    char *text = NULL;
    size_t len = 0;
    hfhub_result r;
    hfhub__auth_ini_init(ini, c->a);
    if (!c->stored_tokens_path || hfhub__fs_kind(c->stored_tokens_path) == HFHUB__FS_NONE) return HFHUB_OK;
    r = hfhub__fs_read_file(c->a, c->stored_tokens_path, HFHUB__AUTH_FILE_MAX, &text, &len);
    if (r) return r;
    r = hfhub__auth_ini_parse(ini, text, len);
    hfhub__free(c->a, text, len + 1);
    if (r == HFHUB_ERR_PARSE) {
        hfhub__log(&c->log, HFHUB_LOG_ERROR, "Error parsing stored tokens file: %s", hfhub_last_error()->message);
        hfhub__auth_ini_free(ini);
        hfhub__arena_init(&ini->ar, c->a);
        r = HFHUB_OK;
    }
    return r;
}

static int hfhub__auth_sec_cmp(const void *x, const void *y) {
    return strcmp((*(hfhub__auth_sec *const *)x)->name, (*(hfhub__auth_sec *const *)y)->name);
}

/* configparser.write: sections sorted by name, "key = value" (newlines in values become
 * "\n\t"), each section followed by an empty line; [DEFAULT] keys are merged into the
 * sections (Python's items(section) includes them). */
static hfhub_result hfhub__auth_ini_format(hfhub__auth_ini *ini, hfhub__buf *out) {
    hfhub__auth_sec *s, **v;
    size_t n = 0, i;
    for (s = ini->first; s; s = s->next) n++;
    v = (hfhub__auth_sec **)hfhub__alloc(ini->a, (n ? n : 1) * sizeof *v);
    if (!v) return hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
    for (i = 0, s = ini->first; s; s = s->next) v[i++] = s;
    qsort(v, n, sizeof *v, hfhub__auth_sec_cmp);
    for (i = 0; i < n; i++) {
        hfhub__auth_kv *kv;
        int pass;
        hfhub__buf_printf(out, "[%s]\n", v[i]->name);
        for (pass = 0; pass < 2; pass++) { /* the section's keys, then inherited defaults */
            for (kv = pass ? ini->defaults.kv : v[i]->kv; kv; kv = kv->next) {
                const char *q;
                if (pass && hfhub__auth_kv_find(v[i], kv->key)) continue;
                hfhub__buf_printf(out, "%s = ", kv->key);
                for (q = kv->value.data ? kv->value.data : ""; *q; q++) {
                    if (*q == '\n') hfhub__buf_puts(out, "\n\t");
                    else hfhub__buf_putc(out, *q);
                }
                hfhub__buf_putc(out, '\n');
            }
        }
        hfhub__buf_putc(out, '\n');
    }
    hfhub__free(ini->a, v, (n ? n : 1) * sizeof *v);
    return out->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens") : HFHUB_OK;
}

/* Python's _write_secret: the folder (0700) made if needed, the file written with 0600. */
static hfhub_result hfhub__auth_write_secret(hfhub_client *c, const char *path, const char *data, size_t n) {
    hfhub__buf dir;
    size_t k = strlen(path);
    hfhub_result r;
    hfhub__buf_init(&dir, c->a);
    while (k > 0 && path[k - 1] != '/' && path[k - 1] != '\\') k--;
    while (k > 1 && (path[k - 1] == '/' || path[k - 1] == '\\')) k--;
    hfhub__buf_append(&dir, path, k);
    hfhub__buf_putc(&dir, 0);
    if (dir.failed) { hfhub__buf_free(&dir); return hfhub__fail(HFHUB_ERR_NOMEM, "token path"); }
    r = k ? hfhub__fs_mkdirs(dir.data, 0700) : HFHUB_OK;
    if (!r) r = hfhub__fs_write_atomic(path, data, n, 0600);
#if !defined(HFHUB__WIN32)
    if (!r && k) (void)chmod(dir.data, 0700); /* best effort, as Python */
#endif
    hfhub__buf_free(&dir);
    return r;
}

static hfhub_result hfhub__auth_ini_save(hfhub_client *c, hfhub__auth_ini *ini) {
    hfhub__buf out;
    hfhub_result r;
    hfhub__buf_init(&out, c->a);
    r = hfhub__auth_ini_format(ini, &out);
    if (!r) r = hfhub__auth_write_secret(c, c->stored_tokens_path, out.data ? out.data : "", out.len);
    hfhub__buf_free(&out);
    return r;
}

/* The cleaned hf_token of a section into b; 1 when it has a non-empty one. */
static int hfhub__auth_sec_token(hfhub__auth_ini *ini, hfhub__auth_sec *s, hfhub__buf *b) {
    const char *t = hfhub__auth_ini_get(ini, s, "hf_token");
    char *clean;
    hfhub__buf_reset(b);
    if (!t) return 0;
    hfhub__buf_puts(b, t);
    hfhub__buf_putc(b, 0);
    if (b->failed) return 0;
    clean = hfhub__clean_token(b->data);
    if (!clean) return 0;
    memmove(b->data, clean, strlen(clean) + 1);
    b->len = strlen(b->data);
    return 1;
}

/* ---- git credential helpers -------------------------------------------------------------- */

#if defined(HFHUB__WIN32)
#define HFHUB__AUTH_DEVNULL "NUL"
#else
#define HFHUB__AUTH_DEVNULL "/dev/null"
#endif
#define HFHUB__AUTH_MAX_HELPERS 64

static int hfhub__auth_strptr_cmp(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Python's list_credential_helpers: the values of the "credential.helper" lines of
 * `git config --list`, deduplicated and sorted, joined by "," into out. -1 when git could
 * not run, else the number of helpers. */
static int hfhub__auth_git_helpers(hfhub__buf *out) {
    FILE *f = hfhub__auth_popen("git config --list 2>" HFHUB__AUTH_DEVNULL, "r");
    char line[4096];
    char *names[HFHUB__AUTH_MAX_HELPERS];
    size_t n = 0, i;
    int status;
    hfhub__buf_reset(out);
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        char *eq, *v, *e;
        if (!strstr(line, "credential.helper") || !(eq = strchr(line, '='))) continue;
        v = eq + 1;
        if ((e = strchr(v, '=')) != NULL) *e = 0; /* line.split("=")[1].strip() */
        e = v + strlen(v);
        while (e > v && (unsigned char)e[-1] <= ' ') *--e = 0;
        while (*v && (unsigned char)*v <= ' ') v++;
        for (i = 0; i < n && strcmp(names[i], v); i++) {}
        if (i == n && n < HFHUB__AUTH_MAX_HELPERS && (names[n] = hfhub__strdup(out->a, v)) != NULL) n++;
    }
    status = hfhub__auth_pclose(f);
    qsort(names, n, sizeof *names, hfhub__auth_strptr_cmp);
    for (i = 0; i < n; i++) {
        if (i) hfhub__buf_putc(out, ',');
        hfhub__buf_puts(out, names[i]);
        hfhub__free(out->a, names[i], strlen(names[i]) + 1);
    }
    return status != 0 ? -1 : (int)n;
}

/* Writes `input` to `git credential <verb>` (approve / reject); nonzero when git failed. */
static int hfhub__auth_git_credential(const char *verb, const char *input) {
    char cmd[96];
    FILE *f;
    sprintf(cmd, "git credential %s >" HFHUB__AUTH_DEVNULL " 2>&1", verb);
    f = hfhub__auth_popen(cmd, "w");
    if (!f) return -1;
    fputs(input, f);
    return hfhub__auth_pclose(f) != 0;
}

/* set_git_credential(token): url=<endpoint>, username=hf_user, password=<token>. */
static void hfhub__auth_git_approve(hfhub_client *c, const char *token) {
    hfhub__buf in;
    hfhub__buf_init(&in, c->a);
    hfhub__buf_printf(&in, "url=%s\nusername=hf_user\npassword=%s\n\n", c->endpoint, token);
    if (!in.failed && hfhub__auth_git_credential("approve", in.data))
        hfhub__log(&c->log, HFHUB_LOG_WARN, "git credential approve failed");
    hfhub__buf_free(&in);
}

/* unset_git_credential(): forgets hf_user for the endpoint (silently, when git is missing). */
static void hfhub__auth_git_reject(hfhub_client *c) {
    hfhub__buf in, helpers;
    hfhub__buf_init(&in, c->a);
    hfhub__buf_init(&helpers, c->a);
    if (hfhub__auth_git_helpers(&helpers) >= 0) {
        hfhub__buf_printf(&in, "url=%s\nusername=hf_user\n\n", c->endpoint);
        if (!in.failed) (void)hfhub__auth_git_credential("reject", in.data);
    }
    hfhub__buf_free(&in);
    hfhub__buf_free(&helpers);
}

/* ---- login, switch, logout, list --------------------------------------------------------- */

/* The login info block: fixed fields then the strings. */
static hfhub_result hfhub__auth_login_info(hfhub_client *c, const char *name, const char *perm, int git,
                                           const char *helpers, hfhub_login_info **out) {
    size_t size = sizeof(hfhub_login_info) + strlen(name) + (perm ? strlen(perm) : 0) + strlen(c->token_path) +
                  strlen(c->stored_tokens_path) + (helpers ? strlen(helpers) : 0) + 5;
    hfhub_login_info *li;
    hfhub__buf env;
    char *p;
    if (!out) return HFHUB_OK;
    li = (hfhub_login_info *)hfhub__out_alloc(c, size);
    if (!li) return hfhub__fail(HFHUB_ERR_NOMEM, "login");
    p = (char *)(li + 1);
    li->token_name = p; p += sprintf(p, "%s", name) + 1;
    li->permission = perm ? p : NULL; if (perm) p += sprintf(p, "%s", perm) + 1;
    li->token_path = p; p += sprintf(p, "%s", c->token_path) + 1;
    li->stored_tokens_path = p; p += sprintf(p, "%s", c->stored_tokens_path) + 1;
    li->git_helpers = helpers ? p : NULL; if (helpers) sprintf(p, "%s", helpers);
    li->git_credential = git;
    hfhub__buf_init(&env, c->a);
    li->env_token_set = hfhub__auth_env_token(&env) != NULL;
    hfhub__buf_free(&env);
    *out = li;
    return HFHUB_OK;
}

/* Python's _set_active_token: git credential if asked (and a helper is configured), then
 * the token file. *git: 1 saved, 0 not asked, -1 no helper; helpers gets their names. */
static hfhub_result hfhub__auth_set_active(hfhub_client *c, const char *token, int add_git, int *git, hfhub__buf *helpers) {
    *git = 0;
    if (add_git) {
        if (hfhub__auth_git_helpers(helpers) > 0) {
            hfhub__auth_git_approve(c, token);
            *git = 1;
        } else {
            *git = -1;
        }
    }
    return hfhub__auth_write_secret(c, c->token_path, token, strlen(token));
}

/* Replaces (or adds) the section `name` with just hf_token = token. */
static hfhub_result hfhub__auth_ini_put_token(hfhub__auth_ini *ini, const char *name, const char *token) {
    hfhub__auth_sec *s = hfhub__auth_ini_find(ini, name);
    if (s) {
        hfhub__auth_kv_free(s->kv);
        s->kv = NULL;
    } else if (!(s = hfhub__auth_ini_add_section(ini, name, strlen(name)))) {
        return hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
    }
    if (!hfhub__auth_ini_add_kv(ini, s, "hf_token", 8, token, strlen(token))) return hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
    return HFHUB_OK;
}

static hfhub_result hfhub__auth_check_name(const char *name) {
    if (!name || !*name || strpbrk(name, "\r\n"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid token name: '%s'", name ? name : "");
    if (!strcmp(name, "DEFAULT")) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid section name: 'DEFAULT'");
    return HFHUB_OK;
}

/* Stores token under name, then makes it active. */
static hfhub_result hfhub__auth_store_and_activate(hfhub_client *c, const char *token, const char *name, const char *perm,
                                                   int add_git, hfhub_login_info **out) {
    hfhub__auth_ini ini;
    hfhub__buf helpers;
    hfhub_result r;
    int git = 0;
    if ((r = hfhub__auth_check_name(name)) != HFHUB_OK) return r;
    r = hfhub__auth_ini_load(c, &ini);
    if (!r) r = hfhub__auth_ini_put_token(&ini, name, token);
    if (!r) r = hfhub__auth_ini_save(c, &ini);
    hfhub__auth_ini_free(&ini);
    hfhub__buf_init(&helpers, c->a);
    if (!r) r = hfhub__auth_set_active(c, token, add_git, &git, &helpers);
    if (!r) r = hfhub__auth_login_info(c, name, perm, git, git == 1 ? (helpers.data ? helpers.data : "") : NULL, out);
    hfhub__buf_free(&helpers);
    return r;
}

hfhub_result hfhub_login(hfhub_client *c, const char *token, const hfhub_login_opts *opts, hfhub_login_info **out) {
    hfhub_whoami_info *who = NULL;
    hfhub__buf name, clean;
    hfhub_result r;
    char *t;
    if (out) *out = NULL;
    if (!token) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "token is NULL");
    hfhub__buf_init(&clean, c->a);
    hfhub__buf_puts(&clean, token);
    if (clean.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "login");
    t = hfhub__clean_token(clean.data);
    if (!t) { hfhub__buf_free(&clean); return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid token passed: it is empty."); }
    if (!strncmp(t, "api_org", 7)) {
        hfhub__buf_free(&clean);
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "You must use your personal account token, not an organization token.");
    }
    r = hfhub_whoami(c, t, &who);
    hfhub__buf_init(&name, c->a);
    if (!r) {
        if (opts && opts->token_name) hfhub__buf_puts(&name, opts->token_name);
        else if (who->token_name) hfhub__buf_puts(&name, who->token_name);
        else hfhub__buf_printf(&name, "oauth-%s", who->name);
        r = name.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "login")
                        : hfhub__auth_store_and_activate(c, t, name.data, who->token_role,
                                                         opts ? opts->add_to_git_credential : 0, out);
    }
    hfhub_whoami_free(c, who);
    hfhub__buf_free(&name);
    hfhub__buf_free(&clean);
    return r;
}

hfhub_result hfhub_auth_switch(hfhub_client *c, const char *token_name, int add_to_git_credential, hfhub_login_info **out) {
    hfhub__auth_ini ini;
    hfhub__buf tok, helpers;
    hfhub_result r;
    int git = 0;
    if (out) *out = NULL;
    if (!token_name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "token name is NULL");
    hfhub__buf_init(&tok, c->a);
    hfhub__buf_init(&helpers, c->a);
    r = hfhub__auth_ini_load(c, &ini);
    if (!r && !hfhub__auth_sec_token(&ini, hfhub__auth_ini_find(&ini, token_name), &tok))
        r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "Access token %s not found in %s", token_name, c->stored_tokens_path);
    hfhub__auth_ini_free(&ini);
    if (!r) r = hfhub__auth_set_active(c, tok.data, add_to_git_credential, &git, &helpers);
    if (!r) r = hfhub__auth_login_info(c, token_name, NULL, git, git == 1 ? (helpers.data ? helpers.data : "") : NULL, out);
    hfhub__buf_free(&tok);
    hfhub__buf_free(&helpers);
    return r;
}

/* Removes a file, a missing one being fine. */
static hfhub_result hfhub__auth_unlink(const char *path) {
    if (hfhub__fs_kind(path) == HFHUB__FS_NONE) return HFHUB_OK;
    return hfhub__fs_remove(path);
}

/* _logout_from_token: drops the section; the active file too when it held that token. */
static hfhub_result hfhub__auth_logout_one(hfhub_client *c, const char *name, int *active_deleted) {
    hfhub__auth_ini ini;
    hfhub__auth_sec **pp;
    hfhub__buf tok, file;
    hfhub_result r;
    *active_deleted = 0;
    hfhub__buf_init(&tok, c->a);
    hfhub__buf_init(&file, c->a);
    r = hfhub__auth_ini_load(c, &ini);
    for (pp = &ini.first; !r && *pp && strcmp((*pp)->name, name); pp = &(*pp)->next) {}
    if (!r && *pp) {
        hfhub__auth_sec *gone = *pp;
        int had = hfhub__auth_sec_token(&ini, gone, &tok);
        *pp = gone->next;
        hfhub__auth_kv_free(gone->kv);
        r = hfhub__auth_ini_save(c, &ini);
        if (!r && had && hfhub__auth_file_token(c, &file) && !strcmp(file.data, tok.data)) {
            hfhub__log(&c->log, HFHUB_LOG_WARN, "Active token '%s' has been deleted.", name);
            *active_deleted = 1;
            r = hfhub__auth_unlink(c->token_path);
        }
    }
    hfhub__auth_ini_free(&ini);
    hfhub__buf_free(&tok);
    hfhub__buf_free(&file);
    return r;
}

hfhub_result hfhub_logout(hfhub_client *c, const char *token_name, hfhub_logout_info *out) {
    hfhub__auth_ini ini;
    hfhub__buf env, file;
    hfhub_logout_info dummy;
    hfhub_result r;
    int logged_in;
    if (!out) out = &dummy;
    memset(out, 0, sizeof *out);
    hfhub__buf_init(&env, c->a);
    hfhub__buf_init(&file, c->a);
    r = hfhub__auth_ini_load(c, &ini);
    logged_in = hfhub__auth_env_token(&env) != NULL || hfhub__auth_file_token(c, &file) || (!r && ini.first);
    hfhub__auth_ini_free(&ini);
    if (!r && logged_in) {
        if (!token_name || !*token_name) {
            r = hfhub__auth_unlink(c->token_path);
            if (!r) r = hfhub__auth_unlink(c->stored_tokens_path);
            out->status = HFHUB_LOGOUT_ALL;
        } else {
            r = hfhub__auth_logout_one(c, token_name, &out->active_deleted);
            out->status = HFHUB_LOGOUT_ONE;
        }
        if (!r) hfhub__auth_git_reject(c);
        if (!r && env.len)
            r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "Token has been deleted from your machine but you are still logged in.\n"
                            "To log out, you must clear out both `HF_TOKEN` and `HUGGING_FACE_HUB_TOKEN` environment variables.");
    }
    hfhub__buf_free(&env);
    hfhub__buf_free(&file);
    return r;
}

/* get_token() into b (environment, then file); its source, or NULL when there is none. */
static const char *hfhub__auth_active(hfhub_client *c, hfhub__buf *b) {
    const char *src = hfhub__auth_env_token(b);
    if (src) return src;
    return hfhub__auth_file_token(c, b) ? "file" : NULL;
}

hfhub_result hfhub_auth_list(hfhub_client *c, hfhub_auth_list_info **out) {
    hfhub__auth_ini ini;
    hfhub__auth_sec *s;
    hfhub__buf active, env;
    hfhub_auth_list_info *li = NULL;
    size_t n = 0, size = sizeof *li, i = 0;
    hfhub_result r;
    char *p;
    *out = NULL;
    hfhub__buf_init(&active, c->a);
    hfhub__buf_init(&env, c->a);
    r = hfhub__auth_ini_load(c, &ini);
    /* sorted like the file Python writes; get_stored_tokens keeps the file's order */
    for (s = ini.first; !r && s; s = s->next) {
        const char *raw = hfhub__auth_ini_get(&ini, s, "hf_token");
        size += sizeof(hfhub_auth_entry) + strlen(s->name) + (raw ? strlen(raw) : 0) + 2;
        n++;
    }
    if (!r && !(li = (hfhub_auth_list_info *)hfhub__out_alloc(c, size))) r = hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
    if (!r) {
        int has_active = hfhub__auth_active(c, &active) != NULL;
        memset(li, 0, sizeof *li);
        li->entries = (hfhub_auth_entry *)(li + 1);
        li->n = n;
        li->env_token_set = hfhub__auth_env_token(&env) != NULL;
        p = (char *)(li->entries + n);
        for (s = ini.first; s; s = s->next, i++) {
            const char *raw = hfhub__auth_ini_get(&ini, s, "hf_token"); /* as read, not cleaned */
            li->entries[i].name = p; p += sprintf(p, "%s", s->name) + 1;
            li->entries[i].token = p; p += sprintf(p, "%s", raw ? raw : "") + 1;
            li->entries[i].active = has_active && !strcmp(li->entries[i].token, active.data);
            if (li->entries[i].active) li->active_name = li->entries[i].name;
        }
        *out = li;
    }
    hfhub__auth_ini_free(&ini);
    hfhub__buf_free(&active);
    hfhub__buf_free(&env);
    return r;
}

hfhub_result hfhub_get_token(hfhub_client *c, char **out, const char **source) {
    hfhub__buf b;
    const char *src;
    *out = NULL;
    hfhub__buf_init(&b, c->a);
    src = hfhub__auth_active(c, &b);
    if (source) *source = src;
    if (src && !(*out = hfhub__out_strdup(c, b.data))) {
        hfhub__buf_free(&b);
        return hfhub__fail(HFHUB_ERR_NOMEM, "token");
    }
    hfhub__buf_free(&b);
    return HFHUB_OK;
}

#undef HFHUB__AUTH_DEVNULL
#undef HFHUB__AUTH_MAX_HELPERS
#undef hfhub__auth_popen
#undef hfhub__auth_pclose
#else /* HFHUB_NO_STDIO */

hfhub_result hfhub_login(hfhub_client *c, const char *token, const hfhub_login_opts *opts, hfhub_login_info **out) {
    (void)c; (void)token; (void)opts;
    if (out) *out = NULL;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "login needs a filesystem (HFHUB_NO_STDIO)");
}

hfhub_result hfhub_auth_switch(hfhub_client *c, const char *token_name, int add_to_git_credential, hfhub_login_info **out) {
    (void)c; (void)token_name; (void)add_to_git_credential;
    if (out) *out = NULL;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "auth switch needs a filesystem (HFHUB_NO_STDIO)");
}

hfhub_result hfhub_logout(hfhub_client *c, const char *token_name, hfhub_logout_info *out) {
    (void)c; (void)token_name;
    if (out) memset(out, 0, sizeof *out);
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "logout needs a filesystem (HFHUB_NO_STDIO)");
}

hfhub_result hfhub_auth_list(hfhub_client *c, hfhub_auth_list_info **out) {
    (void)c;
    *out = NULL;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "stored tokens need a filesystem (HFHUB_NO_STDIO)");
}

/* Without files, the active token is the environment's. */
hfhub_result hfhub_get_token(hfhub_client *c, char **out, const char **source) {
    hfhub__buf b;
    const char *src;
    *out = NULL;
    hfhub__buf_init(&b, c->a);
    src = hfhub__auth_env_token(&b);
    if (source) *source = src;
    if (src && !(*out = hfhub__out_strdup(c, b.data))) {
        hfhub__buf_free(&b);
        return hfhub__fail(HFHUB_ERR_NOMEM, "token");
    }
    hfhub__buf_free(&b);
    return HFHUB_OK;
}
#endif /* HFHUB_NO_STDIO */

#undef HFHUB__AUTH_FILE_MAX
