/* download.h: hf_hub_download into the shared cache (or a local folder), file metadata.
 * Not in HFHUB_NO_STDIO builds (use hfhub_download_to_buffer there). */

#ifndef HFHUB_NO_STDIO

/* What the metadata call (HEAD on the resolve URL) tells about a file, like Python's
 * HfFileMetadata. One block: free with hfhub_free(c, md). */
typedef struct hfhub_file_metadata {
    const char *commit_hash;   /* X-Repo-Commit */
    const char *etag;          /* X-Linked-Etag, else ETag, without W/ and quotes */
    const char *location;      /* Location of the last response, else the URL asked */
    uint64_t size;             /* X-Linked-Size, else Content-Length of a non-redirect */
    const char *xet_hash;      /* X-Xet-Hash, NULL when the file is not Xet-backed */
    const char *xet_refresh_route; /* the xet-auth link / X-Xet-Refresh-Route, or NULL */
} hfhub_file_metadata;

/* Python's get_hf_file_metadata(url): HEAD with Accept-Encoding: identity, following only
 * relative redirects (renamed repositories), never the CDN. Uses opts->token, headers and
 * etag_timeout_s (opts may be NULL). */
HFHUB_API hfhub_result hfhub_get_file_metadata(hfhub_client *c, const char *url, const hfhub_download_opts *opts,
                                               hfhub_file_metadata **out);

/* Python's hf_hub_download: *out_path is the file in snapshots/<commit>/<filename> of the
 * cache (or <local_dir>/<filename>); free it with hfhub_free(c, p). Shares the cache with
 * Python: what either downloaded, the other finds without a request. Beyond Python: an
 * interrupted download resumes from its partial blob (also in a later process), LFS files
 * are checked against their SHA-256 while they stream (HFHUB_ERR_INTEGRITY, nothing
 * cached on a mismatch), and a 403 from an expired CDN URL is resolved again once. */
HFHUB_API hfhub_result hfhub_download(hfhub_client *c, const char *repo_id, const char *filename,
                                      const hfhub_download_opts *opts, char **out_path);

/* What a download would do, without doing it (Python's DryRunFileInfo). */
typedef struct hfhub_dry_run_info {
    const char *commit_hash;
    uint64_t file_size;
    const char *filename;      /* the path in the repo */
    const char *local_path;    /* where the file is or would be */
    int is_cached;
    int will_download;
} hfhub_dry_run_info;

/* hf_hub_download(..., dry_run=True): the metadata call only; *out is one block freed with
 * hfhub_free(c, *out). A file already in the snapshot of a commit-hash revision costs no
 * request. */
HFHUB_API hfhub_result hfhub_download_dry_run(hfhub_client *c, const char *repo_id, const char *filename,
                                              const hfhub_download_opts *opts, hfhub_dry_run_info **out);

/* Python's file_exists: HFHUB_OK and *exists 1/0; other errors as hfhub_download's. */
HFHUB_API hfhub_result hfhub_file_exists(hfhub_client *c, const char *repo_id, const char *filename,
                                         const hfhub_download_opts *opts, int *exists);

/* Python's try_to_load_from_cache, without any request: HFHUB_OK with *path set (free with
 * hfhub_free) when the file is cached for that revision; HFHUB_ERR_ENTRY_NOT_FOUND when the
 * cache records that it does not exist there (.no_exist); HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND
 * when the cache knows nothing. Only repo_type, revision, subfolder and cache_dir of opts
 * are used. */
HFHUB_API hfhub_result hfhub_try_to_load_from_cache(hfhub_client *c, const char *repo_id, const char *filename,
                                                    const hfhub_download_opts *opts, char **path);

#endif
