/* cmd_cache.c: `hf cache ls|rm|prune|verify`, with the flags, texts and exit codes of
 * Python's `hf cache` (huggingface_hub/cli/cache.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"

/* ---- arguments -------------------------------------------------------------------------------- */

/* "--name VALUE" or "--name=VALUE" at argv[*i]: 1 (value in *val), 0 not this option, -1
 * the value is missing (message printed). */
static int cache_opt(int argc, char **argv, int *i, const char *name, const char **val) {
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n)) return 0;
    if (a[n] == '=') { *val = a + n + 1; return 1; }
    if (a[n]) return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "Error: Option '%s' requires an argument.\n", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

static int cache_usage_error(const char *cmd, const char *msg) {
    fprintf(stderr, "Usage: hf cache %s [OPTIONS]\nTry 'hf cache %s -h' for help.\n\nError: %s\n", cmd, cmd, msg);
    return 2;
}

static int cache_bad_option(const char *cmd, const char *opt) {
    char msg[512];
    snprintf(msg, sizeof msg, "No such option: %s", opt);
    return cache_usage_error(cmd, msg);
}

/* An error from the library as Python's CLI shows it (one line, exit 1). */
static int cache_fail(const hf_out *o) {
    hf_out_error(o, hfhub_last_error()->message);
    return 1;
}

/* scan_cache_dir, with CacheNotFound as Python's CLIError. */
static int cache_scan(const hf_out *o, const char *cache_dir, hfhub_cache_info **info) {
    hfhub_client *c = hf_client();
    hfhub_result r;
    if (!c) return 1;
    r = hfhub_scan_cache_dir(c, cache_dir, info);
    hfhub_client_free(c);
    if (r == HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND) {
        /* "Cache directory not found: <dir>" (the library adds advice Python's CLI drops) */
        char msg[2048];
        const char *m = hfhub_last_error()->message, *cut = strstr(m, ". Please use");
        snprintf(msg, sizeof msg, "%.*s", cut ? (int)(cut - m) : (int)strlen(m), m);
        hf_out_error(o, msg);
        return 1;
    }
    return r == HFHUB_OK ? 0 : cache_fail(o);
}

static void cache_cache_id(const hfhub_cached_repo *r, char *out, size_t cap) {
    snprintf(out, cap, "%s/%s", r->repo_type, r->repo_id);
}

/* ASCII lower-case compare, for Python's .lower() sort keys. */
static int cache_strcasecmp(const char *a, const char *b) {
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y || !x) return x - y;
    }
}

/* ---- `hf cache ls` ---------------------------------------------------------------------------- */

typedef struct cache_entry {
    const hfhub_cached_repo *repo;
    const hfhub_cached_revision *rev;   /* NULL in repo mode */
    const char *const *repo_refs;       /* union of the repo's refs, sorted */
    size_t n_repo_refs;
    char cache_id[512];
    size_t index;                       /* for stable sorts */
} cache_entry;

/* Python's parse_size / parse_duration: an integer optionally followed by a unit. */
static int cache_parse_units(const char *value, int sizes, double *out, char *err, size_t errcap) {
    static const char *const size_units[] = {"k", "m", "g", "t", "p"};
    static const double size_mult[] = {1e3, 1e6, 1e9, 1e12, 1e15};
    static const char *const time_units[] = {"s", "m", "h", "d", "w", "mo", "y"};
    static const double time_mult[] = {1, 60, 3600, 86400, 604800, 2592000, 31536000};
    const char *p = value, *digits;
    char unit[8];
    size_t nu = 0, i;
    double number = 0;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) { snprintf(err, errcap, "Value cannot be empty."); return -1; }
    if (*p == '-' && p[1] >= '0' && p[1] <= '9' && !strpbrk(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
        snprintf(err, errcap, "Value cannot be negative: %s", value);
        return -1;
    }
    for (digits = p; *p >= '0' && *p <= '9'; p++) number = number * 10 + (*p - '0');
    while (((*p | 32) >= 'a' && (*p | 32) <= 'z') && nu < sizeof unit - 1) unit[nu++] = (char)(*p++ | 32);
    unit[nu] = 0;
    while (*p == ' ' || *p == '\t') p++;
    if (p == digits || digits[0] < '0' || digits[0] > '9' || *p) {
        snprintf(err, errcap, "Invalid value '%s'. Must be an integer optionally followed by one of %s.", value,
                 sizes ? "['', 'g', 'k', 'm', 'p', 't']" : "['d', 'h', 'm', 'mo', 's', 'w', 'y']");
        return -1;
    }
    if (!nu) { *out = number; return 0; }
    if (sizes && nu == 2 && unit[1] == 'b') unit[--nu] = 0; /* "1GB" as in Python's help text */
    for (i = 0; sizes ? i < 5 : i < 7; i++)
        if (!strcmp(unit, sizes ? size_units[i] : time_units[i])) {
            *out = number * (sizes ? size_mult[i] : time_mult[i]);
            return 0;
        }
    snprintf(err, errcap, "Unknown unit '%s'. Must be one of %s.", unit,
             sizes ? "['g', 'k', 'm', 'p', 't']" : "['d', 'h', 'm', 'mo', 's', 'w', 'y']");
    return -1;
}

enum { CF_SIZE, CF_ACCESSED, CF_MODIFIED, CF_TYPE, CF_REFS };

typedef struct cache_filter {
    int key;
    char op[3];
    double number;
    const char *text;
} cache_filter;

