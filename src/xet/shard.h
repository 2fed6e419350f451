/* shard.h: the Xet shard ("MDB shard") format: file reconstructions and xorb chunk listings.
 * Layout: header(48) | file blocks | bookend | xorb (CAS) blocks | bookend | [lookup tables |
 * footer(200)]. Every entry is 48 bytes, little-endian. The upload form (POST /v1/shards) has
 * no lookup tables and no footer; stored shards and global-dedup responses have both.
 * Hashes are raw 32-byte values computed by the caller. Global-dedup responses may carry
 * "HMAC-keyed" chunk hashes: BLAKE3 keyed with the footer's key over the raw chunk hash. */

#define HFHUB_SHARD_ENTRY 48u
#define HFHUB_SHARD_FOOTER 200u
#define HFHUB_SHARD_MAX_BYTES 67108864u                 /* shards must stay below 64 MiB */
#define HFHUB_SHARD_FILE_VERIFICATION 0x80000000u       /* file flags */
#define HFHUB_SHARD_FILE_METADATA_EXT 0x40000000u
#define HFHUB_SHARD_CHUNK_GLOBAL_DEDUP 0x80000000u      /* chunk flags: eligible for global dedup */

/* One term of a file: chunks [chunk_start, chunk_end) of a xorb. */
typedef struct hfhub_shard_term {
    uint8_t xorb_hash[32];
    uint32_t xorb_flags;
    uint32_t unpacked_bytes;      /* sum of the chunks' uncompressed sizes */
    uint32_t chunk_start, chunk_end;
    uint8_t verification[32];     /* the term's range hash, with HFHUB_SHARD_FILE_VERIFICATION */
} hfhub_shard_term;

typedef struct hfhub_shard_file {
    uint8_t file_hash[32];
    uint32_t flags;               /* uploads: VERIFICATION | METADATA_EXT */
    uint8_t sha256[32];           /* with HFHUB_SHARD_FILE_METADATA_EXT */
    hfhub_shard_term *terms;
    uint32_t num_terms;
} hfhub_shard_file;

typedef struct hfhub_shard_chunk {
    uint8_t hash[32];             /* HMAC-keyed in dedup responses with a nonzero key */
    uint32_t byte_start;          /* sum of the sizes of the xorb's previous chunks */
    uint32_t len;                 /* uncompressed size */
    uint32_t flags;
} hfhub_shard_chunk;

typedef struct hfhub_shard_xorb {
    uint8_t xorb_hash[32];
    uint32_t flags;
    uint32_t bytes_in_cas;        /* sum of uncompressed chunk sizes */
    uint32_t bytes_on_disk;       /* serialized size; xet-core sends 0; never trust it */
    hfhub_shard_chunk *chunks;
    uint32_t num_chunks;
} hfhub_shard_xorb;

/* Options of hfhub_shard_write; all zero = the upload form. */
typedef struct hfhub_shard_write_opts {
    int with_footer;              /* the stored form: lookup tables and footer */
    uint8_t hmac_key[32];         /* recorded in the footer; chunk hashes must already be keyed */
    uint64_t creation_time, key_expiry;
} hfhub_shard_write_opts;

/* Exact size hfhub_shard_write produces. */
HFHUB_API uint64_t hfhub_shard_size(const hfhub_shard_file *files, size_t num_files, const hfhub_shard_xorb *xorbs,
                                    size_t num_xorbs, int with_footer);
/* Serializes to write() in order. The allocator is used for the lookup tables only. */
HFHUB_API hfhub_result hfhub_shard_write(const hfhub_allocator *a, const hfhub_shard_file *files, size_t num_files,
                                         const hfhub_shard_xorb *xorbs, size_t num_xorbs,
                                         const hfhub_shard_write_opts *opts, hfhub_write_fn write, void *user);

/* Where a chunk hash was found: xorb index and chunk index within that xorb. */
typedef struct hfhub_shard_chunk_ref {
    const uint8_t *hash;
    uint32_t xorb, chunk;
} hfhub_shard_chunk_ref;

/* A parsed shard: one allocation, released with hfhub_shard_free. */
typedef struct hfhub_shard {
    hfhub_shard_file *files;
    uint32_t num_files;
    hfhub_shard_xorb *xorbs;
    uint32_t num_xorbs;
    int has_footer;               /* the fields below are zero without a footer */
    uint8_t hmac_key[32];         /* all zero: chunk hashes are raw */
    uint64_t creation_time, key_expiry;
    uint64_t stored_bytes_on_disk, materialized_bytes, stored_bytes;
    hfhub_shard_chunk_ref *index; /* every chunk, sorted by hash */
    uint32_t num_chunks;
    const hfhub_allocator *a;
    size_t alloc_size;
} hfhub_shard;

/* Parses any shard form (upload form, stored form, global-dedup response). Tables and footer
 * are checked against the sections; a malformed shard gives HFHUB_ERR_PARSE. */
HFHUB_API hfhub_result hfhub_shard_parse(const hfhub_allocator *a, const void *data, size_t n, hfhub_shard **out);
HFHUB_API void hfhub_shard_free(hfhub_shard *s);
/* 1 when the chunk hashes are HMAC-keyed (a nonzero key in the footer). */
HFHUB_API int hfhub_shard_is_keyed(const hfhub_shard *s);
/* Finds a chunk by hash as stored (keyed the shard's way): the first match, or NULL. */
HFHUB_API const hfhub_shard_chunk_ref *hfhub_shard_find_chunk(const hfhub_shard *s, const uint8_t hash[32]);
/* A raw chunk hash keyed the way this shard stores them (a copy when it is not keyed). */
HFHUB_API void hfhub_shard_key_chunk_hash(const hfhub_shard *s, const uint8_t raw[32], uint8_t out[32]);
/* Finds a chunk by its raw hash, keying it first when the shard is keyed. */
HFHUB_API const hfhub_shard_chunk_ref *hfhub_shard_find_raw_chunk(const hfhub_shard *s, const uint8_t raw[32]);
