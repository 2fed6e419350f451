/* test_codecs.c: hex, base64, URL parsing/resolution/quoting, NO_PROXY, fnmatch.
 * Quoting and fnmatch expectations are literal results of Python 3.11's urllib.parse and
 * fnmatch on the same inputs. */
#include "test.h"

/* ---- hex ---------------------------------------------------------------------------------- */

static void test_hex(void) {
    unsigned char b[4] = {0x00, 0xAB, 0x7f, 0xff}, d[4];
    char s[9];
    hfhub_hex_encode(b, 4, s);
    CHECK_STR(s, "00ab7fff");
    hfhub_hex_encode(b, 0, s);
    CHECK_STR(s, "");
    CHECK_OK(hfhub_hex_decode("00AB7fFf", 8, d, 4));
    CHECK(memcmp(b, d, 4) == 0);
    CHECK_OK(hfhub_hex_decode("", 0, d, 0));
    CHECK_INT(hfhub_hex_decode("00ab7ff", 7, d, 4), HFHUB_ERR_PARSE);   /* odd */
    CHECK_INT(hfhub_hex_decode("00ab7f", 6, d, 4), HFHUB_ERR_PARSE);    /* short */
    CHECK_INT(hfhub_hex_decode("00ab7fg0", 8, d, 4), HFHUB_ERR_PARSE);  /* non-hex */
    CHECK_INT(hfhub_hex_decode("00ab 7ff", 8, d, 4), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub_hex_decode("0xab7fff", 8, d, 4), HFHUB_ERR_PARSE);
    CHECK(strstr(hfhub_last_error()->message, "hex") != NULL);
}

/* ---- base64 ------------------------------------------------------------------------------- */

static void t_b64_roundtrip(const char *raw, size_t n, const char *want, int flags) {
    char enc[128];
    unsigned char dec[128];
    size_t len = 999;
    CHECK_INT(hfhub__base64_encoded_len(n, flags), strlen(want));
    hfhub__base64_encode(raw, n, enc, flags);
    CHECK_STR(enc, want);
    CHECK_OK(hfhub__base64_decode(want, strlen(want), dec, sizeof dec, &len, flags));
    CHECK_INT(len, n);
    CHECK(memcmp(dec, raw, n) == 0);
}

static void test_base64(void) {
    /* RFC 4648 §10 and Python base64.b64encode / urlsafe_b64encode */
    t_b64_roundtrip("", 0, "", 0);
    t_b64_roundtrip("f", 1, "Zg==", 0);
    t_b64_roundtrip("fo", 2, "Zm8=", 0);
    t_b64_roundtrip("foo", 3, "Zm9v", 0);
    t_b64_roundtrip("foob", 4, "Zm9vYg==", 0);
    t_b64_roundtrip("fooba", 5, "Zm9vYmE=", 0);
    t_b64_roundtrip("foobar", 6, "Zm9vYmFy", 0);
    t_b64_roundtrip("\xfb\xff\xfe", 3, "+//+", 0);
    t_b64_roundtrip("\xfb\xff\xfe", 3, "-__-", HFHUB__B64_URL);
    t_b64_roundtrip("\0\1\2\3\4\5\6\7\b\t", 10, "AAECAwQFBgcICQ==", 0);
    t_b64_roundtrip("f", 1, "Zg", HFHUB__B64_NOPAD);
    t_b64_roundtrip("fo", 2, "Zm8", HFHUB__B64_NOPAD | HFHUB__B64_URL);
    t_b64_roundtrip("foo", 3, "Zm9v", HFHUB__B64_NOPAD);
}

