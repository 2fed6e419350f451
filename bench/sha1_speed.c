/* sha1_speed.c: SHA-1 throughput of hfhub's implementation on an in-memory buffer (used
 * by bench/cache.sh). Prints the best seconds over N rounds for SIZE MiB. */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    size_t mib = argc > 1 ? (size_t)atoi(argv[1]) : 256, n = mib << 20, i;
    int rounds = argc > 2 ? atoi(argv[2]) : 3, r;
    unsigned char *buf = (unsigned char *)malloc(n), d[20];
    double best = 1e30;
    if (!buf) return 1;
    for (i = 0; i < n; i++) buf[i] = (unsigned char)(i * 2654435761u >> 24);
    for (r = 0; r < rounds; r++) {
        double t = now();
        hfhub_sha1(buf, n, d);
        t = now() - t;
        if (t < best) best = t;
    }
    printf("%.6f %02x\n", best, d[0]);
    free(buf);
    return 0;
}
