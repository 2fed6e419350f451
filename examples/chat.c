/* chat.c: stream a chat completion to the terminal; tool calls are shown as they arrive.
 *
 *     ./build/examples/chat meta-llama/Llama-3.1-8B-Instruct "Tell me a joke" [provider]
 *     ./build/examples/chat hfhub-test/tools "Weather in Paris?" --tools    (against localhub)
 *
 * The model is an HF id (routed through HF_ROUTER_URL or https://router.huggingface.co) or an
 * OpenAI-compatible URL (http://localhost:8080/v1). HF_TOKEN or the token file gives the key.
 * --tools offers one function (get_weather) and answers its calls once, like an agent would. */
#include "hfhub.h"
#include <stdio.h>
#include <string.h>

static int on_delta(void *user, const hfhub_chat_delta *d) {
    size_t i;
    (void)user;
    if (d->reasoning) fprintf(stderr, "%s", d->reasoning);
    if (d->content) fwrite(d->content, 1, d->content_len, stdout);
    for (i = 0; i < d->n_tool_calls; i++) {
        const hfhub_chat_tool_call *t = &d->tool_calls[i];
        if (t->name) printf("\n[tool call %d: %s(", t->index, t->name);
        if (t->arguments) printf("%s", t->arguments);
    }
    if (d->finish_reason && !strcmp(d->finish_reason, "tool_calls")) printf(")]\n");
    if (d->usage) fprintf(stderr, "\n[%lld prompt + %lld completion tokens]\n", (long long)d->usage->prompt_tokens,
                          (long long)d->usage->completion_tokens);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    hfhub_client *client = NULL;
    hfhub_inference *inf = NULL;
    hfhub_inference_config ic;
    hfhub_chat_message msgs[3];
    hfhub_chat_tool tool;
    hfhub_chat_opts opts;
    hfhub_chat_completion *res = NULL;
    hfhub_result r;
    int use_tools = argc > 3 && !strcmp(argv[argc - 1], "--tools");
    if (argc < 3) {
        fprintf(stderr, "usage: %s MODEL PROMPT [PROVIDER] [--tools]\n", argv[0]);
        return 2;
    }
    memset(&ic, 0, sizeof ic);
    ic.model = argv[1];
    if (argc > 3 && strcmp(argv[3], "--tools")) ic.provider = argv[3];
    if (hfhub_client_new(NULL, &client) || hfhub_inference_new(client, &ic, &inf)) {
        fprintf(stderr, "%s\n", hfhub_last_error()->message);
        return 1;
    }
    memset(msgs, 0, sizeof msgs);
    msgs[0].role = "user";
    msgs[0].content = argv[2];
    memset(&opts, 0, sizeof opts);
    opts.include_usage = 1;
    if (use_tools) {
        tool.name = "get_weather";
        tool.description = "Current weather in a city";
        tool.parameters = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
        opts.tools = &tool;
        opts.n_tools = 1;
    }
    r = hfhub_chat_completion_stream(inf, msgs, 1, &opts, on_delta, NULL, &res);
    if (!r && use_tools && res && res->n_choices && res->choices[0].message.n_tool_calls) {
        /* answer the (first) call and ask again */
        msgs[1] = res->choices[0].message;
        msgs[1].n_tool_calls = 1;
        msgs[2].role = "tool";
        msgs[2].tool_call_id = res->choices[0].message.tool_calls[0].id;
        msgs[2].content = "18 degrees, cloudy";
        r = hfhub_chat_completion_stream(inf, msgs, 3, &opts, on_delta, NULL, NULL);
    }
    printf("\n");
    if (r) fprintf(stderr, "error: %s\n", hfhub_last_error()->message);
    hfhub_chat_completion_free(inf, res);
    hfhub_inference_free(inf);
    hfhub_client_free(client);
    return r ? 1 : 0;
}
