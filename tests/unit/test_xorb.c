/* test_xorb.c: xorb chunk records and footers: spec layout, round trips, ranges, limits,
 * malformed input. */
#include "test.h"
#include "hfhub_xet.h"
#include "xetdata.h"

/* spec/xet.md §9.6: "Hello World!" as a xorb, scheme None, with footer. */
static const char *hello_xorb_dump =
    "0000: 00 0c 00 00 00 0c 00 00 48 65 6c 6c 6f 20 57 6f\n"
    "0010: 72 6c 64 21 58 45 54 42 4c 4f 42 01 a2 9c fb 08\n"
    "0020: e6 08 d4 d8 72 6d d8 65 9a 90 b9 13 4b 32 40 d5\n"
    "0030: d8 e4 2d 5f cb 28 e2 a6 e7 63 a3 e8 58 42 4c 42\n"
    "0040: 48 53 48 00 01 00 00 00 a2 9c fb 08 e6 08 d4 d8\n"
    "0050: 72 6d d8 65 9a 90 b9 13 4b 32 40 d5 d8 e4 2d 5f\n"
    "0060: cb 28 e2 a6 e7 63 a3 e8 58 42 4c 42 42 4e 44 01\n"
    "0070: 01 00 00 00 14 00 00 00 0c 00 00 00 01 00 00 00\n"
    "0080: 5c 00 00 00 30 00 00 00 00 00 00 00 00 00 00 00\n"
    "0090: 00 00 00 00 00 00 00 00 84 00 00 00\n";

static const uint8_t hello_hash[32] = {0xa2, 0x9c, 0xfb, 0x08, 0xe6, 0x08, 0xd4, 0xd8, 0x72, 0x6d, 0xd8,
                                       0x65, 0x9a, 0x90, 0xb9, 0x13, 0x4b, 0x32, 0x40, 0xd5, 0xd8, 0xe4,
                                       0x2d, 0x5f, 0xcb, 0x28, 0xe2, 0xa6, 0xe7, 0x63, 0xa3, 0xe8};

typedef struct sink { uint8_t *p; size_t len, cap; } sink;
static int sink_write(void *user, const void *data, size_t n) {
    sink *s = (sink *)user;
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->p = (uint8_t *)realloc(s->p, s->cap);
    }
    memcpy(s->p + s->len, data, n);
    s->len += n;
    return 0;
}

static void test_spec_layout(void) {
    uint8_t want[200];
    size_t n = xd_from_dump(hello_xorb_dump, want, sizeof want);
    hfhub_xorb_writer w;
    hfhub_xorb_footer f;
    hfhub_xorb_record rec;
    int has = 0;
    uint32_t count = 0;
    char out[16];
    CHECK_INT(n, 156);
    hfhub_xorb_writer_init(&w, NULL, HFHUB_XET_POLICY_AUTO);
    CHECK_OK(hfhub_xorb_writer_add(&w, "Hello World!", 12, hello_hash)); /* incompressible: stored */
    CHECK_INT(w.len, 20); /* the upload body */
    CHECK(memcmp(w.data, want, 20) == 0);
    CHECK_OK(hfhub_xorb_writer_footer(&w, hello_hash));
    CHECK_INT(w.len, 156);
    CHECK(memcmp(w.data, want, 156) == 0);
    hfhub_xorb_writer_free(&w);
    CHECK_OK(hfhub_xorb_parse(want, n, &f, &has, &count));
    CHECK_INT(has, 1);
    CHECK_INT(count, 1);
    CHECK_INT(f.num_chunks, 1);
    CHECK_INT(f.records_len, 20);
    CHECK(memcmp(f.xorb_hash, hello_hash, 32) == 0);
    CHECK(memcmp(hfhub_xorb_footer_hash(&f, 0), hello_hash, 32) == 0);
    CHECK_INT(hfhub_xorb_footer_record_end(&f, 0), 20);
    CHECK_INT(hfhub_xorb_footer_unpacked_end(&f, 0), 12);
    CHECK_OK(hfhub_xorb_record_parse(want, n, &rec));
    CHECK_INT(rec.scheme, HFHUB_XET_SCHEME_NONE);
    CHECK_INT(rec.compressed_len, 12);
    CHECK_INT(rec.uncompressed_len, 12);
    CHECK_OK(hfhub_xorb_record_decode(NULL, &rec, out, sizeof out));
    CHECK(memcmp(out, "Hello World!", 12) == 0);
    CHECK_OK(hfhub_xorb_parse(want, 20, &f, &has, &count)); /* records only */
    CHECK_INT(has, 0);
    CHECK_INT(count, 1);
}

