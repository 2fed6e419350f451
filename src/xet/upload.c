/* upload.c: Xet uploads (spec/xet.md §7): clean (chunk + hash + SHA-256 in one pass), dedup
 * (this upload, then the CAS's global dedup answers), xorb packing, xorb uploads, the shard.
 * Full xorbs go to a queue that upload threads drain while the clean pass goes on; the clean
 * pass waits when the serialized xorbs held (queued, being sent, being filled) would pass
 * HFHUB__XETU_BUDGET, so memory stays bounded whatever the file size. A xorb's bytes are
 * released once its body is sent, not when the CAS answers (it verifies for a while): a retry
 * rebuilds them from the sources, whose offsets each xorb keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

#define HFHUB__XETU_READ (1u << 20)
#define HFHUB__XETU_DEDUP_SPACING 256
#define HFHUB__XETU_MAX_DEDUP_SHARDS 64
#define HFHUB__XETU_MAX_WORKERS 16
#define HFHUB__XETU_DEFAULT_WORKERS 8      /* xet-core's max_concurrent_uploads default */
#define HFHUB__XETU_BUDGET (68u << 20)     /* xorb bytes held at once: one full xorb + 4 MiB */
#define HFHUB__XETU_RETEST 32              /* xet-core: the scheme is re-picked every 32 chunks */
#define HFHUB__XETU_CACHE_LOAD (64u << 20) /* cached shard bytes read per upload (memory bound) */
#define HFHUB__XETU_CACHE_CAP (16ull << 30) /* xet-core's shard cache size limit */
#define HFHUB__XETU_CACHE_AGE (21 * 86400)  /* xet-core: cached shards expire after 3 weeks */
/* The fragmentation guard (xet-core): average chunks per term over the last 128 terms of a
 * file; below 8 * 0.5 dedup matches that start a term are stored again, until it is back at 8. */
#define HFHUB__XETU_FRAG_WINDOW 128
#define HFHUB__XETU_FRAG_TARGET 8

/* Where a chunk came from: its file in the session and its offset there. */
typedef struct hfhub__xetu_loc {
    uint64_t off;
    uint32_t file;
} hfhub__xetu_loc;

/* A xorb being filled. Each chunk's bytes follow 8 free bytes so that an upload thread can
 * turn them into records in place: a record (8-byte header, payload <= chunk) never
 * outgrows its slot. Compression thus runs on the upload threads, not in the clean pass. */
typedef struct hfhub__xetu_raw {
    uint8_t *data;              /* NULL once sent (rebuilt for a retry) */
    size_t len, cap;
    hfhub_xet_merkle_entry *e;  /* hash and size of each chunk */
    hfhub__xetu_loc *loc;       /* and its source */
    size_t cap_e, cap_loc;
    uint32_t n;
    uint64_t raw_bytes;
} hfhub__xetu_raw;

/* A full xorb waiting for (or in) its POST. */
typedef struct hfhub__xetu_job {
    struct hfhub__xetu *u;
    hfhub__xetu_raw x;
    size_t held;                /* what it counts against the budget (0 once sent) */
    size_t pos;                 /* bytes of x handed to the request */
    hfhub_result rebuild_err;   /* why a retry could not rebuild x (the request says less) */
    char rebuild_msg[256];
    char path[128];
    struct hfhub__xetu_job *next;
} hfhub__xetu_job;

/* A chunk this upload placed in one of its xorbs (open addressing on the hash). */
typedef struct hfhub__xetu_slot {
    uint8_t hash[32];
    uint32_t xorb, chunk, used;
} hfhub__xetu_slot;

/* A xorb of this upload: its chunk listing for the shard (hash set once finalised). */
typedef struct hfhub__xetu_xorb {
    uint8_t hash[32];
    hfhub_shard_chunk *chunks;
    uint32_t n;
} hfhub__xetu_xorb;

/* A term being built: session xorb `xorb` (ext == 0) or the known xorb `ext_hash`. */
typedef struct hfhub__xetu_term {
    int ext;
    uint32_t xorb;
    uint8_t ext_hash[32];
    uint32_t start, end, bytes;
    uint64_t first;        /* index of its first chunk in the file's chunk list */
} hfhub__xetu_term;

/* Reads source bytes at off into buf: *got bytes, 0 at the end. */
typedef hfhub_result (*hfhub__xetu_read_fn)(void *ctx, uint64_t off, void *buf, size_t cap, size_t *got);

typedef struct hfhub__xetu_file {
    hfhub__xetu_read_fn reread; /* random access from any thread, for rebuilding xorbs */
    void *reread_ctx;
    uint8_t hash[32], sha[32];
    hfhub__xetu_term *terms;
    size_t n_terms, cap_terms;
    uint8_t (*chunks)[32]; /* the file's chunk hashes, in order (verification hashes) */
    uint64_t n_chunks;
    size_t cap_chunks;
} hfhub__xetu_file;

typedef struct hfhub__xetu {
    hfhub_client *c;
    const hfhub_allocator *a;
    const hfhub_xet_upload_opts *o;
    hfhub__buf refresh;
    hfhub__xet_token tok;
    hfhub_xet_upload_stats st;
    hfhub__xetu_raw x;          /* the xorb being filled */
    hfhub__xetu_slot *table;
    size_t table_cap, table_n;
    hfhub__xetu_xorb *xorbs;
    size_t n_xorbs, cap_xorbs;  /* xorbs[n_xorbs] is the one being filled */
    hfhub_shard *dedup[HFHUB__XETU_MAX_DEDUP_SHARDS];
    size_t n_dedup;
    hfhub__xetu_file *files;
    size_t n_files;
    hfhub_shard **cached;       /* the shards of the local shard cache */
    size_t n_cached, cap_cached;
    hfhub__buf cache_dir;       /* empty: no shard cache */
    int used_cache;             /* a term comes from a cached shard */
    uint32_t frag[HFHUB__XETU_FRAG_WINDOW]; /* chunks of the file's last closed terms (a ring) */
    size_t frag_n, frag_pos;
    uint64_t frag_sum;
    int frag_off;               /* dedup matches only extend terms */
    uint8_t *buf, *chunk;       /* read buffer, the chunk being cut */
    size_t xorb_max;            /* chunk bytes per xorb */
    /* the uploaders; mu guards tok and everything below */
    hfhub__mutex mu;
    hfhub__cond cv;             /* signalled on any change below */
    int mu_ok, cv_ok;
    hfhub__thread th[HFHUB__XETU_MAX_WORKERS];
    int n_threads, limit;       /* threads started, xorbs queued or uploading at most */
    int n_jobs, closing;        /* xorbs queued or uploading; no more xorbs will come */
    size_t held;                /* their serialized bytes */
    hfhub__xetu_job *head, *tail;
    hfhub_result err;           /* the first upload failure, its detail */
    int err_status;
    char err_msg[512];
} hfhub__xetu;

static void *hfhub__xetu_grow(const hfhub_allocator *a, void *p, size_t *cap, size_t need, size_t elem) {
    size_t nc;
    void *np;
    if (need <= *cap) return p;
    nc = *cap ? *cap * 2 : 16;
    while (nc < need) nc *= 2;
    np = hfhub__realloc(a, p, *cap * elem, nc * elem);
    if (np) *cap = nc;
    return np;
}

static uint64_t hfhub__xetu_word(const uint8_t *h, int w) {
    uint64_t v = 0;
    int k;
    for (k = 7; k >= 0; k--) v = (v << 8) | h[8 * w + k];
    return v;
}

/* ---- the session chunk table ---- */

static hfhub__xetu_slot *hfhub__xetu_find(hfhub__xetu *u, const uint8_t *hash) {
    size_t i;
    if (!u->table_cap) return NULL;
    for (i = (size_t)hfhub__xetu_word(hash, 0) & (u->table_cap - 1);; i = (i + 1) & (u->table_cap - 1)) {
        if (!u->table[i].used) return NULL;
        if (!memcmp(u->table[i].hash, hash, 32)) return &u->table[i];
    }
}

