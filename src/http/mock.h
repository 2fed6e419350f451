/* mock.h: an in-memory transport for tests (yours and ours).
 *
 * Script responses, plug the mock in as the transport, run the code under test, then look
 * at the requests it made:
 *
 *     hfhub_mock *m; hfhub_transport t;
 *     hfhub_mock_response r = {0};
 *     hfhub_mock_new(NULL, &m);
 *     r.method = "GET"; r.url = "https://huggingface.co/api/models/gpt2";
 *     r.status = 200; r.headers = "Content-Type: application/json\n"; r.body = "{}";
 *     hfhub_mock_add(m, &r);
 *     t = hfhub_mock_transport(m);     // cfg.transport = &t;
 *     ...
 *     assert(hfhub_mock_count(m) == 1);
 *     assert(strcmp(hfhub_mock_request_header(hfhub_mock_request_at(m, 0), "Authorization"), ...));
 *     hfhub_mock_free(m);
 *
 * A request is answered by the first scripted response, in the order added, that matches
 * its method and URL and still has uses left; with no match, perform() fails with
 * HFHUB_ERR_NETWORK and a message naming the request. The mock is thread-safe. */

typedef struct hfhub_mock hfhub_mock;

typedef struct hfhub_mock_response {
    const char *method;      /* NULL or "": any method */
    const char *url;         /* NULL: any URL; ending in '*': a prefix; else the exact URL */
    int status;              /* 0: 200 (unless `error` is set, see below) */
    const char *headers;     /* "Name: value" lines separated by '\n' ("\r\n" also fine); NULL: none */
    const void *body;        /* NULL: empty */
    size_t body_len;         /* 0 with a body: strlen(body) */
    size_t split;            /* > 0: the body reaches on_body in pieces of at most this size */
    /* A failure: with status 0 perform() fails before any response (like a refused
     * connection); otherwise after the status, the headers and `error_after` body bytes
     * (like a connection cut mid-body). */
    hfhub_result error;
    size_t error_after;
    int times;               /* how many requests it answers; 0: once; -1: any number */
} hfhub_mock_response;

/* A request the mock received. Strings and the body are copies owned by the mock; they
 * stay valid until hfhub_mock_reset or hfhub_mock_free. */
typedef struct hfhub_mock_request {
    const char *method;
    const char *url;
    const hfhub_header *headers;
    size_t n_headers;
    const void *body;        /* the buffer or everything the body reader returned */
    size_t body_len;
    int body_streamed;       /* 1: the body came from a reader */
    int64_t body_size;       /* the reader's declared size (-1: unknown) */
    const char *proxy;       /* NULL: direct */
    int connect_timeout_ms, read_timeout_ms, total_timeout_ms;
} hfhub_mock_request;

/* a may be NULL (the default allocator); it must outlive the mock. */
HFHUB_API hfhub_result hfhub_mock_new(const hfhub_allocator *a, hfhub_mock **out);
HFHUB_API void hfhub_mock_free(hfhub_mock *m);
/* Adds a scripted response (everything is copied). */
HFHUB_API hfhub_result hfhub_mock_add(hfhub_mock *m, const hfhub_mock_response *r);
/* Shorthand for one use of a response to any method at `url` (as above), with this status,
 * header lines and body string (headers and body may be NULL). */
HFHUB_API hfhub_result hfhub_mock_add_simple(hfhub_mock *m, const char *url, int status,
                                             const char *headers, const char *body);
/* A transport backed by the mock; it does not own the mock (destroy is NULL). */
HFHUB_API hfhub_transport hfhub_mock_transport(hfhub_mock *m);
/* Requests received so far, in order (including those that failed), and one of them
 * (NULL beyond the count). */
HFHUB_API size_t hfhub_mock_count(const hfhub_mock *m);
HFHUB_API const hfhub_mock_request *hfhub_mock_request_at(const hfhub_mock *m, size_t i);
/* First header of a recorded request with this name (case-insensitive), or NULL. */
HFHUB_API const char *hfhub_mock_request_header(const hfhub_mock_request *r, const char *name);
/* Scripted responses with uses left (those with times -1 excluded): 0 once all were used. */
HFHUB_API size_t hfhub_mock_pending(const hfhub_mock *m);
/* Forgets the script and the recorded requests. */
HFHUB_API void hfhub_mock_reset(hfhub_mock *m);
