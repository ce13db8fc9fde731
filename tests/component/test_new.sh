#!/usr/bin/env bash
# `witc component new`: (1) error cases are clear (exit 1, message naming the import/export);
# (2) every fixture world, as an `embed --dummy` module, becomes a component that witc decodes
# and, where jco is installed, jco transpiles (wasmparser validation) and prints as the same
# world as `jco new` makes of the same module; (3) C guests from `witc bindgen c` built with
# clang run under jco's node host with the expected output (new_basic: strings, lists,
# records, direct and shimmed imports; new_res: exported resource with destructor, imported
# resource; new_hello: a printf command through the preview1 command adapter, `jco run` and
# `witc run`; the e2e reactor and new_mixed: bindgen worlds merged with the reactor adapter's). Parts needing wat2wasm, clang/wasi-libc, node or jco are skipped when absent;
# exit 77 when nothing at all could run.
set -u
root="$WITC_SOURCE_ROOT"
here="$root/tests/component"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ran=0
bad() { echo "FAIL: $*"; fail=1; }
jco="$root/scripts/jco"
have_jco=0
if command -v node >/dev/null && bash "$root/scripts/setup-jco.sh" >/dev/null 2>&1; then have_jco=1; fi

# -- (1) errors ------------------------------------------------------------------------------
"$WITC" component new 2>/dev/null; [ $? -eq 2 ] || bad "missing argument is not exit 2"
"$WITC" component new /nonexistent.wasm -o "$tmp/x.wasm" 2>/dev/null; [ $? -eq 3 ] || bad "missing file is not exit 3"
if command -v wat2wasm >/dev/null; then
  ran=1
  cat > "$tmp/e.wit" <<'WIT'
