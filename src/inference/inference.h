/* inference.h: the inference client (Python's InferenceClient): providers, routing, the
 * provider mapping, and the request every task method makes.
 *
 *     hfhub_inference_config ic = {0};
 *     hfhub_inference *inf;
 *     ic.model = "meta-llama/Llama-3.1-8B-Instruct";     // or an endpoint URL
 *     ic.provider = "auto";                              // or "together", "hf-inference"...
 *     hfhub_inference_new(client, &ic, &inf);
 *     ... hfhub_chat_completion(inf, ...), hfhub_feature_extraction(inf, ...) ...
 *     hfhub_inference_free(inf);
 *
 * Routing (spec inference.md §1): a model that is an http(s) URL is called directly with the
 * hf-inference payloads (chat URLs get the /v1/chat/completions suffix rule). Otherwise the
 * provider's route is appended to the router ("{router}/{provider}") when the key is an HF
 * token ("hf_...") or there is no key, and to the provider's own base URL when the key is a
 * provider key (fal-ai then gets "Authorization: Key <key>"; openai is never routed). With
 * provider "auto" (the default), chat goes to the router's OpenAI-compatible
 * {router}/v1/chat/completions with the HF model id (server-side selection, like Python);
 * every other task reads the model's inferenceProviderMapping from the Hub (once per
 * inference client), keeps the entries whose task matches, whose status is "live" and whose
 * provider this library knows, takes the first, and falls back to the next one when a
 * provider answers 404, 5xx or not at all.
 *
 * Keys: api_key when given (always sent, wherever the request goes), else the client's token
 * (HF_TOKEN, token file...). That implicit token goes only to HF URLs (the router, the Hub,
 * the Endpoints API, *.huggingface.co, *.hf.co, *.huggingface.cloud) unless
 * allow_token_to_any_url is set: Python would send it to any endpoint URL.
 *
 * Base URLs: the Hub is the client's endpoint (HF_ENDPOINT); the router is router_url, else
 * HF_ROUTER_URL, else https://router.huggingface.co; the Endpoints API is endpoints_url,
 * else HF_ENDPOINTS_API_URL, else https://api.endpoints.huggingface.cloud/v2. Whether a
 * request goes through the router is decided by comparing with router_url, never by host name.
 *
 * Errors (spec §2.9): HTTP errors carry the server message and request id in
 * hfhub_last_error(); 400/422 give HFHUB_ERR_BAD_REQUEST, 401 HFHUB_ERR_UNAUTHORIZED, 403
 * HFHUB_ERR_FORBIDDEN, others HFHUB_ERR_HTTP; a timeout HFHUB_ERR_TIMEOUT. 429, 502, 503 and 504
 * are retried (max_retries times) after Retry-After / RateLimit or a growing backoff.
 * The inference client is thread-safe; results are freed with hfhub_inference_result_free. */

typedef struct hfhub_inference_config {
    const char *model;        /* default model: an HF id or an URL (Python's model / base_url) */
    const char *provider;     /* NULL or "auto", a provider name ("together", "fal-ai"...), or an
                                 endpoint URL (called like an URL model; `model` then names
                                 the body's model) */
    const char *api_key;      /* HF token or provider key; NULL: the client's token */
    const char *bill_to;      /* X-HF-Bill-To (only with an HF token) */
    const hfhub_header *headers; /* extra headers on every request (copied) */
    size_t n_headers;
    int timeout_ms;           /* connect/read timeout; 0: none (Python waits forever) */
    const char *router_url;   /* NULL: HF_ROUTER_URL, else https://router.huggingface.co */
    const char *endpoints_url;/* NULL: HF_ENDPOINTS_API_URL, else https://api.endpoints.huggingface.cloud/v2 */
    int allow_token_to_any_url; /* 1: send the implicit HF token to non-HF URLs too */
    int max_retries;          /* retries on 429/5xx; 0: 3, negative: none */
    int poll_interval_ms;     /* queue providers' polling period; 0: the provider's (0.5 s...) */
    int poll_timeout_ms;      /* give up polling after this long; 0: 10 minutes */
} hfhub_inference_config;

