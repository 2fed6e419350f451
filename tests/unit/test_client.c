/* test_client.c: settings from the environment, tokens, user agent, headers, URLs, repo ids,
 * error mapping and the request helper over an in-test transport. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include <unistd.h>

static char tmp[256];

/* ---- an in-test transport: canned responses, counted calls ------------------------------- */

typedef struct canned {
    int status;
    const char *headers[8]; /* "Name: value" */
    const char *body;
} canned;

typedef struct fake_transport {
    int calls;
    canned responses[8];
    int n_responses;
    char last_url[512];
    char last_method[16];
    char last_auth[256];
    char last_ua[256];
    char last_trace[64];
    char last_ctype[64];
    int n_last_headers;
    char urls[8][512];          /* per call */
    int had_auth[8];
    char last_body[256];
    char last_proxy[128];
} fake_transport;

static int fake_timeout_ms;

static void fake_copy(char *dst, size_t cap, const char *src) {
    snprintf(dst, cap, "%s", src ? src : "");
}

static hfhub_result fake_perform(void *ctx, const hfhub_http_request *req, const hfhub_http_sink *sink) {
    fake_transport *f = (fake_transport *)ctx;
    const canned *c;
    size_t i;
    f->last_auth[0] = f->last_ua[0] = f->last_trace[0] = f->last_ctype[0] = 0;
    fake_copy(f->last_url, sizeof f->last_url, req->url);
    fake_copy(f->last_method, sizeof f->last_method, req->method);
    fake_copy(f->last_proxy, sizeof f->last_proxy, req->proxy);
    fake_timeout_ms = req->read_timeout_ms;
    f->n_last_headers = (int)req->n_headers;
    if (f->calls < 8) fake_copy(f->urls[f->calls], sizeof f->urls[0], req->url);
    if (f->calls < 8) f->had_auth[f->calls] = 0;
    snprintf(f->last_body, sizeof f->last_body, "%.*s", (int)(req->body_len < 255 ? req->body_len : 255),
             req->body ? (const char *)req->body : "");
    for (i = 0; i < req->n_headers; i++) {
        const char *n = req->headers[i].name, *v = req->headers[i].value;
        if (!strcmp(n, "authorization")) {
            fake_copy(f->last_auth, sizeof f->last_auth, v);
            if (f->calls < 8) f->had_auth[f->calls] = 1;
        }
        if (!strcmp(n, "user-agent")) fake_copy(f->last_ua, sizeof f->last_ua, v);
        if (!strcmp(n, "X-Amzn-Trace-Id")) fake_copy(f->last_trace, sizeof f->last_trace, v);
        if (!strcmp(n, "Content-Type")) fake_copy(f->last_ctype, sizeof f->last_ctype, v);
    }
    c = &f->responses[f->calls < f->n_responses ? f->calls : f->n_responses - 1];
    f->calls++;
    if (sink->on_status && sink->on_status(sink->user, c->status)) return HFHUB_ERR_CANCELLED;
    for (i = 0; i < 8 && c->headers[i]; i++) {
        char name[128];
        const char *colon = strchr(c->headers[i], ':');
        size_t n = (size_t)(colon - c->headers[i]);
        memcpy(name, c->headers[i], n);
        name[n] = 0;
        if (sink->on_header && sink->on_header(sink->user, name, colon + 2)) return HFHUB_ERR_CANCELLED;
    }
    if (c->body && *c->body && sink->on_body && sink->on_body(sink->user, c->body, strlen(c->body)))
        return HFHUB_ERR_CANCELLED;
    return HFHUB_OK;
}

static fake_transport fake;
static hfhub_transport fake_t;

static void fake_reset(void) {
    memset(&fake, 0, sizeof fake);
    fake_t.ctx = &fake;
    fake_t.perform = fake_perform;
    fake_t.destroy = NULL;
}

/* ---- environment ------------------------------------------------------------------------- */

static const char *const env_names[] = {
    "HF_ENDPOINT", "HF_HOME", "XDG_CACHE_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_ASSETS_CACHE",
    "HUGGINGFACE_ASSETS_CACHE", "HF_XET_CACHE", "HF_TOKEN_PATH", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN",
    "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_IMPLICIT_TOKEN", "HF_HUB_DISABLE_XET",
    "HF_HUB_ETAG_TIMEOUT", "HF_HUB_DOWNLOAD_TIMEOUT", "HF_HUB_USER_AGENT_ORIGIN", "HUGGINGFACE_CO_STAGING",
    "T_VAR", "HF_DEBUG", "HF_HUB_VERBOSITY", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"};

static void env_clear(void) {
    size_t i;
    for (i = 0; i < sizeof env_names / sizeof env_names[0]; i++) unsetenv(env_names[i]);
    setenv("HOME", "/home/u", 1);
}

/* "NAME=value" pairs separated by '|' */
static void env_set(const char *spec) {
    char buf[1024], *p, *save = NULL;
    env_clear();
    if (!spec) return;
    snprintf(buf, sizeof buf, "%s", spec);
    for (p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(p, '=');
        *eq = 0;
        setenv(p, eq + 1, 1);
    }
}

static hfhub_client *client_with(const hfhub_config *base) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    fake_reset();
    if (base) cfg = *base;
    else memset(&cfg, 0, sizeof cfg);
    cfg.transport = &fake_t;
    CHECK_OK(hfhub_client_new(&cfg, &c));
    return c;
}

typedef struct env_case {
    const char *env;
    const char *endpoint, *hf_home, *hub_cache, *assets, *xet, *token_path, *stored;
} env_case;

