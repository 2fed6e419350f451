/* test_commit_sparse.c: a file above 4 GiB (a sparse file: ftruncate plus a few bytes near
 * 0, 2^31, 2^32 and the end) uploaded with hfhub_upload_file through an LFS multipart upload.
 * Every size and offset above 2^32 must survive: the preupload and LFS batch sizes, the part
 * offsets and Content-Lengths, SHA-256 over the whole file, the commit's lfsFile size; then
 * the same bytes again as one single PUT (a Content-Length above 2^32).
 * localhub writes zero chunks as holes, so the object costs no disk there either; its
 * completion step recomputes the SHA-256 (it refuses a mismatch), and the test compares the
 * oid sent with the file's known SHA-256.
 * Under valgrind the same layout is 64 MiB + 12345 bytes (hashing 4 GiB would take minutes).
 * The test is skipped (counted as passed) only when the filesystem refuses sparse files. */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include "test.h"
#include "localhub.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static t_hub hub;
static hfhub_client *wc;
static uint64_t base;                 /* 2^32 (2^26 under valgrind) */
static uint64_t total;                /* base + 12345 */
static uint64_t chunk;                /* multipart part size: base / 16 + 1, so 17 parts */
static char path[300];

/* SHA-256 of the file's content (zeros and the four markers of t_make_sparse), computed
 * apart from this library by `openssl dgst -sha256` and `sha256sum` (hashing 4 GiB again
 * on every run would double the test's time). */
#define T_SHA_4G "e552c7168d0cee3a8611a8417a0ecde53adf544ed49b51a7043a0ddefe114874"
#define T_SHA_64M "9b59eaf92dd9aaf2195fb526ad0cf770dc8043d6df610b0690ae685ae518efba"

/* A folder with room for the few KiB a sparse file really takes (the hub keeps its copy
 * under /tmp, sparse too). */
static const char *t_room(void) {
    const char *cands[3];
    struct statvfs v;
    int k;
    cands[0] = getenv("TMPDIR");
    cands[1] = "/tmp";
    cands[2] = "/var/tmp";
    for (k = 0; k < 3; k++)
        if (cands[k] && *cands[k] && statvfs(cands[k], &v) == 0 && (uint64_t)v.f_bavail * v.f_frsize > (64u << 20))
            return cands[k];
    return NULL;
}

/* Writes s at off. */
static int t_poke(int fd, uint64_t off, const char *s) {
    return pwrite(fd, s, strlen(s), (off_t)off) == (ssize_t)strlen(s) ? 0 : -1;
}

/* Creates the sparse file; 1 when the filesystem keeps it sparse, 0 when it does not (or
 * cannot hold a file that large; the file is removed), -1 on an error. */
static int t_make_sparse(void) {
    struct stat st;
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), ok;
    if (fd < 0) return -1;
    if (ftruncate(fd, (off_t)total) != 0) {
        ok = errno == EFBIG || errno == EINVAL;
        close(fd);
        unlink(path);
        return ok ? 0 : -1;
    }
    ok = t_poke(fd, 0, "HEAD") == 0 && t_poke(fd, base / 2 - 3, "<2^31>") == 0 &&
         t_poke(fd, base - 3, "<2^32>") == 0 && t_poke(fd, total - 5, "TAIL!") == 0;
    if (close(fd) != 0 || !ok || stat(path, &st) != 0) return -1;
    if ((uint64_t)st.st_size != total) return -1;
    if ((uint64_t)st.st_blocks * 512 > total / 2) {
        unlink(path);
        return 0;
    }
    return 1;
}

/* The logged requests matching server, method and a path regex (a JSON list). */
static hfhub_json_doc *t_log_entries(const char *server, const char *method, const char *path_re) {
    char q[300];
    hfhub_json_doc *doc = NULL;
    snprintf(q, sizeof q, "log?server=%s&method=%s&path=%s", server, method, path_re);
    return t_hub_admin(&hub, "GET", q, NULL, &doc) == HFHUB_OK ? doc : NULL;
}

