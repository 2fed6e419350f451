/* download.c: hf_hub_download: the metadata call, the cache algorithm of spec/hub-api.md §2.3,
 * and streaming a file into a verified blob. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

#define HFHUB__DL_ERR_BODY_MAX 65536
#define HFHUB__DL_MAX_RESUMES 5
#define HFHUB__DL_RETRY_TIMEOUT_MS 60000

/* ---- the metadata call ------------------------------------------------------------------- */

void hfhub__meta_init(hfhub__meta *m, const hfhub_allocator *a) {
    memset(m, 0, sizeof *m);
    hfhub__buf_init(&m->location, a);
    hfhub__buf_init(&m->refresh, a);
}

void hfhub__meta_free(hfhub__meta *m) {
    hfhub__buf_free(&m->location);
    hfhub__buf_free(&m->refresh);
}

/* Python's _normalize_etag: etag.lstrip("W/").strip('"'). */
static void hfhub__dl_normalize_etag(const char *v, char *out, size_t cap) {
    size_t n;
    while (*v == 'W' || *v == '/') v++;
    while (*v == '"') v++;
    n = strlen(v);
    while (n && v[n - 1] == '"') n--;
    if (n >= cap) n = cap - 1;
    memcpy(out, v, n);
    out[n] = 0;
}

static int hfhub__dl_parse_u64(const char *s, uint64_t *out) {
    uint64_t n = 0;
    if (!s || !*s) return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (n > (UINT64_MAX - 9) / 10) return -1;
        n = n * 10 + (uint64_t)(*s - '0');
    }
    if (*s) return -1;
    *out = n;
    return 0;
}

/* Reads the fields of §2.4 from the last response. */
static hfhub_result hfhub__dl_meta_fields(hfhub_client *c, const hfhub__http_response *resp, const char *url,
                                          hfhub__meta *m) {
    const char *commit = hfhub__http_header(resp, "X-Repo-Commit");
    const char *etag = hfhub__http_header(resp, "X-Linked-Etag");
    const char *size = hfhub__http_header(resp, "X-Linked-Size");
    const char *loc = hfhub__http_header(resp, "Location");
    const char *xet = hfhub__http_header(resp, "X-Xet-Hash");
    const char *link = hfhub__http_header(resp, "Link");
    const char *route = hfhub__http_header(resp, "X-Xet-Refresh-Route");
    if (!etag) etag = hfhub__http_header(resp, "ETag");
    if (!size && !(resp->status >= 300 && resp->status < 400)) size = hfhub__http_header(resp, "Content-Length");
    if (!commit || !hfhub__is_commit_hash(commit))
        return hfhub__fail(HFHUB_ERR_PARSE, "Distant resource does not seem to be on huggingface.co. It is possible "
                           "that a configuration issue prevents you from downloading resources from "
                           "https://huggingface.co. (no valid X-Repo-Commit in the answer for %s)", url);
    memcpy(m->commit, commit, 41);
    if (!etag) return hfhub__fail(HFHUB_ERR_PARSE, "Distant resource does not have an ETag, we won't be able to "
                                  "reliably ensure reproducibility (%s)", url);
    hfhub__dl_normalize_etag(etag, m->etag, sizeof m->etag);
    if (!m->etag[0] || strchr(m->etag, '/') || !strcmp(m->etag, ".") || !strcmp(m->etag, ".."))
        return hfhub__fail(HFHUB_ERR_PARSE, "the ETag '%s' of %s cannot name a cache blob", etag, url);
    if (hfhub__dl_parse_u64(size, &m->size))
        return hfhub__fail(HFHUB_ERR_PARSE, "Distant resource does not have a valid size (%s) for %s",
                           size ? size : "none", url);
    m->has_size = 1;
    hfhub__buf_puts(&m->location, loc ? loc : url);
    if (xet && strlen(xet) < sizeof m->xet_hash) {
        hfhub__link_rel(link, "xet-auth", &m->refresh);
        if (!m->refresh.len && route) hfhub__buf_puts(&m->refresh, route);
        if (m->refresh.len) strcpy(m->xet_hash, xet);
    }
    if (m->refresh.len && !strncmp(m->refresh.data, "https://huggingface.co/", 23)) {
        hfhub__buf fixed;
        hfhub__buf_init(&fixed, c->a);
        hfhub__buf_printf(&fixed, "%s%s", c->endpoint, m->refresh.data + 22);
        hfhub__buf_free(&m->refresh);
        m->refresh = fixed;
    }
    return (m->location.failed || m->refresh.failed) ? hfhub__fail(HFHUB_ERR_NOMEM, "metadata") : HFHUB_OK;
}

/* Request headers: the caller's, then Accept-Encoding: identity (the bytes as stored, so
 * sizes are real), with `spare` free slots after them. Free `*cap` entries. */
static hfhub_header *hfhub__dl_headers(hfhub_client *c, const hfhub_download_opts *o, size_t spare, size_t *n,
                                       size_t *cap) {
    size_t k = o ? o->n_headers : 0;
    hfhub_header *h = (hfhub_header *)hfhub__alloc(c->a, (k + 1 + spare) * sizeof *h);
    if (!h) return NULL;
    if (k) memcpy(h, o->headers, k * sizeof *h);
    h[k].name = "Accept-Encoding";
    h[k].value = "identity";
    *n = k + 1;
    *cap = k + 1 + spare;
    return h;
}

