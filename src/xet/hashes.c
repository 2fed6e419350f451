/* hashes.c: Xet chunk, merkle, xorb, file and verification hashes; Xet hex. */
#include <string.h>

static const uint8_t hfhub__hashes_data_key[32] = {
    0x66, 0x97, 0xf5, 0x77, 0x5b, 0x95, 0x50, 0xde, 0x31, 0x35, 0xcb, 0xac, 0xa5, 0x97, 0x18, 0x1c,
    0x9d, 0xe4, 0x21, 0x10, 0x9b, 0xeb, 0x2b, 0x58, 0xb4, 0xd0, 0xb0, 0x4b, 0x93, 0xad, 0xf2, 0x29};
static const uint8_t hfhub__hashes_node_key[32] = {
    0x01, 0x7e, 0xc5, 0xc7, 0xa5, 0x47, 0x29, 0x96, 0xfd, 0x94, 0x66, 0x66, 0xb4, 0x8a, 0x02, 0xe6,
    0x5d, 0xdd, 0x53, 0x6f, 0x37, 0xc7, 0x6d, 0xd2, 0xf8, 0x63, 0x52, 0xe6, 0x4a, 0x53, 0x71, 0x3f};
static const uint8_t hfhub__hashes_verification_key[32] = {
    0x7f, 0x18, 0x57, 0xd6, 0xce, 0x56, 0xed, 0x66, 0x12, 0x7f, 0xf9, 0x13, 0xe7, 0xa5, 0xc3, 0xf3,
    0xa4, 0xcd, 0x26, 0xd5, 0xb5, 0xdb, 0x49, 0xe6, 0x41, 0x24, 0x98, 0x7f, 0x28, 0xfb, 0x94, 0xc3};
static const uint8_t hfhub__hashes_zero_key[32] = {0};

void hfhub_xet_chunk_hash(const void *data, size_t len, uint8_t out[32]) {
    hfhub_blake3_keyed(hfhub__hashes_data_key, data, len, out);
}

void hfhub_xet_hash_to_hex(const uint8_t hash[32], char out[65]) {
    static const char digits[] = "0123456789abcdef";
    int w, b;
    for (w = 0; w < 4; w++) {
        for (b = 0; b < 8; b++) {
            uint8_t x = hash[w * 8 + 7 - b];
            out[w * 16 + 2 * b] = digits[x >> 4];
            out[w * 16 + 2 * b + 1] = digits[x & 15];
        }
    }
    out[64] = 0;
}

static int hfhub__hashes_hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

hfhub_result hfhub_xet_hash_from_hex(const char *hex, uint8_t out[32]) {
    uint8_t tmp[32];
    int i;
    if (!hex) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Xet hash: no string");
    for (i = 0; i < 64; i += 2) {
        int hi, lo;
        if (!hex[i] || !hex[i + 1])
            return hfhub__fail(HFHUB_ERR_PARSE, "Xet hash: %d hex digits, need 64",
                               hex[i] ? i + 1 : i);
        hi = hfhub__hashes_hexval(hex[i]);
        lo = hfhub__hashes_hexval(hex[i + 1]);
        if (hi < 0 || lo < 0) return hfhub__fail(HFHUB_ERR_PARSE, "Xet hash: not hex at %d", i);
        /* digit pair i/2 of word i/16 is byte 7 - (i%16)/2 of that word */
        tmp[(i / 16) * 8 + 7 - (i % 16) / 2] = (uint8_t)(hi << 4 | lo);
    }
    if (hex[64]) return hfhub__fail(HFHUB_ERR_PARSE, "Xet hash: longer than 64 hex digits");
    memcpy(out, tmp, 32);
    return HFHUB_OK;
}

/* ---- merkle ---------------------------------------------------------------------------- */

static uint64_t hfhub__hashes_last_word(const uint8_t h[32]) {
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--) v = (v << 8) | h[24 + i];
    return v;
}

/* Appends the decimal form of v; returns the new length. */
static size_t hfhub__hashes_put_u64(char *out, size_t n, uint64_t v) {
    char digits[20];
    int k = 0;
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k) out[n++] = digits[--k];
    return n;
}

