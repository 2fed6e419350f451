/* upload.h: Python's upload_file and upload_folder (spec/hub-api.md §4.8-4.9), on top of
 * hfhub_create_commit. Not in HFHUB_NO_STDIO builds (use hfhub_create_commit with memory
 * or reader operations there). */

#ifndef HFHUB_NO_STDIO

/* Options of the upload calls; zero means Python's defaults. */
typedef struct hfhub_upload_opts {
    hfhub_commit_opts commit;         /* repo_type, revision, token, description, create_pr... */
    const char *commit_message;       /* NULL: "Upload {path} with huggingface_hub" (file),
                                         "Upload folder using huggingface_hub" (folder) */
    /* upload_folder: patterns matched against paths relative to the folder (allow NULL: no
     * allow list), and delete_patterns against remote paths relative to path_in_repo. */
    const char *const *allow_patterns;
    size_t n_allow;
    const char *const *ignore_patterns;
    size_t n_ignore;
    const char *const *delete_patterns;
    size_t n_delete;
} hfhub_upload_opts;

/* upload_file: one add of local_path as path_in_repo. *out as hfhub_create_commit's. */
HFHUB_API hfhub_result hfhub_upload_file(hfhub_client *c, const char *repo_id, const char *local_path,
                                         const char *path_in_repo, const hfhub_upload_opts *opts,
                                         hfhub_commit_info **out);

/* upload_folder: every file under folder_path (recursively, sorted, symlinks followed)
 * passing allow/ignore (plus the always-ignored .git and .cache/huggingface patterns),
 * added under path_in_repo (NULL or "": the repo root); deletions of remote files matching
 * delete_patterns come first (never .gitattributes, never a path being added). One commit.
 * create_pr with a revision other than main is refused (HFHUB_ERR_INVALID_ARG). */
HFHUB_API hfhub_result hfhub_upload_folder(hfhub_client *c, const char *repo_id, const char *folder_path,
                                           const char *path_in_repo, const hfhub_upload_opts *opts,
                                           hfhub_commit_info **out);

/* delete_file / delete_folder: one deletion (commit_message NULL in opts: "Delete {path}
 * with huggingface_hub" / "Delete folder {path} with huggingface_hub"). */
HFHUB_API hfhub_result hfhub_delete_file(hfhub_client *c, const char *repo_id, const char *path_in_repo,
                                         const hfhub_upload_opts *opts, hfhub_commit_info **out);
HFHUB_API hfhub_result hfhub_delete_folder(hfhub_client *c, const char *repo_id, const char *path_in_repo,
                                           const hfhub_upload_opts *opts, hfhub_commit_info **out);
/* delete_files: deletes every remote file (at the revision) matching one of the patterns (a
 * file path, a folder "dir/" or a wildcard; never .gitattributes), in one commit (default
 * message "Delete files {patterns joined by ' '} with huggingface_hub"). opts->delete_patterns
 * is not used. */
HFHUB_API hfhub_result hfhub_delete_files(hfhub_client *c, const char *repo_id, const char *const *patterns,
                                          size_t n_patterns, const hfhub_upload_opts *opts, hfhub_commit_info **out);

/* Options of hfhub_upload_large_folder. */
typedef struct hfhub_upload_large_folder_opts {
    const char *repo_type;           /* required, as in Python: "model", "dataset" or "space" */
    const char *revision;            /* NULL: main */
    const char *token;               /* NULL: the client's */
    int private_repo;                /* 1: a repo created here is private */
    const char *const *allow_patterns; /* NULL: every file */
    size_t n_allow;
    const char *const *ignore_patterns;
    size_t n_ignore;
    int num_workers;                 /* hashing and upload threads; 0: max(cores - 2, 2) */
    hfhub_progress_fn progress;      /* LFS upload progress; nonzero return cancels */
    void *progress_user;
} hfhub_upload_large_folder_opts;

/* Where a large upload stands (also after a failure). */
typedef struct hfhub_upload_large_folder_report {
    size_t files;       /* candidate files */
    size_t hashed;
    size_t uploaded;    /* LFS files uploaded by this run */
    size_t committed;   /* files committed (by this run or an earlier one) */
    size_t ignored;     /* files the Hub said to ignore (.gitignore) */
    size_t commits;     /* commits made by this run */
} hfhub_upload_large_folder_report;

/* Python's upload_large_folder: create_repo(exist_ok), then every file of folder_path
 * (allow/ignore and the always-ignored patterns as upload_folder) is hashed, its upload mode
 * asked, LFS content uploaded and the files committed in batches ("Add files using
 * upload-large-folder tool"). The state of each file is kept in Python's format under
 * folder_path/.cache/huggingface/upload/, so an interrupted upload (killed even) is resumed
 * by running it again: nothing hashed, uploaded or committed is done twice (a file modified
 * since is started over). report (may be NULL) gets the counts. */
HFHUB_API hfhub_result hfhub_upload_large_folder(hfhub_client *c, const char *repo_id, const char *folder_path,
                                                 const hfhub_upload_large_folder_opts *opts,
                                                 hfhub_upload_large_folder_report *report);

#endif
