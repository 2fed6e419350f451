/* config.c: loading an agent (agent.json + PROMPT.md/AGENTS.md) from a file, a folder or the
 * Hub dataset tiny-agents/tiny-agents, and the ${env:VAR} and ${input:ID} substitutions. */
#define _POSIX_C_SOURCE 200809L
#include "tiny_agents.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static char ta_err[1024];

const char *ta_error(void) { return ta_err; }

static int ta_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ta_err, sizeof ta_err, fmt, ap);
    va_end(ap);
    return -1;
}

static char *ta_read(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > (16L << 20) || fseek(f, 0, SEEK_SET)) { fclose(f); return NULL; }
    buf = (char *)malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

static char *ta_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = (char *)malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

static int ta_is_dir(const char *p) { struct stat st; return stat(p, &st) == 0 && S_ISDIR(st.st_mode); }
static int ta_is_file(const char *p) { struct stat st; return stat(p, &st) == 0 && S_ISREG(st.st_mode); }

/* ---- ${input:ID} ------------------------------------------------------------------------- */

/* A copy of s with every ${input:id} replaced by value. */
static char *ta_replace(const char *s, const char *id, const char *value) {
    char pat[300];
    size_t lp, lv = strlen(value), n = 0;
    const char *p;
    char *out, *o;
    snprintf(pat, sizeof pat, "${input:%s}", id);
    lp = strlen(pat);
    for (p = s; (p = strstr(p, pat)) != NULL; p += lp) n++;
    out = (char *)malloc(strlen(s) + n * lv + 1);
    if (!out) return NULL;
    for (o = out, p = s; *p;) {
        if (!strncmp(p, pat, lp)) { memcpy(o, value, lv); o += lv; p += lp; }
        else *o++ = *p++;
    }
    *o = 0;
    return out;
}

/* Every string where placeholders may appear: stdio env values, http/sse header values, apiKey. */
static size_t ta_slots(ta_agent *ag, char ****slots) {
    size_t n = 0, i, j;
    for (i = 0; i < ag->n_servers; i++) n += ag->servers[i].n_env + ag->servers[i].n_headers;
    *slots = (char ***)calloc(n + 1, sizeof **slots);
    n = 0;
    if (!*slots) return 0;
    for (i = 0; i < ag->n_servers; i++) {
        for (j = 0; j < ag->servers[i].n_env; j++) (*slots)[n++] = &ag->servers[i].env[j];
        for (j = 0; j < ag->servers[i].n_headers; j++) (*slots)[n++] = &ag->servers[i].header_values[j];
    }
    (*slots)[n++] = &ag->api_key;
    return n;
}

/* ---- ${env:VAR} ----------------------------------------------------------------------------- */

/* Not in Python's tiny-agents (spec §6.5), asked for by §7.1 item 11: ${env:VAR} in any string
 * of a server entry (command, args, env and header values, cwd, url), apiKey and endpointUrl
 * becomes the variable's value. An unset variable or a malformed placeholder is an error (a
 * typo would otherwise send an empty key). Done before the inputs, so what the user types
 * is never expanded. */
static int ta_env_expand(char **s) {
    const char *p, *start;
    size_t cap, n = 0;
    char *out;
    if (!*s || !strstr(*s, "${env:")) return 0;
    cap = strlen(*s) + 1;
    out = (char *)malloc(cap);
    if (!out) return ta_fail("out of memory");
    for (p = *s; *p;) {
        const char *val, *e;
        char name[256];
        size_t ln, lv;
        if (strncmp(p, "${env:", 6)) { out[n++] = *p++; continue; }
        start = p + 6;
        for (e = start; *e == '_' || isalnum((unsigned char)*e); e++) {}
        ln = (size_t)(e - start);
        if (*e != '}' || ln == 0 || ln >= sizeof name || isdigit((unsigned char)*start)) {
            free(out);
            return ta_fail("agent.json: malformed placeholder \"%.40s\" (want ${env:NAME}, NAME of letters, digits and _)", p);
        }
        memcpy(name, start, ln);
        name[ln] = 0;
        if (!(val = getenv(name))) { free(out); return ta_fail("agent.json: ${env:%s} is not set in the environment", name); }
        lv = strlen(val);
        if (n + lv + strlen(e + 1) + 1 > cap) {
            char *bigger;
            cap = n + lv + strlen(e + 1) + 1;
            if (!(bigger = (char *)realloc(out, cap))) { free(out); return ta_fail("out of memory"); }
            out = bigger;
        }
        memcpy(out + n, val, lv);
        n += lv;
        p = e + 1;
    }
    out[n] = 0;
    free(*s);
    *s = out;
    return 0;
}

