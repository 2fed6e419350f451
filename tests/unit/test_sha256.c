/* test_sha256.c: SHA-256 against FIPS 180 vectors, against `sha256sum` on random files, and
 * every implementation available here against the portable one on random lengths/splits. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include <unistd.h>

static const hfhub_sha256_impl t_impls[] = {HFHUB_SHA256_PORTABLE, HFHUB_SHA256_SHANI,
                                            HFHUB_SHA256_ARMV8, HFHUB_SHA256_OPENSSL, HFHUB_SHA256_AVX2};
#define T_NIMPL (sizeof t_impls / sizeof t_impls[0])

static uint64_t t_rng = 0x9E3779B97F4A7C15ull;
static uint32_t t_rand(void) { /* xorshift64* */
    t_rng ^= t_rng >> 12;
    t_rng ^= t_rng << 25;
    t_rng ^= t_rng >> 27;
    return (uint32_t)((t_rng * 0x2545F4914F6CDD1Dull) >> 32);
}
static void t_fill(unsigned char *p, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) p[i] = (unsigned char)t_rand();
}

/* hex digest of data with one implementation, fed in pieces of at most `piece` bytes */
static int t_digest(hfhub_sha256_impl impl, const void *data, size_t n, size_t piece, char hex[65]) {
    hfhub_sha256_ctx c;
    unsigned char d[32];
    size_t off = 0;
    if (hfhub_sha256_init_impl(&c, impl) != HFHUB_OK) return -1;
    while (off < n) {
        size_t k = n - off < piece ? n - off : piece;
        hfhub_sha256_update(&c, (const unsigned char *)data + off, k);
        off += k;
    }
    hfhub_sha256_final(&c, d);
    hfhub_hex_encode(d, 32, hex);
    return 0;
}

