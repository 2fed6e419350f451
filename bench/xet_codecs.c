/* xet_codecs.c: the benchmark helper of bench/xet_codecs.sh.
 *   xet_codecs gen random|float16|bfloat16|text BYTES FILE   write test data (1 MiB at a time)
 *   xet_codecs compress IN OUT                          LZ4 frame, 64 KiB independent blocks, no checksum
 *   xet_codecs decompress IN OUT                        any LZ4 frame
 *   xet_codecs bg4 IN                                   BG4 split + join over 128 KiB chunks, in memory
 * Streaming: memory stays O(block). Prints one line of results on stdout. */
#define _POSIX_C_SOURCE 200809L
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include "xetdata.h"
#include <time.h>

#define IO_BLOCK (1u << 20)

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int to_file(void *user, const void *data, size_t n) {
    return fwrite(data, 1, n, (FILE *)user) == n ? 0 : 1;
}

static int gen(const char *kind, unsigned long long size, const char *path) {
    static uint8_t buf[IO_BLOCK];
    FILE *f = fopen(path, "wb");
    unsigned long long done = 0;
    uint64_t seed = 1;
    if (!f) return 1;
    while (done < size) {
        size_t n = size - done < IO_BLOCK ? (size_t)(size - done) : IO_BLOCK;
        if (!strcmp(kind, "random")) xd_random(buf, n, seed++);
        else if (!strcmp(kind, "float16")) xd_float16(buf, n, seed++);
        else if (!strcmp(kind, "bfloat16")) xd_bfloat16(buf, n, seed++);
        else xd_text(buf, n, seed++);
        if (fwrite(buf, 1, n, f) != n) { fclose(f); return 1; }
        done += n;
    }
    return fclose(f) != 0;
}

static int run_codec(int compress, const char *in_path, const char *out_path) {
    static uint8_t buf[IO_BLOCK];
    FILE *in = fopen(in_path, "rb"), *out = fopen(out_path, "wb");
    hfhub_lz4_encoder e;
    hfhub_lz4_decoder d;
    hfhub_lz4_opts o;
    hfhub_result r = HFHUB_OK;
    unsigned long long total = 0;
    size_t n;
    double t0 = now();
    if (!in || !out) return 1;
    memset(&o, 0, sizeof o);
    o.block_size = HFHUB_LZ4_BLOCK_64KB;
    if (compress) r = hfhub_lz4_encoder_init(&e, NULL, &o, to_file, out);
    else hfhub_lz4_decoder_init(&d, NULL, (uint64_t)-1, to_file, out);
    while (r == HFHUB_OK && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        total += n;
        r = compress ? hfhub_lz4_encoder_update(&e, buf, n) : hfhub_lz4_decoder_update(&d, buf, n);
    }
    if (r == HFHUB_OK) r = compress ? hfhub_lz4_encoder_finish(&e) : hfhub_lz4_decoder_finish(&d);
    if (compress) hfhub_lz4_encoder_free(&e);
    else hfhub_lz4_decoder_free(&d);
    fclose(in);
    if (fclose(out) != 0 || r != HFHUB_OK) {
        fprintf(stderr, "failed: %s\n", hfhub_last_error()->message);
        return 1;
    }
    printf("%llu bytes in %.3f s\n", total, now() - t0);
    return 0;
}

static int bench_bg4(const char *in_path) {
    static uint8_t buf[IO_BLOCK], grouped[IO_BLOCK], back[IO_BLOCK];
    FILE *in = fopen(in_path, "rb");
    double split = 0, join = 0;
    unsigned long long total = 0;
    size_t n, i;
    if (!in) return 1;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        double t0 = now(), t1;
        for (i = 0; i < n; i += HFHUB_XORB_MAX_CHUNK)
            hfhub_bg4_split(buf + i, n - i < HFHUB_XORB_MAX_CHUNK ? n - i : HFHUB_XORB_MAX_CHUNK, grouped + i);
        t1 = now();
        for (i = 0; i < n; i += HFHUB_XORB_MAX_CHUNK)
            hfhub_bg4_join(grouped + i, n - i < HFHUB_XORB_MAX_CHUNK ? n - i : HFHUB_XORB_MAX_CHUNK, back + i);
        join += now() - t1;
        split += t1 - t0;
        if (memcmp(buf, back, n) != 0) { fprintf(stderr, "bg4 round trip failed\n"); return 1; }
        total += n;
    }
    fclose(in);
    printf("split %.2f GB/s, join %.2f GB/s\n", total / split / 1e9, total / join / 1e9);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 5 && !strcmp(argv[1], "gen")) return gen(argv[2], strtoull(argv[3], NULL, 10), argv[4]);
    if (argc == 4 && !strcmp(argv[1], "compress")) return run_codec(1, argv[2], argv[3]);
    if (argc == 4 && !strcmp(argv[1], "decompress")) return run_codec(0, argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "bg4")) return bench_bg4(argv[2]);
    fprintf(stderr, "usage: see bench/xet_codecs.c\n");
    return 2;
}
