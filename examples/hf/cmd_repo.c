/* cmd_repo.c: `hf repos` (alias `hf repo`, deprecated): create, delete, move, settings,
 * branch create|delete, tag create|list|delete, with Python's flags, messages, output
 * formats (--format human|agent|json|quiet) and exit codes (1 on errors, 2 on usage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"

#define HF_REPO_MAX_KV 64

typedef struct hf_repo_args {
    const char *pos[3];      /* positional arguments */
    int n_pos;
    const char *repo_type, *token, *revision, *message, *gated, *visibility;
    const char *space_sdk, *template_, *flavor, *storage, *resource_group, *region;
    long sleep_time;
    int exist_ok, missing_ok, yes;
    hfhub_repo_kv secrets[HF_REPO_MAX_KV], env[HF_REPO_MAX_KV];
    size_t n_secrets, n_env;
    char *owned[2 * HF_REPO_MAX_KV]; /* strings read from env files */
    size_t n_owned;
    hf_out out;
} hf_repo_args;

/* ---- errors -------------------------------------------------------------------------------- */

/* Prints a library failure as Python's `hf` main does (its CLI_ERROR_MAPPINGS), exit code 1. */
int hf_repo_report_error(const hf_out *o, hfhub_result r) {
    const hfhub_error *e = hfhub_last_error();
    char msg[4096];
    switch (r) {
    case HFHUB_ERR_REPO_NOT_FOUND:
        snprintf(msg, sizeof msg, "Repository not found. Check the `repo_id` and `repo_type` parameters. If the repo is private, make sure you are authenticated.");
        break;
    case HFHUB_ERR_REVISION_NOT_FOUND: snprintf(msg, sizeof msg, "Revision not found. Check the `revision` parameter."); break;
    case HFHUB_ERR_GATED: snprintf(msg, sizeof msg, "Access denied. This repository requires approval."); break;
    case HFHUB_ERR_ENTRY_NOT_FOUND: snprintf(msg, sizeof msg, "File not found in repository."); break;
    case HFHUB_ERR_INVALID_ARG: snprintf(msg, sizeof msg, "Invalid value. %s", e->message); break;
    case HFHUB_ERR_UNAUTHORIZED:
        if (!e->http_status) { snprintf(msg, sizeof msg, "Not logged in. Run 'hf auth login' first."); break; }
        /* fall through */
    default: snprintf(msg, sizeof msg, "%s", e->message[0] ? e->message : hfhub_result_str(r)); break;
    }
    hf_out_error(o, msg);
    hf_out_hint(o, "set HF_DEBUG=1 as environment variable for full traceback.");
    return 1;
}

/* A CLIError: its message, the hint, exit 1. */
static int hf_repo_cli_error(const hf_out *o, const char *msg) {
    hf_out_error(o, msg);
    hf_out_hint(o, "set HF_DEBUG=1 as environment variable for full traceback.");
    return 1;
}

/* ---- arguments ----------------------------------------------------------------------------- */

/* "--name value" or "--name=value" (also a short alias): the value, advancing *i. */
static const char *hf_repo_opt(int argc, char **argv, int *i, const char *name, const char *alias) {
    const char *names[2];
    int k;
    names[0] = name;
    names[1] = alias;
    for (k = 0; k < 2; k++) {
        size_t n;
        if (!names[k]) continue;
        n = strlen(names[k]);
        if (strncmp(argv[*i], names[k], n)) continue;
        if (argv[*i][n] == '=' && names[k][1] == '-') return argv[*i] + n + 1;
        if (argv[*i][n]) continue;
        if (*i + 1 >= argc) {
            fprintf(stderr, "Error: Option '%s' requires an argument.\n", names[k]);
            exit(2);
        }
        return argv[++*i];
    }
    return NULL;
}

static int hf_repo_kv_push(hf_repo_args *a, hfhub_repo_kv *list, size_t *n, const char *key, size_t kn, const char *value) {
    char *k;
    if (*n >= HF_REPO_MAX_KV || a->n_owned + 2 > 2 * HF_REPO_MAX_KV) return -1;
    k = (char *)malloc(kn + 1);
    if (!k) return -1;
    memcpy(k, key, kn);
    k[kn] = 0;
    a->owned[a->n_owned++] = k;
    list[*n].key = k;
    list[*n].value = value;
    list[*n].description = NULL;
    (*n)++;
    return 0;
}

