/* test_tiny_agents.c: build/tiny-agents driven through a pseudo-terminal (run) and over HTTP
 * (serve), against tests/mcp/model.py and tests/mcp/server.py; agents from the Hub
 * (localhub); bad agent.json files. */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE 1
#include "localhub.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

static char t_bin[1024], t_root[1024], t_dir[128];
static t_proc t_model_proc;
static int t_model_port;

static void t_write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (f) { fputs(text, f); fclose(f); }
}

/* An agent folder using the scripted model and two scripted servers (flat and nested). */
static void t_make_agent(const char *dir, const char *extra_server) {
    char path[1200], json[4096];
    mkdir(dir, 0700);
    snprintf(json, sizeof json,
             "{\"model\": \"scripted/adder\", \"endpointUrl\": \"http://127.0.0.1:%d/v1\", \"apiKey\": \"${input:key}\",\n"
             " \"inputs\": [{\"type\": \"promptString\", \"id\": \"key\", \"description\": \"API key\", \"password\": true},\n"
             "            {\"type\": \"promptString\", \"id\": \"unused\", \"description\": \"Unused\"}],\n"
             " \"servers\": [{\"type\": \"stdio\", \"command\": \"python3\", \"args\": [\"%s/tests/mcp/server.py\", \"stdio\"]},\n"
             "   {\"type\": \"stdio\", \"config\": {\"command\": \"python3\", \"args\": [\"%s/tests/mcp/server.py\", \"stdio\",\n"
             "    \"--prefix-names\", \"z_\"], \"allowed_tools\": [\"z_echo\"]}}%s]}\n",
             t_model_port, t_root, t_root, extra_server ? extra_server : "");
    snprintf(path, sizeof path, "%s/agent.json", dir);
    t_write_file(path, json);
    snprintf(path, sizeof path, "%s/AGENTS.md", dir);
    t_write_file(path, "You are a calculator.");
}

/* ---- a pty --------------------------------------------------------------------------------- */

typedef struct t_pty { int master; pid_t pid; char out[65536]; size_t len; } t_pty;

static int t_pty_start(t_pty *p, char *const argv[]) {
    memset(p, 0, sizeof *p);
    p->master = posix_openpt(O_RDWR | O_NOCTTY);
    if (p->master < 0 || grantpt(p->master) || unlockpt(p->master)) return -1;
    p->pid = fork();
    if (p->pid == 0) {
        int slave;
        setsid();
        slave = open(ptsname(p->master), O_RDWR);
        dup2(slave, 0); dup2(slave, 1); dup2(slave, 2);
        close(p->master);
        execv(argv[0], argv);
        _exit(127);
    }
    return p->pid > 0 ? 0 : -1;
}

/* Reads until `want` appears in the output (after `from`), up to 15 s. */
static const char *t_pty_expect(t_pty *p, size_t from, const char *want) {
    int waited = 0;
    for (;;) {
        struct pollfd pf;
        const char *hit;
        p->out[p->len] = 0;
        if ((hit = strstr(p->out + from, want)) != NULL) return hit;
        if (waited > 15000 || p->len + 1 >= sizeof p->out) return NULL;
        pf.fd = p->master; pf.events = POLLIN; pf.revents = 0;
        if (poll(&pf, 1, 100) > 0) {
            ssize_t n = read(p->master, p->out + p->len, sizeof p->out - 1 - p->len);
            if (n <= 0) { p->out[p->len] = 0; return strstr(p->out + from, want); }
            p->len += (size_t)n;
        }
        waited += 100;
    }
}

static void t_pty_send(t_pty *p, const char *s) { if (write(p->master, s, strlen(s)) < 0) {} }

