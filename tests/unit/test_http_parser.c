/* test_http_parser.c: the incremental HTTP/1.1 response parser, fed each response whole,
 * byte by byte and at random split points: every way of slicing must parse identically. */
#include "test.h"

typedef struct rec {
    int status, n_status;
    hfhub__buf headers; /* "Name: value\n" per header */
    hfhub__buf body;
    int cancel_at_body;
} rec;

static int rec_status(void *u, int status) {
    rec *r = (rec *)u;
    r->status = status;
    r->n_status++;
    return 0;
}
static int rec_header(void *u, const char *name, const char *value) {
    rec *r = (rec *)u;
    hfhub__buf_printf(&r->headers, "%s: %s\n", name, value);
    return 0;
}
static int rec_body(void *u, const void *data, size_t n) {
    rec *r = (rec *)u;
    hfhub__buf_append(&r->body, data, n);
    return r->cancel_at_body;
}

typedef struct outcome {
    hfhub_result result;
    int status, keep_alive;
    char headers[512], body[256];
    size_t leftover; /* input bytes after the end of the response */
} outcome;

static unsigned t_rand_state = 12345;
static unsigned t_rand(void) {
    t_rand_state = t_rand_state * 1103515245u + 12345u;
    return (t_rand_state >> 8) & 0xffffff;
}

/* split: 0 whole, 1 byte by byte, 2 random slices. A response that is not complete when
 * the input runs out sees the peer close (eof). */
static outcome parse(const char *in, size_t n, int flags, int split, int cancel) {
    outcome o;
    rec r;
    hfhub_http_sink sink;
    hfhub__http_parser p;
    size_t off = 0;
    memset(&o, 0, sizeof o);
    memset(&r, 0, sizeof r);
    r.cancel_at_body = cancel;
    hfhub__buf_init(&r.headers, NULL);
    hfhub__buf_init(&r.body, NULL);
    sink.user = &r;
    sink.on_status = rec_status;
    sink.on_header = rec_header;
    sink.on_body = rec_body;
    hfhub__http_parser_init(&p, flags, &sink, NULL);
    while (off < n && o.result == HFHUB_OK && !hfhub__http_parser_done(&p)) {
        size_t k = split == 0 ? n - off : split == 1 ? 1 : 1 + t_rand() % (n - off), used;
        o.result = hfhub__http_parser_feed(&p, in + off, k, &used);
        CHECK(used <= k);
        off += used;
        if (o.result == HFHUB_OK && used < k) CHECK(hfhub__http_parser_done(&p));
    }
    if (o.result == HFHUB_OK && !hfhub__http_parser_done(&p)) o.result = hfhub__http_parser_eof(&p);
    o.status = r.n_status ? r.status : 0;
    CHECK(r.n_status <= 1);
    o.keep_alive = p.keep_alive;
    o.leftover = n - off;
    snprintf(o.headers, sizeof o.headers, "%s", r.headers.data ? r.headers.data : "");
    snprintf(o.body, sizeof o.body, "%s", r.body.data ? r.body.data : "");
    CHECK(p.line.cap <= 2 * HFHUB__HTTP_MAX_LINE + 64);
    hfhub__http_parser_free(&p);
    hfhub__buf_free(&r.headers);
    hfhub__buf_free(&r.body);
    return o;
}

typedef struct tcase {
    const char *name, *in;
    int flags;
    hfhub_result result;
    int status, keep_alive;
    const char *headers, *body;
    size_t leftover;
} tcase;

