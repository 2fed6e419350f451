/* call.c: hf_raise_for_status (error mapping) and the request helper of the services. */
#include <string.h>
#include <stdio.h>

/* ---- error mapping ----------------------------------------------------------------------- */

static const char *hfhub__call_reason(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    }
    return "";
}

/* REPO_API_REGEX: ^https://[^/]+(/api/(models|datasets|spaces)/(.+)|/(.+)/resolve/(.+)) */
static int hfhub__call_is_repo_url(const char *url) {
    static const char *const api[] = {"/api/models/", "/api/datasets/", "/api/spaces/"};
    const char *path, *p;
    size_t i;
    if (!url || strncmp(url, "https://", 8) != 0) return 0;
    path = strchr(url + 8, '/');
    if (!path || path == url + 8) return 0;
    for (i = 0; i < 3; i++) {
        size_t n = strlen(api[i]);
        if (!strncmp(path, api[i], n) && path[n] && path[n] != '\n') return 1;
    }
    for (p = strstr(path + 1, "/resolve/"); p; p = strstr(p + 1, "/resolve/"))
        if (p - path >= 2 && p[9] && p[9] != '\n') return 1;
    return 0;
}

/* BUCKET_API_REGEX: ^https?://[^/]+/api/buckets/ */
static int hfhub__call_is_bucket_url(const char *url) {
    const char *host, *path;
    if (!url) return 0;
    if (!strncmp(url, "https://", 8)) host = url + 8;
    else if (!strncmp(url, "http://", 7)) host = url + 7;
    else return 0;
    path = strchr(host, '/');
    return path && path > host && !strncmp(path, "/api/buckets/", 13);
}

/* Adds one server message, stripped, unless empty or already present. */
static void hfhub__call_add_server(hfhub__buf *srv, const char *s, size_t n) {
    const char *line;
    while (n && (unsigned char)*s <= ' ') s++, n--;
    while (n && (unsigned char)s[n - 1] <= ' ') n--;
    if (!n) return;
    for (line = srv->data; line && *line;) { /* dedupe, keeping order */
        const char *e = strchr(line, '\n');
        size_t ln = e ? (size_t)(e - line) : strlen(line);
        if (ln == n && !memcmp(line, s, n)) return;
        line = e ? e + 1 : NULL;
    }
    if (srv->len) hfhub__buf_putc(srv, '\n');
    hfhub__buf_append(srv, s, n);
}

/* X-Error-Message, then the JSON body's error (string or list), error_description (OAuth)
 * and errors[].message; a body that is neither JSON nor HTML is taken as text. */
static void hfhub__call_server_message(const hfhub__http_response *resp, const char *body, size_t len,
                                       hfhub__buf *srv) {
    const char *h = hfhub__http_header(resp, "X-Error-Message");
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    if (h) hfhub__call_add_server(srv, h, strlen(h));
    if (!body || !len) return;
    memset(&o, 0, sizeof o);
    o.allocator = srv->a;
    if (hfhub_json_parse(body, len, &o, &doc) == HFHUB_OK) {
        const hfhub_json_value *root = hfhub_json_root(doc), *err = hfhub_json_get(root, "error");
        const hfhub_json_value *errs = hfhub_json_get(root, "errors");
        size_t i, n;
        if (hfhub_json_type_of(err) == HFHUB_JSON_ARRAY) {
            for (i = 0; i < hfhub_json_len(err); i++) {
                const char *s = hfhub_json_strn(hfhub_json_at(err, i), &n);
                if (s) hfhub__call_add_server(srv, s, n);
            }
        } else if (hfhub_json_strn(err, &n)) {
            hfhub__call_add_server(srv, hfhub_json_str(err, ""), n);
        }
        if (hfhub_json_strn(hfhub_json_get(root, "error_description"), &n))
            hfhub__call_add_server(srv, hfhub_json_str(hfhub_json_get(root, "error_description"), ""), n);
        for (i = 0; i < hfhub_json_len(errs); i++) {
            const char *s = hfhub_json_strn(hfhub_json_get(hfhub_json_at(errs, i), "message"), &n);
            if (s) hfhub__call_add_server(srv, s, n);
        }
        hfhub_json_free(doc);
    } else {
        const char *ct = hfhub__http_header(resp, "Content-Type");
        int html = 0;
        if (ct) {
            const char *p;
            for (p = ct; *p && !html; p++) html = (p[0] | 32) == 'h' && (p[1] | 32) == 't' && (p[2] | 32) == 'm' && (p[3] | 32) == 'l';
        }
        if (!html) hfhub__call_add_server(srv, body, len > 2048 ? 2048 : len);
    }
}

