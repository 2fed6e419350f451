/* cmd_collections.c: `hf collections list|info|create|update|delete|add-item|update-item|
 * delete-item`, with the flags and outputs of Python's `hf collections` (spec §7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#include "social_cli.h"

static int hf_coll_usage(FILE *f) {
    fprintf(f, "usage: hf collections <command> [<args>]\n\n"
               "Interact with collections on the Hub.\n\n"
               "commands:\n"
               "  list (ls) [--owner O] [--item ITEM] [--sort lastModified|trending|upvotes] [--limit 10]\n"
               "  info COLLECTION_SLUG\n"
               "  create TITLE [--namespace NS] [--description D] [--private] [--exists-ok]\n"
               "  update COLLECTION_SLUG [--title T] [--description D] [--position N] [--private|--no-private] [--theme T]\n"
               "  delete COLLECTION_SLUG [--missing-ok]\n"
               "  add-item COLLECTION_SLUG ITEM_ID ITEM_TYPE [--note N] [--exists-ok]\n"
               "  update-item COLLECTION_SLUG ITEM_OBJECT_ID [--note N] [--position N]\n"
               "  delete-item COLLECTION_SLUG ITEM_OBJECT_ID [--missing-ok]\n"
               "common options: [--token T] [--format auto|human|agent|json|quiet]\n");
    return f == stderr ? 2 : 0;
}

/* `"key": <value>` members of the Collection dict (null when missing: dropped when printed). */
static void hf_coll_member(hf_s_sb *b, const char *key, const hfhub_json_value *v, int first) {
    if (!first) hf_s_sb_puts(b, ", ");
    hf_s_sb_json_str(b, key);
    hf_s_sb_puts(b, ": ");
    if (v) hf_s_sb_json_value(b, v);
    else hf_s_sb_puts(b, "null");
}

/* CollectionItem(item_object_id, item_id (a collection item's slug), item_type, position,
 * note (its text)). */
static void hf_coll_item_dict(hf_s_sb *b, const hfhub_json_value *it) {
    const hfhub_json_value *slug = hfhub_json_get(it, "slug"), *note = hfhub_json_get(hfhub_json_get(it, "note"), "text");
    hf_s_sb_puts(b, "{");
    hf_coll_member(b, "item_object_id", hfhub_json_get(it, "_id"), 1);
    hf_coll_member(b, "item_id", slug && !hfhub_json_is_null(slug) ? slug : hfhub_json_get(it, "id"), 0);
    hf_coll_member(b, "item_type", hfhub_json_get(it, "type"), 0);
    hf_coll_member(b, "position", hfhub_json_get(it, "position"), 0);
    hf_coll_member(b, "note", hfhub_json_type_of(note) == HFHUB_JSON_STRING ? note : NULL, 0);
    hf_s_sb_puts(b, "}");
}

/* `hf collections info`: Python's Collection dataclass as a dict (slug, title, owner, items,
 * last_updated as isoformat(), position, private, theme, upvotes, description; None dropped),
 * indented in human mode, compact otherwise. */
static void hf_coll_dict(hf_s_sb *out, const hfhub_json_value *v) {
    static const char *const tail[] = {"position", "private", "theme", "upvotes", "description"};
    const hfhub_json_value *items = hfhub_json_get(v, "items");
    const char *lu = hfhub_json_str(hfhub_json_get(v, "lastUpdated"), NULL);
    hf_s_sb b = *out;
    char iso[40];
    size_t i;
    hf_s_sb_puts(&b, "{");
    hf_coll_member(&b, "slug", hfhub_json_get(v, "slug"), 1);
    hf_coll_member(&b, "title", hfhub_json_get(v, "title"), 0);
    hf_coll_member(&b, "owner", hfhub_json_get(v, "owner"), 0);
    hf_s_sb_puts(&b, ", \"items\": [");
    for (i = 0; i < hfhub_json_len(items) && hfhub_json_type_of(items) == HFHUB_JSON_ARRAY; i++) {
        if (i) hf_s_sb_puts(&b, ", ");
        hf_coll_item_dict(&b, hfhub_json_at(items, i));
    }
    hf_s_sb_puts(&b, "], \"last_updated\": ");
    if (lu && strlen(lu) < 33) {
        hf_s_iso(lu, iso);
        hf_s_sb_json_str(&b, iso);
    } else hf_s_sb_puts(&b, "null");
    for (i = 0; i < sizeof tail / sizeof tail[0]; i++) hf_coll_member(&b, tail[i], hfhub_json_get(v, tail[i]), 0);
    hf_s_sb_puts(&b, "}");
    *out = b;
}

