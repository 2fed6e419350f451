/* test_inference_e2e.c: the inference client against localhub's router: request shapes from
 * the router's request log (URL, headers, body), streamed == non-streamed answers, tool calls
 * accumulated, provider auto-selection with fallback, errors (401, 422, 500, in-band, HTML,
 * bad JSON, truncated), retries (429 Retry-After, 503), timeout, cancel, and the tasks. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "localhub.h"

static t_hub hub;
static char router[128];
static hfhub_client *cl;

static hfhub_inference *mk(const char *model, const char *provider, int retries) {
    hfhub_inference_config ic;
    hfhub_inference *inf = NULL;
    memset(&ic, 0, sizeof ic);
    ic.model = model;
    ic.provider = provider;
    ic.router_url = router;
    ic.max_retries = retries;
    ic.poll_interval_ms = 20;
    CHECK_OK(hfhub_inference_new(cl, &ic, &inf));
    return inf;
}

/* The last request the router logged. */
static hfhub_json_doc *last_request(const hfhub_json_value **out) {
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *root;
    *out = NULL;
    if (t_hub_admin(&hub, "GET", "inference/requests", NULL, &doc)) return NULL;
    root = hfhub_json_root(doc);
    *out = hfhub_json_at(root, hfhub_json_len(root) - 1);
    return doc;
}

static int requests_count(void) {
    hfhub_json_doc *doc = NULL;
    int n = -1;
    if (!t_hub_admin(&hub, "GET", "inference/requests", NULL, &doc)) n = (int)hfhub_json_len(hfhub_json_root(doc));
    hfhub_json_free(doc);
    return n;
}

static const char *req_path(const hfhub_json_value *r, size_t i) {
    return hfhub_json_str(hfhub_json_get(hfhub_json_at(r, i), "path"), "");
}

static void user_msg(hfhub_chat_message *m, const char *text) {
    memset(m, 0, sizeof *m);
    m->role = "user";
    m->content = text;
}

typedef struct acc {
    hfhub__buf text;
    int deltas, tool_frags, usage, cancel_at;
} acc;

static int on_delta(void *u, const hfhub_chat_delta *d) {
    acc *a = (acc *)u;
    a->deltas++;
    if (d->content) hfhub__buf_append(&a->text, d->content, d->content_len);
    a->tool_frags += (int)d->n_tool_calls;
    if (d->usage) a->usage++;
    return a->cancel_at && a->deltas >= a->cancel_at;
}

static void test_chat_echo(void) {
    hfhub_inference *inf = mk("hfhub-test/echo", NULL, -1);
    hfhub_chat_message m[2];
    hfhub_chat_opts o;
    hfhub_chat_completion *r = NULL, *s = NULL;
    const hfhub_json_value *lr;
    hfhub_json_doc *doc;
    double temp = 0.5;
    const char *stop[1] = {"END"};
    acc a;
    memset(&m[0], 0, sizeof m[0]);
    m[0].role = "system";
    m[0].content = "You are terse.";
    user_msg(&m[1], "Hello there world");
    memset(&o, 0, sizeof o);
    o.temperature = &temp;
    o.max_tokens = 20;
    o.stop = stop;
    o.n_stop = 1;
    o.extra_body = "{\"reasoning_effort\":\"low\",\"custom\":{\"a\":1}}";
    CHECK_OK(hfhub_chat_completion_create(inf, m, 2, &o, &r));
    CHECK(r && r->n_choices == 1);
    if (!r || r->n_choices != 1) return;
    CHECK_STR(r->choices[0].message.content, "Echo: Hello there world");
    CHECK_STR(r->choices[0].finish_reason, "stop");
    CHECK_INT(r->usage.total_tokens, r->usage.prompt_tokens + r->usage.completion_tokens);
    CHECK_STR(r->provider, "auto");
    CHECK(r->request_id[0] != 0);
    CHECK(hfhub_json_get(r->raw, "system_fingerprint") != NULL);
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_get(lr, "path"), ""), "/v1/chat/completions");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "headers.authorization"), ""), "Bearer " T_HUB_WRITE_TOKEN);
    CHECK_STR(hfhub_json_key_at(hfhub_json_get(lr, "body"), 0, NULL), "model"); /* model first */
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.model"), ""), "hfhub-test/echo");
    CHECK(hfhub_json_double(hfhub_json_path(lr, "body.temperature"), 0) == 0.5);
    CHECK_INT(hfhub_json_int(hfhub_json_path(lr, "body.max_tokens"), 0), 20);
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.stop.0"), ""), "END");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.reasoning_effort"), ""), "low");
    CHECK_INT(hfhub_json_int(hfhub_json_path(lr, "body.custom.a"), 0), 1);
    CHECK(hfhub_json_bool(hfhub_json_path(lr, "body.stream"), 1) == 0);
    hfhub_json_free(doc);
    /* streamed: same answer, usage when asked */
    memset(&a, 0, sizeof a);
    hfhub__buf_init(&a.text, NULL);
    o.include_usage = 1;
    CHECK_OK(hfhub_chat_completion_stream(inf, m, 2, &o, on_delta, &a, &s));
    CHECK_STR(a.text.data, r->choices[0].message.content);
    CHECK(s && s->n_choices == 1 && !strcmp(s->choices[0].message.content, r->choices[0].message.content));
    CHECK(s && s->has_usage && s->usage.total_tokens == r->usage.total_tokens);
    CHECK_INT(a.usage, 1);
    CHECK(a.deltas > 3);
    doc = last_request(&lr);
    CHECK(hfhub_json_bool(hfhub_json_path(lr, "body.stream"), 0) == 1);
    CHECK(hfhub_json_bool(hfhub_json_path(lr, "body.stream_options.include_usage"), 0) == 1);
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "headers.accept"), ""), "text/event-stream");
    hfhub_json_free(doc);
    hfhub_chat_completion_free(inf, s);
    hfhub_chat_completion_free(inf, r);
    hfhub__buf_free(&a.text);
    hfhub_inference_free(inf);
}