/* The JSON body of the one logged request matching; NULL when not exactly one. */
static hfhub_json_doc *t_logged_body(const char *method, const char *path_re) {
    hfhub_json_doc *log = t_log_entries("hub", method, path_re), *body = NULL;
    const hfhub_json_value *list = hfhub_json_root(log);
    const char *text = hfhub_json_str(hfhub_json_get(hfhub_json_at(list, 0), "body"), NULL);
    if (hfhub_json_len(list) == 1 && text) hfhub_json_parse(text, strlen(text), NULL, &body);
    hfhub_json_free(log);
    return body;
}

/* The parts: 17 PUTs whose Content-Lengths (and bytes received) add up to the size, part n
 * being chunk bytes except the last. */
static void t_check_parts(void) {
    hfhub_json_doc *log = t_log_entries("cdn", "PUT", "/multipart/");
    const hfhub_json_value *list = hfhub_json_root(log);
    uint64_t sum = 0, received = 0;
    size_t k;
    CHECK_INT(hfhub_json_len(list), 17);
    for (k = 0; k < hfhub_json_len(list); k++) {
        const hfhub_json_value *e = hfhub_json_at(list, k);
        const char *p = hfhub_json_str(hfhub_json_get(e, "path"), "");
        const char *cl = hfhub_json_str(hfhub_json_path(e, "headers.content-length"), "0");
        const char *slash = strrchr(p, '/');
        long part = slash ? strtol(slash + 1, NULL, 10) : 0;
        uint64_t len = strtoull(cl, NULL, 10);
        CHECK_INT(hfhub_json_int(hfhub_json_get(e, "status"), 0), 200);
        CHECK_INT(len, part == 17 ? total - 16 * chunk : chunk);
        sum += len;
        received += (uint64_t)hfhub_json_int(hfhub_json_get(e, "request_bytes"), 0);
    }
    CHECK_INT(sum, total);
    CHECK_INT(received, total);
    hfhub_json_free(log);
}

/* The sizes in the preupload, LFS batch and commit payloads; the oid in the two latter. */
static void t_check_payloads(const char *sha) {
    hfhub_json_doc *d = t_logged_body("POST", "/preupload/main$");
    const hfhub_json_value *o;
    hfhub_json_doc *log;
    const char *ndjson, *line;
    int lfs_lines = 0;
    CHECK_INT(hfhub_json_int(hfhub_json_path(hfhub_json_root(d), "files.0.size"), 0), total);
    hfhub_json_free(d);
    d = t_logged_body("POST", "objects/batch$");
    o = hfhub_json_path(hfhub_json_root(d), "objects.0");
    CHECK_INT(hfhub_json_int(hfhub_json_get(o, "size"), 0), total);
    CHECK_STR(hfhub_json_str(hfhub_json_get(o, "oid"), NULL), sha);
    hfhub_json_free(d);
    d = t_logged_body("POST", "objects/verify$");
    CHECK_INT(hfhub_json_int(hfhub_json_get(hfhub_json_root(d), "size"), 0), total);
    hfhub_json_free(d);
    /* the commit is NDJSON: one lfsFile line for the file */
    log = t_log_entries("hub", "POST", "/commit/main$");
    ndjson = hfhub_json_str(hfhub_json_get(hfhub_json_at(hfhub_json_root(log), 0), "body"), "");
    for (line = ndjson; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (hfhub_json_parse(line, n, NULL, &d) == HFHUB_OK) {
            const hfhub_json_value *r = hfhub_json_root(d);
            if (!strcmp(hfhub_json_str(hfhub_json_get(r, "key"), ""), "lfsFile")) {
                lfs_lines++;
                CHECK_STR(hfhub_json_str(hfhub_json_path(r, "value.path"), NULL), "big/sparse.bin");
                CHECK_STR(hfhub_json_str(hfhub_json_path(r, "value.oid"), NULL), sha);
                CHECK_INT(hfhub_json_int(hfhub_json_path(r, "value.size"), 0), total);
            }
            hfhub_json_free(d);
        }
        line += n + (end != NULL);
    }
    CHECK_INT(lfs_lines, 1);
    hfhub_json_free(log);
}

/* The same file as one basic PUT (Content-Length above 2^32). The hash is known (the commit
 * is given it as upload_large_folder gives its saved state), so only the transfer runs
 * again; the stored object is removed first so that the batch asks for the upload. */
