/* test_cli_upload.c: `hf upload` and `hf repo-files delete` run as $HFHUB_BUILD/hf against
 * localhub: repo creation, file and folder uploads, path defaults, patterns, --revision
 * branches, PRs, output formats, errors. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include "localhub.h"
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static t_hub hub;
static char out[65536];
static const char *build;
static char dir[128];

/* Runs `hf <args>` in dir with the hub as endpoint; stdout (and stderr when err) into out. */
static int hf(const char *args, int err) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd %s && env -i HF_HUB_DISABLE_XET=1 HOME=%s NO_COLOR=1 HF_ENDPOINT=%s HF_TOKEN=%s %s/hf %s %s", dir, dir,
             hub.url, T_HUB_WRITE_TOKEN, build, args, err ? "2>&1" : "2>/dev/null");
    return t_capture(cmd, out, sizeof out);
}

static void put(const char *rel, const char *text) {
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    hfhub__fs_mkdirs_parent(p);
    if ((f = fopen(p, "wb"))) {
        fputs(text, f);
        fclose(f);
    }
}

static int exists(const char *repo, const char *type, const char *rev, const char *path) {
    hfhub_client *c = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL);
    hfhub_download_opts o;
    static char buf[1 << 16];
    size_t len;
    hfhub_result r;
    memset(&o, 0, sizeof o);
    o.repo_type = type;
    o.revision = rev;
    r = hfhub_download_to_buffer(c, repo, path, &o, buf, sizeof buf, &len);
    hfhub_client_free(c);
    return r == HFHUB_OK;
}

static void test_upload_file(void) {
    char want[512];
    put("model.txt", "weights\n");
    CHECK_INT(hf("upload user/cli1 model.txt", 0), 0);
    snprintf(want, sizeof want, "\xe2\x9c\x93 Uploaded\n  url: %s/user/cli1/blob/main/model.txt\n", hub.url);
    CHECK_STR(out, want);
    CHECK(exists("user/cli1", NULL, "main", "model.txt"));
    /* explicit path in repo, --quiet prints the URL only */
    CHECK_INT(hf("upload user/cli1 model.txt sub/m.txt --quiet", 0), 0);
    snprintf(want, sizeof want, "%s/user/cli1/blob/main/sub/m.txt\n", hub.url);
    CHECK_STR(out, want);
    /* LOCAL_PATH defaults to the repo name when such a file exists */
    put("cli2", "named like the repo\n");
    CHECK_INT(hf("upload user/cli2 --repo-type dataset --json", 0), 0);
    snprintf(want, sizeof want, "{\"url\": \"%s/datasets/user/cli2/blob/main/cli2\"}\n", hub.url);
    CHECK_STR(out, want);
    CHECK(exists("user/cli2", "dataset", "main", "cli2"));
}

static void test_upload_folder(void) {
    put("f/a.txt", "a\n");
    put("f/b.log", "b\n");
    put("f/c/d.txt", "d\n");
    CHECK_INT(hf("upload user/cli3 f . --exclude '*.log' --commit-message 'my msg'", 0), 0);
    CHECK(strstr(out, "/user/cli3/tree/main/.") != NULL);
    CHECK(exists("user/cli3", NULL, "main", "a.txt"));
    CHECK(exists("user/cli3", NULL, "main", "c/d.txt"));
    CHECK(!exists("user/cli3", NULL, "main", "b.log"));
    /* --delete, a new branch with --revision, then a PR */
    CHECK_INT(hf("upload user/cli3 f/c . --delete 'a.txt' --revision dev", 0), 0);
    CHECK(exists("user/cli3", NULL, "dev", "d.txt"));
    CHECK(!exists("user/cli3", NULL, "dev", "a.txt"));
    CHECK(exists("user/cli3", NULL, "main", "a.txt"));
    CHECK_INT(hf("upload user/cli3 f/a.txt pr.txt --create-pr", 0), 0);
    CHECK(strstr(out, "/blob/refs%2Fpr%2F1/pr.txt") != NULL);
    CHECK(exists("user/cli3", NULL, "refs/pr/1", "pr.txt"));
    /* a wildcard LOCAL_PATH is an include pattern over the current folder */
    CHECK_INT(hf("upload user/cli4 'f/*.txt'", 0), 0);
    CHECK(exists("user/cli4", NULL, "main", "f/a.txt"));
    CHECK(!exists("user/cli4", NULL, "main", "f/b.log"));
    /* hf:// URI with a revision and a path */
    CHECK_INT(hf("upload hf://user/cli4@main/deep f/a.txt", 0), 0);
    CHECK(exists("user/cli4", NULL, "main", "deep"));
}

