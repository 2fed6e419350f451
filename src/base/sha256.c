/* sha256.c: SHA-256 with run-time choice of OpenSSL EVP, x86 SHA-NI, ARMv8 SHA2 or C. */
#include <string.h>
#if defined(HFHUB_TLS_OPENSSL)
#include <openssl/evp.h>
#endif
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define HFHUB__SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif
/* ARMv8 SHA2: with the compiler's feature macro (-march=...+crypto, Apple targets) the
 * intrinsics are usable anywhere; without it only GCC's arm_neon.h lets one function enable
 * them with a target attribute (clang's guards them by the macro), and Linux tells at run time
 * whether the CPU has them. */
#if defined(__aarch64__) && (defined(__GNUC__) || defined(__clang__))
#if defined(__ARM_FEATURE_SHA2) || defined(__ARM_FEATURE_CRYPTO)
#define HFHUB__SHA256_ARM 1
#define HFHUB__SHA256_ARM_TARGET
#elif defined(__linux__) && !defined(__clang__)
#define HFHUB__SHA256_ARM 1
#define HFHUB__SHA256_ARM_TARGET __attribute__((target("+crypto")))
#endif
#endif
#if defined(HFHUB__SHA256_ARM)
#include <arm_neon.h>
#if defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1 << 6) /* Linux arm64 hwcap bit */
#endif
#endif
#endif

static const uint32_t hfhub__sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static const uint32_t hfhub__sha256_iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/* ---- portable C ---------------------------------------------------------------------------
 * The 64 rounds are fully unrolled over a 16-word circular schedule, so the schedule lives in
 * registers/L1 and each W[t] is computed right before the round that needs it. */

#define HFHUB__SHA_ROR(x, n) ((x) >> (n) | (x) << (32 - (n)))
#define HFHUB__SHA_S0(x) (HFHUB__SHA_ROR(x, 2) ^ HFHUB__SHA_ROR(x, 13) ^ HFHUB__SHA_ROR(x, 22))
#define HFHUB__SHA_S1(x) (HFHUB__SHA_ROR(x, 6) ^ HFHUB__SHA_ROR(x, 11) ^ HFHUB__SHA_ROR(x, 25))
#define HFHUB__SHA_s0(x) (HFHUB__SHA_ROR(x, 7) ^ HFHUB__SHA_ROR(x, 18) ^ ((x) >> 3))
#define HFHUB__SHA_s1(x) (HFHUB__SHA_ROR(x, 17) ^ HFHUB__SHA_ROR(x, 19) ^ ((x) >> 10))
#define HFHUB__SHA_CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
/* W[t] for t >= 16, kept in w[t & 15] */
#define HFHUB__SHA_W(t) (w[(t) & 15] += HFHUB__SHA_s1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] + \
                                       HFHUB__SHA_s0(w[((t) - 15) & 15]))
/* One round; kw is K[t] + W[t]. Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), and this round's a ^ b
 * is the next round's b ^ c, so it is carried in bc_ (set to b ^ c before the first round). */
#define HFHUB__SHA_R(a, b, c, d, e, f, g, h, kw) do { \
        uint32_t t1_ = h + HFHUB__SHA_S1(e) + HFHUB__SHA_CH(e, f, g) + (kw), ab_ = a ^ b; \
        d += t1_; \
        h = t1_ + HFHUB__SHA_S0(a) + (b ^ (ab_ & bc_)); \
        bc_ = ab_; } while (0)
/* eight rounds t..t+7, KW(t) giving K[t] + W[t] */
#define HFHUB__SHA_R8(t, KW) \
    HFHUB__SHA_R(a, b, c, d, e, f, g, h, KW((t) + 0)); \
    HFHUB__SHA_R(h, a, b, c, d, e, f, g, KW((t) + 1)); \
    HFHUB__SHA_R(g, h, a, b, c, d, e, f, KW((t) + 2)); \
    HFHUB__SHA_R(f, g, h, a, b, c, d, e, KW((t) + 3)); \
    HFHUB__SHA_R(e, f, g, h, a, b, c, d, KW((t) + 4)); \
    HFHUB__SHA_R(d, e, f, g, h, a, b, c, KW((t) + 5)); \
    HFHUB__SHA_R(c, d, e, f, g, h, a, b, KW((t) + 6)); \
    HFHUB__SHA_R(b, c, d, e, f, g, h, a, KW((t) + 7))
#define HFHUB__SHA_KW0(t) (hfhub__sha256_k[t] + w[t])
#define HFHUB__SHA_KW(t) (hfhub__sha256_k[t] + HFHUB__SHA_W(t))

