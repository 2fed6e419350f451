/* cmd_jobs.c: `hf jobs run|uv run|ps|inspect|logs|cancel|wait|labels|hardware|scheduled ...`
 * with the flags, texts and exit codes of Python's `hf jobs` (huggingface_hub/cli/jobs.py). */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <time.h>
#include "hfhub_xet.h" /* local uv scripts go to a bucket through Xet */
#include "cmds.h"
#include "output.h"
#include "compute_cli.h"
#include "compute_out.h"

#define JOBS_MAX 256

/* ---- shared options ---------------------------------------------------------------------- */

typedef struct jobs_args {
    hf_out out;
    const char *ns, *token, *flavor, *timeout, *name, *image, *python, *schedule, *resource_group;
    const char *env_file, *secrets_file, *identity_file;
    const char *env[JOBS_MAX], *secrets[JOBS_MAX], *labels[JOBS_MAX], *volumes[JOBS_MAX], *with[JOBS_MAX];
    const char *status[JOBS_MAX];
    size_t n_env, n_secrets, n_labels, n_volumes, n_with, n_status;
    int expose[JOBS_MAX];
    size_t n_expose;
    int detach, ssh, all, follow, tail, dry_run, clear, suspend, concurrency, limit;
    char **pos;                  /* positionals (and everything after the command starts) */
    int n_pos;
} jobs_args;

static int jobs_push(const char **arr, size_t *n, const char *v) {
    if (*n >= JOBS_MAX) {
        fprintf(stderr, "Error: too many values.\n");
        return -1;
    }
    arr[(*n)++] = v;
    return 0;
}

/* Parses options; positionals are collected, and from the `rest_after`-th positional on
 * (the image or script) everything is positional (Python's ignore_unknown_options). */
static int jobs_parse(jobs_args *a, int argc, char **argv, int rest_after, const char *cmd) {
    int i, r;
    memset(a, 0, sizeof *a);
    a->limit = 100;
    a->pos = argv;
    for (i = 0; i < argc; i++) {
        const char *v = NULL;
        char *s = argv[i];
        if (rest_after && a->n_pos >= rest_after) {
            a->pos[a->n_pos++] = s;
            continue;
        }
        if (!strcmp(s, "--")) {
            for (i++; i < argc; i++) a->pos[a->n_pos++] = argv[i];
            break;
        }
        if ((r = hf_out_flag(&a->out, argc, argv, &i)) != 0) {
            if (r < 0) return 2;
            continue;
        }
#define JOBS_OPT(name) ((r = hf_cli_opt(argc, argv, &i, name, &v)) != 0)
        if (JOBS_OPT("--namespace")) { if (r < 0) return 2; a->ns = v; }
        else if (JOBS_OPT("--token")) { if (r < 0) return 2; a->token = v; }
        else if (JOBS_OPT("--flavor")) { if (r < 0) return 2; a->flavor = v; }
        else if (JOBS_OPT("--timeout")) { if (r < 0) return 2; a->timeout = v; }
        else if (JOBS_OPT("--name")) { if (r < 0) return 2; a->name = v; }
        else if (JOBS_OPT("--image")) { if (r < 0) return 2; a->image = v; }
        else if (JOBS_OPT("--python") || JOBS_OPT("-p")) { if (r < 0) return 2; a->python = v; }
        else if (JOBS_OPT("--env-file")) { if (r < 0) return 2; a->env_file = v; }
        else if (JOBS_OPT("--secrets-file")) { if (r < 0) return 2; a->secrets_file = v; }
        else if (JOBS_OPT("--resource-group-id")) { if (r < 0) return 2; a->resource_group = v; }
        else if (JOBS_OPT("--identity-file") || JOBS_OPT("-i")) { if (r < 0) return 2; a->identity_file = v; }
        else if (JOBS_OPT("--env") || JOBS_OPT("-e")) { if (r < 0 || jobs_push(a->env, &a->n_env, v)) return 2; }
        else if (JOBS_OPT("--secrets") || JOBS_OPT("-s")) { if (r < 0 || jobs_push(a->secrets, &a->n_secrets, v)) return 2; }
        else if (JOBS_OPT("--label") || JOBS_OPT("-l")) { if (r < 0 || jobs_push(a->labels, &a->n_labels, v)) return 2; }
        else if (JOBS_OPT("--volume") || JOBS_OPT("-v")) { if (r < 0 || jobs_push(a->volumes, &a->n_volumes, v)) return 2; }
        else if (JOBS_OPT("--with")) { if (r < 0 || jobs_push(a->with, &a->n_with, v)) return 2; }
        else if (JOBS_OPT("--status")) { if (r < 0 || jobs_push(a->status, &a->n_status, v)) return 2; }
        else if (JOBS_OPT("--tail") || JOBS_OPT("-n")) { if (r < 0) return 2; a->tail = atoi(v); }
        else if (JOBS_OPT("--limit")) { if (r < 0) return 2; a->limit = atoi(v); }
        else if (JOBS_OPT("--expose")) {
            if (r < 0) return 2;
            if (a->n_expose >= JOBS_MAX || atoi(v) <= 0 || atoi(v) > 65535)
                return hf_cli_usage("jobs", cmd, "Invalid value for '--expose': a port number is expected.");
            a->expose[a->n_expose++] = atoi(v);
        }
        else if (!strcmp(s, "-d") || !strcmp(s, "--detach")) a->detach = 1;
        else if (!strcmp(s, "--ssh")) a->ssh = 1;
        else if (!strcmp(s, "-a") || !strcmp(s, "--all")) a->all = 1;
        else if (!strcmp(s, "-f") || !strcmp(s, "--follow")) a->follow = 1;
        else if (!strcmp(s, "--dry-run")) a->dry_run = 1;
        else if (!strcmp(s, "--clear")) a->clear = 1;
        else if (!strcmp(s, "--suspend")) a->suspend = HFHUB_ON;
        else if (!strcmp(s, "--no-suspend")) a->suspend = HFHUB_OFF;
        else if (!strcmp(s, "--concurrency")) a->concurrency = HFHUB_ON;
        else if (!strcmp(s, "--no-concurrency")) a->concurrency = HFHUB_OFF;
        else if (s[0] == '-' && s[1]) {
            char msg[300];
            snprintf(msg, sizeof msg, "No such option: %s", s);
            return hf_cli_usage("jobs", cmd, msg);
        } else {
            a->pos[a->n_pos++] = s;
        }
#undef JOBS_OPT
    }
    return 0;
}

/* ---- env / secrets / labels ---------------------------------------------------------------- */

typedef struct jobs_map {
    hfhub_job_kv items[JOBS_MAX];
    size_t n;
    void *blocks[JOBS_MAX];      /* hfhub_parse_dotenv results to free */
    size_t n_blocks;
} jobs_map;

static int jobs_map_set(jobs_map *m, const char *key, const char *value) {
    size_t i;
    for (i = 0; i < m->n; i++)
        if (!strcmp(m->items[i].key, key)) {
            m->items[i].value = value;
            return 0;
        }
    if (m->n >= JOBS_MAX) return -1;
    m->items[m->n].key = key;
    m->items[m->n++].value = value;
    return 0;
}

/* The user's token for `--secrets HF_TOKEN` (Python's extended environ). */
static const char *jobs_token(const jobs_args *a, char *buf, size_t cap) {
    const char *t = a->token ? a->token : getenv("HF_TOKEN");
    hfhub_client_info info;
    hfhub_client *c;
    FILE *f;
    if (t && *t) return t;
    if (!(c = hf_client())) return NULL;
    hfhub_client_get_info(c, &info);
    f = info.token_path ? fopen(info.token_path, "r") : NULL;
    buf[0] = 0;
    if (f) {
        if (fgets(buf, (int)cap, f)) buf[strcspn(buf, "\r\n")] = 0;
        fclose(f);
    }
    hfhub_client_free(c);
    return buf[0] ? buf : NULL;
}

/* Adds dotenv text to the map; a bare KEY takes its value from the environment. */
static int jobs_map_add(hfhub_client *c, const hf_out *o, jobs_map *m, const char *text, size_t len, int secrets,
                        const char *token) {
    hfhub_job_kv *kv = NULL;
    size_t n = 0, i;
    if (hfhub_parse_dotenv(c, text, len, &kv, &n) != HFHUB_OK) {
        hf_out_error(o, hfhub_last_error()->message);
        return -1;
    }
    if (kv) m->blocks[m->n_blocks++] = kv;
    for (i = 0; i < n; i++) {
        const char *v = kv[i].value;
        if (!v) v = secrets && !strcmp(kv[i].key, "HF_TOKEN") && token ? token : getenv(kv[i].key);
        if (!v) {
            char msg[300];
            snprintf(msg, sizeof msg, "Environment variable '%s' is not set: pass it as %s=VALUE.", kv[i].key, kv[i].key);
            hf_out_error(o, msg);
            return -1;
        }
        if (jobs_map_set(m, kv[i].key, v)) {
            hf_out_error(o, "Too many environment variables.");
            return -1;
        }
    }
    return 0;
}

static int jobs_map_file(hfhub_client *c, const hf_out *o, jobs_map *m, const char *path, int secrets, const char *token) {
    char *text;
    size_t len;
    int r;
    if (!path) return 0;
    if (!(text = hf_cli_read_file(path, &len))) {
        char msg[600];
        snprintf(msg, sizeof msg, "Could not read '%s'.", path);
        hf_out_error(o, msg);
        return -1;
    }
    r = jobs_map_add(c, o, m, text, len, secrets, token);
    /* the values point into the parsed copy, not into text */
    free(text);
    return r;
}