/* Python's compile_cache_filter: ^key\s*(op)\s*value$. */
static int cache_compile_filter(const char *expr, cache_filter *f, char *err, size_t errcap) {
    static const char *const ops[] = {"==", "!=", ">=", "<=", ">", "<", "="};
    static const char *const keys[] = {"size", "accessed", "modified", "type", "refs"};
    const char *p = expr, *k0, *k1, *v;
    char key[64];
    size_t i, kl;
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    for (k0 = p; ((*p | 32) >= 'a' && (*p | 32) <= 'z') || *p == '_'; p++) {}
    k1 = p;
    while (*p == ' ' || *p == '\t') p++;
    for (i = 0; i < 7; i++)
        if (!strncmp(p, ops[i], strlen(ops[i]))) break;
    v = i < 7 ? p + strlen(ops[i]) : p;
    while (*v == ' ' || *v == '\t') v++;
    kl = (size_t)(k1 - k0);
    if (!kl || kl >= sizeof key || i == 7 || !*v) {
        snprintf(err, errcap, "Invalid filter expression: '%s'.", expr);
        return -1;
    }
    for (p = k0; p < k1; p++) key[p - k0] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    key[kl] = 0;
    if (i == 0) {
        snprintf(err, errcap, "Unsupported operator '==' in filter '%s'. Must be one of ['=', '!=', '>', '<', '>=', '<='].", expr);
        return -1;
    }
    strcpy(f->op, ops[i]);
    for (f->key = 0; f->key < 5 && strcmp(keys[f->key], key); f->key++) {}
    if (f->key == 5) {
        snprintf(err, errcap, "Unsupported filter key '%s' in '%s'. Must be one of ['accessed', 'modified', 'refs', 'size', 'type'].", key, expr);
        return -1;
    }
    f->text = v;
    {   /* the value, right-stripped */
        char *t = (char *)malloc(strlen(v) + 1);
        size_t n = strlen(v);
        if (!t) return -1;
        memcpy(t, v, n + 1);
        while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n')) t[--n] = 0;
        f->text = t;
    }
    if ((f->key == CF_TYPE || f->key == CF_REFS) && strcmp(f->op, "=")) {
        if (f->key == CF_TYPE) snprintf(err, errcap, "Only '=' is supported for 'type' filters. Got '%s'.", f->op);
        else snprintf(err, errcap, "Only '=' is supported for 'refs' filters. Got %s.", f->op);
        return -1;
    }
    if (f->key == CF_SIZE || f->key == CF_ACCESSED || f->key == CF_MODIFIED)
        return cache_parse_units(f->text, f->key == CF_SIZE, &f->number, err, errcap);
    return 0;
}

static int cache_compare(double l, const char *op, double r) {
    if (!strcmp(op, "=")) return l == r;
    if (!strcmp(op, "!=")) return l != r;
    if (!strcmp(op, ">")) return l > r;
    if (!strcmp(op, "<")) return l < r;
    if (!strcmp(op, ">=")) return l >= r;
    return l <= r;
}

static int cache_filter_match(const cache_filter *f, const cache_entry *e, double now) {
    size_t i, n = e->rev ? e->rev->n_refs : e->n_repo_refs;
    const char *const *refs = e->rev ? e->rev->refs : e->repo_refs;
    switch (f->key) {
    case CF_SIZE: return cache_compare((double)(e->rev ? e->rev->size_on_disk : e->repo->size_on_disk), f->op, f->number);
    case CF_ACCESSED: return cache_compare(now - e->repo->last_accessed, f->op, f->number);
    case CF_MODIFIED: return cache_compare(now - (e->rev ? e->rev->last_modified : e->repo->last_modified), f->op, f->number);
    case CF_TYPE: return !cache_strcasecmp(e->repo->repo_type, f->text);
    default:
        for (i = 0; i < n; i++)
            if (!cache_strcasecmp(refs[i], f->text)) return 1;
        return 0;
    }
}

static int cache_sort_key;   /* CF_SIZE, CF_ACCESSED, CF_MODIFIED, or -1 name */
static int cache_sort_desc;