/* Python's parse_env_map for one -s/-e value: "KEY=VALUE", or "KEY" taken from the environment. */
static int hf_repo_kv_arg(hf_repo_args *a, hfhub_repo_kv *list, size_t *n, const char *s) {
    const char *eq = strchr(s, '=');
    if (eq) return hf_repo_kv_push(a, list, n, s, (size_t)(eq - s), eq + 1);
    return hf_repo_kv_push(a, list, n, s, strlen(s), getenv(s) ? getenv(s) : "");
}

/* A dotenv file: KEY=VALUE lines, '#' comments, optional quotes around the value. */
static int hf_repo_kv_file(hf_repo_args *a, hfhub_repo_kv *list, size_t *n, const char *path) {
    FILE *f = fopen(path, "r");
    char line[4096];
    if (!f) {
        fprintf(stderr, "Error: cannot read '%s'\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char *s = line, *eq, *v, *e;
        size_t vn;
        while (*s == ' ' || *s == '\t') s++;
        if (!strncmp(s, "export ", 7)) s += 7;
        if (*s == '#' || !(eq = strchr(s, '='))) continue;
        v = eq + 1;
        e = v + strlen(v);
        while (e > v && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ')) *--e = 0;
        vn = strlen(v);
        if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) { v[vn - 1] = 0; v++; }
        if (a->n_owned >= 2 * HF_REPO_MAX_KV) break;
        a->owned[a->n_owned] = (char *)malloc(strlen(v) + 1);
        if (!a->owned[a->n_owned]) break;
        strcpy(a->owned[a->n_owned], v);
        v = a->owned[a->n_owned++];
        while (eq > s && (eq[-1] == ' ' || eq[-1] == '\t')) eq--;
        if (hf_repo_kv_push(a, list, n, s, (size_t)(eq - s), v)) { fclose(f); return -1; }
    }
    fclose(f);
    return 0;
}

static void hf_repo_args_free(hf_repo_args *a) {
    size_t i;
    for (i = 0; i < a->n_owned; i++) free(a->owned[i]);
}

static int hf_repo_check_type(const char *t) {
    if (!strcmp(t, "model") || !strcmp(t, "dataset") || !strcmp(t, "space")) return 0;
    fprintf(stderr, "Error: Invalid value for '--repo-type': '%s' is not one of 'model', 'dataset', 'space'.\n", t);
    return -1;
}

/* Parses every flag any repos sub-command takes (each command checks what it uses);
 * 0 ok, 1 help, 2 usage error. */
static int hf_repo_parse(int argc, char **argv, hf_repo_args *a) {
    int i;
    const char *v;
    memset(a, 0, sizeof *a);
    a->repo_type = "model";
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        int flag;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) return 1;
        if ((flag = hf_out_flag(&a->out, argc, argv, &i)) != 0) {
            if (flag < 0) return 2;
            continue;
        }
        if ((v = hf_repo_opt(argc, argv, &i, "--repo-type", "--type"))) { if (hf_repo_check_type(v)) return 2; a->repo_type = v; }
        else if ((v = hf_repo_opt(argc, argv, &i, "--token", NULL))) a->token = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--revision", NULL))) a->revision = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--message", "-m"))) a->message = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--gated", NULL))) a->gated = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--space-sdk", "--space_sdk"))) a->space_sdk = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--template", NULL))) a->template_ = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--flavor", NULL))) a->flavor = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--storage", NULL))) a->storage = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--resource-group-id", NULL))) a->resource_group = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--region", NULL))) a->region = v;
        else if ((v = hf_repo_opt(argc, argv, &i, "--sleep-time", NULL))) a->sleep_time = strtol(v, NULL, 10);
        else if ((v = hf_repo_opt(argc, argv, &i, "--secrets", "-s"))) { if (hf_repo_kv_arg(a, a->secrets, &a->n_secrets, v)) return 2; }
        else if ((v = hf_repo_opt(argc, argv, &i, "--env", "-e"))) { if (hf_repo_kv_arg(a, a->env, &a->n_env, v)) return 2; }
        else if ((v = hf_repo_opt(argc, argv, &i, "--secrets-file", NULL))) { if (hf_repo_kv_file(a, a->secrets, &a->n_secrets, v)) return 2; }
        else if ((v = hf_repo_opt(argc, argv, &i, "--env-file", NULL))) { if (hf_repo_kv_file(a, a->env, &a->n_env, v)) return 2; }
        else if (!strcmp(s, "--private")) a->visibility = "private";
        else if (!strcmp(s, "--public")) a->visibility = "public";
        else if (!strcmp(s, "--protected")) a->visibility = "protected";
        else if (!strcmp(s, "--exist-ok")) a->exist_ok = 1;
        else if (!strcmp(s, "--no-exist-ok")) a->exist_ok = 0;
        else if (!strcmp(s, "--missing-ok")) a->missing_ok = 1;
        else if (!strcmp(s, "--no-missing-ok")) a->missing_ok = 0;
        else if (!strcmp(s, "-y") || !strcmp(s, "--yes")) a->yes = 1;
        else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "Error: No such option: %s\n", s);
            return 2;
        } else if (a->n_pos < 3) a->pos[a->n_pos++] = s;
        else {
            fprintf(stderr, "Error: Got unexpected extra argument (%s)\n", s);
            return 2;
        }
    }
    return 0;
}

