/* result_int.h: recording the per-thread error detail (library-internal). */

/* Records r with a printf-style message as this thread's last error and returns r,
 * so a failure path reads `return hfhub__fail(HFHUB_ERR_PARSE, "bad chunk size");`. */
HFHUB__API hfhub_result hfhub__fail(hfhub_result r, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The same with the HTTP status and the server's code and request id (any may be NULL). */
HFHUB__API hfhub_result hfhub__fail_http(hfhub_result r, int status, const char *server_code,
                              const char *request_id, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Forget this thread's last error (used by tests). */
HFHUB__API void hfhub__clear_error(void);