package ex:err@0.1.0;
interface h { f: func(x: u32) -> u32; }
world w { import h; export g: func(s: string) -> u32; }
WIT
  expect_err() { # name wat message
    printf '%s\n' "$2" > "$tmp/$1.wat"
    wat2wasm "$tmp/$1.wat" -o "$tmp/$1.core.wasm" || { bad "$1: wat2wasm"; return; }
    "$WITC" component embed --wit "$tmp/e.wit" "$tmp/$1.core.wasm" -o "$tmp/$1.emb.wasm" || { bad "$1: embed"; return; }
    "$WITC" component new "$tmp/$1.emb.wasm" -o "$tmp/$1.wasm" 2> "$tmp/$1.err"
    local rc=$?
    [ $rc -eq 1 ] || bad "$1: exit $rc, expected 1"
    grep -qF -- "$3" "$tmp/$1.err" || bad "$1: message '$(cat "$tmp/$1.err")' lacks '$3'"
  }
  mem='(memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)'
  expect_err missing "(module $mem)" 'does not export `g`'
  expect_err badsig "(module $mem (func (export \"g\") (param i32) (result i32) i32.const 0))" \
    'wrong core signature (i32) -> (i32), the canonical ABI needs (i32 i32) -> (i32)'
  expect_err unknown "(module (import \"ex:err/nope@0.1.0\" \"f\" (func)) $mem (func (export \"g\") (param i32 i32) (result i32) i32.const 0))" \
    'unknown import module `ex:err/nope@0.1.0`'
  expect_err nofunc "(module (import \"ex:err/h@0.1.0\" \"k\" (func)) $mem (func (export \"g\") (param i32 i32) (result i32) i32.const 0))" \
    'has no function `k`'
  expect_err impsig "(module (import \"ex:err/h@0.1.0\" \"f\" (func (param i64))) $mem (func (export \"g\") (param i32 i32) (result i32) i32.const 0))" \
    'import `ex:err/h@0.1.0::f`: wrong core signature'
  expect_err notasync "(module (import \"ex:err/h@0.1.0\" \"[async-lower]f\" (func (param i32 i32) (result i32))) $mem (func (export \"g\") (param i32 i32) (result i32) i32.const 0))" \
    '`f` is not an async function in the world, so it cannot be [async-lower]ed'
  expect_err notasynclift "(module $mem (func (export \"[async-lift]g\") (param i32 i32) (result i32) i32.const 0))" \
    '`g` is not an async function in the world, so it cannot be lifted async'
  printf '(module)\n' > "$tmp/plain.wat"; wat2wasm "$tmp/plain.wat" -o "$tmp/plain.wasm"
  "$WITC" component new "$tmp/plain.wasm" -o "$tmp/p.wasm" 2> "$tmp/plain.err"
  [ $? -eq 1 ] && grep -q "no \`component-type\` custom section" "$tmp/plain.err" || bad "module without component-type: $(cat "$tmp/plain.err")"
  # async (new_async.wat): async lowerings, the $root built-ins, task.cancel, task.return
  # (direct and through the shim), async lifts with callback and stackful. The canon
  # statements must be jco new's, in the same order; witc compile refuses it, saying why.
  # new_fs.wat: future/stream intrinsics on imported and exported functions; new_ec.wat:
  # error-context.new/debug-message/drop (same checks)
  for x in async fs ec; do
    a="$tmp/$x"
    if wat2wasm "$here/new_$x.wat" -o "$a.core.wasm" &&
       "$WITC" component embed --wit "$here/new_$x.wit" "$a.core.wasm" -o "$a.emb.wasm"; then
      if "$WITC" component new "$a.emb.wasm" -o "$a.wasm" 2> "$a.err"; then
        "$WITC" component wit "$a.wasm" | grep -E '^  (import|export) ' > "$a.wit"
        if [ $x = async ]; then
          printf '%s\n' '  import ex:asy/h@0.1.0;' '  import root-f: async func(a: u32) -> u32;' \
            '  export run: async func(x: list<u8>) -> u32;' '  export go: async func() -> string;' | diff -u - "$a.wit" ||
            bad "async: witc component wit shows a different world"
          "$WITC" compile "$a.wasm" --out-dir "$a.c" > /dev/null 2> "$a.cerr"
          [ $? -eq 1 ] && grep -q "canon waitable-set.new is not supported by witc compile" "$a.cerr" ||
            bad "async: witc compile does not refuse clearly: $(cat "$a.cerr")"
        elif [ $x = ec ]; then
          echo '  export f: async func(s: string) -> u32;' | diff -u - "$a.wit" || bad "ec: witc component wit shows a different world"
        else
          printf '%s\n' '  import ex:fs/h@0.1.0;' '  export run: async func(s: stream<string>) -> future<u32>;' |
            diff -u - "$a.wit" || bad "fs: witc component wit shows a different world"
        fi
        if [ $have_jco = 1 ]; then
          "$jco" new "$a.emb.wasm" -o "$a.jco.wasm" > /dev/null 2>&1 || bad "$x: jco new"
          "$jco" transpile "$a.wasm" -o "$a.js" > /dev/null 2>&1 || bad "$x: jco transpile rejects it"
          [ "$("$jco" wit "$a.wasm")" = "$("$jco" wit "$a.jco.wasm")" ] || bad "$x: jco wit differs from jco new's"
          # canon statements with names and indices left out
          canon() { "$jco" print "$1" | grep -o '(canon .*' | sed -E 's/\$[^ )]*|[0-9]+//g; s/ +/ /g'; }
          diff -u <(canon "$a.jco.wasm") <(canon "$a.wasm") || bad "$x: canon statements differ from jco new's"
        fi
      else
        bad "$x: component new: $(cat "$a.err")"
      fi
    else
      bad "$x: wat2wasm/embed"
    fi
  done
  # async error cases
  cat > "$tmp/ea.wit" <<'WIT'
