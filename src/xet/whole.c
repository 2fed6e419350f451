/* whole.c: whole Xet-backed files (spec/xet.md §6): reconstructed in windows (one query each,
 * so presigned URLs stay fresh), checked against the Xet file hash before they enter the
 * cache, and resumable across runs term by term through a log next to the partial file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

#define HFHUB__XETW_WINDOW ((uint64_t)256 << 20)
#define HFHUB__XETW_MAGIC "HFXETR2\n"
#define HFHUB__XETW_MAX_LOG ((size_t)256 << 20)
#define HFHUB__XETW_HEAD 77  /* 'T', lo, hi, fstart, unpacked, xorb, start, end, n_pieces */
#define HFHUB__XETW_ENTRY 36 /* u32 (chunk size or chunk index) + 32-byte hash */

static uint64_t hfhub__xetw_window_bytes = HFHUB__XETW_WINDOW;

void hfhub__xet_set_window(uint64_t bytes) { hfhub__xetw_window_bytes = bytes ? bytes : HFHUB__XETW_WINDOW; }

/* ---- the resume log ----
 * <partial file>.xetstate, append-only. A record is: u32 payload length, the payload, the first
 * 8 bytes of hfhub_xet_chunk_hash(payload). The first payload is 'H' HFHUB__XETW_MAGIC, the
 * Xet file hash, u64 size. Then one 'T' payload per term written to the partial file: the
 * window [lo, hi) it was fetched for, fstart (file offset of the term's first decoded byte;
 * before lo when the window starts inside its first chunk), unpacked length, xorb hash, chunk
 * range, piece count; per chunk u32 size + chunk hash; per piece (a chunk written only in
 * part, at a window edge) u32 chunk index + digest of the part written. All little-endian.
 * A term is reused only when the bytes on disk hash to what was recorded, and the file hash is
 * still checked over every chunk at the end. A torn last record (a kill mid-append) is
 * ignored; any other damage starts the download over. */

typedef struct hfhub__xetw_term {
    uint64_t lo, hi, fstart, unpacked;
    const uint8_t *xorb, *chunks, *pieces;
    uint32_t start, end, n_pieces;
    int state; /* 0 unchecked, 1 the bytes on disk match, -1 they do not */
} hfhub__xetw_term;

typedef struct hfhub__xetw {
    hfhub_client *c;
    hfhub__fs_file data; /* fd -1: not open */
    FILE *log;
    char *raw; /* the log as read at the start */
    size_t raw_len;
    hfhub__xetw_term *terms;
    size_t n_terms;
    uint8_t *chunk; /* one chunk, to check bytes on disk */
    const hfhub__xet_plan *p; /* the window being fetched */
    uint64_t lo, hi;
    hfhub__buf rec;
} hfhub__xetw;

static void hfhub__xetw_put(hfhub__buf *b, uint64_t v, int n) {
    uint8_t le[8];
    int k;
    for (k = 0; k < n; k++) le[k] = (uint8_t)(v >> (8 * k));
    hfhub__buf_append(b, le, (size_t)n);
}

static uint64_t hfhub__xetw_get(const uint8_t *p, int n) {
    uint64_t v = 0;
    int k;
    for (k = n - 1; k >= 0; k--) v = (v << 8) | p[k];
    return v;
}

/* Appends the payload in w->rec as one framed record. */
static void hfhub__xetw_append(hfhub__xetw *w) {
    uint8_t le[4], d[32];
    int k;
    if (!w->log || w->rec.failed) return;
    for (k = 0; k < 4; k++) le[k] = (uint8_t)(w->rec.len >> (8 * k));
    hfhub_xet_chunk_hash(w->rec.data, w->rec.len, d);
    if (fwrite(le, 1, 4, w->log) != 4 || fwrite(w->rec.data, 1, w->rec.len, w->log) != w->rec.len ||
        fwrite(d, 1, 8, w->log) != 8 || fflush(w->log)) {
        fclose(w->log); /* no more resume points; the download itself goes on */
        w->log = NULL;
    }
}

