/* reconstruct.c: Xet downloads by reconstruction (spec/xet.md §6): a plan's ranges fetched in
 * parallel and decoded as they stream in (memory per fetch: one chunk record), bytes written
 * at their offsets; range reads. Whole files (windows, file hash, resume): whole.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

#define HFHUB__XETR_ERR_BODY 4096
#define HFHUB__XETR_UNIT_TRIES 5
#define HFHUB__XETR_DEFAULT_WORKERS 8
#define HFHUB__XETR_MAX_WORKERS 64
#define HFHUB__XETR_CACHE_IO 65536

/* ---- one run: shared state ---- */

typedef struct hfhub__xetr_job {
    hfhub_client *c;
    const hfhub__xet_plan *p;
    uint64_t want, base;
    const hfhub__xet_out *out;
    hfhub_xet_merkle_entry *hashes;
    const hfhub__xet_extra *extra;
    hfhub__xet_piece pieces[HFHUB__XET_MAX_PIECES];
    size_t n_pieces;
    const hfhub_download_opts *po;
    hfhub_progress *prog;
    hfhub__mutex mu;
    size_t next;
    size_t stored;         /* ranges added to the chunk cache */
    hfhub_result err;
    int err_status;
    char err_msg[512];
} hfhub__xetr_job;

static void hfhub__xetr_set_error(hfhub__xetr_job *j, hfhub_result r) {
    hfhub__mutex_lock(&j->mu);
    if (!j->err) {
        const hfhub_error *e = hfhub_last_error();
        j->err = r;
        j->err_status = e->http_status;
        snprintf(j->err_msg, sizeof j->err_msg, "%.500s", e->message ? e->message : hfhub_result_str(r));
    }
    hfhub__mutex_unlock(&j->mu);
}

/* ---- one ranged fetch, decoded as it streams ---- */

typedef struct hfhub__xetr_fetch {
    hfhub__xetr_job *j;
    const hfhub__xet_unit *u;
    int status;
    uint64_t received, expected;
    uint64_t emitted;      /* bytes written (for progress) */
    uint32_t chunk;        /* xorb index of the next record */
    uint64_t *pos;         /* per term of the unit: stream position of its next byte */
    uint8_t *dec;          /* one decoded chunk */
    hfhub__buf pending;    /* an incomplete record */
    hfhub__buf err;
    hfhub_result fail;
    int caching;           /* the answer also goes to the chunk cache */
    hfhub__xcc_put put;
} hfhub__xetr_fetch;

static int hfhub__xetr_on_status(void *user, int status) {
    hfhub__xetr_fetch *f = (hfhub__xetr_fetch *)user;
    size_t i;
    f->status = status;
    f->received = 0;
    f->emitted = 0;
    f->chunk = f->u->start;
    f->fail = HFHUB_OK;
    hfhub__buf_reset(&f->pending);
    hfhub__buf_reset(&f->err);
    if (f->caching) hfhub__xcc_put_reset(&f->put);
    for (i = 0; i < f->u->n_terms; i++) f->pos[i] = f->j->p->terms[f->u->terms[i]].offset;
    return 0;
}

/* Writes decoded stream bytes [pos, pos + n) (term chunk `slot`) clipped to [skip, skip + want);
 * a chunk written only in part leaves the digest of that part for the resume log. */
static int hfhub__xetr_emit(hfhub__xetr_fetch *f, uint64_t slot, uint64_t pos, const uint8_t *data, size_t n) {
    hfhub__xetr_job *j = f->j;
    uint64_t lo = j->p->skip, hi = j->p->skip + j->want, a = pos, b = pos + n;
    if (a < lo) a = lo;
    if (b > hi) b = hi;
    if (a >= b) return 0;
    if ((a > pos || b < pos + n) && j->extra && j->extra->unit_done) {
        hfhub__xet_piece pc;
        pc.slot = slot;
        hfhub_xet_chunk_hash(data + (a - pos), (size_t)(b - a), pc.digest);
        hfhub__mutex_lock(&j->mu);
        if (j->n_pieces < HFHUB__XET_MAX_PIECES) j->pieces[j->n_pieces++] = pc; /* else: not resumable */
        hfhub__mutex_unlock(&j->mu);
    }
    f->emitted += b - a;
    return j->out->write_at(j->out->user, j->base + (a - lo), data + (a - pos), (size_t)(b - a));
}

