/* compress.h: the compression schemes of Xet chunk records and the policy that picks one. */

/* The scheme byte of a chunk record (values fixed by the format). */
typedef enum hfhub_xet_scheme {
    HFHUB_XET_SCHEME_NONE = 0,
    HFHUB_XET_SCHEME_LZ4 = 1,
    HFHUB_XET_SCHEME_BG4_LZ4 = 2 /* BG4 byte grouping, then an LZ4 frame */
} hfhub_xet_scheme;

/* How a writer picks schemes (xet-core's HF_XET_XORB_COMPRESSION_POLICY, plus BEST). Every
 * policy falls back to NONE for a chunk whose compressed form is not strictly smaller. */
typedef enum hfhub_xet_policy {
    HFHUB_XET_POLICY_AUTO = 0, /* xet-core: the BG4 predictor picks BG4+LZ4 or LZ4 */
    HFHUB_XET_POLICY_NONE,
    HFHUB_XET_POLICY_LZ4,
    HFHUB_XET_POLICY_BG4_LZ4,
    HFHUB_XET_POLICY_BEST      /* try LZ4 and BG4+LZ4, keep the smaller */
} hfhub_xet_policy;

/* xet-core's BG4 predictor: 1 when byte grouping is expected to help (the largest KL
 * divergence of the per-lane byte popcount histograms from their mix exceeds 0.02). */
HFHUB_API int hfhub_xet_bg4_predict(const void *data, size_t n);

/* Compresses one chunk by policy into dst (cap >= n always suffices: the output is never
 * larger than the input). *scheme receives the scheme used, *out_len the payload size. */
HFHUB_API hfhub_result hfhub_xet_compress(const hfhub_allocator *a, hfhub_xet_policy policy, const void *src,
                                          size_t n, void *dst, size_t cap, hfhub_xet_scheme *scheme,
                                          size_t *out_len);
/* Decodes a payload of the given scheme into exactly `expected` bytes at dst (cap >= expected).
 * A payload that does not decode to exactly `expected` bytes is HFHUB_ERR_PARSE. */
HFHUB_API hfhub_result hfhub_xet_decompress(const hfhub_allocator *a, hfhub_xet_scheme scheme, const void *src,
                                            size_t n, void *dst, size_t expected);
