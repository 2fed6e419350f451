/* chunk_hash.c: the chunk-and-hash pipeline (chunk_hash.h).
 *
 * Jobs are chunks already cut, each one contiguous: in the caller's buffer, or, for a chunk
 * that spans updates, in `carry`, where its earlier pieces were copied. Three counters over
 * a ring of jobs: `head` (posted by the caller), `done` (hashed by the worker), `tail`
 * (retired by the caller: aggregate hashes and callback, in order). Before update returns,
 * every posted job is hashed and retired, so the caller's buffer is never read afterwards,
 * and carry is only written when no job refers to it. */
#include <string.h>

#define HFHUB__XCH_RING 64
#define HFHUB__XCH_BATCH 4

typedef struct hfhub__xch_job {
    const uint8_t *data;
    uint64_t offset, length;
    uint8_t hash[32];
} hfhub__xch_job;

struct hfhub_xet_chunk_hasher {
    const hfhub_allocator *a;
    hfhub_xet_chunk_data_fn on_chunk;
    void *user;
    hfhub_xet_chunker chunker;
    hfhub_xet_file_hasher totals; /* merkle, verification, size: fed by retire */
    hfhub_result err;             /* the first failure of this stream */
    uint64_t size;                /* bytes consumed */
    size_t carry_len;
    hfhub__xch_job ring[HFHUB__XCH_RING];
    uint64_t head, done, tail;
    int threaded, stop;
    hfhub__mutex mu;
    hfhub__cond work, ready; /* the worker waits on work; the caller on ready */
    hfhub__thread worker;
    uint8_t carry[HFHUB_XET_CHUNK_MAX];
};

#ifndef HFHUB_NO_THREADS
static void hfhub__xch_worker(void *arg) {
    hfhub_xet_chunk_hasher *ch = (hfhub_xet_chunk_hasher *)arg;
    hfhub__mutex_lock(&ch->mu);
    for (;;) {
        hfhub__xch_job *j;
        while (ch->done == ch->head && !ch->stop) hfhub__cond_wait(&ch->work, &ch->mu);
        if (ch->done == ch->head) break; /* stopping, nothing left */
        j = &ch->ring[ch->done % HFHUB__XCH_RING];
        hfhub__mutex_unlock(&ch->mu);
        hfhub_xet_chunk_hash(j->data, (size_t)j->length, j->hash);
        hfhub__mutex_lock(&ch->mu);
        ch->done++;
        hfhub__cond_signal(&ch->ready);
    }
    hfhub__mutex_unlock(&ch->mu);
}
#endif

hfhub_result hfhub_xet_chunk_hasher_new(const hfhub_allocator *a, int threads,
                                        hfhub_xet_chunk_data_fn on_chunk, void *user,
                                        hfhub_xet_chunk_hasher **out) {
    hfhub_xet_chunk_hasher *ch;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "chunk hasher: no out");
    *out = NULL;
    ch = (hfhub_xet_chunk_hasher *)hfhub__alloc(a, sizeof *ch);
    if (!ch) return hfhub__fail(HFHUB_ERR_NOMEM, "chunk hasher");
    ch->a = a;
    ch->on_chunk = on_chunk;
    ch->user = user;
    hfhub_xet_chunker_init(&ch->chunker);
    hfhub_xet_file_hasher_init(&ch->totals, NULL, NULL);
    ch->err = HFHUB_OK;
    ch->size = 0;
    ch->carry_len = 0;
    ch->head = ch->done = ch->tail = 0;
    ch->threaded = ch->stop = 0;
#ifndef HFHUB_NO_THREADS
    /* BLAKE3 chooses its back end on first use: do it here, before two threads hash */
    (void)hfhub_blake3_active();
    if (threads > 1 && hfhub__mutex_init(&ch->mu) == 0) {
        if (hfhub__cond_init(&ch->work) == 0) {
            if (hfhub__cond_init(&ch->ready) == 0) {
                if (hfhub__thread_start(&ch->worker, hfhub__xch_worker, ch) == 0) {
                    ch->threaded = 1;
                } else {
                    hfhub__cond_destroy(&ch->ready);
                }
            }
            if (!ch->threaded) hfhub__cond_destroy(&ch->work);
        }
        if (!ch->threaded) hfhub__mutex_destroy(&ch->mu);
    }
#else
    (void)threads;
#endif
    *out = ch;
    return HFHUB_OK;
}

int hfhub_xet_chunk_hasher_threads(const hfhub_xet_chunk_hasher *ch) {
    return ch->threaded ? 2 : 1;
}

/* Waits until the worker has hashed the jobs before `upto`, then retires every hashed job:
 * aggregates and callback (skipped after a failure). */