static void hf_coll_print_dict(const hf_out *o, const hfhub_json_value *v) {
    hf_s_sb b = {NULL, 0, 0};
    hf_coll_dict(&b, v);
    hf_s_json_print_text(b.p, o->mode == HF_OUT_HUMAN, NULL);
    free(b.p);
}

/* The human cell of a Collection dict member (Python's _format_table_value_human): an owner
 * dict as its name, each item dict as json.dumps, the rest as written (dates cut by the table). */
static char *hf_coll_cell(const hfhub_json_value *v) {
    hf_s_sb b = {NULL, 0, 0};
    size_t i;
    char num[64];
    const char *raw;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_STRING: hf_s_sb_puts(&b, hfhub_json_str(v, "")); break;
    case HFHUB_JSON_NUMBER:
        raw = hfhub_json_number_raw(v, &i);
        snprintf(num, sizeof num, "%.*s", (int)(i < 63 ? i : 63), raw);
        if (strcmp(num, "0")) hf_s_sb_puts(&b, num);
        break;
    case HFHUB_JSON_BOOL: hf_s_sb_puts(&b, hfhub_json_bool(v, 0) ? "\xe2\x9c\x94" : ""); break;
    case HFHUB_JSON_OBJECT:
        if (hfhub_json_type_of(hfhub_json_get(v, "name")) != HFHUB_JSON_NONE) {
            char *n = hf_coll_cell(hfhub_json_get(v, "name"));
            hf_s_sb_puts(&b, n);
            free(n);
        } else { /* json.dumps of the dict, its None members dropped */
            size_t n, m = 0;
            hf_s_sb_puts(&b, "{");
            for (i = 0; i < hfhub_json_len(v); i++) {
                const char *key = hfhub_json_key_at(v, i, &n);
                char kbuf[128];
                if (hfhub_json_type_of(hfhub_json_at(v, i)) <= HFHUB_JSON_NULL) continue;
                snprintf(kbuf, sizeof kbuf, "%.*s", (int)(n < 127 ? n : 127), key);
                hf_s_sb_puts(&b, m++ ? ", " : "");
                hf_s_sb_json_str(&b, kbuf);
                hf_s_sb_puts(&b, ": ");
                hf_s_sb_json_value(&b, hfhub_json_at(v, i));
            }
            hf_s_sb_puts(&b, "}");
        }
        break;
    case HFHUB_JSON_ARRAY:
        for (i = 0; i < hfhub_json_len(v); i++) {
            char *n = hf_coll_cell(hfhub_json_at(v, i));
            if (i) hf_s_sb_puts(&b, ", ");
            hf_s_sb_puts(&b, n);
            free(n);
        }
        break;
    default: break;
    }
    hf_s_sb_puts(&b, "");
    return b.p;
}

/* `hf collections ls`: Python's out.table of the Collection dicts (the dict of `info`, None
 * dropped): json prints them, quiet the slugs, the table the first dict's members that are
 * truthy in some row. */