static void test_base64_bad(void) {
    static const char *bad[] = {"Zg=", "Zg", "Z===", "Zm9v\n", "Zm9=v", "Zm 9v", "Zm9v====",
                                "=Zm9", "Zg==Zg==", "-_-_", "Zm9v\0", "Zm=v", "===="};
    unsigned char out[64];
    size_t i, len;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = strlen(bad[i]) + (i == 10);
        hfhub_result r = hfhub__base64_decode(bad[i], n, out, sizeof out, &len, 0);
        if (r != HFHUB_ERR_PARSE) fprintf(stderr, "  bad base64 #%lu\n", (unsigned long)i);
        CHECK_INT(r, HFHUB_ERR_PARSE);
    }
    CHECK_INT(hfhub__base64_decode("+/+/", 4, out, sizeof out, &len, HFHUB__B64_URL), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub__base64_decode("Zg==", 4, out, sizeof out, &len, HFHUB__B64_NOPAD), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub__base64_decode("Z", 1, out, sizeof out, &len, HFHUB__B64_NOPAD), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub__base64_decode("Zm9vYmFy", 8, out, 5, &len, 0), HFHUB_ERR_TOO_LARGE);
    CHECK_OK(hfhub__base64_decode("Zm9vYmFy", 8, out, 6, &len, 0));
    /* non-zero trailing bits are accepted, as Python does */
    CHECK_OK(hfhub__base64_decode("QR==", 4, out, sizeof out, &len, 0));
    CHECK_INT(len, 1);
    CHECK_INT(out[0], 'A');
}

/* ---- quoting (expectations: Python 3.11 urllib.parse) -------------------------------------- */

typedef struct t_quote_case {
    const char *in, *quote_slash, *quote_empty, *quote_plus_empty, *quote_colon_at;
} t_quote_case;
typedef struct t_unquote_case { const char *in, *unquote, *unquote_to_bytes; } t_unquote_case;
typedef struct t_urlencode_case { const char *kv[10]; size_t n; const char *want; } t_urlencode_case;

/* quote(in, safe='/'), quote(in, safe=''), quote_plus(in, safe=''), quote(in, safe=':@') */
static const t_quote_case t_quote_cases[] = {
    {"", "", "", "", ""},
    {"abc", "abc", "abc", "abc", "abc"},
    {"a b", "a%20b", "a%20b", "a+b", "a%20b"},
    {"a+b", "a%2Bb", "a%2Bb", "a%2Bb", "a%2Bb"},
    {"a%b", "a%25b", "a%25b", "a%25b", "a%25b"},
    {"%41", "%2541", "%2541", "%2541", "%2541"},
    {"~user", "~user", "~user", "~user", "~user"},
    {"a/b/c", "a/b/c", "a%2Fb%2Fc", "a%2Fb%2Fc", "a%2Fb%2Fc"},
    {"a?b=c&d#e", "a%3Fb%3Dc%26d%23e", "a%3Fb%3Dc%26d%23e", "a%3Fb%3Dc%26d%23e", "a%3Fb%3Dc%26d%23e"},
    {"\303\251", "%C3%A9", "%C3%A9", "%C3%A9", "%C3%A9"},
    {"\346\227\245\346\234\254\350\252\236", "%E6%97%A5%E6%9C%AC%E8%AA%9E", "%E6%97%A5%E6%9C%AC%E8%AA%9E", "%E6%97%A5%E6%9C%AC%E8%AA%9E", "%E6%97%A5%E6%9C%AC%E8%AA%9E"},
    {"emoji \360\237\230\200", "emoji%20%F0%9F%98%80", "emoji%20%F0%9F%98%80", "emoji+%F0%9F%98%80", "emoji%20%F0%9F%98%80"},
    {"!*'();:@&=+$,/?#[]", "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C/%3F%23%5B%5D", "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D", "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D", "%21%2A%27%28%29%3B:@%26%3D%2B%24%2C%2F%3F%23%5B%5D"},
    {"-_.~", "-_.~", "-_.~", "-_.~", "-_.~"},
    {"a\011b\012", "a%09b%0A", "a%09b%0A", "a%09b%0A", "a%09b%0A"},
    {"\177", "%7F", "%7F", "%7F", "%7F"},
    {"foo bar/baz.bin", "foo%20bar/baz.bin", "foo%20bar%2Fbaz.bin", "foo+bar%2Fbaz.bin", "foo%20bar%2Fbaz.bin"},
    {"refs/pr/1", "refs/pr/1", "refs%2Fpr%2F1", "refs%2Fpr%2F1", "refs%2Fpr%2F1"},
    {"v1.0", "v1.0", "v1.0", "v1.0", "v1.0"},
    {"a\\b", "a%5Cb", "a%5Cb", "a%5Cb", "a%5Cb"},
    {"<>\"{}|^`", "%3C%3E%22%7B%7D%7C%5E%60", "%3C%3E%22%7B%7D%7C%5E%60", "%3C%3E%22%7B%7D%7C%5E%60", "%3C%3E%22%7B%7D%7C%5E%60"},
    {"sub dir/file (1).txt", "sub%20dir/file%20%281%29.txt", "sub%20dir%2Ffile%20%281%29.txt", "sub+dir%2Ffile+%281%29.txt", "sub%20dir%2Ffile%20%281%29.txt"},
    {"ABCxyz0189", "ABCxyz0189", "ABCxyz0189", "ABCxyz0189", "ABCxyz0189"},
};
static const t_unquote_case t_unquote_cases[] = {
    {"", "", ""},
    {"abc", "abc", "abc"},
    {"%41%42", "AB", "AB"},
    {"%4", "%4", "%4"},
    {"%", "%", "%"},
    {"%zz", "%zz", "%zz"},
    {"a+b", "a+b", "a+b"},
    {"%2B", "+", "+"},
    {"%2b", "+", "+"},
    {"%C3%A9", "\303\251", "\303\251"},
    {"%C3", "\357\277\275", "\303"},
    {"%C3\303\251", "\357\277\275\303\251", "\303\303\251"},
    {"%E6%97%A5%E6%9C%AC", "\346\227\245\346\234\254", "\346\227\245\346\234\254"},
    {"%FF%FE", "\357\277\275\357\277\275", "\377\376"},
    {"%ED%A0%80", "\357\277\275\357\277\275\357\277\275", "\355\240\200"},
    {"%F0%9F%98%80", "\360\237\230\200", "\360\237\230\200"},
    {"%F0%9F%98", "\357\277\275", "\360\237\230"},
    {"%E0%80%AF", "\357\277\275\357\277\275\357\277\275", "\340\200\257"},
    {"%C0%AF", "\357\277\275\357\277\275", "\300\257"},
    {"%f0%9f%98%80x", "\360\237\230\200x", "\360\237\230\200x"},
    {"100%", "100%", "100%"},
    {"%%41", "%A", "%A"},
    {"a%20b%2Fc", "a b/c", "a b/c"},
    {"%E2%82", "\357\277\275", "\342\202"},
    {"%E2%82%41", "\357\277\275A", "\342\202A"},
    {"%F4%90%80%80", "\357\277\275\357\277\275\357\277\275\357\277\275", "\364\220\200\200"},
    {"%80abc", "\357\277\275abc", "\200abc"},
    {"\303\251%A9", "\303\251\357\277\275", "\303\251\251"},
};

