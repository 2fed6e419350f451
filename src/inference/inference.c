/* inference.c: the inference client, the provider mapping cache, routing and requests. */
#include <stdlib.h>
#include <string.h>

#define HFHUB__INF_ROUTER "https://router.huggingface.co"
#define HFHUB__INF_ENDPOINTS "https://api.endpoints.huggingface.cloud/v2"

static const char *hfhub__inf_env(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* A copy without trailing '/'. */
static const char *hfhub__inf_base(hfhub__arena *ar, const char *v) {
    size_t n = strlen(v);
    while (n > 1 && v[n - 1] == '/') n--;
    return hfhub__arena_strndup(ar, v, n);
}

static int hfhub__inf_is_http_url(const char *s) {
    return s && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8));
}

hfhub_result hfhub_inference_new(hfhub_client *c, const hfhub_inference_config *cfg, hfhub_inference **out) {
    hfhub_inference_config z;
    hfhub_inference *inf;
    const char *router, *eps;
    size_t i;
    int oom = 0;
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_inference_new: no client");
    if (!cfg) {
        memset(&z, 0, sizeof z);
        cfg = &z;
    }
    if (cfg->provider && *cfg->provider && strcmp(cfg->provider, "auto") && !hfhub__inf_is_http_url(cfg->provider) &&
        !hfhub__inf_direct_base(cfg->provider) && strcmp(cfg->provider, "hf-inference"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Provider '%s' not supported. Available values: 'auto' or any provider "
                           "from the inference providers table.", cfg->provider);
    if (cfg->n_headers > 16) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "at most 16 extra headers");
    inf = (hfhub_inference *)hfhub__alloc(c->a, sizeof *inf);
    if (!inf) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(inf, 0, sizeof *inf);
    inf->c = c;
    hfhub__arena_init(&inf->arena, c->a);
    if (hfhub__mutex_init(&inf->lock)) {
        hfhub__free(c->a, inf, sizeof *inf);
        return hfhub__fail(HFHUB_ERR_NOMEM, "cannot create a mutex");
    }
    router = cfg->router_url ? cfg->router_url : hfhub__inf_env("HF_ROUTER_URL");
    eps = cfg->endpoints_url ? cfg->endpoints_url : hfhub__inf_env("HF_ENDPOINTS_API_URL");
    inf->router = hfhub__inf_base(&inf->arena, router ? router : HFHUB__INF_ROUTER);
    inf->endpoints = hfhub__inf_base(&inf->arena, eps ? eps : HFHUB__INF_ENDPOINTS);
    inf->hub = c->endpoint;
    inf->model = cfg->model ? hfhub__arena_strdup(&inf->arena, cfg->model) : NULL;
    inf->provider = hfhub__arena_strdup(&inf->arena, cfg->provider && *cfg->provider ? cfg->provider : "auto");
    inf->api_key = cfg->api_key ? hfhub__arena_strdup(&inf->arena, cfg->api_key) : NULL;
    inf->bill_to = cfg->bill_to ? hfhub__arena_strdup(&inf->arena, cfg->bill_to) : NULL;
    oom = !inf->router || !inf->endpoints || !inf->provider || (cfg->model && !inf->model) ||
          (cfg->api_key && !inf->api_key) || (cfg->bill_to && !inf->bill_to);
    if (cfg->n_headers) {
        inf->headers = (hfhub_header *)hfhub__arena_alloc(&inf->arena, cfg->n_headers * sizeof *inf->headers);
        oom |= !inf->headers;
        for (i = 0; inf->headers && i < cfg->n_headers; i++) {
            inf->headers[i].name = hfhub__arena_strdup(&inf->arena, cfg->headers[i].name);
            inf->headers[i].value = hfhub__arena_strdup(&inf->arena, cfg->headers[i].value);
            oom |= !inf->headers[i].name || !inf->headers[i].value;
        }
        inf->n_headers = cfg->n_headers;
    }
    inf->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 0;
    inf->allow_any = cfg->allow_token_to_any_url;
    inf->max_retries = cfg->max_retries < 0 ? 0 : cfg->max_retries ? cfg->max_retries : 3;
    inf->poll_interval_ms = cfg->poll_interval_ms;
    inf->poll_timeout_ms = cfg->poll_timeout_ms > 0 ? cfg->poll_timeout_ms : 600000;
    if (oom) {
        hfhub_inference_free(inf);
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    *out = inf;
    return HFHUB_OK;
}

void hfhub_inference_free(hfhub_inference *inf) {
    const hfhub_allocator *a;
    if (!inf) return;
    a = inf->c->a;
    hfhub__mutex_destroy(&inf->lock);
    hfhub__arena_free(&inf->arena);
    hfhub__free(a, inf, sizeof *inf);
}

void hfhub_inference_get_info(const hfhub_inference *inf, hfhub_inference_info *out) {
    out->router_url = inf->router;
    out->hub_url = inf->hub;
    out->endpoints_url = inf->endpoints;
    out->model = inf->model;
    out->provider = inf->provider;
}

/* ---- the provider mapping ---------------------------------------------------------------- */

/* The token for Hub calls: an HF api_key, else the client's (per its rules). */
static const char *hfhub__inf_hub_token(const hfhub_inference *inf) {
    if (inf->api_key && !strncmp(inf->api_key, "hf_", 3)) return inf->api_key;
    return NULL;
}

static const char *hfhub__inf_dupv(hfhub__arena *ar, const hfhub_json_value *v, int *oom) {
    const char *s = hfhub_json_str(v, NULL);
    char *d;
    if (!s) return NULL;
    d = hfhub__arena_strdup(ar, s);
    if (!d) *oom = 1;
    return d;
}

/* Reads {"inferenceProviderMapping": {provider: {...}} | [{provider, ...}]} into the cache
 * entry (under the lock). */
static hfhub_result hfhub__inf_parse_mapping(hfhub_inference *inf, const char *model, const hfhub_json_value *m,
                                             hfhub__inf_mapcache *e) {
    size_t i, n = hfhub_json_len(m);
    int oom = 0, is_list = hfhub_json_type_of(m) == HFHUB_JSON_ARRAY;
    if (hfhub_json_type_of(m) != HFHUB_JSON_OBJECT && !is_list) n = 0;
    e->entries = n ? (hfhub_provider_mapping *)hfhub__arena_alloc(&inf->arena, n * sizeof *e->entries) : NULL;
    if (n && !e->entries) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *v = hfhub_json_at(m, i);
        hfhub_provider_mapping *p = &e->entries[e->n];
        if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) continue;
        memset(p, 0, sizeof *p);
        if (is_list) p->provider = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "provider"), &oom);
        else p->provider = hfhub__arena_strdup(&inf->arena, hfhub_json_key_at(m, i, NULL));
        p->hf_model_id = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "hfModelId"), &oom);
        if (!p->hf_model_id) p->hf_model_id = model;
        p->provider_id = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "providerId"), &oom);
        p->status = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "status"), &oom);
        p->task = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "task"), &oom);
        p->adapter = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "adapter"), &oom);
        p->adapter_weights_path = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "adapterWeightsPath"), &oom);
        p->type = hfhub__inf_dupv(&inf->arena, hfhub_json_get(v, "type"), &oom);
        if (!p->provider || !p->provider_id) continue; /* unusable entry: skipped */
        e->n++;
    }
    return oom ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