package ex:ea@0.1.0;
world w { export f: async func(s: string) -> u32; }
WIT
  expect_async_err() { # name wat message
    printf '%s\n' "$2" > "$tmp/$1.wat"
    wat2wasm "$tmp/$1.wat" -o "$tmp/$1.core.wasm" || { bad "$1: wat2wasm"; return; }
    "$WITC" component embed --wit "$tmp/ea.wit" "$tmp/$1.core.wasm" -o "$tmp/$1.emb.wasm" || { bad "$1: embed"; return; }
    "$WITC" component new "$tmp/$1.emb.wasm" -o "$tmp/$1.wasm" 2> "$tmp/$1.err"
    local rc=$?
    [ $rc -eq 1 ] || bad "$1: exit $rc, expected 1"
    grep -qF -- "$3" "$tmp/$1.err" || bad "$1: message '$(cat "$tmp/$1.err")' lacks '$3'"
  }
  lifted='(func (export "[async-lift]f") (param i32 i32) (result i32) i32.const 0)'
  expect_async_err nocb "(module $mem $lifted)" 'does not export its callback `[callback][async-lift]f`'
  expect_async_err badcb "(module $mem $lifted (func (export \"[callback][async-lift]f\") (param i32) (result i32) i32.const 0))" \
    'a callback needs (i32 i32 i32) -> (i32)'
  expect_async_err badtr "(module (import \"[export]\$root\" \"[task-return]f\" (func (param i64))) $mem (func (export \"f\") (param i32 i32) (result i32) i32.const 0))" \
    'task.return of `f` needs (i32) -> ()'
  expect_async_err notr "(module (import \"[export]\$root\" \"[task-return]g\" (func (param i32))) $mem (func (export \"f\") (param i32 i32) (result i32) i32.const 0))" \
    'the world exports no function `g` in `$root`'
  expect_async_err badbi "(module (import \"\$root\" \"[waitable-set-new]\" (func (param i32))) $mem (func (export \"f\") (param i32 i32) (result i32) i32.const 0))" \
    'the built-in needs () -> (i32)'
  expect_async_err noec "(module (import \"\$root\" \"[error-context-new-utf32]\" (func (param i32 i32) (result i32))) $mem (func (export \"f\") (param i32 i32) (result i32) i32.const 0))" \
    'unknown error-context intrinsic'
  expect_async_err nostream "(module (import \"[export]\$root\" \"[stream-new-0]f\" (func (result i64))) $mem (func (export \"f\") (param i32 i32) (result i32) i32.const 0))" \
    'function `f` has no stream number 0'
else
  echo "SKIP: error cases (wat2wasm missing)"
fi

# -- (2) every fixture world via embed --dummy ----------------------------------------------
for d in "$root"/wit-fixtures/demo "$root"/wit-fixtures/wasi-*; do
  for w in $(grep -ho '^world [a-z0-9-]*' "$d"/*.wit | awk '{print $2}'); do
    ran=1
    t="$tmp/$(basename "$d")-$w"
    "$WITC" component embed --wit "$d" --world "$w" --dummy -o "$t.core.wasm" || { bad "$d $w: embed"; continue; }
    "$WITC" component new "$t.core.wasm" -o "$t.wasm" || { bad "$d $w: component new"; continue; }
    "$WITC" component wit "$t.wasm" > "$t.wit" || { bad "$d $w: witc cannot decode the component"; continue; }
    if [ $have_jco = 1 ]; then
      "$jco" transpile "$t.wasm" -o "$t.js" > /dev/null 2> "$t.err" || { bad "$d $w: jco transpile: $(grep -A2 Caused "$t.err")"; continue; }
      "$jco" new "$t.core.wasm" -o "$t.jco.wasm" > /dev/null 2>&1 || { bad "$d $w: jco new"; continue; }
      "$jco" wit "$t.jco.wasm" > "$t.jco.wit" 2>/dev/null
      "$jco" wit "$t.wasm" > "$t.witc.wit" 2>/dev/null
      diff -u "$t.jco.wit" "$t.witc.wit" > /dev/null || { bad "$d $w: world differs from jco new's"; diff -u "$t.jco.wit" "$t.witc.wit" | head -20; }
    fi
  done
done

# -- (2b) every world of the wit-parser conformance suite's accepted cases (when present), as
# dummy modules; union-fuzz-2 has an empty record
ui="$root/../shared/conformance/wit-parser-ui/crates/wit-parser/tests/ui"
if [ -d "$ui" ] && command -v python3 >/dev/null; then
  ran=1
  mkdir -p "$tmp/ui"
  k=0
  for f in "$ui"/*.wit "$ui"/*/; do
    case "$f" in *parse-fail*|*/union-fuzz-2.wit) continue ;; esac
    for w in $("$WITC" resolve --json "$f" 2>/dev/null | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["packages"][-1]["worlds"]))' 2>/dev/null); do
      k=$((k + 1))
      "$WITC" component embed --wit "$f" --world "$w" --dummy -o "$tmp/ui/$k.core.wasm" 2>/dev/null || continue
      "$WITC" component new "$tmp/ui/$k.core.wasm" -o "$tmp/ui/$k.wasm" 2> "$tmp/ui/$k.err" || { bad "ui $f $w: $(head -1 "$tmp/ui/$k.err")"; continue; }
      echo "$tmp/ui/$k.wasm" >> "$tmp/ui/list"
    done
  done
  if [ $have_jco = 1 ] && [ -f "$tmp/ui/list" ]; then
    xargs -P 4 -I{} sh -c '"$1" transpile "$2" -o "$2.js" > /dev/null 2>&1 || echo "FAIL: jco rejects $2"' _ "$jco" {} \
      < "$tmp/ui/list" > "$tmp/ui/jco.log"
    if [ -s "$tmp/ui/jco.log" ]; then cat "$tmp/ui/jco.log"; fail=1; fi
  fi
