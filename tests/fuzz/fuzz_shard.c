/* fuzz_shard.c: the shard parser on arbitrary input; anything it accepts must re-serialize to
 * a shard it accepts again, with the same contents. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

typedef struct fz_buf { uint8_t *p; size_t len, cap; } fz_buf;
static int fz_write(void *user, const void *data, size_t n) {
    fz_buf *b = (fz_buf *)user;
    if (b->len + n > b->cap) abort(); /* hfhub_shard_size promised the size */
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hfhub_shard *s = NULL, *t = NULL;
    hfhub_shard_write_opts o;
    fz_buf b;
    uint32_t i, j;
    hfhub_result r = hfhub_shard_parse(NULL, data, size, &s);
    if (r != HFHUB_OK) {
        if ((r != HFHUB_ERR_PARSE && r != HFHUB_ERR_TOO_LARGE) || s) abort();
        return 0;
    }
    for (i = 0; i < s->num_xorbs; i++)
        for (j = 0; j < s->xorbs[i].num_chunks; j++)
            if (!hfhub_shard_find_chunk(s, s->xorbs[i].chunks[j].hash)) abort();
    memset(&o, 0, sizeof o);
    o.with_footer = s->has_footer;
    memcpy(o.hmac_key, s->hmac_key, 32);
    b.cap = (size_t)hfhub_shard_size(s->files, s->num_files, s->xorbs, s->num_xorbs, o.with_footer);
    b.p = (uint8_t *)malloc(b.cap ? b.cap : 1);
    b.len = 0;
    if (hfhub_shard_write(NULL, s->files, s->num_files, s->xorbs, s->num_xorbs, &o, fz_write, &b) != HFHUB_OK ||
        b.len != b.cap)
        abort();
    if (hfhub_shard_parse(NULL, b.p, b.len, &t) != HFHUB_OK) abort();
    if (t->num_files != s->num_files || t->num_xorbs != s->num_xorbs || t->num_chunks != s->num_chunks) abort();
    hfhub_shard_free(t);
    hfhub_shard_free(s);
    free(b.p);
    return 0;
}
