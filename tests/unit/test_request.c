/* test_request.c: the request layer (redirects, retries, proxies) over the mock transport. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "test.h"

static hfhub_mock *mk;
static hfhub_transport tr;

static void setup(void) {
    if (mk) hfhub_mock_free(mk);
    CHECK_OK(hfhub_mock_new(NULL, &mk));
    tr = hfhub_mock_transport(mk);
}

static void add(const char *method, const char *url, int status, const char *headers, const char *body) {
    hfhub_mock_response r;
    memset(&r, 0, sizeof r);
    r.method = method;
    r.url = url;
    r.status = status;
    r.headers = headers;
    r.body = body;
    CHECK_OK(hfhub_mock_add(mk, &r));
}

static hfhub_http_request get(const char *url) {
    hfhub_http_request q;
    memset(&q, 0, sizeof q);
    q.method = "GET";
    q.url = url;
    return q;
}

/* A fast policy: waits capped at a few ms. Also records the waits. */
static int waits[16], n_waits;
static int record_retry(void *u, int attempt, int wait_ms) {
    (void)u;
    if (n_waits < 16) waits[n_waits] = wait_ms;
    n_waits++;
    CHECK_INT(attempt, n_waits + 1);
    return 0;
}
static hfhub__http_policy fast(int retries) {
    hfhub__http_policy p;
    memset(&p, 0, sizeof p);
    p.max_retries = retries;
    p.base_wait_ms = 1;
    p.max_wait_ms = 4;
    p.max_server_wait_ms = 5;
    p.proxy = "";
    p.on_retry = record_retry;
    n_waits = 0;
    return p;
}

static const char *req_url(size_t i) { return hfhub_mock_request_at(mk, i)->url; }

static void test_plain_get(void) {
    hfhub__http_response r;
    hfhub_header h[2];
    hfhub_http_request q = get("https://hub.test/api/x?y=1");
    hfhub__http_policy p = fast(0);
    setup();
    add("GET", "https://hub.test/api/x?y=1", 200, "Content-Type: text/plain\nX-Repo-Commit:  abc \n", "hello");
    h[0].name = "Authorization"; h[0].value = "Bearer t";
    h[1].name = "User-Agent"; h[1].value = "ua";
    q.headers = h;
    q.n_headers = 2;
    q.connect_timeout_ms = 11;
    q.read_timeout_ms = 22;
    q.total_timeout_ms = 33;
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body.data, "hello");
    CHECK_INT(r.body.len, 5);
    CHECK_STR(hfhub__http_header(&r, "x-repo-commit"), "abc");
    CHECK_STR(hfhub__http_header(&r, "CONTENT-TYPE"), "text/plain");
    CHECK(hfhub__http_header(&r, "ETag") == NULL);
    CHECK_STR(r.final_url, "https://hub.test/api/x?y=1");
    CHECK_INT(r.attempts, 1);
    CHECK_INT(r.redirects, 0);
    CHECK_INT(hfhub_mock_count(mk), 1);
    CHECK_STR(hfhub_mock_request_header(hfhub_mock_request_at(mk, 0), "authorization"), "Bearer t");
    CHECK_INT(hfhub_mock_request_at(mk, 0)->connect_timeout_ms, 11);
    CHECK_INT(hfhub_mock_request_at(mk, 0)->read_timeout_ms, 22);
    CHECK_INT(hfhub_mock_request_at(mk, 0)->total_timeout_ms, 33);
    CHECK(hfhub_mock_request_at(mk, 0)->proxy == NULL);
    hfhub__http_response_free(&r);
}

static void test_bad_args(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("ftp://x/y");
    setup();
    CHECK_INT(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r), HFHUB_ERR_INVALID_ARG);
    hfhub__http_response_free(&r);
    q.url = "https://hub.test/nothing";
    CHECK_INT(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r), HFHUB_ERR_NETWORK);
    CHECK(strstr(hfhub_last_error()->message, "no response scripted") != NULL);
    hfhub__http_response_free(&r);
}

