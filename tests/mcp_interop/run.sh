#!/bin/sh
# MCP interop: the hfhub MCP client against @modelcontextprotocol/server-everything (pinned;
# `npm ci` already run here). Builds interop.c against the library object of BUILD (default
# build) and runs it. Last line: "N passed, N failed"; exit status nonzero on any failure.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
build="${1:-$repo_root/build}"
if [ ! -d "$here/node_modules/@modelcontextprotocol/server-everything" ]; then
    echo "tests/mcp_interop: node_modules missing (run 'npm ci' in tests/mcp_interop)"
    echo "0 passed, 1 failed"
    exit 1
fi
${CC:-cc} -std=c99 -O1 -g -Wall -Wextra -pedantic -I"$repo_root" -I"$repo_root/tests/support" \
    "$here/interop.c" "$build/hfhub_xet_impl.o" $(pkg-config --libs openssl 2>/dev/null) -lpthread -lm \
    -o "$build/mcp_interop" || { echo "0 passed, 1 failed"; exit 1; }
exec "$build/mcp_interop" "$here"