static hfhub_result hfhub__xetu_insert(hfhub__xetu *u, const uint8_t *hash, uint32_t xorb, uint32_t chunk) {
    size_t i;
    if ((u->table_n + 1) * 2 > u->table_cap) { /* rehash at half full */
        size_t oc = u->table_cap, nc = oc ? oc * 2 : 1024, k;
        hfhub__xetu_slot *old = u->table, *nt = (hfhub__xetu_slot *)hfhub__alloc(u->a, nc * sizeof *nt);
        if (!nt) return hfhub__fail(HFHUB_ERR_NOMEM, "dedup table");
        memset(nt, 0, nc * sizeof *nt);
        u->table = nt;
        u->table_cap = nc;
        u->table_n = 0;
        for (k = 0; k < oc; k++)
            if (old[k].used) hfhub__xetu_insert(u, old[k].hash, old[k].xorb, old[k].chunk);
        hfhub__free(u->a, old, oc * sizeof *old);
    }
    for (i = (size_t)hfhub__xetu_word(hash, 0) & (u->table_cap - 1); u->table[i].used; i = (i + 1) & (u->table_cap - 1))
        if (!memcmp(u->table[i].hash, hash, 32)) return HFHUB_OK;
    memcpy(u->table[i].hash, hash, 32);
    u->table[i].xorb = xorb;
    u->table[i].chunk = chunk;
    u->table[i].used = 1;
    u->table_n++;
    return HFHUB_OK;
}

static int hfhub__xetu_buf_write(void *user, const void *data, size_t n);

/* ---- the local shard cache (xet-core's shard-cache: shards this client uploaded) ---- */

/* {HF_XET_CACHE}/{CAS URL, non-alphanumerics as '_'}/shard-cache, as hf_xet lays it out. */
static void hfhub__xetu_cache_dir(hfhub__xetu *u) {
    const char *p;
    if (!u->c->xet_cache || !u->tok.cas_url[0]) return;
    hfhub__buf_printf(&u->cache_dir, "%s/", u->c->xet_cache);
    for (p = u->tok.cas_url; *p; p++) {
        char ch = *p;
        int alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        hfhub__buf_putc(&u->cache_dir, alnum ? ch : '_');
    }
    hfhub__buf_puts(&u->cache_dir, "/shard-cache");
    if (u->cache_dir.failed) hfhub__buf_reset(&u->cache_dir);
}

/* The .mdb files of the cache: fn(path, size, mtime) for each. */
static void hfhub__xetu_cache_scan(hfhub__xetu *u, void (*fn)(hfhub__xetu *, const char *, uint64_t, int64_t, void *),
                                   void *user) {
    hfhub__fs_dir d;
    hfhub__buf path;
    const char *name;
    int kind;
    if (!u->cache_dir.len || hfhub__fs_dir_open(&d, u->a, u->cache_dir.data) != HFHUB_OK) return;
    hfhub__buf_init(&path, u->a);
    while (hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        size_t ln = strlen(name);
        uint64_t size = 0;
        int64_t mtime = 0;
        if (kind != HFHUB__FS_FILE || ln < 5 || strcmp(name + ln - 4, ".mdb")) continue;
        hfhub__buf_reset(&path);
        hfhub__buf_printf(&path, "%s/%s", u->cache_dir.data, name);
        if (!path.failed && !hfhub__fs_size(path.data, &size) && !hfhub__fs_mtime(path.data, &mtime))
            fn(u, path.data, size, mtime, user);
    }
    hfhub__fs_dir_close(&d);
    hfhub__buf_free(&path);
}

/* Loads one cached shard (expired ones are removed; unreadable ones ignored). */
static void hfhub__xetu_cache_load1(hfhub__xetu *u, const char *path, uint64_t size, int64_t mtime, void *user) {
    size_t *loaded = (size_t *)user, n = 0;
    char *data = NULL;
    hfhub_shard *s = NULL;
    void *g;
    if (mtime + HFHUB__XETU_CACHE_AGE < hfhub__unix_time()) {
        hfhub__fs_remove(path);
        return;
    }
    if (size > HFHUB__XETU_CACHE_LOAD - *loaded || hfhub__fs_read_file(u->a, path, (size_t)size, &data, &n)) return;
    if (hfhub_shard_parse(u->a, data, n, &s) != HFHUB_OK || hfhub_shard_is_keyed(s) ||
        (g = hfhub__xetu_grow(u->a, u->cached, &u->cap_cached, u->n_cached + 1, sizeof *u->cached)) == NULL) {
        hfhub__log(&u->c->log, HFHUB_LOG_WARN, "ignoring the cached shard %s (unreadable)", path);
        if (s) hfhub_shard_free(s);
    } else {
        u->cached = (hfhub_shard **)g;
        u->cached[u->n_cached++] = s;
        *loaded += n;
    }
    hfhub__free(u->a, data, n + 1);
}

static void hfhub__xetu_cache_load(hfhub__xetu *u) {
    size_t loaded = 0;
    hfhub__xetu_cache_scan(u, hfhub__xetu_cache_load1, &loaded);
}

typedef struct hfhub__xetu_usage {
    uint64_t total;
    int64_t oldest;
    hfhub__buf oldest_path;
} hfhub__xetu_usage;

static void hfhub__xetu_cache_usage1(hfhub__xetu *u, const char *path, uint64_t size, int64_t mtime, void *user) {
    hfhub__xetu_usage *s = (hfhub__xetu_usage *)user;
    (void)u;
    s->total += size;
    if (!s->oldest_path.len || mtime < s->oldest) {
        s->oldest = mtime;
        hfhub__buf_reset(&s->oldest_path);
        hfhub__buf_puts(&s->oldest_path, path);
    }
}

/* Removes the oldest shards while the cache is over cap bytes (0: all of them). */
static void hfhub__xetu_cache_trim(hfhub__xetu *u, uint64_t cap) {
    int rounds;
    for (rounds = 0; rounds < 10000; rounds++) {
        hfhub__xetu_usage s;
        int done;
        memset(&s, 0, sizeof s);
        hfhub__buf_init(&s.oldest_path, u->a);
        hfhub__xetu_cache_scan(u, hfhub__xetu_cache_usage1, &s);
        done = !s.oldest_path.len || s.oldest_path.failed || (cap && s.total <= cap) ||
               hfhub__fs_remove(s.oldest_path.data) != HFHUB_OK;
        hfhub__buf_free(&s.oldest_path);
        if (done) break;
    }
}

/* Keeps the uploaded shard (stored form, named by its hash) for the uploads that follow. */
static void hfhub__xetu_cache_save(hfhub__xetu *u, const hfhub_shard_file *files, size_t nf,
                                   const hfhub_shard_xorb *xorbs, size_t nx) {
    hfhub_shard_write_opts wo;
    hfhub__buf b, path;
    uint8_t h[32];
    char hex[65];
    if (!u->cache_dir.len || !nx) return; /* a shard without xorbs dedups nothing */
    memset(&wo, 0, sizeof wo);
    wo.with_footer = 1;
    wo.creation_time = (uint64_t)hfhub__unix_time();
    hfhub__buf_init(&b, u->a);
    hfhub__buf_init(&path, u->a);
    if (!hfhub_shard_write(u->a, files, nf, xorbs, nx, &wo, hfhub__xetu_buf_write, &b) && !b.failed) {
        hfhub_xet_chunk_hash(b.data, b.len, h);
        hfhub_xet_hash_to_hex(h, hex);
        hfhub__buf_printf(&path, "%s/%s.mdb", u->cache_dir.data, hex);
        if (path.failed || hfhub__fs_mkdirs(u->cache_dir.data, 0755) ||
            hfhub__fs_write_atomic(path.data, b.data, b.len, 0644))
            hfhub__log(&u->c->log, HFHUB_LOG_WARN, "could not keep the shard in %s", u->cache_dir.data);
    }
    hfhub__buf_free(&b);
    hfhub__buf_free(&path);
    hfhub__xetu_cache_trim(u, HFHUB__XETU_CACHE_CAP);
}

/* ---- xorb contents ---- */

