#!/usr/bin/env bash
# `witc component embed` against jco: for each golden world (test_encode_golden/worlds.txt,
# utf8 lines), jco's `embed --dummy` module is stripped of its component-type section and
# embedded again by witc; the result must be byte-identical to jco's module, and `jco new`
# + `jco wit` on it must print the same world as on jco's; and `witc component embed
# --dummy` must give a module that `jco new` accepts, with the same world.
# Skips (77) when jco is unavailable.
# Usage: test_encode_embed.sh TEST_ENCODE_TOOL   (env: WITC, WITC_SOURCE_ROOT)
set -uo pipefail
tool=$1
src=${WITC_SOURCE_ROOT:?}
witc=${WITC:?}
bash "$src/scripts/setup-jco.sh" >/dev/null 2>&1 || { echo "jco unavailable: skipping"; exit 77; }
export WITC_JCO_DIR=${WITC_JCO_DIR:-$src/.tools/jco}
node_jco() { node --import "$WITC_JCO_DIR/preload.mjs" "$src/tests/gen/test_encode_jco.mjs" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0 n=0
: > "$tmp/newwit"
while read -r path world enc; do
  case $path in ''|'#'*) continue ;; esac
  [ "$enc" = utf8 ] || continue
  n=$((n + 1))
  d=$tmp/$n
  mkdir -p "$d"
  echo "$path $world" > "$d/what"
  node_jco dummy "$src/$path" "$world" "$d/jco.wasm" || { echo "FAIL jco embed $path $world"; bad=$((bad + 1)); continue; }
  "$tool" strip "$d/jco.wasm" "$d/core.wasm" || { echo "FAIL strip $path"; bad=$((bad + 1)); continue; }
  if ! "$witc" component embed --wit "$src/$path" --world "$world" "$d/core.wasm" -o "$d/witc.wasm"; then
    echo "FAIL witc component embed $path $world"; bad=$((bad + 1)); continue
  fi
  if ! cmp -s "$d/jco.wasm" "$d/witc.wasm"; then
    echo "MISMATCH $path $world: $(cmp "$d/jco.wasm" "$d/witc.wasm" 2>&1)"; bad=$((bad + 1)); continue
  fi
  echo "ok $path $world (identical module)"
  if ! "$witc" component embed --dummy --wit "$src/$path" --world "$world" -o "$d/dummy.wasm" 2>"$d/dummy.err"; then
    echo "FAIL $path $world --dummy: $(head -1 "$d/dummy.err")"; bad=$((bad + 1)); continue
  fi
  for m in jco witc dummy; do printf '%s\t%s\n' "$d/$m.wasm" "$d/$m.wit" >> "$tmp/newwit"; done
done < "$src/tests/gen/test_encode_golden/worlds.txt"

# Structural: components made from witc's modules print the same world as jco's.
node_jco newwit "$tmp/newwit" || bad=$((bad + 1))
for d in "$tmp"/*/; do
  [ -f "$d/jco.wit" ] || continue
  what=$(cat "$d/what")
  for m in witc dummy; do
    if [ -f "$d/$m.wit" ] && diff -q "$d/jco.wit" "$d/$m.wit" >/dev/null; then
      echo "ok $what: jco new + jco wit on the $m module print the expected world"
    else
      echo "MISMATCH $what: jco wit on the $m module"; bad=$((bad + 1))
    fi
  done
done

# Errors: a component and a non-wasm file are refused with exit 1.
printf 'not wasm' > "$tmp/bad.wasm"
"$witc" component embed --wit "$src/wit-fixtures/wasi-io" "$tmp/bad.wasm" -o "$tmp/x.wasm" 2>/dev/null
[ $? -eq 1 ] || { echo "FAIL: a non-wasm input was not rejected with exit 1"; bad=$((bad + 1)); }
printf '\0asm\x0d\0\x01\0' > "$tmp/comp.wasm"
"$witc" component embed --wit "$src/wit-fixtures/wasi-io" "$tmp/comp.wasm" -o "$tmp/x.wasm" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "component, not a core module" "$tmp/err" || { echo "FAIL: a component was not rejected"; bad=$((bad + 1)); }
printf '\0asm\x01\0\0\0\x01\x05\x01' > "$tmp/trunc.wasm"
"$witc" component embed --wit "$src/wit-fixtures/wasi-io" "$tmp/trunc.wasm" -o "$tmp/x.wasm" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "past the end" "$tmp/err" || { echo "FAIL: a truncated module was not rejected"; bad=$((bad + 1)); }
echo "$n worlds, $bad failures"
[ "$bad" -eq 0 ]
