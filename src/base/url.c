/* url.c: URL parsing, RFC 3986 resolution, Python-compatible quoting, NO_PROXY matching. */
#include <string.h>

static char hfhub__url_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static int hfhub__url_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int hfhub__url_digit(char c) { return c >= '0' && c <= '9'; }

static int hfhub__url_hexval(char c) {
    if (hfhub__url_digit(c)) return c - '0';
    c = hfhub__url_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int hfhub__url_ieq(const char *a, const char *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (hfhub__url_lower(a[i]) != hfhub__url_lower(b[i])) return 0;
    return 1;
}

/* ---- generic reference splitting (RFC 3986 appendix B) ----------------------------------- */

typedef struct hfhub__url_part { const char *p; size_t n; int present; } hfhub__url_part;
typedef struct hfhub__url_ref {
    hfhub__url_part scheme, authority, path, query, fragment;
} hfhub__url_ref;

static void hfhub__url_set(hfhub__url_part *part, const char *p, size_t n) {
    part->p = p;
    part->n = n;
    part->present = 1;
}

/* Length of a valid scheme followed by ':' at s, else 0. */
static size_t hfhub__url_scheme_len(const char *s, size_t n) {
    size_t i;
    if (!n || !hfhub__url_alpha(s[0])) return 0;
    for (i = 1; i < n; i++) {
        if (s[i] == ':') return i;
        if (!hfhub__url_alpha(s[i]) && !hfhub__url_digit(s[i]) && s[i] != '+' && s[i] != '-' &&
            s[i] != '.')
            return 0;
    }
    return 0;
}

static void hfhub__url_split(const char *s, hfhub__url_ref *r) {
    size_t n = strlen(s), i = 0, k;
    memset(r, 0, sizeof *r);
    k = hfhub__url_scheme_len(s, n);
    if (k) {
        hfhub__url_set(&r->scheme, s, k);
        i = k + 1;
    }
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        k = i + strcspn(s + i, "/?#");
        hfhub__url_set(&r->authority, s + i, k - i);
        i = k;
    }
    k = i + strcspn(s + i, "?#");
    hfhub__url_set(&r->path, s + i, k - i);
    i = k;
    if (s[i] == '?') {
        k = i + 1 + strcspn(s + i + 1, "#");
        hfhub__url_set(&r->query, s + i + 1, k - i - 1);
        i = k;
    }
    if (s[i] == '#') hfhub__url_set(&r->fragment, s + i + 1, n - i - 1);
}

/* ---- resolution (RFC 3986 §5.2) ---------------------------------------------------------- */

/* Drops the last segment of out, back to (not including) its last '/', from offset `from`. */
static void hfhub__url_pop_segment(hfhub__buf *out, size_t from) {
    size_t i = out->len;
    while (i > from && out->data[i - 1] != '/') i--;
    out->len = i > from ? i - 1 : from;
    if (out->data) out->data[out->len] = 0;
}

/* Appends remove_dot_segments(in[0..n)) (§5.2.4). `in` is a scratch copy we may modify. */
static void hfhub__url_remove_dots(hfhub__buf *out, char *in, size_t n) {
    size_t from = out->len;
    char *p = in, *end = in + n;
    while (p < end) {
        size_t left = (size_t)(end - p);
        if (left >= 3 && !memcmp(p, "../", 3)) p += 3;                         /* A */
        else if (left >= 2 && !memcmp(p, "./", 2)) p += 2;
        else if (left >= 3 && !memcmp(p, "/./", 3)) p += 2;                    /* B */
        else if (left == 2 && !memcmp(p, "/.", 2)) { p[1] = '/'; p += 1; }
        else if (left >= 4 && !memcmp(p, "/../", 4)) { p += 3; hfhub__url_pop_segment(out, from); } /* C */
        else if (left == 3 && !memcmp(p, "/..", 3)) { p[2] = '/'; p += 2; hfhub__url_pop_segment(out, from); }
        else if ((left == 1 && p[0] == '.') || (left == 2 && !memcmp(p, "..", 2))) p = end; /* D */
        else {                                                                   /* E */
            char *q = p + 1;
            while (q < end && *q != '/') q++;
            hfhub__buf_append(out, p, (size_t)(q - p));
            p = q;
        }
    }
}

