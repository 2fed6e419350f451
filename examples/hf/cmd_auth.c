/* cmd_auth.c: `hf auth login|logout|switch|list|ls|token|whoami`, as Python's: the files are
 * the library's (hfhub_login & co.), the messages Python's logger prints go to stderr as
 * plain lines, results and tables to stdout. `login` without --token reads the token from
 * stdin when it is not a terminal, and prompts for it (not echoed) when it is; the browser
 * (OAuth device) flow is not offered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#if !defined(_WIN32)
#include <unistd.h>
#include <termios.h>
#define hf_auth_isatty(fd) isatty(fd)
#else
#include <io.h>
#define hf_auth_isatty(fd) _isatty(fd)
#endif

typedef struct hf_auth_args {
    const char *token, *token_name;
    int add_git, force;
    hf_out out;
} hf_auth_args;

/* One of Python's logger lines (info or warning level: plain text on stderr). */
static void hf_auth_log(const char *msg) {
    fflush(stdout);
    fprintf(stderr, "%s\n", msg);
}

static int hf_auth_usage(FILE *f) {
    fprintf(f, "usage: hf auth <command> [<args>]\n\n"
               "Manage authentication (login, logout, etc.).\n\n"
               "commands:\n"
               "  login [--token TOKEN] [--add-to-git-credential] [--force]\n"
               "  logout [--token-name NAME]\n"
               "  switch [--token-name NAME] [--add-to-git-credential]\n"
               "  list | ls\n"
               "  token\n"
               "  whoami [--format {auto,human,agent,json,quiet}]\n");
    return f == stderr ? 2 : 0;
}

/* 0 ok, 1 help, 2 usage error. */
static int hf_auth_parse(int argc, char **argv, hf_auth_args *a) {
    int i;
    memset(a, 0, sizeof *a);
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        int flag;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) return 1;
        if ((flag = hf_out_flag(&a->out, argc, argv, &i)) != 0) {
            if (flag < 0) return 2;
            continue;
        }
        if (!strncmp(s, "--token=", 8)) a->token = s + 8;
        else if (!strncmp(s, "--token-name=", 13)) a->token_name = s + 13;
        else if ((!strcmp(s, "--token") || !strcmp(s, "--token-name")) && i + 1 < argc) {
            if (s[7]) a->token_name = argv[++i];
            else a->token = argv[++i];
        } else if (!strcmp(s, "--token") || !strcmp(s, "--token-name")) {
            fprintf(stderr, "Error: Option '%s' requires an argument.\n", s);
            return 2;
        } else if (!strcmp(s, "--add-to-git-credential")) a->add_git = 1;
        else if (!strcmp(s, "--no-add-to-git-credential")) a->add_git = 0;
        else if (!strcmp(s, "--force")) a->force = 1;
        else if (!strcmp(s, "--no-force")) a->force = 0;
        else {
            fprintf(stderr, s[0] == '-' ? "Error: No such option: %s\n" : "Error: Got unexpected extra argument (%s)\n", s);
            return 2;
        }
    }
    return 0;
}

/* The lines of Python's _set_active_token for the git credential part. */
static void hf_auth_git_lines(const hf_out *o, const hfhub_login_info *li) {
    char msg[1024];
    if (li->git_credential == 1) {
        snprintf(msg, sizeof msg, "Your token has been saved in your configured git credential helpers (%s).", li->git_helpers);
        hf_auth_log(msg);
    } else if (li->git_credential < 0) {
        (void)o;
        printf("%sCannot authenticate through git-credential as no helper is defined on your machine.\n"
               "You might have to re-authenticate when pushing to the Hugging Face Hub.\n"
               "Run the following command in your terminal in case you want to set the 'store' credential helper as default.\n\n"
               "git config --global credential.helper store\n\n"
               "Read https://git-scm.com/book/en/v2/Git-Tools-Credential-Storage for more details.%s\n",
               hf_ansi(HF_RED), hf_ansi(HF_RESET));
        hf_auth_log("Token has not been saved to git credential helper.");
    }
}

/* ---- login --------------------------------------------------------------------------------- */