static hfhub_result hfhub__inf_fetch_mapping(hfhub_inference *inf, const char *model, hfhub__inf_mapcache **out) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub__buf url;
    const hfhub_json_value *root;
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    hfhub__inf_mapcache *e;
    hfhub_result res;
    hfhub__buf_init(&url, inf->c->a);
    hfhub__buf_printf(&url, "%s/api/models/", inf->hub);
    hfhub__url_quote(&url, model, strlen(model), "/");
    hfhub__buf_puts(&url, "?expand=inferenceProviderMapping");
    if (url.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(&r, 0, sizeof r);
    r.url = url.data;
    r.token = hfhub__inf_hub_token(inf);
    r.timeout_ms = inf->timeout_ms;
    res = hfhub__client_request(inf->c, &r, &resp);
    if (!res) {
        memset(&o, 0, sizeof o);
        o.allocator = inf->c->a;
        res = hfhub_json_parse(resp.body.data ? resp.body.data : "", resp.body.len, &o, &doc);
    }
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&url);
    if (res) return res;
    root = hfhub_json_root(doc);
    hfhub__mutex_lock(&inf->lock);
    e = (hfhub__inf_mapcache *)hfhub__arena_alloc(&inf->arena, sizeof *e);
    if (!e) res = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    else {
        memset(e, 0, sizeof *e);
        e->model = hfhub__arena_strdup(&inf->arena, model);
        res = e->model ? hfhub__inf_parse_mapping(inf, e->model, hfhub_json_get(root, "inferenceProviderMapping"), e)
                       : hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        if (!res) {
            e->next = inf->maps;
            inf->maps = e;
            *out = e;
        }
    }
    hfhub__mutex_unlock(&inf->lock);
    hfhub_json_free(doc);
    return res;
}

