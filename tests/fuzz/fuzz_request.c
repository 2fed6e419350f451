/* fuzz_request.c: redirect handling of the request layer. The input is a Location value
 * (line ends turned into spaces) answered by the mock transport for every URL with the
 * status picked by the first byte, so the layer resolves, validates and compares origins
 * of arbitrary Locations, hop after hop. Any result is fine; crashes, leaks and hangs are
 * not. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const int statuses[] = {301, 302, 303, 307, 308, 200, 503, 429};
    hfhub_mock *m;
    hfhub_transport t;
    hfhub_mock_response mr;
    hfhub_http_request q;
    hfhub__http_policy p;
    hfhub__http_response resp;
    hfhub_header h = {"Authorization", "Bearer x"};
    char *hdr;
    size_t i;
    if (size < 1 || size > 4096) return 0;
    hdr = (char *)malloc(size + 16);
    if (!hdr) return 0;
    memcpy(hdr, "Location: ", 10);
    for (i = 1; i < size; i++) hdr[9 + i] = data[i] == '\n' || data[i] == '\r' || !data[i] ? ' ' : (char)data[i];
    hdr[9 + size] = 0;
    if (hfhub_mock_new(NULL, &m)) { free(hdr); return 0; }
    t = hfhub_mock_transport(m);
    memset(&mr, 0, sizeof mr);
    mr.status = statuses[data[0] & 7];
    mr.headers = hdr;
    mr.body = "x";
    mr.times = -1;
    hfhub_mock_add(m, &mr);
    memset(&q, 0, sizeof q);
    q.method = (data[0] & 8) ? "POST" : "GET";
    q.url = "https://hub.test/a/b?c=d";
    q.headers = &h;
    q.n_headers = 1;
    q.body = (data[0] & 8) ? "body" : NULL;
    q.body_len = (data[0] & 8) ? 4 : 0;
    memset(&p, 0, sizeof p);
    p.max_redirects = 4;
    p.max_retries = (data[0] & 16) ? 1 : 0;
    p.base_wait_ms = 1;
    p.max_server_wait_ms = 1;
    p.proxy = (data[0] & 32) ? NULL : "";
    hfhub__http_exec(&t, &p, &q, NULL, 0, NULL, &resp);
    hfhub__http_response_free(&resp);
    hfhub_mock_free(m);
    free(hdr);
    return 0;
}
