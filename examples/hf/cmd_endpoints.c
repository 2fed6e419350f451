/* cmd_endpoints.c: `hf endpoints ls|deploy|describe|update|delete|pause|resume|scale-to-zero|
 * hardware|catalog ls|catalog deploy|list-catalog`, as Python's `hf endpoints`
 * (huggingface_hub/cli/inference_endpoints.py, v1.x): an endpoint printed with out.dict (its raw
 * JSON, indent 2 in human mode), ls and hardware with out.table, failures as out.error
 * "<Action> failed: <error>" with the HTTP status as the exit code, delete through out.confirm
 * and out.result; --format human|agent|json|quiet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "compute_cli.h"
#include "compute_out.h"

#define EP_MAX 32

typedef struct ep_args {
    hf_out out;
    const char *ns, *token, *repo, *framework, *accelerator, *instance_size, *instance_type, *region, *vendor;
    const char *task, *revision, *name, *scaling_metric, *custom_image, *health_route, *type;
    double scaling_threshold;
    int has_threshold;
    int min_replica, max_replica, scale_to_zero_timeout;   /* -2: not given */
    int yes, fail_if_running, all;
    const char *env[EP_MAX], *secrets[EP_MAX];
    int n_env, n_secrets;
    const char *pos[8];
    int n_pos;
} ep_args;

static int ep_int(const char *v, int *out, const char *opt, const char *cmd) {
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 0 || n > 1000000) {
        char msg[200];
        snprintf(msg, sizeof msg, "Invalid value for '%s': '%s' is not a valid integer.", opt, v);
        return hf_cli_usage("endpoints", cmd, msg);
    }
    *out = (int)n;
    return 0;
}

static int ep_float(const char *v, double *out, const char *cmd) {
    char *end;
    double d = strtod(v, &end);
    if (!*v || *end) {
        char msg[200];
        snprintf(msg, sizeof msg, "Invalid value for '--scaling-threshold': '%s' is not a valid float.", v);
        return hf_cli_usage("endpoints", cmd, msg);
    }
    *out = d;
    return 0;
}

static int ep_push(const char **arr, int *n, const char *v, const char *cmd) {
    if (*n >= EP_MAX) return hf_cli_usage("endpoints", cmd, "Too many values.");
    arr[(*n)++] = v;
    return 0;
}

