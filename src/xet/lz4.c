/* lz4.c: XXH32, LZ4 blocks and LZ4 frames (format: lz4 docs, LZ4_Frame_format.md). */
#include <string.h>

#define HFHUB__LZ4_MAGIC 0x184D2204u
#define HFHUB__LZ4_SKIPPABLE 0x184D2A50u /* ..5F: the low 4 bits are free */
#define HFHUB__LZ4_MINMATCH 4
#define HFHUB__LZ4_LASTLITERALS 5
#define HFHUB__LZ4_MFLIMIT 12
#define HFHUB__LZ4_MAX_DIST 65535
#define HFHUB__LZ4_SKIP_TRIGGER 6
#define HFHUB__LZ4_HISTORY 65536
#define HFHUB__LZ4_FLG_INDEP 0x20
#define HFHUB__LZ4_FLG_BCHK 0x10
#define HFHUB__LZ4_FLG_CSIZE 0x08
#define HFHUB__LZ4_FLG_CCHK 0x04
#define HFHUB__LZ4_FLG_DICT 0x01
#define HFHUB__LZ4_RAW_BIT 0x80000000u

/* ---- XXH32 ---- */

#define HFHUB__XXH_P1 0x9E3779B1u
#define HFHUB__XXH_P2 0x85EBCA77u
#define HFHUB__XXH_P3 0xC2B2AE3Du
#define HFHUB__XXH_P4 0x27D4EB2Fu
#define HFHUB__XXH_P5 0x165667B1u

static uint32_t hfhub__lz4_rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static uint32_t hfhub__lz4_xxh_round(uint32_t acc, uint32_t in) {
    acc += in * HFHUB__XXH_P2;
    return hfhub__lz4_rotl(acc, 13) * HFHUB__XXH_P1;
}

void hfhub_xxh32_init(hfhub_xxh32_state *s, uint32_t seed) {
    memset(s, 0, sizeof *s);
    s->v[0] = seed + HFHUB__XXH_P1 + HFHUB__XXH_P2;
    s->v[1] = seed + HFHUB__XXH_P2;
    s->v[2] = seed;
    s->v[3] = seed - HFHUB__XXH_P1;
}

static void hfhub__lz4_xxh_stripe(hfhub_xxh32_state *s, const uint8_t *p) {
    s->v[0] = hfhub__lz4_xxh_round(s->v[0], hfhub__xet_rd32(p));
    s->v[1] = hfhub__lz4_xxh_round(s->v[1], hfhub__xet_rd32(p + 4));
    s->v[2] = hfhub__lz4_xxh_round(s->v[2], hfhub__xet_rd32(p + 8));
    s->v[3] = hfhub__lz4_xxh_round(s->v[3], hfhub__xet_rd32(p + 12));
}

void hfhub_xxh32_update(hfhub_xxh32_state *s, const void *data, size_t n) {
    const uint8_t *p = (const uint8_t *)data, *end = p + n;
    s->total_lo += (uint32_t)n;
    if (n >= 16 || s->total_lo >= 16) s->large = 1;
    if (s->memsize + n < 16) {
        if (n) memcpy(s->mem + s->memsize, p, n);
        s->memsize += (uint32_t)n;
        return;
    }
    if (s->memsize) {
        size_t take = 16 - s->memsize;
        memcpy(s->mem + s->memsize, p, take);
        hfhub__lz4_xxh_stripe(s, s->mem);
        p += take;
        s->memsize = 0;
    }
    while ((size_t)(end - p) >= 16) {
        hfhub__lz4_xxh_stripe(s, p);
        p += 16;
    }
    if (p < end) {
        memcpy(s->mem, p, (size_t)(end - p));
        s->memsize = (uint32_t)(end - p);
    }
}

uint32_t hfhub_xxh32_final(const hfhub_xxh32_state *s) {
    const uint8_t *p = s->mem, *end = s->mem + s->memsize;
    uint32_t h;
    if (s->large)
        h = hfhub__lz4_rotl(s->v[0], 1) + hfhub__lz4_rotl(s->v[1], 7) + hfhub__lz4_rotl(s->v[2], 12) +
            hfhub__lz4_rotl(s->v[3], 18);
    else
        h = s->v[2] /* the seed */ + HFHUB__XXH_P5;
    h += s->total_lo;
    for (; end - p >= 4; p += 4)
        h = hfhub__lz4_rotl(h + hfhub__xet_rd32(p) * HFHUB__XXH_P3, 17) * HFHUB__XXH_P4;
    for (; p < end; p++) h = hfhub__lz4_rotl(h + (*p) * HFHUB__XXH_P5, 11) * HFHUB__XXH_P1;
    h ^= h >> 15;
    h *= HFHUB__XXH_P2;
    h ^= h >> 13;
    h *= HFHUB__XXH_P3;
    h ^= h >> 16;
    return h;
}

uint32_t hfhub_xxh32(const void *data, size_t n, uint32_t seed) {
    hfhub_xxh32_state s;
    hfhub_xxh32_init(&s, seed);
    hfhub_xxh32_update(&s, data, n);
    return hfhub_xxh32_final(&s);
}

/* ---- block compression (the "fast" hash-table matcher) ---- */

static unsigned hfhub__lz4_ctz64(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    while (!(x & 1)) { x >>= 1; n++; }
    return n;
#endif
}

