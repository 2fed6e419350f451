/* test_http_e2e.c: the request layer over each transport compiled in, against
 * tests/http/server.py: framing, keep-alive, redirects, retries, timeouts, truncation,
 * proxies and TLS. The socket transport is tested unless HFHUB_NO_SOCKETS; libcurl's too
 * when built with HFHUB_USE_CURL. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "test.h"
#include "spawn.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static t_proc srv;
static int p_http, p_other, p_proxy, p_https;
static char ca_file[512], badca_file[512];

typedef struct tport {
    const char *name;
    hfhub_result (*make)(const char *ca, hfhub_transport *out);
} tport;

#ifndef HFHUB_NO_SOCKETS
static hfhub_result make_socket(const char *ca, hfhub_transport *out) {
    hfhub_socket_opts o;
    memset(&o, 0, sizeof o);
    o.ca_file = ca;
    return hfhub_socket_transport_new(&o, NULL, out);
}
#endif
#ifdef HFHUB_USE_CURL
static hfhub_result make_curl(const char *ca, hfhub_transport *out) {
    hfhub_curl_opts o;
    memset(&o, 0, sizeof o);
    o.ca_file = ca;
    return hfhub_curl_transport_new(&o, NULL, out);
}
#endif

static const tport transports[] = {
#ifndef HFHUB_NO_SOCKETS
    {"socket", make_socket},
#endif
#ifdef HFHUB_USE_CURL
    {"curl", make_curl},
#endif
    {NULL, NULL}};

static const tport *tp;     /* the transport under test */
static hfhub_transport cur;

static hfhub__http_policy policy(void) {
    hfhub__http_policy p;
    memset(&p, 0, sizeof p);
    p.proxy = ""; /* ignore the environment unless a test sets it */
    return p;
}

/* TLS goes to "localhost": mbedTLS 2.x cannot verify a certificate for an IP address. */
static void url(char *out, size_t cap, int port, const char *path) {
    if (port == p_https) snprintf(out, cap, "https://localhost:%d%s", port, path);
    else snprintf(out, cap, "http://127.0.0.1:%d%s", port, path);
}

/* GET (or `method` with a body) of path on port into resp. */
static hfhub_result fetch(const hfhub__http_policy *p, const char *method, int port, const char *path,
                          const hfhub_header *h, size_t nh, const char *body, hfhub__http_response *resp) {
    char u[512];
    hfhub_http_request q;
    url(u, sizeof u, port, path);
    memset(&q, 0, sizeof q);
    q.method = method;
    q.url = u;
    q.headers = h;
    q.n_headers = nh;
    q.body = body;
    q.body_len = body ? strlen(body) : 0;
    q.connect_timeout_ms = 5000;
    q.read_timeout_ms = 10000;
    return hfhub__http_exec(&cur, p, &q, NULL, 0, NULL, resp);
}

static int is_pattern(const char *d, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)d[i] != i % 251) return 0;
    return 1;
}

static void test_framing(void) {
    static const char *paths[] = {"/bytes?n=100000&chunked=1&piece=777", "/bytes?n=3000&piece=100&delay_ms=2",
                                  "/bytes?n=3000&chunked=1&piece=1&delay_ms=0", "/bytes?n=0",
                                  "/bytes?n=0&chunked=1", "/bytes?n=1000000"};
    static const size_t lens[] = {100000, 3000, 3000, 0, 0, 1000000};
    hfhub__http_policy p = policy();
    size_t i;
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        hfhub__http_response r;
        CHECK_OK(fetch(&p, "GET", p_http, paths[i], NULL, 0, NULL, &r));
        CHECK_INT(r.status, 200);
        CHECK_INT(r.body.len, lens[i]);
        CHECK(is_pattern(r.body.data, r.body.len));
        hfhub__http_response_free(&r);
    }
}

static void test_keepalive_and_head(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    char first[32];
    int i;
    CHECK_OK(fetch(&p, "GET", p_http, "/conn", NULL, 0, NULL, &r));
    snprintf(first, sizeof first, "%s", r.body.data ? r.body.data : "");
    hfhub__http_response_free(&r);
    for (i = 0; i < 3; i++) {
        CHECK_OK(fetch(&p, i == 1 ? "HEAD" : "GET", p_http, i == 1 ? "/bytes?n=5000" : "/conn", NULL, 0, NULL, &r));
        if (i == 1) {
            CHECK_INT(r.status, 200);
            CHECK_STR(hfhub__http_header(&r, "Content-Length"), "5000");
            CHECK_INT(r.body.len, 0);
        } else {
            CHECK_STR(r.body.data, first); /* the same connection */
        }
        hfhub__http_response_free(&r);
    }
}

