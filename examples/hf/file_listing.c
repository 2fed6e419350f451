/* file_listing.c: the file listing of `hf models|datasets|spaces ls REPO_ID` (see file_listing.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "output.h"
#include "social_cli.h"
#include "file_listing.h"

typedef struct hf_fl_item {
    char *path, *date;          /* date: the last commit's timestamp as received, or NULL */
    int is_file;
    int64_t size;
} hf_fl_item;

typedef struct hf_fl_list {
    hf_fl_item *items;
    size_t n, cap;
    hf_s_sb json;               /* "[{...}, {...}" : the dataclass dicts, compact */
} hf_fl_list;

static char *hf_fl_dup(const char *s) {
    char *p;
    if (!s) return NULL;
    p = (char *)malloc(strlen(s) + 1);
    if (!p) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    strcpy(p, s);
    return p;
}

void hf_fl_format_size(int64_t size, int human, char out[32]) {
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = (double)size;
    size_t u;
    if (!human) { snprintf(out, 32, "%lld", (long long)size); return; }
    if (size < 1000) { snprintf(out, 32, "%lld B", (long long)size); return; }
    for (u = 0; u < 5; u++) {
        if (v < 1000) { snprintf(out, 32, "%.1f %s", v, units[u]); return; }
        v /= 1000;
    }
    snprintf(out, 32, "%.1f PB", v);
}

void hf_fl_format_date(const char *ts, int human, char out[32]) {
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int mon;
    out[0] = 0;
    if (!ts || strlen(ts) < 19 || ts[4] != '-' || ts[7] != '-' || ts[10] != 'T' || ts[13] != ':' || ts[16] != ':') return;
    mon = (ts[5] - '0') * 10 + (ts[6] - '0');
    if (!human) snprintf(out, 32, "%.10s %.8s", ts, ts + 11);
    else if (mon >= 1 && mon <= 12) snprintf(out, 32, "%s %.2s %.5s", months[mon - 1], ts + 8, ts + 11);
}

/* RepoFile / RepoFolder as dataclasses.asdict: path, size, blob_id, lfs, xet_hash, last_commit,
 * security (files); path, tree_id, last_commit (folders). Nulls are dropped when printed. */
static void hf_fl_json_item(hf_s_sb *b, const hfhub_repo_entry *e) {
    char num[64], iso[40];
    const hfhub_json_value *sec = hfhub_json_get(e->json, "securityFileStatus");
    const char *status = hfhub_json_str(hfhub_json_get(sec, "status"), NULL);
    hf_s_sb_puts(b, "{");
    hf_s_sb_kv(b, "path", e->path);
    if (e->is_file) {
        snprintf(num, sizeof num, "%lld", (long long)(e->size < 0 ? 0 : e->size));
        hf_s_sb_kraw(b, "size", num);
        hf_s_sb_kv(b, "blob_id", e->oid);
        if (!e->lfs) hf_s_sb_kraw(b, "lfs", "null");
        else { /* BlobLfsInfo(size, sha256, pointer_size) */
            hf_s_sb_kraw(b, "lfs", "{");
            snprintf(num, sizeof num, "%llu", (unsigned long long)e->lfs->size);
            hf_s_sb_kraw(b, "size", num);
            hf_s_sb_kv(b, "sha256", e->lfs->sha256);
            snprintf(num, sizeof num, "%llu", (unsigned long long)e->lfs->pointer_size);
            hf_s_sb_kraw(b, "pointer_size", num);
            hf_s_sb_puts(b, "}");
        }
        hf_s_sb_kv(b, "xet_hash", e->xet_hash);
    } else hf_s_sb_kv(b, "tree_id", e->oid);
    if (!e->last_commit) hf_s_sb_kraw(b, "last_commit", "null");
    else { /* LastCommitInfo(oid, title, date) */
        hf_s_iso(e->last_commit->date, iso);
        hf_s_sb_kraw(b, "last_commit", "{");
        hf_s_sb_kv(b, "oid", e->last_commit->oid);
        hf_s_sb_kv(b, "title", e->last_commit->title);
        hf_s_sb_kv(b, "date", e->last_commit->date ? iso : NULL);
        hf_s_sb_puts(b, "}");
    }
    if (!e->is_file) { hf_s_sb_puts(b, "}"); return; }
    if (hfhub_json_type_of(sec) != HFHUB_JSON_OBJECT) hf_s_sb_kraw(b, "security", "null");
    else { /* BlobSecurityInfo(safe, status, av_scan, pickle_import_scan) */
        hf_s_sb_kraw(b, "security", "{");
        hf_s_sb_kraw(b, "safe", status && !strcmp(status, "safe") ? "true" : "false");
        hf_s_sb_kv(b, "status", status);
        hf_s_sb_kraw(b, "av_scan", "");
        hf_s_sb_json_value(b, hfhub_json_get(sec, "avScan"));
        hf_s_sb_kraw(b, "pickle_import_scan", "");
        hf_s_sb_json_value(b, hfhub_json_get(sec, "pickleImportScan"));
        hf_s_sb_puts(b, "}");
    }
    hf_s_sb_puts(b, "}");
}