static int cache_cmp_default(const void *x, const void *y) {
    const cache_entry *a = (const cache_entry *)x, *b = (const cache_entry *)y;
    int c = strcmp(a->cache_id, b->cache_id);
    if (!c && a->rev && b->rev) c = strcmp(a->rev->commit_hash, b->rev->commit_hash);
    return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

static double cache_sort_value(const cache_entry *e) {
    if (cache_sort_key == CF_SIZE) return (double)(e->rev ? e->rev->size_on_disk : e->repo->size_on_disk);
    if (cache_sort_key == CF_ACCESSED) return e->repo->last_accessed;
    return e->rev ? e->rev->last_modified : e->repo->last_modified;
}

/* Python's list.sort(key, reverse): equal keys keep their order either way. */
static int cache_cmp_sort(const void *x, const void *y) {
    const cache_entry *a = (const cache_entry *)x, *b = (const cache_entry *)y;
    int c;
    if (cache_sort_key < 0) c = cache_strcasecmp(a->cache_id, b->cache_id);
    else {
        double va = cache_sort_value(a), vb = cache_sort_value(b);
        c = va < vb ? -1 : va > vb;
    }
    if (cache_sort_desc) c = -c;
    return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

/* --sort: one of Python's SortOptions values. */
static int cache_parse_sort(const char *s) {
    static const char *const keys[] = {"accessed", "modified", "name", "size"};
    static const int ids[] = {CF_ACCESSED, CF_MODIFIED, -1, CF_SIZE};
    size_t i;
    for (i = 0; i < 4; i++) {
        size_t n = strlen(keys[i]);
        if (strncmp(s, keys[i], n)) continue;
        if (s[n] && strcmp(s + n, ":asc") && strcmp(s + n, ":desc")) continue;
        cache_sort_key = ids[i];
        cache_sort_desc = s[n] ? !strcmp(s + n, ":desc") : ids[i] != -1;
        return 0;
    }
    return -1;
}

/* The union of the refs of a repo's revisions, sorted (malloc'd array of borrowed strings). */
static const char **cache_repo_refs(const hfhub_cached_repo *r, size_t *n) {
    size_t i, j, k, total = 0;
    const char **out;
    for (i = 0; i < r->n_revisions; i++) total += r->revisions[i].n_refs;
    out = (const char **)malloc((total + 1) * sizeof(char *));
    *n = 0;
    if (!out) return NULL;
    for (i = 0; i < r->n_revisions; i++)
        for (j = 0; j < r->revisions[i].n_refs; j++) {
            const char *ref = r->revisions[i].refs[j];
            for (k = *n; k > 0 && strcmp(out[k - 1], ref) > 0; k--) out[k] = out[k - 1];
            out[k] = ref;
            (*n)++;
        }
    return out;
}

static void cache_ls_table(const hf_out *o, const cache_entry *e, size_t n, int revisions, double now) {
    static const char *const repo_keys[] = {"id", "repo_id", "repo_type", "size", "last_accessed", "last_modified", "refs"};
    static const size_t repo_headers[] = {0, 3, 4, 5, 6};
    static const char *const rev_keys[] = {"id", "repo_id", "repo_type", "revision", "snapshot_path", "size", "last_modified", "refs"};
    static const size_t rev_headers[] = {0, 3, 5, 6, 7};
    size_t nk = revisions ? 8 : 7, i;
    hf_val *cells = (hf_val *)calloc(n * nk + 1, sizeof(hf_val));
    char (*strs)[3][48] = (char (*)[3][48])calloc(n + 1, sizeof *strs);
    hf_table t;
    if (!cells || !strs) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    for (i = 0; i < n; i++) {
        hf_val *row = cells + i * nk;
        row[0] = hf_str(e[i].cache_id);
        row[1] = hf_str(e[i].repo->repo_id);
        row[2] = hf_str(e[i].repo->repo_type);
        if (revisions) {
            hf_format_size(e[i].rev->size_on_disk, strs[i][0]);
            hf_format_timesince(e[i].rev->last_modified, now, strs[i][1]);
            row[3] = hf_str(e[i].rev->commit_hash);
            row[4] = hf_str(e[i].rev->snapshot_path);
            row[5] = hf_str(strs[i][0]);
            row[6] = hf_str(strs[i][1]);
            row[7] = hf_list(e[i].rev->refs, e[i].rev->n_refs);
        } else {
            hf_format_size(e[i].repo->size_on_disk, strs[i][0]);
            hf_format_timesince(e[i].repo->last_accessed, now, strs[i][1]);
            hf_format_timesince(e[i].repo->last_modified, now, strs[i][2]);
            row[3] = hf_str(strs[i][0]);
            row[4] = hf_str(strs[i][1]);
            row[5] = hf_str(strs[i][2]);
            row[6] = hf_list(e[i].repo_refs, e[i].n_repo_refs);
        }
    }
    memset(&t, 0, sizeof t);
    t.keys = revisions ? rev_keys : repo_keys;
    t.n_keys = nk;
    t.headers = revisions ? rev_headers : repo_headers;
    t.n_headers = 5;
    t.id_col = revisions ? 3 : 0;
    t.right_col = revisions ? 5 : 3;
    t.cells = cells;
    t.n_rows = n;
    hf_out_table(o, &t);
    free(cells);
    free(strs);
}

static void cache_ls_summary(const hf_out *o, const cache_entry *e, size_t n, int revisions) {
    size_t i, repos = 0, revs = 0;
    uint64_t total = 0;
    char size[32], msg[256];
    if (!n) return;
    for (i = 0; i < n; i++) {
        size_t k;
        int seen = 0;
        for (k = 0; k < i && !seen; k++) seen = e[k].repo == e[i].repo;
        if (!seen) repos++;
        if (revisions) { revs++; total += e[i].rev->size_on_disk; }
        else if (!seen) { revs += e[i].repo->n_revisions; total += e[i].repo->size_on_disk; }
    }
    hf_format_size(total, size);
    printf(o->mode == HF_OUT_HUMAN || o->mode == HF_OUT_AGENT ? "\n" : "");
    snprintf(msg, sizeof msg, "Found %lu repo(s) for a total of %lu revision(s) and %s on disk.", (unsigned long)repos,
             (unsigned long)revs, size);
    hf_out_text(o, msg, 1);
}

/* One entry per repo (or revision), in Python's default order; refs[i] is repo i's refs
 * union (free each with free()). */
static cache_entry *cache_ls_entries(const hfhub_cache_info *info, int revisions, const char ***refs, size_t *n) {
    size_t i, j, cap = 1;
    cache_entry *e;
    for (i = 0; i < info->n_repos; i++) cap += revisions ? info->repos[i].n_revisions : 1;
    e = (cache_entry *)calloc(cap, sizeof *e);
    if (!e) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    *n = 0;
    for (i = 0; i < info->n_repos; i++) {
        size_t nrefs = 0;
        refs[i] = cache_repo_refs(&info->repos[i], &nrefs);
        for (j = 0; j < (revisions ? info->repos[i].n_revisions : 1); j++) {
            cache_entry *x = &e[*n];
            x->repo = &info->repos[i];
            x->rev = revisions ? &info->repos[i].revisions[j] : NULL;
            x->repo_refs = refs[i];
            x->n_repo_refs = nrefs;
            x->index = *n;
            cache_cache_id(x->repo, x->cache_id, sizeof x->cache_id);
            (*n)++;
        }
    }
    qsort(e, *n, sizeof *e, cache_cmp_default);
    for (i = 0; i < *n; i++) e[i].index = i;
    return e;
}

static void cache_ls_help(void) {
    printf("Usage: hf cache ls [OPTIONS]\n\n  List cached repositories or revisions.\n\nOptions:\n"
           "  --cache-dir TEXT      Cache directory to scan (defaults to Hugging Face cache).\n"
           "  --revisions           Include revisions in the output instead of aggregated repositories.\n"
           "  -f, --filter TEXT     Filter entries (e.g. 'size>1GB', 'type=model', 'accessed>7d'). Can be used multiple times.\n"
           "  --sort KEY[:asc|:desc]  Sort entries by accessed, modified, name or size.\n"
           "  --limit INTEGER       Limit the number of results returned.\n"
           "  --show-warnings       Print the problems found while scanning.\n"
           "  --format [auto|human|agent|json|quiet], --json, -q/--quiet, --no-truncate\n"
           "  -h, --help            Show this message and exit.\n");
}

static int cache_ls(int argc, char **argv) {
    hf_out o = {HF_OUT_HUMAN, 0};
    const char *cache_dir = NULL, *sort = NULL, *limit_s = NULL, *v = NULL;
    cache_filter *filters = (cache_filter *)calloc((size_t)argc + 1, sizeof(cache_filter));
    size_t nf = 0, n = 0, i, j, kept = 0;
    int revisions = 0, show_warnings = 0, rc = 0;
    long limit = -1;
    hfhub_cache_info *info = NULL;
    cache_entry *e;
    const char ***refs;
    char err[512];
    double now = hf_now();
    const char **exprs = (const char **)calloc((size_t)argc + 1, sizeof(char *));
    if (!filters || !exprs) return 1;
    for (i = 0; i < (size_t)argc; i++) {
        int k = (int)i, m;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { cache_ls_help(); free(filters); free(exprs); return 0; }
        if ((m = hf_out_flag(&o, argc, argv, &k)) != 0 || (m = cache_opt(argc, argv, &k, "--cache-dir", &cache_dir)) != 0 ||
            (m = cache_opt(argc, argv, &k, "--sort", &sort)) != 0 || (m = cache_opt(argc, argv, &k, "--limit", &limit_s)) != 0) {
            if (m < 0) { free(filters); free(exprs); return 2; }
        } else if ((m = cache_opt(argc, argv, &k, "--filter", &v)) != 0 || (m = cache_opt(argc, argv, &k, "-f", &v)) != 0) {
            if (m < 0) { free(filters); free(exprs); return 2; }
            exprs[nf++] = v;
        } else if (!strcmp(argv[i], "--revisions")) revisions = 1;
        else if (!strcmp(argv[i], "--no-revisions")) revisions = 0;
        else if (!strcmp(argv[i], "--show-warnings")) show_warnings = 1;
        else { free(filters); free(exprs); return cache_bad_option("ls", argv[i]); }
        i = (size_t)k;
    }
    if (sort && cache_parse_sort(sort) != 0) {
        snprintf(err, sizeof err, "Invalid value for '--sort': '%s' is not one of 'accessed', 'accessed:asc', 'accessed:desc', "
                 "'modified', 'modified:asc', 'modified:desc', 'name', 'name:asc', 'name:desc', 'size', 'size:asc', 'size:desc'.", sort);
        rc = cache_usage_error("ls", err);
    }
    if (!rc && limit_s) {
        char *end;
        limit = strtol(limit_s, &end, 10);
        if (!*limit_s || *end) {
            snprintf(err, sizeof err, "Invalid value for '--limit': '%s' is not a valid integer.", limit_s);
            rc = cache_usage_error("ls", err);
        }
    }
    if (rc || (rc = cache_scan(&o, cache_dir, &info)) != 0) {
        free(filters);
        free(exprs);
        return rc;
    }
    refs = (const char ***)calloc(info->n_repos + 1, sizeof(char **));
    if (!refs) return 1;
    e = cache_ls_entries(info, revisions, refs, &n);
    for (i = 0; i < nf && !rc; i++)
        if (cache_compile_filter(exprs[i], &filters[i], err, sizeof err) != 0) {
            char msg[640];
            snprintf(msg, sizeof msg, "Invalid value: %s", err);
            rc = cache_usage_error("ls", msg);
        }
    if (!rc && limit_s && limit < 0) {
        snprintf(err, sizeof err, "Invalid value: Limit must be a positive integer, got %ld.", limit);
        rc = cache_usage_error("ls", err);
    }
    if (!rc) {
        for (kept = 0, i = 0; i < n; i++) {
            int ok = 1;
            for (j = 0; j < nf && ok; j++) ok = cache_filter_match(&filters[j], &e[i], now);
            if (ok) e[kept++] = e[i];
        }
        for (i = 0; i < kept; i++) e[i].index = i;
        if (sort) qsort(e, kept, sizeof *e, cache_cmp_sort);
        if (limit >= 0 && (size_t)limit < kept) kept = (size_t)limit;
        cache_ls_table(&o, e, kept, revisions, now);
        cache_ls_summary(&o, e, kept, revisions);
        if (show_warnings)
            for (i = 0; i < info->n_warnings; i++) hf_out_warning(&o, info->warnings[i]);
        if (info->n_incomplete_files) {
            char size[32], msg[256];
            hf_format_size(info->incomplete_size_on_disk, size);
            snprintf(msg, sizeof msg, "Found %lu incomplete download(s) totalling %s. Remove them with 'hf cache prune'.",
                     (unsigned long)info->n_incomplete_files, size);
            hf_out_hint(&o, msg);
        }
    }
    for (i = 0; i < info->n_repos; i++) free((void *)refs[i]);
    free(refs);
    free(e);
    for (i = 0; i < nf; i++)
        if (filters[i].text && filters[i].text != exprs[i]) free((void *)filters[i].text);
    free(filters);
    free(exprs);
    hfhub_cache_info_free(info);
    return rc;
}

/* ---- `hf cache rm` and `hf cache prune` ---------------------------------------------------------- */

/* Revisions chosen for deletion: a flag per revision of each repo. */
typedef struct cache_selection {
    const hfhub_cache_info *info;
    char **flags;               /* flags[repo][revision] */
    const char **hashes;        /* selected commit hashes, sorted and distinct */
    size_t n_hashes;
} cache_selection;

static void cache_select_init(cache_selection *s, const hfhub_cache_info *info) {
    size_t i;
    s->info = info;
    s->flags = (char **)calloc(info->n_repos + 1, sizeof(char *));
    s->hashes = NULL;
    s->n_hashes = 0;
    if (!s->flags) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    for (i = 0; i < info->n_repos; i++)
        if (!(s->flags[i] = (char *)calloc(info->repos[i].n_revisions + 1, 1))) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
}

static void cache_select_free(cache_selection *s) {
    size_t i;
    for (i = 0; i < s->info->n_repos; i++) free(s->flags[i]);
    free(s->flags);
    free((void *)s->hashes);
}

static int cache_cmp_cstr(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

/* Collects the selected hashes (sorted, as Python passes sorted(revisions)). */
static void cache_select_done(cache_selection *s) {
    size_t i, j, n = 0;
    for (i = 0; i < s->info->n_repos; i++)
        for (j = 0; j < s->info->repos[i].n_revisions; j++) n += s->flags[i][j] != 0;
    s->hashes = (const char **)calloc(n + 1, sizeof(char *));
    if (!s->hashes) { fprintf(stderr, "hf: out of memory\n"); exit(1); }
    for (i = 0; i < s->info->n_repos; i++)
        for (j = 0; j < s->info->repos[i].n_revisions; j++)
            if (s->flags[i][j]) s->hashes[s->n_hashes++] = s->info->repos[i].revisions[j].commit_hash;
    qsort((void *)s->hashes, s->n_hashes, sizeof(char *), cache_cmp_cstr);
}

typedef struct cache_counts {
    size_t repos, partial, total;
} cache_counts;

/* Python's summarize_deletions. */
static cache_counts cache_summarize(const cache_selection *s) {
    cache_counts c;
    size_t i, j;
    memset(&c, 0, sizeof c);
    for (i = 0; i < s->info->n_repos; i++) {
        size_t n = 0;
        for (j = 0; j < s->info->repos[i].n_revisions; j++) n += s->flags[i][j] != 0;
        c.total += n;
        if (n && n == s->info->repos[i].n_revisions) c.repos++;
        else c.partial += n;
    }
    return c;
}

static int cache_cmp_repo_sel(const void *x, const void *y) {
    const hfhub_cached_repo *a = *(const hfhub_cached_repo *const *)x, *b = *(const hfhub_cached_repo *const *)y;
    int c = strcmp(a->repo_type, b->repo_type);
    return c ? c : cache_strcasecmp(a->repo_id, b->repo_id);
}

/* Python's print_cache_selected_revisions. */
static void cache_print_selected(const hf_out *o, const cache_selection *s) {
    const hfhub_cached_repo **repos = (const hfhub_cached_repo **)calloc(s->info->n_repos + 1, sizeof(void *));
    size_t i, j, n = 0;
    char line[1024], size[32];
    if (!repos) return;
    for (i = 0; i < s->info->n_repos; i++)
        for (j = 0; j < s->info->repos[i].n_revisions; j++)
            if (s->flags[i][j]) { repos[n++] = &s->info->repos[i]; break; }
    qsort((void *)repos, n, sizeof(void *), cache_cmp_repo_sel);
    for (i = 0; i < n; i++) {
        const hfhub_cached_repo *r = repos[i];
        const char *flags = s->flags[r - s->info->repos];
        size_t k, sel = 0;
        for (k = 0; k < r->n_revisions; k++) sel += flags[k] != 0;
        snprintf(line, sizeof line, sel == r->n_revisions ? "  - %s/%s (entire repo)" : "  - %s/%s:", r->repo_type, r->repo_id);
        hf_out_text(o, line, 0);
        if (sel == r->n_revisions) continue;
        for (k = 0; k < r->n_revisions; k++) {   /* revisions are sorted by commit hash */
            char refs[512] = "";
            size_t q;
            if (!flags[k]) continue;
            for (q = 0; q < r->revisions[k].n_refs; q++) {
                if (q) strncat(refs, " ", sizeof refs - strlen(refs) - 1);
                strncat(refs, r->revisions[k].refs[q], sizeof refs - strlen(refs) - 1);
            }
            hf_format_size(r->revisions[k].size_on_disk, size);
            snprintf(line, sizeof line, "      %s [%s] %s", r->revisions[k].commit_hash, *refs ? refs : "(detached)", size);
            hf_out_text(o, line, 0);
        }
    }
    free((void *)repos);
}

/* An `hf://` URI or a "type/id" target as a cache id; NULL with the error printed. */
static int cache_target_id(const hf_out *o, const char *target, char *out, size_t cap) {
    const char *loc;
    char parts[3][256];
    size_t np = 0, len;
    if (strncmp(target, "hf://", 5)) {
        if (strstr(target, "://")) { hf_out_error(o, "Repository URIs must use the `hf://` scheme."); return -1; }
        snprintf(out, cap, "%s", target);
        return 0;
    }
    for (loc = target + 5; *loc == '/'; loc++) {}
    len = strlen(loc);
    while (len && loc[len - 1] == '/') len--;
    if (memchr(loc, '@', len)) { hf_out_error(o, "Only repo-level `hf://` URIs are supported by `hf cache rm`."); return -1; }
    while (len && np < 3) {
        const char *slash = (const char *)memchr(loc, '/', len);
        size_t pl = slash ? (size_t)(slash - loc) : len;
        snprintf(parts[np++], sizeof parts[0], "%.*s", (int)pl, loc);
        if (!slash) { len = 0; break; }
        len -= pl + 1;
        loc = slash + 1;
    }
    if (!len && np >= 2 && (!strcmp(parts[0], "models") || !strcmp(parts[0], "datasets") || !strcmp(parts[0], "spaces"))) {
        /* hf://datasets/name, hf://datasets/namespace/name */
        snprintf(out, cap, "%.*s/%s%s%s", (int)strlen(parts[0]) - 1, parts[0], parts[1], np == 3 ? "/" : "", np == 3 ? parts[2] : "");
        return 0;
    }
    if (!len && np == 2) { snprintf(out, cap, "model/%s/%s", parts[0], parts[1]); return 0; }
    hf_out_error(o, "Invalid Hugging Face repository URI. Expected `hf://namespace/repository` or "
                    "`hf://[models|datasets|spaces]/namespace/repository`.");
    return -1;
}

static int cache_is_hex40(const char *s) {
    size_t i;
    for (i = 0; i < 40; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'f'))) return 0;
    return s[40] == 0;
}

/* Python's _resolve_deletion_targets; 1 on a CLIError (printed). */
static int cache_resolve_targets(const hf_out *o, cache_selection *s, char **targets, size_t n) {
    size_t i, j, n_missing = 0;
    char *missing = (char *)calloc(1, 1);
    for (i = 0; i < n && missing; i++) {
        char t[1024], id[1024];
        const char *a = targets[i];
        size_t len;
        const hfhub_cached_repo *repo = NULL;
        const hfhub_cached_revision *rev;
        while (*a == ' ' || *a == '\t' || *a == '\n') a++;
        len = strlen(a);
        while (len && (a[len - 1] == ' ' || a[len - 1] == '\t' || a[len - 1] == '\n')) len--;
        if (!len) continue;
        snprintf(t, sizeof t, "%.*s", (int)len, a);
        if (cache_is_hex40(t)) {
            if ((rev = hfhub_cache_find_revision(s->info, t, &repo)) != NULL) {
                s->flags[repo - s->info->repos][rev - repo->revisions] = 1;
                continue;
            }
        } else {
            if (cache_target_id(o, t, id, sizeof id) != 0) { free(missing); return 1; }
            if ((repo = hfhub_cache_find_repo(s->info, id)) != NULL) {
                for (j = 0; j < repo->n_revisions; j++) s->flags[repo - s->info->repos][j] = 1;
                continue;
            }
        }
        {
            size_t ml = strlen(missing);
            char *nm = (char *)realloc(missing, ml + strlen(targets[i]) + 8);
            if (!nm) break;
            missing = nm;
            sprintf(missing + ml, "\n  - %s", targets[i]);
            n_missing++;
        }
    }
    if (n_missing && missing) {
        char *msg = (char *)malloc(strlen(missing) + 32);
        if (msg) {
            sprintf(msg, "Could not find in cache:%s", missing);
            hf_out_warning(o, msg);
            free(msg);
        }
    }
    free(missing);
    cache_select_done(s);
    return 0;
}

static void cache_rm_help(void) {
    printf("Usage: hf cache rm [OPTIONS] TARGETS...\n\n  Remove cached repositories or revisions.\n\nArguments:\n"
           "  TARGETS...  One or more repo IDs (e.g. model/bert-base-uncased), repo-level hf:// URIs, or revision hashes to delete.\n\n"
           "Options:\n  --cache-dir TEXT  Cache directory to scan (defaults to Hugging Face cache).\n"
           "  -y, --yes         Skip confirmation prompt.\n  --dry-run         Preview deletions without removing anything.\n"
           "  --format [auto|human|agent|json|quiet], --json, -q/--quiet\n  -h, --help        Show this message and exit.\n");
}

static void cache_prune_help(void) {
    printf("Usage: hf cache prune [OPTIONS]\n\n  Remove detached revisions and incomplete downloads from the cache.\n\n"
           "Options:\n  --cache-dir TEXT  Cache directory to scan (defaults to Hugging Face cache).\n"
           "  -y, --yes         Skip confirmation prompt.\n  --dry-run         Preview deletions without removing anything.\n"
           "  --format [auto|human|agent|json|quiet], --json, -q/--quiet\n  -h, --help        Show this message and exit.\n");
}

/* The options rm and prune share; positional arguments go to pos. 0, or the exit code. */
static int cache_rm_args(const char *cmd, int argc, char **argv, hf_out *o, const char **cache_dir, int *yes, int *dry_run,
                         char **pos, size_t *n_pos) {
    int i, m;
    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            if (!strcmp(cmd, "rm")) cache_rm_help();
            else cache_prune_help();
            return -1;
        }
        if ((m = hf_out_flag(o, argc, argv, &i)) != 0 || (m = cache_opt(argc, argv, &i, "--cache-dir", cache_dir)) != 0) {
            if (m < 0) return 2;
        } else if (!strcmp(argv[i], "-y") || !strcmp(argv[i], "--yes")) *yes = 1;
        else if (!strcmp(argv[i], "--dry-run")) *dry_run = 1;
        else if (!strcmp(argv[i], "--no-dry-run")) *dry_run = 0;
        else if (argv[i][0] == '-' && argv[i][1]) return cache_bad_option(cmd, argv[i]);
        else if (pos) pos[(*n_pos)++] = argv[i];
        else {
            char msg[512];
            snprintf(msg, sizeof msg, "Got unexpected extra argument (%s)", argv[i]);
            return cache_usage_error(cmd, msg);
        }
    }
    return 0;
}

