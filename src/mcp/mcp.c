/* mcp.c: the MCP client core: JSON-RPC requests over a transport, initialize, tools/list,
 * tools/call, result formatting. */
#include <stdio.h>
#include <string.h>

struct hfhub_mcp_client {
    hfhub_client *c;
    const hfhub_allocator *a;
    char *client_name, *client_version;
    hfhub__mcp_server **servers;
    size_t n_servers;
    hfhub_mcp_tool *tools;           /* the merged list (points into the servers' arenas) */
    size_t n_tools, tools_cap;
};

static const char *const hfhub__mcp_versions[] = {
    "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", NULL
};

#define HFHUB__MCP_MAX_QUEUED ((size_t)64 << 20)   /* unread messages kept per server */
#define HFHUB__MCP_MAX_PAGES 10000

const char *const *hfhub_mcp_supported_versions(void) { return hfhub__mcp_versions; }

hfhub_client *hfhub__mcp_hub(const hfhub__mcp_server *s) { return s->owner->c; }

/* ---- messages ------------------------------------------------------------------------------ */

hfhub_result hfhub__mcp_parse_msg(hfhub__arena *ar, const char *text, size_t len, hfhub__mcp_msg *msg) {
    const hfhub_json_value *root, *id, *err;
    hfhub_result r;
    memset(msg, 0, sizeof *msg);
    r = hfhub__json_parse_in(ar, text, len, 64, &root);
    if (r != HFHUB_OK) return r;
    if (hfhub_json_type_of(root) != HFHUB_JSON_OBJECT)
        return hfhub__fail(HFHUB_ERR_PARSE, "not a JSON-RPC message (not an object)");
    if (strcmp(hfhub_json_str(hfhub_json_get(root, "jsonrpc"), ""), "2.0") != 0)
        return hfhub__fail(HFHUB_ERR_PARSE, "not a JSON-RPC 2.0 message (jsonrpc is not \"2.0\")");
    id = hfhub_json_get(root, "id");
    msg->id_value = id;
    if (hfhub_json_is_int(id)) {
        msg->has_int_id = 1;
        msg->id = hfhub_json_int(id, -1);
    }
    msg->method = hfhub_json_str(hfhub_json_get(root, "method"), NULL);
    msg->params = hfhub_json_get(root, "params");
    msg->result = hfhub_json_get(root, "result");
    err = hfhub_json_get(root, "error");
    if (msg->method) {
        msg->kind = (id && !hfhub_json_is_null(id)) ? HFHUB__MCP_MSG_REQUEST : HFHUB__MCP_MSG_NOTIFICATION;
    } else if (!id) {
        return hfhub__fail(HFHUB_ERR_PARSE, "JSON-RPC message without id or method");
    } else if (err) {
        msg->kind = HFHUB__MCP_MSG_ERROR;
        msg->error_code = hfhub_json_int(hfhub_json_get(err, "code"), 0);
        msg->error_message = hfhub_json_str(hfhub_json_get(err, "message"), "(no message)");
    } else if (msg->result) {
        msg->kind = HFHUB__MCP_MSG_RESPONSE;
    } else {
        return hfhub__fail(HFHUB_ERR_PARSE, "JSON-RPC response without result or error");
    }
    return HFHUB_OK;
}

/* Decoded size of base64 text: len*3/4 minus padding (Python's formatter). */
static size_t hfhub__mcp_b64_size(const char *s, size_t n) {
    size_t pad = 0;
    if (n >= 1 && s[n - 1] == '=') pad++;
    if (n >= 2 && s[n - 2] == '=') pad++;
    return n * 3 / 4 - pad;
}

static void hfhub__mcp_format_item(hfhub__buf *out, const hfhub_json_value *it) {
    static const char *tail = "]\nThe task is complete and the content accessible to the User";
    const char *type = hfhub_json_str(hfhub_json_get(it, "type"), "");
    size_t n = 0;
    if (!strcmp(type, "text")) {
        hfhub__buf_puts(out, hfhub_json_str(hfhub_json_get(it, "text"), ""));
    } else if (!strcmp(type, "image") || !strcmp(type, "audio")) {
        const char *data = hfhub_json_strn(hfhub_json_get(it, "data"), &n);
        hfhub__buf_printf(out, "[Binary Content: %s %s, %lu bytes%s",
                          type[0] == 'i' ? "Image" : "Audio",
                          hfhub_json_str(hfhub_json_get(it, "mimeType"), "unknown"),
                          (unsigned long)(data ? hfhub__mcp_b64_size(data, n) : 0), tail);
    } else if (!strcmp(type, "resource")) {
        const hfhub_json_value *res = hfhub_json_get(it, "resource");
        const char *text = hfhub_json_str(hfhub_json_get(res, "text"), NULL);
        const char *blob = hfhub_json_strn(hfhub_json_get(res, "blob"), &n);
        if (text) hfhub__buf_puts(out, text);
        else if (blob)
            hfhub__buf_printf(out, "[Binary Content (%s): %s, %lu bytes%s",
                              hfhub_json_str(hfhub_json_get(res, "uri"), ""),
                              hfhub_json_str(hfhub_json_get(res, "mimeType"), "unknown"),
                              (unsigned long)hfhub__mcp_b64_size(blob, n), tail);
    }
}

/* Items are joined with '\n'; types the formatter does not know (resource_link) add
 * nothing but still take their place in the join, as Python's "\n".join does. */
