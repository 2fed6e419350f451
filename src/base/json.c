/* json.c: the JSON reader (an arena-backed tree) and the streaming writer. */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define HFHUB__JSON_SSE2 1
#endif

/* A value, 16 bytes on 64-bit hosts (8 on 32-bit). Strings and numbers point into the
 * document's copy of the input (strings are decoded in place and NUL-terminated there;
 * numbers keep their lexeme and are converted when read); containers point to their
 * children, stored contiguously (objects as key, value, key, value...). */
struct hfhub_json_value {
    union {
        const char *s;
        hfhub_json_value *kids;
    } u;
    /* len << 3 | type. len: string bytes, number lexeme bytes, array items or object
     * members, 0 or 1 for booleans */
    size_t tl;
};

#define HFHUB__JSON_TYPE(v) ((int)((v)->tl & 7))
#define HFHUB__JSON_LEN(v) ((v)->tl >> 3)
#define HFHUB__JSON_TL(len, type) ((size_t)(len) << 3 | (size_t)(type))
/* the input limit that keeps every len representable */
#define HFHUB__JSON_MAX_INPUT ((size_t)-1 >> 4)

struct hfhub_json_doc {
    hfhub__arena arena; /* holds the doc itself, the input copy and all values */
    const hfhub_json_value *root;
};

/* ---- reader ---- */

typedef struct hfhub__json_parser {
    const char *orig;          /* the caller's text, for line/column in messages */
    char *base, *end;          /* the copy being parsed in place; *end == 0 */
    hfhub_json_value *vals;    /* values of the open containers, then their children */
    size_t nvals, capvals, maxvals;
    size_t *frames;            /* index in vals of each open container */
    size_t nframes, capframes;
    size_t max_depth;
    hfhub__arena *ar;
    const hfhub_allocator *a;
} hfhub__json_parser;

/* Records a parse error at p with the byte offset, line and column; returns NULL so the
 * parse functions can `return hfhub__json_err(...)`. */
static char *hfhub__json_err(hfhub__json_parser *ps, const char *p, const char *what) {
    size_t off = (size_t)(p - ps->base), line = 1, col = 1, i;
    char at_text[16];
    for (i = 0; i < off; i++) {
        if (ps->orig[i] == '\n') { line++; col = 1; }
        else col++;
    }
    if (p >= ps->end) snprintf(at_text, sizeof at_text, "end of input");
    else if (*p > 0x20 && *p < 0x7f) snprintf(at_text, sizeof at_text, "'%c'", *p);
    else snprintf(at_text, sizeof at_text, "byte 0x%02x", (unsigned)(unsigned char)*p);
    hfhub__fail(HFHUB_ERR_PARSE, "JSON: %s at byte %lu (line %lu, column %lu, at %s)", what,
                (unsigned long)off, (unsigned long)line, (unsigned long)col, at_text);
    return NULL;
}

static char *hfhub__json_ws(char *p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
    return p;
}

/* Length of the valid UTF-8 sequence at s (of avail bytes), 0 if invalid (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF). */
static size_t hfhub__json_utf8_len(const unsigned char *s, size_t avail) {
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t n, i;
    if (c < 0x80) return 1;
    if (c < 0xC2 || c > 0xF4) return 0;
    n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (avail < n) return 0;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi) return 0;
    for (i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

/* Skips bytes that need no attention in a string (printable ASCII but `"` and `\`): sixteen at
 * a time with SSE2, else eight at a time while no byte of the word is special. */
static char *hfhub__json_plain(char *p, const char *end) {
#ifdef HFHUB__JSON_SSE2
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        /* signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them too */
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                                 _mm_cmplt_epi8(x, space));
        int bits = _mm_movemask_epi8(m);
        if (bits) return p + __builtin_ctz((unsigned)bits);
        p += 16;
    }
#else
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    while (end - p >= 8) {
        uint64_t x, q, b;
        memcpy(&x, p, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        /* a byte < 0x20, == '"', == '\\' or >= 0x80 (exact when no byte has its high bit) */
        if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & highs) break;
        p += 8;
    }
#endif
    while ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x80 && *p != '"' && *p != '\\') p++;
    return p;
}

