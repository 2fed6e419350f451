/* test_buckets.c: buckets against tools/localhub: create (exist_ok, 409, a bare name in the
 * caller's namespace), info, list, delete (missing_ok), two files uploaded through Xet then
 * listed (tree, paths-info) and downloaded byte-identical through resolve, a uv run and a
 * scheduled uv run with a local script (upload to {ns}/jobs-artifacts, then the job with the
 * bucket volume, in that order in the request log); bad input refused before any request. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include "test.h"
#include "hfhub_xet.h"
#include "localhub.h"
#include <unistd.h>

static t_hub H;
static hfhub_client *C;
static char DIR_[128];

/* A file DIR_/name of n bytes (a deterministic pattern); path into out. */
static void make_file(const char *name, size_t n, char *out, size_t cap) {
    FILE *f;
    size_t i;
    uint32_t x = 2463534242u;
    snprintf(out, cap, "%s/%s", DIR_, name);
    f = fopen(out, "wb");
    if (!f) return;
    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        fputc((int)(x & 0xff), f);
    }
    fclose(f);
}

/* The logged hub requests whose path matches path_re, as "METHOD path\n" lines in order. */
static void log_lines(const char *path_re, char *out, size_t cap) {
    hfhub__buf q;
    hfhub_json_doc *doc = NULL;
    size_t i, used = 0;
    out[0] = 0;
    hfhub__buf_init(&q, NULL);
    hfhub__buf_puts(&q, "log?server=hub&path=");
    hfhub__url_quote(&q, path_re, strlen(path_re), "");
    if (!q.failed && !t_hub_admin(&H, "GET", q.data, NULL, &doc)) {
        const hfhub_json_value *a = hfhub_json_root(doc);
        for (i = 0; i < hfhub_json_len(a) && used + 1 < cap; i++) {
            const hfhub_json_value *e = hfhub_json_at(a, i);
            int k = snprintf(out + used, cap - used, "%s %s\n", hfhub_json_str(hfhub_json_get(e, "method"), ""),
                             hfhub_json_str(hfhub_json_get(e, "path"), ""));
            if (k < 0 || (size_t)k >= cap - used) break;
            used += (size_t)k;
        }
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&q);
}