/* Python's parse_env_map: the file first, then each flag. */
static int jobs_map_build(hfhub_client *c, const hf_out *o, jobs_map *m, const char *file, const char *const *flags,
                          size_t n, int secrets, const char *token) {
    size_t i;
    if (m->n_blocks + n + 1 > JOBS_MAX) return -1;
    if (jobs_map_file(c, o, m, file, secrets, token)) return -1;
    for (i = 0; i < n; i++)
        if (jobs_map_add(c, o, m, flags[i], strlen(flags[i]), secrets, token)) return -1;
    return 0;
}

static void jobs_map_free(hfhub_client *c, jobs_map *m) {
    size_t i;
    for (i = 0; i < m->n_blocks; i++) hfhub_free(c, m->blocks[i]);
    m->n_blocks = 0;
}

/* _parse_labels_map: KEY=VALUE or KEY (empty value); --name is the name label. */
static int jobs_labels(const jobs_args *a, jobs_map *m, char *store, size_t cap) {
    size_t i, used = 0;
    for (i = 0; i < a->n_labels; i++) {
        const char *eq = strchr(a->labels[i], '=');
        size_t kl = eq ? (size_t)(eq - a->labels[i]) : strlen(a->labels[i]);
        char *k = store + used;
        if (used + kl + 1 > cap) return -1;
        memcpy(k, a->labels[i], kl);
        k[kl] = 0;
        used += kl + 1;
        if (a->name && !strcmp(k, "name")) {
            hf_out_error(&a->out, "--name and --label name=... cannot both be provided.");
            return -1;
        }
        if (jobs_map_set(m, k, eq ? eq + 1 : "")) return -1;
    }
    if (a->name && jobs_map_set(m, "name", a->name)) return -1;
    return 0;
}

/* -v hf://[TYPE/]SOURCE:/MOUNT[:ro|:rw] */
static int jobs_volumes(const jobs_args *a, hfhub_job_volume *vol, char *store, size_t cap) {
    size_t i, used = 0;
    for (i = 0; i < a->n_volumes; i++) {
        const char *spec = a->volumes[i], *src, *colon, *mount, *end;
        char *s;
        size_t len = strlen(spec);
        memset(&vol[i], 0, sizeof vol[i]);
        if (strncmp(spec, "hf://", 5) || used + len + 2 > cap) goto bad;
        s = store + used;
        memcpy(s, spec, len + 1);
        used += len + 1;
        src = s + 5;
        colon = strstr(src, ":/");
        if (!colon) goto bad;
        mount = colon + 1;
        s[colon - s] = 0;
        vol[i].type = "model";
        vol[i].read_only = 1;
        if (!strncmp(src, "datasets/", 9)) { vol[i].type = "dataset"; src += 9; }
        else if (!strncmp(src, "spaces/", 7)) { vol[i].type = "space"; src += 7; }
        else if (!strncmp(src, "buckets/", 8)) { vol[i].type = "bucket"; src += 8; vol[i].read_only = 0; }
        else if (!strncmp(src, "models/", 7)) src += 7;
        end = strrchr(mount, ':');
        if (end && (!strcmp(end, ":ro") || !strcmp(end, ":rw"))) {
            vol[i].read_only = !strcmp(end, ":ro");
            ((char *)end)[0] = 0;
        }
        if (!*src || strchr(src, '/') == NULL) goto bad;
        vol[i].source = src;
        vol[i].mount_path = mount;
    }
    return 0;
bad:
    {
        char msg[600];
        snprintf(msg, sizeof msg, "Invalid volume '%s': expected hf://[TYPE/]SOURCE:/MOUNT_PATH[:ro|:rw].", a->volumes[i]);
        hf_out_error(&a->out, msg);
        return -1;
    }
}

/* ---- printing ------------------------------------------------------------------------------ */

static int jobs_fail(const hf_out *o) {
    hf_out_error(o, hfhub_last_error()->message);
    return 1;
}

/* Python's shlex.quote, appended to b (cap bytes). */
static void jobs_shquote(char *b, size_t cap, const char *arg) {
    size_t used = strlen(b), i;
    int safe = *arg != 0;
    for (i = 0; arg[i] && safe; i++)
        safe = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_", arg[i]) != NULL;
    if (safe) {
        snprintf(b + used, cap - used, "%s", arg);
        return;
    }
    if (used + 1 < cap) b[used++] = '\'';
    for (i = 0; arg[i] && used + 6 < cap; i++) {
        if (arg[i] == '\'') {
            memcpy(b + used, "'\"'\"'", 5);
            used += 5;
        } else {
            b[used++] = arg[i];
        }
    }
    if (used + 1 < cap) b[used++] = '\'';
    b[used < cap ? used : cap - 1] = 0;
}

typedef struct jobs_row {
    const char *key;
    char value[1024];            /* lines separated by '\n' */
} jobs_row;

static void jobs_row_add(jobs_row *rows, size_t *n, const char *key, const char *line) {
    size_t i, used;
    for (i = 0; i < *n && strcmp(rows[i].key, key); i++) {
    }
    if (i == *n) {
        if (*n >= 16) return;
        rows[i].key = key;
        rows[i].value[0] = 0;
        (*n)++;
    }
    used = strlen(rows[i].value);
    snprintf(rows[i].value + used, sizeof rows[i].value - used, "%s%s", used ? "\n" : "", line);
}

/* "Job configuration:" on stderr (stdout for --dry-run), Python's _print_job_summary: one
 * row per value that is set, keys padded to the longest, one line per entry. */
static void jobs_summary(const jobs_args *a, const hfhub_job_spec *s, const hfhub_uv_job_spec *uv,
                         const jobs_map *labels) {
    FILE *f = a->dry_run ? stdout : stderr;
    jobs_row rows[16];
    char line[1024];
    const char *const *args = uv ? uv->script_args : s->command;
    size_t i, n = 0, width = 0, n_args = uv ? uv->n_script_args : s->n_command;
    if (a->schedule) jobs_row_add(rows, &n, "schedule", a->schedule);
    jobs_row_add(rows, &n, uv ? "script" : "image", uv ? uv->script : s->image);
    line[0] = 0;
    for (i = 0; i < n_args; i++) {
        if (i) strcat(line, " ");
        jobs_shquote(line, sizeof line, args[i]);
    }
    if (n_args) jobs_row_add(rows, &n, uv ? "args" : "command", line);
    if (uv) {
        line[0] = 0;
        for (i = 0; i < uv->n_dependencies; i++)
            snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", i ? " " : "", uv->dependencies[i]);
        if (uv->n_dependencies) jobs_row_add(rows, &n, "with", line);
        jobs_row_add(rows, &n, "image", s->image ? s->image : "ghcr.io/astral-sh/uv:python3.12-bookworm");
    }
    jobs_row_add(rows, &n, "flavor", s->flavor ? s->flavor : "cpu-basic");
    if (uv && uv->python) jobs_row_add(rows, &n, "python", uv->python);
    if (s->timeout) jobs_row_add(rows, &n, "timeout", s->timeout);
    for (i = 0; i < s->n_env; i++) {
        snprintf(line, sizeof line, "%s=%s", s->env[i].key, s->env[i].value);
        if (strlen(line) > strlen(s->env[i].key) + 61) strcpy(line + strlen(s->env[i].key) + 60, "\xe2\x80\xa6");
        jobs_row_add(rows, &n, "env", line);
    }
    for (i = 0; i < s->n_secrets; i++) {
        snprintf(line, sizeof line, "%s=***", s->secrets[i].key);
        jobs_row_add(rows, &n, "secrets", line);
    }
    for (i = 0; i < a->n_volumes; i++) jobs_row_add(rows, &n, "volumes", a->volumes[i]);
    for (i = 0; i < labels->n; i++) {
        snprintf(line, sizeof line, "%s=%s", labels->items[i].key, labels->items[i].value);
        jobs_row_add(rows, &n, "labels", line);
    }
    line[0] = 0;
    for (i = 0; i < a->n_expose; i++) snprintf(line + strlen(line), sizeof line - strlen(line), "%s%d", i ? " " : "", a->expose[i]);
    if (a->n_expose) jobs_row_add(rows, &n, "expose", line);
    if (a->ssh) jobs_row_add(rows, &n, "ssh", "True");
    if (a->ns) jobs_row_add(rows, &n, "namespace", a->ns);
    for (i = 0; i < n; i++)
        if (strlen(rows[i].key) > width) width = strlen(rows[i].key);
    fprintf(f, "Job configuration:\n");
    for (i = 0; i < n; i++) {
        const char *p = rows[i].value;
        int firstline = 1;
        do {
            size_t l = strcspn(p, "\n");
            fprintf(f, "  %-*s  %.*s\n", (int)width, firstline ? rows[i].key : "", (int)l, p);
            firstline = 0;
            p += l + (p[l] == '\n');
        } while (*p);
    }
    if (a->dry_run) fprintf(f, "(dry run) Job not submitted.\n");
}

static const char *jobs_label(const hfhub_job_info *j, const char *key) {
    size_t i;
    for (i = 0; i < j->n_labels; i++)
        if (!strcmp(j->labels[i].key, key)) return j->labels[i].value;
    return NULL;
}

static int jobs_print_line(void *user, const char *line, const char *ts) {
    (void)ts;
    hf_out_text((const hf_out *)user, line, 0);
    fflush(stdout);
    return 0;
}

