/* chat.c: chat completion: the request body, the response, the stream decoder and the
 * tool-call accumulator (spec inference.md §2.1, §7.1 items 5-7). */
#include <stdio.h>
#include <string.h>

#define HFHUB__CHAT_MAX_CHOICES 64
#define HFHUB__CHAT_MAX_CALLS 256

/* A result and the arena holding everything it points to. */
typedef struct hfhub__chat_box {
    hfhub_chat_completion pub;
    hfhub__arena ar;
    const hfhub_allocator *a;
} hfhub__chat_box;

/* ---- the request body ---------------------------------------------------------------------- */

static void hfhub__chat_w_message(hfhub__jw *w, const hfhub_chat_message *m) {
    size_t i;
    hfhub__jw_begin_object(w);
    hfhub__jw_kv_string(w, "role", m->role ? m->role : "user");
    hfhub__jw_key(w, "content");
    if (m->n_parts) {
        hfhub__jw_begin_array(w);
        for (i = 0; i < m->n_parts; i++) {
            const hfhub_chat_part *p = &m->parts[i];
            int img = p->type ? !strcmp(p->type, "image_url") : p->image_url != NULL;
            hfhub__jw_begin_object(w);
            hfhub__jw_kv_string(w, "type", img ? "image_url" : "text");
            if (img) {
                hfhub__jw_key(w, "image_url");
                hfhub__jw_begin_object(w);
                hfhub__jw_kv_string(w, "url", p->image_url ? p->image_url : "");
                hfhub__jw_end_object(w);
            } else {
                hfhub__jw_kv_string(w, "text", p->text ? p->text : "");
            }
            hfhub__jw_end_object(w);
        }
        hfhub__jw_end_array(w);
    } else {
        hfhub__jw_string(w, m->content ? m->content : (m->n_tool_calls ? "" : NULL));
    }
    if (m->name) hfhub__jw_kv_string(w, "name", m->name);
    if (m->tool_call_id) hfhub__jw_kv_string(w, "tool_call_id", m->tool_call_id);
    if (m->n_tool_calls) {
        hfhub__jw_key(w, "tool_calls");
        hfhub__jw_begin_array(w);
        for (i = 0; i < m->n_tool_calls; i++) {
            const hfhub_chat_tool_call *tc = &m->tool_calls[i];
            hfhub__jw_begin_object(w);
            if (tc->id) hfhub__jw_kv_string(w, "id", tc->id);
            hfhub__jw_kv_string(w, "type", tc->type ? tc->type : "function");
            hfhub__jw_key(w, "function");
            hfhub__jw_begin_object(w);
            hfhub__jw_kv_string(w, "name", tc->name ? tc->name : "");
            hfhub__jw_kv_string(w, "arguments", tc->arguments && *tc->arguments ? tc->arguments : "{}");
            hfhub__jw_end_object(w);
            hfhub__jw_end_object(w);
        }
        hfhub__jw_end_array(w);
    }
    hfhub__jw_end_object(w);
}

/* response_format, rewritten for the provider (spec §2.1 table). */
static hfhub_result hfhub__chat_w_format(hfhub__jw *w, const char *fmt, const char *provider, const hfhub_allocator *a) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    const hfhub_json_value *root, *schema;
    const char *type;
    memset(&o, 0, sizeof o);
    o.allocator = a;
    if (hfhub_json_parse(fmt, strlen(fmt), &o, &doc) || hfhub_json_type_of(hfhub_json_root(doc)) != HFHUB_JSON_OBJECT) {
        hfhub_json_free(doc);
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "response_format must be a JSON object");
    }
    root = hfhub_json_root(doc);
    type = hfhub_json_str(hfhub_json_get(root, "type"), "");
    schema = hfhub_json_path(root, "json_schema.schema");
    hfhub__jw_key(w, "response_format");
    if (!strcmp(type, "json_schema") && schema &&
        (!strcmp(provider, "hf-inference") || !strcmp(provider, "cohere") || !strcmp(provider, "fireworks-ai") ||
         !strcmp(provider, "together"))) {
        int tgi = !strcmp(provider, "hf-inference"), tog = !strcmp(provider, "together");
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_string(w, "type", tog ? "json_schema" : "json_object");
        hfhub__jw_key(w, tgi ? "value" : "schema");
        hfhub__jw_value(w, schema);
        hfhub__jw_end_object(w);
    } else {
        hfhub__jw_value(w, root);
    }
    hfhub_json_free(doc);
    return HFHUB_OK;
}

static void hfhub__chat_w_double(hfhub__jw *w, const char *k, const double *v) {
    if (!v) return;
    hfhub__jw_key(w, k);
    hfhub__jw_double(w, *v);
}

static hfhub_result hfhub__chat_w_tools(hfhub__jw *w, const hfhub_chat_opts *o, const hfhub_allocator *a) {
    size_t i;
    hfhub_result r = HFHUB_OK;
    if (o->tool_choice) {
        hfhub__jw_key(w, "tool_choice");
        if (!strcmp(o->tool_choice, "auto") || !strcmp(o->tool_choice, "none") || !strcmp(o->tool_choice, "required")) {
            hfhub__jw_string(w, o->tool_choice);
        } else {
            hfhub__jw_begin_object(w);
            hfhub__jw_kv_string(w, "type", "function");
            hfhub__jw_key(w, "function");
            hfhub__jw_begin_object(w);
            hfhub__jw_kv_string(w, "name", o->tool_choice);
            hfhub__jw_end_object(w);
            hfhub__jw_end_object(w);
        }
    }
    if (o->tool_prompt) hfhub__jw_kv_string(w, "tool_prompt", o->tool_prompt);
    if (!o->n_tools) return HFHUB_OK;
    hfhub__jw_key(w, "tools");
    hfhub__jw_begin_array(w);
    for (i = 0; i < o->n_tools && !r; i++) {
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_string(w, "type", "function");
        hfhub__jw_key(w, "function");
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_string(w, "name", o->tools[i].name ? o->tools[i].name : "");
        if (o->tools[i].description) hfhub__jw_kv_string(w, "description", o->tools[i].description);
        if (o->tools[i].parameters) {
            hfhub__jw_key(w, "parameters");
            r = hfhub__inf_jw_json(w, o->tools[i].parameters, a);
        }
        hfhub__jw_end_object(w);
        hfhub__jw_end_object(w);
    }
    hfhub__jw_end_array(w);
    return r;
}

