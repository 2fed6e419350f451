/* buckets.c: the bucket API (see buckets.h). */

#include <string.h>

#define HFHUB__BKT_PATHS_BATCH 1000

void hfhub_bucket_free(hfhub_bucket *info) {
    if (info) hfhub__cres_free((hfhub__arena *)info->res_);
}

void hfhub_bucket_list_free(hfhub_bucket_list *l) {
    if (l) hfhub__cres_free((hfhub__arena *)l->res_);
}

void hfhub_bucket_tree_free(hfhub_bucket_tree *t) {
    if (t) hfhub__cres_free((hfhub__arena *)t->res_);
}

hfhub_result hfhub_validate_bucket_id(const char *bucket_id, int allow_bare) {
    if (!bucket_id || !*bucket_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "a bucket id is required");
    if (!strchr(bucket_id, '/') && !allow_bare)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid bucket id: '%s'. Expected format: namespace/bucket_name",
                           bucket_id);
    if (hfhub__validate_repo_id(bucket_id))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid bucket id: '%s' (namespace/name of letters, digits, '-', "
                           "'_' and '.', at most 96 characters per name)", bucket_id);
    return HFHUB_OK;
}

/* {E}/api/buckets/{id}{suffix} into b. */
static hfhub_result hfhub__bkt_url(hfhub_client *c, hfhub__buf *b, const char *id, const char *suffix) {
    hfhub__buf_init(b, c->a);
    hfhub__buf_printf(b, "%s/api/buckets/%s%s", c->endpoint, id, suffix);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "bucket URL") : HFHUB_OK;
}

static hfhub_result hfhub__bkt_info_parse(hfhub__arena *ar, const hfhub_json_value *v, hfhub_bucket *out) {
    const char *id = hfhub_json_str(hfhub_json_get(v, "id"), NULL);
    const char *created = hfhub_json_str(hfhub_json_get(v, "createdAt"), NULL);
    memset(out, 0, sizeof *out);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT || !id)
        return hfhub__fail(HFHUB_ERR_PARSE, "a bucket is not an object with an id");
    out->id = hfhub__arena_strdup(ar, id);
    out->created_at = created ? hfhub__arena_strdup(ar, created) : NULL;
    out->is_private = hfhub_json_bool(hfhub_json_get(v, "private"), 0);
    (void)hfhub_json_uint64(hfhub_json_get(v, "size"), &out->size);
    (void)hfhub_json_uint64(hfhub_json_get(v, "totalFiles"), &out->total_files);
    out->json = v;
    return out->id && (!created || out->created_at) ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "bucket");
}

static hfhub_result hfhub__bkt_entry_parse(hfhub__arena *ar, const hfhub_json_value *v, hfhub_bucket_entry *e) {
    const char *type = hfhub_json_str(hfhub_json_get(v, "type"), "");
    const char *path = hfhub_json_str(hfhub_json_get(v, "path"), NULL);
    const char *hash = hfhub_json_str(hfhub_json_get(v, "xetHash"), NULL);
    const char *mtime = hfhub_json_str(hfhub_json_get(v, "mtime"), NULL);
    const char *up = hfhub_json_str(hfhub_json_get(v, "uploadedAt"), NULL);
    memset(e, 0, sizeof *e);
    if (!path || (strcmp(type, "file") && strcmp(type, "directory")))
        return hfhub__fail(HFHUB_ERR_PARSE, "a bucket tree item is neither a file nor a directory with a path");
    e->is_dir = !strcmp(type, "directory");
    e->path = hfhub__arena_strdup(ar, path);
    if (!e->is_dir && !hash) return hfhub__fail(HFHUB_ERR_PARSE, "bucket file '%s' has no xetHash", path);
    e->xet_hash = hash ? hfhub__arena_strdup(ar, hash) : NULL;
    e->mtime = mtime ? hfhub__arena_strdup(ar, mtime) : NULL;
    e->uploaded_at = up ? hfhub__arena_strdup(ar, up) : NULL;
    (void)hfhub_json_uint64(hfhub_json_get(v, "size"), &e->size);
    if (!e->path || (hash && !e->xet_hash) || (mtime && !e->mtime) || (up && !e->uploaded_at))
        return hfhub__fail(HFHUB_ERR_NOMEM, "bucket tree");
    return HFHUB_OK;
}

/* ---- CRUD ------------------------------------------------------------------------------- */

