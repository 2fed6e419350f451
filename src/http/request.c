/* request.c: the request layer: redirects, retries with backoff, proxy selection and the
 * collected response, the same over every transport. */
#include <string.h>
#include <stdlib.h>

#define HFHUB__REQUEST_MAX_HEADERS 1000
#define HFHUB__REQUEST_MAX_BODY ((size_t)64 << 20)
/* A redirect or retried response's body is read and dropped up to this size (so the
 * connection can be reused); beyond it the exchange is abandoned. */
#define HFHUB__REQUEST_MAX_DISCARD ((size_t)64 << 10)

/* ---- small string helpers ---- */

static int hfhub__request_ieq(const char *a, const char *b) {
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y) return 0;
        if (!x) return 1;
    }
}

static int hfhub__request_is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* ---- URLs (parsed with base/url) ---- */

/* Parses url with its strings in ar (initialised here; free it after). */
static hfhub_result hfhub__request_parse(hfhub__arena *ar, const hfhub_allocator *a, const char *url,
                                         hfhub__url *u) {
    hfhub__arena_init(ar, a);
    return hfhub__url_parse(ar, url, u);
}

/* Resolves a Location value against the current URL into out (normalised, no fragment). */
static hfhub_result hfhub__request_resolve(const hfhub_allocator *a, const char *base, const char *loc,
                                           hfhub__buf *out) {
    hfhub__buf ref, abs;
    hfhub__arena ar;
    hfhub__url u;
    hfhub_result r;
    size_t n;
    while (hfhub__request_is_space((unsigned char)*loc)) loc++;
    n = strlen(loc);
    while (n && hfhub__request_is_space((unsigned char)loc[n - 1])) n--;
    hfhub__buf_init(&ref, a);
    hfhub__buf_init(&abs, a);
    hfhub__buf_append(&ref, loc, n);
    if (ref.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    else r = hfhub__url_resolve(&abs, base, ref.data ? ref.data : "");
    if (!r) r = hfhub__request_parse(&ar, a, abs.data, &u);
    else hfhub__arena_init(&ar, a);
    if (!r) {
        u.fragment = NULL;
        hfhub__buf_reset(out);
        hfhub__url_build(out, &u);
        if (out->failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    hfhub__arena_free(&ar);
    hfhub__buf_free(&ref);
    hfhub__buf_free(&abs);
    return r;
}

/* Same scheme, host and port (a failure to parse counts as different). */
static int hfhub__request_same_origin(const hfhub_allocator *a, const char *x, const char *y) {
    hfhub__arena ar;
    hfhub__url ux, uy;
    int same = hfhub__request_parse(&ar, a, x, &ux) == HFHUB_OK && hfhub__url_parse(&ar, y, &uy) == HFHUB_OK &&
               !strcmp(ux.scheme, uy.scheme) && !strcmp(ux.host, uy.host) && ux.port == uy.port;
    hfhub__arena_free(&ar);
    return same;
}

/* ---- proxies ---- */

static const char *hfhub__request_env(const char *lower, const char *upper) {
    const char *v = getenv(lower);
    if (!v || !*v) v = getenv(upper);
    return v && *v ? v : NULL;
}

/* The proxy the environment gives for this URL, or NULL. */
static const char *hfhub__request_env_proxy(const char *url, const hfhub_allocator *a) {
    hfhub__arena ar;
    hfhub__url u;
    const char *p = NULL;
    if (hfhub__request_parse(&ar, a, url, &u) == HFHUB_OK) {
        p = u.scheme[4] == 's' ? hfhub__request_env("https_proxy", "HTTPS_PROXY")
                               : hfhub__request_env("http_proxy", "HTTP_PROXY");
        if (!p) p = hfhub__request_env("all_proxy", "ALL_PROXY");
        if (p && hfhub__url_no_proxy_match(hfhub__request_env("no_proxy", "NO_PROXY"), u.host, u.port)) p = NULL;
    }
    hfhub__arena_free(&ar);
    return p;
}

int hfhub__http_proxy_for(const char *url, const char *override, const hfhub_allocator *a, char *out,
                          size_t cap) {
    const char *p = override ? override : hfhub__request_env_proxy(url, a), *scheme = "";
    size_t n;
    if (!p) return 0;
    while (hfhub__request_is_space((unsigned char)*p)) p++;
    if (!*p) return 0;
    if (!strstr(p, "://")) scheme = "http://";
    n = strlen(scheme) + strlen(p);
    if (n + 1 > cap) return -1;
    memcpy(out, scheme, strlen(scheme));
    memcpy(out + strlen(scheme), p, strlen(p) + 1);
    return 1;
}

/* ---- retry policy ---- */

int hfhub__http_status_retryable(const hfhub__http_policy *policy, int status) {
    int mask = policy && policy->retry_statuses_mask ? policy->retry_statuses_mask
                                                     : HFHUB__RETRY_408 | HFHUB__RETRY_429 | HFHUB__RETRY_5XX;
    if (status == 408) return (mask & HFHUB__RETRY_408) != 0;
    if (status == 429) return (mask & HFHUB__RETRY_429) != 0;
    if (status == 500 || (status >= 502 && status <= 504)) return (mask & HFHUB__RETRY_5XX) != 0;
    return 0;
}

/* Seconds as a non-negative integer (digits only, surrounding spaces allowed), else -1. */
static long hfhub__request_seconds(const char *s, size_t n) {
    long v = 0;
    size_t i = 0;
    while (i < n && hfhub__request_is_space((unsigned char)s[i])) i++;
    if (i == n || s[i] < '0' || s[i] > '9') return -1;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        if (v < 10000000) v = v * 10 + (s[i] - '0');
    while (i < n && hfhub__request_is_space((unsigned char)s[i])) i++;
    return i == n ? v : -1;
}

/* RateLimit: "api";r=0;t=55 -> 55 when r is 0, else -1. */
static long hfhub__request_ratelimit_reset(const char *v) {
    long r = -1, t = -1;
    while (*v) {
        size_t n = strcspn(v, ";,");
        const char *s = v;
        while (n && hfhub__request_is_space((unsigned char)*s)) { s++; n--; }
        if (n > 2 && s[1] == '=' && (s[0] == 'r' || s[0] == 't')) {
            long x = hfhub__request_seconds(s + 2, n - 2);
            if (s[0] == 'r') r = x;
            else t = x;
        }
        v = s + n;
        if (*v) v++;
    }
    return r == 0 ? t : -1;
}

int hfhub__http_retry_wait_ms(const hfhub__http_policy *policy, int attempt, int status,
                              const hfhub__http_response *resp) {
    long server = -1, wait;
    int base = policy && policy->base_wait_ms > 0 ? policy->base_wait_ms : 1000;
    int max = policy && policy->max_wait_ms > 0 ? policy->max_wait_ms : 8000;
    if (resp && status == 429) {
        const char *rl = hfhub__http_header(resp, "RateLimit");
        if (rl) server = hfhub__request_ratelimit_reset(rl);
    }
    if (resp && server < 0 && status) {
        const char *ra = hfhub__http_header(resp, "Retry-After");
        if (ra) server = hfhub__request_seconds(ra, strlen(ra));
    }
    if (server >= 0) {
        if (server > 1000000) server = 1000000;
        wait = (server + 1) * 1000;
        if (policy && policy->max_server_wait_ms > 0 && wait > policy->max_server_wait_ms)
            wait = policy->max_server_wait_ms;
        return (int)wait;
    }
    wait = base;
    while (--attempt > 0 && wait < max) wait *= 2;
    return (int)(wait < max ? wait : max);
}

/* ---- the response ---- */

void hfhub__http_response_free(hfhub__http_response *resp) {
    if (!resp) return;
    hfhub__buf_free(&resp->body);
    hfhub__arena_free(&resp->arena);
    resp->headers = NULL;
    resp->n_headers = 0;
    resp->final_url = NULL;
}

const char *hfhub__http_header(const hfhub__http_response *resp, const char *name) {
    size_t i;
    for (i = 0; resp && i < resp->n_headers; i++)
        if (hfhub__request_ieq(resp->headers[i].name, name)) return resp->headers[i].value;
    return NULL;
}

/* ---- one exchange ---- */

typedef struct hfhub__request_state {
    const hfhub__http_policy *pol;
    const hfhub_http_request *orig;   /* the caller's request (body reader) */
    const hfhub_http_sink *user;      /* caller's sink or NULL */
    hfhub__http_response *resp;
    size_t max_body, hdr_cap, discarded;
    int decided, is_final, delivered, body_consumed, retries_left;
    int no_body;                      /* the current hop sends no body (after a 303...) */
    int aborted;                      /* a sink callback stopped the exchange ... */
    hfhub_result abort_why;           /* ... for this reason (HFHUB_OK: a dropped body) */
} hfhub__request_state;

static int hfhub__request_replayable(const hfhub__request_state *st) {
    return st->no_body || !st->orig->body_read || !st->body_consumed || st->orig->body_rewind;
}

static int hfhub__request_is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Whether the response being received ends the request (its body is then the caller's). */
static int hfhub__request_final(const hfhub__request_state *st) {
    int status = st->resp->status;
    if (hfhub__request_is_redirect(status) && !st->pol->no_redirects &&
        hfhub__http_header(st->resp, "Location")) {
        if ((status == 307 || status == 308) && !hfhub__request_replayable(st)) return 1;
        return 0;
    }
    if (st->retries_left > 0 && hfhub__http_status_retryable(st->pol, status) &&
        hfhub__request_replayable(st))
        return 0;
    return 1;
}

/* Stops the exchange from a sink callback. */
static int hfhub__request_abort(hfhub__request_state *st, hfhub_result why) {
    st->aborted = 1;
    st->abort_why = why;
    return 1;
}

static int hfhub__request_on_status(void *u, int status) {
    hfhub__request_state *st = (hfhub__request_state *)u;
    st->resp->status = status;
    st->resp->n_headers = 0;
    return 0;
}

static int hfhub__request_on_header(void *u, const char *name, const char *value) {
    hfhub__request_state *st = (hfhub__request_state *)u;
    hfhub__http_response *r = st->resp;
    hfhub_header *h;
    if (r->n_headers >= HFHUB__REQUEST_MAX_HEADERS) return hfhub__request_abort(st, HFHUB_ERR_TOO_LARGE);
    if (r->n_headers == st->hdr_cap) {
        size_t cap = st->hdr_cap ? st->hdr_cap * 2 : 16;
        hfhub_header *nh = (hfhub_header *)hfhub__arena_alloc(&r->arena, cap * sizeof *nh);
        if (!nh) return hfhub__request_abort(st, HFHUB_ERR_NOMEM);
        if (r->n_headers) memcpy(nh, r->headers, r->n_headers * sizeof *nh);
        r->headers = nh;
        st->hdr_cap = cap;
    }
    h = &r->headers[r->n_headers];
    h->name = hfhub__arena_strdup(&r->arena, name);
    h->value = hfhub__arena_strdup(&r->arena, value);
    if (!h->name || !h->value) return hfhub__request_abort(st, HFHUB_ERR_NOMEM);
    r->n_headers++;
    return 0;
}

/* Decides once per exchange whether the response is final; a final one is announced to
 * the caller's sink. Nonzero when the caller cancelled. */
static int hfhub__request_decide(hfhub__request_state *st) {
    size_t i;
    const hfhub_http_sink *u = st->user;
    if (st->decided) return 0;
    st->decided = 1;
    st->is_final = hfhub__request_final(st);
    if (!st->is_final || !u) return 0;
    if (u->on_status && u->on_status(u->user, st->resp->status)) return 1;
    for (i = 0; u->on_header && i < st->resp->n_headers; i++)
        if (u->on_header(u->user, st->resp->headers[i].name, st->resp->headers[i].value)) return 1;
    return 0;
}

static int hfhub__request_on_body(void *u, const void *data, size_t n) {
    hfhub__request_state *st = (hfhub__request_state *)u;
    if (hfhub__request_decide(st)) return hfhub__request_abort(st, HFHUB_ERR_CANCELLED);
    if (!st->is_final) {
        st->discarded += n;
        return st->discarded > HFHUB__REQUEST_MAX_DISCARD ? hfhub__request_abort(st, HFHUB_OK) : 0;
    }
    st->delivered = 1;
    if (st->user) {
        if (st->user->on_body && st->user->on_body(st->user->user, data, n))
            return hfhub__request_abort(st, HFHUB_ERR_CANCELLED);
        return 0;
    }
    if (n > st->max_body - st->resp->body.len) return hfhub__request_abort(st, HFHUB_ERR_TOO_LARGE);
    hfhub__buf_append(&st->resp->body, data, n);
    return st->resp->body.failed ? hfhub__request_abort(st, HFHUB_ERR_NOMEM) : 0;
}

static size_t hfhub__request_body_read(void *u, void *buf, size_t cap) {
    hfhub__request_state *st = (hfhub__request_state *)u;
    st->body_consumed = 1;
    return st->orig->body_read(st->orig->body_user, buf, cap);
}

/* Sleeps ms, polling the cancel callback. Nonzero when cancelled. */
static int hfhub__request_wait(const hfhub__http_policy *p, int ms) {
    int64_t deadline = hfhub__monotonic_ms() + ms;
    for (;;) {
        int64_t left;
        if (p->cancelled && p->cancelled(p->on_retry_user)) return 1;
        left = deadline - hfhub__monotonic_ms();
        if (left <= 0) return 0;
        hfhub__sleep_ms(left < 50 ? left : 50);
    }
}

/* ---- the request loop ---- */

static hfhub__http_policy hfhub__request_zero_policy; /* zero: the defaults */

typedef struct hfhub__request_hop {
    hfhub_http_request req;     /* what goes to the transport */
    hfhub_header *headers;      /* owned copy of the caller's headers, filtered */
    size_t headers_cap;
    hfhub__buf url, next;
    char proxy[1024];
} hfhub__request_hop;

static void hfhub__request_drop_header(hfhub__request_hop *h, const char *name) {
    size_t i, j = 0;
    for (i = 0; i < h->req.n_headers; i++)
        if (!hfhub__request_ieq(h->headers[i].name, name)) h->headers[j++] = h->headers[i];
    h->req.n_headers = j;
}

/* Turns the current hop into the redirect's target. */
static hfhub_result hfhub__request_follow(hfhub__request_hop *h, hfhub__request_state *st) {
    int status = st->resp->status;
    {
        hfhub_result r = hfhub__request_resolve(h->url.a, h->url.data, hfhub__http_header(st->resp, "Location"),
                                                &h->next);
        hfhub__buf tmp;
        if (r) return r;
        if (!hfhub__request_same_origin(h->url.a, h->url.data, h->next.data))
            hfhub__request_drop_header(h, "Authorization");
        tmp = h->url;
        h->url = h->next;
        h->next = tmp;
        h->req.url = h->url.data;
    }
    if ((status == 303 && !hfhub__request_ieq(h->req.method, "HEAD")) ||
        ((status == 301 || status == 302) && hfhub__request_ieq(h->req.method, "POST"))) {
        h->req.method = "GET";
        h->req.body = NULL;
        h->req.body_len = 0;
        h->req.body_read = NULL;
        h->req.body_rewind = NULL;
        h->req.body_size = 0;
        st->no_body = 1;
        hfhub__request_drop_header(h, "Content-Type");
        hfhub__request_drop_header(h, "Content-Length");
        hfhub__request_drop_header(h, "Transfer-Encoding");
    }
    return HFHUB_OK;
}

static hfhub_result hfhub__request_hop_init(hfhub__request_hop *h, const hfhub_http_request *req,
                                            const hfhub_allocator *a) {
    memset(h, 0, sizeof *h);
    h->req = *req;
    hfhub__buf_init(&h->url, a);
    hfhub__buf_init(&h->next, a);
    hfhub__buf_puts(&h->url, req->url ? req->url : "");
    if (req->n_headers && req->headers) {
        h->headers = (hfhub_header *)hfhub__alloc(a, req->n_headers * sizeof *h->headers);
        if (!h->headers) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        memcpy(h->headers, req->headers, req->n_headers * sizeof *h->headers);
        h->headers_cap = req->n_headers;
    }
    if (h->url.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    h->req.headers = h->headers;
    h->req.n_headers = h->headers ? req->n_headers : 0;
    h->req.url = h->url.data;
    return HFHUB_OK;
}

static void hfhub__request_hop_free(hfhub__request_hop *h, const hfhub_allocator *a) {
    hfhub__free(a, h->headers, h->headers_cap * sizeof *h->headers);
    hfhub__buf_free(&h->url);
    hfhub__buf_free(&h->next);
}

/* The URL without its query, for log lines (queries may carry signatures). */
static int hfhub__request_log_len(const char *url) { return (int)strcspn(url, "?#"); }

/* Performs one exchange of the current hop. Returns the transport's result adjusted for
 * the reasons the sink stopped it. */
static hfhub_result hfhub__request_exchange(const hfhub_transport *t, hfhub__request_hop *h,
                                            hfhub__request_state *st) {
    hfhub_http_sink sink;
    hfhub_result r;
    int pr;
    pr = hfhub__http_proxy_for(h->req.url, st->pol->proxy ? st->pol->proxy : st->orig->proxy, h->url.a,
                               h->proxy, sizeof h->proxy);
    if (pr < 0) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "proxy URL too long");
    h->req.proxy = pr ? h->proxy : NULL;
    if (!st->no_body && st->orig->body_read) {
        h->req.body_read = hfhub__request_body_read;
        h->req.body_user = st;
    }
    sink.user = st;
    sink.on_status = hfhub__request_on_status;
    sink.on_header = hfhub__request_on_header;
    sink.on_body = hfhub__request_on_body;
    st->resp->status = 0;
    st->resp->n_headers = 0;
    st->decided = st->is_final = st->aborted = 0;
    st->discarded = 0;
    hfhub__buf_reset(&st->resp->body); /* a retried exchange starts over */
    r = t->perform(t->ctx, &h->req, &sink);
    if (st->aborted) {
        if (st->abort_why == HFHUB_OK) return HFHUB_OK; /* dropped a large redirect body */
        if (st->abort_why == HFHUB_ERR_TOO_LARGE)
            return hfhub__fail(HFHUB_ERR_TOO_LARGE, "response larger than %lu bytes",
                               (unsigned long)st->max_body);
        if (st->abort_why == HFHUB_ERR_NOMEM) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled");
    }
    if (r == HFHUB_OK && st->resp->status == 0)
        return hfhub__fail(HFHUB_ERR_PARSE, "transport returned no status");
    if (r == HFHUB_OK && hfhub__request_decide(st)) return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled");
    return r;
}

/* Before a new attempt: rewinds a consumed body reader. */
static hfhub_result hfhub__request_rewind(hfhub__request_state *st) {
    if (st->no_body || !st->orig->body_read || !st->body_consumed) return HFHUB_OK;
    if (!st->orig->body_rewind || st->orig->body_rewind(st->orig->body_user))
        return hfhub__fail(HFHUB_ERR_IO, "request body cannot be rewound");
    st->body_consumed = 0;
    return HFHUB_OK;
}

/* Whether to retry after exchange result r; sets *wait_ms. */
static int hfhub__request_should_retry(hfhub__request_state *st, hfhub_result r, int attempt,
                                       int *wait_ms) {
    /* bytes that reached the caller's sink cannot be taken back; collected ones can */
    if (st->retries_left <= 0 || (st->delivered && st->user) || !hfhub__request_replayable(st)) return 0;
    if (r == HFHUB_OK) {
        if (!hfhub__http_status_retryable(st->pol, st->resp->status)) return 0;
        *wait_ms = hfhub__http_retry_wait_ms(st->pol, attempt, st->resp->status, st->resp);
        return 1;
    }
    if (!st->pol->retry_network || (r != HFHUB_ERR_NETWORK && r != HFHUB_ERR_TIMEOUT)) return 0;
    *wait_ms = hfhub__http_retry_wait_ms(st->pol, attempt, 0, NULL);
    return 1;
}

static hfhub_result hfhub__request_loop(const hfhub_transport *t, hfhub__request_hop *h,
                                        hfhub__request_state *st) {
    const hfhub__http_policy *pol = st->pol;
    int max_redirects = pol->max_redirects > 0 ? pol->max_redirects : 10;
    int retry = 0;
    for (;;) {
        int wait_ms = 0;
        hfhub_result r = hfhub__request_exchange(t, h, st);
        st->resp->attempts++;
        if (r == HFHUB_OK && st->is_final) return HFHUB_OK;
        if (r == HFHUB_OK && hfhub__request_is_redirect(st->resp->status)) {
            if (st->resp->redirects >= max_redirects)
                return hfhub__fail_http(HFHUB_ERR_HTTP, st->resp->status, NULL, NULL,
                                        "more than %d redirects", max_redirects);
            r = hfhub__request_follow(h, st);
            if (r) return r;
            st->resp->redirects++;
            st->resp->attempts = 0;
            hfhub__log(pol->log, HFHUB_LOG_DEBUG, "redirect %d to %.*s", st->resp->status,
                       hfhub__request_log_len(h->req.url), h->req.url);
            r = hfhub__request_rewind(st);
            if (r) return r;
            continue;
        }
        if (!hfhub__request_should_retry(st, r, ++retry, &wait_ms)) return r;
        st->retries_left--;
        if (r)
            hfhub__log(pol->log, HFHUB_LOG_WARN, "%s %.*s: %s, retrying in %d ms (%d/%d)", h->req.method,
                       hfhub__request_log_len(h->req.url), h->req.url, hfhub_result_str(r), wait_ms, retry,
                       pol->max_retries);
        else
            hfhub__log(pol->log, HFHUB_LOG_WARN, "%s %.*s: HTTP %d, retrying in %d ms (%d/%d)", h->req.method,
                       hfhub__request_log_len(h->req.url), h->req.url, st->resp->status, wait_ms, retry,
                       pol->max_retries);
        if ((pol->on_retry && pol->on_retry(pol->on_retry_user, retry + 1, wait_ms)) ||
            hfhub__request_wait(pol, wait_ms))
            return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled while waiting to retry");
        r = hfhub__request_rewind(st);
        if (r) return r;
    }
}

hfhub_result hfhub__http_exec(const hfhub_transport *t, const hfhub__http_policy *policy,
                              const hfhub_http_request *req, const hfhub_http_sink *sink,
                              size_t max_body, const hfhub_allocator *a, hfhub__http_response *resp) {
    hfhub__request_state st;
    hfhub__request_hop *hop;
    hfhub_result r;
    memset(resp, 0, sizeof *resp);
    hfhub__arena_init(&resp->arena, a);
    hfhub__buf_init(&resp->body, a);
    if (!t || !t->perform || !req || !req->method || !req->url)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "http request needs a transport, method and URL");
    {
        hfhub__arena ar;
        hfhub__url u;
        r = hfhub__request_parse(&ar, a, req->url, &u);
        hfhub__arena_free(&ar);
        if (r) return hfhub__fail(r == HFHUB_ERR_NOMEM ? r : HFHUB_ERR_INVALID_ARG,
                                  "not an absolute http(s) URL: %.200s", req->url);
    }
    memset(&st, 0, sizeof st);
    st.pol = policy ? policy : &hfhub__request_zero_policy;
    st.orig = req;
    st.user = sink;
    st.resp = resp;
    st.max_body = max_body ? max_body : HFHUB__REQUEST_MAX_BODY;
    st.retries_left = st.pol->max_retries > 0 ? st.pol->max_retries : 0;
    /* the hop holds a 1 KiB proxy buffer: keep it off small embedded stacks */
    hop = (hfhub__request_hop *)hfhub__alloc(a, sizeof *hop);
    if (!hop) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    r = hfhub__request_hop_init(hop, req, a);
    if (!r) r = hfhub__request_loop(t, hop, &st);
    if (!r) {
        resp->final_url = hfhub__arena_strdup(&resp->arena, hop->url.data);
        if (!resp->final_url) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    hfhub__request_hop_free(hop, a);
    hfhub__free(a, hop, sizeof *hop);
    return r;
}

#undef HFHUB__REQUEST_MAX_HEADERS
#undef HFHUB__REQUEST_MAX_BODY
#undef HFHUB__REQUEST_MAX_DISCARD
