/* test_socket.c: the socket transport against tests/http/transport_server.py (started on
 * free ports): framing, keep-alive reuse, stale-connection retry, failures and timeouts,
 * proxies, and TLS with a throw-away CA made by the openssl command. */
#define _POSIX_C_SOURCE 200809L /* fdopen, kill, setenv for spawn.h and the CA tests */
#include "test.h"
#include "spawn.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#ifdef HFHUB_NO_SOCKETS
int main(void) { /* built without the socket transport: nothing to test */
    (void)t__cur_name;
    (void)t__cur_failed;
    return TEST_END();
}
#else
static int http_port, https_port, proxy_port;
static char cert_dir[256];

/* ---- a sink that records the response ---- */
typedef struct resp {
    int status;
    hfhub__buf headers; /* "name: value\n" */
    hfhub__buf body;
    uint64_t body_len, slices, max_slice, pattern_bad;
    int count_only;     /* check the server's i % 251 pattern instead of keeping the body */
    uint64_t cancel_after;
} resp;

static int r_status(void *u, int status) {
    ((resp *)u)->status = status;
    return 0;
}
static int r_header(void *u, const char *name, const char *value) {
    hfhub__buf_printf(&((resp *)u)->headers, "%s: %s\n", name, value);
    return 0;
}
static int r_body(void *u, const void *data, size_t n) {
    resp *r = (resp *)u;
    size_t i;
    if (r->count_only) {
        const unsigned char *p = (const unsigned char *)data;
        for (i = 0; i < n; i++)
            if (p[i] != (r->body_len + i) % 251) r->pattern_bad++;
    } else {
        hfhub__buf_append(&r->body, data, n);
    }
    r->body_len += n;
    r->slices++;
    if (n > r->max_slice) r->max_slice = n;
    return r->cancel_after && r->body_len >= r->cancel_after;
}

static void resp_init(resp *r) {
    memset(r, 0, sizeof *r);
    hfhub__buf_init(&r->headers, NULL);
    hfhub__buf_init(&r->body, NULL);
}
static void resp_free(resp *r) {
    hfhub__buf_free(&r->headers);
    hfhub__buf_free(&r->body);
}
static const char *resp_body(resp *r) { return r->body.data ? r->body.data : ""; }
static const char *resp_headers(resp *r) { return r->headers.data ? r->headers.data : ""; }

/* One exchange; `req` may be NULL for a plain GET with a 5 s read timeout. */
static hfhub_result perform(hfhub_transport *t, const char *method, const char *url, hfhub_http_request *req,
                            resp *r) {
    hfhub_http_request def;
    hfhub_http_sink sink;
    if (!req) {
        memset(&def, 0, sizeof def);
        def.read_timeout_ms = 5000;
        req = &def;
    }
    req->method = method;
    req->url = url;
    sink.user = r;
    sink.on_status = r_status;
    sink.on_header = r_header;
    sink.on_body = r_body;
    return t->perform(t->ctx, req, &sink);
}

/* Large bodies shrink under valgrind (tests/valgrind.sh sets HFHUB_UNDER_VALGRIND). */
static int big_size(int mib) { return getenv("HFHUB_UNDER_VALGRIND") ? (mib < 4 ? mib : 4) << 20 : mib << 20; }

/* scheme://host:port/path in one of a few rotating buffers (single-threaded use). */
static const char *url(const char *scheme, const char *host, int port, const char *path) {
    static char buf[8][256];
    static int i;
    i = (i + 1) % 8;
    snprintf(buf[i], sizeof buf[i], "%s://%s:%d%s", scheme, host, port, path);
    return buf[i];
}

static hfhub_transport new_transport(const hfhub_socket_opts *o) {
    hfhub_transport t;
    memset(&t, 0, sizeof t);
    CHECK_OK(hfhub_socket_transport_new(o, NULL, &t));
    return t;
}

/* A counter of the server (connections, proxy_connects, ...), read on a separate transport. */
static int server_stat(const char *name) {
    hfhub_transport t = new_transport(NULL);
    resp r;
    char key[64];
    const char *p;
    int v = -1;
    resp_init(&r);
    if (perform(&t, "GET", url("http", "127.0.0.1", http_port, "/stats"), NULL, &r) == HFHUB_OK) {
        snprintf(key, sizeof key, "\"%s\": ", name);
        p = strstr(resp_body(&r), key);
        if (p) v = atoi(p + strlen(key));
    }
    resp_free(&r);
    t.destroy(t.ctx);
    return v;
}

