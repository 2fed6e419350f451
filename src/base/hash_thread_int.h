/* hash_thread_int.h: SHA-256 of a stream computed on a worker thread, so hashing overlaps the
 * network and the disk (library-internal). Bytes pushed are copied into a bounded ring; with
 * HFHUB_NO_THREADS, or when no thread can start, they are hashed inline: same digests. */

typedef struct hfhub__hash_thread {
    hfhub_sha256_ctx sha;
    const hfhub_allocator *a;
    unsigned char *ring;
    size_t cap, head, len;    /* queued bytes: ring[head .. head+len) modulo cap */
    int done, threaded;
    hfhub__mutex mu;
    hfhub__cond has_data, has_space;
    hfhub__thread th;
} hfhub__hash_thread;

/* Starts a digest (ring_size 0: 4 MiB). Never fails: without memory or a thread it hashes
 * inline. */
HFHUB__API void hfhub__hash_thread_start(hfhub__hash_thread *h, const hfhub_allocator *a, size_t ring_size);
HFHUB__API void hfhub__hash_thread_push(hfhub__hash_thread *h, const void *data, size_t n);
/* Waits for the queued bytes, writes the digest and releases everything. */
HFHUB__API void hfhub__hash_thread_finish(hfhub__hash_thread *h, unsigned char out[32]);
/* Releases everything without a digest. */
HFHUB__API void hfhub__hash_thread_abort(hfhub__hash_thread *h);
