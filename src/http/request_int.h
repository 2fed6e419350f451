/* request_int.h: the request layer above the transport (library-internal): redirects,
 * retries with backoff, a collected response. Implemented in src/http/request.c. */

/* How one logical request is carried out. Zero-initialised means: follow up to 10
 * redirects, no retries. */
typedef struct hfhub__http_policy {
    int no_redirects;        /* 1: return 3xx responses as they are */
    int max_redirects;       /* 0: 10 */
    int max_retries;         /* retries after the first attempt (Python's default is 5) */
    int retry_network;       /* also retry network errors and timeouts (not only statuses) */
    int retry_statuses_mask; /* HFHUB__RETRY_* bits; 0 with max_retries > 0: all of them */
    int base_wait_ms;        /* first wait; 0: 1000. Doubles each retry ... */
    int max_wait_ms;         /* ... capped here; 0: 8000 */
    const hfhub__logger *log;
    /* Called before each attempt after the first one, with the attempt number; nonzero
     * stops retrying (used for cancel). May be NULL. */
    int (*on_retry)(void *user, int attempt, int wait_ms);
    void *on_retry_user;
} hfhub__http_policy;

#define HFHUB__RETRY_408 1
#define HFHUB__RETRY_429 2
#define HFHUB__RETRY_5XX 4   /* 500, 502, 503, 504 */

/* The final response of a request. Header strings live in `arena`; `body` holds the body
 * unless the caller streamed it to its own sink. Free with hfhub__http_response_free. */
typedef struct hfhub__http_response {
    int status;
    hfhub_header *headers;
    size_t n_headers;
    hfhub__buf body;
    char *final_url;         /* the URL that answered, after redirects (arena) */
    hfhub__arena arena;
} hfhub__http_response;

/* Performs req through t following `policy`. If `sink` is NULL the body is collected into
 * resp->body (at most max_body bytes, 0 meaning 64 MiB; beyond it HFHUB_ERR_TOO_LARGE);
 * otherwise the final response's body goes to sink->on_body (status and headers are still
 * recorded in resp, and sink->on_status / on_header, when set, see the final response only).
 * Bodies of redirect and retried responses are discarded. On a cross-host redirect the
 * Authorization header is dropped; 301/302/303 turn a POST into a GET without body (303:
 * any method but HEAD), 307/308 keep method and body (rewound; not followed if the body
 * cannot be replayed). Relative and absolute Location values are resolved against the
 * current URL. Returns HFHUB_OK when a response arrived, whatever its status. */
HFHUB__API hfhub_result hfhub__http_exec(const hfhub_transport *t, const hfhub__http_policy *policy,
                                        const hfhub_http_request *req, const hfhub_http_sink *sink,
                                        size_t max_body, const hfhub_allocator *a,
                                        hfhub__http_response *resp);
HFHUB__API void hfhub__http_response_free(hfhub__http_response *resp);
/* First header with this name (case-insensitive), or NULL. */
HFHUB__API const char *hfhub__http_header(const hfhub__http_response *resp, const char *name);
/* The wait before retry number `attempt` (1-based) after `status` with these response
 * headers, per spec/hub-api.md §1.6 (RateLimit r=0;t=N, Retry-After: N, else backoff). */
HFHUB__API int hfhub__http_retry_wait_ms(const hfhub__http_policy *policy, int attempt, int status,
                                        const hfhub__http_response *resp);
