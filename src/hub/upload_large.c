/* upload_large.c: upload_large_folder (spec/hub-api.md §4.10): resumable, with Python's
 * per-file state in {folder}/.cache/huggingface/upload/{path}.metadata, so a killed upload
 * (by either implementation) restarts where it stopped. Phases: hash what is not hashed,
 * ask the upload modes (batches of 100), upload the LFS files not uploaded, commit the rest
 * in batches of adaptive size; every step is saved in the file's metadata as it completes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if !defined(HFHUB_NO_STDIO) && !defined(_WIN32)
#include <time.h>
#include <unistd.h>
#endif

#ifndef HFHUB_NO_STDIO

#define HFHUB__ULF_MODE_BATCH 100
#define HFHUB__ULF_STALE_S (20 * 3600) /* uploaded, not committed for so long: assumed garbage-collected */
#define HFHUB__ULF_MESSAGE "Add files using upload-large-folder tool"

static const int hfhub__ulf_scale[] = {20, 50, 75, 100, 125, 200, 250, 400, 600, 1000};

/* LocalUploadFileMetadata. */
typedef struct hfhub__ulf_meta {
    uint64_t size;
    int should_ignore;      /* -1: unknown */
    char sha256[65];        /* "": not hashed */
    char mode[8];           /* "", "regular" or "lfs" */
    char remote_oid[65];
    int uploaded, committed;
} hfhub__ulf_meta;

typedef struct hfhub__ulf {
    hfhub__commit cm;
    hfhub__upf u;
    const char *folder;
    hfhub__ulf_meta *meta;         /* one per file, like cm.ops */
    hfhub_commit_op *ops;
    hfhub_upload_large_folder_report rep;
} hfhub__ulf;

static double hfhub__ulf_now(void) {
#if !defined(_WIN32)
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) == 0) return (double)ts.tv_sec + ts.tv_nsec / 1e9;
#endif
    return (double)hfhub__unix_time();
}

static void hfhub__ulf_meta_path(hfhub__ulf *l, size_t i, hfhub__buf *b) {
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/.cache/huggingface/upload/%s.metadata", l->folder, l->u.rel[i]);
}

/* LocalUploadFileMetadata.save: 8 lines, written atomically. */
static hfhub_result hfhub__ulf_save(hfhub__ulf *l, size_t i) {
    const hfhub__ulf_meta *m = &l->meta[i];
    hfhub__buf path, text;
    hfhub_result r;
    hfhub__buf_init(&path, l->cm.c->a);
    hfhub__buf_init(&text, l->cm.c->a);
    hfhub__ulf_meta_path(l, i, &path);
    hfhub__buf_printf(&text, "%.6f\n%llu\n", hfhub__ulf_now(), (unsigned long long)m->size);
    if (m->should_ignore >= 0) hfhub__buf_printf(&text, "%d", m->should_ignore);
    hfhub__buf_printf(&text, "\n%s\n%s\n%s\n%d\n%d\n", m->sha256, m->mode, m->remote_oid, m->uploaded, m->committed);
    r = path.failed || text.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "metadata") : hfhub__fs_mkdirs_parent(path.data);
    if (!r) r = hfhub__fs_write_atomic(path.data, text.data, text.len, 0644);
    hfhub__buf_free(&path);
    hfhub__buf_free(&text);
    return r;
}

/* One line of a metadata file into out (cap bytes); the rest of the text after it. */
static const char *hfhub__ulf_line(const char *s, char *out, size_t cap) {
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n >= cap) n = cap - 1;
    memcpy(out, s, n);
    out[n] = 0;
    return e ? e + 1 : s + strlen(s);
}

/* read_upload_metadata: the saved state when it is still valid (the file not modified
 * since), else a fresh one of the file's size. */
