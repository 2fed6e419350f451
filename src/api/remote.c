/* remote.c: remote files read by ranges, and safetensors metadata from ranged reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HFHUB__REMOTE_FIRST_RANGE 100000          /* Python's first safetensors read: bytes=0-100000 */
#define HFHUB__REMOTE_MAX_HEADER 25000000         /* SAFETENSORS_MAX_HEADER_LENGTH */
#define HFHUB__REMOTE_ERR_BODY_MAX 65536

/* ---- ranged GET -------------------------------------------------------------------------------- */

typedef struct hfhub__remote_sink {
    unsigned char *buf;
    size_t cap, len;
    uint64_t skip;           /* bytes still to drop before the window (a 200 answer) */
    uint64_t offset;
    int status, checked;
    hfhub__buf err_body;
} hfhub__remote_sink;

static int hfhub__remote_on_status(void *user, int status) {
    hfhub__remote_sink *s = (hfhub__remote_sink *)user;
    s->status = status;
    s->skip = status == 200 ? s->offset : 0;
    return 0;
}

/* A 206 must start where asked: Content-Range "bytes a-b/total". */
static int hfhub__remote_on_header(void *user, const char *name, const char *value) {
    hfhub__remote_sink *s = (hfhub__remote_sink *)user;
    unsigned long long a = 0;
    if (s->status != 206 || !hfhub__ascii_ieq(name, "Content-Range")) return 0;
    if (sscanf(value, "bytes %llu-", &a) != 1 || a != s->offset) return 1;
    s->checked = 1;
    return 0;
}

static int hfhub__remote_on_body(void *user, const void *data, size_t n) {
    hfhub__remote_sink *s = (hfhub__remote_sink *)user;
    const unsigned char *p = (const unsigned char *)data;
    if (s->status >= 300) {
        if (s->err_body.len + n <= HFHUB__REMOTE_ERR_BODY_MAX) hfhub__buf_append(&s->err_body, data, n);
        return 0;
    }
    if (s->skip) {
        size_t k = s->skip < n ? (size_t)s->skip : n;
        s->skip -= k;
        p += k;
        n -= k;
    }
    if (n > s->cap - s->len) n = s->cap - s->len;
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    return s->len == s->cap && s->status == 200; /* the window is full: stop a whole-file answer */
}

hfhub_result hfhub__remote_get_range(hfhub_client *c, const char *url, const char *token, const hfhub_header *headers,
                                     size_t n_headers, uint64_t offset, void *buf, size_t n, size_t *got) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_http_sink sink;
    hfhub__remote_sink s;
    hfhub_header hd[18];
    char range[64];
    size_t i;
    hfhub_result res;
    *got = 0;
    if (!n) return HFHUB_OK;
    if (n_headers > 16) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "at most 16 extra headers");
    snprintf(range, sizeof range, "bytes=%llu-%llu", (unsigned long long)offset, (unsigned long long)(offset + n - 1));
    hd[0].name = "Accept-Encoding";
    hd[0].value = "identity";
    hd[1].name = "Range";
    hd[1].value = range;
    for (i = 0; i < n_headers; i++) hd[2 + i] = headers[i];
    memset(&s, 0, sizeof s);
    s.buf = (unsigned char *)buf;
    s.cap = n;
    s.offset = offset;
    hfhub__buf_init(&s.err_body, c->a);
    memset(&sink, 0, sizeof sink);
    sink.user = &s;
    sink.on_status = hfhub__remote_on_status;
    sink.on_header = hfhub__remote_on_header;
    sink.on_body = hfhub__remote_on_body;
    memset(&r, 0, sizeof r);
    r.url = url;
    r.token = token;
    r.headers = hd;
    r.n_headers = 2 + n_headers;
    r.timeout_ms = c->download_timeout_s * 1000;
    r.max_retries = 5;  /* HfFileSystem: retry_on_status_codes=(500, 502, 503, 504) */
    r.retry_mask = HFHUB__RETRY_5XX;
    r.retry_network = 1;
    r.sink = &sink;
    res = hfhub__client_request(c, &r, &resp);
    if (res == HFHUB_ERR_CANCELLED && s.status == 200 && s.len == s.cap) res = HFHUB_OK; /* we stopped it */
    else if (res == HFHUB_ERR_CANCELLED && s.status == 206)
        res = hfhub__fail(HFHUB_ERR_HTTP, "%s answered a range that does not start at %llu", url, (unsigned long long)offset);
    else if (!res && s.status >= 400) res = hfhub__map_http_error(&resp, url, s.err_body.data, s.err_body.len);
    else if (!res && (s.status < 200 || s.status >= 300))
        res = hfhub__fail_http(HFHUB_ERR_HTTP, s.status, NULL, NULL, "unexpected status %d for %s", s.status, url);
    else if (!res && s.status == 206 && !s.checked)
        res = hfhub__fail(HFHUB_ERR_HTTP, "%s answered 206 without a Content-Range", url);
    if (!res) *got = s.len;
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&s.err_body);
    return res;
}

