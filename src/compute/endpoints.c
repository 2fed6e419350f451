/* endpoints.c: Inference Endpoints (spec inference.md §4). */
#include <string.h>
#include <stdlib.h>
#include "endpoints.h"
#include "jobs_int.h"
#include "endpoints_int.h"

#define HFHUB__EP_API "https://api.endpoints.huggingface.cloud/v2"
#define HFHUB__EP_CATALOG "https://endpoints.huggingface.co/api/catalog"
#define HFHUB__EP_STR(v, k) hfhub_json_str(hfhub_json_get((v), (k)), NULL)

static const char *hfhub__ep_api(const hfhub_endpoint_opts *o) {
    const char *e;
    if (o && o->api_base) return o->api_base;
    e = getenv("HF_INFERENCE_ENDPOINTS_ENDPOINT");
    return e && *e ? e : HFHUB__EP_API;
}

static const char *hfhub__ep_catalog(const hfhub_endpoint_opts *o) {
    const char *e;
    if (o && o->catalog_base) return o->catalog_base;
    e = getenv("HF_INFERENCE_CATALOG_ENDPOINT");
    return e && *e ? e : HFHUB__EP_CATALOG;
}

/* Python: URL-like bases are used as given, without a trailing '/'. */
static void hfhub__ep_base(hfhub__buf *b, const char *base) {
    size_t n = strlen(base);
    while (n && base[n - 1] == '/') n--;
    hfhub__buf_append(b, base, n);
}

/* ---- parsing ------------------------------------------------------------------------------- */

hfhub_result hfhub__endpoint_parse(const char *ns, const hfhub_json_value *v, hfhub_inference_endpoint *e) {
    const hfhub_json_value *st = hfhub_json_get(v, "status"), *model = hfhub_json_get(v, "model");
    const hfhub_json_value *comp = hfhub_json_get(v, "compute"), *prov = hfhub_json_get(v, "provider");
    const hfhub_json_value *sc = hfhub_json_get(comp, "scaling");
    memset(e, 0, sizeof *e);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT || !HFHUB__EP_STR(v, "name") || !HFHUB__EP_STR(st, "state"))
        return hfhub__fail(HFHUB_ERR_PARSE, "inference endpoint: not an Endpoint object (no name or status.state)");
    e->raw = v;
    e->name = HFHUB__EP_STR(v, "name");
    e->ns = ns;
    e->type = HFHUB__EP_STR(v, "type");
    e->health_route = HFHUB__EP_STR(v, "healthRoute");
    e->repository = HFHUB__EP_STR(model, "repository");
    e->revision = HFHUB__EP_STR(model, "revision");
    e->task = HFHUB__EP_STR(model, "task");
    e->framework = HFHUB__EP_STR(model, "framework");
    e->state = HFHUB__EP_STR(st, "state");
    e->message = HFHUB__EP_STR(st, "message");
    e->url = HFHUB__EP_STR(st, "url");
    e->created_at = HFHUB__EP_STR(st, "createdAt");
    e->updated_at = HFHUB__EP_STR(st, "updatedAt");
    e->vendor = HFHUB__EP_STR(prov, "vendor");
    e->region = HFHUB__EP_STR(prov, "region");
    e->accelerator = HFHUB__EP_STR(comp, "accelerator");
    e->instance_type = HFHUB__EP_STR(comp, "instanceType");
    e->instance_size = HFHUB__EP_STR(comp, "instanceSize");
    e->min_replica = hfhub_json_int(hfhub_json_get(sc, "minReplica"), 0);
    e->max_replica = hfhub_json_int(hfhub_json_get(sc, "maxReplica"), 0);
    e->ready_replica = hfhub_json_int(hfhub_json_get(st, "readyReplica"), 0);
    e->target_replica = hfhub_json_int(hfhub_json_get(st, "targetReplica"), 0);
    return HFHUB_OK;
}

