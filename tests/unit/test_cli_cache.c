/* test_cli_cache.c: `hf cache ls|rm|prune|verify` run as $HFHUB_BUILD/hf on a cache laid out
 * like Python's (cache_fixture.h), checking Python's lines and exit codes; verify against
 * tools/localhub on files downloaded into a fresh cache. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include "localhub.h"
#include "cache_fixture.h"

static char out[65536];
static const char *build;

/* Runs `env -i NO_COLOR=1 <envs> hf <args>`; stdout (and stderr when err) into out. */
static int hf(const char *envs, const char *args, int err) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "env -i HOME=%s NO_COLOR=1 %s %s/hf %s %s", fx_root, envs, build, args, err ? "2>&1" : "2>/dev/null");
    return t_capture(cmd, out, sizeof out);
}

static double hf_now_for_test(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec;
}

static int has_line(const char *line) {
    char want[1024];
    size_t n = strlen(line);
    const char *p = out;
    snprintf(want, sizeof want, "%s\n", line);
    if (!strncmp(out, want, n + 1)) return 1;
    while ((p = strstr(p, want)) != NULL) {
        if (p > out && p[-1] == '\n') return 1;
        p++;
    }
    return 0;
}

static void test_ls_table(void) {
    char args[512];
    fx_build();
    snprintf(args, sizeof args, "cache ls --cache-dir %s", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK(has_line("ID               SIZE LAST_ACCESSED LAST_MODIFIED REFS           "));
    CHECK(has_line("--------------- ----- ------------- ------------- ---------------"));
    CHECK(has_line("dataset/squad    20.0 57 years ago  57 years ago  main           "));
    CHECK(has_line("model/org/model 105.0 57 years ago  57 years ago  main, refs/pr/1"));
    CHECK(has_line(""));
    CHECK(has_line("Found 2 repo(s) for a total of 5 revision(s) and 125.0 on disk."));
    /* revisions, filters, sort, limit */
    snprintf(args, sizeof args, "cache ls --cache-dir %s --revisions -f 'size>20' --sort size:asc", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK(has_line("ID              REVISION                                 SIZE LAST_MODIFIED REFS     "));
    CHECK(has_line("model/org/model 3333333333333333333333333333333333333333 23.0 57 years ago           "));
    CHECK(strstr(out, "3333333333") < strstr(out, "1111111111"));
    CHECK(strstr(out, "dataset/squad") == NULL);
    CHECK(has_line("Found 1 repo(s) for a total of 3 revision(s) and 187.0 on disk."));
    snprintf(args, sizeof args, "cache ls --cache-dir %s --revisions -f refs=MAIN --limit 1 -q", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK_STR(out, FX_COMMIT4 "\n");
    snprintf(args, sizeof args, "cache ls --cache-dir %s -f type=model --format json", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK_STR(out, "[{\"id\": \"model/org/model\", \"repo_id\": \"org/model\", \"repo_type\": \"model\", \"size\": \"105.0\", "
                   "\"last_accessed\": \"57 years ago\", \"last_modified\": \"57 years ago\", \"refs\": [\"main\", \"refs/pr/1\"]}]\n");
    snprintf(args, sizeof args, "cache ls --cache-dir %s -f 'accessed<1d'", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK_STR(out, "No results found.\n");
    fx_destroy();
}

/* Sizes and ages as Python formats them: decimal units, "a few seconds ago", "N days ago". */
static void test_ls_sizes_and_ages(void) {
    char args[512], rel[256];
    static char big[1500001];
    memset(big, 'x', sizeof big - 1);
    snprintf(fx_root, sizeof fx_root, "/tmp/hfhub_cache_XXXXXX");
    if (!mkdtemp(fx_root)) return;
    snprintf(rel, sizeof rel, "models--big/blobs/%s", "0123456789012345678901234567890123456789");
    fx_write(rel, big);
    fx_link("../../blobs/0123456789012345678901234567890123456789", "models--big/snapshots/" FX_COMMIT1 "/w.bin");
    fx_write("models--big/refs/main", FX_COMMIT1);
    fx_write("datasets--old/snapshots/" FX_COMMIT2 "/a.txt", "abc");
    {
        long t = (long)hf_now_for_test() - 3 * 86400 - 100;
        fx_times("datasets--old/snapshots/" FX_COMMIT2 "/a.txt", t, t);
    }
    snprintf(args, sizeof args, "cache ls --cache-dir %s --sort name:desc", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK(has_line("ID          SIZE LAST_ACCESSED     LAST_MODIFIED     REFS"));
    CHECK(has_line("model/big   1.5M a few seconds ago a few seconds ago main"));
    CHECK(has_line("dataset/old  3.0 3 days ago        3 days ago            "));
    CHECK(has_line("Found 2 repo(s) for a total of 2 revision(s) and 1.5M on disk."));
    CHECK(strstr(out, "model/big") < strstr(out, "dataset/old"));
    snprintf(args, sizeof args, "cache ls --cache-dir %s -f 'modified>2d' -f 'size<1k' -q", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK_STR(out, "dataset/old\n");
    fx_destroy();
}

static void test_ls_errors_and_hints(void) {
    char args[512];
    fx_build();
    snprintf(args, sizeof args, "cache ls --cache-dir %s --show-warnings", fx_root);
    CHECK_INT(hf("", args, 1), 0);
    CHECK(has_line("Hint: Found 1 incomplete download(s) totalling 7.0. Remove them with 'hf cache prune'."));
    CHECK(strstr(out, "Warning: Snapshots dir doesn't exist in cached repo: ") != NULL);
    snprintf(args, sizeof args, "cache ls --cache-dir %s -f 'size==1'", fx_root);
    CHECK_INT(hf("", args, 1), 2);
    CHECK(strstr(out, "Error: Invalid value: Unsupported operator '==' in filter 'size==1'.") != NULL);
    snprintf(args, sizeof args, "cache ls --cache-dir %s --sort color", fx_root);
    CHECK_INT(hf("", args, 1), 2);
    snprintf(args, sizeof args, "cache ls --cache-dir %s --bogus", fx_root);
    CHECK_INT(hf("", args, 1), 2);
    CHECK(strstr(out, "Error: No such option: --bogus") != NULL);
    CHECK_INT(hf("", "cache ls --cache-dir /nonexistent/hfhub", 1), 1);
    CHECK_STR(out, "Error: Cache directory not found: /nonexistent/hfhub\n");
    /* colours unless NO_COLOR (Python's ANSI helper) */
    {
        char cmd[1024];
        FILE *p;
        size_t n;
        snprintf(cmd, sizeof cmd, "env -i %s/hf cache ls --cache-dir %s 2>/dev/null", build, fx_root);
        p = popen(cmd, "r");
        n = p ? fread(out, 1, sizeof out - 1, p) : 0;
        out[n] = 0;
        if (p) pclose(p);
        CHECK(strstr(out, "\033[1mFound 2 repo(s) for a total of 5 revision(s) and 125.0 on disk.\033[0m\n") != NULL);
    }
    fx_destroy();
}

static void test_rm(void) {
    char args[512], path[1024];
    fx_build();
    snprintf(args, sizeof args, "cache rm --cache-dir %s " FX_COMMIT2 " " FX_COMMIT3 " model/org/nothing --dry-run", fx_root);
    CHECK_INT(hf("", args, 1), 0);
    CHECK(has_line("About to delete 2 revision(s) totalling 23.0."));
    CHECK(has_line("  - model/org/model:"));
    CHECK(has_line("      " FX_COMMIT2 " [refs/pr/1] 82.0"));
    CHECK(has_line("      " FX_COMMIT3 " [(detached)] 23.0"));
    CHECK(has_line("\xe2\x9c\x93 Dry run: no files were deleted."));
    CHECK(has_line("  dry_run: True"));
    CHECK(has_line("  repos: 0"));
    CHECK(has_line("  revisions: 2"));
    CHECK(has_line("  size: 23.0"));
    CHECK(has_line("Warning: Could not find in cache:"));
    CHECK(has_line("  - model/org/nothing"));
    /* declined at the prompt: nothing deleted, exit 1 */
    snprintf(args, sizeof args, "cache rm --cache-dir %s hf://datasets/squad < /dev/null", fx_root);
    CHECK_INT(hf("", args, 1), 1);
    CHECK(strstr(out, "Proceed with deletion? [y/N]: ") != NULL);
    CHECK(has_line("Aborted!"));
    fx_path(path, sizeof path, "datasets--squad");
    CHECK(access(path, F_OK) == 0);
    /* whole repos with --yes */
    snprintf(args, sizeof args, "cache rm --cache-dir %s hf://datasets/squad MODEL/org/model -y", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK(has_line("About to delete 2 repo(s) totalling 125.0."));
    CHECK(has_line("  - dataset/squad (entire repo)"));
    CHECK(has_line("\xe2\x9c\x93 Deleted 2 repo(s) and 5 revision(s); freed 125.0."));
    CHECK(access(path, F_OK) != 0);
    snprintf(args, sizeof args, "cache rm --cache-dir %s " FX_COMMIT1 " --format json", fx_root);
    CHECK_INT(hf("", args, 1), 0);
    CHECK(has_line("Nothing to delete.") == 0);
    CHECK(strstr(out, "Warning: Could not find in cache:\n  - " FX_COMMIT1) != NULL);
    CHECK_INT(hf("", "cache rm", 1), 2);
    fx_destroy();
}

static void test_prune(void) {
    char args[512];
    fx_build();
    snprintf(args, sizeof args, "cache prune --cache-dir %s --dry-run", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK(has_line("About to delete 2 unreferenced revision(s) and 1 incomplete download(s) and 1 unreferenced blob(s) (33.0 total)."));
    CHECK(has_line("  - dataset/squad:"));
    CHECK(has_line("      " FX_COMMIT5 " [(detached)] 12.0"));
    CHECK(has_line("      " FX_COMMIT3 " [(detached)] 23.0"));
    CHECK(has_line("  incomplete: 1"));
    snprintf(args, sizeof args, "cache prune --cache-dir %s --yes --format json", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK_STR(out, "{\"revisions_deleted\": 2, \"incomplete_deleted\": 1, \"freed\": \"33.0\", \"unreferenced_blobs_deleted\": 1}\n");
    snprintf(args, sizeof args, "cache prune --cache-dir %s", fx_root);
    CHECK_INT(hf("", args, 0), 0);
    CHECK_STR(out, "No unreferenced revisions or incomplete downloads found. Nothing to prune.\n");
    fx_destroy();
}

/* ---- verify against tools/localhub --------------------------------------------------------- */

static t_hub hub;

static hfhub_client *hub_client(void) { return t_hub_client(&hub, NULL, fx_root); }

static int start_hub(void) {
    if (t_hub_start(&hub) != 0) return -1;
    return t_hub_seed(&hub,
                      "{\"repo\": \"user/pub\", \"files\": [{\"path\": \"config.json\", \"content\": \"{\\\"a\\\": 1}\\n\"},"
                      "{\"path\": \"weights/model.bin\", \"size\": 100000, \"seed\": \"w\"}]}", NULL) == HFHUB_OK ? 0 : -1;
}

static void test_verify(void) {
    hfhub_client *c;
    char *p1 = NULL, *p2 = NULL;
    char args[2048], env[256], want[512], blob[1024] = "";
    fx_build();
    c = hub_client();
    if (!c) { fx_destroy(); return; }
    CHECK_OK(hfhub_download(c, "user/pub", "config.json", NULL, &p1));
    CHECK_OK(hfhub_download(c, "user/pub", "weights/model.bin", NULL, &p2));
    if (p2) snprintf(blob, sizeof blob, "%s", p2);
    hfhub_free(c, p1);
    hfhub_free(c, p2);
    hfhub_client_free(c);
    snprintf(env, sizeof env, "HF_ENDPOINT=%s", hub.url);
    snprintf(args, sizeof args, "cache verify user/pub --cache-dir %s", fx_root);
    CHECK_INT(hf(env, args, 1), 0);
    CHECK(has_line("\xe2\x9c\x93 Verified 2 file(s) for model 'user/pub'. All checksums match."));
    CHECK(has_line("  checked: 2"));
    /* corrupt the LFS blob behind the snapshot link */
    if (*blob) {
        FILE *f = fopen(blob, "r+b");
        if (f) { fputc('X', f); fclose(f); }
    }
    CHECK_INT(hf(env, args, 1), 1);
    CHECK(has_line("\xe2\x9d\x8c Checksum verification failed for the following file(s):"));
    CHECK(strstr(out, "\n  - weights/model.bin: expected ") != NULL && strstr(out, " (sha256), got ") != NULL);
    CHECK(strstr(out, "Error: Verification failed for 'user/pub' (model) in ") != NULL);
    CHECK(strstr(out, "\n  Revision: ") != NULL);
    /* a local folder: missing and extra files */
    fx_write("local/config.json", "{\"a\": 1}\n");
    fx_write("local/notes.txt", "mine");
    fx_path(want, sizeof want, "local");
    snprintf(args, sizeof args, "cache verify user/pub --local-dir %s", want);
    CHECK_INT(hf(env, args, 1), 0);
    /* the repo also has the .gitattributes every new repo gets */
    CHECK(has_line("Warning: 2 remote file(s) are missing locally. Use --fail-on-missing-files for details."));
    CHECK(has_line("Warning: 1 local file(s) do not exist on the remote repo. Use --fail-on-extra-files for details."));
    CHECK(has_line("\xe2\x9c\x93 Verified 1 file(s) for model 'user/pub'. All checksums match."));
    snprintf(args, sizeof args, "cache verify user/pub --local-dir %s --fail-on-missing-files --fail-on-extra-files", want);
    CHECK_INT(hf(env, args, 1), 1);
    CHECK(has_line("\xe2\x9d\x8c Missing files (present remotely, absent locally):"));
    CHECK(strstr(out, "\n  - .gitattributes\n  - weights/model.bin\n") != NULL);
    CHECK(has_line("\xe2\x9d\x8c Extra files (present locally, absent remotely):"));
    CHECK(has_line("  - notes.txt"));
    snprintf(args, sizeof args, "cache verify user/pub --local-dir %s --cache-dir %s", want, fx_root);
    CHECK_INT(hf(env, args, 1), 2);
    CHECK_STR(out, "Error: Cannot pass both --local-dir and --cache-dir. Use one or the other.\n");
    snprintf(args, sizeof args, "cache verify user/other --cache-dir %s", fx_root);
    CHECK_INT(hf(env, args, 1), 1);
    CHECK(strstr(out, "Error: Repo is not present in cache: ") != NULL);
    fx_destroy();
}

int main(void) {
    build = getenv("HFHUB_BUILD");
    if (!build || !*build) build = "build";
    RUN(test_ls_table);
    RUN(test_ls_sizes_and_ages);
    RUN(test_ls_errors_and_hints);
    RUN(test_rm);
    RUN(test_prune);
    if (start_hub() == 0) RUN(test_verify);
    else { fprintf(stderr, "could not start tools/localhub\n"); t__failed++; }
    t_hub_stop(&hub);
    return TEST_END();
}
