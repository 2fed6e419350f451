/* test_embedded.c: builds examples/embedded.c (HFHUB_NO_STDIO + NO_THREADS + NO_SOCKETS +
 * NO_CLOCK, a static arena, a canned-response transport) with -Werror, runs it and checks
 * what it reports: the file arrived whole, the token went to the Hub but not to the CDN,
 * every byte allocated came back to the arena, and nothing touched the heap. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"

static char out[8192];

static int run(const char *cmd) {
    FILE *p = popen(cmd, "r");
    size_t n;
    if (!p) return -1;
    n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    return pclose(p);
}

static void test_embedded_example(void) {
    char cmd[1024];
    const char *build = getenv("HFHUB_BUILD");
    const char *cc = getenv("CC");
    unsigned peak = 0, cap = 0, live = 1, errs = 1;
    unsigned long heap = 1;
    const char *line;
    if (!build || !*build) build = "build";
    if (!cc || !*cc) cc = "cc";
    snprintf(cmd, sizeof cmd,
             "%s -std=c99 -Os -Wall -Wextra -Werror -pedantic -I. examples/embedded.c -o %s/embedded 2>&1", cc, build);
    CHECK_INT(run(cmd), 0);
    if (out[0]) fprintf(stderr, "%s", out);
    snprintf(cmd, sizeof cmd, "%s/embedded", build);
    CHECK_INT(run(cmd), 0);
    CHECK(strstr(out, "downloaded 140 bytes of config.json:\n{\n  \"architectures\"") != NULL);
    CHECK(strstr(out, "\"vocab_size\": 50257\n}\n") != NULL);
    CHECK(strstr(out, "requests: hub 1, cdn 1, other 0\n") != NULL);
    CHECK(strstr(out, "token sent to the hub: yes; to the cdn: no\n") != NULL);
    line = strstr(out, "arena peak: ");
    CHECK(line && sscanf(line, "arena peak: %u of %u bytes; in use after free: %u; size errors: %u; heap calls: %lu",
                         &peak, &cap, &live, &errs, &heap) == 5);
    CHECK(peak > 0 && peak <= cap);
    CHECK_INT(live, 0);
    CHECK_INT(errs, 0);
    CHECK_INT(heap, 0);
    if (t__cur_failed) fprintf(stderr, "--- output ---\n%s", out);
    else printf("embedded: arena peak %u bytes\n", peak);
}

int main(void) {
    RUN(test_embedded_example);
    return TEST_END();
}