static int cache_rm(int argc, char **argv) {
    hf_out o = {HF_OUT_HUMAN, 0};
    const char *cache_dir = NULL;
    int yes = 0, dry_run = 0, rc;
    char **targets = (char **)calloc((size_t)argc + 1, sizeof(char *));
    size_t n_targets = 0;
    hfhub_cache_info *info = NULL;
    cache_selection sel;
    cache_counts counts;
    hfhub_cache_delete_strategy *s = NULL;
    char size[32], summary[128], msg[512];
    if (!targets) return 1;
    rc = cache_rm_args("rm", argc, argv, &o, &cache_dir, &yes, &dry_run, targets, &n_targets);
    if (rc == 0 && !n_targets) rc = cache_usage_error("rm", "Missing argument 'TARGETS...'.");
    if (rc || (rc = cache_scan(&o, cache_dir, &info)) != 0) { free(targets); return rc < 0 ? 0 : rc; }
    cache_select_init(&sel, info);
    if (cache_resolve_targets(&o, &sel, targets, n_targets) != 0) rc = 1;
    else if (!sel.n_hashes) hf_out_text(&o, "Nothing to delete.", 0);
    else if (hfhub_cache_delete_revisions(info, sel.hashes, sel.n_hashes, &s) != HFHUB_OK) rc = cache_fail(&o);
    else {
        counts = cache_summarize(&sel);
        hf_format_size(s->expected_freed_size, size);
        summary[0] = 0;
        if (counts.repos) snprintf(summary, sizeof summary, "%lu repo(s)", (unsigned long)counts.repos);
        if (counts.partial)
            snprintf(summary + strlen(summary), sizeof summary - strlen(summary), "%s%lu revision(s)", *summary ? " and " : "",
                     (unsigned long)counts.partial);
        if (!*summary) snprintf(summary, sizeof summary, "%lu revision(s)", (unsigned long)counts.total);
        snprintf(msg, sizeof msg, "About to delete %s totalling %s.", summary, size);
        hf_out_text(&o, msg, 0);
        cache_print_selected(&o, &sel);
        if (dry_run) {
            const char *keys[] = {"dry_run", "repos", "revisions", "size"};
            hf_val vals[4];
            vals[0] = hf_bool(1); vals[1] = hf_int((long long)counts.repos);
            vals[2] = hf_int((long long)counts.total); vals[3] = hf_str(size);
            hf_out_result(&o, "Dry run: no files were deleted.", keys, vals, 4);
        } else if (!yes && !hf_confirm("Proceed with deletion?")) {
            rc = 1;
        } else if (hfhub_cache_strategy_execute(s) != HFHUB_OK) {
            rc = cache_fail(&o);
        } else {
            const char *keys[] = {"repos_deleted", "revisions_deleted", "freed"};
            hf_val vals[3];
            vals[0] = hf_int((long long)counts.repos); vals[1] = hf_int((long long)counts.total); vals[2] = hf_str(size);
            snprintf(msg, sizeof msg, "Deleted %lu repo(s) and %lu revision(s); freed %s.", (unsigned long)counts.repos,
                     (unsigned long)counts.total, size);
            hf_out_result(&o, msg, keys, vals, 3);
        }
        hfhub_cache_strategy_free(s);
    }
    cache_select_free(&sel);
    hfhub_cache_info_free(info);
    free(targets);
    return rc;
}

