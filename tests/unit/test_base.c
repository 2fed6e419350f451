/* test_base.c: results, error detail, allocator, buffers, arenas, threads, clocks. */
#include "test.h"

static void test_result_names(void) {
    CHECK_STR(hfhub_result_str(HFHUB_OK), "ok");
    CHECK_STR(hfhub_result_str(HFHUB_ERR_REPO_NOT_FOUND), "repository not found");
    CHECK_STR(hfhub_result_str((hfhub_result)-999), "unknown error");
}

static void test_error_detail(void) {
    hfhub__clear_error();
    CHECK_STR(hfhub_last_error()->message, "");
    CHECK_INT(hfhub__fail_http(HFHUB_ERR_GATED, 403, "GatedRepo", "req-1", "repo %s is gated", "a/b"),
              HFHUB_ERR_GATED);
    CHECK_INT(hfhub_last_error()->result, HFHUB_ERR_GATED);
    CHECK_INT(hfhub_last_error()->http_status, 403);
    CHECK_STR(hfhub_last_error()->message, "repo a/b is gated");
    CHECK_STR(hfhub_last_error()->server_code, "GatedRepo");
    CHECK_STR(hfhub_last_error()->request_id, "req-1");
    hfhub__fail(HFHUB_ERR_PARSE, "x");
    CHECK_INT(hfhub_last_error()->http_status, 0);
    CHECK_STR(hfhub_last_error()->server_code, "");
}

static void *t_thread_err_result;
static void thread_err(void *arg) {
    (void)arg;
    hfhub__fail(HFHUB_ERR_TIMEOUT, "other thread");
    t_thread_err_result = (void *)hfhub_last_error();
}

static void test_error_is_per_thread(void) {
    hfhub__thread th;
    hfhub__fail(HFHUB_ERR_IO, "main thread");
    CHECK_INT(hfhub__thread_start(&th, thread_err, NULL), 0);
    hfhub__thread_join(&th);
    CHECK_STR(hfhub_last_error()->message, "main thread");
    CHECK(t_thread_err_result != (void *)hfhub_last_error());
}

/* A counting allocator checks that sizes given to realloc/free match the allocation. */
typedef struct counting { long live; size_t bytes; int bad_size; } counting;
typedef struct hdr { size_t n; size_t pad; } hdr;
static void *c_alloc(void *ctx, size_t n) {
    counting *c = (counting *)ctx;
    hdr *h = (hdr *)malloc(sizeof(hdr) + n);
    if (!h) return NULL;
    h->n = n;
    c->live++;
    c->bytes += n;
    return h + 1;
}
static void c_free(void *ctx, void *p, size_t n) {
    counting *c = (counting *)ctx;
    hdr *h = (hdr *)p - 1;
    if (h->n != n) c->bad_size = 1;
    c->live--;
    c->bytes -= n;
    free(h);
}
static void *c_realloc(void *ctx, void *p, size_t old_n, size_t new_n) {
    void *q = c_alloc(ctx, new_n);
    if (!q) return NULL;
    memcpy(q, p, old_n < new_n ? old_n : new_n);
    c_free(ctx, p, old_n);
    return q;
}

static void test_allocator_sizes(void) {
    counting c = {0, 0, 0};
    hfhub_allocator a = {0, c_alloc, c_realloc, c_free};
    hfhub__buf b;
    hfhub__arena ar;
    char *s;
    int i;
    a.ctx = &c;
    hfhub__buf_init(&b, &a);
    for (i = 0; i < 1000; i++) hfhub__buf_printf(&b, "%d,", i);
    CHECK(!b.failed);
    CHECK(strncmp(b.data, "0,1,2,", 6) == 0);
    s = hfhub__buf_take(&b);
    CHECK(s != NULL);
    CHECK_INT(c.live, 1);
    hfhub__free(&a, s, strlen(s) + 1);
    hfhub__arena_init(&ar, &a);
    for (i = 0; i < 5000; i++) {
        char *p = (char *)hfhub__arena_alloc(&ar, (size_t)(i % 300) + 1);
        CHECK(p != NULL && ((uintptr_t)p & 15) == 0);
        if (p) memset(p, 0xab, (size_t)(i % 300) + 1);
    }
    CHECK(hfhub__arena_alloc(&ar, 1 << 20) != NULL);
    CHECK_STR(hfhub__arena_strdup(&ar, "hello"), "hello");
    hfhub__arena_free(&ar);
    CHECK_INT(c.live, 0);
    CHECK_INT(c.bytes, 0);
    CHECK_INT(c.bad_size, 0);
}

