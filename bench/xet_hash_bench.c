/* Helper of bench/xet_hash.sh (self-contained: builds the library into itself).
 *   xet_hash_bench gen-random FILE BYTES   splitmix64 bytes
 *   xet_hash_bench gen-f16 FILE BYTES      float16 values, roughly normal (weights-like)
 *   xet_hash_bench blake3 FILE [N]         plain BLAKE3 of FILE, printed like b3sum; N times
 *                                          (mapped afresh each time, as `b3sum F F ...` does)
 *   xet_hash_bench chunk FILE              Xet chunking only; prints the chunk count
 * Like `b3sum`, the two measuring modes map the file (POSIX mmap) instead of copying it
 * through read(), so the comparison measures hashing, not the kernel's copy; resident memory
 * then includes the pages touched, which the kernel can drop at will. */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#include "hfhub_xet.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK (1 << 20)

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A float in [-4, 4), roughly normal (sum of 4 uniforms), to IEEE half precision. */
static uint16_t normalish_half(uint64_t *s) {
    uint64_t r = splitmix(s);
    float v = ((float)(r & 0xFFFF) + (float)((r >> 16) & 0xFFFF) + (float)((r >> 32) & 0xFFFF) +
               (float)(r >> 48)) / 65536.0f - 2.0f;
    uint32_t bits;
    int exp;
    uint16_t sign;
    memcpy(&bits, &v, 4);
    sign = (uint16_t)((bits >> 16) & 0x8000);
    exp = (int)((bits >> 23) & 0xFF) - 127 + 15;
    if (exp <= 0) return sign; /* tiny: flush to zero */
    return (uint16_t)(sign | (exp << 10) | ((bits >> 13) & 0x3FF));
}

static int generate(const char *path, uint64_t size, int f16) {
    FILE *f = fopen(path, "wb");
    uint8_t *buf = (uint8_t *)malloc(BLOCK);
    uint64_t s = 2026, done = 0;
    if (!f || !buf) return 1;
    while (done < size) {
        size_t n = size - done < BLOCK ? (size_t)(size - done) : BLOCK, i;
        for (i = 0; i + 8 <= n; i += 8) {
            if (f16) {
                int k;
                for (k = 0; k < 4; k++) {
                    uint16_t h = normalish_half(&s);
                    buf[i + 2 * k] = (uint8_t)h;
                    buf[i + 2 * k + 1] = (uint8_t)(h >> 8);
                }
            } else {
                uint64_t z = splitmix(&s);
                memcpy(buf + i, &z, 8);
            }
        }
        for (; i < n; i++) buf[i] = (uint8_t)splitmix(&s);
        fwrite(buf, 1, n, f);
        done += n;
    }
    free(buf);
    return fclose(f) != 0;
}

/* BLAKE3 of the file at `path`, mapped for the call; prints it like b3sum. */
static int blake3_file(const char *path) {
    struct stat st;
    const uint8_t *d = NULL;
    uint8_t out[32];
    size_t len;
    int fd = open(path, O_RDONLY), i;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        return 1;
    }
    len = (size_t)st.st_size;
    if (len && (d = (const uint8_t *)mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    hfhub_blake3(d, len, out);
    for (i = 0; i < 32; i++) printf("%02x", out[i]);
    printf("  %s (%s)\n", path, hfhub_blake3_impl_name(hfhub_blake3_active()));
    if (len) munmap((void *)d, len);
    close(fd);
    return 0;
}

int main(int argc, char **argv) {
    struct stat st;
    const uint8_t *d = NULL;
    size_t len;
    int fd;
    if (argc == 4 && (!strcmp(argv[1], "gen-random") || !strcmp(argv[1], "gen-f16")))
        return generate(argv[2], strtoull(argv[3], NULL, 10), !strcmp(argv[1], "gen-f16"));
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "blake3")) {
        int n = argc == 4 ? atoi(argv[3]) : 1, i;
        for (i = 0; i < n; i++)
            if (blake3_file(argv[2])) return 1;
        return 0;
    }
    if (argc != 3 || strcmp(argv[1], "chunk") || (fd = open(argv[2], O_RDONLY)) < 0 ||
        fstat(fd, &st) != 0) {
        fprintf(stderr, "usage: xet_hash_bench gen-random|gen-f16 FILE BYTES | blake3 FILE [N] | chunk FILE\n");
        return 2;
    }
    len = (size_t)st.st_size;
    if (len && (d = (const uint8_t *)mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    {
        hfhub_xet_chunker c;
        uint64_t chunks = 0;
        size_t off = 0;
        hfhub_xet_chunker_init(&c);
        while (off < len) {
            int cut;
            off += hfhub_xet_chunker_next(&c, d + off, len - off, &cut);
            chunks += (uint64_t)cut;
        }
        chunks += hfhub_xet_chunker_finish(&c) ? 1 : 0;
        printf("%llu chunks\n", (unsigned long long)chunks);
    }
    close(fd);
    return 0;
}
