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

void hfhub_access_request_list_free(hfhub_access_request_list *l) { hfhub__social_free(l); }

static hfhub_result hfhub__access_list(hfhub_client *c, const char *repo_id, const char *repo_type, const char *status,
                                       hfhub_access_request_list **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    hfhub_access_request_list *l = NULL;
    const hfhub_json_value *arr = NULL;
    hfhub_result r;
    size_t i;
    *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__social_repo_url(c, &url, repo_type, repo_id);
    hfhub__buf_printf(&url, "/user-access-request/%s", status);
    if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r && !(l = (hfhub_access_request_list *)hfhub__social_new(c, sizeof *l, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_paginate(c, url.data, 0, ar, &arr);
    hfhub__buf_free(&url);
    if (!r && !(l->items = (hfhub_access_request *)hfhub__arena_alloc(ar, (hfhub_json_len(arr) + 1) * sizeof *l->items)))
        r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; !r && i < hfhub_json_len(arr); i++, l->n++) r = hfhub__access_request_read(hfhub_json_at(arr, i), &l->items[i]);
    if (r) hfhub__social_free(l);
    else *out = l;
    return r;
}

hfhub_result hfhub_list_pending_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                hfhub_access_request_list **out) {
    return hfhub__access_list(c, repo_id, repo_type, "pending", out);
}

hfhub_result hfhub_list_accepted_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                 hfhub_access_request_list **out) {
    return hfhub__access_list(c, repo_id, repo_type, "accepted", out);
}

hfhub_result hfhub_list_rejected_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                 hfhub_access_request_list **out) {
    return hfhub__access_list(c, repo_id, repo_type, "rejected", out);
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
