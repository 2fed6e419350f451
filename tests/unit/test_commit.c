/* test_commit.c: create_commit, upload_file and upload_folder against localhub. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "localhub.h"
#include <sys/stat.h>
#include <unistd.h>

static t_hub hub;
static hfhub_client *wc; /* write token */
static char tmpdir[128];

static void t_write(const char *rel, const void *data, size_t n) {
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", tmpdir, rel);
    hfhub__fs_mkdirs_parent(p);
    f = fopen(p, "wb");
    if (!f) return;
    if (n) fwrite(data, 1, n, f);
    fclose(f);
}

static char *t_path(const char *rel) {
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, rel);
    return p[k];
}

/* Deterministic non-text bytes. */
static unsigned char *t_bytes(size_t n, unsigned seed) {
    unsigned char *b = (unsigned char *)malloc(n ? n : 1);
    size_t i;
    uint32_t x = seed * 2654435761u + 1;
    for (i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        b[i] = (unsigned char)x;
    }
    if (n) b[0] = 0;
    return b;
}

static void t_create_repo(const char *id, const char *type) {
    char body[256];
    char url[256];
    hfhub_json_doc *doc = NULL;
    snprintf(url, sizeof url, "%s/api/repos/create", hub.url);
    snprintf(body, sizeof body, "{\"name\": \"%s\", \"type\": \"%s\"}", id, type);
    CHECK_OK(hfhub__client_json(wc, "POST", url, body, &doc));
    hfhub_json_free(doc);
}

/* The content of a file at a revision; NULL when missing. */
static char *t_get(const char *repo, const char *rev, const char *path, size_t *len) {
    hfhub_download_opts o;
    static char buf[1 << 21];
    memset(&o, 0, sizeof o);
    o.revision = rev;
    if (hfhub_download_to_buffer(wc, repo, path, &o, buf, sizeof buf, len) != HFHUB_OK) return NULL;
    return buf;
}

static void t_head(const char *repo, char out[41]) {
    char url[256];
    hfhub_json_doc *doc = NULL;
    snprintf(url, sizeof url, "%s/api/models/%s/revision/main", hub.url, repo);
    out[0] = 0;
    if (hfhub__client_json(wc, "GET", url, NULL, &doc) == HFHUB_OK)
        snprintf(out, 41, "%s", hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "sha"), ""));
    hfhub_json_free(doc);
}

static void test_regular_and_lfs_adds(void) {
    hfhub_commit_op ops[3];
    hfhub_commit_info *ci = NULL;
    unsigned char *bin = t_bytes(5000, 1);
    size_t len = 0;
    char *got;
    t_create_repo("adds", "model");
    t_write("bin.dat", bin, 5000);
    ops[0] = hfhub_op_add_bytes("/./hello.txt", "hello world\n", 12);
    ops[1] = hfhub_op_add_file("data/bin.dat", t_path("bin.dat"));
    ops[2] = hfhub_op_add_bytes("empty.txt", "", 0);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_create_commit(wc, "user/adds", ops, 3, "First", NULL, &ci));
    CHECK(ci != NULL);
    if (ci) {
        CHECK_INT(strlen(ci->oid), 40);
        CHECK(strstr(ci->commit_url, "/user/adds/commit/") != NULL);
        CHECK_STR(ci->commit_message, "First");
        CHECK_STR(ci->commit_description, "");
        CHECK(ci->pr_url == NULL);
        CHECK_INT(ci->pr_num, -1);
        CHECK_INT(ci->no_op, 0);
        CHECK(!strcmp(ci->repo_url, hub.url) ? 0 : strstr(ci->repo_url, "/user/adds") != NULL);
    }
    hfhub_free(wc, ci);
    got = t_get("user/adds", "main", "hello.txt", &len);
    CHECK(got && len == 12 && !memcmp(got, "hello world\n", 12));
    got = t_get("user/adds", "main", "data/bin.dat", &len);
    CHECK(got && len == 5000 && !memcmp(got, bin, 5000));
    got = t_get("user/adds", "main", "empty.txt", &len);
    CHECK(got && len == 0);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/preupload/main$"), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "objects/batch$"), 1);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "PUT", NULL), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/commit/main$"), 1);
    /* the same content again: nothing to do, the head is returned without a commit call */
    t_hub_log_clear(&hub);
    {
        char head[41];
        t_head("user/adds", head);
        CHECK_OK(hfhub_create_commit(wc, "user/adds", ops, 3, "Again", NULL, &ci));
        if (ci) {
            CHECK_INT(ci->no_op, 1);
            CHECK_STR(ci->oid, head);
        }
        hfhub_free(wc, ci);
        CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/commit/"), 0);
        CHECK_INT(t_hub_log_count(&hub, "cdn", "PUT", NULL), 0);
    }
    free(bin);
}

