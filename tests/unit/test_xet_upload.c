/* test_xet_upload.c: hfhub_xet_upload_files against localhub's CAS (which verifies every xorb
 * and shard): upload, commit as lfsFile lines, download back through Xet; dedup proven from the
 * request log (unchanged re-upload sends no xorb, a 1 MiB change sends little, shared content
 * is packed once); a shard the CAS rejects is an error. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include "test.h"
#include "hfhub_xet.h"
#include "localhub.h"

#define MIB (1024u * 1024u)

static t_hub hub;
static char dir[128];
static hfhub_client *cl;

static uint64_t rng_state = 42;
static uint8_t rnd(void) {
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint8_t)(rng_state >> 56);
}

static void write_file(const char *name, const unsigned char *data, size_t n, char *path) {
    FILE *f;
    sprintf(path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f) {
        if (n) fwrite(data, 1, n, f);
        fclose(f);
    }
}

static hfhub_result commit_lfs(const char *repo, const char *path_in_repo, const hfhub_xet_uploaded *u) {
    char url[256], body[1024];
    hfhub__req q;
    hfhub__http_response resp;
    hfhub_header h[1];
    hfhub_result r;
    snprintf(url, sizeof url, "%s/api/models/%s/commit/main", hub.url, repo);
    snprintf(body, sizeof body, "{\"key\":\"header\",\"value\":{\"summary\":\"xet\",\"description\":\"\"}}\n"
             "{\"key\":\"lfsFile\",\"value\":{\"path\":\"%s\",\"algo\":\"sha256\",\"oid\":\"%s\",\"size\":%llu}}\n",
             path_in_repo, u->sha256, (unsigned long long)u->size);
    h[0].name = "Content-Type";
    h[0].value = "application/x-ndjson";
    memset(&q, 0, sizeof q);
    q.method = "POST";
    q.url = url;
    q.body = body;
    q.body_len = strlen(body);
    q.headers = h;
    q.n_headers = 1;
    r = hfhub__client_request(cl, &q, &resp);
    hfhub__http_response_free(&resp);
    return r;
}

static int same_file(const char *a, const char *b) {
    size_t na = 0, nb = 0;
    char *da = t_read_file(a, &na), *db = t_read_file(b, &nb);
    int same = da && db && na == nb && !memcmp(da, db, na);
    free(da);
    free(db);
    return same;
}

static int xorb_posts(void) { return t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/xorbs/"); }

static void test_upload_commit_download(void) {
    static unsigned char data[3 * MIB + 777];
    char pa[256], pb[256], pe[256], url[256];
    const char *paths[3];
    hfhub_xet_uploaded out[3];
    hfhub_xet_upload_stats st;
    hfhub_file_metadata *md = NULL;
    char *got = NULL;
    size_t i;
    for (i = 0; i < sizeof data; i++) data[i] = (unsigned char)("xet upload text\n"[(i * 5 + i / 700) % 16]);
    write_file("a.txt", data, sizeof data, pa);
    for (i = 0; i < 2 * MIB; i++) data[i] = rnd();
    write_file("b.bin", data, 2 * MIB, pb);
    write_file("e.bin", data, 0, pe);
    paths[0] = pa;
    paths[1] = pb;
    paths[2] = pe;
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 3, NULL, out, &st));
    CHECK_INT(st.xorbs, 1); /* both files' new chunks share one xorb */
    CHECK_INT(xorb_posts(), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/shards"), 1);
    CHECK(st.xorb_bytes < 3 * MIB); /* the text compressed */
    CHECK_INT(out[2].size, 0);
    CHECK_STR(out[2].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_OK(commit_lfs("user/xetup", "a.txt.bin", &out[0]));
    CHECK_OK(commit_lfs("user/xetup", "b.bin", &out[1]));
    snprintf(url, sizeof url, "%s/user/xetup/resolve/main/b.bin", hub.url);
    CHECK_OK(hfhub_get_file_metadata(cl, url, NULL, &md));
    CHECK(md && md->xet_hash && !strcmp(md->xet_hash, out[1].xet_hash));
    hfhub_free(cl, md);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_download(cl, "user/xetup", "b.bin", NULL, &got));
    CHECK(got && same_file(got, pb));
    hfhub_free(cl, got);
    CHECK_OK(hfhub_download(cl, "user/xetup", "a.txt.bin", NULL, &got));
    CHECK(got && same_file(got, pa));
    hfhub_free(cl, got);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/cas/v1/reconstructions/"), 2);
    /* unchanged: the global dedup answer covers everything, no xorb is sent */
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 2, NULL, out, &st));
    CHECK_INT(st.xorbs, 0);
    CHECK_INT(xorb_posts(), 0);
    CHECK_INT(st.dedup_bytes, 3 * MIB + 777 + 2 * MIB);
}