static void hfhub__url_append_path(hfhub__buf *out, hfhub__buf *scratch, const char *p, size_t n) {
    hfhub__buf_reset(scratch);
    hfhub__buf_append(scratch, p, n);
    if (!scratch->failed && n) hfhub__url_remove_dots(out, scratch->data, n);
    else if (scratch->failed) out->failed = 1;
}

/* §5.2.3 merge, then dot removal */
static void hfhub__url_merge(hfhub__buf *out, hfhub__buf *scratch, const hfhub__url_ref *b,
                             const hfhub__url_part *rpath) {
    hfhub__buf_reset(scratch);
    if (b->authority.present && b->path.n == 0) {
        hfhub__buf_putc(scratch, '/');
    } else {
        size_t k = b->path.n;
        while (k > 0 && b->path.p[k - 1] != '/') k--;
        hfhub__buf_append(scratch, b->path.p, k);
    }
    hfhub__buf_append(scratch, rpath->p, rpath->n);
    if (scratch->failed) out->failed = 1;
    else if (scratch->len) hfhub__url_remove_dots(out, scratch->data, scratch->len);
}

static void hfhub__url_put_part(hfhub__buf *out, const char *prefix, const hfhub__url_part *part) {
    if (!part->present) return;
    hfhub__buf_puts(out, prefix);
    hfhub__buf_append(out, part->p, part->n);
}

hfhub_result hfhub__url_resolve(hfhub__buf *out, const char *base, const char *ref) {
    hfhub__url_ref b, r;
    const hfhub__url_part *auth, *query;
    hfhub__buf scratch;
    hfhub__url_split(base, &b);
    hfhub__url_split(ref, &r);
    if (!b.scheme.present) return hfhub__fail(HFHUB_ERR_PARSE, "url: base '%s' is not absolute", base);
    hfhub__buf_init(&scratch, out->a);
    auth = r.scheme.present || r.authority.present ? &r.authority : &b.authority;
    query = &r.query;
    hfhub__url_put_part(out, "", r.scheme.present ? &r.scheme : &b.scheme);
    hfhub__buf_putc(out, ':');
    hfhub__url_put_part(out, "//", auth);
    if (r.scheme.present || r.authority.present || (r.path.n && r.path.p[0] == '/')) {
        hfhub__url_append_path(out, &scratch, r.path.p, r.path.n);
    } else if (r.path.n == 0) {
        hfhub__buf_append(out, b.path.p, b.path.n);
        if (!r.query.present) query = &b.query;
    } else {
        hfhub__url_merge(out, &scratch, &b, &r.path);
    }
    hfhub__url_put_part(out, "?", query);
    hfhub__url_put_part(out, "#", &r.fragment);
    hfhub__buf_free(&scratch);
    return out->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url: out of memory") : HFHUB_OK;
}

/* ---- absolute http(s) URLs --------------------------------------------------------------- */

/* Copies s[0..n) into the arena, %-encoding bytes >= 0x80 and spaces (as browsers and curl
 * do for Location headers); control characters are refused. NULL: *bad set or no memory. */
static char *hfhub__url_copy_component(hfhub__arena *ar, const char *s, size_t n, int *bad) {
    size_t i, extra = 0, k = 0;
    char *d;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) { *bad = 1; return NULL; }
        if (c >= 0x80 || c == ' ') extra += 2;
    }
    d = (char *)hfhub__arena_alloc(ar, n + extra + 1);
    if (!d) return NULL;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == ' ') {
            d[k++] = '%';
            d[k++] = "0123456789ABCDEF"[c >> 4];
            d[k++] = "0123456789ABCDEF"[c & 15];
        } else {
            d[k++] = (char)c;
        }
    }
    d[k] = 0;
    return d;
}

