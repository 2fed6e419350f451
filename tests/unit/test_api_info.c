/* test_api_info.c: the API layer end to end against tools/localhub: the generic request,
 * typed repo info, listings with pagination (request shapes read back from the localhub
 * request log), errors, iterators freed early, remote ranged reads, safetensors metadata;
 * and bad server JSON through the mock transport. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"

static t_hub hub;
static hfhub_client *c;       /* write token of "user" */
static hfhub_client *anon;    /* no token */
static char commit_a[41];

/* The path (with query) of the last hub request whose path matches re; "" if none. */
static const char *last_path(const char *re) {
    static char out[4096];
    hfhub__buf q;
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *root;
    out[0] = 0;
    hfhub__buf_init(&q, NULL);
    hfhub__buf_puts(&q, "log?server=hub&path=");
    hfhub__url_quote(&q, re, strlen(re), "");
    if (t_hub_admin(&hub, "GET", q.data, NULL, &doc) == HFHUB_OK) {
        root = hfhub_json_root(doc);
        if (hfhub_json_len(root))
            snprintf(out, sizeof out, "%s", hfhub_json_str(hfhub_json_get(hfhub_json_at(root, hfhub_json_len(root) - 1), "path"), ""));
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&q);
    return out;
}

/* A safetensors file: 8-byte length, the header, data_len zero bytes; base64 into b64. */
static char *safetensors_b64(const char *header, size_t data_len) {
    size_t hl = strlen(header), n = 8 + hl + data_len, i;
    unsigned char *raw = (unsigned char *)calloc(1, n);
    char *b64 = (char *)malloc(hfhub__base64_encoded_len(n, 0) + 1);
    for (i = 0; i < 8; i++) raw[i] = (unsigned char)((uint64_t)hl >> (8 * i));
    memcpy(raw + 8, header, hl);
    hfhub__base64_encode(raw, n, b64, 0);
    free(raw);
    return b64;
}

static int seed_all(void) {
    static const char card[] = "---\\nlicense: mit\\nlibrary_name: transformers\\npipeline_tag: text-generation\\ntags:\\n- llama\\n---\\n# A\\n";
    char body[8192], *st, *sh1, *sh2;
    int i, r = 0;
    hfhub__buf big;
    snprintf(body, sizeof body,
             "{\"repo\": \"user/model-a\", \"tags\": [\"v1\"], \"files\": ["
             "{\"path\": \"README.md\", \"content\": \"%s\"},"
             "{\"path\": \"config.json\", \"content\": \"{\\\"a\\\": 1}\"},"
             "{\"path\": \"data/x/deep.txt\", \"content\": \"deep\"},"
             "{\"path\": \"data/top.txt\", \"content\": \"top\"},"
             "{\"path\": \"blob.bin\", \"base64\": \"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\", \"mode\": \"lfs\"}]}",
             card);
    r |= t_hub_seed(&hub, body, commit_a);
    /* four more commits for commit pagination */
    for (i = 0; i < 4; i++) {
        snprintf(body, sizeof body, "{\"repo\": \"user/model-a\", \"message\": \"edit %d\", \"files\": [{\"path\": \"n.txt\", \"content\": \"%d\"}]}", i, i);
        r |= t_hub_seed(&hub, body, commit_a);
    }
    st = safetensors_b64("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                         "\"b\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[24,32]},\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[32,36]}}", 36);
    hfhub__buf_init(&big, NULL);
    hfhub__buf_printf(&big, "{\"repo\": \"user/single\", \"files\": [{\"path\": \"model.safetensors\", \"mode\": \"lfs\", \"base64\": \"%s\"}]}", st);
    r |= t_hub_seed(&hub, big.data, NULL);
    free(st);
    sh1 = safetensors_b64("{\"a\":{\"dtype\":\"BF16\",\"shape\":[10,10],\"data_offsets\":[0,200]}}", 200);
    /* a header longer than the first 100,000-byte read */
    hfhub__buf_reset(&big);
    hfhub__buf_puts(&big, "{\"__metadata__\":{\"pad\":\"");
    for (i = 0; i < 120000; i++) hfhub__buf_putc(&big, 'x');
    hfhub__buf_puts(&big, "\"},\"c\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[0,10]},\"d\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[10,34]}}");
    sh2 = safetensors_b64(big.data, 34);
    hfhub__buf_reset(&big);
    hfhub__buf_printf(&big, "{\"repo\": \"user/sharded\", \"files\": ["
                            "{\"path\": \"model.safetensors.index.json\", \"content\": \"{\\\"metadata\\\": {\\\"total_size\\\": 244}, \\\"weight_map\\\": {\\\"a\\\": \\\"m-1.safetensors\\\", \\\"c\\\": \\\"m-2.safetensors\\\", \\\"d\\\": \\\"m-2.safetensors\\\"}}\"},"
                            "{\"path\": \"m-1.safetensors\", \"mode\": \"lfs\", \"base64\": \"%s\"},"
                            "{\"path\": \"m-2.safetensors\", \"mode\": \"lfs\", \"base64\": \"%s\"}]}", sh1, sh2);
    r |= t_hub_seed(&hub, big.data, NULL);
    free(sh1);
    free(sh2);
    hfhub__buf_free(&big);
    for (i = 0; i < 6; i++) {
        snprintf(body, sizeof body, "{\"repo\": \"acme/m%d\", \"org\": true, \"files\": [{\"path\": \"f.txt\", \"content\": \"%d\"}]}", i, i);
        r |= t_hub_seed(&hub, body, NULL);
    }
    r |= t_hub_seed(&hub, "{\"repo\": \"user/private-m\", \"private\": true, \"files\": {\"a.txt\": \"x\"}}", NULL);
    r |= t_hub_seed(&hub, "{\"repo\": \"user/gated-m\", \"gated\": \"auto\", \"files\": {\"a.txt\": \"x\"}}", NULL);
    r |= t_hub_seed(&hub, "{\"repo\": \"user/ds\", \"type\": \"dataset\", \"files\": {\"README.md\": \"---\\nlanguage:\\n- en\\n---\\n\"}}", NULL);
    r |= t_hub_seed(&hub, "{\"repo\": \"user/sp\", \"type\": \"space\", \"sdk\": \"static\", \"files\": {\"index.html\": \"hi\"}}", NULL);
    r |= t_hub_admin(&hub, "POST", "users", "{\"name\": \"bob\", \"token\": \"hf_bob_token\"}", NULL);
    r |= t_hub_admin(&hub, "POST", "orgs", "{\"name\": \"acme\", \"members\": [\"user\", \"bob\"]}", NULL);
    r |= t_hub_admin(&hub, "POST", "like", "{\"user\": \"user\", \"repo\": \"user/model-a\"}", NULL);
    r |= t_hub_admin(&hub, "POST", "like", "{\"user\": \"bob\", \"repo\": \"user/model-a\"}", NULL);
    r |= t_hub_admin(&hub, "POST", "like", "{\"user\": \"user\", \"repo\": \"user/ds\", \"type\": \"dataset\"}", NULL);
    r |= t_hub_admin(&hub, "POST", "follow", "{\"user\": \"bob\", \"target\": \"user\"}", NULL);
    r |= t_hub_admin(&hub, "POST", "follow", "{\"user\": \"user\", \"target\": \"acme\"}", NULL);
    return r;
}

/* ---- the generic request ------------------------------------------------------------------- */

