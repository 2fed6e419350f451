/* mock.c: the in-memory transport. Script and records live in one arena. */
#include <string.h>

/* A recorded request body beyond this is refused (the test is probably wrong). */
#define HFHUB__MOCK_MAX_BODY ((size_t)256 << 20)

typedef struct hfhub__mock_entry {
    struct hfhub__mock_entry *next;
    char *method, *url;
    int status;
    hfhub_header *headers;
    size_t n_headers;
    char *body;
    size_t body_len, split, error_after;
    hfhub_result error;
    int left;                /* uses left; -1: unlimited */
} hfhub__mock_entry;

struct hfhub_mock {
    const hfhub_allocator *a;
    hfhub__mutex mu;
    hfhub__arena arena;
    hfhub__mock_entry *head, *tail;
    hfhub_mock_request **reqs;
    size_t n_reqs, cap_reqs;
};

static int hfhub__mock_ieq(const char *a, const char *b) {
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y) return 0;
        if (!x) return 1;
    }
}

hfhub_result hfhub_mock_new(const hfhub_allocator *a, hfhub_mock **out) {
    hfhub_mock *m;
    if (!out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_mock_new: out is NULL");
    *out = NULL;
    m = (hfhub_mock *)hfhub__alloc(a, sizeof *m);
    if (!m) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(m, 0, sizeof *m);
    m->a = a;
    if (hfhub__mutex_init(&m->mu)) {
        hfhub__free(a, m, sizeof *m);
        return hfhub__fail(HFHUB_ERR_NOMEM, "cannot create a mutex");
    }
    hfhub__arena_init(&m->arena, a);
    *out = m;
    return HFHUB_OK;
}

void hfhub_mock_reset(hfhub_mock *m) {
    if (!m) return;
    hfhub__mutex_lock(&m->mu);
    hfhub__arena_free(&m->arena);
    hfhub__arena_init(&m->arena, m->a);
    m->head = m->tail = NULL;
    m->reqs = NULL;
    m->n_reqs = m->cap_reqs = 0;
    hfhub__mutex_unlock(&m->mu);
}

void hfhub_mock_free(hfhub_mock *m) {
    if (!m) return;
    hfhub__arena_free(&m->arena);
    hfhub__mutex_destroy(&m->mu);
    hfhub__free(m->a, m, sizeof *m);
}

/* Parses "Name: value" lines into the entry (called with the lock held). */
static hfhub_result hfhub__mock_parse_headers(hfhub_mock *m, hfhub__mock_entry *e, const char *s) {
    size_t n = 0, cap = 0;
    const char *p;
    for (p = s; *p; p++) cap += *p == '\n';
    cap++;
    e->headers = (hfhub_header *)hfhub__arena_alloc(&m->arena, cap * sizeof *e->headers);
    if (!e->headers) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    while (*s) {
        size_t len = strcspn(s, "\n"), name_len, vs, ve;
        const char *colon = (const char *)memchr(s, ':', len);
        ve = len;
        while (ve && (s[ve - 1] == '\r' || s[ve - 1] == ' ' || s[ve - 1] == '\t')) ve--;
        if (ve) {
            if (!colon || colon == s)
                return hfhub__fail(HFHUB_ERR_INVALID_ARG, "mock header line without a name: %.*s",
                                   (int)ve, s);
            name_len = (size_t)(colon - s);
            vs = name_len + 1;
            while (vs < ve && (s[vs] == ' ' || s[vs] == '\t')) vs++;
            e->headers[n].name = hfhub__arena_strndup(&m->arena, s, name_len);
            e->headers[n].value = hfhub__arena_strndup(&m->arena, s + vs, ve > vs ? ve - vs : 0);
            if (!e->headers[n].name || !e->headers[n].value) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
            n++;
        }
        s += len;
        if (*s) s++;
    }
    e->n_headers = n;
    return HFHUB_OK;
}

static hfhub_result hfhub__mock_fill(hfhub_mock *m, hfhub__mock_entry *e, const hfhub_mock_response *r) {
    size_t blen = r->body ? (r->body_len ? r->body_len : strlen((const char *)r->body)) : 0;
    memset(e, 0, sizeof *e);
    e->method = r->method && *r->method ? hfhub__arena_strdup(&m->arena, r->method) : NULL;
    e->url = r->url ? hfhub__arena_strdup(&m->arena, r->url) : NULL;
    e->body = (char *)hfhub__arena_alloc(&m->arena, blen + 1);
    if ((r->method && *r->method && !e->method) || (r->url && !e->url) || !e->body)
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (blen) memcpy(e->body, r->body, blen);
    e->body_len = blen;
    e->status = r->status ? r->status : 200;
    e->split = r->split;
    e->error = r->error;
    e->error_after = r->error_after;
    e->left = r->times == 0 ? 1 : r->times;
    if (r->error && !r->status) e->status = 0;
    return r->headers ? hfhub__mock_parse_headers(m, e, r->headers) : HFHUB_OK;
}

hfhub_result hfhub_mock_add(hfhub_mock *m, const hfhub_mock_response *r) {
    hfhub__mock_entry *e;
    hfhub_result res;
    if (!m || !r) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_mock_add: NULL argument");
    if (r->times < -1) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_mock_add: bad times");
    if (r->error > 0) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_mock_add: error must be negative");
    hfhub__mutex_lock(&m->mu);
    e = (hfhub__mock_entry *)hfhub__arena_alloc(&m->arena, sizeof *e);
    res = e ? hfhub__mock_fill(m, e, r) : hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    if (!res) {
        if (m->tail) m->tail->next = e;
        else m->head = e;
        m->tail = e;
    }
    hfhub__mutex_unlock(&m->mu);
    return res;
}

hfhub_result hfhub_mock_add_simple(hfhub_mock *m, const char *url, int status, const char *headers,
                                   const char *body) {
    hfhub_mock_response r;
    memset(&r, 0, sizeof r);
    r.url = url;
    r.status = status;
    r.headers = headers;
    r.body = body;
    return hfhub_mock_add(m, &r);
}

static int hfhub__mock_matches(const hfhub__mock_entry *e, const hfhub_http_request *req) {
    if (e->left == 0) return 0;
    if (e->method && !hfhub__mock_ieq(e->method, req->method)) return 0;
    if (e->url) {
        size_t n = strlen(e->url);
        if (n && e->url[n - 1] == '*') return strncmp(e->url, req->url, n - 1) == 0;
        return strcmp(e->url, req->url) == 0;
    }
    return 1;
}

/* Reads the request body (buffer or reader) into b. */
static hfhub_result hfhub__mock_read_body(const hfhub_http_request *req, hfhub__buf *b) {
    if (!req->body_read) {
        if (req->body_len) hfhub__buf_append(b, req->body, req->body_len);
        return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "out of memory") : HFHUB_OK;
    }
    for (;;) {
        size_t got;
        if (hfhub__buf_reserve(b, 16384)) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        got = req->body_read(req->body_user, b->data + b->len, 16384);
        if (got == HFHUB_READ_ERROR) return hfhub__fail(HFHUB_ERR_IO, "request body reader failed");
        if (got == 0) break;
        if (got > 16384) return hfhub__fail(HFHUB_ERR_IO, "request body reader overran its buffer");
        b->len += got;
        b->data[b->len] = 0;
        if (b->len > HFHUB__MOCK_MAX_BODY) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "mock: request body too large");
    }
    if (req->body_size >= 0 && (uint64_t)req->body_size != (uint64_t)b->len)
        return hfhub__fail(HFHUB_ERR_IO, "request body: reader gave %lu bytes, declared %ld",
                           (unsigned long)b->len, (long)req->body_size);
    return HFHUB_OK;
}

