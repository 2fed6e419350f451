/* agent.c: the agent loop over an hfhub_agent_chat and an MCP client, and the built-in
 * OpenAI-compatible chat. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char hfhub__agent_prompt[] =
    "You are an agent - please keep going until the user\xE2\x80\x99s query is completely\n"
    "resolved, before ending your turn and yielding back to the user. Only terminate\n"
    "your turn when you are sure that the problem is solved, or if you need more\n"
    "info from the user to solve the problem.\n"
    "If you are not sure about anything pertaining to the user\xE2\x80\x99s request, use your\n"
    "tools to read files and gather the relevant information: do NOT guess or make\n"
    "up an answer.\n"
    "You MUST plan extensively before each function call, and reflect extensively\n"
    "on the outcomes of the previous function calls. DO NOT do this entire process\n"
    "by making function calls only, as this can impair your ability to solve the\n"
    "problem and think insightfully.";

static const char hfhub__agent_exit_tools[] =
    "{\"type\":\"function\",\"function\":{\"name\":\"task_complete\","
    "\"description\":\"Call this tool when the task given by the user is complete\","
    "\"parameters\":{\"type\":\"object\",\"properties\":{}}}},"
    "{\"type\":\"function\",\"function\":{\"name\":\"ask_question\","
    "\"description\":\"Ask the user for more info required to solve or clarify their problem.\","
    "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}";

struct hfhub_agent {
    hfhub_client *c;
    const hfhub_allocator *a;
    hfhub_mcp_client *mcp;
    hfhub_agent_chat chat;
    int max_turns, exit_tools;
    char **msgs;                     /* JSON texts */
    size_t n_msgs, cap_msgs;
};

/* One tool call being accumulated from deltas. */
typedef struct hfhub__agent_call {
    int index;
    hfhub__buf id, name, args;
} hfhub__agent_call;

/* The state of one turn. */
typedef struct hfhub__agent_turn {
    hfhub_agent *ag;
    const hfhub_agent_callbacks *cb;
    hfhub__buf content;
    hfhub__agent_call *calls;
    size_t n_calls, cap_calls;
    int exit_if_no_tool;
    int early_exit;                  /* the turn ended on text where a tool call was required */
    int aborted;
    size_t meaningful;               /* chunks that carried content or tool calls */
} hfhub__agent_turn;

const char *hfhub_agent_default_system_prompt(void) { return hfhub__agent_prompt; }

/* ---- history ------------------------------------------------------------------------------ */

static hfhub_result hfhub__agent_push(hfhub_agent *ag, const char *json, size_t len) {
    char *copy;
    if (ag->n_msgs == ag->cap_msgs) {
        size_t nc = ag->cap_msgs ? ag->cap_msgs * 2 : 16;
        char **nm = (char **)hfhub__realloc(ag->a, ag->msgs, ag->cap_msgs * sizeof *nm, nc * sizeof *nm);
        if (!nm) return hfhub__fail(HFHUB_ERR_NOMEM, "agent history");
        ag->msgs = nm;
        ag->cap_msgs = nc;
    }
    copy = hfhub__strndup(ag->a, json, len);
    if (!copy) return hfhub__fail(HFHUB_ERR_NOMEM, "agent history");
    ag->msgs[ag->n_msgs++] = copy;
    return HFHUB_OK;
}

/* Appends {"role": role, "content": content} (plus tool_call_id and name for tool messages). */
static hfhub_result hfhub__agent_push_simple(hfhub_agent *ag, const char *role, const char *content,
                                             const char *tool_call_id, const char *name) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    hfhub__buf_init(&b, ag->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "role", role);
    if (tool_call_id) hfhub__jw_kv_string(&w, "tool_call_id", tool_call_id);
    if (name) hfhub__jw_kv_string(&w, "name", name);
    hfhub__jw_kv_string(&w, "content", content);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (r == HFHUB_OK) r = hfhub__agent_push(ag, b.data, b.len);
    hfhub__buf_free(&b);
    return r;
}

static void hfhub__agent_clear(hfhub_agent *ag, size_t keep) {
    while (ag->n_msgs > keep) {
        char *m = ag->msgs[--ag->n_msgs];
        hfhub__free(ag->a, m, strlen(m) + 1);
    }
}

static hfhub_result hfhub__agent_messages(hfhub_agent *ag, hfhub__buf *b) {
    size_t i;
    hfhub__buf_putc(b, '[');
    for (i = 0; i < ag->n_msgs; i++) {
        if (i) hfhub__buf_putc(b, ',');
        hfhub__buf_puts(b, ag->msgs[i]);
    }
    hfhub__buf_putc(b, ']');
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "agent messages") : HFHUB_OK;
}