/* "N unreferenced revision(s) and M incomplete download(s)" (and, beyond Python, "and K
 * unreferenced blob(s)" when prune found blobs no snapshot links to) */
static void cache_prune_summary(char *out, size_t cap, size_t revisions, size_t incomplete, size_t blobs) {
    out[0] = 0;
    if (revisions) snprintf(out, cap, "%lu unreferenced revision(s)", (unsigned long)revisions);
    if (incomplete)
        snprintf(out + strlen(out), cap - strlen(out), "%s%lu incomplete download(s)", *out ? " and " : "",
                 (unsigned long)incomplete);
    if (blobs)
        snprintf(out + strlen(out), cap - strlen(out), "%s%lu unreferenced blob(s)", *out ? " and " : "", (unsigned long)blobs);
}

/* Prints the result of `hf cache prune` (or its dry run) with Python's fields. */
static void cache_prune_result(const hf_out *o, int dry_run, const char *summary, size_t revisions, size_t incomplete,
                               size_t blobs, const char *size) {
    const char *dry_keys[] = {"dry_run", "revisions", "incomplete", "size", "unreferenced_blobs"};
    const char *keys[] = {"revisions_deleted", "incomplete_deleted", "freed", "unreferenced_blobs_deleted"};
    hf_val vals[5];
    char msg[512];
    size_t n = 0;
    if (dry_run) vals[n++] = hf_bool(1);
    vals[n++] = hf_int((long long)revisions);
    vals[n++] = hf_int((long long)incomplete);
    vals[n++] = hf_str(size);
    if (blobs) vals[n++] = hf_int((long long)blobs);
    snprintf(msg, sizeof msg, "Deleted %s; freed %s.", summary, size);
    hf_out_result(o, dry_run ? "Dry run: no files were deleted." : msg, dry_run ? dry_keys : keys, vals, n);
}

