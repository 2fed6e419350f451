/* blake3.c: BLAKE3. The portable compression function, the chunk and tree logic, and the
 * choice of back end. The SIMD back ends (blake3_x86.c, blake3_neon.c) come later in the same
 * translation unit and use the tables defined here.
 *
 * Tree hashing: the input is cut into 1 KiB chunks, each compressed block by block into a
 * chaining value (CV); CVs are merged pairwise into parent nodes up to a root, whose
 * compression (with the ROOT flag) gives the output. A large update hashes whole aligned
 * power-of-two subtrees at once: their chunks go through hash_many, SIMD-width chunks at a
 * time, then their parents likewise, level by level. The hasher keeps one CV per completed
 * subtree on a stack and merges lazily, so the last chunk is never merged before we know it
 * is not the root. */
#include <string.h>

static const uint32_t hfhub__blake3_iv[8] = {0x6A09E667UL, 0xBB67AE85UL, 0x3C6EF372UL,
                                             0xA54FF53AUL, 0x510E527FUL, 0x9B05688CUL,
                                             0x1F83D9ABUL, 0x5BE0CD19UL};

/* Message words: round r uses the permutation {2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8}
 * applied r times to 0..15; HFHUB__B3X_ROUNDS below spells the 7 rounds out. */

static uint32_t hfhub__blake3_load32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void hfhub__blake3_store32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void hfhub__blake3_store_words(uint8_t *out, const uint32_t *w, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) hfhub__blake3_store32(out + 4 * i, w[i]);
}

static void hfhub__blake3_load_words(uint32_t *w, const uint8_t *in, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) w[i] = hfhub__blake3_load32(in + 4 * i);
}

/* The 7 rounds, written once over the vector ops HFHUB__B3X_ADD, _XOR and _ROR16/12/8/7 that
 * each back end (the portable one below, the SIMD ones in blake3_simd.c) defines before use.
 * Message indices follow the schedule, spelled out so every index is a constant. */
/* A half round: the four G functions of the columns (or of the diagonals) interleaved step
 * by step, so neighbouring operations are independent. */
#define HFHUB__B3X_H(v, a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, d0, d1, d2, d3, x0, x1, \
                     x2, x3, y0, y1, y2, y3) \
    do { \
        v[a0] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a0], v[b0]), x0); \
        v[a1] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a1], v[b1]), x1); \
        v[a2] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a2], v[b2]), x2); \
        v[a3] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a3], v[b3]), x3); \
        v[d0] = HFHUB__B3X_ROR16(HFHUB__B3X_XOR(v[d0], v[a0])); \
        v[d1] = HFHUB__B3X_ROR16(HFHUB__B3X_XOR(v[d1], v[a1])); \
        v[d2] = HFHUB__B3X_ROR16(HFHUB__B3X_XOR(v[d2], v[a2])); \
        v[d3] = HFHUB__B3X_ROR16(HFHUB__B3X_XOR(v[d3], v[a3])); \
        v[c0] = HFHUB__B3X_ADD(v[c0], v[d0]); \
        v[c1] = HFHUB__B3X_ADD(v[c1], v[d1]); \
        v[c2] = HFHUB__B3X_ADD(v[c2], v[d2]); \
        v[c3] = HFHUB__B3X_ADD(v[c3], v[d3]); \
        v[b0] = HFHUB__B3X_ROR12(HFHUB__B3X_XOR(v[b0], v[c0])); \
        v[b1] = HFHUB__B3X_ROR12(HFHUB__B3X_XOR(v[b1], v[c1])); \
        v[b2] = HFHUB__B3X_ROR12(HFHUB__B3X_XOR(v[b2], v[c2])); \
        v[b3] = HFHUB__B3X_ROR12(HFHUB__B3X_XOR(v[b3], v[c3])); \
        v[a0] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a0], v[b0]), y0); \
        v[a1] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a1], v[b1]), y1); \
        v[a2] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a2], v[b2]), y2); \
        v[a3] = HFHUB__B3X_ADD(HFHUB__B3X_ADD(v[a3], v[b3]), y3); \
        v[d0] = HFHUB__B3X_ROR8(HFHUB__B3X_XOR(v[d0], v[a0])); \
        v[d1] = HFHUB__B3X_ROR8(HFHUB__B3X_XOR(v[d1], v[a1])); \
        v[d2] = HFHUB__B3X_ROR8(HFHUB__B3X_XOR(v[d2], v[a2])); \
        v[d3] = HFHUB__B3X_ROR8(HFHUB__B3X_XOR(v[d3], v[a3])); \
        v[c0] = HFHUB__B3X_ADD(v[c0], v[d0]); \
        v[c1] = HFHUB__B3X_ADD(v[c1], v[d1]); \
        v[c2] = HFHUB__B3X_ADD(v[c2], v[d2]); \
        v[c3] = HFHUB__B3X_ADD(v[c3], v[d3]); \
        v[b0] = HFHUB__B3X_ROR7(HFHUB__B3X_XOR(v[b0], v[c0])); \
        v[b1] = HFHUB__B3X_ROR7(HFHUB__B3X_XOR(v[b1], v[c1])); \
        v[b2] = HFHUB__B3X_ROR7(HFHUB__B3X_XOR(v[b2], v[c2])); \
        v[b3] = HFHUB__B3X_ROR7(HFHUB__B3X_XOR(v[b3], v[c3])); \
    } while (0)
