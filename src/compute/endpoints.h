/* endpoints.h: Inference Endpoints (HfApi.create_inference_endpoint, get / list / update /
 * pause / resume / scale_to_zero / delete, InferenceEndpoint.wait, the catalog).
 *
 * The API lives at https://api.endpoints.huggingface.cloud/v2 and the catalog at
 * https://endpoints.huggingface.co/api/catalog; both are configurable (opts, else the
 * environment variables HF_INFERENCE_ENDPOINTS_ENDPOINT and HF_INFERENCE_CATALOG_ENDPOINT,
 * an extension of this library). Calls authenticate with the Hub token. The namespace
 * defaults to the token owner's name (whoami), as in Python.
 *
 * A running endpoint's `url` is an inference base URL: POST {url}/v1/chat/completions
 * (OpenAI-compatible engines) or {url} with task payloads; hfhub_inference_endpoint_ensure_running
 * resumes a paused or scaled-to-zero endpoint and waits for it first. */

/* A wait that ended in a failed state: "failed" (deploy) or "updateFailed" is in
 * hfhub_last_error()->server_code. Python's InferenceEndpointError. A wait past its timeout is
 * HFHUB_ERR_TIMEOUT (InferenceEndpointTimeoutError) with the state it was stuck in as
 * server_code. */

typedef struct hfhub_endpoint_opts {
    const char *ns;              /* NULL: the token owner's name */
    const char *token;           /* NULL: the client's */
    const char *api_base;        /* NULL: HF_INFERENCE_ENDPOINTS_ENDPOINT, else https://api.endpoints.huggingface.cloud/v2 */
    const char *catalog_base;    /* NULL: HF_INFERENCE_CATALOG_ENDPOINT, else https://endpoints.huggingface.co/api/catalog */
} hfhub_endpoint_opts;

typedef struct hfhub_inference_endpoint {
    const char *name, *ns, *type;
    const char *repository, *revision, *task, *framework;
    const char *state;           /* pending initializing updating updateFailed running paused failed scaledToZero */
    const char *message;
    const char *url;             /* NULL until deployed */
    const char *health_route;
    const char *created_at, *updated_at;
    const char *vendor, *region, *accelerator, *instance_type, *instance_size;
    int64_t min_replica, max_replica, ready_replica, target_replica;
    const hfhub_json_value *raw;
    void *res_;                  /* private (first item only) */
} hfhub_inference_endpoint;

/* What to deploy (create_inference_endpoint) or change (update: NULL / 0 fields unchanged). */
typedef struct hfhub_endpoint_spec {
    const char *repository;
    const char *framework;       /* "pytorch", "custom", ... (required on create) */
    const char *accelerator;     /* "cpu", "gpu" */
    const char *instance_size, *instance_type;
    const char *region, *vendor;
    const char *type;            /* NULL: "protected" on create (public | protected | authenticated | private) */
    const char *revision, *task;
    int min_replica;             /* 0: 1 on create (Python's default); HFHUB_ENDPOINT_ZERO: 0 */
    int max_replica;             /* 0: 1 on create */
    int scale_to_zero_timeout;   /* minutes; 0: null */
    const char *scaling_measure; /* "pendingRequests" | "hardwareUsage" with scaling_threshold; NULL: none */
    double scaling_threshold;
    const char *custom_image_url;          /* image {"custom": {"url", "healthRoute"}} */
    const char *custom_image_health_route; /* NULL: "/health" */
    const char *image_json;      /* an image object as JSON text ({"vLLM": {...}}), wins over custom_image_url */
    const hfhub_job_kv *env;
    size_t n_env;
    const hfhub_job_kv *secrets;
    size_t n_secrets;
    const char *const *tags;
    size_t n_tags;
    const char *domain, *path;   /* route */
    int cache_http_responses;    /* HFHUB_ON / HFHUB_OFF; 0: omitted */
} hfhub_endpoint_spec;
#define HFHUB_ENDPOINT_ZERO (-1)

HFHUB_API hfhub_result hfhub_create_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_spec *spec,
                                                       const hfhub_endpoint_opts *opts, hfhub_inference_endpoint **out);