/* ---- the metadata call ------------------------------------------------------------------------- */

/* A header value copied into the file's arena (NULL stays NULL). */
static const char *hfhub__remote_keep(hfhub_remote_file *f, const char *v) {
    return v ? hfhub__arena_strdup(&f->ar, v) : NULL;
}

/* W/ and quotes stripped, like Python's _normalize_etag. */
static const char *hfhub__remote_etag(hfhub_remote_file *f, const char *v) {
    size_t n;
    if (!v) return NULL;
    while (v[0] == 'W' && v[1] == '/') v += 2;
    while (*v == '"') v++;
    n = strlen(v);
    while (n && v[n - 1] == '"') n--;
    return hfhub__arena_strndup(&f->ar, v, n);
}

static hfhub_result hfhub__remote_meta(hfhub_remote_file *f, const hfhub__http_response *resp, const char *url) {
    const char *commit = hfhub__http_header(resp, "X-Repo-Commit");
    const char *etag = hfhub__http_header(resp, "X-Linked-Etag");
    const char *size = hfhub__http_header(resp, "X-Linked-Size");
    const char *xet = hfhub__http_header(resp, "X-Xet-Hash");
    char *end = NULL;
    if (!etag) etag = hfhub__http_header(resp, "ETag");
    if (!size && resp->status < 300) size = hfhub__http_header(resp, "Content-Length");
    if (!commit || strlen(commit) != 40 || !etag || !size)
        return hfhub__fail(HFHUB_ERR_PARSE, "Distant resource does not seem to be on huggingface.co (%s): no commit, etag or size.", url);
    memcpy(f->commit, commit, 41);
    f->size = (uint64_t)strtoull(size, &end, 10);
    if (!end || *end) return hfhub__fail(HFHUB_ERR_PARSE, "bad file size '%s' for %s", size, url);
    f->etag = hfhub__remote_etag(f, etag);
    if (xet) {
        hfhub__buf route;
        const char *rr = hfhub__http_header(resp, "X-Xet-Refresh-Route");
        hfhub__buf_init(&route, f->c->a);
        hfhub__link_rel(hfhub__http_header(resp, "Link"), "xet-auth", &route);
        if (route.len || rr) {
            f->xet_hash = hfhub__remote_keep(f, xet);
            f->xet_refresh_route = hfhub__remote_keep(f, route.len ? route.data : rr);
        }
        hfhub__buf_free(&route);
    }
    return f->etag ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "remote file");
}

