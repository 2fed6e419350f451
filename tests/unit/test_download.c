/* test_download.c: hfhub_download against tools/localhub: the cache layout byte for byte,
 * requests avoided when cached, Python's error kinds, .no_exist, offline modes, resume after
 * a reset, integrity errors, expired CDN URLs, local_dir, symlink fallback, cancel. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"
#include <sys/stat.h>
#include <unistd.h>

static t_hub hub;
static char cache[160];
static char commit1[41];
static char lfs_sha[65];
static const char *config_text = "{\"a\": 1}\n";

static hfhub_client *client(const char *token) { return t_hub_client(&hub, token, cache); }

static int file_equals(const char *path, const char *text) {
    size_t len = 0;
    char *data = t_read_file(path, &len);
    int ok = data && len == strlen(text) && !memcmp(data, text, len);
    free(data);
    return ok;
}

static int file_sha256(const char *path, char hex[65]) {
    size_t len = 0;
    unsigned char d[32];
    char *data = t_read_file(path, &len);
    if (!data) return -1;
    hfhub_sha256(data, len, d);
    hfhub_hex_encode(d, 32, hex);
    hex[64] = 0;
    free(data);
    return 0;
}

static int count_files(const char *dir, const char *suffix) {
    char cmd[512], out[64];
    FILE *p;
    int n = -1;
    snprintf(cmd, sizeof cmd, "find '%s' -name '*%s' 2>/dev/null | wc -l", dir, suffix);
    p = popen(cmd, "r");
    if (p && fgets(out, sizeof out, p)) n = atoi(out);
    if (p) pclose(p);
    return n;
}

static void test_regular_file_layout(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    char *path = NULL, link[512], expect[512], ref[64];
    ssize_t n;
    if (!c) return;
    CHECK_OK(hfhub_download(c, "user/model", "config.json", NULL, &path));
    snprintf(expect, sizeof expect, "%s/models--user--model/snapshots/%s/config.json", cache, commit1);
    CHECK_STR(path, expect);
    CHECK(path && file_equals(path, config_text));
    /* a relative symlink to the blob named by the git blob id */
    n = readlink(expect, link, sizeof link - 1);
    CHECK(n > 0);
    if (n > 0) {
        link[n] = 0;
        CHECK(strncmp(link, "../../blobs/", 12) == 0 && strlen(link) == 12 + 40);
    }
    snprintf(expect, sizeof expect, "%s/models--user--model/refs/main", cache);
    CHECK(file_equals(expect, commit1));
    snprintf(expect, sizeof expect, "%s/CACHEDIR.TAG", cache);
    CHECK(file_equals(expect, "Signature: 8a477f597d28d172789f06886806bc55\n"
                              "# This file is a cache directory tag created by huggingface_hub.\n"
                              "# For information about cache directory tags, see:\n"
                              "#\thttps://bford.info/cachedir/\n"));
    snprintf(expect, sizeof expect, "%s/.locks/models--user--model", cache);
    CHECK(count_files(expect, ".lock") == 1);
    (void)ref;
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_lfs_file_and_cdn(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    char *path = NULL, hex[65], link[512], expect[512];
    ssize_t n;
    if (!c) return;
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/model", "sub/dir/weights.bin", NULL, &path));
    CHECK(path && file_sha256(path, hex) == 0 && strcmp(hex, lfs_sha) == 0);
    snprintf(expect, sizeof expect, "%s/models--user--model/snapshots/%s/sub/dir/weights.bin", cache, commit1);
    n = readlink(expect, link, sizeof link - 1);
    CHECK(n > 0);
    if (n > 0) {
        link[n] = 0;
        snprintf(expect, sizeof expect, "../../../../blobs/%s", lfs_sha); /* depth-adjusted */
        CHECK_STR(link, expect);
    }
    CHECK_INT(t_hub_log_count(&hub, "cdn", "GET", NULL), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "HEAD", "/resolve/"), 1);
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_cached_needs_one_head_or_none(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL;
    if (!c) return;
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/model", "config.json", NULL, &path));
    hfhub_free(c, path);
    CHECK_INT(t_hub_log_count(&hub, NULL, NULL, NULL), 1); /* the HEAD only */
    t_hub_log_clear(&hub);
    memset(&o, 0, sizeof o);
    o.revision = commit1;
    CHECK_OK(hfhub_download(c, "user/model", "config.json", &o, &path));
    hfhub_free(c, path);
    o.revision = NULL;
    o.mode = HFHUB_DOWNLOAD_PREFER_OFFLINE;
    CHECK_OK(hfhub_download(c, "user/model", "config.json", &o, &path));
    hfhub_free(c, path);
    CHECK_INT(t_hub_log_count(&hub, NULL, NULL, NULL), 0);
    hfhub_client_free(c);
}