/* Fills *out with the endpoints of root (an Endpoint, or {"items": [...]} when many). */
static hfhub_result hfhub__ep_finish(hfhub_result r, hfhub__arena *ar, const char *ns, const hfhub_json_value *root,
                                     int many, hfhub_inference_endpoint **out, size_t *n_out) {
    const hfhub_json_value *items = many ? hfhub_json_get(root, "items") : root;
    size_t i, n = many ? hfhub_json_len(items) : 1;
    hfhub_inference_endpoint *eps = NULL;
    if (!r && many && hfhub_json_type_of(items) != HFHUB_JSON_ARRAY)
        r = hfhub__fail(HFHUB_ERR_PARSE, "inference endpoints: no items array");
    if (!r && n) {
        eps = (hfhub_inference_endpoint *)hfhub__arena_alloc(ar, n * sizeof *eps);
        if (!eps) r = hfhub__fail(HFHUB_ERR_NOMEM, "endpoints");
    }
    for (i = 0; !r && i < n; i++) r = hfhub__endpoint_parse(ns, many ? hfhub_json_at(items, i) : root, &eps[i]);
    if (n_out) *n_out = r ? 0 : n;
    if (r || !n || !out) {
        hfhub__cres_free(ar);
        if (out) *out = NULL;
        return r;
    }
    eps[0].res_ = ar;
    *out = eps;
    return HFHUB_OK;
}

void hfhub_inference_endpoint_free(hfhub_inference_endpoint *e) {
    if (e) hfhub__cres_free((hfhub__arena *)e->res_);
}

/* ---- the request body ---------------------------------------------------------------------- */

static void hfhub__ep_kvs(hfhub__jw *w, const char *key, const hfhub_job_kv *kv, size_t n) {
    size_t i;
    hfhub__jw_key(w, key);
    hfhub__jw_begin_object(w);
    for (i = 0; i < n; i++) hfhub__jw_kv_string(w, kv[i].key, kv[i].value ? kv[i].value : "");
    hfhub__jw_end_object(w);
}

static hfhub_result hfhub__ep_image(hfhub__jw *w, const hfhub_endpoint_spec *s, const hfhub_allocator *a, int update) {
    if (s->image_json) {
        hfhub__arena ar;
        const hfhub_json_value *v = NULL;
        hfhub_result r;
        hfhub__arena_init(&ar, a);
        r = hfhub__json_parse_in(&ar, s->image_json, strlen(s->image_json), 16, &v);
        if (!r && hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) r = HFHUB_ERR_PARSE;
        if (r) {
            hfhub__arena_free(&ar);
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "endpoint image: not a JSON object");
        }
        hfhub__jw_key(w, "image");
        if (hfhub_json_get(v, "url")) {   /* a flat dict with a url is a custom image */
            hfhub__jw_begin_object(w);
            hfhub__jw_key(w, "custom");
            hfhub__jw_value(w, v);
            hfhub__jw_end_object(w);
        } else {
            hfhub__jw_value(w, v);
        }
        hfhub__arena_free(&ar);
    } else if (s->custom_image_url) {
        hfhub__jw_key(w, "image");
        hfhub__jw_begin_object(w);
        hfhub__jw_key(w, "custom");
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_string(w, "url", s->custom_image_url);
        hfhub__jw_kv_string(w, "healthRoute", s->custom_image_health_route ? s->custom_image_health_route : "/health");
        hfhub__jw_end_object(w);
        hfhub__jw_end_object(w);
    } else if (!update) {
        hfhub__jw_key(w, "image");
        hfhub__jw_begin_object(w);
        hfhub__jw_key(w, "huggingface");
        hfhub__jw_begin_object(w);
        hfhub__jw_end_object(w);
        hfhub__jw_end_object(w);
    }
    return HFHUB_OK;
}