static int ep_parse(ep_args *a, int argc, char **argv, const char *cmd) {
    int i, r;
    memset(a, 0, sizeof *a);
    a->min_replica = a->max_replica = a->scale_to_zero_timeout = -2;
    for (i = 0; i < argc; i++) {
        const char *v = NULL, *s = argv[i];
#define EP_OPT(name) ((r = hf_cli_opt(argc, argv, &i, name, &v)) != 0)
        if ((r = hf_out_flag(&a->out, argc, argv, &i)) != 0) { if (r < 0) return 2; }
        else if (EP_OPT("--namespace")) { if (r < 0) return 2; a->ns = v; }
        else if (EP_OPT("--token")) { if (r < 0) return 2; a->token = v; }
        else if (EP_OPT("--repo")) { if (r < 0) return 2; a->repo = v; }
        else if (EP_OPT("--framework")) { if (r < 0) return 2; a->framework = v; }
        else if (EP_OPT("--accelerator")) { if (r < 0) return 2; a->accelerator = v; }
        else if (EP_OPT("--instance-size")) { if (r < 0) return 2; a->instance_size = v; }
        else if (EP_OPT("--instance-type")) { if (r < 0) return 2; a->instance_type = v; }
        else if (EP_OPT("--region")) { if (r < 0) return 2; a->region = v; }
        else if (EP_OPT("--vendor")) { if (r < 0) return 2; a->vendor = v; }
        else if (EP_OPT("--task")) { if (r < 0) return 2; a->task = v; }
        else if (EP_OPT("--revision")) { if (r < 0) return 2; a->revision = v; }
        else if (EP_OPT("--name")) { if (r < 0) return 2; a->name = v; }
        else if (EP_OPT("--custom-image")) { if (r < 0) return 2; a->custom_image = v; }
        else if (EP_OPT("--health-route")) { if (r < 0) return 2; a->health_route = v; }
        else if (EP_OPT("--type")) { if (r < 0) return 2; a->type = v; }
        else if (EP_OPT("--scaling-metric")) {
            if (r < 0) return 2;
            if (strcmp(v, "pendingRequests") && strcmp(v, "hardwareUsage")) {
                char msg[300];
                snprintf(msg, sizeof msg, "Invalid value for '--scaling-metric': '%s' is not one of 'pendingRequests', "
                                          "'hardwareUsage'.", v);
                return hf_cli_usage("endpoints", cmd, msg);
            }
            a->scaling_metric = v;
        }
        else if (EP_OPT("--scaling-threshold")) {
            if (r < 0 || ep_float(v, &a->scaling_threshold, cmd)) return 2;
            a->has_threshold = 1;
        }
        else if (EP_OPT("--env") || EP_OPT("-e")) { if (r < 0 || ep_push(a->env, &a->n_env, v, cmd)) return 2; }
        else if (EP_OPT("--secrets") || EP_OPT("-s")) { if (r < 0 || ep_push(a->secrets, &a->n_secrets, v, cmd)) return 2; }
        else if (EP_OPT("--min-replica")) { if (r < 0 || ep_int(v, &a->min_replica, "--min-replica", cmd)) return 2; }
        else if (EP_OPT("--max-replica")) { if (r < 0 || ep_int(v, &a->max_replica, "--max-replica", cmd)) return 2; }
        else if (EP_OPT("--scale-to-zero-timeout")) {
            if (r < 0 || ep_int(v, &a->scale_to_zero_timeout, "--scale-to-zero-timeout", cmd)) return 2;
        }
        else if (!strcmp(s, "--yes")) a->yes = 1;
        else if (!strcmp(s, "-a") || !strcmp(s, "--all")) a->all = 1;
        else if (!strcmp(s, "--fail-if-already-running")) a->fail_if_running = 1;
        else if (s[0] == '-' && s[1]) {
            char msg[300];
            snprintf(msg, sizeof msg, "No such option: %s", s);
            return hf_cli_usage("endpoints", cmd, msg);
        } else if (a->n_pos < 8) {
            a->pos[a->n_pos++] = s;
        } else {
            return hf_cli_usage("endpoints", cmd, "Got unexpected extra arguments.");
        }
#undef EP_OPT
    }
    return 0;
}

/* out.error(f"{what} failed: {error}") and the HTTP status as the exit code
 * (click.exceptions.Exit(code=status)); what NULL: the CLI's generic error. */
static int ep_fail(const ep_args *a, const char *what) {
    const hfhub_error *e = hfhub_last_error();
    char msg[2048];
    snprintf(msg, sizeof msg, "%s%s%s", what ? what : "", what ? " failed: " : "", e->message);
    hf_out_error(&a->out, msg);
    return what && e->http_status > 0 ? e->http_status : 1;
}

static hfhub_endpoint_opts ep_opts(const ep_args *a) {
    hfhub_endpoint_opts o;
    memset(&o, 0, sizeof o);
    o.ns = a->ns;
    o.token = a->token;
    return o;
}

static int ep_need_name(const ep_args *a, const char *cmd) {
    if (a->n_pos == 1) return 0;
    return hf_cli_usage("endpoints", cmd, a->n_pos ? "Got unexpected extra argument." : "Missing argument 'NAME'.");
}

/* Parses JSON text built here and prints it as out.table (headers NULL: auto). */
static void ep_table(const ep_args *a, hf_cstr *items, const char *const *headers, size_t n_headers, const char *id_key) {
    hfhub_json_doc *doc = NULL;
    if (hfhub_json_parse(items->p, items->n, NULL, &doc) == HFHUB_OK)
        hf_out_items_headers(&a->out, hfhub_json_root(doc), headers, n_headers, id_key);
    hfhub_json_free(doc);
}

/* `"key": <the string at path, "" when absent, null when null>` */
static void ep_member(hf_cstr *b, const char *key, const hfhub_json_value *raw, const char *path, int first) {
    const hfhub_json_value *v = hfhub_json_path(raw, path);
    hf_cstr_puts(b, first ? "\"" : ",\"");
    hf_cstr_puts(b, key);
    hf_cstr_puts(b, "\":");
    if (v) hf_json_dumps(b, v, 0);
    else hf_cstr_puts(b, "\"\"");
}

