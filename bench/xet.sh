#!/bin/sh
# Xet downloads, measured against peers in the same run (ratios; absolute times mean little):
#   one file of BENCH_MB MiB (default 1024) seeded into localhub as Xet (and LFS), then
#   1. `hf download` through the CAS (reconstruction, parallel xorb ranges, Xet hash check)
#      vs `hf download` with HF_HUB_DISABLE_XET=1 (plain resolve -> CDN) from the same localhub;
#   2. vs @huggingface/hub downloadFile (its XetBlob path) streamed to disk, when tests/interop
#      has its node_modules;
#   3. `hf upload` (create_commit through Xet) of a new file of the same size vs
#      @huggingface/hub uploadFile (useXet: true); `hf upload` of the unchanged file again
#      (no transfer: the hash pass) and of a copy with 1 MiB changed (xorb bytes sent, from
#      the request log);
#   peak RSS of each.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
hf="$root/build/hf"
mb=${BENCH_MB:-1024}
tmp=$(mktemp -d)
hub_pid=
cleanup() {
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
[ -x "$hf" ] || { echo "bench/xet.sh: build first (make)"; exit 1; }
measure() {
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; return 1; }
    cat "$tmp/time"
}
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.2f' % (b / a if a > 0 else 0))" "$@"; }
mbps() { python3 -c "import sys; print('%.0f' % ($mb * 1.048576 / max(float(sys.argv[1]), 1e-9)))" "$1"; }

python3 "$root/tools/localhub" --root "$tmp/root" --quiet >"$tmp/hub.out" 2>&1 &
hub_pid=$!
i=0
until grep -q "localhub ready" "$tmp/hub.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 200 ] && { echo "localhub did not start"; exit 1; }
    sleep 0.1
