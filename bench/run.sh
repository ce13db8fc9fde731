#!/usr/bin/env bash
# bench/run.sh — running components natively (issue 5 §5), side by side in one run:
#   * SHA-256 over 100 MiB and a sieve (bench/run/*.c): native (cc -O2) vs `witc run` vs `jco run`
#     (wall time of the whole run, best of 3; witc from its cache, i.e. without compilation);
#   * host→guest calls carrying a short string both ways (and an empty call): calls/s through
#     witc's generated glue (bench/run/calls_host.c) vs jco's (bench/run/calls_host.mjs);
#   * `witc run`'s first-run compile time and its cached second-run start time.
# Usage: bench/run.sh [BUILD_DIR]   (default: build). Prints a markdown table.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
witc="$build/cli/witc"
jco="$root/scripts/jco"
jdir="${WITC_JCO_DIR:-$root/.tools/jco}"
here="$root/bench/run"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
bash "$root/scripts/setup-jco.sh" >/dev/null
sys="$(bash "$root/scripts/wasi-sysroot.sh" "$work/sysroot")" || exit 1
cd "$work"

# best wall time (seconds) of 3 runs of a command
best() {
  local b=""
  for _ in 1 2 3; do
    local t0 t1 d
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    d=$(( t1 - t0 ))
    if [ -z "$b" ] || [ $d -lt $b ]; then b=$d; fi
  done
  awk -v n="$b" 'BEGIN { printf "%.3f", n / 1e9 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

for p in sha256 sieve noop; do
  cc -O2 "$here/$p.c" -o "$p.native"
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -Wl,--strip-debug "$here/$p.c" -o "$p.core.wasm"
  "$jco" new "$p.core.wasm" --wasi-command -o "$p.wasm" >/dev/null
done

# first run compiles (wasm2c + cc); measured on sha256
t0=$(date +%s%N); "$witc" run sha256.wasm -- 1 >/dev/null; t1=$(date +%s%N)
first=$(awk -v n=$(( t1 - t0 )) 'BEGIN { printf "%.2f", n / 1e9 }')
"$witc" run sieve.wasm -- 1 1 >/dev/null
"$witc" run noop.wasm >/dev/null
# cached start: a guest that does nothing, best of 10
bs=""
for _ in $(seq 10); do
  t0=$(date +%s%N); "$witc" run noop.wasm; t1=$(date +%s%N)
  d=$(( t1 - t0 )); if [ -z "$bs" ] || [ $d -lt $bs ]; then bs=$d; fi
done
second=$(awk -v n="$bs" 'BEGIN { printf "%.1f", n / 1e6 }')
jstart=$(best "$jco" run noop.wasm)

[ "$(./sha256.native)" = "$("$witc" run sha256.wasm)" ] || { echo "sha256 differs between native and witc run"; exit 1; }
sha_n=$(best ./sha256.native); sha_w=$(best "$witc" run sha256.wasm); sha_j=$(best "$jco" run sha256.wasm)
sie_n=$(best ./sieve.native); sie_w=$(best "$witc" run sieve.wasm); sie_j=$(best "$jco" run sieve.wasm)

# calls
"$witc" bindgen c --out-dir gen "$here/calls.wit"
clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I gen \
  "$here/calls.c" gen/calls.c gen/calls_component_type.c -o calls.core.wasm
"$jco" new calls.core.wasm -o calls.wasm >/dev/null
"$witc" compile calls.wasm --out-dir calls -q
make -s -C calls libcomponent.a "WITRT_INCLUDE=$root/runtime-support" "WITRT_LIB=$build/runtime-support" >/dev/null 2>&1
cc -O2 -Icalls "-I$root/runtime-support" -I/usr/src/wasm2c "$here/calls_host.c" calls/libcomponent.a \
  "$build/runtime-support/libwitrt-w2c.a" "$build/runtime-support/libwitrt.a" -lwasm-rt-impl -lm -o calls_host
read -r _ w_echo_ns w_echo_cps < <(./calls_host 2000000 | grep '^echo')
read -r _ w_nop_ns w_nop_cps < <(./calls_host 2000000 | grep '^nop')
"$jco" transpile calls.wasm -o js --name calls >/dev/null
echo '{"type":"module"}' > js/package.json
ln -s "$jdir/node_modules" node_modules
jout=$(node "$here/calls_host.mjs" "$work/js" 200000)
read -r _ j_echo_ns j_echo_cps < <(echo "$jout" | grep '^echo')
read -r _ j_nop_ns j_nop_cps < <(echo "$jout" | grep '^nop')

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "## Running components: measured ($(nproc) cores, load $load, $(date -u +%Y-%m-%d))"
echo
echo "| workload | native (cc -O2) | witc run | jco run | witc / native | jco / native |"
echo "|---|---|---|---|---|---|"
echo "| SHA-256, 100 MiB | ${sha_n} s | ${sha_w} s | ${sha_j} s | $(ratio "$sha_w" "$sha_n")× | $(ratio "$sha_j" "$sha_n")× |"
echo "| sieve, 10^8 bytes × 3 | ${sie_n} s | ${sie_w} s | ${sie_j} s | $(ratio "$sie_w" "$sie_n")× | $(ratio "$sie_j" "$sie_n")× |"
echo
echo "| host→guest call | witc glue | jco (node) | witc / jco rate |"
echo "|---|---|---|---|"
echo "| echo(\"hello, world!\") → string | ${w_echo_ns} ns (${w_echo_cps}/s) | ${j_echo_ns} ns (${j_echo_cps}/s) | $(ratio "$w_echo_cps" "$j_echo_cps")× |"
echo "| nop() | ${w_nop_ns} ns (${w_nop_cps}/s) | ${j_nop_ns} ns (${j_nop_cps}/s) | $(ratio "$w_nop_cps" "$j_nop_cps")× |"
echo
echo "| start-up | time |"
echo "|---|---|"
echo "| witc run, first run (wasm2c + cc of a 100 KB command component) | ${first} s |"
echo "| witc run, second run (cached) of a command that does nothing | ${second} ms |"
echo "| jco run of the same command | ${jstart} s |"
