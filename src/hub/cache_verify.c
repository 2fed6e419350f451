/* cache_verify.c: re-hashing cached or local files against the Hub's checksums (Python's
 * verify_repo_checksums / `hf cache verify`) or against the etags their blobs are named by. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

/* One file that should be there and what it should hash to. */
typedef struct hfhub__cver_entry {
    const char *path;       /* in the repo */
    const char *algorithm;  /* "sha256" or "git-sha1" */
    const char *expected;   /* lower-case hex */
} hfhub__cver_entry;

typedef struct hfhub__cver {
    const hfhub_allocator *a;
    hfhub__arena *ar;
    hfhub__buf mismatches;  /* hfhub_checksum_mismatch */
    hfhub__buf missing;     /* const char * */
    hfhub__buf extra;       /* const char * */
    size_t checked;
    int nomem;
} hfhub__cver;

typedef struct hfhub__verification_box {
    hfhub_folder_verification v;
    hfhub__arena arena;
} hfhub__verification_box;

/* Hashes a file: lower-case hex into hex (65 bytes); 0, or -1 with the OS reason in *why. */
static int hfhub__cver_hash_file(const hfhub_allocator *a, const char *path, const char *algorithm, char hex[65],
                                 const char **why) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf, d[32];
    size_t n;
    uint64_t size = 0;
    int sha256 = !strcmp(algorithm, "sha256"), err;
    hfhub_sha256_ctx c256;
    hfhub_sha1_ctx c1;
    if (!f) { *why = strerror(errno); return -1; }
    buf = (unsigned char *)hfhub__alloc(a, 1 << 16);
    if (!buf || hfhub__fs_size(path, &size) != HFHUB_OK) {
        fclose(f);
        hfhub__free(a, buf, 1 << 16);
        *why = buf ? "cannot stat" : "out of memory";
        return -1;
    }
    if (sha256) hfhub_sha256_init(&c256);
    else hfhub_git_blob_init(&c1, size);
    while ((n = fread(buf, 1, 1 << 16, f)) > 0) {
        if (sha256) hfhub_sha256_update(&c256, buf, n);
        else hfhub_sha1_update(&c1, buf, n);
    }
    err = ferror(f);
    fclose(f);
    hfhub__free(a, buf, 1 << 16);
    if (sha256) hfhub_sha256_final(&c256, d);
    else hfhub_sha1_final(&c1, d);
    if (err) { *why = "read error"; return -1; }
    hfhub_hex_encode(d, sha256 ? 32 : 20, hex);
    return 0;
}

static void hfhub__cver_push(hfhub__cver *v, hfhub__buf *list, const char *s) {
    const char *copy = s ? hfhub__arena_strdup(v->ar, s) : NULL;
    if (!copy) { v->nomem = 1; return; }
    hfhub__buf_append(list, &copy, sizeof copy);
}

/* Hashes local_path and records a mismatch (Python's verify_maps, one file). */
static void hfhub__cver_check(hfhub__cver *v, const hfhub__cver_entry *e, const char *local_path) {
    char hex[65];
    const char *why = NULL;
    hfhub_checksum_mismatch m;
    memset(&m, 0, sizeof m);
    v->checked++;
    if (hfhub__cver_hash_file(v->a, local_path, e->algorithm, hex, &why) != 0) {
        hfhub__buf b;
        hfhub__buf_init(&b, v->a);
        hfhub__buf_printf(&b, "io-error:%s", why);
        m.expected = "<unavailable>";
        m.actual = b.failed ? NULL : hfhub__arena_strdup(v->ar, b.data);
        m.algorithm = "io";
        hfhub__buf_free(&b);
    } else if (strcmp(hex, e->expected)) {
        m.expected = hfhub__arena_strdup(v->ar, e->expected);
        m.actual = hfhub__arena_strdup(v->ar, hex);
        m.algorithm = e->algorithm;
    } else {
        return;
    }
    m.path = hfhub__arena_strdup(v->ar, e->path);
    if (!m.path || !m.expected || !m.actual) v->nomem = 1;
    else hfhub__buf_append(&v->mismatches, &m, sizeof m);
}

