/* webhooks.h: the account's webhooks (HfApi.list_webhooks & co, spec/hub-api.md §5.10).
 *
 * Results are one block each, freed by their _free call; strings point into the result and
 * `json` is the server's webhook object. Missing or mistyped fields read as NULL / 0.
 * Requests go to the client's endpoint (Python uses its global ENDPOINT here: the same
 * unless an HfApi was given another endpoint). */

typedef struct hfhub_webhook_watched {
    const char *type;   /* "model", "dataset", "space", "user" or "org" */
    const char *name;
} hfhub_webhook_watched;

typedef struct hfhub_webhook {
    const char *id;
    const char *url;        /* NULL for a job webhook */
    const char *job_id;     /* job.id, NULL for a URL webhook */
    const char *secret;
    hfhub_webhook_watched *watched;
    size_t n_watched;
    const char **domains;   /* "repo", "discussions"; NULL-terminated */
    size_t n_domains;
    int disabled;
    const hfhub_json_value *json;
} hfhub_webhook;

typedef struct hfhub_webhook_list {
    hfhub_webhook *items;
    size_t n;
} hfhub_webhook_list;

HFHUB_API void hfhub_webhook_free(hfhub_webhook *w);
HFHUB_API void hfhub_webhook_list_free(hfhub_webhook_list *l);

/* What create and update send: {"watched": [...], "domains": [...]|null, "secret": ...|null}
 * and "url" or "jobSourceId" (exactly one of them for create). */
typedef struct hfhub_webhook_opts {
    const char *url;
    const char *job_id;
    const hfhub_webhook_watched *watched;
    size_t n_watched;
    const char *const *domains;   /* NULL: null (the Hub's default: all) */
    size_t n_domains;
    const char *secret;           /* NULL: null */
} hfhub_webhook_opts;

/* GET /api/settings/webhooks */
HFHUB_API hfhub_result hfhub_list_webhooks(hfhub_client *c, hfhub_webhook_list **out);
/* GET /api/settings/webhooks/{id} */
HFHUB_API hfhub_result hfhub_get_webhook(hfhub_client *c, const char *webhook_id, hfhub_webhook **out);
/* POST /api/settings/webhooks; out may be NULL. */
HFHUB_API hfhub_result hfhub_create_webhook(hfhub_client *c, const hfhub_webhook_opts *opts, hfhub_webhook **out);
/* POST /api/settings/webhooks/{id} (the watched list is replaced: none given sends []). */
HFHUB_API hfhub_result hfhub_update_webhook(hfhub_client *c, const char *webhook_id, const hfhub_webhook_opts *opts,
                                            hfhub_webhook **out);
/* POST /api/settings/webhooks/{id}/enable and /disable; out may be NULL. */
HFHUB_API hfhub_result hfhub_enable_webhook(hfhub_client *c, const char *webhook_id, hfhub_webhook **out);
HFHUB_API hfhub_result hfhub_disable_webhook(hfhub_client *c, const char *webhook_id, hfhub_webhook **out);
/* DELETE /api/settings/webhooks/{id} */
HFHUB_API hfhub_result hfhub_delete_webhook(hfhub_client *c, const char *webhook_id);
