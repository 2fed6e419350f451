/* cache_scan.c: scan_cache_dir: the repos, revisions, files and refs of the shared cache,
 * with Python's sizes, times and corruption warnings. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef HFHUB_NO_STDIO

/* OS helper files Python skips everywhere in the cache (FILES_TO_IGNORE). */
static int hfhub__cscan_ignored(const char *name) {
    return !strcmp(name, ".DS_Store") || !strcmp(name, "Thumbs.db") || !strcmp(name, "desktop.ini");
}

/* ---- stat with fractional times ---------------------------------------------------------- */

typedef struct hfhub__cscan_stat {
    uint64_t size;
    double atime, mtime;
    int is_dir;
} hfhub__cscan_stat;

/* stat() following links; 0 on success. */
static int hfhub__cscan_stat_path(const char *path, hfhub__cscan_stat *out) {
#if defined(_WIN32)
    struct _stat64 st;
    if (_stat64(path, &st) != 0) return -1;
    out->atime = (double)st.st_atime;
    out->mtime = (double)st.st_mtime;
#else
    struct stat st;
    if (stat(path, &st) != 0) return -1;
#if defined(__APPLE__)
    out->atime = (double)st.st_atimespec.tv_sec + st.st_atimespec.tv_nsec / 1e9;
    out->mtime = (double)st.st_mtimespec.tv_sec + st.st_mtimespec.tv_nsec / 1e9;
#else
    out->atime = (double)st.st_atim.tv_sec + st.st_atim.tv_nsec / 1e9;
    out->mtime = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
#endif
#endif
    out->size = (uint64_t)st.st_size;
#if defined(_WIN32)
    out->is_dir = (st.st_mode & _S_IFMT) == _S_IFDIR;
#else
    out->is_dir = S_ISDIR(st.st_mode);
#endif
    return 0;
}

/* ---- growable arrays in scratch memory --------------------------------------------------- */

typedef struct hfhub__cscan_vec {
    char *data;
    size_t n, cap, elem;
} hfhub__cscan_vec;

static void hfhub__cscan_vec_init(hfhub__cscan_vec *v, size_t elem) {
    v->data = NULL;
    v->n = v->cap = 0;
    v->elem = elem;
}

/* A zeroed new element at the end, or NULL without memory. */
static void *hfhub__cscan_vec_push(const hfhub_allocator *a, hfhub__cscan_vec *v) {
    void *p;
    if (v->n == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 16;
        char *nd = (char *)hfhub__realloc(a, v->data, v->cap * v->elem, nc * v->elem);
        if (!nd) return NULL;
        v->data = nd;
        v->cap = nc;
    }
    p = v->data + v->n++ * v->elem;
    memset(p, 0, v->elem);
    return p;
}

static void hfhub__cscan_vec_free(const hfhub_allocator *a, hfhub__cscan_vec *v) {
    hfhub__free(a, v->data, v->cap * v->elem);
    hfhub__cscan_vec_init(v, v->elem);
}

static void hfhub__cscan_vec_sort(hfhub__cscan_vec *v, int (*cmp)(const void *, const void *)) {
    if (v->n > 1) qsort(v->data, v->n, v->elem, cmp);
}

/* Copies the elements into the arena (NULL for none; *ok cleared without memory). */
static void *hfhub__cscan_vec_to_arena(hfhub__arena *ar, const hfhub__cscan_vec *v, int *ok) {
    void *p;
    if (!v->n) return NULL;
    p = hfhub__arena_alloc(ar, v->n * v->elem);
    if (!p) { *ok = 0; return NULL; }
    memcpy(p, v->data, v->n * v->elem);
    return p;
}

/* ---- a set of paths (distinct blobs) ----------------------------------------------------- */

typedef struct hfhub__cscan_blob {
    const char *path;     /* arena */
    uint32_t hash;
    hfhub__cscan_stat st;
    size_t stamp;         /* last revision (index + 1) that counted it */
} hfhub__cscan_blob;

typedef struct hfhub__cscan_set {
    hfhub__cscan_vec items;   /* hfhub__cscan_blob */
    size_t *slots;            /* index + 1, 0 = empty; capacity a power of two */
    size_t nslots;
} hfhub__cscan_set;

