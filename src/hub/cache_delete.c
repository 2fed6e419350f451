/* cache_delete.c: Python's DeleteCacheStrategy (delete_revisions, execute) and `hf cache
 * prune` (detached revisions and interrupted downloads). */
#include <string.h>

#ifndef HFHUB_NO_STDIO

/* A list of arena strings being collected (scratch array of pointers). */
typedef struct hfhub__cdel_list {
    const char **items;
    size_t n, cap;
} hfhub__cdel_list;

typedef struct hfhub__cdel {
    const hfhub_allocator *a;
    hfhub__arena *ar;
    hfhub__cdel_list repos, snapshots, refs, blobs, incomplete, not_found;
    hfhub__cdel_list unlinked;    /* blob paths counted in expected_freed_size */
    uint64_t freed;
    int nomem;
} hfhub__cdel;

static int hfhub__cdel_has(const hfhub__cdel_list *l, const char *s) {
    size_t i;
    for (i = 0; i < l->n; i++)
        if (!strcmp(l->items[i], s)) return 1;
    return 0;
}

static void hfhub__cdel_push(hfhub__cdel *d, hfhub__cdel_list *l, const char *s) {
    if (!s) { d->nomem = 1; return; }
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        const char **ni = (const char **)hfhub__realloc(d->a, (void *)l->items, l->cap * sizeof(char *), nc * sizeof(char *));
        if (!ni) { d->nomem = 1; return; }
        l->items = ni;
        l->cap = nc;
    }
    l->items[l->n++] = s;
}

/* Adds a copy of s (the strategy outlives the scan it came from). */
static void hfhub__cdel_push_copy(hfhub__cdel *d, hfhub__cdel_list *l, const char *s) {
    hfhub__cdel_push(d, l, s ? hfhub__arena_strdup(d->ar, s) : NULL);
}

/* Counts a blob entry once in the freed size. */
static void hfhub__cdel_unlink(hfhub__cdel *d, const hfhub_cached_file *f) {
    if (hfhub__cdel_has(&d->unlinked, f->blob_path)) return;
    hfhub__cdel_push(d, &d->unlinked, f->blob_path);
    d->freed += f->size_on_disk;
}

static int hfhub__cdel_selected(const char *hash, const char *const *hashes, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (hashes[i] && !strcmp(hashes[i], hash)) return 1;
    return 0;
}

/* Is blob linked from a revision that stays? */
static int hfhub__cdel_blob_kept(const hfhub_cached_repo *repo, const char *blob, const char *const *hashes, size_t n) {
    size_t i, j;
    for (i = 0; i < repo->n_revisions; i++) {
        const hfhub_cached_revision *rev = &repo->revisions[i];
        if (hfhub__cdel_selected(rev->commit_hash, hashes, n)) continue;
        for (j = 0; j < rev->nb_files; j++)
            if (!strcmp(rev->files[j].blob_path, blob)) return 1;
    }
    return 0;
}

/* A file that is not a link into blobs/ (copied, or created by the user) sits inside its
 * snapshot folder: it goes with it, and its size counts as freed. */
static int hfhub__cdel_in_snapshot(const hfhub_cached_revision *rev, const hfhub_cached_file *f) {
    size_t n = strlen(rev->snapshot_path);
    return !strncmp(f->blob_path, rev->snapshot_path, n) && f->blob_path[n] == '/';
}

static void hfhub__cdel_revision(hfhub__cdel *d, const hfhub_cached_repo *repo, const hfhub_cached_revision *rev,
                                 const char *const *hashes, size_t n) {
    size_t j;
    hfhub__cdel_push_copy(d, &d->snapshots, rev->snapshot_path);
    for (j = 0; j < rev->n_refs; j++) {
        hfhub__buf b;
        hfhub__buf_init(&b, d->a);
        hfhub__buf_printf(&b, "%s/refs/%s", repo->repo_path, rev->refs[j]);
        hfhub__cdel_push(d, &d->refs, b.failed ? NULL : hfhub__arena_strdup(d->ar, b.data));
        hfhub__buf_free(&b);
    }
    for (j = 0; j < rev->nb_files; j++) {
        const hfhub_cached_file *f = &rev->files[j];
        if (hfhub__cdel_in_snapshot(rev, f)) { hfhub__cdel_unlink(d, f); continue; }
        if (hfhub__cdel_has(&d->blobs, f->blob_path) || hfhub__cdel_blob_kept(repo, f->blob_path, hashes, n)) continue;
        hfhub__cdel_push_copy(d, &d->blobs, f->blob_path);
        hfhub__cdel_unlink(d, f);
    }
}

