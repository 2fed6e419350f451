/* api_int.h: what the API modules share (library-internal): result blocks, URL and query
 * building, one JSON call, and the paginated iterator the typed listings are made of. */

/* A result block: the result struct at the start of a block that owns an arena, so one
 * hfhub_api_free releases the struct and everything it points to. *ar receives the arena
 * (for the parsed document and the arrays). NULL when out of memory (error recorded). */
HFHUB__API void *hfhub__api_box_new(const hfhub_allocator *a, size_t size, hfhub__arena **ar);

/* Appends "?name=value" (or "&name=value" once the URL has a '?'), both quote_plus'ed
 * like Python's urlencode. A NULL value appends nothing. */
HFHUB__API void hfhub__api_q(hfhub__buf *b, const char *name, const char *value);
/* The same for each of n values (a repeated parameter). */
HFHUB__API void hfhub__api_q_list(hfhub__buf *b, const char *name, const char *const *vals, size_t n);
/* "{endpoint}/api/{models|datasets|spaces|kernels}/{repo_id}" into b (reset first), after
 * checking the repo type and id (HFHUB_ERR_INVALID_ARG). *type_index gets the type. */
HFHUB__API hfhub_result hfhub__api_repo_url(const hfhub_client *c, hfhub__buf *b, const char *repo_type,
                                           const char *repo_id, int *type_index);
/* An absolute URL for a path ("/api/..." on the endpoint, or already absolute) into b. */
HFHUB__API hfhub_result hfhub__api_abs_url(const hfhub_client *c, hfhub__buf *b, const char *path);

/* One request whose answer is JSON, parsed into the arena ar; *root is NULL for an empty body.
 * body (may be NULL) is sent with content_type (NULL: application/json). */
typedef struct hfhub__api_call {
    const char *method;        /* NULL: GET */
    const char *url;
    const char *body;
    size_t body_len;
    const char *content_type;
    const hfhub_api_opts *o;   /* may be NULL */
} hfhub__api_call;
HFHUB__API hfhub_result hfhub__api_call_json(hfhub_client *c, const hfhub__api_call *call, hfhub__arena *ar,
                                            const hfhub_json_value **root);

/* ---- iterators ----------------------------------------------------------------------------- */

/* Item kinds: what the typed next calls check. */
#define HFHUB__ITER_JSON 0
#define HFHUB__ITER_REPO 1
#define HFHUB__ITER_ENTRY 2
#define HFHUB__ITER_COMMIT 3
#define HFHUB__ITER_USER 4
#define HFHUB__ITER_LIKED 5
#define HFHUB__ITER_ACCESS 6

/* Turns one item of a page into its typed form, allocated in ar (reset for every item). */
typedef hfhub_result (*hfhub__iter_parse_fn)(hfhub__arena *ar, const hfhub_json_value *item, const char *ctx,
                                             void **out);

typedef struct hfhub__iter_spec {
    const char *url;           /* the first page (absolute, with its query) */
    const char *method;        /* NULL: GET; a POST (paths-info) has no next pages */
    const char *body;          /* with body_len and content_type, for the POST */
    size_t body_len;
    const char *content_type;
    const hfhub_api_opts *o;   /* copied */
    int kind;
    hfhub__iter_parse_fn parse;/* NULL for HFHUB__ITER_JSON */
    const char *ctx;           /* copied; handed to parse (e.g. the repo type) */
    uint64_t limit;            /* 0: all; else stop after this many items (Python's islice) */
} hfhub__iter_spec;

HFHUB__API hfhub_result hfhub__iter_new(hfhub_client *c, const hfhub__iter_spec *s, hfhub_iter **out);
/* The next item in its typed form (*out NULL at the end); HFHUB_ERR_INVALID_ARG when the
 * iterator is of another kind. */
HFHUB__API hfhub_result hfhub__iter_next_typed(hfhub_iter *it, int kind, const void **out);

/* Small typed readers with defaults, for the parsers: a string (NULL when missing or not a
 * string), an integer (dflt when missing or not an integral number), a boolean as 1/0, or
 * dflt. */
HFHUB__API const char *hfhub__api_str(const hfhub_json_value *obj, const char *key);
HFHUB__API int64_t hfhub__api_int(const hfhub_json_value *obj, const char *key, int64_t dflt);
HFHUB__API int hfhub__api_bool(const hfhub_json_value *obj, const char *key, int dflt);
/* The strings of an array member (non-strings skipped) as an array in ar; *n its length. */
HFHUB__API hfhub_result hfhub__api_strs(hfhub__arena *ar, const hfhub_json_value *arr, const char ***out,
                                       size_t *n);
