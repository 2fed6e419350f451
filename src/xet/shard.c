/* shard.c: writing and parsing Xet shards (spec/xet.md §4). */
#include <stdlib.h>
#include <string.h>

static const uint8_t hfhub__shard_tag[32] = {0x48, 0x46, 0x52, 0x65, 0x70, 0x6f, 0x4d, 0x65, 0x74, 0x61, 0x44,
                                             0x61, 0x74, 0x61, 0x00, 0x55, 0x69, 0x67, 0x45, 0x6a, 0x7b, 0x81,
                                             0x57, 0x83, 0xa5, 0xbd, 0xd9, 0x5c, 0xcd, 0xd1, 0x4a, 0xa9};

/* ---- writing ---- */

/* Entries following a file header. */
static uint64_t hfhub__shard_file_entries(uint32_t flags, uint32_t terms) {
    return (uint64_t)terms * ((flags & HFHUB_SHARD_FILE_VERIFICATION) ? 2 : 1) +
           ((flags & HFHUB_SHARD_FILE_METADATA_EXT) ? 1 : 0);
}

uint64_t hfhub_shard_size(const hfhub_shard_file *files, size_t num_files, const hfhub_shard_xorb *xorbs,
                          size_t num_xorbs, int with_footer) {
    uint64_t entries = 3, chunks = 0; /* header and two bookends */
    size_t i;
    for (i = 0; i < num_files; i++) entries += 1 + hfhub__shard_file_entries(files[i].flags, files[i].num_terms);
    for (i = 0; i < num_xorbs; i++) {
        entries += 1 + (uint64_t)xorbs[i].num_chunks;
        chunks += xorbs[i].num_chunks;
    }
    if (!with_footer) return entries * HFHUB_SHARD_ENTRY;
    return entries * HFHUB_SHARD_ENTRY + 12 * (uint64_t)num_files + 12 * (uint64_t)num_xorbs + 16 * chunks +
           HFHUB_SHARD_FOOTER;
}

/* Output through a small staging buffer. */
typedef struct hfhub__shard_out {
    hfhub_write_fn write;
    void *user;
    uint8_t buf[4096];
    size_t len;
    uint64_t pos;
    int failed;
} hfhub__shard_out;

static void hfhub__shard_flush(hfhub__shard_out *o) {
    if (!o->failed && o->len && o->write(o->user, o->buf, o->len)) o->failed = 1;
    o->len = 0;
}

/* Room for n (<= 200) contiguous bytes, zeroed. */
static uint8_t *hfhub__shard_put(hfhub__shard_out *o, size_t n) {
    uint8_t *p;
    if (sizeof o->buf - o->len < n) hfhub__shard_flush(o);
    p = o->buf + o->len;
    memset(p, 0, n);
    o->len += n;
    o->pos += n;
    return p;
}

/* A 48-byte entry: hash, then four u32 (the last 16 bytes). */
static void hfhub__shard_entry(hfhub__shard_out *o, const uint8_t *hash, uint32_t a, uint32_t b, uint32_t c,
                               uint32_t d) {
    uint8_t *p = hfhub__shard_put(o, HFHUB_SHARD_ENTRY);
    if (hash) memcpy(p, hash, 32);
    hfhub__xet_wr32(p + 32, a);
    hfhub__xet_wr32(p + 36, b);
    hfhub__xet_wr32(p + 40, c);
    hfhub__xet_wr32(p + 44, d);
}

static void hfhub__shard_bookend(hfhub__shard_out *o) {
    uint8_t *p = hfhub__shard_put(o, HFHUB_SHARD_ENTRY);
    memset(p, 0xFF, 32);
}

