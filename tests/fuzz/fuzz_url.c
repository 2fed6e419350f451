/* fuzz_url.c: URL parse/build, RFC 3986 resolution, quote/unquote round trips (plus fnmatch and
 * NO_PROXY matching on the same bytes). Input: "base\nref"; a single line is both. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

#define F_ASSERT(c) do { if (!(c)) abort(); } while (0)

/* strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF) */
static int f_valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], len, k;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return 0;
        if (i + len > n) return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

/* parse -> build -> parse -> build is stable */
static void f_parse(const char *s) {
    hfhub__arena ar;
    hfhub__url u, u2;
    hfhub__buf b1, b2;
    hfhub__arena_init(&ar, NULL);
    hfhub__buf_init(&b1, NULL);
    hfhub__buf_init(&b2, NULL);
    if (hfhub__url_parse(&ar, s, &u) == HFHUB_OK) {
        hfhub__url_build(&b1, &u);
        F_ASSERT(!b1.failed && b1.data);
        F_ASSERT(hfhub__url_parse(&ar, b1.data, &u2) == HFHUB_OK);
        hfhub__url_build(&b2, &u2);
        F_ASSERT(b2.data && !strcmp(b1.data, b2.data));
        F_ASSERT(u.port > 0 && u.port < 65536 && u.host[0]);
    }
    hfhub__buf_free(&b1);
    hfhub__buf_free(&b2);
    hfhub__arena_free(&ar);
}

/* resolving "" against a result gives it back without its fragment */
static void f_resolve(const char *base, const char *ref) {
    hfhub__buf t, t2;
    hfhub__buf_init(&t, NULL);
    hfhub__buf_init(&t2, NULL);
    if (hfhub__url_resolve(&t, base, ref) == HFHUB_OK) {
        F_ASSERT(t.data);
        F_ASSERT(hfhub__url_resolve(&t2, t.data, "") == HFHUB_OK);
        F_ASSERT(t2.data && !strncmp(t.data, t2.data, strcspn(t.data, "#")));
        F_ASSERT(strlen(t2.data) == strcspn(t.data, "#"));
        f_parse(t.data);
    }
    hfhub__buf_free(&t);
    hfhub__buf_free(&t2);
}

static void f_quote(const char *s, size_t n, const char *safe) {
    hfhub__buf q, u;
    size_t i;
    hfhub__buf_init(&q, NULL);
    hfhub__buf_init(&u, NULL);
    hfhub__url_quote(&q, s, n, safe);
    for (i = 0; i < q.len; i++) F_ASSERT((unsigned char)q.data[i] > 0x20 && (unsigned char)q.data[i] < 0x7f);
    hfhub__url_unquote_to_bytes(&u, q.data ? q.data : "", q.len);
    F_ASSERT(u.len == n && (n == 0 || !memcmp(u.data, s, n)));
    hfhub__buf_reset(&u);
    hfhub__url_unquote(&u, s, n);
    if (f_valid_utf8((const unsigned char *)s, n))
        F_ASSERT(f_valid_utf8((const unsigned char *)(u.data ? u.data : ""), u.len));
    hfhub__buf_free(&q);
    hfhub__buf_free(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = (char *)malloc(size + 1), *ref;
    size_t n;
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    n = strlen(s);
    ref = strchr(s, '\n');
    if (ref) *ref++ = 0;
    else ref = s;
    f_parse(s);
    f_parse(ref);
    f_resolve(s, ref);
    f_quote((const char *)data, size, "/");
    f_quote(s, n, "");
    (void)hfhub_fnmatch(s, ref);
    (void)hfhub__glob_match_path(s, ref);
    (void)hfhub__url_no_proxy_match(s, ref, 443);
    free(s);
    return 0;
}