static void test_env_paths(void) {
    static const env_case cases[] = {
        {NULL, "https://huggingface.co", "/home/u/.cache/huggingface", "/home/u/.cache/huggingface/hub",
         "/home/u/.cache/huggingface/assets", "/home/u/.cache/huggingface/xet", "/home/u/.cache/huggingface/token",
         "/home/u/.cache/huggingface/stored_tokens"},
        {"HF_ENDPOINT=http://127.0.0.1:9/x//|XDG_CACHE_HOME=/xdg", "http://127.0.0.1:9/x", "/xdg/huggingface",
         "/xdg/huggingface/hub", "/xdg/huggingface/assets", "/xdg/huggingface/xet", "/xdg/huggingface/token",
         "/xdg/huggingface/stored_tokens"},
        {"HF_HOME=~/hf|XDG_CACHE_HOME=/xdg", NULL, "/home/u/hf", "/home/u/hf/hub", "/home/u/hf/assets", "/home/u/hf/xet",
         "/home/u/hf/token", "/home/u/hf/stored_tokens"},
        {"HF_HOME=$T_VAR/h|T_VAR=/v", NULL, "/v/h", "/v/h/hub", NULL, NULL, "/v/h/token", NULL},
        {"HF_HOME=/h|HUGGINGFACE_HUB_CACHE=/legacy|HUGGINGFACE_ASSETS_CACHE=/la", NULL, "/h", "/legacy", "/la", NULL, NULL, NULL},
        {"HF_HOME=/h|HUGGINGFACE_HUB_CACHE=/legacy|HF_HUB_CACHE=~/new|HF_ASSETS_CACHE=/a|HUGGINGFACE_ASSETS_CACHE=/la",
         NULL, "/h", "/home/u/new", "/a", NULL, NULL, NULL},
        {"HF_HOME=/h|HF_XET_CACHE=$HOME/x|HF_TOKEN_PATH=/t/dir/tok", NULL, "/h", NULL, NULL, "/home/u/x", "/t/dir/tok",
         "/t/dir/stored_tokens"},
        {"HF_HOME=/h/|HF_TOKEN_PATH=tok", NULL, "/h/", "/h/hub", NULL, NULL, "tok", "stored_tokens"},
        {"HUGGINGFACE_CO_STAGING=yes|HF_ENDPOINT=http://ignored", "https://hub-ci.huggingface.co", NULL,
         "/home/u/.cache/huggingface_staging/hub", NULL, NULL, "/home/u/.cache/huggingface_staging/token", NULL},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const env_case *e = &cases[i];
        hfhub_client_info info;
        hfhub_client *c;
        env_set(e->env);
        c = client_with(NULL);
        if (!c) continue;
        hfhub_client_get_info(c, &info);
        if (e->endpoint) CHECK_STR(info.endpoint, e->endpoint);
        if (e->hf_home) CHECK_STR(info.hf_home, e->hf_home);
        if (e->hub_cache) CHECK_STR(info.hub_cache, e->hub_cache);
        if (e->assets) CHECK_STR(info.assets_cache, e->assets);
        if (e->xet) CHECK_STR(info.xet_cache, e->xet);
        if (e->token_path) CHECK_STR(info.token_path, e->token_path);
        if (e->stored) CHECK_STR(info.stored_tokens_path, e->stored);
        if (t__cur_failed) fprintf(stderr, "  (case %d: %s)\n", (int)i, e->env ? e->env : "defaults");
        hfhub_client_free(c);
    }
    env_clear();
}

static void test_env_config_wins(void) {
    hfhub_config cfg;
    hfhub_client *c;
    hfhub_client_info info;
    env_set("HF_ENDPOINT=http://env|HF_HOME=/h|HF_HUB_CACHE=/envcache|HF_HUB_OFFLINE=1|HF_HUB_ETAG_TIMEOUT=3");
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = "https://cfg.example/";
    cfg.cache_dir = "/cfgcache";
    cfg.offline = HFHUB_OFF;
    cfg.etag_timeout_s = 7;
    c = client_with(&cfg);
    if (!c) return;
    hfhub_client_get_info(c, &info);
    CHECK_STR(info.endpoint, "https://cfg.example");
    CHECK_STR(info.hub_cache, "/cfgcache");
    CHECK_INT(info.offline, 0);
    CHECK_INT(info.etag_timeout_s, 7);
    CHECK_STR(info.transport, "custom");
    CHECK_STR(info.version, HFHUB_VERSION_STRING);
    hfhub_client_free(c);
    cfg.endpoint = "ftp://nope";
    cfg.transport = &fake_t;
    CHECK_INT(hfhub_client_new(&cfg, &c), HFHUB_ERR_INVALID_ARG);
    env_clear();
}

typedef struct flag_case {
    const char *env;
    int offline, implicit_off, xet_off, etag, download;
} flag_case;

static void test_env_flags(void) {
    static const flag_case cases[] = {
        {NULL, 0, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE=1", 1, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE=on", 1, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE=Yes", 1, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE=tRuE", 1, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE=2", 0, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE=y", 0, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE= 1", 0, 0, 0, 10, 10},
        {"TRANSFORMERS_OFFLINE=1", 1, 0, 0, 10, 10},
        {"HF_HUB_OFFLINE=0|TRANSFORMERS_OFFLINE=1", 0, 0, 0, 10, 10}, /* `a or b`: a set wins */
        {"HF_HUB_OFFLINE=|TRANSFORMERS_OFFLINE=1", 1, 0, 0, 10, 10},  /* empty a falls through */
        {"HF_HUB_DISABLE_IMPLICIT_TOKEN=true|HF_HUB_DISABLE_XET=ON", 0, 1, 1, 10, 10},
        {"HF_HUB_ETAG_TIMEOUT=30|HF_HUB_DOWNLOAD_TIMEOUT=5", 0, 0, 0, 30, 5},
        {"HF_HUB_ETAG_TIMEOUT=0|HF_HUB_DOWNLOAD_TIMEOUT=abc", 0, 0, 0, 10, 10},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hfhub_client_info info;
        hfhub_client *c;
        env_set(cases[i].env);
        c = client_with(NULL);
        if (!c) continue;
        hfhub_client_get_info(c, &info);
        CHECK_INT(info.offline, cases[i].offline);
        CHECK_INT(info.disable_implicit_token, cases[i].implicit_off);
        CHECK_INT(info.disable_xet, cases[i].xet_off);
        CHECK_INT(info.etag_timeout_s, cases[i].etag);
        CHECK_INT(info.download_timeout_s, cases[i].download);
        if (t__cur_failed) fprintf(stderr, "  (case %s)\n", cases[i].env ? cases[i].env : "defaults");
        hfhub_client_free(c);
    }
    CHECK(hfhub__env_is_true("TRUE") && hfhub__env_is_true("1") && !hfhub__env_is_true("") && !hfhub__env_is_true(NULL));
    CHECK(!hfhub__env_is_true("TRUEX") && !hfhub__env_is_true("TRU"));
    env_clear();
}

/* ---- tokens ------------------------------------------------------------------------------ */

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (f) { fputs(text, f); fclose(f); }
}

