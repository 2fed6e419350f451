/* cmd_endpoints.c: `hf endpoints ls|deploy|describe|update|delete|pause|resume|scale-to-zero|
 * hardware|catalog ls|catalog deploy|list-catalog`, as Python's `hf endpoints`
 * (huggingface_hub/cli/inference_endpoints.py): endpoints printed as JSON (indent 2, sorted
 * keys), failures as "<Action> failed: <error>" with the HTTP status as the exit code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "compute_cli.h"

typedef struct ep_args {
    const char *ns, *token, *repo, *framework, *accelerator, *instance_size, *instance_type, *region, *vendor;
    const char *task, *revision, *name;
    int min_replica, max_replica, scale_to_zero_timeout;   /* -2: not given */
    int yes, fail_if_running;
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

static int ep_parse(ep_args *a, int argc, char **argv, const char *cmd) {
    int i, r;
    memset(a, 0, sizeof *a);
    a->min_replica = a->max_replica = a->scale_to_zero_timeout = -2;
    for (i = 0; i < argc; i++) {
        const char *v = NULL, *s = argv[i];
#define EP_OPT(name) ((r = hf_cli_opt(argc, argv, &i, name, &v)) != 0)
        if (EP_OPT("--namespace")) { if (r < 0) return 2; a->ns = v; }
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
        else if (EP_OPT("--min-replica")) { if (r < 0 || ep_int(v, &a->min_replica, "--min-replica", cmd)) return 2; }
        else if (EP_OPT("--max-replica")) { if (r < 0 || ep_int(v, &a->max_replica, "--max-replica", cmd)) return 2; }
        else if (EP_OPT("--scale-to-zero-timeout")) {
            if (r < 0 || ep_int(v, &a->scale_to_zero_timeout, "--scale-to-zero-timeout", cmd)) return 2;
        }
        else if (!strcmp(s, "--yes")) a->yes = 1;
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

/* "<what> failed: <error>" on stdout, exit code the HTTP status (1 without one). */
static int ep_fail(const char *what) {
    const hfhub_error *e = hfhub_last_error();
    if (what) printf("%s failed: %s\n", what, e->message);
    else fprintf(stderr, "Error: %s\n", e->message);
    return e->http_status > 0 ? e->http_status : 1;   /* typer.Exit(code=status) */
}

static void ep_print(const hfhub_json_value *v) {
    hf_cli_print_json(stdout, v, 2, 0, 1);
    printf("\n");
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

static int ep_ls(hfhub_client *c, const ep_args *a) {
    hfhub_endpoint_opts o = ep_opts(a);
    hfhub_inference_endpoint *eps = NULL;
    size_t n = 0, i;
    if (hfhub_list_inference_endpoints(c, &o, &eps, &n)) return ep_fail("Listing");
    printf("{\n  \"items\": [");
    for (i = 0; i < n; i++) {
        printf(i ? ",\n    " : "\n    ");
        hf_cli_print_json(stdout, eps[i].raw, 2, 2, 1);
    }
    printf(n ? "\n  ]\n}\n" : "]\n}\n");
    hfhub_inference_endpoint_free(eps);
    return 0;
}

static int ep_deploy(hfhub_client *c, const ep_args *a) {
    static const char *const flags[] = {"--repo", "--framework", "--accelerator", "--instance-size", "--instance-type",
                                        "--region", "--vendor"};
    const char *vals[7];
    hfhub_endpoint_opts o = ep_opts(a);
    hfhub_endpoint_spec s;
    hfhub_inference_endpoint *e = NULL;
    size_t i;
    int rc;
    if ((rc = ep_need_name(a, "deploy"))) return rc;
    vals[0] = a->repo; vals[1] = a->framework; vals[2] = a->accelerator; vals[3] = a->instance_size;
    vals[4] = a->instance_type; vals[5] = a->region; vals[6] = a->vendor;
    for (i = 0; i < 7; i++)
        if (!vals[i]) {
            char msg[100];
            snprintf(msg, sizeof msg, "Missing option '%s'.", flags[i]);
            return hf_cli_usage("endpoints", "deploy", msg);
        }
    memset(&s, 0, sizeof s);
    s.repository = a->repo;
    s.framework = a->framework;
    s.accelerator = a->accelerator;
    s.instance_size = a->instance_size;
    s.instance_type = a->instance_type;
    s.region = a->region;
    s.vendor = a->vendor;
    s.task = a->task;
    if (hfhub_create_inference_endpoint(c, a->pos[0], &s, &o, &e)) return ep_fail(NULL);
    ep_print(e->raw);
    hfhub_inference_endpoint_free(e);
    return 0;
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
    if (hfhub_update_inference_endpoint(c, a->pos[0], &s, &o, &e)) return ep_fail("Update");
    ep_print(e->raw);
    hfhub_inference_endpoint_free(e);
    return 0;
}

static int ep_delete(hfhub_client *c, const ep_args *a) {
    hfhub_endpoint_opts o = ep_opts(a);
    int rc;
    if ((rc = ep_need_name(a, "delete"))) return rc;
    if (!a->yes) {
        char line[512];
        printf("Delete endpoint '%s'? Type the name to confirm.: ", a->pos[0]);
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin)) line[0] = 0;
        line[strcspn(line, "\r\n")] = 0;
        if (strcmp(line, a->pos[0])) {
            printf("Aborted.\n");
            return 2;
        }
    }
    if (hfhub_delete_inference_endpoint(c, a->pos[0], &o)) return ep_fail("Delete");
    printf("Deleted '%s'.\n", a->pos[0]);
    return 0;
}

/* pause / resume / scale-to-zero / describe: one call, the endpoint printed. */
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
    if (r) return ep_fail(what);
    ep_print(e->raw);
    hfhub_inference_endpoint_free(e);
    return 0;
}

static int ep_catalog(hfhub_client *c, const ep_args *a, const char *sub) {
    hfhub_endpoint_opts o = ep_opts(a);
    if (!strcmp(sub, "ls") || !strcmp(sub, "list")) {
        char **models = NULL;
        size_t n = 0, i;
        if (hfhub_list_inference_catalog(c, &o, &models, &n)) return ep_fail("Catalog fetch");
        printf("{\n  \"models\": [");
        for (i = 0; i < n; i++) printf("%s\n    \"%s\"", i ? "," : "", models[i]);
        printf(n ? "\n  ]\n}\n" : "]\n}\n");
        hfhub_free(c, models);
        return 0;
    }
    if (!strcmp(sub, "deploy")) {
        hfhub_inference_endpoint *e = NULL;
        if (!a->repo) return hf_cli_usage("endpoints", "catalog deploy", "Missing option '--repo'.");
        if (hfhub_create_inference_endpoint_from_catalog(c, a->repo, a->name, NULL, &o, &e)) return ep_fail("Deployment");
        ep_print(e->raw);
        hfhub_inference_endpoint_free(e);
        return 0;
    }
    return hf_cli_usage("endpoints", "catalog", "No such command.");
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
    else if (!strcmp(sub, "hardware")) {
        hfhub_endpoint_opts o = ep_opts(&a);
        hfhub_json_doc *doc = NULL;
        if (hfhub_list_inference_endpoint_hardware(c, &o, &doc)) rc = ep_fail("Hardware fetch");
        else ep_print(hfhub_json_root(doc));
        hfhub_json_free(doc);
    } else {
        fprintf(stderr, "Usage: hf endpoints [OPTIONS] COMMAND [ARGS]...\nTry 'hf endpoints -h' for help.\n\n"
                        "Error: No such command '%s'.\n", sub);
        rc = 2;
    }
    hfhub_client_free(c);
    return rc;
}
