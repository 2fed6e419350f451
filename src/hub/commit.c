/* commit.c: create_commit (spec/hub-api.md §4.1-4.7): operations, the hash pass, README
 * validation, preupload, copies, no-op removal, the NDJSON commit. LFS transfers are in
 * commit_lfs.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HFHUB__COMMIT_BATCH 256          /* preupload and LFS batch size */
#define HFHUB__COMMIT_PATHS_BATCH 500    /* paths-info on copies */
#define HFHUB__COMMIT_READ_CHUNK (1u << 20)
#define HFHUB__COMMIT_HASH_THREAD_MIN (4u << 20)  /* files from this size are hashed on a thread */
#define HFHUB__COMMIT_MAX_REGULAR ((uint64_t)1 << 30) /* a "regular" file goes inline: bounded */
#define HFHUB__COMMIT_MAX_THREADS 64

/* ---- operations -------------------------------------------------------------------------- */

static hfhub_commit_op hfhub__commit_op_new(int kind, const char *path_in_repo) {
    hfhub_commit_op op;
    memset(&op, 0, sizeof op);
    op.kind = kind;
    op.path_in_repo = path_in_repo;
    return op;
}

hfhub_commit_op hfhub_op_add_file(const char *path_in_repo, const char *local_path) {
    hfhub_commit_op op = hfhub__commit_op_new(HFHUB_OP_ADD, path_in_repo);
    op.source = HFHUB_SRC_PATH;
    op.local_path = local_path;
    return op;
}

hfhub_commit_op hfhub_op_add_bytes(const char *path_in_repo, const void *data, size_t len) {
    hfhub_commit_op op = hfhub__commit_op_new(HFHUB_OP_ADD, path_in_repo);
    op.source = HFHUB_SRC_BYTES;
    op.data = data;
    op.data_len = len;
    return op;
}

hfhub_commit_op hfhub_op_add_reader(const char *path_in_repo, hfhub_read_at_fn read, void *user, uint64_t size) {
    hfhub_commit_op op = hfhub__commit_op_new(HFHUB_OP_ADD, path_in_repo);
    op.source = HFHUB_SRC_READER;
    op.read = read;
    op.read_user = user;
    op.size = size;
    return op;
}

hfhub_commit_op hfhub_op_delete(const char *path_in_repo) {
    return hfhub__commit_op_new(HFHUB_OP_DELETE, path_in_repo);
}

hfhub_commit_op hfhub_op_copy(const char *src_path_in_repo, const char *path_in_repo) {
    hfhub_commit_op op = hfhub__commit_op_new(HFHUB_OP_COPY, path_in_repo);
    op.src_path_in_repo = src_path_in_repo;
    return op;
}

/* Python's _validate_path_in_repo: one leading "/" and then one "./" removed; ".", "..",
 * "../x" rejected; no segment may be ".git" or ".cache". An empty result is rejected too
 * (the Hub refuses it). */
static hfhub_result hfhub__commit_norm_path(hfhub__arena *ar, const char *in, const char **out) {
    const char *p = in, *seg;
    if (!in) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid `path_in_repo` in CommitOperation: NULL");
    if (*p == '/') p++;
    if (!strcmp(p, ".") || !strcmp(p, "..") || !strncmp(p, "../", 3))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid `path_in_repo` in CommitOperation: '%s'", p);
    if (!strncmp(p, "./", 2)) p += 2;
    if (!*p) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid `path_in_repo` in CommitOperation: '%s'", in);
    for (seg = p; seg;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if ((n == 4 && !memcmp(seg, ".git", 4)) || (n == 6 && !memcmp(seg, ".cache", 6)))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG,
                               "Invalid `path_in_repo` in CommitOperation: cannot update files under a '%.*s/' folder (path: '%s').",
                               (int)n, seg, p);
        seg = end ? end + 1 : NULL;
    }
    *out = hfhub__arena_strdup(ar, p);
    return *out ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "path");
}

/* ---- worker errors and progress ---------------------------------------------------------- */

void hfhub__commit_keep_error(hfhub__commit *cm, hfhub_result r) {
    const hfhub_error *e = hfhub_last_error();
    hfhub__mutex_lock(&cm->mu);
    if (!cm->err) {
        cm->err = r;
        cm->err_status = e->http_status;
        snprintf(cm->err_msg, sizeof cm->err_msg, "%.1000s", e->message);
        snprintf(cm->err_code, sizeof cm->err_code, "%.60s", e->server_code);
        snprintf(cm->err_rid, sizeof cm->err_rid, "%.120s", e->request_id);
    }
    cm->stop = 1;
    hfhub__mutex_unlock(&cm->mu);
}

hfhub_result hfhub__commit_rethrow(hfhub__commit *cm) {
    if (!cm->err) return HFHUB_OK;
    return hfhub__fail_http(cm->err, cm->err_status, cm->err_code[0] ? cm->err_code : NULL,
                            cm->err_rid[0] ? cm->err_rid : NULL, "%s", cm->err_msg);
}

int hfhub__commit_progress(hfhub__commit *cm, const char *path, int64_t n) {
    int stop;
    hfhub__mutex_lock(&cm->mu);
    cm->bytes_done = (uint64_t)((int64_t)cm->bytes_done + n);
    if (cm->o.progress && !cm->stop) {
        hfhub_progress p;
        p.path = path;
        p.bytes_done = cm->bytes_done;
        p.bytes_total = cm->bytes_total;
        p.files_done = cm->files_done;
        p.files_total = cm->files_total;
        if (cm->o.progress(cm->o.progress_user, &p)) {
            cm->stop = 1;
            if (!cm->err) {
                cm->err = HFHUB_ERR_CANCELLED;
                snprintf(cm->err_msg, sizeof cm->err_msg, "upload cancelled by the progress callback");
            }
        }
    }
    stop = cm->stop;
    hfhub__mutex_unlock(&cm->mu);
    return stop;
}

/* The hash pass's progress: n more bytes read of path (file_done: its last ones). */
static int hfhub__commit_hash_progress(hfhub__commit *cm, const char *path, uint64_t n, int file_done) {
    int stop;
    hfhub__mutex_lock(&cm->mu);
    cm->hash_done += n;
    cm->hashed += file_done != 0;
    if (cm->o.hash_progress && !cm->stop) {
        hfhub_progress p;
        p.path = path;
        p.bytes_done = cm->hash_done;
        p.bytes_total = cm->hash_total;
        p.files_done = cm->hashed;
        p.files_total = cm->to_hash;
        if (cm->o.hash_progress(cm->o.progress_user, &p)) {
            cm->stop = 1;
            if (!cm->err) {
                cm->err = HFHUB_ERR_CANCELLED;
                snprintf(cm->err_msg, sizeof cm->err_msg, "hashing cancelled by the progress callback");
            }
        }
    }
    stop = cm->stop;
    hfhub__mutex_unlock(&cm->mu);
    return stop;
}

/* Runs fn(cm, job) for job in [0, n) on up to num_threads threads; stops at the first
 * failure (kept with hfhub__commit_keep_error) and returns it on this thread. */
