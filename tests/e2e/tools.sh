# Sourced (not run) by the e2e scripts: which optional tools are here. Needs $root, $build.
# Components are always made by `witc component new`; jco (node) is the oracle that runs and
# transpiles them when installed. WITC_NO_JCO=1 simulates a machine without jco (and without
# jco's adapters), to check what runs with witc alone.
# Sets: jco (scripts/jco), jdir (its install), have_jco (1 when usable), have_w2c (1 when
# wasm2c and its runtime sources are here, i.e. `witc compile`/`witc run` can build), and
# adapter: the directory of the preview1 adapters wasi_snapshot_preview1.{command,reactor}.wasm
# that wasi-libc guests need, empty when there is none (those parts skip, saying why).
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
