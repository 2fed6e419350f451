/* bg4.h: BG4 byte grouping, the Xet transform that splits data into 4 byte planes.
 * out = in[0::4] ++ in[1::4] ++ in[2::4] ++ in[3::4]; with q = n / 4 and r = n % 4, plane k
 * holds q + (k < r) bytes (the first planes take the extra bytes). */

/* src and dst are n bytes and must not overlap. */
HFHUB_API void hfhub_bg4_split(const void *src, size_t n, void *dst);
/* The inverse: re-interleaves the planes. */
HFHUB_API void hfhub_bg4_join(const void *src, size_t n, void *dst);