typedef struct hfhub__commit_pool {
    hfhub__commit *cm;
    hfhub__commit_job_fn fn;
    void *ctx;
    size_t next, n;
} hfhub__commit_pool;

static void hfhub__commit_pool_worker(void *arg) {
    hfhub__commit_pool *p = (hfhub__commit_pool *)arg;
    for (;;) {
        size_t job;
        hfhub_result r;
        hfhub__mutex_lock(&p->cm->mu);
        job = p->next++;
        if (p->cm->stop) job = p->n;
        hfhub__mutex_unlock(&p->cm->mu);
        if (job >= p->n) return;
        r = p->fn(p->cm, job, p->ctx);
        if (r) hfhub__commit_keep_error(p->cm, r);
    }
}

hfhub_result hfhub__commit_run(hfhub__commit *cm, size_t n, hfhub__commit_job_fn fn, void *ctx) {
    hfhub__thread th[HFHUB__COMMIT_MAX_THREADS];
    hfhub__commit_pool p;
    int workers = cm->o.num_threads, started = 0, i;
    p.cm = cm;
    p.fn = fn;
    p.ctx = ctx;
    p.next = 0;
    p.n = n;
    if ((size_t)workers > n) workers = (int)n;
    for (i = 0; i < workers && i < HFHUB__COMMIT_MAX_THREADS; i++) {
        if (hfhub__thread_start(&th[started], hfhub__commit_pool_worker, &p)) break;
        started++;
    }
    if (!started) hfhub__commit_pool_worker(&p);
    for (i = 0; i < started; i++) hfhub__thread_join(&th[i]);
    return hfhub__commit_rethrow(cm);
}

/* ---- reading sources --------------------------------------------------------------------- */

#ifndef HFHUB_NO_STDIO
static int hfhub__commit_seek(FILE *f, uint64_t off) {
#if defined(_WIN32)
    return _fseeki64(f, (long long)off, SEEK_SET);
#else
    return fseeko(f, (off_t)off, SEEK_SET);
#endif
}
#endif

hfhub_result hfhub__commit_read(hfhub__commit *cm, size_t i, uint64_t off, void *buf, size_t cap, size_t *got) {
    hfhub__cop *op = &cm->ops[i];
    const hfhub_commit_op *u = op->op;
    uint64_t left = off < op->size ? op->size - off : 0;
    size_t want = left < cap ? (size_t)left : cap, n = 0;
    *got = 0;
    if (!want) return HFHUB_OK;
    if (u->source == HFHUB_SRC_BYTES) {
        memcpy(buf, (const char *)u->data + off, want);
        n = want;
    } else if (u->source == HFHUB_SRC_READER) {
        while (n < want) {
            size_t r = u->read(u->read_user, off + n, (char *)buf + n, want - n);
            if (r == HFHUB_READ_ERROR) return hfhub__fail(HFHUB_ERR_IO, "reading %s: the reader failed", op->path);
            if (r == 0 || r > want - n) break;
            n += r;
        }
    } else {
#ifndef HFHUB_NO_STDIO
        hfhub_result r = hfhub__fs_read_at(u->local_path, off, buf, want, &n);
        if (r) return r;
#endif
    }
    if (n != want)
        return hfhub__fail(HFHUB_ERR_IO, "%s: ended at %llu bytes, expected %llu (did it change while uploading?)",
                           u->local_path ? u->local_path : op->path, (unsigned long long)(off + n),
                           (unsigned long long)op->size);
    *got = n;
    return HFHUB_OK;
}

/* ---- the hash pass: size, sample and SHA-256 in one read ------------------------------- */

#ifndef HFHUB_NO_STDIO
/* A local file: one sequential read through one FILE. A big one is hashed on a thread of its
 * own so that reading overlaps hashing (the pass then takes one SHA-256's time). */
static hfhub_result hfhub__commit_hash_file(hfhub__commit *cm, hfhub__cop *op, unsigned char *buf,
                                            unsigned char digest[32]) {
    const char *lp = op->op->local_path;
    uint64_t total = 0;
    hfhub__hash_thread ht;
    FILE *f;
    hfhub_result r;
    int threaded;
    if (!lp) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s: no local path", op->path);
    if (hfhub__fs_kind(lp) == HFHUB__FS_DIR) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s is a folder, not a file", lp);
    if ((r = hfhub__fs_size(lp, &op->size)) != HFHUB_OK) return r;
    if ((r = hfhub__fs_mtime(lp, &op->mtime)) != HFHUB_OK) return r;
    if (!(f = fopen(lp, "rb"))) return hfhub__fail(HFHUB_ERR_IO, "cannot open %s for reading", lp);
    threaded = op->size >= HFHUB__COMMIT_HASH_THREAD_MIN;
    if (threaded) hfhub__hash_thread_start(&ht, cm->c->a, 0);
    else hfhub_sha256_init(&ht.sha);
    for (;;) {
        size_t n = fread(buf, 1, HFHUB__COMMIT_READ_CHUNK, f);
        if (!n) break;
        if (total < sizeof op->sample) {
            size_t k = sizeof op->sample - (size_t)total < n ? sizeof op->sample - (size_t)total : n;
            memcpy(op->sample + total, buf, k);
            op->sample_len += k;
        }
        if (threaded) hfhub__hash_thread_push(&ht, buf, n);
        else hfhub_sha256_update(&ht.sha, buf, n);
        total += n;
        if (hfhub__commit_hash_progress(cm, op->path, n, 0)) break;
    }
    if (threaded) hfhub__hash_thread_finish(&ht, digest);
    else hfhub_sha256_final(&ht.sha, digest);
    r = ferror(f) ? hfhub__fail(HFHUB_ERR_IO, "error reading %s", lp) : HFHUB_OK;
    fclose(f);
    if (!r && !cm->stop && total != op->size)
        r = hfhub__fail(HFHUB_ERR_IO, "%s changed size while it was read (%llu bytes, then %llu)", lp,
                        (unsigned long long)op->size, (unsigned long long)total);
    return r;
}
#endif

hfhub_result hfhub__commit_hash_one(hfhub__commit *cm, size_t i) {
    hfhub__cop *op = &cm->ops[i];
    hfhub_sha256_ctx sha;
    unsigned char digest[32] = {0};
    unsigned char *buf = (unsigned char *)hfhub__alloc(cm->c->a, HFHUB__COMMIT_READ_CHUNK);
    hfhub_result r = HFHUB_OK;
    if (!buf) return hfhub__fail(HFHUB_ERR_NOMEM, "read buffer");
    if (op->op->source == HFHUB_SRC_PATH) {
#ifndef HFHUB_NO_STDIO
        r = hfhub__commit_hash_file(cm, op, buf, digest);
#else
        r = hfhub__fail(HFHUB_ERR_UNSUPPORTED, "%s: local files need a build without HFHUB_NO_STDIO", op->path);
#endif
    } else {
        uint64_t off = 0;
        hfhub_sha256_init(&sha);
        while (!r && off < op->size && !cm->stop) {
            size_t n;
            r = hfhub__commit_read(cm, i, off, buf, HFHUB__COMMIT_READ_CHUNK, &n);
            if (r) break;
            if (off < sizeof op->sample) {
                size_t k = sizeof op->sample - (size_t)off < n ? sizeof op->sample - (size_t)off : n;
                memcpy(op->sample + off, buf, k);
                op->sample_len += k;
            }
            hfhub_sha256_update(&sha, buf, n);
            off += n;
            if (hfhub__commit_hash_progress(cm, op->path, n, 0)) break;
        }
        hfhub_sha256_final(&sha, digest);
    }
    hfhub_hex_encode(digest, 32, op->sha256);
    if (!r) hfhub__commit_hash_progress(cm, op->path, 0, 1);
    hfhub__free(cm->c->a, buf, HFHUB__COMMIT_READ_CHUNK);
    return r;
}