static uint32_t hfhub__cscan_hash(const char *s) {
    uint32_t h = 2166136261u; /* FNV-1a */
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static void hfhub__cscan_set_init(hfhub__cscan_set *s) {
    hfhub__cscan_vec_init(&s->items, sizeof(hfhub__cscan_blob));
    s->slots = NULL;
    s->nslots = 0;
}

static void hfhub__cscan_set_free(const hfhub_allocator *a, hfhub__cscan_set *s) {
    hfhub__cscan_vec_free(a, &s->items);
    hfhub__free(a, s->slots, s->nslots * sizeof(size_t));
    s->slots = NULL;
    s->nslots = 0;
}

static size_t hfhub__cscan_set_slot(const hfhub__cscan_set *s, const char *path, uint32_t h) {
    size_t i = h & (s->nslots - 1);
    for (;;) {
        size_t k = s->slots[i];
        if (!k) return i;
        {
            const hfhub__cscan_blob *b = (const hfhub__cscan_blob *)s->items.data + (k - 1);
            if (b->hash == h && !strcmp(b->path, path)) return i;
        }
        i = (i + 1) & (s->nslots - 1);
    }
}

static int hfhub__cscan_set_grow(const hfhub_allocator *a, hfhub__cscan_set *s) {
    size_t n = s->nslots ? s->nslots * 2 : 64, i;
    size_t *slots = (size_t *)hfhub__alloc(a, n * sizeof(size_t));
    if (!slots) return -1;
    memset(slots, 0, n * sizeof(size_t));
    hfhub__free(a, s->slots, s->nslots * sizeof(size_t));
    s->slots = slots;
    s->nslots = n;
    for (i = 0; i < s->items.n; i++) {
        const hfhub__cscan_blob *b = (const hfhub__cscan_blob *)s->items.data + i;
        s->slots[hfhub__cscan_set_slot(s, b->path, b->hash)] = i + 1;
    }
    return 0;
}

/* The index of path, or -1 when it is not in the set. */
static long hfhub__cscan_set_find(const hfhub__cscan_set *s, const char *path) {
    size_t slot;
    if (!s->nslots) return -1;
    slot = hfhub__cscan_set_slot(s, path, hfhub__cscan_hash(path));
    return s->slots[slot] ? (long)(s->slots[slot] - 1) : -1;
}

/* The entry of path (index), 1 in *added when new (then the caller fills it); -1 no memory. */
static long hfhub__cscan_set_add(const hfhub_allocator *a, hfhub__cscan_set *s, const char *path, int *added) {
    uint32_t h = hfhub__cscan_hash(path);
    size_t slot;
    hfhub__cscan_blob *b;
    *added = 0;
    if ((s->items.n + 1) * 2 > s->nslots && hfhub__cscan_set_grow(a, s) != 0) return -1;
    slot = hfhub__cscan_set_slot(s, path, h);
    if (s->slots[slot]) return (long)(s->slots[slot] - 1);
    b = (hfhub__cscan_blob *)hfhub__cscan_vec_push(a, &s->items);
    if (!b) return -1;
    b->path = path;
    b->hash = h;
    s->slots[slot] = s->items.n;
    *added = 1;
    return (long)(s->items.n - 1);
}

/* ---- the scanner ------------------------------------------------------------------------- */

typedef struct hfhub__cscan {
    const hfhub_allocator *a;
    hfhub__arena *ar;            /* the result */
    hfhub__cscan_vec repos;      /* hfhub_cached_repo */
    hfhub__cscan_vec warnings;   /* const char * */
    hfhub__cscan_vec incomplete; /* hfhub_cached_incomplete_file */
    hfhub__cscan_vec orphans;    /* hfhub_cached_incomplete_file: unreferenced blobs */
    int nomem;
    int list_failed;             /* the cache folder could not be listed */
    /* per repo */
    const char *repo_path;
    hfhub__cscan_set blobs;
    hfhub__cscan_vec refs;       /* hfhub__cscan_ref */
    hfhub__cscan_vec revisions;  /* hfhub_cached_revision */
    hfhub__cscan_vec files;      /* hfhub_cached_file of the revision being scanned */
    hfhub__cscan_vec file_blobs; /* size_t blob index of each file */
    const char *corrupt;         /* the warning that ends this repo's scan */
} hfhub__cscan;

typedef struct hfhub__cscan_ref {
    const char *commit; /* the ref file's content, as Python reads it (not stripped) */
    const char *name;   /* "main", "refs/pr/1" */
    int used;
} hfhub__cscan_ref;

static char *hfhub__cscan_join(hfhub__cscan *s, const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    char *p = (char *)hfhub__arena_alloc(s->ar, a + b + 2);
    if (!p) { s->nomem = 1; return NULL; }
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

/* Records why the current repo is corrupted (the first reason wins). */
static void hfhub__cscan_corrupt(hfhub__cscan *s, const char *fmt, const char *a1, const char *a2) {
    hfhub__buf b;
    char *msg;
    if (s->corrupt) return;
    hfhub__buf_init(&b, s->a);
    hfhub__buf_printf(&b, fmt, a1, a2 ? a2 : "");
    msg = b.failed ? NULL : hfhub__arena_strdup(s->ar, b.data ? b.data : "");
    hfhub__buf_free(&b);
    if (!msg) s->nomem = 1;
    s->corrupt = msg ? msg : "out of memory";
}

static int hfhub__cscan_ok(const hfhub__cscan *s) { return !s->corrupt && !s->nomem; }

/* Python's repr() of a str: single quotes unless it holds ' and no ". */
static void hfhub__cscan_repr(hfhub__buf *b, const char *s) {
    char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
    hfhub__buf_putc(b, q);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '\\' || ch == (unsigned char)q) { hfhub__buf_putc(b, '\\'); hfhub__buf_putc(b, (char)ch); }
        else if (ch == '\n') hfhub__buf_puts(b, "\\n");
        else if (ch == '\r') hfhub__buf_puts(b, "\\r");
        else if (ch == '\t') hfhub__buf_puts(b, "\\t");
        else if (ch < 0x20 || ch == 0x7f) hfhub__buf_printf(b, "\\x%02x", ch);
        else hfhub__buf_putc(b, (char)ch);
    }
    hfhub__buf_putc(b, q);
}

