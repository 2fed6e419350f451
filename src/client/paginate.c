/* paginate.c: Link headers and paginated JSON listings. */
#include <string.h>

/* Whether the parameters of one Link entry (text after '>', up to the next entry) say
 * rel="<rel>" (or rel=<rel>, or a space-separated list containing it). */
static int hfhub__link_has_rel(const char *p, const char *end, const char *rel) {
    size_t n = strlen(rel);
    while (p < end && (p = strstr(p, "rel=")) != NULL && p < end) {
        const char *v = p + 4, *stop;
        int quoted = *v == '"';
        if (quoted) v++;
        stop = v;
        while (stop < end && *stop != (quoted ? '"' : ';') && *stop != ',') stop++;
        while (v < stop) { /* space-separated relation types */
            const char *w = v;
            while (w < stop && *w != ' ') w++;
            if ((size_t)(w - v) == n && !strncmp(v, rel, n)) return 1;
            v = w + 1;
        }
        p = stop;
    }
    return 0;
}

void hfhub__link_rel(const char *link, const char *rel, hfhub__buf *out) {
    const char *p = link;
    while (p && *p) {
        const char *lt = strchr(p, '<'), *gt, *end;
        if (!lt || !(gt = strchr(lt, '>'))) return;
        end = strchr(gt, '<'); /* the next entry starts at its '<' */
        if (!end) end = gt + strlen(gt);
        if (hfhub__link_has_rel(gt, end, rel)) {
            hfhub__buf_append(out, lt + 1, (size_t)(gt - lt - 1));
            return;
        }
        p = end;
    }
}

hfhub_result hfhub__client_paginate(hfhub_client *c, const char *url, const char *token, hfhub__page_fn fn,
                                    void *user) {
    hfhub__buf cur, next;
    hfhub_result res = HFHUB_OK;
    int page;
    hfhub__buf_init(&cur, c->a);
    hfhub__buf_init(&next, c->a);
    hfhub__buf_puts(&cur, url);
    for (page = 0; !res && cur.len; page++) {
        hfhub__req r;
        hfhub__http_response resp;
        hfhub_json_doc *doc = NULL;
        hfhub_json_parse_opts po;
        memset(&r, 0, sizeof r);
        r.url = cur.data;
        r.token = token;
        if (page > 0) { /* Python retries the next pages (http_backoff), not the first */
            r.max_retries = 5;
            r.retry_network = 1;
        }
        res = hfhub__client_request(c, &r, &resp);
        if (!res) {
            memset(&po, 0, sizeof po);
            po.allocator = c->a;
            res = hfhub_json_parse(resp.body.data ? resp.body.data : "", resp.body.len, &po, &doc);
        }
        hfhub__buf_reset(&next);
        if (!res) hfhub__link_rel(hfhub__http_header(&resp, "Link"), "next", &next);
        hfhub__http_response_free(&resp);
        if (!res) res = fn(user, hfhub_json_root(doc));
        hfhub_json_free(doc);
        if (!res && next.failed) res = hfhub__fail(HFHUB_ERR_NOMEM, "pagination");
        hfhub__buf_reset(&cur);
        if (!res && next.len) hfhub__buf_append(&cur, next.data, next.len);
    }
    hfhub__buf_free(&cur);
    hfhub__buf_free(&next);
    return res;
}
