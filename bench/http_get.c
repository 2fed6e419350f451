/* http_get.c: GETs a URL into a byte-counting sink through one transport and the request
 * layer, for bench/http.sh. Usage: http_get socket|curl URL. Prints "BYTES SECONDS";
 * exits 2 when that transport is not compiled in, 1 on failure. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub.h"
#include <stdio.h>
#include <string.h>

static int count_body(void *user, const void *data, size_t n) {
    (void)data;
    *(uint64_t *)user += n;
    return 0;
}

static int make(const char *name, hfhub_transport *t) {
#ifndef HFHUB_NO_SOCKETS
    if (!strcmp(name, "socket")) return hfhub_socket_transport_new(NULL, NULL, t) ? 1 : 0;
#endif
#ifdef HFHUB_USE_CURL
    if (!strcmp(name, "curl")) return hfhub_curl_transport_new(NULL, NULL, t) ? 1 : 0;
#endif
    (void)name;
    (void)t;
    return 2;
}

int main(int argc, char **argv) {
    hfhub_transport t;
    hfhub_http_request q;
    hfhub_http_sink sink;
    hfhub__http_policy p;
    hfhub__http_response resp;
    hfhub_result r;
    uint64_t bytes = 0;
    int64_t t0;
    int st;
    if (argc != 3) {
        fprintf(stderr, "usage: http_get socket|curl URL\n");
        return 1;
    }
    st = make(argv[1], &t);
    if (st) return st;
    memset(&q, 0, sizeof q);
    q.method = "GET";
    q.url = argv[2];
    memset(&sink, 0, sizeof sink);
    sink.user = &bytes;
    sink.on_body = count_body;
    memset(&p, 0, sizeof p);
    p.proxy = "";
    t0 = hfhub__monotonic_ms();
    r = hfhub__http_exec(&t, &p, &q, &sink, 0, NULL, &resp);
    if (r || resp.status != 200) {
        fprintf(stderr, "http_get: %s (status %d) %s\n", hfhub_result_str(r), resp.status,
                hfhub_last_error()->message);
        st = 1;
    } else {
        printf("%llu %.3f\n", (unsigned long long)bytes, (double)(hfhub__monotonic_ms() - t0) / 1000.0);
    }
    hfhub__http_response_free(&resp);
    if (t.destroy) t.destroy(t.ctx);
    return st;
}
