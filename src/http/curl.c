/* curl.c: the libcurl transport. */
#ifdef HFHUB_USE_CURL
#include <curl/curl.h>
#include <string.h>
#include <stdlib.h>

#define HFHUB__CURL_MAX_IDLE 64

typedef struct hfhub__curl {
    const hfhub_allocator *a;
    hfhub__mutex mu;
    CURL *idle[HFHUB__CURL_MAX_IDLE];
    int n_idle, max_idle, insecure;
    long buffer_size;
    char *ca_bundle, *ca_path;
} hfhub__curl;

/* The state of one exchange. */
typedef struct hfhub__curl_xfer {
    const hfhub_http_request *req;
    const hfhub_http_sink *sink;
    size_t body_off;
    int status;              /* the final status, once its line arrived */
    int interim;             /* inside a 1xx response's header block */
    int in_body;             /* body bytes arrived: later header lines are trailers */
    int cancelled;           /* a sink callback returned nonzero */
    int read_failed;         /* the body reader failed */
    int bad_header;          /* a header line without a colon */
    int timed_out;           /* no byte moved for read_timeout_ms */
    int64_t last_ms;         /* when a byte last moved either way */
    curl_off_t last_dl, last_ul;
    hfhub__buf line;
    char errbuf[CURL_ERROR_SIZE];
} hfhub__curl_xfer;

/* ---- callbacks ---- */

static int hfhub__curl_status_line(const char *s, size_t n) {
    size_t i = 5;
    int code = 0, digits = 0;
    while (i < n && s[i] != ' ') i++;
    while (i < n && s[i] == ' ') i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9' && digits < 3; i++, digits++) code = code * 10 + (s[i] - '0');
    return digits == 3 ? code : -1;
}

/* One header line "Name: value" (line ending already removed) to the sink. */
static int hfhub__curl_header_line(hfhub__curl_xfer *x, const char *s, size_t n) {
    const char *colon = (const char *)memchr(s, ':', n);
    size_t name_len, vs, ve;
    hfhub__buf *b = &x->line;
    if (!colon || colon == s) { x->bad_header = 1; return 1; }
    name_len = (size_t)(colon - s);
    vs = name_len + 1;
    ve = n;
    while (vs < ve && (s[vs] == ' ' || s[vs] == '\t')) vs++;
    while (ve > vs && (s[ve - 1] == ' ' || s[ve - 1] == '\t')) ve--;
    hfhub__buf_reset(b);
    hfhub__buf_append(b, s, name_len);
    hfhub__buf_putc(b, 0);
    hfhub__buf_append(b, s + vs, ve - vs);
    if (b->failed) { x->cancelled = 1; return 1; }
    if (x->sink->on_header && x->sink->on_header(x->sink->user, b->data, b->data + name_len + 1)) {
        x->cancelled = 1;
        return 1;
    }
    return 0;
}

static size_t hfhub__curl_on_header(char *buf, size_t size, size_t nitems, void *ud) {
    hfhub__curl_xfer *x = (hfhub__curl_xfer *)ud;
    size_t total = size * nitems, n = total;
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
    if (x->in_body) return total; /* trailers */
    if (n >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
        int code = hfhub__curl_status_line(buf, n);
        if (code < 100) { x->bad_header = 1; return 0; }
        x->interim = code < 200;
        if (x->interim) return total;
        x->status = code;
        if (x->sink->on_status && x->sink->on_status(x->sink->user, code)) { x->cancelled = 1; return 0; }
        return total;
    }
    if (n == 0 || x->interim || !x->status) return total;
    if (buf[0] == ' ' || buf[0] == '\t') return total; /* obsolete line folding: dropped */
    return hfhub__curl_header_line(x, buf, n) ? 0 : total;
}

static size_t hfhub__curl_on_write(char *buf, size_t size, size_t nmemb, void *ud) {
    hfhub__curl_xfer *x = (hfhub__curl_xfer *)ud;
    size_t n = size * nmemb;
    x->in_body = 1;
    if (n && x->sink->on_body && x->sink->on_body(x->sink->user, buf, n)) {
        x->cancelled = 1;
        return 0;
    }
    return n;
}