static long hfhub__json_hex4(const char *p) {
    long v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

static char *hfhub__json_put_utf8(char *w, unsigned long cp) {
    if (cp < 0x80) { *w++ = (char)cp; }
    else if (cp < 0x800) { *w++ = (char)(0xC0 | (cp >> 6)); *w++ = (char)(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
        *w++ = (char)(0xE0 | (cp >> 12));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *w++ = (char)(0xF0 | (cp >> 18));
        *w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    }
    return w;
}

/* Decodes the escape at p (a backslash) to *w; returns the position after it. The output is
 * never longer than the escape, so decoding in place is safe. */
static char *hfhub__json_escape(hfhub__json_parser *ps, char *p, char **w) {
    long cp, lo;
    switch (p[1]) {
    case '"': *(*w)++ = '"'; return p + 2;
    case '\\': *(*w)++ = '\\'; return p + 2;
    case '/': *(*w)++ = '/'; return p + 2;
    case 'b': *(*w)++ = '\b'; return p + 2;
    case 'f': *(*w)++ = '\f'; return p + 2;
    case 'n': *(*w)++ = '\n'; return p + 2;
    case 'r': *(*w)++ = '\r'; return p + 2;
    case 't': *(*w)++ = '\t'; return p + 2;
    case 'u': break;
    default: return hfhub__json_err(ps, p, "invalid escape in string");
    }
    cp = hfhub__json_hex4(p + 2);
    if (cp < 0) return hfhub__json_err(ps, p, "invalid \\u escape (4 hex digits expected)");
    p += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        lo = p[0] == '\\' && p[1] == 'u' ? hfhub__json_hex4(p + 2) : -1;
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
        } else {
            cp = 0xFFFD; /* lone high surrogate */
        }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD; /* lone low surrogate */
    }
    *w = hfhub__json_put_utf8(*w, (unsigned long)cp);
    return p;
}

/* Checks the byte at p, which is not plain: a multi-byte UTF-8 sequence (returns its length)
 * or a control character (records the error, returns 0). */
static size_t hfhub__json_special(hfhub__json_parser *ps, char *p) {
    unsigned char c = (unsigned char)*p;
    size_t n;
    if (c >= 0x80) {
        n = hfhub__json_utf8_len((const unsigned char *)p, (size_t)(ps->end - p));
        if (!n) hfhub__json_err(ps, p, "invalid UTF-8 in string");
        return n;
    }
    hfhub__json_err(ps, p, p == ps->end ? "unterminated string" : "control character in string");
    return 0;
}

/* Parses the string whose opening quote is at p[-1] into v; returns the position after the
 * closing quote, or NULL. Until the first escape the bytes stay where they are. */
static char *hfhub__json_string(hfhub__json_parser *ps, char *p, hfhub_json_value *v) {
    char *start = p, *w;
    size_t n;
    for (;;) {
        p = hfhub__json_plain(p, ps->end);
        if (*p == '"') {
            *p = 0;
            v->u.s = start;
            v->tl = HFHUB__JSON_TL(p - start, HFHUB_JSON_STRING);
            return p + 1;
        }
        if (*p == '\\') break;
        if (!(n = hfhub__json_special(ps, p))) return NULL;
        p += n;
    }
    w = p;
    for (;;) {
        char *q = hfhub__json_plain(p, ps->end);
        memmove(w, p, (size_t)(q - p));
        w += q - p;
        p = q;
        if (*p == '"') break;
        if (*p == '\\') {
            if (!(p = hfhub__json_escape(ps, p, &w))) return NULL;
            continue;
        }
        if (!(n = hfhub__json_special(ps, p))) return NULL;
        memmove(w, p, n);
        w += n;
        p += n;
    }
    *w = 0;
    v->u.s = start;
    v->tl = HFHUB__JSON_TL(w - start, HFHUB_JSON_STRING);
    return p + 1;
}

#define HFHUB__JSON_DIGIT(c) ((unsigned)((c) - '0') < 10u)

/* Checks the number at p (RFC 8259 grammar) into v; returns the position after it, or NULL.
 * The value is read from the lexeme when asked for. */
static char *hfhub__json_number(hfhub__json_parser *ps, char *p, hfhub_json_value *v) {
    char *s = p;
    if (*p == '-') p++;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        do p++; while (HFHUB__JSON_DIGIT(*p));
    } else {
        return hfhub__json_err(ps, p, "invalid number (digit expected)");
    }
    if (*p == '.') {
        if (!HFHUB__JSON_DIGIT(p[1])) return hfhub__json_err(ps, p + 1, "invalid number (digit expected after '.')");
        p++;
        while (HFHUB__JSON_DIGIT(*p)) p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!HFHUB__JSON_DIGIT(*p)) return hfhub__json_err(ps, p, "invalid number (digit expected in exponent)");
        while (HFHUB__JSON_DIGIT(*p)) p++;
    }
    v->u.s = s;
    v->tl = HFHUB__JSON_TL(p - s, HFHUB_JSON_NUMBER);
    return p;
}

static hfhub_json_value *hfhub__json_push(hfhub__json_parser *ps) {
    hfhub_json_value *v;
    if (ps->nvals == ps->capvals) {
        /* grow by half: the stack never holds more values than input bytes + 1 */
        size_t cap = ps->capvals ? ps->capvals + ps->capvals / 2 : 64;
        if (cap > ps->maxvals) cap = ps->maxvals;
        if (cap <= ps->nvals) return NULL; /* cannot happen: each value starts at its own byte */
        v = (hfhub_json_value *)hfhub__realloc(ps->a, ps->vals, ps->capvals * sizeof *v,
                                               cap * sizeof *v);
        if (!v) return NULL;
        ps->vals = v;
        ps->capvals = cap;
    }
    return &ps->vals[ps->nvals++];
}

