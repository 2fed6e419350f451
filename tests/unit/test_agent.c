/* test_agent.c: the agent loop with a scripted chat backend and the scripted MCP servers of
 * tests/mcp/server.py; the built-in OpenAI-compatible chat against tests/mcp/model.py; the
 * inference client's chat against localhub's router and its scripted "agent" model, with a
 * stdio and a streamable HTTP server. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"
#include <errno.h>

static char t_server[1024], t_model[1024];

/* ---- a scripted chat: each call streams the next script (chunks separated by '\n') ----- */

typedef struct t_chat {
    const char *const *scripts;
    size_t n, next;
    char *seen[16];                  /* the messages of each call */
    char *seen_tools[16];
} t_chat;

static hfhub_result t_stream(void *user, const char *messages, const char *tools, hfhub_agent_chunk_fn fn, void *fu) {
    t_chat *ch = (t_chat *)user;
    const char *p;
    if (ch->next >= ch->n) return hfhub__fail(HFHUB_ERR_HTTP, "script exhausted");
    if (ch->next < 16) {
        ch->seen[ch->next] = strdup(messages);
        ch->seen_tools[ch->next] = strdup(tools);
    }
    p = ch->scripts[ch->next++];
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (fn(fu, p, n)) return HFHUB_ERR_CANCELLED;
        p += n + (nl ? 1 : 0);
    }
    return HFHUB_OK;
}

static void t_chat_free(t_chat *ch) {
    size_t i;
    for (i = 0; i < 16; i++) { free(ch->seen[i]); free(ch->seen_tools[i]); }
}

#define ROLE "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"
#define TEXT(s) "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" s "\"}}]}"
#define CALL(i, id, name, args) "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" #i ",\"id\":\"" id \
    "\",\"type\":\"function\",\"function\":{\"name\":\"" name "\",\"arguments\":\"" args "\"}}]}}]}"
#define ARGS(i, args) "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" #i \
    ",\"function\":{\"arguments\":\"" args "\"}}]}}]}"
#define USAGE "{\"choices\":[],\"usage\":{\"total_tokens\":3}}"

/* ---- callbacks that record what they saw --------------------------------------------------- */

typedef struct t_rec {
    char text[4096];
    char events[8192];
    int abort_after_chunks;          /* > 0: abort when this many chunks were seen */
    int chunks;
} t_rec;

static int t_on_chunk(void *u, const char *c, size_t n) { (void)c; (void)n; ((t_rec *)u)->chunks++; return 0; }
static int t_on_text(void *u, const char *s, size_t n) {
    t_rec *r = (t_rec *)u;
    strncat(r->text, s, n);
    return 0;
}
static int t_on_call(void *u, const char *id, const char *name, const char *args) {
    t_rec *r = (t_rec *)u;
    size_t l = strlen(r->events);
    snprintf(r->events + l, sizeof r->events - l, "call %s %s %s\n", id, name, args);
    return 0;
}
static int t_on_result(void *u, const char *id, const char *name, const char *content, int is_error) {
    t_rec *r = (t_rec *)u;
    size_t l = strlen(r->events);
    snprintf(r->events + l, sizeof r->events - l, "result %s %s%s: %.100s\n", id, name, is_error ? " (error)" : "", content);
    return 0;
}
static int t_aborted(void *u) {
    t_rec *r = (t_rec *)u;
    return r->abort_after_chunks > 0 && r->chunks >= r->abort_after_chunks;
}

static void t_cbs(hfhub_agent_callbacks *cb, t_rec *rec) {
    memset(cb, 0, sizeof *cb);
    memset(rec, 0, sizeof *rec);
    cb->user = rec;
    cb->on_chunk = t_on_chunk;
    cb->on_text = t_on_text;
    cb->on_tool_call = t_on_call;
    cb->on_tool_result = t_on_result;
    cb->aborted = t_aborted;
}

