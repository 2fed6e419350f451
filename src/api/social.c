/* social.c: what the community modules share: results owning their JSON, URLs, calls, listings. */
#include <string.h>

typedef struct hfhub__social_box {
    hfhub__arena ar;
    const hfhub_allocator *a;
    size_t size;
} hfhub__social_box;

/* The public struct starts 16-byte aligned after the box. */
#define HFHUB__SOCIAL_HDR ((sizeof(hfhub__social_box) + 15) & ~(size_t)15)

void *hfhub__social_new(hfhub_client *c, size_t size, hfhub__arena **ar) {
    unsigned char *p = (unsigned char *)hfhub__alloc(c->a, HFHUB__SOCIAL_HDR + size);
    hfhub__social_box *box = (hfhub__social_box *)(void *)p;
    if (!p) {
        hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memset(p, 0, HFHUB__SOCIAL_HDR + size);
    hfhub__arena_init(&box->ar, c->a);
    box->a = c->a;
    box->size = HFHUB__SOCIAL_HDR + size;
    *ar = &box->ar;
    return p + HFHUB__SOCIAL_HDR;
}

void hfhub__social_free(void *result) {
    hfhub__social_box *box;
    if (!result) return;
    box = (hfhub__social_box *)(void *)((unsigned char *)result - HFHUB__SOCIAL_HDR);
    hfhub__arena_free(&box->ar);
    hfhub__free(box->a, box, box->size);
}

hfhub_result hfhub__social_repo_url(hfhub_client *c, hfhub__buf *b, const char *repo_type, const char *repo_id) {
    int t = hfhub__repo_type_index(repo_type);
    hfhub_result r;
    if (t < 0) return HFHUB_ERR_INVALID_ARG;
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/api/%s/%s", c->endpoint, hfhub__repo_type_plural(t), repo_id);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

void hfhub__social_seg(hfhub__buf *b, const char *s) { hfhub__url_quote(b, s, strlen(s), ""); }

static void hfhub__social_copy(char *dst, size_t cap, const char *src) {
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) n = cap - 1;
    if (n) memcpy(dst, src, n);
    dst[n] = 0;
}

/* Parses an error's JSON body (a 409's slug or url) into *v, NULL when it is not JSON; the
 * recorded error stays as it was. */
static void hfhub__social_error_body(hfhub__arena *ar, const hfhub__http_response *resp, const hfhub_json_value **v) {
    const hfhub_error *e = hfhub_last_error();
    hfhub_result r = e->result;
    int status = e->http_status;
    char msg[1024], code[64], rid[128];
    if (!resp->body.data || resp->body.data[0] != '{') return;
    hfhub__social_copy(msg, sizeof msg, e->message);
    hfhub__social_copy(code, sizeof code, e->server_code);
    hfhub__social_copy(rid, sizeof rid, e->request_id);
    if (hfhub__json_parse_in(ar, resp->body.data, resp->body.len, 0, v)) *v = NULL;
    hfhub__fail_http(r, status, code, rid, "%s", msg);
}

hfhub_result hfhub__social_call(hfhub_client *c, const char *method, const char *url, const hfhub__buf *body,
                                hfhub__arena *ar, const hfhub_json_value **root) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_header hd[1];
    hfhub_result res;
    const hfhub_json_value *v = NULL;
    int has_body = body && body->len;
    if (root) *root = NULL;
    if (body && body->failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(&r, 0, sizeof r);
    r.method = method;
    r.url = url;
    hd[0].name = "Content-Type";
    hd[0].value = "application/json";
    r.headers = hd;
    r.n_headers = has_body ? 1 : 0;
    r.body = has_body ? body->data : NULL;
    r.body_len = has_body ? body->len : 0;
    res = hfhub__client_request(c, &r, &resp);
    if (!res && resp.body.len && root) res = hfhub__json_parse_in(ar, resp.body.data, resp.body.len, 0, &v);
    else if (res && resp.status >= 400 && resp.body.len && root) hfhub__social_error_body(ar, &resp, &v);
    hfhub__http_response_free(&resp);
    if (root) *root = v;
    return res;
}

/* Gathers the items of each page into one JSON array text. */
typedef struct hfhub__social_pager {
    hfhub__jw w;
    size_t limit, n;
} hfhub__social_pager;

static hfhub_result hfhub__social_page(void *user, const hfhub_json_value *page) {
    hfhub__social_pager *p = (hfhub__social_pager *)user;
    size_t i;
    if (hfhub_json_type_of(page) != HFHUB_JSON_ARRAY)
        return hfhub__fail(HFHUB_ERR_PARSE, "listing page is not a JSON array");
    for (i = 0; i < hfhub_json_len(page) && (!p->limit || p->n < p->limit); i++, p->n++)
        hfhub__jw_value(&p->w, hfhub_json_at(page, i));
    /* Nonzero stops the listing: HFHUB_ERR_CANCELLED marks "limit reached", not a failure. */
    return p->limit && p->n >= p->limit ? HFHUB_ERR_CANCELLED : HFHUB_OK;
}

hfhub_result hfhub__social_paginate(hfhub_client *c, const char *url, size_t limit, hfhub__arena *ar,
                                    const hfhub_json_value **array) {
    hfhub__buf text;
    hfhub__social_pager p;
    hfhub_result r;
    hfhub__buf_init(&text, c->a);
    memset(&p, 0, sizeof p);
    p.limit = limit;
    hfhub__jw_init(&p.w, &text, HFHUB__JW_COMPACT);
    hfhub__jw_begin_array(&p.w);
    r = hfhub__client_paginate(c, url, NULL, hfhub__social_page, &p);
    if (r == HFHUB_ERR_CANCELLED && limit && p.n >= limit) r = HFHUB_OK;
    hfhub__jw_end_array(&p.w);
    if (!r) r = hfhub__jw_result(&p.w);
    if (!r) r = hfhub__json_parse_in(ar, text.data, text.len, 0, array);
    hfhub__buf_free(&text);
    return r;
}

hfhub_result hfhub__social_whoami(hfhub_client *c, hfhub__arena *ar, const char **name) {
    hfhub__buf url;
    const hfhub_json_value *root = NULL;
    hfhub_result r;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_printf(&url, "%s/api/whoami-v2", c->endpoint);
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : hfhub__social_call(c, "GET", url.data, NULL, ar, &root);
    hfhub__buf_free(&url);
    if (r) return r;
    *name = hfhub__social_str(root, "name");
    return *name ? HFHUB_OK : hfhub__fail(HFHUB_ERR_PARSE, "whoami: no user name in the answer");
}

const char *hfhub__social_str(const hfhub_json_value *obj, const char *key) {
    return hfhub_json_str(hfhub_json_get(obj, key), NULL);
}

hfhub_result hfhub__social_strs(hfhub__arena *ar, const hfhub_json_value *arr, const char ***out, size_t *n) {
    size_t i, len = hfhub_json_len(arr);
    const char **v;
    *n = 0;
    if (hfhub_json_type_of(arr) != HFHUB_JSON_ARRAY) len = 0;
    v = (const char **)hfhub__arena_alloc(ar, (len + 1) * sizeof *v);
    if (!v) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; i < len; i++) {
        const char *s = hfhub_json_str(hfhub_json_at(arr, i), NULL);
        if (s) v[(*n)++] = s;
    }
    v[*n] = NULL;
    *out = v;
    return HFHUB_OK;
}

int hfhub__social_is_404(hfhub_result r) { return r != HFHUB_OK && hfhub_last_error()->http_status == 404; }

#undef HFHUB__SOCIAL_HDR