static hfhub_result hfhub__bkt_create_body(hfhub_client *c, const hfhub_create_bucket_opts *o, hfhub__buf *body) {
    hfhub__jw w;
    hfhub__buf_init(body, c->a);
    hfhub__jw_init(&w, body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    if (o->is_private) hfhub__jw_kv_bool(&w, "private", o->is_private == HFHUB_ON);
    if (o->resource_group_id) hfhub__jw_kv_string(&w, "resourceGroupId", o->resource_group_id);
    hfhub__jw_end_object(&w);
    return hfhub__jw_result(&w);
}

/* exist_ok on a 403: the bucket may exist in a namespace we cannot create in (Python). */
static int hfhub__bkt_exists(hfhub_client *c, const char *id, const char *token) {
    hfhub_bucket *info = NULL;
    int ok = hfhub_bucket_info(c, id, token, &info) == HFHUB_OK;
    hfhub_bucket_free(info);
    return ok;
}

/* The "url" of a create answer (the 409 of an existing bucket carries it too), else
 * {endpoint}/buckets/{id}, handed to the caller. */
static hfhub_result hfhub__bkt_url_out(hfhub_client *c, const hfhub__http_response *resp, const char *id, char **url) {
    hfhub__arena ar;
    const hfhub_json_value *root = NULL;
    hfhub__buf b;
    const char *got;
    hfhub__arena_init(&ar, c->a);
    hfhub__buf_init(&b, c->a);
    if (resp->body.len && hfhub__json_parse_in(&ar, resp->body.data, resp->body.len, 0, &root)) root = NULL;
    got = hfhub_json_str(hfhub_json_get(root, "url"), NULL);
    if (got) hfhub__buf_puts(&b, got);
    else hfhub__buf_printf(&b, "%s/buckets/%s", c->endpoint, id);
    *url = b.failed ? NULL : hfhub__out_strdup(c, b.data);
    hfhub__buf_free(&b);
    hfhub__arena_free(&ar);
    return *url ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "create_bucket");
}

hfhub_result hfhub_create_bucket(hfhub_client *c, const char *bucket_id, const hfhub_create_bucket_opts *opts,
                                 char **url) {
    hfhub_create_bucket_opts d;
    hfhub_header h[1];
    hfhub__buf u, body, id;
    hfhub__req q;
    hfhub__http_response resp;
    hfhub_result r;
    int status;
    if (url) *url = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "create_bucket: NULL client");
    if ((r = hfhub_validate_bucket_id(bucket_id, 1))) return r;
    memset(&d, 0, sizeof d);
    if (!opts) opts = &d;
    hfhub__buf_init(&id, c->a);
    hfhub__buf_printf(&id, "%s%s", strchr(bucket_id, '/') ? "" : "me/", bucket_id);   /* "me": the caller */
    r = id.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "create_bucket") : hfhub__bkt_url(c, &u, id.data, "");
    if (r) {
        hfhub__buf_free(&id);
        return r;
    }
    r = hfhub__bkt_create_body(c, opts, &body);
    h[0].name = "Content-Type";
    h[0].value = "application/json";
    memset(&q, 0, sizeof q);
    q.method = "POST";
    q.url = u.data;
    q.headers = h;
    q.n_headers = 1;
    q.body = body.data;
    q.body_len = body.len;
    q.token = opts->token;
    memset(&resp, 0, sizeof resp);
    if (!r) r = hfhub__client_request(c, &q, &resp);
    status = r ? hfhub_last_error()->http_status : 0;
    if (r && opts->exist_ok && (status == 409 || (status == 403 && hfhub__bkt_exists(c, id.data, opts->token)))) {
        r = HFHUB_OK;
        if (status == 403) resp.body.len = 0;   /* its body is about the refusal */
    }
    if (!r && url) r = hfhub__bkt_url_out(c, &resp, id.data, url);
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&body);
    hfhub__buf_free(&u);
    hfhub__buf_free(&id);
    return r;
}

hfhub_result hfhub_bucket_info(hfhub_client *c, const char *bucket_id, const char *token, hfhub_bucket **out) {
    hfhub__arena *ar;
    hfhub_bucket *info;
    const hfhub_json_value *root = NULL;
    hfhub__buf u;
    hfhub_result r;
    if (!c || !out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "bucket_info: NULL argument");
    *out = NULL;
    if ((r = hfhub_validate_bucket_id(bucket_id, 0)) || (r = hfhub__bkt_url(c, &u, bucket_id, ""))) return r;
    if (!(ar = hfhub__cres_new(c->a))) {
        hfhub__buf_free(&u);
        return hfhub__fail(HFHUB_ERR_NOMEM, "bucket_info");
    }
    info = (hfhub_bucket *)hfhub__arena_alloc(ar, sizeof *info);
    r = info ? hfhub__client_json_in(c, "GET", u.data, token, NULL, ar, &root) : hfhub__fail(HFHUB_ERR_NOMEM, "bucket");
    if (!r) r = hfhub__bkt_info_parse(ar, root, info);
    hfhub__buf_free(&u);
    if (r) {
        hfhub__cres_free(ar);
        return r;
    }
    info->res_ = ar;
    *out = info;
    return HFHUB_OK;
}

