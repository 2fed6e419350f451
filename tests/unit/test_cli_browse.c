/* test_cli_browse.c: `hf models|datasets|spaces ls|info` run as $HFHUB_BUILD/hf against
 * tools/localhub, compared with the text Python's `hf` prints: the file listing of a repo
 * (flat, -h, --tree, -q, --format json) and its hint, the option checks, info. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"

static t_hub hub;
static char out[65536];
static const char *build;

/* Runs `env -i NO_COLOR=1 HF_ENDPOINT=... HF_TOKEN=<write> hf <args>`; stdout (and stderr
 * when err) into out; the exit code. */
static int hf(const char *args, int err) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "env -i HOME=%s NO_COLOR=1 HF_ENDPOINT=%s HF_TOKEN=%s %s/hf %s %s", hub.root, hub.url,
             T_HUB_WRITE_TOKEN, build, args, err ? "2>&1" : "2>/dev/null");
    return t_capture(cmd, out, sizeof out);
}

static int hf_is_month(const char *p) {
    static const char *const mon = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i;
    for (i = 0; i < 36; i += 3)
        if (!strncmp(mon + i, p, 3)) return 1;
    return 0;
}

/* out with every last-commit date replaced: "2026-01-02 03:04:05" -> "DATE",
 * "Jan 02 03:04" -> "HDATE", an isoformat() -> "ISO" (in place). */
static void normalize(void) {
    char buf[65536], *o = buf;
    const char *p = out;
    while (*p && (size_t)(o - buf) < sizeof buf - 8) {
        size_t rem = strlen(p);
        int date = rem >= 19 && p[0] == '2' && p[4] == '-' && p[7] == '-';
        if (date && p[10] == ' ' && p[13] == ':' && p[16] == ':') {
            memcpy(o, "DATE", 4), o += 4, p += 19;
        } else if (date && rem >= 32 && p[10] == 'T' && !strncmp(p + 26, "+00:00", 6)) {
            memcpy(o, "ISO", 3), o += 3, p += 32;
        } else if (rem >= 12 && p[3] == ' ' && p[6] == ' ' && p[9] == ':' && hf_is_month(p)) {
            memcpy(o, "HDATE", 5), o += 5, p += 12;
        } else if (rem >= 10 && p[0] == '2' && p[4] == '-' && p[7] == '-' && p[10] == ' ') {
            memcpy(o, "DAY", 3), o += 3, p += 10; /* a table's date cell "2026-01-02" */
        } else *o++ = *p++;
    }
    *o = 0;
    memcpy(out, buf, (size_t)(o - buf) + 1);
}

#define MID "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 "  /* "├── " */
#define LAST "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 " /* "└── " */

