/* download_ranges.c: one large file over several ranged connections at once.
 *
 * The missing part of the file is cut into pieces handed out in order to a few workers; each
 * GETs its piece with `Range` and writes it at its offset. The calling thread meanwhile hashes
 * the contiguous prefix as it grows (read back from the page cache), so verification still
 * overlaps the network. When the server ignores Range, or a piece fails for good, or the
 * user cancels, the file is cut back to its contiguous prefix: the one-stream path, or a
 * later run, resumes from there as from any partial file. */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#if !defined(HFHUB_NO_STDIO) && !defined(HFHUB_NO_THREADS)

#define HFHUB__DLR_MIN_SIZE ((uint64_t)64 << 20)  /* files from this size on, by default */
#define HFHUB__DLR_CONNECTIONS 4                  /* default connections (measured: bench/download.sh) */
#define HFHUB__DLR_MAX_CONNECTIONS 16
#define HFHUB__DLR_PIECE_MIN ((uint64_t)8 << 20)
#define HFHUB__DLR_PIECE_MAX ((uint64_t)64 << 20)
#define HFHUB__DLR_READ_BUF ((size_t)1 << 20)
#define HFHUB__DLR_ERR_BODY_MAX 65536
#define HFHUB__DLR_SIGNAL_EVERY ((uint64_t)1 << 20)
#define HFHUB__DLR_MAX_RESUMES 5

typedef struct hfhub__dlr_piece {
    uint64_t start, end, done; /* [start, end); done bytes written from start */
} hfhub__dlr_piece;

typedef struct hfhub__dlr {
    hfhub_client *c;
    const char *url, *display;
    int auth;
    const hfhub_download_opts *o;
    hfhub__fs_file file;
    uint64_t base, expected;   /* bytes already there; the file's size */
    hfhub__dlr_piece *pieces;
    size_t n_pieces, next, running;
    hfhub__mutex mu;
    hfhub__cond changed;       /* a piece grew, a worker ended, or stop */
    int stop, no_ranges, cancelled, hashing;
    hfhub_result failure;      /* the first worker failure, with its detail below */
    int err_status;
    char err_msg[1024], err_code[64], err_rid[128];
    hfhub_progress prog;
} hfhub__dlr;

/* One ranged GET of a piece. */
typedef struct hfhub__dlr_get {
    hfhub__dlr *d;
    hfhub__dlr_piece *p;
    int status;
    uint64_t signalled;        /* p->done when the hasher was last woken */
    hfhub_result write_error;
    hfhub__buf err_body;
} hfhub__dlr_get;

/* opts->connections, else HFHUB_DOWNLOAD_CONNECTIONS, else 0 (automatic). */
static int hfhub__dlr_asked(const hfhub_download_opts *o) {
    const char *env = getenv("HFHUB_DOWNLOAD_CONNECTIONS");
    return o && o->connections > 0 ? o->connections : env && atoi(env) > 0 ? atoi(env) : 0;
}

static int hfhub__dlr_connections(const hfhub_download_opts *o) {
    int n = hfhub__dlr_asked(o);
    if (!n) n = HFHUB__DLR_CONNECTIONS;
    return n > HFHUB__DLR_MAX_CONNECTIONS ? HFHUB__DLR_MAX_CONNECTIONS : n;
}

int hfhub__dl_ranges_mode(const hfhub_download_opts *o, uint64_t missing) {
    uint64_t min = o && o->parallel_min_size ? o->parallel_min_size : HFHUB__DLR_MIN_SIZE;
    int asked = hfhub__dlr_asked(o);
    if (asked == 1 || missing < min) return HFHUB__DL_RANGES_NO;
    return asked ? HFHUB__DL_RANGES_NOW : HFHUB__DL_RANGES_PROBE;
}

/* Where the bytes stop being contiguous from 0 (call under the lock). */
static uint64_t hfhub__dlr_frontier(const hfhub__dlr *d) {
    size_t i;
    for (i = 0; i < d->n_pieces; i++) {
        const hfhub__dlr_piece *p = &d->pieces[i];
        if (p->start + p->done < p->end) return p->start + p->done;
    }
    return d->expected;
}