static int hfhub__json_open(hfhub__json_parser *ps, int type) {
    hfhub_json_value *v;
    if (ps->nframes == ps->capframes) {
        size_t cap = ps->capframes ? ps->capframes * 2 : 32, *f;
        f = (size_t *)hfhub__realloc(ps->a, ps->frames, ps->capframes * sizeof *f, cap * sizeof *f);
        if (!f) return 0;
        ps->frames = f;
        ps->capframes = cap;
    }
    if (!(v = hfhub__json_push(ps))) return 0;
    v->tl = HFHUB__JSON_TL(0, type);
    ps->frames[ps->nframes++] = ps->nvals - 1;
    return 1;
}

/* Closes the innermost container: its children move from the stack into the arena. */
static int hfhub__json_close(hfhub__json_parser *ps) {
    size_t start = ps->frames[--ps->nframes], n = ps->nvals - start - 1;
    hfhub_json_value *c = &ps->vals[start];
    c->u.kids = NULL;
    if (n) {
        c->u.kids = (hfhub_json_value *)hfhub__arena_alloc(ps->ar, n * sizeof *c);
        if (!c->u.kids) return 0;
        memcpy(c->u.kids, c + 1, n * sizeof *c);
    }
    c->tl = HFHUB__JSON_TL(HFHUB__JSON_TYPE(c) == HFHUB_JSON_OBJECT ? n / 2 : n, HFHUB__JSON_TYPE(c));
    ps->nvals = start + 1;
    return 1;
}

static int hfhub__json_literal(char *p, const char *end, const char *word, size_t n) {
    return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

static hfhub_result hfhub__json_nomem(void) {
    return hfhub__fail(HFHUB_ERR_NOMEM, "JSON: out of memory");
}

/* The parser proper: a loop over an explicit stack, so nesting costs no C stack. */
static hfhub_result hfhub__json_run(hfhub__json_parser *ps) {
    char *p = ps->base;
    hfhub_json_value *v;
    int c;
value:
    p = hfhub__json_ws(p);
    c = (unsigned char)*p;
    if (c == '[' || c == '{') {
        if (ps->nframes >= ps->max_depth) {
            hfhub__json_err(ps, p, "nesting too deep");
            return HFHUB_ERR_PARSE;
        }
        if (!hfhub__json_open(ps, c == '[' ? HFHUB_JSON_ARRAY : HFHUB_JSON_OBJECT)) return hfhub__json_nomem();
        p = hfhub__json_ws(p + 1);
        if (*p == c + 2) { /* ']' and '}' are two after '[' and '{' */
            if (!hfhub__json_close(ps)) return hfhub__json_nomem();
            p++;
            goto after;
        }
        if (c == '[') goto value;
        goto key;
    }
    if (!(v = hfhub__json_push(ps))) return hfhub__json_nomem();
    if (c == '"') {
        p = hfhub__json_string(ps, p + 1, v);
    } else if (c == '-' || HFHUB__JSON_DIGIT(c)) {
        p = hfhub__json_number(ps, p, v);
    } else if (c == 't' && hfhub__json_literal(p, ps->end, "true", 4)) {
        v->tl = HFHUB__JSON_TL(1, HFHUB_JSON_BOOL); p += 4;
    } else if (c == 'f' && hfhub__json_literal(p, ps->end, "false", 5)) {
        v->tl = HFHUB__JSON_TL(0, HFHUB_JSON_BOOL); p += 5;
    } else if (c == 'n' && hfhub__json_literal(p, ps->end, "null", 4)) {
        v->tl = HFHUB__JSON_TL(0, HFHUB_JSON_NULL); p += 4;
    } else {
        p = hfhub__json_err(ps, p, p == ps->end ? "unexpected end of input" : "value expected");
    }
    if (!p) return HFHUB_ERR_PARSE;
after:
    p = hfhub__json_ws(p);
    if (ps->nframes == 0) {
        if (p != ps->end) { hfhub__json_err(ps, p, "unexpected data after the document"); return HFHUB_ERR_PARSE; }
        return HFHUB_OK;
    }
    c = HFHUB__JSON_TYPE(&ps->vals[ps->frames[ps->nframes - 1]]) == HFHUB_JSON_OBJECT ? '}' : ']';
    if (*p == ',') {
        p = hfhub__json_ws(p + 1);
        if (c == ']') goto value;
        goto key;
    }
    if (*p != c) {
        hfhub__json_err(ps, p, c == ']' ? "',' or ']' expected in array" : "',' or '}' expected in object");
        return HFHUB_ERR_PARSE;
    }
    if (!hfhub__json_close(ps)) return hfhub__json_nomem();
    p++;
    goto after;
key:
    if (*p != '"') { hfhub__json_err(ps, p, "string key expected in object"); return HFHUB_ERR_PARSE; }
    if (!(v = hfhub__json_push(ps))) return hfhub__json_nomem();
    if (!(p = hfhub__json_string(ps, p + 1, v))) return HFHUB_ERR_PARSE;
    p = hfhub__json_ws(p);
    if (*p != ':') { hfhub__json_err(ps, p, "':' expected after object key"); return HFHUB_ERR_PARSE; }
    p++;
    goto value;
}

hfhub_result hfhub__json_parse_in(hfhub__arena *ar, const char *text, size_t len, size_t max_depth,
                                  const hfhub_json_value **root) {
    hfhub__json_parser ps;
    hfhub_json_value *top;
    hfhub_result r;
    *root = NULL;
    if (!text && len) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "JSON: text is NULL");
    if (len > HFHUB__JSON_MAX_INPUT) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "JSON: input too large");
    memset(&ps, 0, sizeof ps);
    ps.a = ar->a;
    ps.maxvals = len + 2;
    ps.max_depth = max_depth ? max_depth : HFHUB_JSON_DEFAULT_MAX_DEPTH;
    top = (hfhub_json_value *)hfhub__arena_alloc(ar, sizeof *top);
    ps.base = (char *)hfhub__arena_alloc(ar, len + 1);
    if (!top || !ps.base) return hfhub__json_nomem();
    if (len) memcpy(ps.base, text, len);
    ps.base[len] = 0;
    ps.end = ps.base + len;
    ps.orig = text;
    ps.ar = ar;
    r = hfhub__json_run(&ps);
    if (r == HFHUB_OK) {
        *top = ps.vals[0];
        *root = top;
    }
    hfhub__free(ps.a, ps.vals, ps.capvals * sizeof *ps.vals);
    hfhub__free(ps.a, ps.frames, ps.capframes * sizeof *ps.frames);
    return r;
}

