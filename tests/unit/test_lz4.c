/* test_lz4.c: XXH32, LZ4 frames (ours <-> the lz4 CLI), BG4, the compression policy. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "hfhub_xet.h"
#include "xetdata.h"

/* ---- helpers ---- */

typedef struct sink { uint8_t *p; size_t len, cap; int fail_after; } sink;
static int sink_write(void *user, const void *data, size_t n) {
    sink *s = (sink *)user;
    if (s->fail_after >= 0 && s->fail_after-- == 0) return 1;
    if (s->len + n > s->cap) {
        size_t cap = (s->len + n) * 2 + 64;
        s->p = (uint8_t *)realloc(s->p, cap);
        s->cap = cap;
    }
    memcpy(s->p + s->len, data, n);
    s->len += n;
    return 0;
}
static void sink_init(sink *s) { memset(s, 0, sizeof *s); s->fail_after = -1; }

/* Streams src through our decoder in pieces of `step` bytes (0: random pieces). */
static hfhub_result stream_decode(const uint8_t *src, size_t n, size_t step, uint64_t max_out, sink *out) {
    hfhub_lz4_decoder d;
    hfhub_result r = HFHUB_OK;
    size_t i = 0;
    uint64_t seed = n;
    sink_init(out);
    hfhub_lz4_decoder_init(&d, NULL, max_out, sink_write, out);
    while (i < n && r == HFHUB_OK) {
        size_t k = step ? step : (size_t)(xd_splitmix(&seed) % 70000);
        if (k > n - i) k = n - i;
        r = hfhub_lz4_decoder_update(&d, src + i, k);
        i += k;
    }
    if (r == HFHUB_OK) r = hfhub_lz4_decoder_finish(&d);
    hfhub_lz4_decoder_free(&d);
    return r;
}

static hfhub_result stream_encode(const uint8_t *src, size_t n, const hfhub_lz4_opts *o, size_t step, sink *out) {
    hfhub_lz4_encoder e;
    hfhub_result r;
    size_t i = 0;
    uint64_t seed = n + 1;
    sink_init(out);
    r = hfhub_lz4_encoder_init(&e, NULL, o, sink_write, out);
    while (r == HFHUB_OK && i < n) {
        size_t k = step ? step : (size_t)(xd_splitmix(&seed) % 300000);
        if (k > n - i) k = n - i;
        r = hfhub_lz4_encoder_update(&e, src + i, k);
        i += k;
    }
    if (r == HFHUB_OK) r = hfhub_lz4_encoder_finish(&e);
    hfhub_lz4_encoder_free(&e);
    return r;
}

static char tmpdir[256];
static void make_tmpdir(void) {
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/hfhub_lz4_XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) tmpdir[0] = 0;
}

static int has_lz4_cli(void) { return system("lz4 --version >/dev/null 2>&1") == 0; }

static const size_t sizes[] = {0, 1, 2, 11, 12, 13, 14, 15, 16, 17, 31, 64, 100, 255, 256, 1000, 4095, 8192,
                               65535, 65536, 65537, 100000, 131072, 262145, 1048576 + 7, 3000000};
#define NSIZES (sizeof sizes / sizeof sizes[0])

/* ---- XXH32 ---- */

static void test_xxh32(void) {
    hfhub_xxh32_state s;
    uint8_t buf[1000];
    size_t i;
    CHECK_INT(hfhub_xxh32("", 0, 0), 0x02CC5D05u);
    CHECK_INT(hfhub_xxh32("abc", 3, 0), 0x32D153FFu);
    CHECK_INT(hfhub_xxh32("Nobody inspects the spammish repetition", 39, 0), 0xE2293B2Fu);
    xd_random(buf, sizeof buf, 9);
    for (i = 0; i < 40; i++) { /* streaming in uneven pieces equals one shot */
        size_t n = i * 25, j = 0;
        hfhub_xxh32_init(&s, (uint32_t)i);
        while (j < n) {
            size_t k = (j * 7 + 3) % 19 + 1;
            if (k > n - j) k = n - j;
            hfhub_xxh32_update(&s, buf + j, k);
            j += k;
        }
        CHECK_INT(hfhub_xxh32_final(&s), hfhub_xxh32(buf, n, (uint32_t)i));
    }
}

