/* client.c: the client object, settings from the config and the environment, tokens. */
#include <string.h>
#include <stdlib.h>

#define HFHUB__CLIENT_DEFAULT_ENDPOINT "https://huggingface.co"
#define HFHUB__CLIENT_STAGING_ENDPOINT "https://hub-ci.huggingface.co"
#define HFHUB__CLIENT_TOKEN_FILE_MAX 65536

const char *hfhub_version(void) { return HFHUB_VERSION_STRING; }

const char *hfhub_build_transports(void) {
#if defined(HFHUB_USE_CURL)
    return "libcurl";
#elif defined(HFHUB_NO_SOCKETS)
    return "none (custom transport only)";
#elif defined(HFHUB_TLS_OPENSSL)
    return "sockets+openssl";
#elif defined(HFHUB_TLS_MBEDTLS)
    return "sockets+mbedtls";
#else
    return "sockets (no TLS)";
#endif
}

/* ---- environment values ------------------------------------------------------------------ */

int hfhub__env_is_true(const char *v) {
    static const char *const yes[] = {"1", "ON", "YES", "TRUE"};
    size_t i, j;
    if (!v) return 0;
    for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        for (j = 0; yes[i][j] && v[j] && (v[j] >= 'a' && v[j] <= 'z' ? v[j] - 32 : v[j]) == yes[i][j]; j++) {}
        if (!yes[i][j] && !v[j]) return 1;
    }
    return 0;
}

int hfhub__env_int(const char *v, int dflt) {
    long n = 0;
    int digits = 0;
    if (!v) return dflt;
    while (*v == ' ' || *v == '\t') v++;
    if (*v == '+') v++;
    for (; *v >= '0' && *v <= '9'; v++, digits++) {
        n = n * 10 + (*v - '0');
        if (n > 86400 * 365) return dflt;
    }
    while (*v == ' ' || *v == '\t' || *v == '\n') v++;
    return (digits && !*v && n > 0) ? (int)n : dflt;
}

/* Python's str.isspace() for ASCII. */
static int hfhub__client_is_space(char ch) {
    return ch == ' ' || (ch >= '\t' && ch <= '\r') || (ch >= 0x1c && ch <= 0x1f);
}

char *hfhub__clean_token(char *s) {
    char *w = s, *r, *start;
    size_t n;
    for (r = s; *r; r++)
        if (*r != '\r' && *r != '\n') *w++ = *r;
    *w = 0;
    for (start = s; *start && hfhub__client_is_space(*start); start++) {}
    n = strlen(start);
    while (n > 0 && hfhub__client_is_space(start[n - 1])) n--;
    memmove(s, start, n);
    s[n] = 0;
    return n ? s : NULL;
}

