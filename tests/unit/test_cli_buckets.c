/* test_cli_buckets.c: `hf buckets create|info|list|delete` and `hf jobs [scheduled] uv run` with
 * a local script, run as $HFHUB_BUILD/hf against tools/localhub: Python's outputs and exit
 * codes, and the request order of a local uv run (bucket, Xet upload, batch, then the job). */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"
#include <unistd.h>

static t_hub H;
static char out[65536];
static char envs[1024];
static const char *build;

/* Runs `env -i NO_COLOR=1 <hub env> hf <args>`; stdout (and stderr when err) into out. */
static int hf(const char *args, int err) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd %s && env -i HOME=%s NO_COLOR=1 %s %s/hf %s %s", H.root, H.root, envs, build, args,
             err ? "2>&1" : "2>/dev/null");
    return t_capture(cmd, out, sizeof out);
}

/* The logged hub requests whose path matches path_re, as "METHOD path\n" lines in order. */
static void log_lines(const char *path_re, char *dst, size_t cap) {
    hfhub__buf q;
    hfhub_json_doc *doc = NULL;
    size_t i, used = 0;
    dst[0] = 0;
    hfhub__buf_init(&q, NULL);
    hfhub__buf_puts(&q, "log?server=hub&path=");
    hfhub__url_quote(&q, path_re, strlen(path_re), "");
    if (!q.failed && !t_hub_admin(&H, "GET", q.data, NULL, &doc)) {
        const hfhub_json_value *a = hfhub_json_root(doc);
        for (i = 0; i < hfhub_json_len(a); i++) {
            const hfhub_json_value *e = hfhub_json_at(a, i);
            int k = snprintf(dst + used, cap - used, "%s %s\n", hfhub_json_str(hfhub_json_get(e, "method"), ""),
                             hfhub_json_str(hfhub_json_get(e, "path"), ""));
            if (k < 0 || (size_t)k >= cap - used) break;
            used += (size_t)k;
        }
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&q);
}

static void test_buckets_cli(void) {
    char want[512];
    CHECK_INT(hf("buckets create my-b --private", 0), 0);
    snprintf(want, sizeof want, "\xe2\x9c\x93 Bucket created\n  uri: hf://buckets/user/my-b\n  url: %s/buckets/user/my-b\n", H.url);
    CHECK_STR(out, want);
    CHECK_INT(hf("buckets create user/my-b", 1), 1);
    CHECK(strstr(out, "409 Conflict") != NULL);
    CHECK_INT(hf("buckets create hf://buckets/user/my-b --exist-ok --format json", 0), 0);
    snprintf(want, sizeof want, "{\"uri\": \"hf://buckets/user/my-b\", \"url\": \"%s/buckets/user/my-b\"}\n", H.url);
    CHECK_STR(out, want);
    CHECK_INT(hf("buckets info hf://buckets/user/my-b", 0), 0);
    CHECK(strncmp(out, "{\n  \"id\": \"user/my-b\",\n  \"private\": true,\n  \"created_at\": \"", 59) == 0);
    CHECK(strstr(out, "+00:00\",\n  \"size\": 0,\n  \"total_files\": 0\n}\n") != NULL);
    CHECK_INT(hf("buckets list --format json", 0), 0);
    CHECK(strncmp(out, "[{\"id\": \"user/my-b\", \"private\": true, \"size\": 0, \"total_files\": 0, \"created_at\": \"", 82) == 0);
    CHECK_INT(hf("buckets ls -q", 0), 0);
    CHECK_STR(out, "user/my-b\n");
    CHECK_INT(hf("buckets delete my-b -y", 1), 2);   /* a namespace is required */
    CHECK_INT(hf("buckets delete user/my-b -y", 0), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Bucket deleted\n  bucket_id: user/my-b\n");
    CHECK_INT(hf("buckets delete user/my-b -y", 1), 1);
    CHECK(strstr(out, "Error: Bucket not found. Check the bucket id (namespace/name). If the bucket is private, make sure you are authenticated.") != NULL);
    CHECK_INT(hf("buckets delete user/my-b -y --missing-ok", 0), 0);
    CHECK_INT(hf("buckets info user/bad..name", 1), 1);
    CHECK(strstr(out, "Invalid bucket id") != NULL);
    CHECK_INT(hf("buckets frobnicate", 1), 2);
}

static void test_uv_run_local_script(void) {
    char path[300], log[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/train.py", H.root);
    f = fopen(path, "w");
    if (f) {
        fputs("print('hello from a bucket')\n", f);
        fclose(f);
    }
    t_hub_log_clear(&H);
    CHECK_INT(hf("jobs uv run -d train.py --epochs 1", 0), 0);
    CHECK(strncmp(out, "\xe2\x9c\x93 Job started\n  id: ", 22) == 0);
    log_lines("^/api/(buckets|jobs)/", log, sizeof log);
    CHECK_STR(log, "POST /api/buckets/user/jobs-artifacts\nGET /api/buckets/user/jobs-artifacts/xet-write-token\n"
                   "POST /api/buckets/user/jobs-artifacts/batch\nPOST /api/jobs/user\n");
    CHECK_INT(hf("buckets list --format json", 0), 0);
    CHECK(strstr(out, "{\"id\": \"user/jobs-artifacts\", \"private\": true, \"size\": 29, \"total_files\": 1,") != NULL);
    /* scheduled: the same upload, then the scheduled job */
    t_hub_log_clear(&H);
    CHECK_INT(hf("jobs scheduled uv run @hourly train.py", 0), 0);
    CHECK(strstr(out, "Scheduled Job created") != NULL);
    log_lines("^/api/(buckets/user/jobs-artifacts(/batch)?|scheduled-jobs/user)$", log, sizeof log);
    CHECK_STR(log, "POST /api/buckets/user/jobs-artifacts\nPOST /api/buckets/user/jobs-artifacts/batch\n"
                   "POST /api/scheduled-jobs/user\n");
    CHECK_INT(hf("jobs scheduled ls --format json", 0), 0);
    CHECK(strstr(out, "\"command\": \"uv run /data/train.py\"") != NULL);
    /* a missing local .py: refused before any request */
    t_hub_log_clear(&H);
    CHECK_INT(hf("jobs uv run -d missing.py", 1), 1);
    CHECK(strstr(out, "missing.py") != NULL);
    CHECK_INT(t_hub_log_count(&H, "hub", NULL, NULL), 0);
}

int main(void) {
    build = getenv("HFHUB_BUILD");
    if (!build) build = "build";
    if (build[0] != '/') {
        static char abs[600];
        char cwd[512];
        if (getcwd(cwd, sizeof cwd)) snprintf(abs, sizeof abs, "%s/%s", cwd, build);
        build = abs;
    }
    if (t_hub_start(&H) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_hub_stop(&H);
        return 1;
    }
    snprintf(envs, sizeof envs, "HF_ENDPOINT=%s HF_TOKEN=%s HF_XET_CACHE=%s/xet", H.url, T_HUB_WRITE_TOKEN, H.root);
    RUN(test_buckets_cli);
    RUN(test_uv_run_local_script);
    t_hub_stop(&H);
    return TEST_END();
}