static void hfhub__ep_scaling(hfhub__jw *w, const hfhub_endpoint_spec *s, int update) {
    if (update && !s->min_replica && !s->max_replica && !s->scale_to_zero_timeout && !s->scaling_measure) return;
    hfhub__jw_key(w, "scaling");
    hfhub__jw_begin_object(w);
    if (s->min_replica || !update) hfhub__jw_kv_int(w, "minReplica", s->min_replica == HFHUB_ENDPOINT_ZERO ? 0 : s->min_replica ? s->min_replica : 1);
    if (s->max_replica || !update) hfhub__jw_kv_int(w, "maxReplica", s->max_replica ? s->max_replica : 1);
    if (s->scale_to_zero_timeout) hfhub__jw_kv_int(w, "scaleToZeroTimeout", s->scale_to_zero_timeout);
    else if (!update) {
        hfhub__jw_key(w, "scaleToZeroTimeout");
        hfhub__jw_null(w);
    }
    if (s->scaling_measure) {
        hfhub__jw_key(w, "measure");
        hfhub__jw_begin_object(w);
        hfhub__jw_key(w, s->scaling_measure);
        hfhub__jw_double(w, s->scaling_threshold);
        hfhub__jw_end_object(w);
    }
    hfhub__jw_end_object(w);
}

static void hfhub__ep_compute(hfhub__jw *w, const hfhub_endpoint_spec *s, int update) {
    if (update && !s->accelerator && !s->instance_type && !s->instance_size && !s->min_replica && !s->max_replica &&
        !s->scale_to_zero_timeout && !s->scaling_measure)
        return;
    hfhub__jw_key(w, "compute");
    hfhub__jw_begin_object(w);
    if (s->accelerator) hfhub__jw_kv_string(w, "accelerator", s->accelerator);
    if (s->instance_type) hfhub__jw_kv_string(w, "instanceType", s->instance_type);
    if (s->instance_size) hfhub__jw_kv_string(w, "instanceSize", s->instance_size);
    hfhub__ep_scaling(w, s, update);
    hfhub__jw_end_object(w);
}

static hfhub_result hfhub__ep_model(hfhub__jw *w, const hfhub_endpoint_spec *s, const hfhub_allocator *a, int update) {
    hfhub_result r;
    if (update && !s->repository && !s->framework && !s->revision && !s->task && !s->image_json &&
        !s->custom_image_url && !s->n_env && !s->n_secrets)
        return HFHUB_OK;
    hfhub__jw_key(w, "model");
    hfhub__jw_begin_object(w);
    if (s->repository) hfhub__jw_kv_string(w, "repository", s->repository);
    if (s->framework) hfhub__jw_kv_string(w, "framework", s->framework);
    if (s->revision || !update) hfhub__jw_kv_string(w, "revision", s->revision);
    if (s->task || !update) hfhub__jw_kv_string(w, "task", s->task);
    if ((r = hfhub__ep_image(w, s, a, update))) return r;
    if (s->n_env) hfhub__ep_kvs(w, "env", s->env, s->n_env);
    if (s->n_secrets) hfhub__ep_kvs(w, "secrets", s->secrets, s->n_secrets);
    hfhub__jw_end_object(w);
    return HFHUB_OK;
}

