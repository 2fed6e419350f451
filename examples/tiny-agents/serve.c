/* serve.c: tiny-agents serve: POST /v1/chat/completions (stream: true) answered as an event
 * stream of the model's chunks, verbatim, plus one chunk per tool result
 * (delta {"role": "tool", "content": "Tool[name] id\n..."}, id = the tool call id), ended by
 * "data: [DONE]". One request at a time; the agent prompt is the system message. */
#define _POSIX_C_SOURCE 200809L
#include "tiny_agents.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TA_MAX_BODY (16 << 20)

typedef struct ta_conn {
    int fd;
    int broken;                      /* the client went away */
    char request_id[40];
} ta_conn;

static int ta_write(ta_conn *k, const char *s, size_t n) {
    while (n && !k->broken) {
        ssize_t w = write(k->fd, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { k->broken = 1; break; }
        s += w;
        n -= (size_t)w;
    }
    return k->broken;
}

static int ta_puts(ta_conn *k, const char *s) { return ta_write(k, s, strlen(s)); }

static void ta_respond(ta_conn *k, int status, const char *reason, const char *body) {
    char head[512];
    snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %lu\r\n"
             "X-Request-Id: %s\r\nConnection: close\r\n\r\n", status, reason, (unsigned long)strlen(body), k->request_id);
    ta_puts(k, head);
    ta_puts(k, body);
}

/* JSON string escaping (for the tool chunks). */
static void ta_json_str(ta_conn *k, const char *s) {
    char esc[8];
    ta_puts(k, "\"");
    for (; *s && !k->broken; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') { esc[0] = '\\'; esc[1] = (char)ch; ta_write(k, esc, 2); }
        else if (ch == '\n') ta_puts(k, "\\n");
        else if (ch < 0x20) { snprintf(esc, sizeof esc, "\\u%04x", ch); ta_puts(k, esc); }
        else ta_write(k, s, 1);
    }
    ta_puts(k, "\"");
}

static int ta_on_chunk(void *u, const char *chunk, size_t n) {
    ta_conn *k = (ta_conn *)u;
    ta_puts(k, "data: ");
    ta_write(k, chunk, n);
    return ta_puts(k, "\n\n");
}

static int ta_on_result(void *u, const char *id, const char *name, const char *content, int is_error) {
    ta_conn *k = (ta_conn *)u;
    char head[128];
    (void)is_error;
    ta_puts(k, "data: {\"id\":");
    ta_json_str(k, id);
    snprintf(head, sizeof head, ",\"object\":\"chat.completion.chunk\",\"created\":%ld,\"model\":\"\","
             "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"tool\",\"content\":", (long)time(NULL));
    ta_puts(k, head);
    {
        size_t n = strlen(name) + strlen(id) + strlen(content) + 16;
        char *text = (char *)malloc(n);
        if (!text) return 1;
        snprintf(text, n, "Tool[%s] %s\n%s", name, id, content);
        ta_json_str(k, text);
        free(text);
    }
    return ta_puts(k, "}}]}\n\n");
}

static int ta_gone(void *u) { return ((ta_conn *)u)->broken; }

/* The messages JS accepts: role user or assistant, content a string or text/image_url parts. */
static const char *ta_check_messages(const hfhub_json_value *msgs) {
    size_t i, j;
    if (hfhub_json_type_of(msgs) != HFHUB_JSON_ARRAY) return "messages must be an array";
    for (i = 0; i < hfhub_json_len(msgs); i++) {
        const hfhub_json_value *m = hfhub_json_at(msgs, i), *content = hfhub_json_get(m, "content");
        const char *role = hfhub_json_str(hfhub_json_get(m, "role"), "");
        if (strcmp(role, "user") && strcmp(role, "assistant")) return "each message needs role user or assistant";
        if (hfhub_json_type_of(content) == HFHUB_JSON_STRING) continue;
        if (hfhub_json_type_of(content) != HFHUB_JSON_ARRAY) return "message content must be a string or an array of parts";
        for (j = 0; j < hfhub_json_len(content); j++) {
            const char *t = hfhub_json_str(hfhub_json_get(hfhub_json_at(content, j), "type"), "");
            if (strcmp(t, "text") && strcmp(t, "image_url")) return "content parts must be of type text or image_url";
        }
    }
    return NULL;
}