static void hfhub__cdel_repo(hfhub__cdel *d, const hfhub_cached_repo *repo, const char *const *hashes, size_t n) {
    size_t i, j, selected = 0;
    for (i = 0; i < repo->n_revisions; i++) selected += hfhub__cdel_selected(repo->revisions[i].commit_hash, hashes, n);
    if (!selected) return;
    if (selected == repo->n_revisions) { /* nothing stays: the whole folder goes */
        hfhub__cdel_push_copy(d, &d->repos, repo->repo_path);
        for (i = 0; i < repo->n_revisions; i++)
            for (j = 0; j < repo->revisions[i].nb_files; j++) hfhub__cdel_unlink(d, &repo->revisions[i].files[j]);
        return;
    }
    for (i = 0; i < repo->n_revisions; i++)
        if (hfhub__cdel_selected(repo->revisions[i].commit_hash, hashes, n))
            hfhub__cdel_revision(d, repo, &repo->revisions[i], hashes, n);
}

typedef struct hfhub__strategy_box {
    hfhub_cache_delete_strategy s;
    hfhub__arena arena;
} hfhub__strategy_box;

static const char *const *hfhub__cdel_freeze(hfhub__cdel *d, hfhub__cdel_list *l, size_t *n) {
    const char **out = NULL;
    *n = l->n;
    if (l->n) {
        out = (const char **)hfhub__arena_alloc(d->ar, l->n * sizeof(char *));
        if (out) memcpy((void *)out, l->items, l->n * sizeof(char *));
        else d->nomem = 1;
    }
    hfhub__free(d->a, (void *)l->items, l->cap * sizeof(char *));
    l->items = NULL;
    l->n = l->cap = 0;
    return out;
}

/* Moves the collected lists into a strategy living in the arena (which it then owns). */
static hfhub_result hfhub__cdel_finish(hfhub__cdel *d, hfhub_cache_delete_strategy **out) {
    hfhub__strategy_box *box = (hfhub__strategy_box *)hfhub__arena_alloc(d->ar, sizeof *box);
    hfhub_cache_delete_strategy tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.expected_freed_size = d->freed;
    tmp.repos = hfhub__cdel_freeze(d, &d->repos, &tmp.n_repos);
    tmp.snapshots = hfhub__cdel_freeze(d, &d->snapshots, &tmp.n_snapshots);
    tmp.refs = hfhub__cdel_freeze(d, &d->refs, &tmp.n_refs);
    tmp.blobs = hfhub__cdel_freeze(d, &d->blobs, &tmp.n_blobs);
    tmp.incomplete = hfhub__cdel_freeze(d, &d->incomplete, &tmp.n_incomplete);
    tmp.not_found = hfhub__cdel_freeze(d, &d->not_found, &tmp.n_not_found);
    hfhub__free(d->a, (void *)d->unlinked.items, d->unlinked.cap * sizeof(char *));
    if (!box || d->nomem) {
        hfhub__arena_free(d->ar);
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory computing the delete strategy");
    }
    box->s = tmp;
    box->arena = *d->ar;
    *out = &box->s;
    return HFHUB_OK;
}

static void hfhub__cdel_init(hfhub__cdel *d, hfhub__arena *ar) {
    memset(d, 0, sizeof *d);
    d->a = ar->a;
    d->ar = ar;
}

/* Is a revision with exactly this hash cached (Python compares hashes as given)? */
static int hfhub__cdel_cached(const hfhub_cache_info *info, const char *hash) {
    size_t i, j;
    for (i = 0; i < info->n_repos; i++)
        for (j = 0; j < info->repos[i].n_revisions; j++)
            if (!strcmp(info->repos[i].revisions[j].commit_hash, hash)) return 1;
    return 0;
}

hfhub_result hfhub_cache_delete_revisions(const hfhub_cache_info *info, const char *const *commit_hashes, size_t n,
                                          hfhub_cache_delete_strategy **out) {
    hfhub__arena ar;
    hfhub__cdel d;
    size_t i;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "delete_revisions: out is NULL");
    *out = NULL;
    if (!info || (n && !commit_hashes)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "delete_revisions: no cache info or hashes");
    hfhub__arena_init(&ar, hfhub__cache_info_allocator(info));
    hfhub__cdel_init(&d, &ar);
    for (i = 0; i < info->n_repos; i++) hfhub__cdel_repo(&d, &info->repos[i], commit_hashes, n);
    for (i = 0; i < n; i++)
        if (commit_hashes[i] && !hfhub__cdel_cached(info, commit_hashes[i]) && !hfhub__cdel_has(&d.not_found, commit_hashes[i]))
            hfhub__cdel_push_copy(&d, &d.not_found, commit_hashes[i]);
    return hfhub__cdel_finish(&d, out);
}

