/* compute_cli.h: helpers shared by `hf jobs` and `hf endpoints`. */
#ifndef HF_COMPUTE_CLI_H
#define HF_COMPUTE_CLI_H
#include <stdio.h>
#include "hfhub.h"

/* "--name VALUE" or "--name=VALUE" at argv[*i]: 1 (value in *val), 0 not this option, -1
 * the value is missing (message printed). */
int hf_cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* Click's usage error for `hf GROUP CMD`: the message on stderr, returns 2. */
int hf_cli_usage(const char *group, const char *cmd, const char *msg);
/* A whole file (NUL-terminated, free with free()), or NULL. */
char *hf_cli_read_file(const char *path, size_t *len);
/* A positive integer from the environment, else dflt. */
int hf_cli_env_int(const char *name, int dflt);
/* A JSON value as Python's json.dumps(indent=indent) writes it (ensure_ascii off), starting
 * at nesting level `level`: members are indented by indent*(level+1), the closing bracket by
 * indent*level (the caller writes the indentation before the value); sort_keys sorts object
 * members by key. */
void hf_cli_print_json(FILE *f, const hfhub_json_value *v, int indent, int level, int sort_keys);

#endif