typedef struct hfhub_inference hfhub_inference;

/* The client must outlive the inference client. */
HFHUB_API hfhub_result hfhub_inference_new(hfhub_client *c, const hfhub_inference_config *cfg,
                                           hfhub_inference **out);
HFHUB_API void hfhub_inference_free(hfhub_inference *inf);

/* What a request resolved to (for callers that want to know, and for tests). */
typedef struct hfhub_inference_info {
    const char *router_url, *hub_url, *endpoints_url;
    const char *model;     /* the default model, or NULL */
    const char *provider;  /* as configured ("auto" when none) */
} hfhub_inference_info;
HFHUB_API void hfhub_inference_get_info(const hfhub_inference *inf, hfhub_inference_info *out);

/* ---- providers ---------------------------------------------------------------------------- */

/* Provider names this library knows, NULL-terminated (spec §1.4 table). */
HFHUB_API const char *const *hfhub_inference_providers(void);
/* Whether provider supports task (Hub task names: "conversational", "text-to-image"...). */
HFHUB_API int hfhub_inference_provider_supports(const char *provider, const char *task);

/* One entry of a model's inferenceProviderMapping, in the Hub's order. */
typedef struct hfhub_provider_mapping {
    const char *provider;
    const char *hf_model_id;
    const char *provider_id;          /* the model id on the provider's side */
    const char *status;               /* "live", "staging", "error" */
    const char *task;
    const char *adapter;              /* "lora" or NULL */
    const char *adapter_weights_path; /* or NULL */
    const char *type;                 /* "single-model", "tag-filter" or NULL */
} hfhub_provider_mapping;

/* The mapping of model (NULL: the default model), fetched once per inference client:
 * GET {hub}/api/models/{id}?expand=inferenceProviderMapping. The entries stay valid until
 * hfhub_inference_free. An empty mapping gives *n = 0 (not an error). */
HFHUB_API hfhub_result hfhub_inference_provider_mapping(hfhub_inference *inf, const char *model,
                                                        const hfhub_provider_mapping **out, size_t *n);

/* ---- binary inputs and outputs ------------------------------------------------------------- */

/* Bytes in (an image, audio...) or out. content_type NULL on input: guessed by the task's
 * default ("image/png", "audio/wav"...); on output the response's Content-Type. */
typedef struct hfhub_blob {
    const void *data;
    size_t len;
    const char *content_type;
} hfhub_blob;

/* ---- results --------------------------------------------------------------------------------- */

/* What a task returns: the raw answer and, for JSON answers, the parsed document. Everything
 * hangs off one arena: free with hfhub_inference_result_free. */
typedef struct hfhub_inference_result {
    int status;
    const char *content_type;
    const char *request_id;        /* X-Request-Id, or "" */
    const char *provider;          /* the provider that answered */
    const char *url;               /* the URL that was called */
    const void *body;              /* the response body (binary outputs: the decoded bytes) */
    size_t body_len;
    const hfhub_json_value *json;  /* the parsed JSON answer, NULL for binary answers */
} hfhub_inference_result;
HFHUB_API void hfhub_inference_result_free(hfhub_inference *inf, hfhub_inference_result *r);

/* ---- a raw call (any task) ------------------------------------------------------------------- */

/* Per-call options shared by every task method. */
typedef struct hfhub_inference_opts {
    const char *model;             /* NULL: the client's */
    const char *extra_body;        /* a JSON object merged (recursively) into the JSON body */
    const char *parameters;        /* a JSON object: the task's "parameters" (hf-inference) */
    int (*cancel)(void *user);     /* polled while waiting (queue providers); nonzero cancels */
    void *cancel_user;
} hfhub_inference_opts;

/* Task `task` (a Hub task name) with inputs given as JSON text (inputs_json) or as bytes
 * (blob), routed as described above and with the provider's payload. */
HFHUB_API hfhub_result hfhub_inference_call(hfhub_inference *inf, const char *task,
                                            const char *inputs_json, const hfhub_blob *blob,
                                            const hfhub_inference_opts *opts,
                                            hfhub_inference_result **out);