static void hfhub__ulf_load(hfhub__ulf *l, size_t i) {
    hfhub__ulf_meta *m = &l->meta[i];
    hfhub__buf path;
    char *text = NULL, line[80];
    size_t len = 0;
    int64_t mtime = 0;
    double ts;
    const char *s;
    memset(m, 0, sizeof *m);
    m->should_ignore = -1;
    hfhub__fs_size(l->ops[i].local_path, &m->size);
    hfhub__buf_init(&path, l->cm.c->a);
    hfhub__ulf_meta_path(l, i, &path);
    if (path.failed || hfhub__fs_read_file(l->cm.c->a, path.data, 4096, &text, &len) != HFHUB_OK) {
        hfhub__buf_free(&path);
        return;
    }
    s = hfhub__ulf_line(text, line, sizeof line);
    ts = atof(line);
    if (hfhub__fs_mtime(l->ops[i].local_path, &mtime) == HFHUB_OK && (double)mtime <= ts) {
        s = hfhub__ulf_line(s, line, sizeof line);
        m->size = (uint64_t)strtoull(line, NULL, 10);
        s = hfhub__ulf_line(s, line, sizeof line);
        m->should_ignore = line[0] ? atoi(line) != 0 : -1;
        s = hfhub__ulf_line(s, m->sha256, sizeof m->sha256);
        s = hfhub__ulf_line(s, m->mode, sizeof m->mode);
        s = hfhub__ulf_line(s, m->remote_oid, sizeof m->remote_oid);
        s = hfhub__ulf_line(s, line, sizeof line);
        m->uploaded = atoi(line) != 0;
        hfhub__ulf_line(s, line, sizeof line);
        m->committed = atoi(line) != 0;
        if (strlen(m->sha256) != 64) m->sha256[0] = 0;
        if (strcmp(m->mode, "lfs") && strcmp(m->mode, "regular")) m->mode[0] = 0;
        if (m->uploaded && !m->committed && hfhub__ulf_now() - ts > HFHUB__ULF_STALE_S) m->uploaded = 0;
    } else {
        hfhub__fs_remove(path.data); /* the file changed: start over */
    }
    hfhub__free(l->cm.c->a, text, len + 1);
    hfhub__buf_free(&path);
}

/* Copies what the metadata knows into the commit's operation i. */
static void hfhub__ulf_to_op(hfhub__ulf *l, size_t i) {
    hfhub__cop *op = &l->cm.ops[i];
    const hfhub__ulf_meta *m = &l->meta[i];
    op->size = m->size;
    hfhub__fs_mtime(op->op->local_path, &op->mtime); /* checked again after an upload */
    if (m->sha256[0]) memcpy(op->sha256, m->sha256, 65);
    op->lfs = !strcmp(m->mode, "lfs") && m->size > 0;
    op->should_ignore = m->should_ignore > 0;
    op->remote_oid = m->remote_oid[0] ? m->remote_oid : NULL;
}

/* ---- the phases ---------------------------------------------------------------------- */

static hfhub_result hfhub__ulf_hash_job(hfhub__commit *cm, size_t job, void *ctx) {
    hfhub__ulf *l = (hfhub__ulf *)ctx;
    size_t i = job;
    hfhub_result r;
    (void)cm;
    if (l->meta[i].sha256[0] || l->meta[i].committed) return HFHUB_OK;
    if ((r = hfhub__commit_hash_one(&l->cm, i)) != HFHUB_OK) return r;
    memcpy(l->meta[i].sha256, l->cm.ops[i].sha256, 65);
    l->meta[i].size = l->cm.ops[i].size;
    return hfhub__ulf_save(l, i);
}

/* Upload modes of the files that have none (batches of 100). */
static hfhub_result hfhub__ulf_modes(hfhub__ulf *l, size_t *idx) {
    size_t i, n = 0, k;
    hfhub_result r = HFHUB_OK;
    for (i = 0; i < l->cm.n; i++) {
        hfhub__cop *op = &l->cm.ops[i];
        if (l->meta[i].mode[0] || l->meta[i].committed) continue;
        if (!op->sample_len && op->size) { /* hashed by an earlier run: read the sample */
            size_t want = op->size < sizeof op->sample ? (size_t)op->size : sizeof op->sample;
            if ((r = hfhub__commit_read(&l->cm, i, 0, op->sample, want, &op->sample_len)) != HFHUB_OK) return r;
        }
        idx[n++] = i;
    }
    for (k = 0; !r && k < n; k += HFHUB__ULF_MODE_BATCH) {
        size_t m = n - k > HFHUB__ULF_MODE_BATCH ? HFHUB__ULF_MODE_BATCH : n - k, j;
        r = hfhub__commit_preupload(&l->cm, idx + k, m, NULL, 0);
        for (j = 0; !r && j < m; j++) {
            hfhub__cop *op = &l->cm.ops[idx[k + j]];
            hfhub__ulf_meta *me = &l->meta[idx[k + j]];
            snprintf(me->mode, sizeof me->mode, "%s", op->lfs ? "lfs" : "regular");
            me->should_ignore = op->should_ignore;
            snprintf(me->remote_oid, sizeof me->remote_oid, "%s", op->remote_oid ? op->remote_oid : "");
            r = hfhub__ulf_save(l, idx[k + j]);
        }
    }
    return r;
}

