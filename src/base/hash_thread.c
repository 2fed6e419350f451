/* hash_thread.c: SHA-256 of a stream on a worker thread. */
#include <string.h>

#define HFHUB__HASH_THREAD_SLICE ((size_t)256 << 10)

#ifndef HFHUB_NO_THREADS
static void hfhub__hash_thread_main(void *arg) {
    hfhub__hash_thread *h = (hfhub__hash_thread *)arg;
    for (;;) {
        size_t k;
        hfhub__mutex_lock(&h->mu);
        while (!h->len && !h->done) hfhub__cond_wait(&h->has_data, &h->mu);
        if (!h->len) { /* done and drained */
            hfhub__mutex_unlock(&h->mu);
            return;
        }
        k = h->len < h->cap - h->head ? h->len : h->cap - h->head; /* one contiguous run ... */
        if (k > HFHUB__HASH_THREAD_SLICE) k = HFHUB__HASH_THREAD_SLICE; /* ... released in slices, so the
                                                                       producer refills while we hash */
        hfhub__mutex_unlock(&h->mu);
        /* the producer never writes into queued bytes, so this run is ours until released */
        hfhub_sha256_update(&h->sha, h->ring + h->head, k);
        hfhub__mutex_lock(&h->mu);
        h->head = (h->head + k) % h->cap;
        h->len -= k;
        hfhub__cond_signal(&h->has_space);
        hfhub__mutex_unlock(&h->mu);
    }
}

#endif

void hfhub__hash_thread_start(hfhub__hash_thread *h, const hfhub_allocator *a, size_t ring_size) {
    memset(h, 0, sizeof *h);
    hfhub_sha256_init(&h->sha);
    h->a = a;
#ifndef HFHUB_NO_THREADS
    h->cap = ring_size ? ring_size : (size_t)4 << 20;
    h->ring = (unsigned char *)hfhub__alloc(a, h->cap);
    if (!h->ring) return;
    if (hfhub__mutex_init(&h->mu) == 0) {
        if (hfhub__cond_init(&h->has_data) == 0) {
            if (hfhub__cond_init(&h->has_space) == 0) {
                if (hfhub__thread_start(&h->th, hfhub__hash_thread_main, h) == 0) {
                    h->threaded = 1;
                    return;
                }
                hfhub__cond_destroy(&h->has_space);
            }
            hfhub__cond_destroy(&h->has_data);
        }
        hfhub__mutex_destroy(&h->mu);
    }
    hfhub__free(a, h->ring, h->cap);
    h->ring = NULL;
#else
    (void)ring_size;
#endif
}

void hfhub__hash_thread_push(hfhub__hash_thread *h, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    if (!h->threaded) {
        hfhub_sha256_update(&h->sha, data, n);
        return;
    }
    while (n) {
        size_t tail, k;
        hfhub__mutex_lock(&h->mu);
        while (h->len == h->cap) hfhub__cond_wait(&h->has_space, &h->mu);
        tail = (h->head + h->len) % h->cap;
        k = h->cap - h->len;                       /* free space ... */
        if (k > h->cap - tail) k = h->cap - tail;  /* ... contiguous from the tail */
        if (k > n) k = n;
        hfhub__mutex_unlock(&h->mu);
        memcpy(h->ring + tail, p, k); /* free space: the hasher does not read it */
        hfhub__mutex_lock(&h->mu);
        h->len += k;
        hfhub__cond_signal(&h->has_data);
        hfhub__mutex_unlock(&h->mu);
        p += k;
        n -= k;
    }
}

static void hfhub__hash_thread_stop(hfhub__hash_thread *h) {
    if (!h->threaded) return;
    hfhub__mutex_lock(&h->mu);
    h->done = 1;
    hfhub__cond_signal(&h->has_data);
    hfhub__mutex_unlock(&h->mu);
    hfhub__thread_join(&h->th);
    hfhub__cond_destroy(&h->has_space);
    hfhub__cond_destroy(&h->has_data);
    hfhub__mutex_destroy(&h->mu);
    hfhub__free(h->a, h->ring, h->cap);
    h->ring = NULL;
    h->threaded = 0;
}

void hfhub__hash_thread_finish(hfhub__hash_thread *h, unsigned char out[32]) {
    hfhub__hash_thread_stop(h);
    hfhub_sha256_final(&h->sha, out);
}

void hfhub__hash_thread_abort(hfhub__hash_thread *h) {
    hfhub__hash_thread_stop(h);
    hfhub_sha256_discard(&h->sha);
}

#undef HFHUB__HASH_THREAD_SLICE
