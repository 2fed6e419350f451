/* commit_lfs.c: the LFS half of create_commit (spec/hub-api.md §4.4-4.5): batch calls,
 * single and multipart PUTs streamed from the source, completion, verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HFHUB__LFS_BATCH 256
#define HFHUB__LFS_JSON "application/vnd.git-lfs+json"
#define HFHUB__LFS_MAX_PARTS 100000

/* One PUT: a whole object (part 0) or part `part` (1-based) of a multipart upload. */
typedef struct hfhub__lfs_job {
    size_t op;
    int part;
    const char *url;
    uint64_t off, len;
    char etag[256];
} hfhub__lfs_job;

/* One object of a batch reply that needs an upload. */
typedef struct hfhub__lfs_obj {
    size_t op;
    const hfhub_json_value *upload, *verify;
    size_t first_job, n_jobs;
    int multipart;
} hfhub__lfs_obj;

typedef struct hfhub__lfs_batch {
    hfhub__lfs_obj *objs;
    size_t n_objs;
    hfhub__lfs_job *jobs;
    size_t n_jobs;
    hfhub__arena ar;               /* objs, jobs, rewritten URLs */
} hfhub__lfs_batch;

/* fix_hf_endpoint_in_url: a URL on the default Hub host goes to the configured endpoint. */
static const char *hfhub__lfs_fix_url(hfhub__commit *cm, hfhub__arena *ar, const char *href) {
    static const char *const hosts[2] = {"https://huggingface.co", "https://hub-ci.huggingface.co"};
    size_t k;
    for (k = 0; k < 2; k++) {
        size_t n = strlen(hosts[k]);
        if (!strncmp(href, hosts[k], n) && (href[n] == '/' || !href[n]) && strcmp(cm->c->endpoint, hosts[k])) {
            size_t e = strlen(cm->c->endpoint), rest = strlen(href + n);
            char *out = (char *)hfhub__arena_alloc(ar, e + rest + 1);
            if (!out) return NULL;
            memcpy(out, cm->c->endpoint, e);
            memcpy(out + e, href + n, rest + 1);
            return out;
        }
    }
    return href;
}

/* ---- the streamed body of a PUT ---------------------------------------------------------- */

typedef struct hfhub__lfs_body {
    hfhub__commit *cm;
    size_t op;
    uint64_t off, len, pos;
#ifndef HFHUB_NO_STDIO
    FILE *f;                       /* local files: one open file per PUT */
#endif
    hfhub_result err;
    char err_msg[512];
} hfhub__lfs_body;

static size_t hfhub__lfs_body_fail(hfhub__lfs_body *b, hfhub_result r) {
    b->err = r;
    snprintf(b->err_msg, sizeof b->err_msg, "%.500s", hfhub_last_error()->message);
    return HFHUB_READ_ERROR;
}

static size_t hfhub__lfs_body_read(void *user, void *buf, size_t cap) {
    hfhub__lfs_body *b = (hfhub__lfs_body *)user;
    hfhub__cop *op = &b->cm->ops[b->op];
    uint64_t left = b->len - b->pos;
    size_t want = left < cap ? (size_t)left : cap, got = 0;
    hfhub_result r;
    if (!want) return 0;
#ifndef HFHUB_NO_STDIO
    if (op->op->source == HFHUB_SRC_PATH) {
        if (!b->f) {
            if (!(b->f = fopen(op->op->local_path, "rb")))
                return hfhub__lfs_body_fail(b, hfhub__fail(HFHUB_ERR_IO, "cannot open %s", op->op->local_path));
            if (hfhub__commit_seek(b->f, b->off + b->pos))
                return hfhub__lfs_body_fail(b, hfhub__fail(HFHUB_ERR_IO, "cannot seek in %s", op->op->local_path));
        }
        got = fread(buf, 1, want, b->f);
        if (got != want)
            return hfhub__lfs_body_fail(b, hfhub__fail(HFHUB_ERR_IO, "%s shrank while it was uploaded (%llu bytes expected)",
                                                       op->op->local_path, (unsigned long long)op->size));
    } else
#endif
    if ((r = hfhub__commit_read(b->cm, b->op, b->off + b->pos, buf, want, &got)) != HFHUB_OK)
        return hfhub__lfs_body_fail(b, r);
    b->pos += got;
    if (hfhub__commit_progress(b->cm, op->path, (int64_t)got))
        return hfhub__lfs_body_fail(b, hfhub__fail(HFHUB_ERR_CANCELLED, "upload cancelled"));
    return got;
}

