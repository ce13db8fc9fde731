#!/usr/bin/env bash
# `witc component new` against `jco new` on the same core modules (a script, not a test).
# Inputs: every fixture world as an `embed --dummy` core module (no adapter), plus a printf
# command and a bindgen reactor from tests/ built with clang, each with jco's preview1 adapter.
# Prints per input the best-of-N wall time of both tools and the ratio.
#   bash bench/component-new.sh [BUILD_DIR (default build)] [RUNS (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build}
runs=${2:-5}
witc="$root/$build/cli/witc"
jco="$root/scripts/jco"
[ -x "$witc" ] || { echo "no witc at $witc (build first)"; exit 1; }
bash scripts/setup-jco.sh >/dev/null 2>&1 || { echo "jco unavailable: nothing to compare with"; exit 1; }
adapters="$root/.tools/jco/node_modules/@bytecodealliance/jco/lib"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best() { # best RUNS CMD... -> seconds of the fastest run
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
n = int(sys.argv[1]); cmd = sys.argv[2:]; best = None
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t
    best = t if best is None or t < best else best
print(f"{best:.4f}")
PY
}

inputs=()
for spec in wit-fixtures/demo: wit-fixtures/wasi-io: wit-fixtures/wasi-cli:command; do
  d=${spec%%:*} w=${spec#*:}
  n=$(basename "$d")${w:+/$w}
  "$witc" component embed --dummy --wit "$d" ${w:+--world "$w"} -o "$work/${n//\//-}.core.wasm" 2>/dev/null || continue
  inputs+=("$n|$work/${n//\//-}.core.wasm|")
done
sys="$(bash "$root/scripts/wasi-sysroot.sh" "$work/sysroot")" || sys=/nonexistent
if clang --target=wasm32-wasi "--sysroot=$sys" -O2 -Wl,--strip-debug tests/e2e/run/hello.c -o "$work/hello.core.wasm" 2>/dev/null; then
  inputs+=("printf command + adapter|$work/hello.core.wasm|command")
fi
if "$witc" bindgen c --out-dir "$work/gen" tests/e2e/run/reactor.wit >/dev/null 2>&1 &&
   clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I "$work/gen" \
     tests/e2e/run/reactor.c "$work/gen/reactor.c" "$work/gen/reactor_component_type.c" -o "$work/reactor.core.wasm" 2>/dev/null; then
  inputs+=("bindgen reactor + adapter|$work/reactor.core.wasm|reactor")
fi

printf '| input | witc component new | jco new | jco / witc |\n|---|---|---|---|\n'
for spec in "${inputs[@]}"; do
  IFS='|' read -r name core kind <<<"$spec"
  wargs=() jargs=()
  if [ -n "$kind" ]; then
    wargs=(--adapt "wasi_snapshot_preview1=$adapters/wasi_snapshot_preview1.$kind.wasm")
    jargs=("--wasi-$kind")
  fi
  tw=$(best "$witc" component new "$core" "${wargs[@]}" -o "$work/w.wasm")
  tj=$(best "$jco" new "$core" "${jargs[@]}" -o "$work/j.wasm")
  awk -v n="$name" -v w="$tw" -v j="$tj" 'BEGIN{printf "| %s | %.1f ms | %.1f ms | %.0fx |\n", n, w*1000, j*1000, j/w}'
done