static const char *token_of(hfhub_client *c, hfhub_client_info *info) {
    hfhub_client_get_info(c, info);
    return c->token;
}

static void test_tokens(void) {
    char path[300], env[400];
    hfhub_client *c;
    hfhub_client_info info;
    char s[64];
    hfhub_config cfg;
    snprintf(path, sizeof path, "%s/token", tmp);
    snprintf(env, sizeof env, "HF_TOKEN_PATH=%s", path);

    strcpy(s, " \r\n hf_a\rb\nc \t\n");
    CHECK_STR(hfhub__clean_token(s), "hf_abc");
    strcpy(s, " \r\n\t ");
    CHECK(hfhub__clean_token(s) == NULL);

    /* the file: content with CR/LF removed and whitespace stripped */
    write_file(path, "  hf_from_file\r\n");
    env_set(env);
    c = client_with(NULL);
    CHECK_STR(token_of(c, &info), "hf_from_file");
    CHECK_STR(info.token_source, "file");
    CHECK_INT(info.has_token, 1);
    hfhub_client_free(c);

    /* HF_TOKEN wins over the legacy variable and the file */
    snprintf(env, sizeof env, "HF_TOKEN_PATH=%s|HF_TOKEN=hf_env\n|HUGGING_FACE_HUB_TOKEN=hf_legacy", path);
    env_set(env);
    c = client_with(NULL);
    CHECK_STR(token_of(c, &info), "hf_env");
    CHECK_STR(info.token_source, "HF_TOKEN");
    hfhub_client_free(c);

    snprintf(env, sizeof env, "HF_TOKEN_PATH=%s|HF_TOKEN=|HUGGING_FACE_HUB_TOKEN=hf_legacy", path);
    env_set(env);
    c = client_with(NULL);
    CHECK_STR(token_of(c, &info), "hf_legacy");
    CHECK_STR(info.token_source, "HUGGING_FACE_HUB_TOKEN");
    hfhub_client_free(c);

    /* a whitespace-only HF_TOKEN is no token: the file is used */
    snprintf(env, sizeof env, "HF_TOKEN_PATH=%s|HF_TOKEN= \n", path);
    env_set(env);
    c = client_with(NULL);
    CHECK_STR(token_of(c, &info), "hf_from_file");
    hfhub_client_free(c);

    /* empty file: no token */
    write_file(path, " \n");
    snprintf(env, sizeof env, "HF_TOKEN_PATH=%s", path);
    env_set(env);
    c = client_with(NULL);
    CHECK(token_of(c, &info) == NULL);
    CHECK_INT(info.has_token, 0);
    CHECK(info.token_source == NULL);
    hfhub_client_free(c);

    /* missing file: no token, no error */
    snprintf(env, sizeof env, "HF_TOKEN_PATH=%s/none", tmp);
    env_set(env);
    c = client_with(NULL);
    CHECK(token_of(c, &info) == NULL);
    hfhub_client_free(c);

    /* explicit token and token=False */
    env_set("HF_TOKEN=hf_env");
    memset(&cfg, 0, sizeof cfg);
    cfg.token = "hf_cfg";
    c = client_with(&cfg);
    CHECK_STR(token_of(c, &info), "hf_cfg");
    CHECK_STR(info.token_source, "config");
    hfhub_client_free(c);
    cfg.token = "hf_cfg";
    cfg.no_token = 1;
    c = client_with(&cfg);
    CHECK(token_of(c, &info) == NULL);
    hfhub_client_free(c);
    env_clear();
}

static void test_stored_tokens(void) {
    char path[300], env[400];
    hfhub_client *c;
    hfhub_stored_token *t = NULL;
    size_t n = 99;
    snprintf(path, sizeof path, "%s/st/stored_tokens", tmp);
    CHECK_OK(hfhub__fs_mkdirs_parent(path));
    snprintf(env, sizeof env, "HF_TOKEN_PATH=%s/st/token", tmp);
    env_set(env);
    c = client_with(NULL);
    if (!c) return;
    CHECK_OK(hfhub_stored_tokens(c, &t, &n)); /* missing file: none */
    CHECK_INT(n, 0);
    write_file(path, "# comment\n[zeta]\nhf_token = hf_z\n\n[alpha]\nHF_TOKEN: hf_a \nrefresh_token = r\n"
                     "expires_at = 1767225600\n[no-token]\nother = 1\n; c\n");
    CHECK_OK(hfhub_stored_tokens(c, &t, &n));
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(t[0].name, "alpha");
        CHECK_STR(t[0].token, "hf_a");
        CHECK_STR(t[1].name, "zeta");
        CHECK_STR(t[1].token, "hf_z");
    }
    hfhub_free(c, t);
    hfhub_client_free(c);
    env_clear();
}

/* ---- user agent and headers -------------------------------------------------------------- */

static const char *hdr(const hfhub__headers *h, const char *name) {
    size_t i;
    for (i = 0; i < h->n; i++)
        if (!strcmp(h->items[i].name, name)) return h->items[i].value;
    return NULL;
}

static void test_user_agent(void) {
    hfhub_config cfg;
    hfhub_client *c;
    hfhub_client_info info;
    char want[256];
    env_set(NULL);
    c = client_with(NULL);
    hfhub_client_get_info(c, &info);
    snprintf(want, sizeof want, "unknown/None; hfhub/%s; c/", HFHUB_VERSION_STRING);
    CHECK(strncmp(info.user_agent, want, strlen(want)) == 0);
    hfhub_client_free(c);
    env_set("HF_HUB_USER_AGENT_ORIGIN=partner");
    memset(&cfg, 0, sizeof cfg);
    cfg.library_name = "hf-cli";
    cfg.user_agent = "extra/1; hf-cli/None;  other/2 ";
    c = client_with(&cfg);
    hfhub_client_get_info(c, &info);
    CHECK(strncmp(info.user_agent, "hf-cli/None; hfhub/", 19) == 0);
    CHECK(strstr(info.user_agent, "; extra/1; other/2; origin/partner") != NULL);
    CHECK(strstr(info.user_agent, "hf-cli/None; extra") == NULL); /* de-duplicated */
    hfhub_client_free(c);
    env_clear();
}