static hfhub_result hfhub__ep_check(const char *name, const hfhub_endpoint_spec *s, int update) {
    static const char *const req[] = {"repository", "framework", "accelerator", "instance_size", "instance_type",
                                      "region", "vendor"};
    const char *vals[7];
    size_t i;
    if (!name || !*name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: a name is required");
    if (!s) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: no spec");
    vals[0] = s->repository; vals[1] = s->framework; vals[2] = s->accelerator; vals[3] = s->instance_size;
    vals[4] = s->instance_type; vals[5] = s->region; vals[6] = s->vendor;
    for (i = 0; !update && i < 7; i++)
        if (!vals[i] || !*vals[i]) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: %s is required", req[i]);
    if (s->scaling_measure && strcmp(s->scaling_measure, "pendingRequests") && strcmp(s->scaling_measure, "hardwareUsage"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: scaling measure '%s' (pendingRequests or hardwareUsage)",
                           s->scaling_measure);
    if (s->min_replica < HFHUB_ENDPOINT_ZERO || s->max_replica < 0 || s->scale_to_zero_timeout < 0)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: negative replica count or timeout");
    return HFHUB_OK;
}

static hfhub_result hfhub__ep_body(hfhub__buf *b, const char *name, const hfhub_endpoint_spec *s, const hfhub_allocator *a,
                                   int update) {
    hfhub__jw w;
    hfhub_result r;
    size_t i;
    if ((r = hfhub__ep_check(name, s, update))) return r;
    hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    if (!update) {
        hfhub__jw_key(&w, "accountId");
        hfhub__jw_null(&w);
        hfhub__jw_kv_string(&w, "name", name);
        hfhub__jw_kv_string(&w, "type", s->type ? s->type : "protected");
        hfhub__jw_key(&w, "provider");
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "vendor", s->vendor);
        hfhub__jw_kv_string(&w, "region", s->region);
        hfhub__jw_end_object(&w);
    } else if (s->type) {
        hfhub__jw_kv_string(&w, "type", s->type);
    }
    hfhub__ep_compute(&w, s, update);
    if ((r = hfhub__ep_model(&w, s, a, update))) return r;
    if (s->domain || s->path) {
        hfhub__jw_key(&w, "route");
        hfhub__jw_begin_object(&w);
        if (s->domain) hfhub__jw_kv_string(&w, "domain", s->domain);
        if (s->path) hfhub__jw_kv_string(&w, "path", s->path);
        hfhub__jw_end_object(&w);
    }
    if (s->cache_http_responses) hfhub__jw_kv_bool(&w, "cacheHttpResponses", s->cache_http_responses > 0);
    if (s->n_tags) {
        hfhub__jw_key(&w, "tags");
        hfhub__jw_begin_array(&w);
        for (i = 0; i < s->n_tags; i++) hfhub__jw_string(&w, s->tags[i]);
        hfhub__jw_end_array(&w);
    }
    hfhub__jw_end_object(&w);
    return hfhub__jw_result(&w);
}

hfhub_result hfhub_inference_endpoint_spec_json(hfhub_client *c, const char *name, const hfhub_endpoint_spec *spec,
                                                int update, char **json) {
    hfhub__buf b;
    hfhub_result r;
    *json = NULL;
    hfhub__buf_init(&b, c->a);
    r = hfhub__ep_body(&b, name, spec, c->a, update);
    if (!r && !(*json = hfhub__out_strdup(c, b.data))) r = hfhub__fail(HFHUB_ERR_NOMEM, "endpoint spec");
    hfhub__buf_free(&b);
    return r;
}

/* ---- calls --------------------------------------------------------------------------------- */

/* method {api}/endpoint/{ns}[/{name}[/{word}]]; *ns_out is the namespace used (in ar). */
static hfhub_result hfhub__ep_do(hfhub_client *c, const hfhub_endpoint_opts *o, const char *name, const char *word,
                                 const char *method, const char *body, hfhub__arena *ar, const char **ns_out,
                                 const hfhub_json_value **root) {
    hfhub__buf url;
    const char *ns = NULL, *token = o ? o->token : NULL;
    hfhub_result r;
    *root = NULL;
    if (name && !*name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: an empty name");
    if ((r = hfhub__compute_ns(c, o ? o->ns : NULL, token, ar, &ns))) return r;
    if (!(*ns_out = hfhub__arena_strdup(ar, ns))) return hfhub__fail(HFHUB_ERR_NOMEM, "namespace");
    hfhub__buf_init(&url, c->a);
    hfhub__ep_base(&url, hfhub__ep_api(o));
    hfhub__buf_puts(&url, "/endpoint/");
    hfhub__url_quote(&url, ns, strlen(ns), "");
    if (name) {
        hfhub__buf_putc(&url, '/');
        hfhub__url_quote(&url, name, strlen(name), "");
    }
    if (word) hfhub__buf_printf(&url, "/%s", word);
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_json_in(c, method, url.data, token, body, ar, root);
    hfhub__buf_free(&url);
    return r;
}

static hfhub_result hfhub__ep_one(hfhub_client *c, const hfhub_endpoint_opts *o, const char *name, const char *word,
                                  const char *method, const char *body, hfhub_inference_endpoint **out) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL;
    const char *ns = NULL;
    hfhub_result r;
    if (out) *out = NULL;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "endpoint");
    r = hfhub__ep_do(c, o, name, word, method, body, ar, &ns, &root);
    if (!out) {   /* the answer is not wanted (delete) */
        hfhub__cres_free(ar);
        return r;
    }
    return hfhub__ep_finish(r, ar, ns, root, 0, out, NULL);
}