#define HFHUB__B3X_ROUNDS(v, m) \
    do { \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, m[0], m[2], m[4], m[6], m[1], m[3], m[5], m[7]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14, m[8], m[10], m[12], m[14], m[9], m[11], m[13], m[15]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, m[2], m[3], m[7], m[4], m[6], m[10], m[0], m[13]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14, m[1], m[12], m[9], m[15], m[11], m[5], m[14], m[8]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, m[3], m[10], m[13], m[7], m[4], m[12], m[2], m[14]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14, m[6], m[9], m[11], m[8], m[5], m[0], m[15], m[1]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, m[10], m[12], m[14], m[13], m[7], m[9], m[3], m[15]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14, m[4], m[11], m[5], m[1], m[0], m[2], m[8], m[6]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, m[12], m[9], m[15], m[14], m[13], m[11], m[10], m[8]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14, m[7], m[5], m[0], m[6], m[2], m[3], m[1], m[4]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, m[9], m[11], m[8], m[15], m[14], m[5], m[12], m[1]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14, m[13], m[0], m[2], m[4], m[3], m[10], m[6], m[7]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, m[11], m[5], m[1], m[8], m[15], m[0], m[9], m[6]); \
        HFHUB__B3X_H(v, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14, m[14], m[2], m[3], m[7], m[10], m[12], m[4], m[13]); \
    } while (0)

#define HFHUB__B3X_ADD(a, b) ((a) + (b))
#define HFHUB__B3X_XOR(a, b) ((a) ^ (b))
#define HFHUB__B3X_ROR16(x) (((x) >> 16) | ((x) << 16))
#define HFHUB__B3X_ROR12(x) (((x) >> 12) | ((x) << 20))
#define HFHUB__B3X_ROR8(x) (((x) >> 8) | ((x) << 24))
#define HFHUB__B3X_ROR7(x) (((x) >> 7) | ((x) << 25))

void hfhub__b3_compress_portable(const uint32_t cv[8], const uint8_t block[64],
                                 uint8_t block_len, uint64_t counter, uint8_t flags,
                                 uint32_t out[16]) {
    uint32_t m[16], v[16];
    int i;
    hfhub__blake3_load_words(m, block, 16);
    for (i = 0; i < 8; i++) v[i] = cv[i];
    for (i = 0; i < 4; i++) v[8 + i] = hfhub__blake3_iv[i];
    v[12] = (uint32_t)counter;
    v[13] = (uint32_t)(counter >> 32);
    v[14] = block_len;
    v[15] = flags;
    HFHUB__B3X_ROUNDS(v, m);
    for (i = 0; i < 8; i++) {
        out[i] = v[i] ^ v[i + 8];
        out[i + 8] = v[i + 8] ^ cv[i];
    }
}

