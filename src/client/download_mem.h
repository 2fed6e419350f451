/* download_mem.h: hf_hub_download into the caller's memory (no filesystem needed, so it is
 * the download of HFHUB_NO_STDIO builds). */

/* Progress of a transfer; a nonzero return from the callback cancels it cleanly
 * (HFHUB_ERR_CANCELLED). bytes_total is 0 while unknown. */
typedef struct hfhub_progress {
    const char *path;
    uint64_t bytes_done, bytes_total;
    uint32_t files_done, files_total;
} hfhub_progress;
typedef int (*hfhub_progress_fn)(void *user, const hfhub_progress *p);

/* Options of the download calls; zero means Python's defaults. */
typedef struct hfhub_download_opts {
    const char *repo_type;     /* NULL: "model"; "dataset", "space", "kernel" */
    const char *revision;      /* NULL: "main"; a branch, tag, commit or "refs/pr/N" */
    const char *subfolder;     /* prefixed to the filename with '/' when not empty */
    const char *token;         /* NULL: the client's token; sent as "Bearer <token>" */
    int local_files_only;      /* 1: never use the network */
    hfhub_progress_fn progress;
    void *progress_user;
    /* Downloads to disk (hfhub_download, hfhub_snapshot_download): */
    const char *cache_dir;     /* NULL: the client's HF_HUB_CACHE */
    const char *local_dir;     /* not NULL: files land here, not in the cache (no symlinks) */
    int force_download;        /* 1: download even if cached */
    int etag_timeout_s;        /* metadata timeout; 0: the client's (HF_HUB_ETAG_TIMEOUT or 10) */
    const hfhub_header *headers; /* extra request headers (override the defaults) */
    size_t n_headers;
    int mode;                  /* HFHUB_DOWNLOAD_AUTO (0), _PREFER_OFFLINE or _OFFLINE */
    int no_verify;             /* 1: skip the SHA-256 check of LFS files (also
                                  HF_HUB_DISABLE_VERIFICATION=1); the size is always checked */
    int connections;           /* ranged connections for one large file (disk downloads; the
                                  server must honour Range): 0: HFHUB_DOWNLOAD_CONNECTIONS,
                                  else 4; 1: one stream; at most 16 */
    uint64_t parallel_min_size; /* files with at least this much left to fetch use them;
                                  0: 64 MiB */
} hfhub_download_opts;

/* Download modes: AUTO asks the Hub for the revision's current file (Python's behaviour);
 * PREFER_OFFLINE uses a cached copy of the revision without any request when there is one;
 * OFFLINE never sends a request (like local_files_only). */
#define HFHUB_DOWNLOAD_AUTO 0
#define HFHUB_DOWNLOAD_PREFER_OFFLINE 1
#define HFHUB_DOWNLOAD_OFFLINE 2

/* Downloads `filename` of repo_id at opts->revision into buf (cap bytes) and sets *len to
 * its size. GET {endpoint}/{prefix}{repo_id}/resolve/{revision}/{filename}, following
 * redirects (a CDN host gets no Authorization header), retrying 408/429 like Python.
 * HFHUB_ERR_TOO_LARGE when the file does not fit (buf then holds a prefix, *len 0);
 * offline or local_files_only: HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND (memory has no cache);
 * HTTP failures map like Python's errors (repository, revision, entry not found, gated,
 * unauthorized...). opts may be NULL; of its fields, the disk ones (cache_dir, local_dir,
 * force_download, etag_timeout_s, no_verify) do not apply, mode OFFLINE equals
 * local_files_only, and at most 16 extra headers are taken. */
HFHUB_API hfhub_result hfhub_download_to_buffer(hfhub_client *c, const char *repo_id, const char *filename,
                                                const hfhub_download_opts *opts, void *buf, size_t cap,
                                                size_t *len);
