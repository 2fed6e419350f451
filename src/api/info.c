/* info.c: repo info (typed), repo_exists, revision_exists. */
#include <string.h>

static hfhub_result hfhub__info_siblings(hfhub__arena *ar, const hfhub_json_value *arr, hfhub_info *out) {
    size_t i, n = hfhub_json_len(arr);
    hfhub_repo_sibling *s;
    out->has_siblings = hfhub_json_type_of(arr) == HFHUB_JSON_ARRAY;
    if (!out->has_siblings || !n) return HFHUB_OK;
    s = (hfhub_repo_sibling *)hfhub__arena_alloc(ar, n * sizeof *s);
    if (!s) return hfhub__fail(HFHUB_ERR_NOMEM, "siblings");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *e = hfhub_json_at(arr, i), *lfs = hfhub_json_get(e, "lfs");
        hfhub_repo_sibling *d = &s[out->n_siblings];
        if (!hfhub__api_str(e, "rfilename")) continue; /* an entry without a name is no file */
        d->rfilename = hfhub__api_str(e, "rfilename");
        d->size = hfhub__api_int(e, "size", -1);
        d->blob_id = hfhub__api_str(e, "blobId");
        d->lfs = NULL;
        if (hfhub_json_type_of(lfs) == HFHUB_JSON_OBJECT) {
            hfhub_blob_lfs *l = (hfhub_blob_lfs *)hfhub__arena_alloc(ar, sizeof *l);
            if (!l) return hfhub__fail(HFHUB_ERR_NOMEM, "siblings");
            l->size = (uint64_t)(hfhub__api_int(lfs, "size", 0) > 0 ? hfhub__api_int(lfs, "size", 0) : 0);
            l->sha256 = hfhub__api_str(lfs, "sha256");
            l->pointer_size = (uint64_t)(hfhub__api_int(lfs, "pointerSize", 0) > 0 ? hfhub__api_int(lfs, "pointerSize", 0) : 0);
            d->lfs = l;
        }
        out->n_siblings++;
    }
    out->siblings = s;
    return HFHUB_OK;
}

static hfhub_result hfhub__info_safetensors(hfhub__arena *ar, const hfhub_json_value *st, hfhub_info *out) {
    const hfhub_json_value *params = hfhub_json_get(st, "parameters");
    hfhub_safetensors_info *s;
    hfhub_dtype_count *d = NULL;
    size_t i, n = hfhub_json_type_of(params) == HFHUB_JSON_OBJECT ? hfhub_json_len(params) : 0;
    if (hfhub_json_type_of(st) != HFHUB_JSON_OBJECT) return HFHUB_OK;
    s = (hfhub_safetensors_info *)hfhub__arena_alloc(ar, sizeof *s);
    if (!s || (n && !(d = (hfhub_dtype_count *)hfhub__arena_alloc(ar, n * sizeof *d))))
        return hfhub__fail(HFHUB_ERR_NOMEM, "safetensors");
    s->total = hfhub__api_int(st, "total", -1);
    s->n_parameters = 0;
    for (i = 0; i < n; i++) {
        d[s->n_parameters].dtype = hfhub_json_key_at(params, i, NULL);
        d[s->n_parameters].count = hfhub_json_int(hfhub_json_at(params, i), 0);
        s->n_parameters++;
    }
    s->parameters = d;
    out->safetensors = s;
    return HFHUB_OK;
}

static hfhub_result hfhub__info_runtime(hfhub__arena *ar, const hfhub_json_value *rt, hfhub_info *out) {
    hfhub_space_runtime *r;
    if (hfhub_json_type_of(rt) != HFHUB_JSON_OBJECT) return HFHUB_OK;
    r = (hfhub_space_runtime *)hfhub__arena_alloc(ar, sizeof *r);
    if (!r) return hfhub__fail(HFHUB_ERR_NOMEM, "runtime");
    hfhub__space_runtime_read(rt, r); /* an object: cannot fail */
    out->runtime = r;
    return HFHUB_OK;
}

/* Only objects count for the JSON members (cardData: null reads as absent). */
static const hfhub_json_value *hfhub__info_obj(const hfhub_json_value *v, const char *key) {
    const hfhub_json_value *x = hfhub_json_get(v, key);
    return hfhub_json_type_of(x) == HFHUB_JSON_OBJECT ? x : NULL;
}

static int hfhub__info_tri(const hfhub_json_value *v, const char *key) {
    return hfhub__api_bool(v, key, -1);
}

