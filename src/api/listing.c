/* listing.c: model/dataset/space listings, tree, paths-info, files, refs, commits, likes. */
#include <stdio.h>
#include <string.h>

/* ---- models, datasets, spaces ----------------------------------------------------------------- */

/* Python maps its snake_case sort names to the Hub's. */
static const char *hfhub__listing_sort(const char *s) {
    if (!s) return NULL;
    if (!strcmp(s, "last_modified")) return "lastModified";
    if (!strcmp(s, "trending_score")) return "trendingScore";
    if (!strcmp(s, "created_at")) return "createdAt";
    return s;
}

/* filter=<key>:<value> for each value (kept as is when it already has the prefix). */
static void hfhub__listing_keyed(hfhub__buf *u, const char *key, const char *const *vals, size_t n) {
    size_t i, kl = strlen(key);
    hfhub__buf t;
    hfhub__buf_init(&t, u->a);
    for (i = 0; vals && i < n; i++) {
        if (!vals[i]) continue;
        hfhub__buf_reset(&t);
        if (strncmp(vals[i], key, kl) || vals[i][kl] != ':') hfhub__buf_printf(&t, "%s:", key);
        hfhub__buf_puts(&t, vals[i]);
        if (t.failed) u->failed = 1;
        else hfhub__api_q(u, "filter", t.data);
    }
    hfhub__buf_free(&t);
}

static void hfhub__listing_tri(hfhub__buf *u, const char *name, int v) {
    if (v) hfhub__api_q(u, name, v > 0 ? "true" : "false");
}

/* Python's parameter order of list_models. */
static void hfhub__listing_models_q(hfhub__buf *u, const hfhub_list_repos_opts *o) {
    char num[32];
    hfhub__api_q_list(u, "filter", o->filter, o->n_filter);
    hfhub__listing_keyed(u, "dataset", o->trained_dataset, o->n_trained_dataset);
    hfhub__api_q(u, "author", o->author && *o->author ? o->author : NULL);
    hfhub__api_q_list(u, "apps", o->apps, o->n_apps);
    hfhub__listing_tri(u, "gated", o->gated);
    hfhub__api_q(u, "inference", o->inference);
    hfhub__api_q_list(u, "inference_provider", o->inference_provider, o->n_inference_provider);
    hfhub__api_q(u, "pipeline_tag", o->pipeline_tag && *o->pipeline_tag ? o->pipeline_tag : NULL);
    hfhub__api_q(u, "search", o->model_name && *o->model_name ? o->model_name : NULL);
    hfhub__api_q(u, "search", o->search && *o->search ? o->search : NULL);
    hfhub__api_q(u, "sort", hfhub__listing_sort(o->sort));
    if (o->direction) { snprintf(num, sizeof num, "%d", o->direction); hfhub__api_q(u, "direction", num); }
    if (o->limit) { snprintf(num, sizeof num, "%llu", (unsigned long long)o->limit); hfhub__api_q(u, "limit", num); }
    if (o->full) hfhub__api_q(u, "full", "true");
    if (o->fetch_config) hfhub__api_q(u, "config", "true");
    if (o->card_data) hfhub__api_q(u, "cardData", "true");
    hfhub__api_q_list(u, "expand", o->expand, o->n_expand);
    hfhub__api_q(u, "num_parameters", o->num_parameters);
}