/* ---- refs -------------------------------------------------------------------------------- */

static void hfhub__cscan_refs_dir(hfhub__cscan *s, const char *dir, const char *prefix, int depth) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    if (depth > 32 || hfhub__fs_dir_open(&d, s->a, dir) != HFHUB_OK) return;
    while (hfhub__cscan_ok(s) && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        char *path = hfhub__cscan_join(s, dir, name);
        char *ref_name = *prefix ? hfhub__cscan_join(s, prefix, name) : hfhub__arena_strdup(s->ar, name);
        if (!path || !ref_name) { s->nomem = 1; break; }
        if (hfhub__fs_is_dir(path)) {
            hfhub__cscan_refs_dir(s, path, ref_name, depth + 1);
        } else if (!hfhub__cscan_ignored(name)) {
            char *content = NULL;
            size_t len = 0;
            hfhub__cscan_ref *r;
            if (hfhub__fs_read_file(s->a, path, 1 << 20, &content, &len) != HFHUB_OK) {
                hfhub__cscan_corrupt(s, "Cannot read ref file: %s%s", path, NULL);
                break;
            }
            r = (hfhub__cscan_ref *)hfhub__cscan_vec_push(s->a, &s->refs);
            if (r) r->commit = hfhub__arena_strndup(s->ar, content, len);
            if (r) r->name = ref_name;
            if (!r || !r->commit) s->nomem = 1;
            hfhub__free(s->a, content, len + 1);
        }
    }
    hfhub__fs_dir_close(&d);
}

/* ---- snapshots --------------------------------------------------------------------------- */

/* Where a snapshot link leads: its first hop when that is in {repo}/blobs (Python keeps the
 * repo-local entry), else the end of the link chain. Arena string, NULL without memory. */
static char *hfhub__cscan_link_blob(hfhub__cscan *s, const char *file_path) {
    char *cur = hfhub__arena_strdup(s->ar, file_path);
    int hop;
    /* file_path is a link (the listing said so); later hops are checked */
    for (hop = 0; cur && hop < 40 && (hop == 0 || hfhub__fs_kind(cur) == HFHUB__FS_LINK); hop++) {
        char *target = NULL, *joined, *abs = NULL;
        const char *slash = strrchr(cur, '/');
        if (hfhub__fs_readlink(s->a, cur, &target) != HFHUB_OK) break;
        if (target[0] == '/') joined = hfhub__arena_strdup(s->ar, target);
        else {
            char *parent = hfhub__arena_strndup(s->ar, cur, slash ? (size_t)(slash - cur) : 0);
            joined = parent ? hfhub__cscan_join(s, parent, target) : NULL;
        }
        hfhub__free(s->a, target, strlen(target) + 1);
        if (!joined || hfhub__fs_abspath(s->a, joined, &abs) != HFHUB_OK) { s->nomem = 1; return NULL; }
        cur = hfhub__arena_strdup(s->ar, abs);
        hfhub__free(s->a, abs, strlen(abs) + 1);
        if (hop == 0 && cur) {
            const char *last = strrchr(cur, '/');
            size_t rl = strlen(s->repo_path);
            if (last && (size_t)(last - cur) == rl + 6 && !strncmp(cur, s->repo_path, rl) &&
                !strncmp(cur + rl, "/blobs", 6))
                return cur;
        }
    }
    if (!cur) s->nomem = 1;
    return cur;
}

static void hfhub__cscan_add_file(hfhub__cscan *s, const char *path, const char *name, const char *rel, int is_link) {
    const char *blob = is_link ? hfhub__cscan_link_blob(s, path) : path;
    hfhub__cscan_blob *b;
    hfhub_cached_file *f;
    size_t *fb;
    long idx;
    int added;
    if (!blob) return;
    idx = hfhub__cscan_set_find(&s->blobs, blob);
    if (idx < 0) {
        /* one stat per distinct blob: Python's exists() and is_dir() checks and its stats */
        hfhub__cscan_stat st;
        if (hfhub__cscan_stat_path(blob, &st) != 0) {
            hfhub__cscan_corrupt(s, "Blob missing (broken symlink): %s%s", blob, NULL);
            return;
        }
        if (st.is_dir) return; /* a link to a folder is a folder, not a file */
        idx = hfhub__cscan_set_add(s->a, &s->blobs, blob, &added);
        if (idx < 0) { s->nomem = 1; return; }
        ((hfhub__cscan_blob *)s->blobs.items.data)[idx].st = st;
    }
    b = (hfhub__cscan_blob *)s->blobs.items.data + idx;
    f = (hfhub_cached_file *)hfhub__cscan_vec_push(s->a, &s->files);
    fb = (size_t *)hfhub__cscan_vec_push(s->a, &s->file_blobs);
    if (!f || !fb) { s->nomem = 1; return; }
    f->file_name = hfhub__arena_strdup(s->ar, name);
    f->file_path = path;
    f->path_in_repo = rel;
    f->blob_path = b->path;
    f->size_on_disk = b->st.size;
    f->blob_last_accessed = b->st.atime;
    f->blob_last_modified = b->st.mtime;
    *fb = (size_t)idx;
    if (!f->file_name) s->nomem = 1;
}