static hfhub_client *t_client(void) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.proxy = "";
    hfhub_client_new(&cfg, &c);
    return c;
}

/* Two stdio servers: "one" (add, echo, ...) and "two" (the same tools prefixed "b_"). */
static hfhub_mcp_client *t_two_servers(hfhub_client *c) {
    hfhub_mcp_client *m = NULL;
    hfhub_mcp_server_opts o;
    const char *args[2];
    args[0] = t_server;
    args[1] = "stdio";
    memset(&o, 0, sizeof o);
    o.command = "python3";
    o.args = args;
    o.n_args = 2;
    o.name = "one";
    o.stderr_mode = HFHUB_MCP_STDERR_CAPTURE;
    hfhub_mcp_client_new(c, NULL, &m);
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    o.name = "two";
    o.tool_prefix = "b_";
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    return m;
}

static hfhub_agent *t_agent(hfhub_client *c, hfhub_mcp_client *m, t_chat *ch, const char *const *scripts, size_t n) {
    hfhub_agent_chat chat;
    hfhub_agent_opts o;
    hfhub_agent *ag = NULL;
    memset(ch, 0, sizeof *ch);
    ch->scripts = scripts;
    ch->n = n;
    chat.user = ch;
    chat.stream = t_stream;
    memset(&o, 0, sizeof o);
    o.system_prompt = "sys";
    CHECK_OK(hfhub_agent_new(c, m, &chat, &o, &ag));
    return ag;
}

static void test_multi_turn_two_servers(void) {
    static const char *const scripts[] = {
        /* turn 1: a role-only first chunk, then add on server one with split arguments */
        ROLE "\n" TEXT("Let me add.") "\n" CALL(0, "c1", "add", "{\\\"a\\\": 2,") "\n" ARGS(0, " \\\"b\\\": 3}") "\n" USAGE,
        /* turn 2: echo on server two and task_complete together */
        CALL(0, "c2", "b_echo", "{\\\"message\\\": \\\"hi\\\"}") "\n" CALL(1, "c3", "task_complete", ""),
    };
    hfhub_client *c = t_client();
    hfhub_mcp_client *m = t_two_servers(c);
    t_chat ch;
    hfhub_agent *ag = t_agent(c, m, &ch, scripts, 2);
    hfhub_agent_callbacks cb;
    t_rec rec;
    char *hist = NULL;
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(ag, "add 2 and 3, then say hi", &cb));
    CHECK_INT(ch.next, 2);
    CHECK_OK(hfhub_agent_messages_json(ag, &hist));
    CHECK_STR(hist,
              "[{\"role\":\"system\",\"content\":\"sys\"},"
              "{\"role\":\"user\",\"content\":\"add 2 and 3, then say hi\"},"
              "{\"role\":\"assistant\",\"content\":\"Let me add.\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
              "\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\": 2, \\\"b\\\": 3}\"}}]},"
              "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"name\":\"add\",\"content\":\"5\"},"
              "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c2\",\"type\":\"function\","
              "\"function\":{\"name\":\"b_echo\",\"arguments\":\"{\\\"message\\\": \\\"hi\\\"}\"}},"
              "{\"id\":\"c3\",\"type\":\"function\",\"function\":{\"name\":\"task_complete\",\"arguments\":\"{}\"}}]},"
              "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"name\":\"b_echo\",\"content\":\"Echo: hi\"},"
              "{\"role\":\"tool\",\"tool_call_id\":\"c3\",\"name\":\"task_complete\",\"content\":\"\"}]");
    CHECK_STR(rec.text, "Let me add.");
    CHECK_STR(rec.events, "call c1 add {\"a\": 2, \"b\": 3}\nresult c1 add: 5\n"
                          "call c2 b_echo {\"message\": \"hi\"}\nresult c2 b_echo: Echo: hi\n"
                          "call c3 task_complete {}\nresult c3 task_complete: \n");
    CHECK_INT(rec.chunks, 6);                    /* the usage chunk has no choices: not forwarded */
    /* the model saw the exit tools first, then both servers' tools */
    CHECK(ch.seen_tools[0] && strstr(ch.seen_tools[0], "[{\"type\":\"function\",\"function\":{\"name\":\"task_complete\"") == ch.seen_tools[0]);
    CHECK(ch.seen_tools[0] && strstr(ch.seen_tools[0], "\"name\":\"b_add\"") != NULL);
    /* the second call carried the first turn's history */
    CHECK(ch.seen[1] && strstr(ch.seen[1], "\"content\":\"5\"") != NULL);
    hfhub_free(c, hist);
    hfhub_agent_free(ag);
    t_chat_free(&ch);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