/* The body, model first (spec §2.1), then messages, the parameters in Python's order,
 * stream, and extra_body merged on top. */
static hfhub_result hfhub__chat_body(hfhub__buf *b, const char *model, const char *provider, const hfhub_chat_message *msgs,
                                     size_t n, const hfhub_chat_opts *o, int stream, const hfhub_allocator *a) {
    hfhub__jw w;
    size_t i;
    hfhub_result r = HFHUB_OK;
    hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "model", model);
    hfhub__jw_key(&w, "messages");
    hfhub__jw_begin_array(&w);
    for (i = 0; i < n; i++) hfhub__chat_w_message(&w, &msgs[i]);
    hfhub__jw_end_array(&w);
    hfhub__chat_w_double(&w, "frequency_penalty", o->frequency_penalty);
    if (o->logit_bias) {
        hfhub__jw_key(&w, "logit_bias");
        r = hfhub__inf_jw_json(&w, o->logit_bias, a);
    }
    if (o->logprobs) hfhub__jw_kv_bool(&w, "logprobs", 1);
    if (o->max_tokens > 0) hfhub__jw_kv_int(&w, "max_tokens", o->max_tokens);
    if (o->n > 0) hfhub__jw_kv_int(&w, "n", o->n);
    hfhub__chat_w_double(&w, "presence_penalty", o->presence_penalty);
    if (!r && o->response_format) r = hfhub__chat_w_format(&w, o->response_format, provider, a);
    if (o->seed) hfhub__jw_kv_int(&w, "seed", *o->seed);
    if (o->n_stop) {
        hfhub__jw_key(&w, "stop");
        hfhub__jw_begin_array(&w);
        for (i = 0; i < o->n_stop; i++) hfhub__jw_string(&w, o->stop[i]);
        hfhub__jw_end_array(&w);
    }
    hfhub__chat_w_double(&w, "temperature", o->temperature);
    if (!r) r = hfhub__chat_w_tools(&w, o, a);
    if (o->top_logprobs > 0) hfhub__jw_kv_int(&w, "top_logprobs", o->top_logprobs);
    hfhub__chat_w_double(&w, "top_p", o->top_p);
    if (o->reasoning_effort) hfhub__jw_kv_string(&w, "reasoning_effort", o->reasoning_effort);
    hfhub__jw_kv_bool(&w, "stream", stream);
    if (stream && o->include_usage) {
        hfhub__jw_key(&w, "stream_options");
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_bool(&w, "include_usage", 1);
        hfhub__jw_end_object(&w);
    }
    hfhub__jw_end_object(&w);
    if (r) return r;
    r = hfhub__jw_result(&w);
    if (r) return r == HFHUB_ERR_INVALID_ARG ? hfhub__fail(r, "a message string is not valid UTF-8") : r;
    return hfhub__inf_merge_extra(b, o->extra_body, a);
}

/* ---- results -------------------------------------------------------------------------------- */

static hfhub__chat_box *hfhub__chat_box_new(const hfhub_allocator *a) {
    hfhub__chat_box *bx = (hfhub__chat_box *)hfhub__alloc(a, sizeof *bx);
    if (!bx) return NULL;
    memset(bx, 0, sizeof *bx);
    bx->a = a;
    hfhub__arena_init(&bx->ar, a);
    bx->pub.request_id = "";
    return bx;
}

void hfhub_chat_completion_free(hfhub_inference *inf, hfhub_chat_completion *r) {
    hfhub__chat_box *bx = (hfhub__chat_box *)r;
    (void)inf;
    if (!bx) return;
    hfhub__arena_free(&bx->ar);
    hfhub__free(bx->a, bx, sizeof *bx);
}