/* Location resolution: each case is base, Location, expected next URL. */
static void test_redirect_resolution(void) {
    static const char *cases[][3] = {
        {"https://h/a/b/c?q=1", "/x/y", "https://h/x/y"},
        {"https://h/a/b/c?q=1", "d", "https://h/a/b/d"},
        {"https://h/a/b/c", "../d?e=f", "https://h/a/d?e=f"},
        {"https://h/a/b/c", "./", "https://h/a/b/"},
        {"https://h/a/b/c", "../../../../x", "https://h/x"},
        {"https://h/a/b/c", "?z=2", "https://h/a/b/c?z=2"},
        {"https://h/a/b/c", "//cdn.test/f#frag", "https://cdn.test/f"},
        {"https://h:8443/a", "/b", "https://h:8443/b"},
        {"http://h/a", "HTTPS://Other.test:443/p?sig=1", "https://other.test/p?sig=1"},
        {"https://h/a", "http://h:80/p#x", "http://h/p"},
        {"https://h/a", " /with space ", "https://h/with%20space"},
        {"https://h", "x", "https://h/x"},
        {"https://[::1]:9/a/b", "c", "https://[::1]:9/a/c"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hfhub__http_response r;
        hfhub_http_request q = get(cases[i][0]);
        hfhub__http_policy p = fast(0);
        char loc[256];
        setup();
        snprintf(loc, sizeof loc, "Location: %s\n", cases[i][1]);
        add("GET", cases[i][0], 302, loc, "moved");
        add("GET", cases[i][2], 200, NULL, "there");
        CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
        CHECK_STR(r.body.data, "there");
        CHECK_STR(r.final_url, cases[i][2]);
        CHECK_INT(r.redirects, 1);
        if (hfhub_mock_count(mk) == 2) CHECK_STR(req_url(1), cases[i][2]);
        hfhub__http_response_free(&r);
    }
}

static void test_redirect_unsupported(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/a");
    setup();
    add("GET", "https://h/a", 302, "Location: ftp://h/b\n", NULL);
    CHECK_INT(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r), HFHUB_ERR_UNSUPPORTED);
    hfhub__http_response_free(&r);
    add("GET", "https://h/a", 302, "Location: /b\001c\n", NULL); /* a control character */
    CHECK_INT(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r), HFHUB_ERR_PARSE);
    hfhub__http_response_free(&r);
    add("GET", "https://h/a", 302, "Location: https:///nohost\n", NULL);
    CHECK_INT(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r), HFHUB_ERR_PARSE);
    hfhub__http_response_free(&r);
}

/* Authorization survives same-origin hops and is dropped (for good) after a change of host,
 * port or scheme. */
static void test_auth_stripping(void) {
    static const char *cases[][3] = {/* first hop target, keeps auth?, normalised target */
        {"https://hub.test/other", "1", NULL},
        {"https://cdn.test/file", "0", NULL},
        {"https://hub.test:444/file", "0", NULL},
        {"http://hub.test/file", "0", NULL},
        {"https://HUB.test:443/file", "1", "https://hub.test/file"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hfhub__http_response r;
        hfhub_header h[2];
        hfhub_http_request q = get("https://hub.test/start");
        char loc[256];
        int keep = cases[i][1][0] == '1';
        setup();
        snprintf(loc, sizeof loc, "Location: %s\n", cases[i][0]);
        add("GET", "https://hub.test/start", 302, loc, NULL);
        add("GET", cases[i][2] ? cases[i][2] : cases[i][0], 307, "Location: https://hub.test/back\n", NULL);
        add("GET", "https://hub.test/back", 200, NULL, "ok");
        h[0].name = "authorization"; h[0].value = "Bearer secret";
        h[1].name = "User-Agent"; h[1].value = "ua";
        q.headers = h;
        q.n_headers = 2;
        CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
        CHECK_INT(r.status, 200);
        CHECK_INT(hfhub_mock_count(mk), 3);
        CHECK_STR(hfhub_mock_request_header(hfhub_mock_request_at(mk, 0), "Authorization"), "Bearer secret");
        if (keep) {
            CHECK_STR(hfhub_mock_request_header(hfhub_mock_request_at(mk, 1), "Authorization"), "Bearer secret");
            CHECK_STR(hfhub_mock_request_header(hfhub_mock_request_at(mk, 2), "Authorization"), "Bearer secret");
        } else {
            CHECK(hfhub_mock_request_header(hfhub_mock_request_at(mk, 1), "Authorization") == NULL);
            CHECK(hfhub_mock_request_header(hfhub_mock_request_at(mk, 2), "Authorization") == NULL);
        }
        CHECK_STR(hfhub_mock_request_header(hfhub_mock_request_at(mk, 2), "User-Agent"), "ua");
        hfhub__http_response_free(&r);
    }
}

static void test_redirect_limits(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/loop");
    hfhub__http_policy p = fast(0);
    hfhub_mock_response m;
    setup();
    memset(&m, 0, sizeof m);
    m.url = "https://h/loop";
    m.status = 301;
    m.headers = "Location: /loop";
    m.times = -1;
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_mock_count(mk), 11); /* the first request and 10 redirects */
    CHECK(strstr(hfhub_last_error()->message, "redirects") != NULL);
    hfhub__http_response_free(&r);

    p.max_redirects = 2;
    hfhub_mock_reset(mk);
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_mock_count(mk), 3);
    hfhub__http_response_free(&r);

    /* no_redirects returns the 3xx as it is */
    p.no_redirects = 1;
    hfhub_mock_reset(mk);
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 301);
    CHECK_STR(hfhub__http_header(&r, "location"), "/loop");
    CHECK_INT(hfhub_mock_count(mk), 1);
    hfhub__http_response_free(&r);

    /* a 3xx without Location and a 304 are final */
    hfhub_mock_reset(mk);
    add(NULL, "https://h/x", 302, NULL, "no location");
    q.url = "https://h/x";
    p.no_redirects = 0;
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 302);
    CHECK_STR(r.body.data, "no location");
    hfhub__http_response_free(&r);
}