static int ta_env_all(ta_agent *ag) {
    size_t i, j;
    int rc = ta_env_expand(&ag->api_key);
    if (rc == 0) rc = ta_env_expand(&ag->endpoint_url);
    for (i = 0; i < ag->n_servers && rc == 0; i++) {
        ta_server *sv = &ag->servers[i];
        rc = ta_env_expand(&sv->command);
        if (rc == 0) rc = ta_env_expand(&sv->cwd);
        if (rc == 0) rc = ta_env_expand(&sv->url);
        for (j = 0; j < sv->n_args && rc == 0; j++) rc = ta_env_expand(&sv->args[j]);
        for (j = 0; j < sv->n_env && rc == 0; j++) rc = ta_env_expand(&sv->env[j]);
        for (j = 0; j < sv->n_headers && rc == 0; j++) rc = ta_env_expand(&sv->header_values[j]);
    }
    return rc;
}

/* Prints the prompt (after turning echo off for a password, so nothing typed is shown) and
 * reads one line. */
static void ta_read_secret(const char *prompt, char *buf, size_t cap, int password) {
    struct termios old, quiet;
    int tty = password && isatty(0) && tcgetattr(0, &old) == 0;
    if (tty) { quiet = old; quiet.c_lflag &= ~(tcflag_t)ECHO; tcsetattr(0, TCSANOW, &quiet); }
    fputs(prompt, stderr);
    fflush(stderr);
    if (!fgets(buf, (int)cap, stdin)) buf[0] = 0;
    if (tty) { tcsetattr(0, TCSANOW, &old); fputc('\n', stderr); }
    buf[strcspn(buf, "\r\n")] = 0;
}

/* Asks for each input that is used; an empty answer falls back to the environment
 * variable named like the id (upper-cased, '-' -> '_'). */
static int ta_inputs(ta_agent *ag, const hfhub_json_value *inputs) {
    char ***slots;
    size_t n = ta_slots(ag, &slots), i, k;
    int rc = 0;
    for (i = 0; i < hfhub_json_len(inputs) && rc == 0; i++) {
        const hfhub_json_value *in = hfhub_json_at(inputs, i);
        const char *id = hfhub_json_str(hfhub_json_get(in, "id"), NULL);
        char pat[300], value[4096], envname[300], prompt[420];
        int used = 0;
        if (!id) { rc = ta_fail("agent.json: inputs[%lu] has no \"id\"", (unsigned long)i); break; }
        snprintf(pat, sizeof pat, "${input:%s}", id);
        for (k = 0; k < n; k++) { char **s = slots[k]; if (*s && strstr(*s, pat)) used = 1; }
        if (!used) { fprintf(stderr, "Input '%s' defined in config but not used by any server or as an API key. Skipping.\n", id); continue; }
        snprintf(prompt, sizeof prompt, "%.200s (%.200s): ", hfhub_json_str(hfhub_json_get(in, "description"), id), id);
        ta_read_secret(prompt, value, sizeof value, hfhub_json_bool(hfhub_json_get(in, "password"), 0));
        if (!value[0]) {
            size_t j;
            for (j = 0; id[j] && j < sizeof envname - 1; j++) envname[j] = id[j] == '-' ? '_' : (char)toupper((unsigned char)id[j]);
            envname[j] = 0;
            snprintf(value, sizeof value, "%s", getenv(envname) ? getenv(envname) : "");
        }
        for (k = 0; k < n; k++) {
            char **s = slots[k];
            if (*s && strstr(*s, pat)) { char *r = ta_replace(*s, id, value); free(*s); *s = r; }
        }
    }
    /* a placeholder naming no input is an error (Python would send it as is) */
    for (k = 0; k < n && rc == 0; k++) {
        char **s = slots[k];
        const char *p = *s ? strstr(*s, "${input:") : NULL;
        if (p) {
            const char *e = strchr(p, '}');
            rc = ta_fail("agent.json: %.*s refers to no entry of \"inputs\"", e ? (int)(e - p + 1) : (int)strlen(p), p);
        }
    }
    free(slots);
    return rc;
}