/* Python's get_hf_file_metadata: HEAD, following relative redirects only (renamed repos). */
static hfhub_result hfhub__remote_head(hfhub_remote_file *f, const char *first_url) {
    hfhub__buf url, next;
    hfhub_result res = HFHUB_OK;
    int hop;
    hfhub_header hd[18];
    hfhub__buf_init(&url, f->c->a);
    hfhub__buf_init(&next, f->c->a);
    hfhub__buf_puts(&url, first_url);
    hd[0].name = "Accept-Encoding";
    hd[0].value = "identity";
    memcpy(hd + 1, f->headers, f->n_headers * sizeof *hd);
    for (hop = 0; hop < 10 && !res; hop++) {
        hfhub__req r;
        hfhub__http_response resp;
        const char *loc;
        memset(&r, 0, sizeof r);
        r.method = "HEAD";
        r.url = url.data;
        r.token = f->token;
        r.headers = hd;
        r.n_headers = 1 + f->n_headers;
        r.no_redirects = 1;
        r.timeout_ms = f->c->etag_timeout_s * 1000;
        res = hfhub__client_request(f->c, &r, &resp);
        loc = hfhub__http_header(&resp, "Location");
        if (!res && resp.status >= 300 && resp.status < 400 && loc && loc[0] == '/' && loc[1] != '/') {
            const char *q = strchr(url.data, '?'), *path = strstr(url.data, "://");
            path = path ? strchr(path + 3, '/') : NULL;
            hfhub__buf_reset(&next);
            hfhub__buf_append(&next, url.data, path ? (size_t)(path - url.data) : url.len);
            hfhub__buf_append(&next, loc, strcspn(loc, "?"));
            if (q) hfhub__buf_puts(&next, q);
            hfhub__buf_reset(&url);
            hfhub__buf_append(&url, next.data, next.len);
            hfhub__http_response_free(&resp);
            continue;
        }
        if (!res) res = hfhub__remote_meta(f, &resp, url.data);
        hfhub__http_response_free(&resp);
        break;
    }
    if (!res && hop == 10) res = hfhub__fail(HFHUB_ERR_HTTP, "too many redirects for %s", first_url);
    if (!res && (url.failed || next.failed)) res = hfhub__fail(HFHUB_ERR_NOMEM, "remote file");
    hfhub__buf_free(&url);
    hfhub__buf_free(&next);
    return res;
}

/* ---- remote files ------------------------------------------------------------------------------ */

static hfhub_result hfhub__remote_http_read(hfhub_remote_file *f, uint64_t offset, void *buf, size_t n, size_t *got) {
    return hfhub__remote_get_range(f->c, f->url, f->token, f->headers, f->n_headers, offset, buf, n, got);
}

/* The repo file's path (subfolder/filename), checked. */
static hfhub_result hfhub__remote_path(const hfhub_download_opts *o, const char *filename, hfhub__buf *p) {
    if (!filename) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "filename is NULL");
    if (o && o->subfolder && *o->subfolder) hfhub__buf_printf(p, "%s/", o->subfolder);
    hfhub__buf_puts(p, filename);
    if (p->failed) return hfhub__fail(HFHUB_ERR_NOMEM, "remote file");
    return hfhub__validate_filename(p->data);
}

static hfhub_result hfhub__remote_setup(hfhub_remote_file *f, const char *repo_id, const char *filename,
                                        const hfhub_download_opts *o, hfhub__buf *path, hfhub__buf *url, int *type) {
    hfhub_result r;
    size_t i;
    if (o && o->n_headers > 16) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "at most 16 extra headers");
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if ((*type = hfhub__repo_type_index(o ? o->repo_type : NULL)) < 0) return HFHUB_ERR_INVALID_ARG;
    if ((r = hfhub__remote_path(o, filename, path)) != HFHUB_OK) return r;
    for (i = 0; o && i < o->n_headers; i++) {
        f->headers[i].name = hfhub__arena_strdup(&f->ar, o->headers[i].name);
        f->headers[i].value = hfhub__arena_strdup(&f->ar, o->headers[i].value);
        if (!f->headers[i].name || !f->headers[i].value) return hfhub__fail(HFHUB_ERR_NOMEM, "remote file");
    }
    f->n_headers = o ? o->n_headers : 0;
    if (o && o->token && !(f->token = hfhub__arena_strdup(&f->ar, o->token))) return hfhub__fail(HFHUB_ERR_NOMEM, "remote file");
    return hfhub__resolve_url(f->c, url, *type, repo_id, o ? o->revision : NULL, path->data);
}

