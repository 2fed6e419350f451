#!/bin/sh
# LFS upload of one large file to localhub's CDN origin, against peers in the same run:
#  * hfhub_upload_file (hash pass, preupload, LFS batch, one streamed PUT, verify, commit) vs
#    `curl -T` of the same bytes to the same presigned PUT URL (the bare transfer; goal ratio
#    >= 0.8, the difference being the SHA-256 pass);
#  * the SHA-256 pass (1 MiB reads of the file, as the commit reads it) vs `sha256sum`
#    (goal >= 0.9);
#  * peak RSS of the whole upload (goal <= 64 MiB: the file streams from disk).
# localhub verifies the SHA-256 of what it receives in Python, so both uploads share that
# server-side cost. Not a test: nothing fails on speed.
#   bench/upload.sh [SIZE_MIB]     (default 1024)
root=$(cd "$(dirname "$0")/.." && pwd)
mib=${1:-1024}
cc=${CC:-cc}
out=$root/build/bench
mkdir -p "$out" || exit 1
[ -f "$root/hfhub.h" ] || python3 "$root/tools/amalgamate.py" || exit 1
ssl_cflags= ; ssl_libs=
if pkg-config --exists openssl 2>/dev/null; then
    ssl_cflags="-DHFHUB_TLS_OPENSSL $(pkg-config --cflags openssl)"
    ssl_libs=$(pkg-config --libs openssl)
fi
# shellcheck disable=SC2086
$cc -std=c99 -O2 -I"$root" $ssl_cflags "$root/bench/upload_bench.c" -o "$out/upload_bench" $ssl_libs -lpthread -lm || exit 1

hub=$(mktemp -d /tmp/hfhub_upload_bench.XXXXXX) || exit 1
file=$hub.bin
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$hub" "$hub.out" "$file"; }
trap cleanup EXIT INT TERM
# one single PUT per object: the multipart threshold above the file size
python3 "$root/tools/localhub" --root "$hub" --quiet --multipart-threshold $((mib * 2 * 1024 * 1024)) >"$hub.out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q '^localhub ready ' "$hub.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^localhub ready //p' "$hub.out" | head -n1)
[ -n "$url" ] || { cat "$hub.out"; exit 1; }
token=hf_user_write_token
head -c $((mib * 1024 * 1024)) /dev/urandom >"$file" || exit 1
cat "$file" >/dev/null # into the page cache
bytes=$((mib * 1024 * 1024))
mbs() { awk -v b="$bytes" -v s="$1" 'BEGIN { if (s <= 0) s = 0.001; printf "%.0f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.001; printf "%.2f", a / b }'; }

# ---- SHA-256: the hash pass vs sha256sum ----
best_ours=; best_sum=
for _ in 1 2 3; do
    t=$("$out/upload_bench" sha "$file" | cut -d' ' -f1)
    best_ours=$(echo "$t $best_ours" | awk '{ if ($2 == "" || $1 < $2) print $1; else print $2 }')
    s0=$(date +%s%N); sha256sum "$file" >/dev/null; s1=$(date +%s%N)
    t=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    best_sum=$(echo "$t $best_sum" | awk '{ if ($2 == "" || $1 < $2) print $1; else print $2 }')
done
oid=$("$out/upload_bench" sha "$file" | cut -d' ' -f2)

# ---- curl -T to the presigned PUT URL of the LFS batch answer vs hfhub_upload_file, ----
# ---- alternating, best of 3 (the stored object is removed before each upload) ----
curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name": "bench", "type": "model"}' "$url/api/repos/create" >/dev/null
best() { echo "$1 $2" | awk '{ if ($2 == "" || $1 < $2) print $1; else print $2 }'; }
curl_s=; ours_s=; hash_s=; put_s=; rss=0
for i in 1 2 3; do
    rm -f "$hub/lfs/$oid"
    href=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/vnd.git-lfs+json' \
        -d "{\"operation\": \"upload\", \"transfers\": [\"basic\"], \"objects\": [{\"oid\": \"$oid\", \"size\": $bytes}]}" \
        "$url/user/bench.git/info/lfs/objects/batch" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["objects"][0]["actions"]["upload"]["href"])')
    curl_s=$(best "$(curl -s -o /dev/null -w '%{time_total}' -H 'Expect:' -T "$file" "$href")" "$curl_s")
    rm -f "$hub/lfs/$oid"
    res=$(/usr/bin/time -f 'RSS %M' "$out/upload_bench" upload "$url" "$token" user/bench "$file" "big$i.bin" 2>&1)
    [ -f "$hub/lfs/$oid" ] || { echo "upload failed: $res"; exit 1; }
    set -- $(echo "$res" | grep -v RSS | tail -n1)
    r=$(echo "$res" | awk '/^RSS/ { print $2 }')
    [ "$r" -gt "$rss" ] && rss=$r
    if [ -z "$ours_s" ] || [ "$(best "$1" "$ours_s")" = "$1" ]; then ours_s=$1; hash_s=$2; put_s=$3; fi
done

echo "upload of $mib MiB through LFS (single PUT) to localhub:"
printf "  hfhub_upload_file     %6s MB/s  (%.2f s: hash pass %.2f s, PUT %.2f s, the rest preupload, batch, verify, commit)\n" \
    "$(mbs "$ours_s")" "$ours_s" "$hash_s" "$put_s"
printf "  curl -T (PUT only)    %6s MB/s  (%.2f s)\n" "$(mbs "$curl_s")" "$curl_s"
echo "  ratio hfhub/curl      $(ratio "$curl_s" "$ours_s")  (goal >= 0.8; best of 3 each, alternating)"
echo "  ratio of the PUTs     $(ratio "$curl_s" "$put_s")  (hfhub's PUT alone vs curl -T)"
echo "SHA-256 of the file (best of 3):"
printf "  hfhub hash pass       %6s MB/s\n" "$(mbs "$best_ours")"
printf "  sha256sum             %6s MB/s\n" "$(mbs "$best_sum")"
echo "  ratio hfhub/sha256sum $(ratio "$best_sum" "$best_ours")  (goal >= 0.9)"
echo "peak RSS of the upload: $((rss / 1024)) MiB (goal <= 64 MiB)"
