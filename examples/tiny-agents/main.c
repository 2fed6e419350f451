/* tiny-agents: an agent of MCP tools and a chat model, configured by an agent.json.
 *
 *     tiny-agents run PATH_OR_HUB_ID     interactive loop in the terminal
 *     tiny-agents serve PATH_OR_HUB_ID   an OpenAI-compatible endpoint on $PORT (9999)
 *
 * PATH is an agent.json, or a folder holding agent.json and PROMPT.md / AGENTS.md; anything
 * else is looked up in the Hub dataset tiny-agents/tiny-agents. The model is called through
 * the library's inference client: at "endpointUrl" when given (a local OpenAI-compatible
 * server), else with "provider" (default "auto") through the Hugging Face router
 * ($HF_ROUTER_URL). The key is "apiKey", else the Hugging Face token. Strings may hold
 * ${input:ID} (asked for; see "inputs") and ${env:VAR} (an environment variable, which must be
 * set). Ctrl+C once aborts the current answer, twice exits (status 130); end of input exits. */
#define _POSIX_C_SOURCE 200809L
#include "tiny_agents.h"
#include <signal.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile sig_atomic_t ta_interrupts;

static void ta_on_sigint(int sig) {
    (void)sig;
    ta_interrupts++;
}

static int ta_usage(void) {
    fprintf(stderr, "usage: tiny-agents run PATH_OR_HUB_ID\n       tiny-agents serve PATH_OR_HUB_ID\n"
                    "PATH: an agent.json, or a folder with agent.json (+ PROMPT.md or AGENTS.md);\n"
                    "otherwise an agent of the Hub dataset " TA_HUB_REPO ".\n");
    return 2;
}

static int ta_connect(hfhub_mcp_client *m, const ta_agent *ag) {
    size_t i, j;
    for (i = 0; i < ag->n_servers; i++) {
        const ta_server *s = &ag->servers[i];
        hfhub_mcp_server_opts o;
        hfhub_header h[64];
        char name[64];
        memset(&o, 0, sizeof o);
        o.type = s->type;
        o.command = s->command;
        o.args = (const char *const *)s->args;
        o.n_args = s->n_args;
        o.env = (const char *const *)s->env;
        o.n_env = s->n_env;
        o.cwd = s->cwd;
        o.url = s->url;
        for (j = 0; j < s->n_headers && j < 64; j++) { h[j].name = s->header_names[j]; h[j].value = s->header_values[j]; }
        o.headers = h;
        o.n_headers = j;
        o.allowed_tools = (const char *const *)s->allowed;
        o.n_allowed_tools = s->n_allowed;
        snprintf(name, sizeof name, "servers[%lu] (%s)", (unsigned long)i, s->command ? s->command : s->url);
        o.name = name;
        if (hfhub_mcp_add_server(m, &o) != HFHUB_OK) {
            fprintf(stderr, "tiny-agents: %s\n", hfhub_last_error()->message);
            return -1;
        }
    }
    return 0;
}

/* ---- the terminal loop --------------------------------------------------------------------- */

static int ta_text(void *u, const char *s, size_t n) { (void)u; fwrite(s, 1, n, stdout); fflush(stdout); return 0; }
static int ta_call(void *u, const char *id, const char *name, const char *args) {
    (void)u;
    printf("\n<Tool %s>%s %s\n", id, name, args);
    fflush(stdout);
    return 0;
}
static int ta_result(void *u, const char *id, const char *name, const char *content, int is_error) {
    (void)u; (void)is_error;
    printf("\n\nTool[%s] %s\n%s\n", name, id, content);
    fflush(stdout);
    return 0;
}
static int ta_aborted(void *u) { (void)u; return ta_interrupts > 0; }


/* Waits until stdin has input (1) or a Ctrl+C after the `seen`-th (0): a signal that lands
 * just before a blocking read would otherwise be lost. stdin is unbuffered, so poll sees
 * every byte. */
static int ta_wait_input(sig_atomic_t seen) {
    struct pollfd pf;
    pf.fd = 0;
    pf.events = POLLIN;
    for (;;) {
        if (ta_interrupts != seen) return 0;
        if (poll(&pf, 1, 100) > 0) return 1;
    }
}

