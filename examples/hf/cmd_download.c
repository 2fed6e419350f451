/* cmd_download.c: `hf download REPO_ID [FILENAMES...]`, as Python's: one plain filename is an
 * hf_hub_download, anything else a snapshot_download (explicit names become allow patterns,
 * a folder "dir/" matches everything below it). The result goes to stdout through output.c in
 * Python's output formats (--format, --json, -q/--quiet): "✓ Downloaded" and "  path: P" for
 * people, the path alone with --quiet. Progress goes to stderr when it is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#if !defined(_WIN32)
#include <unistd.h>
#endif

#define HF_DL_MAX_LIST 256

typedef struct hf_dl_args {
    const char *repo_id;
    const char *files[HF_DL_MAX_LIST];
    int n_files;
    const char *include[HF_DL_MAX_LIST];
    int n_include;
    const char *exclude[HF_DL_MAX_LIST];
    int n_exclude;
    const char *repo_type, *revision, *cache_dir, *local_dir, *token;
    hf_out out;          /* the output flags */
    int force, max_workers, dry_run;
} hf_dl_args;

static int hf_dl_usage(FILE *f) {
    fprintf(f, "usage: hf download REPO_ID [FILENAMES...] [--repo-type {model,dataset,space}] [--revision REVISION]\n"
               "                   [--include PATTERN]... [--exclude PATTERN]... [--cache-dir DIR] [--local-dir DIR]\n"
               "                   [--force-download] [--dry-run] [--token TOKEN] [--max-workers N]\n"
               "                   [--format {auto,human,agent,json,quiet}] [--json] [-q/--quiet]\n");
    return f == stderr ? 2 : 0;
}


static int hf_dl_push(const char **list, int *n, const char *v) {
    if (*n >= HF_DL_MAX_LIST) return -1;
    list[(*n)++] = v;
    return 0;
}

static int hf_dl_parse(int argc, char **argv, hf_dl_args *a) {
    int i;
    const char *v;
    memset(a, 0, sizeof *a);
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        int flag;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) return 1;
        if ((flag = hf_out_flag(&a->out, argc, argv, &i)) != 0) {
            if (flag < 0) return 2;
            continue;
        }
        if ((v = hf_opt(argc, argv, &i, "--repo-type"))) a->repo_type = v;
        else if ((v = hf_opt(argc, argv, &i, "--revision"))) a->revision = v;
        else if ((v = hf_opt(argc, argv, &i, "--include"))) { if (hf_dl_push(a->include, &a->n_include, v)) return 2; }
        else if ((v = hf_opt(argc, argv, &i, "--exclude"))) { if (hf_dl_push(a->exclude, &a->n_exclude, v)) return 2; }
        else if ((v = hf_opt(argc, argv, &i, "--cache-dir"))) a->cache_dir = v;
        else if ((v = hf_opt(argc, argv, &i, "--local-dir"))) a->local_dir = v;
        else if ((v = hf_opt(argc, argv, &i, "--token"))) a->token = v;
        else if ((v = hf_opt(argc, argv, &i, "--max-workers"))) a->max_workers = atoi(v);
        else if (!strcmp(s, "--force-download")) a->force = 1;
        else if (!strcmp(s, "--dry-run")) a->dry_run = 1;
        else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "hf download: unknown option '%s'\n", s);
            return 2;
        } else if (!a->repo_id) a->repo_id = s;
        else if (hf_dl_push(a->files, &a->n_files, s)) return 2;
    }
    if (!a->repo_id) return 2;
    if (a->local_dir && a->cache_dir) {
        hf_out_error(&a->out, "Cannot use both `--local-dir` and `--cache-dir` at the same time. Use `--cache-dir` (or set "
                              "the HF_HOME environment variable) for shared caching, or `--local-dir` for a one-off "
                              "download to a specific directory.");
        return 3;
    }
    if (a->repo_type && strcmp(a->repo_type, "model") && strcmp(a->repo_type, "dataset") && strcmp(a->repo_type, "space")) {
        fprintf(stderr, "hf download: --repo-type must be one of model, dataset, space\n");
        return 2;
    }
    return 0;
}

