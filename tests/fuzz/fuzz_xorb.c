/* fuzz_xorb.c: the xorb parser (records and footer) and chunk extraction on arbitrary input. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>

static int fz_discard(void *user, const void *data, size_t n) {
    (void)data;
    *(size_t *)user += n;
    return 0;
}

static int fz_ok(hfhub_result r) {
    return r == HFHUB_OK || r == HFHUB_ERR_PARSE || r == HFHUB_ERR_INTEGRITY || r == HFHUB_ERR_TOO_LARGE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hfhub_xorb_footer f;
    int has = 0;
    uint32_t n = 0, i;
    size_t out = 0;
    hfhub_result r = hfhub_xorb_parse(data, size, &f, &has, &n);
    if (!fz_ok(r)) abort();
    if (r != HFHUB_OK) return 0;
    r = hfhub_xorb_extract(NULL, data, size, 0, 0, n, (uint64_t)n * HFHUB_XORB_MAX_CHUNK, fz_discard, &out);
    if (!fz_ok(r)) abort();
    if (has) {
        if (f.num_chunks != n || f.records_len > size) abort();
        for (i = 0; i < n; i++) {
            uint64_t a, b;
            uint32_t x, y;
            if (hfhub_xorb_chunks_to_bytes(&f, i, i + 1, &a, &b) != HFHUB_OK || b > f.records_len) abort();
            if (hfhub_xorb_bytes_to_chunks(&f, a, b, &x, &y) != HFHUB_OK || x != i || y != i + 1) abort();
        }
        if (r == HFHUB_OK && out != (n ? hfhub_xorb_footer_unpacked_end(&f, n - 1) : 0)) abort();
    }
    return 0;
}