static int hfhub__url_host_char(char c) {
    return hfhub__url_alpha(c) || hfhub__url_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Host (maybe [v6]) and optional :port from the authority's host part h[0..n). */
static hfhub_result hfhub__url_parse_hostport(hfhub__arena *ar, const char *h, size_t n, hfhub__url *u) {
    size_t hl, i;
    const char *hp = h, *port = NULL;
    char *host;
    if (n && h[0] == '[') {
        const char *close = (const char *)memchr(h, ']', n);
        if (!close) return hfhub__fail(HFHUB_ERR_PARSE, "url: unterminated IPv6 literal");
        hp = h + 1;
        hl = (size_t)(close - hp);
        for (i = 0; i < hl; i++)
            if (hfhub__url_hexval(hp[i]) < 0 && hp[i] != ':' && hp[i] != '.')
                return hfhub__fail(HFHUB_ERR_PARSE, "url: invalid IPv6 literal");
        if (!memchr(hp, ':', hl)) return hfhub__fail(HFHUB_ERR_PARSE, "url: invalid IPv6 literal");
        if (close + 1 < h + n && close[1] != ':')
            return hfhub__fail(HFHUB_ERR_PARSE, "url: junk after IPv6 literal");
        if (close + 1 < h + n) port = close + 2;
        u->ipv6 = 1;
    } else {
        const char *colon = (const char *)memchr(h, ':', n);
        hl = colon ? (size_t)(colon - h) : n;
        if (colon) port = colon + 1;
        for (i = 0; i < hl; i++)
            if (!hfhub__url_host_char(h[i]))
                return hfhub__fail(HFHUB_ERR_PARSE, "url: invalid character in host");
    }
    if (hl == 0) return hfhub__fail(HFHUB_ERR_PARSE, "url: empty host");
    host = hfhub__arena_strndup(ar, hp, hl);
    if (!host) return hfhub__fail(HFHUB_ERR_NOMEM, "url: out of memory");
    for (i = 0; i < hl; i++) host[i] = hfhub__url_lower(host[i]);
    u->host = host;
    if (port && port < h + n) { /* an empty port means the default (RFC 3986 §3.2.3) */
        long v = 0;
        const char *q;
        for (q = port; q < h + n; q++) {
            if (!hfhub__url_digit(*q) || q - port >= 5)
                return hfhub__fail(HFHUB_ERR_PARSE, "url: invalid port");
            v = v * 10 + (*q - '0');
        }
        if (v < 1 || v > 65535) return hfhub__fail(HFHUB_ERR_PARSE, "url: port out of range");
        u->port = (int)v;
    }
    return HFHUB_OK;
}

static hfhub_result hfhub__url_parse_authority(hfhub__arena *ar, const hfhub__url_part *a, hfhub__url *u) {
    const char *at = NULL, *p;
    int bad = 0;
    for (p = a->p; p < a->p + a->n; p++)
        if (*p == '@') at = p;
    if (at) {
        char *ui = hfhub__url_copy_component(ar, a->p, (size_t)(at - a->p), &bad);
        if (!ui) return bad ? hfhub__fail(HFHUB_ERR_PARSE, "url: control character in userinfo")
                            : hfhub__fail(HFHUB_ERR_NOMEM, "url: out of memory");
        u->userinfo = ui;
        return hfhub__url_parse_hostport(ar, at + 1, a->n - (size_t)(at + 1 - a->p), u);
    }
    return hfhub__url_parse_hostport(ar, a->p, a->n, u);
}

/* path/query/fragment into the arena; empty path becomes "/" */
static hfhub_result hfhub__url_parse_rest(hfhub__arena *ar, const hfhub__url_ref *r, hfhub__url *u) {
    const hfhub__url_part *parts[3];
    const char **dst[3];
    int i, bad = 0;
    parts[0] = &r->path; parts[1] = &r->query; parts[2] = &r->fragment;
    dst[0] = &u->path; dst[1] = &u->query; dst[2] = &u->fragment;
    for (i = 0; i < 3; i++) {
        if (!parts[i]->present) continue;
        if (i == 0 && parts[i]->n == 0) *dst[i] = hfhub__arena_strdup(ar, "/");
        else *dst[i] = hfhub__url_copy_component(ar, parts[i]->p, parts[i]->n, &bad);
        if (bad) return hfhub__fail(HFHUB_ERR_PARSE, "url: control character in URL");
        if (!*dst[i]) return hfhub__fail(HFHUB_ERR_NOMEM, "url: out of memory");
    }
    return HFHUB_OK;
}

hfhub_result hfhub__url_parse(hfhub__arena *ar, const char *s, hfhub__url *u) {
    hfhub__url_ref r;
    hfhub_result res;
    memset(u, 0, sizeof *u);
    hfhub__url_split(s, &r);
    if (!r.scheme.present) return hfhub__fail(HFHUB_ERR_PARSE, "url: no scheme in '%.200s'", s);
    if (r.scheme.n == 4 && hfhub__url_ieq(s, "http", 4)) u->scheme = "http";
    else if (r.scheme.n == 5 && hfhub__url_ieq(s, "https", 5)) u->scheme = "https";
    else return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "url: unsupported scheme in '%.200s'", s);
    u->port = u->scheme[4] == 's' ? 443 : 80;
    if (!r.authority.present) return hfhub__fail(HFHUB_ERR_PARSE, "url: no host in '%.200s'", s);
    res = hfhub__url_parse_authority(ar, &r.authority, u);
    if (res == HFHUB_OK) res = hfhub__url_parse_rest(ar, &r, u);
    return res;
}

