/* cmd_upload.c: `hf upload REPO_ID [LOCAL_PATH] [PATH_IN_REPO]` and the legacy
 * `hf repo-files delete REPO_ID PATTERNS...`, as Python's. upload always creates the repo
 * first (exist_ok; Spaces get the gradio SDK), creates a missing --revision branch (not for
 * PRs), then uploads one file or a folder in one commit; --every N repeats the folder
 * upload every N minutes (unchanged files are no-ops) until interrupted. The result is
 * "✓ Uploaded" and "  url: ..." (Python's CommitInfo string) in Python's output formats.
 * Progress goes to stderr when it is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#if !defined(_WIN32)
#include <sys/stat.h>
#include <unistd.h>
#endif

#define HF_UP_MAX_LIST 256

typedef struct hf_up_args {
    const char *pos[3];
    int n_pos;
    const char *include[HF_UP_MAX_LIST];
    int n_include;
    const char *exclude[HF_UP_MAX_LIST];
    int n_exclude;
    const char *del[HF_UP_MAX_LIST];
    int n_del;
    const char *repo_type, *revision, *token, *message, *description, *every;
    int private_repo, create_pr;
    hf_out out;
    char uri_repo[512], uri_rev[256], uri_path[1024]; /* from an hf:// REPO_ID */
    const char *repo_id, *local_path, *path_in_repo;
    char local_buf[1024], pir_buf[1024];
} hf_up_args;

static int hf_up_usage(FILE *f) {
    fprintf(f, "usage: hf upload REPO_ID [LOCAL_PATH] [PATH_IN_REPO] [--repo-type {model,dataset,space}]\n"
               "                 [--revision REVISION] [--private] [--include PATTERN]... [--exclude PATTERN]...\n"
               "                 [--delete PATTERN]... [--commit-message MSG] [--commit-description DESC]\n"
               "                 [--create-pr] [--every MINUTES] [--token TOKEN] [--format FMT] [--json] [-q/--quiet]\n");
    return f == stderr ? 2 : 0;
}


static int hf_up_push(const char **list, int *n, const char *v) {
    if (*n >= HF_UP_MAX_LIST) return -1;
    list[(*n)++] = v;
    return 0;
}

/* Python's parse_hf_uri for repos: hf://[models/|datasets/|spaces/]ns/name[@rev][/path]. */
static int hf_up_parse_uri(hf_up_args *a, const char *s) {
    const char *p = s + 5, *at, *slash;
    if (!strncmp(p, "datasets/", 9)) { a->repo_type = "dataset"; p += 9; }
    else if (!strncmp(p, "spaces/", 7)) { a->repo_type = "space"; p += 7; }
    else if (!strncmp(p, "models/", 7)) { a->repo_type = "model"; p += 7; }
    else if (!strncmp(p, "buckets/", 8)) {
        hf_out_error(&a->out, "Buckets are not supported by `hf upload`. Use `hf sync` instead.");
        return -1;
    }
    slash = strchr(p, '/');
    if (!slash) return -1;
    slash = strchr(slash + 1, '/');
    at = strchr(p, '@');
    if (at && (!slash || at < slash)) {
        const char *end = strchr(at, '/');
        snprintf(a->uri_repo, sizeof a->uri_repo, "%.*s", (int)(at - p), p);
        snprintf(a->uri_rev, sizeof a->uri_rev, "%.*s", (int)(end ? (size_t)(end - at - 1) : strlen(at + 1)), at + 1);
        a->revision = a->uri_rev;
        slash = end;
    } else {
        snprintf(a->uri_repo, sizeof a->uri_repo, "%.*s", (int)(slash ? (size_t)(slash - p) : strlen(p)), p);
    }
    if (slash && slash[1]) snprintf(a->uri_path, sizeof a->uri_path, "%s", slash + 1);
    a->repo_id = a->uri_repo;
    return 0;
}