/* exit tools + the MCP tools (listed again when a server announced a change). */
static hfhub_result hfhub__agent_tools(hfhub_agent *ag, hfhub__buf *b) {
    char *mcp_tools = NULL;
    hfhub_result r = HFHUB_OK;
    if (ag->mcp) {
        (void)hfhub_mcp_refresh_tools(ag->mcp, NULL);   /* a failed refresh keeps the old list */
        r = hfhub_mcp_tools_json(ag->mcp, &mcp_tools);
        if (r != HFHUB_OK) return r;
    }
    hfhub__buf_putc(b, '[');
    if (ag->exit_tools) hfhub__buf_puts(b, hfhub__agent_exit_tools);
    if (mcp_tools && strlen(mcp_tools) > 2) {
        if (ag->exit_tools) hfhub__buf_putc(b, ',');
        hfhub__buf_append(b, mcp_tools + 1, strlen(mcp_tools) - 2);
    }
    hfhub__buf_putc(b, ']');
    hfhub_free(ag->c, mcp_tools);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "agent tools") : HFHUB_OK;
}

/* ---- one turn ----------------------------------------------------------------------------- */

static hfhub__agent_call *hfhub__agent_call_at(hfhub__agent_turn *t, int index) {
    size_t i;
    hfhub__agent_call *c;
    for (i = 0; i < t->n_calls; i++)
        if (t->calls[i].index == index) return &t->calls[i];
    if (t->n_calls == t->cap_calls) {
        size_t nc = t->cap_calls ? t->cap_calls * 2 : 4;
        hfhub__agent_call *n;
        if (nc > 4096) return NULL;              /* bounded: a model does not call 4096 tools */
        n = (hfhub__agent_call *)hfhub__realloc(t->ag->a, t->calls, t->cap_calls * sizeof *n, nc * sizeof *n);
        if (!n) return NULL;
        t->calls = n;
        t->cap_calls = nc;
    }
    c = &t->calls[t->n_calls++];
    c->index = index;
    hfhub__buf_init(&c->id, t->ag->a);
    hfhub__buf_init(&c->name, t->ag->a);
    hfhub__buf_init(&c->args, t->ag->a);
    return c;
}

/* Tool-call fragments: the first fragment of an index opens the call, later ones append
 * arguments (and fill an id or name that came late). */
static int hfhub__agent_take_calls(hfhub__agent_turn *t, const hfhub_json_value *tcs) {
    size_t i;
    for (i = 0; i < hfhub_json_len(tcs); i++) {
        const hfhub_json_value *tc = hfhub_json_at(tcs, i), *fn = hfhub_json_get(tc, "function");
        hfhub__agent_call *c = hfhub__agent_call_at(t, (int)hfhub_json_int(hfhub_json_get(tc, "index"), (int64_t)i));
        const char *id = hfhub_json_str(hfhub_json_get(tc, "id"), NULL);
        const char *name = hfhub_json_str(hfhub_json_get(fn, "name"), NULL);
        const char *args = hfhub_json_str(hfhub_json_get(fn, "arguments"), NULL);
        if (!c) return -1;
        if (id && *id && !c->id.len) hfhub__buf_puts(&c->id, id);
        if (name && *name && !c->name.len) hfhub__buf_puts(&c->name, name);
        if (args) hfhub__buf_puts(&c->args, args);
    }
    return 0;
}

static int hfhub__agent_on_chunk(void *user, const char *chunk, size_t len) {
    hfhub__agent_turn *t = (hfhub__agent_turn *)user;
    const hfhub_agent_callbacks *cb = t->cb;
    hfhub__arena ar;
    const hfhub_json_value *root, *delta, *tcs;
    const char *content;
    size_t clen = 0;
    int stop = 0;
    if (cb && cb->aborted && cb->aborted(cb->user)) { t->aborted = 1; return 1; }
    hfhub__arena_init(&ar, t->ag->a);
    if (hfhub__json_parse_in(&ar, chunk, len, 0, &root) != HFHUB_OK ||
        hfhub_json_len(hfhub_json_get(root, "choices")) == 0) {
        hfhub__arena_free(&ar);
        return 0;                                /* no choices (a usage chunk): skipped */
    }
    delta = hfhub_json_get(hfhub_json_at(hfhub_json_get(root, "choices"), 0), "delta");
    content = hfhub_json_strn(hfhub_json_get(delta, "content"), &clen);
    tcs = hfhub_json_get(delta, "tool_calls");
    if (clen || hfhub_json_len(tcs)) t->meaningful++;
    if (hfhub__agent_take_calls(t, tcs) != 0) stop = 1;
    if (!stop && t->exit_if_no_tool && t->meaningful == 1 && t->n_calls == 0 && clen) {
        t->early_exit = 1;                       /* text where a tool call was required */
        stop = 1;
    }
    if (!stop) {
        if (clen) hfhub__buf_append(&t->content, content, clen);
        if (cb && cb->on_chunk && cb->on_chunk(cb->user, chunk, len)) { t->aborted = 1; stop = 1; }
        else if (cb && cb->on_text && clen && cb->on_text(cb->user, content, clen)) { t->aborted = 1; stop = 1; }
    }
    hfhub__arena_free(&ar);
    return stop;
}