static void test_file_listing(void) {
    char want[1024];
    CHECK_INT(hf("models ls user/repo", 1), 0);
    normalize();
    CHECK_STR(out, "        1519  DATE  .gitattributes\n"
                   "           2  DATE  README.md\n"
                   "              DATE  sub/\n"
                   "Hint: Use -R to list files recursively.\n");
    CHECK_INT(hf("models ls user/repo -R -h", 1), 0);
    normalize();
    CHECK_STR(out, "      1.5 KB         HDATE  .gitattributes\n"
                   "         2 B         HDATE  README.md\n"
                   "                     HDATE  sub/\n"
                   "         4 B         HDATE  sub/a.txt\n"
                   "                     HDATE  sub/deep/\n"
                   "         8 B         HDATE  sub/deep/b.bin\n");
    CHECK_INT(hf("models ls user/repo --recursive --tree", 1), 0);
    normalize();
    /* the size + date prefix: 4 + 2 + 19 wide (blank for folders), then 2 spaces */
    snprintf(want, sizeof want, "1519  DATE  %s.gitattributes\n   2  DATE  %sREADME.md\n%27s%ssub/\n"
             "   4  DATE      %sa.txt\n%31s%sdeep/\n   8  DATE          %sb.bin\n", MID, MID, "", LAST, MID, "", LAST, LAST);
    CHECK_STR(out, want);
    CHECK_INT(hf("models ls user/repo --tree -q", 0), 0);
    CHECK_STR(out, "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 .gitattributes\n\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 README.md\n"
                   "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 sub/\n");
    CHECK_INT(hf("models ls user/repo -q", 1), 0);
    CHECK_STR(out, ".gitattributes\nREADME.md\nsub/\nHint: Use -R to list files recursively.\n");
    CHECK_INT(hf("models ls user/repo --limit 30 -R -q", 1), 0); /* the default limit is accepted */
    CHECK_STR(out, ".gitattributes\nREADME.md\nsub/\nsub/a.txt\nsub/deep/\nsub/deep/b.bin\n");
    CHECK_INT(hf("models ls user/repo --format json", 0), 0);
    normalize();
    CHECK(strstr(out, "[\n  {\n    \"path\": \".gitattributes\",\n    \"size\": 1519,\n    \"blob_id\": \"") == out);
    CHECK(strstr(out, "\",\n    \"last_commit\": {\n      \"oid\": \"") != NULL);
    CHECK(strstr(out, "\",\n      \"title\": \"Seed 3 files\",\n      \"date\": \"ISO\"\n    },\n    \"security\": {\n"
                      "      \"safe\": true,\n      \"status\": \"safe\",\n      \"av_scan\": {\n        \"virusFound\": false\n"
                      "      }\n    }\n  },\n") != NULL);
    CHECK(strstr(out, "  {\n    \"path\": \"sub\",\n    \"tree_id\": \"") != NULL);
    CHECK_INT(hf("models ls user/repo -R --json", 0), 0);
    CHECK(strstr(out, "    \"path\": \"sub/deep/b.bin\",\n    \"size\": 8,\n    \"blob_id\": \"") != NULL);
    CHECK(strstr(out, "\",\n    \"lfs\": {\n      \"size\": 8,\n      \"sha256\": \"fb398cc690e15ddba43ee811b6c0d3ec190901ad3df377fec9a1f9004b919a06\",\n"
                      "      \"pointer_size\": 126\n    },\n    \"last_commit\": {\n") != NULL);
    CHECK_INT(hf("datasets ls user/ds", 1), 0);
    normalize();
    CHECK_STR(out, "        2322  DATE  .gitattributes\n           3  DATE  data.csv\n");
    CHECK_INT(hf("spaces ls user/space -q", 1), 0);
    CHECK_STR(out, ".gitattributes\napp.py\n");
}