/* ---- frames: the spec's example and our round trips ---- */

static void test_hello_world_frame(void) {
    static const uint8_t expect[] = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 0x0c, 0x00, 0x00, 0x80, 0x48, 0x65, 0x6c,
                                     0x6c, 0x6f, 0x20, 0x57, 0x6f, 0x72, 0x6c, 0x64, 0x21, 0x00, 0x00, 0x00, 0x00};
    uint8_t out[64], back[16];
    size_t len = 0, blen = 0;
    CHECK_OK(hfhub_lz4_frame_compress("Hello World!", 12, out, sizeof out, NULL, &len));
    CHECK_INT(len, sizeof expect);
    CHECK(memcmp(out, expect, sizeof expect) == 0);
    CHECK_OK(hfhub_lz4_frame_decompress(expect, sizeof expect, back, sizeof back, &blen));
    CHECK_INT(blen, 12);
    CHECK(memcmp(back, "Hello World!", 12) == 0);
}

static void test_roundtrip(void) {
    static const hfhub_lz4_block_size bs[] = {HFHUB_LZ4_BLOCK_AUTO, HFHUB_LZ4_BLOCK_64KB, HFHUB_LZ4_BLOCK_256KB,
                                              HFHUB_LZ4_BLOCK_1MB, HFHUB_LZ4_BLOCK_4MB};
    size_t si;
    int kind;
    for (kind = 0; kind < XD_KINDS; kind++) {
        for (si = 0; si < NSIZES; si++) {
            size_t n = sizes[si], cap = hfhub_lz4_frame_bound(n), len = 0, blen = 0;
            uint8_t *src = (uint8_t *)malloc(n + 1), *frame = (uint8_t *)malloc(cap), *back = (uint8_t *)malloc(n + 1);
            hfhub_lz4_opts o;
            sink s;
            xd_fill(kind, src, n, si * 31 + (size_t)kind);
            memset(&o, 0, sizeof o);
            o.block_size = bs[si % 5];
            o.content_checksum = (int)(si % 2);
            o.block_checksums = (int)(si % 3 == 0);
            o.content_size = (int)(si % 4 == 1);
            CHECK_OK(hfhub_lz4_frame_compress(src, n, frame, cap, &o, &len));
            CHECK(len <= cap);
            if (kind == XD_ZERO && n >= 1000) CHECK(len < n / 20);
            if (kind == XD_TEXT && n >= 65536) CHECK(len < n / 2);
            CHECK_OK(hfhub_lz4_frame_decompress(frame, len, back, n + 1, &blen));
            CHECK_INT(blen, n);
            CHECK(n == 0 || memcmp(src, back, n) == 0);
            CHECK_OK(stream_decode(frame, len, si % 2 ? 1 + si : 0, n, &s));
            CHECK_INT(s.len, n);
            CHECK(n == 0 || (s.p && memcmp(src, s.p, n) == 0));
            free(s.p);
            CHECK_OK(stream_encode(src, n, &o, si % 3 ? 0 : 4096 + si, &s));
            CHECK_OK(hfhub_lz4_frame_decompress(s.p, s.len, back, n + 1, &blen));
            CHECK_INT(blen, n);
            CHECK(n == 0 || memcmp(src, back, n) == 0);
            if (hfhub_last_error()->message[0] && t__cur_failed)
                fprintf(stderr, "  (%s, %zu bytes: %s)\n", xd_kind_name[kind], n, hfhub_last_error()->message);
            free(s.p);
            free(src);
            free(frame);
            free(back);
        }
    }
}

/* ---- interop with the lz4 command-line tool ---- */