static int cache_prune(int argc, char **argv) {
    hf_out o = {HF_OUT_HUMAN, 0};
    const char *cache_dir = NULL;
    int yes = 0, dry_run = 0, rc;
    hfhub_cache_info *info = NULL;
    cache_selection sel;
    hfhub_cache_delete_strategy *s = NULL;
    char size[32], summary[200], msg[512];
    size_t i, j;
    rc = cache_rm_args("prune", argc, argv, &o, &cache_dir, &yes, &dry_run, NULL, NULL);
    if (rc || (rc = cache_scan(&o, cache_dir, &info)) != 0) return rc < 0 ? 0 : rc;
    cache_select_init(&sel, info);
    for (i = 0; i < info->n_repos; i++)
        for (j = 0; j < info->repos[i].n_revisions; j++) sel.flags[i][j] = info->repos[i].revisions[j].n_refs == 0;
    cache_select_done(&sel);
    if (!sel.n_hashes && !info->n_incomplete_files && !info->n_unreferenced_blobs) {
        hf_out_text(&o, "No unreferenced revisions or incomplete downloads found. Nothing to prune.", 0);
    } else if (hfhub_cache_prune(info, &s) != HFHUB_OK) {
        rc = cache_fail(&o);
    } else {
        hf_format_size(s->expected_freed_size, size);
        cache_prune_summary(summary, sizeof summary, sel.n_hashes, info->n_incomplete_files, s->n_unreferenced);
        snprintf(msg, sizeof msg, "About to delete %s (%s total).", summary, size);
        hf_out_text(&o, msg, 0);
        cache_print_selected(&o, &sel);
        if (dry_run) cache_prune_result(&o, 1, summary, sel.n_hashes, info->n_incomplete_files, s->n_unreferenced, size);
        else if (!yes && !hf_confirm("Proceed?")) rc = 1;
        else if (hfhub_cache_strategy_execute(s) != HFHUB_OK) rc = cache_fail(&o);
        else cache_prune_result(&o, 0, summary, sel.n_hashes, info->n_incomplete_files, s->n_unreferenced, size);
        hfhub_cache_strategy_free(s);
    }
    cache_select_free(&sel);
    hfhub_cache_info_free(info);
    return rc;
}

