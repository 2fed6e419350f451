/* socket.c: the socket transport: HTTP/1.1 exchanges over pooled TCP (+TLS) connections,
 * directly or through an http:// proxy. */
#ifndef HFHUB_NO_SOCKETS
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HFHUB__SK_CHUNK_PRE 18         /* room for a chunk-size line: 16 hex digits + CRLF */

/* ---- URLs: what the transport needs of them --------------------------------------------- */

typedef struct hfhub__sk_url {
    int https;
    char host[256];         /* without IPv6 brackets */
    int port, ipv6;
    const char *target;     /* path and query ("/..." or "?..."; empty means "/") */
    size_t target_len;
    const char *user;       /* userinfo as written (percent-encoded), or NULL */
    size_t user_len;
} hfhub__sk_url;

static int hfhub__sk_ieq_prefix(const char *s, const char *prefix) {
    size_t i;
    for (i = 0; prefix[i]; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != prefix[i]) return 0;
    }
    return 1;
}

static hfhub_result hfhub__sk_bad_url(const char *what, const char *url) {
    return hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s URL \"%.200s\" is malformed", what, url);
}

/* Parses host[:port] of an authority [s, e) into u. */
static int hfhub__sk_parse_host(const char *s, const char *e, hfhub__sk_url *u) {
    const char *h = s, *he, *p;
    if (s < e && *s == '[') {
        he = (const char *)memchr(s, ']', (size_t)(e - s));
        if (!he) return -1;
        h = s + 1;
        p = he + 1;
        u->ipv6 = 1;
    } else {
        he = s;
        while (he < e && *he != ':') he++;
        p = he;
    }
    if (he == h || (size_t)(he - h) >= sizeof u->host) return -1;
    memcpy(u->host, h, (size_t)(he - h));
    u->host[he - h] = 0;
    if (p < e) {
        long port = 0;
        if (*p++ != ':' || p == e) return -1;
        for (; p < e; p++) {
            if (*p < '0' || *p > '9' || (port = port * 10 + (*p - '0')) > 65535) return -1;
        }
        if (port == 0) return -1;
        u->port = (int)port;
    }
    for (p = u->host; *p; p++) /* no spaces, controls or delimiters in a host name */
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || strchr("/?#@[]\\\"<>", *p)) return -1;
    return 0;
}

/* Parses an http:// or https:// URL; is_proxy: a missing scheme means http://. */
static hfhub_result hfhub__sk_parse_url(const char *url, int is_proxy, hfhub__sk_url *u) {
    const char *what = is_proxy ? "proxy" : "request";
    const char *s = url, *auth, *auth_end, *at, *p;
    memset(u, 0, sizeof *u);
    if (hfhub__sk_ieq_prefix(s, "https://")) {
        if (is_proxy)
            return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "https:// proxies are not supported (proxy \"%.200s\")", url);
        u->https = 1;
        s += 8;
    } else if (hfhub__sk_ieq_prefix(s, "http://")) {
        s += 7;
    } else if (!is_proxy || strstr(s, "://")) {
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "unsupported URL scheme in %s URL \"%.200s\"", what, url);
    }
    auth = s;
    auth_end = s + strcspn(s, "/?#");
    at = NULL;
    for (p = auth; p < auth_end; p++)
        if (*p == '@') at = p;
    if (at) {
        u->user = auth;
        u->user_len = (size_t)(at - auth);
        auth = at + 1;
    }
    u->port = u->https ? 443 : 80;
    if (hfhub__sk_parse_host(auth, auth_end, u)) return hfhub__sk_bad_url(what, url);
    u->target = auth_end;
    u->target_len = strcspn(auth_end, "#");
    for (p = u->target; p < u->target + u->target_len; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f) return hfhub__sk_bad_url(what, url);
    return HFHUB_OK;
}