/* Our frame for data of `kind` must decode with `lz4 -d` to the same bytes. */
static void check_cli_decodes_ours(int kind, size_t n, const hfhub_lz4_opts *o, int streaming) {
    char in[512], out[512], cmd[1200];
    uint8_t *src = (uint8_t *)malloc(n + 1), *frame;
    size_t len = 0, got = 0;
    char *back;
    sink s;
    xd_fill(kind, src, n, n * 3 + (size_t)kind);
    if (streaming) {
        CHECK_OK(stream_encode(src, n, o, 0, &s));
        frame = s.p;
        len = s.len;
    } else {
        frame = (uint8_t *)malloc(hfhub_lz4_frame_bound(n));
        CHECK_OK(hfhub_lz4_frame_compress(src, n, frame, hfhub_lz4_frame_bound(n), o, &len));
    }
    snprintf(in, sizeof in, "%s/ours.lz4", tmpdir);
    snprintf(out, sizeof out, "%s/ours.out", tmpdir);
    CHECK_INT(xd_write_file(in, frame, len), 0);
    snprintf(cmd, sizeof cmd, "lz4 -q -d -f '%s' '%s'", in, out);
    CHECK_INT(system(cmd), 0);
    back = t_read_file(out, &got);
    CHECK(back != NULL);
    CHECK_INT(got, n);
    if (back && got == n) CHECK(n == 0 || memcmp(back, src, n) == 0);
    if (t__cur_failed) fprintf(stderr, "  (%s, %zu bytes, streaming %d)\n", xd_kind_name[kind], n, streaming);
    free(back);
    free(frame);
    free(src);
}

static void test_cli_decodes_ours(void) {
    static const size_t ns[] = {0, 1, 12, 13, 100, 65536, 65537, 131072, 1000003, 5000000};
    size_t i;
    int kind;
    if (!has_lz4_cli() || !tmpdir[0]) { CHECK(!"lz4 CLI or temp dir missing"); return; }
    for (kind = 0; kind < XD_KINDS; kind++)
        for (i = 0; i < sizeof ns / sizeof ns[0]; i++) {
            hfhub_lz4_opts o;
            memset(&o, 0, sizeof o);
            o.block_size = (hfhub_lz4_block_size)(i % 4 == 0 ? 0 : 3 + i % 5);
            if (o.block_size == 3) o.block_size = HFHUB_LZ4_BLOCK_AUTO;
            o.content_checksum = (int)(i % 2);
            o.block_checksums = (int)(i % 3 == 1);
            o.content_size = (int)(i % 4 == 2);
            check_cli_decodes_ours(kind, ns[i], &o, 0);
            check_cli_decodes_ours(kind, ns[i], &o, 1);
        }
}

/* Frames the CLI writes with `flags` must decode with ours (one-shot and streaming). */
static void check_ours_decodes_cli(int kind, size_t n, const char *flags) {
    char in[512], out[512], cmd[1200];
    uint8_t *src = (uint8_t *)malloc(n + 1), *back = (uint8_t *)malloc(n + 1);
    char *frame;
    size_t len = 0, blen = 0;
    sink s;
    xd_fill(kind, src, n, n * 5 + (size_t)kind);
    snprintf(in, sizeof in, "%s/cli.in", tmpdir);
    snprintf(out, sizeof out, "%s/cli.lz4", tmpdir);
    CHECK_INT(xd_write_file(in, src, n), 0);
    snprintf(cmd, sizeof cmd, "lz4 -q -f %s '%s' '%s'", flags, in, out);
    CHECK_INT(system(cmd), 0);
    frame = t_read_file(out, &len);
    CHECK(frame != NULL);
    if (frame) {
        CHECK_OK(hfhub_lz4_frame_decompress(frame, len, back, n + 1, &blen));
        CHECK_INT(blen, n);
        CHECK(n == 0 || memcmp(back, src, n) == 0);
        CHECK_OK(stream_decode((const uint8_t *)frame, len, 0, (uint64_t)n, &s));
        CHECK_INT(s.len, n);
        CHECK(n == 0 || (s.p && memcmp(s.p, src, n) == 0));
        free(s.p);
    }
    if (t__cur_failed)
        fprintf(stderr, "  (lz4 %s, %s, %zu bytes: %s)\n", flags, xd_kind_name[kind], n, hfhub_last_error()->message);
    free(frame);
    free(src);
    free(back);
}

