/* cache_fixture.h: builds a Hugging Face cache in a temp folder the way Python lays it out
 * (spec/hub-api.md §2.2): blobs named by etag, refs (with refs/pr/1), snapshots of relative
 * symlinks, .no_exist, .locks, CACHEDIR.TAG, an interrupted download, and corrupt entries. */
#ifndef HFHUB_CACHE_FIXTURE_H
#define HFHUB_CACHE_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

/* The blobs of models--org--model: A and C are regular files (git blob ids), B is LFS. */
#define FX_A "{\"model_type\": \"gpt2\"}\n"
#define FX_B "pretend these are weights: 0123456789abcdef0123456789abcdef"
#define FX_C "{\"model_type\": \"gpt1\"}\n"
#define FX_COMMIT1 "1111111111111111111111111111111111111111"
#define FX_COMMIT2 "2222222222222222222222222222222222222222"
#define FX_COMMIT3 "3333333333333333333333333333333333333333"
#define FX_COMMIT4 "4444444444444444444444444444444444444444"
#define FX_COMMIT5 "5555555555555555555555555555555555555555"
#define FX_CSV4 "a,b\n1,2\n"
#define FX_CSV5 "a,b\n1,2\n3,4\n"
#define FX_INCOMPLETE "partial"
#define FX_ORPHAN "orphaned blob\n"  /* a blob no snapshot links to */

static char fx_root[256];       /* the cache folder */
static char fx_a[41], fx_b[65], fx_c[41], fx_o[41];

static void fx_mkdirs(const char *path) {
    char tmp[1024];
    size_t i, n = strlen(path);
    memcpy(tmp, path, n + 1);
    for (i = 1; i <= n; i++)
        if (tmp[i] == '/' || tmp[i] == 0) {
            char c = tmp[i];
            tmp[i] = 0;
            mkdir(tmp, 0755);
            tmp[i] = c;
        }
}

/* Writes root/rel (parents created). */
static void fx_write(const char *rel, const char *data) {
    char path[1024], dir[1024];
    FILE *f;
    char *slash;
    snprintf(path, sizeof path, "%s/%s", fx_root, rel);
    memcpy(dir, path, sizeof dir);
    slash = strrchr(dir, '/');
    *slash = 0;
    fx_mkdirs(dir);
    f = fopen(path, "wb");
    if (f) { fputs(data, f); fclose(f); }
}

static void fx_link(const char *target, const char *rel) {
    char path[1024], dir[1024];
    char *slash;
    snprintf(path, sizeof path, "%s/%s", fx_root, rel);
    memcpy(dir, path, sizeof dir);
    slash = strrchr(dir, '/');
    *slash = 0;
    fx_mkdirs(dir);
    if (symlink(target, path) != 0) fprintf(stderr, "symlink %s: %s\n", path, strerror(errno));
}

/* Sets atime and mtime of root/rel (seconds since the epoch). */
static void fx_times(const char *rel, long atime, long mtime) {
    char path[1024];
    struct timeval tv[2];
    snprintf(path, sizeof path, "%s/%s", fx_root, rel);
    tv[0].tv_sec = atime; tv[0].tv_usec = 0;
    tv[1].tv_sec = mtime; tv[1].tv_usec = 0;
    utimes(path, tv);
}

static void fx_path(char *out, size_t cap, const char *rel) { snprintf(out, cap, "%s/%s", fx_root, rel); }