/* ---- servers ------------------------------------------------------------------------------- */

static char **ta_strings(const hfhub_json_value *arr, size_t *n, const char *what, size_t si, int *bad) {
    size_t i, len = hfhub_json_len(arr);
    char **out;
    *n = 0;
    if (!arr) return NULL;
    if (hfhub_json_type_of(arr) != HFHUB_JSON_ARRAY) { *bad = ta_fail("agent.json: servers[%lu].%s must be an array of strings", (unsigned long)si, what); return NULL; }
    out = (char **)calloc(len + 1, sizeof *out);
    for (i = 0; out && i < len; i++) {
        const char *s = hfhub_json_str(hfhub_json_at(arr, i), NULL);
        if (!s) { *bad = ta_fail("agent.json: servers[%lu].%s[%lu] is not a string", (unsigned long)si, what, (unsigned long)i); break; }
        out[(*n)++] = ta_strdup(s);
    }
    return out;
}

/* One entry, flat ({"type", "command", ...}) or nested ({"type", "config": {...}}). */
static int ta_parse_server(ta_server *sv, const hfhub_json_value *e, size_t i) {
    const char *type = hfhub_json_str(hfhub_json_get(e, "type"), NULL);
    const hfhub_json_value *cfg = hfhub_json_get(e, "config") ? hfhub_json_get(e, "config") : e;
    const hfhub_json_value *env = hfhub_json_get(cfg, "env"), *hdr = hfhub_json_get(cfg, "headers");
    int bad = 0;
    size_t k;
    memset(sv, 0, sizeof *sv);
    if (hfhub_json_type_of(e) != HFHUB_JSON_OBJECT) return ta_fail("agent.json: servers[%lu] is not an object", (unsigned long)i);
    if (!type) return ta_fail("agent.json: servers[%lu] has no \"type\" (stdio, sse or http)", (unsigned long)i);
    if (!strcmp(type, "stdio")) sv->type = HFHUB_MCP_STDIO;
    else if (!strcmp(type, "sse")) sv->type = HFHUB_MCP_SSE;
    else if (!strcmp(type, "http")) sv->type = HFHUB_MCP_HTTP;
    else return ta_fail("agent.json: servers[%lu].type is \"%s\", not stdio, sse or http", (unsigned long)i, type);
    if (sv->type == HFHUB_MCP_STDIO) {
        const char *cmd = hfhub_json_str(hfhub_json_get(cfg, "command"), NULL);
        if (!cmd) return ta_fail("agent.json: servers[%lu] (stdio) has no \"command\"", (unsigned long)i);
        sv->command = ta_strdup(cmd);
        if (hfhub_json_str(hfhub_json_get(cfg, "cwd"), NULL)) sv->cwd = ta_strdup(hfhub_json_str(hfhub_json_get(cfg, "cwd"), ""));
        sv->args = ta_strings(hfhub_json_get(cfg, "args"), &sv->n_args, "args", i, &bad);
    } else {
        const char *url = hfhub_json_str(hfhub_json_get(cfg, "url"), NULL);
        if (!url) return ta_fail("agent.json: servers[%lu] (%s) has no \"url\"", (unsigned long)i, type);
        sv->url = ta_strdup(url);
    }
    if (env && hfhub_json_type_of(env) != HFHUB_JSON_OBJECT) return ta_fail("agent.json: servers[%lu].env must be an object", (unsigned long)i);
    if (hdr && hfhub_json_type_of(hdr) != HFHUB_JSON_OBJECT) return ta_fail("agent.json: servers[%lu].headers must be an object", (unsigned long)i);
    sv->env = (char **)calloc(hfhub_json_len(env) + 1, sizeof *sv->env);
    for (k = 0; sv->env && k < hfhub_json_len(env); k++) {
        const char *key = hfhub_json_key_at(env, k, NULL), *v = hfhub_json_str(hfhub_json_at(env, k), "");
        sv->env[k] = (char *)malloc(strlen(key) + strlen(v) + 2);
        if (sv->env[k]) sprintf(sv->env[k], "%s=%s", key, v);
        sv->n_env++;
    }
    sv->header_names = (char **)calloc(hfhub_json_len(hdr) + 1, sizeof *sv->header_names);
    sv->header_values = (char **)calloc(hfhub_json_len(hdr) + 1, sizeof *sv->header_values);
    for (k = 0; sv->header_names && sv->header_values && k < hfhub_json_len(hdr); k++) {
        sv->header_names[k] = ta_strdup(hfhub_json_key_at(hdr, k, NULL));
        sv->header_values[k] = ta_strdup(hfhub_json_str(hfhub_json_at(hdr, k), ""));
        sv->n_headers++;
    }
    if (hfhub_json_get(cfg, "allowed_tools"))
        sv->allowed = ta_strings(hfhub_json_get(cfg, "allowed_tools"), &sv->n_allowed, "allowed_tools", i, &bad);
    return bad;
}