#undef HFHUB__B3X_ADD
#undef HFHUB__B3X_XOR
#undef HFHUB__B3X_ROR16
#undef HFHUB__B3X_ROR12
#undef HFHUB__B3X_ROR8
#undef HFHUB__B3X_ROR7

void hfhub__b3_hash_many_portable(const uint8_t *const *inputs, size_t n, size_t blocks,
                                  const uint32_t key[8], uint64_t counter, int increment,
                                  uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                                  uint8_t *out) {
    size_t i, b;
    for (i = 0; i < n; i++) {
        uint32_t cv[8], w[16];
        memcpy(cv, key, sizeof(cv));
        for (b = 0; b < blocks; b++) {
            uint8_t f = (uint8_t)(flags | (b == 0 ? flags_start : 0) |
                                  (b + 1 == blocks ? flags_end : 0));
            hfhub__b3_compress_portable(cv, inputs[i] + 64 * b, 64,
                                        counter + (increment ? i : 0), f, w);
            memcpy(cv, w, sizeof(cv));
        }
        hfhub__blake3_store_words(out + 32 * i, cv, 8);
    }
}

/* ---- back ends ------------------------------------------------------------------------- */

typedef struct hfhub__blake3_backend {
    hfhub_blake3_impl id;
    const char *name;
    size_t degree; /* inputs hashed in parallel by one hash_many step */
    hfhub__b3_hash_many_fn hash_many;
} hfhub__blake3_backend;

static const hfhub__blake3_backend hfhub__blake3_backends[] = {
    {HFHUB_BLAKE3_PORTABLE, "portable", 1, hfhub__b3_hash_many_portable},
#ifdef HFHUB__B3_X86
    {HFHUB_BLAKE3_SSE41, "sse4.1", 4, hfhub__b3_hash_many_sse41},
    {HFHUB_BLAKE3_AVX2, "avx2", 8, hfhub__b3_hash_many_avx2},
#endif
#ifdef HFHUB__B3_AVX512
    {HFHUB_BLAKE3_AVX512, "avx512", 16, hfhub__b3_hash_many_avx512},
#endif
#ifdef HFHUB__B3_NEON
    {HFHUB_BLAKE3_NEON, "neon", 4, hfhub__b3_hash_many_neon},
#endif
};
#define HFHUB__B3_NBACKENDS (sizeof(hfhub__blake3_backends) / sizeof(hfhub__blake3_backends[0]))

/* Index of the chosen back end, -1 until the first use. Every thread computes the same value,
 * so the unsynchronised first write is harmless. */
static volatile int hfhub__blake3_chosen = -1;

static int hfhub__blake3_find(hfhub_blake3_impl impl) {
    size_t i;
    for (i = 0; i < HFHUB__B3_NBACKENDS; i++)
        if (hfhub__blake3_backends[i].id == impl) return (int)i;
    return -1;
}

int hfhub_blake3_supported(hfhub_blake3_impl impl) {
    if (hfhub__blake3_find(impl) < 0) return 0;
#ifdef HFHUB__B3_X86
    if (impl == HFHUB_BLAKE3_SSE41) return (hfhub__b3_x86_features() & 1) != 0;
    if (impl == HFHUB_BLAKE3_AVX2) return (hfhub__b3_x86_features() & 2) != 0;
    if (impl == HFHUB_BLAKE3_AVX512) return (hfhub__b3_x86_features() & 4) != 0;
#endif
    return 1; /* portable, and NEON, which every arm64 CPU has */
}