/* True when a redirect target has no host (a renamed repository on the same Hub). */
static int hfhub__dl_is_relative(const char *loc) {
    const char *p;
    if (loc[0] == '/' && loc[1] == '/') return 0;
    for (p = loc; *p && *p != '/' && *p != '?' && *p != '#'; p++)
        if (*p == ':') return 0;
    return 1;
}

/* The current URL with its path replaced by the path of a relative Location (query kept). */
static hfhub_result hfhub__dl_follow(hfhub_client *c, hfhub__buf *cur, const char *loc) {
    hfhub__arena ar;
    hfhub__url u;
    hfhub__buf path, next;
    size_t n = strcspn(loc, "?#");
    hfhub_result r;
    hfhub__arena_init(&ar, c->a);
    hfhub__buf_init(&path, c->a);
    hfhub__buf_init(&next, c->a);
    r = hfhub__url_parse(&ar, cur->data, &u);
    if (!r) {
        hfhub__buf_append(&path, loc, n);
        if (path.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "redirect");
    }
    if (!r) {
        u.path = path.data[0] == '/' ? path.data : "/";
        u.fragment = NULL;
        hfhub__url_build(&next, &u);
        if (next.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "redirect");
    }
    if (!r) {
        hfhub__buf_free(cur);
        *cur = next;
        hfhub__buf_init(&next, c->a);
    }
    hfhub__buf_free(&next);
    hfhub__buf_free(&path);
    hfhub__arena_free(&ar);
    return r;
}

/* HEAD the resolve URL, following relative redirects only. *commit_out gets the
 * X-Repo-Commit of an error response (EntryNotFound), when there is one. */
hfhub_result hfhub__dl_head(hfhub_client *c, const char *url, const hfhub_download_opts *o, int timeout_ms,
                                   int retries, hfhub__meta *m, char commit_out[41]) {
    hfhub__req r;
    hfhub__http_response resp;
    hfhub__buf cur;
    hfhub_header *h;
    size_t nh = 0, cap = 0;
    int hops;
    hfhub_result res = HFHUB_OK;
    commit_out[0] = 0;
    if (!(h = hfhub__dl_headers(c, o, 0, &nh, &cap))) return hfhub__fail(HFHUB_ERR_NOMEM, "headers");
    hfhub__buf_init(&cur, c->a);
    hfhub__buf_puts(&cur, url);
    for (hops = 0; hops <= 10; hops++) {
        const char *loc, *commit;
        memset(&r, 0, sizeof r);
        r.method = "HEAD";
        r.url = cur.data;
        r.headers = h;
        r.n_headers = nh;
        r.token = o ? o->token : NULL;
        r.timeout_ms = timeout_ms;
        r.no_redirects = 1;
        r.max_retries = retries;
        r.retry_network = retries > 0;
        res = hfhub__client_request(c, &r, &resp);
        commit = hfhub__http_header(&resp, "X-Repo-Commit");
        if (commit && hfhub__is_commit_hash(commit)) memcpy(commit_out, commit, 41);
        loc = hfhub__http_header(&resp, "Location");
        if (!res && resp.status >= 300 && resp.status < 400 && loc && hfhub__dl_is_relative(loc)) {
            res = hfhub__dl_follow(c, &cur, loc);
            hfhub__http_response_free(&resp);
            if (res) break;
            continue;
        }
        if (!res) res = hfhub__dl_meta_fields(c, &resp, cur.data, m);
        hfhub__http_response_free(&resp);
        break;
    }
    if (hops > 10) res = hfhub__fail(HFHUB_ERR_HTTP, "too many redirects for %s", url);
    hfhub__buf_free(&cur);
    hfhub__free(c->a, h, cap * sizeof *h);
    return res;
}

