/* test_inference.c: routing through the mock transport (router vs direct URLs by key, the
 * provider table, the chat URL suffix rule, the implicit token kept from foreign URLs, headers,
 * the mapping fetched once), the chat body, and the stream decoder on its own (SSE framing,
 * CRLF, comments, multi-line data, [DONE], in-band errors, tool-call quirks, bad input). */
#include "test.h"

static hfhub_mock *mock;

static hfhub_client *mk_client(const char *token) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    static hfhub_transport t;
    memset(&cfg, 0, sizeof cfg);
    t = hfhub_mock_transport(mock);
    cfg.transport = &t;
    cfg.token = token;
    cfg.no_token = token == NULL;
    cfg.proxy = "";
    cfg.endpoint = "https://huggingface.co";
    CHECK_OK(hfhub_client_new(&cfg, &c));
    return c;
}

static hfhub_inference *mk_inf(hfhub_client *c, const char *model, const char *provider, const char *key) {
    hfhub_inference_config ic;
    hfhub_inference *inf = NULL;
    memset(&ic, 0, sizeof ic);
    ic.model = model;
    ic.provider = provider;
    ic.api_key = key;
    ic.max_retries = -1;
    ic.router_url = "https://router.huggingface.co";
    CHECK_OK(hfhub_inference_new(c, &ic, &inf));
    return inf;
}

static const char *CHAT_OK =
    "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
    "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}],"
    "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
static const char *MAPPING =
    "{\"_id\":\"1\",\"id\":\"org/llm\",\"inferenceProviderMapping\":{"
    "\"groq\":{\"status\":\"live\",\"providerId\":\"llm-groq\",\"task\":\"conversational\"},"
    "\"fal-ai\":{\"status\":\"live\",\"providerId\":\"fal-ai/flux\",\"task\":\"text-to-image\"},"
    "\"together\":{\"status\":\"live\",\"providerId\":\"tg/llm\",\"task\":\"conversational\"},"
    "\"openai\":{\"status\":\"live\",\"providerId\":\"gpt\",\"task\":\"conversational\"}}}";

static hfhub_result chat1(hfhub_inference *inf, const char *model) {
    hfhub_chat_message m;
    hfhub_chat_opts o;
    hfhub_chat_completion *r = NULL;
    hfhub_result res;
    memset(&m, 0, sizeof m);
    memset(&o, 0, sizeof o);
    m.role = "user";
    m.content = "hello";
    o.model = model;
    res = hfhub_chat_completion_create(inf, &m, 1, &o, &r);
    hfhub_chat_completion_free(inf, r);
    return res;
}

static const hfhub_mock_request *last_req(void) { return hfhub_mock_request_at(mock, hfhub_mock_count(mock) - 1); }

