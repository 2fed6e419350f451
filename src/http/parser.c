/* parser.c: the incremental HTTP/1.1 response parser (RFC 9112). */
#include <string.h>

enum {
    HFHUB__HP_STATUS,     /* status line */
    HFHUB__HP_HEADERS,    /* header lines until the empty one */
    HFHUB__HP_BODY_LEN,   /* Content-Length body */
    HFHUB__HP_BODY_CLOSE, /* body delimited by the connection closing */
    HFHUB__HP_CHUNK_SIZE, /* chunk-size line */
    HFHUB__HP_CHUNK_DATA,
    HFHUB__HP_CHUNK_END,  /* the CRLF after chunk data */
    HFHUB__HP_TRAILERS,   /* trailer lines after the last chunk */
    HFHUB__HP_DONE,
    HFHUB__HP_FAILED
};

void hfhub__http_parser_init(hfhub__http_parser *p, int flags, const hfhub_http_sink *sink,
                             const hfhub_allocator *a) {
    memset(p, 0, sizeof *p);
    p->sink = sink;
    p->flags = flags;
    p->state = HFHUB__HP_STATUS;
    p->content_length = -1;
    hfhub__buf_init(&p->line, a);
}

void hfhub__http_parser_free(hfhub__http_parser *p) { hfhub__buf_free(&p->line); }

int hfhub__http_parser_done(const hfhub__http_parser *p) { return p->state == HFHUB__HP_DONE; }

static hfhub_result hfhub__hp_cancelled(void) {
    return hfhub__fail(HFHUB_ERR_CANCELLED, "response sink cancelled the transfer");
}

/* Quotes the start of a bad line for an error message, replacing unprintable bytes. */
static const char *hfhub__hp_excerpt(const char *s, size_t n, char *out, size_t cap) {
    size_t i;
    for (i = 0; i < n && i + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
    }
    out[i] = 0;
    return out;
}