hfhub_result hfhub_create_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_spec *spec,
                                             const hfhub_endpoint_opts *opts, hfhub_inference_endpoint **out) {
    hfhub__buf b;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, c->a);
    r = hfhub__ep_body(&b, name, spec, c->a, 0);
    if (!r) r = hfhub__ep_one(c, opts, NULL, NULL, "POST", b.data, out);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_update_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_spec *spec,
                                             const hfhub_endpoint_opts *opts, hfhub_inference_endpoint **out) {
    hfhub__buf b;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, c->a);
    r = hfhub__ep_body(&b, name, spec, c->a, 1);
    if (!r) r = hfhub__ep_one(c, opts, name, NULL, "PUT", b.data, out);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_get_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_opts *opts,
                                          hfhub_inference_endpoint **out) {
    if (!name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: no name");
    return hfhub__ep_one(c, opts, name, NULL, "GET", NULL, out);
}

hfhub_result hfhub_delete_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_opts *opts) {
    if (!name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: no name");
    return hfhub__ep_one(c, opts, name, NULL, "DELETE", NULL, NULL);
}

hfhub_result hfhub_pause_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_opts *opts,
                                            hfhub_inference_endpoint **out) {
    if (!name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: no name");
    return hfhub__ep_one(c, opts, name, "pause", "POST", NULL, out);
}

hfhub_result hfhub_scale_to_zero_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_opts *opts,
                                                    hfhub_inference_endpoint **out) {
    if (!name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: no name");
    return hfhub__ep_one(c, opts, name, "scale-to-zero", "POST", NULL, out);
}

hfhub_result hfhub_resume_inference_endpoint(hfhub_client *c, const char *name, int running_ok,
                                             const hfhub_endpoint_opts *opts, hfhub_inference_endpoint **out) {
    hfhub_result r;
    if (!name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "inference endpoint: no name");
    r = hfhub__ep_one(c, opts, name, "resume", "POST", NULL, out);
    if (r == HFHUB_ERR_BAD_REQUEST && running_ok && strstr(hfhub_last_error()->message, "already running"))
        return hfhub_get_inference_endpoint(c, name, opts, out);
    return r;
}

/* ---- list ---------------------------------------------------------------------------------- */

static hfhub_result hfhub__ep_list_ns(hfhub_client *c, const hfhub_endpoint_opts *o, const char *ns, hfhub__buf *acc,
                                      size_t *count) {
    hfhub_endpoint_opts one = *o;
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL, *items;
    const char *used;
    hfhub_result r;
    size_t i;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "endpoints");
    one.ns = ns;
    r = hfhub__ep_do(c, &one, NULL, NULL, "GET", NULL, ar, &used, &root);
    items = hfhub_json_get(root, "items");
    if (!r && hfhub_json_type_of(items) != HFHUB_JSON_ARRAY) r = hfhub__fail(HFHUB_ERR_PARSE, "inference endpoints: no items array");
    for (i = 0; !r && i < hfhub_json_len(items); i++) {
        hfhub__jw w;
        hfhub__jw_init(&w, acc, HFHUB__JW_COMPACT);
        if (*count) hfhub__buf_putc(acc, ',');
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "ns", ns);
        hfhub__jw_key(&w, "e");
        hfhub__jw_value(&w, hfhub_json_at(items, i));
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
        (*count)++;
    }
    hfhub__cres_free(ar);
    return r;
}

/* The user's namespace and their organizations' (Python's namespace="*"). */
static hfhub_result hfhub__ep_all_ns(hfhub_client *c, const hfhub_endpoint_opts *o, hfhub__arena *ar,
                                     const hfhub_json_value **who) {
    hfhub__buf url;
    hfhub_result r;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_printf(&url, "%s/api/whoami-v2", c->endpoint);
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_json_in(c, "GET", url.data, o->token, NULL, ar, who);
    hfhub__buf_free(&url);
    if (!r && !HFHUB__EP_STR(*who, "name")) r = hfhub__fail(HFHUB_ERR_PARSE, "whoami-v2: no name");
    return r;
}

