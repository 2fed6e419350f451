#!/bin/sh
# Interop: @huggingface/hub (pinned, `npm ci` already run here) against a fresh localhub.
# Starts localhub on free ports in a temp dir, runs interop.mjs, stops localhub.
# Last line: "N passed, N failed"; exit status nonzero on any failure.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
if [ ! -d "$here/node_modules/@huggingface/hub" ]; then
    echo "tests/interop: node_modules missing (run 'npm ci' in tests/interop)"
    echo "0 passed, 1 failed"
    exit 1
fi
root="$(mktemp -d "${TMPDIR:-/tmp}/localhub-interop.XXXXXX")"
out="$root.out"
python3 "$repo_root/tools/localhub" --root "$root" --port 0 --cdn-port 0 --quiet --exit-with-parent \
    --user user:hf_user_write_token:write --user user:hf_user_read_token:read \
    --user other:hf_other_write_token:write --org acme:user \
    --multipart-threshold 8388608 --multipart-chunk-size 5242880 >"$out" 2>&1 &
pid=$!
cleanup() {
    kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$root" "$out"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
    grep -q '^localhub ready ' "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
url="$(sed -n 's/^localhub ready //p' "$out" | head -n1)"
if [ -z "$url" ]; then
    cat "$out"
    echo "0 passed, 1 failed"
    exit 1
fi
log="$root.node"
(cd "$here" && node interop.mjs "$url") >"$log" 2>&1
status=$?
build="${HFHUB_BUILD:-$repo_root/build}"
# commits and uploads between the C `hf` and @huggingface/hub (needs the built hf)
(cd "$here" && node commit_interop.mjs "$url" "$build/hf") >"$log.commit" 2>&1 || status=1
# Xet both ways between @huggingface/hub and the C library (needs build/hf and build/xet-hash)
(cd "$here" && node xet.mjs "$url" "$build") >"$log.xet" 2>&1 || status=1
cat "$log"
grep -h -v -E '^[0-9]+ passed, [0-9]+ failed$' "$log.commit" "$log.xet"
total="$(awk '/^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3 } END { print p " passed, " f " failed" }' "$log" "$log.commit" "$log.xet")"
rm -f "$log.commit" "$log.xet"
if [ $status -ne 0 ]; then
    echo "--- localhub output ---"
    cat "$out"
    echo "--- end of localhub output ---"
    case "$total" in *" 0 failed") total="${total% 0 failed} 1 failed" ;; esac # a script died early
fi
echo "$total"
rm -f "$log"
exit $status
