/* xorb.c: chunk records and the CasObjectInfo V1 footer (spec/xet.md §3). */
#include <string.h>

#define HFHUB__XORB_RETEST 32 /* AUTO re-runs the BG4 predictor every 32 chunks (xet-core) */

/* ---- records ---- */

hfhub_result hfhub_xorb_record_parse(const void *data, size_t n, hfhub_xorb_record *rec) {
    const uint8_t *p = (const uint8_t *)data;
    if (n < HFHUB_XORB_RECORD_HEADER) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: truncated chunk header");
    if (p[0] != 0) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: unsupported chunk header version %u", p[0]);
    if (p[4] > HFHUB_XET_SCHEME_BG4_LZ4) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: unknown compression scheme %u", p[4]);
    rec->compressed_len = hfhub__xet_rd24(p + 1);
    rec->scheme = (hfhub_xet_scheme)p[4];
    rec->uncompressed_len = hfhub__xet_rd24(p + 5);
    rec->payload = p + HFHUB_XORB_RECORD_HEADER;
    if (rec->uncompressed_len > HFHUB_XORB_MAX_CHUNK || rec->compressed_len > 2 * HFHUB_XORB_MAX_CHUNK)
        return hfhub__fail(HFHUB_ERR_PARSE, "xorb: chunk larger than 128 KiB");
    if (rec->scheme == HFHUB_XET_SCHEME_NONE && rec->compressed_len != rec->uncompressed_len)
        return hfhub__fail(HFHUB_ERR_PARSE, "xorb: stored chunk with two different lengths");
    if (rec->compressed_len > n - HFHUB_XORB_RECORD_HEADER)
        return hfhub__fail(HFHUB_ERR_PARSE, "xorb: truncated chunk payload");
    return HFHUB_OK;
}

hfhub_result hfhub_xorb_record_decode(const hfhub_allocator *a, const hfhub_xorb_record *rec, void *dst, size_t cap) {
    if (cap < rec->uncompressed_len) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "xorb: output buffer too small");
    return hfhub_xet_decompress(a, rec->scheme, rec->payload, rec->compressed_len, dst, rec->uncompressed_len);
}

/* ---- footer ---- */

static const char hfhub__xorb_ident[] = "XETBLOB", hfhub__xorb_hsh[] = "XBLBHSH", hfhub__xorb_bnd[] = "XBLBBND";

static size_t hfhub__xorb_info_len(uint32_t n) { return 92 + 40 * (size_t)n; }

const uint8_t *hfhub_xorb_footer_hash(const hfhub_xorb_footer *f, uint32_t i) { return f->chunk_hashes + 32 * (size_t)i; }

uint32_t hfhub_xorb_footer_record_end(const hfhub_xorb_footer *f, uint32_t i) {
    return hfhub__xet_rd32(f->record_ends + 4 * (size_t)i);
}

uint32_t hfhub_xorb_footer_unpacked_end(const hfhub_xorb_footer *f, uint32_t i) {
    return hfhub__xet_rd32(f->unpacked_ends + 4 * (size_t)i);
}

/* Reads an 8-byte section tag (7-byte ident + version) at p. */
static int hfhub__xorb_tag(const uint8_t *p, const char *ident, uint8_t version) {
    return memcmp(p, ident, 7) == 0 && p[7] == version;
}