/* "host", "[v6]" or either with ":port" when it is not the scheme's default. */
static void hfhub__sk_put_hostport(hfhub__buf *b, const hfhub__sk_url *u, int always_port) {
    hfhub__buf_printf(b, u->ipv6 ? "[%s]" : "%s", u->host);
    if (always_port || u->port != (u->https ? 443 : 80)) hfhub__buf_printf(b, ":%d", u->port);
}

/* ---- Proxy-Authorization ---------------------------------------------------------------- */

/* "Proxy-Authorization: Basic base64(user:password)" from percent-encoded userinfo. */
static void hfhub__sk_put_proxy_auth(hfhub__buf *b, const hfhub__sk_url *proxy) {
    hfhub__buf plain;
    size_t enc;
    if (!proxy->user) return;
    hfhub__buf_init(&plain, b->a);
    hfhub__url_unquote_to_bytes(&plain, proxy->user, proxy->user_len);
    if (!plain.len || !memchr(plain.data, ':', plain.len)) hfhub__buf_putc(&plain, ':');
    enc = hfhub__base64_encoded_len(plain.len, 0);
    hfhub__buf_puts(b, "Proxy-Authorization: Basic ");
    if (plain.failed || hfhub__buf_reserve(b, enc)) {
        b->failed = 1;
    } else {
        hfhub__base64_encode(plain.data, plain.len, b->data + b->len, 0);
        b->len += enc;
        hfhub__buf_puts(b, "\r\n");
    }
    if (plain.data) memset(plain.data, 0, plain.len); /* the password */
    hfhub__buf_free(&plain);
}

/* ---- connections and the pool ----------------------------------------------------------- */

typedef struct hfhub__sk_conn {
    hfhub__sock fd;
#ifdef HFHUB__HAVE_TLS
    hfhub__tls *tls;
#endif
    char *key;                  /* scheme://host:port|proxy */
    int64_t idle_since;
    struct hfhub__sk_conn *next;
} hfhub__sk_conn;

typedef struct hfhub__sk {
    hfhub_allocator alloc;
    const hfhub_allocator *a;   /* &alloc, or NULL for the macros */
    char *ca_file, *ca_dir;
    int insecure, max_idle_per_host, max_idle, idle_timeout_ms;
    size_t io_size;             /* each exchange's buffer: one read or one write */
    hfhub__mutex mu;
    hfhub__sk_conn *idle;       /* most recently used first */
    int n_idle;
#ifdef HFHUB__HAVE_TLS
    hfhub__tls_ctx *tls;        /* made on the first https:// request */
#endif
} hfhub__sk;

static void hfhub__sk_conn_close(hfhub__sk *sk, hfhub__sk_conn *c) {
    if (!c) return;
#ifdef HFHUB__HAVE_TLS
    if (c->tls) hfhub__tls_free(c->tls);
#endif
    hfhub__net_close(c->fd);
    hfhub__free(sk->a, c->key, strlen(c->key) + 1);
    hfhub__free(sk->a, c, sizeof *c);
}

static void hfhub__sk_close_list(hfhub__sk *sk, hfhub__sk_conn *c) {
    while (c) {
        hfhub__sk_conn *next = c->next;
        hfhub__sk_conn_close(sk, c);
        c = next;
    }
}

/* An idle connection to `key` that still looks alive, or NULL. Expired ones are closed. */
static hfhub__sk_conn *hfhub__sk_pool_take(hfhub__sk *sk, const char *key) {
    hfhub__sk_conn **pp, *found = NULL, *dead = NULL;
    int64_t now = hfhub__monotonic_ms();
    hfhub__mutex_lock(&sk->mu);
    for (pp = &sk->idle; *pp;) {
        hfhub__sk_conn *c = *pp;
        int expired = now - c->idle_since > sk->idle_timeout_ms;
        if (expired || (!found && !strcmp(c->key, key))) {
            *pp = c->next;
            sk->n_idle--;
            if (expired || !hfhub__net_idle_ok(c->fd)) {
                c->next = dead;
                dead = c;
            } else {
                found = c;
            }
        } else {
            pp = &c->next;
        }
    }
    hfhub__mutex_unlock(&sk->mu);
    hfhub__sk_close_list(sk, dead);
    return found;
}

