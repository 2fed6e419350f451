/* cmd_buckets.c: `hf buckets create|delete|info|list`, with the flags and outputs of Python's
 * `hf buckets` (out.result, out.dict, out.table, out.confirm). Bucket ids may be written
 * hf://buckets/namespace/name. Listing the files of a bucket (list NAMESPACE/NAME) and
 * move/remove/cp/sync are not implemented here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#include "social_cli.h"

#define HF_BKT_PREFIX "hf://buckets/"

static int hf_bkt_usage(FILE *f) {
    fprintf(f, "usage: hf buckets <command> [<args>]\n\n"
               "Commands to interact with buckets.\n\n"
               "commands:\n"
               "  create BUCKET_ID [--private] [--exist-ok]\n"
               "  delete BUCKET_ID [-y/--yes] [--missing-ok]\n"
               "  info BUCKET_ID\n"
               "  list (ls) [NAMESPACE] [--search S] [-h/--human-readable]\n"
               "common options: [--token T] [--format human|agent|json|quiet]\n");
    return f == stderr ? 2 : 0;
}

/* The id without hf://buckets/; a trailing path is refused (as Python's BadParameter). */
/* A library failure as Python's `hf` prints it; a missing bucket is Python's BucketNotFoundError
 * (the library reports it as HFHUB_ERR_REPO_NOT_FOUND, as RepositoryNotFoundError is its base). */
static int hf_bkt_fail(const hf_out *o) {
    if (hfhub_last_error()->result != HFHUB_ERR_REPO_NOT_FOUND) return hf_s_fail(o);
    hf_out_error(o, "Bucket not found. Check the bucket id (namespace/name). If the bucket is private, make sure you are authenticated.");
    hf_out_hint(o, "set HF_DEBUG=1 as environment variable for full traceback.");
    return 1;
}

static const char *hf_bkt_id(const char *arg, const char *what) {
    const char *id = strncmp(arg, HF_BKT_PREFIX, strlen(HF_BKT_PREFIX)) ? arg : arg + strlen(HF_BKT_PREFIX);
    const char *slash = strchr(id, '/');
    if (id != arg && slash && strchr(slash + 1, '/')) {
        fprintf(stderr, "Error: Invalid value: Cannot specify a prefix for bucket %s: %s. Use namespace/bucket_name or "
                        HF_BKT_PREFIX "namespace/bucket_name.\n", what, arg);
        return NULL;
    }
    return id;
}

static int hf_bkt_create(hfhub_client *c, const hf_s_args *a, const char *id) {
    static const char *const keys[] = {"uri", "url"};
    hfhub_create_bucket_opts o;
    char *url = NULL, uri[512];
    hf_val vals[2];
    const char *slash;
    memset(&o, 0, sizeof o);
    o.is_private = hf_s_has(a, "--private") ? HFHUB_ON : 0;
    o.exist_ok = hf_s_has(a, "--exist-ok");
    o.token = a->token;
    if (hfhub_create_bucket(c, id, &o, &url)) return hf_bkt_fail(&a->out);
    /* BucketUrl.handle: hf://buckets/{namespace/name} parsed from the URL */
    slash = strstr(url, "/buckets/");
    snprintf(uri, sizeof uri, HF_BKT_PREFIX "%s", slash ? slash + 9 : id);
    vals[0] = hf_str(uri);
    vals[1] = hf_str(url);
    hf_out_result(&a->out, "Bucket created", keys, vals, 2);
    hfhub_free(c, url);
    return 0;
}

static int hf_bkt_delete(hfhub_client *c, const hf_s_args *a, const char *id) {
    static const char *const keys[] = {"bucket_id"};
    char msg[600];
    hf_val v;
    if (!strchr(id, '/')) {
        fprintf(stderr, "Error: Invalid value: Invalid bucket ID: %s. Must be in format namespace/bucket_name or "
                        HF_BKT_PREFIX "namespace/bucket_name.\n", id);
        return 2;
    }
    snprintf(msg, sizeof msg, "Are you sure you want to delete bucket '%s'?", id);
    if (!hf_s_has(a, "--yes|-y") && !hf_confirm(msg)) return 1;
    if (hfhub_delete_bucket(c, id, hf_s_has(a, "--missing-ok"), a->token)) return hf_bkt_fail(&a->out);
    v = hf_str(id);
    hf_out_result(&a->out, "Bucket deleted", keys, &v, 1);
    return 0;
}

