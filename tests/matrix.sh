#!/bin/sh
# The compile matrix: gcc and clang, C99 / C11 / C++11, -Wall -Wextra -Werror -pedantic,
# each feature switch alone, the embedded combination, and HFHUB_STATIC twice in one program.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
warn="-Wall -Wextra -Werror -pedantic"
have() { command -v "$1" >/dev/null 2>&1; }

try() { # name, then the command
    name=$1; shift
    if "$@" >"$tmp/log" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name: $*"
        head -n 30 "$tmp/log"
    fi
}

printf '#define HFHUB_IMPLEMENTATION\n#include "hfhub_xet.h"\n' >"$tmp/xet.c"

features="-DHFHUB_TLS_OPENSSL|-DHFHUB_TLS_MBEDTLS|-DHFHUB_NO_TLS|-DHFHUB_USE_CURL|-DHFHUB_NO_THREADS|-DHFHUB_NO_STDIO|-DHFHUB_NO_SOCKETS|-DHFHUB_STATIC|-DHFHUB_NO_SOCKETS -DHFHUB_NO_STDIO -DHFHUB_NO_THREADS"
for cc in gcc clang; do
    have $cc || continue
    case $cc in gcc) cxx=g++ ;; clang) cxx=clang++ ;; esac
    old_ifs=$IFS; IFS='|'
    for f in $features; do
        IFS=$old_ifs
        for std in c99 c11; do
            # shellcheck disable=SC2086
            try "$cc $std $f" $cc -std=$std $warn $f -I. -c hfhub.c -o "$tmp/o.o"
            try "$cc $std $f xet" $cc -std=$std $warn $f -I. -c "$tmp/xet.c" -o "$tmp/o.o"
        done
        if have $cxx; then
            try "$cxx c++11 $f" $cxx -std=c++11 $warn $f -I. -x c++ -c "$tmp/xet.c" -o "$tmp/o.o"
        fi
        IFS='|'
    done
    IFS=$old_ifs
done

# Linking catches what compiling alone does not: a function used but defined only under
# another feature switch.
printf '#define HFHUB_IMPLEMENTATION\n#include "hfhub_xet.h"\nint main(void) { return 0; }\n' >"$tmp/link.c"
for f in "-DHFHUB_NO_TLS" "-DHFHUB_NO_TLS -DHFHUB_NO_THREADS" "-DHFHUB_NO_TLS -DHFHUB_NO_STDIO" \
         "-DHFHUB_NO_SOCKETS -DHFHUB_NO_STDIO -DHFHUB_NO_THREADS"; do
    # shellcheck disable=SC2086
    try "link $f" cc -std=c99 $warn $f -I. "$tmp/link.c" -lpthread -lm -o "$tmp/link"
done

# HFHUB_STATIC: two private copies of the library in one program.
cat >"$tmp/a.c" <<'C'
#define HFHUB_STATIC
#define HFHUB_IMPLEMENTATION
#include "hfhub_xet.h"
const char *copy_a(void) { return hfhub_result_str(HFHUB_ERR_PARSE); }
C
sed 's/copy_a/copy_b/' "$tmp/a.c" >"$tmp/b.c"
cat >"$tmp/main.c" <<'C'
#include <stdio.h>
#include <string.h>
const char *copy_a(void);
const char *copy_b(void);
int main(void) { return strcmp(copy_a(), copy_b()) != 0; }
C
try "static twice" sh -c "cc -std=c99 $warn -DHFHUB_NO_TLS -I. -c $tmp/a.c -o $tmp/a.o && \
    cc -std=c99 $warn -DHFHUB_NO_TLS -I. -c $tmp/b.c -o $tmp/b.o && \
    cc $tmp/main.c $tmp/a.o $tmp/b.o -lpthread -lm -o $tmp/two && $tmp/two"

echo "matrix: $passed passed, $failed failed"
[ $failed -eq 0 ]