static void test_router_vs_direct(void) {
    hfhub_client *c;
    hfhub_inference *inf;
    hfhub_mock_new(NULL, &mock);
    c = mk_client("hf_stored");
    {
        hfhub_mock_response mr;
        memset(&mr, 0, sizeof mr);
        mr.url = "https://huggingface.co/api/models/org/llm?expand=inferenceProviderMapping";
        mr.headers = "Content-Type: application/json\n";
        mr.body = MAPPING;
        mr.times = -1;
        hfhub_mock_add(mock, &mr);
    }
    hfhub_mock_add_simple(mock, "*", 200, "Content-Type: application/json\n", CHAT_OK);
    /* HF token: routed */
    inf = mk_inf(c, "org/llm", "groq", NULL);
    CHECK_OK(chat1(inf, NULL));
    CHECK_STR(last_req()->url, "https://router.huggingface.co/groq/openai/v1/chat/completions");
    CHECK_STR(hfhub_mock_request_header(last_req(), "authorization"), "Bearer hf_stored");
    CHECK(strstr((const char *)last_req()->body, "{\"model\":\"llm-groq\",\"messages\":") == (const char *)last_req()->body);
    hfhub_inference_free(inf);
    /* a provider key: direct, and the mapping was cached (no second Hub call) */
    hfhub_mock_add_simple(mock, "*", 200, "Content-Type: application/json\n", CHAT_OK);
    hfhub_mock_add_simple(mock, "*", 200, "Content-Type: application/json\n", CHAT_OK);
    inf = mk_inf(c, "org/llm", "together", "tgkey");
    CHECK_OK(chat1(inf, NULL));
    CHECK_STR(last_req()->url, "https://api.together.xyz/v1/chat/completions");
    CHECK_STR(hfhub_mock_request_header(last_req(), "authorization"), "Bearer tgkey");
    CHECK_INT(hfhub_mock_count(mock), 4); /* the mapping is cached per inference client */
    CHECK_OK(chat1(inf, NULL));
    CHECK_INT(hfhub_mock_count(mock), 5);
    /* no message, no model */
    {
        hfhub_chat_completion *r = NULL;
        CHECK_INT(hfhub_chat_completion_create(inf, NULL, 0, NULL, &r), HFHUB_ERR_INVALID_ARG);
    }
    hfhub_inference_free(inf);
    inf = mk_inf(c, NULL, NULL, NULL);
    CHECK_INT(chat1(inf, NULL), HFHUB_ERR_INVALID_ARG);
    hfhub_inference_free(inf);
    /* openai: an HF token is refused */
    inf = mk_inf(c, "org/llm", "openai", NULL);
    CHECK_INT(chat1(inf, NULL), HFHUB_ERR_INVALID_ARG);
    hfhub_inference_free(inf);
    hfhub_client_free(c);
    hfhub_mock_free(mock);
}

static void test_auto_chat_and_bill_to(void) {
    hfhub_client *c;
    hfhub_inference_config ic;
    hfhub_inference *inf = NULL;
    hfhub_header h[1];
    hfhub_mock_new(NULL, &mock);
    c = mk_client("hf_stored");
    hfhub_mock_add_simple(mock, "*", 200, "Content-Type: application/json\n", CHAT_OK);
    memset(&ic, 0, sizeof ic);
    ic.model = "org/llm";
    ic.bill_to = "acme";
    h[0].name = "X-Custom";
    h[0].value = "1";
    ic.headers = h;
    ic.n_headers = 1;
    ic.router_url = "http://127.0.0.1:9/r/";
    CHECK_OK(hfhub_inference_new(c, &ic, &inf));
    CHECK_OK(chat1(inf, NULL));
    /* auto chat: the router's OpenAI endpoint, HF id in the body, no Hub lookup */
    CHECK_INT(hfhub_mock_count(mock), 1);
    CHECK_STR(last_req()->url, "http://127.0.0.1:9/r/v1/chat/completions");
    CHECK_STR(hfhub_mock_request_header(last_req(), "X-HF-Bill-To"), "acme");
    CHECK_STR(hfhub_mock_request_header(last_req(), "X-Custom"), "1");
    CHECK(strstr((const char *)last_req()->body, "\"model\":\"org/llm\"") != NULL);
    CHECK(strstr((const char *)last_req()->body, "\"stream\":false") != NULL);
    hfhub_inference_free(inf);
    hfhub_client_free(c);
    hfhub_mock_free(mock);
}

