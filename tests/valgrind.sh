#!/bin/sh
# Runs every unit-test binary under valgrind's leak checker, two at a time (the machines have
# 2 cores); any leak or error fails. `valgrind.sh --one LOGDIR BINARY` runs one of them.
if [ "$1" = --one ]; then
    log=$2/$(basename "$3")
    if valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$3" >"$log" 2>&1; then
        rm -f "$log"
    fi
    exit 0
fi
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
HFHUB_VECTORS=${HFHUB_VECTORS:-$root/../shared/vectors}
HFHUB_ROOT=$root
HFHUB_BUILD=$(cd "$build" && pwd)
HFHUB_UNDER_VALGRIND=1
export HFHUB_VECTORS HFHUB_ROOT HFHUB_BUILD HFHUB_UNDER_VALGRIND
cd "$root" || exit 1
logs=$(mktemp -d)
HF_XET_CACHE=$(mktemp -d) # keeps Xet's caches out of the home folder
export HF_XET_CACHE
ls "$HFHUB_BUILD"/tests/test_* | xargs -n 1 -P 2 sh "$root/tests/valgrind.sh" --one "$logs"
total=$(ls "$HFHUB_BUILD"/tests/test_* | wc -l)
failed=0
for log in "$logs"/*; do
    [ -f "$log" ] || continue
    failed=$((failed + 1))
    echo "FAIL valgrind $(basename "$log")"
    tail -n 40 "$log"
done
rm -rf "$logs" "$HF_XET_CACHE"
echo "valgrind: $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
