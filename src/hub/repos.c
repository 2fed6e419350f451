/* repos.c: repository management (create, delete, move, settings, branches, tags,
 * super-squash), as Python's HfApi sends it. */
#include <string.h>

#define HFHUB__REPOS_CONFLICT_TEXT "Cannot create repo: another conflicting operation is in progress"
#define HFHUB__REPOS_CONFLICT_TRIES 60

static const char *const hfhub__repos_type_names[] = {"model", "dataset", "space", "kernel"};

/* ---- requests ---------------------------------------------------------------------------- */

/* One JSON request (body may be NULL: none sent); resp is always initialised (free it). */
static hfhub_result hfhub__repos_send(hfhub_client *c, const char *method, const char *url, const char *token,
                                      const hfhub__buf *body, hfhub__http_response *resp) {
    hfhub__req r;
    hfhub_header hd[1];
    memset(&r, 0, sizeof r);
    r.method = method;
    r.url = url;
    r.token = token;
    hd[0].name = "Content-Type";
    hd[0].value = "application/json";
    if (body) {
        r.headers = hd;
        r.n_headers = 1;
        r.body = body->data;
        r.body_len = body->len;
    }
    return hfhub__client_request(c, &r, resp);
}

/* {E}/api/{T}/{repo_id} into b (reset first). */
static void hfhub__repos_api_url(const hfhub_client *c, hfhub__buf *b, int type, const char *repo_id) {
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/api/%s/%s", c->endpoint, hfhub__repo_type_plural(type), repo_id);
}

/* Checks the repo type and id: the type index, or -1 with the error recorded. */
static int hfhub__repos_check(const char *repo_type, const char *repo_id) {
    int t = hfhub__repo_type_index(repo_type);
    if (t < 0) return -1;
    if (hfhub__validate_repo_id(repo_id) != HFHUB_OK) return -1;
    return t;
}

/* ---- RepoUrl ----------------------------------------------------------------------------- */

/* fix_hf_endpoint_in_url: https://huggingface.co (or the staging host) replaced by a custom
 * endpoint, at every occurrence. */
static void hfhub__repos_fix_endpoint(const hfhub_client *c, hfhub__buf *out, const char *url) {
    static const char *const hosts[] = {"https://huggingface.co", "https://hub-ci.huggingface.co"};
    int custom = strcmp(c->endpoint, hosts[0]) && strcmp(c->endpoint, hosts[1]);
    hfhub__buf tmp;
    int i;
    hfhub__buf_reset(out);
    hfhub__buf_puts(out, url);
    if (!custom) return;
    hfhub__buf_init(&tmp, c->a);
    for (i = 0; i < 2 && out->data; i++) {
        const char *p = out->data, *hit;
        size_t hn = strlen(hosts[i]);
        hfhub__buf_reset(&tmp);
        while ((hit = strstr(p, hosts[i])) != NULL) {
            hfhub__buf_append(&tmp, p, (size_t)(hit - p));
            hfhub__buf_puts(&tmp, c->endpoint);
            p = hit + hn;
        }
        hfhub__buf_puts(&tmp, p);
        hfhub__buf_reset(out);
        if (tmp.data) hfhub__buf_puts(out, tmp.data);
    }
    hfhub__buf_free(&tmp);
}

/* Singular repo type from a URL segment ("datasets" or "dataset" -> 1); -1 when none. */
static int hfhub__repos_segment_type(const char *s, size_t n) {
    static const char *const plural[] = {"models", "datasets", "spaces", "kernels"};
    int i;
    for (i = 0; i < 4; i++)
        if ((strlen(plural[i]) == n && !memcmp(s, plural[i], n)) ||
            (strlen(hfhub__repos_type_names[i]) == n && !memcmp(s, hfhub__repos_type_names[i], n)))
            return i;
    return -1;
}