static const tcase ok_cases[] = {
    {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  b c \r\n\r\nhello", 0, HFHUB_OK, 200, 1,
     "Content-Length: 5\nX-A: b c\n", "hello", 0},
    {"chunked+ext+trailers",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;foo=bar\r\nhello\r\n6 ; x\r\n world\r\n"
     "000\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n",
     0, HFHUB_OK, 200, 1, "Transfer-Encoding: chunked\n", "hello world", 0},
    {"chunked hex sizes", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n000A\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\n\r\n",
     0, HFHUB_OK, 200, 1, "Transfer-Encoding: Chunked\n", "0123456789abcdefghij", 0},
    {"100 continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 0, HFHUB_OK,
     201, 1, "Content-Length: 2\n", "ok", 0},
    {"103 early hints", "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, HFHUB_OK, 200, 1,
     "Content-Length: 0\n", "", 0},
    {"HEAD ignores length", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", HFHUB__HTTP_PARSE_HEAD, HFHUB_OK,
     200, 1, "Content-Length: 1000\n", "", 0},
    {"HEAD with chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
     HFHUB__HTTP_PARSE_HEAD, HFHUB_OK, 200, 1, "Transfer-Encoding: chunked\n", "", 27},
    {"204 no body", "HTTP/1.1 204 No Content\r\nX: y\r\n\r\n", 0, HFHUB_OK, 204, 1, "X: y\n", "", 0},
    {"304 ignores length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", 0, HFHUB_OK, 304, 1,
     "Content-Length: 9\n", "", 0},
    {"1.0 until close", "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nabc\r\ndef", 0, HFHUB_OK, 200, 0, "Server: x\n",
     "abc\r\ndef", 0},
    {"1.1 no length until close", "HTTP/1.1 200 OK\r\n\r\nxyz", 0, HFHUB_OK, 200, 0, "", "xyz", 0},
    {"1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nz", 0, HFHUB_OK, 200,
     1, "Connection: Keep-Alive\nContent-Length: 1\n", "z", 0},
    {"1.1 close", "HTTP/1.1 200 OK\r\nConnection: foo, close\r\nContent-Length: 1\r\n\r\nz", 0, HFHUB_OK, 200, 0,
     "Connection: foo, close\nContent-Length: 1\n", "z", 0},
    {"bare LF", "HTTP/1.1 404 Not Found\nContent-Length: 3\n\nnop", 0, HFHUB_OK, 404, 1, "Content-Length: 3\n",
     "nop", 0},
    {"no reason phrase", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 0, HFHUB_OK, 200, 1, "Content-Length: 0\n",
     "", 0},
    {"duplicate equal lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\ncontent-length: 2\r\n\r\nabEXTRA", 0,
     HFHUB_OK, 200, 1, "Content-Length: 2, 2\ncontent-length: 2\n", "ab", 5},
    {"empty value", "HTTP/1.1 200 OK\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n", 0, HFHUB_OK, 200, 1,
     "X-Empty: \nContent-Length: 0\n", "", 0},
    {"te overrides cl", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
     0, HFHUB_OK, 200, 0, "Content-Length: 100\nTransfer-Encoding: chunked\n", "a", 0},
    {"te gzip until close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw", 0, HFHUB_OK, 200, 0,
     "Transfer-Encoding: gzip\n", "raw", 0},
    {"stray empty line first", "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, HFHUB_OK, 200, 1,
     "Content-Length: 0\n", "", 0},
    {"connect 200", "HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01", HFHUB__HTTP_PARSE_CONNECT, HFHUB_OK,
     200, 1, "", "", 3},
    {"connect 407 has a body", "HTTP/1.1 407 Proxy Auth\r\nContent-Length: 2\r\n\r\nno", HFHUB__HTTP_PARSE_CONNECT,
     HFHUB_OK, 407, 1, "Content-Length: 2\n", "no", 0},
    {"obs-text value", "HTTP/1.1 200 OK\r\nX: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n", 0, HFHUB_OK, 200, 1,
     "X: caf\xc3\xa9\nContent-Length: 0\n", "", 0},
    /* errors */
    {"conflicting lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", 0,
     HFHUB_ERR_PARSE, 200, 0, "Content-Length: 2\n", "", 0},
    {"negative length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "", "", 0},
    {"empty length", "HTTP/1.1 200 OK\r\nContent-Length: , \r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "", "", 0},
    {"plus length", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "", "", 0},
    {"absurd length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", 0, HFHUB_ERR_TOO_LARGE,
     200, 0, "", "", 0},
    {"chunk size overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000001\r\n", 0,
     HFHUB_ERR_TOO_LARGE, 200, 0, "Transfer-Encoding: chunked\n", "", 0},
    {"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0, HFHUB_ERR_PARSE, 200, 0,
     "Transfer-Encoding: chunked\n", "", 0},
    {"negative chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", 0, HFHUB_ERR_PARSE,
     200, 0, "Transfer-Encoding: chunked\n", "", 0},
    {"missing CRLF after chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 0,
     HFHUB_ERR_PARSE, 200, 0, "Transfer-Encoding: chunked\n", "ab", 0},
    {"folding", "HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "X: a\n", "", 0},
    {"space before colon", "HTTP/1.1 200 OK\r\nX : a\r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "", "", 0},
    {"no colon", "HTTP/1.1 200 OK\r\nnocolon\r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "", "", 0},
    {"not http", "HTTX/1.1 200 OK\r\n\r\n", 0, HFHUB_ERR_PARSE, 0, 0, "", "", 0},
    {"http/2", "HTTP/2.0 200 OK\r\n\r\n", 0, HFHUB_ERR_PARSE, 0, 0, "", "", 0},
    {"two-digit status", "HTTP/1.1 20 OK\r\n\r\n", 0, HFHUB_ERR_PARSE, 0, 0, "", "", 0},
    {"glued reason", "HTTP/1.1 200OK\r\n\r\n", 0, HFHUB_ERR_PARSE, 0, 0, "", "", 0},
    {"control char", "HTTP/1.1 200 OK\r\nX: a\x01b\r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "", "", 0},
    {"stray CR", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", 0, HFHUB_ERR_PARSE, 200, 0, "", "", 0},
    {"101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", 0, HFHUB_ERR_PARSE, 0, 0, "", "", 0},
    {"truncated length body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", 0, HFHUB_ERR_NETWORK, 200, 1,
     "Content-Length: 10\n", "hello", 0},
    {"truncated chunked body", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", 0,
     HFHUB_ERR_NETWORK, 200, 1, "Transfer-Encoding: chunked\n", "hel", 0},
    {"truncated trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n", 0,
     HFHUB_ERR_NETWORK, 200, 1, "Transfer-Encoding: chunked\n", "", 0},
    {"truncated headers", "HTTP/1.1 200 OK\r\nContent-Len", 0, HFHUB_ERR_NETWORK, 200, 0, "", "", 0},
    {"nothing", "", 0, HFHUB_ERR_NETWORK, 0, 0, "", "", 0},
};

/* Reports the first mismatch of a case; returns 0 on a mismatch. */
static int check_case(const tcase *c, const outcome *o, const char *how) {
    int bad = o->result != c->result || o->status != c->status || strcmp(o->headers, c->headers) ||
              strcmp(o->body, c->body) ||
              (c->result == HFHUB_OK && (o->keep_alive != c->keep_alive || o->leftover != c->leftover));
    if (bad) {
        fprintf(stderr, "  case \"%s\" (%s): result %d status %d ka %d leftover %d headers [%s] body [%s] (%s)\n",
                c->name, how, (int)o->result, o->status, o->keep_alive, (int)o->leftover, o->headers, o->body,
                hfhub_last_error()->message);
        CHECK(!bad);
    }
    return !bad;
}

static void test_table_all_splits(void) {
    size_t i;
    int k;
    for (i = 0; i < sizeof ok_cases / sizeof ok_cases[0]; i++) {
        const tcase *c = &ok_cases[i];
        size_t n = strlen(c->in);
        outcome o = parse(c->in, n, c->flags, 0, 0);
        if (!check_case(c, &o, "whole")) continue;
        o = parse(c->in, n, c->flags, 1, 0);
        if (!check_case(c, &o, "byte by byte")) continue;
        for (k = 0; k < 200; k++) {
            o = parse(c->in, n, c->flags, 2, 0);
            if (!check_case(c, &o, "random split")) break;
        }
    }
}

static void test_error_messages(void) {
    const char *in = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello";
    outcome o = parse(in, strlen(in), 0, 0, 0);
    CHECK_INT(o.result, HFHUB_ERR_NETWORK);
    CHECK_STR(hfhub_last_error()->message, "connection closed after 5 of 10 bytes");
    in = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n";
    o = parse(in, strlen(in), 0, 0, 0);
    CHECK_STR(hfhub_last_error()->message, "conflicting Content-Length values 2 and 3");
    o = parse("", 0, 0, 0, 0);
    CHECK_STR(hfhub_last_error()->message, "connection closed before any response");
    o = parse("SSH-2.0-OpenSSH\r\n", 17, 0, 0, 0);
    CHECK_STR(hfhub_last_error()->message, "malformed HTTP status line \"SSH-2.0-OpenSSH\"");
}

static void test_cancel(void) {
    const char *in = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    outcome o = parse(in, strlen(in), 0, 0, 1);
    CHECK_INT(o.result, HFHUB_ERR_CANCELLED);
}

/* Builds a response with a header line of `len` bytes, or `count` small headers. */
static char *big_headers(size_t len, int count) {
    hfhub__buf b;
    int i;
    hfhub__buf_init(&b, NULL);
    hfhub__buf_puts(&b, "HTTP/1.1 200 OK\r\n");
    if (len) {
        hfhub__buf_puts(&b, "X-Big: ");
        for (i = 0; i < (int)len; i++) hfhub__buf_putc(&b, 'a');
        hfhub__buf_puts(&b, "\r\n");
    }
    for (i = 0; i < count; i++) hfhub__buf_printf(&b, "X-H%d: v\r\n", i);
    hfhub__buf_puts(&b, "Content-Length: 0\r\n\r\n");
    return hfhub__buf_take(&b);
}

static void test_limits(void) {
    char *s = big_headers(HFHUB__HTTP_MAX_LINE + 10, 0);
    outcome o = parse(s, strlen(s), 0, 0, 0);
    CHECK_INT(o.result, HFHUB_ERR_TOO_LARGE);
    o = parse(s, strlen(s), 0, 2, 0);
    CHECK_INT(o.result, HFHUB_ERR_TOO_LARGE);
    free(s);
    s = big_headers(HFHUB__HTTP_MAX_LINE - 20, 0); /* just under the line limit: fine */
    o = parse(s, strlen(s), 0, 2, 0);
    CHECK_OK(o.result);
    free(s);
    s = big_headers(0, HFHUB__HTTP_MAX_HEADERS + 1);
    o = parse(s, strlen(s), 0, 2, 0);
    CHECK_INT(o.result, HFHUB_ERR_TOO_LARGE);
    CHECK(strstr(hfhub_last_error()->message, "header lines") != NULL);
    free(s);
    s = big_headers(0, HFHUB__HTTP_MAX_HEADERS - 1);
    o = parse(s, strlen(s), 0, 2, 0);
    CHECK_OK(o.result);
    free(s);
    {   /* five lines of 60 KiB: each fits, together they pass the header-bytes limit */
        hfhub__buf b;
        int i, j;
        hfhub__buf_init(&b, NULL);
        hfhub__buf_puts(&b, "HTTP/1.1 200 OK\r\n");
        for (i = 0; i < 5; i++) {
            hfhub__buf_printf(&b, "X-%d: ", i);
            for (j = 0; j < 60000; j++) hfhub__buf_putc(&b, 'v');
            hfhub__buf_puts(&b, "\r\n");
        }
        hfhub__buf_puts(&b, "\r\n");
        o = parse(b.data, b.len, 0, 2, 0);
        CHECK_INT(o.result, HFHUB_ERR_TOO_LARGE);
        CHECK(strstr(hfhub_last_error()->message, "exceed") != NULL);
        hfhub__buf_free(&b);
    }
    {   /* endless 100 Continue */
        hfhub__buf b;
        int i;
        hfhub__buf_init(&b, NULL);
        for (i = 0; i < 40; i++) hfhub__buf_puts(&b, "HTTP/1.1 100 Continue\r\n\r\n");
        o = parse(b.data, b.len, 0, 0, 0);
        CHECK_INT(o.result, HFHUB_ERR_PARSE);
        hfhub__buf_free(&b);
    }
}

/* Body slices are handed over from the input itself (no copy) and the parser keeps no
 * memory proportional to the body. */
typedef struct zc { const char *lo, *hi; int outside; size_t total; } zc;
static int zc_body(void *u, const void *d, size_t n) {
    zc *z = (zc *)u;
    if ((const char *)d < z->lo || (const char *)d + n > z->hi) z->outside = 1;
    z->total += n;
    return 0;
}

static void test_large_body_no_copy(void) {
    size_t n = 8u << 20, used;
    char *buf = (char *)malloc(n);
    const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 83886080\r\n\r\n";
    hfhub__http_parser p;
    hfhub_http_sink sink;
    zc z;
    int i;
    memset(&z, 0, sizeof z);
    memset(&sink, 0, sizeof sink);
    sink.user = &z;
    sink.on_body = zc_body;
    hfhub__http_parser_init(&p, 0, &sink, NULL);
    memset(buf, 'x', n);
    z.lo = head;
    z.hi = head + strlen(head);
    CHECK_OK(hfhub__http_parser_feed(&p, head, strlen(head), &used));
    z.lo = buf;
    z.hi = buf + n;
    for (i = 0; i < 10; i++) {
        CHECK_OK(hfhub__http_parser_feed(&p, buf, n, &used));
        CHECK_INT(used, n);
    }
    CHECK(hfhub__http_parser_done(&p));
    CHECK_INT(z.total, 80u << 20);
    CHECK_INT(z.outside, 0);
    CHECK(p.line.cap < 4096);
    hfhub__http_parser_free(&p);
    free(buf);
}

/* Two responses back to back on one connection: the parser stops at the first one's end. */
static void test_pipelined_leftover(void) {
    const char *in = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                     "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz";
    hfhub__http_parser p;
    size_t used, n = strlen(in);
    hfhub__http_parser_init(&p, 0, NULL, NULL);
    CHECK_OK(hfhub__http_parser_feed(&p, in, n, &used));
    CHECK(hfhub__http_parser_done(&p));
    CHECK_STR(in + used, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz");
    CHECK_OK(hfhub__http_parser_feed(&p, in + used, n - used, &used));
    CHECK_INT(used, 0);
    hfhub__http_parser_free(&p);
    hfhub__http_parser_init(&p, 0, NULL, NULL);
    CHECK_OK(hfhub__http_parser_feed(&p, in + 60, n - 60, &used));
    CHECK(hfhub__http_parser_done(&p));
    CHECK_INT(p.body_bytes, 1);
    hfhub__http_parser_free(&p);
}

int main(void) {
    RUN(test_table_all_splits);
    RUN(test_error_messages);
    RUN(test_cancel);
    RUN(test_limits);
    RUN(test_large_body_no_copy);
    RUN(test_pipelined_leftover);
    return TEST_END();
}
