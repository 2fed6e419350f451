/* spaces.c: Space runtime and settings (spec/hub-api.md §5.11). */
#include <string.h>

hfhub_result hfhub__space_runtime_read(const hfhub_json_value *v, hfhub_space_runtime *rt) {
    const hfhub_json_value *hw = hfhub_json_get(v, "hardware"), *st = hfhub_json_get(v, "storage");
    memset(rt, 0, sizeof *rt);
    rt->sleep_time = -1;
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "space runtime is not a JSON object");
    rt->json = v;
    rt->stage = hfhub__social_str(v, "stage");
    rt->hardware = hfhub__social_str(hw, "current");
    rt->requested_hardware = hfhub__social_str(hw, "requested");
    /* storage is a tier name, or an object naming it on newer Hubs */
    rt->storage = hfhub_json_str(st, NULL) ? hfhub_json_str(st, NULL) : hfhub__social_str(st, "current");
    rt->sleep_time = hfhub_json_int(hfhub_json_get(v, "gcTimeout"), -1);
    rt->dev_mode = hfhub_json_bool(hfhub_json_get(v, "devMode"), 0);
    return HFHUB_OK;
}

hfhub_result hfhub__space_variables_read(hfhub__arena *ar, const hfhub_json_value *v, hfhub_space_variable_list *l) {
    size_t i, n = hfhub_json_type_of(v) == HFHUB_JSON_OBJECT ? hfhub_json_len(v) : 0;
    l->n = 0;
    if (v && hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "space variables are not a JSON object");
    l->items = (hfhub_space_variable *)hfhub__arena_alloc(ar, (n ? n : 1) * sizeof *l->items);
    if (!l->items) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *e = hfhub_json_at(v, i);
        hfhub_space_variable *x = &l->items[l->n++];
        memset(x, 0, sizeof *x);
        x->json = e;
        x->key = hfhub_json_key_at(v, i, NULL);
        x->value = hfhub__social_str(e, "value");
        x->description = hfhub__social_str(e, "description");
        x->updated_at = hfhub__social_str(e, "updatedAt");
    }
    return HFHUB_OK;
}

void hfhub_space_runtime_free(hfhub_space_runtime *rt) { hfhub__social_free(rt); }
void hfhub_space_variable_list_free(hfhub_space_variable_list *l) { hfhub__social_free(l); }