static void test_api_request(void) {
    const char *q[] = {"expand", "sha", "expand", "likes", NULL};
    const char *bad[] = {"limit", NULL};
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *root;
    CHECK_OK(hfhub_api_request(c, "GET", "/api/models/user/model-a", q, NULL, NULL, &doc));
    root = hfhub_json_root(doc);
    CHECK_STR(hfhub_json_str(hfhub_json_get(root, "id"), NULL), "user/model-a");
    CHECK_STR(hfhub_json_str(hfhub_json_get(root, "sha"), NULL), commit_a);
    CHECK_INT(hfhub_json_int(hfhub_json_get(root, "likes"), -1), 2);
    CHECK(hfhub_json_get(root, "tags") == NULL); /* only what was expanded */
    hfhub_json_free(doc);
    CHECK_STR(last_path("^/api/models/user/model-a"), "/api/models/user/model-a?expand=sha&expand=likes");
    /* a JSON body */
    CHECK_OK(hfhub_api_request(c, "POST", "api/validate-yaml", NULL, "{\"content\": \"hello\"}", NULL, &doc));
    CHECK_INT(hfhub_json_len(hfhub_json_get(hfhub_json_root(doc), "errors")), 0);
    hfhub_json_free(doc);
    /* errors are mapped like every call's */
    CHECK_INT(hfhub_api_request(c, "GET", "/api/models/user/nope", NULL, NULL, NULL, &doc), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK(doc == NULL);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK_STR(hfhub_last_error()->server_code, "RepoNotFound");
    CHECK_INT(hfhub_api_request(c, "GET", "/api/models", bad, NULL, NULL, &doc), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_api_request(c, "GET", "", NULL, NULL, NULL, &doc), HFHUB_ERR_INVALID_ARG);
}

/* ---- info ------------------------------------------------------------------------------------ */

static int has_tag(const hfhub_info *m, const char *t) {
    size_t i;
    for (i = 0; i < m->n_tags; i++)
        if (!strcmp(m->tags[i], t)) return 1;
    return 0;
}

static void test_model_info(void) {
    hfhub_info *m = NULL;
    hfhub_info_opts o;
    const char *exp[] = {"downloads", "pipeline_tag"};
    size_t i;
    int lfs_seen = 0;
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_model_info(c, "user/model-a", NULL, &m));
    if (!m) return;
    CHECK_STR(m->id, "user/model-a");
    CHECK_STR(m->repo_type, "model");
    CHECK_STR(m->author, "user");
    CHECK_STR(m->sha, commit_a);
    CHECK_STR(m->pipeline_tag, "text-generation");
    CHECK_STR(m->library_name, "transformers");
    CHECK(has_tag(m, "llama") && has_tag(m, "license:mit"));
    CHECK_INT(m->is_private, 0);
    CHECK(m->gated == NULL);
    CHECK_INT(m->likes, 2);
    CHECK(m->created_at && m->last_modified);
    CHECK_STR(hfhub_json_str(hfhub_json_get(m->card_data, "license"), NULL), "mit");
    CHECK(m->has_siblings);
    CHECK_INT(m->n_siblings, 7);
    CHECK_INT(m->siblings[0].size, -1); /* no files_metadata */
    CHECK(m->siblings[0].blob_id == NULL);
    CHECK_STR(hfhub_json_str(hfhub_json_get(m->json, "modelId"), NULL), "user/model-a");
    hfhub_api_free(m);
    CHECK_STR(last_path("^/api/models/user/model-a"), "/api/models/user/model-a");

    o.files_metadata = 1;
    o.security_status = 1;
    o.revision = "v1";
    CHECK_OK(hfhub_model_info(c, "user/model-a", &o, &m));
    CHECK_STR(last_path("^/api/models/user/model-a"), "/api/models/user/model-a/revision/v1?securityStatus=true&blobs=true");
    for (i = 0; m && i < m->n_siblings; i++) {
        CHECK(m->siblings[i].size >= 0 && m->siblings[i].blob_id);
        if (!strcmp(m->siblings[i].rfilename, "blob.bin")) {
            lfs_seen = 1;
            CHECK(m->siblings[i].lfs != NULL);
            if (m->siblings[i].lfs) {
                CHECK_INT(m->siblings[i].lfs->size, 32);
                CHECK_INT(strlen(m->siblings[i].lfs->sha256), 64);
                CHECK(m->siblings[i].lfs->pointer_size > 100);
            }
        }
    }
    CHECK(lfs_seen);
    CHECK_INT(m ? m->n_siblings : 0, 6); /* at v1: the seeded files + .gitattributes */
    hfhub_api_free(m);

    memset(&o, 0, sizeof o);
    o.expand = exp;
    o.n_expand = 2;
    CHECK_OK(hfhub_model_info(c, "user/model-a", &o, &m));
    CHECK_STR(last_path("^/api/models/user/model-a"), "/api/models/user/model-a?expand=downloads&expand=pipeline_tag");
    if (m) {
        CHECK(m->sha == NULL && m->n_tags == 0 && !m->has_siblings && m->likes == -1);
        CHECK_STR(m->pipeline_tag, "text-generation");
        CHECK(m->downloads >= 0);
    }
    hfhub_api_free(m);
    o.files_metadata = 1;
    CHECK_INT(hfhub_model_info(c, "user/model-a", &o, &m), HFHUB_ERR_INVALID_ARG);
    CHECK(m == NULL);
}

static void test_dataset_space_info(void) {
    hfhub_info *d = NULL, *s = NULL;
    hfhub_info_opts o;
    CHECK_OK(hfhub_dataset_info(c, "user/ds", NULL, &d));
    if (d) {
        CHECK_STR(d->repo_type, "dataset");
        CHECK(has_tag(d, "language:en"));
        CHECK(d->description != NULL);
        CHECK(d->main_size > 0);
    }
    hfhub_api_free(d);
    CHECK_STR(last_path("^/api/datasets/"), "/api/datasets/user/ds");
    CHECK_OK(hfhub_space_info(c, "user/sp", NULL, &s));
    if (s) {
        CHECK_STR(s->sdk, "static");
        CHECK(s->subdomain && s->host);
        CHECK(s->runtime != NULL);
        if (s->runtime) {
            CHECK_STR(s->runtime->stage, "RUNNING");
            CHECK_STR(s->runtime->hardware, "cpu-basic");
        }
    }
    hfhub_api_free(s);
    memset(&o, 0, sizeof o);
    o.repo_type = "space";
    CHECK_OK(hfhub_repo_info(c, "user/sp", &o, &s));
    CHECK(s && !strcmp(s->repo_type, "space"));
    hfhub_api_free(s);
    o.repo_type = "bucket";
    CHECK_INT(hfhub_repo_info(c, "user/sp", &o, &s), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_repo_info(c, "bad//id", NULL, &s), HFHUB_ERR_INVALID_ARG);
}

