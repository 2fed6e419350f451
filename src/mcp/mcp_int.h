/* mcp_int.h: MCP client internals: JSON-RPC messages, the server connection and its
 * transports (library-internal). */

/* One JSON-RPC message as read from a server. */
#define HFHUB__MCP_MSG_RESPONSE 1       /* id + result */
#define HFHUB__MCP_MSG_ERROR 2          /* id + error {code, message} */
#define HFHUB__MCP_MSG_REQUEST 3        /* id + method (a server asking us) */
#define HFHUB__MCP_MSG_NOTIFICATION 4   /* method, no id */

typedef struct hfhub__mcp_msg {
    int kind;
    int has_int_id;                  /* the id is an integer (ours always are) */
    int64_t id;
    const hfhub_json_value *id_value;/* the id as sent (requests are answered with it) */
    const char *method;
    const hfhub_json_value *params, *result;
    int64_t error_code;
    const char *error_message;
} hfhub__mcp_msg;

/* Parses one message (text[0..len)) into the arena: HFHUB_ERR_PARSE with a reason when it is
 * not JSON, not an object, not "jsonrpc": "2.0", or has no result/error/method. */
HFHUB__API hfhub_result hfhub__mcp_parse_msg(hfhub__arena *ar, const char *text, size_t len,
                                            hfhub__mcp_msg *msg);
/* A parsed value as compact JSON text in the arena; dflt (copied) when v is NULL; NULL on
 * failure. */
HFHUB__API char *hfhub__mcp_json_text(hfhub__arena *ar, const hfhub_json_value *v, const char *dflt);
/* format_result into out (appended). */
HFHUB__API hfhub_result hfhub__mcp_format(hfhub__buf *out, const hfhub_json_value *content);

/* A message waiting to be handled. */
typedef struct hfhub__mcp_inmsg {
    struct hfhub__mcp_inmsg *next;
    size_t len;
    long line;                       /* stdio line number / event number, for errors */
    char text[1];                    /* len bytes + NUL */
} hfhub__mcp_inmsg;

typedef struct hfhub__mcp_server hfhub__mcp_server;

struct hfhub__mcp_server {
    hfhub_mcp_client *owner;
    const hfhub_allocator *a;
    int type;
    char *name;
    char *protocol_version;          /* negotiated */
    char *session_id;                /* http: Mcp-Session-Id */
    int call_timeout_ms, timeout_ms, sse_read_timeout_ms, terminate_on_close;
    size_t max_message;
    int64_t next_id;
    int tools_stale;                 /* list_changed seen */
    int dead;                        /* the connection is gone */
    char *dead_reason;
    hfhub__arena cfg;                /* copies of the options below */
    const char *const *allowed;
    size_t n_allowed;
    const char *prefix;
    const char *url;
    hfhub_header *headers;
    size_t n_headers;
    /* this server's tools (exposed names already prefixed), in its own arena */
    hfhub__arena tools_ar;
    hfhub_mcp_tool *tools;
    size_t n_tools;
    /* the inbox (filled by the transports; the SSE thread takes the lock) */
    hfhub__mutex lock;
    hfhub__cond cond;
    hfhub__mcp_inmsg *head, *tail;
    size_t queued_bytes;
    hfhub_result pending_error;      /* a transport failure to report on the next wait */
    char *pending_detail;
    long lines;                      /* messages/lines received (for error messages) */
    /* the request being sent (http: its POST carries the timeout and polls the cancel) */
    int cur_timeout_ms;
    const hfhub_mcp_call_opts *cur_opts;
    /* stdio */
    long pid;
    int in_fd, out_fd, err_fd, stderr_mode;
    hfhub__buf rx;                   /* partial line */
    int rx_skipping;                 /* discarding the rest of an oversize line */
    char err_tail[4096];             /* last stderr bytes (capture mode), ring */
    size_t err_len, err_pos;
    /* sse */
    char *post_url;                  /* from the endpoint event */
    hfhub__thread sse_thread;
    int sse_running, sse_closing, sse_endpoint_seen;
};

/* Transport entry points (mcp_stdio.c, mcp_http.c). open connects; send writes one message
 * (http: also collects the reply into the inbox); wait blocks up to timeout_ms for more
 * input into the inbox (HFHUB_OK when something arrived or the time passed; an error when
 * the connection is gone); close ends everything (no child left, no thread left). */
HFHUB__API hfhub_result hfhub__mcp_stdio_open(hfhub__mcp_server *s, const hfhub_mcp_server_opts *o);
HFHUB__API hfhub_result hfhub__mcp_stdio_send(hfhub__mcp_server *s, const char *msg, size_t len);
HFHUB__API hfhub_result hfhub__mcp_stdio_wait(hfhub__mcp_server *s, int timeout_ms);
HFHUB__API void hfhub__mcp_stdio_close(hfhub__mcp_server *s);
HFHUB__API hfhub_result hfhub__mcp_http_open(hfhub__mcp_server *s);
HFHUB__API hfhub_result hfhub__mcp_http_send(hfhub__mcp_server *s, const char *msg, size_t len);
HFHUB__API hfhub_result hfhub__mcp_http_wait(hfhub__mcp_server *s, int timeout_ms);
HFHUB__API void hfhub__mcp_http_close(hfhub__mcp_server *s);

/* Called by transports with one received message: queued (a copy) unless the inbox is over
 * its bound, in which case the server is marked failed. Takes the lock. */
HFHUB__API void hfhub__mcp_deliver(hfhub__mcp_server *s, const char *text, size_t len);
/* Records a transport failure for the next wait (takes the lock). */
HFHUB__API void hfhub__mcp_fail_later(hfhub__mcp_server *s, hfhub_result r, const char *detail);
/* The client's pieces the transports use. */
HFHUB__API hfhub_client *hfhub__mcp_hub(const hfhub__mcp_server *s);