static void test_errors_and_no_exist(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN), *anon = client(NULL);
    hfhub_download_opts o;
    char *path = NULL, marker[512];
    if (!c || !anon) return;
    CHECK_INT(hfhub_download(c, "user/model", "missing.txt", NULL, &path), HFHUB_ERR_ENTRY_NOT_FOUND);
    CHECK_STR(hfhub_last_error()->server_code, "EntryNotFound");
    snprintf(marker, sizeof marker, "%s/models--user--model/.no_exist/%s/missing.txt", cache, commit1);
    CHECK(access(marker, F_OK) == 0);
    CHECK_INT(hfhub_try_to_load_from_cache(c, "user/model", "missing.txt", NULL, &path), HFHUB_ERR_ENTRY_NOT_FOUND);
    CHECK_INT(hfhub_download(c, "user/nothing", "config.json", NULL, &path), HFHUB_ERR_REPO_NOT_FOUND);
    memset(&o, 0, sizeof o);
    o.revision = "no-such-branch";
    CHECK_INT(hfhub_download(c, "user/model", "config.json", &o, &path), HFHUB_ERR_REVISION_NOT_FOUND);
    CHECK_INT(hfhub_download(anon, "user/private", "secret.txt", NULL, &path), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK_OK(hfhub_download(c, "user/private", "secret.txt", NULL, &path));
    CHECK(path && file_equals(path, "s3cr3t"));
    hfhub_free(c, path);
    CHECK_INT(hfhub_download(c, "user/model", "../escape", NULL, &path), HFHUB_ERR_INVALID_ARG);
    CHECK(path == NULL);
    hfhub_client_free(c);
    hfhub_client_free(anon);
}

static void test_offline(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL;
    if (!c) return;
    t_hub_log_clear(&hub);
    memset(&o, 0, sizeof o);
    o.local_files_only = 1;
    CHECK_OK(hfhub_download(c, "user/model", "config.json", &o, &path)); /* via refs/main */
    hfhub_free(c, path);
    CHECK_INT(hfhub_download(c, "user/model", "other.txt", &o, &path), HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND);
    o.local_files_only = 0;
    o.mode = HFHUB_DOWNLOAD_OFFLINE;
    CHECK_INT(hfhub_download(c, "user/model", "other.txt", &o, &path), HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND);
    CHECK_INT(t_hub_log_count(&hub, NULL, NULL, NULL), 0);
    hfhub_client_free(c);
}