static void test_ours_decodes_cli(void) {
    static const char *flags[] = {"-1", "-1 -B4", "-1 -B5", "-1 -B6", "-1 -B7", "-1 -B4 -BD", "-9 -B4 -BD",
                                  "-1 -B5 -BD --content-size", "-1 -BX", "-1 -B4 -BX -BD", "-1 --no-frame-crc",
                                  "-1 -B4 --no-frame-crc --content-size", "-9", "--fast=5 -B4"};
    static const size_t ns[] = {0, 5, 70000, 300001, 5000000};
    size_t f, i;
    int kind;
    if (!has_lz4_cli() || !tmpdir[0]) { CHECK(!"lz4 CLI or temp dir missing"); return; }
    for (f = 0; f < sizeof flags / sizeof flags[0]; f++)
        for (kind = 0; kind < XD_KINDS; kind++)
            for (i = 0; i < sizeof ns / sizeof ns[0]; i++) {
                if (ns[i] == 5000000 && (f % 3 || kind == XD_RANDOM)) continue; /* keep the run short */
                check_ours_decodes_cli(kind, ns[i], flags[f]);
            }
}

/* ---- several frames, skippable frames ---- */

static void test_concatenated_and_skippable(void) {
    uint8_t a[3000], b[70000], buf[100000], back[80000];
    size_t la = 0, lb = 0, pos = 0, blen = 0;
    hfhub_lz4_opts o;
    sink s;
    xd_text(a, sizeof a, 1);
    xd_float16(b, sizeof b, 2);
    memset(&o, 0, sizeof o);
    o.content_checksum = 1;
    /* skippable frame, frame a, empty skippable, frame b, skippable at the end */
    memcpy(buf, "\x5A\x2A\x4D\x18\x05\x00\x00\x00hello", 13);
    pos = 13;
    CHECK_OK(hfhub_lz4_frame_compress(a, sizeof a, buf + pos, sizeof buf - pos, &o, &la));
    pos += la;
    memcpy(buf + pos, "\x50\x2A\x4D\x18\x00\x00\x00\x00", 8);
    pos += 8;
    CHECK_OK(hfhub_lz4_frame_compress(b, sizeof b, buf + pos, sizeof buf - pos, NULL, &lb));
    pos += lb;
    memcpy(buf + pos, "\x5F\x2A\x4D\x18\x01\x00\x00\x00x", 9);
    pos += 9;
    CHECK_OK(hfhub_lz4_frame_decompress(buf, pos, back, sizeof back, &blen));
    CHECK_INT(blen, sizeof a + sizeof b);
    CHECK(memcmp(back, a, sizeof a) == 0 && memcmp(back + sizeof a, b, sizeof b) == 0);
    CHECK_OK(stream_decode(buf, pos, 1, sizeof back, &s));
    CHECK_INT(s.len, sizeof a + sizeof b);
    CHECK(s.p && memcmp(s.p, a, sizeof a) == 0 && memcmp(s.p + sizeof a, b, sizeof b) == 0);
    free(s.p);
    CHECK_OK(stream_decode(buf, pos, 0, sizeof back, &s));
    CHECK_INT(s.len, sizeof a + sizeof b);
    free(s.p);
    /* only a skippable frame: no data, no error */
    CHECK_OK(hfhub_lz4_frame_decompress(buf, 13, back, sizeof back, &blen));
    CHECK_INT(blen, 0);
}

/* ---- malformed input, limits ---- */