static int hfhub__agent_call_cmp(const void *a, const void *b) {
    int x = ((const hfhub__agent_call *)a)->index, y = ((const hfhub__agent_call *)b)->index;
    return x < y ? -1 : x > y;
}

/* The assistant message: content plus the calls (missing ids become call_<index>, empty
 * arguments "{}"). */
static hfhub_result hfhub__agent_push_assistant(hfhub__agent_turn *t) {
    hfhub__buf b;
    hfhub__jw w;
    size_t i;
    hfhub_result r;
    for (i = 0; i < t->n_calls; i++) {
        hfhub__agent_call *c = &t->calls[i];
        if (!c->id.len) hfhub__buf_printf(&c->id, "call_%d", c->index);
        if (!c->args.len) hfhub__buf_puts(&c->args, "{}");
        if (!c->name.len) hfhub__buf_puts(&c->name, "");
        if (c->id.failed || c->args.failed || c->name.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "agent turn");
    }
    hfhub__buf_init(&b, t->ag->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "role", "assistant");
    hfhub__jw_key(&w, "content");
    hfhub__jw_stringn(&w, t->content.data ? t->content.data : "", t->content.len);
    if (t->n_calls) {
        hfhub__jw_key(&w, "tool_calls");
        hfhub__jw_begin_array(&w);
        for (i = 0; i < t->n_calls; i++) {
            hfhub__jw_begin_object(&w);
            hfhub__jw_kv_string(&w, "id", t->calls[i].id.data);
            hfhub__jw_kv_string(&w, "type", "function");
            hfhub__jw_key(&w, "function");
            hfhub__jw_begin_object(&w);
            hfhub__jw_kv_string(&w, "name", t->calls[i].name.data);
            hfhub__jw_kv_string(&w, "arguments", t->calls[i].args.data);
            hfhub__jw_end_object(&w);
            hfhub__jw_end_object(&w);
        }
        hfhub__jw_end_array(&w);
    }
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (r == HFHUB_OK) r = hfhub__agent_push(t->ag, b.data, b.len);
    hfhub__buf_free(&b);
    return r;
}

/* Runs one call and writes its tool message content into out; *is_exit for an exit tool. */
static void hfhub__agent_exec(hfhub__agent_turn *t, hfhub__agent_call *c, hfhub__buf *out, int *is_exit,
                              int *is_error) {
    hfhub_agent *ag = t->ag;
    const char *name = c->name.data;
    hfhub__arena ar;
    const hfhub_json_value *v;
    size_t i;
    *is_exit = *is_error = 0;
    if (!*name) { hfhub__buf_puts(out, "Invalid tool call with no function name."); *is_error = 1; return; }
    hfhub__arena_init(&ar, ag->a);
    if (hfhub__json_parse_in(&ar, c->args.data, c->args.len, 0, &v) != HFHUB_OK) {
        hfhub__buf_printf(out, "Invalid JSON generated by the model: %s", hfhub_last_error()->message);
        hfhub__arena_free(&ar);
        *is_error = 1;
        return;
    }
    hfhub__arena_free(&ar);
    if (ag->exit_tools && (!strcmp(name, "task_complete") || !strcmp(name, "ask_question"))) {
        *is_exit = 1;
        return;
    }
    for (i = 0; i < hfhub_mcp_tool_count(ag->mcp) && strcmp(hfhub_mcp_tool_at(ag->mcp, i)->name, name); i++) {}
    if (!ag->mcp || i == hfhub_mcp_tool_count(ag->mcp)) {
        hfhub__buf_printf(out, "Error: No session found for tool: %s", name);
        *is_error = 1;
    } else {
        hfhub_mcp_result *res = NULL;
        hfhub_mcp_call_opts co;
        memset(&co, 0, sizeof co);
        if (t->cb && t->cb->aborted) { co.cancelled = t->cb->aborted; co.cancelled_user = t->cb->user; }
        if (hfhub_mcp_call_tool(ag->mcp, name, c->args.data, &co, &res) != HFHUB_OK) {
            hfhub__buf_printf(out, "Error: MCP tool call failed with error message: %s", hfhub_last_error()->message);
            *is_error = 1;
        } else {
            hfhub__buf_puts(out, res->text);
            *is_error = res->is_error;
        }
        hfhub_mcp_result_free(ag->mcp, res);
    }
}

