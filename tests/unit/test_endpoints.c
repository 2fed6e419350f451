/* test_endpoints.c: Inference Endpoints against tools/localhub (fast timings): the create
 * body, an endpoint waited to running, a chat answered at its URL through the inference
 * client (hfhub_chat_completion_create with the URL as model), paused, auto-resumed,
 * scaled to zero and woken, updated, deleted; failed / updateFailed as typed errors; a wait
 * stuck past its timeout; listing, hardware and the catalog; bad input. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"

static t_hub H;
static hfhub_client *C;
static hfhub_endpoint_opts O;
static char api[200], catalog[200];

static void spec_init(hfhub_endpoint_spec *s) {
    memset(s, 0, sizeof *s);
    s->repository = "openai-community/gpt2";
    s->framework = "pytorch";
    s->accelerator = "cpu";
    s->instance_size = "x2";
    s->instance_type = "intel-icl";
    s->region = "us-east-1";
    s->vendor = "aws";
    s->task = "text-generation";
}

static hfhub_endpoint_wait_opts wait_opts(int timeout_ms) {
    hfhub_endpoint_wait_opts w;
    memset(&w, 0, sizeof w);
    w.where = O;
    w.poll_ms = 10;
    w.max_poll_ms = 40;
    w.timeout_ms = timeout_ms;
    return w;
}

/* A chat through the inference client at the endpoint's URL (Python's endpoint.client:
 * InferenceClient(model=url, token=...)): the call's result, the answer's content. */
static hfhub_result chat(const char *url, char *content, size_t cap) {
    hfhub_inference_config ic;
    hfhub_inference *inf = NULL;
    hfhub_chat_message m[1];
    hfhub_chat_completion *r = NULL;
    hfhub_result res;
    memset(&ic, 0, sizeof ic);
    ic.model = url;
    ic.allow_token_to_any_url = 1;   /* the endpoint is "protected": Python sends the token */
    ic.max_retries = -1;             /* a paused endpoint's 503 is the answer, not retried */
    memset(m, 0, sizeof m);
    m[0].role = "user";
    m[0].content = "hi";
    content[0] = 0;
    res = hfhub_inference_new(C, &ic, &inf);
    if (!res) res = hfhub_chat_completion_create(inf, m, 1, NULL, &r);
    if (!res && r->n_choices) snprintf(content, cap, "%s", r->choices[0].message.content ? r->choices[0].message.content : "");
    if (inf) hfhub_chat_completion_free(inf, r);
    hfhub_inference_free(inf);
    return res;
}