static int ep_ls(hfhub_client *c, const ep_args *a) {
    hfhub_endpoint_opts o = ep_opts(a);
    hfhub_inference_endpoint *eps = NULL;
    hf_cstr items = {NULL, 0, 0};
    size_t n = 0, i;
    if (hfhub_list_inference_endpoints(c, &o, &eps, &n)) return ep_fail(a, "Listing");
    hf_cstr_puts(&items, "[");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *raw = eps[i].raw;
        hf_cstr_puts(&items, i ? ",{" : "{");
        ep_member(&items, "name", raw, "name", 1);
        ep_member(&items, "model", raw, "model.repository", 0);
        ep_member(&items, "status", raw, "status.state", 0);
        ep_member(&items, "task", raw, "model.task", 0);
        ep_member(&items, "framework", raw, "model.framework", 0);
        ep_member(&items, "instance", raw, "compute.instanceType", 0);
        ep_member(&items, "vendor", raw, "provider.vendor", 0);
        ep_member(&items, "region", raw, "provider.region", 0);
        hf_cstr_puts(&items, "}");
    }
    hf_cstr_puts(&items, "]");
    ep_table(a, &items, NULL, 0, "name");
    free(items.p);
    hfhub_inference_endpoint_free(eps);
    return 0;
}

/* -e / -s values (dotenv, one or more KEY=VALUE each) into kv; the parsed blocks go to blocks. */
static int ep_kvs(hfhub_client *c, const ep_args *a, const char *const *flags, int n, hfhub_job_kv *kv, size_t *n_kv,
                  void **blocks) {
    int i;
    for (i = 0; i < n; i++) {
        hfhub_job_kv *p = NULL;
        size_t np = 0, k;
        if (hfhub_parse_dotenv(c, flags[i], strlen(flags[i]), &p, &np)) return ep_fail(a, NULL);
        blocks[i] = p;
        for (k = 0; k < np && *n_kv < EP_MAX; k++) {
            kv[*n_kv] = p[k];
            if (!kv[*n_kv].value) kv[*n_kv].value = "";   /* Python: value or "" */
            (*n_kv)++;
        }
    }
    return 0;
}

static int ep_deploy(hfhub_client *c, const ep_args *a) {
    static const char *const flags[] = {"--repo", "--framework", "--accelerator", "--instance-size", "--instance-type",
                                        "--region", "--vendor"};
    const char *vals[7];
    hfhub_endpoint_opts o = ep_opts(a);
    hfhub_endpoint_spec s;
    hfhub_inference_endpoint *e = NULL;
    hfhub_job_kv env[EP_MAX], sec[EP_MAX];
    void *blocks[2 * EP_MAX];
    size_t i, n_env = 0, n_sec = 0;
    int rc;
    char hint[400];
    if ((rc = ep_need_name(a, "deploy"))) return rc;
    vals[0] = a->repo; vals[1] = a->framework; vals[2] = a->accelerator; vals[3] = a->instance_size;
    vals[4] = a->instance_type; vals[5] = a->region; vals[6] = a->vendor;
    for (i = 0; i < 7; i++)
        if (!vals[i]) {
            char msg[100];
            snprintf(msg, sizeof msg, "Missing option '%s'.", flags[i]);
            return hf_cli_usage("endpoints", "deploy", msg);
        }
    if (a->health_route && !a->custom_image) {
        hf_out_error(&a->out, "--custom-image is required when using --health-route.");
        return 1;
    }
    memset(blocks, 0, sizeof blocks);
    memset(&s, 0, sizeof s);
    s.repository = a->repo;
    s.framework = a->framework;
    s.accelerator = a->accelerator;
    s.instance_size = a->instance_size;
    s.instance_type = a->instance_type;
    s.region = a->region;
    s.vendor = a->vendor;
    s.task = a->task;
    s.revision = a->revision;
    s.type = a->type;
    s.min_replica = a->min_replica == -2 ? 1 : a->min_replica ? a->min_replica : HFHUB_ENDPOINT_ZERO;
    s.max_replica = a->max_replica == -2 ? 1 : a->max_replica;
    if (a->scale_to_zero_timeout > 0) s.scale_to_zero_timeout = a->scale_to_zero_timeout;
    if (a->scaling_metric && a->has_threshold) {
        s.scaling_measure = a->scaling_metric;
        s.scaling_threshold = a->scaling_threshold;
    }
    s.custom_image_url = a->custom_image;
    s.custom_image_health_route = a->health_route;
    rc = ep_kvs(c, a, a->env, a->n_env, env, &n_env, blocks);
    if (!rc) rc = ep_kvs(c, a, a->secrets, a->n_secrets, sec, &n_sec, blocks + EP_MAX);
    s.env = env;
    s.n_env = n_env;
    s.secrets = sec;
    s.n_secrets = n_sec;
    if (!rc && hfhub_create_inference_endpoint(c, a->pos[0], &s, &o, &e)) rc = ep_fail(a, NULL);
    if (!rc) {
        hf_out_dict(&a->out, e->raw);
        snprintf(hint, sizeof hint, "Use 'hf endpoints describe %s' to check the deployment status.", a->pos[0]);
        hf_out_hint(&a->out, hint);
    }
    for (i = 0; i < 2 * EP_MAX; i++) hfhub_free(c, blocks[i]);
    hfhub_inference_endpoint_free(e);
    return rc;
}

