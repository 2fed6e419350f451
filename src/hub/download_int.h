/* download_int.h: what the cache download and the local_dir download share (library-internal). */

#ifndef HFHUB_NO_STDIO

/* The answer of the metadata call (spec/hub-api.md §2.4). */
typedef struct hfhub__meta {
    char commit[41];
    char etag[160];
    char xet_hash[80];
    uint64_t size;
    int has_size;
    hfhub__buf location;
    hfhub__buf refresh;
} hfhub__meta;

HFHUB__API void hfhub__meta_init(hfhub__meta *m, const hfhub_allocator *a);
HFHUB__API void hfhub__meta_free(hfhub__meta *m);
/* HEAD the resolve URL following relative redirects only; commit_out gets the X-Repo-Commit
 * of an error answer (EntryNotFound) when there is one. */
HFHUB__API hfhub_result hfhub__dl_head(hfhub_client *c, const char *url, const hfhub_download_opts *o, int timeout_ms,
                                      int retries, hfhub__meta *m, char commit_out[41]);
/* Downloads url into the partial file path (resuming what is there), checks the size and,
 * when sha256 is not NULL, the digest (HFHUB_ERR_INTEGRITY; the partial file is removed). */
HFHUB__API hfhub_result hfhub__dl_fetch(hfhub_client *c, const char *url, int auth, const hfhub_download_opts *o,
                                       const char *path, const char *display, uint64_t expected, const char *sha256);
/* Whether a file with `missing` bytes to fetch goes over several ranged connections: not at
 * all, at once (the caller asked for connections), or (automatic) when one stream turns out
 * to be slow: after HFHUB__DL_PROBE_MS it carries less than HFHUB__DL_FAST_STREAM bytes/s, so
 * the network, not this machine, is the limit and more connections help. (On a fast link a
 * single stream is CPU-bound, and splitting it only adds work.) */
#define HFHUB__DL_RANGES_NO 0
#define HFHUB__DL_RANGES_NOW 1
#define HFHUB__DL_RANGES_PROBE 2
#define HFHUB__DL_PROBE_MS 1000
#define HFHUB__DL_FAST_STREAM ((uint64_t)256 << 20)
HFHUB__API int hfhub__dl_ranges_mode(const hfhub_download_opts *o, uint64_t missing);
/* hfhub__dl_fetch over several ranged connections (download_ranges.c). *fallback is set, with
 * the file cut back to its contiguous prefix, when the server ignores Range. */
HFHUB__API hfhub_result hfhub__dl_fetch_ranges(hfhub_client *c, const char *url, int auth,
                                              const hfhub_download_opts *o, const char *path,
                                              const char *display, uint64_t expected, const char *sha256,
                                              int *fallback);
/* Same scheme, host and port (the Hub itself, which gets the token, rather than a CDN). */
HFHUB__API int hfhub__dl_same_origin(hfhub_client *c, const char *a_url, const char *b_url);
HFHUB__API int hfhub__dl_env_flag(const char *name);

/* One download's names and state. */
typedef struct hfhub__dl {
    hfhub_client *c;
    const hfhub_download_opts *o;
    int type;
    const char *repo_id;
    const char *revision;
    hfhub__buf filename;      /* subfolder/filename */
    hfhub__buf url;           /* the resolve URL */
    hfhub__buf repo_dir;      /* {cache}/{folder} */
    hfhub__buf cache_dir;
    hfhub__buf pointer;       /* snapshots/{commit}/{filename} */
    hfhub__buf blob;
    hfhub__buf tmp;
    hfhub__buf lock;
    hfhub__meta meta;
    int have_meta;
    char commit[41];
} hfhub__dl;

HFHUB__API hfhub_result hfhub__dl_setup(hfhub__dl *d, hfhub_client *c, const char *repo_id, const char *filename,
                                       const hfhub_download_opts *o);
HFHUB__API void hfhub__dl_cleanup(hfhub__dl *d);
/* Offline by the client, local_files_only or the offline download mode. */
HFHUB__API int hfhub__dl_offline(const hfhub__dl *d);
/* The metadata call of a download, with .no_exist bookkeeping on EntryNotFound. */
HFHUB__API hfhub_result hfhub__dl_metadata(hfhub__dl *d, int timeout_ms, int retries);
/* A dry-run record as one block for the user (will_download = force || !is_cached). */
HFHUB__API hfhub_result hfhub__dl_dry_record(hfhub_client *c, const char *commit, uint64_t size, const char *filename,
                                            const char *local_path, int is_cached, int force, hfhub_dry_run_info **out);
/* The local_dir forms of hfhub_download_dry_run and hfhub_download; in local_dir.c. */
HFHUB__API hfhub_result hfhub__download_local_dir_dry_run(hfhub_client *c, const char *repo_id, const char *filename,
                                                         const hfhub_download_opts *o, hfhub_dry_run_info **out);
/* hf_hub_download with local_dir (§2.8); in local_dir.c. */
HFHUB__API hfhub_result hfhub__download_local_dir(hfhub_client *c, const char *repo_id, const char *filename,
                                                 const hfhub_download_opts *o, char **out_path);

#endif