static int hfhub__hp_is_tchar(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Field values and reason phrases: HTAB, SP, visible ASCII and obs-text. */
static int hfhub__hp_is_text(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

static int hfhub__hp_ieq(const char *a, size_t n, const char *b) {
    size_t i;
    if (strlen(b) != n) return 0;
    for (i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return 1;
}

/* Calls fn for each element of a comma-separated list, trimmed of spaces; stops on nonzero. */
static hfhub_result hfhub__hp_list(hfhub__http_parser *p, const char *v,
                                   hfhub_result (*fn)(hfhub__http_parser *, const char *, size_t)) {
    while (*v) {
        const char *e = strchr(v, ',');
        size_t n = e ? (size_t)(e - v) : strlen(v);
        const char *s = v;
        hfhub_result r;
        while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        if (n && (r = fn(p, s, n)) != HFHUB_OK) return r;
        if (!e) break;
        v = e + 1;
    }
    return HFHUB_OK;
}

static hfhub_result hfhub__hp_content_length(hfhub__http_parser *p, const char *s, size_t n) {
    int64_t v = 0;
    size_t i;
    char ex[32];
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return hfhub__fail(HFHUB_ERR_PARSE, "invalid Content-Length \"%s\"",
                               hfhub__hp_excerpt(s, n, ex, sizeof ex));
        v = v * 10 + (s[i] - '0');
        if (v > HFHUB__HTTP_MAX_BODY_SIZE)
            return hfhub__fail(HFHUB_ERR_TOO_LARGE, "Content-Length \"%s\" is beyond the 1 PiB limit",
                               hfhub__hp_excerpt(s, n, ex, sizeof ex));
    }
    if (p->content_length >= 0 && p->content_length != v)
        return hfhub__fail(HFHUB_ERR_PARSE, "conflicting Content-Length values %lld and %lld",
                           (long long)p->content_length, (long long)v);
    p->content_length = v;
    return HFHUB_OK;
}

/* Transfer-Encoding: the body is chunked when "chunked" is the last coding applied. */
static hfhub_result hfhub__hp_transfer_coding(hfhub__http_parser *p, const char *s, size_t n) {
    p->te_seen = 1;
    p->chunked = hfhub__hp_ieq(s, n, "chunked");
    return HFHUB_OK;
}

static hfhub_result hfhub__hp_connection_token(hfhub__http_parser *p, const char *s, size_t n) {
    if (hfhub__hp_ieq(s, n, "close")) p->conn_close = 1;
    else if (hfhub__hp_ieq(s, n, "keep-alive")) p->conn_keep_alive = 1;
    return HFHUB_OK;
}

static hfhub_result hfhub__hp_status_line(hfhub__http_parser *p, char *s, size_t n) {
    char ex[64];
    size_t i;
    if (n < 12 || memcmp(s, "HTTP/", 5) || s[6] != '.' || s[5] < '0' || s[5] > '9' || s[7] < '0' ||
        s[7] > '9' || s[8] != ' ' || s[9] < '1' || s[9] > '9' || s[10] < '0' || s[10] > '9' ||
        s[11] < '0' || s[11] > '9' || (n > 12 && s[12] != ' '))
        return hfhub__fail(HFHUB_ERR_PARSE, "malformed HTTP status line \"%s\"",
                           hfhub__hp_excerpt(s, n, ex, sizeof ex));
    if (s[5] != '1')
        return hfhub__fail(HFHUB_ERR_PARSE, "unsupported HTTP version %c.%c", s[5], s[7]);
    for (i = 12; i < n; i++)
        if (!hfhub__hp_is_text((unsigned char)s[i]))
            return hfhub__fail(HFHUB_ERR_PARSE, "control character in the HTTP status line");
    p->http_minor = s[7] - '0';
    p->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    p->state = HFHUB__HP_HEADERS;
    if (p->status >= 200 && p->sink && p->sink->on_status && p->sink->on_status(p->sink->user, p->status))
        return hfhub__hp_cancelled();
    return HFHUB_OK;
}

/* Splits "Name: value" in place (NUL-terminating both) and validates it. */
static hfhub_result hfhub__hp_split_field(char *s, size_t n, char **name, char **value) {
    char ex[64];
    size_t i = 0, end;
    if (s[0] == ' ' || s[0] == '\t')
        return hfhub__fail(HFHUB_ERR_PARSE, "obsolete header line folding is not supported");
    while (i < n && hfhub__hp_is_tchar((unsigned char)s[i])) i++;
    if (i == 0 || i == n || s[i] != ':')
        return hfhub__fail(HFHUB_ERR_PARSE, "malformed header line \"%s\"",
                           hfhub__hp_excerpt(s, n, ex, sizeof ex));
    s[i++] = 0;
    *name = s;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    end = n;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    s[end] = 0;
    *value = s + i;
    for (; i < end; i++)
        if (!hfhub__hp_is_text((unsigned char)s[i]))
            return hfhub__fail(HFHUB_ERR_PARSE, "control character in the value of header %s", s);
    return HFHUB_OK;
}

static hfhub_result hfhub__hp_count_field(hfhub__http_parser *p, size_t n) {
    p->header_bytes += n + 2;
    if (++p->n_headers > HFHUB__HTTP_MAX_HEADERS)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "response has more than %d header lines",
                           HFHUB__HTTP_MAX_HEADERS);
    if (p->header_bytes > HFHUB__HTTP_MAX_HEADER_BYTES)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "response headers exceed %d bytes",
                           HFHUB__HTTP_MAX_HEADER_BYTES);
    return HFHUB_OK;
}

static hfhub_result hfhub__hp_header_line(hfhub__http_parser *p, char *s, size_t n) {
    char *name, *value;
    hfhub_result r;
    if ((r = hfhub__hp_count_field(p, n)) != HFHUB_OK) return r;
    if ((r = hfhub__hp_split_field(s, n, &name, &value)) != HFHUB_OK) return r;
    if (hfhub__hp_ieq(name, strlen(name), "content-length"))
        r = value[strspn(value, " \t,")] ? hfhub__hp_list(p, value, hfhub__hp_content_length)
                                         : hfhub__fail(HFHUB_ERR_PARSE, "empty Content-Length");
    else if (hfhub__hp_ieq(name, strlen(name), "transfer-encoding"))
        r = hfhub__hp_list(p, value, hfhub__hp_transfer_coding);
    else if (hfhub__hp_ieq(name, strlen(name), "connection"))
        r = hfhub__hp_list(p, value, hfhub__hp_connection_token);
    if (r != HFHUB_OK) return r;
    if (p->status >= 200 && p->sink && p->sink->on_header && p->sink->on_header(p->sink->user, name, value))
        return hfhub__hp_cancelled();
    return HFHUB_OK;
}

/* Forgets what an interim (1xx) response said; the final one follows. */
static hfhub_result hfhub__hp_next_response(hfhub__http_parser *p) {
    if (p->status == 101)
        return hfhub__fail(HFHUB_ERR_PARSE, "unexpected 101 Switching Protocols response");
    if (++p->n_interim > HFHUB__HTTP_MAX_INTERIM)
        return hfhub__fail(HFHUB_ERR_PARSE, "more than %d interim (1xx) responses", HFHUB__HTTP_MAX_INTERIM);
    p->status = 0;
    p->content_length = -1;
    p->chunked = p->te_seen = p->conn_close = p->conn_keep_alive = 0;
    p->state = HFHUB__HP_STATUS;
    return HFHUB_OK;
}