static void hfhub__xetu_raw_free(const hfhub_allocator *a, hfhub__xetu_raw *x) {
    hfhub__free(a, x->data, x->cap);
    hfhub__free(a, x->e, x->cap_e * sizeof *x->e);
    hfhub__free(a, x->loc, x->cap_loc * sizeof *x->loc);
    memset(x, 0, sizeof *x);
}

static hfhub_result hfhub__xetu_raw_add(const hfhub_allocator *a, hfhub__xetu_raw *x, const void *chunk, size_t len,
                                        const uint8_t *hash, const hfhub__xetu_loc *loc) {
    void *g = hfhub__xetu_grow(a, x->data, &x->cap, x->len + HFHUB_XORB_RECORD_HEADER + len, 1);
    if (g) x->data = (uint8_t *)g;
    if (g && (g = hfhub__xetu_grow(a, x->e, &x->cap_e, (size_t)x->n + 1, sizeof *x->e)) != NULL)
        x->e = (hfhub_xet_merkle_entry *)g;
    if (g && (g = hfhub__xetu_grow(a, x->loc, &x->cap_loc, (size_t)x->n + 1, sizeof *x->loc)) != NULL)
        x->loc = (hfhub__xetu_loc *)g;
    if (!g) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb");
    x->loc[x->n] = *loc;
    memcpy(x->data + x->len + HFHUB_XORB_RECORD_HEADER, chunk, len);
    x->len += HFHUB_XORB_RECORD_HEADER + len;
    memcpy(x->e[x->n].hash, hash, 32);
    x->e[x->n].size = len;
    x->n++;
    x->raw_bytes += len;
    return HFHUB_OK;
}

/* Turns the chunks of x into records in place, x->len becoming their size. The scheme is
 * hfhub_xorb_writer's AUTO policy: the BG4 predictor's pick on the first chunk of each run of
 * 32, a chunk stored as is when it does not shrink. */
static hfhub_result hfhub__xetu_encode(const hfhub_allocator *a, hfhub__xetu_raw *x) {
    uint8_t *tmp = (uint8_t *)hfhub__alloc(a, HFHUB_XORB_MAX_CHUNK);
    hfhub_xet_policy pol = HFHUB_XET_POLICY_LZ4;
    size_t in = 0, out = 0;
    uint32_t i;
    hfhub_result r = HFHUB_OK;
    if (!tmp) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb");
    for (i = 0; i < x->n; i++) {
        size_t len = (size_t)x->e[i].size, clen = 0;
        hfhub_xet_scheme scheme = HFHUB_XET_SCHEME_NONE;
        uint8_t *rec = x->data + out;
        memcpy(tmp, x->data + in + HFHUB_XORB_RECORD_HEADER, len); /* the record may overlap it */
        if (i % HFHUB__XETU_RETEST == 0)
            pol = hfhub_xet_bg4_predict(tmp, len) ? HFHUB_XET_POLICY_BG4_LZ4 : HFHUB_XET_POLICY_LZ4;
        if ((r = hfhub_xet_compress(a, pol, tmp, len, rec + HFHUB_XORB_RECORD_HEADER, len, &scheme, &clen)) != HFHUB_OK)
            break;
        rec[0] = 0;
        hfhub__xet_wr24(rec + 1, (uint32_t)clen);
        rec[4] = (uint8_t)scheme;
        hfhub__xet_wr24(rec + 5, (uint32_t)len);
        out += HFHUB_XORB_RECORD_HEADER + clen;
        in += HFHUB_XORB_RECORD_HEADER + len;
    }
    hfhub__free(a, tmp, HFHUB_XORB_MAX_CHUNK);
    if (!r) x->len = out;
    return r;
}

/* ---- CAS requests ---- */

/* The session's token (*get), or a new one (*set): upload threads share it. */
static void hfhub__xetu_tok(hfhub__xetu *u, hfhub__xet_token *get, const hfhub__xet_token *set) {
    hfhub__mutex_lock(&u->mu);
    if (set) u->tok = *set;
    else *get = u->tok;
    hfhub__mutex_unlock(&u->mu);
}

/* The records of a sent xorb again, from its sources (a retry): each chunk read back must
 * still have its hash. Counted against the budget without waiting (retries are rare). */
static hfhub_result hfhub__xetu_rebuild(hfhub__xetu *u, hfhub__xetu_job *j) {
    hfhub__xetu_raw *x = &j->x;
    size_t raw = 0, at = 0;
    uint32_t i;
    hfhub_result r = HFHUB_OK;
    for (i = 0; i < x->n; i++) raw += HFHUB_XORB_RECORD_HEADER + (size_t)x->e[i].size;
    if (!(x->data = (uint8_t *)hfhub__alloc(u->a, raw))) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb");
    x->cap = raw;
    for (i = 0; !r && i < x->n; i++) {
        const hfhub__xetu_file *f = &u->files[x->loc[i].file];
        uint8_t *p = x->data + at + HFHUB_XORB_RECORD_HEADER, h[32];
        size_t len = (size_t)x->e[i].size, got = 0;
        r = f->reread(f->reread_ctx, x->loc[i].off, p, len, &got);
        if (!r) hfhub_xet_chunk_hash(p, got, h);
        if (!r && (got != len || memcmp(h, x->e[i].hash, 32)))
            r = hfhub__fail(HFHUB_ERR_IO, "a file changed while it was uploaded (xorb retry)");
        at += HFHUB_XORB_RECORD_HEADER + len;
    }
    x->len = raw;
    if (!r) r = hfhub__xetu_encode(u->a, x);
    if (!r) {
        hfhub__mutex_lock(&u->mu);
        j->held = raw;
        u->held += raw;
        hfhub__mutex_unlock(&u->mu);
    }
    return r;
}

/* The request body of a xorb: its bytes are freed (and leave the budget) with the last one. */
static size_t hfhub__xetu_body_read(void *user, void *buf, size_t cap) {
    hfhub__xetu_job *j = (hfhub__xetu_job *)user;
    hfhub__xetu *u = j->u;
    size_t n = j->x.len - j->pos < cap ? j->x.len - j->pos : cap;
    if (!j->x.data) return n ? HFHUB_READ_ERROR : 0;
    memcpy(buf, j->x.data + j->pos, n);
    j->pos += n;
    if (j->pos == j->x.len) {
        hfhub__free(u->a, j->x.data, j->x.cap);
        j->x.data = NULL;
        j->x.cap = 0;
        hfhub__mutex_lock(&u->mu);
        u->held -= j->held;
        j->held = 0;
        hfhub__cond_broadcast(&u->cv);
        hfhub__mutex_unlock(&u->mu);
    }
    return n;
}

static int hfhub__xetu_body_rewind(void *user) {
    hfhub__xetu_job *j = (hfhub__xetu_job *)user;
    j->pos = 0;
    if (j->x.data || (j->rebuild_err = hfhub__xetu_rebuild(j->u, j)) == HFHUB_OK) return 0;
    snprintf(j->rebuild_msg, sizeof j->rebuild_msg, "%.250s",
             hfhub_last_error()->message ? hfhub_last_error()->message : hfhub_result_str(j->rebuild_err));
    return -1;
}

/* POST to {cas}{path} body (len bytes) or, with j, that xorb's records; the token is refreshed
 * once on 401. Runs on upload threads. */