static void hfhub__listing_datasets_q(hfhub__buf *u, const hfhub_list_repos_opts *o) {
    char num[32];
    hfhub__api_q_list(u, "filter", o->filter, o->n_filter);
    hfhub__listing_keyed(u, "language_creators", o->language_creators, o->n_language_creators);
    hfhub__listing_keyed(u, "language", o->language, o->n_language);
    hfhub__listing_keyed(u, "multilinguality", o->multilinguality, o->n_multilinguality);
    hfhub__listing_keyed(u, "size_categories", o->size_categories, o->n_size_categories);
    hfhub__listing_keyed(u, "task_categories", o->task_categories, o->n_task_categories);
    hfhub__listing_keyed(u, "task_ids", o->task_ids, o->n_task_ids);
    if (o->benchmark) {
        hfhub__buf t;
        hfhub__buf_init(&t, u->a);
        hfhub__buf_printf(&t, "benchmark:%s", o->benchmark);
        if (t.failed) u->failed = 1;
        else hfhub__api_q(u, "filter", t.data);
        hfhub__buf_free(&t);
    }
    hfhub__api_q(u, "author", o->author && *o->author ? o->author : NULL);
    hfhub__listing_tri(u, "gated", o->gated);
    hfhub__api_q(u, "search", o->dataset_name && *o->dataset_name ? o->dataset_name : NULL);
    hfhub__api_q(u, "search", o->search && *o->search ? o->search : NULL);
    hfhub__api_q(u, "sort", hfhub__listing_sort(o->sort));
    if (o->direction) { snprintf(num, sizeof num, "%d", o->direction); hfhub__api_q(u, "direction", num); }
    if (o->limit) { snprintf(num, sizeof num, "%llu", (unsigned long long)o->limit); hfhub__api_q(u, "limit", num); }
    hfhub__api_q_list(u, "expand", o->expand, o->n_expand);
    if (o->full) hfhub__api_q(u, "full", "true");
}

static void hfhub__listing_spaces_q(hfhub__buf *u, const hfhub_list_repos_opts *o) {
    char num[32];
    hfhub__api_q_list(u, "filter", o->filter, o->n_filter);
    hfhub__api_q(u, "author", o->author);
    hfhub__api_q(u, "search", o->search);
    hfhub__api_q(u, "sort", hfhub__listing_sort(o->sort));
    if (o->direction) { snprintf(num, sizeof num, "%d", o->direction); hfhub__api_q(u, "direction", num); }
    if (o->limit) { snprintf(num, sizeof num, "%llu", (unsigned long long)o->limit); hfhub__api_q(u, "limit", num); }
    if (o->linked) hfhub__api_q(u, "linked", "true");
    hfhub__api_q_list(u, "datasets", o->datasets, o->n_datasets);
    hfhub__api_q_list(u, "models", o->models, o->n_models);
    hfhub__api_q_list(u, "expand", o->expand, o->n_expand);
    if (o->full) hfhub__api_q(u, "full", "true");
}

static hfhub_result hfhub__listing_repos(hfhub_client *c, int type, const hfhub_list_repos_opts *o, hfhub_iter **out) {
    hfhub_list_repos_opts none;
    static const char *const types[] = {"model", "dataset", "space"};
    hfhub__buf u;
    hfhub__iter_spec s;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    memset(&none, 0, sizeof none);
    if (!o) o = &none;
    if (o->n_expand && o->full) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "`expand` cannot be used if `full` is passed.");
    hfhub__buf_init(&u, c->a);
    hfhub__buf_printf(&u, "%s/api/%s", c->endpoint, hfhub__repo_type_plural(type));
    if (type == 0) hfhub__listing_models_q(&u, o);
    else if (type == 1) hfhub__listing_datasets_q(&u, o);
    else hfhub__listing_spaces_q(&u, o);
    if (u.failed) { hfhub__buf_free(&u); return hfhub__fail(HFHUB_ERR_NOMEM, "building a URL"); }
    memset(&s, 0, sizeof s);
    s.url = u.data;
    s.o = &o->api;
    s.kind = HFHUB__ITER_REPO;
    s.parse = hfhub__repo_info_item;
    s.ctx = types[type];
    s.limit = o->limit;
    r = hfhub__iter_new(c, &s, out);
    hfhub__buf_free(&u);
    return r;
}

hfhub_result hfhub_list_models(hfhub_client *c, const hfhub_list_repos_opts *o, hfhub_iter **out) {
    return hfhub__listing_repos(c, 0, o, out);
}
hfhub_result hfhub_list_datasets(hfhub_client *c, const hfhub_list_repos_opts *o, hfhub_iter **out) {
    return hfhub__listing_repos(c, 1, o, out);
}
hfhub_result hfhub_list_spaces(hfhub_client *c, const hfhub_list_repos_opts *o, hfhub_iter **out) {
    return hfhub__listing_repos(c, 2, o, out);
}

hfhub_result hfhub_iter_next_repo(hfhub_iter *it, const hfhub_info **info) {
    return hfhub__iter_next_typed(it, HFHUB__ITER_REPO, (const void **)info);
}

/* ---- tree and paths-info ------------------------------------------------------------------- */