hfhub_result hfhub_get_file_metadata(hfhub_client *c, const char *url, const hfhub_download_opts *o,
                                     hfhub_file_metadata **out) {
    hfhub__meta m;
    char commit[41];
    hfhub_result r;
    int timeout_s;
    if (!c || !url || !out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_get_file_metadata: NULL argument");
    *out = NULL;
    timeout_s = o && o->etag_timeout_s > 0 ? o->etag_timeout_s : c->etag_timeout_s;
    hfhub__meta_init(&m, c->a);
    r = hfhub__dl_head(c, url, o, timeout_s * 1000, 0, &m, commit);
    if (!r) {
        size_t sizes[5], total = sizeof **out, i;
        const char *src[5];
        char *p;
        src[0] = m.commit; src[1] = m.etag; src[2] = m.location.data;
        src[3] = m.xet_hash[0] ? m.xet_hash : NULL; src[4] = m.refresh.len ? m.refresh.data : NULL;
        for (i = 0; i < 5; i++) total += (sizes[i] = src[i] ? strlen(src[i]) + 1 : 0);
        *out = (hfhub_file_metadata *)hfhub__out_alloc(c, total);
        if (!*out) r = hfhub__fail(HFHUB_ERR_NOMEM, "metadata");
        else {
            const char **dst[5];
            memset(*out, 0, sizeof **out);
            dst[0] = &(*out)->commit_hash; dst[1] = &(*out)->etag; dst[2] = &(*out)->location;
            dst[3] = &(*out)->xet_hash; dst[4] = &(*out)->xet_refresh_route;
            p = (char *)(*out + 1);
            for (i = 0; i < 5; i++) {
                if (!src[i]) continue;
                memcpy(p, src[i], sizes[i]);
                *dst[i] = p;
                p += sizes[i];
            }
            (*out)->size = m.size;
        }
    }
    hfhub__meta_free(&m);
    return r;
}

/* ---- streaming a file to disk ------------------------------------------------------------ */

typedef struct hfhub__dl_stream {
    FILE *f;
    const char *path;
    int status;
    uint64_t offset;          /* bytes in the file */
    uint64_t expected;
    int restart;              /* a 200 answered our Range: start over */
    int hashing;
    hfhub__hash_thread sha;
    const hfhub_allocator *a;
    int write_failed, cancelled, got_bytes;
    int probe, go_ranged;     /* watching the stream's speed; too slow: switch to ranges */
    int64_t probe_t0;
    uint64_t probe_off0;
    hfhub__buf err_body;
    hfhub_progress prog;
    const hfhub_download_opts *o;
} hfhub__dl_stream;

static int hfhub__dl_on_status(void *user, int status) {
    hfhub__dl_stream *s = (hfhub__dl_stream *)user;
    s->status = status;
    if (status == 200 && s->offset > 0) s->restart = 1; /* the server ignored Range */
    return 0;
}

static int hfhub__dl_truncate(hfhub__dl_stream *s) {
    FILE *f = fopen(s->path, "wb");
    if (!f) return -1;
    fclose(s->f);
    s->f = f;
    s->offset = 0;
    if (s->hashing) {
        hfhub__hash_thread_abort(&s->sha);
        hfhub__hash_thread_start(&s->sha, s->a, 0);
    }
    return 0;
}

#if !defined(HFHUB_NO_THREADS)
/* After the probe time, whether the stream is slow enough for ranged connections (then it
 * stops, and the rest of the file goes over them). */
static int hfhub__dl_probe(hfhub__dl_stream *s) {
    int64_t now = hfhub__monotonic_ms();
    if (!s->probe_t0) {
        s->probe_t0 = now;
        s->probe_off0 = s->offset;
        return 0;
    }
    if (now - s->probe_t0 < HFHUB__DL_PROBE_MS) return 0;
    s->probe = 0;
    if ((s->offset - s->probe_off0) * 1000 / (uint64_t)(now - s->probe_t0) >= HFHUB__DL_FAST_STREAM) return 0;
    s->go_ranged = hfhub__dl_ranges_mode(s->o, s->expected - s->offset) != HFHUB__DL_RANGES_NO;
    return s->go_ranged;
}
#endif

static int hfhub__dl_on_body(void *user, const void *data, size_t n) {
    hfhub__dl_stream *s = (hfhub__dl_stream *)user;
    if (s->status >= 300) {
        if (s->err_body.len + n <= HFHUB__DL_ERR_BODY_MAX) hfhub__buf_append(&s->err_body, data, n);
        return 0;
    }
    if (s->restart) {
        s->restart = 0;
        if (hfhub__dl_truncate(s)) { s->write_failed = 1; return 1; }
    }
    if (s->offset + n > s->expected) { s->offset += n; return 1; } /* more than announced */
    if (fwrite(data, 1, n, s->f) != n) { s->write_failed = 1; return 1; }
    if (s->hashing) hfhub__hash_thread_push(&s->sha, data, n);
    s->offset += n;
    s->got_bytes = 1;
#if !defined(HFHUB_NO_THREADS)
    if (s->probe && hfhub__dl_probe(s)) return 1;
#endif
    if (s->o && s->o->progress) {
        s->prog.bytes_done = s->offset;
        if (s->o->progress(s->o->progress_user, &s->prog)) { s->cancelled = 1; return 1; }
    }
    return 0;
}

/* Hashes what an earlier run left in the partial file, so the check covers every byte. */
static hfhub_result hfhub__dl_hash_prefix(hfhub__dl_stream *s) {
    unsigned char buf[65536];
    FILE *f = fopen(s->path, "rb");
    uint64_t left = s->offset;
    if (!f) return hfhub__fail(HFHUB_ERR_IO, "cannot read '%s'", s->path);
    while (left) {
        size_t k = fread(buf, 1, left < sizeof buf ? (size_t)left : sizeof buf, f);
        if (!k) break;
        hfhub__hash_thread_push(&s->sha, buf, k);
        left -= k;
    }
    fclose(f);
    return left ? hfhub__fail(HFHUB_ERR_IO, "cannot read '%s'", s->path) : HFHUB_OK;
}

/* One GET from s->offset on. HFHUB_OK with s->status set, or a transport error. */
static hfhub_result hfhub__dl_get(hfhub_client *c, const char *url, int auth, const hfhub_download_opts *o,
                                  hfhub__dl_stream *s, hfhub__http_response *resp) {
    hfhub__req r;
    hfhub_http_sink sink;
    hfhub_header *h;
    size_t nh = 0, cap = 0;
    char range[64];
    hfhub_result res;
    if (!(h = hfhub__dl_headers(c, o, 1, &nh, &cap))) return hfhub__fail(HFHUB_ERR_NOMEM, "headers");
    if (s->offset) {
        snprintf(range, sizeof range, "bytes=%llu-", (unsigned long long)s->offset);
        h[nh].name = "Range";
        h[nh].value = range;
        nh++;
    }
    memset(&r, 0, sizeof r);
    r.url = url;
    r.headers = h;
    r.n_headers = nh;
    r.auth = auth ? HFHUB__AUTH_DEFAULT : HFHUB__AUTH_NONE;
    r.token = auth && o ? o->token : NULL;
    r.timeout_ms = c->download_timeout_s * 1000;
    r.max_retries = 5;
    r.retry_mask = HFHUB__RETRY_408 | HFHUB__RETRY_429;
    memset(&sink, 0, sizeof sink);
    sink.user = s;
    sink.on_status = hfhub__dl_on_status;
    sink.on_body = hfhub__dl_on_body;
    r.sink = &sink;
    s->status = 0;
    s->restart = 0;
    hfhub__buf_reset(&s->err_body);
    res = hfhub__client_request(c, &r, resp);
    hfhub__free(c->a, h, cap * sizeof *h);
    return res;
}

/* Same scheme, host and port: the Hub itself (auth kept) rather than a CDN (auth dropped). */
int hfhub__dl_same_origin(hfhub_client *c, const char *a_url, const char *b_url) {
    hfhub__arena ar;
    hfhub__url a, b;
    int same;
    hfhub__arena_init(&ar, c->a);
    same = !hfhub__url_parse(&ar, a_url, &a) && !hfhub__url_parse(&ar, b_url, &b) &&
           !strcmp(a.scheme, b.scheme) && !strcmp(a.host, b.host) && a.port == b.port;
    hfhub__arena_free(&ar);
    return same;
}

#if !defined(HFHUB_NO_THREADS)
static hfhub_result hfhub__dl_fetch_ranged(hfhub_client *c, const char *url, int auth, const hfhub_download_opts *o,
                                           const char *path, const char *display, uint64_t expected,
                                           const char *sha256);
#endif

/* Downloads url into the partial file `path` (resuming what is there), checks its size and,
 * when sha256 is given, its digest. Mid-stream failures resume with Range, up to 5 times in
 * a row without progress. */
hfhub_result hfhub__dl_fetch(hfhub_client *c, const char *url, int auth, const hfhub_download_opts *o,
                                    const char *path, const char *display, uint64_t expected, const char *sha256) {
    hfhub__dl_stream s;
    hfhub__http_response resp;
    hfhub_result res = HFHUB_OK;
    int failures = 0;
    uint64_t have = 0;
    memset(&s, 0, sizeof s);
    hfhub__buf_init(&s.err_body, c->a);
    s.path = path;
    s.expected = expected;
    s.o = o;
    s.prog.path = display;
    s.prog.bytes_total = expected;
    s.prog.files_total = 1;
    if (hfhub__fs_size(path, &have) || have > expected) have = 0;
#if !defined(HFHUB_NO_THREADS)
    s.probe = hfhub__dl_ranges_mode(o, expected - have);
    if (s.probe == HFHUB__DL_RANGES_NOW) {
        hfhub__buf_free(&s.err_body);
        return hfhub__dl_fetch_ranged(c, url, auth, o, path, display, expected, sha256);
    }
    s.probe = s.probe == HFHUB__DL_RANGES_PROBE;
#endif
    if (!(s.f = fopen(path, have ? "ab" : "wb"))) {
        hfhub__buf_free(&s.err_body);
        return hfhub__fail(HFHUB_ERR_IO, "cannot create '%s'", path);
    }
    s.offset = have;
    s.hashing = sha256 != NULL;
    s.a = c->a;
    if (s.hashing) {
        hfhub__hash_thread_start(&s.sha, c->a, 0);
        if (have) res = hfhub__dl_hash_prefix(&s);
    }
    while (!res && s.offset < expected) {
        uint64_t before = s.offset;
        s.got_bytes = 0;
        res = hfhub__dl_get(c, url, auth, o, &s, &resp);
        if (s.go_ranged) {
            hfhub__http_response_free(&resp);
            res = HFHUB_OK;
            break;
        }
        if (s.cancelled) res = hfhub__fail(HFHUB_ERR_CANCELLED, "download of %s cancelled", display);
        else if (s.write_failed) res = hfhub__fail(HFHUB_ERR_IO, "cannot write '%s' (disk full?)", path);
        else if (s.offset > expected)
            res = hfhub__fail(HFHUB_ERR_INTEGRITY, "Consistency check failed: %s is larger than the expected %llu bytes",
                              display, (unsigned long long)expected);
        else if (!res && s.status >= 400)
            res = hfhub__map_http_error(&resp, url, s.err_body.data, s.err_body.len);
        else if (!res && s.status >= 300)
            res = hfhub__fail_http(HFHUB_ERR_HTTP, s.status, NULL, NULL, "unexpected status %d for %s", s.status, url);
        else if (!res && s.offset < expected)
            res = hfhub__fail(HFHUB_ERR_NETWORK, "connection closed after %llu of %llu bytes of %s",
                              (unsigned long long)s.offset, (unsigned long long)expected, display);
        hfhub__http_response_free(&resp);
        if ((res == HFHUB_ERR_NETWORK || res == HFHUB_ERR_TIMEOUT) && s.offset < expected) {
            if (s.offset > before) failures = 0; /* progress resets the counter, as in Python */
            if (++failures <= HFHUB__DL_MAX_RESUMES) {
                hfhub__log(&c->log, HFHUB_LOG_WARN, "download of %s interrupted at %llu bytes (%s); resuming",
                           display, (unsigned long long)s.offset, hfhub_last_error()->message);
                fflush(s.f);
                hfhub__sleep_ms(1000);
                res = HFHUB_OK;
            }
        }
    }
    if (fclose(s.f) && !res) res = hfhub__fail(HFHUB_ERR_IO, "cannot write '%s'", path);
    if (!res && s.hashing && !s.go_ranged) {
        unsigned char d[32];
        char hex[65];
        hfhub__hash_thread_finish(&s.sha, d);
        s.hashing = 0;
        hfhub_hex_encode(d, 32, hex);
        if (strcmp(hex, sha256)) {
            hfhub__fs_remove(path); /* a corrupt partial file must not be resumed */
            res = hfhub__fail(HFHUB_ERR_INTEGRITY, "SHA-256 of the downloaded %s is %s, expected %s", display, hex, sha256);
        }
    }
    if (s.hashing) hfhub__hash_thread_abort(&s.sha);
    if (res == HFHUB_ERR_INTEGRITY) hfhub__fs_remove(path);
    hfhub__buf_free(&s.err_body);
#if !defined(HFHUB_NO_THREADS)
    if (!res && s.go_ranged) return hfhub__dl_fetch_ranged(c, url, auth, o, path, display, expected, sha256);
#endif
    return res;
}

#if !defined(HFHUB_NO_THREADS)
/* The rest of the file over ranged connections; over one stream after all when the server
 * ignores Range. */
static hfhub_result hfhub__dl_fetch_ranged(hfhub_client *c, const char *url, int auth, const hfhub_download_opts *o,
                                           const char *path, const char *display, uint64_t expected,
                                           const char *sha256) {
    int fallback;
    hfhub_download_opts one;
    hfhub_result r = hfhub__dl_fetch_ranges(c, url, auth, o, path, display, expected, sha256, &fallback);
    if (!fallback) return r;
    if (o) one = *o;
    else memset(&one, 0, sizeof one);
    one.connections = 1;
    return hfhub__dl_fetch(c, url, auth, &one, path, display, expected, sha256);
}
#endif

hfhub_result hfhub__dl_transfer(hfhub_client *c, const hfhub__meta *m, int auth, const hfhub_download_opts *o,
                                const char *path, const char *display, const char *sha256) {
#ifdef HFHUB__WITH_XET
    if (m->xet_hash[0] && m->refresh.len && !c->disable_xet) return hfhub__xet_download(c, m, o, path, display);
#endif
    return hfhub__dl_fetch(c, m->location.data, auth, o, path, display, m->size, sha256);
}

/* ---- hf_hub_download --------------------------------------------------------------------- */

int hfhub__dl_env_flag(const char *name) { return hfhub__env_is_true(getenv(name)); }

hfhub_result hfhub__dl_setup(hfhub__dl *d, hfhub_client *c, const char *repo_id, const char *filename,
                                    const hfhub_download_opts *o) {
    hfhub_result r;
    char *abs = NULL;
    memset(d, 0, sizeof *d);
    d->c = c;
    d->o = o;
    d->repo_id = repo_id;
    d->revision = o && o->revision && *o->revision ? o->revision : "main";
    hfhub__buf_init(&d->filename, c->a);
    hfhub__buf_init(&d->url, c->a);
    hfhub__buf_init(&d->repo_dir, c->a);
    hfhub__buf_init(&d->cache_dir, c->a);
    hfhub__buf_init(&d->pointer, c->a);
    hfhub__buf_init(&d->blob, c->a);
    hfhub__buf_init(&d->tmp, c->a);
    hfhub__buf_init(&d->lock, c->a);
    hfhub__meta_init(&d->meta, c->a);
    if (!filename) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "filename is NULL");
    if ((r = hfhub__validate_repo_id(repo_id)) != HFHUB_OK) return r;
    if ((d->type = hfhub__repo_type_index(o ? o->repo_type : NULL)) < 0) return HFHUB_ERR_INVALID_ARG;
    if (o && o->subfolder && *o->subfolder) hfhub__buf_printf(&d->filename, "%s/", o->subfolder);
    hfhub__buf_puts(&d->filename, filename);
    if (d->filename.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "filename");
    if ((r = hfhub__validate_filename(d->filename.data)) != HFHUB_OK) return r;
    if ((r = hfhub__resolve_url(c, &d->url, d->type, repo_id, d->revision, d->filename.data)) != HFHUB_OK) return r;
    if (!c->hub_cache && !(o && o->cache_dir)) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no cache folder");
    if ((r = hfhub__fs_abspath(c->a, o && o->cache_dir ? o->cache_dir : c->hub_cache, &abs)) != HFHUB_OK) return r;
    hfhub__buf_puts(&d->cache_dir, abs);
    hfhub__free(c->a, abs, strlen(abs) + 1);
    hfhub__cache_repo_dir(&d->repo_dir, d->cache_dir.data, d->type, repo_id);
    return d->repo_dir.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "paths") : HFHUB_OK;
}

