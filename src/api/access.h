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

typedef struct hfhub_access_request_list {
    hfhub_access_request *items;
    size_t n;
} hfhub_access_request_list;
HFHUB_API void hfhub_access_request_list_free(hfhub_access_request_list *l);

/* GET .../user-access-request/{pending|accepted|rejected} (paginated). */
HFHUB_API hfhub_result hfhub_list_pending_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                          hfhub_access_request_list **out);
HFHUB_API hfhub_result hfhub_list_accepted_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                           hfhub_access_request_list **out);
HFHUB_API hfhub_result hfhub_list_rejected_access_requests(hfhub_client *c, const char *repo_id, const char *repo_type,
                                                           hfhub_access_request_list **out);

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
