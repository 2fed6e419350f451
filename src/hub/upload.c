/* upload.c: upload_file and upload_folder (spec/hub-api.md §4.8-4.9). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

hfhub_result hfhub_upload_file(hfhub_client *c, const char *repo_id, const char *local_path, const char *path_in_repo,
                               const hfhub_upload_opts *opts, hfhub_commit_info **out) {
    hfhub_commit_op op;
    hfhub_commit_opts co;
    hfhub__buf msg;
    hfhub_result r;
    if (!c || !out || !local_path || !path_in_repo)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_upload_file: NULL argument");
    if (!hfhub__fs_exists(local_path) || hfhub__fs_is_dir(local_path))
        return hfhub__fail(HFHUB_ERR_IO, "%s is not a file", local_path);
    memset(&co, 0, sizeof co);
    if (opts) co = opts->commit;
    op = hfhub_op_add_file(path_in_repo, local_path);
    hfhub__buf_init(&msg, c->a);
    if (opts && opts->commit_message) hfhub__buf_puts(&msg, opts->commit_message);
    else hfhub__buf_printf(&msg, "Upload %s with huggingface_hub", path_in_repo);
    r = msg.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "message") : hfhub__create_commit_url(c, repo_id, &op, 1, msg.data, &co, "blob", path_in_repo, NULL, out);
    hfhub__buf_free(&msg);
    return r;
}

/* ---- the folder ---------------------------------------------------------------------- */

static const char *const hfhub__upf_always_ignored[] = {
    ".git", ".git/*", "*/.git", "**/.git/**",
    ".cache/huggingface", ".cache/huggingface/*", "*/.cache/huggingface", "**/.cache/huggingface/**"};

static hfhub_result hfhub__upf_push(hfhub__upf *u, char ***list, size_t *n, size_t *cap, const char *s) {
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        char **nl = (char **)hfhub__arena_alloc(&u->ar, nc * sizeof *nl);
        if (!nl) return hfhub__fail(HFHUB_ERR_NOMEM, "file list");
        if (*n) memcpy(nl, *list, *n * sizeof *nl);
        *list = nl;
        *cap = nc;
    }
    if (!((*list)[*n] = hfhub__arena_strdup(&u->ar, s))) return hfhub__fail(HFHUB_ERR_NOMEM, "file list");
    (*n)++;
    return HFHUB_OK;
}

static int hfhub__upf_allowed(const hfhub__upf *u, const char *rel) {
    const hfhub_upload_opts *o = u->o;
    size_t n_ig = sizeof hfhub__upf_always_ignored / sizeof hfhub__upf_always_ignored[0];
    if (!hfhub__glob_filter(rel, NULL, 0, hfhub__upf_always_ignored, n_ig)) return 0;
    return hfhub__glob_filter(rel, o ? o->allow_patterns : NULL, o ? o->n_allow : 0, o ? o->ignore_patterns : NULL,
                              o ? o->n_ignore : 0);
}

/* Walks folder/rel recursively (rel "" at the top), collecting files. */
hfhub_result hfhub__upf_walk(hfhub__upf *u, hfhub__buf *rel, int depth) {
    hfhub__fs_dir d;
    hfhub__buf full;
    const char *name;
    int kind, opened;
    hfhub_result r;
    if (depth > 64) return hfhub__fail(HFHUB_ERR_IO, "%s: folders nested too deep (a symlink loop?)", u->folder);
    hfhub__buf_init(&full, u->c->a);
    hfhub__buf_printf(&full, "%s%s%s", u->folder, rel->len ? "/" : "", rel->data ? rel->data : "");
    r = full.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "path") : hfhub__fs_dir_open(&d, u->c->a, full.data);
    opened = !r;
    while (!r) {
        size_t keep = rel->len;
        if ((r = hfhub__fs_dir_next(&d, &name, &kind)) != HFHUB_OK || !name) break;
        if (rel->len) hfhub__buf_putc(rel, '/');
        hfhub__buf_puts(rel, name);
        if (rel->failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "path");
        if (!r && kind == HFHUB__FS_LINK) {
            hfhub__buf lp;
            hfhub__buf_init(&lp, u->c->a);
            hfhub__buf_printf(&lp, "%s/%s", u->folder, rel->data);
            kind = lp.failed ? HFHUB__FS_NONE : hfhub__fs_is_dir(lp.data) ? HFHUB__FS_DIR
                                              : hfhub__fs_exists(lp.data) ? HFHUB__FS_FILE : HFHUB__FS_NONE;
            hfhub__buf_free(&lp);
        }
        if (!r && kind == HFHUB__FS_DIR) r = hfhub__upf_walk(u, rel, depth + 1);
        else if (!r && kind == HFHUB__FS_FILE && hfhub__upf_allowed(u, rel->data))
            r = hfhub__upf_push(u, &u->rel, &u->n_rel, &u->cap_rel, rel->data);
        rel->len = keep;
        if (rel->data) rel->data[keep] = 0;
    }
    if (opened) hfhub__fs_dir_close(&d);
    hfhub__buf_free(&full);
    return r;
}