/* An environment variable, treating an empty value as unset (Python's `getenv(x) or ...`). */
static const char *hfhub__client_env_nonempty(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* A tri-state config switch: HFHUB_ON / HFHUB_OFF, else the environment. */
static int hfhub__client_switch(int cfg, const char *env1, const char *env2) {
    const char *v;
    if (cfg != 0) return cfg > 0;
    v = hfhub__client_env_nonempty(env1);
    if (!v && env2) v = getenv(env2);
    return hfhub__env_is_true(v);
}

/* ---- memory handed out ------------------------------------------------------------------- */

/* The size lives in a 16-byte header so hfhub_free can give sized allocators their size. */
#define HFHUB__CLIENT_OUT_HDR 16

void *hfhub__out_alloc(hfhub_client *c, size_t n) {
    unsigned char *p;
    if (n > (size_t)-1 - HFHUB__CLIENT_OUT_HDR) return NULL;
    p = (unsigned char *)hfhub__alloc(c->a, n + HFHUB__CLIENT_OUT_HDR);
    if (!p) return NULL;
    memcpy(p, &n, sizeof n);
    return p + HFHUB__CLIENT_OUT_HDR;
}

char *hfhub__out_strdup(hfhub_client *c, const char *s) {
    size_t n = strlen(s) + 1;
    char *p = (char *)hfhub__out_alloc(c, n);
    if (p) memcpy(p, s, n);
    return p;
}

void hfhub_free(hfhub_client *c, void *p) {
    unsigned char *base;
    size_t n;
    if (!p || !c) return;
    base = (unsigned char *)p - HFHUB__CLIENT_OUT_HDR;
    memcpy(&n, base, sizeof n);
    hfhub__free(c->a, base, n + HFHUB__CLIENT_OUT_HDR);
}

/* ---- paths (hosted builds) --------------------------------------------------------------- */

#if !defined(HFHUB_NO_STDIO)
/* os.path.join(a, b) for a relative b. */
static char *hfhub__client_join(hfhub__arena *ar, const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    int sep = la && a[la - 1] != '/';
    char *out = (char *)hfhub__arena_alloc(ar, la + (size_t)sep + lb + 1);
    if (!out) return NULL;
    memcpy(out, a, la);
    if (sep) out[la] = '/';
    memcpy(out + la + sep, b, lb + 1);
    return out;
}

/* os.path.expandvars(os.path.expanduser(p)) copied into the arena. */
static char *hfhub__client_expand(hfhub_client *c, const char *p) {
    char *tmp = NULL, *out;
    if (!p) return NULL;
    if (hfhub__fs_expand(c->a, p, &tmp) != HFHUB_OK) return NULL;
    out = hfhub__arena_strdup(&c->arena, tmp);
    hfhub__free(c->a, tmp, strlen(tmp) + 1);
    return out;
}

/* os.path.dirname. */
static char *hfhub__client_dirname(hfhub__arena *ar, const char *p) {
    size_t n = strlen(p), keep;
    while (n > 0 && p[n - 1] != '/') n--;
    keep = n;
    while (keep > 0 && p[keep - 1] == '/') keep--;
    if (keep == 0) keep = n; /* "/x" -> "/", "x" -> "" */
    return hfhub__arena_strndup(ar, p, keep);
}

static hfhub_result hfhub__client_paths(hfhub_client *c, const hfhub_config *cfg) {
    hfhub__arena *ar = &c->arena;
    const char *v, *xdg;
    char *home_cache, *staging_home = NULL;
    const char *home = hfhub__client_expand(c, "~");
    home_cache = hfhub__client_join(ar, home ? home : "", ".cache");
    if (!home_cache) return hfhub__fail(HFHUB_ERR_NOMEM, "client paths");
    if (c->staging) staging_home = hfhub__client_join(ar, home_cache, "huggingface_staging");
    /* HF_HOME = expandvars(expanduser(getenv(HF_HOME, join(getenv(XDG_CACHE_HOME, ~/.cache), "huggingface")))) */
    if (cfg->hf_home) v = cfg->hf_home;
    else if ((v = getenv("HF_HOME")) == NULL) {
        xdg = getenv("XDG_CACHE_HOME");
        v = hfhub__client_join(ar, xdg ? xdg : home_cache, "huggingface");
    }
    c->hf_home = hfhub__client_expand(c, v);
    if (!c->hf_home) return hfhub__fail(HFHUB_ERR_NOMEM, "client paths");
    if (cfg->cache_dir) c->hub_cache = hfhub__arena_strdup(ar, cfg->cache_dir);
    else if ((v = getenv("HF_HUB_CACHE")) != NULL) c->hub_cache = hfhub__client_expand(c, v);
    else if (staging_home) c->hub_cache = hfhub__client_join(ar, staging_home, "hub");
    else if ((v = getenv("HUGGINGFACE_HUB_CACHE")) != NULL) c->hub_cache = hfhub__client_expand(c, v);
    else c->hub_cache = hfhub__client_join(ar, c->hf_home, "hub");
    if ((v = getenv("HF_ASSETS_CACHE")) == NULL && (v = getenv("HUGGINGFACE_ASSETS_CACHE")) == NULL)
        v = hfhub__client_join(ar, c->hf_home, "assets");
    c->assets_cache = hfhub__client_expand(c, v);
    if ((v = getenv("HF_XET_CACHE")) == NULL) v = hfhub__client_join(ar, c->hf_home, "xet");
    c->xet_cache = hfhub__client_expand(c, v);
    if (cfg->token_path) c->token_path = hfhub__arena_strdup(ar, cfg->token_path);
    else if (staging_home) c->token_path = hfhub__client_join(ar, staging_home, "token");
    else if ((v = getenv("HF_TOKEN_PATH")) != NULL) c->token_path = hfhub__client_expand(c, v);
    else c->token_path = hfhub__client_join(ar, c->hf_home, "token");
    if (c->token_path)
        c->stored_tokens_path = hfhub__client_join(ar, hfhub__client_dirname(ar, c->token_path), "stored_tokens");
    if (!c->hub_cache || !c->assets_cache || !c->xet_cache || !c->token_path || !c->stored_tokens_path)
        return hfhub__fail(HFHUB_ERR_NOMEM, "client paths");
    return HFHUB_OK;
}

/* The token file: whole content, cleaned; NULL when missing or empty. */
static const char *hfhub__client_token_file(hfhub_client *c) {
    char *data = NULL, *clean;
    const char *out = NULL;
    size_t len = 0;
    if (hfhub__fs_kind(c->token_path) == HFHUB__FS_NONE) return NULL;
    if (hfhub__fs_read_file(c->a, c->token_path, HFHUB__CLIENT_TOKEN_FILE_MAX, &data, &len) != HFHUB_OK) {
        hfhub__log(&c->log, HFHUB_LOG_WARN, "cannot read the token file %s: %s", c->token_path,
                   hfhub_last_error()->message);
        return NULL;
    }
    clean = memchr(data, 0, len) ? NULL : hfhub__clean_token(data);
    if (clean) out = hfhub__arena_strdup(&c->arena, clean);
    hfhub__free(c->a, data, len + 1);
    return out;
}
#endif /* HFHUB_NO_STDIO */

/* get_token(): HF_TOKEN or HUGGING_FACE_HUB_TOKEN (cleaned), then the token file. */
static void hfhub__client_implicit_token(hfhub_client *c) {
    const char *v = hfhub__client_env_nonempty("HF_TOKEN");
    const char *src = "HF_TOKEN";
    if (!v) { v = hfhub__client_env_nonempty("HUGGING_FACE_HUB_TOKEN"); src = "HUGGING_FACE_HUB_TOKEN"; }
    if (v) {
        char *copy = hfhub__arena_strdup(&c->arena, v);
        if (copy && hfhub__clean_token(copy)) { c->token = copy; c->token_source = src; return; }
    }
#if !defined(HFHUB_NO_STDIO)
    c->token = hfhub__client_token_file(c);
    if (c->token) c->token_source = "file";
#endif
}

/* ---- user agent -------------------------------------------------------------------------- */

/* Appends the ";"-separated entries of s to b, stripped, skipping empty and repeated ones. */
static void hfhub__client_ua_add(hfhub__buf *b, const char *s) {
    while (s && *s) {
        const char *e = strchr(s, ';'), *st = s, *en;
        size_t n;
        if (!e) e = s + strlen(s);
        en = e;
        while (st < en && hfhub__client_is_space(*st)) st++;
        while (en > st && hfhub__client_is_space(en[-1])) en--;
        n = (size_t)(en - st);
        if (n) {
            const char *seen = b->data;
            int dup = 0;
            while (seen && *seen) { /* compare against each entry already in b */
                const char *se = strstr(seen, "; ");
                size_t sn = se ? (size_t)(se - seen) : strlen(seen);
                if (sn == n && !memcmp(seen, st, n)) { dup = 1; break; }
                seen = se ? se + 2 : NULL;
            }
            if (!dup) {
                if (b->len) hfhub__buf_puts(b, "; ");
                hfhub__buf_append(b, st, n);
            }
        }
        s = *e ? e + 1 : e;
    }
}

/* "{library}/{version}; hfhub/{ours}; c/{standard}[; user parts][; origin/{HF_HUB_USER_AGENT_ORIGIN}]":
 * shaped like Python's "unknown/None; hf_hub/1.x; python/3.x", but naming this library
 * truthfully instead of claiming to be huggingface_hub. */
static hfhub_result hfhub__client_user_agent(hfhub_client *c, const hfhub_config *cfg) {
    hfhub__buf b, first;
    const char *origin = getenv("HF_HUB_USER_AGENT_ORIGIN");
    hfhub__buf_init(&b, c->a);
    hfhub__buf_init(&first, c->a);
    if (cfg->library_name) hfhub__buf_printf(&first, "%s/%s", cfg->library_name, cfg->library_version ? cfg->library_version : "None");
    else hfhub__buf_puts(&first, "unknown/None");
    hfhub__client_ua_add(&b, first.data);
    hfhub__client_ua_add(&b, "hfhub/" HFHUB_VERSION_STRING);
#if defined(__cplusplus)
    hfhub__client_ua_add(&b, "c/c++");
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201710L
    hfhub__client_ua_add(&b, "c/c17");
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
    hfhub__client_ua_add(&b, "c/c11");
#else
    hfhub__client_ua_add(&b, "c/c99");
#endif
    hfhub__client_ua_add(&b, cfg->user_agent);
    if (origin) {
        hfhub__buf_reset(&first);
        hfhub__buf_printf(&first, "origin/%s", origin);
        hfhub__client_ua_add(&b, first.data);
    }
    hfhub__buf_free(&first);
    if (b.failed || !b.data) { hfhub__buf_free(&b); return hfhub__fail(HFHUB_ERR_NOMEM, "user agent"); }
    c->user_agent = hfhub__arena_strdup(&c->arena, b.data);
    hfhub__buf_free(&b);
    return c->user_agent ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "user agent");
}

