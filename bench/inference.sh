#!/bin/sh
# Streaming overhead of chat completion, hfhub vs @huggingface/inference on the same
# localhub stream (10,000 one-word deltas, then after 0.3 s a last delta stamped with the
# server's clock just before it is written):
#  - CPU per 10,000 deltas: the client process's CPU time for the whole streamed call
#    (best of 5 runs; the first run of each client also warms it up);
#  - last SSE byte -> callback: the delay between the server writing the last event and
#    the client's callback seeing it (median of 5 runs), same machine, same clock.
# Ratios are JS / hfhub (higher: hfhub is cheaper / faster). Peak RSS of each client.
# Not a test: nothing fails on timing. Needs `npm ci` in tests/inference_interop.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
CC=${CC:-cc}
out=build/bench
mkdir -p "$out"
N=10000
RUNS=5
$CC -std=c99 -O2 -DHFHUB_NO_TLS -I. bench/inference_stream.c -lpthread -lm -o "$out/inference_stream" || exit 1
lh=$(mktemp -d "${TMPDIR:-/tmp}/localhub-bench.XXXXXX")
python3 tools/localhub --root "$lh" --quiet --exit-with-parent >"$lh.out" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$lh" "$lh.out" "$lh".*' EXIT
for _ in $(seq 1 100); do grep -q '^localhub ready' "$lh.out" 2>/dev/null && break; sleep 0.1; done
hub=$(sed -n 's/^localhub ready //p' "$lh.out")
router=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["router_url"])' "$lh/ports.json")

summary() { # "deltas cpu_ms latency_us" lines -> "best_cpu median_latency deltas"
    sort -k2 -n "$1" | awk 'NR == 1 {print $2, $1}' >"$1.cpu"
    sort -k3 -n "$1" | awk '{l[NR] = $3} END {print l[int((NR + 1) / 2)]}' >"$1.lat"
    echo "$(cut -d' ' -f1 "$1.cpu") $(cat "$1.lat") $(cut -d' ' -f2 "$1.cpu")"
}
/usr/bin/time -v "$out/inference_stream" "$hub" "$router" $N $RUNS >"$lh.c" 2>"$lh.c.time" || { cat "$lh.c.time"; exit 1; }
c=$(summary "$lh.c")
c_rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$lh.c.time")
if [ -d tests/inference_interop/node_modules/@huggingface/inference ] && command -v node >/dev/null; then
    /usr/bin/time -v node bench/inference_stream.mjs "$hub" "$router" $N $RUNS >"$lh.js" 2>"$lh.js.time" || { cat "$lh.js.time"; exit 1; }
    js=$(summary "$lh.js")
    js_rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$lh.js.time")
else
    echo "(@huggingface/inference not installed: run npm ci in tests/inference_interop)"
    js="0 0 0"; js_rss=0
fi
echo "$c $c_rss $js $js_rss $N" | awk '{
    printf "chat stream, %d deltas per call (best CPU of 5, median latency of 5)\n", $9
    printf "%-28s %12s %16s %12s\n", "", "CPU ms/10k", "last byte->cb us", "peak RSS MB"
    printf "%-28s %12.1f %16.1f %12.1f\n", "hfhub (C)", $1 * 10000 / $3, $2, $4 / 1024
    if ($5 > 0) {
        printf "%-28s %12.1f %16.1f %12.1f\n", "@huggingface/inference", $5 * 10000 / $7, $6, $8 / 1024
        printf "ratios JS/hfhub: CPU %.1fx, latency %.1fx, RSS %.1fx\n", ($5 / $7) / ($1 / $3), ($2 > 0 ? $6 / $2 : 0), $8 / $4
    }
}'