/* Length of the common prefix of a and b, not reading at or past limit (a's side). */
static size_t hfhub__lz4_count(const uint8_t *a, const uint8_t *b, const uint8_t *limit) {
    const uint8_t *start = a;
    while (limit - a >= 8) {
        uint64_t x = hfhub__xet_rd64(a) ^ hfhub__xet_rd64(b);
        if (x) return (size_t)(a - start) + hfhub__lz4_ctz64(x) / 8;
        a += 8;
        b += 8;
    }
    while (a < limit && *a == *b) { a++; b++; }
    return (size_t)(a - start);
}

/* Copies len bytes in 8-byte steps: may write (and read) up to 7 bytes past len. */
static void hfhub__lz4_wild8(uint8_t *d, const uint8_t *s, size_t len) {
    uint8_t *e = d + len;
    do { memcpy(d, s, 8); d += 8; s += 8; } while (d < e);
}

/* Writes the extension bytes of a length whose 4-bit field is saturated (len >= 15). */
static uint8_t *hfhub__lz4_put_len(uint8_t *op, size_t len) {
    len -= 15;
    while (len >= 255) { *op++ = 255; len -= 255; }
    *op++ = (uint8_t)len;
    return op;
}

static size_t hfhub__lz4_last_literals(const uint8_t *anchor, size_t lit, uint8_t *op, uint8_t *dst,
                                       size_t cap) {
    if (lit + lit / 255 + 2 > cap - (size_t)(op - dst)) return 0;
    if (lit >= 15) { *op++ = 15 << 4; op = hfhub__lz4_put_len(op, lit); }
    else *op++ = (uint8_t)(lit << 4);
    memcpy(op, anchor, lit);
    return (size_t)(op + lit - dst);
}

/* Hash of the 4 bytes at p for a table of 2^13 (small) or 2^12 entries. */
static uint32_t hfhub__lz4_hash(const uint8_t *p, int small) {
    return (hfhub__xet_rd32(p) * 2654435761u) >> (small ? 32 - 13 : 32 - 12);
}

/* Looks up and replaces the table entry for position pos (relative to src). */
static uint32_t hfhub__lz4_swap(hfhub__lz4_table *t, uint32_t h, uint32_t pos, int small) {
    uint32_t old;
    if (small) { old = t->u16[h]; t->u16[h] = (uint16_t)pos; }
    else { old = t->u32[h]; t->u32[h] = pos; }
    return old;
}

/* The compressor; `small` (n <= 64 KiB) is constant in each call site, so compilers
 * specialise it. The output bound checks reserve room for the wild copies. */
static size_t hfhub__lz4_compress_impl(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                       hfhub__lz4_table *t, int small) {
    const uint8_t *ip = src, *anchor = src, *iend = src + n;
    const uint8_t *mflimit = iend - HFHUB__LZ4_MFLIMIT, *matchlimit = iend - HFHUB__LZ4_LASTLITERALS;
    uint8_t *op = dst, *oend = dst + cap;
    memset(t, 0, sizeof *t);
    ip++;
    for (;;) {
        const uint8_t *match, *fwd = ip;
        uint8_t *token;
        size_t lit, mlen;
        unsigned step = 1, attempts = 1u << HFHUB__LZ4_SKIP_TRIGGER;
        do { /* search, accelerating over data that does not match */
            ip = fwd;
            fwd += step;
            step = attempts++ >> HFHUB__LZ4_SKIP_TRIGGER;
            if (fwd > mflimit) goto last;
            match = src + hfhub__lz4_swap(t, hfhub__lz4_hash(ip, small), (uint32_t)(ip - src), small);
        } while (ip - match > HFHUB__LZ4_MAX_DIST || hfhub__xet_rd32(match) != hfhub__xet_rd32(ip));
        while (ip > anchor && match > src && ip[-1] == match[-1]) { ip--; match--; }
        lit = (size_t)(ip - anchor);
        if (lit + lit / 255 + 8 + HFHUB__LZ4_LASTLITERALS > (size_t)(oend - op)) return 0;
        token = op++;
        if (lit >= 15) { *token = 15 << 4; op = hfhub__lz4_put_len(op, lit); }
        else *token = (uint8_t)(lit << 4);
        if (lit) hfhub__lz4_wild8(op, anchor, lit); /* room: checked above; input: ip <= mflimit */
        op += lit;
        for (;;) { /* a match at ip (from match), possibly followed by an immediate one */
            hfhub__xet_wr16(op, (uint16_t)(ip - match));
            op += 2;
            mlen = hfhub__lz4_count(ip + HFHUB__LZ4_MINMATCH, match + HFHUB__LZ4_MINMATCH, matchlimit);
            ip += HFHUB__LZ4_MINMATCH + mlen;
            if (mlen / 255 + 1 + HFHUB__LZ4_LASTLITERALS > (size_t)(oend - op)) return 0;
            if (mlen >= 15) { *token += 15; op = hfhub__lz4_put_len(op, mlen); }
            else *token = (uint8_t)(*token + mlen);
            anchor = ip;
            if (ip > mflimit) goto last;
            hfhub__lz4_swap(t, hfhub__lz4_hash(ip - 2, small), (uint32_t)(ip - 2 - src), small);
            match = src + hfhub__lz4_swap(t, hfhub__lz4_hash(ip, small), (uint32_t)(ip - src), small);
            if (ip - match > HFHUB__LZ4_MAX_DIST || hfhub__xet_rd32(match) != hfhub__xet_rd32(ip)) break;
            if ((size_t)(oend - op) < 4 + HFHUB__LZ4_LASTLITERALS) return 0;
            token = op++;
            *token = 0;
        }
        ip++;
    }
last:
    return hfhub__lz4_last_literals(anchor, (size_t)(iend - anchor), op, dst, cap);
}

