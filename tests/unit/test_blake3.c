#define _POSIX_C_SOURCE 200809L
/* BLAKE3: the official vectors (every case, hash/keyed/derive-key, the full 131-byte
 * extended output, with seeks and split updates), every SIMD back end against the portable
 * one on random lengths and splits, and keyed hashes against Debian's b3sum. */
#include "test.h"
#include "hfhub_xet.h"
#include "xet_test_util.h"
#include <unistd.h>

#define XOF_LEN 131

static const hfhub_json_value *g_vectors;
static const char *g_key, *g_context;

static void vec_input(uint8_t *buf, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) buf[i] = (uint8_t)(i % 251);
}

/* Feeds data in pieces of `step` bytes (0 = one update). */
static void feed(hfhub_blake3_hasher *h, const uint8_t *d, size_t n, size_t step) {
    size_t off = 0;
    if (!step) step = n ? n : 1;
    while (off < n) {
        size_t k = n - off < step ? n - off : step;
        hfhub_blake3_update(h, d + off, k);
        off += k;
    }
}

static int check_case_mode(const uint8_t *in, size_t n, int mode, const char *want_hex) {
    static const size_t steps[] = {0, 1, 63, 64, 65, 1023, 1024, 1025, 4096, 31744};
    uint8_t want[XOF_LEN], got[XOF_LEN];
    size_t s;
    int ok = 1;
    t_unhex(want_hex, want, sizeof(want));
    for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
        hfhub_blake3_hasher h;
        size_t seek;
        if (steps[s] == 1 && n > 8192) continue; /* slow and adds nothing new */
        if (t_light() && s > 3 && n > 4096) continue;
        if (mode == 0) hfhub_blake3_init(&h);
        else if (mode == 1) hfhub_blake3_init_keyed(&h, (const uint8_t *)g_key);
        else hfhub_blake3_init_derive_key(&h, g_context);
        feed(&h, in, n, steps[s]);
        hfhub_blake3_finalize(&h, got, XOF_LEN);
        if (memcmp(got, want, XOF_LEN)) {
            fprintf(stderr, "  len %zu mode %d step %zu: mismatch\n", n, mode, steps[s]);
            ok = 0;
        }
        if (s) continue;
        for (seek = 1; seek < XOF_LEN; seek += 17) { /* finalize_xof at an offset */
            memset(got, 0, sizeof(got));
            hfhub_blake3_finalize_xof(&h, seek, got, XOF_LEN - seek);
            if (memcmp(got, want + seek, XOF_LEN - seek)) {
                fprintf(stderr, "  len %zu mode %d seek %zu: mismatch\n", n, mode, seek);
                ok = 0;
            }
        }
    }
    return ok;
}

static int g_cases;

static int one_case(const hfhub_json_value *c) {
    const char *hash = tj_s(c, "hash"), *keyed = tj_s(c, "keyed_hash"),
               *derive = tj_s(c, "derive_key");
    size_t n = (size_t)tj_i(c, "input_len");
    uint8_t *in, out[32], want[XOF_LEN]; /* the first 32 bytes are the default output */
    int bad = 0;
    if (!hash || !keyed || !derive || tj_i(c, "input_len") < 0) return 1;
    in = (uint8_t *)malloc(n + 1);
    vec_input(in, n);
    bad += !check_case_mode(in, n, 0, hash);
    bad += !check_case_mode(in, n, 1, keyed);
    bad += !check_case_mode(in, n, 2, derive);
    /* the one-shot forms */
    t_unhex(hash, want, XOF_LEN);
    hfhub_blake3(in, n, out);
    bad += memcmp(out, want, 32) != 0;
    t_unhex(keyed, want, XOF_LEN);
    hfhub_blake3_keyed((const uint8_t *)g_key, in, n, out);
    bad += memcmp(out, want, 32) != 0;
    t_unhex(derive, want, XOF_LEN);
    hfhub_blake3_derive_key(g_context, in, n, out, 32);
    bad += memcmp(out, want, 32) != 0;
    free(in);
    return bad;
}

static hfhub_blake3_impl g_impl;