static hfhub_result hfhub__xetu_post(hfhub__xetu *u, const char *path, const void *body, size_t len,
                                     hfhub__xetu_job *j) {
    hfhub__buf url;
    hfhub_header h[1];
    hfhub__xet_token *tok = (hfhub__xet_token *)hfhub__alloc(u->a, sizeof *tok);
    hfhub_result r = HFHUB_OK;
    int attempt;
    if (!tok) return hfhub__fail(HFHUB_ERR_NOMEM, "token");
    hfhub__xetu_tok(u, tok, NULL);
    hfhub__buf_init(&url, u->a);
    h[0].name = "Content-Type";
    h[0].value = "application/octet-stream";
    for (attempt = 0; attempt < 2; attempt++) {
        hfhub__req q;
        hfhub__http_response resp;
        if (attempt) {
            if ((r = hfhub__xet_token_get(u->c, u->refresh.data, u->o->token, 1, tok)) != HFHUB_OK) break;
            hfhub__xetu_tok(u, NULL, tok);
            if (j && hfhub__xetu_body_rewind(j)) { r = hfhub__fail(j->rebuild_err, "%s", j->rebuild_msg); break; }
        }
        hfhub__buf_reset(&url);
        hfhub__buf_printf(&url, "%s%s", tok->cas_url, path);
        if (url.failed) { r = hfhub__fail(HFHUB_ERR_NOMEM, "url"); break; }
        memset(&q, 0, sizeof q);
        q.method = "POST";
        q.url = url.data;
        q.body = body;
        q.body_len = len;
        if (j) {
            q.body_read = hfhub__xetu_body_read;
            q.body_rewind = hfhub__xetu_body_rewind;
            q.body_user = j;
            q.body_size = (int64_t)j->x.len;
        }
        q.headers = h;
        q.n_headers = 1;
        q.token = tok->token;
        q.timeout_ms = u->c->download_timeout_s * 1000 * 6;
        q.max_retries = 5;
        q.retry_network = 1;
        r = hfhub__client_request(u->c, &q, &resp);
        hfhub__http_response_free(&resp);
        if (r && j && j->rebuild_err) r = hfhub__fail(j->rebuild_err, "%s", j->rebuild_msg);
        if (r != HFHUB_ERR_UNAUTHORIZED) break;
    }
    hfhub__buf_free(&url);
    hfhub__free(u->a, tok, sizeof *tok);
    return r;
}

/* Global dedup: the shard the CAS knows for this chunk (kept for the lookups that follow). */
static hfhub_result hfhub__xetu_query(hfhub__xetu *u, const uint8_t *hash) {
    hfhub__buf url;
    hfhub__req q;
    hfhub__http_response resp;
    hfhub__xet_token *tok;
    char hex[65];
    hfhub_result r;
    if (u->n_dedup == HFHUB__XETU_MAX_DEDUP_SHARDS) return HFHUB_OK;
    if (!(tok = (hfhub__xet_token *)hfhub__alloc(u->a, sizeof *tok))) return hfhub__fail(HFHUB_ERR_NOMEM, "token");
    hfhub__xetu_tok(u, tok, NULL);
    hfhub_xet_hash_to_hex(hash, hex);
    hfhub__buf_init(&url, u->a);
    hfhub__buf_printf(&url, "%s/v1/chunks/default-merkledb/%s", tok->cas_url, hex);
    memset(&q, 0, sizeof q);
    q.url = url.data;
    q.token = tok->token;
    q.timeout_ms = u->c->etag_timeout_s * 1000 * 3;
    q.max_body = HFHUB_SHARD_MAX_BYTES;
    u->st.dedup_queries++;
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_request(u->c, &q, &resp);
    if (!r) {
        hfhub_shard *s = NULL;
        /* a shard we cannot read or whose key expired is no dedup source, not an error */
        if (hfhub_shard_parse(u->a, resp.body.data, resp.body.len, &s) == HFHUB_OK) {
            if (s->key_expiry && (int64_t)s->key_expiry <= hfhub__unix_time()) hfhub_shard_free(s);
            else u->dedup[u->n_dedup++] = s;
        }
    }
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&url);
    hfhub__free(u->a, tok, sizeof *tok);
    /* 404 (unknown), 429 (skipped, as xet-core does) and the like: no dedup for it */
    return (r == HFHUB_ERR_NOMEM) ? r : HFHUB_OK;
}

/* ---- the xorb uploaders ---- */

/* The first upload failure as this thread's error (HFHUB_OK if none). */
static hfhub_result hfhub__xetu_failed(hfhub__xetu *u) {
    hfhub_result r;
    hfhub__mutex_lock(&u->mu);
    r = u->err;
    hfhub__mutex_unlock(&u->mu);
    return r ? hfhub__fail_http(r, u->err_status, NULL, NULL, "%s", u->err_msg) : HFHUB_OK;
}

/* Records the outcome of one xorb's upload and frees it (u->mu held). */
static void hfhub__xetu_done(hfhub__xetu *u, hfhub__xetu_job *j, hfhub_result r) {
    if (r && !u->err) {
        const hfhub_error *e = hfhub_last_error();
        u->err = r;
        u->err_status = e->http_status;
        snprintf(u->err_msg, sizeof u->err_msg, "%.500s", e->message ? e->message : hfhub_result_str(r));
    }
    if (!r) {
        u->st.xorbs++;
        u->st.xorb_bytes += j->x.len;
    }
    u->held -= j->held;
    u->n_jobs--;
    hfhub__xetu_raw_free(u->a, &j->x);
    hfhub__free(u->a, j, sizeof *j);
    hfhub__cond_broadcast(&u->cv);
}

/* Compresses and POSTs one xorb (records only: the CAS adds the footer). */
static hfhub_result hfhub__xetu_send(hfhub__xetu *u, hfhub__xetu_job *j) {
    hfhub_result r = hfhub__xetu_encode(u->a, &j->x);
    return r ? r : hfhub__xetu_post(u, j->path, NULL, 0, j);
}

#ifndef HFHUB_NO_THREADS
/* An upload thread: POSTs queued xorbs until the queue is closed and empty; after a failure
 * the rest are dropped. */
static void hfhub__xetu_worker(void *arg) {
    hfhub__xetu *u = (hfhub__xetu *)arg;
    hfhub__mutex_lock(&u->mu);
    for (;;) {
        hfhub__xetu_job *j;
        int skip;
        hfhub_result r;
        while (!u->head && !u->closing) hfhub__cond_wait(&u->cv, &u->mu);
        if ((j = u->head) == NULL) break;
        if ((u->head = j->next) == NULL) u->tail = NULL;
        skip = u->err != HFHUB_OK;
        hfhub__mutex_unlock(&u->mu);
        r = skip ? HFHUB_ERR_CANCELLED : hfhub__xetu_send(u, j);
        hfhub__mutex_lock(&u->mu);
        hfhub__xetu_done(u, j, r);
    }
    hfhub__mutex_unlock(&u->mu);
}
#endif

/* Hands the filled writer to the uploaders (a thread more while all are busy, up to the
 * limit); waits while `limit` xorbs are in flight. Without threads the POST happens here. */
static hfhub_result hfhub__xetu_submit(hfhub__xetu *u, const char *path) {
    hfhub__xetu_job *j = (hfhub__xetu_job *)hfhub__alloc(u->a, sizeof *j);
    if (!j) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb");
    memset(j, 0, sizeof *j);
    j->u = u;
    j->x = u->x;
    j->held = j->x.len;
    snprintf(j->path, sizeof j->path, "%s", path);
    memset(&u->x, 0, sizeof u->x);
    hfhub__mutex_lock(&u->mu);
    while (u->n_threads && !u->err && u->n_jobs >= u->limit) hfhub__cond_wait(&u->cv, &u->mu);
    u->n_jobs++;
    u->held += j->held;
#ifndef HFHUB_NO_THREADS
    if (u->n_threads < u->limit && u->n_threads < u->n_jobs &&
        hfhub__thread_start(&u->th[u->n_threads], hfhub__xetu_worker, u) == 0)
        u->n_threads++;
#endif
    if (u->n_threads && !u->err) {
        if (u->tail) u->tail->next = j;
        else u->head = j;
        u->tail = j;
        hfhub__cond_broadcast(&u->cv);
        j = NULL;
    }
    hfhub__mutex_unlock(&u->mu);
    if (j) { /* no upload thread */
        hfhub_result r = u->err ? HFHUB_ERR_CANCELLED : hfhub__xetu_send(u, j);
        hfhub__mutex_lock(&u->mu);
        hfhub__xetu_done(u, j, r);
        hfhub__mutex_unlock(&u->mu);
    }
    return hfhub__xetu_failed(u);
}

/* Waits until len more bytes for the xorb being filled fit in the budget next to the xorbs in
 * flight (always true when none is). */
static hfhub_result hfhub__xetu_room(hfhub__xetu *u, size_t len) {
    if (!u->n_threads) return HFHUB_OK;
    hfhub__mutex_lock(&u->mu);
    while (!u->err && u->held && u->held + u->x.len + len + HFHUB_XORB_RECORD_HEADER > HFHUB__XETU_BUDGET)
        hfhub__cond_wait(&u->cv, &u->mu);
    hfhub__mutex_unlock(&u->mu);
    return hfhub__xetu_failed(u);
}

