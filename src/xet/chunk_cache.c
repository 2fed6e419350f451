/* chunk_cache.c: the optional on-disk cache of fetched xorb ranges (HF_XET_CHUNK_CACHE_SIZE_BYTES). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

#define HFHUB__XCC_MAGIC "HFXCC1\n" /* with its NUL: 8 bytes */
#define HFHUB__XCC_TRAILER 48      /* magic, u64 body length, BLAKE3 of the body */
#define HFHUB__XCC_DIR "chunk-cache-hfhub"
#define HFHUB__XCC_IO 65536

/* HF_XET_CHUNK_CACHE_SIZE_BYTES as a byte count; 0 (off) when unset or not a number. */
static uint64_t hfhub__xcc_capacity(void) {
    const char *v = getenv("HF_XET_CHUNK_CACHE_SIZE_BYTES");
    char *end = NULL;
    unsigned long long n;
    if (!v || *v < '0' || *v > '9') return 0;
    n = strtoull(v, &end, 10);
    return end && *end == 0 ? (uint64_t)n : 0;
}

static int hfhub__xcc_root(hfhub_client *c, hfhub__buf *b) {
    if (!c->xet_cache) return 0;
    hfhub__buf_printf(b, "%s/" HFHUB__XCC_DIR, c->xet_cache);
    return !b->failed;
}

static int hfhub__xcc_xorb_dir(hfhub_client *c, const uint8_t xorb[32], hfhub__buf *b) {
    char hex[65];
    hfhub_xet_hash_to_hex(xorb, hex);
    if (!hfhub__xcc_root(c, b)) return 0;
    hfhub__buf_printf(b, "/%s", hex);
    return !b->failed;
}

/* "<start>-<end>" (decimal, nothing else) -> 1. */
static int hfhub__xcc_parse_name(const char *s, uint32_t *a, uint32_t *b) {
    uint64_t v[2] = {0, 0};
    int k;
    for (k = 0; k < 2; k++) {
        const char *p = s;
        while (*s >= '0' && *s <= '9' && v[k] <= 0xFFFFFFFFu) v[k] = v[k] * 10 + (uint64_t)(*s++ - '0');
        if (s == p || v[k] > 0xFFFFFFFFu || *s != (k ? 0 : '-')) return 0;
        s++;
    }
    *a = (uint32_t)v[0];
    *b = (uint32_t)v[1];
    return *a < *b;
}

static uint64_t hfhub__xcc_le64(const uint8_t *p) {
    uint64_t v = 0;
    int k;
    for (k = 7; k >= 0; k--) v = (v << 8) | p[k];
    return v;
}

/* Whether the entry's body hashes to its trailer; *body gets the body length. */
static int hfhub__xcc_check(FILE *f, uint64_t size, uint8_t *io, uint64_t *body) {
    uint8_t tr[HFHUB__XCC_TRAILER], d[32];
    hfhub_blake3_hasher h;
    uint64_t left;
    if (size < HFHUB__XCC_TRAILER || fseek(f, -(long)HFHUB__XCC_TRAILER, SEEK_END) ||
        fread(tr, 1, HFHUB__XCC_TRAILER, f) != HFHUB__XCC_TRAILER || memcmp(tr, HFHUB__XCC_MAGIC, 8) ||
        (*body = hfhub__xcc_le64(tr + 8)) != size - HFHUB__XCC_TRAILER || fseek(f, 0, SEEK_SET))
        return 0;
    hfhub_blake3_init(&h);
    for (left = *body; left;) {
        size_t n = left < HFHUB__XCC_IO ? (size_t)left : HFHUB__XCC_IO;
        if (fread(io, 1, n, f) != n) return 0;
        hfhub_blake3_update(&h, io, n);
        left -= n;
    }
    hfhub_blake3_finalize(&h, d, 32);
    return !memcmp(d, tr + 16, 32);
}

/* Positions f at the record of chunk `start` of an entry holding chunks [first, ...) and sets
 * *len to the bytes of chunks [start, end); 0 when the records do not fit in the body. */
