/* test_repos.c: repository management against tools/localhub: create (types, visibility,
 * Space SDK, exist_ok, the "conflicting operation" 409 retried), the request shapes the
 * Hub sees, and the errors of bad ids, a read token and a missing token. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "localhub.h"

static t_hub hub;
static hfhub_client *w; /* write token */
static hfhub_client *rd; /* read token */

/* The JSON body of the last logged request matching method and path regex, or NULL. */
static hfhub_json_doc *last_body(const char *method, const char *path_re) {
    hfhub__buf q;
    hfhub_json_doc *doc = NULL, *body = NULL;
    size_t n;
    hfhub__buf_init(&q, NULL);
    hfhub__buf_printf(&q, "log?x=1&method=%s&path=", method);
    hfhub__url_quote(&q, path_re, strlen(path_re), "");
    if (t_hub_admin(&hub, "GET", q.data, NULL, &doc) == HFHUB_OK && (n = hfhub_json_len(hfhub_json_root(doc))) > 0) {
        const hfhub_json_value *e = hfhub_json_at(hfhub_json_root(doc), n - 1);
        const char *b = hfhub_json_str(hfhub_json_get(e, "json"), NULL);
        if (b) hfhub_json_parse(b, strlen(b), NULL, &body);
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&q);
    return body;
}

static void test_create_model(void) {
    hfhub_repo_url *u = NULL;
    hfhub_json_doc *b;
    char want[256];
    CHECK_OK(hfhub_create_repo(w, "user/model-a", NULL, &u));
    snprintf(want, sizeof want, "%s/user/model-a", hub.url);
    CHECK_STR(u->url, want);
    CHECK_STR(u->repo_type, "model");
    CHECK_STR(u->repo_id, "user/model-a");
    CHECK_STR(u->ns, "user");
    CHECK_STR(u->repo_name, "model-a");
    CHECK_STR(u->endpoint, hub.url);
    hfhub_free(w, u);
    b = last_body("POST", "^/api/repos/create$");
    CHECK(b != NULL);
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "name"), ""), "model-a");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "organization"), ""), "user");
    CHECK(hfhub_json_get(hfhub_json_root(b), "type") == NULL); /* omitted for repo_type None */
    CHECK(hfhub_json_get(hfhub_json_root(b), "visibility") == NULL);
    hfhub_json_free(b);
}

static void test_create_dataset_private(void) {
    hfhub_create_repo_opts o;
    hfhub_repo_url *u = NULL;
    hfhub_json_doc *b;
    memset(&o, 0, sizeof o);
    o.repo_type = "dataset";
    o.private_repo = HFHUB_ON;
    CHECK_OK(hfhub_create_repo(w, "user/data-a", &o, &u));
    CHECK_STR(u->repo_type, "dataset");
    CHECK_STR(u->repo_id, "user/data-a");
    CHECK(strstr(u->url, "/datasets/user/data-a") != NULL);
    hfhub_free(w, u);
    b = last_body("POST", "^/api/repos/create$");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "type"), ""), "dataset");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "visibility"), ""), "private");
    hfhub_json_free(b);
}

static void test_create_space(void) {
    hfhub_create_repo_opts o;
    hfhub_repo_kv sec[1];
    hfhub_repo_url *u = NULL;
    hfhub_json_doc *b;
    const hfhub_json_value *root;
    memset(&o, 0, sizeof o);
    o.repo_type = "space";
    CHECK_INT(hfhub_create_repo(w, "user/space-a", &o, NULL), HFHUB_ERR_INVALID_ARG); /* sdk required */
    CHECK(strstr(hfhub_last_error()->message, "No space_sdk provided") != NULL);
    o.space_sdk = "cobol";
    CHECK_INT(hfhub_create_repo(w, "user/space-a", &o, NULL), HFHUB_ERR_INVALID_ARG);
    o.space_sdk = "gradio";
    o.space_hardware = "cpu-basic";
    o.space_sleep_time = 3600;
    sec[0].key = "K";
    sec[0].value = "V";
    sec[0].description = NULL;
    o.space_secrets = sec;
    o.n_space_secrets = 1;
    CHECK_OK(hfhub_create_repo(w, "user/space-a", &o, &u));
    CHECK_STR(u->repo_type, "space");
    hfhub_free(w, u);
    b = last_body("POST", "^/api/repos/create$");
    root = hfhub_json_root(b);
    CHECK_STR(hfhub_json_str(hfhub_json_get(root, "sdk"), ""), "gradio");
    CHECK_STR(hfhub_json_str(hfhub_json_get(root, "hardware"), ""), "cpu-basic");
    CHECK_INT(hfhub_json_int(hfhub_json_get(root, "sleepTimeSeconds"), 0), 3600);
    CHECK_STR(hfhub_json_str(hfhub_json_path(root, "secrets.0.key"), ""), "K");
    hfhub_json_free(b);
}

