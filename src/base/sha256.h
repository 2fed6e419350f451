/* sha256.h: SHA-256 (FIPS 180-4), streaming and one-shot.
 *
 * Implementations, chosen at init: OpenSSL's EVP when the library is built with
 * HFHUB_TLS_OPENSSL, else the x86 SHA extensions or the ARMv8 SHA2 instructions when the CPU
 * has them (checked at run time), else C with an AVX2 message schedule on x86 CPUs with AVX2,
 * else portable C. All give the same digests. */

typedef enum hfhub_sha256_impl {
    HFHUB_SHA256_AUTO = 0,     /* the fastest available, in the order above */
    HFHUB_SHA256_PORTABLE = 1, /* plain C, always available */
    HFHUB_SHA256_SHANI = 2,    /* x86 SHA extensions (gcc/clang on x86) */
    HFHUB_SHA256_ARMV8 = 3,    /* ARMv8 SHA2 instructions (gcc/clang on aarch64 Linux) */
    HFHUB_SHA256_OPENSSL = 4,  /* OpenSSL EVP (HFHUB_TLS_OPENSSL builds) */
    HFHUB_SHA256_AVX2 = 5      /* C with an AVX2 message schedule (gcc/clang on x86) */
} hfhub_sha256_impl;

/* A streaming context. Do not copy one mid-stream (the OpenSSL implementation keeps its state
 * outside the struct); a context that is not finished must be discarded. */
typedef struct hfhub_sha256_ctx {
    uint32_t state[8];
    uint64_t total;          /* bytes hashed so far */
    unsigned char block[64]; /* a partial block */
    size_t block_len;
    hfhub_sha256_impl impl;  /* in use; never AUTO after init */
    void *evp;               /* OpenSSL's context for HFHUB_SHA256_OPENSSL */
} hfhub_sha256_ctx;

/* Starts a digest with the fastest implementation. Never fails. */
HFHUB_API void hfhub_sha256_init(hfhub_sha256_ctx *c);
/* Starts a digest with a given implementation (tests, benchmarks); HFHUB_ERR_UNSUPPORTED when
 * it is not compiled in or the CPU lacks it. */
HFHUB_API hfhub_result hfhub_sha256_init_impl(hfhub_sha256_ctx *c, hfhub_sha256_impl impl);
HFHUB_API void hfhub_sha256_update(hfhub_sha256_ctx *c, const void *data, size_t n);
/* Writes the 32-byte digest and releases the context (init again to reuse it). */
HFHUB_API void hfhub_sha256_final(hfhub_sha256_ctx *c, unsigned char out[32]);
/* Releases a context without producing a digest (an abandoned stream). Harmless on a
 * context already finished or discarded, so error paths may call it unconditionally. */
HFHUB_API void hfhub_sha256_discard(hfhub_sha256_ctx *c);
/* One shot: the digest of data[0..n). */
HFHUB_API void hfhub_sha256(const void *data, size_t n, unsigned char out[32]);

/* Nonzero when impl can be used here (AUTO always can); best: what AUTO picks. */
HFHUB_API int hfhub_sha256_available(hfhub_sha256_impl impl);
HFHUB_API hfhub_sha256_impl hfhub_sha256_best(void);
/* "portable", "sha-ni", "armv8", "openssl", "avx2" ("auto" for AUTO, "?" otherwise). */
HFHUB_API const char *hfhub_sha256_impl_name(hfhub_sha256_impl impl);
