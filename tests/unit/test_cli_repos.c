/* test_cli_repos.c: `hf auth ...` and `hf repos ...` run as $HFHUB_BUILD/hf against
 * tools/localhub: Python's messages (stderr) and results (stdout) in the output formats,
 * exit codes, login from stdin, the files a login leaves for Python, and bad input (invalid
 * ids, no token, a read token on a write operation). */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"
#include <unistd.h>

static t_hub hub;
static char home[128];
static char out[65536];
static const char *build;

/* Runs `env -i ... hf <args>` with stdin from `input` (NULL: /dev/null); stdout (and stderr
 * when err) into out; the exit code. */
static int hf(const char *envs, const char *input, const char *args, int err) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s%s%senv -i HOME=%s HF_HOME=%s/hf HF_ENDPOINT=%s NO_COLOR=1 PATH=/usr/bin:/bin %s %s/hf %s %s%s",
             input ? "printf '%s' '" : "", input ? input : "", input ? "' | " : "", home, home, hub.url, envs, build, args,
             err ? "2>&1" : "2>/dev/null", input ? "" : " </dev/null");
    return t_capture(cmd, out, sizeof out);
}

static int has(const char *s) { return strstr(out, s) != NULL; }

static void test_auth_flow(void) {
    char path[256], *tok;
    size_t n;
    CHECK_INT(hf("", NULL, "auth whoami", 1), 1);
    CHECK_STR(out, "Error: Not logged in\n");
    CHECK_INT(hf("", NULL, "auth token", 1), 1);
    CHECK_STR(out, "Error: Not logged in. Run `hf auth login` first.\n");
    CHECK_INT(hf("", NULL, "auth list", 1), 0);
    CHECK_STR(out, "No access tokens found.\n");
    CHECK_INT(hf("", NULL, "auth logout", 1), 0);
    CHECK_STR(out, "Not logged in!\n");
    /* login with --token: Python's log lines on stderr, nothing on stdout */
    CHECK_INT(hf("", NULL, "auth login --token " T_HUB_WRITE_TOKEN, 0), 0);
    CHECK_STR(out, "");
    CHECK_INT(hf("", NULL, "auth login --token " T_HUB_WRITE_TOKEN, 1), 0);
    CHECK(has("Token is valid (permission: write).\nThe token `user-write` has been saved to "));
    CHECK(has("/hf/stored_tokens\nYour token has been saved to "));
    CHECK(has("/hf/token\nLogin successful.\nThe current active token is: `user-write`\n"));
    snprintf(path, sizeof path, "%s/hf/token", home);
    tok = t_read_file(path, &n);
    CHECK_STR(tok, T_HUB_WRITE_TOKEN);
    free(tok);
    CHECK_INT(hf("", NULL, "auth whoami", 0), 0);
    CHECK(has("\xe2\x9c\x93 Logged in\n  user: user\n  endpoint: http://127.0.0.1:"));
    CHECK(!has("orgs"));
    CHECK_INT(hf("", NULL, "auth whoami --format json", 0), 0);
    CHECK(has("{\"user\": \"user\", \"orgs\": null, \"endpoint\": \"http://127.0.0.1:"));
    CHECK_INT(hf("", NULL, "auth whoami -q", 0), 0);
    CHECK_STR(out, "user\n");
    CHECK_INT(hf("", NULL, "auth token", 0), 0);
    CHECK_STR(out, T_HUB_WRITE_TOKEN "\n");
    /* the token from stdin (not a terminal); --force since one is active */
    CHECK_INT(hf("", T_HUB_READ_TOKEN "\n", "auth login", 1), 0);
    CHECK_STR(out, "User is already logged in. Use `hf auth login --force` to force re-login.\n");
    CHECK_INT(hf("", T_HUB_READ_TOKEN "\n", "auth login --force", 1), 0);
    CHECK(has("Token is valid (permission: read).\n"));
    CHECK(has("The current active token is: `user-read`\n"));
    CHECK_INT(hf("", NULL, "auth login --format json", 1), 1);
    CHECK(has("Error: `hf auth login` is interactive and does not support --format json/quiet."));
    CHECK_INT(hf("", NULL, "auth list", 1), 0);
    CHECK_STR(out, "  name        | token          \n"
                   "--------------|---------------\n"
                   "* user-read   | hf_****oken    \n"
                   "  user-write  | hf_****oken    \n");
    CHECK_INT(hf("", NULL, "auth switch --token-name user-write", 1), 0);
    CHECK(has("/hf/token\nThe current active token is: user-write\n"));
    CHECK_INT(hf("", NULL, "auth switch --token-name nope", 1), 1);
    CHECK(has("Error: Invalid value. Access token nope not found in "));
    CHECK_INT(hf("HF_TOKEN=" T_HUB_READ_TOKEN, NULL, "auth switch --token-name user-write", 1), 0);
    CHECK(has("The environment variable `HF_TOKEN` is set and will override the access token you've just switched to.\n"));
    CHECK_INT(hf("", NULL, "auth switch", 1), 1); /* no terminal to choose on */
    CHECK(has("Error: Use --token-name to select a token in non-interactive mode.\n"));
    CHECK_INT(hf("", NULL, "auth login --token hf_bad_token", 1), 1);
    CHECK(has("Error: Invalid user token.\n"));
    CHECK_INT(hf("", NULL, "auth login --token api_org_x", 1), 1);
    CHECK(has("Error: Invalid value. You must use your personal account token, not an organization token.\n"));
    CHECK_INT(hf("", NULL, "auth logout --token-name user-write", 1), 0);
    CHECK_STR(out, "Active token 'user-write' has been deleted.\nSuccessfully logged out from access token: user-write.\n");
    CHECK_INT(hf("", NULL, "auth list", 1), 0);
    CHECK(has("  user-read  | hf_****oken    \n"));
    CHECK(has("Note: No active token is set and no environment variable `HF_TOKEN` is found. Use `hf auth login` to log in.\n"));
    CHECK_INT(hf("", NULL, "auth logout", 1), 0);
    CHECK_STR(out, "Successfully logged out from all access tokens.\n");
    CHECK_INT(hf("", NULL, "auth nope", 1), 2);
}