/* Closes the queue and joins the threads; with `abort` the xorbs still queued are dropped. */
static void hfhub__xetu_stop(hfhub__xetu *u, int abort) {
    int i;
    if (!u->n_threads) return;
    hfhub__mutex_lock(&u->mu);
    u->closing = 1;
    if (abort && !u->err) {
        u->err = HFHUB_ERR_CANCELLED;
        snprintf(u->err_msg, sizeof u->err_msg, "upload stopped");
    }
    hfhub__cond_broadcast(&u->cv);
    hfhub__mutex_unlock(&u->mu);
    for (i = 0; i < u->n_threads; i++) hfhub__thread_join(&u->th[i]);
    u->n_threads = 0;
}

/* Every xorb uploaded (the shard may name them), or the first failure. */
static hfhub_result hfhub__xetu_drain(hfhub__xetu *u) {
    hfhub__xetu_stop(u, 0);
    return hfhub__xetu_failed(u);
}

/* ---- xorbs ---- */

/* Hashes and lists the xorb being filled and hands it to the uploaders; the next one starts
 * empty. */
static hfhub_result hfhub__xetu_flush(hfhub__xetu *u) {
    const hfhub__xetu_raw *w = &u->x;
    hfhub__xetu_xorb *x;
    char path[128], hex[65];
    uint32_t i, prev = 0;
    if (!w->n) return HFHUB_OK;
    x = (hfhub__xetu_xorb *)hfhub__xetu_grow(u->a, u->xorbs, &u->cap_xorbs, u->n_xorbs + 1, sizeof *u->xorbs);
    if (!x) return hfhub__fail(HFHUB_ERR_NOMEM, "xorbs");
    u->xorbs = x;
    x = &u->xorbs[u->n_xorbs];
    x->chunks = (hfhub_shard_chunk *)hfhub__alloc(u->a, w->n * sizeof *x->chunks);
    if (!x->chunks) return hfhub__fail(HFHUB_ERR_NOMEM, "xorb");
    x->n = w->n;
    for (i = 0; i < w->n; i++) {
        memcpy(x->chunks[i].hash, w->e[i].hash, 32);
        x->chunks[i].byte_start = prev;
        x->chunks[i].len = (uint32_t)w->e[i].size;
        x->chunks[i].flags = 0;
        prev += x->chunks[i].len;
    }
    hfhub_xet_xorb_hash(w->e, w->n, x->hash);
    hfhub_xet_hash_to_hex(x->hash, hex);
    snprintf(path, sizeof path, "/v1/xorbs/default/%s", hex);
    u->n_xorbs++; /* listed now: the shard names it whenever its upload ends */
    return hfhub__xetu_submit(u, path);
}

/* ---- files ---- */

/* 1 when chunk `chunk` of that xorb extends the file's current term. */
static int hfhub__xetu_extends(const hfhub__xetu_file *f, int ext, uint32_t xorb, const uint8_t *ext_hash,
                               uint32_t chunk) {
    const hfhub__xetu_term *t = f->n_terms ? &f->terms[f->n_terms - 1] : NULL;
    return t && t->ext == ext && t->end == chunk && (ext ? !memcmp(t->ext_hash, ext_hash, 32) : t->xorb == xorb);
}

/* A term of n chunks closed: the guard's estimate, with its hysteresis. */
static void hfhub__xetu_frag_add(hfhub__xetu *u, uint32_t n) {
    if (u->frag_n == HFHUB__XETU_FRAG_WINDOW) u->frag_sum -= u->frag[u->frag_pos];
    else u->frag_n++;
    u->frag[u->frag_pos] = n;
    u->frag_sum += n;
    u->frag_pos = (u->frag_pos + 1) % HFHUB__XETU_FRAG_WINDOW;
    if (u->frag_off) u->frag_off = u->frag_sum < (uint64_t)HFHUB__XETU_FRAG_TARGET * u->frag_n;
    else u->frag_off = u->frag_sum * 2 < (uint64_t)HFHUB__XETU_FRAG_TARGET * u->frag_n;
}

/* Adds chunk (xorb, chunk) to the file's current term or starts a new term. */
static hfhub_result hfhub__xetu_ref(hfhub__xetu *u, hfhub__xetu_file *f, int ext, uint32_t xorb,
                                    const uint8_t *ext_hash, uint32_t chunk, uint32_t len) {
    const hfhub_allocator *a = u->a;
    hfhub__xetu_term *t = f->n_terms ? &f->terms[f->n_terms - 1] : NULL;
    if (hfhub__xetu_extends(f, ext, xorb, ext_hash, chunk)) {
        t->end++;
        t->bytes += len;
        return HFHUB_OK;
    }
    if (t) hfhub__xetu_frag_add(u, t->end - t->start);
    t = (hfhub__xetu_term *)hfhub__xetu_grow(a, f->terms, &f->cap_terms, f->n_terms + 1, sizeof *f->terms);
    if (!t) return hfhub__fail(HFHUB_ERR_NOMEM, "terms");
    f->terms = t;
    t = &f->terms[f->n_terms++];
    memset(t, 0, sizeof *t);
    t->ext = ext;
    t->xorb = xorb;
    if (ext) memcpy(t->ext_hash, ext_hash, 32);
    t->start = chunk;
    t->end = chunk + 1;
    t->bytes = len;
    t->first = f->n_chunks - 1;
    return HFHUB_OK;
}

/* The xorb of one of these shards holding the chunk (hash, len), *chunk its index there. */
static const hfhub_shard_xorb *hfhub__xetu_known(hfhub_shard *const *shards, size_t n, const uint8_t *hash, size_t len,
                                                 uint32_t *chunk) {
    size_t i;
    for (i = 0; i < n; i++) {
        const hfhub_shard_chunk_ref *ref = hfhub_shard_find_raw_chunk(shards[i], hash);
        if (ref && shards[i]->xorbs[ref->xorb].chunks[ref->chunk].len == len) {
            *chunk = ref->chunk;
            return &shards[i]->xorbs[ref->xorb];
        }
    }
    return NULL;
}

/* One chunk of a file: a reference to a known copy, or new data for the current xorb. */
static hfhub_result hfhub__xetu_chunk(hfhub__xetu *u, hfhub__xetu_file *f, const uint8_t *data, size_t len,
                                      uint64_t at, uint64_t *since_query) {
    hfhub__xetu_loc loc;
    uint8_t hash[32];
    hfhub__xetu_slot *s;
    const hfhub_shard_xorb *s2 = NULL;
    const uint8_t *xh = NULL;
    uint32_t xorb = 0, chunk = 0;
    int found = 0, cached = 0;
    void *g;
    hfhub_result r;
    hfhub_xet_chunk_hash(data, len, hash);
    g = hfhub__xetu_grow(u->a, f->chunks, &f->cap_chunks, (size_t)f->n_chunks + 1, 32);
    if (!g) return hfhub__fail(HFHUB_ERR_NOMEM, "chunk list");
    f->chunks = (uint8_t(*)[32])g;
    memcpy(f->chunks[f->n_chunks++], hash, 32);
    /* known: in this upload, in the shard cache, or to the CAS */
    if ((s = hfhub__xetu_find(u, hash)) != NULL) {
        found = 1;
        xorb = s->xorb;
        chunk = s->chunk;
    } else if ((s2 = hfhub__xetu_known(u->cached, u->n_cached, hash, len, &chunk)) != NULL) {
        found = cached = 1;
    } else {
        (*since_query)++;
        if (!u->o->disable_global_dedup &&
            (f->n_chunks == 1 || (hfhub__xetu_word(hash, 3) % 1024 == 0 && *since_query >= HFHUB__XETU_DEDUP_SPACING))) {
            *since_query = 0;
            if ((r = hfhub__xetu_query(u, hash)) != HFHUB_OK) return r;
        }
        found = (s2 = hfhub__xetu_known(u->dedup, u->n_dedup, hash, len, &chunk)) != NULL;
    }
    if (s2) xh = s2->xorb_hash;
    if (found && (!u->frag_off || hfhub__xetu_extends(f, xh != NULL, xorb, xh, chunk))) {
        u->st.dedup_bytes += len;
        u->used_cache |= cached;
        return hfhub__xetu_ref(u, f, xh != NULL, xorb, xh, chunk, (uint32_t)len);
    }
    if ((u->x.n == HFHUB_XORB_MAX_CHUNKS || u->x.raw_bytes + len > u->xorb_max) && (r = hfhub__xetu_flush(u)) != HFHUB_OK)
        return r;
    if ((r = hfhub__xetu_room(u, len)) != HFHUB_OK) return r;
    loc.off = at;
    loc.file = (uint32_t)(f - u->files);
    if ((r = hfhub__xetu_raw_add(u->a, &u->x, data, len, hash, &loc)) != HFHUB_OK) return r;
    u->st.new_bytes += len;
    if ((r = hfhub__xetu_insert(u, hash, (uint32_t)u->n_xorbs, u->x.n - 1)) != HFHUB_OK) return r;
    return hfhub__xetu_ref(u, f, 0, (uint32_t)u->n_xorbs, NULL, u->x.n - 1, (uint32_t)len);
}

