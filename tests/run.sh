#!/bin/sh
# Runs the test suites and prints one closing line "N passed, N failed".
#   tests/run.sh BUILD_DIR [--unit-only]
# Unit binaries in BUILD_DIR/tests each print "N passed, N failed"; localhub's Python
# tests are counted from unittest's summary.
build=${1:-build}
mode=${2:-all}
root=$(cd "$(dirname "$0")/.." && pwd)
HFHUB_VECTORS=${HFHUB_VECTORS:-$root/../shared/vectors}
HFHUB_ROOT=$root
HFHUB_BUILD=$(cd "$build" && pwd)
export HFHUB_VECTORS HFHUB_ROOT HFHUB_BUILD
passed=0
failed=0
log=$(mktemp)
# Xet's shard and chunk caches default to ~/.cache/huggingface/xet: keep the tests out of it.
HF_XET_CACHE=$(mktemp -d)
export HF_XET_CACHE
trap 'rm -rf "$log" "$HF_XET_CACHE"' EXIT

count() { # $1 = suite name; reads the suite's output in $log; $2 = exit status
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
        f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    else
        p=0; f=1
    fi
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or exited non-zero
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $1 ($p passed, $f failed)"
        sed 's/^/    /' "$log" | tail -n 40
    else
        echo "ok   $1 ($p passed)"
    fi
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    (cd "$root" && "$t") >"$log" 2>&1
    count "$(basename "$t")" $?
done

if [ "$mode" != "--unit-only" ] && [ -d "$root/tests/localhub" ]; then
    (cd "$root" && python3 -m unittest discover -s tests/localhub -t . -p 'test_*.py') >"$log" 2>&1
    st=$?
    n=$(grep -E '^Ran [0-9]+ test' "$log" | sed -E 's/^Ran ([0-9]+).*/\1/')
    bad=$(grep -E '^FAILED \(' "$log" | grep -oE '(failures|errors)=[0-9]+' | awk -F= '{s += $2} END {print s + 0}')
    n=${n:-0}; bad=${bad:-0}
    [ "$st" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    echo "$((n - bad)) passed, $bad failed" >>"$log"
    count localhub $st
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
