/* text_to_image.c: generate an image and write it to a file.
 *
 *     ./build/examples/text_to_image black-forest-labs/FLUX.1-schnell "an astronaut riding a horse" out.png [provider]
 *
 * Whatever the provider answers (raw bytes, base64 JSON, or a URL to fetch), the result is the
 * image's bytes; the URL of a provider's result is fetched without any key. */
#include "hfhub.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    hfhub_client *client = NULL;
    hfhub_inference *inf = NULL;
    hfhub_inference_config ic;
    hfhub_inference_opts opts;
    hfhub_inference_result *img = NULL;
    FILE *f;
    if (argc < 4) {
        fprintf(stderr, "usage: %s MODEL PROMPT OUT_FILE [PROVIDER]\n", argv[0]);
        return 2;
    }
    memset(&ic, 0, sizeof ic);
    ic.model = argv[1];
    ic.provider = argc > 4 ? argv[4] : NULL;
    memset(&opts, 0, sizeof opts);
    opts.parameters = "{\"width\":512,\"height\":512}";
    if (hfhub_client_new(NULL, &client) || hfhub_inference_new(client, &ic, &inf) ||
        hfhub_text_to_image(inf, argv[2], &opts, &img)) {
        fprintf(stderr, "error: %s\n", hfhub_last_error()->message);
        hfhub_inference_free(inf);
        hfhub_client_free(client);
        return 1;
    }
    f = fopen(argv[3], "wb");
    if (!f || fwrite(img->body, 1, img->body_len, f) != img->body_len) {
        perror(argv[3]);
        if (f) fclose(f);
        return 1;
    }
    fclose(f);
    printf("%s: %lu bytes of %s from %s\n", argv[3], (unsigned long)img->body_len, img->content_type, img->provider);
    hfhub_inference_result_free(inf, img);
    hfhub_inference_free(inf);
    hfhub_client_free(client);
    return 0;
}