/* urlencode(pairs) */
static const t_urlencode_case t_urlencode_cases[] = {
    /* 0 */ {{"a", "1", "b", "x y"}, 2, "a=1&b=x+y"},
    /* 1 */ {{"q", "a&b=c", "e", "\303\251", "plus", "1+1", "tilde", "~", "slash", "a/b"}, 5, "q=a%26b%3Dc&e=%C3%A9&plus=1%2B1&tilde=~&slash=a%2Fb"},
    /* 2 */ {{"expand", "a", "expand", "b"}, 2, "expand=a&expand=b"},
    /* 3 */ {{"empty", ""}, 1, "empty="},
    /* 4 */ {{"k y", "v=w;x"}, 1, "k+y=v%3Dw%3Bx"},
};

static const char *t_buf_str(hfhub__buf *b) { return b->data ? b->data : ""; }

static void test_quote(void) {
    size_t i;
    hfhub__buf b;
    hfhub__buf_init(&b, NULL);
    for (i = 0; i < sizeof t_quote_cases / sizeof t_quote_cases[0]; i++) {
        const t_quote_case *q = &t_quote_cases[i];
        hfhub__buf_reset(&b);
        hfhub__url_quote(&b, q->in, strlen(q->in), "/");
        CHECK_STR(t_buf_str(&b), q->quote_slash);
        hfhub__buf_reset(&b);
        hfhub__url_quote(&b, q->in, strlen(q->in), "");
        CHECK_STR(t_buf_str(&b), q->quote_empty);
        hfhub__buf_reset(&b);
        hfhub__url_quote_plus(&b, q->in, strlen(q->in), "");
        CHECK_STR(t_buf_str(&b), q->quote_plus_empty);
        hfhub__buf_reset(&b);
        hfhub__url_quote(&b, q->in, strlen(q->in), ":@");
        CHECK_STR(t_buf_str(&b), q->quote_colon_at);
        /* unquote inverts quote */
        hfhub__buf_reset(&b);
        hfhub__url_unquote(&b, q->quote_empty, strlen(q->quote_empty));
        CHECK_STR(t_buf_str(&b), q->in);
    }
    /* a NUL byte is quoted, never "safe"; non-ASCII safe characters are ignored as Python does */
    hfhub__buf_reset(&b);
    hfhub__url_quote(&b, "a\0b", 3, "/");
    CHECK_STR(t_buf_str(&b), "a%00b");
    hfhub__buf_reset(&b);
    hfhub__url_quote(&b, "\xc3\xa9", 2, "\xc3\xa9");
    CHECK_STR(t_buf_str(&b), "%C3%A9");
    CHECK(!b.failed);
    hfhub__buf_free(&b);
}

