/* discussions.c: discussions and pull requests (spec/hub-api.md §5.9). */
#include <string.h>

/* ---- reading ------------------------------------------------------------------------------ */

static const char *hfhub__disc_author(const hfhub_json_value *v) {
    const hfhub_json_value *a = hfhub_json_get(v, "author");
    return a ? hfhub_json_str(hfhub_json_get(a, "name"), "deleted") : "deleted";
}

hfhub_result hfhub__discussion_read(hfhub__arena *ar, const char *endpoint, const hfhub_json_value *v,
                                    hfhub_discussion *d) {
    const hfhub_json_value *repo = hfhub_json_get(v, "repo");
    hfhub__buf b;
    int t;
    memset(d, 0, sizeof *d);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "discussion is not a JSON object");
    d->json = v;
    d->num = hfhub_json_int(hfhub_json_get(v, "num"), 0);
    d->title = hfhub__social_str(v, "title");
    d->status = hfhub__social_str(v, "status");
    d->author = hfhub__disc_author(v);
    d->created_at = hfhub__social_str(v, "createdAt");
    d->repo_id = hfhub__social_str(repo, "name");
    d->repo_type = hfhub__social_str(repo, "type");
    d->is_pull_request = hfhub_json_bool(hfhub_json_get(v, "isPullRequest"), 0);
    hfhub__buf_init(&b, ar->a);
    if (d->is_pull_request) {
        hfhub__buf_printf(&b, "refs/pr/%lld", (long long)d->num);
        d->git_reference = b.failed ? NULL : hfhub__arena_strndup(ar, b.data, b.len);
        hfhub__buf_reset(&b);
        if (!d->git_reference) b.failed = 1;
    }
    if (d->repo_id && !b.failed) {
        t = d->repo_type ? hfhub__repo_type_index(d->repo_type) : 0;
        if (t < 0) { /* an unknown type from the server: the model URL form, no error kept */
            hfhub__clear_error();
            t = 0;
        }
        hfhub__buf_printf(&b, "%s/%s%s/discussions/%lld", endpoint, hfhub__repo_type_prefix(t), d->repo_id,
                          (long long)d->num);
        d->url = b.failed ? NULL : hfhub__arena_strndup(ar, b.data, b.len);
        if (!d->url) b.failed = 1;
    }
    t = b.failed;
    hfhub__buf_free(&b);
    return t ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

hfhub_result hfhub__discussion_event_read(const hfhub_json_value *v, hfhub_discussion_event *e) {
    const hfhub_json_value *data = hfhub_json_get(v, "data");
    memset(e, 0, sizeof *e);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "discussion event is not a JSON object");
    e->json = v;
    e->id = hfhub__social_str(v, "id");
    e->type = hfhub__social_str(v, "type");
    e->created_at = hfhub__social_str(v, "createdAt");
    e->author = hfhub__disc_author(v);
    if (!e->type) return HFHUB_OK;
    if (!strcmp(e->type, "comment")) {
        e->content = hfhub_json_str(hfhub_json_path(data, "latest.raw"), NULL);
        e->edited = hfhub_json_bool(hfhub_json_get(data, "edited"), 0);
        e->hidden = hfhub_json_bool(hfhub_json_get(data, "hidden"), 0);
    } else if (!strcmp(e->type, "status-change")) {
        e->new_status = hfhub__social_str(data, "status");
    } else if (!strcmp(e->type, "commit")) {
        e->summary = hfhub__social_str(data, "subject");
        e->oid = hfhub__social_str(data, "oid");
    } else if (!strcmp(e->type, "title-change")) {
        e->old_title = hfhub__social_str(data, "from");
        e->new_title = hfhub__social_str(data, "to");
    }
    return HFHUB_OK;
}