hfhub_result hfhub_delete_bucket(hfhub_client *c, const char *bucket_id, int missing_ok, const char *token) {
    hfhub__arena ar;
    const hfhub_json_value *root = NULL;
    hfhub__buf u;
    hfhub_result r;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "delete_bucket: NULL client");
    if ((r = hfhub_validate_bucket_id(bucket_id, 0)) || (r = hfhub__bkt_url(c, &u, bucket_id, ""))) return r;
    hfhub__arena_init(&ar, c->a);
    r = hfhub__client_json_in(c, "DELETE", u.data, token, NULL, &ar, &root);
    if (r && missing_ok && hfhub_last_error()->http_status == 404) r = HFHUB_OK;
    hfhub__arena_free(&ar);
    hfhub__buf_free(&u);
    return r;
}

/* ---- listings --------------------------------------------------------------------------- */

/* Items gathered page by page into a growing array (bytes in `items`), strings in ar. */
typedef struct hfhub__bkt_acc {
    hfhub__arena *ar;
    hfhub__buf items;
    size_t n;
    int tree;          /* 1: hfhub_bucket_entry, 0: hfhub_bucket_info */
} hfhub__bkt_acc;

static hfhub_result hfhub__bkt_page(void *user, const hfhub_json_value *page) {
    hfhub__bkt_acc *acc = (hfhub__bkt_acc *)user;
    size_t i, n = hfhub_json_len(page);
    if (hfhub_json_type_of(page) != HFHUB_JSON_ARRAY) return hfhub__fail(HFHUB_ERR_PARSE, "a bucket listing is not an array");
    for (i = 0; i < n; i++) {
        hfhub_bucket_entry e;
        hfhub_bucket b;
        hfhub_result r;
        const hfhub_json_value *v = hfhub_json_at(page, i);
        if (acc->tree) {
            if ((r = hfhub__bkt_entry_parse(acc->ar, v, &e))) return r;
            hfhub__buf_append(&acc->items, &e, sizeof e);
        } else {
            /* page values die with the page: keep no JSON pointer */
            if ((r = hfhub__bkt_info_parse(acc->ar, v, &b))) return r;
            b.json = NULL;
            hfhub__buf_append(&acc->items, &b, sizeof b);
        }
        if (acc->items.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "bucket listing");
        acc->n++;
    }
    return HFHUB_OK;
}

/* The gathered items copied into the arena: *items, *n. */
static hfhub_result hfhub__bkt_acc_done(hfhub__bkt_acc *acc, void **items) {
    *items = NULL;
    if (!acc->items.len) return HFHUB_OK;
    *items = hfhub__arena_alloc(acc->ar, acc->items.len);
    if (!*items) return hfhub__fail(HFHUB_ERR_NOMEM, "bucket listing");
    memcpy(*items, acc->items.data, acc->items.len);
    return HFHUB_OK;
}

/* A listing result {items, n, res_} in its own arena, from pages of url. */
static hfhub_result hfhub__bkt_list(hfhub_client *c, const char *url, const char *token, int tree, void **result) {
    hfhub__bkt_acc acc;
    hfhub_result r;
    void *items = NULL;
    *result = NULL;
    memset(&acc, 0, sizeof acc);
    acc.tree = tree;
    if (!(acc.ar = hfhub__cres_new(c->a))) return hfhub__fail(HFHUB_ERR_NOMEM, "bucket listing");
    hfhub__buf_init(&acc.items, c->a);
    r = hfhub__client_paginate(c, url, token, hfhub__bkt_page, &acc);
    if (!r) r = hfhub__bkt_acc_done(&acc, &items);
    hfhub__buf_free(&acc.items);
    if (!r && tree) {
        hfhub_bucket_tree *t = (hfhub_bucket_tree *)hfhub__arena_alloc(acc.ar, sizeof *t);
        if (t) {
            t->items = (hfhub_bucket_entry *)items;
            t->n = acc.n;
            t->res_ = acc.ar;
        }
        *result = t;
    } else if (!r) {
        hfhub_bucket_list *l = (hfhub_bucket_list *)hfhub__arena_alloc(acc.ar, sizeof *l);
        if (l) {
            l->items = (hfhub_bucket *)items;
            l->n = acc.n;
            l->res_ = acc.ar;
        }
        *result = l;
    }
    if (!r && !*result) r = hfhub__fail(HFHUB_ERR_NOMEM, "bucket listing");
    if (r) hfhub__cres_free(acc.ar);
    return r;
}

