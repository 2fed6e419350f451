/* test_xet_download.c: downloads of Xet-backed files through the CAS of localhub: cache and
 * local_dir, byte-identical to the plain path, Xet hash of the result, range reads, faults
 * (reset mid-body, 429/503, expired transfer URLs and tokens, corrupted xorbs), cross-run
 * resume, HF_HUB_DISABLE_XET, and malformed reconstruction answers. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include "test.h"
#include "hfhub_xet.h"
#include "localhub.h"

#define BIG (3u * 1024 * 1024 + 12345)

static t_hub hub;
static char cache[128];
static unsigned char *plain; /* the file's bytes, from the plain HTTP path */
static size_t plain_len;
static char xet_hash[65];

static hfhub_client *client(int disable_xet) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = hub.url;
    cfg.token = T_HUB_WRITE_TOKEN;
    cfg.cache_dir = cache;
    cfg.proxy = "";
    cfg.disable_xet = disable_xet;
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) return NULL;
    return c;
}

static void rm_cache(void) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'/*", cache);
    if (system(cmd) != 0) fprintf(stderr, "rm failed\n");
}

/* Xet file hash of a file on disk, in Xet hex. */
static void file_xet_hash(const char *path, char out[65]) {
    size_t n = 0;
    char *d = t_read_file(path, &n);
    hfhub_xet_file_hasher *fh = (hfhub_xet_file_hasher *)malloc(sizeof *fh);
    hfhub_xet_file_hashes h;
    hfhub_xet_file_hasher_init(fh, NULL, NULL);
    hfhub_xet_file_hasher_update(fh, d, n);
    hfhub_xet_file_hasher_finish(fh, &h);
    hfhub_xet_hash_to_hex(h.file_hash, out);
    free(fh);
    free(d);
}

/* Downloads w.bin with a fresh cache; 0 when the bytes equal the plain ones. */
static hfhub_result download(hfhub_client *c, const char *local_dir, int *same) {
    char *path = NULL;
    hfhub_download_opts o;
    hfhub_result r;
    memset(&o, 0, sizeof o);
    o.local_dir = local_dir;
    r = hfhub_download(c, "user/xetdl", "w.bin", &o, &path);
    *same = 0;
    if (!r) {
        size_t n = 0;
        char *d = t_read_file(path, &n);
        *same = d && n == plain_len && !memcmp(d, plain, n);
        free(d);
        hfhub_free(c, path);
    }
    return r;
}

static int count(const char *server, const char *path_re) { return t_hub_log_count(&hub, server, "GET", path_re); }

static void test_plain_baseline(void) {
    hfhub_client *c = client(1);
    char *path = NULL;
    hfhub_file_metadata *md = NULL;
    char url[256];
    CHECK(c != NULL);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(c, "user/xetdl", "w.bin", NULL, &path));
    plain = (unsigned char *)t_read_file(path, &plain_len);
    CHECK_INT(plain_len, BIG);
    CHECK_INT(count("hub", "^/cas/"), 0);  /* HF_HUB_DISABLE_XET: plain HTTP */
    CHECK(count("cdn", "^/lfs/") >= 1);
    snprintf(url, sizeof url, "%s/user/xetdl/resolve/main/w.bin", hub.url);
    CHECK_OK(hfhub_get_file_metadata(c, url, NULL, &md));
    CHECK(md && md->xet_hash && strlen(md->xet_hash) == 64);
    if (md && md->xet_hash) snprintf(xet_hash, sizeof xet_hash, "%s", md->xet_hash);
    hfhub_free(c, md);
    hfhub_free(c, path);
    hfhub_client_free(c);
    rm_cache();
}