static hfhub_result hfhub__commit_hash_job(hfhub__commit *cm, size_t job, void *ctx) {
    return hfhub__commit_hash_one(cm, ((const size_t *)ctx)[job]);
}

/* ---- Hub calls --------------------------------------------------------------------------- */

/* {E}/api/{plural}/{repo}/{what}/{quote(rev)} into b. */
static void hfhub__commit_api_url(hfhub__commit *cm, hfhub__buf *b, const char *what, const char *rev) {
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/api/%s/%s/%s", cm->c->endpoint, hfhub__repo_type_plural(cm->type), cm->repo_id, what);
    if (rev) {
        hfhub__buf_putc(b, '/');
        hfhub__url_quote(b, rev, strlen(rev), "");
    }
}

/* A Hub call with the commit's token; retries per §1.6 when `retry`. *doc (may be NULL)
 * gets the parsed answer. */
static hfhub_result hfhub__commit_call(hfhub__commit *cm, const char *method, const char *url, const char *ctype,
                                       const char *accept, const char *body, size_t len, int retry,
                                       hfhub_json_doc **doc) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_header hd[2];
    size_t nh = 0;
    hfhub_result res;
    if (doc) *doc = NULL;
    memset(&r, 0, sizeof r);
    if (ctype) { hd[nh].name = "Content-Type"; hd[nh++].value = ctype; }
    if (accept) { hd[nh].name = "Accept"; hd[nh++].value = accept; }
    r.method = method;
    r.url = url;
    r.headers = hd;
    r.n_headers = nh;
    r.body = body;
    r.body_len = len;
    r.token = cm->o.token;
    if (retry) {
        r.max_retries = 5;
        r.retry_network = 1;
    }
    res = hfhub__client_request(cm->c, &r, &resp);
    if (!res && doc && resp.body.len) {
        hfhub_json_parse_opts po;
        memset(&po, 0, sizeof po);
        po.allocator = cm->c->a;
        res = hfhub_json_parse(resp.body.data, resp.body.len, &po, doc);
    }
    hfhub__http_response_free(&resp);
    return res;
}

/* The whole content of add i in one allocation of size + 1 bytes (commit allocator). */
static hfhub_result hfhub__commit_slurp(hfhub__commit *cm, size_t i, char **out) {
    hfhub__cop *op = &cm->ops[i];
    size_t got;
    hfhub_result r;
    *out = NULL;
    if (op->size > HFHUB__COMMIT_MAX_REGULAR || (uint64_t)(size_t)op->size != op->size)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "%s: %llu bytes is too large to send inline", op->path,
                           (unsigned long long)op->size);
    if (!(*out = (char *)hfhub__alloc(cm->c->a, (size_t)op->size + 1))) return hfhub__fail(HFHUB_ERR_NOMEM, "%s", op->path);
    r = hfhub__commit_read(cm, i, 0, *out, (size_t)op->size, &got);
    if (r) {
        hfhub__free(cm->c->a, *out, (size_t)op->size + 1);
        *out = NULL;
        return r;
    }
    (*out)[op->size] = 0;
    return HFHUB_OK;
}

/* POST /api/validate-yaml with the README of the commit (§4.2 step 2). */
static hfhub_result hfhub__commit_validate_readme(hfhub__commit *cm, size_t i) {
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_json_doc *doc = NULL;
    char *text = NULL;
    hfhub_result r = hfhub__commit_slurp(cm, i, &text);
    size_t k;
    if (r) return r;
    hfhub__buf_init(&url, cm->c->a);
    hfhub__buf_init(&body, cm->c->a);
    hfhub__buf_printf(&url, "%s/api/validate-yaml", cm->c->endpoint);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "content");
    hfhub__jw_stringn(&w, text, (size_t)cm->ops[i].size);
    hfhub__jw_kv_string(&w, "repoType", cm->o.repo_type ? cm->o.repo_type : "model");
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "url");
    if (!r) r = hfhub__commit_call(cm, "POST", url.data, "application/json", NULL, body.data, body.len, 0, &doc);
    if (!r) {
        const hfhub_json_value *warn = hfhub_json_get(hfhub_json_root(doc), "warnings");
        for (k = 0; k < hfhub_json_len(warn); k++)
            hfhub__log(&cm->c->log, HFHUB_LOG_WARN, "Warnings while validating metadata in README.md:\n- %s",
                       hfhub_json_str(hfhub_json_get(hfhub_json_at(warn, k), "message"), ""));
    } else if (r == HFHUB_ERR_BAD_REQUEST) {
        r = hfhub__fail_http(HFHUB_ERR_INVALID_ARG, 400, NULL, NULL, "Invalid metadata in README.md.\n- %s",
                             hfhub_last_error()->message);
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    hfhub__free(cm->c->a, text, (size_t)cm->ops[i].size + 1);
    return r;
}

/* ---- preupload (§4.3) -------------------------------------------------------------------- */

static hfhub_result hfhub__commit_preupload_reply(hfhub__commit *cm, const size_t *idx, size_t n,
                                                  const hfhub_json_value *root) {
    const hfhub_json_value *files = hfhub_json_get(root, "files");
    size_t k, j;
    if (hfhub_json_type_of(files) != HFHUB_JSON_ARRAY) return hfhub__fail(HFHUB_ERR_PARSE, "preupload: no files list in the answer");
    for (k = 0; k < n; k++) {
        hfhub__cop *op = &cm->ops[idx[k]];
        int found = 0;
        for (j = 0; j < hfhub_json_len(files); j++) {
            const hfhub_json_value *f = hfhub_json_at(files, j);
            const char *mode = hfhub_json_str(hfhub_json_get(f, "uploadMode"), NULL);
            const char *oid = hfhub_json_str(hfhub_json_get(f, "oid"), NULL);
            if (strcmp(hfhub_json_str(hfhub_json_get(f, "path"), ""), op->path)) continue;
            if (!mode || (strcmp(mode, "lfs") && strcmp(mode, "regular")))
                return hfhub__fail(HFHUB_ERR_PARSE, "preupload: bad uploadMode for %s", op->path);
            if (hfhub_json_type_of(hfhub_json_get(f, "shouldIgnore")) != HFHUB_JSON_BOOL)
                return hfhub__fail(HFHUB_ERR_PARSE, "preupload: no shouldIgnore for %s", op->path);
            op->lfs = !strcmp(mode, "lfs") && op->size > 0; /* empty files are always regular */
            op->should_ignore = hfhub_json_bool(hfhub_json_get(f, "shouldIgnore"), 0);
            op->remote_oid = oid ? hfhub__arena_strdup(&cm->ar, oid) : NULL;
            found = 1;
        }
        if (!found) return hfhub__fail(HFHUB_ERR_PARSE, "preupload: the answer does not mention %s", op->path);
    }
    return HFHUB_OK;
}