static void test_unquote(void) {
    size_t i;
    hfhub__buf b;
    hfhub__buf_init(&b, NULL);
    for (i = 0; i < sizeof t_unquote_cases / sizeof t_unquote_cases[0]; i++) {
        const t_unquote_case *u = &t_unquote_cases[i];
        hfhub__buf_reset(&b);
        hfhub__url_unquote(&b, u->in, strlen(u->in));
        CHECK_STR(t_buf_str(&b), u->unquote);
        hfhub__buf_reset(&b);
        hfhub__url_unquote_to_bytes(&b, u->in, strlen(u->in));
        CHECK_STR(t_buf_str(&b), u->unquote_to_bytes);
    }
    hfhub__buf_reset(&b);
    hfhub__url_unquote_to_bytes(&b, "a%00b", 5);
    CHECK_INT(b.len, 3);
    CHECK(memcmp(b.data, "a\0b", 3) == 0);
    hfhub__buf_free(&b);
}

static void test_urlencode(void) {
    size_t i;
    hfhub__buf b;
    hfhub__buf_init(&b, NULL);
    for (i = 0; i < sizeof t_urlencode_cases / sizeof t_urlencode_cases[0]; i++) {
        hfhub__buf_reset(&b);
        hfhub__url_urlencode(&b, t_urlencode_cases[i].kv, t_urlencode_cases[i].n);
        CHECK_STR(t_buf_str(&b), t_urlencode_cases[i].want);
    }
    hfhub__buf_reset(&b);
    hfhub__url_urlencode(&b, NULL, 0);
    CHECK_INT(b.len, 0);
    hfhub__buf_free(&b);
}

/* ---- URL resolution: RFC 3986 §5.4 ---------------------------------------------------------- */