static int t_pty_wait(t_pty *p) {
    int st = -1, i;
    for (i = 0; i < 100; i++) {
        char buf[4096];
        struct pollfd pf;
        if (waitpid(p->pid, &st, WNOHANG) == p->pid) break;
        pf.fd = p->master; pf.events = POLLIN; pf.revents = 0;   /* drain without blocking */
        if (poll(&pf, 1, 50) > 0 && read(p->master, buf, sizeof buf) < 0) usleep(50000);
    }
    if (i == 100) { kill(p->pid, SIGKILL); waitpid(p->pid, &st, 0); st = -1; }
    close(p->master);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_run_in_a_terminal(void) {
    char dir[256];
    char *argv[4];
    t_pty p;
    size_t mark;
    snprintf(dir, sizeof dir, "%s/calc", t_dir);
    t_make_agent(dir, NULL);
    argv[0] = t_bin; argv[1] = (char *)"run"; argv[2] = dir; argv[3] = NULL;
    if (t_pty_start(&p, argv)) { CHECK(!"pty"); return; }
    CHECK(t_pty_expect(&p, 0, "API key (key): ") != NULL);
    t_pty_send(&p, "secret\n");
    CHECK(t_pty_expect(&p, 0, "Agent loaded with 12 tools:") != NULL);
    CHECK(strstr(p.out, "Input 'unused' defined in config but not used") != NULL);
    CHECK(strstr(p.out, "secret") == NULL);          /* the password was not echoed */
    CHECK(t_pty_expect(&p, 0, " \xE2\x80\xA2 z_echo") != NULL);
    CHECK(t_pty_expect(&p, 0, "\xC2\xBB ") != NULL);
    mark = p.len;
    t_pty_send(&p, "add 4 and 5\n");
    CHECK(t_pty_expect(&p, mark, "Adding.\r\n<Tool call_1>add {\"a\": 4, \"b\": 5}\r\n\r\n\r\nTool[add] call_1\r\n9\r\n The answer is 9.") != NULL);
    CHECK(t_pty_expect(&p, mark, "Tool[task_complete] call_2") != NULL);
    CHECK(t_pty_expect(&p, mark, "\xC2\xBB ") != NULL);
    /* Ctrl+C during a slow answer aborts it; the agent keeps running */
    mark = p.len;
    t_pty_send(&p, "slow please\n");
    CHECK(t_pty_expect(&p, mark, "tick1 ") != NULL);
    t_pty_send(&p, "\x03");
    CHECK(t_pty_expect(&p, mark, "(interrupted; Ctrl+C again exits)") != NULL);
    CHECK(strstr(p.out + mark, "tick19") == NULL);
    mark = p.len;
    t_pty_send(&p, "hi\n");
    CHECK(t_pty_expect(&p, mark, "Hello from the model.") != NULL);
    CHECK(t_pty_expect(&p, mark, "\xC2\xBB ") != NULL);
    /* twice at the prompt: exit 130 (after a person's pause: the prompt is printed before
     * the read that a Ctrl+C interrupts starts waiting) */
    usleep(200000);
    t_pty_send(&p, "\x03");
    CHECK(t_pty_expect(&p, mark, "(press Ctrl+C again to exit)") != NULL);
    t_pty_send(&p, "\x03");
    CHECK_INT(t_pty_wait(&p), 130);
}

static void test_run_eof_exits(void) {
    char dir[256];
    char *argv[4];
    t_pty p;
    snprintf(dir, sizeof dir, "%s/calc", t_dir);
    argv[0] = t_bin; argv[1] = (char *)"run"; argv[2] = dir; argv[3] = NULL;
    if (t_pty_start(&p, argv)) { CHECK(!"pty"); return; }
    CHECK(t_pty_expect(&p, 0, "API key (key): ") != NULL);
    t_pty_send(&p, "\n");                            /* empty: falls back to $KEY (unset) */
    CHECK(t_pty_expect(&p, 0, "\xC2\xBB ") != NULL);
    t_pty_send(&p, "\x04");                          /* Ctrl+D */
    CHECK_INT(t_pty_wait(&p), 0);
}

/* ---- serve --------------------------------------------------------------------------------- */

static int t_http(int port, const char *req, char *out, size_t cap) {
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    size_t n = 0;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) { close(fd); return -1; }
    if (write(fd, req, strlen(req)) < 0) {}
    for (;;) {
        ssize_t r = read(fd, out + n, cap - 1 - n);
        if (r <= 0) break;
        n += (size_t)r;
    }
    out[n] = 0;
    close(fd);
    return (int)n;
}

static void t_post(int port, const char *body, char *out, size_t cap) {
    char req[4096];
    snprintf(req, sizeof req, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             "Content-Length: %lu\r\n\r\n%s", (unsigned long)strlen(body), body);
    t_http(port, req, out, cap);
}