static void t_single_put(const char *sha, const char *objpath) {
    hfhub_commit_op op = hfhub_op_add_file("again.bin", path);
    hfhub__commit_prep prep;
    hfhub_commit_info *ci = NULL;
    hfhub_json_doc *log;
    const hfhub_json_value *e;
    struct stat st;
    char conf[200];
    memset(&prep, 0, sizeof prep);
    snprintf(prep.sha256, sizeof prep.sha256, "%s", sha);
    prep.size = total;
    prep.lfs = 1;
    CHECK_OK(hfhub__fs_mtime(path, &prep.mtime));
    CHECK(unlink(objpath) == 0);
    snprintf(conf, sizeof conf, "{\"multipart_threshold\": %llu}", (unsigned long long)total * 2);
    CHECK_OK(t_hub_admin(&hub, "POST", "config", conf, NULL));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub__create_commit_url(wc, "user/big", &op, 1, "single PUT", NULL, NULL, NULL, &prep, &ci));
    hfhub_free(wc, ci);
    log = t_log_entries("cdn", "PUT", "/upload/");
    e = hfhub_json_at(hfhub_json_root(log), 0);
    CHECK_INT(hfhub_json_len(hfhub_json_root(log)), 1);
    CHECK_INT(hfhub_json_int(hfhub_json_get(e, "status"), 0), 200);
    CHECK_INT(strtoull(hfhub_json_str(hfhub_json_path(e, "headers.content-length"), "0"), NULL, 10), total);
    CHECK_INT(hfhub_json_int(hfhub_json_get(e, "request_bytes"), 0), total);
    hfhub_json_free(log);
    CHECK(stat(objpath, &st) == 0 && (uint64_t)st.st_size == total);
}

static void test_sparse_upload(void) {
    const char *room = t_room();
    const char *want = base == (uint64_t)1 << 32 ? T_SHA_4G : T_SHA_64M;
    char objpath[400], conf[200];
    hfhub_upload_opts o;
    hfhub_commit_info *ci = NULL;
    hfhub_json_doc *doc = NULL;
    struct stat st;
    int made;
    if (!room) { /* a full disk is a failure; only a filesystem without holes skips */
        fprintf(stderr, "test_sparse_upload: no folder with 64 MiB free\n");
        CHECK(room != NULL);
        return;
    }
    snprintf(path, sizeof path, "%s/hfhub_sparse_%ld.bin", room, (long)getpid());
    made = t_make_sparse();
    if (made == 0) {
        fprintf(stderr, "SKIP test_sparse_upload: the filesystem of %s does not keep sparse files (or files that large)\n", room);
        return;
    }
    CHECK_INT(made, 1);
    if (made != 1) return;
    snprintf(conf, sizeof conf, "{\"multipart_threshold\": 16777216, \"multipart_chunk_size\": %llu}",
             (unsigned long long)chunk);
    CHECK_OK(t_hub_admin(&hub, "POST", "config", conf, NULL));
    CHECK_OK(t_hub_admin(&hub, "POST", "seed", "{\"repo\": \"user/big\", \"files\": {\"README.md\": \"big\\n\"}}", &doc));
    hfhub_json_free(doc);
    t_hub_log_clear(&hub);
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_upload_file(wc, "user/big", path, "big/sparse.bin", &o, &ci));
    CHECK(ci != NULL && !ci->no_op);
    hfhub_free(wc, ci);
    t_check_payloads(want);
    t_check_parts();
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "complete_multipart"), 1);
    /* the stored object: the hub recomputed its SHA-256 (it refuses a mismatch) */
    snprintf(objpath, sizeof objpath, "%s/lfs/%s", hub.root, want);
    CHECK(stat(objpath, &st) == 0 && (uint64_t)st.st_size == total);
    t_single_put(want, objpath);
    unlink(path);
}

int main(void) {
    setenv("HF_HUB_DISABLE_XET", "1", 1); /* the LFS path */
    base = getenv("HFHUB_UNDER_VALGRIND") ? (uint64_t)1 << 26 : (uint64_t)1 << 32;
    total = base + 12345;
    chunk = base / 16 + 1;
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    wc = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL);
    RUN(test_sparse_upload);
    hfhub_client_free(wc);
    t_hub_stop(&hub);
    return TEST_END();
}
