/* collections.c: collections (spec/hub-api.md §5.7). */
#include <string.h>

hfhub_result hfhub__collection_read(hfhub__arena *ar, const char *endpoint, const hfhub_json_value *v,
                                    hfhub_collection *col) {
    const hfhub_json_value *items = hfhub_json_get(v, "items"), *owner = hfhub_json_get(v, "owner");
    size_t i, n = hfhub_json_type_of(items) == HFHUB_JSON_ARRAY ? hfhub_json_len(items) : 0;
    hfhub__buf b;
    memset(col, 0, sizeof *col);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "collection is not a JSON object");
    col->json = v;
    col->slug = hfhub__social_str(v, "slug");
    col->title = hfhub__social_str(v, "title");
    /* owner is an object {"name": ...} on the Hub; a bare string is accepted too */
    col->owner = hfhub_json_str(owner, NULL) ? hfhub_json_str(owner, NULL) : hfhub__social_str(owner, "name");
    col->description = hfhub__social_str(v, "description");
    col->last_updated = hfhub__social_str(v, "lastUpdated");
    col->theme = hfhub__social_str(v, "theme");
    col->position = hfhub_json_int(hfhub_json_get(v, "position"), 0);
    col->upvotes = hfhub_json_int(hfhub_json_get(v, "upvotes"), 0);
    col->is_private = hfhub_json_bool(hfhub_json_get(v, "private"), 0);
    col->items = (hfhub_collection_item *)hfhub__arena_alloc(ar, (n ? n : 1) * sizeof *col->items);
    if (!col->items) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *it = hfhub_json_at(items, i);
        hfhub_collection_item *x = &col->items[i];
        memset(x, 0, sizeof *x);
        if (hfhub_json_type_of(it) != HFHUB_JSON_OBJECT) return hfhub__fail(HFHUB_ERR_PARSE, "collection item is not a JSON object");
        x->json = it;
        x->item_object_id = hfhub__social_str(it, "_id");
        x->item_id = hfhub__social_str(it, "id");
        x->item_type = hfhub__social_str(it, "type");
        x->position = hfhub_json_int(hfhub_json_get(it, "position"), 0);
        x->note = hfhub_json_str(hfhub_json_path(it, "note.text"), NULL);
    }
    col->n_items = n;
    if (!col->slug) return HFHUB_OK;
    hfhub__buf_init(&b, ar->a);
    hfhub__buf_printf(&b, "%s/collections/%s", endpoint, col->slug);
    col->url = b.failed ? NULL : hfhub__arena_strndup(ar, b.data, b.len);
    hfhub__buf_free(&b);
    return col->url ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
}

void hfhub_collection_free(hfhub_collection *col) { hfhub__social_free(col); }
void hfhub_collection_list_free(hfhub_collection_list *l) { hfhub__social_free(l); }

/* {E}/api/collections[/{slug}] + suffix into b; the slug is a path ("ns/name-id"). */
static hfhub_result hfhub__coll_url(hfhub_client *c, hfhub__buf *b, const char *slug, const char *suffix) {
    hfhub__buf_printf(b, "%s/api/collections", c->endpoint);
    if (slug) {
        if (!*slug || strstr(slug, "..") || strchr(slug, '?') || strchr(slug, '#'))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "invalid collection slug '%s'", slug);
        hfhub__buf_putc(b, '/');
        hfhub__url_quote(b, slug, strlen(slug), "/");
    }
    if (suffix) hfhub__buf_puts(b, suffix);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

/* method on the collection URL; the collection answered (under `key` when not NULL) into
 * *out when out is not NULL. */