done
hub=$(sed -n 's/^localhub ready \(http[^ ]*\).*/\1/p' "$tmp/hub.out")
t0=$(date +%s.%N)
curl -s -X POST "$hub/__localhub/seed" -d "{\"repo\": \"user/xbench\", \"xet\": true, \"files\": [
  {\"path\": \"big.bin\", \"size\": $((mb * 1048576)), \"seed\": \"xbench\"}]}" >/dev/null
t1=$(date +%s.%N)
echo "  (seeded ${mb} MiB as Xet in $(python3 -c "print('%.1f' % ($t1 - $t0))") s$( [ -x "$root/build/localhub-xet" ] || echo ', pure Python: build/localhub-xet missing'))"
export HF_ENDPOINT="$hub" HF_TOKEN=hf_user_read_token HF_HUB_DISABLE_PROGRESS_BARS=1

echo "== 1. ${mb} MiB Xet file from one localhub: CAS reconstruction vs plain resolve -> CDN"
sync
set -- $(env HF_HUB_DISABLE_XET=1 /usr/bin/time -f "%e %M" -o "$tmp/time" "$hf" download user/xbench big.bin --cache-dir "$tmp/c1" >/dev/null 2>"$tmp/err" && cat "$tmp/time"); plain_s=$1; plain_rss=$2
rm -rf "$tmp/c1"
set -- $(measure "$hf" download user/xbench big.bin --cache-dir "$tmp/c2"); xet_s=$1; xet_rss=$2
rm -rf "$tmp/c2"
printf '  %-38s %6s s %6s MB/s  peak RSS %6s KiB\n' "hf download, HF_HUB_DISABLE_XET=1" "$plain_s" "$(mbps "$plain_s")" "$plain_rss"
printf '  %-38s %6s s %6s MB/s  peak RSS %6s KiB\n' "hf download via Xet (hash verified)" "$xet_s" "$(mbps "$xet_s")" "$xet_rss"
echo "  ratio Xet speed / plain speed:               $(ratio "$xet_s" "$plain_s")   (goal >= 0.8)"
echo "  peak RSS of the Xet download:                $((xet_rss / 1024)) MiB   (goal <= 128)"

echo "== 2. vs @huggingface/hub downloadFile (XetBlob) of the same file"
nm="$root/tests/interop/node_modules/@huggingface/hub"
if [ -f "$nm/dist/index.js" ] && command -v node >/dev/null 2>&1; then
    cat >"$tmp/dl.mjs" <<EOF
import { downloadFile } from "$nm/dist/index.js";
import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
const blob = await downloadFile({ repo: "user/xbench", path: "big.bin", hubUrl: process.env.HF_ENDPOINT, accessToken: process.env.HF_TOKEN });
if (blob.constructor.name !== "XetBlob") throw new Error("not the Xet path: " + blob.constructor.name);
await blob.stream().pipeTo(Writable.toWeb(createWriteStream("$tmp/js.bin")));
EOF
    if set -- $(measure node "$tmp/dl.mjs"); then
        printf '  %-38s %6s s %6s MB/s  peak RSS %6s KiB\n' "@huggingface/hub XetBlob" "$1" "$(mbps "$1")" "$2"
        echo "  ratio hf Xet speed / @huggingface/hub:       $(ratio "$xet_s" "$1")   (goal >= 3)"
    else
        echo "  (@huggingface/hub downloadFile could not run)"
    fi
    rm -f "$tmp/js.bin"
else
    echo "  (@huggingface/hub not installed: run npm ci in tests/interop for the peer)"
fi

echo "== 3. uploads of a new ${mb} MiB file through Xet"
head -c $((mb * 1048576)) /dev/urandom >"$tmp/up.bin"
curl -s -X POST "$hub/__localhub/seed" -d '{"repo": "user/xup", "files": [{"path": "x.txt", "content": "x"}]}' >/dev/null
export HF_TOKEN=hf_user_write_token
set -- $(measure "$hf" upload user/xup "$tmp/up.bin" c.bin --quiet); up_s=$1; up_rss=$2
printf '  %-38s %6s s %6s MB/s  peak RSS %6s KiB\n' "hf upload via Xet (new data)" "$up_s" "$(mbps "$up_s")" "$up_rss"
echo "  peak RSS of the Xet upload:                  $((up_rss / 1024)) MiB   (goal <= 128)"
if [ -f "$nm/dist/index.js" ] && command -v node >/dev/null 2>&1; then
    cat >"$tmp/up.mjs" <<EOF
import { uploadFile } from "$nm/dist/index.js";
import { openAsBlob } from "node:fs";
await uploadFile({ repo: "user/xup", file: { path: "js.bin", content: await openAsBlob("$tmp/up2.bin") },
                   hubUrl: process.env.HF_ENDPOINT, accessToken: process.env.HF_TOKEN, useXet: true });
EOF
    head -c $((mb * 1048576)) /dev/urandom >"$tmp/up2.bin"
    if set -- $(measure node "$tmp/up.mjs"); then
        printf '  %-38s %6s s %6s MB/s  peak RSS %6s KiB\n' "@huggingface/hub uploadFile (useXet)" "$1" "$(mbps "$1")" "$2"
        echo "  ratio hf upload speed / @huggingface/hub:    $(ratio "$up_s" "$1")   (goal >= 5)"
    fi
    rm -f "$tmp/up2.bin"
fi
set -- $(measure "$hf" upload user/xup "$tmp/up.bin" c-again.bin --quiet); re_s=$1
printf '  %-38s %6s s %6s MB/s\n' "hf upload of the unchanged file" "$re_s" "$(mbps "$re_s")"
python3 -c "
import os, sys
with open(sys.argv[1], 'r+b') as f:   # 1 MiB changed in the middle
    f.seek(os.path.getsize(sys.argv[1]) // 2)
    f.write(os.urandom(1 << 20))
" "$tmp/up.bin"
curl -s -X DELETE "$hub/__localhub/log" >/dev/null
set -- $(measure "$hf" upload user/xup "$tmp/up.bin" c-changed.bin --quiet); ch_s=$1
sent=$(curl -s "$hub/__localhub/log?method=POST&path=%5E/cas/v1/xorbs/" | python3 -c "import json,sys; print(sum(int(e.get('request_bytes') or 0) for e in json.load(sys.stdin)))")
printf '  %-38s %6s s   xorb bytes sent: %s (%s of the file)\n' "hf upload, 1 MiB changed" "$ch_s" "$sent" \
    "$(python3 -c "print('%.4f' % ($sent / ($mb * 1048576)))")"
rm -f "$tmp/up.bin"
