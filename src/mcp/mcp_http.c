/* mcp_http.c: the HTTP transports of MCP: streamable HTTP (a POST per message, answered with
 * JSON or an event stream) and legacy HTTP+SSE (a GET event stream on a background thread,
 * messages POSTed to the endpoint it announces). */
#include <string.h>
#include <stdio.h>

/* What one POST's response sink collects. */
typedef struct hfhub__mcp_post {
    hfhub__mcp_server *s;
    int status;
    int is_sse;
    hfhub__sse sse;
    hfhub__buf body;                 /* JSON reply or error body */
    int too_large;
} hfhub__mcp_post;

static int hfhub__mcp_http_on_status(void *user, int status) {
    ((hfhub__mcp_post *)user)->status = status;
    return 0;
}

static int hfhub__mcp_http_on_header(void *user, const char *name, const char *value) {
    hfhub__mcp_post *p = (hfhub__mcp_post *)user;
    if (hfhub__ascii_ieq(name, "Content-Type") && p->status < 300)
        p->is_sse = !strncmp(value, "text/event-stream", 17);
    return 0;
}

/* Each `message` event of a reply stream is one JSON-RPC message. */
static int hfhub__mcp_http_on_event(void *user, const hfhub__sse_event *ev) {
    hfhub__mcp_server *s = (hfhub__mcp_server *)user;
    if (!strcmp(ev->event, "message") && ev->data_len) hfhub__mcp_deliver(s, ev->data, ev->data_len);
    return 0;
}

static int hfhub__mcp_http_on_body(void *user, const void *data, size_t n) {
    hfhub__mcp_post *p = (hfhub__mcp_post *)user;
    const hfhub_mcp_call_opts *co = p->s->cur_opts;
    if (co && co->cancelled && co->cancelled(co->cancelled_user)) return 1;
    if (p->is_sse) return hfhub__sse_feed(&p->sse, data, n) == HFHUB_OK ? 0 : 1;
    if (p->body.len + n > p->s->max_message) {
        p->too_large = 1;
        return 1;
    }
    hfhub__buf_append(&p->body, data, n);
    return 0;
}

/* The headers of every request: the protocol's, then the user's (which win). */
static size_t hfhub__mcp_http_headers(hfhub__mcp_server *s, hfhub_header *h, size_t cap, int post, int sse_get) {
    size_t n = 0, i;
    if (post) { h[n].name = "Content-Type"; h[n++].value = "application/json"; }
    h[n].name = "Accept";
    h[n++].value = sse_get ? "text/event-stream" : "application/json, text/event-stream";
    if (sse_get) { h[n].name = "Cache-Control"; h[n++].value = "no-store"; }
    if (s->type == HFHUB_MCP_HTTP && s->session_id) { h[n].name = "mcp-session-id"; h[n++].value = s->session_id; }
    if (s->type == HFHUB_MCP_HTTP && s->protocol_version) {
        h[n].name = "mcp-protocol-version";
        h[n++].value = s->protocol_version;
    }
    for (i = 0; i < s->n_headers && n < cap; i++) h[n++] = s->headers[i];
    return n;
}

static void hfhub__mcp_http_request_init(hfhub__mcp_server *s, hfhub_http_request *req, const char *method,
                                         const char *url, int read_timeout_ms) {
    memset(req, 0, sizeof *req);
    req->method = method;
    req->url = url;
    req->connect_timeout_ms = s->timeout_ms;
    req->read_timeout_ms = read_timeout_ms;
}

static void hfhub__mcp_http_policy(hfhub__mcp_server *s, hfhub__http_policy *pol) {
    hfhub_client *c = hfhub__mcp_hub(s);
    memset(pol, 0, sizeof *pol);
    pol->proxy = c->proxy;
    pol->log = &c->log;
}

