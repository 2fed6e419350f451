/* task_methods.c: the typed task methods over hfhub__task_run (tasks.c). */
#include <string.h>

/* JSON text of a string, or of an array of strings, into b. */
static hfhub_result hfhub__tm_strings(hfhub__buf *b, const char *const *s, size_t n, int as_array) {
    hfhub__jw w;
    size_t i;
    hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
    if (as_array) hfhub__jw_begin_array(&w);
    for (i = 0; i < n; i++) hfhub__jw_string(&w, s[i] ? s[i] : "");
    if (as_array) hfhub__jw_end_array(&w);
    return hfhub__jw_result(&w);
}

/* A call with inputs = one string. */
static hfhub_result hfhub__tm_text(hfhub_inference *inf, const char *task, const char *text, const char *params,
                                   int binary_out, const hfhub_inference_opts *o, hfhub_inference_result **out) {
    hfhub__task_req q;
    hfhub__buf b;
    hfhub_result r;
    *out = NULL;
    if (!text) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s: no input text", task);
    hfhub__buf_init(&b, inf->c->a);
    r = hfhub__tm_strings(&b, &text, 1, 0);
    memset(&q, 0, sizeof q);
    q.task = task;
    q.inputs_json = b.data;
    q.text = text;
    q.params = params ? params : o ? o->parameters : NULL;
    q.binary_out = binary_out;
    if (!r) r = hfhub__task_run(inf, &q, o, out);
    hfhub__buf_free(&b);
    return r;
}

static hfhub_result hfhub__tm_blob(hfhub_inference *inf, const char *task, const hfhub_blob *blob, const char *text,
                                   const char *params, int binary_out, const hfhub_inference_opts *o,
                                   hfhub_inference_result **out) {
    hfhub__task_req q;
    *out = NULL;
    if (!blob || (!blob->data && blob->len)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "%s: no input bytes", task);
    memset(&q, 0, sizeof q);
    q.task = task;
    q.blob = blob;
    q.text = text;
    q.params = params ? params : o ? o->parameters : NULL;
    q.binary_out = binary_out;
    return hfhub__task_run(inf, &q, o, out);
}

