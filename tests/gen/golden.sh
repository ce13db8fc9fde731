#!/usr/bin/env bash
# Golden test of `witc bindgen c`: the whole generated files for each fixture world equal
# tests/gen/golden/<fixture>/. UPDATE_GOLDEN=1 rewrites the expectations instead.
set -euo pipefail
root="${WITC_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${WITC_BUILD_ROOT:-$root/build}"
witc="${WITC:-$build/cli/witc}"
gold="$root/tests/gen/golden"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cases=()
for f in "$root"/tests/gen/wit/*; do cases+=("$(basename "$f" .wit)|$f|"); done
cases+=("types-utf16|$root/tests/gen/wit/types.wit|--string-encoding utf16")
cases+=("resources-autodrop|$root/tests/gen/wit/resources.wit|--autodrop-borrows yes")
cases+=("types-nosig|$root/tests/gen/wit/types.wit|--no-sig-flattening")
cases+=("many-renamed|$root/tests/gen/wit/many.wit|--rename-world other --type-section-suffix -lib1")
cases+=("names-rename|$root/tests/gen/wit/names.wit|--rename plain=pl --rename test:names/interface=ti")
cases+=("demo|$root/wit-fixtures/demo|")
cases+=("wasi-command|$root/wit-fixtures/wasi-cli|--world command")

fail=0
for c in "${cases[@]}"; do
  IFS='|' read -r name path opts <<<"$c"
  out="$work/$name"
  # shellcheck disable=SC2086
  "$witc" bindgen c $opts --out-dir "$out" "$path"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    rm -rf "${gold:?}/$name"; mkdir -p "$gold/$name"; cp "$out"/* "$gold/$name/"
    echo "updated $name"
  elif ! diff -ru "$gold/$name" "$out"; then
    echo "FAIL $name (UPDATE_GOLDEN=1 rewrites tests/gen/golden/$name)"; fail=1
  else
    echo "ok   $name"
  fi
done
# worlds the emitter must refuse: exit 1 and the diagnostic in <name>.err
for f in "$root"/tests/gen/bad/*.wit; do
  name="$(basename "$f" .wit)"
  rc=0
  "$witc" bindgen c --out-dir "$work/bad-$name" "$f" 2>"$work/$name.err" || rc=$?
  sed -i "s|$root/||g" "$work/$name.err"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$work/$name.err" "$root/tests/gen/bad/$name.err"; echo "updated bad/$name"
  elif [ "$rc" != 1 ] || ! diff -u "$root/tests/gen/bad/$name.err" "$work/$name.err"; then
    echo "FAIL bad/$name (exit $rc)"; fail=1
  else
    echo "ok   bad/$name"
  fi
done
exit $fail
