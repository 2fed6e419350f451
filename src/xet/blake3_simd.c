/* blake3_simd.c: the SIMD back ends of BLAKE3: hash_many over 4 (SSE4.1, NEON), 8 (AVX2)
 * or 16 (AVX-512) inputs at once, one input per vector lane ("transposed" layout: vector i
 * holds state word i of every input). x86 code is compiled per function with
 * __attribute__((target)), so no global -m flag is needed and the CPU is checked at run time
 * (blake3.c chooses). Inputs left over (fewer than the width) go to the next narrower path. */

#if defined(HFHUB__B3_X86) || defined(HFHUB__B3_NEON)
/* Statement repeaters: GCC -O2 keeps vector arrays in registers only when every index is a
 * constant, so the short loops of the SIMD code are written out through these. */
#define HFHUB__B3X_4(S) S(0) S(1) S(2) S(3)
#define HFHUB__B3X_8(S) HFHUB__B3X_4(S) S(4) S(5) S(6) S(7)
#define HFHUB__B3X_16(S) HFHUB__B3X_8(S) S(8) S(9) S(10) S(11) S(12) S(13) S(14) S(15)

/* The per-block flags of input block b of `blocks`. */
static uint8_t hfhub__b3x_flags(size_t b, size_t blocks, uint8_t flags, uint8_t fs, uint8_t fe) {
    return (uint8_t)(flags | (b == 0 ? fs : 0) | (b + 1 == blocks ? fe : 0));
}

/* Low and high halves of the block counter of each of n lanes. */
static void hfhub__b3x_counters(uint64_t counter, int increment, size_t n, uint32_t *lo,
                                uint32_t *hi) {
    size_t i;
    for (i = 0; i < n; i++) {
        uint64_t c = counter + (increment ? i : 0);
        lo[i] = (uint32_t)c;
        hi[i] = (uint32_t)(c >> 32);
    }
}

typedef void (*hfhub__b3x_kernel)(const uint8_t *const *in, size_t blocks, const uint32_t key[8],
                                  uint64_t counter, int increment, uint8_t flags, uint8_t fs,
                                  uint8_t fe, uint8_t *out);

/* Hashes the last n (< width) inputs with one full-width kernel step: the unused lanes repeat
 * the first input and their outputs are dropped. One wide step costs less than several
 * narrower ones, and Xet chunks and subtree tails often leave such remainders. */
static void hfhub__b3x_padded(hfhub__b3x_kernel kernel, size_t width,
                              const uint8_t *const *inputs, size_t n, size_t blocks,
                              const uint32_t key[8], uint64_t counter, int increment,
                              uint8_t flags, uint8_t fs, uint8_t fe, uint8_t *out) {
    const uint8_t *ptrs[HFHUB__B3_MAX_SIMD];
    uint8_t tmp[HFHUB__B3_MAX_SIMD * 32];
    size_t i;
    for (i = 0; i < width; i++) ptrs[i] = inputs[i < n ? i : 0];
    kernel(ptrs, blocks, key, counter, increment, flags, fs, fe, tmp);
    memcpy(out, tmp, n * 32);
}
#endif

#ifdef HFHUB__B3_X86
#include <immintrin.h>
#include <cpuid.h>

/* What the x86 kernels prefetch while at block b: for each lane, the block 2 ahead, an offset
 * from its input. Near the end of the inputs, the first blocks of the next `width` inputs
 * instead, guessing the usual layout (consecutive chunks: lane j's next input starts `width`
 * inputs further on); without that, every group of chunks began with cache misses (10-15% of
 * the time on data not in cache). A prefetch never faults, so a wrong guess (parents, padded
 * lanes, the end of the data) only costs a useless fetch; the callers add the offset to the
 * input's address as an integer, since the result may lie outside the input. */
static size_t hfhub__b3x_prefetch_offset(size_t b, size_t blocks, size_t width) {
    size_t pf = 64 * b + 128;
    return pf < 64 * blocks ? pf : pf + (width - 1) * 64 * blocks;
}