int hfhub__upf_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static hfhub_result hfhub__upf_tree_page(void *user, const hfhub_json_value *page) {
    hfhub__upf *u = (hfhub__upf *)user;
    size_t k;
    hfhub_result r = HFHUB_OK;
    for (k = 0; !r && k < hfhub_json_len(page); k++) {
        const hfhub_json_value *e = hfhub_json_at(page, k);
        if (strcmp(hfhub_json_str(hfhub_json_get(e, "type"), ""), "file")) continue;
        r = hfhub__upf_push(u, &u->remote, &u->n_remote, &u->cap_remote, hfhub_json_str(hfhub_json_get(e, "path"), ""));
    }
    return r;
}

/* list_repo_files at the revision (main with create_pr). */
static hfhub_result hfhub__upf_list_remote(hfhub__upf *u, const char *repo_id) {
    const hfhub_commit_opts *co = &u->o->commit;
    int type = hfhub__repo_type_index(co->repo_type);
    const char *rev = co->create_pr || !co->revision ? "main" : co->revision;
    hfhub__buf url;
    hfhub_result r;
    if (type < 0) return HFHUB_ERR_INVALID_ARG;
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    hfhub__buf_init(&url, u->c->a);
    hfhub__buf_printf(&url, "%s/api/%s/%s/tree/", u->c->endpoint, hfhub__repo_type_plural(type), repo_id);
    hfhub__url_quote(&url, rev, strlen(rev), "");
    hfhub__buf_puts(&url, "?recursive=true&expand=false");
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_paginate(u->c, url.data, co->token, hfhub__upf_tree_page, u);
    hfhub__buf_free(&url);
    return r;
}

static int hfhub__upf_is_added(const hfhub__upf *u, const char *path) {
    size_t k, n = strlen(u->prefix);
    for (k = 0; k < u->n_rel; k++)
        if (!strncmp(path, u->prefix, n) && !strcmp(path + n, u->rel[k])) return 1;
    return 0;
}

/* The operations: deletions first, then the adds. */
static hfhub_result hfhub__upf_ops(hfhub__upf *u, const char *repo_id) {
    size_t k, n_pre = strlen(u->prefix);
    hfhub_result r = HFHUB_OK;
    if (u->o && u->o->delete_patterns) r = hfhub__upf_list_remote(u, repo_id);
    if (r) return r;
    u->ops = (hfhub_commit_op *)hfhub__arena_alloc(&u->ar, (u->n_rel + u->n_remote + 1) * sizeof *u->ops);
    if (!u->ops) return hfhub__fail(HFHUB_ERR_NOMEM, "ops");
    for (k = 0; k < u->n_remote; k++) {
        const char *p = u->remote[k];
        if (strncmp(p, u->prefix, n_pre) || !strcmp(p, ".gitattributes") || hfhub__upf_is_added(u, p)) continue;
        if (!hfhub__glob_filter(p + n_pre, u->o->delete_patterns, u->o->n_delete, NULL, 0)) continue;
        u->ops[u->n_ops] = hfhub_op_delete(p);
        u->ops[u->n_ops++].is_folder = -1;
    }
    for (k = 0; k < u->n_rel; k++) {
        hfhub__buf b;
        char *repo_path, *local;
        hfhub__buf_init(&b, u->c->a);
        hfhub__buf_printf(&b, "%s%s", u->prefix, u->rel[k]);
        repo_path = b.failed ? NULL : hfhub__arena_strdup(&u->ar, b.data);
        hfhub__buf_reset(&b);
        hfhub__buf_printf(&b, "%s/%s", u->folder, u->rel[k]);
        local = b.failed ? NULL : hfhub__arena_strdup(&u->ar, b.data);
        hfhub__buf_free(&b);
        if (!repo_path || !local) return hfhub__fail(HFHUB_ERR_NOMEM, "ops");
        u->ops[u->n_ops++] = hfhub_op_add_file(repo_path, local);
    }
    return HFHUB_OK;
}