static int hf_up_parse(int argc, char **argv, hf_up_args *a) {
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
        if ((v = hf_opt(argc, argv, &i, "--repo-type")) || (v = hf_opt(argc, argv, &i, "--type"))) a->repo_type = v;
        else if ((v = hf_opt(argc, argv, &i, "--revision"))) a->revision = v;
        else if ((v = hf_opt(argc, argv, &i, "--include"))) { if (hf_up_push(a->include, &a->n_include, v)) return 2; }
        else if ((v = hf_opt(argc, argv, &i, "--exclude"))) { if (hf_up_push(a->exclude, &a->n_exclude, v)) return 2; }
        else if ((v = hf_opt(argc, argv, &i, "--delete"))) { if (hf_up_push(a->del, &a->n_del, v)) return 2; }
        else if ((v = hf_opt(argc, argv, &i, "--commit-message"))) a->message = v;
        else if ((v = hf_opt(argc, argv, &i, "--commit-description"))) a->description = v;
        else if ((v = hf_opt(argc, argv, &i, "--every"))) a->every = v;
        else if ((v = hf_opt(argc, argv, &i, "--token"))) a->token = v;
        else if (!strcmp(s, "--private")) a->private_repo = 1;
        else if (!strcmp(s, "--create-pr")) a->create_pr = 1;
        else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "hf upload: unknown option '%s'\n", s);
            return 2;
        } else if (a->n_pos < 3) a->pos[a->n_pos++] = s;
        else return 2;
    }
    if (!a->n_pos) return 2;
    if (a->repo_type && strcmp(a->repo_type, "model") && strcmp(a->repo_type, "dataset") && strcmp(a->repo_type, "space")) {
        fprintf(stderr, "hf upload: --repo-type must be one of model, dataset, space\n");
        return 2;
    }
    if (!strncmp(a->pos[0], "hf://", 5)) {
        if (a->repo_type || a->revision) {
            hf_out_error(&a->out, "'--repo-type' and '--revision' cannot be used with an 'hf://' URI.");
            return 3;
        }
        if (hf_up_parse_uri(a, a->pos[0])) return 3;
        if (a->uri_path[0] && a->n_pos > 2) {
            hf_out_error(&a->out, "Cannot combine a path in the hf:// URI with the `path_in_repo` argument.");
            return 3;
        }
    } else {
        a->repo_id = a->pos[0];
    }
    return 0;
}

