#!/bin/sh
# Cache management speed, measured against peers in the same run:
#  1. SHA-1 (git blob ids, what `hf cache verify` hashes regular files with): hfhub's portable
#     C on 256 MiB in memory vs `sha1sum` and `openssl dgst -sha1` on the same bytes in a file
#     (page cache warm). MB/s of CPU time each and the ratios.
#  2. `hf cache ls` on a synthetic cache of 200 repos x 3 revisions x 40 files (24,000
#     snapshot links, 16,000 blobs) vs `du -sL` over the same folder (the bare cost of
#     stat-ing every entry through the links). Median wall ms of 5 runs, best CPU seconds
#     of 3, ratios, peak RSS.
# Not a test: nothing fails on timing.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
CC=${CC:-cc}
out=build/bench
mkdir -p "$out"
[ -x build/hf ] || { echo "build/hf missing: run make first"; exit 1; }

# ---- 1. SHA-1 ----
$CC -std=c99 -O2 -I. bench/sha1_speed.c -lpthread -lm -o "$out/sha1_speed" || exit 1
data=$out/sha1_256m.bin
python3 -c '
import sys
n = 256 << 20
sys.stdout.buffer.write(bytes((i * 2654435761 >> 24) & 255 for i in range(1 << 20)) * 256)' >"$data" 2>/dev/null ||
    head -c $((256 << 20)) /dev/zero >"$data"
ours=$("$out/sha1_speed" 256 3 | cut -d' ' -f1)
cpu() { # best CPU seconds (user + sys) of 3 runs of "$@": the machines are shared, CPU time is steadier
    b=""
    for _ in 1 2 3; do
        t=$(/usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -1)
        b=$(echo "$t $b" | awk '{d = $1 + $2; if ($3 == "" || d < $3) print d; else print $3}')
    done
    echo "$b"
}
cat "$data" >/dev/null
sum=$(cpu sha1sum "$data")
ossl=$(cpu openssl dgst -sha1 "$data")
echo "$ours $sum $ossl" | awk '{
    mb = 256 * 1.048576; o = mb / $1; s = mb / $2; p = mb / $3
    printf "sha1 hfhub (portable C)  %8.1f MB/s (CPU time)\n", o
    printf "sha1 sha1sum             %8.1f MB/s (CPU time)\n", s
    printf "sha1 openssl dgst        %8.1f MB/s (CPU time; SHA extensions where the CPU has them)\n", p
    printf "ratio hfhub/sha1sum %.2f, hfhub/openssl %.2f\n", o / s, o / p }'
rm -f "$data"

# ---- 2. scanning a cache ----
cache=$out/cache_scan
if [ ! -d "$cache" ]; then
    python3 - "$cache" <<'PY' || exit 1
import hashlib, os, sys
root = sys.argv[1]
for r in range(200):
    repo = os.path.join(root, "models--org--repo%03d" % r)
    os.makedirs(os.path.join(repo, "blobs"))
    for v in range(3):
        commit = hashlib.sha1(b"%d-%d" % (r, v)).hexdigest()
        for f in range(40):
            content = b"repo %d file %d rev %d\n" % (r, f, v if f < 20 else 0)  # half shared
            etag = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
            blob = os.path.join(repo, "blobs", etag)
            if not os.path.exists(blob):
                open(blob, "wb").write(content)
            link = os.path.join(repo, "snapshots", commit, "sub%d" % (f % 4), "f%d.json" % f)
            os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(os.path.relpath(blob, os.path.dirname(link)), link)
        if v == 2:
            os.makedirs(os.path.join(repo, "refs"), exist_ok=True)
            open(os.path.join(repo, "refs", "main"), "w").write(commit)
PY
fi
median() { # median wall ms of 5 runs of "$@"
    for _ in 1 2 3 4 5; do
        s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
        echo $(( (e - s) / 1000000 ))
    done | sort -n | sed -n 3p
}
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}'; }
hf_ms=$(median build/hf cache ls --cache-dir "$cache" --revisions)
du_ms=$(median du -sL "$cache")
hf_cpu=$(cpu build/hf cache ls --cache-dir "$cache" --revisions)
du_cpu=$(cpu du -sL "$cache")
hf_rss=$(rss build/hf cache ls --cache-dir "$cache" --revisions)
du_rss=$(rss du -sL "$cache")
echo "$hf_ms $du_ms $hf_rss $du_rss $hf_cpu $du_cpu" | awk '{
    printf "hf cache ls --revisions  %6d ms wall, %5.2f s CPU, peak RSS %6.1f MiB  (200 repos, 600 revisions, 24000 files)\n", $1, $5, $3 / 1024
    printf "du -sL                   %6d ms wall, %5.2f s CPU, peak RSS %6.1f MiB\n", $2, $6, $4 / 1024
    printf "ratio du/hf %.2f wall, %.2f CPU (above 1: hf is faster)\n", ($1 > 0 ? $2 / $1 : 0), ($5 > 0 ? $6 / $5 : 0) }'
