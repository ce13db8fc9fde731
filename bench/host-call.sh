#!/usr/bin/env bash
# Host→guest calls carrying a record of strings and lists (issue 6 §4), a script, not a test:
# bench/host-call/guest.c on `witc bindgen c` bindings of host-call/person.wit
# (`bump: func(p: person) -> person`, person = { name: string, tags: list<string>,
# scores: list<u32> }), made a component by `witc component new`, called from C through
# `witc compile` + the stubs of `witc host c` (host-call/host.c, cc -O2) and from node through
# `jco transpile` (host-call/host.mjs) on the same component. Prints calls/s of both and the
# ratio as a markdown table (with date, commit and load); without jco only the witc side.
#   bash bench/host-call.sh [BUILD_DIR (default build)] [CALLS (default 1000000; jco: a fifth)] [RUNS (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build="$(cd "${1:-build}" && pwd)"
n=${2:-1000000}
runs=${3:-5}
witc="$build/cli/witc"
jco="$root/scripts/jco"
jdir="${WITC_JCO_DIR:-$root/.tools/jco}"
here="$root/bench/host-call"
rtinc="$root/runtime-support"
rtlib="$build/runtime-support"
[ -x "$witc" ] || { echo "no witc at $witc (build first)"; exit 1; }
[ -f "$rtlib/libwitrt-w2c.a" ] || { echo "no libwitrt-w2c.a in $rtlib (wasm2c missing?)"; exit 1; }
have_jco=0
if [ -z "${WITC_NO_JCO:-}" ] && command -v node >/dev/null && bash scripts/setup-jco.sh >/dev/null 2>&1; then have_jco=1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sys="$(bash scripts/wasi-sysroot.sh "$work/sysroot")" || exit 77  # (77: the e2e smoke run skips)
cd "$work"

# the guest: bindgen + clang, a component by witc component new (no WASI imports, no adapter)
"$witc" bindgen c --out-dir gen "$here/person.wit"
clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I gen \
  "$here/guest.c" gen/hostcall.c gen/hostcall_component_type.c -o guest.core.wasm
"$witc" component new guest.core.wasm -o hostcall.wasm

# the C host: witc compile + witc host c
"$witc" compile hostcall.wasm --out-dir out -q 2> compile.err || { cat compile.err; exit 1; }
make -s -C out libcomponent.a "WITRT_INCLUDE=$rtinc" "WITRT_LIB=$rtlib" >/dev/null 2>&1
"$witc" host c --out-dir host "$here/person.wit"
cc -std=c11 -O2 -Wall -Wextra -Werror -Ihost "-I$rtinc" "$here/host.c" host/hostcall_host.c out/libcomponent.a \
  "$rtlib/libwitrt-w2c.a" "$rtlib/libwitrt.a" -lwasm-rt-impl -lm -o host_c
best() { # best CMD... -> "NS CPS" of the fastest of RUNS runs
  for _ in $(seq "$runs"); do "$@"; done | awk '$1 == "bump" && (b == "" || $2 < b) { b = $2; c = $3 } END { print b, c }'
}
read -r w_ns w_cps < <(best ./host_c "$n")
[ -n "$w_ns" ] || { echo "the C host failed"; exit 1; }

j_ns=- j_cps=-
if [ $have_jco = 1 ]; then
  "$jco" transpile hostcall.wasm -o js --name hostcall >/dev/null
  echo '{"type":"module"}' > js/package.json
  ln -s "$jdir/node_modules" node_modules
  read -r j_ns j_cps < <(best node "$here/host.mjs" "$work/js" $((n / 5)))
  [ -n "$j_ns" ] || { echo "the node host failed"; exit 1; }
fi

load=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "host→guest calls of bump(person) -> person, person = { name: string, tags: list<string>, scores: list<u32> }"
echo "($(nproc) cores, load $load, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit; best of $runs, $n calls (jco $((n / 5))))"
echo
echo "| caller | ns/call | calls/s |"
echo "|---|---|---|"
printf '| C host (witc compile + witc host c) | %s | %s |\n' "$w_ns" "$w_cps"
if [ $have_jco = 1 ]; then
  printf '| node (jco transpile) | %s | %s |\n' "$j_ns" "$j_cps"
  awk -v w="$w_cps" -v j="$j_cps" 'BEGIN { printf "\nwitc / jco rate: %.1f×\n", w / j }'
else
  echo "| node (jco transpile) | jco unavailable | |"
fi