void hfhub__url_host_header(hfhub__buf *out, const hfhub__url *u) {
    if (u->ipv6) hfhub__buf_putc(out, '[');
    hfhub__buf_puts(out, u->host);
    if (u->ipv6) hfhub__buf_putc(out, ']');
    if (u->port != (u->scheme[4] == 's' ? 443 : 80)) {
        char digits[8];
        int k = (int)sizeof digits, v = u->port;
        do { digits[--k] = (char)('0' + v % 10); v /= 10; } while (v && k > 1);
        digits[--k] = ':';
        hfhub__buf_append(out, digits + k, sizeof digits - (size_t)k);
    }
}

void hfhub__url_target(hfhub__buf *out, const hfhub__url *u) {
    hfhub__buf_puts(out, u->path ? u->path : "/");
    if (u->query) {
        hfhub__buf_putc(out, '?');
        hfhub__buf_puts(out, u->query);
    }
}

void hfhub__url_build(hfhub__buf *out, const hfhub__url *u) {
    hfhub__buf_puts(out, u->scheme);
    hfhub__buf_puts(out, "://");
    if (u->userinfo) {
        hfhub__buf_puts(out, u->userinfo);
        hfhub__buf_putc(out, '@');
    }
    hfhub__url_host_header(out, u);
    hfhub__url_target(out, u);
    if (u->fragment) {
        hfhub__buf_putc(out, '#');
        hfhub__buf_puts(out, u->fragment);
    }
}

/* ---- quoting ----------------------------------------------------------------------------- */

static int hfhub__url_always_safe(unsigned char c) {
    return hfhub__url_alpha((char)c) || hfhub__url_digit((char)c) || c == '_' || c == '.' ||
           c == '-' || c == '~';
}

static void hfhub__url_quote_impl(hfhub__buf *out, const char *s, size_t n, const char *safe, int plus) {
    size_t i, run = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* strchr would match the NUL terminator, so a NUL byte is never "safe" */
        if (hfhub__url_always_safe(c) || (c && c < 0x80 && safe && strchr(safe, c))) continue;
        hfhub__buf_append(out, s + run, i - run);
        run = i + 1;
        if (plus && c == ' ') {
            hfhub__buf_putc(out, '+');
        } else {
            char e[3];
            e[0] = '%';
            e[1] = "0123456789ABCDEF"[c >> 4];
            e[2] = "0123456789ABCDEF"[c & 15];
            hfhub__buf_append(out, e, 3);
        }
    }
    hfhub__buf_append(out, s + run, n - run);
}

void hfhub__url_quote(hfhub__buf *out, const char *s, size_t n, const char *safe) {
    hfhub__url_quote_impl(out, s, n, safe, 0);
}

void hfhub__url_quote_plus(hfhub__buf *out, const char *s, size_t n, const char *safe) {
    hfhub__url_quote_impl(out, s, n, safe, 1);
}

void hfhub__url_unquote_to_bytes(hfhub__buf *out, const char *s, size_t n) {
    size_t i, run = 0;
    for (i = 0; i + 2 < n; i++) {
        int hi, lo;
        if (s[i] != '%') continue;
        hi = hfhub__url_hexval(s[i + 1]);
        lo = hfhub__url_hexval(s[i + 2]);
        if (hi < 0 || lo < 0) continue;
        hfhub__buf_append(out, s + run, i - run);
        hfhub__buf_putc(out, (char)(hi << 4 | lo));
        i += 2;
        run = i + 1;
    }
    hfhub__buf_append(out, s + run, n - run);
}

/* Length of the valid UTF-8 sequence at p (1..4), or -k for an invalid maximal subpart of
 * k bytes (the unit Python's decoder replaces with one U+FFFD). */
