/* inference_int.h: routing and the request helper shared by chat and the tasks
 * (library-internal). */

typedef struct hfhub__inf_mapcache {
    struct hfhub__inf_mapcache *next;
    const char *model;
    hfhub_provider_mapping *entries;
    size_t n;
} hfhub__inf_mapcache;

struct hfhub_inference {
    hfhub_client *c;
    hfhub__arena arena;            /* config copies and the mapping cache */
    hfhub__mutex lock;             /* guards the arena after creation and the cache */
    const char *model, *provider, *api_key, *bill_to;
    hfhub_header *headers;
    size_t n_headers;
    const char *router, *hub, *endpoints;
    int timeout_ms, allow_any, max_retries, poll_interval_ms, poll_timeout_ms;
    hfhub__inf_mapcache *maps;
};

/* Where one call goes: resolved by hfhub__inf_target. Strings live in `ar`. */
typedef struct hfhub__inf_target {
    hfhub__arena ar;
    const char *task;
    const char *provider;      /* "hf-inference" for URL models, "auto" for the auto-router */
    const char *model;         /* the HF id (or the URL) */
    const char *provider_id;   /* the mapping's providerId (or the model) */
    const hfhub_provider_mapping *mapping; /* NULL when none was needed */
    const char *url;
    const char *key;           /* the key sent, or NULL */
    int routed;                /* through the router */
    const char *endpoint;      /* the URL called as is (an URL model, or an URL provider) */
    int is_url;                /* endpoint != NULL */
    int queue;                 /* fal-ai queue */
} hfhub__inf_target;

/* Resolves (task, model, provider) for one provider (NULL: the configured one; "auto"
 * candidates are resolved by the caller through hfhub__inf_candidates). */
HFHUB__API hfhub_result hfhub__inf_target_init(hfhub_inference *inf, const char *task, const char *model,
                                              const char *provider, hfhub__inf_target *t);
HFHUB__API void hfhub__inf_target_free(hfhub__inf_target *t);
/* The providers to try for task/model: the configured one alone, or for "auto" the filtered
 * mapping (task, live, known). *out points into the cache. */
HFHUB__API hfhub_result hfhub__inf_candidates(hfhub_inference *inf, const char *task, const char *model,
                                             const char **out, size_t cap, size_t *n);
/* Whether a failure of one provider lets "auto" try the next. */
HFHUB__API int hfhub__inf_can_fall_back(hfhub_result r);

/* One POST (or GET when body is NULL and method is NULL) to t->url with the call's headers
 * (authorization, bill-to, user headers, content type, accept). sink NULL: collected into
 * resp; errors mapped (§2.9). With a sink, the caller maps errors. */
typedef struct hfhub__inf_post {
    const char *method;
    const char *url;           /* NULL: t->url */
    const void *body;
    size_t body_len;
    const char *content_type;  /* NULL: application/json when there is a body */
    const char *accept;
    const hfhub_http_sink *sink;
    int no_auth;               /* fetched result URLs: no key */
} hfhub__inf_post;
HFHUB__API hfhub_result hfhub__inf_request(hfhub_inference *inf, const hfhub__inf_target *t,
                                          const hfhub__inf_post *p, hfhub__http_response *resp);
/* Maps an error response (status >= 400) like hf_raise_for_status, with inference rules
 * (422/400 -> bad request, the body appended); HFHUB_OK below 400. */
HFHUB__API hfhub_result hfhub__inf_map_error(const hfhub__http_response *resp, const char *url,
                                            const char *body, size_t len);

/* Merges the JSON object extra (may be NULL) recursively into the JSON text in b. */
HFHUB__API hfhub_result hfhub__inf_merge_extra(hfhub__buf *b, const char *extra, const hfhub_allocator *a);
/* Writes a JSON text value (checked) into w; HFHUB_ERR_INVALID_ARG when it is not JSON. */
HFHUB__API hfhub_result hfhub__inf_jw_json(hfhub__jw *w, const char *json, const hfhub_allocator *a);
/* Whether url is an HF URL for the token rule (router, Hub, Endpoints, HF domains). */
HFHUB__API int hfhub__inf_is_hf_url(const hfhub_inference *inf, const char *url);
/* The route of (provider, task) relative to its base, with {pid} filled in: writes into b. */
HFHUB__API hfhub_result hfhub__inf_route(const char *provider, const char *task, const char *pid,
                                        hfhub__buf *b);
/* The provider's direct base URL, or NULL (hf-inference: router only). */
HFHUB__API const char *hfhub__inf_direct_base(const char *provider);
/* Python's _build_chat_completion_url applied to an URL model. */
HFHUB__API void hfhub__inf_chat_url(hfhub__buf *b, const char *url);
