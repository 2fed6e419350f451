/* glob.c: fnmatch with Python's semantics, without backtracking blow-up.
 *
 * Python translates a pattern to a regular expression; we match directly. `*` can match any
 * run, so the classic two-pointer scan (on a mismatch, let the last `*` absorb one more
 * character) is exact and O(|pattern|*|name|). Bracket sets reproduce fnmatch.translate's
 * treatment of ranges: hyphens found by its scan form ranges, an empty range (z-a) removes
 * both its ends, and a set whose remaining text starts with '!' is negated. */
#include <string.h>

typedef struct hfhub__glob_str {
    const unsigned char *s;
    size_t n;
    int slashes; /* '\\' reads as '/' */
} hfhub__glob_str;

/* Decodes the code point at *i and advances; invalid UTF-8 bytes read as U+DC80+byte, like
 * Python's surrogateescape. */
static uint32_t hfhub__glob_cp(const hfhub__glob_str *g, size_t *i) {
    const unsigned char *p = g->s + *i;
    size_t left = g->n - *i, len = 1, k;
    uint32_t c = p[0], min = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; c &= 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; c &= 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; c &= 0x07; min = 0x10000; }
    else if (c >= 0x80) { *i += 1; return 0xDC00 + p[0]; }
    if (len > left) { *i += 1; return 0xDC00 + p[0]; }
    for (k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) { *i += 1; return 0xDC00 + p[0]; }
        c = c << 6 | (p[k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) { *i += 1; return 0xDC00 + p[0]; }
    *i += len;
    return (c == '\\' && g->slashes) ? '/' : c;
}

/* Index just past the ']' closing the set that starts after '[' at i, or 0 when unclosed. */
static size_t hfhub__glob_set_end(const hfhub__glob_str *p, size_t i) {
    size_t j = i;
    if (j < p->n && p->s[j] == '!') j++;
    if (j < p->n && p->s[j] == ']') j++;
    while (j < p->n && p->s[j] != ']') j++;
    return j < p->n ? j + 1 : 0;
}

/* Set membership test state: the first item decides negation. */
typedef struct hfhub__glob_set {
    uint32_t c;
    int first, negate, found;
} hfhub__glob_set;

static void hfhub__glob_item(hfhub__glob_set *st, uint32_t lo, uint32_t hi, int range) {
    if (st->first) {
        st->first = 0;
        if (lo == '!') {
            st->negate = 1;
            if (!range) return;
            /* "!-x" left after removals: the regex sees [^-x], a literal '-' and x */
            if (st->c == '-' || st->c == hi) st->found = 1;
            return;
        }
    }
    if (st->c >= lo && st->c <= hi) st->found = 1;
}

/* Whether c is in the set whose text (between the brackets) is p->s[i..end). */
static int hfhub__glob_in_set(const hfhub__glob_str *p, size_t i, size_t end, uint32_t c) {
    hfhub__glob_set st;
    hfhub__glob_str t = *p;
    size_t idx = 0, search = (p->s[i] == '!') ? 2 : 1, count = 0, k = i;
    uint32_t pending = 0;
    int has_pending = 0;
    st.c = c; st.first = 1; st.negate = 0; st.found = 0;
    t.n = end;
    while (k < end) { hfhub__glob_cp(&t, &k); count++; } /* characters in the set text */
    k = i;
    while (k < end) {
        uint32_t ch = hfhub__glob_cp(&t, &k);
        if (ch == '-' && idx >= search && idx + 1 < count && has_pending) {
            uint32_t hi = hfhub__glob_cp(&t, &k);
            if (pending <= hi) hfhub__glob_item(&st, pending, hi, 1);
            has_pending = 0; /* an empty range removes both ends */
            search = idx + 3;
            idx += 2;
            continue;
        }
        if (has_pending) hfhub__glob_item(&st, pending, pending, 0);
        pending = ch;
        has_pending = 1;
        idx++;
    }
    if (has_pending) hfhub__glob_item(&st, pending, pending, 0);
    return st.found != st.negate;
}

/* Matches the single-character token at *pi against c; advances *pi. */
static int hfhub__glob_token(const hfhub__glob_str *p, size_t *pi, uint32_t c) {
    size_t i = *pi, end;
    if (p->s[i] == '?') { *pi = i + 1; return 1; }
    if (p->s[i] == '[' && (end = hfhub__glob_set_end(p, i + 1)) != 0) {
        *pi = end;
        return hfhub__glob_in_set(p, i + 1, end - 1, c);
    }
    return hfhub__glob_cp(p, pi) == c;
}

/* dir_star: the pattern continues with a virtual '*' after its end */
static int hfhub__glob_run(const hfhub__glob_str *p, const hfhub__glob_str *s, int dir_star) {
    size_t pi = 0, si = 0, star_pi = 0, star_si = 0;
    int have_star = 0;
    while (si < s->n) {
        if (pi < p->n && p->s[pi] == '*') {
            while (pi < p->n && p->s[pi] == '*') pi++;
            have_star = 1;
            star_pi = pi;
            star_si = si;
            continue;
        }
        if (pi == p->n && dir_star) return 1;
        if (pi < p->n) {
            size_t si2 = si, pi2 = pi;
            uint32_t c = hfhub__glob_cp(s, &si2);
            if (hfhub__glob_token(p, &pi2, c)) {
                pi = pi2;
                si = si2;
                continue;
            }
        }
        if (!have_star) return 0;
        hfhub__glob_cp(s, &star_si); /* the last '*' takes one more character */
        si = star_si;
        pi = star_pi;
    }
    while (pi < p->n && p->s[pi] == '*') pi++;
    return pi == p->n;
}

int hfhub_fnmatch(const char *pattern, const char *name) {
    hfhub__glob_str p, s;
    p.s = (const unsigned char *)pattern; p.n = strlen(pattern); p.slashes = 0;
    s.s = (const unsigned char *)name; s.n = strlen(name); s.slashes = 0;
    return hfhub__glob_run(&p, &s, 0);
}

int hfhub__glob_match_path(const char *pattern, const char *path) {
    hfhub__glob_str p, s;
    size_t n = strlen(pattern);
    p.s = (const unsigned char *)pattern; p.n = n; p.slashes = 1;
    s.s = (const unsigned char *)path; s.n = strlen(path); s.slashes = 1;
    return hfhub__glob_run(&p, &s, n > 0 && (pattern[n - 1] == '/' || pattern[n - 1] == '\\'));
}

int hfhub__glob_filter(const char *path, const char *const *allow, size_t n_allow,
                       const char *const *ignore, size_t n_ignore) {
    size_t i;
    int ok = allow == NULL;
    for (i = 0; allow && i < n_allow && !ok; i++) ok = hfhub__glob_match_path(allow[i], path);
    for (i = 0; ignore && i < n_ignore && ok; i++) ok = !hfhub__glob_match_path(ignore[i], path);
    return ok;
}