/* One complete record: chunk f->chunk of the xorb. */
static int hfhub__xetr_record(hfhub__xetr_fetch *f, const uint8_t *data, size_t n) {
    hfhub__xetr_job *j = f->j;
    const hfhub__xet_plan *p = j->p;
    hfhub_xorb_record rec;
    uint32_t k = f->chunk++;
    int decoded = 0, hashed = 0;
    uint8_t hash[32];
    const uint8_t *chunk = f->dec;
    size_t i;
    if (k >= f->u->end) {
        f->fail = hfhub__fail(HFHUB_ERR_INTEGRITY, "xorb range holds more records than its %u chunks",
                              (unsigned)(f->u->end - f->u->start));
        return 1;
    }
    if (hfhub_xorb_record_parse(data, n, &rec) != HFHUB_OK) {
        f->fail = hfhub__fail(HFHUB_ERR_PARSE, "xorb chunk %u: %s", (unsigned)k, hfhub_last_error()->message);
        return 1;
    }
    for (i = 0; i < f->u->n_terms; i++) {
        const hfhub__xet_term *t = &p->terms[f->u->terms[i]];
        if (k < t->start || k >= t->end) continue;
        if (!decoded && rec.scheme == HFHUB_XET_SCHEME_NONE && rec.compressed_len == rec.uncompressed_len) {
            chunk = rec.payload; /* stored as is: used where it arrived, no copy */
            decoded = 1;
        }
        if (!decoded) {
            if (hfhub_xorb_record_decode(j->c->a, &rec, f->dec, HFHUB_XORB_MAX_CHUNK) != HFHUB_OK) {
                f->fail = hfhub__fail(HFHUB_ERR_INTEGRITY, "xorb chunk %u does not decode: %s", (unsigned)k,
                                      hfhub_last_error()->message);
                return 1;
            }
            decoded = 1;
        }
        if (f->pos[i] + rec.uncompressed_len > t->offset + t->unpacked) {
            f->fail = hfhub__fail(HFHUB_ERR_INTEGRITY, "term %u decodes to more than its %llu bytes",
                                  (unsigned)f->u->terms[i], (unsigned long long)t->unpacked);
            return 1;
        }
        if (j->hashes) {
            hfhub_xet_merkle_entry *e = &j->hashes[t->chunk_base + (k - t->start)];
            if (!hashed) hfhub_xet_chunk_hash(chunk, rec.uncompressed_len, hash);
            hashed = 1;
            memcpy(e->hash, hash, 32);
            e->size = rec.uncompressed_len;
        }
        if (hfhub__xetr_emit(f, t->chunk_base + (k - t->start), f->pos[i], chunk, rec.uncompressed_len)) {
            f->fail = hfhub__fail(HFHUB_ERR_IO, "cannot write the downloaded bytes (disk full?)");
            return 1;
        }
        f->pos[i] += rec.uncompressed_len;
    }
    return 0;
}

/* Bytes a record starting at data needs in total (8 when the header is incomplete). */
static size_t hfhub__xetr_need(const uint8_t *data, size_t n) {
    if (n < HFHUB_XORB_RECORD_HEADER) return HFHUB_XORB_RECORD_HEADER;
    return HFHUB_XORB_RECORD_HEADER + ((size_t)data[1] | (size_t)data[2] << 8 | (size_t)data[3] << 16);
}