/* LFS files not uploaded yet, a few at a time so each is recorded soon after its upload. */
static hfhub_result hfhub__ulf_lfs(hfhub__ulf *l, size_t *idx) {
    size_t i, n = 0, k, group = (size_t)l->cm.o.num_threads * 2;
    hfhub_result r = HFHUB_OK;
    for (i = 0; i < l->cm.n; i++) {
        const hfhub__ulf_meta *m = &l->meta[i];
        if (!strcmp(m->mode, "lfs") && m->should_ignore <= 0 && !m->uploaded && !m->committed) idx[n++] = i;
    }
    for (k = 0; !r && k < n; k += group) {
        size_t m = n - k > group ? group : n - k, j;
        r = hfhub__commit_upload_lfs(&l->cm, idx + k, m);
        for (j = 0; !r && j < m; j++) {
            l->meta[idx[k + j]].uploaded = 1;
            l->rep.uploaded++;
            r = hfhub__ulf_save(l, idx[k + j]);
        }
    }
    return r;
}

/* One commit of the files idx[0..n). */
static hfhub_result hfhub__ulf_commit_batch(hfhub__ulf *l, const size_t *idx, size_t n) {
    hfhub_commit_op *ops = (hfhub_commit_op *)hfhub__alloc(l->cm.c->a, n * sizeof *ops);
    hfhub__commit_prep *prep = (hfhub__commit_prep *)hfhub__alloc(l->cm.c->a, n * sizeof *prep);
    hfhub_commit_info *ci = NULL;
    hfhub_result r = ops && prep ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "commit");
    size_t j;
    for (j = 0; !r && j < n; j++) {
        const hfhub__ulf_meta *m = &l->meta[idx[j]];
        ops[j] = l->ops[idx[j]];
        memset(&prep[j], 0, sizeof prep[j]);
        memcpy(prep[j].sha256, m->sha256, 65);
        prep[j].size = m->size;
        prep[j].lfs = !strcmp(m->mode, "lfs");
        prep[j].should_ignore = m->should_ignore > 0;
        prep[j].remote_oid = m->remote_oid[0] ? m->remote_oid : NULL;
        hfhub__fs_mtime(ops[j].local_path, &prep[j].mtime);
    }
    if (!r) r = hfhub__create_commit_url(l->cm.c, l->cm.repo_id, ops, n, HFHUB__ULF_MESSAGE, &l->cm.o, NULL, NULL, prep, &ci);
    if (!r && !ci->no_op) l->rep.commits++;
    hfhub_free(l->cm.c, ci);
    for (j = 0; !r && j < n; j++) {
        l->meta[idx[j]].committed = 1;
        r = hfhub__ulf_save(l, idx[j]);
    }
    if (ops) hfhub__free(l->cm.c->a, ops, n * sizeof *ops);
    if (prep) hfhub__free(l->cm.c->a, prep, n * sizeof *prep);
    return r;
}

/* Commits in batches of the adaptive size (grows after a fast full batch, shrinks and
 * retries after a failure, as Python's). */
static hfhub_result hfhub__ulf_commits(hfhub__ulf *l, size_t *idx) {
    size_t i, n = 0, k = 0;
    int level = 1, failures = 0;
    hfhub_result r = HFHUB_OK;
    for (i = 0; i < l->cm.n; i++)
        if (!l->meta[i].committed && l->meta[i].should_ignore <= 0) idx[n++] = i;
    while (k < n) {
        size_t want = (size_t)hfhub__ulf_scale[level], m = n - k > want ? want : n - k;
        int64_t t0 = hfhub__monotonic_ms();
        r = hfhub__ulf_commit_batch(l, idx + k, m);
        if (r) {
            if (++failures > 3) return r;
            if (level > 0) level--;
            continue;
        }
        if (m >= want && hfhub__monotonic_ms() - t0 < 40000 && level < 9) level++;
        k += m;
    }
    return HFHUB_OK;
}

/* ---- upload_large_folder --------------------------------------------------------------- */

static int hfhub__ulf_default_workers(void) {
#if !defined(_WIN32) && defined(_SC_NPROCESSORS_ONLN)
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n > 4) return (int)n - 2;
#endif
    return 2; /* max(cores - 2, 2) */
}