/* The empty line after the headers: decides how the body is delimited (RFC 9112 §6.3). */
static hfhub_result hfhub__hp_headers_end(hfhub__http_parser *p) {
    if (p->status < 200) return hfhub__hp_next_response(p);
    p->keep_alive = p->http_minor >= 1 ? !p->conn_close : (p->conn_keep_alive && !p->conn_close);
    if ((p->flags & HFHUB__HTTP_PARSE_HEAD) || p->status == 204 || p->status == 304 ||
        ((p->flags & HFHUB__HTTP_PARSE_CONNECT) && p->status < 300)) {
        p->state = HFHUB__HP_DONE;
    } else if (p->te_seen) {
        /* Transfer-Encoding overrides Content-Length; both at once smells of smuggling, so
         * the connection is not reused. Not chunked: the body runs until close. */
        if (p->content_length >= 0) p->keep_alive = 0;
        p->content_length = -1;
        p->state = p->chunked ? HFHUB__HP_CHUNK_SIZE : HFHUB__HP_BODY_CLOSE;
        if (!p->chunked) p->keep_alive = 0;
    } else if (p->content_length >= 0) {
        p->state = p->content_length ? HFHUB__HP_BODY_LEN : HFHUB__HP_DONE;
    } else {
        p->state = HFHUB__HP_BODY_CLOSE;
        p->keep_alive = 0;
    }
    return HFHUB_OK;
}

static hfhub_result hfhub__hp_chunk_size_line(hfhub__http_parser *p, const char *s, size_t n) {
    uint64_t v = 0;
    size_t i = 0;
    char ex[64];
    for (; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) break;
        v = v * 16 + (uint64_t)d;
        if (v > (uint64_t)HFHUB__HTTP_MAX_BODY_SIZE)
            return hfhub__fail(HFHUB_ERR_TOO_LARGE, "chunk size \"%s\" is beyond the 1 PiB limit",
                               hfhub__hp_excerpt(s, n, ex, sizeof ex));
    }
    if (i == 0) goto bad;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i < n && s[i] != ';') goto bad;
    for (; i < n; i++) /* chunk extensions are ignored, but must be text */
        if (!hfhub__hp_is_text((unsigned char)s[i])) goto bad;
    p->chunk_left = v;
    p->state = v ? HFHUB__HP_CHUNK_DATA : HFHUB__HP_TRAILERS;
    return HFHUB_OK;
bad:
    return hfhub__fail(HFHUB_ERR_PARSE, "malformed chunk size line \"%s\"",
                       hfhub__hp_excerpt(s, n, ex, sizeof ex));
}

/* Trailer fields are validated and counted against the header limits, then dropped. */
static hfhub_result hfhub__hp_trailer_line(hfhub__http_parser *p, char *s, size_t n) {
    char *name, *value;
    hfhub_result r;
    if (n == 0) {
        p->state = HFHUB__HP_DONE;
        return HFHUB_OK;
    }
    if ((r = hfhub__hp_count_field(p, n)) != HFHUB_OK) return r;
    return hfhub__hp_split_field(s, n, &name, &value);
}

static hfhub_result hfhub__hp_line(hfhub__http_parser *p, char *s, size_t n) {
    switch (p->state) {
    case HFHUB__HP_STATUS:
        if (n == 0) { /* tolerate stray empty lines before a status line */
            p->header_bytes += 2;
            return p->header_bytes > HFHUB__HTTP_MAX_HEADER_BYTES
                       ? hfhub__fail(HFHUB_ERR_TOO_LARGE, "too many empty lines before the status line")
                       : HFHUB_OK;
        }
        return hfhub__hp_status_line(p, s, n);
    case HFHUB__HP_HEADERS:
        return n == 0 ? hfhub__hp_headers_end(p) : hfhub__hp_header_line(p, s, n);
    case HFHUB__HP_CHUNK_SIZE:
        return hfhub__hp_chunk_size_line(p, s, n);
    case HFHUB__HP_CHUNK_END:
        if (n) return hfhub__fail(HFHUB_ERR_PARSE, "missing CRLF after chunk data");
        p->state = HFHUB__HP_CHUNK_SIZE;
        return HFHUB_OK;
    default:
        return hfhub__hp_trailer_line(p, s, n);
    }
}

/* Accumulates one line (up to LF) from data; *took is what was used. When the line is
 * complete it is processed, without its CRLF (or bare LF). */