/* Re-parses text as the result's JSON (a normalised answer), in the result's arena. */
static hfhub_result hfhub__tm_rejson(hfhub_inference_result *res, const hfhub__buf *b) {
    hfhub__task_box *bx = (hfhub__task_box *)res;
    if (b->failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    return hfhub__json_parse_in(&bx->ar, b->data, b->len, 0, &res->json);
}

/* [x] -> x (Python takes [0] of list answers for these tasks). */
static void hfhub__tm_unwrap(hfhub_inference_result *r) {
    if (hfhub_json_type_of(r->json) == HFHUB_JSON_ARRAY && hfhub_json_len(r->json) == 1) r->json = hfhub_json_at(r->json, 0);
}

/* OpenAI completions answer -> {"generated_text", "details": {"finish_reason", "seed"}}. */
static hfhub_result hfhub__tm_tg_normalise(hfhub_inference *inf, hfhub_inference_result *res) {
    const hfhub_json_value *c0 = hfhub_json_path(res->json, "choices.0");
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    if (!c0) {
        hfhub__tm_unwrap(res);
        if (!hfhub_json_get(res->json, "generated_text"))
            return hfhub__fail(HFHUB_ERR_PARSE, "text_generation: no generated_text in the answer");
        return HFHUB_OK;
    }
    hfhub__buf_init(&b, inf->c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "generated_text", hfhub_json_str(hfhub_json_get(c0, "text"), ""));
    hfhub__jw_key(&w, "details");
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "finish_reason", hfhub_json_str(hfhub_json_get(c0, "finish_reason"), NULL));
    hfhub__jw_key(&w, "seed");
    hfhub__jw_null(&w);
    hfhub__jw_end_object(&w);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__tm_rejson(res, &b);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_text_generation(hfhub_inference *inf, const char *prompt, const hfhub_inference_opts *opts,
                                   hfhub_inference_result **out) {
    hfhub_result r = hfhub__tm_text(inf, "text-generation", prompt, NULL, 0, opts, out);
    if (!r) r = hfhub__tm_tg_normalise(inf, *out);
    if (r && *out) {
        hfhub_inference_result_free(inf, *out);
        *out = NULL;
    }
    return r;
}

/* ---- streamed text generation --------------------------------------------------------------- */

typedef struct hfhub__tm_tgs {
    hfhub_token_fn fn;
    void *user;
    hfhub__sse sse;
    int status, is_sse;
    hfhub__buf text, last, other;  /* concatenated tokens, the last event, a non-SSE body */
    hfhub_result err;
    int done;
    const hfhub_allocator *a;
} hfhub__tm_tgs;

static int hfhub__tm_tgs_event(void *u, const hfhub__sse_event *ev) {
    hfhub__tm_tgs *s = (hfhub__tm_tgs *)u;
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    const hfhub_json_value *root;
    const char *tok;
    if (!strcmp(ev->data, "[DONE]")) {
        s->done = 1;
        return 1;
    }
    memset(&o, 0, sizeof o);
    o.allocator = s->a;
    if (hfhub_json_parse(ev->data, ev->data_len, &o, &doc)) {
        s->err = hfhub__fail(HFHUB_ERR_PARSE, "text generation stream: an event is not JSON: %.100s", ev->data);
        return 1;
    }
    root = hfhub_json_root(doc);
    s->err = hfhub__task_inband(root);
    tok = hfhub_json_str(hfhub_json_path(root, "token.text"), NULL);
    if (!tok) tok = hfhub_json_str(hfhub_json_path(root, "choices.0.text"), NULL);
    if (!s->err && tok && !(hfhub_json_bool(hfhub_json_path(root, "token.special"), 0))) hfhub__buf_puts(&s->text, tok);
    if (!s->err) {
        hfhub__buf_reset(&s->last);
        hfhub__buf_append(&s->last, ev->data, ev->data_len);
        if (hfhub_json_str(hfhub_json_get(root, "generated_text"), NULL)) s->done = 1;
    }
    if (!s->err && tok && s->fn && s->fn(s->user, tok, root))
        s->err = hfhub__fail(HFHUB_ERR_CANCELLED, "text generation stream: stopped by the callback");
    hfhub_json_free(doc);
    return s->err != HFHUB_OK;
}

static int hfhub__tm_tgs_status(void *u, int st) {
    ((hfhub__tm_tgs *)u)->status = st;
    return 0;
}

static int hfhub__tm_tgs_header(void *u, const char *n, const char *v) {
    if (hfhub__ascii_ieq(n, "Content-Type")) ((hfhub__tm_tgs *)u)->is_sse = strstr(v, "text/event-stream") != NULL;
    return 0;
}

static int hfhub__tm_tgs_body(void *u, const void *d, size_t n) {
    hfhub__tm_tgs *s = (hfhub__tm_tgs *)u;
    if (s->status < 400 && s->is_sse) {
        if (s->done) return 0;
        return hfhub__sse_feed(&s->sse, d, n) != HFHUB_OK && !s->done;
    }
    if (s->other.len + n > 65536) return 1;
    hfhub__buf_append(&s->other, d, n);
    return 0;
}

/* The stream's result JSON: the last event's generated_text/details, else the tokens. */
static hfhub_result hfhub__tm_tgs_result(hfhub_inference *inf, hfhub__tm_tgs *s, hfhub_inference_result *res) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    const hfhub_json_value *root;
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    memset(&o, 0, sizeof o);
    o.allocator = inf->c->a;
    hfhub_json_parse(s->last.data ? s->last.data : "{}", s->last.len ? s->last.len : 2, &o, &doc);
    root = hfhub_json_root(doc);
    hfhub__buf_init(&b, inf->c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "generated_text");
    if (hfhub_json_str(hfhub_json_get(root, "generated_text"), NULL)) hfhub__jw_value(&w, hfhub_json_get(root, "generated_text"));
    else hfhub__jw_stringn(&w, s->text.data ? s->text.data : "", s->text.len);
    hfhub__jw_key(&w, "details");
    if (hfhub_json_get(root, "details")) hfhub__jw_value(&w, hfhub_json_get(root, "details"));
    else hfhub__jw_null(&w);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__tm_rejson(res, &b);
    hfhub__buf_free(&b);
    hfhub_json_free(doc);
    return r;
}