/* A JSON value as text in the arena: strings as is, anything else serialised. */
static const char *hfhub__chat_text(hfhub__arena *ar, const hfhub_json_value *v, int *oom) {
    hfhub__buf b;
    hfhub__jw w;
    char *s;
    if (!v || hfhub_json_is_null(v)) return NULL;
    if (hfhub_json_type_of(v) == HFHUB_JSON_STRING) return hfhub_json_str(v, NULL);
    hfhub__buf_init(&b, ar->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_value(&w, v);
    s = hfhub__jw_result(&w) ? NULL : hfhub__arena_strndup(ar, b.data, b.len);
    if (!s) *oom = 1;
    hfhub__buf_free(&b);
    return s;
}

static void hfhub__chat_usage(const hfhub_json_value *u, hfhub_chat_usage *out) {
    out->prompt_tokens = hfhub_json_int(hfhub_json_get(u, "prompt_tokens"), 0);
    out->completion_tokens = hfhub_json_int(hfhub_json_get(u, "completion_tokens"), 0);
    out->total_tokens = hfhub_json_int(hfhub_json_get(u, "total_tokens"), 0);
}

static const char *hfhub__chat_reasoning(const hfhub_json_value *m) {
    const char *s = hfhub_json_str(hfhub_json_get(m, "reasoning"), NULL);
    return s ? s : hfhub_json_str(hfhub_json_get(m, "reasoning_content"), NULL);
}

/* Fills bx->pub from a parsed (non-streamed) response living in bx->ar. */
static hfhub_result hfhub__chat_fill(hfhub__chat_box *bx, const hfhub_json_value *root) {
    hfhub_chat_completion *c = &bx->pub;
    const hfhub_json_value *ch = hfhub_json_get(root, "choices");
    size_t i, j;
    int oom = 0;
    if (hfhub_json_type_of(root) != HFHUB_JSON_OBJECT || hfhub_json_type_of(ch) != HFHUB_JSON_ARRAY)
        return hfhub__fail(HFHUB_ERR_PARSE, "chat completion: the answer has no \"choices\" array");
    c->raw = root;
    c->id = hfhub_json_str(hfhub_json_get(root, "id"), NULL);
    c->object = hfhub_json_str(hfhub_json_get(root, "object"), NULL);
    c->model = hfhub_json_str(hfhub_json_get(root, "model"), NULL);
    c->system_fingerprint = hfhub_json_str(hfhub_json_get(root, "system_fingerprint"), NULL);
    c->created = hfhub_json_int(hfhub_json_get(root, "created"), 0);
    if (hfhub_json_type_of(hfhub_json_get(root, "usage")) == HFHUB_JSON_OBJECT) {
        c->has_usage = 1;
        hfhub__chat_usage(hfhub_json_get(root, "usage"), &c->usage);
    }
    c->n_choices = hfhub_json_len(ch);
    c->choices = c->n_choices ? (hfhub_chat_choice *)hfhub__arena_alloc(&bx->ar, c->n_choices * sizeof *c->choices) : NULL;
    if (c->n_choices && !c->choices) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (i = 0; i < c->n_choices; i++) {
        const hfhub_json_value *cv = hfhub_json_at(ch, i), *m = hfhub_json_get(cv, "message");
        const hfhub_json_value *tcs = hfhub_json_get(m, "tool_calls");
        hfhub_chat_choice *o = &c->choices[i];
        hfhub_chat_tool_call *calls;
        size_t nt = hfhub_json_len(tcs);
        memset(o, 0, sizeof *o);
        o->index = (int)hfhub_json_int(hfhub_json_get(cv, "index"), (int64_t)i);
        o->finish_reason = hfhub_json_str(hfhub_json_get(cv, "finish_reason"), NULL);
        o->logprobs = hfhub_json_get(cv, "logprobs");
        o->message.role = hfhub_json_str(hfhub_json_get(m, "role"), "assistant");
        o->message.content = hfhub__chat_text(&bx->ar, hfhub_json_get(m, "content"), &oom);
        o->message.reasoning = hfhub__chat_reasoning(m);
        o->message.tool_call_id = hfhub_json_str(hfhub_json_get(m, "tool_call_id"), NULL);
        if (hfhub_json_type_of(tcs) != HFHUB_JSON_ARRAY || !nt) continue;
        calls = (hfhub_chat_tool_call *)hfhub__arena_alloc(&bx->ar, nt * sizeof *calls);
        if (!calls) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        for (j = 0; j < nt; j++) {
            const hfhub_json_value *t = hfhub_json_at(tcs, j), *f = hfhub_json_get(t, "function");
            calls[j].index = (int)hfhub_json_int(hfhub_json_get(t, "index"), (int64_t)j);
            calls[j].id = hfhub_json_str(hfhub_json_get(t, "id"), NULL);
            calls[j].type = hfhub_json_str(hfhub_json_get(t, "type"), "function");
            calls[j].name = hfhub_json_str(hfhub_json_get(f, "name"), NULL);
            calls[j].arguments = hfhub__chat_text(&bx->ar, hfhub_json_get(f, "arguments"), &oom);
        }
        o->message.tool_calls = calls;
        o->message.n_tool_calls = nt;
    }
    return oom ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

/* ---- the stream decoder and accumulator ------------------------------------------------------ */

typedef struct hfhub__chat_acall {
    int index;
    hfhub__buf id, type, name, args;
} hfhub__chat_acall;

typedef struct hfhub__chat_achoice {
    int index;
    hfhub__buf role, content, reasoning, finish;
    hfhub__chat_acall *calls;
    size_t n_calls, cap_calls;
} hfhub__chat_achoice;

struct hfhub_chat_stream {
    const hfhub_allocator *a;
    hfhub_chat_stream_fn fn;
    void *user;
    hfhub__sse sse;
    hfhub_result err;        /* sticky: the first failure */
    hfhub__buf err_msg, err_code; /* its detail, re-recorded after the SSE reader's own */
    int err_status;
    int done;                /* [DONE] seen */
    int finished;            /* a finish_reason seen */
    int has_usage;
    hfhub_chat_usage usage;
    hfhub__buf id, model, object, fingerprint;
    int64_t created;
    hfhub__chat_achoice *choices;
    size_t n_choices, cap_choices;
    hfhub_chat_tool_call frag[32]; /* the current delta's tool-call fragments */
};

static hfhub__chat_achoice *hfhub__chat_choice_for(hfhub_chat_stream *s, int index) {
    size_t i;
    hfhub__chat_achoice *c;
    for (i = 0; i < s->n_choices; i++)
        if (s->choices[i].index == index) return &s->choices[i];
    if (s->n_choices == HFHUB__CHAT_MAX_CHOICES) return NULL;
    if (s->n_choices == s->cap_choices) {
        size_t nc = s->cap_choices ? s->cap_choices * 2 : 2;
        void *p = hfhub__realloc(s->a, s->choices, s->cap_choices * sizeof *s->choices, nc * sizeof *s->choices);
        if (!p) return NULL;
        s->choices = (hfhub__chat_achoice *)p;
        s->cap_choices = nc;
    }
    c = &s->choices[s->n_choices++];
    memset(c, 0, sizeof *c);
    c->index = index;
    hfhub__buf_init(&c->role, s->a);
    hfhub__buf_init(&c->content, s->a);
    hfhub__buf_init(&c->reasoning, s->a);
    hfhub__buf_init(&c->finish, s->a);
    return c;
}

static hfhub__chat_acall *hfhub__chat_call_new(hfhub_chat_stream *s, hfhub__chat_achoice *c, int index) {
    hfhub__chat_acall *k;
    if (c->n_calls == HFHUB__CHAT_MAX_CALLS) return NULL;
    if (c->n_calls == c->cap_calls) {
        size_t nc = c->cap_calls ? c->cap_calls * 2 : 4;
        void *p = hfhub__realloc(s->a, c->calls, c->cap_calls * sizeof *c->calls, nc * sizeof *c->calls);
        if (!p) return NULL;
        c->calls = (hfhub__chat_acall *)p;
        c->cap_calls = nc;
    }
    k = &c->calls[c->n_calls++];
    k->index = index;
    hfhub__buf_init(&k->id, s->a);
    hfhub__buf_init(&k->type, s->a);
    hfhub__buf_init(&k->name, s->a);
    hfhub__buf_init(&k->args, s->a);
    return k;
}

/* Which accumulated call a fragment continues (§7.1 item 6): by index when given, else by
 * id, else the last one; a new call otherwise. */
static hfhub__chat_acall *hfhub__chat_call_for(hfhub_chat_stream *s, hfhub__chat_achoice *c, const hfhub_json_value *t) {
    const hfhub_json_value *iv = hfhub_json_get(t, "index");
    const char *id = hfhub_json_str(hfhub_json_get(t, "id"), NULL);
    size_t i;
    if (hfhub_json_is_int(iv)) {
        int idx = (int)hfhub_json_int(iv, 0);
        for (i = 0; i < c->n_calls; i++)
            if (c->calls[i].index == idx) return &c->calls[i];
        return hfhub__chat_call_new(s, c, idx);
    }
    if (id && *id) {
        for (i = 0; i < c->n_calls; i++)
            if (c->calls[i].id.data && !strcmp(c->calls[i].id.data, id)) return &c->calls[i];
        return hfhub__chat_call_new(s, c, (int)c->n_calls);
    }
    return c->n_calls ? &c->calls[c->n_calls - 1] : hfhub__chat_call_new(s, c, 0);
}

static void hfhub__chat_set_once(hfhub__buf *b, const char *v) {
    if (v && *v && !b->len) hfhub__buf_puts(b, v);
}

static hfhub_result hfhub__chat_tool_frags(hfhub_chat_stream *s, hfhub__chat_achoice *c, const hfhub_json_value *tcs,
                                           size_t *nf) {
    size_t i;
    *nf = 0;
    for (i = 0; i < hfhub_json_len(tcs); i++) {
        const hfhub_json_value *t = hfhub_json_at(tcs, i), *f = hfhub_json_get(t, "function");
        const char *name = hfhub_json_str(hfhub_json_get(f, "name"), NULL);
        const char *args = hfhub_json_str(hfhub_json_get(f, "arguments"), NULL);
        hfhub__chat_acall *k = hfhub__chat_call_for(s, c, t);
        if (!k) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "chat stream: too many tool calls (or out of memory)");
        hfhub__chat_set_once(&k->id, hfhub_json_str(hfhub_json_get(t, "id"), NULL));
        hfhub__chat_set_once(&k->type, hfhub_json_str(hfhub_json_get(t, "type"), NULL));
        hfhub__chat_set_once(&k->name, name);
        if (args) hfhub__buf_puts(&k->args, args);
        else if (f && hfhub_json_type_of(hfhub_json_get(f, "arguments")) == HFHUB_JSON_OBJECT) {
            hfhub__jw w; /* arguments sent as an object (TGI): serialised */
            hfhub__jw_init(&w, &k->args, HFHUB__JW_COMPACT);
            hfhub__jw_value(&w, hfhub_json_get(f, "arguments"));
        }
        if (*nf < sizeof s->frag / sizeof s->frag[0]) {
            hfhub_chat_tool_call *fr = &s->frag[(*nf)++];
            fr->index = k->index;
            fr->id = hfhub_json_str(hfhub_json_get(t, "id"), NULL);
            fr->type = hfhub_json_str(hfhub_json_get(t, "type"), NULL);
            fr->name = name;
            fr->arguments = args;
        }
    }
    return HFHUB_OK;
}

/* An in-band error: {"error": "..."} or {"error": {"message": ...}} (§2.1, §2.9). */
static hfhub_result hfhub__chat_inband(const hfhub_json_value *root) {
    const hfhub_json_value *e = hfhub_json_get(root, "error");
    const char *msg = hfhub_json_str(e, NULL), *type = hfhub_json_str(hfhub_json_get(root, "error_type"), "");
    if (!msg) msg = hfhub_json_str(hfhub_json_get(e, "message"), NULL);
    if (!msg) msg = hfhub_json_str(hfhub_json_get(e, "type"), "unknown error");
    if (!*type) type = hfhub_json_str(hfhub_json_get(e, "type"), "");
    return hfhub__fail_http(!strcmp(type, "validation") ? HFHUB_ERR_BAD_REQUEST : HFHUB_ERR_HTTP, 200, type, "",
                           "Error in the response stream%s%s: %s", *type ? " (" : "", *type ? type : "", msg);
}

/* One choice of a chunk: accumulate and deliver. */
static hfhub_result hfhub__chat_choice_delta(hfhub_chat_stream *s, const hfhub_json_value *chunk, const hfhub_json_value *cv,
                                             int idx) {
    const hfhub_json_value *d = hfhub_json_get(cv, "delta");
    hfhub__chat_achoice *c = hfhub__chat_choice_for(s, (int)hfhub_json_int(hfhub_json_get(cv, "index"), idx));
    hfhub_chat_delta dl;
    size_t n = 0;
    hfhub_result r;
    if (!c) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "chat stream: too many choices (or out of memory)");
    memset(&dl, 0, sizeof dl);
    dl.index = c->index;
    dl.chunk = chunk;
    dl.role = hfhub_json_str(hfhub_json_get(d, "role"), NULL);
    dl.content = hfhub_json_strn(hfhub_json_get(d, "content"), &dl.content_len);
    dl.reasoning = hfhub__chat_reasoning(d);
    dl.finish_reason = hfhub_json_str(hfhub_json_get(cv, "finish_reason"), NULL);
    hfhub__chat_set_once(&c->role, dl.role);
    if (dl.content) hfhub__buf_append(&c->content, dl.content, dl.content_len);
    if (dl.reasoning) hfhub__buf_puts(&c->reasoning, dl.reasoning);
    if (dl.finish_reason) {
        hfhub__buf_reset(&c->finish);
        hfhub__buf_puts(&c->finish, dl.finish_reason);
        s->finished = 1;
    }
    r = hfhub__chat_tool_frags(s, c, hfhub_json_get(d, "tool_calls"), &n);
    if (r) return r;
    dl.tool_calls = n ? s->frag : NULL;
    dl.n_tool_calls = n;
    if (hfhub_json_type_of(hfhub_json_get(chunk, "usage")) == HFHUB_JSON_OBJECT) dl.usage = &s->usage;
    if (s->fn && s->fn(s->user, &dl)) return hfhub__fail(HFHUB_ERR_CANCELLED, "chat stream: stopped by the callback");
    return HFHUB_OK;
}

