/* bg4.c: BG4 byte grouping. The bulk moves 64 bytes at a time: with SSE2 (x86-64 baseline) or
 * NEON, else four bytes per step; the tail goes byte by byte. */
#include <string.h>
#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define HFHUB__BG4_SSE2 1
#elif defined(__ARM_NEON) && defined(__aarch64__)
#include <arm_neon.h>
#define HFHUB__BG4_NEON 1
#endif

/* Plane start offsets for n bytes. */
static void hfhub__bg4_offsets(size_t n, size_t off[4]) {
    size_t q = n / 4, r = n % 4, k;
    off[0] = 0;
    for (k = 1; k < 4; k++) off[k] = off[k - 1] + q + (k - 1 < r ? 1 : 0);
}

#if defined(HFHUB__BG4_SSE2)
/* One "riffle" of 64 bytes held in a..d: out[2i] = in[i], out[2i+1] = in[32+i]. It rotates the
 * 6-bit byte index left by one: four riffles transpose 16x4 -> 4x16, two undo it. */
static void hfhub__bg4_riffle(__m128i *a, __m128i *b, __m128i *c, __m128i *d) {
    __m128i w = _mm_unpacklo_epi8(*a, *c), x = _mm_unpackhi_epi8(*a, *c);
    __m128i y = _mm_unpacklo_epi8(*b, *d), z = _mm_unpackhi_epi8(*b, *d);
    *a = w; *b = x; *c = y; *d = z;
}
#endif

/* Splits the first `blocks` 64-byte blocks of s. */
static void hfhub__bg4_split_bulk(const uint8_t *s, size_t blocks, uint8_t *p0, uint8_t *p1, uint8_t *p2,
                                  uint8_t *p3) {
    size_t t;
#if defined(HFHUB__BG4_SSE2)
    for (t = 0; t < blocks; t++, s += 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(s + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(s + 48));
        hfhub__bg4_riffle(&a, &b, &c, &d);
        hfhub__bg4_riffle(&a, &b, &c, &d);
        hfhub__bg4_riffle(&a, &b, &c, &d);
        hfhub__bg4_riffle(&a, &b, &c, &d);
        _mm_storeu_si128((__m128i *)(void *)(p0 + 16 * t), a);
        _mm_storeu_si128((__m128i *)(void *)(p1 + 16 * t), b);
        _mm_storeu_si128((__m128i *)(void *)(p2 + 16 * t), c);
        _mm_storeu_si128((__m128i *)(void *)(p3 + 16 * t), d);
    }
#elif defined(HFHUB__BG4_NEON)
    for (t = 0; t < blocks; t++, s += 64) {
        uint8x16x4_t v = vld4q_u8(s);
        vst1q_u8(p0 + 16 * t, v.val[0]);
        vst1q_u8(p1 + 16 * t, v.val[1]);
        vst1q_u8(p2 + 16 * t, v.val[2]);
        vst1q_u8(p3 + 16 * t, v.val[3]);
    }
#else
    size_t i;
    for (i = 0; i < blocks * 16; i++, s += 4) {
        p0[i] = s[0];
        p1[i] = s[1];
        p2[i] = s[2];
        p3[i] = s[3];
    }
    (void)t;
#endif
}

static void hfhub__bg4_join_bulk(const uint8_t *p0, const uint8_t *p1, const uint8_t *p2, const uint8_t *p3,
                                 size_t blocks, uint8_t *d) {
    size_t t;
#if defined(HFHUB__BG4_SSE2)
    for (t = 0; t < blocks; t++, d += 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p0 + 16 * t));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p1 + 16 * t));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p2 + 16 * t));
        __m128i e = _mm_loadu_si128((const __m128i *)(const void *)(p3 + 16 * t));
        hfhub__bg4_riffle(&a, &b, &c, &e);
        hfhub__bg4_riffle(&a, &b, &c, &e);
        _mm_storeu_si128((__m128i *)(void *)d, a);
        _mm_storeu_si128((__m128i *)(void *)(d + 16), b);
        _mm_storeu_si128((__m128i *)(void *)(d + 32), c);
        _mm_storeu_si128((__m128i *)(void *)(d + 48), e);
    }
#elif defined(HFHUB__BG4_NEON)
    for (t = 0; t < blocks; t++, d += 64) {
        uint8x16x4_t v;
        v.val[0] = vld1q_u8(p0 + 16 * t);
        v.val[1] = vld1q_u8(p1 + 16 * t);
        v.val[2] = vld1q_u8(p2 + 16 * t);
        v.val[3] = vld1q_u8(p3 + 16 * t);
        vst4q_u8(d, v);
    }
#else
    size_t i;
    for (i = 0; i < blocks * 16; i++, d += 4) {
        d[0] = p0[i];
        d[1] = p1[i];
        d[2] = p2[i];
        d[3] = p3[i];
    }
    (void)t;
#endif
}

void hfhub_bg4_split(const void *src, size_t n, void *dst) {
    const uint8_t *s = (const uint8_t *)src;
    uint8_t *d = (uint8_t *)dst;
    size_t off[4], blocks = n / 64, i;
    hfhub__bg4_offsets(n, off);
    hfhub__bg4_split_bulk(s, blocks, d + off[0], d + off[1], d + off[2], d + off[3]);
    for (i = blocks * 64; i < n; i++) d[off[i % 4] + i / 4] = s[i];
}

void hfhub_bg4_join(const void *src, size_t n, void *dst) {
    const uint8_t *s = (const uint8_t *)src;
    uint8_t *d = (uint8_t *)dst;
    size_t off[4], blocks = n / 64, i;
    hfhub__bg4_offsets(n, off);
    hfhub__bg4_join_bulk(s + off[0], s + off[1], s + off[2], s + off[3], blocks, d);
    for (i = blocks * 64; i < n; i++) d[i] = s[off[i % 4] + i / 4];
}

#ifdef HFHUB__BG4_SSE2
#undef HFHUB__BG4_SSE2
#endif
#ifdef HFHUB__BG4_NEON
#undef HFHUB__BG4_NEON
#endif
