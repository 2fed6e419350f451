/* cmd_browse.c: `hf models|datasets|spaces list|ls|info`, as Python's: `ls` lists repos
 * (--search --author --filter --sort --limit (30) --expand, models also --num-parameters) in
 * the output formats of output.h with the columns of Python's table (the dataclass fields
 * that have a value, in ModelInfo's order); given a REPO_ID it lists the repo's files
 * (-R/--recursive, --revision); --format json prints each item's whole dict (info_dict.h).
 * `info REPO_ID [--revision] [--expand]` prints the info's dict (info_dict.h). Unknown sub-commands are usage errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#include "info_dict.h"
#include "file_listing.h"

#define HF_BROWSE_MAX 64        /* filters / expand values */
#define HF_BROWSE_DEFAULT_LIMIT 30

typedef struct hf_browse_args {
    const char *kind;           /* "model", "dataset", "space" */
    const char *repo_id, *search, *author, *sort, *num_parameters, *revision, *token;
    const char *filter[HF_BROWSE_MAX];
    size_t n_filter;
    char *expand_buf;
    const char *expand[HF_BROWSE_MAX];
    size_t n_expand;
    long limit;
    int limit_set, recursive, human_readable, as_tree;
    const char *ls_only;        /* the first option `info` does not take */
    int is_ls;
    hf_out out;
} hf_browse_args;

static int hf_browse_usage(const char *kind, FILE *f) {
    fprintf(f, "usage: hf %ss list|ls [REPO_ID] [--search S] [--author A] [--filter F]... [--sort KEY] [--limit N]\n"
               "                 [--expand P1,P2] [-R/--recursive] [-h/--human-readable] [--tree] [--revision R]\n"
               "                 [--token T] [--format FMT]\n"
               "       hf %ss info REPO_ID [--revision R] [--expand P1,P2] [--token T]\n", kind, kind);
    return f == stderr ? 2 : 0;
}


/* "a,b, c" -> expand[] (points into a copy). */
static int hf_browse_expand(hf_browse_args *a, const char *v) {
    char *p, *tok;
    free(a->expand_buf);
    a->expand_buf = (char *)malloc(strlen(v) + 1);
    if (!a->expand_buf) return -1;
    strcpy(a->expand_buf, v);
    a->n_expand = 0;
    for (p = a->expand_buf; (tok = strtok(p, ",")) != NULL; p = NULL) {
        while (*tok == ' ') tok++;
        if (*tok && a->n_expand < HF_BROWSE_MAX) a->expand[a->n_expand++] = tok;
    }
    return 0;
}

/* The options of `ls` that `info` does not take (--num-parameters: models only). */
static int hf_browse_ls_only(const char *kind, const char *s) {
    static const char *const names[] = {"--search", "--author", "--filter", "--sort", "--limit", "-R", "--recursive",
                                        "-h", "--human-readable", "--tree", "--num-parameters"};
    size_t i, n;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        n = strlen(names[i]);
        if (!strncmp(s, names[i], n) && (s[n] == 0 || s[n] == '=')) return i + 1 < sizeof names / sizeof names[0] || !strcmp(kind, "model");
    }
    return 0;
}