static void test_text_turns(void) {
    static const char *const scripts[] = {
        CALL(0, "c1", "add", "{\\\"a\\\":1,\\\"b\\\":1}"),      /* tools */
        TEXT("It is 2."),                                        /* text after tools: continue */
        ROLE "\n" TEXT("Done") "\n" TEXT(" really"),             /* text again: dropped, run ends */
        TEXT("first answer"),                                    /* second run: text ends it */
    };
    hfhub_client *c = t_client();
    hfhub_mcp_client *m = t_two_servers(c);
    t_chat ch;
    hfhub_agent *ag = t_agent(c, m, &ch, scripts, 4);
    hfhub_agent_callbacks cb;
    t_rec rec;
    char *hist = NULL;
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(ag, "1+1?", &cb));
    CHECK_INT(ch.next, 3);
    CHECK_STR(rec.text, "It is 2.");
    CHECK_OK(hfhub_agent_messages_json(ag, &hist));
    CHECK(hist && strstr(hist, "Done") == NULL);
    CHECK(hist && strstr(hist, "{\"role\":\"assistant\",\"content\":\"It is 2.\"}]") != NULL);
    hfhub_free(c, hist);
    CHECK_OK(hfhub_agent_run(ag, "again", &cb));
    CHECK_INT(ch.next, 4);
    CHECK_OK(hfhub_agent_messages_json(ag, &hist));
    CHECK(hist && strstr(hist, "{\"role\":\"user\",\"content\":\"again\"},{\"role\":\"assistant\",\"content\":\"first answer\"}]"));
    hfhub_free(c, hist);
    hfhub_agent_free(ag);
    t_chat_free(&ch);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

static void test_role_only_chunk_keeps_turn(void) {
    static const char *const scripts[] = {
        CALL(0, "c1", "add", "{\\\"a\\\":1,\\\"b\\\":1}"),
        TEXT("Thinking."),
        /* a role-only first chunk, then a tool call: Python would end here, we keep it */
        ROLE "\n" CALL(0, "c2", "echo", "{\\\"message\\\":\\\"x\\\"}"),
        CALL(0, "c3", "ask_question", "{}"),
    };
    hfhub_client *c = t_client();
    hfhub_mcp_client *m = t_two_servers(c);
    t_chat ch;
    hfhub_agent *ag = t_agent(c, m, &ch, scripts, 4);
    hfhub_agent_callbacks cb;
    t_rec rec;
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(ag, "go", &cb));
    CHECK_INT(ch.next, 4);
    CHECK(strstr(rec.events, "result c2 echo: Echo: x") != NULL);
    CHECK(strstr(rec.events, "call c3 ask_question {}") != NULL);
    hfhub_agent_free(ag);
    t_chat_free(&ch);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