static void hfhub__shard_write_file(hfhub__shard_out *o, const hfhub_shard_file *f) {
    uint32_t i;
    hfhub__shard_entry(o, f->file_hash, f->flags, f->num_terms, 0, 0);
    for (i = 0; i < f->num_terms; i++) {
        const hfhub_shard_term *t = &f->terms[i];
        hfhub__shard_entry(o, t->xorb_hash, t->xorb_flags, t->unpacked_bytes, t->chunk_start, t->chunk_end);
    }
    if (f->flags & HFHUB_SHARD_FILE_VERIFICATION)
        for (i = 0; i < f->num_terms; i++) hfhub__shard_entry(o, f->terms[i].verification, 0, 0, 0, 0);
    if (f->flags & HFHUB_SHARD_FILE_METADATA_EXT) hfhub__shard_entry(o, f->sha256, 0, 0, 0, 0);
}

static void hfhub__shard_write_xorb(hfhub__shard_out *o, const hfhub_shard_xorb *x) {
    uint32_t i;
    hfhub__shard_entry(o, x->xorb_hash, x->flags, x->num_chunks, x->bytes_in_cas, x->bytes_on_disk);
    for (i = 0; i < x->num_chunks; i++) {
        const hfhub_shard_chunk *c = &x->chunks[i];
        hfhub__shard_entry(o, c->hash, c->byte_start, c->len, c->flags, 0);
    }
}

/* One lookup-table row: truncated hash and one or two u32. */
typedef struct hfhub__shard_row {
    uint64_t key;
    uint32_t a, b;
} hfhub__shard_row;

static int hfhub__shard_row_cmp(const void *x, const void *y) {
    const hfhub__shard_row *p = (const hfhub__shard_row *)x, *q = (const hfhub__shard_row *)y;
    if (p->key != q->key) return p->key < q->key ? -1 : 1;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : (p->b > q->b);
}

static void hfhub__shard_rows(hfhub__shard_out *o, hfhub__shard_row *rows, size_t n, int wide) {
    size_t i;
    qsort(rows, n, sizeof *rows, hfhub__shard_row_cmp);
    for (i = 0; i < n; i++) {
        uint8_t *p = hfhub__shard_put(o, wide ? 16 : 12);
        hfhub__xet_wr64(p, rows[i].key);
        hfhub__xet_wr32(p + 8, rows[i].a);
        if (wide) hfhub__xet_wr32(p + 12, rows[i].b);
    }
}

/* Lookup tables and footer; rows has room for every file, xorb and chunk. */
static void hfhub__shard_write_tail(hfhub__shard_out *o, const hfhub_shard_file *files, size_t nf,
                                    const hfhub_shard_xorb *xorbs, size_t nx, const hfhub_shard_write_opts *opts,
                                    uint64_t cas_offset, hfhub__shard_row *rows) {
    uint64_t lookup[3], counts[3] = {nf, nx, 0}, entry = 0, on_disk = 0, materialized = 0, stored = 0;
    size_t i, n = 0;
    uint32_t j;
    uint8_t *p;
    for (i = 0; i < nf; i++) {
        rows[i].key = hfhub__xet_rd64(files[i].file_hash);
        rows[i].a = (uint32_t)entry;
        rows[i].b = 0;
        entry += 1 + hfhub__shard_file_entries(files[i].flags, files[i].num_terms);
        for (j = 0; j < files[i].num_terms; j++) materialized += files[i].terms[j].unpacked_bytes;
    }
    lookup[0] = o->pos;
    hfhub__shard_rows(o, rows, nf, 0);
    for (i = 0, entry = 0; i < nx; i++) {
        rows[i].key = hfhub__xet_rd64(xorbs[i].xorb_hash);
        rows[i].a = (uint32_t)entry;
        rows[i].b = 0;
        entry += 1 + (uint64_t)xorbs[i].num_chunks;
        on_disk += xorbs[i].bytes_on_disk;
        stored += xorbs[i].bytes_in_cas;
    }
    lookup[1] = o->pos;
    hfhub__shard_rows(o, rows, nx, 0);
    for (i = 0, entry = 0; i < nx; i++) {
        for (j = 0; j < xorbs[i].num_chunks; j++, n++) {
            rows[n].key = hfhub__xet_rd64(xorbs[i].chunks[j].hash);
            rows[n].a = (uint32_t)entry;
            rows[n].b = j;
        }
        entry += 1 + (uint64_t)xorbs[i].num_chunks;
    }
    counts[2] = n;
    lookup[2] = o->pos;
    hfhub__shard_rows(o, rows, n, 1);
    p = hfhub__shard_put(o, HFHUB_SHARD_FOOTER);
    hfhub__xet_wr64(p, 1);
    hfhub__xet_wr64(p + 8, HFHUB_SHARD_ENTRY);
    hfhub__xet_wr64(p + 16, cas_offset);
    for (i = 0; i < 3; i++) {
        hfhub__xet_wr64(p + 24 + 16 * i, lookup[i]);
        hfhub__xet_wr64(p + 32 + 16 * i, counts[i]);
    }
    memcpy(p + 72, opts->hmac_key, 32);
    hfhub__xet_wr64(p + 104, opts->creation_time);
    hfhub__xet_wr64(p + 112, opts->key_expiry);
    hfhub__xet_wr64(p + 168, on_disk);
    hfhub__xet_wr64(p + 176, materialized);
    hfhub__xet_wr64(p + 184, stored);
    hfhub__xet_wr64(p + 192, o->pos - HFHUB_SHARD_FOOTER);
}