/* The next record at *pos: 1 with its payload, 0 at the end or a torn last record, -1 damaged. */
static int hfhub__xetw_next(const uint8_t *d, size_t len, size_t *pos, const uint8_t **pl, size_t *n) {
    uint8_t h[32];
    if (len - *pos < 4) return 0;
    *n = (size_t)hfhub__xetw_get(d + *pos, 4);
    if (len - *pos - 4 < *n + 8) return 0;
    *pl = d + *pos + 4;
    hfhub_xet_chunk_hash(*pl, *n, h);
    if (memcmp(h, *pl + *n, 8)) return -1;
    *pos += 4 + *n + 8;
    return 1;
}

static int hfhub__xetw_parse_term(const uint8_t *pl, size_t n, hfhub__xetw_term *t) {
    uint64_t sum = 0, i, nc;
    if (n < HFHUB__XETW_HEAD || pl[0] != 'T') return -1;
    memset(t, 0, sizeof *t);
    t->lo = hfhub__xetw_get(pl + 1, 8);
    t->hi = hfhub__xetw_get(pl + 9, 8);
    t->fstart = hfhub__xetw_get(pl + 17, 8);
    t->unpacked = hfhub__xetw_get(pl + 25, 8);
    t->xorb = pl + 33;
    t->start = (uint32_t)hfhub__xetw_get(pl + 65, 4);
    t->end = (uint32_t)hfhub__xetw_get(pl + 69, 4);
    t->n_pieces = (uint32_t)hfhub__xetw_get(pl + 73, 4);
    nc = (uint64_t)t->end - t->start;
    if (t->end <= t->start || nc > HFHUB_XORB_MAX_CHUNKS || t->n_pieces > HFHUB__XET_MAX_PIECES ||
        t->lo >= t->hi || n != HFHUB__XETW_HEAD + HFHUB__XETW_ENTRY * (nc + t->n_pieces))
        return -1;
    t->chunks = pl + HFHUB__XETW_HEAD;
    t->pieces = t->chunks + HFHUB__XETW_ENTRY * nc;
    for (i = 0; i < nc; i++) {
        uint64_t s = hfhub__xetw_get(t->chunks + HFHUB__XETW_ENTRY * i, 4);
        if (s == 0 || s > HFHUB_XORB_MAX_CHUNK) return -1;
        sum += s;
    }
    for (i = 0; i < t->n_pieces; i++)
        if (hfhub__xetw_get(t->pieces + HFHUB__XETW_ENTRY * i, 4) >= nc) return -1;
    return sum == t->unpacked && t->fstart < t->hi && t->fstart + sum > t->lo ? 0 : -1;
}

/* Reads the log of an earlier run for this file; 0 when there is none or it does not fit. */
static int hfhub__xetw_load(hfhub__xetw *w, const char *spath, const uint8_t fh[32], uint64_t size) {
    const uint8_t *d, *pl;
    size_t pos = 0, n, count = 0;
    int k;
    if (hfhub__fs_read_file(w->c->a, spath, HFHUB__XETW_MAX_LOG, &w->raw, &w->raw_len) != HFHUB_OK) return 0;
    d = (const uint8_t *)w->raw;
    if (hfhub__xetw_next(d, w->raw_len, &pos, &pl, &n) != 1 || n != 49 || pl[0] != 'H' ||
        memcmp(pl + 1, HFHUB__XETW_MAGIC, 8) || memcmp(pl + 9, fh, 32) || hfhub__xetw_get(pl + 41, 8) != size)
        return 0;
    while ((k = hfhub__xetw_next(d, w->raw_len, &pos, &pl, &n)) == 1) count++;
    if (k < 0) return 0;
    w->terms = (hfhub__xetw_term *)hfhub__alloc(w->c->a, (count ? count : 1) * sizeof *w->terms);
    if (!w->terms) return 0;
    pos = 0;
    hfhub__xetw_next(d, w->raw_len, &pos, &pl, &n);
    while (hfhub__xetw_next(d, w->raw_len, &pos, &pl, &n) == 1) {
        if (hfhub__xetw_parse_term(pl, n, &w->terms[w->n_terms]) || w->terms[w->n_terms].hi > size) return 0;
        w->n_terms++;
    }
    return 1;
}