hfhub_result hfhub__mcp_format(hfhub__buf *out, const hfhub_json_value *content) {
    size_t i, n = hfhub_json_len(content);
    if (hfhub_json_type_of(content) != HFHUB_JSON_ARRAY || n == 0) {
        hfhub__buf_puts(out, "[No content]");
    } else {
        for (i = 0; i < n; i++) {
            if (i) hfhub__buf_putc(out, '\n');
            hfhub__mcp_format_item(out, hfhub_json_at(content, i));
        }
    }
    return out->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "formatting a tool result") : HFHUB_OK;
}

hfhub_result hfhub_mcp_format_content(hfhub_client *c, const hfhub_json_value *content, char **out) {
    hfhub__buf b;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, c->a);
    r = hfhub__mcp_format(&b, content);
    if (r == HFHUB_OK && !(*out = hfhub__out_strdup(c, b.data ? b.data : "")))
        r = hfhub__fail(HFHUB_ERR_NOMEM, "formatting a tool result");
    hfhub__buf_free(&b);
    return r;
}

/* ---- the inbox --------------------------------------------------------------------------- */

void hfhub__mcp_deliver(hfhub__mcp_server *s, const char *text, size_t len) {
    hfhub__mcp_inmsg *m;
    hfhub__mutex_lock(&s->lock);
    s->lines++;
    if (s->queued_bytes + len > HFHUB__MCP_MAX_QUEUED) {
        if (!s->pending_error) s->pending_error = HFHUB_ERR_TOO_LARGE;
        hfhub__mutex_unlock(&s->lock);
        return;
    }
    m = (hfhub__mcp_inmsg *)hfhub__alloc(s->a, sizeof *m + len);
    if (m) {
        m->next = NULL;
        m->len = len;
        m->line = s->lines;
        memcpy(m->text, text, len);
        m->text[len] = 0;
        if (s->tail) s->tail->next = m; else s->head = m;
        s->tail = m;
        s->queued_bytes += len;
    } else if (!s->pending_error) {
        s->pending_error = HFHUB_ERR_NOMEM;
    }
    hfhub__cond_broadcast(&s->cond);
    hfhub__mutex_unlock(&s->lock);
}

void hfhub__mcp_fail_later(hfhub__mcp_server *s, hfhub_result r, const char *detail) {
    hfhub__mutex_lock(&s->lock);
    if (!s->pending_error) {
        s->pending_error = r;
        s->pending_detail = hfhub__strdup(s->a, detail);
    }
    hfhub__cond_broadcast(&s->cond);
    hfhub__mutex_unlock(&s->lock);
}

static hfhub__mcp_inmsg *hfhub__mcp_pop(hfhub__mcp_server *s) {
    hfhub__mcp_inmsg *m;
    hfhub__mutex_lock(&s->lock);
    m = s->head;
    if (m) {
        s->head = m->next;
        if (!s->head) s->tail = NULL;
        s->queued_bytes -= m->len;
    }
    hfhub__mutex_unlock(&s->lock);
    return m;
}

static void hfhub__mcp_msg_free(hfhub__mcp_server *s, hfhub__mcp_inmsg *m) {
    hfhub__free(s->a, m, sizeof *m + m->len);
}

/* A failure recorded by a transport, turned into this thread's error (once; the server is
 * then dead). */
static hfhub_result hfhub__mcp_take_failure(hfhub__mcp_server *s) {
    hfhub_result r;
    char *detail;
    hfhub__mutex_lock(&s->lock);
    r = s->pending_error;
    detail = s->pending_detail;
    s->pending_detail = NULL;
    hfhub__mutex_unlock(&s->lock);
    if (!r) return HFHUB_OK;
    if (!s->dead) {
        s->dead = 1;
        if (detail) s->dead_reason = hfhub__strdup(s->a, detail);
        else if (r == HFHUB_ERR_TOO_LARGE)
            s->dead_reason = hfhub__strdup(s->a, "more unread messages than the client keeps");
        else s->dead_reason = hfhub__strdup(s->a, "connection failed");
    }
    if (detail) hfhub__free(s->a, detail, strlen(detail) + 1);
    return r;
}

/* ---- sending --------------------------------------------------------------------------- */

static hfhub_result hfhub__mcp_send(hfhub__mcp_server *s, const hfhub__buf *b) {
    if (b->failed) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP message");
    switch (s->type) {
    case HFHUB_MCP_STDIO: return hfhub__mcp_stdio_send(s, b->data, b->len);
    default: return hfhub__mcp_http_send(s, b->data, b->len);
    }
}

static hfhub_result hfhub__mcp_wait(hfhub__mcp_server *s, int timeout_ms) {
    hfhub_result r = s->type == HFHUB_MCP_STDIO ? hfhub__mcp_stdio_wait(s, timeout_ms)
                                                : hfhub__mcp_http_wait(s, timeout_ms);
    if (r != HFHUB_OK && !s->dead) {
        s->dead = 1;
        s->dead_reason = hfhub__strdup(s->a, hfhub_last_error()->message);
    }
    return r;
}

