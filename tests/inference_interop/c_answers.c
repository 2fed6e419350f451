/* c_answers.c: the C client's answers for the interop comparison, as one JSON object on
 * stdout: {"chat", "chat_stream", "together_chat", "embedding", "image_sha256", "image_len"}.
 *     c_answers HUB_URL ROUTER_URL */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub.h"
#include <stdio.h>
#include <string.h>

static hfhub__buf streamed;

static int on_delta(void *u, const hfhub_chat_delta *d) {
    (void)u;
    if (d->content) hfhub__buf_append(&streamed, d->content, d->content_len);
    return 0;
}

static hfhub_inference *mk(hfhub_client *c, const char *router, const char *model, const char *provider) {
    hfhub_inference_config ic;
    hfhub_inference *inf = NULL;
    memset(&ic, 0, sizeof ic);
    ic.model = model;
    ic.provider = provider;
    ic.router_url = router;
    ic.max_retries = -1;
    if (hfhub_inference_new(c, &ic, &inf)) return NULL;
    return inf;
}

static int fail(const char *what) {
    fprintf(stderr, "%s: %s\n", what, hfhub_last_error()->message);
    return 1;
}

int main(int argc, char **argv) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    hfhub_inference *chat, *tg, *emb, *img;
    hfhub_chat_message m;
    hfhub_chat_completion *r1 = NULL, *r2 = NULL;
    hfhub_embeddings *e = NULL;
    hfhub_inference_result *png = NULL;
    const char *text = "Interop from C and JS";
    unsigned char digest[32];
    hfhub__buf out;
    hfhub__jw w;
    size_t i;
    if (argc != 3) return 2;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = argv[1];
    cfg.token = "hf_user_write_token";
    cfg.proxy = "";
    if (hfhub_client_new(&cfg, &c)) return fail("client");
    chat = mk(c, argv[2], "hfhub-test/echo", NULL);
    tg = mk(c, argv[2], "hfhub-test/echo", "together");
    emb = mk(c, argv[2], "hfhub-test/embed", "hf-inference");
    img = mk(c, argv[2], "hfhub-test/image", "hf-inference");
    memset(&m, 0, sizeof m);
    m.role = "user";
    m.content = "Hello from the interop test";
    hfhub__buf_init(&streamed, NULL);
    if (hfhub_chat_completion_create(chat, &m, 1, NULL, &r1)) return fail("chat");
    if (hfhub_chat_completion_stream(chat, &m, 1, NULL, on_delta, NULL, NULL)) return fail("chat stream");
    if (hfhub_chat_completion_create(tg, &m, 1, NULL, &r2)) return fail("together chat");
    if (hfhub_feature_extraction(emb, &text, 1, NULL, &e)) return fail("feature extraction");
    if (hfhub_text_to_image(img, "an astronaut riding a horse", NULL, &png)) return fail("text to image");
    hfhub_sha256(png->body, png->body_len, digest);
    hfhub__buf_init(&out, NULL);
    hfhub__jw_init(&w, &out, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "chat", r1->choices[0].message.content);
    hfhub__jw_kv_string(&w, "chat_stream", streamed.data ? streamed.data : "");
    hfhub__jw_kv_string(&w, "together_chat", r2->choices[0].message.content);
    hfhub__jw_key(&w, "embedding");
    hfhub__jw_begin_array(&w);
    for (i = 0; i < e->dim; i++) hfhub__jw_double(&w, e->data[i]);
    hfhub__jw_end_array(&w);
    hfhub__jw_key(&w, "image_sha256");
    {
        char hex[65];
        hfhub_hex_encode(digest, 32, hex);
        hfhub__jw_string(&w, hex);
    }
    hfhub__jw_kv_int(&w, "image_len", (int64_t)png->body_len);
    hfhub__jw_end_object(&w);
    if (hfhub__jw_result(&w)) return fail("json");
    puts(out.data);
    return 0;
}