hfhub_result hfhub_json_parse(const char *text, size_t len, const hfhub_json_parse_opts *opts,
                              hfhub_json_doc **out) {
    hfhub__arena ar;
    hfhub_json_doc *doc;
    hfhub_result r;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_json_parse: out is NULL");
    *out = NULL;
    hfhub__arena_init(&ar, opts ? opts->allocator : NULL);
    doc = (hfhub_json_doc *)hfhub__arena_alloc(&ar, sizeof *doc);
    if (!doc) return hfhub__json_nomem();
    r = hfhub__json_parse_in(&ar, text, len, opts ? opts->max_depth : 0, &doc->root);
    if (r != HFHUB_OK) {
        hfhub__arena_free(&ar);
        return r;
    }
    doc->arena = ar; /* the arena holds doc itself */
    *out = doc;
    return HFHUB_OK;
}

void hfhub_json_free(hfhub_json_doc *doc) {
    hfhub__arena ar;
    if (!doc) return;
    ar = doc->arena;
    hfhub__arena_free(&ar);
}

/* ---- numbers ---- */

/* Significant digits kept when reading a double: a decimal halfway between two doubles has
 * at most 767 of them, so beyond that the digits matter only as "some nonzero". */
#define HFHUB__JSON_MAX_SIG 780

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
/* Exact powers of ten: with a mantissa below 2^53 one multiplication or division by one of
 * them is correctly rounded (Clinger's fast path). Needs plain double evaluation (no x87). */
static const double hfhub__json_pow10[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
#define HFHUB__JSON_FAST 1
#endif

/* The digits are rewritten without a decimal point ("12.5e3" -> "125e2") and given to
 * strtod: the decimal point is the only locale-dependent part of its syntax. */
double hfhub__json_lexeme_to_double(const char *s, size_t len) {
    const char *e = s + len;
    char buf[HFHUB__JSON_MAX_SIG + 32];
    size_t nd = 0;
    long long dexp = 0, ex = 0;
    int neg = 0, sticky = 0, eneg = 0, in_frac = 0;
    uint64_t m = 0;
    if (s < e && *s == '-') { neg = 1; s++; }
    for (; s < e && (HFHUB__JSON_DIGIT(*s) || *s == '.'); s++) {
        if (*s == '.') { in_frac = 1; continue; }
        if (nd == 0 && *s == '0') { if (in_frac) dexp--; continue; } /* leading zeros */
        if (nd < HFHUB__JSON_MAX_SIG) {
            if (nd < 19) m = m * 10 + (uint64_t)(*s - '0');
            buf[1 + nd++] = *s;
            if (in_frac) dexp--;
        } else {
            if (*s != '0') sticky = 1;
            if (!in_frac) dexp++;
        }
    }
    if (s < e && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < e && (*s == '+' || *s == '-')) eneg = *s++ == '-';
        for (; s < e && HFHUB__JSON_DIGIT(*s); s++)
            if (ex < 1000000000000LL) ex = ex * 10 + (*s - '0');
    }
    if (nd == 0) return neg ? -0.0 : 0.0;
    dexp += eneg ? -ex : ex;
#ifdef HFHUB__JSON_FAST
    if (nd <= 15 && dexp >= -22 && dexp <= 22) {
        double d = (double)m;
        d = dexp < 0 ? d / hfhub__json_pow10[-dexp] : d * hfhub__json_pow10[dexp];
        return neg ? -d : d;
    }
#endif
    if (sticky) { buf[1 + nd++] = '1'; dexp--; }
    /* beyond these the result is 0 or inf whatever the digits */
    if (dexp > 100000) dexp = 100000;
    if (dexp < -100000) dexp = -100000;
    buf[0] = neg ? '-' : '+';
    snprintf(buf + 1 + nd, 16, "e%ld", (long)dexp);
    return strtod(buf, NULL);
}

