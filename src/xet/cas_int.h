/* cas_int.h: the Xet CAS client pieces (library-internal): reconstruction answers parsed
 * into a fetch plan, CAS tokens cached per refresh URL, CAS requests. spec/xet.md §5-§6. */

/* One term of a reconstruction: chunks [start, end) of a xorb, fetched by `unit`. */
typedef struct hfhub__xet_term {
    uint8_t xorb[32];
    uint32_t start, end;
    uint64_t unpacked;     /* unpacked_length: the bytes the term decodes to */
    uint64_t offset;       /* where the term starts in the decoded stream (before the skip) */
    uint64_t chunk_base;   /* index of its first chunk among all the plan's term chunks */
    size_t unit;
} hfhub__xet_term;

/* One presigned range: chunks [start, end) of a xorb, bytes [byte_start, byte_end] (inclusive). */
typedef struct hfhub__xet_unit {
    uint8_t xorb[32];
    uint32_t start, end;
    uint64_t byte_start, byte_end;
    const char *url;
    size_t *terms;         /* the terms this range serves, in order */
    size_t n_terms;
} hfhub__xet_unit;

/* A parsed reconstruction (v1 fetch_info, or v2 entries with one range each). Only the units
 * some term uses are kept, each once, so a range fetched serves all its terms. */
typedef struct hfhub__xet_plan {
    hfhub__arena ar;
    uint64_t skip;         /* offset_into_first_range */
    uint64_t total;        /* sum of unpacked lengths */
    uint64_t n_chunks;     /* sum of term chunk counts */
    hfhub__xet_term *terms;
    size_t n_terms;
    hfhub__xet_unit *units;
    size_t n_units;
} hfhub__xet_plan;

/* Parses a reconstruction JSON answer; every term must be covered by a fetch entry, ranges
 * must be sane (HFHUB_ERR_PARSE otherwise). Free with hfhub__xet_plan_free (also on error). */
HFHUB__API hfhub_result hfhub__xet_plan_parse(const hfhub_allocator *a, const char *json, size_t len,
                                             hfhub__xet_plan *p);
HFHUB__API void hfhub__xet_plan_free(hfhub__xet_plan *p);

#ifndef HFHUB_NO_STDIO
/* A CAS access token. */
typedef struct hfhub__xet_token {
    char cas_url[1024];
    char token[4096];
    int64_t exp;           /* unix seconds */
} hfhub__xet_token;

/* The token of a refresh route (xet-read-token / xet-write-token URL), from the process-wide
 * cache unless it expires within 30 s or `force` (after a 401). hub_token: the Hub token for
 * the refresh call (NULL: the client's). */
HFHUB__API hfhub_result hfhub__xet_token_get(hfhub_client *c, const char *refresh_url, const char *hub_token,
                                            int force, hfhub__xet_token *out);
/* GET {cas}/v1/reconstructions/{file_hex} for bytes [lo, hi] (inclusive; hi = UINT64_MAX: to
 * the end), refreshing the token once on 401. */
HFHUB__API hfhub_result hfhub__xet_query(hfhub_client *c, const char *refresh_url, const char *hub_token,
                                        const char *file_hex, uint64_t lo, uint64_t hi, hfhub__xet_plan *p);
#endif