static void test_repo_files_delete(void) {
    CHECK_INT(hf("repo-files delete user/cli3 'c/*' a.txt", 1), 0);
    CHECK(strstr(out, "deprecated") != NULL);
    CHECK(strstr(out, "Files deleted") != NULL);
    CHECK(!exists("user/cli3", NULL, "main", "a.txt"));
    CHECK(!exists("user/cli3", NULL, "main", "c/d.txt"));
    CHECK(exists("user/cli3", NULL, "main", ".gitattributes"));
}

static void test_errors(void) {
    CHECK_INT(hf("upload user/cli5 nothing-here.bin", 1), 1);
    CHECK(strstr(out, "No such file or directory") != NULL);
    CHECK_INT(hf("upload user/nope", 1), 1);
    CHECK(strstr(out, "is not a local file or folder") != NULL);
    CHECK_INT(hf("upload user/cli1 model.txt --every 0", 1), 2);
    CHECK_INT(hf("upload", 1), 2);
    CHECK_INT(hf("upload 'bad id!' model.txt", 1), 1);
    /* a token without write access: the Hub's 403 message and Python's advice */
    CHECK_INT(hf("upload user/cli1 model.txt --token " T_HUB_READ_TOKEN, 1), 1);
    CHECK(strstr(out, "403 Forbidden: You don't have the rights to write to this repo: your token has the read role.") != NULL);
    CHECK(strstr(out, "Make sure your token has the correct permissions.") != NULL);
    CHECK(strstr(out, "Uploaded") == NULL);
}

/* Line `line` (1-based) of a file's upload metadata, or "" when there is none. */
static const char *meta_line(const char *folder, const char *name, int line) {
    static char buf[128];
    char p[512];
    FILE *f;
    int k;
    snprintf(p, sizeof p, "%s/%s/.cache/huggingface/upload/%s.metadata", dir, folder, name);
    buf[0] = 0;
    if (!(f = fopen(p, "r"))) return buf;
    for (k = 0; k < line && fgets(buf, sizeof buf, f); k++) {}
    fclose(f);
    if (k < line) buf[0] = 0;
    buf[strcspn(buf, "\n")] = 0;
    return buf;
}

/* Successful (200) CDN PUTs of one LFS object so far. */
static int puts_ok(const char *sha) {
    char q[200];
    hfhub_json_doc *doc = NULL;
    size_t k;
    int n = 0;
    snprintf(q, sizeof q, "log?server=cdn&method=PUT&path=/upload/%.64s", sha);
    if (t_hub_admin(&hub, "GET", q, NULL, &doc) != HFHUB_OK) return -1;
    for (k = 0; k < hfhub_json_len(hfhub_json_root(doc)); k++)
        n += hfhub_json_int(hfhub_json_get(hfhub_json_at(hfhub_json_root(doc), k), "status"), 0) == 200;
    hfhub_json_free(doc);
    return n;
}