hfhub_result hfhub_shard_write(const hfhub_allocator *a, const hfhub_shard_file *files, size_t num_files,
                               const hfhub_shard_xorb *xorbs, size_t num_xorbs, const hfhub_shard_write_opts *opts,
                               hfhub_write_fn write, void *user) {
    hfhub_shard_write_opts none;
    hfhub__shard_out *o;
    hfhub__shard_row *rows = NULL;
    size_t i, nrows = num_files > num_xorbs ? num_files : num_xorbs, chunks = 0;
    uint64_t cas_offset;
    uint8_t *p;
    int failed;
    if (!opts) { memset(&none, 0, sizeof none); opts = &none; }
    for (i = 0; i < num_xorbs; i++) chunks += xorbs[i].num_chunks;
    if (chunks > nrows) nrows = chunks;
    o = (hfhub__shard_out *)hfhub__alloc(a, sizeof *o);
    if (opts->with_footer) rows = (hfhub__shard_row *)hfhub__alloc(a, (nrows ? nrows : 1) * sizeof *rows);
    if (!o || (opts->with_footer && !rows)) {
        hfhub__free(a, o, sizeof *o);
        hfhub__free(a, rows, (nrows ? nrows : 1) * sizeof *rows);
        return hfhub__fail(HFHUB_ERR_NOMEM, "shard: out of memory");
    }
    memset(o, 0, sizeof *o);
    o->write = write;
    o->user = user;
    p = hfhub__shard_put(o, HFHUB_SHARD_ENTRY);
    memcpy(p, hfhub__shard_tag, 32);
    hfhub__xet_wr64(p + 32, 2);
    hfhub__xet_wr64(p + 40, opts->with_footer ? HFHUB_SHARD_FOOTER : 0);
    for (i = 0; i < num_files; i++) hfhub__shard_write_file(o, &files[i]);
    hfhub__shard_bookend(o);
    cas_offset = o->pos;
    for (i = 0; i < num_xorbs; i++) hfhub__shard_write_xorb(o, &xorbs[i]);
    hfhub__shard_bookend(o);
    if (opts->with_footer) hfhub__shard_write_tail(o, files, num_files, xorbs, num_xorbs, opts, cas_offset, rows);
    hfhub__shard_flush(o);
    failed = o->failed;
    hfhub__free(a, o, sizeof *o);
    hfhub__free(a, rows, (nrows ? nrows : 1) * sizeof *rows);
    return failed ? hfhub__fail(HFHUB_ERR_CANCELLED, "shard: output cancelled") : HFHUB_OK;
}

/* ---- parsing ---- */

typedef struct hfhub__shard_scan {
    uint32_t files, terms, xorbs, chunks;
    size_t cas_offset, end; /* start of the xorb section; end of its bookend */
} hfhub__shard_scan;

