#!/usr/bin/env bash
# e2e for `witc host c`: a guest built from `witc bindgen c` bindings of host_hs.wit (exports
# calling back into non-WASI imports: strings, integers, floats, bool, char both ways),
# componentized by `witc component new` with the preview1 reactor adapter, compiled by `witc compile` (its imports routed to
# the host glue's hooks) and driven by host_main.c through the stubs of `witc host c`:
# `cc host.c hs_host.c out/*.c -lwitrt` links, and every value is compared with the expected.
# Skips (77) when clang/wasi-libc, wasm2c or a preview1 adapter (tests/e2e/tools.sh) are unavailable.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tools.sh"
need_w2c
need_wasi
[ -n "$adapter" ] || skip "$no_adapter"

cd "$work" || exit 1
guest_reactor "$here/host_hs.wit" hs guest.core.wasm "$here/host_guest.c"
make_component guest.core.wasm guest.wasm reactor
compile_component guest.wasm
"$witc" host c --out-dir host "$here/host_hs.wit" || fail "witc host c"
grep -q "witc_import_test_hoststub_env_0_1_0__greet" out/glue.c || fail "glue.c does not call the import hook"
cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -O1 -Ihost "-I$rtinc" "$here/host_main.c" host/hs_host.c \
  out/libcomponent.a "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" -lwasm-rt-impl -lm -o hostprog || fail "cc host"
./hostprog > h.out 2> h.err; st=$?
cat h.out h.err
[ $st -eq 0 ] || fail "host: status $st"
cat > want.out <<'OUT'
hello -> guest: hello, wörld!
host add(40, -2000000000000)
host note(7, summed)
sum -> 43
scale -> 10
scale -> -4
host stats(4 values)
twice -> 2 4 6 131070 -655410 -163852
host describe(Ada, 36, 1.25, 3 tags)
older -> Dr. Ada 41 2.5 [30 20 10 5]
host react(1, 2)
cheer -> 0
shout -> Q
shout(x) -> -1 (unreachable)
all values as expected
OUT
diff -u want.out h.out || fail "the host saw different values"
# a world with a type the stubs do not cover (error-context): still generated, the function
# listed as not covered, and W_host.c compiles (its import hook traps); resources are covered
mkdir -p xw
cat > xw/x.wit <<'WIT'
package test:xx@0.1.0;
interface env {
  record point { x: s32, y: s32 }
  resource thing { constructor(n: u32); get: func() -> u32; }
  mov: func(p: point) -> point;
  many: func(l: list<u32>) -> option<string>;
  plain: func(a: u8) -> bool;
  ec: func(e: error-context);
}
world xw {
  import env;
  export env2: interface { f: func(a: list<u8>) -> result<string>; g: func() -> string; }
  export h: func(s: string) -> u64;
}
WIT
"$witc" host c --out-dir xo xw 2> xw.err || { cat xw.err; fail "witc host c (uncovered types)"; }
grep -q "1 function(s) not covered" xw.err || { cat xw.err; fail "uncovered functions not reported"; }
grep -q "int xw_call_env2_g(xw_instance \*inst, xw_string_t \*ret);" xo/xw_host.h || fail "xw_call_env2_g"
grep -q "extern bool test_xx_env_plain(uint8_t a);" xo/xw_host.h || fail "test_xx_env_plain"
grep -q "import \`test:xx/env@0.1.0#ec\`: not covered" xo/xw_host.h || fail "ec not listed as not covered"
grep -q "extern void test_xx_env_thing_destroy(void \*rep);" xo/xw_host.h || fail "the resource's destroy callback"
grep -q "extern void test_xx_env_many(xw_list_u32_t \*l, xw_option_string_t \*ret);" xo/xw_host.h || fail "test_xx_env_many"
grep -q "int xw_call_env2_f(xw_instance \*inst, xw_list_u8_t \*a, xw_result_string_void_t \*ret);" xo/xw_host.h ||
  { grep call_env2_f xo/xw_host.h; fail "xw_call_env2_f"; }
cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes "-I$rtinc" -c xo/xw_host.c -o xw.o ||
  fail "W_host.c of a world with uncovered types does not compile"
# usage errors exit 2, help 0, a bad WIT 1
"$witc" host xyz x.wit 2>/dev/null; [ $? -eq 2 ] || fail "witc host xyz: not a usage error"
"$witc" host c 2>/dev/null; [ $? -eq 2 ] || fail "witc host c without PATH: not a usage error"
"$witc" host c --help | grep -q "usage: witc host c" || fail "witc host c --help"
echo 'package a:b; world w { import nope; }' > bad.wit
"$witc" host c --out-dir bo bad.wit 2>/dev/null; [ $? -eq 1 ] || fail "an invalid WIT did not exit 1"
echo "3 passed, 0 failed"