/* A body reader over a fixed string, with an optional rewind. */
typedef struct reader { const char *s; size_t off; int rewinds; } reader;
static size_t read_cb(void *u, void *buf, size_t cap) {
    reader *rd = (reader *)u;
    size_t n = strlen(rd->s + rd->off);
    if (n > cap) n = cap;
    if (n > 3) n = 3; /* small pieces */
    memcpy(buf, rd->s + rd->off, n);
    rd->off += n;
    return n;
}
static int rewind_cb(void *u) {
    reader *rd = (reader *)u;
    rd->off = 0;
    rd->rewinds++;
    return 0;
}

static void test_redirect_methods(void) {
    static const struct { const char *method; int status; const char *next; int keeps_body; } cases[] = {
        {"POST", 301, "GET", 0}, {"POST", 302, "GET", 0}, {"PUT", 302, "PUT", 1},
        {"PUT", 303, "GET", 0},  {"HEAD", 303, "HEAD", 0}, {"POST", 307, "POST", 1},
        {"POST", 308, "POST", 1}, {"DELETE", 301, "DELETE", 0},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hfhub__http_response r;
        hfhub_http_request q = get("https://h/a");
        hfhub_header h[2];
        char st[64];
        setup();
        snprintf(st, sizeof st, "Location: /b\n");
        add(NULL, "https://h/a", cases[i].status, st, NULL);
        add(cases[i].next, "https://h/b", 200, NULL, NULL);
        q.method = cases[i].method;
        q.body = "payload";
        q.body_len = 7;
        h[0].name = "Content-Type"; h[0].value = "application/json";
        h[1].name = "Accept"; h[1].value = "*/*";
        q.headers = h;
        q.n_headers = 2;
        CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
        CHECK_INT(r.status, 200);
        if (hfhub_mock_count(mk) == 2) {
            const hfhub_mock_request *m2 = hfhub_mock_request_at(mk, 1);
            CHECK_STR(m2->method, cases[i].next);
            if (cases[i].keeps_body) {
                CHECK_INT(m2->body_len, 7);
                CHECK_STR(hfhub_mock_request_header(m2, "Content-Type"), "application/json");
            } else if (strcmp(cases[i].next, cases[i].method)) {
                CHECK_INT(m2->body_len, 0);
                CHECK(hfhub_mock_request_header(m2, "Content-Type") == NULL);
            }
            CHECK_STR(hfhub_mock_request_header(m2, "Accept"), "*/*");
        }
        hfhub__http_response_free(&r);
    }
}

static void test_307_streamed_body(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/up");
    reader rd = {"streamed-body", 0, 0};
    setup();
    add("PUT", "https://h/up", 307, "Location: /up2\n", NULL);
    add("PUT", "https://h/up2", 201, NULL, "created");
    q.method = "PUT";
    q.body_read = read_cb;
    q.body_user = &rd;
    q.body_size = -1;
    /* not replayable: the 307 is returned as it is */
    CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 307);
    CHECK_INT(hfhub_mock_count(mk), 1);
    CHECK_STR((const char *)hfhub_mock_request_at(mk, 0)->body, "streamed-body");
    hfhub__http_response_free(&r);
    /* rewindable: followed, the body sent again */
    rd.off = 0;
    q.body_rewind = rewind_cb;
    add("PUT", "https://h/up", 307, "Location: /up2\n", NULL);
    CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 201);
    CHECK_INT(rd.rewinds, 1);
    CHECK_INT(hfhub_mock_count(mk), 3);
    CHECK_STR((const char *)hfhub_mock_request_at(mk, 2)->body, "streamed-body");
    CHECK_INT(hfhub_mock_request_at(mk, 2)->body_streamed, 1);
    hfhub__http_response_free(&r);
}