/* The transposes must be inlined for the vectors to stay in registers. */
#define HFHUB__B3X_INLINE inline __attribute__((always_inline))

unsigned hfhub__b3_x86_features(void) {
    static volatile int cached = -1; /* cpuid can be slow under a hypervisor */
    unsigned a, b, c, d, f = 0, max;
    uint64_t xcr0 = 0;
    if (cached >= 0) return (unsigned)cached;
    max = __get_cpuid_max(0, NULL);
    if (max >= 1) {
        __cpuid(1, a, b, c, d);
        if (c & (1u << 19)) f |= 1; /* SSE4.1 */
        if (c & (1u << 27)) {       /* OSXSAVE: the OS manages the extended registers */
            unsigned lo, hi;
            __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            xcr0 = ((uint64_t)hi << 32) | lo;
        }
        if (max >= 7 && (c & (1u << 28)) && (xcr0 & 6) == 6) { /* AVX with XMM+YMM state */
            __cpuid_count(7, 0, a, b, c, d);
            if (b & (1u << 5)) f |= 2;                                   /* AVX2 */
            if ((f & 2) && (b & (1u << 16)) && (xcr0 & 0xE6) == 0xE6) f |= 4; /* AVX-512F */
        }
    }
    cached = (int)f;
    return f;
}

/* ---- SSE4.1: 4 lanes ---- */
#define HFHUB__B3_SSE41 __attribute__((target("sse4.1")))

static HFHUB__B3_SSE41 inline __m128i hfhub__b3x_ror16_sse41(__m128i x) {
    return _mm_shuffle_epi8(x, _mm_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2));
}
static HFHUB__B3_SSE41 inline __m128i hfhub__b3x_ror8_sse41(__m128i x) {
    return _mm_shuffle_epi8(x, _mm_set_epi8(12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1));
}

/* 4x4 transpose of 32-bit words: r[i] lane j becomes r[j] lane i. */
static HFHUB__B3_SSE41 HFHUB__B3X_INLINE void hfhub__b3x_transpose4(__m128i *r) {
    __m128i t0 = _mm_unpacklo_epi32(r[0], r[1]), t1 = _mm_unpackhi_epi32(r[0], r[1]);
    __m128i t2 = _mm_unpacklo_epi32(r[2], r[3]), t3 = _mm_unpackhi_epi32(r[2], r[3]);
    r[0] = _mm_unpacklo_epi64(t0, t2);
    r[1] = _mm_unpackhi_epi64(t0, t2);
    r[2] = _mm_unpacklo_epi64(t1, t3);
    r[3] = _mm_unpackhi_epi64(t1, t3);
}

#define HFHUB__B3X_ADD(a, b) _mm_add_epi32(a, b)
#define HFHUB__B3X_XOR(a, b) _mm_xor_si128(a, b)
#define HFHUB__B3X_ROR16(x) hfhub__b3x_ror16_sse41(x)
#define HFHUB__B3X_ROR12(x) _mm_or_si128(_mm_srli_epi32(x, 12), _mm_slli_epi32(x, 20))
#define HFHUB__B3X_ROR8(x) hfhub__b3x_ror8_sse41(x)
#define HFHUB__B3X_ROR7(x) _mm_or_si128(_mm_srli_epi32(x, 7), _mm_slli_epi32(x, 25))

