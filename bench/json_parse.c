/* json_parse.c: parse throughput of hfhub's JSON reader on one file (used by bench/json.sh).
 *   json_parse FILE [RUNS]  prints "best_seconds values" for the fastest of RUNS parses. */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Counts the values of the tree, so the parse cannot be optimised away. */
static size_t count(const hfhub_json_value *v) {
    size_t i, n = 1;
    for (i = 0; i < hfhub_json_len(v); i++) n += count(hfhub_json_at(v, i));
    return n;
}

int main(int argc, char **argv) {
    FILE *f;
    char *text;
    long len;
    int runs = argc > 2 ? atoi(argv[2]) : 5, i;
    double best = 1e30;
    size_t values = 0;
    if (argc < 2 || !(f = fopen(argv[1], "rb"))) { fprintf(stderr, "usage: json_parse FILE [RUNS]\n"); return 2; }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = (char *)malloc((size_t)len + 1);
    if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) { fprintf(stderr, "read failed\n"); return 1; }
    fclose(f);
    for (i = 0; i < runs; i++) {
        hfhub_json_doc *doc;
        double t0 = now(), t;
        hfhub_result r = hfhub_json_parse(text, (size_t)len, NULL, &doc);
        t = now() - t0;
        if (r != HFHUB_OK) { fprintf(stderr, "%s\n", hfhub_last_error()->message); return 1; }
        if (t < best) best = t;
        values = count(hfhub_json_root(doc));
        hfhub_json_free(doc);
    }
    printf("%.6f %lu\n", best, (unsigned long)values);
    free(text);
    return 0;
}
