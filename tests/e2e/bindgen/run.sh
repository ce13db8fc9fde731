#!/usr/bin/env bash
# End to end for `witc bindgen c`: C guests using the generated bindings are built with
# clang for wasm32, made into components by `witc component new` (from the component-type
# section the bindings embed), whose world (`witc component wit`, and `jco wit` when jco is
# installed) must be the WIT world's; with jco, transpiled by `jco transpile` and run from node
# hosts that compare every value crossing the boundary (host.mjs, host_utf16.mjs,
# host_async.mjs for async exports). hello.c (printf through the preview1 adapter) and
# wasi_cli.c (the command-world bindings on the WASI host directly) run under `witc run`
# (when wasm2c is here) and `jco run` (when jco is). Without jco (or with WITC_NO_JCO=1,
# tests/e2e/tools.sh) only the jco parts are skipped, each saying so; without a preview1
# adapter, hello is. Skips (77) when clang/wasi-libc are unavailable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../tools.sh"
need_wasi

# run NAME WIT GUEST HOST CFLAG [bindgen options…]; NEW=jco: componentized by jco new
run() {
  local name="$1" wit="$2" guest="$3" host="$4" cflag="$5"; shift 5
  local d="$work/$name"
  mkdir -p "$d"
  "$witc" bindgen c "$@" --out-dir "$d" "$wit" || return 1
  local w; w="$(basename "$(ls "$d"/*.h)" .h)"
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter \
    $cflag -mexec-model=reactor -Wl,--strip-debug -I "$d" "$here/$guest" "$d/$w.c" "$d/${w}_component_type.c" \
    -o "$d/guest.core.wasm" || return 1
  if [ "${NEW:-witc}" = jco ]; then  # a core ABI witc component new does not encode yet
    [ $have_jco = 1 ] || { echo "SKIP $name: needs jco new (jco unavailable)"; return 0; }
    "$jco" new "$d/guest.core.wasm" -o "$d/guest.component.wasm" >/dev/null || { echo "FAIL $name: jco new"; return 1; }
  else
    "$witc" component new "$d/guest.core.wasm" -o "$d/guest.component.wasm" || { echo "FAIL $name: witc component new"; return 1; }
  fi
  # the component's world has the same imports and exports as the WIT world
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
  "$witc" component wit "$d/guest.component.wasm" | grep -E '^  (import|export) ' | sort >"$d/got.txt"
  if ! diff -u "$d/want.txt" "$d/got.txt"; then echo "FAIL $name: witc component wit shows a different world"; return 1; fi
  if [ $have_jco = 0 ]; then
    echo "$name: built by witc component new, world as expected; SKIP jco wit and the node host (jco unavailable)"
    return 0
  fi
  "$jco" wit "$d/guest.component.wasm" | grep -E '^  (import|export) ' | sort >"$d/got.jco.txt"
  if ! diff -u "$d/want.txt" "$d/got.jco.txt"; then echo "FAIL $name: jco wit shows a different world"; return 1; fi
  "$jco" transpile "$d/guest.component.wasm" -o "$d/js" --name guest --instantiation "${INSTANTIATION:-sync}" >/dev/null || return 1
  echo '{"type":"module"}' >"$d/js/package.json"
  node "$here/$host" "$d/js" || { echo "FAIL $name: node host"; return 1; }
}

# runs D/component.wasm ARGS… under `witc run` (when wasm2c is here) and `jco run` (when jco
# is): the output must be WANT (the environment is the caller's)
run_both() {
  local name="$1" d="$2" want="$3"; shift 3
  local out ran=0
  if [ $have_w2c = 1 ]; then
    out="$("$witc" run "$d/component.wasm" -- "$@")" || { echo "FAIL $name: witc run exited $?"; return 1; }
    if [ "$out" != "$want" ]; then echo "FAIL $name: witc run printed '$out'"; return 1; fi
    ran=1
  else
    echo "SKIP $name: witc run (wasm2c missing)"
  fi
  if [ $have_jco = 1 ]; then
    out="$("$jco" run "$d/component.wasm" "$@")" || { echo "FAIL $name: jco run exited $?"; return 1; }
    if [ "$out" != "$want" ]; then echo "FAIL $name: jco run printed '$out'"; return 1; fi
    ran=$((ran + 2))
  else
    echo "SKIP $name: jco run (jco unavailable)"
  fi
  case $ran in 0) echo "$name: built, not run";; 1) echo "$name: witc run";; 2) echo "$name: jco run";; 3) echo "$name: witc run and jco run";; esac
}

# hello: printf via the preview1 adapter
run_hello() {
  local d="$work/hello"
  [ -n "$adapter" ] || { echo "SKIP hello: $no_adapter"; return 0; }
  mkdir -p "$d/wit/deps/cli"
  cp "$here/hello.wit" "$d/wit/"
  cp "$root"/wit-fixtures/wasi-cli/*.wit "$d/wit/deps/cli/"
  cp -r "$root"/wit-fixtures/wasi-cli/deps/* "$d/wit/deps/"
  "$witc" bindgen c --out-dir "$d/gen" "$d/wit" || return 1
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -std=c11 -Wall -Wextra -Werror -mexec-model=reactor \
    -Wl,--strip-debug -I "$d/gen" "$here/hello.c" "$d/gen/hello.c" "$d/gen/hello_component_type.c" -o "$d/core.wasm" || return 1
  "$witc" component new "$d/core.wasm" --adapt "wasi_snapshot_preview1=$adapter/wasi_snapshot_preview1.reactor.wasm" \
    -o "$d/component.wasm" || { echo "FAIL hello: witc component new"; return 1; }
  run_both hello "$d" "hello from C, wörld ✓ 42"
}

# wasi-cli: the command world's bindings against jco run's WASI host, no adapter
run_wasi_cli() {
  local d="$work/wasi-cli"
  mkdir -p "$d"
  "$witc" bindgen c --world command --out-dir "$d/gen" "$root/wit-fixtures/wasi-cli" || return 1
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -std=c11 -Wall -Wextra -Werror -mexec-model=reactor \
    -Wl,--strip-debug -I "$d/gen" "$here/wasi_cli.c" "$d/gen/command.c" "$d/gen/command_component_type.c" \
    -o "$d/core.wasm" || return 1
  if wasm-objdump -x -j Import "$d/core.wasm" | grep -q wasi_snapshot_preview1; then
    echo "FAIL wasi-cli: the module imports preview1"; return 1
  fi
  "$witc" component new "$d/core.wasm" -o "$d/component.wasm" || { echo "FAIL wasi-cli: witc component new"; return 1; }
  WITC_E2E_X='wörld ✓' run_both wasi-cli "$d" "$(printf 'args: a1 b 2\nenv: wörld ✓\nclock: ok')" a1 'b 2'
}

fail=0
run_hello || fail=1
run_wasi_cli || fail=1
run e2e "$here/e2e.wit" guest.c host.mjs -DE2E_MANUAL_DROP || fail=1
run utf16 "$here/utf16.wit" guest_utf16.c host_utf16.mjs -DE2E_UTF16 --string-encoding utf16 || fail=1
run autodrop "$here/e2e.wit" guest.c host.mjs -DE2E_AUTODROP --autodrop-borrows yes || fail=1
# async exports (callback ABI): async lift + callback, task.return (direct and shimmed)
NEW=witc INSTANTIATION=async run async "$here/async.wit" guest_async.c host_async.mjs -DE2E_ASYNC || fail=1
exit $fail
