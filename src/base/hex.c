/* hex.c: hexadecimal encoding and strict decoding. */

void hfhub_hex_encode(const void *data, size_t n, char *out) {
    static const char digits[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)data;
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = 0;
}

static int hfhub__hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

hfhub_result hfhub_hex_decode(const char *hex, size_t hex_len, void *out, size_t out_len) {
    unsigned char *o = (unsigned char *)out;
    size_t i;
    if (hex_len % 2 || hex_len / 2 != out_len)
        return hfhub__fail(HFHUB_ERR_PARSE, "hex: expected %lu digits, got %lu",
                           (unsigned long)(out_len * 2), (unsigned long)hex_len);
    for (i = 0; i < out_len; i++) {
        int hi = hfhub__hex_digit(hex[2 * i]), lo = hfhub__hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return hfhub__fail(HFHUB_ERR_PARSE, "hex: invalid digit at offset %lu",
                               (unsigned long)(2 * i + (hi < 0 ? 0 : 1)));
        o[i] = (unsigned char)(hi << 4 | lo);
    }
    return HFHUB_OK;
}
