/* agent.h: the agent loop (Python's Agent, spec/inference.md §6.3-6.4): a chat model that
 * calls tools of MCP servers until the task is done.
 *
 * The model is reached through hfhub_agent_chat, a small seam any OpenAI-compatible backend
 * fits: "stream one chat completion of these messages with these tools and hand me each
 * chunk". hfhub_agent_chat_inference() connects the library's inference client (providers,
 * the router, endpoint URLs); hfhub_agent_chat_openai() speaks to any OpenAI-compatible
 * endpoint directly (POST {base_url}/chat/completions, stream: true); tests and other LLM
 * backends plug in their own.
 *
 *     hfhub_agent *ag;
 *     hfhub_agent_new(client, mcp, &chat, NULL, &ag);
 *     hfhub_agent_run(ag, "What is 2+3?", &callbacks);   // streams text, calls tools
 *     hfhub_agent_free(ag);
 *
 * The loop (Python's, with the fixes of §7.1 item 10): every turn the model sees the exit
 * tools task_complete and ask_question plus the MCP tools (refreshed when a server announced
 * a change); tool calls are answered in index order with `tool` messages; a plain answer on
 * the first turn ends the run; after tool results the model gets further turns, and a turn
 * that follows a text answer is kept only if it begins with a tool call (a first chunk that
 * carries only the role does not count as text); the run ends on an exit tool, on such a
 * text answer, or after max_turns turns. Unlike Python, when an exit tool is called
 * together with other tools, every call still gets its tool message. History persists
 * across runs. One agent is used by one thread at a time. */

/* Receives one streamed chunk: an OpenAI chat.completion.chunk object as JSON text. A
 * nonzero return stops the stream. */
typedef int (*hfhub_agent_chunk_fn)(void *user, const char *chunk, size_t len);

/* The model. stream() sends messages (a JSON array of chat messages) and tools (a JSON
 * array of OpenAI function tools) with tool_choice "auto" and stream true, calls on_chunk
 * for each chunk in order, and returns when the stream ended (HFHUB_OK), failed, or
 * on_chunk stopped it (HFHUB_ERR_CANCELLED). */
typedef struct hfhub_agent_chat {
    void *user;
    hfhub_result (*stream)(void *user, const char *messages, const char *tools,
                           hfhub_agent_chunk_fn on_chunk, void *chunk_user);
} hfhub_agent_chat;

/* The built-in chat: an OpenAI-compatible endpoint through the client's transport. */
typedef struct hfhub_agent_openai_opts {
    const char *base_url;        /* e.g. "https://router.huggingface.co/v1" or "http://localhost:1234/v1" */
    const char *model;           /* body "model" (may be NULL) */
    const char *api_key;         /* Bearer token; NULL: none */
    int timeout_ms;              /* connect and between-chunk timeout; 0: none */
} hfhub_agent_openai_opts;
typedef struct hfhub_agent_openai hfhub_agent_openai;
/* *chat is filled to use *out; free it with hfhub_agent_openai_free after the agent. */
HFHUB_API hfhub_result hfhub_agent_chat_openai(hfhub_client *c, const hfhub_agent_openai_opts *opts,
                                               hfhub_agent_openai **out, hfhub_agent_chat *chat);
HFHUB_API void hfhub_agent_openai_free(hfhub_agent_openai *o);

/* The chat of the library's inference client (hfhub_chat_completion_stream): fill one of
 * these, keep it alive as long as the agent, and hfhub_agent_chat_inference() makes the
 * chat from it. model NULL: the inference client's default model. */
typedef struct hfhub_agent_inference {
    hfhub_inference *inf;
    const char *model;
} hfhub_agent_inference;
HFHUB_API void hfhub_agent_chat_inference(hfhub_agent_inference *ai, hfhub_agent_chat *chat);

typedef struct hfhub_agent_opts {
    const char *system_prompt;   /* NULL: HFHUB_AGENT_DEFAULT_SYSTEM_PROMPT */
    int max_turns;               /* 0: 10 (Python's MAX_NUM_TURNS); a run also stops after
                                    4 x max_turns turns that all called tools (Python: never) */
    int no_exit_tools;           /* 1: no task_complete / ask_question */
} hfhub_agent_opts;

/* Streaming callbacks; any may be NULL; a nonzero return aborts the run
 * (HFHUB_ERR_CANCELLED), as does `aborted` (polled at every chunk and between steps). */
typedef struct hfhub_agent_callbacks {
    void *user;
    int (*on_chunk)(void *user, const char *chunk, size_t len);       /* each model chunk, verbatim */
    int (*on_text)(void *user, const char *text, size_t len);         /* content deltas */
    int (*on_tool_call)(void *user, const char *id, const char *name, const char *arguments);
    int (*on_tool_result)(void *user, const char *id, const char *name, const char *content,
                          int is_error);
    int (*aborted)(void *user);
} hfhub_agent_callbacks;

typedef struct hfhub_agent hfhub_agent;

HFHUB_API const char *hfhub_agent_default_system_prompt(void);
/* mcp may be NULL (no tools but the exit tools); chat is copied; both must outlive the agent. */
HFHUB_API hfhub_result hfhub_agent_new(hfhub_client *c, hfhub_mcp_client *mcp, const hfhub_agent_chat *chat,
                                       const hfhub_agent_opts *opts, hfhub_agent **out);
HFHUB_API void hfhub_agent_free(hfhub_agent *ag);
/* Appends a user message with input (NULL: none, run on the history as it is) and runs the
 * loop. cb may be NULL. */
HFHUB_API hfhub_result hfhub_agent_run(hfhub_agent *ag, const char *input, const hfhub_agent_callbacks *cb);
/* Appends a message given as a JSON object text (checked). */
HFHUB_API hfhub_result hfhub_agent_add_message(hfhub_agent *ag, const char *message_json);
/* Appends every message of a parsed JSON array (each an object with a "role"). */
HFHUB_API hfhub_result hfhub_agent_add_messages(hfhub_agent *ag, const hfhub_json_value *messages);
/* Forgets the history but the system message. */
HFHUB_API void hfhub_agent_reset(hfhub_agent *ag);
/* The history as a JSON array text; free with hfhub_free(c, *out). */
HFHUB_API hfhub_result hfhub_agent_messages_json(hfhub_agent *ag, char **out);
