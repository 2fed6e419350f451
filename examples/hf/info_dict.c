/* info_dict.c: Python's dataclass view of a repo info (see info_dict.h). The field tables
 * follow huggingface_hub's ModelInfo, DatasetInfo and SpaceInfo: what each __init__ reads
 * from the server's object and how. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "info_dict.h"

/* How a field is read: kwargs.pop(wire) as is; `pop(wire) or pop(alt)`; a datetime; or one
 * of the nested dataclasses. */
typedef enum hf_id_kind {
    HF_ID_RAW, HF_ID_OR, HF_ID_DATE, HF_ID_CARD, HF_ID_SIBLINGS, HF_ID_SAFETENSORS, HF_ID_TINFO, HF_ID_IPM,
    HF_ID_RUNTIME, HF_ID_TRUTHY
} hf_id_kind;

typedef struct hf_id_field {
    const char *name, *wire, *alt;
    hf_id_kind kind;
} hf_id_field;

static const hf_id_field hf_id_model[] = {
    {"author", "author", NULL, HF_ID_RAW}, {"sha", "sha", NULL, HF_ID_RAW},
    {"created_at", "createdAt", "created_at", HF_ID_DATE}, {"last_modified", "lastModified", "last_modified", HF_ID_DATE},
    {"private", "private", NULL, HF_ID_RAW}, {"disabled", "disabled", NULL, HF_ID_RAW},
    {"downloads", "downloads", NULL, HF_ID_RAW}, {"downloads_all_time", "downloadsAllTime", NULL, HF_ID_RAW},
    {"gated", "gated", NULL, HF_ID_RAW}, {"gguf", "gguf", NULL, HF_ID_RAW}, {"inference", "inference", NULL, HF_ID_RAW},
    {"inference_provider_mapping", "inferenceProviderMapping", NULL, HF_ID_IPM}, {"likes", "likes", NULL, HF_ID_RAW},
    {"library_name", "library_name", NULL, HF_ID_RAW}, {"tags", "tags", NULL, HF_ID_RAW},
    {"pipeline_tag", "pipeline_tag", NULL, HF_ID_RAW}, {"mask_token", "mask_token", NULL, HF_ID_RAW},
    {"card_data", "cardData", "card_data", HF_ID_CARD}, {"widget_data", "widgetData", NULL, HF_ID_RAW},
    {"model_index", "model-index", "model_index", HF_ID_OR}, {"config", "config", NULL, HF_ID_RAW},
    {"transformers_info", "transformersInfo", "transformers_info", HF_ID_TINFO},
    {"trending_score", "trendingScore", NULL, HF_ID_RAW}, {"siblings", "siblings", NULL, HF_ID_SIBLINGS},
    {"spaces", "spaces", NULL, HF_ID_RAW}, {"safetensors", "safetensors", NULL, HF_ID_SAFETENSORS},
    {"security_repo_status", "securityRepoStatus", NULL, HF_ID_RAW}, {"eval_results", "evalResults", NULL, HF_ID_TRUTHY},
    {NULL, NULL, NULL, HF_ID_RAW}};

static const hf_id_field hf_id_dataset[] = {
    {"author", "author", NULL, HF_ID_RAW}, {"sha", "sha", NULL, HF_ID_RAW},
    {"created_at", "createdAt", "created_at", HF_ID_DATE}, {"last_modified", "lastModified", "last_modified", HF_ID_DATE},
    {"private", "private", NULL, HF_ID_RAW}, {"gated", "gated", NULL, HF_ID_RAW},
    {"disabled", "disabled", NULL, HF_ID_RAW}, {"downloads", "downloads", NULL, HF_ID_RAW},
    {"downloads_all_time", "downloadsAllTime", NULL, HF_ID_RAW}, {"likes", "likes", NULL, HF_ID_RAW},
    {"paperswithcode_id", "paperswithcode_id", NULL, HF_ID_RAW}, {"tags", "tags", NULL, HF_ID_RAW},
    {"trending_score", "trendingScore", NULL, HF_ID_RAW}, {"card_data", "cardData", "card_data", HF_ID_CARD},
    {"siblings", "siblings", NULL, HF_ID_SIBLINGS}, {NULL, NULL, NULL, HF_ID_RAW}};

