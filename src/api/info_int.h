/* info_int.h: the info parser the listings share (library-internal). */

/* Fills *out from the info object v (strings and arrays point into v's document or ar). A
 * value that is not an object is HFHUB_ERR_PARSE; missing or mistyped fields read as
 * defaults. repo_type: "model", "dataset", "space" or "kernel". */
HFHUB__API hfhub_result hfhub__repo_info_fill(hfhub__arena *ar, const hfhub_json_value *v, const char *repo_type,
                                             hfhub_info *out);
/* The listing parser (an hfhub__iter_parse_fn): ctx is the repo type. */
HFHUB__API hfhub_result hfhub__repo_info_item(hfhub__arena *ar, const hfhub_json_value *item, const char *ctx,
                                             void **out);
