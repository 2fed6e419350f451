/* test_json.c: the JSON reader and writer: JSONTestSuite, round trips, numbers, accessors,
 * writer escapes, limits. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include <dirent.h>
#include <float.h>
#include <locale.h>
#include <math.h>

/* ---- helpers ---- */

static hfhub_result parse(const char *s, hfhub_json_doc **doc) {
    return hfhub_json_parse(s, strlen(s), NULL, doc);
}

/* Structural equality of two parsed values (numbers by lexeme, strings by bytes). */
static int json_equal(const hfhub_json_value *a, const hfhub_json_value *b) {
    size_t i, la, lb;
    const char *sa, *sb;
    if (hfhub_json_type_of(a) != hfhub_json_type_of(b)) return 0;
    switch (hfhub_json_type_of(a)) {
    case HFHUB_JSON_BOOL: return hfhub_json_bool(a, -1) == hfhub_json_bool(b, -1);
    case HFHUB_JSON_NUMBER:
        sa = hfhub_json_number_raw(a, &la);
        sb = hfhub_json_number_raw(b, &lb);
        return la == lb && memcmp(sa, sb, la) == 0;
    case HFHUB_JSON_STRING:
        sa = hfhub_json_strn(a, &la);
        sb = hfhub_json_strn(b, &lb);
        return la == lb && memcmp(sa, sb, la) == 0;
    case HFHUB_JSON_ARRAY:
    case HFHUB_JSON_OBJECT:
        if (hfhub_json_len(a) != hfhub_json_len(b)) return 0;
        for (i = 0; i < hfhub_json_len(a); i++) {
            if (hfhub_json_type_of(a) == HFHUB_JSON_OBJECT) {
                sa = hfhub_json_key_at(a, i, &la);
                sb = hfhub_json_key_at(b, i, &lb);
                if (la != lb || memcmp(sa, sb, la)) return 0;
            }
            if (!json_equal(hfhub_json_at(a, i), hfhub_json_at(b, i))) return 0;
        }
        return 1;
    default: return 1;
    }
}

/* Serialises v in the given style, re-parses it and compares. */
static int round_trips(const hfhub_json_value *v, int style) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_json_doc *doc2 = NULL;
    int ok;
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, style);
    hfhub__jw_value(&w, v);
    ok = hfhub__jw_result(&w) == HFHUB_OK &&
         hfhub_json_parse(b.data, b.len, NULL, &doc2) == HFHUB_OK &&
         json_equal(v, hfhub_json_root(doc2));
    hfhub_json_free(doc2);
    hfhub__buf_free(&b);
    return ok;
}

/* ---- JSONTestSuite ---- */

/* What we do with each implementation-defined case (1 accepted, 0 rejected). Numbers out of
 * range are kept (raw lexeme, double +-inf or 0, as Python); lone surrogate escapes become
 * U+FFFD; invalid UTF-8, UTF-16 input and a BOM are rejected. */
static const struct { const char *name; int accept; } t_i_cases[] = {
    {"i_number_double_huge_neg_exp.json", 1},
    {"i_number_huge_exp.json", 1},
    {"i_number_neg_int_huge_exp.json", 1},
    {"i_number_pos_double_huge_exp.json", 1},
    {"i_number_real_neg_overflow.json", 1},
    {"i_number_real_pos_overflow.json", 1},
    {"i_number_real_underflow.json", 1},
    {"i_number_too_big_neg_int.json", 1},
    {"i_number_too_big_pos_int.json", 1},
    {"i_number_very_big_negative_int.json", 1},
    {"i_object_key_lone_2nd_surrogate.json", 1},
    {"i_string_1st_surrogate_but_2nd_missing.json", 1},
    {"i_string_1st_valid_surrogate_2nd_invalid.json", 1},
    {"i_string_UTF-16LE_with_BOM.json", 0},
    {"i_string_UTF-8_invalid_sequence.json", 0},
    {"i_string_UTF8_surrogate_U+D800.json", 0},
    {"i_string_incomplete_surrogate_and_escape_valid.json", 1},
    {"i_string_incomplete_surrogate_pair.json", 1},
    {"i_string_incomplete_surrogates_escape_valid.json", 1},
    {"i_string_invalid_lonely_surrogate.json", 1},
    {"i_string_invalid_surrogate.json", 1},
    {"i_string_invalid_utf-8.json", 0},
    {"i_string_inverted_surrogates_U+1D11E.json", 1},
    {"i_string_iso_latin_1.json", 0},
    {"i_string_lone_second_surrogate.json", 1},
    {"i_string_lone_utf8_continuation_byte.json", 0},
    {"i_string_not_in_unicode_range.json", 0},
    {"i_string_overlong_sequence_2_bytes.json", 0},
    {"i_string_overlong_sequence_6_bytes.json", 0},
    {"i_string_overlong_sequence_6_bytes_null.json", 0},
    {"i_string_truncated-utf-8.json", 0},
    {"i_string_utf16BE_no_BOM.json", 0},
    {"i_string_utf16LE_no_BOM.json", 0},
    {"i_structure_500_nested_arrays.json", 1},
    {"i_structure_UTF-8_BOM_empty_object.json", 0},
};

