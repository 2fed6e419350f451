/* fuzz_json.c: libFuzzer harness for the JSON reader and writer.
 * Every input is parsed; an accepted document is written back (both separator styles),
 * re-parsed and compared, and every accessor is exercised on every value. The input is also
 * written as a string value, which must read back byte for byte when it is valid UTF-8. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

static int fz_equal(const hfhub_json_value *a, const hfhub_json_value *b) {
    size_t i, la, lb;
    const char *sa, *sb;
    if (hfhub_json_type_of(a) != hfhub_json_type_of(b)) return 0;
    switch (hfhub_json_type_of(a)) {
    case HFHUB_JSON_BOOL: return hfhub_json_bool(a, -1) == hfhub_json_bool(b, -1);
    case HFHUB_JSON_NUMBER:
        sa = hfhub_json_number_raw(a, &la);
        sb = hfhub_json_number_raw(b, &lb);
        return la == lb && !memcmp(sa, sb, la);
    case HFHUB_JSON_STRING:
        sa = hfhub_json_strn(a, &la);
        sb = hfhub_json_strn(b, &lb);
        return la == lb && !memcmp(sa, sb, la) && sa[la] == 0;
    case HFHUB_JSON_ARRAY:
    case HFHUB_JSON_OBJECT:
        if (hfhub_json_len(a) != hfhub_json_len(b)) return 0;
        for (i = 0; i < hfhub_json_len(a); i++) {
            sa = hfhub_json_key_at(a, i, &la);
            sb = hfhub_json_key_at(b, i, &lb);
            if (la != lb || (sa && memcmp(sa, sb, la))) return 0;
            if (!fz_equal(hfhub_json_at(a, i), hfhub_json_at(b, i))) return 0;
        }
        return 1;
    default: return 1;
    }
}

/* Touches every accessor; numbers must convert without trouble. */
static void fz_walk(const hfhub_json_value *v, size_t depth) {
    size_t i, n = hfhub_json_len(v), len;
    uint64_t u;
    if (hfhub_json_type_of(v) == HFHUB_JSON_NUMBER) {
        double d = hfhub_json_double(v, 0);
        char buf[32];
        size_t k = hfhub__json_format_double(d, buf);
        if (k && hfhub__json_lexeme_to_double(buf, k) != d) abort(); /* writer round trip */
        if (hfhub_json_is_int(v) && (double)hfhub_json_int(v, 0) != d) abort();
        (void)hfhub_json_uint64(v, &u);
    }
    if (hfhub_json_type_of(v) == HFHUB_JSON_STRING && hfhub_json_strn(v, &len) == NULL) abort();
    for (i = 0; i < n && depth < 64; i++) {
        const char *key = hfhub_json_key_at(v, i, &len);
        if (key && len == strlen(key)) {
            if (hfhub_json_get(v, key) == NULL) abort();
            if (*key && !strchr(key, '.') && hfhub_json_path(v, key) == NULL) abort();
        }
        fz_walk(hfhub_json_at(v, i), depth + 1);
    }
    (void)hfhub_json_path(v, "a.0.b");
}

static void fz_round_trip(const hfhub_json_value *root, int style) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_json_doc *doc2 = NULL;
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, style);
    hfhub__jw_value(&w, root);
    if (hfhub__jw_result(&w) == HFHUB_OK) {
        if (hfhub_json_parse(b.data, b.len, NULL, &doc2) != HFHUB_OK) abort();
        if (!fz_equal(root, hfhub_json_root(doc2))) abort();
        hfhub_json_free(doc2);
    } else if (hfhub_last_error()->result != HFHUB_ERR_TOO_LARGE) {
        abort(); /* only nesting beyond the writer's limit may fail */
    }
    hfhub__buf_free(&b);
}

static void fz_string(const uint8_t *data, size_t size) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_json_doc *doc = NULL;
    size_t len;
    const char *s;
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_stringn(&w, (const char *)data, size);
    if (hfhub__jw_result(&w) == HFHUB_OK) {
        if (hfhub_json_parse(b.data, b.len, NULL, &doc) != HFHUB_OK) abort();
        s = hfhub_json_strn(hfhub_json_root(doc), &len);
        if (!s || len != size || memcmp(s, data, size)) abort();
        hfhub_json_free(doc);
    }
    hfhub__buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    hfhub_result r;
    memset(&o, 0, sizeof o);
    o.max_depth = size && data[0] == ' ' ? 4 : 0; /* a leading space: a tiny depth limit */
    r = hfhub_json_parse((const char *)data, size, &o, &doc);
    if (r == HFHUB_OK) {
        fz_walk(hfhub_json_root(doc), 0);
        fz_round_trip(hfhub_json_root(doc), HFHUB__JW_COMPACT);
        fz_round_trip(hfhub_json_root(doc), HFHUB__JW_PYTHON);
        hfhub_json_free(doc);
    } else if (r != HFHUB_ERR_PARSE || doc != NULL) {
        abort();
    }
    fz_string(data, size);
    return 0;
}