static uint32_t hfhub__sha256_be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void hfhub__sha256_blocks_c(uint32_t st[8], const unsigned char *p, size_t nblocks) {
    while (nblocks--) {
        uint32_t w[16], a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5],
                        g = st[6], h = st[7], bc_ = b ^ c;
        int i;
        for (i = 0; i < 16; i++) w[i] = hfhub__sha256_be32(p + 4 * i);
        HFHUB__SHA_R8(0, HFHUB__SHA_KW0);
        HFHUB__SHA_R8(8, HFHUB__SHA_KW0);
        HFHUB__SHA_R8(16, HFHUB__SHA_KW);
        HFHUB__SHA_R8(24, HFHUB__SHA_KW);
        HFHUB__SHA_R8(32, HFHUB__SHA_KW);
        HFHUB__SHA_R8(40, HFHUB__SHA_KW);
        HFHUB__SHA_R8(48, HFHUB__SHA_KW);
        HFHUB__SHA_R8(56, HFHUB__SHA_KW);
        st[0] += a; st[1] += b; st[2] += c; st[3] += d;
        st[4] += e; st[5] += f; st[6] += g; st[7] += h;
        p += 64;
    }
}

/* ---- x86 SHA extensions ------------------------------------------------------------------
 * The state lives as ABEF / CDGH in two registers, the layout sha256rnds2 works on; each
 * sha256rnds2 does two rounds, so four message words take two of them. */
#if defined(HFHUB__SHA256_X86)

#define HFHUB__SHANI_TARGET __attribute__((target("sha,sse4.1")))

/* Four rounds with message group W (words 4g..4g+3). */
#define HFHUB__SHANI_RND4(W, g) do { \
        __m128i m_ = _mm_add_epi32(W, _mm_loadu_si128((const __m128i *)(hfhub__sha256_k + 4 * (g)))); \
        s1 = _mm_sha256rnds2_epu32(s1, s0, m_); \
        s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m_, 0x0E)); } while (0)
/* The next message group into A from the previous four groups A, B, C, D (oldest first). */
#define HFHUB__SHANI_SCHED(A, B, C, D) \
    A = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(A, B), _mm_alignr_epi8(D, C, 4)), D)
#define HFHUB__SHANI_GROUP(A, B, C, D, g) do { HFHUB__SHANI_SCHED(A, B, C, D); HFHUB__SHANI_RND4(A, g); } while (0)

HFHUB__SHANI_TARGET
static void hfhub__sha256_blocks_shani(uint32_t st[8], const unsigned char *p, size_t nblocks) {
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)st), 0xB1);  /* B A D C */
    __m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(st + 4)), 0x1B); /* H G F E */
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);  /* ABEF */
    s1 = _mm_blend_epi16(s1, t, 0xF0);       /* CDGH */
    while (nblocks--) {
        __m128i save0 = s0, save1 = s1;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), bswap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
        HFHUB__SHANI_RND4(w0, 0);
        HFHUB__SHANI_RND4(w1, 1);
        HFHUB__SHANI_RND4(w2, 2);
        HFHUB__SHANI_RND4(w3, 3);
        HFHUB__SHANI_GROUP(w0, w1, w2, w3, 4);
        HFHUB__SHANI_GROUP(w1, w2, w3, w0, 5);
        HFHUB__SHANI_GROUP(w2, w3, w0, w1, 6);
        HFHUB__SHANI_GROUP(w3, w0, w1, w2, 7);
        HFHUB__SHANI_GROUP(w0, w1, w2, w3, 8);
        HFHUB__SHANI_GROUP(w1, w2, w3, w0, 9);
        HFHUB__SHANI_GROUP(w2, w3, w0, w1, 10);
        HFHUB__SHANI_GROUP(w3, w0, w1, w2, 11);
        HFHUB__SHANI_GROUP(w0, w1, w2, w3, 12);
        HFHUB__SHANI_GROUP(w1, w2, w3, w0, 13);
        HFHUB__SHANI_GROUP(w2, w3, w0, w1, 14);
        HFHUB__SHANI_GROUP(w3, w0, w1, w2, 15);
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
        p += 64;
    }
    t = _mm_shuffle_epi32(s0, 0x1B);     /* A B E F (lanes 0..3) */
    s1 = _mm_shuffle_epi32(s1, 0xB1);    /* G H C D */
    _mm_storeu_si128((__m128i *)st, _mm_blend_epi16(t, s1, 0xF0));       /* A B C D */
    _mm_storeu_si128((__m128i *)(st + 4), _mm_alignr_epi8(s1, t, 8));    /* E F G H */
}

