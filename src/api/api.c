/* api.c: the generic API request, result blocks, and the paginated iterator. */
#include <string.h>

/* ---- result blocks ------------------------------------------------------------------------- */

#define HFHUB__API_BOX_MAGIC 0x68666170u /* "hfap" */

typedef struct hfhub__api_box {
    hfhub__arena ar;
    size_t size;
    unsigned magic;
} hfhub__api_box;

/* The result starts here: the header rounded up to 16 bytes (the arena's alignment). */
#define HFHUB__API_BOX_HDR ((sizeof(hfhub__api_box) + 15) & ~(size_t)15)

void *hfhub__api_box_new(const hfhub_allocator *a, size_t size, hfhub__arena **ar) {
    unsigned char *p = (unsigned char *)hfhub__alloc(a, HFHUB__API_BOX_HDR + size);
    hfhub__api_box *box = (hfhub__api_box *)p;
    if (!p) { hfhub__fail(HFHUB_ERR_NOMEM, "API result"); return NULL; }
    memset(p, 0, HFHUB__API_BOX_HDR + size);
    hfhub__arena_init(&box->ar, a);
    box->size = size;
    box->magic = HFHUB__API_BOX_MAGIC;
    *ar = &box->ar;
    return p + HFHUB__API_BOX_HDR;
}

void hfhub_api_free(void *result) {
    hfhub__api_box *box;
    const hfhub_allocator *a;
    if (!result) return;
    box = (hfhub__api_box *)((unsigned char *)result - HFHUB__API_BOX_HDR);
    if (box->magic != HFHUB__API_BOX_MAGIC) return; /* not ours: leak rather than corrupt */
    box->magic = 0;
    a = box->ar.a;
    hfhub__arena_free(&box->ar);
    hfhub__free(a, box, HFHUB__API_BOX_HDR + box->size);
}

/* ---- URLs and queries ---------------------------------------------------------------------- */

void hfhub__api_q(hfhub__buf *b, const char *name, const char *value) {
    if (!value) return;
    hfhub__buf_putc(b, b->data && strchr(b->data, '?') ? '&' : '?');
    hfhub__url_quote_plus(b, name, strlen(name), "");
    hfhub__buf_putc(b, '=');
    hfhub__url_quote_plus(b, value, strlen(value), "");
}

void hfhub__api_q_list(hfhub__buf *b, const char *name, const char *const *vals, size_t n) {
    size_t i;
    for (i = 0; vals && i < n; i++) hfhub__api_q(b, name, vals[i]);
}

hfhub_result hfhub__api_repo_url(const hfhub_client *c, hfhub__buf *b, const char *repo_type, const char *repo_id,
                                 int *type_index) {
    hfhub_result r;
    int t = hfhub__repo_type_index(repo_type);
    if (t < 0) return HFHUB_ERR_INVALID_ARG;
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if (type_index) *type_index = t;
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/api/%s/%s", c->endpoint, hfhub__repo_type_plural(t), repo_id);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : HFHUB_OK;
}

hfhub_result hfhub__api_abs_url(const hfhub_client *c, hfhub__buf *b, const char *path) {
    if (!path || !*path) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "API path is empty");
    hfhub__buf_reset(b);
    if (!strncmp(path, "http://", 7) || !strncmp(path, "https://", 8)) hfhub__buf_puts(b, path);
    else hfhub__buf_printf(b, "%s%s%s", c->endpoint, path[0] == '/' ? "" : "/", path);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : HFHUB_OK;
}

/* The pairs of a NULL-terminated name/value list, appended as query parameters. */
static hfhub_result hfhub__api_q_pairs(hfhub__buf *b, const char *const *kv) {
    size_t i;
    for (i = 0; kv && kv[i]; i += 2) {
        if (!kv[i + 1]) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "query parameter '%s' has no value", kv[i]);
        hfhub__api_q(b, kv[i], kv[i + 1]);
    }
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : HFHUB_OK;
}

/* ---- one JSON call --------------------------------------------------------------------------- */

#define HFHUB__API_MAX_HEADERS 16