/* The reply's error, naming the server; the session is gone on a 404 with a session. */
static hfhub_result hfhub__mcp_http_status_error(hfhub__mcp_server *s, const hfhub__mcp_post *p) {
    char snippet[200];
    size_t n = p->body.len < sizeof snippet - 1 ? p->body.len : sizeof snippet - 1;
    if (n) memcpy(snippet, p->body.data, n);
    snippet[n] = 0;
    if (p->status == 404 && s->session_id)
        return hfhub__fail(HFHUB_ERR_NETWORK, "MCP server '%s': session %s expired (HTTP 404)", s->name,
                           s->session_id);
    return hfhub__fail(p->status == 401 ? HFHUB_ERR_UNAUTHORIZED : HFHUB_ERR_HTTP,
                       "MCP server '%s': HTTP %d from %s%s%s", s->name, p->status, s->post_url ? s->post_url : s->url,
                       n ? ": " : "", snippet);
}

/* POSTs one message; a streamable-HTTP reply (JSON or events) goes to the inbox. */
static hfhub_result hfhub__mcp_http_post(hfhub__mcp_server *s, const char *url, const char *msg, size_t len) {
    hfhub_header h[40];
    hfhub_http_request req;
    hfhub_http_sink sink;
    hfhub__http_policy pol;
    hfhub__http_response resp;
    hfhub__mcp_post p;
    hfhub_result r;
    const char *sid;
    memset(&p, 0, sizeof p);
    p.s = s;
    hfhub__buf_init(&p.body, s->a);
    hfhub__sse_init(&p.sse, s->a, s->max_message, hfhub__mcp_http_on_event, s);
    hfhub__mcp_http_request_init(s, &req, "POST", url, s->type == HFHUB_MCP_HTTP ? s->sse_read_timeout_ms : s->timeout_ms);
    req.headers = h;
    req.n_headers = hfhub__mcp_http_headers(s, h, 40, 1, 0);
    req.body = msg;
    req.body_len = len;
    if (s->type == HFHUB_MCP_HTTP && s->cur_timeout_ms > 0) req.total_timeout_ms = s->cur_timeout_ms;
    memset(&sink, 0, sizeof sink);
    sink.user = &p;
    sink.on_status = hfhub__mcp_http_on_status;
    sink.on_header = hfhub__mcp_http_on_header;
    sink.on_body = hfhub__mcp_http_on_body;
    hfhub__mcp_http_policy(s, &pol);
    r = hfhub__http_exec(&hfhub__mcp_hub(s)->transport, &pol, &req, &sink, 0, s->a, &resp);
    if (p.too_large)
        r = hfhub__fail(HFHUB_ERR_TOO_LARGE, "MCP server '%s': reply larger than %lu bytes", s->name,
                        (unsigned long)s->max_message);
    else if (r == HFHUB_ERR_CANCELLED && p.sse.error)
        r = hfhub__fail(p.sse.error, "MCP server '%s': event larger than %lu bytes", s->name,
                        (unsigned long)s->max_message);
    else if (r != HFHUB_OK)
        r = hfhub__fail(r, "MCP server '%s': %s", s->name, hfhub_last_error()->message);
    else if (resp.status >= 400) r = hfhub__mcp_http_status_error(s, &p);
    if (r == HFHUB_OK && s->type == HFHUB_MCP_HTTP) {
        sid = hfhub__http_header(&resp, "mcp-session-id");
        if (sid && (!s->session_id || strcmp(sid, s->session_id))) {
            if (s->session_id) hfhub__free(s->a, s->session_id, strlen(s->session_id) + 1);
            s->session_id = hfhub__strdup(s->a, sid);
        }
        if (p.is_sse) (void)hfhub__sse_finish(&p.sse);
        else if (p.body.len) hfhub__mcp_deliver(s, p.body.data, p.body.len);
    }
    hfhub__http_response_free(&resp);
    hfhub__sse_free(&p.sse);
    hfhub__buf_free(&p.body);
    return r;
}

/* ---- legacy SSE: the event stream thread ------------------------------------------------- */
#ifndef HFHUB_NO_THREADS

static int hfhub__mcp_sse_on_event(void *user, const hfhub__sse_event *ev) {
    hfhub__mcp_server *s = (hfhub__mcp_server *)user;
    if (!strcmp(ev->event, "endpoint")) {
        hfhub__buf b;
        hfhub__buf_init(&b, s->a);
        if (hfhub__url_resolve(&b, s->url, ev->data) == HFHUB_OK && !b.failed) {
            hfhub__mutex_lock(&s->lock);
            if (!s->post_url) s->post_url = hfhub__buf_take(&b);
            s->sse_endpoint_seen = 1;
            hfhub__mutex_unlock(&s->lock);
        }
        hfhub__buf_free(&b);
    } else if (!strcmp(ev->event, "message") && ev->data_len) {
        hfhub__mcp_deliver(s, ev->data, ev->data_len);
    }
    return 0;
}