/* ---- plain HTTP ---- */

static void test_get(void) {
    hfhub_transport t = new_transport(NULL);
    resp r;
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR(resp_body(&r), "hello world");
    CHECK(strstr(resp_headers(&r), "X-Test: yes\n") != NULL);
    resp_free(&r);
    resp_init(&r); /* "localhost" resolves too; a 404 is a response like any other */
    CHECK_OK(perform(&t, "GET", url("http", "localhost", http_port, "/missing?x=1"), NULL, &r));
    CHECK_INT(r.status, 404);
    resp_free(&r);
    t.destroy(t.ctx);
}

static void test_chunked_and_split(void) {
    hfhub_transport t = new_transport(NULL);
    resp r;
    int i;
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/chunked"), NULL, &r));
    CHECK_STR(resp_body(&r), "hello 0123456789abcdefghij");
    resp_free(&r);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/split"), NULL, &r));
    CHECK_INT(r.body_len, 1000);
    CHECK(strstr(resp_headers(&r), "X-Split: a b\n") != NULL);
    for (i = 0; i < 1000 && r.body.data; i++)
        if (r.body.data[i] != '0' + i % 10) break;
    CHECK_INT(i, 1000);
    resp_free(&r);
    resp_init(&r);
    r.count_only = 1;
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/bigchunked?n=3000000"), NULL, &r));
    CHECK_INT(r.body_len, 3000000);
    CHECK_INT(r.pattern_bad, 0);
    resp_free(&r);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/interim"), NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR(resp_body(&r), "final");
    CHECK(strstr(resp_headers(&r), "Link") == NULL);
    resp_free(&r);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/no-length"), NULL, &r));
    CHECK_STR(resp_body(&r), "until close");
    resp_free(&r);
    t.destroy(t.ctx);
}

/* A large body arrives in large slices, intact. */
static void test_large_body(void) {
    hfhub_transport t = new_transport(NULL);
    resp r;
    char path[64];
    resp_init(&r);
    r.count_only = 1;
    snprintf(path, sizeof path, "/big?n=%d", big_size(64));
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, path), NULL, &r));
    CHECK_INT(r.body_len, big_size(64));
    CHECK_INT(r.pattern_bad, 0);
    CHECK(r.max_slice >= 65536);
    resp_free(&r);
    t.destroy(t.ctx);
}

static void test_keep_alive_reuse(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub_socket_opts o;
    resp r;
    int i, c0, c1;
    c0 = server_stat("connections");
    for (i = 0; i < 6; i++) {
        int head = i == 1 || i == 4, chunked = i == 3 || i == 5;
        resp_init(&r);
        CHECK_OK(perform(&t, head ? "HEAD" : "GET", url("http", "127.0.0.1", http_port, chunked ? "/chunked" : "/head"),
                         NULL, &r));
        CHECK_INT(r.status, 200);
        CHECK_INT(r.body_len, head ? 0 : chunked ? 26 : 100);
        resp_free(&r);
    }
    c1 = server_stat("connections");
    CHECK_INT(c1 - c0, 2); /* one for the six requests, one for the stats request */
    /* Connection: close from the server: the next request opens a new connection. */
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/close"), NULL, &r));
    CHECK_STR(resp_body(&r), "bye");
    resp_free(&r);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), NULL, &r));
    resp_free(&r);
    CHECK_INT(server_stat("connections") - c1, 2);
    t.destroy(t.ctx);
    /* No pooling at all. */
    memset(&o, 0, sizeof o);
    o.max_idle_per_host = -1;
    t = new_transport(&o);
    c0 = server_stat("connections");
    for (i = 0; i < 3; i++) {
        resp_init(&r);
        CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), NULL, &r));
        resp_free(&r);
    }
    CHECK_INT(server_stat("connections") - c0, 4);
    t.destroy(t.ctx);
}

/* The server drops a kept-alive connection when the next request arrives: the transport
 * retries once on a fresh connection when the body can be sent again. */
typedef struct reader { const char *data; size_t len, off; int rewinds, can_rewind; } reader;
static size_t rd_read(void *u, void *buf, size_t cap) {
    reader *r = (reader *)u;
    size_t n = r->len - r->off < cap ? r->len - r->off : cap;
    if (n > 7) n = 7; /* small pieces: the transport must gather them */
    memcpy(buf, r->data + r->off, n);
    r->off += n;
    return n;
}
static int rd_rewind(void *u) {
    reader *r = (reader *)u;
    r->rewinds++;
    r->off = 0;
    return r->can_rewind ? 0 : -1;
}