/* An interior node: the internal-node-keyed BLAKE3 of "<xet hex> : <size>\n" per child. */
static void hfhub__hashes_merge(const hfhub_xet_merkle_entry *e, size_t n,
                                hfhub_xet_merkle_entry *out) {
    char msg[9 * (64 + 3 + 20 + 1)];
    size_t len = 0, i;
    uint64_t total = 0;
    for (i = 0; i < n; i++) {
        hfhub_xet_hash_to_hex(e[i].hash, msg + len);
        len += 64;
        memcpy(msg + len, " : ", 3);
        len = hfhub__hashes_put_u64(msg, len + 3, e[i].size);
        msg[len++] = '\n';
        total += e[i].size;
    }
    hfhub_blake3_keyed(hfhub__hashes_node_key, msg, len, out->hash);
    out->size = total;
}

void hfhub_xet_merkle_init(hfhub_xet_merkle *m) {
    memset(m->npending, 0, sizeof(m->npending));
    memset(m->several, 0, sizeof(m->several));
    m->count = 0;
}

/* Adds an entry to a level and closes the group as soon as the rule decides it: the group
 * rule only looks forward from the group's first entry, so a decided group never changes.
 * Mid-stream groups have 3 or more entries, so level L holds at most count / 3^L entries
 * and HFHUB_XET_MERKLE_LEVELS covers any 64-bit count. */
static void hfhub__hashes_level_add(hfhub_xet_merkle *m, int level,
                                    const hfhub_xet_merkle_entry *e) {
    hfhub_xet_merkle_entry *p = m->pending[level];
    size_t n = m->npending[level];
    if (n > 0) m->several[level] = 1;
    p[n++] = *e;
    m->npending[level] = (uint8_t)n;
    if ((n >= 3 && hfhub__hashes_last_word(e->hash) % 4 == 0) || n == 9) {
        hfhub_xet_merkle_entry node;
        hfhub__hashes_merge(p, n, &node);
        m->npending[level] = 0;
        hfhub__hashes_level_add(m, level + 1, &node);
    }
}

void hfhub_xet_merkle_add(hfhub_xet_merkle *m, const uint8_t hash[32], uint64_t size) {
    hfhub_xet_merkle_entry e;
    memcpy(e.hash, hash, 32);
    e.size = size;
    m->count++;
    hfhub__hashes_level_add(m, 0, &e);
}

void hfhub_xet_merkle_finish(hfhub_xet_merkle *m, uint8_t root[32], uint64_t *total) {
    int level;
    /* Bottom up: a level that received a single entry holds the root; otherwise its pending
     * tail (no group decided, fewer than 9) is one last group, hashed into the next level. */
    for (level = 0; level < HFHUB_XET_MERKLE_LEVELS; level++) {
        size_t n = m->npending[level];
        if (!m->several[level]) {
            if (n == 1) {
                memcpy(root, m->pending[level][0].hash, 32);
                if (total) *total = m->pending[level][0].size;
                return;
            }
            break; /* nothing was ever added */
        }
        if (n > 0) {
            hfhub_xet_merkle_entry node;
            hfhub__hashes_merge(m->pending[level], n, &node);
            m->npending[level] = 0;
            hfhub__hashes_level_add(m, level + 1, &node);
        }
    }
    memset(root, 0, 32);
    if (total) *total = 0;
}

void hfhub_xet_xorb_hash(const hfhub_xet_merkle_entry *chunks, size_t n, uint8_t out[32]) {
    hfhub_xet_merkle m;
    size_t i;
    hfhub_xet_merkle_init(&m);
    for (i = 0; i < n; i++) hfhub_xet_merkle_add(&m, chunks[i].hash, chunks[i].size);
    hfhub_xet_merkle_finish(&m, out, NULL);
}

void hfhub_xet_file_hash_from_root(const uint8_t root[32], uint64_t nentries,
                                   const uint8_t *salt, uint8_t out[32]) {
    if (nentries == 0) { /* xet-core: an empty file's hash is all zero, no keyed step */
        memset(out, 0, 32);
        return;
    }
    hfhub_blake3_keyed(salt ? salt : hfhub__hashes_zero_key, root, 32, out);
}