static void hf_fl_add(hf_fl_list *l, const hfhub_repo_entry *e) {
    hf_fl_item *it;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        hf_fl_item *ni = (hf_fl_item *)realloc(l->items, nc * sizeof *ni);
        if (!ni) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
        l->items = ni;
        l->cap = nc;
    }
    it = &l->items[l->n++];
    it->path = hf_fl_dup(e->path);
    it->date = e->last_commit ? hf_fl_dup(e->last_commit->date) : NULL;
    it->is_file = e->is_file;
    it->size = e->size < 0 ? 0 : e->size;
    hf_s_sb_puts(&l->json, l->n > 1 ? ", " : "[");
    hf_fl_json_item(&l->json, e);
}

static void hf_fl_free(hf_fl_list *l) {
    size_t i;
    for (i = 0; i < l->n; i++) free(l->items[i].path), free(l->items[i].date);
    free(l->items);
    free(l->json.p);
}

/* ---- the tree view ---------------------------------------------------------------------------- */

typedef struct hf_fl_node {
    char *name;
    const hf_fl_item *item;        /* a file; NULL: a folder */
    struct hf_fl_node **kids;
    size_t n_kids, cap_kids;
} hf_fl_node;

static hf_fl_node *hf_fl_child(hf_fl_node *parent, const char *name, size_t len, int create) {
    size_t i;
    hf_fl_node *k;
    for (i = 0; i < parent->n_kids; i++)
        if (strlen(parent->kids[i]->name) == len && !memcmp(parent->kids[i]->name, name, len)) return parent->kids[i];
    if (!create) return NULL;
    if (parent->n_kids == parent->cap_kids) {
        size_t nc = parent->cap_kids ? parent->cap_kids * 2 : 8;
        hf_fl_node **nk = (hf_fl_node **)realloc(parent->kids, nc * sizeof *nk);
        if (!nk) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
        parent->kids = nk;
        parent->cap_kids = nc;
    }
    k = (hf_fl_node *)calloc(1, sizeof *k);
    if (!k || !(k->name = (char *)malloc(len + 1))) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    memcpy(k->name, name, len);
    k->name[len] = 0;
    parent->kids[parent->n_kids++] = k;
    return k;
}

/* Python's build_tree insertion: folders along the path, then the last part as a folder or a file. */
static void hf_fl_insert(hf_fl_node *root, const hf_fl_item *it) {
    const char *p = it->path, *slash;
    hf_fl_node *cur = root, *leaf;
    while ((slash = strchr(p, '/')) != NULL) {
        cur = hf_fl_child(cur, p, (size_t)(slash - p), 1);
        cur->item = NULL;
        p = slash + 1;
    }
    leaf = hf_fl_child(cur, p, strlen(p), 1);
    if (it->is_file) leaf->item = it;
}

static int hf_fl_cmp(const void *a, const void *b) {
    return strcmp((*(hf_fl_node *const *)a)->name, (*(hf_fl_node *const *)b)->name);
}

typedef struct hf_fl_tree_fmt {
    int human;
    size_t prefix_width, size_width;
} hf_fl_tree_fmt;

