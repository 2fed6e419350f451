/* local_dir.c: hf_hub_download into a plain folder (spec/hub-api.md §2.8). Files land at
 * {local_dir}/{path}; what Python needs to trust them lives in
 * {local_dir}/.cache/huggingface/download/{path}.metadata (commit, etag, timestamp). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

typedef struct hfhub__ld {
    hfhub__dl d;
    hfhub__buf root;       /* absolute local_dir */
    hfhub__buf file;       /* {root}/{filename} */
    hfhub__buf meta_path;  /* .cache/huggingface/download/{filename}.metadata */
    hfhub__buf lock_path;
    hfhub__buf tmp;        /* .cache/huggingface/download/{tag}.{etag}.incomplete */
    char meta_commit[41];
    char meta_etag[160];
    int meta_valid;        /* the metadata file exists, parses and is not older than the file */
} hfhub__ld;

/* Creates .cache/huggingface with its .gitignore ("*") and CACHEDIR.TAG, like Python. */
static void hfhub__ld_prepare(hfhub__ld *l) {
    hfhub__buf p;
    hfhub__buf_init(&p, l->d.c->a);
    hfhub__buf_printf(&p, "%s/.cache/huggingface/.gitignore", l->root.data);
    if (!p.failed && hfhub__fs_kind(p.data) == HFHUB__FS_NONE && !hfhub__fs_mkdirs_parent(p.data))
        hfhub__fs_write_atomic(p.data, "*", 1, 0644);
    hfhub__buf_reset(&p);
    hfhub__buf_printf(&p, "%s/.cache/huggingface", l->root.data);
    if (!p.failed) hfhub__cache_tag(p.data);
    hfhub__buf_free(&p);
}

/* Reads the metadata file; it counts only when the file's mtime - 1 <= its timestamp
 * (the file was not edited after the download). A corrupt metadata file is deleted. */
static void hfhub__ld_read_meta(hfhub__ld *l) {
    char *data = NULL, *line2, *line3;
    size_t len = 0;
    uint64_t mtime_ok = 0;
    double stamp;
    l->meta_valid = 0;
    if (hfhub__fs_kind(l->meta_path.data) != HFHUB__FS_FILE) return;
    if (hfhub__fs_read_file(l->d.c->a, l->meta_path.data, 4096, &data, &len)) return;
    line2 = strchr(data, '\n');
    line3 = line2 ? strchr(line2 + 1, '\n') : NULL;
    if (line2 && line3 && line2 - data == 40 && line3 - line2 - 1 < (long)sizeof l->meta_etag) {
        char *end;
        memcpy(l->meta_commit, data, 40);
        l->meta_commit[40] = 0;
        memcpy(l->meta_etag, line2 + 1, (size_t)(line3 - line2 - 1));
        l->meta_etag[line3 - line2 - 1] = 0;
        stamp = strtod(line3 + 1, &end);
        if (end != line3 + 1 && hfhub__is_commit_hash(l->meta_commit)) {
            int64_t mt = 0;
            mtime_ok = 1;
            if (hfhub__fs_mtime(l->file.data, &mt) == HFHUB_OK && (double)(mt - 1) > stamp) mtime_ok = 0;
            l->meta_valid = (int)mtime_ok;
        } else {
            hfhub__fs_remove(l->meta_path.data);
        }
    } else {
        hfhub__fs_remove(l->meta_path.data);
    }
    hfhub__free(l->d.c->a, data, len + 1);
}

static hfhub_result hfhub__ld_write_meta(hfhub__ld *l, const char *commit, const char *etag) {
    hfhub__buf text;
    hfhub_result r;
    hfhub__buf_init(&text, l->d.c->a);
    /* Python writes time.time(); whole seconds read back the same (mtime - 1 <= stamp) */
    hfhub__buf_printf(&text, "%s\n%s\n%lld.0\n", commit, etag, (long long)hfhub__unix_time());
    r = text.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "metadata") : hfhub__fs_mkdirs_parent(l->meta_path.data);
    if (!r) r = hfhub__fs_write_atomic(l->meta_path.data, text.data, text.len, 0644);
    hfhub__buf_free(&text);
    return r;
}