/* Every file under dir (recursively; links to folders are folders, like Path.is_dir). */
static void hfhub__cscan_files(hfhub__cscan *s, const char *dir, const char *rel, int depth) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    if (depth > 64 || hfhub__fs_dir_open(&d, s->a, dir) != HFHUB_OK) return;
    while (hfhub__cscan_ok(s) && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        char *path = hfhub__cscan_join(s, dir, name);
        char *r = *rel ? hfhub__cscan_join(s, rel, name) : hfhub__arena_strdup(s->ar, name);
        if (!path || !r) { s->nomem = 1; break; }
        if (kind == HFHUB__FS_DIR) hfhub__cscan_files(s, path, r, depth + 1);
        else hfhub__cscan_add_file(s, path, name, r, kind == HFHUB__FS_LINK);
    }
    hfhub__fs_dir_close(&d);
}

static int hfhub__cscan_cmp_file(const void *x, const void *y) {
    return strcmp(((const hfhub_cached_file *)x)->file_path, ((const hfhub_cached_file *)y)->file_path);
}

static int hfhub__cscan_cmp_str(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The refs naming this commit, sorted, into the arena (marked used). */
static void hfhub__cscan_revision_refs(hfhub__cscan *s, hfhub_cached_revision *rev) {
    size_t i, n = 0;
    const char **refs;
    for (i = 0; i < s->refs.n; i++)
        if (!strcmp(((hfhub__cscan_ref *)s->refs.data)[i].commit, rev->commit_hash)) n++;
    if (!n) return;
    refs = (const char **)hfhub__arena_alloc(s->ar, n * sizeof(char *));
    if (!refs) { s->nomem = 1; return; }
    n = 0;
    for (i = 0; i < s->refs.n; i++) {
        hfhub__cscan_ref *r = (hfhub__cscan_ref *)s->refs.data + i;
        if (!strcmp(r->commit, rev->commit_hash)) { refs[n++] = r->name; r->used = 1; }
    }
    qsort(refs, n, sizeof(char *), hfhub__cscan_cmp_str);
    rev->refs = refs;
    rev->n_refs = n;
}

static void hfhub__cscan_revision(hfhub__cscan *s, const char *path, const char *name) {
    hfhub_cached_revision *rev;
    size_t i, stamp;
    int ok = 1;
    s->files.n = s->file_blobs.n = 0;
    hfhub__cscan_files(s, path, "", 0);
    if (!hfhub__cscan_ok(s)) return;
    rev = (hfhub_cached_revision *)hfhub__cscan_vec_push(s->a, &s->revisions);
    if (!rev) { s->nomem = 1; return; }
    stamp = s->revisions.n;
    rev->commit_hash = hfhub__arena_strdup(s->ar, name);
    rev->snapshot_path = path;
    for (i = 0; i < s->files.n; i++) {
        hfhub__cscan_blob *b = (hfhub__cscan_blob *)s->blobs.items.data + ((size_t *)s->file_blobs.data)[i];
        if (b->st.mtime > rev->last_modified || i == 0) rev->last_modified = b->st.mtime;
        if (b->stamp != stamp) { b->stamp = stamp; rev->size_on_disk += b->st.size; }
    }
    if (!s->files.n) {
        hfhub__cscan_stat st;
        if (hfhub__cscan_stat_path(path, &st) == 0) rev->last_modified = st.mtime;
    }
    hfhub__cscan_vec_sort(&s->files, hfhub__cscan_cmp_file);
    rev->files = (const hfhub_cached_file *)hfhub__cscan_vec_to_arena(s->ar, &s->files, &ok);
    rev->nb_files = s->files.n;
    if (!ok || !rev->commit_hash) s->nomem = 1;
    hfhub__cscan_revision_refs(s, rev);
}

static void hfhub__cscan_snapshots(hfhub__cscan *s, const char *snapshots) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    if (hfhub__fs_dir_open(&d, s->a, snapshots) != HFHUB_OK) {
        hfhub__cscan_corrupt(s, "Cannot list snapshots dir: %s%s", snapshots, NULL);
        return;
    }
    while (hfhub__cscan_ok(s) && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        char *path;
        if (hfhub__cscan_ignored(name)) continue;
        path = hfhub__cscan_join(s, snapshots, name);
        if (!path) break;
        if (!hfhub__fs_is_dir(path)) {
            hfhub__cscan_corrupt(s, "Snapshots folder corrupted. Found a file: %s%s", path, NULL);
            break;
        }
        hfhub__cscan_revision(s, path, name);
    }
    hfhub__fs_dir_close(&d);
}

