#!/bin/sh
# Fails when the committed hfhub.h / hfhub_xet.h differ from what src/ generates.
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/tools/amalgamate.py" --out "$tmp" || exit 1
status=0
for h in hfhub.h hfhub_xet.h; do
    if ! git -C "$root" show "HEAD:$h" 2>/dev/null | cmp -s - "$tmp/$h"; then
        echo "drift: committed $h differs from what tools/amalgamate.py generates (run make amalgamate and commit)"
        status=1
    fi
    if ! cmp -s "$root/$h" "$tmp/$h"; then
        echo "drift: working-tree $h is stale"
        status=1
    fi
done
[ $status -eq 0 ] && echo "drift: headers match src/"
exit $status
