#!/bin/sh
# Runs every unit-test binary under valgrind's leak checker; any leak or error fails.
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
HFHUB_VECTORS=${HFHUB_VECTORS:-$root/../shared/vectors}
HFHUB_ROOT=$root
HFHUB_BUILD=$(cd "$build" && pwd)
HFHUB_UNDER_VALGRIND=1
export HFHUB_VECTORS HFHUB_ROOT HFHUB_BUILD HFHUB_UNDER_VALGRIND
passed=0
failed=0
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    if (cd "$root" && valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$t") >/tmp/vg.$$ 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL valgrind $(basename "$t")"
        tail -n 40 /tmp/vg.$$
    fi
done
rm -f /tmp/vg.$$
echo "valgrind: $passed passed, $failed failed"
[ $failed -eq 0 ]
