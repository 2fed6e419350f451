/* webhooks.c: the account's webhooks (spec/hub-api.md §5.10). */
#include <string.h>

hfhub_result hfhub__webhook_read(hfhub__arena *ar, const hfhub_json_value *v, hfhub_webhook *w) {
    const hfhub_json_value *watched = hfhub_json_get(v, "watched");
    size_t i, n = hfhub_json_type_of(watched) == HFHUB_JSON_ARRAY ? hfhub_json_len(watched) : 0;
    memset(w, 0, sizeof *w);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "webhook is not a JSON object");
    w->json = v;
    w->id = hfhub__social_str(v, "id");
    w->url = hfhub__social_str(v, "url");
    w->job_id = hfhub_json_str(hfhub_json_path(v, "job.id"), NULL);
    w->secret = hfhub__social_str(v, "secret");
    w->disabled = hfhub_json_bool(hfhub_json_get(v, "disabled"), 0);
    w->watched = (hfhub_webhook_watched *)hfhub__arena_alloc(ar, (n ? n : 1) * sizeof *w->watched);
    if (!w->watched) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *it = hfhub_json_at(watched, i);
        w->watched[i].type = hfhub__social_str(it, "type");
        w->watched[i].name = hfhub__social_str(it, "name");
    }
    w->n_watched = n;
    return hfhub__social_strs(ar, hfhub_json_get(v, "domains"), &w->domains, &w->n_domains);
}

void hfhub_webhook_free(hfhub_webhook *w) { hfhub__social_free(w); }
void hfhub_webhook_list_free(hfhub_webhook_list *l) { hfhub__social_free(l); }

/* {E}/api/settings/webhooks[/{id}][/{what}] into b. */
static hfhub_result hfhub__hook_url(hfhub_client *c, hfhub__buf *b, const char *id, const char *what) {
    hfhub__buf_printf(b, "%s/api/settings/webhooks", c->endpoint);
    if (id) {
        if (!*id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "webhook_id is required");
        hfhub__buf_putc(b, '/');
        hfhub__social_seg(b, id);
    }
    if (what) hfhub__buf_printf(b, "/%s", what);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

/* method on the webhook URL; the {"webhook": ...} answered into *out (may be NULL). */
static hfhub_result hfhub__hook_call(hfhub_client *c, const char *method, const char *id, const char *what,
                                     const hfhub__buf *body, hfhub_webhook **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_webhook *w = NULL;
    hfhub_result r;
    if (out) *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__hook_url(c, &url, id, what);
    if (!r && !(w = (hfhub_webhook *)hfhub__social_new(c, sizeof *w, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_call(c, method, url.data, body, ar, &root);
    if (!r && out) r = hfhub__webhook_read(ar, hfhub_json_get(root, "webhook"), w);
    hfhub__buf_free(&url);
    if (r || !out) hfhub__social_free(w);
    else *out = w;
    return r;
}

hfhub_result hfhub_list_webhooks(hfhub_client *c, hfhub_webhook_list **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_webhook_list *l = NULL;
    hfhub_result r;
    size_t i;
    *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__hook_url(c, &url, NULL, NULL);
    if (!r && !(l = (hfhub_webhook_list *)hfhub__social_new(c, sizeof *l, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_call(c, "GET", url.data, NULL, ar, &root);
    if (!r && hfhub_json_type_of(root) != HFHUB_JSON_ARRAY) r = hfhub__fail(HFHUB_ERR_PARSE, "webhooks: the answer is not a JSON array");
    if (!r && !(l->items = (hfhub_webhook *)hfhub__arena_alloc(ar, (hfhub_json_len(root) + 1) * sizeof *l->items)))
        r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; !r && i < hfhub_json_len(root); i++, l->n++) r = hfhub__webhook_read(ar, hfhub_json_at(root, i), &l->items[i]);
    hfhub__buf_free(&url);
    if (r) hfhub__social_free(l);
    else *out = l;
    return r;
}

hfhub_result hfhub_get_webhook(hfhub_client *c, const char *webhook_id, hfhub_webhook **out) {
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    return hfhub__hook_call(c, "GET", webhook_id ? webhook_id : "", NULL, NULL, out);
}

static hfhub_result hfhub__hook_body(hfhub__buf *b, const hfhub_webhook_opts *o, int creating) {
    hfhub__jw w;
    size_t i;
    if (creating && !o->url == !o->job_id)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Exactly one of url or job_id must be given to create a webhook");
    hfhub__jw_init(&w, b, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "watched");
    hfhub__jw_begin_array(&w);
    for (i = 0; o->watched && i < o->n_watched; i++) {
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "type", o->watched[i].type);
        hfhub__jw_kv_string(&w, "name", o->watched[i].name);
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_array(&w);
    if (!creating) hfhub__jw_kv_string(&w, "url", o->url);
    hfhub__jw_key(&w, "domains");
    if (!o->domains) hfhub__jw_null(&w);
    else {
        hfhub__jw_begin_array(&w);
        for (i = 0; i < o->n_domains; i++) hfhub__jw_string(&w, o->domains[i]);
        hfhub__jw_end_array(&w);
    }
    hfhub__jw_kv_string(&w, "secret", o->secret);
    if (creating && o->url) hfhub__jw_kv_string(&w, "url", o->url);
    if (creating && o->job_id) hfhub__jw_kv_string(&w, "jobSourceId", o->job_id);
    hfhub__jw_end_object(&w);
    return hfhub__jw_result(&w);
}

static hfhub_result hfhub__hook_write(hfhub_client *c, const char *id, const hfhub_webhook_opts *opts,
                                      hfhub_webhook **out) {
    hfhub_webhook_opts o;
    hfhub__buf body;
    hfhub_result r;
    if (out) *out = NULL;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    hfhub__buf_init(&body, c->a);
    r = hfhub__hook_body(&body, &o, id == NULL);
    if (!r) r = hfhub__hook_call(c, "POST", id, NULL, &body, out);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_create_webhook(hfhub_client *c, const hfhub_webhook_opts *opts, hfhub_webhook **out) {
    return hfhub__hook_write(c, NULL, opts, out);
}

hfhub_result hfhub_update_webhook(hfhub_client *c, const char *webhook_id, const hfhub_webhook_opts *opts,
                                  hfhub_webhook **out) {
    return hfhub__hook_write(c, webhook_id ? webhook_id : "", opts, out);
}

hfhub_result hfhub_enable_webhook(hfhub_client *c, const char *webhook_id, hfhub_webhook **out) {
    return hfhub__hook_call(c, "POST", webhook_id ? webhook_id : "", "enable", NULL, out);
}

hfhub_result hfhub_disable_webhook(hfhub_client *c, const char *webhook_id, hfhub_webhook **out) {
    return hfhub__hook_call(c, "POST", webhook_id ? webhook_id : "", "disable", NULL, out);
}

hfhub_result hfhub_delete_webhook(hfhub_client *c, const char *webhook_id) {
    return hfhub__hook_call(c, "DELETE", webhook_id ? webhook_id : "", NULL, NULL, NULL);
}