/* Reads one source once: chunks, chunk hashes, file hash and SHA-256. A caller that hashed the
 * source already passes its SHA-256 hex as `sha` (as huggingface_hub hands hf_xet its
 * sha256s): no second SHA-256 pass then. */
static hfhub_result hfhub__xetu_clean(hfhub__xetu *u, hfhub__xetu_file *f, hfhub_xet_uploaded *out,
                                      hfhub__xetu_read_fn read, void *ctx, const char *sha) {
    uint8_t *buf = u->buf, *chunk = u->chunk;
    hfhub_xet_chunker ch;
    hfhub_xet_merkle *m;
    hfhub_sha256_ctx sha256;
    uint8_t root[32];
    size_t n, clen = 0;
    uint64_t since = 0, size = 0, at = 0; /* at: offset of the chunk being cut */
    hfhub_result r = HFHUB_OK;
    m = (hfhub_xet_merkle *)hfhub__alloc(u->a, sizeof *m);
    if (!m) return hfhub__fail(HFHUB_ERR_NOMEM, "merkle");
    u->frag_n = u->frag_pos = 0; /* the guard looks at one file at a time */
    u->frag_sum = 0;
    u->frag_off = 0;
    hfhub_xet_chunker_init(&ch);
    hfhub_xet_merkle_init(m);
    hfhub_sha256_init(&sha256);
    while (!r) {
        size_t off = 0;
        if ((r = read(ctx, size, buf, HFHUB__XETU_READ, &n)) != HFHUB_OK || n == 0) break;
        if (!sha) hfhub_sha256_update(&sha256, buf, n);
        size += n;
        while (!r && off < n) {
            int cut;
            size_t k = hfhub_xet_chunker_next(&ch, buf + off, n - off, &cut);
            memcpy(chunk + clen, buf + off, k);
            clen += k;
            off += k;
            if (cut) {
                r = hfhub__xetu_chunk(u, f, chunk, clen, at, &since);
                if (!r) hfhub_xet_merkle_add(m, f->chunks[f->n_chunks - 1], clen);
                at += clen;
                clen = 0;
            }
        }
    }
    if (!r && hfhub_xet_chunker_finish(&ch) && clen) {
        r = hfhub__xetu_chunk(u, f, chunk, clen, at, &since);
        if (!r) hfhub_xet_merkle_add(m, f->chunks[f->n_chunks - 1], clen);
    }
    if (!r) {
        unsigned char d[32];
        hfhub_sha256_final(&sha256, d);
        if (sha) memcpy(out->sha256, sha, 65);
        else hfhub_hex_encode(d, 32, out->sha256);
        hfhub_xet_hash_from_hex(out->sha256, f->sha); /* xet-core: MerkleHash::from_hex(sha256 hex) */
        hfhub_xet_merkle_finish(m, root, NULL);
        hfhub_xet_file_hash_from_root(root, f->n_chunks, NULL, f->hash);
        hfhub_xet_hash_to_hex(f->hash, out->xet_hash);
        out->size = size;
        u->st.bytes += size;
    } else {
        hfhub_sha256_discard(&sha256);
    }
    hfhub__free(u->a, m, sizeof *m);
    return r;
}

/* ---- the shard ---- */

static int hfhub__xetu_buf_write(void *user, const void *data, size_t n) {
    hfhub__buf *b = (hfhub__buf *)user;
    hfhub__buf_append(b, data, n);
    return b->failed ? -1 : 0;
}

static hfhub_result hfhub__xetu_shard(hfhub__xetu *u) {
    hfhub_shard_file *files = (hfhub_shard_file *)hfhub__alloc(u->a, (u->n_files + 1) * sizeof *files);
    hfhub_shard_xorb *xorbs = (hfhub_shard_xorb *)hfhub__alloc(u->a, (u->n_xorbs + 1) * sizeof *xorbs);
    hfhub_xet_merkle_entry *tmp = NULL;
    size_t i, j, nf = 0, tmp_cap = 0;
    hfhub__buf b;
    hfhub_result r = HFHUB_OK;
    hfhub__buf_init(&b, u->a);
    if (!files || !xorbs) r = hfhub__fail(HFHUB_ERR_NOMEM, "shard");
    for (i = 0; !r && i < u->n_files; i++) {
        hfhub__xetu_file *f = &u->files[i];
        hfhub_shard_file *sf;
        if (!f->n_terms) continue; /* empty files need no reconstruction */
        sf = &files[nf++];
        memset(sf, 0, sizeof *sf);
        memcpy(sf->file_hash, f->hash, 32);
        memcpy(sf->sha256, f->sha, 32);
        sf->flags = HFHUB_SHARD_FILE_VERIFICATION | HFHUB_SHARD_FILE_METADATA_EXT;
        sf->num_terms = (uint32_t)f->n_terms;
        sf->terms = (hfhub_shard_term *)hfhub__alloc(u->a, f->n_terms * sizeof *sf->terms);
        if (!sf->terms) { r = hfhub__fail(HFHUB_ERR_NOMEM, "shard"); nf--; break; }
        for (j = 0; j < f->n_terms; j++) {
            const hfhub__xetu_term *t = &f->terms[j];
            hfhub_shard_term *st = &sf->terms[j];
            size_t k, n = t->end - t->start;
            memset(st, 0, sizeof *st);
            memcpy(st->xorb_hash, t->ext ? t->ext_hash : u->xorbs[t->xorb].hash, 32);
            st->unpacked_bytes = t->bytes;
            st->chunk_start = t->start;
            st->chunk_end = t->end;
            tmp = (hfhub_xet_merkle_entry *)hfhub__xetu_grow(u->a, tmp, &tmp_cap, n, sizeof *tmp);
            if (!tmp) { r = hfhub__fail(HFHUB_ERR_NOMEM, "shard"); break; }
            for (k = 0; k < n; k++) memcpy(tmp[k].hash, f->chunks[t->first + k], 32);
            hfhub_xet_verification_hash(tmp, n, st->verification);
        }
    }
    for (i = 0; !r && i < u->n_xorbs; i++) {
        memset(&xorbs[i], 0, sizeof xorbs[i]);
        memcpy(xorbs[i].xorb_hash, u->xorbs[i].hash, 32);
        xorbs[i].chunks = u->xorbs[i].chunks;
        xorbs[i].num_chunks = u->xorbs[i].n;
        for (j = 0; j < u->xorbs[i].n; j++) xorbs[i].bytes_in_cas += u->xorbs[i].chunks[j].len;
    }
    if (!r && (nf || u->n_xorbs)) {
        r = hfhub_shard_write(u->a, files, nf, xorbs, u->n_xorbs, NULL, hfhub__xetu_buf_write, &b);
        if (!r && b.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "shard");
        if (!r) r = hfhub__xetu_post(u, "/v1/shards", b.data, b.len, NULL);
        if (!r) hfhub__xetu_cache_save(u, files, nf, xorbs, u->n_xorbs);
        if (r == HFHUB_ERR_BAD_REQUEST && u->used_cache) /* it may name xorbs the CAS no longer has */
            hfhub__xetu_cache_trim(u, 0);
    }
    for (i = 0; i < nf; i++) hfhub__free(u->a, files[i].terms, files[i].num_terms * sizeof *files[i].terms);
    hfhub__free(u->a, tmp, tmp_cap * sizeof *tmp);
    hfhub__free(u->a, files, (u->n_files + 1) * sizeof *files);
    hfhub__free(u->a, xorbs, (u->n_xorbs + 1) * sizeof *xorbs);
    hfhub__buf_free(&b);
    return r;
}

