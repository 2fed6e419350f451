/* base64.c: base64 encoding and strict decoding. */

static const char hfhub__b64_std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hfhub__b64_url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t hfhub__base64_encoded_len(size_t n, int flags) {
    if (flags & HFHUB__B64_NOPAD) return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
    return (n + 2) / 3 * 4;
}

void hfhub__base64_encode(const void *data, size_t n, char *out, int flags) {
    const unsigned char *p = (const unsigned char *)data;
    const char *al = (flags & HFHUB__B64_URL) ? hfhub__b64_url : hfhub__b64_std;
    size_t i = 0;
    char *o = out;
    for (; n - i >= 3; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        *o++ = al[v >> 18];
        *o++ = al[v >> 12 & 63];
        *o++ = al[v >> 6 & 63];
        *o++ = al[v & 63];
    }
    if (n - i) {
        uint32_t v = (uint32_t)p[i] << 16 | (n - i == 2 ? (uint32_t)p[i + 1] << 8 : 0);
        *o++ = al[v >> 18];
        *o++ = al[v >> 12 & 63];
        if (n - i == 2) *o++ = al[v >> 6 & 63];
        else if (!(flags & HFHUB__B64_NOPAD)) *o++ = '=';
        if (!(flags & HFHUB__B64_NOPAD)) *o++ = '=';
    }
    *o = 0;
}

static int hfhub__b64_value(unsigned char c, int url) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == (url ? '-' : '+')) return 62;
    if (c == (url ? '_' : '/')) return 63;
    return -1;
}

hfhub_result hfhub__base64_decode(const char *s, size_t n, void *out, size_t cap,
                                  size_t *out_len, int flags) {
    unsigned char *o = (unsigned char *)out;
    size_t i, body = n, need, k = 0;
    uint32_t acc = 0;
    int url = flags & HFHUB__B64_URL;
    if (!(flags & HFHUB__B64_NOPAD)) {
        if (n % 4) return hfhub__fail(HFHUB_ERR_PARSE, "base64: length %lu is not a multiple of 4",
                                      (unsigned long)n);
        /* at most two '=' and only at the end; an '=' elsewhere fails as a bad character */
        while (body > 0 && n - body < 2 && s[body - 1] == '=') body--;
    } else if (n % 4 == 1) {
        return hfhub__fail(HFHUB_ERR_PARSE, "base64: truncated input");
    }
    need = body / 4 * 3 + (body % 4 ? body % 4 - 1 : 0);
    if (need > cap) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "base64: output buffer too small");
    for (i = 0; i < body; i++) {
        int v = hfhub__b64_value((unsigned char)s[i], url);
        if (v < 0) return hfhub__fail(HFHUB_ERR_PARSE, "base64: invalid character at offset %lu",
                                      (unsigned long)i);
        acc = acc << 6 | (uint32_t)v;
        if (i % 4 == 3) {
            o[k++] = (unsigned char)(acc >> 16);
            o[k++] = (unsigned char)(acc >> 8);
            o[k++] = (unsigned char)acc;
            acc = 0;
        }
    }
    if (body % 4 == 2) o[k++] = (unsigned char)(acc >> 4);
    if (body % 4 == 3) {
        o[k++] = (unsigned char)(acc >> 10);
        o[k++] = (unsigned char)(acc >> 2);
    }
    if (out_len) *out_len = k;
    return HFHUB_OK;
}
