/* cmd_spaces_ops.c: the operations of `hf spaces` on one Space: pause, restart
 * [--factory-reboot], settings [--sleep-time] [--hardware], dev-mode [--stop], wait
 * [--timeout], logs [--build] [-f] [-n], volumes ls|set|delete, secrets add|delete|list and variables add|delete|list, with the outputs of Python's `hf spaces` (spec §7). argv[0] is
 * the sub-command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#include "social_cli.h"

static int hf_sp_usage(FILE *f) {
    fprintf(f, "usage: hf spaces <command> SPACE_ID [<args>]\n\n"
               "commands:\n"
               "  pause SPACE_ID\n"
               "  restart SPACE_ID [--factory-reboot]\n"
               "  settings SPACE_ID [--sleep-time SECONDS] [--hardware FLAVOR]\n"
               "  dev-mode SPACE_ID [--stop]\n"
               "  wait SPACE_ID [--timeout DURATION]\n"
               "  logs SPACE_ID [--build] [-f/--follow] [-n/--tail N]\n"
               "  volumes list (ls) SPACE_ID\n"
               "  volumes set SPACE_ID -v hf://[TYPE/]SOURCE[@REV][/PATH]:/MOUNT[:ro|:rw]...\n"
               "  volumes delete SPACE_ID [-y]\n"
               "  secrets add SPACE_ID KEY VALUE [--description D]\n"
               "  secrets delete SPACE_ID KEY\n"
               "  secrets list (ls) SPACE_ID\n"
               "  variables add SPACE_ID KEY VALUE [--description D]\n"
               "  variables delete SPACE_ID KEY\n"
               "  variables list (ls) SPACE_ID\n"
               "common options: [--token T] [--format auto|human|agent|json|quiet]\n");
    return f == stderr ? 2 : 0;
}

static void hf_sp_hint_volumes(const hf_out *o, const char *id) {
    char msg[512];
    snprintf(msg, sizeof msg, "Mount a Volume or bucket to persist data across restarts: `hf spaces volumes set %s -v hf://...`", id);
    hf_out_hint(o, msg);
}

static int hf_sp_runtime_ops(hfhub_client *c, const char *sub, const hf_s_args *a) {
    hfhub_space_runtime *rt = NULL;
    const char *id;
    char hint[512];
    if (a->npos != 1) return hf_s_usage("Missing argument 'SPACE_ID'.");
    id = a->pos[0];
    if (!strcmp(sub, "pause")) {
        static const char *const keys[] = {"space_id", "stage"};
        hf_val v[2];
        if (hfhub_pause_space(c, id, &rt)) return hf_s_fail(&a->out);
        v[0] = hf_str(id);
        v[1] = hf_str(rt->stage);
        hf_out_result(&a->out, "Space paused", keys, v, 2);
        snprintf(hint, sizeof hint, "Use `hf spaces restart %s` to restart it.", id);
        hf_out_hint(&a->out, hint);
        hf_sp_hint_volumes(&a->out, id);
    } else if (!strcmp(sub, "restart")) {
        static const char *const keys[] = {"space_id", "stage", "factory_reboot"};
        hf_val v[3];
        int factory = hf_s_has(a, "--factory-reboot");
        if (hfhub_restart_space(c, id, factory, &rt)) return hf_s_fail(&a->out);
        v[0] = hf_str(id);
        v[1] = hf_str(rt->stage);
        v[2] = hf_bool(factory);
        hf_out_result(&a->out, "Space restart triggered", keys, v, 3);
        snprintf(hint, sizeof hint, "Use `hf spaces info %s` to monitor the runtime stage.", id);
        hf_out_hint(&a->out, hint);
        hf_sp_hint_volumes(&a->out, id);
    } else {
        static const char *const keys[] = {"space_id", "hardware", "sleep_time"};
        hf_val v[3];
        const char *hw = hf_s_get(a, "--hardware"), *st = hf_s_get(a, "--sleep-time");
        long long sleep = 0;
        hfhub_result r;
        if (st && hf_s_int("--sleep-time", st, &sleep)) return 2;
        if (!hw && !st) {
            hf_out_error(&a->out, "Specify at least one setting to update.");
            return 1;
        }
        r = hw ? hfhub_request_space_hardware(c, id, hw, st ? sleep : 0, &rt) : hfhub_set_space_sleep_time(c, id, sleep, &rt);
        if (r) return hf_s_fail(&a->out);
        v[0] = hf_str(id);
        v[1] = hf_str(rt->requested_hardware);
        v[2] = hf_int(rt->sleep_time);
        hf_out_result(&a->out, "Space settings updated", keys, v, 3);
        snprintf(hint, sizeof hint, "Use `hf spaces info %s` to verify the runtime configuration.", id);
        hf_out_hint(&a->out, hint);
    }
    hfhub_space_runtime_free(rt);
    return 0;
}

/* Python's parse_duration: a number with an optional unit s (default), m, h or d, in ms; -1
 * when it does not parse. */