/* HF_DEBUG, else HF_HUB_VERBOSITY, else Python's default "warning". */
static int hfhub__client_log_level(int debug) {
    static const char *const names[] = {"critical", "error", "warning", "info", "debug"};
    static const int levels[] = {HFHUB_LOG_ERROR, HFHUB_LOG_ERROR, HFHUB_LOG_WARN, HFHUB_LOG_INFO, HFHUB_LOG_DEBUG};
    const char *v = getenv("HF_HUB_VERBOSITY");
    size_t i;
    if (debug) return HFHUB_LOG_DEBUG;
    for (i = 0; v && i < sizeof names / sizeof names[0]; i++)
        if (hfhub__ascii_ieq(v, names[i])) return levels[i];
    return HFHUB_LOG_WARN;
}

/* ---- the client -------------------------------------------------------------------------- */

static hfhub_result hfhub__client_endpoint(hfhub_client *c, const hfhub_config *cfg) {
    const char *e = cfg->endpoint;
    size_t n;
    if (!e) e = c->staging ? HFHUB__CLIENT_STAGING_ENDPOINT : getenv("HF_ENDPOINT");
    if (!e) e = HFHUB__CLIENT_DEFAULT_ENDPOINT;
    n = strlen(e);
    while (n > 0 && e[n - 1] == '/') n--;
    if (!((n > 7 && !strncmp(e, "http://", 7)) || (n > 8 && !strncmp(e, "https://", 8))))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "the endpoint must be an http:// or https:// URL, got '%s'", e);
    c->endpoint = hfhub__arena_strndup(&c->arena, e, n);
    return c->endpoint ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "endpoint");
}

