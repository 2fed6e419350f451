/* chat.h: chat completion (OpenAI-compatible), streamed or not (spec inference.md §2.1).
 *
 *     hfhub_chat_message m[1] = {{0}};
 *     m[0].role = "user"; m[0].content = "Hello";
 *     hfhub_chat_completion *r;
 *     if (!hfhub_chat_completion_create(inf, m, 1, NULL, &r))
 *         puts(r->choices[0].message.content);
 *     hfhub_chat_completion_free(inf, r);
 *
 * Streaming calls fn once per chunk with its delta; the reassembled answer (content,
 * reasoning, tool calls accumulated, finish reason, usage) comes back as the same
 * hfhub_chat_completion a non-streamed call gives. The stream is read with a full SSE parser
 * (multi-line data, comments, CR/LF/CRLF line ends, event and id fields); "[DONE]" ends it; a
 * chunk carrying "error" (a string or {"message": ...}) fails the call even under HTTP 200.
 * A nonzero return from fn closes the connection at once and the call returns
 * HFHUB_ERR_CANCELLED. On any failure the deltas already delivered stay delivered, and *out
 * (when asked for) still receives what was accumulated so far. */

/* A part of a multimodal message: type "text" (text) or "image_url" (url, e.g. a data URL). */
typedef struct hfhub_chat_part {
    const char *type;
    const char *text;
    const char *image_url;
} hfhub_chat_part;

/* A tool call (in a result, in a delta where any field may be NULL, or sent back). */
typedef struct hfhub_chat_tool_call {
    int index;
    const char *id;
    const char *type;          /* "function" */
    const char *name;
    const char *arguments;     /* JSON text */
} hfhub_chat_tool_call;

typedef struct hfhub_chat_message {
    const char *role;          /* "system", "user", "assistant", "tool" */
    const char *content;       /* text content (NULL: none, or `parts`) */
    const hfhub_chat_part *parts;
    size_t n_parts;
    const char *name;
    const char *tool_call_id;  /* role "tool": the call answered */
    const hfhub_chat_tool_call *tool_calls;
    size_t n_tool_calls;
    const char *reasoning;     /* outputs: "reasoning" or "reasoning_content" */
} hfhub_chat_message;

/* A function tool: parameters is a JSON Schema object as JSON text (NULL: none). */
typedef struct hfhub_chat_tool {
    const char *name;
    const char *description;
    const char *parameters;
} hfhub_chat_tool;

/* Zero means "not sent" (Python's None); the pointers to numbers exist because 0 is valid. */
typedef struct hfhub_chat_opts {
    const char *model;              /* body "model"; NULL: the client's (see inference.h) */
    const hfhub_chat_tool *tools;
    size_t n_tools;
    const char *tool_choice;        /* "auto", "none", "required", or a function name */
    const char *tool_prompt;        /* TGI extension */
    const char *response_format;    /* JSON text, OpenAI style ({"type": "json_schema", ...});
                                       rewritten per provider as spec §2.1 says */
    const double *temperature, *top_p, *frequency_penalty, *presence_penalty;
    const int64_t *seed;
    int max_tokens;                 /* 0: not sent */
    int n;                          /* 0: not sent */
    int logprobs;                   /* 1: "logprobs": true */
    int top_logprobs;               /* 0: not sent */
    const char *const *stop;        /* stop sequences */
    size_t n_stop;
    const char *logit_bias;         /* JSON object text */
    int include_usage;              /* streams: stream_options.include_usage */
    const char *reasoning_effort;   /* "low", "medium", "high" */
    const char *extra_body;         /* JSON object merged recursively into the body */
} hfhub_chat_opts;

typedef struct hfhub_chat_usage {
    int64_t prompt_tokens, completion_tokens, total_tokens;
} hfhub_chat_usage;

typedef struct hfhub_chat_choice {
    int index;
    const char *finish_reason;      /* NULL when absent */
    hfhub_chat_message message;     /* role, content, reasoning, tool_calls */
    const hfhub_json_value *logprobs;
} hfhub_chat_choice;

typedef struct hfhub_chat_completion {
    const char *id, *object, *model, *system_fingerprint;
    int64_t created;
    hfhub_chat_choice *choices;
    size_t n_choices;
    int has_usage;
    hfhub_chat_usage usage;
    const hfhub_json_value *raw;    /* the response (non-streamed), NULL for a stream */
    const char *provider;           /* the provider that answered */
    const char *request_id;         /* X-Request-Id or "" */
} hfhub_chat_completion;

/* One streamed chunk. Strings are valid during the callback only. */
typedef struct hfhub_chat_delta {
    int index;                      /* the choice */
    const char *role;               /* NULL when absent */
    const char *content;            /* NULL when absent */
    size_t content_len;
    const char *reasoning;          /* reasoning or reasoning_content */
    const hfhub_chat_tool_call *tool_calls; /* fragments as received (fields may be NULL) */
    size_t n_tool_calls;
    const char *finish_reason;
    const hfhub_chat_usage *usage;  /* on the usage chunk only */
    const hfhub_json_value *chunk;  /* the whole chunk */
} hfhub_chat_delta;

/* Nonzero return: stop (the connection is closed, HFHUB_ERR_CANCELLED). */
typedef int (*hfhub_chat_stream_fn)(void *user, const hfhub_chat_delta *d);

HFHUB_API hfhub_result hfhub_chat_completion_create(hfhub_inference *inf, const hfhub_chat_message *messages,
                                                    size_t n_messages, const hfhub_chat_opts *opts,
                                                    hfhub_chat_completion **out);
/* out may be NULL. */
HFHUB_API hfhub_result hfhub_chat_completion_stream(hfhub_inference *inf, const hfhub_chat_message *messages,
                                                    size_t n_messages, const hfhub_chat_opts *opts,
                                                    hfhub_chat_stream_fn fn, void *user,
                                                    hfhub_chat_completion **out);
HFHUB_API void hfhub_chat_completion_free(hfhub_inference *inf, hfhub_chat_completion *r);

/* ---- the stream decoder on its own (for custom transports, and tested by the fuzzer) ---- */

typedef struct hfhub_chat_stream hfhub_chat_stream;
/* A decoder fed with raw text/event-stream bytes; it calls fn per chunk and accumulates. */
HFHUB_API hfhub_result hfhub_chat_stream_new(hfhub_inference *inf, hfhub_chat_stream_fn fn, void *user,
                                             hfhub_chat_stream **out);
/* HFHUB_OK, or the stream's failure (sticky): an in-band error, invalid JSON in a chunk,
 * an oversized event, HFHUB_ERR_CANCELLED. */
HFHUB_API hfhub_result hfhub_chat_stream_feed(hfhub_chat_stream *s, const void *data, size_t n);
/* The end of the bytes: HFHUB_ERR_PARSE ("stream ended before [DONE]") when neither [DONE]
 * nor a finish_reason was seen. out (may be NULL) gets the accumulated answer. */
HFHUB_API hfhub_result hfhub_chat_stream_finish(hfhub_chat_stream *s, hfhub_chat_completion **out);
HFHUB_API void hfhub_chat_stream_free(hfhub_chat_stream *s);