static void test_bad_calls_and_dying_server(void) {
    static const char *const scripts[] = {
        CALL(0, "c1", "add", "{not json") "\n" CALL(1, "c2", "nosuch", "{}") "\n" CALL(2, "c3", "", "{}") "\n"
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":3,\"function\":{\"name\":\"die\"}}]}}]}",
        CALL(0, "c5", "add", "{\\\"a\\\":1,\\\"b\\\":2}") "\n" CALL(1, "c6", "b_add", "{\\\"a\\\":1,\\\"b\\\":2}"),
        CALL(0, "c7", "task_complete", "{}"),
    };
    hfhub_client *c = t_client();
    hfhub_mcp_client *m = t_two_servers(c);
    t_chat ch;
    hfhub_agent *ag = t_agent(c, m, &ch, scripts, 3);
    hfhub_agent_callbacks cb;
    t_rec rec;
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(ag, "go", &cb));
    CHECK_INT(ch.next, 3);
    CHECK(strstr(rec.events, "result c1 add (error): Invalid JSON generated by the model: JSON:") != NULL);
    CHECK(strstr(rec.events, "result c2 nosuch (error): Error: No session found for tool: nosuch") != NULL);
    CHECK(strstr(rec.events, "result c3  (error): Invalid tool call with no function name.") != NULL);
    CHECK(strstr(rec.events, "result call_3 die (error): Error: MCP tool call failed with error message: MCP server 'one'") != NULL);
    /* the other server still works after server one died */
    CHECK(strstr(rec.events, "result c5 add (error): Error: MCP tool call failed") != NULL);
    CHECK(strstr(rec.events, "result c6 b_add: 3") != NULL);
    hfhub_agent_free(ag);
    t_chat_free(&ch);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

