/* cmds.h: the sub-commands of `hf`. Each takes the arguments after its name and returns the
 * exit code (0 ok, 1 failure, 2 usage). Add one: write cmd_<name>.c and list it in main.c. */
#ifndef HF_CMDS_H
#define HF_CMDS_H
#include "hfhub.h"

/* The client every command uses (NULL after printing why it could not be made). */
hfhub_client *hf_client(void);
/* "--name value" or "--name=value" at argv[*i]: the value, advancing *i past it; NULL when
 * argv[*i] is not that option (or its value is missing). */
const char *hf_opt(int argc, char **argv, int *i, const char *name);

int cmd_version(int argc, char **argv);
int cmd_env(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_download(int argc, char **argv);
int cmd_repos(int argc, char **argv);
int cmd_repo(int argc, char **argv);   /* deprecated alias of repos (prints a warning) */
int cmd_auth(int argc, char **argv);

/* Prints a library failure like Python's `hf` (its error mappings + the HF_DEBUG hint); returns 1. */
struct hf_out;
int hf_repo_report_error(const struct hf_out *o, hfhub_result r);
/* `hf repos delete-files` (legacy 0) / `hf repo-files delete` (legacy 1): argv from REPO_ID on. */
int hf_delete_files_cmd(int argc, char **argv, int legacy);
int cmd_upload(int argc, char **argv);
int cmd_repo_files(int argc, char **argv);
int cmd_upload_large_folder(int argc, char **argv);
int cmd_models(int argc, char **argv);
int cmd_datasets(int argc, char **argv);
int cmd_spaces(int argc, char **argv);
int cmd_discussions(int argc, char **argv);
int cmd_collections(int argc, char **argv);
int cmd_webhooks(int argc, char **argv);
/* `hf spaces pause|restart|settings|secrets|variables ...` (argv[0] is the sub-command); the
 * `hf spaces` dispatcher hands these to it. */
int cmd_spaces_ops(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_endpoints(int argc, char **argv);
int cmd_buckets(int argc, char **argv);

#endif
