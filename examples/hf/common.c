/* common.c: what the sub-commands share: the client, configured like Python's CLI, with
 * the library's log messages on stderr. */
#include <stdio.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"

static void hf_log(void *user, int level, const char *msg) {
    static const char *const names[] = {"", "error", "warning", "info", "debug"};
    (void)user;
    fprintf(stderr, "hf: %s: %s\n", level >= 1 && level <= 4 ? names[level] : "log", msg);
}

hfhub_client *hf_client(void) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.library_name = "hfhub-cli";
    cfg.library_version = hfhub_version();
    cfg.log = hf_log;
    if (hfhub_client_new(&cfg, &c) != HFHUB_OK) {
        fprintf(stderr, "hf: %s\n", hfhub_last_error()->message);
        return NULL;
    }
    return c;
}

const char *hf_opt(int argc, char **argv, int *i, const char *name) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n)) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] || *i + 1 >= argc) return NULL;
    return argv[++*i];
}