static int hfhub__shard_is_bookend(const uint8_t *p) {
    size_t i;
    for (i = 0; i < 32; i++)
        if (p[i] != 0xFF) return 0;
    return 1;
}

/* Walks the file section from pos; fills s when given (counts only otherwise). */
static hfhub_result hfhub__shard_files(const uint8_t *p, size_t n, size_t *pos_io, hfhub__shard_scan *c,
                                       hfhub_shard *s, hfhub_shard_term *terms) {
    size_t pos = *pos_io;
    for (;;) {
        uint32_t flags, num, k;
        uint64_t following;
        const uint8_t *h = p + pos;
        if (n - pos < HFHUB_SHARD_ENTRY) return hfhub__fail(HFHUB_ERR_PARSE, "shard: truncated file section");
        pos += HFHUB_SHARD_ENTRY;
        if (hfhub__shard_is_bookend(h)) break;
        flags = hfhub__xet_rd32(h + 32);
        num = hfhub__xet_rd32(h + 36);
        following = hfhub__shard_file_entries(flags, num);
        if (following > (n - pos) / HFHUB_SHARD_ENTRY) return hfhub__fail(HFHUB_ERR_PARSE, "shard: truncated file block");
        for (k = 0; k < num; k++) {
            const uint8_t *e = h + HFHUB_SHARD_ENTRY * (1 + (size_t)k);
            if (hfhub__xet_rd32(e + 40) >= hfhub__xet_rd32(e + 44))
                return hfhub__fail(HFHUB_ERR_PARSE, "shard: term with an empty chunk range");
        }
        if (s) {
            hfhub_shard_file *f = &s->files[c->files];
            memcpy(f->file_hash, h, 32);
            f->flags = flags;
            f->num_terms = num;
            f->terms = terms + c->terms;
            for (k = 0; k < num; k++) {
                const uint8_t *e = h + HFHUB_SHARD_ENTRY * (1 + (size_t)k);
                hfhub_shard_term *t = &f->terms[k];
                memcpy(t->xorb_hash, e, 32);
                t->xorb_flags = hfhub__xet_rd32(e + 32);
                t->unpacked_bytes = hfhub__xet_rd32(e + 36);
                t->chunk_start = hfhub__xet_rd32(e + 40);
                t->chunk_end = hfhub__xet_rd32(e + 44);
                if (flags & HFHUB_SHARD_FILE_VERIFICATION)
                    memcpy(t->verification, e + HFHUB_SHARD_ENTRY * (size_t)num, 32);
                else
                    memset(t->verification, 0, 32);
            }
            if (flags & HFHUB_SHARD_FILE_METADATA_EXT)
                memcpy(f->sha256, h + HFHUB_SHARD_ENTRY * (size_t)following, 32);
            else
                memset(f->sha256, 0, 32);
        }
        c->files++;
        c->terms += num;
        pos += HFHUB_SHARD_ENTRY * (size_t)following;
    }
    *pos_io = pos;
    return HFHUB_OK;
}