static void test_resolve_rfc3986(void) {
    static const char *cases[][2] = {
        /* 5.4.1 normal */
        {"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"}, {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"}, {"./", "http://a/b/c/"}, {"..", "http://a/b/"}, {"../", "http://a/b/"},
        {"../g", "http://a/b/g"}, {"../..", "http://a/"}, {"../../", "http://a/"},
        {"../../g", "http://a/g"},
        /* 5.4.2 abnormal */
        {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
        {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"}, {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g#s/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"},
        {"http:g", "http:g"}};
    size_t i;
    hfhub__buf b;
    hfhub__buf_init(&b, NULL);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hfhub__buf_reset(&b);
        CHECK_OK(hfhub__url_resolve(&b, "http://a/b/c/d;p?q", cases[i][0]));
        CHECK_STR(t_buf_str(&b), cases[i][1]);
    }
    /* the redirect shapes the client meets */
    hfhub__buf_reset(&b);
    CHECK_OK(hfhub__url_resolve(&b, "https://hf.co/gpt2/resolve/main/config.json",
                                "/api/resolve-cache/models/gpt2/abc/config.json?x=1"));
    CHECK_STR(t_buf_str(&b), "https://hf.co/api/resolve-cache/models/gpt2/abc/config.json?x=1");
    hfhub__buf_reset(&b);
    CHECK_OK(hfhub__url_resolve(&b, "https://hf.co/a/b", "https://cdn.example/x?sig=1"));
    CHECK_STR(t_buf_str(&b), "https://cdn.example/x?sig=1");
    hfhub__buf_reset(&b);
    CHECK_OK(hfhub__url_resolve(&b, "http://[::1]:8080/a/b", "//[::2]:9/c"));
    CHECK_STR(t_buf_str(&b), "http://[::2]:9/c");
    hfhub__buf_reset(&b);
    CHECK_OK(hfhub__url_resolve(&b, "http://h", "x"));
    CHECK_STR(t_buf_str(&b), "http://h/x");
    hfhub__buf_reset(&b);
    CHECK_INT(hfhub__url_resolve(&b, "/relative/base", "x"), HFHUB_ERR_PARSE);
    hfhub__buf_free(&b);
}

/* ---- URL parsing ---------------------------------------------------------------------------- */

static void test_url_parse(void) {
    hfhub__arena ar;
    hfhub__url u;
    hfhub__buf b;
    hfhub__arena_init(&ar, NULL);
    hfhub__buf_init(&b, NULL);

    CHECK_OK(hfhub__url_parse(&ar, "HTTP://user:p%40ss@Example.COM:8080/a%20b/C?x=1&y=%2F#frag", &u));
    CHECK_STR(u.scheme, "http");
    CHECK_STR(u.userinfo, "user:p%40ss");
    CHECK_STR(u.host, "example.com");
    CHECK_INT(u.port, 8080);
    CHECK_INT(u.ipv6, 0);
    CHECK_STR(u.path, "/a%20b/C");
    CHECK_STR(u.query, "x=1&y=%2F");
    CHECK_STR(u.fragment, "frag");
    hfhub__url_build(&b, &u);
    CHECK_STR(t_buf_str(&b), "http://user:p%40ss@example.com:8080/a%20b/C?x=1&y=%2F#frag");
    hfhub__buf_reset(&b);
    hfhub__url_host_header(&b, &u);
    CHECK_STR(t_buf_str(&b), "example.com:8080");
    hfhub__buf_reset(&b);
    hfhub__url_target(&b, &u);
    CHECK_STR(t_buf_str(&b), "/a%20b/C?x=1&y=%2F");

    CHECK_OK(hfhub__url_parse(&ar, "https://huggingface.co", &u));
    CHECK_STR(u.scheme, "https");
    CHECK_INT(u.port, 443);
    CHECK_STR(u.path, "/");
    CHECK(u.userinfo == NULL && u.query == NULL && u.fragment == NULL);

    CHECK_OK(hfhub__url_parse(&ar, "https://[2001:DB8::1]:8443/x?", &u));
    CHECK_STR(u.host, "2001:db8::1");
    CHECK_INT(u.ipv6, 1);
    CHECK_INT(u.port, 8443);
    CHECK_STR(u.query, "");
    hfhub__buf_reset(&b);
    hfhub__url_build(&b, &u);
    CHECK_STR(t_buf_str(&b), "https://[2001:db8::1]:8443/x?");

    CHECK_OK(hfhub__url_parse(&ar, "http://[::1]/", &u));
    CHECK_STR(u.host, "::1");
    CHECK_INT(u.port, 80);
    hfhub__buf_reset(&b);
    hfhub__url_host_header(&b, &u);
    CHECK_STR(t_buf_str(&b), "[::1]");

    /* explicit default port: normalised away; empty port: the default */
    CHECK_OK(hfhub__url_parse(&ar, "https://h:443/p", &u));
    hfhub__buf_reset(&b);
    hfhub__url_build(&b, &u);
    CHECK_STR(t_buf_str(&b), "https://h/p");
    CHECK_OK(hfhub__url_parse(&ar, "http://h:/p", &u));
    CHECK_INT(u.port, 80);
    CHECK_OK(hfhub__url_parse(&ar, "http://h:65535", &u));
    hfhub__buf_reset(&b);
    hfhub__url_host_header(&b, &u);
    CHECK_STR(t_buf_str(&b), "h:65535");
    CHECK_OK(hfhub__url_parse(&ar, "https://h:1?", &u));
    hfhub__buf_reset(&b);
    hfhub__url_build(&b, &u);
    CHECK_STR(t_buf_str(&b), "https://h:1/?");
    CHECK_OK(hfhub__url_parse(&ar, "http://h:443", &u)); /* 443 is not http's default */
    hfhub__buf_reset(&b);
    hfhub__url_host_header(&b, &u);
    CHECK_STR(t_buf_str(&b), "h:443");

    /* raw non-ASCII and spaces in the path/query are percent-encoded */
    CHECK_OK(hfhub__url_parse(&ar, "http://h/caf\xc3\xa9 1?q=a b", &u));
    CHECK_STR(u.path, "/caf%C3%A9%201");
    CHECK_STR(u.query, "q=a%20b");
    CHECK_OK(hfhub__url_parse(&ar, "http://u@h", &u));
    CHECK_STR(u.userinfo, "u");
    CHECK_OK(hfhub__url_parse(&ar, "http://a:b@c@h/", &u)); /* the last '@' ends userinfo */
    CHECK_STR(u.userinfo, "a:b@c");
    CHECK_STR(u.host, "h");

    hfhub__buf_free(&b);
    hfhub__arena_free(&ar);
}

static void test_url_parse_bad(void) {
    static const char *bad[] = {"http:/x", "http://", "http:///p", "http://h:0/", "http://h:65536/",
                                "http://h:8a/", "http://h:123456/", "http://[::1/", "http://[::1]x/",
                                "http://[]/", "http://[zz::1]/", "http://[1.2.3.4]/",
                                "http://ex ample.com/", "http://h/a\nb", "http://h/a\x7f",
                                "/relative", "", "://h/", "http://h\\x/", "http://us\ter@h/",
                                "http://h?q\r\n", "http://h#f\x01", "http://@/"};
    hfhub__arena ar;
    hfhub__url u;
    size_t i;
    hfhub__arena_init(&ar, NULL);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hfhub_result r = hfhub__url_parse(&ar, bad[i], &u);
        if (r != HFHUB_ERR_PARSE) fprintf(stderr, "  accepted or misreported: \"%s\"\n", bad[i]);
        CHECK_INT(r, HFHUB_ERR_PARSE);
    }
    CHECK_INT(hfhub__url_parse(&ar, "ftp://h/x", &u), HFHUB_ERR_UNSUPPORTED);
    CHECK_INT(hfhub__url_parse(&ar, "file:///etc/passwd", &u), HFHUB_ERR_UNSUPPORTED);
    CHECK(strstr(hfhub_last_error()->message, "scheme") != NULL);
    hfhub__arena_free(&ar);
}

