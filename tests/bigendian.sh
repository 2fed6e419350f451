#!/bin/sh
# Big-endian run: cross-compiles the unit tests that build with only the base core and the pure
# Xet codecs (static, s390x) and runs them under qemu-user. Every Xet format is little-endian on
# the wire, so this catches any load or store that depends on the host's byte order.
#   tests/bigendian.sh            (needs gcc-s390x-linux-gnu, libc6-dev-s390x-cross, qemu-user)
# Prints "N passed, N failed" last; a test that does not build against the reduced headers is
# listed as skipped.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cc=${CC_S390X:-s390x-linux-gnu-gcc}
qemu=${QEMU_S390X:-qemu-s390x}
for tool in "$cc" "$qemu"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool"; echo "0 passed, 1 failed"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A copy of the sources with a manifest reduced to the blocks that need no I/O layer.
mkdir -p "$work/tools"
cp -R "$root/src" "$work/src"
cp "$root/tools/amalgamate.py" "$work/tools/"
awk '
    /^\[/ { print; next }
    /^# -- / { keep = ($0 ~ /^# -- base: (core|json|text codecs.*|sha256|a digest on a worker thread)$/ || \
                       $0 ~ /^# -- xet: (blake3|chunker and hashes|codec performance \(wt-xetperf\)|lz4, bg4, compression|xorb and shard)$/) }
    /^$/ { keep = 0; print; next }
    keep || /^#/ { print }
' "$root/src/manifest.txt" >"$work/src/manifest.txt"
python3 "$work/tools/amalgamate.py" || { echo "0 passed, 1 failed"; exit 1; }
printf '#define HFHUB_IMPLEMENTATION\n#include "hfhub_xet.h"\n' >"$work/impl.c"
flags="-std=c99 -O2 -static -DHFHUB_NO_SOCKETS -DHFHUB_NO_TLS -I$work -I$root/tests/support"

HFHUB_VECTORS=${HFHUB_VECTORS:-$root/../shared/vectors}
HFHUB_ROOT=$root
HFHUB_BUILD=$work
export HFHUB_VECTORS HFHUB_ROOT HFHUB_BUILD
passed=0
failed=0
for t in "$root"/tests/unit/test_*.c; do
    name=$(basename "$t" .c)
    case $name in test_cli*) echo "skip $name (runs the host's build/hf)"; continue ;; esac
    if ! $cc $flags "$t" "$work/impl.c" -lpthread -lm -o "$work/$name" 2>"$work/$name.cc.log"; then
        echo "skip $name (needs more than the codecs)"
        continue
    fi
    (cd "$root" && "$qemu" "$work/$name") >"$work/$name.log" 2>&1
    st=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/$name.log" | tail -n 1)
    p=0; f=1
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
        f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    fi
    [ "$st" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $name ($p passed, $f failed) on s390x"
        tail -n 30 "$work/$name.log" | sed 's/^/    /'
    else
        echo "ok   $name ($p passed) on s390x"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