static void test_auth_headers(void) {
    hfhub_config cfg;
    hfhub_client *c;
    hfhub__headers h;
    hfhub_header extra[2];
    const char *trace;

    env_set("HF_TOKEN=hf_implicit");
    c = client_with(NULL);
    CHECK_OK(hfhub__headers_build(c, &h, HFHUB__AUTH_DEFAULT, NULL, NULL, 0));
    CHECK_STR(hdr(&h, "authorization"), "Bearer hf_implicit");
    CHECK(hdr(&h, "user-agent") != NULL);
    trace = hdr(&h, "X-Amzn-Trace-Id");
    CHECK(trace && strlen(trace) == 36 && trace[14] == '4' && strchr("89ab", trace[19]) && trace[8] == '-');
    hfhub__headers_free(&h);
    CHECK_OK(hfhub__headers_build(c, &h, HFHUB__AUTH_NONE, NULL, NULL, 0));
    CHECK(hdr(&h, "authorization") == NULL);
    hfhub__headers_free(&h);
    CHECK_OK(hfhub__headers_build(c, &h, HFHUB__AUTH_NONE, "hf_call", NULL, 0));
    CHECK_STR(hdr(&h, "authorization"), "Bearer hf_call");
    hfhub__headers_free(&h);
    /* user headers override; X-Request-Id becomes the trace id */
    extra[0].name = "Authorization";
    extra[0].value = "Basic xyz";
    extra[1].name = "X-Request-Id";
    extra[1].value = "rid-1";
    CHECK_OK(hfhub__headers_build(c, &h, HFHUB__AUTH_DEFAULT, NULL, extra, 2));
    CHECK_STR(hdr(&h, "authorization"), "Basic xyz");
    CHECK_STR(hdr(&h, "X-Amzn-Trace-Id"), "rid-1");
    CHECK_INT(h.n, 4);
    hfhub__headers_free(&h);
    hfhub_client_free(c);

    /* implicit token disabled: not sent, unless required or explicit */
    env_set("HF_TOKEN=hf_implicit|HF_HUB_DISABLE_IMPLICIT_TOKEN=1");
    c = client_with(NULL);
    CHECK_OK(hfhub__headers_build(c, &h, HFHUB__AUTH_DEFAULT, NULL, NULL, 0));
    CHECK(hdr(&h, "authorization") == NULL);
    hfhub__headers_free(&h);
    CHECK_OK(hfhub__headers_build(c, &h, HFHUB__AUTH_REQUIRED, NULL, NULL, 0));
    CHECK_STR(hdr(&h, "authorization"), "Bearer hf_implicit");
    hfhub__headers_free(&h);
    hfhub_client_free(c);
    memset(&cfg, 0, sizeof cfg);
    cfg.token = "hf_explicit";
    c = client_with(&cfg);
    CHECK_OK(hfhub__headers_build(c, &h, HFHUB__AUTH_DEFAULT, NULL, NULL, 0));
    CHECK_STR(hdr(&h, "authorization"), "Bearer hf_explicit");
    hfhub__headers_free(&h);
    hfhub_client_free(c);

    /* no token at all: token=True fails */
    env_set("HF_TOKEN_PATH=/nonexistent/token");
    c = client_with(NULL);
    CHECK_INT(hfhub__headers_build(c, &h, HFHUB__AUTH_REQUIRED, NULL, NULL, 0), HFHUB_ERR_UNAUTHORIZED);
    hfhub__headers_free(&h);
    hfhub_client_free(c);
    env_clear();

    CHECK_STR(hfhub__log_header_value("Authorization", "Bearer hf_secret"), "<TOKEN>");
    CHECK_STR(hfhub__log_header_value("authorization", "Basic x"), "<TOKEN>");
    CHECK_STR(hfhub__log_header_value("Accept", "x"), "x");
}

/* ---- repo ids and URLs ------------------------------------------------------------------- */

