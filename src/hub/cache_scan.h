/* cache_scan.h: managing the shared cache like Python's scan_cache_dir / HFCacheInfo /
 * DeleteCacheStrategy, plus prune and verify. Not in HFHUB_NO_STDIO builds.
 *
 *   hfhub_cache_info *info;
 *   if (hfhub_scan_cache_dir(client, NULL, &info) == HFHUB_OK) {
 *       for (i = 0; i < info->n_repos; i++) printf("%s\n", info->repos[i].repo_id);
 *       hfhub_cache_info_free(info);
 *   }
 *
 * Results are one arena each: free them with hfhub_cache_info_free /
 * hfhub_cache_strategy_free / hfhub_cache_verification_free. Times are seconds since the
 * epoch (fractions included), sizes are st_size of the blob files, each blob counted once
 * per repo (per revision for a revision's size), like Python. */

#ifndef HFHUB_NO_STDIO

/* One file of a snapshot (CachedFileInfo). */
typedef struct hfhub_cached_file {
    const char *file_name;          /* last path component: "config.json" */
    const char *file_path;          /* {repo}/snapshots/{commit}/{path in repo} */
    const char *path_in_repo;       /* {path in repo} ("sub/config.json"); not in Python */
    const char *blob_path;          /* {repo}/blobs/{etag} (the file itself when not a link) */
    uint64_t size_on_disk;
    double blob_last_accessed, blob_last_modified;
} hfhub_cached_file;

/* One folder of snapshots/ (CachedRevisionInfo). No refs: "detached". */
typedef struct hfhub_cached_revision {
    const char *commit_hash;
    const char *snapshot_path;
    uint64_t size_on_disk;                /* its distinct blobs */
    const hfhub_cached_file *files;       /* sorted by file_path */
    size_t nb_files;
    const char *const *refs;              /* sorted: "main", "refs/pr/1", "v1.0" */
    size_t n_refs;
    double last_modified;                 /* newest blob, else the folder's mtime */
} hfhub_cached_revision;

/* One repo folder (CachedRepoInfo). */
typedef struct hfhub_cached_repo {
    const char *repo_id;                  /* "org/name" */
    const char *repo_type;                /* "model", "dataset" or "space" */
    const char *repo_path;
    uint64_t size_on_disk;                /* its distinct blobs */
    size_t nb_files;                      /* distinct blobs */
    const hfhub_cached_revision *revisions; /* sorted by commit_hash */
    size_t n_revisions;
    double last_accessed, last_modified;  /* newest blob, else the repo folder's */
} hfhub_cached_repo;

/* A `*.incomplete` file in a repo's blobs folder, left by an interrupted download (also the
 * shape of an unreferenced blob). */
typedef struct hfhub_cached_incomplete_file {
    const char *file_path;
    uint64_t size_on_disk;
} hfhub_cached_incomplete_file;

/* The whole cache (HFCacheInfo). Corrupted repos are not in repos: each is one warning
 * (Python's CorruptedCacheException message, e.g. "Snapshots dir doesn't exist in cached
 * repo: ..."). */
typedef struct hfhub_cache_info {
    const char *cache_dir;                /* absolute */
    uint64_t size_on_disk;                /* distinct blobs of all repos */
    const hfhub_cached_repo *repos;       /* sorted by repo_path */
    size_t n_repos;
    const hfhub_cached_incomplete_file *incomplete_files; /* sorted by path */
    size_t n_incomplete_files;
    uint64_t incomplete_size_on_disk;
    /* Beyond Python: blobs of valid repos that no snapshot links to (sorted by path). */
    const hfhub_cached_incomplete_file *unreferenced_blobs;
    size_t n_unreferenced_blobs;
    uint64_t unreferenced_size_on_disk;
    const char *const *warnings;
    size_t n_warnings;
} hfhub_cache_info;

/* Python's scan_cache_dir. cache_dir NULL: the client's (HF_HUB_CACHE); c may be NULL when
 * cache_dir is given (default allocator). HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND when the folder
 * does not exist (CacheNotFound), HFHUB_ERR_INVALID_ARG when it is a file. */
HFHUB_API hfhub_result hfhub_scan_cache_dir(hfhub_client *c, const char *cache_dir, hfhub_cache_info **out);
HFHUB_API void hfhub_cache_info_free(hfhub_cache_info *info);
/* The repo whose "{type}/{id}" is cache_id (case-insensitive, like `hf cache rm`), or NULL. */
HFHUB_API const hfhub_cached_repo *hfhub_cache_find_repo(const hfhub_cache_info *info, const char *cache_id);
/* The revision with that commit hash (case-insensitive) and its repo, or NULL. */
HFHUB_API const hfhub_cached_revision *hfhub_cache_find_revision(const hfhub_cache_info *info, const char *commit_hash,
                                                                 const hfhub_cached_repo **repo);