static int hfhub__xetr_on_body(void *user, const void *data, size_t n) {
    hfhub__xetr_fetch *f = (hfhub__xetr_fetch *)user;
    const uint8_t *d = (const uint8_t *)data;
    if (f->status < 200 || f->status >= 300) {
        if (f->err.len + n <= HFHUB__XETR_ERR_BODY) hfhub__buf_append(&f->err, data, n);
        return 0;
    }
    f->received += n;
    if (f->received > f->expected) {
        f->fail = hfhub__fail(HFHUB_ERR_INTEGRITY, "the xorb range answer is longer than the %llu bytes asked",
                              (unsigned long long)f->expected);
        return 1;
    }
    if (f->caching) hfhub__xcc_put_data(&f->put, data, n);
    while (n) {
        if (f->pending.len) { /* complete the record started in an earlier block */
            size_t need = hfhub__xetr_need((const uint8_t *)f->pending.data, f->pending.len);
            size_t take = need - f->pending.len < n ? need - f->pending.len : n;
            hfhub__buf_append(&f->pending, d, take);
            if (f->pending.failed) { f->fail = hfhub__fail(HFHUB_ERR_NOMEM, "xorb record"); return 1; }
            d += take;
            n -= take;
            need = hfhub__xetr_need((const uint8_t *)f->pending.data, f->pending.len);
            if (f->pending.len < need) continue;
            if (hfhub__xetr_record(f, (const uint8_t *)f->pending.data, f->pending.len)) return 1;
            hfhub__buf_reset(&f->pending);
            continue;
        }
        {
            size_t need = hfhub__xetr_need(d, n);
            if (need > n) { /* keep the start of a record for the next block */
                hfhub__buf_append(&f->pending, d, n);
                if (f->pending.failed) { f->fail = hfhub__fail(HFHUB_ERR_NOMEM, "xorb record"); return 1; }
                return 0;
            }
            if (hfhub__xetr_record(f, d, need)) return 1;
            d += need;
            n -= need;
        }
    }
    return 0;
}

/* After a complete answer: every chunk arrived and every term has all its bytes. */
static hfhub_result hfhub__xetr_check(hfhub__xetr_fetch *f) {
    size_t i;
    if (f->pending.len || f->chunk != f->u->end || f->received != f->expected)
        return hfhub__fail(HFHUB_ERR_INTEGRITY, "xorb range: %u of %u chunk records (%llu of %llu bytes)",
                           (unsigned)(f->chunk - f->u->start), (unsigned)(f->u->end - f->u->start),
                           (unsigned long long)f->received, (unsigned long long)f->expected);
    for (i = 0; i < f->u->n_terms; i++) {
        const hfhub__xet_term *t = &f->j->p->terms[f->u->terms[i]];
        if (f->pos[i] != t->offset + t->unpacked)
            return hfhub__fail(HFHUB_ERR_INTEGRITY, "term %u decodes to %llu bytes, the reconstruction says %llu",
                               (unsigned)f->u->terms[i], (unsigned long long)(f->pos[i] - t->offset),
                               (unsigned long long)t->unpacked);
    }
    return HFHUB_OK;
}

static hfhub_result hfhub__xetr_get(hfhub__xetr_fetch *f) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_http_sink sink;
    hfhub_header h[1];
    char range[64];
    hfhub_result res;
    snprintf(range, sizeof range, "bytes=%llu-%llu", (unsigned long long)f->u->byte_start,
             (unsigned long long)f->u->byte_end);
    h[0].name = "Range";
    h[0].value = range;
    memset(&r, 0, sizeof r);
    r.url = f->u->url;
    r.headers = h;
    r.n_headers = 1;
    r.auth = HFHUB__AUTH_NONE; /* presigned */
    r.timeout_ms = f->j->c->download_timeout_s * 1000 * 6;
    r.max_retries = 5;
    r.retry_network = 1;
    r.retry_mask = HFHUB__RETRY_408 | HFHUB__RETRY_429 | HFHUB__RETRY_5XX;
    memset(&sink, 0, sizeof sink);
    sink.user = f;
    sink.on_status = hfhub__xetr_on_status;
    sink.on_body = hfhub__xetr_on_body;
    r.sink = &sink;
    f->status = 0;
    res = hfhub__client_request(f->j->c, &r, &resp);
    if (f->fail) res = f->fail;
    else if (!res && f->status == 403) res = hfhub__fail_http(HFHUB_ERR_FORBIDDEN, 403, NULL, NULL,
                                                              "the presigned xorb URL was refused (expired?)");
    else if (!res && f->status >= 300) res = hfhub__map_http_error(&resp, f->u->url, f->err.data, f->err.len);
    else if (!res && f->status != 206 && !(f->status == 200 && f->u->byte_start == 0))
        res = hfhub__fail(HFHUB_ERR_PARSE, "xorb range answered with status %d", f->status);
    else if (!res) res = hfhub__xetr_check(f);
    hfhub__http_response_free(&resp);
    return res;
}