/* Python's _stream_logs_and_check_status. */
static int jobs_follow(hfhub_client *c, const hf_out *o, const hfhub_job_info *job, const char *token) {
    hfhub_job_logs_opts lo;
    hfhub_wait_job_opts wo;
    hfhub_job_info *final = NULL;
    char msg[1024];
    int rc;
    memset(&lo, 0, sizeof lo);
    lo.where.ns = job->owner_name;
    lo.where.token = token;
    if (hfhub_fetch_job_logs(c, job->id, &lo, jobs_print_line, (void *)o) != HFHUB_OK) return jobs_fail(o);
    memset(&wo, 0, sizeof wo);
    wo.where = lo.where;
    wo.poll_ms = hf_cli_env_int("HF_JOBS_POLL_MS", 1000);
    if (hfhub_wait_for_job(c, job->id, &wo, &final) != HFHUB_OK) return jobs_fail(o);
    rc = hfhub_job_exit_status(final);
    if (rc) {
        snprintf(msg, sizeof msg, "Job %s finished with stage '%s'%s%s", final->id, final->stage,
                 final->message ? ": " : "", final->message ? final->message : "");
        hf_out_error(o, msg);
    } else {
        snprintf(msg, sizeof msg, "Job %s completed", final->id);
        hf_out_text(o, msg, 0);
    }
    hfhub_job_info_free(final);
    return rc;
}

static void jobs_started(const hf_out *o, const hfhub_job_info *job, int named, int detach) {
    static const char *const keys[] = {"id", "name", "url"};
    hf_val vals[3];
    char msg[600];
    vals[0] = hf_str(job->id);
    vals[1] = hf_str(jobs_label(job, "name"));
    vals[2] = hf_str(job->url);
    hf_out_result(o, "Job started", keys, vals, 3);
    if (!named) {
        snprintf(msg, sizeof msg, "Job auto-named '%s'. Pass `--name` or run `hf jobs labels %s/%s --name NAME` to rename it.",
                 jobs_label(job, "name") ? jobs_label(job, "name") : "", job->owner_name, job->id);
        hf_out_hint(o, msg);
    }
    if (detach) {
        snprintf(msg, sizeof msg, "Use `hf jobs logs -f %s/%s` to stream logs, or `hf jobs inspect %s/%s` to check status.",
                 job->owner_name, job->id, job->owner_name, job->id);
        hf_out_hint(o, msg);
        snprintf(msg, sizeof msg, "Use `hf jobs wait %s/%s` to block until it finishes.", job->owner_name, job->id);
        hf_out_hint(o, msg);
    }
}

/* ---- run / uv run / scheduled run ---------------------------------------------------------- */

typedef struct jobs_spec_ctx {
    jobs_map env, secrets, labels;
    hfhub_job_volume volumes[JOBS_MAX];
    char label_store[8192], volume_store[8192], token_buf[512];
} jobs_spec_ctx;

/* Fills spec from the shared flags. */
static int jobs_build_spec(hfhub_client *c, jobs_args *a, jobs_spec_ctx *x, hfhub_job_spec *s) {
    const char *token = NULL;
    memset(s, 0, sizeof *s);
    if (a->n_secrets || a->secrets_file) token = jobs_token(a, x->token_buf, sizeof x->token_buf);
    if (jobs_map_build(c, &a->out, &x->env, a->env_file, a->env, a->n_env, 0, NULL) ||
        jobs_map_build(c, &a->out, &x->secrets, a->secrets_file, a->secrets, a->n_secrets, 1, token) ||
        jobs_labels(a, &x->labels, x->label_store, sizeof x->label_store) ||
        jobs_volumes(a, x->volumes, x->volume_store, sizeof x->volume_store))
        return -1;
    s->env = x->env.items;
    s->n_env = x->env.n;
    s->secrets = x->secrets.items;
    s->n_secrets = x->secrets.n;
    s->labels = x->labels.items;
    s->n_labels = x->labels.n;
    s->volumes = x->volumes;
    s->n_volumes = a->n_volumes;
    s->flavor = a->flavor;
    s->timeout = a->timeout;
    s->expose_ports = a->expose;
    s->n_expose_ports = a->n_expose;
    s->ssh = a->ssh;
    s->resource_group_id = a->resource_group;
    return 0;
}

static int jobs_named(const jobs_args *a) {
    size_t i;
    if (a->name) return 1;
    for (i = 0; i < a->n_labels; i++)
        if (!strncmp(a->labels[i], "name", 4) && (a->labels[i][4] == '=' || !a->labels[i][4])) return 1;
    return 0;
}

static int jobs_submit(hfhub_client *c, jobs_args *a, hfhub_job_spec *s, const hfhub_uv_job_spec *uv) {
    hfhub_job_opts jo;
    hfhub_job_info *job = NULL;
    hfhub_result r;
    int rc;
    memset(&jo, 0, sizeof jo);
    jo.ns = a->ns;
    jo.token = a->token;
    if (a->schedule) {
        hfhub_scheduled_job_info *sj = NULL;
        static const char *const keys[] = {"id", "name"};
        hf_val vals[2];
        char msg[600];
        r = uv ? hfhub_create_scheduled_uv_job(c, uv, a->schedule, a->suspend, a->concurrency, &jo, &sj)
               : hfhub_create_scheduled_job(c, s, a->schedule, a->suspend, a->concurrency, &jo, &sj);
        if (r) return jobs_fail(&a->out);
        vals[0] = hf_str(sj->id);
        vals[1] = hf_str(a->name);
        hf_out_result(&a->out, "Scheduled Job created", keys, vals, a->name ? 2 : 1);
        snprintf(msg, sizeof msg, "Use `hf jobs scheduled inspect %s/%s` to view its details.",
                 sj->owner_name ? sj->owner_name : "", sj->id);
        hf_out_hint(&a->out, msg);
        hfhub_scheduled_job_info_free(sj);
        return 0;
    }
    r = uv ? hfhub_run_uv_job(c, uv, &jo, &job) : hfhub_run_job(c, s, &jo, &job);
    if (r) return jobs_fail(&a->out);
    jobs_started(&a->out, job, jobs_named(a), a->detach);
    rc = a->detach ? 0 : jobs_follow(c, &a->out, job, a->token);
    hfhub_job_info_free(job);
    return rc;
}

static int jobs_run(int argc, char **argv, int scheduled) {
    jobs_args a;
    jobs_spec_ctx *x;
    hfhub_job_spec s;
    hfhub_client *c;
    int rc, first = scheduled ? 1 : 0;
    const char *cmd = scheduled ? "scheduled run" : "run";
    if ((rc = jobs_parse(&a, argc, argv, first + 1, cmd))) return rc;
    if (a.n_pos < first + 1) return hf_cli_usage("jobs", cmd, scheduled ? "Missing argument 'SCHEDULE'." : "Missing argument 'IMAGE'.");
    if (a.n_pos < first + 2) return hf_cli_usage("jobs", cmd, "Missing argument 'COMMAND...'.");
    if (scheduled) a.schedule = a.pos[0];
    if (!(c = hf_client())) return 1;
    x = (jobs_spec_ctx *)calloc(1, sizeof *x);
    rc = 1;
    if (x && !jobs_build_spec(c, &a, x, &s)) {
        s.image = a.pos[first];
        s.command = (const char *const *)(a.pos + first + 1);
        s.n_command = (size_t)(a.n_pos - first - 1);
        s.name = NULL;   /* already a label */
        jobs_summary(&a, &s, NULL, &x->labels);
        rc = a.dry_run ? 0 : jobs_submit(c, &a, &s, NULL);
    }
    if (x) {
        jobs_map_free(c, &x->env);
        jobs_map_free(c, &x->secrets);
        free(x);
    }
    hfhub_client_free(c);
    return rc;
}

static int jobs_uv_run(int argc, char **argv, int scheduled) {
    jobs_args a;
    jobs_spec_ctx *x;
    hfhub_uv_job_spec uv;
    hfhub_bucket_uv_ctx up;
    hfhub_client *c;
    int rc, first = scheduled ? 1 : 0;
    const char *cmd = scheduled ? "scheduled uv run" : "uv run";
    if ((rc = jobs_parse(&a, argc, argv, first + 1, cmd))) return rc;
    if (a.n_pos < 1) return hf_cli_usage("jobs", cmd, scheduled ? "Missing argument 'SCHEDULE'." : "Missing argument 'SCRIPT'.");
    if (a.n_pos < first + 1) return hf_cli_usage("jobs", cmd, "Missing argument 'SCRIPT'.");
    if (scheduled) a.schedule = a.pos[0];
    if (!(c = hf_client())) return 1;
    x = (jobs_spec_ctx *)calloc(1, sizeof *x);
    rc = 1;
    memset(&uv, 0, sizeof uv);
    memset(&up, 0, sizeof up);
    up.client = c;
    up.token = a.token;
    uv.upload = hfhub_bucket_uv_upload;
    uv.upload_user = &up;
    if (x && !jobs_build_spec(c, &a, x, &uv.job)) {
        uv.script = a.pos[first];
        uv.script_args = (const char *const *)(a.pos + first + 1);
        uv.n_script_args = (size_t)(a.n_pos - first - 1);
        uv.dependencies = a.with;
        uv.n_dependencies = a.n_with;
        uv.python = a.python;
        uv.job.image = a.image;
        jobs_summary(&a, &uv.job, &uv, &x->labels);
        rc = a.dry_run ? 0 : jobs_submit(c, &a, &uv.job, &uv);
    }
    if (x) {
        jobs_map_free(c, &x->env);
        jobs_map_free(c, &x->secrets);
        free(x);
    }
    hfhub_client_free(c);
    return rc;
}

/* ---- ps ------------------------------------------------------------------------------------ */

static void jobs_created(const char *iso, char *out, size_t cap) {
    size_t n;
    if (!iso) {
        snprintf(out, cap, "N/A");
        return;
    }
    n = strlen(iso) < 19 ? strlen(iso) : 19;
    snprintf(out, cap, "%.*s", (int)n, iso);
    if (n > 10 && out[10] == 'T') out[10] = ' ';
}