static int hfhub__lfs_body_rewind(void *user) {
    hfhub__lfs_body *b = (hfhub__lfs_body *)user;
    hfhub__commit_progress(b->cm, b->cm->ops[b->op].path, -(int64_t)b->pos);
    b->pos = 0;
#ifndef HFHUB_NO_STDIO
    if (b->f && hfhub__commit_seek(b->f, b->off)) return -1;
#endif
    return 0;
}

static int hfhub__lfs_cancelled(void *user) { return ((hfhub__commit *)user)->stop; }

/* PUT job->url with the job's bytes (no Hub headers: the URL is presigned), retried per
 * §1.6; keeps the ETag. */
static hfhub_result hfhub__lfs_put(hfhub__commit *cm, hfhub__lfs_job *job) {
    hfhub_http_request req;
    hfhub__http_policy pol;
    hfhub__http_response resp;
    hfhub__lfs_body body;
    hfhub_result r;
    const char *etag;
    memset(&body, 0, sizeof body);
    body.cm = cm;
    body.op = job->op;
    body.off = job->off;
    body.len = job->len;
    memset(&req, 0, sizeof req);
    req.method = "PUT";
    req.url = job->url;
    req.body_read = hfhub__lfs_body_read;
    req.body_rewind = hfhub__lfs_body_rewind;
    req.body_user = &body;
    req.body_size = (int64_t)job->len;
    memset(&pol, 0, sizeof pol);
    pol.max_retries = 5;
    pol.retry_network = 1;
    pol.proxy = cm->c->proxy;
    pol.log = &cm->c->log;
    pol.cancelled = hfhub__lfs_cancelled;
    pol.on_retry_user = cm;
    r = hfhub__http_exec(&cm->c->transport, &pol, &req, NULL, 65536, cm->c->a, &resp);
#ifndef HFHUB_NO_STDIO
    if (body.f) fclose(body.f);
#endif
    if (body.err) r = hfhub__fail(body.err, "%s", body.err_msg);
    else if (cm->stop && r) r = hfhub__commit_rethrow(cm);
    if (!r && resp.status >= 400) {
        r = hfhub__map_http_error(&resp, job->url, NULL, 0);
        r = hfhub__fail_http(r, resp.status, hfhub_last_error()->server_code, hfhub_last_error()->request_id,
                             "LFS upload of %s failed: %s", cm->ops[job->op].path, hfhub_last_error()->message);
    }
    etag = r ? NULL : hfhub__http_header(&resp, "ETag");
    if (etag) snprintf(job->etag, sizeof job->etag, "%s", etag);
    if (!r && job->part && (!etag || !*etag))
        r = hfhub__fail(HFHUB_ERR_PARSE, "LFS upload of %s: part %d has no ETag", cm->ops[job->op].path, job->part);
    hfhub__http_response_free(&resp);
    return r;
}

static hfhub_result hfhub__lfs_put_job(hfhub__commit *cm, size_t job, void *ctx) {
    return hfhub__lfs_put(cm, &((hfhub__lfs_batch *)ctx)->jobs[job]);
}

/* ---- completion, verify, the local file check -------------------------------------------- */

static hfhub_result hfhub__lfs_post(hfhub__commit *cm, const char *url, const char *body, size_t len, int auth) {
    hfhub__req q;
    hfhub__http_response resp;
    hfhub_header hd[2];
    hfhub_result r;
    hd[0].name = "Accept";
    hd[0].value = HFHUB__LFS_JSON;
    hd[1].name = "Content-Type";
    hd[1].value = auth ? "application/json" : HFHUB__LFS_JSON;
    memset(&q, 0, sizeof q);
    q.method = "POST";
    q.url = url;
    q.headers = hd;
    q.n_headers = auth ? 1 : 2;
    if (auth) { hd[0] = hd[1]; }
    q.body = body;
    q.body_len = len;
    q.auth = auth ? HFHUB__AUTH_DEFAULT : HFHUB__AUTH_NONE;
    q.token = auth ? cm->o.token : NULL;
    q.max_retries = 5;
    q.retry_network = 1;
    r = hfhub__client_request(cm->c, &q, &resp);
    hfhub__http_response_free(&resp);
    return r;
}

