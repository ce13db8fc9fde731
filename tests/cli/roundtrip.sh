#!/usr/bin/env bash
# Round trip: for every fixture and every accepted conformance case, `witc print
# --out-dir` then `witc resolve` of the printed directory gives the same Resolve JSON
# as resolving the original (compared order-insensitively by canon.py).
set -uo pipefail
: "${WITC:?}" "${WITC_SOURCE_ROOT:?}"
cd "$WITC_SOURCE_ROOT" || exit 1
here=$WITC_SOURCE_ROOT/tests/cli
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0 known_n=0
# Cases that fail for a known front-end bug (reported; remove when fixed):
#   implements.wit: two plain-named exports of one interface (`export primary: store;
#   export backup: store;`) resolve to one key, so the printed world clashes.
known=" implements.wit "

roundtrip() { # roundtrip PATH [witc flags...]
  local path=$1; shift
  n=$((n + 1))
  case $known in *" ${path##*/} "*)
    local before=$fail
    check "$path" "$@"
    if [ "$fail" -ne "$before" ]; then fail=$before; known_n=$((known_n + 1)); echo "  (known failure)"
    else echo "note: ${path##*/} is listed as a known failure but passes now"; fi
    return ;;
  esac
  check "$path" "$@"
}

check() { # check PATH [witc flags...]
  local path=$1; shift
  rm -rf "$tmp/od"
  if ! "$WITC" resolve "$@" "$path" >"$tmp/a.json" 2>"$tmp/err"; then
    echo "FAIL $path: does not resolve"; head -5 "$tmp/err"; fail=1; return
  fi
  if ! "$WITC" print "$@" --out-dir "$tmp/od" "$path" 2>"$tmp/err"; then
    echo "FAIL $path: print --out-dir failed"; head -5 "$tmp/err"; fail=1; return
  fi
  if ! "$WITC" resolve "$@" "$tmp/od" >"$tmp/b.json" 2>"$tmp/err"; then
    echo "FAIL $path: printed WIT does not resolve"; head -10 "$tmp/err"; fail=1; return
  fi
  if ! python3 "$here/canon.py" "$tmp/a.json" "$tmp/b.json" >"$tmp/diff"; then
    echo "FAIL $path: Resolve differs after print + re-read"; head -10 "$tmp/diff"; fail=1
  fi
}

for d in wit-fixtures/*/; do
  d=${d%/}
  [ "$d" = wit-fixtures/bad ] && continue
  roundtrip "$d"
  roundtrip "$d" --all-features
done

conf=${WITC_CONFORMANCE:-$WITC_SOURCE_ROOT/../shared/conformance}/wit-parser-ui
if [ -d "$conf" ]; then
  while IFS=$'\t' read -r path kind expect _ wasm _; do
    case $path in '#'*|path) continue ;; esac
    [ "$expect" = accept ] && [ "$wasm" = no ] || continue
    roundtrip "$conf/crates/wit-parser/$path" --features active
  done <"$conf/cases.tsv"
  while IFS=$'\t' read -r path _; do
    case $path in '#'*|path) continue ;; esac
    roundtrip "$conf/crates/wit-component/tests/interfaces/$path"
  done <"$conf/interfaces-cases.tsv"
else
  echo "conformance corpus not found: fixtures only"
fi
echo "$n round trips checked ($known_n known failures)"
exit $fail
