/* users.c: user and organization overviews and user lists. */
#include <string.h>

/* {E}/api/{kind}/{quote(name)}/{what} into u. */
static hfhub_result hfhub__users_url(hfhub_client *c, hfhub__buf *u, const char *kind, const char *name,
                                     const char *what) {
    if (!name || !*name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "a user or organization name is required");
    hfhub__buf_printf(u, "%s/api/%s/", c->endpoint, kind);
    hfhub__url_quote(u, name, strlen(name), "");
    hfhub__buf_printf(u, "/%s", what);
    return u->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : HFHUB_OK;
}

/* GET of one overview into a new result block of `size` bytes; *root is its JSON. */
static hfhub_result hfhub__users_get(hfhub_client *c, const char *kind, const char *name, const hfhub_api_opts *o,
                                     size_t size, void **out, const hfhub_json_value **root) {
    hfhub__buf u;
    hfhub__api_call call;
    hfhub__arena *ar;
    void *res;
    hfhub_result r;
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&u, c->a);
    if ((r = hfhub__users_url(c, &u, kind, name, "overview")) != HFHUB_OK) { hfhub__buf_free(&u); return r; }
    if (!(res = hfhub__api_box_new(c->a, size, &ar))) { hfhub__buf_free(&u); return HFHUB_ERR_NOMEM; }
    memset(&call, 0, sizeof call);
    call.url = u.data;
    call.o = o;
    r = hfhub__api_call_json(c, &call, ar, root);
    if (!r && hfhub_json_type_of(*root) != HFHUB_JSON_OBJECT) r = hfhub__fail(HFHUB_ERR_PARSE, "overview is not a JSON object");
    hfhub__buf_free(&u);
    if (r) { hfhub_api_free(res); return r; }
    *out = res;
    return HFHUB_OK;
}

hfhub_result hfhub_get_user_overview(hfhub_client *c, const char *username, const hfhub_api_opts *o, hfhub_user **out) {
    const hfhub_json_value *root = NULL;
    void *res;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if ((r = hfhub__users_get(c, "users", username, o, sizeof(hfhub_user), &res, &root)) != HFHUB_OK) return r;
    hfhub__user_fill(root, (hfhub_user *)res);
    *out = (hfhub_user *)res;
    return HFHUB_OK;
}

hfhub_result hfhub_get_organization_overview(hfhub_client *c, const char *organization, const hfhub_api_opts *o,
                                             hfhub_organization **out) {
    const hfhub_json_value *v = NULL;
    hfhub_organization *org;
    void *res;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if ((r = hfhub__users_get(c, "organizations", organization, o, sizeof *org, &res, &v)) != HFHUB_OK) return r;
    org = (hfhub_organization *)res;
    org->name = hfhub__api_str(v, "name");
    if (!org->name) org->name = organization;
    org->fullname = hfhub__api_str(v, "fullname");
    org->avatar_url = hfhub__api_str(v, "avatarUrl");
    org->details = hfhub__api_str(v, "details");
    org->is_verified = hfhub__api_bool(v, "isVerified", -1);
    org->is_following = hfhub__api_bool(v, "isFollowing", -1);
    org->num_users = hfhub__api_int(v, "numUsers", -1);
    org->num_models = hfhub__api_int(v, "numModels", -1);
    org->num_spaces = hfhub__api_int(v, "numSpaces", -1);
    org->num_datasets = hfhub__api_int(v, "numDatasets", -1);
    org->num_followers = hfhub__api_int(v, "numFollowers", -1);
    org->json = v;
    *out = org;
    return HFHUB_OK;
}

static hfhub_result hfhub__users_list(hfhub_client *c, const char *kind, const char *name, const char *what,
                                      const hfhub_api_opts *o, hfhub_iter **out) {
    hfhub__buf u;
    hfhub__iter_spec s;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&u, c->a);
    r = hfhub__users_url(c, &u, kind, name, what);
    if (!r) {
        memset(&s, 0, sizeof s);
        s.url = u.data;
        s.o = o;
        s.kind = HFHUB__ITER_USER;
        s.parse = hfhub__user_item;
        r = hfhub__iter_new(c, &s, out);
    }
    hfhub__buf_free(&u);
    return r;
}

hfhub_result hfhub_list_organization_members(hfhub_client *c, const char *organization, const hfhub_api_opts *o,
                                             hfhub_iter **out) {
    return hfhub__users_list(c, "organizations", organization, "members", o, out);
}
hfhub_result hfhub_list_organization_followers(hfhub_client *c, const char *organization, const hfhub_api_opts *o,
                                               hfhub_iter **out) {
    return hfhub__users_list(c, "organizations", organization, "followers", o, out);
}
hfhub_result hfhub_list_user_followers(hfhub_client *c, const char *username, const hfhub_api_opts *o, hfhub_iter **out) {
    return hfhub__users_list(c, "users", username, "followers", o, out);
}
hfhub_result hfhub_list_user_following(hfhub_client *c, const char *username, const hfhub_api_opts *o, hfhub_iter **out) {
    return hfhub__users_list(c, "users", username, "following", o, out);
}