/* Records the first failure of any worker (this thread's error detail) and stops the rest. */
static void hfhub__dlr_fail(hfhub__dlr *d, hfhub_result r) {
    const hfhub_error *e = hfhub_last_error();
    hfhub__mutex_lock(&d->mu);
    if (!d->failure) {
        d->failure = r;
        d->err_status = e->http_status;
        snprintf(d->err_msg, sizeof d->err_msg, "%.1000s", e->message);
        snprintf(d->err_code, sizeof d->err_code, "%.60s", e->server_code);
        snprintf(d->err_rid, sizeof d->err_rid, "%.120s", e->request_id);
    }
    d->stop = 1;
    hfhub__cond_broadcast(&d->changed);
    hfhub__mutex_unlock(&d->mu);
}

static int hfhub__dlr_on_status(void *user, int status) {
    hfhub__dlr_get *g = (hfhub__dlr_get *)user;
    g->status = status;
    if (status == 200) { /* the server ignored Range: this file goes over one stream */
        hfhub__mutex_lock(&g->d->mu);
        g->d->no_ranges = 1;
        g->d->stop = 1;
        hfhub__cond_broadcast(&g->d->changed);
        hfhub__mutex_unlock(&g->d->mu);
        return 1;
    }
    return 0;
}

static int hfhub__dlr_on_body(void *user, const void *data, size_t n) {
    hfhub__dlr_get *g = (hfhub__dlr_get *)user;
    hfhub__dlr *d = g->d;
    hfhub__dlr_piece *p = g->p;
    int stop;
    if (g->status >= 300) {
        if (g->err_body.len + n <= HFHUB__DLR_ERR_BODY_MAX) hfhub__buf_append(&g->err_body, data, n);
        return 0;
    }
    if (p->start + p->done + n > p->end) {
        g->write_error = hfhub__fail(HFHUB_ERR_INTEGRITY, "the server sent more than the requested range of %s",
                                     d->display);
        return 1;
    }
    if ((g->write_error = hfhub__fs_pwrite(&d->file, data, n, p->start + p->done)) != HFHUB_OK) return 1;
    hfhub__mutex_lock(&d->mu);
    p->done += n;
    d->prog.bytes_done += n;
    if (d->o && d->o->progress && !d->stop && d->o->progress(d->o->progress_user, &d->prog)) {
        d->cancelled = 1;
        d->stop = 1;
    }
    stop = d->stop;
    /* wake the hasher per MiB, not per read: a wake-up costs more than hashing 16 KiB */
    if (stop || (d->hashing && p->done - g->signalled >= HFHUB__DLR_SIGNAL_EVERY)) {
        g->signalled = p->done;
        hfhub__cond_broadcast(&d->changed);
    }
    hfhub__mutex_unlock(&d->mu);
    return stop;
}