static void test_chat_tools_roundtrip(void) {
    hfhub_inference *inf = mk("hfhub-test/tools-parallel", NULL, -1);
    hfhub_chat_message m[4];
    hfhub_chat_tool tool[1];
    hfhub_chat_opts o;
    hfhub_chat_completion *r = NULL, *s = NULL, *fin = NULL;
    acc a;
    size_t i;
    user_msg(&m[0], "What is the weather in Lyon?");
    tool[0].name = "get_weather";
    tool[0].description = "Current weather";
    tool[0].parameters = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
    memset(&o, 0, sizeof o);
    o.tools = tool;
    o.n_tools = 1;
    o.tool_choice = "auto";
    CHECK_OK(hfhub_chat_completion_create(inf, m, 1, &o, &r));
    memset(&a, 0, sizeof a);
    hfhub__buf_init(&a.text, NULL);
    CHECK_OK(hfhub_chat_completion_stream(inf, m, 1, &o, on_delta, &a, &s));
    CHECK(r && s && r->choices[0].message.n_tool_calls == 2 && s->choices[0].message.n_tool_calls == 2);
    if (!r || !s || s->choices[0].message.n_tool_calls != 2 || r->choices[0].message.n_tool_calls != 2) return;
    for (i = 0; i < 2; i++) {
        CHECK_STR(s->choices[0].message.tool_calls[i].id, r->choices[0].message.tool_calls[i].id);
        CHECK_STR(s->choices[0].message.tool_calls[i].name, r->choices[0].message.tool_calls[i].name);
        CHECK_STR(s->choices[0].message.tool_calls[i].arguments, r->choices[0].message.tool_calls[i].arguments);
    }
    CHECK_STR(r->choices[0].message.tool_calls[0].arguments, "{\"city\": \"Lyon\"}");
    CHECK_STR(s->choices[0].finish_reason, "tool_calls");
    CHECK(a.tool_frags >= 4);
    /* answer the calls and get the final text */
    memset(&m[1], 0, sizeof m[1]);
    m[1].role = "assistant";
    m[1].tool_calls = s->choices[0].message.tool_calls;
    m[1].n_tool_calls = s->choices[0].message.n_tool_calls;
    memset(&m[2], 0, sizeof m[2]);
    m[2].role = "tool";
    m[2].tool_call_id = "call_1";
    m[2].name = "get_weather";
    m[2].content = "18C, cloudy";
    memset(&m[3], 0, sizeof m[3]);
    m[3].role = "tool";
    m[3].tool_call_id = "call_2";
    m[3].content = "noon";
    CHECK_OK(hfhub_chat_completion_create(inf, m, 4, &o, &fin));
    CHECK(fin && !strcmp(fin->choices[0].message.content, "The weather is: noon"));
    {
        const hfhub_json_value *lr;
        hfhub_json_doc *doc = last_request(&lr);
        CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.messages.1.tool_calls.0.function.arguments"), ""), "{\"city\": \"Lyon\"}");
        CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.messages.2.tool_call_id"), ""), "call_1");
        CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.tools.0.function.parameters.required.0"), ""), "city");
        CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.tool_choice"), ""), "auto");
        hfhub_json_free(doc);
    }
    hfhub_chat_completion_free(inf, fin);
    hfhub_chat_completion_free(inf, s);
    hfhub_chat_completion_free(inf, r);
    hfhub__buf_free(&a.text);
    hfhub_inference_free(inf);
}