static void test_info_errors(void) {
    hfhub_info *m = NULL;
    hfhub_info_opts o;
    hfhub_client *bad;
    int ex = -1;
    CHECK_INT(hfhub_model_info(anon, "user/private-m", NULL, &m), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK_INT(hfhub_last_error()->http_status, 401);
    CHECK_OK(hfhub_model_info(c, "user/private-m", NULL, &m));
    CHECK(m && m->is_private == 1);
    hfhub_api_free(m);
    m = NULL;
    memset(&o, 0, sizeof o);
    o.revision = "nope";
    CHECK_INT(hfhub_model_info(c, "user/model-a", &o, &m), HFHUB_ERR_REVISION_NOT_FOUND);
    bad = t_hub_client(&hub, "hf_unknown_token", NULL);
    CHECK_INT(hfhub_model_info(bad, "user/model-a", NULL, &m), HFHUB_ERR_UNAUTHORIZED);
    hfhub_client_free(bad);
    /* 403 from the server, and a per-call token that beats the client's */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 403, \"pattern\": \"^/api/models/user/gated-m$\"}"));
    CHECK_INT(hfhub_model_info(c, "user/gated-m", NULL, &m), HFHUB_ERR_FORBIDDEN);
    CHECK_OK(hfhub_model_info(c, "user/gated-m", NULL, &m));
    CHECK(m && m->gated && !strcmp(m->gated, "auto"));
    hfhub_api_free(m);
    memset(&o, 0, sizeof o);
    o.api.token = "hf_unknown_token";
    CHECK_INT(hfhub_model_info(c, "user/model-a", &o, &m), HFHUB_ERR_UNAUTHORIZED);
    /* repo_exists / revision_exists */
    CHECK_OK(hfhub_repo_exists(c, "user/model-a", NULL, &ex));
    CHECK_INT(ex, 1);
    CHECK_OK(hfhub_repo_exists(c, "user/nope", NULL, &ex));
    CHECK_INT(ex, 0);
    CHECK_OK(hfhub_repo_exists(anon, "user/private-m", NULL, &ex));
    CHECK_INT(ex, 0);
    memset(&o, 0, sizeof o);
    o.repo_type = "dataset";
    CHECK_OK(hfhub_repo_exists(c, "user/ds", &o, &ex));
    CHECK_INT(ex, 1);
    CHECK_OK(hfhub_revision_exists(c, "user/model-a", "v1", NULL, &ex));
    CHECK_INT(ex, 1);
    CHECK_OK(hfhub_revision_exists(c, "user/model-a", "v9", NULL, &ex));
    CHECK_INT(ex, 0);
    CHECK_OK(hfhub_revision_exists(c, "user/nope", "main", NULL, &ex));
    CHECK_INT(ex, 0);
}

/* ---- listings -------------------------------------------------------------------------------- */

static void test_list_models_pages(void) {
    hfhub_list_repos_opts o;
    hfhub_iter *it = NULL;
    const hfhub_info *m;
    int n = 0;
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 2}", NULL));
    memset(&o, 0, sizeof o);
    o.author = "acme";
    o.sort = "last_modified";
    CHECK_OK(hfhub_list_models(c, &o, &it));
    t_hub_log_clear(&hub);
    while (hfhub_iter_next_repo(it, &m) == HFHUB_OK && m) {
        CHECK(!strncmp(m->id, "acme/m", 6));
        CHECK(m->likes == 0 && m->downloads >= 0);
        n++;
    }
    CHECK_INT(n, 6);
    CHECK_INT(hfhub_iter_pages(it), 3);
    CHECK_INT(hfhub_iter_count(it), 6);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/api/models\\?"), 3);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/api/models\\?author=acme&sort=lastModified$"), 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/api/models\\?author=acme&sort=lastModified&cursor="), 2);
    /* the end is sticky */
    CHECK_OK(hfhub_iter_next_repo(it, &m));
    CHECK(m == NULL);
    CHECK_INT(hfhub_iter_pages(it), 3);
    hfhub_iter_free(it);

    /* limit: sent, and no page past it is fetched */
    o.limit = 3;
    CHECK_OK(hfhub_list_models(c, &o, &it));
    t_hub_log_clear(&hub);
    n = 0;
    while (hfhub_iter_next_repo(it, &m) == HFHUB_OK && m) n++;
    CHECK_INT(n, 3);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/api/models\\?author=acme&sort=lastModified&limit=3"), 2);
    hfhub_iter_free(it);

    /* freed after one item (ASan checks nothing leaks) */
    o.limit = 0;
    CHECK_OK(hfhub_list_models(c, &o, &it));
    CHECK_OK(hfhub_iter_next_repo(it, &m));
    CHECK(m != NULL);
    hfhub_iter_free(it);
    /* freed before anything was fetched */
    CHECK_OK(hfhub_list_models(c, &o, &it));
    hfhub_iter_free(it);
    /* a typed next on a listing of another kind */
    CHECK_OK(hfhub_list_models(c, &o, &it));
    {
        const hfhub_repo_entry *e;
        CHECK_INT(hfhub_iter_next_entry(it, &e), HFHUB_ERR_INVALID_ARG);
    }
    hfhub_iter_free(it);
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 1000}", NULL));
}

static void test_list_filters_query(void) {
    hfhub_list_repos_opts o;
    hfhub_iter *it = NULL;
    const hfhub_info *m;
    const char *filters[] = {"text-generation"}, *ds[] = {"squad"}, *apps[] = {"ollama"}, *prov[] = {"all"};
    const char *exp[] = {"likes", "sha"}, *lang[] = {"en", "language:fr"}, *tasks[] = {"qa"};
    int n = 0;
    memset(&o, 0, sizeof o);
    o.filter = filters; o.n_filter = 1;
    o.trained_dataset = ds; o.n_trained_dataset = 1;
    o.author = "user";
    o.apps = apps; o.n_apps = 1;
    o.gated = HFHUB_OFF;
    o.inference = "warm";
    o.inference_provider = prov; o.n_inference_provider = 1;
    o.pipeline_tag = "text-generation";
    o.model_name = "model";
    o.search = "a";
    o.sort = "trending_score";
    o.limit = 5;
    o.full = 1;
    o.fetch_config = 1;
    o.card_data = 1;
    CHECK_OK(hfhub_list_models(c, &o, &it));
    while (hfhub_iter_next_repo(it, &m) == HFHUB_OK && m) n++;
    hfhub_iter_free(it);
    CHECK_STR(last_path("^/api/models\\?"),
              "/api/models?filter=text-generation&filter=dataset%3Asquad&author=user&apps=ollama&gated=false&inference=warm"
              "&inference_provider=all&pipeline_tag=text-generation&search=model&search=a&sort=trendingScore&limit=5"
              "&full=true&config=true&cardData=true");
    /* expand with full is refused before anything is sent */
    o.expand = exp; o.n_expand = 2;
    CHECK_INT(hfhub_list_models(c, &o, &it), HFHUB_ERR_INVALID_ARG);
    CHECK(it == NULL);
    /* datasets: keyed filters */
    memset(&o, 0, sizeof o);
    o.language = lang; o.n_language = 2;
    o.task_categories = tasks; o.n_task_categories = 1;
    o.benchmark = "official";
    o.expand = exp; o.n_expand = 2;
    o.gated = HFHUB_ON;
    CHECK_OK(hfhub_list_datasets(c, &o, &it));
    CHECK_OK(hfhub_iter_next_repo(it, &m));
    hfhub_iter_free(it);
    CHECK_STR(last_path("^/api/datasets\\?"),
              "/api/datasets?filter=language%3Aen&filter=language%3Afr&filter=task_categories%3Aqa&filter=benchmark%3Aofficial"
              "&gated=true&expand=likes&expand=sha");
    /* spaces */
    memset(&o, 0, sizeof o);
    o.search = "sp";
    o.linked = 1;
    o.models = ds; o.n_models = 1;
    CHECK_OK(hfhub_list_spaces(c, &o, &it));
    CHECK_OK(hfhub_iter_next_repo(it, &m));
    hfhub_iter_free(it);
    CHECK_STR(last_path("^/api/spaces\\?"), "/api/spaces?search=sp&linked=true&models=squad");
    /* what the listing returns is typed */
    memset(&o, 0, sizeof o);
    o.search = "sp";
    CHECK_OK(hfhub_list_spaces(c, &o, &it));
    CHECK_OK(hfhub_iter_next_repo(it, &m));
    CHECK(m && !strcmp(m->id, "user/sp") && !strcmp(m->repo_type, "space") && m->sdk && !strcmp(m->sdk, "static"));
    hfhub_iter_free(it);
}