/* Tree listings and paths-info carry the Xet hash of Xet-backed files, as on the Hub. */
static void test_tree_xet_hash(void) {
    hfhub_client *c = client(0);
    hfhub_iter *it = NULL;
    const hfhub_repo_entry *e = NULL;
    const char *paths[2] = {"w.bin", "small.txt"};
    int seen = 0;
    CHECK_OK(hfhub_list_repo_tree(c, "user/xetdl", NULL, 0, 0, NULL, &it));
    while (it && hfhub_iter_next_entry(it, &e) == HFHUB_OK && e) {
        if (!strcmp(e->path, "w.bin")) {
            CHECK(e->xet_hash && !strcmp(e->xet_hash, xet_hash));
            seen++;
        }
        if (!strcmp(e->path, "small.txt")) CHECK(e->xet_hash == NULL); /* a regular git file */
    }
    hfhub_iter_free(it);
    CHECK_INT(seen, 1);
    it = NULL;
    CHECK_OK(hfhub_get_paths_info(c, "user/xetdl", paths, 2, 0, NULL, &it));
    seen = 0;
    while (it && hfhub_iter_next_entry(it, &e) == HFHUB_OK && e)
        if (!strcmp(e->path, "w.bin")) seen += e->xet_hash && !strcmp(e->xet_hash, xet_hash);
    hfhub_iter_free(it);
    CHECK_INT(seen, 1);
    hfhub_client_free(c);
}

static void test_cache_download(void) {
    hfhub_client *c = client(0);
    char *path = NULL, got[65];
    int same;
    t_hub_log_clear(&hub);
    CHECK_OK(download(c, NULL, &same));
    CHECK(same);
    CHECK_INT(count("hub", "^/cas/v1/reconstructions/"), 1);
    CHECK(count("cdn", "^/xorb/") >= 1);
    CHECK_INT(count("cdn", "^/lfs/"), 0);
    CHECK_INT(count("hub", "xet-read-token"), 1);
    CHECK_OK(hfhub_download(c, "user/xetdl", "w.bin", NULL, &path)); /* cached: no transfer */
    CHECK_INT(count("hub", "^/cas/v1/reconstructions/"), 1);
    file_xet_hash(path, got);
    CHECK_STR(got, xet_hash);
    hfhub_free(c, path);
    hfhub_client_free(c);
    rm_cache();
}

static void test_local_dir(void) {
    hfhub_client *c = client(0);
    char dir[200];
    int same;
    snprintf(dir, sizeof dir, "%s/ld", cache);
    t_hub_log_clear(&hub);
    CHECK_OK(download(c, dir, &same));
    CHECK(same);
    CHECK(count("cdn", "^/xorb/") >= 1);
    hfhub_client_free(c);
    rm_cache();
}

static void test_range_read(void) {
    hfhub_client *c = client(0);
    static unsigned char buf[300000];
    size_t n = 0;
    CHECK_OK(hfhub_xet_read_range(c, "user/xetdl", "w.bin", NULL, 1000003, buf, 250000, &n));
    CHECK_INT(n, 250000);
    CHECK(!memcmp(buf, plain + 1000003, 250000));
    CHECK_OK(hfhub_xet_read_range(c, "user/xetdl", "w.bin", NULL, BIG - 10, buf, 100, &n));
    CHECK_INT(n, 10);
    CHECK(!memcmp(buf, plain + BIG - 10, 10));
    CHECK_OK(hfhub_xet_read_range(c, "user/xetdl", "w.bin", NULL, BIG, buf, 100, &n));
    CHECK_INT(n, 0);
    CHECK_INT(hfhub_xet_read_range(c, "user/xetdl", "small.txt", NULL, 0, buf, 10, &n), HFHUB_ERR_UNSUPPORTED);
    hfhub_client_free(c);
}

static void fault_then_download(const char *fault, int expect_ok) {
    hfhub_client *c = client(0);
    int same;
    hfhub_result r;
    CHECK_OK(t_hub_fault(&hub, fault));
    r = download(c, NULL, &same);
    if (expect_ok) {
        CHECK_OK(r);
        CHECK(same);
    }
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
    hfhub_client_free(c);
    rm_cache();
}