hfhub_result hfhub__commit_preupload(hfhub__commit *cm, const size_t *idx, size_t n, const char *gitignore,
                                     size_t gitignore_len) {
    hfhub__buf url, body;
    hfhub_result r = HFHUB_OK;
    size_t start, k;
    hfhub__buf_init(&url, cm->c->a);
    hfhub__buf_init(&body, cm->c->a);
    hfhub__commit_api_url(cm, &url, "preupload", cm->revision);
    if (cm->o.create_pr) hfhub__buf_puts(&url, "?create_pr=1");
    for (start = 0; !r && start < n; start += HFHUB__COMMIT_BATCH) {
        size_t end = n - start > HFHUB__COMMIT_BATCH ? start + HFHUB__COMMIT_BATCH : n;
        hfhub__jw w;
        hfhub_json_doc *doc = NULL;
        hfhub__buf_reset(&body);
        hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
        hfhub__jw_begin_object(&w);
        hfhub__jw_key(&w, "files");
        hfhub__jw_begin_array(&w);
        for (k = start; k < end; k++) {
            hfhub__cop *op = &cm->ops[idx[k]];
            char b64[700];
            hfhub__base64_encode(op->sample, op->sample_len, b64, 0);
            hfhub__jw_begin_object(&w);
            hfhub__jw_kv_string(&w, "path", op->path);
            hfhub__jw_kv_string(&w, "sample", b64);
            hfhub__jw_kv_int(&w, "size", (int64_t)op->size);
            hfhub__jw_end_object(&w);
        }
        hfhub__jw_end_array(&w);
        if (gitignore) {
            hfhub__jw_key(&w, "gitIgnore");
            hfhub__jw_stringn(&w, gitignore, gitignore_len);
        }
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
        if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "url");
        if (!r) r = hfhub__commit_call(cm, "POST", url.data, "application/json", NULL, body.data, body.len, 1, &doc);
        if (!r) r = hfhub__commit_preupload_reply(cm, idx + start, end - start, hfhub_json_root(doc));
        hfhub_json_free(doc);
    }
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

/* ---- copies (§4.2 step 5) ---------------------------------------------------------------- */


/* The source repo, type and revision of copy op (defaults resolved). */
static void hfhub__commit_copy_src(hfhub__commit *cm, const hfhub__cop *op, const char **repo, int *type,
                                   const char **rev) {
    *repo = op->op->src_repo_id ? op->op->src_repo_id : cm->repo_id;
    *type = op->op->src_repo_type ? hfhub__repo_type_index(op->op->src_repo_type) : cm->type;
    *rev = op->op->src_revision ? op->op->src_revision : cm->revision;
}

/* paths-info of `paths` (n) in repo/type at rev; *doc the answer (a list). */
static hfhub_result hfhub__commit_paths_info(hfhub__commit *cm, const char *repo, int type, const char *rev,
                                             const char *const *paths, size_t n, hfhub_json_doc **doc) {
    hfhub__buf url, body;
    hfhub_result r;
    size_t k;
    hfhub__buf_init(&url, cm->c->a);
    hfhub__buf_init(&body, cm->c->a);
    hfhub__buf_printf(&url, "%s/api/%s/%s/paths-info/", cm->c->endpoint, hfhub__repo_type_plural(type), repo);
    hfhub__url_quote(&url, rev, strlen(rev), "");
    for (k = 0; k < n; k++) {
        const char *kv[2];
        kv[0] = "paths";
        kv[1] = paths[k];
        if (k) hfhub__buf_putc(&body, '&');
        hfhub__url_urlencode(&body, kv, 1);
    }
    hfhub__buf_puts(&body, n ? "&expand=True" : "expand=True");
    r = url.failed || body.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "paths-info")
                                  : hfhub__commit_call(cm, "POST", url.data, "application/x-www-form-urlencoded", NULL,
                                                       body.data, body.len, 0, doc);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

static const hfhub_json_value *hfhub__commit_find_entry(const hfhub_json_value *list, const char *path) {
    size_t j;
    for (j = 0; j < hfhub_json_len(list); j++) {
        const hfhub_json_value *e = hfhub_json_at(list, j);
        if (!strcmp(hfhub_json_str(hfhub_json_get(e, "path"), ""), path) &&
            !strcmp(hfhub_json_str(hfhub_json_get(e, "type"), ""), "file"))
            return e;
    }
    return NULL;
}

/* POST {E}/api/{src_T}/{src}/lfs-files/duplicate for one cross-repo LFS copy. */
static hfhub_result hfhub__commit_duplicate(hfhub__commit *cm, const char *repo, int type, const hfhub__cop *op) {
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_json_doc *doc = NULL;
    hfhub_result r;
    const hfhub_json_value *failed;
    hfhub__buf_init(&url, cm->c->a);
    hfhub__buf_init(&body, cm->c->a);
    hfhub__buf_printf(&url, "%s/api/%s/%s/lfs-files/duplicate", cm->c->endpoint, hfhub__repo_type_plural(type), repo);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "target");
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "type", cm->o.repo_type ? cm->o.repo_type : "model");
    hfhub__jw_kv_string(&w, "name", cm->repo_id);
    hfhub__jw_end_object(&w);
    hfhub__jw_key(&w, "files");
    hfhub__jw_begin_array(&w);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "sha256", op->copy_oid);
    hfhub__jw_kv_string(&w, "filename", op->op->src_path_in_repo);
    hfhub__jw_end_object(&w);
    hfhub__jw_end_array(&w);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "url");
    if (!r) r = hfhub__commit_call(cm, "POST", url.data, "application/json", NULL, body.data, body.len, 1, &doc);
    failed = hfhub_json_get(hfhub_json_root(doc), "failed");
    if (!r && hfhub_json_len(failed))
        r = hfhub__fail(HFHUB_ERR_HTTP, "Cannot copy %s from %s: %s", op->op->src_path_in_repo, repo,
                        hfhub_json_str(hfhub_json_get(hfhub_json_at(failed, 0), "error"), "duplication failed"));
    hfhub_json_free(doc);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