/* {"jsonrpc":"2.0",["id":id,]"method":m[,"params":raw]} */
static void hfhub__mcp_write_msg(hfhub__buf *b, int64_t id, const char *method, const char *params) {
    hfhub__jw w;
    hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "jsonrpc", "2.0");
    if (id >= 0) hfhub__jw_kv_int(&w, "id", id);
    hfhub__jw_kv_string(&w, "method", method);
    if (params) {
        hfhub__jw_key(&w, "params");
        hfhub__jw_raw(&w, params, strlen(params));
    }
    hfhub__jw_end_object(&w);
    if (hfhub__jw_result(&w) != HFHUB_OK) b->failed = 1;
}

static hfhub_result hfhub__mcp_notify(hfhub__mcp_server *s, const char *method, const char *params) {
    hfhub__buf b;
    hfhub_result r;
    hfhub__buf_init(&b, s->a);
    hfhub__mcp_write_msg(&b, -1, method, params);
    r = hfhub__mcp_send(s, &b);
    hfhub__buf_free(&b);
    return r;
}

/* Answers a server's request: ping gets {}, anything else "method not found". */
static void hfhub__mcp_answer(hfhub__mcp_server *s, const hfhub__mcp_msg *m) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub__buf_init(&b, s->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "jsonrpc", "2.0");
    hfhub__jw_key(&w, "id");
    hfhub__jw_value(&w, m->id_value);
    if (!strcmp(m->method, "ping")) {
        hfhub__jw_key(&w, "result");
        hfhub__jw_raw(&w, "{}", 2);
    } else {
        hfhub__jw_key(&w, "error");
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_int(&w, "code", -32601);
        hfhub__jw_kv_string(&w, "message", "Method not found");
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_object(&w);
    if (hfhub__jw_result(&w) == HFHUB_OK) (void)hfhub__mcp_send(s, &b);
    hfhub__buf_free(&b);
}

/* Handles a message that is not the awaited response. */
static void hfhub__mcp_handle_other(hfhub__mcp_server *s, const hfhub__mcp_msg *m, long line) {
    const hfhub__logger *lg = &s->owner->c->log;
    if (m->kind == HFHUB__MCP_MSG_NOTIFICATION) {
        if (!strcmp(m->method, "notifications/tools/list_changed")) s->tools_stale = 1;
        else hfhub__log(lg, HFHUB_LOG_DEBUG, "MCP server '%s': notification %s", s->name, m->method);
    } else if (m->kind == HFHUB__MCP_MSG_REQUEST) {
        hfhub__mcp_answer(s, m);
    } else {
        hfhub__log(lg, HFHUB_LOG_WARN, "MCP server '%s': message %ld answers an unknown request id; ignored",
                   s->name, line);
    }
}

/* Reads and handles queued messages; stops at the response to `want` (>= 0), which is
 * parsed into ar and returned in *found. */
static void hfhub__mcp_drain(hfhub__mcp_server *s, int64_t want, hfhub__arena *ar, hfhub__mcp_msg *found,
                             int *got) {
    hfhub__mcp_inmsg *im;
    while (!*got && (im = hfhub__mcp_pop(s)) != NULL) {
        hfhub__arena tmp;
        hfhub__mcp_msg m;
        int mine;
        hfhub__arena_init(&tmp, s->a);
        if (hfhub__mcp_parse_msg(&tmp, im->text, im->len, &m) != HFHUB_OK) {
            hfhub__log(&s->owner->c->log, HFHUB_LOG_WARN, "MCP server '%s': message %ld ignored: %s",
                       s->name, im->line, hfhub_last_error()->message);
        } else {
            mine = want >= 0 && m.has_int_id && m.id == want &&
                   (m.kind == HFHUB__MCP_MSG_RESPONSE || m.kind == HFHUB__MCP_MSG_ERROR);
            if (mine) {
                (void)hfhub__mcp_parse_msg(ar, im->text, im->len, found);
                *got = 1;
            } else {
                hfhub__mcp_handle_other(s, &m, im->line);
            }
        }
        hfhub__arena_free(&tmp);
        hfhub__mcp_msg_free(s, im);
    }
}

static hfhub_result hfhub__mcp_dead_error(hfhub__mcp_server *s, const char *method) {
    return hfhub__fail(HFHUB_ERR_NETWORK, "MCP server '%s' is not connected (%s): %s failed", s->name,
                       s->dead_reason ? s->dead_reason : "closed", method);
}

/* Sends a request and waits for its answer, parsed into ar. A JSON-RPC error is
 * HFHUB_ERR_HTTP-free: HFHUB_ERR_BAD_REQUEST with the server's message. */