static void test_url_model_and_token(void) {
    hfhub_client *c;
    hfhub_inference *inf;
    hfhub_inference_config ic;
    hfhub_mock_new(NULL, &mock);
    c = mk_client("hf_stored");
    {
        hfhub_mock_response r;
        memset(&r, 0, sizeof r);
        r.status = 200;
        r.headers = "Content-Type: application/json\n";
        r.body = CHAT_OK;
        r.times = -1;
        hfhub_mock_add(mock, &r);
    }
    /* a foreign URL: the suffix rule, the body model, and no implicit token */
    inf = mk_inf(c, "http://localhost:8080", NULL, NULL);
    CHECK_OK(chat1(inf, "my-model"));
    CHECK_STR(last_req()->url, "http://localhost:8080/v1/chat/completions");
    CHECK(hfhub_mock_request_header(last_req(), "authorization") == NULL);
    CHECK(strstr((const char *)last_req()->body, "\"model\":\"my-model\"") != NULL);
    hfhub_inference_free(inf);
    inf = mk_inf(c, "https://x.endpoints.huggingface.cloud/v1/", NULL, NULL);
    CHECK_OK(chat1(inf, NULL));
    CHECK_STR(last_req()->url, "https://x.endpoints.huggingface.cloud/v1/chat/completions");
    CHECK_STR(hfhub_mock_request_header(last_req(), "authorization"), "Bearer hf_stored"); /* an HF domain */
    CHECK(strstr((const char *)last_req()->body, "\"model\":\"dummy\"") != NULL);
    hfhub_inference_free(inf);
    /* the provider is an endpoint URL: the model names the body's model */
    inf = mk_inf(c, "org/llm", "http://localhost:8000/v1", NULL);
    CHECK_OK(chat1(inf, NULL));
    CHECK_STR(last_req()->url, "http://localhost:8000/v1/chat/completions");
    CHECK(strstr((const char *)last_req()->body, "\"model\":\"org/llm\"") != NULL);
    hfhub_inference_free(inf);
    /* allowed explicitly */
    memset(&ic, 0, sizeof ic);
    ic.model = "http://host/v1/chat/completions?x=1";
    ic.allow_token_to_any_url = 1;
    ic.max_retries = -1;
    CHECK_OK(hfhub_inference_new(c, &ic, &inf));
    CHECK_OK(chat1(inf, NULL));
    CHECK_STR(last_req()->url, "http://host/v1/chat/completions?x=1");
    CHECK_STR(hfhub_mock_request_header(last_req(), "authorization"), "Bearer hf_stored");
    hfhub_inference_free(inf);
    hfhub_client_free(c);
    hfhub_mock_free(mock);
}

static void test_routes_table(void) {
    static const char *const cases[][4] = {
        {"hf-inference", "feature-extraction", "BAAI/bge", "/models/BAAI/bge/pipeline/feature-extraction"},
        {"hf-inference", "text-classification", "org/m", "/models/org/m"},
        {"hf-inference", "conversational", "org/m", "/models/org/m/v1/chat/completions"},
        {"cohere", "conversational", "x", "/compatibility/v1/chat/completions"},
        {"fal-ai", "text-to-image", "fal-ai/flux/dev", "/fal-ai/flux/dev"},
        {"replicate", "text-to-image", "owner/model", "/v1/models/owner/model/predictions"},
        {"replicate", "text-to-image", "owner/model:abc", "/v1/predictions"},
        {"zai-org", "text-to-image", "x", "/api/paas/v4/async/images/generations"},
        {"together", "text-to-video", "x", "/v2/videos"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hfhub__buf b;
        hfhub__buf_init(&b, NULL);
        CHECK_OK(hfhub__inf_route(cases[i][0], cases[i][1], cases[i][2], &b));
        CHECK_STR(b.data, cases[i][3]);
        hfhub__buf_free(&b);
    }
    CHECK(hfhub_inference_provider_supports("groq", "conversational"));
    CHECK(!hfhub_inference_provider_supports("groq", "text-to-image"));
    CHECK(!hfhub_inference_provider_supports("nosuch", "conversational"));
    {
        static const char *const urls[][2] = {
            {"http://localhost:8080", "http://localhost:8080/v1/chat/completions"},
            {"http://h/", "http://h/v1/chat/completions"},
            {"http://h/v1", "http://h/v1/chat/completions"},
            {"http://h/x/chat/completions", "http://h/x/chat/completions"},
            {"http://h/base/", "http://h/base/v1/chat/completions"},
        };
        for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
            hfhub__buf b;
            hfhub__buf_init(&b, NULL);
            hfhub__inf_chat_url(&b, urls[i][0]);
            CHECK_STR(b.data, urls[i][1]);
            hfhub__buf_free(&b);
        }
    }
}

