/* repo.c: repo types and ids, Hub URLs, and the headers of every Hub request. */
#include <string.h>

static const char *const hfhub__repo_types[] = {"model", "dataset", "space", "kernel"};
static const char *const hfhub__repo_prefixes[] = {"", "datasets/", "spaces/", "kernels/"};
static const char *const hfhub__repo_plurals[] = {"models", "datasets", "spaces", "kernels"};

int hfhub__repo_type_index(const char *repo_type) {
    int i;
    if (!repo_type) return 0;
    for (i = 0; i < 4; i++)
        if (!strcmp(repo_type, hfhub__repo_types[i])) return i;
    hfhub__fail(HFHUB_ERR_INVALID_ARG, "invalid repo type '%s': must be one of model, dataset, space, kernel", repo_type);
    return -1;
}

const char *hfhub__repo_type_prefix(int t) { return t >= 0 && t < 4 ? hfhub__repo_prefixes[t] : ""; }
const char *hfhub__repo_type_plural(int t) { return t >= 0 && t < 4 ? hfhub__repo_plurals[t] : "models"; }

/* \w for repo ids: ASCII letters, digits, '_', and any non-ASCII byte (Python's \w is
 * Unicode-aware; treating every multi-byte character as a word character approximates it). */
static int hfhub__repo_is_word(unsigned char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
}

/* One part of a repo id: [\w.-]+ starting and ending with \w; returns its length in
 * characters (UTF-8 continuation bytes not counted), or 0 if invalid. */
static size_t hfhub__repo_part_ok(const char *s, size_t n) {
    size_t i, chars = 0;
    if (n == 0 || !hfhub__repo_is_word((unsigned char)s[0]) || !hfhub__repo_is_word((unsigned char)s[n - 1])) return 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!hfhub__repo_is_word(ch) && ch != '-' && ch != '.') return 0;
        if ((ch & 0xC0) != 0x80) chars++;
    }
    return chars;
}

hfhub_result hfhub__validate_repo_id(const char *repo_id) {
    const char *slash, *name;
    size_t len;
    if (!repo_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "repo id is NULL");
    len = strlen(repo_id);
    slash = strchr(repo_id, '/');
    if (slash && strchr(slash + 1, '/'))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG,
                           "Repo id must be in the form 'repo_name' or 'namespace/repo_name': '%s'. Use `repo_type` argument if needed.", repo_id);
    name = slash ? slash + 1 : repo_id;
    if ((slash && !hfhub__repo_part_ok(repo_id, (size_t)(slash - repo_id))) ||
        hfhub__repo_part_ok(name, strlen(name)) == 0 || hfhub__repo_part_ok(name, strlen(name)) > 96)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG,
                           "Repo id must use alphanumeric chars, '-', '_' or '.'. The name cannot start or end with '-' or '.' and the maximum length is 96: '%s'.", repo_id);
    if (strstr(repo_id, "--") || strstr(repo_id, ".."))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Cannot have -- or .. in repo_id: '%s'.", repo_id);
    if (len >= 4 && !strcmp(repo_id + len - 4, ".git"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Repo_id cannot end by '.git': '%s'.", repo_id);
    return HFHUB_OK;
}

hfhub_result hfhub__validate_filename(const char *f) {
    const char *p;
    if (!f || !*f) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "filename is empty");
    if (f[0] == '/' || f[0] == '\\' || (((f[0] | 32) >= 'a' && (f[0] | 32) <= 'z') && f[1] == ':'))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid filename: cannot be an absolute path: '%s'", f);
    for (p = f; *p;) { /* segments split on '/' and '\\' (POSIX and Windows rules) */
        size_t n = strcspn(p, "/\\");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid filename: cannot contain '..' segments: '%s'", f);
        p += n;
        if (*p) p++;
    }
    return HFHUB_OK;
}

hfhub_result hfhub__resolve_url(const hfhub_client *c, hfhub__buf *b, int type_index, const char *repo_id,
                                const char *revision, const char *filename) {
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/%s%s/resolve/", c->endpoint, hfhub__repo_type_prefix(type_index), repo_id);
    if (!revision) revision = "main";
    hfhub__url_quote(b, revision, strlen(revision), "");
    hfhub__buf_putc(b, '/');
    hfhub__url_quote(b, filename, strlen(filename), "/");
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : HFHUB_OK;
}