/* A xorb of nchunks chunks of mixed kinds and sizes; src receives the concatenated chunks. */
typedef struct built { hfhub_xorb_writer w; uint8_t *src; size_t total; uint32_t n; size_t *ends; } built;
static void build(built *b, uint32_t nchunks, hfhub_xet_policy pol, uint64_t seed, int footer) {
    uint32_t i;
    size_t cap = (size_t)nchunks * HFHUB_XORB_MAX_CHUNK;
    uint8_t hash[32], xh[32];
    b->src = (uint8_t *)malloc(cap ? cap : 1);
    b->ends = (size_t *)malloc((nchunks + 1) * sizeof(size_t));
    b->total = 0;
    b->n = nchunks;
    hfhub_xorb_writer_init(&b->w, NULL, pol);
    for (i = 0; i < nchunks; i++) {
        size_t len = 1 + (size_t)(xd_splitmix(&seed) % HFHUB_XORB_MAX_CHUNK);
        xd_fill((int)(xd_splitmix(&seed) % XD_KINDS), b->src + b->total, len, seed);
        xd_random(hash, 32, seed + i);
        CHECK_OK(hfhub_xorb_writer_add(&b->w, b->src + b->total, len, hash));
        b->total += len;
        b->ends[i] = b->total;
    }
    xd_random(xh, 32, seed);
    if (footer) CHECK_OK(hfhub_xorb_writer_footer(&b->w, xh));
}
static void unbuild(built *b) { hfhub_xorb_writer_free(&b->w); free(b->src); free(b->ends); }

static void test_roundtrip(void) {
    int pol, footer;
    for (pol = HFHUB_XET_POLICY_AUTO; pol <= HFHUB_XET_POLICY_BEST; pol++)
        for (footer = 0; footer < 2; footer++) {
            built b;
            hfhub_xorb_footer f;
            int has = -1;
            uint32_t count = 0, first, last;
            sink s = {NULL, 0, 0};
            build(&b, 40, (hfhub_xet_policy)pol, (uint64_t)pol * 7 + (uint64_t)footer, footer);
            CHECK_OK(hfhub_xorb_parse(b.w.data, b.w.len, &f, &has, &count));
            CHECK_INT(has, footer);
            CHECK_INT(count, 40);
            CHECK_OK(hfhub_xorb_extract(NULL, b.w.data, b.w.len, 0, 0, 40, b.total, sink_write, &s));
            CHECK_INT(s.len, b.total);
            CHECK(s.p && memcmp(s.p, b.src, b.total) == 0);
            s.len = 0;
            if (footer) { /* fetch [first, last) the way a presigned range does, then decode a sub-range */
                for (first = 0; first < 40; first += 7)
                    for (last = first + 1; last <= 40; last += 9) {
                        uint64_t bs = 0, be = 0;
                        uint32_t f2 = 99, l2 = 99, sub = first + (last - first) / 2;
                        size_t from = first ? b.ends[first - 1] : 0, sfrom = sub ? b.ends[sub - 1] : 0;
                        CHECK_OK(hfhub_xorb_chunks_to_bytes(&f, first, last, &bs, &be));
                        CHECK_OK(hfhub_xorb_bytes_to_chunks(&f, bs, be, &f2, &l2));
                        CHECK_INT(f2, first);
                        CHECK_INT(l2, last);
                        s.len = 0;
                        CHECK_OK(hfhub_xorb_extract(NULL, b.w.data + bs, (size_t)(be - bs), first, first, last,
                                                    (uint64_t)-1, sink_write, &s));
                        CHECK_INT(s.len, b.ends[last - 1] - from);
                        CHECK(s.p && memcmp(s.p, b.src + from, s.len) == 0);
                        s.len = 0;
                        CHECK_OK(hfhub_xorb_extract(NULL, b.w.data + bs, (size_t)(be - bs), first, sub, last,
                                                    (uint64_t)-1, sink_write, &s));
                        CHECK_INT(s.len, b.ends[last - 1] - sfrom);
                        CHECK(s.p && memcmp(s.p, b.src + sfrom, s.len) == 0);
                        /* the range is cut short: chunks beyond it are a parse error */
                        if (last < 40)
                            CHECK_INT(hfhub_xorb_extract(NULL, b.w.data + bs, (size_t)(be - bs), first, first,
                                                         last + 1, (uint64_t)-1, sink_write, &s),
                                      HFHUB_ERR_PARSE);
                    }
                {
                    uint64_t bs, be;
                    uint32_t f2, l2;
                    CHECK_INT(hfhub_xorb_chunks_to_bytes(&f, 3, 3, &bs, &be), HFHUB_ERR_INVALID_ARG);
                    CHECK_INT(hfhub_xorb_chunks_to_bytes(&f, 0, 41, &bs, &be), HFHUB_ERR_INVALID_ARG);
                    CHECK_INT(hfhub_xorb_bytes_to_chunks(&f, 1, hfhub_xorb_footer_record_end(&f, 3), &f2, &l2),
                              HFHUB_ERR_INVALID_ARG);
                }
            }
            s.len = 0;
            CHECK_INT(hfhub_xorb_extract(NULL, b.w.data, b.w.len, 0, 0, 40, b.total - 1, sink_write, &s),
                      HFHUB_ERR_TOO_LARGE);
            free(s.p);
            unbuild(&b);
        }
}