static void test_fal_key_and_body(void) {
    hfhub_client *c;
    hfhub_inference *inf;
    hfhub_inference_opts o;
    hfhub_inference_result *r = NULL;
    hfhub_mock_new(NULL, &mock);
    c = mk_client(NULL);
    hfhub_mock_add_simple(mock, "https://huggingface.co/api/models/org/llm?expand=inferenceProviderMapping", 200,
                          "Content-Type: application/json\n", MAPPING);
    hfhub_mock_add_simple(mock, "https://fal.run/fal-ai/flux", 200, "Content-Type: application/json\n",
                          "{\"images\":[{\"url\":\"data:image/png;base64,iVBORw0K\"}]}");
    inf = mk_inf(c, "org/llm", "fal-ai", "falkey");
    memset(&o, 0, sizeof o);
    o.parameters = "{\"width\":64,\"height\":32,\"seed\":null}";
    o.extra_body = "{\"sync_mode\":true}";
    CHECK_OK(hfhub_text_to_image(inf, "a cat", &o, &r));
    CHECK_STR(hfhub_mock_request_header(last_req(), "authorization"), "Key falkey");
    CHECK_STR((const char *)last_req()->body,
              "{\"prompt\":\"a cat\",\"image_size\":{\"width\":64,\"height\":32},\"sync_mode\":true}");
    CHECK(r && r->body_len == 6 && !memcmp(r->body, "\x89PNG\r\n", 6));
    CHECK_STR(r->content_type, "image/png");
    hfhub_inference_result_free(inf, r);
    hfhub_inference_free(inf);
    hfhub_client_free(c);
    hfhub_mock_free(mock);
}

/* ---- the stream decoder --------------------------------------------------------------------- */

typedef struct rec {
    hfhub__buf text;
    int deltas, usage, stop_after;
} rec;

static int on_delta(void *u, const hfhub_chat_delta *d) {
    rec *r = (rec *)u;
    r->deltas++;
    if (d->content) hfhub__buf_append(&r->text, d->content, d->content_len);
    if (d->usage) r->usage++;
    return r->stop_after && r->deltas >= r->stop_after;
}

/* Feeds `s` one byte at a time (the hardest split) and returns the finish result. */
static hfhub_result decode(const char *s, rec *r, hfhub_chat_completion **out) {
    hfhub_chat_stream *st = NULL;
    hfhub_result res = HFHUB_OK;
    size_t i, n = strlen(s);
    memset(r, 0, sizeof *r);
    hfhub__buf_init(&r->text, NULL);
    CHECK_OK(hfhub_chat_stream_new(NULL, on_delta, r, &st));
    for (i = 0; i < n && !res; i++) res = hfhub_chat_stream_feed(st, s + i, 1);
    {
        hfhub_result f = hfhub_chat_stream_finish(st, out);
        if (!res) res = f;
    }
    hfhub_chat_stream_free(st);
    return res;
}

#define CHUNK(d) "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":" d ",\"finish_reason\":null}]}"

static void test_stream_framing(void) {
    rec r;
    hfhub_chat_completion *out = NULL;
    const char *s =
        ": keep-alive\r\n\r\n"
        "event: message\r\nid: 1\r\ndata: " CHUNK("{\"role\":\"assistant\",\"content\":\"Hel\"}") "\r\n\r\n"
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\r\ndata: \"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\r\n\r\n"
        "data:{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n"
        "data: [DONE]\n\ndata: garbage after done\n\n";
    CHECK_OK(decode(s, &r, &out));
    CHECK_STR(r.text.data, "Hello");
    CHECK_INT(r.usage, 1);
    CHECK(out != NULL);
    if (out) {
        CHECK_STR(out->choices[0].message.content, "Hello");
        CHECK_STR(out->choices[0].finish_reason, "stop");
        CHECK_INT(out->usage.total_tokens, 5);
        CHECK_STR(out->model, "m");
    }
    hfhub_chat_completion_free(NULL, out);
    hfhub__buf_free(&r.text);
}