static hfhub_result hfhub__listing_entry(hfhub__arena *ar, const hfhub_json_value *v, const char *ctx, void **out) {
    hfhub_repo_entry *e = (hfhub_repo_entry *)hfhub__arena_alloc(ar, sizeof *e);
    const hfhub_json_value *lfs = hfhub_json_get(v, "lfs"), *lc = hfhub_json_get(v, "lastCommit");
    const char *type = hfhub__api_str(v, "type");
    (void)ctx;
    if (!e) return hfhub__fail(HFHUB_ERR_NOMEM, "tree entry");
    memset(e, 0, sizeof *e);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "tree entry is not a JSON object");
    e->is_file = type && !strcmp(type, "file");
    e->path = hfhub__api_str(v, "path");
    if (!e->path) e->path = "";
    e->oid = hfhub__api_str(v, "oid");
    e->size = hfhub__api_int(v, "size", -1);
    e->xet_hash = hfhub__api_str(v, "xetHash");
    e->security_status = hfhub__api_str(hfhub_json_get(v, "securityFileStatus"), "status");
    e->json = v;
    if (hfhub_json_type_of(lfs) == HFHUB_JSON_OBJECT) {
        hfhub_blob_lfs *l = (hfhub_blob_lfs *)hfhub__arena_alloc(ar, sizeof *l);
        int64_t sz = hfhub__api_int(lfs, "size", 0), ps = hfhub__api_int(lfs, "pointerSize", 0);
        if (!l) return hfhub__fail(HFHUB_ERR_NOMEM, "tree entry");
        l->size = sz > 0 ? (uint64_t)sz : 0;
        l->sha256 = hfhub__api_str(lfs, "oid");
        l->pointer_size = ps > 0 ? (uint64_t)ps : 0;
        e->lfs = l;
    }
    if (hfhub_json_type_of(lc) == HFHUB_JSON_OBJECT) {
        hfhub_last_commit *l = (hfhub_last_commit *)hfhub__arena_alloc(ar, sizeof *l);
        if (!l) return hfhub__fail(HFHUB_ERR_NOMEM, "tree entry");
        l->oid = hfhub__api_str(lc, "id");
        l->title = hfhub__api_str(lc, "title");
        l->date = hfhub__api_str(lc, "date");
        e->last_commit = l;
    }
    *out = e;
    return HFHUB_OK;
}

hfhub_result hfhub_iter_next_entry(hfhub_iter *it, const hfhub_repo_entry **entry) {
    return hfhub__iter_next_typed(it, HFHUB__ITER_ENTRY, (const void **)entry);
}

/* {E}/api/{T}/{repo}/{word}/{quote(rev, "")} into u. */
static hfhub_result hfhub__listing_rev_url(hfhub_client *c, hfhub__buf *u, const char *repo_id,
                                           const hfhub_repo_read_opts *o, const char *word) {
    const char *rev = o && o->revision ? o->revision : "main";
    hfhub_result r = hfhub__api_repo_url(c, u, o ? o->repo_type : NULL, repo_id, NULL);
    if (r) return r;
    hfhub__buf_printf(u, "/%s/", word);
    hfhub__url_quote(u, rev, strlen(rev), "");
    return u->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : HFHUB_OK;
}

static hfhub_result hfhub__listing_start(hfhub_client *c, hfhub__buf *u, hfhub__iter_spec *s, hfhub_iter **out) {
    hfhub_result r = u->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : HFHUB_OK;
    s->url = u->data;
    if (!r) r = hfhub__iter_new(c, s, out);
    hfhub__buf_free(u);
    return r;
}

hfhub_result hfhub_list_repo_tree(hfhub_client *c, const char *repo_id, const char *path_in_repo, int recursive,
                                  int expand, const hfhub_repo_read_opts *o, hfhub_iter **out) {
    hfhub__buf u;
    hfhub__iter_spec s;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&u, c->a);
    if ((r = hfhub__listing_rev_url(c, &u, repo_id, o, "tree")) != HFHUB_OK) { hfhub__buf_free(&u); return r; }
    if (path_in_repo && *path_in_repo) {
        hfhub__buf_putc(&u, '/');
        hfhub__url_quote(&u, path_in_repo, strlen(path_in_repo), "");
    }
    hfhub__api_q(&u, "recursive", recursive ? "true" : "false");
    hfhub__api_q(&u, "expand", expand ? "true" : "false");
    memset(&s, 0, sizeof s);
    s.o = o ? &o->api : NULL;
    s.kind = HFHUB__ITER_ENTRY;
    s.parse = hfhub__listing_entry;
    return hfhub__listing_start(c, &u, &s, out);
}