/* Case-insensitive "needle in hay" (both ASCII-lowered). */
static int hfhub__call_icontains(const char *hay, const char *needle) {
    size_t n = strlen(needle), i;
    if (!n) return 1;
    for (; *hay; hay++) {
        for (i = 0; i < n && hay[i]; i++) {
            char a = hay[i] >= 'A' && hay[i] <= 'Z' ? (char)(hay[i] + 32) : hay[i];
            char b = needle[i] >= 'A' && needle[i] <= 'Z' ? (char)(needle[i] + 32) : needle[i];
            if (a != b) break;
        }
        if (i == n) return 1;
    }
    return 0;
}

/* The 429 text from RateLimit ("api";r=0;t=55) and RateLimit-Policy (q=500;w=300). */
static int hfhub__call_ratelimit(const hfhub__http_response *resp, hfhub__buf *m, const char *url) {
    const char *rl = hfhub__http_header(resp, "RateLimit"), *pol = hfhub__http_header(resp, "RateLimit-Policy");
    char type[64];
    long r = -1, t = -1, q = -1, w = -1;
    const char *p;
    if (!rl || sscanf(rl, " \"%63[A-Za-z0-9_]\" ; r = %ld ; t = %ld", type, &r, &t) != 3) return 0;
    hfhub__buf_printf(m, "\n\n429 Too Many Requests: you have reached your '%s' rate limit.\nRetry after %ld seconds", type, t);
    if (pol && (p = strstr(pol, "q")) != NULL && sscanf(p, "q = %ld", &q) == 1 && (p = strstr(p, "w")) != NULL &&
        sscanf(p, "w = %ld", &w) == 1)
        hfhub__buf_printf(m, " (%ld/%ld requests remaining in current %lds window).", r, q, w);
    else
        hfhub__buf_putc(m, '.');
    hfhub__buf_printf(m, "\nUrl: %s.", url);
    return 1;
}