/* "Reference(s) refer to missing commit hashes: {'<hash>': {'main'}} (<repo>)." */
static void hfhub__cscan_dangling_refs(hfhub__cscan *s) {
    hfhub__buf b;
    size_t i, j;
    int first = 1;
    hfhub__buf_init(&b, s->a);
    for (i = 0; i < s->refs.n; i++) {
        hfhub__cscan_ref *r = (hfhub__cscan_ref *)s->refs.data + i;
        int seen = 0;
        if (r->used) continue;
        for (j = 0; j < i && !seen; j++) {
            hfhub__cscan_ref *o = (hfhub__cscan_ref *)s->refs.data + j;
            seen = !o->used && !strcmp(o->commit, r->commit);
        }
        if (seen) continue;
        hfhub__buf_puts(&b, first ? "{" : ", ");
        first = 0;
        hfhub__cscan_repr(&b, r->commit);
        hfhub__buf_puts(&b, ": {");
        for (j = i; j < s->refs.n; j++) {
            hfhub__cscan_ref *o = (hfhub__cscan_ref *)s->refs.data + j;
            if (o->used || strcmp(o->commit, r->commit)) continue;
            if (j != i) hfhub__buf_puts(&b, ", ");
            hfhub__cscan_repr(&b, o->name);
        }
        hfhub__buf_putc(&b, '}');
    }
    if (!first) {
        hfhub__buf_putc(&b, '}');
        if (!b.failed) hfhub__cscan_corrupt(s, "Reference(s) refer to missing commit hashes: %s (%s).", b.data, s->repo_path);
        else s->nomem = 1;
    }
    hfhub__buf_free(&b);
}

/* Splits "models--org--name" into type and id; 0 when it is a valid cache folder name. */
static int hfhub__cscan_parse_name(hfhub__cscan *s, const char *name, const char *path, hfhub_cached_repo *repo) {
    const char *sep = strstr(name, "--");
    size_t tl;
    char *id, *p;
    if (!sep) {
        hfhub__cscan_corrupt(s, "Repo path is not a valid HuggingFace cache directory: %s%s", path, NULL);
        return -1;
    }
    tl = (size_t)(sep - name);
    repo->repo_type = hfhub__arena_strndup(s->ar, name, tl ? tl - 1 : 0); /* "models" -> "model" */
    id = (char *)hfhub__arena_alloc(s->ar, strlen(sep + 2) + 1);
    if (!repo->repo_type || !id) { s->nomem = 1; return -1; }
    for (p = id, sep += 2; *sep; sep++) {
        if (sep[0] == '-' && sep[1] == '-') { *p++ = '/'; sep++; }
        else *p++ = *sep;
    }
    *p = 0;
    repo->repo_id = id;
    if (strcmp(repo->repo_type, "model") && strcmp(repo->repo_type, "dataset") && strcmp(repo->repo_type, "space")) {
        hfhub__cscan_corrupt(s, "Repo type must be `dataset`, `model` or `space`, found `%s` (%s).", repo->repo_type, path);
        return -1;
    }
    return 0;
}

static void hfhub__cscan_repo_totals(hfhub__cscan *s, hfhub_cached_repo *repo) {
    size_t i;
    const hfhub__cscan_blob *blobs = (const hfhub__cscan_blob *)s->blobs.items.data;
    repo->nb_files = s->blobs.items.n;
    for (i = 0; i < s->blobs.items.n; i++) {
        repo->size_on_disk += blobs[i].st.size;
        if (i == 0 || blobs[i].st.atime > repo->last_accessed) repo->last_accessed = blobs[i].st.atime;
        if (i == 0 || blobs[i].st.mtime > repo->last_modified) repo->last_modified = blobs[i].st.mtime;
    }
    if (!s->blobs.items.n) {
        hfhub__cscan_stat st;
        if (hfhub__cscan_stat_path(repo->repo_path, &st) == 0) {
            repo->last_accessed = st.atime;
            repo->last_modified = st.mtime;
        }
    }
}