static hfhub_result hfhub__client_settings(hfhub_client *c, const hfhub_config *cfg) {
    hfhub_result r;
    c->staging = hfhub__env_is_true(getenv("HUGGINGFACE_CO_STAGING"));
    if ((r = hfhub__client_endpoint(c, cfg)) != HFHUB_OK) return r;
#if !defined(HFHUB_NO_STDIO)
    if ((r = hfhub__client_paths(c, cfg)) != HFHUB_OK) return r;
#endif
    c->offline = hfhub__client_switch(cfg->offline, "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE");
    c->disable_implicit_token = hfhub__client_switch(cfg->disable_implicit_token, "HF_HUB_DISABLE_IMPLICIT_TOKEN", NULL);
    c->disable_xet = hfhub__client_switch(cfg->disable_xet, "HF_HUB_DISABLE_XET", NULL);
    c->etag_timeout_s = cfg->etag_timeout_s > 0 ? cfg->etag_timeout_s : hfhub__env_int(getenv("HF_HUB_ETAG_TIMEOUT"), 10);
    c->download_timeout_s = cfg->download_timeout_s > 0 ? cfg->download_timeout_s
                                                        : hfhub__env_int(getenv("HF_HUB_DOWNLOAD_TIMEOUT"), 10);
    c->max_workers = cfg->max_workers > 0 ? cfg->max_workers : 8;
    c->no_token = cfg->no_token;
    if (cfg->token && !cfg->no_token) {
        c->token = hfhub__arena_strdup(&c->arena, cfg->token);
        c->token_source = "config";
        c->token_explicit = 1;
    } else if (!cfg->no_token) {
        hfhub__client_implicit_token(c);
    }
    if (cfg->proxy) c->proxy = hfhub__arena_strdup(&c->arena, cfg->proxy);
    return hfhub__client_user_agent(c, cfg);
}