/* Exactly n positional arguments, named for the message. */
static int hf_repo_need(const hf_repo_args *a, int n, const char *const *names) {
    if (a->n_pos < n) {
        fprintf(stderr, "Error: Missing argument '%s'.\n", names[a->n_pos]);
        return 2;
    }
    if (a->n_pos > n) {
        fprintf(stderr, "Error: Got unexpected extra argument (%s)\n", a->pos[n]);
        return 2;
    }
    return 0;
}

/* "Model", "Dataset", "Space" (str.capitalize). */
static const char *hf_repo_type_cap(const char *t) {
    return !strcmp(t, "dataset") ? "Dataset" : !strcmp(t, "space") ? "Space" : "Model";
}

/* ---- commands ------------------------------------------------------------------------------ */

static int hf_repo_create(hfhub_client *c, hf_repo_args *a) {
    static const char *const names[] = {"REPO_ID"};
    static const char *const keys[] = {"repo_id", "url"};
    hfhub_create_repo_opts o;
    hfhub_repo_url *u = NULL;
    hf_val vals[2];
    hfhub_result r;
    if (hf_repo_need(a, 1, names)) return 2;
    memset(&o, 0, sizeof o);
    o.repo_type = a->repo_type;
    o.token = a->token;
    o.visibility = a->visibility;
    o.exist_ok = a->exist_ok;
    o.resource_group_id = a->resource_group;
    o.region = a->region;
    o.space_sdk = a->space_sdk;
    o.space_template = a->template_;
    o.space_hardware = a->flavor;
    o.space_storage = a->storage;
    o.space_sleep_time = a->sleep_time;
    o.space_secrets = a->secrets;
    o.n_space_secrets = a->n_secrets;
    o.space_variables = a->env;
    o.n_space_variables = a->n_env;
    if ((r = hfhub_create_repo(c, a->pos[0], &o, &u)) != HFHUB_OK) return hf_repo_report_error(&a->out, r);
    vals[0] = hf_str(u->repo_id);
    vals[1] = hf_str(u->url);
    hf_out_result(&a->out, "Repo created", keys, vals, 2);
    hfhub_free(c, u);
    return 0;
}

static int hf_repo_delete(hfhub_client *c, hf_repo_args *a) {
    static const char *const names[] = {"REPO_ID"};
    static const char *const keys[] = {"repo_id"};
    hfhub_delete_repo_opts o;
    hf_val val;
    char msg[512];
    hfhub_result r;
    if (hf_repo_need(a, 1, names)) return 2;
    snprintf(msg, sizeof msg, "You are about to permanently delete %s '%s'. Proceed?", a->repo_type, a->pos[0]);
    if (!a->yes && !hf_confirm(msg)) return 1;
    memset(&o, 0, sizeof o);
    o.repo_type = a->repo_type;
    o.token = a->token;
    o.missing_ok = a->missing_ok;
    if ((r = hfhub_delete_repo(c, a->pos[0], &o)) != HFHUB_OK) return hf_repo_report_error(&a->out, r);
    val = hf_str(a->pos[0]);
    hf_out_result(&a->out, "Repo deleted", keys, &val, 1);
    return 0;
}

