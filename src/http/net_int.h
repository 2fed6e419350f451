/* net_int.h: non-blocking TCP sockets with timeouts, on POSIX or Winsock (library-internal).
 * Used by the socket transport and its TLS layer. Compiled out by HFHUB_NO_SOCKETS. */
#ifndef HFHUB_NO_SOCKETS

#if defined(HFHUB__WIN32)
typedef uintptr_t hfhub__sock; /* SOCKET */
#else
typedef int hfhub__sock;
#endif
#define HFHUB__NO_SOCK ((hfhub__sock)-1)

/* The time limits of one phase of an exchange. Every wait for the socket ends at end_ms
 * (monotonic clock; 0: no end) and lasts at most idle_ms (0: no limit). */
typedef struct hfhub__net_timer {
    int64_t end_ms;
    int idle_ms;
    int end_limit_ms;     /* what end_ms was derived from, for the message */
    const char *end_what; /* "connecting", "the request": "<what> took longer than N ms" */
} hfhub__net_timer;

/* Sets a timer ending limit_ms from now (0: never) and at the earlier `cap` (0: none). */
HFHUB__API void hfhub__net_timer_init(hfhub__net_timer *t, int limit_ms, int idle_ms, const char *what,
                                     const hfhub__net_timer *cap);

/* Winsock start-up and clean-up, paired; no-ops elsewhere. 0 ok. */
HFHUB__API int hfhub__net_startup(void);
HFHUB__API void hfhub__net_cleanup(void);

/* Resolves host (IPv4 or IPv6) and connects to the first address that answers, giving each
 * address timeout_ms (0: no limit), all within `cap` (may be NULL). The socket is
 * non-blocking, close-on-exec, TCP_NODELAY. Errors: NETWORK, TIMEOUT. */
HFHUB__API hfhub_result hfhub__net_connect(const char *host, int port, int timeout_ms, const hfhub__net_timer *cap,
                                          hfhub__sock *out);
/* Waits until s is readable (or writable with for_write). HFHUB_OK or HFHUB_ERR_TIMEOUT. */
HFHUB__API hfhub_result hfhub__net_wait(hfhub__sock s, int for_write, const hfhub__net_timer *t);
/* One non-blocking attempt: 1 with *n set (0 from recv: the peer closed), 0 when it would
 * block, -1 on an error (recorded as HFHUB_ERR_NETWORK). */
HFHUB__API int hfhub__net_try_recv(hfhub__sock s, void *buf, size_t cap, size_t *n);
HFHUB__API int hfhub__net_try_send(hfhub__sock s, const void *buf, size_t len, size_t *n);
/* Blocking forms within t: read some bytes (*n = 0: the peer closed), write them all. */
HFHUB__API hfhub_result hfhub__net_read(hfhub__sock s, void *buf, size_t cap, size_t *n, const hfhub__net_timer *t);
HFHUB__API hfhub_result hfhub__net_write(hfhub__sock s, const void *buf, size_t len, const hfhub__net_timer *t);
/* 1 if an idle connection still looks usable: nothing to read, no hang-up. */
HFHUB__API int hfhub__net_idle_ok(hfhub__sock s);
HFHUB__API void hfhub__net_close(hfhub__sock s);

#endif