static void hfhub__xetu_end(hfhub__xetu *u) {
    size_t i;
    hfhub__xetu_stop(u, 1);
    for (i = 0; i < u->n_files; i++) {
        hfhub__free(u->a, u->files[i].terms, u->files[i].cap_terms * sizeof *u->files[i].terms);
        hfhub__free(u->a, u->files[i].chunks, u->files[i].cap_chunks * 32);
    }
    hfhub__free(u->a, u->files, (u->n_files ? u->n_files : 1) * sizeof *u->files);
    for (i = 0; i < u->n_xorbs; i++) hfhub__free(u->a, u->xorbs[i].chunks, u->xorbs[i].n * sizeof *u->xorbs[i].chunks);
    hfhub__free(u->a, u->xorbs, u->cap_xorbs * sizeof *u->xorbs);
    for (i = 0; i < u->n_dedup; i++) hfhub_shard_free(u->dedup[i]);
    for (i = 0; i < u->n_cached; i++) hfhub_shard_free(u->cached[i]);
    hfhub__free(u->a, u->cached, u->cap_cached * sizeof *u->cached);
    hfhub__buf_free(&u->cache_dir);
    hfhub__free(u->a, u->table, u->table_cap * sizeof *u->table);
    hfhub__free(u->a, u->buf, HFHUB__XETU_READ);
    hfhub__free(u->a, u->chunk, HFHUB_XET_CHUNK_MAX);
    hfhub__xetu_raw_free(u->a, &u->x);
    hfhub__buf_free(&u->refresh);
    if (u->cv_ok) hfhub__cond_destroy(&u->cv);
    if (u->mu_ok) hfhub__mutex_destroy(&u->mu);
}

/* Upload threads: the caller's count, else HF_XET_DATA_MAX_CONCURRENT_UPLOADS, else 8. */
static int hfhub__xetu_limit(const hfhub_xet_upload_opts *o) {
    int n = o->max_concurrent_uploads > 0 ? o->max_concurrent_uploads
            : hfhub__env_int(getenv("HF_XET_DATA_MAX_CONCURRENT_UPLOADS"), HFHUB__XETU_DEFAULT_WORKERS);
    return n < 1 ? 1 : n > HFHUB__XETU_MAX_WORKERS ? HFHUB__XETU_MAX_WORKERS : n;
}

/* A session for n sources (u->refresh and u->tok are the caller's to set). */
static hfhub_result hfhub__xetu_begin(hfhub__xetu *u, hfhub_client *c, const hfhub_xet_upload_opts *o, size_t n) {
    memset(u, 0, sizeof *u);
    u->c = c;
    u->a = c->a;
    u->o = o;
    u->limit = hfhub__xetu_limit(o);
    u->xorb_max = o->max_xorb_bytes && o->max_xorb_bytes < HFHUB_XORB_MAX_BYTES ? o->max_xorb_bytes
                                                                                : HFHUB_XORB_MAX_BYTES;
    u->mu_ok = hfhub__mutex_init(&u->mu) == 0;
    u->cv_ok = hfhub__cond_init(&u->cv) == 0;
    hfhub__buf_init(&u->refresh, c->a);
    hfhub__buf_init(&u->cache_dir, c->a);
    u->files = (hfhub__xetu_file *)hfhub__alloc(c->a, (n ? n : 1) * sizeof *u->files);
    u->buf = (uint8_t *)hfhub__alloc(c->a, HFHUB__XETU_READ);
    u->chunk = (uint8_t *)hfhub__alloc(c->a, HFHUB_XET_CHUNK_MAX);
    if (u->files) {
        memset(u->files, 0, (n ? n : 1) * sizeof *u->files);
        u->n_files = n;
    }
    return u->files && u->buf && u->chunk && u->mu_ok && u->cv_ok ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "upload");
}

/* With the CAS known: its shard cache. */
static void hfhub__xetu_ready(hfhub__xetu *u) {
    hfhub__xetu_cache_dir(u);
    hfhub__xetu_cache_load(u);
}

static hfhub_result hfhub__xetu_file_read(void *ctx, uint64_t off, void *buf, size_t cap, size_t *got) {
    FILE *f = (FILE *)ctx;
    (void)off; /* sequential */
    *got = fread(buf, 1, cap, f);
    return ferror(f) ? hfhub__fail(HFHUB_ERR_IO, "read error") : HFHUB_OK;
}

/* A local file read again at off (a xorb retry). */
static hfhub_result hfhub__xetu_path_reread(void *ctx, uint64_t off, void *buf, size_t cap, size_t *got) {
    return hfhub__fs_read_at((const char *)ctx, off, buf, cap, got);
}

/* 1 when the CAS rejected a shard that used the shard cache (now cleared): worth one more go. */
static int hfhub__xetu_stale(const hfhub__xetu *u, hfhub_result r) {
    if (r != HFHUB_ERR_BAD_REQUEST || !u->used_cache) return 0;
    hfhub__log(&u->c->log, HFHUB_LOG_WARN, "the CAS rejected a shard built from the shard cache; uploading again without it");
    return 1;
}

static hfhub_result hfhub__xetu_files_once(hfhub_client *c, const char *refresh, const char *const *paths, size_t n,
                                           const hfhub_xet_upload_opts *opts, hfhub_xet_uploaded *out,
                                           hfhub_xet_upload_stats *stats, int *stale) {
    hfhub__xetu u;
    size_t i;
    hfhub_result r = hfhub__xetu_begin(&u, c, opts, n);
    hfhub__buf_puts(&u.refresh, refresh);
    if (!r && u.refresh.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "upload");
    if (!r) r = hfhub__xet_token_get(c, u.refresh.data, opts->token, 0, &u.tok);
    if (!r) hfhub__xetu_ready(&u);
    for (i = 0; !r && i < n; i++) {
        FILE *f = fopen(paths[i], "rb");
        memset(&out[i], 0, sizeof out[i]);
        u.files[i].reread = hfhub__xetu_path_reread;
        u.files[i].reread_ctx = (void *)(uintptr_t)paths[i];
        if (!f) r = hfhub__fail(HFHUB_ERR_IO, "cannot open '%s'", paths[i]);
        else {
            r = hfhub__xetu_clean(&u, &u.files[i], &out[i], hfhub__xetu_file_read, f, NULL);
            fclose(f);
        }
    }
    if (!r) r = hfhub__xetu_flush(&u);   /* the last xorb ... */
    if (!r) r = hfhub__xetu_drain(&u);   /* ... and every xorb uploaded ... */
    if (!r) r = hfhub__xetu_shard(&u);   /* ... before the shard that names them */
    hfhub__xetu_stop(&u, r != HFHUB_OK); /* no upload thread touches the stats any more */
    if (stats) *stats = u.st;
    *stale = hfhub__xetu_stale(&u, r);
    hfhub__xetu_end(&u);
    return r;
}

hfhub_result hfhub__xet_upload_paths(hfhub_client *c, const char *refresh_url, const char *const *paths, size_t n,
                                     const hfhub_xet_upload_opts *opts, hfhub_xet_uploaded *out,
                                     hfhub_xet_upload_stats *stats) {
    int stale = 0;
    hfhub_result r = hfhub__xetu_files_once(c, refresh_url, paths, n, opts, out, stats, &stale);
    if (stale) r = hfhub__xetu_files_once(c, refresh_url, paths, n, opts, out, stats, &stale);
    return r;
}