static void test_retry_wait_computation(void) {
    hfhub__http_policy p;
    hfhub__http_response r;
    hfhub_header h[2];
    memset(&p, 0, sizeof p);
    memset(&r, 0, sizeof r);
    /* backoff 1, 2, 4, 8, 8 */
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 503, NULL), 1000);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 2, 503, NULL), 2000);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 3, 503, NULL), 4000);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 4, 503, NULL), 8000);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 5, 0, NULL), 8000);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 40, 0, NULL), 8000);
    p.base_wait_ms = 10;
    p.max_wait_ms = 30;
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 2, 503, NULL), 20);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 3, 503, NULL), 30);
    memset(&p, 0, sizeof p);
    r.headers = h;
    r.n_headers = 1;
    h[0].name = "retry-after"; h[0].value = "3";
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 503, &r), 4000);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 4, 429, &r), 4000);
    h[0].value = "0";
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 3, 503, &r), 1000);
    h[0].value = "Wed, 21 Oct 2015 07:28:00 GMT"; /* dates are ignored */
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 2, 503, &r), 2000);
    h[0].value = "-5";
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 503, &r), 1000);
    /* RateLimit r=0 wins for 429 */
    r.n_headers = 2;
    h[0].value = "3";
    h[1].name = "RateLimit"; h[1].value = "\"api\";r=0;t=55";
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 429, &r), 56000);
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 503, &r), 4000); /* not a 429 */
    h[1].value = "\"api\";r=12;t=55"; /* quota left: Retry-After applies */
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 429, &r), 4000);
    r.n_headers = 0;
    h[0] = h[1];
    h[0].value = "\"api\"; r=0; t=9";
    r.n_headers = 1;
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 429, &r), 10000);
    p.max_server_wait_ms = 1500;
    CHECK_INT(hfhub__http_retry_wait_ms(&p, 1, 429, &r), 1500);
    /* retryable statuses */
    memset(&p, 0, sizeof p);
    CHECK(hfhub__http_status_retryable(&p, 408));
    CHECK(hfhub__http_status_retryable(&p, 429));
    CHECK(hfhub__http_status_retryable(&p, 500));
    CHECK(!hfhub__http_status_retryable(&p, 501));
    CHECK(hfhub__http_status_retryable(&p, 502));
    CHECK(hfhub__http_status_retryable(&p, 504));
    CHECK(!hfhub__http_status_retryable(&p, 505));
    CHECK(!hfhub__http_status_retryable(&p, 404));
    p.retry_statuses_mask = HFHUB__RETRY_408 | HFHUB__RETRY_429;
    CHECK(hfhub__http_status_retryable(&p, 429));
    CHECK(!hfhub__http_status_retryable(&p, 503));
}

static void test_retry_then_success(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/flaky");
    hfhub__http_policy p = fast(5);
    hfhub_mock_response m;
    setup();
    memset(&m, 0, sizeof m);
    m.url = "https://h/flaky";
    m.status = 503;
    m.headers = "Retry-After: 0";
    m.body = "busy";
    m.times = 2;
    CHECK_OK(hfhub_mock_add(mk, &m));
    add(NULL, "https://h/flaky", 200, NULL, "finally");
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body.data, "finally");
    CHECK_INT(r.attempts, 3);
    CHECK_INT(n_waits, 2);
    CHECK_INT(waits[0], 5); /* Retry-After 0 -> 1 s, capped by max_server_wait_ms */
    CHECK_INT(hfhub_mock_pending(mk), 0);
    hfhub__http_response_free(&r);
}

static void test_retry_gives_up(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/down");
    hfhub__http_policy p = fast(3);
    hfhub_mock_response m;
    setup();
    memset(&m, 0, sizeof m);
    m.url = "https://h/down";
    m.status = 502;
    m.body = "bad gateway";
    m.times = -1;
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 502);
    CHECK_STR(r.body.data, "bad gateway");
    CHECK_INT(r.attempts, 4);
    CHECK_INT(hfhub_mock_count(mk), 4);
    CHECK_INT(n_waits, 3);
    CHECK_INT(waits[0], 1);
    CHECK_INT(waits[1], 2);
    CHECK_INT(waits[2], 4);
    hfhub__http_response_free(&r);
    /* the mask: 502 not retried when only 429 is */
    p = fast(3);
    p.retry_statuses_mask = HFHUB__RETRY_429;
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.attempts, 1);
    hfhub__http_response_free(&r);
    /* no retries by default */
    CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.attempts, 1);
    hfhub__http_response_free(&r);
}

static void test_retry_bodies(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/post");
    hfhub__http_policy p = fast(2);
    reader rd = {"abcdefgh", 0, 0};
    setup();
    add("POST", "https://h/post", 503, NULL, NULL);
    add("POST", "https://h/post", 200, NULL, "ok");
    q.method = "POST";
    q.body_read = read_cb;
    q.body_user = &rd;
    q.body_size = 8;
    /* a consumed reader without rewind: not retried */
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 503);
    CHECK_INT(hfhub_mock_count(mk), 1);
    CHECK_INT(n_waits, 0);
    hfhub__http_response_free(&r);
    /* with rewind: retried with the same bytes */
    hfhub_mock_reset(mk);
    add("POST", "https://h/post", 503, NULL, NULL);
    add("POST", "https://h/post", 200, NULL, "ok");
    rd.off = 0;
    q.body_rewind = rewind_cb;
    p = fast(2);
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_INT(rd.rewinds, 1);
    CHECK_INT(hfhub_mock_count(mk), 2);
    CHECK_STR((const char *)hfhub_mock_request_at(mk, 1)->body, "abcdefgh");
    CHECK_INT(hfhub_mock_request_at(mk, 1)->body_size, 8);
    hfhub__http_response_free(&r);
    /* a buffer body is always replayable */
    hfhub_mock_reset(mk);
    add("POST", "https://h/post", 429, NULL, NULL);
    add("POST", "https://h/post", 200, NULL, "ok");
    q.body_read = NULL;
    q.body = "buf";
    q.body_len = 3;
    n_waits = 0;
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR((const char *)hfhub_mock_request_at(mk, 1)->body, "buf");
    hfhub__http_response_free(&r);
}

