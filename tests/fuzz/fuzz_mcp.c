/* fuzz_mcp.c: the MCP JSON-RPC message reader and the tool-result formatter. The input is
 * read as newline-delimited messages (the stdio framing); each line is parsed, and the
 * content of a result (or its params) goes through format_result. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = (const char *)memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        hfhub__arena ar;
        hfhub__mcp_msg m;
        hfhub__arena_init(&ar, NULL);
        if (hfhub__mcp_parse_msg(&ar, p, n, &m) == HFHUB_OK) {
            hfhub__buf b;
            hfhub__buf_init(&b, NULL);
            if (m.kind == HFHUB__MCP_MSG_RESPONSE) (void)hfhub__mcp_format(&b, hfhub_json_get(m.result, "content"));
            else if (m.params) (void)hfhub__mcp_format(&b, hfhub_json_get(m.params, "content"));
            if (b.data && b.data[b.len] != 0) abort();
            hfhub__buf_free(&b);
        }
        hfhub__arena_free(&ar);
        p += n + 1;
    }
    return 0;
}