/* Keeps c for reuse, evicting the oldest idle connection of its host (or of all) beyond the
 * limits. */
static void hfhub__sk_pool_put(hfhub__sk *sk, hfhub__sk_conn *c) {
    hfhub__sk_conn **pp, **oldest_host = NULL, **oldest = NULL, *evicted = NULL;
    int same = 0;
    if (sk->max_idle_per_host < 0) {
        hfhub__sk_conn_close(sk, c);
        return;
    }
    c->idle_since = hfhub__monotonic_ms();
    hfhub__mutex_lock(&sk->mu);
    for (pp = &sk->idle; *pp; pp = &(*pp)->next) {
        if (!strcmp((*pp)->key, c->key)) {
            same++;
            oldest_host = pp;
        }
        oldest = pp;
    }
    if (same >= sk->max_idle_per_host) pp = oldest_host;
    else if (sk->n_idle >= sk->max_idle) pp = oldest;
    else pp = NULL;
    if (pp) {
        evicted = *pp;
        *pp = evicted->next;
        evicted->next = NULL;
        sk->n_idle--;
    }
    c->next = sk->idle;
    sk->idle = c;
    sk->n_idle++;
    hfhub__mutex_unlock(&sk->mu);
    hfhub__sk_close_list(sk, evicted);
}

#ifdef HFHUB__HAVE_TLS
/* The shared TLS context, made on first use: CA bundle from the options, $HF_HUB_CA_BUNDLE,
 * $SSL_CERT_FILE / $SSL_CERT_DIR, else the system's. */
static hfhub_result hfhub__sk_tls_ctx(hfhub__sk *sk, hfhub__tls_ctx **out) {
    hfhub_result r = HFHUB_OK;
    hfhub__mutex_lock(&sk->mu);
    if (!sk->tls) {
        const char *file = sk->ca_file, *dir = sk->ca_dir, *env;
        if (!file && (env = getenv("HF_HUB_CA_BUNDLE")) && *env) file = env;
        if (!file && (env = getenv("SSL_CERT_FILE")) && *env) file = env;
        if (!dir && (env = getenv("SSL_CERT_DIR")) && *env) dir = env;
#ifndef HFHUB_NO_STDIO
        if (file && !sk->insecure) { /* the TLS libraries' own messages for this are cryptic */
            FILE *f = fopen(file, "rb");
            if (!f) r = hfhub__fail(HFHUB_ERR_TLS, "cannot read the CA bundle %s: %s", file, strerror(errno));
            else fclose(f);
        }
        if (r == HFHUB_OK)
#endif
            r = hfhub__tls_ctx_new(file, dir, sk->insecure, sk->a, &sk->tls);
    }
    *out = sk->tls;
    hfhub__mutex_unlock(&sk->mu);
    return r;
}
#endif

static hfhub_result hfhub__sk_conn_read(hfhub__sk_conn *c, void *buf, size_t cap, size_t *n,
                                        const hfhub__net_timer *t) {
#ifdef HFHUB__HAVE_TLS
    if (c->tls) return hfhub__tls_read(c->tls, buf, cap, n, t);
#endif
    return hfhub__net_read(c->fd, buf, cap, n, t);
}

static hfhub_result hfhub__sk_conn_write(hfhub__sk_conn *c, const void *buf, size_t len,
                                         const hfhub__net_timer *t) {
    if (!len) return HFHUB_OK;
#ifdef HFHUB__HAVE_TLS
    if (c->tls) return hfhub__tls_write(c->tls, buf, len, t);
#endif
    return hfhub__net_write(c->fd, buf, len, t);
}

/* ---- one exchange ----------------------------------------------------------------------- */