static hfhub_result hfhub__ulf_setup(hfhub__ulf *l, hfhub_client *c, const char *repo_id,
                                     const hfhub_upload_large_folder_opts *o, hfhub_upload_opts *uo) {
    hfhub_commit_opts co;
    hfhub__buf rel;
    hfhub_result r;
    size_t i;
    memset(uo, 0, sizeof *uo);
    uo->allow_patterns = o->allow_patterns;
    uo->n_allow = o->n_allow;
    uo->ignore_patterns = o->ignore_patterns;
    uo->n_ignore = o->n_ignore;
    l->u.c = c;
    l->u.o = uo;
    l->u.folder = l->folder;
    l->u.prefix = "";
    hfhub__arena_init(&l->u.ar, c->a);
    hfhub__buf_init(&rel, c->a);
    r = hfhub__upf_walk(&l->u, &rel, 0);
    hfhub__buf_free(&rel);
    if (r) return r;
    if (l->u.n_rel) qsort(l->u.rel, l->u.n_rel, sizeof *l->u.rel, hfhub__upf_cmp);
    l->ops = (hfhub_commit_op *)hfhub__arena_alloc(&l->u.ar, (l->u.n_rel + 1) * sizeof *l->ops);
    l->meta = (hfhub__ulf_meta *)hfhub__arena_alloc(&l->u.ar, (l->u.n_rel + 1) * sizeof *l->meta);
    if (!l->ops || !l->meta) return hfhub__fail(HFHUB_ERR_NOMEM, "files");
    for (i = 0; i < l->u.n_rel; i++) {
        hfhub__buf b;
        char *local;
        hfhub__buf_init(&b, c->a);
        hfhub__buf_printf(&b, "%s/%s", l->folder, l->u.rel[i]);
        local = b.failed ? NULL : hfhub__arena_strdup(&l->u.ar, b.data);
        hfhub__buf_free(&b);
        if (!local) return hfhub__fail(HFHUB_ERR_NOMEM, "files");
        l->ops[i] = hfhub_op_add_file(l->u.rel[i], local);
    }
    memset(&co, 0, sizeof co);
    co.repo_type = o->repo_type;
    co.revision = o->revision;
    co.token = o->token;
    co.num_threads = o->num_workers > 0 ? o->num_workers : hfhub__ulf_default_workers();
    co.progress = o->progress;
    co.progress_user = o->progress_user;
    return hfhub__commit_setup(&l->cm, c, repo_id, l->ops, l->u.n_rel, HFHUB__ULF_MESSAGE, &co);
}

static hfhub_result hfhub__ulf_run(hfhub__ulf *l) {
    size_t *idx = (size_t *)hfhub__arena_alloc(&l->u.ar, (l->cm.n + 1) * sizeof *idx), i;
    hfhub_result r;
    if (!idx) return hfhub__fail(HFHUB_ERR_NOMEM, "files");
    for (i = 0; i < l->cm.n; i++) {
        hfhub__ulf_load(l, i);
        hfhub__ulf_to_op(l, i);
    }
    r = hfhub__commit_run(&l->cm, l->cm.n, hfhub__ulf_hash_job, l);
    if (!r) r = hfhub__ulf_modes(l, idx);
    for (i = 0; !r && i < l->cm.n; i++) hfhub__ulf_to_op(l, i);
    if (!r) r = hfhub__ulf_lfs(l, idx);
    if (!r) r = hfhub__ulf_commits(l, idx);
    l->rep.files = l->cm.n;
    for (i = 0; i < l->cm.n; i++) {
        l->rep.hashed += l->meta[i].sha256[0] != 0;
        l->rep.committed += l->meta[i].committed;
        l->rep.ignored += l->meta[i].should_ignore > 0;
    }
    return r;
}

hfhub_result hfhub_upload_large_folder(hfhub_client *c, const char *repo_id, const char *folder_path,
                                       const hfhub_upload_large_folder_opts *o,
                                       hfhub_upload_large_folder_report *report) {
    hfhub__ulf l;
    hfhub_upload_opts uo;
    hfhub_create_repo_opts ro;
    hfhub_result r;
    if (!c || !folder_path || !o) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_upload_large_folder: NULL argument");
    if (!o->repo_type || hfhub__repo_type_index(o->repo_type) < 0 || hfhub__repo_type_index(o->repo_type) > 2)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "For large uploads, `repo_type` is explicitly required. Please set it to `model`, `dataset` or `space`. If you are using the CLI, pass it as `--repo-type=model`.");
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if (!hfhub__fs_is_dir(folder_path)) return hfhub__fail(HFHUB_ERR_IO, "Provided path: '%s' is not a directory", folder_path);
    memset(&ro, 0, sizeof ro);
    ro.repo_type = o->repo_type;
    ro.token = o->token;
    ro.exist_ok = 1;
    ro.private_repo = o->private_repo ? HFHUB_ON : 0;
    if ((r = hfhub_create_repo(c, repo_id, &ro, NULL)) != HFHUB_OK) return r;
    memset(&l, 0, sizeof l);
    l.folder = folder_path;
    r = hfhub__ulf_setup(&l, c, repo_id, o, &uo);
    if (!r) r = hfhub__ulf_run(&l);
    if (report) *report = l.rep;
    if (l.cm.c) hfhub__commit_cleanup(&l.cm);
    hfhub__arena_free(&l.u.ar);
    return r;
}

#undef HFHUB__ULF_MODE_BATCH
#undef HFHUB__ULF_STALE_S
#undef HFHUB__ULF_MESSAGE

#endif /* HFHUB_NO_STDIO */
