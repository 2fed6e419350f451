/* test_auth.c: whoami and the token files against tools/localhub: login stores the token the
 * way Python's configparser writes stored_tokens (compared byte for byte with python3), keeps
 * other sections' OAuth fields, switch / list / logout, get_token's precedence, a malformed
 * stored_tokens read as empty, bad tokens rejected before anything is written, and
 * --add-to-git-credential through a sandboxed `git credential` store. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "localhub.h"
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

static t_hub hub;
static char home[128];      /* the token folder of the test */
static char token_path[256], stored_path[256];

/* A client whose token files live in `home` (token NULL: none in the config). */
static hfhub_client *client_at(const char *token) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = hub.url;
    cfg.token = token;
    cfg.token_path = token_path;
    cfg.proxy = "";
    CHECK_OK(hfhub_client_new(&cfg, &c));
    return c;
}

static char *slurp(const char *path) {
    size_t n;
    return t_read_file(path, &n);
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* What python3's configparser writes for `py_dict` (a Python dict literal of sections). */
static char *python_ini(const char *py_dict) {
    char cmd[2048], *out;
    size_t n = 0, cap = 4096;
    FILE *p;
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import configparser,io,sys\n"
             "d=%s\n"
             "c=configparser.ConfigParser(interpolation=None)\n"
             "for k in sorted(d):\n"
             "  c.add_section(k)\n"
             "  for f,v in d[k].items(): c.set(k,f,v)\n"
             "b=io.StringIO(); c.write(b); sys.stdout.write(b.getvalue())'",
             py_dict);
    p = popen(cmd, "r");
    if (!p) return NULL;
    out = (char *)malloc(cap);
    while (out && n + 1 < cap && !feof(p)) n += fread(out + n, 1, cap - 1 - n, p);
    if (out) out[n] = 0;
    pclose(p);
    return out;
}

/* What Python's get_stored_tokens() reads from the file, as "name=token;" pairs. */
static char *python_read(void) {
    char cmd[1024], *out = (char *)calloc(1, 1024);
    FILE *p;
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import configparser\n"
             "c=configparser.ConfigParser(interpolation=None)\n"
             "c.read(\"%s\")\n"
             "print(\";\".join(\"%%s=%%s\" %% (s, c[s].get(\"hf_token\",\"\")) for s in c.sections()), end=\"\")'",
             stored_path);
    p = popen(cmd, "r");
    if (p && out) {
        size_t n = fread(out, 1, 1023, p);
        out[n] = 0;
    }
    if (p) pclose(p);
    return out;
}

static void reset_files(void) {
    unlink(token_path);
    unlink(stored_path);
}

static void test_whoami(void) {
    hfhub_client *w = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL), *anon = t_hub_client(&hub, NULL, NULL);
    hfhub_whoami_info *info = NULL;
    CHECK_OK(t_hub_admin(&hub, "POST", "orgs", "{\"name\": \"acme\", \"members\": [\"user\"]}", NULL));
    CHECK_OK(hfhub_whoami(w, NULL, &info));
    CHECK_STR(info->name, "user");
    CHECK_STR(info->type, "user");
    CHECK_STR(info->token_role, "write");
    CHECK_STR(info->token_name, "user-write");
    CHECK_STR(info->auth_type, "access_token");
    CHECK_INT(info->n_orgs, 1);
    if (info->n_orgs == 1) CHECK_STR(info->orgs[0], "acme");
    CHECK(hfhub_json_get(info->raw, "emailVerified") != NULL);
    hfhub_whoami_free(w, info);
    CHECK_OK(hfhub_whoami(anon, T_HUB_READ_TOKEN, &info)); /* a per-call token */
    CHECK_STR(info->token_role, "read");
    hfhub_whoami_free(anon, info);
    CHECK_INT(hfhub_whoami(anon, NULL, &info), HFHUB_ERR_UNAUTHORIZED);
    CHECK(info == NULL);
    CHECK(strstr(hfhub_last_error()->message, "Token is required") != NULL);
    CHECK_INT(hfhub_whoami(anon, "hf_not_a_token", &info), HFHUB_ERR_UNAUTHORIZED);
    CHECK(strstr(hfhub_last_error()->message, "Invalid user token.") != NULL);
    CHECK_INT(hfhub_last_error()->http_status, 401);
    hfhub_client_free(w);
    hfhub_client_free(anon);
}