static void test_chat_provider_and_multimodal(void) {
    hfhub_inference *inf;
    hfhub_chat_message m;
    hfhub_chat_part parts[2];
    hfhub_chat_opts o;
    hfhub_chat_completion *r = NULL;
    const hfhub_json_value *lr;
    hfhub_json_doc *doc;
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/echo\",\"mapping\":{\"together\":{\"status\":\"live\",\"providerId\":"
                         "\"together/echo-turbo\",\"task\":\"conversational\"}}}", NULL));
    inf = mk("hfhub-test/echo", "together", -1);
    memset(&m, 0, sizeof m);
    m.role = "user";
    parts[0].type = "text";
    parts[0].text = "Describe";
    parts[0].image_url = NULL;
    parts[1].type = "image_url";
    parts[1].text = NULL;
    parts[1].image_url = "data:image/png;base64,iVBORw0KGgo=";
    m.parts = parts;
    m.n_parts = 2;
    memset(&o, 0, sizeof o);
    o.response_format = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"},\"strict\":true}}";
    CHECK_OK(hfhub_chat_completion_create(inf, &m, 1, &o, &r));
    CHECK(r && !strcmp(r->choices[0].message.content, "Echo: Describe"));
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_get(lr, "path"), ""), "/together/v1/chat/completions");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.model"), ""), "together/echo-turbo");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.messages.0.content.1.image_url.url"), ""), parts[1].image_url);
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.response_format.type"), ""), "json_schema"); /* together: flattened */
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.response_format.schema.type"), ""), "object");
    hfhub_json_free(doc);
    hfhub_chat_completion_free(inf, r);
    hfhub_inference_free(inf);
    /* hf-inference: TGI's json_object + value */
    inf = mk("hfhub-test/echo", "hf-inference", -1);
    CHECK_OK(hfhub_chat_completion_create(inf, &m, 1, &o, &r));
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_get(lr, "path"), ""), "/hf-inference/models/hfhub-test/echo/v1/chat/completions");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.response_format.type"), ""), "json_object");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.response_format.value.type"), ""), "object");
    hfhub_json_free(doc);
    hfhub_chat_completion_free(inf, r);
    hfhub_inference_free(inf);
}

static void test_chat_stream_variants(void) {
    static const char *const models[] = {"hfhub-test/echo-crlf", "hfhub-test/reason"};
    hfhub_chat_message m;
    size_t i;
    user_msg(&m, "one two three");
    for (i = 0; i < 2; i++) {
        hfhub_inference *inf = mk(models[i], NULL, -1);
        hfhub_chat_completion *r = NULL, *s = NULL;
        acc a;
        memset(&a, 0, sizeof a);
        hfhub__buf_init(&a.text, NULL);
        CHECK_OK(hfhub_chat_completion_create(inf, &m, 1, NULL, &r));
        CHECK_OK(hfhub_chat_completion_stream(inf, &m, 1, NULL, on_delta, &a, &s));
        CHECK(r && s && !strcmp(r->choices[0].message.content, s->choices[0].message.content));
        if (i == 1) CHECK(r && s && s->choices[0].message.reasoning && !strcmp(r->choices[0].message.reasoning, s->choices[0].message.reasoning));
        hfhub_chat_completion_free(inf, r);
        hfhub_chat_completion_free(inf, s);
        hfhub__buf_free(&a.text);
        hfhub_inference_free(inf);
    }
}

static void test_chat_errors(void) {
    hfhub_chat_message m;
    hfhub_chat_completion *s = NULL;
    hfhub_inference *inf;
    acc a;
    user_msg(&m, "alpha beta gamma delta");
    /* in-band error after deltas: partial output delivered and kept */
    inf = mk("hfhub-test/echo-instream-error", NULL, -1);
    memset(&a, 0, sizeof a);
    hfhub__buf_init(&a.text, NULL);
    CHECK_INT(hfhub_chat_completion_stream(inf, &m, 1, NULL, on_delta, &a, &s), HFHUB_ERR_HTTP);
    CHECK(strstr(hfhub_last_error()->message, "CUDA out of memory") != NULL);
    CHECK(a.text.len > 0);
    CHECK(s && s->choices && s->choices[0].message.content && !strcmp(s->choices[0].message.content, a.text.data));
    hfhub_chat_completion_free(inf, s);
    hfhub__buf_free(&a.text);
    hfhub_inference_free(inf);
    /* invalid JSON delta, truncated stream, HTML answer */
    {
        static const char *const bad[] = {"hfhub-test/echo-badjson", "hfhub-test/echo-truncated", "hfhub-test/echo-html"};
        size_t i;
        for (i = 0; i < 3; i++) {
            inf = mk(bad[i], NULL, -1);
            memset(&a, 0, sizeof a);
            hfhub__buf_init(&a.text, NULL);
            CHECK_INT(hfhub_chat_completion_stream(inf, &m, 1, NULL, on_delta, &a, NULL), HFHUB_ERR_PARSE);
            if (i < 2) CHECK(a.deltas >= 1);
            hfhub__buf_free(&a.text);
            if (i == 2) {
                hfhub_chat_completion *r = NULL;
                CHECK_INT(hfhub_chat_completion_create(inf, &m, 1, NULL, &r), HFHUB_ERR_PARSE);
                CHECK(strstr(hfhub_last_error()->message, "text/html") != NULL);
            }
            hfhub_inference_free(inf);
        }
    }
    /* 422 validation, 500 with the request id, 401 */
    {
        hfhub_chat_completion *r = NULL;
        inf = mk("hfhub-test/echo-validation", NULL, -1);
        CHECK_INT(hfhub_chat_completion_create(inf, &m, 1, NULL, &r), HFHUB_ERR_BAD_REQUEST);
        CHECK(strstr(hfhub_last_error()->message, "must be <= 4096") != NULL);
        CHECK_INT(hfhub_last_error()->http_status, 422);
        CHECK_INT(hfhub_chat_completion_stream(inf, &m, 1, NULL, on_delta, &a, NULL), HFHUB_ERR_BAD_REQUEST);
        hfhub_inference_free(inf);
        inf = mk("hfhub-test/echo-fail500", NULL, -1);
        CHECK_INT(hfhub_chat_completion_create(inf, &m, 1, NULL, &r), HFHUB_ERR_HTTP);
        CHECK_INT(hfhub_last_error()->http_status, 500);
        CHECK(strstr(hfhub_last_error()->request_id, "localhub") != NULL);
        CHECK(strstr(hfhub_last_error()->message, "Internal failure") != NULL);
        hfhub_inference_free(inf);
    }
    {
        hfhub_config cfg;
        hfhub_client *bad = NULL;
        hfhub_inference_config ic;
        hfhub_chat_completion *r = NULL;
        memset(&cfg, 0, sizeof cfg);
        cfg.endpoint = hub.url;
        cfg.token = "hf_wrong";
        cfg.proxy = "";
        CHECK_OK(hfhub_client_new(&cfg, &bad));
        memset(&ic, 0, sizeof ic);
        ic.model = "hfhub-test/echo";
        ic.router_url = router;
        ic.max_retries = -1;
        CHECK_OK(hfhub_inference_new(bad, &ic, &inf));
        CHECK_INT(hfhub_chat_completion_create(inf, &m, 1, NULL, &r), HFHUB_ERR_UNAUTHORIZED);
        CHECK(strstr(hfhub_last_error()->message, "Invalid credentials") != NULL);
        hfhub_inference_free(inf);
        hfhub_client_free(bad);
    }
}