/* Answers every call in index order. *exit_called when an exit tool was among them. */
static hfhub_result hfhub__agent_answer_calls(hfhub__agent_turn *t, int *exit_called) {
    const hfhub_agent_callbacks *cb = t->cb;
    size_t i;
    hfhub_result r = HFHUB_OK;
    for (i = 0; i < t->n_calls && r == HFHUB_OK; i++) {
        hfhub__agent_call *c = &t->calls[i];
        hfhub__buf out;
        int is_exit = 0, is_error = 0;
        hfhub__buf_init(&out, t->ag->a);
        if (t->aborted || (cb && cb->aborted && cb->aborted(cb->user))) {
            t->aborted = 1;                      /* still answered: the history stays valid */
            hfhub__buf_puts(&out, "Error: the run was aborted before this tool was called.");
            is_error = 1;
        } else {
            if (cb && cb->on_tool_call && cb->on_tool_call(cb->user, c->id.data, c->name.data, c->args.data))
                t->aborted = 1;
            if (!t->aborted) hfhub__agent_exec(t, c, &out, &is_exit, &is_error);
            else { hfhub__buf_puts(&out, "Error: the run was aborted before this tool was called."); is_error = 1; }
        }
        if (is_exit) *exit_called = 1;
        r = out.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "agent tool message")
                       : hfhub__agent_push_simple(t->ag, "tool", out.data ? out.data : "", c->id.data, c->name.data);
        if (r == HFHUB_OK && cb && cb->on_tool_result &&
            cb->on_tool_result(cb->user, c->id.data, c->name.data, out.data ? out.data : "", is_error))
            t->aborted = 1;
        hfhub__buf_free(&out);
    }
    return r;
}

static void hfhub__agent_turn_free(hfhub__agent_turn *t) {
    size_t i;
    for (i = 0; i < t->n_calls; i++) {
        hfhub__buf_free(&t->calls[i].id);
        hfhub__buf_free(&t->calls[i].name);
        hfhub__buf_free(&t->calls[i].args);
    }
    hfhub__free(t->ag->a, t->calls, t->cap_calls * sizeof *t->calls);
    hfhub__buf_free(&t->content);
}

/* One turn; *ended_tool: the turn ended with tool messages; *exit_called: an exit tool. */
static hfhub_result hfhub__agent_turn_run(hfhub_agent *ag, const hfhub_agent_callbacks *cb, int exit_if_no_tool,
                                          int *ended_tool, int *exit_called) {
    hfhub__agent_turn t;
    hfhub__buf msgs, tools;
    hfhub_result r;
    memset(&t, 0, sizeof t);
    t.ag = ag;
    t.cb = cb;
    t.exit_if_no_tool = exit_if_no_tool;
    hfhub__buf_init(&t.content, ag->a);
    hfhub__buf_init(&msgs, ag->a);
    hfhub__buf_init(&tools, ag->a);
    *ended_tool = *exit_called = 0;
    r = hfhub__agent_messages(ag, &msgs);
    if (r == HFHUB_OK) r = hfhub__agent_tools(ag, &tools);
    if (r == HFHUB_OK) r = ag->chat.stream(ag->chat.user, msgs.data, tools.data, hfhub__agent_on_chunk, &t);
    if (r == HFHUB_ERR_CANCELLED && t.early_exit) r = HFHUB_OK;
    if (r == HFHUB_OK && !t.early_exit && t.content.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "agent turn");
    if ((r == HFHUB_OK || t.aborted) && !t.early_exit) {
        hfhub_result rr = HFHUB_OK;
        if (t.n_calls > 1) qsort(t.calls, t.n_calls, sizeof *t.calls, hfhub__agent_call_cmp);
        if (t.content.len || t.n_calls) rr = hfhub__agent_push_assistant(&t);
        if (rr == HFHUB_OK && t.n_calls) rr = hfhub__agent_answer_calls(&t, exit_called);
        *ended_tool = t.n_calls > 0;
        if (rr != HFHUB_OK) r = rr;
    }
    if (t.aborted) r = hfhub__fail(HFHUB_ERR_CANCELLED, "agent run aborted");
    hfhub__agent_turn_free(&t);
    hfhub__buf_free(&msgs);
    hfhub__buf_free(&tools);
    return r;
}

/* ---- the loop ----------------------------------------------------------------------------- */