static hfhub_result hfhub__shard_xorbs(const uint8_t *p, size_t n, size_t *pos_io, hfhub__shard_scan *c,
                                       hfhub_shard *s, hfhub_shard_chunk *chunks) {
    size_t pos = *pos_io;
    for (;;) {
        uint32_t num, k;
        const uint8_t *h = p + pos;
        if (n - pos < HFHUB_SHARD_ENTRY) return hfhub__fail(HFHUB_ERR_PARSE, "shard: truncated xorb section");
        pos += HFHUB_SHARD_ENTRY;
        if (hfhub__shard_is_bookend(h)) break;
        num = hfhub__xet_rd32(h + 36);
        if (num > (n - pos) / HFHUB_SHARD_ENTRY) return hfhub__fail(HFHUB_ERR_PARSE, "shard: truncated xorb block");
        if (s) {
            hfhub_shard_xorb *x = &s->xorbs[c->xorbs];
            memcpy(x->xorb_hash, h, 32);
            x->flags = hfhub__xet_rd32(h + 32);
            x->num_chunks = num;
            x->bytes_in_cas = hfhub__xet_rd32(h + 40);
            x->bytes_on_disk = hfhub__xet_rd32(h + 44);
            x->chunks = chunks + c->chunks;
            for (k = 0; k < num; k++) {
                const uint8_t *e = h + HFHUB_SHARD_ENTRY * (1 + (size_t)k);
                hfhub_shard_chunk *ch = &x->chunks[k];
                memcpy(ch->hash, e, 32);
                ch->byte_start = hfhub__xet_rd32(e + 32);
                ch->len = hfhub__xet_rd32(e + 36);
                ch->flags = hfhub__xet_rd32(e + 40);
                s->index[c->chunks + k].hash = ch->hash;
                s->index[c->chunks + k].xorb = c->xorbs;
                s->index[c->chunks + k].chunk = k;
            }
        }
        c->xorbs++;
        c->chunks += num;
        pos += HFHUB_SHARD_ENTRY * (size_t)num;
    }
    *pos_io = pos;
    return HFHUB_OK;
}

static hfhub_result hfhub__shard_scan_all(const uint8_t *p, size_t n, hfhub__shard_scan *c, hfhub_shard *s,
                                          hfhub_shard_term *terms, hfhub_shard_chunk *chunks) {
    size_t pos = HFHUB_SHARD_ENTRY;
    hfhub_result r;
    memset(c, 0, sizeof *c);
    if ((r = hfhub__shard_files(p, n, &pos, c, s, terms)) != HFHUB_OK) return r;
    c->cas_offset = pos;
    if ((r = hfhub__shard_xorbs(p, n, &pos, c, s, chunks)) != HFHUB_OK) return r;
    c->end = pos;
    return HFHUB_OK;
}

/* Checks one lookup table at `off`: sorted keys, each naming an entry of the section
 * [sec, sec_end) (in 48-byte units) whose hash starts with the key. Chunk rows (wide) name a
 * xorb header and a chunk index within it. */
static hfhub_result hfhub__shard_check_table(const uint8_t *p, uint64_t off, uint64_t rows, int wide, size_t sec,
                                             size_t sec_end) {
    uint64_t i, prev = 0, nent = (sec_end - sec) / HFHUB_SHARD_ENTRY;
    size_t w = wide ? 16 : 12;
    for (i = 0; i < rows; i++) {
        const uint8_t *row = p + off + i * w;
        uint64_t key = hfhub__xet_rd64(row), idx = hfhub__xet_rd32(row + 8);
        if (i && key < prev) return hfhub__fail(HFHUB_ERR_PARSE, "shard: lookup table not sorted");
        prev = key;
        if (wide) {
            uint64_t k = hfhub__xet_rd32(row + 12);
            if (idx >= nent || k >= hfhub__xet_rd32(p + sec + idx * HFHUB_SHARD_ENTRY + 36))
                return hfhub__fail(HFHUB_ERR_PARSE, "shard: chunk lookup out of range");
            idx += 1 + k;
        }
        if (idx >= nent || hfhub__xet_rd64(p + sec + idx * HFHUB_SHARD_ENTRY) != key)
            return hfhub__fail(HFHUB_ERR_PARSE, "shard: lookup entry does not match");
    }
    return HFHUB_OK;
}

