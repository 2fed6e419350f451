/* upload.h: uploading files through Xet (spec/xet.md §5.5, §7): each file is read once
 * (content-defined chunks, chunk hashes, SHA-256 in one pass); chunks already in this upload,
 * in the local shard cache ({HF_XET_CACHE}/{CAS URL}/shard-cache: the shards this client
 * uploaded before) or known to the CAS (global dedup: the first chunk of each file and chunks
 * whose hash is 0 mod 1024, at most every 256 chunks, with HMAC-keyed answers) become
 * references, unless the file's terms grow too short (xet-core's fragmentation guard); new
 * chunks are packed into xorbs (<= 64 MiB, <= 8192 chunks, shared across files), compressed
 * (scheme chosen per 32-chunk run) and uploaded by a few threads while the next xorb is
 * filled (the xorb bytes held at once stay under 68 MiB: a xorb's bytes are dropped once its
 * body is sent; a retried POST rebuilds it from the files, checking every chunk hash, and
 * fails if a file changed), then one shard registers
 * the files. The files can then be committed as lfsFile lines with their SHA-256
 * (hfhub_create_commit's LFS path). Environment: HF_XET_DATA_MAX_CONCURRENT_UPLOADS (xet-core's
 * name; default 8), HF_XET_CACHE. */

#ifndef HFHUB_NO_STDIO
typedef struct hfhub_xet_upload_opts {
    const char *repo_type;        /* NULL: "model" */
    const char *revision;         /* NULL: "main" (the write token is scoped to it) */
    const char *token;            /* NULL: the client's */
    int disable_global_dedup;
    int max_concurrent_uploads;   /* xorb POSTs at once; 0: HF_XET_DATA_MAX_CONCURRENT_UPLOADS or 8 */
    uint32_t max_xorb_bytes;      /* chunk bytes per xorb; 0 (or more than 64 MiB): 64 MiB */
} hfhub_xet_upload_opts;

/* What one uploaded file became. */
typedef struct hfhub_xet_uploaded {
    char sha256[65];              /* the LFS oid of the commit's lfsFile line */
    char xet_hash[65];
    uint64_t size;
} hfhub_xet_uploaded;

typedef struct hfhub_xet_upload_stats {
    uint64_t bytes;               /* file bytes read */
    uint64_t new_bytes;           /* chunk bytes packed into new xorbs */
    uint64_t xorbs, xorb_bytes;   /* xorbs uploaded and their serialized size */
    uint64_t dedup_bytes;         /* bytes found in this upload or known to the CAS */
    uint64_t dedup_queries;       /* global dedup requests */
} hfhub_xet_upload_stats;

/* Uploads the local files paths[0..n) to the CAS of repo_id; out[i] (n entries) describes
 * paths[i]; stats may be NULL. Empty files need no upload (their SHA-256 is still set). */
HFHUB_API hfhub_result hfhub_xet_upload_files(hfhub_client *c, const char *repo_id, const char *const *paths,
                                              size_t n, const hfhub_xet_upload_opts *opts,
                                              hfhub_xet_uploaded *out, hfhub_xet_upload_stats *stats);
#endif
