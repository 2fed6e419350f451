/* cmd_download.c: `hf download REPO_ID [FILENAMES...]`, as Python's: one plain filename is an
 * hf_hub_download, anything else a snapshot_download (explicit names become allow patterns,
 * a folder "dir/" matches everything below it). The result is printed on stdout in the
 * output format of Python's CLI (--format human|agent|json|quiet, --json, -q/--quiet):
 * "✓ Downloaded" and "  path: P" for people, the path alone with --quiet; progress goes to
 * stderr when it is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
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
    const char *format;  /* "human", "agent", "json" or "quiet" */
    int force, max_workers, dry_run;
} hf_dl_args;

static int hf_dl_usage(FILE *f) {
    fprintf(f, "usage: hf download REPO_ID [FILENAMES...] [--repo-type {model,dataset,space}] [--revision REVISION]\n"
               "                   [--include PATTERN]... [--exclude PATTERN]... [--cache-dir DIR] [--local-dir DIR]\n"
               "                   [--force-download] [--dry-run] [--token TOKEN] [--max-workers N]\n"
               "                   [--format {auto,human,agent,json,quiet}] [--json] [-q/--quiet]\n");
    return f == stderr ? 2 : 0;
}

/* "--name value" or "--name=value": the value, advancing *i; NULL when argv[*i] is not it. */
static const char *hf_dl_opt(int argc, char **argv, int *i, const char *name) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n)) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] || *i + 1 >= argc) return NULL;
    return argv[++*i];
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
    a->format = "human";
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) return 1;
        if ((v = hf_dl_opt(argc, argv, &i, "--repo-type"))) a->repo_type = v;
        else if ((v = hf_dl_opt(argc, argv, &i, "--revision"))) a->revision = v;
        else if ((v = hf_dl_opt(argc, argv, &i, "--include"))) { if (hf_dl_push(a->include, &a->n_include, v)) return 2; }
        else if ((v = hf_dl_opt(argc, argv, &i, "--exclude"))) { if (hf_dl_push(a->exclude, &a->n_exclude, v)) return 2; }
        else if ((v = hf_dl_opt(argc, argv, &i, "--cache-dir"))) a->cache_dir = v;
        else if ((v = hf_dl_opt(argc, argv, &i, "--local-dir"))) a->local_dir = v;
        else if ((v = hf_dl_opt(argc, argv, &i, "--token"))) a->token = v;
        else if ((v = hf_dl_opt(argc, argv, &i, "--max-workers"))) a->max_workers = atoi(v);
        else if ((v = hf_dl_opt(argc, argv, &i, "--format"))) a->format = strcmp(v, "auto") ? v : "human";
        else if (!strcmp(s, "--force-download")) a->force = 1;
        else if (!strcmp(s, "--dry-run")) a->dry_run = 1;
        else if (!strcmp(s, "--json")) a->format = "json";
        else if (!strcmp(s, "--quiet") || !strcmp(s, "-q")) a->format = "quiet";
        else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "hf download: unknown option '%s'\n", s);
            return 2;
        } else if (!a->repo_id) a->repo_id = s;
        else if (hf_dl_push(a->files, &a->n_files, s)) return 2;
    }
    if (!a->repo_id) return 2;
    if (strcmp(a->format, "human") && strcmp(a->format, "agent") && strcmp(a->format, "json") && strcmp(a->format, "quiet")) {
        fprintf(stderr, "hf download: --format must be one of auto, human, agent, json, quiet\n");
        return 2;
    }
    if (a->local_dir && a->cache_dir) {
        fprintf(stderr, "Error: Cannot use both `--local-dir` and `--cache-dir` at the same time. Use `--cache-dir` (or set "
                        "the HF_HOME environment variable) for shared caching, or `--local-dir` for a one-off download to "
                        "a specific directory.\n");
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

/* JSON string body (the path) with the escapes JSON needs. */
static void hf_dl_json_string(const char *v) {
    putchar('"');
    for (; *v; v++) {
        if (*v == '"' || *v == '\\') printf("\\%c", *v);
        else if ((unsigned char)*v < 0x20) printf("\\u%04x", *v);
        else putchar(*v);
    }
    putchar('"');
}

/* Python's out.result("Downloaded", path=...) in each output format. */
static void hf_dl_print_result(const hf_dl_args *a, const char *path) {
    if (!strcmp(a->format, "quiet")) printf("%s\n", path);
    else if (!strcmp(a->format, "agent")) printf("path=%s\n", path);
    else if (!strcmp(a->format, "json")) {
        printf("{\"path\": ");
        hf_dl_json_string(path);
        printf("}\n");
    } else {
#if !defined(_WIN32)
        int color = isatty(1) && !getenv("NO_COLOR");
#else
        int color = 0;
#endif
        printf("%s\xE2\x9C\x93 Downloaded%s\n  path: %s\n", color ? "\033[32m" : "", color ? "\033[0m" : "", path);
    }
}

/* Python's _format_size: 3.1f with decimal units. */
static void hf_dl_format_size(uint64_t n, char *out, size_t cap) {
    static const char *const units[] = {"", "K", "M", "G", "T", "P", "E", "Z"};
    double v = (double)n;
    size_t u;
    for (u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (v < 1000.0) {
            snprintf(out, cap, "%3.1f%s", v, units[u]);
            return;
        }
        v /= 1000.0;
    }
    snprintf(out, cap, "%.1fY", v);
}

/* A run of n dashes and the column separator, as tabulate's rule line. */
static void hf_dl_dashes(size_t n) {
    while (n--) putchar('-');
    putchar(' ');
}

static int hf_dl_cmp_info(const void *x, const void *y) {
    return strcmp(((const hfhub_dry_run_info *)x)->filename, ((const hfhub_dry_run_info *)y)->filename);
}

/* "[dry-run] Will download N files (out of M) totalling S." and a FILE / SIZE table. */
static void hf_dl_print_dry_run(const hf_dl_args *a, hfhub_dry_run_info *infos, size_t n) {
    size_t i, will = 0, wfile = 4, wsize = 4;
    uint64_t total = 0;
    char size[32];
    qsort(infos, n, sizeof *infos, hf_dl_cmp_info);
    for (i = 0; i < n; i++) {
        if (infos[i].will_download) {
            will++;
            total += infos[i].file_size;
            hf_dl_format_size(infos[i].file_size, size, sizeof size);
            if (strlen(size) > wsize) wsize = strlen(size);
        }
        if (strlen(infos[i].filename) > wfile) wfile = strlen(infos[i].filename);
    }
    if (!strcmp(a->format, "human") || !strcmp(a->format, "agent")) {
        hf_dl_format_size(total, size, sizeof size);
        printf("[dry-run] Will download %lu files (out of %lu) totalling %s.\n", (unsigned long)will, (unsigned long)n, size);
    }
    if (!strcmp(a->format, "human")) {
        printf("%-*s %-*s \n", (int)wfile, "FILE", (int)wsize, "SIZE");
        hf_dl_dashes(wfile);
        hf_dl_dashes(wsize);
        printf("\n");
    } else if (!strcmp(a->format, "agent")) {
        printf("file\tsize\n");
    } else if (!strcmp(a->format, "json")) {
        printf("[");
    }
    for (i = 0; i < n; i++) {
        if (infos[i].will_download) hf_dl_format_size(infos[i].file_size, size, sizeof size);
        else strcpy(size, "-");
        if (!strcmp(a->format, "human")) printf("%-*s %-*s \n", (int)wfile, infos[i].filename, (int)wsize, size);
        else if (!strcmp(a->format, "agent")) printf("%s\t%s\n", infos[i].filename, size);
        else if (!strcmp(a->format, "quiet")) printf("%s\n", infos[i].filename);
        else {
            printf("%s{\"file\": ", i ? ", " : "");
            hf_dl_json_string(infos[i].filename);
            printf(", \"size\": ");
            hf_dl_json_string(size);
            printf("}");
        }
    }
    if (!strcmp(a->format, "json")) printf("]\n");
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
    if (folder && a->n_include) {
        fprintf(stderr, "Error: Cannot combine subfolder argument ('%s') with `--include`. Please use `--include \"%s*\"` "
                        "instead.\n", folder, folder);
        return -1;
    }
    if (folder && a->n_exclude) {
        fprintf(stderr, "Error: Cannot combine subfolder argument ('%s') with `--exclude`. Please use `--include \"%s*\"` "
                        "with `--exclude` instead.\n", folder, folder);
        return -1;
    }
    if (*n_regular && a->n_include) fprintf(stderr, "Warning: Ignoring `--include` since filenames have being explicitly set.\n");
    if (*n_regular && a->n_exclude) fprintf(stderr, "Warning: Ignoring `--exclude` since filenames have being explicitly set.\n");
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
    if (strcmp(a->format, "quiet") && hf_dl_is_tty()) o.dl.progress = hf_dl_progress;
    if (n_regular == 1 && n_folders == 0) {
        if (a->dry_run) {
            hfhub_dry_run_info *info = NULL;
            r = hfhub_download_dry_run(c, a->repo_id, a->files[0], &o.dl, &info);
            if (!r) hf_dl_print_dry_run(a, info, 1);
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
            if (!r) hf_dl_print_dry_run(a, infos, n);
            hfhub_free(c, infos);
        } else {
            r = hfhub_snapshot_download(c, a->repo_id, &o, &path);
        }
    }
    if (o.dl.progress) fprintf(stderr, "\n");
    if (r) {
        fprintf(stderr, "Error: %s\nSet HF_DEBUG=1 as environment variable for full traceback.\n", hfhub_last_error()->message);
        return 1;
    }
    if (path) hf_dl_print_result(a, path);
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
