#!/usr/bin/env bash
# e2e for `witc host c` over every value type: a guest built from `witc bindgen c` bindings of
# host_types.wit (host_types_guest.c: each export of `api` hands its arguments to the host's
# import of the same name and returns its answer; no WASI, so no adapter), made a component by
# `witc component new`, compiled by `witc compile`, and driven by host_types_main.c through the
# stubs of `witc host c`: records, variants, options, results (all four forms), tuples, flags,
# enums, chars, nested lists, spilled parameters, return areas, a world-level import and
# export. The host prints every value it receives; the output must be host_types.out, and must
# differ when one import answers wrongly (HT_BREAK=1). Misbehaving exports (a pointer out of
# memory, invalid UTF-8, a bad discriminant after two lifted elements; the same in arguments the
# guest hands to imports; invalid UTF-8 in an import's answer; handles used after their drop)
# must fail with -1 and a trap kind, and a new instance keeps working; the same run under ASan (leaks included) when
# the compiler has it. Needs no jco. Skips (77) when clang/wasi-libc or wasm2c are unavailable.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tools.sh"
need_w2c
need_wasi

cd "$work" || exit 1
guest_reactor "$here/host_types.wit" ht guest.core.wasm "$here/host_types_guest.c"
make_component guest.core.wasm guest.wasm
compile_component guest.wasm
"$witc" host c --out-dir host "$here/host_types.wit" 2> host.err || { cat host.err; fail "witc host c"; }
[ -s host.err ] && { cat host.err; fail "witc host c reported functions it does not cover"; }
# the stubs' types are named as the guest bindings name them (exports_ for `api`'s)
n=0
for t in $(sed -n 's/^} \([a-z0-9_]*_t\);$/\1/p' host/ht_host.h); do
  grep -Eq "(\} |\*)$t;" gen-ht/ht.h || fail "$t: a type the guest bindings do not name so"
  n=$((n + 1))
done
[ $n -ge 30 ] || fail "only $n types in ht_host.h"
# and each alias (`use`, `type t = …`) is the guest bindings' typedef, word for word
grep -E '^typedef [a-z0-9_]+ [a-z0-9_]+_t;$' host/ht_host.h > aliases
[ -s aliases ] || fail "no alias typedefs in host/ht_host.h"
grep -vxFf gen-ht/ht.h aliases && fail "alias typedefs the guest bindings do not have (above)"
grep -q '^} exports_test_hosttypes_api_own_blob_t;$' host/ht_host.h || fail "api's blob without exports_"
# the hooks: versioned interface name; world-level import without one
grep -q "witc_import_test_hosttypes_env_0_2_0__bag_op(&c->cx" out/glue.c || fail "glue.c: versioned hook"
grep -q "witc_import_tick(&c->cx" out/glue.c || fail "glue.c: world-level import hook"
link() { # link OUT [cflags…]
  local o="$1"; shift
  cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow "$@" -Ihost "-I$rtinc" \
    "$here/host_types_main.c" host/ht_host.c out/libcomponent.a "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" \
    -lwasm-rt-impl -lm -o "$o"
}
link hostprog -O1 || fail "cc host"
./hostprog > h.out 2> h.err; st=$?
cat h.err
[ $st -eq 0 ] || { cat h.out; fail "host: status $st"; }
diff -u "$here/host_types.out" h.out || fail "the host saw different values than host_types.out"
pass=$((pass + 1))
# the comparison can fail: one import answering wrongly changes the output
HT_BREAK=1 ./hostprog > b.out 2>&1
cmp -s "$here/host_types.out" b.out && fail "a wrong answer from an import went unnoticed"
grep -q "^  -> 0x7$" b.out || fail "HT_BREAK did not change perms-op's answer as expected"
pass=$((pass + 1))
# under ASan + UBSan (leaks of partly lifted results included)
if echo 'int main(void){return 0;}' > t.c && cc -fsanitize=address,undefined t.c -o t 2>/dev/null && ./t; then
  link hostasan -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer || fail "cc host (ASan)"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 ./hostasan > a.out 2> a.err; st=$?
  [ $st -eq 0 ] || { cat a.err | head -40; fail "host under ASan: status $st"; }
  diff -u "$here/host_types.out" a.out || fail "the host under ASan saw different values"
  pass=$((pass + 1))