static void test_stale_connection_retry(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub_http_request req;
    reader rd;
    resp r;
    int c0 = server_stat("connections");
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/drop-next"), NULL, &r));
    resp_free(&r);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), NULL, &r));
    CHECK_STR(resp_body(&r), "hello world");
    resp_free(&r);
    CHECK_INT(server_stat("connections") - c0, 3);
    /* with a replayable reader body */
    memset(&rd, 0, sizeof rd);
    rd.data = "replayed body";
    rd.len = strlen(rd.data);
    rd.can_rewind = 1;
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/drop-next"), NULL, &r));
    resp_free(&r);
    memset(&req, 0, sizeof req);
    req.body_read = rd_read;
    req.body_rewind = rd_rewind;
    req.body_user = &rd;
    req.body_size = (int64_t)rd.len;
    resp_init(&r);
    CHECK_OK(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo"), &req, &r));
    CHECK_STR(resp_body(&r), "replayed body");
    CHECK_INT(rd.rewinds, 1);
    resp_free(&r);
    /* a body that cannot be replayed: the failure is reported, not hidden */
    rd.off = 0;
    rd.rewinds = 0;
    rd.can_rewind = 0;
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/drop-next"), NULL, &r));
    resp_free(&r);
    resp_init(&r);
    CHECK_INT(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo"), &req, &r), HFHUB_ERR_NETWORK);
    resp_free(&r);
    t.destroy(t.ctx);
}

static void test_request_bodies(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub_http_request req;
    hfhub_header h[3];
    reader rd;
    resp r;
    size_t big = 5u << 20, i;
    char *data = (char *)malloc(big);
    for (i = 0; i < big; i++) data[i] = (char)('a' + i % 26);
    h[0].name = "X-Custom";
    h[0].value = "1";
    h[1].name = "Content-Length"; /* replaced by the transport's own */
    h[1].value = "999";
    memset(&req, 0, sizeof req);
    req.headers = h;
    req.n_headers = 2;
    req.body = "small body";
    req.body_len = 10;
    resp_init(&r);
    CHECK_OK(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo?q=1"), &req, &r));
    CHECK_STR(resp_body(&r), "small body");
    CHECK(strstr(resp_headers(&r), "X-Req-CL: 10\n") != NULL);
    CHECK(strstr(resp_headers(&r), "X-Target: /echo?q=1\n") != NULL);
    CHECK(strstr(resp_headers(&r), "X-Method: POST\n") != NULL);
    resp_free(&r);
    req.body = data; /* a large buffer */
    req.body_len = big;
    resp_init(&r);
    CHECK_OK(perform(&t, "PUT", url("http", "127.0.0.1", http_port, "/echo"), &req, &r));
    CHECK_INT(r.body_len, big);
    CHECK(r.body.data && memcmp(r.body.data, data, big) == 0);
    resp_free(&r);
    memset(&rd, 0, sizeof rd); /* a reader, unknown length: chunked */
    rd.data = data;
    rd.len = 300000;
    req.body = NULL;
    req.body_len = 0;
    req.body_read = rd_read;
    req.body_user = &rd;
    req.body_size = -1;
    resp_init(&r);
    CHECK_OK(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo"), &req, &r));
    CHECK(strstr(resp_headers(&r), "X-Req-TE: chunked\n") != NULL);
    CHECK_INT(r.body_len, 300000);
    CHECK(r.body.data && memcmp(r.body.data, data, 300000) == 0);
    resp_free(&r);
    rd.off = 0; /* a reader shorter than its announced size */
    req.body_size = 300001;
    resp_init(&r);
    CHECK_INT(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo"), &req, &r), HFHUB_ERR_IO);
    resp_free(&r);
    memset(&req, 0, sizeof req); /* POST without body: Content-Length: 0 */
    resp_init(&r);
    CHECK_OK(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo"), &req, &r));
    CHECK(strstr(resp_headers(&r), "X-Req-CL: 0\n") != NULL);
    resp_free(&r);
    free(data);
    t.destroy(t.ctx);
}

/* A small exchange buffer (an embedded host's choice) changes nothing but slice sizes. */
static void test_small_buffer(void) {
    hfhub_socket_opts o;
    hfhub_transport t;
    hfhub_http_request req;
    hfhub_header h;
    reader rd;
    resp r;
    size_t n = 300000, i;
    char *data = (char *)malloc(n), value[6000];
    for (i = 0; i < n; i++) data[i] = (char)('A' + i % 23);
    memset(&o, 0, sizeof o);
    o.buffer_size = 1000; /* raised to the 4 KiB minimum */
    t = new_transport(&o);
    resp_init(&r);
    r.count_only = 1;
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/bigchunked?n=3000000"), NULL, &r));
    CHECK_INT(r.body_len, 3000000);
    CHECK_INT(r.pattern_bad, 0);
    CHECK(r.max_slice <= 4096);
    resp_free(&r);
    memset(value, 'v', sizeof value - 1); /* a head larger than the buffer */
    value[sizeof value - 1] = 0;
    h.name = "X-Long";
    h.value = value;
    memset(&rd, 0, sizeof rd);
    rd.data = data;
    rd.len = n;
    memset(&req, 0, sizeof req);
    req.headers = &h;
    req.n_headers = 1;
    req.body_read = rd_read;
    req.body_user = &rd;
    req.body_size = -1;
    resp_init(&r);
    CHECK_OK(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo"), &req, &r));
    CHECK_INT(r.body_len, n);
    CHECK(r.body.data && memcmp(r.body.data, data, n) == 0);
    resp_free(&r);
    memset(&req, 0, sizeof req);
    req.body = data;
    req.body_len = n;
    resp_init(&r);
    CHECK_OK(perform(&t, "PUT", url("http", "127.0.0.1", http_port, "/echo"), &req, &r));
    CHECK_INT(r.body_len, n);
    CHECK(r.body.data && memcmp(r.body.data, data, n) == 0);
    resp_free(&r);
    free(data);
    t.destroy(t.ctx);
}

static void test_failures(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub_http_request req;
    hfhub_header h;
    resp r;
    int64_t t0;
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/close-mid"), NULL, &r), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "connection closed after 500 of 1000 bytes") != NULL);
    CHECK_INT(r.body_len, 500);
    resp_free(&r);
    /* a stalled server: the read timeout fires */
    memset(&req, 0, sizeof req);
    req.read_timeout_ms = 300;
    resp_init(&r);
    t0 = hfhub__monotonic_ms();
    CHECK_INT(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/stall"), &req, &r), HFHUB_ERR_TIMEOUT);
    CHECK(hfhub__monotonic_ms() - t0 >= 250);
    CHECK(hfhub__monotonic_ms() - t0 < 2000);
    CHECK(strstr(hfhub_last_error()->message, "no data from the server for 300 ms") != NULL);
    resp_free(&r);
    /* a server that trickles: only the total timeout stops it */
    memset(&req, 0, sizeof req);
    req.read_timeout_ms = 1000;
    req.total_timeout_ms = 400;
    resp_init(&r);
    t0 = hfhub__monotonic_ms();
    CHECK_INT(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/drip"), &req, &r), HFHUB_ERR_TIMEOUT);
    CHECK(hfhub__monotonic_ms() - t0 < 2000);
    CHECK(strstr(hfhub_last_error()->message, "took longer than 400 ms") != NULL);
    resp_free(&r);
    /* a server that takes no request body: the write waits out the read timeout */
    {
        size_t big = 64u << 20;
        char *data = (char *)calloc(1, big);
        memset(&req, 0, sizeof req);
        req.read_timeout_ms = 300;
        req.body = data;
        req.body_len = big;
        resp_init(&r);
        t0 = hfhub__monotonic_ms();
        CHECK_INT(perform(&t, "PUT", url("http", "127.0.0.1", http_port, "/no-read"), &req, &r), HFHUB_ERR_TIMEOUT);
        CHECK(hfhub__monotonic_ms() - t0 < 3000);
        CHECK(strstr(hfhub_last_error()->message, "the server took no data for 300 ms") != NULL);
        resp_free(&r);
        free(data);
    }
    /* nothing listening */
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", "http://127.0.0.1:1/", NULL, &r), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "cannot connect to 127.0.0.1 port 1") != NULL);
    resp_free(&r);
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", "http://no-such-host.invalid/", NULL, &r), HFHUB_ERR_NETWORK);
    CHECK_INT(perform(&t, "GET", "ftp://127.0.0.1/x", NULL, &r), HFHUB_ERR_UNSUPPORTED);
    CHECK_INT(perform(&t, "GET", "http://127.0.0.1:99999/", NULL, &r), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(perform(&t, "GET", "http:///path", NULL, &r), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(perform(&t, "GET", "http://127.0.0.1/a b", NULL, &r), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(perform(&t, "GE T", url("http", "127.0.0.1", http_port, "/"), NULL, &r), HFHUB_ERR_INVALID_ARG);
    memset(&req, 0, sizeof req);
    h.name = "X-Evil";
    h.value = "a\r\nInjected: 1";
    req.headers = &h;
    req.n_headers = 1;
    CHECK_INT(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), &req, &r), HFHUB_ERR_INVALID_ARG);
    resp_free(&r);
    /* the sink cancels mid-body; the transport stays usable */
    resp_init(&r);
    r.count_only = 1;
    r.cancel_after = 100000;
    CHECK_INT(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/big?n=10000000"), NULL, &r), HFHUB_ERR_CANCELLED);
    resp_free(&r);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), NULL, &r));
    resp_free(&r);
    t.destroy(t.ctx);
}

/* A listener whose accept queue is full drops new connection attempts: connect must time out. */
static void test_connect_timeout(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub_http_request req;
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int lfd = socket(AF_INET, SOCK_STREAM, 0), fill[4], i;
    char u[64];
    resp r;
    int64_t t0;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(lfd, 0) == 0);
    CHECK(getsockname(lfd, (struct sockaddr *)&sa, &len) == 0);
    for (i = 0; i < 4; i++) {
        fill[i] = socket(AF_INET, SOCK_STREAM, 0);
        fcntl(fill[i], F_SETFL, O_NONBLOCK);
        if (connect(fill[i], (struct sockaddr *)&sa, sizeof sa)) {} /* in progress or queued */
    }
    hfhub__sleep_ms(100);
    snprintf(u, sizeof u, "http://127.0.0.1:%d/", ntohs(sa.sin_port));
    memset(&req, 0, sizeof req);
    req.connect_timeout_ms = 300;
    resp_init(&r);
    t0 = hfhub__monotonic_ms();
    CHECK_INT(perform(&t, "GET", u, &req, &r), HFHUB_ERR_TIMEOUT);
    CHECK(hfhub__monotonic_ms() - t0 < 2000);
    CHECK(strstr(hfhub_last_error()->message, "connecting took longer than 300 ms") != NULL);
    resp_free(&r);
    for (i = 0; i < 4; i++) close(fill[i]);
    close(lfd);
    t.destroy(t.ctx);
}

/* Idle connections older than idle_timeout_ms are not reused. */
static void test_idle_timeout(void) {
    hfhub_socket_opts o;
    hfhub_transport t;
    resp r;
    int c0, i;
    memset(&o, 0, sizeof o);
    o.idle_timeout_ms = 600;
    t = new_transport(&o);
    c0 = server_stat("connections");
    for (i = 0; i < 3; i++) {
        resp_init(&r);
        CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), NULL, &r));
        resp_free(&r);
        if (i == 1) hfhub__sleep_ms(900);
    }
    CHECK_INT(server_stat("connections") - c0, 3); /* requests 1+2 share one, 3 opens one, + stats */
    t.destroy(t.ctx);
}

/* Beyond max_idle the oldest idle connection is closed. */
static void test_idle_limit(void) {
    hfhub_socket_opts o;
    hfhub_transport t;
    resp r;
    int c0, i;
    static const char *const hosts[] = {"127.0.0.1", "localhost", "127.0.0.1", "127.0.0.1"};
    memset(&o, 0, sizeof o);
    o.max_idle = 1;
    t = new_transport(&o);
    c0 = server_stat("connections");
    for (i = 0; i < 4; i++) {
        resp_init(&r);
        CHECK_OK(perform(&t, "GET", url("http", hosts[i], http_port, "/hello"), NULL, &r));
        resp_free(&r);
    }
    CHECK_INT(server_stat("connections") - c0, 4); /* 127.0.0.1, localhost, 127.0.0.1 again, stats */
    t.destroy(t.ctx);
}

static void test_ipv6_literal(void) {
    hfhub_transport t = new_transport(NULL);
    resp r;
    resp_init(&r); /* parsed as a host and tried (nothing listens there) */
    CHECK_INT(perform(&t, "GET", "http://[::1]:1/x", NULL, &r), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "::1 port 1") != NULL);
    CHECK_INT(perform(&t, "GET", "http://[::1/x", NULL, &r), HFHUB_ERR_INVALID_ARG);
    resp_free(&r);
    t.destroy(t.ctx);
}

/* ---- concurrency ---- */
typedef struct worker { hfhub_transport *t; int ok; } worker;
static void worker_run(void *arg) {
    worker *w = (worker *)arg;
    int i;
    for (i = 0; i < 25; i++) {
        resp r;
        hfhub_result res;
        char u[128]; /* not url(): its rotating buffers are not for threads */
        snprintf(u, sizeof u, "http://127.0.0.1:%d%s", http_port, i % 5 ? "/hello" : "/chunked");
        resp_init(&r);
        res = perform(w->t, "GET", u, NULL, &r);
        if (res == HFHUB_OK && r.status == 200 && r.body_len == (uint64_t)(i % 5 ? 11 : 26))
            w->ok++;
        else
            fprintf(stderr, "  request %d: %s (%s), status %d, %d body bytes\n", i, hfhub_result_str(res),
                    hfhub_last_error()->message, r.status, (int)r.body_len);
        resp_free(&r);
    }
}

static void test_threads(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub__thread th[4];
    worker w[4];
    int i, c0 = server_stat("connections");
    for (i = 0; i < 4; i++) {
        w[i].t = &t;
        w[i].ok = 0;
        CHECK_INT(hfhub__thread_start(&th[i], worker_run, &w[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        hfhub__thread_join(&th[i]);
        CHECK_INT(w[i].ok, 25);
    }
    CHECK(server_stat("connections") - c0 <= 4 + 1 + 4); /* pooled: a handful, not 100 */
    t.destroy(t.ctx);
}

/* ---- proxies ---- */

static void test_http_proxy(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub_http_request req;
    char proxy[128], target[128];
    resp r;
    int n0 = server_stat("proxy_requests");
    snprintf(proxy, sizeof proxy, "http://alice:p%%40ss@127.0.0.1:%d", proxy_port);
    memset(&req, 0, sizeof req);
    req.proxy = proxy;
    req.read_timeout_ms = 5000;
    req.body = "via proxy";
    req.body_len = 9;
    resp_init(&r);
    CHECK_OK(perform(&t, "POST", url("http", "127.0.0.1", http_port, "/echo"), &req, &r));
    CHECK_STR(resp_body(&r), "via proxy");
    snprintf(target, sizeof target, "X-Target: http://127.0.0.1:%d/echo\n", http_port);
    CHECK(strstr(resp_headers(&r), target) != NULL); /* absolute-form */
    resp_free(&r);
    CHECK_INT(server_stat("proxy_requests") - n0, 1);
    {
        hfhub_transport s = new_transport(NULL);
        const char *p;
        resp_init(&r);
        CHECK_OK(perform(&s, "GET", url("http", "127.0.0.1", http_port, "/stats"), NULL, &r));
        p = strstr(resp_body(&r), "\"proxy_auth\": \"");
        CHECK(p && strncmp(p + 15, "Basic YWxpY2U6cEBzcw==", 22) == 0); /* alice:p@ss */
        resp_free(&r);
        s.destroy(s.ctx);
    }
    t.destroy(t.ctx);
}

static void test_unsupported_proxy(void) {
    hfhub_transport t = new_transport(NULL);
    hfhub_http_request req;
    resp r;
    memset(&req, 0, sizeof req);
    req.proxy = "socks5://127.0.0.1:1080";
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), &req, &r), HFHUB_ERR_UNSUPPORTED);
    req.proxy = "https://127.0.0.1:1080";
    CHECK_INT(perform(&t, "GET", url("http", "127.0.0.1", http_port, "/hello"), &req, &r), HFHUB_ERR_UNSUPPORTED);
    resp_free(&r);
    t.destroy(t.ctx);
}

/* ---- TLS ---- */
#ifdef HFHUB__HAVE_TLS
static const char *cert(const char *name) {
    static char buf[4][320];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", cert_dir, name);
    return buf[i];
}

static hfhub_transport tls_transport(const char *ca, int insecure) {
    hfhub_socket_opts o;
    memset(&o, 0, sizeof o);
    o.ca_file = ca;
    o.insecure = insecure;
    return new_transport(&o);
}

static void test_tls(void) {
    hfhub_transport t = tls_transport(cert("ca.pem"), 0);
    resp r;
    char path[64];
    int i, c0;
    CHECK(strlen(hfhub__tls_version()) > 0);
    c0 = server_stat("connections");
    for (i = 0; i < 3; i++) {
        resp_init(&r);
        CHECK_OK(perform(&t, "GET", url("https", "localhost", https_port, i == 1 ? "/chunked" : "/hello"), NULL, &r));
        CHECK_INT(r.status, 200);
        CHECK_STR(resp_body(&r), i == 1 ? "hello 0123456789abcdefghij" : "hello world");
        resp_free(&r);
    }
    CHECK_INT(server_stat("connections") - c0, 2); /* one TLS connection, reused */
    resp_init(&r);
    r.count_only = 1;
    snprintf(path, sizeof path, "/big?n=%d", big_size(20));
    CHECK_OK(perform(&t, "GET", url("https", "localhost", https_port, path), NULL, &r));
    CHECK_INT(r.body_len, big_size(20));
    CHECK_INT(r.pattern_bad, 0);
    resp_free(&r);
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("https", "localhost", https_port, "/close-mid"), NULL, &r), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "after 500 of 1000 bytes") != NULL);
    resp_free(&r);
    /* the certificate names localhost, not 127.0.0.1 */
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("https", "127.0.0.1", https_port, "/hello"), NULL, &r), HFHUB_ERR_TLS);
    CHECK(strstr(hfhub_last_error()->message, "certificate verify failed") != NULL);
    resp_free(&r);
    t.destroy(t.ctx);
}