hfhub_result hfhub_get_paths_info(hfhub_client *c, const char *repo_id, const char *const *paths, size_t n_paths,
                                  int expand, const hfhub_repo_read_opts *o, hfhub_iter **out) {
    hfhub__buf u, body;
    hfhub__iter_spec s;
    hfhub_result r;
    size_t i;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c || (n_paths && !paths)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client and paths are required");
    hfhub__buf_init(&u, c->a);
    hfhub__buf_init(&body, c->a);
    if ((r = hfhub__listing_rev_url(c, &u, repo_id, o, "paths-info")) != HFHUB_OK) { hfhub__buf_free(&u); return r; }
    for (i = 0; i < n_paths; i++) { /* form-encoded, as Python's data= */
        if (!paths[i]) continue;
        hfhub__buf_puts(&body, "paths=");
        hfhub__url_quote_plus(&body, paths[i], strlen(paths[i]), "");
        hfhub__buf_putc(&body, '&');
    }
    hfhub__buf_printf(&body, "expand=%s", expand ? "true" : "false");
    memset(&s, 0, sizeof s);
    s.o = o ? &o->api : NULL;
    s.kind = HFHUB__ITER_ENTRY;
    s.parse = hfhub__listing_entry;
    s.method = "POST";
    s.body = body.data;
    s.body_len = body.len;
    s.content_type = "application/x-www-form-urlencoded";
    if (body.failed) u.failed = 1;
    r = hfhub__listing_start(c, &u, &s, out);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_list_repo_files(hfhub_client *c, const char *repo_id, const hfhub_repo_read_opts *o,
                                   hfhub_string_list **out) {
    hfhub_iter *it = NULL;
    hfhub__arena *ar;
    hfhub_string_list *list;
    const hfhub_repo_entry *e;
    hfhub__buf ptrs;             /* the pointers while they are collected */
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if ((r = hfhub_list_repo_tree(c, repo_id, NULL, 1, 0, o, &it)) != HFHUB_OK) return r;
    if (!(list = (hfhub_string_list *)hfhub__api_box_new(c->a, sizeof *list, &ar))) { hfhub_iter_free(it); return HFHUB_ERR_NOMEM; }
    hfhub__buf_init(&ptrs, c->a);
    while ((r = hfhub_iter_next_entry(it, &e)) == HFHUB_OK && e) {
        char *p;
        if (!e->is_file) continue;
        if (!(p = hfhub__arena_strdup(ar, e->path))) { r = hfhub__fail(HFHUB_ERR_NOMEM, "file list"); break; }
        hfhub__buf_append(&ptrs, &p, sizeof p);
    }
    if (!r && ptrs.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "file list");
    if (!r && ptrs.len) {
        void *items = hfhub__arena_alloc(ar, ptrs.len);
        if (!items) r = hfhub__fail(HFHUB_ERR_NOMEM, "file list");
        else {
            memcpy(items, ptrs.data, ptrs.len);
            list->items = (const char *const *)items;
            list->n = ptrs.len / sizeof(char *);
        }
    }
    hfhub__buf_free(&ptrs);
    hfhub_iter_free(it);
    if (r) { hfhub_api_free(list); return r; }
    *out = list;
    return HFHUB_OK;
}

/* ---- refs ---------------------------------------------------------------------------------- */

static hfhub_result hfhub__listing_refs(hfhub__arena *ar, const hfhub_json_value *arr, const hfhub_git_ref **out,
                                        size_t *n) {
    size_t i, len = hfhub_json_len(arr);
    hfhub_git_ref *v;
    *out = NULL;
    *n = 0;
    if (hfhub_json_type_of(arr) != HFHUB_JSON_ARRAY || !len) return HFHUB_OK;
    if (!(v = (hfhub_git_ref *)hfhub__arena_alloc(ar, len * sizeof *v))) return hfhub__fail(HFHUB_ERR_NOMEM, "refs");
    for (i = 0; i < len; i++) {
        const hfhub_json_value *e = hfhub_json_at(arr, i);
        if (!hfhub__api_str(e, "name")) continue;
        v[*n].name = hfhub__api_str(e, "name");
        v[*n].ref = hfhub__api_str(e, "ref");
        v[*n].target_commit = hfhub__api_str(e, "targetCommit");
        (*n)++;
    }
    *out = v;
    return HFHUB_OK;
}

static hfhub_result hfhub__listing_refs_fill(hfhub__arena *ar, const hfhub_json_value *root, int include_prs,
                                             hfhub_repo_refs *refs) {
    static const char *const req[] = {"branches", "converts", "tags"};
    hfhub_result r;
    size_t i;
    for (i = 0; i < 3; i++)
        if (hfhub_json_type_of(hfhub_json_get(root, req[i])) != HFHUB_JSON_ARRAY)
            return hfhub__fail(HFHUB_ERR_PARSE, "refs answer has no '%s' list", req[i]);
    refs->json = root;
    if ((r = hfhub__listing_refs(ar, hfhub_json_get(root, "branches"), &refs->branches, &refs->n_branches)) != HFHUB_OK ||
        (r = hfhub__listing_refs(ar, hfhub_json_get(root, "converts"), &refs->converts, &refs->n_converts)) != HFHUB_OK ||
        (r = hfhub__listing_refs(ar, hfhub_json_get(root, "tags"), &refs->tags, &refs->n_tags)) != HFHUB_OK)
        return r;
    if (!include_prs) return HFHUB_OK;
    refs->has_pull_requests = 1;
    return hfhub__listing_refs(ar, hfhub_json_get(root, "pullRequests"), &refs->pull_requests, &refs->n_pull_requests);
}

hfhub_result hfhub_list_repo_refs(hfhub_client *c, const char *repo_id, int include_prs, const hfhub_repo_read_opts *o,
                                  hfhub_repo_refs **out) {
    hfhub__buf u;
    hfhub__api_call call;
    hfhub__arena *ar;
    hfhub_repo_refs *refs;
    const hfhub_json_value *root = NULL;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&u, c->a);
    r = hfhub__api_repo_url(c, &u, o ? o->repo_type : NULL, repo_id, NULL);
    if (!r) {
        hfhub__buf_puts(&u, "/refs");
        if (include_prs) hfhub__api_q(&u, "include_prs", "1");
        if (u.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "building a URL");
    }
    if (r) { hfhub__buf_free(&u); return r; }
    if (!(refs = (hfhub_repo_refs *)hfhub__api_box_new(c->a, sizeof *refs, &ar))) { hfhub__buf_free(&u); return HFHUB_ERR_NOMEM; }
    memset(&call, 0, sizeof call);
    call.url = u.data;
    call.o = o ? &o->api : NULL;
    r = hfhub__api_call_json(c, &call, ar, &root);
    if (!r) r = hfhub__listing_refs_fill(ar, root, include_prs, refs);
    hfhub__buf_free(&u);
    if (r) { hfhub_api_free(refs); return r; }
    *out = refs;
    return HFHUB_OK;
}