/* Every vector with the back end g_impl. */
static void test_vectors(void) {
    int bad = 0;
    const hfhub_json_value *cases = hfhub_json_get(g_vectors, "cases");
    size_t i;
    CHECK_OK(hfhub_blake3_use(g_impl));
    CHECK_INT(hfhub_blake3_active(), g_impl);
    g_cases = 0;
    for (i = 0; i < hfhub_json_len(cases); i++, g_cases++) bad += one_case(hfhub_json_at(cases, i));
    if (bad) fprintf(stderr, "  back end %s: %d failures\n", hfhub_blake3_impl_name(g_impl), bad);
    CHECK_INT(bad, 0);
    CHECK(g_cases >= 35);
    hfhub_blake3_use(HFHUB_BLAKE3_AUTO);
}

static void test_backend_selection(void) {
    hfhub_blake3_impl best = hfhub_blake3_active();
    CHECK(best != HFHUB_BLAKE3_AUTO);
    CHECK(hfhub_blake3_supported(HFHUB_BLAKE3_PORTABLE));
    CHECK_OK(hfhub_blake3_use(HFHUB_BLAKE3_PORTABLE));
    CHECK_INT(hfhub_blake3_active(), HFHUB_BLAKE3_PORTABLE);
    CHECK_OK(hfhub_blake3_use(HFHUB_BLAKE3_AUTO));
    CHECK_INT(hfhub_blake3_active(), best);
#if defined(__x86_64__)
    CHECK(!hfhub_blake3_supported(HFHUB_BLAKE3_NEON));
    CHECK_INT(hfhub_blake3_use(HFHUB_BLAKE3_NEON), HFHUB_ERR_UNSUPPORTED);
#endif
    CHECK_STR(hfhub_blake3_impl_name(HFHUB_BLAKE3_AVX2), "avx2");
    fprintf(stderr, "  (BLAKE3 back end: %s)\n", hfhub_blake3_impl_name(best));
}

/* Each SIMD back end against the portable one: random lengths 0..100 KiB, random splits,
 * all three modes, random output lengths and seeks. */
static void test_simd_vs_portable(void) {
    static const hfhub_blake3_impl impls[] = {HFHUB_BLAKE3_SSE41, HFHUB_BLAKE3_AVX2,
                                              HFHUB_BLAKE3_AVX512, HFHUB_BLAKE3_NEON};
    uint64_t rs = 0x1234567;
    size_t max = 100 * 1024, k, iter;
    uint8_t *d = (uint8_t *)malloc(max), key[32];
    int tested = 0;
    for (k = 0; k < max; k++) d[k] = (uint8_t)t_rand(&rs);
    for (k = 0; k < 32; k++) key[k] = (uint8_t)t_rand(&rs);
    for (k = 0; k < sizeof(impls) / sizeof(impls[0]); k++) {
        if (!hfhub_blake3_supported(impls[k])) continue;
        tested++;
        for (iter = 0; iter < (t_light() ? 60u : 300u); iter++) {
            size_t n = iter < 40 ? iter * 1024 + (iter & 1) : (size_t)(t_rand(&rs) % (max + 1));
            size_t off = 0, olen = 1 + (size_t)(t_rand(&rs) % 200);
            uint64_t seek = iter % 4 == 1 ? 0 : t_rand(&rs) % 5000;
            int mode = (int)(iter % 3);
            uint8_t want[200], got[200];
            hfhub_blake3_hasher h;
            hfhub_blake3_use(HFHUB_BLAKE3_PORTABLE);
            if (mode == 0) hfhub_blake3_init(&h);
            else if (mode == 1) hfhub_blake3_init_keyed(&h, key);
            else hfhub_blake3_init_derive_key(&h, "hfhub test 2026-11 context");
            hfhub_blake3_update(&h, d, n);
            hfhub_blake3_finalize_xof(&h, seek, want, olen);
            hfhub_blake3_use(impls[k]);
            hfhub_blake3_reset(&h);
            while (off < n) { /* random splits, biased to cross chunk boundaries */
                size_t piece = (size_t)(t_rand(&rs) % (t_rand(&rs) & 1 ? 70000 : 3000)) + 1;
                if (piece > n - off) piece = n - off;
                hfhub_blake3_update(&h, d + off, piece);
                off += piece;
            }
            hfhub_blake3_finalize_xof(&h, seek, got, olen);
            if (mode == 1 && seek == 0 && olen >= 32) { /* the one-shot path, same back end */
                uint8_t one[32];
                hfhub_blake3_keyed(key, d, n, one);
                if (memcmp(one, want, 32)) {
                    fprintf(stderr, "  %s: one-shot keyed, length %zu differs\n",
                            hfhub_blake3_impl_name(impls[k]), n);
                    t__cur_failed = 1;
                }
            }
            if (memcmp(want, got, olen)) {
                fprintf(stderr, "  %s: length %zu mode %d differs from portable\n",
                        hfhub_blake3_impl_name(impls[k]), n, mode);
                t__cur_failed = 1;
                break;
            }
        }
    }
    hfhub_blake3_use(HFHUB_BLAKE3_AUTO);
    fprintf(stderr, "  (%d SIMD back ends compared with portable)\n", tested);
    free(d);
}