/* A large LFS file whose CDN download is reset mid-way: resumed with Range in the call. */
static void test_resume_after_reset(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    char *path = NULL, hex[65], sha[65];
    hfhub_json_doc *doc = NULL;
    if (!c) return;
    CHECK_OK(t_hub_admin(&hub, "POST", "seed",
                         "{\"repo\": \"user/big\", \"files\": [{\"path\": \"big.bin\", \"size\": 3000000, \"seed\": \"b\"}]}",
                         &doc));
    {
        const hfhub_json_value *f = hfhub_json_get(hfhub_json_get(hfhub_json_root(doc), "files"), "big.bin");
        snprintf(sha, sizeof sha, "%s", hfhub_json_str(hfhub_json_get(f, "sha256"), ""));
    }
    hfhub_json_free(doc);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"reset\", \"server\": \"cdn\", \"after_bytes\": 1000000, \"count\": 2}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/big", "big.bin", NULL, &path));
    CHECK(path && file_sha256(path, hex) == 0 && strcmp(hex, sha) == 0);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "GET", NULL), 3);
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_corrupt_body_is_not_cached(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    char *path = NULL, blobs[512];
    if (!c) return;
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/corrupt\", \"files\": [{\"path\": \"w.bin\", \"size\": 50000, \"seed\": \"c\"}]}",
                        NULL));
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"corrupt\", \"server\": \"cdn\", \"offset\": 100, \"count\": 1}"));
    CHECK_INT(hfhub_download(c, "user/corrupt", "w.bin", NULL, &path), HFHUB_ERR_INTEGRITY);
    snprintf(blobs, sizeof blobs, "%s/models--user--corrupt/blobs", cache);
    CHECK_INT(count_files(blobs, ""), 1); /* find lists the folder itself only */
    /* the next try downloads cleanly */
    CHECK_OK(hfhub_download(c, "user/corrupt", "w.bin", NULL, &path));
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_truncated_forever_fails_without_blob(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    char *path = NULL, blobs[512];
    if (!c) return;
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/trunc\", \"files\": [{\"path\": \"t.bin\", \"size\": 40000, \"seed\": \"t\"}]}",
                        NULL));
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"truncate\", \"server\": \"cdn\", \"after_bytes\": 0, \"count\": 6}"));
    CHECK_INT(hfhub_download(c, "user/trunc", "t.bin", NULL, &path), HFHUB_ERR_NETWORK);
    snprintf(blobs, sizeof blobs, "%s/models--user--trunc/blobs", cache);
    CHECK_INT(count_files(blobs, ".bin"), 0);
    CHECK_INT(count_files(blobs, ".incomplete"), 1); /* kept to resume later */
    CHECK_OK(t_hub_admin(&hub, "DELETE", "faults", NULL, NULL));
    hfhub_client_free(c);
}

static void test_expired_cdn_url_is_resolved_again(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    char *path = NULL;
    if (!c) return;
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/exp\", \"files\": [{\"path\": \"e.bin\", \"size\": 30000, \"seed\": \"e\"}]}",
                        NULL));
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"expire\", \"server\": \"cdn\", \"count\": 1}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/exp", "e.bin", NULL, &path));
    CHECK_INT(t_hub_log_count(&hub, "hub", "HEAD", NULL), 2);
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_metadata_503_then_ok(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL;
    if (!c) return;
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 503, \"retry_after\": 0, \"server\": \"hub\", "
                               "\"pattern\": \"/resolve/\", \"count\": 2}"));
    memset(&o, 0, sizeof o);
    o.subfolder = "sub";
    CHECK_OK(hfhub_download(c, "user/model", "notes.txt", &o, &path)); /* nothing cached: a patient retry */
    CHECK(path && file_equals(path, "notes\n"));
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_local_dir_round_trip(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char dir[200], *path = NULL, expect[512], meta[512];
    size_t len = 0;
    char *m;
    if (!c) return;
    snprintf(dir, sizeof dir, "%s/local", hub.root);
    memset(&o, 0, sizeof o);
    o.local_dir = dir;
    CHECK_OK(hfhub_download(c, "user/model", "sub/dir/weights.bin", &o, &path));
    snprintf(expect, sizeof expect, "%s/sub/dir/weights.bin", dir);
    CHECK_STR(path, expect);
    hfhub_free(c, path);
    {
        struct stat st;
        CHECK(lstat(expect, &st) == 0 && S_ISREG(st.st_mode)); /* no symlinks in local_dir */
    }
    snprintf(meta, sizeof meta, "%s/.cache/huggingface/download/sub/dir/weights.bin.metadata", dir);
    m = t_read_file(meta, &len);
    CHECK(m != NULL);
    if (m) {
        CHECK(strncmp(m, commit1, 40) == 0 && m[40] == '\n');
        CHECK(strncmp(m + 41, lfs_sha, 64) == 0 && m[105] == '\n');
        free(m);
    }
    snprintf(meta, sizeof meta, "%s/.cache/huggingface/.gitignore", dir);
    CHECK(file_equals(meta, "*"));
    /* again: the metadata says it is current: one HEAD, no download */
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/model", "sub/dir/weights.bin", &o, &path));
    hfhub_free(c, path);
    CHECK_INT(t_hub_log_count(&hub, NULL, "GET", NULL), 0);
    hfhub_client_free(c);
}

