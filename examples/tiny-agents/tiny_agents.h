/* tiny_agents.h: the pieces of the tiny-agents program. */
#ifndef TINY_AGENTS_H
#define TINY_AGENTS_H
#include "hfhub.h"
#include <signal.h>

#define TA_HUB_REPO "tiny-agents/tiny-agents"

typedef struct ta_server {
    int type;                        /* HFHUB_MCP_* */
    char *command, *cwd, *url;
    char **args, **env, **header_names, **header_values, **allowed;
    size_t n_args, n_env, n_headers, n_allowed;
} ta_server;

typedef struct ta_agent {
    char *model, *provider, *endpoint_url, *api_key, *prompt;
    ta_server *servers;
    size_t n_servers;
} ta_agent;

/* Loads PATH (an agent.json, a folder with agent.json + PROMPT.md/AGENTS.md, or an agent id of
 * the Hub dataset tiny-agents/tiny-agents) and asks for the inputs. -1 with ta_error(). */
int ta_load(ta_agent *ag, hfhub_client *c, const char *where);
void ta_agent_free(ta_agent *ag);
const char *ta_error(void);

/* Ctrl+C presses (main.c's SIGINT handler counts them). */
extern volatile sig_atomic_t ta_interrupts;

/* serve.c: the OpenAI-compatible endpoint; returns 130 after Ctrl+C. */
int ta_serve(hfhub_client *c, hfhub_agent *agent, const char *prompt);
#endif