void hfhub__dl_cleanup(hfhub__dl *d) {
    hfhub__buf_free(&d->filename);
    hfhub__buf_free(&d->url);
    hfhub__buf_free(&d->repo_dir);
    hfhub__buf_free(&d->cache_dir);
    hfhub__buf_free(&d->pointer);
    hfhub__buf_free(&d->blob);
    hfhub__buf_free(&d->tmp);
    hfhub__buf_free(&d->lock);
    hfhub__meta_free(&d->meta);
}

static void hfhub__dl_set_pointer(hfhub__dl *d, const char *commit) {
    hfhub__buf_reset(&d->pointer);
    hfhub__buf_printf(&d->pointer, "%s/snapshots/%s/%s", d->repo_dir.data, commit, d->filename.data);
}

static hfhub_result hfhub__dl_return(hfhub__dl *d, const char *path, char **out) {
    *out = hfhub__out_strdup(d->c, path);
    return *out ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "path");
}

int hfhub__dl_offline(const hfhub__dl *d) {
    return d->c->offline || (d->o && (d->o->local_files_only || d->o->mode == HFHUB_DOWNLOAD_OFFLINE));
}

/* Whether a failed metadata call is worth a second, patient try (§2.3 step 3). */
static int hfhub__dl_retryable(hfhub_result r) {
    int st = hfhub_last_error()->http_status;
    if (r == HFHUB_ERR_NETWORK || r == HFHUB_ERR_TIMEOUT) return 1;
    return r == HFHUB_ERR_HTTP && (st == 408 || st == 429 || (st >= 500 && st <= 504));
}

