/* net.c: non-blocking TCP sockets with timeouts (POSIX sockets or Winsock). */
#ifndef HFHUB_NO_SOCKETS
#include <string.h>
#include <stdio.h>
#if defined(HFHUB__WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#define HFHUB__NET_ERRNO() WSAGetLastError()
#define HFHUB__NET_EINTR WSAEINTR
#define HFHUB__NET_WOULDBLOCK(e) ((e) == WSAEWOULDBLOCK)
#define HFHUB__NET_INPROGRESS(e) ((e) == WSAEWOULDBLOCK || (e) == WSAEINPROGRESS)
#define hfhub__net_poll(fds, n, ms) WSAPoll(fds, n, ms)
#else
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#define HFHUB__NET_ERRNO() errno
#define HFHUB__NET_EINTR EINTR
#define HFHUB__NET_WOULDBLOCK(e) ((e) == EAGAIN || (e) == EWOULDBLOCK)
#define HFHUB__NET_INPROGRESS(e) ((e) == EINPROGRESS)
#define hfhub__net_poll(fds, n, ms) poll(fds, n, ms)
#endif
#ifdef MSG_NOSIGNAL
#define HFHUB__NET_NOSIGNAL MSG_NOSIGNAL
#else
#define HFHUB__NET_NOSIGNAL 0 /* macOS: SO_NOSIGPIPE is set on the socket instead */
#endif

static const char *hfhub__net_strerror(int e) {
#if defined(HFHUB__WIN32)
    static HFHUB__TLS char msg[32];
    snprintf(msg, sizeof msg, "Winsock error %d", e);
    return msg;
#else
    return strerror(e);
#endif
}

void hfhub__net_timer_init(hfhub__net_timer *t, int limit_ms, int idle_ms, const char *what,
                           const hfhub__net_timer *cap) {
    memset(t, 0, sizeof *t);
    t->idle_ms = idle_ms > 0 ? idle_ms : 0;
    if (limit_ms > 0) {
        t->end_ms = hfhub__monotonic_ms() + limit_ms;
        t->end_limit_ms = limit_ms;
        t->end_what = what;
    }
    if (cap && cap->end_ms && (!t->end_ms || cap->end_ms < t->end_ms)) {
        t->end_ms = cap->end_ms;
        t->end_limit_ms = cap->end_limit_ms;
        t->end_what = cap->end_what;
    }
}

#if defined(HFHUB__WIN32)
int hfhub__net_startup(void) {
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa) ? -1 : 0;
}
void hfhub__net_cleanup(void) { WSACleanup(); }
void hfhub__net_close(hfhub__sock s) { if (s != HFHUB__NO_SOCK) closesocket((SOCKET)s); }
static int hfhub__net_set_nonblocking(hfhub__sock s) {
    u_long on = 1;
    return ioctlsocket((SOCKET)s, FIONBIO, &on) ? -1 : 0;
}
#else
int hfhub__net_startup(void) { return 0; }
void hfhub__net_cleanup(void) {}
void hfhub__net_close(hfhub__sock s) { if (s != HFHUB__NO_SOCK) close(s); }
static int hfhub__net_set_nonblocking(hfhub__sock s) {
    int fl = fcntl(s, F_GETFL, 0);
    if (fl < 0 || fcntl(s, F_SETFL, fl | O_NONBLOCK) < 0) return -1;
    fcntl(s, F_SETFD, FD_CLOEXEC);
#ifdef SO_NOSIGPIPE
    {
        int on = 1;
        setsockopt(s, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
    }
#endif
    return 0;
}
#endif

hfhub_result hfhub__net_wait(hfhub__sock s, int for_write, const hfhub__net_timer *t) {
    for (;;) {
        struct pollfd pfd;
        int wait = t->idle_ms > 0 ? t->idle_ms : -1, by_end = 0, r;
        if (t->end_ms) {
            int64_t left = t->end_ms - hfhub__monotonic_ms();
            if (left <= 0) left = 0;
            if (wait < 0 || left < wait) {
                wait = (int)left;
                by_end = 1;
            }
        }
        pfd.fd = s;
        pfd.events = (short)(for_write ? POLLOUT : POLLIN);
        pfd.revents = 0;
        r = hfhub__net_poll(&pfd, 1, wait);
        if (r > 0) return HFHUB_OK;
        if (r < 0 && HFHUB__NET_ERRNO() == HFHUB__NET_EINTR) continue;
        if (r < 0) {
            int e = HFHUB__NET_ERRNO();
            return hfhub__fail(HFHUB_ERR_NETWORK, "poll failed: %s", hfhub__net_strerror(e));
        }
        if (by_end)
            return hfhub__fail(HFHUB_ERR_TIMEOUT, "timed out: %s took longer than %d ms",
                               t->end_what ? t->end_what : "the request", t->end_limit_ms);
        return hfhub__fail(HFHUB_ERR_TIMEOUT, for_write ? "timed out: the server took no data for %d ms"
                                                       : "timed out: no data from the server for %d ms",
                           t->idle_ms);
    }
}

/* Connects one resolved address; *err receives the failure. */
static hfhub_result hfhub__net_connect_one(const struct addrinfo *ai, const hfhub__net_timer *t,
                                           hfhub__sock *out, int *err) {
    hfhub__sock s = (hfhub__sock)socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
    int one = 1, e = 0;
    socklen_t elen = (socklen_t)sizeof e;
    hfhub_result r;
    *err = 0;
    if (s == HFHUB__NO_SOCK || hfhub__net_set_nonblocking(s)) {
        *err = HFHUB__NET_ERRNO();
        hfhub__net_close(s);
        return HFHUB_ERR_NETWORK;
    }
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    if (connect(s, ai->ai_addr, (socklen_t)ai->ai_addrlen) != 0) {
        e = HFHUB__NET_ERRNO();
        if (!HFHUB__NET_INPROGRESS(e)) {
            *err = e;
            hfhub__net_close(s);
            return HFHUB_ERR_NETWORK;
        }
        if ((r = hfhub__net_wait(s, 1, t)) != HFHUB_OK) {
            hfhub__net_close(s);
            return r;
        }
        e = 0;
        if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&e, &elen) != 0) e = HFHUB__NET_ERRNO();
        if (e) {
            *err = e;
            hfhub__net_close(s);
            return HFHUB_ERR_NETWORK;
        }
    }
    *out = s;
    return HFHUB_OK;
}

