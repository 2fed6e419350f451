/* cas.c: reconstruction answers -> fetch plans; CAS tokens and queries (spec/xet.md §5). */
#include <stdio.h>
#include <string.h>

#define HFHUB__XET_MAX_TERM_CHUNKS 8192u
#define HFHUB__XET_MAX_RECON_BODY (64u << 20)

void hfhub__xet_plan_free(hfhub__xet_plan *p) {
    hfhub__arena_free(&p->ar);
    memset(p, 0, sizeof *p);
}

/* {"start": a, "end": b} as two u64 values. */
static int hfhub__xetc_range(const hfhub_json_value *v, uint64_t *a, uint64_t *b) {
    return hfhub_json_type_of(v) == HFHUB_JSON_OBJECT && hfhub_json_uint64(hfhub_json_get(v, "start"), a) &&
           hfhub_json_uint64(hfhub_json_get(v, "end"), b);
}

/* Candidate fetch entries of a xorb: v1 fetch_info[x][i] or v2 xorbs[x][i] (single range). */
typedef struct hfhub__xetc_entry {
    const char *url;
    uint64_t cs, ce, bs, be;
} hfhub__xetc_entry;

static hfhub_result hfhub__xetc_entry_read(const hfhub_json_value *e, int v2, hfhub__xetc_entry *out) {
    const hfhub_json_value *chunks, *bytes;
    out->url = hfhub_json_str(hfhub_json_get(e, "url"), NULL);
    if (v2) {
        const hfhub_json_value *ranges = hfhub_json_get(e, "ranges");
        if (hfhub_json_len(ranges) != 1)
            return hfhub__fail(HFHUB_ERR_PARSE, "reconstruction: a v2 fetch entry with %u ranges (one expected)",
                               (unsigned)hfhub_json_len(ranges));
        chunks = hfhub_json_get(hfhub_json_at(ranges, 0), "chunks");
        bytes = hfhub_json_get(hfhub_json_at(ranges, 0), "bytes");
    } else {
        chunks = hfhub_json_get(e, "range");
        bytes = hfhub_json_get(e, "url_range");
    }
    if (!out->url || !*out->url || !hfhub__xetc_range(chunks, &out->cs, &out->ce) ||
        !hfhub__xetc_range(bytes, &out->bs, &out->be) || out->cs >= out->ce ||
        out->ce - out->cs > HFHUB__XET_MAX_TERM_CHUNKS || out->be < out->bs ||
        out->be - out->bs >= (uint64_t)(out->ce - out->cs) * (8 + 2 * HFHUB_XORB_MAX_CHUNK))
        return hfhub__fail(HFHUB_ERR_PARSE, "reconstruction: malformed fetch entry");
    return HFHUB_OK;
}

/* Finds (and on first use creates) the unit covering a term. */
static hfhub_result hfhub__xetc_match(hfhub__xet_plan *p, const hfhub_json_value *fetch, int v2, const char *hex,
                                      hfhub__xet_term *t) {
    const hfhub_json_value *list = hfhub_json_get(fetch, hex);
    size_t i, n = hfhub_json_len(list);
    for (i = 0; i < n; i++) {
        hfhub__xetc_entry e;
        hfhub_result r = hfhub__xetc_entry_read(hfhub_json_at(list, i), v2, &e);
        size_t u;
        if (r) return r;
        if (e.cs > t->start || e.ce < t->end) continue;
        for (u = 0; u < p->n_units; u++) /* the same entry used again: one fetch */
            if (!memcmp(p->units[u].xorb, t->xorb, 32) && p->units[u].start == e.cs && p->units[u].end == e.ce &&
                p->units[u].byte_start == e.bs && !strcmp(p->units[u].url, e.url))
                break;
        if (u == p->n_units) {
            hfhub__xet_unit *un = &p->units[p->n_units++];
            memcpy(un->xorb, t->xorb, 32);
            un->start = (uint32_t)e.cs;
            un->end = (uint32_t)e.ce;
            un->byte_start = e.bs;
            un->byte_end = e.be;
            un->url = hfhub__arena_strdup(&p->ar, e.url);
            if (!un->url) return hfhub__fail(HFHUB_ERR_NOMEM, "reconstruction");
        }
        t->unit = u;
        p->units[u].n_terms++;
        return HFHUB_OK;
    }
    return hfhub__fail(HFHUB_ERR_PARSE, "reconstruction: no fetch entry covers chunks [%u,%u) of xorb %s",
                       (unsigned)t->start, (unsigned)t->end, hex);
}