#undef HFHUB__SHANI_TARGET
#undef HFHUB__SHANI_RND4
#undef HFHUB__SHANI_SCHED
#undef HFHUB__SHANI_GROUP

static int hfhub__sha256_cpu_shani(void) {
    static int cached; /* 0 unknown, 1 no, 2 yes; a benign, idempotent race */
    int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!v) {
        unsigned a, b, c, d, c1;
        v = 1;
        if (__get_cpuid(1, &a, &b, &c1, &d) && (c1 & (1u << 19)) && (c1 & (1u << 9)) &&
            __get_cpuid_max(0, NULL) >= 7) {
            __cpuid_count(7, 0, a, b, c, d);
            if (b & (1u << 29)) v = 2; /* SHA; with SSSE3 and SSE4.1 above */
        }
        __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
    }
    return v == 2;
}
#endif

#if defined(HFHUB__SHA256_X86)
/* ---- x86 AVX2: vectorised message schedule -----------------------------------------------
 * For CPUs without SHA extensions. The schedule of two blocks is computed at once, one block
 * per 128-bit lane, four words per step, and stored as K+W; the rounds then run in scalar
 * code (with BMI2's rorx) that no longer computes the schedule. */

#define HFHUB__AVX2_TARGET __attribute__((target("avx2,bmi2")))
#define HFHUB__AVX2_ROR(x, n) _mm256_or_si256(_mm256_srli_epi32(x, n), _mm256_slli_epi32(x, 32 - (n)))
#define HFHUB__AVX2_s0(x) _mm256_xor_si256(_mm256_xor_si256(HFHUB__AVX2_ROR(x, 7), \
                                           HFHUB__AVX2_ROR(x, 18)), _mm256_srli_epi32(x, 3))
#define HFHUB__AVX2_s1(x) _mm256_xor_si256(_mm256_xor_si256(HFHUB__AVX2_ROR(x, 17), \
                                           HFHUB__AVX2_ROR(x, 19)), _mm256_srli_epi32(x, 10))

/* The group after X0..X3 (oldest first, per lane W[t-16..t-1]): W[t..t+3]. W[t+2] and
 * W[t+3] need s1 of W[t] and W[t+1], so the s1 term is added in two halves. */
HFHUB__AVX2_TARGET
static __m256i hfhub__sha256_avx2_next(__m256i x0, __m256i x1, __m256i x2, __m256i x3) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i w15 = _mm256_alignr_epi8(x1, x0, 4);   /* W[t-15..t-12] */
    __m256i w7 = _mm256_alignr_epi8(x3, x2, 4);    /* W[t-7..t-4] */
    __m256i v = _mm256_add_epi32(_mm256_add_epi32(x0, HFHUB__AVX2_s0(w15)), w7);
    __m256i lo = _mm256_shuffle_epi32(x3, 0xEE);   /* W[t-2], W[t-1] into words 0, 1 */
    v = _mm256_add_epi32(v, _mm256_blend_epi32(zero, HFHUB__AVX2_s1(lo), 0x33));
    lo = _mm256_shuffle_epi32(v, 0x40);            /* W[t], W[t+1] into words 2, 3 */
    return _mm256_add_epi32(v, _mm256_blend_epi32(zero, HFHUB__AVX2_s1(lo), 0xCC));
}

/* K+W of the blocks p[0..64) and p[64..128) into kw[0] and kw[1] */
HFHUB__AVX2_TARGET
static void hfhub__sha256_avx2_schedule(const unsigned char *p, uint32_t kw[2][64]) {
    const __m256i bswap = _mm256_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL,
                                            0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m256i x[4];
    int g;
    for (g = 0; g < 16; g++) {
        __m256i k = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(hfhub__sha256_k + 4 * g)));
        __m256i w;
        if (g < 4) {
            w = _mm256_inserti128_si256(
                _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(p + 16 * g))),
                _mm_loadu_si128((const __m128i *)(p + 64 + 16 * g)), 1);
            w = _mm256_shuffle_epi8(w, bswap);
        } else {
            w = hfhub__sha256_avx2_next(x[g & 3], x[(g + 1) & 3], x[(g + 2) & 3], x[(g + 3) & 3]);
        }
        x[g & 3] = w;
        w = _mm256_add_epi32(w, k);
        _mm_storeu_si128((__m128i *)(kw[0] + 4 * g), _mm256_castsi256_si128(w));
        _mm_storeu_si128((__m128i *)(kw[1] + 4 * g), _mm256_extracti128_si256(w, 1));
    }
}