hfhub_result hfhub_list_inference_endpoints(hfhub_client *c, const hfhub_endpoint_opts *opts,
                                            hfhub_inference_endpoint **out, size_t *n) {
    hfhub_endpoint_opts o;
    hfhub__arena *ar = hfhub__cres_new(c->a);
    hfhub__buf acc;
    const hfhub_json_value *who = NULL, *all = NULL;
    hfhub_inference_endpoint *eps = NULL;
    size_t count = 0, i;
    hfhub_result r;
    *out = NULL;
    *n = 0;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "endpoints");
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    hfhub__buf_init(&acc, c->a);
    hfhub__buf_putc(&acc, '[');
    if (o.ns && !strcmp(o.ns, "*")) {
        r = hfhub__ep_all_ns(c, &o, ar, &who);
        if (!r) r = hfhub__ep_list_ns(c, &o, HFHUB__EP_STR(who, "name"), &acc, &count);
        for (i = 0; !r && i < hfhub_json_len(hfhub_json_get(who, "orgs")); i++) {
            const char *org = HFHUB__EP_STR(hfhub_json_at(hfhub_json_get(who, "orgs"), i), "name");
            int st;
            if (!org) continue;
            r = hfhub__ep_list_ns(c, &o, org, &acc, &count);
            st = hfhub_last_error()->http_status;
            if (r && (st == 401 || st == 403)) r = HFHUB_OK;   /* no access to that org's endpoints */
        }
    } else {
        const char *ns = NULL;
        r = hfhub__compute_ns(c, o.ns, o.token, ar, &ns);
        if (!r) r = hfhub__ep_list_ns(c, &o, ns, &acc, &count);
    }
    hfhub__buf_putc(&acc, ']');
    if (!r && acc.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "endpoints");
    if (!r) r = hfhub__json_parse_in(ar, acc.data, acc.len, 0, &all);
    hfhub__buf_free(&acc);
    if (!r && count) {
        eps = (hfhub_inference_endpoint *)hfhub__arena_alloc(ar, count * sizeof *eps);
        if (!eps) r = hfhub__fail(HFHUB_ERR_NOMEM, "endpoints");
    }
    for (i = 0; !r && i < count; i++) {
        const hfhub_json_value *it = hfhub_json_at(all, i);
        r = hfhub__endpoint_parse(HFHUB__EP_STR(it, "ns"), hfhub_json_get(it, "e"), &eps[i]);
    }
    if (r || !count) {
        hfhub__cres_free(ar);
        return r;
    }
    eps[0].res_ = ar;
    *out = eps;
    *n = count;
    return HFHUB_OK;
}

/* ---- wait and auto-resume ----------------------------------------------------------------- */

/* GET {url}{health_route} with the token: 1 when it answers 200. */
static int hfhub__ep_healthy(hfhub_client *c, const hfhub_inference_endpoint *e, const char *token) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub__buf url;
    int ok;
    hfhub__buf_init(&url, c->a);
    hfhub__ep_base(&url, e->url);
    hfhub__buf_puts(&url, e->health_route && *e->health_route ? e->health_route : "/health");
    memset(&r, 0, sizeof r);
    r.url = url.data;
    r.token = token;
    r.timeout_ms = 10000;
    ok = !url.failed && hfhub__client_request(c, &r, &resp) == HFHUB_OK && resp.status == 200;
    if (!url.failed) hfhub__http_response_free(&resp);
    hfhub__buf_free(&url);
    return ok;
}