static void test_symlink_fallback(void) {
    hfhub_client *c;
    char *path = NULL, other[200];
    struct stat st;
    snprintf(other, sizeof other, "%s/cache-nolinks", hub.root);
    c = t_hub_client(&hub, T_HUB_READ_TOKEN, other);
    if (!c) return;
    setenv("HF_HUB_DISABLE_SYMLINKS", "1", 1);
    CHECK_OK(hfhub_download(c, "user/model", "config.json", NULL, &path));
    unsetenv("HF_HUB_DISABLE_SYMLINKS");
    CHECK(path && lstat(path, &st) == 0 && S_ISREG(st.st_mode));
    CHECK(path && file_equals(path, config_text));
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static int cancel_after_first(void *user, const hfhub_progress *p) {
    (void)user;
    return p->bytes_done > 0;
}

static void test_cancel_then_resume(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL, blobs[512];
    if (!c) return;
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/cancel\", \"files\": [{\"path\": \"c.bin\", \"size\": 2000000, \"seed\": \"x\"}]}",
                        NULL));
    memset(&o, 0, sizeof o);
    o.progress = cancel_after_first;
    CHECK_INT(hfhub_download(c, "user/cancel", "c.bin", &o, &path), HFHUB_ERR_CANCELLED);
    snprintf(blobs, sizeof blobs, "%s/models--user--cancel/blobs", cache);
    CHECK_INT(count_files(blobs, ".incomplete"), 1);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/cancel", "c.bin", NULL, &path)); /* resumes the partial blob */
    CHECK_INT(count_files(blobs, ".incomplete"), 0);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "GET", NULL), 1);
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_renamed_repo(void) {
    hfhub_client *c = client(T_HUB_WRITE_TOKEN);
    hfhub_json_doc *doc = NULL;
    char url[256], *path = NULL;
    if (!c) return;
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/old-name\", \"files\": {\"a.txt\": \"moved\"}}", NULL));
    snprintf(url, sizeof url, "%s/api/repos/move", hub.url);
    CHECK_OK(hfhub__client_json(c, "POST", url, "{\"fromRepo\": \"user/old-name\", \"toRepo\": \"user/new-name\", \"type\": \"model\"}",
                                &doc));
    hfhub_json_free(doc);
    CHECK_OK(hfhub_download(c, "user/old-name", "a.txt", NULL, &path));
    CHECK(path && file_equals(path, "moved"));
    hfhub_free(c, path);
    hfhub_client_free(c);
}

/* Two processes download one file into one cache at once: one transfer, two valid results. */
static void test_two_processes_one_download(void) {
    char cmd[1024], out1[600] = "", out2[600] = "";
    const char *build = getenv("HFHUB_BUILD") ? getenv("HFHUB_BUILD") : "build";
    FILE *p1, *p2;
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/shared\", \"files\": [{\"path\": \"s.bin\", \"size\": 3000000, \"seed\": \"s\"}]}",
                        NULL));
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"delay_body\", \"server\": \"cdn\", \"seconds\": 1, \"after_bytes\": 1000, \"count\": 2}"));
    t_hub_log_clear(&hub);
    snprintf(cmd, sizeof cmd, "HF_ENDPOINT=%s HF_TOKEN=" T_HUB_READ_TOKEN " %s/hf download user/shared s.bin --cache-dir %s",
             hub.url, build, cache);
    p1 = popen(cmd, "r");
    p2 = popen(cmd, "r");
    CHECK(p1 && p2);
    if (!p1 || !p2) return;
    if (!fgets(out1, sizeof out1, p1)) out1[0] = 0;
    if (!fgets(out2, sizeof out2, p2)) out2[0] = 0;
    CHECK_INT(pclose(p1), 0);
    CHECK_INT(pclose(p2), 0);
    CHECK(out1[0] && strcmp(out1, out2) == 0);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "GET", NULL), 1);
    CHECK_OK(t_hub_admin(&hub, "DELETE", "faults", NULL, NULL));
}