static hfhub_result hfhub__lfs_finish_obj(hfhub__commit *cm, hfhub__lfs_batch *b, const hfhub__lfs_obj *o) {
    hfhub__cop *op = &cm->ops[o->op];
    hfhub__buf body;
    hfhub__jw w;
    hfhub_result r = HFHUB_OK;
    size_t k;
    hfhub__buf_init(&body, cm->c->a);
    if (o->multipart) {
        hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "oid", op->sha256);
        hfhub__jw_key(&w, "parts");
        hfhub__jw_begin_array(&w);
        for (k = 0; k < o->n_jobs; k++) {
            hfhub__jw_begin_object(&w);
            hfhub__jw_kv_int(&w, "partNumber", b->jobs[o->first_job + k].part);
            hfhub__jw_kv_string(&w, "etag", b->jobs[o->first_job + k].etag);
            hfhub__jw_end_object(&w);
        }
        hfhub__jw_end_array(&w);
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
        if (!r) {
            const char *url = hfhub__lfs_fix_url(cm, &b->ar, hfhub_json_str(hfhub_json_get(o->upload, "href"), ""));
            r = url ? hfhub__lfs_post(cm, url, body.data, body.len, 0) : hfhub__fail(HFHUB_ERR_NOMEM, "url");
        }
    }
    if (!r && o->verify) {
        const char *url = hfhub__lfs_fix_url(cm, &b->ar, hfhub_json_str(hfhub_json_get(o->verify, "href"), ""));
        hfhub__buf_reset(&body);
        hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "oid", op->sha256);
        hfhub__jw_kv_int(&w, "size", (int64_t)op->size);
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
        if (!r) r = url ? hfhub__lfs_post(cm, url, body.data, body.len, 1) : hfhub__fail(HFHUB_ERR_NOMEM, "url");
    }
    hfhub__buf_free(&body);
#ifndef HFHUB_NO_STDIO
    if (!r && op->op->source == HFHUB_SRC_PATH) { /* the bytes sent are the bytes hashed */
        uint64_t size = 0;
        int64_t mtime = 0;
        if (hfhub__fs_size(op->op->local_path, &size) || hfhub__fs_mtime(op->op->local_path, &mtime) ||
            size != op->size || mtime != op->mtime)
            r = hfhub__fail(HFHUB_ERR_IO, "%s changed while it was uploaded: commit aborted", op->op->local_path);
    }
#endif
    if (!r) {
        hfhub__mutex_lock(&cm->mu);
        cm->files_done++;
        hfhub__mutex_unlock(&cm->mu);
    }
    return r;
}

static hfhub_result hfhub__lfs_finish_job(hfhub__commit *cm, size_t job, void *ctx) {
    hfhub__lfs_batch *b = (hfhub__lfs_batch *)ctx;
    return hfhub__lfs_finish_obj(cm, b, &b->objs[job]);
}

/* ---- the batch call ---------------------------------------------------------------------- */