static hfhub_result hfhub__mcp_request(hfhub__mcp_server *s, const char *method, const char *params,
                                       const hfhub_mcp_call_opts *co, hfhub__arena *ar,
                                       const hfhub_json_value **result) {
    hfhub__buf b;
    hfhub__mcp_msg resp;
    hfhub_result r;
    int64_t id = s->next_id++, deadline;
    int timeout = co && co->timeout_ms > 0 ? co->timeout_ms : s->call_timeout_ms, got = 0;
    char reason[48];
    *result = NULL;
    if (s->dead) return hfhub__mcp_dead_error(s, method);
    hfhub__buf_init(&b, s->a);
    hfhub__mcp_write_msg(&b, id, method, params);
    s->cur_timeout_ms = timeout;
    s->cur_opts = co;
    r = hfhub__mcp_send(s, &b);
    s->cur_timeout_ms = 0;
    s->cur_opts = NULL;
    hfhub__buf_free(&b);
    if (r != HFHUB_OK) {
        /* a stdio server that cannot be written to is gone: say why (its exit status) */
        int i;
        if (s->type != HFHUB_MCP_STDIO) return r;
        for (i = 0; i < 50 && s->out_fd >= 0; i++)
            if (hfhub__mcp_stdio_wait(s, 20) != HFHUB_OK) break;
        if (hfhub__mcp_take_failure(s) == HFHUB_OK && !s->dead) {
            s->dead = 1;
            s->dead_reason = hfhub__strdup(s->a, hfhub_last_error()->message);
        }
        return hfhub__mcp_dead_error(s, method);
    }
    deadline = hfhub__monotonic_ms() + timeout;
    for (;;) {
        int64_t left;
        hfhub__mcp_drain(s, id, ar, &resp, &got);
        if (got) break;
        if (hfhub__mcp_take_failure(s) != HFHUB_OK || s->dead) return hfhub__mcp_dead_error(s, method);
        if (co && co->cancelled && co->cancelled(co->cancelled_user)) {
            r = HFHUB_ERR_CANCELLED;
            break;
        }
        left = deadline - hfhub__monotonic_ms();
        if (left <= 0) {
            r = HFHUB_ERR_TIMEOUT;
            break;
        }
        if (s->type == HFHUB_MCP_HTTP)
            return hfhub__fail(HFHUB_ERR_NETWORK, "MCP server '%s' sent no response to %s", s->name, method);
        if (co && co->cancelled && left > 100) left = 100;
        if (hfhub__mcp_wait(s, (int)left) != HFHUB_OK) {
            hfhub__mcp_drain(s, id, ar, &resp, &got);  /* an answer may precede the end */
            if (got) break;
            return hfhub__mcp_dead_error(s, method);
        }
    }
    if (!got) {
        /* tell the server to stop working on it (MCP cancellation) */
        snprintf(reason, sizeof reason, "{\"requestId\":%ld,\"reason\":\"%s\"}", (long)id,
                 r == HFHUB_ERR_TIMEOUT ? "timeout" : "cancelled");
        (void)hfhub__mcp_notify(s, "notifications/cancelled", reason);
        if (r == HFHUB_ERR_TIMEOUT)
            return hfhub__fail(r, "MCP server '%s': no answer to %s within %d ms", s->name, method, timeout);
        return hfhub__fail(r, "MCP server '%s': %s cancelled", s->name, method);
    }
    if (resp.kind == HFHUB__MCP_MSG_ERROR)
        return hfhub__fail(HFHUB_ERR_BAD_REQUEST, "MCP server '%s': %s failed: %s (code %ld)", s->name,
                           method, resp.error_message, (long)resp.error_code);
    *result = resp.result;
    return HFHUB_OK;
}

/* ---- tools ------------------------------------------------------------------------------- */

static int hfhub__mcp_allowed(const hfhub__mcp_server *s, const char *name) {
    size_t i;
    if (!s->allowed) return 1;
    for (i = 0; i < s->n_allowed; i++)
        if (!strcmp(s->allowed[i], name)) return 1;
    return 0;
}

char *hfhub__mcp_json_text(hfhub__arena *ar, const hfhub_json_value *v, const char *dflt) {
    hfhub__buf b;
    hfhub__jw w;
    char *out = NULL;
    if (!v) return hfhub__arena_strdup(ar, dflt);
    hfhub__buf_init(&b, ar->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_value(&w, v);
    if (hfhub__jw_result(&w) == HFHUB_OK && b.data) out = hfhub__arena_strndup(ar, b.data, b.len);
    hfhub__buf_free(&b);
    return out;
}

/* Adds one page's tools to the (growing) list in ar. */
static hfhub_result hfhub__mcp_add_page(hfhub__mcp_server *s, hfhub__arena *ar, const hfhub_json_value *list,
                                        hfhub_mcp_tool **tools, size_t *n, size_t *cap) {
    size_t i;
    for (i = 0; i < hfhub_json_len(list); i++) {
        const hfhub_json_value *t = hfhub_json_at(list, i);
        const char *name = hfhub_json_str(hfhub_json_get(t, "name"), NULL);
        hfhub_mcp_tool *tool;
        if (!name || !*name) {
            hfhub__log(&s->owner->c->log, HFHUB_LOG_WARN, "MCP server '%s': a tool without a name; skipped", s->name);
            continue;
        }
        if (!hfhub__mcp_allowed(s, name)) continue;
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 16;
            hfhub_mcp_tool *nt = (hfhub_mcp_tool *)hfhub__arena_alloc(ar, nc * sizeof *nt);
            if (!nt) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP tool list");
            if (*n) memcpy(nt, *tools, *n * sizeof *nt);
            *tools = nt;
            *cap = nc;
        }
        tool = &(*tools)[(*n)++];
        tool->server_tool_name = hfhub__arena_strdup(ar, name);
        tool->name = s->prefix ? NULL : tool->server_tool_name;
        if (s->prefix) {
            size_t lp = strlen(s->prefix), ln = strlen(name);
            char *full = (char *)hfhub__arena_alloc(ar, lp + ln + 1);
            if (full) { memcpy(full, s->prefix, lp); memcpy(full + lp, name, ln + 1); }
            tool->name = full;
        }
        tool->description = hfhub__arena_strdup(ar, hfhub_json_str(hfhub_json_get(t, "description"), ""));
        tool->input_schema = hfhub__mcp_json_text(ar, hfhub_json_get(t, "inputSchema"),
                                                   "{\"type\":\"object\",\"properties\":{}}");
        tool->server = s->name;
        if (!tool->name || !tool->description || !tool->input_schema || !tool->server_tool_name)
            return hfhub__fail(HFHUB_ERR_NOMEM, "MCP tool list");
    }
    return HFHUB_OK;
}

