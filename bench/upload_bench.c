/* upload_bench.c: the two halves of bench/upload.sh.
 *   upload_bench sha FILE                    SHA-256 of FILE as the commit's hash pass reads it
 *                                            (1 MiB reads); prints "seconds hex"
 *   upload_bench upload ENDPOINT TOKEN REPO FILE PATH_IN_REPO
 *                                            hfhub_upload_file of FILE (hash pass, preupload,
 *                                            LFS batch, PUT, verify, commit); prints
 *                                            "total_seconds hash_seconds put_seconds" (the
 *                                            phases from the progress callbacks) */
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

/* First and last progress report of a phase. */
typedef struct phase { double first, last; } phase;

static int on_progress(void *user, const hfhub_progress *p) {
    phase *ph = (phase *)user;
    double t = now();
    (void)p;
    if (ph->first == 0) ph->first = t;
    ph->last = t;
    return 0;
}

static int on_hash(void *user, const hfhub_progress *p) { return on_progress((phase *)user + 1, p); }

static int upload(const char *endpoint, const char *token, const char *repo, const char *path, const char *in_repo) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    hfhub_commit_info *ci = NULL;
    hfhub_upload_opts o;
    phase ph[2]; /* the PUT, the hash pass */
    hfhub_result r;
    double t0;
    memset(ph, 0, sizeof ph);
    memset(&o, 0, sizeof o);
    o.commit.progress = on_progress;
    o.commit.hash_progress = on_hash;
    o.commit.progress_user = ph;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = endpoint;
    cfg.token = token;
    cfg.proxy = "";
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) return 1;
    t0 = now();
    r = hfhub_upload_file(c, repo, path, in_repo, &o, &ci);
    if (r) fprintf(stderr, "upload: %s\n", hfhub_last_error()->message);
    else printf("%.3f %.3f %.3f\n", now() - t0, ph[1].last - t0, ph[0].last - ph[0].first);
    hfhub_free(c, ci);
    hfhub_client_free(c);
    return r != HFHUB_OK;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "sha")) return sha(argv[2]);
    if (argc == 7 && !strcmp(argv[1], "upload")) return upload(argv[2], argv[3], argv[4], argv[5], argv[6]);
    fprintf(stderr, "usage: upload_bench sha FILE | upload ENDPOINT TOKEN REPO FILE PATH_IN_REPO\n");
    return 2;
}
