#!/bin/sh
# Builds each libFuzzer harness tests/fuzz/fuzz_NAME.c with ASan+UBSan and runs it for
# SECONDS (default 60) from its seed corpus tests/fuzz/corpus/NAME (left unchanged).
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
out=build/fuzz
mkdir -p "$out"
passed=0
failed=0
for src in tests/fuzz/fuzz_*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c | sed 's/^fuzz_//')
    bin=$out/fuzz_$name
    work=$(mktemp -d)
    if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -I. -Itests/support "$src" -lpthread -lm -o "$bin" 2>"$work/build.log"; then
        echo "FAIL fuzz $name: build"; cat "$work/build.log"; failed=$((failed + 1)); rm -rf "$work"; continue
    fi
    seeds=tests/fuzz/corpus/$name
    [ -d "$seeds" ] || seeds=
    # shellcheck disable=SC2086
    if (cd "$work" && "$root/$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
            -print_final_stats=0 "$work" ${seeds:+"$root/$seeds"}) >"$work/run.log" 2>&1; then
        echo "ok   fuzz $name ($(grep -oE '#[0-9]+' "$work/run.log" | tail -n 1 | tr -d '#') runs, ${seconds}s)"
        passed=$((passed + 1))
    else
        echo "FAIL fuzz $name"; tail -n 60 "$work/run.log"; failed=$((failed + 1))
    fi
    rm -rf "$work"
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
