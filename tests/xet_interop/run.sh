#!/bin/sh
# Interop: build/xet-hash against @huggingface/xetchunk-wasm (pinned in package-lock.json) on
# generated inputs: random, zeros, repeated text, float16-like, sizes around the 8 KiB /
# 64 KiB / 128 KiB boundaries, several MB, and inputs that hit the package's known early cut.
# For each input:
#   1. the package, given our chunk boundaries (--ends), must print exactly our output: the
#      chunk, xorb, file and verification hashes agree;
#   2. the package chunking on its own must print exactly our output, or else the difference
#      must be exactly its known sub-8 KiB cut (vectors/README.md §5): our boundaries are
#      xet-core's rule, the package's are that rule with hits taken from chunk size 8128 on
#      (ref_chunker.mjs), and the first chunk where they part is 8128..8191 bytes long.
# Prints "N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${XET_HASH:-${HFHUB_BUILD:-$root/build}/xet-hash}
passed=0
failed=0
if [ ! -x "$bin" ]; then echo "missing $bin (make)"; echo "0 passed, 1 failed"; exit 1; fi
if [ ! -d "$here/node_modules/@huggingface/xetchunk-wasm" ]; then
    (cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
        { echo "npm ci failed in $here"; echo "0 passed, 1 failed"; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"

python3 - "$tmp/in" <<'PY'
import random, struct, sys, math
out = sys.argv[1]
def put(name, data):
    open(f"{out}/{name}", "wb").write(data)
r = random.Random(2026)
for n in [0, 1, 100, 8127, 8128, 8191, 8192, 8193, 65535, 65536, 65537, 131071, 131072, 131073,
          139263, 262144, 262145, 1000000, 3 * 1048576 + 17, 8 * 1048576]:
    put(f"random_{n}", r.randbytes(n))
for n in [8192, 131072, 131073, 1048576, 5 * 1048576 + 3]:
    put(f"zeros_{n}", bytes(n))
text = b"The quick brown fox jumps over the lazy dog. 0123456789\n"
for n in [70000, 2 * 1048576]:
    put(f"text_{n}", (text * (n // len(text) + 1))[:n])
vals = [r.gauss(0, 1) for _ in range(1 << 20)]
put("float16_2MiB", b"".join(struct.pack("<e", v) for v in vals))
# the chunking vectors' trigger pattern (pads where the package cuts early, and not)
pat = bytes.fromhex(
    "9a342a229f4b7ee046ec0cc44fecb27c7f3263b22cb0ae7efaebcdaefc7a230a1465d645c10873699ee4786f"
    "88a2c6fbd3b7fdfca4933f10baa27517aa24cdbbae4cd2aed3af0cad913b0246deb59fe3b69cbd33e26a1832"
    "b79d8c0a0817d4460aea1721dbfe27ec4631bf7409730f651a9fa5dc0faa387d5ca35eeb26283151")
for pad in [0, 1, 12, 17, 104, 126]:
    d = pat + bytes(pad)
    while len(d) < 65536:
        d += d[:min(65536 - len(d), len(d))]
    put(f"trigger_pad_{pad}", d)
# splitmix64 seed 6, 131073 bytes: e2e.json's case where the package splits off 8128 bytes
s, b = 6, bytearray()
while len(b) < 131073:
    s = (s + 0x9E3779B97F4A7C15) & (2**64 - 1)
    z = s
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & (2**64 - 1)
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & (2**64 - 1)
    b += struct.pack("<Q", z ^ (z >> 31))
put("splitmix_s6_131073", bytes(b[:131073]))
PY

ends() { awk 'NF == 3 { print $1 + $2 }' "$1"; }
explained=0
for f in "$tmp"/in/*; do
    name=$(basename "$f")
    ok=1
    why=""
    "$bin" "$f" --chunks >"$tmp/ours" || { ok=0; why="xet-hash failed"; }
    ends "$tmp/ours" >"$tmp/ours.ends"
    node "$here/xet_hash.mjs" "$f" --ends "$tmp/ours.ends" --chunks >"$tmp/given" 2>"$tmp/err" ||
        { ok=0; why="node (--ends) failed: $(head -c 300 "$tmp/err")"; }
    if [ $ok = 1 ] && ! cmp -s "$tmp/ours" "$tmp/given"; then
        ok=0; why="hashes differ on our boundaries"
    fi
    node "$here/xet_hash.mjs" "$f" --chunks >"$tmp/theirs" 2>"$tmp/err" ||
        { ok=0; why="node failed: $(head -c 300 "$tmp/err")"; }
    if [ $ok = 1 ] && ! cmp -s "$tmp/ours" "$tmp/theirs"; then
        ends "$tmp/theirs" >"$tmp/theirs.ends"
        node "$here/ref_chunker.mjs" "$f" 8192 >"$tmp/norm.ends"
        node "$here/ref_chunker.mjs" "$f" 8128 >"$tmp/early.ends"
        # the first chunk where the package parts from us: its length in the package
        first=$(paste -d' ' "$tmp/ours.ends" "$tmp/theirs.ends" |
                awk '{ if ($1 != $2) { print $2 - prev; exit } prev = $1 }')
        if cmp -s "$tmp/ours.ends" "$tmp/norm.ends" && cmp -s "$tmp/theirs.ends" "$tmp/early.ends" &&
           [ -n "$first" ] && [ "$first" -ge 8128 ] && [ "$first" -le 8191 ]; then
            explained=$((explained + 1))
            echo "ok   $name (package cuts early: a $first-byte chunk; hashes agree on our boundaries)"
        else
            ok=0; why="boundaries differ and the early-cut model does not explain it"
        fi
    elif [ $ok = 1 ]; then
        echo "ok   $name ($(tail -n 1 "$tmp/ours" | sed 's/.*"nchunks":\([0-9]*\).*/\1/') chunks, identical output)"
    fi
    if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name: $why"; fi
done
# The inputs include cases the package is known to cut early: that path must have been taken.
if [ $explained -ge 3 ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: expected the package's early cut on >= 3 inputs, saw $explained"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
