/* snapshot.c: snapshot_download (spec/hub-api.md §3): resolve the revision to a commit, list
 * its files (tree cache, else the paginated tree API), filter them, download them on a few
 * threads with hfhub_download at that commit. */
#include <stdio.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

typedef struct hfhub__snap_file {
    const char *path;
    uint64_t size;
    const char *blob_id;      /* git oid */
    const char *lfs_sha256;   /* NULL for regular files */
    const char *xet_hash;     /* NULL unless Xet-backed */
} hfhub__snap_file;

typedef struct hfhub__snap {
    hfhub_client *c;
    const hfhub_snapshot_opts *o;
    int type;
    const char *repo_id;
    const char *revision;
    char commit[41];
    hfhub__buf repo_dir;
    hfhub__arena ar;          /* the file list */
    hfhub__snap_file *files;
    size_t n, cap;
    /* the workers */
    hfhub__mutex lock;
    size_t next;
    uint32_t done;
    uint64_t bytes_total, bytes_done;
    int stop;
    int dry_run;
    hfhub_dry_run_info **dry; /* dry run: one record per file */
    hfhub_result err;
    hfhub_error err_detail;
    char err_msg[1024], err_code[64], err_rid[128];
} hfhub__snap;

/* ---- the file list ----------------------------------------------------------------------- */

static hfhub_result hfhub__snap_add(hfhub__snap *s, const char *path, uint64_t size, const char *oid,
                                    const char *sha, const char *xet) {
    hfhub__snap_file *f;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        hfhub__snap_file *nf = (hfhub__snap_file *)hfhub__realloc(s->c->a, s->files, s->cap * sizeof *nf, cap * sizeof *nf);
        if (!nf) return hfhub__fail(HFHUB_ERR_NOMEM, "file list");
        s->files = nf;
        s->cap = cap;
    }
    f = &s->files[s->n];
    memset(f, 0, sizeof *f);
    f->path = hfhub__arena_strdup(&s->ar, path);
    f->size = size;
    f->blob_id = oid ? hfhub__arena_strdup(&s->ar, oid) : NULL;
    f->lfs_sha256 = sha ? hfhub__arena_strdup(&s->ar, sha) : NULL;
    f->xet_hash = xet ? hfhub__arena_strdup(&s->ar, xet) : NULL;
    if (!f->path || (oid && !f->blob_id) || (sha && !f->lfs_sha256) || (xet && !f->xet_hash))
        return hfhub__fail(HFHUB_ERR_NOMEM, "file list");
    s->n++;
    return HFHUB_OK;
}

/* One page of GET /api/{T}/{repo}/tree/{commit}?recursive=true: keep the files. */
static hfhub_result hfhub__snap_tree_page(void *user, const hfhub_json_value *page) {
    hfhub__snap *s = (hfhub__snap *)user;
    size_t i;
    hfhub_result r = HFHUB_OK;
    if (hfhub_json_type_of(page) != HFHUB_JSON_ARRAY)
        return hfhub__fail(HFHUB_ERR_PARSE, "the tree listing of %s is not a JSON array", s->repo_id);
    for (i = 0; !r && i < hfhub_json_len(page); i++) {
        const hfhub_json_value *e = hfhub_json_at(page, i), *lfs = hfhub_json_get(e, "lfs");
        const char *type = hfhub_json_str(hfhub_json_get(e, "type"), "");
        const char *path = hfhub_json_str(hfhub_json_get(e, "path"), NULL);
        uint64_t size = 0;
        if (strcmp(type, "file")) continue;
        if (!path || !hfhub_json_uint64(hfhub_json_get(e, "size"), &size))
            return hfhub__fail(HFHUB_ERR_PARSE, "a tree entry of %s has no path or size", s->repo_id);
        r = hfhub__snap_add(s, path, size, hfhub_json_str(hfhub_json_get(e, "oid"), NULL),
                            hfhub_json_str(hfhub_json_get(lfs, "oid"), NULL),
                            hfhub_json_str(hfhub_json_get(e, "xetHash"), NULL));
    }
    return r;
}

