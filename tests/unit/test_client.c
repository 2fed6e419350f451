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
} fake_transport;

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
    f->n_last_headers = (int)req->n_headers;
    for (i = 0; i < req->n_headers; i++) {
        const char *n = req->headers[i].name, *v = req->headers[i].value;
        if (!strcmp(n, "authorization")) fake_copy(f->last_auth, sizeof f->last_auth, v);
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
    "T_VAR"};

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
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
    return TEST_END();
}