static void hfhub__xetw_header(hfhub__xetw *w, const uint8_t fh[32], uint64_t size) {
    hfhub__buf_reset(&w->rec);
    hfhub__buf_putc(&w->rec, 'H');
    hfhub__buf_append(&w->rec, HFHUB__XETW_MAGIC, 8);
    hfhub__buf_append(&w->rec, fh, 32);
    hfhub__xetw_put(&w->rec, size, 8);
    hfhub__xetw_append(w);
}

static int hfhub__xetw_read_at(hfhub__fs_file *f, uint64_t off, void *buf, size_t n) {
    size_t got = 0;
    return hfhub__fs_pread(f, buf, n, off, &got) != HFHUB_OK || got != n;
}

/* Whether the bytes on disk are those a term record describes (memoised in t->state). */
static int hfhub__xetw_check(hfhub__xetw *w, hfhub__xetw_term *t) {
    uint64_t fpos = t->fstart;
    uint32_t k, i;
    if (t->state) return t->state > 0;
    t->state = -1;
    for (k = 0; k < t->end - t->start; k++) {
        const uint8_t *e = t->chunks + HFHUB__XETW_ENTRY * k, *want = e + 4;
        uint64_t size = hfhub__xetw_get(e, 4), a = fpos > t->lo ? fpos : t->lo;
        uint64_t b = fpos + size < t->hi ? fpos + size : t->hi;
        uint8_t got[32];
        fpos += size;
        if (a >= b) continue;
        if (a != fpos - size || b != fpos) { /* written in part: its piece digest */
            want = NULL;
            for (i = 0; i < t->n_pieces; i++)
                if (hfhub__xetw_get(t->pieces + HFHUB__XETW_ENTRY * i, 4) == k)
                    want = t->pieces + HFHUB__XETW_ENTRY * i + 4;
            if (!want) return 0;
        }
        if (hfhub__xetw_read_at(&w->data, a, w->chunk, (size_t)(b - a))) return 0;
        hfhub_xet_chunk_hash(w->chunk, (size_t)(b - a), got);
        if (memcmp(got, want, 32)) return 0;
    }
    t->state = 1;
    return 1;
}

/* Bytes of a term inside its window. */
static uint64_t hfhub__xetw_span(uint64_t fstart, uint64_t len, uint64_t lo, uint64_t hi) {
    uint64_t a = fstart > lo ? fstart : lo, b = fstart + len < hi ? fstart + len : hi;
    return b > a ? b - a : 0;
}

/* A window an earlier run finished: its recorded terms tile [lo, hi) and check out on disk.
 * Their chunks then go to the accumulator without any request. */
static int hfhub__xetw_window_done(hfhub__xetw *w, uint64_t lo, uint64_t hi, hfhub_xet_merkle *acc) {
    hfhub__buf order;
    uint64_t pos = lo;
    size_t i, n;
    int ok = 1;
    hfhub__buf_init(&order, w->c->a);
    while (ok && pos < hi) {
        hfhub__xetw_term *found = NULL;
        for (i = 0; i < w->n_terms && !found; i++) {
            hfhub__xetw_term *t = &w->terms[i];
            if (t->lo == lo && t->hi == hi && (pos == lo ? t->fstart <= lo : t->fstart == pos) &&
                t->fstart + t->unpacked > pos && hfhub__xetw_check(w, t))
                found = t;
        }
        if (!found) ok = 0;
        else {
            hfhub__buf_append(&order, &found, sizeof found);
            pos = found->fstart + found->unpacked;
        }
    }
    ok = ok && !order.failed;
    n = ok ? order.len / sizeof(hfhub__xetw_term *) : 0;
    for (i = 0; i < n; i++) {
        const hfhub__xetw_term *t = ((hfhub__xetw_term **)(void *)order.data)[i];
        uint64_t fpos = t->fstart;
        uint32_t k;
        for (k = 0; k < t->end - t->start; k++) {
            const uint8_t *e = t->chunks + HFHUB__XETW_ENTRY * k;
            uint64_t size = hfhub__xetw_get(e, 4);
            if (fpos >= lo) hfhub_xet_merkle_add(acc, e + 4, size);
            fpos += size;
        }
    }
    hfhub__buf_free(&order);
    return ok;
}