hfhub_result hfhub_remote_open(hfhub_client *c, const char *repo_id, const char *filename, const hfhub_download_opts *o,
                               hfhub_remote_file **out) {
    hfhub_remote_file *f;
    hfhub__buf path, url;
    hfhub_result r;
    int type = 0;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    if (!(f = (hfhub_remote_file *)hfhub__alloc(c->a, sizeof *f))) return hfhub__fail(HFHUB_ERR_NOMEM, "remote file");
    memset(f, 0, sizeof *f);
    f->c = c;
    f->read = hfhub__remote_http_read;
    hfhub__arena_init(&f->ar, c->a);
    hfhub__buf_init(&path, c->a);
    hfhub__buf_init(&url, c->a);
    r = hfhub__remote_setup(f, repo_id, filename, o, &path, &url, &type);
    if (!r) r = hfhub__remote_head(f, url.data);
    if (!r) r = hfhub__resolve_url(c, &url, type, repo_id, f->commit, path.data); /* pinned: reads see one version */
    if (!r && !(f->url = hfhub__arena_strdup(&f->ar, url.data))) r = hfhub__fail(HFHUB_ERR_NOMEM, "remote file");
    hfhub__buf_free(&path);
    hfhub__buf_free(&url);
    if (r) { hfhub_remote_close(f); return r; }
    *out = f;
    return HFHUB_OK;
}

uint64_t hfhub_remote_size(const hfhub_remote_file *f) { return f ? f->size : 0; }
const char *hfhub_remote_commit(const hfhub_remote_file *f) { return f ? f->commit : NULL; }
const char *hfhub_remote_etag(const hfhub_remote_file *f) { return f ? f->etag : NULL; }
const char *hfhub_remote_xet_hash(const hfhub_remote_file *f) { return f ? f->xet_hash : NULL; }

hfhub_result hfhub_remote_read(hfhub_remote_file *f, uint64_t offset, void *buf, size_t n, size_t *got) {
    if (!got) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "got is NULL");
    *got = 0;
    if (!f || (!buf && n)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_remote_read: NULL argument");
    if (offset >= f->size || !n) return HFHUB_OK;
    if ((uint64_t)n > f->size - offset) n = (size_t)(f->size - offset);
    return f->read(f, offset, buf, n, got);
}

void hfhub_remote_close(hfhub_remote_file *f) {
    if (!f) return;
    hfhub__arena_free(&f->ar);
    hfhub__free(f->c->a, f, sizeof *f);
}

/* ---- safetensors ------------------------------------------------------------------------------- */

/* Adds count to dtype's sum, keeping first-seen order. */
static hfhub_result hfhub__remote_add_count(hfhub__arena *ar, hfhub_dtype_count **v, size_t *n, size_t *cap,
                                            const char *dtype, int64_t count) {
    size_t i;
    for (i = 0; i < *n; i++)
        if (!strcmp((*v)[i].dtype, dtype)) { (*v)[i].count += count; return HFHUB_OK; }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        hfhub_dtype_count *nv = (hfhub_dtype_count *)hfhub__arena_alloc(ar, nc * sizeof *nv);
        if (!nv) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
        if (*n) memcpy(nv, *v, *n * sizeof *nv);
        *v = nv;
        *cap = nc;
    }
    (*v)[*n].dtype = dtype;
    (*v)[*n].count = count;
    (*n)++;
    return HFHUB_OK;
}