/* Is path inside one of the repo folders the strategy deletes whole? */
static int hfhub__cdel_in_deleted_repo(const hfhub_cache_delete_strategy *s, const char *path) {
    size_t i;
    for (i = 0; i < s->n_repos; i++) {
        size_t n = strlen(s->repos[i]);
        if (!strncmp(path, s->repos[i], n) && path[n] == '/') return 1;
    }
    return 0;
}

/* Adds the incomplete files and unreferenced blobs of a scan to a prune strategy. */
static int hfhub__cdel_add_extras(hfhub_cache_delete_strategy *s, hfhub__arena *ar, const hfhub_cache_info *info) {
    size_t i, n = 0;
    const char **inc = NULL, **orphans = NULL;
    if (info->n_incomplete_files && !(inc = (const char **)hfhub__arena_alloc(ar, info->n_incomplete_files * sizeof(char *))))
        return -1;
    for (i = 0; i < info->n_incomplete_files; i++)
        if (!(inc[i] = hfhub__arena_strdup(ar, info->incomplete_files[i].file_path))) return -1;
    s->incomplete = inc;
    s->n_incomplete = info->n_incomplete_files;
    s->expected_freed_size += info->incomplete_size_on_disk;
    if (info->n_unreferenced_blobs && !(orphans = (const char **)hfhub__arena_alloc(ar, info->n_unreferenced_blobs * sizeof(char *))))
        return -1;
    for (i = 0; i < info->n_unreferenced_blobs; i++) {
        const hfhub_cached_incomplete_file *f = &info->unreferenced_blobs[i];
        if (hfhub__cdel_in_deleted_repo(s, f->file_path)) continue; /* gone with its repo, counted there */
        if (!(orphans[n++] = hfhub__arena_strdup(ar, f->file_path))) return -1;
        s->expected_freed_size += f->size_on_disk;
    }
    s->unreferenced = orphans;
    s->n_unreferenced = n;
    return 0;
}

hfhub_result hfhub_cache_prune(const hfhub_cache_info *info, hfhub_cache_delete_strategy **out) {
    hfhub__buf hashes;
    size_t i, j, n = 0;
    hfhub_result r;
    hfhub_cache_delete_strategy *s = NULL;
    hfhub__strategy_box *box;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "prune: out is NULL");
    *out = NULL;
    if (!info) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "prune: no cache info");
    hfhub__buf_init(&hashes, hfhub__cache_info_allocator(info));
    for (i = 0; i < info->n_repos; i++)
        for (j = 0; j < info->repos[i].n_revisions; j++)
            if (!info->repos[i].revisions[j].n_refs) {
                hfhub__buf_append(&hashes, &info->repos[i].revisions[j].commit_hash, sizeof(char *));
                n++;
            }
    if (hashes.failed) { hfhub__buf_free(&hashes); return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory"); }
    r = hfhub_cache_delete_revisions(info, (const char *const *)(void *)hashes.data, n, &s);
    hfhub__buf_free(&hashes);
    if (r != HFHUB_OK) return r;
    /* the incomplete files join the strategy (Python deletes them after executing it), and
     * the unreferenced blobs of the repos that stay */
    box = (hfhub__strategy_box *)(void *)s;
    if (hfhub__cdel_add_extras(s, &box->arena, info) != 0) {
        hfhub_cache_strategy_free(s);
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    *out = s;
    return HFHUB_OK;
}

/* rm -rf that never follows a link (a link is removed, not its target). */
static hfhub_result hfhub__cdel_rmtree(const hfhub_allocator *a, const char *path, int depth) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    hfhub_result r = HFHUB_OK, e;
    if (hfhub__fs_kind(path) != HFHUB__FS_DIR) return hfhub__fs_remove(path);
    if (depth > 128) return hfhub__fail(HFHUB_ERR_IO, "folder tree too deep: %s", path);
    e = hfhub__fs_dir_open(&d, a, path);
    if (e != HFHUB_OK) return e;
    for (;;) {
        hfhub__buf child;
        if (hfhub__fs_dir_next(&d, &name, &kind) != HFHUB_OK || !name) break;
        hfhub__buf_init(&child, a);
        hfhub__buf_printf(&child, "%s/%s", path, name);
        e = child.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : hfhub__cdel_rmtree(a, child.data, depth + 1);
        if (e != HFHUB_OK && r == HFHUB_OK) r = e;
        hfhub__buf_free(&child);
    }
    hfhub__fs_dir_close(&d);
    e = hfhub__fs_rmdir(path);
    return r != HFHUB_OK ? r : e;
}