/* Terms of the plan an earlier run wrote: done[t] = 1, their chunks in h; returns their bytes. */
static uint64_t hfhub__xetw_match(hfhub__xetw *w, const hfhub__xet_plan *p, unsigned char *done,
                                  hfhub_xet_merkle_entry *h) {
    uint64_t bytes = 0;
    size_t i, k;
    for (i = 0; i < p->n_terms; i++) {
        const hfhub__xet_term *t = &p->terms[i];
        uint64_t fstart = w->lo - p->skip + t->offset;
        for (k = 0; k < w->n_terms && !done[i]; k++) {
            hfhub__xetw_term *r = &w->terms[k];
            uint32_t c;
            if (r->lo != w->lo || r->hi != w->hi || r->fstart != fstart || r->start != t->start || r->end != t->end ||
                r->unpacked != t->unpacked || memcmp(r->xorb, t->xorb, 32) || !hfhub__xetw_check(w, r))
                continue;
            done[i] = 1;
            for (c = 0; c < t->end - t->start; c++) {
                const uint8_t *e = r->chunks + HFHUB__XETW_ENTRY * c;
                memcpy(h[t->chunk_base + c].hash, e + 4, 32);
                h[t->chunk_base + c].size = hfhub__xetw_get(e, 4);
            }
            bytes += hfhub__xetw_span(fstart, t->unpacked, w->lo, w->hi);
        }
    }
    return bytes;
}

/* A unit finished: one record per term it served (called under the run's lock). */
static void hfhub__xetw_unit_done(void *user, size_t unit, const hfhub_xet_merkle_entry *h,
                                  const hfhub__xet_piece *pieces, size_t n_pieces) {
    hfhub__xetw *w = (hfhub__xetw *)user;
    const hfhub__xet_unit *u = &w->p->units[unit];
    size_t i, k;
    for (i = 0; i < u->n_terms && w->log; i++) {
        const hfhub__xet_term *t = &w->p->terms[u->terms[i]];
        uint64_t nc = t->end - t->start, np = 0;
        for (k = 0; k < n_pieces; k++) np += pieces[k].slot >= t->chunk_base && pieces[k].slot < t->chunk_base + nc;
        hfhub__buf_reset(&w->rec);
        hfhub__buf_putc(&w->rec, 'T');
        hfhub__xetw_put(&w->rec, w->lo, 8);
        hfhub__xetw_put(&w->rec, w->hi, 8);
        hfhub__xetw_put(&w->rec, w->lo - w->p->skip + t->offset, 8);
        hfhub__xetw_put(&w->rec, t->unpacked, 8);
        hfhub__buf_append(&w->rec, t->xorb, 32);
        hfhub__xetw_put(&w->rec, t->start, 4);
        hfhub__xetw_put(&w->rec, t->end, 4);
        hfhub__xetw_put(&w->rec, np, 4);
        for (k = 0; k < nc; k++) {
            hfhub__xetw_put(&w->rec, h[t->chunk_base + k].size, 4);
            hfhub__buf_append(&w->rec, h[t->chunk_base + k].hash, 32);
        }
        for (k = 0; k < n_pieces; k++)
            if (pieces[k].slot >= t->chunk_base && pieces[k].slot < t->chunk_base + nc) {
                hfhub__xetw_put(&w->rec, pieces[k].slot - t->chunk_base, 4);
                hfhub__buf_append(&w->rec, pieces[k].digest, 32);
            }
        hfhub__xetw_append(w);
    }
}

/* ---- windows and the whole file ---- */

static int hfhub__xetw_file_write(void *user, uint64_t off, const void *data, size_t n) {
    return hfhub__fs_pwrite((hfhub__fs_file *)user, data, n, off) != HFHUB_OK;
}

/* The chunks of a fetched window that start in it, in order, to the accumulator. */
static void hfhub__xetw_accumulate(const hfhub__xet_plan *p, const hfhub_xet_merkle_entry *h, hfhub_xet_merkle *acc) {
    size_t i;
    for (i = 0; i < p->n_terms; i++) {
        const hfhub__xet_term *t = &p->terms[i];
        uint64_t pos = t->offset, k;
        for (k = 0; k < (uint64_t)(t->end - t->start); k++) {
            const hfhub_xet_merkle_entry *e = &h[t->chunk_base + k];
            if (pos >= p->skip) hfhub_xet_merkle_add(acc, e->hash, e->size);
            pos += e->size;
        }
    }
}