hfhub_result hfhub_agent_run(hfhub_agent *ag, const char *input, const hfhub_agent_callbacks *cb) {
    int turns = 0, must_call_tools = 1;
    hfhub_result r;
    if (!ag) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_agent_run: no agent");
    if (input && (r = hfhub__agent_push_simple(ag, "user", input, NULL, NULL)) != HFHUB_OK) return r;
    for (;;) {
        int ended_tool, exit_called;
        if (cb && cb->aborted && cb->aborted(cb->user)) return hfhub__fail(HFHUB_ERR_CANCELLED, "agent run aborted");
        r = hfhub__agent_turn_run(ag, cb, turns > 0 && must_call_tools, &ended_tool, &exit_called);
        if (r != HFHUB_OK) return r;
        turns++;
        if (exit_called) return HFHUB_OK;
        if (!ended_tool && (turns > ag->max_turns || must_call_tools)) return HFHUB_OK;
        if (ended_tool && turns >= ag->max_turns * 4) return HFHUB_OK;   /* a model that never stops */
        must_call_tools = !ended_tool;
    }
}

hfhub_result hfhub_agent_new(hfhub_client *c, hfhub_mcp_client *mcp, const hfhub_agent_chat *chat,
                             const hfhub_agent_opts *opts, hfhub_agent **out) {
    hfhub_agent *ag;
    hfhub_result r;
    *out = NULL;
    if (!c || !chat || !chat->stream) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_agent_new: no client or chat");
    ag = (hfhub_agent *)hfhub__alloc(c->a, sizeof *ag);
    if (!ag) return hfhub__fail(HFHUB_ERR_NOMEM, "agent");
    memset(ag, 0, sizeof *ag);
    ag->c = c;
    ag->a = c->a;
    ag->mcp = mcp;
    ag->chat = *chat;
    ag->max_turns = opts && opts->max_turns > 0 ? opts->max_turns : 10;
    ag->exit_tools = !(opts && opts->no_exit_tools);
    r = hfhub__agent_push_simple(ag, "system", opts && opts->system_prompt ? opts->system_prompt : hfhub__agent_prompt,
                                 NULL, NULL);
    if (r != HFHUB_OK) { hfhub_agent_free(ag); return r; }
    *out = ag;
    return HFHUB_OK;
}

void hfhub_agent_free(hfhub_agent *ag) {
    if (!ag) return;
    hfhub__agent_clear(ag, 0);
    hfhub__free(ag->a, ag->msgs, ag->cap_msgs * sizeof *ag->msgs);
    hfhub__free(ag->a, ag, sizeof *ag);
}

static hfhub_result hfhub__agent_add_value(hfhub_agent *ag, const hfhub_json_value *v) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT || !hfhub_json_str(hfhub_json_get(v, "role"), NULL))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "a chat message is an object with a \"role\"");
    hfhub__buf_init(&b, ag->a);                  /* stored compact */
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_value(&w, v);
    r = hfhub__jw_result(&w);
    if (r == HFHUB_OK) r = hfhub__agent_push(ag, b.data, b.len);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_agent_add_message(hfhub_agent *ag, const char *message_json) {
    hfhub__arena ar;
    const hfhub_json_value *v;
    hfhub_result r;
    if (!ag || !message_json) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_agent_add_message: missing argument");
    hfhub__arena_init(&ar, ag->a);
    r = hfhub__json_parse_in(&ar, message_json, strlen(message_json), 0, &v);
    if (r == HFHUB_OK) r = hfhub__agent_add_value(ag, v);
    hfhub__arena_free(&ar);
    return r;
}

hfhub_result hfhub_agent_add_messages(hfhub_agent *ag, const hfhub_json_value *messages) {
    size_t i;
    hfhub_result r = HFHUB_OK;
    if (!ag || hfhub_json_type_of(messages) != HFHUB_JSON_ARRAY)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_agent_add_messages: not an array");
    for (i = 0; i < hfhub_json_len(messages) && r == HFHUB_OK; i++)
        r = hfhub__agent_add_value(ag, hfhub_json_at(messages, i));
    return r;
}

void hfhub_agent_reset(hfhub_agent *ag) {
    if (ag) hfhub__agent_clear(ag, 1);
}

hfhub_result hfhub_agent_messages_json(hfhub_agent *ag, char **out) {
    hfhub__buf b;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, ag->a);
    r = hfhub__agent_messages(ag, &b);
    if (r == HFHUB_OK && !(*out = hfhub__out_strdup(ag->c, b.data))) r = hfhub__fail(HFHUB_ERR_NOMEM, "agent messages");
    hfhub__buf_free(&b);
    return r;
}

/* ---- the built-in OpenAI-compatible chat ------------------------------------------------ */

struct hfhub_agent_openai {
    hfhub_client *c;
    hfhub__arena ar;
    const char *url, *model, *auth;
    int timeout_ms;
};