/* A progress line on stderr (a terminal only), redrawn when the per-mille count changes. */
static int hf_dl_progress(void *user, const hfhub_progress *p) {
    static long last = -1;
    long now = p->bytes_total ? (long)(p->bytes_done * 1000 / p->bytes_total) : 0;
    (void)user;
    if (now == last) return 0;
    last = now;
    if (p->files_total > 1)
        fprintf(stderr, "\rFetching %u files: %u done, %.1f / %.1f MB   ", p->files_total, p->files_done,
                p->bytes_done / 1e6, p->bytes_total / 1e6);
    else
        fprintf(stderr, "\r%s: %.1f / %.1f MB   ", p->path ? p->path : "", p->bytes_done / 1e6, p->bytes_total / 1e6);
    return 0;
}

static int hf_dl_is_tty(void) {
#if defined(_WIN32)
    return 0;
#else
    return isatty(2) && !getenv("HF_HUB_DISABLE_PROGRESS_BARS");
#endif
}

static int hf_dl_cmp_info(const void *x, const void *y) {
    return strcmp(((const hfhub_dry_run_info *)x)->filename, ((const hfhub_dry_run_info *)y)->filename);
}

/* Python's dry-run report: "[dry-run] Will download N files (out of M) totalling S." and a
 * file / size table ("-" for files that would not be downloaded). */
static int hf_dl_print_dry_run(const hf_dl_args *a, hfhub_dry_run_info *infos, size_t n) {
    static const char *const keys[] = {"file", "size"};
    static const size_t headers[] = {0, 1};
    char (*sizes)[32] = (char (*)[32])calloc(n ? n : 1, sizeof *sizes);
    hf_val *cells = (hf_val *)calloc(n ? 2 * n : 1, sizeof *cells);
    hf_table t;
    size_t i, will = 0;
    uint64_t total = 0;
    char msg[160], size[32];
    if (!sizes || !cells) {
        free(sizes);
        free(cells);
        return 1;
    }
    qsort(infos, n, sizeof *infos, hf_dl_cmp_info);
    for (i = 0; i < n; i++) {
        if (infos[i].will_download) {
            will++;
            total += infos[i].file_size;
            hf_format_size(infos[i].file_size, sizes[i]);
        } else {
            strcpy(sizes[i], "-");
        }
        cells[2 * i] = hf_str(infos[i].filename);
        cells[2 * i + 1] = hf_str(sizes[i]);
    }
    hf_format_size(total, size);
    snprintf(msg, sizeof msg, "[dry-run] Will download %lu files (out of %lu) totalling %s.", (unsigned long)will,
             (unsigned long)n, size);
    hf_out_text(&a->out, msg, 0);
    memset(&t, 0, sizeof t);
    t.keys = keys;
    t.n_keys = 2;
    t.headers = headers;
    t.n_headers = 2;
    t.id_col = 0;
    t.right_col = -1;
    t.cells = cells;
    t.n_rows = n;
    hf_out_table(&a->out, &t);
    free(cells);
    free(sizes);
    return 0;
}

/* Python's rules: a folder argument "dir/" cannot be mixed with --include/--exclude;
 * explicit file names make --include/--exclude ignored (with a warning). */
static int hf_dl_check_combinations(const hf_dl_args *a, int *n_regular, int *n_folders) {
    int i;
    const char *folder = NULL;
    *n_regular = *n_folders = 0;
    for (i = 0; i < a->n_files; i++) {
        size_t n = strlen(a->files[i]);
        if (n && a->files[i][n - 1] == '/') {
            (*n_folders)++;
            if (!folder) folder = a->files[i];
        } else {
            (*n_regular)++;
        }
    }
    if (folder && (a->n_include || a->n_exclude)) {
        char msg[1200];
        snprintf(msg, sizeof msg, a->n_include
                 ? "Cannot combine subfolder argument ('%s') with `--include`. Please use `--include \"%s*\"` instead."
                 : "Cannot combine subfolder argument ('%s') with `--exclude`. Please use `--include \"%s*\"` with "
                   "`--exclude` instead.", folder, folder);
        hf_out_error(&a->out, msg);
        return -1;
    }
    if (*n_regular && a->n_include) hf_out_warning(&a->out, "Ignoring `--include` since filenames have being explicitly set.");
    if (*n_regular && a->n_exclude) hf_out_warning(&a->out, "Ignoring `--exclude` since filenames have being explicitly set.");
    return 0;
}

