/* xetdata.h: test data generators for the Xet codec tests and benchmarks (random, zeros,
 * text, float16-like) and a few file helpers. */
#ifndef HFHUB_TEST_XETDATA_H
#define HFHUB_TEST_XETDATA_H
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static HFHUB__UNUSED uint64_t xd_splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static HFHUB__UNUSED void xd_random(uint8_t *p, size_t n, uint64_t seed) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (i % 8 == 0) seed = xd_splitmix(&seed) ^ (seed * 0x2545F4914F6CDD1DULL);
        p[i] = (uint8_t)(seed >> (8 * (i % 8)));
    }
}

/* English-like text: words drawn from a small vocabulary. */
static HFHUB__UNUSED void xd_text(uint8_t *p, size_t n, uint64_t seed) {
    static const char *words[] = {"the ", "model ", "weights ", "of ", "a ", "tensor ", "hub ", "and ",
                                  "file ", "is ", "stored ", "in ", "chunks, ", "xet ", "data.\n", "with "};
    size_t i = 0;
    while (i < n) {
        const char *w = words[xd_splitmix(&seed) % 16];
        while (*w && i < n) p[i++] = (uint8_t)*w++;
    }
}

/* IEEE half from a float (round to nearest; small values become subnormal or zero). */
static HFHUB__UNUSED uint16_t xd_half(float f) {
    uint32_t x, sign, exp, man;
    memcpy(&x, &f, 4);
    sign = (x >> 16) & 0x8000;
    exp = (x >> 23) & 0xFF;
    man = x & 0x7FFFFF;
    if (exp >= 143) return (uint16_t)(sign | 0x7C00);
    if (exp >= 113) return (uint16_t)(sign | ((exp - 112) << 10) | ((man + 0x1000) >> 13));
    if (exp >= 103) return (uint16_t)(sign | ((man | 0x800000) >> (126 - exp)));
    return (uint16_t)sign;
}

/* A model-weight-like value: normal-ish (sum of 4 uniforms), standard deviation ~0.02. */
static HFHUB__UNUSED float xd_weight(uint64_t *seed) {
    uint64_t r = xd_splitmix(seed);
    double u = ((r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48)) / 65536.0 - 2.0;
    return (float)(u * 0.035);
}

/* Weights as fp16, little-endian. */
static HFHUB__UNUSED void xd_float16(uint8_t *p, size_t n, uint64_t seed) {
    size_t i;
    for (i = 0; i + 1 < n; i += 2) {
        uint16_t h = xd_half(xd_weight(&seed));
        p[i] = (uint8_t)h;
        p[i + 1] = (uint8_t)(h >> 8);
    }
    if (n % 2) p[n - 1] = 0x3C;
}

/* Weights as bf16 (the top half of the float, rounded), little-endian. */
static HFHUB__UNUSED void xd_bfloat16(uint8_t *p, size_t n, uint64_t seed) {
    size_t i;
    for (i = 0; i + 1 < n; i += 2) {
        float f = xd_weight(&seed);
        uint32_t x;
        memcpy(&x, &f, 4);
        x = (x + 0x8000) >> 16;
        p[i] = (uint8_t)x;
        p[i + 1] = (uint8_t)(x >> 8);
    }
    if (n % 2) p[n - 1] = 0x3C;
}

enum { XD_RANDOM, XD_ZERO, XD_TEXT, XD_FLOAT16, XD_BFLOAT16, XD_KINDS };
static HFHUB__UNUSED const char *xd_kind_name[] = {"random", "zero", "text", "float16", "bfloat16"};

static HFHUB__UNUSED void xd_fill(int kind, uint8_t *p, size_t n, uint64_t seed) {
    if (kind == XD_RANDOM) xd_random(p, n, seed);
    else if (kind == XD_ZERO) memset(p, 0, n);
    else if (kind == XD_TEXT) xd_text(p, n, seed);
    else if (kind == XD_FLOAT16) xd_float16(p, n, seed);
    else xd_bfloat16(p, n, seed);
}

static HFHUB__UNUSED int xd_write_file(const char *path, const void *p, size_t n) {
    FILE *f = fopen(path, "wb");
    size_t w;
    if (!f) return -1;
    w = fwrite(p, 1, n, f);
    return (fclose(f) == 0 && w == n) ? 0 : -1;
}

/* Bytes of a hex dump written as lines "OFFSET: xx xx ..." (offsets are skipped); returns the
 * count written to out (at most cap). */
static HFHUB__UNUSED size_t xd_from_dump(const char *dump, uint8_t *out, size_t cap) {
    size_t n = 0;
    const char *p = dump;
    while (*p) {
        const char *colon = strchr(p, ':'), *eol = strchr(p, '\n');
        if (!eol) eol = p + strlen(p);
        if (colon && colon < eol) p = colon + 1;
        while (p < eol) {
            unsigned v;
            if (*p == ' ') { p++; continue; }
            if (sscanf(p, "%2x", &v) == 1 && n < cap) out[n++] = (uint8_t)v;
            p += 2;
        }
        p = *eol ? eol + 1 : eol;
    }
    return n;
}
#endif