/* Parses the info at data[off..n) (after the records). */
static hfhub_result hfhub__xorb_footer_parse(const uint8_t *data, size_t n, size_t off, hfhub_xorb_footer *f) {
    const uint8_t *p = data + off;
    size_t rest = n - off, info;
    uint32_t num;
    if (rest < 8 + 32 + 8 + 4) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: truncated footer");
    if (!hfhub__xorb_tag(p, hfhub__xorb_ident, 1)) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: unsupported footer version");
    if (!hfhub__xorb_tag(p + 40, hfhub__xorb_hsh, 0)) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: bad hash section");
    num = hfhub__xet_rd32(p + 48);
    if (num > HFHUB_XORB_MAX_CHUNKS) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: footer lists too many chunks");
    info = hfhub__xorb_info_len(num);
    if (rest != info + 4 || hfhub__xet_rd32(data + n - 4) != info)
        return hfhub__fail(HFHUB_ERR_PARSE, "xorb: footer length mismatch");
    memcpy(f->xorb_hash, p + 8, 32);
    f->num_chunks = num;
    f->chunk_hashes = p + 52;
    p += 52 + 32 * (size_t)num;
    if (!hfhub__xorb_tag(p, hfhub__xorb_bnd, 1) || hfhub__xet_rd32(p + 8) != num)
        return hfhub__fail(HFHUB_ERR_PARSE, "xorb: bad boundary section");
    f->record_ends = p + 12;
    f->unpacked_ends = p + 12 + 4 * (size_t)num;
    p += 12 + 8 * (size_t)num;
    if (hfhub__xet_rd32(p) != num || hfhub__xet_rd32(p + 4) != 12 + 32 * num + 40 + 8 * num ||
        hfhub__xet_rd32(p + 8) != 40 + 8 * num)
        return hfhub__fail(HFHUB_ERR_PARSE, "xorb: bad footer offsets");
    f->records_len = off;
    return HFHUB_OK;
}

/* Checks the footer tables against the records actually present. */
static hfhub_result hfhub__xorb_check_tables(const uint8_t *data, const hfhub_xorb_footer *f, uint32_t count) {
    size_t pos = 0;
    uint64_t unpacked = 0;
    uint32_t i;
    if (f->num_chunks != count) return hfhub__fail(HFHUB_ERR_PARSE, "xorb: footer chunk count mismatch");
    for (i = 0; i < count; i++) {
        hfhub_xorb_record rec;
        if (hfhub_xorb_record_parse(data + pos, f->records_len - pos, &rec) != HFHUB_OK) return HFHUB_ERR_PARSE;
        pos += HFHUB_XORB_RECORD_HEADER + rec.compressed_len;
        unpacked += rec.uncompressed_len;
        if (hfhub_xorb_footer_record_end(f, i) != pos || hfhub_xorb_footer_unpacked_end(f, i) != unpacked)
            return hfhub__fail(HFHUB_ERR_PARSE, "xorb: footer boundaries disagree with chunk %u", i);
    }
    return HFHUB_OK;
}

hfhub_result hfhub_xorb_parse(const void *data, size_t n, hfhub_xorb_footer *footer, int *has_footer,
                              uint32_t *num_chunks) {
    const uint8_t *p = (const uint8_t *)data;
    size_t pos = 0;
    uint32_t count = 0;
    uint64_t raw = 0;
    hfhub_xorb_footer f;
    int found = 0;
    hfhub_result r;
    while (pos < n) {
        hfhub_xorb_record rec;
        if (n - pos >= 8 && memcmp(p + pos, hfhub__xorb_ident, 7) == 0) { found = 1; break; }
        if ((r = hfhub_xorb_record_parse(p + pos, n - pos, &rec)) != HFHUB_OK) return r;
        if (++count > HFHUB_XORB_MAX_CHUNKS) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "xorb: more than 8192 chunks");
        raw += rec.uncompressed_len;
        if (raw > HFHUB_XORB_MAX_BYTES) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "xorb: more than 64 MiB of chunks");
        pos += HFHUB_XORB_RECORD_HEADER + rec.compressed_len;
    }
    if (found) {
        if ((r = hfhub__xorb_footer_parse(p, n, pos, &f)) != HFHUB_OK) return r;
        if ((r = hfhub__xorb_check_tables(p, &f, count)) != HFHUB_OK) return r;
        if (footer) *footer = f;
    }
    if (has_footer) *has_footer = found;
    if (num_chunks) *num_chunks = count;
    return HFHUB_OK;
}

hfhub_result hfhub_xorb_chunks_to_bytes(const hfhub_xorb_footer *f, uint32_t first, uint32_t last, uint64_t *start,
                                        uint64_t *end) {
    if (first >= last || last > f->num_chunks) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "xorb: bad chunk range");
    *start = first ? hfhub_xorb_footer_record_end(f, first - 1) : 0;
    *end = hfhub_xorb_footer_record_end(f, last - 1);
    return HFHUB_OK;
}