/* ---- commits ------------------------------------------------------------------------------- */

static hfhub_result hfhub__listing_commit(hfhub__arena *ar, const hfhub_json_value *v, const char *ctx, void **out) {
    hfhub_git_commit *cm = (hfhub_git_commit *)hfhub__arena_alloc(ar, sizeof *cm);
    const hfhub_json_value *authors = hfhub_json_get(v, "authors"), *fmt = hfhub_json_get(v, "formatted");
    size_t i, n = hfhub_json_type_of(authors) == HFHUB_JSON_ARRAY ? hfhub_json_len(authors) : 0;
    const char **names = NULL;
    (void)ctx;
    if (!cm) return hfhub__fail(HFHUB_ERR_NOMEM, "commit");
    memset(cm, 0, sizeof *cm);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "commit is not a JSON object");
    cm->commit_id = hfhub__api_str(v, "id");
    if (!cm->commit_id) cm->commit_id = "";
    cm->created_at = hfhub__api_str(v, "date");
    cm->title = hfhub__api_str(v, "title");
    cm->message = hfhub__api_str(v, "message");
    cm->formatted_title = hfhub__api_str(fmt, "title");
    cm->formatted_message = hfhub__api_str(fmt, "message");
    cm->json = v;
    if (n && !(names = (const char **)hfhub__arena_alloc(ar, n * sizeof *names))) return hfhub__fail(HFHUB_ERR_NOMEM, "commit");
    for (i = 0; i < n; i++) {
        const char *u = hfhub__api_str(hfhub_json_at(authors, i), "user");
        if (u) names[cm->n_authors++] = u;
    }
    cm->authors = names;
    *out = cm;
    return HFHUB_OK;
}