/* One window [lo, hi): done by an earlier run, or query, run (re-query once on a refused URL)
 * without the terms already on disk, and accumulate. */
static hfhub_result hfhub__xetw_window(hfhub__xetw *w, const hfhub__meta *m, const char *hub_token, uint64_t lo,
                                       uint64_t hi, const hfhub__xet_out *out, hfhub_xet_merkle *acc,
                                       const hfhub_download_opts *o, hfhub_progress *prog) {
    hfhub_client *c = w->c;
    hfhub__xet_plan p;
    hfhub__xet_extra ex;
    hfhub_xet_merkle_entry *h = NULL;
    unsigned char *done = NULL;
    size_t hn = 0, dn = 0;
    hfhub_result r = HFHUB_OK;
    int attempt;
    if (w->n_terms && hfhub__xetw_window_done(w, lo, hi, acc)) {
        prog->bytes_done += hi - lo;
        return HFHUB_OK;
    }
    for (attempt = 0; attempt < 2; attempt++) {
        r = hfhub__xet_query(c, m->refresh.data, hub_token, m->xet_hash, lo, hi - 1, &p);
        if (!r && p.total - p.skip < hi - lo)
            r = hfhub__fail(HFHUB_ERR_INTEGRITY, "the reconstruction of bytes %llu-%llu holds only %llu bytes",
                            (unsigned long long)lo, (unsigned long long)(hi - 1),
                            (unsigned long long)(p.total - p.skip));
        if (!r) {
            hn = (size_t)(p.n_chunks ? p.n_chunks : 1);
            dn = p.n_terms ? p.n_terms : 1;
            h = (hfhub_xet_merkle_entry *)hfhub__alloc(c->a, hn * sizeof *h);
            done = (unsigned char *)hfhub__alloc(c->a, dn);
            if (!h || !done) r = hfhub__fail(HFHUB_ERR_NOMEM, "chunk hashes");
        }
        if (!r) {
            int logged = w->log && p.skip <= lo; /* (a sane answer never starts before the file) */
            memset(h, 0, hn * sizeof *h);
            memset(done, 0, dn);
            w->p = &p;
            w->lo = lo;
            w->hi = hi;
            if (logged) prog->bytes_done += hfhub__xetw_match(w, &p, done, h);
            ex.done = done;
            ex.unit_done = logged ? hfhub__xetw_unit_done : NULL;
            ex.user = w;
            r = hfhub__xet_run(c, &p, hi - lo, lo, out, h, hfhub__xet_workers(), &ex, o, prog);
            w->p = NULL;
        }
        if (!r) hfhub__xetw_accumulate(&p, h, acc);
        hfhub__free(c->a, h, hn * sizeof *h);
        hfhub__free(c->a, done, dn);
        h = NULL;
        done = NULL;
        hfhub__xet_plan_free(&p);
        if (r != HFHUB_ERR_FORBIDDEN) break; /* presigned URLs expired: new ones, once */
    }
    return r;
}

static hfhub_result hfhub__xetw_whole(hfhub__xetw *w, const hfhub__meta *m, const hfhub_download_opts *o,
                                      const uint8_t want[32], const char *display) {
    hfhub_client *c = w->c;
    hfhub__xet_out out;
    hfhub_xet_merkle *acc;
    hfhub_progress prog;
    uint8_t got[32], root[32];
    char hex[65];
    uint64_t lo;
    hfhub_result r = HFHUB_OK;
    acc = (hfhub_xet_merkle *)hfhub__alloc(c->a, sizeof *acc);
    if (!acc) return hfhub__fail(HFHUB_ERR_NOMEM, "merkle");
    hfhub_xet_merkle_init(acc);
    out.write_at = hfhub__xetw_file_write;
    out.user = &w->data;
    memset(&prog, 0, sizeof prog);
    prog.path = display;
    prog.bytes_total = m->size;
    prog.files_total = 1;
    for (lo = 0; !r && lo < m->size; lo += hfhub__xetw_window_bytes) {
        uint64_t hi = m->size - lo > hfhub__xetw_window_bytes ? lo + hfhub__xetw_window_bytes : m->size;
        r = hfhub__xetw_window(w, m, o ? o->token : NULL, lo, hi, &out, acc, o, &prog);
    }
    if (!r) {
        hfhub_xet_merkle_finish(acc, root, NULL);
        hfhub_xet_file_hash_from_root(root, acc->count, NULL, got);
        if (memcmp(got, want, 32)) {
            hfhub_xet_hash_to_hex(got, hex);
            r = hfhub__fail(HFHUB_ERR_INTEGRITY, "Xet hash of the downloaded %s is %s, expected %s", display, hex,
                            m->xet_hash);
        }
    }
    hfhub__free(c->a, acc, sizeof *acc);
    return r;
}

