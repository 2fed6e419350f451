/* tasks.c: task payloads per provider, answers normalised to the hf-inference shape, binary
 * inputs and outputs, queue polling, and the typed task methods. */
#include <string.h>

typedef struct hfhub__task_box {
    hfhub_inference_result pub;
    hfhub__arena ar;
    const hfhub_allocator *a;
} hfhub__task_box;

/* What one task call sends. */
typedef struct hfhub__task_req {
    const char *task;
    const char *inputs_json;   /* the "inputs" value as JSON text, or NULL with a blob */
    const char *text;          /* the main text (prompts for provider payloads), may be NULL */
    const hfhub_blob *blob;    /* binary input, or NULL */
    const char *params;        /* the parameters as a JSON object text, or NULL */
    int binary_out;            /* the answer is bytes (image, audio) */
    int stream;                /* text-generation: "stream": true */
    const hfhub_http_sink *sink;
} hfhub__task_req;

void hfhub_inference_result_free(hfhub_inference *inf, hfhub_inference_result *r) {
    hfhub__task_box *bx = (hfhub__task_box *)r;
    (void)inf;
    if (!bx) return;
    hfhub__arena_free(&bx->ar);
    hfhub__free(bx->a, bx, sizeof *bx);
}

static const char *hfhub__task_default_mime(const char *task) {
    if (!strcmp(task, "automatic-speech-recognition") || !strcmp(task, "audio-classification")) return "audio/wav";
    return strstr(task, "image") || !strcmp(task, "object-detection") ? "image/png" : "application/octet-stream";
}

/* "data:<mime>;base64,<b64>" of the blob into b. */
static void hfhub__task_data_url(hfhub__buf *b, const hfhub_blob *blob, const char *task) {
    size_t n = hfhub__base64_encoded_len(blob->len, 0);
    hfhub__buf_printf(b, "data:%s;base64,", blob->content_type ? blob->content_type : hfhub__task_default_mime(task));
    if (hfhub__buf_reserve(b, n + 1)) return;
    hfhub__base64_encode(blob->data, blob->len, b->data + b->len, 0);
    b->len += n;
}

static void hfhub__task_w_b64(hfhub__jw *w, const hfhub_blob *blob, const hfhub_allocator *a) {
    size_t n = hfhub__base64_encoded_len(blob->len, 0);
    char *s = (char *)hfhub__alloc(a, n + 1);
    if (!s) {
        hfhub__jw_raw(w, "\"\"", 2);
        w->err = HFHUB_ERR_NOMEM;
        return;
    }
    hfhub__base64_encode(blob->data, blob->len, s, 0);
    hfhub__jw_stringn(w, s, n);
    hfhub__free(a, s, n + 1);
}

/* The members of the params object, written into the open object (renamed keys per map
 * {from, to, ...}; a "to" of NULL drops the key). */
static hfhub_result hfhub__task_w_params(hfhub__jw *w, const char *params, const char *const *rename, const hfhub_allocator *a) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    const hfhub_json_value *root;
    size_t i, kl, j;
    if (!params) return HFHUB_OK;
    memset(&o, 0, sizeof o);
    o.allocator = a;
    if (hfhub_json_parse(params, strlen(params), &o, &doc) || hfhub_json_type_of(hfhub_json_root(doc)) != HFHUB_JSON_OBJECT) {
        hfhub_json_free(doc);
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "parameters must be a JSON object");
    }
    root = hfhub_json_root(doc);
    for (i = 0; i < hfhub_json_len(root); i++) {
        const char *k = hfhub_json_key_at(root, i, &kl);
        const hfhub_json_value *v = hfhub_json_at(root, i);
        int drop = hfhub_json_is_null(v);
        for (j = 0; rename && rename[j] && !drop; j += 2)
            if (!strcmp(rename[j], k)) {
                if (!rename[j + 1]) drop = 1;
                else k = rename[j + 1], kl = strlen(k);
                break;
            }
        if (drop) continue;
        hfhub__jw_keyn(w, k, kl);
        hfhub__jw_value(w, v);
    }
    hfhub_json_free(doc);
    return HFHUB_OK;
}