/* ---- `hf cache verify` ------------------------------------------------------------------------ */

static void cache_verify_help(void) {
    printf("Usage: hf cache verify [OPTIONS] REPO_ID\n\n  Verify checksums for a single repo revision from cache or a local directory.\n\n"
           "Arguments:\n  REPO_ID  The ID of the repo (e.g. `username/repo-name`).\n\nOptions:\n"
           "  --repo-type, --type [model|dataset|space]  The type of repository.  [default: model]\n"
           "  --revision TEXT              Git revision id which can be a branch name, a tag, or a commit hash.\n"
           "  --cache-dir TEXT             Cache directory to use when verifying files from cache (defaults to Hugging Face cache).\n"
           "  --local-dir TEXT             If set, verify files under this directory instead of the cache.\n"
           "  --fail-on-missing-files      Fail if some files exist on the remote but are missing locally.\n"
           "  --fail-on-extra-files        Fail if some files exist locally but are not present on the remote revision.\n"
           "  --token TEXT                 A User Access Token generated from https://huggingface.co/settings/tokens.\n"
           "  --format [auto|human|agent|json|quiet], --json, -q/--quiet\n  -h, --help                   Show this message and exit.\n");
}

/* "\n  - a\n  - b" for a list of paths (malloc'd). */
static char *cache_bullets(const char *head, const char *const *items, size_t n) {
    size_t i, len = strlen(head) + 1;
    char *out;
    for (i = 0; i < n; i++) len += strlen(items[i]) + 6;
    out = (char *)malloc(len);
    if (!out) return NULL;
    strcpy(out, head);
    for (i = 0; i < n; i++) {
        strcat(out, "\n  - ");
        strcat(out, items[i]);
    }
    return out;
}

