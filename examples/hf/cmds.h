/* cmds.h: the sub-commands of `hf`. Each takes the arguments after its name and returns the
 * exit code (0 ok, 1 failure, 2 usage). Add one: write cmd_<name>.c and list it in main.c. */
#ifndef HF_CMDS_H
#define HF_CMDS_H
#include "hfhub.h"

/* The client every command uses (NULL after printing why it could not be made). */
hfhub_client *hf_client(void);

int cmd_version(int argc, char **argv);
int cmd_env(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_download(int argc, char **argv);
int cmd_upload(int argc, char **argv);
int cmd_repo_files(int argc, char **argv);
int cmd_upload_large_folder(int argc, char **argv);

#endif
