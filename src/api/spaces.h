/* spaces.h: Space runtime, hardware, sleep time, pause/restart, duplicate, secrets,
 * variables and storage (HfApi.get_space_runtime & co, spec/hub-api.md §5.11).
 *
 * Results are one block each, freed by their _free call; strings point into the result and
 * `json` is the server's object. Missing or mistyped fields read as NULL / defaults. */

/* hfhub_space_runtime: see info.h. */
HFHUB_API void hfhub_space_runtime_free(hfhub_space_runtime *rt);

/* Every call below gives the runtime the server answers into *out; out may be NULL. */
/* GET /api/spaces/{repo}/runtime */
HFHUB_API hfhub_result hfhub_get_space_runtime(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out);
/* POST /api/spaces/{repo}/hardware {"flavor", "sleepTimeSeconds"?}; sleep_time 0: not sent. */
HFHUB_API hfhub_result hfhub_request_space_hardware(hfhub_client *c, const char *repo_id, const char *hardware,
                                                    int64_t sleep_time, hfhub_space_runtime **out);
/* POST /api/spaces/{repo}/sleeptime {"seconds"} (-1: never sleep) */
HFHUB_API hfhub_result hfhub_set_space_sleep_time(hfhub_client *c, const char *repo_id, int64_t sleep_time,
                                                  hfhub_space_runtime **out);
/* POST /api/spaces/{repo}/pause */
HFHUB_API hfhub_result hfhub_pause_space(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out);
/* POST /api/spaces/{repo}/restart[?factory=true] */
HFHUB_API hfhub_result hfhub_restart_space(hfhub_client *c, const char *repo_id, int factory_reboot,
                                           hfhub_space_runtime **out);
/* POST /api/spaces/{repo}/dev-mode {"enabled": true|false} (Python's enable_space_dev_mode /
 * disable_space_dev_mode). */
HFHUB_API hfhub_result hfhub_enable_space_dev_mode(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out);
HFHUB_API hfhub_result hfhub_disable_space_dev_mode(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out);
typedef struct hfhub_wait_space_opts {
    int poll_ms;                 /* 0: 1000 */
    int timeout_ms;              /* 0: no limit; else HFHUB_ERR_TIMEOUT once it has passed */
} hfhub_wait_space_opts;
/* Python's wait_for_space: polls GET .../runtime until the stage is no longer an
 * intermediate one (BUILDING, RUNNING_BUILDING, APP_STARTING, RUNNING_APP_STARTING) and
 * answers that runtime into *out (may be NULL). A Space that settles in BUILD_ERROR,
 * PAUSED... is not a failure of this call: check (*out)->stage. opts may be NULL. */
HFHUB_API hfhub_result hfhub_wait_for_space(hfhub_client *c, const char *repo_id, const hfhub_wait_space_opts *opts,
                                            hfhub_space_runtime **out);
/* 1 for the stages a Space passes through on its way to a settled one. */
HFHUB_API int hfhub_space_stage_is_transient(const char *stage);
/* One line of a Space's logs (the event's "data", as sent) and its timestamp (NULL when
 * none). Nonzero stops: HFHUB_ERR_CANCELLED. */
typedef int (*hfhub_space_log_fn)(void *user, const char *line, const char *timestamp);
typedef struct hfhub_space_logs_opts {
    int build;                   /* 1: the build logs; 0: the run logs */
    int follow;                  /* 1: until the server closes the stream */
    int read_timeout_ms;         /* 0: 5000 without follow (a silent stream then ends the listing:
                                    what is there now), no limit with follow */
} hfhub_space_logs_opts;
/* Python's fetch_space_logs: GET /api/spaces/{repo}/logs/{build|run} (text/event-stream of
 * `data: {"data": "<line>", "timestamp": ...}` events). Non-JSON data lines (keep-alives)
 * are skipped; a JSON event without a string "data" is skipped. opts may be NULL. */
HFHUB_API hfhub_result hfhub_fetch_space_logs(hfhub_client *c, const char *repo_id, const hfhub_space_logs_opts *opts,
                                              hfhub_space_log_fn fn, void *user);
