/* download_to_memory.c: fetch one file of a Hub repo into memory and write it to stdout.
 *
 *     ./build/examples/download_to_memory openai-community/gpt2 config.json [revision]
 *
 * The client reads the environment like Python's huggingface_hub (HF_ENDPOINT, HF_TOKEN or
 * the token file, HF_HUB_OFFLINE, proxies...). On failure the message says what the Hub
 * answered, e.g. "404 Client Error. ... Entry Not Found for url: ...".
 * The Makefile links it with the library object; on its own, add a file with
 * `#define HFHUB_IMPLEMENTATION` + `#include "hfhub.h"` (or compile with hfhub.c). */
#include "hfhub.h"
#include <stdio.h>
#include <stdlib.h>

#define MAX_SIZE (16u << 20) /* files up to 16 MiB */

int main(int argc, char **argv) {
    hfhub_config cfg = {0};
    hfhub_download_opts opts = {0};
    hfhub_client *client = NULL;
    char *buf;
    size_t len = 0;
    hfhub_result r;
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s REPO_ID FILENAME [REVISION]\n", argv[0]);
        return 2;
    }
    if (argc == 4) opts.revision = argv[3];
    buf = (char *)malloc(MAX_SIZE);
    if (!buf) return 1;
    r = hfhub_client_new(&cfg, &client);
    if (r == HFHUB_OK) r = hfhub_download_to_buffer(client, argv[1], argv[2], &opts, buf, MAX_SIZE, &len);
    if (r == HFHUB_OK) fwrite(buf, 1, len, stdout);
    else fprintf(stderr, "error (%s): %s\n", hfhub_result_str(r), hfhub_last_error()->message);
    hfhub_client_free(client);
    free(buf);
    return r == HFHUB_OK ? 0 : 1;
}