static void hfhub__chat_meta(hfhub_chat_stream *s, const hfhub_json_value *root) {
    hfhub__chat_set_once(&s->id, hfhub_json_str(hfhub_json_get(root, "id"), NULL));
    hfhub__chat_set_once(&s->model, hfhub_json_str(hfhub_json_get(root, "model"), NULL));
    hfhub__chat_set_once(&s->object, hfhub_json_str(hfhub_json_get(root, "object"), NULL));
    hfhub__chat_set_once(&s->fingerprint, hfhub_json_str(hfhub_json_get(root, "system_fingerprint"), NULL));
    if (!s->created) s->created = hfhub_json_int(hfhub_json_get(root, "created"), 0);
}

static hfhub_result hfhub__chat_chunk(hfhub_chat_stream *s, const char *data, size_t len) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    const hfhub_json_value *root, *ch, *e;
    hfhub_result r = HFHUB_OK;
    size_t i;
    memset(&o, 0, sizeof o);
    o.allocator = s->a;
    if (hfhub_json_parse(data, len, &o, &doc))
        return hfhub__fail(HFHUB_ERR_PARSE, "chat stream: a chunk is not valid JSON: %.120s", data);
    root = hfhub_json_root(doc);
    e = hfhub_json_get(root, "error");
    if (e && !hfhub_json_is_null(e)) {
        r = hfhub__chat_inband(root);
    } else if (hfhub_json_type_of(root) != HFHUB_JSON_OBJECT) {
        r = hfhub__fail(HFHUB_ERR_PARSE, "chat stream: a chunk is not a JSON object: %.120s", data);
    } else {
        hfhub__chat_meta(s, root);
        if (hfhub_json_type_of(hfhub_json_get(root, "usage")) == HFHUB_JSON_OBJECT) {
            s->has_usage = 1;
            hfhub__chat_usage(hfhub_json_get(root, "usage"), &s->usage);
        }
        ch = hfhub_json_get(root, "choices");
        for (i = 0; i < hfhub_json_len(ch) && !r; i++) r = hfhub__chat_choice_delta(s, root, hfhub_json_at(ch, i), (int)i);
        if (!r && !hfhub_json_len(ch) && s->has_usage && s->fn) { /* the usage chunk */
            hfhub_chat_delta dl;
            memset(&dl, 0, sizeof dl);
            dl.usage = &s->usage;
            dl.chunk = root;
            if (s->fn(s->user, &dl)) r = hfhub__fail(HFHUB_ERR_CANCELLED, "chat stream: stopped by the callback");
        }
    }
    hfhub_json_free(doc);
    return r;
}