static int ep_update(hfhub_client *c, const ep_args *a) {
    hfhub_endpoint_opts o = ep_opts(a);
    hfhub_endpoint_spec s;
    hfhub_inference_endpoint *e = NULL;
    int rc;
    if ((rc = ep_need_name(a, "update"))) return rc;
    memset(&s, 0, sizeof s);
    s.repository = a->repo;
    s.framework = a->framework;
    s.accelerator = a->accelerator;
    s.instance_size = a->instance_size;
    s.instance_type = a->instance_type;
    s.revision = a->revision;
    s.task = a->task;
    if (a->min_replica != -2) s.min_replica = a->min_replica ? a->min_replica : HFHUB_ENDPOINT_ZERO;
    if (a->max_replica > 0) s.max_replica = a->max_replica;
    if (a->scale_to_zero_timeout > 0) s.scale_to_zero_timeout = a->scale_to_zero_timeout;
    if (a->scaling_metric && a->has_threshold) {
        s.scaling_measure = a->scaling_metric;
        s.scaling_threshold = a->scaling_threshold;
    }
    if (hfhub_update_inference_endpoint(c, a->pos[0], &s, &o, &e)) return ep_fail(a, "Update");
    hf_out_dict(&a->out, e->raw);
    hfhub_inference_endpoint_free(e);
    return 0;
}

/* out.confirm: a [y/N] prompt in human mode; other modes need --yes. */
static int ep_confirm(const ep_args *a, const char *msg) {
    char m[700];
    if (a->yes) return 1;
    if (a->out.mode == HF_OUT_HUMAN) return hf_confirm(msg);
    snprintf(m, sizeof m, "%s Use --yes to skip confirmation.", msg);
    hf_out_error(&a->out, m);
    return 0;
}

static int ep_delete(hfhub_client *c, const ep_args *a) {
    static const char *const keys[] = {"name"};
    hfhub_endpoint_opts o = ep_opts(a);
    char msg[600];
    hf_val v;
    int rc;
    if ((rc = ep_need_name(a, "delete"))) return rc;
    snprintf(msg, sizeof msg, "Delete endpoint '%s'?", a->pos[0]);
    if (!ep_confirm(a, msg)) return 1;
    if (hfhub_delete_inference_endpoint(c, a->pos[0], &o)) return ep_fail(a, "Delete");
    snprintf(msg, sizeof msg, "Deleted '%s'.", a->pos[0]);
    v = hf_str(a->pos[0]);
    hf_out_result(&a->out, msg, keys, &v, 1);
    return 0;
}