static const hfhub__blake3_backend *hfhub__blake3_backend_get(void) {
    int i = hfhub__blake3_chosen;
    if (i < 0) {
        static const hfhub_blake3_impl best_first[] = {HFHUB_BLAKE3_AVX512, HFHUB_BLAKE3_AVX2,
                                                       HFHUB_BLAKE3_SSE41, HFHUB_BLAKE3_NEON};
        size_t k;
        i = 0;
        for (k = 0; k < sizeof(best_first) / sizeof(best_first[0]); k++) {
            if (hfhub_blake3_supported(best_first[k])) {
                i = hfhub__blake3_find(best_first[k]);
                break;
            }
        }
        hfhub__blake3_chosen = i;
    }
    return &hfhub__blake3_backends[i];
}

hfhub_result hfhub_blake3_use(hfhub_blake3_impl impl) {
    if (impl == HFHUB_BLAKE3_AUTO) {
        hfhub__blake3_chosen = -1;
        return HFHUB_OK;
    }
    if (!hfhub_blake3_supported(impl))
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "BLAKE3 back end %s not available here",
                           hfhub_blake3_impl_name(impl));
    hfhub__blake3_chosen = hfhub__blake3_find(impl);
    return HFHUB_OK;
}

hfhub_blake3_impl hfhub_blake3_active(void) { return hfhub__blake3_backend_get()->id; }

const char *hfhub_blake3_impl_name(hfhub_blake3_impl impl) {
    switch (impl) {
    case HFHUB_BLAKE3_AUTO: return "auto";
    case HFHUB_BLAKE3_PORTABLE: return "portable";
    case HFHUB_BLAKE3_SSE41: return "sse4.1";
    case HFHUB_BLAKE3_AVX2: return "avx2";
    case HFHUB_BLAKE3_AVX512: return "avx512";
    case HFHUB_BLAKE3_NEON: return "neon";
    }
    return "unknown";
}

/* ---- outputs: a compression not yet done, so it can be a CV or the root ---------------- */

typedef struct hfhub__blake3_output {
    uint32_t cv[8];
    uint8_t block[64];
    uint8_t block_len;
    uint8_t flags;
    uint64_t counter;
} hfhub__blake3_output;

static void hfhub__blake3_output_cv(const hfhub__blake3_output *o, uint8_t cv[32]) {
    uint32_t w[16];
    hfhub__b3_compress_portable(o->cv, o->block, o->block_len, o->counter, o->flags, w);
    hfhub__blake3_store_words(cv, w, 8);
}

static void hfhub__blake3_output_root(const hfhub__blake3_output *o, uint64_t seek,
                                      uint8_t *out, size_t len) {
    uint64_t counter = seek / 64;
    size_t off = (size_t)(seek % 64);
    while (len > 0) {
        uint32_t w[16];
        uint8_t bytes[64];
        size_t take = 64 - off;
        if (take > len) take = len;
        hfhub__b3_compress_portable(o->cv, o->block, o->block_len, counter,
                                    (uint8_t)(o->flags | HFHUB__B3_ROOT), w);
        hfhub__blake3_store_words(bytes, w, 16);
        memcpy(out, bytes + off, take);
        out += take;
        len -= take;
        off = 0;
        counter++;
    }
}

static void hfhub__blake3_parent_output(hfhub__blake3_output *o, const uint8_t block[64],
                                        const uint32_t key[8], uint8_t flags) {
    memcpy(o->cv, key, sizeof(o->cv));
    memcpy(o->block, block, 64);
    o->block_len = 64;
    o->counter = 0;
    o->flags = (uint8_t)(flags | HFHUB__B3_PARENT);
}

/* ---- the chunk being filled -------------------------------------------------------------- */

static size_t hfhub__blake3_chunk_len(const hfhub_blake3_hasher *h) {
    return (size_t)h->blocks_compressed * 64 + h->buf_len;
}

static uint8_t hfhub__blake3_start_flag(const hfhub_blake3_hasher *h) {
    return (uint8_t)(h->blocks_compressed ? 0 : HFHUB__B3_CHUNK_START);
}

