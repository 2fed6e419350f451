/* mcp_stdio.c: the stdio transport: a child process, newline-delimited JSON-RPC on its
 * stdin/stdout (POSIX; not in HFHUB_NO_STDIO builds or on Windows). */
#include <string.h>
#include <stdio.h>
#if !defined(HFHUB_NO_STDIO) && !defined(HFHUB__WIN32)
#define HFHUB__MCP_HAVE_STDIO 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;
#endif

#ifdef HFHUB__MCP_HAVE_STDIO

/* The variables the MCP SDK passes on to a server by default. */
static const char *const hfhub__mcp_stdio_keep[] = {"HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"};

/* NULL-terminated "NAME=value" array: the kept variables of ours, then the server's (a
 * server entry replaces an inherited one of the same name). Strings live in ar. */
static char **hfhub__mcp_stdio_env(hfhub__arena *ar, const hfhub_mcp_server_opts *o) {
    size_t i, j, n = 0, cap = 6 + o->n_env + 1;
    char **env = (char **)hfhub__arena_alloc(ar, cap * sizeof *env);
    if (!env) return NULL;
    for (i = 0; i < 6; i++) {
        const char *v = getenv(hfhub__mcp_stdio_keep[i]);
        size_t ln = strlen(hfhub__mcp_stdio_keep[i]);
        int overridden = 0;
        if (!v) continue;
        for (j = 0; j < o->n_env; j++)
            if (!strncmp(o->env[j], hfhub__mcp_stdio_keep[i], ln) && o->env[j][ln] == '=') overridden = 1;
        if (overridden) continue;
        env[n] = (char *)hfhub__arena_alloc(ar, ln + strlen(v) + 2);
        if (!env[n]) return NULL;
        sprintf(env[n++], "%s=%s", hfhub__mcp_stdio_keep[i], v);
    }
    for (j = 0; j < o->n_env; j++)
        if (strchr(o->env[j], '=') && !(env[n++] = hfhub__arena_strdup(ar, o->env[j]))) return NULL;
    env[n] = NULL;
    return env;
}