typedef struct hfhub__sk_x {
    hfhub__sk *sk;
    const hfhub_http_request *req;
    const hfhub_http_sink *sink;
    hfhub__sk_url url, proxy;
    int use_proxy, no_reuse, body_started;
    hfhub__buf head;            /* request line and headers */
    hfhub__buf key;             /* pool key */
    char *io;                   /* sk->io_size bytes for reading and writing */
    hfhub__net_timer total;     /* the whole exchange */
    hfhub__net_timer io_timer;  /* each read or write: read timeout, within total */
    hfhub__http_parser parser;
} hfhub__sk_x;

static int hfhub__sk_ieq(const char *a, const char *b) {
    return strlen(a) == strlen(b) && hfhub__sk_ieq_prefix(a, b);
}

/* Reads a CONNECT response from the proxy; anything but 2xx fails the exchange. */
static hfhub_result hfhub__sk_tunnel(hfhub__sk_x *x, hfhub__sk_conn *c, const hfhub__net_timer *t) {
    hfhub__buf b;
    hfhub__http_parser p;
    hfhub_result r;
    size_t n = 0, used = 0;
    hfhub__buf_init(&b, x->sk->a);
    hfhub__buf_puts(&b, "CONNECT ");
    hfhub__sk_put_hostport(&b, &x->url, 1);
    hfhub__buf_puts(&b, " HTTP/1.1\r\nHost: ");
    hfhub__sk_put_hostport(&b, &x->url, 1);
    hfhub__buf_puts(&b, "\r\n");
    hfhub__sk_put_proxy_auth(&b, &x->proxy);
    hfhub__buf_puts(&b, "\r\n");
    r = b.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : hfhub__net_write(c->fd, b.data, b.len, t);
    hfhub__buf_free(&b);
    hfhub__http_parser_init(&p, HFHUB__HTTP_PARSE_CONNECT, NULL, x->sk->a);
    while (r == HFHUB_OK && !hfhub__http_parser_done(&p)) {
        r = hfhub__net_read(c->fd, x->io, x->sk->io_size, &n, t);
        if (r == HFHUB_OK) r = n ? hfhub__http_parser_feed(&p, x->io, n, &used) : hfhub__http_parser_eof(&p);
    }
    if (r == HFHUB_OK && (p.status < 200 || p.status > 299))
        r = hfhub__fail(HFHUB_ERR_NETWORK, "proxy %s port %d refused to connect to %s port %d: HTTP %d",
                        x->proxy.host, x->proxy.port, x->url.host, x->url.port, p.status);
    else if (r == HFHUB_OK && used < n)
        r = hfhub__fail(HFHUB_ERR_PARSE, "proxy sent data after its CONNECT response");
    hfhub__http_parser_free(&p);
    return r;
}

