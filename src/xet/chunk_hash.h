/* chunk_hash.h: chunk and hash a stream in one pass, optionally pipelined over two threads:
 * the calling thread runs the chunker while a worker thread BLAKE3-hashes the chunks already
 * cut (a bounded queue of chunk references; memory is O(chunk) whatever the stream size).
 * Results are the same as hfhub_xet_file_hasher's, and so are the boundaries however the
 * input is split into updates. The chunk callback always runs on the calling thread, in
 * chunk order, during update or finish, with the chunk's bytes contiguous in memory (valid
 * only during the call). Under HFHUB_NO_THREADS, or when no thread can be started, the
 * calling thread does both, in turn.
 *
 *     hfhub_xet_chunk_hasher *ch;
 *     hfhub_xet_chunk_hasher_new(NULL, 2, on_chunk, user, &ch);
 *     while ((n = read(buf))) hfhub_xet_chunk_hasher_update(ch, buf, n);
 *     hfhub_xet_chunk_hasher_finish(ch, &hashes);    // ready for the next stream
 *     hfhub_xet_chunk_hasher_free(ch); */

/* A chunk with its hash and bytes. A failure stops the stream: update/finish return it. */
typedef hfhub_result (*hfhub_xet_chunk_data_fn)(void *user, const hfhub_xet_chunk_info *chunk,
                                               const uint8_t *data);

typedef struct hfhub_xet_chunk_hasher hfhub_xet_chunk_hasher;

/* threads: 1 hashes on the calling thread, 2 (or more: the same) adds the hashing thread.
 * on_chunk may be NULL; `a` may be NULL (default allocator). */
HFHUB_API hfhub_result hfhub_xet_chunk_hasher_new(const hfhub_allocator *a, int threads,
                                                  hfhub_xet_chunk_data_fn on_chunk, void *user,
                                                  hfhub_xet_chunk_hasher **out);
/* Threads in use: 1 or 2. */
HFHUB_API int hfhub_xet_chunk_hasher_threads(const hfhub_xet_chunk_hasher *ch);
/* Consumes all of data; when it returns, data is no longer referenced. */
HFHUB_API hfhub_result hfhub_xet_chunk_hasher_update(hfhub_xet_chunk_hasher *ch, const void *data,
                                                     size_t len);
/* Ends the stream (the last chunk, every aggregate hash) and makes the hasher ready for a new
 * one. After a failure it returns that failure, and the hasher is also reset. */
HFHUB_API hfhub_result hfhub_xet_chunk_hasher_finish(hfhub_xet_chunk_hasher *ch,
                                                     hfhub_xet_file_hashes *out);
HFHUB_API void hfhub_xet_chunk_hasher_free(hfhub_xet_chunk_hasher *ch);
