/* sse_int.h: an incremental reader for text/event-stream bodies (library-internal), fed
 * with the slices a sink's on_body receives. Follows the WHATWG event-stream rules: lines
 * end in CRLF, LF or CR; "data:" lines are joined with '\n'; "event:" and "id:" set the
 * type and last event id; lines starting with ':' are comments; a blank line dispatches
 * the event (an event with no data line is dropped). A "[DONE]" sentinel is an ordinary
 * data value: the caller decides what it means. */

typedef struct hfhub__sse_event {
    const char *event;       /* the "event:" value, "message" when none was given */
    const char *data;        /* the joined data lines, NUL-terminated */
    size_t data_len;
    const char *id;          /* the last event id seen on the stream ("" when none) */
    int retry_ms;            /* the last "retry:" value, -1 when none */
} hfhub__sse_event;

/* Receives each event; the strings are valid during the call. Nonzero stops the stream
 * (feed then returns HFHUB_ERR_CANCELLED). */
typedef int (*hfhub__sse_fn)(void *user, const hfhub__sse_event *ev);

typedef struct hfhub__sse {
    hfhub__sse_fn fn;
    void *user;
    size_t max;              /* longest line, and largest event data; 0 at init: 1 MiB */
    hfhub__buf line, data, event, id;
    int retry_ms;
    int has_data;            /* a data line was seen since the last dispatch */
    int after_cr;            /* the previous byte was a CR (a following LF belongs to it) */
    int started;             /* past the optional leading BOM */
    hfhub_result error;      /* the first failure, sticky */
} hfhub__sse;

HFHUB__API void hfhub__sse_init(hfhub__sse *s, const hfhub_allocator *a, size_t max,
                                hfhub__sse_fn fn, void *user);
/* Feeds bytes; events are dispatched as their blank line arrives. Returns HFHUB_OK,
 * HFHUB_ERR_TOO_LARGE (a line or an event beyond max), HFHUB_ERR_NOMEM or
 * HFHUB_ERR_CANCELLED; after a failure every call returns it again. */
HFHUB__API hfhub_result hfhub__sse_feed(hfhub__sse *s, const void *data, size_t n);
/* The end of the stream: a last line without a line end is processed; an event without
 * its closing blank line is dropped, as the standard says. */
HFHUB__API hfhub_result hfhub__sse_finish(hfhub__sse *s);
HFHUB__API void hfhub__sse_free(hfhub__sse *s);
/* An on_body callback for a sink whose user is an hfhub__sse*. */
HFHUB__API int hfhub__sse_on_body(void *sse, const void *data, size_t n);