static long long hf_sp_duration_ms(const char *v) {
    char *end;
    double x = strtod(v, &end), mult = 1000;
    if (end == v || x < 0) return -1;
    if (*end == 'm') mult = 60e3;
    else if (*end == 'h') mult = 3600e3;
    else if (*end == 'd') mult = 86400e3;
    else if (*end && *end != 's') return -1;
    if (*end && end[1]) return -1;
    return (long long)(x * mult);
}

/* `hf spaces wait SPACE_ID [--timeout D]`: exit 0 once RUNNING, 1 when it settles elsewhere. */
static int hf_sp_wait(hfhub_client *c, const hf_s_args *a) {
    static const char *const keys[] = {"space_id", "stage"};
    const char *to = hf_s_get(a, "--timeout"), *id;
    hfhub_wait_space_opts o;
    hfhub_space_runtime *rt = NULL;
    hfhub_result r;
    hf_val v[2];
    char msg[512];
    long long ms = 0;
    if (a->npos != 1) return hf_s_usage("Missing argument 'SPACE_ID'.");
    id = a->pos[0];
    if (to && (ms = hf_sp_duration_ms(to)) < 0) {
        snprintf(msg, sizeof msg, "Invalid value for '--timeout': '%s' is not a valid duration.", to);
        return hf_s_usage(msg);
    }
    memset(&o, 0, sizeof o);
    o.timeout_ms = ms > 0 ? (ms > 2000000000 ? 2000000000 : (int)ms) : 0;
    fputs("Waiting for Space to be ready...\n", stderr);
    r = hfhub_wait_for_space(c, id, &o, &rt);
    if (r == HFHUB_ERR_TIMEOUT) {
        fputs("Timed out.\n", stderr);
        snprintf(msg, sizeof msg, "Timed out after %s waiting for Space '%s' to be ready.", to, id);
        hf_out_error(&a->out, msg);
        return 1;
    }
    if (r) return hf_s_fail(&a->out);
    fprintf(stderr, "Space reached stage '%s'.\n", rt->stage ? rt->stage : "None");
    if (!rt->stage || strcmp(rt->stage, "RUNNING")) {
        snprintf(msg, sizeof msg, "Space '%s' is not running (stage='%s').", id, rt->stage ? rt->stage : "None");
        hf_out_error(&a->out, msg);
        hfhub_space_runtime_free(rt);
        return 1;
    }
    v[0] = hf_str(id);
    v[1] = hf_str(rt->stage);
    hf_out_result(&a->out, "Space ready", keys, v, 2);
    snprintf(msg, sizeof msg, "Use `hf spaces logs %s` to view run logs.", id);
    hf_out_hint(&a->out, msg);
    hfhub_space_runtime_free(rt);
    return 0;
}

/* The connection help Python prints once dev mode runs (folder: the card's
 * "dev-mode-folder", else /home/user/app except for Docker Spaces). */
