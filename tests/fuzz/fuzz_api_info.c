/* fuzz_api_info.c: libFuzzer harness for the API layer's JSON -> typed parsers: repo info
 * (every repo type), listing items (tree entries, commits, users, liked repos), refs, and
 * safetensors headers. Whatever the input, parsing returns a result and every typed field
 * read afterwards is in bounds (ASan/UBSan watch). */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

static volatile size_t fz_sink;

static void fz_str(const char *s) {
    if (s) fz_sink += strlen(s);
}

static void fz_info(const hfhub_info *m) {
    size_t i;
    fz_str(m->id);
    fz_str(m->sha);
    fz_str(m->gated);
    for (i = 0; i < m->n_tags; i++) fz_str(m->tags[i]);
    for (i = 0; i < m->n_siblings; i++) {
        fz_str(m->siblings[i].rfilename);
        fz_str(m->siblings[i].blob_id);
        if (m->siblings[i].lfs) fz_str(m->siblings[i].lfs->sha256);
    }
    if (m->safetensors)
        for (i = 0; i < m->safetensors->n_parameters; i++) fz_str(m->safetensors->parameters[i].dtype);
    if (m->runtime) { fz_str(m->runtime->stage); fz_str(m->runtime->hardware); }
}

/* Each item of an array through one listing parser, as the iterator does. */
static void fz_items(const hfhub_json_value *arr, hfhub__iter_parse_fn parse) {
    size_t i;
    for (i = 0; i < hfhub_json_len(arr); i++) {
        hfhub__arena ar;
        void *out = NULL;
        hfhub__arena_init(&ar, NULL);
        if (parse(&ar, hfhub_json_at(arr, i), "model", &out) == HFHUB_OK && out) fz_sink += 1;
        hfhub__arena_free(&ar);
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    static const char *const types[] = {"model", "dataset", "space", "kernel"};
    hfhub_info *info = NULL;
    hfhub_safetensors_file *st = NULL;
    hfhub__arena ar;
    const hfhub_json_value *root = NULL;
    size_t i;
    if (size < 1) return 0;
    if (hfhub_repo_info_parse((const char *)data + 1, size - 1, types[data[0] & 3], NULL, &info) == HFHUB_OK) fz_info(info);
    hfhub_api_free(info);
    if (hfhub_safetensors_header_parse(data + 1, size - 1, "f", NULL, &st) == HFHUB_OK)
        for (i = 0; i < st->n_tensors; i++) fz_sink += st->tensors[i].n_shape + (size_t)st->tensors[i].parameter_count;
    hfhub_api_free(st);
    hfhub__arena_init(&ar, NULL);
    if (hfhub__json_parse_in(&ar, (const char *)data + 1, size - 1, 0, &root) == HFHUB_OK) {
        hfhub_repo_refs refs;
        memset(&refs, 0, sizeof refs);
        fz_items(root, hfhub__repo_info_item);
        fz_items(root, hfhub__listing_entry);
        fz_items(root, hfhub__listing_commit);
        fz_items(root, hfhub__user_item);
        fz_items(root, hfhub__listing_liked);
        if (hfhub__listing_refs_fill(&ar, root, data[0] & 1, &refs) == HFHUB_OK)
            for (i = 0; i < refs.n_branches; i++) fz_str(refs.branches[i].target_commit);
    }
    hfhub__arena_free(&ar);
    return 0;
}