static void test_page_retry(void) {
    hfhub_iter *it = NULL;
    const hfhub_info *m;
    hfhub_list_repos_opts o;
    int n = 0;
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 2}", NULL));
    /* the second page answers 429 twice, then works; the first page is not retried */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 429, \"retry_after\": 0, \"count\": 1, \"match_query\": true, \"pattern\": \"^/api/models\\\\?author=acme&cursor=\"}"));
    memset(&o, 0, sizeof o);
    o.author = "acme";
    CHECK_OK(hfhub_list_models(c, &o, &it));
    while (hfhub_iter_next_repo(it, &m) == HFHUB_OK && m) n++;
    CHECK_INT(n, 6);
    hfhub_iter_free(it);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 429, \"retry_after\": 0, \"count\": 1, \"pattern\": \"^/api/models$\"}"));
    CHECK_OK(hfhub_list_models(c, &o, &it));
    CHECK_INT(hfhub_iter_next_repo(it, &m), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_iter_next_repo(it, &m), HFHUB_ERR_HTTP); /* sticky */
    hfhub_iter_free(it);
    /* an error on a later page */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 500, \"count\": 1, \"match_query\": true, \"pattern\": \"^/api/models\\\\?author=acme&cursor=\"}"));
    CHECK_OK(hfhub_list_models(c, &o, &it));
    n = 0;
    {
        hfhub_result r;
        while ((r = hfhub_iter_next_repo(it, &m)) == HFHUB_OK && m) n++;
        CHECK_INT(r, HFHUB_ERR_HTTP);
    }
    CHECK_INT(n, 2);
    hfhub_iter_free(it);
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 1000}", NULL));
}

static void test_tree(void) {
    hfhub_iter *it = NULL;
    const hfhub_repo_entry *e;
    hfhub_repo_read_opts o;
    hfhub_string_list *files = NULL;
    int n = 0, dirs = 0, lfs = 0;
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_list_repo_tree(c, "user/model-a", NULL, 0, 0, &o, &it));
    while (hfhub_iter_next_entry(it, &e) == HFHUB_OK && e) {
        n++;
        if (!e->is_file) { dirs++; CHECK_STR(e->path, "data"); }
        if (e->lfs) {
            lfs++;
            CHECK_STR(e->path, "blob.bin");
            CHECK_INT(e->lfs->size, 32);
            CHECK_INT(e->size, 32);
        }
        CHECK(e->oid && strlen(e->oid) == 40);
        CHECK(e->last_commit == NULL);
    }
    hfhub_iter_free(it);
    CHECK_INT(n, 6);
    CHECK_INT(dirs, 1);
    CHECK_INT(lfs, 1);
    CHECK_STR(last_path("/tree/"), "/api/models/user/model-a/tree/main?recursive=false&expand=false");
    /* a folder, recursive, expanded, at a tag */
    o.revision = "v1";
    CHECK_OK(hfhub_list_repo_tree(c, "user/model-a", "data/x", 1, 1, &o, &it));
    CHECK_OK(hfhub_iter_next_entry(it, &e));
    CHECK(e && !strcmp(e->path, "data/x/deep.txt") && e->is_file && e->size == 4);
    CHECK(e && e->last_commit && e->last_commit->oid && strlen(e->last_commit->oid) == 40);
    CHECK(e && e->security_status && !strcmp(e->security_status, "safe"));
    CHECK_OK(hfhub_iter_next_entry(it, &e));
    CHECK(e == NULL);
    hfhub_iter_free(it);
    CHECK_STR(last_path("/tree/"), "/api/models/user/model-a/tree/v1/data%2Fx?recursive=true&expand=true");
    /* missing folder */
    CHECK_OK(hfhub_list_repo_tree(c, "user/model-a", "nope", 0, 0, NULL, &it));
    CHECK_INT(hfhub_iter_next_entry(it, &e), HFHUB_ERR_ENTRY_NOT_FOUND);
    hfhub_iter_free(it);
    /* tree pages */
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"tree_page_size\": 2}", NULL));
    CHECK_OK(hfhub_list_repo_files(c, "user/model-a", NULL, &files));
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"tree_page_size\": 1000}", NULL));
    if (files) {
        CHECK_INT(files->n, 7);
        CHECK_STR(files->items[0], ".gitattributes");
        CHECK_STR(files->items[files->n - 1], "n.txt");
    }
    hfhub_api_free(files);
}

static void test_paths_info(void) {
    const char *paths[] = {"config.json", "data", "missing.txt", "blob.bin"};
    hfhub_iter *it = NULL;
    const hfhub_repo_entry *e;
    int n = 0;
    CHECK_OK(hfhub_get_paths_info(c, "user/model-a", paths, 4, 0, NULL, &it));
    while (hfhub_iter_next_entry(it, &e) == HFHUB_OK && e) {
        if (n == 0) CHECK(!strcmp(e->path, "config.json") && e->is_file);
        if (n == 1) CHECK(!strcmp(e->path, "data") && !e->is_file);
        if (n == 2) CHECK(!strcmp(e->path, "blob.bin") && e->lfs);
        n++;
    }
    hfhub_iter_free(it);
    CHECK_INT(n, 3);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/api/models/user/model-a/paths-info/main$"), 1);
}

static void test_refs_commits(void) {
    hfhub_repo_refs *refs = NULL;
    hfhub_iter *it = NULL;
    const hfhub_git_commit *cm;
    int n = 0;
    CHECK_OK(hfhub_list_repo_refs(c, "user/model-a", 0, NULL, &refs));
    if (refs) {
        CHECK_INT(refs->n_branches, 1);
        CHECK_STR(refs->branches[0].name, "main");
        CHECK_STR(refs->branches[0].ref, "refs/heads/main");
        CHECK_STR(refs->branches[0].target_commit, commit_a);
        CHECK_INT(refs->n_tags, 1);
        CHECK_STR(refs->tags[0].name, "v1");
        CHECK_INT(refs->n_converts, 0);
        CHECK_INT(refs->has_pull_requests, 0);
    }
    hfhub_api_free(refs);
    CHECK_STR(last_path("/refs"), "/api/models/user/model-a/refs");
    CHECK_OK(hfhub_list_repo_refs(c, "user/model-a", 1, NULL, &refs));
    CHECK(refs && refs->has_pull_requests && refs->n_pull_requests == 0);
    hfhub_api_free(refs);
    CHECK_STR(last_path("/refs"), "/api/models/user/model-a/refs?include_prs=1");

    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"commits_page_size\": 2}", NULL));
    CHECK_OK(hfhub_list_repo_commits(c, "user/model-a", 1, NULL, &it));
    while (hfhub_iter_next_commit(it, &cm) == HFHUB_OK && cm) {
        if (n == 0) {
            CHECK_STR(cm->commit_id, commit_a);
            CHECK_STR(cm->title, "edit 3");
            CHECK_STR(cm->formatted_title, "edit 3");
            CHECK(cm->n_authors == 1 && !strcmp(cm->authors[0], "user"));
            CHECK(cm->created_at != NULL);
        }
        n++;
    }
    CHECK_INT(n, 6); /* initial commit + seed + 4 edits */
    CHECK_INT(hfhub_iter_pages(it), 3);
    hfhub_iter_free(it);
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"commits_page_size\": 50}", NULL));
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/api/models/user/model-a/commits/main\\?expand%5B%5D=formatted$"), 1);
}