/* Fills the request fields every API call shares from the options. */
static hfhub_result hfhub__api_req_init(hfhub__req *r, const hfhub_api_opts *o, hfhub_header *hd, size_t *nh) {
    size_t i;
    memset(r, 0, sizeof *r);
    if (!o) return HFHUB_OK;
    if (o->n_headers > HFHUB__API_MAX_HEADERS)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "at most %d extra headers", HFHUB__API_MAX_HEADERS);
    for (i = 0; i < o->n_headers; i++) hd[(*nh)++] = o->headers[i];
    r->token = o->token;
    r->auth = o->no_token ? HFHUB__AUTH_NONE : HFHUB__AUTH_DEFAULT;
    if (o->no_token) r->token = NULL;
    r->timeout_ms = o->timeout_s > 0 ? o->timeout_s * 1000 : 0;
    if (o->max_retries > 0) {
        r->max_retries = o->max_retries;
        r->retry_network = 1;
    }
    return HFHUB_OK;
}

hfhub_result hfhub__api_call_json(hfhub_client *c, const hfhub__api_call *call, hfhub__arena *ar,
                                  const hfhub_json_value **root) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_header hd[HFHUB__API_MAX_HEADERS + 1];
    size_t nh = 0;
    hfhub_result res;
    *root = NULL;
    if (call->body) {
        hd[nh].name = "Content-Type";
        hd[nh++].value = call->content_type ? call->content_type : "application/json";
    }
    if ((res = hfhub__api_req_init(&r, call->o, hd, &nh)) != HFHUB_OK) return res;
    r.method = call->method;
    r.url = call->url;
    r.headers = hd;
    r.n_headers = nh;
    r.body = call->body;
    r.body_len = call->body_len;
    res = hfhub__client_request(c, &r, &resp);
    if (!res && resp.body.len) res = hfhub__json_parse_in(ar, resp.body.data, resp.body.len, 0, root);
    hfhub__http_response_free(&resp);
    return res;
}

hfhub_result hfhub_api_request(hfhub_client *c, const char *method, const char *path, const char *const *query,
                               const char *json_body, const hfhub_api_opts *opts, hfhub_json_doc **out) {
    hfhub__buf url;
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_header hd[HFHUB__API_MAX_HEADERS + 1];
    hfhub_json_parse_opts po;
    size_t nh = 0;
    hfhub_result res;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c || !method || !*method) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client and method are required");
    hfhub__buf_init(&url, c->a);
    res = hfhub__api_abs_url(c, &url, path);
    if (!res) res = hfhub__api_q_pairs(&url, query);
    if (json_body) {
        hd[nh].name = "Content-Type";
        hd[nh++].value = "application/json";
    }
    if (!res) res = hfhub__api_req_init(&r, opts, hd, &nh);
    if (res) { hfhub__buf_free(&url); return res; }
    r.method = method;
    r.url = url.data;
    r.headers = hd;
    r.n_headers = nh;
    r.body = json_body;
    r.body_len = json_body ? strlen(json_body) : 0;
    res = hfhub__client_request(c, &r, &resp);
    if (!res && resp.body.len) {
        memset(&po, 0, sizeof po);
        po.allocator = c->a;
        res = hfhub_json_parse(resp.body.data, resp.body.len, &po, out);
    }
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&url);
    return res;
}

/* ---- typed readers --------------------------------------------------------------------------- */

const char *hfhub__api_str(const hfhub_json_value *obj, const char *key) {
    return hfhub_json_str(hfhub_json_get(obj, key), NULL);
}

int64_t hfhub__api_int(const hfhub_json_value *obj, const char *key, int64_t dflt) {
    return hfhub_json_int(hfhub_json_get(obj, key), dflt);
}

int hfhub__api_bool(const hfhub_json_value *obj, const char *key, int dflt) {
    return hfhub_json_bool(hfhub_json_get(obj, key), dflt);
}

hfhub_result hfhub__api_strs(hfhub__arena *ar, const hfhub_json_value *arr, const char ***out, size_t *n) {
    size_t i, len = hfhub_json_type_of(arr) == HFHUB_JSON_ARRAY ? hfhub_json_len(arr) : 0;
    const char **v;
    *out = NULL;
    *n = 0;
    if (!len) return HFHUB_OK;
    v = (const char **)hfhub__arena_alloc(ar, len * sizeof *v);
    if (!v) return hfhub__fail(HFHUB_ERR_NOMEM, "JSON strings");
    for (i = 0; i < len; i++) {
        const char *s = hfhub_json_str(hfhub_json_at(arr, i), NULL);
        if (s) v[(*n)++] = s;
    }
    *out = v;
    return HFHUB_OK;
}

