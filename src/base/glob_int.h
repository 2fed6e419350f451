/* glob_int.h: huggingface_hub's filter_repo_objects rules (library-internal). */

/* One pattern as filter_repo_objects applies it: backslashes in pattern and path count as
 * '/', and a pattern ending with '/' matches as if followed by '*' ("art/" acts as "art/" + "*"). */
HFHUB__API int hfhub__glob_match_path(const char *pattern, const char *path);
/* Whether path passes the allow/ignore lists: allow == NULL means no allow list (every path
 * allowed; an allow list with n_allow == 0 allows nothing, as Python's []), then no ignore
 * pattern may match (ignore may be NULL). */
HFHUB__API int hfhub__glob_filter(const char *path, const char *const *allow, size_t n_allow,
                                  const char *const *ignore, size_t n_ignore);