/* A new connection for the exchange: TCP, the proxy tunnel, TLS. */
static hfhub_result hfhub__sk_open(hfhub__sk_x *x, hfhub__sk_conn **out) {
    const hfhub__sk_url *to = x->use_proxy ? &x->proxy : &x->url;
    hfhub__net_timer t;
    hfhub__sk_conn *c;
    hfhub_result r;
    c = (hfhub__sk_conn *)hfhub__alloc(x->sk->a, sizeof *c);
    if (!c) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(c, 0, sizeof *c);
    c->key = hfhub__strdup(x->sk->a, x->key.data);
    if (!c->key) {
        hfhub__free(x->sk->a, c, sizeof *c);
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    c->fd = HFHUB__NO_SOCK;
    r = hfhub__net_connect(to->host, to->port, x->req->connect_timeout_ms, &x->total, &c->fd);
    /* The connect timeout again for setting up the tunnel and TLS. */
    hfhub__net_timer_init(&t, x->req->connect_timeout_ms, 0, "connecting", &x->total);
    if (r == HFHUB_OK && x->url.https && x->use_proxy) r = hfhub__sk_tunnel(x, c, &t);
#ifdef HFHUB__HAVE_TLS
    if (r == HFHUB_OK && x->url.https) {
        hfhub__tls_ctx *ctx = NULL;
        r = hfhub__sk_tls_ctx(x->sk, &ctx);
        if (r == HFHUB_OK) r = hfhub__tls_connect(ctx, c->fd, x->url.host, &t, &c->tls);
    }
#endif
    if (r != HFHUB_OK) {
        hfhub__sk_conn_close(x->sk, c);
        return r;
    }
    *out = c;
    return HFHUB_OK;
}

/* Request line and headers. The transport owns the framing headers: a caller's Content-Length
 * and Transfer-Encoding are replaced; a caller's Host is kept. */
static hfhub_result hfhub__sk_build_head(hfhub__sk_x *x) {
    const hfhub_http_request *req = x->req;
    hfhub__buf *b = &x->head;
    const char *m;
    size_t i;
    int has_host = 0;
    for (m = req->method; *m; m++)
        if ((unsigned char)*m <= 0x20 || *m == 0x7f || strchr("()<>@,;:\\\"/[]?={}", *m))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "invalid HTTP method \"%.40s\"", req->method);
    hfhub__buf_printf(b, "%s ", req->method);
    if (x->use_proxy && !x->url.https) { /* absolute-form through a plain proxy */
        hfhub__buf_puts(b, "http://");
        hfhub__sk_put_hostport(b, &x->url, 0);
    }
    if (x->url.target_len == 0 || x->url.target[0] == '?') hfhub__buf_putc(b, '/');
    hfhub__buf_append(b, x->url.target, x->url.target_len);
    hfhub__buf_puts(b, " HTTP/1.1\r\n");
    for (i = 0; i < req->n_headers; i++) {
        const hfhub_header *h = &req->headers[i];
        if (!h->name || !h->value || !*h->name || strpbrk(h->name, ":\r\n \t") || strpbrk(h->value, "\r\n"))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "invalid request header \"%.60s\"", h->name ? h->name : "");
        if (hfhub__sk_ieq(h->name, "content-length") || hfhub__sk_ieq(h->name, "transfer-encoding")) continue;
        if (hfhub__sk_ieq(h->name, "host")) has_host = 1;
        if (hfhub__sk_ieq(h->name, "connection") && strstr(h->value, "close")) x->no_reuse = 1;
        hfhub__buf_printf(b, "%s: %s\r\n", h->name, h->value);
    }
    if (!has_host) {
        hfhub__buf_puts(b, "Host: ");
        hfhub__sk_put_hostport(b, &x->url, 0);
        hfhub__buf_puts(b, "\r\n");
    }
    if (x->use_proxy && !x->url.https) hfhub__sk_put_proxy_auth(b, &x->proxy);
    if (req->body_read && req->body_size < 0) hfhub__buf_puts(b, "Transfer-Encoding: chunked\r\n");
    else if (req->body_read) hfhub__buf_printf(b, "Content-Length: %lld\r\n", (long long)req->body_size);
    else if (req->body || strcmp(req->method, "POST") == 0 || strcmp(req->method, "PUT") == 0 ||
             strcmp(req->method, "PATCH") == 0)
        hfhub__buf_printf(b, "Content-Length: %llu\r\n", (unsigned long long)(req->body ? req->body_len : 0));
    hfhub__buf_puts(b, "\r\n");
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

/* Fills io[at, at+room) from the body reader; stops when full or at the end (*eof). */
static hfhub_result hfhub__sk_fill(hfhub__sk_x *x, size_t at, size_t room, size_t *got, int *eof) {
    *got = 0;
    *eof = 0;
    x->body_started = 1;
    while (*got < room) {
        size_t k = x->req->body_read(x->req->body_user, x->io + at + *got, room - *got);
        if (k == HFHUB_READ_ERROR) return hfhub__fail(HFHUB_ERR_IO, "request body reader failed");
        if (k > room - *got) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "request body reader overran its buffer");
        if (k == 0) {
            *eof = 1;
            break;
        }
        *got += k;
    }
    return HFHUB_OK;
}

/* Streams the reader's body after the `used` head bytes already in io: as Content-Length
 * bytes, or as chunks of up to a buffer each (the chunk-size line is written in front of
 * the data, so each chunk goes out in one write). */