static void test_malformed(void) {
    uint8_t src[20000], frame[21000], back[20000];
    size_t len = 0, cut, blen;
    hfhub_lz4_opts o;
    sink s;
    hfhub_result r;
    size_t i;
    xd_text(src, sizeof src, 4);
    memset(&o, 0, sizeof o);
    o.content_checksum = 1;
    o.block_checksums = 1;
    o.content_size = 1;
    CHECK_OK(hfhub_lz4_frame_compress(src, sizeof src, frame, sizeof frame, &o, &len));
    for (cut = 0; cut < len; cut++) { /* every strict prefix is truncated */
        CHECK_INT(hfhub_lz4_frame_decompress(frame, cut, back, sizeof back, &blen), HFHUB_ERR_PARSE);
        CHECK_INT(stream_decode(frame, cut, 7, sizeof back, &s), HFHUB_ERR_PARSE);
        free(s.p);
    }
    for (i = 0; i < len; i++) { /* any flipped bit is caught */
        uint8_t save = frame[i];
        frame[i] ^= (uint8_t)(1u << (i % 8));
        r = hfhub_lz4_frame_decompress(frame, len, back, sizeof back, &blen);
        CHECK(r == HFHUB_ERR_PARSE || r == HFHUB_ERR_INTEGRITY || r == HFHUB_ERR_TOO_LARGE);
        r = stream_decode(frame, len, 0, sizeof back, &s);
        CHECK(r == HFHUB_ERR_PARSE || r == HFHUB_ERR_INTEGRITY || r == HFHUB_ERR_TOO_LARGE);
        free(s.p);
        frame[i] = save;
    }
    /* output bounds: one byte short is TOO_LARGE, as is a declared content size above the cap */
    CHECK_INT(hfhub_lz4_frame_decompress(frame, len, back, sizeof src - 1, &blen), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(stream_decode(frame, len, 0, sizeof src - 1, &s), HFHUB_ERR_TOO_LARGE);
    free(s.p);
    o.content_size = 0;
    CHECK_OK(hfhub_lz4_frame_compress(src, sizeof src, frame, sizeof frame, &o, &len));
    CHECK_INT(hfhub_lz4_frame_decompress(frame, len, back, 1000, &blen), HFHUB_ERR_TOO_LARGE);
    CHECK_INT(stream_decode(frame, len, 0, 1000, &s), HFHUB_ERR_TOO_LARGE);
    free(s.p);
    /* garbage, bad version, reserved bits, wrong header checksum, empty input */
    CHECK_INT(hfhub_lz4_frame_decompress("garbage!", 8, back, sizeof back, &blen), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub_lz4_frame_decompress("", 0, back, sizeof back, &blen), HFHUB_ERR_PARSE);
    CHECK_INT(stream_decode((const uint8_t *)"", 0, 1, 10, &s), HFHUB_ERR_PARSE);
    free(s.p);
    {
        uint8_t h[] = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 0x00, 0x00, 0x00, 0x00};
        CHECK_OK(hfhub_lz4_frame_decompress(h, sizeof h, back, sizeof back, &blen));
        CHECK_INT(blen, 0);
        h[6] = 0x83;
        CHECK_INT(hfhub_lz4_frame_decompress(h, sizeof h, back, sizeof back, &blen), HFHUB_ERR_PARSE);
        h[6] = 0x82;
        h[4] = 0xA0; /* version 2 */
        CHECK_INT(hfhub_lz4_frame_decompress(h, sizeof h, back, sizeof back, &blen), HFHUB_ERR_PARSE);
        h[4] = 0x60;
        h[5] = 0x30; /* block size id 3 */
        CHECK_INT(hfhub_lz4_frame_decompress(h, sizeof h, back, sizeof back, &blen), HFHUB_ERR_PARSE);
    }
    { /* a block whose match offset points before the output: PARSE, no read outside */
        uint8_t f[32] = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82};
        uint8_t blk[] = {0x14, 'a', 0x10, 0x00, 0x10, 'b'}; /* 1 literal, offset 16: invalid */
        size_t n = 7;
        f[n++] = sizeof blk; f[n++] = 0; f[n++] = 0; f[n++] = 0;
        memcpy(f + n, blk, sizeof blk);
        n += sizeof blk;
        memset(f + n, 0, 4);
        n += 4;
        CHECK_INT(hfhub_lz4_frame_decompress(f, n, back, sizeof back, &blen), HFHUB_ERR_PARSE);
        CHECK_INT(stream_decode(f, n, 3, sizeof back, &s), HFHUB_ERR_PARSE);
        free(s.p);
        blk[2] = 1; /* offset 1: 'a' repeated 4+... valid */
        memcpy(f + 11, blk, sizeof blk);
        CHECK_OK(hfhub_lz4_frame_decompress(f, n, back, sizeof back, &blen));
        CHECK_INT(blen, 1 + 8 + 1);
        CHECK(memcmp(back, "aaaaaaaaab", 10) == 0);
    }
}

