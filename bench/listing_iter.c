/* listing_iter.c: iterate GET {endpoint}/api/models to the end with hfhub_list_models (typed
 * items, lazy pages) and print "<items> <pages> <seconds>". Usage: listing_iter ENDPOINT. */
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    hfhub_config cfg;
    hfhub_client *c;
    hfhub_iter *it;
    const hfhub_info *m;
    hfhub_result r;
    size_t chars = 0;
    double t0;
    if (argc < 2) return 2;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = argv[1];
    cfg.no_token = 1;
    cfg.proxy = "";
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) return 1;
    t0 = now_s();
    if ((r = hfhub_list_models(c, NULL, &it)) == HFHUB_OK) {
        while ((r = hfhub_iter_next_repo(it, &m)) == HFHUB_OK && m) chars += strlen(m->id);
        if (!r) printf("%lu %lu %.6f\n", (unsigned long)hfhub_iter_count(it), (unsigned long)hfhub_iter_pages(it), now_s() - t0);
        hfhub_iter_free(it);
    }
    if (r) fprintf(stderr, "listing: %s\n", hfhub_last_error()->message);
    hfhub_client_free(c);
    return r || !chars ? 1 : 0;
}
