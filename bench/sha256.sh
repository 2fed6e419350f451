#!/bin/sh
# SHA-256 throughput: hfhub's implementations (OpenSSL-backed, SHA-NI, ARMv8, AVX2 schedule,
# portable) against `openssl dgst -sha256` on the same 1 GiB file, in the same run. Prints
# MB/s, the ratio to OpenSSL (goal >= 0.9 for the path hfhub picks) and peak RSS. On x86 CPUs
# with SHA-NI, OpenSSL is also run with SHA-NI masked off (OPENSSL_ia32cap), the fair peer for
# the paths used on CPUs without it (avx2, portable). Not a test: nothing fails on speed.
#   bench/sha256.sh [SIZE_MIB]     (default 1024)
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
$cc -std=c99 -O2 -I"$root" $ssl_cflags "$root/bench/sha256_bench.c" -o "$out/sha256_bench" \
    $ssl_libs -lpthread || exit 1

file=$(mktemp /tmp/hfhub_sha256_bench.XXXXXX) || exit 1
trap 'rm -f "$file"' EXIT INT TERM
head -c $((mib * 1024 * 1024)) /dev/urandom >"$file" || exit 1
cat "$file" >/dev/null # into the page cache
bytes=$((mib * 1024 * 1024))

# One run under /usr/bin/time: prints "wall_ms cpu_ms rss_kib" (cpu = user + system).
measure() {
    /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -n 1 |
        awk '{ printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4 }'
}
mbs() { awk -v b="$bytes" -v ms="$1" 'BEGIN { if (ms < 1) ms = 1; printf "%.0f", b / 1e6 / (ms / 1e3) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < 1) b = 1; printf "%.2f", a / b }'; }

ref_digest=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)
names="openssl-dgst"
# OpenSSL's own fallback: leaf-7 EBX bit 29 (SHA) masked in OPENSSL_ia32cap's second word
if grep -qw sha_ni /proc/cpuinfo 2>/dev/null; then names="$names openssl-nosha"; fi
for impl in openssl sha-ni armv8 avx2 portable; do
    got=$("$out/sha256_bench" "$file" "$impl" 2>/dev/null)
    if [ $? -eq 2 ]; then continue; fi
    if [ "$(echo "$got" | cut -d' ' -f3)" != "$ref_digest" ]; then
        echo "hfhub $impl: WRONG DIGEST ($got)"; continue
    fi
    names="$names $impl"
done

# Rounds interleave the contenders, so a change of machine load hits all of them alike; each
# keeps its best wall and best CPU time. CPU time is the fairer figure on a shared machine.
rounds=${ROUNDS:-3}
results=$(mktemp) || exit 1
trap 'rm -f "$file" "$results"' EXIT INT TERM
r=0
while [ $r -lt "$rounds" ]; do
    for n in $names; do
        case $n in
        openssl-dgst) m=$(measure openssl dgst -sha256 "$file") ;;
        openssl-nosha) m=$(OPENSSL_ia32cap=":~0x20000000" measure openssl dgst -sha256 "$file") ;;
        *) m=$(measure "$out/sha256_bench" "$file" "$n") ;;
        esac
        echo "$n $m" >>"$results"
    done
    r=$((r + 1))
done
best() { # name field(2 wall, 3 cpu, 4 rss) -> min (rss: max)
    awk -v n="$1" -v f="$2" '$1 == n { v = $f; if (f == 4) { if (v > m) m = v } else if (m == "" || v < m) m = v }
        END { print m + 0 }' "$results"
}
ssl_wall=$(best openssl-dgst 2); ssl_cpu=$(best openssl-dgst 3)
echo "SHA-256 over ${mib} MiB from the page cache; best of $rounds interleaved rounds."
echo "ratio = our MB/s / openssl dgst's MB/s (goal >= 0.9 for the path hfhub picks)."
printf '%-20s %9s %7s %10s %7s %10s\n' "" "CPU MB/s" ratio "wall MB/s" ratio "peak RSS"
for n in openssl-dgst openssl-nosha openssl sha-ni armv8 avx2 portable; do
    case " $names " in
    *" $n "*) ;;
    *) [ "$n" = openssl-nosha ] || printf '%-20s %s\n' "hfhub $n" "(not available here)"; continue ;;
    esac
    label="hfhub $n"
    [ "$n" = openssl-dgst ] && label="openssl dgst -sha256"
    [ "$n" = openssl-nosha ] && label="  same, no SHA-NI"
    w=$(best "$n" 2); c=$(best "$n" 3)
    printf '%-20s %9s %7s %10s %7s %6s KiB\n' "$label" "$(mbs "$c")" "$(ratio "$ssl_cpu" "$c")" \
        "$(mbs "$w")" "$(ratio "$ssl_wall" "$w")" "$(best "$n" 4)"
done
echo "hfhub picks: $("$out/sha256_bench" "$file" auto | cut -d' ' -f1)"
if case " $names " in *" openssl-nosha "*) true ;; *) false ;; esac; then
    nc=$(best openssl-nosha 3)
    for n in avx2 portable; do
        case " $names " in *" $n "*) ;; *) continue ;; esac
        echo "hfhub $n vs OpenSSL without SHA-NI (CPU time): $(ratio "$nc" "$(best "$n" 3)")"
    done
fi