static int ta_parse(ta_agent *ag, const char *text, const char *origin) {
    hfhub_json_doc *doc;
    const hfhub_json_value *root, *servers;
    size_t i;
    int rc = 0;
    if (hfhub_json_parse(text, strlen(text), NULL, &doc) != HFHUB_OK)
        return ta_fail("%s: %s", origin, hfhub_last_error()->message);
    root = hfhub_json_root(doc);
    servers = hfhub_json_get(root, "servers");
    if (hfhub_json_type_of(root) != HFHUB_JSON_OBJECT) rc = ta_fail("%s: not a JSON object", origin);
    else if (!hfhub_json_str(hfhub_json_get(root, "model"), NULL)) rc = ta_fail("%s: no \"model\"", origin);
    else if (servers && hfhub_json_type_of(servers) != HFHUB_JSON_ARRAY) rc = ta_fail("%s: \"servers\" must be an array", origin);
    else if (hfhub_json_get(root, "inputs") && hfhub_json_type_of(hfhub_json_get(root, "inputs")) != HFHUB_JSON_ARRAY)
        rc = ta_fail("%s: \"inputs\" must be an array", origin);
    if (rc == 0) {
        ag->model = ta_strdup(hfhub_json_str(hfhub_json_get(root, "model"), ""));
        if (hfhub_json_str(hfhub_json_get(root, "provider"), NULL)) ag->provider = ta_strdup(hfhub_json_str(hfhub_json_get(root, "provider"), ""));
        if (hfhub_json_str(hfhub_json_get(root, "endpointUrl"), NULL)) ag->endpoint_url = ta_strdup(hfhub_json_str(hfhub_json_get(root, "endpointUrl"), ""));
        if (hfhub_json_str(hfhub_json_get(root, "apiKey"), NULL)) ag->api_key = ta_strdup(hfhub_json_str(hfhub_json_get(root, "apiKey"), ""));
        ag->servers = (ta_server *)calloc(hfhub_json_len(servers) + 1, sizeof *ag->servers);
        for (i = 0; ag->servers && i < hfhub_json_len(servers) && rc == 0; i++) {
            rc = ta_parse_server(&ag->servers[i], hfhub_json_at(servers, i), i);
            ag->n_servers++;
        }
    }
    if (rc == 0) rc = ta_env_all(ag);
    if (rc == 0) rc = ta_inputs(ag, hfhub_json_get(root, "inputs"));
    hfhub_json_free(doc);
    return rc;
}

