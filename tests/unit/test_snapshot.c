/* test_snapshot.c: hfhub_snapshot_download and `hf download` against tools/localhub: every
 * file in parallel, allow/ignore patterns, the tree cache, no request for files present,
 * offline fallback, local_dir, progress totals, and the CLI's output. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static t_hub hub;
static char cache[160];
static char commit[41];

/* Entries below dir that are files (find -type f), -1 on error. */
static int count_dir_entries(const char *dir) {
    char cmd[512], out[64];
    FILE *p;
    int n = -1;
    snprintf(cmd, sizeof cmd, "find '%s' -type f 2>/dev/null | grep -v '/\\.locks/' | wc -l", dir);
    p = popen(cmd, "r");
    if (p && fgets(out, sizeof out, p)) n = atoi(out);
    if (p) pclose(p);
    return n;
}

static hfhub_client *client(void) { return t_hub_client(&hub, T_HUB_READ_TOKEN, cache); }

static int exists_in(const char *dir, const char *rel) {
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    return access(p, F_OK) == 0;
}

static void test_patterns(void) {
    hfhub_client *c = client();
    hfhub_snapshot_opts o;
    const char *allow[] = {"*.json", "data/"};
    const char *ignore[] = {"data/skip*"};
    char *dir = NULL, expect[400];
    if (!c) return;
    memset(&o, 0, sizeof o);
    o.allow_patterns = allow;
    o.n_allow = 2;
    o.ignore_patterns = ignore;
    o.n_ignore = 1;
    CHECK_OK(hfhub_snapshot_download(c, "user/snap", &o, &dir));
    snprintf(expect, sizeof expect, "%s/models--user--snap/snapshots/%s", cache, commit);
    CHECK_STR(dir, expect);
    if (dir) {
        CHECK(exists_in(dir, "config.json"));
        CHECK(exists_in(dir, "data/a/deep.json")); /* '*' crosses '/' */
        CHECK(exists_in(dir, "data/b.bin"));
        CHECK(!exists_in(dir, "data/skip.bin"));
        CHECK(!exists_in(dir, "weights.bin"));
        CHECK(!exists_in(dir, "README.md"));
    }
    hfhub_free(c, dir);
    hfhub_client_free(c);
}

typedef struct prog { uint64_t last_done, total; uint32_t files_total; int calls; } prog;
static int on_progress(void *user, const hfhub_progress *p) {
    prog *g = (prog *)user;
    g->calls++;
    if (p->bytes_done < g->last_done) g->last_done = (uint64_t)-1; /* must never go back */
    else g->last_done = p->bytes_done;
    g->total = p->bytes_total;
    g->files_total = p->files_total;
    return 0;
}

static void test_everything_then_nothing_to_fetch(void) {
    hfhub_client *c = client();
    hfhub_snapshot_opts o;
    prog g;
    char *dir = NULL, tree[400];
    if (!c) return;
    memset(&o, 0, sizeof o);
    memset(&g, 0, sizeof g);
    o.dl.progress = on_progress;
    o.dl.progress_user = &g;
    o.max_workers = 4;
    CHECK_OK(hfhub_snapshot_download(c, "user/snap", &o, &dir));
    CHECK(dir && exists_in(dir, "weights.bin") && exists_in(dir, "README.md") && exists_in(dir, "data/skip.bin"));
    CHECK(g.calls > 0 && g.last_done != (uint64_t)-1);
    CHECK_INT(g.files_total, 7);
    snprintf(tree, sizeof tree, "%s/models--user--snap/trees/%s.json", cache, commit);
    CHECK(access(tree, F_OK) == 0);
    hfhub_free(c, dir);
    /* again: one revision call, nothing else (tree cache, files present) */
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_snapshot_download(c, "user/snap", NULL, &dir));
    hfhub_free(c, dir);
    CHECK_INT(t_hub_log_count(&hub, NULL, NULL, NULL), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/revision/main"), 1);
    hfhub_client_free(c);
}

static void test_offline_uses_the_cached_snapshot(void) {
    hfhub_client *c = client();
    hfhub_snapshot_opts o;
    char *dir = NULL;
    if (!c) return;
    memset(&o, 0, sizeof o);
    o.dl.local_files_only = 1;
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_snapshot_download(c, "user/snap", &o, &dir));
    CHECK(dir && strstr(dir, commit) != NULL);
    hfhub_free(c, dir);
    CHECK_INT(hfhub_snapshot_download(c, "user/never-downloaded", &o, &dir), HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND);
    CHECK_INT(t_hub_log_count(&hub, NULL, NULL, NULL), 0);
    o.dl.local_files_only = 0;
    o.dl.revision = "no-such-branch";
    CHECK_INT(hfhub_snapshot_download(c, "user/snap", &o, &dir), HFHUB_ERR_REVISION_NOT_FOUND);
    hfhub_client_free(c);
}

/* The per-call token reaches every request: the revision, the tree, the files. */
static void test_per_call_token(void) {
    hfhub_client *c = t_hub_client(&hub, NULL, cache);
    hfhub_snapshot_opts o;
    char *dir = NULL;
    if (!c) return;
    memset(&o, 0, sizeof o);
    CHECK_INT(hfhub_snapshot_download(c, "user/secret", &o, &dir), HFHUB_ERR_REPO_NOT_FOUND);
    o.dl.token = T_HUB_READ_TOKEN;
    CHECK_OK(hfhub_snapshot_download(c, "user/secret", &o, &dir));
    CHECK(dir && exists_in(dir, "s.txt"));
    hfhub_free(c, dir);
    hfhub_client_free(c);
}

