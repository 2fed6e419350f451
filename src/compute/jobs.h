/* jobs.h: Hugging Face Jobs (HfApi.run_job, run_uv_job, list_jobs, inspect_job, cancel_job,
 * fetch_job_logs, fetch_job_metrics, wait_for_job, scheduled jobs, list_jobs_hardware).
 *
 * All calls go to the Hub endpoint with the client's token (or opts->token). The namespace
 * defaults to the token owner's name (GET /api/whoami-v2), as in Python; a job id may also be
 * given as "namespace/id". Results are typed structs pointing into one arena, with the raw
 * JSON of each item kept: free a result with the matching *_free (NULL is fine).
 *
 *     hfhub_job_spec s = {0};
 *     const char *cmd[] = {"python", "-c", "print('hello')"};
 *     hfhub_job_info *job;
 *     s.image = "python:3.12"; s.command = cmd; s.n_command = 3;
 *     if (hfhub_run_job(c, &s, NULL, &job) == HFHUB_OK) {
 *         hfhub_fetch_job_logs(c, job->id, NULL, print_line, NULL);   (follows by default)
 *         hfhub_job_info_free(job);
 *     }
 */

typedef struct hfhub_job_kv {
    const char *key, *value;
} hfhub_job_kv;

/* A volume mounted in the job: type "model" | "dataset" | "space" | "bucket". */
typedef struct hfhub_job_volume {
    const char *type, *source, *mount_path;
    const char *revision;        /* NULL: omitted */
    const char *path;            /* a sub-path (buckets); NULL: omitted */
    int read_only;
} hfhub_job_volume;

/* What to run (Python's run_job arguments). Zero means default. */
typedef struct hfhub_job_spec {
    const char *image;           /* a Docker image, or a Space: "https://huggingface.co/spaces/u/s",
                                    "hf.co/spaces/u/s" (with or without scheme) -> spaceId */
    const char *const *command;
    size_t n_command;
    const hfhub_job_kv *env;
    size_t n_env;
    const hfhub_job_kv *secrets;  /* values sent as given */
    size_t n_secrets;
    const char *flavor;          /* NULL: "cpu-basic" (the server checks the name) */
    const char *timeout;         /* seconds, or a number with unit s|m|h|d ("1.5h"); NULL: server default */
    const char *name;            /* stored as the "name" label; NULL: derived from image and command */
    const hfhub_job_kv *labels;  /* a "name" label together with name is an error */
    size_t n_labels;
    const hfhub_job_volume *volumes;
    size_t n_volumes;
    const int *expose_ports;
    size_t n_expose_ports;
    int ssh;
    const char *resource_group_id;
} hfhub_job_spec;

/* Where a call goes. May be NULL everywhere (defaults). */
typedef struct hfhub_job_opts {
    const char *ns;              /* namespace; NULL: the token owner's name */
    const char *token;           /* NULL: the client's token */
} hfhub_job_opts;

/* A job (JobInfo). Strings are NULL when absent. */
typedef struct hfhub_job_info {
    const char *id;
    const char *created_at, *started_at, *finished_at;
    const char *docker_image, *space_id, *flavor;
    const char *const *command;
    size_t n_command;
    const char *const *arguments;
    size_t n_arguments;
    const hfhub_job_kv *environment;  /* values may be NULL (JSON null) */
    size_t n_environment;
    const char *const *secrets;       /* secret names (values are never returned) */
    size_t n_secrets;
    const hfhub_job_kv *labels;
    size_t n_labels;
    const char *stage;                /* SCHEDULING RUNNING COMPLETED CANCELED ERROR DELETED */
    const char *message;
    const char *owner_id, *owner_name, *owner_type;
    const char *url;                  /* {endpoint}/jobs/{owner}/{id} */
    const hfhub_json_value *raw;
    void *res_;                       /* private: the arena (first item only) */
} hfhub_job_info;

/* 1 for the final stages: COMPLETED, CANCELED, ERROR, DELETED. */
HFHUB_API int hfhub_job_stage_is_final(const char *stage);

/* Python's _parse_timeout: "300", "1.5h", "10m", "2d", "45s" -> seconds (rounded down to an
 * integer number of seconds, at least 1). HFHUB_ERR_INVALID_ARG for anything else. */
HFHUB_API hfhub_result hfhub_parse_job_timeout(const char *s, int64_t *seconds);

/* The request body of a run (JobSpec JSON, as Python's _create_job_spec builds it), for a
 * caller that wants to see or store it; free with hfhub_free. */
HFHUB_API hfhub_result hfhub_job_spec_json(hfhub_client *c, const hfhub_job_spec *spec, char **json);

HFHUB_API hfhub_result hfhub_run_job(hfhub_client *c, const hfhub_job_spec *spec, const hfhub_job_opts *opts,
                                     hfhub_job_info **out);