static void hf_sp_dev_connect(const hfhub_info *info) {
    const char *folder = hfhub_json_str(hfhub_json_get(info->card_data, "dev-mode-folder"), NULL);
    const char *sub = info->subdomain ? info->subdomain : "None";
    if (!folder) folder = info->sdk && !strcmp(info->sdk, "docker") ? "" : "/home/user/app";
    printf("Connect to dev environment:\n\nWeb:\n");
    printf("  * VSCode: https://huggingface.co/spaces/%s/dev-mode/vscode-web%s%s\n\n", info->id, *folder ? "?folder=" : "", folder);
    printf("Local:\n1. Add your SSH key to https://huggingface.co/settings/keys\n");
    printf("2. SSH with `hf spaces ssh %s` (or `ssh -i <your_key> %s@ssh.hf.space`)\n   Or open\n", info->id, sub);
    printf("  * VSCode: vscode://vscode-remote/ssh-remote+%s@ssh.hf.space%s\n", sub, folder);
    printf("  * Cursor: cursor://vscode-remote/ssh-remote+%s@ssh.hf.space%s\n\n", sub, folder);
    printf("PS: Dev mode stops after 48h of inactivity, don't forget to save your changes regularly.\n");
}

/* `hf spaces dev-mode SPACE_ID [--stop]` */
static int hf_sp_dev_mode(hfhub_client *c, const hf_s_args *a) {
    hfhub_space_runtime *rt = NULL;
    hfhub_info *info = NULL;
    char msg[512];
    const char *id;
    if (a->npos != 1) return hf_s_usage("Missing argument 'SPACE_ID'.");
    id = a->pos[0];
    if (hf_s_has(a, "--stop")) {
        if (hfhub_disable_space_dev_mode(c, id, NULL)) return hf_s_fail(&a->out);
        printf("Dev mode disabled for '%s'\n", id);
        return 0;
    }
    if (hfhub_enable_space_dev_mode(c, id, NULL) || hfhub_wait_for_space(c, id, NULL, &rt)) return hf_s_fail(&a->out);
    if (!rt->stage || strcmp(rt->stage, "RUNNING")) {
        snprintf(msg, sizeof msg, "Dev mode is not ready (stage='%s')", rt->stage ? rt->stage : "None");
        hf_out_warning(&a->out, msg);
        hfhub_space_runtime_free(rt);
        return 0;
    }
    hfhub_space_runtime_free(rt);
    if (hfhub_space_info(c, id, NULL, &info)) return hf_s_fail(&a->out);
    hf_sp_dev_connect(info);
    hfhub_api_free(info);
    return 0;
}

/* The lines `hf spaces logs` prints: all, or the last `tail` (Python's deque(maxlen=tail)). */
typedef struct hf_sp_logs {
    const hf_out *out;
    char **ring;
    long long tail, n;
    int found, has_tail;
} hf_sp_logs;

/* Python's str.strip() of a line, printed with out.text. */
static void hf_sp_log_print(hf_sp_logs *L, const char *line) {
    const char *e = line + strlen(line);
    char *buf;
    while (*line && strchr(" \t\n\r\v\f", *line)) line++;
    while (e > line && strchr(" \t\n\r\v\f", e[-1])) e--;
    if (e > line) L->found = 1;
    if (!(buf = (char *)malloc((size_t)(e - line) + 1))) return;
    memcpy(buf, line, (size_t)(e - line));
    buf[e - line] = 0;
    hf_out_text(L->out, buf, 0);
    free(buf);
}

static int hf_sp_log_line(void *user, const char *line, const char *ts) {
    hf_sp_logs *L = (hf_sp_logs *)user;
    size_t slot;
    char *copy;
    (void)ts;
    if (L->has_tail && !L->tail) return 0; /* -n 0 */
    if (!L->ring) {
        hf_sp_log_print(L, line);
        return 0;
    }
    slot = (size_t)(L->n % L->tail);
    if (!(copy = (char *)malloc(strlen(line) + 1))) return 1;
    strcpy(copy, line);
    free(L->ring[slot]);
    L->ring[slot] = copy;
    L->n++;
    return 0;
}

