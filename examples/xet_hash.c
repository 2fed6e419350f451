/* xet_hash: the Xet hashes of a file, computed in one streaming pass.
 *
 *     xet-hash FILE [--chunks] [--threads 1|2]
 *
 * With --chunks, first one line per chunk: "OFFSET LENGTH CHUNKHASH". Then one JSON line:
 *     {"size":N,"nchunks":N,"xorbHash":"...","fileHash":"...","verificationHash":"..."}
 * with the hashes in Xet hex; the xorb and verification hashes treat all of the file's chunks
 * as one xorb / one term. FILE "-" reads standard input. Memory use is fixed (a 1 MiB read
 * buffer and the hasher state) whatever the file size. By default this thread chunks while a
 * second one hashes the chunks (hfhub_xet_chunk_hasher); --threads 1 does both on one.
 *
 * Like every example it is linked with one file that holds the implementation:
 *     #define HFHUB_IMPLEMENTATION
 *     #include "hfhub_xet.h"
 * (the Makefile's build/hfhub_xet_impl.c). */
#include "hfhub_xet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hfhub_result print_chunk(void *user, const hfhub_xet_chunk_info *c, const uint8_t *data) {
    char hex[65];
    (void)user;
    (void)data;
    hfhub_xet_hash_to_hex(c->hash, hex);
    printf("%llu %llu %s\n", (unsigned long long)c->offset, (unsigned long long)c->length, hex);
    return HFHUB_OK;
}

int main(int argc, char **argv) {
    const char *path = NULL;
    int chunks = 0, threads = 2, bad = 0, i;
    FILE *f;
    unsigned char *buf;
    size_t n;
    hfhub_xet_chunk_hasher *ch;
    hfhub_xet_file_hashes out;
    char xorb[65], file[65], verification[65];
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--chunks")) chunks = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!path) path = argv[i];
        else bad = 1;
    }
    if (!path || bad || threads < 1) {
        fprintf(stderr, "usage: xet-hash FILE [--chunks] [--threads 1|2]\n");
        return 2;
    }
    f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        perror(path);
        return 1;
    }
    buf = (unsigned char *)malloc(1 << 20);
    if (!buf || hfhub_xet_chunk_hasher_new(NULL, threads, chunks ? print_chunk : NULL, NULL, &ch)) {
        fprintf(stderr, "xet-hash: out of memory\n");
        return 1;
    }
    while ((n = fread(buf, 1, 1 << 20, f)) > 0) hfhub_xet_chunk_hasher_update(ch, buf, n);
    if (ferror(f)) {
        perror(path);
        return 1;
    }
    if (f != stdin) fclose(f);
    hfhub_xet_chunk_hasher_finish(ch, &out);
    hfhub_xet_chunk_hasher_free(ch);
    hfhub_xet_hash_to_hex(out.xorb_hash, xorb);
    hfhub_xet_hash_to_hex(out.file_hash, file);
    hfhub_xet_hash_to_hex(out.verification_hash, verification);
    printf("{\"size\":%llu,\"nchunks\":%llu,\"xorbHash\":\"%s\",\"fileHash\":\"%s\","
           "\"verificationHash\":\"%s\"}\n",
           (unsigned long long)out.size, (unsigned long long)out.nchunks, xorb, file, verification);
    free(buf);
    return 0;
}
