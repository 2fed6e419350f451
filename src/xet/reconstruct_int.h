/* reconstruct_int.h: running a fetch plan (library-internal). */

#ifndef HFHUB_NO_STDIO
/* Where decoded bytes go: write_at(user, offset, data, n) returns 0 on success. */
typedef struct hfhub__xet_out {
    int (*write_at)(void *user, uint64_t offset, const void *data, size_t n);
    void *user;
} hfhub__xet_out;

/* A chunk written only in part (it straddles an edge of the bytes asked): its term-chunk index
 * and the digest (hfhub_xet_chunk_hash) of the part written. */
typedef struct hfhub__xet_piece {
    uint64_t slot;
    uint8_t digest[32];
} hfhub__xet_piece;
#define HFHUB__XET_MAX_PIECES 4

/* What a whole-file run adds (whole.c): the terms an earlier run wrote (done[t] = 1; units
 * whose terms are all done are not fetched) and a sink told of each finished unit, with the
 * chunk hashes and the pieces so far (called under the run's lock, from worker threads). */
typedef struct hfhub__xet_extra {
    const unsigned char *done;
    void (*unit_done)(void *user, size_t unit, const hfhub_xet_merkle_entry *hashes,
                      const hfhub__xet_piece *pieces, size_t n_pieces);
    void *user;
} hfhub__xet_extra;

/* Fetches every unit of the plan (at most `workers` at a time), decodes the chunk records and
 * writes the decoded stream bytes [skip, skip + want) at out offsets base + 0 .. want - 1.
 * With hashes (plan->n_chunks entries, zeroed by the caller), every chunk of every fetched
 * term gets its hash and size at its term-chunk index. extra, progress_opts, progress may be
 * NULL. HFHUB_ERR_FORBIDDEN when a presigned URL was refused (re-query the plan). */
HFHUB__API hfhub_result hfhub__xet_run(hfhub_client *c, const hfhub__xet_plan *p, uint64_t want, uint64_t base,
                                      const hfhub__xet_out *out, hfhub_xet_merkle_entry *hashes, int workers,
                                      const hfhub__xet_extra *extra, const hfhub_download_opts *progress_opts,
                                      hfhub_progress *progress);
/* Parallel range fetches per file: HF_XET_NUM_CONCURRENT_RANGE_GETS, else 8. */
HFHUB__API int hfhub__xet_workers(void);
/* Whole files are reconstructed in windows of this many bytes (default 256 MiB; 0 restores
 * it): one reconstruction query each. For tests. (whole.c) */
HFHUB__API void hfhub__xet_set_window(uint64_t bytes);
#endif