static void test_small_change_and_shared_content(void) {
    static unsigned char data[8 * MIB];
    char p1[256], p2[256], p3[256];
    const char *paths[2];
    hfhub_xet_uploaded out[2];
    hfhub_xet_upload_stats st;
    size_t i;
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("c1.bin", data, sizeof data, p1);
    paths[0] = p1;
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 1, NULL, out, &st));
    CHECK_OK(commit_lfs("user/xetup", "c.bin", &out[0]));
    for (i = 3 * MIB + 1000; i < 4 * MIB + 1000; i++) data[i] = rnd(); /* 1 MiB changed mid-file */
    write_file("c2.bin", data, sizeof data, p2);
    paths[0] = p2;
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 1, NULL, out, &st));
    printf("# 8 MiB file, 1 MiB changed: %llu xorb bytes sent (%.3f of the file)\n",
           (unsigned long long)st.xorb_bytes, (double)st.xorb_bytes / (double)sizeof data);
    CHECK(st.xorb_bytes < 2 * MIB);
    CHECK(st.xorb_bytes > MIB);
    /* two files sharing their first 4 MiB, in one upload: the shared chunks are packed once */
    write_file("d2.bin", data, 4 * MIB, p3);
    for (i = 0; i < 4 * MIB; i++) data[4 * MIB + i] = rnd();
    write_file("d1.bin", data, sizeof data, p2);
    paths[0] = p2;
    paths[1] = p3;
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 2, NULL, out, &st));
    CHECK(st.new_bytes <= 8 * MIB);
    CHECK(st.dedup_bytes >= 4 * MIB - 256 * 1024);
}

/* hfhub_create_commit: the LFS batch offers "xet", the content goes to the CAS (no LFS PUT),
 * the commit carries lfsFile lines, and the file downloads back through Xet. */
static void test_create_commit_via_xet(void) {
    static unsigned char data[3 * MIB];
    char p[256];
    hfhub_commit_op op;
    hfhub_commit_info *ci = NULL;
    char *got = NULL;
    size_t i;
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("commit.bin", data, sizeof data, p);
    op = hfhub_op_add_file("weights/commit.bin", p);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_create_commit(cl, "user/xetup", &op, 1, "via xet", NULL, &ci));
    CHECK(ci != NULL);
    hfhub_free(cl, ci);
    CHECK_INT(t_hub_log_count(&hub, "cdn", "PUT", NULL), 0);
    CHECK_INT(xorb_posts(), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/shards"), 1);
    CHECK_OK(hfhub_download(cl, "user/xetup", "weights/commit.bin", NULL, &got));
    CHECK(got && same_file(got, p));
    hfhub_free(cl, got);
    /* the same content again under another name: nothing new goes to the CAS */
    op = hfhub_op_add_file("weights/again.bin", p);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_create_commit(cl, "user/xetup", &op, 1, "again", NULL, &ci));
    hfhub_free(cl, ci);
    CHECK_INT(xorb_posts(), 0);
}

/* The most xorb POSTs of the log that were in flight at one time (from each entry's end time
 * and duration). */
static int max_overlap(void) {
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *log;
    size_t i, j, n;
    int best = 0;
    if (t_hub_admin(&hub, "GET", "log?server=hub&method=POST&path=%5E%2Fcas%2Fv1%2Fxorbs%2F", NULL, &doc)) return -1;
    log = hfhub_json_root(doc);
    n = hfhub_json_len(log);
    for (i = 0; i < n; i++) {
        const hfhub_json_value *e = hfhub_json_at(log, i);
        double end_i = hfhub_json_double(hfhub_json_get(e, "time"), 0);
        double start_i = end_i - hfhub_json_double(hfhub_json_get(e, "ms"), 0) / 1000.0;
        int k = 0;
        for (j = 0; j < n; j++) {
            const hfhub_json_value *f = hfhub_json_at(log, j);
            double end_j = hfhub_json_double(hfhub_json_get(f, "time"), 0);
            double start_j = end_j - hfhub_json_double(hfhub_json_get(f, "ms"), 0) / 1000.0;
            if (start_j <= start_i && end_j > start_i) k++;
        }
        if (k > best) best = k;
    }
    hfhub_json_free(doc);
    return best;
}

