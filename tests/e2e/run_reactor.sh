#!/usr/bin/env bash
# e2e for `witc compile` of a reactor: run/reactor.c on `witc bindgen c` bindings of
# run/reactor.wit (wasi-libc, so the preview1 reactor adapter is inside), componentized by
# `witc component new --adapt` with the preview1 reactor adapter, compiled by `witc compile`
# into libcomponent.a and driven by the hand-written C host run/reactor_host.c, whose output
# must be run/reactor.out; jco's node host (run/reactor_host.mjs over `jco transpile`) must
# print the same values, and every misbehaving export must trap on both sides (the C host also
# checks the trap kinds, refusal after a trap and re-instantiation); a guest-defined
# resource's handles and destructors go through the instance's handle table.
# Without jco (or with WITC_NO_JCO=1, tests/e2e/tools.sh) the jco comparisons are skipped and
# the rest runs; without a preview1 adapter the reactor part is skipped (the others need none).
# Skips (77) when clang/wasi-libc or wasm2c are unavailable.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tools.sh"
need_w2c
need_wasi

cd "$work" || exit 1
if [ -n "$adapter" ]; then
  guest_reactor "$here/run/reactor.wit" reactor guest.core.wasm "$here/run/reactor.c"
  make_component guest.core.wasm guest.wasm reactor
  compile_component guest.wasm
  cc -std=c11 -Wall -Wextra -Werror -O1 -Iout "-I$rtinc" -I/usr/src/wasm2c "$here/run/reactor_host.c" \
    out/libcomponent.a "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" -lwasm-rt-impl -lm -o host || fail "cc host"
  ./host > c.out 2> c.err; st=$?
  [ $st -eq 0 ] || { cat c.err; fail "C host: status $st"; }
  cat c.err
  diff -u "$here/run/reactor.out" c.out || fail "the C host's values differ from run/reactor.out"
  grep -q "guest log: from the host" c.err || fail "the guest's stderr did not reach the host's"
  pass=$((pass + 1))

  if [ $have_jco = 1 ]; then
    "$jco" transpile guest.wasm -o js --name guest >/dev/null || fail "jco transpile"
    echo '{"type":"module"}' > js/package.json
    ln -s "$jdir/node_modules" node_modules
    node "$here/run/reactor_host.mjs" "$work/js" > j.out 2> j.err || { cat j.err; fail "node host"; }
    echo "-- misbehaving" >> j.out
    for m in bad-pointer bad-utf8 'crash(1)' 'crash(2)' 'crash(3)' reuse-dropped; do
      node "$here/run/reactor_host.mjs" "$work/js" "$m" >> j.out 2>> j.err
    done
    cat j.err
    diff -u j.out c.out || fail "the C host and jco's node host saw different values"
    echo "$(wc -l < c.out) lines identical between witc's C host and jco's node host"
    pass=$((pass + 1))
  else
    echo "SKIP: jco's node host for the reactor (jco unavailable)"
  fi
else
  echo "SKIP: the reactor: $no_adapter"
fi

# borrows of a host resource (wasi:io/streams output-stream, deps from wit-fixtures) lent to
# exports: used and dropped, or kept (a borrow-outlived trap); the guest's WASI calls are
# direct canon lowers (no adapter)
mkdir -p lendwit/deps
cp "$here/run/lend.wit" lendwit/
cp -r "$root/wit-fixtures/demo/deps/io" lendwit/deps/
guest_reactor lendwit lend lend.core.wasm "$here/run/lend.c"
make_component lend.core.wasm lend.wasm
compile_component lend.wasm lout
cc -std=c11 -Wall -Wextra -Werror -O1 -Ilout "-I$rtinc" -I/usr/src/wasm2c "$here/run/lend_host.c" \
  lout/libcomponent.a "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" -lwasm-rt-impl -lm -o lend_host || fail "cc lend_host"
./lend_host > l.out 2> l.err; st=$?
cat l.out l.err
[ $st -eq 0 ] || fail "lend host: status $st"
pass=$((pass + 1))

# a component importing a non-WASI interface compiles: the import goes to the hook the host
# glue of `witc host c` defines (tests/e2e/host_stubs.sh links and runs one)
cat > host.wit <<'WIT'
package test:imp@0.1.0;
interface host { log: func(msg: string); }
world imp { import host; export run: func(); }
WIT
"$witc" component embed --dummy --wit host.wit --world imp -o imp.core.wasm || fail "witc component embed imp"
"$witc" component new imp.core.wasm -o imp.wasm || fail "witc component new imp"
"$witc" compile imp.wasm --out-dir iout -q 2> imp.err || { cat imp.err; fail "a non-WASI import was refused"; }
grep -q "witc_import_test_imp_host_0_1_0__log(&c->cx" iout/glue.c || fail "the non-WASI import does not call its hook"
# witc run has no host for it: a clear refusal naming the import, not a link error
XDG_CACHE_HOME="$PWD/runcache" "$witc" run imp.wasm > run.out 2> run.err
st=$?
[ "$st" -eq 3 ] || fail "witc run of a non-WASI import exited $st, expected 3"
grep -q 'unsupported import `test:imp/host@0.1.0` `log`' run.err || { cat run.err; fail "witc run does not name the import"; }
pass=$((pass + 1))
echo "$pass passed, 0 failed"
