/* commit.h: Python's create_commit and its CommitOperation* (spec/hub-api.md §4.1-4.7).
 *
 *     hfhub_commit_op ops[2];
 *     hfhub_commit_info *ci;
 *     ops[0] = hfhub_op_add_file("weights/model.bin", "/data/model.bin");
 *     ops[1] = hfhub_op_delete("old/");             // a folder: the path ends with '/'
 *     if (hfhub_create_commit(c, "me/repo", ops, 2, "Update", NULL, &ci) == HFHUB_OK) {
 *         puts(ci->commit_url);
 *         hfhub_free(c, ci);
 *     }
 *
 * Each file is read once to get its size, first 512 bytes and SHA-256; the Hub's preupload
 * call then says which files go through LFS. LFS files stream from their source straight to
 * the storage URLs (a single PUT, or parallel part PUTs for multipart uploads), so a 10 GB
 * file never sits in memory; regular files travel base64-encoded inside the commit call.
 * Files whose content already is at the revision are dropped (a commit left with nothing to
 * do returns the current head without committing). A local file that changes size or
 * modification time while it is uploaded stops the commit (HFHUB_ERR_IO): nothing is
 * committed. */

/* Kinds of operations. */
#define HFHUB_OP_ADD 1
#define HFHUB_OP_DELETE 2
#define HFHUB_OP_COPY 3

/* Sources of an add. */
#define HFHUB_SRC_PATH 1     /* a local file (not in HFHUB_NO_STDIO builds) */
#define HFHUB_SRC_BYTES 2    /* a memory buffer, kept alive by the caller until the call returns */
#define HFHUB_SRC_READER 3   /* a positional reader over `size` bytes */

/* Reads up to cap bytes at offset into buf; returns the count (0 only at the end) or
 * HFHUB_READ_ERROR. Like pread: it may be called from several threads at once for
 * different ranges, and a range may be read again (the hash pass, then the upload, then a
 * retry). */
typedef size_t (*hfhub_read_at_fn)(void *user, uint64_t offset, void *buf, size_t cap);

/* One operation (CommitOperationAdd / Delete / Copy). Build it with the functions below
 * and set the optional fields afterwards. Strings are borrowed for the duration of the call. */
typedef struct hfhub_commit_op {
    int kind;                     /* HFHUB_OP_* */
    const char *path_in_repo;     /* normalised: leading "/" and "./" removed; ".", "..",
                                     "../x" and any ".git" or ".cache" segment rejected */
    /* add */
    int source;                   /* HFHUB_SRC_* */
    const char *local_path;
    const void *data;
    size_t data_len;
    hfhub_read_at_fn read;
    void *read_user;
    uint64_t size;                /* the reader's size */
    /* delete: 0 auto (a folder iff path_in_repo ends with '/'), 1 folder, -1 file */
    int is_folder;
    /* copy: the source file; src_revision NULL means the commit's revision (Python's
     * default), src_repo_id NULL the destination repo, src_repo_type NULL the repo's type */
    const char *src_path_in_repo;
    const char *src_revision;
    const char *src_repo_id;
    const char *src_repo_type;
} hfhub_commit_op;

HFHUB_API hfhub_commit_op hfhub_op_add_file(const char *path_in_repo, const char *local_path);
HFHUB_API hfhub_commit_op hfhub_op_add_bytes(const char *path_in_repo, const void *data, size_t len);
HFHUB_API hfhub_commit_op hfhub_op_add_reader(const char *path_in_repo, hfhub_read_at_fn read, void *user,
                                              uint64_t size);
HFHUB_API hfhub_commit_op hfhub_op_delete(const char *path_in_repo);
HFHUB_API hfhub_commit_op hfhub_op_copy(const char *src_path_in_repo, const char *path_in_repo);

/* Options of hfhub_create_commit; zero means Python's defaults. */
typedef struct hfhub_commit_opts {
    const char *repo_type;           /* NULL: "model" */
    const char *revision;            /* NULL: "main" */
    const char *token;               /* NULL: the client's */
    const char *commit_description;  /* NULL: "" */
    const char *parent_commit;       /* 5-40 hex digits: the commit fails unless it is the head */
    int create_pr;                   /* 1: open a pull request (refs/pr/N) with the commit */
    int num_threads;                 /* parallel hashing and uploads; 0: 5 */
    hfhub_progress_fn progress;      /* upload progress (LFS bytes); nonzero return cancels */
    void *progress_user;
} hfhub_commit_opts;

/* Python's CommitInfo. One block: free with hfhub_free(c, info). */
typedef struct hfhub_commit_info {
    const char *commit_url;          /* {E}/{prefix}{repo}/commit/{oid} */
    const char *commit_message;
    const char *commit_description;
    const char *oid;                 /* the commit id */
    const char *pr_url;              /* NULL unless a PR was opened */
    const char *pr_revision;         /* "refs/pr/N" or NULL */
    int pr_num;                      /* N, or -1 */
    const char *repo_url;            /* the commit URL before "/commit/" */
    int no_op;                       /* 1: nothing changed, no commit made (oid is the head) */
    const char *url;                 /* what Python's CommitInfo is as a string: the file's
                                        {E}/{prefix}{repo}/blob/{rev}/{path} (upload_file), the
                                        folder's .../tree/{rev}/{path} (upload_folder), else
                                        commit_url; rev is the PR's refs%2Fpr%2FN for a PR */
} hfhub_commit_info;

/* Python's create_commit. commit_message is required (non-empty). opts may be NULL.
 * Errors: HFHUB_ERR_INVALID_ARG for bad ids, paths, messages or parent_commit;
 * HFHUB_ERR_IO for unreadable or changing local files; HTTP errors mapped as usual
 * (HFHUB_ERR_FORBIDDEN for a token without write access, HFHUB_ERR_CONFLICT or
 * HFHUB_ERR_HTTP (412) when parent_commit is not the head). An LFS upload refused by the
 * server fails the call before any commit. */
HFHUB_API hfhub_result hfhub_create_commit(hfhub_client *c, const char *repo_id, const hfhub_commit_op *ops,
                                           size_t n_ops, const char *commit_message,
                                           const hfhub_commit_opts *opts, hfhub_commit_info **out);