static void hfhub__xch_retire(hfhub_xet_chunk_hasher *ch, uint64_t upto) {
    uint64_t done = ch->head;
#ifndef HFHUB_NO_THREADS
    if (ch->threaded) {
        hfhub__mutex_lock(&ch->mu);
        if (ch->done < upto) hfhub__cond_signal(&ch->work); /* jobs posted without a wake-up */
        while (ch->done < upto) hfhub__cond_wait(&ch->ready, &ch->mu);
        done = ch->done;
        hfhub__mutex_unlock(&ch->mu);
    }
#else
    (void)upto;
#endif
    for (; ch->tail < done; ch->tail++) {
        const hfhub__xch_job *j = &ch->ring[ch->tail % HFHUB__XCH_RING];
        hfhub_xet_chunk_info info;
        if (ch->err) continue;
        hfhub_xet_file_hasher_add_chunk(&ch->totals, j->hash, j->length);
        if (!ch->on_chunk) continue;
        info.offset = j->offset;
        info.length = j->length;
        memcpy(info.hash, j->hash, 32);
        ch->err = ch->on_chunk(ch->user, &info, j->data);
    }
}

/* Queues one whole chunk: hashed now without the worker, else by it. */
static void hfhub__xch_post(hfhub_xet_chunk_hasher *ch, const uint8_t *data, uint64_t length) {
    hfhub__xch_job *j;
    if (ch->head - ch->tail == HFHUB__XCH_RING) hfhub__xch_retire(ch, ch->tail + 1);
    j = &ch->ring[ch->head % HFHUB__XCH_RING];
    j->data = data;
    j->offset = ch->size - length;
    j->length = length;
    if (!ch->threaded) {
        hfhub_xet_chunk_hash(data, (size_t)length, j->hash);
        ch->head++;
        hfhub__xch_retire(ch, ch->head);
        return;
    }
#ifndef HFHUB_NO_THREADS
    hfhub__mutex_lock(&ch->mu);
    ch->head++;
    /* waking the worker costs a system call on this (the busier) thread: wake it for every
     * HFHUB__XCH_BATCH jobs only; retire wakes it for the rest before waiting */
    if (ch->head % HFHUB__XCH_BATCH == 0) hfhub__cond_signal(&ch->work);
    hfhub__mutex_unlock(&ch->mu);
#endif
}

hfhub_result hfhub_xet_chunk_hasher_update(hfhub_xet_chunk_hasher *ch, const void *data,
                                           size_t len) {
    const uint8_t *p = (const uint8_t *)data;
    size_t off = 0;
    while (off < len && !ch->err) {
        int cut;
        size_t k = hfhub_xet_chunker_next(&ch->chunker, p + off, len - off, &cut);
        ch->size += k;
        if (!cut) { /* the rest of data starts (or continues) a chunk: keep a copy */
            hfhub__xch_retire(ch, ch->head); /* nothing may still read carry */
            memcpy(ch->carry + ch->carry_len, p + off, k);
            ch->carry_len += k;
        } else if (ch->carry_len) {
            memcpy(ch->carry + ch->carry_len, p + off, k);
            hfhub__xch_post(ch, ch->carry, ch->carry_len + k);
            ch->carry_len = 0;
        } else {
            hfhub__xch_post(ch, p + off, k);
        }
        off += k;
    }
    hfhub__xch_retire(ch, ch->head);
    return ch->err;
}

hfhub_result hfhub_xet_chunk_hasher_finish(hfhub_xet_chunk_hasher *ch, hfhub_xet_file_hashes *out) {
    hfhub_result r;
    if (hfhub_xet_chunker_finish(&ch->chunker) && !ch->err) {
        hfhub__xch_post(ch, ch->carry, ch->carry_len);
        hfhub__xch_retire(ch, ch->head);
    }
    r = ch->err;
    if (!r && out) hfhub_xet_file_hasher_finish(&ch->totals, out);
    hfhub_xet_chunker_init(&ch->chunker);
    hfhub_xet_file_hasher_init(&ch->totals, NULL, NULL);
    ch->err = HFHUB_OK;
    ch->size = 0;
    ch->carry_len = 0;
    return r;
}

void hfhub_xet_chunk_hasher_free(hfhub_xet_chunk_hasher *ch) {
    if (!ch) return;
#ifndef HFHUB_NO_THREADS
    if (ch->threaded) {
        hfhub__mutex_lock(&ch->mu);
        ch->stop = 1;
        hfhub__cond_signal(&ch->work);
        hfhub__mutex_unlock(&ch->mu);
        hfhub__thread_join(&ch->worker);
        hfhub__cond_destroy(&ch->ready);
        hfhub__cond_destroy(&ch->work);
        hfhub__mutex_destroy(&ch->mu);
    }
#endif
    hfhub__free(ch->a, ch, sizeof *ch);
}

#undef HFHUB__XCH_RING
#undef HFHUB__XCH_BATCH
