/* cache_int.h: the shared Hugging Face cache layout (spec/hub-api.md §2.2), byte for byte
 * what Python's huggingface_hub writes, so both find each other's files (library-internal).
 *
 *   {cache}/CACHEDIR.TAG
 *   {cache}/.locks/{folder}/{etag}.lock
 *   {cache}/{folder}/blobs/{etag}            {folder} = "models--org--name", ...
 *   {cache}/{folder}/refs/{revision}         the 40-hex commit, no newline
 *   {cache}/{folder}/snapshots/{commit}/{path}   relative symlink to ../../blobs/{etag}
 *   {cache}/{folder}/.no_exist/{commit}/{path}   empty: "this path 404'd at this commit" */

#ifndef HFHUB_NO_STDIO

/* "{type}s--{repo_id with / -> --}" into b (appended). */
HFHUB__API void hfhub__cache_repo_folder(hfhub__buf *b, int type_index, const char *repo_id);
/* "{cache}/{folder}" into b (reset first). */
HFHUB__API void hfhub__cache_repo_dir(hfhub__buf *b, const char *cache_dir, int type_index, const char *repo_id);
/* 1 when s is a full commit id: ^[0-9a-f]{40}$ */
HFHUB__API int hfhub__is_commit_hash(const char *s);
/* 1 when s is ^[0-9a-f]{64}$ (an LFS etag). */
HFHUB__API int hfhub__is_sha256_hex(const char *s);
/* Reads refs/{revision} of repo_dir into out (41 bytes). 0 when found and well formed. */
HFHUB__API int hfhub__cache_read_ref(const hfhub_allocator *a, const char *repo_dir, const char *revision, char out[41]);
/* Writes refs/{revision} atomically, only when its content differs (Python's rule). */
HFHUB__API hfhub_result hfhub__cache_write_ref(const hfhub_allocator *a, const char *repo_dir,
                                               const char *revision, const char *commit);
/* Creates {cache}/CACHEDIR.TAG when missing (the cachedir standard's signature line). */
HFHUB__API void hfhub__cache_tag(const char *cache_dir);
/* Where a file stands in the cache, if it does: the snapshot path (a link, a moved or
 * copied blob), or the no_exist marker. Python's try_to_load_from_cache: revision is
 * resolved through refs/ only, never another revision. Returns HFHUB__CACHED_FILE with the
 * path in *path (allocated from a, strlen + 1), HFHUB__CACHED_NO_EXIST, or HFHUB__CACHED_NONE. */
#define HFHUB__CACHED_NONE 0
#define HFHUB__CACHED_FILE 1
#define HFHUB__CACHED_NO_EXIST 2
HFHUB__API int hfhub__cache_lookup(const hfhub_allocator *a, const char *repo_dir, const char *revision,
                                  const char *filename, char **path);
/* Creates the snapshot entry `pointer` for `blob`: a relative symlink; where links are
 * impossible or disabled (HF_HUB_DISABLE_SYMLINKS), a new blob is moved there and an
 * existing one copied. An existing pointer is replaced. */
HFHUB__API hfhub_result hfhub__cache_link(const hfhub_allocator *a, const char *blob, const char *pointer,
                                         int new_blob, int disable_symlinks);

#endif
