/* test_sse.c: the text/event-stream reader. */
#include "test.h"

/* Events are logged as "event|data|id|retry;" (newlines in data shown as '/'). */
typedef struct evlog { char s[4096]; int stop_after, n; } evlog;

static int on_event(void *u, const hfhub__sse_event *ev) {
    evlog *l = (evlog *)u;
    size_t off = strlen(l->s), i;
    char data[1024];
    for (i = 0; i < ev->data_len && i < sizeof data - 1; i++) data[i] = ev->data[i] == '\n' ? '/' : ev->data[i];
    data[i] = 0;
    CHECK_INT(strlen(ev->data), ev->data_len);
    snprintf(l->s + off, sizeof l->s - off, "%s|%s|%s|%d;", ev->event, data, ev->id, ev->retry_ms);
    l->n++;
    return l->stop_after && l->n >= l->stop_after;
}

/* Feeds `in` in pieces of `step` bytes (0: all at once), then finishes. */
static hfhub_result run(const char *in, size_t step, size_t max, evlog *l) {
    hfhub__sse s;
    hfhub_result r = HFHUB_OK;
    size_t n = strlen(in), off = 0;
    memset(l, 0, sizeof *l);
    hfhub__sse_init(&s, NULL, max, on_event, l);
    if (!step) step = n ? n : 1;
    while (off < n && !r) {
        size_t k = n - off < step ? n - off : step;
        r = hfhub__sse_feed(&s, in + off, k);
        off += k;
    }
    if (!r) r = hfhub__sse_finish(&s);
    hfhub__sse_free(&s);
    return r;
}

/* Every case at every split size must give the same log. */
static void expect(const char *in, const char *want) {
    size_t step;
    for (step = 0; step <= 7; step++) {
        evlog l;
        CHECK_OK(run(in, step, 0, &l));
        if (strcmp(l.s, want)) {
            fprintf(stderr, "  input \"%s\" step %d\n", in, (int)step);
            CHECK_STR(l.s, want);
            return;
        }
    }
}

static void test_basic(void) {
    expect("data: hello\n\n", "message|hello||-1;");
    expect("data: a\ndata: b\n\n", "message|a/b||-1;");
    expect("data:no-space\n\n", "message|no-space||-1;");
    expect("data:  two spaces\n\n", "message| two spaces||-1;");
    expect("data\n\n", "message|||-1;");
    expect("data:\ndata:\n\n", "message|/||-1;");
    expect("data: [DONE]\n\n", "message|[DONE]||-1;");
    expect("data: {\"a\":1}\n\ndata: x\n\n", "message|{\"a\":1}||-1;message|x||-1;");
    expect("data: x: y\n\n", "message|x: y||-1;");
}

static void test_fields(void) {
    expect("event: ping\ndata: 1\n\ndata: 2\n\n", "ping|1||-1;message|2||-1;");
    expect("id: 7\ndata: a\n\ndata: b\n\n", "message|a|7|-1;message|b|7|-1;");
    expect("id: 7\ndata: a\n\nid\ndata: b\n\n", "message|a|7|-1;message|b||-1;");
    expect("retry: 1500\ndata: a\n\nretry: x\ndata: b\n\n", "message|a||1500;message|b||1500;");
    expect(": comment\ndata: a\n:another\n\n", "message|a||-1;");
    expect("unknown: z\ndata: a\n\n", "message|a||-1;");
    expect("DATA: a\n\n", ""); /* field names are case-sensitive */
    /* an event with no data is dropped, and its type does not leak */
    expect("event: lonely\n\ndata: a\n\n", "message|a||-1;");
    /* blank lines alone dispatch nothing */
    expect("\n\n\r\n\n", "");
}

static void test_line_ends(void) {
    expect("data: a\r\n\r\ndata: b\r\n\r\n", "message|a||-1;message|b||-1;");
    expect("data: a\r\rdata: b\r\r", "message|a||-1;message|b||-1;");
    expect("data: a\rdata: b\n\r\n", "message|a/b||-1;");
    expect("data: a\r\n\ndata: b\n\r", "message|a||-1;message|b||-1;");
    expect("\xEF\xBB\xBF" "data: bom\n\n", "message|bom||-1;");
}

static void test_unterminated(void) {
    expect("data: done\n\ndata: partial\n", "message|done||-1;");
    expect("data: done\n\ndata: partial", "message|done||-1;");
}

static void test_limits(void) {
    evlog l;
    hfhub__sse s;
    char big[200];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK_INT(run("data: 0123456789\n\n", 0, 8, &l), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(run("data: 0123456789\n\n", 1, 8, &l), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(run("data: 01\n\n", 1, 8, &l), HFHUB_OK);
    CHECK_STR(l.s, "message|01||-1;");
    /* many short data lines cannot build an unbounded event */
    CHECK_INT(run("data: 1234\ndata: 1234\ndata: 1234\n\n", 0, 12, &l), HFHUB_ERR_TOO_LARGE);
    /* sticky */
    hfhub__sse_init(&s, NULL, 16, on_event, &l);
    CHECK_INT(hfhub__sse_feed(&s, big, strlen(big)), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(hfhub__sse_feed(&s, "\n\n", 2), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(hfhub__sse_finish(&s), HFHUB_ERR_TOO_LARGE);
    hfhub__sse_free(&s);
}

static void test_cancel(void) {
    evlog l;
    hfhub__sse s;
    memset(&l, 0, sizeof l);
    l.stop_after = 1;
    hfhub__sse_init(&s, NULL, 0, on_event, &l);
    CHECK_INT(hfhub__sse_feed(&s, "data: a\n\ndata: b\n\n", 18), HFHUB_ERR_CANCELLED);
    CHECK_INT(l.n, 1);
    hfhub__sse_free(&s);
}

/* Through the request layer, the body arriving in 1-byte slices. */
static void test_over_transport(void) {
    hfhub_mock *m;
    hfhub_transport t;
    hfhub_mock_response mr;
    hfhub_http_request q;
    hfhub_http_sink sink;
    hfhub__http_response resp;
    hfhub__sse s;
    evlog l;
    CHECK_OK(hfhub_mock_new(NULL, &m));
    t = hfhub_mock_transport(m);
    memset(&mr, 0, sizeof mr);
    mr.headers = "Content-Type: text/event-stream";
    mr.body = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\r\n\r\n: keep-alive\r\n\r\ndata: [DONE]\r\n\r\n";
    mr.split = 1;
    CHECK_OK(hfhub_mock_add(m, &mr));
    memset(&q, 0, sizeof q);
    q.method = "POST";
    q.url = "https://router.test/v1/chat/completions";
    memset(&l, 0, sizeof l);
    hfhub__sse_init(&s, NULL, 0, on_event, &l);
    memset(&sink, 0, sizeof sink);
    sink.user = &s;
    sink.on_body = hfhub__sse_on_body;
    CHECK_OK(hfhub__http_exec(&t, NULL, &q, &sink, 0, NULL, &resp));
    CHECK_OK(hfhub__sse_finish(&s));
    CHECK_STR(l.s, "message|{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}||-1;message|[DONE]||-1;");
    hfhub__sse_free(&s);
    hfhub__http_response_free(&resp);
    hfhub_mock_free(m);
}

int main(void) {
    RUN(test_basic);
    RUN(test_fields);
    RUN(test_line_ends);
    RUN(test_unterminated);
    RUN(test_limits);
    RUN(test_cancel);
    RUN(test_over_transport);
    return TEST_END();
}
