/* upload_bench.c: the two halves of bench/upload.sh.
 *   upload_bench sha FILE                    SHA-256 of FILE as the commit's hash pass reads it
 *                                            (1 MiB reads); prints "seconds hex"
 *   upload_bench upload ENDPOINT TOKEN REPO FILE
 *                                            hfhub_upload_file of FILE as "big.bin" (hash pass,
 *                                            preupload, LFS batch, PUT, verify, commit);
 *                                            prints "total_seconds" */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sha(const char *path) {
    static unsigned char buf[1 << 20];
    unsigned char d[32];
    char hex[65];
    hfhub_sha256_ctx c;
    FILE *f = fopen(path, "rb");
    size_t n;
    double t0 = now();
    if (!f) return 1;
    hfhub_sha256_init(&c);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) hfhub_sha256_update(&c, buf, n);
    fclose(f);
    hfhub_sha256_final(&c, d);
    hfhub_hex_encode(d, 32, hex);
    printf("%.3f %s\n", now() - t0, hex);
    return 0;
}

static int upload(const char *endpoint, const char *token, const char *repo, const char *path) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    hfhub_commit_info *ci = NULL;
    hfhub_result r;
    double t0;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = endpoint;
    cfg.token = token;
    cfg.proxy = "";
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) return 1;
    t0 = now();
    r = hfhub_upload_file(c, repo, path, "big.bin", NULL, &ci);
    if (r) fprintf(stderr, "upload: %s\n", hfhub_last_error()->message);
    else printf("%.3f\n", now() - t0);
    hfhub_free(c, ci);
    hfhub_client_free(c);
    return r != HFHUB_OK;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "sha")) return sha(argv[2]);
    if (argc == 6 && !strcmp(argv[1], "upload")) return upload(argv[2], argv[3], argv[4], argv[5]);
    fprintf(stderr, "usage: upload_bench sha FILE | upload ENDPOINT TOKEN REPO FILE\n");
    return 2;
}