static hfhub_result hfhub__hp_take_line(hfhub__http_parser *p, const char *data, size_t n, size_t *took) {
    const char *lf = (const char *)memchr(data, '\n', n);
    size_t k = lf ? (size_t)(lf - data) + 1 : n, len;
    char *s;
    *took = k;
    if (p->line.len + k > HFHUB__HTTP_MAX_LINE + 2)
        return hfhub__fail(HFHUB_ERR_TOO_LARGE, "response line longer than %d bytes", HFHUB__HTTP_MAX_LINE);
    hfhub__buf_append(&p->line, data, k);
    if (p->line.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory reading response headers");
    if (!lf) return HFHUB_OK;
    s = p->line.data;
    len = p->line.len - 1;
    if (len && s[len - 1] == '\r') len--;
    if (memchr(s, '\r', len) || memchr(s, 0, len)) {
        hfhub__buf_reset(&p->line);
        return hfhub__fail(HFHUB_ERR_PARSE, "stray CR or NUL byte in a response line");
    }
    s[len] = 0;
    p->line.len = 0; /* the bytes stay readable until the next append */
    return hfhub__hp_line(p, s, len);
}

/* Hands k body bytes to the sink. */
static hfhub_result hfhub__hp_body(hfhub__http_parser *p, const char *data, size_t k) {
    p->body_bytes += k;
    if (p->sink && p->sink->on_body && p->sink->on_body(p->sink->user, data, k)) return hfhub__hp_cancelled();
    return HFHUB_OK;
}

static size_t hfhub__hp_min(uint64_t left, size_t avail) { return left < avail ? (size_t)left : avail; }

static hfhub_result hfhub__hp_step(hfhub__http_parser *p, const char *s, size_t n, size_t *k) {
    hfhub_result r;
    switch (p->state) {
    case HFHUB__HP_BODY_CLOSE:
        *k = n;
        return hfhub__hp_body(p, s, n);
    case HFHUB__HP_BODY_LEN:
        *k = hfhub__hp_min((uint64_t)p->content_length - p->body_bytes, n);
        r = hfhub__hp_body(p, s, *k);
        if ((int64_t)p->body_bytes == p->content_length) p->state = HFHUB__HP_DONE;
        return r;
    case HFHUB__HP_CHUNK_DATA:
        *k = hfhub__hp_min(p->chunk_left, n);
        p->chunk_left -= *k;
        r = hfhub__hp_body(p, s, *k);
        if (!p->chunk_left) p->state = HFHUB__HP_CHUNK_END;
        return r;
    default:
        return hfhub__hp_take_line(p, s, n, k);
    }
}

hfhub_result hfhub__http_parser_feed(hfhub__http_parser *p, const void *data, size_t n, size_t *used) {
    const char *s = (const char *)data;
    size_t i = 0;
    *used = 0;
    if (p->state == HFHUB__HP_FAILED) return hfhub__fail(HFHUB_ERR_PARSE, "HTTP parser used after an error");
    while (i < n && p->state != HFHUB__HP_DONE) {
        size_t k = 0;
        hfhub_result r = hfhub__hp_step(p, s + i, n - i, &k);
        i += k;
        p->bytes_in += k;
        if (r != HFHUB_OK) {
            p->state = HFHUB__HP_FAILED;
            *used = i;
            return r;
        }
    }
    *used = i;
    return HFHUB_OK;
}

hfhub_result hfhub__http_parser_eof(hfhub__http_parser *p) {
    switch (p->state) {
    case HFHUB__HP_DONE:
        return HFHUB_OK;
    case HFHUB__HP_BODY_CLOSE:
        p->state = HFHUB__HP_DONE;
        return HFHUB_OK;
    case HFHUB__HP_STATUS:
    case HFHUB__HP_HEADERS:
        return p->bytes_in ? hfhub__fail(HFHUB_ERR_NETWORK, "connection closed in the response headers")
                           : hfhub__fail(HFHUB_ERR_NETWORK, "connection closed before any response");
    case HFHUB__HP_BODY_LEN:
        return hfhub__fail(HFHUB_ERR_NETWORK, "connection closed after %llu of %lld bytes",
                           (unsigned long long)p->body_bytes, (long long)p->content_length);
    case HFHUB__HP_FAILED:
        return hfhub__fail(HFHUB_ERR_PARSE, "HTTP parser used after an error");
    default:
        return hfhub__fail(HFHUB_ERR_NETWORK, "connection closed after %llu bytes of a chunked body",
                           (unsigned long long)p->body_bytes);
    }
}