hfhub_result hfhub_repo_url_parse(hfhub_client *c, const char *url, hfhub_repo_url **out) {
    hfhub__buf u;
    const char *path, *seg[3];
    size_t len[3], nseg = 0, i, size;
    int type = 0;
    char *p;
    hfhub_repo_url *r;
    *out = NULL;
    if (!url) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "repo URL is NULL");
    hfhub__buf_init(&u, c->a);
    hfhub__repos_fix_endpoint(c, &u, url);
    if (u.failed || !u.data) { hfhub__buf_free(&u); return hfhub__fail(HFHUB_ERR_NOMEM, "repo URL"); }
    path = u.data;
    if (!strncmp(path, c->endpoint, strlen(c->endpoint))) path += strlen(c->endpoint);
    else if (!strncmp(path, "hf://", 5)) path += 5;
    /* The last three '/'-separated segments: [type/]namespace/name (repo_type_and_id_from_hf_id). */
    while (*path) {
        size_t n;
        while (*path == '/') path++;
        if (!*path) break;
        n = strcspn(path, "/");
        if (nseg == 3) { seg[0] = seg[1]; len[0] = len[1]; seg[1] = seg[2]; len[1] = len[2]; nseg = 2; }
        seg[nseg] = path;
        len[nseg++] = n;
        path += n;
    }
    if (nseg == 0) { hfhub__buf_free(&u); return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Unable to retrieve user and repo ID from the passed HF ID: %s", url); }
    if (nseg == 3) {
        type = hfhub__repos_segment_type(seg[0], len[0]);
        if (type < 0) type = 0;
        seg[0] = seg[1]; len[0] = len[1]; seg[1] = seg[2]; len[1] = len[2]; nseg = 2;
    } else if (nseg == 2 && hfhub__repos_segment_type(seg[0], len[0]) >= 0) {
        type = hfhub__repos_segment_type(seg[0], len[0]); /* a canonical repo: datasets/name */
        seg[0] = seg[1]; len[0] = len[1]; nseg = 1;
    }
    size = sizeof *r + strlen(u.data) + strlen(c->endpoint) + 2 * (len[0] + (nseg == 2 ? len[1] : 0)) + 8;
    r = (hfhub_repo_url *)hfhub__out_alloc(c, size);
    if (!r) { hfhub__buf_free(&u); return hfhub__fail(HFHUB_ERR_NOMEM, "repo URL"); }
    p = (char *)(r + 1);
    r->url = p; p += sprintf(p, "%s", u.data) + 1;
    r->endpoint = p; p += sprintf(p, "%s", c->endpoint) + 1;
    r->repo_type = hfhub__repos_type_names[type];
    r->ns = p;
    if (nseg == 2) { memcpy(p, seg[0], len[0]); p += len[0]; }
    *p++ = 0;
    r->repo_name = p;
    i = nseg == 2 ? 1 : 0;
    memcpy(p, seg[i], len[i]); p += len[i]; *p++ = 0;
    r->repo_id = p;
    if (nseg == 2) { memcpy(p, seg[0], len[0]); p += len[0]; *p++ = '/'; }
    memcpy(p, seg[i], len[i]); p[len[i]] = 0;
    hfhub__buf_free(&u);
    *out = r;
    return HFHUB_OK;
}

/* ---- create_repo ------------------------------------------------------------------------- */

static void hfhub__repos_write_kvs(hfhub__jw *w, const char *key, const hfhub_repo_kv *kv, size_t n, int with_desc) {
    size_t i;
    if (!n) return;
    hfhub__jw_key(w, key);
    hfhub__jw_begin_array(w);
    for (i = 0; i < n; i++) {
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_string(w, "key", kv[i].key);
        hfhub__jw_kv_string(w, "value", kv[i].value);
        if (with_desc && kv[i].description) hfhub__jw_kv_string(w, "description", kv[i].description);
        hfhub__jw_end_object(w);
    }
    hfhub__jw_end_array(w);
}

static int hfhub__repos_is_sdk(const char *s) {
    return !strcmp(s, "gradio") || !strcmp(s, "streamlit") || !strcmp(s, "docker") || !strcmp(s, "static");
}