static const hf_id_field hf_id_space[] = {
    {"author", "author", NULL, HF_ID_RAW}, {"sha", "sha", NULL, HF_ID_RAW},
    {"created_at", "createdAt", "created_at", HF_ID_DATE}, {"last_modified", "lastModified", "last_modified", HF_ID_DATE},
    {"private", "private", NULL, HF_ID_RAW}, {"gated", "gated", NULL, HF_ID_RAW},
    {"disabled", "disabled", NULL, HF_ID_RAW}, {"host", "host", NULL, HF_ID_RAW},
    {"subdomain", "subdomain", NULL, HF_ID_RAW}, {"likes", "likes", NULL, HF_ID_RAW}, {"sdk", "sdk", NULL, HF_ID_RAW},
    {"tags", "tags", NULL, HF_ID_RAW}, {"siblings", "siblings", NULL, HF_ID_SIBLINGS},
    {"trending_score", "trendingScore", NULL, HF_ID_RAW}, {"card_data", "cardData", "card_data", HF_ID_CARD},
    {"runtime", "runtime", NULL, HF_ID_RUNTIME}, {"models", "models", NULL, HF_ID_RAW},
    {"datasets", "datasets", NULL, HF_ID_RAW}, {NULL, NULL, NULL, HF_ID_RAW}};

/* The attributes each CardData class sets before the card's other keys (ModelCardData,
 * DatasetCardData, SpaceCardData __init__ order); to_dict keeps that order. */
static const char *const hf_id_card_model[] = {"base_model", "datasets", "language", "library_name", "license",
                                               "license_name", "license_link", "metrics", "pipeline_tag", "tags",
                                               NULL};
static const char *const hf_id_card_dataset[] = {"language", "license", "annotations_creators", "language_creators",
                                                 "multilinguality", "size_categories", "source_datasets",
                                                 "task_categories", "task_ids", "paperswithcode_id", "pretty_name",
                                                 "train_eval_index", "config_names", NULL};
static const char *const hf_id_card_space[] = {"title", "sdk", "sdk_version", "python_version", "app_file", "app_port",
                                               "license", "duplicated_from", "models", "datasets", "tags", NULL};

/* Python's bool(value) of a JSON value (missing counts as None). */
static int hf_id_truthy(const hfhub_json_value *v) {
    size_t n;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_BOOL: return hfhub_json_bool(v, 0);
    case HFHUB_JSON_NUMBER: return hfhub_json_double(v, 0) != 0;
    case HFHUB_JSON_STRING: return hfhub_json_strn(v, &n) && n > 0;
    case HFHUB_JSON_ARRAY:
    case HFHUB_JSON_OBJECT: return hfhub_json_len(v) > 0;
    default: return 0;
    }
}

static void hf_id_sep(hf_s_sb *b, int *first) {
    if (!*first) hf_s_sb_puts(b, ", ");
    *first = 0;
}

/* `"key": <value>` (a missing value as null: dropped when printed). */
static void hf_id_member(hf_s_sb *b, int *first, const char *key, const hfhub_json_value *v) {
    hf_id_sep(b, first);
    hf_s_sb_json_str(b, key);
    hf_s_sb_puts(b, ": ");
    if (v) hf_s_sb_json_value(b, v);
    else hf_s_sb_puts(b, "null");
}

static void hf_id_date(hf_s_sb *b, const hfhub_json_value *v) {
    char iso[40];
    const char *s = hfhub_json_str(v, NULL);
    if (!s || strlen(s) > 32) { /* not a timestamp Python parses: left as sent */
        hf_s_sb_json_value(b, v);
        return;
    }
    hf_s_iso(s, iso);
    hf_s_sb_json_str(b, iso);
}

/* A card: its class's attributes first, then the other keys in the server's order. */
static void hf_id_card(hf_s_sb *b, const hfhub_json_value *v, const char *const *known) {
    size_t i, k, n = hfhub_json_len(v), len;
    int first = 1;
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) {
        hf_s_sb_json_value(b, v);
        return;
    }
    hf_s_sb_puts(b, "{");
    for (k = 0; known[k]; k++) {
        const hfhub_json_value *x = hfhub_json_get(v, known[k]);
        if (x) hf_id_member(b, &first, known[k], x);
    }
    for (i = 0; i < n; i++) {
        const char *key = hfhub_json_key_at(v, i, &len);
        char name[256];
        int is_known = 0;
        if (len >= sizeof name) continue;
        memcpy(name, key, len);
        name[len] = 0;
        for (k = 0; known[k] && !is_known; k++) is_known = !strcmp(known[k], name);
        if (!is_known) hf_id_member(b, &first, name, hfhub_json_at(v, i));
    }
    hf_s_sb_puts(b, "}");
}