static void test_chat_retry_timeout_cancel(void) {
    hfhub_chat_message m;
    hfhub_chat_completion *r = NULL;
    hfhub_inference *inf;
    hfhub_inference_config ic;
    acc a;
    int before;
    user_msg(&m, "x y z");
    /* 429 with Retry-After, then fine */
    CHECK_OK(t_hub_fault(&hub, "{\"kind\":\"status\",\"status\":429,\"retry_after\":\"0\",\"server\":\"router\","
                               "\"pattern\":\"^/v1/chat\"}"));
    inf = mk("hfhub-test/echo", NULL, 2);
    t_hub_log_clear(&hub);
    before = requests_count();
    CHECK_OK(hfhub_chat_completion_create(inf, &m, 1, NULL, &r));
    hfhub_chat_completion_free(inf, r);
    CHECK_INT(requests_count() - before, 1); /* the faulted one never reached the route */
    CHECK_INT(t_hub_log_count(&hub, "router", "POST", "^/v1/chat/completions$"), 2);
    /* 503 from the model, retried */
    hfhub_inference_free(inf);
    inf = mk("hfhub-test/echo-overloaded", NULL, 2);
    CHECK_OK(hfhub_chat_completion_create(inf, &m, 1, NULL, &r));
    hfhub_chat_completion_free(inf, r);
    hfhub_inference_free(inf);
    /* without retries the 503 is the answer */
    inf = mk("hfhub-test/echo-overloaded2", NULL, -1);
    CHECK_INT(hfhub_chat_completion_create(inf, &m, 1, NULL, &r), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 503);
    hfhub_inference_free(inf);
    /* timeout */
    memset(&ic, 0, sizeof ic);
    ic.model = "hfhub-test/echo-slow";
    ic.router_url = router;
    ic.timeout_ms = 400;
    ic.max_retries = -1;
    CHECK_OK(hfhub_inference_new(cl, &ic, &inf));
    CHECK_INT(hfhub_chat_completion_create(inf, &m, 1, NULL, &r), HFHUB_ERR_TIMEOUT);
    hfhub_inference_free(inf);
    /* cancel from the callback */
    inf = mk("hfhub-test/echo", NULL, -1);
    memset(&a, 0, sizeof a);
    hfhub__buf_init(&a.text, NULL);
    a.cancel_at = 2;
    CHECK_INT(hfhub_chat_completion_stream(inf, &m, 1, NULL, on_delta, &a, NULL), HFHUB_ERR_CANCELLED);
    CHECK_INT(a.deltas, 2);
    hfhub__buf_free(&a.text);
    hfhub_inference_free(inf);
}