static hfhub_result hfhub__ld_setup(hfhub__ld *l, hfhub_client *c, const char *repo_id, const char *filename,
                                    const hfhub_download_opts *o) {
    hfhub_result r;
    char *abs = NULL;
    memset(l, 0, sizeof *l);
    hfhub__buf_init(&l->root, c->a);
    hfhub__buf_init(&l->file, c->a);
    hfhub__buf_init(&l->meta_path, c->a);
    hfhub__buf_init(&l->lock_path, c->a);
    hfhub__buf_init(&l->tmp, c->a);
    if ((r = hfhub__dl_setup(&l->d, c, repo_id, filename, o)) != HFHUB_OK) return r;
    if ((r = hfhub__fs_abspath(c->a, o->local_dir, &abs)) != HFHUB_OK) return r;
    hfhub__buf_puts(&l->root, abs);
    hfhub__free(c->a, abs, strlen(abs) + 1);
    hfhub__buf_printf(&l->file, "%s/%s", l->root.data, l->d.filename.data);
    hfhub__buf_printf(&l->meta_path, "%s/.cache/huggingface/download/%s.metadata", l->root.data, l->d.filename.data);
    hfhub__buf_printf(&l->lock_path, "%s/.cache/huggingface/download/%s.lock", l->root.data, l->d.filename.data);
    if (l->file.failed || l->meta_path.failed || l->lock_path.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "paths");
    hfhub__ld_read_meta(l);
    return HFHUB_OK;
}

static void hfhub__ld_cleanup(hfhub__ld *l) {
    hfhub__dl_cleanup(&l->d);
    hfhub__buf_free(&l->root);
    hfhub__buf_free(&l->file);
    hfhub__buf_free(&l->meta_path);
    hfhub__buf_free(&l->lock_path);
    hfhub__buf_free(&l->tmp);
}

/* SHA-256 of a local file as lowercase hex. */
static hfhub_result hfhub__ld_sha256_file(const char *path, char hex[65]) {
    unsigned char buf[65536], d[32];
    hfhub_sha256_ctx ctx;
    size_t k;
    FILE *f = fopen(path, "rb");
    if (!f) return hfhub__fail(HFHUB_ERR_IO, "cannot read '%s'", path);
    hfhub_sha256_init(&ctx);
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) hfhub_sha256_update(&ctx, buf, k);
    fclose(f);
    hfhub_sha256_final(&ctx, d);
    hfhub_hex_encode(d, 32, hex);
    return HFHUB_OK;
}

/* The local file already holds this etag's content? (metadata, else its SHA-256 for LFS) */
static int hfhub__ld_up_to_date(hfhub__ld *l, const hfhub__meta *m) {
    char hex[65];
    if (hfhub__fs_kind(l->file.data) != HFHUB__FS_FILE) return 0;
    if (l->meta_valid && !strcmp(l->meta_etag, m->etag)) return 1;
    return hfhub__is_sha256_hex(m->etag) && !hfhub__ld_sha256_file(l->file.data, hex) && !strcmp(hex, m->etag);
}

/* Downloads the file (or copies it from the main cache) and writes its metadata. */
static hfhub_result hfhub__ld_fetch(hfhub__ld *l) {
    hfhub__dl *d = &l->d;
    hfhub_client *c = d->c;
    const hfhub__meta *m = &d->meta;
    hfhub__buf cached;
    unsigned char digest[32];
    char tag[17];
    hfhub_result r;
    int verify = hfhub__is_sha256_hex(m->etag) && !d->o->no_verify && !hfhub__dl_env_flag("HF_HUB_DISABLE_VERIFICATION");
    /* a transient name: a short digest of the path, then the etag (resumable across runs) */
    hfhub_sha256(l->d.filename.data, l->d.filename.len, digest);
    hfhub_hex_encode(digest, 8, tag);
    hfhub__buf_printf(&l->tmp, "%s/.cache/huggingface/download/%s.%s.incomplete", l->root.data, tag, m->etag);
    hfhub__buf_init(&cached, c->a);
    hfhub__buf_printf(&cached, "%s/snapshots/%s/%s", d->repo_dir.data, m->commit, d->filename.data);
    if (l->tmp.failed || cached.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "paths");
    else if ((r = hfhub__fs_mkdirs_parent(l->tmp.data)) != HFHUB_OK) {
    } else if (!d->o->force_download && hfhub__fs_exists(cached.data)) {
        r = hfhub__fs_copy(cached.data, l->tmp.data); /* already in the main cache */
    } else {
        if (d->o->force_download) hfhub__fs_remove(l->tmp.data);
        r = hfhub__dl_transfer(c, m, hfhub__dl_same_origin(c, m->location.data, d->url.data), d->o, l->tmp.data,
                               d->filename.data, verify ? m->etag : NULL);
    }
    hfhub__buf_free(&cached);
    if (!r) r = hfhub__fs_mkdirs_parent(l->file.data);
    if (!r) {
        hfhub__fs_remove(l->file.data); /* the outdated file */
        r = hfhub__fs_rename(l->tmp.data, l->file.data);
    }
    if (!r) r = hfhub__ld_write_meta(l, m->commit, m->etag);
    return r;
}