static void test_tls_wrong_ca(void) {
    hfhub_transport t = tls_transport(cert("other-ca.pem"), 0);
    resp r;
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("https", "localhost", https_port, "/hello"), NULL, &r), HFHUB_ERR_TLS);
    CHECK(strstr(hfhub_last_error()->message, "certificate verify failed") != NULL);
    resp_free(&r);
    t.destroy(t.ctx);
    t = tls_transport(NULL, 0); /* the system store does not know our test CA either */
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("https", "localhost", https_port, "/hello"), NULL, &r), HFHUB_ERR_TLS);
    resp_free(&r);
    t.destroy(t.ctx);
    t = tls_transport(cert("missing.pem"), 0);
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("https", "localhost", https_port, "/hello"), NULL, &r), HFHUB_ERR_TLS);
    resp_free(&r);
    t.destroy(t.ctx);
    t = tls_transport(cert("other-ca.pem"), 1); /* insecure: anything goes */
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("https", "127.0.0.1", https_port, "/hello"), NULL, &r));
    CHECK_STR(resp_body(&r), "hello world");
    resp_free(&r);
    t.destroy(t.ctx);
}

static void test_tls_ca_from_env(void) {
    hfhub_transport t;
    resp r;
    setenv("HF_HUB_CA_BUNDLE", cert("ca.pem"), 1);
    t = tls_transport(NULL, 0);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("https", "localhost", https_port, "/hello"), NULL, &r));
    resp_free(&r);
    t.destroy(t.ctx);
    unsetenv("HF_HUB_CA_BUNDLE");
    setenv("SSL_CERT_FILE", cert("ca.pem"), 1);
    t = tls_transport(NULL, 0);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("https", "localhost", https_port, "/hello"), NULL, &r));
    resp_free(&r);
    t.destroy(t.ctx);
    unsetenv("SSL_CERT_FILE");
}

