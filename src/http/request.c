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

static int hfhub__request_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int hfhub__request_ieqn(const char *a, size_t an, const char *b, size_t bn) {
    size_t i;
    if (an != bn) return 0;
    for (i = 0; i < an; i++)
        if (hfhub__request_lower((unsigned char)a[i]) != hfhub__request_lower((unsigned char)b[i])) return 0;
    return 1;
}

static int hfhub__request_ieq(const char *a, const char *b) {
    return hfhub__request_ieqn(a, strlen(a), b, strlen(b));
}

static int hfhub__request_is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* ---- URLs ---- */

int hfhub__http_url_split(const char *url, hfhub__url_parts *o) {
    const char *p, *auth, *auth_end, *at, *h;
    long port = -1;
    memset(o, 0, sizeof *o);
    if (!url) return -1;
    p = strchr(url, ':');
    if (!p || (!hfhub__request_ieqn(url, (size_t)(p - url), "http", 4) &&
               !hfhub__request_ieqn(url, (size_t)(p - url), "https", 5)))
        return -1;
    if (p[1] != '/' || p[2] != '/') return -1;
    o->scheme = url;
    o->scheme_len = (size_t)(p - url);
    auth = p + 3;
    auth_end = auth + strcspn(auth, "/?#");
    at = NULL;
    for (h = auth; h < auth_end; h++)
        if (*h == '@') at = h;
    if (at) {
        o->userinfo = auth;
        o->userinfo_len = (size_t)(at - auth);
        auth = at + 1;
    }
    if (*auth == '[') {
        const char *close = (const char *)memchr(auth, ']', (size_t)(auth_end - auth));
        if (!close) return -1;
        o->host = auth + 1;
        o->host_len = (size_t)(close - auth - 1);
        h = close + 1;
    } else {
        h = auth;
        while (h < auth_end && *h != ':') h++;
        o->host = auth;
        o->host_len = (size_t)(h - auth);
    }
    if (h < auth_end) {
        if (*h != ':') return -1;
        for (h++, port = h < auth_end ? 0 : -1; h < auth_end; h++) {
            if (*h < '0' || *h > '9' || port > 65535) return -1;
            port = port * 10 + (*h - '0');
        }
        if (port == 0 || port > 65535) return -1;
    }
    if (o->host_len == 0) return -1;
    o->port = port > 0 ? (int)port : (o->scheme_len == 5 ? 443 : 80);
    o->target = auth_end;
    o->target_len = strcspn(auth_end, "#");
    return 0;
}

/* Appends s (n bytes), percent-encoding spaces, controls and non-ASCII bytes, so a sloppy
 * Location value can never inject anything into a request line. */
static void hfhub__request_put_url(hfhub__buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f) {
            hfhub__buf_putc(b, '%');
            hfhub__buf_putc(b, hex[c >> 4]);
            hfhub__buf_putc(b, hex[c & 15]);
        } else {
            hfhub__buf_putc(b, (char)c);
        }
    }
}

/* Appends path (which starts with '/') with "." and ".." segments removed (RFC 3986
 * §5.2.4), then the query. */
static void hfhub__request_put_path(hfhub__buf *b, const char *path, size_t n) {
    size_t q = 0, i, start = b->len;
    while (q < n && path[q] != '?') q++;
    i = 0;
    while (i < q) {
        size_t s = i + 1, e = s;
        int last;
        while (e < q && path[e] != '/') e++;
        last = e >= q;
        if (e - s == 1 && path[s] == '.') {
            if (last) hfhub__buf_putc(b, '/');
        } else if (e - s == 2 && path[s] == '.' && path[s + 1] == '.') {
            while (b->len > start && b->data[b->len - 1] != '/') b->len--;
            if (b->len > start) b->len--; /* the '/' before the dropped segment */
            if (b->data) b->data[b->len] = 0;
            if (last) hfhub__buf_putc(b, '/');
        } else {
            hfhub__buf_putc(b, '/');
            hfhub__request_put_url(b, path + s, e - s);
        }
        i = e;
    }
    if (b->len == start) hfhub__buf_putc(b, '/');
    hfhub__request_put_url(b, path + q, n - q);
}

