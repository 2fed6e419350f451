/* xet_hash: the Xet hashes of a file, computed in one streaming pass.
 *
 *     xet-hash FILE [--chunks] [--threads 1|2]
 *
 * With --chunks, first one line per chunk: "OFFSET LENGTH CHUNKHASH". Then one JSON line:
 *     {"size":N,"nchunks":N,"xorbHash":"...","fileHash":"...","verificationHash":"..."}
 * with the hashes in Xet hex; the xorb and verification hashes treat all of the file's chunks
 * as one xorb / one term. FILE "-" reads standard input. Memory use is fixed whatever the
 * file size: on POSIX systems a regular file is mapped 16 MiB at a time (no copy through
 * read(), as b3sum does; each window is unmapped after use), otherwise it is read through a
 * 1 MiB buffer; and the hasher state. By default this thread chunks while a
 * second one hashes the chunks (hfhub_xet_chunk_hasher); --threads 1 does both on one.
 *
 * Like every example it is linked with one file that holds the implementation:
 *     #define HFHUB_IMPLEMENTATION
 *     #include "hfhub_xet.h"
 * (the Makefile's build/hfhub_xet_impl.c). */
#if defined(__unix__) || defined(__APPLE__)
#define _POSIX_C_SOURCE 200809L
#define XET_HASH_MMAP 1
#endif
#include "hfhub_xet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef XET_HASH_MMAP
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define WINDOW ((size_t)16 << 20) /* a multiple of any page size */

/* Feeds a regular file to ch through mapped windows; 0 when the file cannot be mapped (the
 * caller then reads it), 1 done, -1 failed. */
static int feed_mapped(FILE *f, hfhub_xet_chunk_hasher *ch) {
    struct stat st;
    off_t off = 0;
    int fd = fileno(f);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return 0;
    while (off < st.st_size) {
        size_t n = st.st_size - off < (off_t)WINDOW ? (size_t)(st.st_size - off) : WINDOW;
        void *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, off);
        if (p == MAP_FAILED) return off == 0 ? 0 : -1;
        hfhub_xet_chunk_hasher_update(ch, p, n);
        munmap(p, n);
        off += (off_t)n;
    }
    return 1;
}
#endif

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
    int chunks = 0, threads = 2, bad = 0, mapped = 0, i;
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
#ifdef XET_HASH_MMAP
    mapped = feed_mapped(f, ch);
#endif
    if (!mapped)
        while ((n = fread(buf, 1, 1 << 20, f)) > 0) hfhub_xet_chunk_hasher_update(ch, buf, n);
    if (mapped < 0 || ferror(f)) {
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
