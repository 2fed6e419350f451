#!/bin/sh
# localhub's own ceiling, so other benchmarks can tell whether the server is their bottleneck:
#   - sequential small HEAD and GET /resolve requests per second on one keep-alive connection
#     (curl and Python http.client as clients), with the mean latency per request;
#   - MB/s of one large GET from the CDN origin (sendfile), and from nginx serving the same
#     blob directory (ROOT/lfs, the --cdn-url setup) when nginx is installed.
# Env: LH_BENCH_N (requests, default 2000), LH_BENCH_MB (large file size, default 256).
# Not a test: prints numbers, fails only if the server cannot be started.
set -u
root_dir=$(cd "$(dirname "$0")/.." && pwd)
N=${LH_BENCH_N:-2000}
MB=${LH_BENCH_MB:-256}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/localhub-bench.XXXXXX")
pid=""
ngpid=""
cleanup() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    [ -n "$ngpid" ] && kill -TERM "$ngpid" 2>/dev/null && wait "$ngpid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

python3 "$root_dir/tools/localhub" --root "$tmp/root" --port 0 --cdn-port 0 --quiet --exit-with-parent >"$tmp/out" 2>&1 &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^localhub ready ' "$tmp/out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
hub=$(sed -n 's/^localhub ready //p' "$tmp/out")
[ -n "$hub" ] || { cat "$tmp/out"; echo "localhub did not start"; exit 1; }

# seed: one 1 KiB text file and one large LFS object
curl -s -o /dev/null -X POST "$hub/__localhub/seed" -H 'Content-Type: application/json' \
    -d "{\"repo\": \"user/bench\", \"files\": [{\"path\": \"small.txt\", \"content\": \"$(printf '%01024d' 0)\"}, {\"path\": \"large.bin\", \"size\": $((MB * 1024 * 1024))}]}"

now() { python3 -c 'import time; print(time.time())'; }
rate() { python3 -c "import sys; n, t = int(sys.argv[1]), float(sys.argv[2]); print('%8.0f req/s  %7.3f ms/req' % (n / t, 1000 * t / n))" "$1" "$2"; }

# curl: N URLs in one invocation reuse one keep-alive connection
i=0; : >"$tmp/urls"
while [ $i -lt "$N" ]; do echo "url = \"$hub/user/bench/resolve/main/small.txt\"" >>"$tmp/urls"; echo 'output = "/dev/null"' >>"$tmp/urls"; i=$((i + 1)); done
t0=$(now); curl -s -I -K "$tmp/urls" >/dev/null; t1=$(now)
echo "HEAD /resolve small, curl keep-alive:   $(rate "$N" "$(python3 -c "print($t1 - $t0)")")"
t0=$(now); curl -s -K "$tmp/urls"; t1=$(now)
echo "GET  /resolve small, curl keep-alive:   $(rate "$N" "$(python3 -c "print($t1 - $t0)")")"

python3 - "$hub" "$N" <<'EOF'
import http.client, sys, time, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1]); n = int(sys.argv[2])
c = http.client.HTTPConnection(u.hostname, u.port)
for method in ("HEAD", "GET"):
    t0 = time.time()
    for _ in range(n):
        c.request(method, "/user/bench/resolve/main/small.txt")
        r = c.getresponse(); r.read()
        assert r.status == 200
    dt = time.time() - t0
    print("%-4s /resolve small, python keep-alive: %8.0f req/s  %7.3f ms/req" % (method, n / dt, 1000 * dt / n))
c.request("GET", "/api/models/user/bench")
r = c.getresponse(); r.read()
t0 = time.time()
for _ in range(n // 4):
    c.request("GET", "/api/models/user/bench/revision/main")
    r = c.getresponse(); r.read()
dt = time.time() - t0
print("GET  /api/models/{repo}/revision/main:  %8.0f req/s  %7.3f ms/req" % (n // 4 / dt, 1000 * dt / (n // 4)))
EOF

# 8 clients in parallel, each on its own keep-alive connection
i=0; : >"$tmp/urls8"
while [ $i -lt $((N / 8)) ]; do echo "url = \"$hub/user/bench/resolve/main/small.txt\"" >>"$tmp/urls8"; echo 'output = "/dev/null"' >>"$tmp/urls8"; i=$((i + 1)); done
t0=$(now)
cpids=""
for k in 1 2 3 4 5 6 7 8; do curl -s -K "$tmp/urls8" & cpids="$cpids $!"; done
for c in $cpids; do wait "$c"; done
t1=$(now)
echo "GET  /resolve small, 8 parallel curls:  $(rate $((N / 8 * 8)) "$(python3 -c "print($t1 - $t0)")")"

# upload: one large single-part PUT to the CDN (SHA-256 checked while receiving)
head -c $((MB * 1024 * 1024)) /dev/urandom >"$tmp/up.bin"
upsha=$(sha256sum "$tmp/up.bin" | cut -d' ' -f1)
href=$(curl -s -X POST "$hub/user/bench.git/info/lfs/objects/batch" -H 'Authorization: Bearer hf_user_write_token' \
    -H 'Content-Type: application/vnd.git-lfs+json' \
    -d "{\"operation\": \"upload\", \"transfers\": [\"basic\"], \"objects\": [{\"oid\": \"$upsha\", \"size\": $((MB * 1024 * 1024))}]}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["objects"][0]["actions"]["upload"]["href"])')
upspeed=$(curl -s -o /dev/null -w '%{speed_upload}' -T "$tmp/up.bin" "$href")
rm -f "$tmp/up.bin"
echo "PUT large ($MB MiB) to the CDN origin:    $(python3 -c "print('%8.0f MB/s' % ($upspeed / 1e6))")"

loc=$(curl -s -I "$hub/user/bench/resolve/main/large.bin" | sed -n 's/^Location: //Ip' | tr -d '\r')
speed=$(curl -s -o /dev/null -w '%{speed_download}' "$loc")
echo "GET large ($MB MiB) from the CDN origin:  $(python3 -c "print('%8.0f MB/s' % ($speed / 1e6))")"

if command -v nginx >/dev/null 2>&1; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$tmp/ng"
    cat >"$tmp/ng/nginx.conf" <<EOF
daemon off; worker_processes 1; pid $tmp/ng/nginx.pid; error_log $tmp/ng/error.log;
events { worker_connections 64; }
http { access_log off; sendfile on; tcp_nopush on; client_body_temp_path $tmp/ng;
       proxy_temp_path $tmp/ng; fastcgi_temp_path $tmp/ng; uwsgi_temp_path $tmp/ng; scgi_temp_path $tmp/ng;
       server { listen 127.0.0.1:$port; location /lfs/ { alias $tmp/root/lfs/; } } }
EOF
    nginx -c "$tmp/ng/nginx.conf" -p "$tmp/ng" >/dev/null 2>&1 &
    ngpid=$!
    sleep 0.5
    chmod 755 "$tmp" "$tmp/root" "$tmp/root/lfs"  # nginx workers run as an unprivileged user
    sha=$(ls "$tmp/root/lfs" | head -n1)
    ngspeed=$(curl -s -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$port/lfs/$sha")
    echo "GET large ($MB MiB) from nginx (--cdn-url): $(python3 -c "print('%8.0f MB/s' % ($ngspeed / 1e6))")"
    python3 -c "print('localhub CDN / nginx: %.2f' % ($speed / max($ngspeed, 1)))"
fi