/* Xorbs of at most 2.5 MiB (localhub verifies those above 2 MiB with its C helper), 3 upload
 * threads, every xorb POST answered after 3 s (longer than the clean pass of a xorb takes even
 * under valgrind): the POSTs overlap, and the file still downloads back byte for byte. */
#define SMALL_XORB (5 * MIB / 2)
static void test_parallel_xorb_uploads(void) {
    static unsigned char data[9 * MIB + 12345];
    char p[256];
    const char *paths[1];
    hfhub_xet_uploaded out[1];
    hfhub_xet_upload_stats st;
    hfhub_xet_upload_opts o;
    char *got = NULL;
    size_t i;
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("par.bin", data, sizeof data, p);
    paths[0] = p;
    memset(&o, 0, sizeof o);
    o.max_concurrent_uploads = 3;
    o.max_xorb_bytes = SMALL_XORB;
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"delay_headers\",\"seconds\":3,\"server\":\"hub\",\"method\":\"POST\","
                               "\"pattern\":\"^/cas/v1/xorbs/\",\"count\":-1}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 1, &o, out, &st));
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
    CHECK(st.xorbs >= 4);
    CHECK_INT(xorb_posts(), (int)st.xorbs);
    printf("# %llu xorbs, at most %d POSTs in flight at once\n", (unsigned long long)st.xorbs, max_overlap());
    CHECK(max_overlap() >= 2);
    CHECK(max_overlap() <= 3);
    CHECK_OK(commit_lfs("user/xetup", "par.bin", &out[0]));
    CHECK_OK(hfhub_download(cl, "user/xetup", "par.bin", NULL, &got));
    CHECK(got && same_file(got, p));
    hfhub_free(cl, got);
}

/* A 503 on xorb POSTs is retried; a 400 fails the upload with the CAS's message and no shard. */
static void test_xorb_post_faults(void) {
    static unsigned char data[7 * MIB];
    char p[256];
    const char *paths[1];
    hfhub_xet_uploaded out[1];
    hfhub_xet_upload_stats st;
    hfhub_xet_upload_opts o;
    size_t i;
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("retry.bin", data, sizeof data, p);
    paths[0] = p;
    memset(&o, 0, sizeof o);
    o.max_xorb_bytes = SMALL_XORB;
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"status\",\"status\":503,\"retry_after\":0,\"server\":\"hub\","
                               "\"method\":\"POST\",\"pattern\":\"^/cas/v1/xorbs/\",\"count\":2}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 1, &o, out, &st));
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/xorbs/"), (int)st.xorbs + 2);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/shards"), 1);
    CHECK_OK(commit_lfs("user/xetup", "retry.bin", &out[0]));
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("fail.bin", data, sizeof data, p);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"status\",\"status\":400,\"server\":\"hub\",\"method\":\"POST\","
                               "\"pattern\":\"^/cas/v1/xorbs/\",\"count\":-1,\"message\":\"xorb refused\"}"));
    t_hub_log_clear(&hub);
    CHECK(hfhub_xet_upload_files(cl, "user/xetup", paths, 1, &o, out, NULL) == HFHUB_ERR_BAD_REQUEST);
    CHECK(strstr(hfhub_last_error()->message, "xorb refused") != NULL);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/shards"), 0);
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
}

/* A commit source read back at offsets, whose bytes change (one flipped) from the third pass
 * on: the hash pass and the clean pass see the original. */
typedef struct flip_src {
    const unsigned char *data;
    size_t size;
    uint64_t served;
} flip_src;

static size_t flip_read(void *user, uint64_t off, void *buf, size_t cap) {
    flip_src *f = (flip_src *)user;
    size_t n = off < f->size ? (size_t)(f->size - off) : 0;
    if (n > cap) n = cap;
    memcpy(buf, f->data + off, n);
    if (f->served >= 2 * f->size && off <= f->size / 2 && f->size / 2 < off + n)
        ((unsigned char *)buf)[f->size / 2 - off] ^= 1;
    f->served += n;
    return n;
}

/* A xorb's bytes are dropped once sent: a retried POST (503) rebuilds them from the source
 * (the CAS verifies them again); a source that changed meanwhile fails the commit clearly. */