static void test_repo_ids(void) {
    static const char *const ok[] = {"gpt2", "openai-community/gpt2", "a/b", "A_b.c-d/x.y_z", "user/my.model-v2",
                                     "a/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    static const char *const bad[] = {"", "a/b/c", "-a/b", "a/b-", ".a", "a/.b", "a b", "a/b?", "a--b/c", "a/b..c",
                                      "a/b.git", "/a", "a/", "a/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    size_t i;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (hfhub__validate_repo_id(ok[i]) != HFHUB_OK) { CHECK(!"valid id rejected"); fprintf(stderr, "  %s\n", ok[i]); }
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (hfhub__validate_repo_id(bad[i]) != HFHUB_ERR_INVALID_ARG) { CHECK(!"invalid id accepted"); fprintf(stderr, "  %s\n", bad[i]); }
    }
    CHECK_INT(hfhub__validate_repo_id(NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_OK(hfhub__validate_filename("a/b/c.json"));
    CHECK_OK(hfhub__validate_filename("..a/b..c"));
    CHECK_INT(hfhub__validate_filename("../x"), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub__validate_filename("a/../x"), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub__validate_filename("a\\..\\x"), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub__validate_filename("/etc/passwd"), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub__validate_filename("C:x"), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub__validate_filename(""), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub__repo_type_index(NULL), 0);
    CHECK_INT(hfhub__repo_type_index("dataset"), 1);
    CHECK_INT(hfhub__repo_type_index("space"), 2);
    CHECK_INT(hfhub__repo_type_index("kernel"), 3);
    CHECK_INT(hfhub__repo_type_index("models"), -1);
    CHECK_STR(hfhub__repo_type_prefix(1), "datasets/");
    CHECK_STR(hfhub__repo_type_plural(2), "spaces");
}

static void test_urls(void) {
    hfhub_client *c;
    hfhub__buf b;
    env_set("HF_ENDPOINT=https://hub.example/");
    c = client_with(NULL);
    hfhub__buf_init(&b, NULL);
    /* expectations: f"{E}/{prefix}{repo}/resolve/{quote(rev, safe='')}/{quote(filename)}" */
    CHECK_OK(hfhub__resolve_url(c, &b, 0, "gpt2", NULL, "config.json"));
    CHECK_STR(b.data, "https://hub.example/gpt2/resolve/main/config.json");
    CHECK_OK(hfhub__resolve_url(c, &b, 1, "org/data", "refs/pr/1", "sub dir/f#1?.txt"));
    CHECK_STR(b.data, "https://hub.example/datasets/org/data/resolve/refs%2Fpr%2F1/sub%20dir/f%231%3F.txt");
    CHECK_OK(hfhub__resolve_url(c, &b, 2, "u/app", "v1.0~x", "caf\xc3\xa9/+%&=.bin"));
    CHECK_STR(b.data, "https://hub.example/spaces/u/app/resolve/v1.0~x/caf%C3%A9/%2B%25%26%3D.bin");
    CHECK_OK(hfhub__resolve_url(c, &b, 3, "k/n", "a:b@c", "x"));
    CHECK_STR(b.data, "https://hub.example/kernels/k/n/resolve/a%3Ab%40c/x");
    hfhub__buf_free(&b);
    hfhub_client_free(c);
    env_clear();
}

/* ---- allocator and memory handed out ----------------------------------------------------- */

typedef struct counting { size_t live, peak, calls; int size_mismatch; } counting;

static void *c_alloc(void *ctx, size_t n) {
    counting *k = (counting *)ctx;
    size_t *p = (size_t *)malloc(n + 16);
    if (!p) return NULL;
    *p = n;
    k->live += n;
    k->calls++;
    if (k->live > k->peak) k->peak = k->live;
    return (char *)p + 16;
}
static void c_free(void *ctx, void *q, size_t n) {
    counting *k = (counting *)ctx;
    size_t *p;
    if (!q) return;
    p = (size_t *)((char *)q - 16);
    if (*p != n) k->size_mismatch = 1;
    k->live -= n;
    free(p);
}
static void *c_realloc(void *ctx, void *q, size_t old_n, size_t n) {
    void *r = c_alloc(ctx, n);
    if (!r) return NULL;
    if (q) { memcpy(r, q, old_n < n ? old_n : n); c_free(ctx, q, old_n); }
    return r;
}

static void test_allocator(void) {
    counting k = {0, 0, 0, 0};
    hfhub_allocator a;
    hfhub_config cfg;
    hfhub_client *c = NULL;
    char *s;
    a.ctx = &k;
    a.alloc = c_alloc;
    a.realloc = c_realloc;
    a.free = c_free;
    env_set("HF_TOKEN=hf_x");
    memset(&cfg, 0, sizeof cfg);
    cfg.allocator = &a;
    cfg.transport = &fake_t;
    fake_reset();
    CHECK_OK(hfhub_client_new(&cfg, &c));
    CHECK(k.calls > 0);
    s = hfhub__out_strdup(c, "returned to the user");
    CHECK_STR(s, "returned to the user");
    hfhub_free(c, s);
    hfhub_free(c, NULL);
    hfhub_client_free(c);
    CHECK_INT(k.live, 0);
    CHECK_INT(k.size_mismatch, 0);
    env_clear();
}

/* ---- error mapping (hf_raise_for_status) over canned responses --------------------------- */

typedef struct map_case {
    const char *url;
    canned resp;
    hfhub_result want;
    const char *want_msg;      /* exact message, with {U} standing for the URL */
    const char *want_rid;
} map_case;

static void expand_u(char *out, size_t cap, const char *tmpl, const char *url) {
    size_t o = 0;
    for (; *tmpl && o + 1 < cap; tmpl++) {
        if (!strncmp(tmpl, "{U}", 3)) { o += (size_t)snprintf(out + o, cap - o, "%s", url); tmpl += 2; continue; }
        out[o++] = *tmpl;
    }
    out[o < cap ? o : cap - 1] = 0;
}

#define REPO_MSG "Please make sure you specified the correct `repo_id` and `repo_type`.\nIf you are trying to access a private or gated repo, make sure you are authenticated. For more details, see https://huggingface.co/docs/huggingface_hub/authentication"
#define MDN "For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/"

static void test_error_mapping(void) {
    static const map_case cases[] = {
        {"https://hub.example/a/b/resolve/nope/f",
         {404, {"X-Error-Code: RevisionNotFound", "X-Error-Message: Invalid rev id: nope"}, "{\"error\": \"Invalid rev id: nope\"}"},
         HFHUB_ERR_REVISION_NOT_FOUND, "404 Client Error.\n\nRevision Not Found for url: {U}.\nInvalid rev id: nope", ""},
        {"https://hub.example/a/b/resolve/main/f",
         {404, {"X-Error-Code: EntryNotFound", "X-Error-Message: Entry not found", "X-Request-Id: req-1", "X-Repo-Commit: 0123"}, "{\"error\":\"Entry not found\"}"},
         HFHUB_ERR_ENTRY_NOT_FOUND, "404 Client Error. (Request ID: req-1)\n\nEntry Not Found for url: {U}." /* server text already in it */, "req-1"},
        {"https://hub.example/api/models/a/b",
         {401, {"X-Error-Code: GatedRepo", "X-Error-Message: Access to model a/b is restricted."}, NULL},
         HFHUB_ERR_GATED, "401 Client Error.\n\nCannot access gated repo for url {U}.\nAccess to model a/b is restricted.", ""},
        {"https://hub.example/a/b/resolve/main/f", {401, {NULL}, NULL},
         HFHUB_ERR_REPO_NOT_FOUND, "401 Client Error.\n\nRepository Not Found for url: {U}.\n" REPO_MSG, ""},
        {"https://hub.example/api/datasets/a/b", {404, {"X-Error-Code: RepoNotFound", "X-Error-Message: Repository not found"}, "{\"error\":\"Repository not found\"}"},
         HFHUB_ERR_REPO_NOT_FOUND, "404 Client Error.\n\nRepository Not Found for url: {U}.\n" REPO_MSG, ""},
        {"https://hub.example/a/b/resolve/main/f", {401, {"X-Error-Message: Invalid credentials in Authorization header"}, NULL},
         HFHUB_ERR_UNAUTHORIZED, "Client error '401 Unauthorized' for url '{U}'\n" MDN "401\n\nInvalid credentials in Authorization header", ""},
        {"http://127.0.0.1:1/a/b/resolve/main/f", {401, {NULL}, NULL}, /* the repo rule only matches https:// */
         HFHUB_ERR_UNAUTHORIZED, "Client error '401 Unauthorized' for url '{U}'\n" MDN "401", ""},
        {"https://hub.example/api/whoami-v2", {401, {"X-Amz-Cf-Id: cf-9"}, "{\"error\": \"Invalid username or password.\"}"},
         HFHUB_ERR_UNAUTHORIZED, "Client error '401 Unauthorized' for url '{U}' (Amz CF ID: cf-9)\n" MDN "401\n\nInvalid username or password.", "cf-9"},
        {"https://hub.example/api/repos/create", {400, {NULL}, "{\"error\": [\"bad name\", \"bad type\", \"bad name\"]}"},
         HFHUB_ERR_BAD_REQUEST, "Bad request:\nbad name\nbad type", ""},
        {"https://hub.example/api/x", {403, {"X-Error-Message: no access"}, NULL},
         HFHUB_ERR_FORBIDDEN, "403 Forbidden: no access.\nCannot access content at: {U}.\nMake sure your token has the correct permissions.", ""},
        {"https://hub.example/api/x", {403, {"X-Error-Message: Access to this resource is disabled."}, NULL},
         HFHUB_ERR_FORBIDDEN, "403 Client Error.\n\nCannot access repository for url {U}.\nAccess to this resource is disabled.", ""},
        {"https://hub.example/api/x", {409, {"Content-Type: text/plain", "X-Amzn-Trace-Id: tr-2"}, "  conflict here \n"},
         HFHUB_ERR_CONFLICT, "Client error '409 Conflict' for url '{U}' (Amzn Trace ID: tr-2)\n" MDN "409\n\nconflict here", "tr-2"},
        {"https://hub.example/api/x", {413, {NULL}, NULL}, HFHUB_ERR_TOO_LARGE,
         "Client error '413 Payload Too Large' for url '{U}'\n" MDN "413", ""},
        {"https://hub.example/api/x", {429, {"RateLimit: \"api\";r=0;t=55", "RateLimit-Policy: \"fixed window\";\"api\";q=500;w=300"}, NULL},
         HFHUB_ERR_HTTP, "429 Too Many Requests: you have reached your 'api' rate limit.\nRetry after 55 seconds (0/500 requests remaining in current 300s window).\nUrl: {U}.", ""},
        {"https://hub.example/api/x", {429, {NULL}, NULL}, HFHUB_ERR_HTTP, "429 Too Many Requests for url: {U}.", ""},
        {"https://hub.example/api/x", {500, {"Content-Type: text/html; charset=utf-8"}, "<html>oops</html>"},
         HFHUB_ERR_HTTP, "Server error '500 Internal Server Error' for url '{U}'\n" MDN "500", ""},
        {"https://hub.example/api/x", {422, {NULL}, "{\"errors\": [{\"message\": \"m1\"}, {\"code\": 3}, {\"message\": \"m2\"}]}"},
         HFHUB_ERR_HTTP, "Client error '422 Unprocessable Entity' for url '{U}'\n" MDN "422\n\nm1\nm2", ""},
        {"http://127.0.0.1:1/api/buckets/ns/b", {404, {"X-Error-Code: RepoNotFound"}, NULL},
         HFHUB_ERR_REPO_NOT_FOUND, "404 Client Error.\n\nBucket Not Found for url: {U}.\nPlease make sure you specified the correct bucket id (namespace/name).\nIf the bucket is private, make sure you are authenticated.", ""},
        {"https://hub.example/api/x", {404, {NULL}, "{\"error\":\"Sorry, we can't find the page you are looking for.\"}"},
         HFHUB_ERR_HTTP, "Client error '404 Not Found' for url '{U}'\n" MDN "404\n\nSorry, we can't find the page you are looking for.", ""},
    };
    size_t i;
    hfhub_client *c;
    env_set("HF_TOKEN_PATH=/nonexistent");
    c = client_with(NULL);
    if (!c) return;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const map_case *mc = &cases[i];
        hfhub__req r;
        hfhub__http_response resp;
        hfhub_result res;
        char want[2048];
        const hfhub_error *e;
        int before = t__cur_failed;
        t__cur_failed = 0;
        fake.calls = 0;
        fake.n_responses = 1;
        fake.responses[0] = mc->resp;
        memset(&r, 0, sizeof r);
        r.url = mc->url;
        res = hfhub__client_request(c, &r, &resp);
        e = hfhub_last_error();
        CHECK_INT(res, mc->want);
        CHECK_INT(e->http_status, mc->resp.status);
        expand_u(want, sizeof want, mc->want_msg, mc->url);
        CHECK_STR(e->message, want);
        CHECK_STR(e->request_id, mc->want_rid);
        if (t__cur_failed) fprintf(stderr, "  (case %d: %s)\n", (int)i, mc->url);
        t__cur_failed |= before;
        hfhub__http_response_free(&resp);
    }
    /* server code and response headers survive for the caller */
    {
        hfhub__req r;
        hfhub__http_response resp;
        fake.calls = 0;
        fake.responses[0] = cases[1].resp;
        memset(&r, 0, sizeof r);
        r.url = cases[1].url;
        CHECK_INT(hfhub__client_request(c, &r, &resp), HFHUB_ERR_ENTRY_NOT_FOUND);
        CHECK_STR(hfhub_last_error()->server_code, "EntryNotFound");
        CHECK_STR(hfhub__http_header(&resp, "X-Repo-Commit"), "0123");
        hfhub__http_response_free(&resp);
    }
    hfhub_client_free(c);
    env_clear();
}

/* ---- the request helper ------------------------------------------------------------------ */

static void test_request_helper(void) {
    hfhub_client *c;
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_json_doc *doc = NULL;
    env_set("HF_TOKEN=hf_tok|HF_TOKEN_PATH=/nonexistent");
    c = client_with(NULL);
    if (!c) return;
    fake.n_responses = 1;
    fake.responses[0].status = 200;
    fake.responses[0].body = "{\"name\": \"alice\", \"n\": 3}";
    memset(&r, 0, sizeof r);
    r.url = "https://hub.example/api/whoami-v2";
    CHECK_OK(hfhub__client_request(c, &r, &resp));
    CHECK_INT(resp.status, 200);
    CHECK_STR(resp.body.data, "{\"name\": \"alice\", \"n\": 3}");
    hfhub__http_response_free(&resp);
    CHECK_STR(fake.last_method, "GET");
    CHECK_STR(fake.last_auth, "Bearer hf_tok");
    CHECK(strncmp(fake.last_ua, "unknown/None; hfhub/", 20) == 0);
    CHECK_INT(strlen(fake.last_trace), 36);
    CHECK_OK(hfhub__client_json(c, "POST", "https://hub.example/api/x", "{\"a\":1}", &doc));
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "name"), NULL), "alice");
    hfhub_json_free(doc);
    CHECK_STR(fake.last_method, "POST");
    CHECK_STR(fake.last_ctype, "application/json");
    CHECK_STR(fake.last_body, "{\"a\":1}");
    CHECK_INT(fake.calls, 2);
    /* a per-call token=False: no authorization */
    r.auth = HFHUB__AUTH_NONE;
    CHECK_OK(hfhub__client_request(c, &r, &resp));
    hfhub__http_response_free(&resp);
    CHECK_STR(fake.last_auth, "");
    hfhub_client_free(c);

    /* offline: nothing is sent, whatever the call */
    env_set("HF_HUB_OFFLINE=1");
    c = client_with(NULL);
    if (!c) return;
    r.auth = 0;
    CHECK_INT(hfhub__client_request(c, &r, &resp), HFHUB_ERR_NETWORK);
    hfhub__http_response_free(&resp);
    CHECK(strstr(hfhub_last_error()->message, "offline mode is enabled") != NULL);
    CHECK_INT(hfhub__client_json(c, "GET", "https://hub.example/api/x", NULL, &doc), HFHUB_ERR_NETWORK);
    CHECK(doc == NULL);
    {
        char buf[16];
        size_t len = 99;
        CHECK_INT(hfhub_download_to_buffer(c, "a/b", "f", NULL, buf, sizeof buf, &len), HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND);
        CHECK_INT(len, 0);
    }
    CHECK_INT(fake.calls, 0);
    hfhub_client_free(c);
    env_clear();
}

