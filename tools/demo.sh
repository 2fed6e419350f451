#!/bin/sh
# make demo: the main job, offline. Starts tools/localhub on free ports, seeds a small model
# repo (regular, LFS and Xet files), downloads one file and then the whole snapshot with
# build/hf into a temporary cache, prints the cache tree, and stops the local Hub.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
hf="$root/build/hf"
work=$(mktemp -d)
cleanup() {
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

python3 "$root/tools/localhub" --root "$work/hub" --quiet >"$work/hub.out" 2>&1 &
hub_pid=$!
i=0
until grep -q "localhub ready" "$work/hub.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "localhub did not start"; cat "$work/hub.out"; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/^localhub ready \(http[^ ]*\).*/\1/p' "$work/hub.out")
echo "local Hub at $url"

curl -s -X POST "$url/__localhub/seed" -H 'Content-Type: application/json' -d '{
  "repo": "openai-community/gpt2",
  "files": [
    {"path": "config.json", "content": "{\"model_type\": \"gpt2\", \"n_layer\": 12}\n"},
    {"path": "tokenizer.json", "content": "{\"version\": \"1.0\"}\n"},
    {"path": "model.safetensors", "size": 5000000, "seed": "demo weights"},
    {"path": "onnx/decoder_model.onnx", "size": 1000000, "seed": "demo onnx"}]}' >/dev/null
# a second commit whose large file is stored in Xet, as most files on the Hub are now
curl -s -X POST "$url/__localhub/seed" -H 'Content-Type: application/json' -d '{
  "repo": "openai-community/gpt2", "xet": true, "message": "Xet weights",
  "files": [{"path": "model-xet.safetensors", "size": 3000000, "seed": "demo xet weights"}]}' >/dev/null

export HF_ENDPOINT="$url" HF_HUB_CACHE="$work/cache" HF_TOKEN=hf_user_read_token
echo
echo "\$ hf download openai-community/gpt2 config.json"
"$hf" download openai-community/gpt2 config.json
echo
echo "\$ hf download openai-community/gpt2 --exclude 'onnx/*'"
"$hf" download openai-community/gpt2 --exclude 'onnx/*'
echo
echo "model-xet.safetensors came from the Xet CAS (the resolve answer names its Xet hash):"
curl -s -I -H "Authorization: Bearer $HF_TOKEN" "$url/openai-community/gpt2/resolve/main/model-xet.safetensors" |
    grep -i '^x-xet-hash' | sed 's/^/  /'
echo
echo "The cache (shared with Python's huggingface_hub):"
(cd "$work/cache" && find . | LC_ALL=C sort | sed 's|^\./||' | while read -r p; do
    if [ -L "$p" ]; then echo "  $p -> $(readlink "$p")"; else echo "  $p"; fi
done)