/* trees/{commit}.json, §2.7: {"format_version": 1, "files": {path: {size, blob_id, ...}}} */
static void hfhub__snap_tree_path(hfhub__snap *s, hfhub__buf *b) {
    hfhub__buf_printf(b, "%s/trees/%s.json", s->repo_dir.data, s->commit);
}

static int hfhub__snap_read_tree_cache(hfhub__snap *s) {
    hfhub__buf path;
    char *data = NULL;
    size_t len = 0, i;
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts po;
    const hfhub_json_value *files;
    int ok = 0;
    hfhub__buf_init(&path, s->c->a);
    hfhub__snap_tree_path(s, &path);
    if (!path.failed && hfhub__fs_kind(path.data) == HFHUB__FS_FILE &&
        !hfhub__fs_read_file(s->c->a, path.data, (size_t)1 << 28, &data, &len)) {
        memset(&po, 0, sizeof po);
        po.allocator = s->c->a;
        if (!hfhub_json_parse(data, len, &po, &doc) &&
            hfhub_json_int(hfhub_json_get(hfhub_json_root(doc), "format_version"), 0) == 1 &&
            hfhub_json_type_of(files = hfhub_json_get(hfhub_json_root(doc), "files")) == HFHUB_JSON_OBJECT) {
            ok = 1;
            for (i = 0; ok && i < hfhub_json_len(files); i++) {
                const hfhub_json_value *e = hfhub_json_at(files, i);
                const char *xet = hfhub_json_str(hfhub_json_get(e, "xet_hash"), NULL);
                uint64_t size = 0;
                if (!hfhub_json_uint64(hfhub_json_get(e, "size"), &size) || (xet && !hfhub__is_sha256_hex(xet)) ||
                    hfhub__snap_add(s, hfhub_json_key_at(files, i, NULL), size,
                                    hfhub_json_str(hfhub_json_get(e, "blob_id"), NULL),
                                    hfhub_json_str(hfhub_json_get(e, "lfs_sha256"), NULL), xet))
                    ok = 0; /* unknown or damaged: list from the Hub instead */
            }
        }
    }
    if (!ok) s->n = 0;
    hfhub_json_free(doc);
    if (data) hfhub__free(s->c->a, data, len + 1);
    hfhub__buf_free(&path);
    return ok;
}

