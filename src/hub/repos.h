/* repos.h: repository management like Python's HfApi: create, delete, move, settings,
 * branches, tags, super-squash (spec/hub-api.md §5.1, §5.5).
 *
 * Every call takes an options struct (NULL or zero-initialised: Python's defaults) with the
 * repo type (NULL: model) and a per-call token (NULL: the client's). Failures carry Python's
 * error kinds: HFHUB_ERR_REPO_NOT_FOUND (404 / RepoNotFound), HFHUB_ERR_REVISION_NOT_FOUND,
 * HFHUB_ERR_FORBIDDEN (403, e.g. a read token on a write operation: "Make sure your token
 * has the correct permissions"), HFHUB_ERR_UNAUTHORIZED (401, no or an invalid token),
 * HFHUB_ERR_CONFLICT (409: the repo, branch or tag exists), HFHUB_ERR_INVALID_ARG for bad
 * ids or arguments (nothing is sent then). */

/* Python's RepoUrl: where a repo lives. One block: free with hfhub_free(c, url). */
typedef struct hfhub_repo_url {
    const char *url;         /* "https://huggingface.co/datasets/ns/name" (custom endpoint applied) */
    const char *endpoint;    /* the client's endpoint */
    const char *repo_type;   /* "model", "dataset", "space" or "kernel" */
    const char *repo_id;     /* "ns/name" (or "name" for a canonical repo) */
    const char *ns;          /* the namespace ("" when there is none) */
    const char *repo_name;
} hfhub_repo_url;

/* A key/value pair for Space secrets and variables (description may be NULL). */
typedef struct hfhub_repo_kv {
    const char *key, *value, *description;
} hfhub_repo_kv;

/* The options of calls that need nothing else. */
typedef struct hfhub_repo_opts {
    const char *repo_type;   /* NULL: "model" */
    const char *token;       /* NULL: the client's token */
} hfhub_repo_opts;

typedef struct hfhub_create_repo_opts {
    const char *repo_type;
    const char *token;
    int private_repo;        /* HFHUB_ON: visibility "private", HFHUB_OFF: "public", 0: not sent */
    const char *visibility;  /* "public", "private" or "protected" (Spaces); wins over private_repo */
    int exist_ok;            /* an existing repo is not an error (its URL is returned) */
    const char *resource_group_id;
    const char *region;      /* "us" or "eu"; NULL: not sent */
    /* Spaces only (space_sdk is required for a Space: gradio, streamlit, docker, static). */
    const char *space_sdk;
    const char *space_template;   /* "SpacesExamples/jupyterlab" */
    const char *space_hardware;   /* "t4-small", ... */
    const char *space_storage;    /* "small", "medium", "large" */
    long space_sleep_time;        /* seconds; 0: not sent */
    const hfhub_repo_kv *space_secrets;
    size_t n_space_secrets;
    const hfhub_repo_kv *space_variables;
    size_t n_space_variables;
} hfhub_create_repo_opts;

/* Python's create_repo: POST /api/repos/create. While the Hub answers 409 "Cannot create
 * repo: another conflicting operation is in progress" the request is sent again. With
 * exist_ok a 409 is success (the URL from the answer), and a 401/402/403 is too when the
 * repo can be read (repo_info). *out (may be NULL) gets the repo's URL. */
HFHUB_API hfhub_result hfhub_create_repo(hfhub_client *c, const char *repo_id, const hfhub_create_repo_opts *opts,
                                         hfhub_repo_url **out);

/* Python's RepoUrl(url): parses a repo URL (custom-endpoint rewrite applied) into *out. */
HFHUB_API hfhub_result hfhub_repo_url_parse(hfhub_client *c, const char *url, hfhub_repo_url **out);

/* Python's delete_repo: DELETE /api/repos/delete. missing_ok: a missing repo is success. */
typedef struct hfhub_delete_repo_opts {
    const char *repo_type;
    const char *token;
    int missing_ok;
} hfhub_delete_repo_opts;
HFHUB_API hfhub_result hfhub_delete_repo(hfhub_client *c, const char *repo_id, const hfhub_delete_repo_opts *opts);