static int hf_up_is_file(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int hf_up_is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Python's _resolve_upload_paths: the defaults of LOCAL_PATH and PATH_IN_REPO, and a
 * wildcard LOCAL_PATH as an include pattern over the current folder. */
static int hf_up_resolve(hf_up_args *a) {
    const char *name = strrchr(a->repo_id, '/') ? strrchr(a->repo_id, '/') + 1 : a->repo_id;
    const char *local = a->n_pos > 1 ? a->pos[1] : NULL;
    const char *pir = a->n_pos > 2 ? a->pos[2] : (a->uri_path[0] ? a->uri_path : NULL);
    if (local && strpbrk(local, "*?[")) {
        if (a->n_include) { hf_out_error(&a->out, "Cannot set --include when local_path contains a wildcard."); return -1; }
        if (pir && strcmp(pir, ".")) { hf_out_error(&a->out, "Cannot set path_in_repo when local_path contains a wildcard."); return -1; }
        a->include[a->n_include++] = local;
        a->local_path = ".";
        a->path_in_repo = ".";
        return 0;
    }
    if (!local) {
        if (hf_up_is_file(name)) { a->local_path = name; a->path_in_repo = pir ? pir : name; return 0; }
        if (hf_up_is_dir(name)) { a->local_path = name; a->path_in_repo = pir ? pir : "."; return 0; }
        snprintf(a->local_buf, sizeof a->local_buf, "'%s' is not a local file or folder. Please set local_path explicitly.", name);
        hf_out_error(&a->out, a->local_buf);
        return -1;
    }
    a->local_path = local;
    if (pir) a->path_in_repo = pir;
    else if (hf_up_is_file(local)) {
        const char *base = strrchr(local, '/');
        a->path_in_repo = base ? base + 1 : local;
    } else a->path_in_repo = ".";
    return 0;
}

static int hf_up_progress(void *user, const hfhub_progress *p) {
    static long last = -1;
    long now = p->bytes_total ? (long)(p->bytes_done * 1000 / p->bytes_total) : 0;
    (void)user;
    if (now == last) return 0;
    last = now;
    fprintf(stderr, "\rUploading %u LFS file%s: %u done, %.1f / %.1f MB   ", p->files_total, p->files_total == 1 ? "" : "s",
            p->files_done, p->bytes_done / 1e6, p->bytes_total / 1e6);
    return 0;
}

static int hf_up_hash_progress(void *user, const hfhub_progress *p) {
    static long last = -1;
    long now = p->bytes_total ? (long)(p->bytes_done * 1000 / p->bytes_total) : 0;
    (void)user;
    if (now == last && p->files_done != p->files_total) return 0;
    last = now;
    fprintf(stderr, "\rHashing %u file%s: %u done, %.1f / %.1f MB   ", p->files_total, p->files_total == 1 ? "" : "s",
            p->files_done, p->bytes_done / 1e6, p->bytes_total / 1e6);
    if (p->files_done == p->files_total) fprintf(stderr, "\n");
    return 0;
}

static int hf_up_is_tty(void) {
#if defined(_WIN32)
    return 0;
#else
    return isatty(2) && !getenv("HF_HUB_DISABLE_PROGRESS_BARS");
#endif
}

static int hf_up_fail(const hf_up_args *a) {
    hf_out_error(&a->out, hfhub_last_error()->message);
    hf_out_hint(&a->out, "set HF_DEBUG=1 as environment variable for full traceback.");
    return 1;
}

/* create_repo(exist_ok) and the branch of --revision when it is missing. */
static hfhub_result hf_up_prepare(hfhub_client *c, const hf_up_args *a) {
    hfhub_create_repo_opts ro;
    hfhub_result r;
    const char *type = a->repo_type ? a->repo_type : "model";
    memset(&ro, 0, sizeof ro);
    ro.repo_type = type;
    ro.exist_ok = 1;
    ro.private_repo = a->private_repo ? HFHUB_ON : 0;
    if (!strcmp(type, "space")) ro.space_sdk = "gradio";
    if ((r = hfhub_create_repo(c, a->repo_id, &ro, NULL)) != HFHUB_OK) return r;
    if (a->revision && !a->create_pr) {
        hfhub_ref_opts o;
        hfhub_download_opts d;
        char buf[1];
        size_t len;
        memset(&d, 0, sizeof d);
        d.repo_type = type;
        d.revision = a->revision;
        /* the revision exists when a file request does not say RevisionNotFound */
        r = hfhub_download_to_buffer(c, a->repo_id, ".gitattributes", &d, buf, 0, &len);
        if (r != HFHUB_ERR_REVISION_NOT_FOUND) return HFHUB_OK;
        memset(&o, 0, sizeof o);
        o.repo_type = type;
        o.exist_ok = 1;
        return hfhub_create_branch(c, a->repo_id, a->revision, &o);
    }
    return HFHUB_OK;
}

static hfhub_result hf_up_once(hfhub_client *c, const hf_up_args *a, hfhub_commit_info **ci) {
    hfhub_upload_opts o;
    memset(&o, 0, sizeof o);
    o.commit.repo_type = a->repo_type;
    o.commit.revision = a->revision;
    o.commit.commit_description = a->description;
    o.commit.create_pr = a->create_pr;
    if (a->out.mode != HF_OUT_QUIET && hf_up_is_tty()) {
        o.commit.progress = hf_up_progress;
        o.commit.hash_progress = hf_up_hash_progress;
    }
    o.commit_message = a->message;
    if (hf_up_is_file(a->local_path)) {
        if (a->n_include) hf_out_warning(&a->out, "Ignoring --include since a single file is uploaded.");
        if (a->n_exclude) hf_out_warning(&a->out, "Ignoring --exclude since a single file is uploaded.");
        if (a->n_del) hf_out_warning(&a->out, "Ignoring --delete since a single file is uploaded.");
        return hfhub_upload_file(c, a->repo_id, a->local_path, a->path_in_repo, &o, ci);
    }
    if (a->n_include) {
        o.allow_patterns = a->include;
        o.n_allow = (size_t)a->n_include;
    }
    o.ignore_patterns = a->exclude;
    o.n_ignore = (size_t)a->n_exclude;
    if (a->n_del) {
        o.delete_patterns = a->del;
        o.n_delete = (size_t)a->n_del;
    }
    return hfhub_upload_folder(c, a->repo_id, a->local_path, a->path_in_repo, &o, ci);
}

static hfhub_client *hf_up_client(const char *token) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.token = token;
    cfg.library_name = "huggingface-cli"; /* as Python's CLI */
    cfg.library_version = hfhub_version();
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) {
        fprintf(stderr, "hf: %s\n", hfhub_last_error()->message);
        return NULL;
    }
    return c;
}