hfhub_result hfhub_list_repo_commits(hfhub_client *c, const char *repo_id, int formatted, const hfhub_repo_read_opts *o,
                                     hfhub_iter **out) {
    hfhub__buf u;
    hfhub__iter_spec s;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&u, c->a);
    if ((r = hfhub__listing_rev_url(c, &u, repo_id, o, "commits")) != HFHUB_OK) { hfhub__buf_free(&u); return r; }
    if (formatted) hfhub__api_q(&u, "expand[]", "formatted");
    memset(&s, 0, sizeof s);
    s.o = o ? &o->api : NULL;
    s.kind = HFHUB__ITER_COMMIT;
    s.parse = hfhub__listing_commit;
    return hfhub__listing_start(c, &u, &s, out);
}

hfhub_result hfhub_iter_next_commit(hfhub_iter *it, const hfhub_git_commit **commit) {
    return hfhub__iter_next_typed(it, HFHUB__ITER_COMMIT, (const void **)commit);
}

/* ---- users and likes ----------------------------------------------------------------------- */

void hfhub__user_fill(const hfhub_json_value *v, hfhub_user *u) {
    memset(u, 0, sizeof *u);
    u->username = hfhub__api_str(v, "user");
    if (!u->username) u->username = hfhub__api_str(v, "name");
    if (!u->username) u->username = "";
    u->fullname = hfhub__api_str(v, "fullname");
    u->avatar_url = hfhub__api_str(v, "avatarUrl");
    u->details = hfhub__api_str(v, "details");
    u->type = hfhub__api_str(v, "type");
    u->is_pro = hfhub__api_bool(v, "isPro", -1);
    u->is_following = hfhub__api_bool(v, "isFollowing", -1);
    u->num_models = hfhub__api_int(v, "numModels", -1);
    u->num_datasets = hfhub__api_int(v, "numDatasets", -1);
    u->num_spaces = hfhub__api_int(v, "numSpaces", -1);
    u->num_discussions = hfhub__api_int(v, "numDiscussions", -1);
    u->num_papers = hfhub__api_int(v, "numPapers", -1);
    u->num_upvotes = hfhub__api_int(v, "numUpvotes", -1);
    u->num_likes = hfhub__api_int(v, "numLikes", -1);
    u->num_following = hfhub__api_int(v, "numFollowing", -1);
    u->num_followers = hfhub__api_int(v, "numFollowers", -1);
    u->created_at = hfhub__api_str(v, "createdAt");
    u->json = v;
}

hfhub_result hfhub__user_item(hfhub__arena *ar, const hfhub_json_value *item, const char *ctx, void **out) {
    hfhub_user *u = (hfhub_user *)hfhub__arena_alloc(ar, sizeof *u);
    (void)ctx;
    if (!u) return hfhub__fail(HFHUB_ERR_NOMEM, "user");
    if (hfhub_json_type_of(item) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "user is not a JSON object");
    hfhub__user_fill(item, u);
    *out = u;
    return HFHUB_OK;
}

hfhub_result hfhub_iter_next_user(hfhub_iter *it, const hfhub_user **user) {
    return hfhub__iter_next_typed(it, HFHUB__ITER_USER, (const void **)user);
}

hfhub_result hfhub_list_repo_likers(hfhub_client *c, const char *repo_id, const hfhub_repo_read_opts *o, hfhub_iter **out) {
    hfhub__buf u;
    hfhub__iter_spec s;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&u, c->a);
    if ((r = hfhub__api_repo_url(c, &u, o ? o->repo_type : NULL, repo_id, NULL)) != HFHUB_OK) { hfhub__buf_free(&u); return r; }
    hfhub__buf_puts(&u, "/likers");
    memset(&s, 0, sizeof s);
    s.o = o ? &o->api : NULL;
    s.kind = HFHUB__ITER_USER;
    s.parse = hfhub__user_item;
    return hfhub__listing_start(c, &u, &s, out);
}