static void test_fips_vectors(void) {
    static const char *msgs[] = {
        "", "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"};
    static const char *want[] = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"};
    size_t i, m;
    char hex[65];
    unsigned char d[32];
    char *million = (char *)malloc(1000000);
    memset(million, 'a', 1000000);
    for (m = 0; m < T_NIMPL; m++) {
        if (!hfhub_sha256_available(t_impls[m])) continue;
        for (i = 0; i < 4; i++) {
            CHECK_INT(t_digest(t_impls[m], msgs[i], strlen(msgs[i]), 1000, hex), 0);
            CHECK_STR(hex, want[i]);
            CHECK_INT(t_digest(t_impls[m], msgs[i], strlen(msgs[i]), 1, hex), 0);
            CHECK_STR(hex, want[i]);
        }
        CHECK_INT(t_digest(t_impls[m], million, 1000000, 1000000, hex), 0);
        CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        CHECK_INT(t_digest(t_impls[m], million, 1000000, 77, hex), 0);
        CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
    { /* empty updates (even with NULL) change nothing */
        hfhub_sha256_ctx c;
        hfhub_sha256_init(&c);
        hfhub_sha256_update(&c, "a", 1);
        hfhub_sha256_update(&c, NULL, 0);
        hfhub_sha256_update(&c, "bc", 2);
        hfhub_sha256_final(&c, d);
        hfhub_hex_encode(d, 32, hex);
        CHECK_STR(hex, want[1]);
    }
    hfhub_sha256("abc", 3, d);
    hfhub_hex_encode(d, 32, hex);
    CHECK_STR(hex, want[1]);
    free(million);
}

static void test_impl_selection(void) {
    hfhub_sha256_ctx c;
    CHECK(hfhub_sha256_available(HFHUB_SHA256_PORTABLE));
    CHECK(hfhub_sha256_available(hfhub_sha256_best()));
    hfhub_sha256_init(&c);
    CHECK_INT(c.impl, hfhub_sha256_best());
    hfhub_sha256_discard(&c);
    hfhub_sha256_discard(&c); /* idempotent, also after final (valgrind sees no double free) */
    {
        unsigned char d[32];
        hfhub_sha256_init(&c);
        hfhub_sha256_final(&c, d);
        hfhub_sha256_discard(&c);
    }
#if defined(HFHUB_TLS_OPENSSL)
    CHECK_INT(hfhub_sha256_best(), HFHUB_SHA256_OPENSSL);
#else
    CHECK(!hfhub_sha256_available(HFHUB_SHA256_OPENSSL));
    CHECK_INT(hfhub_sha256_init_impl(&c, HFHUB_SHA256_OPENSSL), HFHUB_ERR_UNSUPPORTED);
#endif
#if defined(__x86_64__) && defined(__linux__)
    { /* our CPUID check agrees with the kernel's CPU flags (valgrind's CPU has no SHA, so
       * there only "we detect it => the kernel lists it" holds) */
        char *info = t_read_file("/proc/cpuinfo", NULL);
        if (info) {
            int kernel = strstr(info, " sha_ni") != NULL, ours = hfhub_sha256_available(HFHUB_SHA256_SHANI);
            if (getenv("HFHUB_UNDER_VALGRIND")) CHECK(!ours || kernel);
            else CHECK_INT(ours, kernel);
            free(info);
        }
    }
#endif
    CHECK_STR(hfhub_sha256_impl_name(HFHUB_SHA256_SHANI), "sha-ni");
    {
        size_t m;
        for (m = 0; m < T_NIMPL; m++)
            if (hfhub_sha256_available(t_impls[m]))
                fprintf(stderr, "  sha256 implementation available: %s\n",
                        hfhub_sha256_impl_name(t_impls[m]));
    }
}

/* Each available implementation against the portable one, random lengths and splits. */
static void test_impls_agree(void) {
    size_t bufsz = 300000, iter, m;
    unsigned char *buf = (unsigned char *)malloc(bufsz);
    char ref[65], got[65];
    t_fill(buf, bufsz);
    for (iter = 0; iter < 400; iter++) {
        size_t n = iter < 200 ? iter : t_rand() % bufsz;
        size_t off = t_rand() % 16; /* unaligned input too */
        size_t piece = 1 + t_rand() % (iter % 3 ? 200 : 100000);
        if (off + n > bufsz) n = bufsz - off;
        t_digest(HFHUB_SHA256_PORTABLE, buf + off, n, n ? n : 1, ref);
        for (m = 0; m < T_NIMPL; m++) {
            if (!hfhub_sha256_available(t_impls[m])) continue;
            CHECK_INT(t_digest(t_impls[m], buf + off, n, piece, got), 0);
            if (strcmp(ref, got)) {
                fprintf(stderr, "  %s differs at length %lu split %lu\n",
                        hfhub_sha256_impl_name(t_impls[m]), (unsigned long)n, (unsigned long)piece);
                CHECK_STR(got, ref);
                iter = 400;
                break;
            }
        }
    }
    free(buf);
}

/* Random files of many sizes (block boundaries, 0..200 KiB, a few MB) against sha256sum. */
static void test_against_sha256sum(void) {
    static const size_t sizes[] = {0, 1, 2, 3, 31, 32, 33, 54, 55, 56, 57, 63, 64, 65, 111, 112,
                                   119, 120, 127, 128, 129, 191, 192, 193, 1000, 4095, 4096,
                                   4097, 65535, 65536, 65537, 100000, 150001, 204799, 204800,
                                   3 * 1024 * 1024 + 7, 5 * 1000 * 1000};
    enum { NFIXED = sizeof sizes / sizeof sizes[0], NRAND = 24, NALL = NFIXED + NRAND };
    char dir[] = "/tmp/hfhub_sha256_XXXXXX", path[128], cmd[256], line[512];
    size_t lens[NALL], i, m, maxlen = 5 * 1000 * 1000;
    unsigned char *buf = (unsigned char *)malloc(maxlen);
    FILE *p;
    size_t seen = 0;
    if (!mkdtemp(dir)) { CHECK(!"mkdtemp"); free(buf); return; }
    for (i = 0; i < NALL; i++) {
        FILE *f;
        lens[i] = i < NFIXED ? sizes[i] : t_rand() % (200 * 1024 + 1);
        t_fill(buf, lens[i]);
        snprintf(path, sizeof path, "%s/f%03lu", dir, (unsigned long)i);
        f = fopen(path, "wb");
        CHECK(f != NULL);
        if (!f) break;
        if (lens[i]) fwrite(buf, 1, lens[i], f);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "cd %s && sha256sum f*", dir);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    while (p && fgets(line, sizeof line, p)) {
        char want[65], name[64];
        size_t len, idx;
        char *data;
        if (sscanf(line, "%64s %63s", want, name) != 2) continue;
        idx = (size_t)strtoul(name + 1, NULL, 10);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        data = t_read_file(path, &len);
        CHECK(data && idx < NALL && len == lens[idx]);
        if (!data) continue;
        for (m = 0; m < T_NIMPL; m++) {
            char got[65];
            if (!hfhub_sha256_available(t_impls[m])) continue;
            t_digest(t_impls[m], data, len, 4096 + 3, got);
            if (strcmp(got, want))
                fprintf(stderr, "  %s: size %lu\n", hfhub_sha256_impl_name(t_impls[m]), (unsigned long)len);
            CHECK_STR(got, want);
        }
        free(data);
        remove(path);
        seen++;
    }
    if (p) CHECK_INT(pclose(p), 0);
    CHECK_INT(seen, NALL);
    rmdir(dir);
    free(buf);
}

int main(void) {
    RUN(test_fips_vectors);
    RUN(test_impl_selection);
    RUN(test_impls_agree);
    RUN(test_against_sha256sum);
    return TEST_END();
}