static void jobs_duration(const hfhub_json_value *secs, char *out, size_t cap) {
    double d;
    long s;
    if (hfhub_json_type_of(secs) != HFHUB_JSON_NUMBER) {
        snprintf(out, cap, "N/A");
        return;
    }
    d = hfhub_json_double(secs, 0);
    s = (long)d;
    if (s < 60) snprintf(out, cap, "%lds", s);
    else if (s < 3600) snprintf(out, cap, "%ldm %lds", s / 60, s % 60);
    else snprintf(out, cap, "%ldh %ldm", s / 3600, (s % 3600) / 60);
}

static void jobs_join(const char *const *items, size_t n, char *out, size_t cap) {
    size_t i, used = 0;
    out[0] = 0;
    if (!n) snprintf(out, cap, "N/A");
    for (i = 0; i < n && used + 1 < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? " " : "", items[i] ? items[i] : "");
        if (w < 0) break;
        used += (size_t)w;
    }
}

static int jobs_ps(int argc, char **argv) {
    static const char *const keys[] = {"job_id", "name", "image/space", "command", "created", "status", "runtime"};
    static const size_t headers[] = {0, 1, 2, 3, 4, 5, 6};
    jobs_args a;
    hfhub_list_jobs_opts lo;
    hfhub_job_info *jobs = NULL;
    hfhub_client *c;
    const char *stages[JOBS_MAX], *labels[JOBS_MAX + 1];
    char name_label[300];
    size_t n = 0, i, k, n_st = 0, shown;
    hf_table t;
    hf_val *cells;
    char (*text)[3][512];
    int rc;
    if ((rc = jobs_parse(&a, argc, argv, 0, "ps"))) return rc;
    if (a.all && a.n_status) {
        hf_out_error(&a.out, "`-a`/`--all` cannot be combined with `--status`.");
        return 1;
    }
    for (i = 0; i < a.n_status; i++) {
        /* comma-separated or repeated; the server wants upper-case stages */
        static char buf[JOBS_MAX][32];
        const char *p = a.status[i];
        while (*p && n_st < JOBS_MAX) {
            size_t l = strcspn(p, ",");
            if (l && l < 32) {
                for (k = 0; k < l; k++) buf[n_st][k] = (char)(p[k] >= 'a' && p[k] <= 'z' ? p[k] - 32 : p[k]);
                buf[n_st][l] = 0;
                stages[n_st] = buf[n_st];
                n_st++;
            }
            p += l + (p[l] == ',');
        }
    }
    if (!a.n_status && !a.all) {
        stages[0] = "RUNNING";
        stages[1] = "SCHEDULING";
        n_st = 2;
    }
    for (i = 0; i < a.n_labels; i++) {
        if (!strchr(a.labels[i], '=')) {
            char msg[300];
            snprintf(msg, sizeof msg, "Invalid label filter '%s': must be in the form 'key=value'", a.labels[i]);
            hf_out_error(&a.out, msg);
            return 1;
        }
        labels[i] = a.labels[i];
    }
    if (a.name) {
        snprintf(name_label, sizeof name_label, "name=%s", a.name);
        labels[a.n_labels++] = name_label;
    }
    if (!(c = hf_client())) return 1;
    memset(&lo, 0, sizeof lo);
    lo.where.ns = a.ns;
    lo.where.token = a.token;
    lo.stages = stages;
    lo.n_stages = n_st;
    lo.labels = labels;
    lo.n_labels = a.n_labels;
    if (hfhub_list_jobs(c, &lo, &jobs, &n)) {
        hfhub_client_free(c);
        return jobs_fail(&a.out);
    }
    shown = a.limit > 0 && n > (size_t)a.limit ? (size_t)a.limit : n;
    cells = (hf_val *)calloc(shown * 7 + 1, sizeof *cells);
    text = (char (*)[3][512])calloc(shown + 1, sizeof *text);
    if (!cells || !text) rc = 1;
    for (i = 0; cells && text && i < shown; i++) {
        const hfhub_job_info *j = &jobs[i];
        const char *nm = jobs_label(j, "name");
        jobs_join(j->command, j->n_command, text[i][0], sizeof text[i][0]);
        jobs_created(j->created_at, text[i][1], sizeof text[i][1]);
        jobs_duration(hfhub_json_path(j->raw, "durations.runningSecs"), text[i][2], sizeof text[i][2]);
        cells[i * 7 + 0] = hf_str(j->id);
        cells[i * 7 + 1] = hf_str(nm ? nm : "N/A");
        cells[i * 7 + 2] = hf_str(j->docker_image ? j->docker_image : "N/A");
        cells[i * 7 + 3] = hf_str(text[i][0]);
        cells[i * 7 + 4] = hf_str(text[i][1]);
        cells[i * 7 + 5] = hf_str(j->stage ? j->stage : "UNKNOWN");
        cells[i * 7 + 6] = hf_str(text[i][2]);
    }
    if (cells && text) {
        memset(&t, 0, sizeof t);
        t.keys = keys;
        t.n_keys = 7;
        t.headers = headers;
        t.n_headers = 7;
        t.id_col = 0;
        t.right_col = -1;
        t.cells = cells;
        t.n_rows = shown;
        hf_out_table(&a.out, &t);
        if (shown < n) {
            char msg[200];
            snprintf(msg, sizeof msg, "Output truncated to %d Jobs. Use `--limit 0` to show all (or `--limit N`).", a.limit);
            hf_out_hint(&a.out, msg);
        }
        if (!n && !a.all && !a.n_status && !a.n_labels) hf_out_hint(&a.out, "No running jobs. Use `-a`/`--all` to include finished (and failed) jobs.");
        else if (!n && (a.n_status || a.n_labels)) {
            char msg[1024];
            size_t used = (size_t)snprintf(msg, sizeof msg, "No jobs matched filters: ");
            for (i = 0; i < n_st && a.n_status && used < sizeof msg; i++)
                used += (size_t)snprintf(msg + used, sizeof msg - used, "%sstatus=%s", i ? ", " : "", stages[i]);
            for (i = 0; i < a.n_labels && used < sizeof msg; i++)
                used += (size_t)snprintf(msg + used, sizeof msg - used, "%slabel=%s", (i || (a.n_status && n_st)) ? ", " : "", labels[i]);
            hf_out_text(&a.out, msg, 0);
        }
    }
    free(cells);
    free(text);
    hfhub_job_info_free(jobs);
    hfhub_client_free(c);
    return rc;
}

/* ---- inspect / logs / cancel / wait / labels / hardware ---------------------------------- */

/* The Hub endpoint of a job: its url without "/jobs/{owner}/{id}". */
static void jobs_endpoint(const hfhub_job_info *j, char *out, size_t cap) {
    const char *u = j->url ? j->url : "", *p = strstr(u, "/jobs/"), *q;
    while (p && (q = strstr(p + 1, "/jobs/")) != NULL) p = q;
    snprintf(out, cap, "%.*s", (int)(p ? (size_t)(p - u) : strlen(u)), u);
}

/* out.table of the dicts collected in items ("[" + dicts + "]"). */
static int jobs_print_dicts(const hf_out *o, hf_cstr *items) {
    hfhub_json_doc *doc = NULL;
    hf_cstr_puts(items, "]");
    if (hfhub_json_parse(items->p, items->n, NULL, &doc)) {
        hf_out_error(o, hfhub_last_error()->message);
        return 1;
    }
    hf_out_items(o, hfhub_json_root(doc), "id");
    hfhub_json_free(doc);
    return 0;
}

/* Python: out.table([_surface_name(_dataclass_to_dict(job)) ...], id_key="id"): every Job is
 * fetched first, so a failure prints nothing else. */
static int jobs_inspect(int argc, char **argv) {
    jobs_args a;
    hfhub_client *c;
    hfhub_job_opts jo;
    hf_cstr items = {NULL, 0, 0};
    int i, rc;
    if ((rc = jobs_parse(&a, argc, argv, 0, "inspect"))) return rc;
    if (!a.n_pos) return hf_cli_usage("jobs", "inspect", "Missing argument 'JOB_IDS...'.");
    if (!(c = hf_client())) return 1;
    memset(&jo, 0, sizeof jo);
    jo.ns = a.ns;
    jo.token = a.token;
    hf_cstr_puts(&items, "[");
    for (i = 0; i < a.n_pos && !rc; i++) {
        hfhub_job_info *job = NULL;
        char endpoint[512];
        if (hfhub_inspect_job(c, a.pos[i], &jo, &job)) {
            rc = jobs_fail(&a.out);
            break;
        }
        jobs_endpoint(job, endpoint, sizeof endpoint);
        if (i) hf_cstr_puts(&items, ",");
        hf_job_dict(&items, job->raw, endpoint, 0);
        hfhub_job_info_free(job);
    }
    if (!rc) rc = jobs_print_dicts(&a.out, &items);
    free(items.p);
    hfhub_client_free(c);
    return rc;
}