static void hfhub__cver_init(hfhub__cver *v, hfhub__arena *ar) {
    memset(v, 0, sizeof *v);
    v->a = ar->a;
    v->ar = ar;
    hfhub__buf_init(&v->mismatches, v->a);
    hfhub__buf_init(&v->missing, v->a);
    hfhub__buf_init(&v->extra, v->a);
}

static const void *hfhub__cver_freeze(hfhub__cver *v, hfhub__buf *b, size_t elem, size_t *n) {
    void *p = NULL;
    if (b->failed) v->nomem = 1;
    *n = b->len / elem;
    if (*n && !v->nomem && (p = hfhub__arena_alloc(v->ar, b->len)) != NULL) memcpy(p, b->data, b->len);
    else if (*n) v->nomem = 1;
    hfhub__buf_free(b);
    return p;
}

/* The result in its own arena (taken over from ar); NULL fields copied by the caller. */
static hfhub_result hfhub__cver_finish(hfhub__cver *v, const char *revision, const char *path,
                                       hfhub_folder_verification **out) {
    hfhub__verification_box *box = (hfhub__verification_box *)hfhub__arena_alloc(v->ar, sizeof *box);
    hfhub_folder_verification r;
    memset(&r, 0, sizeof r);
    r.revision = hfhub__arena_strdup(v->ar, revision);
    r.verified_path = hfhub__arena_strdup(v->ar, path);
    r.checked_count = v->checked;
    r.mismatches = (const hfhub_checksum_mismatch *)hfhub__cver_freeze(v, &v->mismatches, sizeof(hfhub_checksum_mismatch), &r.n_mismatches);
    r.missing_paths = (const char *const *)hfhub__cver_freeze(v, &v->missing, sizeof(char *), &r.n_missing_paths);
    r.extra_paths = (const char *const *)hfhub__cver_freeze(v, &v->extra, sizeof(char *), &r.n_extra_paths);
    if (!box || !r.revision || !r.verified_path || v->nomem) {
        hfhub__arena_free(v->ar);
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory verifying checksums");
    }
    box->v = r;
    box->arena = *v->ar;
    *out = &box->v;
    return HFHUB_OK;
}

static void hfhub__cver_abort(hfhub__cver *v) {
    hfhub__buf_free(&v->mismatches);
    hfhub__buf_free(&v->missing);
    hfhub__buf_free(&v->extra);
    hfhub__arena_free(v->ar);
}

void hfhub_folder_verification_free(hfhub_folder_verification *v) {
    hfhub__arena ar;
    if (!v) return;
    ar = ((hfhub__verification_box *)(void *)v)->arena; /* the box lives in its own arena */
    hfhub__arena_free(&ar);
}

/* The algorithm an etag names: 64 hex digits are LFS SHA-256, 40 a git blob id. */
static const char *hfhub__cver_etag_algorithm(const char *etag) {
    if (hfhub__is_sha256_hex(etag)) return "sha256";
    if (hfhub__is_commit_hash(etag)) return "git-sha1";
    return NULL;
}

hfhub_result hfhub_cache_verify_revision(const hfhub_cache_info *info, const hfhub_cached_revision *rev,
                                         hfhub_folder_verification **out) {
    hfhub__arena ar;
    hfhub__cver v;
    size_t i;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "verify: out is NULL");
    *out = NULL;
    if (!info || !rev) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "verify: no cache info or revision");
    hfhub__arena_init(&ar, hfhub__cache_info_allocator(info));
    hfhub__cver_init(&v, &ar);
    for (i = 0; i < rev->nb_files && !v.nomem; i++) {
        const hfhub_cached_file *f = &rev->files[i];
        const char *slash = strrchr(f->blob_path, '/');
        hfhub__cver_entry e;
        e.path = f->path_in_repo;
        e.expected = slash ? slash + 1 : f->blob_path;
        e.algorithm = strcmp(f->blob_path, f->file_path) ? hfhub__cver_etag_algorithm(e.expected) : NULL;
        if (e.algorithm) hfhub__cver_check(&v, &e, f->file_path);
    }
    return hfhub__cver_finish(&v, rev->commit_hash, rev->snapshot_path, out);
}

/* ---- local files ------------------------------------------------------------------------- */