static void hfhub__mcp_stdio_cloexec(int fd) { (void)fcntl(fd, F_SETFD, FD_CLOEXEC); }
static void hfhub__mcp_stdio_nonblock(int fd) { (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

/* In the child: wire the pipes, enter a new session, exec; on failure report errno on
 * the status pipe. Only async-signal-safe calls, and no return. */
static void hfhub__mcp_stdio_child(int in_r, int out_w, int err_w, int status_w, const char *cwd,
                                   char **argv, char **env) {
    int e;
    (void)setsid();
    if (dup2(in_r, 0) < 0 || dup2(out_w, 1) < 0 || (err_w >= 0 && dup2(err_w, 2) < 0)) goto fail;
    if (cwd && chdir(cwd) != 0) goto fail;
    environ = env;
    execvp(argv[0], argv);
fail:
    e = errno;
    if (write(status_w, &e, sizeof e) < 0) {}
    _exit(127);
}

static hfhub_result hfhub__mcp_stdio_spawn(hfhub__mcp_server *s, const hfhub_mcp_server_opts *o,
                                           char **argv, char **env) {
    int in_p[2] = {-1, -1}, out_p[2] = {-1, -1}, err_p[2] = {-1, -1}, st_p[2] = {-1, -1};
    int err_w = -1, e = 0, i;
    ssize_t got;
    pid_t pid;
    if (pipe(in_p) || pipe(out_p) || pipe(st_p) ||
        (s->stderr_mode == HFHUB_MCP_STDERR_CAPTURE && pipe(err_p))) {
        e = errno;
        goto fail;
    }
    if (s->stderr_mode == HFHUB_MCP_STDERR_CAPTURE) err_w = err_p[1];
    else if (s->stderr_mode == HFHUB_MCP_STDERR_DISCARD) err_w = open("/dev/null", O_WRONLY);
    hfhub__mcp_stdio_cloexec(in_p[1]);
    hfhub__mcp_stdio_cloexec(out_p[0]);
    hfhub__mcp_stdio_cloexec(st_p[0]);
    hfhub__mcp_stdio_cloexec(st_p[1]);
    if (err_p[0] >= 0) hfhub__mcp_stdio_cloexec(err_p[0]);
    pid = fork();
    if (pid < 0) { e = errno; goto fail; }
    if (pid == 0) hfhub__mcp_stdio_child(in_p[0], out_p[1], err_w, st_p[1], o->cwd, argv, env);
    close(st_p[1]);
    st_p[1] = -1;
    do got = read(st_p[0], &e, sizeof e); while (got < 0 && errno == EINTR);
    close(st_p[0]);
    st_p[0] = -1;
    if (got == (ssize_t)sizeof e) {          /* exec failed: reap and report */
        while (waitpid(pid, &i, 0) < 0 && errno == EINTR) {}
        goto fail;
    }
    e = 0;
    s->pid = (long)pid;
    s->in_fd = in_p[1];
    s->out_fd = out_p[0];
    s->err_fd = err_p[0];
    in_p[1] = out_p[0] = err_p[0] = -1;
    hfhub__mcp_stdio_nonblock(s->in_fd);
    hfhub__mcp_stdio_nonblock(s->out_fd);
    if (s->err_fd >= 0) hfhub__mcp_stdio_nonblock(s->err_fd);
fail:
    {
        int fds[9];
        fds[0] = in_p[0]; fds[1] = in_p[1]; fds[2] = out_p[0]; fds[3] = out_p[1];
        fds[4] = err_p[0]; fds[5] = err_p[1]; fds[6] = st_p[0]; fds[7] = st_p[1];
        fds[8] = s->stderr_mode == HFHUB_MCP_STDERR_DISCARD ? err_w : -1;
        for (i = 0; i < 9; i++) if (fds[i] >= 0) close(fds[i]);
    }
    if (e) return hfhub__fail(HFHUB_ERR_IO, "MCP server '%s': cannot run '%s': %s", s->name, argv[0], strerror(e));
    return HFHUB_OK;
}

hfhub_result hfhub__mcp_stdio_open(hfhub__mcp_server *s, const hfhub_mcp_server_opts *o) {
    hfhub__arena ar;
    char **argv, **env;
    size_t i;
    hfhub_result r = HFHUB_ERR_NOMEM;
    hfhub__arena_init(&ar, s->a);
    argv = (char **)hfhub__arena_alloc(&ar, (o->n_args + 2) * sizeof *argv);
    env = hfhub__mcp_stdio_env(&ar, o);
    if (argv && env && (argv[0] = hfhub__arena_strdup(&ar, o->command)) != NULL) {
        for (i = 0; i < o->n_args; i++)
            if (!(argv[i + 1] = hfhub__arena_strdup(&ar, o->args[i] ? o->args[i] : ""))) break;
        if (i == o->n_args) {
            argv[i + 1] = NULL;
            r = hfhub__mcp_stdio_spawn(s, o, argv, env);
        }
    }
    if (r == HFHUB_ERR_NOMEM) r = hfhub__fail(r, "MCP server '%s': starting it", s->name);
    hfhub__arena_free(&ar);
    return r;
}

/* Writes with SIGPIPE blocked for this thread, so a dead child gives EPIPE instead of
 * killing the process; a SIGPIPE raised meanwhile is consumed before unblocking. */
static ssize_t hfhub__mcp_stdio_write(int fd, const char *p, size_t n) {
    sigset_t block, old, pending;
    ssize_t w;
    int e;
    sigemptyset(&block);
    sigaddset(&block, SIGPIPE);
#ifdef HFHUB_NO_THREADS
    sigprocmask(SIG_BLOCK, &block, &old);
#else
    pthread_sigmask(SIG_BLOCK, &block, &old);
#endif
    w = write(fd, p, n);
    e = errno;
    sigpending(&pending);
    if (w < 0 && e == EPIPE && sigismember(&pending, SIGPIPE) && !sigismember(&old, SIGPIPE)) {
        struct timespec zero = {0, 0};
        (void)sigtimedwait(&block, NULL, &zero);
    }
#ifdef HFHUB_NO_THREADS
    sigprocmask(SIG_SETMASK, &old, NULL);
#else
    pthread_sigmask(SIG_SETMASK, &old, NULL);
#endif
    errno = e;
    return w;
}

hfhub_result hfhub__mcp_stdio_send(hfhub__mcp_server *s, const char *msg, size_t len) {
    size_t done = 0;
    int64_t deadline = hfhub__monotonic_ms() + s->call_timeout_ms;
    char nl = '\n';
    if (s->in_fd < 0) return hfhub__fail(HFHUB_ERR_IO, "MCP server '%s': not running", s->name);
    while (done < len + 1) {
        const char *p = done < len ? msg + done : &nl;
        size_t n = done < len ? len - done : 1;
        ssize_t w = hfhub__mcp_stdio_write(s->in_fd, p, n);
        if (w > 0) { done += (size_t)w; continue; }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pf;
            int64_t left = deadline - hfhub__monotonic_ms();
            if (left <= 0) return hfhub__fail(HFHUB_ERR_TIMEOUT, "MCP server '%s' does not read its input", s->name);
            pf.fd = s->in_fd; pf.events = POLLOUT; pf.revents = 0;
            (void)poll(&pf, 1, (int)(left > 1000 ? 1000 : left));
            continue;
        }
        return hfhub__fail(HFHUB_ERR_IO, "MCP server '%s': writing to it failed: %s", s->name,
                           w < 0 ? strerror(errno) : "short write");
    }
    return HFHUB_OK;
}

static void hfhub__mcp_stdio_keep_err(hfhub__mcp_server *s, const char *p, size_t n) {
    size_t cap = sizeof s->err_tail, i;
    for (i = 0; i < n; i++) {
        s->err_tail[s->err_pos] = p[i];
        s->err_pos = (s->err_pos + 1) % cap;
        if (s->err_len < cap) s->err_len++;
    }
}

/* The captured stderr tail (last line(s), at most 300 bytes) into b. */
static void hfhub__mcp_stdio_err_tail(hfhub__mcp_server *s, hfhub__buf *b) {
    size_t cap = sizeof s->err_tail, start = (s->err_pos + cap - s->err_len) % cap, i, skip;
    size_t n = s->err_len;
    while (n && (s->err_tail[(start + n - 1) % cap] == '\n' || s->err_tail[(start + n - 1) % cap] == '\r')) n--;
    skip = n > 300 ? n - 300 : 0;
    if (!n) return;
    hfhub__buf_puts(b, "; its stderr ends with: ");
    for (i = skip; i < n; i++) hfhub__buf_putc(b, s->err_tail[(start + i) % cap]);
}

/* Splits received bytes into lines and delivers them; an oversize line is fatal. */
static void hfhub__mcp_stdio_feed(hfhub__mcp_server *s, const char *p, size_t n) {
    while (n) {
        const char *nl = (const char *)memchr(p, '\n', n);
        size_t take = nl ? (size_t)(nl - p) : n;
        if (s->rx.len + take > s->max_message) {
            char msg[160];
            snprintf(msg, sizeof msg, "MCP server '%s': line %ld is longer than %lu bytes", s->name,
                     s->lines + 1, (unsigned long)s->max_message);
            hfhub__mcp_fail_later(s, HFHUB_ERR_TOO_LARGE, msg);
            hfhub__buf_reset(&s->rx);
            return;
        }
        hfhub__buf_append(&s->rx, p, take);
        if (!nl) return;
        p += take + 1;
        n -= take + 1;
        if (s->rx.len && s->rx.data[s->rx.len - 1] == '\r') s->rx.len--;
        if (s->rx.len) hfhub__mcp_deliver(s, s->rx.data, s->rx.len);
        else s->lines++;
        hfhub__buf_reset(&s->rx);
    }
}

/* The child closed its output: collect its status (briefly) for the message. */
static hfhub_result hfhub__mcp_stdio_eof(hfhub__mcp_server *s) {
    hfhub__buf b;
    int st = 0, i;
    pid_t got = 0;
    for (i = 0; i < 50 && s->pid > 0 && (got = waitpid((pid_t)s->pid, &st, WNOHANG)) == 0; i++)
        hfhub__sleep_ms(10);
    hfhub__buf_init(&b, s->a);
    hfhub__buf_printf(&b, "MCP server '%s' closed its output", s->name);
    if (got == (pid_t)s->pid) {
        s->pid = 0;
        if (WIFEXITED(st)) hfhub__buf_printf(&b, " (exit status %d)", WEXITSTATUS(st));
        else if (WIFSIGNALED(st)) hfhub__buf_printf(&b, " (killed by signal %d)", WTERMSIG(st));
    }
    hfhub__mcp_stdio_err_tail(s, &b);
    hfhub__mcp_fail_later(s, HFHUB_ERR_IO, b.data ? b.data : "MCP server closed its output");
    hfhub__buf_free(&b);
    close(s->out_fd);
    s->out_fd = -1;
    return HFHUB_OK;
}

hfhub_result hfhub__mcp_stdio_wait(hfhub__mcp_server *s, int timeout_ms) {
    struct pollfd pf[2];
    char buf[65536];
    int n = 0, rc;
    if (s->out_fd < 0) return hfhub__fail(HFHUB_ERR_IO, "MCP server '%s' is not running", s->name);
    pf[n].fd = s->out_fd; pf[n].events = POLLIN; pf[n++].revents = 0;
    if (s->err_fd >= 0) { pf[n].fd = s->err_fd; pf[n].events = POLLIN; pf[n++].revents = 0; }
    rc = poll(pf, (nfds_t)n, timeout_ms);
    if (rc < 0) return errno == EINTR ? HFHUB_OK : hfhub__fail(HFHUB_ERR_IO, "poll: %s", strerror(errno));
    if (n > 1 && pf[1].revents) {
        ssize_t got = read(s->err_fd, buf, sizeof buf);
        if (got > 0) hfhub__mcp_stdio_keep_err(s, buf, (size_t)got);
        else if (got == 0) { close(s->err_fd); s->err_fd = -1; }
    }
    if (pf[0].revents) {
        ssize_t got = read(s->out_fd, buf, sizeof buf);
        if (got > 0) hfhub__mcp_stdio_feed(s, buf, (size_t)got);
        else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
            /* read what stderr still holds so the message has it */
            while (s->err_fd >= 0 && (got = read(s->err_fd, buf, sizeof buf)) > 0)
                hfhub__mcp_stdio_keep_err(s, buf, (size_t)got);
            return hfhub__mcp_stdio_eof(s);
        }
    }
    return HFHUB_OK;
}