static int hfhub__mcp_sse_on_body(void *user, const void *data, size_t n) {
    hfhub__mcp_post *p = (hfhub__mcp_post *)user;
    int closing;
    hfhub__mutex_lock(&p->s->lock);
    closing = p->s->sse_closing;
    hfhub__mutex_unlock(&p->s->lock);
    if (closing) return 1;
    if (p->status >= 300) {
        if (p->body.len < 512) hfhub__buf_append(&p->body, data, n < 512 ? n : 512);
        return 0;
    }
    return hfhub__sse_feed(&p->sse, data, n) == HFHUB_OK ? 0 : 1;
}

static void hfhub__mcp_sse_thread(void *arg) {
    hfhub__mcp_server *s = (hfhub__mcp_server *)arg;
    hfhub_header h[40];
    hfhub_http_request req;
    hfhub_http_sink sink;
    hfhub__http_policy pol;
    hfhub__http_response resp;
    hfhub__mcp_post p;
    hfhub_result r;
    char msg[1600];
    memset(&p, 0, sizeof p);
    p.s = s;
    hfhub__buf_init(&p.body, s->a);
    hfhub__sse_init(&p.sse, s->a, s->max_message, hfhub__mcp_sse_on_event, s);
    hfhub__mcp_http_request_init(s, &req, "GET", s->url, s->sse_read_timeout_ms);
    req.headers = h;
    req.n_headers = hfhub__mcp_http_headers(s, h, 40, 0, 1);
    memset(&sink, 0, sizeof sink);
    sink.user = &p;
    sink.on_status = hfhub__mcp_http_on_status;
    sink.on_body = hfhub__mcp_sse_on_body;
    hfhub__mcp_http_policy(s, &pol);
    r = hfhub__http_exec(&hfhub__mcp_hub(s)->transport, &pol, &req, &sink, 0, s->a, &resp);
    if (r == HFHUB_OK && resp.status >= 400)
        snprintf(msg, sizeof msg, "MCP server '%s': HTTP %d from %s", s->name, resp.status, s->url);
    else if (p.sse.error == HFHUB_ERR_TOO_LARGE)
        snprintf(msg, sizeof msg, "MCP server '%s': event larger than %lu bytes", s->name,
                 (unsigned long)s->max_message);
    else if (r != HFHUB_OK && r != HFHUB_ERR_CANCELLED)
        snprintf(msg, sizeof msg, "MCP server '%s': event stream failed: %s", s->name, hfhub_last_error()->message);
    else
        snprintf(msg, sizeof msg, "MCP server '%s': event stream ended", s->name);
    hfhub__mcp_fail_later(s, p.sse.error == HFHUB_ERR_TOO_LARGE ? HFHUB_ERR_TOO_LARGE : HFHUB_ERR_NETWORK, msg);
    hfhub__http_response_free(&resp);
    hfhub__sse_free(&p.sse);
    hfhub__buf_free(&p.body);
}

static int hfhub__mcp_sse_has_input(hfhub__mcp_server *s) {
    int yes;
    hfhub__mutex_lock(&s->lock);
    yes = s->head != NULL || s->pending_error != 0 || s->sse_endpoint_seen == 1;
    hfhub__mutex_unlock(&s->lock);
    return yes;
}

#endif

/* ---- the entry points ------------------------------------------------------------------ */