static void test_retry_network(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/net");
    hfhub__http_policy p = fast(2);
    hfhub_mock_response m;
    setup();
    memset(&m, 0, sizeof m);
    m.url = "https://h/net";
    m.error = HFHUB_ERR_TIMEOUT;
    CHECK_OK(hfhub_mock_add(mk, &m));
    add(NULL, "https://h/net", 200, NULL, "ok");
    /* not retried unless asked */
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_TIMEOUT);
    hfhub__http_response_free(&r);
    hfhub_mock_reset(mk);
    CHECK_OK(hfhub_mock_add(mk, &m));
    add(NULL, "https://h/net", 200, NULL, "ok");
    p.retry_network = 1;
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_STR(r.body.data, "ok");
    CHECK_INT(r.attempts, 2);
    hfhub__http_response_free(&r);
    /* other errors are never retried */
    hfhub_mock_reset(mk);
    m.error = HFHUB_ERR_TLS;
    CHECK_OK(hfhub_mock_add(mk, &m));
    add(NULL, "https://h/net", 200, NULL, "ok");
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_TLS);
    hfhub__http_response_free(&r);
}

/* A collecting sink. */
typedef struct sinkst { int status, n_status, n_headers, cancel_at; hfhub__buf body; char etag[64]; } sinkst;
static int s_status(void *u, int st) { sinkst *s = (sinkst *)u; s->status = st; s->n_status++; return 0; }
static int s_header(void *u, const char *n, const char *v) {
    sinkst *s = (sinkst *)u;
    s->n_headers++;
    if (!strcmp(n, "ETag")) snprintf(s->etag, sizeof s->etag, "%s", v);
    return 0;
}
static int s_body(void *u, const void *d, size_t n) {
    sinkst *s = (sinkst *)u;
    hfhub__buf_append(&s->body, d, n);
    return s->cancel_at && s->body.len >= (size_t)s->cancel_at;
}

static void test_streaming_sink(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/s");
    hfhub__http_policy p = fast(2);
    hfhub_http_sink sink;
    hfhub_mock_response m;
    sinkst s;
    static char big[100000];
    memset(&s, 0, sizeof s);
    hfhub__buf_init(&s.body, NULL);
    sink.user = &s;
    sink.on_status = s_status;
    sink.on_header = s_header;
    sink.on_body = s_body;
    memset(big, 'r', sizeof big - 1);
    setup();
    add(NULL, "https://h/s", 500, "ETag: \"bad\"", "error body"); /* retried */
    memset(&m, 0, sizeof m);
    m.url = "https://h/s";
    m.status = 302;
    m.headers = "Location: /t\nETag: \"redir\"";
    m.body = big; /* a large redirect body is dropped, the exchange abandoned */
    CHECK_OK(hfhub_mock_add(mk, &m));
    m.url = "https://h/t";
    m.status = 200;
    m.headers = "ETag: \"final\"\nX-A: 1";
    m.body = "0123456789abcdefghij";
    m.split = 3;
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, &sink, 0, NULL, &r));
    CHECK_INT(s.n_status, 1);
    CHECK_INT(s.status, 200);
    CHECK_INT(s.n_headers, 2);
    CHECK_STR(s.etag, "\"final\"");
    CHECK_STR(s.body.data, "0123456789abcdefghij");
    CHECK_INT(r.body.len, 0);
    CHECK_INT(r.status, 200);
    CHECK_STR(hfhub__http_header(&r, "X-A"), "1");
    hfhub__http_response_free(&r);

    /* cancel from the sink */
    hfhub_mock_reset(mk);
    hfhub__buf_reset(&s.body);
    s.cancel_at = 5;
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, &sink, 0, NULL, &r), HFHUB_ERR_NETWORK); /* /s unscripted */
    hfhub__http_response_free(&r);
    q.url = "https://h/t";
    hfhub_mock_reset(mk);
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, &sink, 0, NULL, &r), HFHUB_ERR_CANCELLED);
    hfhub__http_response_free(&r);
    hfhub__buf_free(&s.body);
}

