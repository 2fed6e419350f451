/* xet_test_util.h: helpers shared by the Xet codec tests: a minimal JSON field scanner for
 * the vector files (their layout is fixed and known), hex, the vector input generators of
 * ../shared/vectors/README.md §3.3, and a small SHA-256 to check those generators. */
#ifndef XET_TEST_UTIL_H
#define XET_TEST_UTIL_H

#include <stdint.h>
#include <ctype.h>

/* Pointer just past `"key":` (and spaces) at or after p, or NULL. */
static HFHUB__UNUSED const char *tj_find(const char *p, const char *key) {
    char pat[128];
    const char *q;
    snprintf(pat, sizeof(pat), "\"%s\"", key);
    if (!p || !(q = strstr(p, pat))) return NULL;
    q += strlen(pat);
    while (isspace((unsigned char)*q)) q++;
    if (*q != ':') return NULL;
    q++;
    while (isspace((unsigned char)*q)) q++;
    return q;
}

/* Copies the JSON string value at p (no escapes in the vector files) into out. */
static HFHUB__UNUSED int tj_str(const char *p, char *out, size_t cap) {
    size_t n = 0;
    if (!p || *p != '"') return -1;
    for (p++; *p && *p != '"'; p++) {
        if (n + 1 >= cap) return -1;
        out[n++] = *p;
    }
    out[n] = 0;
    return *p == '"' ? 0 : -1;
}

static HFHUB__UNUSED long long tj_int(const char *p) { return p ? strtoll(p, NULL, 10) : -1; }

/* Reads a JSON array of integers at p into out (at most cap); returns the count or -1. */
static HFHUB__UNUSED long tj_int_array(const char *p, uint64_t *out, size_t cap) {
    size_t n = 0;
    if (!p || *p != '[') return -1;
    p++;
    for (;;) {
        char *end;
        while (isspace((unsigned char)*p) || *p == ',') p++;
        if (*p == ']') return (long)n;
        if (n >= cap) return -1;
        out[n++] = strtoull(p, &end, 10);
        if (end == p) return -1;
        p = end;
    }
}

/* End of the JSON value (object/array/string/scalar) starting at p. */
static HFHUB__UNUSED const char *tj_skip(const char *p) {
    int depth = 0, in_str = 0;
    for (; *p; p++) {
        if (in_str) {
            if (*p == '\\') p++;
            else if (*p == '"') { in_str = 0; if (!depth) return p + 1; }
        } else if (*p == '"') in_str = 1;
        else if (*p == '{' || *p == '[') depth++;
        else if (*p == '}' || *p == ']') { if (--depth <= 0) return p + 1; }
        else if (!depth && (*p == ',' || isspace((unsigned char)*p))) return p;
    }
    return p;
}

/* Calls fn for each element of the array of objects at p (a copy, NUL-terminated). */
static HFHUB__UNUSED int tj_each(const char *p, void (*fn)(const char *obj, void *u), void *u) {
    int n = 0;
    if (!p || *p != '[') return -1;
    p++;
    for (;;) {
        const char *e;
        char *copy;
        while (isspace((unsigned char)*p) || *p == ',') p++;
        if (*p != '{') return n;
        e = tj_skip(p);
        copy = (char *)malloc((size_t)(e - p) + 1);
        memcpy(copy, p, (size_t)(e - p));
        copy[e - p] = 0;
        fn(copy, u);
        free(copy);
        n++;
        p = e;
    }
}

static HFHUB__UNUSED int t_unhex(const char *hex, uint8_t *out, size_t cap) {
    size_t n = strlen(hex), i;
    if (n % 2 || n / 2 > cap) return -1;
    for (i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (uint8_t)v;
    }
    return (int)(n / 2);
}