static void hfhub__blake3_chunk_block(hfhub_blake3_hasher *h, const uint8_t block[64]) {
    uint32_t w[16];
    hfhub__b3_compress_portable(h->cv, block, 64, h->chunk_counter,
                                (uint8_t)(h->flags | hfhub__blake3_start_flag(h)), w);
    memcpy(h->cv, w, sizeof(h->cv));
    h->blocks_compressed++;
}

/* Adds bytes to the current chunk (the chunk must not overflow 1 KiB). A full block is only
 * compressed once more input follows: the last block of a chunk needs the CHUNK_END flag. */
static void hfhub__blake3_chunk_update(hfhub_blake3_hasher *h, const uint8_t *in, size_t len) {
    if (h->buf_len > 0) {
        size_t take = 64 - (size_t)h->buf_len;
        if (take > len) take = len;
        memcpy(h->buf + h->buf_len, in, take);
        h->buf_len = (uint8_t)(h->buf_len + take);
        in += take;
        len -= take;
        if (len == 0) return;
        hfhub__blake3_chunk_block(h, h->buf);
        h->buf_len = 0;
    }
    while (len > 64) {
        hfhub__blake3_chunk_block(h, in);
        in += 64;
        len -= 64;
    }
    memcpy(h->buf, in, len);
    h->buf_len = (uint8_t)len;
}

static void hfhub__blake3_chunk_output(const hfhub_blake3_hasher *h, hfhub__blake3_output *o) {
    memcpy(o->cv, h->cv, sizeof(o->cv));
    memset(o->block, 0, sizeof(o->block));
    memcpy(o->block, h->buf, h->buf_len);
    o->block_len = h->buf_len;
    o->counter = h->chunk_counter;
    o->flags = (uint8_t)(h->flags | hfhub__blake3_start_flag(h) | HFHUB__B3_CHUNK_END);
}

static void hfhub__blake3_chunk_reset(hfhub_blake3_hasher *h, uint64_t counter) {
    memcpy(h->cv, h->key, sizeof(h->cv));
    h->chunk_counter = counter;
    h->buf_len = 0;
    h->blocks_compressed = 0;
}

/* ---- the CV stack ------------------------------------------------------------------------ */