static hfhub_result hfhub__shard_footer(const uint8_t *p, size_t n, const hfhub__shard_scan *c, hfhub_shard *s) {
    const uint8_t *f;
    uint64_t off[3], num[3], expect;
    size_t i;
    hfhub_result r;
    if (n - c->end < HFHUB_SHARD_FOOTER) return hfhub__fail(HFHUB_ERR_PARSE, "shard: truncated footer");
    f = p + n - HFHUB_SHARD_FOOTER;
    if (hfhub__xet_rd64(f) != 1) return hfhub__fail(HFHUB_ERR_PARSE, "shard: unsupported footer version");
    if (hfhub__xet_rd64(f + 8) != HFHUB_SHARD_ENTRY || hfhub__xet_rd64(f + 16) != c->cas_offset)
        return hfhub__fail(HFHUB_ERR_PARSE, "shard: footer section offsets mismatch");
    expect = c->end;
    for (i = 0; i < 3; i++) {
        off[i] = hfhub__xet_rd64(f + 24 + 16 * i);
        num[i] = hfhub__xet_rd64(f + 32 + 16 * i);
        if (num[i] == 0) continue; /* huggingface.js writes no tables and zero offsets */
        if (off[i] != expect || num[i] > (n - HFHUB_SHARD_FOOTER - expect) / (i == 2 ? 16 : 12))
            return hfhub__fail(HFHUB_ERR_PARSE, "shard: bad lookup table bounds");
        expect += num[i] * (i == 2 ? 16 : 12);
    }
    if (expect != n - HFHUB_SHARD_FOOTER) return hfhub__fail(HFHUB_ERR_PARSE, "shard: unexpected bytes before footer");
    if (hfhub__xet_rd64(f + 192) != 0 && hfhub__xet_rd64(f + 192) != n - HFHUB_SHARD_FOOTER)
        return hfhub__fail(HFHUB_ERR_PARSE, "shard: bad footer offset");
    if ((r = hfhub__shard_check_table(p, off[0], num[0], 0, HFHUB_SHARD_ENTRY, c->cas_offset - HFHUB_SHARD_ENTRY)) ||
        (r = hfhub__shard_check_table(p, off[1], num[1], 0, c->cas_offset, c->end - HFHUB_SHARD_ENTRY)) ||
        (r = hfhub__shard_check_table(p, off[2], num[2], 1, c->cas_offset, c->end - HFHUB_SHARD_ENTRY)))
        return r;
    if (s) {
        s->has_footer = 1;
        memcpy(s->hmac_key, f + 72, 32);
        s->creation_time = hfhub__xet_rd64(f + 104);
        s->key_expiry = hfhub__xet_rd64(f + 112);
        s->stored_bytes_on_disk = hfhub__xet_rd64(f + 168);
        s->materialized_bytes = hfhub__xet_rd64(f + 176);
        s->stored_bytes = hfhub__xet_rd64(f + 184);
    }
    return HFHUB_OK;
}

static int hfhub__shard_ref_cmp(const void *x, const void *y) {
    const hfhub_shard_chunk_ref *p = (const hfhub_shard_chunk_ref *)x, *q = (const hfhub_shard_chunk_ref *)y;
    int d = memcmp(p->hash, q->hash, 32);
    if (d) return d;
    if (p->xorb != q->xorb) return p->xorb < q->xorb ? -1 : 1;
    return p->chunk < q->chunk ? -1 : (p->chunk > q->chunk);
}

/* Checks the header; *footer_size receives its footer size (0 or 200). */
static hfhub_result hfhub__shard_header(const uint8_t *p, size_t n, uint64_t *footer_size) {
    if (n < HFHUB_SHARD_ENTRY || memcmp(p, hfhub__shard_tag, 32) != 0)
        return hfhub__fail(HFHUB_ERR_PARSE, "shard: bad header tag");
    if (hfhub__xet_rd64(p + 32) != 2) return hfhub__fail(HFHUB_ERR_PARSE, "shard: unsupported version");
    *footer_size = hfhub__xet_rd64(p + 40);
    if (*footer_size != 0 && *footer_size != HFHUB_SHARD_FOOTER)
        return hfhub__fail(HFHUB_ERR_PARSE, "shard: bad footer size");
    if (n > HFHUB_SHARD_MAX_BYTES) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "shard: larger than 64 MiB");
    return HFHUB_OK;
}

#define HFHUB__SHARD_ALIGN(n) (((n) + 15) & ~(size_t)15)

