/* blake3.h: BLAKE3 (hash, keyed hash, derive-key, extendable output), streaming and one-shot.
 *
 * Portable C plus SIMD paths chosen at run time from the CPU: SSE4.1, AVX2 and AVX-512 on
 * x86-64 (GCC/clang), NEON on arm64. Define HFHUB_BLAKE3_NO_SIMD to build the portable path
 * only. Large updates are hashed many 1 KiB chunks at a time (one chunk per SIMD lane), so
 * feed big buffers (64 KiB or more) for full speed. A hasher is a plain struct (about 1.9 KB,
 * no allocation); it may be copied to fork a hash state. */

#define HFHUB_BLAKE3_OUT_LEN 32
#define HFHUB_BLAKE3_KEY_LEN 32
#define HFHUB_BLAKE3_BLOCK_LEN 64
#define HFHUB_BLAKE3_CHUNK_LEN 1024
#define HFHUB_BLAKE3_MAX_DEPTH 54

typedef struct hfhub_blake3_hasher {
    uint32_t key[8];          /* IV or the key words; also the derive-key context key */
    uint32_t cv[8];           /* chaining value of the chunk being filled */
    uint64_t chunk_counter;   /* index of the chunk being filled */
    uint8_t buf[HFHUB_BLAKE3_BLOCK_LEN];
    uint8_t buf_len;
    uint8_t blocks_compressed;
    uint8_t flags;            /* mode flags: 0, keyed or derive-key material */
    uint8_t cv_stack_len;
    uint8_t cv_stack[(HFHUB_BLAKE3_MAX_DEPTH + 1) * HFHUB_BLAKE3_OUT_LEN];
} hfhub_blake3_hasher;

/* Plain hash. */
HFHUB_API void hfhub_blake3_init(hfhub_blake3_hasher *h);
/* Keyed hash (a MAC) with a 32-byte key. */
HFHUB_API void hfhub_blake3_init_keyed(hfhub_blake3_hasher *h, const uint8_t key[32]);
/* Key derivation: the context is a hard-coded, globally unique, application-specific string;
 * the key material is then fed with hfhub_blake3_update. */
HFHUB_API void hfhub_blake3_init_derive_key(hfhub_blake3_hasher *h, const char *context);
HFHUB_API void hfhub_blake3_init_derive_key_raw(hfhub_blake3_hasher *h, const void *context,
                                                size_t context_len);
HFHUB_API void hfhub_blake3_update(hfhub_blake3_hasher *h, const void *data, size_t len);
/* Writes out_len bytes of output (32 is the standard digest; any length works). The hasher
 * is not changed: more input may follow, and finalize may be called again. */
HFHUB_API void hfhub_blake3_finalize(const hfhub_blake3_hasher *h, uint8_t *out, size_t out_len);
/* Extendable output starting at byte offset `seek` of the output stream. */
HFHUB_API void hfhub_blake3_finalize_xof(const hfhub_blake3_hasher *h, uint64_t seek,
                                         uint8_t *out, size_t out_len);
/* Back to the state right after init (same mode and key). */
HFHUB_API void hfhub_blake3_reset(hfhub_blake3_hasher *h);

/* One-shot forms, 32-byte output. */
HFHUB_API void hfhub_blake3(const void *data, size_t len, uint8_t out[32]);
HFHUB_API void hfhub_blake3_keyed(const uint8_t key[32], const void *data, size_t len,
                                  uint8_t out[32]);
HFHUB_API void hfhub_blake3_derive_key(const char *context, const void *material, size_t len,
                                       uint8_t *out, size_t out_len);

/* The compression back ends. AUTO picks the fastest one the CPU supports. */
typedef enum hfhub_blake3_impl {
    HFHUB_BLAKE3_AUTO = 0,
    HFHUB_BLAKE3_PORTABLE = 1,
    HFHUB_BLAKE3_SSE41 = 2,
    HFHUB_BLAKE3_AVX2 = 3,
    HFHUB_BLAKE3_AVX512 = 4,
    HFHUB_BLAKE3_NEON = 5
} hfhub_blake3_impl;

/* Selects the back end for all later BLAKE3 work in the process (AUTO restores detection).
 * HFHUB_ERR_UNSUPPORTED when this build or this CPU lacks it. Not meant to be switched
 * while other threads are hashing. */
HFHUB_API hfhub_result hfhub_blake3_use(hfhub_blake3_impl impl);
/* The back end in use (never AUTO), and a name for it ("portable", "sse4.1", ...). */
HFHUB_API hfhub_blake3_impl hfhub_blake3_active(void);
HFHUB_API const char *hfhub_blake3_impl_name(hfhub_blake3_impl impl);
/* Whether this build and CPU can run `impl`. */
HFHUB_API int hfhub_blake3_supported(hfhub_blake3_impl impl);