/* Every file under dir (links followed to files, not into folders), relative paths. */
static void hfhub__cver_walk(hfhub__cver *v, hfhub__buf *files, const char *dir, const char *rel, int depth) {
    hfhub__fs_dir d;
    const char *name;
    int kind;
    if (depth > 64 || hfhub__fs_dir_open(&d, v->a, dir) != HFHUB_OK) return;
    while (!v->nomem && hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        hfhub__buf path, r;
        hfhub__buf_init(&path, v->a);
        hfhub__buf_init(&r, v->a);
        hfhub__buf_printf(&path, "%s/%s", dir, name);
        hfhub__buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", name);
        if (path.failed || r.failed) v->nomem = 1;
        else if (kind == HFHUB__FS_DIR) hfhub__cver_walk(v, files, path.data, r.data, depth + 1);
        else if (kind == HFHUB__FS_FILE || (kind == HFHUB__FS_LINK && hfhub__fs_exists(path.data) && !hfhub__fs_is_dir(path.data)))
            hfhub__cver_push(v, files, r.data);
        hfhub__buf_free(&path);
        hfhub__buf_free(&r);
    }
    hfhub__fs_dir_close(&d);
}

static int hfhub__cver_cmp_str(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int hfhub__cver_cmp_entry(const void *x, const void *y) {
    return strcmp(((const hfhub__cver_entry *)x)->path, ((const hfhub__cver_entry *)y)->path);
}

/* Python's verify_maps: expected (sorted here) against the files under root. */
static void hfhub__cver_compare(hfhub__cver *v, hfhub__cver_entry *exp, size_t n_exp, const char *root) {
    hfhub__buf files;
    const char **local;
    size_t n_local, i = 0, j = 0;
    hfhub__buf_init(&files, v->a);
    hfhub__cver_walk(v, &files, root, "", 0);
    if (files.failed) v->nomem = 1;
    local = (const char **)(void *)files.data;
    n_local = files.len / sizeof(char *);
    if (n_local) qsort(local, n_local, sizeof(char *), hfhub__cver_cmp_str);
    if (n_exp) qsort(exp, n_exp, sizeof *exp, hfhub__cver_cmp_entry);
    while (!v->nomem && (i < n_exp || j < n_local)) {
        int c = i == n_exp ? 1 : j == n_local ? -1 : strcmp(exp[i].path, local[j]);
        if (c < 0) hfhub__cver_push(v, &v->missing, exp[i++].path);
        else if (c > 0) hfhub__cver_push(v, &v->extra, local[j++]);
        else {
            hfhub__buf p;
            hfhub__buf_init(&p, v->a);
            hfhub__buf_printf(&p, "%s/%s", root, local[j]);
            if (p.failed) v->nomem = 1;
            else hfhub__cver_check(v, &exp[i], p.data);
            hfhub__buf_free(&p);
            i++;
            j++;
        }
    }
    hfhub__buf_free(&files);
}

/* ---- where to look ----------------------------------------------------------------------- */

static char *hfhub__cver_abs(hfhub__cver *v, const char *path) {
    char *expanded = NULL, *abs = NULL, *out = NULL;
    if (hfhub__fs_expand(v->a, path, &expanded) == HFHUB_OK && hfhub__fs_abspath(v->a, expanded, &abs) == HFHUB_OK)
        out = hfhub__arena_strdup(v->ar, abs);
    if (expanded) hfhub__free(v->a, expanded, strlen(expanded) + 1);
    if (abs) hfhub__free(v->a, abs, strlen(abs) + 1);
    if (!out) v->nomem = 1;
    return out;
}

/* Python's strip(): the content of a ref file without surrounding whitespace. */
static char *hfhub__cver_read_ref(hfhub__cver *v, const char *path) {
    char *content = NULL, *out = NULL;
    size_t size = 0, len, b = 0;
    if (hfhub__fs_read_file(v->a, path, 4096, &content, &size) != HFHUB_OK) return NULL;
    len = size;
    while (len && content[len - 1] && strchr(" \t\r\n\f\v", content[len - 1])) len--;
    while (b < len && content[b] && strchr(" \t\r\n\f\v", content[b])) b++;
    out = hfhub__arena_strndup(v->ar, content + b, len - b);
    hfhub__free(v->a, content, size + 1);
    return out;
}

/* The only commit folder of snapshots/, or NULL (none or several). */
static char *hfhub__cver_only_snapshot(hfhub__cver *v, const char *snapshots) {
    hfhub__fs_dir d;
    const char *name;
    int kind, count = 0;
    char *found = NULL;
    if (hfhub__fs_dir_open(&d, v->a, snapshots) != HFHUB_OK) return NULL;
    while (hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        hfhub__buf p;
        hfhub__buf_init(&p, v->a);
        hfhub__buf_printf(&p, "%s/%s", snapshots, name);
        if (!p.failed && hfhub__fs_is_dir(p.data) && hfhub__is_commit_hash(name)) {
            count++;
            found = hfhub__arena_strdup(v->ar, name);
        }
        hfhub__buf_free(&p);
    }
    hfhub__fs_dir_close(&d);
    return count == 1 ? found : NULL;
}

/* Python's _resolve_commit_hash_from_cache. */
static hfhub_result hfhub__cver_commit(hfhub__cver *v, const char *storage, const char *revision, char **commit) {
    hfhub__buf p;
    hfhub_result r = HFHUB_OK;
    if (revision && hfhub__is_commit_hash(revision)) {
        *commit = hfhub__arena_strdup(v->ar, revision);
        return *commit ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    hfhub__buf_init(&p, v->a);
    hfhub__buf_printf(&p, "%s/refs/%s", storage, revision ? revision : "main");
    if (p.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    else if (hfhub__fs_exists(p.data) && !hfhub__fs_is_dir(p.data))
        *commit = hfhub__cver_read_ref(v, p.data);
    else if (revision)
        r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "Revision '%s' could not be resolved in cache (expected file '%s').", revision, p.data);
    else {
        hfhub__buf_reset(&p);
        hfhub__buf_printf(&p, "%s/snapshots", storage);
        if (!hfhub__fs_is_dir(p.data))
            r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "Cache repo is missing snapshots directory: %s. Provide --revision explicitly.", p.data);
        else if (!(*commit = hfhub__cver_only_snapshot(v, p.data)))
            r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "Ambiguous cached revision: multiple snapshots found and no refs to disambiguate. Please pass --revision.");
    }
    hfhub__buf_free(&p);
    if (r == HFHUB_OK && !*commit) r = hfhub__fail(HFHUB_ERR_IO, "cannot read the ref of revision '%s'", revision ? revision : "main");
    return r;
}