static void test_faults(void) {
    fault_then_download("{\"kind\":\"reset\",\"server\":\"cdn\",\"pattern\":\"^/xorb/\",\"after_bytes\":100000}", 1);
    fault_then_download("{\"kind\":\"status\",\"status\":503,\"server\":\"cdn\",\"pattern\":\"^/xorb/\",\"count\":2}", 1);
    fault_then_download("{\"kind\":\"status\",\"status\":429,\"retry_after\":\"0\",\"server\":\"hub\","
                        "\"pattern\":\"^/cas/v1/reconstructions/\"}", 1);
    t_hub_log_clear(&hub);
    fault_then_download("{\"kind\":\"expire\",\"server\":\"cdn\",\"pattern\":\"^/xorb/\"}", 1);
    CHECK_INT(count("hub", "^/cas/v1/reconstructions/"), 2); /* re-queried once for new URLs */
}

static void test_expired_token(void) {
    hfhub_client *c = client(0);
    int same;
    t_hub_log_clear(&hub);
    CHECK_OK(download(c, NULL, &same)); /* the token is cached for later downloads */
    rm_cache();
    CHECK_INT(count("hub", "xet-read-token"), 0); /* cached from the tests before */
    CHECK_OK(t_hub_admin(&hub, "POST", "xet/expire-tokens", "{}", NULL));
    CHECK_OK(download(c, NULL, &same));
    CHECK(same);
    CHECK_INT(count("hub", "xet-read-token"), 1); /* refreshed after the 401 */
    CHECK_INT(count("hub", "^/cas/v1/reconstructions/"), 3);
    hfhub_client_free(c);
    rm_cache();
}

static void test_corrupt_xorb(void) {
    hfhub_client *c = client(0);
    int same;
    char blobs[256];
    hfhub_result r;
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"corrupt\",\"server\":\"cdn\",\"pattern\":\"^/xorb/\",\"offset\":1000,"
                               "\"length\":4,\"count\":-1}"));
    r = download(c, NULL, &same);
    CHECK(r == HFHUB_ERR_INTEGRITY || r == HFHUB_ERR_PARSE);
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
    snprintf(blobs, sizeof blobs, "%s/models--user--xetdl/blobs", cache);
    { /* nothing in the cache, nothing partial */
        char cmd[400];
        snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' 2>/dev/null)\"", blobs);
        CHECK(system(cmd) == 0);
    }
    hfhub_client_free(c);
    rm_cache();
}

static int cancel_in_second(void *user, const hfhub_progress *p) {
    (void)user;
    return p->bytes_done >= 1536 * 1024; /* once the second window is written */
}

static void test_resume(void) {
    hfhub_client *c = client(0);
    hfhub_download_opts o;
    char *path = NULL;
    int same;
    hfhub__xet_set_window(1024 * 1024);
    memset(&o, 0, sizeof o);
    o.progress = cancel_in_second;
    CHECK_INT(hfhub_download(c, "user/xetdl", "w.bin", &o, &path), HFHUB_ERR_CANCELLED);
    t_hub_log_clear(&hub);
    CHECK_OK(download(c, NULL, &same));
    CHECK(same);
    CHECK_INT(count("hub", "^/cas/v1/reconstructions/"), 2); /* windows 3..4 of 4: 1 and 2 are on disk */
    hfhub__xet_set_window(0);
    hfhub_client_free(c);
    rm_cache();
}

/* ---- per-term resume: a file of many small xorbs (many terms in one window) ---- */

#define TERMS_LEN (3u * 1024 * 1024 + 777)
#define SHARE_LEN (2560u * 1024) /* its first 1.5 MiB are those of t.bin */
static unsigned char *terms_data, *share_data;
static char xcache[128]; /* HF_XET_CACHE */

/* The xorb ranges (path with its signed range) the CDN served with 206 since the last clear
 * ("\n"-joined into out), and the number of xorb requests. */
