/* alloc_int.h: allocation helpers, growable buffers and arenas (library-internal). */

/* All take the allocator by pointer; NULL means the macros. Sizes are exact: free and
 * realloc must be given the size the block was allocated with. */
HFHUB__API void *hfhub__alloc(const hfhub_allocator *a, size_t n);
HFHUB__API void *hfhub__realloc(const hfhub_allocator *a, void *p, size_t old_n, size_t new_n);
HFHUB__API void hfhub__free(const hfhub_allocator *a, void *p, size_t n);
/* Copies of strings; free with hfhub__free(a, s, strlen(s) + 1). NULL in gives NULL out. */
HFHUB__API char *hfhub__strdup(const hfhub_allocator *a, const char *s);
HFHUB__API char *hfhub__strndup(const hfhub_allocator *a, const char *s, size_t n);

/* A growable byte buffer, always NUL-terminated when data != NULL. A failed growth sets
 * `failed` and later appends do nothing, so a sequence of appends is checked once at the end. */
typedef struct hfhub__buf {
    char *data;
    size_t len, cap;
    const hfhub_allocator *a;
    int failed;
} hfhub__buf;

HFHUB__API void hfhub__buf_init(hfhub__buf *b, const hfhub_allocator *a);
HFHUB__API int hfhub__buf_reserve(hfhub__buf *b, size_t extra); /* 0 ok, -1 no memory */
HFHUB__API void hfhub__buf_append(hfhub__buf *b, const void *p, size_t n);
HFHUB__API void hfhub__buf_puts(hfhub__buf *b, const char *s);
HFHUB__API void hfhub__buf_putc(hfhub__buf *b, char c);
HFHUB__API void hfhub__buf_printf(hfhub__buf *b, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
HFHUB__API void hfhub__buf_reset(hfhub__buf *b);  /* len = 0, keeps the memory */
HFHUB__API void hfhub__buf_free(hfhub__buf *b);
/* Hands the bytes to the caller as a string of exactly len+1 allocated bytes (shrinks the
 * block), leaving the buffer empty. Returns NULL if the buffer failed. */
HFHUB__API char *hfhub__buf_take(hfhub__buf *b);

/* An arena: many small allocations released together. Blocks grow geometrically; an
 * allocation larger than a block gets its own. Memory is 16-byte aligned. */
typedef struct hfhub__arena_block hfhub__arena_block;
typedef struct hfhub__arena {
    const hfhub_allocator *a;
    hfhub__arena_block *head;
    size_t next_size;
} hfhub__arena;

HFHUB__API void hfhub__arena_init(hfhub__arena *ar, const hfhub_allocator *a);
HFHUB__API void *hfhub__arena_alloc(hfhub__arena *ar, size_t n);          /* NULL: no memory */
HFHUB__API char *hfhub__arena_strndup(hfhub__arena *ar, const char *s, size_t n);
HFHUB__API char *hfhub__arena_strdup(hfhub__arena *ar, const char *s);
HFHUB__API void hfhub__arena_free(hfhub__arena *ar);
