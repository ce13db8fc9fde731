#!/usr/bin/env bash
# `witc component wit` on the test components prints what `jco wit` printed (data/*.wit),
# and a truncated component is a clean error (exit 1) naming the byte offset.
set -u
data="$WITC_SOURCE_ROOT/tests/component/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for w in hello reactor demo types world utf16 proxy; do
  if ! "$WITC" component wit "$data/$w.wasm" > "$tmp/$w.wit"; then
    echo "FAIL: witc component wit $w.wasm exited $?"; fail=1; continue
  fi
  diff -u "$data/$w.wit" "$tmp/$w.wit" || { echo "FAIL: $w.wit differs"; fail=1; }
done
head -c 1000 "$data/demo.wasm" > "$tmp/trunc.wasm"
"$WITC" component wit "$tmp/trunc.wasm" > /dev/null 2> "$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: truncated file: exit $rc, expected 1"; fail=1; }
grep -q "at byte" "$tmp/err" || { echo "FAIL: no offset in: $(cat "$tmp/err")"; fail=1; }
"$WITC" component wit /nonexistent.wasm 2> /dev/null
[ $? -eq 3 ] || { echo "FAIL: missing file is not exit 3"; fail=1; }
"$WITC" component wit 2> /dev/null
[ $? -eq 2 ] || { echo "FAIL: missing argument is not exit 2"; fail=1; }
exit $fail
