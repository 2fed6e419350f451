/* client_int.h: the client's internals: settings, headers, URLs, error mapping and the
 * request helper the services use (library-internal). */

struct hfhub_client {
    hfhub_allocator alloc_copy;
    const hfhub_allocator *a;     /* &alloc_copy, or NULL for the macros */
    hfhub_transport transport;
    hfhub__logger log;
    hfhub__arena arena;           /* the strings below */
    const char *endpoint;         /* no trailing '/' */
    const char *hf_home, *hub_cache, *assets_cache, *xet_cache, *token_path, *stored_tokens_path;
    const char *token;            /* NULL: none */
    const char *token_source;
    int token_explicit;           /* given in the config: sent even with implicit tokens off */
    int no_token;
    const char *user_agent;
    const char *proxy;            /* NULL: environment */
    const char *transport_name;
    int offline, disable_implicit_token, disable_xet, staging, debug;
    int etag_timeout_s, download_timeout_s, max_workers;
};

/* ASCII case-insensitive string equality (header names). */
HFHUB__API int hfhub__ascii_ieq(const char *a, const char *b);
/* Python's _is_true: the value upper-cased is 1, ON, YES or TRUE (NULL: false). */
HFHUB__API int hfhub__env_is_true(const char *v);
/* Python's `int(value) or dflt`: a positive decimal integer, else dflt. */
HFHUB__API int hfhub__env_int(const char *v, int dflt);
/* Python's _clean_token: "\r" and "\n" removed, whitespace stripped; the result is written
 * into s (in place) and returned; NULL when it ends up empty. */
HFHUB__API char *hfhub__clean_token(char *s);

/* Memory handed to the user (freed by hfhub_free): a hidden header keeps the size. */
HFHUB__API void *hfhub__out_alloc(hfhub_client *c, size_t n);
HFHUB__API char *hfhub__out_strdup(hfhub_client *c, const char *s);

/* ---- repositories and URLs --------------------------------------------------------------- */

/* "model" (or NULL), "dataset", "space", "kernel" -> 0..3; -1 otherwise (error recorded). */
HFHUB__API int hfhub__repo_type_index(const char *repo_type);
/* URL prefix for non-API URLs: "", "datasets/", "spaces/", "kernels/". */
HFHUB__API const char *hfhub__repo_type_prefix(int type_index);
/* Plural form for /api URLs: "models", "datasets", "spaces", "kernels". */
HFHUB__API const char *hfhub__repo_type_plural(int type_index);
/* Python's validate_repo_id: "name" or "namespace/name" of [A-Za-z0-9_.-] (non-ASCII bytes
 * count as word characters), each part starting and ending with a word character, the
 * name at most 96 characters, no "--" or "..", not ending in ".git". */
HFHUB__API hfhub_result hfhub__validate_repo_id(const char *repo_id);
/* A filename inside a repo: not empty, no ".." segment, not absolute (POSIX or Windows). */
HFHUB__API hfhub_result hfhub__validate_filename(const char *filename);
/* {E}/{prefix}{repo}/resolve/{quote(rev, "")}/{quote(filename, "/")} into b (reset first).
 * revision NULL: "main". */
HFHUB__API hfhub_result hfhub__resolve_url(const hfhub_client *c, hfhub__buf *b, int type_index,
                                          const char *repo_id, const char *revision,
                                          const char *filename);

/* ---- headers ----------------------------------------------------------------------------- */

/* The headers of one Hub request, owned by the struct (its arena). */
typedef struct hfhub__headers {
    hfhub_header items[24];
    size_t n;
    hfhub__arena arena;
} hfhub__headers;

/* How a request authenticates: like Python's token argument. */
#define HFHUB__AUTH_DEFAULT 0   /* token=None: the client's token unless implicit tokens are off */
#define HFHUB__AUTH_NONE 1      /* token=False */
#define HFHUB__AUTH_REQUIRED 2  /* token=True: the client's token, HFHUB_ERR_UNAUTHORIZED without */

/* build_hf_headers + the request hook: user-agent, authorization (per `auth`, or `token`
 * when not NULL, which always wins), X-Amzn-Trace-Id (the X-Request-Id among `extra` if
 * any, else a random UUID4), then `extra` (name matches case-insensitively replace). */
HFHUB__API hfhub_result hfhub__headers_build(const hfhub_client *c, hfhub__headers *h, int auth,
                                            const char *token, const hfhub_header *extra,
                                            size_t n_extra);
/* Frees the headers' memory (also after a failed build). */
HFHUB__API void hfhub__headers_free(hfhub__headers *h);
/* The value of a header by name (case-insensitive), or NULL. */
HFHUB__API const char *hfhub__headers_get(const hfhub__headers *h, const char *name);
/* A random UUID4 ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx") into out (37 bytes). */
HFHUB__API void hfhub__uuid4(char *out);
/* A header value safe for logs: "<TOKEN>" for Authorization (whatever its scheme) and for
 * headers carrying tokens (X-Xet-Access-Token, Cookie), the value otherwise. */
HFHUB__API const char *hfhub__log_header_value(const char *name, const char *value);