/* Resolves copy i: its source entry, the duplicate call or the content download. */
static hfhub_result hfhub__commit_copy_one(hfhub__commit *cm, hfhub__cop *op) {
    const char *repo, *rev, *src = op->op->src_path_in_repo;
    const hfhub_json_value *e;
    hfhub_json_doc *doc = NULL;
    int type;
    hfhub_result r;
    hfhub__commit_copy_src(cm, op, &repo, &type, &rev);
    if (type < 0) return HFHUB_ERR_INVALID_ARG;
    if ((r = hfhub__validate_repo_id(repo)) != HFHUB_OK) return r;
    if (!src || !*src) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "copy to %s: no source path", op->path);
    if ((r = hfhub__commit_paths_info(cm, repo, type, rev, &src, 1, &doc)) != HFHUB_OK) return r;
    if (!(e = hfhub__commit_find_entry(hfhub_json_root(doc), src))) {
        hfhub_json_free(doc);
        return hfhub__fail(HFHUB_ERR_ENTRY_NOT_FOUND, "Cannot copy %s at revision %s: file is missing on repo.", src, rev);
    }
    op->copy_lfs = hfhub_json_type_of(hfhub_json_get(e, "lfs")) == HFHUB_JSON_OBJECT;
    op->copy_oid = hfhub__arena_strdup(&cm->ar, hfhub_json_str(op->copy_lfs ? hfhub_json_path(e, "lfs.oid")
                                                                            : hfhub_json_get(e, "oid"), ""));
    op->copy_size = (uint64_t)hfhub_json_int(hfhub_json_get(e, "size"), 0);
    hfhub_json_free(doc);
    if (!op->copy_oid) return hfhub__fail(HFHUB_ERR_NOMEM, "copy");
    if (op->copy_lfs) {
        if (strcmp(repo, cm->repo_id) || type != cm->type) return hfhub__commit_duplicate(cm, repo, type, op);
        return HFHUB_OK;
    }
    if (op->copy_size > HFHUB__COMMIT_MAX_REGULAR) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "copy of %s: too large", src);
    {
        hfhub_download_opts d;
        size_t got = 0;
        memset(&d, 0, sizeof d);
        d.repo_type = hfhub__repo_type_index(op->op->src_repo_type) >= 0 && op->op->src_repo_type
                          ? op->op->src_repo_type : (cm->o.repo_type ? cm->o.repo_type : "model");
        d.revision = rev;
        d.token = cm->o.token;
        if (!(op->copy_content = (char *)hfhub__alloc(cm->c->a, (size_t)op->copy_size + 1)))
            return hfhub__fail(HFHUB_ERR_NOMEM, "copy");
        r = hfhub_download_to_buffer(cm->c, repo, src, &d, op->copy_content, (size_t)op->copy_size + 1, &got);
        if (!r && got != op->copy_size) r = hfhub__fail(HFHUB_ERR_INTEGRITY, "copy of %s: size changed", src);
    }
    return r;
}

/* Drops copies whose destination already holds the source content (§4.2 step 6). */
static hfhub_result hfhub__commit_copy_noops(hfhub__commit *cm, const char **paths, size_t n) {
    hfhub_json_doc *doc = NULL;
    hfhub_result r = hfhub__commit_paths_info(cm, cm->repo_id, cm->type, cm->revision, paths, n, &doc);
    size_t i;
    if (r) return r;
    for (i = 0; i < cm->n; i++) {
        hfhub__cop *op = &cm->ops[i];
        const hfhub_json_value *e;
        if (op->kind != HFHUB_OP_COPY || !(e = hfhub__commit_find_entry(hfhub_json_root(doc), op->path))) continue;
        if (!strcmp(hfhub_json_str(hfhub_json_get(e, "oid"), ""), op->copy_oid) ||
            !strcmp(hfhub_json_str(hfhub_json_path(e, "lfs.oid"), ""), op->copy_oid))
            op->drop = 1;
    }
    hfhub_json_free(doc);
    return HFHUB_OK;
}

static hfhub_result hfhub__commit_copies(hfhub__commit *cm) {
    const char **paths;
    size_t i, n = 0;
    hfhub_result r = HFHUB_OK;
    for (i = 0; i < cm->n; i++) n += cm->ops[i].kind == HFHUB_OP_COPY;
    if (!n) return HFHUB_OK;
    if (!(paths = (const char **)hfhub__arena_alloc(&cm->ar, n * sizeof *paths))) return hfhub__fail(HFHUB_ERR_NOMEM, "copies");
    for (i = 0, n = 0; !r && i < cm->n; i++) {
        if (cm->ops[i].kind != HFHUB_OP_COPY) continue;
        r = hfhub__commit_copy_one(cm, &cm->ops[i]);
        paths[n++] = cm->ops[i].path;
    }
    for (i = 0; !r && i < n; i += HFHUB__COMMIT_PATHS_BATCH)
        r = hfhub__commit_copy_noops(cm, paths + i, n - i > HFHUB__COMMIT_PATHS_BATCH ? HFHUB__COMMIT_PATHS_BATCH : n - i);
    return r;
}

/* ---- the commit call (§4.7) -------------------------------------------------------------- */