/* pause / resume / scale-to-zero / describe: one call, out.dict of the endpoint. */
static int ep_action(hfhub_client *c, const ep_args *a, const char *cmd) {
    hfhub_endpoint_opts o = ep_opts(a);
    hfhub_inference_endpoint *e = NULL;
    hfhub_result r;
    const char *what;
    int rc;
    if ((rc = ep_need_name(a, cmd))) return rc;
    if (!strcmp(cmd, "pause")) {
        what = "Pause";
        r = hfhub_pause_inference_endpoint(c, a->pos[0], &o, &e);
    } else if (!strcmp(cmd, "resume")) {
        what = "Resume";
        r = hfhub_resume_inference_endpoint(c, a->pos[0], !a->fail_if_running, &o, &e);
    } else if (!strcmp(cmd, "scale-to-zero")) {
        what = "Scale To Zero";
        r = hfhub_scale_to_zero_inference_endpoint(c, a->pos[0], &o, &e);
    } else {
        what = "Fetch";
        r = hfhub_get_inference_endpoint(c, a->pos[0], &o, &e);
    }
    if (r) return ep_fail(a, what);
    hf_out_dict(&a->out, e->raw);
    hfhub_inference_endpoint_free(e);
    return 0;
}

static int ep_catalog(hfhub_client *c, const ep_args *a, const char *sub) {
    hfhub_endpoint_opts o = ep_opts(a);
    if (!strcmp(sub, "ls") || !strcmp(sub, "list")) {
        char **models = NULL;
        size_t n = 0, i;
        hf_cstr b = {NULL, 0, 0};
        hfhub_json_doc *doc = NULL;
        if (hfhub_list_inference_catalog(c, &o, &models, &n)) return ep_fail(a, "Catalog fetch");
        hf_cstr_puts(&b, "{\"models\":[");
        for (i = 0; i < n; i++) {
            if (i) hf_cstr_puts(&b, ",");
            hf_json_dumps_str(&b, models[i]);
        }
        hf_cstr_puts(&b, "]}");
        if (hfhub_json_parse(b.p, b.n, NULL, &doc) == HFHUB_OK) hf_out_dict(&a->out, hfhub_json_root(doc));
        hfhub_json_free(doc);
        free(b.p);
        hfhub_free(c, models);
        return 0;
    }
    if (!strcmp(sub, "deploy")) {
        hfhub_inference_endpoint *e = NULL;
        if (!a->repo) return hf_cli_usage("endpoints", "catalog deploy", "Missing option '--repo'.");
        if (hfhub_create_inference_endpoint_from_catalog(c, a->repo, a->name, a->accelerator, &o, &e))
            return ep_fail(a, "Deployment");
        hf_out_dict(&a->out, e->raw);
        hfhub_inference_endpoint_free(e);
        return 0;
    }
    return hf_cli_usage("endpoints", "catalog", "No such command.");
}

/* ---- hardware ------------------------------------------------------------------------------ */

/* One InferenceEndpointHardware: a compute entry under its vendor and region. */
typedef struct ep_hw {
    const hfhub_json_value *c;
    const char *vendor, *region;
} ep_hw;

static const char *ep_s(const hfhub_json_value *c, const char *key) { return hfhub_json_str(hfhub_json_get(c, key), ""); }

static int ep_ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a), y = (char)(*b >= 'A' && *b <= 'Z' ? *b + 32 : *b);
        if (x != y) return 0;
    }
    return *a == *b;
}

/* A usable status and accelerator quota left for one replica. */
static int ep_deployable(const ep_hw *h) {
    const char *st = ep_s(h->c, "status");
    double left = hfhub_json_double(hfhub_json_path(h->c, "quota.maxAccelerators"), 0) -
                  hfhub_json_double(hfhub_json_path(h->c, "quota.usedAccelerators"), 0);
    return strcmp(st, "deprecated") && strcmp(st, "not_available") &&
           left >= hfhub_json_double(hfhub_json_get(h->c, "numAccelerators"), 0);
}