static int t_i_expect(const char *name) {
    size_t i;
    for (i = 0; i < sizeof t_i_cases / sizeof t_i_cases[0]; i++)
        if (!strcmp(t_i_cases[i].name, name)) return t_i_cases[i].accept;
    return -1;
}

static void test_suite(void) {
    char dir[1024], path[2048];
    DIR *d;
    struct dirent *e;
    int n_y = 0, n_n = 0, n_i = 0;
    snprintf(dir, sizeof dir, "%s/json/test_parsing", t_vectors_dir());
    d = opendir(dir);
    CHECK(d != NULL);
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        char *text;
        size_t len;
        hfhub_json_doc *doc = NULL;
        hfhub_result r;
        if (name[0] == '.' || name[1] != '_') continue;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        text = t_read_file(path, &len);
        CHECK(text != NULL);
        if (!text) continue;
        r = hfhub_json_parse(text, len, NULL, &doc);
        if (name[0] == 'y') {
            n_y++;
            if (r != HFHUB_OK) fprintf(stderr, "  %s: %s\n", name, hfhub_last_error()->message);
            CHECK_INT(r, HFHUB_OK);
        } else if (name[0] == 'n') {
            n_n++;
            if (r != HFHUB_ERR_PARSE) fprintf(stderr, "  %s: accepted\n", name);
            CHECK_INT(r, HFHUB_ERR_PARSE);
            CHECK(strstr(hfhub_last_error()->message, "at byte") != NULL);
        } else if (name[0] == 'i') {
            int want = t_i_expect(name);
            n_i++;
            if (want < 0) fprintf(stderr, "  %s: no expectation recorded\n", name);
            CHECK(want >= 0);
            if ((r == HFHUB_OK) != (want == 1)) fprintf(stderr, "  %s: %s\n", name, hfhub_result_str(r));
            CHECK_INT(r, want == 1 ? HFHUB_OK : HFHUB_ERR_PARSE);
        }
        if (r == HFHUB_OK) {
            if (!round_trips(hfhub_json_root(doc), HFHUB__JW_COMPACT) ||
                !round_trips(hfhub_json_root(doc), HFHUB__JW_PYTHON))
                fprintf(stderr, "  %s: round trip differs\n", name);
            CHECK(round_trips(hfhub_json_root(doc), HFHUB__JW_COMPACT));
            CHECK(round_trips(hfhub_json_root(doc), HFHUB__JW_PYTHON));
        } else {
            CHECK(doc == NULL);
        }
        hfhub_json_free(doc);
        free(text);
    }
    closedir(d);
    CHECK_INT(n_y, 95);
    CHECK_INT(n_n, 188);
    CHECK_INT(n_i, 35);
}