hfhub_result hfhub__mcp_http_open(hfhub__mcp_server *s) {
#ifndef HFHUB_NO_THREADS
    int64_t deadline;
#endif
    if (s->type == HFHUB_MCP_HTTP) return HFHUB_OK;   /* nothing until the first POST */
#ifdef HFHUB_NO_THREADS
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "MCP server '%s': the legacy SSE transport needs threads", s->name);
#else
    if (hfhub__thread_start(&s->sse_thread, hfhub__mcp_sse_thread, s) != 0)
        return hfhub__fail(HFHUB_ERR_NOMEM, "MCP server '%s': cannot start a thread", s->name);
    s->sse_running = 1;
    deadline = hfhub__monotonic_ms() + s->timeout_ms;
    while (!hfhub__mcp_sse_has_input(s) && hfhub__monotonic_ms() < deadline) hfhub__sleep_ms(5);
    hfhub__mutex_lock(&s->lock);
    s->sse_endpoint_seen = 2;    /* from now on has_input looks at messages only */
    hfhub__mutex_unlock(&s->lock);
    if (!s->post_url) {
        hfhub_result r = s->pending_error;
        const char *why = s->pending_detail ? s->pending_detail : "no endpoint event";
        return hfhub__fail(r ? r : HFHUB_ERR_TIMEOUT, "MCP server '%s': %s", s->name,
                           r ? why : "no endpoint event within the timeout");
    }
    {
        /* the endpoint must be on the server's origin (as the MCP SDK checks) */
        hfhub__arena ar;
        hfhub__url a, b;
        int same;
        hfhub__arena_init(&ar, s->a);
        same = hfhub__url_parse(&ar, s->url, &a) == HFHUB_OK && hfhub__url_parse(&ar, s->post_url, &b) == HFHUB_OK &&
               !strcmp(a.scheme, b.scheme) && !strcmp(a.host, b.host) && a.port == b.port;
        hfhub__arena_free(&ar);
        if (!same)
            return hfhub__fail(HFHUB_ERR_PARSE, "MCP server '%s': endpoint %s is not on the server's origin",
                               s->name, s->post_url);
    }
    return HFHUB_OK;
#endif
}

hfhub_result hfhub__mcp_http_send(hfhub__mcp_server *s, const char *msg, size_t len) {
    return hfhub__mcp_http_post(s, s->type == HFHUB_MCP_HTTP ? s->url : s->post_url, msg, len);
}

/* Streamable HTTP delivered the reply during send: nothing more will come. Legacy SSE waits
 * for the stream thread. */
hfhub_result hfhub__mcp_http_wait(hfhub__mcp_server *s, int timeout_ms) {
    int64_t deadline = hfhub__monotonic_ms() + timeout_ms;
    if (s->type == HFHUB_MCP_HTTP) {
        if (timeout_ms == 0) return HFHUB_OK;
        return hfhub__fail(HFHUB_ERR_NETWORK, "MCP server '%s' sent no response to the request", s->name);
    }
#ifdef HFHUB_NO_THREADS
    (void)deadline;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "MCP server '%s': no legacy SSE without threads", s->name);
#else
    while (!hfhub__mcp_sse_has_input(s) && hfhub__monotonic_ms() < deadline) hfhub__sleep_ms(2);
    return HFHUB_OK;
#endif
}

void hfhub__mcp_http_close(hfhub__mcp_server *s) {
    if (s->type == HFHUB_MCP_HTTP && s->session_id && s->terminate_on_close) {
        hfhub_header h[40];
        hfhub_http_request req;
        hfhub__http_policy pol;
        hfhub__http_response resp;
        hfhub__mcp_http_request_init(s, &req, "DELETE", s->url, s->timeout_ms);
        req.headers = h;
        req.n_headers = hfhub__mcp_http_headers(s, h, 40, 0, 0);
        hfhub__mcp_http_policy(s, &pol);
        (void)hfhub__http_exec(&hfhub__mcp_hub(s)->transport, &pol, &req, NULL, 65536, s->a, &resp);
        hfhub__http_response_free(&resp);
    }
#ifndef HFHUB_NO_THREADS
    if (s->sse_running) {
        /* The stream thread stops at its next bytes: a ping makes the server send some. */
        hfhub__mutex_lock(&s->lock);
        s->sse_closing = 1;
        hfhub__mutex_unlock(&s->lock);
        if (s->post_url && !s->dead) {
            static const char ping[] = "{\"jsonrpc\":\"2.0\",\"id\":-1,\"method\":\"ping\"}";
            (void)hfhub__mcp_http_post(s, s->post_url, ping, sizeof ping - 1);
        }
        hfhub__thread_join(&s->sse_thread);
        s->sse_running = 0;
    }
#endif
}
