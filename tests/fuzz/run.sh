#!/bin/sh
# Builds each libFuzzer harness tests/fuzz/fuzz_NAME.c with ASan+UBSan and runs it for
# SECONDS (default 60; `make fuzz` passes 30) from its seed corpus tests/fuzz/corpus/NAME (left unchanged), two at a
# time.
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
out=build/fuzz
mkdir -p "$out"
# one harness: build, run, print "ok ..." or "FAIL ..." (with the log) to $2
fuzz_one() {
    src=$1
    name=$(basename "$src" .c | sed 's/^fuzz_//')
    bin=$out/fuzz_$name
    work=$(mktemp -d)
    if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -I. -Itests/support "$src" -lpthread -lm -o "$bin" 2>"$work/build.log"; then
        { echo "FAIL fuzz $name: build"; cat "$work/build.log"; } >"$2"; rm -rf "$work"; return
    fi
    seeds=tests/fuzz/corpus/$name
    [ -d "$seeds" ] || seeds=
    # shellcheck disable=SC2086
    if (cd "$work" && "$root/$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
            -print_final_stats=0 "$work" ${seeds:+"$root/$seeds"}) >"$work/run.log" 2>&1; then
        echo "ok   fuzz $name ($(grep -oE '#[0-9]+' "$work/run.log" | tail -n 1 | tr -d '#') runs, ${seconds}s)" >"$2"
    else
        { echo "FAIL fuzz $name"; tail -n 60 "$work/run.log"; } >"$2"
    fi
    rm -rf "$work"
}

# two harnesses at a time (the machines have 2 cores)
logs=$(mktemp -d)
n=0
for src in tests/fuzz/fuzz_*.c; do
    [ -f "$src" ] || continue
    n=$((n + 1))
    fuzz_one "$src" "$logs/$n" &
    [ $((n % 2)) -eq 0 ] && wait
done
wait
passed=$(cat "$logs"/* 2>/dev/null | grep -c '^ok   fuzz')
failed=$(cat "$logs"/* 2>/dev/null | grep -c '^FAIL fuzz')
for f in $(ls "$logs" | sort -n); do cat "$logs/$f"; done
rm -rf "$logs"
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
