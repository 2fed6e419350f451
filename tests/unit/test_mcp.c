/* test_mcp.c: the MCP client against the scripted servers of tests/mcp/server.py (stdio,
 * legacy SSE, streamable HTTP with JSON and event-stream replies). */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "spawn.h"
#include <errno.h>

static char t_server[1024];
static char t_logbuf[8192];

static void t_log(void *user, int level, const char *msg) {
    (void)user;
    if (level <= HFHUB_LOG_WARN && strlen(t_logbuf) + strlen(msg) + 2 < sizeof t_logbuf) {
        strcat(t_logbuf, msg);
        strcat(t_logbuf, "\n");
    }
}

static hfhub_client *t_client(void) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.log = t_log;
    cfg.log_level = HFHUB_LOG_WARN;
    cfg.proxy = "";
    t_logbuf[0] = 0;
    hfhub_client_new(&cfg, &c);
    return c;
}

/* A stdio server running tests/mcp/server.py with extra flags. */
static void t_stdio(hfhub_mcp_server_opts *o, const char **args, size_t n_extra) {
    memset(o, 0, sizeof *o);
    o->type = HFHUB_MCP_STDIO;
    o->command = "python3";
    args[0] = t_server;
    args[1] = "stdio";
    o->args = args;
    o->n_args = 2 + n_extra;
    o->name = "scripted";
}

static void t_no_children(void) {
    int st;
    errno = 0;
    CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
}