/* A volume mounted in a Space (Python's Volume): type "model" | "dataset" | "space" |
 * "bucket", source (a repo or bucket id), mount_path ("/data"); revision and path may be
 * NULL (omitted); read_only HFHUB_ON / HFHUB_OFF, 0: omitted (the Hub's default). */
typedef struct hfhub_space_volume {
    const char *type, *source, *mount_path, *revision, *path;
    int read_only;
} hfhub_space_volume;
/* PUT /api/spaces/{repo}/volumes {"volumes": [{"type", "source", "mountPath", "revision"?,
 * "readOnly"?, "path"?}]}: replaces the Space's volumes. */
HFHUB_API hfhub_result hfhub_set_space_volumes(hfhub_client *c, const char *repo_id, const hfhub_space_volume *volumes,
                                               size_t n);
/* DELETE /api/spaces/{repo}/volumes: removes them all. */
HFHUB_API hfhub_result hfhub_delete_space_volumes(hfhub_client *c, const char *repo_id);
/* POST /api/spaces/{repo}/storage {"tier": "small"|"medium"|"large"} */
HFHUB_API hfhub_result hfhub_request_space_storage(hfhub_client *c, const char *repo_id, const char *storage,
                                                   hfhub_space_runtime **out);
/* DELETE /api/spaces/{repo}/storage */
HFHUB_API hfhub_result hfhub_delete_space_storage(hfhub_client *c, const char *repo_id, hfhub_space_runtime **out);

/* A secret or variable: key, value (NULL for secrets: never sent back), description. */
typedef struct hfhub_space_variable {
    const char *key, *value, *description, *updated_at;
    const hfhub_json_value *json;
} hfhub_space_variable;
typedef struct hfhub_space_variable_list {
    hfhub_space_variable *items;   /* in the server's order */
    size_t n;
} hfhub_space_variable_list;
HFHUB_API void hfhub_space_variable_list_free(hfhub_space_variable_list *l);

/* POST /api/spaces/{repo}/secrets {"key","value","description"?}; DELETE the same with {"key"};
 * GET lists them (values are never returned). */
HFHUB_API hfhub_result hfhub_add_space_secret(hfhub_client *c, const char *repo_id, const char *key,
                                              const char *value, const char *description);
HFHUB_API hfhub_result hfhub_delete_space_secret(hfhub_client *c, const char *repo_id, const char *key);
HFHUB_API hfhub_result hfhub_get_space_secrets(hfhub_client *c, const char *repo_id, hfhub_space_variable_list **out);
/* The same on /api/spaces/{repo}/variables; add and delete answer the whole map into *out
 * (may be NULL). */
HFHUB_API hfhub_result hfhub_add_space_variable(hfhub_client *c, const char *repo_id, const char *key,
                                                const char *value, const char *description,
                                                hfhub_space_variable_list **out);
HFHUB_API hfhub_result hfhub_delete_space_variable(hfhub_client *c, const char *repo_id, const char *key,
                                                   hfhub_space_variable_list **out);
HFHUB_API hfhub_result hfhub_get_space_variables(hfhub_client *c, const char *repo_id,
                                                 hfhub_space_variable_list **out);

/* A key/value for duplicate_space's secrets and variables (description may be NULL). */
typedef struct hfhub_space_kv {
    const char *key, *value, *description;
} hfhub_space_kv;

typedef struct hfhub_duplicate_space_opts {
    const char *to_id;           /* NULL: <the token's user>/<from's name>; "name": under the user */
    int is_private;              /* HFHUB_ON private, HFHUB_OFF public, 0: like the source */
    const char *hardware;        /* NULL: not sent */
    const char *storage;         /* storageTier */
    int64_t sleep_time;          /* 0: not sent */
    const hfhub_space_kv *secrets;
    size_t n_secrets;
    const hfhub_space_kv *variables;
    size_t n_variables;
    int exist_ok;                /* a 409 answers the existing repo's URL */
} hfhub_duplicate_space_opts;
/* POST /api/spaces/{from_id}/duplicate {"repository", ...}; *url (free with hfhub_free) is the
 * new Space's URL. opts may be NULL. */
HFHUB_API hfhub_result hfhub_duplicate_space(hfhub_client *c, const char *from_id,
                                             const hfhub_duplicate_space_opts *opts, char **url);