hfhub_result hfhub__discussion_details_read(hfhub__arena *ar, const char *endpoint, const hfhub_json_value *v,
                                            hfhub_discussion_details *d) {
    const hfhub_json_value *events = hfhub_json_get(v, "events"), *conf;
    hfhub_result r;
    size_t i, n = hfhub_json_type_of(events) == HFHUB_JSON_ARRAY ? hfhub_json_len(events) : 0;
    memset(d, 0, sizeof *d);
    if ((r = hfhub__discussion_read(ar, endpoint, v, &d->discussion)) != HFHUB_OK) return r;
    d->events = (hfhub_discussion_event *)hfhub__arena_alloc(ar, (n ? n : 1) * sizeof *d->events);
    if (!d->events) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++)
        if ((r = hfhub__discussion_event_read(hfhub_json_at(events, i), &d->events[i])) != HFHUB_OK) return r;
    d->n_events = n;
    d->diff = hfhub__social_str(v, "diff");
    if (!d->discussion.is_pull_request) return hfhub__social_strs(ar, NULL, &d->conflicting_files, &d->n_conflicting_files);
    d->target_branch = hfhub_json_str(hfhub_json_path(v, "changes.base"), NULL);
    d->merge_commit_oid = hfhub_json_str(hfhub_json_path(v, "changes.mergeCommitId"), NULL);
    conf = hfhub_json_get(v, "filesWithConflicts");
    d->conflicting_files_all = hfhub_json_bool(conf, 0);
    return hfhub__social_strs(ar, conf, &d->conflicting_files, &d->n_conflicting_files);
}

/* ---- calls -------------------------------------------------------------------------------- */