static HFHUB__B3_SSE41 void hfhub__b3x_hash4_sse41(const uint8_t *const *in, size_t blocks,
                                                   const uint32_t key[8], uint64_t counter,
                                                   int increment, uint8_t flags, uint8_t fs,
                                                   uint8_t fe, uint8_t *out) {
    __m128i h[8], m[16], v[16], clo, chi;
    uint32_t lo[4], hi[4];
    size_t b;
#define HFHUB__B3X_KEY(i) h[i] = _mm_set1_epi32((int)key[i]);
#define HFHUB__B3X_LOAD(i) m[4 * ((i) / 4) + (i) % 4] = \
    _mm_loadu_si128((const __m128i *)(in[(i) % 4] + 64 * b + 16 * ((i) / 4)));
#define HFHUB__B3X_STATE(i) v[i] = h[i]; v[8 + (i)] = _mm_set1_epi32((int)hfhub__blake3_iv[i]);
#define HFHUB__B3X_FOLD(i) h[i] = _mm_xor_si128(v[i], v[(i) + 8]);
#define HFHUB__B3X_STORE(j) _mm_storeu_si128((__m128i *)(out + 32 * (j)), h[j]); \
    _mm_storeu_si128((__m128i *)(out + 32 * (j) + 16), h[4 + (j)]);
    HFHUB__B3X_8(HFHUB__B3X_KEY)
    hfhub__b3x_counters(counter, increment, 4, lo, hi);
    clo = _mm_loadu_si128((const __m128i *)lo);
    chi = _mm_loadu_si128((const __m128i *)hi);
    for (b = 0; b < blocks; b++) {
        HFHUB__B3X_16(HFHUB__B3X_LOAD)
        hfhub__b3x_transpose4(m);
        hfhub__b3x_transpose4(m + 4);
        hfhub__b3x_transpose4(m + 8);
        hfhub__b3x_transpose4(m + 12);
        HFHUB__B3X_4(HFHUB__B3X_STATE)
        v[4] = h[4]; v[5] = h[5]; v[6] = h[6]; v[7] = h[7];
        v[12] = clo;
        v[13] = chi;
        v[14] = _mm_set1_epi32(64);
        v[15] = _mm_set1_epi32(hfhub__b3x_flags(b, blocks, flags, fs, fe));
        HFHUB__B3X_ROUNDS(v, m);
        HFHUB__B3X_8(HFHUB__B3X_FOLD)
    }
    hfhub__b3x_transpose4(h);
    hfhub__b3x_transpose4(h + 4);
    HFHUB__B3X_4(HFHUB__B3X_STORE)
#undef HFHUB__B3X_KEY
#undef HFHUB__B3X_LOAD
#undef HFHUB__B3X_STATE
#undef HFHUB__B3X_FOLD
#undef HFHUB__B3X_STORE
}

#undef HFHUB__B3X_ADD
#undef HFHUB__B3X_XOR
#undef HFHUB__B3X_ROR16
#undef HFHUB__B3X_ROR12
#undef HFHUB__B3X_ROR8
#undef HFHUB__B3X_ROR7

void hfhub__b3_hash_many_sse41(const uint8_t *const *inputs, size_t n, size_t blocks,
                               const uint32_t key[8], uint64_t counter, int increment,
                               uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                               uint8_t *out) {
    for (; n >= 4; n -= 4, inputs += 4, out += 4 * 32) {
        hfhub__b3x_hash4_sse41(inputs, blocks, key, counter, increment, flags, flags_start,
                               flags_end, out);
        if (increment) counter += 4;
    }
    if (n >= 2)
        hfhub__b3x_padded(hfhub__b3x_hash4_sse41, 4, inputs, n, blocks, key, counter, increment,
                          flags, flags_start, flags_end, out);
    else
        hfhub__b3_hash_many_portable(inputs, n, blocks, key, counter, increment, flags,
                                     flags_start, flags_end, out);
}

/* ---- AVX2: 8 lanes ---- */
#define HFHUB__B3_AVX2 __attribute__((target("avx2")))

static HFHUB__B3_AVX2 inline __m256i hfhub__b3x_ror16_avx2(__m256i x) {
    return _mm256_shuffle_epi8(x, _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0,
                                                  3, 2, 13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6,
                                                  1, 0, 3, 2));
}
static HFHUB__B3_AVX2 inline __m256i hfhub__b3x_ror8_avx2(__m256i x) {
    return _mm256_shuffle_epi8(x, _mm256_set_epi8(12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3,
                                                  2, 1, 12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5,
                                                  0, 3, 2, 1));
}