/* Index of the chunk whose record ends at `at`, or -1; the ends are increasing. */
static long hfhub__xorb_find_end(const hfhub_xorb_footer *f, uint64_t at) {
    uint32_t lo = 0, hi = f->num_chunks;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t e = hfhub_xorb_footer_record_end(f, mid);
        if (e == at) return (long)mid;
        if (e < at) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

hfhub_result hfhub_xorb_bytes_to_chunks(const hfhub_xorb_footer *f, uint64_t start, uint64_t end, uint32_t *first,
                                        uint32_t *last) {
    long a = start == 0 ? -1 : hfhub__xorb_find_end(f, start), b = hfhub__xorb_find_end(f, end);
    if (start >= end || (start != 0 && a < 0) || b < 0)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "xorb: byte range not on record boundaries");
    *first = (uint32_t)(a + 1);
    *last = (uint32_t)(b + 1);
    return HFHUB_OK;
}

hfhub_result hfhub_xorb_extract(const hfhub_allocator *a, const void *data, size_t n, uint32_t data_first,
                                uint32_t first, uint32_t last, uint64_t max_out, hfhub_write_fn write, void *user) {
    const uint8_t *p = (const uint8_t *)data;
    uint8_t *buf;
    size_t pos = 0;
    uint64_t out = 0;
    uint32_t idx;
    hfhub_result r = HFHUB_OK;
    if (first < data_first || first > last) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "xorb: chunk range not in data");
    if (!(buf = (uint8_t *)hfhub__alloc(a, HFHUB_XORB_MAX_CHUNK))) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb: out of memory");
    for (idx = data_first; idx < last && r == HFHUB_OK; idx++) {
        hfhub_xorb_record rec;
        if ((r = hfhub_xorb_record_parse(p + pos, n - pos, &rec)) != HFHUB_OK) break;
        pos += HFHUB_XORB_RECORD_HEADER + rec.compressed_len;
        if (idx < first) continue;
        if (rec.uncompressed_len > max_out - out) {
            r = hfhub__fail(HFHUB_ERR_TOO_LARGE, "xorb: chunks larger than %llu bytes", (unsigned long long)max_out);
            break;
        }
        if ((r = hfhub_xorb_record_decode(a, &rec, buf, HFHUB_XORB_MAX_CHUNK)) != HFHUB_OK) break;
        out += rec.uncompressed_len;
        if (rec.uncompressed_len && write(user, buf, rec.uncompressed_len))
            r = hfhub__fail(HFHUB_ERR_CANCELLED, "xorb: output cancelled");
    }
    hfhub__free(a, buf, HFHUB_XORB_MAX_CHUNK);
    return r;
}

/* ---- writer ---- */

void hfhub_xorb_writer_init(hfhub_xorb_writer *w, const hfhub_allocator *a, hfhub_xet_policy policy) {
    memset(w, 0, sizeof *w);
    w->a = a;
    w->policy = policy;
    w->current = policy;
}

int hfhub_xorb_writer_fits(const hfhub_xorb_writer *w, size_t len) {
    return w->num_chunks < HFHUB_XORB_MAX_CHUNKS && len <= HFHUB_XORB_MAX_CHUNK &&
           w->raw_bytes + len <= HFHUB_XORB_MAX_BYTES;
}

/* Makes room for `extra` more bytes of data and one more entry. */
static hfhub_result hfhub__xorb_reserve(hfhub_xorb_writer *w, size_t extra) {
    if (w->len + extra > w->cap) {
        size_t cap = w->cap ? w->cap : 65536;
        uint8_t *d;
        while (cap < w->len + extra) cap *= 2;
        if (!(d = (uint8_t *)hfhub__realloc(w->a, w->data, w->cap, cap))) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb: out of memory");
        w->data = d;
        w->cap = cap;
    }
    if (w->num_chunks == w->slots) {
        uint32_t slots = w->slots ? w->slots * 2 : 64;
        hfhub_xorb_entry *e = (hfhub_xorb_entry *)hfhub__realloc(w->a, w->entries, w->slots * sizeof *e, slots * sizeof *e);
        if (!e) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb: out of memory");
        w->entries = e;
        w->slots = slots;
    }
    return HFHUB_OK;
}

