/* commit_int.h: the state of one create_commit and the seam Xet uploads plug into
 * (library-internal). */

/* One operation as the commit carries it out. */
typedef struct hfhub__cop {
    const hfhub_commit_op *op;
    const char *path;              /* normalised path_in_repo (the commit's arena) */
    int kind;                      /* HFHUB_OP_* */
    /* add: what the hash pass found */
    uint64_t size;
    int64_t mtime;                 /* local files: checked again after the upload */
    unsigned char sample[512];
    size_t sample_len;
    char sha256[65];
    /* add: what preupload said */
    int lfs, should_ignore;
    const char *remote_oid;        /* NULL: the path is new at the revision */
    /* delete */
    int folder;
    /* copy: the source as paths-info describes it */
    const char *copy_oid;          /* sha256 of an LFS source, git blob id of a regular one */
    int copy_lfs;
    uint64_t copy_size;
    char *copy_content;            /* a regular source's bytes (copy_size), commit allocator */
    int drop;                      /* a no-op: not in the commit */
} hfhub__cop;

typedef struct hfhub__commit {
    hfhub_client *c;
    const char *repo_id;
    int type;                      /* hfhub__repo_type_index */
    const char *revision;          /* unquoted */
    hfhub_commit_opts o;           /* defaults filled in */
    const char *message;
    hfhub__cop *ops;
    size_t n;
    hfhub__arena ar;
    /* shared by the workers */
    hfhub__mutex mu;
    int stop;                      /* a failure or a cancel: workers stop taking jobs */
    hfhub_result err;
    int err_status;
    char err_msg[1024], err_code[64], err_rid[128];
    uint64_t bytes_done, bytes_total;
    uint64_t hash_done, hash_total;   /* the hash pass */
    uint32_t hashed, to_hash;
    uint32_t files_done, files_total;
    const char *url_kind;          /* "blob" / "tree" for hfhub_commit_info.url, or NULL */
    const char *url_path;
} hfhub__commit;

/* What an add already knows when it was hashed and preuploaded before (upload_large_folder
 * keeps it in its metadata files): the commit then neither hashes nor preuploads it. */
typedef struct hfhub__commit_prep {
    char sha256[65];
    uint64_t size;
    int64_t mtime;
    int lfs, should_ignore;
    const char *remote_oid;        /* NULL: none */
} hfhub__commit_prep;

/* hfhub_create_commit whose info.url is {E}/{prefix}{repo}/{url_kind}/{rev}/{url_path}
 * (upload_file: "blob", upload_folder: "tree"; NULL: the commit URL). prep (NULL: none) is
 * indexed like ops and used for the adds. */
HFHUB__API hfhub_result hfhub__create_commit_url(hfhub_client *c, const char *repo_id, const hfhub_commit_op *ops,
                                                size_t n_ops, const char *commit_message,
                                                const hfhub_commit_opts *opts, const char *url_kind,
                                                const char *url_path, const hfhub__commit_prep *prep,
                                                hfhub_commit_info **out);

/* The steps of a commit, for callers that drive them themselves (upload_large_folder):
 * setup validates and normalises (cleanup releases, also after a failed setup); hash_one
 * reads add i once (size, sample, SHA-256); preupload asks the upload modes of the adds
 * idx[0..n) (their samples must be set) in batches of 256. */
HFHUB__API hfhub_result hfhub__commit_setup(hfhub__commit *cm, hfhub_client *c, const char *repo_id,
                                           const hfhub_commit_op *ops, size_t n, const char *message,
                                           const hfhub_commit_opts *o);
HFHUB__API void hfhub__commit_cleanup(hfhub__commit *cm);
HFHUB__API hfhub_result hfhub__commit_hash_one(hfhub__commit *cm, size_t i);
HFHUB__API hfhub_result hfhub__commit_preupload(hfhub__commit *cm, const size_t *idx, size_t n, const char *gitignore,
                                               size_t gitignore_len);

/* Reads the content of add operation i (cm->ops[i]) at off into buf: *got bytes, 0 at the
 * end of the announced size. HFHUB_ERR_IO when the source fails or ends early (a local file
 * that shrank). Thread-safe (each call opens what it needs). */
HFHUB__API hfhub_result hfhub__commit_read(hfhub__commit *cm, size_t i, uint64_t off, void *buf, size_t cap,
                                          size_t *got);

/* Records the first failure of a worker (the current thread's hfhub_last_error) and stops
 * the others; hfhub__commit_rethrow makes it the calling thread's error. */
HFHUB__API void hfhub__commit_keep_error(hfhub__commit *cm, hfhub_result r);
HFHUB__API hfhub_result hfhub__commit_rethrow(hfhub__commit *cm);

/* Counts n uploaded bytes (negative after a rewind) and calls the progress callback; 1 when
 * the caller cancelled or another worker failed. */
HFHUB__API int hfhub__commit_progress(hfhub__commit *cm, const char *path, int64_t n);

/* Runs fn(cm, job, ctx) for job in [0, n) on up to o.num_threads threads; stops at the
 * first failure and returns it on this thread. */
typedef hfhub_result (*hfhub__commit_job_fn)(hfhub__commit *cm, size_t job, void *ctx);
HFHUB__API hfhub_result hfhub__commit_run(hfhub__commit *cm, size_t n, hfhub__commit_job_fn fn, void *ctx);

/* Uploads the LFS content of the adds (adds[0..n) index cm->ops) that preupload sent to LFS
 * and the revision does not hold yet (those become no-ops): LFS batch calls of 256 objects,
 * then single or multipart PUTs on the worker pool, completion and verify (§4.4-4.5). */
HFHUB__API hfhub_result hfhub__commit_upload_lfs(hfhub__commit *cm, const size_t *adds, size_t n);

/* Xet uploads need hfhub_xet.h and a filesystem (its shard cache); otherwise commits
 * advertise only LFS transfers. */
#if defined(HFHUB__WITH_XET) && !defined(HFHUB_NO_STDIO)
#define HFHUB__XET_COMMITS 1
#endif

#ifdef HFHUB__XET_COMMITS
/* The Xet seam. hfhub_xet.h defines HFHUB__WITH_XET before it includes hfhub.h; the LFS
 * batch request then advertises "xet" after "basic" and "multipart" (spec/xet.md §5.5).
 * When the batch reply's "transfer" is "xet", create_commit calls this instead of the
 * PUTs: `objects` are the reply's objects that carry actions.upload (href: the write-token
 * refresh URL; header: X-Xet-Cas-Url, X-Xet-Access-Token, X-Xet-Token-Expiration,
 * X-Xet-Session-Id), and idx[k] is the operation (cm->ops[idx[k]]) whose sha256/size the
 * object k names. The function reads the data with hfhub__commit_read, uploads xorbs and
 * shards, reports bytes with hfhub__commit_progress, and returns HFHUB_OK once the CAS has
 * everything; the commit then adds the files as lfsFile lines, as for LFS. */
HFHUB__API hfhub_result hfhub__commit_xet_upload(hfhub__commit *cm, const hfhub_json_value *const *objects,
                                                const size_t *idx, size_t n);
#endif