static void test_delete_and_copy(void) {
    hfhub_commit_op ops[4];
    hfhub_commit_info *ci = NULL;
    unsigned char *bin = t_bytes(3000, 2);
    size_t len;
    char *got;
    t_create_repo("dc", "model");
    t_create_repo("dc2", "model");
    ops[0] = hfhub_op_add_bytes("a.txt", "A\n", 2);
    ops[1] = hfhub_op_add_bytes("dir/b.txt", "B\n", 2);
    ops[2] = hfhub_op_add_bytes("dir/c.txt", "C\n", 2);
    ops[3] = hfhub_op_add_bytes("w.bin", bin, 3000);
    CHECK_OK(hfhub_create_commit(wc, "user/dc", ops, 4, "seed", NULL, &ci));
    hfhub_free(wc, ci);
    ops[0] = hfhub_op_delete("dir/");
    ops[1] = hfhub_op_copy("a.txt", "copy/a.txt");
    ops[2] = hfhub_op_copy("w.bin", "copy/w.bin");
    CHECK_OK(hfhub_create_commit(wc, "user/dc", ops, 3, "move things", NULL, &ci));
    hfhub_free(wc, ci);
    CHECK(t_get("user/dc", "main", "dir/b.txt", &len) == NULL);
    got = t_get("user/dc", "main", "copy/a.txt", &len);
    CHECK(got && len == 2 && !memcmp(got, "A\n", 2));
    got = t_get("user/dc", "main", "copy/w.bin", &len);
    CHECK(got && len == 3000 && !memcmp(got, bin, 3000));
    /* across repos: the LFS object through lfs-files/duplicate */
    ops[0] = hfhub_op_copy("w.bin", "from-dc.bin");
    ops[0].src_repo_id = "user/dc";
    ops[1] = hfhub_op_copy("a.txt", "from-dc.txt");
    ops[1].src_repo_id = "user/dc";
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_create_commit(wc, "user/dc2", ops, 2, "copy across", NULL, &ci));
    hfhub_free(wc, ci);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/api/models/user/dc/lfs-files/duplicate$"), 1);
    got = t_get("user/dc2", "main", "from-dc.bin", &len);
    CHECK(got && len == 3000 && !memcmp(got, bin, 3000));
    got = t_get("user/dc2", "main", "from-dc.txt", &len);
    CHECK(got && len == 2);
    /* deleting a missing file: the server's 404 with Python's advice */
    ops[0] = hfhub_op_delete("nope.txt");
    CHECK(hfhub_create_commit(wc, "user/dc", ops, 1, "del", NULL, &ci) != HFHUB_OK);
    CHECK(strstr(hfhub_last_error()->message, "trailing '/'") != NULL);
    free(bin);
}