/* The part URLs of a multipart upload action: all-digit header keys, sorted by number. */
static hfhub_result hfhub__lfs_plan_parts(hfhub__commit *cm, hfhub__lfs_batch *b, hfhub__lfs_obj *o,
                                          const hfhub_json_value *header) {
    hfhub__cop *op = &cm->ops[o->op];
    const hfhub_json_value *cs = hfhub_json_get(header, "chunk_size");
    int64_t chunk = hfhub_json_type_of(cs) == HFHUB_JSON_STRING ? (int64_t)strtoll(hfhub_json_str(cs, "0"), NULL, 10)
                                                                 : hfhub_json_int(cs, 0);
    uint64_t expect;
    size_t k, n = 0;
    if (chunk <= 0) return hfhub__fail(HFHUB_ERR_PARSE, "LFS multipart: bad chunk_size for %s", op->path);
    expect = (op->size + (uint64_t)chunk - 1) / (uint64_t)chunk;
    for (k = 0; k < hfhub_json_len(header); k++) {
        const char *key = hfhub_json_key_at(header, k, NULL);
        long num;
        char *end;
        if (!key || !*key || strspn(key, "0123456789") != strlen(key)) continue;
        num = strtol(key, &end, 10);
        if (num < 1 || (uint64_t)num > expect || (uint64_t)num > HFHUB__LFS_MAX_PARTS)
            return hfhub__fail(HFHUB_ERR_PARSE, "LFS multipart: unexpected part %s for %s", key, op->path);
        {
            hfhub__lfs_job *j = &b->jobs[o->first_job + (size_t)num - 1];
            if (j->url) return hfhub__fail(HFHUB_ERR_PARSE, "LFS multipart: part %ld given twice", num);
            j->url = hfhub__lfs_fix_url(cm, &b->ar, hfhub_json_str(hfhub_json_at(header, k), ""));
            j->part = (int)num;
            j->op = o->op;
            j->off = (uint64_t)(num - 1) * (uint64_t)chunk;
            j->len = op->size - j->off < (uint64_t)chunk ? op->size - j->off : (uint64_t)chunk;
            if (!j->url) return hfhub__fail(HFHUB_ERR_NOMEM, "url");
            n++;
        }
    }
    if (n != expect)
        return hfhub__fail(HFHUB_ERR_PARSE, "Invalid server response to upload large LFS file %s: %u part URLs for %llu parts",
                           op->path, (unsigned)n, (unsigned long long)expect);
    return HFHUB_OK;
}

/* Counts the jobs of one object (parts of a multipart upload, else 1). */
static size_t hfhub__lfs_count_parts(const hfhub__cop *op, const hfhub_json_value *header) {
    const hfhub_json_value *cs = hfhub_json_get(header, "chunk_size");
    int64_t chunk = hfhub_json_type_of(cs) == HFHUB_JSON_STRING ? (int64_t)strtoll(hfhub_json_str(cs, "0"), NULL, 10)
                                                                 : hfhub_json_int(cs, 0);
    uint64_t n;
    if (!cs) return 1;
    if (chunk <= 0) return 1; /* refused by hfhub__lfs_plan_parts */
    n = (op->size + (uint64_t)chunk - 1) / (uint64_t)chunk;
    return n > HFHUB__LFS_MAX_PARTS ? HFHUB__LFS_MAX_PARTS : (size_t)(n ? n : 1);
}

