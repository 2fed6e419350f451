/* cmd_webhooks.c: `hf webhooks list|info|create|update|enable|disable|delete`, with the flags
 * and outputs of Python's `hf webhooks` (spec §7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#include "social_cli.h"

#define HF_HOOK_MAX 64

static int hf_hook_usage(FILE *f) {
    fprintf(f, "usage: hf webhooks <command> [<args>]\n\n"
               "Manage webhooks on the Hub.\n\n"
               "commands:\n"
               "  list (ls) [--format table|json] [-q]\n"
               "  info WEBHOOK_ID\n"
               "  create --watch TYPE:NAME... (--url URL | --job-id ID) [--domain repo|discussions]... [--secret S]\n"
               "  update WEBHOOK_ID [--url URL] [--watch TYPE:NAME]... [--domain D]... [--secret S]\n"
               "  enable|disable WEBHOOK_ID\n"
               "  delete WEBHOOK_ID [-y/--yes]\n"
               "common options: [--token T]\n");
    return f == stderr ? 2 : 0;
}

/* WebhookInfo as Python's api_object_to_dict: id, url, job, watched, domains, secret,
 * disabled (None members dropped when printed). */
static void hf_hook_sb(hf_s_sb *b, const hfhub_webhook *w) {
    size_t i;
    hf_s_sb_puts(b, "{");
    hf_s_sb_kv(b, "id", w->id);
    hf_s_sb_kv(b, "url", w->url);
    hf_s_sb_kraw(b, "job", "");
    hf_s_sb_json_value(b, hfhub_json_get(w->json, "job"));
    hf_s_sb_kraw(b, "watched", "[");
    for (i = 0; i < w->n_watched; i++) {
        hf_s_sb_puts(b, i ? ", {" : "{");
        hf_s_sb_kv(b, "type", w->watched[i].type);
        hf_s_sb_kv(b, "name", w->watched[i].name);
        hf_s_sb_puts(b, "}");
    }
    hf_s_sb_puts(b, "]");
    hf_s_sb_kraw(b, "domains", "[");
    for (i = 0; i < w->n_domains; i++) {
        if (i) hf_s_sb_puts(b, ", ");
        hf_s_sb_json_str(b, w->domains[i]);
    }
    hf_s_sb_puts(b, "]");
    hf_s_sb_kv(b, "secret", w->secret);
    hf_s_sb_kraw(b, "disabled", w->disabled ? "true" : "false");
    hf_s_sb_puts(b, "}");
}

/* json.dumps(api_object_to_dict(webhook), indent=2) */
static void hf_hook_print(const hfhub_webhook *w) {
    hf_s_sb b = {NULL, 0, 0};
    hf_hook_sb(&b, w);
    hf_s_json_print_text(b.p, 1, NULL);
    free(b.p);
}