static void test_mid_body_failure_not_retried(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/cut");
    hfhub__http_policy p = fast(3);
    hfhub_mock_response m;
    setup();
    memset(&m, 0, sizeof m);
    m.url = "https://h/cut";
    m.status = 200;
    m.body = "0123456789";
    m.error = HFHUB_ERR_NETWORK;
    m.error_after = 4;
    m.times = -1;
    CHECK_OK(hfhub_mock_add(mk, &m));
    p.retry_network = 1;
    /* streamed to the caller: not retried */
    {
        hfhub_http_sink sink;
        sinkst s;
        memset(&s, 0, sizeof s);
        hfhub__buf_init(&s.body, NULL);
        memset(&sink, 0, sizeof sink);
        sink.user = &s;
        sink.on_body = s_body;
        CHECK_INT(hfhub__http_exec(&tr, &p, &q, &sink, 0, NULL, &r), HFHUB_ERR_NETWORK);
        CHECK_INT(hfhub_mock_count(mk), 1);
        CHECK_STR(s.body.data, "0123");
        hfhub__http_response_free(&r);
        hfhub__buf_free(&s.body);
    }
    /* collected: retried from scratch, the partial body dropped */
    hfhub_mock_reset(mk);
    m.times = 1;
    CHECK_OK(hfhub_mock_add(mk, &m));
    add(NULL, "https://h/cut", 200, NULL, "whole");
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_STR(r.body.data, "whole");
    CHECK_INT(r.attempts, 2);
    hfhub__http_response_free(&r);
}

static void test_max_body(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/big");
    setup();
    add(NULL, "https://h/big", 200, NULL, "0123456789");
    CHECK_INT(hfhub__http_exec(&tr, NULL, &q, NULL, 9, NULL, &r), HFHUB_ERR_TOO_LARGE);
    hfhub__http_response_free(&r);
    add(NULL, "https://h/big", 200, NULL, "0123456789");
    CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 10, NULL, &r));
    CHECK_INT(r.body.len, 10);
    hfhub__http_response_free(&r);
}

static int cancel_retry(void *u, int attempt, int wait_ms) { (void)u; (void)attempt; (void)wait_ms; return 1; }
static int cancel_flag;
static int cancelled_cb(void *u) { (void)u; return cancel_flag; }

static void test_cancel_during_wait(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/w");
    hfhub__http_policy p = fast(3);
    hfhub_mock_response m;
    int64_t t0;
    setup();
    memset(&m, 0, sizeof m);
    m.url = "https://h/w";
    m.status = 503;
    m.headers = "Retry-After: 100";
    m.times = -1;
    CHECK_OK(hfhub_mock_add(mk, &m));
    p.on_retry = cancel_retry;
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_CANCELLED);
    CHECK_INT(hfhub_mock_count(mk), 1);
    hfhub__http_response_free(&r);
    /* a 101 s wait interrupted by the cancel poll */
    p.on_retry = NULL;
    p.max_server_wait_ms = 0;
    p.cancelled = cancelled_cb;
    cancel_flag = 1;
    t0 = hfhub__monotonic_ms();
    CHECK_INT(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r), HFHUB_ERR_CANCELLED);
    CHECK(hfhub__monotonic_ms() - t0 < 1000);
    hfhub__http_response_free(&r);
}