static void test_connect_proxy(void) {
    hfhub_transport t = tls_transport(cert("ca.pem"), 0);
    hfhub_http_request req;
    char proxy[128];
    resp r;
    int n0 = server_stat("proxy_connects"), i;
    snprintf(proxy, sizeof proxy, "http://bob:secret@127.0.0.1:%d", proxy_port);
    memset(&req, 0, sizeof req);
    req.proxy = proxy;
    req.read_timeout_ms = 5000;
    for (i = 0; i < 2; i++) { /* the tunnel is pooled like any connection */
        resp_init(&r);
        CHECK_OK(perform(&t, "GET", url("https", "localhost", https_port, "/echo"), &req, &r));
        CHECK_INT(r.status, 200);
        CHECK(strstr(resp_headers(&r), "X-Target: /echo\n") != NULL); /* origin-form inside the tunnel */
        resp_free(&r);
    }
    CHECK_INT(server_stat("proxy_connects") - n0, 1);
    t.destroy(t.ctx);
}
#endif

static void test_https_without_tls(void) {
#ifndef HFHUB__HAVE_TLS
    hfhub_transport t = new_transport(NULL);
    resp r;
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("https", "localhost", 443, "/"), NULL, &r), HFHUB_ERR_UNSUPPORTED);
    resp_free(&r);
    t.destroy(t.ctx);
