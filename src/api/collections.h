/* collections.h: collections (HfApi.list_collections & co, spec/hub-api.md §5.7).
 *
 * A slug is "namespace/title-slug-<id>". Results are one block each, freed by their _free
 * call; strings point into the result, `json` is the server's object. Missing or mistyped
 * fields read as NULL / 0; an item that is not a JSON object is HFHUB_ERR_PARSE. */

typedef struct hfhub_collection_item {
    const char *item_object_id;  /* _id: what update/delete item take */
    const char *item_id;         /* repo id, paper id or collection slug */
    const char *item_type;       /* "model", "dataset", "space", "paper", "collection", "bucket" */
    int64_t position;
    const char *note;            /* note.text, or NULL */
    const hfhub_json_value *json;
} hfhub_collection_item;

typedef struct hfhub_collection {
    const char *slug, *title, *owner, *description, *last_updated, *theme;
    int64_t position, upvotes;
    int is_private;
    const char *url;             /* {endpoint}/collections/{slug} */
    hfhub_collection_item *items;
    size_t n_items;
    const hfhub_json_value *json;
} hfhub_collection;

typedef struct hfhub_collection_list {
    hfhub_collection *items;
    size_t n;
} hfhub_collection_list;

HFHUB_API void hfhub_collection_free(hfhub_collection *col);
HFHUB_API void hfhub_collection_list_free(hfhub_collection_list *l);

typedef struct hfhub_list_collections_opts {
    const char *owner;   /* a user or org name */
    const char *item;    /* "models/user/x", "datasets/...", "papers/<id>"... */
    const char *sort;    /* "lastModified", "trending" or "upvotes" */
    size_t limit;        /* 0: all (sent as ?limit= when set, and the listing stops there) */
} hfhub_list_collections_opts;

/* GET /api/collections?owner=&item=&sort=&limit= (paginated; opts may be NULL). Listed
 * collections carry at most 4 items (the Hub's choice): get one for all of them. */
HFHUB_API hfhub_result hfhub_list_collections(hfhub_client *c, const hfhub_list_collections_opts *opts,
                                              hfhub_collection_list **out);
/* Python's lazy iterator: the same pages, each collection handed to fn as it is read (valid
 * during the call only): memory stays at one page. A nonzero return from fn stops (HFHUB_OK). */
typedef int (*hfhub_collection_fn)(void *user, const hfhub_collection *col);
HFHUB_API hfhub_result hfhub_foreach_collection(hfhub_client *c, const hfhub_list_collections_opts *opts,
                                                hfhub_collection_fn fn, void *user);
/* GET /api/collections/{slug} */
HFHUB_API hfhub_result hfhub_get_collection(hfhub_client *c, const char *slug, hfhub_collection **out);

typedef struct hfhub_create_collection_opts {
    const char *namespace_;   /* NULL: the token's user (whoami) */
    const char *description;  /* NULL: not sent */
    int is_private;
    int exists_ok;            /* a 409 answers the existing collection (from the 409's slug) */
} hfhub_create_collection_opts;
/* POST /api/collections {"title","namespace","private","description"?}; out may be NULL. */
HFHUB_API hfhub_result hfhub_create_collection(hfhub_client *c, const char *title,
                                               const hfhub_create_collection_opts *opts, hfhub_collection **out);

typedef struct hfhub_update_collection_opts {
    const char *title, *description, *theme;   /* NULL: unchanged */
    int64_t position;                          /* with set_position */
    int set_position;
    int is_private;                            /* HFHUB_ON / HFHUB_OFF; 0 unchanged */
} hfhub_update_collection_opts;
/* PATCH /api/collections/{slug} with the fields set; *out (may be NULL) from {"data": ...}. */
HFHUB_API hfhub_result hfhub_update_collection_metadata(hfhub_client *c, const char *slug,
                                                        const hfhub_update_collection_opts *opts,
                                                        hfhub_collection **out);
/* DELETE /api/collections/{slug}; missing_ok: a 404 is success. */
HFHUB_API hfhub_result hfhub_delete_collection(hfhub_client *c, const char *slug, int missing_ok);

typedef struct hfhub_add_collection_item_opts {
    const char *note;   /* NULL: none */
    int exists_ok;      /* a 409 (already there) answers the collection */
} hfhub_add_collection_item_opts;
/* POST /api/collections/{slug}/items {"item": {"id","type"}, "note"?}; out may be NULL. */
HFHUB_API hfhub_result hfhub_add_collection_item(hfhub_client *c, const char *slug, const char *item_id,
                                                 const char *item_type, const hfhub_add_collection_item_opts *opts,
                                                 hfhub_collection **out);
/* PATCH /api/collections/{slug}/items/{item_object_id} {"position"?, "note"?}: note NULL and
 * position < 0 are not sent. */
HFHUB_API hfhub_result hfhub_update_collection_item(hfhub_client *c, const char *slug, const char *item_object_id,
                                                    const char *note, int64_t position);
/* DELETE /api/collections/{slug}/items/{item_object_id}; missing_ok: a 404 is success. */
HFHUB_API hfhub_result hfhub_delete_collection_item(hfhub_client *c, const char *slug, const char *item_object_id,
                                                    int missing_ok);