/* Values chosen in the implementation-defined cases. */
static void test_i_values(void) {
    hfhub_json_doc *doc;
    size_t len;
    const char *s;
    CHECK_OK(parse("[\"\\uD800\\uDC00\", \"\\uDd1e\\uD834\", \"\\uD800\\n\", \"\\uDFAA\"]", &doc));
    CHECK_STR(hfhub_json_str(hfhub_json_at(hfhub_json_root(doc), 0), NULL), "\xF0\x90\x80\x80");
    CHECK_STR(hfhub_json_str(hfhub_json_at(hfhub_json_root(doc), 1), NULL), "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_STR(hfhub_json_str(hfhub_json_at(hfhub_json_root(doc), 2), NULL), "\xEF\xBF\xBD\n");
    CHECK_STR(hfhub_json_str(hfhub_json_at(hfhub_json_root(doc), 3), NULL), "\xEF\xBF\xBD");
    hfhub_json_free(doc);
    CHECK_OK(parse("[1e99999, -1e99999, 1e-99999, 123123e100000]", &doc));
    CHECK(hfhub_json_double(hfhub_json_at(hfhub_json_root(doc), 0), 0) == HUGE_VAL);
    CHECK(hfhub_json_double(hfhub_json_at(hfhub_json_root(doc), 1), 0) == -HUGE_VAL);
    CHECK(hfhub_json_double(hfhub_json_at(hfhub_json_root(doc), 2), 1) == 0.0);
    CHECK(hfhub_json_double(hfhub_json_at(hfhub_json_root(doc), 3), 0) == HUGE_VAL);
    s = hfhub_json_number_raw(hfhub_json_at(hfhub_json_root(doc), 3), &len);
    CHECK_INT(len, 13);
    CHECK(s && !memcmp(s, "123123e100000", 13));
    hfhub_json_free(doc);
}

/* ---- structure and limits ---- */

static void test_deep_nesting(void) {
    size_t n = 100000;
    char *s = (char *)malloc(2 * n + 1);
    hfhub_json_doc *doc = NULL;
    hfhub_json_parse_opts o;
    memset(s, '[', n);
    CHECK_INT(hfhub_json_parse(s, n, NULL, &doc), HFHUB_ERR_PARSE);
    CHECK(strstr(hfhub_last_error()->message, "nesting too deep") != NULL);
    CHECK(strstr(hfhub_last_error()->message, "at byte 512 ") != NULL);
    memset(s, '[', 512);
    memset(s + 512, ']', 512);
    CHECK_OK(hfhub_json_parse(s, 1024, NULL, &doc)); /* exactly the default limit */
    hfhub_json_free(doc);
    memset(&o, 0, sizeof o);
    o.max_depth = 3;
    CHECK_OK(hfhub_json_parse("[[{\"a\":1}]]", 11, &o, &doc));
    hfhub_json_free(doc);
    CHECK_INT(hfhub_json_parse("[[{\"a\":[]}]]", 12, &o, &doc), HFHUB_ERR_PARSE);
    /* a deep document parsed with a raised limit still serialises (writer limit 1024) */
    o.max_depth = 200000;
    memset(s, '[', n);
    memset(s + n, ']', n);
    CHECK_OK(hfhub_json_parse(s, 2 * n, &o, &doc));
    {
        hfhub__buf b;
        hfhub__jw w;
        hfhub__buf_init(&b, NULL);
        hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
        hfhub__jw_value(&w, hfhub_json_root(doc));
        CHECK_INT(hfhub__jw_result(&w), HFHUB_ERR_TOO_LARGE);
        hfhub__buf_free(&b);
    }
    hfhub_json_free(doc);
    free(s);
}

static void test_errors(void) {
    hfhub_json_doc *doc = (hfhub_json_doc *)1;
    CHECK_INT(parse("{\n  \"a\": 1,\n  \"b\": x\n}", &doc), HFHUB_ERR_PARSE);
    CHECK(doc == NULL);
    CHECK_STR(hfhub_last_error()->message, "JSON: value expected at byte 19 (line 3, column 8, at 'x')");
    CHECK_INT(parse("[1, 2", &doc), HFHUB_ERR_PARSE);
    CHECK_STR(hfhub_last_error()->message,
              "JSON: ',' or ']' expected in array at byte 5 (line 1, column 6, at end of input)");
    CHECK_INT(parse("\"ab\x01\"", &doc), HFHUB_ERR_PARSE);
    CHECK(strstr(hfhub_last_error()->message, "control character in string at byte 3") != NULL);
    CHECK_INT(parse("[\"\xC3\x28\"]", &doc), HFHUB_ERR_PARSE);
    CHECK(strstr(hfhub_last_error()->message, "invalid UTF-8") != NULL);
    CHECK_INT(parse("", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse(" ", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("{\"a\" 1}", &doc), HFHUB_ERR_PARSE);
    CHECK(strstr(hfhub_last_error()->message, "':' expected") != NULL);
    CHECK_INT(parse("[1] [2]", &doc), HFHUB_ERR_PARSE);
    CHECK(strstr(hfhub_last_error()->message, "after the document") != NULL);
    CHECK_INT(hfhub_json_parse("[1]\0", 4, NULL, &doc), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub_json_parse("\"a\0b\"", 5, NULL, &doc), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub_json_parse(NULL, 1, NULL, &doc), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_json_parse("1", 1, NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(parse("[\"\\x\"]", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("[\"\\u12G4\"]", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("[\"\\u12", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("[-]", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("[01]", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("[1.]", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("[1e+]", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("tru", &doc), HFHUB_ERR_PARSE);
    CHECK_INT(parse("\xEF\xBB\xBF{}", &doc), HFHUB_ERR_PARSE);
}

/* The input is pointer + length: nothing past len is read or needed. */
static void test_not_nul_terminated(void) {
    char buf[16];
    hfhub_json_doc *doc;
    memcpy(buf, "[12,\"ab\"]]]]]]]", 16);
    CHECK_OK(hfhub_json_parse(buf, 9, NULL, &doc));
    CHECK_STR(hfhub_json_str(hfhub_json_at(hfhub_json_root(doc), 1), NULL), "ab");
    hfhub_json_free(doc);
    memcpy(buf, "12345678", 8);
    CHECK_OK(hfhub_json_parse(buf, 3, NULL, &doc));
    CHECK_INT(hfhub_json_int(hfhub_json_root(doc), 0), 123);
    hfhub_json_free(doc);
    CHECK_INT(hfhub_json_parse("\"abc\"", 4, NULL, &doc), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub_json_parse("true", 3, NULL, &doc), HFHUB_ERR_PARSE);
}

/* ---- numbers ---- */

static void test_int64_edges(void) {
    hfhub_json_doc *doc;
    const hfhub_json_value *r;
    uint64_t u = 0;
    size_t len;
    const char *raw;
    CHECK_OK(parse("[9223372036854775807, -9223372036854775808, 9223372036854775808,"
                   " -9223372036854775809, 18446744073709551615, 18446744073709551616,"
                   " 0, -0, 1.0, 1e3, 12345678901234567890123, 1.5]", &doc));
    r = hfhub_json_root(doc);
    CHECK(hfhub_json_is_int(hfhub_json_at(r, 0)));
    CHECK(hfhub_json_int(hfhub_json_at(r, 0), 0) == INT64_MAX);
    CHECK(hfhub_json_is_int(hfhub_json_at(r, 1)));
    CHECK(hfhub_json_int(hfhub_json_at(r, 1), 0) == INT64_MIN);
    /* 2^63: not an int64, still a double, a uint64 and its text */
    CHECK(!hfhub_json_is_int(hfhub_json_at(r, 2)));
    CHECK_INT(hfhub_json_int(hfhub_json_at(r, 2), -7), -7);
    CHECK(hfhub_json_double(hfhub_json_at(r, 2), 0) == 9223372036854775808.0);
    CHECK(hfhub_json_uint64(hfhub_json_at(r, 2), &u) && u == (uint64_t)1 << 63);
    raw = hfhub_json_number_raw(hfhub_json_at(r, 2), &len);
    CHECK_INT(len, 19);
    CHECK(raw && !memcmp(raw, "9223372036854775808", 19));
    CHECK(!hfhub_json_is_int(hfhub_json_at(r, 3)));
    CHECK(hfhub_json_double(hfhub_json_at(r, 3), 0) == -9223372036854775808.0);
    CHECK(!hfhub_json_uint64(hfhub_json_at(r, 3), &u));
    CHECK(hfhub_json_uint64(hfhub_json_at(r, 4), &u) && u == UINT64_MAX);
    CHECK(!hfhub_json_uint64(hfhub_json_at(r, 5), &u));
    CHECK(hfhub_json_double(hfhub_json_at(r, 5), 0) == 18446744073709551616.0);
    CHECK(hfhub_json_is_int(hfhub_json_at(r, 6)) && hfhub_json_int(hfhub_json_at(r, 6), 1) == 0);
    CHECK(hfhub_json_is_int(hfhub_json_at(r, 7)) && hfhub_json_int(hfhub_json_at(r, 7), 1) == 0);
    CHECK(!hfhub_json_is_int(hfhub_json_at(r, 8)));
    CHECK_INT(hfhub_json_int(hfhub_json_at(r, 8), 0), 1);    /* integral double */
    CHECK_INT(hfhub_json_int(hfhub_json_at(r, 9), 0), 1000);
    CHECK(hfhub_json_double(hfhub_json_at(r, 10), 0) == 12345678901234567890123.0);
    CHECK_INT(hfhub_json_int(hfhub_json_at(r, 11), -1), -1);  /* not integral */
    CHECK(hfhub_json_double(hfhub_json_at(r, 11), 0) == 1.5);
    CHECK(!hfhub_json_uint64(hfhub_json_at(r, 11), &u));
    CHECK(hfhub_json_double(hfhub_json_at(r, 0), 0) == 9223372036854775807.0);
    hfhub_json_free(doc);
}

/* Lexemes against the C library's strtod in the "C" locale (correctly rounded in glibc). */
static const char *t_double_lexemes[] = {
    "0.1", "0.2", "0.30000000000000004", "1e-400", "-1e-400", "4.9e-324", "2.4703282292062328e-324",
    "2.4703282292062327e-324", "2.2250738585072011e-308", "2.2250738585072014e-308",
    "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
    "3.141592653589793238462643383279502884197169399375105820974944592307816406286",
    "9007199254740993", "9007199254740993.0000000000000000000000000000001", "1e22", "1e23",
    "8.988465674311579539e307", "123456789012345678901234567890e-30", "0.000000000000000000000000000001e30",
    "7.2057594037927933e16", "2.2204460492503131e-16", "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124", "-0.0", "0e10", "0.0e-10",
    "4503599627370496.5", "4503599627370497.5", "1.5e-5", "123.456E+7", "5e-324", "1E1",
};

static void test_doubles(void) {
    size_t i;
    for (i = 0; i < sizeof t_double_lexemes / sizeof t_double_lexemes[0]; i++) {
        const char *s = t_double_lexemes[i];
        double want = strtod(s, NULL), got = hfhub__json_lexeme_to_double(s, strlen(s));
        if (memcmp(&want, &got, sizeof want)) fprintf(stderr, "  %s: %.17g != %.17g\n", s, got, want);
        CHECK(!memcmp(&want, &got, sizeof want));
    }
    {   /* 1000 digits past the decimal point, exactly halfway + a tail: rounding needs the tail */
        static char big[1200];
        double want, got;
        memset(big, '0', sizeof big - 1);
        memcpy(big, "9007199254740993", 16); /* 2^53 + 1: halfway between two doubles */
        big[16] = '.';
        big[1100] = '1';
        big[1101] = 0;
        want = strtod(big, NULL);
        got = hfhub__json_lexeme_to_double(big, strlen(big));
        CHECK(want == got);
        CHECK(got == 9007199254740994.0);
    }
}

/* Python's repr() of each double (literal expectations taken from CPython 3). */
static const struct { double v; const char *repr; } t_reprs[] = {
    {0.1, "0.1"}, {1.0, "1.0"}, {1e16, "1e+16"}, {1e-5, "1e-05"}, {1e22, "1e+22"},
    {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"}, {-0.0, "-0.0"},
    {0.0, "0.0"}, {0.0001, "0.0001"}, {1234.5, "1234.5"}, {9999999999999998.0, "9999999999999998.0"},
    {1e15, "1000000000000000.0"}, {9223372036854775808.0, "9.223372036854776e+18"},
    {123456789.123, "123456789.123"}, {1e-7, "1e-07"}, {0.00001234, "1.234e-05"},
    {1.5e300, "1.5e+300"}, {-2.5e-10, "-2.5e-10"}, {100.0, "100.0"}, {1e21, "1e+21"},
    {0.30000000000000004, "0.30000000000000004"}, {2.0 / 3.0, "0.6666666666666666"},
    {-1.0 / 3.0, "-0.3333333333333333"}, {2.2250738585072014e-308, "2.2250738585072014e-308"},
};

static void test_format_double(void) {
    char buf[32];
    size_t i;
    uint64_t x = 88172645463325252ULL;
    for (i = 0; i < sizeof t_reprs / sizeof t_reprs[0]; i++) {
        hfhub__json_format_double(t_reprs[i].v, buf);
        CHECK_STR(buf, t_reprs[i].repr);
    }
    CHECK_INT(hfhub__json_format_double(HUGE_VAL, buf), 0);
    CHECK_INT(hfhub__json_format_double(-HUGE_VAL, buf), 0);
    CHECK_INT(hfhub__json_format_double(HUGE_VAL - HUGE_VAL, buf), 0);
    /* random bit patterns round trip through text */
    for (i = 0; i < 200000; i++) {
        double d, back;
        size_t n;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        memcpy(&d, &x, sizeof d);
        n = hfhub__json_format_double(d, buf);
        if (d != d || d > DBL_MAX || d < -DBL_MAX) { CHECK_INT(n, 0); continue; }
        CHECK(n > 0 && n < 32 && strlen(buf) == n);
        back = hfhub__json_lexeme_to_double(buf, n);
        if (memcmp(&d, &back, sizeof d)) { fprintf(stderr, "  %s\n", buf); CHECK(0); break; }
    }
}

/* The reader and writer ignore the C locale: build a locale with a decimal comma if the
 * system can (glibc localedef), and check both under it. */
static void test_locale_independent(void) {
    char dir[] = "/tmp/hfhub_json_locXXXXXX", cmd[512], buf[32];
    hfhub_json_doc *doc;
    if (!mkdtemp(dir)) return;
    snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
    if (system(cmd) == 0) {
        setenv("LOCPATH", dir, 1);
        if (setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
            CHECK_OK(parse("[1.5, 0.25e1, 3.14159265358979323846, 1e-400]", &doc));
            CHECK(hfhub_json_double(hfhub_json_at(hfhub_json_root(doc), 0), 0) == 1.5);
            CHECK(hfhub_json_double(hfhub_json_at(hfhub_json_root(doc), 1), 0) == 2.5);
            CHECK(hfhub_json_double(hfhub_json_at(hfhub_json_root(doc), 2), 0) == 3.141592653589793);
            hfhub_json_free(doc);
            hfhub__json_format_double(1.5, buf);
            CHECK_STR(buf, "1.5");
            hfhub__json_format_double(0.1, buf);
            CHECK_STR(buf, "0.1");
            setlocale(LC_NUMERIC, "C");
        } else {
            fprintf(stderr, "  (locale test skipped: setlocale failed)\n");
        }
        unsetenv("LOCPATH");
    } else {
        fprintf(stderr, "  (locale test skipped: localedef unavailable)\n");
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
}

/* ---- accessors ---- */

static void test_accessors(void) {
    hfhub_json_doc *doc;
    const hfhub_json_value *r, *v;
    const char *keys[3];
    size_t len;
    const char *text =
        "{\"sha\": \"abc\", \"siblings\": [{\"rfilename\": \"config.json\"}, {\"rfilename\": \"a.bin\","
        " \"lfs\": {\"size\": 123}}], \"a.b\": {\"c\": true}, \"dup\": 1, \"dup\": 2,"
        " \"nul\": \"x\\u0000y\", \"n\": null, \"f\": false, \"e\": {}, \"ea\": []}";
    CHECK_OK(parse(text, &doc));
    r = hfhub_json_root(doc);
    CHECK_INT(hfhub_json_type_of(r), HFHUB_JSON_OBJECT);
    CHECK_INT(hfhub_json_len(r), 10);
    CHECK_STR(hfhub_json_str(hfhub_json_get(r, "sha"), NULL), "abc");
    CHECK_STR(hfhub_json_key_at(r, 1, &len), "siblings");
    CHECK_INT(len, 8);
    CHECK_INT(hfhub_json_len(hfhub_json_get(r, "siblings")), 2);
    CHECK_STR(hfhub_json_str(hfhub_json_path(r, "siblings.0.rfilename"), NULL), "config.json");
    CHECK_INT(hfhub_json_int(hfhub_json_path(r, "siblings.1.lfs.size"), -1), 123);
    CHECK(hfhub_json_path(r, "siblings.2.rfilename") == NULL);
    CHECK(hfhub_json_path(r, "siblings.x") == NULL);
    CHECK(hfhub_json_path(r, "siblings.") == NULL);
    CHECK(hfhub_json_path(r, "sha.x") == NULL);
    CHECK(hfhub_json_path(r, "") == r);
    CHECK(hfhub_json_path(r, "a.b.c") == NULL); /* dots split; keys with dots need pathv */
    keys[0] = "a.b"; keys[1] = "c";
    CHECK_INT(hfhub_json_bool(hfhub_json_pathv(r, keys, 2), 0), 1);
    keys[0] = "siblings"; keys[1] = "1"; keys[2] = "rfilename";
    CHECK_STR(hfhub_json_str(hfhub_json_pathv(r, keys, 3), NULL), "a.bin");
    CHECK_INT(hfhub_json_int(hfhub_json_get(r, "dup"), 0), 1); /* first match */
    CHECK_INT(hfhub_json_int(hfhub_json_at(r, 4), 0), 2);      /* both kept, in order */
    CHECK_STR(hfhub_json_key_at(r, 4, NULL), "dup");
    v = hfhub_json_get(r, "nul");
    CHECK(hfhub_json_strn(v, &len) != NULL && len == 3 && !memcmp(hfhub_json_strn(v, NULL), "x\0y", 4));
    CHECK(hfhub_json_is_null(hfhub_json_get(r, "n")));
    CHECK(!hfhub_json_is_null(hfhub_json_get(r, "missing")));
    CHECK_INT(hfhub_json_type_of(hfhub_json_get(r, "missing")), HFHUB_JSON_NONE);
    CHECK_INT(hfhub_json_bool(hfhub_json_get(r, "f"), 7), 0);
    CHECK_INT(hfhub_json_bool(hfhub_json_get(r, "sha"), 7), 7);
    CHECK_INT(hfhub_json_len(hfhub_json_get(r, "e")), 0);
    CHECK_INT(hfhub_json_type_of(hfhub_json_get(r, "ea")), HFHUB_JSON_ARRAY);
    CHECK(hfhub_json_at(hfhub_json_get(r, "ea"), 0) == NULL);
    /* wrong types and NULL give the defaults */
    CHECK_STR(hfhub_json_str(hfhub_json_get(r, "dup"), "d"), "d");
    CHECK(hfhub_json_strn(NULL, &len) == NULL && len == 0);
    CHECK(hfhub_json_number_raw(hfhub_json_get(r, "sha"), &len) == NULL && len == 0);
    CHECK(hfhub_json_double(NULL, 2.5) == 2.5);
    CHECK_INT(hfhub_json_int(NULL, 9), 9);
    CHECK(hfhub_json_get(hfhub_json_get(r, "siblings"), "x") == NULL);
    CHECK(hfhub_json_key_at(hfhub_json_get(r, "siblings"), 0, NULL) == NULL);
    CHECK(hfhub_json_get(NULL, "x") == NULL && hfhub_json_at(NULL, 0) == NULL);
    CHECK(hfhub_json_root(NULL) == NULL);
    hfhub_json_free(doc);
    CHECK_OK(hfhub_json_parse(" 42 ", 4, NULL, &doc));
    CHECK_INT(hfhub_json_int(hfhub_json_root(doc), 0), 42);
    hfhub_json_free(doc);
    hfhub_json_free(NULL);
}

/* Parsing into a caller's arena: several documents, one free. */
static void test_parse_in_arena(void) {
    hfhub__arena ar;
    const hfhub_json_value *a, *b;
    hfhub__arena_init(&ar, NULL);
    CHECK_OK(hfhub__json_parse_in(&ar, "{\"x\": [1, \"s\"]}", 15, 0, &a));
    CHECK_OK(hfhub__json_parse_in(&ar, "\"t\"", 3, 0, &b));
    CHECK_INT(hfhub_json_int(hfhub_json_path(a, "x.0"), 0), 1);
    CHECK_STR(hfhub_json_str(hfhub_json_path(a, "x.1"), NULL), "s");
    CHECK_STR(hfhub_json_str(b, NULL), "t");
    CHECK_INT(hfhub__json_parse_in(&ar, "[[1]]", 5, 1, &b), HFHUB_ERR_PARSE);
    CHECK(b == NULL);
    CHECK_STR(hfhub_json_str(hfhub_json_path(a, "x.1"), NULL), "s");
    hfhub__arena_free(&ar);
}

/* ---- memory ---- */

static size_t t_live, t_peak, t_total;
static void *t_alloc(void *ctx, size_t n) {
    (void)ctx;
    t_live += n; t_total += n;
    if (t_live > t_peak) t_peak = t_live;
    return malloc(n);
}
static void *t_realloc(void *ctx, void *p, size_t o, size_t n) {
    (void)ctx;
    t_live += n - o;
    if (n > o) t_total += n - o;
    if (t_live > t_peak) t_peak = t_live;
    return realloc(p, n);
}
static void t_free(void *ctx, void *p, size_t n) { (void)ctx; t_live -= n; free(p); }

/* Every byte is returned, the sizes match, and peak memory stays a small multiple of the input
 * even for the densest documents. */
static void test_memory_bounded(void) {
    hfhub_allocator a = {NULL, t_alloc, t_realloc, t_free};
    hfhub_json_parse_opts o;
    hfhub_json_doc *doc;
    size_t k = 1 << 19, n = 2 * k + 3, i;
    char *s = (char *)malloc(n);
    memset(&o, 0, sizeof o);
    o.allocator = &a;
    s[0] = '[';
    for (i = 0; i < k; i++) memcpy(s + 1 + 2 * i, "0,", 2);
    memcpy(s + n - 2, "0]", 2);
    t_live = t_peak = 0;
    CHECK_OK(hfhub_json_parse(s, n, &o, &doc));
    CHECK_INT(hfhub_json_len(hfhub_json_root(doc)), k + 1);
    hfhub_json_free(doc);
    CHECK_INT(t_live, 0);
    CHECK(t_peak < 24 * n); /* 16 bytes a value: 8x in the tree, up to 12x on the stack */
    /* failures free everything too */
    s[n - 1] = 'x';
    CHECK_INT(hfhub_json_parse(s, n, &o, &doc), HFHUB_ERR_PARSE);
    CHECK_INT(t_live, 0);
    memset(s, '[', n);
    CHECK_INT(hfhub_json_parse(s, n, &o, &doc), HFHUB_ERR_PARSE);
    CHECK_INT(t_live, 0);
    free(s);
}

/* A budget allocator: out of memory anywhere gives HFHUB_ERR_NOMEM, no leak. */
static size_t t_budget;
static void *tb_alloc(void *ctx, size_t n) { return n > t_budget ? NULL : (t_budget -= n, t_alloc(ctx, n)); }
static void *tb_realloc(void *ctx, void *p, size_t o, size_t n) {
    if (n > o && n - o > t_budget) return NULL;
    if (n > o) t_budget -= n - o;
    return t_realloc(ctx, p, o, n);
}

static void test_out_of_memory(void) {
    hfhub_allocator a = {NULL, tb_alloc, tb_realloc, t_free};
    hfhub_json_parse_opts o;
    hfhub_json_doc *doc;
    const char *text = "{\"a\": [1, 2, {\"b\": \"c\"}, [[], {}]], \"d\": \"e\\n\", \"f\": [1,2,3,4,5,6,7,8,9]}";
    size_t budget;
    int ok = 0, nomem = 0;
    memset(&o, 0, sizeof o);
    o.allocator = &a;
    for (budget = 0; budget < 20000; budget += 64) {
        hfhub_result r;
        t_budget = budget;
        t_live = 0;
        r = hfhub_json_parse(text, strlen(text), &o, &doc);
        if (r == HFHUB_OK) { ok++; hfhub_json_free(doc); }
        else { CHECK_INT(r, HFHUB_ERR_NOMEM); nomem++; }
        CHECK_INT(t_live, 0);
    }
    CHECK(ok > 0 && nomem > 0);
}

/* ---- writer ---- */

static const char *write_string(const char *s, size_t len, int style) {
    static char out[256];
    hfhub__buf b;
    hfhub__jw w;
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, style);
    hfhub__jw_stringn(&w, s, len);
    if (hfhub__jw_result(&w) != HFHUB_OK) strcpy(out, "ERROR");
    else snprintf(out, sizeof out, "%s", b.data);
    hfhub__buf_free(&b);
    return out;
}

/* Expected outputs are what Python's json.dumps(s, ensure_ascii=False) prints. */
static void test_writer_escapes(void) {
    static const struct { const char *in; size_t len; const char *out; } cases[] = {
        {"", 0, "\"\""},
        {"plain", 5, "\"plain\""},
        {"\"", 1, "\"\\\"\""},
        {"\\", 1, "\"\\\\\""},
        {"/", 1, "\"/\""},
        {"\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\""},
        {"\0", 1, "\"\\u0000\""},
        {"\x01\x1f", 2, "\"\\u0001\\u001f\""},
        {"\x0b", 1, "\"\\u000b\""},
        {"\x7f", 1, "\"\x7f\""},
        {"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9, "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\""},
        {"a\"b\\c\nd", 7, "\"a\\\"b\\\\c\\nd\""},
        {"\xEF\xBB\xBF", 3, "\"\xEF\xBB\xBF\""},
        /* not UTF-8: rejected */
        {"\xC3", 1, "ERROR"},
        {"\xC3\x28", 2, "ERROR"},
        {"\xED\xA0\x80", 3, "ERROR"},
        {"\xC0\xAF", 2, "ERROR"},
        {"\xF4\x90\x80\x80", 4, "ERROR"},
        {"\xFF", 1, "ERROR"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_STR(write_string(cases[i].in, cases[i].len, HFHUB__JW_COMPACT), cases[i].out);
}

static void test_writer_document(void) {
    hfhub__buf b;
    hfhub__jw w;
    int style;
    static const char *want[2] = {
        "{\"a\":1,\"b\":[true,false,null,-9223372036854775808,18446744073709551615,0.1],"
        "\"c\":{},\"d\":[],\"e\":\"x\",\"raw\":{\"k\":[1]},\"f\":1e+16}",
        "{\"a\": 1, \"b\": [true, false, null, -9223372036854775808, 18446744073709551615, 0.1], "
        "\"c\": {}, \"d\": [], \"e\": \"x\", \"raw\": {\"k\":[1]}, \"f\": 1e+16}",
    };
    for (style = 0; style < 2; style++) {
        hfhub__buf_init(&b, NULL);
        hfhub__jw_init(&w, &b, style == 0 ? HFHUB__JW_COMPACT : HFHUB__JW_PYTHON);
        hfhub__jw_begin_object(&w);
        hfhub__jw_kv_int(&w, "a", 1);
        hfhub__jw_key(&w, "b");
        hfhub__jw_begin_array(&w);
        hfhub__jw_bool(&w, 1);
        hfhub__jw_bool(&w, 0);
        hfhub__jw_string(&w, NULL);
        hfhub__jw_int(&w, INT64_MIN);
        hfhub__jw_uint(&w, UINT64_MAX);
        hfhub__jw_double(&w, 0.1);
        hfhub__jw_end_array(&w);
        hfhub__jw_key(&w, "c");
        hfhub__jw_begin_object(&w);
        hfhub__jw_end_object(&w);
        hfhub__jw_key(&w, "d");
        hfhub__jw_begin_array(&w);
        hfhub__jw_end_array(&w);
        hfhub__jw_kv_string(&w, "e", "x");
        hfhub__jw_key(&w, "raw");
        hfhub__jw_raw(&w, "{\"k\":[1]}", 9);
        hfhub__jw_key(&w, "f");
        hfhub__jw_double(&w, 1e16);
        hfhub__jw_end_object(&w);
        CHECK_OK(hfhub__jw_result(&w));
        CHECK_STR(b.data, want[style]);
        hfhub__buf_free(&b);
    }
}

/* NDJSON (the commit payload): one writer per line into one buffer. */
static void test_writer_ndjson(void) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "key", "header");
    hfhub__jw_key(&w, "value");
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "summary", "Upload \"x\"");
    hfhub__jw_end_object(&w);
    hfhub__jw_end_object(&w);
    CHECK_OK(hfhub__jw_result(&w));
    hfhub__buf_putc(&b, '\n');
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "key", "file");
    hfhub__jw_key(&w, "value");
    hfhub__jw_begin_object(&w);
    hfhub__jw_kv_string(&w, "path", "d\xC3\xA9j\xC3\xA0/vu.txt");
    hfhub__jw_kv_bool(&w, "lfs", 0);
    hfhub__jw_end_object(&w);
    hfhub__jw_end_object(&w);
    CHECK_OK(hfhub__jw_result(&w));
    CHECK_STR(b.data, "{\"key\":\"header\",\"value\":{\"summary\":\"Upload \\\"x\\\"\"}}\n"
                      "{\"key\":\"file\",\"value\":{\"path\":\"d\xC3\xA9j\xC3\xA0/vu.txt\",\"lfs\":false}}");
    hfhub__buf_free(&b);
}

/* Misuse is reported, sticky, and stops the output. */
static void test_writer_errors(void) {
    hfhub__buf b;
    hfhub__jw w;
    int i;
    for (i = 0; i < 8; i++) {
        hfhub__buf_init(&b, NULL);
        hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
        switch (i) {
        case 0: hfhub__jw_begin_object(&w); hfhub__jw_int(&w, 1); break;          /* no key */
        case 1: hfhub__jw_begin_array(&w); hfhub__jw_key(&w, "k"); break;          /* key in array */
        case 2: hfhub__jw_begin_array(&w); hfhub__jw_end_object(&w); break;        /* mismatch */
        case 3: hfhub__jw_end_array(&w); break;                                    /* nothing open */
        case 4: hfhub__jw_int(&w, 1); hfhub__jw_int(&w, 2); break;                 /* two roots */
        case 5: hfhub__jw_double(&w, HUGE_VAL - HUGE_VAL); break;                  /* NaN */
        case 6: hfhub__jw_begin_object(&w); hfhub__jw_key(&w, "k"); hfhub__jw_end_object(&w); break;
        case 7: hfhub__jw_begin_array(&w); break;                                  /* unfinished */
        }
        hfhub__jw_null(&w);
        CHECK_INT(hfhub__jw_result(&w), HFHUB_ERR_INVALID_ARG);
        CHECK(strstr(hfhub_last_error()->message, "JSON writer") != NULL);
        hfhub__buf_free(&b);
    }
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_double(&w, -HUGE_VAL);
    CHECK_INT(hfhub__jw_result(&w), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(b.len, 0);
    hfhub__buf_free(&b);
}

/* A document with every kind of value survives writer -> reader unchanged, both styles. */
static void test_round_trip(void) {
    hfhub_json_doc *doc;
    hfhub__buf b;
    hfhub__jw w;
    const char *text = "{\"k\":[1,-0,1.5e300,12345678901234567890,\"a\\u0000\\\"\\\\\\/\\b\\f\\n\\r\\t\\u001f\","
                       "\"\\ud83d\\ude00\xC3\xA9\",true,false,null,{},[],{\"x\":{\"y\":[[]]}}],\"k\":2}";
    CHECK_OK(parse(text, &doc));
    CHECK(round_trips(hfhub_json_root(doc), HFHUB__JW_COMPACT));
    CHECK(round_trips(hfhub_json_root(doc), HFHUB__JW_PYTHON));
    hfhub__buf_init(&b, NULL);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_value(&w, hfhub_json_root(doc));
    CHECK_OK(hfhub__jw_result(&w));
    CHECK_STR(b.data, "{\"k\":[1,-0,1.5e300,12345678901234567890,\"a\\u0000\\\"\\\\/\\b\\f\\n\\r\\t\\u001f\","
                      "\"\xF0\x9F\x98\x80\xC3\xA9\",true,false,null,{},[],{\"x\":{\"y\":[[]]}}],\"k\":2}");
    hfhub__buf_free(&b);
    hfhub_json_free(doc);
}

int main(void) {
    RUN(test_suite);
    RUN(test_i_values);
    RUN(test_deep_nesting);
    RUN(test_errors);
    RUN(test_not_nul_terminated);
    RUN(test_int64_edges);
    RUN(test_doubles);
    RUN(test_format_double);
    RUN(test_locale_independent);
    RUN(test_accessors);
    RUN(test_parse_in_arena);
    RUN(test_memory_bounded);
    RUN(test_out_of_memory);
    RUN(test_writer_escapes);
    RUN(test_writer_document);
    RUN(test_writer_ndjson);
    RUN(test_writer_errors);
    RUN(test_round_trip);
    return TEST_END();
}
