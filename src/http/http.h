/* http.h: the HTTP request/response model and the transport interface.
 *
 * A transport performs one HTTP exchange: it sends the request exactly as given and streams
 * the final (non-1xx) response into the sink. It never follows redirects, never retries and
 * never maps statuses to errors: the library does all of that above it, so every transport
 * behaves the same. A user's transport plugs in with one assignment in hfhub_config. */

typedef struct hfhub_header {
    const char *name;
    const char *value;
} hfhub_header;

/* Returned by a body reader to signal an error (the exchange fails with HFHUB_ERR_IO). */
#define HFHUB_READ_ERROR ((size_t)-1)

typedef struct hfhub_http_request {
    const char *method;              /* "GET", "HEAD", "POST", "PUT", ... */
    const char *url;                 /* absolute http:// or https:// URL */
    const hfhub_header *headers;     /* sent as given; the transport adds Host (unless given),
                                        Content-Length or Transfer-Encoding (replacing any given:
                                        the transport owns the framing), and Connection handling */
    size_t n_headers;
    /* The body: a buffer, or a reader called until it returns 0 (or HFHUB_READ_ERROR). */
    const void *body;
    size_t body_len;
    size_t (*body_read)(void *user, void *buf, size_t cap);
    int (*body_rewind)(void *user);  /* back to the start for a retry, 0 ok; NULL: not replayable */
    void *body_user;
    int64_t body_size;               /* reader only: length, or -1 for unknown (chunked) */
    /* Timeouts in milliseconds, 0 meaning none: to connect (incl. TLS), between two reads,
     * and for the whole exchange. */
    int connect_timeout_ms;
    int read_timeout_ms;
    int total_timeout_ms;
    /* Proxy URL ("http://user:pass@host:port") or NULL for a direct connection. The library
     * resolves HTTPS_PROXY / HTTP_PROXY / NO_PROXY and the client override into this. */
    const char *proxy;
} hfhub_http_request;

/* Receives the response. Any callback returning nonzero aborts the exchange, which then
 * returns HFHUB_ERR_CANCELLED. on_header is called once per header line, in order, with the
 * name as received; on_body receives decoded bytes (chunked framing removed). */
typedef struct hfhub_http_sink {
    void *user;
    int (*on_status)(void *user, int status);
    int (*on_header)(void *user, const char *name, const char *value);
    int (*on_body)(void *user, const void *data, size_t n);
} hfhub_http_sink;

/* perform() returns HFHUB_OK when a complete response was received (whatever its status),
 * HFHUB_ERR_NETWORK (connect failure, reset, truncated body), HFHUB_ERR_TIMEOUT,
 * HFHUB_ERR_TLS, HFHUB_ERR_PARSE (malformed response), HFHUB_ERR_CANCELLED or
 * HFHUB_ERR_IO (body reader failed), with detail in hfhub_last_error(). It must be callable
 * from several threads at once. destroy may be NULL. */
typedef struct hfhub_transport {
    void *ctx;
    hfhub_result (*perform)(void *ctx, const hfhub_http_request *req, const hfhub_http_sink *sink);
    void (*destroy)(void *ctx);
} hfhub_transport;
