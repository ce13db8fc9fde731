#!/usr/bin/env bash
# Front-end benchmark (a script, not a test): synthesizes WIT package sets with
# bench/gen_wit.py at 1x, 4x and 16x (16x is about 20 MB), and reports `witc check`
# throughput (MB/s of CPU time, best of 3; wall time too), peak RSS (getrusage ru_maxrss, as GNU time -v reports it) and its ratio to the input size, how
# time grows with size, the time for the WASI fixtures, and, where jco is installed
# (scripts/setup-jco.sh), the ratio against `jco types` on the same input.
#   bash bench/frontend.sh [WITC (default build/cli/witc)]
set -euo pipefail
cd "$(dirname "$0")/.."
witc=${1:-build/cli/witc}
[ -x "$witc" ] || { echo "no witc at $witc (build first)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=22 # packages at 1x: ~1.26 MB

measure() { # measure DIR -> "wall_s cpu_s rss_kb": best of 3 runs by CPU time (getrusage,
  # microsecond resolution), peak RSS of the runs (the ru_maxrss GNU time -v reports)
  python3 - "$witc" "$1" <<'PY'
import resource, subprocess, sys, time
best = None
for _ in range(3):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([sys.argv[1], "check", "-q", sys.argv[2]], capture_output=True, text=True)
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        print("witc check failed on", sys.argv[2], p.stderr[:2000])
        sys.exit(1)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if best is None or cpu < best[1]:
        best = (t1 - t0, cpu)
print(f"{best[0]:.4f} {best[1]:.4f} {r1.ru_maxrss}")
PY
}

printf '%-6s %9s %8s %8s %10s %12s %10s\n' scale "input MB" "wall s" "CPU s" "MB/s(CPU)" "peak RSS MB" "RSS/input"
declare -A T W
for k in 1 4 16; do
  dir=$work/s$k
  python3 bench/gen_wit.py "$dir" $((base * k))
  bytes=$(find "$dir" -name '*.wit' -print0 | xargs -0 cat | wc -c)
  measure "$dir" >"$work/m" || { cat "$work/m"; exit 1; }
  read -r wall secs rss <"$work/m"
  T[$k]=$secs W[$k]=$wall
  awk -v k="$k" -v b="$bytes" -v w="$wall" -v s="$secs" -v r="$rss" 'BEGIN{
    mb = b / 1e6; s = (s < 0.0005 ? 0.0005 : s);
    printf "%-6s %9.2f %8.2f %8.2f %10.1f %12.1f %10.1f\n", k "x", mb, w, s, mb / s, r / 1024, (r * 1024) / b }'
done
awk -v a="${T[1]}" -v b="${T[4]}" -v c="${T[16]}" 'BEGIN{
  a = (a < 0.0005 ? 0.0005 : a);
  printf "growth: 4x input -> %.1fx CPU time, 16x input -> %.1fx CPU time (linear = 4 and 16)\n", b / a, c / a }'

# the WASI fixtures: tiny, so time 50 runs
python3 - "$witc" <<'PY'
import resource, subprocess, sys, time
r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t0 = time.perf_counter()
for _ in range(50):
    subprocess.run([sys.argv[1], "check", "-q", "wit-fixtures/wasi-cli"], check=True)
r1 = resource.getrusage(resource.RUSAGE_CHILDREN); t1 = time.perf_counter()
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(f"wit-fixtures/wasi-cli (5 packages): {cpu * 1000 / 50:.2f} ms CPU, {(t1 - t0) * 1000 / 50:.2f} ms wall "
      "per check (mean of 50, process start included)")
PY

jco_dir=${WITC_JCO_DIR:-$PWD/.tools/jco}
if [ -f "$jco_dir/node_modules/@bytecodealliance/jco/package.json" ]; then
  for k in 1; do
    dir=$work/s$k
    s=$(date +%s.%N)
    if WITC_JCO_DIR=$jco_dir bash scripts/jco types "$dir" -n app -o "$work/jco-out" >/dev/null 2>"$work/jco-err"; then
      e=$(date +%s.%N)
      awk -v s="$s" -v e="$e" -v w="${W[$k]}" -v k="$k" 'BEGIN{
        w = (w < 0.005 ? 0.005 : w);
        printf "jco types on the %sx input: %.2f s; witc check (wall) is %.0fx faster\n", k, e - s, (e - s) / w }'
    else
      echo "jco types failed on the ${k}x input:"; head -5 "$work/jco-err"
    fi
    s=$(date +%s.%N)
    WITC_JCO_DIR=$jco_dir bash scripts/jco types wit-fixtures/wasi-cli -n command -o "$work/jco-out2" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN{ printf "jco types on wit-fixtures/wasi-cli: %.2f s\n", e - s }'
  done
else
  echo "jco not installed ($jco_dir): no comparison (bash scripts/setup-jco.sh installs it)"
fi