/* {E}/api/{T}/{repo}/discussions[/{num}] into b; num 0: the list. */
static hfhub_result hfhub__disc_url(hfhub_client *c, hfhub__buf *b, const char *repo_type, const char *repo_id,
                                    int64_t num, int with_num) {
    hfhub_result r = hfhub__social_repo_url(c, b, repo_type, repo_id);
    if (r) return r;
    if (with_num && num <= 0) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid discussion_num, must be a positive integer");
    hfhub__buf_puts(b, "/discussions");
    if (with_num) hfhub__buf_printf(b, "/%lld", (long long)num);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

static int hfhub__disc_one_of(const char *v, const char *a, const char *b, const char *c3) {
    return !v || !strcmp(v, a) || !strcmp(v, b) || !strcmp(v, c3);
}

/* What a listing does with each discussion: append its JSON to w, or hand it to fn. */
typedef struct hfhub__disc_walk {
    hfhub__jw *w;
    hfhub_discussion_fn fn;
    void *user;
    size_t limit, n;
    int stop; /* fn asked to stop */
} hfhub__disc_walk;

static hfhub_result hfhub__disc_item(hfhub_client *c, hfhub__arena *ar, hfhub__disc_walk *wk, const hfhub_json_value *v) {
    hfhub_discussion d;
    hfhub_result r;
    if (wk->w) {
        hfhub__jw_value(wk->w, v);
        return HFHUB_OK;
    }
    if ((r = hfhub__discussion_read(ar, c->endpoint, v, &d)) != HFHUB_OK) return r;
    if (wk->fn(wk->user, &d)) wk->stop = 1;
    return HFHUB_OK;
}

/* One page's items through the walk; *more: start + len < count (and no stop or limit). */
static hfhub_result hfhub__disc_page(hfhub_client *c, const char *url, hfhub__disc_walk *wk, int *more) {
    hfhub__arena ar;
    const hfhub_json_value *root = NULL, *items;
    hfhub_result r;
    size_t i, len;
    hfhub__arena_init(&ar, c->a);
    r = hfhub__social_call(c, "GET", url, NULL, &ar, &root);
    items = hfhub_json_get(root, "discussions");
    if (!r && hfhub_json_type_of(items) != HFHUB_JSON_ARRAY)
        r = hfhub__fail(HFHUB_ERR_PARSE, "discussions page: no `discussions` array");
    len = hfhub_json_len(items);
    for (i = 0; !r && !wk->stop && i < len && (!wk->limit || wk->n < wk->limit); i++, wk->n++)
        r = hfhub__disc_item(c, &ar, wk, hfhub_json_at(items, i));
    if (!r) {
        int64_t start = hfhub_json_int(hfhub_json_get(root, "start"), 0), count = hfhub_json_int(hfhub_json_get(root, "count"), 0);
        /* an empty page never asks for another one, whatever count says */
        *more = len > 0 && start >= 0 && (uint64_t)start + len < (uint64_t)count && (!wk->limit || wk->n < wk->limit) && !wk->stop;
    }
    hfhub__arena_free(&ar);
    return r;
}

/* The pages p=0,1,... of a listing (Python's query order: p, type, status, author). */
static hfhub_result hfhub__disc_walk_pages(hfhub_client *c, const char *repo_id, const hfhub_discussions_opts *opts,
                                           hfhub__disc_walk *wk) {
    hfhub_discussions_opts o;
    hfhub__buf base, url;
    hfhub_result r;
    int more = 1;
    long long p;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!hfhub__disc_one_of(o.discussion_type, "all", "discussion", "pull_request"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid discussion_type, must be one of all, discussion, pull_request");
    if (!hfhub__disc_one_of(o.discussion_status, "all", "open", "closed"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid discussion_status, must be one of all, open, closed");
    wk->limit = o.limit;
    hfhub__buf_init(&base, c->a);
    hfhub__buf_init(&url, c->a);
    r = hfhub__disc_url(c, &base, o.repo_type, repo_id, 0, 0);
    for (p = 0; !r && more; p++) {
        hfhub__buf_reset(&url);
        hfhub__buf_printf(&url, "%s?p=%lld", base.data, p);
        if (o.discussion_type) hfhub__buf_printf(&url, "&type=%s", o.discussion_type);
        if (o.discussion_status) hfhub__buf_printf(&url, "&status=%s", o.discussion_status);
        if (o.author) {
            hfhub__buf_puts(&url, "&author=");
            hfhub__url_quote_plus(&url, o.author, strlen(o.author), "");
        }
        r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : hfhub__disc_page(c, url.data, wk, &more);
    }
    hfhub__buf_free(&base);
    hfhub__buf_free(&url);
    return r;
}

hfhub_result hfhub_foreach_repo_discussion(hfhub_client *c, const char *repo_id, const hfhub_discussions_opts *opts,
                                           hfhub_discussion_fn fn, void *user) {
    hfhub__disc_walk wk;
    if (!fn) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "fn is NULL");
    memset(&wk, 0, sizeof wk);
    wk.fn = fn;
    wk.user = user;
    return hfhub__disc_walk_pages(c, repo_id, opts, &wk);
}

hfhub_result hfhub_get_repo_discussions(hfhub_client *c, const char *repo_id, const hfhub_discussions_opts *opts,
                                        hfhub_discussion_list **out) {
    hfhub__buf text;
    hfhub__jw w;
    hfhub__disc_walk wk;
    hfhub__arena *ar;
    hfhub_discussion_list *l;
    const hfhub_json_value *arr = NULL;
    hfhub_result r;
    size_t i;
    *out = NULL;
    hfhub__buf_init(&text, c->a);
    hfhub__jw_init(&w, &text, HFHUB__JW_COMPACT);
    hfhub__jw_begin_array(&w);
    memset(&wk, 0, sizeof wk);
    wk.w = &w;
    r = hfhub__disc_walk_pages(c, repo_id, opts, &wk);
    hfhub__jw_end_array(&w);
    if (!r) r = hfhub__jw_result(&w);
    l = r ? NULL : (hfhub_discussion_list *)hfhub__social_new(c, sizeof *l, &ar);
    if (!r && !l) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__json_parse_in(ar, text.data, text.len, 0, &arr);
    hfhub__buf_free(&text);
    if (!r) {
        l->items = (hfhub_discussion *)hfhub__arena_alloc(ar, (hfhub_json_len(arr) + 1) * sizeof *l->items);
        if (!l->items) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    }
    for (i = 0; !r && i < hfhub_json_len(arr); i++, l->n++)
        r = hfhub__discussion_read(ar, c->endpoint, hfhub_json_at(arr, i), &l->items[i]);
    if (r) hfhub__social_free(l);
    else *out = l;
    return r;
}

void hfhub_discussion_list_free(hfhub_discussion_list *l) { hfhub__social_free(l); }
void hfhub_discussion_details_free(hfhub_discussion_details *d) { hfhub__social_free(d); }
void hfhub_discussion_event_free(hfhub_discussion_event *e) { hfhub__social_free(e); }

hfhub_result hfhub_get_discussion_details(hfhub_client *c, const char *repo_id, int64_t num, const char *repo_type,
                                          hfhub_discussion_details **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_discussion_details *d = NULL;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__disc_url(c, &url, repo_type, repo_id, num, 1);
    hfhub__buf_puts(&url, "?diff=1");
    if (!r && !(d = (hfhub_discussion_details *)hfhub__social_new(c, sizeof *d, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_call(c, "GET", url.data, NULL, ar, &root);
    if (!r) r = hfhub__discussion_details_read(ar, c->endpoint, root, d);
    hfhub__buf_free(&url);
    if (r) hfhub__social_free(d);
    else *out = d;
    return r;
}

/* Whether s is NULL or only white space. */
static int hfhub__disc_blank(const char *s) {
    if (s)
        for (; *s; s++)
            if (!strchr(" \t\r\n\f\v", *s)) return 0;
    return 1;
}

/* s with the white space at both ends removed (Python's str.strip) written as a JSON string. */
static void hfhub__disc_jw_stripped(hfhub__jw *w, const char *s) {
    const char *e = s + strlen(s);
    while (*s && strchr(" \t\r\n\f\v", *s)) s++;
    while (e > s && strchr(" \t\r\n\f\v", e[-1])) e--;
    hfhub__jw_stringn(w, s, (size_t)(e - s));
}

static hfhub_result hfhub__disc_create(hfhub_client *c, const char *repo_id, const char *title,
                                       const hfhub_create_discussion_opts *opts, int pull_request,
                                       hfhub_discussion_details **out) {
    hfhub__buf url, body;
    hfhub__jw w;
    hfhub__arena tmp;
    const hfhub_json_value *root = NULL;
    const char *desc = opts ? opts->description : NULL;
    hfhub_result r;
    int64_t num = 0;
    if (out) *out = NULL;
    if (hfhub__disc_blank(title)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid title: it must not be empty");
    hfhub__buf_init(&url, c->a);
    hfhub__buf_init(&body, c->a);
    hfhub__arena_init(&tmp, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "title");
    hfhub__disc_jw_stripped(&w, title);
    hfhub__jw_key(&w, "description");
    if (hfhub__disc_blank(desc))
        hfhub__jw_string(&w, pull_request ? "Pull Request opened with [hfhub](https://huggingface.co/docs/huggingface_hub), the Hugging Face Hub client in C"
                                          : "Discussion opened with [hfhub](https://huggingface.co/docs/huggingface_hub), the Hugging Face Hub client in C");
    else
        hfhub__disc_jw_stripped(&w, desc);
    hfhub__jw_kv_bool(&w, "pullRequest", pull_request);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__disc_url(c, &url, opts ? opts->repo_type : NULL, repo_id, 0, 0);
    if (!r) r = hfhub__social_call(c, "POST", url.data, &body, &tmp, &root);
    if (!r && (num = hfhub_json_int(hfhub_json_get(root, "num"), 0)) <= 0)
        r = hfhub__fail(HFHUB_ERR_PARSE, "create discussion: no `num` in the answer");
    if (!r && out) r = hfhub_get_discussion_details(c, repo_id, num, opts ? opts->repo_type : NULL, out);
    hfhub__arena_free(&tmp);
    hfhub__buf_free(&url);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_create_discussion(hfhub_client *c, const char *repo_id, const char *title,
                                     const hfhub_create_discussion_opts *opts, hfhub_discussion_details **out) {
    return hfhub__disc_create(c, repo_id, title, opts, opts ? opts->pull_request != 0 : 0, out);
}

hfhub_result hfhub_create_pull_request(hfhub_client *c, const char *repo_id, const char *title,
                                       const hfhub_create_discussion_opts *opts, hfhub_discussion_details **out) {
    return hfhub__disc_create(c, repo_id, title, opts, 1, out);
}

/* POST .../discussions/{num}/{resource} with body (may be NULL); the event under `key` of
 * the answer goes to *out (when out is not NULL and key is not NULL). */
static hfhub_result hfhub__disc_post(hfhub_client *c, const char *repo_id, int64_t num, const char *repo_type,
                                     const char *resource, const hfhub__buf *body, const char *key,
                                     hfhub_discussion_event **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_discussion_event *e = NULL;
    hfhub_result r;
    if (out) *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__disc_url(c, &url, repo_type, repo_id, num, 1);
    hfhub__buf_printf(&url, "/%s", resource);
    if (!r && url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r && !(e = (hfhub_discussion_event *)hfhub__social_new(c, sizeof *e, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_call(c, "POST", url.data, body, ar, &root);
    if (!r && key && out) r = hfhub__discussion_event_read(hfhub_json_get(root, key), e);
    hfhub__buf_free(&url);
    if (r || !key || !out) hfhub__social_free(e);
    else *out = e;
    return r;
}

/* {"<key>": value} (value NULL: no member) and an optional second member. */
static void hfhub__disc_body(hfhub__buf *b, const char *k1, const char *v1, const char *k2, const char *v2) {
    hfhub__jw w;
    hfhub__jw_init(&w, b, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    if (v1) hfhub__jw_kv_string(&w, k1, v1);
    if (v2) {
        hfhub__jw_key(&w, k2);
        hfhub__disc_jw_stripped(&w, v2);
    }
    hfhub__jw_end_object(&w);
    if (hfhub__jw_result(&w)) b->failed = 1;
}

/* A comment id as a path segment: lower-cased like Python's comment_id.lower(). */
static hfhub_result hfhub__disc_comment_res(hfhub__buf *res, const char *comment_id, const char *what) {
    size_t i;
    if (!comment_id || !*comment_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "comment_id is required");
    hfhub__buf_puts(res, "comment/");
    for (i = 0; comment_id[i]; i++) {
        char ch = comment_id[i];
        hfhub__buf_putc(res, ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch);
    }
    if (strchr(comment_id, '/') || strchr(comment_id, '?') || strchr(comment_id, '#'))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "invalid comment_id '%s'", comment_id);
    hfhub__buf_printf(res, "/%s", what);
    return res->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

hfhub_result hfhub_comment_discussion(hfhub_client *c, const char *repo_id, int64_t num, const char *comment,
                                      const char *repo_type, hfhub_discussion_event **out) {
    hfhub__buf b;
    hfhub_result r;
    if (!comment) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "comment is required");
    hfhub__buf_init(&b, c->a);
    hfhub__disc_body(&b, "comment", comment, NULL, NULL);
    r = hfhub__disc_post(c, repo_id, num, repo_type, "comment", &b, "newMessage", out);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_edit_discussion_comment(hfhub_client *c, const char *repo_id, int64_t num, const char *comment_id,
                                           const char *new_content, const char *repo_type,
                                           hfhub_discussion_event **out) {
    hfhub__buf b, res;
    hfhub_result r;
    if (out) *out = NULL;
    if (!new_content) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "new_content is required");
    hfhub__buf_init(&b, c->a);
    hfhub__buf_init(&res, c->a);
    hfhub__disc_body(&b, "content", new_content, NULL, NULL);
    r = hfhub__disc_comment_res(&res, comment_id, "edit");
    if (!r) r = hfhub__disc_post(c, repo_id, num, repo_type, res.data, &b, "updatedComment", out);
    hfhub__buf_free(&b);
    hfhub__buf_free(&res);
    return r;
}

hfhub_result hfhub_hide_discussion_comment(hfhub_client *c, const char *repo_id, int64_t num, const char *comment_id,
                                           const char *repo_type, hfhub_discussion_event **out) {
    hfhub__buf res;
    hfhub_result r;
    if (out) *out = NULL;
    hfhub__buf_init(&res, c->a);
    r = hfhub__disc_comment_res(&res, comment_id, "hide");
    if (!r) r = hfhub__disc_post(c, repo_id, num, repo_type, res.data, NULL, "updatedComment", out);
    hfhub__buf_free(&res);
    return r;
}

hfhub_result hfhub_rename_discussion(hfhub_client *c, const char *repo_id, int64_t num, const char *new_title,
                                     const char *repo_type, hfhub_discussion_event **out) {
    hfhub__buf b;
    hfhub_result r;
    if (out) *out = NULL;
    if (!new_title) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "new_title is required");
    hfhub__buf_init(&b, c->a);
    hfhub__disc_body(&b, "title", new_title, NULL, NULL);
    r = hfhub__disc_post(c, repo_id, num, repo_type, "title", &b, "newTitle", out);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_change_discussion_status(hfhub_client *c, const char *repo_id, int64_t num, const char *new_status,
                                            const char *comment, const char *repo_type,
                                            hfhub_discussion_event **out) {
    hfhub__buf b;
    hfhub_result r;
    if (out) *out = NULL;
    if (!new_status || (strcmp(new_status, "open") && strcmp(new_status, "closed")))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Invalid status, valid statuses are: 'open' and 'closed'");
    hfhub__buf_init(&b, c->a);
    hfhub__disc_body(&b, "status", new_status, "comment", hfhub__disc_blank(comment) ? NULL : comment);
    r = hfhub__disc_post(c, repo_id, num, repo_type, "status", &b, "newStatus", out);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_merge_pull_request(hfhub_client *c, const char *repo_id, int64_t num, const char *comment,
                                      const char *repo_type) {
    hfhub__buf b;
    hfhub_result r;
    hfhub__buf_init(&b, c->a);
    if (!hfhub__disc_blank(comment)) hfhub__disc_body(&b, NULL, NULL, "comment", comment);
    r = hfhub__disc_post(c, repo_id, num, repo_type, "merge", &b, NULL, NULL);
    hfhub__buf_free(&b);
    return r;
}