static void ta_chat(ta_conn *k, hfhub_agent *agent, const char *body, size_t len) {
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *root;
    const char *bad;
    char err[600];
    hfhub_agent_callbacks cb;
    hfhub_result r;
    if (hfhub_json_parse(body, len, NULL, &doc) != HFHUB_OK) {
        snprintf(err, sizeof err, "{\"error\": \"Invalid JSON body\"}");
        ta_respond(k, 400, "Bad Request", err);
        return;
    }
    root = hfhub_json_root(doc);
    if (!hfhub_json_bool(hfhub_json_get(root, "stream"), 0)) {
        ta_respond(k, 400, "Bad Request", "{\"error\": \"Non-streaming mode is not supported\"}");
    } else if ((bad = ta_check_messages(hfhub_json_get(root, "messages"))) != NULL) {
        snprintf(err, sizeof err, "{\"error\": \"%s\"}", bad);
        ta_respond(k, 400, "Bad Request", err);
    } else {
        hfhub_agent_reset(agent);
        hfhub_agent_add_messages(agent, hfhub_json_get(root, "messages"));
        snprintf(err, sizeof err, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                 "X-Request-Id: %s\r\nConnection: close\r\n\r\n", k->request_id);
        ta_puts(k, err);
        memset(&cb, 0, sizeof cb);
        cb.user = k;
        cb.on_chunk = ta_on_chunk;
        cb.on_tool_result = ta_on_result;
        cb.aborted = ta_gone;
        r = hfhub_agent_run(agent, NULL, &cb);
        if (r != HFHUB_OK && r != HFHUB_ERR_CANCELLED) {
            ta_puts(k, "data: {\"error\":");
            ta_json_str(k, hfhub_last_error()->message);
            ta_puts(k, "}\n\n");
        }
        ta_puts(k, "data: [DONE]\n\n");
    }
    hfhub_json_free(doc);
}

static char *ta_find_blank(char *b, size_t n) {
    size_t i;
    for (i = 0; i + 4 <= n; i++)
        if (!memcmp(b + i, "\r\n\r\n", 4)) return b + i;
    return NULL;
}

/* Reads one request: head, then a Content-Length body. Returns the body offset or -1. */
static long ta_read_request(int fd, char **buf, size_t *len) {
    size_t cap = 65536, n = 0, want = 0;
    char *b = (char *)malloc(cap), *end = NULL;
    while (b) {
        ssize_t got;
        if (end && n >= want) break;
        if (n == cap) {
            char *nb;
            if (!end) { free(b); return -1; }        /* headers beyond 64 KiB */
            cap = want + 1;
            nb = (char *)realloc(b, cap);
            if (!nb) { free(b); return -1; }
            b = nb;
        }
        got = read(fd, b + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) { free(b); return -1; }
        n += (size_t)got;
        if (!end && (end = ta_find_blank(b, n)) != NULL) {
            const char *cl = strstr(b, "\r\nContent-Length:");
            if (!cl) cl = strstr(b, "\r\ncontent-length:");
            want = (size_t)(end - b) + 4 + (cl && cl < end ? (size_t)strtoul(cl + 17, NULL, 10) : 0);
            if (want > TA_MAX_BODY) { free(b); return -1; }
        }
    }
    if (!b) return -1;
    *buf = b;
    *len = want;
    return (long)(end - b) + 4;
}

int ta_serve(hfhub_client *c, hfhub_agent *agent, const char *prompt) {
    struct sockaddr_in addr;
    socklen_t alen = sizeof addr;
    const char *port = getenv("PORT");
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    unsigned long counter = 0;
    (void)c; (void)prompt;
    signal(SIGPIPE, SIG_IGN);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)(port ? atoi(port) : 9999));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) || listen(fd, 16) ||
        getsockname(fd, (struct sockaddr *)&addr, &alen)) {
        fprintf(stderr, "tiny-agents: cannot listen: %s\n", strerror(errno));
        if (fd >= 0) close(fd);
        return 1;
    }
    printf("Server listening on http://127.0.0.1:%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (;;) {
        ta_conn k;
        char *buf = NULL;
        size_t len = 0;
        long off;
        struct pollfd pf;
        pf.fd = fd; pf.events = POLLIN; pf.revents = 0;
        /* a Ctrl+C that lands between two requests is seen within 200 ms */
        if (ta_interrupts) break;
        if (poll(&pf, 1, 200) <= 0) continue;
        k.fd = accept(fd, NULL, NULL);
        if (k.fd < 0) continue;
        k.broken = 0;
        snprintf(k.request_id, sizeof k.request_id, "tiny-%lx-%lu", (unsigned long)time(NULL), ++counter);
        off = ta_read_request(k.fd, &buf, &len);
        if (off < 0) ta_respond(&k, 400, "Bad Request", "{\"error\": \"Malformed or oversize request\"}");
        else if (!strncmp(buf, "POST /v1/chat/completions ", 26)) ta_chat(&k, agent, buf + off, len - (size_t)off);
        else ta_respond(&k, 404, "Not Found", "{\"error\": \"Route or method not found, try POST /v1/chat/completions\"}");
        free(buf);
        close(k.fd);
    }
    close(fd);
    return 130;
}