#define HFHUB__SHA_KWP(t) (kw[t])
HFHUB__AVX2_TARGET
static void hfhub__sha256_avx2_rounds(uint32_t st[8], const uint32_t *kw) {
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    uint32_t bc_ = b ^ c;
    HFHUB__SHA_R8(0, HFHUB__SHA_KWP);
    HFHUB__SHA_R8(8, HFHUB__SHA_KWP);
    HFHUB__SHA_R8(16, HFHUB__SHA_KWP);
    HFHUB__SHA_R8(24, HFHUB__SHA_KWP);
    HFHUB__SHA_R8(32, HFHUB__SHA_KWP);
    HFHUB__SHA_R8(40, HFHUB__SHA_KWP);
    HFHUB__SHA_R8(48, HFHUB__SHA_KWP);
    HFHUB__SHA_R8(56, HFHUB__SHA_KWP);
    st[0] += a; st[1] += b; st[2] += c; st[3] += d;
    st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

HFHUB__AVX2_TARGET
static void hfhub__sha256_blocks_avx2(uint32_t st[8], const unsigned char *p, size_t nblocks) {
    uint32_t kw[2][64];
    for (; nblocks >= 2; nblocks -= 2, p += 128) {
        hfhub__sha256_avx2_schedule(p, kw);
        hfhub__sha256_avx2_rounds(st, kw[0]);
        hfhub__sha256_avx2_rounds(st, kw[1]);
    }
    if (nblocks) hfhub__sha256_blocks_c(st, p, 1);
}

#undef HFHUB__AVX2_TARGET
#undef HFHUB__AVX2_ROR
#undef HFHUB__AVX2_s0
#undef HFHUB__AVX2_s1
#undef HFHUB__SHA_KWP

/* AVX2 and BMI2, and the OS saves the YMM registers (OSXSAVE, XCR0 bits 1-2) */
static int hfhub__sha256_cpu_avx2(void) {
    static int cached; /* 0 unknown, 1 no, 2 yes; a benign, idempotent race */
    int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!v) {
        unsigned a, b, c, d;
        v = 1;
        if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 27)) && __get_cpuid_max(0, NULL) >= 7) {
            unsigned xlo, xhi;
            __asm__ volatile("xgetbv" : "=a"(xlo), "=d"(xhi) : "c"(0));
            __cpuid_count(7, 0, a, b, c, d);
            if ((xlo & 6) == 6 && (b & (1u << 5)) && (b & (1u << 8))) v = 2;
        }
        __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
    }
    return v == 2;
}
#endif

#undef HFHUB__SHA_ROR
#undef HFHUB__SHA_S0
#undef HFHUB__SHA_S1
#undef HFHUB__SHA_s0
#undef HFHUB__SHA_s1
#undef HFHUB__SHA_CH
#undef HFHUB__SHA_W
#undef HFHUB__SHA_R
#undef HFHUB__SHA_R8
#undef HFHUB__SHA_KW0
#undef HFHUB__SHA_KW

/* ---- ARMv8 SHA2 instructions ------------------------------------------------------------- */
#if defined(HFHUB__SHA256_ARM)

#define HFHUB__ARMSHA_RND4(W, g) do { \
        uint32x4_t m_ = vaddq_u32(W, vld1q_u32(hfhub__sha256_k + 4 * (g))); \
        uint32x4_t a_ = abcd; \
        abcd = vsha256hq_u32(abcd, efgh, m_); \
        efgh = vsha256h2q_u32(efgh, a_, m_); } while (0)
#define HFHUB__ARMSHA_GROUP(A, B, C, D, g) do { \
        A = vsha256su1q_u32(vsha256su0q_u32(A, B), C, D); HFHUB__ARMSHA_RND4(A, g); } while (0)