/* `hf spaces logs SPACE_ID [--build] [-f/--follow] [-n/--tail N]` */
static int hf_sp_logs_cmd(hfhub_client *c, const hf_s_args *a) {
    hfhub_space_logs_opts o;
    hf_sp_logs L;
    const char *tail = hf_s_get(a, "--tail|-n");
    char hint[512];
    long long i, first;
    hfhub_result r;
    if (a->npos != 1) return hf_s_usage("Missing argument 'SPACE_ID'.");
    memset(&o, 0, sizeof o);
    memset(&L, 0, sizeof L);
    o.build = hf_s_has(a, "--build");
    o.follow = hf_s_has(a, "--follow|-f");
    L.out = &a->out;
    L.has_tail = tail != NULL;
    if (tail && (hf_s_int("--tail", tail, &L.tail) || L.tail < 0)) return 2;
    if (o.follow && tail) {
        hf_out_error(&a->out, "Cannot use --follow and --tail together. Use --follow to stream logs or --tail to show recent logs.");
        return 1;
    }
    if (tail && L.tail > 0 && !(L.ring = (char **)calloc((size_t)(L.tail > 100000 ? 100000 : L.tail), sizeof *L.ring))) return 1;
    if (L.tail > 100000) L.tail = 100000;
    r = hfhub_fetch_space_logs(c, a->pos[0], &o, hf_sp_log_line, &L);
    first = L.n > L.tail ? L.n - L.tail : 0;
    for (i = first; L.ring && i < L.n; i++) hf_sp_log_print(&L, L.ring[i % L.tail]);
    for (i = 0; L.ring && i < L.tail; i++) free(L.ring[i]);
    free(L.ring);
    if (r) return hf_s_fail(&a->out);
    if (!L.found && !o.build) {
        snprintf(hint, sizeof hint, "No run logs found for space %s. Try passing --build to fetch build logs instead.", a->pos[0]);
        hf_out_hint(&a->out, hint);
    }
    return 0;
}

/* `hf spaces volumes ls`: the runtime's volumes as Python's Volume dicts in a table. */
static int hf_sp_volumes_ls(hfhub_client *c, const hf_s_args *a, const char *id, const char *hint) {
    static const char *const keys[] = {"type", "source", "mount_path", "revision", "read_only", "path"};
    static const char *const wire[] = {"type", "source", "mountPath", "revision", "readOnly", "path"};
    hfhub_info *info = NULL;
    const hfhub_json_value *vols;
    size_t headers[6], nh = 0, i, k, n;
    hf_val *cells;
    hf_table t;
    char msg[512];
    if (hfhub_space_info(c, id, NULL, &info)) return hf_s_fail(&a->out);
    if (!info->runtime) {
        snprintf(msg, sizeof msg, "Runtime not available for Space '%s'.", id);
        hf_out_error(&a->out, msg);
        hfhub_api_free(info);
        return 1;
    }
    vols = hfhub_json_get(info->runtime->json, "volumes");
    n = hfhub_json_type_of(vols) == HFHUB_JSON_ARRAY ? hfhub_json_len(vols) : 0;
    cells = (hf_val *)calloc(n * 6 + 1, sizeof *cells);
    for (i = 0; cells && i < n; i++)
        for (k = 0; k < 6; k++) {
            const hfhub_json_value *x = hfhub_json_get(hfhub_json_at(vols, i), wire[k]);
            if (hfhub_json_type_of(x) == HFHUB_JSON_BOOL) cells[i * 6 + k] = hf_bool(hfhub_json_bool(x, 0));
            else if (hfhub_json_str(x, NULL)) cells[i * 6 + k] = hf_str(hfhub_json_str(x, NULL));
            else cells[i * 6 + k] = hf_none();
        }
    /* Python's out.table: the first item's keys that have a value in some item */
    for (k = 0; cells && n && k < 6; k++) {
        int any = 0;
        if (cells[k].kind == HF_VAL_NONE) continue;
        for (i = 0; i < n && !any; i++) {
            const hf_val *x = &cells[i * 6 + k];
            any = (x->kind == HF_VAL_STR && x->s && *x->s) || (x->kind == HF_VAL_BOOL && x->i);
        }
        if (any) headers[nh++] = k;
    }
    if (a->out.mode == HF_OUT_JSON && n) { /* json.dumps(items): the dicts without their None members */
        hf_s_sb b = {NULL, 0, 0};
        for (i = 0; i < n; i++) {
            hf_s_sb_puts(&b, i ? ", {" : "[{");
            for (k = 0; k < 6; k++) {
                const hf_val *x = &cells[i * 6 + k];
                if (k) hf_s_sb_puts(&b, ", ");
                hf_s_sb_json_str(&b, keys[k]);
                hf_s_sb_puts(&b, ": ");
                if (x->kind == HF_VAL_BOOL) hf_s_sb_puts(&b, x->i ? "true" : "false");
                else if (x->kind == HF_VAL_STR) hf_s_sb_json_str(&b, x->s);
                else hf_s_sb_puts(&b, "null");
            }
            hf_s_sb_puts(&b, "}");
        }
        hf_s_sb_puts(&b, "]");
        hf_s_json_print_text(b.p, 0, NULL);
        free(b.p);
        nh = 0;
    }
    memset(&t, 0, sizeof t);
    t.keys = keys;
    t.n_keys = 6;
    t.headers = headers;
    t.n_headers = nh;
    t.right_col = -1;
    t.cells = cells;
    t.n_rows = cells ? n : 0;
    if (a->out.mode != HF_OUT_JSON || !n) hf_out_table(&a->out, &t);
    hf_out_hint(&a->out, hint);
    free(cells);
    hfhub_api_free(info);
    return 0;
}

