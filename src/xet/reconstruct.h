/* reconstruct.h: reading Xet-backed files through the CAS (spec/xet.md §6).
 *
 * With hfhub_xet.h compiled in, hfhub_download / hfhub_snapshot_download fetch Xet-backed
 * files (the resolve answer carries X-Xet-Hash and a xet-auth Link) by reconstruction:
 * bounded parallel ranged xorb fetches decoded and written at their file offsets, the Xet
 * file hash recomputed from the decoded chunks and compared before the blob enters the
 * cache. An interrupted download resumes term by term: <partial file>.xetstate records each
 * term written, and a rerun fetches only the others (terms whose bytes on disk no longer hash
 * right are fetched again; a damaged record starts over). HF_HUB_DISABLE_XET=1 (or
 * hfhub_config.disable_xet) keeps the plain HTTP path. HF_XET_NUM_CONCURRENT_RANGE_GETS sets
 * the parallel fetches (8). HF_XET_CHUNK_CACHE_SIZE_BYTES > 0 turns on a chunk cache of that
 * size under HF_XET_CACHE (chunk-cache-hfhub/): fetched xorb ranges are kept (checked by
 * BLAKE3 before reuse, oldest evicted) and later downloads, of any file sharing those chunks,
 * read them from disk. Off by default, as in hf_xet. */

#ifndef HFHUB_NO_STDIO
/* Reads bytes [offset, offset + len) of a Xet-backed file of a repo into buf (a ranged
 * reconstruction: only the xorb ranges that hold those bytes are fetched). *out_len gets the
 * bytes read (fewer at the end of the file, 0 at or past it). opts: repo_type, revision,
 * token (others ignored); may be NULL. HFHUB_ERR_UNSUPPORTED when the file is not Xet-backed. */
HFHUB_API hfhub_result hfhub_xet_read_range(hfhub_client *c, const char *repo_id, const char *filename,
                                            const hfhub_download_opts *opts, uint64_t offset, void *buf,
                                            size_t len, size_t *out_len);
#endif