static void hfhub__xetw_free(hfhub__xetw *w) {
    if (w->log) fclose(w->log);
    hfhub__free(w->c->a, w->raw, w->raw ? w->raw_len + 1 : 0);
    hfhub__free(w->c->a, w->terms, w->terms ? (w->n_terms ? w->n_terms : 1) * sizeof *w->terms : 0);
    hfhub__free(w->c->a, w->chunk, w->chunk ? HFHUB_XORB_MAX_CHUNK : 0);
    hfhub__buf_free(&w->rec);
}

hfhub_result hfhub__xet_download(hfhub_client *c, const hfhub__meta *m, const hfhub_download_opts *o,
                                 const char *path, const char *display) {
    hfhub__xetw w;
    hfhub__buf spath;
    uint8_t want[32];
    uint64_t have = 0;
    int resume;
    hfhub_result r = HFHUB_OK;
    if (hfhub_xet_hash_from_hex(m->xet_hash, want) != HFHUB_OK)
        return hfhub__fail(HFHUB_ERR_PARSE, "X-Xet-Hash '%s' is not a Xet hash", m->xet_hash);
    memset(&w, 0, sizeof w);
    w.c = c;
    hfhub__buf_init(&w.rec, c->a);
    hfhub__buf_init(&spath, c->a);
    hfhub__buf_printf(&spath, "%s.xetstate", path);
    w.chunk = (uint8_t *)hfhub__alloc(c->a, HFHUB_XORB_MAX_CHUNK);
    if (spath.failed || !w.chunk) r = hfhub__fail(HFHUB_ERR_NOMEM, "path");
    /* keep what an earlier run wrote only with its log (else start over on an empty file) */
    resume = !r && m->size && hfhub__xetw_load(&w, spath.data, want, m->size);
    w.data.fd = -1;
    if (!r && (hfhub__fs_open_rw(&w.data, path) || (!resume && hfhub__fs_truncate(&w.data, 0))))
        r = hfhub__fail(HFHUB_ERR_IO, "cannot create '%s'", path);
    if (!r && m->size) {
        w.log = fopen(spath.data, resume ? "ab" : "wb");
        if (w.log && !resume) hfhub__xetw_header(&w, want, m->size);
        if (!w.log) hfhub__log(&c->log, HFHUB_LOG_WARN, "cannot write '%s': this download cannot resume", spath.data);
        r = hfhub__xetw_whole(&w, m, o, want, display); /* empty: no request */
    }
    if (w.data.fd >= 0 && hfhub__fs_close(&w.data) && !r) r = hfhub__fail(HFHUB_ERR_IO, "cannot write '%s'", path);
    if (!r && (hfhub__fs_size(path, &have) || have != m->size)) /* no bytes of an older file left */
        r = hfhub__fail(HFHUB_ERR_INTEGRITY, "%s has %llu bytes, expected %llu", display, (unsigned long long)have,
                        (unsigned long long)m->size);
    hfhub__xetw_free(&w);
    if (!r || r == HFHUB_ERR_INTEGRITY || r == HFHUB_ERR_PARSE) {
        hfhub__fs_remove(spath.data);
        if (r) hfhub__fs_remove(path); /* nothing corrupt may be resumed or cached */
    }
    hfhub__buf_free(&spath);
    return r;
}

#undef HFHUB__XETW_WINDOW
#undef HFHUB__XETW_MAGIC
#undef HFHUB__XETW_MAX_LOG
#undef HFHUB__XETW_HEAD
#undef HFHUB__XETW_ENTRY

#endif /* HFHUB_NO_STDIO */
