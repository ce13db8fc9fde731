#!/usr/bin/env bash
# e2e for several instances of one component in one host process: a guest built from
# `witc bindgen c` bindings of host_multi.wit (host_multi_guest.c: a counter in its globals, a
# string in its linear memory, a guest resource, a host resource it keeps, an import asking the
# host who calls, a trap), made a component by `witc component new`, compiled by
# `witc compile`, and driven by host_multi_main.c through the stubs of `witc host c` with three
# instances: independent state, handle tables (A's handle refused by B), imports that see their
# caller (also across a nested call), a trap in one while the others answer, fini releasing the
# host resources an instance held, 200 rounds of init/fini — under ASan + UBSan (leaks included)
# when the compiler has it. The generated glue must keep no instance state at file scope.
# Needs no jco. Skips (77) when clang/wasi-libc or wasm2c are unavailable.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tools.sh"
need_w2c
need_wasi

cd "$work" || exit 1
guest_reactor "$here/host_multi.wit" multi guest.core.wasm "$here/host_multi_guest.c"
make_component guest.core.wasm guest.wasm
compile_component guest.wasm
"$witc" host c --out-dir host "$here/host_multi.wit" || fail "witc host c"
# no instance state at file scope in the glue: every `static` is a function or a constant (or
# the host glue's thread-local "instance whose guest runs now")
if grep -E '^static ' out/glue.c host/multi_host.c | grep -v '(' | grep -v '^[^:]*:static const ' |
   grep -v '^[^:]*:static _Thread_local [a-z_]*_instance \*wh_current;$'; then
  fail "file-scope state in the generated glue (above)"
fi
pass=$((pass + 1))
link() { # link OUT [cflags…]
  local o="$1"; shift
  cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow "$@" -Ihost "-I$rtinc" \
    "$here/host_multi_main.c" host/multi_host.c out/libcomponent.a "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" \
    -lwasm-rt-impl -lm -o "$o"
}
expected="three instances
counters: A 4, B 10, C 100
memories: alpha beta gamma
imports: A B C, nested A->B->A
handle 2 refused by B: invalid-handle
tokens: fini of C released 1 of 2
A crashed: unreachable
200 rounds of init/fini
done"
link hostprog -O1 || fail "cc host"
./hostprog > h.out 2> h.err; st=$?
[ $st -eq 0 ] || { cat h.out h.err; fail "host: status $st"; }
[ "$(cat h.out)" = "$expected" ] || { diff <(echo "$expected") h.out; fail "unexpected output"; }
pass=$((pass + 1))
if echo 'int main(void){return 0;}' > t.c && cc -fsanitize=address,undefined t.c -o t 2>/dev/null && ./t; then
  link hostasan -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer || fail "cc host (ASan)"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 ./hostasan > a.out 2> a.err; st=$?
  [ $st -eq 0 ] || { head -40 a.err; fail "host under ASan: status $st"; }
  [ "$(cat a.out)" = "$expected" ] || { diff <(echo "$expected") a.out; fail "unexpected output under ASan"; }
  pass=$((pass + 1))
else
  echo "note: no ASan here, that part skipped"
fi
echo "$pass passed, 0 failed"
