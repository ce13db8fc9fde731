#!/usr/bin/env bash
# `witc component embed` against jco: for each fixture world, jco's `embed --dummy`
# module is stripped of its component-type section and embedded again by witc; the
# result must be byte-identical to jco's module, and `jco new` + `jco wit` on it must
# print the same world as on jco's; and `witc component embed --dummy` must give a module
# that `jco new` accepts with the same world. Skips (77) when jco is unavailable.
# Usage: test_encode_embed.sh TEST_ENCODE_TOOL   (env: WITC, WITC_SOURCE_ROOT)
set -uo pipefail
tool=$1
src=${WITC_SOURCE_ROOT:?}
witc=${WITC:?}
bash "$src/scripts/setup-jco.sh" >/dev/null 2>&1 || { echo "jco unavailable: skipping"; exit 77; }
export WITC_JCO_DIR=${WITC_JCO_DIR:-$src/.tools/jco}
jco() { bash "$src/scripts/jco" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0 n=0
while read -r path world enc; do
  case $path in ''|'#'*) continue ;; esac
  [ "$enc" = utf8 ] || continue
  n=$((n + 1))
  d=$tmp/$n
  mkdir -p "$d"
  node --import "$WITC_JCO_DIR/preload.mjs" "$src/tests/gen/test_encode_jco.mjs" dummy "$src/$path" "$world" "$d/jco.wasm" || { echo "FAIL jco embed $path $world"; bad=$((bad + 1)); continue; }
  "$tool" strip "$d/jco.wasm" "$d/core.wasm" || { echo "FAIL strip $path"; bad=$((bad + 1)); continue; }
  if ! "$witc" component embed --wit "$src/$path" --world "$world" "$d/core.wasm" -o "$d/witc.wasm"; then
    echo "FAIL witc component embed $path $world"; bad=$((bad + 1)); continue
  fi
  if ! cmp -s "$d/jco.wasm" "$d/witc.wasm"; then
    echo "MISMATCH $path $world: $(cmp "$d/jco.wasm" "$d/witc.wasm" 2>&1)"; bad=$((bad + 1)); continue
  fi
  # Structural: a component made from witc's module prints the expected world.
  if jco new "$d/witc.wasm" -o "$d/c.wasm" >/dev/null 2>&1 && jco wit "$d/c.wasm" > "$d/witc.wit" 2>/dev/null &&
     jco new "$d/jco.wasm" -o "$d/c2.wasm" >/dev/null 2>&1 && jco wit "$d/c2.wasm" > "$d/jco.wit" 2>/dev/null; then
    if ! diff -q "$d/jco.wit" "$d/witc.wit" >/dev/null; then
      echo "MISMATCH (jco wit) $path $world"; bad=$((bad + 1)); continue
    fi
    echo "ok $path $world (identical module; jco new + jco wit agree)"
    # witc's own dummy module: jco new must accept it and give the same world.
    if "$witc" component embed --dummy --wit "$src/$path" --world "$world" -o "$d/dummy.wasm" 2>"$d/dummy.err"; then
      if jco new "$d/dummy.wasm" -o "$d/c3.wasm" >"$d/new.err" 2>&1 && jco wit "$d/c3.wasm" > "$d/dummy.wit" 2>/dev/null &&
         diff -q "$d/jco.wit" "$d/dummy.wit" >/dev/null; then
        echo "ok $path $world --dummy (jco new accepts it, same world)"
      else
        echo "MISMATCH $path $world --dummy: $(head -3 "$d/new.err")"; bad=$((bad + 1)); continue
      fi
    else
      echo "FAIL $path $world --dummy: $(head -1 "$d/dummy.err")"; bad=$((bad + 1)); continue
    fi
  else
    echo "ok $path $world (identical module; jco new unavailable for this world)"
  fi
done < "$src/tests/gen/test_encode_golden/worlds.txt"
# Errors: a component and a non-wasm file are refused with exit 1.
printf 'not wasm' > "$tmp/bad.wasm"
"$witc" component embed --wit "$src/wit-fixtures/wasi-io" "$tmp/bad.wasm" -o "$tmp/x.wasm" 2>/dev/null
[ $? -eq 1 ] || { echo "FAIL: a non-wasm input was not rejected with exit 1"; bad=$((bad + 1)); }
if [ -f "$tmp/1/c.wasm" ]; then
  "$witc" component embed --wit "$src/wit-fixtures/demo" "$tmp/1/c.wasm" -o "$tmp/x.wasm" 2>"$tmp/err"
  [ $? -eq 1 ] && grep -q "component, not a core module" "$tmp/err" || { echo "FAIL: a component was not rejected"; bad=$((bad + 1)); }
fi
echo "$((n - bad)) of $n worlds embedded identically"
[ "$bad" -eq 0 ]