/* ---- several ranged connections for one large file ---- */

static void seed_big(const char *repo, const char *seed, char sha[65]) {
    char body[256];
    hfhub_json_doc *doc = NULL;
    snprintf(body, sizeof body, "{\"repo\": \"%s\", \"files\": [{\"path\": \"w.bin\", \"size\": 20000000, "
             "\"seed\": \"%s\"}]}", repo, seed);
    sha[0] = 0;
    if (t_hub_admin(&hub, "POST", "seed", body, &doc) == HFHUB_OK) {
        const hfhub_json_value *f = hfhub_json_get(hfhub_json_get(hfhub_json_root(doc), "files"), "w.bin");
        snprintf(sha, 65, "%s", hfhub_json_str(hfhub_json_get(f, "sha256"), ""));
    }
    hfhub_json_free(doc);
}

static void ranged_opts(hfhub_download_opts *o) {
    memset(o, 0, sizeof *o);
    o->parallel_min_size = 1; /* 20 MB in 8 MiB pieces: three ranged GETs */
    o->connections = 4;
}

static void test_parallel_ranges(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL, hex[65], sha[65];
    if (!c) return;
    seed_big("user/par", "p", sha);
    ranged_opts(&o);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/par", "w.bin", &o, &path));
    CHECK(path && file_sha256(path, hex) == 0 && strcmp(hex, sha) == 0);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "GET", NULL), 3);
    hfhub_free(c, path);
    hfhub_client_free(c);
}

/* Resets in the middle of ranges: each piece resumes where it stopped. */
static void test_parallel_ranges_resume(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL, hex[65], sha[65];
    if (!c) return;
    seed_big("user/par-reset", "r", sha);
    ranged_opts(&o);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"reset\", \"server\": \"cdn\", \"after_bytes\": 1000000, \"count\": 2}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/par-reset", "w.bin", &o, &path));
    CHECK(path && file_sha256(path, hex) == 0 && strcmp(hex, sha) == 0);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "GET", NULL), 5);
    hfhub_free(c, path);
    hfhub_client_free(c);
}

/* Automatic mode: a stream that carries little in its first second hands the rest of the
 * file to ranged connections. */
static void test_slow_stream_goes_ranged(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL, hex[65], sha[65];
    if (!c) return;
    seed_big("user/par-slow", "s", sha);
    memset(&o, 0, sizeof o);
    o.parallel_min_size = 1;
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"delay_body\", \"server\": \"cdn\", \"after_bytes\": 1000000, "
                               "\"seconds\": 1.2, \"count\": 1}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/par-slow", "w.bin", &o, &path));
    CHECK(path && file_sha256(path, hex) == 0 && strcmp(hex, sha) == 0);
    CHECK(t_hub_log_count(&hub, "cdn", "GET", NULL) >= 3); /* the slow stream, then ranges */
    hfhub_free(c, path);
    hfhub_client_free(c);
}

/* A server that ignores Range: the download goes on over one stream, same bytes. */
static void test_parallel_ranges_unsupported(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL, hex[65], sha[65];
    if (!c) return;
    seed_big("user/par-norange", "n", sha);
    ranged_opts(&o);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"no_range\", \"server\": \"cdn\", \"count\": -1}"));
    CHECK_OK(hfhub_download(c, "user/par-norange", "w.bin", &o, &path));
    CHECK(path && file_sha256(path, hex) == 0 && strcmp(hex, sha) == 0);
    CHECK_OK(t_hub_admin(&hub, "DELETE", "faults", NULL, NULL));
    hfhub_free(c, path);
    hfhub_client_free(c);
}

