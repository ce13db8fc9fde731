# Sourced (not run) by the e2e scripts: their shared set-up, and which optional tools are here.
# Sets root, build, witc (WITC_SOURCE_ROOT, WITC_BUILD_ROOT, WITC override them), rtinc and
# rtlib (libwitrt's headers and libraries), work (a temporary directory removed at exit; the
# witc run cache lives in it) and pass=0; defines skip (exit 77) and fail (exit 1, with a
# runner summary line), need_w2c and need_wasi (skip unless wasm2c / clang with wasi-libc are
# here; need_wasi sets sys, a private sysroot), and the build steps guest_reactor,
# make_component and compile_component below.
# Components are always made by `witc component new`; jco (node) is the oracle that runs and
# transpiles them when installed. WITC_NO_JCO=1 simulates a machine without jco (and without
# jco's adapters), to check what runs with witc alone.
# Sets: jco (scripts/jco), jdir (its install), have_jco (1 when usable), have_w2c (1 when
# wasm2c and its runtime sources are here, i.e. `witc compile`/`witc run` can build), and
# adapter: the directory of the preview1 adapters wasi_snapshot_preview1.{command,reactor}.wasm
# that wasi-libc guests need, empty when there is none (those parts skip, saying why).
root="${WITC_SOURCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
build="${WITC_BUILD_ROOT:-$root/build}"
witc="${WITC:-$build/cli/witc}"
rtinc="$root/runtime-support"
rtlib="${WITC_RUNTIME_DIR:-$build/runtime-support}"
pass=0
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; echo "$pass passed, 1 failed"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
need_w2c() { [ "$have_w2c" = 1 ] || skip "wasm2c missing"; }
need_wasi() { sys="$(bash "$root/scripts/wasi-sysroot.sh" "$work/sysroot")" || skip "clang/wasi-libc missing"; }
jco="$root/scripts/jco"
jdir="${WITC_JCO_DIR:-$root/.tools/jco}"
have_jco=0
if [ -n "${WITC_NO_JCO:-}" ]; then
  jdir=/nonexistent/jco
elif command -v node >/dev/null && bash "$root/scripts/setup-jco.sh" >/dev/null 2>&1; then
  have_jco=1
fi
have_w2c=0
if command -v wasm2c >/dev/null && [ -f /usr/src/wasm2c/wasm-rt-impl.h ]; then have_w2c=1; fi
# witc's own adapters (adapter/, built by meson when clang targets wasm32); jco's shipped ones
# when witc's are not built (WITC_ADAPTER_DIR=DIR: those in DIR)
has_adapters() { [ -f "$1/wasi_snapshot_preview1.command.wasm" ] && [ -f "$1/wasi_snapshot_preview1.reactor.wasm" ]; }
adapter="${WITC_ADAPTER_DIR:-$build/adapter}"
has_adapters "$adapter" || adapter="$jdir/node_modules/@bytecodealliance/jco/lib"
has_adapters "$adapter" || adapter=
no_adapter="no preview1 adapter for wasi-libc guests (witc's own is not built: clang/wasm-ld for wasm32 missing; jco's is not installed)"
[ -z "$adapter" ] || echo "preview1 adapters: $adapter"

# guest_reactor WIT STEM CORE SRC… : `witc bindgen c` of WIT into gen-STEM/, then SRC… with the
# bindings (STEM.c and its component type) compiled by clang into the reactor module CORE
guest_reactor() {
  local wit="$1" stem="$2" core="$3"; shift 3
  "$witc" bindgen c --out-dir "gen-$stem" "$wit" || fail "witc bindgen c $wit"
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I "gen-$stem" \
    "$@" "gen-$stem/$stem.c" "gen-$stem/${stem}_component_type.c" -o "$core" || fail "clang $*"
}
# make_component CORE OUT [command|reactor] : `witc component new`, with that preview1 adapter
make_component() {
  local ad=()
  [ -z "${3:-}" ] || ad=(--adapt "wasi_snapshot_preview1=$adapter/wasi_snapshot_preview1.$3.wasm")
  "$witc" component new "$1" "${ad[@]}" -o "$2" || fail "witc component new $1"
}
# compile_component COMPONENT [DIR] : `witc compile` into DIR (out/), then DIR/libcomponent.a
compile_component() {
  local d="${2:-out}"
  "$witc" compile "$1" --out-dir "$d" -q || fail "witc compile $1"
  make -s -C "$d" libcomponent.a "WITRT_INCLUDE=$rtinc" "WITRT_LIB=$rtlib" >/dev/null 2>&1 ||
    fail "make $d/libcomponent.a"
}