/* Header injection is refused by every transport. */
static void test_bad_headers(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    hfhub_header bad[3] = {{"X-A", "1\r\nX-Injected: 1"}, {"X B", "1"}, {"", "1"}};
    int i;
    for (i = 0; i < 3; i++) {
        CHECK_INT(fetch(&p, "GET", p_http, "/echo", &bad[i], 1, NULL, &r), HFHUB_ERR_INVALID_ARG);
        hfhub__http_response_free(&r);
    }
}

static void test_interim_response(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    CHECK_OK(fetch(&p, "GET", p_http, "/hints", NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body.data, "final");
    CHECK(hfhub__http_header(&r, "Link") == NULL); /* the 103's headers are not the response's */
    hfhub__http_response_free(&r);
}

typedef struct rd { const char *s; size_t off; } rd;
static size_t rd_read(void *u, void *buf, size_t cap) {
    rd *x = (rd *)u;
    size_t n = strlen(x->s + x->off);
    if (n > cap) n = cap;
    if (n > 5) n = 5;
    memcpy(buf, x->s + x->off, n);
    x->off += n;
    return n;
}

static void test_request_bodies(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    hfhub_http_request q;
    hfhub_header h = {"Content-Type", "text/plain"};
    char u[256];
    rd x = {"hello streamed world", 0};
    CHECK_OK(fetch(&p, "POST", p_http, "/echo", &h, 1, "abc", &r));
    CHECK(r.body.data && strstr(r.body.data, "\"body_len\": 3"));
    CHECK(r.body.data && strstr(r.body.data, "\"chunked\": false"));
    hfhub__http_response_free(&r);
    CHECK_OK(fetch(&p, "POST", p_http, "/echo", NULL, 0, NULL, &r)); /* empty POST */
    CHECK(r.body.data && strstr(r.body.data, "\"body_len\": 0"));
    hfhub__http_response_free(&r);
    url(u, sizeof u, p_http, "/echo");
    memset(&q, 0, sizeof q);
    q.method = "PUT";
    q.url = u;
    q.body_read = rd_read;
    q.body_user = &x;
    q.body_size = -1;
    CHECK_OK(hfhub__http_exec(&cur, &p, &q, NULL, 0, NULL, &r));
    CHECK(r.body.data && strstr(r.body.data, "\"chunked\": true"));
    CHECK(r.body.data && strstr(r.body.data, "\"body_len\": 20"));
    CHECK(r.body.data && strstr(r.body.data, "\"method\": \"PUT\""));
    hfhub__http_response_free(&r);
    x.off = 0;
    q.body_size = 20;
    CHECK_OK(hfhub__http_exec(&cur, &p, &q, NULL, 0, NULL, &r));
    CHECK(r.body.data && strstr(r.body.data, "\"chunked\": false"));
    CHECK(r.body.data && strstr(r.body.data, "\"body_len\": 20"));
    hfhub__http_response_free(&r);
}

static void test_redirects(void) {
    static const char *paths[] = {"/redirect?n=3&kind=rel", "/redirect?n=2&kind=abs", "/redirect?n=2&kind=proto",
                                  "/redirect?n=2&kind=rel&code=308"};
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    hfhub_header h = {"Authorization", "Bearer sekret"};
    size_t i;
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        CHECK_OK(fetch(&p, "GET", p_http, paths[i], &h, 1, NULL, &r));
        CHECK_INT(r.status, 200);
        CHECK(r.final_url && strstr(r.final_url, "/echo"));
        CHECK(r.body.data && strstr(r.body.data, "\"authorization\": \"Bearer sekret\""));
        hfhub__http_response_free(&r);
    }
    /* 307 keeps method and body; 302 turns a POST into a GET */
    CHECK_OK(fetch(&p, "POST", p_http, "/redirect?n=1&code=307", NULL, 0, "payload", &r));
    CHECK(r.body.data && strstr(r.body.data, "\"method\": \"POST\""));
    CHECK(r.body.data && strstr(r.body.data, "\"body_len\": 7"));
    hfhub__http_response_free(&r);
    CHECK_OK(fetch(&p, "POST", p_http, "/redirect?n=1&code=302", NULL, 0, "payload", &r));
    CHECK(r.body.data && strstr(r.body.data, "\"method\": \"GET\""));
    CHECK(r.body.data && strstr(r.body.data, "\"body_len\": 0"));
    hfhub__http_response_free(&r);
    /* too many */
    CHECK_INT(fetch(&p, "GET", p_http, "/redirect?n=11", NULL, 0, NULL, &r), HFHUB_ERR_HTTP);
    hfhub__http_response_free(&r);
}