static int xorb_fetches(char *out, size_t cap, int *ok) {
    hfhub_json_doc *doc = NULL;
    size_t i, n, len = 0;
    *ok = 0;
    out[0] = 0;
    if (t_hub_admin(&hub, "GET", "log?server=cdn&path=%5E%2Fxorb%2F", NULL, &doc) != HFHUB_OK) return -1;
    n = hfhub_json_len(hfhub_json_root(doc));
    for (i = 0; i < n; i++) {
        const hfhub_json_value *e = hfhub_json_at(hfhub_json_root(doc), i);
        const char *path = hfhub_json_str(hfhub_json_get(e, "path"), "");
        if (hfhub_json_int(hfhub_json_get(e, "status"), 0) != 206) continue;
        (*ok)++;
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%.*s\n", (int)(strchr(path, '?') ? strcspn(path, "&") : strlen(path)), path);
    }
    hfhub_json_free(doc);
    return (int)n;
}

/* Downloads repo/file into the cache; *same when its bytes are data[0, len). */
static hfhub_result download_blob(hfhub_client *c, const char *repo, const char *file, const unsigned char *data,
                                  size_t len, int *same) {
    char *path = NULL;
    hfhub_result r = hfhub_download(c, repo, file, NULL, &path);
    *same = 0;
    if (!r) {
        size_t n = 0;
        char *d = t_read_file(path, &n);
        *same = d && n == len && !memcmp(d, data, n);
        free(d);
        hfhub_free(c, path);
    }
    return r;
}

static hfhub_result download_terms(hfhub_client *c, int *same) {
    return download_blob(c, "user/xetterms", "t.bin", terms_data, TERMS_LEN, same);
}

/* Runs a download over one connection whose fourth xorb fetch fails (a 404 nobody retries):
 * three ranges are written first (listed in `done`, their count in *n_done). */
static void failed_run(hfhub_client *c, char *done, size_t cap, int *n_done) {
    int same;
    t_hub_log_clear(&hub);
    setenv("HF_XET_NUM_CONCURRENT_RANGE_GETS", "1", 1);
    CHECK_OK(t_hub_fault(&hub, "[{\"kind\":\"delay_headers\",\"seconds\":0,\"server\":\"cdn\",\"pattern\":\"^/xorb/\","
                               "\"count\":3},{\"kind\":\"status\",\"status\":404,\"server\":\"cdn\",\"pattern\":\"^/xorb/\"}]"));
    CHECK(download_terms(c, &same) != HFHUB_OK);
    unsetenv("HF_XET_NUM_CONCURRENT_RANGE_GETS");
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
    xorb_fetches(done, cap, n_done);
    CHECK_INT(*n_done, 3);
}

/* An interrupted download, then `damage` (a shell command, %s = the cache) applied to what it
 * left: the next run fetches all n_full ranges again and still gets the right bytes. */
static void refetch_after_damage(hfhub_client *c, int n_full, const char *damage) {
    static char first[65536], again[65536];
    char cmd[512];
    int n_first, ok, same;
    failed_run(c, first, sizeof first, &n_first);
    snprintf(cmd, sizeof cmd, damage, cache);
    CHECK(system(cmd) == 0);
    t_hub_log_clear(&hub);
    CHECK_OK(download_terms(c, &same));
    CHECK(same);
    CHECK_INT(xorb_fetches(again, sizeof again, &ok), n_full);
    rm_cache();
}