static void test_repos(void) {
    char want[512];
    CHECK_INT(hf("", NULL, "auth login --token " T_HUB_WRITE_TOKEN, 0), 0);
    CHECK_INT(hf("", NULL, "repos create user/cli-model", 0), 0);
    snprintf(want, sizeof want, "\xe2\x9c\x93 Repo created\n  repo_id: user/cli-model\n  url: %s/user/cli-model\n", hub.url);
    CHECK_STR(out, want);
    CHECK_INT(t_hub_log_count(&hub, "hub", "POST", "^/api/repos/create$"), 1);
    CHECK_INT(hf("", NULL, "repos create user/cli-model", 1), 1);
    CHECK(has("You already created this model repo"));
    CHECK_INT(hf("", NULL, "repos create user/cli-model --exist-ok --format json", 0), 0);
    snprintf(want, sizeof want, "{\"repo_id\": \"user/cli-model\", \"url\": \"%s/user/cli-model\"}\n", hub.url);
    CHECK_STR(out, want);
    CHECK_INT(hf("", NULL, "repos create cli-data --repo-type dataset --private -q", 0), 0);
    CHECK_STR(out, "user/cli-data\n");
    CHECK_INT(hf("", NULL, "repo create user/cli-space --type space --space-sdk static -e A=1 --format agent", 1), 0);
    snprintf(want, sizeof want, "Warning: `hf repo` is deprecated in favor of `hf repos`.\nrepo_id=user/cli-space url=%s/spaces/user/cli-space\n", hub.url);
    CHECK_STR(out, want);
    CHECK_INT(hf("", NULL, "repos create user/cli-space2 --repo-type space", 1), 1);
    CHECK(has("Error: Invalid value. No space_sdk provided."));
    CHECK_INT(hf("", NULL, "repos create user/a--b", 1), 1);
    CHECK(has("Error: Invalid value. Cannot have -- or .. in repo_id: 'user/a--b'.\n"));
    CHECK_INT(hf("", NULL, "repos create user/x --repo-type bucket", 1), 2);
    CHECK_INT(hf("", NULL, "repos create", 1), 2);
    CHECK(has("Error: Missing argument 'REPO_ID'."));
    /* a read token on write operations: Python's 403 text */
    CHECK_INT(hf("", NULL, "repos create user/by-reader --token " T_HUB_READ_TOKEN, 1), 1);
    CHECK(has("403 Forbidden: "));
    CHECK(has("Make sure your token has the correct permissions."));
    /* no token at all */
    CHECK_INT(hf("", NULL, "auth logout", 0), 0);
    CHECK_INT(hf("", NULL, "repos create user/anon", 1), 1);
    CHECK(has("Error: "));
    CHECK(has("401"));
    CHECK_INT(hf("", NULL, "auth login --token " T_HUB_WRITE_TOKEN, 0), 0);
}