static void test_cross_host_auth(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    hfhub_header h = {"Authorization", "Bearer sekret"};
    char host[64];
    CHECK_OK(fetch(&p, "GET", p_http, "/redirect?n=2&kind=cross", &h, 1, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_INT(r.redirects, 2);
    snprintf(host, sizeof host, "\"host\": \"localhost:%d\"", p_other);
    CHECK(r.body.data && strstr(r.body.data, host));
    CHECK(r.body.data && strstr(r.body.data, "\"authorization\": null"));
    hfhub__http_response_free(&r);
}

static void test_retry_after(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    char path[128];
    int64_t t0;
    p.max_retries = 5;
    snprintf(path, sizeof path, "/status?key=ra-%s&code=503&times=1&retry_after=0", tp->name);
    t0 = hfhub__monotonic_ms();
    CHECK_OK(fetch(&p, "GET", p_http, path, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body.data, "ok after 2");
    CHECK(hfhub__monotonic_ms() - t0 >= 1000); /* Retry-After: 0 -> 1 s */
    hfhub__http_response_free(&r);
    snprintf(path, sizeof path, "/status?key=rl-%s&code=429&times=1&ratelimit=0&retry_after=30", tp->name);
    t0 = hfhub__monotonic_ms();
    CHECK_OK(fetch(&p, "GET", p_http, path, NULL, 0, NULL, &r));
    CHECK_STR(r.body.data, "ok after 2");
    CHECK(hfhub__monotonic_ms() - t0 >= 1000); /* RateLimit t=0 -> 1 s, Retry-After ignored */
    CHECK(hfhub__monotonic_ms() - t0 < 10000);
    hfhub__http_response_free(&r);
}

static void test_give_up(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    char path[128];
    p.max_retries = 2;
    p.base_wait_ms = 10;
    snprintf(path, sizeof path, "/status?key=gu-%s&code=502&times=100", tp->name);
    CHECK_OK(fetch(&p, "GET", p_http, path, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 502);
    CHECK_INT(r.attempts, 3);
    hfhub__http_response_free(&r);
    snprintf(path, sizeof path, "/count?key=gu-%s", tp->name);
    CHECK_OK(fetch(&p, "GET", p_http, path, NULL, 0, NULL, &r));
    CHECK_STR(r.body.data, "3");
    hfhub__http_response_free(&r);
}

static void test_timeouts(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    hfhub_http_request q;
    char u[256];
    static const char *paths[] = {"/stall?bytes=100&sleep=6", "/stall?bytes=-1&sleep=6"};
    size_t i;
    for (i = 0; i < 2; i++) {
        int64_t t0 = hfhub__monotonic_ms(), dt;
        url(u, sizeof u, p_http, paths[i]);
        memset(&q, 0, sizeof q);
        q.method = "GET";
        q.url = u;
        q.read_timeout_ms = 1000;
        CHECK_INT(hfhub__http_exec(&cur, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_TIMEOUT);
        dt = hfhub__monotonic_ms() - t0;
        CHECK(dt >= 900);
        CHECK(dt < 4000);
        hfhub__http_response_free(&r);
    }
    /* a trickle that never stalls for a second, cut by the total timeout */
    url(u, sizeof u, p_http, "/bytes?n=100&piece=1&delay_ms=50");
    q.url = u;
    q.total_timeout_ms = 1000;
    {
        int64_t t0 = hfhub__monotonic_ms();
        CHECK_INT(hfhub__http_exec(&cur, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_TIMEOUT);
        CHECK(hfhub__monotonic_ms() - t0 < 3000);
        hfhub__http_response_free(&r);
    }
}

static void test_truncation(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    CHECK_INT(fetch(&p, "GET", p_http, "/close?len=1000&send=100", NULL, 0, NULL, &r), HFHUB_ERR_NETWORK);
    hfhub__http_response_free(&r);
    CHECK_INT(fetch(&p, "GET", p_http, "/close?chunked=1&send=100", NULL, 0, NULL, &r), HFHUB_ERR_NETWORK);
    hfhub__http_response_free(&r);
    CHECK_INT(fetch(&p, "GET", p_http, "/hangup", NULL, 0, NULL, &r), HFHUB_ERR_NETWORK);
    hfhub__http_response_free(&r);
    /* the transport is still usable */
    CHECK_OK(fetch(&p, "GET", p_http, "/bytes?n=10", NULL, 0, NULL, &r));
    CHECK_INT(r.body.len, 10);
    hfhub__http_response_free(&r);
}

/* A port with nothing listening. */
static int dead_port(void) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int s = socket(AF_INET, SOCK_STREAM, 0), port;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &len);
    port = ntohs(a.sin_port);
    close(s);
    return port;
}

static void test_refused(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    CHECK_INT(fetch(&p, "GET", dead_port(), "/x", NULL, 0, NULL, &r), HFHUB_ERR_NETWORK);
    hfhub__http_response_free(&r);
}

static int stats(const char *key) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    const char *s;
    int v = -1;
    if (fetch(&p, "GET", p_http, "/stats", NULL, 0, NULL, &r) == HFHUB_OK && r.body.data &&
        (s = strstr(r.body.data, key)))
        v = atoi(s + strlen(key) + 3);
    hfhub__http_response_free(&r);
    return v;
}

static void test_proxy(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    char px[64], u[256];
    hfhub_http_request q;
    int fw = stats("proxy_forwards"), cn = stats("proxy_connects");
    snprintf(px, sizeof px, "http://127.0.0.1:%d", p_proxy);
    p.proxy = px;
    CHECK_OK(fetch(&p, "GET", p_http, "/bytes?n=20000&chunked=1", NULL, 0, NULL, &r));
    CHECK_INT(r.body.len, 20000);
    hfhub__http_response_free(&r);
    CHECK(stats("proxy_forwards") + stats("proxy_connects") > fw + cn);
    if (p_https) {
        cn = stats("proxy_connects");
        snprintf(u, sizeof u, "https://localhost:%d/bytes?n=30000", p_https);
        memset(&q, 0, sizeof q);
        q.method = "GET";
        q.url = u;
        CHECK_OK(hfhub__http_exec(&cur, &p, &q, NULL, 0, NULL, &r));
        CHECK_INT(r.status, 200);
        CHECK_INT(r.body.len, 30000);
        CHECK(is_pattern(r.body.data, r.body.len));
        hfhub__http_response_free(&r);
        CHECK_INT(stats("proxy_connects"), cn + 1);
    }
    /* credentials in the proxy URL become Basic Proxy-Authorization (user:pw) */
    snprintf(px, sizeof px, "http://user:pw@127.0.0.1:%d", p_proxy);
    p.proxy = px;
    CHECK_OK(fetch(&p, "GET", p_http, "/bytes?n=10", NULL, 0, NULL, &r));
    hfhub__http_response_free(&r);
    p.proxy = "";
    CHECK_OK(fetch(&p, "GET", p_http, "/stats", NULL, 0, NULL, &r));
    CHECK(r.body.data && strstr(r.body.data, "\"proxy_auth\": \"Basic dXNlcjpwdw==\""));
    hfhub__http_response_free(&r);
    snprintf(px, sizeof px, "http://127.0.0.1:%d", p_proxy);
    /* from the environment, and NO_PROXY */
    setenv("HTTP_PROXY", px, 1);
    p.proxy = NULL;
    fw = stats("proxy_forwards");
    cn = stats("proxy_connects");
    CHECK_OK(fetch(&p, "GET", p_http, "/bytes?n=10", NULL, 0, NULL, &r));
    hfhub__http_response_free(&r);
    CHECK(stats("proxy_forwards") + stats("proxy_connects") == fw + cn + 1);
    setenv("NO_PROXY", "localhost,127.0.0.1", 1);
    CHECK_OK(fetch(&p, "GET", p_http, "/bytes?n=10", NULL, 0, NULL, &r));
    hfhub__http_response_free(&r);
    CHECK(stats("proxy_forwards") + stats("proxy_connects") == fw + cn + 1);
    unsetenv("HTTP_PROXY");
    unsetenv("NO_PROXY");
}

static void test_tls(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    hfhub_http_request q;
    hfhub_transport bad;
    char u[256];
    if (!p_https) {
        fprintf(stderr, "  (no openssl command: TLS not tested)\n");
        return;
    }
    CHECK_OK(fetch(&p, "GET", p_https, "/bytes?n=200000&chunked=1", NULL, 0, NULL, &r));
    CHECK_INT(r.body.len, 200000);
    CHECK(is_pattern(r.body.data, r.body.len));
    hfhub__http_response_free(&r);
    snprintf(u, sizeof u, "https://localhost:%d/redirect?n=2&kind=abs", p_https);
    memset(&q, 0, sizeof q);
    q.method = "GET";
    q.url = u;
    CHECK_OK(hfhub__http_exec(&cur, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK(r.body.data && strstr(r.body.data, "\"method\": \"GET\""));
    hfhub__http_response_free(&r);
    /* a server whose CA we do not trust */
    CHECK_OK(tp->make(badca_file, &bad));
    CHECK_INT(hfhub__http_exec(&bad, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_TLS);
    hfhub__http_response_free(&r);
    if (bad.destroy) bad.destroy(bad.ctx);
}

static int cancel_body(void *u, const void *d, size_t n) { (void)d; *(size_t *)u += n; return 1; }

static void test_cancel(void) {
    hfhub__http_policy p = policy();
    hfhub__http_response r;
    hfhub_http_request q;
    hfhub_http_sink sink;
    size_t got = 0;
    char u[256];
    url(u, sizeof u, p_http, "/bytes?n=5000000");
    memset(&q, 0, sizeof q);
    q.method = "GET";
    q.url = u;
    memset(&sink, 0, sizeof sink);
    sink.user = &got;
    sink.on_body = cancel_body;
    CHECK_INT(hfhub__http_exec(&cur, &p, &q, &sink, 0, NULL, &r), HFHUB_ERR_CANCELLED);
    CHECK(got > 0 && got < 5000000);
    hfhub__http_response_free(&r);
    CHECK_OK(fetch(&p, "GET", p_http, "/bytes?n=10", NULL, 0, NULL, &r));
    CHECK_INT(r.body.len, 10);
    hfhub__http_response_free(&r);
}

static int start_server(void) {
    char *argv[3];
    char line[1200];
    const char *ready;
    argv[0] = (char *)"python3";
    argv[1] = (char *)"tests/http/server.py";
    argv[2] = NULL;
    if (t_spawn(&srv, argv, "ready", line, sizeof line)) return -1;
    ready = strstr(line, "ready");
    if (sscanf(ready, "ready http=%d other=%d proxy=%d https=%d ca=%511s badca=%511s", &p_http, &p_other,
               &p_proxy, &p_https, ca_file, badca_file) != 6)
        return -1;
    return 0;
}

int main(void) {
    size_t i;
    if (start_server()) {
        fprintf(stderr, "cannot start tests/http/server.py\n");
        t_stop(&srv);
        return 1;
    }
    for (i = 0; transports[i].name; i++) {
        tp = &transports[i];
        fprintf(stderr, "transport %s\n", tp->name);
        CHECK_OK(tp->make(p_https ? ca_file : NULL, &cur));
        RUN(test_framing);
        RUN(test_keepalive_and_head);
        RUN(test_interim_response);
        RUN(test_bad_headers);
        RUN(test_request_bodies);
        RUN(test_redirects);
        RUN(test_cross_host_auth);
        RUN(test_retry_after);
        RUN(test_give_up);
        RUN(test_timeouts);
        RUN(test_truncation);
        RUN(test_refused);
        RUN(test_proxy);
        RUN(test_tls);
        RUN(test_cancel);
        if (cur.destroy) cur.destroy(cur.ctx);
    }
    if (!transports[0].name) fprintf(stderr, "no transport compiled in\n");
    t_stop(&srv);
    return TEST_END();
}