static int hf_repo_move(hfhub_client *c, hf_repo_args *a) {
    static const char *const names[] = {"FROM_ID", "TO_ID"};
    static const char *const keys[] = {"from_id", "to_id"};
    hfhub_repo_opts o;
    hf_val vals[2];
    hfhub_result r;
    if (hf_repo_need(a, 2, names)) return 2;
    o.repo_type = a->repo_type;
    o.token = a->token;
    if ((r = hfhub_move_repo(c, a->pos[0], a->pos[1], &o)) != HFHUB_OK) return hf_repo_report_error(&a->out, r);
    vals[0] = hf_str(a->pos[0]);
    vals[1] = hf_str(a->pos[1]);
    hf_out_result(&a->out, "Repo moved", keys, vals, 2);
    return 0;
}

static int hf_repo_settings(hfhub_client *c, hf_repo_args *a) {
    static const char *const names[] = {"REPO_ID"};
    static const char *const keys[] = {"repo_id"};
    hfhub_repo_settings_opts o;
    hf_val val;
    hfhub_result r;
    if (hf_repo_need(a, 1, names)) return 2;
    if (a->gated && strcmp(a->gated, "auto") && strcmp(a->gated, "manual") && strcmp(a->gated, "false")) {
        fprintf(stderr, "Error: Invalid value for '--gated': '%s' is not one of 'auto', 'manual', 'false'.\n", a->gated);
        return 2;
    }
    memset(&o, 0, sizeof o);
    o.repo_type = a->repo_type;
    o.token = a->token;
    o.gated = a->gated;
    o.visibility = a->visibility;
    if ((r = hfhub_update_repo_settings(c, a->pos[0], &o)) != HFHUB_OK) return hf_repo_report_error(&a->out, r);
    val = hf_str(a->pos[0]);
    hf_out_result(&a->out, "Repo settings updated", keys, &val, 1);
    return 0;
}

/* "Branch created" / "Tag deleted" ...: name, repo_type, repo_id. */
static void hf_repo_ref_result(hf_repo_args *a, const char *msg, const char *what) {
    const char *keys[3];
    hf_val vals[3];
    keys[0] = what;
    keys[1] = "repo_type";
    keys[2] = "repo_id";
    vals[0] = hf_str(a->pos[1]);
    vals[1] = hf_str(a->repo_type);
    vals[2] = hf_str(a->pos[0]);
    hf_out_result(&a->out, msg, keys, vals, 3);
}

static int hf_repo_branch(hfhub_client *c, int create, hf_repo_args *a) {
    static const char *const names[] = {"REPO_ID", "BRANCH"};
    hfhub_ref_opts o;
    hfhub_repo_opts d;
    hfhub_result r;
    if (hf_repo_need(a, 2, names)) return 2;
    memset(&o, 0, sizeof o);
    o.repo_type = d.repo_type = a->repo_type;
    o.token = d.token = a->token;
    o.revision = a->revision;
    o.exist_ok = a->exist_ok;
    r = create ? hfhub_create_branch(c, a->pos[0], a->pos[1], &o) : hfhub_delete_branch(c, a->pos[0], a->pos[1], &d);
    if (r) return hf_repo_report_error(&a->out, r);
    hf_repo_ref_result(a, create ? "Branch created" : "Branch deleted", "branch");
    return 0;
}

static int hf_repo_branch_create(hfhub_client *c, hf_repo_args *a) { return hf_repo_branch(c, 1, a); }
static int hf_repo_branch_delete(hfhub_client *c, hf_repo_args *a) { return hf_repo_branch(c, 0, a); }