static void test_refs_and_settings(void) {
    char commit[41], want[512];
    CHECK_OK(t_hub_seed(&hub, "{\"repo\": \"user/cli-refs\", \"files\": {\"a.txt\": \"x\"}}", commit));
    CHECK_INT(hf("", NULL, "repos branch create user/cli-refs dev", 0), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Branch created\n  branch: dev\n  repo_type: model\n  repo_id: user/cli-refs\n");
    CHECK_INT(hf("", NULL, "repos branch create user/cli-refs dev", 1), 1);
    CHECK_INT(hf("", NULL, "repos branch create user/cli-refs dev --exist-ok -q", 0), 0);
    CHECK_STR(out, "dev\n");
    CHECK_INT(hf("", NULL, "repos tag create user/cli-refs v1 -m 'First release' --revision dev", 0), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Tag created\n  tag: v1\n  repo_type: model\n  repo_id: user/cli-refs\n");
    CHECK_INT(hf("", NULL, "repos tag create user/cli-refs v1", 1), 1);
    CHECK_STR(out, "Error: Tag 'v1' already exists on 'user/cli-refs'.\nHint: set HF_DEBUG=1 as environment variable for full traceback.\n");
    CHECK_INT(hf("", NULL, "repos tag create user/cli-refs v2 --revision nope", 1), 1);
    CHECK(has("Error: Revision 'nope' not found.\n"));
    CHECK_INT(hf("", NULL, "repos tag create user/cli-nope v2 --repo-type dataset", 1), 1);
    CHECK(has("Error: Dataset 'user/cli-nope' not found.\n"));
    CHECK_INT(hf("", NULL, "repos tag list user/cli-refs --format json", 0), 0);
    snprintf(want, sizeof want, "[{\"name\": \"v1\", \"target_commit\": \"%s\", \"ref\": \"refs/tags/v1\"}]\n", commit);
    CHECK_STR(out, want);
    CHECK_INT(hf("", NULL, "repos tag ls user/cli-refs", 0), 0);
    CHECK(has("NAME TARGET_COMMIT                       REF         \n"));
    CHECK_INT(hf("", NULL, "repos tag list user/cli-refs -q", 0), 0);
    CHECK_STR(out, "v1\n");
    CHECK_INT(hf("", NULL, "repos tag delete user/cli-refs v1", 1), 1); /* no answer: aborted */
    CHECK(has("You are about to delete tag v1 on model user/cli-refs\nProceed? [y/N]: "));
    CHECK(has("Aborted!"));
    CHECK_INT(hf("", "y\n", "repos tag delete user/cli-refs v1", 0), 0);
    CHECK(has("\xe2\x9c\x93 Tag deleted\n"));
    CHECK_INT(hf("", NULL, "repos tag delete user/cli-refs v1 -y", 1), 1);
    CHECK(has("Error: Tag 'v1' not found on 'user/cli-refs'.\n"));
    CHECK_INT(hf("", NULL, "repos tag list user/cli-refs", 0), 0);
    CHECK_STR(out, "No results found.\n");
    CHECK_INT(hf("", NULL, "repos branch delete user/cli-refs dev", 0), 0);
    CHECK(has("\xe2\x9c\x93 Branch deleted\n"));
    CHECK_INT(hf("", NULL, "repos settings user/cli-refs --gated manual --private", 0), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Repo settings updated\n  repo_id: user/cli-refs\n");
    CHECK_INT(hf("", NULL, "repos settings user/cli-refs", 1), 1);
    CHECK(has("Error: Invalid value. At least one setting must be updated.\n"));
    CHECK_INT(hf("", NULL, "repos settings user/cli-refs --gated sometimes", 1), 2);
    CHECK_INT(hf("", NULL, "repos move user/cli-refs user/cli-refs2 --format json", 0), 0);
    CHECK_STR(out, "{\"from_id\": \"user/cli-refs\", \"to_id\": \"user/cli-refs2\"}\n");
    CHECK_INT(hf("", NULL, "repos delete user/cli-refs2", 1), 1);
    CHECK(has("You are about to permanently delete model 'user/cli-refs2'. Proceed? [y/N]: "));
    CHECK_INT(hf("", NULL, "repos delete user/cli-refs2 --yes", 0), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Repo deleted\n  repo_id: user/cli-refs2\n");
    CHECK_INT(hf("", NULL, "repos delete user/cli-refs2 -y", 1), 1);
    CHECK(has("Error: Repository not found. Check the `repo_id` and `repo_type` parameters."));
    CHECK_INT(hf("", NULL, "repos delete user/cli-refs2 -y --missing-ok", 0), 0);
    CHECK_INT(hf("", NULL, "repos frobnicate x", 1), 2);
}

int main(void) {
    char cmd[256];
    build = getenv("HFHUB_BUILD");
    if (!build || !*build) build = "build";
    snprintf(home, sizeof home, "/tmp/hfhub_test_cli_repos.XXXXXX");
    if (!mkdtemp(home) || t_hub_start(&hub) != 0) {
        fprintf(stderr, "cannot start localhub\n");
        return 1;
    }
    RUN(test_auth_flow);
    RUN(test_repos);
    RUN(test_refs_and_settings);
    t_hub_stop(&hub);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", home);
    return TEST_END();
}