/* -v hf://[TYPE/]SOURCE[@REVISION][/PATH]:/MOUNT_PATH[:ro|:rw] into v (strings point into
 * buf); -1 (message printed) when it does not parse. */
static int hf_sp_volume_parse(const hf_out *o, const char *spec, hfhub_space_volume *v, char *buf, size_t cap) {
    static const char *const prefixes[] = {"models/", "datasets/", "spaces/", "buckets/"};
    static const char *const types[] = {"model", "dataset", "space", "bucket"};
    char *src, *colon, *end, *at, *slash;
    size_t i;
    memset(v, 0, sizeof *v);
    if (strncmp(spec, "hf://", 5) || strlen(spec) >= cap) goto bad;
    strcpy(buf, spec + 5);
    src = buf;
    v->type = "model";
    for (i = 0; i < 4; i++)
        if (!strncmp(src, prefixes[i], strlen(prefixes[i]))) {
            v->type = types[i];
            src += strlen(prefixes[i]);
            break;
        }
    if (!(colon = strstr(src, ":/"))) goto bad;
    *colon = 0;
    v->mount_path = colon + 1;
    end = strrchr(colon + 1, ':');
    if (end && (!strcmp(end, ":ro") || !strcmp(end, ":rw"))) {
        v->read_only = !strcmp(end, ":ro") ? HFHUB_ON : HFHUB_OFF;
        *end = 0;
    }
    /* ns/name, then @revision and/or /path */
    if (!(slash = strchr(src, '/')) || slash == src) goto bad;
    if ((at = strchr(slash, '@')) != NULL) {
        *at = 0;
        v->revision = at + 1;
        if ((end = strchr(at + 1, '/')) != NULL) { *end = 0; v->path = end + 1; }
    } else if ((end = strchr(slash + 1, '/')) != NULL) {
        *end = 0;
        v->path = end + 1;
    }
    v->source = src;
    if (!slash[1] || (v->revision && !*v->revision) || (v->path && !*v->path)) goto bad;
    return 0;
bad: {
        char msg[600];
        snprintf(msg, sizeof msg, "Invalid volume '%s': expected hf://[TYPE/]SOURCE[@REVISION][/PATH]:/MOUNT_PATH[:ro|:rw].", spec);
        hf_out_error(o, msg);
        return -1;
    }
}

/* Volume.to_hf_handle(). */
static void hf_sp_volume_handle(const hfhub_space_volume *v, char *out, size_t cap) {
    snprintf(out, cap, "hf://%ss/%s%s%s%s%s:%s%s", v->type, v->source, v->revision ? "@" : "", v->revision ? v->revision : "",
             v->path ? "/" : "", v->path ? v->path : "", v->mount_path,
             v->read_only == HFHUB_ON ? ":ro" : v->read_only == HFHUB_OFF ? ":rw" : "");
}

#define HF_SP_MAX_VOLUMES 32