static int hf_repo_tag_list(hfhub_client *c, hf_repo_args *a) {
    static const char *const names[] = {"REPO_ID"};
    static const char *const keys[] = {"name", "target_commit", "ref"};
    static const size_t headers[] = {0, 1, 2};
    hfhub_repo_opts o;
    hfhub_repo_ref *refs = NULL;
    hf_val *cells;
    hf_table t;
    size_t n = 0, i;
    hfhub_result r;
    char msg[512];
    if (hf_repo_need(a, 1, names)) return 2;
    o.repo_type = a->repo_type;
    o.token = a->token;
    if ((r = hfhub_list_repo_tags(c, a->pos[0], &o, &refs, &n)) != HFHUB_OK) {
        if (r != HFHUB_ERR_REPO_NOT_FOUND) return hf_repo_report_error(&a->out, r);
        snprintf(msg, sizeof msg, "%s '%s' not found.", hf_repo_type_cap(a->repo_type), a->pos[0]);
        return hf_repo_cli_error(&a->out, msg);
    }
    cells = (hf_val *)calloc(n ? 3 * n : 1, sizeof *cells);
    if (!cells) { hfhub_free(c, refs); return 1; }
    for (i = 0; i < n; i++) {
        cells[3 * i] = hf_str(refs[i].name);
        cells[3 * i + 1] = hf_str(refs[i].target_commit);
        cells[3 * i + 2] = hf_str(refs[i].ref);
    }
    memset(&t, 0, sizeof t);
    t.keys = keys;
    t.n_keys = 3;
    t.headers = headers;
    t.n_headers = 3;
    t.id_col = 0;
    t.right_col = -1;
    t.cells = cells;
    t.n_rows = n;
    hf_out_table(&a->out, &t);
    free(cells);
    hfhub_free(c, refs);
    return 0;
}

static int hf_repo_tag_create(hfhub_client *c, hf_repo_args *a) {
    static const char *const names[] = {"REPO_ID", "TAG"};
    hfhub_ref_opts o;
    hfhub_result r;
    char msg[512];
    if (hf_repo_need(a, 2, names)) return 2;
    memset(&o, 0, sizeof o);
    o.repo_type = a->repo_type;
    o.token = a->token;
    o.revision = a->revision;
    o.message = a->message;
    r = hfhub_create_tag(c, a->pos[0], a->pos[1], &o);
    if (r == HFHUB_ERR_REPO_NOT_FOUND) snprintf(msg, sizeof msg, "%s '%s' not found.", hf_repo_type_cap(a->repo_type), a->pos[0]);
    else if (r == HFHUB_ERR_REVISION_NOT_FOUND) snprintf(msg, sizeof msg, "Revision '%s' not found.", a->revision ? a->revision : "None");
    else if (r && hfhub_last_error()->http_status == 409) snprintf(msg, sizeof msg, "Tag '%s' already exists on '%s'.", a->pos[1], a->pos[0]);
    else if (r) return hf_repo_report_error(&a->out, r);
    if (r) return hf_repo_cli_error(&a->out, msg);
    hf_repo_ref_result(a, "Tag created", "tag");
    return 0;
}

