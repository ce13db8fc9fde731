#!/usr/bin/env bash
# Benchmark of `witc bindgen c`: wall time (best of N runs, parse + resolve + generate +
# write) and generated size for the WASI 0.2 command world and for synthetic worlds of
# 500..4000 functions spread over every type kind (linear growth expected).
# usage: bench/bindgen.sh [BUILD_DIR]   (default build/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
witc="${WITC:-$build/cli/witc}"
runs="${RUNS:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# best-of-N wall time and CPU time (user+sys) in milliseconds of "$@". Wall time includes
# the fsync of each atomically written file, which dominates on small worlds.
best_ms() {
  python3 - "$runs" "$@" <<'PY'
import resource, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best_wall = best_cpu = 1e9
for _ in range(runs):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
print('%.1f %.1f' % (best_wall * 1000, best_cpu * 1000))
PY
}

# synthetic world: N functions over every type kind, 10 per interface
synth() {
  local n="$1" dir="$2"
  mkdir -p "$dir"
  python3 - "$n" >"$dir/synth.wit" <<'PY'
import sys
n = int(sys.argv[1])
kinds = ['u8', 'u64', 'f32', 'f64', 'char', 'string', 'list<u8>', 'list<string>', 'rec', 'var', 'en',
         'fl', 'option<rec>', 'result<string, en>', 'tuple<u32, string, f64>', 'own<res>', 'borrow<res>',
         'list<var>', 'option<option<u16>>', 'result<_, fl>']
print('package bench:synth@1.0.0;')
ifaces = (n + 9) // 10
for i in range(ifaces):
    print(f'interface i{i} {{')
    print('  record rec { a: u32, b: string, c: list<f64>, d: option<u8> }')
    print('  variant var { none, num(s64), txt(string), pair(tuple<f32, u8>) }')
    print('  enum en { a, b, c }')
    print('  flags fl { x, y, z }')
    print('  resource res { constructor(x: u32); get: func() -> u32; }')
    for k in range(min(10, n - i * 10)):
        t = kinds[(i * 10 + k) % len(kinds)]
        r = t if not t.startswith('borrow') else 'u32'
        print(f'  f{k}: func(x: {t}, y: u32) -> {r};')
    print('}')
print('world synth {')
for i in range(ifaces):
    print(f'  {"import" if i % 2 == 0 else "export"} i{i};')
print('}')
PY
}

printf '%-28s %9s %9s %10s %10s %6s\n' world "wall(ms)" "cpu(ms)" "W.h(B)" "W.c(B)" "fns"
out="$work/cmd"
t=$(best_ms "$witc" bindgen c --world command --out-dir "$out" "$root/wit-fixtures/wasi-cli")
printf '%-28s %9s %9s %10s %10s %6s\n' "wasi:cli/command@0.2.12" $t "$(wc -c <"$out/command.h")" \
  "$(wc -c <"$out/command.c")" "$(grep -c '^extern .*(' "$out/command.h" || true)"
for n in 500 1000 2000 4000; do
  synth "$n" "$work/s$n"
  out="$work/s$n.out"
  t=$(best_ms "$witc" bindgen c --out-dir "$out" "$work/s$n/synth.wit")
  printf '%-28s %9s %9s %10s %10s %6s\n' "synthetic $n functions" $t "$(wc -c <"$out/synth.h")" \
    "$(wc -c <"$out/synth.c")" "$n"
done