static void test_policy_in_xorb(void) {
    size_t n = 65536, i;
    uint8_t *d = (uint8_t *)malloc(n);
    hfhub_xorb_writer w;
    hfhub_xorb_record rec;
    size_t pos = 0;
    int seen_bg4 = 0, seen_none = 0;
    hfhub_xorb_writer_init(&w, NULL, HFHUB_XET_POLICY_AUTO);
    for (i = 0; i < 64; i++) { /* 32 bf16 chunks, then 32 random ones */
        if (i < 32) xd_bfloat16(d, n, i);
        else xd_random(d, n, i);
        CHECK_OK(hfhub_xorb_writer_add(&w, d, n, NULL));
    }
    for (i = 0; i < 64; i++) {
        CHECK_OK(hfhub_xorb_record_parse(w.data + pos, w.len - pos, &rec));
        pos += 8 + rec.compressed_len;
        if (rec.scheme == HFHUB_XET_SCHEME_BG4_LZ4) seen_bg4 += i < 32;
        if (rec.scheme == HFHUB_XET_SCHEME_NONE) seen_none += i >= 32;
    }
    CHECK_INT(seen_bg4, 32);
    CHECK_INT(seen_none, 32);
    hfhub_xorb_writer_free(&w);
    free(d);
}

static void test_limits(void) {
    hfhub_xorb_writer w;
    uint8_t *big = (uint8_t *)calloc(1, HFHUB_XORB_MAX_CHUNK + 1), *recs;
    uint32_t i, count = 0;
    hfhub_xorb_writer_init(&w, NULL, HFHUB_XET_POLICY_LZ4);
    CHECK_INT(hfhub_xorb_writer_add(&w, big, HFHUB_XORB_MAX_CHUNK + 1, NULL), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(hfhub_xorb_writer_add(&w, big, 0, NULL), HFHUB_ERR_INVALID_ARG);
    for (i = 0; i < 512; i++) CHECK_OK(hfhub_xorb_writer_add(&w, big, HFHUB_XORB_MAX_CHUNK, NULL));
    CHECK_INT(w.raw_bytes, HFHUB_XORB_MAX_BYTES);
    CHECK_INT(hfhub_xorb_writer_fits(&w, 1), 0);
    CHECK_INT(hfhub_xorb_writer_add(&w, big, 1, NULL), HFHUB_ERR_TOO_LARGE);
    hfhub_xorb_writer_free(&w);
    hfhub_xorb_writer_init(&w, NULL, HFHUB_XET_POLICY_NONE);
    for (i = 0; i < HFHUB_XORB_MAX_CHUNKS; i++) CHECK_OK(hfhub_xorb_writer_add(&w, "x", 1, NULL));
    CHECK_INT(hfhub_xorb_writer_fits(&w, 1), 0);
    CHECK_INT(hfhub_xorb_writer_add(&w, "x", 1, NULL), HFHUB_ERR_TOO_LARGE);
    CHECK_OK(hfhub_xorb_parse(w.data, w.len, NULL, NULL, &count));
    CHECK_INT(count, HFHUB_XORB_MAX_CHUNKS);
    /* one record more than allowed */
    recs = (uint8_t *)malloc(w.len + 9);
    memcpy(recs, w.data, w.len);
    memcpy(recs + w.len, "\x00\x01\x00\x00\x00\x01\x00\x00x", 9);
    CHECK_INT(hfhub_xorb_parse(recs, w.len + 9, NULL, NULL, NULL), HFHUB_ERR_TOO_LARGE);
    free(recs);
    hfhub_xorb_writer_free(&w);
    free(big);
}

static void test_malformed(void) {
    uint8_t x[200], y[200];
    size_t n = xd_from_dump(hello_xorb_dump, x, sizeof x), cut, i;
    hfhub_xorb_record rec;
    built b;
    hfhub_result r;
    for (cut = 1; cut < n; cut++) /* only the record boundary (20) gives a valid records-only xorb */
        CHECK_INT(hfhub_xorb_parse(x, cut, NULL, NULL, NULL), cut == 20 ? HFHUB_OK : HFHUB_ERR_PARSE);
    for (i = 0; i < n; i++) { /* a flipped bit never crashes; in the tables it is caught */
        hfhub_xorb_footer f;
        int has = 0;
        memcpy(y, x, n);
        y[i] ^= (uint8_t)(1u << (i % 8));
        r = hfhub_xorb_parse(y, n, &f, &has, NULL);
        if (i < 8 || (i >= 20 && i < 28) || (i >= 60 && i < 72) || (i >= 104 && i < 136) || i >= 152)
            CHECK_INT(r, HFHUB_ERR_PARSE);
    }
    memcpy(y, x, n);
    y[0] = 1; /* version */
    CHECK_INT(hfhub_xorb_record_parse(y, n, &rec), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    y[4] = 3; /* scheme */
    CHECK_INT(hfhub_xorb_record_parse(y, n, &rec), HFHUB_ERR_PARSE);
    y[4] = 'X';
    CHECK_INT(hfhub_xorb_record_parse(y, n, &rec), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    y[5] = 0x0d; /* None with two lengths */
    CHECK_INT(hfhub_xorb_record_parse(y, n, &rec), HFHUB_ERR_PARSE);
    memcpy(y, "\x00\x00\x00\x00\x00\x01\x00\x02", 8); /* uncompressed 128 KiB + 1 */
    CHECK_INT(hfhub_xorb_record_parse(y, 8, &rec), HFHUB_ERR_PARSE);
    /* corrupt compressed payloads decode to errors, never crashes */
    build(&b, 6, HFHUB_XET_POLICY_LZ4, 11, 0);
    for (i = 0; i < b.w.len; i += 3) {
        sink s = {NULL, 0, 0};
        uint8_t save = b.w.data[i];
        b.w.data[i] ^= 0x5A;
        r = hfhub_xorb_extract(NULL, b.w.data, b.w.len, 0, 0, 6, b.total, sink_write, &s);
        CHECK(r == HFHUB_OK || r == HFHUB_ERR_PARSE || r == HFHUB_ERR_INTEGRITY || r == HFHUB_ERR_TOO_LARGE);
        b.w.data[i] = save;
        free(s.p);
    }
    unbuild(&b);
}

int main(void) {
    RUN(test_spec_layout);
    RUN(test_roundtrip);
    RUN(test_policy_in_xorb);
    RUN(test_limits);
    RUN(test_malformed);
    return TEST_END();
}