#endif
}

/* A second server instance demanding proxy credentials. */
static void test_proxy_auth_refused(void) {
#ifdef HFHUB__HAVE_TLS
    t_proc p;
    char line[256], proxy[128];
    char *argv[] = {(char *)"python3", (char *)"tests/http/transport_server.py", (char *)"--proxy-auth",
                    (char *)"u:right", NULL};
    int hp = 0, tp = 0, pp = 0;
    hfhub_transport t = tls_transport(NULL, 1);
    hfhub_http_request req;
    resp r;
    if (t_spawn(&p, argv, "ready", line, sizeof line) || sscanf(line, "ready %d %d %d", &hp, &tp, &pp) != 3) {
        CHECK(0);
        return;
    }
    memset(&req, 0, sizeof req);
    req.proxy = proxy;
    snprintf(proxy, sizeof proxy, "http://u:wrong@127.0.0.1:%d", pp);
    resp_init(&r);
    CHECK_INT(perform(&t, "GET", url("https", "localhost", https_port, "/hello"), &req, &r), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "HTTP 407") != NULL);
    resp_free(&r);
    resp_init(&r); /* a plain request gets the proxy's 407 as its response */
    CHECK_OK(perform(&t, "GET", url("http", "127.0.0.1", hp, "/hello"), &req, &r));
    CHECK_INT(r.status, 407);
    resp_free(&r);
    snprintf(proxy, sizeof proxy, "http://u:right@127.0.0.1:%d", pp);
    resp_init(&r);
    CHECK_OK(perform(&t, "GET", url("https", "localhost", https_port, "/hello"), &req, &r));
    CHECK_STR(resp_body(&r), "hello world");
    resp_free(&r);
    t.destroy(t.ctx);
    t_stop(&p);
