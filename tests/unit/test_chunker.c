/* Xet chunker: every case of chunking.json (generator checked against sha256 and
 * check_bytes first), streaming with 1-, 37-, 255-byte and random feeds, a byte-by-byte
 * reference of the normative rule on random and adversarial inputs, edge cases. */
#include "test.h"
#include "hfhub_xet.h"
#include "xet_test_util.h"

#define MAX_ENDS 4096

/* The normative rule of spec/xet.md §1.3, byte by byte, without skip-ahead. */
static const uint64_t *g_gear;
static size_t reference_ends(const uint8_t *d, size_t n, uint64_t *ends) {
    uint64_t h = 0;
    size_t start = 0, i, count = 0;
    for (i = 0; i < n; i++) {
        size_t size = i - start + 1;
        h = (h << 1) + g_gear[d[i]];
        if (size < 8192) continue;
        if (size >= 131072 || (h & 0xFFFF000000000000ULL) == 0) {
            ends[count++] = i + 1;
            start = i + 1;
            h = 0;
        }
    }
    if (start < n) ends[count++] = n;
    return count;
}

/* Recovers the gear table from the chunker itself is not possible; the test keeps its own
 * copy, parsed from the spec text so a typo in the library's table shows up as a mismatch. */
static uint64_t g_gear_table[256];
static int load_gear_from_spec(void) {
    char path[1024], *s, *p;
    int n = 0;
    const char *root = getenv("HFHUB_ROOT");
    snprintf(path, sizeof(path), "%s/../shared/spec/xet.md", root && *root ? root : ".");
    s = t_read_file(path, NULL);
    if (!s) return 0;
    p = strstr(s, "XET_GEAR[256] = {");
    while (p && n < 256 && (p = strstr(p, "0x"))) {
        g_gear_table[n++] = strtoull(p, &p, 16);
    }
    free(s);
    g_gear = g_gear_table;
    return n == 256;
}

/* Boundaries by streaming the input in pieces: step > 0 fixed, step == 0 random. */
static size_t stream_ends(const uint8_t *d, size_t n, size_t step, uint64_t *seed, uint64_t *ends) {
    hfhub_xet_chunker c;
    size_t off = 0, count = 0, piece_off = 0;
    hfhub_xet_chunker_init(&c);
    while (off < n) {
        size_t piece = step ? step : (size_t)(t_rand(seed) % (t_rand(seed) & 1 ? 200000 : 300)) + 1;
        size_t end;
        if (piece > n - off) piece = n - off;
        end = off + piece;
        piece_off = off;
        while (piece_off < end) { /* consume the whole piece, cut by cut */
            int cut;
            size_t k = hfhub_xet_chunker_next(&c, d + piece_off, end - piece_off, &cut);
            if (k == 0) return (size_t)-1; /* must make progress */
            piece_off += k;
            if (cut) ends[count++] = piece_off;
        }
        off = end;
    }
    if (hfhub_xet_chunker_finish(&c)) ends[count++] = n;
    return count;
}

static int same_ends(const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
    return na == nb && (na == 0 || !memcmp(a, b, na * sizeof(uint64_t)));
}

static int g_cases, g_bad, g_js_differs;

static void one_case(const hfhub_json_value *c) {
    const hfhub_json_value *cb = hfhub_json_get(c, "check_bytes");
    const char *name = tj_s(c, "name");
    size_t n = 0, i, count;
    uint8_t *d = t_gen_input(hfhub_json_get(c, "input"), &n);
    uint64_t want[MAX_ENDS], got[MAX_ENDS], js[MAX_ENDS], seed = 7;
    long nwant = tj_u64s(hfhub_json_get(c, "chunk_ends"), want, MAX_ENDS), njs;
    static const size_t steps[] = {0, 1, 37, 255, 8192, 65536, 0};
    if (!name) name = "?";
    g_cases++;
    if (!d || nwant < 0) { fprintf(stderr, "  %s: bad case\n", name); g_bad++; free(d); return; }
    if (!t_check_sha256(d, n, tj_s(c, "sha256"))) { g_bad++; free(d); return; }
    for (i = 0; i < hfhub_json_len(cb); i++) { /* {"offset": byte} */
        long off = strtol(hfhub_json_key_at(cb, i, NULL), NULL, 10);
        if (off < 0 || (size_t)off >= n || d[off] != hfhub_json_int(hfhub_json_at(cb, i), -1)) {
            fprintf(stderr, "  %s: generator byte %ld\n", name, off);
            g_bad++;
        }
    }
    count = hfhub_xet_chunk_boundaries(d, n, got, MAX_ENDS);
    if (!same_ends(got, count, want, (size_t)nwant)) {
        fprintf(stderr, "  %s: %zu chunks, expected %ld\n", name, count, nwant); g_bad++;
    }
    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (t_light() && steps[i] < 64 && n > 100000) continue;
        count = stream_ends(d, n, steps[i], &seed, got);
        if (!same_ends(got, count, want, (size_t)nwant)) {
            fprintf(stderr, "  %s: streaming with step %zu differs\n", name, steps[i]); g_bad++;
        }
    }
    count = reference_ends(d, n, got);
    if (!same_ends(got, count, want, (size_t)nwant)) {
        fprintf(stderr, "  %s: the test's byte-by-byte reference disagrees\n", name); g_bad++;
    }
    njs = tj_u64s(hfhub_json_get(c, "js_oracle_chunk_ends_WRONG"), js, MAX_ENDS);
    if (njs > 0) {
        if (same_ends(js, (size_t)njs, want, (size_t)nwant)) g_bad++;
        else g_js_differs++;
    }
    free(d);
}