static hfhub_result hfhub__call_classify(const hfhub__http_response *resp, const char *request_url,
                                         const char *url, hfhub__buf *m) {
    const char *code = hfhub__http_header(resp, "X-Error-Code");
    const char *emsg = hfhub__http_header(resp, "X-Error-Message");
    int st = resp->status;
    if (!code) code = "";
    if (!strcmp(code, "RevisionNotFound")) {
        hfhub__buf_printf(m, "%d Client Error.\n\nRevision Not Found for url: %s.", st, url);
        return HFHUB_ERR_REVISION_NOT_FOUND;
    }
    if (!strcmp(code, "EntryNotFound")) {
        hfhub__buf_printf(m, "%d Client Error.\n\nEntry Not Found for url: %s.", st, url);
        return HFHUB_ERR_ENTRY_NOT_FOUND;
    }
    if (!strcmp(code, "GatedRepo")) {
        hfhub__buf_printf(m, "%d Client Error.\n\nCannot access gated repo for url %s.", st, url);
        return HFHUB_ERR_GATED;
    }
    if (emsg && !strcmp(emsg, "Access to this resource is disabled.")) {
        hfhub__buf_printf(m, "%d Client Error.\n\nCannot access repository for url %s.\nAccess to this resource is disabled.", st, url);
        return HFHUB_ERR_FORBIDDEN;
    }
    if (!strcmp(code, "RepoNotFound") && hfhub__call_is_bucket_url(request_url)) {
        hfhub__buf_printf(m, "%d Client Error.\n\nBucket Not Found for url: %s.\nPlease make sure you specified the correct bucket id (namespace/name).\nIf the bucket is private, make sure you are authenticated.", st, url);
        return HFHUB_ERR_REPO_NOT_FOUND;
    }
    if (!strcmp(code, "RepoNotFound") ||
        (st == 401 && !(emsg && !strcmp(emsg, "Invalid credentials in Authorization header")) && hfhub__call_is_repo_url(request_url))) {
        hfhub__buf_printf(m, "%d Client Error.\n\nRepository Not Found for url: %s.\nPlease make sure you specified the correct `repo_id` and `repo_type`.\nIf you are trying to access a private or gated repo, make sure you are authenticated. For more details, see https://huggingface.co/docs/huggingface_hub/authentication", st, url);
        return HFHUB_ERR_REPO_NOT_FOUND;
    }
    if (st == 400) {
        hfhub__buf_puts(m, "\n\nBad request:");
        return HFHUB_ERR_BAD_REQUEST;
    }
    if (st == 403) {
        hfhub__buf_printf(m, "\n\n403 Forbidden: %s.\nCannot access content at: %s.\nMake sure your token has the correct permissions.", emsg ? emsg : "None", url);
        return HFHUB_ERR_FORBIDDEN;
    }
    if (st == 429) {
        if (!hfhub__call_ratelimit(resp, m, url)) hfhub__buf_printf(m, "\n\n429 Too Many Requests for url: %s.", url);
        return HFHUB_ERR_HTTP;
    }
    /* httpx's HTTPStatusError text */
    hfhub__buf_printf(m, "%s error '%d %s' for url '%s'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/%d",
                      st >= 500 ? "Server" : "Client", st, hfhub__call_reason(st), url, st);
    switch (st) {
    case 401: return HFHUB_ERR_UNAUTHORIZED;
    case 409: return HFHUB_ERR_CONFLICT;
    case 413: return HFHUB_ERR_TOO_LARGE;
    default: return HFHUB_ERR_HTTP;
    }
}

hfhub_result hfhub__map_http_error(const hfhub__http_response *resp, const char *request_url, const char *body,
                                   size_t body_len) {
    static const char *const rid_headers[] = {"X-Request-Id", "X-Amzn-Trace-Id", "X-Amz-Cf-Id"};
    static const char *const rid_labels[] = {"Request ID", "Amzn Trace ID", "Amz CF ID"};
    const char *url = resp->final_url ? resp->final_url : request_url, *rid = NULL, *label = NULL, *msg;
    hfhub__buf m, srv;
    hfhub_result r;
    size_t i;
    if (resp->status < 400) return HFHUB_OK;
    if (!body) { body = resp->body.data; body_len = resp->body.len; }
    hfhub__buf_init(&m, resp->body.a);
    hfhub__buf_init(&srv, resp->body.a);
    r = hfhub__call_classify(resp, request_url, url ? url : "", &m);
    hfhub__call_server_message(resp, body, body_len, &srv);
    if (srv.len && m.data && !hfhub__call_icontains(m.data, srv.data)) {
        hfhub__buf_puts(&m, strstr(m.data, "\n\n") ? "\n" : "\n\n");
        hfhub__buf_append(&m, srv.data, srv.len);
    }
    for (i = 0; i < 3 && !rid; i++) {
        const char *v = hfhub__http_header(resp, rid_headers[i]);
        if (v && *v) { rid = v; label = rid_labels[i]; }
    }
    if (rid && m.data && !hfhub__call_icontains(m.data, rid)) {
        hfhub__buf note;
        char *nl = strchr(m.data, '\n');
        size_t at = nl ? (size_t)(nl - m.data) : m.len;
        hfhub__buf_init(&note, resp->body.a);
        hfhub__buf_append(&note, m.data, at);
        hfhub__buf_printf(&note, " (%s: %s)", label, rid);
        hfhub__buf_puts(&note, m.data + at);
        hfhub__buf_free(&m);
        m = note;
    }
    msg = m.data ? m.data : "";
    while (*msg == '\n' || *msg == ' ') msg++; /* Python strips the final message */
    r = hfhub__fail_http(r, resp->status, hfhub__http_header(resp, "X-Error-Code"), rid, "%s", msg);
    hfhub__buf_free(&m);
    hfhub__buf_free(&srv);
    return r;
}