/* Keyed hashes against Debian's b3sum --keyed on random inputs of many sizes. */
static void test_against_b3sum(void) {
    static const size_t sizes[] = {0, 1, 63, 64, 65, 1000, 1023, 1024, 1025, 2048, 3073, 8191,
                                   8192, 16385, 65536, 100001, 131072, 1000000, 3333333};
    size_t nsizes = sizeof(sizes) / sizeof(sizes[0]) - (t_light() ? 2 : 0);
    char dir[] = "/tmp/hfhub_b3_XXXXXX", path[256], keypath[256], cmd[1024];
    uint64_t rs = 99;
    uint8_t key[32];
    size_t s, i;
    if (system("b3sum --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "  b3sum not installed (Debian package b3sum): cannot compare\n");
        t__cur_failed = 1;
        return;
    }
    if (!mkdtemp(dir)) { t__cur_failed = 1; return; }
    for (i = 0; i < 32; i++) key[i] = (uint8_t)t_rand(&rs);
    snprintf(keypath, sizeof(keypath), "%s/key", dir);
    { FILE *f = fopen(keypath, "wb"); fwrite(key, 1, 32, f); fclose(f); }
    for (s = 0; s < nsizes; s++) {
        size_t n = sizes[s];
        uint8_t *d = (uint8_t *)malloc(n + 1), out[32];
        char mine[65], theirs[80] = "";
        FILE *p;
        for (i = 0; i < n; i++) d[i] = (uint8_t)t_rand(&rs);
        snprintf(path, sizeof(path), "%s/in", dir);
        { FILE *f = fopen(path, "wb"); fwrite(d, 1, n, f); fclose(f); }
        snprintf(cmd, sizeof(cmd), "b3sum --keyed --no-names '%s' < '%s'", path, keypath);
        p = popen(cmd, "r");
        if (p) {
            if (!fgets(theirs, sizeof(theirs), p)) theirs[0] = 0;
            pclose(p);
        }
        theirs[64] = 0;
        hfhub_blake3_keyed(key, d, n, out);
        t_hex(out, 32, mine);
        if (strcmp(mine, theirs)) {
            fprintf(stderr, "  size %zu: ours %s, b3sum %s\n", n, mine, theirs);
            t__cur_failed = 1;
        }
        free(d);
    }
    unlink(path);
    unlink(keypath);
    rmdir(dir);
}

int main(void) {
    hfhub_json_doc *doc = t_vector_json("blake3/test_vectors.json");
    g_vectors = hfhub_json_root(doc);
    g_key = tj_s(g_vectors, "key");
    g_context = tj_s(g_vectors, "context_string");
    if (!g_key || strlen(g_key) != 32 || !g_context) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    RUN(test_backend_selection);
    for (g_impl = HFHUB_BLAKE3_PORTABLE; g_impl <= HFHUB_BLAKE3_NEON;
         g_impl = (hfhub_blake3_impl)(g_impl + 1)) {
        if (!hfhub_blake3_supported(g_impl)) continue;
        fprintf(stderr, "  (vectors with %s)\n", hfhub_blake3_impl_name(g_impl));
        RUN(test_vectors);
    }
    RUN(test_simd_vs_portable);
    RUN(test_against_b3sum);
    hfhub_json_free(doc);
    return TEST_END();
}