/* The request body of a create, for a caller that wants to see it; free with hfhub_free. */
HFHUB_API hfhub_result hfhub_inference_endpoint_spec_json(hfhub_client *c, const char *name,
                                                          const hfhub_endpoint_spec *spec, int update, char **json);
HFHUB_API hfhub_result hfhub_get_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_opts *opts,
                                                    hfhub_inference_endpoint **out);
/* opts->ns "*": the user's and each of their organizations' endpoints (401/403 skipped). */
HFHUB_API hfhub_result hfhub_list_inference_endpoints(hfhub_client *c, const hfhub_endpoint_opts *opts,
                                                      hfhub_inference_endpoint **out, size_t *n);
HFHUB_API hfhub_result hfhub_update_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_spec *spec,
                                                       const hfhub_endpoint_opts *opts, hfhub_inference_endpoint **out);
HFHUB_API hfhub_result hfhub_delete_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_opts *opts);
HFHUB_API hfhub_result hfhub_pause_inference_endpoint(hfhub_client *c, const char *name, const hfhub_endpoint_opts *opts,
                                                      hfhub_inference_endpoint **out);
/* running_ok: a 400 "already running" answer is success (the endpoint is then fetched). */
HFHUB_API hfhub_result hfhub_resume_inference_endpoint(hfhub_client *c, const char *name, int running_ok,
                                                       const hfhub_endpoint_opts *opts, hfhub_inference_endpoint **out);
HFHUB_API hfhub_result hfhub_scale_to_zero_inference_endpoint(hfhub_client *c, const char *name,
                                                              const hfhub_endpoint_opts *opts,
                                                              hfhub_inference_endpoint **out);
HFHUB_API void hfhub_inference_endpoint_free(hfhub_inference_endpoint *e);

typedef struct hfhub_endpoint_wait_opts {
    hfhub_endpoint_opts where;
    int timeout_ms;              /* 0: no limit */
    int poll_ms;                 /* first delay between checks; 0: 1000; doubles up to max_poll_ms */
    int max_poll_ms;             /* 0: 30000 */
} hfhub_endpoint_wait_opts;
/* InferenceEndpoint.wait: until the endpoint is running with a URL whose health route
 * answers 200; failed / updateFailed -> HFHUB_ERR_ENDPOINT_FAILED, past the timeout ->
 * HFHUB_ERR_TIMEOUT. *out (may be NULL) gets the running endpoint. */
HFHUB_API hfhub_result hfhub_wait_inference_endpoint(hfhub_client *c, const char *name,
                                                     const hfhub_endpoint_wait_opts *opts,
                                                     hfhub_inference_endpoint **out);
/* Before inference: a paused endpoint is resumed, a scaled-to-zero one woken (a request to
 * its health route), then waited for as above. A running endpoint costs one GET. */
HFHUB_API hfhub_result hfhub_inference_endpoint_ensure_running(hfhub_client *c, const char *name,
                                                               const hfhub_endpoint_wait_opts *opts,
                                                               hfhub_inference_endpoint **out);

/* GET {api}/provider/{ns}: vendors, regions and computes, as raw JSON (free with
 * hfhub_json_free). */
HFHUB_API hfhub_result hfhub_list_inference_endpoint_hardware(hfhub_client *c, const hfhub_endpoint_opts *opts,
                                                              hfhub_json_doc **out);
/* The catalog's model ids: *out is an array of *n strings, one hfhub_free(c, *out). */
HFHUB_API hfhub_result hfhub_list_inference_catalog(hfhub_client *c, const hfhub_endpoint_opts *opts, char ***out,
                                                    size_t *n);
/* Deploys a catalog model (name and accelerator may be NULL). */
HFHUB_API hfhub_result hfhub_create_inference_endpoint_from_catalog(hfhub_client *c, const char *repo_id,
                                                                    const char *name, const char *accelerator,
                                                                    const hfhub_endpoint_opts *opts,
                                                                    hfhub_inference_endpoint **out);