/* The unit from a cached range (already checked against its digest), decoded as an answer. */
static hfhub_result hfhub__xetr_from_cache(hfhub__xetr_fetch *f, hfhub__xcc_hit *hit) {
    uint8_t *io;
    uint64_t left = hit->len;
    hfhub_result r = HFHUB_OK;
    if (hit->len != f->expected)
        return hfhub__fail(HFHUB_ERR_INTEGRITY, "cached xorb range of %llu bytes, the CAS says %llu",
                           (unsigned long long)hit->len, (unsigned long long)f->expected);
    if (!(io = (uint8_t *)hfhub__alloc(f->j->c->a, HFHUB__XETR_CACHE_IO))) return hfhub__fail(HFHUB_ERR_NOMEM, "io");
    hfhub__xetr_on_status(f, 206);
    while (!r && left) {
        size_t n = left < HFHUB__XETR_CACHE_IO ? (size_t)left : HFHUB__XETR_CACHE_IO;
        if (fread(io, 1, n, hit->f) != n) r = hfhub__fail(HFHUB_ERR_IO, "cannot read the Xet chunk cache");
        else if (hfhub__xetr_on_body(f, io, n)) r = f->fail ? f->fail : hfhub__fail(HFHUB_ERR_IO, "chunk cache");
        left -= n;
    }
    if (!r) r = hfhub__xetr_check(f);
    hfhub__free(f->j->c->a, io, HFHUB__XETR_CACHE_IO);
    return r;
}

/* The unit over the network (retrying a connection lost mid-body), stored in the chunk cache
 * when that is on. */
static hfhub_result hfhub__xetr_fetch_unit(hfhub__xetr_job *j, hfhub__xetr_fetch *f) {
    const hfhub__xet_unit *u = f->u;
    hfhub_result r = HFHUB_OK;
    int tries;
    f->caching = hfhub__xcc_put_begin(j->c, u->xorb, u->start, u->end, f->expected, &f->put);
    for (tries = 1; !r; tries++) {
        r = hfhub__xetr_get(f);
        /* a connection lost mid-body: the range again (writes are idempotent) */
        if ((r != HFHUB_ERR_NETWORK && r != HFHUB_ERR_TIMEOUT) || tries >= HFHUB__XETR_UNIT_TRIES) break;
        hfhub__log(&j->c->log, HFHUB_LOG_WARN, "xorb range fetch failed (%s); retrying", hfhub_last_error()->message);
        hfhub__sleep_ms(500);
        r = HFHUB_OK;
    }
    if (hfhub__xcc_put_end(j->c, &f->put, r == HFHUB_OK)) {
        hfhub__mutex_lock(&j->mu);
        j->stored++;
        hfhub__mutex_unlock(&j->mu);
    }
    f->caching = 0;
    return r;
}