/* ---- accessors ---- */

const hfhub_json_value *hfhub_json_root(const hfhub_json_doc *doc) { return doc ? doc->root : NULL; }

hfhub_json_type hfhub_json_type_of(const hfhub_json_value *v) {
    return v ? (hfhub_json_type)HFHUB__JSON_TYPE(v) : HFHUB_JSON_NONE;
}

static int hfhub__json_is(const hfhub_json_value *v, int type) {
    return v && HFHUB__JSON_TYPE(v) == type;
}

int hfhub_json_is_null(const hfhub_json_value *v) { return hfhub__json_is(v, HFHUB_JSON_NULL); }

int hfhub_json_bool(const hfhub_json_value *v, int dflt) {
    return hfhub__json_is(v, HFHUB_JSON_BOOL) ? (int)HFHUB__JSON_LEN(v) : dflt;
}

/* The integer of a number lexeme without fraction or exponent that fits int64. */
static int hfhub__json_lexeme_int(const char *s, size_t len, int64_t *out) {
    const char *e = s + len;
    uint64_t m = 0;
    int neg = *s == '-';
    s += neg;
    if (e - s > 19) return 0; /* 19 digits never overflow uint64 */
    for (; s < e; s++) {
        if (!HFHUB__JSON_DIGIT(*s)) return 0;
        m = m * 10 + (uint64_t)(*s - '0');
    }
    if (m > (uint64_t)INT64_MAX + (uint64_t)neg) return 0;
    *out = !neg ? (int64_t)m : m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
    return 1;
}

int hfhub_json_is_int(const hfhub_json_value *v) {
    int64_t i;
    return hfhub__json_is(v, HFHUB_JSON_NUMBER) && hfhub__json_lexeme_int(v->u.s, HFHUB__JSON_LEN(v), &i);
}

int64_t hfhub_json_int(const hfhub_json_value *v, int64_t dflt) {
    int64_t i;
    double d;
    if (!hfhub__json_is(v, HFHUB_JSON_NUMBER)) return dflt;
    if (hfhub__json_lexeme_int(v->u.s, HFHUB__JSON_LEN(v), &i)) return i;
    d = hfhub__json_lexeme_to_double(v->u.s, HFHUB__JSON_LEN(v));
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && (double)(int64_t)d == d)
        return (int64_t)d;
    return dflt;
}

int hfhub_json_uint64(const hfhub_json_value *v, uint64_t *out) {
    uint64_t m = 0;
    size_t i, n;
    if (!hfhub__json_is(v, HFHUB_JSON_NUMBER)) return 0;
    n = HFHUB__JSON_LEN(v);
    if (n == 2 && v->u.s[0] == '-' && v->u.s[1] == '0') { *out = 0; return 1; }
    for (i = 0; i < n; i++) {
        unsigned d = (unsigned)(v->u.s[i] - '0');
        if (d > 9 || m > (UINT64_MAX - d) / 10) return 0;
        m = m * 10 + d;
    }
    *out = m;
    return 1;
}

double hfhub_json_double(const hfhub_json_value *v, double dflt) {
    if (!hfhub__json_is(v, HFHUB_JSON_NUMBER)) return dflt;
    return hfhub__json_lexeme_to_double(v->u.s, HFHUB__JSON_LEN(v));
}

const char *hfhub_json_number_raw(const hfhub_json_value *v, size_t *len) {
    if (!hfhub__json_is(v, HFHUB_JSON_NUMBER)) { if (len) *len = 0; return NULL; }
    if (len) *len = HFHUB__JSON_LEN(v);
    return v->u.s;
}

const char *hfhub_json_str(const hfhub_json_value *v, const char *dflt) {
    return hfhub__json_is(v, HFHUB_JSON_STRING) ? v->u.s : dflt;
}

const char *hfhub_json_strn(const hfhub_json_value *v, size_t *len) {
    if (!hfhub__json_is(v, HFHUB_JSON_STRING)) { if (len) *len = 0; return NULL; }
    if (len) *len = HFHUB__JSON_LEN(v);
    return v->u.s;
}

size_t hfhub_json_len(const hfhub_json_value *v) {
    return hfhub__json_is(v, HFHUB_JSON_ARRAY) || hfhub__json_is(v, HFHUB_JSON_OBJECT) ? HFHUB__JSON_LEN(v) : 0;
}