static int hf_coll_list(hfhub_client *c, const hf_s_args *a) {
    static const char *const keys[] = {"slug", "title", "owner", "items", "last_updated", "position", "private",
                                       "theme", "upvotes", "description"};
    enum { NK = 10 };
    hfhub_list_collections_opts o;
    hfhub_collection_list *l = NULL;
    const char *lim = hf_s_get(a, "--limit"), *sort = hf_s_get(a, "--sort");
    long long limit = 10;
    hf_s_sb all = {NULL, 0, 0};
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *arr;
    hf_val *cells;
    char **texts;
    size_t headers[NK], nh = 0, i, k;
    hf_table t;
    if (a->npos) return hf_s_usage("Got unexpected extra argument.");
    if (lim && hf_s_int("--limit", lim, &limit)) return 2;
    if (sort && strcmp(sort, "lastModified") && strcmp(sort, "trending") && strcmp(sort, "upvotes"))
        return hf_s_usage("Invalid value for '--sort': not one of 'lastModified', 'trending', 'upvotes'.");
    memset(&o, 0, sizeof o);
    o.owner = hf_s_get(a, "--owner");
    o.item = hf_s_get(a, "--item");
    o.sort = sort;
    o.limit = limit > 0 ? (size_t)limit : 0;
    if (hfhub_list_collections(c, &o, &l)) return hf_s_fail(&a->out);
    hf_s_sb_puts(&all, "[");
    for (i = 0; i < l->n; i++) {
        if (i) hf_s_sb_puts(&all, ", ");
        hf_coll_dict(&all, l->items[i].json);
    }
    hf_s_sb_puts(&all, "]");
    hfhub_collection_list_free(l);
    if (a->out.mode == HF_OUT_JSON) {
        hf_s_json_print_text(all.p, 0, NULL);
        free(all.p);
        return 0;
    }
    if (hfhub_json_parse(all.p, all.n, NULL, &doc) != HFHUB_OK) { free(all.p); return 1; }
    arr = hfhub_json_root(doc);
    cells = (hf_val *)calloc(hfhub_json_len(arr) * NK + 1, sizeof *cells);
    texts = (char **)calloc(hfhub_json_len(arr) * NK + 1, sizeof *texts);
    for (i = 0; cells && texts && i < hfhub_json_len(arr); i++)
        for (k = 0; k < NK; k++) {
            texts[i * NK + k] = hf_coll_cell(hfhub_json_get(hfhub_json_at(arr, i), keys[k]));
            cells[i * NK + k] = hf_str(texts[i * NK + k]);
        }
    for (k = 0; cells && texts && k < NK; k++) { /* items[0]'s members, truthy in some row */
        const hfhub_json_value *first = hfhub_json_get(hfhub_json_at(arr, 0), keys[k]);
        if (hfhub_json_type_of(first) <= HFHUB_JSON_NULL) continue;
        for (i = 0; i < hfhub_json_len(arr) && !*texts[i * NK + k]; i++) {}
        if (i < hfhub_json_len(arr)) headers[nh++] = k;
    }
    if (cells && texts) {
        memset(&t, 0, sizeof t);
        t.keys = keys;
        t.n_keys = NK;
        t.headers = headers;
        t.n_headers = nh;
        t.right_col = -1;
        t.cells = cells;
        t.n_rows = hfhub_json_len(arr);
        hf_out_table(&a->out, &t);
    }
    for (i = 0; texts && i < hfhub_json_len(arr) * NK; i++) free(texts[i]);
    free(texts);
    free(cells);
    hfhub_json_free(doc);
    free(all.p);
    return 0;
}

/* --private / --no-private (the last one wins): HFHUB_ON, HFHUB_OFF, or 0 when neither. */
static int hf_coll_private(const hf_s_args *a) {
    int i, v = 0;
    for (i = 0; i < a->nopt; i++) {
        if (!strcmp(a->opt_name[i], "--private")) v = HFHUB_ON;
        else if (!strcmp(a->opt_name[i], "--no-private")) v = HFHUB_OFF;
    }
    return v;
}

static int hf_coll_result(const hf_s_args *a, const char *msg, const char *slug, const char *url) {
    static const char *const keys[] = {"slug", "url"};
    hf_val vals[2];
    vals[0] = hf_str(slug);
    vals[1] = hf_str(url);
    hf_out_result(&a->out, msg, keys, vals, url ? 2 : 1);
    return 0;
}