/* Reads a batch reply into b (objects needing an upload and their jobs). */
static hfhub_result hfhub__lfs_plan(hfhub__commit *cm, const size_t *ops, size_t n, const hfhub_json_value *root,
                                    hfhub__lfs_batch *b) {
    const hfhub_json_value *objs = hfhub_json_get(root, "objects");
    size_t k, j, jobs = 0;
    hfhub__buf errs;
    hfhub_result r = HFHUB_OK;
    if (hfhub_json_type_of(objs) != HFHUB_JSON_ARRAY) return hfhub__fail(HFHUB_ERR_PARSE, "LFS batch: no objects");
    hfhub__buf_init(&errs, cm->c->a);
    for (k = 0; k < hfhub_json_len(objs); k++) {
        const hfhub_json_value *o = hfhub_json_at(objs, k), *e = hfhub_json_get(o, "error");
        if (e) hfhub__buf_printf(&errs, "\n%s: %s (%lld)", hfhub_json_str(hfhub_json_get(o, "oid"), "?"),
                                 hfhub_json_str(hfhub_json_get(e, "message"), "?"),
                                 (long long)hfhub_json_int(hfhub_json_get(e, "code"), 0));
    }
    if (errs.len) r = hfhub__fail(HFHUB_ERR_HTTP, "LFS batch endpoint returned errors:%s", errs.data);
    hfhub__buf_free(&errs);
    if (r) return r;
    b->objs = (hfhub__lfs_obj *)hfhub__arena_alloc(&b->ar, (n ? n : 1) * sizeof *b->objs);
    if (!b->objs) return hfhub__fail(HFHUB_ERR_NOMEM, "batch");
    for (k = 0; k < n; k++) { /* pair each requested op with its reply object */
        hfhub__cop *op = &cm->ops[ops[k]];
        const hfhub_json_value *up = NULL, *ver = NULL;
        int found = 0;
        for (j = 0; j < hfhub_json_len(objs); j++) {
            const hfhub_json_value *o = hfhub_json_at(objs, j);
            if (strcmp(hfhub_json_str(hfhub_json_get(o, "oid"), ""), op->sha256)) continue;
            found = 1;
            up = hfhub_json_path(o, "actions.upload");
            ver = hfhub_json_path(o, "actions.verify");
        }
        if (!found) return hfhub__fail(HFHUB_ERR_PARSE, "LFS batch: no answer for %s", op->path);
        if (!up) { /* already stored */
            hfhub__commit_progress(cm, op->path, (int64_t)op->size);
            cm->files_done++;
            continue;
        }
        if (!hfhub_json_str(hfhub_json_get(up, "href"), NULL)) return hfhub__fail(HFHUB_ERR_PARSE, "LFS batch: no href for %s", op->path);
        b->objs[b->n_objs].op = ops[k];
        b->objs[b->n_objs].upload = up;
        b->objs[b->n_objs].verify = ver;
        b->objs[b->n_objs].first_job = jobs;
        b->objs[b->n_objs].multipart = hfhub_json_get(hfhub_json_get(up, "header"), "chunk_size") != NULL;
        b->objs[b->n_objs].n_jobs = hfhub__lfs_count_parts(op, hfhub_json_get(up, "header"));
        jobs += b->objs[b->n_objs++].n_jobs;
    }
    b->jobs = (hfhub__lfs_job *)hfhub__arena_alloc(&b->ar, (jobs ? jobs : 1) * sizeof *b->jobs);
    if (!b->jobs) return hfhub__fail(HFHUB_ERR_NOMEM, "batch");
    memset(b->jobs, 0, (jobs ? jobs : 1) * sizeof *b->jobs);
    b->n_jobs = jobs;
    for (k = 0; !r && k < b->n_objs; k++) {
        hfhub__lfs_obj *o = &b->objs[k];
        if (o->multipart) {
            r = hfhub__lfs_plan_parts(cm, b, o, hfhub_json_get(o->upload, "header"));
        } else {
            hfhub__lfs_job *jb = &b->jobs[o->first_job];
            jb->op = o->op;
            jb->len = cm->ops[o->op].size;
            if (!(jb->url = hfhub__lfs_fix_url(cm, &b->ar, hfhub_json_str(hfhub_json_get(o->upload, "href"), ""))))
                r = hfhub__fail(HFHUB_ERR_NOMEM, "url");
        }
    }
    return r;
}

static hfhub_result hfhub__lfs_batch_call(hfhub__commit *cm, const size_t *ops, size_t n, hfhub_json_doc **doc) {
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_result r;
    size_t k;
    hfhub__buf_init(&url, cm->c->a);
    hfhub__buf_init(&body, cm->c->a);
    hfhub__buf_printf(&url, "%s/%s%s.git/info/lfs/objects/batch", cm->c->endpoint, hfhub__repo_type_prefix(cm->type),
                      cm->repo_id);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "operation", "upload");
    hfhub__jw_key(&w, "transfers");
    hfhub__jw_begin_array(&w);
    hfhub__jw_string(&w, "basic");
    hfhub__jw_string(&w, "multipart");
#ifdef HFHUB__XET_COMMITS
    if (!cm->c->disable_xet) hfhub__jw_string(&w, "xet");
