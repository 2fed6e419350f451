/* test_sha1.c: SHA-1 against FIPS 180 vectors, against `sha1sum` on random files fed in
 * random pieces, and git's blob ids against `git hash-object` values. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include <unistd.h>

static uint64_t t_rng = 0x243F6A8885A308D3ull;
static uint32_t t_rand(void) { /* xorshift64* */
    t_rng ^= t_rng >> 12;
    t_rng ^= t_rng << 25;
    t_rng ^= t_rng >> 27;
    return (uint32_t)((t_rng * 0x2545F4914F6CDD1Dull) >> 32);
}

/* hex digest of data fed in pieces of at most `piece` bytes */
static void t_digest(const void *data, size_t n, size_t piece, char hex[41]) {
    hfhub_sha1_ctx c;
    unsigned char d[20];
    size_t off = 0;
    hfhub_sha1_init(&c);
    while (off < n) {
        size_t k = n - off < piece ? n - off : piece;
        hfhub_sha1_update(&c, (const unsigned char *)data + off, k);
        off += k;
    }
    hfhub_sha1_final(&c, d);
    hfhub_hex_encode(d, 20, hex);
}

static void test_fips_vectors(void) {
    static const char *msgs[] = {
        "", "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"};
    static const char *want[] = {
        "da39a3ee5e6b4b0d3255bfef95601890afd80709", "a9993e364706816aba3e25717850c26c9cd0d89d",
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1", "a49b2446a02c645bf419f995b67091253a04a259"};
    size_t i, piece;
    char hex[41];
    unsigned char d[20];
    for (i = 0; i < 4; i++) {
        hfhub_sha1(msgs[i], strlen(msgs[i]), d);
        hfhub_hex_encode(d, 20, hex);
        CHECK_STR(hex, want[i]);
        for (piece = 1; piece < 70; piece += 7) {
            t_digest(msgs[i], strlen(msgs[i]), piece, hex);
            CHECK_STR(hex, want[i]);
        }
    }
}

static void test_million_a(void) {
    static char buf[1000000];
    char hex[41];
    memset(buf, 'a', sizeof buf);
    t_digest(buf, sizeof buf, 4096 + 3, hex);
    CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* Random files of lengths around block boundaries, checked against the sha1sum tool. */
static void test_against_sha1sum(void) {
    static const size_t lens[] = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65537, 300001};
    char path[] = "/tmp/hfhub_sha1_XXXXXX";
    size_t i, j;
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    close(fd);
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        unsigned char *data = (unsigned char *)malloc(lens[i] + 1);
        char cmd[128], want[64] = {0}, hex[41];
        FILE *f, *p;
        for (j = 0; j < lens[i]; j++) data[j] = (unsigned char)t_rand();
        f = fopen(path, "wb");
        CHECK(f != NULL);
        if (!f) { free(data); break; }
        fwrite(data, 1, lens[i], f);
        fclose(f);
        snprintf(cmd, sizeof cmd, "sha1sum %s", path);
        p = popen(cmd, "r");
        CHECK(p != NULL);
        if (p) {
            CHECK(fgets(want, sizeof want, p) != NULL);
            pclose(p);
            want[40] = 0;
            t_digest(data, lens[i], 1 + t_rand() % 200, hex);
            CHECK_STR(hex, want);
        }
        free(data);
    }
    remove(path);
}

/* `printf 'x' | git hash-object --stdin` values (git's blob ids). */
static void test_git_blob(void) {
    char hex[41];
    hfhub_sha1_ctx c;
    unsigned char d[20];
    hfhub_git_blob_sha1_hex("", 0, hex);
    CHECK_STR(hex, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    hfhub_git_blob_sha1_hex("hello world\n", 12, hex);
    CHECK_STR(hex, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
    hfhub_git_blob_init(&c, 12); /* streaming gives the same id */
    hfhub_sha1_update(&c, "hello ", 6);
    hfhub_sha1_update(&c, "world\n", 6);
    hfhub_sha1_final(&c, d);
    hfhub_hex_encode(d, 20, hex);
    CHECK_STR(hex, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
}

int main(void) {
    RUN(test_fips_vectors);
    RUN(test_million_a);
    RUN(test_against_sha1sum);
    RUN(test_git_blob);
    return TEST_END();
}