static int ep_hw_cmp(const void *pa, const void *pb) {
    const ep_hw *a = (const ep_hw *)pa, *b = (const ep_hw *)pb;
    int r;
    double x, y;
    if ((r = strcmp(a->vendor, b->vendor)) || (r = strcmp(a->region, b->region)) ||
        (r = strcmp(ep_s(a->c, "accelerator"), ep_s(b->c, "accelerator"))) ||
        (r = strcmp(ep_s(a->c, "instanceType"), ep_s(b->c, "instanceType"))))
        return r;
    x = hfhub_json_double(hfhub_json_get(a->c, "numAccelerators"), 0);
    y = hfhub_json_double(hfhub_json_get(b->c, "numAccelerators"), 0);
    return x < y ? -1 : x > y;
}

/* `"name": value` of a dataclass field; None left out. */
static void ep_field(hf_cstr *b, const char *name, const hfhub_json_value *v) {
    if (!v || hfhub_json_type_of(v) == HFHUB_JSON_NULL) return;
    hf_cstr_puts(b, ",\"");
    hf_cstr_puts(b, name);
    hf_cstr_puts(b, "\":");
    hf_json_dumps(b, v, 0);
}

/* _dataclass_to_dict(hw) | {"quota": "used/max"} */
static void ep_hw_dict(hf_cstr *b, const ep_hw *h) {
    const hfhub_json_value *c = h->c;
    size_t n1, n2;
    const char *used = hfhub_json_number_raw(hfhub_json_path(c, "quota.usedAccelerators"), &n1);
    const char *max = hfhub_json_number_raw(hfhub_json_path(c, "quota.maxAccelerators"), &n2);
    char quota[80];
    hf_cstr_puts(b, "{\"id\":");
    hf_json_dumps_str(b, ep_s(c, "id"));
    hf_cstr_puts(b, ",\"vendor\":");
    hf_json_dumps_str(b, h->vendor);
    hf_cstr_puts(b, ",\"region\":");
    hf_json_dumps_str(b, h->region);
    ep_field(b, "accelerator", hfhub_json_get(c, "accelerator"));
    ep_field(b, "instance_type", hfhub_json_get(c, "instanceType"));
    ep_field(b, "instance_size", hfhub_json_get(c, "instanceSize"));
    ep_field(b, "architecture", hfhub_json_get(c, "architecture"));
    ep_field(b, "num_accelerators", hfhub_json_get(c, "numAccelerators"));
    ep_field(b, "num_cpus", hfhub_json_get(c, "numCpus"));
    ep_field(b, "memory_gb", hfhub_json_get(c, "memoryGb"));
    ep_field(b, "gpu_memory_gb", hfhub_json_get(c, "gpuMemoryGb"));
    ep_field(b, "price_per_hour", hfhub_json_get(c, "pricePerHour"));
    ep_field(b, "status", hfhub_json_get(c, "status"));
    ep_field(b, "max_accelerators", hfhub_json_path(c, "quota.maxAccelerators"));
    ep_field(b, "used_accelerators", hfhub_json_path(c, "quota.usedAccelerators"));
    snprintf(quota, sizeof quota, "%.*s/%.*s", used ? (int)n1 : 0, used ? used : "", max ? (int)n2 : 0, max ? max : "");
    hf_cstr_puts(b, ",\"quota\":");
    hf_json_dumps_str(b, quota);
    hf_cstr_puts(b, "}");
}

/* The filters naming a value found nowhere: "--vendor 'x' (valid: a, b)" joined by "; ". */
static void ep_hw_unknown(const ep_hw *all, size_t n, const ep_args *a, hf_cstr *msg) {
    const char *flags[4] = {"--vendor", "--region", "--accelerator", "--instance-type"};
    const char *vals[4];
    size_t f, i, j, k, n_bad = 0;
    vals[0] = a->vendor; vals[1] = a->region; vals[2] = a->accelerator; vals[3] = a->instance_type;
    for (f = 0; f < 4; f++) {
        const char *valid[256];
        size_t nv = 0, found = 0;
        if (!vals[f]) continue;
        for (i = 0; i < n; i++) {
            const char *v = f == 0 ? all[i].vendor : f == 1 ? all[i].region
                          : ep_s(all[i].c, f == 2 ? "accelerator" : "instanceType");
            for (j = 0; j < nv && strcmp(valid[j], v); j++) {}
            if (j == nv && nv < 256) valid[nv++] = v;
            found |= ep_ieq(v, vals[f]);
        }
        if (found) continue;
        for (i = 1; i < nv; i++)   /* sorted() */
            for (k = i; k > 0 && strcmp(valid[k - 1], valid[k]) > 0; k--) {
                const char *t = valid[k];
                valid[k] = valid[k - 1];
                valid[k - 1] = t;
            }
        hf_cstr_puts(msg, n_bad++ ? "; " : "");
        hf_cstr_puts(msg, flags[f]);
        hf_cstr_puts(msg, " '");
        hf_cstr_puts(msg, vals[f]);
        hf_cstr_puts(msg, "' (valid: ");
        for (i = 0; i < nv; i++) {
            hf_cstr_puts(msg, i ? ", " : "");
            hf_cstr_puts(msg, valid[i]);
        }
        hf_cstr_puts(msg, ")");
    }
}