static void test_create_exists(void) {
    hfhub_create_repo_opts o;
    hfhub_repo_url *u = NULL;
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_create_repo(w, "user/exists", &o, NULL));
    CHECK_INT(hfhub_create_repo(w, "user/exists", &o, &u), HFHUB_ERR_CONFLICT);
    CHECK(u == NULL);
    CHECK_INT(hfhub_last_error()->http_status, 409);
    CHECK(strstr(hfhub_last_error()->message, "You already created this model repo") != NULL);
    o.exist_ok = 1;
    CHECK_OK(hfhub_create_repo(w, "user/exists", &o, &u));
    CHECK_STR(u->repo_id, "user/exists");
    hfhub_free(w, u);
    /* a read token cannot create, but exist_ok accepts a repo it can read */
    CHECK_OK(hfhub_create_repo(rd, "user/exists", &o, &u));
    CHECK_STR(u->repo_id, "user/exists");
    hfhub_free(rd, u);
}

static void test_create_conflict_retried(void) {
    int before = t_hub_log_count(&hub, "hub", "POST", "^/api/repos/create$");
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"pattern\": \"^/api/repos/create$\", \"method\": \"POST\","
                               " \"status\": 409, \"count\": 2,"
                               " \"message\": \"Cannot create repo: another conflicting operation is in progress\"}"));
    CHECK_OK(hfhub_create_repo(w, "user/raced", NULL, NULL));
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/api/repos/create$") - before, 3);
}

static void test_create_errors(void) {
    hfhub_client *anon = t_hub_client(&hub, NULL, NULL);
    int before = t_hub_log_count(&hub, "hub", NULL, NULL);
    CHECK_INT(hfhub_create_repo(w, "a/b/c", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_repo(w, "user/bad--name", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_repo(w, "user/-x", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_create_repo(w, NULL, NULL, NULL), HFHUB_ERR_INVALID_ARG);
    {
        hfhub_create_repo_opts o;
        memset(&o, 0, sizeof o);
        o.repo_type = "bucket";
        CHECK_INT(hfhub_create_repo(w, "user/x", &o, NULL), HFHUB_ERR_INVALID_ARG);
        o.repo_type = NULL;
        o.visibility = "secret";
        CHECK_INT(hfhub_create_repo(w, "user/x", &o, NULL), HFHUB_ERR_INVALID_ARG);
    }
    CHECK_INT(t_hub_log_count(&hub, "hub", NULL, NULL), before); /* nothing was sent */
    CHECK_INT(hfhub_create_repo(rd, "user/by-reader", NULL, NULL), HFHUB_ERR_FORBIDDEN);
    CHECK(strstr(hfhub_last_error()->message, "Make sure your token has the correct permissions") != NULL);
    CHECK_INT(hfhub_last_error()->http_status, 403);
    CHECK_INT(hfhub_create_repo(anon, "user/by-nobody", NULL, NULL), HFHUB_ERR_UNAUTHORIZED);
    CHECK_INT(hfhub_last_error()->http_status, 401);
    hfhub_client_free(anon);
}

static void test_delete(void) {
    hfhub_delete_repo_opts o;
    hfhub_json_doc *b;
    memset(&o, 0, sizeof o);
    o.repo_type = "dataset";
    CHECK_OK(hfhub_create_repo(w, "user/to-delete", NULL, NULL));
    CHECK_INT(hfhub_delete_repo(w, "user/to-delete", &o), HFHUB_ERR_REPO_NOT_FOUND); /* it is a model */
    CHECK_INT(hfhub_delete_repo(rd, "user/to-delete", NULL), HFHUB_ERR_FORBIDDEN);
    CHECK_OK(hfhub_delete_repo(w, "user/to-delete", NULL));
    b = last_body("DELETE", "^/api/repos/delete$");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "name"), ""), "to-delete");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "organization"), ""), "user");
    hfhub_json_free(b);
    CHECK_INT(hfhub_delete_repo(w, "user/to-delete", NULL), HFHUB_ERR_REPO_NOT_FOUND);
    o.repo_type = NULL;
    o.missing_ok = 1;
    CHECK_OK(hfhub_delete_repo(w, "user/to-delete", &o));
}