/* One GET for the rest of piece p. HFHUB_OK when the piece is complete. */
static hfhub_result hfhub__dlr_get_once(hfhub__dlr *d, hfhub__dlr_piece *p) {
    hfhub__dlr_get g;
    hfhub__req r;
    hfhub_http_sink sink;
    hfhub__http_response resp;
    hfhub_header *h;
    size_t nh = 0, cap = 0, i;
    char range[64];
    hfhub_result res;
    int stopped;
    const hfhub_header *extra = d->o ? d->o->headers : NULL;
    size_t n_extra = d->o ? d->o->n_headers : 0;
    cap = n_extra + 1;
    if (!(h = (hfhub_header *)hfhub__alloc(d->c->a, cap * sizeof *h))) return hfhub__fail(HFHUB_ERR_NOMEM, "headers");
    for (i = 0; i < n_extra; i++) h[nh++] = extra[i];
    snprintf(range, sizeof range, "bytes=%llu-%llu", (unsigned long long)(p->start + p->done),
             (unsigned long long)(p->end - 1));
    h[nh].name = "Range";
    h[nh++].value = range;
    memset(&g, 0, sizeof g);
    g.d = d;
    g.p = p;
    hfhub__buf_init(&g.err_body, d->c->a);
    memset(&r, 0, sizeof r);
    r.url = d->url;
    r.headers = h;
    r.n_headers = nh;
    r.auth = d->auth ? HFHUB__AUTH_DEFAULT : HFHUB__AUTH_NONE;
    r.token = d->auth && d->o ? d->o->token : NULL;
    r.timeout_ms = d->c->download_timeout_s * 1000;
    r.max_retries = 5;
    r.retry_mask = HFHUB__RETRY_408 | HFHUB__RETRY_429;
    memset(&sink, 0, sizeof sink);
    sink.user = &g;
    sink.on_status = hfhub__dlr_on_status;
    sink.on_body = hfhub__dlr_on_body;
    r.sink = &sink;
    res = hfhub__client_request(d->c, &r, &resp);
    hfhub__mutex_lock(&d->mu);
    stopped = d->stop;
    hfhub__mutex_unlock(&d->mu);
    if (g.write_error) res = g.write_error;
    else if (stopped) res = HFHUB_ERR_CANCELLED; /* another worker or the user stopped us */
    else if (!res && g.status >= 400) res = hfhub__map_http_error(&resp, d->url, g.err_body.data, g.err_body.len);
    else if (!res && g.status != 206)
        res = hfhub__fail_http(HFHUB_ERR_HTTP, g.status, NULL, NULL, "unexpected status %d for %s", g.status, d->url);
    else if (!res && p->start + p->done < p->end)
        res = hfhub__fail(HFHUB_ERR_NETWORK, "connection closed in the middle of a range of %s", d->display);
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&g.err_body);
    hfhub__free(d->c->a, h, cap * sizeof *h);
    return res;
}

/* A piece, resumed after network failures like the one-stream path (5 in a row without
 * progress). */
static hfhub_result hfhub__dlr_piece_fetch(hfhub__dlr *d, hfhub__dlr_piece *p) {
    int failures = 0;
    for (;;) {
        uint64_t before = p->done;
        hfhub_result r = hfhub__dlr_get_once(d, p);
        if (r != HFHUB_ERR_NETWORK && r != HFHUB_ERR_TIMEOUT) return r;
        if (p->done > before) failures = 0;
        if (++failures > HFHUB__DLR_MAX_RESUMES) return r;
        hfhub__log(&d->c->log, HFHUB_LOG_WARN, "range of %s interrupted at %llu (%s); resuming", d->display,
                   (unsigned long long)(p->start + p->done), hfhub_last_error()->message);
        hfhub__sleep_ms(1000);
    }
}

static void hfhub__dlr_worker(void *arg) {
    hfhub__dlr *d = (hfhub__dlr *)arg;
    for (;;) {
        hfhub__dlr_piece *p = NULL;
        hfhub_result r;
        hfhub__mutex_lock(&d->mu);
        if (!d->stop && d->next < d->n_pieces) p = &d->pieces[d->next++];
        hfhub__mutex_unlock(&d->mu);
        if (!p) break;
        r = hfhub__dlr_piece_fetch(d, p);
        if (r && r != HFHUB_ERR_CANCELLED) hfhub__dlr_fail(d, r);
        if (r) break;
        hfhub__mutex_lock(&d->mu); /* a complete piece moves the frontier */
        hfhub__cond_broadcast(&d->changed);
        hfhub__mutex_unlock(&d->mu);
    }
    hfhub__mutex_lock(&d->mu);
    d->running--;
    hfhub__cond_broadcast(&d->changed);
    hfhub__mutex_unlock(&d->mu);
}