size_t hfhub__lz4_block_compress(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, hfhub__lz4_table *table) {
    if (n < HFHUB__LZ4_MFLIMIT + 1 || n > 0x7E000000) return hfhub__lz4_last_literals(src, n, dst, dst, cap);
    return n <= 65536 ? hfhub__lz4_compress_impl(src, n, dst, cap, table, 1)
                      : hfhub__lz4_compress_impl(src, n, dst, cap, table, 0);
}

/* ---- block decoding ---- */

/* Reads the extension bytes of a saturated length; 0 on running out of input. */
static int hfhub__lz4_get_len(const uint8_t **ip, const uint8_t *iend, size_t *len) {
    unsigned b;
    do {
        if (*ip >= iend) return 0;
        b = *(*ip)++;
        *len += b;
    } while (b == 255);
    return 1;
}

/* Copies a match of len bytes from op - off (off <= len possible: the copy overlaps). */
static void hfhub__lz4_copy_match(uint8_t *op, size_t off, size_t len, const uint8_t *oend) {
    const uint8_t *m = op - off;
    if (off >= 16 && len + 16 <= (size_t)(oend - op)) {
        uint8_t *e = op + len; /* 16-byte steps; the overshoot stays below oend */
        do { memcpy(op, m, 16); op += 16; m += 16; } while (op < e);
    } else if (off >= len) {
        memcpy(op, m, len);
    } else { /* a repeating pattern: double the copied span each round */
        size_t dist = off;
        while (len) {
            size_t k = len < dist ? len : dist;
            memcpy(op, op - dist, k);
            op += k;
            len -= k;
            dist *= 2;
        }
    }
}

int hfhub__lz4_block_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t low, size_t pos, size_t cap,
                            size_t *end) {
    const uint8_t *ip = src, *iend = src + n;
    uint8_t *op = dst + pos, *oend = dst + cap;
    for (;;) {
        unsigned token;
        size_t lit, mlen, off;
        if (ip >= iend) return 1; /* a block ends with a literal run */
        token = *ip++;
        lit = token >> 4;
        mlen = token & 15;
        /* fast path: short literal run and short match, with room to copy in fixed 16- and
         * 8-byte moves (the input cannot end inside this sequence: 18 bytes remain) */
        if (lit != 15 && mlen != 15 && iend - ip >= 18 && oend - op >= 32) {
            memcpy(op, ip, 16);
            op += lit;
            ip += lit;
            off = hfhub__xet_rd16(ip);
            ip += 2;
            if (off == 0 || off > (size_t)(op - (dst + low))) return 1;
            mlen += HFHUB__LZ4_MINMATCH;
            if (off >= 8) {
                memcpy(op, op - off, 8);
                memcpy(op + 8, op + 8 - off, 8);
                memcpy(op + 16, op + 16 - off, 2);
            } else {
                hfhub__lz4_copy_match(op, off, mlen, oend);
            }
            op += mlen;
            continue;
        }
        if (lit == 15 && !hfhub__lz4_get_len(&ip, iend, &lit)) return 1;
        if (lit > (size_t)(iend - ip)) return 1;
        if (lit > (size_t)(oend - op)) return 2;
        if (lit <= 16 && iend - ip >= 16 && oend - op >= 16) memcpy(op, ip, 16);
        else memcpy(op, ip, lit);
        op += lit;
        ip += lit;
        if (ip == iend) break;
        if (iend - ip < 2) return 1;
        off = hfhub__xet_rd16(ip);
        ip += 2;
        if (off == 0 || off > (size_t)(op - (dst + low))) return 1;
        if (mlen == 15 && !hfhub__lz4_get_len(&ip, iend, &mlen)) return 1;
        mlen += HFHUB__LZ4_MINMATCH;
        if (mlen > (size_t)(oend - op)) return 2;
        hfhub__lz4_copy_match(op, off, mlen, oend);
        op += mlen;
    }
    *end = (size_t)(op - dst);
    return 0;
}

/* ---- frame header ---- */

static size_t hfhub__lz4_block_max(unsigned id) { return (size_t)1 << (8 + 2 * id); }

/* Header length from FLG (magic included). */
static size_t hfhub__lz4_header_len(uint8_t flg) {
    return 7 + ((flg & HFHUB__LZ4_FLG_CSIZE) ? 8 : 0) + ((flg & HFHUB__LZ4_FLG_DICT) ? 4 : 0);
}

/* Validates a complete header h (magic included, hlen bytes). */
static hfhub_result hfhub__lz4_check_header(const uint8_t *h, size_t hlen) {
    uint8_t flg = h[4], bd = h[5];
    unsigned id = (bd >> 4) & 7;
    if ((flg >> 6) != 1) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: unsupported frame version");
    if ((flg & 0x02) || (bd & 0x8F)) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: reserved frame bits set");
    if (id < 4) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: invalid block size id %u", id);
    if (((hfhub_xxh32(h + 4, hlen - 5, 0) >> 8) & 0xFF) != h[hlen - 1])
        return hfhub__fail(HFHUB_ERR_PARSE, "lz4: frame header checksum mismatch");
    return HFHUB_OK;
}