static void test_move(void) {
    hfhub_repo_opts o;
    hfhub_json_doc *b;
    memset(&o, 0, sizeof o);
    o.repo_type = "dataset";
    CHECK_OK(t_hub_admin(&hub, "POST", "orgs", "{\"name\": \"team\", \"members\": [\"user\"]}", NULL));
    {
        hfhub_create_repo_opts co;
        memset(&co, 0, sizeof co);
        co.repo_type = "dataset";
        CHECK_OK(hfhub_create_repo(w, "user/old-name", &co, NULL));
    }
    CHECK_INT(hfhub_move_repo(w, "old-name", "team/new-name", &o), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "It should have a namespace") != NULL);
    CHECK_INT(hfhub_move_repo(w, "user/old-name", "team/new/name", &o), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_move_repo(w, "user/nope", "team/new-name", &o), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK(strstr(hfhub_last_error()->message, "renaming-or-transferring-a-repo") != NULL);
    CHECK_OK(hfhub_move_repo(w, "user/old-name", "team/new-name", &o));
    b = last_body("POST", "^/api/repos/move$");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "fromRepo"), ""), "user/old-name");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "toRepo"), ""), "team/new-name");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "type"), ""), "dataset");
    hfhub_json_free(b);
    {
        hfhub_delete_repo_opts d;
        memset(&d, 0, sizeof d);
        d.repo_type = "dataset";
        CHECK_OK(hfhub_delete_repo(w, "team/new-name", &d));
    }
}

/* The "private" and "gated" fields of a repo's info. */
static void repo_flags(const char *repo_id, int *priv, hfhub_json_doc **doc) {
    char url[256];
    snprintf(url, sizeof url, "%s/api/models/%s", hub.url, repo_id);
    *doc = NULL;
    CHECK_OK(hfhub__client_json(w, "GET", url, NULL, doc));
    *priv = hfhub_json_bool(hfhub_json_get(hfhub_json_root(*doc), "private"), -1);
}

static void test_settings(void) {
    hfhub_repo_settings_opts o;
    hfhub_json_doc *b, *info;
    int priv;
    memset(&o, 0, sizeof o);
    CHECK_OK(hfhub_create_repo(w, "user/settings", NULL, NULL));
    CHECK_INT(hfhub_update_repo_settings(w, "user/settings", &o), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "At least one setting") != NULL);
    o.gated = "sometimes";
    CHECK_INT(hfhub_update_repo_settings(w, "user/settings", &o), HFHUB_ERR_INVALID_ARG);
    o.gated = "manual";
    o.private_repo = HFHUB_ON;
    CHECK_OK(hfhub_update_repo_settings(w, "user/settings", &o));
    b = last_body("PUT", "^/api/models/user/settings/settings$");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "gated"), ""), "manual");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "visibility"), ""), "private");
    hfhub_json_free(b);
    repo_flags("user/settings", &priv, &info);
    CHECK_INT(priv, 1);
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(info), "gated"), ""), "manual");
    hfhub_json_free(info);
    o.gated = "false";
    o.private_repo = HFHUB_OFF;
    CHECK_OK(hfhub_update_repo_settings(w, "user/settings", &o));
    b = last_body("PUT", "^/api/models/user/settings/settings$");
    CHECK_INT(hfhub_json_type_of(hfhub_json_get(hfhub_json_root(b), "gated")), HFHUB_JSON_BOOL);
    CHECK_INT(hfhub_json_bool(hfhub_json_get(hfhub_json_root(b), "gated"), 1), 0);
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "visibility"), ""), "public");
    hfhub_json_free(b);
    repo_flags("user/settings", &priv, &info);
    CHECK_INT(priv, 0);
    hfhub_json_free(info);
    CHECK_INT(hfhub_update_repo_settings(rd, "user/settings", &o), HFHUB_ERR_FORBIDDEN);
}

static int has_ref(hfhub_repo_ref *refs, size_t n, const char *name, const char *target) {
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcmp(refs[i].name, name) && (!target || !strcmp(refs[i].target_commit, target))) return 1;
    return 0;
}