static void hfhub__commit_line_start(hfhub__jw *w, hfhub__buf *out, const char *key) {
    hfhub__jw_init(w, out, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(w);
    hfhub__jw_kv_string(w, "key", key);
    hfhub__jw_key(w, "value");
    hfhub__jw_begin_object(w);
}

static hfhub_result hfhub__commit_line_end(hfhub__jw *w, hfhub__buf *out) {
    hfhub__jw_end_object(w);
    hfhub__jw_end_object(w);
    hfhub__buf_putc(out, '\n');
    return hfhub__jw_result(w);
}

static hfhub_result hfhub__commit_file_line(hfhub__jw *w, hfhub__buf *out, const char *path, const char *data,
                                            size_t len) {
    size_t b64 = hfhub__base64_encoded_len(len, 0);
    hfhub__commit_line_start(w, out, "file");
    hfhub__jw_key(w, "content");
    /* the value's opening quote through the writer (separators), the base64 in place */
    hfhub__jw_raw(w, "\"", 1);
    if (hfhub__buf_reserve(out, b64 + 3)) return hfhub__fail(HFHUB_ERR_NOMEM, "commit payload");
    hfhub__base64_encode(data, len, out->data + out->len, 0);
    out->len += b64;
    hfhub__buf_putc(out, '"');
    hfhub__jw_kv_string(w, "path", path);
    hfhub__jw_kv_string(w, "encoding", "base64");
    return hfhub__commit_line_end(w, out);
}

/* A regular add: its line, unless the revision holds the same blob (then op->drop). */
static hfhub_result hfhub__commit_regular_line(hfhub__commit *cm, size_t i, hfhub__jw *w, hfhub__buf *out) {
    hfhub__cop *op = &cm->ops[i];
    char *data = NULL, blob[41];
    hfhub_result r = hfhub__commit_slurp(cm, i, &data);
    if (r) return r;
    hfhub_git_blob_sha1_hex(data, (size_t)op->size, blob);
    if (op->remote_oid && !strcmp(op->remote_oid, blob)) op->drop = 1;
    else r = hfhub__commit_file_line(w, out, op->path, data, (size_t)op->size);
    hfhub__free(cm->c->a, data, (size_t)op->size + 1);
    return r;
}

static hfhub_result hfhub__commit_op_line(hfhub__commit *cm, size_t i, hfhub__jw *w, hfhub__buf *out) {
    hfhub__cop *op = &cm->ops[i];
    if (op->drop) return HFHUB_OK;
    if (op->kind == HFHUB_OP_ADD) {
        if (op->should_ignore) return HFHUB_OK;
        if (!op->lfs) return hfhub__commit_regular_line(cm, i, w, out);
        hfhub__commit_line_start(w, out, "lfsFile");
        hfhub__jw_kv_string(w, "path", op->path);
        hfhub__jw_kv_string(w, "algo", "sha256");
        hfhub__jw_kv_string(w, "oid", op->sha256);
        hfhub__jw_kv_int(w, "size", (int64_t)op->size);
        return hfhub__commit_line_end(w, out);
    }
    if (op->kind == HFHUB_OP_DELETE) {
        hfhub__commit_line_start(w, out, op->folder ? "deletedFolder" : "deletedFile");
        hfhub__jw_kv_string(w, "path", op->path);
        return hfhub__commit_line_end(w, out);
    }
    if (!op->copy_lfs) return hfhub__commit_file_line(w, out, op->path, op->copy_content, (size_t)op->copy_size);
    hfhub__commit_line_start(w, out, "lfsFile"); /* copies of LFS files carry no size */
    hfhub__jw_kv_string(w, "path", op->path);
    hfhub__jw_kv_string(w, "algo", "sha256");
    hfhub__jw_kv_string(w, "oid", op->copy_oid);
    return hfhub__commit_line_end(w, out);
}

/* The NDJSON body; *changes counts the operation lines. */
static hfhub_result hfhub__commit_payload(hfhub__commit *cm, hfhub__buf *out, size_t *changes) {
    hfhub__jw w;
    hfhub_result r;
    size_t i;
    *changes = 0;
    hfhub__commit_line_start(&w, out, "header");
    hfhub__jw_kv_string(&w, "summary", cm->message);
    hfhub__jw_kv_string(&w, "description", cm->o.commit_description);
    if (cm->o.parent_commit) hfhub__jw_kv_string(&w, "parentCommit", cm->o.parent_commit);
    r = hfhub__commit_line_end(&w, out);
    for (i = 0; !r && i < cm->n; i++) {
        size_t before = out->len;
        r = hfhub__commit_op_line(cm, i, &w, out);
        if (out->len != before) (*changes)++;
    }
    if (!r && out->failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "commit payload");
    return r;
}

/* Python's CommitInfo string: the blob/tree URL of an upload, else the commit URL. */
static void hfhub__commit_str_url(hfhub__commit *cm, int pr_num, const char *commit_url, hfhub__buf *b) {
    if (!cm->url_kind) {
        hfhub__buf_puts(b, commit_url);
        return;
    }
    hfhub__buf_printf(b, "%s/%s%s/%s/", cm->c->endpoint, hfhub__repo_type_prefix(cm->type), cm->repo_id, cm->url_kind);
    if (pr_num >= 0) hfhub__buf_printf(b, "refs%%2Fpr%%2F%d", pr_num);
    else hfhub__buf_puts(b, cm->revision);
    hfhub__buf_printf(b, "/%s", cm->url_path ? cm->url_path : "");
}

/* The CommitInfo block. */
static hfhub_result hfhub__commit_info(hfhub__commit *cm, const char *url, const char *oid, const char *pr_url,
                                       int no_op, hfhub_commit_info **out) {
    const char *strs[8];
    const char **dst[8];
    char prrev[32];
    size_t lens[8], total = sizeof(hfhub_commit_info), k;
    const char *cut = strstr(url, "/commit/");
    int pr_num = -1;
    char *p;
    hfhub_commit_info *ci;
    hfhub__buf repo_url, str_url;
    if (pr_url) {
        const char *d = strstr(pr_url, "/discussions/");
        if (d) pr_num = atoi(d + 13);
    }
    snprintf(prrev, sizeof prrev, "refs/pr/%d", pr_num);
    hfhub__buf_init(&repo_url, cm->c->a);
    hfhub__buf_init(&str_url, cm->c->a);
    hfhub__buf_append(&repo_url, url, cut ? (size_t)(cut - url) : strlen(url));
    hfhub__commit_str_url(cm, pr_num, url, &str_url);
    if (repo_url.failed || str_url.failed || !repo_url.data || !str_url.data) {
        hfhub__buf_free(&repo_url);
        hfhub__buf_free(&str_url);
        return hfhub__fail(HFHUB_ERR_NOMEM, "commit info");
    }
    strs[0] = url; strs[1] = cm->message; strs[2] = cm->o.commit_description; strs[3] = oid;
    strs[4] = pr_url; strs[5] = pr_num >= 0 ? prrev : NULL; strs[6] = repo_url.data; strs[7] = str_url.data;
    for (k = 0; k < 8; k++) total += (lens[k] = strs[k] ? strlen(strs[k]) + 1 : 0);
    ci = (hfhub_commit_info *)hfhub__out_alloc(cm->c, total);
    if (ci) {
        memset(ci, 0, sizeof *ci);
        dst[0] = &ci->commit_url; dst[1] = &ci->commit_message; dst[2] = &ci->commit_description; dst[3] = &ci->oid;
        dst[4] = &ci->pr_url; dst[5] = &ci->pr_revision; dst[6] = &ci->repo_url; dst[7] = &ci->url;
        p = (char *)(ci + 1);
        for (k = 0; k < 8; k++) {
            if (!strs[k]) continue;
            memcpy(p, strs[k], lens[k]);
            *dst[k] = p;
            p += lens[k];
        }
        ci->pr_num = pr_num;
        ci->no_op = no_op;
    }
    hfhub__buf_free(&repo_url);
    hfhub__buf_free(&str_url);
    if (!ci) return hfhub__fail(HFHUB_ERR_NOMEM, "commit info");
    *out = ci;
    return HFHUB_OK;
}

/* Nothing to commit: the head of the revision (§4.2 step 6). */
static hfhub_result hfhub__commit_head(hfhub__commit *cm, hfhub_commit_info **out) {
    hfhub__buf url;
    hfhub_json_doc *doc = NULL;
    hfhub_result r;
    hfhub__log(&cm->c->log, HFHUB_LOG_WARN, "No files have been modified since last commit. Skipping to prevent empty commit.");
    hfhub__buf_init(&url, cm->c->a);
    hfhub__commit_api_url(cm, &url, "revision", cm->revision);
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__commit_call(cm, "GET", url.data, NULL, NULL, NULL, 0, 0, &doc);
    if (!r) {
        const char *sha = hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "sha"), NULL);
        if (!sha) r = hfhub__fail(HFHUB_ERR_PARSE, "repo info without sha");
        else {
            hfhub__buf_reset(&url);
            hfhub__buf_printf(&url, "%s/%s%s/commit/%s", cm->c->endpoint, hfhub__repo_type_prefix(cm->type), cm->repo_id, sha);
            r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__commit_info(cm, url.data, sha, NULL, 1, out);
        }
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&url);
    return r;
}