static void test_proxy_resolution(void) {
    char out[256];
    unsetenv("http_proxy"); unsetenv("HTTP_PROXY"); unsetenv("https_proxy"); unsetenv("HTTPS_PROXY");
    unsetenv("all_proxy"); unsetenv("ALL_PROXY"); unsetenv("no_proxy"); unsetenv("NO_PROXY");
    CHECK_INT(hfhub__http_proxy_for("https://hub.test/x", NULL, NULL, out, sizeof out), 0);
    setenv("HTTPS_PROXY", "proxy.local:3128", 1);
    CHECK_INT(hfhub__http_proxy_for("https://hub.test/x", NULL, NULL, out, sizeof out), 1);
    CHECK_STR(out, "http://proxy.local:3128");
    CHECK_INT(hfhub__http_proxy_for("http://hub.test/x", NULL, NULL, out, sizeof out), 0);
    setenv("https_proxy", "http://lower:1", 1);
    CHECK_INT(hfhub__http_proxy_for("https://hub.test/x", NULL, NULL, out, sizeof out), 1);
    CHECK_STR(out, "http://lower:1");
    setenv("HTTP_PROXY", "http://u:p@plain:8080", 1);
    CHECK_INT(hfhub__http_proxy_for("http://hub.test/x", NULL, NULL, out, sizeof out), 1);
    CHECK_STR(out, "http://u:p@plain:8080");
    setenv("https_proxy", "", 1); /* empty: falls back to the upper-case name */
    CHECK_INT(hfhub__http_proxy_for("https://hub.test/x", NULL, NULL, out, sizeof out), 1);
    CHECK_STR(out, "http://proxy.local:3128");
    /* NO_PROXY */
    setenv("NO_PROXY", "example.com, .internal,10.0.0.1, host.with:8443,[::1]", 1);
    CHECK_INT(hfhub__http_proxy_for("https://example.com/x", NULL, NULL, out, sizeof out), 0);
    CHECK_INT(hfhub__http_proxy_for("https://sub.Example.COM/x", NULL, NULL, out, sizeof out), 0);
    CHECK_INT(hfhub__http_proxy_for("https://notexample.com/x", NULL, NULL, out, sizeof out), 1);
    CHECK_INT(hfhub__http_proxy_for("https://a.b.internal/x", NULL, NULL, out, sizeof out), 0);
    CHECK_INT(hfhub__http_proxy_for("https://internal/x", NULL, NULL, out, sizeof out), 0);
    CHECK_INT(hfhub__http_proxy_for("https://10.0.0.1:99/x", NULL, NULL, out, sizeof out), 0);
    CHECK_INT(hfhub__http_proxy_for("https://10.0.0.11/x", NULL, NULL, out, sizeof out), 1);
    CHECK_INT(hfhub__http_proxy_for("https://host.with:8443/x", NULL, NULL, out, sizeof out), 0);
    CHECK_INT(hfhub__http_proxy_for("https://host.with/x", NULL, NULL, out, sizeof out), 1);
    CHECK_INT(hfhub__http_proxy_for("https://[::1]:5/x", NULL, NULL, out, sizeof out), 0);
    setenv("no_proxy", "*", 1); /* lower case wins */
    CHECK_INT(hfhub__http_proxy_for("https://any.where/x", NULL, NULL, out, sizeof out), 0);
    unsetenv("no_proxy");
    unsetenv("HTTPS_PROXY"); unsetenv("https_proxy");
    setenv("ALL_PROXY", "socks-not-checked:1", 1);
    CHECK_INT(hfhub__http_proxy_for("https://hub.test/x", NULL, NULL, out, sizeof out), 1);
    CHECK_STR(out, "http://socks-not-checked:1");
    /* the client override */
    CHECK_INT(hfhub__http_proxy_for("https://hub.test/x", "", NULL, out, sizeof out), 0);
    CHECK_INT(hfhub__http_proxy_for("https://example.com/x", "http://override:1", NULL, out, sizeof out), 1);
    CHECK_STR(out, "http://override:1");
    CHECK_INT(hfhub__http_proxy_for("https://hub.test/x", "http://override:1", NULL, out, 5), -1);
    unsetenv("ALL_PROXY"); unsetenv("HTTP_PROXY"); unsetenv("NO_PROXY");
}

/* The proxy is resolved for each hop: NO_PROXY can exempt the redirect target. */
static void test_proxy_per_hop(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://hub.test/a");
    hfhub__http_policy p = fast(0);
    setup();
    setenv("HTTPS_PROXY", "http://px:3128", 1);
    setenv("NO_PROXY", "cdn.test", 1);
    add(NULL, "https://hub.test/a", 302, "Location: https://cdn.test/b", NULL);
    add(NULL, "https://cdn.test/b", 200, NULL, "x");
    p.proxy = NULL;
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_STR(hfhub_mock_request_at(mk, 0)->proxy, "http://px:3128");
    CHECK(hfhub_mock_request_at(mk, 1)->proxy == NULL);
    hfhub__http_response_free(&r);
    /* req->proxy overrides the environment; policy->proxy overrides both */
    add(NULL, "https://hub.test/a", 302, "Location: https://cdn.test/b", NULL);
    add(NULL, "https://cdn.test/b", 200, NULL, "x");
    q.proxy = "client:1";
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK_STR(hfhub_mock_request_at(mk, 2)->proxy, "http://client:1");
    CHECK_STR(hfhub_mock_request_at(mk, 3)->proxy, "http://client:1");
    hfhub__http_response_free(&r);
    add(NULL, "https://hub.test/a", 200, NULL, "x");
    p.proxy = "";
    CHECK_OK(hfhub__http_exec(&tr, &p, &q, NULL, 0, NULL, &r));
    CHECK(hfhub_mock_request_at(mk, 4)->proxy == NULL);
    hfhub__http_response_free(&r);
    unsetenv("HTTPS_PROXY");
    unsetenv("NO_PROXY");
}