/* Blobs of the repo that no snapshot file leads to (not *.incomplete). */
static void hfhub__cscan_orphans(hfhub__cscan *s, const char *repo_path) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    char *blobs = hfhub__cscan_join(s, repo_path, "blobs");
    if (!blobs || hfhub__fs_dir_open(&d, s->a, blobs) != HFHUB_OK) return;
    while (!s->nomem && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        size_t n = strlen(name);
        hfhub__cscan_stat st;
        char *path;
        hfhub_cached_incomplete_file *f;
        if (kind != HFHUB__FS_FILE || (n >= 11 && !strcmp(name + n - 11, ".incomplete"))) continue;
        path = hfhub__cscan_join(s, blobs, name);
        if (!path || hfhub__cscan_set_find(&s->blobs, path) >= 0 || hfhub__cscan_stat_path(path, &st) != 0) continue;
        f = (hfhub_cached_incomplete_file *)hfhub__cscan_vec_push(s->a, &s->orphans);
        if (!f) { s->nomem = 1; break; }
        f->file_path = path;
        f->size_on_disk = st.size;
    }
    hfhub__fs_dir_close(&d);
}

static int hfhub__cscan_cmp_revision(const void *x, const void *y) {
    return strcmp(((const hfhub_cached_revision *)x)->commit_hash, ((const hfhub_cached_revision *)y)->commit_hash);
}

/* Python's _scan_cached_repo; a corrupted repo becomes a warning. */
static void hfhub__cscan_repo(hfhub__cscan *s, const char *path, const char *name) {
    hfhub_cached_repo repo;
    char *snapshots, *refs;
    memset(&repo, 0, sizeof repo);
    repo.repo_path = s->repo_path = path;
    s->corrupt = NULL;
    s->refs.n = s->revisions.n = 0;
    hfhub__cscan_set_free(s->a, &s->blobs);
    snapshots = hfhub__cscan_join(s, path, "snapshots");
    refs = hfhub__cscan_join(s, path, "refs");
    if (!snapshots || !refs) return;
    if (!hfhub__fs_is_dir(path)) hfhub__cscan_corrupt(s, "Repo path is not a directory: %s%s", path, NULL);
    else if (hfhub__cscan_parse_name(s, name, path, &repo) != 0) { /* recorded */ }
    else if (!hfhub__fs_is_dir(snapshots))
        hfhub__cscan_corrupt(s, "Snapshots dir doesn't exist in cached repo: %s%s", snapshots, NULL);
    else if (hfhub__fs_exists(refs) && !hfhub__fs_is_dir(refs))
        hfhub__cscan_corrupt(s, "Refs directory cannot be a file: %s%s", refs, NULL);
    if (hfhub__cscan_ok(s)) hfhub__cscan_refs_dir(s, refs, "", 0);
    if (hfhub__cscan_ok(s)) hfhub__cscan_snapshots(s, snapshots);
    if (hfhub__cscan_ok(s)) hfhub__cscan_dangling_refs(s);
    if (s->nomem) return;
    if (s->corrupt) {
        const char **w = (const char **)hfhub__cscan_vec_push(s->a, &s->warnings);
        if (!w) s->nomem = 1;
        else *w = s->corrupt;
        return;
    }
    hfhub__cscan_repo_totals(s, &repo);
    hfhub__cscan_orphans(s, path);
    {
        int ok = 1;
        hfhub_cached_repo *r;
        hfhub__cscan_vec_sort(&s->revisions, hfhub__cscan_cmp_revision);
        repo.revisions = (const hfhub_cached_revision *)hfhub__cscan_vec_to_arena(s->ar, &s->revisions, &ok);
        repo.n_revisions = s->revisions.n;
        r = (hfhub_cached_repo *)hfhub__cscan_vec_push(s->a, &s->repos);
        if (!r || !ok) s->nomem = 1;
        else *r = repo;
    }
}

/* The *.incomplete files in {cache}/{entry}/blobs (Python's glob, hidden entries included). */
static void hfhub__cscan_incomplete(hfhub__cscan *s, const char *entry_path) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    char *blobs = hfhub__cscan_join(s, entry_path, "blobs");
    if (!blobs || !hfhub__fs_is_dir(blobs) || hfhub__fs_dir_open(&d, s->a, blobs) != HFHUB_OK) return;
    while (!s->nomem && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        size_t n = strlen(name);
        hfhub__cscan_stat st;
        char *path;
        hfhub_cached_incomplete_file *f;
        if (n < 11 || strcmp(name + n - 11, ".incomplete")) continue;
        path = hfhub__cscan_join(s, blobs, name);
        if (!path || hfhub__cscan_stat_path(path, &st) != 0) continue;
        f = (hfhub_cached_incomplete_file *)hfhub__cscan_vec_push(s->a, &s->incomplete);
        if (!f) { s->nomem = 1; break; }
        f->file_path = path;
        f->size_on_disk = st.size;
    }
    hfhub__fs_dir_close(&d);
}

static int hfhub__cscan_cmp_repo(const void *x, const void *y) {
    return strcmp(((const hfhub_cached_repo *)x)->repo_path, ((const hfhub_cached_repo *)y)->repo_path);
}

static int hfhub__cscan_cmp_incomplete(const void *x, const void *y) {
    return strcmp(((const hfhub_cached_incomplete_file *)x)->file_path,
                  ((const hfhub_cached_incomplete_file *)y)->file_path);
}

