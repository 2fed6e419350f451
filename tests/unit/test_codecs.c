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

int main(void) {
    RUN(test_hex);
    RUN(test_base64);
    RUN(test_base64_bad);
    return TEST_END();
}