static int hf_hook_list(hfhub_client *c, const hf_s_args *a) {
    static const char *const keys[] = {"id", "url", "disabled", "domains", "watched"};
    static const size_t headers[] = {0, 1, 2, 3, 4};
    hfhub_webhook_list *l = NULL;
    hf_val *cells;
    char **texts;
    hf_table t;
    size_t i, j;
    if (hfhub_list_webhooks(c, &l)) return hf_s_fail(&a->out);
    if (a->out.mode == HF_OUT_JSON) { /* print_list_output: json.dumps(items, indent=2) */
        hf_s_sb b = {NULL, 0, 0};
        hf_s_sb_puts(&b, "[");
        for (i = 0; i < l->n; i++) {
            if (i) hf_s_sb_puts(&b, ", ");
            hf_hook_sb(&b, &l->items[i]);
        }
        hf_s_sb_puts(&b, "]");
        hf_s_json_print_text(b.p, 1, NULL);
        free(b.p);
        hfhub_webhook_list_free(l);
        return 0;
    }
    cells = (hf_val *)calloc(l->n * 5 + 1, sizeof *cells);
    texts = (char **)calloc(l->n * 2 + 1, sizeof *texts);
    for (i = 0; cells && texts && i < l->n; i++) {
        const hfhub_webhook *w = &l->items[i];
        size_t cap = 16, n;
        for (j = 0; j < w->n_domains; j++) cap += strlen(w->domains[j]) + 2;
        texts[2 * i] = (char *)calloc(1, cap);
        for (j = 0; texts[2 * i] && j < w->n_domains; j++) {
            if (j) strcat(texts[2 * i], ", ");
            strcat(texts[2 * i], w->domains[j]);
        }
        for (cap = 16, j = 0; j < w->n_watched; j++)
            cap += strlen(w->watched[j].type ? w->watched[j].type : "") + strlen(w->watched[j].name ? w->watched[j].name : "") + 3;
        texts[2 * i + 1] = (char *)calloc(1, cap);
        for (n = 0, j = 0; texts[2 * i + 1] && j < w->n_watched; j++)
            n += (size_t)snprintf(texts[2 * i + 1] + n, cap - n, "%s%s:%s", j ? ", " : "", w->watched[j].type ? w->watched[j].type : "",
                                  w->watched[j].name ? w->watched[j].name : "");
        cells[i * 5 + 0] = hf_str(w->id);
        cells[i * 5 + 1] = hf_str(w->url ? w->url : "(job)");
        cells[i * 5 + 2] = hf_str(w->disabled ? "True" : "False");
        cells[i * 5 + 3] = hf_str(texts[2 * i]);
        cells[i * 5 + 4] = hf_str(texts[2 * i + 1]);
    }
    if (cells && texts) {
        memset(&t, 0, sizeof t);
        t.keys = keys;
        t.n_keys = 5;
        t.headers = headers;
        t.n_headers = 5;
        t.right_col = -1;
        t.raw_cols = 0x1f; /* row_fn's strings (print_list_output): never cut */
        t.cells = cells;
        t.n_rows = l->n;
        hf_out_table(&a->out, &t);
    }
    for (i = 0; texts && i < 2 * l->n; i++) free(texts[i]);
    free(texts);
    free(cells);
    hfhub_webhook_list_free(l);
    return 0;
}

/* --watch TYPE:NAME values into w (names point into argv). -1 (message printed) when bad. */
static int hf_hook_watch(const hf_s_args *a, hfhub_webhook_watched *w, size_t *n, char *store, size_t store_cap) {
    const char *v[HF_HOOK_MAX];
    int i, k = hf_s_all(a, "--watch", v, HF_HOOK_MAX);
    size_t used = 0;
    *n = 0;
    for (i = 0; i < k; i++) {
        const char *colon = strchr(v[i], ':');
        size_t tl;
        if (!colon) {
            fprintf(stderr, "Error: Invalid value: Expected format 'type:name' (e.g. 'model:bert-base-uncased'), got '%s'. "
                            "Valid types: model, dataset, space, user, org.\n", v[i]);
            return -1;
        }
        tl = (size_t)(colon - v[i]);
        if (used + tl + 1 > store_cap) return -1;
        memcpy(store + used, v[i], tl);
        store[used + tl] = 0;
        if (strcmp(store + used, "model") && strcmp(store + used, "dataset") && strcmp(store + used, "space") &&
            strcmp(store + used, "user") && strcmp(store + used, "org")) {
            fprintf(stderr, "Error: Invalid value: Invalid type '%s'. Valid types: model, dataset, space, user, org.\n", store + used);
            return -1;
        }
        w[*n].type = store + used;
        w[(*n)++].name = colon + 1;
        used += tl + 1;
    }
    return 0;
}

