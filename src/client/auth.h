/* auth.h: who am I, and the token files of `hf auth` (login, logout, switch, list), in
 * Python's formats so a C login and a Python login are interchangeable.
 *
 * The files (spec/hub-api.md §1.3): the active token at the client's token path ($HF_TOKEN_PATH,
 * default $HF_HOME/token: the token alone, no newline) and `stored_tokens` next to it, an INI
 * file as Python's configparser writes it (one "[name]" section per token, sorted, "key = value"
 * lines, a blank line after each section; sections keep their other keys, e.g. an OAuth
 * token's refresh_token and expires_at). Both are written with mode 0600 in a 0700 folder.
 * A stored_tokens file configparser would reject (a duplicate section or key, a key outside
 * any section, a line without "=" or ":") reads as empty, as in Python (a warning is logged).
 * "The active token" is Python's get_token(): HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the
 * token file, read fresh at each call (not the one the client was created with).
 * The file functions are not in HFHUB_NO_STDIO builds (HFHUB_ERR_UNSUPPORTED). */

/* Python's whoami(): GET /api/whoami-v2. Free with hfhub_whoami_free. */
typedef struct hfhub_whoami_info {
    const char *type;             /* "user" or "org" */
    const char *name;
    const char *fullname;         /* NULL when absent */
    const char *email;            /* NULL when absent (or not visible to the token) */
    const char *const *orgs;      /* the names of orgs[] */
    size_t n_orgs;
    const char *auth_type;        /* auth.type ("access_token", "oauth"), NULL when absent */
    const char *token_name;       /* auth.accessToken.displayName, NULL when absent */
    const char *token_role;       /* auth.accessToken.role: "read", "write", "fineGrained"; NULL when absent */
    const hfhub_json_value *raw;  /* the whole answer */
} hfhub_whoami_info;

/* token NULL: the client's token (HFHUB_ERR_UNAUTHORIZED without one, nothing sent). A 401 is
 * HFHUB_ERR_UNAUTHORIZED "Invalid user token." with Python's hint on where the token came from. */
HFHUB_API hfhub_result hfhub_whoami(hfhub_client *c, const char *token, hfhub_whoami_info **out);
HFHUB_API void hfhub_whoami_free(hfhub_client *c, hfhub_whoami_info *info);

/* What login / switch did, for the messages Python prints. Strings belong to the struct. */
typedef struct hfhub_login_info {
    const char *token_name;       /* the name it was stored under */
    const char *permission;       /* auth.accessToken.role, NULL when the answer has none */
    const char *token_path;       /* the active-token file written */
    const char *stored_tokens_path;
    int git_credential;           /* 1: saved with `git credential approve`; 0: not asked;
                                     -1: asked but no git credential helper is configured */
    const char *git_helpers;      /* "store,cache" (sorted, comma-joined) when saved */
    int env_token_set;            /* HF_TOKEN / HUGGING_FACE_HUB_TOKEN is set and wins */
} hfhub_login_info;

typedef struct hfhub_login_opts {
    const char *token_name;       /* NULL: auth.accessToken.displayName, else "oauth-<name>" */
    int add_to_git_credential;
} hfhub_login_opts;

/* Python's login(token): rejects organization tokens ("api_org..."), checks the token with
 * whoami (nothing is written if it is invalid), stores it in stored_tokens under its name,
 * makes it the active token, and optionally hands it to git's credential helpers. *out (may
 * be NULL) is freed with hfhub_free(c, *out). */
HFHUB_API hfhub_result hfhub_login(hfhub_client *c, const char *token, const hfhub_login_opts *opts,
                                   hfhub_login_info **out);

/* Python's auth_switch(name): makes a stored token the active one (HFHUB_ERR_INVALID_ARG
 * "Access token <name> not found in <path>" when there is none by that name). */
HFHUB_API hfhub_result hfhub_auth_switch(hfhub_client *c, const char *token_name, int add_to_git_credential,
                                         hfhub_login_info **out);

/* What logout did. */
typedef enum hfhub_logout_status {
    HFHUB_LOGOUT_NOT_LOGGED_IN = 0,  /* no active token and no stored tokens: nothing done */
    HFHUB_LOGOUT_ALL = 1,            /* both files removed */
    HFHUB_LOGOUT_ONE = 2             /* one stored token removed (if it existed) */
} hfhub_logout_status;

typedef struct hfhub_logout_info {
    hfhub_logout_status status;
    int active_deleted;              /* ONE: it was the active token, whose file was removed */
} hfhub_logout_info;

/* Python's logout(token_name): NULL logs out of everything (token file and stored_tokens),
 * a name removes that token (and the active token file if it was the active one). Then the
 * hf_user credential for the endpoint is removed from git (`git credential reject`) when git
 * is there. When HF_TOKEN or HUGGING_FACE_HUB_TOKEN is still set, the files are gone but the
 * result is HFHUB_ERR_INVALID_ARG with Python's "...you are still logged in" message. */
HFHUB_API hfhub_result hfhub_logout(hfhub_client *c, const char *token_name, hfhub_logout_info *out);

/* One stored token for `hf auth list`. */
typedef struct hfhub_auth_entry {
    const char *name;
    const char *token;               /* hf_token as stored (Python's get_stored_tokens) */
    int active;                      /* equal to the active token (get_token()) */
} hfhub_auth_entry;
typedef struct hfhub_auth_list_info {
    hfhub_auth_entry *entries;       /* sorted by name as the file is */
    size_t n;
    const char *active_name;         /* the last entry equal to the active token, or NULL */
    int env_token_set;               /* HF_TOKEN / HUGGING_FACE_HUB_TOKEN is set */
} hfhub_auth_list_info;
/* The stored tokens (Python's get_stored_tokens + auth_list). One block: hfhub_free(c, *out). */
HFHUB_API hfhub_result hfhub_auth_list(hfhub_client *c, hfhub_auth_list_info **out);

/* Python's get_token(): the active token read now (environment, then the token file), or
 * *out NULL. *source (may be NULL) gets "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN" or "file".
 * Free *out with hfhub_free(c, *out). */
HFHUB_API hfhub_result hfhub_get_token(hfhub_client *c, char **out, const char **source);