static void test_serve(void) {
    char dir[256], line[256], env[64];
    char *argv[5];
    static char out[65536];
    const char *p;
    t_proc s;
    int port, i;
    static const char *const expect[] = {   /* the chunks come through the inference client, compact */
        "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}",
        "\"delta\":{\"content\":\"Adding.\"}",
        "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\": 6,\"}}]}",
        "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"b\\\": 7}\"}}]}",
        "\"finish_reason\":\"tool_calls\"",
        "\"delta\":{\"role\":\"tool\",\"content\":\"Tool[add] call_1\\n13\"}",
        "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}",
        "{\"content\":\" The answer is 13.\"}",
        "\"name\":\"task_complete\"",
        "\"finish_reason\":\"tool_calls\"",
        "\"delta\":{\"role\":\"tool\",\"content\":\"Tool[task_complete] call_2\\n\"}",
        "[DONE]",
    };
    snprintf(dir, sizeof dir, "%s/serve", t_dir);
    t_make_agent(dir, NULL);
    /* no terminal: the input prompt reads stdin; give the key through the environment */
    snprintf(env, sizeof env, "PORT=0");
    putenv(env);
    setenv("KEY", "secret", 1);
    argv[0] = (char *)"sh"; argv[1] = (char *)"-c";
    argv[2] = (char *)"exec \"$0\" serve \"$1\" < /dev/null"; argv[3] = t_bin; argv[4] = dir;
    {
        char *full[6];
        full[0] = argv[0]; full[1] = argv[1]; full[2] = argv[2]; full[3] = argv[3]; full[4] = argv[4]; full[5] = NULL;
        if (t_spawn(&s, full, "Server listening", line, sizeof line)) { CHECK(!"serve start"); return; }
    }
    port = atoi(strrchr(line, ':') + 1);
    t_post(port, "{\"messages\": [{\"role\": \"user\", \"content\": \"add 6 and 7\"}], \"stream\": true}", out, sizeof out);
    CHECK(strncmp(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n", 50) == 0);
    CHECK(strstr(out, "\r\nX-Request-Id: tiny-") != NULL);
    /* chunk by chunk: each event in order */
    p = strstr(out, "\r\n\r\n");
    for (i = 0; p && i < (int)(sizeof expect / sizeof expect[0]); i++) {
        const char *ev = strstr(p, "data: ");
        const char *end = ev ? strstr(ev, "\n\n") : NULL;
        if (!ev || !end) { CHECK(!"missing event"); break; }
        {
            char one[2048];
            size_t n = (size_t)(end - ev) < sizeof one - 1 ? (size_t)(end - ev) : sizeof one - 1;
            memcpy(one, ev, n);
            one[n] = 0;
            if (!strstr(one, expect[i])) { fprintf(stderr, "event %d: %s\n  wanted: %s\n", i, one, expect[i]); CHECK(0); }
        }
        p = end + 2;
    }
    CHECK(p && *p == 0);
    CHECK(strstr(out, "\n\ndata: {\"id\":\"call_1\",\"object\":\"chat.completion.chunk\",\"created\":") != NULL);
    t_post(port, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", out, sizeof out);
    CHECK(strstr(out, "HTTP/1.1 400 Bad Request") == out);
    CHECK(strstr(out, "{\"error\": \"Non-streaming mode is not supported\"}") != NULL);
    t_post(port, "{\"messages\": [{\"role\": \"system\", \"content\": \"x\"}], \"stream\": true}", out, sizeof out);
    CHECK(strstr(out, "{\"error\": \"each message needs role user or assistant\"}") != NULL);
    t_http(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", out, sizeof out);
    CHECK(strstr(out, "HTTP/1.1 404 Not Found") == out);
    CHECK(strstr(out, "{\"error\": \"Route or method not found, try POST /v1/chat/completions\"}") != NULL);
    kill(s.pid, SIGINT);
    {
        int st;
        waitpid(s.pid, &st, 0);
        s.pid = 0;
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 130);
    }
    t_stop(&s);
    unsetenv("KEY");
}

/* ---- bad configurations ------------------------------------------------------------------ */

/* Runs tiny-agents run <file> with stdin from /dev/null; returns its exit status, stderr in err. */
static int t_run_config(const char *json, char *err, size_t cap) {
    char path[256], cmd[1400];
    snprintf(path, sizeof path, "%s/bad.json", t_dir);
    t_write_file(path, json);
    snprintf(cmd, sizeof cmd, "'%s' run '%s' </dev/null 2>&1 >/dev/null", t_bin, path);
    return t_capture(cmd, err, cap);
}

static void test_bad_configs(void) {
    char err[2048];
    CHECK_INT(t_run_config("{\"model\": \"m\",\n \"servers\": [}", err, sizeof err), 1);
    CHECK(strstr(err, "bad.json: parse error") != NULL || strstr(err, "bad.json: JSON") != NULL);
    CHECK(strstr(err, "line 2") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"servers\": [{\"type\": \"stdio\", \"args\": []}]}", err, sizeof err), 1);
    CHECK(strstr(err, "servers[0] (stdio) has no \"command\"") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"servers\": [{\"type\": \"ftp\"}]}", err, sizeof err), 1);
    CHECK(strstr(err, "servers[0].type is \"ftp\", not stdio, sse or http") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"endpointUrl\": \"http://127.0.0.1:1/v1\", \"servers\": [{\"type\": \"http\","
                           " \"url\": \"http://127.0.0.1:1/mcp\", \"headers\": {\"Authorization\": \"Bearer ${input:nope}\"}}]}",
                           err, sizeof err), 1);
    CHECK(strstr(err, "${input:nope} refers to no entry of \"inputs\"") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"endpointUrl\": \"http://127.0.0.1:1/v1\", \"servers\": [{\"type\": \"stdio\","
                           " \"command\": \"/nonexistent/x\"}]}", err, sizeof err), 1);
    CHECK(strstr(err, "MCP server 'servers[0] (/nonexistent/x)': cannot run '/nonexistent/x'") != NULL);
    CHECK_INT(t_run_config("[1]", err, sizeof err), 1);
    CHECK(strstr(err, "not a JSON object") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"inputs\": {\"id\": \"k\"}}", err, sizeof err), 1);
    CHECK(strstr(err, "bad.json: \"inputs\" must be an array") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"apiKey\": \"${input:k}\", \"inputs\": [{\"description\": \"k\"}]}", err, sizeof err), 1);
    CHECK(strstr(err, "agent.json: inputs[0] has no \"id\"") != NULL);
    /* ${env:VAR}: unset and malformed placeholders are errors */
    unsetenv("TA_TEST_UNSET");
    CHECK_INT(t_run_config("{\"model\": \"m\", \"servers\": [{\"type\": \"http\", \"url\": \"http://127.0.0.1:1/mcp\","
                           " \"headers\": {\"Authorization\": \"Bearer ${env:TA_TEST_UNSET}\"}}]}", err, sizeof err), 1);
    CHECK(strstr(err, "agent.json: ${env:TA_TEST_UNSET} is not set in the environment") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"apiKey\": \"${env:1X}\"}", err, sizeof err), 1);
    CHECK(strstr(err, "agent.json: malformed placeholder \"${env:1X}\"") != NULL);
    CHECK_INT(t_run_config("{\"model\": \"m\", \"servers\": [{\"type\": \"stdio\", \"command\": \"x\", \"args\": [\"${env:A\"]}]}",
                           err, sizeof err), 1);
    CHECK(strstr(err, "agent.json: malformed placeholder \"${env:A\"") != NULL);
}

