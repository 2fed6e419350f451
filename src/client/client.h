/* client.h: the client: configuration, environment, tokens, and what the library returns.
 *
 * A zero-initialised hfhub_config means "like Python's huggingface_hub, from the
 * environment": HF_ENDPOINT, HF_HOME / XDG_CACHE_HOME, HF_HUB_CACHE, HF_ASSETS_CACHE,
 * HF_XET_CACHE, HF_TOKEN / HUGGING_FACE_HUB_TOKEN / the token file at HF_TOKEN_PATH,
 * HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE), HF_HUB_DISABLE_IMPLICIT_TOKEN, HF_HUB_DISABLE_XET,
 * HF_HUB_ETAG_TIMEOUT, HF_HUB_DOWNLOAD_TIMEOUT, HF_HUB_USER_AGENT_ORIGIN and
 * HUGGINGFACE_CO_STAGING, with Python's precedence and boolean rule (true iff the value,
 * upper-cased, is 1, ON, YES or TRUE). Timeouts that are not positive integers mean the
 * default (Python raises on them). HUGGINGFACE_CO_STAGING=1 points the endpoint at
 * https://hub-ci.huggingface.co and the hub cache and token under ~/.cache/huggingface_staging
 * (unless HF_HUB_CACHE or the config name others). The environment and the token file are
 * read once, by hfhub_client_new.
 * Not applicable in C, hence not read: the OIDC token exchange (HF_OIDC_*) and Google Colab
 * secrets; OAuth token refresh from stored_tokens is not done.
 *
 *     hfhub_config cfg = {0};
 *     hfhub_client *c;
 *     if (hfhub_client_new(&cfg, &c) != HFHUB_OK) puts(hfhub_last_error()->message);
 *
 * The client is immutable after creation and safe to share between threads. Everything
 * the library hands back through a `char **` / `void **` out-parameter is freed with
 * hfhub_free(client, p). */

/* Tri-state switches: 0 follows the environment (like Python), HFHUB_ON / HFHUB_OFF force. */
#define HFHUB_ON 1
#define HFHUB_OFF (-1)

typedef struct hfhub_config {
    const char *endpoint;        /* NULL: HF_ENDPOINT, else https://huggingface.co */
    const char *token;           /* NULL: the implicit token (environment, token file) */
    int no_token;                /* 1: never send a token (Python's token=False) */
    const char *hf_home;         /* NULL: HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface */
    const char *cache_dir;       /* NULL: HF_HUB_CACHE (legacy HUGGINGFACE_HUB_CACHE), else <hf_home>/hub;
                                    used as given (Python does not expand the argument either) */
    const char *token_path;      /* NULL: HF_TOKEN_PATH, else <hf_home>/token */
    /* The first element of the user agent ("<name>/<version>"); NULL: "unknown/None". */
    const char *library_name, *library_version;
    const char *user_agent;      /* appended to the user agent ("; " separated); may be NULL */
    const char *proxy;           /* NULL: HTTPS_PROXY / HTTP_PROXY / NO_PROXY; "": direct */
    const hfhub_allocator *allocator; /* NULL: HFHUB_MALLOC & co; copied into the client */
    /* NULL: the built-in transport (sockets or libcurl). Copied; the client calls its
     * destroy (when set) on hfhub_client_free. HFHUB_NO_SOCKETS builds must give one. */
    const hfhub_transport *transport;
    hfhub_log_fn log;            /* NULL: silent */
    void *log_user;
    int log_level;               /* 0: HF_DEBUG -> debug, else HF_HUB_VERBOSITY (debug, info,
                                    warning, error, critical), else warning, as in Python */
    int max_workers;             /* parallel transfers; 0: 8 */
    int offline;                 /* 0: HF_HUB_OFFLINE; HFHUB_ON: no request is ever sent */
    int disable_implicit_token;  /* 0: HF_HUB_DISABLE_IMPLICIT_TOKEN */
    int disable_xet;             /* 0: HF_HUB_DISABLE_XET */
    int etag_timeout_s;          /* metadata (HEAD) timeout; 0: HF_HUB_ETAG_TIMEOUT, else 10 */
    int download_timeout_s;      /* per-read download timeout; 0: HF_HUB_DOWNLOAD_TIMEOUT, else 10 */
} hfhub_config;

typedef struct hfhub_client hfhub_client;

/* cfg may be NULL (all defaults). HFHUB_ERR_INVALID_ARG for a bad endpoint or a build
 * without a built-in transport and none given. */
HFHUB_API hfhub_result hfhub_client_new(const hfhub_config *cfg, hfhub_client **out);
HFHUB_API void hfhub_client_free(hfhub_client *c);
/* Frees anything the library returned through this client (NULL is fine). */
HFHUB_API void hfhub_free(hfhub_client *c, void *p);

/* What the client resolved (what `hf env` prints). Strings belong to the client; paths
 * are NULL in HFHUB_NO_STDIO builds. */
typedef struct hfhub_client_info {
    const char *version;             /* HFHUB_VERSION_STRING */
    const char *endpoint;
    const char *hf_home;
    const char *hub_cache;           /* HF_HUB_CACHE */
    const char *assets_cache;        /* HF_ASSETS_CACHE */
    const char *xet_cache;           /* HF_XET_CACHE */
    const char *token_path;          /* HF_TOKEN_PATH */
    const char *stored_tokens_path;  /* HF_STORED_TOKENS_PATH: "stored_tokens" next to the token */
    const char *user_agent;
    const char *token_source;        /* "config", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "file" or NULL */
    const char *transport;           /* "sockets (OpenSSL)", "libcurl", "custom", ... */
    int has_token;                   /* a token is known (sent unless implicit tokens are off) */
    int offline, disable_implicit_token, disable_xet, staging;
    int debug;                       /* HF_DEBUG: requests are logged as curl commands (token hidden) */
    int log_level;
    int etag_timeout_s, download_timeout_s, max_workers;
} hfhub_client_info;
HFHUB_API void hfhub_client_get_info(const hfhub_client *c, hfhub_client_info *out);

/* The library version ("0.1.0"). */
HFHUB_API const char *hfhub_version(void);
/* What this build contains, e.g. "sockets+openssl", "sockets (no TLS)", "libcurl", "none". */
HFHUB_API const char *hfhub_build_transports(void);

/* A token stored by `hf auth login` in stored_tokens (an INI file next to the token file). */
typedef struct hfhub_stored_token {
    const char *name;
    const char *token;
} hfhub_stored_token;
/* Reads stored_tokens: *out is an array of *n entries, sorted by name, freed with one
 * hfhub_free(c, *out). A missing file gives zero entries. */
HFHUB_API hfhub_result hfhub_stored_tokens(hfhub_client *c, hfhub_stored_token **out, size_t *n);