/* Step 2: the metadata call, with .no_exist bookkeeping on EntryNotFound. */
hfhub_result hfhub__dl_metadata(hfhub__dl *d, int timeout_ms, int retries) {
    char commit[41];
    hfhub_result r = hfhub__dl_head(d->c, d->url.data, d->o, timeout_ms, retries, &d->meta, commit);
    if (r == HFHUB_ERR_ENTRY_NOT_FOUND && commit[0]) {
        hfhub_error saved = *hfhub_last_error();
        char msg[1024], code[64], rid[128];
        hfhub__buf marker;
        /* keep the server's error detail across the bookkeeping below */
        snprintf(msg, sizeof msg, "%.1000s", saved.message);
        snprintf(code, sizeof code, "%.60s", saved.server_code);
        snprintf(rid, sizeof rid, "%.120s", saved.request_id);
        hfhub__buf_init(&marker, d->c->a);
        hfhub__buf_printf(&marker, "%s/.no_exist/%s/%s", d->repo_dir.data, commit, d->filename.data);
        if (!marker.failed && !hfhub__fs_mkdirs_parent(marker.data)) hfhub__fs_write_atomic(marker.data, "", 0, 0644);
        hfhub__buf_free(&marker);
        hfhub__cache_write_ref(d->c->a, d->repo_dir.data, d->revision, commit);
        return hfhub__fail_http(r, saved.http_status, code, rid, "%s", msg);
    }
    d->have_meta = !r;
    return r;
}