static hfhub_result hfhub__sk_send_reader(hfhub__sk_x *x, hfhub__sk_conn *c, size_t used) {
    const hfhub_http_request *req = x->req;
    int chunked = req->body_size < 0, eof = 0;
    uint64_t sent = 0;
    hfhub_result r;
    while (!eof) {
        size_t pre = chunked ? HFHUB__SK_CHUNK_PRE : 0, room = x->sk->io_size - used - pre - 7, got;
        char *start = x->io;
        if (!chunked && (uint64_t)req->body_size - sent < room) room = (size_t)((uint64_t)req->body_size - sent);
        if (room == 0) break;
        if ((r = hfhub__sk_fill(x, used + pre, room, &got, &eof)) != HFHUB_OK) return r;
        if (!chunked && eof && sent + got < (uint64_t)req->body_size)
            return hfhub__fail(HFHUB_ERR_IO, "request body reader ended after %llu of %lld bytes",
                               (unsigned long long)(sent + got), (long long)req->body_size);
        if (chunked && got) {
            char line[HFHUB__SK_CHUNK_PRE + 1];
            size_t plen = (size_t)snprintf(line, sizeof line, "%lx\r\n", (unsigned long)got);
            start = x->io + pre - plen;
            memmove(start, x->io, used);
            memcpy(start + used, line, plen);
            used += plen;
            memcpy(x->io + HFHUB__SK_CHUNK_PRE + used - plen + got, "\r\n", 2);
            got += 2;
        }
        if (chunked && eof) {
            memcpy(start + used + got, "0\r\n\r\n", 5);
            got += 5;
        }
        if ((r = hfhub__sk_conn_write(c, start, used + got, &x->io_timer)) != HFHUB_OK) return r;
        sent += got;
        used = 0;
    }
    return hfhub__sk_conn_write(c, x->io, used, &x->io_timer);
}

/* Head and body; a small body goes out in the same write as the head. */
static hfhub_result hfhub__sk_send(hfhub__sk_x *x, hfhub__sk_conn *c) {
    const hfhub_http_request *req = x->req;
    size_t used = 0;
    hfhub_result r;
    if (x->head.len > x->sk->io_size / 2) {
        if ((r = hfhub__sk_conn_write(c, x->head.data, x->head.len, &x->io_timer)) != HFHUB_OK) return r;
    } else {
        memcpy(x->io, x->head.data, x->head.len);
        used = x->head.len;
    }
    if (req->body_read) return hfhub__sk_send_reader(x, c, used);
    if (req->body && req->body_len <= x->sk->io_size - used) {
        memcpy(x->io + used, req->body, req->body_len);
        return hfhub__sk_conn_write(c, x->io, used + req->body_len, &x->io_timer);
    }
    if ((r = hfhub__sk_conn_write(c, x->io, used, &x->io_timer)) != HFHUB_OK) return r;
    return req->body ? hfhub__sk_conn_write(c, req->body, req->body_len, &x->io_timer) : HFHUB_OK;
}

/* Adds the body progress to a network error met while reading the response. */
static hfhub_result hfhub__sk_read_failed(hfhub__sk_x *x, hfhub_result r) {
    char msg[512];
    const hfhub__http_parser *p = &x->parser;
    if (r != HFHUB_ERR_NETWORK || !p->status) return r;
    snprintf(msg, sizeof msg, "%.400s", hfhub_last_error()->message);
    if (p->content_length >= 0)
        return hfhub__fail(r, "%s after %llu of %lld bytes", msg, (unsigned long long)p->body_bytes,
                           (long long)p->content_length);
    return hfhub__fail(r, "%s after %llu body bytes", msg, (unsigned long long)p->body_bytes);
}