static void test_proxy_and_timeouts(void) {
    hfhub_config cfg;
    hfhub_client *c;
    hfhub__req r;
    hfhub__http_response resp;
    char buf[8];
    size_t len;
    env_set("HTTPS_PROXY=http://envproxy:3128|HF_HUB_DOWNLOAD_TIMEOUT=7");
    memset(&r, 0, sizeof r);
    r.url = "https://hub.example/api/x";
    r.timeout_ms = 1234;
    c = client_with(NULL);
    fake.n_responses = 1;
    fake.responses[0].status = 200;
    CHECK_OK(hfhub__client_request(c, &r, &resp));
    hfhub__http_response_free(&resp);
    CHECK_STR(fake.last_proxy, "http://envproxy:3128");
    hfhub_client_free(c);
    memset(&cfg, 0, sizeof cfg);
    cfg.proxy = ""; /* direct, whatever the environment says */
    c = client_with(&cfg);
    fake.n_responses = 1;
    fake.responses[0].status = 200;
    CHECK_OK(hfhub__client_request(c, &r, &resp));
    hfhub__http_response_free(&resp);
    CHECK_STR(fake.last_proxy, "");
    hfhub_client_free(c);
    cfg.proxy = "http://cfgproxy:8080";
    c = client_with(&cfg);
    fake.n_responses = 1;
    fake.responses[0].status = 200;
    fake.responses[0].body = "ok";
    CHECK_OK(hfhub_download_to_buffer(c, "a/b", "f", NULL, buf, sizeof buf, &len));
    CHECK_STR(fake.last_proxy, "http://cfgproxy:8080");
    CHECK_INT(fake_timeout_ms, 7000); /* HF_HUB_DOWNLOAD_TIMEOUT */
    hfhub_client_free(c);
    env_clear();
}