static int jobs_logs(int argc, char **argv) {
    jobs_args a;
    hfhub_client *c;
    hfhub_job_logs_opts lo;
    int rc;
    if ((rc = jobs_parse(&a, argc, argv, 0, "logs"))) return rc;
    if (a.n_pos != 1) return hf_cli_usage("jobs", "logs", a.n_pos ? "Got unexpected extra argument." : "Missing argument 'JOB_ID'.");
    if (!(c = hf_client())) return 1;
    memset(&lo, 0, sizeof lo);
    lo.where.ns = a.ns;
    lo.where.token = a.token;
    lo.no_follow = !a.follow;
    lo.tail = a.tail;
    if (hfhub_fetch_job_logs(c, a.pos[0], &lo, jobs_print_line, &a.out)) rc = jobs_fail(&a.out);
    else if (a.follow) {
        char msg[400];
        snprintf(msg, sizeof msg, "Stream ended. Run `hf jobs inspect %s%s%s` to check the final status (e.g. COMPLETED or ERROR).",
                 a.ns ? a.ns : "", a.ns ? "/" : "", a.pos[0]);
        hf_out_hint(&a.out, msg);
    }
    hfhub_client_free(c);
    return rc;
}

static int jobs_cancel(int argc, char **argv) {
    static const char *const keys[] = {"id"};
    jobs_args a;
    hfhub_client *c;
    hfhub_job_opts jo;
    hf_val v;
    int rc;
    if ((rc = jobs_parse(&a, argc, argv, 0, "cancel"))) return rc;
    if (a.n_pos != 1) return hf_cli_usage("jobs", "cancel", "Missing argument 'JOB_ID'.");
    if (!(c = hf_client())) return 1;
    memset(&jo, 0, sizeof jo);
    jo.ns = a.ns;
    jo.token = a.token;
    if (hfhub_cancel_job(c, a.pos[0], &jo)) rc = jobs_fail(&a.out);
    else {
        const char *slash = strchr(a.pos[0], '/');
        v = hf_str(slash ? slash + 1 : a.pos[0]);
        hf_out_result(&a.out, "Job cancelled", keys, &v, 1);
    }
    hfhub_client_free(c);
    return rc;
}

static int jobs_wait(int argc, char **argv) {
    static const char *const keys[] = {"id", "stage", "message"};
    static const size_t headers[] = {0, 1, 2};
    jobs_args a;
    hfhub_client *c;
    hfhub_wait_job_opts wo;
    hfhub_job_info *done[64];
    hf_val cells[64 * 3];
    int64_t secs = 0;
    int i, n = 0, failed = 0, rc;
    hf_table t;
    if ((rc = jobs_parse(&a, argc, argv, 0, "wait"))) return rc;
    if (!a.n_pos) return hf_cli_usage("jobs", "wait", "Missing argument 'JOB_IDS...'.");
    if (a.n_pos > 64) return hf_cli_usage("jobs", "wait", "Too many Job IDs.");
    if (a.timeout && hfhub_parse_job_timeout(a.timeout, &secs)) return jobs_fail(&a.out);
    if (!(c = hf_client())) return 1;
    memset(&wo, 0, sizeof wo);
    wo.where.ns = a.ns;
    wo.where.token = a.token;
    wo.timeout_ms = (int)(secs * 1000);
    wo.poll_ms = hf_cli_env_int("HF_JOBS_POLL_MS", 1000);
    for (i = 0; i < a.n_pos; i++) {
        hfhub_result r = hfhub_wait_for_job(c, a.pos[i], &wo, &done[n]);
        if (r == HFHUB_ERR_TIMEOUT) {
            char msg[200];
            snprintf(msg, sizeof msg, "Timed out after %s waiting for Job(s) to finish.", a.timeout);
            hf_out_error(&a.out, msg);
            rc = 1;
            break;
        }
        if (r) {
            rc = jobs_fail(&a.out);
            break;
        }
        cells[n * 3] = hf_str(done[n]->id);
        cells[n * 3 + 1] = hf_str(done[n]->stage);
        cells[n * 3 + 2] = hf_str(done[n]->message);
        failed += hfhub_job_exit_status(done[n]);
        n++;
    }
    if (!rc) {
        memset(&t, 0, sizeof t);
        t.keys = keys;
        t.n_keys = 3;
        t.headers = headers;
        t.n_headers = 3;
        t.right_col = -1;
        t.cells = cells;
        t.n_rows = (size_t)n;
        hf_out_table(&a.out, &t);
        if (failed) {
            char msg[2048];
            size_t used = (size_t)snprintf(msg, sizeof msg, "%d of %d Job(s) did not complete successfully: ", failed, n);
            int first = 1;
            for (i = 0; i < n && used < sizeof msg; i++)
                if (hfhub_job_exit_status(done[i])) {
                    used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s (%s)", first ? "" : ", ", done[i]->id, done[i]->stage);
                    first = 0;
                }
            hf_out_error(&a.out, msg);
            rc = 1;
        }
    }
    for (i = 0; i < n; i++) hfhub_job_info_free(done[i]);
    hfhub_client_free(c);
    return rc;
}

static int jobs_labels_cmd(int argc, char **argv, int scheduled) {
    static const char *const keys[] = {"id", "name"};
    jobs_args a;
    hfhub_client *c;
    hfhub_job_opts jo;
    jobs_map m;
    hfhub_job_info *job = NULL, *cur = NULL;
    hfhub_scheduled_job_info *sj = NULL, *scur = NULL;
    const char *id = NULL;
    char store[8192];
    hf_val vals[2];
    size_t i;
    int rc;
    if ((rc = jobs_parse(&a, argc, argv, 0, "labels"))) return rc;
    if (a.n_pos != 1) return hf_cli_usage("jobs", "labels", "Missing argument 'JOB_ID'.");
    if (!a.n_labels && !a.name && !a.clear) {
        hf_out_error(&a.out, "Please set a name with --name or at least one label with --label. To remove all labels, pass --clear.");
        return 1;
    }
    if ((a.n_labels || a.name) && a.clear) {
        hf_out_error(&a.out, "Cannot set a name or labels and clear them at the same time. Please use --name/--label or --clear, not both.");
        return 1;
    }
    if (!(c = hf_client())) return 1;
    memset(&jo, 0, sizeof jo);
    jo.ns = a.ns;
    jo.token = a.token;
    memset(&m, 0, sizeof m);
    rc = 1;
    if (a.name && !a.n_labels) {   /* naming keeps the other labels */
        const hfhub_json_value *cl;
        if (scheduled ? hfhub_inspect_scheduled_job(c, a.pos[0], &jo, &scur) : hfhub_inspect_job(c, a.pos[0], &jo, &cur))
            goto done;
        cl = scheduled ? hfhub_json_path(scur->raw, "jobSpec.labels") : hfhub_json_get(cur->raw, "labels");
        for (i = 0; i < hfhub_json_len(cl); i++)
            if (strcmp(hfhub_json_key_at(cl, i, NULL), "name"))
                jobs_map_set(&m, hfhub_json_key_at(cl, i, NULL), hfhub_json_str(hfhub_json_at(cl, i), ""));
    }
    if (jobs_labels(&a, &m, store, sizeof store)) goto out;
    if (scheduled ? hfhub_set_scheduled_job_labels(c, a.pos[0], m.items, m.n, &jo, &sj)
                  : hfhub_set_job_labels(c, a.pos[0], m.items, m.n, &jo, &job))
        goto done;
    id = scheduled ? sj->id : job->id;
    vals[0] = hf_str(id);
    vals[1] = hf_str(a.name ? a.name : scheduled ? hfhub_json_str(hfhub_json_path(sj->raw, "jobSpec.labels.name"), NULL)
                                                 : jobs_label(job, "name"));
    hf_out_result(&a.out, "Labels updated", keys, vals, 2);
    rc = 0;
    goto out;
done:
    rc = jobs_fail(&a.out);
out:
    hfhub_job_info_free(job);
    hfhub_job_info_free(cur);
    hfhub_scheduled_job_info_free(sj);
    hfhub_scheduled_job_info_free(scur);
    hfhub_client_free(c);
    return rc;
}

static int jobs_hardware(int argc, char **argv) {
    static const char *const keys[] = {"name", "pretty name", "cpu", "ram", "storage", "accelerator", "cost/min", "cost/hour"};
    static const size_t headers[] = {0, 1, 2, 3, 4, 5, 6, 7};
    jobs_args a;
    hfhub_client *c;
    hfhub_job_opts jo;
    hfhub_job_hardware *hw = NULL;
    size_t n = 0, i;
    hf_val *cells;
    char (*text)[3][64];
    hf_table t;
    int rc;
    if ((rc = jobs_parse(&a, argc, argv, 0, "hardware"))) return rc;
    if (!(c = hf_client())) return 1;
    memset(&jo, 0, sizeof jo);
    jo.token = a.token;
    if (hfhub_list_jobs_hardware(c, &jo, &hw, &n)) {
        hfhub_client_free(c);
        return jobs_fail(&a.out);
    }
    cells = (hf_val *)calloc(n * 8 + 1, sizeof *cells);
    text = (char (*)[3][64])calloc(n + 1, sizeof *text);
    for (i = 0; cells && text && i < n; i++) {
        const hfhub_job_hardware *h = &hw[i];
        if (h->accelerator_model)
            snprintf(text[i][0], sizeof text[i][0], "%sx %s (%s)", h->accelerator_quantity ? h->accelerator_quantity : "",
                     h->accelerator_model, h->accelerator_vram ? h->accelerator_vram : "");
        if (h->unit_cost_usd > 0) {
            snprintf(text[i][1], sizeof text[i][1], "$%.4f", h->unit_cost_usd);
            snprintf(text[i][2], sizeof text[i][2], "$%.2f", h->unit_cost_usd * 60);
        } else {
            snprintf(text[i][1], sizeof text[i][1], "free");
            snprintf(text[i][2], sizeof text[i][2], "free");
        }
        cells[i * 8] = hf_str(h->name);
        cells[i * 8 + 1] = hf_str(h->pretty_name);
        cells[i * 8 + 2] = hf_str(h->cpu);
        cells[i * 8 + 3] = hf_str(h->ram);
        cells[i * 8 + 4] = hf_str(hfhub_json_str(hfhub_json_get(h->raw, "ephemeralStorage"), "N/A"));
        cells[i * 8 + 5] = hf_str(text[i][0]);
        cells[i * 8 + 6] = hf_str(text[i][1]);
        cells[i * 8 + 7] = hf_str(text[i][2]);
    }
    if (cells && text) {
        memset(&t, 0, sizeof t);
        t.keys = keys;
        t.n_keys = 8;
        t.headers = headers;
        t.n_headers = 8;
        t.right_col = -1;
        t.cells = cells;
        t.n_rows = n;
        hf_out_table(&a.out, &t);
        hf_out_hint(&a.out, "Use `hf jobs run --flavor <name> ...` to request a specific hardware flavor.");
    } else {
        rc = 1;
    }
    free(cells);
    free(text);
    hfhub_job_hardware_free(hw);
    hfhub_client_free(c);
    return rc;
}