/* Cuts [base, expected) into pieces: about four per connection, within the size bounds. */
static hfhub_result hfhub__dlr_plan(hfhub__dlr *d, int conns) {
    uint64_t left = d->expected - d->base, piece = left / ((uint64_t)conns * 4), at;
    size_t i;
    if (piece < HFHUB__DLR_PIECE_MIN) piece = HFHUB__DLR_PIECE_MIN;
    if (piece > HFHUB__DLR_PIECE_MAX) piece = HFHUB__DLR_PIECE_MAX;
    d->n_pieces = (size_t)((left + piece - 1) / piece);
    d->pieces = (hfhub__dlr_piece *)hfhub__alloc(d->c->a, (d->n_pieces + 1) * sizeof *d->pieces);
    if (!d->pieces) return hfhub__fail(HFHUB_ERR_NOMEM, "range plan");
    /* piece 0 stands for the bytes already there, so the frontier starts after them */
    d->pieces[0].start = 0;
    d->pieces[0].end = d->pieces[0].done = d->base;
    for (i = 1, at = d->base; i <= d->n_pieces; i++, at += piece) {
        d->pieces[i].start = at;
        d->pieces[i].end = at + piece < d->expected ? at + piece : d->expected;
        d->pieces[i].done = 0;
    }
    d->n_pieces++;
    d->next = 1;
    return HFHUB_OK;
}

/* The calling thread's part: hash the contiguous prefix as it grows until the workers end. */
static hfhub_result hfhub__dlr_follow(hfhub__dlr *d, hfhub_sha256_ctx *sha, unsigned char *buf) {
    uint64_t hashed = 0;
    hfhub_result r = HFHUB_OK;
    for (;;) {
        uint64_t front;
        int running;
        hfhub__mutex_lock(&d->mu);
        while (d->running && (!sha || r || hfhub__dlr_frontier(d) == hashed)) hfhub__cond_wait(&d->changed, &d->mu);
        front = hfhub__dlr_frontier(d);
        running = d->running > 0;
        hfhub__mutex_unlock(&d->mu);
        while (sha && !r && hashed < front) {
            size_t want = front - hashed < HFHUB__DLR_READ_BUF ? (size_t)(front - hashed) : HFHUB__DLR_READ_BUF, got;
            if ((r = hfhub__fs_pread(&d->file, buf, want, hashed, &got)) == HFHUB_OK && got != want)
                r = hfhub__fail(HFHUB_ERR_IO, "the partial file of %s shrank", d->display);
            if (r) {
                hfhub__dlr_fail(d, r);
                break;
            }
            hfhub_sha256_update(sha, buf, got);
            hashed += got;
        }
        if (!running) return r;
    }
}

static void hfhub__dlr_free(hfhub__dlr *d) {
    if (d->pieces) hfhub__free(d->c->a, d->pieces, d->n_pieces * sizeof *d->pieces);
    hfhub__cond_destroy(&d->changed);
    hfhub__mutex_destroy(&d->mu);
}

/* Starts the workers (at most one per piece) and follows them. */
static hfhub_result hfhub__dlr_run(hfhub__dlr *d, int conns, hfhub_sha256_ctx *sha) {
    hfhub__thread th[HFHUB__DLR_MAX_CONNECTIONS];
    unsigned char *buf = NULL;
    int i, started = 0;
    hfhub_result r = HFHUB_OK;
    if (sha && !(buf = (unsigned char *)hfhub__alloc(d->c->a, HFHUB__DLR_READ_BUF)))
        return hfhub__fail(HFHUB_ERR_NOMEM, "read buffer");
    if ((size_t)conns > d->n_pieces - 1) conns = (int)(d->n_pieces - 1);
    d->running = (size_t)conns;
    for (i = 0; i < conns; i++) {
        if (hfhub__thread_start(&th[i], hfhub__dlr_worker, d)) break;
        started++;
    }
    if (started < conns) { /* fewer threads than asked: the ones running do all the pieces */
        hfhub__mutex_lock(&d->mu);
        d->running -= (size_t)(conns - started);
        hfhub__mutex_unlock(&d->mu);
    }
    if (!started) r = hfhub__fail(HFHUB_ERR_IO, "cannot start a download thread");
    else r = hfhub__dlr_follow(d, sha, buf);
    for (i = 0; i < started; i++) hfhub__thread_join(&th[i]);
    if (buf) hfhub__free(d->c->a, buf, HFHUB__DLR_READ_BUF);
    return r;
}

