/* chunker.h: Xet content-defined chunking (the gearhash CDC of xet-core).
 *
 * Chunks are 8 KiB..128 KiB (about 64 KiB on average); a chunk ends after byte i when the
 * rolling hash h = (h << 1) + GEAR[byte] has its 16 high bits all zero and the chunk has at
 * least 8 KiB, or when it reaches 128 KiB. The last chunk may be shorter; empty input has no
 * chunks. Streaming: the boundaries do not depend on how the input is split into calls.
 *
 *     hfhub_xet_chunker c;
 *     hfhub_xet_chunker_init(&c);
 *     while ((n = read(buf))) {                      // any block sizes
 *         size_t off = 0;
 *         while (off < n) {
 *             int cut;
 *             size_t k = hfhub_xet_chunker_next(&c, buf + off, n - off, &cut);
 *             ... bytes buf[off, off+k) belong to the current chunk ...
 *             if (cut) ... the current chunk ends here ...
 *             off += k;
 *         }
 *     }
 *     if (hfhub_xet_chunker_finish(&c)) ... the last chunk ends at the end of input ... */

#define HFHUB_XET_CHUNK_MIN 8192
#define HFHUB_XET_CHUNK_TARGET 65536
#define HFHUB_XET_CHUNK_MAX 131072

typedef struct hfhub_xet_chunker {
    uint64_t hash;      /* the rolling gear hash */
    uint64_t chunk_len; /* bytes of the current chunk seen so far */
} hfhub_xet_chunker;

HFHUB_API void hfhub_xet_chunker_init(hfhub_xet_chunker *c);
/* Consumes bytes of `data` up to and including the end of the current chunk if it lies in
 * data (then *cut = 1), else all of them (*cut = 0). Returns the number consumed; it is 0
 * only when len is 0. */
HFHUB_API size_t hfhub_xet_chunker_next(hfhub_xet_chunker *c, const void *data, size_t len,
                                        int *cut);
/* At the end of input: the length of the last chunk (0 when there is none) and a reset. */
HFHUB_API uint64_t hfhub_xet_chunker_finish(hfhub_xet_chunker *c);
/* Whole-buffer form: writes the exclusive end offset of each chunk to ends (at most cap) and
 * returns the number of chunks (which may exceed cap: then only cap were written). */
HFHUB_API size_t hfhub_xet_chunk_boundaries(const void *data, size_t len, uint64_t *ends,
                                            size_t cap);