hfhub_result hfhub_text_generation_stream(hfhub_inference *inf, const char *prompt, const hfhub_inference_opts *opts,
                                          hfhub_token_fn fn, void *user, hfhub_inference_result **out) {
    hfhub__task_req q;
    hfhub__tm_tgs s;
    hfhub_http_sink sink;
    hfhub__buf in;
    hfhub_result r;
    *out = NULL;
    if (!prompt) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "text_generation: no prompt");
    memset(&s, 0, sizeof s);
    s.fn = fn;
    s.user = user;
    s.a = inf->c->a;
    hfhub__sse_init(&s.sse, s.a, 0, hfhub__tm_tgs_event, &s);
    hfhub__buf_init(&s.text, s.a);
    hfhub__buf_init(&s.last, s.a);
    hfhub__buf_init(&s.other, s.a);
    hfhub__buf_init(&in, s.a);
    memset(&sink, 0, sizeof sink);
    sink.user = &s;
    sink.on_status = hfhub__tm_tgs_status;
    sink.on_header = hfhub__tm_tgs_header;
    sink.on_body = hfhub__tm_tgs_body;
    memset(&q, 0, sizeof q);
    q.task = "text-generation";
    q.text = prompt;
    q.params = opts ? opts->parameters : NULL;
    q.stream = 1;
    q.sink = &sink;
    r = hfhub__tm_strings(&in, &prompt, 1, 0);
    q.inputs_json = in.data;
    if (!r) r = hfhub__task_run(inf, &q, opts, out);
    if (!r && s.status >= 400) { /* the error body went to the sink: mapped with it */
        hfhub__http_response fake;
        memset(&fake, 0, sizeof fake);
        fake.status = s.status;
        fake.body = s.other;
        r = hfhub__inf_map_error(&fake, (*out)->url, s.other.data, s.other.len);
        hfhub_inference_result_free(inf, *out);
        *out = NULL;
    }
    if (!r && s.err) r = s.err;
    if (!r && !s.is_sse) r = hfhub__fail(HFHUB_ERR_PARSE, "text generation stream: expected text/event-stream");
    if (!r && !s.done) {
        r = hfhub__sse_finish(&s.sse);
        if (!r && s.err) r = s.err;
        if (!r && !s.done) r = hfhub__fail(HFHUB_ERR_PARSE, "text generation stream: the stream ended early");
    }
    if (*out) {
        hfhub_result j = hfhub__tm_tgs_result(inf, &s, *out);
        if (!r) r = j;
    }
    hfhub__sse_free(&s.sse);
    hfhub__buf_free(&s.text);
    hfhub__buf_free(&s.last);
    hfhub__buf_free(&s.other);
    hfhub__buf_free(&in);
    return r;
}

/* ---- embeddings ---------------------------------------------------------------------------- */

/* rows of numbers from [[...],...], [...] (one row) or {"data": [{"embedding": [...]}]}. */
static hfhub_result hfhub__tm_embeddings(hfhub_inference *inf, const hfhub_json_value *j, hfhub_embeddings **out) {
    const hfhub_json_value *rows[1] = {NULL};
    size_t nrows, dim, i, k;
    hfhub_embeddings *e;
    int openai = hfhub_json_type_of(hfhub_json_get(j, "data")) == HFHUB_JSON_ARRAY;
    int single = !openai && hfhub_json_type_of(hfhub_json_at(j, 0)) == HFHUB_JSON_NUMBER;
    (void)rows;
    if (openai) j = hfhub_json_get(j, "data");
    else if (hfhub_json_type_of(j) != HFHUB_JSON_ARRAY) return hfhub__fail(HFHUB_ERR_PARSE, "feature_extraction: the answer is not a list");
    nrows = single ? 1 : hfhub_json_len(j);
#define HFHUB__TM_ROW(i) (single ? j : openai ? hfhub_json_get(hfhub_json_at(j, i), "embedding") : hfhub_json_at(j, i))
    dim = nrows ? hfhub_json_len(HFHUB__TM_ROW(0)) : 0;
    if (nrows && dim > ((size_t)-1 - sizeof *e) / sizeof(float) / nrows)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "feature_extraction: too large");
    e = (hfhub_embeddings *)hfhub__out_alloc(inf->c, sizeof *e + nrows * dim * sizeof(float));
    if (!e) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    e->rows = nrows;
    e->dim = dim;
    e->data = (float *)(e + 1);
    for (i = 0; i < nrows; i++) {
        const hfhub_json_value *row = HFHUB__TM_ROW(i);
        if (hfhub_json_len(row) != dim) {
            hfhub_free(inf->c, e);
            return hfhub__fail(HFHUB_ERR_PARSE, "feature_extraction: rows of different lengths (or nested tokens)");
        }
        for (k = 0; k < dim; k++) {
            const hfhub_json_value *v = hfhub_json_at(row, k);
            if (hfhub_json_type_of(v) != HFHUB_JSON_NUMBER) {
                hfhub_free(inf->c, e);
                return hfhub__fail(HFHUB_ERR_PARSE, "feature_extraction: a value is not a number");
            }
            e->data[i * dim + k] = (float)hfhub_json_double(v, 0);
        }
    }
