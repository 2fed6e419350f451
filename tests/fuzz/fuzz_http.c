/* fuzz_http.c: the HTTP/1.1 response parser. The first input byte picks the request flags
 * and a split pattern; the rest is the response. It is parsed whole and again in slices:
 * both must agree (result, status, headers, body), since a response split at any byte
 * boundary parses identically. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

typedef struct fz_rec { int status; uint64_t hsum, bsum, blen; } fz_rec;

static uint64_t fz_mix(uint64_t h, const void *d, size_t n) {
    const unsigned char *p = (const unsigned char *)d;
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}
static int fz_status(void *u, int s) { ((fz_rec *)u)->status = s; return 0; }
static int fz_header(void *u, const char *n, const char *v) {
    fz_rec *r = (fz_rec *)u;
    r->hsum = fz_mix(fz_mix(r->hsum, n, strlen(n) + 1), v, strlen(v) + 1);
    return 0;
}
static int fz_body(void *u, const void *d, size_t n) {
    fz_rec *r = (fz_rec *)u;
    r->bsum = fz_mix(r->bsum, d, n);
    r->blen += n;
    return 0;
}

/* split 0: whole; otherwise slices of lengths drawn from a tiny generator seeded by split. */
static hfhub_result fz_parse(const uint8_t *d, size_t n, int flags, unsigned split, fz_rec *r, int *ka) {
    hfhub_http_sink sink;
    hfhub__http_parser p;
    hfhub_result res = HFHUB_OK;
    size_t off = 0, used;
    unsigned st = split;
    memset(r, 0, sizeof *r);
    sink.user = r;
    sink.on_status = fz_status;
    sink.on_header = fz_header;
    sink.on_body = fz_body;
    hfhub__http_parser_init(&p, flags, &sink, NULL);
    while (off < n && res == HFHUB_OK && !hfhub__http_parser_done(&p)) {
        size_t k = n - off;
        if (split) {
            st = st * 1103515245u + 12345u;
            k = 1 + (st >> 16) % (split & 1 ? 3 : 64);
            if (k > n - off) k = n - off;
        }
        res = hfhub__http_parser_feed(&p, d + off, k, &used);
        if (used > k) abort();
        off += used;
    }
    if (res == HFHUB_OK && !hfhub__http_parser_done(&p)) res = hfhub__http_parser_eof(&p);
    *ka = p.keep_alive;
    hfhub__http_parser_free(&p);
    return res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_rec a, b;
    int ka_a, ka_b, flags;
    hfhub_result ra, rb;
    if (size < 1) return 0;
    flags = data[0] & 3;
    ra = fz_parse(data + 1, size - 1, flags, 0, &a, &ka_a);
    rb = fz_parse(data + 1, size - 1, flags, 1u + (data[0] >> 2), &b, &ka_b);
    if (ra != rb || a.status != b.status || a.hsum != b.hsum) abort();
    if (ra == HFHUB_OK && (a.bsum != b.bsum || a.blen != b.blen || ka_a != ka_b)) abort();
    return 0;
}