fi

# -- (3) C guests under node ------------------------------------------------------------------
if [ $have_jco = 1 ] && command -v clang >/dev/null && [ -f /usr/include/wasm32-wasi/stdlib.h ]; then
  sys="$(bash "$root/scripts/wasi-sysroot.sh" "$tmp/sysroot")" || bad "wasi-sysroot.sh"
  jdir="${WITC_JCO_DIR:-$root/.tools/jco}"
  for g in basic res; do
    ran=1
    t="$tmp/g-$g"
    mkdir -p "$t"
    "$WITC" bindgen c --out-dir "$t/gen" "$here/new_$g.wit" || { bad "$g: bindgen"; continue; }
    clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I "$t/gen" \
      "$here/new_$g.c" "$t/gen/w.c" "$t/gen/w_component_type.c" -o "$t/core.wasm" || { bad "$g: clang"; continue; }
    "$WITC" component new "$t/core.wasm" -o "$t/guest.wasm" || { bad "$g: component new"; continue; }
    "$jco" transpile "$t/guest.wasm" -o "$t/js" --name guest --instantiation async > /dev/null 2>&1 || { bad "$g: jco transpile"; continue; }
    echo '{"type":"module"}' > "$t/js/package.json"
    ln -s "$jdir/node_modules" "$t/node_modules"
    cp "$here/new_$g.mjs" "$t/run.mjs"
    (cd "$t" && node run.mjs) > "$t/out" 2> "$t/err" || { bad "$g: node: $(cat "$t/err")"; continue; }
    diff -u "$here/new_$g.out" "$t/out" || bad "$g: output differs"
  done
  # every async intrinsic `witc bindgen c` guests import (built-ins, futures, streams, async
  # lowerings, task.return): the canon statements must be jco new's, in the same order
  ran=1
  t="$tmp/g-async"
  mkdir -p "$t"
  if "$WITC" bindgen c --out-dir "$t/gen" "$here/new_async_guest.wit" &&
     clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I "$t/gen" \
       "$here/new_async_guest.c" "$t/gen/w.c" "$t/gen/w_component_type.c" -o "$t/core.wasm"; then
    if "$WITC" component new "$t/core.wasm" -o "$t/w.wasm"; then
      "$jco" new "$t/core.wasm" -o "$t/j.wasm" > /dev/null 2>&1 || bad "async guest: jco new"
      "$jco" transpile "$t/w.wasm" -o "$t/js" > /dev/null 2>&1 || bad "async guest: jco transpile rejects it"
      canon() { "$jco" print "$1" | grep -o '(canon .*' | sed -E 's/\$[^ )]*|[0-9]+//g; s/ +/ /g'; }
      [ "$(canon "$t/j.wasm" | wc -l)" -ge 29 ] || bad "async guest: too few canon statements"
      diff -u <(canon "$t/j.wasm") <(canon "$t/w.wasm") || bad "async guest: canon statements differ from jco new's"
    else
      bad "async guest: component new"
    fi
  else
    bad "async guest: bindgen/clang"
  fi
  # a printf command through the preview1 command adapter jco ships
  ran=1
  t="$tmp/g-hello"
  mkdir -p "$t"
  adapter="$jdir/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm"
  if clang --target=wasm32-wasi "--sysroot=$sys" -O2 -Wl,--strip-debug "$here/new_hello.c" -o "$t/core.wasm"; then
    "$WITC" component new "$t/core.wasm" --adapt "wasi_snapshot_preview1=$adapter" -o "$t/hello.wasm" || bad "hello: component new --adapt"
    "$jco" run "$t/hello.wasm" x y > "$t/out" 2> "$t/err" || bad "hello: jco run: $(head -5 "$t/err")"
    printf 'hello from a witc component, 3 arg(s), last y\nmalloc ok 1\n' | diff -u - "$t/out" || bad "hello: stdout differs"
    grep -q "to stderr" "$t/err" || bad "hello: stderr missing"
    "$jco" wit "$t/hello.wasm" | grep -q "export wasi:cli/run@" || bad "hello: the world does not export wasi:cli/run"
    if command -v wasm2c >/dev/null && [ -f /usr/src/wasm2c/wasm-rt-impl.h ] &&
       [ -f "${WITC_BUILD_ROOT:-/nonexistent}/runtime-support/libwitrt.a" ]; then
      "$WITC" run "$t/hello.wasm" -- x y > "$t/wout" 2> "$t/werr" || bad "hello: witc run: $(head -3 "$t/werr")"
      printf 'hello from a witc component, 3 arg(s), last y\nmalloc ok 1\n' | diff -u - "$t/wout" || bad "hello: witc run stdout differs"
    fi
  else
    bad "hello: clang"
  fi
  # the e2e reactor guest (exports only, wasi-libc) through the preview1 reactor adapter
  t="$tmp/g-reactor"
  mkdir -p "$t"
  radapter="$jdir/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm"
  if "$WITC" bindgen c --out-dir "$t/gen" "$root/tests/e2e/run/reactor.wit" &&
     clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I "$t/gen" \
       "$root/tests/e2e/run/reactor.c" "$t/gen/reactor.c" "$t/gen/reactor_component_type.c" -o "$t/core.wasm"; then
    "$WITC" component new "$t/core.wasm" --adapt "wasi_snapshot_preview1=$radapter" -o "$t/guest.wasm" || bad "reactor: component new --adapt"
    "$jco" transpile "$t/guest.wasm" -o "$t/js" --name guest > /dev/null 2>&1 || bad "reactor: jco transpile"
    echo '{"type":"module"}' > "$t/js/package.json"
    ln -s "$jdir/node_modules" "$t/node_modules"
    node "$root/tests/e2e/run/reactor_host.mjs" "$t/js" > "$t/out" 2> "$t/err" || bad "reactor: node host: $(head -3 "$t/err")"
    grep -q "add(2, 40) = 42" "$t/out" && grep -q "churn(1000) = 1000" "$t/out" || bad "reactor: unexpected output"
    grep -q "guest log: from the host" "$t/err" || bad "reactor: the guest's stderr (through the adapter) is missing"
  else
    bad "reactor: bindgen/clang"
  fi
  # own imports and exports plus wasi-libc stdio: the guest's world merged with the adapter's
  t="$tmp/g-mixed"
  mkdir -p "$t"
  if "$WITC" bindgen c --out-dir "$t/gen" "$here/new_basic.wit" &&
     clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I "$t/gen" \
       "$here/new_mixed.c" "$t/gen/w.c" "$t/gen/w_component_type.c" -o "$t/core.wasm"; then
    "$WITC" component new "$t/core.wasm" --adapt "wasi_snapshot_preview1=$radapter" -o "$t/guest.wasm" || bad "mixed: component new --adapt"
    printf 'export function log(m) { console.log("host log:", m); }\nexport function now() { return 42n; }\n' > "$t/host.js"
    "$jco" transpile "$t/guest.wasm" -o "$t/js" --name guest --map 'ex:tiny/host=../host.js' > /dev/null 2>&1 || bad "mixed: jco transpile"
    echo '{"type":"module"}' > "$t/js/package.json"
    echo '{"type":"module"}' > "$t/package.json"
    ln -s "$jdir/node_modules" "$t/node_modules"
    printf '%s\n' "import * as g from './js/guest.js';" "const api = g.api ?? g['ex:tiny/api@0.1.0'];" \
      "console.log('double', g.double(21));" "console.log('greet', api.greet('world'));" > "$t/run.mjs"
    (cd "$t" && node run.mjs) > "$t/out" 2> "$t/err" || bad "mixed: node: $(head -3 "$t/err")"
    printf 'double 42\nhost log: greeting\ngreet hello, world\n' | diff -u - "$t/out" || bad "mixed: output differs"
    grep -q "doubling 21" "$t/err" || bad "mixed: the guest's stderr (through the adapter) is missing"
  else
    bad "mixed: bindgen/clang"
  fi
else
  echo "SKIP: C guests (clang/wasi-libc, node or jco missing)"
fi
[ $ran = 1 ] || exit 77
[ $fail = 0 ] && echo "test_new: all passed"
exit $fail
