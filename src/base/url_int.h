/* url_int.h: URLs (RFC 3986) and Python urllib.parse-compatible quoting (library-internal).
 *
 * Output goes to an hfhub__buf (appended; check buf.failed once at the end). Byte strings
 * are taken as given: UTF-8 text is quoted byte by byte, as Python quotes str.encode('utf-8'). */

/* An absolute http:// or https:// URL, split. Strings live in the arena given to parse. */
typedef struct hfhub__url {
    const char *scheme;   /* "http" or "https" (lower-cased) */
    const char *userinfo; /* "user:password" as written (percent-encoded), NULL when absent */
    const char *host;     /* lower-cased; an IPv6 literal without its brackets */
    int ipv6;             /* host was a bracketed IPv6 literal */
    int port;             /* the explicit port, else 80 (http) / 443 (https) */
    const char *path;     /* as written, "/" when empty; bytes >= 0x80 and spaces %-encoded */
    const char *query;    /* after '?', NULL when absent (same encoding rule as path) */
    const char *fragment; /* after '#', NULL when absent (same encoding rule as path) */
} hfhub__url;

/* Parses an absolute http(s) URL. HFHUB_ERR_PARSE for malformed input (no "//" authority, an
 * empty or invalid host, a bad port, control characters); HFHUB_ERR_UNSUPPORTED for another
 * scheme; HFHUB_ERR_NOMEM when the arena cannot grow. */
HFHUB__API hfhub_result hfhub__url_parse(hfhub__arena *ar, const char *s, hfhub__url *u);
/* Appends scheme://[userinfo@]host[:port]path[?query][#fragment]; the port only when it is
 * not the scheme's default. */
HFHUB__API void hfhub__url_build(hfhub__buf *out, const hfhub__url *u);
/* The Host header value: host (IPv6 in brackets), ":port" when not the default. */
HFHUB__API void hfhub__url_host_header(hfhub__buf *out, const hfhub__url *u);
/* The request target: path, then "?query" when there is a query. */
HFHUB__API void hfhub__url_target(hfhub__buf *out, const hfhub__url *u);

/* Resolves the reference ref (e.g. a relative Location header) against the absolute URI
 * base per RFC 3986 §5.2 (strict: a scheme in ref always wins; dot segments removed) and
 * appends the result. HFHUB_ERR_PARSE when base has no scheme. Works for any scheme. */
HFHUB__API hfhub_result hfhub__url_resolve(hfhub__buf *out, const char *base, const char *ref);

/* Python urllib.parse.quote(s, safe): bytes in A-Z a-z 0-9 "_.-~" and the ASCII bytes of
 * safe stay, all others become %XX (upper-case hex). The Hub: revisions and path parameters
 * with safe "", file paths with safe "/" (Python's default). */
HFHUB__API void hfhub__url_quote(hfhub__buf *out, const char *s, size_t n, const char *safe);
/* Python quote_plus(s, safe): as quote, but a space becomes '+'. */
HFHUB__API void hfhub__url_quote_plus(hfhub__buf *out, const char *s, size_t n, const char *safe);
/* Python unquote(s): %XX sequences become bytes; a '%' not followed by two hex digits stays.
 * Decoded bytes that are not valid UTF-8 become U+FFFD as Python's errors="replace" does. */
HFHUB__API void hfhub__url_unquote(hfhub__buf *out, const char *s, size_t n);
/* Python unquote_to_bytes(s): the raw bytes, no UTF-8 check. */
HFHUB__API void hfhub__url_unquote_to_bytes(hfhub__buf *out, const char *s, size_t n);
/* Python urlencode(pairs): kv holds n_pairs key/value pairs (kv[2i], kv[2i+1]), each
 * quote_plus'ed with safe "" and joined as k=v&k=v. A repeated key is a repeated pair. */
HFHUB__API void hfhub__url_urlencode(hfhub__buf *out, const char *const *kv, size_t n_pairs);

/* Whether host (an IPv6 literal with or without brackets) on port bypasses the proxy under
 * the NO_PROXY value no_proxy (NULL or "" bypasses nothing). The rule, the common ground of
 * curl and Python's urllib: comma-separated entries, surrounding blanks ignored, matched
 * case-insensitively; "*" bypasses every host; leading dots are ignored and an entry matches
 * the host itself and every subdomain ("example.com" and ".example.com" both match
 * "example.com" and "a.example.com", not "badexample.com"); "host:port" (or "[v6]:port")
 * matches that port only; IPv6 entries may be bracketed or bare. Addresses match literally:
 * CIDR ranges are not supported (an entry with '/' matches nothing). */
HFHUB__API int hfhub__url_no_proxy_match(const char *no_proxy, const char *host, int port);