hfhub_result hfhub_wait_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_wait_opts *opts,
                                           hfhub_inference_endpoint **out) {
    int64_t t0 = hfhub__monotonic_ms(), delay = opts && opts->poll_ms > 0 ? opts->poll_ms : 1000;
    int64_t max_delay = opts && opts->max_poll_ms > 0 ? opts->max_poll_ms : 30000;
    hfhub_endpoint_opts w;
    const hfhub_endpoint_opts *where = &w;
    hfhub_inference_endpoint *e = NULL;
    hfhub__arena *ar;
    hfhub_result r;
    if (out) *out = NULL;
    memset(&w, 0, sizeof w);
    if (opts) w = opts->where;
    /* the namespace once, not a whoami per poll */
    if (!(ar = hfhub__cres_new(c->a))) return hfhub__fail(HFHUB_ERR_NOMEM, "wait");
    if ((r = hfhub__compute_ns(c, w.ns, w.token, ar, &w.ns))) {
        hfhub__cres_free(ar);
        return r;
    }
    for (;;) {
        if ((r = hfhub_get_inference_endpoint(c, name, where, &e))) break;
        if (!strcmp(e->state, "failed") || !strcmp(e->state, "updateFailed")) {
            r = hfhub__fail_http(HFHUB_ERR_ENDPOINT_FAILED, 0, e->state, NULL, "inference endpoint %s %s: %s", e->name,
                                 !strcmp(e->state, "failed") ? "failed to deploy" : "failed to update",
                                 e->message ? e->message : e->state);
            break;
        }
        if (!strcmp(e->state, "running") && e->url && hfhub__ep_healthy(c, e, where ? where->token : NULL)) break;
        if (opts && opts->timeout_ms > 0 && hfhub__monotonic_ms() - t0 >= opts->timeout_ms) {
            r = hfhub__fail_http(HFHUB_ERR_TIMEOUT, 0, e->state, NULL, "inference endpoint %s is still %s after %d ms",
                                 e->name, e->state, opts->timeout_ms);
            break;
        }
        hfhub_inference_endpoint_free(e);
        e = NULL;
        if (opts && opts->timeout_ms > 0) {   /* never sleep past the deadline */
            int64_t left = opts->timeout_ms - (hfhub__monotonic_ms() - t0);
            if (delay > left) delay = left > 0 ? left : 0;
        }
        hfhub__sleep_ms(delay);
        delay = delay * 2 > max_delay ? max_delay : delay * 2;
    }
    hfhub__cres_free(ar);   /* e->ns is a copy in e's own arena */
    if (r || !out) hfhub_inference_endpoint_free(e);
    else *out = e;
    return r;
}

hfhub_result hfhub_inference_endpoint_ensure_running(hfhub_client *c, const char *name,
                                                     const hfhub_endpoint_wait_opts *opts,
                                                     hfhub_inference_endpoint **out) {
    hfhub_endpoint_wait_opts w;
    hfhub_inference_endpoint *e = NULL;
    hfhub__arena *ar;
    hfhub_result r;
    if (out) *out = NULL;
    memset(&w, 0, sizeof w);
    if (opts) w = *opts;
    /* one whoami for the get, the resume and the wait */
    if (!(ar = hfhub__cres_new(c->a))) return hfhub__fail(HFHUB_ERR_NOMEM, "ensure running");
    r = hfhub__compute_ns(c, w.where.ns, w.where.token, ar, &w.where.ns);
    if (!r) r = hfhub_get_inference_endpoint(c, name, &w.where, &e);
    if (!r && !strcmp(e->state, "paused")) {
        hfhub_inference_endpoint_free(e);
        e = NULL;
        r = hfhub_resume_inference_endpoint(c, name, 1, &w.where, &e);
    } else if (!r && !strcmp(e->state, "scaledToZero") && e->url) {
        (void)hfhub__ep_healthy(c, e, w.where.token);   /* a request wakes it up */
    }
    hfhub_inference_endpoint_free(e);
    if (!r) r = hfhub_wait_inference_endpoint(c, name, &w, out);
    hfhub__cres_free(ar);
    return r;
}

/* ---- hardware and catalog ------------------------------------------------------------------ */

hfhub_result hfhub_list_inference_endpoint_hardware(hfhub_client *c, const hfhub_endpoint_opts *opts,
                                                    hfhub_json_doc **out) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    hfhub__buf url;
    const char *ns = NULL;
    hfhub_result r;
    *out = NULL;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "hardware");
    hfhub__buf_init(&url, c->a);
    r = hfhub__compute_ns(c, opts ? opts->ns : NULL, opts ? opts->token : NULL, ar, &ns);
    if (!r) {
        hfhub__req q;
        hfhub__http_response resp;
        hfhub_json_parse_opts po;
        hfhub__ep_base(&url, hfhub__ep_api(opts));
        hfhub__buf_puts(&url, "/provider/");
        hfhub__url_quote(&url, ns, strlen(ns), "");
        memset(&q, 0, sizeof q);
        q.url = url.data;
        q.token = opts ? opts->token : NULL;
        r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_request(c, &q, &resp);
        memset(&po, 0, sizeof po);
        po.allocator = c->a;
        if (!r) r = hfhub_json_parse(resp.body.data ? resp.body.data : "", resp.body.len, &po, out);
        if (!url.failed) hfhub__http_response_free(&resp);
    }
    hfhub__buf_free(&url);
    hfhub__cres_free(ar);
    return r;
}