/* Reads the token: a hidden prompt on a terminal, else the first line of stdin. */
static int hf_auth_read_token(char *buf, size_t cap) {
    int tty = hf_auth_isatty(0);
    char *ok;
    size_t n;
#if !defined(_WIN32)
    struct termios old, quiet;
    int hidden = 0;
    if (tty && tcgetattr(0, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        hidden = tcsetattr(0, TCSAFLUSH, &quiet) == 0;
    }
#endif
    if (tty) {
        fprintf(stderr, "Enter your token (input will not be visible): ");
        fflush(stderr);
    }
    ok = fgets(buf, (int)cap, stdin);
#if !defined(_WIN32)
    if (hidden) (void)tcsetattr(0, TCSAFLUSH, &old);
#endif
    if (tty) fprintf(stderr, "\n");
    if (!ok) return -1;
    n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = 0;
    return 0;
}

static int hf_auth_do_login(hfhub_client *c, const hf_auth_args *a, const char *token) {
    hfhub_login_opts o;
    hfhub_login_info *li = NULL;
    hfhub_result r;
    char msg[2048];
    memset(&o, 0, sizeof o);
    o.add_to_git_credential = a->add_git;
    if ((r = hfhub_login(c, token, &o, &li)) != HFHUB_OK) return hf_repo_report_error(&a->out, r);
    if (li->permission) snprintf(msg, sizeof msg, "Token is valid (permission: %s).", li->permission);
    else snprintf(msg, sizeof msg, "Token is valid.");
    hf_auth_log(msg);
    snprintf(msg, sizeof msg, "The token `%s` has been saved to %s", li->token_name, li->stored_tokens_path);
    hf_auth_log(msg);
    hf_auth_git_lines(&a->out, li);
    snprintf(msg, sizeof msg, "Your token has been saved to %s", li->token_path);
    hf_auth_log(msg);
    hf_auth_log("Login successful.");
    if (li->env_token_set) {
        hf_auth_log("Note: Environment variable`HF_TOKEN` is set and is the current active token independently from the token you've just configured.");
    } else {
        snprintf(msg, sizeof msg, "The current active token is: `%s`", li->token_name);
        hf_auth_log(msg);
    }
    hfhub_free(c, li);
    return 0;
}

static int hf_auth_login(hfhub_client *c, const hf_auth_args *a) {
    char buf[1024], *active = NULL;
    if (a->token) {
        if (!a->add_git)
            hf_auth_log("The token has not been saved to the git credentials helper. Pass `add_to_git_credential=True` in this "
                        "function directly or `--add-to-git-credential` if using via `hf`CLI if you want to set the git "
                        "credential as well.");
        return hf_auth_do_login(c, a, a->token);
    }
    if (a->out.mode == HF_OUT_JSON || a->out.mode == HF_OUT_QUIET) {
        hf_out_error(&a->out, "`hf auth login` is interactive and does not support --format json/quiet. Pass --token for a non-interactive login.");
        hf_out_hint(&a->out, "set HF_DEBUG=1 as environment variable for full traceback.");
        return 1;
    }
    if (!a->force && hfhub_get_token(c, &active, NULL) == HFHUB_OK && active) {
        hfhub_free(c, active);
        if (a->out.mode == HF_OUT_AGENT) printf("Already logged in. Use `hf auth login --force` to re-login.\n");
        else hf_auth_log("User is already logged in. Use `hf auth login --force` to force re-login.");
        return 0;
    }
    if (hf_auth_read_token(buf, sizeof buf) != 0 || !buf[0]) {
        hf_out_error(&a->out, "Invalid value. No token was given (pass --token, or the token on stdin).");
        hf_out_hint(&a->out, "set HF_DEBUG=1 as environment variable for full traceback.");
        return 1;
    }
    return hf_auth_do_login(c, a, buf);
}

/* ---- logout, switch, list, token, whoami --------------------------------------------------- */

static int hf_auth_logout(hfhub_client *c, const hf_auth_args *a) {
    hfhub_logout_info lo;
    hfhub_result r = hfhub_logout(c, a->token_name, &lo);
    char msg[1024];
    if (r && lo.status == HFHUB_LOGOUT_NOT_LOGGED_IN) return hf_repo_report_error(&a->out, r);
    if (lo.status == HFHUB_LOGOUT_NOT_LOGGED_IN) {
        hf_auth_log("Not logged in!");
        return 0;
    }
    if (lo.status == HFHUB_LOGOUT_ALL) {
        hf_auth_log("Successfully logged out from all access tokens.");
    } else {
        if (lo.active_deleted) {
            snprintf(msg, sizeof msg, "Active token '%s' has been deleted.", a->token_name);
            hf_auth_log(msg);
        }
        snprintf(msg, sizeof msg, "Successfully logged out from access token: %s.", a->token_name);
        hf_auth_log(msg);
    }
    if (r) { /* the environment still holds a token (Python raises an OSError) */
        hf_out_error(&a->out, hfhub_last_error()->message);
        return 1;
    }
    return 0;
}

/* The token name chosen interactively (NULL after printing why there is none). */
static const char *hf_auth_pick(hfhub_client *c, const hf_auth_args *a, char *buf, size_t cap) {
    hfhub_auth_list_info *li = NULL;
    size_t i, k;
    char line[64];
    if (hfhub_auth_list(c, &li) != HFHUB_OK || li->n == 0) {
        hfhub_free(c, li);
        hf_auth_log("No stored tokens found. Please login first.");
        return NULL;
    }
    if (a->out.mode != HF_OUT_HUMAN || !hf_auth_isatty(0)) {
        hfhub_free(c, li);
        hf_out_error(&a->out, "Use --token-name to select a token in non-interactive mode.");
        hf_out_hint(&a->out, "set HF_DEBUG=1 as environment variable for full traceback.");
        exit(1);
    }
    printf("Select a token to switch to:\n");
    for (i = 0; i < li->n; i++) printf("  %zu) %s\n", i + 1, li->entries[i].name);
    printf("Enter a number: ");
    fflush(stdout);
    buf[0] = 0;
    if (fgets(line, sizeof line, stdin) && (k = (size_t)strtoul(line, NULL, 10)) >= 1 && k <= li->n)
        snprintf(buf, cap, "%s", li->entries[k - 1].name);
    hfhub_free(c, li);
    return buf[0] ? buf : NULL;
}

static int hf_auth_switch(hfhub_client *c, const hf_auth_args *a) {
    hfhub_login_info *li = NULL;
    const char *name = a->token_name;
    char buf[512], msg[1024];
    hfhub_result r;
    if (!name) name = hf_auth_pick(c, a, buf, sizeof buf);
    if (!name) {
        printf("No token name provided. Aborting.\n");
        return 0;
    }
    if ((r = hfhub_auth_switch(c, name, a->add_git, &li)) != HFHUB_OK) return hf_repo_report_error(&a->out, r);
    hf_auth_git_lines(&a->out, li);
    snprintf(msg, sizeof msg, "Your token has been saved to %s", li->token_path);
    hf_auth_log(msg);
    snprintf(msg, sizeof msg, "The current active token is: %s", li->token_name);
    hf_auth_log(msg);
    if (li->env_token_differs)
        hf_auth_log("The environment variable `HF_TOKEN` is set and will override the access token you've just switched to.");
    hfhub_free(c, li);
    return 0;
}

/* Characters (code points) of a UTF-8 string. */
static size_t hf_auth_u8len(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* "{:<width}" */
static void hf_auth_pad(const char *s, size_t width) {
    size_t n = hf_auth_u8len(s);
    fputs(s, stdout);
    for (; n < width; n++) putchar(' ');
}

static int hf_auth_list(hfhub_client *c, const hf_auth_args *a) {
    hfhub_auth_list_info *li = NULL;
    hfhub_result r = hfhub_auth_list(c, &li);
    size_t i, width = 5;
    if (r) return hf_repo_report_error(&a->out, r);
    if (!li->n) {
        if (li->env_token_set) {
            hf_auth_log("No stored access tokens found.");
            hf_auth_log("Note: Environment variable `HF_TOKEN` is set and is the current active token.");
        } else {
            hf_auth_log("No access tokens found.");
        }
        hfhub_free(c, li);
        return 0;
    }
    for (i = 0; i < li->n; i++)
        if (hf_auth_u8len(li->entries[i].name) > width) width = hf_auth_u8len(li->entries[i].name);
    width += 2;
    printf("  ");
    hf_auth_pad("name", width);
    printf("| ");
    hf_auth_pad("token", 15);
    printf("\n");
    for (i = 0; i < width + 2; i++) putchar('-');
    printf("|---------------\n");
    for (i = 0; i < li->n; i++) {
        const char *t = li->entries[i].token;
        size_t tn = strlen(t);
        char masked[64];
        /* f"{token[:3]}****{token[-4:]}" */
        snprintf(masked, sizeof masked, "%.3s****%s", t, tn > 4 ? t + tn - 4 : t);
        printf("%c ", li->entries[i].active ? '*' : ' ');
        hf_auth_pad(li->entries[i].name, width);
        printf("| ");
        hf_auth_pad(masked, 15);
        printf("\n");
    }
    if (li->env_token_set)
        hf_auth_log("\nNote: Environment variable `HF_TOKEN` is set and is the current active token independently from the stored tokens listed above.");
    else if (!li->active_name)
        hf_auth_log("\nNote: No active token is set and no environment variable `HF_TOKEN` is found. Use `hf auth login` to log in.");
    hfhub_free(c, li);
    return 0;
}

static int hf_auth_token(hfhub_client *c, const hf_auth_args *a) {
    char *token = NULL;
    hfhub_result r = hfhub_get_token(c, &token, NULL);
    if (r) return hf_repo_report_error(&a->out, r);
    if (!token) {
        hf_out_error(&a->out, "Not logged in. Run `hf auth login` first.");
        return 1;
    }
    printf("%s\n", token);
    hf_out_hint(&a->out, "Run `hf auth whoami` to see which account this token belongs to.");
    hfhub_free(c, token);
    return 0;
}

static int hf_auth_whoami(hfhub_client *c, const hf_auth_args *a) {
    static const char *const keys[] = {"user", "orgs", "endpoint"};
    hfhub_whoami_info *w = NULL;
    hfhub_client_info ci;
    hf_val vals[3];
    char *token = NULL, orgs[4096];
    size_t i, n = 0;
    hfhub_result r = hfhub_get_token(c, &token, NULL);
    if (r) return hf_repo_report_error(&a->out, r);
    if (!token) {
        hf_out_error(&a->out, "Not logged in");
        return 1;
    }
    r = hfhub_whoami(c, token, &w);
    hfhub_free(c, token);
    if (r) return hf_repo_report_error(&a->out, r);
    orgs[0] = 0;
    for (i = 0; i < w->n_orgs && n + strlen(w->orgs[i]) + 2 < sizeof orgs; i++)
        n += (size_t)sprintf(orgs + n, "%s%s", i ? "," : "", w->orgs[i]);
    hfhub_client_get_info(c, &ci);
    vals[0] = hf_str(w->name);
    vals[1] = orgs[0] ? hf_str(orgs) : hf_none();
    vals[2] = strcmp(ci.endpoint, "https://huggingface.co") ? hf_str(ci.endpoint) : hf_none();
    hf_out_result(&a->out, "Logged in", keys, vals, 3);
    hfhub_whoami_free(c, w);
    return 0;
}

int cmd_auth(int argc, char **argv) {
    static const char *const names[] = {"login", "logout", "switch", "list", "ls", "token", "whoami"};
    int (*const fns[])(hfhub_client *, const hf_auth_args *) = {hf_auth_login, hf_auth_logout, hf_auth_switch, hf_auth_list,
                                                                 hf_auth_list, hf_auth_token, hf_auth_whoami};
    hf_auth_args a;
    hfhub_client *c;
    size_t i;
    int st;
    if (argc < 1) return hf_auth_usage(stderr);
    if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) return hf_auth_usage(stdout);
    for (i = 0; i < sizeof names / sizeof names[0] && strcmp(argv[0], names[i]); i++) {}
    if (i == sizeof names / sizeof names[0]) {
        fprintf(stderr, "Error: No such command '%s'.\n", argv[0]);
        return 2;
    }
    st = hf_auth_parse(argc - 1, argv + 1, &a);
    if (st == 1) return hf_auth_usage(stdout);
    if (st) return st;
    if (!(c = hf_client())) return 1;
    st = fns[i](c, &a);
    hfhub_client_free(c);
    return st;
}
