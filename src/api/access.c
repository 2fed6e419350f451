/* access.c: access requests of gated repos (spec/hub-api.md §5.8). */
#include <string.h>

hfhub_result hfhub__access_request_read(const hfhub_json_value *v, hfhub_access_request *a) {
    const hfhub_json_value *user = hfhub_json_get(v, "user"), *fields = hfhub_json_get(v, "fields");
    memset(a, 0, sizeof *a);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "access request is not a JSON object");
    a->json = v;
    a->username = hfhub__social_str(user, "user");
    a->fullname = hfhub__social_str(user, "fullname");
    a->email = hfhub__social_str(user, "email");
    a->timestamp = hfhub__social_str(v, "timestamp");
    a->status = hfhub__social_str(v, "status");
    a->fields = hfhub_json_type_of(fields) == HFHUB_JSON_OBJECT ? fields : NULL;
    return HFHUB_OK;
}

/* The listing parser (an hfhub__iter_parse_fn). */
static hfhub_result hfhub__access_parse(hfhub__arena *ar, const hfhub_json_value *item, const char *ctx, void **out) {
    hfhub_access_request *a = (hfhub_access_request *)hfhub__arena_alloc(ar, sizeof *a);
    (void)ctx;
    if (!a) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    *out = a;
    return hfhub__access_request_read(item, a);
}

static hfhub_result hfhub__access_list(hfhub_client *c, const char *repo_id, const char *repo_type, const char *status,
                                       hfhub_iter **out) {
    hfhub__buf url;
    hfhub__iter_spec s;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&url, c->a);
    r = hfhub__social_repo_url(c, &url, repo_type, repo_id);
    hfhub__buf_printf(&url, "/user-access-request/%s", status);
    if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r) {
        memset(&s, 0, sizeof s);
        s.url = url.data;
        s.kind = HFHUB__ITER_ACCESS;
        s.parse = hfhub__access_parse;
        r = hfhub__iter_new(c, &s, out);
    }
    hfhub__buf_free(&url);
    return r;
}

hfhub_result hfhub_list_pending_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                hfhub_iter **out) {
    return hfhub__access_list(c, repo_id, repo_type, "pending", out);
}

hfhub_result hfhub_list_accepted_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                 hfhub_iter **out) {
    return hfhub__access_list(c, repo_id, repo_type, "accepted", out);
}

hfhub_result hfhub_list_rejected_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                 hfhub_iter **out) {
    return hfhub__access_list(c, repo_id, repo_type, "rejected", out);
}

hfhub_result hfhub_iter_next_access_request(hfhub_iter *it, const hfhub_access_request **req) {
    return hfhub__iter_next_typed(it, HFHUB__ITER_ACCESS, (const void **)req);
}

/* POST .../user-access-request/{what} {"user"[, "status"][, "rejectionReason"]}. */
static hfhub_result hfhub__access_post(hfhub_client *c, const char *repo_id, const char *repo_type, const char *what,
                                       const char *user, const char *status, const char *reason) {
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub__arena tmp;
    hfhub_result r;
    if (!user || !*user) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "user is required");
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__arena_init(&tmp, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "user", user);
    if (status) hfhub__jw_kv_string(&w, "status", status);
    if (reason) hfhub__jw_kv_string(&w, "rejectionReason", reason);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__social_repo_url(c, &url, repo_type, repo_id);
    hfhub__buf_printf(&url, "/user-access-request/%s", what);
    if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r) r = hfhub__social_call(c, "POST", url.data, &body, &tmp, NULL);
    hfhub__arena_free(&tmp);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_accept_access_request(hfhub_client *c, const char *repo_id, const char *user, const char *repo_type) {
    return hfhub__access_post(c, repo_id, repo_type, "handle", user, "accepted", NULL);
}

hfhub_result hfhub_reject_access_request(hfhub_client *c, const char *repo_id, const char *user,
                                         const char *rejection_reason, const char *repo_type) {
    return hfhub__access_post(c, repo_id, repo_type, "handle", user, "rejected", rejection_reason);
}

hfhub_result hfhub_cancel_access_request(hfhub_client *c, const char *repo_id, const char *user, const char *repo_type) {
    return hfhub__access_post(c, repo_id, repo_type, "handle", user, "pending", NULL);
}

hfhub_result hfhub_grant_access(hfhub_client *c, const char *repo_id, const char *user, const char *repo_type) {
    return hfhub__access_post(c, repo_id, repo_type, "grant", user, NULL, NULL);
}