/* The outcome once the workers are gone: success, a fallback to one stream, or an error;
 * the file is cut back to its contiguous prefix unless it is complete. */
static hfhub_result hfhub__dlr_finish(hfhub__dlr *d, hfhub_result r, int *fallback) {
    uint64_t front = hfhub__dlr_frontier(d);
    hfhub_result t = front < d->expected ? hfhub__fs_truncate(&d->file, front) : HFHUB_OK;
    hfhub_result cl = hfhub__fs_close(&d->file);
    if (d->failure)
        return hfhub__fail_http(d->failure, d->err_status, d->err_code[0] ? d->err_code : NULL,
                                d->err_rid[0] ? d->err_rid : NULL, "%s", d->err_msg);
    if (d->cancelled) return hfhub__fail(HFHUB_ERR_CANCELLED, "download of %s cancelled", d->display);
    if (r) return r;
    if (t) return t;
    if (d->no_ranges) {
        *fallback = 1;
        return HFHUB_OK;
    }
    return cl;
}

hfhub_result hfhub__dl_fetch_ranges(hfhub_client *c, const char *url, int auth, const hfhub_download_opts *o,
                                    const char *path, const char *display, uint64_t expected,
                                    const char *sha256, int *fallback) {
    hfhub__dlr d;
    hfhub_sha256_ctx sha;
    hfhub_result r;
    *fallback = 0;
    memset(&d, 0, sizeof d);
    d.c = c;
    d.url = url;
    d.auth = auth;
    d.o = o;
    d.display = display;
    d.expected = expected;
    if (hfhub__fs_size(path, &d.base) || d.base > expected) d.base = 0;
    if ((r = hfhub__fs_open_rw(&d.file, path)) != HFHUB_OK) return r;
    if (hfhub__mutex_init(&d.mu) || hfhub__cond_init(&d.changed)) {
        hfhub__fs_close(&d.file);
        return hfhub__fail(HFHUB_ERR_NOMEM, "mutex");
    }
    d.prog.path = display;
    d.prog.bytes_total = expected;
    d.prog.bytes_done = d.base;
    d.prog.files_total = 1;
    d.hashing = sha256 != NULL;
    if (sha256) hfhub_sha256_init(&sha);
    if ((r = hfhub__fs_truncate(&d.file, d.base)) == HFHUB_OK && (r = hfhub__dlr_plan(&d, hfhub__dlr_connections(o))) == HFHUB_OK)
        r = hfhub__dlr_run(&d, hfhub__dlr_connections(o), sha256 ? &sha : NULL);
    r = hfhub__dlr_finish(&d, r, fallback);
    hfhub__dlr_free(&d);
    if (sha256 && (r || *fallback)) hfhub_sha256_discard(&sha);
    else if (sha256) {
        unsigned char dg[32];
        char hex[65];
        hfhub_sha256_final(&sha, dg);
        hfhub_hex_encode(dg, 32, hex);
        if (strcmp(hex, sha256)) {
            hfhub__fs_remove(path); /* a corrupt partial file must not be resumed */
            r = hfhub__fail(HFHUB_ERR_INTEGRITY, "SHA-256 of the downloaded %s is %s, expected %s", display, hex, sha256);
        }
    }
    return r;
}

#undef HFHUB__DLR_MIN_SIZE
#undef HFHUB__DLR_CONNECTIONS
#undef HFHUB__DLR_MAX_CONNECTIONS
#undef HFHUB__DLR_PIECE_MIN
#undef HFHUB__DLR_PIECE_MAX
#undef HFHUB__DLR_READ_BUF
#undef HFHUB__DLR_ERR_BODY_MAX
#undef HFHUB__DLR_SIGNAL_EVERY
#undef HFHUB__DLR_MAX_RESUMES

#endif
