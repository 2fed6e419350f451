/* fuzz_sse.c: the text/event-stream reader. The first input byte picks a split pattern and
 * a size limit; the stream is read whole and again in slices, and both must give the same
 * events and result (a stream split at any byte boundary reads identically). */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

typedef struct fz_sse { uint64_t h; size_t n; } fz_sse;

static uint64_t fz_sse_mix(uint64_t h, const void *d, size_t n) {
    const unsigned char *p = (const unsigned char *)d;
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static int fz_sse_event(void *u, const hfhub__sse_event *ev) {
    fz_sse *s = (fz_sse *)u;
    s->h = fz_sse_mix(s->h, ev->event, strlen(ev->event) + 1);
    s->h = fz_sse_mix(s->h, ev->data, ev->data_len);
    s->h = fz_sse_mix(s->h, ev->id, strlen(ev->id) + 1);
    s->h = fz_sse_mix(s->h, &ev->retry_ms, sizeof ev->retry_ms);
    if (ev->data[ev->data_len] != 0) abort();
    s->n++;
    return 0;
}

static hfhub_result fz_sse_run(const uint8_t *d, size_t n, unsigned split, size_t max, fz_sse *out) {
    hfhub__sse s;
    hfhub_result r = HFHUB_OK;
    size_t off = 0;
    unsigned st = split;
    memset(out, 0, sizeof *out);
    hfhub__sse_init(&s, NULL, max, fz_sse_event, out);
    while (off < n && !r) {
        size_t k = n - off;
        if (split) {
            st = st * 1103515245u + 12345u;
            k = 1 + (st >> 16) % 7;
            if (k > n - off) k = n - off;
        }
        r = hfhub__sse_feed(&s, d + off, k);
        off += k;
    }
    if (!r) r = hfhub__sse_finish(&s);
    hfhub__sse_free(&s);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_sse a, b;
    hfhub_result ra, rb;
    size_t max;
    if (size < 1) return 0;
    max = (data[0] & 3) == 0 ? 16 : 0;
    ra = fz_sse_run(data + 1, size - 1, 0, max, &a);
    rb = fz_sse_run(data + 1, size - 1, data[0] | 1u, max, &b);
    if (ra != rb || a.h != b.h || a.n != b.n) abort();
    return 0;
}