static size_t hfhub__lz4_write_header(uint8_t *p, const hfhub_lz4_opts *o, unsigned id, int with_size,
                                      uint64_t size) {
    size_t n = 6;
    hfhub__xet_wr32(p, HFHUB__LZ4_MAGIC);
    p[4] = (uint8_t)(0x40 | HFHUB__LZ4_FLG_INDEP | (o->block_checksums ? HFHUB__LZ4_FLG_BCHK : 0) |
                     (with_size ? HFHUB__LZ4_FLG_CSIZE : 0) | (o->content_checksum ? HFHUB__LZ4_FLG_CCHK : 0));
    p[5] = (uint8_t)(id << 4);
    if (with_size) { hfhub__xet_wr64(p + 6, size); n += 8; }
    p[n] = (uint8_t)((hfhub_xxh32(p + 4, n - 4, 0) >> 8) & 0xFF);
    return n + 1;
}

static unsigned hfhub__lz4_pick_id(const hfhub_lz4_opts *o, size_t n) {
    if (o->block_size >= HFHUB_LZ4_BLOCK_64KB && o->block_size <= HFHUB_LZ4_BLOCK_4MB)
        return (unsigned)o->block_size;
    return n <= 65536 ? 4 : 5;
}

/* ---- one-shot frame compression ---- */

size_t hfhub_lz4_frame_bound(size_t n) { return n + (n / 65536 + 1) * 8 + 27; }

hfhub_result hfhub_lz4_frame_compress(const void *src, size_t n, void *dst, size_t cap,
                                      const hfhub_lz4_opts *opts, size_t *out_len) {
    hfhub_lz4_opts o;
    const uint8_t *ip = (const uint8_t *)src;
    uint8_t *out = (uint8_t *)dst, hdr[19];
    hfhub__lz4_table table;
    size_t pos, bmax, bchk, done = 0;
    unsigned id;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (o.block_size != HFHUB_LZ4_BLOCK_AUTO && (o.block_size < 4 || o.block_size > 7))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "lz4: invalid block size");
    id = hfhub__lz4_pick_id(&o, n);
    bmax = hfhub__lz4_block_max(id);
    bchk = o.block_checksums ? 4 : 0;
    pos = hfhub__lz4_write_header(hdr, &o, id, o.content_size, n);
    if (cap < pos) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: output buffer too small");
    memcpy(out, hdr, pos);
    while (done < n) {
        size_t len = n - done < bmax ? n - done : bmax, room = cap - pos, c = 0;
        if (room < 4 + bchk) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: output buffer too small");
        room -= 4 + bchk;
        /* stored raw unless strictly smaller, as liblz4 does */
        c = hfhub__lz4_block_compress(ip + done, len, out + pos + 4, (len - 1 < room ? len - 1 : room), &table);
        if (c) {
            hfhub__xet_wr32(out + pos, (uint32_t)c);
        } else {
            if (len > room) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: output buffer too small");
            hfhub__xet_wr32(out + pos, (uint32_t)len | HFHUB__LZ4_RAW_BIT);
            memcpy(out + pos + 4, ip + done, len);
            c = len;
        }
        if (bchk) hfhub__xet_wr32(out + pos + 4 + c, hfhub_xxh32(out + pos + 4, c, 0));
        pos += 4 + c + bchk;
        done += len;
    }
    if (cap - pos < 4 + (o.content_checksum ? 4u : 0u))
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: output buffer too small");
    hfhub__xet_wr32(out + pos, 0);
    pos += 4;
    if (o.content_checksum) { hfhub__xet_wr32(out + pos, hfhub_xxh32(src, n, 0)); pos += 4; }
    *out_len = pos;
    return HFHUB_OK;
}

/* ---- one-shot frame decompression ---- */

static hfhub_result hfhub__lz4_block_error(int rc, size_t pos, size_t block_end, size_t cap) {
    if (rc == 2 && block_end > cap && pos <= cap)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: output larger than %zu bytes", cap);
    return hfhub__fail(HFHUB_ERR_PARSE, "lz4: malformed block");
}