static void test_upload_large_folder_resume(void) {
    char shas[6][65], name[32], p[512], cmd[2048], fault[640];
    unsigned char d[32], data[50000];
    int i, st = 0, waited;
    pid_t pid;
    FILE *f;
    for (i = 0; i < 6; i++) { /* binary: LFS */
        size_t k;
        for (k = 0; k < sizeof data; k++) data[k] = (unsigned char)(k * 7 + i * 131 + (k >> 8));
        data[0] = 0;
        snprintf(name, sizeof name, "a%d.bin", i);
        snprintf(p, sizeof p, "%s/big/%s", dir, name);
        hfhub__fs_mkdirs_parent(p);
        if ((f = fopen(p, "wb"))) { fwrite(data, 1, sizeof data, f); fclose(f); }
        hfhub_sha256(data, sizeof data, d);
        hfhub_hex_encode(d, 32, shas[i]);
    }
    put("big/r1.txt", "regular one\n");
    put("big/sub/r2.txt", "regular two\n");
    /* the third LFS PUT hangs: the process is killed while it waits */
    snprintf(fault, sizeof fault, "{\"kind\": \"delay_headers\", \"seconds\": 3, \"server\": \"cdn\", \"method\": \"PUT\", \"pattern\": \"/upload/%s\"}", shas[2]);
    CHECK_OK(t_hub_fault(&hub, fault));
    snprintf(cmd, sizeof cmd, "cd %s && exec env -i HF_HUB_DISABLE_XET=1 HOME=%s HF_ENDPOINT=%s HF_TOKEN=%s %s/hf upload-large-folder user/large big "
             "--repo-type model --num-workers 1 --no-report >/dev/null 2>&1", dir, dir, hub.url, T_HUB_WRITE_TOKEN, build);
    pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    CHECK(pid > 0);
    /* wait (at most 20 s) until the first two LFS files are recorded as uploaded, then SIGKILL */
    for (waited = 0; waited < 2000; waited++) {
        if (!strcmp(meta_line("big", "a0.bin", 7), "1") && !strcmp(meta_line("big", "a1.bin", 7), "1")) break;
        usleep(10000);
    }
    CHECK(waited < 2000);
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st));
    CHECK(!exists("user/large", NULL, "main", "a0.bin"));
    CHECK_STR(meta_line("big", "a0.bin", 4), shas[0]);
    CHECK_STR(meta_line("big", "a0.bin", 8), "0");
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
    /* the server finishes the PUT in flight at the kill (its bytes were sent) before the rerun */
    snprintf(p, sizeof p, "/upload/%.64s", shas[2]);
    for (waited = 0; waited < 1000 && t_hub_log_count(&hub, "cdn", "PUT", p) < 1; waited++) usleep(10000);
    /* run again: it resumes; nothing is uploaded twice */
    CHECK_INT(hf("upload-large-folder user/large big --repo-type model --no-report", 1), 0);
    if (getenv("TEST_VERBOSE")) fprintf(stderr, "%s", out);
    for (i = 0; i < 6; i++) {
        snprintf(name, sizeof name, "a%d.bin", i);
        CHECK(exists("user/large", NULL, "main", name));
        CHECK_STR(meta_line("big", name, 8), "1");
        CHECK_INT(puts_ok(shas[i]), 1);
    }
    CHECK(exists("user/large", NULL, "main", "r1.txt"));
    CHECK(exists("user/large", NULL, "main", "sub/r2.txt"));
    CHECK_STR(meta_line("big", "sub/r2.txt", 5), "regular");
    CHECK(!exists("user/large", NULL, "main", ".cache/huggingface/upload/a0.bin.metadata"));
    /* a third run has nothing to do */
    t_hub_log_clear(&hub);
    CHECK_INT(hf("upload-large-folder user/large big --repo-type model", 0), 0);
    CHECK(strstr(out, "committed: 8/8") != NULL);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/(commit|preupload)/"), 0);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "PUT", NULL), 0);
}

int main(void) {
    char cmd[200];
    build = getenv("HFHUB_BUILD");
    if (!build) build = "build";
    snprintf(dir, sizeof dir, "/tmp/hfhub_test_cli_upload.XXXXXX");
    if (!mkdtemp(dir) || t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    RUN(test_upload_file);
    RUN(test_upload_folder);
    RUN(test_repo_files_delete);
    RUN(test_errors);
    RUN(test_upload_large_folder_resume);
    t_hub_stop(&hub);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return TEST_END();
}