/* RepoSibling(rfilename, size, blob_id, lfs=BlobLfsInfo(size, sha256, pointer_size)). */
static void hf_id_siblings(hf_s_sb *b, const hfhub_json_value *v) {
    size_t i, n = hfhub_json_len(v);
    if (hfhub_json_type_of(v) != HFHUB_JSON_ARRAY) {
        hf_s_sb_json_value(b, v);
        return;
    }
    hf_s_sb_puts(b, "[");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *s = hfhub_json_at(v, i), *lfs = hfhub_json_get(s, "lfs");
        int first = 1;
        hf_s_sb_puts(b, i ? ", {" : "{");
        hf_id_member(b, &first, "rfilename", hfhub_json_get(s, "rfilename"));
        hf_id_member(b, &first, "size", hfhub_json_get(s, "size"));
        hf_id_member(b, &first, "blob_id", hfhub_json_get(s, "blobId"));
        if (hf_id_truthy(lfs)) {
            int lf = 1;
            hf_id_sep(b, &first);
            hf_s_sb_puts(b, "\"lfs\": {");
            hf_id_member(b, &lf, "size", hfhub_json_get(lfs, "size"));
            hf_id_member(b, &lf, "sha256", hfhub_json_get(lfs, "sha256"));
            hf_id_member(b, &lf, "pointer_size", hfhub_json_get(lfs, "pointerSize"));
            hf_s_sb_puts(b, "}");
        }
        hf_s_sb_puts(b, "}");
    }
    hf_s_sb_puts(b, "]");
}

/* InferenceProviderMapping: a list on listings, a {provider: mapping} object on info. */
static void hf_id_ipm_one(hf_s_sb *b, const hfhub_json_value *m, const char *model_id, const char *provider) {
    int first = 1;
    hf_s_sb_puts(b, "{");
    if (provider) {
        hf_id_sep(b, &first);
        hf_s_sb_puts(b, "\"provider\": ");
        hf_s_sb_json_str(b, provider);
    } else hf_id_member(b, &first, "provider", hfhub_json_get(m, "provider"));
    hf_id_sep(b, &first);
    hf_s_sb_puts(b, "\"hf_model_id\": ");
    hf_s_sb_json_str(b, model_id);
    hf_id_member(b, &first, "provider_id", hfhub_json_get(m, "providerId"));
    hf_id_member(b, &first, "status", hfhub_json_get(m, "status"));
    hf_id_member(b, &first, "task", hfhub_json_get(m, "task"));
    hf_id_member(b, &first, "adapter", hfhub_json_get(m, "adapter"));
    hf_id_member(b, &first, "adapter_weights_path", hfhub_json_get(m, "adapterWeightsPath"));
    hf_id_member(b, &first, "type", hfhub_json_get(m, "type"));
    hf_s_sb_puts(b, "}");
}

static void hf_id_ipm(hf_s_sb *b, const hfhub_json_value *v, const char *model_id) {
    size_t i, n = hfhub_json_len(v), len;
    hfhub_json_type t = hfhub_json_type_of(v);
    if (t != HFHUB_JSON_ARRAY && t != HFHUB_JSON_OBJECT) {
        hf_s_sb_json_value(b, v);
        return;
    }
    hf_s_sb_puts(b, "[");
    for (i = 0; i < n; i++) {
        char provider[256];
        if (i) hf_s_sb_puts(b, ", ");
        if (t == HFHUB_JSON_OBJECT) {
            const char *k = hfhub_json_key_at(v, i, &len);
            snprintf(provider, sizeof provider, "%.*s", (int)len, k);
        }
        hf_id_ipm_one(b, hfhub_json_at(v, i), model_id, t == HFHUB_JSON_OBJECT ? provider : NULL);
    }
    hf_s_sb_puts(b, "]");
}

/* Volume(type, source, mount_path, revision, read_only, path) for each runtime volume. */
static void hf_id_volumes(hf_s_sb *b, int *first, const hfhub_json_value *v) {
    size_t i, n = hfhub_json_len(v);
    if (hfhub_json_type_of(v) != HFHUB_JSON_ARRAY) {
        hf_id_member(b, first, "volumes", v);
        return;
    }
    hf_id_sep(b, first);
    hf_s_sb_puts(b, "\"volumes\": [");
    for (i = 0; i < n; i++) {
        const hfhub_json_value *x = hfhub_json_at(v, i);
        int f = 1;
        hf_s_sb_puts(b, i ? ", {" : "{");
        hf_id_member(b, &f, "type", hfhub_json_get(x, "type"));
        hf_id_member(b, &f, "source", hfhub_json_get(x, "source"));
        hf_id_member(b, &f, "mount_path", hfhub_json_get(x, "mountPath"));
        hf_id_member(b, &f, "revision", hfhub_json_get(x, "revision"));
        hf_id_member(b, &f, "read_only", hfhub_json_get(x, "readOnly"));
        hf_id_member(b, &f, "path", hfhub_json_get(x, "path"));
        hf_s_sb_puts(b, "}");
    }
    hf_s_sb_puts(b, "]");
}

/* SpaceRuntime(stage, hardware, requested_hardware, sleep_time, storage, hot_reloading,
 * volumes, raw). */