/* Decodes the blocks of one frame whose header is at src[0..hlen); *used = frame length. */
static hfhub_result hfhub__lz4_decode_frame(const uint8_t *src, size_t n, size_t hlen, uint8_t *dst,
                                            size_t cap, size_t *pos_io, size_t *used) {
    uint8_t flg = src[4];
    size_t bmax = hfhub__lz4_block_max((src[5] >> 4) & 7), bchk = (flg & HFHUB__LZ4_FLG_BCHK) ? 4 : 0;
    size_t ip = hlen, pos = *pos_io, start = *pos_io;
    for (;;) {
        uint32_t word;
        size_t size;
        if (n - ip < 4) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: truncated frame");
        word = hfhub__xet_rd32(src + ip);
        ip += 4;
        if (word == 0) break;
        size = word & ~HFHUB__LZ4_RAW_BIT;
        if (size > bmax) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: block larger than the frame's maximum");
        if (n - ip < size + bchk) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: truncated block");
        if (bchk && hfhub_xxh32(src + ip, size, 0) != hfhub__xet_rd32(src + ip + size))
            return hfhub__fail(HFHUB_ERR_INTEGRITY, "lz4: block checksum mismatch");
        if (word & HFHUB__LZ4_RAW_BIT) {
            if (size > cap - pos) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: output larger than %zu bytes", cap);
            if (size) memcpy(dst + pos, src + ip, size);
            pos += size;
        } else {
            size_t lim = bmax < cap - pos ? pos + bmax : cap, end;
            int rc = hfhub__lz4_block_decode(src + ip, size, dst, (flg & HFHUB__LZ4_FLG_INDEP) ? pos : start, pos,
                                             lim, &end);
            if (rc) return hfhub__lz4_block_error(rc, pos, pos + bmax, cap);
            pos = end;
        }
        ip += size + bchk;
    }
    if (flg & HFHUB__LZ4_FLG_CCHK) {
        if (n - ip < 4) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: truncated content checksum");
        if (hfhub_xxh32(dst + start, pos - start, 0) != hfhub__xet_rd32(src + ip))
            return hfhub__fail(HFHUB_ERR_INTEGRITY, "lz4: content checksum mismatch");
        ip += 4;
    }
    if ((flg & HFHUB__LZ4_FLG_CSIZE) && hfhub__xet_rd64(src + 6) != (uint64_t)(pos - start))
        return hfhub__fail(HFHUB_ERR_PARSE, "lz4: content size mismatch");
    *pos_io = pos;
    *used = ip;
    return HFHUB_OK;
}

hfhub_result hfhub_lz4_frame_decompress(const void *src, size_t n, void *dst, size_t cap, size_t *out_len) {
    const uint8_t *p = (const uint8_t *)src;
    size_t ip = 0, pos = 0;
    if (n == 0) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: empty input");
    while (ip < n) {
        const uint8_t *f = p + ip;
        size_t rest = n - ip, hlen, used = 0;
        uint32_t magic;
        hfhub_result r;
        if (rest < 4) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: truncated frame");
        magic = hfhub__xet_rd32(f);
        if ((magic & 0xFFFFFFF0u) == HFHUB__LZ4_SKIPPABLE) {
            uint32_t size;
            if (rest < 8 || (size = hfhub__xet_rd32(f + 4)) > rest - 8)
                return hfhub__fail(HFHUB_ERR_PARSE, "lz4: truncated skippable frame");
            ip += 8 + (size_t)size;
            continue;
        }
        if (magic != HFHUB__LZ4_MAGIC) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: bad frame magic");
        if (rest < 7 || rest < (hlen = hfhub__lz4_header_len(f[4])))
            return hfhub__fail(HFHUB_ERR_PARSE, "lz4: truncated frame header");
        if ((r = hfhub__lz4_check_header(f, hlen)) != HFHUB_OK) return r;
        if ((f[4] & HFHUB__LZ4_FLG_CSIZE) && hfhub__xet_rd64(f + 6) > (uint64_t)(cap - pos))
            return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: content size above %zu bytes", cap);
        if ((r = hfhub__lz4_decode_frame(f, rest, hlen, (uint8_t *)dst, cap, &pos, &used)) != HFHUB_OK) return r;
        ip += used;
    }
    *out_len = pos;
    return HFHUB_OK;
}

/* ---- streaming encoder ---- */

static hfhub_result hfhub__lz4_emit(hfhub_lz4_encoder *e, const void *p, size_t n) {
    if (n && e->write(e->user, p, n)) return hfhub__fail(HFHUB_ERR_CANCELLED, "lz4: output cancelled");
    return HFHUB_OK;
}

hfhub_result hfhub_lz4_encoder_init(hfhub_lz4_encoder *e, const hfhub_allocator *a, const hfhub_lz4_opts *opts,
                                    hfhub_write_fn write, void *user) {
    memset(e, 0, sizeof *e);
    if (opts) e->opts = *opts;
    if (e->opts.block_size != HFHUB_LZ4_BLOCK_AUTO && (e->opts.block_size < 4 || e->opts.block_size > 7))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "lz4: invalid block size");
    if (e->opts.block_size == HFHUB_LZ4_BLOCK_AUTO) e->opts.block_size = HFHUB_LZ4_BLOCK_64KB;
    e->opts.content_size = 0; /* unknown when streaming */
    e->a = a;
    e->write = write;
    e->user = user;
    e->block_max = hfhub__lz4_block_max((unsigned)e->opts.block_size);
    e->in = (uint8_t *)hfhub__alloc(a, e->block_max);
    e->out = (uint8_t *)hfhub__alloc(a, e->block_max + 8);
    e->table = hfhub__alloc(a, sizeof(hfhub__lz4_table));
    if (!e->in || !e->out || !e->table) {
        hfhub_lz4_encoder_free(e);
        return hfhub__fail(HFHUB_ERR_NOMEM, "lz4: out of memory");
    }
    hfhub_xxh32_init(&e->content, 0);
    return HFHUB_OK;
}

static hfhub_result hfhub__lz4_enc_start(hfhub_lz4_encoder *e) {
    uint8_t hdr[19];
    size_t n;
    if (e->started) return HFHUB_OK;
    e->started = 1;
    n = hfhub__lz4_write_header(hdr, &e->opts, (unsigned)e->opts.block_size, 0, 0);
    return hfhub__lz4_emit(e, hdr, n);
}

