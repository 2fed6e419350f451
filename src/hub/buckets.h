/* buckets.h: Hub buckets (HfApi.create_bucket, bucket_info, list_buckets, delete_bucket,
 * list_bucket_tree, get_bucket_paths_info; spec/hub-api.md §5.12). Buckets are Xet-only
 * object storage without git history; their files are uploaded with hfhub_xet.h
 * (hfhub_bucket_upload_files). A bucket id is "namespace/name"; a missing bucket is
 * HFHUB_ERR_REPO_NOT_FOUND (Python's BucketNotFoundError). Results are one block each, freed
 * by their _free call; strings point into the result. */

typedef struct hfhub_bucket {   /* BucketInfo */
    const char *id;              /* "namespace/name" */
    int is_private;
    const char *created_at;      /* ISO 8601 as sent */
    uint64_t size;               /* bytes */
    uint64_t total_files;
    const hfhub_json_value *json;   /* the server's object (NULL for listed buckets) */
    void *res_;                  /* private (hfhub_bucket_info's result) */
} hfhub_bucket;

typedef struct hfhub_bucket_list {
    hfhub_bucket *items;
    size_t n;
    void *res_;                  /* private */
} hfhub_bucket_list;

/* A BucketFile (is_dir 0) or BucketFolder (is_dir 1). */
typedef struct hfhub_bucket_entry {
    int is_dir;
    const char *path;
    uint64_t size;               /* files */
    const char *xet_hash;        /* files: 64 hex */
    const char *mtime;           /* files; NULL when absent */
    const char *uploaded_at;     /* NULL when absent */
} hfhub_bucket_entry;

typedef struct hfhub_bucket_tree {
    hfhub_bucket_entry *items;
    size_t n;
    void *res_;                  /* private */
} hfhub_bucket_tree;

HFHUB_API void hfhub_bucket_free(hfhub_bucket *info);
HFHUB_API void hfhub_bucket_list_free(hfhub_bucket_list *l);
HFHUB_API void hfhub_bucket_tree_free(hfhub_bucket_tree *t);

/* Checks a bucket id: "namespace/name" (or, with allow_bare, a bare "name") as repo ids are
 * checked; HFHUB_ERR_INVALID_ARG with the reason otherwise. */
HFHUB_API hfhub_result hfhub_validate_bucket_id(const char *bucket_id, int allow_bare);

typedef struct hfhub_create_bucket_opts {
    int is_private;                /* HFHUB_ON / HFHUB_OFF; 0: not sent (the Hub's default) */
    int exist_ok;                  /* a 409 (or a 403 on a bucket that exists) is success */
    const char *resource_group_id; /* NULL: not sent */
    const char *token;             /* NULL: the client's */
} hfhub_create_bucket_opts;
/* POST /api/buckets/{ns}/{name} {"private"?, "resourceGroupId"?}; a bare name is created in
 * the caller's namespace ("me"). *url (may be NULL; free with hfhub_free) gets the bucket's
 * URL: the server's "url", or {endpoint}/buckets/{id} when it already existed. */
HFHUB_API hfhub_result hfhub_create_bucket(hfhub_client *c, const char *bucket_id,
                                           const hfhub_create_bucket_opts *opts, char **url);
/* GET /api/buckets/{id}; token NULL: the client's. */
HFHUB_API hfhub_result hfhub_bucket_info(hfhub_client *c, const char *bucket_id, const char *token,
                                         hfhub_bucket **out);
/* DELETE /api/buckets/{id}; missing_ok: a 404 is success. */
HFHUB_API hfhub_result hfhub_delete_bucket(hfhub_client *c, const char *bucket_id, int missing_ok,
                                           const char *token);
/* GET /api/buckets/{namespace} (paginated); namespace NULL: the caller's ("me"); search
 * (may be NULL) filters names. */
HFHUB_API hfhub_result hfhub_list_buckets(hfhub_client *c, const char *namespace_, const char *search,
                                          const char *token, hfhub_bucket_list **out);

typedef struct hfhub_bucket_tree_opts {
    const char *prefix;          /* NULL: the root */
    int recursive;               /* HFHUB_ON / HFHUB_OFF; 0: not sent (the Hub lists one level) */
    const char *token;
} hfhub_bucket_tree_opts;
/* GET /api/buckets/{id}/tree[/{quote(prefix, "")}][?recursive=] (paginated; opts may be NULL). */
HFHUB_API hfhub_result hfhub_list_bucket_tree(hfhub_client *c, const char *bucket_id,
                                              const hfhub_bucket_tree_opts *opts, hfhub_bucket_tree **out);
/* POST /api/buckets/{id}/paths-info {"paths": [...]} in batches of 1000; paths that do not
 * exist are left out. */
HFHUB_API hfhub_result hfhub_get_bucket_paths_info(hfhub_client *c, const char *bucket_id,
                                                   const char *const *paths, size_t n, const char *token,
                                                   hfhub_bucket_tree **out);