/* ${env:VAR} in the command, an argument and apiKey (the scripted model wants "secret"). */
static void test_env_placeholders(void) {
    char path[256], cmd[4096], out[8192];
    snprintf(path, sizeof path, "%s/env.json", t_dir);
    t_write_file(path,
             "{\"model\": \"scripted/adder\", \"endpointUrl\": \"http://127.0.0.1:${env:TA_TEST_PORT}/v1\", "
             "\"apiKey\": \"${env:TA_TEST_KEY}\", \"servers\": [{\"type\": \"stdio\", \"command\": \"${env:TA_TEST_PY}\", "
             "\"args\": [\"${env:TA_TEST_ROOT}/tests/mcp/server.py\", \"stdio\"]}]}");
    snprintf(cmd, sizeof cmd, "echo 'add 1 and 2' | TA_TEST_PORT=%d TA_TEST_KEY=secret TA_TEST_PY=python3 TA_TEST_ROOT='%s' "
             "'%s' run '%s' 2>&1", t_model_port, t_root, t_bin, path);
    CHECK_INT(t_capture(cmd, out, sizeof out), 0);
    CHECK(strstr(out, "Agent loaded with 11 tools:") != NULL);
    CHECK(strstr(out, "The answer is 3.") != NULL);
}

/* ---- from the Hub --------------------------------------------------------------------------- */