/* Step 3: no metadata. Use the cached file of the revision if there is one. */
static hfhub_result hfhub__dl_without_meta(hfhub__dl *d, hfhub_result why, char **out) {
    char commit[41];
    if (hfhub__is_commit_hash(d->revision)) memcpy(commit, d->revision, 41);
    else if (hfhub__cache_read_ref(d->c->a, d->repo_dir.data, d->revision, commit)) commit[0] = 0;
    if (commit[0]) {
        hfhub__dl_set_pointer(d, commit);
        if (!d->pointer.failed && hfhub__fs_exists(d->pointer.data) && !(d->o && d->o->force_download))
            return hfhub__dl_return(d, d->pointer.data, out);
    }
    if (hfhub__dl_offline(d))
        return hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND,
                           "Cannot find the requested files in the disk cache and outgoing traffic has been disabled. "
                           "To enable hf.co look-ups and downloads online, set 'local_files_only' to False.");
    if (why == HFHUB_ERR_REPO_NOT_FOUND || why == HFHUB_ERR_GATED || why == HFHUB_ERR_UNAUTHORIZED ||
        why == HFHUB_ERR_REVISION_NOT_FOUND || why == HFHUB_ERR_ENTRY_NOT_FOUND || why == HFHUB_ERR_NOMEM ||
        why == HFHUB_ERR_CANCELLED)
        return why;
    if (d->o && d->o->force_download)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "Cannot pass 'force_download=True' when offline mode is enabled.");
    return hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND,
                       "An error happened while trying to locate the file on the Hub and we cannot find the "
                       "requested files in the local cache. Please check your connection and try again or make sure "
                       "your Internet connection is on. (%s)", hfhub_last_error()->message);
}

