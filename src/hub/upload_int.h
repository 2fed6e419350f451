/* upload_int.h: the folder listing upload_folder and upload_large_folder share
 * (library-internal). */

#ifndef HFHUB_NO_STDIO

/* A folder upload being prepared. */
typedef struct hfhub__upf {
    hfhub_client *c;
    hfhub__arena ar;
    const char *folder;
    const char *prefix;            /* path_in_repo stripped of '/', then '/'; or "" */
    const hfhub_upload_opts *o;    /* the allow / ignore / delete patterns */
    char **rel;                    /* local files, relative POSIX paths */
    size_t n_rel, cap_rel;
    hfhub_commit_op *ops;
    size_t n_ops;
    char **remote;                 /* remote files (for delete_patterns) */
    size_t n_remote, cap_remote;
} hfhub__upf;

/* Collects the files under u->folder/rel (rel "" at the top) that pass the patterns (and
 * the always-ignored .git and .cache/huggingface ones) into u->rel, unsorted. */
HFHUB__API hfhub_result hfhub__upf_walk(hfhub__upf *u, hfhub__buf *rel, int depth);
/* qsort comparison of two `char *`. */
HFHUB__API int hfhub__upf_cmp(const void *a, const void *b);

#endif
