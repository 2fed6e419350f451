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
int cmd_discussions(int argc, char **argv);
int cmd_collections(int argc, char **argv);
int cmd_webhooks(int argc, char **argv);
/* `hf spaces pause|restart|settings|secrets|variables ...` (argv[0] is the sub-command); the
 * `hf spaces` dispatcher hands these to it. */
int cmd_spaces_ops(int argc, char **argv);

#endif