/* Python's resolve_local_root: the folder to verify and the revision to list remotely. */
static hfhub_result hfhub__cver_root(hfhub__cver *v, hfhub_client *c, const char *repo_id, int type,
                                     const hfhub_verify_opts *o, char **root, char **revision) {
    hfhub__buf b;
    char *cache, *storage, *commit = NULL;
    hfhub_result r;
    if (o->local_dir) {
        if (!(*root = hfhub__cver_abs(v, o->local_dir))) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        if (!hfhub__fs_is_dir(*root))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Local directory does not exist or is not a directory: %s", *root);
        *revision = hfhub__arena_strdup(v->ar, o->revision ? o->revision : "main");
        return *revision ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    cache = hfhub__cver_abs(v, o->cache_dir ? o->cache_dir : c->hub_cache);
    hfhub__buf_init(&b, v->a);
    if (cache) hfhub__cache_repo_dir(&b, cache, type, repo_id);
    storage = cache && !b.failed ? hfhub__arena_strdup(v->ar, b.data) : NULL;
    hfhub__buf_free(&b);
    if (!storage) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!hfhub__fs_exists(storage))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Repo is not present in cache: %s. Use 'hf download' first or pass --local-dir.", storage);
    r = hfhub__cver_commit(v, storage, o->revision, &commit);
    if (r != HFHUB_OK) return r;
    hfhub__buf_init(&b, v->a);
    hfhub__buf_printf(&b, "%s/snapshots/%s", storage, commit);
    *root = b.failed ? NULL : hfhub__arena_strdup(v->ar, b.data);
    hfhub__buf_free(&b);
    if (!*root) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!hfhub__fs_is_dir(*root))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Snapshot directory does not exist for revision '%s': %s.", commit, *root);
    *revision = commit;
    return HFHUB_OK;
}

/* ---- the remote tree --------------------------------------------------------------------- */

