/* hf: the command-line tool, argument-compatible with Python's `hf`. */
#include <stdio.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"

typedef struct hf_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} hf_command;

static const hf_command commands[] = {
    {"auth", cmd_auth, "Manage authentication (login, logout, etc.)."},
    {"buckets", cmd_buckets, "Commands to interact with buckets."},
    {"cache", cmd_cache, "Manage local cache directory."},
    {"collections", cmd_collections, "Interact with collections on the Hub."},
    {"datasets", cmd_datasets, "Interact with datasets on the Hub."},
    {"discussions", cmd_discussions, "Manage discussions and pull requests on the Hub."},
    {"download", cmd_download, "Download files from the Hub."},
    {"endpoints", cmd_endpoints, "Manage Hugging Face Inference Endpoints."},
    {"env", cmd_env, "Print information about the environment."},
    {"jobs", cmd_jobs, "Run and manage Jobs on the Hub."},
    {"models", cmd_models, "Interact with models on the Hub."},
    {"repo", cmd_repo, "(deprecated) Alias of `hf repos`."},
    {"repo-files", cmd_repo_files, "(Deprecated) Manage files in a repo on the Hub."},
    {"repos", cmd_repos, "Manage repos on the Hub."},
    {"spaces", cmd_spaces, "Interact with spaces on the Hub."},
    {"upload", cmd_upload, "Upload a file or a folder to the Hub."},
    {"upload-large-folder", cmd_upload_large_folder, "Upload a large folder to the Hub (resumable)."},
    {"version", cmd_version, "Print information about the hf version."},
    {"webhooks", cmd_webhooks, "Manage webhooks on the Hub."},
};

static int usage(FILE *f) {
    size_t i;
    fprintf(f, "usage: hf <command> [<args>]\n\nHugging Face Hub CLI (hfhub %s)\n\ncommands:\n", hfhub_version());
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
    return f == stderr ? 2 : 0;
}

int main(int argc, char **argv) {
    size_t i;
    if (argc < 2) return usage(stderr);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) return usage(stdout);
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-v")) return cmd_version(argc - 2, argv + 2);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 2, argv + 2);
    /* hidden: the `hf spaces` operations until the `hf spaces` dispatcher hands them over */
    fprintf(stderr, "hf: unknown command '%s'\n\n", argv[1]);
    return usage(stderr);
}