/* ---- iterators ------------------------------------------------------------------------------- */

struct hfhub_iter {
    hfhub_client *c;
    int kind;
    hfhub__iter_parse_fn parse;
    const char *ctx;
    hfhub__arena keep;             /* copies of the spec's strings and headers */
    hfhub_api_opts o;
    const char *method, *body, *content_type;
    size_t body_len;
    hfhub__buf next;               /* the URL of the next page; empty: no more */
    hfhub__arena page;             /* the current page */
    const hfhub_json_value *items;
    size_t idx;
    hfhub__arena item;             /* the current typed item */
    uint64_t limit, count;
    size_t pages;
    hfhub_result err;              /* sticky */
    int done;
};

static hfhub_result hfhub__iter_copy(hfhub_iter *it, const hfhub__iter_spec *s) {
    size_t i;
    const hfhub_api_opts *o = s->o;
    if (o) {
        hfhub_header *h = NULL;
        it->o = *o;
        if (o->n_headers > HFHUB__API_MAX_HEADERS)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "at most %d extra headers", HFHUB__API_MAX_HEADERS);
        if (o->n_headers && !(h = (hfhub_header *)hfhub__arena_alloc(&it->keep, o->n_headers * sizeof *h)))
            return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
        for (i = 0; i < o->n_headers; i++) {
            h[i].name = hfhub__arena_strdup(&it->keep, o->headers[i].name);
            h[i].value = hfhub__arena_strdup(&it->keep, o->headers[i].value);
            if (!h[i].name || !h[i].value) return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
        }
        it->o.headers = h;
        if (o->token && !(it->o.token = hfhub__arena_strdup(&it->keep, o->token)))
            return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
    }
    if (s->ctx && !(it->ctx = hfhub__arena_strdup(&it->keep, s->ctx))) return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
    if (s->method && !(it->method = hfhub__arena_strdup(&it->keep, s->method))) return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
    if (s->content_type && !(it->content_type = hfhub__arena_strdup(&it->keep, s->content_type)))
        return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
    if (s->body) {
        char *b = (char *)hfhub__arena_alloc(&it->keep, s->body_len + 1);
        if (!b) return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
        memcpy(b, s->body, s->body_len);
        b[s->body_len] = 0;
        it->body = b;
        it->body_len = s->body_len;
    }
    hfhub__buf_puts(&it->next, s->url);
    return it->next.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "iterator") : HFHUB_OK;
}

hfhub_result hfhub__iter_new(hfhub_client *c, const hfhub__iter_spec *s, hfhub_iter **out) {
    hfhub_iter *it;
    hfhub_result r;
    *out = NULL;
    it = (hfhub_iter *)hfhub__alloc(c->a, sizeof *it);
    if (!it) return hfhub__fail(HFHUB_ERR_NOMEM, "iterator");
    memset(it, 0, sizeof *it);
    it->c = c;
    it->kind = s->kind;
    it->parse = s->parse;
    it->limit = s->limit;
    hfhub__arena_init(&it->keep, c->a);
    hfhub__arena_init(&it->page, c->a);
    hfhub__arena_init(&it->item, c->a);
    hfhub__buf_init(&it->next, c->a);
    if ((r = hfhub__iter_copy(it, s)) != HFHUB_OK) { hfhub_iter_free(it); return r; }
    *out = it;
    return HFHUB_OK;
}

hfhub_result hfhub_api_paginate(hfhub_client *c, const char *path, const char *const *query, const hfhub_api_opts *opts,
                                hfhub_iter **out) {
    hfhub__buf url;
    hfhub__iter_spec s;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&url, c->a);
    r = hfhub__api_abs_url(c, &url, path);
    if (!r) r = hfhub__api_q_pairs(&url, query);
    if (!r) {
        memset(&s, 0, sizeof s);
        s.url = url.data;
        s.o = opts;
        s.kind = HFHUB__ITER_JSON;
        r = hfhub__iter_new(c, &s, out);
    }
    hfhub__buf_free(&url);
    return r;
}