static void test_abort_mid_stream(void) {
    static const char *const scripts[] = {
        ROLE "\n" TEXT("a") "\n" CALL(0, "c1", "add", "{}") "\n" TEXT("b") "\n" TEXT("c") "\n" TEXT("d"),
    };
    hfhub_client *c = t_client();
    hfhub_mcp_client *m = t_two_servers(c);
    t_chat ch;
    hfhub_agent *ag = t_agent(c, m, &ch, scripts, 1);
    hfhub_agent_callbacks cb;
    t_rec rec;
    char *hist = NULL;
    t_cbs(&cb, &rec);
    rec.abort_after_chunks = 4;
    CHECK_INT(hfhub_agent_run(ag, "go", &cb), HFHUB_ERR_CANCELLED);
    CHECK_INT(rec.chunks, 4);
    CHECK_STR(rec.text, "ab");
    /* the partial answer is kept and its call answered, so the history stays valid */
    CHECK_OK(hfhub_agent_messages_json(ag, &hist));
    CHECK(hist && strstr(hist, "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"name\":\"add\",\"content\":\"Error: the run was "
                               "aborted before this tool was called.\"}]") != NULL);
    hfhub_free(c, hist);
    hfhub_agent_free(ag);
    t_chat_free(&ch);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

static void test_max_turns(void) {
    static const char *const scripts[] = {
        CALL(0, "c1", "add", "{}"), TEXT("t"), CALL(0, "c2", "add", "{}"), TEXT("t"), CALL(0, "c3", "add", "{}"), TEXT("t"),
    };
    hfhub_client *c = t_client();
    t_chat ch;
    hfhub_agent_chat chat;
    hfhub_agent_opts o;
    hfhub_agent *ag = NULL;
    memset(&ch, 0, sizeof ch);
    ch.scripts = scripts;
    ch.n = 6;
    chat.user = &ch;
    chat.stream = t_stream;
    memset(&o, 0, sizeof o);
    o.max_turns = 3;
    CHECK_OK(hfhub_agent_new(c, NULL, &chat, &o, &ag));
    CHECK_OK(hfhub_agent_run(ag, "go", NULL));
    CHECK_INT(ch.next, 4);                        /* text on turn 4 > max 3: stop */
    CHECK(ch.seen[0] && strstr(ch.seen[0], "You are an agent - please keep going until the user\xE2\x80\x99s query") != NULL);
    hfhub_agent_free(ag);
    t_chat_free(&ch);
    hfhub_client_free(c);
}

/* ---- the built-in OpenAI-compatible chat against a scripted model server --------------- */

static void test_openai_chat(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m = t_two_servers(c);
    hfhub_agent_openai *oai = NULL;
    hfhub_agent_openai_opts oo;
    hfhub_agent_chat chat;
    hfhub_agent *ag = NULL;
    hfhub_agent_callbacks cb;
    t_rec rec;
    t_proc p;
    char line[128], url[128];
    char *argv[] = {(char *)"python3", t_model, NULL};
    if (t_spawn(&p, argv, "ready", line, sizeof line)) { CHECK(!"model server"); return; }
    snprintf(url, sizeof url, "http://127.0.0.1:%d/v1", atoi(line + 6));
    memset(&oo, 0, sizeof oo);
    oo.base_url = url;
    oo.model = "scripted/adder";
    oo.api_key = "secret";
    CHECK_OK(hfhub_agent_chat_openai(c, &oo, &oai, &chat));
    CHECK_OK(hfhub_agent_new(c, m, &chat, NULL, &ag));
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(ag, "add 20 and 22", &cb));
    CHECK_STR(rec.events, "call call_1 add {\"a\": 20, \"b\": 22}\nresult call_1 add: 42\n"
                          "call call_2 task_complete {}\nresult call_2 task_complete: \n");
    CHECK_STR(rec.text, "Adding. The answer is 42.");
    hfhub_agent_reset(ag);
    oo.api_key = "wrong";
    hfhub_agent_free(ag);
    hfhub_agent_openai_free(oai);
    CHECK_OK(hfhub_agent_chat_openai(c, &oo, &oai, &chat));
    CHECK_OK(hfhub_agent_new(c, m, &chat, NULL, &ag));
    CHECK_INT(hfhub_agent_run(ag, "x", NULL), HFHUB_ERR_UNAUTHORIZED);
    hfhub_agent_free(ag);
    hfhub_agent_openai_free(oai);
    t_stop(&p);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

/* The inference client's chat (hfhub_agent_chat_inference) with an endpoint URL provider. */
static void test_inference_chat(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m = t_two_servers(c);
    hfhub_inference *inf = NULL;
    hfhub_inference_config ic;
    hfhub_agent_inference ai;
    hfhub_agent_chat chat;
    hfhub_agent *ag = NULL;
    hfhub_agent_callbacks cb;
    t_rec rec;
    t_proc p;
    char line[128], url[128], *hist = NULL;
    char *argv[] = {(char *)"python3", t_model, NULL};
    if (t_spawn(&p, argv, "ready", line, sizeof line)) { CHECK(!"model server"); return; }
    snprintf(url, sizeof url, "http://127.0.0.1:%d/v1", atoi(line + 6));
    memset(&ic, 0, sizeof ic);
    ic.model = "scripted/adder";
    ic.provider = url;
    ic.api_key = "secret";
    CHECK_OK(hfhub_inference_new(c, &ic, &inf));
    ai.inf = inf;
    ai.model = "scripted/adder";
    hfhub_agent_chat_inference(&ai, &chat);
    CHECK_OK(hfhub_agent_new(c, m, &chat, NULL, &ag));
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(ag, "add 1 and 41", &cb));
    CHECK_STR(rec.events, "call call_1 add {\"a\": 1, \"b\": 41}\nresult call_1 add: 42\n"
                          "call call_2 task_complete {}\nresult call_2 task_complete: \n");
    CHECK_STR(rec.text, "Adding. The answer is 42.");
    /* the history went back to the model as structured messages (tool calls and results) */
    CHECK_OK(hfhub_agent_messages_json(ag, &hist));
    CHECK(hist && strstr(hist, "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"add\",\"content\":\"42\"}") != NULL);
    hfhub_free(c, hist);
    hfhub_agent_free(ag);
    hfhub_inference_free(inf);
    t_stop(&p);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

/* ---- through the inference client, against localhub's router ----------------------------- */

/* localhub's "agent" model plays the script of the system prompt's localhub-script line. */
static const char t_script_prompt[] =
    "You call tools.\n"
    "localhub-script: {"
    "\"add 2 and 3, then echo the sum\": ["
    "{\"text\": \"Adding.\", \"calls\": [{\"name\": \"add\", \"arguments\": {\"a\": 2, \"b\": 3}}]},"
    "{\"text\": \"The sum is 5.\"},"
    "{\"calls\": [{\"name\": \"b_echo\", \"arguments\": {\"message\": \"5\"}}]},"
    "{\"calls\": [{\"name\": \"task_complete\"}]}],"
    "\"go\": ["
    "{\"calls\": [{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 1}}]},"
    "{\"text\": \"one two three four five\", \"hold\": true}],"
    "\"again\": ["
    "{\"calls\": [{\"name\": \"b_echo\", \"arguments\": {\"message\": \"back\"}}]},"
    "{\"calls\": [{\"name\": \"task_complete\"}]}]}";

typedef struct t_router {
    t_hub hub;
    t_proc http;                     /* tests/mcp/server.py http-sse */
    char router[128], mcp_url[128];
    hfhub_client *c;
    hfhub_mcp_client *m;
    hfhub_inference *inf;
    hfhub_agent_inference ai;
    hfhub_agent *ag;
} t_router;

static int t_router_start(t_router *t) {
    hfhub_json_doc *doc = NULL;
    hfhub_inference_config ic;
    hfhub_mcp_server_opts o;
    hfhub_agent_chat chat;
    hfhub_agent_opts ao;
    const char *args[2];
    char line[128];
    char *argv[4];
    memset(t, 0, sizeof *t);
    if (t_hub_start(&t->hub) || t_hub_admin(&t->hub, "GET", "health", NULL, &doc)) return -1;
    snprintf(t->router, sizeof t->router, "%s", hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "router_url"), ""));
    hfhub_json_free(doc);
    argv[0] = (char *)"python3"; argv[1] = t_server; argv[2] = (char *)"http-sse"; argv[3] = NULL;
    if (t_spawn(&t->http, argv, "ready", line, sizeof line)) return -1;
    snprintf(t->mcp_url, sizeof t->mcp_url, "http://127.0.0.1:%d/mcp", atoi(line + 6));
    t->c = t_hub_client(&t->hub, T_HUB_WRITE_TOKEN, NULL);
    if (!t->c || hfhub_mcp_client_new(t->c, NULL, &t->m)) return -1;
    /* server A: stdio; server B: streamable HTTP, its tools exposed as b_* */
    args[0] = t_server;
    args[1] = "stdio";
    memset(&o, 0, sizeof o);
    o.name = "A";
    o.command = "python3";
    o.args = args;
    o.n_args = 2;
    o.stderr_mode = HFHUB_MCP_STDERR_CAPTURE;
    if (hfhub_mcp_add_server(t->m, &o)) return -1;
    memset(&o, 0, sizeof o);
    o.type = HFHUB_MCP_HTTP;
    o.name = "B";
    o.url = t->mcp_url;
    o.tool_prefix = "b_";
    if (hfhub_mcp_add_server(t->m, &o)) return -1;
    memset(&ic, 0, sizeof ic);
    ic.model = "hfhub-test/agent";
    ic.router_url = t->router;
    if (hfhub_inference_new(t->c, &ic, &t->inf)) return -1;
    t->ai.inf = t->inf;
    t->ai.model = "hfhub-test/agent";
    hfhub_agent_chat_inference(&t->ai, &chat);
    memset(&ao, 0, sizeof ao);
    ao.system_prompt = t_script_prompt;
    return hfhub_agent_new(t->c, t->m, &chat, &ao, &t->ag) ? -1 : 0;
}

