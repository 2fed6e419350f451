/* test_client_localhub.c: the client and hfhub_download_to_buffer over the built-in
 * transport against tools/localhub: a regular file, an LFS file redirected to the CDN port
 * (the token must not follow), Python's error kinds for missing repo / revision / entry and
 * a private repo without a token, a 429 with Retry-After retried, a buffer too small. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "spawn.h"
#include <stdlib.h>

static t_proc hub;
static char hub_url[128];
static char root[128];

/* A client for the local Hub (token NULL: none at all). */
static hfhub_client *client(const char *token) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = hub_url;
    cfg.token = token;
    cfg.no_token = token == NULL;
    cfg.proxy = "";
    CHECK_OK(hfhub_client_new(&cfg, &c));
    return c;
}

static int seeded_sha(hfhub_json_doc *doc, const char *path, char *out_hex) {
    const hfhub_json_value *f = hfhub_json_get(hfhub_json_get(hfhub_json_root(doc), "files"), path);
    const char *s = hfhub_json_str(hfhub_json_get(f, "sha256"), NULL);
    if (!s) return -1;
    snprintf(out_hex, 65, "%s", s);
    return 0;
}

static char lfs_sha[65];

static int start_hub(void) {
    char line[256], cmd[256];
    char *argv[8];
    hfhub_client *c;
    hfhub_json_doc *doc = NULL;
    snprintf(root, sizeof root, "/tmp/hfhub_test_lh.XXXXXX");
    if (!mkdtemp(root)) return -1;
    argv[0] = (char *)"python3";
    argv[1] = (char *)"tools/localhub";
    argv[2] = (char *)"--root";
    argv[3] = root;
    argv[4] = (char *)"--port";
    argv[5] = (char *)"0";
    argv[6] = (char *)"--quiet";
    argv[7] = NULL;
    if (t_spawn(&hub, argv, "localhub ready", line, sizeof line) != 0) return -1;
    if (sscanf(line, "localhub ready %127s", hub_url) != 1) return -1;
    c = client(NULL);
    if (!c) return -1;
    snprintf(cmd, sizeof cmd, "%s/__localhub/seed", hub_url);
    if (hfhub__client_json(c, "POST", cmd,
                           "{\"repo\": \"user/pub\", \"files\": [{\"path\": \"config.json\", \"content\": \"{\\\"a\\\": 1}\\n\"},"
                           "{\"path\": \"weights/model.bin\", \"size\": 100000, \"seed\": \"w\"}]}", &doc) != HFHUB_OK) {
        hfhub_client_free(c);
        return -1;
    }
    seeded_sha(doc, "weights/model.bin", lfs_sha);
    hfhub_json_free(doc);
    if (hfhub__client_json(c, "POST", cmd, "{\"repo\": \"user/priv\", \"private\": true, \"files\": {\"secret.txt\": \"s3cr3t\"}}",
                           &doc) != HFHUB_OK) {
        hfhub_client_free(c);
        return -1;
    }
    hfhub_json_free(doc);
    hfhub_client_free(c);
    return 0;
}

static void test_regular_file(void) {
    hfhub_client *c = client("hf_user_read_token");
    char buf[64];
    size_t len = 0;
    if (!c) return;
    CHECK_OK(hfhub_download_to_buffer(c, "user/pub", "config.json", NULL, buf, sizeof buf, &len));
    CHECK_INT(len, 9);
    CHECK(len == 9 && memcmp(buf, "{\"a\": 1}\n", 9) == 0);
    hfhub_client_free(c);
}

static void test_lfs_through_cdn(void) {
    hfhub_client *c = client("hf_user_read_token");
    hfhub_json_doc *log = NULL;
    static char buf[200000];
    unsigned char digest[32];
    char hex[65], url[256];
    size_t len = 0, i;
    int cdn_requests = 0, cdn_with_auth = 0;
    if (!c) return;
    snprintf(url, sizeof url, "%s/__localhub/log", hub_url);
    CHECK_OK(hfhub__client_json(c, "DELETE", url, NULL, &log));
    hfhub_json_free(log);
    CHECK_OK(hfhub_download_to_buffer(c, "user/pub", "weights/model.bin", NULL, buf, sizeof buf, &len));
    CHECK_INT(len, 100000);
    hfhub_sha256(buf, len, digest);
    hfhub_hex_encode(digest, 32, hex);
    hex[64] = 0;
    CHECK_STR(hex, lfs_sha);
    /* the request log: the CDN saw the download, without the token */
    snprintf(url, sizeof url, "%s/__localhub/log?server=cdn", hub_url);
    CHECK_OK(hfhub__client_json(c, "GET", url, NULL, &log));
    for (i = 0; i < hfhub_json_len(hfhub_json_root(log)); i++) {
        const hfhub_json_value *e = hfhub_json_at(hfhub_json_root(log), i);
        cdn_requests++;
        if (hfhub_json_get(hfhub_json_get(e, "headers"), "authorization")) cdn_with_auth++;
    }
    hfhub_json_free(log);
    CHECK_INT(cdn_requests, 1);
    CHECK_INT(cdn_with_auth, 0);
    /* too small a buffer */
    CHECK_INT(hfhub_download_to_buffer(c, "user/pub", "weights/model.bin", NULL, buf, 99999, &len), HFHUB_ERR_TOO_LARGE);
    hfhub_client_free(c);
}