/* The mock itself: prefix matches, methods, HEAD without body, scripted errors. */
static void test_mock_behaviour(void) {
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/api/models/x");
    hfhub_mock_response m;
    setup();
    memset(&m, 0, sizeof m);
    m.headers = "X-Ok: 1\nno colon line";
    CHECK_INT(hfhub_mock_add(mk, &m), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_mock_pending(mk), 0); /* not added */
    add("POST", "https://h/api/*", 201, NULL, "post");
    m.headers = "X-A:  1 \r\n\r\nX-B:\n";
    m.url = "https://h/api/*";
    m.body = "abc";
    m.times = -1;
    CHECK_OK(hfhub_mock_add(mk, &m));
    CHECK_INT(hfhub_mock_pending(mk), 1); /* times -1 is not counted */
    CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body.data, "abc");
    CHECK_INT(r.n_headers, 2);
    CHECK_STR(hfhub__http_header(&r, "X-A"), "1");
    CHECK_STR(hfhub__http_header(&r, "X-B"), "");
    hfhub__http_response_free(&r);
    q.method = "HEAD";
    CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.body.len, 0);
    hfhub__http_response_free(&r);
    q.method = "post";
    CHECK_OK(hfhub__http_exec(&tr, NULL, &q, NULL, 0, NULL, &r));
    CHECK_INT(r.status, 201);
    hfhub__http_response_free(&r);
    CHECK_INT(hfhub_mock_pending(mk), 0);
    CHECK_INT(hfhub_mock_count(mk), 3);
    CHECK_STR(hfhub_mock_request_at(mk, 2)->method, "post");
    CHECK(hfhub_mock_request_at(mk, 3) == NULL);
}


/* A strict allocator: every free and realloc must name the size the block was given. */
typedef struct strict { void *p[4096]; size_t n[4096]; int live, bad; } strict;
static int strict_find(strict *s, void *p) {
    int i;
    for (i = 0; i < 4096; i++) if (s->p[i] == p) return i;
    return -1;
}
static void *strict_alloc(void *ctx, size_t n) {
    strict *s = (strict *)ctx;
    int i = strict_find(s, NULL);
    void *p = i < 0 ? NULL : malloc(n);
    if (p) { s->p[i] = p; s->n[i] = n; s->live++; }
    return p;
}
static void strict_free(void *ctx, void *p, size_t n) {
    strict *s = (strict *)ctx;
    int i = strict_find(s, p);
    if (i < 0 || s->n[i] != n) { s->bad++; return; }
    s->p[i] = NULL;
    s->live--;
    free(p);
}
static void *strict_realloc(void *ctx, void *p, size_t old, size_t n) {
    void *q = strict_alloc(ctx, n);
    if (!q) return NULL;
    memcpy(q, p, old < n ? old : n);
    strict_free(ctx, p, old);
    return q;
}

static void test_custom_allocator(void) {
    static strict s;
    hfhub_allocator a;
    hfhub_mock *m;
    hfhub_transport t;
    hfhub__http_response r;
    hfhub_http_request q = get("https://h/a");
    hfhub_header h = {"Authorization", "Bearer x"};
    hfhub__http_policy p = fast(2);
    hfhub_mock_response mr;
    memset(&s, 0, sizeof s);
    a.ctx = &s;
    a.alloc = strict_alloc;
    a.realloc = strict_realloc;
    a.free = strict_free;
    CHECK_OK(hfhub_mock_new(&a, &m));
    t = hfhub_mock_transport(m);
    memset(&mr, 0, sizeof mr);
    mr.url = "https://h/a";
    mr.status = 503;
    mr.headers = "Retry-After: 0";
    CHECK_OK(hfhub_mock_add(m, &mr));
    mr.status = 302;
    mr.headers = "Location: https://cdn.test/x?sig=1";
    CHECK_OK(hfhub_mock_add(m, &mr));
    CHECK_OK(hfhub_mock_add_simple(m, "https://cdn.test/x?sig=1", 200, "X-A: 1", "the body"));
    q.headers = &h;
    q.n_headers = 1;
    CHECK_OK(hfhub__http_exec(&t, &p, &q, NULL, 0, &a, &r));
    CHECK_STR(r.body.data, "the body");
    CHECK_STR(r.final_url, "https://cdn.test/x?sig=1");
    hfhub__http_response_free(&r);
    hfhub_mock_free(m);
    CHECK_INT(s.bad, 0);
    CHECK_INT(s.live, 0);
}

int main(void) {
    RUN(test_plain_get);
    RUN(test_bad_args);
    RUN(test_redirect_resolution);
    RUN(test_redirect_unsupported);
    RUN(test_auth_stripping);
    RUN(test_redirect_limits);
    RUN(test_redirect_methods);
    RUN(test_307_streamed_body);
    RUN(test_retry_wait_computation);
    RUN(test_retry_then_success);
    RUN(test_retry_gives_up);
    RUN(test_retry_bodies);
    RUN(test_retry_network);
    RUN(test_streaming_sink);
    RUN(test_mid_body_failure_not_retried);
    RUN(test_max_body);
    RUN(test_cancel_during_wait);
    RUN(test_proxy_resolution);
    RUN(test_proxy_per_hop);
    RUN(test_mock_behaviour);
    RUN(test_custom_allocator);
    hfhub_mock_free(mk);
    return TEST_END();
}
