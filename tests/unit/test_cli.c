/* test_cli.c: `hf version`, `hf env` (fields and values under a controlled environment) and
 * usage errors, by running the built $HFHUB_BUILD/hf. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "spawn.h"

static char out[8192];
static const char *build;

/* Runs `env -i <envs> <build>/hf <args>` and captures stdout (and stderr when err). */
static int hf(const char *envs, const char *args, int err) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "env -i %s %s/hf %s %s", envs, build, args, err ? "2>&1" : "2>/dev/null");
    return t_capture(cmd, out, sizeof out);
}

static int has_line(const char *line) {
    char want[512];
    snprintf(want, sizeof want, "\n%s\n", line);
    return strstr(out, want) != NULL;
}

static void test_version(void) {
    char want[64];
    snprintf(want, sizeof want, "hfhub version: %s\n", HFHUB_VERSION_STRING);
    CHECK_INT(hf("", "version", 0), 0);
    CHECK_STR(out, want);
    CHECK_INT(hf("", "--version", 0), 0);
    CHECK_STR(out, want);
    CHECK_INT(hf("", "version extra", 1), 2);
}

static void test_env_defaults(void) {
    CHECK_INT(hf("HOME=/home/x", "env", 0), 0);
    {
        const char *head = "\nCopy-and-paste the text below in your GitHub issue.\n\n";
        CHECK(strncmp(out, head, strlen(head)) == 0);
    }
    CHECK(has_line("- ENDPOINT: https://huggingface.co"));
    CHECK(has_line("- HF_HUB_CACHE: /home/x/.cache/huggingface/hub"));
    CHECK(has_line("- HF_ASSETS_CACHE: /home/x/.cache/huggingface/assets"));
    CHECK(has_line("- HF_XET_CACHE: /home/x/.cache/huggingface/xet"));
    CHECK(has_line("- HF_TOKEN_PATH: /home/x/.cache/huggingface/token"));
    CHECK(has_line("- HF_STORED_TOKENS_PATH: /home/x/.cache/huggingface/stored_tokens"));
    CHECK(has_line("- Token path ?: /home/x/.cache/huggingface/token"));
    CHECK(has_line("- Has saved token ?: False"));
    CHECK(has_line("- HF_HUB_OFFLINE: False"));
    CHECK(has_line("- HF_HUB_DISABLE_IMPLICIT_TOKEN: False"));
    CHECK(has_line("- HF_HUB_DISABLE_XET: False"));
    CHECK(has_line("- HF_HUB_ETAG_TIMEOUT: 10"));
    CHECK(has_line("- HF_HUB_DOWNLOAD_TIMEOUT: 10"));
    CHECK(has_line("- hf_xet: " HFHUB_VERSION_STRING)); /* the CLI is built with hfhub_xet.h */
    CHECK(has_line("- HF_XET_HIGH_PERFORMANCE: False"));
    CHECK(strstr(out, "\n- hfhub version: " HFHUB_VERSION_STRING "\n") != NULL);
    CHECK(strstr(out, "\n- Platform: ") != NULL);
    CHECK(strstr(out, "\n- Transports: ") != NULL);
    CHECK(strstr(out, "\n- TLS: ") != NULL);
    if (t__cur_failed) fprintf(stderr, "--- output ---\n%s", out);
}

static void test_env_controlled(void) {
    CHECK_INT(hf("HOME=/home/x HF_HOME=/srv/hf HF_HUB_CACHE=/data/hub HF_ENDPOINT=http://127.0.0.1:8080/ "
                 "HF_TOKEN=hf_secret_value HF_HUB_OFFLINE=1 HF_HUB_DISABLE_IMPLICIT_TOKEN=yes "
                 "HF_HUB_DISABLE_XET=true HF_HUB_ETAG_TIMEOUT=30 HF_HUB_DOWNLOAD_TIMEOUT=60 HF_XET_HIGH_PERFORMANCE=On",
                 "env", 0), 0);
    CHECK(has_line("- ENDPOINT: http://127.0.0.1:8080"));
    CHECK(has_line("- HF_HUB_CACHE: /data/hub"));
    CHECK(has_line("- HF_ASSETS_CACHE: /srv/hf/assets"));
    CHECK(has_line("- HF_TOKEN_PATH: /srv/hf/token"));
    CHECK(has_line("- HF_STORED_TOKENS_PATH: /srv/hf/stored_tokens"));
    CHECK(has_line("- Has saved token ?: True"));
    CHECK(has_line("- HF_HUB_OFFLINE: True"));
    CHECK(has_line("- HF_HUB_DISABLE_IMPLICIT_TOKEN: True"));
    CHECK(has_line("- HF_HUB_DISABLE_XET: True"));
    CHECK(has_line("- HF_HUB_ETAG_TIMEOUT: 30"));
    CHECK(has_line("- HF_HUB_DOWNLOAD_TIMEOUT: 60"));
    CHECK(has_line("- HF_XET_HIGH_PERFORMANCE: True"));
    CHECK(strstr(out, "hf_secret_value") == NULL); /* the token is never printed */
    if (t__cur_failed) fprintf(stderr, "--- output ---\n%s", out);
}

static void test_usage(void) {
    CHECK_INT(hf("", "no-such-command", 1), 2);
    CHECK(strstr(out, "unknown command 'no-such-command'") != NULL);
    CHECK(strstr(out, "usage: hf <command>") != NULL);
    CHECK_INT(hf("", "", 1), 2);
    CHECK_INT(hf("", "--help", 0), 0);
    CHECK(strstr(out, "  env ") != NULL && strstr(out, "  version ") != NULL);
}

int main(void) {
    build = getenv("HFHUB_BUILD");
    if (!build || !*build) build = "build";
    RUN(test_version);
    RUN(test_env_defaults);
    RUN(test_env_controlled);
    RUN(test_usage);
    return TEST_END();
}