static void test_auto_selection_fallback(void) {
    hfhub_inference *inf;
    hfhub_embeddings *e = NULL;
    const hfhub_provider_mapping *mp;
    size_t n;
    const char *texts[2] = {"hello", "world"};
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *all;
    size_t total;
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/embed-fb\",\"mapping\":{"
                         "\"brand-new-provider\":{\"status\":\"live\",\"providerId\":\"x\",\"task\":\"feature-extraction\"},"
                         "\"together\":{\"status\":\"error\",\"providerId\":\"tg/embed\",\"task\":\"feature-extraction\"},"
                         "\"groq\":{\"status\":\"live\",\"providerId\":\"g\",\"task\":\"conversational\"},"
                         "\"scaleway\":{\"status\":\"live\",\"providerId\":\"hfhub-test/embed-fail500\",\"task\":\"feature-extraction\"},"
                         "\"hf-inference\":{\"status\":\"live\",\"providerId\":\"hfhub-test/embed-fb\",\"task\":\"feature-extraction\"}}}",
                         NULL));
    inf = mk("hfhub-test/embed-fb", "auto", -1);
    CHECK_OK(hfhub_inference_provider_mapping(inf, NULL, &mp, &n));
    CHECK_INT(n, 5);
    if (n == 5) {
        CHECK_STR(mp[0].provider, "brand-new-provider");
        CHECK_STR(mp[1].status, "error");
        CHECK_STR(mp[3].provider_id, "hfhub-test/embed-fail500");
    }
    CHECK_OK(t_hub_admin(&hub, "DELETE", "inference/requests", NULL, NULL));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_feature_extraction(inf, texts, 2, NULL, &e));
    CHECK(e && e->rows == 2 && e->dim == 8);
    CHECK_OK(t_hub_admin(&hub, "GET", "inference/requests", NULL, &doc));
    all = hfhub_json_root(doc);
    total = hfhub_json_len(all);
    CHECK_INT(total, 2); /* scaleway (500) then hf-inference; unknown and non-live skipped */
    CHECK_STR(req_path(all, 0), "/scaleway/v1/embeddings");
    CHECK_STR(req_path(all, 1), "/hf-inference/models/hfhub-test/embed-fb/pipeline/feature-extraction");
    CHECK_STR(hfhub_json_str(hfhub_json_path(hfhub_json_at(all, 0), "body.model"), ""), "hfhub-test/embed-fail500");
    CHECK_STR(hfhub_json_str(hfhub_json_path(hfhub_json_at(all, 1), "body.inputs.1"), ""), "world");
    hfhub_json_free(doc);
    /* the mapping was fetched once for both calls */
    hfhub_free(cl, e);
    CHECK_OK(hfhub_feature_extraction(inf, texts, 1, NULL, &e));
    CHECK(e && e->rows == 1);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "^/api/models/hfhub-test/embed-fb$"), 0); /* before the clear */
    hfhub_free(cl, e);
    hfhub_inference_free(inf);
}

static void test_embeddings_providers(void) {
    hfhub_inference *a, *b;
    hfhub_embeddings *e1 = NULL, *e2 = NULL;
    const char *t[1] = {"same text"};
    hfhub_inference_opts o;
    const hfhub_json_value *lr;
    hfhub_json_doc *doc;
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/embed\",\"mapping\":{\"together\":{\"status\":\"live\",\"providerId\":"
                         "\"tg/embed\",\"task\":\"feature-extraction\"}}}", NULL));
    a = mk("hfhub-test/embed", "hf-inference", -1);
    b = mk("hfhub-test/embed", "together", -1);
    memset(&o, 0, sizeof o);
    o.parameters = "{\"normalize\":true}";
    CHECK_OK(hfhub_feature_extraction(a, t, 1, &o, &e1));
    doc = last_request(&lr);
    CHECK(hfhub_json_bool(hfhub_json_path(lr, "body.normalize"), 0) == 1); /* at the root */
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.inputs"), ""), "same text");
    hfhub_json_free(doc);
    CHECK_OK(hfhub_feature_extraction(b, t, 1, NULL, &e2));
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.input"), ""), "same text");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.model"), ""), "tg/embed");
    hfhub_json_free(doc);
    CHECK(e1 && e2 && e1->dim == e2->dim && !memcmp(e1->data, e2->data, e1->dim * sizeof(float)));
    hfhub_free(cl, e1);
    hfhub_free(cl, e2);
    hfhub_inference_free(a);
    hfhub_inference_free(b);
}

static int is_png(const hfhub_inference_result *r) { return r && r->body_len > 8 && !memcmp(r->body, "\x89PNG\r\n\x1a\n", 8); }