#undef HFHUB__TM_ROW
    *out = e;
    return HFHUB_OK;
}

hfhub_result hfhub_feature_extraction(hfhub_inference *inf, const char *const *texts, size_t n,
                                      const hfhub_inference_opts *opts, hfhub_embeddings **out) {
    hfhub__task_req q;
    hfhub__buf b;
    hfhub_inference_result *res = NULL;
    hfhub_result r;
    *out = NULL;
    if (!n) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "feature_extraction: no input");
    hfhub__buf_init(&b, inf->c->a);
    r = hfhub__tm_strings(&b, texts, n, n > 1);
    memset(&q, 0, sizeof q);
    q.task = "feature-extraction";
    q.inputs_json = b.data;
    q.text = texts[0];
    q.params = opts ? opts->parameters : NULL;
    if (!r) r = hfhub__task_run(inf, &q, opts, &res);
    if (!r) r = hfhub__tm_embeddings(inf, res->json, out);
    hfhub_inference_result_free(inf, res);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_sentence_similarity(hfhub_inference *inf, const char *source, const char *const *sentences, size_t n,
                                       const hfhub_inference_opts *opts, hfhub_inference_result **out) {
    hfhub__task_req q;
    hfhub__buf b;
    hfhub__jw w;
    size_t i;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, inf->c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "source_sentence", source ? source : "");
    hfhub__jw_key(&w, "sentences");
    hfhub__jw_begin_array(&w);
    for (i = 0; i < n; i++) hfhub__jw_string(&w, sentences[i] ? sentences[i] : "");
    hfhub__jw_end_array(&w);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    memset(&q, 0, sizeof q);
    q.task = "sentence-similarity";
    q.inputs_json = b.data;
    q.params = opts ? opts->parameters : NULL;
    if (!r) r = hfhub__task_run(inf, &q, opts, out);
    hfhub__buf_free(&b);
    return r;
}

/* ---- image and audio ------------------------------------------------------------------------- */

hfhub_result hfhub_text_to_image(hfhub_inference *inf, const char *prompt, const hfhub_inference_opts *opts,
                                 hfhub_inference_result **out) {
    return hfhub__tm_text(inf, "text-to-image", prompt, NULL, 1, opts, out);
}

hfhub_result hfhub_image_to_image(hfhub_inference *inf, const hfhub_blob *image, const char *prompt,
                                  const hfhub_inference_opts *opts, hfhub_inference_result **out) {
    return hfhub__tm_blob(inf, "image-to-image", image, prompt, NULL, 1, opts, out);
}

hfhub_result hfhub_text_to_video(hfhub_inference *inf, const char *prompt, const hfhub_inference_opts *opts,
                                 hfhub_inference_result **out) {
    return hfhub__tm_text(inf, "text-to-video", prompt, NULL, 1, opts, out);
}

hfhub_result hfhub_image_to_video(hfhub_inference *inf, const hfhub_blob *image, const char *prompt,
                                  const hfhub_inference_opts *opts, hfhub_inference_result **out) {
    return hfhub__tm_blob(inf, "image-to-video", image, prompt, NULL, 1, opts, out);
}