/* One tensor entry: dtype (string), shape (integers >= 0), data_offsets (two integers). */
static hfhub_result hfhub__remote_tensor(hfhub__arena *ar, const char *name, const hfhub_json_value *t,
                                         hfhub_tensor_info *out) {
    const hfhub_json_value *shape = hfhub_json_get(t, "shape"), *off = hfhub_json_get(t, "data_offsets");
    size_t i, n = hfhub_json_len(shape);
    int64_t *dims = NULL;
    uint64_t a, b;
    out->name = name;
    out->dtype = hfhub__api_str(t, "dtype");
    if (!out->dtype || hfhub_json_type_of(shape) != HFHUB_JSON_ARRAY || hfhub_json_type_of(off) != HFHUB_JSON_ARRAY ||
        hfhub_json_len(off) < 2 || !hfhub_json_uint64(hfhub_json_at(off, 0), &a) || !hfhub_json_uint64(hfhub_json_at(off, 1), &b))
        return hfhub__fail(HFHUB_ERR_PARSE, "safetensors header: malformed tensor '%s'", name);
    if (n && !(dims = (int64_t *)hfhub__arena_alloc(ar, n * sizeof *dims))) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    out->parameter_count = 1;
    for (i = 0; i < n; i++) {
        int64_t d = hfhub_json_int(hfhub_json_at(shape, i), -1);
        if (d < 0) return hfhub__fail(HFHUB_ERR_PARSE, "safetensors header: bad shape of tensor '%s'", name);
        dims[i] = d;
        /* saturate rather than overflow on absurd shapes */
        if (d && out->parameter_count > INT64_MAX / d) out->parameter_count = INT64_MAX;
        else out->parameter_count *= d;
    }
    out->shape = dims;
    out->n_shape = n;
    out->data_begin = a;
    out->data_end = b;
    return HFHUB_OK;
}

static hfhub_result hfhub__remote_header_fill(hfhub__arena *ar, const hfhub_json_value *root, hfhub_safetensors_file *f) {
    size_t i, n = hfhub_json_len(root), cap = 0;
    hfhub_tensor_info *t;
    hfhub_dtype_count *counts = NULL;
    hfhub_result r;
    if (hfhub_json_type_of(root) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "safetensors header is not a JSON object");
    if (n && !(t = (hfhub_tensor_info *)hfhub__arena_alloc(ar, n * sizeof *t))) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    if (!n) t = NULL;
    for (i = 0; i < n; i++) {
        const char *key = hfhub_json_key_at(root, i, NULL);
        if (!strcmp(key, "__metadata__")) {
            if (hfhub_json_type_of(hfhub_json_at(root, i)) == HFHUB_JSON_OBJECT) f->metadata = hfhub_json_at(root, i);
            continue;
        }
        if ((r = hfhub__remote_tensor(ar, key, hfhub_json_at(root, i), &t[f->n_tensors])) != HFHUB_OK) return r;
        if ((r = hfhub__remote_add_count(ar, &counts, &f->n_dtypes, &cap, t[f->n_tensors].dtype,
                                         t[f->n_tensors].parameter_count)) != HFHUB_OK)
            return r;
        f->n_tensors++;
    }
    f->tensors = t;
    f->parameter_count = counts;
    return HFHUB_OK;
}

/* Parses header JSON into f, allocating in ar. */
static hfhub_result hfhub__remote_header_into(hfhub__arena *ar, const void *json, size_t len, const char *filename,
                                              hfhub_safetensors_file *f) {
    const hfhub_json_value *root;
    hfhub_result r;
    f->filename = filename ? hfhub__arena_strdup(ar, filename) : NULL;
    if (filename && !f->filename) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    if ((r = hfhub__json_parse_in(ar, (const char *)json, len, 0, &root)) != HFHUB_OK)
        return hfhub__fail(HFHUB_ERR_PARSE, "Failed to parse safetensors header for '%s': invalid JSON",
                           filename ? filename : "");
    return hfhub__remote_header_fill(ar, root, f);
}

hfhub_result hfhub_safetensors_header_parse(const void *json, size_t len, const char *filename, const hfhub_allocator *a,
                                            hfhub_safetensors_file **out) {
    hfhub__arena *ar;
    hfhub_safetensors_file *f;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!json && len) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "json is NULL");
    if (!(f = (hfhub_safetensors_file *)hfhub__api_box_new(a, sizeof *f, &ar))) return HFHUB_ERR_NOMEM;
    r = hfhub__remote_header_into(ar, json ? json : "", len, filename, f);
    if (r) { hfhub_api_free(f); return r; }
    *out = f;
    return HFHUB_OK;
}