hfhub_result hfhub_list_inference_catalog(hfhub_client *c, const hfhub_endpoint_opts *opts, char ***out, size_t *n) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL, *models;
    hfhub__buf url;
    hfhub_result r;
    size_t i, count = 0, bytes = 0;
    *out = NULL;
    *n = 0;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "catalog");
    hfhub__buf_init(&url, c->a);
    hfhub__ep_base(&url, hfhub__ep_catalog(opts));
    hfhub__buf_puts(&url, "/repo-list");
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url")
                   : hfhub__client_json_in(c, "GET", url.data, opts ? opts->token : NULL, NULL, ar, &root);
    hfhub__buf_free(&url);
    models = hfhub_json_get(root, "models");
    if (!r && hfhub_json_type_of(models) != HFHUB_JSON_ARRAY) r = hfhub__fail(HFHUB_ERR_PARSE, "catalog: no models array");
    for (i = 0; !r && i < hfhub_json_len(models); i++) {
        const char *m = hfhub_json_str(hfhub_json_at(models, i), NULL);
        if (!m) r = hfhub__fail(HFHUB_ERR_PARSE, "catalog: a model id is not a string");
        else bytes += strlen(m) + 1;
    }
    count = r ? 0 : hfhub_json_len(models);
    if (!r && count) {
        char **arr = (char **)hfhub__out_alloc(c, count * sizeof *arr + bytes);
        char *p;
        if (!arr) r = hfhub__fail(HFHUB_ERR_NOMEM, "catalog");
        else {
            p = (char *)(arr + count);
            for (i = 0; i < count; i++) {
                const char *m = hfhub_json_str(hfhub_json_at(models, i), "");
                size_t len = strlen(m) + 1;
                memcpy(p, m, len);
                arr[i] = p;
                p += len;
            }
            *out = arr;
            *n = count;
        }
    }
    hfhub__cres_free(ar);
    return r;
}

hfhub_result hfhub_create_inference_endpoint_from_catalog(hfhub_client *c, const char *repo_id, const char *name,
                                                          const char *accelerator, const hfhub_endpoint_opts *opts,
                                                          hfhub_inference_endpoint **out) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL;
    const char *ns = NULL;
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_result r;
    *out = NULL;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "catalog");
    if (!repo_id || !*repo_id) {
        hfhub__cres_free(ar);
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "catalog deploy: a repo id is required");
    }
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    r = hfhub__compute_ns(c, opts ? opts->ns : NULL, opts ? opts->token : NULL, ar, &ns);
    if (!r && !(ns = hfhub__arena_strdup(ar, ns))) r = hfhub__fail(HFHUB_ERR_NOMEM, "namespace");
    if (!r) {
        hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "namespace", ns);
        hfhub__jw_kv_string(&w, "repoId", repo_id);
        if (name) hfhub__jw_kv_string(&w, "endpointName", name);
        if (accelerator) hfhub__jw_kv_string(&w, "accelerator", accelerator);
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
        hfhub__ep_base(&url, hfhub__ep_catalog(opts));
        hfhub__buf_puts(&url, "/deploy");
    }
    if (!r) r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url")
                           : hfhub__client_json_in(c, "POST", url.data, opts ? opts->token : NULL, body.data, ar, &root);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return hfhub__ep_finish(r, ar, ns, hfhub_json_get(root, "endpoint"), 0, out, NULL);
}

#undef HFHUB__EP_API
#undef HFHUB__EP_CATALOG
#undef HFHUB__EP_STR