/* Python adds advice to some commit failures. */
static hfhub_result hfhub__commit_explain(hfhub__commit *cm, hfhub_result r) {
    const hfhub_error *e = hfhub_last_error();
    char msg[1400];
    if (r == HFHUB_ERR_REPO_NOT_FOUND)
        snprintf(msg, sizeof msg, "%s\nNote: Creating a commit assumes that the repo already exists on the Huggingface Hub. Please use `create_repo` if it's not the case.", e->message);
    else if (r == HFHUB_ERR_ENTRY_NOT_FOUND || strstr(e->message, "A file with this name doesn't exist"))
        snprintf(msg, sizeof msg, "%s\nMake sure to differentiate file and folder paths in delete operations with a trailing '/' or using `is_folder=True/False`.", e->message);
    else
        return r;
    (void)cm;
    return hfhub__fail_http(r, e->http_status, e->server_code[0] ? e->server_code : NULL,
                            e->request_id[0] ? e->request_id : NULL, "%s", msg);
}

static hfhub_result hfhub__commit_post(hfhub__commit *cm, const hfhub__buf *payload, hfhub_commit_info **out) {
    hfhub__buf url;
    hfhub_json_doc *doc = NULL;
    hfhub_result r;
    hfhub__buf_init(&url, cm->c->a);
    hfhub__commit_api_url(cm, &url, "commit", cm->revision);
    if (cm->o.create_pr) hfhub__buf_puts(&url, "?create_pr=1");
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url")
                   : hfhub__commit_call(cm, "POST", url.data, "application/x-ndjson", NULL, payload->data, payload->len, 0, &doc);
    if (r) r = hfhub__commit_explain(cm, r);
    if (!r) {
        const hfhub_json_value *root = hfhub_json_root(doc);
        const char *curl = hfhub_json_str(hfhub_json_get(root, "commitUrl"), NULL);
        const char *oid = hfhub_json_str(hfhub_json_get(root, "commitOid"), NULL);
        const char *pr = hfhub_json_str(hfhub_json_get(root, "pullRequestUrl"), NULL);
        if (!curl || !oid || (cm->o.create_pr && !pr)) r = hfhub__fail(HFHUB_ERR_PARSE, "commit: unexpected answer");
        else r = hfhub__commit_info(cm, curl, oid, cm->o.create_pr ? pr : NULL, 0, out);
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&url);
    return r;
}

/* ---- create_commit ----------------------------------------------------------------------- */

static int hfhub__commit_is_hex(const char *s, size_t lo, size_t hi) {
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f') || (s[n] >= 'A' && s[n] <= 'F'))) return 0;
    return n >= lo && n <= hi;
}

hfhub_result hfhub__commit_setup(hfhub__commit *cm, hfhub_client *c, const char *repo_id, const hfhub_commit_op *ops,
                                 size_t n, const char *message, const hfhub_commit_opts *o) {
    hfhub_result r;
    size_t i;
    memset(cm, 0, sizeof *cm);
    cm->c = c;
    hfhub__arena_init(&cm->ar, c->a);
    if (o) cm->o = *o;
    if (!cm->o.commit_description) cm->o.commit_description = "";
    if (cm->o.num_threads <= 0) cm->o.num_threads = 5;
    cm->repo_id = repo_id;
    cm->message = message;
    cm->revision = cm->o.revision ? cm->o.revision : "main";
    if (hfhub__mutex_init(&cm->mu)) return hfhub__fail(HFHUB_ERR_NOMEM, "mutex");
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if ((cm->type = hfhub__repo_type_index(cm->o.repo_type)) < 0) return HFHUB_ERR_INVALID_ARG;
    if (!message || !*message) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "`commit_message` can't be empty, please pass a value.");
    if (cm->o.parent_commit && !hfhub__commit_is_hex(cm->o.parent_commit, 5, 40))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "`parent_commit` is not a valid commit OID. It must match the following regex: ^[0-9a-f]{5,40}$");
    if (n && !ops) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "operations: NULL");
    if (n && !(cm->ops = (hfhub__cop *)hfhub__arena_alloc(&cm->ar, n * sizeof *cm->ops))) return hfhub__fail(HFHUB_ERR_NOMEM, "ops");
    cm->n = n;
    for (i = 0; i < n; i++) {
        hfhub__cop *op = &cm->ops[i];
        memset(op, 0, sizeof *op);
        op->op = &ops[i];
        op->kind = ops[i].kind;
        if (op->kind != HFHUB_OP_ADD && op->kind != HFHUB_OP_DELETE && op->kind != HFHUB_OP_COPY)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "operation %u: unknown kind %d", (unsigned)i, op->kind);
        if ((r = hfhub__commit_norm_path(&cm->ar, ops[i].path_in_repo, &op->path)) != HFHUB_OK) return r;
        if (op->kind == HFHUB_OP_DELETE) {
            size_t len = strlen(op->path);
            op->folder = ops[i].is_folder ? ops[i].is_folder > 0 : op->path[len - 1] == '/';
        } else if (op->kind == HFHUB_OP_ADD) {
            int s = ops[i].source;
            if ((s == HFHUB_SRC_BYTES && !ops[i].data && ops[i].data_len) || (s == HFHUB_SRC_READER && !ops[i].read) ||
                (s == HFHUB_SRC_PATH && !ops[i].local_path) || s < HFHUB_SRC_PATH || s > HFHUB_SRC_READER)
                return hfhub__fail(HFHUB_ERR_INVALID_ARG, "add %s: no valid source", op->path);
            op->size = s == HFHUB_SRC_BYTES ? ops[i].data_len : ops[i].size;
            if (op->path[strlen(op->path) - 1] == '/')
                return hfhub__fail(HFHUB_ERR_INVALID_ARG, "add %s: a file path cannot end with '/'", op->path);
        }
    }
    return HFHUB_OK;
}

void hfhub__commit_cleanup(hfhub__commit *cm) {
    size_t i;
    for (i = 0; i < cm->n; i++)
        if (cm->ops && cm->ops[i].copy_content) hfhub__free(cm->c->a, cm->ops[i].copy_content, (size_t)cm->ops[i].copy_size + 1);
    hfhub__mutex_destroy(&cm->mu);
    hfhub__arena_free(&cm->ar);
}

static int hfhub__commit_cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether an add before delete op d touches its path (the file, or a file in the folder). */
static int hfhub__commit_added_before(const hfhub__commit *cm, size_t d) {
    const char *p = cm->ops[d].path;
    size_t n = strlen(p), i;
    while (n && p[n - 1] == '/') n--;
    for (i = 0; i < d; i++) {
        const char *a = cm->ops[i].path;
        if (cm->ops[i].kind == HFHUB_OP_ADD && !strncmp(a, p, n) && (a[n] == 0 || a[n] == '/')) return 1;
    }
    return 0;
}

/* Python's warnings (not errors): a path added twice, a deletion of what the commit just
 * added, a data file committed to a repo that is not a dataset. */