/* Keeps the failure's detail: the SSE reader records its own "stopped" error afterwards. */
static void hfhub__chat_keep_err(hfhub_chat_stream *s, hfhub_result r) {
    const hfhub_error *e = hfhub_last_error();
    s->err = r;
    s->err_status = e->http_status;
    hfhub__buf_reset(&s->err_msg);
    hfhub__buf_puts(&s->err_msg, e->message);
    hfhub__buf_reset(&s->err_code);
    hfhub__buf_puts(&s->err_code, e->server_code);
}

static hfhub_result hfhub__chat_reraise(hfhub_chat_stream *s) {
    return hfhub__fail_http(s->err, s->err_status, s->err_code.data ? s->err_code.data : "", "", "%s",
                            s->err_msg.data ? s->err_msg.data : hfhub_result_str(s->err));
}

static int hfhub__chat_on_event(void *user, const hfhub__sse_event *ev) {
    hfhub_chat_stream *s = (hfhub_chat_stream *)user;
    const char *d = ev->data;
    size_t n = ev->data_len;
    if (s->err || s->done) return 1;
    while (n && (*d == ' ' || *d == '\t' || *d == '\n')) d++, n--;
    while (n && (d[n - 1] == ' ' || d[n - 1] == '\t' || d[n - 1] == '\n')) n--;
    if (n == 6 && !memcmp(d, "[DONE]", 6)) {
        s->done = 1;
        return 1; /* nothing may follow */
    }
    if (!n) return 0; /* an empty data field: nothing to decode */
    if (!strcmp(ev->event, "error")) {
        hfhub__chat_keep_err(s, hfhub__fail_http(HFHUB_ERR_HTTP, 200, "", "", "Error in the response stream: %.*s",
                                                 (int)(n > 500 ? 500 : n), d));
        return 1;
    }
    {
        hfhub_result r = hfhub__chat_chunk(s, d, n);
        if (r) hfhub__chat_keep_err(s, r);
        return r != HFHUB_OK;
    }
}