static int hfhub__task_is(const char *a, const char *b) { return !strcmp(a, b); }

/* The "inputs" value. */
static hfhub_result hfhub__task_w_inputs(hfhub__jw *w, const hfhub__task_req *q, const hfhub_allocator *a) {
    if (q->blob) {
        hfhub__task_w_b64(w, q->blob, a);
        return HFHUB_OK;
    }
    return hfhub__inf_jw_json(w, q->inputs_json ? q->inputs_json : "null", a);
}

/* hf-inference (and URL endpoints): raw bytes, or {"inputs", "parameters"} (§1.5). */
static hfhub_result hfhub__task_body_hf(const hfhub__task_req *q, hfhub__jw *w, const hfhub_allocator *a) {
    hfhub_result r;
    hfhub__jw_begin_object(w);
    hfhub__jw_key(w, "inputs");
    r = hfhub__task_w_inputs(w, q, a);
    if (!r && q->params) {
        if (hfhub__task_is(q->task, "feature-extraction")) {
            r = hfhub__task_w_params(w, q->params, NULL, a);
        } else {
            hfhub__jw_key(w, "parameters");
            hfhub__jw_begin_object(w);
            r = hfhub__task_w_params(w, q->params, NULL, a);
            hfhub__jw_end_object(w);
        }
    }
    if (q->stream) hfhub__jw_kv_bool(w, "stream", 1);
    hfhub__jw_end_object(w);
    return r;
}

static const char *const hfhub__task_tgi_to_openai[] = {"max_new_tokens", "max_tokens", "details", NULL, "stop_sequences", "stop", NULL};
static const char *const hfhub__task_together_img[] = {"num_inference_steps", "steps", "guidance_scale", "guidance", NULL};
static const char *const hfhub__task_nscale_img[] = {"num_inference_steps", NULL, "width", NULL, "height", NULL, NULL};

/* Width/height of the params (for nscale's size and fal's image_size), 0 when absent. */
static void hfhub__task_wh(const char *params, const hfhub_allocator *a, int64_t *wd, int64_t *ht) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    *wd = *ht = 0;
    if (!params) return;
    memset(&o, 0, sizeof o);
    o.allocator = a;
    if (hfhub_json_parse(params, strlen(params), &o, &doc)) return;
    *wd = hfhub_json_int(hfhub_json_get(hfhub_json_root(doc), "width"), 0);
    *ht = hfhub_json_int(hfhub_json_get(hfhub_json_root(doc), "height"), 0);
    hfhub_json_free(doc);
}