/* tools/list, every page, into a fresh arena that replaces the server's on success. */
static hfhub_result hfhub__mcp_list_tools(hfhub__mcp_server *s) {
    hfhub__arena ar;
    hfhub_mcp_tool *tools = NULL;
    size_t n = 0, cap = 0, pages = 0;
    char *cursor = NULL;
    hfhub_result r = HFHUB_OK;
    hfhub__arena_init(&ar, s->a);
    s->tools_stale = 0;
    do {
        hfhub__arena page;
        const hfhub_json_value *res;
        const char *next;
        hfhub__buf params;
        hfhub__jw w;
        hfhub__buf_init(&params, s->a);
        hfhub__jw_init(&w, &params, HFHUB__JW_COMPACT);
        hfhub__jw_begin_object(&w);
        if (cursor) hfhub__jw_kv_string(&w, "cursor", cursor);
        hfhub__jw_end_object(&w);
        hfhub__arena_init(&page, s->a);
        r = hfhub__jw_result(&w);
        if (r == HFHUB_OK) r = hfhub__mcp_request(s, "tools/list", params.data, NULL, &page, &res);
        hfhub__buf_free(&params);
        if (r == HFHUB_OK) r = hfhub__mcp_add_page(s, &ar, hfhub_json_get(res, "tools"), &tools, &n, &cap);
        if (r == HFHUB_OK) {
            next = hfhub_json_str(hfhub_json_get(res, "nextCursor"), NULL);
            if (next && cursor && !strcmp(next, cursor))
                r = hfhub__fail(HFHUB_ERR_PARSE, "MCP server '%s': tools/list repeats cursor \"%s\"", s->name, next);
            cursor = next && *next ? hfhub__arena_strdup(&ar, next) : NULL;
            if (++pages > HFHUB__MCP_MAX_PAGES)
                r = hfhub__fail(HFHUB_ERR_TOO_LARGE, "MCP server '%s': more than %d tools/list pages",
                                s->name, HFHUB__MCP_MAX_PAGES);
        }
        hfhub__arena_free(&page);
    } while (r == HFHUB_OK && cursor);
    if (r != HFHUB_OK) {
        hfhub__arena_free(&ar);
        return r;
    }
    hfhub__arena_free(&s->tools_ar);
    s->tools_ar = ar;
    s->tools = tools;
    s->n_tools = n;
    return HFHUB_OK;
}

/* The merged list: servers in the order added, tools in server order; a name already
 * taken is skipped with a warning (deterministic: the first one wins). */
static hfhub_result hfhub__mcp_merge(hfhub_mcp_client *m) {
    size_t i, j, k, total = 0, n = 0;
    hfhub_mcp_tool *list;
    for (i = 0; i < m->n_servers; i++) total += m->servers[i]->n_tools;
    list = (hfhub_mcp_tool *)hfhub__alloc(m->a, (total ? total : 1) * sizeof *list);
    if (!list) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP tool list");
    for (i = 0; i < m->n_servers; i++) {
        const hfhub__mcp_server *s = m->servers[i];
        for (j = 0; j < s->n_tools; j++) {
            const hfhub_mcp_tool *t = &s->tools[j];
            for (k = 0; k < n && strcmp(list[k].name, t->name); k++) {}
            if (k < n) {
                hfhub__log(&m->c->log, HFHUB_LOG_WARN,
                           "MCP tool '%s' of server '%s' skipped: the name is taken by server '%s'",
                           t->name, s->name, list[k].server);
                continue;
            }
            list[n++] = *t;
        }
    }
    hfhub__free(m->a, m->tools, m->tools_cap * sizeof *m->tools);
    m->tools = list;
    m->tools_cap = total ? total : 1;
    m->n_tools = n;
    return HFHUB_OK;
}

/* ---- servers ----------------------------------------------------------------------------- */

static void hfhub__mcp_server_free(hfhub__mcp_server *s) {
    hfhub__mcp_inmsg *im;
    if (s->type == HFHUB_MCP_STDIO) hfhub__mcp_stdio_close(s);
    else hfhub__mcp_http_close(s);
    while ((im = hfhub__mcp_pop(s)) != NULL) hfhub__mcp_msg_free(s, im);
    hfhub__arena_free(&s->tools_ar);
    hfhub__arena_free(&s->cfg);
    if (s->pending_detail) hfhub__free(s->a, s->pending_detail, strlen(s->pending_detail) + 1);
    if (s->dead_reason) hfhub__free(s->a, s->dead_reason, strlen(s->dead_reason) + 1);
    if (s->protocol_version) hfhub__free(s->a, s->protocol_version, strlen(s->protocol_version) + 1);
    if (s->session_id) hfhub__free(s->a, s->session_id, strlen(s->session_id) + 1);
    if (s->post_url) hfhub__free(s->a, s->post_url, strlen(s->post_url) + 1);
    hfhub__buf_free(&s->rx);
    hfhub__cond_destroy(&s->cond);
    hfhub__mutex_destroy(&s->lock);
    hfhub__free(s->a, s, sizeof *s);
}

