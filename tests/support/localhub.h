/* localhub.h: run tools/localhub for a test: start it on free ports in a temp folder, seed
 * repos, add faults, read the request log, stop it and remove its folder. */
#ifndef HFHUB_TEST_LOCALHUB_H
#define HFHUB_TEST_LOCALHUB_H
#include "test.h"
#include "spawn.h"
#include <stdarg.h>

typedef struct t_hub {
    t_proc proc;
    char url[128];     /* http://127.0.0.1:PORT */
    char root[128];    /* its state folder */
    hfhub_client *admin;
} t_hub;

/* Users every test hub has: "user" with a write token and a read token. */
#define T_HUB_WRITE_TOKEN "hf_user_write_token"
#define T_HUB_READ_TOKEN "hf_user_read_token"

/* A client for the hub (token NULL: no token at all), with cache_dir (may be NULL). */
static HFHUB__UNUSED hfhub_client *t_hub_client(const t_hub *h, const char *token, const char *cache_dir) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = h->url;
    cfg.token = token;
    cfg.no_token = token == NULL;
    cfg.cache_dir = cache_dir;
    cfg.proxy = "";
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) {
        fprintf(stderr, "client: %s\n", hfhub_last_error()->message);
        return NULL;
    }
    return c;
}

/* method on {hub}/__localhub/{path} with a JSON body (may be NULL); *doc (may be NULL) gets
 * the answer. */
static HFHUB__UNUSED hfhub_result t_hub_admin(t_hub *h, const char *method, const char *path, const char *json,
                                             hfhub_json_doc **doc) {
    char url[512];
    hfhub_json_doc *d = NULL;
    hfhub_result r;
    snprintf(url, sizeof url, "%s/__localhub/%s", h->url, path);
    r = hfhub__client_json(h->admin, method, url, json, &d);
    if (r) fprintf(stderr, "localhub %s %s: %s\n", method, path, hfhub_last_error()->message);
    if (doc) *doc = d;
    else hfhub_json_free(d);
    return r;
}

static HFHUB__UNUSED int t_hub_start(t_hub *h) {
    char line[256];
    char *argv[8];
    memset(h, 0, sizeof *h);
    snprintf(h->root, sizeof h->root, "/tmp/hfhub_test_hub.XXXXXX");
    if (!mkdtemp(h->root)) return -1;
    argv[0] = (char *)"python3";
    argv[1] = (char *)"tools/localhub";
    argv[2] = (char *)"--root";
    argv[3] = h->root;
    argv[4] = (char *)"--exit-with-parent";
    argv[5] = (char *)"--quiet";
    argv[6] = NULL;
    if (t_spawn(&h->proc, argv, "localhub ready", line, sizeof line) != 0) return -1;
    if (sscanf(line, "localhub ready %127s", h->url) != 1) return -1;
    h->admin = t_hub_client(h, NULL, NULL);
    return h->admin ? 0 : -1;
}

static HFHUB__UNUSED void t_hub_stop(t_hub *h) {
    char cmd[300];
    if (h->admin) hfhub_client_free(h->admin);
    h->admin = NULL;
    t_stop(&h->proc);
    if (h->root[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", h->root);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", h->root);
    }
}

/* The request body the compute emulation (Jobs, Endpoints) recorded last, as compact JSON
 * ("" when there is none). */
static HFHUB__UNUSED void t_hub_last_compute_body(t_hub *h, char *out, size_t cap) {
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *bodies;
    hfhub__buf b;
    hfhub__jw w;
    out[0] = 0;
    if (t_hub_admin(h, "GET", "compute", NULL, &doc)) return;
    bodies = hfhub_json_get(hfhub_json_root(doc), "bodies");
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_value(&w, hfhub_json_get(hfhub_json_at(bodies, hfhub_json_len(bodies) - 1), "body"));
    if (!hfhub__jw_result(&w)) snprintf(out, cap, "%s", b.data);
    hfhub__buf_free(&b);
    hfhub_json_free(doc);
}

/* Clears the request log (so later reads see only what follows). */
static HFHUB__UNUSED void t_hub_log_clear(t_hub *h) { t_hub_admin(h, "DELETE", "log", NULL, NULL); }

/* How many logged requests match: server ("hub", "cdn" or NULL), method (or NULL), and a
 * path regex (or NULL). */
static HFHUB__UNUSED int t_hub_log_count(t_hub *h, const char *server, const char *method, const char *path_re) {
    hfhub__buf q;
    hfhub_json_doc *doc = NULL;
    int n = -1;
    hfhub__buf_init(&q, NULL);
    hfhub__buf_puts(&q, "log?x=1");
    if (server) hfhub__buf_printf(&q, "&server=%s", server);
    if (method) hfhub__buf_printf(&q, "&method=%s", method);
    if (path_re) {
        hfhub__buf_puts(&q, "&path=");
        hfhub__url_quote(&q, path_re, strlen(path_re), "");
    }
    if (!q.failed && t_hub_admin(h, "GET", q.data, NULL, &doc) == HFHUB_OK) n = (int)hfhub_json_len(hfhub_json_root(doc));
    hfhub_json_free(doc);
    hfhub__buf_free(&q);
    return n;
}

/* Adds a fault rule (a JSON object, see tools/localhub/README.md). */
static HFHUB__UNUSED hfhub_result t_hub_fault(t_hub *h, const char *json) { return t_hub_admin(h, "POST", "faults", json, NULL); }

/* Seeds a repo (the JSON body of POST /__localhub/seed); *commit (41 bytes, may be NULL) gets
 * the new commit id. */
static HFHUB__UNUSED hfhub_result t_hub_seed(t_hub *h, const char *json, char *commit) {
    hfhub_json_doc *doc = NULL;
    hfhub_result r = t_hub_admin(h, "POST", "seed", json, &doc);
    if (!r && commit) snprintf(commit, 41, "%s", hfhub_json_str(hfhub_json_get(hfhub_json_root(doc), "commit"), ""));
    hfhub_json_free(doc);
    return r;
}
#endif