int cmd_upload(int argc, char **argv) {
    hf_up_args a;
    hfhub_client *c;
    hfhub_commit_info *ci = NULL;
    hfhub_result r;
    double every = 0;
    int rc = hf_up_parse(argc, argv, &a);
    if (rc == 1) return hf_up_usage(stdout);
    if (rc == 2) return hf_up_usage(stderr);
    if (rc == 3 || hf_up_resolve(&a)) return 1;
    if (a.every && (every = atof(a.every)) <= 0) {
        hf_out_error(&a.out, "Invalid value for '--every': --every must be a positive value");
        return 2;
    }
    if (!hf_up_is_file(a.local_path) && !hf_up_is_dir(a.local_path)) {
        char msg[1100];
        snprintf(msg, sizeof msg, "No such file or directory: '%.1000s'.", a.local_path);
        hf_out_error(&a.out, msg);
        return 1;
    }
    if (!(c = hf_up_client(a.token))) return 1;
    r = hf_up_prepare(c, &a);
    if (!r && every > 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "Scheduling commits every %g minutes to %s.", every, a.repo_id);
        hf_out_text(&a.out, msg, 0);
        for (;;) { /* until interrupted, like the CommitScheduler's loop */
            if ((r = hf_up_once(c, &a, &ci)) != HFHUB_OK) break;
            hfhub_free(c, ci);
            ci = NULL;
#if !defined(_WIN32)
            sleep((unsigned)(every * 60));
#endif
        }
    } else if (!r) {
        r = hf_up_once(c, &a, &ci);
    }
    if (hf_up_is_tty() && a.out.mode != HF_OUT_QUIET) fprintf(stderr, "\n");
    if (r) rc = hf_up_fail(&a);
    else {
        static const char *const keys[] = {"url"};
        hf_val v = hf_str(ci->url);
        hf_out_result(&a.out, "Uploaded", keys, &v, 1);
        rc = 0;
    }
    hfhub_free(c, ci);
    hfhub_client_free(c);
    return rc;
}

/* ---- hf repos delete-files / hf repo-files delete ------------------------------------------ */

/* argv: REPO_ID PATTERNS... [options]; legacy: `hf repo-files delete` (its deprecation warning). */
int hf_delete_files_cmd(int argc, char **argv, int legacy) {
    const char *patterns[HF_UP_MAX_LIST];
    const char *repo_id = NULL, *v;
    int n = 0, i, rc;
    hf_up_args a; /* only its flags */
    hfhub_upload_opts o;
    hfhub_client *c;
    hfhub_commit_info *ci = NULL;
    memset(&a, 0, sizeof a);
    memset(&o, 0, sizeof o);
    const char *cmd = legacy ? "hf repo-files delete" : "hf repos delete-files";
    for (i = 0; i < argc; i++) {
        int flag = hf_out_flag(&a.out, argc, argv, &i);
        if (flag < 0) return 2;
        if (flag) continue;
        if ((v = hf_opt(argc, argv, &i, "--repo-type")) || (v = hf_opt(argc, argv, &i, "--type"))) o.commit.repo_type = v;
        else if ((v = hf_opt(argc, argv, &i, "--revision"))) o.commit.revision = v;
        else if ((v = hf_opt(argc, argv, &i, "--commit-message"))) o.commit_message = v;
        else if ((v = hf_opt(argc, argv, &i, "--commit-description"))) o.commit.commit_description = v;
        else if ((v = hf_opt(argc, argv, &i, "--token"))) a.token = v;
        else if (!strcmp(argv[i], "--create-pr")) o.commit.create_pr = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "%s: unknown option '%s'\n", cmd, argv[i]);
            return 2;
        } else if (!repo_id) repo_id = argv[i];
        else if (hf_up_push(patterns, &n, argv[i])) return 2;
    }
    if (!repo_id || !n) {
        fprintf(stderr, "%s: REPO_ID and at least one pattern are required\n", cmd);
        return 2;
    }
    if (legacy) hf_out_warning(&a.out, "`hf repo-files delete` is deprecated. Use `hf repos delete-files` instead.");
    if (!(c = hf_up_client(a.token))) return 1;
    if (hfhub_delete_files(c, repo_id, patterns, (size_t)n, &o, &ci) != HFHUB_OK) rc = hf_up_fail(&a);
    else {
        static const char *const keys[] = {"repo_id", "commit_url"};
        hf_val vals[2];
        vals[0] = hf_str(repo_id);
        vals[1] = hf_str(ci->url);
        hf_out_result(&a.out, "Files deleted", keys, vals, 2);
        rc = 0;
    }
    hfhub_free(c, ci);
    hfhub_client_free(c);
    return rc;
}