static void test_option_checks(void) {
    CHECK_INT(hf("models ls user/repo --search x", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --search when listing files.\n");
    CHECK_INT(hf("models ls user/repo --sort likes --author a", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --author when listing files.\n");
    CHECK_INT(hf("models ls user/repo --num-parameters min:1B", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --num-parameters when listing files.\n");
    CHECK_INT(hf("datasets ls user/ds --limit 5", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --limit when listing files.\n");
    CHECK_INT(hf("models ls user/repo --expand likes", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --expand when listing files.\n");
    CHECK_INT(hf("models ls user/repo --tree --json", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --tree with --format json.\n");
    CHECK_INT(hf("models ls --tree -R", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --tree when listing models.\n");
    CHECK_INT(hf("datasets ls -R", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --recursive when listing datasets.\n");
    CHECK_INT(hf("spaces ls -h", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --human-readable when listing spaces.\n");
    CHECK_INT(hf("models ls --revision main", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Cannot use --revision when listing models.\n");
    CHECK_INT(hf("datasets ls --num-parameters min:1B", 1), 2); /* a models-only option */
    CHECK_STR(out, "Error: No such option: --num-parameters\n");
    CHECK_INT(hf("models info user/repo -R", 1), 2);
    CHECK_STR(out, "Error: No such option: -R\n");
    CHECK_INT(hf("models info user/repo -h", 0), 0); /* -h is --help for info */
    CHECK(strstr(out, "usage: hf models") == out);
}

/* `ls` without REPO_ID: Python's out.table of the info dicts, the columns with a truthy value
 * in some row (no PRIVATE for all-false, no DOWNLOADS/LIKES for zeros), dates as value[:10]. */
static void test_repo_listing(void) {
    CHECK_INT(hf("models ls", 0), 0);
    normalize();
    CHECK_STR(out, "ID        CREATED_AT TAGS     \n--------- ---------- ---------\nuser/repo DAY region:us\n");
    CHECK_INT(hf("datasets ls -q", 0), 0);
    CHECK_STR(out, "user/ds\n");
    CHECK_INT(hf("spaces ls --search nothing-matches", 0), 0);
    CHECK_STR(out, "No results found.\n");
    CHECK_INT(hf("spaces ls --search nothing-matches --json", 0), 0);
    CHECK_STR(out, "[]\n");
}

/* Failures as Python's format_known_exception + the HF_DEBUG hint (also for the community commands). */
static void test_errors(void) {
    static const char *const hint = "Hint: set HF_DEBUG=1 as environment variable for full traceback.\n";
    char want[512];
    snprintf(want, sizeof want, "Error: Repository not found. Check the `repo_id` and `repo_type` parameters. If the repo "
                                "is private, make sure you are authenticated.\n%s", hint);
    CHECK_INT(hf("models ls user/nope", 1), 1);
    CHECK_STR(out, want);
    CHECK_INT(hf("discussions ls user/nope", 1), 1);
    CHECK_STR(out, want);
    snprintf(want, sizeof want, "Error: Revision not found. Check the `revision` parameter.\n%s", hint);
    CHECK_INT(hf("datasets ls user/ds --revision nope", 1), 1);
    CHECK_STR(out, want);
}

static void test_info(void) {
    CHECK_INT(hf("models info user/repo --format json", 0), 0);
    CHECK(strstr(out, "{\"id\": \"user/repo\", \"author\": \"user\", \"sha\": \"") == out);
    CHECK_INT(hf("models info user/nope", 1), 1);
    CHECK_STR(out, "Error: Model 'user/nope' not found.\n");
    CHECK_INT(hf("datasets info user/ds --revision nope", 1), 1);
    CHECK_STR(out, "Error: Revision 'nope' not found on 'user/ds'.\n");
}

/* `hf repos delete-files` (Python's; `hf repo-files delete` is its deprecated form): the result,
 * no deprecation warning; .gitattributes is never deleted (Python's delete_files). */
static void test_delete_files(void) {
    CHECK_INT(hf("repos delete-files user/ds '*' --type dataset -q", 1), 0);
    CHECK_STR(out, "user/ds\n");
    CHECK_INT(hf("datasets ls user/ds -q", 1), 0);
    CHECK_STR(out, ".gitattributes\n");
    CHECK_INT(hf("repos delete-files user/ds", 1), 2);
}

int main(void) {
    build = getenv("HFHUB_BUILD");
    if (!build || !*build) build = "build";
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        return 1;
    }
    t_hub_seed(&hub, "{\"repo\": \"user/repo\", \"files\": {\"README.md\": \"hi\", \"sub/a.txt\": \"aaaa\", "
                     "\"sub/deep/b.bin\": \"bbbbbbbb\"}}", NULL);
    t_hub_seed(&hub, "{\"repo\": \"user/ds\", \"type\": \"dataset\", \"files\": {\"data.csv\": \"x,y\"}}", NULL);
    t_hub_seed(&hub, "{\"repo\": \"user/space\", \"type\": \"space\", \"files\": {\"app.py\": \"print(1)\"}}", NULL);
    RUN(test_file_listing);
    RUN(test_option_checks);
    RUN(test_repo_listing);
    RUN(test_errors);
    RUN(test_info);
    RUN(test_delete_files);
    t_hub_stop(&hub);
    return TEST_END();
}

#undef MID
#undef LAST