#endif
    hfhub__jw_end_array(&w);
    hfhub__jw_key(&w, "objects");
    hfhub__jw_begin_array(&w);
    for (k = 0; k < n; k++) {
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "oid", cm->ops[ops[k]].sha256);
        hfhub__jw_kv_int(&w, "size", (int64_t)cm->ops[ops[k]].size);
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_array(&w);
    hfhub__jw_kv_string(&w, "hash_algo", "sha256");
    if (!cm->o.create_pr) {
        hfhub__jw_key(&w, "ref");
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "name", cm->revision);
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "url");
    if (!r) {
        hfhub__req q;
        hfhub__http_response resp;
        hfhub_header hd[2];
        hd[0].name = "Accept";
        hd[0].value = HFHUB__LFS_JSON;
        hd[1].name = "Content-Type";
        hd[1].value = HFHUB__LFS_JSON;
        memset(&q, 0, sizeof q);
        q.method = "POST";
        q.url = url.data;
        q.headers = hd;
        q.n_headers = 2;
        q.body = body.data;
        q.body_len = body.len;
        q.token = cm->o.token;
        q.max_retries = 5;
        q.retry_network = 1;
        r = hfhub__client_request(cm->c, &q, &resp);
        if (!r) {
            hfhub_json_parse_opts po;
            memset(&po, 0, sizeof po);
            po.allocator = cm->c->a;
            r = hfhub_json_parse(resp.body.data ? resp.body.data : "", resp.body.len, &po, doc);
        }
        hfhub__http_response_free(&resp);
    }
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

#ifdef HFHUB__XET_COMMITS
/* The batch reply chose Xet: hand the objects that need an upload to hfhub_xet.h. */
static hfhub_result hfhub__lfs_xet(hfhub__commit *cm, hfhub__lfs_batch *b) {
    const hfhub_json_value **objs;
    size_t *idx, k;
    if (!b->n_objs) return HFHUB_OK;
    objs = (const hfhub_json_value **)hfhub__arena_alloc(&b->ar, b->n_objs * sizeof *objs);
    idx = (size_t *)hfhub__arena_alloc(&b->ar, b->n_objs * sizeof *idx);
    if (!objs || !idx) return hfhub__fail(HFHUB_ERR_NOMEM, "xet");
    for (k = 0; k < b->n_objs; k++) {
        objs[k] = b->objs[k].upload;
        idx[k] = b->objs[k].op;
    }
    return hfhub__commit_xet_upload(cm, objs, idx, b->n_objs);
}
#endif

/* One batch of at most 256 objects: the call, the PUTs, completion and verify. */
static hfhub_result hfhub__lfs_one_batch(hfhub__commit *cm, const size_t *ops, size_t n) {
    hfhub_json_doc *doc = NULL;
    hfhub__lfs_batch b;
    hfhub_result r;
    memset(&b, 0, sizeof b);
    hfhub__arena_init(&b.ar, cm->c->a);
    r = hfhub__lfs_batch_call(cm, ops, n, &doc);
    if (!r) r = hfhub__lfs_plan(cm, ops, n, hfhub_json_root(doc), &b);
#ifdef HFHUB__XET_COMMITS
    if (!r && !strcmp(hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "transfer"), ""), "xet")) {
        r = hfhub__lfs_xet(cm, &b);
        hfhub_json_free(doc);
        hfhub__arena_free(&b.ar);
        return r;
    }
#endif
    if (!r) r = hfhub__commit_run(cm, b.n_jobs, hfhub__lfs_put_job, &b);
    if (!r) r = hfhub__commit_run(cm, b.n_objs, hfhub__lfs_finish_job, &b);
    hfhub_json_free(doc);
    hfhub__arena_free(&b.ar);
    return r;
}

hfhub_result hfhub__commit_upload_lfs(hfhub__commit *cm, const size_t *adds, size_t n) {
    size_t *todo, k, m = 0;
    hfhub_result r = HFHUB_OK;
    if (!n) return HFHUB_OK;
    if (!(todo = (size_t *)hfhub__arena_alloc(&cm->ar, n * sizeof *todo))) return hfhub__fail(HFHUB_ERR_NOMEM, "lfs");
    for (k = 0; k < n; k++) {
        hfhub__cop *op = &cm->ops[adds[k]];
        if (!op->lfs || op->should_ignore) continue;
        if (op->remote_oid && !strcmp(op->remote_oid, op->sha256)) { op->drop = 1; continue; }
        todo[m++] = adds[k];
        cm->bytes_total += op->size;
        cm->files_total++;
    }
    for (k = 0; !r && k < m; k += HFHUB__LFS_BATCH)
        r = hfhub__lfs_one_batch(cm, todo + k, m - k > HFHUB__LFS_BATCH ? HFHUB__LFS_BATCH : m - k);
    return r;
}

#undef HFHUB__LFS_BATCH
#undef HFHUB__LFS_JSON
#undef HFHUB__LFS_MAX_PARTS
