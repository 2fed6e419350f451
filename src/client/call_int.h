/* call_int.h: error mapping and the request helper the services use (library-internal). */

/* ---- errors ------------------------------------------------------------------------------ */

/* hf_raise_for_status: HFHUB_OK for status < 400; otherwise the mapped result (spec §2.9)
 * recorded with a message like Python's (server message from X-Error-Message and the JSON
 * body's error / errors[].message / plain text body; the request id from X-Request-Id,
 * X-Amzn-Trace-Id or X-Amz-Cf-Id) and the X-Error-Code. request_url is the URL asked for
 * (for the repo-URL rule), resp->final_url (or request_url) is the one reported; the body
 * is resp->body, or `body` when given (a streamed request's collected error body). */
HFHUB__API hfhub_result hfhub__map_http_error(const hfhub__http_response *resp, const char *request_url,
                                             const char *body, size_t body_len);

/* ---- requests ---------------------------------------------------------------------------- */

/* One Hub request through the client: offline check before anything is sent (HFHUB_ERR_NETWORK,
 * the transport is never called), headers built as above (at most ~20 extra headers), the
 * client's proxy, redirects followed, then error mapping of the final response. With a
 * sink the error body went to the sink, so the caller maps the error itself
 * (hfhub__map_http_error with the body it collected) and the call returns HFHUB_OK for
 * any status. */
typedef struct hfhub__req {
    const char *method;           /* NULL: GET */
    const char *url;
    const hfhub_header *headers;  /* extra headers; override the defaults */
    size_t n_headers;
    const void *body;
    size_t body_len;
    int auth;                     /* HFHUB__AUTH_* */
    const char *token;            /* per-call token (wins over auth) */
    int timeout_ms;               /* connect and read timeout; 0: none (Python's default) */
    int no_redirects;
    int max_retries;              /* with retry_mask: HFHUB__RETRY_* bits (0: all) */
    int retry_mask;
    size_t max_body;              /* collected body limit; 0: 64 MiB */
    const hfhub_http_sink *sink;  /* NULL: collect the body into resp->body */
    int retry_network;            /* with max_retries: also retry network errors and timeouts */
    /* A streamed body instead of body/body_len (hfhub_http_request's reader fields). */
    size_t (*body_read)(void *user, void *buf, size_t cap);
    int (*body_rewind)(void *user);
    void *body_user;
    int64_t body_size;
} hfhub__req;

/* resp is always initialised: free it with hfhub__http_response_free, also on failure (it
 * keeps the headers of an error response, e.g. X-Repo-Commit of a 404 EntryNotFound). */
HFHUB__API hfhub_result hfhub__client_request(hfhub_client *c, const hfhub__req *r, hfhub__http_response *resp);
/* GET/HEAD/POST returning parsed JSON: json_body (may be NULL) is sent with
 * Content-Type: application/json; *doc is the parsed response body (free with
 * hfhub_json_free), NULL for an empty body. */
HFHUB__API hfhub_result hfhub__client_json(hfhub_client *c, const char *method, const char *url,
                                          const char *json_body, hfhub_json_doc **doc);
/* The same with a per-call token (NULL: the client's), parsed into the caller's arena: *root
 * is NULL for an empty body. */
HFHUB__API hfhub_result hfhub__client_json_in(hfhub_client *c, const char *method, const char *url, const char *token,
                                             const char *json_body, hfhub__arena *ar, const hfhub_json_value **root);