static void test_login_files(void) {
    hfhub_client *c = client_at(NULL);
    hfhub_login_info *li = NULL;
    char *tok, *ini, *want, *py;
    struct stat st;
    reset_files();
    CHECK_OK(hfhub_login(c, " " T_HUB_WRITE_TOKEN "\n", NULL, &li));
    CHECK_STR(li->token_name, "user-write");
    CHECK_STR(li->permission, "write");
    CHECK_STR(li->token_path, token_path);
    CHECK_STR(li->stored_tokens_path, stored_path);
    CHECK_INT(li->git_credential, 0);
    hfhub_free(c, li);
    tok = slurp(token_path);
    CHECK_STR(tok, T_HUB_WRITE_TOKEN); /* the token alone, no newline */
    free(tok);
    CHECK(stat(token_path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(stored_path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(home, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK_OK(hfhub_login(c, T_HUB_READ_TOKEN, NULL, NULL));
    ini = slurp(stored_path);
    want = python_ini("{\"user-write\": {\"hf_token\": \"" T_HUB_WRITE_TOKEN "\"}, \"user-read\": {\"hf_token\": \"" T_HUB_READ_TOKEN "\"}}");
    CHECK(want != NULL && ini != NULL);
    if (want && ini) CHECK_STR(ini, want);
    free(ini);
    free(want);
    py = python_read();
    CHECK_STR(py, "user-read=" T_HUB_READ_TOKEN ";user-write=" T_HUB_WRITE_TOKEN);
    free(py);
    tok = slurp(token_path);
    CHECK_STR(tok, T_HUB_READ_TOKEN);
    free(tok);
    hfhub_client_free(c);
}

/* A Python-written file with an OAuth section keeps its fields through a C login. */
static void test_login_keeps_oauth_fields(void) {
    hfhub_client *c = client_at(NULL);
    hfhub_login_opts o;
    char *ini, *want;
    const char *dict = "{\"oauth-alice\": {\"hf_token\": \"hf_yyy\", \"refresh_token\": \"r%x\", \"expires_at\": \"1767225600\"},"
                       " \"zeta\": {\"hf_token\": \"hf_z\"}}";
    reset_files();
    want = python_ini(dict);
    write_text(stored_path, want);
    free(want);
    memset(&o, 0, sizeof o);
    o.token_name = "mine";
    CHECK_OK(hfhub_login(c, T_HUB_WRITE_TOKEN, &o, NULL));
    ini = slurp(stored_path);
    want = python_ini("{\"oauth-alice\": {\"hf_token\": \"hf_yyy\", \"refresh_token\": \"r%x\", \"expires_at\": \"1767225600\"},"
                      " \"zeta\": {\"hf_token\": \"hf_z\"}, \"mine\": {\"hf_token\": \"" T_HUB_WRITE_TOKEN "\"}}");
    if (want && ini) CHECK_STR(ini, want);
    free(ini);
    free(want);
    hfhub_client_free(c);
}

static void test_list_switch_logout(void) {
    hfhub_client *c = client_at(NULL);
    hfhub_auth_list_info *li = NULL;
    hfhub_login_info *si = NULL;
    hfhub_logout_info lo;
    char *tok, *py;
    reset_files();
    CHECK_OK(hfhub_login(c, T_HUB_WRITE_TOKEN, NULL, NULL));
    CHECK_OK(hfhub_login(c, T_HUB_READ_TOKEN, NULL, NULL));
    CHECK_OK(hfhub_auth_list(c, &li));
    CHECK_INT(li->n, 2);
    if (li->n == 2) {
        CHECK_STR(li->entries[0].name, "user-read");
        CHECK_INT(li->entries[0].active, 1);
        CHECK_STR(li->entries[1].name, "user-write");
        CHECK_STR(li->entries[1].token, T_HUB_WRITE_TOKEN);
        CHECK_INT(li->entries[1].active, 0);
    }
    CHECK_STR(li->active_name, "user-read");
    hfhub_free(c, li);
    CHECK_OK(hfhub_auth_switch(c, "user-write", 0, &si));
    CHECK_STR(si->token_name, "user-write");
    hfhub_free(c, si);
    tok = slurp(token_path);
    CHECK_STR(tok, T_HUB_WRITE_TOKEN);
    free(tok);
    CHECK_INT(hfhub_auth_switch(c, "nope", 0, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "Access token nope not found in ") != NULL);
    /* logout of the active one: its section and the token file go */
    CHECK_OK(hfhub_logout(c, "user-write", &lo));
    CHECK_INT(lo.status, HFHUB_LOGOUT_ONE);
    CHECK_INT(lo.active_deleted, 1);
    CHECK(access(token_path, F_OK) != 0);
    py = python_read();
    CHECK_STR(py, "user-read=" T_HUB_READ_TOKEN);
    free(py);
    CHECK_OK(hfhub_logout(c, "not-there", &lo)); /* Python: nothing to do, no error */
    CHECK_INT(lo.status, HFHUB_LOGOUT_ONE);
    CHECK_OK(hfhub_logout(c, NULL, &lo));
    CHECK_INT(lo.status, HFHUB_LOGOUT_ALL);
    CHECK(access(stored_path, F_OK) != 0);
    CHECK_OK(hfhub_logout(c, NULL, &lo));
    CHECK_INT(lo.status, HFHUB_LOGOUT_NOT_LOGGED_IN);
    hfhub_client_free(c);
}

static void test_get_token_env(void) {
    hfhub_client *c = client_at(NULL);
    hfhub_logout_info lo;
    char *t = NULL;
    const char *src = NULL;
    reset_files();
    CHECK_OK(hfhub_get_token(c, &t, &src));
    CHECK(t == NULL && src == NULL);
    write_text(token_path, "  hf_from_file\r\n");
    CHECK_OK(hfhub_get_token(c, &t, &src));
    CHECK_STR(t, "hf_from_file");
    CHECK_STR(src, "file");
    hfhub_free(c, t);
    setenv("HUGGING_FACE_HUB_TOKEN", "hf_legacy", 1);
    CHECK_OK(hfhub_get_token(c, &t, &src));
    CHECK_STR(t, "hf_legacy");
    hfhub_free(c, t);
    setenv("HF_TOKEN", " hf_env ", 1);
    CHECK_OK(hfhub_get_token(c, &t, &src));
    CHECK_STR(t, "hf_env");
    CHECK_STR(src, "HF_TOKEN");
    hfhub_free(c, t);
    /* logout removes the files but the environment still logs in */
    CHECK_INT(hfhub_logout(c, NULL, &lo), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "you are still logged in") != NULL);
    CHECK(access(token_path, F_OK) != 0);
    unsetenv("HF_TOKEN");
    unsetenv("HUGGING_FACE_HUB_TOKEN");
    hfhub_client_free(c);
}

static void test_bad_input(void) {
    hfhub_client *c = client_at(NULL);
    hfhub_auth_list_info *li = NULL;
    char *ini;
    reset_files();
    CHECK_INT(hfhub_login(c, "api_org_abc", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "not an organization token") != NULL);
    CHECK_INT(hfhub_login(c, "  \n", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_login(c, "hf_wrong", NULL, NULL), HFHUB_ERR_UNAUTHORIZED);
    CHECK(access(token_path, F_OK) != 0 && access(stored_path, F_OK) != 0); /* nothing written */
    /* configparser rejects these files: read as empty, as Python does */
    write_text(stored_path, "[a]\nhf_token = x\n[a]\nhf_token = y\n");
    CHECK_OK(hfhub_auth_list(c, &li));
    CHECK_INT(li->n, 0);
    hfhub_free(c, li);
    write_text(stored_path, "hf_token = x\n[a]\nhf_token = y\n");
    CHECK_OK(hfhub_auth_list(c, &li));
    CHECK_INT(li->n, 0);
    hfhub_free(c, li);
    write_text(stored_path, "[a]\nthis line has no delimiter\n");
    CHECK_OK(hfhub_auth_list(c, &li));
    CHECK_INT(li->n, 0);
    hfhub_free(c, li);
    write_text(stored_path, "[a]\nHF_Token = x\nhf_token=y\n");
    CHECK_OK(hfhub_auth_list(c, &li));
    CHECK_INT(li->n, 0); /* a duplicate key once lower-cased */
    hfhub_free(c, li);
    /* and these it accepts: comments, ":" delimiter, continuation lines, [DEFAULT] */
    write_text(stored_path, "# c\n[DEFAULT]\nextra = 1\n[b]\n; c\nHF_TOKEN : hf_b\n\n[a]\nhf_token = hf_a\n  more\n");
    CHECK_OK(hfhub_auth_list(c, &li));
    CHECK_INT(li->n, 2);
    if (li->n == 2) {
        CHECK_STR(li->entries[0].name, "b");
        CHECK_STR(li->entries[0].token, "hf_b");
        CHECK_STR(li->entries[1].token, "hf_a\nmore"); /* cleaned on use, kept in the file */
    }
    hfhub_free(c, li);
    /* a login over a malformed file replaces it, as Python's does */
    write_text(stored_path, "garbage\n");
    CHECK_OK(hfhub_login(c, T_HUB_WRITE_TOKEN, NULL, NULL));
    ini = slurp(stored_path);
    CHECK_STR(ini, "[user-write]\nhf_token = " T_HUB_WRITE_TOKEN "\n\n");
    free(ini);
    hfhub_client_free(c);
}

static void test_git_credential(void) {
    hfhub_client *c;
    hfhub_login_opts o;
    hfhub_login_info *li = NULL;
    char cfg[256], store[256], cmd[600], *creds;
    if (system("git --version >/dev/null 2>&1") != 0) {
        printf("  (git not installed: skipped)\n");
        return;
    }
    snprintf(cfg, sizeof cfg, "%s/gitconfig", home);
    snprintf(store, sizeof store, "%s/git-credentials", home);
    setenv("GIT_CONFIG_GLOBAL", cfg, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    reset_files();
    c = client_at(NULL);
    memset(&o, 0, sizeof o);
    o.add_to_git_credential = 1;
    write_text(cfg, "");
    CHECK_OK(hfhub_login(c, T_HUB_WRITE_TOKEN, &o, &li)); /* no helper configured */
    CHECK_INT(li->git_credential, -1);
    hfhub_free(c, li);
    snprintf(cmd, sizeof cmd, "git config --global credential.helper 'store --file=%s'", store);
    CHECK(system(cmd) == 0);
    CHECK_OK(hfhub_login(c, T_HUB_WRITE_TOKEN, &o, &li));
    CHECK_INT(li->git_credential, 1);
    CHECK(li->git_helpers && strstr(li->git_helpers, "store --file") != NULL);
    hfhub_free(c, li);
    creds = slurp(store);
    CHECK(creds && strstr(creds, "hf_user:" T_HUB_WRITE_TOKEN "@127.0.0.1") != NULL);
    free(creds);
    CHECK_OK(hfhub_logout(c, NULL, NULL)); /* git credential reject */
    creds = slurp(store);
    CHECK(!creds || !strstr(creds, T_HUB_WRITE_TOKEN));
    free(creds);
    unsetenv("GIT_CONFIG_GLOBAL");
    unsetenv("GIT_CONFIG_NOSYSTEM");
    hfhub_client_free(c);
}

int main(void) {
    char cmd[200];
    unsetenv("HF_TOKEN");
    unsetenv("HUGGING_FACE_HUB_TOKEN");
    snprintf(home, sizeof home, "/tmp/hfhub_test_auth.XXXXXX");
    if (!mkdtemp(home) || t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    /* the token folder is made by the first login (0700), one level below the temp dir */
    strcat(home, "/hf");
    snprintf(token_path, sizeof token_path, "%s/token", home);
    snprintf(stored_path, sizeof stored_path, "%s/stored_tokens", home);
    RUN(test_whoami);
    RUN(test_login_files);
    RUN(test_login_keeps_oauth_fields);
    RUN(test_list_switch_logout);
    RUN(test_get_token_env);
    RUN(test_bad_input);
    RUN(test_git_credential);
    t_hub_stop(&hub);
    home[strlen(home) - 3] = 0;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", home);
    return TEST_END();
}