static void test_errors(void) {
    hfhub_client *c = client("hf_user_read_token"), *anon = client(NULL);
    hfhub_download_opts o;
    char buf[64];
    size_t len;
    if (!c || !anon) return;
    CHECK_INT(hfhub_download_to_buffer(c, "user/pub", "nope.txt", NULL, buf, sizeof buf, &len), HFHUB_ERR_ENTRY_NOT_FOUND);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK_STR(hfhub_last_error()->server_code, "EntryNotFound");
    CHECK_INT(hfhub_download_to_buffer(c, "user/none", "config.json", NULL, buf, sizeof buf, &len), HFHUB_ERR_REPO_NOT_FOUND);
    memset(&o, 0, sizeof o);
    o.revision = "no-such-branch";
    CHECK_INT(hfhub_download_to_buffer(c, "user/pub", "config.json", &o, buf, sizeof buf, &len), HFHUB_ERR_REVISION_NOT_FOUND);
    /* private: the token opens it, no token looks like a missing repo (as on the Hub) */
    CHECK_OK(hfhub_download_to_buffer(c, "user/priv", "secret.txt", NULL, buf, sizeof buf, &len));
    CHECK(len == 6 && memcmp(buf, "s3cr3t", 6) == 0);
    CHECK_INT(hfhub_download_to_buffer(anon, "user/priv", "secret.txt", NULL, buf, sizeof buf, &len), HFHUB_ERR_REPO_NOT_FOUND);
    hfhub_client_free(c);
    hfhub_client_free(anon);
}

static void test_rate_limited_then_ok(void) {
    hfhub_client *c = client("hf_user_read_token");
    hfhub_json_doc *doc = NULL;
    char url[256], buf[64];
    size_t len = 0;
    int64_t t0;
    if (!c) return;
    snprintf(url, sizeof url, "%s/__localhub/faults", hub_url);
    CHECK_OK(hfhub__client_json(c, "POST", url,
                                "{\"kind\": \"status\", \"pattern\": \"/resolve/\", \"server\": \"hub\", \"count\": 1, "
                                "\"status\": 429, \"retry_after\": 0}", &doc));
    hfhub_json_free(doc);
    t0 = hfhub__monotonic_ms();
    CHECK_OK(hfhub_download_to_buffer(c, "user/pub", "config.json", NULL, buf, sizeof buf, &len));
    CHECK_INT(len, 9);
    CHECK(hfhub__monotonic_ms() - t0 >= 900); /* waited Retry-After + 1 s */
    hfhub_client_free(c);
}

/* examples/download_to_memory with the environment pointing at the local Hub. */
static void test_example_program(void) {
    char cmd[1024], out[256];
    const char *build = getenv("HFHUB_BUILD");
    FILE *p;
    size_t n;
    if (!build || !*build) build = "build";
    snprintf(cmd, sizeof cmd, "env -i HOME=%s HF_ENDPOINT=%s HF_TOKEN=hf_user_read_token %s/examples/download_to_memory "
             "user/priv secret.txt 2>&1", root, hub_url, build);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p) return;
    n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    CHECK_INT(pclose(p), 0);
    CHECK_STR(out, "s3cr3t");
    snprintf(cmd, sizeof cmd, "env -i HOME=%s HF_ENDPOINT=%s HF_HUB_OFFLINE=1 %s/examples/download_to_memory "
             "user/pub config.json 2>&1", root, hub_url, build);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p) return;
    n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    CHECK(pclose(p) != 0);
    CHECK(strncmp(out, "error (local entry not found): Cannot find the requested files", 62) == 0);
}

int main(void) {
    char cmd[300];
    if (start_hub() != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_stop(&hub);
        return 1;
    }
    RUN(test_regular_file);
    RUN(test_lfs_through_cdn);
    RUN(test_errors);
    RUN(test_rate_limited_then_ok);
    RUN(test_example_program);
    t_stop(&hub);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    return TEST_END();
}