/* ---- NO_PROXY ------------------------------------------------------------------------------- */

static void test_no_proxy(void) {
    CHECK(!hfhub__url_no_proxy_match(NULL, "example.com", 443));
    CHECK(!hfhub__url_no_proxy_match("", "example.com", 443));
    CHECK(hfhub__url_no_proxy_match("*", "anything.org", 80));
    CHECK(hfhub__url_no_proxy_match("a.org, *", "anything.org", 80));
    CHECK(hfhub__url_no_proxy_match("example.com", "example.com", 443));
    CHECK(hfhub__url_no_proxy_match("example.com", "a.b.EXAMPLE.com", 443));
    CHECK(hfhub__url_no_proxy_match(".example.com", "example.com", 443));
    CHECK(hfhub__url_no_proxy_match(".example.com", "www.example.com", 443));
    CHECK(!hfhub__url_no_proxy_match("example.com", "badexample.com", 443));
    CHECK(!hfhub__url_no_proxy_match("www.example.com", "example.com", 443));
    CHECK(hfhub__url_no_proxy_match(" localhost , 127.0.0.1 ", "127.0.0.1", 8080));
    CHECK(hfhub__url_no_proxy_match("localhost,127.0.0.1", "localhost", 1));
    CHECK(!hfhub__url_no_proxy_match("127.0.0.1", "127.0.0.10", 1));
    CHECK(hfhub__url_no_proxy_match("example.com:8080", "example.com", 8080));
    CHECK(!hfhub__url_no_proxy_match("example.com:8080", "example.com", 443));
    CHECK(!hfhub__url_no_proxy_match("example.com:", "example.com", 443));
    CHECK(hfhub__url_no_proxy_match("::1", "::1", 80));
    CHECK(hfhub__url_no_proxy_match("[::1]", "[::1]", 80));
    CHECK(hfhub__url_no_proxy_match("[::1]:8080", "::1", 8080));
    CHECK(!hfhub__url_no_proxy_match("[::1]:8080", "::1", 8081));
    CHECK(!hfhub__url_no_proxy_match("10.0.0.0/8", "10.1.2.3", 80));
    CHECK(!hfhub__url_no_proxy_match(",,, ,", "example.com", 80));
    CHECK(!hfhub__url_no_proxy_match("*.example.com", "a.example.com", 80)); /* '*' only alone */
}

