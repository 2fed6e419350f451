/* mcp.h: a Model Context Protocol client (Python's MCPClient, JS's McpClient): tools from
 * MCP servers, ready to hand to a chat model.
 *
 * Transports (spec/inference.md §6.1-6.2):
 *   HFHUB_MCP_STDIO  a child process speaking newline-delimited JSON-RPC on stdin/stdout
 *                    (POSIX; started in its own session so a terminal's Ctrl+C spares it;
 *                    closed by closing its stdin, then SIGTERM, then SIGKILL, always reaped).
 *   HFHUB_MCP_SSE    legacy HTTP+SSE (2024-11-05): a GET event stream read on a background
 *                    thread (not available under HFHUB_NO_THREADS) plus POSTs.
 *   HFHUB_MCP_HTTP   streamable HTTP (2025-03-26+): a POST per message, answered with JSON or
 *                    an event stream; Mcp-Session-Id and MCP-Protocol-Version echoed; DELETE
 *                    on close.
 * HTTP requests go through the client's transport and proxy, carry the server's headers and
 * never the client's Hugging Face token (remote servers get only what their headers say).
 *
 *     hfhub_mcp_client *m;
 *     hfhub_mcp_server_opts s = {0};
 *     const char *args[] = {"server.py"};
 *     hfhub_mcp_client_new(client, NULL, &m);
 *     s.type = HFHUB_MCP_STDIO; s.command = "python3"; s.args = args; s.n_args = 1;
 *     hfhub_mcp_add_server(m, &s);          // initialize + tools/list (every page)
 *     hfhub_mcp_call_tool(m, "add", "{\"a\":2,\"b\":3}", NULL, &res);  // res->text is "5"
 *
 * Protocol: initialize sends HFHUB_MCP_PROTOCOL_VERSION and accepts a server answering any
 * version of hfhub_mcp_supported_versions(); tools/list follows nextCursor (Python reads one
 * page); notifications/tools/list_changed marks the server's tools stale and the next
 * hfhub_mcp_refresh_tools() lists them again; ping requests from a server are answered.
 * Tool names: a name already taken by an earlier server (or an earlier tool of the same
 * server) is skipped with a warning, as Python does; give a server a tool_prefix to keep
 * both. Messages are bounded (max_message); lines that are not JSON and responses to ids
 * that were never asked are logged (naming the server and the line) and ignored.
 * A client is used by one thread at a time. */

#define HFHUB_MCP_PROTOCOL_VERSION "2025-11-25"

#define HFHUB_MCP_STDIO 0
#define HFHUB_MCP_SSE 1
#define HFHUB_MCP_HTTP 2

/* stderr of a stdio server */
#define HFHUB_MCP_STDERR_INHERIT 0   /* passed through to ours (Python's default) */
#define HFHUB_MCP_STDERR_CAPTURE 1   /* kept (last 4 KiB) for error messages */
#define HFHUB_MCP_STDERR_DISCARD 2

typedef struct hfhub_mcp_server_opts {
    int type;                        /* HFHUB_MCP_STDIO, _SSE or _HTTP */
    const char *name;                /* used in errors and logs; NULL: the command or URL */
    /* stdio */
    const char *command;             /* looked up in PATH */
    const char *const *args;
    size_t n_args;
    /* "NAME=value" entries added to the child's environment, which otherwise holds only
     * HOME, LOGNAME, PATH, SHELL, TERM and USER from ours (the MCP SDK's default). */
    const char *const *env;
    size_t n_env;
    const char *cwd;                 /* NULL: ours */
    int stderr_mode;                 /* HFHUB_MCP_STDERR_* */
    /* sse / http */
    const char *url;
    const hfhub_header *headers;     /* sent on every request */
    size_t n_headers;
    int timeout_ms;                  /* connect and request timeout; 0: 30000 (Python: 30 s) */
    int sse_read_timeout_ms;         /* quiet time allowed on an event stream; 0: 300000 */
    int no_terminate_on_close;       /* http: 1 skips the DELETE on close */
    /* tools */
    const char *const *allowed_tools;/* NULL: every tool; else only these (by server name) */
    size_t n_allowed_tools;
    const char *tool_prefix;         /* NULL: none; else prepended to this server's tool names */
    int call_timeout_ms;             /* each request to this server; 0: 60000 */
    size_t max_message;              /* largest message accepted; 0: 16 MiB */
} hfhub_mcp_server_opts;

