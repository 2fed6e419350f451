/* bucket_upload.h: putting local files in a bucket (HfApi.batch_bucket_files' add path;
 * spec/hub-api.md §5.12, spec/xet.md §5): the files go to the CAS through Xet (write token
 * from GET {E}/api/buckets/{id}/xet-write-token, dedup and xorb/shard upload as
 * hfhub_xet_upload_files), then one POST {E}/api/buckets/{id}/batch (application/x-ndjson,
 * at most 1000 lines per request) names each file by its Xet hash:
 *     {"type": "addFile", "path": ..., "xetHash": ..., "size": ..., "mtime": <ms>, "contentType"?: ...}
 * Files already in the bucket at those paths are replaced. */

#ifndef HFHUB_NO_STDIO
/* Uploads local_paths[i] to remote_paths[i] (paths inside the bucket) for i < n; token NULL:
 * the client's. A missing local file or a bad path is an error before any request. */
HFHUB_API hfhub_result hfhub_bucket_upload_files(hfhub_client *c, const char *bucket_id,
                                                 const char *const *local_paths, const char *const *remote_paths,
                                                 size_t n, const char *token);

/* The library's hfhub_uv_upload_fn (compute/jobs.h): set uv.upload = hfhub_bucket_uv_upload and
 * uv.upload_user = &ctx. As Python's run_uv_job, the jobs-artifacts bucket is created on first
 * use (private, exist_ok), then each local file is uploaded with hfhub_bucket_upload_files. */
typedef struct hfhub_bucket_uv_ctx {
    hfhub_client *client;
    const char *token;           /* NULL: the client's */
    int created_;                /* private: the bucket was created (or found) in this run */
} hfhub_bucket_uv_ctx;
HFHUB_API hfhub_result hfhub_bucket_uv_upload(void *user, const char *bucket_id, const char *path_in_bucket,
                                              const char *local_path);
#endif