const hfhub_json_value *hfhub_json_at(const hfhub_json_value *v, size_t i) {
    if (i >= hfhub_json_len(v)) return NULL;
    return HFHUB__JSON_TYPE(v) == HFHUB_JSON_ARRAY ? &v->u.kids[i] : &v->u.kids[2 * i + 1];
}

const char *hfhub_json_key_at(const hfhub_json_value *v, size_t i, size_t *len) {
    if (!hfhub__json_is(v, HFHUB_JSON_OBJECT) || i >= HFHUB__JSON_LEN(v)) { if (len) *len = 0; return NULL; }
    if (len) *len = HFHUB__JSON_LEN(&v->u.kids[2 * i]);
    return v->u.kids[2 * i].u.s;
}

const hfhub_json_value *hfhub_json_getn(const hfhub_json_value *v, const char *key, size_t key_len) {
    size_t i, n;
    if (!hfhub__json_is(v, HFHUB_JSON_OBJECT) || !key) return NULL;
    n = HFHUB__JSON_LEN(v);
    for (i = 0; i < n; i++) {
        const hfhub_json_value *k = &v->u.kids[2 * i];
        if (HFHUB__JSON_LEN(k) == key_len && memcmp(k->u.s, key, key_len) == 0) return k + 1;
    }
    return NULL;
}

const hfhub_json_value *hfhub_json_get(const hfhub_json_value *v, const char *key) {
    return key ? hfhub_json_getn(v, key, strlen(key)) : NULL;
}

/* One path step: a member of an object, or a decimal index into an array. */
static const hfhub_json_value *hfhub__json_step(const hfhub_json_value *v, const char *seg, size_t n) {
    size_t i, idx = 0;
    if (!v) return NULL;
    if (HFHUB__JSON_TYPE(v) == HFHUB_JSON_OBJECT) return hfhub_json_getn(v, seg, n);
    if (HFHUB__JSON_TYPE(v) != HFHUB_JSON_ARRAY || n == 0 || n > 19) return NULL;
    for (i = 0; i < n; i++) {
        if (!HFHUB__JSON_DIGIT(seg[i])) return NULL;
        idx = idx * 10 + (size_t)(seg[i] - '0');
    }
    return hfhub_json_at(v, idx);
}

const hfhub_json_value *hfhub_json_path(const hfhub_json_value *v, const char *path) {
    if (!path || !*path) return v;
    for (;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        v = hfhub__json_step(v, path, n);
        if (!dot || !v) return v;
        path = dot + 1;
    }
}

const hfhub_json_value *hfhub_json_pathv(const hfhub_json_value *v, const char *const *keys, size_t n) {
    size_t i;
    for (i = 0; i < n && v; i++) v = keys[i] ? hfhub__json_step(v, keys[i], strlen(keys[i])) : NULL;
    return v;
}

/* ---- writer ---- */

static void hfhub__jw_fail(hfhub__jw *w, hfhub_result r, const char *msg) {
    if (!w->err) w->err = hfhub__fail(r, "JSON writer: %s", msg);
}

static int hfhub__jw_top_is_object(const hfhub__jw *w) {
    size_t d = w->depth - 1;
    return w->depth && (w->is_object[d / 8] >> (d % 8) & 1);
}

void hfhub__jw_init(hfhub__jw *w, hfhub__buf *out, int style) {
    memset(w, 0, sizeof *w);
    w->out = out;
    w->style = style;
}

hfhub_result hfhub__jw_result(const hfhub__jw *w) {
    if (w->err) return w->err;
    if (w->out->failed) return hfhub__json_nomem();
    if (w->depth || w->after_key)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "JSON writer: document not finished");
    return HFHUB_OK;
}

/* Before a value: the separator, and checks that a value may come here. 0: do not write. */
static int hfhub__jw_pre(hfhub__jw *w) {
    if (w->err) return 0;
    if (w->after_key) { w->after_key = 0; return 1; }
    if (hfhub__jw_top_is_object(w)) { hfhub__jw_fail(w, HFHUB_ERR_INVALID_ARG, "object member without a key"); return 0; }
    if (w->need_comma) {
        if (!w->depth) { hfhub__jw_fail(w, HFHUB_ERR_INVALID_ARG, "a second top-level value"); return 0; }
        hfhub__buf_append(w->out, ", ", w->style == HFHUB__JW_PYTHON ? 2 : 1);
    }
    return 1;
}

static void hfhub__jw_begin(hfhub__jw *w, int object) {
    size_t d = w->depth;
    if (!hfhub__jw_pre(w)) return;
    if (d >= HFHUB__JW_MAX_DEPTH) { hfhub__jw_fail(w, HFHUB_ERR_TOO_LARGE, "nesting too deep"); return; }
    if (object) w->is_object[d / 8] |= (unsigned char)(1u << (d % 8));
    else w->is_object[d / 8] &= (unsigned char)~(1u << (d % 8));
    w->depth++;
    w->need_comma = 0;
    hfhub__buf_putc(w->out, object ? '{' : '[');
}