static void hfhub__commit_warnings(hfhub__commit *cm) {
    const char **paths = (const char **)hfhub__arena_alloc(&cm->ar, (cm->n + 1) * sizeof *paths);
    size_t i, n = 0;
    for (i = 0; i < cm->n; i++) {
        const hfhub__cop *op = &cm->ops[i];
        size_t len = strlen(op->path);
        if (op->kind == HFHUB_OP_DELETE && hfhub__commit_added_before(cm, i))
            hfhub__log(&cm->c->log, HFHUB_LOG_WARN, "About to delete a %s that have just been updated within the same commit: '%s'. This can cause undesired inconsistencies in your repo.",
                       op->folder ? "folder containing files" : "file", op->path);
        if (op->kind != HFHUB_OP_ADD) continue;
        if (paths) paths[n++] = op->path;
        if (cm->type != 1 && ((len >= 6 && !strcmp(op->path + len - 6, ".arrow")) || (len >= 8 && !strcmp(op->path + len - 8, ".parquet"))))
            hfhub__log(&cm->c->log, HFHUB_LOG_WARN, "It seems that you are about to commit a data file (%s) to a %s repository. You are sure this is intended? If you are trying to upload a dataset, please set `repo_type='dataset'` or `--repo-type=dataset` in a CLI.",
                       op->path, cm->o.repo_type ? cm->o.repo_type : "model");
    }
    if (n > 1) qsort(paths, n, sizeof *paths, hfhub__commit_cmp_str);
    for (i = 1; i < n; i++)
        if (!strcmp(paths[i], paths[i - 1]))
            hfhub__log(&cm->c->log, HFHUB_LOG_WARN, "About to update multiple times the same file in the same commit: '%s'. This can cause undesired inconsistencies in your repo.", paths[i]);
}

/* The adds (indices into cm->ops); *readme the README.md add or (size_t)-1. */
static size_t *hfhub__commit_adds(hfhub__commit *cm, size_t *n, size_t *readme, size_t *gitignore) {
    size_t *idx = (size_t *)hfhub__arena_alloc(&cm->ar, (cm->n ? cm->n : 1) * sizeof *idx), i;
    *n = 0;
    *readme = *gitignore = (size_t)-1;
    if (!idx) return NULL;
    for (i = 0; i < cm->n; i++) {
        if (cm->ops[i].kind != HFHUB_OP_ADD) continue;
        idx[(*n)++] = i;
        if (!strcmp(cm->ops[i].path, "README.md")) *readme = i;
        if (!strcmp(cm->ops[i].path, ".gitignore")) *gitignore = i;
    }
    return idx;
}

static hfhub_result hfhub__commit_prepare(hfhub__commit *cm, const size_t *adds, size_t n_adds, size_t readme,
                                          size_t gitignore, const hfhub__commit_prep *prep) {
    hfhub_result r = HFHUB_OK;
    char *gi = NULL;
    size_t k;
    if (prep) { /* hashed and preuploaded before (upload_large_folder) */
        for (k = 0; k < n_adds; k++) {
            hfhub__cop *op = &cm->ops[adds[k]];
            const hfhub__commit_prep *p = &prep[adds[k]];
            if (strlen(p->sha256) != 64) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s: no SHA-256", op->path);
            memcpy(op->sha256, p->sha256, 65);
            op->size = p->size;
            op->mtime = p->mtime;
            op->lfs = p->lfs && p->size > 0;
            op->should_ignore = p->should_ignore;
            op->remote_oid = p->remote_oid;
        }
    } else {
        for (k = 0; k < n_adds; k++) { /* totals for the progress: sizes known or stat'ed */
            hfhub__cop *op = &cm->ops[adds[k]];
            uint64_t size = op->size;
#ifndef HFHUB_NO_STDIO
            if (op->op->source == HFHUB_SRC_PATH && hfhub__fs_size(op->op->local_path, &size)) size = 0;
#endif
            cm->hash_total += size;
        }
        cm->to_hash = (uint32_t)n_adds;
        r = hfhub__commit_run(cm, n_adds, hfhub__commit_hash_job, (void *)adds);
    }
    if (!r && readme != (size_t)-1) r = hfhub__commit_validate_readme(cm, readme);
    if (prep) return r;
    if (!r && gitignore != (size_t)-1) r = hfhub__commit_slurp(cm, gitignore, &gi);
    if (!r && n_adds) r = hfhub__commit_preupload(cm, adds, n_adds, gi, gi ? (size_t)cm->ops[gitignore].size : 0);
    if (gi) hfhub__free(cm->c->a, gi, (size_t)cm->ops[gitignore].size + 1);
    return r;
}

hfhub_result hfhub__create_commit_url(hfhub_client *c, const char *repo_id, const hfhub_commit_op *ops, size_t n_ops,
                                      const char *commit_message, const hfhub_commit_opts *opts, const char *url_kind,
                                      const char *url_path, const hfhub__commit_prep *prep, hfhub_commit_info **out) {
    hfhub__commit cm;
    hfhub__buf payload;
    size_t *adds, n_adds, readme, gitignore, changes = 0;
    hfhub_result r;
    if (!c || !out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_create_commit: NULL argument");
    *out = NULL;
    r = hfhub__commit_setup(&cm, c, repo_id, ops, n_ops, commit_message, opts);
    cm.url_kind = url_kind;
    cm.url_path = url_path;
    hfhub__buf_init(&payload, c->a);
    if (!r) hfhub__commit_warnings(&cm);
    adds = r ? NULL : hfhub__commit_adds(&cm, &n_adds, &readme, &gitignore);
    if (!r && !adds) r = hfhub__fail(HFHUB_ERR_NOMEM, "ops");
    if (!r) r = hfhub__commit_prepare(&cm, adds, n_adds, readme, gitignore, prep);
    if (!r) r = hfhub__commit_copies(&cm);
    if (!r) r = hfhub__commit_upload_lfs(&cm, adds, n_adds);
    if (!r) r = hfhub__commit_payload(&cm, &payload, &changes);
    if (!r && !changes && n_ops) r = hfhub__commit_head(&cm, out);
    else if (!r) r = hfhub__commit_post(&cm, &payload, out);
    hfhub__buf_free(&payload);
    hfhub__commit_cleanup(&cm);
    return r;
}

hfhub_result hfhub_create_commit(hfhub_client *c, const char *repo_id, const hfhub_commit_op *ops, size_t n_ops,
                                 const char *commit_message, const hfhub_commit_opts *opts, hfhub_commit_info **out) {
    return hfhub__create_commit_url(c, repo_id, ops, n_ops, commit_message, opts, NULL, NULL, NULL, out);
}

#undef HFHUB__COMMIT_BATCH
#undef HFHUB__COMMIT_PATHS_BATCH
#undef HFHUB__COMMIT_READ_CHUNK
#undef HFHUB__COMMIT_HASH_THREAD_MIN
#undef HFHUB__COMMIT_MAX_REGULAR
#undef HFHUB__COMMIT_MAX_THREADS