/* Copies the options the server keeps into its arena. */
static hfhub_result hfhub__mcp_copy_opts(hfhub__mcp_server *s, const hfhub_mcp_server_opts *o) {
    size_t i;
    const char *name = o->name ? o->name : o->type == HFHUB_MCP_STDIO ? o->command : o->url;
    s->name = hfhub__arena_strdup(&s->cfg, name ? name : "?");
    s->prefix = o->tool_prefix ? hfhub__arena_strdup(&s->cfg, o->tool_prefix) : NULL;
    s->url = o->url ? hfhub__arena_strdup(&s->cfg, o->url) : NULL;
    if (o->allowed_tools) {
        char **al = (char **)hfhub__arena_alloc(&s->cfg, (o->n_allowed_tools + 1) * sizeof *al);
        if (!al) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP server options");
        for (i = 0; i < o->n_allowed_tools; i++)
            if (!(al[i] = hfhub__arena_strdup(&s->cfg, o->allowed_tools[i])))
                return hfhub__fail(HFHUB_ERR_NOMEM, "MCP server options");
        s->allowed = (const char *const *)al;
        s->n_allowed = o->n_allowed_tools;
    }
    if (o->n_headers) {
        s->headers = (hfhub_header *)hfhub__arena_alloc(&s->cfg, o->n_headers * sizeof *s->headers);
        if (!s->headers) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP server options");
        for (i = 0; i < o->n_headers; i++) {
            s->headers[i].name = hfhub__arena_strdup(&s->cfg, o->headers[i].name);
            s->headers[i].value = hfhub__arena_strdup(&s->cfg, o->headers[i].value);
            if (!s->headers[i].name || !s->headers[i].value)
                return hfhub__fail(HFHUB_ERR_NOMEM, "MCP server options");
        }
        s->n_headers = o->n_headers;
    }
    return s->name ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "MCP server options");
}

static hfhub_result hfhub__mcp_server_new(hfhub_mcp_client *m, const hfhub_mcp_server_opts *o,
                                          hfhub__mcp_server **out) {
    hfhub__mcp_server *s = (hfhub__mcp_server *)hfhub__alloc(m->a, sizeof *s);
    *out = NULL;
    if (!s) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP server");
    memset(s, 0, sizeof *s);
    s->owner = m;
    s->a = m->a;
    s->type = o->type;
    s->in_fd = s->out_fd = s->err_fd = -1;
    s->call_timeout_ms = o->call_timeout_ms > 0 ? o->call_timeout_ms : 60000;
    s->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 30000;
    s->sse_read_timeout_ms = o->sse_read_timeout_ms > 0 ? o->sse_read_timeout_ms : 300000;
    s->terminate_on_close = !o->no_terminate_on_close;
    s->max_message = o->max_message ? o->max_message : (size_t)16 << 20;
    s->stderr_mode = o->stderr_mode;
    hfhub__arena_init(&s->cfg, m->a);
    hfhub__arena_init(&s->tools_ar, m->a);
    hfhub__buf_init(&s->rx, m->a);
    hfhub__mutex_init(&s->lock);
    hfhub__cond_init(&s->cond);
    *out = s;
    return hfhub__mcp_copy_opts(s, o);
}

static hfhub_result hfhub__mcp_initialize(hfhub_mcp_client *m, hfhub__mcp_server *s) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub__arena ar;
    const hfhub_json_value *res;
    const char *ver;
    const char *const *v;
    hfhub_result r;
    hfhub__buf_init(&b, m->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "protocolVersion", HFHUB_MCP_PROTOCOL_VERSION);
    hfhub__jw_key(&w, "capabilities");
    hfhub__jw_raw(&w, "{}", 2);
    hfhub__jw_key(&w, "clientInfo");
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "name", m->client_name);
    hfhub__jw_kv_string(&w, "version", m->client_version);
    hfhub__jw_end_object(&w);
    hfhub__jw_end_object(&w);
    hfhub__arena_init(&ar, m->a);
    r = hfhub__jw_result(&w);
    if (r == HFHUB_OK) r = hfhub__mcp_request(s, "initialize", b.data, NULL, &ar, &res);
    hfhub__buf_free(&b);
    if (r == HFHUB_OK) {
        ver = hfhub_json_str(hfhub_json_get(res, "protocolVersion"), "");
        for (v = hfhub__mcp_versions; *v && strcmp(*v, ver); v++) {}
        if (!*v) r = hfhub__fail(HFHUB_ERR_UNSUPPORTED, "MCP server '%s' speaks protocol version \"%s\", "
                                 "not one this client supports", s->name, ver);
        else if (!(s->protocol_version = hfhub__strdup(m->a, ver)))
            r = hfhub__fail(HFHUB_ERR_NOMEM, "MCP initialize");
    }
    hfhub__arena_free(&ar);
    if (r == HFHUB_OK) r = hfhub__mcp_notify(s, "notifications/initialized", NULL);
    return r;
}