/* Reads the response into the sink; *reusable: the connection can carry another request. */
static hfhub_result hfhub__sk_receive(hfhub__sk_x *x, hfhub__sk_conn *c, int *reusable) {
    hfhub__http_parser *p = &x->parser;
    hfhub_result r;
    size_t n, used;
    *reusable = 0;
    for (;;) {
        if ((r = hfhub__sk_conn_read(c, x->io, x->sk->io_size, &n, &x->io_timer)) != HFHUB_OK)
            return hfhub__sk_read_failed(x, r);
        if (n == 0) return hfhub__http_parser_eof(p);
        if ((r = hfhub__http_parser_feed(p, x->io, n, &used)) != HFHUB_OK) return r;
        if (hfhub__http_parser_done(p)) {
            *reusable = p->keep_alive && used == n && !x->no_reuse;
            return HFHUB_OK;
        }
    }
}

/* Back to the start of the body for a second attempt; 0 if that is possible. */
static int hfhub__sk_rewind(hfhub__sk_x *x) {
    if (!x->req->body_read || !x->body_started) return 0;
    return x->req->body_rewind && x->req->body_rewind(x->req->body_user) == 0 ? 0 : -1;
}

/* One attempt on a pooled connection, and when that connection turns out to be dead before
 * any response byte, one more on a fresh one (if the body can be sent again). */
static hfhub_result hfhub__sk_exchange(hfhub__sk_x *x) {
    int attempt;
    for (attempt = 0;; attempt++) {
        hfhub__sk_conn *c = attempt == 0 ? hfhub__sk_pool_take(x->sk, x->key.data) : NULL;
        int pooled = c != NULL, reusable = 0, flags;
        hfhub_result r = HFHUB_OK;
        if (!c) r = hfhub__sk_open(x, &c);
        if (r != HFHUB_OK) return r;
        flags = strcmp(x->req->method, "HEAD") == 0 ? HFHUB__HTTP_PARSE_HEAD : 0;
        hfhub__http_parser_init(&x->parser, flags, x->sink, x->sk->a);
        r = hfhub__sk_send(x, c);
        if (r == HFHUB_OK) {
            r = hfhub__sk_receive(x, c, &reusable);
        } else if (r == HFHUB_ERR_NETWORK) {
            /* The server may have answered early (e.g. 413) and closed: take its response. */
            hfhub_result rr = hfhub__sk_receive(x, c, &reusable);
            if (x->parser.bytes_in) r = rr;
            reusable = 0;
        }
        if (r == HFHUB_OK && reusable) hfhub__sk_pool_put(x->sk, c);
        else hfhub__sk_conn_close(x->sk, c);
        if (r == HFHUB_OK || !pooled || r != HFHUB_ERR_NETWORK || x->parser.bytes_in || hfhub__sk_rewind(x))
            return r;
        hfhub__http_parser_free(&x->parser);
        x->body_started = 0;
    }
}

static hfhub_result hfhub__sk_prepare(hfhub__sk_x *x) {
    const hfhub_http_request *req = x->req;
    hfhub_result r;
    if (!req->method || !req->url) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "request without method or URL");
    if ((r = hfhub__sk_parse_url(req->url, 0, &x->url)) != HFHUB_OK) return r;
#ifndef HFHUB__HAVE_TLS
    if (x->url.https)
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "https:// needs TLS: hfhub was built without "
                                                  "HFHUB_TLS_OPENSSL or HFHUB_TLS_MBEDTLS");
#endif
    x->use_proxy = req->proxy && *req->proxy;
    if (x->use_proxy && (r = hfhub__sk_parse_url(req->proxy, 1, &x->proxy)) != HFHUB_OK) return r;
    hfhub__buf_puts(&x->key, x->url.https ? "https://" : "http://");
    hfhub__sk_put_hostport(&x->key, &x->url, 1);
    if (x->use_proxy) hfhub__buf_printf(&x->key, "|%s", req->proxy);
    if ((r = hfhub__sk_build_head(x)) != HFHUB_OK) return r;
    x->io = (char *)hfhub__alloc(x->sk->a, x->sk->io_size);
    if (!x->io || x->key.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    hfhub__net_timer_init(&x->total, req->total_timeout_ms, 0, "the request", NULL);
    hfhub__net_timer_init(&x->io_timer, 0, req->read_timeout_ms, NULL, &x->total);
    return HFHUB_OK;
}

