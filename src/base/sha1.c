/* sha1.c: SHA-1 in portable C (FIPS 180-4 §6.1) and git's blob object id. */
#include <string.h>

#define HFHUB__SHA1_ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
/* W[t] for t >= 16 in a 16-word circular schedule (kept in registers/L1) */
#define HFHUB__SHA1_W(t) (w[(t) & 15] = HFHUB__SHA1_ROL(w[((t) - 3) & 15] ^ w[((t) - 8) & 15] ^ \
                                                         w[((t) - 14) & 15] ^ w[(t) & 15], 1))
#define HFHUB__SHA1_F0(b, c, d) ((d) ^ ((b) & ((c) ^ (d))))
#define HFHUB__SHA1_F1(b, c, d) ((b) ^ (c) ^ (d))
#define HFHUB__SHA1_F2(b, c, d) (((b) & (c)) | ((d) & ((b) | (c))))
/* One round with the roles of the five words rotated by the caller (no moves). */
#define HFHUB__SHA1_R(a, b, c, d, e, f, k, wt) do { \
        e += HFHUB__SHA1_ROL(a, 5) + f(b, c, d) + (k) + (wt); \
        b = HFHUB__SHA1_ROL(b, 30); } while (0)
#define HFHUB__SHA1_R5(t, f, k, W) \
    HFHUB__SHA1_R(a, b, c, d, e, f, k, W((t) + 0)); \
    HFHUB__SHA1_R(e, a, b, c, d, f, k, W((t) + 1)); \
    HFHUB__SHA1_R(d, e, a, b, c, f, k, W((t) + 2)); \
    HFHUB__SHA1_R(c, d, e, a, b, f, k, W((t) + 3)); \
    HFHUB__SHA1_R(b, c, d, e, a, f, k, W((t) + 4))
#define HFHUB__SHA1_W0(t) w[t]

static void hfhub__sha1_block(uint32_t s[5], const unsigned char *p) {
    uint32_t w[16], a = s[0], b = s[1], c = s[2], d = s[3], e = s[4];
    int i;
    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    HFHUB__SHA1_R5(0, HFHUB__SHA1_F0, 0x5a827999, HFHUB__SHA1_W0);
    HFHUB__SHA1_R5(5, HFHUB__SHA1_F0, 0x5a827999, HFHUB__SHA1_W0);
    HFHUB__SHA1_R5(10, HFHUB__SHA1_F0, 0x5a827999, HFHUB__SHA1_W0);
    HFHUB__SHA1_R(a, b, c, d, e, HFHUB__SHA1_F0, 0x5a827999, w[15]);
    HFHUB__SHA1_R(e, a, b, c, d, HFHUB__SHA1_F0, 0x5a827999, HFHUB__SHA1_W(16));
    HFHUB__SHA1_R(d, e, a, b, c, HFHUB__SHA1_F0, 0x5a827999, HFHUB__SHA1_W(17));
    HFHUB__SHA1_R(c, d, e, a, b, HFHUB__SHA1_F0, 0x5a827999, HFHUB__SHA1_W(18));
    HFHUB__SHA1_R(b, c, d, e, a, HFHUB__SHA1_F0, 0x5a827999, HFHUB__SHA1_W(19));
    HFHUB__SHA1_R5(20, HFHUB__SHA1_F1, 0x6ed9eba1, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(25, HFHUB__SHA1_F1, 0x6ed9eba1, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(30, HFHUB__SHA1_F1, 0x6ed9eba1, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(35, HFHUB__SHA1_F1, 0x6ed9eba1, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(40, HFHUB__SHA1_F2, 0x8f1bbcdc, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(45, HFHUB__SHA1_F2, 0x8f1bbcdc, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(50, HFHUB__SHA1_F2, 0x8f1bbcdc, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(55, HFHUB__SHA1_F2, 0x8f1bbcdc, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(60, HFHUB__SHA1_F1, 0xca62c1d6, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(65, HFHUB__SHA1_F1, 0xca62c1d6, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(70, HFHUB__SHA1_F1, 0xca62c1d6, HFHUB__SHA1_W);
    HFHUB__SHA1_R5(75, HFHUB__SHA1_F1, 0xca62c1d6, HFHUB__SHA1_W);
    s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e;
}

void hfhub_sha1_init(hfhub_sha1_ctx *c) {
    c->state[0] = 0x67452301; c->state[1] = 0xefcdab89; c->state[2] = 0x98badcfe;
    c->state[3] = 0x10325476; c->state[4] = 0xc3d2e1f0;
    c->total = 0;
    c->block_len = 0;
}

void hfhub_sha1_update(hfhub_sha1_ctx *c, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    c->total += n;
    if (c->block_len) {
        size_t take = 64 - c->block_len < n ? 64 - c->block_len : n;
        memcpy(c->block + c->block_len, p, take);
        c->block_len += take; p += take; n -= take;
        if (c->block_len < 64) return;
        hfhub__sha1_block(c->state, c->block);
        c->block_len = 0;
    }
    for (; n >= 64; p += 64, n -= 64) hfhub__sha1_block(c->state, p);
    if (n) { memcpy(c->block, p, n); c->block_len = n; }
}

void hfhub_sha1_final(hfhub_sha1_ctx *c, unsigned char out[20]) {
    uint64_t bits = c->total * 8;
    int i;
    c->block[c->block_len++] = 0x80;
    if (c->block_len > 56) {
        memset(c->block + c->block_len, 0, 64 - c->block_len);
        hfhub__sha1_block(c->state, c->block);
        c->block_len = 0;
    }
    memset(c->block + c->block_len, 0, 56 - c->block_len);
    for (i = 0; i < 8; i++) c->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    hfhub__sha1_block(c->state, c->block);
    for (i = 0; i < 20; i++) out[i] = (unsigned char)(c->state[i / 4] >> (24 - 8 * (i % 4)));
    c->block_len = 0;
}

void hfhub_sha1(const void *data, size_t n, unsigned char out[20]) {
    hfhub_sha1_ctx c;
    hfhub_sha1_init(&c);
    hfhub_sha1_update(&c, data, n);
    hfhub_sha1_final(&c, out);
}

void hfhub_git_blob_init(hfhub_sha1_ctx *c, uint64_t size) {
    char hdr[32], digits[21];
    size_t nd = 0, i = 0;
    do { digits[nd++] = (char)('0' + size % 10); size /= 10; } while (size);
    memcpy(hdr, "blob ", 5);
    i = 5;
    while (nd) hdr[i++] = digits[--nd];
    hdr[i++] = '\0';
    hfhub_sha1_init(c);
    hfhub_sha1_update(c, hdr, i);
}

void hfhub_git_blob_sha1_hex(const void *data, size_t n, char out[41]) {
    hfhub_sha1_ctx c;
    unsigned char d[20];
    hfhub_git_blob_init(&c, n);
    hfhub_sha1_update(&c, data, n);
    hfhub_sha1_final(&c, d);
    hfhub_hex_encode(d, 20, out);
}

#undef HFHUB__SHA1_ROL
#undef HFHUB__SHA1_W
#undef HFHUB__SHA1_F0
#undef HFHUB__SHA1_F1
#undef HFHUB__SHA1_F2
#undef HFHUB__SHA1_R
#undef HFHUB__SHA1_R5
#undef HFHUB__SHA1_W0
