/* chunk_cache_int.h: the optional on-disk cache of fetched xorb ranges (library-internal).
 * Off unless HF_XET_CHUNK_CACHE_SIZE_BYTES is a positive size (hf_xet's default is 0 too);
 * then ranges live under {HF_XET_CACHE}/chunk-cache-hfhub/{xorb hex}/{start}-{end} (the chunk
 * records as the CAS sent them, then a trailer with their length and BLAKE3), so a later
 * download needing chunks [a, b) of a xorb reads any cached range that holds them instead of
 * the network. Entries are checked before use (a damaged one is removed and fetched again) and
 * the oldest are evicted to stay under the size. Our own folder: hf_xet's "chunk-cache"
 * layout differs, and neither touches the other's. */

#ifndef HFHUB_NO_STDIO
/* A cached range opened for chunks [a, b): f is positioned at their first record, len bytes. */
typedef struct hfhub__xcc_hit {
    FILE *f;
    uint64_t len;
} hfhub__xcc_hit;

/* 1 with *hit filled when a checked entry of the xorb holds chunks [start, end); 0 otherwise. */
HFHUB__API int hfhub__xcc_open(hfhub_client *c, const uint8_t xorb[32], uint32_t start, uint32_t end,
                               hfhub__xcc_hit *hit);
HFHUB__API void hfhub__xcc_close(hfhub__xcc_hit *hit);

/* A range being stored as it arrives (into a temporary file, renamed in place at the end). */
typedef struct hfhub__xcc_put {
    FILE *f;
    char *tmp;
    hfhub__buf final;
    hfhub_blake3_hasher h;
    uint64_t len, cap;
} hfhub__xcc_put;

/* Starts storing chunks [start, end) of a xorb (expected bytes long); 0 when the cache is off
 * or the range cannot be stored (then the other calls do nothing). */
HFHUB__API int hfhub__xcc_put_begin(hfhub_client *c, const uint8_t xorb[32], uint32_t start, uint32_t end,
                                    uint64_t expected, hfhub__xcc_put *p);
/* The answer restarted (a retry): drop what was stored. */
HFHUB__API void hfhub__xcc_put_reset(hfhub__xcc_put *p);
HFHUB__API void hfhub__xcc_put_data(hfhub__xcc_put *p, const void *data, size_t n);
/* keep: the answer was complete and decoded well; the entry is published (1 returned).
 * Otherwise the temporary file is removed. */
HFHUB__API int hfhub__xcc_put_end(hfhub_client *c, hfhub__xcc_put *p, int keep);
/* Removes the oldest entries until the cache holds at most its size (after a run stored
 * some: one thread at a time per run; runs in parallel only race to remove the same files). */
HFHUB__API void hfhub__xcc_trim(hfhub_client *c);
#endif