/* ---- fnmatch (expectations: Python 3.11 fnmatch.fnmatchcase) -------------------------------- */

typedef struct t_fnmatch_case { const char *pattern, *name; int want; } t_fnmatch_case;

static const t_fnmatch_case t_fnmatch_cases[] = {
    {"*.json", "data/a/b.json", 1},
    {"data/*.json", "data/a/b.json", 1},
    {"data/*.json", "data.json", 0},
    {"*", "", 1},
    {"", "", 1},
    {"", "a", 0},
    {"?", "", 0},
    {"?", "\303\251", 1},
    {"??", "\303\251", 0},
    {"[abc]", "b", 1},
    {"[!abc]", "b", 0},
    {"[!abc]", "d", 1},
    {"[a-c]", "b", 1},
    {"[z-a]", "a", 0},
    {"[!z-a]", "q", 1},
    {"[]]", "]", 1},
    {"[!]]", "]", 0},
    {"[!]]", "a", 1},
    {"[", "[", 1},
    {"[a", "[a", 1},
    {"a[", "a[", 1},
    {"[a-]", "-", 1},
    {"[-a]", "-", 1},
    {"[a-c-e]", "-", 1},
    {"[a-c-e]", "d", 0},
    {"[a-cd-f]", "e", 1},
    {"[z-a!]", "q", 1},
    {"[z-ab]", "b", 1},
    {"[z-ab]", "a", 0},
    {"*.PDF", "a.pdf", 0},
    {"[\\]", "\\", 1},
    {"\\*", "\\x", 1},
    {"a*b*c", "axxbyyc", 1},
    {"*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0},
    {"*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", 1},
    {"*.safetensors", "model-00001-of-00002.safetensors", 1},
    {"*/.git", "a/.git", 1},
    {"**/.git/**", "x/.git/y", 1},
    {"**/.git/**", ".git/y", 0},
    {".git/*", ".git/config", 1},
    {"[\303\251]", "\303\251", 1},
    {"[\303\240-\303\274]", "\303\251", 1},
    {"[\303\240-\303\274]", "e", 0},
    {"[^a]", "^", 1},
    {"[^a]", "b", 0},
    {"*\012", "a\012", 1},
    {"a?c", "a/c", 1},
    {"[a-c]*", "apple", 1},
    {"[!a-c]*", "apple", 0},
    {"x[!-]y", "x-y", 0},
    {"x[!-]y", "x+y", 1},
    {"[--a]", "0", 1},
    {"[a--]", "a", 0},
    {"[z-a!-#]", "-", 0},
    {"[z-a!-#]", "\"", 1},
    {"[z-a!-#]", "x", 1},
    {"[]-a]", "^", 1},
    {"[!]-a]", "b", 1},
    {"[!]-a]", "_", 0},
    {"a[]b", "a]b", 0},
    {"a[]b", "a[]b", 1},
    {"[a-c-e-g]", "f", 1},
    {"[a-c-e-g]", "-", 1},
    {"[!a-]", "-", 0},
    {"*[!/]", "dir/", 0},
    {"?*?", "ab", 1},
    {"?*?", "a", 0},
    {"**", "anything/at/all", 1},
    {"a**b", "a/x/b", 1},
    {"[&~|]", "~", 1},
    {"[a&&b]", "&", 1},
    {"[[]", "[", 1},
    {"[[:alpha:]]", "a", 0},
    {"[[:alpha:]]", "a]", 1},
    {"[x-x]", "x", 1},
    {"[!!]", "!", 0},
    {"[!!]", "a", 1},
    {"model.safetensors", "model.safetensors", 1},
    {"model.safetensors", "model_safetensors", 0},
    {"\360\237\230\200?", "\360\237\230\200\360\237\230\200", 1},
    {"[\360\237\230\200-\360\237\230\202]", "\360\237\230\201", 1},
};
static const t_fnmatch_case t_path_cases[] = {
    {"art/", "art/a.png", 1},
    {"art/", "art", 0},
    {"art/", "artist/a.png", 0},
    {"art\\", "art/x/y.png", 1},
    {"data\\*.bin", "data/x.bin", 1},
    {"data/*.bin", "data\\x.bin", 1},
    {"*.json", "a\\b.json", 1},
    {"sub/", "sub/", 1},
    {"/", "/x", 1},
};

static void test_fnmatch(void) {
    size_t i;
    for (i = 0; i < sizeof t_fnmatch_cases / sizeof t_fnmatch_cases[0]; i++) {
        int got = hfhub_fnmatch(t_fnmatch_cases[i].pattern, t_fnmatch_cases[i].name);
        if (got != t_fnmatch_cases[i].want)
            fprintf(stderr, "  fnmatch(\"%s\", \"%s\")\n", t_fnmatch_cases[i].pattern, t_fnmatch_cases[i].name);
        CHECK_INT(got, t_fnmatch_cases[i].want);
    }
    /* filter_repo_objects' rules (spec/hub-api.md §3) */
    for (i = 0; i < sizeof t_path_cases / sizeof t_path_cases[0]; i++) {
        int got = hfhub__glob_match_path(t_path_cases[i].pattern, t_path_cases[i].name);
        if (got != t_path_cases[i].want)
            fprintf(stderr, "  match_path(\"%s\", \"%s\")\n", t_path_cases[i].pattern, t_path_cases[i].name);
        CHECK_INT(got, t_path_cases[i].want);
    }
}

static void test_fnmatch_bounded(void) {
    /* patterns that make backtracking matchers exponential finish in linear-ish time */
    char name[20001], pat[2001];
    size_t i;
    int64_t t0 = hfhub__monotonic_ms();
    memset(name, 'a', 20000);
    name[20000] = 0;
    for (i = 0; i < 1000; i++) { pat[2 * i] = '*'; pat[2 * i + 1] = 'a'; }
    pat[2000] = 0;
    CHECK_INT(hfhub_fnmatch(pat, name), 1);
    pat[1999] = 'b';
    CHECK_INT(hfhub_fnmatch(pat, name), 0);
    CHECK(hfhub__monotonic_ms() - t0 < 10000);
}

static void test_glob_filter(void) {
    static const char *allow[] = {"*.json", "art/"};
    static const char *ignore[] = {".*", "*/secret.json"};
    CHECK(hfhub__glob_filter("config.json", allow, 2, ignore, 2));
    CHECK(hfhub__glob_filter("art/x/y.png", allow, 2, ignore, 2));
    CHECK(!hfhub__glob_filter("model.bin", allow, 2, ignore, 2));
    CHECK(!hfhub__glob_filter(".hidden.json", allow, 2, ignore, 2));
    CHECK(!hfhub__glob_filter("a/secret.json", allow, 2, ignore, 2));
    CHECK(hfhub__glob_filter("model.bin", NULL, 0, NULL, 0));   /* no lists: all pass */
    CHECK(!hfhub__glob_filter("model.bin", allow, 0, NULL, 0)); /* allow=[]: none pass */
    CHECK(hfhub__glob_filter("model.bin", NULL, 0, ignore, 2));
}

int main(void) {
    RUN(test_hex);
    RUN(test_base64);
    RUN(test_base64_bad);
    RUN(test_quote);
    RUN(test_unquote);
    RUN(test_urlencode);
    RUN(test_resolve_rfc3986);
    RUN(test_url_parse);
    RUN(test_url_parse_bad);
    RUN(test_no_proxy);
    RUN(test_fnmatch);
    RUN(test_fnmatch_bounded);
    RUN(test_glob_filter);
    return TEST_END();
}