hfhub_result hfhub_unlike(hfhub_client *c, const char *repo_id, const hfhub_repo_read_opts *o) {
    hfhub__buf u;
    hfhub__arena ar;
    hfhub__api_call call;
    const hfhub_json_value *root;
    hfhub_result r;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&u, c->a);
    r = hfhub__api_repo_url(c, &u, o ? o->repo_type : NULL, repo_id, NULL);
    hfhub__buf_puts(&u, "/like");
    if (!r && u.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "building a URL");
    if (!r) {
        hfhub__arena_init(&ar, c->a);
        memset(&call, 0, sizeof call);
        call.method = "DELETE";
        call.url = u.data;
        call.o = o ? &o->api : NULL;
        r = hfhub__api_call_json(c, &call, &ar, &root);
        if (r == HFHUB_ERR_PARSE) r = HFHUB_OK; /* the answer's body is not used */
        hfhub__arena_free(&ar);
    }
    hfhub__buf_free(&u);
    return r;
}

static hfhub_result hfhub__listing_liked(hfhub__arena *ar, const hfhub_json_value *v, const char *ctx, void **out) {
    hfhub_liked_repo *l = (hfhub_liked_repo *)hfhub__arena_alloc(ar, sizeof *l);
    const hfhub_json_value *repo = hfhub_json_get(v, "repo");
    (void)ctx;
    if (!l) return hfhub__fail(HFHUB_ERR_NOMEM, "liked repo");
    if (hfhub_json_type_of(repo) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "liked item has no 'repo' object");
    l->repo_id = hfhub__api_str(repo, "name");
    if (!l->repo_id) l->repo_id = "";
    l->repo_type = hfhub__api_str(repo, "type");
    if (!l->repo_type) l->repo_type = "model";
    l->json = v;
    *out = l;
    return HFHUB_OK;
}

hfhub_result hfhub_iter_next_liked(hfhub_iter *it, const hfhub_liked_repo **repo) {
    return hfhub__iter_next_typed(it, HFHUB__ITER_LIKED, (const void **)repo);
}

/* The token's user name (GET /api/whoami-v2), for calls whose user defaults to "me". */
static hfhub_result hfhub__listing_me(hfhub_client *c, const hfhub_api_opts *o, hfhub__buf *name) {
    hfhub__arena ar;
    hfhub__api_call call;
    const hfhub_json_value *root = NULL;
    hfhub__buf u;
    hfhub_result r;
    hfhub__arena_init(&ar, c->a);
    hfhub__buf_init(&u, c->a);
    hfhub__buf_printf(&u, "%s/api/whoami-v2", c->endpoint);
    memset(&call, 0, sizeof call);
    call.url = u.data;
    call.o = o;
    r = u.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "building a URL") : hfhub__api_call_json(c, &call, &ar, &root);
    if (!r && !hfhub__api_str(root, "name")) r = hfhub__fail(HFHUB_ERR_PARSE, "whoami answer has no name");
    if (!r) hfhub__buf_puts(name, hfhub__api_str(root, "name"));
    hfhub__arena_free(&ar);
    hfhub__buf_free(&u);
    return r;
}

hfhub_result hfhub_list_liked_repos(hfhub_client *c, const char *user, const hfhub_api_opts *o, hfhub_iter **out) {
    hfhub__buf u, me;
    hfhub__iter_spec s;
    hfhub_result r = HFHUB_OK;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    hfhub__buf_init(&me, c->a);
    if (!user) {
        if ((r = hfhub__listing_me(c, o, &me)) != HFHUB_OK) { hfhub__buf_free(&me); return r; }
        user = me.data;
    }
    hfhub__buf_init(&u, c->a);
    hfhub__buf_printf(&u, "%s/api/users/", c->endpoint);
    hfhub__url_quote(&u, user, strlen(user), "");
    hfhub__buf_puts(&u, "/likes");
    memset(&s, 0, sizeof s);
    s.o = o;
    s.kind = HFHUB__ITER_LIKED;
    s.parse = hfhub__listing_liked;
    r = hfhub__listing_start(c, &u, &s, out);
    hfhub__buf_free(&me);
    return r;
}