static void test_encoder_output_limits(void) {
    uint8_t src[1000], out[2000];
    size_t len = 0, i;
    sink s;
    hfhub_lz4_encoder e;
    hfhub_lz4_opts o;
    xd_text(src, sizeof src, 3);
    for (i = 0; i < 40; i++) /* every too-small buffer is refused, never overrun */
        CHECK_INT(hfhub_lz4_frame_compress(src, sizeof src, out, i, NULL, &len), HFHUB_ERR_TOO_LARGE);
    memset(&o, 0, sizeof o);
    o.block_size = (hfhub_lz4_block_size)9;
    CHECK_INT(hfhub_lz4_frame_compress(src, sizeof src, out, sizeof out, &o, &len), HFHUB_ERR_INVALID_ARG);
    sink_init(&s);
    s.fail_after = 1;
    CHECK_OK(hfhub_lz4_encoder_init(&e, NULL, NULL, sink_write, &s));
    CHECK_INT(hfhub_lz4_encoder_update(&e, src, sizeof src), HFHUB_OK); /* header only so far */
    CHECK_INT(hfhub_lz4_encoder_finish(&e), HFHUB_ERR_CANCELLED);
    hfhub_lz4_encoder_free(&e);
    free(s.p);
}

/* ---- BG4 ---- */