hfhub_result hfhub_chat_stream_new(hfhub_inference *inf, hfhub_chat_stream_fn fn, void *user, hfhub_chat_stream **out) {
    const hfhub_allocator *a = inf ? inf->c->a : NULL;
    hfhub_chat_stream *s = (hfhub_chat_stream *)hfhub__alloc(a, sizeof *s);
    *out = NULL;
    if (!s) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(s, 0, sizeof *s);
    s->a = a;
    s->fn = fn;
    s->user = user;
    hfhub__sse_init(&s->sse, a, (size_t)8 << 20, hfhub__chat_on_event, s);
    hfhub__buf_init(&s->id, a);
    hfhub__buf_init(&s->model, a);
    hfhub__buf_init(&s->object, a);
    hfhub__buf_init(&s->fingerprint, a);
    hfhub__buf_init(&s->err_msg, a);
    hfhub__buf_init(&s->err_code, a);
    *out = s;
    return HFHUB_OK;
}

hfhub_result hfhub_chat_stream_feed(hfhub_chat_stream *s, const void *data, size_t n) {
    hfhub_result r;
    if (s->err) return hfhub__chat_reraise(s);
    if (s->done) return HFHUB_OK; /* bytes after [DONE] are ignored */
    r = hfhub__sse_feed(&s->sse, data, n);
    if (s->err) return hfhub__chat_reraise(s);
    if (r && !s->done) hfhub__chat_keep_err(s, r);
    return s->err;
}

void hfhub_chat_stream_free(hfhub_chat_stream *s) {
    size_t i, j;
    if (!s) return;
    for (i = 0; i < s->n_choices; i++) {
        hfhub__chat_achoice *c = &s->choices[i];
        for (j = 0; j < c->n_calls; j++) {
            hfhub__buf_free(&c->calls[j].id);
            hfhub__buf_free(&c->calls[j].type);
            hfhub__buf_free(&c->calls[j].name);
            hfhub__buf_free(&c->calls[j].args);
        }
        hfhub__free(s->a, c->calls, c->cap_calls * sizeof *c->calls);
        hfhub__buf_free(&c->role);
        hfhub__buf_free(&c->content);
        hfhub__buf_free(&c->reasoning);
        hfhub__buf_free(&c->finish);
    }
    hfhub__free(s->a, s->choices, s->cap_choices * sizeof *s->choices);
    hfhub__sse_free(&s->sse);
    hfhub__buf_free(&s->id);
    hfhub__buf_free(&s->model);
    hfhub__buf_free(&s->object);
    hfhub__buf_free(&s->fingerprint);
    hfhub__buf_free(&s->err_msg);
    hfhub__buf_free(&s->err_code);
    hfhub__free(s->a, s, sizeof *s);
}

static const char *hfhub__chat_adup(hfhub__arena *ar, const hfhub__buf *b, int *oom) {
    char *s;
    if (!b->len) return NULL;
    s = hfhub__arena_strndup(ar, b->data, b->len);
    if (!s) *oom = 1;
    return s;
}

