#!/usr/bin/env bash
# The jco oracle for the binary WIT encoder: for every world of every fixture package
# (wit-fixtures/) and of every conformance ui case that loads (../shared/conformance),
# the `component-type` payload from gen_encode_world must be byte-identical to what jco
# (wit-component 0.259.0) embeds with `embed --dummy`; and for every package of
# wit-component's own `tests/interfaces` (WIT + expected .wat), gen_encode_package must
# equal the .wat assembled by jco's parser, and every package written by
# gen_encode_package, handed to jco as `--wit pkg.wasm`, must give the same world
# payloads as the text. Skips (77) when jco is unavailable.
# Usage: test_encode_jco.sh TEST_ENCODE_TOOL
set -uo pipefail
tool=$1
src=${WITC_SOURCE_ROOT:?}
bash "$src/scripts/setup-jco.sh" >/dev/null 2>&1 || { echo "jco unavailable: skipping"; exit 77; }
jco_dir=${WITC_JCO_DIR:-$src/.tools/jco}
export WITC_JCO_DIR=$jco_dir
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

inputs=()
for d in "$src"/wit-fixtures/*/; do
  [ "$(basename "$d")" = bad ] || inputs+=("${d%/}")
done
inputs+=("$src/tests/gen/test_encode_golden/all-types")
conf=${WITC_CONFORMANCE:-$src/../shared/conformance}/wit-parser-ui/crates/wit-parser/tests/ui
if [ -d "$conf" ]; then
  for f in "$conf"/*; do
    case $f in *.json|*.md|*/parse-fail) continue ;; esac
    inputs+=("$f")
  done
fi

n=0 loadfail=0
: > "$tmp/manifest"
for in in "${inputs[@]}"; do
  n=$((n + 1))
  out=$tmp/$n
  mkdir -p "$out"
  if ! worlds=$("$tool" worlds "$in" "$out" 2>"$out/err"); then
    loadfail=$((loadfail + 1))
    echo "not loaded by witc: $in ($(head -c 200 "$out/err" | head -1))"
    continue
  fi
  [ -z "$worlds" ] || printf '%s\n' "$worlds" | sed "s|^|$in\t|" >> "$tmp/manifest"
  # The package as a binary must decode (in wit-parser) to the same worlds.
  if [ -n "$worlds" ] && "$tool" package "$in" "$out/pkg.wasm" 2>/dev/null; then
    printf '%s\n' "$worlds" | grep -v '^[^[:space:]]*:' | sed "s|^|$out/pkg.wasm\t|" >> "$tmp/manifest" || true
  fi
done
echo "$(wc -l < "$tmp/manifest") worlds from $n inputs ($loadfail not loaded)"
node --import "$jco_dir/preload.mjs" "$src/tests/gen/test_encode_jco.mjs" embed "$tmp/manifest" > "$tmp/report"
rc=$?
cat "$tmp/report"
echo "worlds: $(grep -c '^ok ' "$tmp/report") identical, $(grep -c '^MISMATCH' "$tmp/report") different, $(grep -c '^SKIP' "$tmp/report") rejected by jco"

# Packages: wit-component/tests/interfaces/NAME.wat is the encoding of NAME.wit or NAME/.
ifc=${WITC_CONFORMANCE:-$src/../shared/conformance}/wit-parser-ui/crates/wit-component/tests/interfaces
if [ -d "$ifc" ]; then
  : > "$tmp/pmanifest"
  for wat in "$ifc"/*.wat; do
    base=${wat%.wat}
    name=$(basename "$base")
    if [ -d "$base" ]; then in=$base; elif [ -f "$base.wit" ]; then in=$base.wit; else continue; fi
    printf '%s\t%s\n' "$wat" "$tmp/pkg-$name.expected" >> "$tmp/pmanifest"
    printf '%s\t%s\n' "$in" "$name" >> "$tmp/pinputs"
  done
  node --import "$jco_dir/preload.mjs" "$src/tests/gen/test_encode_jco.mjs" parse "$tmp/pmanifest"
  # Known failures outside the encoder (each must still differ, or the entry goes):
  #   (none: the resolver's `export primary: store; export backup: store;` bug is fixed)
  xfail=" "
  same=0 diff=0 skip=0 known=0
  print_wasm=
  if [ -n "${WITC:-}" ] && "$WITC" print --help 2>/dev/null | grep -q -- --wasm; then
    print_wasm=1
    echo 'packages are also written through witc print --wasm'
  fi
  while IFS=$'\t' read -r in name; do
    exp=$tmp/pkg-$name.expected
    [ -f "$exp" ] || { skip=$((skip + 1)); continue; }
    if ! "$tool" package "$in" "$tmp/pkg-$name.ours" 2>"$tmp/pkg-$name.err"; then
      skip=$((skip + 1))
      echo "package not loaded/encoded by witc: $in ($(head -1 "$tmp/pkg-$name.err"))"
      continue
    fi
    if [ "${xfail#* $name }" != "$xfail" ]; then
      if cmp -s "$exp" "$tmp/pkg-$name.ours"; then
        diff=$((diff + 1))
        echo "UNEXPECTED PASS package $name: remove it from the known failures"
      else
        known=$((known + 1))
        echo "known failure package $name"
      fi
      continue
    fi
    if [ -n "$print_wasm" ]; then # the CLI must write the same bytes
      "$WITC" print --wasm "$in" > "$tmp/pkg-$name.cli" 2>/dev/null
      if ! cmp -s "$tmp/pkg-$name.cli" "$tmp/pkg-$name.ours"; then
        diff=$((diff + 1))
        echo "MISMATCH witc print --wasm $name"
        continue
      fi
    fi
    if cmp -s "$exp" "$tmp/pkg-$name.ours"; then
      same=$((same + 1))
      echo "ok package $name"
    else
      diff=$((diff + 1))
      echo "MISMATCH package $name: $(cmp "$exp" "$tmp/pkg-$name.ours" 2>&1 | head -1)"
      [ -n "${WITC_KEEP:-}" ] && cp "$exp" "$tmp/pkg-$name.ours" "$WITC_KEEP/" 2>/dev/null
    fi
  done < "$tmp/pinputs"
  echo "packages: $same identical, $diff different, $known known failures, $skip not compared"
  [ "$diff" -eq 0 ] || rc=1
fi
exit $rc