static void test_stdio_tools_and_calls(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    const char *args[4];
    hfhub_mcp_result *res = NULL;
    char *tools = NULL;
    t_stdio(&o, args, 0);
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    CHECK_INT(hfhub_mcp_tool_count(m), 11);               /* six pages of two */
    CHECK_STR(hfhub_mcp_tool_at(m, 0)->name, "add");
    CHECK_STR(hfhub_mcp_tool_at(m, 0)->description, "Add two integers");
    CHECK_STR(hfhub_mcp_server_protocol_version(m, 0), "2025-11-25");
    CHECK_OK(hfhub_mcp_tools_json(m, &tools));
    CHECK(tools && !strncmp(tools, "[{\"type\":\"function\",\"function\":{\"name\":\"add\",\"description\":\"Add two integers\","
                            "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}", 105));
    hfhub_free(c, tools);
    CHECK_OK(hfhub_mcp_call_tool(m, "add", "{\"a\": 2, \"b\": 3}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "5");
    CHECK(res && !res->is_error);
    CHECK_STR(res ? res->content : NULL, "[{\"type\":\"text\",\"text\":\"5\"}]");
    hfhub_mcp_result_free(m, res);
    CHECK_OK(hfhub_mcp_call_tool(m, "image", NULL, NULL, &res));
    CHECK_STR(res ? res->text : NULL,
              "[Binary Content: Image image/png, 100 bytes]\nThe task is complete and the content accessible to the User\n"
              "inline\n"
              "[Binary Content (mem://b.bin): application/octet-stream, 4 bytes]\nThe task is complete and the content accessible to the User\n"
              "[Binary Content: Audio audio/wav, 3 bytes]\nThe task is complete and the content accessible to the User");
    hfhub_mcp_result_free(m, res);
    CHECK_OK(hfhub_mcp_call_tool(m, "fail", "", NULL, &res));
    CHECK(res && res->is_error);
    CHECK_STR(res ? res->text : NULL, "it broke");
    hfhub_mcp_result_free(m, res);
    CHECK_OK(hfhub_mcp_call_tool(m, "structured", NULL, NULL, &res));
    CHECK_STR(res ? res->text : NULL, "[No content]");
    CHECK_STR(res ? res->structured_content : NULL, "{\"value\":42}");
    hfhub_mcp_result_free(m, res);
    CHECK_INT(hfhub_mcp_call_tool(m, "nope", NULL, NULL, &res), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_mcp_call_tool(m, "add", "[1]", NULL, &res), HFHUB_ERR_INVALID_ARG);
    hfhub_mcp_client_free(m);
    t_no_children();
    hfhub_client_free(c);
}

static void test_stdio_env_cwd_allowed_prefix(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o, o2;
    const char *args[4], *args2[4];
    const char *env[] = {"MCP_TEST_VAR=hello"};
    const char *allowed[] = {"env", "cwd", "add"};
    hfhub_mcp_result *res = NULL;
    t_stdio(&o, args, 0);
    o.env = env;
    o.n_env = 1;
    o.cwd = "/tmp";
    o.allowed_tools = allowed;
    o.n_allowed_tools = 3;
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    CHECK_INT(hfhub_mcp_tool_count(m), 3);
    CHECK_OK(hfhub_mcp_call_tool(m, "env", "{\"name\":\"MCP_TEST_VAR\"}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "hello");
    hfhub_mcp_result_free(m, res);
    CHECK_OK(hfhub_mcp_call_tool(m, "cwd", NULL, NULL, &res));
    CHECK_STR(res ? res->text : NULL, "/tmp");
    hfhub_mcp_result_free(m, res);
    /* a second server with the same names: its tools are skipped (the first wins) ... */
    t_stdio(&o2, args2, 0);
    o2.name = "second";
    CHECK_OK(hfhub_mcp_add_server(m, &o2));
    CHECK_INT(hfhub_mcp_tool_count(m), 3 + 8);
    CHECK(strstr(t_logbuf, "MCP tool 'add' of server 'second' skipped: the name is taken by server 'scripted'") != NULL);
    /* ... unless prefixed */
    o2.name = "third";
    o2.tool_prefix = "t_";
    CHECK_OK(hfhub_mcp_add_server(m, &o2));
    CHECK_INT(hfhub_mcp_tool_count(m), 3 + 8 + 11);
    CHECK_OK(hfhub_mcp_call_tool(m, "t_add", "{\"a\":40,\"b\":2}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "42");
    hfhub_mcp_result_free(m, res);
    hfhub_mcp_client_free(m);
    t_no_children();
    hfhub_client_free(c);
}

static void test_stdio_noise_and_unknown_ids(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    const char *args[4];
    hfhub_mcp_result *res = NULL;
    t_stdio(&o, args, 1);
    args[2] = "--noise";
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    CHECK_OK(hfhub_mcp_call_tool(m, "add", "{\"a\":1,\"b\":1}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "2");
    hfhub_mcp_result_free(m, res);
    CHECK(strstr(t_logbuf, "MCP server 'scripted': message 1 ignored:") != NULL);
    CHECK(strstr(t_logbuf, "MCP server 'scripted': message 2 answers an unknown request id; ignored") != NULL);
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

static int t_cancel_after;
static int t_cancel(void *user) { (void)user; return --t_cancel_after <= 0; }

static void test_stdio_timeout_cancel_and_death(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    hfhub_mcp_call_opts co;
    const char *args[4];
    hfhub_mcp_result *res = NULL;
    char logpath[64];
    char *log;
    snprintf(logpath, sizeof logpath, "/tmp/test_mcp_%d.log", (int)getpid());
    remove(logpath);
    t_stdio(&o, args, 2);
    args[2] = "--log";
    args[3] = logpath;
    o.stderr_mode = HFHUB_MCP_STDERR_CAPTURE;
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    memset(&co, 0, sizeof co);
    co.timeout_ms = 200;
    CHECK_INT(hfhub_mcp_call_tool(m, "slow", "{\"ms\":1500}", &co, &res), HFHUB_ERR_TIMEOUT);
    CHECK_STR(hfhub_last_error()->message, "MCP server 'scripted': no answer to tools/call within 200 ms");
    /* the server is still usable; the late answer is ignored */
    CHECK_OK(hfhub_mcp_call_tool(m, "add", "{\"a\":1,\"b\":2}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "3");
    hfhub_mcp_result_free(m, res);
    memset(&co, 0, sizeof co);
    co.cancelled = t_cancel;
    t_cancel_after = 3;
    CHECK_INT(hfhub_mcp_call_tool(m, "slow", "{\"ms\":1000}", &co, &res), HFHUB_ERR_CANCELLED);
    CHECK_INT(hfhub_mcp_call_tool(m, "die", NULL, NULL, &res), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "MCP server 'scripted' is not connected (MCP server 'scripted' closed its "
                                              "output (exit status 3); its stderr ends with: dying on purpose)") != NULL);
    CHECK_INT(hfhub_mcp_call_tool(m, "add", "{}", NULL, &res), HFHUB_ERR_NETWORK);
    hfhub_mcp_client_free(m);
    t_no_children();
    log = t_read_file(logpath, NULL);
    CHECK(log && strstr(log, "\"method\": \"notifications/cancelled\", \"params\": {\"requestId\": 7, \"reason\": \"timeout\"}"));
    CHECK(log && strstr(log, "\"method\": \"notifications/initialized\""));
    CHECK(log && strstr(log, "\"clientInfo\": {\"name\": \"huggingface_hub.MCPClient\""));
    free(log);
    remove(logpath);
    hfhub_client_free(c);
}

static void test_stdio_list_changed_and_limits(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    const char *args[4];
    hfhub_mcp_result *res = NULL;
    int changed = 0;
    t_stdio(&o, args, 0);
    o.max_message = 4096;
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    CHECK_OK(hfhub_mcp_refresh_tools(m, &changed));
    CHECK_INT(changed, 0);
    CHECK_OK(hfhub_mcp_call_tool(m, "grow", NULL, NULL, &res));
    hfhub_mcp_result_free(m, res);
    CHECK_OK(hfhub_mcp_refresh_tools(m, &changed));
    CHECK_INT(changed, 1);
    CHECK_INT(hfhub_mcp_tool_count(m), 12);
    CHECK_STR(hfhub_mcp_tool_at(m, 11)->name, "extra");
    CHECK_OK(hfhub_mcp_call_tool(m, "huge", "{\"n\":3000}", NULL, &res));
    hfhub_mcp_result_free(m, res);
    CHECK_INT(hfhub_mcp_call_tool(m, "huge", "{\"n\":10000}", NULL, &res), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "line 17 is longer than 4096 bytes") != NULL);
    hfhub_mcp_client_free(m);
    t_no_children();
    hfhub_client_free(c);
}

static void test_stdio_bad_servers(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    const char *args[4];
    t_stdio(&o, args, 2);
    args[2] = "--answer-version";
    args[3] = "1999-01-01";
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_INT(hfhub_mcp_add_server(m, &o), HFHUB_ERR_UNSUPPORTED);
    CHECK_STR(hfhub_last_error()->message,
              "MCP server 'scripted' speaks protocol version \"1999-01-01\", not one this client supports");
    t_stdio(&o, args, 1);
    args[2] = "--answer-version";
    args[3] = "2024-11-05";
    o.n_args = 4;
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    CHECK_STR(hfhub_mcp_server_protocol_version(m, 0), "2024-11-05");
    memset(&o, 0, sizeof o);
    o.command = "/nonexistent/mcp-server";
    CHECK_INT(hfhub_mcp_add_server(m, &o), HFHUB_ERR_IO);
    CHECK_STR(hfhub_last_error()->message,
              "MCP server '/nonexistent/mcp-server': cannot run '/nonexistent/mcp-server': No such file or directory");
    /* a server that exits at once */
    o.command = "true";
    o.name = "quitter";
    CHECK_INT(hfhub_mcp_add_server(m, &o), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "MCP server 'quitter' closed its output (exit status 0)") != NULL);
    /* a server that prints junk and never answers */
    o.command = "sh";
    {
        const char *sh[] = {"-c", "echo garbage; sleep 30"};
        o.args = sh;
        o.n_args = 2;
        o.name = "hanger";
        o.call_timeout_ms = 300;
        CHECK_INT(hfhub_mcp_add_server(m, &o), HFHUB_ERR_TIMEOUT);
        CHECK_STR(hfhub_last_error()->message, "MCP server 'hanger': no answer to initialize within 300 ms");
    }
    CHECK_INT(hfhub_mcp_server_count(m), 1);
    hfhub_mcp_client_free(m);
    t_no_children();
    hfhub_client_free(c);
}

/* ---- HTTP ---------------------------------------------------------------------------------- */

static int t_http_start(t_proc *p, const char *mode, const char *logpath, char *url, size_t cap, const char *path) {
    char line[256];
    char *argv[6];
    argv[0] = (char *)"python3";
    argv[1] = t_server;
    argv[2] = (char *)mode;
    argv[3] = (char *)"--log";
    argv[4] = (char *)logpath;
    argv[5] = NULL;
    if (t_spawn(p, argv, "ready", line, sizeof line)) return -1;
    snprintf(url, cap, "http://127.0.0.1:%d%s", atoi(line + 6), path);
    return 0;
}

static void t_http_mode(const char *mode, int type, const char *path) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    hfhub_mcp_result *res = NULL;
    hfhub_header h[1];
    t_proc p;
    char url[128], logpath[64];
    char *log;
    snprintf(logpath, sizeof logpath, "/tmp/test_mcp_http_%d.log", (int)getpid());
    remove(logpath);
    if (t_http_start(&p, mode, logpath, url, sizeof url, path)) { CHECK(!"server start"); return; }
    memset(&o, 0, sizeof o);
    o.type = type;
    o.url = url;
    h[0].name = "X-Test";
    h[0].value = "yes";
    o.headers = h;
    o.n_headers = 1;
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_OK(hfhub_mcp_add_server(m, &o));
    CHECK_INT(hfhub_mcp_tool_count(m), 11);
    if (type == HFHUB_MCP_HTTP) CHECK(hfhub_mcp_server_session_id(m, 0) && !strncmp(hfhub_mcp_server_session_id(m, 0), "sess-", 5));
    CHECK_OK(hfhub_mcp_call_tool(m, "add", "{\"a\":20,\"b\":22}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "42");
    hfhub_mcp_result_free(m, res);
    CHECK_OK(hfhub_mcp_call_tool(m, "echo", "{\"message\":\"hi\"}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "Echo: hi");
    hfhub_mcp_result_free(m, res);
    CHECK_OK(hfhub_mcp_call_tool(m, "fail", NULL, NULL, &res));
    CHECK(res && res->is_error);
    hfhub_mcp_result_free(m, res);
    if (type == HFHUB_MCP_HTTP) {
        hfhub_mcp_call_opts co;
        memset(&co, 0, sizeof co);
        co.timeout_ms = 300;                     /* bounds the POST itself */
        CHECK_INT(hfhub_mcp_call_tool(m, "slow", "{\"ms\":1500}", &co, &res), HFHUB_ERR_TIMEOUT);
        CHECK(!strncmp(hfhub_last_error()->message, "MCP server 'http://127.0.0.1:", 29));
        CHECK_OK(hfhub_mcp_call_tool(m, "add", "{\"a\":1,\"b\":1}", NULL, &res));
        CHECK_STR(res ? res->text : NULL, "2");
        hfhub_mcp_result_free(m, res);
    }
    if (type == HFHUB_MCP_HTTP && !strcmp(mode, "http-sse")) {
        int changed = 0;
        CHECK_OK(hfhub_mcp_call_tool(m, "grow", NULL, NULL, &res));   /* list_changed rides the reply stream */
        hfhub_mcp_result_free(m, res);
        CHECK_OK(hfhub_mcp_refresh_tools(m, &changed));
        CHECK_INT(changed, 1);
        CHECK_INT(hfhub_mcp_tool_count(m), 12);
    }
    hfhub_mcp_client_free(m);
    log = t_read_file(logpath, NULL);
    CHECK(log != NULL);
    if (log) {
        /* every request carried the user header */
        const char *q = log;
        int n_http = 0, n_hdr = 0;
        while ((q = strstr(q, "\"http\": ")) != NULL) { n_http++; q++; }
        for (q = log; (q = strstr(q, "\"x-test\": \"yes\"")) != NULL; q++) n_hdr++;
        CHECK(n_http > 5);
        CHECK_INT(n_hdr, n_http);
        CHECK(strstr(log, "\"authorization\"") == NULL);
        if (type == HFHUB_MCP_HTTP) {
            CHECK(strstr(log, "\"mcp-protocol-version\": \"2025-11-25\"") != NULL);
            CHECK(strstr(log, "{\"http\": \"DELETE\"") != NULL);
        }
    }
    free(log);
    remove(logpath);
    t_stop(&p);
    hfhub_client_free(c);
}

static void test_http_json(void) { t_http_mode("http-json", HFHUB_MCP_HTTP, "/mcp"); }
static void test_http_sse(void) { t_http_mode("http-sse", HFHUB_MCP_HTTP, "/mcp"); }
static void test_legacy_sse(void) { t_http_mode("sse", HFHUB_MCP_SSE, "/sse"); }

static void test_http_errors(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    memset(&o, 0, sizeof o);
    o.type = HFHUB_MCP_HTTP;
    o.url = "http://127.0.0.1:1/mcp";
    o.name = "nowhere";
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_INT(hfhub_mcp_add_server(m, &o), HFHUB_ERR_NETWORK);
    CHECK(!strncmp(hfhub_last_error()->message, "MCP server 'nowhere': ", 22));
    o.type = HFHUB_MCP_SSE;
    CHECK_INT(hfhub_mcp_add_server(m, &o), HFHUB_ERR_NETWORK);
    CHECK(!strncmp(hfhub_last_error()->message, "MCP server 'nowhere': ", 22));
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
}

static void test_format(void) {
    static const char *cases[][2] = {
        {"[]", "[No content]"},
        {"null", "[No content]"},
        {"[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]", "a\nb"},
        {"[{\"type\":\"image\",\"data\":\"QUJD\",\"mimeType\":\"image/jpeg\"}]",
         "[Binary Content: Image image/jpeg, 3 bytes]\nThe task is complete and the content accessible to the User"},
        {"[{\"type\":\"resource_link\",\"uri\":\"x\"},{\"type\":\"text\",\"text\":\"t\"}]", "\nt"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hfhub__arena ar;
        hfhub__buf b;
        const hfhub_json_value *v;
        hfhub__arena_init(&ar, NULL);
        hfhub__buf_init(&b, NULL);
        CHECK_OK(hfhub__json_parse_in(&ar, cases[i][0], strlen(cases[i][0]), 0, &v));
        CHECK_OK(hfhub__mcp_format(&b, v));
        CHECK_STR(b.data, cases[i][1]);
        hfhub__buf_free(&b);
        hfhub__arena_free(&ar);
    }
}

static void test_parse_msg(void) {
    hfhub__arena ar;
    hfhub__mcp_msg m;
    hfhub__arena_init(&ar, NULL);
    CHECK_OK(hfhub__mcp_parse_msg(&ar, "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", 36, &m));
    CHECK_INT(m.kind, HFHUB__MCP_MSG_RESPONSE);
    CHECK_INT(m.id, 3);
    CHECK_OK(hfhub__mcp_parse_msg(&ar, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"ping\"}", 42, &m));
    CHECK_INT(m.kind, HFHUB__MCP_MSG_REQUEST);
    CHECK_OK(hfhub__mcp_parse_msg(&ar, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad\"}}", 64, &m));
    CHECK_INT(m.kind, HFHUB__MCP_MSG_ERROR);
    CHECK_STR(m.error_message, "bad");
    CHECK_INT(hfhub__mcp_parse_msg(&ar, "{\"id\":1,\"result\":{}}", 20, &m), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub__mcp_parse_msg(&ar, "[1]", 3, &m), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub__mcp_parse_msg(&ar, "{\"jsonrpc\":\"2.0\",\"id\":1}", 24, &m), HFHUB_ERR_PARSE);
    hfhub__arena_free(&ar);
}

int main(void) {
    const char *root = getenv("HFHUB_ROOT");
    snprintf(t_server, sizeof t_server, "%s/tests/mcp/server.py", root && *root ? root : ".");
    RUN(test_format);
    RUN(test_parse_msg);
    RUN(test_stdio_tools_and_calls);
    RUN(test_stdio_env_cwd_allowed_prefix);
    RUN(test_stdio_noise_and_unknown_ids);
    RUN(test_stdio_timeout_cancel_and_death);
    RUN(test_stdio_list_changed_and_limits);
    RUN(test_stdio_bad_servers);
    RUN(test_http_json);
    RUN(test_http_sse);
    RUN(test_legacy_sse);
    RUN(test_http_errors);
    return TEST_END();
}