hfhub_result hfhub_upload_folder(hfhub_client *c, const char *repo_id, const char *folder_path, const char *path_in_repo,
                                 const hfhub_upload_opts *opts, hfhub_commit_info **out) {
    hfhub__upf u;
    hfhub__buf rel, pre;
    hfhub_upload_opts dflt;
    hfhub_result r;
    if (!c || !out || !folder_path) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_upload_folder: NULL argument");
    *out = NULL;
    if (!opts) {
        memset(&dflt, 0, sizeof dflt);
        opts = &dflt;
    }
    if (opts->commit.create_pr && opts->commit.revision && strcmp(opts->commit.revision, "main"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Cannot use `create_pr=True` with a `revision` other than main.");
    if (!hfhub__fs_is_dir(folder_path)) return hfhub__fail(HFHUB_ERR_IO, "Provided path: '%s' is not a directory", folder_path);
    memset(&u, 0, sizeof u);
    u.c = c;
    u.o = opts;
    u.folder = folder_path;
    hfhub__arena_init(&u.ar, c->a);
    hfhub__buf_init(&rel, c->a);
    hfhub__buf_init(&pre, c->a);
    if (path_in_repo) {
        const char *s = path_in_repo;
        size_t n;
        while (*s == '/') s++;
        n = strlen(s);
        while (n && s[n - 1] == '/') n--;
        if (n && !(n == 1 && *s == '.')) { /* "." and "./" are the root, as in Python */
            hfhub__buf_append(&pre, s, n);
            hfhub__buf_putc(&pre, '/');
        }
    }
    u.prefix = pre.len ? pre.data : "";
    r = pre.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "prefix") : hfhub__upf_walk(&u, &rel, 0);
    if (!r && u.n_rel) qsort(u.rel, u.n_rel, sizeof *u.rel, hfhub__upf_cmp);
    if (!r) r = hfhub__upf_ops(&u, repo_id);
    if (!r) {
        hfhub_commit_opts co = opts->commit;
        r = hfhub__create_commit_url(c, repo_id, u.ops, u.n_ops,
                                     opts->commit_message ? opts->commit_message : "Upload folder using huggingface_hub",
                                     &co, "tree", path_in_repo ? path_in_repo : "", NULL, out);
    }
    hfhub__buf_free(&rel);
    hfhub__buf_free(&pre);
    hfhub__arena_free(&u.ar);
    return r;
}

/* ---- deletions ------------------------------------------------------------------------ */

static const char *const hfhub__upf_none[1] = {NULL};

static hfhub_result hfhub__upload_delete_one(hfhub_client *c, const char *repo_id, const char *path, int folder,
                                             const hfhub_upload_opts *opts, hfhub_commit_info **out) {
    hfhub_commit_op op;
    hfhub_commit_opts co;
    hfhub__buf msg;
    hfhub_result r;
    if (!c || !out || !path) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "delete: NULL argument");
    memset(&co, 0, sizeof co);
    if (opts) co = opts->commit;
    op = hfhub_op_delete(path);
    op.is_folder = folder ? 1 : -1;
    hfhub__buf_init(&msg, c->a);
    if (opts && opts->commit_message) hfhub__buf_puts(&msg, opts->commit_message);
    else hfhub__buf_printf(&msg, "Delete %s%s with huggingface_hub", folder ? "folder " : "", path);
    r = msg.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "message") : hfhub_create_commit(c, repo_id, &op, 1, msg.data, &co, out);
    hfhub__buf_free(&msg);
    return r;
}

hfhub_result hfhub_delete_file(hfhub_client *c, const char *repo_id, const char *path_in_repo,
                               const hfhub_upload_opts *opts, hfhub_commit_info **out) {
    return hfhub__upload_delete_one(c, repo_id, path_in_repo, 0, opts, out);
}

hfhub_result hfhub_delete_folder(hfhub_client *c, const char *repo_id, const char *path_in_repo,
                                 const hfhub_upload_opts *opts, hfhub_commit_info **out) {
    return hfhub__upload_delete_one(c, repo_id, path_in_repo, 1, opts, out);
}

hfhub_result hfhub_delete_files(hfhub_client *c, const char *repo_id, const char *const *patterns, size_t n_patterns,
                                const hfhub_upload_opts *opts, hfhub_commit_info **out) {
    hfhub__upf u;
    hfhub_upload_opts o;
    hfhub__buf msg;
    hfhub_result r;
    size_t k;
    if (!c || !out || (!patterns && n_patterns)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_delete_files: NULL argument");
    *out = NULL;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    o.delete_patterns = patterns ? patterns : hfhub__upf_none; /* a list, possibly empty */
    o.n_delete = n_patterns;
    memset(&u, 0, sizeof u);
    u.c = c;
    u.o = &o;
    u.prefix = "";
    hfhub__arena_init(&u.ar, c->a);
    hfhub__buf_init(&msg, c->a);
    if (opts && opts->commit_message) hfhub__buf_puts(&msg, opts->commit_message);
    else {
        hfhub__buf_puts(&msg, "Delete files");
        for (k = 0; k < n_patterns; k++) hfhub__buf_printf(&msg, " %s", patterns[k]);
        hfhub__buf_puts(&msg, " with huggingface_hub");
    }
    r = msg.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "message") : hfhub__upf_ops(&u, repo_id);
    if (!r) r = hfhub_create_commit(c, repo_id, u.ops, u.n_ops, msg.data, &o.commit, out);
    hfhub__buf_free(&msg);
    hfhub__arena_free(&u.ar);
    return r;
}

#endif /* HFHUB_NO_STDIO */