static int hfhub__xcc_slice(FILE *f, uint64_t body, uint32_t first, uint32_t start, uint32_t end, uint64_t *len) {
    uint64_t pos = 0, at = 0;
    uint32_t k;
    for (k = first; k < end; k++) {
        uint8_t hd[HFHUB_XORB_RECORD_HEADER];
        uint64_t n;
        if (k == start) at = pos;
        if (body - pos < HFHUB_XORB_RECORD_HEADER || fseek(f, (long)pos, SEEK_SET) ||
            fread(hd, 1, sizeof hd, f) != sizeof hd)
            return 0;
        n = HFHUB_XORB_RECORD_HEADER + ((uint64_t)hd[1] | (uint64_t)hd[2] << 8 | (uint64_t)hd[3] << 16);
        if (body - pos < n) return 0;
        pos += n;
    }
    *len = pos - at;
    return !fseek(f, (long)at, SEEK_SET);
}

int hfhub__xcc_open(hfhub_client *c, const uint8_t xorb[32], uint32_t start, uint32_t end, hfhub__xcc_hit *hit) {
    hfhub__buf dir, path;
    hfhub__fs_dir d;
    uint8_t *io = NULL;
    const char *name;
    int kind, found = 0;
    memset(hit, 0, sizeof *hit);
    if (!hfhub__xcc_capacity()) return 0;
    hfhub__buf_init(&dir, c->a);
    hfhub__buf_init(&path, c->a);
    if (hfhub__xcc_xorb_dir(c, xorb, &dir) && hfhub__fs_is_dir(dir.data) &&
        (io = (uint8_t *)hfhub__alloc(c->a, HFHUB__XCC_IO)) != NULL &&
        hfhub__fs_dir_open(&d, c->a, dir.data) == HFHUB_OK) {
        while (!found && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
            uint32_t a, b;
            uint64_t size = 0, body = 0;
            FILE *f;
            if (kind != HFHUB__FS_FILE || !hfhub__xcc_parse_name(name, &a, &b) || a > start || b < end) continue;
            hfhub__buf_reset(&path);
            hfhub__buf_printf(&path, "%s/%s", dir.data, name);
            if (path.failed || hfhub__fs_size(path.data, &size) || !(f = fopen(path.data, "rb"))) continue;
            if (hfhub__xcc_check(f, size, io, &body) && hfhub__xcc_slice(f, body, a, start, end, &hit->len)) {
                hit->f = f;
                found = 1;
            } else { /* damaged: never used, fetched again */
                fclose(f);
                hfhub__log(&c->log, HFHUB_LOG_WARN, "removing damaged Xet chunk cache entry %s", path.data);
                hfhub__fs_remove(path.data);
            }
        }
        hfhub__fs_dir_close(&d);
    }
    hfhub__free(c->a, io, io ? HFHUB__XCC_IO : 0);
    hfhub__buf_free(&dir);
    hfhub__buf_free(&path);
    return found;
}

void hfhub__xcc_close(hfhub__xcc_hit *hit) {
    if (hit->f) fclose(hit->f);
    hit->f = NULL;
}

int hfhub__xcc_put_begin(hfhub_client *c, const uint8_t xorb[32], uint32_t start, uint32_t end, uint64_t expected,
                         hfhub__xcc_put *p) {
    memset(p, 0, sizeof *p);
    hfhub__buf_init(&p->final, c->a);
    p->cap = hfhub__xcc_capacity();
    if (!p->cap || expected > p->cap || p->cap - expected < HFHUB__XCC_TRAILER ||
        !hfhub__xcc_xorb_dir(c, xorb, &p->final) || hfhub__fs_mkdirs(p->final.data, 0755) != HFHUB_OK)
        return 0;
    hfhub__buf_printf(&p->final, "/%u-%u", (unsigned)start, (unsigned)end);
    if (p->final.failed || !(p->tmp = hfhub__fs_temp_name(c->a, p->final.data, ".tmp"))) return 0;
    if (!(p->f = fopen(p->tmp, "wb"))) return 0;
    hfhub_blake3_init(&p->h);
    return 1;
}

void hfhub__xcc_put_reset(hfhub__xcc_put *p) {
    if (!p->f) return;
    fclose(p->f);
    p->f = fopen(p->tmp, "wb");
    p->len = 0;
    hfhub_blake3_init(&p->h);
}

void hfhub__xcc_put_data(hfhub__xcc_put *p, const void *data, size_t n) {
    if (!p->f) return;
    if (fwrite(data, 1, n, p->f) != n) { /* disk full: the download goes on without it */
        fclose(p->f);
        p->f = NULL;
        return;
    }
    hfhub_blake3_update(&p->h, data, n);
    p->len += n;
}