/* 8x8 transpose of 32-bit words: r[i] lane j becomes r[j] lane i. */
static HFHUB__B3_AVX2 HFHUB__B3X_INLINE void hfhub__b3x_transpose8(__m256i *r) {
    __m256i t[8], u[8];
#define HFHUB__B3X_T1(i) t[i] = _mm256_unpacklo_epi32(r[i], r[i + 1]); \
    t[i + 1] = _mm256_unpackhi_epi32(r[i], r[i + 1])
    /* rows i..i+3: columns c | c+4 in the two 128-bit halves */
#define HFHUB__B3X_T2(i) u[i] = _mm256_unpacklo_epi64(t[i], t[i + 2]); \
    u[i + 1] = _mm256_unpackhi_epi64(t[i], t[i + 2]); \
    u[i + 2] = _mm256_unpacklo_epi64(t[i + 1], t[i + 3]); \
    u[i + 3] = _mm256_unpackhi_epi64(t[i + 1], t[i + 3])
#define HFHUB__B3X_T3(i) r[i] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x20); \
    r[i + 4] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x31)
    HFHUB__B3X_T1(0); HFHUB__B3X_T1(2); HFHUB__B3X_T1(4); HFHUB__B3X_T1(6);
    HFHUB__B3X_T2(0); HFHUB__B3X_T2(4);
    HFHUB__B3X_T3(0); HFHUB__B3X_T3(1); HFHUB__B3X_T3(2); HFHUB__B3X_T3(3);
#undef HFHUB__B3X_T1
#undef HFHUB__B3X_T2
#undef HFHUB__B3X_T3
}

#define HFHUB__B3X_ADD(a, b) _mm256_add_epi32(a, b)
#define HFHUB__B3X_XOR(a, b) _mm256_xor_si256(a, b)
#define HFHUB__B3X_ROR16(x) hfhub__b3x_ror16_avx2(x)
#define HFHUB__B3X_ROR12(x) _mm256_or_si256(_mm256_srli_epi32(x, 12), _mm256_slli_epi32(x, 20))
#define HFHUB__B3X_ROR8(x) hfhub__b3x_ror8_avx2(x)
#define HFHUB__B3X_ROR7(x) _mm256_or_si256(_mm256_srli_epi32(x, 7), _mm256_slli_epi32(x, 25))

static HFHUB__B3_AVX2 void hfhub__b3x_hash8_avx2(const uint8_t *const *in, size_t blocks,
                                                 const uint32_t key[8], uint64_t counter,
                                                 int increment, uint8_t flags, uint8_t fs,
                                                 uint8_t fe, uint8_t *out) {
    __m256i h[8], m[16], v[16], clo, chi;
    uint32_t lo[8], hi[8];
    size_t b;
#define HFHUB__B3X_KEY(i) h[i] = _mm256_set1_epi32((int)key[i]);
#define HFHUB__B3X_LOAD(j) m[j] = _mm256_loadu_si256((const __m256i *)(in[j] + 64 * b)); \
    m[8 + (j)] = _mm256_loadu_si256((const __m256i *)(in[j] + 64 * b + 32)); \
    _mm_prefetch((const char *)((uintptr_t)in[j] + pf), _MM_HINT_T0);
#define HFHUB__B3X_STATE(i) v[i] = h[i]; v[8 + (i)] = _mm256_set1_epi32((int)hfhub__blake3_iv[i]);
#define HFHUB__B3X_FOLD(i) h[i] = _mm256_xor_si256(v[i], v[(i) + 8]);
#define HFHUB__B3X_STORE(j) _mm256_storeu_si256((__m256i *)(out + 32 * (j)), h[j]);
    HFHUB__B3X_8(HFHUB__B3X_KEY)
    hfhub__b3x_counters(counter, increment, 8, lo, hi);
    clo = _mm256_loadu_si256((const __m256i *)lo);
    chi = _mm256_loadu_si256((const __m256i *)hi);
    for (b = 0; b < blocks; b++) {
        size_t pf = hfhub__b3x_prefetch_offset(b, blocks, 8);
        HFHUB__B3X_8(HFHUB__B3X_LOAD)
        hfhub__b3x_transpose8(m);
        hfhub__b3x_transpose8(m + 8);
        HFHUB__B3X_4(HFHUB__B3X_STATE)
        v[4] = h[4]; v[5] = h[5]; v[6] = h[6]; v[7] = h[7];
        v[12] = clo;
        v[13] = chi;
        v[14] = _mm256_set1_epi32(64);
        v[15] = _mm256_set1_epi32(hfhub__b3x_flags(b, blocks, flags, fs, fe));
        HFHUB__B3X_ROUNDS(v, m);
        HFHUB__B3X_8(HFHUB__B3X_FOLD)
    }
    hfhub__b3x_transpose8(h);
    HFHUB__B3X_8(HFHUB__B3X_STORE)
#undef HFHUB__B3X_KEY
#undef HFHUB__B3X_LOAD
#undef HFHUB__B3X_STATE
#undef HFHUB__B3X_FOLD
#undef HFHUB__B3X_STORE
}

