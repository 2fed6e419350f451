/* mcp_calls.c: N tools/call "echo" round trips over stdio to a server (argv[2..]); prints
 * "<connect_ms> <calls_ms> <peak_rss_kb>" (connect = spawn + initialize + tools/list). */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    hfhub_client *c;
    hfhub_mcp_client *m;
    hfhub_mcp_server_opts o;
    hfhub_config cfg;
    int i, n;
    double t0, t1;
    if (argc < 3) { fprintf(stderr, "usage: mcp_calls N command [args...]\n"); return 2; }
    n = atoi(argv[1]);
    memset(&cfg, 0, sizeof cfg);
    memset(&o, 0, sizeof o);
    o.command = argv[2];
    o.args = (const char *const *)(argv + 3);
    o.n_args = (size_t)(argc - 3);
    o.stderr_mode = HFHUB_MCP_STDERR_DISCARD;
    t0 = now_ms();
    if (hfhub_client_new(&cfg, &c) || hfhub_mcp_client_new(c, NULL, &m) || hfhub_mcp_add_server(m, &o)) {
        fprintf(stderr, "%s\n", hfhub_last_error()->message);
        return 1;
    }
    t1 = now_ms();
    for (i = 0; i < n; i++) {
        hfhub_mcp_result *r;
        if (hfhub_mcp_call_tool(m, "echo", "{\"message\": \"ping\"}", NULL, &r)) {
            fprintf(stderr, "%s\n", hfhub_last_error()->message);
            return 1;
        }
        hfhub_mcp_result_free(m, r);
    }
    {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);             /* this process only, not the server */
        printf("%.1f %.1f %ld\n", t1 - t0, now_ms() - t1, ru.ru_maxrss);
    }
    hfhub_mcp_client_free(m);
    hfhub_client_free(c);
    return 0;
}