hfhub_result hfhub__net_connect(const char *host, int port, int timeout_ms, const hfhub__net_timer *cap,
                               hfhub__sock *out) {
    struct addrinfo hints, *res = NULL, *ai;
    char service[16];
    int rc, err = 0;
    hfhub_result r = HFHUB_ERR_NETWORK;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    snprintf(service, sizeof service, "%d", port);
    *out = HFHUB__NO_SOCK;
    rc = getaddrinfo(host, service, &hints, &res);
    if (rc == EAI_NONAME || rc == EAI_FAIL) { /* AI_ADDRCONFIG hides names of loopback-only hosts */
        hints.ai_flags = 0;
        rc = getaddrinfo(host, service, &hints, &res);
    }
    if (rc != 0) return hfhub__fail(HFHUB_ERR_NETWORK, "cannot resolve host %s: %s", host, gai_strerror(rc));
    for (ai = res; ai; ai = ai->ai_next) {
        hfhub__net_timer t;
        hfhub__net_timer_init(&t, timeout_ms, 0, "connecting", cap);
        r = hfhub__net_connect_one(ai, &t, out, &err);
        if (r == HFHUB_OK) break;
        /* An address that does not answer (say, IPv6 without a route) costs its timeout and
         * the next one is tried, while the exchange's own deadline allows. */
        if (r == HFHUB_ERR_TIMEOUT && cap && cap->end_ms && hfhub__monotonic_ms() >= cap->end_ms) break;
    }
    freeaddrinfo(res);
    if (r == HFHUB_ERR_NETWORK)
        return hfhub__fail(HFHUB_ERR_NETWORK, "cannot connect to %s port %d: %s", host, port,
                           err ? hfhub__net_strerror(err) : "no address");
    return r;
}

int hfhub__net_try_recv(hfhub__sock s, void *buf, size_t cap, size_t *n) {
    for (;;) {
#if defined(HFHUB__WIN32)
        int r = recv((SOCKET)s, (char *)buf, cap > 0x40000000 ? 0x40000000 : (int)cap, 0);
#else
        ssize_t r = recv(s, buf, cap, 0);
#endif
        if (r >= 0) {
            *n = (size_t)r;
            return 1;
        } else {
            int e = HFHUB__NET_ERRNO();
            if (e == HFHUB__NET_EINTR) continue;
            if (HFHUB__NET_WOULDBLOCK(e)) return 0;
            hfhub__fail(HFHUB_ERR_NETWORK, "receive failed: %s", hfhub__net_strerror(e));
            return -1;
        }
    }
}

int hfhub__net_try_send(hfhub__sock s, const void *buf, size_t len, size_t *n) {
    for (;;) {
#if defined(HFHUB__WIN32)
        int r = send((SOCKET)s, (const char *)buf, len > 0x40000000 ? 0x40000000 : (int)len, 0);
#else
        ssize_t r = send(s, buf, len, HFHUB__NET_NOSIGNAL);
#endif
        if (r >= 0) {
            *n = (size_t)r;
            return 1;
        } else {
            int e = HFHUB__NET_ERRNO();
            if (e == HFHUB__NET_EINTR) continue;
            if (HFHUB__NET_WOULDBLOCK(e)) return 0;
            hfhub__fail(HFHUB_ERR_NETWORK, "send failed: %s", hfhub__net_strerror(e));
            return -1;
        }
    }
}

hfhub_result hfhub__net_read(hfhub__sock s, void *buf, size_t cap, size_t *n, const hfhub__net_timer *t) {
    for (;;) {
        hfhub_result r;
        int k = hfhub__net_try_recv(s, buf, cap, n);
        if (k > 0) return HFHUB_OK;
        if (k < 0) return HFHUB_ERR_NETWORK;
        if ((r = hfhub__net_wait(s, 0, t)) != HFHUB_OK) return r;
    }
}

hfhub_result hfhub__net_write(hfhub__sock s, const void *buf, size_t len, const hfhub__net_timer *t) {
    const char *p = (const char *)buf;
    while (len) {
        size_t n = 0;
        hfhub_result r;
        int k = hfhub__net_try_send(s, p, len, &n);
        if (k < 0) return HFHUB_ERR_NETWORK;
        if (k > 0) {
            p += n;
            len -= n;
        } else if ((r = hfhub__net_wait(s, 1, t)) != HFHUB_OK) {
            return r;
        }
    }
    return HFHUB_OK;
}

int hfhub__net_idle_ok(hfhub__sock s) {
    struct pollfd pfd;
    pfd.fd = s;
    pfd.events = POLLIN;
    pfd.revents = 0;
    return hfhub__net_poll(&pfd, 1, 0) == 0;
}

#undef HFHUB__NET_ERRNO
#undef HFHUB__NET_EINTR
#undef HFHUB__NET_WOULDBLOCK
#undef HFHUB__NET_INPROGRESS
#undef HFHUB__NET_NOSIGNAL
#undef hfhub__net_poll
#endif