static void hfhub__jw_end(hfhub__jw *w, int object) {
    if (w->err) return;
    if (!w->depth || hfhub__jw_top_is_object(w) != object || w->after_key) {
        hfhub__jw_fail(w, HFHUB_ERR_INVALID_ARG, object ? "end_object does not match" : "end_array does not match");
        return;
    }
    w->depth--;
    w->need_comma = 1;
    hfhub__buf_putc(w->out, object ? '}' : ']');
}

void hfhub__jw_begin_object(hfhub__jw *w) { hfhub__jw_begin(w, 1); }
void hfhub__jw_end_object(hfhub__jw *w) { hfhub__jw_end(w, 1); }
void hfhub__jw_begin_array(hfhub__jw *w) { hfhub__jw_begin(w, 0); }
void hfhub__jw_end_array(hfhub__jw *w) { hfhub__jw_end(w, 0); }

/* The quoted, escaped string (json.dumps(ensure_ascii=False) escapes). */
static void hfhub__jw_quoted(hfhub__jw *w, const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s, *e = p + len, *run;
    hfhub__buf *b = w->out;
    if (hfhub__buf_reserve(b, len + 2)) return;
    hfhub__buf_putc(b, '"');
    run = p;
    while (p < e) {
        unsigned c = *p;
        char esc[6];
        size_t n;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) { p++; continue; }
        if (c >= 0x80) {
            if (!(n = hfhub__json_utf8_len(p, (size_t)(e - p)))) {
                hfhub__jw_fail(w, HFHUB_ERR_INVALID_ARG, "string is not valid UTF-8");
                return;
            }
            p += n;
            continue;
        }
        hfhub__buf_append(b, run, (size_t)(p - run));
        esc[0] = '\\';
        n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            n = 6;
        }
        hfhub__buf_append(b, esc, n);
        run = ++p;
    }
    hfhub__buf_append(b, run, (size_t)(p - run));
    hfhub__buf_putc(b, '"');
}

void hfhub__jw_keyn(hfhub__jw *w, const char *key, size_t len) {
    if (w->err) return;
    if (!hfhub__jw_top_is_object(w) || w->after_key || !key) {
        hfhub__jw_fail(w, HFHUB_ERR_INVALID_ARG, "key outside an object");
        return;
    }
    if (w->need_comma) hfhub__buf_append(w->out, ", ", w->style == HFHUB__JW_PYTHON ? 2 : 1);
    hfhub__jw_quoted(w, key, len);
    hfhub__buf_append(w->out, ": ", w->style == HFHUB__JW_PYTHON ? 2 : 1);
    w->after_key = 1;
    w->need_comma = 1;
}

void hfhub__jw_key(hfhub__jw *w, const char *key) { hfhub__jw_keyn(w, key, key ? strlen(key) : 0); }

void hfhub__jw_stringn(hfhub__jw *w, const char *s, size_t len) {
    if (!hfhub__jw_pre(w)) return;
    hfhub__jw_quoted(w, s, len);
    w->need_comma = 1;
}

void hfhub__jw_string(hfhub__jw *w, const char *s) {
    if (s) hfhub__jw_stringn(w, s, strlen(s));
    else hfhub__jw_null(w);
}

void hfhub__jw_raw(hfhub__jw *w, const char *json, size_t len) {
    if (!hfhub__jw_pre(w)) return;
    hfhub__buf_append(w->out, json, len);
    w->need_comma = 1;
}

/* Decimal digits of m at the end of a 24-byte buffer; returns where they start. */
static char *hfhub__json_utoa(uint64_t m, char *end) {
    do { *--end = (char)('0' + m % 10); m /= 10; } while (m);
    return end;
}

void hfhub__jw_uint(hfhub__jw *w, uint64_t v) {
    char buf[24], *s = hfhub__json_utoa(v, buf + sizeof buf);
    hfhub__jw_raw(w, s, (size_t)(buf + sizeof buf - s));
}

void hfhub__jw_int(hfhub__jw *w, int64_t v) {
    char buf[24], *s = hfhub__json_utoa(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, buf + sizeof buf);
    if (v < 0) *--s = '-';
    hfhub__jw_raw(w, s, (size_t)(buf + sizeof buf - s));
}

void hfhub__jw_bool(hfhub__jw *w, int v) { hfhub__jw_raw(w, v ? "true" : "false", v ? 4 : 5); }
void hfhub__jw_null(hfhub__jw *w) { hfhub__jw_raw(w, "null", 4); }

void hfhub__jw_double(hfhub__jw *w, double v) {
    char buf[32];
    size_t n = hfhub__json_format_double(v, buf);
    if (!n) { hfhub__jw_fail(w, HFHUB_ERR_INVALID_ARG, "NaN or infinity has no JSON form"); return; }
    hfhub__jw_raw(w, buf, n);
}