/* The prompt of a folder: PROMPT.md, else AGENTS.md (Python's order). */
static char *ta_folder_prompt(const char *dir) {
    static const char *const names[] = {"PROMPT.md", "AGENTS.md"};
    char path[4096];
    size_t i;
    for (i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (ta_is_file(path)) return ta_read(path);
    }
    return NULL;
}

/* From the Hub: datasets/tiny-agents/tiny-agents, files <id>/agent.json and the prompts. */
static int ta_from_hub(ta_agent *ag, hfhub_client *c, const char *id) {
    static const char *const names[] = {"PROMPT.md", "AGENTS.md"};
    hfhub_download_opts o;
    char file[1024], *path = NULL, *text;
    size_t i;
    int rc;
    memset(&o, 0, sizeof o);
    o.repo_type = "dataset";
    snprintf(file, sizeof file, "%s/agent.json", id);
    if (hfhub_download(c, TA_HUB_REPO, file, &o, &path) != HFHUB_OK)
        return ta_fail("'%s' is not a file, a folder, or an agent of the Hub dataset %s: %s", id, TA_HUB_REPO,
                       hfhub_last_error()->message);
    text = ta_read(path);
    hfhub_free(c, path);
    if (!text) return ta_fail("cannot read the downloaded %s", file);
    rc = ta_parse(ag, text, file);
    free(text);
    for (i = 0; rc == 0 && i < 2 && !ag->prompt; i++) {
        snprintf(file, sizeof file, "%s/%s", id, names[i]);
        if (hfhub_download(c, TA_HUB_REPO, file, &o, &path) == HFHUB_OK) {
            ag->prompt = ta_read(path);
            hfhub_free(c, path);
        }
    }
    return rc;
}

int ta_load(ta_agent *ag, hfhub_client *c, const char *where) {
    char path[4096];
    char *text;
    int rc;
    memset(ag, 0, sizeof *ag);
    if (ta_is_file(where)) {
        text = ta_read(where);
        if (!text) return ta_fail("cannot read %s: %s", where, strerror(errno));
        rc = ta_parse(ag, text, where);
        free(text);
        return rc;
    }
    if (ta_is_dir(where)) {
        snprintf(path, sizeof path, "%s/agent.json", where);
        text = ta_read(path);
        if (!text) return ta_fail("%s: no agent.json in this folder", where);
        rc = ta_parse(ag, text, path);
        free(text);
        if (rc == 0) ag->prompt = ta_folder_prompt(where);
        return rc;
    }
    return ta_from_hub(ag, c, where);
}

static void ta_free_list(char **l, size_t n) {
    size_t i;
    if (!l) return;
    for (i = 0; i < n; i++) free(l[i]);
    free(l);
}

void ta_agent_free(ta_agent *ag) {
    size_t i;
    for (i = 0; i < ag->n_servers; i++) {
        ta_server *s = &ag->servers[i];
        free(s->command); free(s->cwd); free(s->url);
        ta_free_list(s->args, s->n_args);
        ta_free_list(s->env, s->n_env);
        ta_free_list(s->header_names, s->n_headers);
        ta_free_list(s->header_values, s->n_headers);
        ta_free_list(s->allowed, s->n_allowed);
    }
    free(ag->servers);
    free(ag->model); free(ag->provider); free(ag->endpoint_url); free(ag->api_key); free(ag->prompt);
    memset(ag, 0, sizeof *ag);
}