static hfhub_result hfhub__client_transport(hfhub_client *c, const hfhub_config *cfg) {
    if (cfg->transport) {
        if (!cfg->transport->perform) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "the transport has no perform callback");
        c->transport = *cfg->transport;
        c->transport_name = "custom";
        return HFHUB_OK;
    }
#if defined(HFHUB_USE_CURL)
    c->transport_name = "libcurl";
    return hfhub_curl_transport_new(NULL, c->a, &c->transport);
#elif !defined(HFHUB_NO_SOCKETS)
    c->transport_name = hfhub_build_transports();
    return hfhub_socket_transport_new(NULL, c->a, &c->transport);
#else
    return hfhub__fail(HFHUB_ERR_INVALID_ARG,
                       "no transport: this build has no built-in one (%s); set hfhub_config.transport",
                       hfhub_build_transports());
#endif
}

hfhub_result hfhub_client_new(const hfhub_config *cfg, hfhub_client **out) {
    hfhub_config zero_cfg;
    const hfhub_allocator *ua;
    hfhub_client *c;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_client_new: out is NULL");
    *out = NULL;
    if (!cfg) {
        memset(&zero_cfg, 0, sizeof zero_cfg);
        cfg = &zero_cfg;
    }
    ua = cfg->allocator && cfg->allocator->alloc ? cfg->allocator : NULL;
    c = (hfhub_client *)hfhub__alloc(ua, sizeof *c);
    if (!c) return hfhub__fail(HFHUB_ERR_NOMEM, "allocating the client");
    memset(c, 0, sizeof *c);
    if (ua) { c->alloc_copy = *ua; c->a = &c->alloc_copy; }
    hfhub__arena_init(&c->arena, c->a);
    c->log.fn = cfg->log;
    c->log.user = cfg->log_user;
    c->debug = hfhub__env_is_true(getenv("HF_DEBUG"));
    c->log.level = cfg->log_level ? cfg->log_level : hfhub__client_log_level(c->debug);
    r = hfhub__client_settings(c, cfg);
    if (!r) r = hfhub__client_transport(c, cfg);
    if (r) {
        hfhub__arena_free(&c->arena);
        hfhub__free(c->a, c, sizeof *c);
        return r;
    }
    hfhub__log(&c->log, HFHUB_LOG_DEBUG, "client: endpoint %s, transport %s, token %s", c->endpoint,
               c->transport_name, c->token ? c->token_source : "none");
    *out = c;
    return HFHUB_OK;
}

void hfhub_client_free(hfhub_client *c) {
    hfhub_allocator a;
    int custom;
    if (!c) return;
    if (c->transport.destroy) c->transport.destroy(c->transport.ctx);
    hfhub__arena_free(&c->arena);
    custom = c->a != NULL;
    a = c->alloc_copy;
    hfhub__free(custom ? &a : NULL, c, sizeof *c);
}

void hfhub_client_get_info(const hfhub_client *c, hfhub_client_info *o) {
    memset(o, 0, sizeof *o);
    o->version = HFHUB_VERSION_STRING;
    o->endpoint = c->endpoint;
    o->hf_home = c->hf_home;
    o->hub_cache = c->hub_cache;
    o->assets_cache = c->assets_cache;
    o->xet_cache = c->xet_cache;
    o->token_path = c->token_path;
    o->stored_tokens_path = c->stored_tokens_path;
    o->user_agent = c->user_agent;
    o->token_source = c->token ? c->token_source : NULL;
    o->transport = c->transport_name;
    o->has_token = c->token != NULL;
    o->offline = c->offline;
    o->disable_implicit_token = c->disable_implicit_token;
    o->disable_xet = c->disable_xet;
    o->staging = c->staging;
    o->debug = c->debug;
    o->log_level = c->log.level;
    o->etag_timeout_s = c->etag_timeout_s;
    o->download_timeout_s = c->download_timeout_s;
    o->max_workers = c->max_workers;
}

/* ---- stored_tokens (configparser INI) ---------------------------------------------------- */

#if !defined(HFHUB_NO_STDIO)
/* Trims ASCII whitespace in place and returns the start. */
static char *hfhub__client_trim(char *s) {
    size_t n;
    while (hfhub__client_is_space(*s)) s++;
    n = strlen(s);
    while (n > 0 && hfhub__client_is_space(s[n - 1])) s[--n] = 0;
    return s;
}