/* BucketInfo as out.dict prints a dataclass: id, private, created_at (isoformat), size, total_files. */
static int hf_bkt_info(hfhub_client *c, const hf_s_args *a, const char *id) {
    hfhub_bucket *b = NULL;
    hf_s_sb sb = {NULL, 0, 0};
    char iso[40], num[32];
    if (hfhub_bucket_info(c, id, a->token, &b)) return hf_bkt_fail(&a->out);
    hf_s_iso(b->created_at ? b->created_at : "", iso);
    hf_s_sb_puts(&sb, "{");
    hf_s_sb_kv(&sb, "id", b->id);
    hf_s_sb_kraw(&sb, "private", b->is_private ? "true" : "false");
    hf_s_sb_kv(&sb, "created_at", b->created_at ? iso : NULL);
    snprintf(num, sizeof num, "%llu", (unsigned long long)b->size);
    hf_s_sb_kraw(&sb, "size", num);
    snprintf(num, sizeof num, "%llu", (unsigned long long)b->total_files);
    hf_s_sb_kraw(&sb, "total_files", num);
    hf_s_sb_puts(&sb, "}");
    hf_s_json_print_text(sb.p, a->out.mode == HF_OUT_HUMAN, NULL);
    free(sb.p);
    hfhub_bucket_free(b);
    return 0;
}

static int hf_bkt_list(hfhub_client *c, const hf_s_args *a) {
    static const char *const keys[] = {"id", "private", "size", "total_files", "created_at"};
    static const size_t headers[] = {0, 1, 2, 3, 4};
    const char *ns = a->npos ? a->pos[0] : NULL;
    int human = hf_s_has(a, "--human-readable");
    hfhub_bucket_list *l = NULL;
    hf_val *cells;
    char (*text)[2][40];
    hf_table t;
    size_t i;
    if (ns && !strncmp(ns, HF_BKT_PREFIX, strlen(HF_BKT_PREFIX))) ns += strlen(HF_BKT_PREFIX);
    if (ns && strchr(ns, '/') && strchr(ns, '/')[1]) {
        fprintf(stderr, "Error: listing the files of a bucket is not supported by this hf\n");
        return 2;
    }
    if (hfhub_list_buckets(c, ns, hf_s_get(a, "--search"), a->token, &l)) return hf_bkt_fail(&a->out);
    cells = (hf_val *)calloc(l->n * 5 + 1, sizeof *cells);
    text = (char (*)[2][40])calloc(l->n + 1, sizeof *text);
    for (i = 0; cells && text && i < l->n; i++) {
        const hfhub_bucket *b = &l->items[i];
        hf_s_iso(b->created_at ? b->created_at : "", text[i][1]);
        if (human) hf_format_size(b->size, text[i][0]);
        cells[i * 5 + 0] = hf_str(b->id);
        cells[i * 5 + 1] = hf_bool(b->is_private);
        cells[i * 5 + 2] = human ? hf_str(text[i][0]) : hf_int((long long)b->size);
        cells[i * 5 + 3] = hf_int((long long)b->total_files);
        cells[i * 5 + 4] = b->created_at ? hf_str(text[i][1]) : hf_none();
    }
    if (cells && text) {
        memset(&t, 0, sizeof t);
        t.keys = keys;
        t.n_keys = 5;
        t.headers = headers;
        t.n_headers = 5;
        t.right_col = 2;
        t.cells = cells;
        t.n_rows = l->n;
        hf_out_table(&a->out, &t);
    }
    free(text);
    free(cells);
    hfhub_bucket_list_free(l);
    return 0;
}

int cmd_buckets(int argc, char **argv) {
    static const char *const valued[] = {"--search", NULL};
    static const char *const flags[] = {"--private", "--exist-ok", "--yes", "-y", "--missing-ok", "--human-readable",
                                        NULL};
    static const char *const subs[] = {"create", "delete", "info", "list", "ls", NULL};
    const char *const *s;
    const char *id = NULL;
    hfhub_client *c;
    hf_s_args a;
    int rc, listing;
    if (argc < 1) return hf_bkt_usage(stderr);
    if (!strcmp(argv[0], "--help")) return hf_bkt_usage(stdout);
    for (s = subs; *s && strcmp(*s, argv[0]); s++) {}
    if (!*s) {
        fprintf(stderr, "Error: No such command '%s'.\n", argv[0]);
        return 2;
    }
    listing = !strcmp(argv[0], "list") || !strcmp(argv[0], "ls");
    for (rc = 1; listing && rc < argc; rc++)   /* `list -h` is --human-readable, as in Python */
        if (!strcmp(argv[rc], "-h")) argv[rc] = (char *)"--human-readable";
    if ((rc = hf_s_parse("buckets", argc - 1, argv + 1, valued, flags, &a)) != 0) return rc == 1 ? hf_bkt_usage(stdout) : rc;
    if (!listing && a.npos != 1) return hf_s_usage(a.npos ? "Got unexpected extra argument." : "Missing argument 'BUCKET_ID'.");
    if (listing && a.npos > 1) return hf_s_usage("Got unexpected extra argument.");
    if (!listing && !(id = hf_bkt_id(a.pos[0], argv[0]))) return 2;
    if (!(c = hf_s_client(a.token))) return 1;
    if (listing) rc = hf_bkt_list(c, &a);
    else if (!strcmp(argv[0], "create")) rc = hf_bkt_create(c, &a, id);
    else if (!strcmp(argv[0], "delete")) rc = hf_bkt_delete(c, &a, id);
    else rc = hf_bkt_info(c, &a, id);
    hfhub_client_free(c);
    return rc;
}