static size_t hfhub__curl_on_read(char *buf, size_t size, size_t nitems, void *ud) {
    hfhub__curl_xfer *x = (hfhub__curl_xfer *)ud;
    const hfhub_http_request *req = x->req;
    size_t cap = size * nitems, n;
    if (req->body_read) {
        n = req->body_read(req->body_user, buf, cap);
        if (n == HFHUB_READ_ERROR || n > cap) { x->read_failed = 1; return CURL_READFUNC_ABORT; }
        return n;
    }
    n = req->body_len - x->body_off;
    if (n > cap) n = cap;
    if (n) memcpy(buf, (const char *)req->body + x->body_off, n);
    x->body_off += n;
    return n;
}

/* The read timeout: libcurl's low-speed limit averages over seconds, so a stall right after
 * a burst goes unnoticed for too long. libcurl calls this at least once a second. */
static int hfhub__curl_on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                   curl_off_t ulnow) {
    hfhub__curl_xfer *x = (hfhub__curl_xfer *)ud;
    int64_t now = hfhub__monotonic_ms();
    (void)dltotal;
    (void)ultotal;
    if (dlnow != x->last_dl || ulnow != x->last_ul) {
        x->last_dl = dlnow;
        x->last_ul = ulnow;
        x->last_ms = now;
        return 0;
    }
    if (now - x->last_ms >= x->req->read_timeout_ms) {
        x->timed_out = 1;
        return 1;
    }
    return 0;
}

/* ---- setting up one exchange ---- */

static int hfhub__curl_ieq(const char *a, const char *b) {
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y) return 0;
        if (!x) return 1;
    }
}

/* The request headers as a curl list. curl's own Accept and Expect are suppressed unless
 * given; a given Host replaces curl's; an empty value needs curl's "Name;" form. */
static hfhub_result hfhub__curl_headers(const hfhub__curl *c, const hfhub_http_request *req,
                                        struct curl_slist **out) {
    struct curl_slist *l = NULL, *t;
    hfhub__buf b;
    size_t i;
    int has_accept = 0;
    hfhub__buf_init(&b, c->a);
    for (i = 0; i < req->n_headers; i++) {
        const char *name = req->headers[i].name, *value = req->headers[i].value;
        if (!name || !value || !*name || strpbrk(name, ":\r\n \t") || strpbrk(value, "\r\n")) {
            hfhub__buf_free(&b);
            curl_slist_free_all(l);
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "invalid request header \"%.60s\"", name ? name : "");
        }
        if (hfhub__curl_ieq(name, "Content-Length") || hfhub__curl_ieq(name, "Transfer-Encoding"))
            continue; /* the framing is the transport's (libcurl's) */
        if (hfhub__curl_ieq(name, "Accept")) has_accept = 1;
        hfhub__buf_reset(&b);
        if (*value) hfhub__buf_printf(&b, "%s: %s", name, value);
        else hfhub__buf_printf(&b, "%s;", name);
        if (b.failed || !(t = curl_slist_append(l, b.data))) goto nomem;
        l = t;
    }
    if (!has_accept) {
        if (!(t = curl_slist_append(l, "Accept:"))) goto nomem;
        l = t;
    }
    if (!(t = curl_slist_append(l, "Expect:"))) goto nomem;
    l = t;
    hfhub__buf_free(&b);
    *out = l;
    return HFHUB_OK;
nomem:
    hfhub__buf_free(&b);
    curl_slist_free_all(l);
    return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
}

static int hfhub__curl_has_body(const hfhub_http_request *req) {
    return req->body_read || req->body || hfhub__curl_ieq(req->method, "POST") ||
           hfhub__curl_ieq(req->method, "PUT") || hfhub__curl_ieq(req->method, "PATCH");
}