/* Deletes each path; a missing one is fine (Python logs it), a failure is remembered. */
static void hfhub__cdel_delete_all(const hfhub_allocator *a, const char *const *paths, size_t n, hfhub_result *first) {
    size_t i;
    for (i = 0; i < n; i++) {
        hfhub_result r;
        if (hfhub__fs_kind(paths[i]) == HFHUB__FS_NONE) continue;
        r = hfhub__cdel_rmtree(a, paths[i], 0);
        if (r != HFHUB_OK && *first == HFHUB_OK) *first = r;
    }
}

/* {cache}/.locks/{folder}/{etag}.lock of a file in {cache}/{folder}/blobs (reset into b);
 * -1 when path is not in a blobs folder. */
static int hfhub__cdel_lock_path(hfhub__buf *b, const char *path) {
    const char *blobs = NULL, *p, *folder, *name, *dot;
    for (p = strstr(path, "/blobs/"); p; p = strstr(p + 1, "/blobs/")) blobs = p;
    if (!blobs) return -1;
    name = blobs + 7;
    for (folder = blobs; folder > path && folder[-1] != '/'; folder--) {}
    if (folder == path) return -1;
    dot = strchr(name, '.');
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%.*s.locks/%.*s/%.*s.lock", (int)(folder - path), path, (int)(blobs - folder), folder,
                      (int)(dot ? (size_t)(dot - name) : strlen(name)), name);
    return b->failed ? -1 : 0;
}

/* Deletes files a download may be writing (partial files, blobs not linked yet) only when
 * no process holds their etag's lock; a busy one is left alone. */
static void hfhub__cdel_delete_unlocked(const hfhub_allocator *a, const char *const *paths, size_t n, hfhub_result *first) {
    hfhub__buf lock;
    size_t i;
    hfhub__buf_init(&lock, a);
    for (i = 0; i < n; i++) {
        hfhub__fs_lock l;
        hfhub_result r;
        int locked = 0;
        if (hfhub__fs_kind(paths[i]) == HFHUB__FS_NONE) continue;
        if (hfhub__cdel_lock_path(&lock, paths[i]) == 0 && hfhub__fs_exists(lock.data)) {
            if (hfhub__fs_lock_acquire(&l, lock.data, 0, NULL) != HFHUB_OK) continue; /* a download owns it */
            locked = 1;
        }
        r = hfhub__fs_remove(paths[i]);
        if (locked) hfhub__fs_lock_release(&l);
        if (r != HFHUB_OK && *first == HFHUB_OK) *first = r;
    }
    hfhub__buf_free(&lock);
}

hfhub_result hfhub_cache_strategy_execute(const hfhub_cache_delete_strategy *s) {
    hfhub_result first = HFHUB_OK;
    const hfhub_allocator *a;
    if (!s) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "strategy_execute: no strategy");
    a = ((const hfhub__strategy_box *)(const void *)s)->arena.a;
    /* refs and snapshot links go before the blobs they lead to */
    hfhub__cdel_delete_all(a, s->repos, s->n_repos, &first);
    hfhub__cdel_delete_all(a, s->snapshots, s->n_snapshots, &first);
    hfhub__cdel_delete_all(a, s->refs, s->n_refs, &first);
    hfhub__cdel_delete_all(a, s->blobs, s->n_blobs, &first);
    hfhub__cdel_delete_unlocked(a, s->incomplete, s->n_incomplete, &first);
    hfhub__cdel_delete_unlocked(a, s->unreferenced, s->n_unreferenced, &first);
    return first;
}

void hfhub_cache_strategy_free(hfhub_cache_delete_strategy *s) {
    hfhub__arena ar;
    if (!s) return;
    ar = ((hfhub__strategy_box *)(void *)s)->arena; /* the box lives in its own arena */
    hfhub__arena_free(&ar);
}

#endif /* HFHUB_NO_STDIO */