/* ---- logs: levels from the environment, HF_DEBUG curl lines, never a token -------------- */

static char logged[8192];

static void capture_log(void *user, int level, const char *msg) {
    size_t n = strlen(logged);
    (void)user;
    snprintf(logged + n, sizeof logged - n, "%d %s\n", level, msg);
}

static void test_debug_log(void) {
    hfhub_config cfg;
    hfhub_client *c;
    hfhub_client_info info;
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_header extra[1];
    memset(&cfg, 0, sizeof cfg);
    cfg.log = capture_log;
    env_set("HF_HUB_VERBOSITY=info");
    c = client_with(&cfg);
    hfhub_client_get_info(c, &info);
    CHECK_INT(info.log_level, HFHUB_LOG_INFO);
    CHECK_INT(info.debug, 0);
    hfhub_client_free(c);
    env_set(NULL);
    c = client_with(&cfg);
    hfhub_client_get_info(c, &info);
    CHECK_INT(info.log_level, HFHUB_LOG_WARN); /* Python's default */
    hfhub_client_free(c);

    env_set("HF_DEBUG=1|HF_TOKEN=hf_very_secret|HF_HUB_VERBOSITY=error");
    logged[0] = 0;
    c = client_with(&cfg);
    hfhub_client_get_info(c, &info);
    CHECK_INT(info.log_level, HFHUB_LOG_DEBUG);
    fake.n_responses = 1;
    fake.responses[0].status = 200;
    memset(&r, 0, sizeof r);
    r.method = "POST";
    r.url = "https://hub.example/api/x?a=1&b=2";
    r.body = "{\"k\": \"it's\"}\n";
    r.body_len = strlen((const char *)r.body);
    extra[0].name = "X-Request-Id";
    extra[0].value = "rid-7";
    r.headers = extra;
    r.n_headers = 1;
    CHECK_OK(hfhub__client_request(c, &r, &resp));
    hfhub__http_response_free(&resp);
    CHECK(strstr(logged, "4 Request rid-7: POST https://hub.example/api/x?a=1&b=2 (authenticated: True)\n") != NULL);
    CHECK(strstr(logged, "4 Send: curl -X POST -H 'authorization: <TOKEN>' -H 'user-agent: unknown/None; hfhub/") != NULL);
    CHECK(strstr(logged, " -H 'x-amzn-trace-id: rid-7' -H 'x-request-id: rid-7' -d '{\"k\": \"it'\"'\"'s\"}' "
                         "'https://hub.example/api/x?a=1&b=2'\n") != NULL);
    CHECK(strstr(logged, "hf_very_secret") == NULL);
    if (t__cur_failed) fprintf(stderr, "--- log ---\n%s", logged);
    hfhub_client_free(c);
    env_clear();
}