#undef HFHUB__B3X_ADD
#undef HFHUB__B3X_XOR
#undef HFHUB__B3X_ROR16
#undef HFHUB__B3X_ROR12
#undef HFHUB__B3X_ROR8
#undef HFHUB__B3X_ROR7

void hfhub__b3_hash_many_avx2(const uint8_t *const *inputs, size_t n, size_t blocks,
                              const uint32_t key[8], uint64_t counter, int increment,
                              uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                              uint8_t *out) {
    for (; n >= 8; n -= 8, inputs += 8, out += 8 * 32) {
        hfhub__b3x_hash8_avx2(inputs, blocks, key, counter, increment, flags, flags_start,
                              flags_end, out);
        if (increment) counter += 8;
    }
    if (n >= 4)
        hfhub__b3x_padded(hfhub__b3x_hash8_avx2, 8, inputs, n, blocks, key, counter, increment,
                          flags, flags_start, flags_end, out);
    else
        hfhub__b3_hash_many_sse41(inputs, n, blocks, key, counter, increment, flags,
                                  flags_start, flags_end, out);
}

#ifdef HFHUB__B3_AVX512
/* ---- AVX-512: 16 lanes ---- */
#if defined(__GNUC__) && !defined(__clang__)
/* g++ flags the intrinsics' deliberately undefined pass-through operand. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#define HFHUB__B3_AVX512F __attribute__((target("avx512f")))

/* 16x16 transpose of 32-bit words: 4x4 inside each 128-bit lane, then 4x4 of the lanes. */
static HFHUB__B3_AVX512F HFHUB__B3X_INLINE void hfhub__b3x_transpose16(__m512i *r) {
    __m512i t[16], u[16];
    /* written out: GCC -O2 keeps the arrays in registers only with constant indices */
#define HFHUB__B3X_T1(i) t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]); \
    t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1])
#define HFHUB__B3X_T2(i) u[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]); \
    u[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]); \
    u[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]); \
    u[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3])
    /* u[i+c], 128-bit lane l: column 4l+c of rows i..i+3; then a 4x4 transpose of lanes */