static int hfhub__request_has_scheme(const char *s, size_t n) {
    size_t i;
    if (n == 0 || !((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z')) return 0;
    for (i = 1; i < n; i++) {
        char c = s[i];
        if (c == ':') return 1;
        if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
              c == '-' || c == '.'))
            return 0;
    }
    return 0;
}

/* Resolves a Location value against the current absolute URL into out. */
static hfhub_result hfhub__request_resolve(const char *base, const char *ref, hfhub__buf *out) {
    hfhub__url_parts bp;
    size_t n, path_len;
    const char *origin_end;
    while (hfhub__request_is_space((unsigned char)*ref)) ref++;
    n = strcspn(ref, "#");
    while (n && hfhub__request_is_space((unsigned char)ref[n - 1])) n--;
    hfhub__buf_reset(out);
    if (hfhub__http_url_split(base, &bp)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "bad URL");
    if (hfhub__request_has_scheme(ref, n)) {
        hfhub__url_parts rp;
        hfhub__request_put_url(out, ref, n);
        if (out->failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        if (hfhub__http_url_split(out->data, &rp))
            return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "redirect to an unsupported URL");
        return HFHUB_OK;
    }
    if (n >= 2 && ref[0] == '/' && ref[1] == '/') {
        hfhub__buf_append(out, bp.scheme, bp.scheme_len);
        hfhub__buf_putc(out, ':');
        hfhub__request_put_url(out, ref, n);
    } else {
        origin_end = bp.target;
        hfhub__buf_append(out, base, (size_t)(origin_end - base));
        path_len = strcspn(bp.target, "?#");
        if (n && ref[0] == '/') {
            hfhub__request_put_path(out, ref, n);
        } else if (n == 0 || ref[0] == '?') {
            hfhub__buf b2;
            hfhub__buf_init(&b2, out->a);
            hfhub__buf_append(&b2, path_len ? bp.target : "/", path_len ? path_len : 1);
            if (n) hfhub__buf_append(&b2, ref, n);
            else hfhub__buf_append(&b2, bp.target + path_len, bp.target_len - path_len);
            if (!b2.failed) hfhub__request_put_path(out, b2.data, b2.len);
            else out->failed = 1;
            hfhub__buf_free(&b2);
        } else {
            hfhub__buf b2;
            size_t dir = path_len;
            while (dir && bp.target[dir - 1] != '/') dir--;
            hfhub__buf_init(&b2, out->a);
            if (dir) hfhub__buf_append(&b2, bp.target, dir);
            else hfhub__buf_putc(&b2, '/');
            hfhub__buf_append(&b2, ref, n);
            if (!b2.failed) hfhub__request_put_path(out, b2.data, b2.len);
            else out->failed = 1;
            hfhub__buf_free(&b2);
        }
    }
    if (out->failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    {
        hfhub__url_parts rp;
        if (hfhub__http_url_split(out->data, &rp))
            return hfhub__fail(HFHUB_ERR_PARSE, "bad redirect Location");
    }
    return HFHUB_OK;
}

static int hfhub__request_same_origin(const char *a, const char *b) {
    hfhub__url_parts pa, pb;
    if (hfhub__http_url_split(a, &pa) || hfhub__http_url_split(b, &pb)) return 0;
    return hfhub__request_ieqn(pa.scheme, pa.scheme_len, pb.scheme, pb.scheme_len) &&
           hfhub__request_ieqn(pa.host, pa.host_len, pb.host, pb.host_len) && pa.port == pb.port;
}

/* ---- proxies ---- */

static const char *hfhub__request_env(const char *lower, const char *upper) {
    const char *v = getenv(lower);
    if (!v || !*v) v = getenv(upper);
    return v && *v ? v : NULL;
}

/* One NO_PROXY entry [s, s+n) against host/port. */
static int hfhub__request_no_proxy_entry(const char *s, size_t n, const char *host, size_t hlen,
                                         int port) {
    const char *colon = NULL;
    size_t i, ncolon = 0;
    long eport = -1;
    if (n == 1 && s[0] == '*') return 1;
    if (n && s[0] == '[') { /* [v6] or [v6]:port */
        const char *close = (const char *)memchr(s, ']', n);
        if (!close) return 0;
        if (close + 1 < s + n && close[1] == ':') colon = close + 1;
        if (colon) {
            eport = atol(colon + 1);
            if (eport != port) return 0;
        }
        return hfhub__request_ieqn(s + 1, (size_t)(close - s - 1), host, hlen);
    }
    for (i = 0; i < n; i++)
        if (s[i] == ':') { colon = s + i; ncolon++; }
    if (ncolon == 1) { /* host:port (more colons: a bare IPv6 literal) */
        eport = 0;
        for (i = (size_t)(colon - s) + 1; i < n; i++) {
            if (s[i] < '0' || s[i] > '9' || eport > 65535) return 0;
            eport = eport * 10 + (s[i] - '0');
        }
        if (eport != port) return 0;
        n = (size_t)(colon - s);
    }
    if (n >= 2 && s[0] == '*' && s[1] == '.') { s += 2; n -= 2; }
    else if (n && s[0] == '.') { s++; n--; }
    if (n == 0) return 0;
    if (hfhub__request_ieqn(s, n, host, hlen)) return 1;
    return hlen > n && host[hlen - n - 1] == '.' && hfhub__request_ieqn(s, n, host + hlen - n, n);
}

static int hfhub__request_no_proxy(const char *list, const char *host, size_t hlen, int port) {
    const char *p = list;
    while (*p) {
        size_t n;
        while (*p == ',' || hfhub__request_is_space((unsigned char)*p)) p++;
        n = strcspn(p, ", \t\r\n");
        if (n && hfhub__request_no_proxy_entry(p, n, host, hlen, port)) return 1;
        p += n;
    }
    return 0;
}

int hfhub__http_proxy_for(const char *url, const char *override, char *out, size_t cap) {
    const char *p = override, *scheme = "";
    size_t n;
    if (!p) {
        hfhub__url_parts u;
        const char *np;
        if (hfhub__http_url_split(url, &u)) return 0;
        p = u.scheme_len == 5 ? hfhub__request_env("https_proxy", "HTTPS_PROXY")
                              : hfhub__request_env("http_proxy", "HTTP_PROXY");
        if (!p) p = hfhub__request_env("all_proxy", "ALL_PROXY");
        if (!p) return 0;
        np = hfhub__request_env("no_proxy", "NO_PROXY");
        if (np && hfhub__request_no_proxy(np, u.host, u.host_len, u.port)) return 0;
    }
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
    int decided, is_final, delivered, body_consumed, redirect_ok_left, retries_left;
    int no_body;                      /* the current hop sends no body (after a 303...) */
    hfhub_result abort;               /* why a sink callback stopped the exchange */
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
    if (r->n_headers >= HFHUB__REQUEST_MAX_HEADERS) { st->abort = HFHUB_ERR_TOO_LARGE; return 1; }
    if (r->n_headers == st->hdr_cap) {
        size_t cap = st->hdr_cap ? st->hdr_cap * 2 : 16;
        hfhub_header *nh = (hfhub_header *)hfhub__arena_alloc(&r->arena, cap * sizeof *nh);
        if (!nh) { st->abort = HFHUB_ERR_NOMEM; return 1; }
        if (r->n_headers) memcpy(nh, r->headers, r->n_headers * sizeof *nh);
        r->headers = nh;
        st->hdr_cap = cap;
    }
    h = &r->headers[r->n_headers];
    h->name = hfhub__arena_strdup(&r->arena, name);
    h->value = hfhub__arena_strdup(&r->arena, value);
    if (!h->name || !h->value) { st->abort = HFHUB_ERR_NOMEM; return 1; }
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
    if (hfhub__request_decide(st)) { st->abort = HFHUB_ERR_CANCELLED; return 1; }
    if (!st->is_final) {
        st->discarded += n;
        if (st->discarded > HFHUB__REQUEST_MAX_DISCARD) { st->abort = HFHUB_OK; return 1; }
        return 0;
    }
    st->delivered = 1;
    if (st->user) {
        if (st->user->on_body && st->user->on_body(st->user->user, data, n)) {
            st->abort = HFHUB_ERR_CANCELLED;
            return 1;
        }
        return 0;
    }
    if (n > st->max_body - st->resp->body.len) { st->abort = HFHUB_ERR_TOO_LARGE; return 1; }
    hfhub__buf_append(&st->resp->body, data, n);
    if (st->resp->body.failed) { st->abort = HFHUB_ERR_NOMEM; return 1; }
    return 0;
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
        hfhub_result r = hfhub__request_resolve(h->url.data, hfhub__http_header(st->resp, "Location"),
                                                &h->next);
        hfhub__buf tmp;
        if (r) return r;
        if (!hfhub__request_same_origin(h->url.data, h->next.data))
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
    pr = hfhub__http_proxy_for(h->req.url, st->pol->proxy, h->proxy, sizeof h->proxy);
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
    st->decided = st->is_final = 0;
    st->discarded = 0;
    st->abort = HFHUB_ERR_INVALID_ARG; /* "not set" */
    r = t->perform(t->ctx, &h->req, &sink);
    if (st->abort != HFHUB_ERR_INVALID_ARG) {
        if (st->abort == HFHUB_OK) return HFHUB_OK; /* dropped a large redirect body */
        if (st->abort == HFHUB_ERR_TOO_LARGE)
            return hfhub__fail(HFHUB_ERR_TOO_LARGE, "response larger than %lu bytes",
                               (unsigned long)st->max_body);
        if (st->abort == HFHUB_ERR_NOMEM) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
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
    if (st->retries_left <= 0 || st->delivered || !hfhub__request_replayable(st)) return 0;
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
        hfhub__log(pol->log, HFHUB_LOG_WARN, "%s %.*s: %s%d, retrying in %d ms (%d/%d)",
                   h->req.method, hfhub__request_log_len(h->req.url), h->req.url,
                   r ? "error " : "status ", r ? (int)r : st->resp->status, wait_ms, retry,
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
        hfhub__url_parts u;
        if (hfhub__http_url_split(req->url, &u))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "not an absolute http(s) URL: %.200s", req->url);
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