/* Sum of the distinct blob paths of all repos (a link may lead into another repo). */
static int hfhub__cscan_physical_size(hfhub__cscan *s, hfhub_cache_info *info) {
    hfhub__cscan_set all;
    size_t i, j, k;
    int added, rc = 0;
    hfhub__cscan_set_init(&all);
    for (i = 0; i < info->n_repos && !rc; i++)
        for (j = 0; j < info->repos[i].n_revisions && !rc; j++)
            for (k = 0; k < info->repos[i].revisions[j].nb_files; k++) {
                const hfhub_cached_file *f = &info->repos[i].revisions[j].files[k];
                if (hfhub__cscan_set_add(s->a, &all, f->blob_path, &added) < 0) { rc = -1; break; }
                if (added) info->size_on_disk += f->size_on_disk;
            }
    hfhub__cscan_set_free(s->a, &all);
    return rc;
}

typedef struct hfhub__cache_info_box {
    hfhub_cache_info info;
    hfhub__arena arena;
} hfhub__cache_info_box;

static void hfhub__cscan_top(hfhub__cscan *s, const char *cache_dir) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    if (hfhub__fs_dir_open(&d, s->a, cache_dir) != HFHUB_OK) { s->list_failed = 1; return; }
    while (!s->nomem && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        char *path = hfhub__cscan_join(s, cache_dir, name);
        if (!path) break;
        hfhub__cscan_incomplete(s, path);
        if (hfhub__cscan_ignored(name) || !strcmp(name, ".locks") || !strcmp(name, "CACHEDIR.TAG")) continue;
        hfhub__cscan_repo(s, path, name);
    }
    hfhub__fs_dir_close(&d);
}

static void hfhub__cscan_free_scratch(hfhub__cscan *s) {
    hfhub__cscan_set_free(s->a, &s->blobs);
    hfhub__cscan_vec_free(s->a, &s->repos);
    hfhub__cscan_vec_free(s->a, &s->warnings);
    hfhub__cscan_vec_free(s->a, &s->incomplete);
    hfhub__cscan_vec_free(s->a, &s->orphans);
    hfhub__cscan_vec_free(s->a, &s->refs);
    hfhub__cscan_vec_free(s->a, &s->revisions);
    hfhub__cscan_vec_free(s->a, &s->files);
    hfhub__cscan_vec_free(s->a, &s->file_blobs);
}

static hfhub_result hfhub__cscan_finish(hfhub__cscan *s, hfhub_cache_info *info) {
    int ok = 1;
    size_t i;
    hfhub__cscan_vec_sort(&s->repos, hfhub__cscan_cmp_repo);
    hfhub__cscan_vec_sort(&s->incomplete, hfhub__cscan_cmp_incomplete);
    info->repos = (const hfhub_cached_repo *)hfhub__cscan_vec_to_arena(s->ar, &s->repos, &ok);
    info->n_repos = s->repos.n;
    info->incomplete_files = (const hfhub_cached_incomplete_file *)hfhub__cscan_vec_to_arena(s->ar, &s->incomplete, &ok);
    info->n_incomplete_files = s->incomplete.n;
    for (i = 0; i < s->incomplete.n; i++) info->incomplete_size_on_disk += info->incomplete_files[i].size_on_disk;
    hfhub__cscan_vec_sort(&s->orphans, hfhub__cscan_cmp_incomplete);
    info->unreferenced_blobs = (const hfhub_cached_incomplete_file *)hfhub__cscan_vec_to_arena(s->ar, &s->orphans, &ok);
    info->n_unreferenced_blobs = s->orphans.n;
    for (i = 0; i < s->orphans.n; i++) info->unreferenced_size_on_disk += info->unreferenced_blobs[i].size_on_disk;
    info->warnings = (const char *const *)hfhub__cscan_vec_to_arena(s->ar, &s->warnings, &ok);
    info->n_warnings = s->warnings.n;
    if (!ok || hfhub__cscan_physical_size(s, info) != 0) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory scanning the cache");
    return HFHUB_OK;
}

static hfhub_result hfhub__cscan_dir_arg(hfhub_client *c, const char *cache_dir, hfhub__arena *ar, char **out) {
    char *expanded = NULL, *abs = NULL;
    const hfhub_allocator *a = c ? c->a : NULL;
    hfhub_result r;
    if (!cache_dir) cache_dir = c ? c->hub_cache : NULL;
    if (!cache_dir) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "scan_cache_dir: no cache folder given and no client");
    r = hfhub__fs_expand(a, cache_dir, &expanded);
    if (r == HFHUB_OK) r = hfhub__fs_abspath(a, expanded, &abs);
    if (r == HFHUB_OK && !(*out = hfhub__arena_strdup(ar, abs))) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (expanded) hfhub__free(a, expanded, strlen(expanded) + 1);
    if (abs) hfhub__free(a, abs, strlen(abs) + 1);
    if (r != HFHUB_OK) return r;
    if (!hfhub__fs_exists(*out))
        return hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND, "Cache directory not found: %s. Please use `cache_dir` argument or set `HF_HUB_CACHE` environment variable.", *out);
    if (!hfhub__fs_is_dir(*out))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Scan cache expects a directory but found a file: %s. Please use `cache_dir` argument or set `HF_HUB_CACHE` environment variable.", *out);
    return HFHUB_OK;
}

