/* json_int.h: parsing into an arena, the streaming JSON writer, number text (internal).
 *
 * Writes into an hfhub__buf; commas and separators are automatic, output is deterministic.
 * Strings are written like Python's json.dumps(ensure_ascii=False): UTF-8 kept as is, `"` and
 * `\` escaped, \b \f \n \r \t short forms, other control characters as \u00XX (lowercase
 * hex); a string that is not valid UTF-8 is an error (HFHUB_ERR_INVALID_ARG), so the output
 * is always valid JSON. Doubles are written as Python's repr() does (shortest of 15/16/17
 * significant digits that reads back to the same double; "1.0", "1e-05", "1e+16"); NaN and
 * infinities are errors. Errors are sticky: the first one stops all output and is returned
 * by hfhub__jw_result(), so a payload is built with plain calls and checked once. */

/* Separators: compact "," and ":" (Hub payloads, commit NDJSON) or Python's json.dumps
 * defaults ", " and ": ". */
#define HFHUB__JW_COMPACT 0
#define HFHUB__JW_PYTHON 1

#define HFHUB__JW_MAX_DEPTH 1024

typedef struct hfhub__jw {
    hfhub__buf *out;
    int style;
    int need_comma;          /* a value was written at this level */
    int after_key;           /* a key was written, its value is next */
    size_t depth;
    hfhub_result err;
    unsigned char is_object[HFHUB__JW_MAX_DEPTH / 8]; /* one bit per open level */
} hfhub__jw;

/* Starts one document, appended to out (never cleared): for NDJSON, init again per line. */
HFHUB__API void hfhub__jw_init(hfhub__jw *w, hfhub__buf *out, int style);
/* HFHUB_OK, or the first error (also when the buffer ran out of memory or containers are
 * still open). */
HFHUB__API hfhub_result hfhub__jw_result(const hfhub__jw *w);
HFHUB__API void hfhub__jw_begin_object(hfhub__jw *w);
HFHUB__API void hfhub__jw_end_object(hfhub__jw *w);
HFHUB__API void hfhub__jw_begin_array(hfhub__jw *w);
HFHUB__API void hfhub__jw_end_array(hfhub__jw *w);
HFHUB__API void hfhub__jw_key(hfhub__jw *w, const char *key);
HFHUB__API void hfhub__jw_keyn(hfhub__jw *w, const char *key, size_t len);
HFHUB__API void hfhub__jw_string(hfhub__jw *w, const char *s); /* NULL writes null */
HFHUB__API void hfhub__jw_stringn(hfhub__jw *w, const char *s, size_t len);
HFHUB__API void hfhub__jw_int(hfhub__jw *w, int64_t v);
HFHUB__API void hfhub__jw_uint(hfhub__jw *w, uint64_t v);
HFHUB__API void hfhub__jw_double(hfhub__jw *w, double v);
HFHUB__API void hfhub__jw_bool(hfhub__jw *w, int v);
HFHUB__API void hfhub__jw_null(hfhub__jw *w);
/* Inserts already-encoded JSON text as one value (not checked). */
HFHUB__API void hfhub__jw_raw(hfhub__jw *w, const char *json, size_t len);
/* Writes a parsed value (numbers by their original text, so a round trip is exact). */
HFHUB__API void hfhub__jw_value(hfhub__jw *w, const hfhub_json_value *v);
/* Shorthands for one object member. */
HFHUB__API void hfhub__jw_kv_string(hfhub__jw *w, const char *key, const char *s);
HFHUB__API void hfhub__jw_kv_int(hfhub__jw *w, const char *key, int64_t v);
HFHUB__API void hfhub__jw_kv_bool(hfhub__jw *w, const char *key, int v);

/* Parses into a caller's arena (same rules as hfhub_json_parse; max_depth 0 is the default):
 * a result struct can point into the document and be released with its arena in one free.
 * On failure the arena may hold some of the memory until it is freed. */
HFHUB__API hfhub_result hfhub__json_parse_in(hfhub__arena *ar, const char *text, size_t len,
                                             size_t max_depth, const hfhub_json_value **root);

/* Formats a finite double like Python's repr() into out (at least 32 bytes); returns the
 * length, or 0 for NaN/infinity (or when the C library's printf lacks %e, as newlib-nano
 * does unless linked with -u _printf_float). */
HFHUB__API size_t hfhub__json_format_double(double v, char *out);
/* Reads a JSON number lexeme (already validated) as the nearest double, independent of the
 * C locale. */
HFHUB__API double hfhub__json_lexeme_to_double(const char *s, size_t len);
