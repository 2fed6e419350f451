/* sha256_bench.c: hashes a file with one SHA-256 implementation of hfhub.
 *   sha256_bench FILE IMPL     IMPL: auto | portable | sha-ni | armv8 | avx2 | openssl
 * Prints "IMPL SECONDS HEXDIGEST" (the time covers reading and hashing, like `openssl dgst`),
 * or exits 2 when IMPL is not available here. */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    static unsigned char buf[1 << 20];
    static const hfhub_sha256_impl impls[] = {HFHUB_SHA256_AUTO, HFHUB_SHA256_PORTABLE,
                                              HFHUB_SHA256_SHANI, HFHUB_SHA256_ARMV8,
                                              HFHUB_SHA256_OPENSSL, HFHUB_SHA256_AVX2};
    hfhub_sha256_ctx c;
    unsigned char d[32];
    char hex[65];
    size_t i;
    ssize_t n;
    double t0;
    int fd;
    hfhub_sha256_impl impl = HFHUB_SHA256_AUTO, used;
    int known = 0;
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE auto|portable|sha-ni|armv8|avx2|openssl\n", argv[0]);
        return 1;
    }
    for (i = 0; i < sizeof impls / sizeof impls[0]; i++)
        if (!strcmp(argv[2], hfhub_sha256_impl_name(impls[i]))) { impl = impls[i]; known = 1; }
    if (!known) {
        fprintf(stderr, "unknown implementation %s\n", argv[2]);
        return 1;
    }
    if (hfhub_sha256_init_impl(&c, impl) != HFHUB_OK) return 2;
    used = c.impl; /* what AUTO resolved to */
    fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 1; }
    t0 = now();
    while ((n = read(fd, buf, sizeof buf)) > 0) hfhub_sha256_update(&c, buf, (size_t)n);
    hfhub_sha256_final(&c, d);
    hfhub_hex_encode(d, 32, hex);
    printf("%s %.4f %s\n", hfhub_sha256_impl_name(used), now() - t0, hex);
    close(fd);
    return n < 0;
}