static void hfhub__snap_write_tree_cache(hfhub__snap *s) {
    hfhub__buf path, out;
    hfhub__jw w;
    size_t i;
    hfhub__buf_init(&path, s->c->a);
    hfhub__buf_init(&out, s->c->a);
    hfhub__snap_tree_path(s, &path);
    hfhub__jw_init(&w, &out, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_int(&w, "format_version", 1);
    hfhub__jw_key(&w, "files");
    hfhub__jw_begin_object(&w);
    for (i = 0; i < s->n; i++) {
        const hfhub__snap_file *f = &s->files[i];
        hfhub__jw_key(&w, f->path);
        hfhub__jw_begin_object(&w);
        hfhub__jw_key(&w, "size");
        hfhub__jw_uint(&w, f->size);
        if (f->blob_id) hfhub__jw_kv_string(&w, "blob_id", f->blob_id);
        if (f->lfs_sha256) {
            hfhub__jw_kv_string(&w, "lfs_sha256", f->lfs_sha256);
            hfhub__jw_key(&w, "lfs_size");
            hfhub__jw_uint(&w, f->size);
        }
        if (f->xet_hash) hfhub__jw_kv_string(&w, "xet_hash", f->xet_hash);
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_object(&w);
    hfhub__jw_end_object(&w);
    /* best effort: the cache works without it */
    if (!path.failed && !hfhub__jw_result(&w) && !hfhub__fs_mkdirs_parent(path.data))
        hfhub__fs_write_atomic(path.data, out.data, out.len, 0644);
    hfhub__buf_free(&out);
    hfhub__buf_free(&path);
}

static hfhub_result hfhub__snap_list(hfhub__snap *s) {
    hfhub__buf url;
    hfhub_result r;
    if (hfhub__snap_read_tree_cache(s)) return HFHUB_OK;
    hfhub__buf_init(&url, s->c->a);
    hfhub__buf_printf(&url, "%s/api/%s/%s/tree/%s?recursive=true&expand=false", s->c->endpoint,
                      hfhub__repo_type_plural(s->type), s->repo_id, s->commit);
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_paginate(s->c, url.data, s->o->dl.token, hfhub__snap_tree_page, s);
    hfhub__buf_free(&url);
    if (!r && !s->dry_run) hfhub__snap_write_tree_cache(s); /* a dry run leaves no trace */
    return r;
}

/* ---- the revision ------------------------------------------------------------------------ */

/* GET /api/{T}/{repo}/revision/{rev} -> "sha". */
static hfhub_result hfhub__snap_revision_page(void *user, const hfhub_json_value *info) {
    hfhub__snap *s = (hfhub__snap *)user;
    const char *sha = hfhub_json_str(hfhub_json_get(info, "sha"), NULL);
    if (!sha || !hfhub__is_commit_hash(sha))
        return hfhub__fail(HFHUB_ERR_PARSE, "the Hub's answer for %s@%s has no commit sha", s->repo_id, s->revision);
    memcpy(s->commit, sha, 41);
    return HFHUB_OK;
}

static hfhub_result hfhub__snap_resolve(hfhub__snap *s) {
    hfhub__buf url;
    hfhub_result r;
    hfhub__buf_init(&url, s->c->a);
    hfhub__buf_printf(&url, "%s/api/%s/%s/revision/", s->c->endpoint, hfhub__repo_type_plural(s->type), s->repo_id);
    hfhub__url_quote(&url, s->revision, strlen(s->revision), "");
    /* one page (the answer has no Link), with the call's token */
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url")
                   : hfhub__client_paginate(s->c, url.data, s->o->dl.token, hfhub__snap_revision_page, s);
    hfhub__buf_free(&url);
    return r;
}

/* Offline, or the Hub could not be reached: the cached snapshot of the revision, if any. */
static hfhub_result hfhub__snap_from_cache(hfhub__snap *s, hfhub_result why, char **out) {
    char commit[41];
    hfhub__buf dir;
    hfhub_result r;
    const hfhub_download_opts *dl = &s->o->dl;
    if (dl->local_dir && hfhub__fs_is_dir(dl->local_dir)) {
        *out = hfhub__out_strdup(s->c, dl->local_dir);
        return *out ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "path");
    }
    if (hfhub__is_commit_hash(s->revision)) memcpy(commit, s->revision, 41);
    else if (hfhub__cache_read_ref(s->c->a, s->repo_dir.data, s->revision, commit)) commit[0] = 0;
    hfhub__buf_init(&dir, s->c->a);
    if (commit[0]) hfhub__buf_printf(&dir, "%s/snapshots/%s", s->repo_dir.data, commit);
    if (commit[0] && !dir.failed && hfhub__fs_is_dir(dir.data)) {
        *out = hfhub__out_strdup(s->c, dir.data);
        r = *out ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "path");
    } else if (why == HFHUB_ERR_REPO_NOT_FOUND || why == HFHUB_ERR_GATED || why == HFHUB_ERR_UNAUTHORIZED ||
               why == HFHUB_ERR_REVISION_NOT_FOUND || why == HFHUB_ERR_NOMEM) {
        r = why;
    } else {
        r = hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND,
                        "Cannot find an appropriate cached snapshot folder for %s@%s. Check your connection (or "
                        "turn off offline mode) to download it from the Hub. (%s)", s->repo_id, s->revision,
                        hfhub_last_error()->message);
    }
    hfhub__buf_free(&dir);
    return r;
}

/* ---- the workers ------------------------------------------------------------------------- */

typedef struct hfhub__snap_progress {
    hfhub__snap *s;
    uint64_t last;            /* bytes of this file already counted */
} hfhub__snap_progress;