hfhub_result hfhub_shard_parse(const hfhub_allocator *a, const void *data, size_t n, hfhub_shard **out) {
    const uint8_t *p = (const uint8_t *)data;
    hfhub__shard_scan c;
    uint64_t footer_size = 0;
    hfhub_shard *s;
    size_t size, o_files, o_terms, o_xorbs, o_chunks, o_index;
    hfhub_result r;
    *out = NULL;
    if ((r = hfhub__shard_header(p, n, &footer_size)) != HFHUB_OK) return r;
    if ((r = hfhub__shard_scan_all(p, n, &c, NULL, NULL, NULL)) != HFHUB_OK) return r;
    if (footer_size == 0 && c.end != n) return hfhub__fail(HFHUB_ERR_PARSE, "shard: bytes after the xorb section");
    if (footer_size && (r = hfhub__shard_footer(p, n, &c, NULL)) != HFHUB_OK) return r;
    /* every count is bounded by n / 48, so this allocation is proportional to the input */
    o_files = HFHUB__SHARD_ALIGN(sizeof *s);
    o_terms = o_files + HFHUB__SHARD_ALIGN(c.files * sizeof(hfhub_shard_file));
    o_xorbs = o_terms + HFHUB__SHARD_ALIGN(c.terms * sizeof(hfhub_shard_term));
    o_chunks = o_xorbs + HFHUB__SHARD_ALIGN(c.xorbs * sizeof(hfhub_shard_xorb));
    o_index = o_chunks + HFHUB__SHARD_ALIGN(c.chunks * sizeof(hfhub_shard_chunk));
    size = o_index + c.chunks * sizeof(hfhub_shard_chunk_ref);
    if (!(s = (hfhub_shard *)hfhub__alloc(a, size))) return hfhub__fail(HFHUB_ERR_NOMEM, "shard: out of memory");
    memset(s, 0, sizeof *s);
    s->a = a;
    s->alloc_size = size;
    s->files = (hfhub_shard_file *)(void *)((char *)s + o_files);
    s->xorbs = (hfhub_shard_xorb *)(void *)((char *)s + o_xorbs);
    s->index = (hfhub_shard_chunk_ref *)(void *)((char *)s + o_index);
    hfhub__shard_scan_all(p, n, &c, s, (hfhub_shard_term *)(void *)((char *)s + o_terms),
                          (hfhub_shard_chunk *)(void *)((char *)s + o_chunks));
    s->num_files = c.files;
    s->num_xorbs = c.xorbs;
    s->num_chunks = c.chunks;
    if (footer_size) hfhub__shard_footer(p, n, &c, s);
    if (c.chunks) qsort(s->index, c.chunks, sizeof *s->index, hfhub__shard_ref_cmp);
    *out = s;
    return HFHUB_OK;
}

void hfhub_shard_free(hfhub_shard *s) {
    if (s) hfhub__free(s->a, s, s->alloc_size);
}

int hfhub_shard_is_keyed(const hfhub_shard *s) {
    size_t i;
    for (i = 0; i < 32; i++)
        if (s->hmac_key[i]) return 1;
    return 0;
}

const hfhub_shard_chunk_ref *hfhub_shard_find_chunk(const hfhub_shard *s, const uint8_t hash[32]) {
    uint32_t lo = 0, hi = s->num_chunks;
    while (lo < hi) { /* the first entry not below hash */
        uint32_t mid = lo + (hi - lo) / 2;
        if (memcmp(s->index[mid].hash, hash, 32) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->num_chunks && memcmp(s->index[lo].hash, hash, 32) == 0 ? &s->index[lo] : NULL;
}

void hfhub_shard_key_chunk_hash(const hfhub_shard *s, const uint8_t raw[32], uint8_t out[32]) {
    if (hfhub_shard_is_keyed(s)) hfhub_blake3_keyed(s->hmac_key, raw, 32, out);
    else memmove(out, raw, 32);
}

const hfhub_shard_chunk_ref *hfhub_shard_find_raw_chunk(const hfhub_shard *s, const uint8_t raw[32]) {
    uint8_t keyed[32];
    hfhub_shard_key_chunk_hash(s, raw, keyed);
    return hfhub_shard_find_chunk(s, keyed);
}

#undef HFHUB__SHARD_ALIGN
