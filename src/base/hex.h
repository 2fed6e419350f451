/* hex.h: lower-case hexadecimal encoding of bytes (digests, ETags). */

/* Writes 2*n lower-case hex digits and a NUL to out (capacity >= 2*n + 1). */
HFHUB_API void hfhub_hex_encode(const void *data, size_t n, char *out);

/* Decodes exactly 2*out_len hex digits (either case) from hex[0..hex_len) into out.
 * HFHUB_ERR_PARSE on an odd length, a length other than 2*out_len, or a non-hex digit. */
HFHUB_API hfhub_result hfhub_hex_decode(const char *hex, size_t hex_len, void *out, size_t out_len);