static void test_users_likes(void) {
    hfhub_iter *it = NULL;
    const hfhub_user *u;
    const hfhub_liked_repo *l;
    hfhub_user *ov = NULL;
    hfhub_organization *org = NULL;
    hfhub_repo_read_opts ro;
    int n = 0;
    CHECK_OK(hfhub_list_repo_likers(c, "user/model-a", NULL, &it));
    while (hfhub_iter_next_user(it, &u) == HFHUB_OK && u) {
        CHECK(!strcmp(u->username, "user") || !strcmp(u->username, "bob"));
        CHECK(u->avatar_url != NULL);
        n++;
    }
    hfhub_iter_free(it);
    CHECK_INT(n, 2);
    CHECK_OK(hfhub_list_liked_repos(c, NULL, NULL, &it)); /* "me" through whoami */
    n = 0;
    while (hfhub_iter_next_liked(it, &l) == HFHUB_OK && l) {
        if (!strcmp(l->repo_type, "dataset")) CHECK_STR(l->repo_id, "user/ds");
        else CHECK_STR(l->repo_id, "user/model-a");
        n++;
    }
    hfhub_iter_free(it);
    CHECK_INT(n, 2);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/api/users/user/likes$"), 1);
    memset(&ro, 0, sizeof ro);
    ro.repo_type = "dataset";
    CHECK_OK(hfhub_unlike(c, "user/ds", &ro));
    CHECK_INT(t_hub_log_count(&hub, "hub", "DELETE", "^/api/datasets/user/ds/like$"), 1);
    CHECK_OK(hfhub_list_liked_repos(c, "user", NULL, &it));
    n = 0;
    while (hfhub_iter_next_liked(it, &l) == HFHUB_OK && l) n++;
    hfhub_iter_free(it);
    CHECK_INT(n, 1);
    CHECK_INT(hfhub_unlike(anon, "user/model-a", NULL), HFHUB_ERR_UNAUTHORIZED);

    CHECK_OK(hfhub_get_user_overview(c, "user", NULL, &ov));
    if (ov) {
        CHECK_STR(ov->username, "user");
        CHECK(ov->num_models >= 5);
        CHECK_INT(ov->num_followers, 1);
        CHECK_INT(ov->num_following, 1);
    }
    hfhub_api_free(ov);
    CHECK_INT(hfhub_get_user_overview(c, "nobody", NULL, &ov), HFHUB_ERR_HTTP);
    CHECK_OK(hfhub_get_organization_overview(c, "acme", NULL, &org));
    if (org) {
        CHECK_STR(org->name, "acme");
        CHECK_INT(org->num_users, 2);
        CHECK_INT(org->num_models, 6);
    }
    hfhub_api_free(org);
    CHECK_OK(hfhub_list_organization_members(c, "acme", NULL, &it));
    n = 0;
    while (hfhub_iter_next_user(it, &u) == HFHUB_OK && u) n++;
    hfhub_iter_free(it);
    CHECK_INT(n, 2);
    CHECK_OK(hfhub_list_user_followers(c, "user", NULL, &it));
    CHECK_OK(hfhub_iter_next_user(it, &u));
    CHECK(u && !strcmp(u->username, "bob"));
    hfhub_iter_free(it);
    CHECK_OK(hfhub_list_user_following(c, "user", NULL, &it));
    CHECK_OK(hfhub_iter_next_user(it, &u));
    CHECK(u && !strcmp(u->username, "acme"));
    hfhub_iter_free(it);
    CHECK_OK(hfhub_list_organization_followers(c, "acme", NULL, &it));
    CHECK_OK(hfhub_iter_next_user(it, &u));
    CHECK(u && !strcmp(u->username, "user"));
    hfhub_iter_free(it);
    /* the generic paginated listing */
    CHECK_OK(hfhub_api_paginate(c, "/api/organizations/acme/members", NULL, NULL, &it));
    {
        const hfhub_json_value *v;
        CHECK_OK(hfhub_iter_next_json(it, &v));
        CHECK(hfhub_json_str(hfhub_json_get(v, "user"), NULL) != NULL);
    }
    hfhub_iter_free(it);
}

/* An allocator that counts: the live bytes and their peak. */
typedef struct t_count { size_t live, peak; } t_count;
static void *t_count_alloc(void *ctx, size_t n) {
    t_count *k = (t_count *)ctx;
    void *p = malloc(n);
    if (p) { k->live += n; if (k->live > k->peak) k->peak = k->live; }
    return p;
}
static void *t_count_realloc(void *ctx, void *p, size_t old_n, size_t n) {
    t_count *k = (t_count *)ctx;
    void *q = realloc(p, n);
    if (q) { k->live += n; k->live -= old_n; if (k->live > k->peak) k->peak = k->live; }
    return q;
}
static void t_count_free(void *ctx, void *p, size_t n) {
    t_count *k = (t_count *)ctx;
    if (p) k->live -= n;
    free(p);
}

/* 30,000 entries in 30 pages: the iterator's memory is that of one page, whatever the length. */
static void test_listing_memory_bounded(void) {
    t_count k = {0, 0};
    hfhub_allocator a;
    hfhub_config cfg;
    hfhub_client *mc = NULL;
    hfhub_iter *it = NULL;
    const hfhub_info *m;
    size_t n = 0, peak_after_first_page = 0;
    a.ctx = &k;
    a.alloc = t_count_alloc;
    a.realloc = t_count_realloc;
    a.free = t_count_free;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = hub.url;
    cfg.no_token = 1;
    cfg.proxy = "";
    cfg.allocator = &a;
    CHECK_OK(t_hub_admin(&hub, "POST", "synthetic", "{\"type\": \"model\", \"count\": 30000}", NULL));
    CHECK_OK(hfhub_client_new(&cfg, &mc));
    CHECK_OK(hfhub_list_models(mc, NULL, &it));
    while (hfhub_iter_next_repo(it, &m) == HFHUB_OK && m) {
        if (++n == 1000) peak_after_first_page = k.peak;
    }
    CHECK(n >= 30000);
    CHECK_INT(hfhub_iter_pages(it), (n + 999) / 1000);
    /* pages are alike: later ones need (about) what the first one did, not 30 times it */
    CHECK(k.peak < 2 * peak_after_first_page + 65536);
    CHECK(k.peak < 4 * 1024 * 1024);
    hfhub_iter_free(it);
    hfhub_client_free(mc);
    CHECK_INT(k.live, 0);
    CHECK_OK(t_hub_admin(&hub, "POST", "synthetic", "{\"type\": \"model\", \"count\": 0}", NULL));
}

/* ---- remote reads ------------------------------------------------------------------------------ */

static void test_remote_read(void) {
    hfhub_remote_file *f = NULL;
    unsigned char buf[64];
    size_t got = 0, i;
    hfhub_download_opts o;
    CHECK_OK(hfhub_remote_open(c, "user/model-a", "blob.bin", NULL, &f));
    if (!f) return;
    CHECK_INT(hfhub_remote_size(f), 32);
    CHECK_STR(hfhub_remote_commit(f), commit_a);
    CHECK_INT(strlen(hfhub_remote_etag(f)), 64); /* the LFS sha256 */
    CHECK(hfhub_remote_xet_hash(f) == NULL);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_remote_read(f, 5, buf, 10, &got));
    CHECK_INT(got, 10);
    for (i = 0; i < got; i++) CHECK_INT(buf[i], 5 + i);
    CHECK_OK(hfhub_remote_read(f, 28, buf, 10, &got)); /* short at the end */
    CHECK_INT(got, 4);
    CHECK_INT(buf[3], 31);
    CHECK_OK(hfhub_remote_read(f, 32, buf, 10, &got)); /* past the end: no request */
    CHECK_INT(got, 0);
    /* the reads went to the resolve URL at the commit, then the CDN, with a Range */
    {
        char re[200];
        snprintf(re, sizeof re, "^/user/model-a/resolve/%s/blob.bin$", commit_a);
        CHECK_INT(t_hub_log_count(&hub, "hub", "GET", re), 2);
        CHECK_INT(t_hub_log_count(&hub, "cdn", "GET", NULL), 2);
    }
    /* a CDN that ignores Range: the window is cut from the whole answer */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"no_range\", \"server\": \"cdn\", \"count\": 1}"));
    CHECK_OK(hfhub_remote_read(f, 7, buf, 3, &got));
    CHECK_INT(got, 3);
    CHECK(buf[0] == 7 && buf[2] == 9);
    hfhub_remote_close(f);
    /* a regular file, served by the Hub itself */
    CHECK_OK(hfhub_remote_open(c, "user/model-a", "config.json", NULL, &f));
    CHECK_OK(hfhub_remote_read(f, 1, buf, 4, &got));
    CHECK_INT(got, 4);
    CHECK(!memcmp(buf, "\"a\":", 4));
    hfhub_remote_close(f);
    memset(&o, 0, sizeof o);
    o.subfolder = "data";
    CHECK_OK(hfhub_remote_open(c, "user/model-a", "top.txt", &o, &f));
    CHECK_INT(hfhub_remote_size(f), 3);
    hfhub_remote_close(f);
    f = NULL;
    CHECK_INT(hfhub_remote_open(c, "user/model-a", "nope.bin", NULL, &f), HFHUB_ERR_ENTRY_NOT_FOUND);
    CHECK(f == NULL);
    CHECK_INT(hfhub_remote_open(c, "user/nope", "a", NULL, &f), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK_INT(hfhub_remote_open(anon, "user/gated-m", "a.txt", NULL, &f), HFHUB_ERR_GATED);
    CHECK_INT(hfhub_remote_open(c, "user/model-a", "../x", NULL, &f), HFHUB_ERR_INVALID_ARG);
}