static void hf_fl_render(hf_fl_node *node, const char *indent, const hf_fl_tree_fmt *f) {
    size_t i, il = strlen(indent);
    qsort(node->kids, node->n_kids, sizeof *node->kids, hf_fl_cmp);
    for (i = 0; i < node->n_kids; i++) {
        hf_fl_node *k = node->kids[i];
        int last = i + 1 == node->n_kids, is_dir = k->item == NULL;
        if (f->prefix_width) {
            if (is_dir) printf("%*s", (int)f->prefix_width, "");
            else {
                char size[32], date[32];
                hf_fl_format_size(k->item->size, f->human, size);
                hf_fl_format_date(k->item->date, f->human, date);
                printf("%*s  %s", (int)f->size_width, size, date);
            }
            fputs("  ", stdout);
        }
        printf("%s%s%s%s\n", indent, last ? "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 " : "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 ",
               k->name, is_dir ? "/" : "");
        if (k->n_kids) {
            char *sub = (char *)malloc(il + 8);
            if (!sub) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
            memcpy(sub, indent, il);
            strcpy(sub + il, last ? "    " : "\xe2\x94\x82   ");
            hf_fl_render(k, sub, f);
            free(sub);
        }
    }
}

static void hf_fl_node_free(hf_fl_node *n) {
    size_t i;
    for (i = 0; i < n->n_kids; i++) hf_fl_node_free(n->kids[i]), free(n->kids[i]);
    free(n->kids);
    free(n->name);
}

static void hf_fl_print_tree(const hf_fl_list *l, int human, int quiet) {
    hf_fl_node root;
    hf_fl_tree_fmt f;
    size_t i, date_width = 0;
    memset(&root, 0, sizeof root);
    memset(&f, 0, sizeof f);
    f.human = human;
    for (i = 0; i < l->n; i++) hf_fl_insert(&root, &l->items[i]);
    for (i = 0; !quiet && i < l->n; i++) {
        char size[32], date[32];
        if (!l->items[i].is_file) continue;
        hf_fl_format_size(l->items[i].size, human, size);
        hf_fl_format_date(l->items[i].date, human, date);
        if (strlen(size) > f.size_width) f.size_width = strlen(size);
        if (strlen(date) > date_width) date_width = strlen(date);
    }
    if (f.size_width) f.prefix_width = f.size_width + 2 + date_width;
    hf_fl_render(&root, "", &f);
    hf_fl_node_free(&root);
}

/* ---- the listing ------------------------------------------------------------------------------ */

static void hf_fl_print_flat(const hf_fl_list *l, int human) {
    size_t i;
    for (i = 0; i < l->n; i++) {
        const hf_fl_item *it = &l->items[i];
        char size[32], date[32];
        hf_fl_format_date(it->date, human, date);
        if (it->is_file) hf_fl_format_size(it->size, human, size);
        else size[0] = 0;
        printf("%12s  %19s  %s%s\n", size, date, it->path, it->is_file ? "" : "/");
    }
}

int hf_list_repo_files_cmd(hfhub_client *c, const hf_out *o, const char *repo_id, const hf_file_listing_opts *opts) {
    hfhub_repo_read_opts ro;
    hfhub_iter *it = NULL;
    const hfhub_repo_entry *e;
    hf_fl_list l;
    hfhub_result r;
    size_t i;
    int has_dirs = 0;
    if (opts->as_tree && o->mode == HF_OUT_JSON) {
        fprintf(stderr, "Error: Invalid value: Cannot use --tree with --format json.\n");
        return 2;
    }
    memset(&ro, 0, sizeof ro);
    memset(&l, 0, sizeof l);
    ro.repo_type = opts->repo_type;
    ro.revision = opts->revision;
    ro.api.token = opts->token;
    r = hfhub_list_repo_tree(c, repo_id, NULL, opts->recursive, 1, &ro, &it);
    while (!r && (r = hfhub_iter_next_entry(it, &e)) == HFHUB_OK && e) hf_fl_add(&l, e);
    hfhub_iter_free(it);
    if (r) {
        hf_fl_free(&l);
        return hf_s_fail(o);
    }
    for (i = 0; i < l.n; i++) has_dirs |= !l.items[i].is_file;
    if (!l.n) hf_out_text(o, "(empty)", 0);
    else if (opts->as_tree) hf_fl_print_tree(&l, opts->human_readable, o->mode == HF_OUT_QUIET);
    else if (o->mode == HF_OUT_JSON) {
        hf_s_sb_puts(&l.json, "]");
        hf_s_json_print_text(l.json.p, 1, NULL);
    } else if (o->mode == HF_OUT_QUIET) {
        for (i = 0; i < l.n; i++) printf("%s%s\n", l.items[i].path, l.items[i].is_file ? "" : "/");
    } else hf_fl_print_flat(&l, opts->human_readable);
    if (l.n && !opts->recursive && has_dirs) hf_out_hint(o, "Use -R to list files recursively.");
    hf_fl_free(&l);
    return 0;
}
