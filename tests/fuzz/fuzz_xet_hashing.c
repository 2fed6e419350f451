/* Fuzz harness for the Xet hashing codecs on arbitrary input:
 *   - chunk boundaries are the same whether the input comes in one piece or in pieces whose
 *     sizes are derived from the input itself, and every chunk but the last is 8..128 KiB;
 *   - the file hasher fed in those pieces agrees with the chunk-by-chunk hashes, and BLAKE3
 *     streaming agrees with one-shot;
 *   - the chunk-and-hash pipeline (one thread; its callback checks each chunk's bytes) fed in
 *     other pieces gives the file hasher's chunks and hashes;
 *   - Xet hex parsing of the first bytes never over-reads, and what parses prints back the
 *     same (lower-cased).
 * Small inputs are stretched (repeated) so that chunk boundaries actually occur. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

static void fuzz_check(int ok) {
    if (!ok) abort();
}

static void fuzz_hex(const uint8_t *data, size_t size) {
    char s[70], back[65];
    uint8_t h[32];
    size_t n = size < 69 ? size : 69, i;
    memcpy(s, data, n);
    s[n] = 0;
    if (hfhub_xet_hash_from_hex(s, h) == HFHUB_OK) {
        fuzz_check(strlen(s) == 64);
        hfhub_xet_hash_to_hex(h, back);
        for (i = 0; i < 64; i++) fuzz_check(back[i] == (s[i] >= 'A' && s[i] <= 'F' ? s[i] + 32 : s[i]));
    }
}

typedef struct fuzz_expect {
    const uint8_t *buf;
    const uint64_t *ends;
    size_t i;
} fuzz_expect;

static hfhub_result fuzz_on_chunk(void *user, const hfhub_xet_chunk_info *c, const uint8_t *d) {
    fuzz_expect *x = (fuzz_expect *)user;
    uint8_t h[32];
    uint64_t start = x->i ? x->ends[x->i - 1] : 0;
    fuzz_check(c->offset == start && c->offset + c->length == x->ends[x->i]);
    fuzz_check(!memcmp(d, x->buf + start, (size_t)c->length));
    hfhub_xet_chunk_hash(d, (size_t)c->length, h);
    fuzz_check(!memcmp(h, c->hash, 32));
    x->i++;
    return HFHUB_OK;
}

/* The pipeline in pieces sized by the input bytes read backwards. */
static void fuzz_pipeline(const uint8_t *buf, size_t len, const uint8_t *data, size_t size,
                          const uint64_t *ends, const hfhub_xet_file_hashes *want) {
    hfhub_xet_chunk_hasher *ch;
    hfhub_xet_file_hashes got;
    fuzz_expect x;
    size_t off = 0, j = 0;
    x.buf = buf;
    x.ends = ends;
    x.i = 0;
    fuzz_check(hfhub_xet_chunk_hasher_new(NULL, 1, fuzz_on_chunk, &x, &ch) == HFHUB_OK);
    while (off < len) {
        size_t piece = 1 + (size_t)data[size - 1 - j % size] * 517;
        j++;
        if (piece > len - off) piece = len - off;
        fuzz_check(hfhub_xet_chunk_hasher_update(ch, buf + off, piece) == HFHUB_OK);
        off += piece;
    }
    fuzz_check(hfhub_xet_chunk_hasher_finish(ch, &got) == HFHUB_OK);
    hfhub_xet_chunk_hasher_free(ch);
    fuzz_check(x.i == want->nchunks && got.nchunks == want->nchunks && got.size == want->size);
    fuzz_check(!memcmp(got.xorb_hash, want->xorb_hash, 32) &&
               !memcmp(got.file_hash, want->file_hash, 32) &&
               !memcmp(got.verification_hash, want->verification_hash, 32));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t len, i, off, count, nstream = 0, piece_i = 0, cap;
    uint8_t *buf;
    uint64_t *ends, *stream_ends;
    hfhub_xet_merkle_entry *e;
    hfhub_xet_chunker c;
    hfhub_xet_file_hasher *fh;
    hfhub_xet_file_hashes out;
    hfhub_blake3_hasher bh;
    uint8_t one[32], streamed[32];
    fuzz_hex(data, size);
    if (size == 0) return 0;
    /* stretch: repeat the input up to a length chosen by its first byte (up to ~260 KB) */
    len = size + (size_t)data[0] * 1024;
    buf = (uint8_t *)malloc(len);
    for (i = 0; i < len; i++) buf[i] = data[i % size];
    cap = len / HFHUB_XET_CHUNK_MIN + 1; /* every chunk but the last has at least MIN bytes */
    ends = (uint64_t *)malloc(cap * sizeof(uint64_t));
    stream_ends = (uint64_t *)malloc(cap * sizeof(uint64_t));
    e = (hfhub_xet_merkle_entry *)malloc(cap * sizeof(*e));
    count = hfhub_xet_chunk_boundaries(buf, len, ends, cap);
    fuzz_check(count >= 1 && count <= cap);
    for (i = 0; i + 1 < count; i++) {
        uint64_t l = ends[i] - (i ? ends[i - 1] : 0);
        fuzz_check(l >= HFHUB_XET_CHUNK_MIN && l <= HFHUB_XET_CHUNK_MAX);
    }
    fuzz_check(ends[count - 1] == len);
    /* the same boundaries in pieces sized by the input bytes */
    hfhub_xet_chunker_init(&c);
    fh = (hfhub_xet_file_hasher *)malloc(sizeof(*fh));
    hfhub_xet_file_hasher_init(fh, NULL, NULL);
    hfhub_blake3_init(&bh);
    for (off = 0; off < len;) {
        size_t piece = 1 + (size_t)data[piece_i % size] * (size_t)(1 + data[(piece_i * 7) % size]);
        size_t end, p;
        piece_i++;
        if (piece > len - off) piece = len - off;
        end = off + piece;
        hfhub_xet_file_hasher_update(fh, buf + off, piece);
        hfhub_blake3_update(&bh, buf + off, piece);
        for (p = off; p < end;) {
            int cut;
            size_t k = hfhub_xet_chunker_next(&c, buf + p, end - p, &cut);
            fuzz_check(k > 0);
            p += k;
            if (cut) {
                fuzz_check(nstream < cap);
                stream_ends[nstream++] = p;
            }
        }
        off = end;
    }
    if (hfhub_xet_chunker_finish(&c)) {
        fuzz_check(nstream < cap);
        stream_ends[nstream++] = len;
    }
    fuzz_check(nstream == count && !memcmp(stream_ends, ends, count * sizeof(uint64_t)));
    hfhub_xet_file_hasher_finish(fh, &out);
    fuzz_check(out.nchunks == count && out.size == len);
    {
        uint8_t h[32];
        for (i = 0; i < count; i++) {
            size_t start = i ? (size_t)ends[i - 1] : 0;
            hfhub_xet_chunk_hash(buf + start, (size_t)ends[i] - start, e[i].hash);
            e[i].size = ends[i] - start;
        }
        hfhub_xet_xorb_hash(e, count, h);
        fuzz_check(!memcmp(h, out.xorb_hash, 32));
        hfhub_xet_verification_hash(e, count, h);
        fuzz_check(!memcmp(h, out.verification_hash, 32));
    }
    fuzz_pipeline(buf, len, data, size, ends, &out);
    hfhub_blake3_finalize(&bh, streamed, 32);
    hfhub_blake3(buf, len, one);
    fuzz_check(!memcmp(one, streamed, 32));
    free(fh);
    free(buf);
    free(ends);
    free(stream_ends);
    free(e);
    return 0;
}