static int hf_dl_run(hfhub_client *c, hf_dl_args *a) {
    hfhub_snapshot_opts o;
    char *path = NULL;
    hfhub_result r;
    int i, n_regular, n_folders;
    char patterns[HF_DL_MAX_LIST][1024];
    const char *allow[HF_DL_MAX_LIST];
    if (hf_dl_check_combinations(a, &n_regular, &n_folders)) return 1;
    memset(&o, 0, sizeof o);
    o.dl.repo_type = a->repo_type;
    o.dl.revision = a->revision;
    o.dl.cache_dir = a->cache_dir;
    o.dl.local_dir = a->local_dir;
    o.dl.token = a->token;
    o.dl.force_download = a->force;
    o.max_workers = a->max_workers;
    if (a->out.mode != HF_OUT_QUIET && hf_dl_is_tty()) o.dl.progress = hf_dl_progress;
    if (n_regular == 1 && n_folders == 0) {
        if (a->dry_run) {
            hfhub_dry_run_info *info = NULL;
            r = hfhub_download_dry_run(c, a->repo_id, a->files[0], &o.dl, &info);
            if (!r && hf_dl_print_dry_run(a, info, 1)) r = HFHUB_ERR_NOMEM;
            hfhub_free(c, info);
        } else {
            r = hfhub_download(c, a->repo_id, a->files[0], &o.dl, &path);
        }
    } else {
        if (a->n_files) { /* names, and a folder "dir/" as the pattern dir + "/" + "**" */
            for (i = 0; i < a->n_files; i++) {
                size_t n = strlen(a->files[i]);
                while (n && a->files[i][n - 1] == '/') n--;
                if (n < strlen(a->files[i])) snprintf(patterns[i], sizeof patterns[i], "%.*s/**", (int)n, a->files[i]);
                else snprintf(patterns[i], sizeof patterns[i], "%s", a->files[i]);
                allow[i] = patterns[i];
            }
            o.allow_patterns = allow;
            o.n_allow = (size_t)a->n_files;
        } else {
            if (a->n_include) {
                o.allow_patterns = a->include;
                o.n_allow = (size_t)a->n_include;
            }
            o.ignore_patterns = a->exclude;
            o.n_ignore = (size_t)a->n_exclude;
        }
        if (a->dry_run) {
            hfhub_dry_run_info *infos = NULL;
            size_t n = 0;
            r = hfhub_snapshot_download_dry_run(c, a->repo_id, &o, &infos, &n);
            if (!r && hf_dl_print_dry_run(a, infos, n)) r = HFHUB_ERR_NOMEM;
            hfhub_free(c, infos);
        } else {
            r = hfhub_snapshot_download(c, a->repo_id, &o, &path);
        }
    }
    if (o.dl.progress) fprintf(stderr, "\n");
    if (r) {
        hf_out_error(&a->out, hfhub_last_error()->message);
        hf_out_hint(&a->out, "set HF_DEBUG=1 as environment variable for full traceback.");
        return 1;
    }
    if (path) {
        static const char *const keys[] = {"path"};
        hf_val v = hf_str(path);
        hf_out_result(&a->out, "Downloaded", keys, &v, 1);
    }
    hfhub_free(c, path);
    return 0;
}

int cmd_download(int argc, char **argv) {
    hf_dl_args a;
    hfhub_config cfg;
    hfhub_client *c = NULL;
    int rc = hf_dl_parse(argc, argv, &a);
    if (rc == 1) return hf_dl_usage(stdout);
    if (rc == 2) return hf_dl_usage(stderr);
    if (rc == 3) return 1;
    memset(&cfg, 0, sizeof cfg);
    cfg.library_name = "huggingface-cli"; /* as Python's CLI */
    cfg.library_version = hfhub_version();
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) {
        fprintf(stderr, "hf download: %s\n", hfhub_last_error()->message);
        return 1;
    }
    rc = hf_dl_run(c, &a);
    hfhub_client_free(c);
    return rc;
}