/* Steps 6-10 under the blob's lock: download unless the blob is there, then link. */
static hfhub_result hfhub__dl_blob(hfhub__dl *d) {
    hfhub_client *c = d->c;
    const hfhub__meta *m = &d->meta;
    int force = d->o && d->o->force_download, verify, auth, attempt, new_blob = 0;
    int nosym = hfhub__dl_env_flag("HF_HUB_DISABLE_SYMLINKS");
    hfhub__fs_lock lk;
    hfhub_result r;
    hfhub__buf_printf(&d->blob, "%s/blobs/%s", d->repo_dir.data, m->etag);
    hfhub__buf_printf(&d->tmp, "%s.incomplete", d->blob.data); /* stable name: resumable across runs */
    hfhub__buf_printf(&d->lock, "%s/.locks/", d->cache_dir.data);
    hfhub__cache_repo_folder(&d->lock, d->type, d->repo_id);
    hfhub__buf_printf(&d->lock, "/%s.lock", m->etag);
    if (d->blob.failed || d->tmp.failed || d->lock.failed) return hfhub__fail(HFHUB_ERR_NOMEM, "paths");
    if ((r = hfhub__fs_mkdirs_parent(d->blob.data)) != HFHUB_OK) return r;
    if ((r = hfhub__fs_mkdirs_parent(d->pointer.data)) != HFHUB_OK) return r;
    hfhub__cache_tag(d->cache_dir.data);
    if (strcmp(d->revision, m->commit) && (r = hfhub__cache_write_ref(c->a, d->repo_dir.data, d->revision, m->commit)))
        return r;
    if ((r = hfhub__fs_lock_acquire(&lk, d->lock.data, -1, &c->log)) != HFHUB_OK) return r;
    if (force || hfhub__fs_kind(d->blob.data) != HFHUB__FS_FILE) {
        verify = hfhub__is_sha256_hex(m->etag) && !(d->o && d->o->no_verify) &&
                 !hfhub__dl_env_flag("HF_HUB_DISABLE_VERIFICATION");
        if (force) hfhub__fs_remove(d->tmp.data);
        auth = hfhub__dl_same_origin(c, m->location.data, d->url.data);
        r = hfhub__dl_transfer(c, m, auth, d->o, d->tmp.data, d->filename.data, verify ? m->etag : NULL);
        for (attempt = 0; r == HFHUB_ERR_FORBIDDEN && !auth && attempt < 1; attempt++) {
            /* an expired signed CDN URL: ask the Hub for a fresh one, once */
            char commit[41];
            hfhub__meta_free(&d->meta);
            hfhub__meta_init(&d->meta, c->a);
            r = hfhub__dl_head(c, d->url.data, d->o, c->etag_timeout_s * 1000, 0, &d->meta, commit);
            if (!r) r = hfhub__dl_fetch(c, d->meta.location.data, 0, d->o, d->tmp.data, d->filename.data,
                                        d->meta.size, verify ? d->meta.etag : NULL);
        }
        if (!r) r = hfhub__fs_rename(d->tmp.data, d->blob.data);
        new_blob = 1;
    }
    if (!r) r = hfhub__cache_link(c->a, d->blob.data, d->pointer.data, new_blob, nosym);
    hfhub__fs_lock_release(&lk);
    return r;
}

hfhub_result hfhub_download(hfhub_client *c, const char *repo_id, const char *filename,
                            const hfhub_download_opts *o, char **out_path) {
    hfhub__dl d;
    hfhub_result r;
    int force = o && o->force_download;
    if (!c || !out_path) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_download: NULL argument");
    *out_path = NULL;
    if (o && o->local_dir) return hfhub__download_local_dir(c, repo_id, filename, o, out_path);
    r = hfhub__dl_setup(&d, c, repo_id, filename, o);
    /* 1. a commit hash (or prefer-offline) with the file in its snapshot: no request at all */
    if (!r && !force && (hfhub__is_commit_hash(d.revision) || (o && o->mode == HFHUB_DOWNLOAD_PREFER_OFFLINE))) {
        char *cached = NULL;
        if (hfhub__cache_lookup(c->a, d.repo_dir.data, d.revision, d.filename.data, &cached) == HFHUB__CACHED_FILE) {
            r = hfhub__dl_return(&d, cached, out_path);
            hfhub__free(c->a, cached, strlen(cached) + 1);
            hfhub__dl_cleanup(&d);
            return r;
        }
    }
    if (!r) {
        hfhub_result m = hfhub__dl_offline(&d) ? hfhub__fail(HFHUB_ERR_NETWORK, "offline")
                                               : hfhub__dl_metadata(&d, (o && o->etag_timeout_s > 0 ? o->etag_timeout_s
                                                                         : c->etag_timeout_s) * 1000, 0);
        if (m == HFHUB_ERR_REVISION_NOT_FOUND || m == HFHUB_ERR_ENTRY_NOT_FOUND) r = m;
        else if (m && !hfhub__dl_offline(&d) && hfhub__dl_retryable(m)) {
            /* no local copy may exist: one patient retry before giving up (§2.3 step 3) */
            char *cached = NULL;
            if (hfhub__cache_lookup(c->a, d.repo_dir.data, d.revision, d.filename.data, &cached) == HFHUB__CACHED_FILE &&
                !force) {
                r = hfhub__dl_return(&d, cached, out_path);
                hfhub__free(c->a, cached, strlen(cached) + 1);
                hfhub__dl_cleanup(&d);
                return r;
            }
            m = hfhub__dl_metadata(&d, HFHUB__DL_RETRY_TIMEOUT_MS, 5);
        }
        if (!r && m) r = hfhub__dl_without_meta(&d, m, out_path);
        else if (!r) {
            hfhub__dl_set_pointer(&d, d.meta.commit);
            if (d.pointer.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "path");
            else if (!force && hfhub__fs_exists(d.pointer.data)) {
                /* 5. already there: refresh the ref (best effort: the cache may be read-only) */
                if (strcmp(d.revision, d.meta.commit))
                    hfhub__cache_write_ref(c->a, d.repo_dir.data, d.revision, d.meta.commit);
                r = hfhub__dl_return(&d, d.pointer.data, out_path);
            } else {
                r = hfhub__dl_blob(&d);
                if (!r) r = hfhub__dl_return(&d, d.pointer.data, out_path);
            }
        }
    }
    hfhub__dl_cleanup(&d);
    return r;
}