/* {E}/api/spaces/{repo}/{word} into b. */
static hfhub_result hfhub__space_url(hfhub_client *c, hfhub__buf *b, const char *repo_id, const char *word) {
    hfhub_result r = hfhub__social_repo_url(c, b, "space", repo_id);
    if (r) return r;
    hfhub__buf_printf(b, "/%s", word);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

/* method on .../{word} with body; the runtime answered into *out (may be NULL). */
static hfhub_result hfhub__space_rt_call(hfhub_client *c, const char *method, const char *repo_id, const char *word,
                                         const hfhub__buf *body, hfhub_space_runtime **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_space_runtime *rt = NULL;
    hfhub_result r;
    if (out) *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__space_url(c, &url, repo_id, word);
    if (!r && !(rt = (hfhub_space_runtime *)hfhub__social_new(c, sizeof *rt, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_call(c, method, url.data, body, ar, &root);
    if (!r && out) r = hfhub__space_runtime_read(root, rt);
    hfhub__buf_free(&url);
    if (r || !out) hfhub__social_free(rt);
    else *out = rt;
    return r;
}

hfhub_result hfhub_get_space_runtime(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out) {
    return hfhub__space_rt_call(c, "GET", repo_id, "runtime", NULL, out);
}

hfhub_result hfhub_request_space_hardware(hfhub_client *c, const char *repo_id, const char *hardware, int64_t sleep_time,
                                          hfhub_space_runtime **out) {
    hfhub__buf body;
    hfhub__jw w;
    hfhub_result r;
    if (out) *out = NULL;
    if (!hardware || !*hardware) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hardware is required");
    hfhub__buf_init(&body, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "flavor", hardware);
    if (sleep_time) hfhub__jw_kv_int(&w, "sleepTimeSeconds", sleep_time);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__space_rt_call(c, "POST", repo_id, "hardware", &body, out);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_set_space_sleep_time(hfhub_client *c, const char *repo_id, int64_t sleep_time,
                                        hfhub_space_runtime **out) {
    hfhub__buf body;
    hfhub__jw w;
    hfhub_result r;
    hfhub__buf_init(&body, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_int(&w, "seconds", sleep_time);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__space_rt_call(c, "POST", repo_id, "sleeptime", &body, out);
    else if (out) *out = NULL;
    hfhub__buf_free(&body);
    return r;
}

static hfhub_result hfhub__space_dev_mode(hfhub_client *c, const char *repo_id, int enabled, hfhub_space_runtime **out) {
    hfhub__buf body;
    hfhub_result r;
    if (out) *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&body, c->a);
    hfhub__buf_puts(&body, enabled ? "{\"enabled\": true}" : "{\"enabled\": false}");
    r = body.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : hfhub__space_rt_call(c, "POST", repo_id, "dev-mode", &body, out);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_enable_space_dev_mode(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out) {
    return hfhub__space_dev_mode(c, repo_id, 1, out);
}

hfhub_result hfhub_disable_space_dev_mode(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out) {
    return hfhub__space_dev_mode(c, repo_id, 0, out);
}

int hfhub_space_stage_is_transient(const char *stage) {
    static const char *const transient[] = {"BUILDING", "RUNNING_BUILDING", "APP_STARTING", "RUNNING_APP_STARTING"};
    size_t i;
    for (i = 0; stage && i < sizeof transient / sizeof transient[0]; i++)
        if (!strcmp(stage, transient[i])) return 1;
    return 0;
}

hfhub_result hfhub_wait_for_space(hfhub_client *c, const char *repo_id, const hfhub_wait_space_opts *opts,
                                  hfhub_space_runtime **out) {
    int64_t t0 = hfhub__monotonic_ms();
    int poll = opts && opts->poll_ms > 0 ? opts->poll_ms : 1000;
    hfhub_space_runtime *rt = NULL;
    hfhub_result r;
    if (out) *out = NULL;
    for (;;) {
        if ((r = hfhub_get_space_runtime(c, repo_id, &rt)) != HFHUB_OK) return r;
        if (!hfhub_space_stage_is_transient(rt->stage)) break;
        hfhub_space_runtime_free(rt);
        rt = NULL;
        if (opts && opts->timeout_ms > 0 && hfhub__monotonic_ms() - t0 >= opts->timeout_ms)
            return hfhub__fail(HFHUB_ERR_TIMEOUT, "Space %s is not ready after %d ms", repo_id, opts->timeout_ms);
        hfhub__sleep_ms(poll);
    }
    if (out) *out = rt;
    else hfhub_space_runtime_free(rt);
    return HFHUB_OK;
}

/* ---- logs (SSE) ------------------------------------------------------------------------------ */

#define HFHUB__SPLOG_MAX_ERR 65536

typedef struct hfhub__splog {
    hfhub__sse sse;
    int status;
    hfhub__buf err;              /* the body of an error response (bounded) */
    hfhub_space_log_fn fn;
    void *user;
    const hfhub_allocator *a;
    hfhub_result fail;           /* a callback stop */
} hfhub__splog;

static int hfhub__splog_status(void *user, int status) {
    ((hfhub__splog *)user)->status = status;
    return 0;
}

static int hfhub__splog_body(void *user, const void *data, size_t n) {
    hfhub__splog *L = (hfhub__splog *)user;
    if (L->status >= 400) {
        if (L->err.len + n <= HFHUB__SPLOG_MAX_ERR) hfhub__buf_append(&L->err, data, n);
        return 0;
    }
    return hfhub__sse_feed(&L->sse, data, n) != HFHUB_OK;
}

static int hfhub__splog_event(void *user, const hfhub__sse_event *ev) {
    hfhub__splog *L = (hfhub__splog *)user;
    hfhub__arena ar;
    const hfhub_json_value *root = NULL;
    const char *line;
    int stop = 0;
    if (!ev->data_len || ev->data[0] != '{') return 0; /* keep-alives */
    hfhub__arena_init(&ar, L->a);
    if (hfhub__json_parse_in(&ar, ev->data, ev->data_len, 64, &root) == HFHUB_OK &&
        (line = hfhub_json_str(hfhub_json_get(root, "data"), NULL)) != NULL &&
        L->fn(L->user, line, hfhub_json_str(hfhub_json_get(root, "timestamp"), NULL))) {
        L->fail = hfhub__fail(HFHUB_ERR_CANCELLED, "space logs: stopped by the callback");
        stop = 1;
    }
    hfhub__arena_free(&ar);
    return stop;
}

hfhub_result hfhub_fetch_space_logs(hfhub_client *c, const char *repo_id, const hfhub_space_logs_opts *opts,
                                    hfhub_space_log_fn fn, void *user) {
    hfhub__splog L;
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_http_sink sink;
    hfhub_header hd[1];
    hfhub__buf url;
    hfhub_result res;
    int follow = opts && opts->follow;
    if (!c || !fn) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client and callback are required");
    hfhub__buf_init(&url, c->a);
    if ((res = hfhub__space_url(c, &url, repo_id, opts && opts->build ? "logs/build" : "logs/run")) != HFHUB_OK) {
        hfhub__buf_free(&url);
        return res;
    }
    memset(&L, 0, sizeof L);
    L.fn = fn;
    L.user = user;
    L.a = c->a;
    hfhub__sse_init(&L.sse, c->a, 0, hfhub__splog_event, &L);
    hfhub__buf_init(&L.err, c->a);
    memset(&sink, 0, sizeof sink);
    sink.user = &L;
    sink.on_status = hfhub__splog_status;
    sink.on_body = hfhub__splog_body;
    memset(&r, 0, sizeof r);
    hd[0].name = "Accept";
    hd[0].value = "text/event-stream";
    r.url = url.data;
    r.headers = hd;
    r.n_headers = 1;
    r.timeout_ms = opts && opts->read_timeout_ms > 0 ? opts->read_timeout_ms : (follow ? 0 : 5000);
    r.sink = &sink;
    res = hfhub__client_request(c, &r, &resp);
    if (L.fail) res = L.fail;
    else if (L.sse.error) res = L.sse.error == HFHUB_ERR_TOO_LARGE ? hfhub__fail(HFHUB_ERR_TOO_LARGE, "space logs: an event beyond 1 MiB") : L.sse.error;
    else if (res == HFHUB_ERR_TIMEOUT && !follow && L.status && L.status < 400) res = HFHUB_OK; /* what is there now */
    else if (!res && resp.status >= 400) res = hfhub__map_http_error(&resp, url.data, L.err.data, L.err.len);
    else if (!res) res = hfhub__sse_finish(&L.sse);
    if (!res && L.fail) res = L.fail;
    hfhub__http_response_free(&resp);
    hfhub__sse_free(&L.sse);
    hfhub__buf_free(&L.err);
    hfhub__buf_free(&url);
    return res;
}

#undef HFHUB__SPLOG_MAX_ERR

hfhub_result hfhub_set_space_volumes(hfhub_client *c, const char *repo_id, const hfhub_space_volume *volumes,
                                     size_t n) {
    hfhub__buf body;
    hfhub__jw w;
    hfhub_result r;
    size_t i;
    if (!c || (n && !volumes)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client and volumes are required");
    for (i = 0; i < n; i++)
        if (!volumes[i].type || !volumes[i].source || !volumes[i].mount_path)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "volume %u: type, source and mount_path are required", (unsigned)i);
    hfhub__buf_init(&body, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "volumes");
    hfhub__jw_begin_array(&w);
    for (i = 0; i < n; i++) {
        const hfhub_space_volume *v = &volumes[i];
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "type", v->type);
        hfhub__jw_kv_string(&w, "source", v->source);
        hfhub__jw_kv_string(&w, "mountPath", v->mount_path);
        if (v->revision) hfhub__jw_kv_string(&w, "revision", v->revision);
        if (v->read_only) hfhub__jw_kv_bool(&w, "readOnly", v->read_only == HFHUB_ON);
        if (v->path) hfhub__jw_kv_string(&w, "path", v->path);
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_array(&w);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__space_rt_call(c, "PUT", repo_id, "volumes", &body, NULL);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_delete_space_volumes(hfhub_client *c, const char *repo_id) {
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    return hfhub__space_rt_call(c, "DELETE", repo_id, "volumes", NULL, NULL);
}

hfhub_result hfhub_pause_space(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out) {
    return hfhub__space_rt_call(c, "POST", repo_id, "pause", NULL, out);
}

hfhub_result hfhub_restart_space(hfhub_client *c, const char *repo_id, int factory_reboot, hfhub_space_runtime **out) {
    return hfhub__space_rt_call(c, "POST", repo_id, factory_reboot ? "restart?factory=true" : "restart", NULL, out);
}

hfhub_result hfhub_request_space_storage(hfhub_client *c, const char *repo_id, const char *storage,
                                         hfhub_space_runtime **out) {
    hfhub__buf body;
    hfhub__jw w;
    hfhub_result r;
    if (out) *out = NULL;
    if (!storage || !*storage) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "storage tier is required");
    hfhub__buf_init(&body, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "tier", storage);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__space_rt_call(c, "POST", repo_id, "storage", &body, out);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_delete_space_storage(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out) {
    return hfhub__space_rt_call(c, "DELETE", repo_id, "storage", NULL, out);
}

/* method on .../{secrets|variables} with {"key"[, "value"][, "description"]} (key NULL: no
 * body); the map answered into *out when out is not NULL. */
static hfhub_result hfhub__space_kv_call(hfhub_client *c, const char *method, const char *repo_id, const char *word,
                                         const char *key, const char *value, const char *description,
                                         hfhub_space_variable_list **out) {
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_space_variable_list *l = NULL;
    hfhub_result r = HFHUB_OK;
    if (out) *out = NULL;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    if (key) {
        hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "key", key);
        if (value) hfhub__jw_kv_string(&w, "value", value);
        if (description) hfhub__jw_kv_string(&w, "description", description);
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
    }
    if (!r) r = hfhub__space_url(c, &url, repo_id, word);
    if (!r && !(l = (hfhub_space_variable_list *)hfhub__social_new(c, sizeof *l, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_call(c, method, url.data, &body, ar, &root);
    if (!r && out) r = hfhub__space_variables_read(ar, root, l);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    if (r || !out) hfhub__social_free(l);
    else *out = l;
    return r;
}

static hfhub_result hfhub__space_key_ok(const char *key) {
    return key && *key ? HFHUB_OK : hfhub__fail(HFHUB_ERR_INVALID_ARG, "key is required");
}

hfhub_result hfhub_add_space_secret(hfhub_client *c, const char *repo_id, const char *key, const char *value,
                                    const char *description) {
    hfhub_result r = hfhub__space_key_ok(key);
    if (!r && !value) r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "value is required");
    return r ? r : hfhub__space_kv_call(c, "POST", repo_id, "secrets", key, value, description, NULL);
}

hfhub_result hfhub_delete_space_secret(hfhub_client *c, const char *repo_id, const char *key) {
    hfhub_result r = hfhub__space_key_ok(key);
    return r ? r : hfhub__space_kv_call(c, "DELETE", repo_id, "secrets", key, NULL, NULL, NULL);
}

hfhub_result hfhub_get_space_secrets(hfhub_client *c, const char *repo_id, hfhub_space_variable_list **out) {
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    return hfhub__space_kv_call(c, "GET", repo_id, "secrets", NULL, NULL, NULL, out);
}

hfhub_result hfhub_add_space_variable(hfhub_client *c, const char *repo_id, const char *key, const char *value,
                                      const char *description, hfhub_space_variable_list **out) {
    hfhub_result r = hfhub__space_key_ok(key);
    if (!r && !value) r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "value is required");
    if (r && out) *out = NULL;
    return r ? r : hfhub__space_kv_call(c, "POST", repo_id, "variables", key, value, description, out);
}

hfhub_result hfhub_delete_space_variable(hfhub_client *c, const char *repo_id, const char *key,
                                         hfhub_space_variable_list **out) {
    hfhub_result r = hfhub__space_key_ok(key);
    if (r && out) *out = NULL;
    return r ? r : hfhub__space_kv_call(c, "DELETE", repo_id, "variables", key, NULL, NULL, out);
}

hfhub_result hfhub_get_space_variables(hfhub_client *c, const char *repo_id, hfhub_space_variable_list **out) {
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    return hfhub__space_kv_call(c, "GET", repo_id, "variables", NULL, NULL, NULL, out);
}

static void hfhub__space_jw_kvs(hfhub__jw *w, const char *name, const hfhub_space_kv *kv, size_t n) {
    size_t i;
    if (!kv || !n) return;
    hfhub__jw_key(w, name);
    hfhub__jw_begin_array(w);
    for (i = 0; i < n; i++) {
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_string(w, "key", kv[i].key);
        hfhub__jw_kv_string(w, "value", kv[i].value);
        if (kv[i].description) hfhub__jw_kv_string(w, "description", kv[i].description);
        hfhub__jw_end_object(w);
    }
    hfhub__jw_end_array(w);
}

/* The duplicate payload: {"repository": "ns/name", "visibility"?, "hardware"?, "storageTier"?,
 * "sleepTimeSeconds"?, "secrets"?, "variables"?}. */
static hfhub_result hfhub__space_dup_body(hfhub__buf *b, const char *ns, const char *name,
                                          const hfhub_duplicate_space_opts *o) {
    hfhub__jw w;
    hfhub__buf repo;
    hfhub_result r;
    hfhub__buf_init(&repo, b->a);
    hfhub__buf_printf(&repo, "%s/%s", ns, name);
    hfhub__jw_init(&w, b, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "repository", repo.failed ? NULL : repo.data);
    if (o->is_private) hfhub__jw_kv_string(&w, "visibility", o->is_private == HFHUB_ON ? "private" : "public");
    if (o->hardware) hfhub__jw_kv_string(&w, "hardware", o->hardware);
    if (o->storage) hfhub__jw_kv_string(&w, "storageTier", o->storage);
    if (o->sleep_time) hfhub__jw_kv_int(&w, "sleepTimeSeconds", o->sleep_time);
    hfhub__space_jw_kvs(&w, "secrets", o->secrets, o->n_secrets);
    hfhub__space_jw_kvs(&w, "variables", o->variables, o->n_variables);
    hfhub__jw_end_object(&w);
    r = repo.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : hfhub__jw_result(&w);
    hfhub__buf_free(&repo);
    return r;
}

hfhub_result hfhub_duplicate_space(hfhub_client *c, const char *from_id, const hfhub_duplicate_space_opts *opts,
                                   char **url_out) {
    hfhub_duplicate_space_opts o;
    hfhub__arena tmp;
    hfhub__buf url, body;
    const hfhub_json_value *root = NULL;
    const char *ns = NULL, *name, *slash, *got;
    hfhub_result r;
    *url_out = NULL;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if ((r = hfhub__validate_repo_id(from_id)) != HFHUB_OK) return r;
    if (o.to_id && (r = hfhub__validate_repo_id(o.to_id)) != HFHUB_OK) return r;
    hfhub__arena_init(&tmp, c->a);
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    slash = strchr(o.to_id ? o.to_id : from_id, '/');
    name = slash ? slash + 1 : (o.to_id ? o.to_id : from_id);
    if (o.to_id && slash) ns = hfhub__arena_strndup(&tmp, o.to_id, (size_t)(slash - o.to_id));
    if (!ns && !(o.to_id && slash)) r = hfhub__social_whoami(c, &tmp, &ns);
    if (!r && !ns) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r) r = hfhub__space_dup_body(&body, ns, name, &o);
    if (!r) r = hfhub__space_url(c, &url, from_id, "duplicate");
    if (!r) r = hfhub__social_call(c, "POST", url.data, &body, &tmp, &root);
    if (r == HFHUB_ERR_CONFLICT && o.exist_ok && hfhub__social_str(root, "url")) r = HFHUB_OK;
    got = hfhub__social_str(root, "url");
    if (!r && !got) r = hfhub__fail(HFHUB_ERR_PARSE, "duplicate: no url in the answer");
    if (!r && !(*url_out = hfhub__out_strdup(c, got))) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    hfhub__arena_free(&tmp);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}