static hfhub_header *hfhub__mock_copy_headers(hfhub__arena *ar, const hfhub_http_request *req) {
    size_t i;
    hfhub_header *h = (hfhub_header *)hfhub__arena_alloc(ar, (req->n_headers + 1) * sizeof *h);
    if (!h) return NULL;
    for (i = 0; i < req->n_headers; i++) {
        h[i].name = hfhub__arena_strdup(ar, req->headers[i].name ? req->headers[i].name : "");
        h[i].value = hfhub__arena_strdup(ar, req->headers[i].value ? req->headers[i].value : "");
        if (!h[i].name || !h[i].value) return NULL;
    }
    return h;
}

/* Records the request and picks its response (with the lock held). */
static hfhub_result hfhub__mock_record(hfhub_mock *m, const hfhub_http_request *req, const hfhub__buf *body,
                                       hfhub__mock_entry **found) {
    hfhub_mock_request *rec;
    hfhub__mock_entry *e;
    if (m->n_reqs == m->cap_reqs) {
        size_t cap = m->cap_reqs ? m->cap_reqs * 2 : 16;
        hfhub_mock_request **nr = (hfhub_mock_request **)hfhub__arena_alloc(&m->arena, cap * sizeof *nr);
        if (!nr) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
        if (m->n_reqs) memcpy(nr, m->reqs, m->n_reqs * sizeof *nr);
        m->reqs = nr;
        m->cap_reqs = cap;
    }
    rec = (hfhub_mock_request *)hfhub__arena_alloc(&m->arena, sizeof *rec);
    if (!rec) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(rec, 0, sizeof *rec);
    rec->method = hfhub__arena_strdup(&m->arena, req->method);
    rec->url = hfhub__arena_strdup(&m->arena, req->url);
    rec->headers = hfhub__mock_copy_headers(&m->arena, req);
    rec->n_headers = req->n_headers;
    rec->body = hfhub__arena_strndup(&m->arena, body->data ? body->data : "", body->len);
    rec->body_len = body->len;
    rec->body_streamed = req->body_read != NULL;
    rec->body_size = req->body_read ? req->body_size : (int64_t)req->body_len;
    rec->proxy = req->proxy ? hfhub__arena_strdup(&m->arena, req->proxy) : NULL;
    rec->connect_timeout_ms = req->connect_timeout_ms;
    rec->read_timeout_ms = req->read_timeout_ms;
    rec->total_timeout_ms = req->total_timeout_ms;
    if (!rec->method || !rec->url || !rec->headers || !rec->body || (req->proxy && !rec->proxy))
        return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    m->reqs[m->n_reqs++] = rec;
    for (e = m->head; e; e = e->next) {
        if (!hfhub__mock_matches(e, req)) continue;
        if (e->left > 0) e->left--;
        *found = e;
        return HFHUB_OK;
    }
    return hfhub__fail(HFHUB_ERR_NETWORK, "mock: no response scripted for %s %s", req->method, req->url);
}

