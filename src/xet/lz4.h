/* lz4.h: LZ4 frames (our own encoder and safe decoder) and XXH32.
 *
 * Xet stores compressed chunks as complete LZ4 frames. The encoder writes what xet-core writes:
 * independent blocks, no block or content checksum, no content size (each of these can be
 * turned on). The decoder accepts any valid frame: linked or independent blocks, block and
 * content checksums, content size, dictionary-less frames, uncompressed blocks, skippable
 * frames and several frames back to back. It never reads or writes outside the buffers it is
 * given, and its output is bounded by a caller-given maximum (HFHUB_ERR_TOO_LARGE beyond it).
 * Malformed input gives HFHUB_ERR_PARSE, a checksum mismatch HFHUB_ERR_INTEGRITY. */

/* XXH32 (one-shot and streaming), as used by the LZ4 frame format. */
typedef struct hfhub_xxh32_state {
    uint32_t v[4], total_lo, large;
    uint8_t mem[16];
    uint32_t memsize;
} hfhub_xxh32_state;
HFHUB_API uint32_t hfhub_xxh32(const void *data, size_t n, uint32_t seed);
HFHUB_API void hfhub_xxh32_init(hfhub_xxh32_state *s, uint32_t seed);
HFHUB_API void hfhub_xxh32_update(hfhub_xxh32_state *s, const void *data, size_t n);
HFHUB_API uint32_t hfhub_xxh32_final(const hfhub_xxh32_state *s);

/* Block maximum sizes of the frame format (block size ids 4..7). */
typedef enum hfhub_lz4_block_size {
    HFHUB_LZ4_BLOCK_AUTO = 0, /* 64 KiB for inputs up to 64 KiB, else 256 KiB (as xet-core) */
    HFHUB_LZ4_BLOCK_64KB = 4,
    HFHUB_LZ4_BLOCK_256KB = 5,
    HFHUB_LZ4_BLOCK_1MB = 6,
    HFHUB_LZ4_BLOCK_4MB = 7
} hfhub_lz4_block_size;

/* Encoder options; all zero = xet-core's frames. */
typedef struct hfhub_lz4_opts {
    hfhub_lz4_block_size block_size;
    int content_checksum;  /* append XXH32 of the content */
    int block_checksums;   /* XXH32 after every block */
    int content_size;      /* write the content size (one-shot only: the size is known) */
} hfhub_lz4_opts;

/* Largest frame the encoder writes for n input bytes (with any options). */
HFHUB_API size_t hfhub_lz4_frame_bound(size_t n);
/* One-shot: compresses src into a frame in dst (cap >= hfhub_lz4_frame_bound(n) always
 * suffices; a smaller cap may give HFHUB_ERR_TOO_LARGE). opts may be NULL. */
HFHUB_API hfhub_result hfhub_lz4_frame_compress(const void *src, size_t n, void *dst, size_t cap,
                                                const hfhub_lz4_opts *opts, size_t *out_len);
/* One-shot: decodes every frame in src (concatenated frames, skippable frames skipped) into
 * dst. More than cap bytes of output gives HFHUB_ERR_TOO_LARGE. Uses no heap memory. Bytes of
 * dst between *out_len and cap may be used as scratch (copies run in 16-byte steps). */
HFHUB_API hfhub_result hfhub_lz4_frame_decompress(const void *src, size_t n, void *dst, size_t cap,
                                                  size_t *out_len);

/* Receives output bytes; a nonzero return stops the coder with HFHUB_ERR_CANCELLED. */
typedef int (*hfhub_write_fn)(void *user, const void *data, size_t n);

/* Streaming encoder: O(block size) memory; content size is never written. */
typedef struct hfhub_lz4_encoder {
    const hfhub_allocator *a;
    hfhub_lz4_opts opts;
    hfhub_write_fn write;
    void *user;
    uint8_t *in, *out;     /* one input block, one output block */
    void *table;           /* the matcher's hash table */
    size_t block_max, in_len;
    hfhub_xxh32_state content;
    int started;
} hfhub_lz4_encoder;
HFHUB_API hfhub_result hfhub_lz4_encoder_init(hfhub_lz4_encoder *e, const hfhub_allocator *a,
                                              const hfhub_lz4_opts *opts, hfhub_write_fn write,
                                              void *user);
HFHUB_API hfhub_result hfhub_lz4_encoder_update(hfhub_lz4_encoder *e, const void *data, size_t n);
/* Flushes the last block and the end mark (and checksum). Frees nothing: call _free. */
HFHUB_API hfhub_result hfhub_lz4_encoder_finish(hfhub_lz4_encoder *e);
HFHUB_API void hfhub_lz4_encoder_free(hfhub_lz4_encoder *e);

/* Streaming decoder: feed any split of the input; output goes to write(). Memory is one block
 * of input plus one block of output (and 64 KiB of history for linked blocks). */
typedef struct hfhub_lz4_decoder {
    const hfhub_allocator *a;
    hfhub_write_fn write;
    void *user;
    uint64_t max_out, total_out;   /* total over all frames */
    int state, frames;
    uint8_t flg, bd;
    uint64_t content_size, frame_out;
    uint8_t hdr[20];
    size_t need, have;             /* bytes wanted / gathered for the current unit */
    uint8_t *ibuf; size_t ibuf_cap;
    uint8_t *obuf; size_t obuf_cap, hist;  /* hist: valid history bytes at obuf's start */
    size_t block_max;
    uint32_t block_word;
    uint64_t skip_left;
    hfhub_xxh32_state content;
} hfhub_lz4_decoder;
/* max_out: the most output accepted over the whole stream (HFHUB_ERR_TOO_LARGE beyond). */
HFHUB_API void hfhub_lz4_decoder_init(hfhub_lz4_decoder *d, const hfhub_allocator *a,
                                      uint64_t max_out, hfhub_write_fn write, void *user);
HFHUB_API hfhub_result hfhub_lz4_decoder_update(hfhub_lz4_decoder *d, const void *data, size_t n);
/* Checks the input ended on a frame boundary (HFHUB_ERR_PARSE if truncated). */
HFHUB_API hfhub_result hfhub_lz4_decoder_finish(hfhub_lz4_decoder *d);
HFHUB_API void hfhub_lz4_decoder_free(hfhub_lz4_decoder *d);