hfhub_result hfhub_xet_upload_files(hfhub_client *c, const char *repo_id, const char *const *paths, size_t n,
                                    const hfhub_xet_upload_opts *opts, hfhub_xet_uploaded *out,
                                    hfhub_xet_upload_stats *stats) {
    hfhub_xet_upload_opts dflt;
    hfhub__buf refresh;
    const char *rev;
    int type;
    hfhub_result r;
    if (!c || !repo_id || (n && (!paths || !out)))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_xet_upload_files: NULL argument");
    memset(&dflt, 0, sizeof dflt);
    if (!opts) opts = &dflt;
    rev = opts->revision ? opts->revision : "main";
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if ((type = hfhub__repo_type_index(opts->repo_type)) < 0) return HFHUB_ERR_INVALID_ARG;
    hfhub__buf_init(&refresh, c->a);
    hfhub__buf_printf(&refresh, "%s/api/%s/%s/xet-write-token/", c->endpoint, hfhub__repo_type_plural(type), repo_id);
    hfhub__url_quote(&refresh, rev, strlen(rev), "");
    r = refresh.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "upload")
                       : hfhub__xet_upload_paths(c, refresh.data, paths, n, opts, out, stats);
    hfhub__buf_free(&refresh);
    return r;
}

/* ---- create_commit's Xet seam (src/hub/commit_int.h) ---- */

typedef struct hfhub__xetu_op_src {
    hfhub__commit *cm;
    size_t op;
} hfhub__xetu_op_src;

/* An operation's bytes read again at off (a xorb retry; no progress reported twice). */
static hfhub_result hfhub__xetu_op_reread(void *ctx, uint64_t off, void *buf, size_t cap, size_t *got) {
    hfhub__xetu_op_src *s = (hfhub__xetu_op_src *)ctx;
    return hfhub__commit_read(s->cm, s->op, off, buf, cap, got);
}

static hfhub_result hfhub__xetu_op_read(void *ctx, uint64_t off, void *buf, size_t cap, size_t *got) {
    hfhub__xetu_op_src *s = (hfhub__xetu_op_src *)ctx;
    hfhub_result r = hfhub__commit_read(s->cm, s->op, off, buf, cap, got);
    if (!r && *got && hfhub__commit_progress(s->cm, s->cm->ops[s->op].path, (int64_t)*got))
        r = hfhub__fail(HFHUB_ERR_CANCELLED, "upload cancelled");
    return r;
}

/* The token the batch reply handed out (saves a token call). */
static void hfhub__xetu_batch_token(hfhub__xetu *u, const hfhub_json_value *up) {
    const hfhub_json_value *h = hfhub_json_get(up, "header");
    const char *tok = hfhub_json_str(hfhub_json_get(h, "X-Xet-Access-Token"), NULL);
    const char *cas = hfhub_json_str(hfhub_json_get(h, "X-Xet-Cas-Url"), NULL);
    const char *exp = hfhub_json_str(hfhub_json_get(h, "X-Xet-Token-Expiration"), NULL);
    size_t n;
    if (!tok || !cas || !exp || strlen(tok) >= sizeof u->tok.token || (n = strlen(cas)) >= sizeof u->tok.cas_url)
        return;
    strcpy(u->tok.token, tok);
    while (n && cas[n - 1] == '/') n--;
    memcpy(u->tok.cas_url, cas, n);
    u->tok.cas_url[n] = 0;
    u->tok.exp = (int64_t)strtoll(exp, NULL, 10);
}

/* As the LFS path does: a local file must still be what was hashed, or the commit aborts. */
static hfhub_result hfhub__xetu_unchanged(const hfhub__cop *op) {
    uint64_t size = 0;
    int64_t mtime = 0;
    if (op->op->source != HFHUB_SRC_PATH) return HFHUB_OK;
    if (hfhub__fs_size(op->op->local_path, &size) || hfhub__fs_mtime(op->op->local_path, &mtime) ||
        size != op->size || mtime != op->mtime)
        return hfhub__fail(HFHUB_ERR_IO, "%s changed while it was uploaded: commit aborted", op->op->local_path);
    return HFHUB_OK;
}

static hfhub_result hfhub__xetu_commit_once(hfhub__commit *cm, const hfhub_json_value *up, const char *href,
                                            const size_t *idx, size_t n, hfhub_xet_uploaded *out, int *stale) {
    hfhub_xet_upload_opts o;
    hfhub__xetu u;
    hfhub__xetu_op_src *src = (hfhub__xetu_op_src *)hfhub__alloc(cm->c->a, n * sizeof *src);
    size_t k;
    hfhub_result r;
    memset(&o, 0, sizeof o);
    o.token = cm->o.token;
    r = hfhub__xetu_begin(&u, cm->c, &o, n);
    if (!r && !src) r = hfhub__fail(HFHUB_ERR_NOMEM, "xet upload");
    if (!r) {
        hfhub__buf_puts(&u.refresh, href);
        hfhub__xetu_batch_token(&u, up);
        if (u.refresh.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "xet upload");
        else if (!u.tok.token[0]) r = hfhub__xet_token_get(cm->c, u.refresh.data, o.token, 0, &u.tok);
        if (!r) hfhub__xetu_ready(&u);
    }
    for (k = 0; !r && k < n; k++) {
        src[k].cm = cm;
        src[k].op = idx[k];
        u.files[k].reread = hfhub__xetu_op_reread;
        u.files[k].reread_ctx = &src[k];
        memset(&out[k], 0, sizeof out[k]);
        /* the hash pass gave the SHA-256: not computed again (the size and mtime check stays) */
        r = hfhub__xetu_clean(&u, &u.files[k], &out[k], hfhub__xetu_op_read, &src[k], cm->ops[idx[k]].sha256);
        if (!r) r = hfhub__xetu_unchanged(&cm->ops[idx[k]]);
    }
    if (!r) r = hfhub__xetu_flush(&u);
    if (!r) r = hfhub__xetu_drain(&u);
    if (!r) r = hfhub__xetu_shard(&u);
    hfhub__xetu_stop(&u, r != HFHUB_OK);
    *stale = hfhub__xetu_stale(&u, r);
    hfhub__xetu_end(&u);
    hfhub__free(cm->c->a, src, n * sizeof *src);
    return r;
}

hfhub_result hfhub__commit_xet_upload(hfhub__commit *cm, const hfhub_json_value *const *objects, const size_t *idx,
                                      size_t n) {
    hfhub_xet_uploaded *out;
    const hfhub_json_value *up;
    const char *href;
    int stale = 0;
    hfhub_result r;
    if (!n) return HFHUB_OK;
    up = objects[0];
    if (hfhub_json_get(up, "actions")) up = hfhub_json_get(hfhub_json_get(up, "actions"), "upload");
    href = hfhub_json_str(hfhub_json_get(up, "href"), NULL);
    if (!href) return hfhub__fail(HFHUB_ERR_PARSE, "the LFS batch chose Xet but gave no write-token URL");
    out = (hfhub_xet_uploaded *)hfhub__alloc(cm->c->a, n * sizeof *out);
    if (!out) return hfhub__fail(HFHUB_ERR_NOMEM, "xet upload");
    r = hfhub__xetu_commit_once(cm, up, href, idx, n, out, &stale);
    if (stale) r = hfhub__xetu_commit_once(cm, up, href, idx, n, out, &stale);
    hfhub__free(cm->c->a, out, n * sizeof *out);
    return r;
}

#undef HFHUB__XETU_READ
#undef HFHUB__XETU_DEDUP_SPACING
#undef HFHUB__XETU_MAX_DEDUP_SHARDS
#undef HFHUB__XETU_MAX_WORKERS
#undef HFHUB__XETU_DEFAULT_WORKERS
#undef HFHUB__XETU_BUDGET
#undef HFHUB__XETU_RETEST
#undef HFHUB__XETU_CACHE_LOAD
#undef HFHUB__XETU_CACHE_CAP
#undef HFHUB__XETU_CACHE_AGE
#undef HFHUB__XETU_FRAG_WINDOW
#undef HFHUB__XETU_FRAG_TARGET

#endif /* HFHUB_NO_STDIO */