static void test_stream_tool_quirks(void) {
    rec r;
    hfhub_chat_completion *out = NULL;
    /* arguments before the name, no index (by id), a second parallel call with no id, empty
     * arguments for a third, object arguments (TGI) */
    const char *s =
        "data: " CHUNK("{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"arguments\":\"{\\\"x\\\":\"}}]}") "\n\n"
        "data: " CHUNK("{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"1}\"}}]}") "\n\n"
        "data: " CHUNK("{\"tool_calls\":[{\"index\":5,\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]}") "\n\n"
        "data: " CHUNK("{\"tool_calls\":[{\"index\":6,\"id\":\"z\",\"function\":{\"name\":\"h\",\"arguments\":{\"k\":2}}}]}") "\n\n"
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n";
    CHECK_OK(decode(s, &r, &out)); /* no [DONE]: a finish_reason is enough */
    CHECK(out && out->choices[0].message.n_tool_calls == 3);
    if (out && out->choices[0].message.n_tool_calls == 3) {
        const hfhub_chat_tool_call *t = out->choices[0].message.tool_calls;
        CHECK_STR(t[0].id, "a");
        CHECK_STR(t[0].name, "f");
        CHECK_STR(t[0].arguments, "{\"x\":1}");
        CHECK_STR(t[1].id, "call_5");
        CHECK_STR(t[1].arguments, "{}");
        CHECK_STR(t[2].arguments, "{\"k\":2}");
        CHECK_STR(t[2].type, "function");
    }
    hfhub_chat_completion_free(NULL, out);
    hfhub__buf_free(&r.text);
}

static void test_stream_bad_input(void) {
    rec r;
    hfhub_chat_completion *out = NULL;
    /* an in-band error after a delta: the delta stays delivered and accumulated */
    CHECK_INT(decode("data: " CHUNK("{\"content\":\"partial\"}") "\n\ndata: {\"error\":{\"message\":\"boom\"}}\n\n", &r, &out),
              HFHUB_ERR_HTTP);
    CHECK(strstr(hfhub_last_error()->message, "boom") != NULL);
    CHECK_STR(r.text.data, "partial");
    CHECK(out && out->choices && !strcmp(out->choices[0].message.content, "partial"));
    hfhub_chat_completion_free(NULL, out);
    hfhub__buf_free(&r.text);
    CHECK_INT(decode("data: {\"error\":\"Input validation error\",\"error_type\":\"validation\"}\n\n", &r, NULL), HFHUB_ERR_BAD_REQUEST);
    hfhub__buf_free(&r.text);
    /* invalid JSON, non-object, truncated, interleaved garbage */
    CHECK_INT(decode("data: " CHUNK("{\"content\":\"a\"}") "\n\ndata: {\"choices\": [\n\n", &r, NULL), HFHUB_ERR_PARSE);
    CHECK_STR(r.text.data, "a");
    hfhub__buf_free(&r.text);
    CHECK_INT(decode("data: 42\n\n", &r, NULL), HFHUB_ERR_PARSE);
    hfhub__buf_free(&r.text);
    CHECK_INT(decode("data: " CHUNK("{\"content\":\"a\"}") "\n\ndata: {\"choi", &r, NULL), HFHUB_ERR_PARSE);
    hfhub__buf_free(&r.text);
    CHECK_INT(decode("<html><body>502</body></html>", &r, NULL), HFHUB_ERR_PARSE);
    hfhub__buf_free(&r.text);
    /* cancel from the callback */
    {
        hfhub_chat_stream *st = NULL;
        const char *s = "data: " CHUNK("{\"content\":\"a\"}") "\n\ndata: " CHUNK("{\"content\":\"b\"}") "\n\n";
        memset(&r, 0, sizeof r);
        hfhub__buf_init(&r.text, NULL);
        r.stop_after = 1;
        CHECK_OK(hfhub_chat_stream_new(NULL, on_delta, &r, &st));
        CHECK_INT(hfhub_chat_stream_feed(st, s, strlen(s)), HFHUB_ERR_CANCELLED);
        CHECK_INT(r.deltas, 1);
        hfhub_chat_stream_free(st);
        hfhub__buf_free(&r.text);
    }
}

int main(void) {
    RUN(test_router_vs_direct);
    RUN(test_auto_chat_and_bill_to);
    RUN(test_url_model_and_token);
    RUN(test_routes_table);
    RUN(test_fal_key_and_body);
    RUN(test_stream_framing);
    RUN(test_stream_tool_quirks);
    RUN(test_stream_bad_input);
    return TEST_END();
}
