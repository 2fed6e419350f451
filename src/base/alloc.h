/* alloc.h: the runtime allocator. */

/* A runtime allocator with a context pointer. realloc and free receive the old size, so a
 * firmware arena can work without per-block headers. Any member may be NULL only if all are:
 * a NULL allocator (or all-NULL members) means the HFHUB_MALLOC/REALLOC/FREE macros. */
typedef struct hfhub_allocator {
    void *ctx;
    void *(*alloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *p, size_t old_size, size_t new_size);
    void (*free)(void *ctx, void *p, size_t size);
} hfhub_allocator;
