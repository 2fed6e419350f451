/* compress.c: scheme choice and chunk payload (de)compression. */
#include <string.h>

static unsigned hfhub__compress_popcount(unsigned b) {
    b = b - ((b >> 1) & 0x55);
    b = (b & 0x33) + ((b >> 2) & 0x33);
    return (b + (b >> 4)) & 0x0F;
}

/* Natural logarithm of x > 0 without libm: x = m * 2^e with m in [1, 2), then
 * ln m = 2 atanh((m - 1) / (m + 1)) by its series (|z| <= 1/3: 1e-15 after 16 terms). */
static double hfhub__compress_ln(double x) {
    uint64_t bits;
    int e;
    double m, z, z2, term, sum = 0;
    unsigned k;
    memcpy(&bits, &x, sizeof bits);
    e = (int)((bits >> 52) & 0x7FF) - 1023;
    bits = (bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL;
    memcpy(&m, &bits, sizeof m);
    z = (m - 1) / (m + 1);
    z2 = z * z;
    term = z;
    for (k = 1; k < 40; k += 2) {
        sum += term / k;
        term *= z2;
    }
    return 2 * sum + e * 0.69314718055994530942;
}

int hfhub_xet_bg4_predict(const void *data, size_t n) {
    const uint8_t *p = (const uint8_t *)data;
    uint32_t hist[4][9], base[9], totals[4] = {0, 0, 0, 0}, base_total = 0;
    double max_kl = 0;
    size_t i, j, g;
    memset(hist, 0, sizeof hist);
    for (i = 0; i < n; i++) hist[i % 4][hfhub__compress_popcount(p[i])]++;
    for (j = 0; j < 9; j++) {
        base[j] = 1; /* no state has probability zero */
        for (g = 0; g < 4; g++) base[j] += hist[g][j];
    }
    for (g = 0; g < 4; g++)
        for (j = 0; j < 9; j++) totals[g] += hist[g][j];
    for (g = 0; g < 4; g++) base_total += totals[g];
    for (g = 0; g < 4; g++) {
        double kl = 0;
        int empty_bin = 0;
        for (j = 0; j < 9; j++) {
            double pj, qj;
            if (hist[g][j] == 0) { empty_bin = 1; break; }
            pj = (double)hist[g][j] / totals[g];
            qj = (double)base[j] / base_total;
            kl += pj * hfhub__compress_ln(pj / qj);
        }
        /* xet-core computes 0 * ln 0 = NaN for an empty bin, which f64::max then ignores */
        if (!empty_bin && kl > max_kl) max_kl = kl;
    }
    return max_kl > 0.02;
}

/* LZ4-frames src into dst only if strictly smaller than limit; 0 when not. */
static size_t hfhub__compress_lz4(const void *src, size_t n, void *dst, size_t limit) {
    size_t len = 0;
    if (limit == 0 || hfhub_lz4_frame_compress(src, n, dst, limit - 1, NULL, &len) != HFHUB_OK) return 0;
    return len;
}

static hfhub_result hfhub__compress_bg4(const hfhub_allocator *a, const void *src, size_t n, void *dst,
                                        size_t limit, size_t *len) {
    uint8_t *tmp = (uint8_t *)hfhub__alloc(a, n);
    if (!tmp) return hfhub__fail(HFHUB_ERR_NOMEM, "bg4: out of memory");
    hfhub_bg4_split(src, n, tmp);
    *len = hfhub__compress_lz4(tmp, n, dst, limit);
    hfhub__free(a, tmp, n);
    return HFHUB_OK;
}

hfhub_result hfhub_xet_compress(const hfhub_allocator *a, hfhub_xet_policy policy, const void *src, size_t n,
                                void *dst, size_t cap, hfhub_xet_scheme *scheme, size_t *out_len) {
    size_t len = 0, limit = n < cap ? n : cap;
    hfhub_xet_scheme s = HFHUB_XET_SCHEME_LZ4;
    hfhub_result r = HFHUB_OK;
    if (cap < n) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "compress: output buffer smaller than the input");
    if (policy == HFHUB_XET_POLICY_AUTO)
        policy = hfhub_xet_bg4_predict(src, n) ? HFHUB_XET_POLICY_BG4_LZ4 : HFHUB_XET_POLICY_LZ4;
    if (policy == HFHUB_XET_POLICY_LZ4 || policy == HFHUB_XET_POLICY_BEST) len = hfhub__compress_lz4(src, n, dst, limit);
    if (policy == HFHUB_XET_POLICY_BG4_LZ4) {
        r = hfhub__compress_bg4(a, src, n, dst, limit, &len);
        s = HFHUB_XET_SCHEME_BG4_LZ4;
    } else if (policy == HFHUB_XET_POLICY_BEST) {
        size_t blen = 0;
        uint8_t *alt = (uint8_t *)hfhub__alloc(a, n);
        if (!alt) return hfhub__fail(HFHUB_ERR_NOMEM, "compress: out of memory");
        r = hfhub__compress_bg4(a, src, n, alt, len ? len : limit, &blen);
        if (r == HFHUB_OK && blen) {
            memcpy(dst, alt, blen);
            len = blen;
            s = HFHUB_XET_SCHEME_BG4_LZ4;
        }
        hfhub__free(a, alt, n);
    }
    if (r != HFHUB_OK) return r;
    if (policy == HFHUB_XET_POLICY_NONE || len == 0) { /* stored: not strictly smaller */
        if (n) memcpy(dst, src, n);
        len = n;
        s = HFHUB_XET_SCHEME_NONE;
    }
    *scheme = s;
    *out_len = len;
    return HFHUB_OK;
}

static hfhub_result hfhub__compress_lz4_exact(const void *src, size_t n, void *dst, size_t expected) {
    size_t len = 0;
    hfhub_result r = hfhub_lz4_frame_decompress(src, n, dst, expected, &len);
    if (r == HFHUB_ERR_TOO_LARGE || (r == HFHUB_OK && len != expected))
        return hfhub__fail(HFHUB_ERR_PARSE, "xet: chunk does not decode to its %zu bytes", expected);
    return r;
}

hfhub_result hfhub_xet_decompress(const hfhub_allocator *a, hfhub_xet_scheme scheme, const void *src, size_t n,
                                  void *dst, size_t expected) {
    uint8_t *tmp;
    hfhub_result r;
    switch (scheme) {
    case HFHUB_XET_SCHEME_NONE:
        if (n != expected) return hfhub__fail(HFHUB_ERR_PARSE, "xet: stored chunk size mismatch");
        if (n) memcpy(dst, src, n);
        return HFHUB_OK;
    case HFHUB_XET_SCHEME_LZ4:
        return hfhub__compress_lz4_exact(src, n, dst, expected);
    case HFHUB_XET_SCHEME_BG4_LZ4:
        if (!(tmp = (uint8_t *)hfhub__alloc(a, expected))) return hfhub__fail(HFHUB_ERR_NOMEM, "bg4: out of memory");
        r = hfhub__compress_lz4_exact(src, n, tmp, expected);
        if (r == HFHUB_OK) hfhub_bg4_join(tmp, expected, dst);
        hfhub__free(a, tmp, expected);
        return r;
    default:
        return hfhub__fail(HFHUB_ERR_PARSE, "xet: unknown compression scheme %d", (int)scheme);
    }
}
