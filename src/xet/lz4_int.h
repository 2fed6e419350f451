/* lz4_int.h: LZ4 blocks (library-internal). */

/* The block compressor's hash table: 8192 16-bit positions for inputs up to 64 KiB (as liblz4
 * does), else 4096 32-bit ones. */
typedef union hfhub__lz4_table {
    uint16_t u16[8192];
    uint32_t u32[4096];
} hfhub__lz4_table;
/* Compresses src[0..n) into one LZ4 block of at most cap bytes using table (any contents).
 * Returns the block size, or 0 when it would not fit in cap. */
HFHUB__API size_t hfhub__lz4_block_compress(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                            hfhub__lz4_table *table);
/* Decodes one LZ4 block src[0..n) to dst[pos..cap); matches may reach back to dst[low].
 * Returns 0 with *end = the new position, 1 when the block is malformed, 2 when the output
 * would pass cap. */
HFHUB__API int hfhub__lz4_block_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t low,
                                       size_t pos, size_t cap, size_t *end);
