/* embed.c: embeddings of the arguments, and their cosine similarities.
 *
 *     ./build/examples/embed BAAI/bge-small-en-v1.5 "a cat" "a kitten" "a car" [--provider NAME]
 *
 * Routed like InferenceClient.feature_extraction: provider "auto" reads the model's provider
 * mapping on the Hub and takes the first live provider that serves feature-extraction. */
#include "hfhub.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static double cosine(const float *a, const float *b, size_t n) {
    double ab = 0, aa = 0, bb = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        ab += (double)a[i] * b[i];
        aa += (double)a[i] * a[i];
        bb += (double)b[i] * b[i];
    }
    return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
}

int main(int argc, char **argv) {
    hfhub_client *client = NULL;
    hfhub_inference *inf = NULL;
    hfhub_inference_config ic;
    hfhub_embeddings *e = NULL;
    const char *texts[64];
    size_t n = 0, i, j;
    int k;
    memset(&ic, 0, sizeof ic);
    if (argc < 3) {
        fprintf(stderr, "usage: %s MODEL TEXT... [--provider NAME]\n", argv[0]);
        return 2;
    }
    ic.model = argv[1];
    for (k = 2; k < argc && n < 64; k++) {
        if (!strcmp(argv[k], "--provider") && k + 1 < argc) ic.provider = argv[++k];
        else texts[n++] = argv[k];
    }
    if (hfhub_client_new(NULL, &client) || hfhub_inference_new(client, &ic, &inf) ||
        hfhub_feature_extraction(inf, texts, n, NULL, &e)) {
        fprintf(stderr, "error: %s\n", hfhub_last_error()->message);
        hfhub_inference_free(inf);
        hfhub_client_free(client);
        return 1;
    }
    printf("%lu embeddings of dimension %lu\n", (unsigned long)e->rows, (unsigned long)e->dim);
    for (i = 0; i < e->rows; i++)
        for (j = i + 1; j < e->rows; j++)
            printf("cos(\"%s\", \"%s\") = %.4f\n", texts[i], texts[j], cosine(e->data + i * e->dim, e->data + j * e->dim, e->dim));
    hfhub_free(client, e);
    hfhub_inference_free(inf);
    hfhub_client_free(client);
    return 0;
}