static void test_resume_terms(void) {
    static char full[65536], first[65536], second[65536];
    hfhub_client *c = client(0);
    int n_full, ok, n_first, n_second, same;
    char *line;
    /* every unit of a clean download */
    t_hub_log_clear(&hub);
    CHECK_OK(download_terms(c, &same));
    CHECK(same);
    n_full = xorb_fetches(full, sizeof full, &ok);
    CHECK(n_full >= 8); /* 256 KiB xorbs: ~13 ranges in one window */
    rm_cache();
    /* interrupted, then resumed: what was written is not fetched again */
    failed_run(c, first, sizeof first, &n_first);
    t_hub_log_clear(&hub);
    CHECK_OK(download_terms(c, &same));
    CHECK(same);
    xorb_fetches(second, sizeof second, &n_second);
    CHECK_INT(n_first + n_second, n_full);
    for (line = strtok(second, "\n"); line; line = strtok(NULL, "\n")) CHECK(strstr(first, line) == NULL);
    rm_cache();
    /* a damaged resume log: start over (everything fetched again, still identical) */
    refetch_after_damage(c, n_full, "f=$(ls '%s'/models--user--xetterms/blobs/*.xetstate) && "
                                    "printf 'XX' | dd of=\"$f\" bs=1 seek=100 conv=notrunc 2>/dev/null");
    /* bytes on disk that are not what the log says (zeroed): fetched again, never trusted */
    refetch_after_damage(c, n_full, "f=$(ls '%s'/models--user--xetterms/blobs/*.incomplete) && "
                                    "n=$(wc -c < \"$f\") && head -c \"$n\" /dev/zero > \"$f.z\" && mv \"$f.z\" \"$f\"");
    hfhub_client_free(c);
}

/* ---- the on-disk chunk cache (HF_XET_CHUNK_CACHE_SIZE_BYTES) ---- */

static hfhub_result download_share(hfhub_client *c, int *same) {
    return download_blob(c, "user/xetshare", "s.bin", share_data, SHARE_LEN, same);
}

static void sh(const char *fmt, const char *arg) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, fmt, arg);
    CHECK(system(cmd) == 0);
}