static void test_agent_from_hub(void) {
    t_hub hub;
    char seed[4096], json[2048], cache[256], cmd[1600], out[8192];
    if (t_hub_start(&hub)) { CHECK(!"localhub"); return; }
    snprintf(json, sizeof json,
             "{\\\"model\\\": \\\"scripted/adder\\\", \\\"endpointUrl\\\": \\\"http://127.0.0.1:%d/v1\\\", "
             "\\\"apiKey\\\": \\\"secret\\\", \\\"servers\\\": [{\\\"type\\\": \\\"stdio\\\", \\\"command\\\": \\\"python3\\\", "
             "\\\"args\\\": [\\\"%s/tests/mcp/server.py\\\", \\\"stdio\\\"]}]}", t_model_port, t_root);
    snprintf(seed, sizeof seed, "{\"repo\": \"tiny-agents/tiny-agents\", \"type\": \"dataset\", \"org\": true, \"files\": "
             "{\"user/calc/agent.json\": \"%s\", \"user/calc/AGENTS.md\": \"Be brief.\"}}", json);
    CHECK_OK(t_hub_seed(&hub, seed, NULL));
    snprintf(cache, sizeof cache, "%s/hubcache", t_dir);
    snprintf(cmd, sizeof cmd, "echo 'add 1 and 2' | HF_ENDPOINT='%s' HF_HUB_CACHE='%s' HF_TOKEN= '%s' run user/calc 2>&1",
             hub.url, cache, t_bin);
    CHECK_INT(t_capture(cmd, out, sizeof out), 0);
    CHECK(strstr(out, "Agent loaded with 11 tools:") != NULL);
    CHECK(strstr(out, "The answer is 3.") != NULL);
    snprintf(cmd, sizeof cmd, "HF_ENDPOINT='%s' HF_HUB_CACHE='%s' '%s' run user/missing </dev/null 2>&1", hub.url, cache, t_bin);
    CHECK(t_capture(cmd, out, sizeof out) > 0);
    CHECK(strstr(out, "'user/missing' is not a file, a folder, or an agent of the Hub dataset tiny-agents/tiny-agents") != NULL);
    t_hub_stop(&hub);
}

int main(void) {
    const char *root = getenv("HFHUB_ROOT"), *build = getenv("HFHUB_BUILD");
    char line[128], cmd[1400];
    char *argv[3];
    snprintf(t_root, sizeof t_root, "%s", root && *root ? root : ".");
    snprintf(t_bin, sizeof t_bin, "%s/tiny-agents", build && *build ? build : "build");
    snprintf(t_dir, sizeof t_dir, "/tmp/test_tiny_agents.XXXXXX");
    if (!mkdtemp(t_dir) || access(t_bin, X_OK)) { fprintf(stderr, "no %s\n", t_bin); return 1; }
    snprintf(cmd, sizeof cmd, "%s/tests/mcp/model.py", t_root);
    argv[0] = (char *)"python3"; argv[1] = cmd; argv[2] = NULL;
    if (t_spawn(&t_model_proc, argv, "ready", line, sizeof line)) return 1;
    t_model_port = atoi(line + 6);
    RUN(test_run_in_a_terminal);
    RUN(test_run_eof_exits);
    RUN(test_serve);
    RUN(test_bad_configs);
    RUN(test_env_placeholders);
    RUN(test_agent_from_hub);
    t_stop(&t_model_proc);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t_dir);
    if (system(cmd) != 0) {}
    return TEST_END();
}
