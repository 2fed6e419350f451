/* access.h: access requests of gated repos (HfApi.list_pending_access_requests & co, spec
 * §5.8). The caller needs write access to the repo. repo_type: NULL (model), "model",
 * "dataset" or "space". Requests go to the client's endpoint (Python uses its global
 * ENDPOINT here: the same unless an HfApi was given another endpoint). */

typedef struct hfhub_access_request {
    const char *username;   /* user.user */
    const char *fullname;   /* user.fullname */
    const char *email;      /* user.email, NULL when not shared */
    const char *timestamp;  /* ISO 8601, as sent */
    const char *status;     /* "pending", "accepted" or "rejected" */
    const hfhub_json_value *fields;  /* the answers to the gating form (an object), or NULL */
    const hfhub_json_value *json;
} hfhub_access_request;

/* GET .../user-access-request/{pending|accepted|rejected}, as a lazy iterator like the other
 * listings (Link rel="next" pages fetched as it is read, one page held at a time; the pages
 * after the first retried on 429 and network errors). Read with
 * hfhub_iter_next_access_request, free with hfhub_iter_free (at any point). Python returns a
 * list: the same items in the same order. */
HFHUB_API hfhub_result hfhub_list_pending_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                          hfhub_iter **out);
HFHUB_API hfhub_result hfhub_list_accepted_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                           hfhub_iter **out);
HFHUB_API hfhub_result hfhub_list_rejected_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                           hfhub_iter **out);
/* The next request (*req NULL at the end), valid until the next call or hfhub_iter_free.
 * HFHUB_ERR_PARSE when an item is not a JSON object; mistyped members read as NULL. */
HFHUB_API hfhub_result hfhub_iter_next_access_request(hfhub_iter *it, const hfhub_access_request **req);

/* POST .../user-access-request/handle {"user", "status": "accepted"|"rejected"|"pending",
 * "rejectionReason"?} (cancel moves a request back to pending). */
HFHUB_API hfhub_result hfhub_accept_access_request(hfhub_client *c, const char *repo_id, const char *user,
                                                   const char *repo_type);
HFHUB_API hfhub_result hfhub_reject_access_request(hfhub_client *c, const char *repo_id, const char *user,
                                                   const char *rejection_reason, const char *repo_type);
HFHUB_API hfhub_result hfhub_cancel_access_request(hfhub_client *c, const char *repo_id, const char *user,
                                                   const char *repo_type);
/* POST .../user-access-request/grant {"user"}: access without a request. */
HFHUB_API hfhub_result hfhub_grant_access(hfhub_client *c, const char *repo_id, const char *user,
                                          const char *repo_type);
