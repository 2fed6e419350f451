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
    hfhub_client_free(w);
    hfhub_client_free(rd);
    t_hub_stop(&hub);
    return TEST_END();
}