hfhub_result hfhub_mcp_client_new(hfhub_client *c, const hfhub_mcp_opts *opts, hfhub_mcp_client **out) {
    hfhub_mcp_client *m;
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_mcp_client_new: no client");
    m = (hfhub_mcp_client *)hfhub__alloc(c->a, sizeof *m);
    if (!m) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP client");
    memset(m, 0, sizeof *m);
    m->c = c;
    m->a = c->a;
    m->client_name = hfhub__strdup(c->a, opts && opts->client_name ? opts->client_name
                                                                   : "huggingface_hub.MCPClient");
    m->client_version = hfhub__strdup(c->a, opts && opts->client_version ? opts->client_version
                                                                         : hfhub_version());
    if (!m->client_name || !m->client_version) {
        hfhub_mcp_client_free(m);
        return hfhub__fail(HFHUB_ERR_NOMEM, "MCP client");
    }
    *out = m;
    return HFHUB_OK;
}

void hfhub_mcp_client_free(hfhub_mcp_client *m) {
    size_t i;
    if (!m) return;
    for (i = 0; i < m->n_servers; i++) hfhub__mcp_server_free(m->servers[i]);
    hfhub__free(m->a, m->servers, m->n_servers * sizeof *m->servers);
    hfhub__free(m->a, m->tools, m->tools_cap * sizeof *m->tools);
    if (m->client_name) hfhub__free(m->a, m->client_name, strlen(m->client_name) + 1);
    if (m->client_version) hfhub__free(m->a, m->client_version, strlen(m->client_version) + 1);
    hfhub__free(m->a, m, sizeof *m);
}

static hfhub_result hfhub__mcp_open(hfhub__mcp_server *s, const hfhub_mcp_server_opts *o) {
    switch (o->type) {
    case HFHUB_MCP_STDIO:
        if (!o->command || !*o->command)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "MCP server '%s': stdio needs a command", s->name);
        return hfhub__mcp_stdio_open(s, o);
    case HFHUB_MCP_SSE:
    case HFHUB_MCP_HTTP:
        if (!o->url || !*o->url)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "MCP server '%s': needs a url", s->name);
        return hfhub__mcp_http_open(s);
    default:
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "MCP server '%s': unknown type %d", s->name, o->type);
    }
}

hfhub_result hfhub_mcp_add_server(hfhub_mcp_client *m, const hfhub_mcp_server_opts *o) {
    hfhub__mcp_server *s, **grown;
    hfhub_result r;
    if (!m || !o) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_mcp_add_server: missing argument");
    r = hfhub__mcp_server_new(m, o, &s);
    if (r == HFHUB_OK) r = hfhub__mcp_open(s, o);
    if (r == HFHUB_OK) r = hfhub__mcp_initialize(m, s);
    if (r == HFHUB_OK) r = hfhub__mcp_list_tools(s);
    if (r == HFHUB_OK) {
        grown = (hfhub__mcp_server **)hfhub__realloc(m->a, m->servers, m->n_servers * sizeof *grown,
                                                     (m->n_servers + 1) * sizeof *grown);
        if (!grown) r = hfhub__fail(HFHUB_ERR_NOMEM, "MCP server list");
        else {
            m->servers = grown;
            m->servers[m->n_servers++] = s;
            r = hfhub__mcp_merge(m);
            return r;
        }
    }
    if (s) {
        /* keep the failure's message: closing may log but must not replace it */
        hfhub_error saved = *hfhub_last_error();
        char msg[1300];
        snprintf(msg, sizeof msg, "%s", saved.message ? saved.message : "");
        hfhub__mcp_server_free(s);
        hfhub__fail(r, "%s", msg);
    }
    return r;
}

size_t hfhub_mcp_server_count(const hfhub_mcp_client *m) { return m ? m->n_servers : 0; }

const char *hfhub_mcp_server_protocol_version(const hfhub_mcp_client *m, size_t i) {
    return m && i < m->n_servers ? m->servers[i]->protocol_version : NULL;
}

const char *hfhub_mcp_server_session_id(const hfhub_mcp_client *m, size_t i) {
    return m && i < m->n_servers ? m->servers[i]->session_id : NULL;
}

hfhub_result hfhub_mcp_refresh_tools(hfhub_mcp_client *m, int *changed) {
    size_t i;
    int any = 0;
    hfhub_result r = HFHUB_OK;
    if (changed) *changed = 0;
    for (i = 0; i < m->n_servers; i++) {
        hfhub__mcp_server *s = m->servers[i];
        hfhub__arena none;
        hfhub__mcp_msg unused;
        int got = 0;
        if (s->dead) continue;
        if (s->type != HFHUB_MCP_HTTP && hfhub__mcp_wait(s, 0) != HFHUB_OK) continue;
        hfhub__arena_init(&none, m->a);
        hfhub__mcp_drain(s, -1, &none, &unused, &got);
        hfhub__arena_free(&none);
        if (s->tools_stale) {
            hfhub_result rr = hfhub__mcp_list_tools(s);
            if (rr == HFHUB_OK) any = 1;
            else if (r == HFHUB_OK) r = rr;
        }
    }
    if (any) {
        hfhub_result rr = hfhub__mcp_merge(m);
        if (r == HFHUB_OK) r = rr;
        if (changed) *changed = 1;
    }
    return r;
}

size_t hfhub_mcp_tool_count(const hfhub_mcp_client *m) { return m ? m->n_tools : 0; }

const hfhub_mcp_tool *hfhub_mcp_tool_at(const hfhub_mcp_client *m, size_t i) {
    return m && i < m->n_tools ? &m->tools[i] : NULL;
}