/* The accumulated calls of one choice; missing ids get "call_<index>", empty arguments "{}". */
static hfhub_result hfhub__chat_build_calls(hfhub__chat_box *bx, const hfhub__chat_achoice *c, hfhub_chat_message *m) {
    hfhub_chat_tool_call *calls;
    size_t j;
    int oom = 0;
    if (!c->n_calls) return HFHUB_OK;
    calls = (hfhub_chat_tool_call *)hfhub__arena_alloc(&bx->ar, c->n_calls * sizeof *calls);
    if (!calls) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    for (j = 0; j < c->n_calls; j++) {
        const hfhub__chat_acall *k = &c->calls[j];
        char idb[32];
        calls[j].index = k->index;
        calls[j].id = hfhub__chat_adup(&bx->ar, &k->id, &oom);
        if (!calls[j].id) {
            snprintf(idb, sizeof idb, "call_%d", k->index);
            calls[j].id = hfhub__arena_strdup(&bx->ar, idb);
        }
        calls[j].type = k->type.len ? hfhub__chat_adup(&bx->ar, &k->type, &oom) : "function";
        calls[j].name = k->name.len ? hfhub__chat_adup(&bx->ar, &k->name, &oom) : "";
        calls[j].arguments = k->args.len ? hfhub__chat_adup(&bx->ar, &k->args, &oom) : "{}";
        if (!calls[j].id) oom = 1;
    }
    m->tool_calls = calls;
    m->n_tool_calls = c->n_calls;
    return oom ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

static hfhub_result hfhub__chat_collect(hfhub_chat_stream *s, hfhub_chat_completion **out) {
    hfhub__chat_box *bx = hfhub__chat_box_new(s->a);
    hfhub_chat_completion *c;
    hfhub_result r = HFHUB_OK;
    size_t i;
    int oom = 0;
    if (!bx) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    c = &bx->pub;
    c->id = hfhub__chat_adup(&bx->ar, &s->id, &oom);
    c->model = hfhub__chat_adup(&bx->ar, &s->model, &oom);
    c->object = hfhub__chat_adup(&bx->ar, &s->object, &oom);
    c->system_fingerprint = hfhub__chat_adup(&bx->ar, &s->fingerprint, &oom);
    c->created = s->created;
    c->has_usage = s->has_usage;
    c->usage = s->usage;
    c->n_choices = s->n_choices;
    c->choices = s->n_choices ? (hfhub_chat_choice *)hfhub__arena_alloc(&bx->ar, s->n_choices * sizeof *c->choices) : NULL;
    if (s->n_choices && !c->choices) oom = 1;
    for (i = 0; c->choices && i < s->n_choices && !r; i++) {
        const hfhub__chat_achoice *a = &s->choices[i];
        hfhub_chat_choice *o = &c->choices[i];
        memset(o, 0, sizeof *o);
        o->index = a->index;
        o->finish_reason = hfhub__chat_adup(&bx->ar, &a->finish, &oom);
        o->message.role = a->role.len ? hfhub__chat_adup(&bx->ar, &a->role, &oom) : "assistant";
        o->message.content = hfhub__chat_adup(&bx->ar, &a->content, &oom);
        o->message.reasoning = hfhub__chat_adup(&bx->ar, &a->reasoning, &oom);
        r = hfhub__chat_build_calls(bx, a, &o->message);
    }
    if (!r && oom) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (r) {
        hfhub_chat_completion_free(NULL, c);
        return r;
    }
    *out = c;
    return HFHUB_OK;
}

hfhub_result hfhub_chat_stream_finish(hfhub_chat_stream *s, hfhub_chat_completion **out) {
    hfhub_result r = s->err;
    if (out) *out = NULL;
    if (!r && !s->done) {
        r = hfhub__sse_finish(&s->sse);
        if (s->err) r = s->err;
        else if (!r && !s->done && !s->finished)
            r = hfhub__fail(HFHUB_ERR_PARSE, "chat stream: the stream ended before [DONE] or a finish_reason");
    }
    if (out) {
        hfhub_result c = hfhub__chat_collect(s, out);
        if (!r) r = c;
    }
    if (r && r == s->err) hfhub__chat_reraise(s);
    return r;
}

/* ---- the calls ------------------------------------------------------------------------------- */

/* Model resolution for chat (spec §1.1): a client-level URL wins as the target and the body
 * model is the call's model (or "dummy"); otherwise the call's model, else the client's. */
static void hfhub__chat_models(const hfhub_inference *inf, const hfhub_chat_opts *o, const char **target, const char **body_model) {
    const char *call = o->model;
    if (inf->model && (!strncmp(inf->model, "http://", 7) || !strncmp(inf->model, "https://", 8))) {
        *target = inf->model;
        *body_model = call ? call : "dummy";
        return;
    }
    if (!strncmp(inf->provider, "http://", 7) || !strncmp(inf->provider, "https://", 8)) { /* provider = endpoint */
        *target = NULL;
        *body_model = call ? call : inf->model ? inf->model : "dummy";
        return;
    }
    *target = call ? call : inf->model;
    *body_model = NULL; /* the mapping's provider id */
}

static hfhub_result hfhub__chat_prepare(hfhub_inference *inf, const hfhub_chat_message *msgs, size_t n, const hfhub_chat_opts *o,
                                        int stream, hfhub__inf_target *t, hfhub__buf *body) {
    const char *target, *body_model, *cand[1];
    size_t nc;
    hfhub_result r;
    memset(t, 0, sizeof *t); /* freed by the caller whatever happens */
    hfhub__arena_init(&t->ar, inf->c->a);
    hfhub__chat_models(inf, o, &target, &body_model);
    if (!n) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "chat completion needs at least one message");
    r = hfhub__inf_candidates(inf, "conversational", target, cand, 1, &nc);
    if (r) return r;
    r = hfhub__inf_target_init(inf, "conversational", target, cand[0], t);
    if (r) return r;
    if (!body_model) body_model = t->is_url ? (o->model ? o->model : "dummy") : t->provider_id;
    hfhub__buf_init(body, inf->c->a);
    return hfhub__chat_body(body, body_model, t->provider, msgs, n, o, stream, inf->c->a);
}

static void hfhub__chat_meta_from(hfhub__chat_box *bx, const hfhub__inf_target *t, const hfhub__http_response *resp) {
    const char *rid = hfhub__http_header(resp, "X-Request-Id");
    bx->pub.provider = hfhub__arena_strdup(&bx->ar, t->provider);
    if (rid) bx->pub.request_id = hfhub__arena_strdup(&bx->ar, rid);
    if (!bx->pub.request_id) bx->pub.request_id = "";
}