hfhub_result hfhub_list_buckets(hfhub_client *c, const char *namespace_, const char *search, const char *token,
                                hfhub_bucket_list **out) {
    hfhub__buf u;
    hfhub_result r;
    void *res = NULL;
    if (!c || !out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "list_buckets: NULL argument");
    *out = NULL;
    if (namespace_ && (!*namespace_ || strchr(namespace_, '/') || hfhub__validate_repo_id(namespace_)))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid namespace: '%s'", namespace_);
    if ((r = hfhub__bkt_url(c, &u, namespace_ ? namespace_ : "me", ""))) return r;
    if (search) {
        hfhub__buf_puts(&u, "?search=");
        hfhub__url_quote(&u, search, strlen(search), "");
    }
    r = u.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "list_buckets") : hfhub__bkt_list(c, u.data, token, 0, &res);
    hfhub__buf_free(&u);
    *out = (hfhub_bucket_list *)res;
    return r;
}

hfhub_result hfhub_list_bucket_tree(hfhub_client *c, const char *bucket_id, const hfhub_bucket_tree_opts *opts,
                                    hfhub_bucket_tree **out) {
    hfhub_bucket_tree_opts d;
    hfhub__buf u;
    hfhub_result r;
    void *res = NULL;
    if (!c || !out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "list_bucket_tree: NULL argument");
    *out = NULL;
    memset(&d, 0, sizeof d);
    if (!opts) opts = &d;
    if ((r = hfhub_validate_bucket_id(bucket_id, 0)) || (r = hfhub__bkt_url(c, &u, bucket_id, "/tree"))) return r;
    if (opts->prefix && *opts->prefix) {
        hfhub__buf_putc(&u, '/');
        hfhub__url_quote(&u, opts->prefix, strlen(opts->prefix), "");
    }
    if (opts->recursive) hfhub__buf_puts(&u, opts->recursive == HFHUB_ON ? "?recursive=True" : "?recursive=False");
    r = u.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "list_bucket_tree") : hfhub__bkt_list(c, u.data, opts->token, 1, &res);
    hfhub__buf_free(&u);
    *out = (hfhub_bucket_tree *)res;
    return r;
}

/* One paths-info batch: paths[0..n) posted, the answer's items appended to acc. */
static hfhub_result hfhub__bkt_paths_batch(hfhub_client *c, const char *url, const char *const *paths, size_t n,
                                           const char *token, hfhub__bkt_acc *acc) {
    hfhub__buf body;
    hfhub__jw w;
    hfhub__arena tmp;
    const hfhub_json_value *root = NULL;
    size_t i;
    hfhub_result r;
    hfhub__buf_init(&body, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "paths");
    hfhub__jw_begin_array(&w);
    for (i = 0; i < n; i++) hfhub__jw_string(&w, paths[i]);
    hfhub__jw_end_array(&w);
    hfhub__jw_end_object(&w);
    hfhub__arena_init(&tmp, c->a);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__client_json_in(c, "POST", url, token, body.data, &tmp, &root);
    if (!r) r = hfhub__bkt_page(acc, root);
    hfhub__arena_free(&tmp);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_get_bucket_paths_info(hfhub_client *c, const char *bucket_id, const char *const *paths, size_t n,
                                         const char *token, hfhub_bucket_tree **out) {
    hfhub__bkt_acc acc;
    hfhub__buf u;
    hfhub_result r;
    void *items = NULL;
    size_t i;
    if (!c || !out || (n && !paths)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "get_bucket_paths_info: NULL argument");
    *out = NULL;
    for (i = 0; i < n; i++)
        if (!paths[i]) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "get_bucket_paths_info: a NULL path");
    if ((r = hfhub_validate_bucket_id(bucket_id, 0)) || (r = hfhub__bkt_url(c, &u, bucket_id, "/paths-info"))) return r;
    memset(&acc, 0, sizeof acc);
    acc.tree = 1;
    hfhub__buf_init(&acc.items, c->a);
    if (!(acc.ar = hfhub__cres_new(c->a))) r = hfhub__fail(HFHUB_ERR_NOMEM, "paths-info");
    for (i = 0; !r && i < n; i += HFHUB__BKT_PATHS_BATCH)
        r = hfhub__bkt_paths_batch(c, u.data, paths + i, n - i < HFHUB__BKT_PATHS_BATCH ? n - i : HFHUB__BKT_PATHS_BATCH,
                                   token, &acc);
    if (!r) r = hfhub__bkt_acc_done(&acc, &items);
    if (!r) {
        hfhub_bucket_tree *t = (hfhub_bucket_tree *)hfhub__arena_alloc(acc.ar, sizeof *t);
        if (!t) r = hfhub__fail(HFHUB_ERR_NOMEM, "paths-info");
        else {
            t->items = (hfhub_bucket_entry *)items;
            t->n = acc.n;
            t->res_ = acc.ar;
            *out = t;
        }
    }
    if (r) hfhub__cres_free(acc.ar);
    hfhub__buf_free(&acc.items);
    hfhub__buf_free(&u);
    return r;
}

#undef HFHUB__BKT_PATHS_BATCH