#endif
}

int main(void) {
    t_proc server;
    char line[256], cmd[512];
    char *argv[8];
    int argc = 0;
    snprintf(cert_dir, sizeof cert_dir, "/tmp/hfhub-test-socket-%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "sh tests/http/make_certs.sh %s", cert_dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "cannot make test certificates (is the openssl command installed?)\n");
        return 1;
    }
    argv[argc++] = (char *)"python3";
    argv[argc++] = (char *)"tests/http/transport_server.py";
    argv[argc++] = (char *)"--cert";
    argv[argc++] = (char *)strcpy((char *)malloc(320), cert_dir);
    strcat(argv[argc - 1], "/server.pem");
    argv[argc++] = (char *)"--key";
    argv[argc++] = (char *)strcpy((char *)malloc(320), cert_dir);
    strcat(argv[argc - 1], "/server.key");
    argv[argc] = NULL;
    if (t_spawn(&server, argv, "ready", line, sizeof line) ||
        sscanf(line, "ready %d %d %d", &http_port, &https_port, &proxy_port) != 3) {
        fprintf(stderr, "cannot start tests/http/transport_server.py\n");
        return 1;
    }
    RUN(test_get);
    RUN(test_chunked_and_split);
    RUN(test_large_body);
    RUN(test_keep_alive_reuse);
    RUN(test_stale_connection_retry);
    RUN(test_request_bodies);
    RUN(test_small_buffer);
    RUN(test_failures);
    RUN(test_connect_timeout);
    RUN(test_idle_timeout);
    RUN(test_idle_limit);
    RUN(test_ipv6_literal);
    RUN(test_threads);
    RUN(test_http_proxy);
    RUN(test_unsupported_proxy);
    RUN(test_https_without_tls);
#ifdef HFHUB__HAVE_TLS
    RUN(test_tls);
    RUN(test_tls_wrong_ca);
    RUN(test_tls_ca_from_env);
    RUN(test_connect_proxy);
#endif
    RUN(test_proxy_auth_refused);
    t_stop(&server);
    free(argv[3]);
    free(argv[5]);
    snprintf(cmd, sizeof cmd, "rm -rf %s", cert_dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", cert_dir);
    return TEST_END();
}
#endif
