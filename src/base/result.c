/* result.c: result names and the per-thread error detail. */
#include <stdio.h>
#include <string.h>

const char *hfhub_result_str(hfhub_result r) {
    switch (r) {
    case HFHUB_OK: return "ok";
    case HFHUB_ERR_NOMEM: return "out of memory";
    case HFHUB_ERR_INVALID_ARG: return "invalid argument";
    case HFHUB_ERR_IO: return "i/o error";
    case HFHUB_ERR_NETWORK: return "network error";
    case HFHUB_ERR_TIMEOUT: return "timed out";
    case HFHUB_ERR_TLS: return "tls error";
    case HFHUB_ERR_HTTP: return "http error";
    case HFHUB_ERR_UNAUTHORIZED: return "unauthorized";
    case HFHUB_ERR_REPO_NOT_FOUND: return "repository not found";
    case HFHUB_ERR_REVISION_NOT_FOUND: return "revision not found";
    case HFHUB_ERR_ENTRY_NOT_FOUND: return "entry not found";
    case HFHUB_ERR_GATED: return "gated repository";
    case HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND: return "local entry not found";
    case HFHUB_ERR_CONFLICT: return "conflict";
    case HFHUB_ERR_PARSE: return "parse error";
    case HFHUB_ERR_INTEGRITY: return "integrity check failed";
    case HFHUB_ERR_CANCELLED: return "cancelled";
    case HFHUB_ERR_UNSUPPORTED: return "unsupported";
    case HFHUB_ERR_BAD_REQUEST: return "bad request";
    case HFHUB_ERR_FORBIDDEN: return "forbidden";
    case HFHUB_ERR_TOO_LARGE: return "too large";
    case HFHUB_ERR_ENDPOINT_FAILED: return "inference endpoint failed";
    }
    return "unknown error";
}

/* Fixed buffers: recording an error never allocates (it may be reporting NOMEM). */
typedef struct hfhub__error_slot {
    hfhub_error pub;
    char message[1024];
    char server_code[64];
    char request_id[128];
} hfhub__error_slot;

static HFHUB__TLS hfhub__error_slot hfhub__err_slot;

static void hfhub__copy_trunc(char *dst, size_t cap, const char *src) {
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) n = cap - 1;
    if (n) memcpy(dst, src, n);
    dst[n] = 0;
}

static hfhub_result hfhub__record(hfhub_result r, int status, const char *code,
                                  const char *rid, const char *fmt, va_list ap) {
    /* The arguments may point into this slot (a failure that wraps the previous one's
     * message, code or request id): build everything aside, then copy it in. */
    hfhub__error_slot *e = &hfhub__err_slot, next;
    next.message[0] = 0;
    if (fmt) vsnprintf(next.message, sizeof next.message, fmt, ap);
    hfhub__copy_trunc(next.server_code, sizeof next.server_code, code);
    hfhub__copy_trunc(next.request_id, sizeof next.request_id, rid);
    memcpy(e->message, next.message, sizeof e->message);
    memcpy(e->server_code, next.server_code, sizeof e->server_code);
    memcpy(e->request_id, next.request_id, sizeof e->request_id);
    e->pub.result = r;
    e->pub.http_status = status;
    e->pub.message = e->message;
    e->pub.server_code = e->server_code;
    e->pub.request_id = e->request_id;
    return r;
}

hfhub_result hfhub__fail(hfhub_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    hfhub__record(r, 0, NULL, NULL, fmt, ap);
    va_end(ap);
    return r;
}

hfhub_result hfhub__fail_http(hfhub_result r, int status, const char *server_code,
                              const char *request_id, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    hfhub__record(r, status, server_code, request_id, fmt, ap);
    va_end(ap);
    return r;
}

void hfhub__clear_error(void) {
    memset(&hfhub__err_slot, 0, sizeof hfhub__err_slot);
}

const hfhub_error *hfhub_last_error(void) {
    hfhub__error_slot *e = &hfhub__err_slot;
    if (!e->pub.message) { /* nothing recorded yet on this thread */
        e->pub.message = e->message;
        e->pub.server_code = e->server_code;
        e->pub.request_id = e->request_id;
    }
    return &e->pub;
}