static void test_safetensors(void) {
    hfhub_safetensors_repo *r = NULL;
    hfhub_safetensors_file *f = NULL;
    CHECK_OK(hfhub_get_safetensors_metadata(c, "user/single", NULL, &r));
    if (r) {
        CHECK_INT(r->sharded, 0);
        CHECK_INT(r->n_files, 1);
        CHECK_INT(r->files[0].n_tensors, 3);
        CHECK_STR(r->files[0].tensors[0].name, "w");
        CHECK_INT(r->files[0].tensors[0].parameter_count, 6);
        CHECK_INT(r->files[0].tensors[0].n_shape, 2);
        CHECK_INT(r->files[0].tensors[1].data_begin, 24);
        CHECK_INT(r->files[0].tensors[2].parameter_count, 1); /* a scalar */
        CHECK_STR(hfhub_json_str(hfhub_json_get(r->files[0].metadata, "format"), NULL), "pt");
        CHECK_INT(r->n_dtypes, 2);
        CHECK_STR(r->parameter_count[0].dtype, "F32");
        CHECK_INT(r->parameter_count[0].count, 7);
        CHECK_STR(r->parameter_count[1].dtype, "F16");
        CHECK_INT(r->parameter_count[1].count, 4);
        CHECK_INT(r->n_weights, 3);
        CHECK_STR(r->weight_map[1].filename, "model.safetensors");
    }
    hfhub_api_free(r);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_get_safetensors_metadata(c, "user/sharded", NULL, &r));
    if (r) {
        CHECK_INT(r->sharded, 1);
        CHECK_INT(hfhub_json_int(hfhub_json_get(r->metadata, "total_size"), 0), 244);
        CHECK_INT(r->n_files, 2);
        CHECK_STR(r->files[0].filename, "m-1.safetensors");
        CHECK_STR(r->files[1].filename, "m-2.safetensors");
        CHECK_INT(r->files[1].n_tensors, 2);
        CHECK_INT(r->n_dtypes, 2);
        CHECK_STR(r->parameter_count[0].dtype, "BF16");
        CHECK_INT(r->parameter_count[0].count, 105);
        CHECK_STR(r->parameter_count[1].dtype, "I64");
        CHECK_INT(r->parameter_count[1].count, 3);
        CHECK_INT(r->n_weights, 3);
        CHECK_STR(r->weight_map[2].tensor, "d");
        CHECK_STR(r->weight_map[2].filename, "m-2.safetensors");
    }
    hfhub_api_free(r);
    /* the long header took a second ranged read */
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/resolve/main/m-2.safetensors$"), 2);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/resolve/main/m-1.safetensors$"), 1);
    CHECK_OK(hfhub_parse_safetensors_file_metadata(c, "user/sharded", "m-1.safetensors", NULL, &f));
    CHECK(f && f->n_tensors == 1 && f->tensors[0].parameter_count == 100);
    hfhub_api_free(f);
    CHECK_INT(hfhub_get_safetensors_metadata(c, "user/model-a", NULL, &r), HFHUB_ERR_ENTRY_NOT_FOUND);
    CHECK(r == NULL);
    CHECK_INT(hfhub_parse_safetensors_file_metadata(c, "user/model-a", "config.json", NULL, &f), HFHUB_ERR_PARSE);
}

/* ---- bad server JSON (mock transport) ------------------------------------------------------------ */

