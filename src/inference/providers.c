/* providers.c: the provider table (spec inference.md §1.4-§1.6): direct bases and routes. */
#include <string.h>

static const char *const hfhub__prov_names[] = {
    "baseten", "cerebras", "cohere", "deepinfra", "fal-ai", "featherless-ai", "fireworks-ai",
    "groq", "hf-inference", "novita", "nscale", "openai", "ovhcloud", "publicai", "replicate",
    "scaleway", "together", "wavespeed", "zai-org", NULL};

typedef struct hfhub__prov_base {
    const char *provider, *base;
} hfhub__prov_base;

static const hfhub__prov_base hfhub__prov_bases[] = {
    {"baseten", "https://inference.baseten.co"},
    {"cerebras", "https://api.cerebras.ai"},
    {"cohere", "https://api.cohere.com"},
    {"deepinfra", "https://api.deepinfra.com"},
    {"fal-ai", "https://fal.run"},
    {"featherless-ai", "https://api.featherless.ai"},
    {"fireworks-ai", "https://api.fireworks.ai"},
    {"groq", "https://api.groq.com"},
    {"novita", "https://api.novita.ai"},
    {"nscale", "https://inference.api.nscale.com"},
    {"openai", "https://api.openai.com"},
    {"ovhcloud", "https://oai.endpoints.kepler.ai.cloud.ovh.net"},
    {"publicai", "https://api.publicai.co"},
    {"replicate", "https://api.replicate.com"},
    {"scaleway", "https://api.scaleway.ai"},
    {"together", "https://api.together.xyz"},
    {"wavespeed", "https://api.wavespeed.ai"},
    {"zai-org", "https://api.z.ai"},
};

typedef struct hfhub__prov_route {
    const char *provider, *task, *route; /* route: "{pid}" is the provider's model id */
} hfhub__prov_route;

/* hf-inference routes are built in code (models/{id}[/pipeline/{task}]). */
static const hfhub__prov_route hfhub__prov_routes[] = {
    {"baseten", "conversational", "/v1/chat/completions"},
    {"cerebras", "conversational", "/v1/chat/completions"},
    {"cohere", "conversational", "/compatibility/v1/chat/completions"},
    {"deepinfra", "conversational", "/v1/openai/chat/completions"},
    {"deepinfra", "text-generation", "/v1/openai/completions"},
    {"deepinfra", "feature-extraction", "/v1/openai/embeddings"},
    {"deepinfra", "text-to-speech", "/v1/openai/audio/speech"},
    {"deepinfra", "automatic-speech-recognition", "/v1/openai/audio/transcriptions"},
    {"fal-ai", "automatic-speech-recognition", "/{pid}"},
    {"fal-ai", "text-to-image", "/{pid}"},
    {"fal-ai", "text-to-speech", "/{pid}"},
    {"fal-ai", "text-to-video", "/{pid}"},
    {"fal-ai", "image-to-video", "/{pid}"},
    {"fal-ai", "image-to-image", "/{pid}"},
    {"fal-ai", "image-segmentation", "/{pid}"},
    {"featherless-ai", "conversational", "/v1/chat/completions"},
    {"featherless-ai", "text-generation", "/v1/completions"},
    {"fireworks-ai", "conversational", "/inference/v1/chat/completions"},
    {"groq", "conversational", "/openai/v1/chat/completions"},
    {"novita", "conversational", "/v3/openai/chat/completions"},
    {"novita", "text-generation", "/v3/openai/completions"},
    {"novita", "text-to-video", "/v3/hf/{pid}"},
    {"nscale", "conversational", "/v1/chat/completions"},
    {"nscale", "text-to-image", "/v1/images/generations"},
    {"openai", "conversational", "/v1/chat/completions"},
    {"ovhcloud", "conversational", "/v1/chat/completions"},
    {"publicai", "conversational", "/v1/chat/completions"},
    {"replicate", "text-to-image", "/v1/models/{pid}/predictions"},
    {"replicate", "text-to-video", "/v1/models/{pid}/predictions"},
    {"replicate", "text-to-speech", "/v1/models/{pid}/predictions"},
    {"replicate", "image-to-image", "/v1/models/{pid}/predictions"},
    {"replicate", "automatic-speech-recognition", "/v1/models/{pid}/predictions"},
    {"scaleway", "conversational", "/v1/chat/completions"},
    {"scaleway", "feature-extraction", "/v1/embeddings"},
    {"together", "conversational", "/v1/chat/completions"},
    {"together", "text-generation", "/v1/completions"},
    {"together", "text-to-image", "/v1/images/generations"},
    {"together", "image-to-image", "/v1/images/generations"},
    {"together", "text-to-speech", "/v1/audio/speech"},
    {"together", "feature-extraction", "/v1/embeddings"},
    {"together", "text-to-video", "/v2/videos"},
    {"together", "image-to-video", "/v2/videos"},
    {"wavespeed", "text-to-image", "/api/v3/{pid}"},
    {"wavespeed", "text-to-video", "/api/v3/{pid}"},
    {"wavespeed", "image-to-image", "/api/v3/{pid}"},
    {"wavespeed", "image-to-video", "/api/v3/{pid}"},
    {"zai-org", "conversational", "/api/paas/v4/chat/completions"},
    {"zai-org", "text-to-image", "/api/paas/v4/async/images/generations"},
};

