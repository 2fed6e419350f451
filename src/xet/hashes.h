/* hashes.h: the Xet hashes (spec/xet.md §2): chunk hash, the merkle ("aggregated") hash with
 * its variable fan-out, xorb hash, file hash (salted or not), term verification hash, the
 * Xet hex string form, and a streaming file hasher that chunks and hashes in one pass.
 * All hashes are 32 raw bytes; "Xet hex" prints them as four little-endian u64 words. */

#define HFHUB_XET_HASH_LEN 32
#define HFHUB_XET_HEX_LEN 64

/* Chunk hash: BLAKE3 keyed with the data key, over the uncompressed chunk bytes. */
HFHUB_API void hfhub_xet_chunk_hash(const void *data, size_t len, uint8_t out[32]);

/* Xet hex: 64 lowercase hex digits, bytes reversed inside each 8-byte group; out gets a NUL. */
HFHUB_API void hfhub_xet_hash_to_hex(const uint8_t hash[32], char out[65]);
/* Parses exactly 64 hex digits (either case) followed by the end of the string. */
HFHUB_API hfhub_result hfhub_xet_hash_from_hex(const char *hex, uint8_t out[32]);

/* One leaf or node of the merkle tree: a hash and the byte count under it. */
typedef struct hfhub_xet_merkle_entry {
    uint8_t hash[32];
    uint64_t size;
} hfhub_xet_merkle_entry;

/* Streaming merkle root: add entries in order, then finish. Groups close after the first
 * entry, from the 3rd on, whose last u64 word is 0 mod 4, or after 9 entries, so each level
 * keeps at most 9 pending entries: memory is fixed (about 15 KB), no allocation. */
#define HFHUB_XET_MERKLE_LEVELS 42
typedef struct hfhub_xet_merkle {
    hfhub_xet_merkle_entry pending[HFHUB_XET_MERKLE_LEVELS][9];
    uint8_t npending[HFHUB_XET_MERKLE_LEVELS];
    uint8_t several[HFHUB_XET_MERKLE_LEVELS]; /* the level has received 2 or more entries */
    uint64_t count;                           /* entries added */
} hfhub_xet_merkle;

HFHUB_API void hfhub_xet_merkle_init(hfhub_xet_merkle *m);
HFHUB_API void hfhub_xet_merkle_add(hfhub_xet_merkle *m, const uint8_t hash[32], uint64_t size);
/* The root (32 zero bytes for no entries; the entry itself for one) and the total size.
 * The accumulator must be initialised again before reuse. `total` may be NULL. */
HFHUB_API void hfhub_xet_merkle_finish(hfhub_xet_merkle *m, uint8_t root[32], uint64_t *total);

/* Whole-list forms over (chunk hash, chunk length) entries in order. */
/* Xorb hash: the merkle root. */
HFHUB_API void hfhub_xet_xorb_hash(const hfhub_xet_merkle_entry *chunks, size_t n,
                                   uint8_t out[32]);
/* File hash: BLAKE3 keyed with `salt` (NULL: 32 zero bytes, as the Hub uses) over the merkle
 * root; 32 zero bytes for an empty file. */
HFHUB_API void hfhub_xet_file_hash(const hfhub_xet_merkle_entry *chunks, size_t n,
                                   const uint8_t *salt, uint8_t out[32]);
/* The same from a root computed with hfhub_xet_merkle_*, given the number of entries. */
HFHUB_API void hfhub_xet_file_hash_from_root(const uint8_t root[32], uint64_t nentries,
                                             const uint8_t *salt, uint8_t out[32]);
/* Term verification hash: BLAKE3 keyed with the verification key over the raw chunk hashes
 * of the term's chunks, in order. */
HFHUB_API void hfhub_xet_verification_hash(const hfhub_xet_merkle_entry *chunks, size_t n,
                                           uint8_t out[32]);

/* ---- one pass over a file: chunk, hash chunks, and every aggregate ---- */

typedef struct hfhub_xet_chunk_info {
    uint64_t offset, length;
    uint8_t hash[32];
} hfhub_xet_chunk_info;
/* Called once per chunk, in order, as soon as the chunk is complete. */
typedef void (*hfhub_xet_chunk_fn)(void *user, const hfhub_xet_chunk_info *chunk);

typedef struct hfhub_xet_file_hashes {
    uint64_t size, nchunks;
    uint8_t xorb_hash[32];         /* all chunks as one xorb (the merkle root) */
    uint8_t file_hash[32];
    uint8_t verification_hash[32]; /* all chunks as one term */
} hfhub_xet_file_hashes;

typedef struct hfhub_xet_file_hasher {
    hfhub_xet_chunker chunker;
    hfhub_blake3_hasher chunk;        /* the current chunk */
    hfhub_blake3_hasher verification; /* over every chunk hash */
    hfhub_xet_merkle merkle;
    uint64_t size, chunk_start, nchunks;
    hfhub_xet_chunk_fn on_chunk;
    void *user;
} hfhub_xet_file_hasher;

/* on_chunk may be NULL. The hasher is about 20 KB: put it on the heap on small stacks. */
HFHUB_API void hfhub_xet_file_hasher_init(hfhub_xet_file_hasher *fh, hfhub_xet_chunk_fn on_chunk,
                                          void *user);
HFHUB_API void hfhub_xet_file_hasher_update(hfhub_xet_file_hasher *fh, const void *data,
                                            size_t len);
/* Records a chunk that was cut and hashed elsewhere (a pipeline), in place of update: the
 * chunk follows the previous one. */
HFHUB_API void hfhub_xet_file_hasher_add_chunk(hfhub_xet_file_hasher *fh, const uint8_t hash[32],
                                               uint64_t length);
/* Ends the last chunk and fills out; the hasher must be initialised again before reuse. */
HFHUB_API void hfhub_xet_file_hasher_finish(hfhub_xet_file_hasher *fh, hfhub_xet_file_hashes *out);