void hfhub_xet_file_hash(const hfhub_xet_merkle_entry *chunks, size_t n, const uint8_t *salt,
                         uint8_t out[32]) {
    uint8_t root[32];
    hfhub_xet_xorb_hash(chunks, n, root);
    hfhub_xet_file_hash_from_root(root, n, salt, out);
}

void hfhub_xet_verification_hash(const hfhub_xet_merkle_entry *chunks, size_t n,
                                 uint8_t out[32]) {
    hfhub_blake3_hasher h;
    size_t i;
    hfhub_blake3_init_keyed(&h, hfhub__hashes_verification_key);
    for (i = 0; i < n; i++) hfhub_blake3_update(&h, chunks[i].hash, 32);
    hfhub_blake3_finalize(&h, out, 32);
}

/* ---- the one-pass file hasher ------------------------------------------------------------ */

void hfhub_xet_file_hasher_init(hfhub_xet_file_hasher *fh, hfhub_xet_chunk_fn on_chunk,
                                void *user) {
    hfhub_xet_chunker_init(&fh->chunker);
    hfhub_blake3_init_keyed(&fh->chunk, hfhub__hashes_data_key);
    hfhub_blake3_init_keyed(&fh->verification, hfhub__hashes_verification_key);
    hfhub_xet_merkle_init(&fh->merkle);
    fh->size = fh->chunk_start = fh->nchunks = 0;
    fh->on_chunk = on_chunk;
    fh->user = user;
}

/* Records the chunk that ends at the current size, with its hash. */
static void hfhub__hashes_end_chunk(hfhub_xet_file_hasher *fh, const uint8_t hash[32]) {
    hfhub_xet_chunk_info c;
    c.offset = fh->chunk_start;
    c.length = fh->size - fh->chunk_start;
    memcpy(c.hash, hash, 32);
    hfhub_blake3_update(&fh->verification, c.hash, 32);
    hfhub_xet_merkle_add(&fh->merkle, c.hash, c.length);
    fh->nchunks++;
    fh->chunk_start = fh->size;
    if (fh->on_chunk) fh->on_chunk(fh->user, &c);
}

/* The streamed chunk's hash, and the chunk hasher made ready for the next chunk. */
static void hfhub__hashes_streamed_hash(hfhub_xet_file_hasher *fh, uint8_t hash[32]) {
    hfhub_blake3_finalize(&fh->chunk, hash, 32);
    hfhub_blake3_reset(&fh->chunk);
}

void hfhub_xet_file_hasher_update(hfhub_xet_file_hasher *fh, const void *data, size_t len) {
    const uint8_t *p = (const uint8_t *)data;
    while (len > 0) {
        int cut;
        uint8_t hash[32];
        size_t k = hfhub_xet_chunker_next(&fh->chunker, p, len, &cut);
        if (cut && fh->size == fh->chunk_start) {
            /* the whole chunk is in this buffer: one-shot hashing keeps every SIMD lane busy */
            hfhub_xet_chunk_hash(p, k, hash);
            fh->size += k;
            hfhub__hashes_end_chunk(fh, hash);
        } else {
            hfhub_blake3_update(&fh->chunk, p, k);
            fh->size += k;
            if (cut) {
                hfhub__hashes_streamed_hash(fh, hash);
                hfhub__hashes_end_chunk(fh, hash);
            }
        }
        p += k;
        len -= k;
    }
}

void hfhub_xet_file_hasher_add_chunk(hfhub_xet_file_hasher *fh, const uint8_t hash[32],
                                     uint64_t length) {
    fh->size += length;
    hfhub__hashes_end_chunk(fh, hash);
}

void hfhub_xet_file_hasher_finish(hfhub_xet_file_hasher *fh, hfhub_xet_file_hashes *out) {
    if (hfhub_xet_chunker_finish(&fh->chunker)) {
        uint8_t hash[32];
        hfhub__hashes_streamed_hash(fh, hash);
        hfhub__hashes_end_chunk(fh, hash);
    }
    out->size = fh->size;
    out->nchunks = fh->nchunks;
    hfhub_xet_merkle_finish(&fh->merkle, out->xorb_hash, NULL);
    hfhub_xet_file_hash_from_root(out->xorb_hash, fh->nchunks, NULL, out->file_hash);
    hfhub_blake3_finalize(&fh->verification, out->verification_hash, 32);
}