static void test_pr_and_parent(void) {
    hfhub_commit_op op = hfhub_op_add_bytes("pr.txt", "in a PR\n", 8);
    hfhub_commit_opts o;
    hfhub_commit_info *ci = NULL;
    char head[41], after[41];
    size_t len;
    hfhub_result r;
    t_create_repo("pr", "model");
    memset(&o, 0, sizeof o);
    o.create_pr = 1;
    o.commit_description = "why";
    CHECK_OK(hfhub_create_commit(wc, "user/pr", &op, 1, "Open PR", &o, &ci));
    if (ci) {
        CHECK_INT(ci->pr_num, 1);
        CHECK_STR(ci->pr_revision, "refs/pr/1");
        CHECK(ci->pr_url && strstr(ci->pr_url, "/user/pr/discussions/1"));
        CHECK_STR(ci->commit_description, "why");
        CHECK_STR(ci->url, ci->commit_url);
    }
    hfhub_free(wc, ci);
    CHECK(t_get("user/pr", "refs/pr/1", "pr.txt", &len) != NULL);
    CHECK(t_get("user/pr", "main", "pr.txt", &len) == NULL);
    /* parent_commit: the head works, a stale one is refused and nothing changes */
    t_head("user/pr", head);
    memset(&o, 0, sizeof o);
    o.parent_commit = head;
    op = hfhub_op_add_bytes("p1.txt", "1\n", 2);
    CHECK_OK(hfhub_create_commit(wc, "user/pr", &op, 1, "with parent", &o, &ci));
    hfhub_free(wc, ci);
    op = hfhub_op_add_bytes("p2.txt", "2\n", 2);
    r = hfhub_create_commit(wc, "user/pr", &op, 1, "stale parent", &o, &ci);
    CHECK(r != HFHUB_OK);
    CHECK_INT(hfhub_last_error()->http_status, 412);
    t_head("user/pr", after);
    CHECK(t_get("user/pr", "main", "p2.txt", &len) == NULL);
    o.parent_commit = "xyz";
    CHECK_INT(hfhub_create_commit(wc, "user/pr", &op, 1, "bad parent", &o, &ci), HFHUB_ERR_INVALID_ARG);
}

static int t_count_progress(void *user, const hfhub_progress *p) {
    (void)p;
    (*(int *)user)++;
    return 0;
}

static uint64_t hashed_bytes;
static uint32_t hashed_files;
static int t_hash_progress(void *user, const hfhub_progress *p) {
    (void)user;
    CHECK_INT(p->bytes_total, 300000);
    CHECK_INT(p->files_total, 1);
    hashed_bytes = p->bytes_done;
    hashed_files = p->files_done;
    return 0;
}

static void test_multipart_with_faults(void) {
    size_t n = 300000, len;
    unsigned char *bin = t_bytes(n, 3);
    hfhub_commit_op op;
    hfhub_commit_opts o;
    hfhub_commit_info *ci = NULL;
    int calls = 0;
    char *got;
    t_create_repo("mp", "model");
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"multipart_threshold\": 100000, \"multipart_chunk_size\": 65536}", NULL));
    t_write("big.bin", bin, n);
    /* one part fails with a 503 and one connection resets: both retried */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 503, \"retry_after\": 0, \"server\": \"cdn\", \"method\": \"PUT\", \"pattern\": \"/multipart/.*/2$\"}"));
    t_hub_log_clear(&hub);
    memset(&o, 0, sizeof o);
    o.progress = t_count_progress;
    o.hash_progress = t_hash_progress;
    o.progress_user = &calls;
    op = hfhub_op_add_file("big.bin", t_path("big.bin"));
    CHECK_OK(hfhub_create_commit(wc, "user/mp", &op, 1, "multipart", &o, &ci));
    hfhub_free(wc, ci);
    CHECK(calls > 0);
    CHECK_INT(hashed_bytes, n);
    CHECK_INT(hashed_files, 1);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "PUT", "/multipart/"), 6); /* 5 parts + 1 retry */
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "complete_multipart"), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "objects/verify$"), 1);
    got = t_get("user/mp", "main", "big.bin", &len);
    CHECK(got && len == n && !memcmp(got, bin, n));
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"multipart_threshold\": 16777216, \"multipart_chunk_size\": 8388608}", NULL));
    free(bin);
}

static void test_rejected_and_interrupted(void) {
    unsigned char *bin = t_bytes(4000, 4);
    hfhub_commit_op ops[2];
    hfhub_commit_info *ci = NULL;
    char before[41], after[41];
    size_t len;
    t_create_repo("rej", "model");
    t_head("user/rej", before);
    ops[0] = hfhub_op_add_bytes("ok.txt", "fine\n", 5);
    ops[1] = hfhub_op_add_bytes("w.bin", bin, 4000);
    /* the storage refuses the LFS object: a clear error and no commit */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 403, \"server\": \"cdn\", \"method\": \"PUT\"}"));
    t_hub_log_clear(&hub);
    CHECK(hfhub_create_commit(wc, "user/rej", ops, 2, "rejected", NULL, &ci) != HFHUB_OK);
    CHECK(strstr(hfhub_last_error()->message, "LFS upload of w.bin failed") != NULL);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/commit/"), 0);
    t_head("user/rej", after);
    CHECK_STR(after, before);
    /* the commit call fails: the repo is unchanged */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 500, \"server\": \"hub\", \"method\": \"POST\", \"pattern\": \"/commit/\"}"));
    CHECK(hfhub_create_commit(wc, "user/rej", ops, 2, "interrupted", NULL, &ci) != HFHUB_OK);
    t_head("user/rej", after);
    CHECK_STR(after, before);
    CHECK(t_get("user/rej", "main", "ok.txt", &len) == NULL);
    free(bin);
}