static int hf_hook_write(hfhub_client *c, const hf_s_args *a, int creating) {
    hfhub_webhook_watched watched[HF_HOOK_MAX];
    const char *domains[HF_HOOK_MAX];
    char store[4096];
    hfhub_webhook_opts o;
    hfhub_webhook *w = NULL;
    int i, nd;
    memset(&o, 0, sizeof o);
    o.url = hf_s_get(a, "--url");
    o.job_id = creating ? hf_s_get(a, "--job-id") : NULL;
    o.secret = hf_s_get(a, "--secret");
    if (creating && a->npos) return hf_s_usage("Got unexpected extra argument.");
    if (!creating && a->npos != 1) return hf_s_usage("Missing argument 'WEBHOOK_ID'.");
    if (creating && o.url && o.job_id) return hf_s_usage("Invalid value: Provide either --url or --job-id, not both.");
    if (creating && !o.url && !o.job_id) return hf_s_usage("Invalid value: Provide either --url or --job-id.");
    if (creating && !hf_s_has(a, "--watch")) return hf_s_usage("Missing option '--watch'.");
    if (hf_hook_watch(a, watched, &o.n_watched, store, sizeof store)) return 2;
    o.watched = watched;
    nd = hf_s_all(a, "--domain", domains, HF_HOOK_MAX);
    for (i = 0; i < nd; i++)
        if (strcmp(domains[i], "repo") && strcmp(domains[i], "discussions"))
            return hf_s_usage("Invalid value for '--domain': not one of 'repo', 'discussions'.");
    if (nd) {
        o.domains = domains;
        o.n_domains = (size_t)nd;
    }
    if (creating ? hfhub_create_webhook(c, &o, &w) : hfhub_update_webhook(c, a->pos[0], &o, &w)) return hf_s_fail(&a->out);
    printf("Webhook %s: %s\n", creating ? "created" : "updated", w->id ? w->id : "");
    hf_hook_print(w);
    hfhub_webhook_free(w);
    return 0;
}

static int hf_hook_run(hfhub_client *c, const char *sub, const hf_s_args *a) {
    hfhub_webhook *w = NULL;
    char line[64];
    if (!strcmp(sub, "create")) return hf_hook_write(c, a, 1);
    if (!strcmp(sub, "update")) return hf_hook_write(c, a, 0);
    if (a->npos != 1) return hf_s_usage("Missing argument 'WEBHOOK_ID'.");
    if (!strcmp(sub, "info")) {
        if (hfhub_get_webhook(c, a->pos[0], &w)) return hf_s_fail(&a->out);
        hf_hook_print(w);
    } else if (!strcmp(sub, "enable") || !strcmp(sub, "disable")) {
        if ((!strcmp(sub, "enable") ? hfhub_enable_webhook : hfhub_disable_webhook)(c, a->pos[0], &w)) return hf_s_fail(&a->out);
        printf("Webhook %sd: %s\n", sub, w->id ? w->id : "");
    } else {
        if (!hf_s_has(a, "--yes|-y")) {
            printf("Are you sure you want to delete webhook '%s'? [y/N]: ", a->pos[0]);
            fflush(stdout);
            if (!fgets(line, sizeof line, stdin) || (strcmp(line, "y\n") && strcmp(line, "Y\n") && strcmp(line, "yes\n"))) {
                printf("Aborted.\n");
                fprintf(stderr, "Aborted!\n");
                return 1;
            }
        }
        if (hfhub_delete_webhook(c, a->pos[0])) return hf_s_fail(&a->out);
        printf("Webhook deleted: %s\n", a->pos[0]);
    }
    hfhub_webhook_free(w);
    return 0;
}

int cmd_webhooks(int argc, char **argv) {
    static const char *const valued[] = {"--url", "--job-id", "--watch", "--domain", "--secret", NULL};
    static const char *const flags[] = {"--yes", "-y", NULL};
    static const char *const subs[] = {"list", "ls", "info", "create", "update", "enable", "disable", "delete", NULL};
    hf_s_args a;
    hfhub_client *c;
    const char *const *s;
    int rc;
    if (argc < 1) return hf_hook_usage(stderr);
    if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) return hf_hook_usage(stdout);
    for (s = subs; *s && strcmp(*s, argv[0]); s++) {}
    if (!*s) {
        fprintf(stderr, "Error: No such command '%s'.\n", argv[0]);
        return 2;
    }
    if ((rc = hf_s_parse("webhooks", argc - 1, argv + 1, valued, flags, &a)) != 0) return rc == 1 ? hf_hook_usage(stdout) : rc;
    if (!(c = hf_s_client(a.token))) return 1;
    rc = !strcmp(argv[0], "list") || !strcmp(argv[0], "ls") ? hf_hook_list(c, &a) : hf_hook_run(c, argv[0], &a);
    hfhub_client_free(c);
    return rc;
}