static hfhub_result hfhub__xetr_unit(hfhub__xetr_job *j, const hfhub__xet_unit *u) {
    hfhub__xetr_fetch f;
    hfhub__xcc_hit hit;
    hfhub_result r = HFHUB_OK;
    int cached = 0;
    memset(&f, 0, sizeof f);
    f.j = j;
    f.u = u;
    f.expected = u->byte_end - u->byte_start + 1;
    hfhub__buf_init(&f.pending, j->c->a);
    hfhub__buf_init(&f.err, j->c->a);
    f.pos = (uint64_t *)hfhub__alloc(j->c->a, (u->n_terms ? u->n_terms : 1) * sizeof *f.pos);
    f.dec = (uint8_t *)hfhub__alloc(j->c->a, HFHUB_XORB_MAX_CHUNK);
    if (!f.pos || !f.dec) r = hfhub__fail(HFHUB_ERR_NOMEM, "xorb fetch");
    if (!r && hfhub__xcc_open(j->c, u->xorb, u->start, u->end, &hit)) {
        cached = hfhub__xetr_from_cache(&f, &hit) == HFHUB_OK;
        hfhub__xcc_close(&hit);
        if (!cached) hfhub__log(&j->c->log, HFHUB_LOG_WARN, "cached xorb range unusable (%s); fetching it",
                                hfhub_last_error()->message);
    }
    if (!r && !cached) r = hfhub__xetr_fetch_unit(j, &f);
    if (!r && j->extra && j->extra->unit_done) {
        hfhub__mutex_lock(&j->mu);
        j->extra->unit_done(j->extra->user, (size_t)(u - j->p->units), j->hashes, j->pieces, j->n_pieces);
        hfhub__mutex_unlock(&j->mu);
    }
    if (!r && j->po && j->po->progress) {
        hfhub__mutex_lock(&j->mu);
        j->prog->bytes_done += f.emitted;
        if (j->po->progress(j->po->progress_user, j->prog)) r = hfhub__fail(HFHUB_ERR_CANCELLED, "download cancelled");
        hfhub__mutex_unlock(&j->mu);
    }
    hfhub__free(j->c->a, f.pos, (u->n_terms ? u->n_terms : 1) * sizeof *f.pos);
    hfhub__free(j->c->a, f.dec, HFHUB_XORB_MAX_CHUNK);
    hfhub__buf_free(&f.pending);
    hfhub__buf_free(&f.err);
    return r;
}

/* Whether every term of a unit is on disk already (an earlier run wrote it). */
static int hfhub__xetr_unit_done(const hfhub__xetr_job *j, const hfhub__xet_unit *u) {
    size_t i;
    if (!j->extra || !j->extra->done) return 0;
    for (i = 0; i < u->n_terms; i++)
        if (!j->extra->done[u->terms[i]]) return 0;
    return 1;
}

static void hfhub__xetr_worker(void *arg) {
    hfhub__xetr_job *j = (hfhub__xetr_job *)arg;
    for (;;) {
        size_t i;
        hfhub_result r;
        hfhub__mutex_lock(&j->mu);
        i = j->err ? j->p->n_units : j->next++;
        hfhub__mutex_unlock(&j->mu);
        if (i >= j->p->n_units) return;
        if (hfhub__xetr_unit_done(j, &j->p->units[i])) continue;
        if ((r = hfhub__xetr_unit(j, &j->p->units[i])) != HFHUB_OK) hfhub__xetr_set_error(j, r);
    }
}

