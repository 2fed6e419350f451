/* fuzz_client.c: libFuzzer harness for the client layer's input handling: an arbitrary HTTP
 * error response (status, headers, body) through the request helper and the error mapping
 * (X-Error-Code / X-Error-Message, JSON or text bodies, RateLimit, request ids), and the
 * same bytes as a repo id, a filename (validation and resolve URL) and a token to clean.
 * Input: 2 bytes of status, then "Name: value" lines, a blank line, then the body. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

typedef struct fz_input { const uint8_t *data; size_t size; int downloading; } fz_input;

static hfhub_result fz_perform(void *ctx, const hfhub_http_request *req, const hfhub_http_sink *sink) {
    const fz_input *in = (const fz_input *)ctx;
    const char *p, *end;
    int status;
    (void)req;
    if (in->size < 2) return HFHUB_ERR_NETWORK;
    status = 400 + (in->data[0] << 8 | in->data[1]) % 200;
    if (in->downloading && (status == 408 || status == 429)) status++; /* retried with real sleeps */
    p = (const char *)in->data + 2;
    end = (const char *)in->data + in->size;
    if (sink->on_status && sink->on_status(sink->user, status)) return HFHUB_ERR_CANCELLED;
    while (p < end) {
        const char *nl = (const char *)memchr(p, '\n', (size_t)(end - p)), *colon;
        char name[128], value[512];
        size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p), n;
        if (ln == 0) { p++; break; }
        colon = (const char *)memchr(p, ':', ln);
        if (colon && (size_t)(colon - p) < sizeof name && memchr(p, 0, ln) == NULL) {
            n = (size_t)(colon - p);
            memcpy(name, p, n);
            name[n] = 0;
            n = ln - n - 1;
            if (n >= sizeof value) n = sizeof value - 1;
            memcpy(value, colon + 1, n);
            value[n] = 0;
            if (sink->on_header && sink->on_header(sink->user, name, value[0] == ' ' ? value + 1 : value))
                return HFHUB_ERR_CANCELLED;
        }
        p += ln + (nl ? 1 : 0);
    }
    if (p < end && sink->on_body && sink->on_body(sink->user, p, (size_t)(end - p))) return HFHUB_ERR_CANCELLED;
    return HFHUB_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const urls[] = {"https://hub.example/a/b/resolve/main/f", "https://hub.example/api/models/a/b",
                                       "http://127.0.0.1:1/api/buckets/x/y", "https://hub.example/api/whoami-v2"};
    fz_input in;
    hfhub_transport t;
    hfhub_config cfg;
    hfhub_client *c = NULL;
    hfhub__req r;
    hfhub__http_response resp;
    hfhub__buf b;
    char *s = (char *)malloc(size + 1);
    char buf[64];
    size_t len;
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    in.data = data;
    in.size = size;
    in.downloading = 0;
    t.ctx = &in;
    t.perform = fz_perform;
    t.destroy = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.transport = &t;
    cfg.endpoint = "https://hub.example";
    cfg.token = "hf_fuzz";
    cfg.proxy = "";
    if (hfhub_client_new(&cfg, &c) == HFHUB_OK) {
        memset(&r, 0, sizeof r);
        r.url = urls[size % 4];
        if (hfhub__client_request(c, &r, &resp) == HFHUB_OK && resp.status >= 400) abort();
        hfhub__http_response_free(&resp);
        if (hfhub_last_error()->message == NULL) abort();
        /* the same bytes as the arguments of a download: never a request for bad ones */
        in.downloading = 1;
        if (hfhub_download_to_buffer(c, s, s, NULL, buf, sizeof buf, &len) == HFHUB_OK) abort();
        hfhub__buf_init(&b, NULL);
        if (hfhub__validate_repo_id(s) == HFHUB_OK && hfhub__validate_filename(s) == HFHUB_OK)
            hfhub__resolve_url(c, &b, 0, s, s, s);
        hfhub__buf_free(&b);
        hfhub_client_free(c);
    }
    if (hfhub__clean_token(s) && (s[0] == ' ' || strchr(s, '\n') || strchr(s, '\r'))) abort();
    free(s);
    return 0;
}