static int hf_browse_parse(int argc, char **argv, hf_browse_args *a) {
    int i;
    const char *v;
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        int flag;
        if (!strcmp(s, "--help") || (!a->is_ls && !strcmp(s, "-h"))) return 1;
        if ((flag = hf_out_flag(&a->out, argc, argv, &i)) != 0) {
            if (flag < 0) return 2;
            continue;
        }
        if (!a->ls_only && hf_browse_ls_only(a->kind, s)) a->ls_only = s;
        if ((v = hf_opt(argc, argv, &i, "--search"))) a->search = v;
        else if ((v = hf_opt(argc, argv, &i, "--author"))) a->author = v;
        else if ((v = hf_opt(argc, argv, &i, "--sort"))) a->sort = v;
        else if (!strcmp(a->kind, "model") && (v = hf_opt(argc, argv, &i, "--num-parameters"))) a->num_parameters = v;
        else if ((v = hf_opt(argc, argv, &i, "--revision"))) a->revision = v;
        else if ((v = hf_opt(argc, argv, &i, "--token"))) a->token = v;
        else if ((v = hf_opt(argc, argv, &i, "--filter"))) {
            if (a->n_filter < HF_BROWSE_MAX) a->filter[a->n_filter++] = v;
        } else if ((v = hf_opt(argc, argv, &i, "--limit"))) {
            char *end;
            a->limit = strtol(v, &end, 10);
            a->limit_set = 1;
            if (*end || a->limit < 0) { fprintf(stderr, "Error: Invalid value for '--limit': '%s' is not a valid integer.\n", v); return 2; }
        } else if ((v = hf_opt(argc, argv, &i, "--expand"))) {
            if (hf_browse_expand(a, v)) return 2;
        } else if (!strcmp(s, "-R") || !strcmp(s, "--recursive")) a->recursive = 1;
        else if (!strcmp(s, "-h") || !strcmp(s, "--human-readable")) a->human_readable = 1;
        else if (!strcmp(s, "--tree")) a->as_tree = 1;
        else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "Error: No such option: %s\n", s);
            return 2;
        } else if (!a->repo_id) a->repo_id = s;
        else {
            fprintf(stderr, "Error: Got unexpected extra argument (%s)\n", s);
            return 2;
        }
    }
    return 0;
}

/* "2024-01-01T00:00:00.000Z" -> Python's datetime.isoformat(): "2024-01-01T00:00:00+00:00". */
static const char *hf_browse_iso(const char *s, char out[48]) {
    size_t n;
    if (!s) return NULL;
    n = strlen(s);
    if (n < 20 || n > 30 || s[n - 1] != 'Z') return s;
    if (n == 24 && s[19] == '.' && !strncmp(s + 20, "000", 3)) snprintf(out, 48, "%.19s+00:00", s);
    else if (n == 24 && s[19] == '.') snprintf(out, 48, "%.23s000+00:00", s);
    else if (n == 20) snprintf(out, 48, "%.19s+00:00", s);
    else return s;
    return out;
}

static char *hf_browse_dup(const char *s) {
    char *p;
    if (!s) return NULL;
    p = (char *)malloc(strlen(s) + 1);
    if (p) strcpy(p, s);
    return p;
}

/* The table's columns: the scalar fields of Python's ModelInfo/DatasetInfo/SpaceInfo, in
 * their dataclass order. */
enum { HF_B_ID, HF_B_AUTHOR, HF_B_SHA, HF_B_CREATED, HF_B_MODIFIED, HF_B_PRIVATE, HF_B_DISABLED, HF_B_DOWNLOADS,
       HF_B_GATED, HF_B_LIKES, HF_B_LIBRARY, HF_B_TAGS, HF_B_PIPELINE, HF_B_SDK, HF_B_TRENDING, HF_B_NKEYS };
static const char *const hf_browse_keys[HF_B_NKEYS] = {
    "id", "author", "sha", "created_at", "last_modified", "private", "disabled", "downloads", "gated", "likes",
    "library_name", "tags", "pipeline_tag", "sdk", "trending_score"};

typedef struct hf_browse_rows {
    hf_val *cells;
    int *present;               /* per cell: the value is truthy (Python shows a column when a row's is) */
    int first_keys[HF_B_NKEYS]; /* the fields the first item has (not None): the columns' candidates */
    char **strings;             /* owned copies */
    size_t n_rows, n_strings, cap_rows, cap_strings;
} hf_browse_rows;

static const char *hf_browse_keep(hf_browse_rows *t, const char *s) {
    char *d;
    if (!s) return NULL;
    if (t->n_strings == t->cap_strings) {
        size_t nc = t->cap_strings ? t->cap_strings * 2 : 256;
        char **ns = (char **)realloc(t->strings, nc * sizeof *ns);
        if (!ns) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
        t->strings = ns;
        t->cap_strings = nc;
    }
    d = hf_browse_dup(s);
    if (!d) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    t->strings[t->n_strings++] = d;
    return d;
}

static void hf_browse_set(hf_browse_rows *t, size_t col, hf_val v, int present) {
    t->cells[t->n_rows * HF_B_NKEYS + col] = v;
    t->present[t->n_rows * HF_B_NKEYS + col] = present;
}

/* The dataclass fields of m that are not None: Python's table takes its columns from the first
 * item's dict (api_object_to_dict drops the None fields). */
