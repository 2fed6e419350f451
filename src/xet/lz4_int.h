/* lz4_int.h: LZ4 blocks (library-internal). */

/* Entries of the block compressor's hash table (a table of uint32_t). */
#define HFHUB__LZ4_TABLE_SIZE 4096
/* Compresses src[0..n) into one LZ4 block of at most cap bytes using table (any contents).
 * Returns the block size, or 0 when it would not fit in cap. */
HFHUB__API size_t hfhub__lz4_block_compress(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                            uint32_t *table);
/* Decodes one LZ4 block src[0..n) to dst[pos..cap); matches may reach back to dst[low].
 * Returns 0 with *end = the new position, 1 when the block is malformed, 2 when the output
 * would pass cap. */
HFHUB__API int hfhub__lz4_block_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t low,
                                       size_t pos, size_t cap, size_t *end);