/* Provider payloads (§2.2-§2.6). */
static hfhub_result hfhub__task_body_provider(const hfhub__inf_target *t, const hfhub__task_req *q, hfhub__jw *w,
                                              hfhub__buf *scratch, const hfhub_allocator *a) {
    const char *p = t->provider, *task = q->task, *text = q->text ? q->text : "";
    hfhub_result r = HFHUB_OK;
    int64_t wd, ht;
    hfhub__jw_begin_object(w);
    if (hfhub__task_is(task, "feature-extraction")) {
        hfhub__jw_key(w, "input");
        r = hfhub__task_w_inputs(w, q, a);
        if (!r) r = hfhub__task_w_params(w, q->params, NULL, a);
        hfhub__jw_kv_string(w, "model", t->provider_id);
    } else if (hfhub__task_is(task, "text-generation")) {
        int rename = hfhub__task_is(p, "deepinfra") || hfhub__task_is(p, "featherless-ai");
        hfhub__jw_kv_string(w, "prompt", text);
        r = hfhub__task_w_params(w, q->params, rename ? hfhub__task_tgi_to_openai : hfhub__task_tgi_to_openai + 2, a);
        hfhub__jw_kv_string(w, "model", t->provider_id);
    } else if (hfhub__task_is(p, "replicate")) {
        const char *colon = strchr(t->provider_id, ':');
        hfhub__jw_key(w, "input");
        hfhub__jw_begin_object(w);
        if (q->blob) {
            hfhub__task_data_url(scratch, q->blob, task);
            hfhub__jw_kv_string(w, hfhub__task_is(task, "automatic-speech-recognition") ? "audio" : "image", scratch->data);
        }
        if (q->text) hfhub__jw_kv_string(w, hfhub__task_is(task, "text-to-speech") ? "text" : "prompt", text);
        r = hfhub__task_w_params(w, q->params, NULL, a);
        if (t->mapping && t->mapping->adapter && hfhub__task_is(t->mapping->adapter, "lora")) {
            hfhub__buf_reset(scratch);
            hfhub__buf_printf(scratch, "https://huggingface.co/%s", t->model);
            hfhub__jw_kv_string(w, "lora_weights", scratch->data);
        }
        hfhub__jw_end_object(w);
        if (colon) hfhub__jw_kv_string(w, "version", colon + 1);
    } else if (hfhub__task_is(p, "fal-ai")) {
        if (q->blob) {
            hfhub__task_data_url(scratch, q->blob, task);
            hfhub__jw_kv_string(w, hfhub__task_is(task, "automatic-speech-recognition") ? "audio_url" : "image_url", scratch->data);
        }
        if (q->text) hfhub__jw_kv_string(w, hfhub__task_is(task, "text-to-speech") ? "text" : "prompt", text);
        hfhub__task_wh(q->params, a, &wd, &ht);
        if (wd > 0 && ht > 0) {
            hfhub__jw_key(w, "image_size");
            hfhub__jw_begin_object(w);
            hfhub__jw_kv_int(w, "width", wd);
            hfhub__jw_kv_int(w, "height", ht);
            hfhub__jw_end_object(w);
        }
        r = hfhub__task_w_params(w, q->params, hfhub__task_nscale_img + 2, a);
        if (hfhub__task_is(task, "image-segmentation")) hfhub__jw_kv_bool(w, "sync_mode", 1);
    } else if (hfhub__task_is(p, "together") && strstr(task, "-to-video")) { /* §2.5 */
        hfhub__jw_kv_string(w, "prompt", text);
        hfhub__jw_kv_string(w, "model", t->provider_id);
        r = hfhub__task_w_params(w, q->params, hfhub__task_together_img, a);
        if (q->blob) {
            hfhub__task_data_url(scratch, q->blob, task);
            hfhub__jw_key(w, "frame_images");
            hfhub__jw_begin_array(w);
            hfhub__jw_begin_object(w);
            hfhub__jw_kv_string(w, "input_image", scratch->data);
            hfhub__jw_kv_string(w, "frame", "first");
            hfhub__jw_end_object(w);
            hfhub__jw_end_array(w);
        }
    } else if (hfhub__task_is(p, "novita") && hfhub__task_is(task, "text-to-video")) {
        hfhub__jw_kv_string(w, "prompt", text);
        r = hfhub__task_w_params(w, q->params, NULL, a);
    } else if (hfhub__task_is(p, "together") && (hfhub__task_is(task, "text-to-image") || hfhub__task_is(task, "image-to-image"))) {
        hfhub__jw_kv_string(w, "prompt", text);
        hfhub__jw_kv_string(w, "response_format", "base64");
        if (q->blob) {
            hfhub__task_data_url(scratch, q->blob, task);
            hfhub__jw_kv_string(w, "image_url", scratch->data);
        }
        r = hfhub__task_w_params(w, q->params, hfhub__task_together_img, a);
        hfhub__jw_kv_string(w, "model", t->provider_id);
    } else if (hfhub__task_is(p, "nscale") && hfhub__task_is(task, "text-to-image")) {
        hfhub__jw_kv_string(w, "response_format", "b64_json");
        hfhub__jw_kv_string(w, "prompt", text);
        r = hfhub__task_w_params(w, q->params, hfhub__task_nscale_img, a);
        hfhub__jw_kv_string(w, "model", t->provider_id);
        hfhub__task_wh(q->params, a, &wd, &ht);
        if (wd > 0 && ht > 0) {
            hfhub__buf_reset(scratch);
            hfhub__buf_printf(scratch, "%ldx%ld", (long)wd, (long)ht);
            hfhub__jw_kv_string(w, "size", scratch->data);
        }
    } else if (hfhub__task_is(task, "text-to-speech")) { /* OpenAI speech: together, deepinfra */
        hfhub__jw_kv_string(w, "input", text);
        r = hfhub__task_w_params(w, q->params, NULL, a);
        hfhub__jw_kv_string(w, "model", t->provider_id);
    } else {
        r = hfhub__fail(HFHUB_ERR_UNSUPPORTED, "task %s through provider %s is not supported by this library yet", task, p);
    }
    hfhub__jw_end_object(w);
    return r;
}

