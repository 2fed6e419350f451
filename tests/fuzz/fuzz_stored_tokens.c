/* fuzz_stored_tokens.c: libFuzzer harness for the stored_tokens reader (configparser's INI
 * rules): any bytes parse or fail cleanly; what parses is written back, and the written
 * file parses again to the same text (a C login never turns a readable file unreadable). */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

static void fz_format(const char *text, size_t len, hfhub__buf *out, int *ok) {
    hfhub__auth_ini ini;
    hfhub__auth_ini_init(&ini, NULL);
    *ok = hfhub__auth_ini_parse(&ini, text, len) == HFHUB_OK;
    if (*ok && hfhub__auth_ini_format(&ini, out) != HFHUB_OK) abort();
    hfhub__auth_ini_free(&ini);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hfhub__buf once, twice;
    int ok1, ok2;
    hfhub__buf_init(&once, NULL);
    hfhub__buf_init(&twice, NULL);
    fz_format((const char *)data, size, &once, &ok1);
    if (ok1) {
        fz_format(once.data ? once.data : "", once.len, &twice, &ok2);
        if (!ok2) abort();
        if (once.len != twice.len || (once.len && memcmp(once.data, twice.data, once.len))) abort();
    }
    hfhub__buf_free(&once);
    hfhub__buf_free(&twice);
    return 0;
}