static int hf_repo_tag_delete(hfhub_client *c, hf_repo_args *a) {
    static const char *const names[] = {"REPO_ID", "TAG"};
    hfhub_repo_opts o;
    hfhub_result r;
    char msg[512];
    if (hf_repo_need(a, 2, names)) return 2;
    snprintf(msg, sizeof msg, "You are about to delete tag %s on %s %s", a->pos[1], a->repo_type, a->pos[0]);
    hf_out_text(&a->out, msg, 0);
    if (!a->yes && !hf_confirm("Proceed?")) return 1;
    o.repo_type = a->repo_type;
    o.token = a->token;
    r = hfhub_delete_tag(c, a->pos[0], a->pos[1], &o);
    if (r == HFHUB_ERR_REPO_NOT_FOUND) snprintf(msg, sizeof msg, "%s '%s' not found.", hf_repo_type_cap(a->repo_type), a->pos[0]);
    else if (r == HFHUB_ERR_REVISION_NOT_FOUND) snprintf(msg, sizeof msg, "Tag '%s' not found on '%s'.", a->pos[1], a->pos[0]);
    else if (r) return hf_repo_report_error(&a->out, r);
    if (r) return hf_repo_cli_error(&a->out, msg);
    hf_repo_ref_result(a, "Tag deleted", "tag");
    return 0;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static int hf_repo_usage(FILE *f) {
    fprintf(f, "usage: hf repos <command> [<args>]\n\n"
               "Manage repos on the Hub.\n\n"
               "commands:\n"
               "  create REPO_ID [--repo-type {model,dataset,space}] [--space-sdk SDK] [--private|--public|--protected]\n"
               "         [--exist-ok] [--resource-group-id ID] [--flavor F] [--storage S] [--sleep-time N]\n"
               "         [-s/--secrets K[=V]]... [--secrets-file F] [-e/--env K[=V]]... [--env-file F] [--token T]\n"
               "  delete REPO_ID [--repo-type T] [--missing-ok] [-y/--yes] [--token T]\n"
               "  move FROM_ID TO_ID [--repo-type T] [--token T]\n"
               "  delete-files REPO_ID PATTERNS... [--repo-type T] [--revision R] [--commit-message M]\n"
               "         [--commit-description D] [--create-pr] [--token T]\n"
               "  settings REPO_ID [--gated {auto,manual,false}] [--private|--public|--protected] [--repo-type T] [--token T]\n"
               "  branch create REPO_ID BRANCH [--revision R] [--exist-ok] [--repo-type T] [--token T]\n"
               "  branch delete REPO_ID BRANCH [--repo-type T] [--token T]\n"
               "  tag create REPO_ID TAG [-m/--message MSG] [--revision R] [--repo-type T] [--token T]\n"
               "  tag list|ls REPO_ID [--repo-type T] [--token T]\n"
               "  tag delete REPO_ID TAG [-y/--yes] [--repo-type T] [--token T]\n"
               "Output: [--format {auto,human,agent,json,quiet}] [--json] [-q/--quiet]\n");
    return f == stderr ? 2 : 0;
}

/* The sub-command function for (group, name), or NULL. */
typedef int (*hf_repo_fn)(hfhub_client *c, hf_repo_args *a);
static hf_repo_fn hf_repo_lookup(const char *group, const char *name) {
    if (!group) {
        if (!strcmp(name, "create")) return hf_repo_create;
        if (!strcmp(name, "delete")) return hf_repo_delete;
        if (!strcmp(name, "move")) return hf_repo_move;
        if (!strcmp(name, "settings")) return hf_repo_settings;
    } else if (!strcmp(group, "branch")) {
        if (!strcmp(name, "create")) return hf_repo_branch_create;
        if (!strcmp(name, "delete")) return hf_repo_branch_delete;
    } else if (!strcmp(group, "tag")) {
        if (!strcmp(name, "create")) return hf_repo_tag_create;
        if (!strcmp(name, "list") || !strcmp(name, "ls")) return hf_repo_tag_list;
        if (!strcmp(name, "delete")) return hf_repo_tag_delete;
    }
    return NULL;
}

static int hf_repo_run(int argc, char **argv) {
    const char *group = NULL;
    hf_repo_fn fn;
    hf_repo_args a;
    hfhub_client *c;
    int st, skip = 1;
    if (argc < 1) return hf_repo_usage(stderr);
    if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) return hf_repo_usage(stdout);
    if (!strcmp(argv[0], "delete-files")) return hf_delete_files_cmd(argc - 1, argv + 1, 0);
    if (!strcmp(argv[0], "branch") || !strcmp(argv[0], "tag")) {
        if (argc < 2) return hf_repo_usage(stderr);
        group = argv[0];
        skip = 2;
    }
    if (!(fn = hf_repo_lookup(group, argv[skip - 1]))) {
        fprintf(stderr, "Error: No such command '%s'.\n", argv[skip - 1]);
        return 2;
    }
    st = hf_repo_parse(argc - skip, argv + skip, &a);
    if (st == 0 && (c = hf_client()) != NULL) {
        st = fn(c, &a);
        hfhub_client_free(c);
    } else if (st == 0) {
        st = 1;
    } else if (st == 1) {
        st = hf_repo_usage(stdout);
    }
    hf_repo_args_free(&a);
    return st;
}

int cmd_repos(int argc, char **argv) { return hf_repo_run(argc, argv); }

/* `hf repo` is the deprecated alias. */
int cmd_repo(int argc, char **argv) {
    hf_out o;
    memset(&o, 0, sizeof o);
    hf_out_warning(&o, "`hf repo` is deprecated in favor of `hf repos`.");
    return hf_repo_run(argc, argv);
}
