/* download_mem.c: hf_hub_download into a caller buffer. */
#include <string.h>

#define HFHUB__DLMEM_ERR_BODY_MAX 65536

typedef struct hfhub__dlmem {
    char *buf;
    size_t cap, len;
    int status;
    uint64_t total;
    int too_large, cancelled;
    hfhub__buf err_body;     /* body of an error response, for the message */
    hfhub_progress prog;
    const hfhub_download_opts *opts;
} hfhub__dlmem;

static int hfhub__dlmem_status(void *user, int status) {
    ((hfhub__dlmem *)user)->status = status;
    return 0;
}

static int hfhub__dlmem_header(void *user, const char *name, const char *value) {
    hfhub__dlmem *d = (hfhub__dlmem *)user;
    uint64_t n = 0;
    const char *p = value;
    if (d->status >= 300 || !hfhub__ascii_ieq(name, "Content-Length")) return 0;
    for (; *p >= '0' && *p <= '9' && n < ((uint64_t)1 << 60); p++) n = n * 10 + (uint64_t)(*p - '0');
    d->total = n;
    d->prog.bytes_total = n;
    if (n > d->cap) { d->too_large = 1; return 1; } /* no need to fetch what cannot fit */
    return 0;
}

static int hfhub__dlmem_body(void *user, const void *data, size_t n) {
    hfhub__dlmem *d = (hfhub__dlmem *)user;
    if (d->status >= 400) {
        if (d->err_body.len + n <= HFHUB__DLMEM_ERR_BODY_MAX) hfhub__buf_append(&d->err_body, data, n);
        return 0;
    }
    if (n > d->cap - d->len) { d->too_large = 1; return 1; }
    memcpy(d->buf + d->len, data, n);
    d->len += n;
    if (d->opts && d->opts->progress) {
        d->prog.bytes_done = d->len;
        if (d->opts->progress(d->opts->progress_user, &d->prog)) { d->cancelled = 1; return 1; }
    }
    return 0;
}

/* subfolder + "/" + filename, validated. */
static hfhub_result hfhub__dlmem_path(const hfhub_download_opts *o, const char *filename, hfhub__buf *path) {
    if (!filename) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "filename is NULL");
    if (o && o->subfolder && *o->subfolder) hfhub__buf_printf(path, "%s/", o->subfolder);
    hfhub__buf_puts(path, filename);
    if (path->failed) return hfhub__fail(HFHUB_ERR_NOMEM, "download path");
    return hfhub__validate_filename(path->data);
}

static hfhub_result hfhub__dlmem_fetch(hfhub_client *c, const hfhub_download_opts *o, const char *url,
                                       hfhub__dlmem *d) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_http_sink sink;
    hfhub_header hd[17];
    size_t i, n_user = o && o->headers ? o->n_headers : 0;
    hfhub_result res;
    if (n_user > 16) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "at most 16 extra headers");
    memset(&r, 0, sizeof r);
    hd[0].name = "Accept-Encoding";
    hd[0].value = "identity"; /* the bytes as stored, never a compressed transfer */
    for (i = 0; i < n_user; i++) hd[1 + i] = o->headers[i]; /* the caller's override ours */
    r.url = url;
    r.headers = hd;
    r.n_headers = 1 + n_user;
    r.token = o ? o->token : NULL;
    r.timeout_ms = c->download_timeout_s * 1000;
    r.max_retries = 5;
    r.retry_mask = HFHUB__RETRY_408 | HFHUB__RETRY_429;
    sink.user = d;
    sink.on_status = hfhub__dlmem_status;
    sink.on_header = hfhub__dlmem_header;
    sink.on_body = hfhub__dlmem_body;
    r.sink = &sink;
    res = hfhub__client_request(c, &r, &resp);
    if (d->too_large)
        res = hfhub__fail(HFHUB_ERR_TOO_LARGE, "%s is %s%lu bytes, more than the buffer's %lu", url,
                          d->total ? "" : "over ", (unsigned long)(d->total ? d->total : d->len), (unsigned long)d->cap);
    else if (d->cancelled)
        res = hfhub__fail(HFHUB_ERR_CANCELLED, "download of %s cancelled by the progress callback", url);
    else if (!res && resp.status >= 400)
        res = hfhub__map_http_error(&resp, url, d->err_body.data, d->err_body.len);
    else if (!res && resp.status >= 300)
        res = hfhub__fail_http(HFHUB_ERR_HTTP, resp.status, NULL, NULL, "unexpected redirect status %d for %s", resp.status, url);
    hfhub__http_response_free(&resp);
    return res;
}

hfhub_result hfhub_download_to_buffer(hfhub_client *c, const char *repo_id, const char *filename,
                                      const hfhub_download_opts *o, void *buf, size_t cap, size_t *len) {
    hfhub__dlmem d;
    hfhub__buf path, url;
    hfhub_result res;
    int type;
    if (len) *len = 0;
    if (!c || !len || (!buf && cap)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_download_to_buffer: NULL argument");
    if ((res = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return res;
    if ((type = hfhub__repo_type_index(o ? o->repo_type : NULL)) < 0) return HFHUB_ERR_INVALID_ARG;
    if ((o && (o->local_files_only || o->mode == HFHUB_DOWNLOAD_OFFLINE)) || c->offline)
        return hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND,
                           "Cannot find the requested files in the disk cache and outgoing traffic has been disabled. "
                           "To enable hf.co look-ups and downloads online, set 'local_files_only' to False.");
    memset(&d, 0, sizeof d);
    hfhub__buf_init(&path, c->a);
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&d.err_body, c->a);
    res = hfhub__dlmem_path(o, filename, &path);
    if (!res) res = hfhub__resolve_url(c, &url, type, repo_id, o ? o->revision : NULL, path.data);
    if (!res) {
        d.buf = (char *)buf;
        d.cap = cap;
        d.opts = o;
        d.prog.path = path.data;
        d.prog.files_total = 1;
        res = hfhub__dlmem_fetch(c, o, url.data, &d);
    }
    if (!res) *len = d.len;
    hfhub__buf_free(&d.err_body);
    hfhub__buf_free(&url);
    hfhub__buf_free(&path);
    return res;
}

#undef HFHUB__DLMEM_ERR_BODY_MAX