/* An entry of the cache, for eviction. */
typedef struct hfhub__xcc_entry {
    char *path;
    uint64_t size;
    int64_t mtime;
} hfhub__xcc_entry;

static void hfhub__xcc_scan_dir(hfhub_client *c, const char *dir, hfhub__buf *list, uint64_t *total) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    if (hfhub__fs_dir_open(&d, c->a, dir) != HFHUB_OK) return;
    while (hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        hfhub__xcc_entry e;
        uint32_t a, b;
        hfhub__buf p;
        if (kind != HFHUB__FS_FILE || !hfhub__xcc_parse_name(name, &a, &b)) continue; /* temporaries: in use */
        hfhub__buf_init(&p, c->a);
        hfhub__buf_printf(&p, "%s/%s", dir, name);
        e.path = hfhub__buf_take(&p);
        if (!e.path || hfhub__fs_size(e.path, &e.size) || hfhub__fs_mtime(e.path, &e.mtime)) {
            hfhub__free(c->a, e.path, e.path ? strlen(e.path) + 1 : 0);
            continue;
        }
        hfhub__buf_append(list, &e, sizeof e);
        *total += e.size;
    }
    hfhub__fs_dir_close(&d);
}

static int hfhub__xcc_older(const void *x, const void *y) {
    const hfhub__xcc_entry *a = (const hfhub__xcc_entry *)x, *b = (const hfhub__xcc_entry *)y;
    return a->mtime < b->mtime ? -1 : a->mtime > b->mtime;
}

void hfhub__xcc_trim(hfhub_client *c) {
    uint64_t cap = hfhub__xcc_capacity();
    hfhub__buf root, list, sub;
    hfhub__fs_dir d;
    const char *name;
    int kind;
    uint64_t total = 0;
    size_t i, n;
    hfhub__buf_init(&root, c->a);
    hfhub__buf_init(&list, c->a);
    hfhub__buf_init(&sub, c->a);
    if (hfhub__xcc_root(c, &root) && hfhub__fs_dir_open(&d, c->a, root.data) == HFHUB_OK) {
        while (hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
            if (kind != HFHUB__FS_DIR) continue;
            hfhub__buf_reset(&sub);
            hfhub__buf_printf(&sub, "%s/%s", root.data, name);
            if (!sub.failed) hfhub__xcc_scan_dir(c, sub.data, &list, &total);
        }
        hfhub__fs_dir_close(&d);
    }
    n = list.failed ? 0 : list.len / sizeof(hfhub__xcc_entry);
    if (n) qsort(list.data, n, sizeof(hfhub__xcc_entry), hfhub__xcc_older);
    for (i = 0; i < n; i++) {
        hfhub__xcc_entry *e = &((hfhub__xcc_entry *)(void *)list.data)[i];
        if (total > cap) {
            hfhub__fs_remove(e->path);
            total -= e->size;
        }
        hfhub__free(c->a, e->path, strlen(e->path) + 1);
    }
    hfhub__buf_free(&root);
    hfhub__buf_free(&list);
    hfhub__buf_free(&sub);
}

int hfhub__xcc_put_end(hfhub_client *c, hfhub__xcc_put *p, int keep) {
    int ok = 0;
    if (p->f) {
        uint8_t tr[HFHUB__XCC_TRAILER];
        int k;
        memcpy(tr, HFHUB__XCC_MAGIC, 8);
        for (k = 0; k < 8; k++) tr[8 + k] = (uint8_t)(p->len >> (8 * k));
        hfhub_blake3_finalize(&p->h, tr + 16, 32);
        ok = keep && fwrite(tr, 1, sizeof tr, p->f) == sizeof tr;
        ok = !fclose(p->f) && ok && hfhub__fs_rename(p->tmp, p->final.data) == HFHUB_OK;
        if (!ok) hfhub__fs_remove(p->tmp);
    } else if (p->tmp) {
        hfhub__fs_remove(p->tmp);
    }
    hfhub__free(c->a, p->tmp, p->tmp ? strlen(p->tmp) + 1 : 0);
    hfhub__buf_free(&p->final);
    memset(p, 0, sizeof *p);
    return ok;
}

#undef HFHUB__XCC_MAGIC
#undef HFHUB__XCC_TRAILER
#undef HFHUB__XCC_DIR
#undef HFHUB__XCC_IO

#endif /* HFHUB_NO_STDIO */
