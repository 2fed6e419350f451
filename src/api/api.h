/* api.h: the Hub's JSON API: a generic request (the escape hatch for routes the typed calls do
 * not cover), lazy paginated listings, and the one free for what the API calls return.
 *
 *     const char *q[] = {"author", "openai", "limit", "5", NULL};
 *     hfhub_json_doc *doc;
 *     if (hfhub_api_request(c, "GET", "/api/models", q, NULL, NULL, &doc) == HFHUB_OK) {
 *         printf("%s\n", hfhub_json_str(hfhub_json_path(hfhub_json_root(doc), "0.id"), ""));
 *         hfhub_json_free(doc);
 *     }
 *
 * Listings are iterators: pages are fetched as they are needed (Link rel="next", the pages
 * after the first one retried with backoff, as Python does), only one page is held at a
 * time, and an iterator can be freed at any point. */

/* Options of the API calls; zero means Python's defaults. */
typedef struct hfhub_api_opts {
    const char *token;          /* NULL: the client's token (per its settings) */
    int no_token;               /* 1: send no token (Python's token=False) */
    const hfhub_header *headers;/* extra request headers (override the defaults), at most 16 */
    size_t n_headers;
    int max_retries;            /* 0: none (Python's default for API calls); retries 408, 429,
                                   5xx and network errors with backoff */
    int timeout_s;              /* 0: none (Python's default) */
} hfhub_api_opts;

/* One Hub API request: `path` is "/api/..." (appended to the endpoint) or an absolute
 * http(s) URL; `query` is NULL or a NULL-terminated list of name/value pairs
 * ({"limit", "5", "expand", "likes", "expand", "sha", NULL}: a name may repeat), encoded like
 * Python's urlencode; `json_body` (may be NULL) is sent as application/json. The client's
 * auth, user agent, proxy, retries (opts->max_retries) and error mapping apply (404 ->
 * HFHUB_ERR_REPO_NOT_FOUND when the Hub says RepoNotFound, 401, 403, gated...). *out is the
 * parsed response (free with hfhub_json_free), NULL for an empty body; a body that is not
 * JSON is HFHUB_ERR_PARSE. opts may be NULL. */
HFHUB_API hfhub_result hfhub_api_request(hfhub_client *c, const char *method, const char *path,
                                         const char *const *query, const char *json_body,
                                         const hfhub_api_opts *opts, hfhub_json_doc **out);

/* A lazy listing. Typed listings (models, tree entries, commits, users...) have their own
 * next call in their header; hfhub_iter_next_json works on every iterator and gives the item
 * as the server sent it. Items are valid until the next call on the iterator. */
typedef struct hfhub_iter hfhub_iter;

/* A paginated GET of any route (Python's paginate()): path and query as hfhub_api_request.
 * Nothing is sent before the first next call. Each page must be a JSON array. */
HFHUB_API hfhub_result hfhub_api_paginate(hfhub_client *c, const char *path, const char *const *query,
                                          const hfhub_api_opts *opts, hfhub_iter **out);
/* HFHUB_OK with *item set, or HFHUB_OK with *item NULL at the end; errors are sticky (every
 * later call returns the same result). */
HFHUB_API hfhub_result hfhub_iter_next_json(hfhub_iter *it, const hfhub_json_value **item);
/* How many items were returned so far and how many pages were fetched. */
HFHUB_API size_t hfhub_iter_count(const hfhub_iter *it);
HFHUB_API size_t hfhub_iter_pages(const hfhub_iter *it);
/* Frees the iterator at any point (NULL is fine). */
HFHUB_API void hfhub_iter_free(hfhub_iter *it);

/* Frees a result of the API calls (hfhub_info, hfhub_repo_refs, hfhub_user, hfhub_organization,
 * hfhub_safetensors_repo...): everything it points to goes with it. NULL is fine. */
HFHUB_API void hfhub_api_free(void *result);
