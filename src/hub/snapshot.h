/* snapshot.h: snapshot_download: every file of a revision (filtered), in parallel. */

#ifndef HFHUB_NO_STDIO

/* Python's snapshot_download options; zero means its defaults. */
typedef struct hfhub_snapshot_opts {
    hfhub_download_opts dl;            /* repo_type, revision, cache_dir, local_dir, token,
                                          force_download, local_files_only, mode, progress... */
    const char *const *allow_patterns; /* fnmatch patterns; NULL: every file */
    size_t n_allow;
    const char *const *ignore_patterns;
    size_t n_ignore;
    int max_workers;                   /* parallel downloads; 0: the client's (8) */
} hfhub_snapshot_opts;

/* Downloads the files of repo_id at o->dl.revision that pass the patterns and sets *out_path
 * to the snapshot folder (snapshots/<commit> of the cache, or the local_dir); free it with
 * hfhub_free. Files already in the snapshot cost no request. Offline (or when the Hub cannot
 * be reached) the cached snapshot of the revision is returned when there is one. The
 * progress callback (o->dl.progress) sees bytes and files of the whole snapshot, from
 * several threads but never at the same time. */
HFHUB_API hfhub_result hfhub_snapshot_download(hfhub_client *c, const char *repo_id, const hfhub_snapshot_opts *o,
                                               char **out_path);

/* snapshot_download(..., dry_run=True): what would be downloaded. *out is an array of *n
 * records (sorted as listed by the Hub) in one block freed with hfhub_free(c, *out). Needs
 * the Hub (offline: HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND). */
HFHUB_API hfhub_result hfhub_snapshot_download_dry_run(hfhub_client *c, const char *repo_id, const hfhub_snapshot_opts *o,
                                                       hfhub_dry_run_info **out, size_t *n);

#endif