hfhub_result hfhub_xorb_writer_add(hfhub_xorb_writer *w, const void *chunk, size_t len, const uint8_t *hash) {
    hfhub_xet_scheme scheme = HFHUB_XET_SCHEME_NONE;
    size_t clen = 0;
    uint8_t *rec;
    hfhub_result r;
    if (len == 0) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "xorb: empty chunk");
    if (!hfhub_xorb_writer_fits(w, len)) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "xorb: chunk does not fit");
    if ((r = hfhub__xorb_reserve(w, HFHUB_XORB_RECORD_HEADER + len)) != HFHUB_OK) return r;
    if (w->policy == HFHUB_XET_POLICY_AUTO && w->num_chunks % HFHUB__XORB_RETEST == 0)
        w->current = hfhub_xet_bg4_predict(chunk, len) ? HFHUB_XET_POLICY_BG4_LZ4 : HFHUB_XET_POLICY_LZ4;
    rec = w->data + w->len;
    r = hfhub_xet_compress(w->a, w->current, chunk, len, rec + HFHUB_XORB_RECORD_HEADER, len, &scheme, &clen);
    if (r != HFHUB_OK) return r;
    rec[0] = 0;
    hfhub__xet_wr24(rec + 1, (uint32_t)clen);
    rec[4] = (uint8_t)scheme;
    hfhub__xet_wr24(rec + 5, (uint32_t)len);
    w->len += HFHUB_XORB_RECORD_HEADER + clen;
    w->raw_bytes += len;
    if (hash) memcpy(w->entries[w->num_chunks].hash, hash, 32);
    else memset(w->entries[w->num_chunks].hash, 0, 32);
    w->entries[w->num_chunks].record_end = (uint32_t)w->len;
    w->entries[w->num_chunks].unpacked_end = (uint32_t)w->raw_bytes;
    w->num_chunks++;
    return HFHUB_OK;
}

hfhub_result hfhub_xorb_writer_footer(hfhub_xorb_writer *w, const uint8_t xorb_hash[32]) {
    uint32_t n = w->num_chunks, i;
    size_t info = hfhub__xorb_info_len(n);
    uint8_t *p;
    hfhub_result r = hfhub__xorb_reserve(w, info + 4);
    if (r != HFHUB_OK) return r;
    p = w->data + w->len;
    memcpy(p, hfhub__xorb_ident, 7);
    p[7] = 1;
    memcpy(p + 8, xorb_hash, 32);
    memcpy(p + 40, hfhub__xorb_hsh, 7);
    p[47] = 0;
    hfhub__xet_wr32(p + 48, n);
    for (i = 0; i < n; i++) memcpy(p + 52 + 32 * (size_t)i, w->entries[i].hash, 32);
    p += 52 + 32 * (size_t)n;
    memcpy(p, hfhub__xorb_bnd, 7);
    p[7] = 1;
    hfhub__xet_wr32(p + 8, n);
    for (i = 0; i < n; i++) {
        hfhub__xet_wr32(p + 12 + 4 * (size_t)i, w->entries[i].record_end);
        hfhub__xet_wr32(p + 12 + 4 * ((size_t)n + i), w->entries[i].unpacked_end);
    }
    p += 12 + 8 * (size_t)n;
    hfhub__xet_wr32(p, n);
    hfhub__xet_wr32(p + 4, 12 + 32 * n + 40 + 8 * n);
    hfhub__xet_wr32(p + 8, 40 + 8 * n);
    memset(p + 12, 0, 16);
    hfhub__xet_wr32(p + 28, (uint32_t)info);
    w->len += info + 4;
    return HFHUB_OK;
}

void hfhub_xorb_writer_free(hfhub_xorb_writer *w) {
    hfhub__free(w->a, w->data, w->cap);
    hfhub__free(w->a, w->entries, w->slots * sizeof *w->entries);
    memset(w, 0, sizeof *w);
}

#undef HFHUB__XORB_RETEST