static void test_parallel_ranges_corrupt(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL, blobs[512];
    char sha[65];
    if (!c) return;
    seed_big("user/par-corrupt", "k", sha);
    ranged_opts(&o);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"corrupt\", \"server\": \"cdn\", \"offset\": 5000, \"count\": 1}"));
    CHECK_INT(hfhub_download(c, "user/par-corrupt", "w.bin", &o, &path), HFHUB_ERR_INTEGRITY);
    snprintf(blobs, sizeof blobs, "%s/models--user--par-corrupt/blobs", cache);
    CHECK_INT(count_files(blobs, ""), 1); /* nothing: neither a blob nor a partial file */
    hfhub_client_free(c);
}

/* Cancelled while several ranges run: a partial file that a plain download resumes. */
static void test_parallel_ranges_cancel(void) {
    hfhub_client *c = client(T_HUB_READ_TOKEN);
    hfhub_download_opts o;
    char *path = NULL, blobs[512], hex[65], sha[65];
    if (!c) return;
    seed_big("user/par-cancel", "x", sha);
    ranged_opts(&o);
    o.progress = cancel_after_first;
    CHECK_INT(hfhub_download(c, "user/par-cancel", "w.bin", &o, &path), HFHUB_ERR_CANCELLED);
    snprintf(blobs, sizeof blobs, "%s/models--user--par-cancel/blobs", cache);
    CHECK_INT(count_files(blobs, ".incomplete"), 1);
    CHECK_OK(hfhub_download(c, "user/par-cancel", "w.bin", NULL, &path));
    CHECK(path && file_sha256(path, hex) == 0 && strcmp(hex, sha) == 0);
    CHECK_INT(count_files(blobs, ".incomplete"), 0);
    hfhub_free(c, path);
    hfhub_client_free(c);
}

int main(void) {
    char sha_json[4096];
    hfhub_json_doc *doc = NULL;
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_hub_stop(&hub);
        return 1;
    }
    snprintf(cache, sizeof cache, "%s/cache", hub.root);
    snprintf(sha_json, sizeof sha_json,
             "{\"repo\": \"user/model\", \"files\": [{\"path\": \"config.json\", \"content\": \"{\\\"a\\\": 1}\\n\"},"
             "{\"path\": \"sub/notes.txt\", \"content\": \"notes\\n\"},"
             "{\"path\": \"sub/dir/weights.bin\", \"size\": 200000, \"seed\": \"w\"}]}");
    if (t_hub_admin(&hub, "POST", "seed", sha_json, &doc) == HFHUB_OK) {
        const hfhub_json_value *root = hfhub_json_root(doc);
        const hfhub_json_value *w = hfhub_json_get(hfhub_json_get(root, "files"), "sub/dir/weights.bin");
        snprintf(commit1, sizeof commit1, "%s", hfhub_json_str(hfhub_json_get(root, "commit"), ""));
        snprintf(lfs_sha, sizeof lfs_sha, "%s", hfhub_json_str(hfhub_json_get(w, "sha256"), ""));
    }
    hfhub_json_free(doc);
    t_hub_seed(&hub, "{\"repo\": \"user/private\", \"private\": true, \"files\": {\"secret.txt\": \"s3cr3t\"}}", NULL);
    RUN(test_regular_file_layout);
    RUN(test_lfs_file_and_cdn);
    RUN(test_cached_needs_one_head_or_none);
    RUN(test_errors_and_no_exist);
    RUN(test_offline);
    RUN(test_resume_after_reset);
    RUN(test_corrupt_body_is_not_cached);
    RUN(test_truncated_forever_fails_without_blob);
    RUN(test_expired_cdn_url_is_resolved_again);
    RUN(test_metadata_503_then_ok);
    RUN(test_local_dir_round_trip);
    RUN(test_symlink_fallback);
    RUN(test_cancel_then_resume);
    RUN(test_renamed_repo);
    RUN(test_two_processes_one_download);
    RUN(test_parallel_ranges);
    RUN(test_parallel_ranges_resume);
    RUN(test_slow_stream_goes_ranged);
    RUN(test_parallel_ranges_unsupported);
    RUN(test_parallel_ranges_corrupt);
    RUN(test_parallel_ranges_cancel);
    t_hub_stop(&hub);
    return TEST_END();
}