/* Writes one block of len bytes (len <= block_max). */
static hfhub_result hfhub__lz4_enc_block(hfhub_lz4_encoder *e, const uint8_t *p, size_t len) {
    size_t c = hfhub__lz4_block_compress(p, len, e->out + 4, len - 1, (hfhub__lz4_table *)e->table);
    hfhub_result r;
    if (e->opts.content_checksum) hfhub_xxh32_update(&e->content, p, len);
    if (c) {
        hfhub__xet_wr32(e->out, (uint32_t)c);
        if (e->opts.block_checksums) hfhub__xet_wr32(e->out + 4 + c, hfhub_xxh32(e->out + 4, c, 0));
        return hfhub__lz4_emit(e, e->out, 4 + c + (e->opts.block_checksums ? 4 : 0));
    }
    hfhub__xet_wr32(e->out, (uint32_t)len | HFHUB__LZ4_RAW_BIT);
    if ((r = hfhub__lz4_emit(e, e->out, 4)) != HFHUB_OK || (r = hfhub__lz4_emit(e, p, len)) != HFHUB_OK) return r;
    if (!e->opts.block_checksums) return HFHUB_OK;
    hfhub__xet_wr32(e->out, hfhub_xxh32(p, len, 0));
    return hfhub__lz4_emit(e, e->out, 4);
}

hfhub_result hfhub_lz4_encoder_update(hfhub_lz4_encoder *e, const void *data, size_t n) {
    const uint8_t *p = (const uint8_t *)data;
    hfhub_result r = hfhub__lz4_enc_start(e);
    while (r == HFHUB_OK && n) {
        if (e->in_len == 0 && n >= e->block_max) { /* whole blocks straight from the caller */
            r = hfhub__lz4_enc_block(e, p, e->block_max);
            p += e->block_max;
            n -= e->block_max;
        } else {
            size_t k = e->block_max - e->in_len < n ? e->block_max - e->in_len : n;
            memcpy(e->in + e->in_len, p, k);
            e->in_len += k;
            p += k;
            n -= k;
            if (e->in_len == e->block_max) {
                r = hfhub__lz4_enc_block(e, e->in, e->in_len);
                e->in_len = 0;
            }
        }
    }
    return r;
}

hfhub_result hfhub_lz4_encoder_finish(hfhub_lz4_encoder *e) {
    uint8_t tail[8];
    hfhub_result r = hfhub__lz4_enc_start(e);
    if (r == HFHUB_OK && e->in_len) {
        r = hfhub__lz4_enc_block(e, e->in, e->in_len);
        e->in_len = 0;
    }
    if (r != HFHUB_OK) return r;
    hfhub__xet_wr32(tail, 0);
    hfhub__xet_wr32(tail + 4, hfhub_xxh32_final(&e->content));
    return hfhub__lz4_emit(e, tail, e->opts.content_checksum ? 8 : 4);
}

void hfhub_lz4_encoder_free(hfhub_lz4_encoder *e) {
    hfhub__free(e->a, e->in, e->block_max);
    hfhub__free(e->a, e->out, e->block_max + 8);
    hfhub__free(e->a, e->table, sizeof(hfhub__lz4_table));
    e->in = e->out = NULL;
    e->table = NULL;
}

/* ---- streaming decoder ---- */

enum {
    HFHUB__LZ4D_MAGIC, HFHUB__LZ4D_HEADER, HFHUB__LZ4D_HEADER2, HFHUB__LZ4D_SKIPSIZE, HFHUB__LZ4D_SKIP, HFHUB__LZ4D_BSIZE,
    HFHUB__LZ4D_BLOCK, HFHUB__LZ4D_CCHK, HFHUB__LZ4D_FAILED
};

void hfhub_lz4_decoder_init(hfhub_lz4_decoder *d, const hfhub_allocator *a, uint64_t max_out,
                            hfhub_write_fn write, void *user) {
    memset(d, 0, sizeof *d);
    d->a = a;
    d->max_out = max_out;
    d->write = write;
    d->user = user;
    d->state = HFHUB__LZ4D_MAGIC;
    d->need = 4;
}

/* Gathers `need` bytes of the current unit: *unit points at them when complete (in the
 * caller's data when it holds them whole, else in dst). Returns 1 when complete. */
static int hfhub__lz4_gather(hfhub_lz4_decoder *d, const uint8_t **p, size_t *n, uint8_t *dst,
                             const uint8_t **unit) {
    size_t k;
    if (d->have == 0 && *n >= d->need) {
        *unit = *p;
        *p += d->need;
        *n -= d->need;
        return 1;
    }
    k = d->need - d->have < *n ? d->need - d->have : *n;
    memcpy(dst + d->have, *p, k);
    d->have += k;
    *p += k;
    *n -= k;
    if (d->have < d->need) return 0;
    d->have = 0;
    *unit = dst;
    return 1;
}

static hfhub_result hfhub__lz4d_out(hfhub_lz4_decoder *d, const uint8_t *p, size_t n) {
    if (n > d->max_out - d->total_out)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: output above %llu bytes", (unsigned long long)d->max_out);
    d->total_out += n;
    d->frame_out += n;
    if (d->flg & HFHUB__LZ4_FLG_CCHK) hfhub_xxh32_update(&d->content, p, n);
    if (n && d->write(d->user, p, n)) return hfhub__fail(HFHUB_ERR_CANCELLED, "lz4: output cancelled");
    return HFHUB_OK;
}