/* Per-file progress folded into the snapshot's totals; the user's callback runs under the
 * lock, so it is never called concurrently. */
static int hfhub__snap_on_progress(void *user, const hfhub_progress *p) {
    hfhub__snap_progress *sp = (hfhub__snap_progress *)user;
    hfhub__snap *s = sp->s;
    hfhub_progress all;
    int stop;
    hfhub__mutex_lock(&s->lock);
    s->bytes_done += p->bytes_done - sp->last;
    sp->last = p->bytes_done;
    all.path = p->path;
    all.bytes_done = s->bytes_done;
    all.bytes_total = s->bytes_total;
    all.files_done = s->done;
    all.files_total = (uint32_t)s->n;
    stop = s->stop || s->o->dl.progress(s->o->dl.progress_user, &all);
    if (stop) s->stop = 1;
    hfhub__mutex_unlock(&s->lock);
    return stop;
}

static void hfhub__snap_worker(void *arg) {
    hfhub__snap *s = (hfhub__snap *)arg;
    for (;;) {
        hfhub_download_opts o = s->o->dl;
        hfhub__snap_progress sp;
        char *path = NULL;
        size_t i;
        hfhub_result r;
        hfhub__mutex_lock(&s->lock);
        i = s->next++;
        hfhub__mutex_unlock(&s->lock);
        if (i >= s->n || s->stop) return;
        o.revision = s->commit;
        o.subfolder = NULL;
        sp.s = s;
        sp.last = 0;
        o.progress = s->o->dl.progress ? hfhub__snap_on_progress : NULL;
        o.progress_user = &sp;
        if (s->dry) {
            r = hfhub_download_dry_run(s->c, s->repo_id, s->files[i].path, &o, &s->dry[i]);
            sp.last = s->files[i].size;
        } else {
            r = hfhub_download(s->c, s->repo_id, s->files[i].path, &o, &path);
            hfhub_free(s->c, path);
        }
        hfhub__mutex_lock(&s->lock);
        if (r && !s->err) { /* keep the first failure's detail for the calling thread */
            const hfhub_error *e = hfhub_last_error();
            s->err = r;
            snprintf(s->err_msg, sizeof s->err_msg, "%.1000s", e->message);
            snprintf(s->err_code, sizeof s->err_code, "%.60s", e->server_code);
            snprintf(s->err_rid, sizeof s->err_rid, "%.120s", e->request_id);
            s->err_detail.http_status = e->http_status;
            s->stop = 1;
        }
        if (!r) {
            s->done++;
            s->bytes_done += s->files[i].size - sp.last; /* files that needed no transfer */
        }
        hfhub__mutex_unlock(&s->lock);
    }
}

static hfhub_result hfhub__snap_download_all(hfhub__snap *s) {
    enum { HFHUB__SNAP_MAX_THREADS = 64 };
    hfhub__thread th[HFHUB__SNAP_MAX_THREADS];
    int workers = s->o->max_workers > 0 ? s->o->max_workers : s->c->max_workers, started = 0, i;
    size_t k;
    if (workers > HFHUB__SNAP_MAX_THREADS) workers = HFHUB__SNAP_MAX_THREADS;
    if ((size_t)workers > s->n) workers = (int)s->n;
    for (k = 0; k < s->n; k++) s->bytes_total += s->files[k].size;
    if (hfhub__mutex_init(&s->lock)) return hfhub__fail(HFHUB_ERR_NOMEM, "mutex");
    for (i = 0; i < workers; i++) {
        if (hfhub__thread_start(&th[started], hfhub__snap_worker, s)) break;
        started++;
    }
    if (!started) hfhub__snap_worker(s); /* no thread could start: do the work here */
    for (i = 0; i < started; i++) hfhub__thread_join(&th[i]);
    hfhub__mutex_destroy(&s->lock);
    if (s->err)
        return hfhub__fail_http(s->err, s->err_detail.http_status, s->err_code, s->err_rid, "%s", s->err_msg);
    return HFHUB_OK;
}

/* ---- snapshot_download ------------------------------------------------------------------- */

