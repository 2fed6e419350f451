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

/* Message word order of each of the 7 rounds (the permutation applied r times). */
static const uint8_t hfhub__blake3_sched[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

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

#define HFHUB__B3_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define HFHUB__B3_G(v, a, b, c, d, x, y)                                                    \
    do {                                                                                   \
        v[a] = v[a] + v[b] + (x);                                                          \
        v[d] = HFHUB__B3_ROTR(v[d] ^ v[a], 16);                                            \
        v[c] = v[c] + v[d];                                                                \
        v[b] = HFHUB__B3_ROTR(v[b] ^ v[c], 12);                                            \
        v[a] = v[a] + v[b] + (y);                                                          \
        v[d] = HFHUB__B3_ROTR(v[d] ^ v[a], 8);                                             \
        v[c] = v[c] + v[d];                                                                \
        v[b] = HFHUB__B3_ROTR(v[b] ^ v[c], 7);                                             \
    } while (0)

void hfhub__b3_compress_portable(const uint32_t cv[8], const uint8_t block[64],
                                 uint8_t block_len, uint64_t counter, uint8_t flags,
                                 uint32_t out[16]) {
    uint32_t m[16], v[16];
    int r, i;
    hfhub__blake3_load_words(m, block, 16);
    for (i = 0; i < 8; i++) v[i] = cv[i];
    for (i = 0; i < 4; i++) v[8 + i] = hfhub__blake3_iv[i];
    v[12] = (uint32_t)counter;
    v[13] = (uint32_t)(counter >> 32);
    v[14] = block_len;
    v[15] = flags;
    for (r = 0; r < 7; r++) {
        const uint8_t *s = hfhub__blake3_sched[r];
        HFHUB__B3_G(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        HFHUB__B3_G(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        HFHUB__B3_G(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        HFHUB__B3_G(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        HFHUB__B3_G(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        HFHUB__B3_G(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        HFHUB__B3_G(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        HFHUB__B3_G(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (i = 0; i < 8; i++) {
        out[i] = v[i] ^ v[i + 8];
        out[i + 8] = v[i + 8] ^ cv[i];
    }
}

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

/* Hashes n CVs (n even) pairwise into n/2 parent CVs. */
static size_t hfhub__blake3_parents(const hfhub__blake3_backend *be, const uint8_t *cvs, size_t n,
                                    const uint32_t key[8], uint8_t flags, uint8_t *out) {
    const uint8_t *ptrs[HFHUB__B3_MAX_SIMD];
    size_t i;
    for (i = 0; i < n / 2; i++) ptrs[i] = cvs + 64 * i;
    be->hash_many(ptrs, n / 2, 1, key, 0, 0, (uint8_t)(flags | HFHUB__B3_PARENT), 0, 0, out);
    return n / 2;
}

/* Hashes `nchunks` (a power of two) whole chunks starting at chunk `counter` down to at most
 * `degree` CVs of equal subtrees, written to out; returns their number. */
static size_t hfhub__blake3_subtree_wide(const hfhub__blake3_backend *be, const uint8_t *in,
                                         uint64_t nchunks, const uint32_t key[8],
                                         uint64_t counter, uint8_t flags, uint8_t *out) {
    uint8_t cvs[2 * HFHUB__B3_MAX_SIMD * 32];
    uint64_t half;
    size_t left, right;
    if (nchunks <= be->degree) {
        const uint8_t *ptrs[HFHUB__B3_MAX_SIMD];
        size_t i;
        for (i = 0; i < (size_t)nchunks; i++) ptrs[i] = in + (size_t)HFHUB_BLAKE3_CHUNK_LEN * i;
        be->hash_many(ptrs, (size_t)nchunks, HFHUB_BLAKE3_CHUNK_LEN / 64, key, counter, 1, flags,
                      HFHUB__B3_CHUNK_START, HFHUB__B3_CHUNK_END, out);
        return (size_t)nchunks;
    }
    half = nchunks / 2;
    left = hfhub__blake3_subtree_wide(be, in, half, key, counter, flags, cvs);
    right = hfhub__blake3_subtree_wide(be, in + (size_t)half * HFHUB_BLAKE3_CHUNK_LEN, half, key,
                                       counter + half, flags, cvs + left * 32);
    return hfhub__blake3_parents(be, cvs, left + right, key, flags, out);
}

/* The CV of a whole aligned subtree that is known not to be the root. */
static void hfhub__blake3_subtree_cv(const hfhub__blake3_backend *be, const uint8_t *in,
                                     uint64_t nchunks, const uint32_t key[8], uint64_t counter,
                                     uint8_t flags, uint8_t cv[32]) {
    uint8_t a[HFHUB__B3_MAX_SIMD * 32], b[HFHUB__B3_MAX_SIMD * 32];
    size_t n = hfhub__blake3_subtree_wide(be, in, nchunks, key, counter, flags, a);
    while (n > 1) {
        n = hfhub__blake3_parents(be, a, n, key, flags, b);
        memcpy(a, b, n * 32);
    }
    memcpy(cv, a, 32);
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
        hfhub__blake3_subtree_cv(be, in, n, h->key, h->chunk_counter, h->flags, cv);
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

void hfhub_blake3(const void *data, size_t len, uint8_t out[32]) {
    hfhub_blake3_hasher h;
    hfhub_blake3_init(&h);
    hfhub_blake3_update(&h, data, len);
    hfhub_blake3_finalize(&h, out, 32);
}

void hfhub_blake3_keyed(const uint8_t key[32], const void *data, size_t len, uint8_t out[32]) {
    hfhub_blake3_hasher h;
    hfhub_blake3_init_keyed(&h, key);
    hfhub_blake3_update(&h, data, len);
    hfhub_blake3_finalize(&h, out, 32);
}

void hfhub_blake3_derive_key(const char *context, const void *material, size_t len,
                             uint8_t *out, size_t out_len) {
    hfhub_blake3_hasher h;
    hfhub_blake3_init_derive_key(&h, context);
    hfhub_blake3_update(&h, material, len);
    hfhub_blake3_finalize(&h, out, out_len);
}

#undef HFHUB__B3_ROTR
#undef HFHUB__B3_G
#undef HFHUB__B3_NBACKENDS