/* Waits up to ms for the child to exit; 1 when it was reaped. */
static int hfhub__mcp_stdio_reap(hfhub__mcp_server *s, int ms) {
    int st, waited = 0;
    for (;;) {
        pid_t got = waitpid((pid_t)s->pid, &st, WNOHANG);
        if (got == (pid_t)s->pid || (got < 0 && errno != EINTR)) { s->pid = 0; return 1; }
        if (waited >= ms) return 0;
        hfhub__sleep_ms(10);
        waited += 10;
    }
}

/* The MCP shutdown sequence: close its input, wait, SIGTERM, wait, SIGKILL (its process
 * group too, as it runs in its own session), and always reap it. */
void hfhub__mcp_stdio_close(hfhub__mcp_server *s) {
    int st;
    if (s->in_fd >= 0) { close(s->in_fd); s->in_fd = -1; }
    if (s->pid > 0 && !hfhub__mcp_stdio_reap(s, 2000)) {
        kill(-(pid_t)s->pid, SIGTERM);
        kill((pid_t)s->pid, SIGTERM);
        if (!hfhub__mcp_stdio_reap(s, 2000)) {
            kill(-(pid_t)s->pid, SIGKILL);
            kill((pid_t)s->pid, SIGKILL);
            while (waitpid((pid_t)s->pid, &st, 0) < 0 && errno == EINTR) {}
            s->pid = 0;
        }
    }
    if (s->out_fd >= 0) { close(s->out_fd); s->out_fd = -1; }
    if (s->err_fd >= 0) { close(s->err_fd); s->err_fd = -1; }
}

#else /* no processes here */

hfhub_result hfhub__mcp_stdio_open(hfhub__mcp_server *s, const hfhub_mcp_server_opts *o) {
    (void)o;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "MCP server '%s': the stdio transport needs POSIX processes",
                       s->name);
}
hfhub_result hfhub__mcp_stdio_send(hfhub__mcp_server *s, const char *msg, size_t len) {
    (void)msg; (void)len;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "MCP server '%s': no stdio transport", s->name);
}
hfhub_result hfhub__mcp_stdio_wait(hfhub__mcp_server *s, int timeout_ms) {
    (void)timeout_ms;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "MCP server '%s': no stdio transport", s->name);
}
void hfhub__mcp_stdio_close(hfhub__mcp_server *s) { (void)s; }

#endif
#ifdef HFHUB__MCP_HAVE_STDIO
#undef HFHUB__MCP_HAVE_STDIO
#endif