static void test_bad_json(void) {
    hfhub_mock *m;
    hfhub_transport t;
    hfhub_config cfg;
    hfhub_client *mc = NULL;
    hfhub_info *info = NULL;
    hfhub_iter *it = NULL;
    const hfhub_info *item;
    hfhub_repo_refs *refs = NULL;
    CHECK_OK(hfhub_mock_new(NULL, &m));
    t = hfhub_mock_transport(m);
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = "https://hub.test";
    cfg.no_token = 1;
    cfg.transport = &t;
    CHECK_OK(hfhub_client_new(&cfg, &mc));
    hfhub_mock_add_simple(m, "https://hub.test/api/models/a/b", 200, NULL,
                          "{\"id\": 5, \"sha\": [1], \"private\": \"yes\", \"gated\": false, \"downloads\": \"many\","
                          " \"likes\": 1.5, \"tags\": [\"x\", 3, null], \"siblings\": null, \"cardData\": [],"
                          " \"safetensors\": {\"parameters\": {\"F32\": \"a\"}, \"total\": 1e3}, \"runtime\": 7, \"unknown\": {}}");
    CHECK_OK(hfhub_model_info(mc, "a/b", NULL, &info));
    if (info) {
        CHECK_STR(info->id, "");
        CHECK(info->sha == NULL && info->is_private == -1 && info->gated == NULL && info->downloads == -1);
        CHECK_INT(info->likes, -1);
        CHECK_INT(info->n_tags, 1);
        CHECK(!info->has_siblings && info->card_data == NULL && info->runtime == NULL);
        CHECK(info->safetensors && info->safetensors->total == 1000 && info->safetensors->parameters[0].count == 0);
    }
    hfhub_api_free(info);
    hfhub_mock_add_simple(m, "https://hub.test/api/models/a/c", 200, NULL, "[1, 2]");
    CHECK_INT(hfhub_model_info(mc, "a/c", NULL, &info), HFHUB_ERR_PARSE);
    hfhub_mock_add_simple(m, "https://hub.test/api/models/a/d", 200, NULL, "{\"id\": ");
    CHECK_INT(hfhub_model_info(mc, "a/d", NULL, &info), HFHUB_ERR_PARSE);
    /* a page that is not an array; an item that is not an object */
    hfhub_mock_add_simple(m, "https://hub.test/api/models", 200, NULL, "{\"models\": []}");
    CHECK_OK(hfhub_list_models(mc, NULL, &it));
    CHECK_INT(hfhub_iter_next_repo(it, &item), HFHUB_ERR_PARSE);
    hfhub_iter_free(it);
    hfhub_mock_add_simple(m, "https://hub.test/api/models", 200,
                          "Link: <https://hub.test/api/models?cursor=2>; rel=\"next\"\n", "[{\"id\": \"a/b\"}, 3]");
    CHECK_OK(hfhub_list_models(mc, NULL, &it));
    CHECK_OK(hfhub_iter_next_repo(it, &item));
    CHECK(item && !strcmp(item->id, "a/b"));
    CHECK_INT(hfhub_iter_next_repo(it, &item), HFHUB_ERR_PARSE);
    hfhub_iter_free(it);
    /* refs without a required list */
    hfhub_mock_add_simple(m, "https://hub.test/api/models/a/b/refs", 200, NULL, "{\"branches\": [], \"tags\": []}");
    CHECK_INT(hfhub_list_repo_refs(mc, "a/b", 0, NULL, &refs), HFHUB_ERR_PARSE);
    /* an empty page ends nothing: the next one is read */
    hfhub_mock_add_simple(m, "https://hub.test/api/models", 200, "Link: <https://hub.test/api/models?p=2>; rel=\"next\"\n", "[]");
    hfhub_mock_add_simple(m, "https://hub.test/api/models?p=2", 200, NULL, "[{\"id\": \"z/z\"}]");
    CHECK_OK(hfhub_list_models(mc, NULL, &it));
    CHECK_OK(hfhub_iter_next_repo(it, &item));
    CHECK(item && !strcmp(item->id, "z/z"));
    CHECK_OK(hfhub_iter_next_repo(it, &item));
    CHECK(item == NULL);
    hfhub_iter_free(it);
    /* a server that ignores Range: the window is cut from the whole answer */
    {
        hfhub_remote_file *f = NULL;
        char buf[8];
        size_t got = 0;
        hfhub_mock_add_simple(m, "https://hub.test/a/b/resolve/main/f.bin", 200,
                              "X-Repo-Commit: 0123456789012345678901234567890123456789\nETag: W/\"abc\"\nContent-Length: 10\n", NULL);
        hfhub_mock_add_simple(m, "https://hub.test/a/b/resolve/0123456789012345678901234567890123456789/f.bin", 200, NULL, "0123456789");
        CHECK_OK(hfhub_remote_open(mc, "a/b", "f.bin", NULL, &f));
        CHECK_STR(hfhub_remote_etag(f), "abc");
        CHECK_OK(hfhub_remote_read(f, 3, buf, 4, &got));
        CHECK_INT(got, 4);
        CHECK(!memcmp(buf, "3456", 4));
        CHECK_STR(hfhub_mock_request_header(hfhub_mock_request_at(m, hfhub_mock_count(m) - 1), "Range"), "bytes=3-6");
        /* a 206 that starts elsewhere is refused */
        hfhub_mock_add_simple(m, "https://hub.test/a/b/resolve/0123456789012345678901234567890123456789/f.bin", 206,
                              "Content-Range: bytes 0-3/10\n", "0123");
        CHECK_INT(hfhub_remote_read(f, 3, buf, 4, &got), HFHUB_ERR_HTTP);
        hfhub_remote_close(f);
        /* HEAD without the Hub's headers */
        hfhub_mock_add_simple(m, "https://hub.test/a/b/resolve/main/g.bin", 200, "Content-Length: 10\n", NULL);
        CHECK_INT(hfhub_remote_open(mc, "a/b", "g.bin", NULL, &f), HFHUB_ERR_PARSE);
    }
    /* parse entry points */
    CHECK_OK(hfhub_repo_info_parse("{\"id\": \"q/r\", \"sdk\": \"gradio\"}", 30, "space", NULL, &info));
    CHECK(info && !strcmp(info->id, "q/r") && !strcmp(info->sdk, "gradio"));
    hfhub_api_free(info);
    {
        hfhub_safetensors_file *f = NULL;
        const char *h = "{\"t\": {\"dtype\": \"F32\", \"shape\": [2, -1], \"data_offsets\": [0, 8]}}";
        CHECK_INT(hfhub_safetensors_header_parse(h, strlen(h), "x", NULL, &f), HFHUB_ERR_PARSE);
        h = "{\"t\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0]}}";
        CHECK_INT(hfhub_safetensors_header_parse(h, strlen(h), "x", NULL, &f), HFHUB_ERR_PARSE);
        h = "{\"t\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 8]}}";
        CHECK_OK(hfhub_safetensors_header_parse(h, strlen(h), "x", NULL, &f));
        CHECK(f && f->tensors[0].parameter_count == INT64_MAX); /* saturated, not overflowed */
        hfhub_api_free(f);
    }
    hfhub_client_free(mc);
    hfhub_mock_free(m);
}

/* ---- the CLI --------------------------------------------------------------------------------- */

/* Runs `hf <args>` against the hub; stdout (and stderr with err) into out; the exit code. */
static int hf(const char *args, int err, char *out, size_t cap) {
    char cmd[2048];
    const char *build = getenv("HFHUB_BUILD");
    FILE *p;
    size_t n;
    int st;
    snprintf(cmd, sizeof cmd, "env -i HOME=/nonexistent NO_COLOR=1 HF_ENDPOINT=%s HF_TOKEN=%s %s/hf %s %s", hub.url,
             T_HUB_WRITE_TOKEN, build && *build ? build : "build", args, err ? "2>&1" : "2>/dev/null");
    if (!(p = popen(cmd, "r"))) return -1;
    n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    st = pclose(p);
    return st >= 0 && (st & 0x7f) == 0 ? (st >> 8) & 0xff : -1;
}

/* out with 40-hex commit ids replaced by "SHA" and isoformat() datetimes by "ISO" (in place). */
static void cli_normalize(char *out) {
    static char in[65536];
    char *o = out;
    const char *p = in;
    snprintf(in, sizeof in, "%s", out);
    while (*p) {
        size_t hex = 0;
        while (hex < 41 && ((p[hex] >= '0' && p[hex] <= '9') || (p[hex] >= 'a' && p[hex] <= 'f'))) hex++;
        if (hex == 40 && p > in && p[-1] == '"') {
            memcpy(o, "SHA", 3), o += 3, p += 40;
        } else if (p[0] == '2' && p[1] == '0' && strlen(p) >= 25 && p[4] == '-' && p[10] == 'T' && strstr(p, "+00:00\"") &&
                   (size_t)(strstr(p, "+00:00\"") - p) <= 26) {
            memcpy(o, "ISO", 3), o += 3;
            p = strstr(p, "+00:00\"") + 6;
        } else *o++ = *p++;
    }
    *o = 0;
}

/* `hf models|datasets|spaces info`: Python's dataclass fields, snake_case, in their order,
 * datetimes as isoformat(), None dropped; indented in human mode, compact in json mode. */
