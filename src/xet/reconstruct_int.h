/* reconstruct_int.h: running a fetch plan (library-internal). */

#ifndef HFHUB_NO_STDIO
/* Where decoded bytes go: write_at(user, offset, data, n) returns 0 on success. */
typedef struct hfhub__xet_out {
    int (*write_at)(void *user, uint64_t offset, const void *data, size_t n);
    void *user;
} hfhub__xet_out;

/* Fetches every unit of the plan (at most `workers` at a time), decodes the chunk records and
 * writes the decoded stream bytes [skip, skip + want) at out offsets base + 0 .. want - 1.
 * With hashes (plan->n_chunks entries), each chunk starting at or after skip gets its hash
 * and size at its term-chunk index (size 0 for the others). progress may be NULL.
 * HFHUB_ERR_FORBIDDEN when a presigned URL was refused (re-query the plan). */
HFHUB__API hfhub_result hfhub__xet_run(hfhub_client *c, const hfhub__xet_plan *p, uint64_t want, uint64_t base,
                                      const hfhub__xet_out *out, hfhub_xet_merkle_entry *hashes, int workers,
                                      const hfhub_download_opts *progress_opts, hfhub_progress *progress);
/* Whole files are reconstructed in windows of this many bytes (default 256 MiB; 0 restores
 * it): one reconstruction query each, and the unit of cross-run resume. For tests. */
HFHUB__API void hfhub__xet_set_window(uint64_t bytes);
#endif