/* Adds the files of one tree page: oid, or lfs.oid for LFS files. */
typedef struct hfhub__cver_pages {
    hfhub__cver *v;
    hfhub__buf *entries;
} hfhub__cver_pages;

static hfhub_result hfhub__cver_tree_page(void *user, const hfhub_json_value *root) {
    hfhub__cver *v = ((hfhub__cver_pages *)user)->v;
    hfhub__buf *entries = ((hfhub__cver_pages *)user)->entries;
    size_t i;
    if (hfhub_json_type_of(root) != HFHUB_JSON_ARRAY)
        return hfhub__fail(HFHUB_ERR_PARSE, "tree listing: expected a JSON array");
    for (i = 0; i < hfhub_json_len(root); i++) {
        const hfhub_json_value *it = hfhub_json_at(root, i);
        const char *type = hfhub_json_str(hfhub_json_get(it, "type"), ""), *path = hfhub_json_str(hfhub_json_get(it, "path"), NULL);
        const char *lfs = hfhub_json_str(hfhub_json_path(it, "lfs.oid"), NULL), *oid = hfhub_json_str(hfhub_json_get(it, "oid"), "");
        hfhub__cver_entry e;
        char *lower, *p;
        if (strcmp(type, "file") || !path) continue;
        e.algorithm = lfs ? "sha256" : "git-sha1";
        lower = hfhub__arena_strdup(v->ar, lfs ? lfs : oid);
        e.path = hfhub__arena_strdup(v->ar, path);
        if (!lower || !e.path) { v->nomem = 1; break; }
        for (p = lower; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        e.expected = lower;
        hfhub__buf_append(entries, &e, sizeof e);
    }
    return v->nomem || entries->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

/* list_repo_tree(recursive=True): every page, following Link rel="next". */
static hfhub_result hfhub__cver_list_tree(hfhub__cver *v, hfhub_client *c, const char *repo_id, int type,
                                          const char *revision, const char *token, hfhub__buf *entries) {
    hfhub__buf url;
    hfhub__cver_pages pages;
    hfhub_result r;
    hfhub__buf_init(&url, v->a);
    hfhub__buf_printf(&url, "%s/api/%s/%s/tree/", c->endpoint, hfhub__repo_type_plural(type), repo_id);
    hfhub__url_quote(&url, revision, strlen(revision), "");
    hfhub__buf_puts(&url, "?recursive=true&expand=false");
    pages.v = v;
    pages.entries = entries;
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory")
                   : hfhub__client_paginate(c, url.data, token, hfhub__cver_tree_page, &pages);
    hfhub__buf_free(&url);
    return r;
}

hfhub_result hfhub_verify_repo_checksums(hfhub_client *c, const char *repo_id, const hfhub_verify_opts *opts,
                                         hfhub_folder_verification **out) {
    hfhub_verify_opts o;
    hfhub__arena ar;
    hfhub__cver v;
    hfhub__buf entries;
    char *root = NULL, *revision = NULL;
    int type;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "verify: out is NULL");
    *out = NULL;
    if (!c || !repo_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "verify: client and repo_id are required");
    if (opts) o = *opts;
    else memset(&o, 0, sizeof o);
    if ((type = hfhub__repo_type_index(o.repo_type)) < 0) return HFHUB_ERR_INVALID_ARG;
    r = hfhub__validate_repo_id(repo_id);
    if (r != HFHUB_OK) return r;
    hfhub__arena_init(&ar, c->a);
    hfhub__cver_init(&v, &ar);
    hfhub__buf_init(&entries, c->a);
    r = hfhub__cver_root(&v, c, repo_id, type, &o, &root, &revision);
    if (r == HFHUB_OK) r = hfhub__cver_list_tree(&v, c, repo_id, type, revision, o.token, &entries);
    if (r == HFHUB_OK)
        hfhub__cver_compare(&v, (hfhub__cver_entry *)(void *)entries.data, entries.len / sizeof(hfhub__cver_entry), root);
    hfhub__buf_free(&entries);
    if (r != HFHUB_OK) {
        hfhub__cver_abort(&v);
        return r;
    }
    return hfhub__cver_finish(&v, revision, root, out);
}

#endif /* HFHUB_NO_STDIO */