static hfhub_result hfhub__coll_call(hfhub_client *c, const char *method, const char *slug, const char *suffix,
                                     const hfhub__buf *body, const char *key, hfhub_collection **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_collection *col = NULL;
    hfhub_result r;
    if (out) *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__coll_url(c, &url, slug, suffix);
    if (!r && !(col = (hfhub_collection *)hfhub__social_new(c, sizeof *col, &ar))) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_call(c, method, url.data, body, ar, &root);
    if (!r && out) r = hfhub__collection_read(ar, c->endpoint, key ? hfhub_json_get(root, key) : root, col);
    hfhub__buf_free(&url);
    if (r || !out) hfhub__social_free(col);
    else *out = col;
    return r;
}

hfhub_result hfhub_get_collection(hfhub_client *c, const char *slug, hfhub_collection **out) {
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "out is NULL");
    return hfhub__coll_call(c, "GET", slug ? slug : "", NULL, NULL, NULL, out);
}

/* {E}/api/collections?owner=&item=&sort=&limit= (the parameters set) into url. */
static hfhub_result hfhub__coll_list_url(hfhub_client *c, const hfhub_list_collections_opts *opts, hfhub__buf *url) {
    const char *kv[8];
    size_t n = 0;
    char lim[32];
    hfhub_result r;
    if (opts && opts->owner) { kv[2 * n] = "owner"; kv[2 * n++ + 1] = opts->owner; }
    if (opts && opts->item) { kv[2 * n] = "item"; kv[2 * n++ + 1] = opts->item; }
    if (opts && opts->sort) { kv[2 * n] = "sort"; kv[2 * n++ + 1] = opts->sort; }
    if (opts && opts->limit) {
        size_t v = opts->limit, i = sizeof lim - 1;
        lim[i] = 0;
        do lim[--i] = (char)('0' + v % 10); while ((v /= 10) != 0);
        kv[2 * n] = "limit";
        kv[2 * n++ + 1] = lim + i;
    }
    r = hfhub__coll_url(c, url, NULL, NULL);
    if (n) {
        hfhub__buf_putc(url, '?');
        hfhub__url_urlencode(url, kv, n);
    }
    return !r && url->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : r;
}

hfhub_result hfhub_list_collections(hfhub_client *c, const hfhub_list_collections_opts *opts,
                                    hfhub_collection_list **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    hfhub_collection_list *l;
    const hfhub_json_value *arr = NULL;
    size_t i;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&url, c->a);
    r = hfhub__coll_list_url(c, opts, &url);
    l = r ? NULL : (hfhub_collection_list *)hfhub__social_new(c, sizeof *l, &ar);
    if (!r && !l) r = HFHUB_ERR_NOMEM;
    if (!r) r = hfhub__social_paginate(c, url.data, opts ? opts->limit : 0, ar, &arr);
    hfhub__buf_free(&url);
    if (!r && !(l->items = (hfhub_collection *)hfhub__arena_alloc(ar, (hfhub_json_len(arr) + 1) * sizeof *l->items)))
        r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; !r && i < hfhub_json_len(arr); i++, l->n++)
        r = hfhub__collection_read(ar, c->endpoint, hfhub_json_at(arr, i), &l->items[i]);
    if (r) hfhub__social_free(l);
    else *out = l;
    return r;
}

typedef struct hfhub__coll_walk {
    hfhub_client *c;
    hfhub_collection_fn fn;
    void *user;
    size_t limit, n;
    int stop;
} hfhub__coll_walk;

/* One page: each collection read into a scratch arena and handed to fn. */
static hfhub_result hfhub__coll_page(void *user, const hfhub_json_value *page) {
    hfhub__coll_walk *wk = (hfhub__coll_walk *)user;
    hfhub__arena ar;
    hfhub_collection col;
    hfhub_result r = HFHUB_OK;
    size_t i;
    if (hfhub_json_type_of(page) != HFHUB_JSON_ARRAY) return hfhub__fail(HFHUB_ERR_PARSE, "listing page is not a JSON array");
    for (i = 0; !r && !wk->stop && i < hfhub_json_len(page) && (!wk->limit || wk->n < wk->limit); i++, wk->n++) {
        hfhub__arena_init(&ar, wk->c->a);
        r = hfhub__collection_read(&ar, wk->c->endpoint, hfhub_json_at(page, i), &col);
        if (!r && wk->fn(wk->user, &col)) wk->stop = 1;
        hfhub__arena_free(&ar);
    }
    /* HFHUB_ERR_CANCELLED ends the paging; hfhub_foreach_collection turns it into HFHUB_OK */
    return !r && (wk->stop || (wk->limit && wk->n >= wk->limit)) ? HFHUB_ERR_CANCELLED : r;
}