/* ---- download to a buffer ---------------------------------------------------------------- */

static int cancel_after_first(void *user, const hfhub_progress *p) {
    int *seen = (int *)user;
    (*seen)++;
    return p->bytes_done > 0;
}

static void test_download_to_buffer(void) {
    hfhub_client *c;
    hfhub_download_opts o;
    char buf[64];
    size_t len = 0;
    int seen = 0;
    env_set("HF_ENDPOINT=https://hub.example|HF_TOKEN=hf_tok");
    c = client_with(NULL);
    if (!c) return;
    /* a redirect to another host: followed, without the token */
    fake.n_responses = 2;
    fake.responses[0].status = 302;
    fake.responses[0].headers[0] = "Location: https://cdn.example/blob?sig=1";
    fake.responses[1].status = 200;
    fake.responses[1].headers[0] = "Content-Length: 11";
    fake.responses[1].body = "hello world";
    memset(&o, 0, sizeof o);
    o.repo_type = "dataset";
    o.revision = "refs/pr/2";
    o.subfolder = "sub dir";
    CHECK_OK(hfhub_download_to_buffer(c, "org/data", "f.txt", &o, buf, sizeof buf, &len));
    CHECK_INT(len, 11);
    CHECK(memcmp(buf, "hello world", 11) == 0);
    CHECK_INT(fake.calls, 2);
    CHECK_STR(fake.urls[0], "https://hub.example/datasets/org/data/resolve/refs%2Fpr%2F2/sub%20dir/f.txt");
    CHECK_STR(fake.urls[1], "https://cdn.example/blob?sig=1");
    CHECK_INT(fake.had_auth[0], 1);
    CHECK_INT(fake.had_auth[1], 0);

    /* does not fit: announced by Content-Length, or found while receiving */
    fake.calls = 0;
    fake.n_responses = 1;
    fake.responses[0] = fake.responses[1];
    CHECK_INT(hfhub_download_to_buffer(c, "a/b", "f", NULL, buf, 5, &len), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(len, 0);
    fake.calls = 0;
    fake.responses[0].headers[0] = NULL;
    CHECK_INT(hfhub_download_to_buffer(c, "a/b", "f", NULL, buf, 10, &len), HFHUB_ERR_TOO_LARGE);
    CHECK_OK(hfhub_download_to_buffer(c, "a/b", "f", NULL, buf, 11, &len)); /* exactly fits */
    CHECK_INT(len, 11);

    /* the error body of a 404 makes the message */
    fake.calls = 0;
    memset(&fake.responses[0], 0, sizeof fake.responses[0]);
    fake.responses[0].status = 404;
    fake.responses[0].headers[0] = "X-Error-Code: EntryNotFound";
    fake.responses[0].body = "{\"error\": \"No such file at this revision\"}";
    CHECK_INT(hfhub_download_to_buffer(c, "a/b", "missing.bin", NULL, buf, sizeof buf, &len), HFHUB_ERR_ENTRY_NOT_FOUND);
    CHECK_STR(hfhub_last_error()->message,
              "404 Client Error.\n\nEntry Not Found for url: https://hub.example/a/b/resolve/main/missing.bin.\n"
              "No such file at this revision");

    /* progress and cancel */
    memset(&fake.responses[0], 0, sizeof fake.responses[0]);
    fake.responses[0].status = 200;
    fake.responses[0].body = "0123456789";
    memset(&o, 0, sizeof o);
    o.progress = cancel_after_first;
    o.progress_user = &seen;
    CHECK_INT(hfhub_download_to_buffer(c, "a/b", "f", &o, buf, sizeof buf, &len), HFHUB_ERR_CANCELLED);
    CHECK_INT(seen, 1);

    /* bad input: nothing sent */
    fake.calls = 0;
    CHECK_INT(hfhub_download_to_buffer(c, "a/b/c", "f", NULL, buf, sizeof buf, &len), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_download_to_buffer(c, "a/b", "../f", NULL, buf, sizeof buf, &len), HFHUB_ERR_INVALID_ARG);
    o.repo_type = "models";
    CHECK_INT(hfhub_download_to_buffer(c, "a/b", "f", &o, buf, sizeof buf, &len), HFHUB_ERR_INVALID_ARG);
    memset(&o, 0, sizeof o);
    o.local_files_only = 1;
    CHECK_INT(hfhub_download_to_buffer(c, "a/b", "f", &o, buf, sizeof buf, &len), HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND);
    CHECK_INT(fake.calls, 0);
    hfhub_client_free(c);
    env_clear();
}

int main(void) {
    char cmd[300];
    snprintf(tmp, sizeof tmp, "/tmp/hfhub_test_client.XXXXXX");
    if (!mkdtemp(tmp)) { perror("mkdtemp"); return 1; }
    RUN(test_env_paths);
    RUN(test_env_config_wins);
    RUN(test_env_flags);
    RUN(test_tokens);
    RUN(test_stored_tokens);
    RUN(test_user_agent);
    RUN(test_auth_headers);
    RUN(test_repo_ids);
    RUN(test_urls);
    RUN(test_allocator);
    RUN(test_error_mapping);
    RUN(test_request_helper);
    RUN(test_download_to_buffer);
    RUN(test_proxy_and_timeouts);
    RUN(test_debug_log);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
    return TEST_END();
}