/* Reads the header of url: bytes 0-100000, then bytes 8-(len+7) when it is longer. */
static hfhub_result hfhub__remote_st_header(hfhub_client *c, const char *url, const hfhub_download_opts *o,
                                            const char *filename, hfhub__arena *ar, hfhub_safetensors_file *f) {
    const hfhub_header *hd = o ? o->headers : NULL;
    size_t nh = o ? o->n_headers : 0, got = 0;
    unsigned char *first = (unsigned char *)hfhub__alloc(c->a, HFHUB__REMOTE_FIRST_RANGE + 1);
    unsigned char *big = NULL;
    uint64_t hlen = 0;
    int i;
    hfhub_result r;
    if (!first) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    r = hfhub__remote_get_range(c, url, o ? o->token : NULL, hd, nh, 0, first, HFHUB__REMOTE_FIRST_RANGE + 1, &got);
    if (!r && got < 8) r = hfhub__fail(HFHUB_ERR_PARSE, "Failed to parse safetensors header for '%s': file too short", filename);
    for (i = 7; !r && i >= 0; i--) hlen = (hlen << 8) | first[i];
    if (!r && hlen > HFHUB__REMOTE_MAX_HEADER)
        r = hfhub__fail(HFHUB_ERR_PARSE, "Failed to parse safetensors header for '%s'. Header is too big (%llu > %d).", filename,
                        (unsigned long long)hlen, HFHUB__REMOTE_MAX_HEADER);
    if (!r && hlen <= HFHUB__REMOTE_FIRST_RANGE) {
        size_t have = got - 8 < hlen ? got - 8 : (size_t)hlen; /* Python slices what it got */
        r = hfhub__remote_header_into(ar, first + 8, have, filename, f);
    } else if (!r) {
        if (!(big = (unsigned char *)hfhub__alloc(c->a, (size_t)hlen))) r = hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
        if (!r) r = hfhub__remote_get_range(c, url, o ? o->token : NULL, hd, nh, 8, big, (size_t)hlen, &got);
        if (!r) r = hfhub__remote_header_into(ar, big, got, filename, f);
        if (big) hfhub__free(c->a, big, (size_t)hlen);
    }
    hfhub__free(c->a, first, HFHUB__REMOTE_FIRST_RANGE + 1);
    return r;
}

/* The resolve URL of filename (with opts' subfolder and revision). */
static hfhub_result hfhub__remote_url(hfhub_client *c, const char *repo_id, const char *filename,
                                      const hfhub_download_opts *o, hfhub__buf *url) {
    hfhub__buf path;
    hfhub_result r;
    int t;
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if ((t = hfhub__repo_type_index(o ? o->repo_type : NULL)) < 0) return HFHUB_ERR_INVALID_ARG;
    hfhub__buf_init(&path, c->a);
    r = hfhub__remote_path(o, filename, &path);
    if (!r) r = hfhub__resolve_url(c, url, t, repo_id, o ? o->revision : NULL, path.data);
    hfhub__buf_free(&path);
    return r;
}

hfhub_result hfhub_parse_safetensors_file_metadata(hfhub_client *c, const char *repo_id, const char *filename,
                                                   const hfhub_download_opts *o, hfhub_safetensors_file **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    hfhub_safetensors_file *f;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&url, c->a);
    if ((r = hfhub__remote_url(c, repo_id, filename, o, &url)) != HFHUB_OK) { hfhub__buf_free(&url); return r; }
    if (!(f = (hfhub_safetensors_file *)hfhub__api_box_new(c->a, sizeof *f, &ar))) { hfhub__buf_free(&url); return HFHUB_ERR_NOMEM; }
    r = hfhub__remote_st_header(c, url.data, o, filename, ar, f);
    hfhub__buf_free(&url);
    if (r) { hfhub_api_free(f); return r; }
    *out = f;
    return HFHUB_OK;
}

/* Python's file_exists through the metadata call: 1, 0 (repo, revision or entry not found),
 * or an error (gated, network...). */