static unsigned hfhub__blake3_popcount(uint64_t x) {
    unsigned n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

/* Merges completed pairs until the stack holds exactly one CV per set bit of total_chunks:
 * the subtrees that the first total_chunks chunks decompose into. */
static void hfhub__blake3_merge_stack(hfhub_blake3_hasher *h, uint64_t total_chunks) {
    unsigned keep = hfhub__blake3_popcount(total_chunks);
    while (h->cv_stack_len > keep) {
        uint8_t *pair = h->cv_stack + ((size_t)h->cv_stack_len - 2) * 32;
        hfhub__blake3_output o;
        hfhub__blake3_parent_output(&o, pair, h->key, h->flags);
        hfhub__blake3_output_cv(&o, pair);
        h->cv_stack_len--;
    }
}

/* Pushes the CV of the subtree starting at chunk `counter`. Merging happens before the push,
 * never after, so the newest CV stays unmerged until more input shows it is not the last. */
static void hfhub__blake3_push_cv(hfhub_blake3_hasher *h, const uint8_t cv[32],
                                  uint64_t counter) {
    hfhub__blake3_merge_stack(h, counter);
    memcpy(h->cv_stack + (size_t)h->cv_stack_len * 32, cv, 32);
    h->cv_stack_len++;
}

/* ---- whole subtrees, SIMD-wide ----------------------------------------------------------- */

/* Hashes n CVs pairwise into parent CVs (an odd last CV is carried up as is); returns the
 * number written to out. */
static size_t hfhub__blake3_parents(const hfhub__blake3_backend *be, const uint8_t *cvs, size_t n,
                                    const uint32_t key[8], uint8_t flags, uint8_t *out) {
    const uint8_t *ptrs[HFHUB__B3_MAX_SIMD];
    size_t i;
    for (i = 0; i < n / 2; i++) ptrs[i] = cvs + 64 * i;
    be->hash_many(ptrs, n / 2, 1, key, 0, 0, (uint8_t)(flags | HFHUB__B3_PARENT), 0, 0, out);
    if (n % 2) memcpy(out + (n / 2) * 32, cvs + (n - 1) * 32, 32);
    return (n + 1) / 2;
}

/* The CV of one chunk (not the root) of 1..1024 bytes, block by block. */
static void hfhub__blake3_chunk_cv(const uint8_t *in, size_t len, const uint32_t key[8],
                                   uint64_t counter, uint8_t flags, uint8_t cv[32]) {
    uint32_t w[16], k[8];
    uint8_t last[64];
    uint8_t start = HFHUB__B3_CHUNK_START;
    memcpy(k, key, sizeof(k));
    for (; len > 64; in += 64, len -= 64, start = 0) {
        hfhub__b3_compress_portable(k, in, 64, counter, (uint8_t)(flags | start), w);
        memcpy(k, w, sizeof(k));
    }
    memset(last, 0, sizeof(last));
    memcpy(last, in, len);
    hfhub__b3_compress_portable(k, last, (uint8_t)len, counter,
                                (uint8_t)(flags | start | HFHUB__B3_CHUNK_END), w);
    hfhub__blake3_store_words(cv, w, 8);
}

/* Hashes len > 0 bytes starting at chunk `counter`, a left-complete subtree of the BLAKE3 tree,
 * down to at most max(degree, 2) CVs written to out; returns their number. Whole chunks go
 * through hash_many, then the parents of each level, SIMD width at a time. */
static size_t hfhub__blake3_subtree_wide(const hfhub__blake3_backend *be, const uint8_t *in,
                                         size_t len, const uint32_t key[8], uint64_t counter,
                                         uint8_t flags, uint8_t *out) {
    uint8_t cvs[2 * HFHUB__B3_MAX_SIMD * 32];
    size_t degree = be->degree, left_len, left, right;
    if (len <= degree * HFHUB_BLAKE3_CHUNK_LEN) {
        const uint8_t *ptrs[HFHUB__B3_MAX_SIMD];
        size_t n = 0;
        for (; len >= HFHUB_BLAKE3_CHUNK_LEN; len -= HFHUB_BLAKE3_CHUNK_LEN, n++)
            ptrs[n] = in + (size_t)HFHUB_BLAKE3_CHUNK_LEN * n;
        be->hash_many(ptrs, n, HFHUB_BLAKE3_CHUNK_LEN / 64, key, counter, 1, flags,
                      HFHUB__B3_CHUNK_START, HFHUB__B3_CHUNK_END, out);
        if (len == 0) return n;
        hfhub__blake3_chunk_cv(in + (size_t)HFHUB_BLAKE3_CHUNK_LEN * n, len, key, counter + n,
                               flags, out + 32 * n);
        return n + 1;
    }
    /* the left subtree: the largest power of two of whole chunks leaving some input right */
    left_len = HFHUB_BLAKE3_CHUNK_LEN;
    while (2 * left_len < len) left_len *= 2;
    if (degree == 1) degree = 2; /* keep the right CVs right after the left ones */
    left = hfhub__blake3_subtree_wide(be, in, left_len, key, counter, flags, cvs);
    right = hfhub__blake3_subtree_wide(be, in + left_len, len - left_len, key,
                                       counter + left_len / HFHUB_BLAKE3_CHUNK_LEN, flags,
                                       cvs + left * 32);
    if (left == 1) { /* (portable) two single chunks: already as few CVs as asked */
        memcpy(out, cvs, 64);
        return 2;
    }
    return hfhub__blake3_parents(be, cvs, left + right, key, flags, out);
}

/* Reduces len > CHUNK_LEN bytes (a subtree of two or more chunks) to the two CVs of its top
 * node. */
static void hfhub__blake3_subtree_top(const hfhub__blake3_backend *be, const uint8_t *in,
                                      size_t len, const uint32_t key[8], uint64_t counter,
                                      uint8_t flags, uint8_t top[64]) {
    uint8_t a[2 * HFHUB__B3_MAX_SIMD * 32], b[HFHUB__B3_MAX_SIMD * 32];
    size_t n = hfhub__blake3_subtree_wide(be, in, len, key, counter, flags, a);
    while (n > 2) {
        n = hfhub__blake3_parents(be, a, n, key, flags, b);
        memcpy(a, b, n * 32);
    }
    memcpy(top, a, 64);
}

/* ---- the hasher -------------------------------------------------------------------------- */

static void hfhub__blake3_init_words(hfhub_blake3_hasher *h, const uint32_t key[8],
                                     uint8_t flags) {
    memcpy(h->key, key, sizeof(h->key));
    h->flags = flags;
    h->cv_stack_len = 0;
    hfhub__blake3_chunk_reset(h, 0);
}

void hfhub_blake3_init(hfhub_blake3_hasher *h) {
    hfhub__blake3_init_words(h, hfhub__blake3_iv, 0);
}

void hfhub_blake3_init_keyed(hfhub_blake3_hasher *h, const uint8_t key[32]) {
    uint32_t k[8];
    hfhub__blake3_load_words(k, key, 8);
    hfhub__blake3_init_words(h, k, HFHUB__B3_KEYED_HASH);
}

void hfhub_blake3_init_derive_key_raw(hfhub_blake3_hasher *h, const void *context,
                                      size_t context_len) {
    uint8_t ctx_key[32];
    uint32_t k[8];
    hfhub__blake3_init_words(h, hfhub__blake3_iv, HFHUB__B3_DERIVE_KEY_CONTEXT);
    hfhub_blake3_update(h, context, context_len);
    hfhub_blake3_finalize(h, ctx_key, sizeof(ctx_key));
    hfhub__blake3_load_words(k, ctx_key, 8);
    hfhub__blake3_init_words(h, k, HFHUB__B3_DERIVE_KEY_MATERIAL);
}

void hfhub_blake3_init_derive_key(hfhub_blake3_hasher *h, const char *context) {
    hfhub_blake3_init_derive_key_raw(h, context, strlen(context));
}

void hfhub_blake3_reset(hfhub_blake3_hasher *h) {
    h->cv_stack_len = 0;
    hfhub__blake3_chunk_reset(h, 0);
}

void hfhub_blake3_update(hfhub_blake3_hasher *h, const void *data, size_t len) {
    const uint8_t *in = (const uint8_t *)data;
    const hfhub__blake3_backend *be;
    if (len == 0) return;
    if (hfhub__blake3_chunk_len(h) > 0) {
        size_t take = HFHUB_BLAKE3_CHUNK_LEN - hfhub__blake3_chunk_len(h);
        if (take > len) take = len;
        hfhub__blake3_chunk_update(h, in, take);
        in += take;
        len -= take;
        if (len == 0) return;
        {   /* the chunk is full and more input follows: it is not the root */
            hfhub__blake3_output o;
            uint8_t cv[32];
            hfhub__blake3_chunk_output(h, &o);
            hfhub__blake3_output_cv(&o, cv);
            hfhub__blake3_push_cv(h, cv, h->chunk_counter);
            hfhub__blake3_chunk_reset(h, h->chunk_counter + 1);
        }
    }
    be = hfhub__blake3_backend_get();
    /* Whole subtrees, as large as alignment allows, always leaving at least one byte. */
    while (len > HFHUB_BLAKE3_CHUNK_LEN) {
        uint64_t avail = (uint64_t)((len - 1) / HFHUB_BLAKE3_CHUNK_LEN), n = 1;
        uint8_t cv[32];
        while (n * 2 <= avail) n *= 2;
        while (h->chunk_counter & (n - 1)) n /= 2;
        if (n == 1) {
            hfhub__blake3_chunk_cv(in, HFHUB_BLAKE3_CHUNK_LEN, h->key, h->chunk_counter,
                                   h->flags, cv);
        } else { /* not the root: more input follows */
            uint8_t top[64];
            hfhub__blake3_output o;
            hfhub__blake3_subtree_top(be, in, (size_t)n * HFHUB_BLAKE3_CHUNK_LEN, h->key,
                                      h->chunk_counter, h->flags, top);
            hfhub__blake3_parent_output(&o, top, h->key, h->flags);
            hfhub__blake3_output_cv(&o, cv);
        }
        hfhub__blake3_push_cv(h, cv, h->chunk_counter);
        hfhub__blake3_chunk_reset(h, h->chunk_counter + n);
        in += (size_t)n * HFHUB_BLAKE3_CHUNK_LEN;
        len -= (size_t)n * HFHUB_BLAKE3_CHUNK_LEN;
    }
    hfhub__blake3_chunk_update(h, in, len);
    hfhub__blake3_merge_stack(h, h->chunk_counter);
}

void hfhub_blake3_finalize_xof(const hfhub_blake3_hasher *h, uint64_t seek, uint8_t *out,
                               size_t out_len) {
    hfhub__blake3_output o;
    size_t i = h->cv_stack_len;
    /* The current chunk holds the last input byte (or nothing at all for empty input); fold
     * it into the stacked subtrees from the smallest to the largest. */
    hfhub__blake3_chunk_output(h, &o);
    while (i > 0) {
        uint8_t block[64];
        i--;
        memcpy(block, h->cv_stack + i * 32, 32);
        hfhub__blake3_output_cv(&o, block + 32);
        hfhub__blake3_parent_output(&o, block, h->key, h->flags);
    }
    hfhub__blake3_output_root(&o, seek, out, out_len);
}

void hfhub_blake3_finalize(const hfhub_blake3_hasher *h, uint8_t *out, size_t out_len) {
    hfhub_blake3_finalize_xof(h, 0, out, out_len);
}

/* A whole input at once: with the end known, every chunk (the last one too) is a leaf hashed
 * SIMD-wide, and only the root compression is left for the output. */
static void hfhub__blake3_oneshot(const uint32_t key[8], uint8_t flags, const void *data,
                                  size_t len, uint8_t *out, size_t out_len) {
    hfhub__blake3_output o;
    uint8_t top[64];
    if (len <= HFHUB_BLAKE3_CHUNK_LEN) { /* one chunk: it is the root */
        hfhub_blake3_hasher h;
        hfhub__blake3_init_words(&h, key, flags);
        hfhub_blake3_update(&h, data, len);
        hfhub_blake3_finalize(&h, out, out_len);
        return;
    }
    hfhub__blake3_subtree_top(hfhub__blake3_backend_get(), (const uint8_t *)data, len, key, 0,
                              flags, top);
    hfhub__blake3_parent_output(&o, top, key, flags);
    hfhub__blake3_output_root(&o, 0, out, out_len);
}

void hfhub_blake3(const void *data, size_t len, uint8_t out[32]) {
    hfhub__blake3_oneshot(hfhub__blake3_iv, 0, data, len, out, 32);
}

void hfhub_blake3_keyed(const uint8_t key[32], const void *data, size_t len, uint8_t out[32]) {
    uint32_t k[8];
    hfhub__blake3_load_words(k, key, 8);
    hfhub__blake3_oneshot(k, HFHUB__B3_KEYED_HASH, data, len, out, 32);
}

void hfhub_blake3_derive_key(const char *context, const void *material, size_t len,
                             uint8_t *out, size_t out_len) {
    hfhub_blake3_hasher h;
    hfhub_blake3_init_derive_key(&h, context);
    hfhub__blake3_oneshot(h.key, h.flags, material, len, out, out_len);
}

#undef HFHUB__B3_NBACKENDS
