#!/bin/sh
# JSON parse throughput: hfhub's reader against Python's json module (C accelerated) on the
# same ~50 MB document, a synthetic repo tree listing (what GET /api/models/{id}/tree returns:
# objects with type, oid, size, path and an lfs sub-object), measured in the same run.
# Prints MB/s of each (best of 5 parses, file already in memory), the ratio and peak RSS of
# each whole process (read + one parse). Not a test: nothing fails on timing.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
CC=${CC:-cc}
out=build/bench
mkdir -p "$out"
doc=$out/tree.json
bin=$out/json_parse
if [ ! -f "$doc" ]; then
    python3 - "$doc" <<'PY' || exit 1
import json, random, sys
random.seed(1)
words = ["model", "data", "train", "shard", "config", "tokenizer", "weights", "eval", "layers",
         "img", "audio", "cache", "v2", "final", "checkpoint", "übung", "données", "模型"]
items, size = [], 0
while size < 50 * 1000 * 1000:
    path = "/".join(random.choice(words) + str(random.randrange(1000)) for _ in range(random.randrange(1, 5)))
    e = {"type": "file", "oid": "%040x" % random.getrandbits(160),
         "size": random.randrange(1 << 40), "path": path + ".safetensors"}
    if random.random() < 0.5:
        e["lfs"] = {"oid": "%064x" % random.getrandbits(256), "size": e["size"], "pointerSize": 134}
        e["xetHash"] = "%064x" % random.getrandbits(256)
    if random.random() < 0.1:
        e = {"type": "directory", "oid": e["oid"], "size": 0, "path": path}
    items.append(e)
    size += len(json.dumps(e, ensure_ascii=False)) + 1
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(items, f, ensure_ascii=False)
PY
fi
$CC -std=c99 -O2 -I. bench/json_parse.c -lpthread -lm -o "$bin" || exit 1
bytes=$(wc -c <"$doc")
ours=$("$bin" "$doc" 5) || exit 1
py=$(python3 -c '
import json, sys, time
data = open(sys.argv[1], "rb").read()
best = 1e30
for _ in range(5):
    t = time.perf_counter(); json.loads(data); best = min(best, time.perf_counter() - t)
print("%.6f" % best)' "$doc") || exit 1
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}'; }
rss_ours=$(rss "$bin" "$doc" 1)
rss_py=$(rss python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$doc")
echo "$bytes ${ours% *} $py $rss_ours $rss_py" | awk '{
    mb = $1 / 1e6; o = mb / $2; p = mb / $3
    printf "document        %.1f MB (repo tree listing)\n", mb
    printf "hfhub           %8.1f MB/s   peak RSS %6.1f MiB\n", o, $4 / 1024
    printf "python3 json    %8.1f MB/s   peak RSS %6.1f MiB\n", p, $5 / 1024
    printf "ratio hfhub/python %.2f\n", o / p }'