hfhub_result hfhub_scan_cache_dir(hfhub_client *c, const char *cache_dir, hfhub_cache_info **out) {
    hfhub__arena ar;
    hfhub__cache_info_box *box;
    hfhub__cscan s;
    char *dir = NULL;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "scan_cache_dir: out is NULL");
    *out = NULL;
    hfhub__arena_init(&ar, c ? c->a : NULL);
    r = hfhub__cscan_dir_arg(c, cache_dir, &ar, &dir);
    if (r != HFHUB_OK) { hfhub__arena_free(&ar); return r; }
    memset(&s, 0, sizeof s);
    s.a = c ? c->a : NULL;
    s.ar = &ar;
    hfhub__cscan_vec_init(&s.repos, sizeof(hfhub_cached_repo));
    hfhub__cscan_vec_init(&s.warnings, sizeof(const char *));
    hfhub__cscan_vec_init(&s.incomplete, sizeof(hfhub_cached_incomplete_file));
    hfhub__cscan_vec_init(&s.orphans, sizeof(hfhub_cached_incomplete_file));
    hfhub__cscan_vec_init(&s.refs, sizeof(hfhub__cscan_ref));
    hfhub__cscan_vec_init(&s.revisions, sizeof(hfhub_cached_revision));
    hfhub__cscan_vec_init(&s.files, sizeof(hfhub_cached_file));
    hfhub__cscan_vec_init(&s.file_blobs, sizeof(size_t));
    hfhub__cscan_set_init(&s.blobs);
    hfhub__cscan_top(&s, dir);
    box = (hfhub__cache_info_box *)hfhub__arena_alloc(&ar, sizeof *box);
    if (s.list_failed) r = hfhub__fail(HFHUB_ERR_IO, "cannot list the cache folder %s", dir);
    else if (s.nomem || !box) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory scanning the cache");
    else {
        memset(&box->info, 0, sizeof box->info);
        box->info.cache_dir = dir;
        r = hfhub__cscan_finish(&s, &box->info);
    }
    hfhub__cscan_free_scratch(&s);
    if (r != HFHUB_OK) { hfhub__arena_free(&ar); return r; }
    box->arena = ar;
    *out = &box->info;
    return HFHUB_OK;
}

const hfhub_allocator *hfhub__cache_info_allocator(const hfhub_cache_info *info) {
    return ((const hfhub__cache_info_box *)(const void *)info)->arena.a;
}

void hfhub_cache_info_free(hfhub_cache_info *info) {
    hfhub__arena ar;
    if (!info) return;
    ar = ((hfhub__cache_info_box *)(void *)info)->arena; /* the box lives in its own arena */
    hfhub__arena_free(&ar);
}

/* ASCII case-insensitive equality of the first n bytes (n = (size_t)-1: whole strings). */
static int hfhub__cscan_ieq_n(const char *a, const char *b, size_t n) {
    for (; n && *a && *b; a++, b++, n--) {
        char x = (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a), y = (char)(*b >= 'A' && *b <= 'Z' ? *b + 32 : *b);
        if (x != y) return 0;
    }
    return !n || *a == *b;
}

static int hfhub__cscan_ieq(const char *a, const char *b) { return hfhub__cscan_ieq_n(a, b, (size_t)-1); }

const hfhub_cached_repo *hfhub_cache_find_repo(const hfhub_cache_info *info, const char *cache_id) {
    size_t i;
    if (!info || !cache_id) return NULL;
    for (i = 0; i < info->n_repos; i++) {
        const hfhub_cached_repo *r = &info->repos[i];
        size_t tl = strlen(r->repo_type);
        if (hfhub__cscan_ieq_n(cache_id, r->repo_type, tl) && cache_id[tl] == '/' &&
            hfhub__cscan_ieq(cache_id + tl + 1, r->repo_id))
            return r;
    }
    return NULL;
}

const hfhub_cached_revision *hfhub_cache_find_revision(const hfhub_cache_info *info, const char *commit_hash,
                                                       const hfhub_cached_repo **repo) {
    size_t i, j;
    if (repo) *repo = NULL;
    if (!info || !commit_hash) return NULL;
    for (i = 0; i < info->n_repos; i++)
        for (j = 0; j < info->repos[i].n_revisions; j++)
            if (hfhub__cscan_ieq(info->repos[i].revisions[j].commit_hash, commit_hash)) {
                if (repo) *repo = &info->repos[i];
                return &info->repos[i].revisions[j];
            }
    return NULL;
}

#endif /* HFHUB_NO_STDIO */