hfhub_result hfhub__download_local_dir_dry_run(hfhub_client *c, const char *repo_id, const char *filename,
                                               const hfhub_download_opts *o, hfhub_dry_run_info **out) {
    hfhub__ld l;
    char commit[41];
    hfhub_result r = hfhub__ld_setup(&l, c, repo_id, filename, o);
    if (!r && hfhub__dl_offline(&l.d))
        r = hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND, "a dry run needs the Hub: offline mode is enabled");
    if (!r)
        r = hfhub__dl_head(c, l.d.url.data, o, (o->etag_timeout_s > 0 ? o->etag_timeout_s : c->etag_timeout_s) * 1000, 0,
                           &l.d.meta, commit);
    if (!r)
        r = hfhub__dl_dry_record(c, l.d.meta.commit, l.d.meta.size, l.d.filename.data, l.file.data,
                                 hfhub__ld_up_to_date(&l, &l.d.meta), o->force_download, out);
    hfhub__ld_cleanup(&l);
    return r;
}

hfhub_result hfhub__download_local_dir(hfhub_client *c, const char *repo_id, const char *filename,
                                       const hfhub_download_opts *o, char **out_path) {
    hfhub__ld l;
    hfhub_result r = hfhub__ld_setup(&l, c, repo_id, filename, o);
    int force = o->force_download, have_file;
    char commit[41];
    hfhub__fs_lock lk;
    have_file = !r && hfhub__fs_kind(l.file.data) == HFHUB__FS_FILE;
    /* a commit hash the local file was downloaded at: no request */
    if (!r && !force && have_file && l.meta_valid &&
        ((hfhub__is_commit_hash(l.d.revision) && !strcmp(l.meta_commit, l.d.revision)) ||
         o->mode == HFHUB_DOWNLOAD_PREFER_OFFLINE)) {
        *out_path = hfhub__out_strdup(c, l.file.data);
        hfhub__ld_cleanup(&l);
        return *out_path ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "path");
    }
    if (!r) {
        r = hfhub__dl_offline(&l.d) ? hfhub__fail(HFHUB_ERR_NETWORK, "offline")
                                    : hfhub__dl_head(c, l.d.url.data, o, (o->etag_timeout_s > 0 ? o->etag_timeout_s
                                                                          : c->etag_timeout_s) * 1000, 0, &l.d.meta, commit);
        if (r && r != HFHUB_ERR_ENTRY_NOT_FOUND && r != HFHUB_ERR_REVISION_NOT_FOUND && have_file && !force) {
            hfhub__log(&c->log, HFHUB_LOG_WARN, "Couldn't access the Hub to check for update but local file already "
                       "exists. Defaulting to existing file. (%s)", hfhub_last_error()->message);
            r = HFHUB_OK; /* the metadata call failed: the local file is what we have */
        } else if (r && r != HFHUB_ERR_ENTRY_NOT_FOUND && r != HFHUB_ERR_REVISION_NOT_FOUND &&
                   r != HFHUB_ERR_REPO_NOT_FOUND && r != HFHUB_ERR_GATED && r != HFHUB_ERR_UNAUTHORIZED) {
            r = hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND, "%s is not in %s and the Hub could not be reached (%s)",
                            l.d.filename.data, o->local_dir, hfhub_last_error()->message);
        } else if (!r) {
            hfhub__ld_prepare(&l);
            r = hfhub__fs_lock_acquire(&lk, l.lock_path.data, -1, &c->log);
            if (!r) {
                if (!force && hfhub__ld_up_to_date(&l, &l.d.meta))
                    r = hfhub__ld_write_meta(&l, l.d.meta.commit, l.d.meta.etag);
                else
                    r = hfhub__ld_fetch(&l);
                hfhub__fs_lock_release(&lk);
            }
        }
    }
    if (!r) {
        *out_path = hfhub__out_strdup(c, l.file.data);
        if (!*out_path) r = hfhub__fail(HFHUB_ERR_NOMEM, "path");
    }
    hfhub__ld_cleanup(&l);
    return r;
}

#endif