static hfhub_result hfhub__sk_perform(void *ctx, const hfhub_http_request *req, const hfhub_http_sink *sink) {
    hfhub__sk_x x;
    hfhub_result r;
    memset(&x, 0, sizeof x);
    x.sk = (hfhub__sk *)ctx;
    x.req = req;
    x.sink = sink;
    hfhub__buf_init(&x.head, x.sk->a);
    hfhub__buf_init(&x.key, x.sk->a);
    hfhub__http_parser_init(&x.parser, 0, NULL, x.sk->a);
    r = hfhub__sk_prepare(&x);
    if (r == HFHUB_OK) r = hfhub__sk_exchange(&x);
    hfhub__http_parser_free(&x.parser);
    hfhub__free(x.sk->a, x.io, x.sk->io_size);
    hfhub__buf_free(&x.head);
    hfhub__buf_free(&x.key);
    return r;
}

static void hfhub__sk_destroy(void *ctx) {
    hfhub__sk *sk = (hfhub__sk *)ctx;
    const hfhub_allocator *a = sk->a;
    hfhub_allocator copy = sk->alloc;
    hfhub__sk_close_list(sk, sk->idle);
#ifdef HFHUB__HAVE_TLS
    if (sk->tls) hfhub__tls_ctx_free(sk->tls);
#endif
    hfhub__mutex_destroy(&sk->mu);
    if (sk->ca_file) hfhub__free(a, sk->ca_file, strlen(sk->ca_file) + 1);
    if (sk->ca_dir) hfhub__free(a, sk->ca_dir, strlen(sk->ca_dir) + 1);
    hfhub__free(a ? &copy : NULL, sk, sizeof *sk);
    hfhub__net_cleanup();
}

hfhub_result hfhub_socket_transport_new(const hfhub_socket_opts *opts, const hfhub_allocator *a,
                                        hfhub_transport *out) {
    hfhub__sk *sk;
    hfhub_socket_opts o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no transport to fill");
    if (hfhub__net_startup()) return hfhub__fail(HFHUB_ERR_NETWORK, "cannot start Winsock");
    sk = (hfhub__sk *)hfhub__alloc(a, sizeof *sk);
    if (!sk) {
        hfhub__net_cleanup();
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    memset(sk, 0, sizeof *sk);
    if (a && a->alloc) {
        sk->alloc = *a;
        sk->a = &sk->alloc;
    }
    sk->insecure = o.insecure;
    sk->max_idle_per_host = o.max_idle_per_host ? o.max_idle_per_host : 16;
    sk->max_idle = o.max_idle > 0 ? o.max_idle : 64;
    sk->idle_timeout_ms = o.idle_timeout_ms > 0 ? o.idle_timeout_ms : 30000;
    sk->io_size = o.buffer_size ? (o.buffer_size < 4096 ? 4096 : o.buffer_size) : 256 * 1024;
    sk->ca_file = hfhub__strdup(sk->a, o.ca_file);
    sk->ca_dir = hfhub__strdup(sk->a, o.ca_dir);
    if ((o.ca_file && !sk->ca_file) || (o.ca_dir && !sk->ca_dir) || hfhub__mutex_init(&sk->mu)) {
        hfhub__free(sk->a, sk->ca_file, sk->ca_file ? strlen(sk->ca_file) + 1 : 0);
        hfhub__free(sk->a, sk->ca_dir, sk->ca_dir ? strlen(sk->ca_dir) + 1 : 0);
        hfhub__free(a, sk, sizeof *sk);
        hfhub__net_cleanup();
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    out->ctx = sk;
    out->perform = hfhub__sk_perform;
    out->destroy = hfhub__sk_destroy;
    return HFHUB_OK;
}

#undef HFHUB__SK_CHUNK_PRE
#endif