/* `hf spaces volumes ls|set|delete SPACE_ID ...` */
static int hf_sp_volumes(hfhub_client *c, const hf_s_args *a) {
    static const char *const keys[] = {"space_id", "volumes"};
    const char *op = a->npos ? a->pos[0] : "", *id = a->npos > 1 ? a->pos[1] : NULL;
    char hint[512];
    hf_val v[2];
    if (strcmp(op, "ls") && strcmp(op, "list") && strcmp(op, "set") && strcmp(op, "delete")) {
        fprintf(stderr, "Error: No such command '%s'.\n", op);
        return 2;
    }
    if (a->npos != 2) return hf_s_usage("Missing argument 'SPACE_ID'.");
    snprintf(hint, sizeof hint, "Use `hf spaces volumes set %s -v hf://<repo_type>/<repo_id>:/<mount_path>` to set volumes for a Space.", id);
    if (!strcmp(op, "set")) {
        const char *specs[HF_SP_MAX_VOLUMES], *handles[HF_SP_MAX_VOLUMES];
        hfhub_space_volume vols[HF_SP_MAX_VOLUMES];
        static char bufs[HF_SP_MAX_VOLUMES][512], hbuf[HF_SP_MAX_VOLUMES][600];
        int n = hf_s_all(a, "--volume|-v", specs, HF_SP_MAX_VOLUMES), i;
        if (!n) {
            hf_out_error(&a->out, "At least one volume must be specified with -v/--volume.");
            return 1;
        }
        for (i = 0; i < n; i++) {
            if (hf_sp_volume_parse(&a->out, specs[i], &vols[i], bufs[i], sizeof bufs[i])) return 1;
            hf_sp_volume_handle(&vols[i], hbuf[i], sizeof hbuf[i]);
            handles[i] = hbuf[i];
        }
        if (hfhub_set_space_volumes(c, id, vols, (size_t)n)) return hf_s_fail(&a->out);
        v[0] = hf_str(id);
        v[1] = hf_list(handles, (size_t)n);
        hf_out_result(&a->out, "Volumes set", keys, v, 2);
        snprintf(hint, sizeof hint, "Use `hf spaces volumes ls %s` to list volumes for a Space.", id);
        hf_out_hint(&a->out, hint);
        return 0;
    }
    if (!strcmp(op, "delete")) {
        char q[512];
        snprintf(q, sizeof q, "You are about to remove all volumes from Space '%s'. Proceed?", id);
        if (!hf_s_has(a, "--yes|-y") && !hf_confirm(q)) return 1;
        if (hfhub_delete_space_volumes(c, id)) return hf_s_fail(&a->out);
        v[0] = hf_str(id);
        hf_out_result(&a->out, "Volumes deleted", keys, v, 1);
        hf_out_hint(&a->out, hint);
        return 0;
    }
    return hf_sp_volumes_ls(c, a, id, hint);
}

static void hf_sp_table(const hf_s_args *a, const hfhub_space_variable_list *l, int secrets) {
    static const char *const vkeys[] = {"key", "value", "description", "updated_at"};
    static const char *const skeys[] = {"key", "description", "updated_at"};
    size_t k = secrets ? 3 : 4, i, c, headers[4], nh = 0;
    hf_val *cells = (hf_val *)calloc(l->n * k + 1, sizeof *cells);
    hf_table t;
    if (!cells) return;
    for (i = 0; i < l->n; i++) {
        const hfhub_space_variable *x = &l->items[i];
        size_t j = 0;
        cells[i * k + j++] = hf_str(x->key);
        if (!secrets) cells[i * k + j++] = hf_str(x->value);
        cells[i * k + j++] = hf_str(x->description);
        cells[i * k + j] = hf_str(x->updated_at);
    }
    for (c = 0; c < k; c++) { /* Python's out.table: the columns with a truthy value in some row */
        for (i = 0; i < l->n && !*cells[i * k + c].s; i++) {}
        if (i < l->n) headers[nh++] = c;
    }
    memset(&t, 0, sizeof t);
    t.keys = secrets ? skeys : vkeys;
    t.n_keys = k;
    t.headers = headers;
    t.n_headers = nh;
    t.right_col = -1;
    t.cells = cells;
    t.n_rows = l->n;
    hf_out_table(&a->out, &t);
    free(cells);
}

