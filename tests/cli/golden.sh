#!/usr/bin/env bash
# Golden diagnostics: `witc check` on every wit-fixtures/bad/*.wit must exit 1 and print
# exactly wit-fixtures/bad/<name>.expected (text format, no colour). UPDATE_GOLDEN=1
# rewrites the .expected files instead of comparing.
set -uo pipefail
: "${WITC:?}" "${WITC_SOURCE_ROOT:?}"
cd "$WITC_SOURCE_ROOT" || exit 1
fail=0 n=0
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
for wit in wit-fixtures/bad/*.wit; do
  n=$((n + 1))
  exp="${wit%.wit}.expected"
  "$WITC" check --color never "$wit" >/dev/null 2>"$tmp"
  rc=$?
  if [ "$rc" -ne 1 ]; then
    echo "FAIL $wit: exit $rc, expected 1"; cat "$tmp"; fail=1; continue
  fi
  if ! grep -q "^$wit:[0-9]*:[0-9]*: error: " "$tmp"; then
    echo "FAIL $wit: no located diagnostic"; cat "$tmp"; fail=1; continue
  fi
  if [ -n "${UPDATE_GOLDEN:-}" ]; then
    cp "$tmp" "$exp"
  elif ! diff -u "$exp" "$tmp"; then
    echo "FAIL $wit: diagnostics differ from $exp (UPDATE_GOLDEN=1 rewrites)"; fail=1
  fi
done
echo "$n golden diagnostics checked"
exit $fail
