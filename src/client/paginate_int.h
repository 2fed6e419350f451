/* paginate_int.h: Link headers and paginated JSON listings (library-internal). */

/* Appends to out the URL of the first `Link` entry whose rel is `rel` ("next", "xet-auth"...).
 * Nothing is appended when there is none. */
HFHUB__API void hfhub__link_rel(const char *link, const char *rel, hfhub__buf *out);

/* Called with each page (a parsed JSON value, valid during the call); nonzero stops the
 * listing, which then returns that value as its result (record the detail with hfhub__fail). */
typedef hfhub_result (*hfhub__page_fn)(void *user, const hfhub_json_value *page);

/* Python's paginate(): GET url, then each `Link: <...>; rel="next"` page, with retries and
 * backoff on the pages after the first one (as Python does). token: a per-call token, or
 * NULL for the client's. */
HFHUB__API hfhub_result hfhub__client_paginate(hfhub_client *c, const char *url, const char *token, hfhub__page_fn fn,
                                              void *user);