/* configparser lower-cases keys: "hf_token" in any case. */
static int hfhub__client_is_token_key(const char *k) {
    const char *want = "hf_token";
    for (; *k && *want; k++, want++)
        if ((*k >= 'A' && *k <= 'Z' ? *k + 32 : *k) != *want) return 0;
    return !*k && !*want;
}

static int hfhub__client_token_cmp(const void *x, const void *y) {
    return strcmp(((const hfhub_stored_token *)x)->name, ((const hfhub_stored_token *)y)->name);
}

/* Sections "[name]" with an "hf_token" key ("=" or ":" separated, key case-insensitive);
 * "#" / ";" comment lines. */
static hfhub_result hfhub__client_parse_ini(hfhub_client *c, char *text, hfhub_stored_token **out, size_t *n) {
    size_t count = 0, cap = 0, strings = 0, i;
    char *line = text, *section = NULL;
    hfhub_stored_token *tmp = NULL;
    unsigned char *block;
    hfhub_result r = HFHUB_OK;
    while (line && *line) {
        char *next = strchr(line, '\n'), *s, *sep;
        if (next) *next++ = 0;
        s = hfhub__client_trim(line);
        line = next;
        if (!*s || *s == '#' || *s == ';') continue;
        if (*s == '[') {
            char *end = strrchr(s, ']');
            section = end ? (*end = 0, s + 1) : NULL;
            continue;
        }
        sep = strpbrk(s, "=:");
        if (!section || !sep) continue;
        *sep = 0;
        if (hfhub__client_is_token_key(hfhub__client_trim(s))) {
            if (count == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                hfhub_stored_token *g = (hfhub_stored_token *)hfhub__realloc(c->a, tmp, cap * sizeof *tmp, ncap * sizeof *tmp);
                if (!g) { r = hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens"); break; }
                tmp = g;
                cap = ncap;
            }
            tmp[count].name = section;
            tmp[count].token = hfhub__client_trim(sep + 1);
            strings += strlen(tmp[count].name) + strlen(tmp[count].token) + 2;
            count++;
        }
    }
    *out = NULL;
    *n = 0;
    if (!r) {
        /* One block: the array, then the strings, so one hfhub_free releases all. */
        block = (unsigned char *)hfhub__out_alloc(c, count * sizeof *tmp + strings + 1);
        if (!block) r = hfhub__fail(HFHUB_ERR_NOMEM, "stored tokens");
        else {
            hfhub_stored_token *arr = (hfhub_stored_token *)block;
            char *str = (char *)(block + count * sizeof *tmp);
            for (i = 0; i < count; i++) {
                size_t ln = strlen(tmp[i].name) + 1, lt = strlen(tmp[i].token) + 1;
                memcpy(str, tmp[i].name, ln); arr[i].name = str; str += ln;
                memcpy(str, tmp[i].token, lt); arr[i].token = str; str += lt;
            }
            if (count > 1) qsort(arr, count, sizeof *arr, hfhub__client_token_cmp);
            *out = arr;
            *n = count;
        }
    }
    hfhub__free(c->a, tmp, cap * sizeof *tmp);
    return r;
}
#endif

hfhub_result hfhub_stored_tokens(hfhub_client *c, hfhub_stored_token **out, size_t *n) {
#if defined(HFHUB_NO_STDIO)
    (void)c;
    *out = NULL;
    *n = 0;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "stored tokens need a filesystem (HFHUB_NO_STDIO)");
#else
    char *text = NULL;
    size_t len = 0;
    hfhub_result r;
    *out = NULL;
    *n = 0;
    if (hfhub__fs_kind(c->stored_tokens_path) == HFHUB__FS_NONE) return HFHUB_OK;
    r = hfhub__fs_read_file(c->a, c->stored_tokens_path, 1 << 20, &text, &len);
    if (r) return r;
    r = hfhub__client_parse_ini(c, text, out, n);
    hfhub__free(c->a, text, len + 1);
    return r;
#endif
}

#undef HFHUB__CLIENT_DEFAULT_ENDPOINT
#undef HFHUB__CLIENT_STAGING_ENDPOINT
#undef HFHUB__CLIENT_TOKEN_FILE_MAX
#undef HFHUB__CLIENT_OUT_HDR