static int ta_run(hfhub_mcp_client *m, hfhub_agent *agent) {
    hfhub_agent_callbacks cb;
    char line[65536];
    size_t i;
    /* the Ctrl+C presses already acted upon: taken before anything the user may answer with
     * a Ctrl+C is printed, so a press right after it shows is never lost */
    sig_atomic_t seen = ta_interrupts;
    setvbuf(stdin, NULL, _IONBF, 0);
    memset(&cb, 0, sizeof cb);
    cb.on_text = ta_text;
    cb.on_tool_call = ta_call;
    cb.on_tool_result = ta_result;
    cb.aborted = ta_aborted;
    printf("Agent loaded with %lu tools:\n", (unsigned long)hfhub_mcp_tool_count(m));
    for (i = 0; i < hfhub_mcp_tool_count(m); i++) printf(" \xE2\x80\xA2 %s\n", hfhub_mcp_tool_at(m, i)->name);
    for (;;) {
        hfhub_result r;
        printf("\xC2\xBB ");
        fflush(stdout);
        if (!ta_wait_input(seen) || !fgets(line, sizeof line, stdin)) {
            seen = ta_interrupts;
            if (seen >= 2) return 130;
            if (seen == 1 && !feof(stdin)) {               /* Ctrl+C at the prompt */
                clearerr(stdin);
                printf("\n(press Ctrl+C again to exit)\n");
                continue;
            }
            printf("\n");
            return 0;
        }
        ta_interrupts = 0;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) { seen = ta_interrupts; continue; }
        r = hfhub_agent_run(agent, line, &cb);
        seen = ta_interrupts;
        printf("\n");
        if (r == HFHUB_ERR_CANCELLED) printf("(interrupted; Ctrl+C again exits)\n");
        else if (r != HFHUB_OK) fprintf(stderr, "tiny-agents: %s\n", hfhub_last_error()->message);
        if (seen >= 2) return 130;
    }
}

int main(int argc, char **argv) {
    hfhub_client *c = NULL;
    hfhub_mcp_client *m = NULL;
    hfhub_agent *agent = NULL;
    hfhub_inference *inf = NULL;
    hfhub_inference_config ic;
    hfhub_agent_inference ai;
    hfhub_agent_chat chat;
    hfhub_agent_opts ao;
    ta_agent ag;
    struct sigaction sa;
    int rc = 1, serve;
    if (argc != 3 || (strcmp(argv[1], "run") && strcmp(argv[1], "serve"))) return ta_usage();
    serve = !strcmp(argv[1], "serve");
    if (hfhub_client_new(NULL, &c) != HFHUB_OK) {
        fprintf(stderr, "tiny-agents: %s\n", hfhub_last_error()->message);
        return 1;
    }
    if (ta_load(&ag, c, argv[2]) != 0) {
        fprintf(stderr, "tiny-agents: %s\n", ta_error());
        ta_agent_free(&ag);                      /* what was read before the error */
        hfhub_client_free(c);
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ta_on_sigint;            /* no SA_RESTART: a read at the prompt returns */
    sigaction(SIGINT, &sa, NULL);
    /* like Python: endpointUrl is the base URL (model then names the body's model), else
     * the provider ("auto" by default) through the router */
    memset(&ic, 0, sizeof ic);
    ic.model = ag.model;
    ic.provider = ag.endpoint_url ? ag.endpoint_url : ag.provider;
    ic.api_key = ag.api_key && *ag.api_key ? ag.api_key : NULL;
    memset(&ao, 0, sizeof ao);
    ao.system_prompt = ag.prompt;
    if (hfhub_mcp_client_new(c, NULL, &m) != HFHUB_OK)
        fprintf(stderr, "tiny-agents: %s\n", hfhub_last_error()->message);
    else if (ta_connect(m, &ag) != 0)
        rc = 1;                                  /* ta_connect said which server failed */
    else if (hfhub_inference_new(c, &ic, &inf) != HFHUB_OK)
        fprintf(stderr, "tiny-agents: %s\n", hfhub_last_error()->message);
    else {
        ai.inf = inf;
        ai.model = ag.model;
        hfhub_agent_chat_inference(&ai, &chat);
        if (hfhub_agent_new(c, m, &chat, &ao, &agent) != HFHUB_OK)
            fprintf(stderr, "tiny-agents: %s\n", hfhub_last_error()->message);
        else
            rc = serve ? ta_serve(c, agent, ag.prompt) : ta_run(m, agent);
    }
    hfhub_agent_free(agent);
    hfhub_inference_free(inf);
    hfhub_mcp_client_free(m);
    ta_agent_free(&ag);
    hfhub_client_free(c);
    return rc;
}