static void t_router_stop(t_router *t) {
    hfhub_agent_free(t->ag);
    hfhub_inference_free(t->inf);
    hfhub_mcp_client_free(t->m);
    if (t->c) hfhub_client_free(t->c);
    t_stop(&t->http);
    t_hub_stop(&t->hub);
}

/* The history from its second message on (the system prompt is long). */
static void t_check_history(hfhub_agent *ag, hfhub_client *c, const char *want) {
    char *hist = NULL;
    const char *p;
    CHECK_OK(hfhub_agent_messages_json(ag, &hist));
    p = hist ? strstr(hist, "},{\"role\":\"user\"") : NULL;
    CHECK(p != NULL);
    if (p) CHECK_STR(p + 2, want);
    hfhub_free(c, hist);
}

/* The chat requests the router received: bodies of POST .../chat/completions. */
static hfhub_json_doc *t_router_requests(t_router *t, const hfhub_json_value **out) {
    hfhub_json_doc *doc = NULL;
    *out = NULL;
    if (t_hub_admin(&t->hub, "GET", "inference/requests", NULL, &doc)) return NULL;
    *out = hfhub_json_root(doc);
    return doc;
}

static void test_router_two_servers(void) {
    t_router t;
    hfhub_agent_callbacks cb;
    t_rec rec;
    hfhub_json_doc *doc;
    const hfhub_json_value *reqs, *last, *tools;
    size_t i;
    if (t_router_start(&t)) { CHECK(!"router setup"); t_router_stop(&t); return; }
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(t.ag, "add 2 and 3, then echo the sum", &cb));
    t_check_history(t.ag, t.c,
        "{\"role\":\"user\",\"content\":\"add 2 and 3, then echo the sum\"},"
        "{\"role\":\"assistant\",\"content\":\"Adding.\",\"tool_calls\":[{\"id\":\"call_1_1\",\"type\":\"function\","
        "\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\": 2, \\\"b\\\": 3}\"}}]},"
        "{\"role\":\"tool\",\"tool_call_id\":\"call_1_1\",\"name\":\"add\",\"content\":\"5\"},"
        "{\"role\":\"assistant\",\"content\":\"The sum is 5.\"},"
        "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_3_1\",\"type\":\"function\","
        "\"function\":{\"name\":\"b_echo\",\"arguments\":\"{\\\"message\\\": \\\"5\\\"}\"}}]},"
        "{\"role\":\"tool\",\"tool_call_id\":\"call_3_1\",\"name\":\"b_echo\",\"content\":\"Echo: 5\"},"
        "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_4_1\",\"type\":\"function\","
        "\"function\":{\"name\":\"task_complete\",\"arguments\":\"{}\"}}]},"
        "{\"role\":\"tool\",\"tool_call_id\":\"call_4_1\",\"name\":\"task_complete\",\"content\":\"\"}]");
    CHECK_STR(rec.text, "Adding.The sum is 5.");
    CHECK_STR(rec.events, "call call_1_1 add {\"a\": 2, \"b\": 3}\nresult call_1_1 add: 5\n"
                          "call call_3_1 b_echo {\"message\": \"5\"}\nresult call_3_1 b_echo: Echo: 5\n"
                          "call call_4_1 task_complete {}\nresult call_4_1 task_complete: \n");
    /* what the model was sent: four streamed requests, exit tools first, then A's and B's
     * tools; the last one carried the whole history but its own answer */
    doc = t_router_requests(&t, &reqs);
    CHECK_INT((int)hfhub_json_len(reqs), 4);
    last = hfhub_json_at(reqs, hfhub_json_len(reqs) - 1);
    CHECK_STR(hfhub_json_str(hfhub_json_path(last, "body.model"), ""), "hfhub-test/agent");
    CHECK(hfhub_json_bool(hfhub_json_path(last, "body.stream"), 0));
    CHECK_STR(hfhub_json_str(hfhub_json_path(last, "body.tool_choice"), ""), "auto");
    CHECK_STR(hfhub_json_str(hfhub_json_path(last, "headers.authorization"), ""), "Bearer " T_HUB_WRITE_TOKEN);
    CHECK_INT((int)hfhub_json_len(hfhub_json_path(last, "body.messages")), 7);
    CHECK_STR(hfhub_json_str(hfhub_json_path(last, "body.messages.6.tool_call_id"), ""), "call_3_1");
    tools = hfhub_json_path(last, "body.tools");
    CHECK_INT((int)hfhub_json_len(tools), 2 + 11 + 11);
    CHECK_STR(hfhub_json_str(hfhub_json_path(tools, "0.function.name"), ""), "task_complete");
    CHECK_STR(hfhub_json_str(hfhub_json_path(tools, "1.function.name"), ""), "ask_question");
    CHECK_STR(hfhub_json_str(hfhub_json_path(tools, "2.function.name"), ""), "add");
    CHECK_STR(hfhub_json_str(hfhub_json_path(tools, "13.function.name"), ""), "b_add");
    for (i = 0; i < hfhub_json_len(reqs); i++)
        CHECK_STR(hfhub_json_str(hfhub_json_path(hfhub_json_at(reqs, i), "body.messages.0.content"), ""), t_script_prompt);
    hfhub_json_free(doc);
    t_router_stop(&t);
}

