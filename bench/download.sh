#!/bin/sh
# Downloads, measured against peers in the same run (ratios; absolute times mean little here):
#   1. a 1 GiB LFS file through the resolve redirect, CDN served by nginx, written to disk:
#      `hf download` (default, and forced to 4 ranged connections; verification off and on) vs
#      `curl -L -o FILE` and `openssl dgst -sha256`;
#      peak RSS of each;
#   2. latency of `hf download` for an already cached file (one HEAD): median ms;
#   3. a snapshot of 1,000 files of 1 KiB: `hf download` vs @huggingface/hub snapshotDownload
#      (when tests/interop has its node_modules).
# Env: BENCH_MB (default 1024) sets the size of the large file.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
hf="$root/build/hf"
mb=${BENCH_MB:-1024}
tmp=$(mktemp -d)
hub_pid=
ng_pid=
cleanup() {
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    [ -n "$ng_pid" ] && kill "$ng_pid" 2>/dev/null && wait "$ng_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
command -v nginx >/dev/null 2>&1 || { echo "bench/download.sh: needs nginx (Debian nginx-light)"; exit 0; }
[ -x "$hf" ] || { echo "bench/download.sh: build first (make)"; exit 1; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# seconds and peak RSS (KiB) of a command: "SECS RSS"
measure() {
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; return 1; }
    cat "$tmp/time"
}
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.2f' % (b / a if a > 0 else 0))" "$@"; }
mbps() { python3 -c "import sys; print('%.0f' % ($mb * 1.048576 / max(float(sys.argv[1]), 1e-9)))" "$1"; }

# nginx serving localhub's blob folder, localhub redirecting LFS downloads to it
ng_port=$(free_port)
mkdir -p "$tmp/ng" "$tmp/root/lfs"
chmod 755 "$tmp" "$tmp/root" "$tmp/root/lfs" # nginx workers run unprivileged
cat >"$tmp/ng/nginx.conf" <<EOF
daemon off; worker_processes 1; pid $tmp/ng/nginx.pid; error_log $tmp/ng/error.log;
events { worker_connections 64; }
http { access_log off; sendfile on; tcp_nopush on; client_body_temp_path $tmp/ng;
       proxy_temp_path $tmp/ng; fastcgi_temp_path $tmp/ng; uwsgi_temp_path $tmp/ng; scgi_temp_path $tmp/ng;
       server { listen 127.0.0.1:$ng_port; location /lfs/ { alias $tmp/root/lfs/; } } }
EOF
nginx -c "$tmp/ng/nginx.conf" -p "$tmp/ng" >/dev/null 2>&1 &
ng_pid=$!
python3 "$root/tools/localhub" --root "$tmp/root" --quiet --cdn-url "http://127.0.0.1:$ng_port/lfs" >"$tmp/hub.out" 2>&1 &
hub_pid=$!
i=0
until grep -q "localhub ready" "$tmp/hub.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "localhub did not start"; exit 1; }
    sleep 0.1
done
hub=$(sed -n 's/^localhub ready \(http[^ ]*\).*/\1/p' "$tmp/hub.out")
curl -s -X POST "$hub/__localhub/seed" -d "{\"repo\": \"user/bench\", \"files\": [
  {\"path\": \"big.bin\", \"size\": $((mb * 1048576)), \"seed\": \"bench\"},
  {\"path\": \"config.json\", \"content\": \"{}\"}]}" >/dev/null
chmod -R a+rX "$tmp/root/lfs"
export HF_ENDPOINT="$hub" HF_TOKEN=hf_user_read_token HF_HUB_DISABLE_PROGRESS_BARS=1

echo "== 1. ${mb} MiB LFS file, resolve -> nginx CDN -> disk"
sync
set -- $(measure curl -s -L -o "$tmp/curl.bin" "$hub/user/bench/resolve/main/big.bin"); curl_s=$1; curl_rss=$2
set -- $(measure openssl dgst -sha256 "$tmp/curl.bin"); sha_s=$1
rm -f "$tmp/curl.bin"
set -- $(env HF_HUB_DISABLE_VERIFICATION=1 /usr/bin/time -f "%e %M" -o "$tmp/time" "$hf" download user/bench big.bin --cache-dir "$tmp/c1" >/dev/null 2>&1; cat "$tmp/time"); nov_s=$1; nov_rss=$2
rm -rf "$tmp/c1"
set -- $(measure "$hf" download user/bench big.bin --cache-dir "$tmp/c2"); ver_s=$1; ver_rss=$2
rm -rf "$tmp/c2"
set -- $(env HFHUB_DOWNLOAD_CONNECTIONS=4 HF_HUB_DISABLE_VERIFICATION=1 /usr/bin/time -f "%e %M" -o "$tmp/time" "$hf" download user/bench big.bin --cache-dir "$tmp/c1" >/dev/null 2>&1; cat "$tmp/time"); rng_s=$1; rng_rss=$2
rm -rf "$tmp/c1"
set -- $(env HFHUB_DOWNLOAD_CONNECTIONS=4 /usr/bin/time -f "%e %M" -o "$tmp/time" "$hf" download user/bench big.bin --cache-dir "$tmp/c1" >/dev/null 2>&1; cat "$tmp/time"); rng_ver_s=$1
rm -rf "$tmp/c1"
set -- $(measure "$hf" download user/bench big.bin --cache-dir "$tmp/c2"); ver_s=$1; ver_rss=$2
slower=$(python3 -c "print(max($curl_s, $sha_s))")
printf '  %-34s %6s s %6s MB/s  peak RSS %6s KiB\n' "curl -L -o FILE" "$curl_s" "$(mbps "$curl_s")" "$curl_rss"
printf '  %-34s %6s s %6s MB/s\n' "openssl dgst -sha256 FILE" "$sha_s" "$(mbps "$sha_s")"
printf '  %-34s %6s s %6s MB/s  peak RSS %6s KiB\n' "hf download, 4 ranges (no verify)" "$rng_s" "$(mbps "$rng_s")" "$rng_rss"
printf '  %-34s %6s s %6s MB/s\n' "hf download, 4 ranges (verified)" "$rng_ver_s" "$(mbps "$rng_ver_s")"
printf '  %-34s %6s s %6s MB/s  peak RSS %6s KiB\n' "hf download (verification off)" "$nov_s" "$(mbps "$nov_s")" "$nov_rss"
printf '  %-34s %6s s %6s MB/s  peak RSS %6s KiB\n' "hf download (SHA-256 verified)" "$ver_s" "$(mbps "$ver_s")" "$ver_rss"
echo "  ratio hf(no verify) / curl speed:            $(ratio "$nov_s" "$curl_s")   (goal >= 0.95)"
echo "  ratio hf(4 ranges, no verify) / curl speed:  $(ratio "$rng_s" "$curl_s")   (goal >= 1.0; on loopback"
echo "        one stream is CPU-bound and ranges only add work: hf uses them when a stream is slow)"
echo "  ratio hf(verified) / slower(curl, sha256):   $(ratio "$ver_s" "$slower")   (goal >= 0.9)"

echo "== 2. latency of hf download for a cached file (one HEAD request)"
"$hf" download user/bench config.json --cache-dir "$tmp/c2" >/dev/null
python3 - "$hf" "$tmp/c2" <<'EOF'
import subprocess, sys, time
hf, cache = sys.argv[1], sys.argv[2]
ts = []
for _ in range(30):
    t = time.perf_counter()
    subprocess.run([hf, "download", "user/bench", "config.json", "--cache-dir", cache], check=True, stdout=subprocess.DEVNULL)
    ts.append((time.perf_counter() - t) * 1000)
ts.sort()
print("  median %.1f ms over 30 runs (goal <= 10 ms; Python's CLI: ~1600 ms)" % ts[len(ts) // 2])
EOF

echo "== 3. snapshot of 1,000 files of 1 KiB"
python3 - "$hub" <<'EOF'
import json, sys, urllib.request
files = [{"path": "f/%04d.txt" % i, "content": ("%04d" % i) * 256, "mode": "regular"} for i in range(1000)]
req = urllib.request.Request(sys.argv[1] + "/__localhub/seed", data=json.dumps({"repo": "user/many", "files": files}).encode())
urllib.request.urlopen(req).read()
EOF
set -- $(measure "$hf" download user/many --cache-dir "$tmp/c3"); snap_s=$1
echo "  hf download (snapshot):               $snap_s s"
nm="$root/tests/interop/node_modules/@huggingface/hub"
if [ -d "$nm" ] && command -v node >/dev/null 2>&1; then
    cat >"$tmp/snap.mjs" <<EOF
import { snapshotDownload } from "$nm/dist/index.js";
await snapshotDownload({ repo: "user/many", hubUrl: process.env.HF_ENDPOINT, accessToken: process.env.HF_TOKEN, cacheDir: "$tmp/c4" });
EOF
    if [ -f "$nm/dist/index.js" ] && set -- $(measure node "$tmp/snap.mjs"); then
        echo "  @huggingface/hub snapshotDownload:    $1 s"
        echo "  ratio (JS time / hf time):            $(ratio "$snap_s" "$1")   (goal >= 4)"
    else
        echo "  (@huggingface/hub snapshotDownload could not run)"
    fi
else
    echo "  (@huggingface/hub not installed: run npm ci in tests/interop for the peer)"
fi