/* Fetches the page at it->next (Python's paginate: the first request is not retried, the
 * next ones are, up to 20 times on 429 and network errors). */
static hfhub_result hfhub__iter_fetch(hfhub_iter *it) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_header hd[HFHUB__API_MAX_HEADERS + 1];
    size_t nh = 0;
    hfhub_result res;
    if (it->body) {
        hd[nh].name = "Content-Type";
        hd[nh++].value = it->content_type ? it->content_type : "application/json";
    }
    if ((res = hfhub__api_req_init(&r, &it->o, hd, &nh)) != HFHUB_OK) return res;
    r.url = it->next.data;
    r.method = it->method;
    r.headers = hd;
    r.n_headers = nh;
    r.body = it->body;
    r.body_len = it->body_len;
    if (it->pages > 0) {
        r.max_retries = 20;
        r.retry_mask = HFHUB__RETRY_429;
        r.retry_network = 1;
    }
    hfhub__arena_free(&it->page); /* only one page is held */
    hfhub__arena_init(&it->page, it->c->a);
    it->items = NULL;
    it->idx = 0;
    res = hfhub__client_request(it->c, &r, &resp);
    if (!res) res = hfhub__json_parse_in(&it->page, resp.body.data ? resp.body.data : "", resp.body.len, 0, &it->items);
    if (!res && hfhub_json_type_of(it->items) != HFHUB_JSON_ARRAY)
        res = hfhub__fail(HFHUB_ERR_PARSE, "listing page %u of %s is not a JSON array", (unsigned)it->pages + 1, r.url);
    hfhub__buf_reset(&it->next);
    if (!res && !it->body) hfhub__link_rel(hfhub__http_header(&resp, "Link"), "next", &it->next);
    hfhub__http_response_free(&resp);
    if (!res && it->next.failed) res = hfhub__fail(HFHUB_ERR_NOMEM, "pagination");
    it->pages++;
    return res;
}

hfhub_result hfhub_iter_next_json(hfhub_iter *it, const hfhub_json_value **item) {
    if (!item) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "item is NULL");
    *item = NULL;
    if (!it) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "iterator is NULL");
    if (it->err) return it->err;
    while (!it->done && (!it->items || it->idx >= hfhub_json_len(it->items))) {
        if ((it->limit && it->count >= it->limit) || (it->pages > 0 && !it->next.len)) {
            it->done = 1;
            break;
        }
        if ((it->err = hfhub__iter_fetch(it)) != HFHUB_OK) return it->err;
    }
    if (it->done || (it->limit && it->count >= it->limit)) {
        it->done = 1;
        hfhub__arena_free(&it->page); /* nothing more will be read */
        hfhub__arena_init(&it->page, it->c->a);
        it->items = NULL;
        return HFHUB_OK;
    }
    *item = hfhub_json_at(it->items, it->idx++);
    it->count++;
    return HFHUB_OK;
}

hfhub_result hfhub__iter_next_typed(hfhub_iter *it, int kind, const void **out) {
    const hfhub_json_value *v;
    hfhub_result r;
    void *typed = NULL;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!it) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "iterator is NULL");
    if (it->kind != kind || !it->parse) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "this iterator lists another kind of item");
    if ((r = hfhub_iter_next_json(it, &v)) != HFHUB_OK || !v) return r;
    hfhub__arena_free(&it->item); /* the previous item goes */
    hfhub__arena_init(&it->item, it->c->a);
    if ((r = it->parse(&it->item, v, it->ctx, &typed)) != HFHUB_OK) return it->err = r;
    *out = typed;
    return HFHUB_OK;
}

size_t hfhub_iter_count(const hfhub_iter *it) { return it ? (size_t)it->count : 0; }
size_t hfhub_iter_pages(const hfhub_iter *it) { return it ? it->pages : 0; }

void hfhub_iter_free(hfhub_iter *it) {
    const hfhub_allocator *a;
    if (!it) return;
    a = it->c->a;
    hfhub__arena_free(&it->keep);
    hfhub__arena_free(&it->page);
    hfhub__arena_free(&it->item);
    hfhub__buf_free(&it->next);
    hfhub__free(a, it, sizeof *it);
}

#undef HFHUB__API_BOX_MAGIC
#undef HFHUB__API_BOX_HDR
#undef HFHUB__API_MAX_HEADERS