static int t_abort_at_three(void *u, const char *s, size_t n) {
    t_rec *r = (t_rec *)u;
    strncat(r->text, s, n);
    return strstr(r->text, "three") != NULL;
}

/* The second turn's stream is held open by the model after "five": the run ends only if the
 * abort closes the stream while it is still coming. */
static void test_router_abort_mid_stream(void) {
    t_router t;
    hfhub_agent_callbacks cb;
    t_rec rec;
    hfhub_json_doc *doc;
    const hfhub_json_value *reqs;
    if (t_router_start(&t)) { CHECK(!"router setup"); t_router_stop(&t); return; }
    t_cbs(&cb, &rec);
    cb.on_text = t_abort_at_three;
    CHECK_INT(hfhub_agent_run(t.ag, "go", &cb), HFHUB_ERR_CANCELLED);
    CHECK_STR(rec.text, "one two three");
    t_check_history(t.ag, t.c,
        "{\"role\":\"user\",\"content\":\"go\"},"
        "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_1_1\",\"type\":\"function\","
        "\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\": 1, \\\"b\\\": 1}\"}}]},"
        "{\"role\":\"tool\",\"tool_call_id\":\"call_1_1\",\"name\":\"add\",\"content\":\"2\"},"
        "{\"role\":\"assistant\",\"content\":\"one two three\"}]");
    /* the history stays valid for a strict provider: the next run goes on from it */
    t_cbs(&cb, &rec);
    CHECK_OK(hfhub_agent_run(t.ag, "again", &cb));
    CHECK_STR(rec.events, "call call_1_1 b_echo {\"message\": \"back\"}\nresult call_1_1 b_echo: Echo: back\n"
                          "call call_2_1 task_complete {}\nresult call_2_1 task_complete: \n");
    doc = t_router_requests(&t, &reqs);
    CHECK_INT((int)hfhub_json_len(reqs), 4);
    CHECK_STR(hfhub_json_str(hfhub_json_path(hfhub_json_at(reqs, 2), "body.messages.4.content"), ""), "one two three");
    hfhub_json_free(doc);
    t_router_stop(&t);
}

int main(void) {
    const char *root = getenv("HFHUB_ROOT");
    snprintf(t_server, sizeof t_server, "%s/tests/mcp/server.py", root && *root ? root : ".");
    snprintf(t_model, sizeof t_model, "%s/tests/mcp/model.py", root && *root ? root : ".");
    RUN(test_multi_turn_two_servers);
    RUN(test_text_turns);
    RUN(test_role_only_chunk_keeps_turn);
    RUN(test_bad_calls_and_dying_server);
    RUN(test_abort_mid_stream);
    RUN(test_max_turns);
    RUN(test_openai_chat);
    RUN(test_inference_chat);
    RUN(test_router_two_servers);
    RUN(test_router_abort_mid_stream);
    return TEST_END();
}