/* One block: the record, then its strings. */
hfhub_result hfhub__dl_dry_record(hfhub_client *c, const char *commit, uint64_t size, const char *filename,
                                         const char *local_path, int is_cached, int force, hfhub_dry_run_info **out) {
    size_t lc = strlen(commit) + 1, lf = strlen(filename) + 1, lp = strlen(local_path) + 1;
    hfhub_dry_run_info *info = (hfhub_dry_run_info *)hfhub__out_alloc(c, sizeof *info + lc + lf + lp);
    char *p;
    if (!info) return hfhub__fail(HFHUB_ERR_NOMEM, "dry run");
    p = (char *)(info + 1);
    memcpy(p, commit, lc);
    info->commit_hash = p;
    memcpy(p += lc, filename, lf);
    info->filename = p;
    memcpy(p += lf, local_path, lp);
    info->local_path = p;
    info->file_size = size;
    info->is_cached = is_cached;
    info->will_download = force || !is_cached;
    *out = info;
    return HFHUB_OK;
}

hfhub_result hfhub_download_dry_run(hfhub_client *c, const char *repo_id, const char *filename,
                                    const hfhub_download_opts *o, hfhub_dry_run_info **out) {
    hfhub__dl d;
    hfhub_result r;
    int force = o && o->force_download, cached;
    char *hit = NULL;
    uint64_t size = 0;
    if (!c || !out) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_download_dry_run: NULL argument");
    *out = NULL;
    if (o && o->local_dir) return hfhub__download_local_dir_dry_run(c, repo_id, filename, o, out);
    r = hfhub__dl_setup(&d, c, repo_id, filename, o);
    if (!r && !force && hfhub__is_commit_hash(d.revision) &&
        hfhub__cache_lookup(c->a, d.repo_dir.data, d.revision, d.filename.data, &hit) == HFHUB__CACHED_FILE) {
        hfhub__fs_size(hit, &size);
        r = hfhub__dl_dry_record(c, d.revision, size, d.filename.data, hit, 1, 0, out);
        hfhub__free(c->a, hit, strlen(hit) + 1);
        hfhub__dl_cleanup(&d);
        return r;
    }
    if (!r && hfhub__dl_offline(&d))
        r = hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND, "a dry run needs the Hub: offline mode is enabled");
    if (!r) r = hfhub__dl_metadata(&d, (o && o->etag_timeout_s > 0 ? o->etag_timeout_s : c->etag_timeout_s) * 1000, 0);
    if (!r) {
        hfhub__dl_set_pointer(&d, d.meta.commit);
        hfhub__buf_printf(&d.blob, "%s/blobs/%s", d.repo_dir.data, d.meta.etag);
        if (d.pointer.failed || d.blob.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "path");
    }
    if (!r) {
        cached = hfhub__fs_exists(d.pointer.data) || hfhub__fs_exists(d.blob.data);
        r = hfhub__dl_dry_record(c, d.meta.commit, d.meta.size, d.filename.data, d.pointer.data, cached, force, out);
    }
    hfhub__dl_cleanup(&d);
    return r;
}

hfhub_result hfhub_file_exists(hfhub_client *c, const char *repo_id, const char *filename,
                               const hfhub_download_opts *o, int *exists) {
    hfhub__dl d;
    hfhub_result r;
    char commit[41];
    if (!exists) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_file_exists: NULL argument");
    *exists = 0;
    if (!c) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_file_exists: NULL client");
    r = hfhub__dl_setup(&d, c, repo_id, filename, o);
    if (!r) r = hfhub__dl_head(c, d.url.data, o, c->etag_timeout_s * 1000, 0, &d.meta, commit);
    if (!r) *exists = 1;
    else if (r == HFHUB_ERR_ENTRY_NOT_FOUND) r = HFHUB_OK;
    hfhub__dl_cleanup(&d);
    return r;
}

hfhub_result hfhub_try_to_load_from_cache(hfhub_client *c, const char *repo_id, const char *filename,
                                          const hfhub_download_opts *o, char **path) {
    hfhub__dl d;
    hfhub_result r;
    char *found = NULL;
    if (!c || !path) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "hfhub_try_to_load_from_cache: NULL argument");
    *path = NULL;
    r = hfhub__dl_setup(&d, c, repo_id, filename, o);
    if (!r) {
        switch (hfhub__cache_lookup(c->a, d.repo_dir.data, d.revision, d.filename.data, &found)) {
        case HFHUB__CACHED_FILE:
            r = hfhub__dl_return(&d, found, path);
            hfhub__free(c->a, found, strlen(found) + 1);
            break;
        case HFHUB__CACHED_NO_EXIST:
            r = hfhub__fail(HFHUB_ERR_ENTRY_NOT_FOUND, "%s is recorded as missing at %s in the cache",
                            d.filename.data, d.revision);
            break;
        default:
            r = hfhub__fail(HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND, "%s of %s is not in the cache", d.filename.data, repo_id);
        }
    }
    hfhub__dl_cleanup(&d);
    return r;
}

#undef HFHUB__DL_ERR_BODY_MAX
#undef HFHUB__DL_MAX_RESUMES
#undef HFHUB__DL_RETRY_TIMEOUT_MS

#endif
