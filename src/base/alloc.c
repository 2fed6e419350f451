/* alloc.c: allocation helpers, growable buffers and arenas. */
#include <stdio.h>
#include <string.h>

static int hfhub__alloc_is_custom(const hfhub_allocator *a) {
    return a && a->alloc && a->realloc && a->free;
}

void *hfhub__alloc(const hfhub_allocator *a, size_t n) {
    if (n == 0) n = 1;
    return hfhub__alloc_is_custom(a) ? a->alloc(a->ctx, n) : HFHUB_MALLOC(n);
}

void *hfhub__realloc(const hfhub_allocator *a, void *p, size_t old_n, size_t new_n) {
    if (new_n == 0) new_n = 1;
    if (!p) return hfhub__alloc(a, new_n);
    if (hfhub__alloc_is_custom(a)) return a->realloc(a->ctx, p, old_n ? old_n : 1, new_n);
    return HFHUB_REALLOC(p, new_n);
}

void hfhub__free(const hfhub_allocator *a, void *p, size_t n) {
    if (!p) return;
    if (hfhub__alloc_is_custom(a)) a->free(a->ctx, p, n ? n : 1);
    else HFHUB_FREE(p);
}

char *hfhub__strndup(const hfhub_allocator *a, const char *s, size_t n) {
    char *d;
    if (!s) return NULL;
    d = (char *)hfhub__alloc(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *hfhub__strdup(const hfhub_allocator *a, const char *s) {
    return s ? hfhub__strndup(a, s, strlen(s)) : NULL;
}

/* ---- growable buffer ---- */

void hfhub__buf_init(hfhub__buf *b, const hfhub_allocator *a) {
    memset(b, 0, sizeof *b);
    b->a = a;
}

int hfhub__buf_reserve(hfhub__buf *b, size_t extra) {
    size_t need, cap;
    char *p;
    if (b->failed) return -1;
    if (extra > (size_t)-1 - b->len - 1) { b->failed = 1; return -1; }
    need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    p = (char *)hfhub__realloc(b->a, b->data, b->cap, cap);
    if (!p) { b->failed = 1; return -1; }
    b->data = p;
    b->cap = cap;
    return 0;
}

void hfhub__buf_append(hfhub__buf *b, const void *p, size_t n) {
    if (hfhub__buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void hfhub__buf_puts(hfhub__buf *b, const char *s) { hfhub__buf_append(b, s, strlen(s)); }

void hfhub__buf_putc(hfhub__buf *b, char c) { hfhub__buf_append(b, &c, 1); }

void hfhub__buf_printf(hfhub__buf *b, const char *fmt, ...) {
    va_list ap;
    int n;
    char small[256];
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) { b->failed = 1; return; }
    if ((size_t)n < sizeof small) { hfhub__buf_append(b, small, (size_t)n); return; }
    if (hfhub__buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void hfhub__buf_reset(hfhub__buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

void hfhub__buf_free(hfhub__buf *b) {
    hfhub__free(b->a, b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

char *hfhub__buf_take(hfhub__buf *b) {
    char *s;
    if (b->failed || (!b->data && hfhub__buf_reserve(b, 0))) { hfhub__buf_free(b); return NULL; }
    s = b->data;
    if (b->cap != b->len + 1) { /* exact size, so the caller frees strlen + 1 bytes */
        s = (char *)hfhub__realloc(b->a, b->data, b->cap, b->len + 1);
        if (!s) { hfhub__buf_free(b); return NULL; }
    }
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

/* ---- arena ---- */

struct hfhub__arena_block {
    hfhub__arena_block *next;
    size_t size, used; /* size of data[] */
};

#define HFHUB__ARENA_HDR ((sizeof(hfhub__arena_block) + 15) & ~(size_t)15)

void hfhub__arena_init(hfhub__arena *ar, const hfhub_allocator *a) {
    ar->a = a;
    ar->head = NULL;
    ar->next_size = 4096;
}

void *hfhub__arena_alloc(hfhub__arena *ar, size_t n) {
    hfhub__arena_block *blk = ar->head;
    char *p;
    n = (n + 15) & ~(size_t)15;
    if (n == 0) n = 16;
    if (!blk || blk->size - blk->used < n) {
        size_t size = ar->next_size;
        if (n > size / 4) size = n; /* a big allocation gets a block of its own */
        else if (ar->next_size < (size_t)1 << 20) ar->next_size *= 2;
        if (size > (size_t)-1 - HFHUB__ARENA_HDR) return NULL;
        blk = (hfhub__arena_block *)hfhub__alloc(ar->a, HFHUB__ARENA_HDR + size);
        if (!blk) return NULL;
        blk->size = size;
        blk->used = 0;
        if (size == n && ar->head) { /* keep the current block for small allocations */
            blk->next = ar->head->next;
            ar->head->next = blk;
        } else {
            blk->next = ar->head;
            ar->head = blk;
        }
    }
    p = (char *)blk + HFHUB__ARENA_HDR + blk->used;
    blk->used += n;
    return p;
}

char *hfhub__arena_strndup(hfhub__arena *ar, const char *s, size_t n) {
    char *d = (char *)hfhub__arena_alloc(ar, n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *hfhub__arena_strdup(hfhub__arena *ar, const char *s) {
    return hfhub__arena_strndup(ar, s, strlen(s));
}

void hfhub__arena_free(hfhub__arena *ar) {
    hfhub__arena_block *b = ar->head;
    while (b) {
        hfhub__arena_block *next = b->next;
        hfhub__free(ar->a, b, HFHUB__ARENA_HDR + b->size);
        b = next;
    }
    ar->head = NULL;
}
