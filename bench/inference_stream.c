/* inference_stream.c: streaming overhead of hfhub_chat_completion_stream on localhub's bench
 * stream (N one-word deltas, then after a pause a last delta carrying the server's clock).
 * Prints per run: "deltas cpu_ms latency_us" where cpu_ms is this process's CPU time for the
 * whole call and latency_us the time from the last event's write to its callback.
 *     inference_stream HUB ROUTER N RUNS */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct bench {
    long deltas;
    double latency_us;
} bench;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_ms(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int on_delta(void *u, const hfhub_chat_delta *d) {
    bench *b = (bench *)u;
    if (!d->content) return 0;
    b->deltas++;
    if (d->content[0] == '@') b->latency_us = (now_s() - atof(d->content + 1)) * 1e6;
    return 0;
}

int main(int argc, char **argv) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    hfhub_inference_config ic;
    hfhub_inference *inf = NULL;
    hfhub_chat_message m;
    char model[64];
    int runs, i;
    if (argc != 5) return 2;
    runs = atoi(argv[4]);
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = argv[1];
    cfg.token = "hf_user_write_token";
    cfg.proxy = "";
    snprintf(model, sizeof model, "hfhub-test/echo-bench%s", argv[3]);
    memset(&ic, 0, sizeof ic);
    ic.model = model;
    ic.router_url = argv[2];
    ic.max_retries = -1;
    if (hfhub_client_new(&cfg, &c) || hfhub_inference_new(c, &ic, &inf)) return 1;
    memset(&m, 0, sizeof m);
    m.role = "user";
    m.content = "bench";
    for (i = 0; i < runs; i++) {
        bench b;
        double t0 = cpu_ms();
        memset(&b, 0, sizeof b);
        if (hfhub_chat_completion_stream(inf, &m, 1, NULL, on_delta, &b, NULL)) {
            fprintf(stderr, "%s\n", hfhub_last_error()->message);
            return 1;
        }
        printf("%ld %.3f %.1f\n", b.deltas, cpu_ms() - t0, b.latency_us);
    }
    hfhub_inference_free(inf);
    hfhub_client_free(c);
    return 0;
}
