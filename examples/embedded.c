/* embedded.c: hfhub on a firmware-style host.
 *
 * No filesystem, no threads, no sockets, no OS clock, no heap: the library gets a fixed
 * static arena through the runtime allocator (which receives block sizes on realloc and
 * free, so it needs no per-block headers), a tick counter for its clock, and a transport
 * callback. Here the transport serves canned Hub responses from memory (a 302 from the
 * Hub to a CDN host, then the file), standing in for a modem or a TCP/IP stack. The file
 * lands in a caller buffer through the same public API as on a desktop.
 *
 * Build on a host:   cc -std=c99 -I. examples/embedded.c -o embedded && ./embedded
 * Cross-compile:     tests/embedded_cross.sh (arm-none-eabi-gcc, Cortex-M4, newlib nano)
 * Prints what it downloaded and the arena's peak use; exits 0 on success. */
#define HFHUB_NO_STDIO 1
#define HFHUB_NO_THREADS 1
#define HFHUB_NO_SOCKETS 1
#define HFHUB_NO_CLOCK 1
/* No heap: every allocation must go through the arena given to the client. The default
 * allocator macros are replaced by ones that refuse (and count) any other request. */
static unsigned long stray_heap_calls;
#define HFHUB_MALLOC(sz) ((void)(sz), stray_heap_calls++, (void *)0)
#define HFHUB_REALLOC(p, sz) ((void)(p), (void)(sz), stray_heap_calls++, (void *)0)
#define HFHUB_FREE(p) ((void)(p))
#ifndef EMBEDDED_SEPARATE_LIBRARY /* the cross build compiles the library on its own */
#define HFHUB_IMPLEMENTATION
#endif
#include "hfhub.h"
#include <stdio.h>
#include <string.h>

/* ---- the clock: a tick counter (a SysTick handler would advance it) ---------------------- */

static int64_t ticks_ms = 1000;
int64_t hfhub__monotonic_ms(void) { return ticks_ms; }
int64_t hfhub__unix_time(void) { return 1767225600 + ticks_ms / 1000; }
void hfhub__sleep_ms(int64_t ms) { if (ms > 0) ticks_ms += ms; }

/* ---- a static arena: bump allocation, the top block can shrink, grow and be freed -------- */

#define ARENA_SIZE (48 * 1024)
static union { unsigned char bytes[ARENA_SIZE]; double align; } arena;
static size_t arena_top, arena_peak, arena_live, arena_size_errors;

static size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }

static void *arena_alloc(void *ctx, size_t n) {
    size_t need = round16(n ? n : 1);
    void *p;
    (void)ctx;
    if (need > ARENA_SIZE - arena_top) return NULL;
    p = arena.bytes + arena_top;
    arena_top += need;
    arena_live += need;
    if (arena_top > arena_peak) arena_peak = arena_top;
    return p;
}

static int is_top(void *p, size_t n) {
    return (unsigned char *)p + round16(n ? n : 1) == arena.bytes + arena_top;
}

static void arena_free(void *ctx, void *p, size_t n) {
    (void)ctx;
    if (!p) return;
    if ((unsigned char *)p < arena.bytes || (unsigned char *)p + n > arena.bytes + arena_top) {
        arena_size_errors++;
        return;
    }
    arena_live -= round16(n ? n : 1);
    if (is_top(p, n)) arena_top = (size_t)((unsigned char *)p - arena.bytes);
    if (arena_live == 0) arena_top = 0; /* everything returned: start over */
}

static void *arena_realloc(void *ctx, void *p, size_t old_n, size_t n) {
    void *q;
    if (!p) return arena_alloc(ctx, n);
    if (is_top(p, old_n)) { /* grow or shrink in place */
        size_t base = (size_t)((unsigned char *)p - arena.bytes), need = round16(n ? n : 1);
        if (need > ARENA_SIZE - base) return NULL;
        arena_live = arena_live - round16(old_n ? old_n : 1) + need;
        arena_top = base + need;
        if (arena_top > arena_peak) arena_peak = arena_top;
        return p;
    }
    q = arena_alloc(ctx, n);
    if (!q) return NULL;
    memcpy(q, p, old_n < n ? old_n : n);
    arena_free(ctx, p, old_n);
    return q;
}

/* ---- the transport: canned Hub responses ------------------------------------------------- */

static const char file_body[] =
    "{\n  \"architectures\": [\"GPT2LMHeadModel\"],\n  \"model_type\": \"gpt2\",\n  \"n_embd\": 768,\n"
    "  \"n_head\": 12,\n  \"n_layer\": 12,\n  \"vocab_size\": 50257\n}\n";

#define HUB_URL "https://huggingface.co/openai-community/gpt2/resolve/main/config.json"
#define CDN_URL "https://cdn-lfs.hf.co/repos/8f/a9/config.json?X-Amz-Signature=abc&Expires=1767229200"