/* Bytes of the chunk cache's entries. */
static long chunk_cache_bytes(void) {
    char cmd[400];
    long n = -1;
    FILE *p;
    snprintf(cmd, sizeof cmd, "find '%s' -type f -name '*-*' ! -name '*.tmp' -printf '%%s\\n' | awk '{s+=$1} END {print s+0}'",
             xcache);
    if ((p = popen(cmd, "r")) != NULL) {
        if (fscanf(p, "%ld", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}

static void test_chunk_cache(void) {
    static char list[65536];
    hfhub_client *c = client(0);
    int n_full, n_share, ok, same;
    /* off by default: nothing kept */
    t_hub_log_clear(&hub);
    CHECK_OK(download_share(c, &same));
    CHECK(same);
    n_share = xorb_fetches(list, sizeof list, &ok);
    CHECK_INT(chunk_cache_bytes(), 0);
    rm_cache();
    /* on: a first download fills it, the same file again comes from disk */
    setenv("HF_XET_CHUNK_CACHE_SIZE_BYTES", "67108864", 1);
    t_hub_log_clear(&hub);
    CHECK_OK(download_terms(c, &same));
    CHECK(same);
    n_full = xorb_fetches(list, sizeof list, &ok);
    CHECK(chunk_cache_bytes() > (long)TERMS_LEN / 8); /* the records as sent (compressed) */
    rm_cache();
    t_hub_log_clear(&hub);
    CHECK_OK(download_terms(c, &same));
    CHECK(same);
    CHECK_INT(xorb_fetches(list, sizeof list, &ok), 0);
    rm_cache();
    /* another file sharing chunks: the shared xorb ranges are read from the cache */
    t_hub_log_clear(&hub);
    CHECK_OK(download_share(c, &same));
    CHECK(same);
    CHECK(xorb_fetches(list, sizeof list, &ok) <= n_share - 3); /* ~6 of its xorbs are t.bin's */
    rm_cache();
    /* a damaged entry is detected (its hash), removed and fetched again */
    sh("rm -rf '%s'/*", xcache);
    CHECK_OK(download_terms(c, &same));
    rm_cache();
    sh("f=$(find '%s' -type f -name '*-*' | head -n 1) && printf 'XY' | dd of=\"$f\" bs=1 seek=20 conv=notrunc 2>/dev/null",
       xcache);
    t_hub_log_clear(&hub);
    CHECK_OK(download_terms(c, &same));
    CHECK(same);
    CHECK_INT(xorb_fetches(list, sizeof list, &ok), 1);
    CHECK(n_full > 1);
    rm_cache();
    /* bounded: the oldest entries go to stay under the size */
    setenv("HF_XET_CHUNK_CACHE_SIZE_BYTES", "700000", 1);
    sh("rm -rf '%s'/*", xcache);
    CHECK_OK(download_terms(c, &same));
    CHECK(same);
    CHECK(chunk_cache_bytes() > 0 && chunk_cache_bytes() <= 700000);
    unsetenv("HF_XET_CHUNK_CACHE_SIZE_BYTES");
    hfhub_client_free(c);
    rm_cache();
}

static void test_bad_plans(void) {
    static const char *bad[] = {
        "", "[]", "{}", "{\"offset_into_first_range\":0,\"terms\":[]}",
        "{\"offset_into_first_range\":0,\"terms\":[{\"hash\":\"zz\",\"unpacked_length\":5,\"range\":{\"start\":0,\"end\":1}}],\"fetch_info\":{}}",
        /* a term outside every fetch range */
        "{\"offset_into_first_range\":0,\"terms\":[{\"hash\":\"0000000000000000000000000000000000000000000000000000000000000001\","
        "\"unpacked_length\":5,\"range\":{\"start\":0,\"end\":3}}],\"fetch_info\":{\"0000000000000000000000000000000000000000000000000000000000000001\":"
        "[{\"range\":{\"start\":0,\"end\":2},\"url\":\"http://x/\",\"url_range\":{\"start\":0,\"end\":99}}]}}",
        /* unpacked length beyond what the chunks can hold */
        "{\"offset_into_first_range\":0,\"terms\":[{\"hash\":\"0000000000000000000000000000000000000000000000000000000000000001\","
        "\"unpacked_length\":999999,\"range\":{\"start\":0,\"end\":1}}],\"fetch_info\":{\"0000000000000000000000000000000000000000000000000000000000000001\":"
        "[{\"range\":{\"start\":0,\"end\":1},\"url\":\"http://x/\",\"url_range\":{\"start\":0,\"end\":99}}]}}",
        /* skip past the first term */
        "{\"offset_into_first_range\":9,\"terms\":[{\"hash\":\"0000000000000000000000000000000000000000000000000000000000000001\","
        "\"unpacked_length\":5,\"range\":{\"start\":0,\"end\":1}}],\"fetch_info\":{\"0000000000000000000000000000000000000000000000000000000000000001\":"
        "[{\"range\":{\"start\":0,\"end\":1},\"url\":\"http://x/\",\"url_range\":{\"start\":0,\"end\":99}}]}}",
        NULL};
    const char *good =
        "{\"offset_into_first_range\":2,\"terms\":["
        "{\"hash\":\"0000000000000000000000000000000000000000000000000000000000000001\",\"unpacked_length\":5,\"range\":{\"start\":0,\"end\":2}},"
        "{\"hash\":\"0000000000000000000000000000000000000000000000000000000000000001\",\"unpacked_length\":3,\"range\":{\"start\":1,\"end\":2}}],"
        "\"fetch_info\":{\"0000000000000000000000000000000000000000000000000000000000000001\":"
        "[{\"range\":{\"start\":0,\"end\":2},\"url\":\"http://x/\",\"url_range\":{\"start\":0,\"end\":20}}]}}";
    hfhub__xet_plan p;
    int i;
    for (i = 0; bad[i]; i++) {
        CHECK_INT(hfhub__xet_plan_parse(NULL, bad[i], strlen(bad[i]), &p), HFHUB_ERR_PARSE);
        hfhub__xet_plan_free(&p);
    }
    CHECK_OK(hfhub__xet_plan_parse(NULL, good, strlen(good), &p));
    CHECK_INT(p.n_terms, 2);
    CHECK_INT(p.n_units, 1); /* one fetch serves both terms */
    CHECK_INT(p.units[0].n_terms, 2);
    CHECK_INT(p.terms[1].offset, 5);
    CHECK_INT(p.n_chunks, 3);
    CHECK_INT(p.skip, 2);
    hfhub__xet_plan_free(&p);
}

int main(void) {
    static char seed[8 * 1024 * 1024];
    char *b64;
    unsigned char *data;
    size_t i;
    snprintf(cache, sizeof cache, "/tmp/hfhub_xetdl.XXXXXX");
    snprintf(xcache, sizeof xcache, "/tmp/hfhub_xetdl_xc.XXXXXX");
    if (!mkdtemp(cache) || !mkdtemp(xcache) || setenv("HF_XET_CACHE", xcache, 1) || t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    /* compressible but not trivial: text-like lines (LZ4 records through the helper) */
    data = (unsigned char *)malloc(BIG);
    for (i = 0; i < BIG; i++) data[i] = (unsigned char)("abcdefghij klmnop\n"[(i * 7 + i / 1000) % 18] ^ (i % 97 == 0));
    b64 = (char *)malloc(hfhub__base64_encoded_len(BIG, 0) + 1);
    hfhub__base64_encode(data, BIG, b64, 0);
    snprintf(seed, sizeof seed, "{\"repo\":\"user/xetdl\",\"xet\":true,\"files\":[{\"path\":\"w.bin\",\"base64\":\"%s\"},"
             "{\"path\":\"small.txt\",\"content\":\"hello\"}]}", b64);
    free(data);
    free(b64);
    if (t_hub_seed(&hub, seed, NULL) != HFHUB_OK) return 1;
    /* another file, stored as xorbs of 256 KiB: one term each */
    terms_data = (unsigned char *)malloc(TERMS_LEN);
    for (i = 0; i < TERMS_LEN; i++) terms_data[i] = (unsigned char)((i * 2654435761u) >> 13 ^ i / 4099);
    b64 = (char *)malloc(hfhub__base64_encoded_len(TERMS_LEN, 0) + 1);
    hfhub__base64_encode(terms_data, TERMS_LEN, b64, 0);
    snprintf(seed, sizeof seed, "{\"repo\":\"user/xetterms\",\"xet\":true,\"files\":[{\"path\":\"t.bin\",\"base64\":\"%s\"}]}",
             b64);
    free(b64);
    if (t_hub_admin(&hub, "POST", "config", "{\"xet_seed_xorb_bytes\":262144}", NULL) != HFHUB_OK ||
        t_hub_seed(&hub, seed, NULL) != HFHUB_OK)
        return 1;
    share_data = (unsigned char *)malloc(SHARE_LEN);
    memcpy(share_data, terms_data, 1536 * 1024);
    for (i = 1536 * 1024; i < SHARE_LEN; i++) share_data[i] = (unsigned char)((i * 40503u) >> 7 ^ i / 3001);
    b64 = (char *)malloc(hfhub__base64_encoded_len(SHARE_LEN, 0) + 1);
    hfhub__base64_encode(share_data, SHARE_LEN, b64, 0);
    snprintf(seed, sizeof seed, "{\"repo\":\"user/xetshare\",\"xet\":true,\"files\":[{\"path\":\"s.bin\",\"base64\":\"%s\"}]}",
             b64);
    free(b64);
    if (t_hub_seed(&hub, seed, NULL) != HFHUB_OK ||
        t_hub_admin(&hub, "POST", "config", "{\"xet_seed_xorb_bytes\":67108864}", NULL) != HFHUB_OK)
        return 1;
    RUN(test_bad_plans);
    RUN(test_plain_baseline);
    RUN(test_tree_xet_hash);
    RUN(test_cache_download);
    RUN(test_local_dir);
    RUN(test_range_read);
    RUN(test_faults);
    RUN(test_expired_token);
    RUN(test_corrupt_xorb);
    RUN(test_resume);
    RUN(test_resume_terms);
    RUN(test_chunk_cache);
    free(plain);
    free(terms_data);
    free(share_data);
    t_hub_stop(&hub);
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", cache, xcache);
        if (system(cmd) != 0) fprintf(stderr, "rm failed\n");
    }
    return TEST_END();
}
