/* remote.h: reading a file of a repo in place, without downloading it (HTTP Range requests
 * on the resolve URL pinned to the commit, as Python's HfFileSystem reads), and
 * get_safetensors_metadata / parse_safetensors_file_metadata, whose headers come from
 * ranged reads like Python's.
 *
 *     hfhub_remote_file *f;
 *     char head[8];
 *     size_t got;
 *     if (hfhub_remote_open(c, "gpt2", "model.safetensors", NULL, &f) == HFHUB_OK) {
 *         hfhub_remote_read(f, 0, head, sizeof head, &got);
 *         hfhub_remote_close(f);
 *     }
 */

typedef struct hfhub_remote_file hfhub_remote_file;

/* Opens repo_id/filename at opts->revision (repo_type, revision, subfolder, token, headers
 * of opts are used; opts may be NULL) with one HEAD request (the metadata call: commit,
 * size, etag). Errors as a download's: HFHUB_ERR_REPO_NOT_FOUND, _REVISION_NOT_FOUND,
 * _ENTRY_NOT_FOUND, _GATED... Offline clients fail with HFHUB_ERR_NETWORK. */
HFHUB_API hfhub_result hfhub_remote_open(hfhub_client *c, const char *repo_id, const char *filename,
                                         const hfhub_download_opts *opts, hfhub_remote_file **out);
HFHUB_API uint64_t hfhub_remote_size(const hfhub_remote_file *f);
HFHUB_API const char *hfhub_remote_commit(const hfhub_remote_file *f);   /* 40 hex */
HFHUB_API const char *hfhub_remote_etag(const hfhub_remote_file *f);
HFHUB_API const char *hfhub_remote_xet_hash(const hfhub_remote_file *f); /* NULL: not Xet-backed */
/* Reads up to n bytes at offset into buf; *got is what was read (less than n only at the end
 * of the file; 0 at or past it, without a request). One GET with Range: bytes=a-b on the
 * resolve URL at the file's commit, retried on 5xx and network errors; a server that
 * ignores the range still gives the right bytes. Thread-safe for one file. */
HFHUB_API hfhub_result hfhub_remote_read(hfhub_remote_file *f, uint64_t offset, void *buf, size_t n, size_t *got);
HFHUB_API void hfhub_remote_close(hfhub_remote_file *f);

/* One tensor of a safetensors header (Python's TensorInfo). */
typedef struct hfhub_tensor_info {
    const char *name;
    const char *dtype;
    const int64_t *shape;
    size_t n_shape;
    uint64_t data_begin, data_end;    /* data_offsets */
    int64_t parameter_count;          /* product of the shape (1 for a scalar) */
} hfhub_tensor_info;

/* Python's SafetensorsFileMetadata. parameter_count sums by dtype, in header order. */
typedef struct hfhub_safetensors_file {
    const char *filename;
    const hfhub_json_value *metadata; /* "__metadata__" (NULL when absent) */
    const hfhub_tensor_info *tensors;
    size_t n_tensors;
    const hfhub_dtype_count *parameter_count;
    size_t n_dtypes;
} hfhub_safetensors_file;

/* tensor name -> file. */
typedef struct hfhub_weight_entry {
    const char *tensor, *filename;
} hfhub_weight_entry;

/* Python's SafetensorsRepoMetadata. */
typedef struct hfhub_safetensors_repo {
    int sharded;
    const hfhub_json_value *metadata; /* the index's "metadata" (NULL when not sharded) */
    const hfhub_weight_entry *weight_map;
    size_t n_weights;
    const hfhub_safetensors_file *files; /* sorted by filename */
    size_t n_files;
    const hfhub_dtype_count *parameter_count; /* summed over the files */
    size_t n_dtypes;
} hfhub_safetensors_repo;

/* Python's parse_safetensors_file_metadata: GET Range bytes=0-100000, the header length
 * (8 bytes little-endian), and a second ranged GET when the header is longer. A header
 * over 25,000,000 bytes, invalid JSON or a malformed tensor entry is HFHUB_ERR_PARSE. *out
 * is freed with hfhub_api_free. */
HFHUB_API hfhub_result hfhub_parse_safetensors_file_metadata(hfhub_client *c, const char *repo_id, const char *filename,
                                                             const hfhub_download_opts *opts,
                                                             hfhub_safetensors_file **out);
/* Python's get_safetensors_metadata: model.safetensors if it exists, else the shards of
 * model.safetensors.index.json (each header read with ranged requests); neither is
 * HFHUB_ERR_ENTRY_NOT_FOUND ("not a safetensors repo"). *out is freed with hfhub_api_free. */
HFHUB_API hfhub_result hfhub_get_safetensors_metadata(hfhub_client *c, const char *repo_id,
                                                      const hfhub_download_opts *opts, hfhub_safetensors_repo **out);
/* Parses a safetensors header (the JSON after the 8-byte length) already in memory. For
 * tools, tests and fuzzing; a may be NULL. */
HFHUB_API hfhub_result hfhub_safetensors_header_parse(const void *json, size_t len, const char *filename,
                                                      const hfhub_allocator *a, hfhub_safetensors_file **out);
