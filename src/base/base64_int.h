/* base64_int.h: base64 (RFC 4648 §4) and its URL-safe alphabet (§5) (library-internal). */

enum {
    HFHUB__B64_URL = 1,  /* '-' and '_' instead of '+' and '/' */
    HFHUB__B64_NOPAD = 2 /* encode without '=', decode requires its absence */
};

/* Characters hfhub__base64_encode writes for n bytes, excluding the NUL. */
HFHUB__API size_t hfhub__base64_encoded_len(size_t n, int flags);
/* Writes the encoding of data[0..n) and a NUL to out (hfhub__base64_encoded_len + 1 bytes). */
HFHUB__API void hfhub__base64_encode(const void *data, size_t n, char *out, int flags);
/* Strict decode of s[0..n) into out (capacity cap; 3 * (n / 4) + 2 bytes always suffice):
 * characters outside the alphabet, whitespace, misplaced or missing '=' (a length that is not a
 * multiple of 4 unless NOPAD) give HFHUB_ERR_PARSE; a too small out gives HFHUB_ERR_TOO_LARGE. */
HFHUB__API hfhub_result hfhub__base64_decode(const char *s, size_t n, void *out, size_t cap,
                                              size_t *out_len, int flags);