/* ---- stats --------------------------------------------------------------------------------- */

#define JOBS_STATS_COLS 9
#define JOBS_STATS_ROWS 16       /* a job's rows: one, or one per GPU */

/* A table cell: its text, and whether Python's format() right-aligns it (a number). */
typedef struct jobs_cell {
    char s[96];
    int right;
} jobs_cell;

/* One job's stream: its rows in the table (none once its stream ended). */
typedef struct jobs_stat_job {
    struct jobs_stats *st;
    const char *ref;             /* what is asked for: "id" or "ns/id" */
    char id[96];                 /* what is shown */
    jobs_cell rows[JOBS_STATS_ROWS][JOBS_STATS_COLS];
    int n_rows;
    hfhub_result r;
    char err[512];               /* the stream's error (the detail is per thread) */
    pthread_t thread;
} jobs_stat_job;

/* The table all streams refresh (Python: iflatmap_unordered over a thread pool). */
typedef struct jobs_stats {
    pthread_mutex_t lock;
    hfhub_client *c;
    hfhub_job_opts jo;
    jobs_stat_job *jobs;
    size_t n_jobs;
    int printed_lines;           /* lines of the table on screen, for the in-place refresh */
    int64_t last_ms;
} jobs_stats;

static const char *const jobs_stats_headers[JOBS_STATS_COLS] = {
    "JOB ID", "CPU %", "NUM CPU", "MEM %", "MEM USAGE", "NET I/O", "GPU UTIL %", "GPU MEM %", "GPU MEM USAGE"};

/* Python's _tabulate: widths from the cells and headers, shrunk to the terminal width (at
 * least 12 per column), cells cut with "..." to their width. Returns the lines printed. */
static int jobs_stats_print(const jobs_stats *st) {
    size_t w[JOBS_STATS_COLS], i, j, sum = 0, term;
    const char *cols = getenv("COLUMNS");
    struct winsize ws;
    int lines = 0, r, k;
    /* shutil.get_terminal_size: $COLUMNS, else stdout's terminal, else 80 */
    if (cols && atoi(cols) > 0) term = (size_t)atoi(cols);
    else if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) term = ws.ws_col;
    else term = 80;
    if (term < JOBS_STATS_COLS * 12) term = JOBS_STATS_COLS * 12;
    for (i = 0; i < JOBS_STATS_COLS; i++) {
        w[i] = strlen(jobs_stats_headers[i]);
        for (j = 0; j < st->n_jobs; j++)
            for (k = 0; k < st->jobs[j].n_rows; k++)
                if (strlen(st->jobs[j].rows[k][i].s) > w[i]) w[i] = strlen(st->jobs[j].rows[k][i].s);
        sum += w[i];
    }
    while (JOBS_STATS_COLS + sum > term) {
        size_t m = 0;
        for (i = 1; i < JOBS_STATS_COLS; i++)
            if (w[i] > w[m]) m = i;
        sum -= w[m] - w[m] / 2;
        w[m] /= 2;
        if (JOBS_STATS_COLS + sum <= term) {
            sum -= w[m];
            w[m] = term - sum - JOBS_STATS_COLS;
            sum += w[m];
        }
    }
    for (r = 0; r < 2; r++, lines++) {
        for (i = 0; i < JOBS_STATS_COLS; i++) {
            if (r == 0) printf("%-*s ", (int)w[i], jobs_stats_headers[i]);
            else {
                for (j = 0; j < w[i]; j++) putchar('-');
                putchar(' ');
            }
        }
        printf("\n");
    }
    for (j = 0; j < st->n_jobs; j++)
        for (k = 0; k < st->jobs[j].n_rows; k++, lines++) {
            for (i = 0; i < JOBS_STATS_COLS; i++) {
                const jobs_cell *c = &st->jobs[j].rows[k][i];
                if (strlen(c->s) > w[i]) printf("%.*s... ", (int)(w[i] > 3 ? w[i] - 3 : 0), c->s);
                else printf(c->right ? "%*s " : "%-*s ", (int)w[i], c->s);
            }
            printf("\n");
        }
    fflush(stdout);
    return lines;
}

/* A number's text as Python's round(x, nd) prints it: "2.0", "12.35". */
static void jobs_stats_round(double x, int nd, char *out, size_t cap) {
    size_t n;
    snprintf(out, cap, "%.*f", nd, x);
    n = strlen(out);
    while (n > 2 && out[n - 1] == '0' && out[n - 2] != '.') out[--n] = 0;
}

/* f"{round(100 * used / total, 2)}%" and f"{size(used)}B / {size(total)}B" */
static void jobs_stats_mem(double used, double total, jobs_cell *pct, jobs_cell *usage) {
    char a[32], b[32], num[48];
    jobs_stats_round(total > 0 ? 100.0 * used / total : 0, 2, num, sizeof num);
    snprintf(pct->s, sizeof pct->s, "%s%%", num);
    hf_format_size((uint64_t)used, a);
    hf_format_size((uint64_t)total, b);
    snprintf(usage->s, sizeof usage->s, "%sB / %sB", a, b);
}

/* Python's _get_jobs_stats_rows for one metrics event: the job's row, GPU columns from the
 * first GPU (sorted by id), one more row per other GPU. */