hfhub_result hfhub__repo_info_fill(hfhub__arena *ar, const hfhub_json_value *v, const char *repo_type,
                                   hfhub_info *out) {
    hfhub_result r;
    const char *id;
    memset(out, 0, sizeof *out);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "repo info is not a JSON object");
    out->repo_type = repo_type ? repo_type : "model";
    id = hfhub__api_str(v, "id");
    if (!id) id = hfhub__api_str(v, "modelId"); /* older listings */
    out->id = id ? id : "";
    out->author = hfhub__api_str(v, "author");
    out->sha = hfhub__api_str(v, "sha");
    out->created_at = hfhub__api_str(v, "createdAt");
    out->last_modified = hfhub__api_str(v, "lastModified");
    out->is_private = hfhub__info_tri(v, "private");
    out->disabled = hfhub__info_tri(v, "disabled");
    out->gated = hfhub__api_str(v, "gated"); /* false (a boolean) reads as NULL */
    out->downloads = hfhub__api_int(v, "downloads", -1);
    out->downloads_all_time = hfhub__api_int(v, "downloadsAllTime", -1);
    out->likes = hfhub__api_int(v, "likes", -1);
    out->trending_score = hfhub__api_int(v, "trendingScore", -1);
    out->used_storage = hfhub__api_int(v, "usedStorage", -1);
    out->pipeline_tag = hfhub__api_str(v, "pipeline_tag");
    out->library_name = hfhub__api_str(v, "library_name");
    out->mask_token = hfhub__api_str(v, "mask_token");
    out->inference = hfhub__api_str(v, "inference");
    out->card_data = hfhub__info_obj(v, "cardData");
    out->config = hfhub__info_obj(v, "config");
    out->transformers_info = hfhub__info_obj(v, "transformersInfo");
    out->gguf = hfhub__info_obj(v, "gguf");
    out->inference_provider_mapping = hfhub_json_get(v, "inferenceProviderMapping");
    out->security_status = hfhub__info_obj(v, "securityRepoStatus");
    out->description = hfhub__api_str(v, "description");
    out->citation = hfhub__api_str(v, "citation");
    out->paperswithcode_id = hfhub__api_str(v, "paperswithcode_id");
    out->main_size = hfhub__api_int(v, "mainSize", -1);
    out->sdk = hfhub__api_str(v, "sdk");
    out->subdomain = hfhub__api_str(v, "subdomain");
    out->host = hfhub__api_str(v, "host");
    out->json = v;
    {
        const char **tags;
        if ((r = hfhub__api_strs(ar, hfhub_json_get(v, "tags"), &tags, &out->n_tags)) != HFHUB_OK) return r;
        out->tags = tags;
    }
    if ((r = hfhub__info_siblings(ar, hfhub_json_get(v, "siblings"), out)) != HFHUB_OK) return r;
    if ((r = hfhub__info_safetensors(ar, hfhub_json_get(v, "safetensors"), out)) != HFHUB_OK) return r;
    return hfhub__info_runtime(ar, hfhub_json_get(v, "runtime"), out);
}

hfhub_result hfhub__repo_info_item(hfhub__arena *ar, const hfhub_json_value *item, const char *ctx, void **out) {
    hfhub_info *info = (hfhub_info *)hfhub__arena_alloc(ar, sizeof *info);
    hfhub_result r;
    if (!info) return hfhub__fail(HFHUB_ERR_NOMEM, "repo info");
    if ((r = hfhub__repo_info_fill(ar, item, ctx, info)) != HFHUB_OK) return r;
    *out = info;
    return HFHUB_OK;
}

static const char *const hfhub__info_types[] = {"model", "dataset", "space", "kernel"};

hfhub_result hfhub_repo_info_parse(const char *json, size_t len, const char *repo_type, const hfhub_allocator *a,
                                   hfhub_info **out) {
    hfhub__arena *ar;
    const hfhub_json_value *root;
    hfhub_info *info;
    hfhub_result r;
    int t;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!json && len) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "json is NULL");
    if ((t = hfhub__repo_type_index(repo_type)) < 0) return HFHUB_ERR_INVALID_ARG;
    if (!(info = (hfhub_info *)hfhub__api_box_new(a, sizeof *info, &ar))) return HFHUB_ERR_NOMEM;
    r = hfhub__json_parse_in(ar, json ? json : "", len, 0, &root);
    if (!r) r = hfhub__repo_info_fill(ar, root, hfhub__info_types[t], info);
    if (r) { hfhub_api_free(info); return r; }
    *out = info;
    return HFHUB_OK;
}

