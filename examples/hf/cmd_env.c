/* cmd_env.c: `hf version` and `hf env` (the fields of Python's `hf env` that apply to this
 * library, same "- Name: value" lines, plus the transports and TLS library compiled in). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub_xet.h" /* Python's hf_xet line reports whether Xet is compiled in */
#include "cmds.h"
#if !defined(_WIN32)
#include <sys/utsname.h>
#endif
#if defined(HFHUB_TLS_OPENSSL)
#include <openssl/opensslv.h>
#elif defined(HFHUB_TLS_MBEDTLS)
#include <mbedtls/version.h>
#endif
#if defined(HFHUB_USE_CURL)
#include <curl/curlver.h>
#endif

int cmd_version(int argc, char **argv) {
    (void)argv;
    if (argc > 0) {
        fprintf(stderr, "usage: hf version\n");
        return 2;
    }
    printf("hfhub version: %s\n", hfhub_version());
    return 0;
}

static const char *py_bool(int v) { return v ? "True" : "False"; }

/* A boolean environment variable as Python reads it: true iff upper-cased in 1/ON/YES/TRUE. */
static int env_flag(const char *name) {
    static const char *const yes[] = {"1", "ON", "YES", "TRUE"};
    const char *v = getenv(name);
    char up[8];
    size_t i;
    if (!v || strlen(v) >= sizeof up) return 0;
    for (i = 0; v[i]; i++) up[i] = (char)toupper((unsigned char)v[i]);
    up[i] = 0;
    for (i = 0; i < 4; i++)
        if (!strcmp(up, yes[i])) return 1;
    return 0;
}

/* Python prints the hf_xet package version, or N/A without it; ours is built in with hfhub_xet.h. */
static const char *xet_version(void) {
#ifdef HFHUB__WITH_XET
    return hfhub_version();
#else
    return "N/A";
#endif
}

/* Like Python's platform.platform(): system-release-machine. */
static void print_platform(void) {
#if defined(_WIN32)
    printf("- Platform: Windows\n");
#else
    struct utsname u;
    if (uname(&u) == 0) printf("- Platform: %s-%s-%s\n", u.sysname, u.release, u.machine);
    else printf("- Platform: unknown\n");
#endif
}

static const char *tls_library(void) {
#if defined(HFHUB_TLS_OPENSSL)
    return OPENSSL_VERSION_TEXT;
#elif defined(HFHUB_TLS_MBEDTLS)
    return "mbed TLS " MBEDTLS_VERSION_STRING;
#elif defined(HFHUB_USE_CURL)
    return "through libcurl " LIBCURL_VERSION;
#else
    return "N/A";
#endif
}

static const char *compiler(void) {
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#elif defined(_MSC_VER)
    return "msvc";
#else
    return "unknown";
#endif
}

int cmd_env(int argc, char **argv) {
    hfhub_client *c;
    hfhub_client_info info;
    (void)argv;
    if (argc > 0) {
        fprintf(stderr, "usage: hf env\n");
        return 2;
    }
    if ((c = hf_client()) == NULL) return 1;
    hfhub_client_get_info(c, &info);
    printf("\nCopy-and-paste the text below in your GitHub issue.\n\n");
    printf("- hfhub version: %s\n", info.version);
    print_platform();
    printf("- C compiler: %s\n", compiler());
    printf("- Token path ?: %s\n", info.token_path ? info.token_path : "N/A");
    printf("- Has saved token ?: %s\n", py_bool(info.has_token));
    printf("- Transports: %s\n", hfhub_build_transports());
    printf("- TLS: %s\n", tls_library());
    printf("- hf_xet: %s\n", xet_version());
    printf("- ENDPOINT: %s\n", info.endpoint);
    printf("- HF_HUB_CACHE: %s\n", info.hub_cache ? info.hub_cache : "N/A");
    printf("- HF_ASSETS_CACHE: %s\n", info.assets_cache ? info.assets_cache : "N/A");
    printf("- HF_XET_CACHE: %s\n", info.xet_cache ? info.xet_cache : "N/A");
    printf("- HF_TOKEN_PATH: %s\n", info.token_path ? info.token_path : "N/A");
    printf("- HF_STORED_TOKENS_PATH: %s\n", info.stored_tokens_path ? info.stored_tokens_path : "N/A");
    printf("- HF_HUB_OFFLINE: %s\n", py_bool(info.offline));
    printf("- HF_HUB_DISABLE_IMPLICIT_TOKEN: %s\n", py_bool(info.disable_implicit_token));
    printf("- HF_HUB_DISABLE_XET: %s\n", py_bool(info.disable_xet));
    printf("- HF_HUB_ETAG_TIMEOUT: %d\n", info.etag_timeout_s);
    printf("- HF_HUB_DOWNLOAD_TIMEOUT: %d\n", info.download_timeout_s);
    printf("- HF_XET_HIGH_PERFORMANCE: %s\n", py_bool(env_flag("HF_XET_HIGH_PERFORMANCE")));
    printf("\n");
    hfhub_client_free(c);
    return 0;
}
