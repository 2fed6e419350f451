/* test_cli_upload.c: `hf upload` and `hf repo-files delete` run as $HFHUB_BUILD/hf against
 * localhub: repo creation, file and folder uploads, path defaults, patterns, --revision
 * branches, PRs, output formats, errors. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"
#include <unistd.h>

static t_hub hub;
static char out[65536];
static const char *build;
static char dir[128];

/* Runs `hf <args>` in dir with the hub as endpoint; stdout (and stderr when err) into out. */
static int hf(const char *args, int err) {
    char cmd[4096];
    FILE *p;
    size_t n;
    int st;
    snprintf(cmd, sizeof cmd, "cd %s && env -i HOME=%s NO_COLOR=1 HF_ENDPOINT=%s HF_TOKEN=%s %s/hf %s %s", dir, dir,
             hub.url, T_HUB_WRITE_TOKEN, build, args, err ? "2>&1" : "2>/dev/null");
    p = popen(cmd, "r");
    if (!p) return -1;
    n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    st = pclose(p);
    return st >= 0 && (st & 0x7f) == 0 ? (st >> 8) & 0xff : -1;
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
    t_hub_stop(&hub);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return TEST_END();
}