typedef struct hfhub__agent_oai_stream {
    hfhub_agent_chunk_fn fn;
    void *user;
    hfhub__sse sse;
    int status, stopped, done;
    hfhub__buf err;                  /* an error body, or an in-band error */
} hfhub__agent_oai_stream;

static int hfhub__agent_oai_event(void *user, const hfhub__sse_event *ev) {
    hfhub__agent_oai_stream *st = (hfhub__agent_oai_stream *)user;
    const char *e;
    if (st->done) return 0;
    if (!strcmp(ev->data, "[DONE]")) { st->done = 1; return 0; }
    /* an in-band error object ends the stream with its message */
    e = strstr(ev->data, "\"error\"");
    if (e && !strstr(ev->data, "\"choices\"")) {
        hfhub__buf_append(&st->err, ev->data, ev->data_len < 500 ? ev->data_len : 500);
        return 1;
    }
    if (st->fn(st->user, ev->data, ev->data_len)) { st->stopped = 1; return 1; }
    return 0;
}

static int hfhub__agent_oai_status(void *user, int status) {
    ((hfhub__agent_oai_stream *)user)->status = status;
    return 0;
}

static int hfhub__agent_oai_body(void *user, const void *data, size_t n) {
    hfhub__agent_oai_stream *st = (hfhub__agent_oai_stream *)user;
    if (st->status >= 400) {
        if (st->err.len < 1000) hfhub__buf_append(&st->err, data, n < 1000 ? n : 1000);
        return 0;
    }
    return hfhub__sse_on_body(&st->sse, data, n);
}