static void jobs_stats_rows(jobs_stat_job *j, const hfhub_job_metrics *m) {
    jobs_cell (*rows)[JOBS_STATS_COLS] = j->rows;
    const hfhub_json_value *gpus = hfhub_json_get(m->raw, "gpus");
    size_t len, n_gpus = hfhub_json_type_of(gpus) == HFHUB_JSON_OBJECT ? hfhub_json_len(gpus) : 0, g, k, order[JOBS_STATS_ROWS];
    const char *raw = hfhub_json_number_raw(hfhub_json_get(m->raw, "cpu_usage_pct"), &len);
    char a[32], b[32];
    memset(rows, 0, sizeof j->rows);
    snprintf(rows[0][0].s, sizeof rows[0][0].s, "%s", j->id);
    snprintf(rows[0][1].s, sizeof rows[0][1].s, "%.*s%%", raw ? (int)len : 1, raw ? raw : "0");
    jobs_stats_round(m->cpu_millicores / 1000.0, 1, rows[0][2].s, sizeof rows[0][2].s);
    rows[0][2].right = 1;
    jobs_stats_mem((double)m->memory_used_bytes, (double)m->memory_total_bytes, &rows[0][3], &rows[0][4]);
    hf_format_size((uint64_t)m->rx_bps, a);
    hf_format_size((uint64_t)m->tx_bps, b);
    snprintf(rows[0][5].s, sizeof rows[0][5].s, "%sbps / %sbps", a, b);
    if (n_gpus > JOBS_STATS_ROWS) n_gpus = JOBS_STATS_ROWS;
    for (g = 0; g < n_gpus; g++) order[g] = g;
    for (g = 1; g < n_gpus; g++)   /* sorted(metrics["gpus"]) */
        for (k = g; k > 0 && strcmp(hfhub_json_key_at(gpus, order[k - 1], NULL), hfhub_json_key_at(gpus, order[k], NULL)) > 0; k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (g = 0; g < n_gpus; g++) {
        const hfhub_json_value *gpu = hfhub_json_at(gpus, order[g]);
        const char *u = hfhub_json_number_raw(hfhub_json_get(gpu, "utilization"), &len);
        snprintf(rows[g][6].s, sizeof rows[g][6].s, "%.*s%%", u ? (int)len : 1, u ? u : "0");
        jobs_stats_mem(hfhub_json_double(hfhub_json_get(gpu, "memory_used_bytes"), 0),
                       hfhub_json_double(hfhub_json_get(gpu, "memory_total_bytes"), 0), &rows[g][7], &rows[g][8]);
    }
    if (!n_gpus)
        for (k = 6; k < JOBS_STATS_COLS; k++) snprintf(rows[0][k].s, sizeof rows[0][k].s, "N/A");
    j->n_rows = n_gpus ? (int)n_gpus : 1;
}

/* Redraws the table in place, at most every 100 ms (Python's STATS_UPDATE_MIN_INTERVAL).
 * Called with the lock held. */
static void jobs_stats_refresh(jobs_stats *st) {
    int64_t now = (int64_t)(hf_now() * 1000);
    int i;
    if (now - st->last_ms < 100) return;
    for (i = 0; i < st->printed_lines; i++) printf("\033[1A\x1b[2K");
    st->printed_lines = jobs_stats_print(st);
    st->last_ms = now;
}

static int jobs_stats_event(void *user, const hfhub_job_metrics *m) {
    jobs_stat_job *j = (jobs_stat_job *)user;
    pthread_mutex_lock(&j->st->lock);
    jobs_stats_rows(j, m);
    jobs_stats_refresh(j->st);
    pthread_mutex_unlock(&j->st->lock);
    return 0;
}

static void *jobs_stats_thread(void *arg) {
    jobs_stat_job *j = (jobs_stat_job *)arg;
    hfhub_result r = hfhub_fetch_job_metrics(j->st->c, j->ref, &j->st->jo, jobs_stats_event, j);
    if (r) snprintf(j->err, sizeof j->err, "%s", hfhub_last_error()->message);
    pthread_mutex_lock(&j->st->lock);
    j->r = r;
    j->n_rows = 0;   /* a finished stream leaves the table */
    jobs_stats_refresh(j->st);
    pthread_mutex_unlock(&j->st->lock);
    return NULL;
}

/* The Job IDs to watch: the arguments, else the running Jobs (*running to free). */
static int jobs_stats_ids(jobs_args *a, hfhub_client *c, const hfhub_job_opts *jo, hfhub_job_info **running,
                          size_t *n) {
    static const char *const stages[] = {"RUNNING", "UPDATING"};
    hfhub_list_jobs_opts lo;
    *n = (size_t)a->n_pos;
    if (a->n_pos) return 0;
    memset(&lo, 0, sizeof lo);
    lo.where = *jo;
    lo.stages = stages;
    lo.n_stages = 2;
    if (hfhub_list_jobs(c, &lo, running, n)) return jobs_fail(&a->out);
    return 0;
}

static int jobs_stats_cmd(int argc, char **argv) {
    jobs_args a;
    jobs_stats st;
    hfhub_job_info *running = NULL;
    size_t n = 0, j;
    int rc, k, started;
    if ((rc = jobs_parse(&a, argc, argv, 0, "stats"))) return rc;
    memset(&st, 0, sizeof st);
    if (!(st.c = hf_client())) return 1;
    st.jo.ns = a.ns;
    st.jo.token = a.token;
    if ((rc = jobs_stats_ids(&a, st.c, &st.jo, &running, &n)) || !n) {
        if (!rc) hf_out_text(&a.out, "No running jobs found", 0);
        hfhub_client_free(st.c);
        return rc;
    }
    st.jobs = (jobs_stat_job *)calloc(n, sizeof *st.jobs);
    if (!st.jobs) {
        hfhub_job_info_free(running);
        hfhub_client_free(st.c);
        return 1;
    }
    st.n_jobs = n;
    for (j = 0; j < n; j++) {
        const char *ref = a.n_pos ? a.pos[j] : running[j].id, *slash = strchr(ref, '/');
        jobs_stat_job *jb = &st.jobs[j];
        jb->st = &st;
        jb->ref = ref;
        snprintf(jb->id, sizeof jb->id, "%s", slash ? slash + 1 : ref);
        snprintf(jb->rows[0][0].s, sizeof jb->rows[0][0].s, "%s", jb->id);
        for (k = 1; k < JOBS_STATS_COLS; k++)
            snprintf(jb->rows[0][k].s, sizeof jb->rows[0][k].s, "%s",
                     strchr(jobs_stats_headers[k], '/') || strstr(jobs_stats_headers[k], "USAGE") ? "-- / --" : "--");
        jb->n_rows = 1;
    }
    pthread_mutex_init(&st.lock, NULL);
    st.printed_lines = jobs_stats_print(&st);
    st.last_ms = (int64_t)(hf_now() * 1000);
    for (started = 0; (size_t)started < n; started++)
        if (pthread_create(&st.jobs[started].thread, NULL, jobs_stats_thread, &st.jobs[started])) break;
    for (k = 0; k < started; k++) pthread_join(st.jobs[k].thread, NULL);
    for (j = 0; j < n && !rc; j++) {
        if ((size_t)started <= j) hf_out_error(&a.out, "could not start a thread");
        else if (st.jobs[j].r) hf_out_error(&a.out, st.jobs[j].err);
        rc = (size_t)started <= j || st.jobs[j].r;
    }
    pthread_mutex_destroy(&st.lock);
    free(st.jobs);
    hfhub_job_info_free(running);
    hfhub_client_free(st.c);
    return rc;
}

#undef JOBS_STATS_COLS
#undef JOBS_STATS_ROWS

/* ---- scheduled ----------------------------------------------------------------------------- */

static int jobs_sched_ls(jobs_args *a, hfhub_client *c, const hfhub_job_opts *jo) {
    static const char *const keys[] = {"id", "name", "schedule", "image/space", "command", "last_run", "next_run", "suspend"};
    static const size_t headers[] = {0, 1, 2, 3, 4, 5, 6, 7};
    hfhub_scheduled_job_info *all = NULL;
    size_t n = 0, i, rows = 0;
    hf_val *cells;
    char (*text)[3][512];
    hf_table t;
    if (hfhub_list_scheduled_jobs(c, jo, &all, &n)) return jobs_fail(&a->out);
    cells = (hf_val *)calloc(n * 8 + 1, sizeof *cells);
    text = (char (*)[3][512])calloc(n + 1, sizeof *text);
    for (i = 0; cells && text && i < n; i++) {
        const hfhub_scheduled_job_info *s = &all[i];
        const char *nm = hfhub_json_str(hfhub_json_path(s->raw, "jobSpec.labels.name"), "N/A");
        if (!a->all && s->suspend) continue;
        jobs_join(s->command, s->n_command, text[rows][0], sizeof text[rows][0]);
        jobs_created(s->last_job_at, text[rows][1], sizeof text[rows][1]);
        jobs_created(s->next_job_run_at, text[rows][2], sizeof text[rows][2]);
        cells[rows * 8] = hf_str(s->id);
        cells[rows * 8 + 1] = hf_str(nm);
        cells[rows * 8 + 2] = hf_str(s->schedule);
        cells[rows * 8 + 3] = hf_str(s->docker_image ? s->docker_image : "N/A");
        cells[rows * 8 + 4] = hf_str(text[rows][0]);
        cells[rows * 8 + 5] = hf_str(text[rows][1]);
        cells[rows * 8 + 6] = hf_str(text[rows][2]);
        cells[rows * 8 + 7] = hf_bool(s->suspend);
        rows++;
    }
    if (cells && text) {
        memset(&t, 0, sizeof t);
        t.keys = keys;
        t.n_keys = 8;
        t.headers = headers;
        t.n_headers = 8;
        t.right_col = -1;
        t.cells = cells;
        t.n_rows = rows;
        hf_out_table(&a->out, &t);
        if (rows) {
            char msg[300];
            snprintf(msg, sizeof msg, "Use `hf jobs scheduled inspect %s` to view details about a scheduled job.", cells[0].s);
            hf_out_hint(&a->out, msg);
            snprintf(msg, sizeof msg, "Use `hf jobs scheduled trigger %s` to trigger a scheduled job immediately.", cells[0].s);
            hf_out_hint(&a->out, msg);
        }
    }
    free(cells);
    free(text);
    hfhub_scheduled_job_info_free(all);
    return 0;
}

static int jobs_scheduled(int argc, char **argv) {
    static const char *const idk[] = {"id", "url"};
    jobs_args a;
    hfhub_client *c;
    hfhub_job_opts jo;
    const char *sub;
    hf_val vals[2];
    char msg[400];
    int rc = 0, i;
    if (argc < 1) return hf_cli_usage("jobs", "scheduled", "Missing command.");
    sub = argv[0];
    if (!strcmp(sub, "run")) return jobs_run(argc - 1, argv + 1, 1);
    if (!strcmp(sub, "uv") && argc > 1 && !strcmp(argv[1], "run")) return jobs_uv_run(argc - 2, argv + 2, 1);
    if (!strcmp(sub, "labels")) return jobs_labels_cmd(argc - 1, argv + 1, 1);
    if ((rc = jobs_parse(&a, argc - 1, argv + 1, 0, sub))) return rc;
    if (!(c = hf_client())) return 1;
    memset(&jo, 0, sizeof jo);
    jo.ns = a.ns;
    jo.token = a.token;
    if (!strcmp(sub, "ls") || !strcmp(sub, "list") || !strcmp(sub, "ps")) {
        rc = jobs_sched_ls(&a, c, &jo);
    } else if (!a.n_pos) {
        rc = hf_cli_usage("jobs", sub, "Missing argument 'SCHEDULED_JOB_ID'.");
    } else if (!strcmp(sub, "inspect")) {
        hf_cstr items = {NULL, 0, 0};
        hf_cstr_puts(&items, "[");
        for (i = 0; i < a.n_pos && !rc; i++) {
            hfhub_scheduled_job_info *s = NULL;
            if (hfhub_inspect_scheduled_job(c, a.pos[i], &jo, &s)) rc = jobs_fail(&a.out);
            else {
                if (i) hf_cstr_puts(&items, ",");
                hf_job_dict(&items, s->raw, NULL, 1);
            }
            hfhub_scheduled_job_info_free(s);
        }
        if (!rc) rc = jobs_print_dicts(&a.out, &items);
        free(items.p);
    } else if (!strcmp(sub, "delete") || !strcmp(sub, "suspend") || !strcmp(sub, "resume")) {
        hfhub_result r = !strcmp(sub, "delete") ? hfhub_delete_scheduled_job(c, a.pos[0], &jo)
                         : !strcmp(sub, "suspend") ? hfhub_suspend_scheduled_job(c, a.pos[0], &jo)
                                                   : hfhub_resume_scheduled_job(c, a.pos[0], &jo);
        if (r) rc = jobs_fail(&a.out);
        else {
            const char *slash = strchr(a.pos[0], '/');
            vals[0] = hf_str(slash ? slash + 1 : a.pos[0]);
            snprintf(msg, sizeof msg, "Scheduled Job %s", !strcmp(sub, "delete") ? "deleted" : !strcmp(sub, "suspend") ? "suspended" : "resumed");
            hf_out_result(&a.out, msg, idk, vals, 1);
            if (!strcmp(sub, "suspend")) {
                snprintf(msg, sizeof msg, "Use `hf jobs scheduled resume %s` to resume it.", vals[0].s);
                hf_out_hint(&a.out, msg);
            }
        }
    } else if (!strcmp(sub, "trigger")) {
        hfhub_job_info *job = NULL;
        if (hfhub_trigger_scheduled_job(c, a.pos[0], &jo, &job)) rc = jobs_fail(&a.out);
        else {
            vals[0] = hf_str(job->id);
            vals[1] = hf_str(job->url);
            hf_out_result(&a.out, "Scheduled Job triggered", idk, vals, 2);
            snprintf(msg, sizeof msg, "Use `hf jobs logs -f %s/%s` to stream logs.", job->owner_name, job->id);
            hf_out_hint(&a.out, msg);
        }
        hfhub_job_info_free(job);
    } else {
        snprintf(msg, sizeof msg, "No such command '%s'.", sub);
        rc = hf_cli_usage("jobs", "scheduled", msg);
    }
    hfhub_client_free(c);
    return rc;
}

/* ---- ssh ------------------------------------------------------------------------------------ */

/* Polls until the Job runs or ends (Python: wait_for_job(stages=[RUNNING])). */
static hfhub_result jobs_wait_running(hfhub_client *c, const char *id, const hfhub_job_opts *jo, hfhub_job_info **job) {
    int poll_ms = hf_cli_env_int("HF_JOBS_POLL_MS", 1000);
    while (strcmp((*job)->stage ? (*job)->stage : "", "RUNNING") && !hfhub_job_stage_is_final((*job)->stage)) {
        struct timespec ts;
        hfhub_job_info *next = NULL;
        hfhub_result r;
        ts.tv_sec = poll_ms / 1000;
        ts.tv_nsec = (long)(poll_ms % 1000) * 1000000L;
        nanosleep(&ts, NULL);
        if ((r = hfhub_inspect_job(c, id, jo, &next))) return r;
        hfhub_job_info_free(*job);
        *job = next;
    }
    return HFHUB_OK;
}

/* exec_ssh: `ssh [-p PORT] [-i IDENTITY_FILE] USER@HOST`, printed under --dry-run, else exec'd. */
static int jobs_exec_ssh(const jobs_args *a, const char *ssh_url) {
    const char *p = strstr(ssh_url, "://"), *at, *colon, *end;
    char dest[512], port[16] = "", cmd[1200] = "";
    char *argv[8];
    int n = 0;
    p = p ? p + 3 : ssh_url;
    end = p + strcspn(p, "/?#");
    at = memchr(p, '@', (size_t)(end - p));
    colon = memchr(at ? at : p, ':', (size_t)(end - (at ? at : p)));
    if (!at || at == p) {
        hf_out_error(&a->out, "The Job's SSH URL has no user.");
        return 1;
    }
    snprintf(dest, sizeof dest, "%.*s", (int)((colon ? colon : end) - p), p);
    if (colon) snprintf(port, sizeof port, "%.*s", (int)(end - colon - 1), colon + 1);
    argv[n++] = (char *)"ssh";
    if (port[0]) {
        argv[n++] = (char *)"-p";
        argv[n++] = port;
    }
    if (a->identity_file) {
        argv[n++] = (char *)"-i";
        argv[n++] = (char *)a->identity_file;
    }
    argv[n++] = dest;
    argv[n] = NULL;
    if (a->dry_run) {
        int i;
        for (i = 0; i < n; i++) {
            if (i) strncat(cmd, " ", sizeof cmd - strlen(cmd) - 1);
            jobs_shquote(cmd, sizeof cmd, argv[i]);
        }
        hf_out_text(&a->out, cmd, 0);
        return 0;
    }
    fflush(stdout);
    execvp("ssh", argv);
    hf_out_error(&a->out, "Could not run `ssh`: is OpenSSH installed?");
    return 1;
}

/* `hf jobs ssh JOB_ID [-i FILE] [--dry-run]`: waits for the Job to run, then SSHes into it. */
static int jobs_ssh(int argc, char **argv) {
    jobs_args a;
    hfhub_client *c;
    hfhub_job_opts jo;
    hfhub_job_info *job = NULL;
    const char *ssh_url;
    char msg[600];
    int rc;
    if ((rc = jobs_parse(&a, argc, argv, 0, "ssh"))) return rc;
    if (a.n_pos != 1) return hf_cli_usage("jobs", "ssh", a.n_pos ? "Got unexpected extra argument." : "Missing argument 'JOB_ID'.");
    if (!(c = hf_client())) return 1;
    memset(&jo, 0, sizeof jo);
    jo.ns = a.ns;
    jo.token = a.token;
    rc = 1;
    if (hfhub_inspect_job(c, a.pos[0], &jo, &job)) {
        rc = jobs_fail(&a.out);
        goto out;
    }
    if (!hfhub_json_str(hfhub_json_path(job->raw, "status.sshUrl"), NULL)) {
        hf_out_error(&a.out, "SSH is not enabled on this job. Start a job with SSH support using `hf jobs run --ssh ...`.");
        goto out;
    }
    if (hfhub_job_stage_is_final(job->stage)) {
        snprintf(msg, sizeof msg, "Cannot SSH into job '%s': job has already finished (stage: '%s').", job->id, job->stage);
        hf_out_error(&a.out, msg);
        goto out;
    }
    if (strcmp(job->stage ? job->stage : "", "RUNNING")) {
        snprintf(msg, sizeof msg, "Waiting for job '%s' to be running (stage: '%s')...", job->id, job->stage ? job->stage : "");
        if (a.out.mode == HF_OUT_HUMAN) fprintf(stderr, "%s\n", msg);
        if (jobs_wait_running(c, a.pos[0], &jo, &job)) {
            rc = jobs_fail(&a.out);
            goto out;
        }
        if (strcmp(job->stage ? job->stage : "", "RUNNING")) {
            snprintf(msg, sizeof msg, "Cannot SSH into job '%s': job finished before reaching RUNNING (stage: '%s').",
                     job->id, job->stage ? job->stage : "");
            hf_out_error(&a.out, msg);
            goto out;
        }
        if (a.out.mode == HF_OUT_HUMAN) fprintf(stderr, "Job is running.\n");
    }
    ssh_url = hfhub_json_str(hfhub_json_path(job->raw, "status.sshUrl"), NULL);
    if (!ssh_url) {
        hf_out_error(&a.out, "SSH is not enabled on this job. Start a job with SSH support using `hf jobs run --ssh ...`.");
        goto out;
    }
    hfhub_client_free(c);
    c = NULL;
    rc = jobs_exec_ssh(&a, ssh_url);
out:
    hfhub_job_info_free(job);
    hfhub_client_free(c);
    return rc;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static int jobs_help(FILE *f) {
    fprintf(f, "Usage: hf jobs [OPTIONS] COMMAND [ARGS]...\n\n  Run and manage Jobs on the Hub.\n\nCommands:\n"
               "  cancel     Cancel a Job\n  hardware   List available hardware options for Jobs\n"
               "  inspect    Display detailed information on one or more Jobs\n  labels     Update labels on a Job.\n"
               "  logs       Fetch the logs of a Job.\n  ps         List Jobs. (aliases: list, ls)\n  run        Run a Job.\n"
               "  scheduled  Create and manage scheduled Jobs on the Hub.\n  ssh        SSH into a running Job.\n  stats      Fetch the resource usage statistics and metrics of Jobs\n  uv        Run UV scripts (Python with inline dependencies) on HF infrastructure.\n"
               "  wait       Wait for one or more Jobs to reach a terminal state.\n");
    return f == stderr ? 2 : 0;
}

int cmd_jobs(int argc, char **argv) {
    const char *sub;
    if (argc < 1) return jobs_help(stderr);
    sub = argv[0];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) return jobs_help(stdout);
    if (!strcmp(sub, "run")) return jobs_run(argc - 1, argv + 1, 0);
    if (!strcmp(sub, "uv")) {
        if (argc < 2 || strcmp(argv[1], "run")) return hf_cli_usage("jobs", "uv", "Missing command: run.");
        return jobs_uv_run(argc - 2, argv + 2, 0);
    }
    if (!strcmp(sub, "ps") || !strcmp(sub, "ls") || !strcmp(sub, "list")) return jobs_ps(argc - 1, argv + 1);
    if (!strcmp(sub, "inspect")) return jobs_inspect(argc - 1, argv + 1);
    if (!strcmp(sub, "logs")) return jobs_logs(argc - 1, argv + 1);
    if (!strcmp(sub, "cancel")) return jobs_cancel(argc - 1, argv + 1);
    if (!strcmp(sub, "wait")) return jobs_wait(argc - 1, argv + 1);
    if (!strcmp(sub, "labels")) return jobs_labels_cmd(argc - 1, argv + 1, 0);
    if (!strcmp(sub, "hardware")) return jobs_hardware(argc - 1, argv + 1);
    if (!strcmp(sub, "stats")) return jobs_stats_cmd(argc - 1, argv + 1);
    if (!strcmp(sub, "ssh")) return jobs_ssh(argc - 1, argv + 1);
    if (!strcmp(sub, "scheduled")) return jobs_scheduled(argc - 1, argv + 1);
    fprintf(stderr, "Usage: hf jobs [OPTIONS] COMMAND [ARGS]...\nTry 'hf jobs -h' for help.\n\nError: No such command '%s'.\n", sub);
    return 2;
}

#undef JOBS_MAX
