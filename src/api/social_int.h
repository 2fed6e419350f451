/* social_int.h: what the community modules share (discussions, collections, access requests,
 * spaces, webhooks): results that own their JSON, Hub URLs, calls and listings
 * (library-internal). */

/* A result the user frees with one call: the public struct lives in one block with the
 * arena that holds its parsed JSON and every string it points to. */
HFHUB__API void *hfhub__social_new(hfhub_client *c, size_t size, hfhub__arena **ar);
HFHUB__API void hfhub__social_free(void *result);

/* {E}/api/{plural}/{repo_id} into b (reset first); the repo type and id are validated. */
HFHUB__API hfhub_result hfhub__social_repo_url(hfhub_client *c, hfhub__buf *b, const char *repo_type,
                                              const char *repo_id);
/* Appends quote(s, safe="") (a path parameter). */
HFHUB__API void hfhub__social_seg(hfhub__buf *b, const char *s);

/* One JSON call: method on url with the JSON text of body (NULL or empty: no body); *root
 * is the parsed answer in ar (NULL for an empty body; root may be NULL to ignore it). */
HFHUB__API hfhub_result hfhub__social_call(hfhub_client *c, const char *method, const char *url,
                                          const hfhub__buf *body, hfhub__arena *ar,
                                          const hfhub_json_value **root);
/* A Link-paginated listing (spec §5.4) gathered into one JSON array in ar: at most limit
 * items (0: all); a page that is not an array is HFHUB_ERR_PARSE. */
HFHUB__API hfhub_result hfhub__social_paginate(hfhub_client *c, const char *url, size_t limit,
                                              hfhub__arena *ar, const hfhub_json_value **array);
/* The name of the token's user (GET /api/whoami-v2), copied into ar. */
HFHUB__API hfhub_result hfhub__social_whoami(hfhub_client *c, hfhub__arena *ar, const char **name);

/* Typed field readers: NULL / dflt for a missing or mistyped value. */
HFHUB__API const char *hfhub__social_str(const hfhub_json_value *obj, const char *key);
/* A JSON array of strings as a NULL-terminated array in ar (non-strings skipped); *n its
 * length. HFHUB_ERR_NOMEM only. */
HFHUB__API hfhub_result hfhub__social_strs(hfhub__arena *ar, const hfhub_json_value *arr, const char ***out,
                                          size_t *n);
/* Whether the last failure was an HTTP 404 (Python's missing_ok checks). */
HFHUB__API int hfhub__social_is_404(hfhub_result r);
