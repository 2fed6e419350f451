/* parser_int.h: an incremental HTTP/1.1 response parser (library-internal).
 *
 * Fed the bytes of a connection in slices of any size, it reports the final response to a
 * sink: on_status, then on_header for each header, then on_body with the decoded body
 * (chunked framing removed) as slices of the input, never copied. 1xx interim responses
 * are skipped. Memory: one line buffer bounded by HFHUB__HTTP_MAX_LINE, whatever the body
 * size. A response split at any byte boundary parses identically. */

#define HFHUB__HTTP_MAX_LINE (64 * 1024)          /* one status, header or chunk-size line */
#define HFHUB__HTTP_MAX_HEADER_BYTES (256 * 1024) /* all header lines of a response */
#define HFHUB__HTTP_MAX_HEADERS 256               /* header lines of a response */
#define HFHUB__HTTP_MAX_INTERIM 16                /* 1xx responses before the final one */
#define HFHUB__HTTP_MAX_BODY_SIZE ((int64_t)1 << 50) /* Content-Length or chunk size: 1 PiB */

/* Flags for hfhub__http_parser_init. */
#define HFHUB__HTTP_PARSE_HEAD 1    /* the request was HEAD: no body, whatever the headers say */
#define HFHUB__HTTP_PARSE_CONNECT 2 /* the request was CONNECT: a 2xx ends with its headers */

typedef struct hfhub__http_parser {
    const hfhub_http_sink *sink; /* may be NULL: the response is parsed and dropped */
    int flags;
    int state;
    /* Known once the final response's headers are in (status as soon as its line is). */
    int status;
    int http_minor;              /* 0: HTTP/1.0, 1: HTTP/1.1 */
    int keep_alive;              /* the connection may carry another request afterwards */
    int chunked;
    int64_t content_length;      /* -1: not given */
    uint64_t body_bytes;         /* decoded body bytes delivered so far */
    uint64_t bytes_in;           /* every byte consumed, 1xx responses included */
    /* Internal. */
    uint64_t chunk_left;
    size_t header_bytes;
    int n_headers, n_interim;
    int conn_close, conn_keep_alive, te_seen;
    hfhub__buf line;
} hfhub__http_parser;

HFHUB__API void hfhub__http_parser_init(hfhub__http_parser *p, int flags, const hfhub_http_sink *sink,
                                       const hfhub_allocator *a);
HFHUB__API void hfhub__http_parser_free(hfhub__http_parser *p);
/* Consumes up to n bytes and sets *used to the number consumed: n, or less when the response
 * ended inside the slice (the rest is not part of it). Errors: HFHUB_ERR_PARSE (malformed),
 * HFHUB_ERR_TOO_LARGE (a limit above), HFHUB_ERR_CANCELLED (a sink callback returned
 * nonzero), HFHUB_ERR_NOMEM. After an error the parser only returns errors. */
HFHUB__API hfhub_result hfhub__http_parser_feed(hfhub__http_parser *p, const void *data, size_t n,
                                               size_t *used);
/* The peer closed the connection: completes a read-until-close body (HFHUB_OK); anywhere
 * else the response is incomplete: HFHUB_ERR_NETWORK ("connection closed after N of M
 * bytes", ...). With bytes_in == 0 nothing at all was received. */
HFHUB__API hfhub_result hfhub__http_parser_eof(hfhub__http_parser *p);
/* 1 once the whole response was parsed. */
HFHUB__API int hfhub__http_parser_done(const hfhub__http_parser *p);
