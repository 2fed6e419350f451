/* fuzz_chat_stream.c: the chat stream decoder and tool-call accumulator (SSE framing, chunk
 * JSON, in-band errors, [DONE]). The first byte picks a slice pattern; the stream is fed
 * whole and in slices: both must give the same result, the same delivered content, and an
 * accumulated answer whose content is exactly what the callback saw. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

typedef struct fz_chat {
    hfhub__buf text;
    size_t deltas;
} fz_chat;

static int fz_chat_delta(void *u, const hfhub_chat_delta *d) {
    fz_chat *c = (fz_chat *)u;
    size_t i;
    c->deltas++;
    if (d->content) hfhub__buf_append(&c->text, d->content, d->content_len);
    for (i = 0; i < d->n_tool_calls; i++)
        if (d->tool_calls[i].arguments) (void)strlen(d->tool_calls[i].arguments);
    return 0;
}

static hfhub_result fz_chat_run(const uint8_t *d, size_t n, unsigned split, fz_chat *c, hfhub__buf *acc) {
    hfhub_chat_stream *s = NULL;
    hfhub_chat_completion *out = NULL;
    hfhub_result r = HFHUB_OK, f;
    size_t off = 0, i, j;
    unsigned st = split;
    memset(c, 0, sizeof *c);
    hfhub__buf_init(&c->text, NULL);
    hfhub__buf_init(acc, NULL);
    if (hfhub_chat_stream_new(NULL, fz_chat_delta, c, &s)) abort();
    while (off < n && !r) {
        size_t k = n - off;
        if (split) {
            st = st * 1103515245u + 12345u;
            k = 1 + (st >> 16) % (split < 8 ? split : 64);
            if (k > n - off) k = n - off;
        }
        r = hfhub_chat_stream_feed(s, d + off, k);
        off += k;
    }
    f = hfhub_chat_stream_finish(s, &out);
    if (!r) r = f;
    if (out) {
        for (i = 0; i < out->n_choices; i++) {
            const hfhub_chat_message *m = &out->choices[i].message;
            if (m->content) hfhub__buf_puts(acc, m->content);
            for (j = 0; j < m->n_tool_calls; j++)
                if (!m->tool_calls[j].id || !m->tool_calls[j].arguments || !m->tool_calls[j].name) abort();
        }
    }
    hfhub_chat_completion_free(NULL, out);
    hfhub_chat_stream_free(s);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_chat a, b;
    hfhub__buf acc_a, acc_b;
    hfhub_result ra, rb;
    unsigned split;
    if (!size) return 0;
    split = data[0] % 9 + 1;
    ra = fz_chat_run(data + 1, size - 1, 0, &a, &acc_a);
    rb = fz_chat_run(data + 1, size - 1, split, &b, &acc_b);
    if (ra != rb || a.deltas != b.deltas || a.text.len != b.text.len ||
        (a.text.len && memcmp(a.text.data, b.text.data, a.text.len)))
        abort();
    /* one choice: the accumulated content is what was delivered */
    if (acc_a.len > a.text.len) abort();
    hfhub__buf_free(&a.text);
    hfhub__buf_free(&b.text);
    hfhub__buf_free(&acc_a);
    hfhub__buf_free(&acc_b);
    return 0;
}
