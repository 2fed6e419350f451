/* test.h: the unit-test harness. One binary per test file; each test is a function, and
 * main() ends with TEST_END(), which prints "N passed, N failed" and sets the exit code.
 * Tests see the library internals (HFHUB_INTERNAL). */
#ifndef HFHUB_TEST_H
#define HFHUB_TEST_H

#define HFHUB_INTERNAL
#include "hfhub.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t__passed, t__failed, t__cur_failed;
static const char *t__cur_name;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "  FAIL %s:%d in %s: %s\n", __FILE__, __LINE__, t__cur_name, #cond); \
    t__cur_failed = 1; } } while (0)
#define CHECK_INT(a, b) do { long long t__a = (long long)(a), t__b = (long long)(b); \
    if (t__a != t__b) { fprintf(stderr, "  FAIL %s:%d in %s: %s == %lld, expected %lld\n", \
        __FILE__, __LINE__, t__cur_name, #a, t__a, t__b); t__cur_failed = 1; } } while (0)
#define CHECK_STR(a, b) do { const char *t__a = (a), *t__b = (b); \
    if (!t__a || !t__b || strcmp(t__a, t__b)) { fprintf(stderr, \
        "  FAIL %s:%d in %s: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
        t__cur_name, #a, t__a ? t__a : "(null)", t__b ? t__b : "(null)"); \
        t__cur_failed = 1; } } while (0)
#define CHECK_OK(expr) do { hfhub_result t__r = (expr); if (t__r != HFHUB_OK) { \
    fprintf(stderr, "  FAIL %s:%d in %s: %s -> %s (%s)\n", __FILE__, __LINE__, t__cur_name, \
        #expr, hfhub_result_str(t__r), hfhub_last_error()->message); t__cur_failed = 1; } } while (0)

#define RUN(fn) do { t__cur_name = #fn; t__cur_failed = 0; fn(); \
    if (t__cur_failed) { t__failed++; fprintf(stderr, "not ok %s\n", #fn); } \
    else { t__passed++; if (getenv("TEST_VERBOSE")) fprintf(stderr, "ok %s\n", #fn); } } while (0)

#define TEST_END() (printf("%d passed, %d failed\n", t__passed, t__failed), t__failed ? 1 : 0)

/* Folder of the shared test vectors: $HFHUB_VECTORS, else ../shared/vectors. */
static HFHUB__UNUSED const char *t_vectors_dir(void) {
    const char *v = getenv("HFHUB_VECTORS");
    return v && *v ? v : "../shared/vectors";
}

/* Reads a whole file into a malloc'd buffer (NUL-terminated); NULL on failure. */
static HFHUB__UNUSED char *t_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) return NULL;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 65536 * 2;
            nb = (char *)realloc(buf, cap);
            if (!nb) { free(buf); fclose(f); return NULL; }
            buf = nb;
        }
        {
            size_t r = fread(buf + n, 1, 65536, f);
            n += r;
            if (r == 0) break;
        }
    }
    fclose(f);
    buf[n] = 0;
    if (len) *len = n;
    return buf;
}

#endif