static hfhub_result hfhub__agent_oai_run(void *user, const char *messages, const char *tools,
                                            hfhub_agent_chunk_fn on_chunk, void *chunk_user) {
    hfhub_agent_openai *o = (hfhub_agent_openai *)user;
    hfhub__buf body;
    hfhub__jw w;
    hfhub_header h[3];
    hfhub_http_request req;
    hfhub_http_sink sink;
    hfhub__http_policy pol;
    hfhub__http_response resp;
    hfhub__agent_oai_stream st;
    hfhub_result r;
    size_t nh = 0;
    hfhub__buf_init(&body, o->c->a);
    hfhub__jw_init(&w, &body, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    if (o->model) hfhub__jw_kv_string(&w, "model", o->model);
    hfhub__jw_key(&w, "messages");
    hfhub__jw_raw(&w, messages, strlen(messages));
    if (tools && strlen(tools) > 2) {
        hfhub__jw_key(&w, "tools");
        hfhub__jw_raw(&w, tools, strlen(tools));
        hfhub__jw_kv_string(&w, "tool_choice", "auto");
    }
    hfhub__jw_kv_bool(&w, "stream", 1);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (r != HFHUB_OK) { hfhub__buf_free(&body); return r; }
    h[nh].name = "Content-Type"; h[nh++].value = "application/json";
    h[nh].name = "Accept"; h[nh++].value = "text/event-stream";
    if (o->auth) { h[nh].name = "Authorization"; h[nh++].value = o->auth; }
    memset(&req, 0, sizeof req);
    req.method = "POST";
    req.url = o->url;
    req.headers = h;
    req.n_headers = nh;
    req.body = body.data;
    req.body_len = body.len;
    req.connect_timeout_ms = req.read_timeout_ms = o->timeout_ms;
    memset(&st, 0, sizeof st);
    st.fn = on_chunk;
    st.user = chunk_user;
    hfhub__buf_init(&st.err, o->c->a);
    hfhub__sse_init(&st.sse, o->c->a, 0, hfhub__agent_oai_event, &st);
    memset(&sink, 0, sizeof sink);
    sink.user = &st;
    sink.on_status = hfhub__agent_oai_status;
    sink.on_body = hfhub__agent_oai_body;
    memset(&pol, 0, sizeof pol);
    pol.proxy = o->c->proxy;
    pol.log = &o->c->log;
    r = hfhub__http_exec(&o->c->transport, &pol, &req, &sink, 0, o->c->a, &resp);
    if (r == HFHUB_OK && resp.status >= 400)
        r = hfhub__fail(resp.status == 401 ? HFHUB_ERR_UNAUTHORIZED : HFHUB_ERR_HTTP, "chat completion: HTTP %d from %s: %s",
                        resp.status, o->url, st.err.data ? st.err.data : "");
    else if (st.stopped) r = HFHUB_ERR_CANCELLED;
    else if (st.err.len) r = hfhub__fail(HFHUB_ERR_HTTP, "chat completion: error in the stream: %s", st.err.data);
    else if (r == HFHUB_OK) r = hfhub__sse_finish(&st.sse);
    hfhub__http_response_free(&resp);
    hfhub__sse_free(&st.sse);
    hfhub__buf_free(&st.err);
    hfhub__buf_free(&body);
    return r;
}

hfhub_result hfhub_agent_chat_openai(hfhub_client *c, const hfhub_agent_openai_opts *opts,
                                     hfhub_agent_openai **out, hfhub_agent_chat *chat) {
    hfhub_agent_openai *o;
    hfhub__buf b;
    size_t n;
    *out = NULL;
    if (!c || !opts || !opts->base_url || !chat)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_agent_chat_openai: needs a client and a base_url");
    o = (hfhub_agent_openai *)hfhub__alloc(c->a, sizeof *o);
    if (!o) return hfhub__fail(HFHUB_ERR_NOMEM, "chat");
    memset(o, 0, sizeof *o);
    o->c = c;
    hfhub__arena_init(&o->ar, c->a);
    hfhub__buf_init(&b, c->a);
    n = strlen(opts->base_url);
    while (n && opts->base_url[n - 1] == '/') n--;
    hfhub__buf_append(&b, opts->base_url, n);
    hfhub__buf_puts(&b, "/chat/completions");
    o->url = b.failed ? NULL : hfhub__arena_strdup(&o->ar, b.data);
    hfhub__buf_reset(&b);
    if (opts->api_key && *opts->api_key) {
        hfhub__buf_printf(&b, "Bearer %s", opts->api_key);
        o->auth = b.failed ? NULL : hfhub__arena_strdup(&o->ar, b.data);
    }
    o->model = opts->model ? hfhub__arena_strdup(&o->ar, opts->model) : NULL;
    o->timeout_ms = opts->timeout_ms;
    hfhub__buf_free(&b);
    if (!o->url || (opts->api_key && *opts->api_key && !o->auth) || (opts->model && !o->model)) {
        hfhub_agent_openai_free(o);
        return hfhub__fail(HFHUB_ERR_NOMEM, "chat");
    }
    chat->user = o;
    chat->stream = hfhub__agent_oai_run;
    *out = o;
    return HFHUB_OK;
}

void hfhub_agent_openai_free(hfhub_agent_openai *o) {
    if (!o) return;
    hfhub__arena_free(&o->ar);
    hfhub__free(o->c->a, o, sizeof *o);
}

/* ---- the chat of the inference client ------------------------------------------------------- */

typedef struct hfhub__agent_inf_ctx {
    hfhub_agent_chunk_fn fn;
    void *user;
    const hfhub_allocator *a;
    int stopped;
} hfhub__agent_inf_ctx;

/* Each delta's chunk goes to the agent as JSON text. */
static int hfhub__agent_inf_delta(void *user, const hfhub_chat_delta *d) {
    hfhub__agent_inf_ctx *x = (hfhub__agent_inf_ctx *)user;
    hfhub__buf b;
    hfhub__jw w;
    int stop = 0;
    if (!d->chunk) return 0;
    hfhub__buf_init(&b, x->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_value(&w, d->chunk);
    if (hfhub__jw_result(&w) != HFHUB_OK) stop = 1;
    else if (x->fn(x->user, b.data, b.len)) stop = x->stopped = 1;
    hfhub__buf_free(&b);
    return stop;
}

/* A JSON value as text in the arena (NULL when absent). */
static const char *hfhub__agent_inf_text(hfhub__arena *ar, const hfhub_json_value *v) {
    return v ? hfhub__mcp_json_text(ar, v, NULL) : NULL;
}

static hfhub_result hfhub__agent_inf_messages(hfhub__arena *ar, const hfhub_json_value *arr, hfhub_chat_message **out,
                                              size_t *n) {
    size_t i, j, len = hfhub_json_len(arr);
    hfhub_chat_message *m = (hfhub_chat_message *)hfhub__arena_alloc(ar, (len ? len : 1) * sizeof *m);
    if (!m) return hfhub__fail(HFHUB_ERR_NOMEM, "chat messages");
    memset(m, 0, (len ? len : 1) * sizeof *m);
    for (i = 0; i < len; i++) {
        const hfhub_json_value *v = hfhub_json_at(arr, i), *content = hfhub_json_get(v, "content");
        const hfhub_json_value *tcs = hfhub_json_get(v, "tool_calls");
        m[i].role = hfhub_json_str(hfhub_json_get(v, "role"), "user");
        m[i].content = hfhub_json_str(content, NULL);
        m[i].name = hfhub_json_str(hfhub_json_get(v, "name"), NULL);
        m[i].tool_call_id = hfhub_json_str(hfhub_json_get(v, "tool_call_id"), NULL);
        if (hfhub_json_type_of(content) == HFHUB_JSON_ARRAY) {
            hfhub_chat_part *p = (hfhub_chat_part *)hfhub__arena_alloc(ar, (hfhub_json_len(content) + 1) * sizeof *p);
            if (!p) return hfhub__fail(HFHUB_ERR_NOMEM, "chat messages");
            for (j = 0; j < hfhub_json_len(content); j++) {
                const hfhub_json_value *part = hfhub_json_at(content, j);
                p[j].type = hfhub_json_str(hfhub_json_get(part, "type"), "text");
                p[j].text = hfhub_json_str(hfhub_json_get(part, "text"), NULL);
                p[j].image_url = hfhub_json_str(hfhub_json_path(part, "image_url.url"), NULL);
            }
            m[i].parts = p;
            m[i].n_parts = hfhub_json_len(content);
        }
        if (hfhub_json_len(tcs)) {
            hfhub_chat_tool_call *t = (hfhub_chat_tool_call *)hfhub__arena_alloc(ar, hfhub_json_len(tcs) * sizeof *t);
            if (!t) return hfhub__fail(HFHUB_ERR_NOMEM, "chat messages");
            for (j = 0; j < hfhub_json_len(tcs); j++) {
                const hfhub_json_value *tc = hfhub_json_at(tcs, j);
                t[j].index = (int)j;
                t[j].id = hfhub_json_str(hfhub_json_get(tc, "id"), NULL);
                t[j].type = "function";
                t[j].name = hfhub_json_str(hfhub_json_path(tc, "function.name"), "");
                t[j].arguments = hfhub_json_str(hfhub_json_path(tc, "function.arguments"), "{}");
            }
            m[i].tool_calls = t;
            m[i].n_tool_calls = hfhub_json_len(tcs);
        }
    }
    *out = m;
    *n = len;
    return HFHUB_OK;
}

static hfhub_result hfhub__agent_inf_tools(hfhub__arena *ar, const hfhub_json_value *arr, hfhub_chat_tool **out,
                                           size_t *n) {
    size_t i, len = hfhub_json_len(arr);
    hfhub_chat_tool *t = (hfhub_chat_tool *)hfhub__arena_alloc(ar, (len ? len : 1) * sizeof *t);
    if (!t) return hfhub__fail(HFHUB_ERR_NOMEM, "chat tools");
    for (i = 0; i < len; i++) {
        const hfhub_json_value *fn = hfhub_json_get(hfhub_json_at(arr, i), "function");
        t[i].name = hfhub_json_str(hfhub_json_get(fn, "name"), "");
        t[i].description = hfhub_json_str(hfhub_json_get(fn, "description"), NULL);
        t[i].parameters = hfhub__agent_inf_text(ar, hfhub_json_get(fn, "parameters"));
    }
    *out = t;
    *n = len;
    return HFHUB_OK;
}

static hfhub_result hfhub__agent_inf_run(void *user, const char *messages, const char *tools,
                                         hfhub_agent_chunk_fn on_chunk, void *chunk_user) {
    hfhub_agent_inference *ai = (hfhub_agent_inference *)user;
    hfhub__agent_inf_ctx x;
    hfhub__arena ar;
    const hfhub_json_value *mv, *tv = NULL;
    hfhub_chat_message *msgs = NULL;
    hfhub_chat_tool *tls = NULL;
    hfhub_chat_opts o;
    size_t nm = 0, nt = 0;
    hfhub_result r;
    const hfhub_allocator *a = ai->inf->c->a;
    hfhub__arena_init(&ar, a);
    r = hfhub__json_parse_in(&ar, messages, strlen(messages), 0, &mv);
    if (r == HFHUB_OK && tools) r = hfhub__json_parse_in(&ar, tools, strlen(tools), 0, &tv);
    if (r == HFHUB_OK) r = hfhub__agent_inf_messages(&ar, mv, &msgs, &nm);
    if (r == HFHUB_OK) r = hfhub__agent_inf_tools(&ar, tv, &tls, &nt);
    if (r == HFHUB_OK) {
        memset(&o, 0, sizeof o);
        o.model = ai->model;
        o.tools = nt ? tls : NULL;
        o.n_tools = nt;
        o.tool_choice = nt ? "auto" : NULL;
        x.fn = on_chunk;
        x.user = chunk_user;
        x.a = a;
        x.stopped = 0;
        r = hfhub_chat_completion_stream(ai->inf, msgs, nm, &o, hfhub__agent_inf_delta, &x, NULL);
    }
    hfhub__arena_free(&ar);
    return r;
}

void hfhub_agent_chat_inference(hfhub_agent_inference *ai, hfhub_agent_chat *chat) {
    chat->user = ai;
    chat->stream = hfhub__agent_inf_run;
}