static hfhub_result hfhub__snap_setup(hfhub__snap *s, hfhub_client *c, const char *repo_id,
                                      const hfhub_snapshot_opts *o) {
    hfhub_result r;
    char *abs = NULL;
    memset(s, 0, sizeof *s);
    s->c = c;
    s->o = o;
    s->repo_id = repo_id;
    s->revision = o->dl.revision && *o->dl.revision ? o->dl.revision : "main";
    hfhub__buf_init(&s->repo_dir, c->a);
    hfhub__arena_init(&s->ar, c->a);
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if ((s->type = hfhub__repo_type_index(o->dl.repo_type)) < 0) return HFHUB_ERR_INVALID_ARG;
    if (!c->hub_cache && !o->dl.cache_dir) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no cache folder");
    if ((r = hfhub__fs_abspath(c->a, o->dl.cache_dir ? o->dl.cache_dir : c->hub_cache, &abs)) != HFHUB_OK) return r;
    hfhub__cache_repo_dir(&s->repo_dir, abs, s->type, repo_id);
    hfhub__free(c->a, abs, strlen(abs) + 1);
    return s->repo_dir.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "paths") : HFHUB_OK;
}

static void hfhub__snap_cleanup(hfhub__snap *s) {
    hfhub__free(s->c->a, s->files, s->cap * sizeof *s->files);
    hfhub__arena_free(&s->ar);
    hfhub__buf_free(&s->repo_dir);
}

/* Keeps the files the patterns allow. */
static void hfhub__snap_filter(hfhub__snap *s) {
    size_t i, kept = 0;
    for (i = 0; i < s->n; i++)
        if (hfhub__glob_filter(s->files[i].path, s->o->allow_patterns, s->o->n_allow, s->o->ignore_patterns,
                               s->o->n_ignore))
            s->files[kept++] = s->files[i];
    s->n = kept;
}

static hfhub_result hfhub__snap_result(hfhub__snap *s, char **out) {
    hfhub__buf dir;
    char *abs = NULL;
    hfhub_result r = HFHUB_OK;
    hfhub__buf_init(&dir, s->c->a);
    if (s->o->dl.local_dir) {
        if ((r = hfhub__fs_abspath(s->c->a, s->o->dl.local_dir, &abs)) == HFHUB_OK) {
            hfhub__buf_puts(&dir, abs);
            hfhub__free(s->c->a, abs, strlen(abs) + 1);
        }
    } else {
        hfhub__buf_printf(&dir, "%s/snapshots/%s", s->repo_dir.data, s->commit);
        /* an empty selection still names an existing folder, as Python's */
        if (!dir.failed) hfhub__fs_mkdirs(dir.data, 0777);
    }
    if (!r && dir.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "path");
    if (!r && !(*out = hfhub__out_strdup(s->c, dir.data))) r = hfhub__fail(HFHUB_ERR_NOMEM, "path");
    hfhub__buf_free(&dir);
    return r;
}

hfhub_result hfhub_snapshot_download(hfhub_client *c, const char *repo_id, const hfhub_snapshot_opts *o,
                                     char **out_path) {
    hfhub_snapshot_opts zero;
    hfhub__snap s;
    hfhub_result r;
    int offline;
    if (!c || !out_path) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_snapshot_download: NULL argument");
    *out_path = NULL;
    if (!o) {
        memset(&zero, 0, sizeof zero);
        o = &zero;
    }
    r = hfhub__snap_setup(&s, c, repo_id, o);
    offline = c->offline || o->dl.local_files_only || o->dl.mode == HFHUB_DOWNLOAD_OFFLINE;
    if (!r) {
        if (hfhub__is_commit_hash(s.revision)) memcpy(s.commit, s.revision, 41);
        else if (offline) r = hfhub__fail(HFHUB_ERR_NETWORK, "offline");
        else r = hfhub__snap_resolve(&s);
        if (r == HFHUB_ERR_NETWORK && offline) r = hfhub__snap_from_cache(&s, r, out_path);
        else if (r && r != HFHUB_ERR_REVISION_NOT_FOUND) r = hfhub__snap_from_cache(&s, r, out_path);
        else if (!r && offline) r = hfhub__snap_from_cache(&s, HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND, out_path);
        else if (!r) {
            r = hfhub__snap_list(&s);
            if (!r) {
                hfhub__snap_filter(&s);
                if (strcmp(s.revision, s.commit) && !o->dl.local_dir)
                    r = hfhub__cache_write_ref(c->a, s.repo_dir.data, s.revision, s.commit);
            }
            if (!r) r = hfhub__snap_download_all(&s);
            if (!r) r = hfhub__snap_result(&s, out_path);
        }
    }
    hfhub__snap_cleanup(&s);
    return r;
}