static void ep_hw_hint(const ep_args *a, const ep_hw *all, size_t n, const ep_hw *vis, size_t n_vis, size_t n_match) {
    hf_cstr msg = {NULL, 0, 0};
    size_t i;
    for (i = 0; i < n_vis && !ep_deployable(&vis[i]); i++) {}
    if (i < n_vis) {
        char hint[1024];
        snprintf(hint, sizeof hint, "Deploy on one of these, e.g.: hf endpoints deploy my-endpoint --repo <repo> "
                                    "--framework <framework> --vendor %s --region %s --accelerator %s "
                                    "--instance-type %s --instance-size %s", vis[i].vendor, vis[i].region,
                 ep_s(vis[i].c, "accelerator"), ep_s(vis[i].c, "instanceType"), ep_s(vis[i].c, "instanceSize"));
        hf_out_hint(&a->out, hint);
    } else if (n_vis) {
        hf_out_hint(&a->out, "None of these can be deployed on right now, see the QUOTA and STATUS columns.");
    } else if (n_match) {
        hf_out_hint(&a->out, "Use '--all' to also show hardware that cannot be deployed on right now.");
    } else {
        ep_hw_unknown(all, n, a, &msg);
        if (msg.n) {
            hf_cstr full = {NULL, 0, 0};
            hf_cstr_puts(&full, "No such hardware: ");
            hf_cstr_puts(&full, msg.p);
            hf_cstr_puts(&full, ".");
            hf_out_hint(&a->out, full.p);
            free(full.p);
        } else {
            hf_out_hint(&a->out, "No hardware matches all of these filters at once. Try dropping one.");
        }
        free(msg.p);
    }
}

/* Python's `hf endpoints hardware`: the deployable hardware (or all with -a), filtered. */
static int ep_hardware(hfhub_client *c, const ep_args *a) {
    static const char *const headers[] = {"vendor", "region", "accelerator", "instance_type", "instance_size",
                                          "memory_gb", "gpu_memory_gb", "price_per_hour", "quota", "status"};
    hfhub_endpoint_opts o = ep_opts(a);
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *vendors;
    ep_hw *all, *vis;
    size_t n = 0, n_vis = 0, n_match = 0, i, j, k;
    hf_cstr items = {NULL, 0, 0};
    if (hfhub_list_inference_endpoint_hardware(c, &o, &doc)) return ep_fail(a, NULL);
    vendors = hfhub_json_get(hfhub_json_root(doc), "vendors");
    for (i = 0; i < hfhub_json_len(vendors); i++)
        for (j = 0; j < hfhub_json_len(hfhub_json_get(hfhub_json_at(vendors, i), "regions")); j++)
            n += hfhub_json_len(hfhub_json_get(hfhub_json_at(hfhub_json_get(hfhub_json_at(vendors, i), "regions"), j), "computes"));
    all = (ep_hw *)calloc(n + 1, sizeof *all);
    vis = (ep_hw *)calloc(n + 1, sizeof *vis);
    if (!all || !vis) {
        fprintf(stderr, "hf: out of memory\n");
        exit(1);
    }
    n = 0;
    for (i = 0; i < hfhub_json_len(vendors); i++) {
        const hfhub_json_value *v = hfhub_json_at(vendors, i), *regions = hfhub_json_get(v, "regions");
        for (j = 0; j < hfhub_json_len(regions); j++) {
            const hfhub_json_value *r = hfhub_json_at(regions, j), *comps = hfhub_json_get(r, "computes");
            for (k = 0; k < hfhub_json_len(comps); k++) {
                ep_hw h;
                h.c = hfhub_json_at(comps, k);
                h.vendor = ep_s(v, "name");
                h.region = ep_s(r, "name");
                all[n++] = h;
                if ((a->vendor && !ep_ieq(h.vendor, a->vendor)) || (a->region && !ep_ieq(h.region, a->region)) ||
                    (a->accelerator && !ep_ieq(ep_s(h.c, "accelerator"), a->accelerator)) ||
                    (a->instance_type && !ep_ieq(ep_s(h.c, "instanceType"), a->instance_type)))
                    continue;
                n_match++;
                if (a->all || ep_deployable(&h)) vis[n_vis++] = h;
            }
        }
    }
    qsort(vis, n_vis, sizeof *vis, ep_hw_cmp);
    hf_cstr_puts(&items, "[");
    for (i = 0; i < n_vis; i++) {
        if (i) hf_cstr_puts(&items, ",");
        ep_hw_dict(&items, &vis[i]);
    }
    hf_cstr_puts(&items, "]");
    ep_table(a, &items, headers, 10, "id");
    ep_hw_hint(a, all, n, vis, n_vis, n_match);
    free(items.p);
    free(all);
    free(vis);
    hfhub_json_free(doc);
    return 0;
}

