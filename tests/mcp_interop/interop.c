/* interop.c: the hfhub MCP client against the reference server
 * @modelcontextprotocol/server-everything (pinned in package.json), over stdio, streamable
 * HTTP and legacy SSE: initialize, list every tool, call echo, get-sum and get-tiny-image and
 * check the formatted results. Run by run.sh. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "spawn.h"

static char t_dist[1024], t_preload[1024];

static hfhub_client *t_client(void) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.proxy = "";
    hfhub_client_new(&cfg, &c);
    return c;
}

static int t_has_tool(hfhub_mcp_client *m, const char *name) {
    size_t i;
    for (i = 0; i < hfhub_mcp_tool_count(m); i++)
        if (!strcmp(hfhub_mcp_tool_at(m, i)->name, name)) return 1;
    return 0;
}

/* The checks every transport must pass. */
static void t_exercise(hfhub_client *c, const hfhub_mcp_server_opts *o) {
    hfhub_mcp_client *m = NULL;
    hfhub_mcp_result *res = NULL;
    char *tools = NULL;
    const char *ver;
    CHECK_OK(hfhub_mcp_client_new(c, NULL, &m));
    CHECK_OK(hfhub_mcp_add_server(m, o));
    ver = hfhub_mcp_server_protocol_version(m, 0);
    CHECK(ver && (!strcmp(ver, "2025-11-25") || !strcmp(ver, "2025-06-18") || !strcmp(ver, "2025-03-26")));
    CHECK(hfhub_mcp_tool_count(m) >= 10);
    CHECK(t_has_tool(m, "echo") && t_has_tool(m, "get-sum") && t_has_tool(m, "get-tiny-image"));
    CHECK_OK(hfhub_mcp_tools_json(m, &tools));
    CHECK(tools && strstr(tools, "{\"type\":\"function\",\"function\":{\"name\":\"echo\",\"description\":") != NULL);
    hfhub_free(c, tools);
    CHECK_OK(hfhub_mcp_call_tool(m, "echo", "{\"message\": \"hello from C\"}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "Echo: hello from C");
    CHECK(res && !res->is_error);
    hfhub_mcp_result_free(m, res);
    res = NULL;
    CHECK_OK(hfhub_mcp_call_tool(m, "get-sum", "{\"a\": 2, \"b\": 3}", NULL, &res));
    CHECK_STR(res ? res->text : NULL, "The sum of 2 and 3 is 5.");
    hfhub_mcp_result_free(m, res);
    res = NULL;
    CHECK_OK(hfhub_mcp_call_tool(m, "get-tiny-image", "{}", NULL, &res));
    CHECK(res && !strncmp(res->text, "Here's the image you requested:\n[Binary Content: Image image/png, ", 66));
    CHECK(res && strstr(res->text, " bytes]\nThe task is complete and the content accessible to the User\n"
                                   "The image above is the MCP logo.") != NULL);
    CHECK(res && res->content && strstr(res->content, "\"type\":\"image\"") != NULL);
    hfhub_mcp_result_free(m, res);
    res = NULL;
    /* a protocol error (bad arguments) is a failure naming the server, or a tool error */
    if (hfhub_mcp_call_tool(m, "get-sum", "{\"a\": \"x\"}", NULL, &res) == HFHUB_OK) CHECK(res && res->is_error);
    else CHECK(strstr(hfhub_last_error()->message, "MCP server 'everything'") != NULL);
    hfhub_mcp_result_free(m, res);
    if (o->type == HFHUB_MCP_HTTP) CHECK(hfhub_mcp_server_session_id(m, 0) != NULL);
    hfhub_mcp_client_free(m);
}

static void test_stdio(void) {
    hfhub_client *c = t_client();
    hfhub_mcp_server_opts o;
    const char *args[2];
    memset(&o, 0, sizeof o);
    args[0] = t_dist;
    args[1] = "stdio";
    o.type = HFHUB_MCP_STDIO;
    o.command = "node";
    o.args = args;
    o.n_args = 2;
    o.name = "everything";
    o.stderr_mode = HFHUB_MCP_STDERR_CAPTURE;
    t_exercise(c, &o);
    hfhub_client_free(c);
}

static void t_http(const char *mode, int type, const char *path) {
    hfhub_client *c = t_client();
    hfhub_mcp_server_opts o;
    char line[128], url[128];
    char *argv[] = {(char *)"node", (char *)"--require", t_preload, t_dist, (char *)mode, NULL};
    t_proc p;
    setenv("PORT", "0", 1);
    if (t_spawn(&p, argv, "ready", line, sizeof line)) { CHECK(!"server start"); hfhub_client_free(c); return; }
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", atoi(line + 6), path);
    memset(&o, 0, sizeof o);
    o.type = type;
    o.url = url;
    o.name = "everything";
    t_exercise(c, &o);
    t_stop(&p);
    hfhub_client_free(c);
}

static void test_streamable_http(void) { t_http("streamableHttp", HFHUB_MCP_HTTP, "/mcp"); }
static void test_legacy_sse(void) { t_http("sse", HFHUB_MCP_SSE, "/sse"); }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: interop DIR (tests/mcp_interop)\n"); return 2; }
    snprintf(t_dist, sizeof t_dist, "%s/node_modules/@modelcontextprotocol/server-everything/dist/index.js", argv[1]);
    snprintf(t_preload, sizeof t_preload, "%s/loopback.cjs", argv[1]);
    RUN(test_stdio);
    RUN(test_streamable_http);
    RUN(test_legacy_sse);
    return TEST_END();
}