static int hf_coll_run(hfhub_client *c, const char *sub, const hf_s_args *a) {
    hfhub_collection *col = NULL;
    long long pos = -1;
    const char *p = hf_s_get(a, "--position");
    int rc = 0;
    if (p && hf_s_int("--position", p, &pos)) return 2;
    if (!strcmp(sub, "info")) {
        if (a->npos != 1) return hf_s_usage("Missing argument 'COLLECTION_SLUG'.");
        if (hfhub_get_collection(c, a->pos[0], &col)) return hf_s_fail(&a->out);
        hf_coll_print_dict(&a->out, col->json);
    } else if (!strcmp(sub, "create")) {
        hfhub_create_collection_opts o;
        if (a->npos != 1) return hf_s_usage("Missing argument 'TITLE'.");
        memset(&o, 0, sizeof o);
        o.namespace_ = hf_s_get(a, "--namespace");
        o.description = hf_s_get(a, "--description");
        o.is_private = hf_s_has(a, "--private");
        o.exists_ok = hf_s_has(a, "--exists-ok");
        if (hfhub_create_collection(c, a->pos[0], &o, &col)) return hf_s_fail(&a->out);
        rc = hf_coll_result(a, "Collection created", col->slug, col->url);
    } else if (!strcmp(sub, "update")) {
        hfhub_update_collection_opts o;
        if (a->npos != 1) return hf_s_usage("Missing argument 'COLLECTION_SLUG'.");
        memset(&o, 0, sizeof o);
        o.title = hf_s_get(a, "--title");
        o.description = hf_s_get(a, "--description");
        o.theme = hf_s_get(a, "--theme");
        o.set_position = p != NULL;
        o.position = pos;
        o.is_private = hf_coll_private(a);
        if (hfhub_update_collection_metadata(c, a->pos[0], &o, &col)) return hf_s_fail(&a->out);
        rc = hf_coll_result(a, "Collection updated", col->slug, col->url);
    } else if (!strcmp(sub, "delete")) {
        if (a->npos != 1) return hf_s_usage("Missing argument 'COLLECTION_SLUG'.");
        if (hfhub_delete_collection(c, a->pos[0], hf_s_has(a, "--missing-ok"))) return hf_s_fail(&a->out);
        rc = hf_coll_result(a, "Collection deleted", a->pos[0], NULL);
    } else if (!strcmp(sub, "add-item")) {
        hfhub_add_collection_item_opts o;
        const char *type;
        if (a->npos != 3) return hf_s_usage("Expected COLLECTION_SLUG, ITEM_ID and ITEM_TYPE.");
        type = a->pos[2];
        if (strcmp(type, "model") && strcmp(type, "dataset") && strcmp(type, "space") && strcmp(type, "paper") &&
            strcmp(type, "collection") && strcmp(type, "bucket"))
            return hf_s_usage("Invalid value for 'ITEM_TYPE': not one of 'model', 'dataset', 'space', 'paper', 'collection', 'bucket'.");
        memset(&o, 0, sizeof o);
        o.note = hf_s_get(a, "--note");
        o.exists_ok = hf_s_has(a, "--exists-ok");
        if (hfhub_add_collection_item(c, a->pos[0], a->pos[1], type, &o, &col)) return hf_s_fail(&a->out);
        rc = hf_coll_result(a, "Item added to collection", a->pos[0], col->url);
    } else if (!strcmp(sub, "update-item")) {
        if (a->npos != 2) return hf_s_usage("Expected COLLECTION_SLUG and ITEM_OBJECT_ID.");
        if (hfhub_update_collection_item(c, a->pos[0], a->pos[1], hf_s_get(a, "--note"), pos)) return hf_s_fail(&a->out);
        rc = hf_coll_result(a, "Item updated in collection", a->pos[0], NULL);
    } else {
        if (a->npos != 2) return hf_s_usage("Expected COLLECTION_SLUG and ITEM_OBJECT_ID.");
        if (hfhub_delete_collection_item(c, a->pos[0], a->pos[1], hf_s_has(a, "--missing-ok"))) return hf_s_fail(&a->out);
        rc = hf_coll_result(a, "Item deleted from collection", a->pos[0], NULL);
    }
    hfhub_collection_free(col);
    return rc;
}

int cmd_collections(int argc, char **argv) {
    static const char *const valued[] = {"--owner", "--item", "--sort", "--limit", "--namespace", "--description",
                                         "--title", "--position", "--theme", "--note", NULL};
    static const char *const flags[] = {"--private", "--no-private", "--exists-ok", "--missing-ok", NULL};
    static const char *const subs[] = {"list", "ls", "info", "create", "update", "delete", "add-item", "update-item",
                                       "delete-item", NULL};
    hf_s_args a;
    hfhub_client *c;
    const char *const *s;
    int rc;
    if (argc < 1) return hf_coll_usage(stderr);
    if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) return hf_coll_usage(stdout);
    for (s = subs; *s && strcmp(*s, argv[0]); s++) {}
    if (!*s) {
        fprintf(stderr, "Error: No such command '%s'.\n", argv[0]);
        return 2;
    }
    if ((rc = hf_s_parse("collections", argc - 1, argv + 1, valued, flags, &a)) != 0) return rc == 1 ? hf_coll_usage(stdout) : rc;
    if (!(c = hf_s_client(a.token))) return 1;
    rc = !strcmp(argv[0], "list") || !strcmp(argv[0], "ls") ? hf_coll_list(c, &a) : hf_coll_run(c, argv[0], &a);
    hfhub_client_free(c);
    return rc;
}