hfhub_result hfhub__xet_run(hfhub_client *c, const hfhub__xet_plan *p, uint64_t want, uint64_t base,
                            const hfhub__xet_out *out, hfhub_xet_merkle_entry *hashes, int workers,
                            const hfhub__xet_extra *extra, const hfhub_download_opts *progress_opts,
                            hfhub_progress *progress) {
    hfhub__xetr_job j;
    hfhub__thread th[HFHUB__XETR_MAX_WORKERS];
    int n, started = 0, i;
    memset(&j, 0, sizeof j);
    j.c = c;
    j.p = p;
    j.want = want;
    j.base = base;
    j.out = out;
    j.hashes = hashes;
    j.extra = extra;
    j.po = progress_opts;
    j.prog = progress;
    if (hfhub__mutex_init(&j.mu)) return hfhub__fail(HFHUB_ERR_NOMEM, "mutex");
    n = workers < 1 ? 1 : workers > HFHUB__XETR_MAX_WORKERS ? HFHUB__XETR_MAX_WORKERS : workers;
    if ((size_t)n > p->n_units) n = (int)p->n_units;
    for (i = 0; i < n; i++) {
        if (hfhub__thread_start(&th[i], hfhub__xetr_worker, &j)) break;
        started++;
    }
    if (started == 0) hfhub__xetr_worker(&j);
    for (i = 0; i < started; i++) hfhub__thread_join(&th[i]);
    hfhub__mutex_destroy(&j.mu);
    if (j.stored) hfhub__xcc_trim(c);
    if (j.err) return hfhub__fail_http(j.err, j.err_status, NULL, NULL, "%s", j.err_msg);
    return HFHUB_OK;
}

/* ---- outputs ---- */

typedef struct hfhub__xetr_mem {
    uint8_t *buf;
} hfhub__xetr_mem;

static int hfhub__xetr_mem_write(void *user, uint64_t off, const void *data, size_t n) {
    memcpy(((hfhub__xetr_mem *)user)->buf + off, data, n);
    return 0;
}

int hfhub__xet_workers(void) {
    int n = hfhub__env_int(getenv("HF_XET_NUM_CONCURRENT_RANGE_GETS"), HFHUB__XETR_DEFAULT_WORKERS);
    return n < 1 ? 1 : n;
}

/* ---- ranges ---- */

hfhub_result hfhub_xet_read_range(hfhub_client *c, const char *repo_id, const char *filename,
                                  const hfhub_download_opts *opts, uint64_t offset, void *buf, size_t len,
                                  size_t *out_len) {
    hfhub__dl d;
    hfhub__xet_plan p;
    hfhub__xet_out out;
    hfhub__xetr_mem mem;
    char commit[41];
    uint64_t want = 0;
    hfhub_result r;
    if (!c || !repo_id || !filename || (!buf && len) || !out_len)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_xet_read_range: NULL argument");
    *out_len = 0;
    memset(&p, 0, sizeof p);
    r = hfhub__dl_setup(&d, c, repo_id, filename, opts);
    if (!r) r = hfhub__dl_head(c, d.url.data, opts, c->etag_timeout_s * 1000, 0, &d.meta, commit);
    if (!r && !d.meta.xet_hash[0])
        r = hfhub__fail(HFHUB_ERR_UNSUPPORTED, "%s is not stored in Xet (no X-Xet-Hash)", filename);
    if (!r && offset < d.meta.size && len) {
        want = d.meta.size - offset < len ? d.meta.size - offset : len;
        r = hfhub__xet_query(c, d.meta.refresh.data, opts ? opts->token : NULL, d.meta.xet_hash, offset,
                             offset + want - 1, &p);
        if (!r && p.total - p.skip < want)
            r = hfhub__fail(HFHUB_ERR_INTEGRITY, "the reconstruction holds fewer bytes than asked");
        mem.buf = (uint8_t *)buf;
        out.write_at = hfhub__xetr_mem_write;
        out.user = &mem;
        if (!r) r = hfhub__xet_run(c, &p, want, 0, &out, NULL, hfhub__xet_workers(), NULL, NULL, NULL);
        if (!r) *out_len = (size_t)want;
    }
    hfhub__xet_plan_free(&p);
    hfhub__dl_cleanup(&d);
    return r;
}

#undef HFHUB__XETR_ERR_BODY
#undef HFHUB__XETR_UNIT_TRIES
#undef HFHUB__XETR_DEFAULT_WORKERS
#undef HFHUB__XETR_MAX_WORKERS
#undef HFHUB__XETR_CACHE_IO

#endif /* HFHUB_NO_STDIO */
