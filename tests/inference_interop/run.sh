#!/bin/sh
# Interop: @huggingface/inference (pinned, `npm ci` already run here) and the C client ask
# localhub's inference router the same questions (chat, streamed chat, chat through a
# provider mapping, feature extraction, text to image) and must get the same answers.
# Last line: "N passed, N failed"; exit status nonzero on any failure.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
if [ ! -d "$here/node_modules/@huggingface/inference" ]; then
    echo "tests/inference_interop: node_modules missing (run 'npm ci' in tests/inference_interop)"
    echo "0 passed, 1 failed"
    exit 1
fi
root="$(mktemp -d "${TMPDIR:-/tmp}/localhub-infer.XXXXXX")"
out="$root.out"
python3 "$repo_root/tools/localhub" --root "$root" --quiet --exit-with-parent >"$out" 2>&1 &
pid=$!
cleanup() {
    kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$root" "$out" "$root.c.json" "$root.bin"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
    grep -q '^localhub ready ' "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
hub="$(sed -n 's/^localhub ready //p' "$out" | head -n1)"
router="$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["router_url"])' "$root/ports.json" 2>/dev/null)"
if [ -z "$hub" ] || [ -z "$router" ]; then
    cat "$out"
    echo "0 passed, 1 failed"
    exit 1
fi
admin() { curl -s -f -X POST -H 'Content-Type: application/json' "$hub/__localhub/inference/mapping" -d "$1" >/dev/null; }
admin '{"model":"hfhub-test/echo","mapping":{"together":{"status":"live","providerId":"together/echo","task":"conversational"}}}' &&
admin '{"model":"hfhub-test/embed","mapping":{"hf-inference":{"status":"live","providerId":"hfhub-test/embed","task":"feature-extraction"}}}' &&
admin '{"model":"hfhub-test/image","mapping":{"hf-inference":{"status":"live","providerId":"hfhub-test/image","task":"text-to-image"}}}' || {
    echo "cannot set the provider mappings"; echo "0 passed, 1 failed"; exit 1; }
# the C side: one self-contained program (no TLS needed on loopback)
if ! ${CC:-cc} -std=c99 -O1 -DHFHUB_NO_TLS -I"$repo_root" "$here/c_answers.c" -lpthread -lm -o "$root.bin" ||
   ! "$root.bin" "$hub" "$router" >"$root.c.json"; then
    echo "C client failed"
    echo "0 passed, 1 failed"
    exit 1
fi
(cd "$here" && node interop.mjs "$hub" "$router" "$root.c.json")