/* Sizes the block buffers for a new frame (grows only). */
static hfhub_result hfhub__lz4d_buffers(hfhub_lz4_decoder *d) {
    size_t ineed = d->block_max + 4, oneed = d->block_max + HFHUB__LZ4_HISTORY;
    if (d->ibuf_cap < ineed) {
        uint8_t *b = (uint8_t *)hfhub__realloc(d->a, d->ibuf, d->ibuf_cap, ineed);
        if (!b) return hfhub__fail(HFHUB_ERR_NOMEM, "lz4: out of memory");
        d->ibuf = b;
        d->ibuf_cap = ineed;
    }
    if (d->obuf_cap < oneed) {
        uint8_t *b = (uint8_t *)hfhub__realloc(d->a, d->obuf, d->obuf_cap, oneed);
        if (!b) return hfhub__fail(HFHUB_ERR_NOMEM, "lz4: out of memory");
        d->obuf = b;
        d->obuf_cap = oneed;
    }
    d->hist = 0;
    return HFHUB_OK;
}

static hfhub_result hfhub__lz4d_header(hfhub_lz4_decoder *d, const uint8_t *h) {
    size_t hlen = hfhub__lz4_header_len(h[4]);
    hfhub_result r = hfhub__lz4_check_header(h, hlen);
    if (r != HFHUB_OK) return r;
    d->flg = h[4];
    d->bd = h[5];
    d->block_max = hfhub__lz4_block_max((d->bd >> 4) & 7);
    d->content_size = (d->flg & HFHUB__LZ4_FLG_CSIZE) ? hfhub__xet_rd64(h + 6) : 0;
    if ((d->flg & HFHUB__LZ4_FLG_CSIZE) && d->content_size > d->max_out - d->total_out)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "lz4: content size above the limit");
    d->frame_out = 0;
    hfhub_xxh32_init(&d->content, 0);
    return hfhub__lz4d_buffers(d);
}

/* Keeps the last 64 KiB of a linked frame's output at obuf's start. */
static void hfhub__lz4d_keep_history(hfhub_lz4_decoder *d, size_t end) {
    size_t keep = end < HFHUB__LZ4_HISTORY ? end : HFHUB__LZ4_HISTORY;
    memmove(d->obuf, d->obuf + end - keep, keep);
    d->hist = keep;
}

static hfhub_result hfhub__lz4d_block(hfhub_lz4_decoder *d, const uint8_t *b) {
    size_t size = d->block_word & ~HFHUB__LZ4_RAW_BIT, end;
    int linked = !(d->flg & HFHUB__LZ4_FLG_INDEP);
    hfhub_result r;
    if ((d->flg & HFHUB__LZ4_FLG_BCHK) && hfhub_xxh32(b, size, 0) != hfhub__xet_rd32(b + size))
        return hfhub__fail(HFHUB_ERR_INTEGRITY, "lz4: block checksum mismatch");
    if (d->block_word & HFHUB__LZ4_RAW_BIT) {
        if (!linked) return hfhub__lz4d_out(d, b, size);
        if (size) memcpy(d->obuf + d->hist, b, size);
        end = d->hist + size;
    } else {
        size_t base = linked ? d->hist : 0;
        if (hfhub__lz4_block_decode(b, size, d->obuf, 0, base, base + d->block_max, &end))
            return hfhub__fail(HFHUB_ERR_PARSE, "lz4: malformed block");
    }
    if ((r = hfhub__lz4d_out(d, d->obuf + (linked ? d->hist : 0), end - (linked ? d->hist : 0))) != HFHUB_OK)
        return r;
    if (linked) hfhub__lz4d_keep_history(d, end);
    return HFHUB_OK;
}

static hfhub_result hfhub__lz4d_frame_end(hfhub_lz4_decoder *d) {
    d->frames++;
    if ((d->flg & HFHUB__LZ4_FLG_CSIZE) && d->content_size != d->frame_out)
        return hfhub__fail(HFHUB_ERR_PARSE, "lz4: content size mismatch");
    d->state = HFHUB__LZ4D_MAGIC;
    d->need = 4;
    return HFHUB_OK;
}

