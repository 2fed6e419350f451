/* blake3_int.h: the BLAKE3 compression back ends (library-internal). */

/* Which SIMD back ends this compiler and target can build. */
#if !defined(HFHUB_BLAKE3_NO_SIMD) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HFHUB__B3_X86 1
#if (defined(__clang__) && __clang_major__ >= 5) || (!defined(__clang__) && __GNUC__ >= 7)
#define HFHUB__B3_AVX512 1
#endif
#endif
#if !defined(HFHUB_BLAKE3_NO_SIMD) && defined(__aarch64__) && defined(__ARM_NEON) && \
    !defined(__ARM_BIG_ENDIAN)
#define HFHUB__B3_NEON 1
#endif

#define HFHUB__B3_MAX_SIMD 16

enum {
    HFHUB__B3_CHUNK_START = 1,
    HFHUB__B3_CHUNK_END = 2,
    HFHUB__B3_PARENT = 4,
    HFHUB__B3_ROOT = 8,
    HFHUB__B3_KEYED_HASH = 16,
    HFHUB__B3_DERIVE_KEY_CONTEXT = 32,
    HFHUB__B3_DERIVE_KEY_MATERIAL = 64
};

/* Compresses `n` inputs of `blocks` 64-byte blocks each, independently, from the chaining
 * value `key`; input i uses block counter counter + (increment ? i : 0). The first block of
 * each input gets flags|flags_start, the last flags|flags_end. Writes n 32-byte chaining
 * values to out. Whole chunks (16 blocks) and parent nodes (1 block) both go through here. */
typedef void (*hfhub__b3_hash_many_fn)(const uint8_t *const *inputs, size_t n, size_t blocks,
                                       const uint32_t key[8], uint64_t counter, int increment,
                                       uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                                       uint8_t *out);

/* One compression, full 16-word output (the extended-output form). */
HFHUB__API void hfhub__b3_compress_portable(const uint32_t cv[8], const uint8_t block[64],
                                            uint8_t block_len, uint64_t counter, uint8_t flags,
                                            uint32_t out[16]);
HFHUB__API void hfhub__b3_hash_many_portable(const uint8_t *const *inputs, size_t n,
                                             size_t blocks, const uint32_t key[8],
                                             uint64_t counter, int increment, uint8_t flags,
                                             uint8_t flags_start, uint8_t flags_end, uint8_t *out);
#ifdef HFHUB__B3_X86
HFHUB__API void hfhub__b3_hash_many_sse41(const uint8_t *const *inputs, size_t n, size_t blocks,
                                          const uint32_t key[8], uint64_t counter, int increment,
                                          uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                                          uint8_t *out);
HFHUB__API void hfhub__b3_hash_many_avx2(const uint8_t *const *inputs, size_t n, size_t blocks,
                                         const uint32_t key[8], uint64_t counter, int increment,
                                         uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                                         uint8_t *out);
/* CPU features usable by this process (OS support included): bit 0 SSE4.1, 1 AVX2, 2 AVX-512. */
HFHUB__API unsigned hfhub__b3_x86_features(void);
#endif
#ifdef HFHUB__B3_AVX512
HFHUB__API void hfhub__b3_hash_many_avx512(const uint8_t *const *inputs, size_t n,
                                           size_t blocks, const uint32_t key[8],
                                           uint64_t counter, int increment, uint8_t flags,
                                           uint8_t flags_start, uint8_t flags_end, uint8_t *out);
#endif
#ifdef HFHUB__B3_NEON
HFHUB__API void hfhub__b3_hash_many_neon(const uint8_t *const *inputs, size_t n, size_t blocks,
                                         const uint32_t key[8], uint64_t counter, int increment,
                                         uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                                         uint8_t *out);
#endif