static int hfhub__url_utf8_seq(const unsigned char *p, size_t n) {
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    int need, k;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) need = 2;
    else if (c >= 0xF0 && c <= 0xF4) need = 3;
    else return -1;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    for (k = 1; k <= need; k++) {
        if ((size_t)k >= n || p[k] < lo || p[k] > hi) return -k;
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

/* Appends bytes as UTF-8 with invalid subparts replaced by U+FFFD. */
static void hfhub__url_append_replacing(hfhub__buf *out, const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        int k = hfhub__url_utf8_seq((const unsigned char *)s + i, n - i);
        if (k > 0) {
            hfhub__buf_append(out, s + i, (size_t)k);
            i += (size_t)k;
        } else {
            hfhub__buf_append(out, "\xEF\xBF\xBD", 3);
            i += (size_t)-k;
        }
    }
}

/* Python decodes each maximal run of ASCII input separately (non-ASCII input passes as is). */
void hfhub__url_unquote(hfhub__buf *out, const char *s, size_t n) {
    size_t i = 0;
    hfhub__buf tmp;
    hfhub__buf_init(&tmp, out->a);
    while (i < n) {
        size_t j = i;
        if ((unsigned char)s[i] >= 0x80) {
            while (j < n && (unsigned char)s[j] >= 0x80) j++;
            hfhub__buf_append(out, s + i, j - i);
        } else {
            while (j < n && (unsigned char)s[j] < 0x80) j++;
            hfhub__buf_reset(&tmp);
            hfhub__url_unquote_to_bytes(&tmp, s + i, j - i);
            if (tmp.failed) out->failed = 1;
            else hfhub__url_append_replacing(out, tmp.data, tmp.len);
        }
        i = j;
    }
    hfhub__buf_free(&tmp);
}

void hfhub__url_urlencode(hfhub__buf *out, const char *const *kv, size_t n_pairs) {
    size_t i;
    for (i = 0; i < n_pairs; i++) {
        if (i) hfhub__buf_putc(out, '&');
        hfhub__url_quote_plus(out, kv[2 * i], strlen(kv[2 * i]), "");
        hfhub__buf_putc(out, '=');
        hfhub__url_quote_plus(out, kv[2 * i + 1], strlen(kv[2 * i + 1]), "");
    }
}

/* ---- NO_PROXY ---------------------------------------------------------------------------- */

/* One entry e[0..n) (trimmed, non-empty) against host h[0..hn) and port. */
static int hfhub__url_no_proxy_entry(const char *e, size_t n, const char *h, size_t hn, int port) {
    const char *colon = NULL, *eend = e + n;
    size_t i;
    if (n == 1 && e[0] == '*') return 1;
    if (memchr(e, '/', n)) return 0;
    if (e[0] == '[') { /* [v6] or [v6]:port */
        const char *close = (const char *)memchr(e, ']', n);
        if (!close) return 0;
        if (close + 1 < e + n) {
            if (close[1] != ':') return 0;
            colon = close + 1;
        }
        n = (size_t)(close - e) - 1;
        e++;
    } else {
        size_t colons = 0;
        for (i = 0; i < n; i++)
            if (e[i] == ':') { colons++; colon = e + i; }
        if (colons > 1) colon = NULL; /* a bare IPv6 address, no port */
        if (colon) n = (size_t)(colon - e);
    }
    if (colon) {
        long v = 0;
        const char *q;
        for (q = colon + 1; q < eend && hfhub__url_digit(*q) && v < 100000; q++) v = v * 10 + (*q - '0');
        if (q != eend || q == colon + 1 || v != port) return 0;
    }
    while (n && e[0] == '.') { e++; n--; }
    if (!n || n > hn) return 0;
    if (!hfhub__url_ieq(h + hn - n, e, n)) return 0;
    return hn == n || h[hn - n - 1] == '.';
}

int hfhub__url_no_proxy_match(const char *no_proxy, const char *host, int port) {
    const char *p = no_proxy;
    size_t hn;
    if (!no_proxy || !host) return 0;
    if (host[0] == '[') host++;
    hn = strcspn(host, "]");
    while (*p) {
        const char *e, *end;
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        e = p;
        p += strcspn(p, ",");
        end = p;
        while (end > e && (end[-1] == ' ' || end[-1] == '\t')) end--;
        if (end > e && hfhub__url_no_proxy_entry(e, (size_t)(end - e), host, hn, port)) return 1;
    }
    return 0;
}
