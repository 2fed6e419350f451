/* fuzz_lz4.c: the LZ4 frame decoder, one-shot and streaming, on arbitrary input. Both must agree;
 * whatever decodes must survive a re-encode round trip. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

#define FUZZ_CAP (1u << 18)

typedef struct fz_sink { uint8_t *p; size_t len; } fz_sink;
static int fz_write(void *user, const void *data, size_t n) {
    fz_sink *s = (fz_sink *)user;
    if (s->len + n > FUZZ_CAP) abort(); /* the decoder must enforce max_out itself */
    memcpy(s->p + s->len, data, n);
    s->len += n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static uint8_t one[FUZZ_CAP], two[FUZZ_CAP];
    size_t len = 0, i = 0, step = size ? (size_t)data[0] % 61 + 1 : 1;
    fz_sink s = {two, 0};
    hfhub_lz4_decoder d;
    hfhub_result r1 = hfhub_lz4_frame_decompress(data, size, one, FUZZ_CAP, &len), r2 = HFHUB_OK;
    if (r1 != HFHUB_OK && r1 != HFHUB_ERR_PARSE && r1 != HFHUB_ERR_INTEGRITY && r1 != HFHUB_ERR_TOO_LARGE) abort();
    hfhub_lz4_decoder_init(&d, NULL, FUZZ_CAP, fz_write, &s);
    while (i < size && r2 == HFHUB_OK) {
        size_t k = size - i < step ? size - i : step;
        r2 = hfhub_lz4_decoder_update(&d, data + i, k);
        i += k;
    }
    if (r2 == HFHUB_OK) r2 = hfhub_lz4_decoder_finish(&d);
    hfhub_lz4_decoder_free(&d);
    if ((r1 == HFHUB_OK) != (r2 == HFHUB_OK)) abort();
    if (r1 == HFHUB_OK) {
        size_t cap = hfhub_lz4_frame_bound(len), flen = 0, blen = 0;
        uint8_t *frame = (uint8_t *)malloc(cap);
        if (s.len != len || memcmp(one, two, len) != 0) abort();
        if (!frame || hfhub_lz4_frame_compress(one, len, frame, cap, NULL, &flen) != HFHUB_OK) abort();
        if (hfhub_lz4_frame_decompress(frame, flen, two, FUZZ_CAP, &blen) != HFHUB_OK || blen != len ||
            memcmp(one, two, len) != 0)
            abort();
        free(frame);
    }
    return 0;
}