static void hf_browse_first_keys(int *k, const hfhub_info *m) {
    k[HF_B_ID] = 1;
    k[HF_B_AUTHOR] = m->author != NULL;
    k[HF_B_SHA] = m->sha != NULL;
    k[HF_B_CREATED] = m->created_at != NULL;
    k[HF_B_MODIFIED] = m->last_modified != NULL;
    k[HF_B_PRIVATE] = m->is_private >= 0;
    k[HF_B_DISABLED] = m->disabled >= 0;
    k[HF_B_DOWNLOADS] = m->downloads >= 0;
    k[HF_B_GATED] = hfhub_json_type_of(hfhub_json_get(m->json, "gated")) > HFHUB_JSON_NULL;
    k[HF_B_LIKES] = m->likes >= 0;
    k[HF_B_LIBRARY] = m->library_name != NULL;
    k[HF_B_TAGS] = hfhub_json_type_of(hfhub_json_get(m->json, "tags")) > HFHUB_JSON_NULL;
    k[HF_B_PIPELINE] = m->pipeline_tag != NULL;
    k[HF_B_SDK] = m->sdk != NULL;
    k[HF_B_TRENDING] = m->trending_score >= 0;
}

static void hf_browse_add(hf_browse_rows *t, const hfhub_info *m) {
    char iso[48];
    const char **tags;
    size_t i;
    if (t->n_rows == t->cap_rows) {
        size_t nc = t->cap_rows ? t->cap_rows * 2 : 32;
        hf_val *c = (hf_val *)realloc(t->cells, nc * HF_B_NKEYS * sizeof *c);
        int *p = c ? (int *)realloc(t->present, nc * HF_B_NKEYS * sizeof *p) : NULL;
        if (!c || !p) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
        t->cells = c;
        t->present = p;
        t->cap_rows = nc;
    }
    if (!t->n_rows) hf_browse_first_keys(t->first_keys, m);
    hf_browse_set(t, HF_B_ID, hf_str(hf_browse_keep(t, m->id)), 1);
    hf_browse_set(t, HF_B_AUTHOR, hf_str(hf_browse_keep(t, m->author)), m->author && *m->author);
    hf_browse_set(t, HF_B_SHA, hf_str(hf_browse_keep(t, m->sha)), m->sha && *m->sha);
    hf_browse_set(t, HF_B_CREATED, hf_str(hf_browse_keep(t, hf_browse_iso(m->created_at, iso))), m->created_at && *m->created_at);
    hf_browse_set(t, HF_B_MODIFIED, hf_str(hf_browse_keep(t, hf_browse_iso(m->last_modified, iso))), m->last_modified && *m->last_modified);
    hf_browse_set(t, HF_B_PRIVATE, hf_bool(m->is_private == 1), m->is_private == 1);
    hf_browse_set(t, HF_B_DISABLED, hf_bool(m->disabled == 1), m->disabled == 1);
    hf_browse_set(t, HF_B_DOWNLOADS, hf_int(m->downloads), m->downloads > 0);
    hf_browse_set(t, HF_B_GATED, m->gated ? hf_str(hf_browse_keep(t, m->gated)) : hf_bool(0),
                  m->gated && *m->gated);
    hf_browse_set(t, HF_B_LIKES, hf_int(m->likes), m->likes > 0);
    hf_browse_set(t, HF_B_LIBRARY, hf_str(hf_browse_keep(t, m->library_name)), m->library_name && *m->library_name);
    tags = m->n_tags ? (const char **)malloc(m->n_tags * sizeof *tags) : NULL;
    for (i = 0; tags && i < m->n_tags; i++) tags[i] = hf_browse_keep(t, m->tags[i]);
    hf_browse_set(t, HF_B_TAGS, hf_list(tags, tags ? m->n_tags : 0), m->n_tags > 0);
    hf_browse_set(t, HF_B_PIPELINE, hf_str(hf_browse_keep(t, m->pipeline_tag)), m->pipeline_tag && *m->pipeline_tag);
    hf_browse_set(t, HF_B_SDK, hf_str(hf_browse_keep(t, m->sdk)), m->sdk && *m->sdk);
    hf_browse_set(t, HF_B_TRENDING, hf_int(m->trending_score), m->trending_score > 0);
    t->n_rows++;
}

