#!/bin/sh
# Runs every benchmark script in bench/ (they print ratios against peers measured in the
# same run, and peak memory). Benchmarks are not tests: nothing here fails on timing.
root=$(cd "$(dirname "$0")/.." && pwd)
for b in "$root"/bench/*.sh; do
    [ "$(basename "$b")" = run.sh ] && continue
    echo "== $(basename "$b")"
    sh "$b" || echo "(benchmark $(basename "$b") failed to run)"
done
