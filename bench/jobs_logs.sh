#!/bin/sh
# Job log streaming (SSE), measured against curl in the same run: `hf jobs logs` of a finished
# job with 10,000 lines from tools/localhub (zero compute timings) vs `curl -sN` of the same
# event stream (the bare transfer, no parsing). Median wall ms of 5 runs each, the ratio, and
# the peak RSS of hf. localhub (Python) produces the stream, so both sides share its cost.
# Not a test: nothing fails on timing.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
[ -x build/hf ] || { echo "build/hf missing: run make first"; exit 1; }
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 0; }
state=$(mktemp -d)
python3 tools/localhub --root "$state" --quiet --exit-with-parent \
    --compute-timing job_scheduling_s=0 --compute-timing job_line_s=0 >"$state/ready" 2>/dev/null &
hub_pid=$!
for _ in $(seq 1 100); do grep -q ready "$state/ready" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^localhub ready //p' "$state/ready")
[ -n "$url" ] || { echo "localhub did not start"; kill $hub_pid; rm -rf "$state"; exit 1; }
tok=hf_user_write_token
id=$(curl -s -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d '{"dockerImage":"alpine","command":["x"],"environment":{"LOCALHUB_LINES":"10000"}}' \
    "$url/api/jobs/user" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
ms() { # median wall ms of 5 runs of "$@"
    for _ in 1 2 3 4 5; do
        s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
    done | sort -n | sed -n 3p
}
export HF_ENDPOINT="$url" HF_TOKEN=$tok
ours=$(ms build/hf jobs logs "$id")
peer=$(ms curl -sN -H "Authorization: Bearer $tok" "$url/api/jobs/user/$id/logs")
lines=$(build/hf jobs logs "$id" | wc -l)
rss=$(/usr/bin/time -f "%M" build/hf jobs logs "$id" 2>&1 >/dev/null | tail -1)
echo "job logs, $lines lines: hf jobs logs ${ours} ms, curl -sN ${peer} ms (median of 5)"
echo "$ours $peer" | awk '{ if ($2 > 0) printf "ratio hf/curl %.2f (lower is better)\n", $1 / $2 }'
echo "hf jobs logs peak RSS ${rss} KB"
kill $hub_pid 2>/dev/null
wait $hub_pid 2>/dev/null
rm -rf "$state"