hfhub_result hfhub_foreach_collection(hfhub_client *c, const hfhub_list_collections_opts *opts, hfhub_collection_fn fn,
                                      void *user) {
    hfhub__buf url;
    hfhub__coll_walk wk;
    hfhub_result r;
    if (!fn) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "fn is NULL");
    memset(&wk, 0, sizeof wk);
    wk.c = c;
    wk.fn = fn;
    wk.user = user;
    wk.limit = opts ? opts->limit : 0;
    hfhub__buf_init(&url, c->a);
    r = hfhub__coll_list_url(c, opts, &url);
    if (!r) r = hfhub__client_paginate(c, url.data, NULL, hfhub__coll_page, &wk);
    if (r == HFHUB_ERR_CANCELLED && (wk.stop || (wk.limit && wk.n >= wk.limit))) r = HFHUB_OK;
    hfhub__buf_free(&url);
    return r;
}

/* POST /api/collections; a 409 with exists_ok reads the existing one (the slug in the 409). */
static hfhub_result hfhub__coll_create(hfhub_client *c, const hfhub__buf *body, int exists_ok, hfhub_collection **out) {
    hfhub__buf url;
    hfhub__arena *ar;
    const hfhub_json_value *root = NULL;
    hfhub_collection *col;
    hfhub_result r;
    const char *slug;
    if (!(col = (hfhub_collection *)hfhub__social_new(c, sizeof *col, &ar))) return HFHUB_ERR_NOMEM;
    hfhub__buf_init(&url, c->a);
    r = hfhub__coll_url(c, &url, NULL, NULL);
    if (!r) r = hfhub__social_call(c, "POST", url.data, body, ar, &root);
    hfhub__buf_free(&url);
    if (!r && out) r = hfhub__collection_read(ar, c->endpoint, root, col);
    if (!r && out) {
        *out = col;
        return HFHUB_OK;
    }
    if (r == HFHUB_ERR_CONFLICT && exists_ok) {
        if (!(slug = hfhub__social_str(root, "slug"))) r = hfhub__fail(HFHUB_ERR_PARSE, "create collection: no slug in the 409 answer");
        else r = out ? hfhub_get_collection(c, slug, out) : HFHUB_OK;
    }
    hfhub__social_free(col);
    return r;
}

hfhub_result hfhub_create_collection(hfhub_client *c, const char *title, const hfhub_create_collection_opts *opts,
                                     hfhub_collection **out) {
    hfhub__arena tmp;
    hfhub__buf body;
    hfhub__jw w;
    const char *ns = opts ? opts->namespace_ : NULL;
    hfhub_result r = HFHUB_OK;
    if (out) *out = NULL;
    if (!title) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "title is required");
    hfhub__arena_init(&tmp, c->a);
    hfhub__buf_init(&body, c->a);
    if (!ns) r = hfhub__social_whoami(c, &tmp, &ns);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "title", title);
    hfhub__jw_kv_string(&w, "namespace", ns);
    hfhub__jw_kv_bool(&w, "private", opts && opts->is_private);
    if (opts && opts->description) hfhub__jw_kv_string(&w, "description", opts->description);
    hfhub__jw_end_object(&w);
    if (!r) r = hfhub__jw_result(&w);
    if (!r) r = hfhub__coll_create(c, &body, opts && opts->exists_ok, out);
    hfhub__buf_free(&body);
    hfhub__arena_free(&tmp);
    return r;
}