static void hf_browse_rows_free(hf_browse_rows *t) {
    size_t i;
    for (i = 0; i < t->n_rows; i++)
        if (t->cells[i * HF_B_NKEYS + HF_B_TAGS].list) free((void *)t->cells[i * HF_B_NKEYS + HF_B_TAGS].list);
    for (i = 0; i < t->n_strings; i++) free(t->strings[i]);
    free(t->strings);
    free(t->cells);
    free(t->present);
}

static void hf_browse_print(const hf_out *o, hf_browse_rows *t) {
    size_t headers[HF_B_NKEYS], nh = 0, k, r;
    hf_table tb;
    for (k = 0; k < HF_B_NKEYS; k++) { /* items[0]'s keys with any(item.get(col) for item in items) */
        int any = 0;
        if (!t->first_keys[k]) continue;
        for (r = 0; r < t->n_rows && !any; r++) any = t->present[r * HF_B_NKEYS + k];
        if (any) headers[nh++] = k;
    }
    memset(&tb, 0, sizeof tb);
    tb.keys = hf_browse_keys;
    tb.n_keys = HF_B_NKEYS;
    tb.headers = headers;
    tb.n_headers = nh;
    tb.id_col = HF_B_ID;
    tb.right_col = -1;
    tb.cells = t->cells;
    tb.n_rows = t->n_rows;
    hf_out_table(o, &tb);
}

static int hf_browse_fail(const hf_out *o, hfhub_result r) { return hf_repo_report_error(o, r); }

static int hf_browse_list_repos(hfhub_client *c, const hf_browse_args *a) {
    hfhub_list_repos_opts o;
    hfhub_iter *it = NULL;
    const hfhub_info *m;
    hf_browse_rows rows;
    hf_s_sb js = {NULL, 0, 0};
    hfhub_result r;
    memset(&o, 0, sizeof o);
    memset(&rows, 0, sizeof rows);
    o.search = a->search;
    o.author = a->author;
    o.filter = a->filter;
    o.n_filter = a->n_filter;
    o.sort = a->sort;
    o.num_parameters = a->num_parameters;
    o.limit = (uint64_t)(a->limit_set ? a->limit : HF_BROWSE_DEFAULT_LIMIT);
    o.expand = a->expand;
    o.n_expand = a->n_expand;
    o.api.token = a->token;
    if (!strcmp(a->kind, "model")) r = hfhub_list_models(c, &o, &it);
    else if (!strcmp(a->kind, "dataset")) r = hfhub_list_datasets(c, &o, &it);
    else r = hfhub_list_spaces(c, &o, &it);
    while (!r && (r = hfhub_iter_next_repo(it, &m)) == HFHUB_OK && m) {
        if (a->out.mode != HF_OUT_JSON) hf_browse_add(&rows, m);
        else { /* json: every item's whole dict, like json.dumps(list(items)) */
            hf_s_sb_puts(&js, hfhub_iter_count(it) > 1 ? ", " : "[");
            hf_info_dict(&js, m);
        }
    }
    hfhub_iter_free(it);
    if (!r && a->out.mode == HF_OUT_JSON && js.p) {
        hf_s_sb_puts(&js, "]");
        hf_s_json_print_text(js.p, 0, NULL);
    } else if (!r) hf_browse_print(&a->out, &rows);
    free(js.p);
    hf_browse_rows_free(&rows);
    return r ? hf_browse_fail(&a->out, r) : 0;
}

static int hf_browse_info(hfhub_client *c, const hf_browse_args *a) {
    hfhub_info_opts o;
    hfhub_info *m = NULL;
    hfhub_result r;
    char msg[512];
    memset(&o, 0, sizeof o);
    o.repo_type = a->kind;
    o.revision = a->revision;
    o.expand = a->expand;
    o.n_expand = a->n_expand;
    o.api.token = a->token;
    r = hfhub_repo_info(c, a->repo_id, &o, &m);
    if (r == HFHUB_ERR_REPO_NOT_FOUND || r == HFHUB_ERR_REVISION_NOT_FOUND) {
        if (r == HFHUB_ERR_REPO_NOT_FOUND) snprintf(msg, sizeof msg, "%c%s '%s' not found.", a->kind[0] - 32, a->kind + 1, a->repo_id);
        else snprintf(msg, sizeof msg, "Revision '%s' not found on '%s'.", a->revision ? a->revision : "", a->repo_id);
        hf_out_error(&a->out, msg);
        return 1;
    }
    if (r) return hf_browse_fail(&a->out, r);
    hf_info_dict_print(&a->out, m);
    hfhub_api_free(m);
    return 0;
}