/* Tasks hf-inference serves (spec §1.6). */
static const char *const hfhub__prov_hf_tasks[] = {
    "conversational", "text-generation", "feature-extraction", "text-to-image", "image-to-image",
    "automatic-speech-recognition", "text-to-speech", "image-segmentation", "audio-classification",
    "audio-to-audio", "document-question-answering", "fill-mask", "image-classification",
    "image-to-text", "object-detection", "question-answering", "sentence-similarity", "summarization",
    "table-question-answering", "tabular-classification", "text-classification",
    "token-classification", "translation", "visual-question-answering", "zero-shot-classification",
    "zero-shot-image-classification", NULL};

const char *const *hfhub_inference_providers(void) { return hfhub__prov_names; }

static const hfhub__prov_route *hfhub__prov_find(const char *provider, const char *task) {
    size_t i;
    for (i = 0; i < sizeof hfhub__prov_routes / sizeof hfhub__prov_routes[0]; i++)
        if (!strcmp(hfhub__prov_routes[i].provider, provider) && !strcmp(hfhub__prov_routes[i].task, task))
            return &hfhub__prov_routes[i];
    return NULL;
}

int hfhub_inference_provider_supports(const char *provider, const char *task) {
    size_t i;
    if (!provider || !task) return 0;
    if (!strcmp(provider, "hf-inference")) {
        for (i = 0; hfhub__prov_hf_tasks[i]; i++)
            if (!strcmp(hfhub__prov_hf_tasks[i], task)) return 1;
        return 0;
    }
    return hfhub__prov_find(provider, task) != NULL;
}

const char *hfhub__inf_direct_base(const char *provider) {
    size_t i;
    for (i = 0; i < sizeof hfhub__prov_bases / sizeof hfhub__prov_bases[0]; i++)
        if (!strcmp(hfhub__prov_bases[i].provider, provider)) return hfhub__prov_bases[i].base;
    return NULL;
}

/* Appends a model id as path segments (each quoted, '/' kept). */
static void hfhub__prov_put_id(hfhub__buf *b, const char *id) { hfhub__url_quote(b, id, strlen(id), "/:"); }

hfhub_result hfhub__inf_route(const char *provider, const char *task, const char *pid, hfhub__buf *b) {
    const hfhub__prov_route *r;
    const char *p;
    if (!strcmp(provider, "hf-inference")) {
        if (!hfhub_inference_provider_supports(provider, task))
            return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "Task '%s' not supported for provider 'hf-inference'.", task);
        hfhub__buf_puts(b, "/models/");
        hfhub__prov_put_id(b, pid);
        if (!strcmp(task, "conversational")) hfhub__buf_puts(b, "/v1/chat/completions");
        else if (!strcmp(task, "feature-extraction") || !strcmp(task, "sentence-similarity"))
            hfhub__buf_printf(b, "/pipeline/%s", task);
        return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
    }
    r = hfhub__prov_find(provider, task);
    if (!r) {
        if (!hfhub__inf_direct_base(provider)) return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "Provider '%s' not supported.", provider);
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "Task '%s' not supported for provider '%s'.", task, provider);
    }
    if (!strcmp(provider, "replicate") && strchr(pid, ':')) { /* a pinned version */
        hfhub__buf_puts(b, "/v1/predictions");
        return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
    }
    for (p = r->route; *p; p++) {
        if (!strncmp(p, "{pid}", 5)) {
            hfhub__prov_put_id(b, pid);
            p += 4;
        } else {
            hfhub__buf_putc(b, *p);
        }
    }
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
}

void hfhub__inf_chat_url(hfhub__buf *b, const char *url) {
    const char *q = strchr(url, '?'), *path;
    size_t n = q ? (size_t)(q - url) : strlen(url);
    const char *scheme = strstr(url, "://");
    path = scheme ? strchr(scheme + 3, '/') : NULL;
    if (path && path >= url + n) path = NULL;
    while (n && url[n - 1] == '/' && path && url + n - 1 > path) n--; /* trailing '/' */
    hfhub__buf_append(b, url, n);
    if (!path || url + n - path <= 1) {
        if (path && url + n - path == 1) b->len--, b->data[b->len] = 0;
        hfhub__buf_puts(b, "/v1/chat/completions");
    } else if (n >= 17 && !memcmp(url + n - 17, "/chat/completions", 17)) {
        /* unchanged */
    } else if (n >= 3 && !memcmp(url + n - 3, "/v1", 3)) {
        hfhub__buf_puts(b, "/chat/completions");
    } else {
        hfhub__buf_puts(b, "/v1/chat/completions");
    }
    if (q) hfhub__buf_puts(b, q);
}