#define HFHUB__B3X_T3(c) do { \
        __m512i x0 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0x44);  /* A0 A1 B0 B1 */ \
        __m512i x1 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0xEE);  /* A2 A3 B2 B3 */ \
        __m512i y0 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0x44); \
        __m512i y1 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0xEE); \
        r[c] = _mm512_shuffle_i32x4(x0, y0, 0x88);      /* A0 B0 C0 D0: column c */ \
        r[4 + c] = _mm512_shuffle_i32x4(x0, y0, 0xDD);  /* column 4 + c */ \
        r[8 + c] = _mm512_shuffle_i32x4(x1, y1, 0x88); \
        r[12 + c] = _mm512_shuffle_i32x4(x1, y1, 0xDD); \
    } while (0)
    HFHUB__B3X_T1(0); HFHUB__B3X_T1(2); HFHUB__B3X_T1(4); HFHUB__B3X_T1(6);
    HFHUB__B3X_T1(8); HFHUB__B3X_T1(10); HFHUB__B3X_T1(12); HFHUB__B3X_T1(14);
    HFHUB__B3X_T2(0); HFHUB__B3X_T2(4); HFHUB__B3X_T2(8); HFHUB__B3X_T2(12);
    HFHUB__B3X_T3(0); HFHUB__B3X_T3(1); HFHUB__B3X_T3(2); HFHUB__B3X_T3(3);
#undef HFHUB__B3X_T1
#undef HFHUB__B3X_T2
#undef HFHUB__B3X_T3
}

#define HFHUB__B3X_ADD(a, b) _mm512_add_epi32(a, b)
#define HFHUB__B3X_XOR(a, b) _mm512_xor_si512(a, b)
#define HFHUB__B3X_ROR16(x) _mm512_ror_epi32(x, 16)
#define HFHUB__B3X_ROR12(x) _mm512_ror_epi32(x, 12)
#define HFHUB__B3X_ROR8(x) _mm512_ror_epi32(x, 8)
#define HFHUB__B3X_ROR7(x) _mm512_ror_epi32(x, 7)

static HFHUB__B3_AVX512F void hfhub__b3x_hash16_avx512(const uint8_t *const *in, size_t blocks,
                                                       const uint32_t key[8], uint64_t counter,
                                                       int increment, uint8_t flags, uint8_t fs,
                                                       uint8_t fe, uint8_t *out) {
    __m512i h[16], m[16], v[16], clo, chi;
    uint32_t lo[16], hi[16];
    size_t b;
#define HFHUB__B3X_KEY(i) h[i] = _mm512_set1_epi32((int)key[i]); \
    h[8 + (i)] = _mm512_setzero_si512();
#define HFHUB__B3X_LOAD(j) m[j] = _mm512_loadu_si512(in[j] + 64 * b); \
    _mm_prefetch((const char *)((uintptr_t)in[j] + pf), _MM_HINT_T0);
#define HFHUB__B3X_STATE(i) v[i] = h[i]; v[8 + (i)] = _mm512_set1_epi32((int)hfhub__blake3_iv[i]);
#define HFHUB__B3X_FOLD(i) h[i] = _mm512_xor_si512(v[i], v[(i) + 8]);
#define HFHUB__B3X_STORE(j) \
    _mm256_storeu_si256((__m256i *)(out + 32 * (j)), _mm512_castsi512_si256(h[j]));
    HFHUB__B3X_8(HFHUB__B3X_KEY)
    hfhub__b3x_counters(counter, increment, 16, lo, hi);
    clo = _mm512_loadu_si512(lo);
    chi = _mm512_loadu_si512(hi);
    for (b = 0; b < blocks; b++) {
        size_t pf = hfhub__b3x_prefetch_offset(b, blocks, 16);
        HFHUB__B3X_16(HFHUB__B3X_LOAD)
        hfhub__b3x_transpose16(m);
        HFHUB__B3X_4(HFHUB__B3X_STATE)
        v[4] = h[4]; v[5] = h[5]; v[6] = h[6]; v[7] = h[7];
        v[12] = clo;
        v[13] = chi;
        v[14] = _mm512_set1_epi32(64);
        v[15] = _mm512_set1_epi32(hfhub__b3x_flags(b, blocks, flags, fs, fe));
        HFHUB__B3X_ROUNDS(v, m);
        HFHUB__B3X_8(HFHUB__B3X_FOLD)
    }
    hfhub__b3x_transpose16(h); /* h[8..15] are zero: h[j] = the 8 CV words of input j, zeros */
    HFHUB__B3X_16(HFHUB__B3X_STORE)
#undef HFHUB__B3X_KEY
#undef HFHUB__B3X_LOAD
#undef HFHUB__B3X_STATE
#undef HFHUB__B3X_FOLD
#undef HFHUB__B3X_STORE
}

