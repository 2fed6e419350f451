/* json.h: reading JSON documents (Hub API responses, config files).
 *
 * hfhub_json_parse() reads a whole document (pointer + length; it need not be NUL-terminated)
 * into a tree owned by one hfhub_json_doc: everything it holds goes away with one
 * hfhub_json_free(). The reader is strict RFC 8259:
 *   - UTF-8 only; invalid UTF-8 (overlongs, encoded surrogates, > U+10FFFF, truncated
 *     sequences), a byte order mark and raw control characters in strings are errors.
 *   - Escaped surrogate pairs are combined. A lone surrogate escape (\uD800 without its pair,
 *     or a stray \uDC00) becomes U+FFFD, as Go's encoding/json does: every string in a
 *     document is valid UTF-8, and one odd escape does not lose the whole response.
 *   - Nesting deeper than max_depth (default 512) is an error; the parser never recurses.
 *   - Numbers keep their lexeme, so nothing is lost: an integer that fits int64 is exact,
 *     bigger ones (uint64, 1e400...) are still available as raw text and as a double
 *     (correctly rounded, locale-independent; +-inf when out of range, as Python gives).
 *   - Duplicate object keys are kept in document order; lookups find the first.
 * Errors are HFHUB_ERR_PARSE with the byte offset, line and column in the error detail.
 * Memory: a copy of the input plus 16 bytes per value (8 on 32-bit hosts), and while parsing
 * a stack of at most 1.5 times that: about 3x the input for typical API responses, at most
 * about 21x for the densest possible document ("[0,0,0,...]"), whatever the input. Inputs
 * beyond SIZE_MAX/16 bytes are refused (HFHUB_ERR_TOO_LARGE).
 *
 * Every accessor takes NULL (a missing value) and then answers "absent": type
 * HFHUB_JSON_NONE, length 0, the default given... so lookups chain without checks:
 *     const char *sha = hfhub_json_str(hfhub_json_get(root, "sha"), NULL);
 *     int64_t size = hfhub_json_int(hfhub_json_path(root, "lfs.size"), -1);
 */

typedef enum hfhub_json_type {
    HFHUB_JSON_NONE = 0,     /* no value (a NULL pointer: missing key, index out of range) */
    HFHUB_JSON_NULL,
    HFHUB_JSON_BOOL,
    HFHUB_JSON_NUMBER,
    HFHUB_JSON_STRING,
    HFHUB_JSON_ARRAY,
    HFHUB_JSON_OBJECT
} hfhub_json_type;

typedef struct hfhub_json_doc hfhub_json_doc;
typedef struct hfhub_json_value hfhub_json_value;

#define HFHUB_JSON_DEFAULT_MAX_DEPTH 512

typedef struct hfhub_json_parse_opts {
    size_t max_depth;                  /* 0: HFHUB_JSON_DEFAULT_MAX_DEPTH */
    const hfhub_allocator *allocator;  /* NULL: the HFHUB_MALLOC macros */
} hfhub_json_parse_opts;

/* Parses text[0..len) into *out (NULL on failure). opts may be NULL. */
HFHUB_API hfhub_result hfhub_json_parse(const char *text, size_t len,
                                        const hfhub_json_parse_opts *opts, hfhub_json_doc **out);
HFHUB_API void hfhub_json_free(hfhub_json_doc *doc);
HFHUB_API const hfhub_json_value *hfhub_json_root(const hfhub_json_doc *doc);

HFHUB_API hfhub_json_type hfhub_json_type_of(const hfhub_json_value *v);
HFHUB_API int hfhub_json_is_null(const hfhub_json_value *v);  /* JSON null (not a missing value) */
/* true/false, or dflt when v is not a boolean. */
HFHUB_API int hfhub_json_bool(const hfhub_json_value *v, int dflt);
/* 1 when v is a number written as an integer (no fraction, no exponent) that fits int64. */
HFHUB_API int hfhub_json_is_int(const hfhub_json_value *v);
/* The integer when hfhub_json_is_int(v), else a number with an exactly integral double value in
 * the int64 range (1e3, 2.0), else dflt. */
HFHUB_API int64_t hfhub_json_int(const hfhub_json_value *v, int64_t dflt);
/* 1 and *out set when v is an integer lexeme in 0..UINT64_MAX, else 0. */
HFHUB_API int hfhub_json_uint64(const hfhub_json_value *v, uint64_t *out);
/* Any number as a double (the nearest one; +-inf beyond the range), else dflt. */
HFHUB_API double hfhub_json_double(const hfhub_json_value *v, double dflt);
/* A number's text exactly as in the document (not NUL-terminated), or NULL. */
HFHUB_API const char *hfhub_json_number_raw(const hfhub_json_value *v, size_t *len);
/* A string's bytes, NUL-terminated, or dflt when v is not a string. The string may itself
 * contain NUL bytes (from \u0000): len (may be NULL) gets the full length, 0 on dflt. */
HFHUB_API const char *hfhub_json_str(const hfhub_json_value *v, const char *dflt);
HFHUB_API const char *hfhub_json_strn(const hfhub_json_value *v, size_t *len);
/* The number of items of an array or members of an object; 0 for anything else. */
HFHUB_API size_t hfhub_json_len(const hfhub_json_value *v);
/* Item i of an array, or the value of member i of an object; NULL out of range. */
HFHUB_API const hfhub_json_value *hfhub_json_at(const hfhub_json_value *v, size_t i);
/* The key of member i of an object (NUL-terminated; len may be NULL), or NULL. */
HFHUB_API const char *hfhub_json_key_at(const hfhub_json_value *v, size_t i, size_t *len);
/* The value of the first member named key, or NULL (also when v is not an object). */
HFHUB_API const hfhub_json_value *hfhub_json_get(const hfhub_json_value *v, const char *key);
HFHUB_API const hfhub_json_value *hfhub_json_getn(const hfhub_json_value *v, const char *key,
                                                  size_t key_len);
/* Follows a dot-separated path: each segment is a member name in an object, or a decimal
 * index in an array ("cardData.base_model", "siblings.0.rfilename"). "" is v itself. Keys
 * that contain a dot need hfhub_json_pathv(), which takes the segments as an array. */
HFHUB_API const hfhub_json_value *hfhub_json_path(const hfhub_json_value *v, const char *path);
HFHUB_API const hfhub_json_value *hfhub_json_pathv(const hfhub_json_value *v,
                                                   const char *const *keys, size_t n);