static void test_images(void) {
    hfhub_inference *inf;
    hfhub_inference_result *r = NULL;
    hfhub_inference_opts o;
    const hfhub_json_value *lr;
    hfhub_json_doc *doc;
    static const char *const providers[] = {"hf-inference", "together", "fal-ai", "replicate", "nscale"};
    size_t i;
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/image\",\"mapping\":{"
                         "\"together\":{\"status\":\"live\",\"providerId\":\"tg/image\",\"task\":\"text-to-image\"},"
                         "\"fal-ai\":{\"status\":\"live\",\"providerId\":\"fal-ai/image-dev\",\"task\":\"text-to-image\"},"
                         "\"nscale\":{\"status\":\"live\",\"providerId\":\"ns/image\",\"task\":\"text-to-image\"},"
                         "\"replicate\":{\"status\":\"live\",\"providerId\":\"owner/image\",\"task\":\"text-to-image\"}}}", NULL));
    memset(&o, 0, sizeof o);
    o.parameters = "{\"width\":16,\"height\":8,\"num_inference_steps\":4}";
    for (i = 0; i < sizeof providers / sizeof providers[0]; i++) {
        inf = mk("hfhub-test/image", providers[i], -1);
        CHECK_OK(hfhub_text_to_image(inf, "a red cat", &o, &r));
        CHECK(is_png(r));
        if (is_png(r)) CHECK_INT(((const unsigned char *)r->body)[19], 16); /* IHDR width */
        CHECK_STR(r ? r->provider : "", providers[i]);
        hfhub_inference_result_free(inf, r);
        r = NULL;
        hfhub_inference_free(inf);
    }
    doc = last_request(&lr); /* nscale */
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.size"), ""), "16x8");
    CHECK(hfhub_json_get(hfhub_json_get(lr, "body"), "num_inference_steps") == NULL);
    hfhub_json_free(doc);
    /* image-to-image through fal-ai's queue (polled) */
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/image2\",\"mapping\":{"
                         "\"fal-ai\":{\"status\":\"live\",\"providerId\":\"fal-ai/image-edit\",\"task\":\"image-to-image\"}}}", NULL));
    inf = mk("hfhub-test/image2", "fal-ai", -1);
    {
        hfhub_blob img;
        img.data = "\x89PNG\r\n\x1a\nxx";
        img.len = 10;
        img.content_type = "image/png";
        CHECK_OK(hfhub_image_to_image(inf, &img, "make it blue", NULL, &r));
        CHECK(is_png(r));
        hfhub_inference_result_free(inf, r);
        r = NULL;
        CHECK(t_hub_log_count(&hub, "router", "GET", "^/fal-ai/fal-ai/image-edit/requests/[^/]+/status[?]_subdomain=queue$") >= 2);
    }
    hfhub_inference_free(inf);
}

static int cancel_now(void *u) {
    (void)u;
    return 1;
}

static void test_polling_providers(void) {
    hfhub_inference *inf;
    hfhub_inference_result *r = NULL;
    hfhub_inference_opts o;
    hfhub_inference_config ic;
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/video\",\"mapping\":{"
                         "\"together\":{\"status\":\"live\",\"providerId\":\"tg/video\",\"task\":\"text-to-video\"}}}", NULL));
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/image-queued\",\"mapping\":{"
                         "\"replicate\":{\"status\":\"live\",\"providerId\":\"owner/image-queued\",\"task\":\"text-to-image\"}}}", NULL));
    /* together videos: submit, poll /v2/videos/{id}, fetch outputs.video_url */
    inf = mk("hfhub-test/video", "together", -1);
    CHECK_OK(hfhub_text_to_video(inf, "a dog running", NULL, &r));
    CHECK(r && r->body_len == 3);
    CHECK_STR(r ? r->content_type : "", "video/mp4");
    hfhub_inference_result_free(inf, r);
    r = NULL;
    CHECK(t_hub_log_count(&hub, "router", "GET", "^/together/v2/videos/vid[0-9]+$") >= 2);
    /* cancelled while polling */
    memset(&o, 0, sizeof o);
    o.cancel = cancel_now;
    CHECK_INT(hfhub_text_to_video(inf, "a dog running", &o, &r), HFHUB_ERR_CANCELLED);
    hfhub_inference_free(inf);
    /* replicate: a prediction still starting is polled until it succeeds */
    inf = mk("hfhub-test/image-queued", "replicate", -1);
    CHECK_OK(hfhub_text_to_image(inf, "a cat", NULL, &r));
    CHECK(is_png(r));
    hfhub_inference_result_free(inf, r);
    r = NULL;
    CHECK(t_hub_log_count(&hub, "router", "GET", "^/replicate/v1/predictions/pred[0-9]+$") >= 2);
    hfhub_inference_free(inf);
    /* the poll timeout */
    memset(&ic, 0, sizeof ic);
    ic.model = "hfhub-test/video";
    ic.provider = "together";
    ic.router_url = router;
    ic.max_retries = -1;
    ic.poll_interval_ms = 50;
    ic.poll_timeout_ms = 1;
    CHECK_OK(hfhub_inference_new(cl, &ic, &inf));
    CHECK_INT(hfhub_text_to_video(inf, "a dog running", NULL, &r), HFHUB_ERR_TIMEOUT);
    hfhub_inference_free(inf);
}