#undef HFHUB__B3X_ADD
#undef HFHUB__B3X_XOR
#undef HFHUB__B3X_ROR16
#undef HFHUB__B3X_ROR12
#undef HFHUB__B3X_ROR8
#undef HFHUB__B3X_ROR7

void hfhub__b3_hash_many_avx512(const uint8_t *const *inputs, size_t n, size_t blocks,
                                const uint32_t key[8], uint64_t counter, int increment,
                                uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                                uint8_t *out) {
    for (; n >= 16; n -= 16, inputs += 16, out += 16 * 32) {
        hfhub__b3x_hash16_avx512(inputs, blocks, key, counter, increment, flags, flags_start,
                                 flags_end, out);
        if (increment) counter += 16;
    }
    if (n >= 8)
        hfhub__b3x_padded(hfhub__b3x_hash16_avx512, 16, inputs, n, blocks, key, counter,
                          increment, flags, flags_start, flags_end, out);
    else
        hfhub__b3_hash_many_avx2(inputs, n, blocks, key, counter, increment, flags,
                                 flags_start, flags_end, out);
}
#undef HFHUB__B3_AVX512F
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif /* HFHUB__B3_AVX512 */

#undef HFHUB__B3_SSE41
#undef HFHUB__B3_AVX2
#undef HFHUB__B3X_INLINE
#endif /* HFHUB__B3_X86 */

#ifdef HFHUB__B3_NEON
/* ---- NEON (arm64): 4 lanes ---- */
#include <arm_neon.h>

static inline uint32x4_t hfhub__b3x_ror16_neon(uint32x4_t x) {
    return vreinterpretq_u32_u16(vrev32q_u16(vreinterpretq_u16_u32(x)));
}

static inline uint32x4_t hfhub__b3x_load_neon(const uint8_t *p) {
    return vreinterpretq_u32_u8(vld1q_u8(p));
}

/* 4x4 transpose of 32-bit words: r[i] lane j becomes r[j] lane i. */
static inline void hfhub__b3x_transpose4_neon(uint32x4_t *r) {
    uint32x4x2_t a = vtrnq_u32(r[0], r[1]), b = vtrnq_u32(r[2], r[3]);
    r[0] = vcombine_u32(vget_low_u32(a.val[0]), vget_low_u32(b.val[0]));
    r[1] = vcombine_u32(vget_low_u32(a.val[1]), vget_low_u32(b.val[1]));
    r[2] = vcombine_u32(vget_high_u32(a.val[0]), vget_high_u32(b.val[0]));
    r[3] = vcombine_u32(vget_high_u32(a.val[1]), vget_high_u32(b.val[1]));
}

#define HFHUB__B3X_ADD(a, b) vaddq_u32(a, b)
#define HFHUB__B3X_XOR(a, b) veorq_u32(a, b)
#define HFHUB__B3X_ROR16(x) hfhub__b3x_ror16_neon(x)
#define HFHUB__B3X_ROR12(x) vsriq_n_u32(vshlq_n_u32(x, 20), x, 12)
#define HFHUB__B3X_ROR8(x) vsriq_n_u32(vshlq_n_u32(x, 24), x, 8)
#define HFHUB__B3X_ROR7(x) vsriq_n_u32(vshlq_n_u32(x, 25), x, 7)