/* run_uv_job: image default ghcr.io/astral-sh/uv:python3.12-bookworm, command
 * ["uv", "run", "--with", dep..., "--python", python, script, args...]. The script is a URL
 * or a command. Local files among the script and its arguments are, as in Python, put in the
 * bucket "{ns}/jobs-artifacts" under a "YYYYmmddTHHMMSS-<6 hex>/" prefix (UTC), that prefix is
 * mounted read-write at /data (a bucket volume appended to the job's volumes) and the command
 * refers to "/data/<file name>". The caller's `upload` puts each file there: with hfhub_xet.h,
 * hfhub_bucket_uv_upload (a hfhub_bucket_uv_ctx as upload_user) creates the bucket (private,
 * exist_ok) and uploads through Xet, as Python does; without an `upload` a local file is
 * HFHUB_ERR_UNSUPPORTED. A script or
 * argument ending in .py .sh .yaml .yml .toml that is neither a URL nor an existing file is
 * HFHUB_ERR_IO before anything is sent (Python raises FileNotFoundError). */
typedef hfhub_result (*hfhub_uv_upload_fn)(void *user, const char *bucket_id, const char *path_in_bucket,
                                           const char *local_path);
typedef struct hfhub_uv_job_spec {
    const char *script;
    const char *const *script_args;
    size_t n_script_args;
    const char *const *dependencies;
    size_t n_dependencies;
    const char *python;          /* NULL: none passed */
    hfhub_job_spec job;          /* image (NULL: the uv image), env, secrets, flavor, ...; command unused */
    hfhub_uv_upload_fn upload;   /* NULL: local files refused */
    void *upload_user;
} hfhub_uv_job_spec;
/* Builds the plain job spec of a uv run: *command is an array of *n strings freed with one
 * hfhub_free(c, *command). */
HFHUB_API hfhub_result hfhub_uv_job_command(hfhub_client *c, const hfhub_uv_job_spec *uv, char ***command, size_t *n);
HFHUB_API hfhub_result hfhub_run_uv_job(hfhub_client *c, const hfhub_uv_job_spec *uv, const hfhub_job_opts *opts,
                                        hfhub_job_info **out);
/* create_scheduled_uv_job: the uv run above (local files uploaded the same way) as a scheduled
 * job; schedule, suspend, concurrency as hfhub_create_scheduled_job (declared below). */
typedef struct hfhub_scheduled_job_info hfhub_scheduled_job_info;
HFHUB_API hfhub_result hfhub_create_scheduled_uv_job(hfhub_client *c, const hfhub_uv_job_spec *uv, const char *schedule,
                                                     int suspend, int concurrency, const hfhub_job_opts *opts,
                                                     hfhub_scheduled_job_info **out);

typedef struct hfhub_list_jobs_opts {
    hfhub_job_opts where;
    const char *const *stages;   /* ?stage=... filters (RUNNING, SCHEDULING, ...) */
    size_t n_stages;
    const char *const *labels;   /* ?label=key or key=value filters */
    size_t n_labels;
} hfhub_list_jobs_opts;
/* All pages (Link rel="next"). *out is NULL when there are none. */
HFHUB_API hfhub_result hfhub_list_jobs(hfhub_client *c, const hfhub_list_jobs_opts *opts, hfhub_job_info **out,
                                       size_t *n);
HFHUB_API hfhub_result hfhub_inspect_job(hfhub_client *c, const char *job_id, const hfhub_job_opts *opts,
                                         hfhub_job_info **out);
HFHUB_API hfhub_result hfhub_cancel_job(hfhub_client *c, const char *job_id, const hfhub_job_opts *opts);
/* Replaces the job's labels. */
HFHUB_API hfhub_result hfhub_set_job_labels(hfhub_client *c, const char *job_id, const hfhub_job_kv *labels,
                                            size_t n, const hfhub_job_opts *opts, hfhub_job_info **out);
HFHUB_API void hfhub_job_info_free(hfhub_job_info *jobs);

/* ---- logs and metrics (SSE) ------------------------------------------------------------- */

/* One log line (the "===== Job started" banner is not passed on, as in Python) and its
 * timestamp (NULL when the server gave none). Nonzero stops: HFHUB_ERR_CANCELLED. */
typedef int (*hfhub_job_log_fn)(void *user, const char *line, const char *timestamp);

typedef struct hfhub_job_logs_opts {
    hfhub_job_opts where;
    int no_follow;               /* 1: what is there now (a 5 s read timeout ends the listing) */
    int tail;                    /* > 0: only the last N lines (first connection only) */
    int read_timeout_ms;         /* 0: 120000 when following, 5000 otherwise */
    int max_reconnects;          /* network failures in a row before giving up; 0: 5 */
    int backoff_ms;              /* first reconnect delay, doubled up to 10 s; 0: 1000 */
} hfhub_job_logs_opts;
/* Streams the logs. Following, a closed or dropped stream is resumed while the job is not
 * final: the server replays from the start and lines already passed on are skipped by
 * timestamp (lines with the same timestamp by count), so none is repeated or lost.
 * Non-"data: {" lines are ignored (keep-alives, comments); a data line that is not JSON is
 * HFHUB_ERR_PARSE. */
HFHUB_API hfhub_result hfhub_fetch_job_logs(hfhub_client *c, const char *job_id, const hfhub_job_logs_opts *opts,
                                            hfhub_job_log_fn fn, void *user);