static hfhub_result hfhub__xetc_terms(hfhub__xet_plan *p, const hfhub_json_value *terms,
                                      const hfhub_json_value *fetch, int v2) {
    size_t i, n = hfhub_json_len(terms);
    hfhub_result r;
    p->terms = (hfhub__xet_term *)hfhub__arena_alloc(&p->ar, (n ? n : 1) * sizeof *p->terms);
    p->units = (hfhub__xet_unit *)hfhub__arena_alloc(&p->ar, (n ? n : 1) * sizeof *p->units);
    if (!p->terms || !p->units) return hfhub__fail(HFHUB_ERR_NOMEM, "reconstruction");
    memset(p->units, 0, (n ? n : 1) * sizeof *p->units);
    for (i = 0; i < n; i++) {
        const hfhub_json_value *tv = hfhub_json_at(terms, i);
        hfhub__xet_term *t = &p->terms[i];
        const char *hex = hfhub_json_str(hfhub_json_get(tv, "hash"), NULL);
        uint64_t s, e, un;
        if (!hex || hfhub_xet_hash_from_hex(hex, t->xorb) || !hfhub__xetc_range(hfhub_json_get(tv, "range"), &s, &e) ||
            s >= e || e - s > HFHUB__XET_MAX_TERM_CHUNKS || e > 0xFFFFFFFFu ||
            !hfhub_json_uint64(hfhub_json_get(tv, "unpacked_length"), &un) || un == 0 ||
            un > (e - s) * HFHUB_XORB_MAX_CHUNK)
            return hfhub__fail(HFHUB_ERR_PARSE, "reconstruction: malformed term %u", (unsigned)i);
        t->start = (uint32_t)s;
        t->end = (uint32_t)e;
        t->unpacked = un;
        t->offset = p->total;
        t->chunk_base = p->n_chunks;
        p->total += un;
        p->n_chunks += e - s;
        if ((r = hfhub__xetc_match(p, fetch, v2, hex, t)) != HFHUB_OK) return r;
    }
    p->n_terms = n;
    return HFHUB_OK;
}

/* Each unit's list of terms, in term order. */
static hfhub_result hfhub__xetc_index(hfhub__xet_plan *p) {
    size_t i;
    for (i = 0; i < p->n_units; i++) {
        p->units[i].terms = (size_t *)hfhub__arena_alloc(&p->ar, p->units[i].n_terms * sizeof(size_t));
        if (!p->units[i].terms) return hfhub__fail(HFHUB_ERR_NOMEM, "reconstruction");
        p->units[i].n_terms = 0;
    }
    for (i = 0; i < p->n_terms; i++) {
        hfhub__xet_unit *u = &p->units[p->terms[i].unit];
        u->terms[u->n_terms++] = i;
    }
    return HFHUB_OK;
}