static void hfhub__b3x_hash4_neon(const uint8_t *const *in, size_t blocks, const uint32_t key[8],
                                  uint64_t counter, int increment, uint8_t flags, uint8_t fs,
                                  uint8_t fe, uint8_t *out) {
    uint32x4_t h[8], m[16], v[16], clo, chi;
    uint32_t lo[4], hi[4];
    size_t b;
#define HFHUB__B3X_KEY(i) h[i] = vdupq_n_u32(key[i]);
#define HFHUB__B3X_LOAD(i) m[i] = hfhub__b3x_load_neon(in[(i) % 4] + 64 * b + 16 * ((i) / 4));
#define HFHUB__B3X_STATE(i) v[i] = h[i]; v[8 + (i)] = vdupq_n_u32(hfhub__blake3_iv[i]);
#define HFHUB__B3X_FOLD(i) h[i] = veorq_u32(v[i], v[(i) + 8]);
#define HFHUB__B3X_STORE(j) vst1q_u8(out + 32 * (j), vreinterpretq_u8_u32(h[j])); \
    vst1q_u8(out + 32 * (j) + 16, vreinterpretq_u8_u32(h[4 + (j)]));
    HFHUB__B3X_8(HFHUB__B3X_KEY)
    hfhub__b3x_counters(counter, increment, 4, lo, hi);
    clo = vld1q_u32(lo);
    chi = vld1q_u32(hi);
    for (b = 0; b < blocks; b++) {
        HFHUB__B3X_16(HFHUB__B3X_LOAD)
        hfhub__b3x_transpose4_neon(m);
        hfhub__b3x_transpose4_neon(m + 4);
        hfhub__b3x_transpose4_neon(m + 8);
        hfhub__b3x_transpose4_neon(m + 12);
        HFHUB__B3X_4(HFHUB__B3X_STATE)
        v[4] = h[4]; v[5] = h[5]; v[6] = h[6]; v[7] = h[7];
        v[12] = clo;
        v[13] = chi;
        v[14] = vdupq_n_u32(64);
        v[15] = vdupq_n_u32(hfhub__b3x_flags(b, blocks, flags, fs, fe));
        HFHUB__B3X_ROUNDS(v, m);
        HFHUB__B3X_8(HFHUB__B3X_FOLD)
    }
    hfhub__b3x_transpose4_neon(h);
    hfhub__b3x_transpose4_neon(h + 4);
    HFHUB__B3X_4(HFHUB__B3X_STORE)
#undef HFHUB__B3X_KEY
#undef HFHUB__B3X_LOAD
#undef HFHUB__B3X_STATE
#undef HFHUB__B3X_FOLD
#undef HFHUB__B3X_STORE
}

#undef HFHUB__B3X_ADD
#undef HFHUB__B3X_XOR
#undef HFHUB__B3X_ROR16
#undef HFHUB__B3X_ROR12
#undef HFHUB__B3X_ROR8
#undef HFHUB__B3X_ROR7

void hfhub__b3_hash_many_neon(const uint8_t *const *inputs, size_t n, size_t blocks,
                              const uint32_t key[8], uint64_t counter, int increment,
                              uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                              uint8_t *out) {
    for (; n >= 4; n -= 4, inputs += 4, out += 4 * 32) {
        hfhub__b3x_hash4_neon(inputs, blocks, key, counter, increment, flags, flags_start,
                              flags_end, out);
        if (increment) counter += 4;
    }
    if (n >= 2)
        hfhub__b3x_padded(hfhub__b3x_hash4_neon, 4, inputs, n, blocks, key, counter, increment,
                          flags, flags_start, flags_end, out);
    else
        hfhub__b3_hash_many_portable(inputs, n, blocks, key, counter, increment, flags,
                                     flags_start, flags_end, out);
}
#endif /* HFHUB__B3_NEON */

#undef HFHUB__B3X_H
#undef HFHUB__B3X_4
#undef HFHUB__B3X_8
#undef HFHUB__B3X_16
#undef HFHUB__B3X_ROUNDS
