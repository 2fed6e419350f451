#!/bin/sh
# HTTP download throughput: GET of a 1 GiB file from a local nginx over loopback into a
# counting sink, through each hfhub transport (socket + OpenSSL build, libcurl transport)
# and `curl -o /dev/null`, in the same run. Prints MB/s, the ratio to curl (goal >= 0.95
# for the socket transport) and peak RSS (goal <= 16 MiB). Not a test.
#   bench/http.sh [SIZE_MIB]     (default 1024)
root=$(cd "$(dirname "$0")/.." && pwd)
mib=${1:-1024}
cc=${CC:-cc}
out=$root/build/bench
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "http.sh: nginx not found (Debian package nginx-light)"; exit 1; }
mkdir -p "$out" || exit 1
[ -f "$root/hfhub.h" ] || python3 "$root/tools/amalgamate.py" || exit 1

ssl_cflags=-DHFHUB_NO_TLS; ssl_libs=
if pkg-config --exists openssl 2>/dev/null; then
    ssl_cflags="-DHFHUB_TLS_OPENSSL $(pkg-config --cflags openssl)"
    ssl_libs=$(pkg-config --libs openssl)
fi
# shellcheck disable=SC2086
$cc -std=c99 -O2 -I"$root" $ssl_cflags "$root/bench/http_get.c" -o "$out/http_get" \
    $ssl_libs -lpthread || exit 1
# shellcheck disable=SC2086
$cc -std=c99 -O2 -I"$root" $ssl_cflags -DHFHUB_USE_CURL "$root/bench/http_get.c" \
    -o "$out/http_get_curl" $ssl_libs -lcurl -lpthread || exit 1

tmp=$(mktemp -d /tmp/hfhub_http_bench.XXXXXX) || exit 1
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
mkdir -p "$tmp/www" "$tmp/logs"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$tmp/www/big.bin" || exit 1
bytes=$((mib * 1024 * 1024))
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/nginx.conf" <<CONF
daemon off;
user $(id -un);
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    server { listen 127.0.0.1:$port; root $tmp/www; }
}
CONF
"$nginx" -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/logs/error.log" &
pid=$!
url=http://127.0.0.1:$port/big.bin
i=0
until curl -sf -o /dev/null -r 0-0 "$url"; do
    i=$((i + 1)); [ $i -gt 50 ] && { echo "http.sh: nginx did not start"; tail -n 3 "$tmp/logs/error.log"; exit 1; }
    sleep 0.1
done
cat "$tmp/www/big.bin" >/dev/null # into the page cache

now_ns() { date +%s%N; }
# microseconds of one run of a command (stdout discarded), empty on failure
time_us() {
    t0=$(now_ns); "$@" >/dev/null 2>&1 || return 1; t1=$(now_ns)
    echo $(( (t1 - t0) / 1000 ))
}
peak_rss_kib() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'
}
mbs() { awk -v b="$bytes" -v us="$1" 'BEGIN { printf "%.0f", b / 1e6 / (us / 1e6) }'; }

clients="curl"
for name in socket curl; do
    bin=$out/http_get; [ $name = curl ] && bin=$out/http_get_curl
    "$bin" $name "$url" >"$tmp/check" 2>&1
    st=$?
    if [ $st -eq 2 ]; then eval "skip_$name='(not compiled in)'"; continue; fi
    got=$(cut -d' ' -f1 <"$tmp/check")
    if [ $st -ne 0 ] || [ "$got" != "$bytes" ]; then eval "skip_$name='FAILED: $(tr -d "'" <"$tmp/check")'"; continue; fi
    clients="$clients hf_$name"
done
run_client() {
    case $1 in
        curl) time_us curl -s -o /dev/null "$url" ;;
        hf_socket) time_us "$out/http_get" socket "$url" ;;
        hf_curl) time_us "$out/http_get_curl" curl "$url" ;;
    esac
}
rss_client() {
    case $1 in
        curl) peak_rss_kib curl -s -o /dev/null "$url" ;;
        hf_socket) peak_rss_kib "$out/http_get" socket "$url" ;;
        hf_curl) peak_rss_kib "$out/http_get_curl" curl "$url" ;;
    esac
}
# rounds interleave the clients, so a burst of load elsewhere hits them alike; best of 5
for _ in 1 2 3 4 5; do
    for c in $clients; do
        us=$(run_client "$c") || { echo "http.sh: $c failed"; exit 1; }
        eval "best=\${best_$c:-}"
        if [ -z "$best" ] || [ "$us" -lt "$best" ]; then eval "best_$c=$us"; fi
    done
done
echo "GET of ${mib} MiB from nginx on loopback (http), best of 5 interleaved runs; ratio = our MB/s / curl's"
printf '%-26s %10s %8s %12s\n' client "MB/s" ratio "peak RSS"
for c in curl hf_socket hf_curl; do
    case $c in curl) label="curl -o /dev/null" ;; *) label="hfhub ${c#hf_} transport" ;; esac
    eval "skip=\${skip_${c#hf_}:-}"
    if [ "$c" != curl ] && [ -n "$skip" ]; then printf '%-26s %s\n' "$label" "$skip"; continue; fi
    eval "us=\$best_$c"
    ratio=$(awk -v a="$best_curl" -v b="$us" 'BEGIN { printf "%.2f", a / b }')
    printf '%-26s %10s %8s %9s KiB\n' "$label" "$(mbs "$us")" "$ratio" "$(rss_client "$c")"
done