static void test_create_info_list_delete(void) {
    hfhub_create_bucket_opts o;
    hfhub_bucket *info = NULL;
    hfhub_bucket_list *l = NULL;
    char *url = NULL, want[256];
    memset(&o, 0, sizeof o);
    o.is_private = HFHUB_ON;
    CHECK_OK(hfhub_create_bucket(C, "user/b1", &o, &url));
    snprintf(want, sizeof want, "%s/buckets/user/b1", H.url);
    CHECK_STR(url, want);
    hfhub_free(C, url);
    /* it exists: 409, or success with exist_ok */
    CHECK_INT(hfhub_create_bucket(C, "user/b1", &o, &url), HFHUB_ERR_CONFLICT);
    CHECK_INT(hfhub_last_error()->http_status, 409);
    CHECK(url == NULL);
    o.exist_ok = 1;
    CHECK_OK(hfhub_create_bucket(C, "user/b1", &o, &url));
    CHECK_STR(url, want);
    hfhub_free(C, url);
    /* a bare name goes to the caller's namespace ("me") */
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_create_bucket(C, "b2", &o, NULL));
    CHECK_INT(t_hub_log_count(&H, "hub", "POST", "^/api/buckets/me/b2$"), 1);

    CHECK_OK(hfhub_bucket_info(C, "user/b1", NULL, &info));
    CHECK(info && !strcmp(info->id, "user/b1") && info->is_private && info->size == 0 && info->total_files == 0);
    CHECK(info && info->created_at && strlen(info->created_at) >= 20);
    hfhub_bucket_free(info);
    CHECK_OK(hfhub_bucket_info(C, "user/b2", NULL, &info));
    CHECK(info && !info->is_private);
    hfhub_bucket_free(info);

    CHECK_OK(hfhub_list_buckets(C, NULL, NULL, NULL, &l));
    CHECK(l && l->n == 2 && !strcmp(l->items[0].id, "user/b1") && !strcmp(l->items[1].id, "user/b2"));
    hfhub_bucket_list_free(l);
    CHECK_OK(hfhub_list_buckets(C, "user", "b2", NULL, &l));
    CHECK(l && l->n == 1 && !strcmp(l->items[0].id, "user/b2"));
    hfhub_bucket_list_free(l);
    /* a private bucket is invisible to others */
    {
        hfhub_client *anon = t_hub_client(&H, NULL, NULL);
        CHECK_OK(hfhub_list_buckets(anon, "user", NULL, NULL, &l));
        CHECK(l && l->n == 1 && !strcmp(l->items[0].id, "user/b2"));
        hfhub_bucket_list_free(l);
        CHECK_INT(hfhub_bucket_info(anon, "user/b1", NULL, &info), HFHUB_ERR_REPO_NOT_FOUND);
        hfhub_client_free(anon);
    }

    CHECK_OK(hfhub_delete_bucket(C, "user/b2", 0, NULL));
    CHECK_INT(hfhub_delete_bucket(C, "user/b2", 0, NULL), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK_STR(hfhub_last_error()->server_code, "RepoNotFound");
    CHECK(strstr(hfhub_last_error()->message, "Bucket Not Found") != NULL);
    CHECK_OK(hfhub_delete_bucket(C, "user/b2", 1, NULL));
    CHECK_INT(hfhub_bucket_info(C, "user/b2", NULL, &info), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK(info == NULL);
}

static void test_bad_input(void) {
    static const char *const remote[] = {"x.bin"};
    hfhub_bucket *info = NULL;
    hfhub_bucket_tree *t = NULL;
    hfhub_bucket_list *l = NULL;
    const char *local[1];
    char path[256];
    t_hub_log_clear(&H);
    CHECK_INT(hfhub_create_bucket(C, "user/bad name", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "Invalid bucket id") != NULL);
    CHECK_INT(hfhub_create_bucket(C, "a/b/c", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_bucket(C, "", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_bucket_info(C, "justaname", NULL, &info), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "namespace/bucket_name") != NULL);
    CHECK_INT(hfhub_delete_bucket(C, "user/x..y", 0, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_list_buckets(C, "a/b", NULL, NULL, &l), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_list_buckets(C, NULL, NULL, NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_list_bucket_tree(C, NULL, NULL, &t), HFHUB_ERR_INVALID_ARG);
    /* a missing local file, a bad path in the bucket: refused before any request */
    snprintf(path, sizeof path, "%s/does-not-exist.bin", DIR_);
    local[0] = path;
    CHECK_INT(hfhub_bucket_upload_files(C, "user/b1", local, remote, 1, NULL), HFHUB_ERR_IO);
    CHECK(strstr(hfhub_last_error()->message, "does-not-exist.bin") != NULL);
    {
        static const char *const bad[] = {"../escape.bin"};
        make_file("ok.bin", 10, path, sizeof path);
        CHECK_INT(hfhub_bucket_upload_files(C, "user/b1", local, bad, 1, NULL), HFHUB_ERR_INVALID_ARG);
    }
    CHECK_INT(t_hub_log_count(&H, "hub", NULL, NULL), 0);
}

/* GET {hub}/buckets/{id}/resolve/{path} (redirects followed) equals the local file. */
static void check_resolve(const char *id, const char *remote, const char *local) {
    char url[512];
    hfhub__req q;
    hfhub__http_response resp;
    size_t n = 0;
    char *want = t_read_file(local, &n);
    snprintf(url, sizeof url, "%s/buckets/%s/resolve/%s", H.url, id, remote);
    memset(&q, 0, sizeof q);
    q.url = url;
    CHECK_OK(hfhub__client_request(C, &q, &resp));
    CHECK(want && resp.body.len == n && !memcmp(resp.body.data, want, n));
    hfhub__http_response_free(&resp);
    /* the Xet facts, without following */
    q.no_redirects = 1;
    CHECK_OK(hfhub__client_request(C, &q, &resp));
    CHECK_INT(resp.status, 302);
    CHECK(hfhub__http_header(&resp, "X-Xet-Hash") && strlen(hfhub__http_header(&resp, "X-Xet-Hash")) == 64);
    CHECK(hfhub__http_header(&resp, "Link") && strstr(hfhub__http_header(&resp, "Link"), "xet-read-token") != NULL);
    hfhub__http_response_free(&resp);
    free(want);
}

static void test_upload_tree_resolve(void) {
    static const char *const remote[] = {"dir/a.bin", "b.txt"};
    static const char *const ask[] = {"b.txt", "nope.txt"};
    char a[256], b[256], log[4096];
    const char *local[2];
    hfhub_bucket_tree_opts to;
    hfhub_bucket_tree *t = NULL;
    hfhub_bucket *info = NULL;
    make_file("a.bin", 300000, a, sizeof a);
    make_file("b.txt", 1000, b, sizeof b);
    local[0] = a;
    local[1] = b;
    t_hub_log_clear(&H);
    CHECK_OK(hfhub_bucket_upload_files(C, "user/b1", local, remote, 2, NULL));
    log_lines("^/api/buckets/", log, sizeof log);
    CHECK_STR(log, "GET /api/buckets/user/b1/xet-write-token\nPOST /api/buckets/user/b1/batch\n");
    CHECK(t_hub_log_count(&H, "hub", "POST", "^/cas/v1/xorbs/") >= 1);
    CHECK_INT(t_hub_log_count(&H, "hub", "POST", "^/cas/v1/shards$"), 1);

    memset(&to, 0, sizeof to);
    CHECK_OK(hfhub_list_bucket_tree(C, "user/b1", &to, &t));   /* one level: the folder and b.txt */
    CHECK(t && t->n == 2);
    if (t && t->n == 2) {
        CHECK(t->items[0].is_dir && !strcmp(t->items[0].path, "dir"));
        CHECK(!t->items[1].is_dir && !strcmp(t->items[1].path, "b.txt") && t->items[1].size == 1000);
        CHECK(t->items[1].xet_hash && strlen(t->items[1].xet_hash) == 64 && t->items[1].mtime);
    }
    hfhub_bucket_tree_free(t);
    to.recursive = HFHUB_ON;
    CHECK_OK(hfhub_list_bucket_tree(C, "user/b1", &to, &t));
    CHECK(t && t->n == 2 && !strcmp(t->items[0].path, "b.txt") && !strcmp(t->items[1].path, "dir/a.bin") &&
          t->items[1].size == 300000);
    hfhub_bucket_tree_free(t);
    to.prefix = "dir";
    CHECK_OK(hfhub_list_bucket_tree(C, "user/b1", &to, &t));
    CHECK(t && t->n == 1 && !strcmp(t->items[0].path, "dir/a.bin"));
    hfhub_bucket_tree_free(t);
    CHECK_INT(t_hub_log_count(&H, "hub", "GET", "^/api/buckets/user/b1/tree/dir\\?recursive=True$"), 1);

    CHECK_OK(hfhub_get_bucket_paths_info(C, "user/b1", ask, 2, NULL, &t));
    CHECK(t && t->n == 1 && !strcmp(t->items[0].path, "b.txt") && t->items[0].size == 1000);
    hfhub_bucket_tree_free(t);

    CHECK_OK(hfhub_bucket_info(C, "user/b1", NULL, &info));
    CHECK(info && info->total_files == 2 && info->size == 301000);
    hfhub_bucket_free(info);
    check_resolve("user/b1", "dir/a.bin", a);
    check_resolve("user/b1", "b.txt", b);

    /* uploading to an unknown bucket: BucketNotFound from the token route, nothing committed */
    CHECK_INT(hfhub_bucket_upload_files(C, "user/nope", local, remote, 1, NULL), HFHUB_ERR_REPO_NOT_FOUND);
}

/* The prefix a uv run used ("" none): the one folder in user/jobs-artifacts holding name. */
static void uv_prefix(const char *name, char *out, size_t cap) {
    hfhub_bucket_tree_opts to;
    hfhub_bucket_tree *t = NULL;
    size_t i;
    out[0] = 0;
    memset(&to, 0, sizeof to);
    to.recursive = HFHUB_ON;
    if (hfhub_list_bucket_tree(C, "user/jobs-artifacts", &to, &t)) return;
    for (i = 0; i < t->n; i++) {
        const char *slash = strchr(t->items[i].path, '/');
        if (slash && !strcmp(slash + 1, name)) snprintf(out, cap, "%.*s", (int)(slash - t->items[i].path), t->items[i].path);
    }
    hfhub_bucket_tree_free(t);
}

static void test_uv_local_script(void) {
    static const char *const args[] = {"--epochs", "1"};
    hfhub_bucket_uv_ctx ctx;
    hfhub_uv_job_spec uv;
    hfhub_job_info *job = NULL;
    hfhub_bucket *info = NULL;
    char script[256], log[4096], body[4096], prefix[64], want[512];
    make_file("train.py", 5000, script, sizeof script);
    memset(&ctx, 0, sizeof ctx);
    ctx.client = C;
    memset(&uv, 0, sizeof uv);
    uv.script = script;
    uv.script_args = args;
    uv.n_script_args = 2;
    uv.upload = hfhub_bucket_uv_upload;
    uv.upload_user = &ctx;
    t_hub_log_clear(&H);
    CHECK_OK(hfhub_run_uv_job(C, &uv, NULL, &job));
    /* the bucket made (private, exist_ok), the file uploaded, then the job */
    log_lines("^/api/(buckets|jobs)/", log, sizeof log);
    CHECK_STR(log, "POST /api/buckets/user/jobs-artifacts\nGET /api/buckets/user/jobs-artifacts/xet-write-token\n"
                   "POST /api/buckets/user/jobs-artifacts/batch\nPOST /api/jobs/user\n");
    CHECK_OK(hfhub_bucket_info(C, "user/jobs-artifacts", NULL, &info));
    CHECK(info && info->is_private && info->total_files == 1);
    hfhub_bucket_free(info);
    uv_prefix("train.py", prefix, sizeof prefix);
    CHECK_INT((int)strlen(prefix), 22);
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK(strstr(body, "\"command\":[\"uv\",\"run\",\"/data/train.py\",\"--epochs\",\"1\"]") != NULL);
    snprintf(want, sizeof want, "\"volumes\":[{\"type\":\"bucket\",\"source\":\"user/jobs-artifacts\",\"mountPath\":"
                                "\"/data\",\"readOnly\":false,\"path\":\"%s\"}]", prefix);
    CHECK(strstr(body, want) != NULL);
    hfhub_job_info_free(job);
    snprintf(want, sizeof want, "%s/train.py", prefix);
    check_resolve("user/jobs-artifacts", want, script);
}

/* hf jobs scheduled uv run with a local script: the same upload, then the scheduled job. */
static void test_scheduled_uv_local_script(void) {
    hfhub_bucket_uv_ctx ctx;
    hfhub_uv_job_spec uv;
    hfhub_scheduled_job_info *sj = NULL;
    char script[256], log[4096], body[4096];
    make_file("nightly.py", 100, script, sizeof script);
    memset(&ctx, 0, sizeof ctx);
    ctx.client = C;
    memset(&uv, 0, sizeof uv);
    uv.script = script;
    uv.upload = hfhub_bucket_uv_upload;
    uv.upload_user = &ctx;
    t_hub_log_clear(&H);
    CHECK_OK(hfhub_create_scheduled_uv_job(C, &uv, "@daily", 0, 0, NULL, &sj));
    CHECK(sj && sj->id);
    /* (the CAS token of the run above is still cached) */
    log_lines("^/api/(buckets/user/jobs-artifacts(/batch)?|scheduled-jobs/user)$", log, sizeof log);
    CHECK_STR(log, "POST /api/buckets/user/jobs-artifacts\nPOST /api/buckets/user/jobs-artifacts/batch\n"
                   "POST /api/scheduled-jobs/user\n");
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK(strstr(body, "\"command\":[\"uv\",\"run\",\"/data/nightly.py\"]") != NULL);
    CHECK(strstr(body, "\"type\":\"bucket\",\"source\":\"user/jobs-artifacts\",\"mountPath\":\"/data\"") != NULL);
    CHECK(strstr(body, "\"schedule\":\"@daily\"") != NULL);
    hfhub_scheduled_job_info_free(sj);
    /* without an upload function a local script is refused before any request */
    uv.upload = NULL;
    t_hub_log_clear(&H);
    CHECK_INT(hfhub_create_scheduled_uv_job(C, &uv, "@daily", 0, 0, NULL, &sj), HFHUB_ERR_UNSUPPORTED);
    CHECK_INT(t_hub_log_count(&H, "hub", NULL, NULL), 0);
}

int main(void) {
    char xet[200];
    snprintf(DIR_, sizeof DIR_, "/tmp/hfhub_test_buckets.XXXXXX");
    if (!mkdtemp(DIR_) || t_hub_start(&H) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_hub_stop(&H);
        return 1;
    }
    CHECK_OK(t_hub_admin(&H, "POST", "compute", "{\"timings\": {\"job_scheduling_s\": 0.05, \"job_line_s\": 0.01}}",
                         NULL));
    snprintf(xet, sizeof xet, "%s/xet", DIR_);   /* the shard cache stays in the test's folder */
    setenv("HF_XET_CACHE", xet, 1);
    C = t_hub_client(&H, T_HUB_WRITE_TOKEN, NULL);
    RUN(test_create_info_list_delete);
    RUN(test_bad_input);
    RUN(test_upload_tree_resolve);
    RUN(test_uv_local_script);
    RUN(test_scheduled_uv_local_script);
    hfhub_client_free(C);
    t_hub_stop(&H);
    {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", DIR_);
    }
    return TEST_END();
}