static int ep_help(FILE *f) {
    fprintf(f, "Usage: hf endpoints [OPTIONS] COMMAND [ARGS]...\n\n  Manage Hugging Face Inference Endpoints.\n\nCommands:\n"
               "  catalog        Interact with the Inference Endpoints catalog.\n"
               "  delete         Delete an Inference Endpoint permanently.\n"
               "  deploy         Deploy an Inference Endpoint from a Hub repository.\n"
               "  describe       Get information about an existing endpoint.\n"
               "  hardware       List the hardware available to Inference Endpoints.\n"
               "  ls             Lists all Inference Endpoints for the given namespace.\n"
               "  pause          Pause an Inference Endpoint.\n  resume         Resume an Inference Endpoint.\n"
               "  scale-to-zero  Scale an Inference Endpoint to zero.\n  update         Update an existing endpoint.\n");
    return f == stderr ? 2 : 0;
}

int cmd_endpoints(int argc, char **argv) {
    ep_args a;
    hfhub_client *c;
    const char *sub;
    int rc, shift = 1;
    if (argc < 1) return ep_help(stderr);
    sub = argv[0];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) return ep_help(stdout);
    if (!strcmp(sub, "catalog")) {
        if (argc < 2) return hf_cli_usage("endpoints", "catalog", "Missing command.");
        shift = 2;
    }
    if ((rc = ep_parse(&a, argc - shift, argv + shift, sub))) return rc;
    if (!(c = hf_client())) return 1;
    if (!strcmp(sub, "ls") || !strcmp(sub, "list")) rc = ep_ls(c, &a);
    else if (!strcmp(sub, "deploy")) rc = ep_deploy(c, &a);
    else if (!strcmp(sub, "update")) rc = ep_update(c, &a);
    else if (!strcmp(sub, "delete")) rc = ep_delete(c, &a);
    else if (!strcmp(sub, "describe") || !strcmp(sub, "pause") || !strcmp(sub, "resume") || !strcmp(sub, "scale-to-zero"))
        rc = ep_action(c, &a, sub);
    else if (!strcmp(sub, "catalog")) rc = ep_catalog(c, &a, argv[1]);
    else if (!strcmp(sub, "list-catalog")) rc = ep_catalog(c, &a, "ls");
    else if (!strcmp(sub, "hardware")) rc = ep_hardware(c, &a);
    else {
        fprintf(stderr, "Usage: hf endpoints [OPTIONS] COMMAND [ARGS]...\nTry 'hf endpoints -h' for help.\n\n"
                        "Error: No such command '%s'.\n", sub);
        rc = 2;
    }
    hfhub_client_free(c);
    return rc;
}