hfhub_result hfhub_repo_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *o, hfhub_info **out) {
    hfhub_info_opts none;
    hfhub__buf url;
    hfhub__api_call call;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_info *info;
    hfhub_result r;
    int t = 0;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "client is NULL");
    memset(&none, 0, sizeof none);
    if (!o) o = &none;
    if (o->n_expand && (o->files_metadata || o->security_status))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "`expand` cannot be used if `securityStatus` or `files_metadata` are set.");
    hfhub__buf_init(&url, c->a);
    r = hfhub__api_repo_url(c, &url, o->repo_type, repo_id, &t);
    if (!r && o->revision) {
        hfhub__buf_puts(&url, "/revision/");
        hfhub__url_quote(&url, o->revision, strlen(o->revision), "");
    }
    if (!r) {
        if (o->security_status && t == 0) hfhub__api_q(&url, "securityStatus", "true"); /* models only */
        if (o->files_metadata) hfhub__api_q(&url, "blobs", "true");
        hfhub__api_q_list(&url, "expand", o->expand, o->n_expand);
        if (url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "building a URL");
    }
    if (r) { hfhub__buf_free(&url); return r; }
    if (!(info = (hfhub_info *)hfhub__api_box_new(c->a, sizeof *info, &ar))) {
        hfhub__buf_free(&url);
        return HFHUB_ERR_NOMEM;
    }
    memset(&call, 0, sizeof call);
    call.url = url.data;
    call.o = &o->api;
    r = hfhub__api_call_json(c, &call, ar, &root);
    if (!r) r = hfhub__repo_info_fill(ar, root, hfhub__info_types[t], info);
    hfhub__buf_free(&url);
    if (r) { hfhub_api_free(info); return r; }
    *out = info;
    return HFHUB_OK;
}

/* The typed forms: the same call with the repo type fixed. */
static hfhub_result hfhub__info_typed(hfhub_client *c, const char *repo_id, const hfhub_info_opts *o,
                                      const char *type, hfhub_info **out) {
    hfhub_info_opts x;
    if (o) x = *o;
    else memset(&x, 0, sizeof x);
    x.repo_type = type;
    return hfhub_repo_info(c, repo_id, &x, out);
}

hfhub_result hfhub_model_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *o, hfhub_info **out) {
    return hfhub__info_typed(c, repo_id, o, "model", out);
}
hfhub_result hfhub_dataset_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *o, hfhub_info **out) {
    return hfhub__info_typed(c, repo_id, o, "dataset", out);
}
hfhub_result hfhub_space_info(hfhub_client *c, const char *repo_id, const hfhub_info_opts *o, hfhub_info **out) {
    return hfhub__info_typed(c, repo_id, o, "space", out);
}

hfhub_result hfhub_repo_exists(hfhub_client *c, const char *repo_id, const hfhub_info_opts *o, int *exists) {
    hfhub_info_opts x;
    hfhub_info *info = NULL;
    hfhub_result r;
    if (!exists) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "exists is NULL");
    *exists = 0;
    memset(&x, 0, sizeof x);
    if (o) { x.repo_type = o->repo_type; x.api = o->api; }
    r = hfhub_repo_info(c, repo_id, &x, &info);
    hfhub_api_free(info);
    if (r == HFHUB_OK || r == HFHUB_ERR_GATED) { *exists = 1; return HFHUB_OK; }
    return r == HFHUB_ERR_REPO_NOT_FOUND ? HFHUB_OK : r;
}

hfhub_result hfhub_revision_exists(hfhub_client *c, const char *repo_id, const char *revision,
                                   const hfhub_info_opts *o, int *exists) {
    hfhub_info_opts x;
    hfhub_info *info = NULL;
    hfhub_result r;
    if (!exists) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "exists is NULL");
    *exists = 0;
    if (!revision) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "revision is NULL");
    memset(&x, 0, sizeof x);
    if (o) { x.repo_type = o->repo_type; x.api = o->api; }
    x.revision = revision;
    r = hfhub_repo_info(c, repo_id, &x, &info);
    hfhub_api_free(info);
    if (r == HFHUB_OK) { *exists = 1; return HFHUB_OK; }
    /* a gated repo is a RepositoryNotFoundError too in Python */
    return r == HFHUB_ERR_REPO_NOT_FOUND || r == HFHUB_ERR_REVISION_NOT_FOUND || r == HFHUB_ERR_GATED ? HFHUB_OK : r;
}
