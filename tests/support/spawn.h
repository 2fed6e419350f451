/* spawn.h: start a helper process (a local server) for a test, wait for its "ready" line,
 * and stop it. POSIX only: tests run on the development machines. */
#ifndef HFHUB_TEST_SPAWN_H
#define HFHUB_TEST_SPAWN_H
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs a shell command; its output (what the command sends to stdout) in out, NUL-terminated;
 * returns its exit code, -1 when it could not run or died of a signal. */
static HFHUB__UNUSED int t_capture(const char *cmd, char *out, size_t cap) {
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(out, 1, cap - 1, p) : 0;
    int st;
    out[n] = 0;
    st = p ? pclose(p) : -1;
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

typedef struct t_proc { pid_t pid; FILE *out; } t_proc;

/* Runs argv (argv[0] looked up in PATH) with stdout piped to us, reads lines until one
 * contains `ready_word` and copies that line into `line`. Returns 0 on success. */
static HFHUB__UNUSED int t_spawn(t_proc *p, char *const argv[], const char *ready_word, char *line, size_t cap) {
    int fds[2];
    if (pipe(fds)) return -1;
    p->pid = fork();
    if (p->pid < 0) return -1;
    if (p->pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    p->out = fdopen(fds[0], "r");
    while (p->out && fgets(line, (int)cap, p->out)) {
        if (strstr(line, ready_word)) return 0;
    }
    return -1;
}

/* SIGTERM, then wait. */
static HFHUB__UNUSED void t_stop(t_proc *p) {
    int st;
    if (p->pid > 0) {
        kill(p->pid, SIGTERM);
        waitpid(p->pid, &st, 0);
        p->pid = 0;
    }
    if (p->out) { fclose(p->out); p->out = NULL; }
}
#endif