hfhub_result hfhub__xet_plan_parse(const hfhub_allocator *a, const char *json, size_t len, hfhub__xet_plan *p) {
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *root, *fetch;
    hfhub_json_parse_opts po;
    hfhub_result r;
    int v2 = 0;
    memset(p, 0, sizeof *p);
    hfhub__arena_init(&p->ar, a);
    memset(&po, 0, sizeof po);
    po.allocator = a;
    po.max_depth = 16;
    if ((r = hfhub_json_parse(json, len, &po, &doc)) != HFHUB_OK)
        return hfhub__fail(HFHUB_ERR_PARSE, "reconstruction: %s", hfhub_last_error()->message);
    root = hfhub_json_root(doc);
    fetch = hfhub_json_get(root, "fetch_info");
    if (!fetch && (fetch = hfhub_json_get(root, "xorbs")) != NULL) v2 = 1;
    if (hfhub_json_type_of(root) != HFHUB_JSON_OBJECT ||
        hfhub_json_type_of(hfhub_json_get(root, "terms")) != HFHUB_JSON_ARRAY ||
        hfhub_json_type_of(fetch) != HFHUB_JSON_OBJECT ||
        !hfhub_json_uint64(hfhub_json_get(root, "offset_into_first_range"), &p->skip))
        r = hfhub__fail(HFHUB_ERR_PARSE, "reconstruction: not a reconstruction answer");
    if (!r) r = hfhub__xetc_terms(p, hfhub_json_get(root, "terms"), fetch, v2);
    if (!r) r = hfhub__xetc_index(p);
    if (!r && p->n_terms && p->skip >= p->terms[0].unpacked)
        r = hfhub__fail(HFHUB_ERR_PARSE, "reconstruction: offset_into_first_range %llu is past the first term",
                        (unsigned long long)p->skip);
    hfhub_json_free(doc);
    return r;
}

#ifndef HFHUB_NO_STDIO

/* ---- tokens ---- */

#define HFHUB__XET_TOKEN_SLOTS 16
#define HFHUB__XET_TOKEN_MARGIN_S 30

typedef struct hfhub__xetc_slot {
    char key[1024];        /* refresh URL */
    uint64_t who;          /* hash of the Hub token used */
    hfhub__xet_token tok;
} hfhub__xetc_slot;

static hfhub__xetc_slot hfhub__xetc_slots[HFHUB__XET_TOKEN_SLOTS];
static unsigned hfhub__xetc_next;
static hfhub__mutex hfhub__xetc_mu;
static int hfhub__xetc_mu_ready;

static uint64_t hfhub__xetc_fnv(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void hfhub__xetc_lock(void) {
    /* first use happens before any worker thread of ours exists; callers from several
     * threads at once on a fresh process race only on this flag, as hfhub__once would */
    if (!hfhub__xetc_mu_ready) {
        hfhub__mutex_init(&hfhub__xetc_mu);
        hfhub__xetc_mu_ready = 1;
    }
    hfhub__mutex_lock(&hfhub__xetc_mu);
}

static hfhub_result hfhub__xetc_fetch_token(hfhub_client *c, const char *url, const char *hub_token,
                                            hfhub__xet_token *out) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *root;
    const char *tok, *cas;
    hfhub_result res;
    memset(&r, 0, sizeof r);
    r.url = url;
    r.token = hub_token;
    r.timeout_ms = c->etag_timeout_s * 1000 * 3;
    r.max_retries = 3;
    r.retry_network = 1;
    r.max_body = 1 << 20;
    res = hfhub__client_request(c, &r, &resp);
    if (!res) res = hfhub_json_parse(resp.body.data, resp.body.len, NULL, &doc);
    hfhub__http_response_free(&resp);
    if (res) return res;
    root = hfhub_json_root(doc);
    tok = hfhub_json_str(hfhub_json_get(root, "accessToken"), NULL);
    cas = hfhub_json_str(hfhub_json_get(root, "casUrl"), NULL);
    out->exp = hfhub_json_int(hfhub_json_get(root, "exp"), 0);
    if (!tok || !cas || !*tok || strlen(tok) >= sizeof out->token || strlen(cas) >= sizeof out->cas_url ||
        strncmp(cas, "http", 4))
        res = hfhub__fail(HFHUB_ERR_PARSE, "the Xet token answer of %s has no usable accessToken/casUrl", url);
    else {
        size_t n = strlen(cas);
        strcpy(out->token, tok);
        while (n && cas[n - 1] == '/') n--; /* casUrl + "/v1/..." */
        memcpy(out->cas_url, cas, n);
        out->cas_url[n] = 0;
    }
    hfhub_json_free(doc);
    return res;
}