/* The visibility to send (NULL: none) from the tri-state private flag and the explicit value. */
static hfhub_result hfhub__repos_visibility(const char *visibility, int private_repo, const char **out) {
    *out = visibility;
    if (visibility) {
        if (strcmp(visibility, "public") && strcmp(visibility, "private") && strcmp(visibility, "protected"))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid visibility '%s': must be one of 'public', 'private' or 'protected'.", visibility);
        return HFHUB_OK;
    }
    if (private_repo == HFHUB_ON) *out = "private";
    else if (private_repo == HFHUB_OFF) *out = "public";
    return HFHUB_OK;
}

/* {"name", "organization"[, "type"]}: the body of create and delete. */
static void hfhub__repos_name_body(hfhub__jw *w, const char *repo_id, const char *repo_type) {
    const char *slash = strchr(repo_id, '/');
    hfhub__jw_kv_string(w, "name", slash ? slash + 1 : repo_id);
    hfhub__jw_key(w, "organization");
    if (slash) hfhub__jw_stringn(w, repo_id, (size_t)(slash - repo_id));
    else hfhub__jw_null(w);
    if (repo_type) hfhub__jw_kv_string(w, "type", repo_type);
}

/* The JSON body of POST /api/repos/create. */
static hfhub_result hfhub__repos_create_body(hfhub_client *c, const char *repo_id, int type,
                                             const hfhub_create_repo_opts *o, hfhub__buf *out) {
    const char *vis;
    hfhub__jw w;
    hfhub_result r = hfhub__repos_visibility(o->visibility, o->private_repo, &vis);
    if (r) return r;
    if (type == 2) {
        if (!o->space_sdk)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "No space_sdk provided. `create_repo` expects space_sdk to be one of ['gradio', 'streamlit', 'docker', 'static'] when repo_type is 'space'`");
        if (!hfhub__repos_is_sdk(o->space_sdk))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid space_sdk. Please choose one of ['gradio', 'streamlit', 'docker', 'static'].");
    } else if (o->space_sdk) {
        hfhub__log(&c->log, HFHUB_LOG_WARN, "Ignoring provided space_sdk because repo_type is not 'space'.");
    }
    hfhub__jw_init(&w, out, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__repos_name_body(&w, repo_id, o->repo_type);
    if (type == 2) {
        hfhub__jw_kv_string(&w, "sdk", o->space_sdk);
        if (o->space_template) hfhub__jw_kv_string(&w, "template", o->space_template);
        if (o->space_hardware) hfhub__jw_kv_string(&w, "hardware", o->space_hardware);
        if (o->space_storage) hfhub__jw_kv_string(&w, "storageTier", o->space_storage);
        if (o->space_sleep_time) hfhub__jw_kv_int(&w, "sleepTimeSeconds", o->space_sleep_time);
        hfhub__repos_write_kvs(&w, "secrets", o->space_secrets, o->n_space_secrets, 1);
        hfhub__repos_write_kvs(&w, "variables", o->space_variables, o->n_space_variables, 1);
    }
    if (vis) hfhub__jw_kv_string(&w, "visibility", vis);
    if (o->resource_group_id) hfhub__jw_kv_string(&w, "resourceGroupId", o->resource_group_id);
    if (o->region) hfhub__jw_kv_string(&w, "region", o->region);
    hfhub__jw_end_object(&w);
    return hfhub__jw_result(&w);
}

/* The "url" of a create answer (200, or 409 with exist_ok), parsed into a RepoUrl. */
static hfhub_result hfhub__repos_url_from_answer(hfhub_client *c, const hfhub__http_response *resp, int type,
                                                 const char *repo_id, hfhub_repo_url **out) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts po;
    const char *url = NULL;
    hfhub__buf b;
    hfhub_result r;
    memset(&po, 0, sizeof po);
    po.allocator = c->a;
    if (resp->body.len && hfhub_json_parse(resp->body.data, resp->body.len, &po, &doc) == HFHUB_OK)
        url = hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "url"), NULL);
    hfhub__buf_init(&b, c->a);
    if (url) hfhub__buf_puts(&b, url);
    else hfhub__buf_printf(&b, "%s/%s%s", c->endpoint, hfhub__repo_type_prefix(type), repo_id);
    r = b.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "repo URL") : hfhub_repo_url_parse(c, b.data, out);
    hfhub__buf_free(&b);
    hfhub_json_free(doc);
    return r;
}