static void test_xorb_retry_rebuilds(void) {
    static unsigned char data[5 * MIB];
    char p[256];
    hfhub_commit_op op;
    hfhub_commit_info *ci = NULL;
    flip_src fs;
    char *got = NULL;
    size_t i;
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("rebuild.bin", data, sizeof data, p);
    op = hfhub_op_add_file("rebuild.bin", p);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"status\",\"status\":503,\"retry_after\":0,\"server\":\"hub\","
                               "\"method\":\"POST\",\"pattern\":\"^/cas/v1/xorbs/\",\"count\":1}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_create_commit(cl, "user/xetup", &op, 1, "retried xorb", NULL, &ci));
    hfhub_free(cl, ci);
    CHECK_INT(xorb_posts(), 2);
    CHECK_OK(hfhub_download(cl, "user/xetup", "rebuild.bin", NULL, &got));
    CHECK(got && same_file(got, p));
    hfhub_free(cl, got);
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    fs.data = data;
    fs.size = sizeof data;
    fs.served = 0;
    op = hfhub_op_add_reader("flipped.bin", flip_read, &fs, sizeof data);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"status\",\"status\":503,\"retry_after\":0,\"server\":\"hub\","
                               "\"method\":\"POST\",\"pattern\":\"^/cas/v1/xorbs/\",\"count\":1}"));
    t_hub_log_clear(&hub);
    CHECK(hfhub_create_commit(cl, "user/xetup", &op, 1, "changed source", NULL, &ci) == HFHUB_ERR_IO);
    CHECK(strstr(hfhub_last_error()->message, "changed while it was uploaded") != NULL);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/shards"), 0);
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
}

/* Lines of a shell command's output. */
static int count_lines(const char *cmd) {
    char line[512];
    int n = 0;
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    while (fgets(line, sizeof line, p)) n++;
    pclose(p);
    return n;
}

/* The shard cache under HF_XET_CACHE: a second client (another "process") with global dedup
 * off sends no xorb for content the first one uploaded; unreadable cache files are ignored. */
static void test_shard_cache(void) {
    static unsigned char data[5 * MIB];
    char p[256], cmd[512];
    const char *paths[1];
    hfhub_xet_uploaded out[1], again[1];
    hfhub_xet_upload_stats st;
    hfhub_xet_upload_opts o;
    hfhub_client *cl2;
    size_t i;
    FILE *f;
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("cached.bin", data, sizeof data, p);
    paths[0] = p;
    memset(&o, 0, sizeof o);
    o.disable_global_dedup = 1;
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 1, &o, out, &st));
    CHECK(st.xorbs >= 1);
    snprintf(cmd, sizeof cmd, "ls %s/xetcache/http___127_0_0_1_*_cas/shard-cache/*.mdb", dir);
    CHECK(count_lines(cmd) >= 1);
    cl2 = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL);
    CHECK(cl2 != NULL);
    if (!cl2) return;
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl2, "user/xetup", paths, 1, &o, again, &st));
    CHECK_INT(xorb_posts(), 0);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/cas/v1/chunks/"), 0);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/shards"), 1);
    CHECK_INT(st.dedup_bytes, sizeof data);
    CHECK_STR(again[0].xet_hash, out[0].xet_hash);
    /* garbage and a cut-short shard in the cache: ignored */
    snprintf(cmd, sizeof cmd, "cd %s/xetcache/http___127_0_0_1_*_cas/shard-cache && echo garbage > bad.mdb && "
             "for s in *[0-9a-f].mdb; do head -c 100 $s > cut.mdb; break; done", dir);
    CHECK(system(cmd) == 0);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl2, "user/xetup", paths, 1, &o, again, &st));
    CHECK_INT(xorb_posts(), 0);
    for (i = 0; i < sizeof data; i += 4096) data[i] ^= 1;
    f = fopen(p, "wb");
    if (f) {
        fwrite(data, 1, sizeof data, f);
        fclose(f);
    }
    CHECK_OK(hfhub_xet_upload_files(cl2, "user/xetup", paths, 1, &o, again, &st));
    CHECK(st.xorbs >= 1);
    /* a shard built from the cache rejected (as when the CAS lost those xorbs): the cache is
     * cleared and the upload done again without it */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"status\",\"status\":400,\"server\":\"hub\",\"pattern\":\"^/cas/v1/shards\"}"));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_xet_upload_files(cl2, "user/xetup", paths, 1, &o, again, &st));
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/cas/v1/shards"), 2);
    CHECK(xorb_posts() >= 1);
    CHECK_INT(st.dedup_bytes, 0);
    snprintf(cmd, sizeof cmd, "ls %s/xetcache/http___127_0_0_1_*_cas/shard-cache/*.mdb", dir);
    CHECK_INT(count_lines(cmd), 1); /* the new shard only */
    hfhub_client_free(cl2);
}

