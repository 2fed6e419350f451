/* info.h: repo_info / model_info / dataset_info / space_info (spec/hub-api.md §5.2), the
 * typed info that listings also return, repo_exists and revision_exists.
 *
 *     hfhub_info_opts o = {0};
 *     hfhub_info *m;
 *     o.files_metadata = 1;
 *     if (hfhub_model_info(c, "gpt2", &o, &m) == HFHUB_OK) {
 *         printf("%s %s %lld\n", m->id, m->sha, (long long)m->downloads);
 *         hfhub_api_free(m);
 *     }
 *
 * Fields the server did not send (or sent with another type) read as NULL / -1 / 0; `json`
 * is always the whole object as received, for everything not typed here. */

/* An LFS file's pointer facts. */
typedef struct hfhub_blob_lfs {
    uint64_t size;
    const char *sha256;
    uint64_t pointer_size;
} hfhub_blob_lfs;

/* A file of the repo (Python's RepoSibling). size, blob_id and lfs come with files_metadata. */
typedef struct hfhub_repo_sibling {
    const char *rfilename;
    int64_t size;                 /* -1: unknown */
    const char *blob_id;          /* NULL: unknown */
    const hfhub_blob_lfs *lfs;    /* NULL: not LFS (or unknown) */
} hfhub_repo_sibling;

/* Parameter counts by dtype ("F32": 124439808). */
typedef struct hfhub_dtype_count {
    const char *dtype;
    int64_t count;
} hfhub_dtype_count;

/* The safetensors summary of a model ("safetensors": {"parameters": {...}, "total": N}). */
typedef struct hfhub_safetensors_info {
    int64_t total;                /* -1: not given */
    const hfhub_dtype_count *parameters;
    size_t n_parameters;
} hfhub_safetensors_info;

/* A Space's runtime (Python's SpaceRuntime), in space info and from the Spaces calls. */
typedef struct hfhub_space_runtime {
    const char *stage;               /* "RUNNING", "BUILDING", "PAUSED", ... (SpaceStage) */
    const char *hardware;            /* hardware.current, NULL when none is running */
    const char *requested_hardware;  /* hardware.requested */
    const char *storage;             /* the persistent storage tier, or NULL */
    int64_t sleep_time;              /* gcTimeout in seconds; -1 when not set */
    int dev_mode;
    const hfhub_json_value *json;    /* the whole runtime object */
} hfhub_space_runtime;

/* Python's ModelInfo / DatasetInfo / SpaceInfo in one struct: fields of another repo type stay empty. */
typedef struct hfhub_info {
    const char *repo_type;        /* "model", "dataset", "space" or "kernel" */
    const char *id;               /* "ns/name" (never NULL in a parsed info: "" if absent) */
    const char *author;
    const char *sha;              /* the commit of the revision asked for */
    const char *created_at;       /* ISO 8601 as sent ("2025-03-07T12:24:18.000Z") */
    const char *last_modified;
    int is_private;               /* 1, 0, or -1 when not given */
    int disabled;                 /* 1, 0, or -1 */
    const char *gated;            /* "auto" or "manual"; NULL when not gated (false) or not given */
    int64_t downloads, downloads_all_time, likes, trending_score, used_storage; /* -1: not given */
    const char *const *tags;
    size_t n_tags;
    const char *pipeline_tag;     /* models */
    const char *library_name;     /* models */
    const char *mask_token;       /* models */
    const char *inference;        /* models: "warm" or NULL */
    const hfhub_json_value *card_data;   /* cardData (NULL when absent) */
    const hfhub_json_value *config;      /* models */
    const hfhub_json_value *transformers_info;
    const hfhub_json_value *gguf;
    const hfhub_json_value *inference_provider_mapping;
    const hfhub_json_value *security_status; /* securityRepoStatus (with security_status) */
    const hfhub_safetensors_info *safetensors; /* NULL when absent */
    const hfhub_repo_sibling *siblings;
    size_t n_siblings;
    int has_siblings;             /* 0: the server sent no file list (Python's siblings=None) */
    const char *description, *citation, *paperswithcode_id; /* datasets */
    int64_t main_size;            /* datasets; -1: not given */
    const char *sdk, *subdomain, *host; /* spaces */
    const hfhub_space_runtime *runtime; /* spaces; NULL when absent */
    const hfhub_json_value *json; /* the whole object as sent */
} hfhub_info;

/* Options of the info calls; zero means Python's defaults. */
typedef struct hfhub_info_opts {
    const char *repo_type;        /* hfhub_repo_info only: NULL "model", "dataset", "space" */
    const char *revision;         /* NULL: the default branch (GET /api/{T}/{repo}) */
    const char *const *expand;    /* properties to return (only those); not with the two below */
    size_t n_expand;
    int files_metadata;           /* blobs=true: siblings with size, blob id and LFS info */
    int security_status;          /* models: securityStatus=true (ignored for other types) */
    hfhub_api_opts api;           /* token, headers, retries, timeout */
} hfhub_info_opts;

/* GET {E}/api/{T}/{repo}[/revision/{rev}]. *out is freed with hfhub_api_free. opts may be
 * NULL. Errors: HFHUB_ERR_REPO_NOT_FOUND, _REVISION_NOT_FOUND, _GATED, _UNAUTHORIZED... */
HFHUB_API hfhub_result hfhub_repo_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *opts,
                                       hfhub_info **out);
HFHUB_API hfhub_result hfhub_model_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *opts,
                                        hfhub_info **out);
HFHUB_API hfhub_result hfhub_dataset_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *opts,
                                          hfhub_info **out);
HFHUB_API hfhub_result hfhub_space_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *opts,
                                        hfhub_info **out);

/* Python's repo_exists: *exists 1 also for a gated repo; 0 for RepoNotFound. Other failures
 * are returned. Of opts: repo_type and api. */
HFHUB_API hfhub_result hfhub_repo_exists(hfhub_client *c, const char *repo_id, const hfhub_info_opts *opts,
                                         int *exists);
/* Python's revision_exists: *exists 0 for RevisionNotFound and RepoNotFound. */
HFHUB_API hfhub_result hfhub_revision_exists(hfhub_client *c, const char *repo_id, const char *revision,
                                             const hfhub_info_opts *opts, int *exists);

/* Parses an info object (one repo_info answer or one listing item) given as JSON text:
 * repo_type NULL means "model". For tools and tests; *out is freed with hfhub_api_free.
 * a may be NULL (the default allocator). HFHUB_ERR_PARSE when the text is not a JSON object. */
HFHUB_API hfhub_result hfhub_repo_info_parse(const char *json, size_t len, const char *repo_type,
                                             const hfhub_allocator *a, hfhub_info **out);