static void test_text_generation(void) {
    hfhub_inference *inf = mk("hfhub-test/gen", "hf-inference", -1);
    hfhub_inference_result *r = NULL, *s = NULL;
    hfhub_inference_opts o;
    const hfhub_json_value *lr;
    hfhub_json_doc *doc;
    hfhub__buf toks;
    memset(&o, 0, sizeof o);
    o.parameters = "{\"max_new_tokens\":20,\"details\":true}";
    CHECK_OK(hfhub_text_generation(inf, "The answer is", &o, &r));
    CHECK(r && hfhub_json_str(hfhub_json_get(r->json, "generated_text"), NULL));
    CHECK_STR(hfhub_json_str(hfhub_json_path(r->json, "details.finish_reason"), ""), "length");
    doc = last_request(&lr);
    CHECK_INT(hfhub_json_int(hfhub_json_path(lr, "body.parameters.max_new_tokens"), 0), 20);
    hfhub_json_free(doc);
    hfhub__buf_init(&toks, NULL);
    CHECK_OK(hfhub_text_generation_stream(inf, "The answer is", NULL, NULL, NULL, &s));
    CHECK(s && !strcmp(hfhub_json_str(hfhub_json_get(s->json, "generated_text"), "?"),
                       hfhub_json_str(hfhub_json_get(r->json, "generated_text"), "!")));
    doc = last_request(&lr);
    CHECK(hfhub_json_bool(hfhub_json_path(lr, "body.stream"), 0) == 1);
    hfhub_json_free(doc);
    hfhub__buf_free(&toks);
    hfhub_inference_result_free(inf, s);
    hfhub_inference_free(inf);
    /* OpenAI completions shape (together) */
    CHECK_OK(t_hub_admin(&hub, "POST", "inference/mapping",
                         "{\"model\":\"hfhub-test/gen\",\"mapping\":{\"together\":{\"status\":\"live\",\"providerId\":"
                         "\"tg/gen\",\"task\":\"text-generation\"}}}", NULL));
    inf = mk("hfhub-test/gen", "together", -1);
    CHECK_OK(hfhub_text_generation(inf, "The answer is", NULL, &s));
    CHECK(s && !strcmp(hfhub_json_str(hfhub_json_get(s->json, "generated_text"), "?"),
                       hfhub_json_str(hfhub_json_get(r->json, "generated_text"), "!")));
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_get(lr, "path"), ""), "/together/v1/completions");
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.prompt"), ""), "The answer is");
    hfhub_json_free(doc);
    hfhub_inference_result_free(inf, s);
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
}

static void test_audio_and_vision(void) {
    hfhub_inference *inf;
    hfhub_inference_result *r = NULL;
    hfhub_inference_opts o;
    hfhub_blob audio, img;
    const hfhub_json_value *lr;
    hfhub_json_doc *doc;
    const char *labels[2] = {"cat", "dog"};
    audio.data = "RIFF....WAVE";
    audio.len = 12;
    audio.content_type = "audio/wav";
    img.data = "\x89PNG\r\n\x1a\n";
    img.len = 8;
    img.content_type = NULL;
    inf = mk("hfhub-test/asr", "hf-inference", -1);
    CHECK_OK(hfhub_automatic_speech_recognition(inf, &audio, NULL, &r));
    CHECK_STR(hfhub_json_str(hfhub_json_get(r->json, "text"), ""), "12 bytes of audio/wav");
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_get(lr, "content_type"), ""), "audio/wav"); /* raw bytes */
    hfhub_json_free(doc);
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
    inf = mk("hfhub-test/tts", "hf-inference", -1);
    CHECK_OK(hfhub_text_to_speech(inf, "Hello", NULL, &r));
    CHECK(r && r->body_len == 9 && !memcmp(r->body, "fLaCHello", 9));
    CHECK_STR(r->content_type, "audio/flac");
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
    /* binary + parameters: base64 inside JSON (§2.8) */
    inf = mk("hfhub-test/vit", "hf-inference", -1);
    memset(&o, 0, sizeof o);
    o.parameters = "{\"top_k\":2}";
    CHECK_OK(hfhub_image_classification(inf, &img, &o, &r));
    CHECK_STR(hfhub_json_str(hfhub_json_path(r->json, "1.label"), ""), "8 bytes");
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.inputs"), ""), "iVBORw0KGgo=");
    CHECK_INT(hfhub_json_int(hfhub_json_path(lr, "body.parameters.top_k"), 0), 2);
    hfhub_json_free(doc);
    hfhub_inference_result_free(inf, r);
    CHECK_OK(hfhub_image_classification(inf, &img, NULL, &r));
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_get(lr, "content_type"), ""), "image/png");
    CHECK_INT(hfhub_json_int(hfhub_json_get(lr, "body_len"), 0), 8);
    hfhub_json_free(doc);
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
    inf = mk("hfhub-test/detect", "hf-inference", -1);
    CHECK_OK(hfhub_object_detection(inf, &img, NULL, &r));
    CHECK_INT(hfhub_json_int(hfhub_json_path(r->json, "0.box.xmax"), 0), 200);
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
    inf = mk("hfhub-test/segment", "hf-inference", -1);
    CHECK_OK(hfhub_image_segmentation(inf, &img, NULL, &r));
    CHECK_STR(hfhub_json_str(hfhub_json_path(r->json, "0.label"), ""), "cat");
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
    inf = mk("hfhub-test/caption", "hf-inference", -1);
    CHECK_OK(hfhub_image_to_text(inf, &img, NULL, &r));
    CHECK_STR(hfhub_json_str(hfhub_json_get(r->json, "generated_text"), ""), "a picture of 8 bytes");
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
    inf = mk("hfhub-test/clip", "hf-inference", -1);
    CHECK_OK(hfhub_zero_shot_image_classification(inf, &img, labels, 2, NULL, &r));
    CHECK_STR(hfhub_json_str(hfhub_json_path(r->json, "1.label"), ""), "dog");
    hfhub_inference_result_free(inf, r);
    CHECK_INT(hfhub_zero_shot_image_classification(inf, &img, labels, 1, NULL, &r), HFHUB_ERR_INVALID_ARG);
    hfhub_inference_free(inf);
}