static int cache_verify_report(const hf_out *o, const char *repo_id, const char *type, const hfhub_folder_verification *v,
                               int fail_missing, int fail_extra) {
    int rc = 0;
    size_t i;
    char msg[1024];
    if (v->n_mismatches) {
        size_t len = 128;
        char *text;
        for (i = 0; i < v->n_mismatches; i++)
            len += strlen(v->mismatches[i].path) + strlen(v->mismatches[i].expected) + strlen(v->mismatches[i].actual) + 48;
        text = (char *)malloc(len);
        if (text) {
            strcpy(text, "\xe2\x9d\x8c Checksum verification failed for the following file(s):");
            for (i = 0; i < v->n_mismatches; i++)
                sprintf(text + strlen(text), "\n  - %s: expected %s (%s), got %s", v->mismatches[i].path,
                        v->mismatches[i].expected, v->mismatches[i].algorithm, v->mismatches[i].actual);
            hf_out_text(o, text, 0);
            free(text);
        }
        rc = 1;
    }
    if (v->n_missing_paths) {
        if (fail_missing) {
            char *t = cache_bullets("\xe2\x9d\x8c Missing files (present remotely, absent locally):", v->missing_paths, v->n_missing_paths);
            if (t) hf_out_text(o, t, 0);
            free(t);
            rc = 1;
        } else {
            snprintf(msg, sizeof msg, "%lu remote file(s) are missing locally. Use --fail-on-missing-files for details.",
                     (unsigned long)v->n_missing_paths);
            hf_out_warning(o, msg);
        }
    }
    if (v->n_extra_paths) {
        if (fail_extra) {
            char *t = cache_bullets("\xe2\x9d\x8c Extra files (present locally, absent remotely):", v->extra_paths, v->n_extra_paths);
            if (t) hf_out_text(o, t, 0);
            free(t);
            rc = 1;
        } else {
            snprintf(msg, sizeof msg, "%lu local file(s) do not exist on the remote repo. Use --fail-on-extra-files for details.",
                     (unsigned long)v->n_extra_paths);
            hf_out_warning(o, msg);
        }
    }
    if (rc) {
        snprintf(msg, sizeof msg, "Verification failed for '%s' (%s) in %s.\n  Revision: %s", repo_id, type, v->verified_path, v->revision);
        hf_out_error(o, msg);
        return rc;
    }
    {
        const char *keys[] = {"repo_id", "repo_type", "checked", "path"};
        hf_val vals[4];
        vals[0] = hf_str(repo_id); vals[1] = hf_str(type); vals[2] = hf_int((long long)v->checked_count);
        vals[3] = hf_str(v->verified_path);
        snprintf(msg, sizeof msg, "Verified %lu file(s) for %s '%s'. All checksums match.", (unsigned long)v->checked_count, type, repo_id);
        hf_out_result(o, msg, keys, vals, 4);
    }
    return 0;
}

static int cache_verify(int argc, char **argv) {
    hf_out o = {HF_OUT_HUMAN, 0};
    hfhub_verify_opts vo;
    const char *repo_id = NULL, *type = "model";
    int i, m, fail_missing = 0, fail_extra = 0, rc;
    hfhub_client *c = NULL;
    hfhub_folder_verification *v = NULL;
    memset(&vo, 0, sizeof vo);
    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { cache_verify_help(); return 0; }
        if ((m = hf_out_flag(&o, argc, argv, &i)) != 0 || (m = cache_opt(argc, argv, &i, "--repo-type", &type)) != 0 ||
            (m = cache_opt(argc, argv, &i, "--type", &type)) != 0 || (m = cache_opt(argc, argv, &i, "--revision", &vo.revision)) != 0 ||
            (m = cache_opt(argc, argv, &i, "--cache-dir", &vo.cache_dir)) != 0 ||
            (m = cache_opt(argc, argv, &i, "--local-dir", &vo.local_dir)) != 0 || (m = cache_opt(argc, argv, &i, "--token", &vo.token)) != 0) {
            if (m < 0) return 2;
        } else if (!strcmp(argv[i], "--fail-on-missing-files")) fail_missing = 1;
        else if (!strcmp(argv[i], "--fail-on-extra-files")) fail_extra = 1;
        else if (argv[i][0] == '-' && argv[i][1]) return cache_bad_option("verify", argv[i]);
        else if (!repo_id) repo_id = argv[i];
        else {
            char msg[512];
            snprintf(msg, sizeof msg, "Got unexpected extra argument (%s)", argv[i]);
            return cache_usage_error("verify", msg);
        }
    }
    if (!repo_id) return cache_usage_error("verify", "Missing argument 'REPO_ID'.");
    if (strcmp(type, "model") && strcmp(type, "dataset") && strcmp(type, "space")) {
        char msg[256];
        snprintf(msg, sizeof msg, "Invalid value for '--repo-type': '%s' is not one of 'model', 'dataset', 'space'.", type);
        return cache_usage_error("verify", msg);
    }
    if (vo.local_dir && vo.cache_dir) {
        hf_out_error(&o, "Cannot pass both --local-dir and --cache-dir. Use one or the other.");
        return 2;
    }
    vo.repo_type = type;
    if (!(c = hf_client())) return 1;
    if (hfhub_verify_repo_checksums(c, repo_id, &vo, &v) != HFHUB_OK) {
        rc = cache_fail(&o);
    } else {
        rc = cache_verify_report(&o, repo_id, type, v, fail_missing, fail_extra);
        hfhub_folder_verification_free(v);
    }
    hfhub_client_free(c);
    return rc;
}

/* ---- `hf cache` ------------------------------------------------------------------------------- */

static int cache_help(FILE *f) {
    fprintf(f, "Usage: hf cache [OPTIONS] COMMAND [ARGS]...\n\n  Manage local cache directory.\n\nCommands:\n"
               "  list | ls  List cached repositories or revisions.\n"
               "  prune      Remove detached revisions and incomplete downloads from the cache.\n"
               "  rm         Remove cached repositories or revisions.\n"
               "  verify     Verify checksums for a single repo revision from cache or a local directory.\n");
    return f == stdout ? 0 : 2;
}

int cmd_cache(int argc, char **argv) {
    if (argc < 1) return cache_help(stderr);
    if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) return cache_help(stdout);
    if (!strcmp(argv[0], "ls") || !strcmp(argv[0], "list")) return cache_ls(argc - 1, argv + 1);
    if (!strcmp(argv[0], "rm")) return cache_rm(argc - 1, argv + 1);
    if (!strcmp(argv[0], "prune")) return cache_prune(argc - 1, argv + 1);
    if (!strcmp(argv[0], "verify")) return cache_verify(argc - 1, argv + 1);
    fprintf(stderr, "Usage: hf cache [OPTIONS] COMMAND [ARGS]...\nTry 'hf cache -h' for help.\n\nError: No such command '%s'.\n", argv[0]);
    return 2;
}