hfhub_result hfhub_mcp_tools_json(hfhub_mcp_client *m, char **out) {
    hfhub__buf b;
    hfhub__jw w;
    size_t i;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, m->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_array(&w);
    for (i = 0; i < m->n_tools; i++) {
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "type", "function");
        hfhub__jw_key(&w, "function");
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "name", m->tools[i].name);
        hfhub__jw_kv_string(&w, "description", m->tools[i].description);
        hfhub__jw_key(&w, "parameters");
        hfhub__jw_raw(&w, m->tools[i].input_schema, strlen(m->tools[i].input_schema));
        hfhub__jw_end_object(&w);
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_array(&w);
    r = hfhub__jw_result(&w);
    if (r == HFHUB_OK && !(*out = hfhub__out_strdup(m->c, b.data)))
        r = hfhub__fail(HFHUB_ERR_NOMEM, "MCP tools");
    hfhub__buf_free(&b);
    return r;
}

/* {"name": server name, "arguments": args} with args checked to be a JSON object. */
static hfhub_result hfhub__mcp_call_params(hfhub_mcp_client *m, const hfhub_mcp_tool *t, const char *args,
                                           hfhub__buf *b) {
    hfhub__jw w;
    hfhub__arena ar;
    const hfhub_json_value *v = NULL;
    hfhub_result r = HFHUB_OK;
    hfhub__arena_init(&ar, m->a);
    if (args && *args) {
        r = hfhub__json_parse_in(&ar, args, strlen(args), 0, &v);
        if (r == HFHUB_OK && hfhub_json_type_of(v) != HFHUB_JSON_OBJECT)
            r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "tool '%s': arguments must be a JSON object", t->name);
    }
    if (r == HFHUB_OK) {
        hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "name", t->server_tool_name);
        hfhub__jw_key(&w, "arguments");
        if (v) hfhub__jw_value(&w, v);
        else hfhub__jw_raw(&w, "{}", 2);
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
    }
    hfhub__arena_free(&ar);
    return r;
}

static hfhub_result hfhub__mcp_make_result(hfhub_mcp_client *m, const hfhub_json_value *res,
                                           hfhub_mcp_result **out) {
    hfhub_mcp_result *r = (hfhub_mcp_result *)hfhub__out_alloc(m->c, sizeof *r);
    hfhub__arena tmp;
    hfhub__buf b;
    const hfhub_json_value *sc = hfhub_json_get(res, "structuredContent");
    if (!r) return hfhub__fail(HFHUB_ERR_NOMEM, "MCP result");
    memset(r, 0, sizeof *r);
    *out = r;
    r->is_error = hfhub_json_bool(hfhub_json_get(res, "isError"), 0);
    hfhub__buf_init(&b, m->a);
    (void)hfhub__mcp_format(&b, hfhub_json_get(res, "content"));
    r->text = b.failed ? NULL : hfhub__out_strdup(m->c, b.data ? b.data : "");
    hfhub__buf_free(&b);
    hfhub__arena_init(&tmp, m->a);
    if (hfhub_json_get(res, "content")) {
        const char *t = hfhub__mcp_json_text(&tmp, hfhub_json_get(res, "content"), "[]");
        r->content = t ? hfhub__out_strdup(m->c, t) : NULL;
    }
    if (sc && !hfhub_json_is_null(sc)) {
        const char *t = hfhub__mcp_json_text(&tmp, sc, "null");
        r->structured_content = t ? hfhub__out_strdup(m->c, t) : NULL;
    }
    hfhub__arena_free(&tmp);
    if (!r->text) {
        hfhub_mcp_result_free(m, r);
        *out = NULL;
        return hfhub__fail(HFHUB_ERR_NOMEM, "MCP result");
    }
    return HFHUB_OK;
}

hfhub_result hfhub_mcp_call_tool(hfhub_mcp_client *m, const char *name, const char *arguments,
                                 const hfhub_mcp_call_opts *opts, hfhub_mcp_result **out) {
    size_t i, j;
    hfhub__buf params;
    hfhub__arena ar;
    const hfhub_json_value *res;
    hfhub_result r;
    *out = NULL;
    if (!m || !name) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_mcp_call_tool: missing argument");
    for (i = 0; i < m->n_tools && strcmp(m->tools[i].name, name); i++) {}
    if (i == m->n_tools) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no MCP tool named '%s'", name);
    for (j = 0; j < m->n_servers && m->servers[j]->name != m->tools[i].server; j++) {}
    hfhub__buf_init(&params, m->a);
    r = hfhub__mcp_call_params(m, &m->tools[i], arguments, &params);
    hfhub__arena_init(&ar, m->a);
    if (r == HFHUB_OK) r = hfhub__mcp_request(m->servers[j], "tools/call", params.data, opts, &ar, &res);
    if (r == HFHUB_OK) r = hfhub__mcp_make_result(m, res, out);
    hfhub__arena_free(&ar);
    hfhub__buf_free(&params);
    return r;
}

void hfhub_mcp_result_free(hfhub_mcp_client *m, hfhub_mcp_result *r) {
    if (!r) return;
    hfhub_free(m->c, r->text);
    hfhub_free(m->c, r->content);
    hfhub_free(m->c, r->structured_content);
    hfhub_free(m->c, r);
}

#undef HFHUB__MCP_MAX_QUEUED
#undef HFHUB__MCP_MAX_PAGES