HFHUB__SHA256_ARM_TARGET
static void hfhub__sha256_blocks_armv8(uint32_t st[8], const unsigned char *p, size_t nblocks) {
    uint32x4_t abcd = vld1q_u32(st), efgh = vld1q_u32(st + 4);
    while (nblocks--) {
        uint32x4_t save0 = abcd, save1 = efgh;
        uint32x4_t w0 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
        uint32x4_t w1 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16)));
        uint32x4_t w2 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 32)));
        uint32x4_t w3 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 48)));
        HFHUB__ARMSHA_RND4(w0, 0);
        HFHUB__ARMSHA_RND4(w1, 1);
        HFHUB__ARMSHA_RND4(w2, 2);
        HFHUB__ARMSHA_RND4(w3, 3);
        HFHUB__ARMSHA_GROUP(w0, w1, w2, w3, 4);
        HFHUB__ARMSHA_GROUP(w1, w2, w3, w0, 5);
        HFHUB__ARMSHA_GROUP(w2, w3, w0, w1, 6);
        HFHUB__ARMSHA_GROUP(w3, w0, w1, w2, 7);
        HFHUB__ARMSHA_GROUP(w0, w1, w2, w3, 8);
        HFHUB__ARMSHA_GROUP(w1, w2, w3, w0, 9);
        HFHUB__ARMSHA_GROUP(w2, w3, w0, w1, 10);
        HFHUB__ARMSHA_GROUP(w3, w0, w1, w2, 11);
        HFHUB__ARMSHA_GROUP(w0, w1, w2, w3, 12);
        HFHUB__ARMSHA_GROUP(w1, w2, w3, w0, 13);
        HFHUB__ARMSHA_GROUP(w2, w3, w0, w1, 14);
        HFHUB__ARMSHA_GROUP(w3, w0, w1, w2, 15);
        abcd = vaddq_u32(abcd, save0);
        efgh = vaddq_u32(efgh, save1);
        p += 64;
    }
    vst1q_u32(st, abcd);
    vst1q_u32(st + 4, efgh);
}

#undef HFHUB__ARMSHA_RND4
#undef HFHUB__ARMSHA_GROUP

static int hfhub__sha256_cpu_armv8(void) {
#if defined(__linux__)
    return (getauxval(AT_HWCAP) & HWCAP_SHA2) != 0;
#else
    return 1; /* compiled for a target that has SHA2 (the feature macro is set) */
#endif
}
#endif

/* ---- choosing and dispatching ------------------------------------------------------------ */

int hfhub_sha256_available(hfhub_sha256_impl impl) {
    switch (impl) {
    case HFHUB_SHA256_AUTO:
    case HFHUB_SHA256_PORTABLE: return 1;
#if defined(HFHUB__SHA256_X86)
    case HFHUB_SHA256_SHANI: return hfhub__sha256_cpu_shani();
    case HFHUB_SHA256_AVX2: return hfhub__sha256_cpu_avx2();
#endif
#if defined(HFHUB__SHA256_ARM)
    case HFHUB_SHA256_ARMV8: return hfhub__sha256_cpu_armv8();
#endif
#if defined(HFHUB_TLS_OPENSSL)
    case HFHUB_SHA256_OPENSSL: return 1;
#endif
    default: return 0;
    }
}

/* The fastest built-in code for this CPU. */
static hfhub_sha256_impl hfhub__sha256_best_native(void) {
    if (hfhub_sha256_available(HFHUB_SHA256_SHANI)) return HFHUB_SHA256_SHANI;
    if (hfhub_sha256_available(HFHUB_SHA256_ARMV8)) return HFHUB_SHA256_ARMV8;
    if (hfhub_sha256_available(HFHUB_SHA256_AVX2)) return HFHUB_SHA256_AVX2;
    return HFHUB_SHA256_PORTABLE;
}

hfhub_sha256_impl hfhub_sha256_best(void) {
#if defined(HFHUB_TLS_OPENSSL)
    return HFHUB_SHA256_OPENSSL;
#else
    return hfhub__sha256_best_native();
#endif
}

const char *hfhub_sha256_impl_name(hfhub_sha256_impl impl) {
    switch (impl) {
    case HFHUB_SHA256_AUTO: return "auto";
    case HFHUB_SHA256_PORTABLE: return "portable";
    case HFHUB_SHA256_SHANI: return "sha-ni";
    case HFHUB_SHA256_ARMV8: return "armv8";
    case HFHUB_SHA256_OPENSSL: return "openssl";
    case HFHUB_SHA256_AVX2: return "avx2";
    }
    return "?";
}

static void hfhub__sha256_blocks(hfhub_sha256_ctx *c, const unsigned char *p, size_t nblocks) {
    switch (c->impl) {
#if defined(HFHUB__SHA256_X86)
    case HFHUB_SHA256_SHANI: hfhub__sha256_blocks_shani(c->state, p, nblocks); return;
    case HFHUB_SHA256_AVX2: hfhub__sha256_blocks_avx2(c->state, p, nblocks); return;
#endif
#if defined(HFHUB__SHA256_ARM)
    case HFHUB_SHA256_ARMV8: hfhub__sha256_blocks_armv8(c->state, p, nblocks); return;
#endif
    default: hfhub__sha256_blocks_c(c->state, p, nblocks); return;
    }
}