hfhub_result hfhub_chat_completion_create(hfhub_inference *inf, const hfhub_chat_message *messages, size_t n_messages,
                                          const hfhub_chat_opts *opts, hfhub_chat_completion **out) {
    hfhub_chat_opts z;
    hfhub__inf_target t;
    hfhub__buf body;
    hfhub__inf_post p;
    hfhub__http_response resp;
    hfhub__chat_box *bx = NULL;
    const hfhub_json_value *root;
    hfhub_result r;
    *out = NULL;
    if (!opts) {
        memset(&z, 0, sizeof z);
        opts = &z;
    }
    hfhub__buf_init(&body, inf->c->a);
    r = hfhub__chat_prepare(inf, messages, n_messages, opts, 0, &t, &body);
    memset(&resp, 0, sizeof resp);
    if (!r) {
        memset(&p, 0, sizeof p);
        p.body = body.data;
        p.body_len = body.len;
        r = hfhub__inf_request(inf, &t, &p, &resp);
    }
    if (!r && !(bx = hfhub__chat_box_new(inf->c->a))) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r) {
        r = hfhub__json_parse_in(&bx->ar, resp.body.data ? resp.body.data : "", resp.body.len, 0, &root);
        if (r) r = hfhub__fail(HFHUB_ERR_PARSE, "chat completion: the answer is not JSON (Content-Type %s): %.100s",
                               hfhub__http_header(&resp, "Content-Type") ? hfhub__http_header(&resp, "Content-Type") : "none",
                               resp.body.data ? resp.body.data : "");
        else if (hfhub_json_get(root, "error") && !hfhub_json_is_null(hfhub_json_get(root, "error")))
            r = hfhub__chat_inband(root);
        else r = hfhub__chat_fill(bx, root);
    }
    if (!r) {
        hfhub__chat_meta_from(bx, &t, &resp);
        *out = &bx->pub;
    } else if (bx) {
        hfhub_chat_completion_free(inf, &bx->pub);
    }
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&body);
    hfhub__inf_target_free(&t);
    return r;
}

/* The streaming sink: SSE bytes go to the decoder; an error body or a non-SSE answer is
 * collected (bounded) for the error message. */
typedef struct hfhub__chat_sink {
    hfhub_chat_stream *s;
    int status, is_sse;
    hfhub__buf other;
} hfhub__chat_sink;

static int hfhub__chat_on_status(void *u, int status) {
    ((hfhub__chat_sink *)u)->status = status;
    return 0;
}

static int hfhub__chat_on_header(void *u, const char *name, const char *value) {
    hfhub__chat_sink *k = (hfhub__chat_sink *)u;
    if (hfhub__ascii_ieq(name, "Content-Type")) k->is_sse = strstr(value, "text/event-stream") != NULL;
    return 0;
}

static int hfhub__chat_on_body(void *u, const void *data, size_t n) {
    hfhub__chat_sink *k = (hfhub__chat_sink *)u;
    if (k->status < 400 && k->is_sse) return hfhub_chat_stream_feed(k->s, data, n) != HFHUB_OK;
    if (k->other.len + n > ((size_t)1 << 20)) return 1;
    hfhub__buf_append(&k->other, data, n);
    return 0;
}

/* After the exchange: maps what went wrong, if anything. */
static hfhub_result hfhub__chat_stream_outcome(hfhub__chat_sink *k, hfhub_result r, const hfhub__http_response *resp,
                                               const char *url) {
    const char *ct = hfhub__http_header(resp, "Content-Type");
    if (k->status >= 400) return hfhub__inf_map_error(resp, url, k->other.data, k->other.len);
    if (k->s->err) return k->s->err;
    if (r) return r;
    if (!k->is_sse) {
        hfhub_json_doc *doc = NULL;
        hfhub_json_parse_opts o;
        memset(&o, 0, sizeof o);
        o.allocator = k->other.a;
        if (k->other.len && !hfhub_json_parse(k->other.data, k->other.len, &o, &doc) && hfhub_json_get(hfhub_json_root(doc), "error")) {
            r = hfhub__chat_inband(hfhub_json_root(doc));
            hfhub_json_free(doc);
            return r;
        }
        hfhub_json_free(doc);
        return hfhub__fail(HFHUB_ERR_PARSE, "chat stream: expected a text/event-stream answer, got %s", ct ? ct : "no Content-Type");
    }
    return HFHUB_OK;
}

hfhub_result hfhub_chat_completion_stream(hfhub_inference *inf, const hfhub_chat_message *messages, size_t n_messages,
                                          const hfhub_chat_opts *opts, hfhub_chat_stream_fn fn, void *user,
                                          hfhub_chat_completion **out) {
    hfhub_chat_opts z;
    hfhub__inf_target t;
    hfhub__buf body;
    hfhub__inf_post p;
    hfhub__http_response resp;
    hfhub_http_sink sink;
    hfhub__chat_sink k;
    hfhub_result r, fin;
    if (out) *out = NULL;
    if (!opts) {
        memset(&z, 0, sizeof z);
        opts = &z;
    }
    hfhub__buf_init(&body, inf->c->a);
    memset(&resp, 0, sizeof resp);
    memset(&k, 0, sizeof k);
    hfhub__buf_init(&k.other, inf->c->a);
    r = hfhub__chat_prepare(inf, messages, n_messages, opts, 1, &t, &body);
    if (!r) r = hfhub_chat_stream_new(inf, fn, user, &k.s);
    if (!r) {
        memset(&sink, 0, sizeof sink);
        sink.user = &k;
        sink.on_status = hfhub__chat_on_status;
        sink.on_header = hfhub__chat_on_header;
        sink.on_body = hfhub__chat_on_body;
        memset(&p, 0, sizeof p);
        p.body = body.data;
        p.body_len = body.len;
        p.accept = "text/event-stream";
        p.sink = &sink;
        r = hfhub__inf_request(inf, &t, &p, &resp);
        r = hfhub__chat_stream_outcome(&k, r, &resp, t.url);
        fin = hfhub_chat_stream_finish(k.s, out);
        if (!r && k.status < 400) r = fin;
        if (out && *out) hfhub__chat_meta_from((hfhub__chat_box *)*out, &t, &resp);
    }
    hfhub_chat_stream_free(k.s);
    hfhub__buf_free(&k.other);
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&body);
    hfhub__inf_target_free(&t);
    return r;
}

#undef HFHUB__CHAT_MAX_CHOICES
#undef HFHUB__CHAT_MAX_CALLS