else
  echo "note: no ASan here, that part skipped"
fi
# two versions of one interface: two hooks, two prototypes, and the stubs compile
mkdir -p vw/deps/d1 vw/deps/d2
echo 'package test:dep@1.0.0; interface i { f: func(x: u32) -> u32; }' > vw/deps/d1/d.wit
echo 'package test:dep@2.0.0; interface i { f: func(x: string) -> string; }' > vw/deps/d2/d.wit
echo 'package test:vw; world vw { import test:dep/i@1.0.0; import test:dep/i@2.0.0; export g: func(); }' > vw/w.wit
"$witc" host c --out-dir vo vw || fail "witc host c (two versions)"
grep -q "^uint32_t witc_import_test_dep_i_1_0_0__f(wrt_cx \*cx, uint32_t a0);" vo/vw_host.c || fail "hook of i@1.0.0"
grep -q "^void witc_import_test_dep_i_2_0_0__f(wrt_cx \*cx, uint32_t a0, uint32_t a1, uint32_t a2);" vo/vw_host.c ||
  fail "hook of i@2.0.0"
cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes "-I$rtinc" -c vo/vw_host.c -o vw.o ||
  fail "the stubs of a world with two versions of one interface do not compile"
pass=$((pass + 1))
# WASI imports are libwitrt's; an embedder overrides one with the linker's --wrap (a plain
# definition of the same symbol collides with libwitrt's): a guest calling
# wasi:clocks/monotonic-clock#now directly gets the embedder's 42
mkdir -p cw/deps/clocks cw/deps/io
cp "$root"/wit-fixtures/wasi-clocks/*.wit cw/deps/clocks/
cp "$root"/wit-fixtures/wasi-clocks/deps/io/*.wit cw/deps/io/
cat > cw/w.wit <<'WIT'
package test:clockhost;
world cw { import wasi:clocks/monotonic-clock@0.2.12; export elapsed: func() -> u64; }
WIT
cat > cwg.c <<'C'
#include "cw.h"
uint64_t exports_cw_elapsed(void) { return wasi_clocks_monotonic_clock_now(); }
C
cat > cwh.c <<'C'
#include "cw_host.h"
#include <inttypes.h>
#include <stdio.h>
uint64_t __wrap_wrt_lower_wasi_clocks_monotonic_clock__now(wrt_cx *cx);
uint64_t __real_wrt_lower_wasi_clocks_monotonic_clock__now(wrt_cx *cx);
uint64_t __wrap_wrt_lower_wasi_clocks_monotonic_clock__now(wrt_cx *cx) {
  return __real_wrt_lower_wasi_clocks_monotonic_clock__now(cx) > 0 ? 42 : 0;
}
int main(void) {
  cw_instance inst;
  uint64_t t = 0;
  if (cw_instance_init(&inst, NULL) != 0 || cw_call_elapsed(&inst, &t) != 0) return 1;
  printf("%" PRIu64 "\n", t);
  cw_instance_fini(&inst);
  return 0;
}
C
guest_reactor cw cw cw.core.wasm cwg.c
make_component cw.core.wasm cw.wasm
compile_component cw.wasm cwout
"$witc" host c --out-dir cwhost cw || fail "witc host c (cw)"
cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Icwhost "-I$rtinc" cwh.c cwhost/cw_host.c cwout/libcomponent.a \
  "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" -lwasm-rt-impl -lm \
  -Wl,--wrap=wrt_lower_wasi_clocks_monotonic_clock__now -o cwprog || fail "cc (cw, --wrap)"
[ "$(./cwprog)" = 42 ] || fail "the embedder's wasi:clocks/monotonic-clock#now was not called"
pass=$((pass + 1))
echo "$pass passed, 0 failed"