/* Streams the scripted response into the sink. The entry is immutable once added. */
static hfhub_result hfhub__mock_respond(const hfhub__mock_entry *e, const hfhub_http_request *req,
                                        const hfhub_http_sink *sink) {
    size_t i, off = 0, end = e->body_len;
    if (e->error && e->status == 0) return hfhub__fail(e->error, "mock: scripted failure");
    if (sink->on_status && sink->on_status(sink->user, e->status))
        return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled");
    for (i = 0; i < e->n_headers; i++)
        if (sink->on_header && sink->on_header(sink->user, e->headers[i].name, e->headers[i].value))
            return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled");
    if (hfhub__mock_ieq(req->method, "HEAD")) end = 0;
    if (e->error && e->error_after < end) end = e->error_after;
    while (off < end) {
        size_t n = end - off;
        if (e->split && n > e->split) n = e->split;
        if (sink->on_body && sink->on_body(sink->user, e->body + off, n))
            return hfhub__fail(HFHUB_ERR_CANCELLED, "cancelled");
        off += n;
    }
    if (e->error) return hfhub__fail(e->error, "mock: scripted failure after %lu body bytes",
                                     (unsigned long)end);
    return HFHUB_OK;
}

static hfhub_result hfhub__mock_perform(void *ctx, const hfhub_http_request *req,
                                        const hfhub_http_sink *sink) {
    hfhub_mock *m = (hfhub_mock *)ctx;
    hfhub__mock_entry *e = NULL;
    hfhub__buf body;
    hfhub_result r;
    if (!m || !req || !req->method || !req->url || !sink)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "mock: bad request");
    hfhub__buf_init(&body, m->a);
    r = hfhub__mock_read_body(req, &body);
    if (r) {
        hfhub__buf_free(&body);
        return r;
    }
    hfhub__mutex_lock(&m->mu);
    r = hfhub__mock_record(m, req, &body, &e);
    hfhub__mutex_unlock(&m->mu);
    hfhub__buf_free(&body);
    return r ? r : hfhub__mock_respond(e, req, sink);
}

hfhub_transport hfhub_mock_transport(hfhub_mock *m) {
    hfhub_transport t;
    t.ctx = m;
    t.perform = hfhub__mock_perform;
    t.destroy = NULL;
    return t;
}

size_t hfhub_mock_count(const hfhub_mock *m) {
    size_t n;
    if (!m) return 0;
    hfhub__mutex_lock((hfhub__mutex *)&m->mu);
    n = m->n_reqs;
    hfhub__mutex_unlock((hfhub__mutex *)&m->mu);
    return n;
}

const hfhub_mock_request *hfhub_mock_request_at(const hfhub_mock *m, size_t i) {
    const hfhub_mock_request *r = NULL;
    if (!m) return NULL;
    hfhub__mutex_lock((hfhub__mutex *)&m->mu);
    if (i < m->n_reqs) r = m->reqs[i];
    hfhub__mutex_unlock((hfhub__mutex *)&m->mu);
    return r;
}

const char *hfhub_mock_request_header(const hfhub_mock_request *r, const char *name) {
    size_t i;
    for (i = 0; r && name && i < r->n_headers; i++)
        if (hfhub__mock_ieq(r->headers[i].name, name)) return r->headers[i].value;
    return NULL;
}

size_t hfhub_mock_pending(const hfhub_mock *m) {
    size_t n = 0;
    const hfhub__mock_entry *e;
    if (!m) return 0;
    hfhub__mutex_lock((hfhub__mutex *)&m->mu);
    for (e = m->head; e; e = e->next) n += e->left > 0;
    hfhub__mutex_unlock((hfhub__mutex *)&m->mu);
    return n;
}

#undef HFHUB__MOCK_MAX_BODY