static hfhub_result hfhub__remote_exists(hfhub_client *c, const char *repo_id, const char *filename,
                                         const hfhub_download_opts *o, int *exists) {
    hfhub_remote_file *f = NULL;
    hfhub_result r = hfhub_remote_open(c, repo_id, filename, o, &f);
    hfhub_remote_close(f);
    *exists = r == HFHUB_OK;
    if (r == HFHUB_ERR_REPO_NOT_FOUND || r == HFHUB_ERR_REVISION_NOT_FOUND || r == HFHUB_ERR_ENTRY_NOT_FOUND) r = HFHUB_OK;
    return r;
}

static int hfhub__remote_cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct file names of the weight map, sorted. */
static hfhub_result hfhub__remote_shards(hfhub__arena *ar, const hfhub_json_value *wm, const char ***names, size_t *n) {
    size_t i, j, len = hfhub_json_len(wm);
    const char **v;
    *names = NULL;
    *n = 0;
    if (!len) return HFHUB_OK;
    if (!(v = (const char **)hfhub__arena_alloc(ar, len * sizeof *v))) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    for (i = 0; i < len; i++) {
        const char *s = hfhub_json_str(hfhub_json_at(wm, i), NULL);
        if (!s) return hfhub__fail(HFHUB_ERR_PARSE, "weight_map of the safetensors index: a value is not a string");
        v[(*n)++] = s;
    }
    qsort(v, *n, sizeof *v, hfhub__remote_cmp_str);
    for (i = j = 0; i < *n; i++)
        if (!j || strcmp(v[j - 1], v[i])) v[j++] = v[i];
    *n = j;
    *names = v;
    return HFHUB_OK;
}

/* Sums the files' counts and builds the weight map of a single file. */
static hfhub_result hfhub__remote_repo_totals(hfhub__arena *ar, hfhub_safetensors_repo *repo) {
    size_t i, j, cap = 0;
    hfhub_dtype_count *counts = NULL;
    hfhub_result r;
    for (i = 0; i < repo->n_files; i++)
        for (j = 0; j < repo->files[i].n_dtypes; j++)
            if ((r = hfhub__remote_add_count(ar, &counts, &repo->n_dtypes, &cap, repo->files[i].parameter_count[j].dtype,
                                             repo->files[i].parameter_count[j].count)) != HFHUB_OK)
                return r;
    repo->parameter_count = counts;
    return HFHUB_OK;
}

static hfhub_result hfhub__remote_single(hfhub_client *c, const char *repo_id, const hfhub_download_opts *o,
                                         hfhub__arena *ar, hfhub_safetensors_repo *repo) {
    hfhub__buf url;
    hfhub_safetensors_file *f = (hfhub_safetensors_file *)hfhub__arena_alloc(ar, sizeof *f);
    hfhub_weight_entry *wm = NULL;
    hfhub_result r;
    size_t i;
    if (!f) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    memset(f, 0, sizeof *f);
    hfhub__buf_init(&url, c->a);
    r = hfhub__remote_url(c, repo_id, "model.safetensors", o, &url);
    if (!r) r = hfhub__remote_st_header(c, url.data, o, "model.safetensors", ar, f);
    hfhub__buf_free(&url);
    if (r) return r;
    if (f->n_tensors && !(wm = (hfhub_weight_entry *)hfhub__arena_alloc(ar, f->n_tensors * sizeof *wm)))
        return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    for (i = 0; i < f->n_tensors; i++) {
        wm[i].tensor = f->tensors[i].name;
        wm[i].filename = f->filename;
    }
    repo->weight_map = wm;
    repo->n_weights = f->n_tensors;
    repo->files = f;
    repo->n_files = 1;
    return hfhub__remote_repo_totals(ar, repo);
}