hfhub_result hfhub_automatic_speech_recognition(hfhub_inference *inf, const hfhub_blob *audio, const hfhub_inference_opts *opts,
                                                hfhub_inference_result **out) {
    hfhub_result r = hfhub__tm_blob(inf, "automatic-speech-recognition", audio, NULL, NULL, 0, opts, out);
    if (!r && !hfhub_json_str(hfhub_json_get((*out)->json, "text"), NULL) && hfhub_json_get((*out)->json, "output"))
        (*out)->json = hfhub_json_get((*out)->json, "output"); /* replicate */
    return r;
}

hfhub_result hfhub_text_to_speech(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                                  hfhub_inference_result **out) {
    return hfhub__tm_text(inf, "text-to-speech", text, NULL, 1, opts, out);
}

hfhub_result hfhub_image_classification(hfhub_inference *inf, const hfhub_blob *image, const hfhub_inference_opts *opts,
                                        hfhub_inference_result **out) {
    return hfhub__tm_blob(inf, "image-classification", image, NULL, NULL, 0, opts, out);
}

hfhub_result hfhub_object_detection(hfhub_inference *inf, const hfhub_blob *image, const hfhub_inference_opts *opts,
                                    hfhub_inference_result **out) {
    return hfhub__tm_blob(inf, "object-detection", image, NULL, NULL, 0, opts, out);
}

hfhub_result hfhub_image_segmentation(hfhub_inference *inf, const hfhub_blob *image, const hfhub_inference_opts *opts,
                                      hfhub_inference_result **out) {
    return hfhub__tm_blob(inf, "image-segmentation", image, NULL, NULL, 0, opts, out);
}

hfhub_result hfhub_image_to_text(hfhub_inference *inf, const hfhub_blob *image, const hfhub_inference_opts *opts,
                                 hfhub_inference_result **out) {
    hfhub_result r = hfhub__tm_blob(inf, "image-to-text", image, NULL, NULL, 0, opts, out);
    if (!r) hfhub__tm_unwrap(*out);
    return r;
}

/* {"candidate_labels": [...], <more>...} from labels and the caller's parameters. */
static hfhub_result hfhub__tm_label_params(hfhub__buf *b, const char *const *labels, size_t n, int multi_label,
                                           const hfhub_inference_opts *o, const hfhub_allocator *a) {
    hfhub__jw w;
    size_t i;
    hfhub_result r;
    hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "candidate_labels");
    hfhub__jw_begin_array(&w);
    for (i = 0; i < n; i++) hfhub__jw_string(&w, labels[i] ? labels[i] : "");
    hfhub__jw_end_array(&w);
    if (multi_label >= 0) hfhub__jw_kv_bool(&w, "multi_label", multi_label);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r && o && o->parameters) r = hfhub__inf_merge_extra(b, o->parameters, a);
    return r;
}

hfhub_result hfhub_zero_shot_image_classification(hfhub_inference *inf, const hfhub_blob *image, const char *const *labels,
                                                  size_t n_labels, const hfhub_inference_opts *opts,
                                                  hfhub_inference_result **out) {
    hfhub__buf p;
    hfhub_result r;
    *out = NULL;
    if (n_labels < 2) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "You must specify at least 2 classes to compare.");
    hfhub__buf_init(&p, inf->c->a);
    r = hfhub__tm_label_params(&p, labels, n_labels, -1, opts, inf->c->a);
    if (!r) r = hfhub__tm_blob(inf, "zero-shot-image-classification", image, NULL, p.data, 0, opts, out);
    hfhub__buf_free(&p);
    return r;
}

/* ---- text ------------------------------------------------------------------------------------ */

hfhub_result hfhub_summarization(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                                 hfhub_inference_result **out) {
    hfhub_result r = hfhub__tm_text(inf, "summarization", text, NULL, 0, opts, out);
    if (!r) hfhub__tm_unwrap(*out);
    return r;
}