int cmd_repo_files(int argc, char **argv) {
    if (argc < 1 || strcmp(argv[0], "delete")) {
        fprintf(stderr, "usage: hf repo-files delete REPO_ID PATTERNS... [--repo-type TYPE] [--revision REV]\n"
                        "                           [--commit-message MSG] [--commit-description DESC] [--create-pr] [--token T]\n");
        return 2;
    }
    return hf_delete_files_cmd(argc - 1, argv + 1, 1);
}

/* ---- hf upload-large-folder -------------------------------------------------------------- */

int cmd_upload_large_folder(int argc, char **argv) {
    const char *pos[2], *v, *token = NULL;
    const char *include[HF_UP_MAX_LIST], *exclude[HF_UP_MAX_LIST];
    int n_pos = 0, n_inc = 0, n_exc = 0, no_report = 0, no_bars = 0, i, rc;
    hfhub_upload_large_folder_opts o;
    hfhub_upload_large_folder_report rep;
    hfhub_client *c;
    hf_out out;
    memset(&o, 0, sizeof o);
    memset(&out, 0, sizeof out);
    o.repo_type = "model";
    for (i = 0; i < argc; i++) {
        int flag = hf_out_flag(&out, argc, argv, &i);
        if (flag < 0) return 2;
        if (flag) continue;
        if ((v = hf_opt(argc, argv, &i, "--repo-type")) || (v = hf_opt(argc, argv, &i, "--type"))) o.repo_type = v;
        else if ((v = hf_opt(argc, argv, &i, "--revision"))) o.revision = v;
        else if ((v = hf_opt(argc, argv, &i, "--include"))) { if (hf_up_push(include, &n_inc, v)) return 2; }
        else if ((v = hf_opt(argc, argv, &i, "--exclude"))) { if (hf_up_push(exclude, &n_exc, v)) return 2; }
        else if ((v = hf_opt(argc, argv, &i, "--token"))) token = v;
        else if ((v = hf_opt(argc, argv, &i, "--num-workers"))) o.num_workers = atoi(v);
        else if (!strcmp(argv[i], "--private")) o.private_repo = 1;
        else if (!strcmp(argv[i], "--no-report")) no_report = 1;
        else if (!strcmp(argv[i], "--no-bars")) no_bars = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") || (argv[i][0] == '-' && argv[i][1]) || n_pos == 2) {
            fprintf(stderr, "usage: hf upload-large-folder REPO_ID LOCAL_PATH [--repo-type TYPE] [--revision REV] [--private]\n"
                            "                              [--include P]... [--exclude P]... [--token T] [--num-workers N]\n"
                            "                              [--no-report] [--no-bars]\n");
            return strcmp(argv[i], "-h") && strcmp(argv[i], "--help") ? 2 : 0;
        } else pos[n_pos++] = argv[i];
    }
    if (n_pos != 2) {
        fprintf(stderr, "hf upload-large-folder: REPO_ID and LOCAL_PATH are required\n");
        return 2;
    }
    if (!hf_up_is_dir(pos[1])) {
        fprintf(stderr, "Error: Invalid value for 'LOCAL_PATH': Large upload is only supported for folders.\n");
        return 2;
    }
    if (n_inc) {
        o.allow_patterns = include;
        o.n_allow = (size_t)n_inc;
    }
    o.ignore_patterns = exclude;
    o.n_ignore = (size_t)n_exc;
    if (!no_bars && hf_up_is_tty()) o.progress = hf_up_progress;
    if (!(c = hf_up_client(token))) return 1;
    memset(&rep, 0, sizeof rep);
    rc = hfhub_upload_large_folder(c, pos[0], pos[1], &o, &rep) != HFHUB_OK;
    if (o.progress) fprintf(stderr, "\n");
    if (!no_report)
        printf("Files:   hashed %lu/%lu | pre-uploaded: %lu | committed: %lu/%lu | ignored: %lu\n",
               (unsigned long)rep.hashed, (unsigned long)rep.files, (unsigned long)rep.uploaded,
               (unsigned long)rep.committed, (unsigned long)rep.files, (unsigned long)rep.ignored);
    if (rc) {
        hf_out_error(&out, hfhub_last_error()->message);
        hf_out_hint(&out, "set HF_DEBUG=1 as environment variable for full traceback.");
    }
    hfhub_client_free(c);
    return rc;
}
