#!/bin/sh
# MCP client overhead: N tools/call "echo" round trips over stdio to the reference server
# @modelcontextprotocol/server-everything, with hfhub's client vs the official TypeScript SDK
# client (@modelcontextprotocol/sdk, as installed with the server in tests/mcp_interop).
# Both talk to the same node server, so the server's cost is in both; the ratio shows the
# clients' difference. Wall ms for connect (spawn + initialize + tools/list) and for the N
# calls (median of 3 runs), calls/s, ratio SDK/hfhub (higher: hfhub faster), peak RSS of the
# client process itself (getrusage / process.resourceUsage; the server is not counted).
# Not a test: nothing fails on timing.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
CC=${CC:-cc}
out=build/bench
mkdir -p "$out"
N=2000
nm=tests/mcp_interop/node_modules/@modelcontextprotocol
[ -d "$nm/server-everything" ] || { echo "(server-everything not installed: npm ci in tests/mcp_interop)"; exit 0; }
$CC -std=c99 -O2 -DHFHUB_NO_TLS -I. bench/mcp_calls.c -lpthread -lm -o "$out/mcp_calls" || exit 1
server="$nm/server-everything/dist/index.js"
run3() { # command... -> "median_connect median_calls peak_rss_kb" (the client's own RSS:
          # /usr/bin/time would report the server's, a reaped child of the client)
    for _ in 1 2 3; do "$@"; done | sort -k2 -n | awk 'NR == 2 {print $1, $2, $3}'
}
c=$(run3 "$out/mcp_calls" $N node "$server" stdio)
js=$(run3 node bench/mcp_calls.mjs "$root/$nm/sdk" $N node "$server" stdio)
echo "$c" "$js" | awk -v n=$N '{
    printf "%-28s %12s %12s %10s %12s\n", "client", "connect ms", "calls ms", "calls/s", "peak RSS"
    printf "%-28s %12.1f %12.1f %10.0f %9d KB\n", "hfhub", $1, $2, n * 1000 / $2, $3
    printf "%-28s %12.1f %12.1f %10.0f %9d KB\n", "@modelcontextprotocol/sdk", $4, $5, n * 1000 / $5, $6
    printf "ratio SDK/hfhub: connect %.2fx, calls %.2fx, RSS %.1fx\n", $4 / $1, $5 / $2, $6 / $3 }'
