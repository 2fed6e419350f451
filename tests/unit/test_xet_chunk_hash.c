/* Xet chunk-and-hash pipeline: with 1 and 2 threads, on random, zero and float16-like data of
 * many sizes fed in random pieces (1 byte .. 300 KB), every chunk (offset, length, hash,
 * bytes) and every aggregate hash equals the single-pass file hasher's (which the vectors
 * check); a failing callback stops the stream and the hasher is reusable after it. */
#include "test.h"
#include "hfhub_xet.h"
#include "xet_test_util.h"

#define MAX_CHUNKS 1024

typedef struct chunk_log {
    const uint8_t *input;
    uint64_t offset[MAX_CHUNKS], length[MAX_CHUNKS];
    uint8_t hash[MAX_CHUNKS][32];
    size_t n;
    int bad_bytes, fail_at;
} chunk_log;

static void log_ref(void *user, const hfhub_xet_chunk_info *c) {
    chunk_log *l = (chunk_log *)user;
    if (l->n < MAX_CHUNKS) {
        l->offset[l->n] = c->offset;
        l->length[l->n] = c->length;
        memcpy(l->hash[l->n], c->hash, 32);
    }
    l->n++;
}

static hfhub_result log_piped(void *user, const hfhub_xet_chunk_info *c, const uint8_t *data) {
    chunk_log *l = (chunk_log *)user;
    if (l->fail_at >= 0 && (int)l->n == l->fail_at) return HFHUB_ERR_IO;
    if (memcmp(data, l->input + c->offset, (size_t)c->length)) l->bad_bytes++;
    log_ref(user, c);
    return HFHUB_OK;
}

/* kind 0 random, 1 zeros, 2 float16-like (normal-ish halves: few distinct high bytes) */
static void fill(uint8_t *d, size_t n, int kind, uint64_t seed) {
    size_t i;
    for (i = 0; i < n; i++) {
        uint64_t r = t_rand(&seed);
        d[i] = kind == 0 ? (uint8_t)r : kind == 1 ? 0 : (i & 1) ? (uint8_t)(0x30 | (r & 7)) : (uint8_t)r;
    }
}

static int same_chunks(const chunk_log *a, const chunk_log *b) {
    size_t n = a->n < MAX_CHUNKS ? a->n : MAX_CHUNKS;
    return a->n == b->n && !memcmp(a->offset, b->offset, n * 8) &&
           !memcmp(a->length, b->length, n * 8) && !memcmp(a->hash, b->hash, n * 32);
}

/* One input through a callback-less pipeline in random pieces; 1 when its aggregates agree
 * with the file hasher's. */
static int check_one(hfhub_xet_chunk_hasher *ch, const uint8_t *d, size_t n, uint64_t *seed) {
    hfhub_xet_file_hasher *fh = (hfhub_xet_file_hasher *)malloc(sizeof *fh);
    hfhub_xet_file_hashes want, out;
    size_t off = 0;
    hfhub_xet_file_hasher_init(fh, NULL, NULL);
    hfhub_xet_file_hasher_update(fh, d, n);
    hfhub_xet_file_hasher_finish(fh, &want);
    free(fh);
    while (off < n) {
        size_t piece = (size_t)(t_rand(seed) % 300000) + 1;
        if (piece > n - off) piece = n - off;
        if (hfhub_xet_chunk_hasher_update(ch, d + off, piece) != HFHUB_OK) return 0;
        off += piece;
    }
    memset(&out, 0xAA, sizeof out);
    if (hfhub_xet_chunk_hasher_finish(ch, &out) != HFHUB_OK) return 0;
    return out.size == want.size && out.nchunks == want.nchunks &&
           !memcmp(out.xorb_hash, want.xorb_hash, 32) &&
           !memcmp(out.file_hash, want.file_hash, 32) &&
           !memcmp(out.verification_hash, want.verification_hash, 32);
}

static chunk_log g_log;

