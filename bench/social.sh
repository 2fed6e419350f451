#!/bin/sh
# The community listings: `hf discussions ls` over a repo with N discussions (50 a page, as
# the Hub pages them: N/50 requests, every item parsed into typed results) against curl
# fetching the same pages on one keep-alive connection (the bare HTTP + localhub cost).
# Median wall ms of 3 runs each, the ratio, and hf's peak RSS (the listing is gathered in
# memory, so RSS grows with N). Env: SOCIAL_BENCH_N (default 500; seeding costs localhub O(N^2): it rewrites the repo state per discussion).
# Not a test: prints numbers, fails only if the server cannot be started.
set -u
root_dir=$(cd "$(dirname "$0")/.." && pwd)
N=${SOCIAL_BENCH_N:-500}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/social-bench.XXXXXX")
pid=""
cleanup() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
[ -x "$root_dir/build/hf" ] || { echo "build/hf missing: run make first"; exit 1; }

python3 "$root_dir/tools/localhub" --root "$tmp/root" --port 0 --quiet --exit-with-parent >"$tmp/out" 2>&1 &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^localhub ready ' "$tmp/out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
hub=$(sed -n 's/^localhub ready //p' "$tmp/out")
[ -n "$hub" ] || { cat "$tmp/out"; echo "localhub did not start"; exit 1; }

# N discussions through the API on one connection
python3 - "$hub" "$N" <<'PY' || exit 1
import http.client, json, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1]); n = int(sys.argv[2])
c = http.client.HTTPConnection(u.hostname, u.port)
def call(method, path, body):
    c.request(method, path, json.dumps(body), {"Content-Type": "application/json",
                                               "Authorization": "Bearer hf_user_write_token"})
    r = c.getresponse(); r.read()
    assert r.status == 200, (path, r.status)
call("POST", "/__localhub/seed", {"repo": "user/repo", "files": {"a.txt": "a"}})
for i in range(n):
    call("POST", "/api/models/user/repo/discussions", {"title": "Discussion number %d" % i,
         "description": "Some text for discussion %d" % i, "pullRequest": i % 5 == 0})
PY

pages=$(( (N + 49) / 50 ))
urls=""
p=0
while [ $p -lt $pages ]; do urls="$urls $hub/api/models/user/repo/discussions?p=$p"; p=$((p + 1)); done

median_ms() { # median wall ms of 3 runs of "$@"
    for _ in 1 2 3; do
        s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
        echo $(( (e - s) / 1000000 ))
    done | sort -n | sed -n 2p
}
# shellcheck disable=SC2086
curl_ms=$(median_ms curl -s -H "Authorization: Bearer hf_user_write_token" $urls)
ours_ms=$(median_ms env HF_ENDPOINT="$hub" HF_TOKEN=hf_user_write_token "$root_dir/build/hf" discussions ls user/repo -s all --limit 1000000 -q)
count=$(HF_ENDPOINT="$hub" HF_TOKEN=hf_user_write_token "$root_dir/build/hf" discussions ls user/repo -s all --limit 1000000 -q | wc -l)
rss=$(env HF_ENDPOINT="$hub" HF_TOKEN=hf_user_write_token /usr/bin/time -v "$root_dir/build/hf" discussions ls user/repo \
      -s all --limit 1000000 -q 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p')
echo "discussions ls: $count discussions, $pages pages"
echo "$ours_ms $curl_ms" | awk '{ printf "  hf discussions ls  %6d ms\n  curl (same pages)  %6d ms\n  ratio hf/curl      %6.2f\n", $1, $2, ($2 > 0 ? $1 / $2 : 0) }'
echo "  hf peak RSS        ${rss:-?} KiB"
