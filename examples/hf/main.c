/* hf: the command-line tool, argument-compatible with Python's `hf`. */
#include <stdio.h>
#include <string.h>
#include "hfhub.h"

static int usage(FILE *f) {
    fprintf(f, "usage: hf <command> [<args>]\n\ncommands:\n  version\n  env\n");
    return f == stderr ? 2 : 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage(stderr);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) return usage(stdout);
    if (!strcmp(argv[1], "version")) {
        printf("huggingface_hub version: %s\n", HFHUB_VERSION_STRING);
        return 0;
    }
    fprintf(stderr, "hf: unknown command '%s'\n", argv[1]);
    return usage(stderr);
}