static void hfhub__curl_setup(const hfhub__curl *c, CURL *h, hfhub__curl_xfer *x,
                              struct curl_slist *headers) {
    const hfhub_http_request *req = x->req;
    curl_easy_setopt(h, CURLOPT_URL, req->url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, hfhub__curl_on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, hfhub__curl_on_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, c->buffer_size);
    if (hfhub__curl_ieq(req->method, "HEAD")) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (hfhub__curl_has_body(req)) {
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, hfhub__curl_on_read);
        curl_easy_setopt(h, CURLOPT_READDATA, x);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
                         (curl_off_t)(req->body_read ? req->body_size : (int64_t)req->body_len));
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    } else if (!hfhub__curl_ieq(req->method, "GET")) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    }
    /* "" turns off libcurl's own reading of the proxy environment: the library decides */
    curl_easy_setopt(h, CURLOPT_PROXY, req->proxy ? req->proxy : "");
    curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    if (req->connect_timeout_ms > 0) curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)req->connect_timeout_ms);
    if (req->total_timeout_ms > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)req->total_timeout_ms);
    if (req->read_timeout_ms > 0) {
        x->last_ms = hfhub__monotonic_ms();
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, hfhub__curl_on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    }
    if (c->ca_bundle) curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_bundle);
    if (c->ca_path) curl_easy_setopt(h, CURLOPT_CAPATH, c->ca_path);
    if (c->insecure) {
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

/* libcurl's result in our terms. */
static hfhub_result hfhub__curl_result(const hfhub__curl_xfer *x, CURLcode rc) {
    const char *why = x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc);
    if (rc == CURLE_OK) return HFHUB_OK;
    if (x->cancelled) return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled");
    if (x->timed_out)
        return hfhub__fail(HFHUB_ERR_TIMEOUT, "%s: nothing received for %d ms", x->req->url,
                           x->req->read_timeout_ms);
    if (x->read_failed) return hfhub__fail(HFHUB_ERR_IO, "request body reader failed");
    if (x->bad_header) return hfhub__fail(HFHUB_ERR_PARSE, "malformed response header");
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return hfhub__fail(HFHUB_ERR_TIMEOUT, "%s: %s", x->req->url, why);
    case CURLE_SSL_CONNECT_ERROR: case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER: case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE: case CURLE_USE_SSL_FAILED: case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED: case CURLE_SSL_ENGINE_INITFAILED:
        return hfhub__fail(HFHUB_ERR_TLS, "%s: %s", x->req->url, why);
    case CURLE_OUT_OF_MEMORY:
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory (libcurl)");
    case CURLE_URL_MALFORMAT: case CURLE_UNSUPPORTED_PROTOCOL:
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s: %s", x->req->url, why);
    case CURLE_WEIRD_SERVER_REPLY: case CURLE_BAD_CONTENT_ENCODING:
        return hfhub__fail(HFHUB_ERR_PARSE, "%s: %s", x->req->url, why);
    default: /* couldn't connect or resolve, reset, partial body, empty reply, proxy refused */
        return hfhub__fail(HFHUB_ERR_NETWORK, "%s: %s", x->req->url, why);
    }
}

/* ---- the handle pool ---- */

static CURL *hfhub__curl_take(hfhub__curl *c) {
    CURL *h = NULL;
    hfhub__mutex_lock(&c->mu);
    if (c->n_idle) h = c->idle[--c->n_idle];
    hfhub__mutex_unlock(&c->mu);
    if (h) curl_easy_reset(h); /* keeps the connection cache */
    else h = curl_easy_init();
    return h;
}

static void hfhub__curl_give(hfhub__curl *c, CURL *h) {
    hfhub__mutex_lock(&c->mu);
    if (c->n_idle < c->max_idle) {
        c->idle[c->n_idle++] = h;
        h = NULL;
    }
    hfhub__mutex_unlock(&c->mu);
    if (h) curl_easy_cleanup(h);
}