static void test_same_as_file_hasher(void) {
    static const size_t sizes[] = {0,     1,     63,     64,     8191,   8192,    8193,
                                   65536, 131071, 131072, 131073, 300000, 1048576, 3500000};
    size_t cap = 3500000, s;
    uint8_t *d = (uint8_t *)malloc(cap);
    uint64_t seed = 77;
    int threads, kind;
    for (threads = 1; threads <= 2; threads++) {
        hfhub_xet_chunk_hasher *ch;
        CHECK_OK(hfhub_xet_chunk_hasher_new(NULL, threads, log_piped, &g_log, &ch));
#ifdef HFHUB_NO_THREADS
        CHECK_INT(hfhub_xet_chunk_hasher_threads(ch), 1);
#else
        CHECK_INT(hfhub_xet_chunk_hasher_threads(ch), threads);
#endif
        for (kind = 0; kind < 3; kind++) {
            for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                chunk_log ref;
                hfhub_xet_file_hasher *fh = (hfhub_xet_file_hasher *)malloc(sizeof *fh);
                hfhub_xet_file_hashes want, out;
                size_t n = sizes[s], off = 0;
                int tiny = (int)(t_rand(&seed) % 4 == 0 && n < 400000);
                fill(d, n, kind, seed + s);
                memset(&ref, 0, sizeof ref);
                hfhub_xet_file_hasher_init(fh, log_ref, &ref);
                hfhub_xet_file_hasher_update(fh, d, n);
                hfhub_xet_file_hasher_finish(fh, &want);
                free(fh);
                memset(&g_log, 0, sizeof g_log);
                g_log.input = d;
                g_log.fail_at = -1;
                while (off < n) {
                    size_t piece = (size_t)(t_rand(&seed) % (tiny ? 300 : (t_rand(&seed) & 1) ? 300000 : 70000)) + 1;
                    if (piece > n - off) piece = n - off;
                    CHECK_OK(hfhub_xet_chunk_hasher_update(ch, d + off, piece));
                    off += piece;
                }
                CHECK_OK(hfhub_xet_chunk_hasher_finish(ch, &out));
                CHECK(same_chunks(&ref, &g_log));
                CHECK_INT(g_log.bad_bytes, 0);
                CHECK_INT(out.size, n);
                CHECK_INT(out.nchunks, want.nchunks);
                CHECK(!memcmp(out.xorb_hash, want.xorb_hash, 32));
                CHECK(!memcmp(out.file_hash, want.file_hash, 32));
                CHECK(!memcmp(out.verification_hash, want.verification_hash, 32));
            }
        }
        hfhub_xet_chunk_hasher_free(ch);
    }
    free(d);
}

/* Without a callback; finish also starts a new stream. */
static void test_no_callback(void) {
    size_t n = 2000000;
    uint8_t *d = (uint8_t *)malloc(n);
    uint64_t seed = 5;
    int threads;
    fill(d, n, 0, 9);
    for (threads = 1; threads <= 2; threads++) {
        hfhub_xet_chunk_hasher *ch;
        CHECK_OK(hfhub_xet_chunk_hasher_new(NULL, threads, NULL, NULL, &ch));
        CHECK(check_one(ch, d, n, &seed));
        CHECK(check_one(ch, d, 100000, &seed));
        CHECK(check_one(ch, d, 0, &seed));
        hfhub_xet_chunk_hasher_free(ch);
    }
    free(d);
}

static void test_callback_failure(void) {
    size_t n = 1500000, off;
    uint8_t *d = (uint8_t *)malloc(n);
    int threads;
    fill(d, n, 0, 11);
    for (threads = 1; threads <= 2; threads++) {
        hfhub_xet_chunk_hasher *ch;
        hfhub_xet_file_hashes out;
        hfhub_result r = HFHUB_OK;
        CHECK_OK(hfhub_xet_chunk_hasher_new(NULL, threads, log_piped, &g_log, &ch));
        memset(&g_log, 0, sizeof g_log);
        g_log.input = d;
        g_log.fail_at = 3;
        for (off = 0; off < n && r == HFHUB_OK; off += 100000)
            r = hfhub_xet_chunk_hasher_update(ch, d + off, n - off < 100000 ? n - off : 100000);
        CHECK_INT(r, HFHUB_ERR_IO);
        CHECK_INT(g_log.n, 3); /* no callback after the failure */
        CHECK_INT(hfhub_xet_chunk_hasher_update(ch, d, 10), HFHUB_ERR_IO);
        CHECK_INT(hfhub_xet_chunk_hasher_finish(ch, &out), HFHUB_ERR_IO);
        /* reset: the same hasher serves a new stream */
        memset(&g_log, 0, sizeof g_log);
        g_log.input = d;
        g_log.fail_at = -1;
        CHECK_OK(hfhub_xet_chunk_hasher_update(ch, d, n));
        CHECK_OK(hfhub_xet_chunk_hasher_finish(ch, &out));
        CHECK_INT(out.size, n);
        CHECK_INT(out.nchunks, g_log.n);
        CHECK_INT(g_log.bad_bytes, 0);
        hfhub_xet_chunk_hasher_free(ch);
    }
    free(d);
}

static void test_args(void) {
    CHECK_INT(hfhub_xet_chunk_hasher_new(NULL, 1, NULL, NULL, NULL), HFHUB_ERR_INVALID_ARG);
    hfhub_xet_chunk_hasher_free(NULL);
}

int main(void) {
    RUN(test_same_as_file_hasher);
    RUN(test_no_callback);
    RUN(test_callback_failure);
    RUN(test_args);
    return TEST_END();
}