static void test_cli_info_dict(void) {
    static char out[65536];
    CHECK_INT(hf("models info user/model-a --format json", 0, out, sizeof out), 0);
    cli_normalize(out);
    CHECK_STR(out, "{\"id\": \"user/model-a\", \"author\": \"user\", \"sha\": \"SHA\", \"created_at\": \"ISO\", \"last_"
                   "modified\": \"ISO\", \"private\": false, \"disabled\": false, \"downloads\": 4, \"downloads_all_tim"
                   "e\": 4, \"gated\": false, \"likes\": 2, \"library_name\": \"transformers\", \"tags\": [\"llama\", "
                   "\"transformers\", \"license:mit\", \"region:us\"], \"pipeline_tag\": \"text-generation\", \"card_da"
                   "ta\": {\"library_name\": \"transformers\", \"license\": \"mit\", \"pipeline_tag\": \"text-generatio"
                   "n\", \"tags\": [\"llama\"]}, \"widget_data\": [], \"trending_score\": 0, \"siblings\": [{\"rfilenam"
                   "e\": \".gitattributes\"}, {\"rfilename\": \"README.md\"}, {\"rfilename\": \"blob.bin\"}, {\"rfilena"
                   "me\": \"config.json\"}, {\"rfilename\": \"data/top.txt\"}, {\"rfilename\": \"data/x/deep.txt\"}, {"
                   "\"rfilename\": \"n.txt\"}], \"spaces\": []}\n");
    CHECK_INT(hf("models info user/model-a", 0, out, sizeof out), 0);
    cli_normalize(out);
    CHECK_STR(out, "{\n"
                   "  \"id\": \"user/model-a\",\n"
                   "  \"author\": \"user\",\n"
                   "  \"sha\": \"SHA\",\n"
                   "  \"created_at\": \"ISO\",\n"
                   "  \"last_modified\": \"ISO\",\n"
                   "  \"private\": false,\n"
                   "  \"disabled\": false,\n"
                   "  \"downloads\": 4,\n"
                   "  \"downloads_all_time\": 4,\n"
                   "  \"gated\": false,\n"
                   "  \"likes\": 2,\n"
                   "  \"library_name\": \"transformers\",\n"
                   "  \"tags\": [\n"
                   "    \"llama\",\n"
                   "    \"transformers\",\n"
                   "    \"license:mit\",\n"
                   "    \"region:us\"\n"
                   "  ],\n"
                   "  \"pipeline_tag\": \"text-generation\",\n"
                   "  \"card_data\": {\n"
                   "    \"library_name\": \"transformers\",\n"
                   "    \"license\": \"mit\",\n"
                   "    \"pipeline_tag\": \"text-generation\",\n"
                   "    \"tags\": [\n"
                   "      \"llama\"\n"
                   "    ]\n"
                   "  },\n"
                   "  \"widget_data\": [],\n"
                   "  \"trending_score\": 0,\n"
                   "  \"siblings\": [\n"
                   "    {\n"
                   "      \"rfilename\": \".gitattributes\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"rfilename\": \"README.md\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"rfilename\": \"blob.bin\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"rfilename\": \"config.json\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"rfilename\": \"data/top.txt\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"rfilename\": \"data/x/deep.txt\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"rfilename\": \"n.txt\"\n"
                   "    }\n"
                   "  ],\n"
                   "  \"spaces\": []\n"
                   "}\n");
    CHECK_INT(hf("spaces info user/sp --format json", 0, out, sizeof out), 0);
    cli_normalize(out);
    CHECK_STR(out, "{\"id\": \"user/sp\", \"author\": \"user\", \"sha\": \"SHA\", \"created_at\": \"ISO\", \"last_modif"
                   "ied\": \"ISO\", \"private\": false, \"gated\": false, \"disabled\": false, \"host\": \"https://user"
                   "-sp.hf.space\", \"subdomain\": \"user-sp\", \"likes\": 0, \"sdk\": \"static\", \"tags\": [\"region:"
                   "us\"], \"siblings\": [{\"rfilename\": \".gitattributes\"}, {\"rfilename\": \"index.html\"}], \"tren"
                   "ding_score\": 0, \"runtime\": {\"stage\": \"RUNNING\", \"hardware\": \"cpu-basic\", \"requested_har"
                   "dware\": \"cpu-basic\", \"sleep_time\": 172800, \"raw\": {\"stage\": \"RUNNING\", \"hardware\": {\""
                   "current\": \"cpu-basic\", \"requested\": \"cpu-basic\"}, \"gcTimeout\": 172800, \"replicas\": {\"re"
                   "quested\": 1}, \"devMode\": false, \"domains\": [{\"domain\": \"user-sp.hf.space\", \"stage\": \"RE"
                   "ADY\"}]}}, \"models\": [], \"datasets\": []}\n");
    CHECK_INT(hf("datasets info user/ds --format json", 0, out, sizeof out), 0);
    cli_normalize(out);
    CHECK_STR(out, "{\"id\": \"user/ds\", \"author\": \"user\", \"sha\": \"SHA\", \"created_at\": \"ISO\", \"last_modif"
                   "ied\": \"ISO\", \"private\": false, \"gated\": false, \"disabled\": false, \"downloads\": 0, \"down"
                   "loads_all_time\": 0, \"likes\": 0, \"tags\": [\"language:en\", \"region:us\"], \"trending_score\": "
                   "0, \"card_data\": {\"language\": [\"en\"]}, \"siblings\": [{\"rfilename\": \".gitattributes\"}, {\""
                   "rfilename\": \"README.md\"}]}\n");
    CHECK_INT(hf("models ls --search model-a --format json", 0, out, sizeof out), 0);
    cli_normalize(out);
    CHECK_STR(out, "[{\"id\": \"user/model-a\", \"created_at\": \"ISO\", \"private\": false, \"downloads\": 4, \"likes"
                   "\": 2, \"library_name\": \"transformers\", \"tags\": [\"llama\", \"transformers\", \"license:mit\","
                   " \"region:us\"], \"pipeline_tag\": \"text-generation\", \"trending_score\": 0}]\n");
}

static void test_cli_browse(void) {
    static char out[65536];
    CHECK_INT(hf("models ls --author acme --limit 2 -q", 0, out, sizeof out), 0);
    CHECK(strlen(out) == 16 && !strncmp(out, "acme/m", 6) && !strncmp(out + 8, "acme/m", 6) && out[15] == '\n');
    CHECK_STR(last_path("^/api/models\\?"), "/api/models?author=acme&limit=2");
    CHECK_INT(hf("models ls --search model-a", 0, out, sizeof out), 0);
    CHECK(!strncmp(out, "ID ", 3) && strstr(out, "\n------") && strstr(out, "user/model-a ") && strstr(out, "text-generation"));
    CHECK_INT(hf("models ls --search model-a --format json", 0, out, sizeof out), 0);
    CHECK(!strncmp(out, "[{\"id\": \"user/model-a\"", 22) && strstr(out, "\"pipeline_tag\": \"text-generation\""));
    CHECK_INT(hf("models ls user/model-a -R -q", 0, out, sizeof out), 0);
    CHECK(strstr(out, "\ndata/\n") && strstr(out, "\ndata/x/deep.txt\n"));
    /* Python's list_repo_files_cmd lists with expand=True (sizes and last-commit dates) */
    CHECK_STR(last_path("/tree/"), "/api/models/user/model-a/tree/main?recursive=true&expand=true");
    CHECK_INT(hf("models ls user/model-a -R", 0, out, sizeof out), 0);
    CHECK(strstr(out, "  data/x/deep.txt\n") && strstr(out, "  data/\n"));
    CHECK_INT(hf("datasets info user/ds --expand likes,sha", 0, out, sizeof out), 0);
    CHECK(strstr(out, "\"id\": \"user/ds\"") && strstr(out, "\"sha\": "));
    CHECK_STR(last_path("^/api/datasets/"), "/api/datasets/user/ds?expand=likes&expand=sha");
    CHECK_INT(hf("models info user/nope", 1, out, sizeof out), 1);
    CHECK_STR(out, "Error: Model 'user/nope' not found.\n");
    CHECK_INT(hf("spaces ls user/sp --limit 3", 1, out, sizeof out), 2);
    CHECK_INT(hf("spaces frobnicate", 1, out, sizeof out), 2);
}

int main(void) {
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    c = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL);
    anon = t_hub_client(&hub, NULL, NULL);
    if (!c || !anon || seed_all() != 0) {
        fprintf(stderr, "setup failed\n");
        t_hub_stop(&hub);
        return 1;
    }
    RUN(test_api_request);
    RUN(test_model_info);
    RUN(test_dataset_space_info);
    RUN(test_info_errors);
    RUN(test_list_models_pages);
    RUN(test_list_filters_query);
    RUN(test_page_retry);
    RUN(test_listing_memory_bounded);
    RUN(test_tree);
    RUN(test_paths_info);
    RUN(test_refs_commits);
    RUN(test_users_likes);
    RUN(test_remote_read);
    RUN(test_cli_info_dict);
    RUN(test_safetensors);
    RUN(test_bad_json);
    RUN(test_cli_browse);
    hfhub_client_free(c);
    hfhub_client_free(anon);
    t_hub_stop(&hub);
    return TEST_END();
}