static hfhub_result hfhub__curl_perform(void *ctx, const hfhub_http_request *req,
                                        const hfhub_http_sink *sink) {
    hfhub__curl *c = (hfhub__curl *)ctx;
    hfhub__curl_xfer x;
    struct curl_slist *headers = NULL;
    hfhub_result r;
    CURLcode rc;
    CURL *h;
    if (!c || !req || !req->method || !req->url || !sink)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "curl transport: bad request");
    r = hfhub__curl_headers(c, req, &headers);
    if (r) return r;
    h = hfhub__curl_take(c);
    if (!h) {
        curl_slist_free_all(headers);
        return hfhub__fail(HFHUB_ERR_NOMEM, "curl_easy_init failed");
    }
    memset(&x, 0, sizeof x);
    x.req = req;
    x.sink = sink;
    hfhub__buf_init(&x.line, c->a);
    hfhub__curl_setup(c, h, &x, headers);
    rc = curl_easy_perform(h);
    if (rc == CURLE_OK && !x.status) rc = CURLE_WEIRD_SERVER_REPLY;
    r = hfhub__curl_result(&x, rc);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, (char *)NULL);
    hfhub__curl_give(c, h);
    curl_slist_free_all(headers);
    hfhub__buf_free(&x.line);
    return r;
}

static void hfhub__curl_destroy(void *ctx) {
    hfhub__curl *c = (hfhub__curl *)ctx;
    int i;
    if (!c) return;
    for (i = 0; i < c->n_idle; i++) curl_easy_cleanup(c->idle[i]);
    hfhub__mutex_destroy(&c->mu);
    hfhub__free(c->a, c->ca_bundle, c->ca_bundle ? strlen(c->ca_bundle) + 1 : 0);
    hfhub__free(c->a, c->ca_path, c->ca_path ? strlen(c->ca_path) + 1 : 0);
    hfhub__free(c->a, c, sizeof *c);
    curl_global_cleanup();
}

/* The first non-empty of two environment variables (second may be NULL). */
static const char *hfhub__curl_env(const char *first, const char *second) {
    const char *v = getenv(first);
    if ((!v || !*v) && second) v = getenv(second);
    return v && *v ? v : NULL;
}

hfhub_result hfhub_curl_transport_new(const hfhub_curl_opts *opts, const hfhub_allocator *a,
                                      hfhub_transport *out) {
    hfhub__curl *c;
    const char *ca_bundle = opts && opts->ca_file ? opts->ca_file : hfhub__curl_env("HF_HUB_CA_BUNDLE", "SSL_CERT_FILE");
    const char *ca_path = opts && opts->ca_dir ? opts->ca_dir : hfhub__curl_env("SSL_CERT_DIR", NULL);
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_curl_transport_new: out is NULL");
    memset(out, 0, sizeof *out);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return hfhub__fail(HFHUB_ERR_NETWORK, "curl_global_init failed");
    c = (hfhub__curl *)hfhub__alloc(a, sizeof *c);
    if (!c) {
        curl_global_cleanup();
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    memset(c, 0, sizeof *c);
    c->a = a;
    c->max_idle = opts && opts->max_idle > 0 ? opts->max_idle : 8;
    if (c->max_idle > HFHUB__CURL_MAX_IDLE) c->max_idle = HFHUB__CURL_MAX_IDLE;
    c->buffer_size = opts && opts->buffer_size ? (long)opts->buffer_size : 256L * 1024;
    c->insecure = opts ? opts->insecure : 0;
    c->ca_bundle = ca_bundle && *ca_bundle ? hfhub__strdup(a, ca_bundle) : NULL;
    c->ca_path = ca_path && *ca_path ? hfhub__strdup(a, ca_path) : NULL;
    if (hfhub__mutex_init(&c->mu) || (ca_bundle && *ca_bundle && !c->ca_bundle) ||
        (ca_path && *ca_path && !c->ca_path)) {
        hfhub__free(a, c->ca_bundle, c->ca_bundle ? strlen(c->ca_bundle) + 1 : 0);
        hfhub__free(a, c->ca_path, c->ca_path ? strlen(c->ca_path) + 1 : 0);
        hfhub__free(a, c, sizeof *c);
        curl_global_cleanup();
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    out->ctx = c;
    out->perform = hfhub__curl_perform;
    out->destroy = hfhub__curl_destroy;
    return HFHUB_OK;
}

#undef HFHUB__CURL_MAX_IDLE
#endif /* HFHUB_USE_CURL */