static const hfhub_json_value *g_json;

static void test_vectors(void) {
    const hfhub_json_value *params = hfhub_json_get(g_json, "params"),
                           *cases = hfhub_json_get(g_json, "cases");
    size_t i;
    g_cases = g_bad = g_js_differs = 0;
    CHECK_INT(tj_i(params, "target_chunk_size"), HFHUB_XET_CHUNK_TARGET);
    CHECK_INT(tj_i(params, "min_chunk_size"), HFHUB_XET_CHUNK_MIN);
    CHECK_INT(tj_i(params, "max_chunk_size"), HFHUB_XET_CHUNK_MAX);
    CHECK_STR(tj_s(params, "mask_hex"), "ffff000000000000");
    for (i = 0; i < hfhub_json_len(cases); i++) one_case(hfhub_json_at(cases, i));
    CHECK_INT(g_bad, 0);
    CHECK_INT(g_cases, 131);
    CHECK_INT(g_js_differs, 13); /* the npm package's sub-8 KiB cuts are not reproduced */
}

static void test_empty_and_small(void) {
    uint64_t ends[4];
    uint8_t d[8192];
    hfhub_xet_chunker c;
    int cut = 7;
    memset(d, 0, sizeof(d));
    CHECK_INT(hfhub_xet_chunk_boundaries(d, 0, ends, 4), 0);
    hfhub_xet_chunker_init(&c);
    CHECK_INT(hfhub_xet_chunker_next(&c, d, 0, &cut), 0);
    CHECK_INT(cut, 0);
    CHECK_INT(hfhub_xet_chunker_finish(&c), 0);
    CHECK_INT(hfhub_xet_chunk_boundaries(d, 1, ends, 4), 1);
    CHECK_INT(ends[0], 1);
    CHECK_INT(hfhub_xet_chunk_boundaries(d, 8191, ends, 4), 1);
    CHECK_INT(ends[0], 8191);
    CHECK_INT(hfhub_xet_chunk_boundaries(d, 8192, ends, 0), 1); /* counts beyond cap */
}

/* Random and adversarial inputs against the byte-by-byte rule, with random feeds. Low-entropy
 * inputs (few distinct bytes) hit the mask often, also right around the 8192-byte minimum. */
static void test_against_reference(void) {
    size_t n = (t_light() ? 300 : 3 * 1024) * 1024, i, a, b;
    uint8_t *d = (uint8_t *)malloc(n);
    uint64_t *want = (uint64_t *)malloc(MAX_ENDS * 8 * sizeof(uint64_t));
    uint64_t *got = (uint64_t *)malloc(MAX_ENDS * 8 * sizeof(uint64_t)), seed = 42;
    int kind;
    for (kind = 0; kind < 6; kind++) {
        size_t len = kind == 5 ? 1000 + (size_t)(t_rand(&seed) % 300000) : n;
        for (i = 0; i < len; i++) {
            uint64_t r = t_rand(&seed);
            d[i] = kind == 0 ? (uint8_t)r
                 : kind == 1 ? (uint8_t)(r % 3)               /* 3 symbols */
                 : kind == 2 ? (uint8_t)(i % 97 < 50 ? 0 : r) /* runs of zeros */
                 : kind == 3 ? (uint8_t)(r & 0x11)            /* sparse bits */
                 : kind == 4 ? (uint8_t)"abcab"[r % 5]
                             : (uint8_t)r;
        }
        a = reference_ends(d, len, want);
        b = hfhub_xet_chunk_boundaries(d, len, got, MAX_ENDS * 8);
        if (!same_ends(got, b, want, a)) {
            fprintf(stderr, "  kind %d: one-shot differs from reference (%zu vs %zu)\n", kind, b, a);
            t__cur_failed = 1;
        }
        for (i = 0; i < (t_light() ? 2u : 4u); i++) {
            b = stream_ends(d, len, i == 0 ? 1 : 0, &seed, got);
            if (!same_ends(got, b, want, a)) {
                fprintf(stderr, "  kind %d: streaming differs from reference\n", kind);
                t__cur_failed = 1;
            }
        }
        for (i = 1; i < a; i++) /* every chunk but the last within [MIN, MAX] */
            if (want[i] - want[i - 1] < 8192 || want[i] - want[i - 1] > 131072) t__cur_failed = 1;
    }
    free(d);
    free(want);
    free(got);
}

int main(void) {
    hfhub_json_doc *doc = t_vector_json("xet/chunking.json");
    g_json = hfhub_json_root(doc);
    if (!load_gear_from_spec()) {
        fprintf(stderr, "cannot read the gear table from ../shared/spec/xet.md\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    RUN(test_vectors);
    RUN(test_empty_and_small);
    RUN(test_against_reference);
    hfhub_json_free(doc);
    return TEST_END();
}
