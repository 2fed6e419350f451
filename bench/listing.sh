#!/bin/sh
# Listing throughput: iterate a 100,000-entry model listing (1000 per page, Link rel="next"
# paging) from tools/localhub (synthetic entries, generated per page) with hfhub's typed
# iterator, and with Python following the same Link headers (urllib + json) in the same run.
# Prints entries/s of each, the ratio, and peak RSS of each whole process (the iterator holds
# one page at a time, so its memory does not grow with the listing). Not a test.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
CC=${CC:-cc}
N=${LISTING_N:-100000}
out=build/bench
mkdir -p "$out"
bin=$out/listing_iter
$CC -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -I. bench/listing_iter.c -lpthread -lm $(pkg-config --libs openssl 2>/dev/null) -o "$bin" 2>/dev/null ||
    $CC -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -DHFHUB_NO_TLS -I. bench/listing_iter.c -lpthread -lm -o "$bin" || exit 1
hubdir=$(mktemp -d /tmp/hfhub_bench_listing.XXXXXX)
python3 tools/localhub --root "$hubdir" --quiet >"$hubdir.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$hubdir" "$hubdir.out"' EXIT
i=0
while [ $i -lt 100 ] && ! grep -q "localhub ready" "$hubdir.out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
url=$(awk '/localhub ready/ {print $3}' "$hubdir.out")
[ -n "$url" ] || { echo "localhub did not start"; exit 1; }
curl -s -X POST "$url/__localhub/synthetic" -d "{\"type\": \"model\", \"count\": $N}" >/dev/null || exit 1
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}'; }
ours=$("$bin" "$url") || exit 1
py=$(python3 - "$url" <<'PY'
import json, re, sys, time, urllib.request
url, n, pages, t = sys.argv[1] + "/api/models", 0, 0, time.perf_counter()
while url:
    with urllib.request.urlopen(url) as r:
        items = json.load(r)
        link = r.headers.get("Link") or ""
    n += sum(1 for it in items if it["id"]); pages += 1
    m = re.search(r'<([^>]+)>;\s*rel="next"', link)
    url = m.group(1) if m else None
print(n, pages, "%.6f" % (time.perf_counter() - t))
PY
) || exit 1
rss_ours=$(rss "$bin" "$url")
rss_py=$(rss python3 -c '
import json, re, sys, urllib.request
url = sys.argv[1] + "/api/models"
while url:
    with urllib.request.urlopen(url) as r:
        items = json.load(r); link = r.headers.get("Link") or ""
    m = re.search(r"<([^>]+)>;\s*rel=\"next\"", link); url = m.group(1) if m else None' "$url")
echo "$ours $py $rss_ours $rss_py" | awk '{
    printf "listing         %d entries in %d pages (localhub, synthetic models)\n", $1, $2
    printf "hfhub iterator  %9.0f entries/s   peak RSS %6.1f MiB\n", $1 / $3, $7 / 1024
    printf "python urllib   %9.0f entries/s   peak RSS %6.1f MiB\n", $4 / $6, $8 / 1024
    printf "ratio hfhub/python %.2f (both bound by the Python server generating the pages)\n", ($1 / $3) / ($4 / $6) }'