static hfhub__inf_mapcache *hfhub__inf_cached(hfhub_inference *inf, const char *model) {
    hfhub__inf_mapcache *e;
    hfhub__mutex_lock(&inf->lock);
    for (e = inf->maps; e && strcmp(e->model, model); e = e->next) {}
    hfhub__mutex_unlock(&inf->lock);
    return e;
}

static hfhub_result hfhub__inf_mapping(hfhub_inference *inf, const char *model, hfhub__inf_mapcache **out) {
    *out = hfhub__inf_cached(inf, model);
    return *out ? HFHUB_OK : hfhub__inf_fetch_mapping(inf, model, out);
}

hfhub_result hfhub_inference_provider_mapping(hfhub_inference *inf, const char *model,
                                              const hfhub_provider_mapping **out, size_t *n) {
    hfhub__inf_mapcache *e;
    hfhub_result r;
    *out = NULL;
    *n = 0;
    if (!model) model = inf->model;
    if (!model || hfhub__inf_is_http_url(model))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "a provider mapping needs a model id");
    r = hfhub__inf_mapping(inf, model, &e);
    if (r) return r;
    *out = e->entries;
    *n = e->n;
    return HFHUB_OK;
}

hfhub_result hfhub__inf_candidates(hfhub_inference *inf, const char *task, const char *model, const char **out,
                                   size_t cap, size_t *n) {
    hfhub__inf_mapcache *e;
    hfhub_result r;
    size_t i;
    *n = 0;
    if (!model) model = inf->model;
    if (hfhub__inf_is_http_url(model) || hfhub__inf_is_http_url(inf->provider) || (!model && !strcmp(inf->provider, "auto"))) {
        out[(*n)++] = hfhub__inf_is_http_url(inf->provider) ? inf->provider : "hf-inference";
        return HFHUB_OK;
    }
    if (strcmp(inf->provider, "auto")) {
        out[(*n)++] = inf->provider;
        return HFHUB_OK;
    }
    if (!strcmp(task, "conversational")) { /* the router's OpenAI-compatible auto-router */
        out[(*n)++] = "auto";
        return HFHUB_OK;
    }
    r = hfhub__inf_mapping(inf, model, &e);
    if (r) return r;
    for (i = 0; i < e->n && *n < cap; i++) {
        const hfhub_provider_mapping *p = &e->entries[i];
        if (!p->task || strcmp(p->task, task) || !p->status || strcmp(p->status, "live")) continue;
        if (!hfhub_inference_provider_supports(p->provider, task)) continue; /* unknown: skipped */
        out[(*n)++] = p->provider;
    }
    if (!*n)
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "No live provider for task '%s' found in the provider mapping of model %s "
                           "(%lu entries).", task, model, (unsigned long)e->n);
    return HFHUB_OK;
}

int hfhub__inf_can_fall_back(hfhub_result r) {
    const hfhub_error *e = hfhub_last_error();
    if (r == HFHUB_ERR_NETWORK || r == HFHUB_ERR_TIMEOUT) return 1;
    return (r == HFHUB_ERR_HTTP || r == HFHUB_ERR_BAD_REQUEST) && (e->http_status == 404 || e->http_status >= 500);
}

/* ---- targets ------------------------------------------------------------------------------ */

