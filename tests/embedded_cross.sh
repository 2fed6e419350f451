#!/bin/sh
# Cross-compiles examples/embedded.c for a Cortex-M4 (newlib nano) with -Werror and prints
# the code size of the library: the object holding the library alone, and the linked
# firmware image with unused functions dropped. Run by `make embedded-cross` (make check).
set -eu
CC=${ARM_CC:-arm-none-eabi-gcc}
SIZE=${ARM_SIZE:-arm-none-eabi-size}
OUT=${BUILD:-build}/embedded-cross
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "embedded-cross: $CC not found (Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi)" >&2
    exit 1
fi
mkdir -p "$OUT"
FLAGS="-mcpu=cortex-m4 -mthumb -Os -std=c99 -Wall -Wextra -Werror -pedantic -ffunction-sections -fdata-sections --specs=nano.specs -I."

# The library on its own, configured as the example configures it.
cat > "$OUT/hfhub_impl.c" <<'C'
#define HFHUB_NO_STDIO 1
#define HFHUB_NO_THREADS 1
#define HFHUB_NO_SOCKETS 1
#define HFHUB_NO_CLOCK 1
#define HFHUB_MALLOC(sz) ((void)(sz), (void *)0)
#define HFHUB_REALLOC(p, sz) ((void)(p), (void)(sz), (void *)0)
#define HFHUB_FREE(p) ((void)(p))
#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
C
$CC $FLAGS -c "$OUT/hfhub_impl.c" -o "$OUT/hfhub_impl.o"
$CC $FLAGS -DEMBEDDED_SEPARATE_LIBRARY -c examples/embedded.c -o "$OUT/embedded.o"
$CC $FLAGS --specs=nosys.specs -Wl,--gc-sections "$OUT/embedded.o" "$OUT/hfhub_impl.o" -o "$OUT/embedded.elf"
# The single-file form compiles too.
$CC $FLAGS -c examples/embedded.c -o "$OUT/embedded_single.o"

echo "library object (all of hfhub.h, Cortex-M4 -Os):"
$SIZE "$OUT/hfhub_impl.o"
echo "linked firmware image (example + library + newlib nano, unused sections dropped):"
$SIZE "$OUT/embedded.elf"