/* A fresh cache in a new temp folder. */
static void fx_build(void) {
    char rel[512];
    unsigned char d[32];
    snprintf(fx_root, sizeof fx_root, "/tmp/hfhub_cache_XXXXXX");
    if (!mkdtemp(fx_root)) { perror("mkdtemp"); exit(1); }
    hfhub_git_blob_sha1_hex(FX_A, strlen(FX_A), fx_a);
    hfhub_git_blob_sha1_hex(FX_C, strlen(FX_C), fx_c);
    hfhub_git_blob_sha1_hex(FX_ORPHAN, strlen(FX_ORPHAN), fx_o);
    hfhub_sha256(FX_B, strlen(FX_B), d);
    hfhub_hex_encode(d, 32, fx_b);

    fx_write("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n");
    fx_write(".locks/models--org--model/x.lock", "");
    fx_write(".DS_Store", "");
    /* a healthy model: main -> 1, refs/pr/1 -> 2, 3 detached */
    snprintf(rel, sizeof rel, "models--org--model/blobs/%s", fx_a); fx_write(rel, FX_A); fx_times(rel, 1500, 1000);
    snprintf(rel, sizeof rel, "models--org--model/blobs/%s", fx_b); fx_write(rel, FX_B); fx_times(rel, 2500, 2000);
    snprintf(rel, sizeof rel, "models--org--model/blobs/%s", fx_c); fx_write(rel, FX_C); fx_times(rel, 3500, 3000);
    snprintf(rel, sizeof rel, "models--org--model/blobs/%s.0badc0de.incomplete", fx_b); fx_write(rel, FX_INCOMPLETE);
    snprintf(rel, sizeof rel, "models--org--model/blobs/%s", fx_o); fx_write(rel, FX_ORPHAN);
    fx_write("models--org--model/refs/main", FX_COMMIT1);
    fx_write("models--org--model/refs/refs/pr/1", FX_COMMIT2);
    snprintf(rel, sizeof rel, "../../blobs/%s", fx_a); fx_link(rel, "models--org--model/snapshots/" FX_COMMIT1 "/config.json");
    snprintf(rel, sizeof rel, "../../../blobs/%s", fx_b); fx_link(rel, "models--org--model/snapshots/" FX_COMMIT1 "/sub/model.bin");
    snprintf(rel, sizeof rel, "../../blobs/%s", fx_c); fx_link(rel, "models--org--model/snapshots/" FX_COMMIT2 "/config.json");
    snprintf(rel, sizeof rel, "../../../blobs/%s", fx_b); fx_link(rel, "models--org--model/snapshots/" FX_COMMIT2 "/sub/model.bin");
    snprintf(rel, sizeof rel, "../../blobs/%s", fx_c); fx_link(rel, "models--org--model/snapshots/" FX_COMMIT3 "/config.json");
    fx_write("models--org--model/.no_exist/" FX_COMMIT1 "/missing.txt", "");
    /* a dataset whose files were copied instead of linked (no-symlink mode); 5 detached */
    fx_write("datasets--squad/refs/main", FX_COMMIT4);
    fx_write("datasets--squad/snapshots/" FX_COMMIT4 "/data.csv", FX_CSV4);
    fx_times("datasets--squad/snapshots/" FX_COMMIT4 "/data.csv", 4500, 4000);
    fx_write("datasets--squad/snapshots/" FX_COMMIT5 "/data.csv", FX_CSV5);
    fx_times("datasets--squad/snapshots/" FX_COMMIT5 "/data.csv", 5500, 5000);
    /* corrupt entries */
    fx_write("not-a-repo/file", "x");                                   /* no "--" */
    fx_write("models--afile", "x");                                      /* a file */
    fx_write("kernels--org--k/snapshots/" FX_COMMIT1 "/f", "x");        /* bad type */
    fx_write("models--nosnap/refs/main", FX_COMMIT1);                    /* no snapshots */
    fx_write("spaces--org--app/refs/main", FX_COMMIT2);                  /* ref to nowhere */
    fx_write("spaces--org--app/snapshots/" FX_COMMIT1 "/app.py", "print(1)\n");
    fx_link("../../blobs/0000000000000000000000000000000000000000",
            "models--org--broken/snapshots/" FX_COMMIT1 "/gone.txt");       /* broken link */
}

static void fx_destroy(void) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_root);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", fx_root);
}

#endif