static void test_branches(void) {
    hfhub_ref_opts o;
    hfhub_repo_ref *refs = NULL;
    size_t n = 0;
    char first[41], second[41];
    memset(&o, 0, sizeof o);
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/refs\", \"files\": {\"a.txt\": \"one\"}}", first));
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/refs\", \"files\": {\"a.txt\": \"two\"}}", second));
    CHECK_OK(hfhub_create_branch(w, "user/refs", "dev", NULL));
    o.revision = first;
    CHECK_OK(hfhub_create_branch(w, "user/refs", "feature/old", &o));
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "/branch/feature%2Fold$"), 1);
    CHECK_INT(hfhub_create_branch(w, "user/refs", "dev", NULL), HFHUB_ERR_CONFLICT);
    o.exist_ok = 1;
    CHECK_OK(hfhub_create_branch(w, "user/refs", "dev", &o));
    CHECK_OK(hfhub_create_branch(rd, "user/refs", "dev", &o)); /* 403, but listed */
    CHECK_INT(hfhub_create_branch(rd, "user/refs", "other", &o), HFHUB_ERR_FORBIDDEN);
    CHECK_INT(hfhub_create_branch(w, "user/refs", "", NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_OK(hfhub_list_repo_branches(w, "user/refs", NULL, &refs, &n));
    CHECK(has_ref(refs, n, "dev", second));
    CHECK(has_ref(refs, n, "feature/old", first));
    CHECK(has_ref(refs, n, "main", second));
    hfhub_free(w, refs);
    CHECK_OK(hfhub_delete_branch(w, "user/refs", "feature/old", NULL));
    CHECK_INT(hfhub_delete_branch(w, "user/refs", "feature/old", NULL), HFHUB_ERR_REVISION_NOT_FOUND);
    CHECK_OK(hfhub_list_repo_branches(w, "user/refs", NULL, &refs, &n));
    CHECK(!has_ref(refs, n, "feature/old", NULL));
    hfhub_free(w, refs);
}

static void test_tags(void) {
    hfhub_ref_opts o;
    hfhub_repo_ref *refs = NULL;
    hfhub_json_doc *b;
    size_t n = 0;
    char head[41];
    memset(&o, 0, sizeof o);
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/tagged\", \"files\": {\"a.txt\": \"x\"}}", head));
    o.message = "First release";
    CHECK_OK(hfhub_create_tag(w, "user/tagged", "v1.0", &o));
    b = last_body("POST", "^/api/models/user/tagged/tag/main$");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "tag"), ""), "v1.0");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "message"), ""), "First release");
    hfhub_json_free(b);
    CHECK_INT(hfhub_create_tag(w, "user/tagged", "v1.0", &o), HFHUB_ERR_CONFLICT);
    o.exist_ok = 1;
    CHECK_OK(hfhub_create_tag(w, "user/tagged", "v1.0", &o));
    o.revision = "no-such-rev";
    CHECK_INT(hfhub_create_tag(w, "user/tagged", "v2", &o), HFHUB_ERR_REVISION_NOT_FOUND);
    CHECK_INT(hfhub_create_tag(rd, "user/tagged", "v3", NULL), HFHUB_ERR_FORBIDDEN);
    CHECK_OK(hfhub_list_repo_tags(rd, "user/tagged", NULL, &refs, &n));
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(refs[0].name, "v1.0");
        CHECK_STR(refs[0].ref, "refs/tags/v1.0");
        CHECK_STR(refs[0].target_commit, head);
    }
    hfhub_free(w, refs);
    CHECK_INT(hfhub_list_repo_tags(w, "user/untagged-nope", NULL, &refs, &n), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK(refs == NULL && n == 0);
    CHECK_OK(hfhub_delete_tag(w, "user/tagged", "v1.0", NULL));
    CHECK_INT(hfhub_delete_tag(w, "user/tagged", "v1.0", NULL), HFHUB_ERR_REVISION_NOT_FOUND);
    CHECK_OK(hfhub_list_repo_tags(w, "user/tagged", NULL, &refs, &n));
    CHECK_INT(n, 0);
    hfhub_free(w, refs);
}

static void test_super_squash(void) {
    hfhub_squash_opts o;
    hfhub_json_doc *b, *count = NULL;
    char url[256];
    memset(&o, 0, sizeof o);
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/squash\", \"files\": {\"a.txt\": \"1\"}}", NULL));
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/squash\", \"files\": {\"a.txt\": \"2\"}}", NULL));
    CHECK_OK(hfhub_super_squash_history(w, "user/squash", &o));
    b = last_body("POST", "^/api/models/user/squash/super-squash/main$");
    CHECK_STR(hfhub_json_str(hfhub_json_get(hfhub_json_root(b), "message"), ""), "Super-squash branch 'main' using huggingface_hub");
    hfhub_json_free(b);
    snprintf(url, sizeof url, "%s/api/models/user/squash/commits-count/main", hub.url);
    CHECK_OK(hfhub__client_json(w, "GET", url, NULL, &count));
    CHECK_INT(hfhub_json_int(hfhub_json_get(hfhub_json_root(count), "count"), 0), 1);
    hfhub_json_free(count);
    CHECK_INT(hfhub_super_squash_history(rd, "user/squash", &o), HFHUB_ERR_FORBIDDEN);
}

int main(void) {
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    w = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL);
    rd = t_hub_client(&hub, T_HUB_READ_TOKEN, NULL);
    RUN(test_create_model);
    RUN(test_create_dataset_private);
    RUN(test_create_space);
    RUN(test_create_exists);
    RUN(test_create_conflict_retried);
    RUN(test_create_errors);
    RUN(test_delete);
    RUN(test_move);
    RUN(test_settings);
    RUN(test_branches);
    RUN(test_tags);
    RUN(test_super_squash);
    hfhub_client_free(w);
    hfhub_client_free(rd);
    t_hub_stop(&hub);
    return TEST_END();
}