/* Python's checks, in its order: the repo-listing options are refused when listing a repo's
 * files (--limit only when not the default), the file-listing ones when listing repos. */
static int hf_browse_check_ls(const hf_browse_args *a) {
    const char *bad = NULL;
    if (a->repo_id) {
        if (a->search) bad = "--search";
        else if (a->author) bad = "--author";
        else if (a->n_filter) bad = "--filter";
        else if (a->num_parameters) bad = "--num-parameters";
        else if (a->sort) bad = "--sort";
        else if (a->limit_set && a->limit != HF_BROWSE_DEFAULT_LIMIT) bad = "--limit";
        else if (a->n_expand) bad = "--expand";
        if (bad) fprintf(stderr, "Error: Invalid value: Cannot use %s when listing files.\n", bad);
    } else {
        if (a->as_tree) bad = "--tree";
        else if (a->recursive) bad = "--recursive";
        else if (a->human_readable) bad = "--human-readable";
        else if (a->revision) bad = "--revision";
        if (bad) fprintf(stderr, "Error: Invalid value: Cannot use %s when listing %ss.\n", bad, a->kind);
    }
    return bad ? 2 : 0;
}

static int hf_browse(const char *kind, int argc, char **argv) {
    hf_browse_args a;
    hfhub_client *c;
    const char *sub = argc > 0 ? argv[0] : NULL;
    int rc, is_ls;
    if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) return hf_browse_usage(kind, sub ? stdout : stderr);
    is_ls = !strcmp(sub, "ls") || !strcmp(sub, "list");
    if (!is_ls && strcmp(sub, "info")) {
        fprintf(stderr, "Error: No such command '%s'.\n", sub);
        return hf_browse_usage(kind, stderr);
    }
    memset(&a, 0, sizeof a);
    a.kind = kind;
    a.is_ls = is_ls;
    rc = hf_browse_parse(argc - 1, argv + 1, &a);
    if (rc == 1) { free(a.expand_buf); return hf_browse_usage(kind, stdout); }
    if (!rc && !is_ls && !a.repo_id) { fprintf(stderr, "Error: Missing argument 'REPO_ID'.\n"); rc = 2; }
    if (!rc && !is_ls && a.ls_only) { fprintf(stderr, "Error: No such option: %s\n", a.ls_only); rc = 2; }
    if (!rc && is_ls) rc = hf_browse_check_ls(&a);
    if (rc) { free(a.expand_buf); return rc; }
    if (!(c = hf_client())) { free(a.expand_buf); return 1; }
    if (!is_ls) rc = hf_browse_info(c, &a);
    else if (a.repo_id) {
        hf_file_listing_opts fo;
        memset(&fo, 0, sizeof fo);
        fo.repo_type = kind;
        fo.revision = a.revision;
        fo.token = a.token;
        fo.human_readable = a.human_readable;
        fo.as_tree = a.as_tree;
        fo.recursive = a.recursive;
        rc = hf_list_repo_files_cmd(c, &a.out, a.repo_id, &fo);
    }
    else rc = hf_browse_list_repos(c, &a);
    hfhub_client_free(c);
    free(a.expand_buf);
    return rc;
}

int cmd_models(int argc, char **argv) { return hf_browse("model", argc, argv); }
int cmd_datasets(int argc, char **argv) { return hf_browse("dataset", argc, argv); }
/* `hf spaces list|ls|info` browse; every other subcommand operates on one Space. */
int cmd_spaces(int argc, char **argv) {
    if (argc > 0 && strcmp(argv[0], "list") && strcmp(argv[0], "ls") && strcmp(argv[0], "info") &&
        strcmp(argv[0], "--help") && strcmp(argv[0], "-h"))
        return cmd_spaces_ops(argc, argv);
    return hf_browse("space", argc, argv);
}