/* POST with Python's retry loop on the "conflicting operation" 409. */
static hfhub_result hfhub__repos_post_create(hfhub_client *c, const char *url, const char *token,
                                             const hfhub__buf *body, hfhub__http_response *resp) {
    hfhub_result r = HFHUB_OK;
    int attempt;
    for (attempt = 0; attempt < HFHUB__REPOS_CONFLICT_TRIES; attempt++) {
        if (attempt) {
            hfhub__http_response_free(resp);
            hfhub__log(&c->log, HFHUB_LOG_DEBUG, "Create repo failed due to a concurrency issue. Retrying...");
            hfhub__sleep_ms(attempt < 10 ? 100 * attempt : 1000);
        }
        r = hfhub__repos_send(c, "POST", url, token, body, resp);
        if (!(resp->status == 409 && resp->body.data && strstr(resp->body.data, HFHUB__REPOS_CONFLICT_TEXT))) break;
    }
    return r;
}

/* The thread's last error, kept across a call that may replace it. */
typedef struct hfhub__repos_saved_err {
    hfhub_result result;
    int status;
    hfhub__buf msg, code, rid;
} hfhub__repos_saved_err;

static void hfhub__repos_err_save(hfhub__repos_saved_err *s, const hfhub_allocator *a) {
    const hfhub_error *e = hfhub_last_error();
    s->result = e->result;
    s->status = e->http_status;
    hfhub__buf_init(&s->msg, a);
    hfhub__buf_init(&s->code, a);
    hfhub__buf_init(&s->rid, a);
    hfhub__buf_puts(&s->msg, e->message);
    hfhub__buf_puts(&s->code, e->server_code);
    hfhub__buf_puts(&s->rid, e->request_id);
}

/* Records the saved error again, frees it and returns its result. */
static hfhub_result hfhub__repos_err_restore(hfhub__repos_saved_err *s) {
    hfhub_result r = hfhub__fail_http(s->result, s->status, s->code.data && *s->code.data ? s->code.data : NULL,
                                      s->rid.data && *s->rid.data ? s->rid.data : NULL, "%s",
                                      s->msg.data ? s->msg.data : "");
    hfhub__buf_free(&s->msg);
    hfhub__buf_free(&s->code);
    hfhub__buf_free(&s->rid);
    return r;
}

/* Forgets the saved error. */
static void hfhub__repos_err_drop(hfhub__repos_saved_err *s) {
    hfhub__buf_free(&s->msg);
    hfhub__buf_free(&s->code);
    hfhub__buf_free(&s->rid);
}

/* exist_ok after a 401/402/403: success when the repo can be read (Python's repo_info). */
static hfhub_result hfhub__repos_exists_after_denial(hfhub_client *c, int type, const char *repo_id,
                                                     const char *token, hfhub__buf *url) {
    hfhub__repos_saved_err saved;
    hfhub__http_response info;
    hfhub_result r;
    hfhub__repos_err_save(&saved, c->a);
    hfhub__repos_api_url(c, url, type, repo_id);
    r = url->failed ? HFHUB_ERR_NOMEM : hfhub__repos_send(c, "GET", url->data, token, NULL, &info);
    if (!url->failed) hfhub__http_response_free(&info);
    if (r) return hfhub__repos_err_restore(&saved);
    hfhub__repos_err_drop(&saved);
    return HFHUB_OK;
}