/* An allocator that fails after a budget: buffers report failure, never crash. */
static long budget;
static void *b_alloc(void *ctx, size_t n) { (void)ctx; return budget-- > 0 ? malloc(n) : NULL; }
static void *b_realloc(void *ctx, void *p, size_t o, size_t n) {
    (void)ctx; (void)o; return budget-- > 0 ? realloc(p, n) : NULL;
}
static void b_free(void *ctx, void *p, size_t n) { (void)ctx; (void)n; free(p); }

static void test_buf_out_of_memory(void) {
    hfhub_allocator a = {NULL, b_alloc, b_realloc, b_free};
    hfhub__buf b;
    int i;
    budget = 3;
    hfhub__buf_init(&b, &a);
    for (i = 0; i < 10000; i++) hfhub__buf_puts(&b, "0123456789");
    CHECK(b.failed);
    CHECK(hfhub__buf_take(&b) == NULL);
    CHECK(b.data == NULL);
}

static hfhub__mutex counter_lock;
static long counter;
static void add_many(void *arg) {
    int i;
    (void)arg;
    for (i = 0; i < 100000; i++) {
        hfhub__mutex_lock(&counter_lock);
        counter++;
        hfhub__mutex_unlock(&counter_lock);
    }
}

static void test_threads_and_mutex(void) {
    hfhub__thread t[4];
    int i;
    CHECK_INT(hfhub__mutex_init(&counter_lock), 0);
    for (i = 0; i < 4; i++) CHECK_INT(hfhub__thread_start(&t[i], add_many, NULL), 0);
    for (i = 0; i < 4; i++) hfhub__thread_join(&t[i]);
    CHECK_INT(counter, 400000);
    hfhub__mutex_destroy(&counter_lock);
}

static void test_clock(void) {
    int64_t t0 = hfhub__monotonic_ms(), t1;
    hfhub__sleep_ms(30);
    t1 = hfhub__monotonic_ms();
    CHECK(t1 - t0 >= 29 && t1 - t0 < 2000);
    CHECK(hfhub__unix_time() > 1700000000);
}

static int log_calls;
static char log_last[64];
static void log_fn(void *user, int level, const char *msg) {
    (void)user; (void)level;
    log_calls++;
    strncpy(log_last, msg, sizeof log_last - 1);
}

static void test_log_levels(void) {
    hfhub__logger lg = {log_fn, NULL, HFHUB_LOG_WARN};
    hfhub__log(&lg, HFHUB_LOG_DEBUG, "dropped");
    hfhub__log(&lg, HFHUB_LOG_ERROR, "kept %d", 7);
    hfhub__log(NULL, HFHUB_LOG_ERROR, "no logger");
    CHECK_INT(log_calls, 1);
    CHECK_STR(log_last, "kept 7");
}

/* The threaded digest equals the one-shot one, whatever the push sizes and ring size. */
static void test_hash_thread(void) {
    static unsigned char data[300000];
    unsigned char want[32], got[32];
    size_t i, sizes[] = {1, 7, 4096, 65536, 100003};
    uint32_t x = 12345;
    for (i = 0; i < sizeof data; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
    hfhub_sha256(data, sizeof data, want);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        hfhub__hash_thread h;
        size_t off = 0;
        hfhub__hash_thread_start(&h, NULL, i % 2 ? 4096 : 0); /* a small ring wraps often */
        while (off < sizeof data) {
            size_t k = sizeof data - off < sizes[i] ? sizeof data - off : sizes[i];
            hfhub__hash_thread_push(&h, data + off, k);
            off += k;
        }
        hfhub__hash_thread_finish(&h, got);
        CHECK(memcmp(want, got, 32) == 0);
    }
    {
        hfhub__hash_thread h;
        hfhub__hash_thread_start(&h, NULL, 0);
        hfhub__hash_thread_push(&h, data, 1000);
        hfhub__hash_thread_abort(&h); /* no digest, nothing leaked (valgrind) */
    }
}

int main(void) {
    RUN(test_result_names);
    RUN(test_error_detail);
    RUN(test_error_is_per_thread);
    RUN(test_allocator_sizes);
    RUN(test_buf_out_of_memory);
    RUN(test_threads_and_mutex);
    RUN(test_clock);
    RUN(test_log_levels);
    RUN(test_hash_thread);
    return TEST_END();
}