int hfhub__inf_is_hf_url(const hfhub_inference *inf, const char *url) {
    static const char *const suffixes[] = {".huggingface.co", ".hf.co", ".huggingface.cloud"};
    const char *bases[3];
    hfhub__arena ar;
    hfhub__url u;
    size_t i;
    int hf = 0;
    bases[0] = inf->router;
    bases[1] = inf->hub;
    bases[2] = inf->endpoints;
    for (i = 0; i < 3; i++) {
        size_t n = strlen(bases[i]);
        if (!strncmp(url, bases[i], n) && (url[n] == 0 || url[n] == '/' || url[n] == '?')) return 1;
    }
    hfhub__arena_init(&ar, inf->c->a);
    if (hfhub__url_parse(&ar, url, &u) == HFHUB_OK && !strcmp(u.scheme, "https")) {
        size_t hl = strlen(u.host);
        hf = !strcmp(u.host, "huggingface.co") || !strcmp(u.host, "hf.co");
        for (i = 0; i < 3 && !hf; i++) {
            size_t sl = strlen(suffixes[i]);
            hf = hl > sl && !strcmp(u.host + hl - sl, suffixes[i]);
        }
    }
    hfhub__arena_free(&ar);
    return hf;
}

/* The implicit token, per the client's rules (token=None in Python). */
static const char *hfhub__inf_client_token(const hfhub_inference *inf) {
    const hfhub_client *c = inf->c;
    if (c->no_token || !c->token) return NULL;
    if (c->disable_implicit_token && !c->token_explicit) return NULL;
    return c->token;
}

static hfhub_result hfhub__inf_find_mapping(hfhub_inference *inf, hfhub__inf_target *t) {
    hfhub__inf_mapcache *e;
    hfhub_result r;
    size_t i;
    if (!strcmp(t->provider, "hf-inference")) { /* hf-inference uses the HF id as is */
        t->provider_id = t->model;
        return HFHUB_OK;
    }
    r = hfhub__inf_mapping(inf, t->model, &e);
    if (r) return r;
    for (i = 0; i < e->n; i++) {
        if (strcmp(e->entries[i].provider, t->provider)) continue;
        if (e->entries[i].task && strcmp(e->entries[i].task, t->task))
            return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "Model %s is not supported for task %s and provider %s. Supported task: %s.",
                               t->model, t->task, t->provider, e->entries[i].task);
        t->mapping = &e->entries[i];
        t->provider_id = e->entries[i].provider_id;
        return HFHUB_OK;
    }
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "Model %s is not supported by provider %s.", t->model, t->provider);
}

static hfhub_result hfhub__inf_target_url(hfhub_inference *inf, hfhub__inf_target *t) {
    hfhub__buf b;
    hfhub_result r = HFHUB_OK;
    hfhub__buf_init(&b, inf->c->a);
    if (t->is_url) {
        if (!strcmp(t->task, "conversational")) hfhub__inf_chat_url(&b, t->endpoint);
        else hfhub__buf_puts(&b, t->endpoint);
    } else if (!strcmp(t->provider, "auto")) {
        hfhub__buf_printf(&b, "%s/v1/chat/completions", inf->router);
    } else {
        const char *direct = hfhub__inf_direct_base(t->provider);
        int provider_key = t->key && strncmp(t->key, "hf_", 3);
        if (!strcmp(t->provider, "openai")) {
            if (!provider_key) r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "OpenAI provider requires an OpenAI API key (an HF token was given).");
            t->routed = 0;
        } else {
            t->routed = !provider_key || !direct;
        }
        if (t->routed) hfhub__buf_printf(&b, "%s/%s", inf->router, t->provider);
        else if (t->queue) hfhub__buf_puts(&b, "https://queue.fal.run");
        else hfhub__buf_puts(&b, direct);
        if (!r) r = hfhub__inf_route(t->provider, t->task, t->provider_id, &b);
        if (!r && t->queue && t->routed) hfhub__buf_puts(&b, "?_subdomain=queue");
    }
    if (!r && b.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r) {
        t->url = hfhub__arena_strdup(&t->ar, b.data);
        if (!t->url) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    hfhub__buf_free(&b);
    return r;
}

static int hfhub__inf_fal_queue_task(const char *task) {
    return !strcmp(task, "text-to-video") || !strcmp(task, "image-to-video") || !strcmp(task, "image-to-image") ||
           !strcmp(task, "image-segmentation");
}