void hfhub__jw_value(hfhub__jw *w, const hfhub_json_value *v) {
    size_t i, n;
    if (w->err) return;
    n = v ? HFHUB__JSON_LEN(v) : 0;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_NONE: hfhub__jw_fail(w, HFHUB_ERR_INVALID_ARG, "no value"); return;
    case HFHUB_JSON_NULL: hfhub__jw_null(w); return;
    case HFHUB_JSON_BOOL: hfhub__jw_bool(w, (int)n); return;
    case HFHUB_JSON_NUMBER: hfhub__jw_raw(w, v->u.s, n); return;
    case HFHUB_JSON_STRING: hfhub__jw_stringn(w, v->u.s, n); return;
    case HFHUB_JSON_ARRAY:
        hfhub__jw_begin_array(w);
        for (i = 0; i < n && !w->err; i++) hfhub__jw_value(w, &v->u.kids[i]);
        hfhub__jw_end_array(w);
        return;
    case HFHUB_JSON_OBJECT:
        hfhub__jw_begin_object(w);
        for (i = 0; i < n && !w->err; i++) {
            hfhub__jw_keyn(w, v->u.kids[2 * i].u.s, HFHUB__JSON_LEN(&v->u.kids[2 * i]));
            hfhub__jw_value(w, &v->u.kids[2 * i + 1]);
        }
        hfhub__jw_end_object(w);
        return;
    }
}

void hfhub__jw_kv_string(hfhub__jw *w, const char *key, const char *s) {
    hfhub__jw_key(w, key);
    hfhub__jw_string(w, s);
}

void hfhub__jw_kv_int(hfhub__jw *w, const char *key, int64_t v) {
    hfhub__jw_key(w, key);
    hfhub__jw_int(w, v);
}

void hfhub__jw_kv_bool(hfhub__jw *w, const char *key, int v) {
    hfhub__jw_key(w, key);
    hfhub__jw_bool(w, v);
}

/* The shortest of 15, 16 and 17 significant digits that reads back as v (from printf's %e:
 * only its digits and exponent are used, so the locale's decimal point does not matter),
 * laid out as Python's repr(): positional for exponents -4..15, else d.ddde+XX. */
size_t hfhub__json_format_double(double v, char *out) {
    char tmp[48], dig[20], lex[48];
    int prec, x = 0, nd = 0, i, k, xneg;
    char *o = out, *t;
    if (v != v || v > DBL_MAX || v < -DBL_MAX) return 0;
    if (v == 0) {
        /* -0.0 keeps its sign, as in Python */
        memcpy(out, 1 / v < 0 ? "-0.0" : "0.0", 1 / v < 0 ? 5 : 4);
        return 1 / v < 0 ? 4 : 3;
    }
    /* below DBL_MIN (subnormals) fewer digits are significant: search from 1 */
    for (prec = v > -DBL_MIN && v < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        for (nd = 0, t = tmp; *t && *t != 'e'; t++)
            if (HFHUB__JSON_DIGIT(*t)) dig[nd++] = *t;
        xneg = *t && t[1] == '-';
        for (x = 0, t += *t ? 2 : 0; HFHUB__JSON_DIGIT(*t); t++) x = x * 10 + (*t - '0');
        if (xneg) x = -x;
        if (nd == 0) return 0; /* a printf without floating point (newlib-nano's default) */
        k = snprintf(lex, sizeof lex, "%s%.*se%d", v < 0 ? "-" : "", nd, dig, x - (nd - 1));
        if (hfhub__json_lexeme_to_double(lex, (size_t)k) == v) break;
    }
    while (nd > 1 && dig[nd - 1] == '0') nd--;
    if (v < 0) *o++ = '-';
    if (x >= -4 && x < 16) {
        if (x < 0) {
            *o++ = '0'; *o++ = '.';
            for (i = -1; i > x; i--) *o++ = '0';
            memcpy(o, dig, (size_t)nd); o += nd;
        } else {
            for (i = 0; i <= x; i++) *o++ = i < nd ? dig[i] : '0';
            *o++ = '.';
            if (nd > x + 1) { memcpy(o, dig + x + 1, (size_t)(nd - x - 1)); o += nd - x - 1; }
            else *o++ = '0';
        }
    } else {
        *o++ = dig[0];
        if (nd > 1) { *o++ = '.'; memcpy(o, dig + 1, (size_t)(nd - 1)); o += nd - 1; }
        o += snprintf(o, 8, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
    }
    *o = 0;
    return (size_t)(o - out);
}

#undef HFHUB__JSON_TYPE
#undef HFHUB__JSON_LEN
#undef HFHUB__JSON_TL
#undef HFHUB__JSON_MAX_INPUT
#undef HFHUB__JSON_DIGIT
#undef HFHUB__JSON_MAX_SIG
#ifdef HFHUB__JSON_FAST
#undef HFHUB__JSON_FAST
#endif
#ifdef HFHUB__JSON_SSE2
#undef HFHUB__JSON_SSE2
#endif