/* Advances the state machine by one complete unit u. */
static hfhub_result hfhub__lz4d_step(hfhub_lz4_decoder *d, const uint8_t *u) {
    uint32_t w;
    switch (d->state) {
    case HFHUB__LZ4D_MAGIC:
        w = hfhub__xet_rd32(u);
        if ((w & 0xFFFFFFF0u) == HFHUB__LZ4_SKIPPABLE) { d->state = HFHUB__LZ4D_SKIPSIZE; d->need = 4; return HFHUB_OK; }
        if (w != HFHUB__LZ4_MAGIC) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: bad frame magic");
        memcpy(d->hdr, u, 4);
        d->state = HFHUB__LZ4D_HEADER;
        d->need = 3; /* FLG, BD, HC at least; more once FLG is known */
        return HFHUB_OK;
    case HFHUB__LZ4D_HEADER: /* FLG, BD and the HC byte or the first optional one */
        if (u != d->hdr + 4) memcpy(d->hdr + 4, u, 3);
        if (hfhub__lz4_header_len(d->hdr[4]) > 7) {
            d->state = HFHUB__LZ4D_HEADER2;
            d->need = hfhub__lz4_header_len(d->hdr[4]) - 7;
            return HFHUB_OK;
        }
        d->state = HFHUB__LZ4D_BSIZE;
        d->need = 4;
        return hfhub__lz4d_header(d, d->hdr);
    case HFHUB__LZ4D_HEADER2:
        if (u != d->hdr + 7) memcpy(d->hdr + 7, u, d->need);
        d->state = HFHUB__LZ4D_BSIZE;
        d->need = 4;
        return hfhub__lz4d_header(d, d->hdr);
    case HFHUB__LZ4D_SKIPSIZE:
        d->skip_left = hfhub__xet_rd32(u);
        d->state = HFHUB__LZ4D_SKIP;
        if (d->skip_left == 0) { d->state = HFHUB__LZ4D_MAGIC; d->need = 4; d->frames++; }
        return HFHUB_OK;
    case HFHUB__LZ4D_BSIZE:
        d->block_word = hfhub__xet_rd32(u);
        if (d->block_word == 0) {
            if (d->flg & HFHUB__LZ4_FLG_CCHK) { d->state = HFHUB__LZ4D_CCHK; d->need = 4; return HFHUB_OK; }
            return hfhub__lz4d_frame_end(d);
        }
        if ((d->block_word & ~HFHUB__LZ4_RAW_BIT) > d->block_max)
            return hfhub__fail(HFHUB_ERR_PARSE, "lz4: block larger than the frame's maximum");
        d->state = HFHUB__LZ4D_BLOCK;
        d->need = (d->block_word & ~HFHUB__LZ4_RAW_BIT) + ((d->flg & HFHUB__LZ4_FLG_BCHK) ? 4 : 0);
        return HFHUB_OK;
    case HFHUB__LZ4D_BLOCK:
        d->state = HFHUB__LZ4D_BSIZE;
        d->need = 4;
        return hfhub__lz4d_block(d, u);
    case HFHUB__LZ4D_CCHK:
        if (hfhub_xxh32_final(&d->content) != hfhub__xet_rd32(u))
            return hfhub__fail(HFHUB_ERR_INTEGRITY, "lz4: content checksum mismatch");
        return hfhub__lz4d_frame_end(d);
    default:
        return hfhub__fail(HFHUB_ERR_PARSE, "lz4: decoder already failed");
    }
}

/* Where a unit of the current state is gathered when it arrives in pieces. */
static uint8_t *hfhub__lz4d_dest(hfhub_lz4_decoder *d) {
    switch (d->state) {
    case HFHUB__LZ4D_BLOCK: return d->ibuf;
    case HFHUB__LZ4D_HEADER: return d->hdr + 4;
    case HFHUB__LZ4D_HEADER2: return d->hdr + 7;
    default: return d->hdr;
    }
}

hfhub_result hfhub_lz4_decoder_update(hfhub_lz4_decoder *d, const void *data, size_t n) {
    const uint8_t *p = (const uint8_t *)data;
    while (n || (d->state == HFHUB__LZ4D_BLOCK && d->need == 0)) {
        const uint8_t *u;
        hfhub_result r;
        if (d->state == HFHUB__LZ4D_FAILED) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: decoder already failed");
        if (d->state == HFHUB__LZ4D_SKIP) {
            size_t k = d->skip_left < n ? (size_t)d->skip_left : n;
            p += k;
            n -= k;
            d->skip_left -= k;
            if (d->skip_left == 0) { d->state = HFHUB__LZ4D_MAGIC; d->need = 4; d->frames++; }
            continue;
        }
        if (!hfhub__lz4_gather(d, &p, &n, hfhub__lz4d_dest(d), &u)) break;
        if ((r = hfhub__lz4d_step(d, u)) != HFHUB_OK) {
            d->state = HFHUB__LZ4D_FAILED;
            return r;
        }
    }
    return HFHUB_OK;
}

hfhub_result hfhub_lz4_decoder_finish(hfhub_lz4_decoder *d) {
    if (d->state == HFHUB__LZ4D_FAILED) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: decoder already failed");
    if (d->state != HFHUB__LZ4D_MAGIC || d->have != 0) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: truncated frame");
    if (!d->frames) return hfhub__fail(HFHUB_ERR_PARSE, "lz4: no frame");
    return HFHUB_OK;
}

void hfhub_lz4_decoder_free(hfhub_lz4_decoder *d) {
    hfhub__free(d->a, d->ibuf, d->ibuf_cap);
    hfhub__free(d->a, d->obuf, d->obuf_cap);
    d->ibuf = d->obuf = NULL;
    d->ibuf_cap = d->obuf_cap = 0;
}

#undef HFHUB__LZ4_MAGIC
#undef HFHUB__LZ4_SKIPPABLE
#undef HFHUB__LZ4_MINMATCH
#undef HFHUB__LZ4_LASTLITERALS
#undef HFHUB__LZ4_MFLIMIT
#undef HFHUB__LZ4_MAX_DIST
#undef HFHUB__LZ4_SKIP_TRIGGER
#undef HFHUB__LZ4_HISTORY
#undef HFHUB__LZ4_FLG_INDEP
#undef HFHUB__LZ4_FLG_BCHK
#undef HFHUB__LZ4_FLG_CSIZE
#undef HFHUB__LZ4_FLG_CCHK
#undef HFHUB__LZ4_FLG_DICT
#undef HFHUB__LZ4_RAW_BIT
#undef HFHUB__XXH_P1
#undef HFHUB__XXH_P2
#undef HFHUB__XXH_P3
#undef HFHUB__XXH_P4
#undef HFHUB__XXH_P5
