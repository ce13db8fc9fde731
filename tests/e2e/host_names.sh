#!/usr/bin/env bash
# e2e for the C names of `witc host c` where import and export names could collide: world
# `names` of host_names.wit imports and exports one interface (`store`: a record, a variant, a
# resource; the guest, host_names_guest.c, is a middleware forwarding its exported copy to the
# imported one) and exports two interfaces with one short name (`api`) from two packages. The
# host (host_names_main.c) uses the guest bindings' names (exports_ for exported copies: the
# type names of W_host.h must all be names W.h defines too), compiles with -Wall -Wextra
# -Werror, values round-trip both ways, the guest's bucket drops the host's when dropped,
# and the same under ASan + UBSan (leaks included) when the compiler has it. Before that, the
# stubs of the guest bindings' fixture worlds must compile and name types as the bindings do.
# Needs no jco. Skips (77) when clang/wasi-libc or wasm2c are unavailable.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tools.sh"

# the guest bindings' fixture worlds (tests/gen/wit: clashing prefixes, import+export of one
# name, resources, async, versions): stubs that compile with -Werror, types named as W.h does
cd "$work" || exit 1
for f in "$root"/tests/gen/wit/*; do
  b="$(basename "$f" .wit)"
  "$witc" host c --out-dir "fx-$b" "$f" 2> /dev/null || fail "witc host c $f"
  "$witc" bindgen c --out-dir "fxg-$b" "$f" || fail "witc bindgen c $f"
  cc -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -fsyntax-only -I "fx-$b" -I "$rtinc" \
    "fx-$b"/*_host.c || fail "$b: the stubs do not compile"
  gh="$(ls "fxg-$b"/*.h | head -1)"
  for t in $(sed -n 's/^} \([a-z0-9_]*_t\);$/\1/p' "fx-$b"/*_host.h); do
    grep -Eq "(\} |\*)$t;" "$gh" || fail "$b: $t is not a type of the guest bindings"
  done
  grep -E '^typedef [a-z0-9_]+ [a-z0-9_]+_t;$' "fx-$b"/*_host.h | grep -vxFf "$gh" &&
    fail "$b: alias typedefs the guest bindings do not have (above)"
done
pass=$((pass + 1))

need_w2c
need_wasi
guest_reactor "$here/host_names.wit" names guest.core.wasm "$here/host_names_guest.c"
make_component guest.core.wasm guest.wasm
compile_component guest.wasm
"$witc" host c --out-dir host "$here/host_names.wit" 2> host.err || { cat host.err; fail "witc host c"; }
[ -s host.err ] && { cat host.err; fail "witc host c reported functions it does not cover"; }
# every type W_host.h defines is one the guest bindings define under the same name
sed -n 's/^} \([a-z0-9_]*_t\);$/\1/p' host/names_host.h | sort -u > host.types
[ "$(wc -l < host.types)" -ge 10 ] || fail "too few types in names_host.h"
while read -r t; do
  grep -Eq "(\} |\*)$t;" gen-names/names.h || fail "$t: a type the guest bindings do not name so"
done < host.types
# and each alias (`use`, `type t = …`) is the guest bindings' typedef, word for word
grep -E '^typedef [a-z0-9_]+ [a-z0-9_]+_t;$' host/names_host.h > aliases
[ -s aliases ] || fail "no alias typedefs in host/names_host.h"
grep -vxFf gen-names/names.h aliases && fail "alias typedefs the guest bindings do not have (above)"
grep -q '^} exports_test_names_store_answer_t;$' host/names_host.h || fail "no exports_ copy of answer"
grep -q '^} test_names_store_answer_t;$' host/names_host.h || fail "no import copy of answer"
pass=$((pass + 1))
link() { # link OUT [cflags…]
  local o="$1"; shift
  cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow "$@" -Ihost "-I$rtinc" \
    "$here/host_names_main.c" host/names_host.c out/libcomponent.a "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" \
    -lwasm-rt-impl -lm -o "$o"
}
expected="echo: one g:h:k1=[3,2,1]
a: many g:a=[1] g:a=[2]
c: one g:c=[9]
z: none
host: bucket b1 destroyed
destroyed after drop: 1
test:names/api#tag: names:key=2
test:other/api#tag: other[x:42]"
link hostprog -O1 || fail "cc host"
./hostprog > h.out 2> h.err; st=$?
cat h.err
[ $st -eq 0 ] || { cat h.out; fail "host: status $st"; }
[ "$(cat h.out)" = "$expected" ] || { diff <(echo "$expected") h.out; fail "host output"; }
pass=$((pass + 1))
if echo 'int main(void){return 0;}' > t.c && cc -fsanitize=address,undefined t.c -o t 2>/dev/null && ./t; then
  link hostasan -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer || fail "cc host (ASan)"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 ./hostasan > a.out 2> a.err; st=$?
  [ $st -eq 0 ] || { head -40 a.err; fail "host under ASan: status $st"; }
  [ "$(cat a.out)" = "$expected" ] || { diff <(echo "$expected") a.out; fail "host output under ASan"; }
  pass=$((pass + 1))
else
  echo "note: no ASan here, that part skipped"
fi
echo "$pass passed, 0 failed"