static void test_bg4(void) {
    static const uint8_t ex[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, want[10] = {0, 4, 8, 1, 5, 9, 2, 6, 3, 7};
    uint8_t out[10];
    size_t n;
    hfhub_bg4_split(ex, 10, out);
    CHECK(memcmp(out, want, 10) == 0);
    hfhub_bg4_join(want, 10, out);
    CHECK(memcmp(out, ex, 10) == 0);
    for (n = 0; n < 2000; n += (n < 300 ? 1 : 37)) { /* against the definition */
        uint8_t *src = (uint8_t *)malloc(n + 1), *sp = (uint8_t *)malloc(n + 1), *ref = (uint8_t *)malloc(n + 1);
        size_t k, i, o = 0;
        xd_random(src, n, n);
        for (k = 0; k < 4; k++)
            for (i = k; i < n; i += 4) ref[o++] = src[i];
        hfhub_bg4_split(src, n, sp);
        CHECK(n == 0 || memcmp(sp, ref, n) == 0);
        hfhub_bg4_join(sp, n, ref);
        CHECK(n == 0 || memcmp(ref, src, n) == 0);
        free(src);
        free(sp);
        free(ref);
    }
}

/* ---- the compression policy ---- */

static void test_policy(void) {
    size_t n = 65536, len = 0;
    uint8_t *src = (uint8_t *)malloc(n), *dst = (uint8_t *)malloc(n), *back = (uint8_t *)malloc(n);
    hfhub_xet_scheme sc;
    int kind, pol;
    CHECK_INT(HFHUB_XET_SCHEME_NONE, 0);
    CHECK_INT(HFHUB_XET_SCHEME_LZ4, 1);
    CHECK_INT(HFHUB_XET_SCHEME_BG4_LZ4, 2);
    xd_random(src, n, 1);
    CHECK_INT(hfhub_xet_bg4_predict(src, n), 0);
    xd_float16(src, n, 1);
    CHECK_INT(hfhub_xet_bg4_predict(src, n), 1);
    xd_bfloat16(src, n, 1);
    CHECK_INT(hfhub_xet_bg4_predict(src, n), 1);
    xd_text(src, n, 1);
    CHECK_INT(hfhub_xet_bg4_predict(src, n), 0);
    for (kind = 0; kind < XD_KINDS; kind++)
        for (pol = HFHUB_XET_POLICY_AUTO; pol <= HFHUB_XET_POLICY_BEST; pol++) {
            xd_fill(kind, src, n, (uint64_t)pol);
            CHECK_OK(hfhub_xet_compress(NULL, (hfhub_xet_policy)pol, src, n, dst, n, &sc, &len));
            CHECK(len <= n);
            CHECK(sc == HFHUB_XET_SCHEME_NONE ? len == n : len < n);
            if (kind == XD_RANDOM || pol == HFHUB_XET_POLICY_NONE) CHECK_INT(sc, HFHUB_XET_SCHEME_NONE);
            if (kind == XD_BFLOAT16 && (pol == HFHUB_XET_POLICY_AUTO || pol == HFHUB_XET_POLICY_BEST))
                CHECK_INT(sc, HFHUB_XET_SCHEME_BG4_LZ4);
            if (kind == XD_FLOAT16 && pol == HFHUB_XET_POLICY_AUTO) /* BG4 tried, LZ4 finds too little */
                CHECK(sc == HFHUB_XET_SCHEME_BG4_LZ4 || sc == HFHUB_XET_SCHEME_NONE);
            if (kind == XD_TEXT && pol == HFHUB_XET_POLICY_AUTO) CHECK_INT(sc, HFHUB_XET_SCHEME_LZ4);
            CHECK_OK(hfhub_xet_decompress(NULL, sc, dst, len, back, n));
            CHECK(memcmp(back, src, n) == 0);
            if (sc != HFHUB_XET_SCHEME_NONE) /* a wrong expected size is a parse error */
                CHECK_INT(hfhub_xet_decompress(NULL, sc, dst, len, back, n - 1), HFHUB_ERR_PARSE);
        }
    { /* BEST never loses to either single scheme */
        size_t l1 = 0, l2 = 0, l3 = 0;
        xd_bfloat16(src, n, 7);
        CHECK_OK(hfhub_xet_compress(NULL, HFHUB_XET_POLICY_LZ4, src, n, dst, n, &sc, &l1));
        CHECK_OK(hfhub_xet_compress(NULL, HFHUB_XET_POLICY_BG4_LZ4, src, n, dst, n, &sc, &l2));
        CHECK_OK(hfhub_xet_compress(NULL, HFHUB_XET_POLICY_BEST, src, n, dst, n, &sc, &l3));
        CHECK(l3 <= l1 && l3 <= l2 && l2 < l1 && l2 < n * 9 / 10);
    }
    CHECK_INT(hfhub_xet_decompress(NULL, (hfhub_xet_scheme)3, src, 10, back, 10), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub_xet_decompress(NULL, HFHUB_XET_SCHEME_NONE, src, 10, back, 11), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub_xet_compress(NULL, HFHUB_XET_POLICY_LZ4, src, 100, dst, 99, &sc, &len), HFHUB_ERR_INVALID_ARG);
    CHECK_OK(hfhub_xet_compress(NULL, HFHUB_XET_POLICY_AUTO, src, 0, dst, 0, &sc, &len));
    CHECK_INT(len, 0);
    CHECK_INT(sc, HFHUB_XET_SCHEME_NONE);
    free(src);
    free(dst);
    free(back);
}

int main(void) {
    make_tmpdir();
    RUN(test_xxh32);
    RUN(test_hello_world_frame);
    RUN(test_roundtrip);
    RUN(test_cli_decodes_ours);
    RUN(test_ours_decodes_cli);
    RUN(test_concatenated_and_skippable);
    RUN(test_malformed);
    RUN(test_encoder_output_limits);
    RUN(test_bg4);
    RUN(test_policy);
    if (tmpdir[0]) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return TEST_END();
}