/* The records of a dry run packed into one block: the array, then the strings. */
static hfhub_result hfhub__snap_pack_dry(hfhub__snap *s, hfhub_dry_run_info **out) {
    size_t i, strings = 0;
    hfhub_dry_run_info *arr;
    char *p;
    for (i = 0; i < s->n; i++)
        strings += strlen(s->dry[i]->commit_hash) + strlen(s->dry[i]->filename) + strlen(s->dry[i]->local_path) + 3;
    arr = (hfhub_dry_run_info *)hfhub__out_alloc(s->c, s->n * sizeof *arr + strings + 1);
    if (!arr) return hfhub__fail(HFHUB_ERR_NOMEM, "dry run");
    p = (char *)(arr + s->n);
    for (i = 0; i < s->n; i++) {
        const hfhub_dry_run_info *d = s->dry[i];
        size_t lc = strlen(d->commit_hash) + 1, lf = strlen(d->filename) + 1, lp = strlen(d->local_path) + 1;
        arr[i] = *d;
        memcpy(p, d->commit_hash, lc);
        arr[i].commit_hash = p;
        memcpy(p += lc, d->filename, lf);
        arr[i].filename = p;
        memcpy(p += lf, d->local_path, lp);
        arr[i].local_path = p;
        p += lp;
    }
    *out = arr;
    return HFHUB_OK;
}

hfhub_result hfhub_snapshot_download_dry_run(hfhub_client *c, const char *repo_id, const hfhub_snapshot_opts *o,
                                             hfhub_dry_run_info **out, size_t *n) {
    hfhub_snapshot_opts zero;
    hfhub__snap s;
    hfhub_result r;
    size_t i;
    if (!c || !out || !n) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_snapshot_download_dry_run: NULL argument");
    *out = NULL;
    *n = 0;
    if (!o) {
        memset(&zero, 0, sizeof zero);
        o = &zero;
    }
    r = hfhub__snap_setup(&s, c, repo_id, o);
    s.dry_run = 1;
    if (!r && (c->offline || o->dl.local_files_only || o->dl.mode == HFHUB_DOWNLOAD_OFFLINE))
        r = hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND, "a dry run needs the Hub: offline mode is enabled");
    if (!r) {
        if (hfhub__is_commit_hash(s.revision)) memcpy(s.commit, s.revision, 41);
        else r = hfhub__snap_resolve(&s);
    }
    if (!r) r = hfhub__snap_list(&s);
    if (!r) {
        hfhub__snap_filter(&s);
        s.dry = (hfhub_dry_run_info **)hfhub__alloc(c->a, (s.n + 1) * sizeof *s.dry);
        if (!s.dry) r = hfhub__fail(HFHUB_ERR_NOMEM, "dry run");
        else memset(s.dry, 0, (s.n + 1) * sizeof *s.dry);
    }
    if (!r) r = hfhub__snap_download_all(&s);
    if (!r && (r = hfhub__snap_pack_dry(&s, out)) == HFHUB_OK) *n = s.n;
    if (s.dry) {
        for (i = 0; i < s.n; i++) hfhub_free(c, s.dry[i]);
        hfhub__free(c->a, s.dry, (s.n + 1) * sizeof *s.dry);
    }
    hfhub__snap_cleanup(&s);
    return r;
}

#endif