/* The fragmentation guard: b.bin interleaves the chunks of a.bin (uploaded in the same call)
 * with new chunks, so each match would be a one-chunk term; after the first few, dedup turns
 * off and those chunks are stored again in long terms. The CAS accepts the shard. */
static void test_fragmentation_guard(void) {
    static unsigned char a[2 * MIB], nw[2 * MIB], b[4 * MIB];
    static uint64_t ea[256], en[256];
    char pa[256], pb[256];
    const char *paths[2];
    hfhub_xet_uploaded out[2];
    hfhub_xet_upload_stats st;
    hfhub_xet_upload_opts o;
    size_t i, na, nn, len = 0, shared = 0;
    for (i = 0; i < sizeof a; i++) a[i] = rnd();
    for (i = 0; i < sizeof nw; i++) nw[i] = rnd();
    na = hfhub_xet_chunk_boundaries(a, sizeof a, ea, 256);
    nn = hfhub_xet_chunk_boundaries(nw, sizeof nw, en, 256);
    for (i = 0; i + 1 < na && i + 1 < nn; i++) { /* whole chunks, the last (cut by EOF) left out */
        size_t sa = i ? (size_t)ea[i - 1] : 0, sn = i ? (size_t)en[i - 1] : 0;
        memcpy(b + len, a + sa, (size_t)ea[i] - sa);
        len += (size_t)ea[i] - sa;
        shared += (size_t)ea[i] - sa;
        memcpy(b + len, nw + sn, (size_t)en[i] - sn);
        len += (size_t)en[i] - sn;
    }
    write_file("frag_a.bin", a, sizeof a, pa);
    write_file("frag_b.bin", b, len, pb);
    paths[0] = pa;
    paths[1] = pb;
    memset(&o, 0, sizeof o);
    o.disable_global_dedup = 1;
    CHECK(na > 20 && shared > MIB);
    CHECK_OK(hfhub_xet_upload_files(cl, "user/xetup", paths, 2, &o, out, &st));
    printf("# interleaved file: %llu of %llu shared bytes deduplicated\n", (unsigned long long)st.dedup_bytes,
           (unsigned long long)shared);
    CHECK(st.dedup_bytes > 0);
    CHECK(st.dedup_bytes < shared / 4);
    CHECK_OK(commit_lfs("user/xetup", "frag_b.bin", &out[1]));
}

static void test_shard_rejected(void) {
    char p[256];
    const char *paths[1];
    hfhub_xet_uploaded out[1];
    unsigned char data[50000];
    size_t i;
    for (i = 0; i < sizeof data; i++) data[i] = rnd();
    write_file("r.bin", data, sizeof data, p);
    paths[0] = p;
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"status\",\"status\":400,\"server\":\"hub\",\"pattern\":\"^/cas/v1/shards\"}"));
    CHECK(hfhub_xet_upload_files(cl, "user/xetup", paths, 1, NULL, out, NULL) != HFHUB_OK);
    t_hub_admin(&hub, "DELETE", "faults", NULL, NULL);
}

int main(void) {
    char cache[160];
    snprintf(dir, sizeof dir, "/tmp/hfhub_xetup.XXXXXX");
    if (!mkdtemp(dir) || t_hub_start(&hub) != 0) return 1;
    snprintf(cache, sizeof cache, "%s/xetcache", dir);
    setenv("HF_XET_CACHE", cache, 1); /* the shard cache, kept out of the home folder */
    snprintf(cache, sizeof cache, "%s/cache", dir);
    cl = t_hub_client(&hub, T_HUB_WRITE_TOKEN, cache);
    if (!cl || t_hub_seed(&hub, "{\"repo\":\"user/xetup\",\"files\":[{\"path\":\"x.txt\",\"content\":\"x\"}]}", NULL))
        return 1;
    RUN(test_upload_commit_download);
    RUN(test_small_change_and_shared_content);
    RUN(test_create_commit_via_xet);
    RUN(test_parallel_xorb_uploads);
    RUN(test_xorb_post_faults);
    RUN(test_xorb_retry_rebuilds);
    RUN(test_shard_cache);
    RUN(test_fragmentation_guard);
    RUN(test_shard_rejected);
    hfhub_client_free(cl);
    t_hub_stop(&hub);
    {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "rm failed\n");
    }
    return TEST_END();
}