/* The body of a call into b; *ctype the content type. */
static hfhub_result hfhub__task_body(hfhub_inference *inf, const hfhub__inf_target *t, const hfhub__task_req *q,
                                     const hfhub_inference_opts *o, hfhub__buf *b, const char **ctype) {
    const hfhub_allocator *a = inf->c->a;
    hfhub__buf scratch;
    hfhub__jw w;
    hfhub_result r;
    int hf = hfhub__task_is(t->provider, "hf-inference");
    *ctype = "application/json";
    if (hf && q->blob && !q->params && !o->extra_body) { /* raw bytes (§2.8 case 1) */
        *ctype = q->blob->content_type ? q->blob->content_type : hfhub__task_default_mime(q->task);
        hfhub__buf_append(b, q->blob->data, q->blob->len);
        return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
    }
    hfhub__buf_init(&scratch, a);
    hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
    r = hf ? hfhub__task_body_hf(q, &w, a) : hfhub__task_body_provider(t, q, &w, &scratch, a);
    if (!r && scratch.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    hfhub__buf_free(&scratch);
    if (!r) r = hfhub__jw_result(&w);
    if (!r) r = hfhub__inf_merge_extra(b, o->extra_body, a);
    return r;
}

/* ---- answers ------------------------------------------------------------------------------- */

static hfhub__task_box *hfhub__task_box_new(const hfhub_allocator *a) {
    hfhub__task_box *bx = (hfhub__task_box *)hfhub__alloc(a, sizeof *bx);
    if (!bx) return NULL;
    memset(bx, 0, sizeof *bx);
    bx->a = a;
    hfhub__arena_init(&bx->ar, a);
    bx->pub.request_id = "";
    bx->pub.content_type = "";
    return bx;
}

static int hfhub__task_ct_is(const char *ct, const char *prefix) { return ct && !strncmp(ct, prefix, strlen(prefix)); }

/* Takes resp's body into the box: bytes, and JSON parsed when the answer is JSON. */
static hfhub_result hfhub__task_take(hfhub__task_box *bx, const hfhub__inf_target *t, const char *url,
                                     const hfhub__http_response *resp, int want_json) {
    const char *ct = hfhub__http_header(resp, "Content-Type"), *rid = hfhub__http_header(resp, "X-Request-Id");
    char *body = (char *)hfhub__arena_alloc(&bx->ar, resp->body.len + 1);
    if (!body) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (resp->body.len) memcpy(body, resp->body.data, resp->body.len);
    body[resp->body.len] = 0;
    bx->pub.status = resp->status;
    bx->pub.body = body;
    bx->pub.body_len = resp->body.len;
    bx->pub.content_type = ct ? hfhub__arena_strdup(&bx->ar, ct) : "";
    bx->pub.request_id = rid ? hfhub__arena_strdup(&bx->ar, rid) : "";
    bx->pub.provider = hfhub__arena_strdup(&bx->ar, t->provider);
    bx->pub.url = hfhub__arena_strdup(&bx->ar, url);
    if (!bx->pub.content_type || !bx->pub.request_id || !bx->pub.provider || !bx->pub.url)
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    bx->pub.json = NULL;
    if (!want_json && !hfhub__task_ct_is(ct, "application/json")) return HFHUB_OK;
    if (hfhub__json_parse_in(&bx->ar, body, resp->body.len, 0, &bx->pub.json)) {
        if (!want_json) return HFHUB_OK;
        return hfhub__fail(HFHUB_ERR_PARSE, "%s: expected a JSON answer, got %s%s%.80s", t->task,
                           ct ? ct : "no Content-Type", hfhub__task_ct_is(ct, "text/") ? ": " : "",
                           hfhub__task_ct_is(ct, "text/") ? body : "");
    }
    return HFHUB_OK;
}

/* A JSON answer with "error" under a 200 (TGI does that) fails the call. */
static hfhub_result hfhub__task_inband(const hfhub_json_value *root) {
    const hfhub_json_value *e = hfhub_json_get(root, "error");
    const char *msg;
    if (!e || hfhub_json_is_null(e)) return HFHUB_OK;
    msg = hfhub_json_str(e, NULL);
    if (!msg) msg = hfhub_json_str(hfhub_json_get(e, "message"), "unknown error");
    return hfhub__fail_http(HFHUB_ERR_HTTP, 200, hfhub_json_str(hfhub_json_get(root, "error_type"), ""), "", "%s", msg);
}

/* The image/audio URL or base64 in a provider's JSON answer. */
static const char *hfhub__task_media_ref(const hfhub_json_value *j, int *is_b64) {
    static const char *const url_paths[] = {"images.0.url", "image.url", "audio.url", "video.url", "output.0", "output",
                                            "data.0.url", "video.video_url", "outputs.video_url", "data.outputs.0"};
    const char *s;
    size_t i;
    *is_b64 = 0;
    s = hfhub_json_str(hfhub_json_path(j, "data.0.b64_json"), NULL);
    if (s) {
        *is_b64 = 1;
        return s;
    }
    for (i = 0; i < sizeof url_paths / sizeof url_paths[0]; i++)
        if ((s = hfhub_json_str(hfhub_json_path(j, url_paths[i]), NULL)) != NULL) return s;
    return NULL;
}

/* Replaces the box's body by the decoded base64 (or data: URL payload). */
static hfhub_result hfhub__task_set_b64(hfhub__task_box *bx, const char *s, const char *ct) {
    size_t n = strlen(s), len;
    char *out;
    hfhub_result r;
    if (!strncmp(s, "data:", 5)) {
        const char *comma = strchr(s, ',');
        const char *semi = strchr(s, ';');
        if (!comma || !semi || semi > comma) return hfhub__fail(HFHUB_ERR_PARSE, "a data URL without ;base64,");
        ct = hfhub__arena_strndup(&bx->ar, s + 5, (size_t)(semi - s - 5));
        n -= (size_t)(comma + 1 - s);
        s = comma + 1;
    }
    out = (char *)hfhub__arena_alloc(&bx->ar, 3 * (n / 4) + 3);
    if (!out || !ct) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    r = hfhub__base64_decode(s, n, out, 3 * (n / 4) + 3, &len, 0);
    if (r) return hfhub__fail(HFHUB_ERR_PARSE, "the provider's base64 image is not valid base64");
    bx->pub.body = out;
    bx->pub.body_len = len;
    bx->pub.content_type = ct;
    bx->pub.json = NULL;
    return HFHUB_OK;
}

/* A binary answer given as JSON: decode base64, or fetch the URL (no key sent). */
static hfhub_result hfhub__task_media(hfhub_inference *inf, const hfhub__inf_target *t, hfhub__task_box *bx) {
    int b64;
    const char *ref = hfhub__task_media_ref(bx->pub.json, &b64);
    hfhub__inf_post p;
    hfhub__http_response resp;
    hfhub_result r;
    if (!ref) return hfhub__fail(HFHUB_ERR_PARSE, "%s: the answer holds no image, audio or URL: %.100s", t->task, (const char *)bx->pub.body);
    if (b64 || !strncmp(ref, "data:", 5)) return hfhub__task_set_b64(bx, ref, "image/png");
    memset(&p, 0, sizeof p);
    p.url = ref;
    p.no_auth = 1;
    r = hfhub__inf_request(inf, t, &p, &resp);
    if (!r) r = hfhub__task_take(bx, t, ref, &resp, 0);
    bx->pub.json = NULL;
    hfhub__http_response_free(&resp);
    return r;
}

/* ---- queue polling (fal-ai) ----------------------------------------------------------------- */

static hfhub_result hfhub__task_wait(hfhub_inference *inf, const hfhub_inference_opts *o, int64_t deadline, int period) {
    int64_t until = hfhub__monotonic_ms() + period;
    while (hfhub__monotonic_ms() < until) {
        if (o->cancel && o->cancel(o->cancel_user)) return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled while polling");
        hfhub__sleep_ms(period < 50 ? period : 50);
    }
    if (hfhub__monotonic_ms() > deadline)
        return hfhub__fail(HFHUB_ERR_TIMEOUT, "the provider's queue did not finish within %d ms", inf->poll_timeout_ms);
    return HFHUB_OK;
}

/* fal-ai queue: poll {base}{path(response_url)}/status until COMPLETED, then fetch the result
 * (§2.5); the path comes from response_url as it can differ from the submitted one. */
static hfhub_result hfhub__task_fal_queue(hfhub_inference *inf, const hfhub__inf_target *t, const hfhub_inference_opts *o,
                                          hfhub__task_box *bx) {
    const char *rurl = hfhub_json_str(hfhub_json_get(bx->pub.json, "response_url"), NULL);
    int64_t deadline = hfhub__monotonic_ms() + inf->poll_timeout_ms;
    int period = inf->poll_interval_ms > 0 ? inf->poll_interval_ms : 500;
    hfhub__arena ar;
    hfhub__url u;
    hfhub__buf base, url;
    hfhub_result r;
    if (!rurl) return hfhub__fail(HFHUB_ERR_PARSE, "fal-ai queue: no response_url in the answer");
    hfhub__arena_init(&ar, inf->c->a);
    hfhub__buf_init(&base, inf->c->a);
    hfhub__buf_init(&url, inf->c->a);
    r = hfhub__url_parse(&ar, rurl, &u);
    if (!r) {
        if (t->routed) hfhub__buf_printf(&base, "%s/fal-ai%s", inf->router, u.path);
        else hfhub__buf_printf(&base, "https://queue.fal.run%s", u.path);
    }
    while (!r) {
        hfhub__http_response resp;
        hfhub__inf_post p;
        const char *st;
        hfhub__buf_reset(&url);
        hfhub__buf_printf(&url, "%s/status%s", base.data, t->routed ? "?_subdomain=queue" : "");
        memset(&p, 0, sizeof p);
        p.url = url.data;
        r = hfhub__inf_request(inf, t, &p, &resp);
        if (!r) r = hfhub__task_take(bx, t, url.data, &resp, 1);
        hfhub__http_response_free(&resp);
        if (r) break;
        st = hfhub_json_str(hfhub_json_get(bx->pub.json, "status"), "");
        if (!strcmp(st, "COMPLETED")) break;
        if (strcmp(st, "IN_QUEUE") && strcmp(st, "IN_PROGRESS")) {
            r = hfhub__fail(HFHUB_ERR_HTTP, "fal-ai queue: request failed with status %s", st);
            break;
        }
        r = hfhub__task_wait(inf, o, deadline, period);
    }
    if (!r) {
        hfhub__http_response resp;
        hfhub__inf_post p;
        hfhub__buf_reset(&url);
        hfhub__buf_printf(&url, "%s%s", base.data, t->routed ? "?_subdomain=queue" : "");
        memset(&p, 0, sizeof p);
        p.url = url.data;
        r = hfhub__inf_request(inf, t, &p, &resp);
        if (!r) r = hfhub__task_take(bx, t, url.data, &resp, 1);
        hfhub__http_response_free(&resp);
    }
    hfhub__buf_free(&url);
    hfhub__buf_free(&base);
    hfhub__arena_free(&ar);
    return r;
}

/* Polls `url` (GET) until `done` says finished: returns 1 finished, 0 keep polling, -1
 * failed (with the error recorded). The last answer stays in bx. */
typedef int (*hfhub__task_done_fn)(const hfhub_json_value *j);

static hfhub_result hfhub__task_poll(hfhub_inference *inf, const hfhub__inf_target *t, const hfhub_inference_opts *o,
                                     hfhub__task_box *bx, const char *url, int period, int max_polls, hfhub__task_done_fn done) {
    int64_t deadline = hfhub__monotonic_ms() + inf->poll_timeout_ms;
    int polls = 0;
    hfhub_result r = HFHUB_OK;
    if (inf->poll_interval_ms > 0) period = inf->poll_interval_ms;
    for (;;) {
        hfhub__http_response resp;
        hfhub__inf_post p;
        int d;
        r = hfhub__task_wait(inf, o, deadline, period);
        if (r) return r;
        memset(&p, 0, sizeof p);
        p.url = url;
        r = hfhub__inf_request(inf, t, &p, &resp);
        if (!r) r = hfhub__task_take(bx, t, url, &resp, 1);
        hfhub__http_response_free(&resp);
        if (r) return r;
        d = done(bx->pub.json);
        if (d > 0) return HFHUB_OK;
        if (d < 0) return hfhub_last_error()->result;
        if (++polls >= max_polls) return hfhub__fail(HFHUB_ERR_TIMEOUT, "%s: still not done after %d polls", t->task, polls);
    }
}

/* together videos: queued / in_progress -> completed (outputs.video_url) or failed. */
static int hfhub__task_together_done(const hfhub_json_value *j) {
    const char *st = hfhub_json_str(hfhub_json_get(j, "status"), "");
    if (!strcmp(st, "completed")) return 1;
    if (!strcmp(st, "queued") || !strcmp(st, "in_progress")) return 0;
    hfhub__fail(HFHUB_ERR_HTTP, "together: video generation %s: %s", st,
                hfhub_json_str(hfhub_json_path(j, "error.message"), "no message"));
    return -1;
}

/* replicate: starting / processing -> succeeded (output), failed or canceled. */
static int hfhub__task_replicate_done(const hfhub_json_value *j) {
    const char *st = hfhub_json_str(hfhub_json_get(j, "status"), "");
    if (!strcmp(st, "succeeded")) return 1;
    if (!strcmp(st, "starting") || !strcmp(st, "processing")) return 0;
    hfhub__fail(HFHUB_ERR_HTTP, "replicate: prediction %s: %s", st, hfhub_json_str(hfhub_json_get(j, "error"), "no message"));
    return -1;
}

/* The provider-side polling after the submit answer, when there is any. */
static hfhub_result hfhub__task_follow(hfhub_inference *inf, const hfhub__inf_target *t, const hfhub_inference_opts *o,
                                       hfhub__task_box *bx) {
    hfhub__buf url;
    hfhub_result r = HFHUB_OK;
    const char *id = hfhub_json_str(hfhub_json_get(bx->pub.json, "id"), NULL);
    int together = hfhub__task_is(t->provider, "together") && strstr(t->task, "-to-video");
    const char *st = hfhub_json_str(hfhub_json_get(bx->pub.json, "status"), "");
    int replicate = hfhub__task_is(t->provider, "replicate") && (!strcmp(st, "starting") || !strcmp(st, "processing"));
    if (t->queue) return hfhub__task_fal_queue(inf, t, o, bx);
    if (!together && !replicate) return HFHUB_OK;
    if (!id) return hfhub__fail(HFHUB_ERR_PARSE, "%s: the submit answer has no id", t->task);
    hfhub__buf_init(&url, inf->c->a);
    if (t->routed) hfhub__buf_printf(&url, "%s/%s", inf->router, t->provider);
    else hfhub__buf_puts(&url, hfhub__inf_direct_base(t->provider));
    hfhub__buf_puts(&url, together ? "/v2/videos/" : "/v1/predictions/");
    hfhub__url_quote(&url, id, strlen(id), "");
    if (url.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!r && together) r = hfhub__task_poll(inf, t, o, bx, url.data, 2000, 150, hfhub__task_together_done);
    if (!r && replicate) r = hfhub__task_poll(inf, t, o, bx, url.data, 1000, 600, hfhub__task_replicate_done);
    hfhub__buf_free(&url);
    return r;
}

/* ---- one call ------------------------------------------------------------------------------- */

static hfhub_result hfhub__task_once(hfhub_inference *inf, const char *provider, const hfhub__task_req *q,
                                     const hfhub_inference_opts *o, hfhub__task_box *bx) {
    hfhub__inf_target t;
    hfhub__buf body;
    hfhub__inf_post p;
    hfhub__http_response resp;
    hfhub_result r;
    memset(&resp, 0, sizeof resp);
    hfhub__buf_init(&body, inf->c->a);
    r = hfhub__inf_target_init(inf, q->task, o->model, provider, &t);
    memset(&p, 0, sizeof p);
    if (!r) r = hfhub__task_body(inf, &t, q, o, &body, &p.content_type);
    if (!r) {
        p.body = body.data ? body.data : "";
        p.body_len = body.len;
        p.sink = q->sink;
        if (q->binary_out && hfhub__task_is(t.provider, "hf-inference")) p.accept = "image/png";
        if (q->binary_out && !strstr(q->task, "image")) p.accept = NULL;
        r = hfhub__inf_request(inf, &t, &p, &resp);
    }
    if (!r && q->sink) { /* streamed: the caller looks at the outcome */
        bx->pub.status = resp.status;
        bx->pub.provider = hfhub__arena_strdup(&bx->ar, t.provider);
        bx->pub.url = hfhub__arena_strdup(&bx->ar, t.url);
        if (!bx->pub.provider || !bx->pub.url) r = hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    } else if (!r) {
        int json_ct = hfhub__task_ct_is(hfhub__http_header(&resp, "Content-Type"), "application/json");
        r = hfhub__task_take(bx, &t, t.url, &resp, !q->binary_out);
        if (!r && bx->pub.json) r = hfhub__task_inband(bx->pub.json);
        if (!r) r = hfhub__task_follow(inf, &t, o, bx);
        if (!r && q->binary_out && (json_ct || t.queue || bx->pub.json)) r = hfhub__task_media(inf, &t, bx);
        if (!r && q->binary_out && hfhub__task_ct_is(bx->pub.content_type, "text/html"))
            r = hfhub__fail(HFHUB_ERR_PARSE, "%s: the provider answered HTML, not %s", q->task, "an image or audio");
    }
    hfhub__http_response_free(&resp);
    hfhub__buf_free(&body);
    hfhub__inf_target_free(&t);
    return r;
}

/* Runs a task: one provider, or the "auto" candidates in order with fallback. */
static hfhub_result hfhub__task_run(hfhub_inference *inf, const hfhub__task_req *q, const hfhub_inference_opts *o,
                                    hfhub_inference_result **out) {
    hfhub_inference_opts z;
    const char *cand[32];
    size_t n, i;
    hfhub_result r;
    hfhub__task_box *bx = NULL;
    *out = NULL;
    if (!o) {
        memset(&z, 0, sizeof z);
        o = &z;
    }
    r = hfhub__inf_candidates(inf, q->task, o->model, cand, 32, &n);
    for (i = 0; !r && i < n; i++) {
        if (bx) hfhub_inference_result_free(inf, &bx->pub);
        bx = hfhub__task_box_new(inf->c->a);
        if (!bx) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        r = hfhub__task_once(inf, cand[i], q, o, bx);
        if (r && i + 1 < n && !q->sink && hfhub__inf_can_fall_back(r)) {
            hfhub__log(&inf->c->log, HFHUB_LOG_WARN, "provider %s failed (%s); trying %s", cand[i],
                       hfhub_last_error()->message, cand[i + 1]);
            r = HFHUB_OK;
            continue;
        }
        break;
    }
    if (r) {
        if (bx) hfhub_inference_result_free(inf, &bx->pub);
        return r;
    }
    *out = &bx->pub;
    return HFHUB_OK;
}

hfhub_result hfhub_inference_call(hfhub_inference *inf, const char *task, const char *inputs_json, const hfhub_blob *blob,
                                  const hfhub_inference_opts *opts, hfhub_inference_result **out) {
    hfhub__task_req q;
    memset(&q, 0, sizeof q);
    if (!task) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no task");
    q.task = task;
    q.inputs_json = inputs_json;
    q.blob = blob;
    q.params = opts ? opts->parameters : NULL;
    q.binary_out = !strcmp(task, "text-to-image") || !strcmp(task, "image-to-image") || !strcmp(task, "text-to-speech") ||
                   !strcmp(task, "text-to-video") || !strcmp(task, "image-to-video");
    return hfhub__task_run(inf, &q, opts, out);
}