/* Appends to the file being uploaded on the first progress report. */
static int t_grow(void *user, const hfhub_progress *p) {
    int *done = (int *)user;
    (void)p;
    if (!*done) {
        FILE *f = fopen(t_path("grow.bin"), "ab");
        if (f) { fputs("more", f); fclose(f); }
        *done = 1;
    }
    return 0;
}

static int t_cancel(void *user, const hfhub_progress *p) { (void)user; (void)p; return 1; }

/* Cuts the file being uploaded to half its size on the first progress report. */
static int t_shrink(void *user, const hfhub_progress *p) {
    int *done = (int *)user;
    if (!*done && truncate(t_path("shrink.bin"), (off_t)(p->bytes_total / 2)) == 0) *done = 1;
    return 0;
}

/* A reader whose content changes after the hash pass read it: the bytes uploaded are not
 * the ones announced. */
static int reads_done;
static size_t t_read_changing(void *user, uint64_t off, void *buf, size_t cap) {
    size_t n = 6000 - (size_t)off < cap ? 6000 - (size_t)off : cap;
    memcpy(buf, (const unsigned char *)user + off, n);
    if (reads_done++ > 0 && n) ((unsigned char *)buf)[0] ^= 0xff;
    return n;
}

static void test_bad_input(void) {
    hfhub_commit_op op;
    hfhub_commit_info *ci = NULL;
    hfhub_commit_opts o;
    hfhub_client *rc;
    unsigned char *bin = t_bytes(20000, 5);
    char before[41], after[41];
    int grew = 0;
    t_create_repo("bad", "model");
    op = hfhub_op_add_bytes("../x.txt", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes("a/.git/x", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes(".", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes("ok.txt", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/ba..d", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_file("missing.bin", t_path("does-not-exist"));
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_IO);
    /* a folder where a file is expected; a file this process may not read */
    t_write("dir/x", "x", 1);
    op = hfhub_op_add_file("dir.bin", t_path("dir"));
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "is a folder") != NULL);
    t_write("secret.bin", "s", 1);
    chmod(t_path("secret.bin"), 0);
    if (geteuid() != 0) { /* root reads anything */
        op = hfhub_op_add_file("secret.bin", t_path("secret.bin"));
        CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_IO);
        CHECK(strstr(hfhub_last_error()->message, "secret.bin") != NULL);
    }
    /* more invalid ids and paths, refused before any request */
    t_hub_log_clear(&hub);
    op = hfhub_op_add_bytes("ok.txt", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "a/b/c", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_commit(wc, "user/x--y", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_commit(wc, "", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_commit(wc, NULL, &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes("", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes("/", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes(".cache/huggingface/x", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes("dir/", "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    op = hfhub_op_add_bytes(NULL, "x", 1);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(t_hub_log_count(&hub, NULL, NULL, NULL), 0);
    /* a read-only token: 403 with the server's message, nothing uploaded */
    rc = t_hub_client(&hub, T_HUB_READ_TOKEN, NULL);
    op = hfhub_op_add_bytes("ok.bin", bin, 20000);
    CHECK_INT(hfhub_create_commit(rc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_FORBIDDEN);
    CHECK_INT(hfhub_last_error()->http_status, 403);
    CHECK(strstr(hfhub_last_error()->message, "403") != NULL);
    CHECK(strstr(hfhub_last_error()->message, "your token has the read role") != NULL);
    CHECK_INT(t_hub_log_count(&hub, "cdn", NULL, NULL), 0);
    hfhub_client_free(rc);
    /* a file that grows while it is uploaded: the commit is aborted */
    t_head("user/bad", before);
    t_write("grow.bin", bin, 20000);
    memset(&o, 0, sizeof o);
    o.progress = t_grow;
    o.progress_user = &grew;
    op = hfhub_op_add_file("grow.bin", t_path("grow.bin"));
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", &o, &ci), HFHUB_ERR_IO);
    CHECK(strstr(hfhub_last_error()->message, "changed") != NULL);
    /* a file that shrinks while it is uploaded */
    t_write("shrink.bin", bin + 2, 19998); /* content the hub does not have yet */
    grew = 0;
    o.progress = t_shrink;
    op = hfhub_op_add_file("shrink.bin", t_path("shrink.bin"));
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", &o, &ci), HFHUB_ERR_IO);
    CHECK(grew == 1 && strstr(hfhub_last_error()->message, "shrink.bin") != NULL);
    /* cancelled by the progress callback */
    t_write("grow.bin", bin + 1, 19999);
    op = hfhub_op_add_file("grow.bin", t_path("grow.bin"));
    o.progress = t_cancel;
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", &o, &ci), HFHUB_ERR_CANCELLED);
    /* the storage refuses the bytes (they do not hash to the announced oid): a clear error,
     * no commit call */
    reads_done = 0;
    t_hub_log_clear(&hub);
    op = hfhub_op_add_reader("changing.bin", t_read_changing, bin, 6000);
    CHECK_INT(hfhub_create_commit(wc, "user/bad", &op, 1, "m", NULL, &ci), HFHUB_ERR_BAD_REQUEST);
    CHECK(strstr(hfhub_last_error()->message, "LFS upload of changing.bin failed") != NULL);
    CHECK(strstr(hfhub_last_error()->message, "SHA-256 mismatch") != NULL);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/commit/"), 0);
    t_head("user/bad", after);
    CHECK_STR(after, before);
    free(bin);
}

static void test_upload_folder(void) {
    hfhub_upload_opts o;
    hfhub_commit_info *ci = NULL;
    const char *ignore[] = {"*.log"};
    const char *del[] = {"*.txt"};
    unsigned char *bin = t_bytes(2000, 6);
    size_t len;
    char *got;
    t_create_repo("folder", "model");
    t_write("f/a.txt", "a\n", 2);
    t_write("f/sub dir/é.txt", "e\n", 2);
    t_write("f/x.log", "log\n", 4);
    t_write("f/.git/config", "git\n", 4);
    t_write("f/.cache/huggingface/state", "s\n", 2);
    t_write("f/w.bin", bin, 2000);
    t_write("f/empty", "", 0);
    memset(&o, 0, sizeof o);
    o.ignore_patterns = ignore;
    o.n_ignore = 1;
    CHECK_OK(hfhub_upload_folder(wc, "user/folder", t_path("f"), "up", &o, &ci));
    if (ci) {
        char want[256];
        CHECK_STR(ci->commit_message, "Upload folder using huggingface_hub");
        snprintf(want, sizeof want, "%s/user/folder/tree/main/up", hub.url);
        CHECK_STR(ci->url, want);
    }
    hfhub_free(wc, ci);
    got = t_get("user/folder", "main", "up/sub dir/é.txt", &len);
    CHECK(got && len == 2);
    got = t_get("user/folder", "main", "up/w.bin", &len);
    CHECK(got && len == 2000 && !memcmp(got, bin, 2000));
    CHECK(t_get("user/folder", "main", "up/empty", &len) != NULL);
    CHECK(t_get("user/folder", "main", "up/x.log", &len) == NULL);
    CHECK(t_get("user/folder", "main", "up/.git/config", &len) == NULL);
    CHECK(t_get("user/folder", "main", "up/.cache/huggingface/state", &len) == NULL);
    /* delete_patterns: remote *.txt under up/ go, except what is added again */
    unlink(t_path("f/sub dir/é.txt"));
    t_write("f/a.txt", "a2\n", 3);
    o.delete_patterns = del;
    o.n_delete = 1;
    o.commit_message = "sync";
    CHECK_OK(hfhub_upload_folder(wc, "user/folder", t_path("f"), "up/", &o, &ci));
    hfhub_free(wc, ci);
    CHECK(t_get("user/folder", "main", "up/sub dir/é.txt", &len) == NULL);
    got = t_get("user/folder", "main", "up/a.txt", &len);
    CHECK(got && len == 3);
    CHECK(t_get("user/folder", "main", ".gitattributes", &len) != NULL);
    /* upload_file */
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_upload_file(wc, "user/folder", t_path("f/w.bin"), "single/w.bin", &o, &ci));
    if (ci) {
        char want[256];
        CHECK_STR(ci->commit_message, "Upload single/w.bin with huggingface_hub");
        snprintf(want, sizeof want, "%s/user/folder/blob/main/single/w.bin", hub.url);
        CHECK_STR(ci->url, want);
    }
    hfhub_free(wc, ci);
    o.commit.create_pr = 1;
    o.commit.revision = "dev";
    CHECK_INT(hfhub_upload_folder(wc, "user/folder", t_path("f"), NULL, &o, &ci), HFHUB_ERR_INVALID_ARG);
    free(bin);
}

/* A reader over memory (exercises HFHUB_SRC_READER). */
static size_t t_read_at(void *user, uint64_t off, void *buf, size_t cap) {
    const unsigned char *src = (const unsigned char *)user;
    size_t n = 7000 - (size_t)off < cap ? 7000 - (size_t)off : cap;
    memcpy(buf, src + off, n);
    return n;
}

static void test_reader_and_readme(void) {
    unsigned char *bin = t_bytes(7000, 7);
    hfhub_commit_op ops[2];
    hfhub_commit_info *ci = NULL;
    size_t len;
    char *got;
    t_create_repo("rd", "model");
    ops[0] = hfhub_op_add_reader("r.bin", t_read_at, bin, 7000);
    ops[1] = hfhub_op_add_bytes("README.md", "---\nlicense: mit\n---\n# hi\n", 26);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_create_commit(wc, "user/rd", ops, 2, "reader", NULL, &ci));
    hfhub_free(wc, ci);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/api/validate-yaml$"), 1);
    got = t_get("user/rd", "main", "r.bin", &len);
    CHECK(got && len == 7000 && !memcmp(got, bin, 7000));
    /* invalid YAML front matter: refused before anything is uploaded */
    ops[1] = hfhub_op_add_bytes("README.md", "---\nlicense: mit\n# never closed\n", 32);
    CHECK_INT(hfhub_create_commit(wc, "user/rd", ops + 1, 1, "bad readme", NULL, &ci), HFHUB_ERR_INVALID_ARG);
    free(bin);
}

static char logged[8192];
static void t_log(void *user, int level, const char *msg) {
    (void)user;
    (void)level;
    strncat(logged, msg, sizeof logged - strlen(logged) - 2);
    strcat(logged, "\n");
}

static void test_warnings(void) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    hfhub_commit_op ops[4];
    hfhub_commit_info *ci = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = hub.url;
    cfg.token = T_HUB_WRITE_TOKEN;
    cfg.proxy = "";
    cfg.log = t_log;
    CHECK_OK(hfhub_client_new(&cfg, &c));
    t_create_repo("warn", "model");
    ops[0] = hfhub_op_add_bytes("a.txt", "1\n", 2);
    ops[1] = hfhub_op_add_bytes("a.txt", "2\n", 2);
    ops[2] = hfhub_op_delete("a.txt");
    ops[3] = hfhub_op_add_bytes("d/x.parquet", "p\n", 2);
    logged[0] = 0;
    CHECK_OK(hfhub_create_commit(c, "user/warn", ops, 4, "warnings", NULL, &ci));
    hfhub_free(c, ci);
    CHECK(strstr(logged, "About to update multiple times the same file in the same commit: 'a.txt'") != NULL);
    CHECK(strstr(logged, "About to delete a file that have just been updated within the same commit: 'a.txt'") != NULL);
    CHECK(strstr(logged, "about to commit a data file (d/x.parquet) to a model repository") != NULL);
    hfhub_client_free(c);
}

int main(void) {
    /* these tests exercise the LFS transfers; Xet uploads are tested in test_xet_upload.c */
    setenv("HF_HUB_DISABLE_XET", "1", 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/hfhub_test_commit.XXXXXX");
    if (!mkdtemp(tmpdir) || t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    wc = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL);
    RUN(test_regular_and_lfs_adds);
    RUN(test_delete_and_copy);
    RUN(test_pr_and_parent);
    RUN(test_multipart_with_faults);
    RUN(test_rejected_and_interrupted);
    RUN(test_bad_input);
    RUN(test_upload_folder);
    RUN(test_reader_and_readme);
    RUN(test_warnings);
    hfhub_client_free(wc);
    t_hub_stop(&hub);
    {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return TEST_END();
}
