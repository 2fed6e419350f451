#!/bin/sh
# Xet codecs benchmark (LZ4 frames, BG4), against the lz4 CLI measured in the same run, on random,
# float16-like and bfloat16-like data (model weights: small normal-ish values; plain LZ4 finds
# nothing in them, as in real checkpoints) and compressible text (exercises the matcher).
#   bench/xet_codecs.sh [SIZE_MIB]     (default 1024; needs cc, lz4, /usr/bin/time)
# Like for like: LZ4 frame format, 64 KiB independent blocks, no content checksum, one thread,
# output to /dev/null, input from the page cache; best of 3 runs. Ratio = lz4 time / our time
# (goal >= 0.8). Peak RSS from /usr/bin/time: our streaming coders use O(block) memory.
# Test files go to $TMPDIR (default /tmp) and are deleted afterwards.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
mib=${1:-1024}
size=$((mib * 1048576))
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xet_codecs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
bin=$tmp/xet_codecs
${CC:-cc} -std=c99 -O2 -DHFHUB_NO_SOCKETS -DHFHUB_NO_TLS -I"$root" -I"$root/tests/support" \
    "$root/bench/xet_codecs.c" -lpthread -lm -o "$bin"

# best_of3 CMD...: runs a shell command 3 times; prints "SECONDS RSS_KB" of the fastest run.
best_of3() {
    best=""
    for i in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$tmp/time" sh -c "$1" >/dev/null
        t=$(cut -d' ' -f1 "$tmp/time"); m=$(cut -d' ' -f2 "$tmp/time")
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; rss=$m; fi
    done
    echo "$best $rss"
}

mbs() { echo "scale=0; $mib * 1.048576 / $1" | bc -l; }       # MB/s for SIZE in $1 seconds
ratio() { echo "scale=2; $1 / $2" | bc -l; }                   # lz4 time / our time

printf '%-9s %-7s %10s %10s %7s %11s %11s %s\n' data op "ours MB/s" "lz4 MB/s" ratio "ours RSS" "lz4 RSS" "(KiB)"
for kind in ${KINDS:-random float16 bfloat16 text}; do
    in=$tmp/$kind.bin
    "$bin" gen $kind $size "$in"
    cat "$in" >/dev/null
    lz4 -q -f -1 -B4 -BI --no-frame-crc "$in" "$tmp/cli.lz4"
    "$bin" compress "$in" "$tmp/ours.lz4" >/dev/null
    lz4 -q -d -c "$tmp/ours.lz4" | cmp -s - "$in" || { echo "lz4 -d does not reproduce our frame"; exit 1; }
    set -- $(best_of3 "'$bin' compress '$in' /dev/null")
    ot=$1; orss=$2
    set -- $(best_of3 "lz4 -q -1 -B4 -BI --no-frame-crc -c '$in' > /dev/null")
    lt=$1; lrss=$2
    printf '%-9s %-7s %10s %10s %7s %11s %11s\n' $kind encode "$(mbs $ot)" "$(mbs $lt)" "$(ratio $lt $ot)" $orss $lrss
    set -- $(best_of3 "'$bin' decompress '$tmp/cli.lz4' /dev/null")
    ot=$1; orss=$2
    set -- $(best_of3 "lz4 -q -d -c '$tmp/cli.lz4' > /dev/null")
    lt=$1; lrss=$2
    printf '%-9s %-7s %10s %10s %7s %11s %11s\n' $kind decode "$(mbs $ot)" "$(mbs $lt)" "$(ratio $lt $ot)" $orss $lrss
    echo "$kind: $size bytes -> ours $(wc -c <"$tmp/ours.lz4") bytes, lz4 -1 $(wc -c <"$tmp/cli.lz4") bytes"
    echo "$kind: BG4 (128 KiB chunks, in memory) $("$bin" bg4 "$in")"
    rm -f "$in" "$tmp/cli.lz4" "$tmp/ours.lz4"
done