/* ---- headers ----------------------------------------------------------------------------- */

void hfhub__uuid4(char *out) {
    static const char hex[] = "0123456789abcdef";
    uint64_t hi = hfhub__random_u64(), lo = hfhub__random_u64();
    unsigned char bytes[16];
    int i, o = 0;
    for (i = 0; i < 8; i++) {
        bytes[i] = (unsigned char)(hi >> (8 * i));
        bytes[8 + i] = (unsigned char)(lo >> (8 * i));
    }
    bytes[6] = (unsigned char)((bytes[6] & 0x0F) | 0x40); /* version 4 */
    bytes[8] = (unsigned char)((bytes[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    for (i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hex[bytes[i] >> 4];
        out[o++] = hex[bytes[i] & 15];
    }
    out[o] = 0;
}

int hfhub__ascii_ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return 0;
    }
    return *a == *b;
}

const char *hfhub__log_header_value(const char *name, const char *value) {
    if (hfhub__ascii_ieq(name, "authorization") || hfhub__ascii_ieq(name, "x-xet-access-token") ||
        hfhub__ascii_ieq(name, "cookie") || hfhub__ascii_ieq(name, "proxy-authorization"))
        return "<TOKEN>";
    return value;
}

/* Sets name: value, replacing an existing header of that name (case-insensitive). */
static hfhub_result hfhub__headers_set(hfhub__headers *h, const char *name, const char *value) {
    size_t i;
    for (i = 0; i < h->n; i++)
        if (hfhub__ascii_ieq(h->items[i].name, name)) { h->items[i].value = value; return HFHUB_OK; }
    if (h->n == sizeof h->items / sizeof h->items[0])
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "too many request headers");
    h->items[h->n].name = name;
    h->items[h->n].value = value;
    h->n++;
    return HFHUB_OK;
}

hfhub_result hfhub__headers_build(const hfhub_client *c, hfhub__headers *h, int auth, const char *token,
                                  const hfhub_header *extra, size_t n_extra) {
    const char *tok = NULL, *trace = NULL;
    hfhub_result r;
    size_t i;
    h->n = 0;
    hfhub__arena_init(&h->arena, c->a);
    if (token) tok = token;
    else if (auth == HFHUB__AUTH_REQUIRED) {
        if (!c->token) return hfhub__fail(HFHUB_ERR_UNAUTHORIZED, "Token is required (`token=True`), but no token found. You need to provide a token or be logged in to Hugging Face with `hf auth login` or set the HF_TOKEN environment variable.");
        tok = c->token;
    } else if (auth == HFHUB__AUTH_DEFAULT && c->token && (c->token_explicit || !c->disable_implicit_token)) {
        tok = c->token;
    }
    if ((r = hfhub__headers_set(h, "user-agent", c->user_agent)) != HFHUB_OK) return r;
    if (tok) {
        char *v = (char *)hfhub__arena_alloc(&h->arena, strlen(tok) + 8);
        if (!v) return hfhub__fail(HFHUB_ERR_NOMEM, "headers");
        memcpy(v, "Bearer ", 7);
        memcpy(v + 7, tok, strlen(tok) + 1);
        if ((r = hfhub__headers_set(h, "authorization", v)) != HFHUB_OK) return r;
    }
    for (i = 0; i < n_extra; i++)
        if (hfhub__ascii_ieq(extra[i].name, "x-request-id")) trace = extra[i].value;
    if (!trace) {
        char *v = (char *)hfhub__arena_alloc(&h->arena, 37);
        if (!v) return hfhub__fail(HFHUB_ERR_NOMEM, "headers");
        hfhub__uuid4(v);
        trace = v;
    }
    if ((r = hfhub__headers_set(h, "X-Amzn-Trace-Id", trace)) != HFHUB_OK) return r;
    for (i = 0; i < n_extra; i++)
        if ((r = hfhub__headers_set(h, extra[i].name, extra[i].value)) != HFHUB_OK) return r;
    return HFHUB_OK;
}

const char *hfhub__headers_get(const hfhub__headers *h, const char *name) {
    size_t i;
    for (i = 0; i < h->n; i++)
        if (hfhub__ascii_ieq(h->items[i].name, name)) return h->items[i].value;
    return NULL;
}

void hfhub__headers_free(hfhub__headers *h) {
    hfhub__arena_free(&h->arena);
    h->n = 0;
}