hfhub_result hfhub__xet_token_get(hfhub_client *c, const char *refresh_url, const char *hub_token, int force,
                                  hfhub__xet_token *out) {
    uint64_t who = hfhub__xetc_fnv(hub_token ? hub_token : c->token);
    int64_t now = hfhub__unix_time();
    unsigned i;
    hfhub_result r;
    if (strlen(refresh_url) >= sizeof hfhub__xetc_slots[0].key)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Xet refresh URL too long");
    hfhub__xetc_lock();
    for (i = 0; i < HFHUB__XET_TOKEN_SLOTS; i++) {
        hfhub__xetc_slot *s = &hfhub__xetc_slots[i];
        if (s->who == who && !strcmp(s->key, refresh_url)) {
            if (!force && s->tok.exp - HFHUB__XET_TOKEN_MARGIN_S > now) {
                *out = s->tok;
                hfhub__mutex_unlock(&hfhub__xetc_mu);
                return HFHUB_OK;
            }
            s->key[0] = 0;
        }
    }
    hfhub__mutex_unlock(&hfhub__xetc_mu);
    if ((r = hfhub__xetc_fetch_token(c, refresh_url, hub_token, out)) != HFHUB_OK) return r;
    hfhub__xetc_lock();
    i = hfhub__xetc_next++ % HFHUB__XET_TOKEN_SLOTS;
    strcpy(hfhub__xetc_slots[i].key, refresh_url);
    hfhub__xetc_slots[i].who = who;
    hfhub__xetc_slots[i].tok = *out;
    hfhub__mutex_unlock(&hfhub__xetc_mu);
    return HFHUB_OK;
}

hfhub_result hfhub__xet_query(hfhub_client *c, const char *refresh_url, const char *hub_token, const char *file_hex,
                              uint64_t lo, uint64_t hi, hfhub__xet_plan *p) {
    hfhub__xet_token tok;
    hfhub__buf url;
    hfhub_header h[1];
    char range[64];
    int attempt;
    hfhub_result r = HFHUB_OK;
    memset(p, 0, sizeof *p);
    hfhub__buf_init(&url, c->a);
    for (attempt = 0; attempt < 2; attempt++) {
        hfhub__req q;
        hfhub__http_response resp;
        if ((r = hfhub__xet_token_get(c, refresh_url, hub_token, attempt > 0, &tok)) != HFHUB_OK) break;
        hfhub__buf_reset(&url);
        hfhub__buf_printf(&url, "%s/v1/reconstructions/%s", tok.cas_url, file_hex);
        if (url.failed) { r = hfhub__fail(HFHUB_ERR_NOMEM, "url"); break; }
        memset(&q, 0, sizeof q);
        q.url = url.data;
        q.token = tok.token;
        q.timeout_ms = c->download_timeout_s * 1000 * 6;
        q.max_retries = 5;
        q.retry_network = 1;
        q.max_body = HFHUB__XET_MAX_RECON_BODY;
        if (lo > 0 || hi != UINT64_MAX) {
            if (hi == UINT64_MAX) snprintf(range, sizeof range, "bytes=%llu-", (unsigned long long)lo);
            else snprintf(range, sizeof range, "bytes=%llu-%llu", (unsigned long long)lo, (unsigned long long)hi);
            h[0].name = "Range";
            h[0].value = range;
            q.headers = h;
            q.n_headers = 1;
        }
        r = hfhub__client_request(c, &q, &resp);
        if (!r) {
            hfhub__xet_plan_free(p);
            r = hfhub__xet_plan_parse(c->a, resp.body.data, resp.body.len, p);
        }
        hfhub__http_response_free(&resp);
        if (r != HFHUB_ERR_UNAUTHORIZED) break; /* 401: the CAS token expired; refresh it once */
    }
    hfhub__buf_free(&url);
    return r;
}

#endif /* HFHUB_NO_STDIO */

#undef HFHUB__XET_MAX_TERM_CHUNKS
#undef HFHUB__XET_MAX_RECON_BODY
#undef HFHUB__XET_TOKEN_SLOTS
#undef HFHUB__XET_TOKEN_MARGIN_S
