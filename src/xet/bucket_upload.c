/* bucket_upload.c: local files into a bucket (see bucket_upload.h). */

#include <string.h>

#ifndef HFHUB_NO_STDIO

#define HFHUB__BKTU_LINES 1000

/* Python's mimetypes.guess_type for the common cases; NULL: not sent. */
static const char *hfhub__bktu_ctype(const char *path) {
    static const char *const map[][2] = {
        {".py", "text/x-python"}, {".txt", "text/plain"}, {".json", "application/json"}, {".sh", "application/x-sh"},
        {".csv", "text/csv"}, {".html", "text/html"}, {".md", "text/markdown"}, {".png", "image/png"},
        {".jpg", "image/jpeg"}, {".zip", "application/zip"}, {".tar", "application/x-tar"}};
    const char *dot = strrchr(path, '.');
    size_t i;
    if (!dot || strchr(dot, '/')) return NULL;
    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(dot, map[i][0])) return map[i][1];
    return NULL;
}

/* Each file must exist and each bucket path be a sane relative path: before any request. */
static hfhub_result hfhub__bktu_check(const char *const *local, const char *const *remote, size_t n, int64_t *mtimes) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (!local[i] || !remote[i]) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "bucket upload: a NULL path");
        if (!hfhub__fs_exists(local[i]) || hfhub__fs_is_dir(local[i]))
            return hfhub__fail(HFHUB_ERR_IO, "bucket upload: local file '%s' not found", local[i]);
        if (!*remote[i] || remote[i][0] == '/' || hfhub__validate_filename(remote[i]))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "bucket upload: invalid path in bucket '%s'", remote[i]);
        if (hfhub__fs_mtime(local[i], &mtimes[i])) return hfhub__fail(HFHUB_ERR_IO, "bucket upload: cannot stat '%s'", local[i]);
    }
    return HFHUB_OK;
}

/* The NDJSON lines [from, to) of the batch. */
static hfhub_result hfhub__bktu_lines(hfhub__buf *body, const char *const *remote, const hfhub_xet_uploaded *up,
                                      const int64_t *mtimes, size_t from, size_t to) {
    size_t i;
    for (i = from; i < to; i++) {
        hfhub__jw w;
        hfhub_result r;
        const char *ct = hfhub__bktu_ctype(remote[i]);
        hfhub__jw_init(&w, body, HFHUB__JW_PYTHON);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "type", "addFile");
        hfhub__jw_kv_string(&w, "path", remote[i]);
        hfhub__jw_kv_string(&w, "xetHash", up[i].xet_hash);
        hfhub__jw_key(&w, "size");
        hfhub__jw_uint(&w, up[i].size);
        hfhub__jw_kv_int(&w, "mtime", mtimes[i] * 1000);
        if (ct) hfhub__jw_kv_string(&w, "contentType", ct);
        hfhub__jw_end_object(&w);
        if ((r = hfhub__jw_result(&w))) return r;
        hfhub__buf_putc(body, '\n');
    }
    return body->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "bucket batch") : HFHUB_OK;
}

static hfhub_result hfhub__bktu_post(hfhub_client *c, const char *url, const char *token, const hfhub__buf *body) {
    hfhub_header h[1];
    hfhub__req q;
    hfhub__http_response resp;
    hfhub_result r;
    h[0].name = "Content-Type";
    h[0].value = "application/x-ndjson";
    memset(&q, 0, sizeof q);
    q.method = "POST";
    q.url = url;
    q.headers = h;
    q.n_headers = 1;
    q.body = body->data;
    q.body_len = body->len;
    q.token = token;
    r = hfhub__client_request(c, &q, &resp);
    hfhub__http_response_free(&resp);
    return r;
}

/* POST the batch, HFHUB__BKTU_LINES lines at a time. */
static hfhub_result hfhub__bktu_batch(hfhub_client *c, const char *bucket_id, const char *token,
                                      const char *const *remote, const hfhub_xet_uploaded *up, const int64_t *mtimes,
                                      size_t n) {
    hfhub__buf url, body;
    size_t i;
    hfhub_result r = HFHUB_OK;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__buf_printf(&url, "%s/api/buckets/%s/batch", c->endpoint, bucket_id);
    if (url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "bucket batch");
    for (i = 0; !r && i < n; i += HFHUB__BKTU_LINES) {
        size_t to = n - i < HFHUB__BKTU_LINES ? n : i + HFHUB__BKTU_LINES;
        hfhub__buf_reset(&body);
        r = hfhub__bktu_lines(&body, remote, up, mtimes, i, to);
        if (!r) r = hfhub__bktu_post(c, url.data, token, &body);
    }
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_bucket_upload_files(hfhub_client *c, const char *bucket_id, const char *const *local_paths,
                                       const char *const *remote_paths, size_t n, const char *token) {
    hfhub_xet_upload_opts o;
    hfhub_xet_uploaded *up = NULL;
    int64_t *mtimes = NULL;
    hfhub__buf refresh;
    hfhub_result r;
    if (!c || (n && (!local_paths || !remote_paths)))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_bucket_upload_files: NULL argument");
    if ((r = hfhub_validate_bucket_id(bucket_id, 0))) return r;
    if (!n) return HFHUB_OK;
    up = (hfhub_xet_uploaded *)hfhub__alloc(c->a, n * sizeof *up);
    mtimes = (int64_t *)hfhub__alloc(c->a, n * sizeof *mtimes);
    hfhub__buf_init(&refresh, c->a);
    hfhub__buf_printf(&refresh, "%s/api/buckets/%s/xet-write-token", c->endpoint, bucket_id);
    r = up && mtimes && !refresh.failed ? hfhub__bktu_check(local_paths, remote_paths, n, mtimes)
                                        : hfhub__fail(HFHUB_ERR_NOMEM, "bucket upload");
    memset(&o, 0, sizeof o);
    o.token = token;
    if (!r) r = hfhub__xet_upload_paths(c, refresh.data, local_paths, n, &o, up, NULL);
    if (!r) r = hfhub__bktu_batch(c, bucket_id, token, remote_paths, up, mtimes, n);
    hfhub__buf_free(&refresh);
    if (up) hfhub__free(c->a, up, n * sizeof *up);
    if (mtimes) hfhub__free(c->a, mtimes, n * sizeof *mtimes);
    return r;
}

hfhub_result hfhub_bucket_uv_upload(void *user, const char *bucket_id, const char *path_in_bucket,
                                    const char *local_path) {
    hfhub_bucket_uv_ctx *ctx = (hfhub_bucket_uv_ctx *)user;
    hfhub_result r;
    if (!ctx || !ctx->client) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_bucket_uv_upload: no client in the context");
    if (!ctx->created_) {
        hfhub_create_bucket_opts co;
        memset(&co, 0, sizeof co);
        co.is_private = HFHUB_ON;
        co.exist_ok = 1;
        co.token = ctx->token;
        if ((r = hfhub_create_bucket(ctx->client, bucket_id, &co, NULL))) return r;
        ctx->created_ = 1;
    }
    return hfhub_bucket_upload_files(ctx->client, bucket_id, &local_path, &path_in_bucket, 1, ctx->token);
}

#undef HFHUB__BKTU_LINES

#endif /* HFHUB_NO_STDIO */