/* ---- HF_DEBUG: requests as curl commands ------------------------------------------------- */

/* shlex.quote */
static void hfhub__call_shquote(hfhub__buf *b, const char *s, size_t n) {
    size_t i;
    int plain = n > 0;
    for (i = 0; i < n && plain; i++) {
        unsigned char ch = (unsigned char)s[i];
        plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strchr("_@%+=:,./-", ch);
    }
    if (plain) { hfhub__buf_append(b, s, n); return; }
    hfhub__buf_putc(b, '\'');
    for (i = 0; i < n; i++) {
        if (s[i] == '\'') hfhub__buf_puts(b, "'\"'\"'");
        else hfhub__buf_putc(b, s[i]);
    }
    hfhub__buf_putc(b, '\'');
}

/* Python's _curlify: headers sorted by (lower-cased) name, any Authorization shown as
 * <TOKEN>, the body (newlines dropped) cut at 1000 bytes. */
static void hfhub__call_log_curl(const hfhub_client *c, const hfhub_http_request *req) {
    const hfhub_header *sorted[32];
    size_t n = req->n_headers < 32 ? req->n_headers : 32, i, j;
    hfhub__buf b, h;
    hfhub__buf_init(&b, c->a);
    hfhub__buf_init(&h, c->a);
    for (i = 0; i < n; i++) { /* insertion sort by case-folded name */
        const hfhub_header *x = &req->headers[i];
        for (j = i; j > 0; j--) {
            const char *p = sorted[j - 1]->name, *q = x->name;
            while (*p && (*p | 32) == (*q | 32)) p++, q++;
            if ((unsigned char)(*p | 32) <= (unsigned char)(*q | 32)) break;
            sorted[j] = sorted[j - 1];
        }
        sorted[j] = x;
    }
    hfhub__buf_printf(&b, "curl -X %s", req->method);
    for (i = 0; i < n; i++) {
        const char *k = sorted[i]->name;
        hfhub__buf_reset(&h);
        for (; *k; k++) hfhub__buf_putc(&h, *k >= 'A' && *k <= 'Z' ? (char)(*k + 32) : *k);
        hfhub__buf_printf(&h, ": %s", hfhub__log_header_value(sorted[i]->name, sorted[i]->value));
        hfhub__buf_puts(&b, " -H ");
        if (h.data) hfhub__call_shquote(&b, h.data, h.len);
    }
    if (req->body && req->body_len) {
        size_t bl = req->body_len > 1000 ? 1000 : req->body_len;
        hfhub__buf_reset(&h);
        for (i = 0; i < bl; i++)
            if (((const char *)req->body)[i] != '\n') hfhub__buf_putc(&h, ((const char *)req->body)[i]);
        if (req->body_len > 1000) hfhub__buf_puts(&h, " ... [truncated]");
        hfhub__buf_puts(&b, " -d ");
        if (h.data) hfhub__call_shquote(&b, h.data, h.len);
    } else if (req->body_read) {
        hfhub__buf_puts(&b, " -d '<streaming body>'");
    }
    hfhub__buf_putc(&b, ' ');
    hfhub__call_shquote(&b, req->url, strlen(req->url));
    if (b.data && !b.failed) hfhub__log(&c->log, HFHUB_LOG_DEBUG, "Send: %s", b.data);
    hfhub__buf_free(&h);
    hfhub__buf_free(&b);
}

/* ---- requests ---------------------------------------------------------------------------- */

