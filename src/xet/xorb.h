/* xorb.h: the Xet xorb format: chunk records (8-byte header + payload) and the optional
 * CasObjectInfo V1 footer. Hashes are raw 32-byte values (computing them is not done here).
 *
 * Record header: version 0 | u24 payload length | scheme | u24 chunk length, little-endian.
 * Footer: "XETBLOB" 1 | xorb hash | "XBLBHSH" 0 | n | n hashes | "XBLBBND" 1 | n | n record
 * end offsets | n cumulative chunk ends | n | hashes-section offset | boundary-section offset |
 * 16 reserved bytes | u32 footer length (92 + 40 n). */

#define HFHUB_XORB_MAX_BYTES 67108864u  /* sum of uncompressed chunk sizes in one xorb */
#define HFHUB_XORB_MAX_CHUNKS 8192u
#define HFHUB_XORB_MAX_CHUNK 131072u    /* largest chunk (uncompressed) a record may hold */
#define HFHUB_XORB_RECORD_HEADER 8u

/* One parsed record; payload points into the parsed buffer. */
typedef struct hfhub_xorb_record {
    hfhub_xet_scheme scheme;
    uint32_t compressed_len, uncompressed_len;
    const uint8_t *payload;
} hfhub_xorb_record;

/* Parses the record at the start of data (n bytes available): HFHUB_ERR_PARSE when the header
 * is invalid or the payload is cut short. The record spans 8 + compressed_len bytes. */
HFHUB_API hfhub_result hfhub_xorb_record_parse(const void *data, size_t n, hfhub_xorb_record *rec);
/* Decodes a record's chunk into dst (cap >= rec->uncompressed_len). */
HFHUB_API hfhub_result hfhub_xorb_record_decode(const hfhub_allocator *a, const hfhub_xorb_record *rec,
                                                void *dst, size_t cap);

/* The footer of a stored xorb. Arrays point into the parsed buffer (little-endian). */
typedef struct hfhub_xorb_footer {
    uint8_t xorb_hash[32];
    uint32_t num_chunks;
    const uint8_t *chunk_hashes;  /* 32 bytes per chunk */
    const uint8_t *record_ends;   /* u32 per chunk: end of its record in the record region */
    const uint8_t *unpacked_ends; /* u32 per chunk: end of its bytes in the uncompressed stream */
    size_t records_len;           /* size of the record region (= where the footer starts) */
} hfhub_xorb_footer;

/* Parses a serialized xorb, with or without footer: every record header is checked, the
 * limits enforced, and a footer's tables must agree with the records. *has_footer says
 * whether a footer was found (footer is filled then); *num_chunks counts the records.
 * footer, has_footer and num_chunks may be NULL. Payloads are not decoded. */
HFHUB_API hfhub_result hfhub_xorb_parse(const void *data, size_t n, hfhub_xorb_footer *footer, int *has_footer,
                                        uint32_t *num_chunks);
HFHUB_API const uint8_t *hfhub_xorb_footer_hash(const hfhub_xorb_footer *f, uint32_t i);
HFHUB_API uint32_t hfhub_xorb_footer_record_end(const hfhub_xorb_footer *f, uint32_t i);
HFHUB_API uint32_t hfhub_xorb_footer_unpacked_end(const hfhub_xorb_footer *f, uint32_t i);
/* Byte range [*start, *end) of the records of chunks [first, last) (what a presigned URL range
 * covers, end exclusive). HFHUB_ERR_INVALID_ARG for an empty or out-of-range chunk range. */
HFHUB_API hfhub_result hfhub_xorb_chunks_to_bytes(const hfhub_xorb_footer *f, uint32_t first, uint32_t last,
                                                  uint64_t *start, uint64_t *end);
/* The inverse: the chunks [*first, *last) whose records exactly cover bytes [start, end);
 * HFHUB_ERR_INVALID_ARG when the range does not fall on record boundaries. */
HFHUB_API hfhub_result hfhub_xorb_bytes_to_chunks(const hfhub_xorb_footer *f, uint64_t start, uint64_t end,
                                                  uint32_t *first, uint32_t *last);

/* Decodes chunks [first, last) out of data, a run of whole records whose first record is chunk
 * data_first (a fetched byte range of a xorb), sending the bytes to write() in order. More than
 * max_out bytes in total gives HFHUB_ERR_TOO_LARGE; missing records HFHUB_ERR_PARSE. */
HFHUB_API hfhub_result hfhub_xorb_extract(const hfhub_allocator *a, const void *data, size_t n, uint32_t data_first,
                                          uint32_t first, uint32_t last, uint64_t max_out, hfhub_write_fn write,
                                          void *user);

/* What the writer keeps per chunk for the footer. */
typedef struct hfhub_xorb_entry {
    uint8_t hash[32];
    uint32_t record_end, unpacked_end;
} hfhub_xorb_entry;

/* Builds a xorb chunk by chunk. */
typedef struct hfhub_xorb_writer {
    const hfhub_allocator *a;
    hfhub_xet_policy policy, current; /* current: AUTO's pick for this run of 32 chunks */
    uint8_t *data;                    /* the serialized xorb so far */
    size_t len, cap;
    hfhub_xorb_entry *entries;
    uint32_t num_chunks, slots;
    uint64_t raw_bytes;
} hfhub_xorb_writer;

HFHUB_API void hfhub_xorb_writer_init(hfhub_xorb_writer *w, const hfhub_allocator *a, hfhub_xet_policy policy);
/* 1 when a chunk of len bytes still fits under the 64 MiB / 8192-chunk limits. */
HFHUB_API int hfhub_xorb_writer_fits(const hfhub_xorb_writer *w, size_t len);
/* Compresses and appends one chunk (1..131072 bytes). hash (raw) is kept for the footer and
 * may be NULL when no footer will be written. HFHUB_ERR_TOO_LARGE when it does not fit. */
HFHUB_API hfhub_result hfhub_xorb_writer_add(hfhub_xorb_writer *w, const void *chunk, size_t len,
                                             const uint8_t *hash);
/* Appends the footer with the given xorb hash (raw). Without this call w->data[0..w->len) is the
 * records-only form that uploads send. */
HFHUB_API hfhub_result hfhub_xorb_writer_footer(hfhub_xorb_writer *w, const uint8_t xorb_hash[32]);
HFHUB_API void hfhub_xorb_writer_free(hfhub_xorb_writer *w);