hfhub_result hfhub_create_repo(hfhub_client *c, const char *repo_id, const hfhub_create_repo_opts *opts,
                               hfhub_repo_url **out) {
    hfhub_create_repo_opts dflt;
    hfhub__buf body, url;
    hfhub__http_response resp;
    hfhub_result r;
    int type;
    if (out) *out = NULL;
    if (!opts) { memset(&dflt, 0, sizeof dflt); opts = &dflt; }
    if ((type = hfhub__repos_check(opts->repo_type, repo_id)) < 0) return hfhub_last_error()->result;
    hfhub__buf_init(&body, c->a);
    hfhub__buf_init(&url, c->a);
    r = hfhub__repos_create_body(c, repo_id, type, opts, &body);
    hfhub__buf_printf(&url, "%s/api/repos/create", c->endpoint);
    if (!r && (url.failed || body.failed)) r = hfhub__fail(HFHUB_ERR_NOMEM, "create_repo");
    if (r) { hfhub__buf_free(&body); hfhub__buf_free(&url); return r; }
    r = hfhub__repos_post_create(c, url.data, opts->token, &body, &resp);
    if (r && opts->exist_ok && resp.status == 409) {
        r = HFHUB_OK; /* exists: the URL of the answer */
    } else if (r && opts->exist_ok && resp.status >= 401 && resp.status <= 403) {
        r = hfhub__repos_exists_after_denial(c, type, repo_id, opts->token, &url);
        if (!r && out) { /* Python builds the URL itself here */
            hfhub__buf_reset(&url);
            hfhub__buf_printf(&url, "%s/%s%s", c->endpoint, hfhub__repo_type_prefix(type), repo_id);
            r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "repo URL") : hfhub_repo_url_parse(c, url.data, out);
        }
        out = NULL;
    }
    if (!r && out) r = hfhub__repos_url_from_answer(c, &resp, type, repo_id, out);
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&body);
    hfhub__buf_free(&url);
    return r;
}

/* ---- delete, move, settings ---------------------------------------------------------- */

/* A request whose answer body is not needed; *status (may be NULL) gets the HTTP status. */
static hfhub_result hfhub__repos_do(hfhub_client *c, const char *method, const hfhub__buf *url, const char *token,
                                    const hfhub__buf *body, int *status) {
    hfhub__http_response resp;
    hfhub_result r;
    if (status) *status = 0;
    if (url->failed || (body && body->failed)) return hfhub__fail(HFHUB_ERR_NOMEM, "request");
    r = hfhub__repos_send(c, method, url->data, token, body, &resp);
    if (status) *status = resp.status;
    hfhub__http_response_free(&resp);
    return r;
}

hfhub_result hfhub_delete_repo(hfhub_client *c, const char *repo_id, const hfhub_delete_repo_opts *opts) {
    hfhub_delete_repo_opts dflt;
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_result r;
    if (!opts) { memset(&dflt, 0, sizeof dflt); opts = &dflt; }
    if (hfhub__repos_check(opts->repo_type, repo_id) < 0) return hfhub_last_error()->result;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__buf_printf(&url, "%s/api/repos/delete", c->endpoint);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__repos_name_body(&w, repo_id, opts->repo_type);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__repos_do(c, "DELETE", &url, opts->token, &body, NULL);
    if (r == HFHUB_ERR_REPO_NOT_FOUND && opts->missing_ok) {
        hfhub__log(&c->log, HFHUB_LOG_INFO, "%s does not exist: nothing to delete.", repo_id);
        r = HFHUB_OK;
    }
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

static hfhub_result hfhub__repos_check_namespaced(const char *id) {
    const char *slash = id ? strchr(id, '/') : NULL;
    if (!slash || strchr(slash + 1, '/'))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid repo_id: %s. It should have a namespace (:namespace:/:repo_name:)",
                           id ? id : "(null)");
    return hfhub__validate_repo_id(id);
}