/* secrets|variables add|delete|list SPACE_ID ... */
static int hf_sp_kv(hfhub_client *c, const char *what, const hf_s_args *a) {
    static const char *const keys[] = {"space_id", "key"};
    int secrets = !strcmp(what, "secrets");
    const char *op = a->npos ? a->pos[0] : "";
    hfhub_space_variable_list *l = NULL;
    hf_val v[2];
    hfhub_result r;
    char msg[64];
    if (!strcmp(op, "list") || !strcmp(op, "ls")) {
        if (a->npos != 2) return hf_s_usage("Missing argument 'SPACE_ID'.");
        if ((secrets ? hfhub_get_space_secrets : hfhub_get_space_variables)(c, a->pos[1], &l)) return hf_s_fail(&a->out);
        hf_sp_table(a, l, secrets);
        hfhub_space_variable_list_free(l);
        return 0;
    }
    if (!strcmp(op, "add")) {
        if (a->npos != 4) return hf_s_usage("Expected SPACE_ID, KEY and VALUE.");
        r = secrets ? hfhub_add_space_secret(c, a->pos[1], a->pos[2], a->pos[3], hf_s_get(a, "--description"))
                    : hfhub_add_space_variable(c, a->pos[1], a->pos[2], a->pos[3], hf_s_get(a, "--description"), NULL);
    } else if (!strcmp(op, "delete")) {
        if (a->npos != 3) return hf_s_usage("Expected SPACE_ID and KEY.");
        r = secrets ? hfhub_delete_space_secret(c, a->pos[1], a->pos[2]) : hfhub_delete_space_variable(c, a->pos[1], a->pos[2], NULL);
    } else {
        fprintf(stderr, "Error: No such command '%s'.\n", op);
        return 2;
    }
    if (r) return hf_s_fail(&a->out);
    snprintf(msg, sizeof msg, "%s %s", secrets ? "Secret" : "Variable", !strcmp(op, "add") ? "added" : "deleted");
    v[0] = hf_str(a->pos[1]);
    v[1] = hf_str(a->pos[2]);
    hf_out_result(&a->out, msg, keys, v, 2);
    return 0;
}

int cmd_spaces_ops(int argc, char **argv) {
    static const char *const valued[] = {"--sleep-time", "--hardware", "--description", "--timeout", "--tail", "-n",
                                         "--volume", "-v", NULL};
    static const char *const flags[] = {"--factory-reboot", "--stop", "--build", "--follow", "-f", "--yes", "-y", NULL};
    hf_s_args a;
    hfhub_client *c;
    const char *sub;
    int rc;
    if (argc < 1) return hf_sp_usage(stderr);
    sub = argv[0];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) return hf_sp_usage(stdout);
    if (strcmp(sub, "pause") && strcmp(sub, "restart") && strcmp(sub, "settings") && strcmp(sub, "secrets") &&
        strcmp(sub, "variables") && strcmp(sub, "wait") && strcmp(sub, "dev-mode") && strcmp(sub, "logs") && strcmp(sub, "volumes")) {
        fprintf(stderr, "Error: No such command '%s'.\n", sub);
        return 2;
    }
    if ((rc = hf_s_parse("spaces", argc - 1, argv + 1, valued, flags, &a)) != 0) return rc == 1 ? hf_sp_usage(stdout) : rc;
    if (!(c = hf_s_client(a.token))) return 1;
    if (!strcmp(sub, "wait")) rc = hf_sp_wait(c, &a);
    else if (!strcmp(sub, "dev-mode")) rc = hf_sp_dev_mode(c, &a);
    else if (!strcmp(sub, "logs")) rc = hf_sp_logs_cmd(c, &a);
    else if (!strcmp(sub, "volumes")) rc = hf_sp_volumes(c, &a);
    else rc = !strcmp(sub, "secrets") || !strcmp(sub, "variables") ? hf_sp_kv(c, sub, &a) : hf_sp_runtime_ops(c, sub, &a);
    hfhub_client_free(c);
    return rc;
}

#undef HF_SP_MAX_VOLUMES