static void test_text_tasks(void) {
    hfhub_inference *inf;
    hfhub_inference_result *r = NULL;
    const char *labels[2] = {"tech", "food"};
    const char *sents[2] = {"hello", "other"};
    const hfhub_json_value *lr;
    hfhub_json_doc *doc;
#define TASK(model, call, path, want)                         \
    inf = mk(model, "hf-inference", -1);                      \
    CHECK_OK(call);                                           \
    CHECK_STR(hfhub_json_str(hfhub_json_path(r ? r->json : NULL, path), "?"), want); \
    hfhub_inference_result_free(inf, r);                      \
    r = NULL;                                                 \
    hfhub_inference_free(inf)
    TASK("hfhub-test/summ", hfhub_summarization(inf, "one two three four five six", NULL, &r), "summary_text", "one two three four five");
    TASK("hfhub-test/translate", hfhub_translation(inf, "Bonjour", "fr_XX", "en_XX", NULL, &r), "translation_text", "[fr_XX->en_XX] Bonjour");
    TASK("hfhub-test/classify", hfhub_text_classification(inf, "great", NULL, &r), "0.label", "POSITIVE");
    TASK("hfhub-test/ner", hfhub_token_classification(inf, "Alice went", NULL, &r), "0.word", "Alice");
    TASK("hfhub-test/fill", hfhub_fill_mask(inf, "The capital is [MASK].", NULL, &r), "0.token_str", "Paris");
    TASK("hfhub-test/qa", hfhub_question_answering(inf, "Where?", "It is in Paris.", NULL, &r), "answer", "Paris");
    TASK("hfhub-test/zsc", hfhub_zero_shot_classification(inf, "I love this phone", labels, 2, 0, NULL, &r), "0.label", "tech");
    TASK("hfhub-test/table", hfhub_table_question_answering(inf, "{\"Repository\":[\"Transformers\",\"Datasets\"]}", "How many?", NULL, &r), "answer", "Transformers");
#undef TASK
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.inputs.query"), ""), "How many?");
    hfhub_json_free(doc);
    inf = mk("hfhub-test/zsc", "hf-inference", -1);
    CHECK_OK(hfhub_zero_shot_classification(inf, "x", labels, 2, 1, NULL, &r));
    doc = last_request(&lr);
    CHECK(hfhub_json_bool(hfhub_json_path(lr, "body.parameters.multi_label"), 0) == 1);
    CHECK_STR(hfhub_json_str(hfhub_json_path(lr, "body.parameters.candidate_labels.1"), ""), "food");
    hfhub_json_free(doc);
    hfhub_inference_result_free(inf, r);
    CHECK_INT(hfhub_translation(inf, "x", "fr", NULL, NULL, &r), HFHUB_ERR_INVALID_ARG);
    hfhub_inference_free(inf);
    inf = mk("hfhub-test/similar", "hf-inference", -1);
    CHECK_OK(hfhub_sentence_similarity(inf, "hello", sents, 2, NULL, &r));
    CHECK(r && hfhub_json_double(hfhub_json_at(r->json, 0), 0) > 0.99);
    doc = last_request(&lr);
    CHECK_STR(hfhub_json_str(hfhub_json_get(lr, "path"), ""), "/hf-inference/models/hfhub-test/similar/pipeline/sentence-similarity");
    hfhub_json_free(doc);
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
}

static int start(void) {
    hfhub_json_doc *doc = NULL;
    hfhub_config cfg;
    if (t_hub_start(&hub)) return -1;
    if (t_hub_admin(&hub, "GET", "health", NULL, &doc)) return -1;
    snprintf(router, sizeof router, "%s", hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "router_url"), ""));
    hfhub_json_free(doc);
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = hub.url;
    cfg.token = T_HUB_WRITE_TOKEN;
    cfg.proxy = "";
    return hfhub_client_new(&cfg, &cl) ? -1 : 0;
}

int main(void) {
    if (start()) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    RUN(test_chat_echo);
    RUN(test_chat_tools_roundtrip);
    RUN(test_chat_provider_and_multimodal);
    RUN(test_chat_stream_variants);
    RUN(test_chat_errors);
    RUN(test_chat_retry_timeout_cancel);
    RUN(test_auto_selection_fallback);
    RUN(test_embeddings_providers);
    RUN(test_images);
    RUN(test_polling_providers);
    RUN(test_text_generation);
    RUN(test_audio_and_vision);
    RUN(test_text_tasks);
    hfhub_client_free(cl);
    t_hub_stop(&hub);
    return TEST_END();
}