/* What a deletion removes (DeleteCacheStrategy). Paths are absolute. */
typedef struct hfhub_cache_delete_strategy {
    uint64_t expected_freed_size;
    const char *const *repos;      size_t n_repos;      /* whole repo folders */
    const char *const *snapshots;  size_t n_snapshots;  /* snapshot folders */
    const char *const *refs;       size_t n_refs;       /* ref files */
    const char *const *blobs;      size_t n_blobs;      /* blob files */
    const char *const *incomplete; size_t n_incomplete; /* *.incomplete files (prune only) */
    const char *const *unreferenced; size_t n_unreferenced; /* blobs no snapshot links (prune only) */
    const char *const *not_found;  size_t n_not_found;  /* hashes asked for but not cached */
} hfhub_cache_delete_strategy;

/* Python's HFCacheInfo.delete_revisions: a repo all of whose revisions are selected goes
 * whole; otherwise each selected snapshot folder, its refs, and the blobs no remaining
 * revision links to (files that are not links count as freed with their snapshot). Unknown
 * hashes are listed in not_found. Nothing is deleted until hfhub_cache_strategy_execute. */
HFHUB_API hfhub_result hfhub_cache_delete_revisions(const hfhub_cache_info *info, const char *const *commit_hashes,
                                                    size_t n, hfhub_cache_delete_strategy **out);
/* `hf cache prune`: every detached revision (no ref points at it) through delete_revisions,
 * plus every *.incomplete file, plus (beyond Python) the blobs no snapshot links to in repos
 * that stay; expected_freed_size counts them all. */
HFHUB_API hfhub_result hfhub_cache_prune(const hfhub_cache_info *info, hfhub_cache_delete_strategy **out);
/* Deletes in Python's order: repos, snapshots, refs, blobs, then incomplete files and
 * unreferenced blobs; those last two only when no download holds their etag's lock in
 * {cache}/.locks (a busy one is skipped: it belongs to a download under way). A path
 * already gone is fine; a path that cannot be deleted is skipped and the call ends with
 * HFHUB_ERR_IO (the first such path in the error detail) after trying all the others. */
HFHUB_API hfhub_result hfhub_cache_strategy_execute(const hfhub_cache_delete_strategy *s);
HFHUB_API void hfhub_cache_strategy_free(hfhub_cache_delete_strategy *s);

/* A file whose content does not hash to what it should. */
typedef struct hfhub_checksum_mismatch {
    const char *path;        /* in the repo: "sub/model.bin" */
    const char *expected;    /* lower-case hex; "<unavailable>" when the file could not be read */
    const char *actual;      /* lower-case hex, or "io-error:<reason>" */
    const char *algorithm;   /* "sha256", "git-sha1" (sha1("blob <size>\0" + content)), or "io" */
} hfhub_checksum_mismatch;

/* Python's FolderVerification: a local folder compared with what it should hold. */
typedef struct hfhub_folder_verification {
    const char *revision;                    /* the commit (or revision) verified */
    const char *verified_path;               /* the snapshot folder or local_dir */
    size_t checked_count;                    /* files hashed */
    const hfhub_checksum_mismatch *mismatches;
    size_t n_mismatches;
    const char *const *missing_paths;        /* expected, absent locally (sorted) */
    size_t n_missing_paths;
    const char *const *extra_paths;          /* present locally, not expected (sorted) */
    size_t n_extra_paths;
} hfhub_folder_verification;

/* Without the network: re-hashes every file of a cached revision against the etag its
 * blob is named by (64 hex digits: SHA-256 of an LFS file; 40: git blob id of a regular
 * file). Files whose blob name is neither (copies made without symlinks) are not checked. */
HFHUB_API hfhub_result hfhub_cache_verify_revision(const hfhub_cache_info *info, const hfhub_cached_revision *rev,
                                                   hfhub_folder_verification **out);

/* Options of hfhub_verify_repo_checksums; zero means Python's default. */
typedef struct hfhub_verify_opts {
    const char *repo_type;   /* NULL: "model" */
    const char *revision;    /* NULL: refs/main of the cache, else its only snapshot ("main" for local_dir) */
    const char *cache_dir;   /* NULL: the client's */
    const char *local_dir;   /* verify this folder instead of the cache */
    const char *token;       /* NULL: the client's */
} hfhub_verify_opts;

/* Python's HfApi.verify_repo_checksums (`hf cache verify`): lists the repo's files at the
 * revision (recursive tree), hashes the local ones (SHA-256 against lfs.oid for LFS files,
 * git blob id against oid otherwise) and reports mismatches, missing and extra files.
 * HFHUB_ERR_INVALID_ARG (Python's ValueError, same message) when the repo or revision is not
 * in the cache or local_dir is not a folder. */
HFHUB_API hfhub_result hfhub_verify_repo_checksums(hfhub_client *c, const char *repo_id, const hfhub_verify_opts *opts,
                                                   hfhub_folder_verification **out);
HFHUB_API void hfhub_folder_verification_free(hfhub_folder_verification *v);

#endif
