/* request_int.h: the request layer above the transport (library-internal): redirects,
 * retries with backoff, proxy selection, a collected response. Implemented in
 * src/http/request.c. */

/* How one logical request is carried out. Zero-initialised means: follow up to 10
 * redirects, no retries, proxy from the environment. */
typedef struct hfhub__http_policy {
    int no_redirects;        /* 1: return 3xx responses as they are */
    int max_redirects;       /* 0: 10 */
    int max_retries;         /* retries after the first attempt (Python's default is 5) */
    int retry_network;       /* also retry network errors and timeouts (not only statuses) */
    int retry_statuses_mask; /* HFHUB__RETRY_* bits; 0 with max_retries > 0: all of them */
    int base_wait_ms;        /* first backoff wait; 0: 1000. Doubles each retry ... */
    int max_wait_ms;         /* ... capped here; 0: 8000 */
    /* Longest wait taken from Retry-After / RateLimit (whose values win over the backoff);
     * 0: unbounded. Lets a caller refuse to sleep for minutes. */
    int max_server_wait_ms;
    /* Proxy override: NULL uses req->proxy, which has the same meaning: NULL takes
     * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY from the environment, "" means
     * direct, anything else is the proxy URL for every host. The proxy is chosen again for
     * each redirect hop, and the transport gets the result in its req->proxy. */
    const char *proxy;
    const hfhub__logger *log;
    /* Called before each retry with the attempt number (2 = the first retry) and the wait
     * about to happen; nonzero stops and the request fails with HFHUB_ERR_CANCELLED.
     * `cancelled` is polled every <= 50 ms during the wait, nonzero stops the same way.
     * Both may be NULL; both get on_retry_user. */
    int (*on_retry)(void *user, int attempt, int wait_ms);
    int (*cancelled)(void *user);
    void *on_retry_user;
} hfhub__http_policy;

#define HFHUB__RETRY_408 1
#define HFHUB__RETRY_429 2
#define HFHUB__RETRY_5XX 4   /* 500, 502, 503, 504 */

/* The final response of a request. Header strings live in `arena`; `body` holds the body
 * unless the caller streamed it to its own sink. Free with hfhub__http_response_free.
 * `attempts` and `redirects` count what happened (for logs and tests). */
typedef struct hfhub__http_response {
    int status;
    hfhub_header *headers;
    size_t n_headers;
    hfhub__buf body;
    char *final_url;         /* the URL that answered, after redirects (arena) */
    int attempts;            /* transport exchanges made for the final hop */
    int redirects;           /* redirects followed */
    hfhub__arena arena;
} hfhub__http_response;

/* Performs req through t following `policy` (NULL: zero policy). If `sink` is NULL the body
 * is collected into resp->body (at most max_body bytes, 0 meaning 64 MiB; beyond it
 * HFHUB_ERR_TOO_LARGE); otherwise the final response's body goes to sink->on_body (status
 * and headers are still recorded in resp, and sink->on_status / on_header, when set, see
 * the final response only, just before its first body byte). Bodies of redirect and
 * retried responses are discarded. On a redirect to another scheme, host or port the
 * Authorization header is dropped (for the rest of the chain); 301/302 turn a POST into a
 * GET without body, 303 any method but HEAD; 307/308 keep method and body (rewound; not
 * followed if the body was consumed and cannot be replayed). Relative and absolute
 * Location values are resolved against the current URL. A request whose body was consumed
 * and cannot be rewound is never retried; neither is one whose response body already reached
 * the caller's sink (a partly collected body is dropped and the exchange retried). Returns HFHUB_OK when a response arrived, whatever its status; more than
 * max_redirects redirects fail with HFHUB_ERR_HTTP. resp is always initialised (free it
 * on failure too). */
HFHUB__API hfhub_result hfhub__http_exec(const hfhub_transport *t, const hfhub__http_policy *policy,
                                        const hfhub_http_request *req, const hfhub_http_sink *sink,
                                        size_t max_body, const hfhub_allocator *a,
                                        hfhub__http_response *resp);
HFHUB__API void hfhub__http_response_free(hfhub__http_response *resp);
/* First header with this name (case-insensitive), or NULL. */
HFHUB__API const char *hfhub__http_header(const hfhub__http_response *resp, const char *name);
/* The wait before retry number `attempt` (1-based: 1 = the first retry) after `status`
 * (0 for a network error) with these response headers (resp may be NULL), per
 * spec/hub-api.md §1.6: 429 with RateLimit r=0;t=N waits N+1 s, else Retry-After: N waits
 * N+1 s, else base * 2^(attempt-1) capped at max (1, 2, 4, 8, 8 s by default). Server
 * values are capped by policy->max_server_wait_ms when set. */
HFHUB__API int hfhub__http_retry_wait_ms(const hfhub__http_policy *policy, int attempt, int status,
                                        const hfhub__http_response *resp);
/* Whether `status` is retried under this policy (its mask; 408, 429, 500, 502-504). */
HFHUB__API int hfhub__http_status_retryable(const hfhub__http_policy *policy, int status);

/* The proxy for `url`: `override` NULL consults the environment (lower-case names first:
 * https_proxy/HTTPS_PROXY for https URLs, http_proxy/HTTP_PROXY for http, then
 * all_proxy/ALL_PROXY; no_proxy/NO_PROXY lists hosts reached directly, matched by
 * hfhub__url_no_proxy_match); `override` "" means direct; anything else is used as given.
 * Writes the proxy URL into out (an "http://" scheme added when missing) and returns 1,
 * returns 0 for a direct connection, -1 if it does not fit in cap. `a` is for scratch
 * memory (NULL: the default allocator). */
HFHUB__API int hfhub__http_proxy_for(const char *url, const char *override, const hfhub_allocator *a,
                                     char *out, size_t cap);