typedef struct hfhub_job_metrics {
    double cpu_usage_pct;
    int64_t cpu_millicores, memory_used_bytes, memory_total_bytes, rx_bps, tx_bps;
    const char *replica;
    const hfhub_json_value *raw;   /* the whole event (gpus...) */
} hfhub_job_metrics;
typedef int (*hfhub_job_metrics_fn)(void *user, const hfhub_job_metrics *m);
/* Streams metrics events until the server closes the stream (a 500 ends it quietly, as
 * Python tolerates it). */
HFHUB_API hfhub_result hfhub_fetch_job_metrics(hfhub_client *c, const char *job_id, const hfhub_job_opts *opts,
                                               hfhub_job_metrics_fn fn, void *user);

typedef struct hfhub_wait_job_opts {
    hfhub_job_opts where;
    int poll_ms;                 /* 0: 1000 */
    int timeout_ms;              /* 0: no limit; else HFHUB_ERR_TIMEOUT */
} hfhub_wait_job_opts;
/* Polls until a final stage; *out (may be NULL) gets the last JobInfo. A job that ends in
 * ERROR is not a failure of this call: check (*out)->stage (hfhub_job_exit_status). */
HFHUB_API hfhub_result hfhub_wait_for_job(hfhub_client *c, const char *job_id, const hfhub_wait_job_opts *opts,
                                          hfhub_job_info **out);
/* The CLI's exit status for a finished job: 0 for COMPLETED, 1 otherwise. */
HFHUB_API int hfhub_job_exit_status(const hfhub_job_info *job);

/* ---- hardware --------------------------------------------------------------------------- */

typedef struct hfhub_job_hardware {
    const char *name, *pretty_name, *cpu, *ram;
    const char *accelerator_type, *accelerator_model, *accelerator_quantity, *accelerator_vram;
    double unit_cost_usd;
    const char *unit_label;
    const hfhub_json_value *raw;
    void *res_;
} hfhub_job_hardware;
HFHUB_API hfhub_result hfhub_list_jobs_hardware(hfhub_client *c, const hfhub_job_opts *opts, hfhub_job_hardware **out,
                                                size_t *n);
HFHUB_API void hfhub_job_hardware_free(hfhub_job_hardware *hw);

/* ---- scheduled jobs --------------------------------------------------------------------- */

struct hfhub_scheduled_job_info {
    const char *id, *created_at, *schedule;
    int suspend, concurrency;
    const char *docker_image, *space_id, *flavor;
    const char *const *command;
    size_t n_command;
    const char *last_job_id, *last_job_at, *next_job_run_at;
    const char *owner_name;
    const hfhub_json_value *raw;
    void *res_;
};

/* schedule: @annually @yearly @monthly @weekly @daily @hourly, or a 5-field cron expression
 * (checked here: HFHUB_ERR_INVALID_ARG). suspend, concurrency: HFHUB_ON / HFHUB_OFF, 0 to
 * leave them out (the server's default). */
HFHUB_API hfhub_result hfhub_create_scheduled_job(hfhub_client *c, const hfhub_job_spec *spec, const char *schedule,
                                                  int suspend, int concurrency, const hfhub_job_opts *opts,
                                                  hfhub_scheduled_job_info **out);
HFHUB_API hfhub_result hfhub_list_scheduled_jobs(hfhub_client *c, const hfhub_job_opts *opts,
                                                 hfhub_scheduled_job_info **out, size_t *n);
HFHUB_API hfhub_result hfhub_inspect_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts,
                                                   hfhub_scheduled_job_info **out);
HFHUB_API hfhub_result hfhub_suspend_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts);
HFHUB_API hfhub_result hfhub_resume_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts);
HFHUB_API hfhub_result hfhub_delete_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts);
/* Runs it now (POST .../run): the job started. */
HFHUB_API hfhub_result hfhub_trigger_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts,
                                                   hfhub_job_info **out);
/* Replaces the labels of the scheduled Job's spec. */
HFHUB_API hfhub_result hfhub_set_scheduled_job_labels(hfhub_client *c, const char *id, const hfhub_job_kv *labels,
                                                      size_t n, const hfhub_job_opts *opts,
                                                      hfhub_scheduled_job_info **out);
HFHUB_API void hfhub_scheduled_job_info_free(hfhub_scheduled_job_info *s);

/* ---- dotenv (the CLI's -e/--env-file/--secrets-file) ------------------------------------ */

/* Parses dotenv text (Python's load_dotenv rules: KEY=VALUE lines, optional "export ",
 * '#' comments, single quotes literal, double quotes with \n \" \\ escapes, unquoted values
 * cut at " #"). A line without '=' is a bare KEY (value NULL). *out is one block of *n
 * entries freed with one hfhub_free(c, *out); HFHUB_ERR_INVALID_ARG on a malformed line
 * (empty or invalid key, unterminated quote) with the line number in the detail. */
HFHUB_API hfhub_result hfhub_parse_dotenv(hfhub_client *c, const char *text, size_t len, hfhub_job_kv **out,
                                          size_t *n);