/* Python's move_repo: POST /api/repos/move (rename or transfer). Both ids need a namespace. */
HFHUB_API hfhub_result hfhub_move_repo(hfhub_client *c, const char *from_id, const char *to_id,
                                       const hfhub_repo_opts *opts);

/* Python's update_repo_settings: PUT /api/{T}/{repo}/settings. At least one setting. */
typedef struct hfhub_repo_settings_opts {
    const char *repo_type;
    const char *token;
    const char *gated;       /* "auto", "manual" or "false" (sent as JSON false); NULL: unchanged */
    int private_repo;        /* HFHUB_ON / HFHUB_OFF, 0: unchanged */
    const char *visibility;  /* "public", "private", "protected"; wins over private_repo */
} hfhub_repo_settings_opts;
HFHUB_API hfhub_result hfhub_update_repo_settings(hfhub_client *c, const char *repo_id,
                                                  const hfhub_repo_settings_opts *opts);

typedef struct hfhub_ref_opts {
    const char *repo_type;
    const char *token;
    const char *revision;    /* where the branch or tag starts; NULL: main (branch: the Hub's default) */
    const char *message;     /* a tag's message (NULL: none) */
    int exist_ok;            /* an existing branch/tag is not an error */
} hfhub_ref_opts;

/* Python's create_branch: POST /api/{T}/{repo}/branch/{branch} {"startingPoint": revision}.
 * exist_ok: a 409 is success, so is a 403 when the branch is listed in the refs. */
HFHUB_API hfhub_result hfhub_create_branch(hfhub_client *c, const char *repo_id, const char *branch,
                                           const hfhub_ref_opts *opts);
/* Python's delete_branch: DELETE /api/{T}/{repo}/branch/{branch}. */
HFHUB_API hfhub_result hfhub_delete_branch(hfhub_client *c, const char *repo_id, const char *branch,
                                           const hfhub_repo_opts *opts);
/* Python's create_tag: POST /api/{T}/{repo}/tag/{revision} {"tag": tag, "message": message}. */
HFHUB_API hfhub_result hfhub_create_tag(hfhub_client *c, const char *repo_id, const char *tag,
                                        const hfhub_ref_opts *opts);
/* Python's delete_tag: DELETE /api/{T}/{repo}/tag/{tag}. */
HFHUB_API hfhub_result hfhub_delete_tag(hfhub_client *c, const char *repo_id, const char *tag,
                                        const hfhub_repo_opts *opts);

/* A branch or tag of GET /api/{T}/{repo}/refs (Python's GitRefInfo). */
typedef struct hfhub_repo_ref {
    const char *name;           /* "v1" */
    const char *ref;            /* "refs/tags/v1" */
    const char *target_commit;
} hfhub_repo_ref;
/* The tags (or, with branches set, the branches) of a repo: *out is an array of *n entries
 * in the Hub's order, one block freed with hfhub_free(c, *out). */
HFHUB_API hfhub_result hfhub_list_repo_tags(hfhub_client *c, const char *repo_id, const hfhub_repo_opts *opts,
                                            hfhub_repo_ref **out, size_t *n);
HFHUB_API hfhub_result hfhub_list_repo_branches(hfhub_client *c, const char *repo_id, const hfhub_repo_opts *opts,
                                                hfhub_repo_ref **out, size_t *n);

/* Python's super_squash_history: POST /api/{T}/{repo}/super-squash/{branch} {"message": ...}:
 * the branch's history becomes one commit. branch NULL: main; message NULL:
 * "Super-squash branch '<branch>' using huggingface_hub". */
typedef struct hfhub_squash_opts {
    const char *repo_type;
    const char *token;
    const char *branch;
    const char *commit_message;
} hfhub_squash_opts;
HFHUB_API hfhub_result hfhub_super_squash_history(hfhub_client *c, const char *repo_id, const hfhub_squash_opts *opts);
