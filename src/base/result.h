/* result.h: stable result codes and the per-thread error detail. */

/* Every fallible call returns an hfhub_result: 0 is success, errors are negative and stable.
 * The not-found kinds mirror Python's exceptions (RepositoryNotFoundError, ...). */
typedef enum hfhub_result {
    HFHUB_OK = 0,
    HFHUB_ERR_NOMEM = -1,
    HFHUB_ERR_INVALID_ARG = -2,
    HFHUB_ERR_IO = -3,
    HFHUB_ERR_NETWORK = -4,
    HFHUB_ERR_TIMEOUT = -5,
    HFHUB_ERR_TLS = -6,
    HFHUB_ERR_HTTP = -7,                  /* any other HTTP error status (HfHubHTTPError) */
    HFHUB_ERR_UNAUTHORIZED = -8,
    HFHUB_ERR_REPO_NOT_FOUND = -9,        /* RepositoryNotFoundError */
    HFHUB_ERR_REVISION_NOT_FOUND = -10,   /* RevisionNotFoundError */
    HFHUB_ERR_ENTRY_NOT_FOUND = -11,      /* RemoteEntryNotFoundError */
    HFHUB_ERR_GATED = -12,                /* GatedRepoError */
    HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND = -13,/* LocalEntryNotFoundError (offline, not cached) */
    HFHUB_ERR_CONFLICT = -14,
    HFHUB_ERR_PARSE = -15,
    HFHUB_ERR_INTEGRITY = -16,
    HFHUB_ERR_CANCELLED = -17,
    HFHUB_ERR_UNSUPPORTED = -18,
    HFHUB_ERR_BAD_REQUEST = -19,          /* BadRequestError (400) */
    HFHUB_ERR_FORBIDDEN = -20,            /* 403 */
    HFHUB_ERR_TOO_LARGE = -21,            /* an input or response beyond a documented limit */
    HFHUB_ERR_ENDPOINT_FAILED = -22       /* an Inference Endpoint in a failed state */
} hfhub_result;

/* A short, constant English name for a result ("repository not found"). Never NULL. */
HFHUB_API const char *hfhub_result_str(hfhub_result r);

/* Detail of this thread's last failure. Strings are owned by the library and stay valid
 * until the next failing call on the same thread. Empty strings, never NULL. */
typedef struct hfhub_error {
    hfhub_result result;
    int http_status;         /* 0 when no HTTP response was involved */
    const char *message;     /* what went wrong, with the server's X-Error-Message / JSON error */
    const char *server_code; /* X-Error-Code ("RepoNotFound", "GatedRepo", ...) */
    const char *request_id;  /* X-Request-Id */
} hfhub_error;

HFHUB_API const hfhub_error *hfhub_last_error(void);