typedef struct modem {
    int hub_calls, cdn_calls, other_calls;
    int hub_had_token, cdn_had_token;
} modem;

static const char *find_header(const hfhub_http_request *req, const char *name) {
    size_t i, j;
    for (i = 0; i < req->n_headers; i++) {
        const char *a = req->headers[i].name;
        for (j = 0; a[j] && name[j] && (a[j] | 32) == (name[j] | 32); j++) {}
        if (!a[j] && !name[j]) return req->headers[i].value;
    }
    return NULL;
}

static hfhub_result modem_perform(void *ctx, const hfhub_http_request *req, const hfhub_http_sink *sink) {
    modem *m = (modem *)ctx;
    const char *auth = find_header(req, "Authorization");
    char size[24];
    size_t off;
    sprintf(size, "%u", (unsigned)(sizeof file_body - 1));
    if (sink->on_status == NULL || sink->on_header == NULL || sink->on_body == NULL) return HFHUB_ERR_INVALID_ARG;
    if (!strcmp(req->url, HUB_URL)) {
        m->hub_calls++;
        m->hub_had_token = auth && !strcmp(auth, "Bearer hf_embedded_demo");
        if (sink->on_status(sink->user, 302) || sink->on_header(sink->user, "Location", CDN_URL) ||
            sink->on_header(sink->user, "X-Repo-Commit", "607a30d783dfa663caf39e06633721c8d4cfcd7e") ||
            sink->on_header(sink->user, "X-Linked-Size", size) || sink->on_header(sink->user, "Content-Length", "0"))
            return HFHUB_ERR_CANCELLED;
        return HFHUB_OK;
    }
    if (!strcmp(req->url, CDN_URL)) {
        m->cdn_calls++;
        m->cdn_had_token = auth != NULL;
        if (auth) { /* like a presigned URL: credentials are refused */
            if (sink->on_status(sink->user, 400)) return HFHUB_ERR_CANCELLED;
            return HFHUB_OK;
        }
        if (sink->on_status(sink->user, 200) || sink->on_header(sink->user, "Content-Type", "application/json") ||
            sink->on_header(sink->user, "Content-Length", size))
            return HFHUB_ERR_CANCELLED;
        /* deliver the body in small pieces, as a radio link would */
        for (off = 0; off < sizeof file_body - 1; off += 40) {
            size_t n = sizeof file_body - 1 - off < 40 ? sizeof file_body - 1 - off : 40;
            if (sink->on_body(sink->user, file_body + off, n)) return HFHUB_ERR_CANCELLED;
        }
        return HFHUB_OK;
    }
    m->other_calls++;
    if (sink->on_status(sink->user, 404)) return HFHUB_ERR_CANCELLED;
    return HFHUB_OK;
}

/* ---- the application --------------------------------------------------------------------- */

int main(void) {
    static char buf[1024];
    hfhub_allocator alloc;
    hfhub_transport transport;
    hfhub_config cfg;
    hfhub_client *client = NULL;
    modem m;
    size_t len = 0;
    hfhub_result r;

    memset(&m, 0, sizeof m);
    alloc.ctx = NULL;
    alloc.alloc = arena_alloc;
    alloc.realloc = arena_realloc;
    alloc.free = arena_free;
    transport.ctx = &m;
    transport.perform = modem_perform;
    transport.destroy = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.allocator = &alloc;
    cfg.transport = &transport;
    cfg.token = "hf_embedded_demo";
    cfg.endpoint = "https://huggingface.co";

    r = hfhub_client_new(&cfg, &client);
    if (r == HFHUB_OK) r = hfhub_download_to_buffer(client, "openai-community/gpt2", "config.json", NULL, buf, sizeof buf - 1, &len);
    if (r != HFHUB_OK) {
        printf("download failed: %s: %s\n", hfhub_result_str(r), hfhub_last_error()->message);
        hfhub_client_free(client);
        return 1;
    }
    buf[len] = 0;
    printf("downloaded %u bytes of config.json:\n%s", (unsigned)len, buf);
    printf("requests: hub %d, cdn %d, other %d\n", m.hub_calls, m.cdn_calls, m.other_calls);
    printf("token sent to the hub: %s; to the cdn: %s\n", m.hub_had_token ? "yes" : "no", m.cdn_had_token ? "yes" : "no");
    hfhub_client_free(client);
    printf("arena peak: %u of %u bytes; in use after free: %u; size errors: %u; heap calls: %lu\n",
           (unsigned)arena_peak, (unsigned)ARENA_SIZE, (unsigned)arena_live, (unsigned)arena_size_errors, stray_heap_calls);
    return (len == sizeof file_body - 1 && !memcmp(buf, file_body, len) && m.hub_had_token && !m.cdn_had_token &&
            arena_live == 0 && arena_size_errors == 0 && stray_heap_calls == 0)
               ? 0
               : 1;
}