hfhub_result hfhub_move_repo(hfhub_client *c, const char *from_id, const char *to_id, const hfhub_repo_opts *opts) {
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_result r;
    int type = hfhub__repo_type_index(opts ? opts->repo_type : NULL);
    if (type < 0) return HFHUB_ERR_INVALID_ARG;
    if ((r = hfhub__repos_check_namespaced(from_id)) != HFHUB_OK || (r = hfhub__repos_check_namespaced(to_id)) != HFHUB_OK)
        return r;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__buf_printf(&url, "%s/api/repos/move", c->endpoint);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "fromRepo", from_id);
    hfhub__jw_kv_string(&w, "toRepo", to_id);
    hfhub__jw_kv_string(&w, "type", hfhub__repos_type_names[type]); /* the Hub does not accept None */
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__repos_do(c, "POST", &url, opts ? opts->token : NULL, &body, NULL);
    if (r && hfhub_last_error()->http_status) {
        hfhub__repos_saved_err s;
        hfhub__repos_err_save(&s, c->a);
        hfhub__buf_puts(&s.msg, "\nFor additional documentation please see https://hf.co/docs/hub/repositories-settings#renaming-or-transferring-a-repo.");
        r = hfhub__repos_err_restore(&s);
    }
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_update_repo_settings(hfhub_client *c, const char *repo_id, const hfhub_repo_settings_opts *opts) {
    hfhub_repo_settings_opts dflt;
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_result r;
    const char *vis;
    int type;
    if (!opts) { memset(&dflt, 0, sizeof dflt); opts = &dflt; }
    if ((type = hfhub__repos_check(opts->repo_type, repo_id)) < 0) return hfhub_last_error()->result;
    if (opts->gated && strcmp(opts->gated, "auto") && strcmp(opts->gated, "manual") && strcmp(opts->gated, "false"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid gated status, must be one of 'auto', 'manual', or False. Got '%s'.", opts->gated);
    if ((r = hfhub__repos_visibility(opts->visibility, opts->private_repo, &vis)) != HFHUB_OK) return r;
    if (!opts->gated && !vis) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "At least one setting must be updated.");
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__repos_api_url(c, &url, type, repo_id);
    hfhub__buf_puts(&url, "/settings");
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    if (opts->gated && !strcmp(opts->gated, "false")) hfhub__jw_kv_bool(&w, "gated", 0);
    else if (opts->gated) hfhub__jw_kv_string(&w, "gated", opts->gated);
    if (vis) hfhub__jw_kv_string(&w, "visibility", vis);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__repos_do(c, "PUT", &url, opts->token, &body, NULL);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

/* ---- refs -------------------------------------------------------------------------------- */

/* {E}/api/{T}/{repo}/{word}/{quote(name, "")} into url. */
static void hfhub__repos_ref_url(const hfhub_client *c, hfhub__buf *url, int type, const char *repo_id,
                                 const char *word, const char *name) {
    hfhub__repos_api_url(c, url, type, repo_id);
    hfhub__buf_printf(url, "/%s/", word);
    hfhub__url_quote(url, name, strlen(name), "");
}

/* Type index after checking the repo and a non-empty ref name; -1 with the error recorded. */
static int hfhub__repos_check_ref(const char *repo_type, const char *repo_id, const char *what, const char *name) {
    int type = hfhub__repos_check(repo_type, repo_id);
    if (type >= 0 && (!name || !*name)) {
        hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s name is empty", what);
        return -1;
    }
    return type;
}

/* Whether `branch` is among the repo's branches (errors: no). */
static int hfhub__repos_has_branch(hfhub_client *c, const char *repo_id, const hfhub_ref_opts *o, const char *branch) {
    hfhub_repo_opts ro;
    hfhub_repo_ref *refs = NULL;
    size_t n = 0, i;
    int found = 0;
    ro.repo_type = o->repo_type;
    ro.token = o->token;
    if (hfhub_list_repo_branches(c, repo_id, &ro, &refs, &n) != HFHUB_OK) return 0;
    for (i = 0; i < n && !found; i++) found = !strcmp(refs[i].name, branch);
    hfhub_free(c, refs);
    return found;
}

hfhub_result hfhub_create_branch(hfhub_client *c, const char *repo_id, const char *branch, const hfhub_ref_opts *opts) {
    hfhub_ref_opts dflt;
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_result r;
    int type, status = 0;
    if (!opts) { memset(&dflt, 0, sizeof dflt); opts = &dflt; }
    if ((type = hfhub__repos_check_ref(opts->repo_type, repo_id, "Branch", branch)) < 0) return hfhub_last_error()->result;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__repos_ref_url(c, &url, type, repo_id, "branch", branch);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    if (opts->revision) hfhub__jw_kv_string(&w, "startingPoint", opts->revision);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__repos_do(c, "POST", &url, opts->token, &body, &status);
    if (r && opts->exist_ok && status == 409) r = HFHUB_OK;
    else if (r && opts->exist_ok && status == 403) {
        /* No write access, but the branch may be there already. */
        hfhub__repos_saved_err s;
        hfhub__repos_err_save(&s, c->a);
        if (hfhub__repos_has_branch(c, repo_id, opts, branch)) { hfhub__repos_err_drop(&s); r = HFHUB_OK; }
        else r = hfhub__repos_err_restore(&s);
    }
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

/* DELETE of a branch or tag. */
static hfhub_result hfhub__repos_delete_ref(hfhub_client *c, const char *repo_id, const char *word, const char *what,
                                            const char *name, const hfhub_repo_opts *opts) {
    hfhub__buf url;
    hfhub_result r;
    int type = hfhub__repos_check_ref(opts ? opts->repo_type : NULL, repo_id, what, name);
    if (type < 0) return hfhub_last_error()->result;
    hfhub__buf_init(&url, c->a);
    hfhub__repos_ref_url(c, &url, type, repo_id, word, name);
    r = hfhub__repos_do(c, "DELETE", &url, opts ? opts->token : NULL, NULL, NULL);
    hfhub__buf_free(&url);
    return r;
}

hfhub_result hfhub_delete_branch(hfhub_client *c, const char *repo_id, const char *branch, const hfhub_repo_opts *opts) {
    return hfhub__repos_delete_ref(c, repo_id, "branch", "Branch", branch, opts);
}

hfhub_result hfhub_delete_tag(hfhub_client *c, const char *repo_id, const char *tag, const hfhub_repo_opts *opts) {
    return hfhub__repos_delete_ref(c, repo_id, "tag", "Tag", tag, opts);
}

hfhub_result hfhub_create_tag(hfhub_client *c, const char *repo_id, const char *tag, const hfhub_ref_opts *opts) {
    hfhub_ref_opts dflt;
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub_result r;
    int type, status = 0;
    if (!opts) { memset(&dflt, 0, sizeof dflt); opts = &dflt; }
    if ((type = hfhub__repos_check_ref(opts->repo_type, repo_id, "Tag", tag)) < 0) return hfhub_last_error()->result;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    /* the revision goes in the URL, the tag in the body */
    hfhub__repos_ref_url(c, &url, type, repo_id, "tag", opts->revision ? opts->revision : "main");
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "tag", tag);
    if (opts->message) hfhub__jw_kv_string(&w, "message", opts->message);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__repos_do(c, "POST", &url, opts->token, &body, &status);
    if (r && opts->exist_ok && status == 409) r = HFHUB_OK;
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

/* The refs' `key` list ("tags", "branches") as one block of hfhub_repo_ref. */
static hfhub_result hfhub__repos_refs_block(hfhub_client *c, const hfhub_json_value *list, hfhub_repo_ref **out, size_t *n) {
    size_t count = hfhub_json_len(list), size = count * sizeof(hfhub_repo_ref) + 1, i;
    hfhub_repo_ref *refs;
    char *p;
    static const char *const keys[] = {"name", "ref", "targetCommit"};
    for (i = 0; i < count; i++) {
        size_t k;
        for (k = 0; k < 3; k++) size += strlen(hfhub_json_str(hfhub_json_get(hfhub_json_at(list, i), keys[k]), "")) + 1;
    }
    refs = (hfhub_repo_ref *)hfhub__out_alloc(c, size);
    if (!refs) return hfhub__fail(HFHUB_ERR_NOMEM, "refs");
    p = (char *)(refs + count);
    for (i = 0; i < count; i++) {
        const char **dst[3];
        size_t k;
        dst[0] = &refs[i].name;
        dst[1] = &refs[i].ref;
        dst[2] = &refs[i].target_commit;
        for (k = 0; k < 3; k++) {
            const char *v = hfhub_json_str(hfhub_json_get(hfhub_json_at(list, i), keys[k]), "");
            size_t l = strlen(v) + 1;
            memcpy(p, v, l);
            *dst[k] = p;
            p += l;
        }
    }
    *out = refs;
    *n = count;
    return HFHUB_OK;
}

static hfhub_result hfhub__repos_list_refs(hfhub_client *c, const char *repo_id, const hfhub_repo_opts *opts,
                                           const char *key, hfhub_repo_ref **out, size_t *n) {
    hfhub__buf url;
    hfhub__http_response resp;
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts po;
    const hfhub_json_value *list;
    hfhub_result r;
    int type;
    *out = NULL;
    *n = 0;
    if ((type = hfhub__repos_check(opts ? opts->repo_type : NULL, repo_id)) < 0) return hfhub_last_error()->result;
    hfhub__buf_init(&url, c->a);
    hfhub__repos_api_url(c, &url, type, repo_id);
    hfhub__buf_puts(&url, "/refs");
    if (url.failed) { hfhub__buf_free(&url); return hfhub__fail(HFHUB_ERR_NOMEM, "refs"); }
    r = hfhub__repos_send(c, "GET", url.data, opts ? opts->token : NULL, NULL, &resp);
    memset(&po, 0, sizeof po);
    po.allocator = c->a;
    if (!r) r = hfhub_json_parse(resp.body.data ? resp.body.data : "", resp.body.len, &po, &doc);
    if (!r) {
        list = hfhub_json_get(hfhub_json_root(doc), key);
        if (hfhub_json_type_of(list) != HFHUB_JSON_ARRAY)
            r = hfhub__fail(HFHUB_ERR_PARSE, "refs of %s: no '%s' list in the answer", repo_id, key);
        else r = hfhub__repos_refs_block(c, list, out, n);
    }
    hfhub_json_free(doc);
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&url);
    return r;
}

hfhub_result hfhub_list_repo_tags(hfhub_client *c, const char *repo_id, const hfhub_repo_opts *opts,
                                  hfhub_repo_ref **out, size_t *n) {
    return hfhub__repos_list_refs(c, repo_id, opts, "tags", out, n);
}

hfhub_result hfhub_list_repo_branches(hfhub_client *c, const char *repo_id, const hfhub_repo_opts *opts,
                                      hfhub_repo_ref **out, size_t *n) {
    return hfhub__repos_list_refs(c, repo_id, opts, "branches", out, n);
}

/* ---- super-squash ------------------------------------------------------------------------ */

hfhub_result hfhub_super_squash_history(hfhub_client *c, const char *repo_id, const hfhub_squash_opts *opts) {
    hfhub_squash_opts dflt;
    hfhub__buf url, body, msg;
    hfhub__jw w;
    hfhub_result r;
    const char *branch;
    int type;
    if (!opts) { memset(&dflt, 0, sizeof dflt); opts = &dflt; }
    branch = opts->branch ? opts->branch : "main";
    if ((type = hfhub__repos_check_ref(opts->repo_type, repo_id, "Branch", branch)) < 0) return hfhub_last_error()->result;
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__buf_init(&msg, c->a);
    hfhub__repos_ref_url(c, &url, type, repo_id, "super-squash", branch);
    if (opts->commit_message && *opts->commit_message) hfhub__buf_puts(&msg, opts->commit_message);
    else hfhub__buf_printf(&msg, "Super-squash branch '%s' using huggingface_hub", branch);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "message", msg.data ? msg.data : "");
    hfhub__jw_end_object(&w);
    r = msg.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "super-squash") : hfhub__jw_result(&w);
    if (!r) r = hfhub__repos_do(c, "POST", &url, opts->token, &body, NULL);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    hfhub__buf_free(&msg);
    return r;
}

#undef HFHUB__REPOS_CONFLICT_TEXT
#undef HFHUB__REPOS_CONFLICT_TRIES