hfhub_result hfhub_translation(hfhub_inference *inf, const char *text, const char *src_lang, const char *tgt_lang,
                               const hfhub_inference_opts *opts, hfhub_inference_result **out) {
    hfhub__buf p;
    hfhub__jw w;
    hfhub_result r;
    *out = NULL;
    if ((src_lang == NULL) != (tgt_lang == NULL))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "If one of `src_lang` or `tgt_lang` is given, the other must be given as well.");
    if (!src_lang) {
        r = hfhub__tm_text(inf, "translation", text, NULL, 0, opts, out);
    } else {
        hfhub__buf_init(&p, inf->c->a);
        hfhub__jw_init(&w, &p, HFHUB__JW_COMPACT);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_string(&w, "src_lang", src_lang);
        hfhub__jw_kv_string(&w, "tgt_lang", tgt_lang);
        hfhub__jw_end_object(&w);
        r = hfhub__jw_result(&w);
        if (!r && opts && opts->parameters) r = hfhub__inf_merge_extra(&p, opts->parameters, inf->c->a);
        if (!r) r = hfhub__tm_text(inf, "translation", text, p.data, 0, opts, out);
        hfhub__buf_free(&p);
    }
    if (!r) hfhub__tm_unwrap(*out);
    return r;
}

hfhub_result hfhub_text_classification(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                                       hfhub_inference_result **out) {
    hfhub_result r = hfhub__tm_text(inf, "text-classification", text, NULL, 0, opts, out);
    /* [[{label, score}...]] -> [{label, score}...] */
    if (!r && hfhub_json_type_of(hfhub_json_at((*out)->json, 0)) == HFHUB_JSON_ARRAY) (*out)->json = hfhub_json_at((*out)->json, 0);
    return r;
}

hfhub_result hfhub_token_classification(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                                        hfhub_inference_result **out) {
    return hfhub__tm_text(inf, "token-classification", text, NULL, 0, opts, out);
}

hfhub_result hfhub_fill_mask(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                             hfhub_inference_result **out) {
    return hfhub__tm_text(inf, "fill-mask", text, NULL, 0, opts, out);
}

/* A call whose inputs is a JSON object built by the caller. */
static hfhub_result hfhub__tm_obj(hfhub_inference *inf, const char *task, hfhub__buf *b, hfhub__jw *w,
                                  const hfhub_inference_opts *o, hfhub_inference_result **out) {
    hfhub__task_req q;
    hfhub_result r = hfhub__jw_result(w);
    memset(&q, 0, sizeof q);
    q.task = task;
    q.inputs_json = b->data;
    q.params = o ? o->parameters : NULL;
    if (!r) r = hfhub__task_run(inf, &q, o, out);
    hfhub__buf_free(b);
    return r;
}

hfhub_result hfhub_question_answering(hfhub_inference *inf, const char *question, const char *context,
                                      const hfhub_inference_opts *opts, hfhub_inference_result **out) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, inf->c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "question", question ? question : "");
    hfhub__jw_kv_string(&w, "context", context ? context : "");
    hfhub__jw_end_object(&w);
    r = hfhub__tm_obj(inf, "question-answering", &b, &w, opts, out);
    if (!r) hfhub__tm_unwrap(*out);
    return r;
}

hfhub_result hfhub_zero_shot_classification(hfhub_inference *inf, const char *text, const char *const *labels,
                                            size_t n_labels, int multi_label, const hfhub_inference_opts *opts,
                                            hfhub_inference_result **out) {
    hfhub__buf p;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&p, inf->c->a);
    r = hfhub__tm_label_params(&p, labels, n_labels, multi_label ? 1 : 0, opts, inf->c->a);
    if (!r) r = hfhub__tm_text(inf, "zero-shot-classification", text, p.data, 0, opts, out);
    hfhub__buf_free(&p);
    return r;
}

hfhub_result hfhub_table_question_answering(hfhub_inference *inf, const char *table_json, const char *query,
                                            const hfhub_inference_opts *opts, hfhub_inference_result **out) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    *out = NULL;
    if (!table_json) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "table_question_answering: no table");
    hfhub__buf_init(&b, inf->c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "query", query ? query : "");
    hfhub__jw_key(&w, "table");
    r = hfhub__inf_jw_json(&w, table_json, inf->c->a);
    hfhub__jw_end_object(&w);
    if (r) {
        hfhub__buf_free(&b);
        return r;
    }
    return hfhub__tm_obj(inf, "table-question-answering", &b, &w, opts, out);
}
