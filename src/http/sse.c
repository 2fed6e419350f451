/* sse.c: the text/event-stream reader. */
#include <string.h>

void hfhub__sse_init(hfhub__sse *s, const hfhub_allocator *a, size_t max, hfhub__sse_fn fn,
                     void *user) {
    memset(s, 0, sizeof *s);
    s->fn = fn;
    s->user = user;
    s->max = max ? max : (size_t)1 << 20;
    s->retry_ms = -1;
    hfhub__buf_init(&s->line, a);
    hfhub__buf_init(&s->data, a);
    hfhub__buf_init(&s->event, a);
    hfhub__buf_init(&s->id, a);
}

void hfhub__sse_free(hfhub__sse *s) {
    hfhub__buf_free(&s->line);
    hfhub__buf_free(&s->data);
    hfhub__buf_free(&s->event);
    hfhub__buf_free(&s->id);
}

static hfhub_result hfhub__sse_stop(hfhub__sse *s, hfhub_result r) {
    if (r == HFHUB_ERR_TOO_LARGE) s->error = hfhub__fail(r, "event stream: line or event longer than %lu bytes",
                                                         (unsigned long)s->max);
    else if (r == HFHUB_ERR_NOMEM) s->error = hfhub__fail(r, "out of memory");
    else s->error = hfhub__fail(r, "event stream: stopped by the callback");
    return s->error;
}

static hfhub_result hfhub__sse_dispatch(hfhub__sse *s) {
    hfhub__sse_event ev;
    int stop;
    if (!s->has_data) {
        hfhub__buf_reset(&s->data);
        hfhub__buf_reset(&s->event);
        return HFHUB_OK;
    }
    s->data.len--; /* the '\n' after the last data line */
    s->data.data[s->data.len] = 0;
    ev.event = s->event.len ? s->event.data : "message";
    ev.data = s->data.data;
    ev.data_len = s->data.len;
    ev.id = s->id.data ? s->id.data : "";
    ev.retry_ms = s->retry_ms;
    stop = s->fn ? s->fn(s->user, &ev) : 0;
    hfhub__buf_reset(&s->data);
    hfhub__buf_reset(&s->event);
    s->has_data = 0;
    return stop ? hfhub__sse_stop(s, HFHUB_ERR_CANCELLED) : HFHUB_OK;
}

static int hfhub__sse_field_is(const char *f, size_t n, const char *name) {
    return strlen(name) == n && memcmp(f, name, n) == 0;
}

/* One complete line (without its end). */
static hfhub_result hfhub__sse_line(hfhub__sse *s, const char *l, size_t n) {
    const char *colon, *v;
    size_t fn, vn;
    if (!s->started) {
        s->started = 1;
        if (n >= 3 && memcmp(l, "\xEF\xBB\xBF", 3) == 0) { l += 3; n -= 3; }
    }
    if (n == 0) return hfhub__sse_dispatch(s);
    if (l[0] == ':') return HFHUB_OK;
    colon = (const char *)memchr(l, ':', n);
    fn = colon ? (size_t)(colon - l) : n;
    v = colon ? colon + 1 : l + n;
    vn = (size_t)(l + n - v);
    if (vn && *v == ' ') { v++; vn--; }
    if (hfhub__sse_field_is(l, fn, "data")) {
        if (s->data.len + vn + 1 > s->max) return hfhub__sse_stop(s, HFHUB_ERR_TOO_LARGE);
        hfhub__buf_append(&s->data, v, vn);
        hfhub__buf_putc(&s->data, '\n');
        s->has_data = 1;
    } else if (hfhub__sse_field_is(l, fn, "event")) {
        hfhub__buf_reset(&s->event);
        hfhub__buf_append(&s->event, v, vn);
    } else if (hfhub__sse_field_is(l, fn, "id")) {
        if (!memchr(v, 0, vn)) {
            hfhub__buf_reset(&s->id);
            hfhub__buf_append(&s->id, v, vn);
        }
    } else if (hfhub__sse_field_is(l, fn, "retry")) {
        size_t i;
        long ms = 0;
        for (i = 0; i < vn && v[i] >= '0' && v[i] <= '9' && ms < 100000000; i++) ms = ms * 10 + (v[i] - '0');
        if (vn && i == vn) s->retry_ms = (int)ms;
    }
    if (s->data.failed || s->event.failed || s->id.failed) return hfhub__sse_stop(s, HFHUB_ERR_NOMEM);
    return HFHUB_OK;
}

/* The buffered line is complete. */
static hfhub_result hfhub__sse_end_line(hfhub__sse *s) {
    hfhub_result r = hfhub__sse_line(s, s->line.data ? s->line.data : "", s->line.len);
    hfhub__buf_reset(&s->line);
    return r;
}

hfhub_result hfhub__sse_feed(hfhub__sse *s, const void *data, size_t n) {
    const char *p = (const char *)data, *end = p + n;
    if (s->error) return s->error;
    while (p < end) {
        size_t span;
        hfhub_result r;
        if (*p == '\n' && s->after_cr) { /* the LF of a CRLF */
            s->after_cr = 0;
            p++;
            continue;
        }
        s->after_cr = 0;
        span = 0;
        while (p + span < end && p[span] != '\r' && p[span] != '\n') span++;
        if (span) {
            if (s->line.len + span > s->max) return hfhub__sse_stop(s, HFHUB_ERR_TOO_LARGE);
            hfhub__buf_append(&s->line, p, span);
            if (s->line.failed) return hfhub__sse_stop(s, HFHUB_ERR_NOMEM);
            p += span;
            continue;
        }
        s->after_cr = *p == '\r';
        p++;
        r = hfhub__sse_end_line(s);
        if (r) return r;
    }
    return HFHUB_OK;
}

hfhub_result hfhub__sse_finish(hfhub__sse *s) {
    hfhub_result r;
    if (s->error) return s->error;
    if (s->line.len) {
        r = hfhub__sse_end_line(s);
        if (r) return r;
    }
    hfhub__buf_reset(&s->data);
    hfhub__buf_reset(&s->event);
    s->has_data = 0;
    return HFHUB_OK;
}

int hfhub__sse_on_body(void *sse, const void *data, size_t n) {
    return hfhub__sse_feed((hfhub__sse *)sse, data, n) != HFHUB_OK;
}