static HFHUB__UNUSED void t_hex(const uint8_t *in, size_t n, char *out) {
    size_t i;
    for (i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", in[i]);
    out[2 * n] = 0;
}

/* Reads a vector file relative to the vectors folder; aborts the test binary if missing. */
static HFHUB__UNUSED char *t_vector_file(const char *rel) {
    char path[1024];
    char *s;
    snprintf(path, sizeof(path), "%s/%s", t_vectors_dir(), rel);
    s = t_read_file(path, NULL);
    if (!s) {
        fprintf(stderr, "cannot read %s\n", path);
        printf("0 passed, 1 failed\n");
        exit(1);
    }
    return s;
}

static HFHUB__UNUSED uint64_t t_splitmix_next(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static HFHUB__UNUSED void t_splitmix_fill(uint64_t seed, uint8_t *out, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint64_t z = t_splitmix_next(&seed);
        int k;
        for (k = 0; k < 8 && i < n; k++, i++) out[i] = (uint8_t)(z >> (8 * k));
    }
}

/* Builds the bytes described by a vector "input" object (README §3.3); malloc'd. */
static HFHUB__UNUSED uint8_t *t_gen_input(const char *obj, size_t *len) {
    char kind[32], hex[4096];
    uint8_t *d = NULL;
    size_t n = 0;
    if (tj_str(tj_find(obj, "kind"), kind, sizeof(kind))) return NULL;
    if (!strcmp(kind, "literal")) {
        int k;
        if (tj_str(tj_find(obj, "data_hex"), hex, sizeof(hex))) return NULL;
        d = (uint8_t *)malloc(strlen(hex) / 2 + 1);
        k = t_unhex(hex, d, strlen(hex) / 2);
        n = (size_t)k;
    } else {
        n = (size_t)tj_int(tj_find(obj, "length"));
        d = (uint8_t *)malloc(n + 1);
        if (!strcmp(kind, "splitmix64")) {
            t_splitmix_fill((uint64_t)tj_int(tj_find(obj, "seed")), d, n);
        } else if (!strcmp(kind, "constant")) {
            memset(d, (int)tj_int(tj_find(obj, "byte")), n);
        } else if (!strcmp(kind, "pattern_doubling")) {
            size_t plen, pad, have;
            if (tj_str(tj_find(obj, "pattern_hex"), hex, sizeof(hex))) { free(d); return NULL; }
            plen = strlen(hex) / 2;
            pad = (size_t)tj_int(tj_find(obj, "pad"));
            uint8_t *seed = (uint8_t *)calloc(plen + pad + 1, 1);
            t_unhex(hex, seed, plen);
            have = plen + pad < n ? plen + pad : n;
            memcpy(d, seed, have);
            free(seed);
            while (have < n) {
                size_t take = n - have < have ? n - have : have;
                memcpy(d + have, d, take);
                have += take;
            }
        } else {
            free(d);
            return NULL;
        }
    }
    *len = n;
    return d;
}

/* ---- SHA-256 (FIPS 180-4), only to check the generators against the vectors' sha256 ---- */
static HFHUB__UNUSED void t_sha256(const uint8_t *data, size_t len, uint8_t out[32]) {
    static const uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t total = ((len + 9 + 63) / 64) * 64, off, i;
    for (off = 0; off < total; off += 64) {
        uint8_t blk[64];
        uint32_t w[64], a, b, c, d, e, f, g, hh;
        for (i = 0; i < 64; i++) {
            size_t p = off + i;
            blk[i] = p < len ? data[p] : p == len ? 0x80 : 0;
            if (p >= total - 8) blk[i] = (uint8_t)(((uint64_t)len * 8) >> (8 * (total - 1 - p)));
        }
        for (i = 0; i < 16; i++)
            w[i] = (uint32_t)blk[4 * i] << 24 | (uint32_t)blk[4 * i + 1] << 16 |
                   (uint32_t)blk[4 * i + 2] << 8 | blk[4 * i + 3];
#define T_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
        for (i = 16; i < 64; i++)
            w[i] = w[i - 16] + (T_ROR(w[i - 15], 7) ^ T_ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
                   w[i - 7] + (T_ROR(w[i - 2], 17) ^ T_ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
        a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; hh = h[7];
        for (i = 0; i < 64; i++) {
            uint32_t t1 = hh + (T_ROR(e, 6) ^ T_ROR(e, 11) ^ T_ROR(e, 25)) + ((e & f) ^ (~e & g)) +
                          k[i] + w[i];
            uint32_t t2 = (T_ROR(a, 2) ^ T_ROR(a, 13) ^ T_ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
#undef T_ROR
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    for (i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24); out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8); out[4 * i + 3] = (uint8_t)h[i];
    }
}

/* 1 if the generated bytes hash to the hex sha256 given (or none is given). */
static HFHUB__UNUSED int t_check_sha256(const uint8_t *d, size_t n, const char *sha_field) {
    char want[80], got[65];
    uint8_t h[32];
    if (tj_str(sha_field, want, sizeof(want))) return 1;
    t_sha256(d, n, h);
    t_hex(h, 32, got);
    if (strcmp(got, want)) fprintf(stderr, "  generator sha256 %s != %s\n", got, want);
    return !strcmp(got, want);
}

/* Nonzero under tests/valgrind.sh: tests then do fewer random rounds (same coverage kinds). */
static HFHUB__UNUSED int t_light(void) { return getenv("HFHUB_UNDER_VALGRIND") != NULL; }

/* A small deterministic PRNG for random tests (xorshift64*). */
static HFHUB__UNUSED uint64_t t_rand(uint64_t *s) {
    *s ^= *s >> 12; *s ^= *s << 25; *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

#endif
