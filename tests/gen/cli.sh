#!/usr/bin/env bash
# `witc bindgen` command line: exit codes (0 ok, 1 bad WIT, 2 usage, 3 I/O), the files it
# writes, and that a second run writes the same bytes.
set -uo pipefail
root="${WITC_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${WITC_BUILD_ROOT:-$root/build}"
witc="${WITC:-$build/cli/witc}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0
expect() { # expect CODE DESCRIPTION -- ARGS...
  local want="$1" what="$2"; shift 3
  "$witc" "$@" >"$work/out" 2>"$work/err"; local got=$?
  if [ "$got" != "$want" ]; then echo "FAIL $what: exit $got, want $want"; cat "$work/err"; fail=1; else echo "ok   $what"; fi
}
fx="$root/tests/gen/wit/many.wit"
expect 0 "help" -- bindgen --help
expect 2 "no language" -- bindgen
expect 2 "unknown language" -- bindgen rust "$fx"
expect 2 "no path" -- bindgen c
expect 2 "unknown option" -- bindgen c --frobnicate "$fx"
expect 2 "bad string encoding" -- bindgen c --string-encoding latin1 "$fx"
expect 2 "bad autodrop value" -- bindgen c --autodrop-borrows maybe "$fx"
expect 2 "bad world rename" -- bindgen c --rename-world "a b" "$fx"
expect 2 "two paths" -- bindgen c "$fx" "$fx"
expect 1 "unknown world" -- bindgen c --world nope --out-dir "$work/o0" "$fx"
printf 'package a:b;\nworld w { import f: func(x: u32x); }\n' >"$work/bad.wit"
expect 1 "invalid WIT" -- bindgen c --out-dir "$work/o1" "$work/bad.wit"
grep -q "u32x" "$work/err" || { echo "FAIL invalid WIT: no diagnostic"; fail=1; }
expect 3 "missing path" -- bindgen c --out-dir "$work/o2" "$work/does-not-exist"
touch "$work/file"
expect 3 "out-dir is a file" -- bindgen c --out-dir "$work/file/sub" "$fx"
expect 0 "generate" -- bindgen c --world many --out-dir "$work/o3/nested" "$fx"
for f in many.h many.c many_component_type.c; do
  [ -s "$work/o3/nested/$f" ] || { echo "FAIL generate: $f missing"; fail=1; }
done
expect 0 "generate again" -- bindgen c --out-dir "$work/o4" "$fx"
diff -r "$work/o3/nested" "$work/o4" >/dev/null || { echo "FAIL output differs between runs"; fail=1; }
expect 0 "no component type" -- bindgen c --no-component-type --out-dir "$work/o5" "$fx"
[ ! -e "$work/o5/many_component_type.c" ] || { echo "FAIL --no-component-type wrote the section file"; fail=1; }
exit $fail