static void test_local_dir(void) {
    hfhub_client *c = client();
    hfhub_snapshot_opts o;
    char *dir = NULL, ld[200];
    if (!c) return;
    snprintf(ld, sizeof ld, "%s/ld", hub.root);
    memset(&o, 0, sizeof o);
    o.dl.local_dir = ld;
    CHECK_OK(hfhub_snapshot_download(c, "user/snap", &o, &dir));
    CHECK_STR(dir, ld);
    CHECK(exists_in(ld, "data/a/deep.json") && exists_in(ld, ".cache/huggingface/download/weights.bin.metadata"));
    hfhub_free(c, dir);
    hfhub_client_free(c);
}

static void test_dry_run(void) {
    hfhub_client *c = t_hub_client(&hub, T_HUB_READ_TOKEN, cache);
    hfhub_snapshot_opts o;
    hfhub_dry_run_info *infos = NULL, *one = NULL;
    size_t n = 0, i, will = 0;
    char other[200];
    if (!c) return;
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_snapshot_download_dry_run(c, "user/snap", &o, &infos, &n));
    CHECK_INT(n, 7);
    for (i = 0; i < n; i++) will += (size_t)infos[i].will_download;
    CHECK_INT(will, 0); /* everything was downloaded by the tests before */
    hfhub_free(c, infos);
    hfhub_client_free(c);
    /* an empty cache: everything would be downloaded, nothing is written */
    snprintf(other, sizeof other, "%s/dry-cache", hub.root);
    c = t_hub_client(&hub, T_HUB_READ_TOKEN, other);
    if (!c) return;
    CHECK_OK(hfhub_snapshot_download_dry_run(c, "user/snap", &o, &infos, &n));
    for (i = 0, will = 0; i < n; i++) {
        will += (size_t)infos[i].will_download;
        CHECK(!infos[i].is_cached && infos[i].commit_hash && !strcmp(infos[i].commit_hash, commit));
    }
    CHECK_INT(will, 7);
    hfhub_free(c, infos);
    CHECK_OK(hfhub_download_dry_run(c, "user/snap", "weights.bin", &o.dl, &one));
    CHECK(one && one->file_size == 400000 && one->will_download && strstr(one->local_path, "/snapshots/"));
    hfhub_free(c, one);
    CHECK_INT(count_dir_entries(other), 0);
    hfhub_client_free(c);
}

/* `hf download` prints the path on stdout, like Python's. */
static void test_cli(void) {
    char cmd[1024], out[600];
    FILE *p;
    snprintf(cmd, sizeof cmd,
             "HF_ENDPOINT=%s HF_TOKEN=" T_HUB_READ_TOKEN " %s/hf download user/snap config.json --quiet --cache-dir %s/cli 2>&1",
             hub.url, getenv("HFHUB_BUILD") ? getenv("HFHUB_BUILD") : "build", hub.root);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p) return;
    out[0] = 0;
    if (!fgets(out, sizeof out, p)) out[0] = 0;
    CHECK_INT(pclose(p), 0);
    out[strcspn(out, "\n")] = 0;
    CHECK(strstr(out, "/cli/models--user--snap/snapshots/") != NULL && strstr(out, "/config.json") != NULL);
    snprintf(cmd, sizeof cmd, "HF_ENDPOINT=%s %s/hf download user/snap nope.txt --cache-dir %s/cli >/dev/null 2>&1", hub.url,
             getenv("HFHUB_BUILD") ? getenv("HFHUB_BUILD") : "build", hub.root);
    CHECK(system(cmd) != 0);
    /* the human format (Python's out.result): a check mark line, then "  path: ..." */
    snprintf(cmd, sizeof cmd, "NO_COLOR=1 HF_ENDPOINT=%s %s/hf download user/snap config.json --cache-dir %s/cli", hub.url,
             getenv("HFHUB_BUILD") ? getenv("HFHUB_BUILD") : "build", hub.root);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p) return;
    CHECK(fgets(out, sizeof out, p) && strcmp(out, "\xE2\x9C\x93 Downloaded\n") == 0);
    CHECK(fgets(out, sizeof out, p) && strncmp(out, "  path: ", 8) == 0 && strstr(out, "/config.json"));
    CHECK_INT(pclose(p), 0);
    /* a folder argument cannot be mixed with --include */
    snprintf(cmd, sizeof cmd, "HF_ENDPOINT=%s %s/hf download user/snap data/ --include '*.json' >/dev/null 2>&1", hub.url,
             getenv("HFHUB_BUILD") ? getenv("HFHUB_BUILD") : "build");
    CHECK(WEXITSTATUS(system(cmd)) == 1);
}

int main(void) {
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_hub_stop(&hub);
        return 1;
    }
    snprintf(cache, sizeof cache, "%s/cache", hub.root);
    t_hub_seed(&hub,
               "{\"repo\": \"user/snap\", \"files\": [{\"path\": \"config.json\", \"content\": \"{}\"},"
               "{\"path\": \"README.md\", \"content\": \"# hi\\n\"},"
               "{\"path\": \"data/a/deep.json\", \"content\": \"[1]\"},"
               "{\"path\": \"data/b.bin\", \"size\": 5000, \"seed\": \"b\"},"
               "{\"path\": \"data/skip.bin\", \"size\": 10, \"seed\": \"s\"},"
               "{\"path\": \"weights.bin\", \"size\": 400000, \"seed\": \"w\"}]}",
               commit);
    t_hub_seed(&hub, "{\"repo\": \"user/secret\", \"private\": true, \"files\": {\"s.txt\": \"x\"}}", NULL);
    RUN(test_patterns);
    RUN(test_everything_then_nothing_to_fetch);
    RUN(test_offline_uses_the_cached_snapshot);
    RUN(test_per_call_token);
    RUN(test_local_dir);
    RUN(test_dry_run);
    RUN(test_cli);
    t_hub_stop(&hub);
    return TEST_END();
}