hfhub_result hfhub_update_collection_metadata(hfhub_client *c, const char *slug, const hfhub_update_collection_opts *opts,
                                              hfhub_collection **out) {
    hfhub__buf body;
    hfhub__jw w;
    hfhub_result r;
    hfhub_update_collection_opts o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    hfhub__buf_init(&body, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    if (o.set_position) hfhub__jw_kv_int(&w, "position", o.position);
    if (o.is_private) hfhub__jw_kv_bool(&w, "private", o.is_private == HFHUB_ON);
    if (o.theme) hfhub__jw_kv_string(&w, "theme", o.theme);
    if (o.title) hfhub__jw_kv_string(&w, "title", o.title);
    if (o.description) hfhub__jw_kv_string(&w, "description", o.description);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__coll_call(c, "PATCH", slug ? slug : "", NULL, &body, "data", out);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_delete_collection(hfhub_client *c, const char *slug, int missing_ok) {
    hfhub_result r = hfhub__coll_call(c, "DELETE", slug ? slug : "", NULL, NULL, NULL, NULL);
    if (missing_ok && hfhub__social_is_404(r)) r = HFHUB_OK;
    return r;
}

hfhub_result hfhub_add_collection_item(hfhub_client *c, const char *slug, const char *item_id, const char *item_type,
                                       const hfhub_add_collection_item_opts *opts, hfhub_collection **out) {
    hfhub__buf body;
    hfhub__jw w;
    hfhub_result r;
    if (out) *out = NULL;
    if (!item_id || !item_type) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "item_id and item_type are required");
    hfhub__buf_init(&body, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "item");
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "id", item_id);
    hfhub__jw_kv_string(&w, "type", item_type);
    hfhub__jw_end_object(&w);
    if (opts && opts->note) hfhub__jw_kv_string(&w, "note", opts->note);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__coll_call(c, "POST", slug ? slug : "", "/items", &body, NULL, out);
    if (r == HFHUB_ERR_CONFLICT && opts && opts->exists_ok) r = out ? hfhub_get_collection(c, slug, out) : HFHUB_OK;
    hfhub__buf_free(&body);
    return r;
}

/* "/items/{quote(item_object_id)}" into b. */
static hfhub_result hfhub__coll_item_suffix(hfhub__buf *b, const char *item_object_id) {
    if (!item_object_id || !*item_object_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "item_object_id is required");
    hfhub__buf_puts(b, "/items/");
    hfhub__social_seg(b, item_object_id);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

hfhub_result hfhub_update_collection_item(hfhub_client *c, const char *slug, const char *item_object_id,
                                          const char *note, int64_t position) {
    hfhub__buf body, suffix;
    hfhub__jw w;
    hfhub_result r;
    hfhub__buf_init(&body, c->a);
    hfhub__buf_init(&suffix, c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_PYTHON);
    hfhub__jw_begin_object(&w);
    if (position >= 0) hfhub__jw_kv_int(&w, "position", position);
    if (note) hfhub__jw_kv_string(&w, "note", note);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__coll_item_suffix(&suffix, item_object_id);
    if (!r) r = hfhub__coll_call(c, "PATCH", slug ? slug : "", suffix.data, &body, NULL, NULL);
    hfhub__buf_free(&body);
    hfhub__buf_free(&suffix);
    return r;
}

hfhub_result hfhub_delete_collection_item(hfhub_client *c, const char *slug, const char *item_object_id, int missing_ok) {
    hfhub__buf suffix;
    hfhub_result r;
    hfhub__buf_init(&suffix, c->a);
    r = hfhub__coll_item_suffix(&suffix, item_object_id);
    if (!r) r = hfhub__coll_call(c, "DELETE", slug ? slug : "", suffix.data, NULL, NULL, NULL);
    if (missing_ok && hfhub__social_is_404(r)) r = HFHUB_OK;
    hfhub__buf_free(&suffix);
    return r;
}