hfhub_result hfhub__inf_target_init(hfhub_inference *inf, const char *task, const char *model, const char *provider,
                                    hfhub__inf_target *t) {
    hfhub_result r;
    memset(t, 0, sizeof *t);
    hfhub__arena_init(&t->ar, inf->c->a);
    t->task = task;
    t->model = model ? model : inf->model;
    t->provider = provider ? provider : inf->provider;
    /* an endpoint: the model is an URL, or the provider is (then the model names the body's model) */
    t->endpoint = hfhub__inf_is_http_url(t->model) ? t->model : hfhub__inf_is_http_url(t->provider) ? t->provider : NULL;
    t->is_url = t->endpoint != NULL;
    if (t->is_url) t->provider = "hf-inference";
    if (t->is_url && !t->model) t->model = t->endpoint;
    if (!t->model) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "task %s needs a model (hf-inference's default models are "
                                      "not looked up)", task);
    t->key = inf->api_key ? inf->api_key : hfhub__inf_client_token(inf);
    t->queue = !strcmp(t->provider, "fal-ai") && hfhub__inf_fal_queue_task(task);
    if (!t->is_url && strcmp(t->provider, "auto")) {
        if (!hfhub_inference_provider_supports(t->provider, task))
            return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "Task '%s' not supported for provider '%s'.", task, t->provider);
        r = hfhub__inf_find_mapping(inf, t);
        if (r) return r;
    } else {
        t->provider_id = t->model;
        t->routed = !t->is_url;
    }
    r = hfhub__inf_target_url(inf, t);
    if (r) return r;
    /* the implicit token never leaves for a foreign URL unless allowed */
    if (!inf->api_key && t->key && !inf->allow_any && !hfhub__inf_is_hf_url(inf, t->url)) t->key = NULL;
    return HFHUB_OK;
}

void hfhub__inf_target_free(hfhub__inf_target *t) { hfhub__arena_free(&t->ar); }

/* ---- requests ----------------------------------------------------------------------------- */

hfhub_result hfhub__inf_map_error(const hfhub__http_response *resp, const char *url, const char *body, size_t len) {
    hfhub_result r;
    const hfhub_error *e;
    if (resp->status < 400) return HFHUB_OK;
    r = hfhub__map_http_error(resp, url, body, len);
    e = hfhub_last_error();
    if (resp->status == 422) { /* a bad request too; message, request id and code kept */
        hfhub__buf m, code, rid;
        hfhub__buf_init(&m, resp->body.a);
        hfhub__buf_init(&code, resp->body.a);
        hfhub__buf_init(&rid, resp->body.a);
        hfhub__buf_puts(&m, e->message); /* copies: the detail is overwritten by the new failure */
        hfhub__buf_puts(&code, e->server_code);
        hfhub__buf_puts(&rid, e->request_id);
        r = hfhub__fail_http(HFHUB_ERR_BAD_REQUEST, resp->status, code.data ? code.data : "", rid.data ? rid.data : "", "%s",
                             m.data ? m.data : "422 Unprocessable Entity");
        hfhub__buf_free(&m);
        hfhub__buf_free(&code);
        hfhub__buf_free(&rid);
    }
    return r;
}