hfhub_result hfhub__client_request(hfhub_client *c, const hfhub__req *r, hfhub__http_response *resp) {
    hfhub__headers h;
    hfhub__http_policy pol;
    hfhub_http_request req;
    hfhub_result res;
    const char *method = r->method ? r->method : "GET";
    memset(resp, 0, sizeof *resp);
    hfhub__arena_init(&resp->arena, c->a);
    hfhub__buf_init(&resp->body, c->a);
    if (c->offline)
        return hfhub__fail(HFHUB_ERR_NETWORK, "Cannot reach %s: offline mode is enabled. To disable it, please unset the `HF_HUB_OFFLINE` environment variable.", r->url);
    res = hfhub__headers_build(c, &h, r->auth, r->token, r->headers, r->n_headers);
    if (res) { hfhub__headers_free(&h); return res; }
    memset(&req, 0, sizeof req);
    req.method = method;
    req.url = r->url;
    req.headers = h.items;
    req.n_headers = h.n;
    req.body = r->body;
    req.body_len = r->body_len;
    req.body_read = r->body_read;
    req.body_rewind = r->body_rewind;
    req.body_user = r->body_user;
    req.body_size = r->body_size;
    req.connect_timeout_ms = r->timeout_ms;
    req.read_timeout_ms = r->timeout_ms;
    memset(&pol, 0, sizeof pol);
    pol.no_redirects = r->no_redirects;
    pol.max_retries = r->max_retries;
    pol.retry_statuses_mask = r->retry_mask;
    pol.proxy = c->proxy;
    pol.retry_network = r->retry_network;
    pol.log = &c->log;
    hfhub__log(&c->log, HFHUB_LOG_DEBUG, "Request %s: %s %s (authenticated: %s)",
               hfhub__headers_get(&h, "X-Amzn-Trace-Id"), method, r->url,
               hfhub__headers_get(&h, "authorization") ? "True" : "False");
    if (c->debug) hfhub__call_log_curl(c, &req);
    res = hfhub__http_exec(&c->transport, &pol, &req, r->sink, r->max_body, c->a, resp);
    hfhub__headers_free(&h);
    if (res) return res;
    return r->sink ? HFHUB_OK : hfhub__map_http_error(resp, r->url, NULL, 0);
}

/* The request of a JSON call: json_body (may be NULL) sent as application/json, a per-call
 * token (NULL: the client's). */
static hfhub_result hfhub__call_json_send(hfhub_client *c, const char *method, const char *url, const char *token,
                                          const char *json_body, hfhub__http_response *resp) {
    hfhub__req r;
    hfhub_header hd[1];
    memset(&r, 0, sizeof r);
    r.method = method;
    r.url = url;
    r.token = token;
    hd[0].name = "Content-Type";
    hd[0].value = "application/json";
    r.headers = hd;
    r.n_headers = json_body ? 1 : 0;
    r.body = json_body;
    r.body_len = json_body ? strlen(json_body) : 0;
    return hfhub__client_request(c, &r, resp);
}

hfhub_result hfhub__client_json(hfhub_client *c, const char *method, const char *url, const char *json_body,
                                hfhub_json_doc **doc) {
    hfhub__http_response resp;
    hfhub_json_parse_opts o;
    hfhub_result res;
    *doc = NULL;
    res = hfhub__call_json_send(c, method, url, NULL, json_body, &resp);
    if (!res && resp.body.len) {
        memset(&o, 0, sizeof o);
        o.allocator = c->a;
        res = hfhub_json_parse(resp.body.data, resp.body.len, &o, doc);
    }
    hfhub__http_response_free(&resp);
    return res;
}

hfhub_result hfhub__client_json_in(hfhub_client *c, const char *method, const char *url, const char *token,
                                   const char *json_body, hfhub__arena *ar, const hfhub_json_value **root) {
    hfhub__http_response resp;
    hfhub_result res;
    *root = NULL;
    res = hfhub__call_json_send(c, method, url, token, json_body, &resp);
    if (!res && resp.body.len) res = hfhub__json_parse_in(ar, resp.body.data, resp.body.len, 0, root);
    hfhub__http_response_free(&resp);
    return res;
}
