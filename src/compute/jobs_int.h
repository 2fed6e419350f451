/* jobs_int.h: what jobs.c and endpoints.c share, and the parsers the fuzz harness reaches
 * (library-internal). */

/* A result arena: the arena struct lives inside its own memory, so a result keeps one
 * pointer to it. */
HFHUB__API hfhub__arena *hfhub__cres_new(const hfhub_allocator *a);
HFHUB__API void hfhub__cres_free(hfhub__arena *ar);

/* The namespace of a call: ns when given, else the token owner's name from
 * GET {E}/api/whoami-v2 (copied into ar). */
HFHUB__API hfhub_result hfhub__compute_ns(hfhub_client *c, const char *ns, const char *token, hfhub__arena *ar,
                                          const char **out);
/* String items of a JSON array / members of an object (string values; others NULL) copied
 * as pointers into ar. */
HFHUB__API hfhub_result hfhub__compute_strs(hfhub__arena *ar, const hfhub_json_value *arr, const char *const **out,
                                            size_t *n);
HFHUB__API hfhub_result hfhub__compute_kvs(hfhub__arena *ar, const hfhub_json_value *obj, const hfhub_job_kv **out,
                                           size_t *n);

/* Fills a JobInfo from its JSON (url built from endpoint, may be NULL). */
HFHUB__API hfhub_result hfhub__job_info_parse(hfhub__arena *ar, const char *endpoint, const hfhub_json_value *v,
                                              hfhub_job_info *out);
HFHUB__API hfhub_result hfhub__scheduled_job_parse(hfhub__arena *ar, const hfhub_json_value *v,
                                                   hfhub_scheduled_job_info *out);

/* The log-follow state: what was passed on, for skipping a replayed prefix. */
typedef struct hfhub__joblog {
    char last_ts[64];            /* timestamp of the last line passed on ("" none) */
    size_t n_at_ts;              /* lines passed on with that timestamp */
    size_t n_seen;               /* lines passed on in total (for lines without timestamps) */
    size_t skip_ts, skip_idx;    /* on the current connection: replayed lines skipped so far */
    int resumed;                 /* this connection is a reconnect */
    hfhub_job_log_fn fn;
    void *user;
    const hfhub_allocator *a;
    int stopped;                 /* the callback asked to stop */
    hfhub_result err;
} hfhub__joblog;
/* Handles one SSE data payload of a log stream: ignores what does not start with '{',
 * parses the JSON, skips replayed lines, drops the "===== Job started" banner, calls fn.
 * Returns nonzero to stop the stream (err or stopped set). */
HFHUB__API int hfhub__joblog_event(hfhub__joblog *L, const char *data, size_t len);
