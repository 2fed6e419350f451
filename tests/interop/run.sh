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
# Xet both ways between @huggingface/hub and the C library (needs build/hf and build/xet-hash)
build="${HFHUB_BUILD:-$repo_root/build}"
if [ -x "$build/hf" ] && [ -x "$build/xet-hash" ]; then
    (cd "$here" && node xet.mjs "$url" "$build") >"$log.xet" 2>&1 || status=1
    sed '$d' "$log.xet" >>"$log"
    python3 - "$log" "$log.xet" <<'PYEOF' >>"$log"
import re, sys
tot = [0, 0]
for p in sys.argv[1:]:
    m = [l for l in open(p) if re.match(r"^\d+ passed, \d+ failed$", l)]
    if m:
        a, b = re.findall(r"\d+", m[-1])
        tot[0] += int(a); tot[1] += int(b)
    else:
        tot[1] += 1
print("%d passed, %d failed" % tuple(tot))
PYEOF
    rm -f "$log.xet"
fi
cat "$log"
if [ $status -ne 0 ]; then
    echo "--- localhub output ---"
    cat "$out"
    echo "--- end of localhub output ---"
    last="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1)"
    echo "${last:-0 passed, 1 failed}"
fi
rm -f "$log"
exit $status