hfhub_result hfhub__inf_request(hfhub_inference *inf, const hfhub__inf_target *t, const hfhub__inf_post *p,
                                hfhub__http_response *resp) {
    hfhub_header hd[24];
    hfhub__buf auth;
    hfhub__req r;
    size_t n = 0, i;
    hfhub_result res;
    const char *url = p->url ? p->url : t->url;
    hfhub__buf_init(&auth, inf->c->a);
    if (!p->no_auth && t->key) {
        int fal_key = !strcmp(t->provider, "fal-ai") && !t->routed;
        hfhub__buf_printf(&auth, "%s %s", fal_key ? "Key" : "Bearer", t->key);
        if (auth.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        hd[n].name = "authorization";
        hd[n++].value = auth.data;
    }
    if (!p->no_auth && inf->bill_to && t->key && !strncmp(t->key, "hf_", 3)) {
        hd[n].name = "X-HF-Bill-To";
        hd[n++].value = inf->bill_to;
    }
    if (!p->no_auth) {
        if (!strcmp(t->provider, "replicate")) { hd[n].name = "prefer"; hd[n++].value = "wait"; }
        if (!strcmp(t->provider, "zai-org")) {
            hd[n].name = "accept-language"; hd[n++].value = "en-US,en";
            hd[n].name = "x-source-channel"; hd[n++].value = "hugging_face";
        }
        for (i = 0; i < inf->n_headers; i++) hd[n++] = inf->headers[i];
    }
    if (p->body) {
        hd[n].name = "content-type";
        hd[n++].value = p->content_type ? p->content_type : "application/json";
    }
    if (p->accept) { hd[n].name = "accept"; hd[n++].value = p->accept; }
    memset(&r, 0, sizeof r);
    r.method = p->method ? p->method : p->body ? "POST" : "GET";
    r.url = url;
    r.headers = hd;
    r.n_headers = n;
    r.body = p->body;
    r.body_len = p->body_len;
    r.auth = HFHUB__AUTH_NONE; /* the key, when any, is among the headers */
    r.timeout_ms = inf->timeout_ms;
    r.max_retries = inf->max_retries;
    r.retry_mask = HFHUB__RETRY_429 | HFHUB__RETRY_5XX;
    r.sink = p->sink;
    r.max_body = (size_t)256 << 20;
    res = hfhub__client_request(inf->c, &r, resp);
    hfhub__buf_free(&auth);
    if (res == HFHUB_ERR_TIMEOUT) /* InferenceTimeoutError */
        return hfhub__fail(HFHUB_ERR_TIMEOUT, "Inference call timed out: %s", url);
    if (res && resp->status >= 400 && !p->sink) {
        /* re-map with the inference rules (422 -> bad request) */
        return hfhub__inf_map_error(resp, url, NULL, 0);
    }
    return res;
}

/* ---- JSON helpers ------------------------------------------------------------------------- */

hfhub_result hfhub__inf_jw_json(hfhub__jw *w, const char *json, const hfhub_allocator *a) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    hfhub_result r;
    memset(&o, 0, sizeof o);
    o.allocator = a;
    r = hfhub_json_parse(json, strlen(json), &o, &doc);
    if (r) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "not valid JSON: %.80s", json);
    hfhub__jw_value(w, hfhub_json_root(doc));
    hfhub_json_free(doc);
    return HFHUB_OK;
}

/* Writes base with extra merged in: objects recursively, anything else replaced by extra. */
static void hfhub__inf_merge(hfhub__jw *w, const hfhub_json_value *base, const hfhub_json_value *extra) {
    size_t i, kl;
    if (hfhub_json_type_of(base) != HFHUB_JSON_OBJECT || hfhub_json_type_of(extra) != HFHUB_JSON_OBJECT) {
        hfhub__jw_value(w, extra ? extra : base);
        return;
    }
    hfhub__jw_begin_object(w);
    for (i = 0; i < hfhub_json_len(base); i++) {
        const char *k = hfhub_json_key_at(base, i, &kl);
        hfhub__jw_keyn(w, k, kl);
        hfhub__inf_merge(w, hfhub_json_at(base, i), hfhub_json_getn(extra, k, kl));
    }
    for (i = 0; i < hfhub_json_len(extra); i++) {
        const char *k = hfhub_json_key_at(extra, i, &kl);
        if (hfhub_json_getn(base, k, kl)) continue;
        hfhub__jw_keyn(w, k, kl);
        hfhub__jw_value(w, hfhub_json_at(extra, i));
    }
    hfhub__jw_end_object(w);
}

hfhub_result hfhub__inf_merge_extra(hfhub__buf *b, const char *extra, const hfhub_allocator *a) {
    hfhub_json_doc *db = NULL, *de = NULL;
    hfhub_json_parse_opts o;
    hfhub__buf out;
    hfhub__jw w;
    hfhub_result r;
    if (!extra) return HFHUB_OK;
    memset(&o, 0, sizeof o);
    o.allocator = a;
    if (hfhub_json_parse(extra, strlen(extra), &o, &de) || hfhub_json_type_of(hfhub_json_root(de)) != HFHUB_JSON_OBJECT) {
        hfhub_json_free(de);
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "extra_body must be a JSON object");
    }
    r = hfhub_json_parse(b->data, b->len, &o, &db);
    if (r) {
        hfhub_json_free(de);
        return r;
    }
    hfhub__buf_init(&out, a);
    hfhub__jw_init(&w, &out, HFHUB__JW_COMPACT);
    hfhub__inf_merge(&w, hfhub_json_root(db), hfhub_json_root(de));
    r = hfhub__jw_result(&w);
    hfhub_json_free(db);
    hfhub_json_free(de);
    if (r) {
        hfhub__buf_free(&out);
        return r;
    }
    hfhub__buf_free(b);
    *b = out;
    return HFHUB_OK;
}

#undef HFHUB__INF_ROUTER
#undef HFHUB__INF_ENDPOINTS