static void hf_id_runtime(hf_s_sb *b, const hfhub_json_value *v) {
    const hfhub_json_value *hw = hfhub_json_get(v, "hardware"), *hr = hfhub_json_get(v, "hotReloading");
    int first = 1;
    hf_s_sb_puts(b, "{");
    hf_id_member(b, &first, "stage", hfhub_json_get(v, "stage"));
    hf_id_member(b, &first, "hardware", hfhub_json_get(hw, "current"));
    hf_id_member(b, &first, "requested_hardware", hfhub_json_get(hw, "requested"));
    hf_id_member(b, &first, "sleep_time", hfhub_json_get(v, "gcTimeout"));
    hf_id_member(b, &first, "storage", hfhub_json_get(v, "storage"));
    if (hr && !hfhub_json_is_null(hr)) {
        int hf = 1;
        hf_id_sep(b, &first);
        hf_s_sb_puts(b, "\"hot_reloading\": {");
        hf_id_member(b, &hf, "status", hfhub_json_get(hr, "status"));
        hf_id_member(b, &hf, "replica_statuses", hfhub_json_get(hr, "replicaStatuses"));
        hf_id_member(b, &hf, "raw", hr);
        hf_s_sb_puts(b, "}");
    }
    hf_id_volumes(b, &first, hfhub_json_get(v, "volumes"));
    hf_id_member(b, &first, "raw", v);
    hf_s_sb_puts(b, "}");
}

/* SafeTensorsInfo(parameters, total) / TransformersInfo(auto_model, custom_class,
 * pipeline_tag, processor): members picked from the object. */
static void hf_id_pick(hf_s_sb *b, const hfhub_json_value *v, const char *const *keys) {
    int first = 1;
    size_t k;
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) {
        hf_s_sb_json_value(b, v);
        return;
    }
    hf_s_sb_puts(b, "{");
    for (k = 0; keys[k]; k++) hf_id_member(b, &first, keys[k], hfhub_json_get(v, keys[k]));
    hf_s_sb_puts(b, "}");
}

static const char *const hf_id_st_keys[] = {"parameters", "total", NULL};
static const char *const hf_id_ti_keys[] = {"auto_model", "custom_class", "pipeline_tag", "processor", NULL};

static void hf_id_field_value(hf_s_sb *b, const hfhub_info *m, const hf_id_field *f, const hfhub_json_value *v) {
    const char *const *card = !strcmp(m->repo_type, "dataset") ? hf_id_card_dataset
                              : !strcmp(m->repo_type, "space") ? hf_id_card_space
                                                               : hf_id_card_model;
    switch (f->kind) {
    case HF_ID_DATE: hf_id_date(b, v); break;
    case HF_ID_CARD: hf_id_card(b, v, card); break;
    case HF_ID_SIBLINGS: hf_id_siblings(b, v); break;
    case HF_ID_SAFETENSORS: hf_id_pick(b, v, hf_id_st_keys); break;
    case HF_ID_TINFO: hf_id_pick(b, v, hf_id_ti_keys); break;
    case HF_ID_IPM: hf_id_ipm(b, v, m->id); break;
    case HF_ID_RUNTIME: hf_id_runtime(b, v); break;
    default: hf_s_sb_json_value(b, v); break;
    }
}

void hf_info_dict(hf_s_sb *b, const hfhub_info *m) {
    const hf_id_field *f = !strcmp(m->repo_type, "dataset") ? hf_id_dataset
                           : !strcmp(m->repo_type, "space") ? hf_id_space
                                                            : hf_id_model;
    int first = 1;
    hf_s_sb_puts(b, "{\"id\": ");
    hf_s_sb_json_str(b, m->id);
    first = 0;
    for (; f->name; f++) {
        const hfhub_json_value *v = hfhub_json_get(m->json, f->wire);
        int keep;
        /* `pop(wire) or pop(alt)` for the aliased fields; None, and the falsy values of the
         * fields Python builds only from a truthy value, are dropped. */
        if (f->alt && !hf_id_truthy(v)) v = hfhub_json_get(m->json, f->alt);
        switch (f->kind) {
        case HF_ID_RAW: keep = v && !hfhub_json_is_null(v); break;
        case HF_ID_SIBLINGS:
        case HF_ID_IPM: keep = v && !hfhub_json_is_null(v); break;
        default: keep = hf_id_truthy(v); break;
        }
        if (!keep) continue;
        hf_id_sep(b, &first);
        hf_s_sb_json_str(b, f->name);
        hf_s_sb_puts(b, ": ");
        hf_id_field_value(b, m, f, v);
    }
    hf_s_sb_puts(b, "}");
}

void hf_info_dict_print(const hf_out *o, const hfhub_info *m) {
    hf_s_sb b = {NULL, 0, 0};
    hf_info_dict(&b, m);
    if (hf_s_json_print_text(b.p, o->mode == HF_OUT_HUMAN, NULL) != 0) printf("%s\n", b.p);
    free(b.p);
}
