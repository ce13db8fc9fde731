#!/usr/bin/env bash
# End to end for `witc bindgen c`: C guests using the generated bindings are built with
# clang for wasm32, made into components by `jco new` (from the component-type section the
# bindings embed), checked with `jco wit`, transpiled by `jco transpile` and run from node
# hosts that compare every value crossing the boundary (host.mjs, host_utf16.mjs,
# host_async.mjs for async exports); hello.c runs under `jco run` via the preview1 adapter,
# wasi_cli.c under `jco run` on the WASI host directly through the command-world bindings.
# Skips (77) when clang/wasi-libc, node or jco are unavailable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${WITC_SOURCE_ROOT:-$(cd "$here/../../.." && pwd)}"
build="${WITC_BUILD_ROOT:-$root/build}"
witc="${WITC:-$build/cli/witc}"
command -v clang >/dev/null && [ -f /usr/include/wasm32-wasi/stdlib.h ] || { echo "skip: clang/wasi-libc missing"; exit 77; }
command -v node >/dev/null || { echo "skip: node missing"; exit 77; }
bash "$root/scripts/setup-jco.sh" >/dev/null 2>&1 || { echo "skip: jco cannot be installed"; exit 77; }
jco="$root/scripts/jco"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sys="$(bash "$root/scripts/wasi-sysroot.sh" "$work/sysroot")" || { echo "skip: clang/wasi-libc missing"; exit 77; }

# run NAME WIT GUEST HOST CFLAG [bindgen options…]
run() {
  local name="$1" wit="$2" guest="$3" host="$4" cflag="$5"; shift 5
  local d="$work/$name"
  mkdir -p "$d"
  "$witc" bindgen c "$@" --out-dir "$d" "$wit"
  local w; w="$(basename "$(ls "$d"/*.h)" .h)"
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter \
    $cflag -mexec-model=reactor -Wl,--strip-debug -I "$d" "$here/$guest" "$d/$w.c" "$d/${w}_component_type.c" \
    -o "$d/guest.core.wasm"
  "$jco" new "$d/guest.core.wasm" -o "$d/guest.component.wasm" >/dev/null
  # the component's world has the same imports and exports as the WIT world
  "$jco" wit "$d/guest.component.wasm" | grep -E '^  (import|export) ' | sort >"$d/got.txt"
  python3 - "$wit" >"$d/want.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
pkg = re.search(r'^package ([^;]+);', text, re.M).group(1)
ns_name, _, ver = pkg.partition('@')
world = text[text.index('\nworld '):]
items = re.findall(r'^  (import|export) ([a-z-]+);', world, re.M)
for line in sorted('  %s %s/%s%s;' % (k, ns_name, i, '@' + ver if ver else '') for k, i in items):
    print(line)
PY
  if ! diff -u "$d/want.txt" "$d/got.txt"; then echo "FAIL $name: jco wit shows a different world"; return 1; fi
  "$jco" transpile "$d/guest.component.wasm" -o "$d/js" --name guest --instantiation "${INSTANTIATION:-sync}" >/dev/null
  echo '{"type":"module"}' >"$d/js/package.json"
  node "$here/$host" "$d/js"
}

# hello: printf via the preview1 adapter, run by `jco run`
run_hello() {
  local d="$work/hello"
  mkdir -p "$d/wit/deps/cli"
  cp "$here/hello.wit" "$d/wit/"
  cp "$root"/wit-fixtures/wasi-cli/*.wit "$d/wit/deps/cli/"
  cp -r "$root"/wit-fixtures/wasi-cli/deps/* "$d/wit/deps/"
  "$witc" bindgen c --out-dir "$d/gen" "$d/wit"
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -std=c11 -Wall -Wextra -Werror -mexec-model=reactor \
    -Wl,--strip-debug -I "$d/gen" "$here/hello.c" "$d/gen/hello.c" "$d/gen/hello_component_type.c" -o "$d/core.wasm"
  "$jco" new "$d/core.wasm" --wasi-reactor -o "$d/component.wasm" >/dev/null
  local out; out="$("$jco" run "$d/component.wasm")"
  if [ "$out" != "hello from C, wörld ✓ 42" ]; then echo "FAIL hello: got '$out'"; return 1; fi
  echo "hello: jco run printed the expected line"
}

# wasi-cli: the command world's bindings against jco run's WASI host, no adapter
run_wasi_cli() {
  local d="$work/wasi-cli"
  mkdir -p "$d"
  "$witc" bindgen c --world command --out-dir "$d/gen" "$root/wit-fixtures/wasi-cli"
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -std=c11 -Wall -Wextra -Werror -mexec-model=reactor \
    -Wl,--strip-debug -I "$d/gen" "$here/wasi_cli.c" "$d/gen/command.c" "$d/gen/command_component_type.c" \
    -o "$d/core.wasm"
  if wasm-objdump -x -j Import "$d/core.wasm" | grep -q wasi_snapshot_preview1; then
    echo "FAIL wasi-cli: the module imports preview1"; return 1
  fi
  "$jco" new "$d/core.wasm" -o "$d/component.wasm" >/dev/null
  local out; out="$(WITC_E2E_X='wörld ✓' "$jco" run "$d/component.wasm" a1 'b 2')"
  local want; want="$(printf 'args: a1 b 2\nenv: wörld ✓\nclock: ok')"
  if [ "$out" != "$want" ]; then echo "FAIL wasi-cli: got '$out'"; return 1; fi
  echo "wasi-cli: arguments, environment, clock and stdout through the bindings under jco run"
}

fail=0
run_hello || fail=1
run_wasi_cli || fail=1
run e2e "$here/e2e.wit" guest.c host.mjs -DE2E_MANUAL_DROP || fail=1
run utf16 "$here/utf16.wit" guest_utf16.c host_utf16.mjs -DE2E_UTF16 --string-encoding utf16 || fail=1
run autodrop "$here/e2e.wit" guest.c host.mjs -DE2E_AUTODROP --autodrop-borrows yes || fail=1
INSTANTIATION=async run async "$here/async.wit" guest_async.c host_async.mjs -DE2E_ASYNC || fail=1
exit $fail