typedef struct hfhub_mcp_opts {
    const char *client_name;         /* NULL: "huggingface_hub.MCPClient" */
    const char *client_version;      /* NULL: hfhub_version() */
} hfhub_mcp_opts;

typedef struct hfhub_mcp_client hfhub_mcp_client;

/* One tool as the model sees it. Strings belong to the client and stay valid until the
 * tool list changes (hfhub_mcp_add_server, hfhub_mcp_refresh_tools) or the client is freed. */
typedef struct hfhub_mcp_tool {
    const char *name;                /* exposed name (with the server's prefix) */
    const char *server_tool_name;    /* the name the server knows */
    const char *description;         /* "" when none */
    const char *input_schema;        /* JSON text of inputSchema */
    const char *server;              /* the server's name */
} hfhub_mcp_tool;

/* A tools/call result. text is the formatted content (spec §6.3 format_result); content and
 * structured_content are the JSON texts of `content` and `structuredContent` (NULL when
 * absent); is_error is the result's isError. Free with hfhub_mcp_result_free. */
typedef struct hfhub_mcp_result {
    char *text;
    int is_error;
    char *content;
    char *structured_content;
} hfhub_mcp_result;

typedef struct hfhub_mcp_call_opts {
    int timeout_ms;                  /* 0: the server's call_timeout_ms */
    int (*cancelled)(void *user);    /* polled; nonzero sends notifications/cancelled */
    void *cancelled_user;
} hfhub_mcp_call_opts;

/* The protocol versions accepted from a server, oldest first, NULL-terminated. */
HFHUB_API const char *const *hfhub_mcp_supported_versions(void);

/* c gives the allocator, log, transport and proxy; it must outlive the MCP client. */
HFHUB_API hfhub_result hfhub_mcp_client_new(hfhub_client *c, const hfhub_mcp_opts *opts,
                                            hfhub_mcp_client **out);
/* Closes every server (stdio children ended and reaped, HTTP sessions deleted). */
HFHUB_API void hfhub_mcp_client_free(hfhub_mcp_client *m);
/* Connects, initializes and lists the server's tools. On failure nothing is added and the
 * error names the server. */
HFHUB_API hfhub_result hfhub_mcp_add_server(hfhub_mcp_client *m, const hfhub_mcp_server_opts *s);
HFHUB_API size_t hfhub_mcp_server_count(const hfhub_mcp_client *m);
/* What a server answered to initialize (NULL out of range or unknown). */
HFHUB_API const char *hfhub_mcp_server_protocol_version(const hfhub_mcp_client *m, size_t i);
HFHUB_API const char *hfhub_mcp_server_session_id(const hfhub_mcp_client *m, size_t i);
/* Reads what servers sent meanwhile and lists again the tools of those that announced
 * notifications/tools/list_changed. *changed (may be NULL) is set to 1 when the list changed. */
HFHUB_API hfhub_result hfhub_mcp_refresh_tools(hfhub_mcp_client *m, int *changed);
HFHUB_API size_t hfhub_mcp_tool_count(const hfhub_mcp_client *m);
HFHUB_API const hfhub_mcp_tool *hfhub_mcp_tool_at(const hfhub_mcp_client *m, size_t i);
/* The tools as an OpenAI `tools` array (JSON text, freed with hfhub_free on the hfhub_client):
 * [{"type": "function", "function": {"name", "description", "parameters"}}, ...]. */
HFHUB_API hfhub_result hfhub_mcp_tools_json(hfhub_mcp_client *m, char **out);
/* Calls a tool by its exposed name with arguments (a JSON object text; NULL or "": {}).
 * A tool error (isError) is a successful call with res->is_error set; a JSON-RPC error, a
 * dead server or a timeout is a failure naming the server. opts may be NULL. */
HFHUB_API hfhub_result hfhub_mcp_call_tool(hfhub_mcp_client *m, const char *name,
                                           const char *arguments, const hfhub_mcp_call_opts *opts,
                                           hfhub_mcp_result **out);
HFHUB_API void hfhub_mcp_result_free(hfhub_mcp_client *m, hfhub_mcp_result *r);

/* Python's format_result on a parsed `content` array: "[No content]" when empty, text items
 * joined with '\n', images/audio/blobs as "[Binary Content...]" lines. Free *out with
 * hfhub_free(c, *out). */
HFHUB_API hfhub_result hfhub_mcp_format_content(hfhub_client *c, const hfhub_json_value *content,
                                                char **out);