static hfhub_result hfhub__remote_sharded(hfhub_client *c, const char *repo_id, const hfhub_download_opts *o,
                                          hfhub__arena *ar, hfhub_safetensors_repo *repo) {
    hfhub__buf url;
    hfhub__req rq;
    hfhub__http_response resp;
    const hfhub_json_value *index = NULL, *wm;
    hfhub_safetensors_file *files = NULL;
    hfhub_weight_entry *entries = NULL;
    const char **names;
    size_t i, n;
    hfhub_result r;
    hfhub__buf_init(&url, c->a);
    r = hfhub__remote_url(c, repo_id, "model.safetensors.index.json", o, &url);
    memset(&rq, 0, sizeof rq);
    rq.url = url.data;
    rq.token = o ? o->token : NULL;
    rq.headers = o ? o->headers : NULL;
    rq.n_headers = o ? o->n_headers : 0;
    rq.timeout_ms = c->download_timeout_s * 1000;
    if (!r) {
        r = hfhub__client_request(c, &rq, &resp);
        if (!r) r = hfhub__json_parse_in(ar, resp.body.data ? resp.body.data : "", resp.body.len, 0, &index);
        hfhub__http_response_free(&resp);
    }
    hfhub__buf_free(&url);
    if (r) return r;
    wm = hfhub_json_get(index, "weight_map");
    if (wm && hfhub_json_type_of(wm) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "weight_map is not an object");
    repo->sharded = 1;
    repo->metadata = hfhub_json_type_of(hfhub_json_get(index, "metadata")) == HFHUB_JSON_OBJECT ? hfhub_json_get(index, "metadata") : NULL;
    if ((r = hfhub__remote_shards(ar, wm, &names, &n)) != HFHUB_OK) return r;
    if (hfhub_json_len(wm) && !(entries = (hfhub_weight_entry *)hfhub__arena_alloc(ar, hfhub_json_len(wm) * sizeof *entries)))
        return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    for (i = 0; i < hfhub_json_len(wm); i++) {
        entries[i].tensor = hfhub_json_key_at(wm, i, NULL);
        entries[i].filename = hfhub_json_str(hfhub_json_at(wm, i), "");
    }
    repo->weight_map = entries;
    repo->n_weights = hfhub_json_len(wm);
    if (n && !(files = (hfhub_safetensors_file *)hfhub__arena_alloc(ar, n * sizeof *files))) return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    for (i = 0; i < n; i++) {
        memset(&files[i], 0, sizeof files[i]);
        hfhub__buf_init(&url, c->a);
        r = hfhub__remote_url(c, repo_id, names[i], o, &url);
        if (!r) r = hfhub__remote_st_header(c, url.data, o, names[i], ar, &files[i]);
        hfhub__buf_free(&url);
        if (r) return r;
    }
    repo->files = files;
    repo->n_files = n;
    return hfhub__remote_repo_totals(ar, repo);
}

hfhub_result hfhub_get_safetensors_metadata(hfhub_client *c, const char *repo_id, const hfhub_download_opts *o,
                                            hfhub_safetensors_repo **out) {
    hfhub__arena *ar;
    hfhub_safetensors_repo *repo;
    hfhub_result r;
    int single = 0, sharded = 0;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    if ((r = hfhub__remote_exists(c, repo_id, "model.safetensors", o, &single)) != HFHUB_OK) return r;
    if (!single && (r = hfhub__remote_exists(c, repo_id, "model.safetensors.index.json", o, &sharded)) != HFHUB_OK) return r;
    if (!single && !sharded)
        return hfhub__fail(HFHUB_ERR_ENTRY_NOT_FOUND, "'%s' is not a safetensors repo. Couldn't find 'model.safetensors.index.json' or 'model.safetensors' files.", repo_id);
    if (!(repo = (hfhub_safetensors_repo *)hfhub__api_box_new(c->a, sizeof *repo, &ar))) return HFHUB_ERR_NOMEM;
    r = single ? hfhub__remote_single(c, repo_id, o, ar, repo) : hfhub__remote_sharded(c, repo_id, o, ar, repo);
    if (r) { hfhub_api_free(repo); return r; }
    *out = repo;
    return HFHUB_OK;
}

#undef HFHUB__REMOTE_FIRST_RANGE
#undef HFHUB__REMOTE_MAX_HEADER
#undef HFHUB__REMOTE_ERR_BODY_MAX