#if defined(HFHUB_TLS_OPENSSL)
/* An EVP context, or NULL when OpenSSL refuses (no memory, a provider without SHA-256): the
 * caller then falls back to the built-in code. */
static void *hfhub__sha256_evp_new(void) {
    EVP_MD_CTX *x = EVP_MD_CTX_new();
    if (x && EVP_DigestInit_ex(x, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(x);
        x = NULL;
    }
    return x;
}
#endif

hfhub_result hfhub_sha256_init_impl(hfhub_sha256_ctx *c, hfhub_sha256_impl impl) {
    memset(c, 0, sizeof *c);
    if (impl == HFHUB_SHA256_AUTO) impl = hfhub_sha256_best();
    if (!hfhub_sha256_available(impl))
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "sha256: %s is not available here",
                           hfhub_sha256_impl_name(impl));
#if defined(HFHUB_TLS_OPENSSL)
    if (impl == HFHUB_SHA256_OPENSSL) {
        c->evp = hfhub__sha256_evp_new();
        if (!c->evp) impl = hfhub__sha256_best_native();
    }
#endif
    memcpy(c->state, hfhub__sha256_iv, sizeof c->state);
    c->impl = impl;
    return HFHUB_OK;
}

void hfhub_sha256_init(hfhub_sha256_ctx *c) {
    (void)hfhub_sha256_init_impl(c, HFHUB_SHA256_AUTO);
}

void hfhub_sha256_update(hfhub_sha256_ctx *c, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    if (n == 0) return; /* data may be NULL then */
#if defined(HFHUB_TLS_OPENSSL)
    if (c->evp) {
        EVP_DigestUpdate((EVP_MD_CTX *)c->evp, data, n);
        return;
    }
#endif
    c->total += n;
    if (c->block_len) {
        size_t take = 64 - c->block_len < n ? 64 - c->block_len : n;
        memcpy(c->block + c->block_len, p, take);
        c->block_len += take;
        p += take;
        n -= take;
        if (c->block_len < 64) return;
        hfhub__sha256_blocks(c, c->block, 1);
        c->block_len = 0;
    }
    if (n >= 64) {
        hfhub__sha256_blocks(c, p, n / 64);
        p += n / 64 * 64;
        n %= 64;
    }
    if (n) memcpy(c->block, p, n);
    c->block_len = n;
}

void hfhub_sha256_final(hfhub_sha256_ctx *c, unsigned char out[32]) {
    uint64_t bits = c->total * 8;
    int i;
#if defined(HFHUB_TLS_OPENSSL)
    if (c->evp) {
        unsigned int len = 32;
        EVP_DigestFinal_ex((EVP_MD_CTX *)c->evp, out, &len);
        hfhub_sha256_discard(c);
        return;
    }
#endif
    c->block[c->block_len++] = 0x80;
    if (c->block_len > 56) {
        memset(c->block + c->block_len, 0, 64 - c->block_len);
        hfhub__sha256_blocks(c, c->block, 1);
        c->block_len = 0;
    }
    memset(c->block + c->block_len, 0, 56 - c->block_len);
    for (i = 0; i < 8; i++) c->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    hfhub__sha256_blocks(c, c->block, 1);
    for (i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(c->state[i] >> 24);
        out[4 * i + 1] = (unsigned char)(c->state[i] >> 16);
        out[4 * i + 2] = (unsigned char)(c->state[i] >> 8);
        out[4 * i + 3] = (unsigned char)c->state[i];
    }
    hfhub_sha256_discard(c);
}

void hfhub_sha256_discard(hfhub_sha256_ctx *c) {
#if defined(HFHUB_TLS_OPENSSL)
    if (c->evp) EVP_MD_CTX_free((EVP_MD_CTX *)c->evp);
#endif
    memset(c, 0, sizeof *c);
}

void hfhub_sha256(const void *data, size_t n, unsigned char out[32]) {
    hfhub_sha256_ctx c;
    hfhub_sha256_init(&c);
    hfhub_sha256_update(&c, data, n);
    hfhub_sha256_final(&c, out);
}

#undef HFHUB__SHA256_X86
#undef HFHUB__SHA256_ARM
#undef HFHUB__SHA256_ARM_TARGET