static void test_lifecycle(void) {
    hfhub_endpoint_spec s;
    hfhub_inference_endpoint *e = NULL;
    hfhub_endpoint_wait_opts w = wait_opts(20000);
    hfhub_job_kv env[1];
    char body[2048], content[256];
    spec_init(&s);
    env[0].key = "MAX_INPUT_LENGTH";
    env[0].value = "1024";
    s.env = env;
    s.n_env = 1;
    s.min_replica = HFHUB_ENDPOINT_ZERO;
    s.scale_to_zero_timeout = 15;
    s.scaling_measure = "hardwareUsage";
    s.scaling_threshold = 80;
    CHECK_OK(hfhub_create_inference_endpoint(C, "ep-life", &s, &O, &e));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK_STR(body, "{\"accountId\":null,\"name\":\"ep-life\",\"type\":\"protected\",\"provider\":{\"vendor\":\"aws\","
                    "\"region\":\"us-east-1\"},\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"intel-icl\","
                    "\"instanceSize\":\"x2\",\"scaling\":{\"minReplica\":0,\"maxReplica\":1,\"scaleToZeroTimeout\":15,"
                    "\"measure\":{\"hardwareUsage\":80.0}}},\"model\":{\"repository\":\"openai-community/gpt2\","
                    "\"framework\":\"pytorch\",\"revision\":null,\"task\":\"text-generation\",\"image\":{\"huggingface\":{}},"
                    "\"env\":{\"MAX_INPUT_LENGTH\":\"1024\"}}}");
    CHECK(e && !strcmp(e->state, "pending") && e->url == NULL && !strcmp(e->ns, "user"));
    hfhub_inference_endpoint_free(e);
    t_hub_log_clear(&H);
    CHECK_OK(hfhub_wait_inference_endpoint(C, "ep-life", &w, &e));
    CHECK_INT(t_hub_log_count(&H, "hub", "GET", "/api/whoami-v2$"), 1);   /* once, not per poll */
    CHECK(e && !strcmp(e->state, "running") && e->url);
    if (!e || !e->url) return;
    t_hub_log_clear(&H);
    CHECK_OK(chat(e->url, content, sizeof content));
    CHECK_STR(content, "Hello from ep-life: hi");
    CHECK_INT(t_hub_log_count(&H, "hub", "POST", "/__ep/user/ep-life/v1/chat/completions$"), 1);
    hfhub_inference_endpoint_free(e);
    /* paused: the URL is down; ensure_running resumes and waits */
    CHECK_OK(hfhub_pause_inference_endpoint(C, "ep-life", &O, &e));
    CHECK(e && !strcmp(e->state, "paused"));
    CHECK_INT(chat(e->url, content, sizeof content), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 503);
    hfhub_inference_endpoint_free(e);
    t_hub_log_clear(&H);
    CHECK_OK(hfhub_inference_endpoint_ensure_running(C, "ep-life", &w, &e));
    CHECK(e && !strcmp(e->state, "running"));
    CHECK_INT(t_hub_log_count(&H, "hub", "POST", "/v2/endpoint/user/ep-life/resume$"), 1);
    if (e) CHECK_OK(chat(e->url, content, sizeof content));   /* auto-resumed: answers again */
    CHECK_STR(content, "Hello from ep-life: hi");
    hfhub_inference_endpoint_free(e);
    /* resume while running: an error, unless running_ok */
    CHECK_INT(hfhub_resume_inference_endpoint(C, "ep-life", 0, &O, &e), HFHUB_ERR_BAD_REQUEST);
    CHECK_OK(hfhub_resume_inference_endpoint(C, "ep-life", 1, &O, &e));
    hfhub_inference_endpoint_free(e);
    /* scaled to zero: ensure_running wakes it with a request to its URL */
    CHECK_OK(hfhub_scale_to_zero_inference_endpoint(C, "ep-life", &O, &e));
    CHECK(e && !strcmp(e->state, "scaledToZero"));
    hfhub_inference_endpoint_free(e);
    CHECK_OK(hfhub_inference_endpoint_ensure_running(C, "ep-life", &w, &e));
    CHECK(e && !strcmp(e->state, "running"));
    if (e) CHECK_OK(chat(e->url, content, sizeof content));
    hfhub_inference_endpoint_free(e);
    /* update: only what changes is sent */
    spec_init(&s);
    memset(&s, 0, sizeof s);
    s.instance_size = "x4";
    s.max_replica = 2;
    CHECK_OK(hfhub_update_inference_endpoint(C, "ep-life", &s, &O, &e));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK_STR(body, "{\"compute\":{\"instanceSize\":\"x4\",\"scaling\":{\"maxReplica\":2}}}");
    CHECK(e && !strcmp(e->instance_size, "x4") && !strcmp(e->instance_type, "intel-icl") && e->max_replica == 2);
    hfhub_inference_endpoint_free(e);
    CHECK_OK(hfhub_wait_inference_endpoint(C, "ep-life", &w, NULL));
    CHECK_OK(hfhub_delete_inference_endpoint(C, "ep-life", &O));
    CHECK_INT(hfhub_get_inference_endpoint(C, "ep-life", &O, &e), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK(e == NULL);
}

static void test_failures(void) {
    hfhub_endpoint_spec s;
    hfhub_inference_endpoint *e = NULL;
    hfhub_endpoint_wait_opts w = wait_opts(20000);
    int64_t t0;
    CHECK_OK(t_hub_admin(&H, "POST", "compute",
                         "{\"inject\": {\"ep-bad\": \"failed\", \"ep-stuck\": \"stuck\", \"ep-upd\": \"updateFailed\"}}", NULL));
    spec_init(&s);
    CHECK_OK(hfhub_create_inference_endpoint(C, "ep-bad", &s, &O, &e));
    hfhub_inference_endpoint_free(e);
    CHECK_INT(hfhub_wait_inference_endpoint(C, "ep-bad", &w, &e), HFHUB_ERR_ENDPOINT_FAILED);
    CHECK_STR(hfhub_last_error()->server_code, "failed");
    CHECK(strstr(hfhub_last_error()->message, "failed to deploy") != NULL);
    CHECK(e == NULL);
    /* stuck initializing: the wait gives up at its timeout */
    CHECK_OK(hfhub_create_inference_endpoint(C, "ep-stuck", &s, &O, &e));
    hfhub_inference_endpoint_free(e);
    w.timeout_ms = 300;
    t0 = hfhub__monotonic_ms();
    CHECK_INT(hfhub_wait_inference_endpoint(C, "ep-stuck", &w, &e), HFHUB_ERR_TIMEOUT);
    CHECK(hfhub__monotonic_ms() - t0 < 3000);
    CHECK(strstr(hfhub_last_error()->message, "still") != NULL);
    /* update failure */
    w.timeout_ms = 20000;
    CHECK_OK(hfhub_create_inference_endpoint(C, "ep-upd", &s, &O, &e));
    hfhub_inference_endpoint_free(e);
    CHECK_OK(hfhub_wait_inference_endpoint(C, "ep-upd", &w, NULL));
    memset(&s, 0, sizeof s);
    s.custom_image_url = "ghcr.io/huggingface/text-generation-inference:1.1.0";
    CHECK_OK(hfhub_update_inference_endpoint(C, "ep-upd", &s, &O, &e));
    hfhub_inference_endpoint_free(e);
    CHECK_INT(hfhub_wait_inference_endpoint(C, "ep-upd", &w, &e), HFHUB_ERR_ENDPOINT_FAILED);
    CHECK_STR(hfhub_last_error()->server_code, "updateFailed");
    /* bad input */
    spec_init(&s);
    CHECK_INT(hfhub_create_inference_endpoint(C, "Bad_Name", &s, &O, &e), HFHUB_ERR_BAD_REQUEST);
    CHECK_INT(hfhub_create_inference_endpoint(C, "ep-bad", &s, &O, &e), HFHUB_ERR_CONFLICT);
    s.instance_type = "quantum-9000";
    CHECK_INT(hfhub_create_inference_endpoint(C, "ep-q", &s, &O, &e), HFHUB_ERR_BAD_REQUEST);
    s.instance_type = NULL;
    CHECK_INT(hfhub_create_inference_endpoint(C, "ep-q", &s, &O, &e), HFHUB_ERR_INVALID_ARG);
    spec_init(&s);
    s.image_json = "[1]";
    CHECK_INT(hfhub_create_inference_endpoint(C, "ep-q", &s, &O, &e), HFHUB_ERR_INVALID_ARG);
    s.image_json = NULL;
    s.scaling_measure = "vibes";
    CHECK_INT(hfhub_create_inference_endpoint(C, "ep-q", &s, &O, &e), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_get_inference_endpoint(C, "", &O, &e), HFHUB_ERR_INVALID_ARG);
    CHECK(e == NULL);
}

static void test_list_hardware_catalog(void) {
    hfhub_endpoint_spec s;
    hfhub_inference_endpoint *e = NULL, *all = NULL;
    hfhub_json_doc *hw = NULL;
    char **models = NULL;
    char body[1024];
    size_t n = 0, i;
    int found = 0;
    spec_init(&s);
    s.image_json = "{\"url\": \"vllm/vllm-openai:v0.23.0\", \"port\": 8000}";
    CHECK_OK(hfhub_create_inference_endpoint(C, "ep-list", &s, &O, &e));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK(strstr(body, "\"image\":{\"custom\":{\"url\":\"vllm/vllm-openai:v0.23.0\",\"port\":8000}}") != NULL);
    hfhub_inference_endpoint_free(e);
    CHECK_OK(hfhub_list_inference_endpoints(C, &O, &all, &n));
    for (i = 0; i < n; i++)
        if (!strcmp(all[i].name, "ep-list")) found = !strcmp(all[i].ns, "user") && !strcmp(all[i].repository, "openai-community/gpt2");
    CHECK(found);
    hfhub_inference_endpoint_free(all);
    {
        hfhub_endpoint_opts star = O;
        star.ns = "*";
        CHECK_OK(hfhub_list_inference_endpoints(C, &star, &all, &n));
        CHECK(n >= 1);
        hfhub_inference_endpoint_free(all);
    }
    CHECK_OK(hfhub_list_inference_endpoint_hardware(C, &O, &hw));
    CHECK_STR(hfhub_json_str(hfhub_json_path(hfhub_json_root(hw), "vendors.0.name"), ""), "aws");
    hfhub_json_free(hw);
    CHECK_OK(hfhub_list_inference_catalog(C, &O, &models, &n));
    CHECK(n >= 1 && models && !strcmp(models[0], "openai-community/gpt2"));
    hfhub_free(C, models);
    CHECK_OK(hfhub_create_inference_endpoint_from_catalog(C, "openai-community/gpt2", "cat-one", NULL, &O, &e));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK_STR(body, "{\"namespace\":\"user\",\"repoId\":\"openai-community/gpt2\",\"endpointName\":\"cat-one\"}");
    CHECK(e && !strcmp(e->name, "cat-one"));
    hfhub_inference_endpoint_free(e);
    CHECK_INT(hfhub_create_inference_endpoint_from_catalog(C, "not/listed", NULL, NULL, &O, &e), HFHUB_ERR_BAD_REQUEST);
}

int main(void) {
    if (t_hub_start(&H) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_hub_stop(&H);
        return 1;
    }
    CHECK_OK(t_hub_admin(&H, "POST", "compute",
                         "{\"timings\": {\"endpoint_pending_s\": 0.05, \"endpoint_init_s\": 0.1}}", NULL));
    C = t_hub_client(&H, T_HUB_WRITE_TOKEN, NULL);
    snprintf(api, sizeof api, "%s/v2", H.url);
    snprintf(catalog, sizeof catalog, "%s/api/catalog", H.url);
    memset(&O, 0, sizeof O);
    O.api_base = api;
    O.catalog_base = catalog;
    RUN(test_lifecycle);
    RUN(test_failures);
    RUN(test_list_hardware_catalog);
    hfhub_client_free(C);
    t_hub_stop(&H);
    return TEST_END();
}
