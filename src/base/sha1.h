/* sha1.h: SHA-1 (FIPS 180-4), streaming and one-shot, and git's blob object id.
 *
 * SHA-1 is not used for security here: git names every file content by
 * sha1("blob <size>\0" + content), and the Hub reports that id as the ETag / `oid` of regular
 * (non-LFS) files. The cache checks and the commit code compare against it. */

typedef struct hfhub_sha1_ctx {
    uint32_t state[5];
    uint64_t total;          /* bytes hashed so far */
    unsigned char block[64]; /* a partial block */
    size_t block_len;
} hfhub_sha1_ctx;

HFHUB_API void hfhub_sha1_init(hfhub_sha1_ctx *c);
HFHUB_API void hfhub_sha1_update(hfhub_sha1_ctx *c, const void *data, size_t n);
/* Writes the 20-byte digest; init again to reuse the context. */
HFHUB_API void hfhub_sha1_final(hfhub_sha1_ctx *c, unsigned char out[20]);
/* One shot: the digest of data[0..n). */
HFHUB_API void hfhub_sha1(const void *data, size_t n, unsigned char out[20]);

/* Starts a git blob id for content of exactly `size` bytes: hashes the "blob <size>\0"
 * header; feed the content with hfhub_sha1_update, finish with hfhub_sha1_final. */
HFHUB_API void hfhub_git_blob_init(hfhub_sha1_ctx *c, uint64_t size);
/* One shot: git's blob id of data[0..n) as 40 lower-case hex digits and a NUL. */
HFHUB_API void hfhub_git_blob_sha1_hex(const void *data, size_t n, char out[41]);
