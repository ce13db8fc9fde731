#!/usr/bin/env bash
# Front-end benchmark (a script, not a test): synthesizes WIT package sets with
# bench/gen_wit.py at 1x, 4x and 16x (16x is about 20 MB), and reports `witc check`
# throughput (MB/s of CPU time, best of 3; wall time too), peak RSS (GNU time) and its ratio to the input size, how
# time grows with size, the time for the WASI fixtures, and, where jco is installed
# (scripts/setup-jco.sh), the ratio against `jco types` on the same input.
#   bash bench/frontend.sh [WITC (default build/cli/witc)]
set -euo pipefail
cd "$(dirname "$0")/.."
witc=${1:-build/cli/witc}
[ -x "$witc" ] || { echo "no witc at $witc (build first)"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=22 # packages at 1x: ~1.26 MB

measure() { # measure DIR -> "wall_s cpu_s rss_kb" (best of 3 runs by CPU time, max RSS)
  local best= bwall= rss=0 t u s r
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$witc" check -q "$1" >/dev/null 2>"$work/err" \
      || { echo "witc check failed on $1:"; head -20 "$work/err"; exit 1; }
    read -r t u s r <"$work/time"
    local c; c=$(awk -v u="$u" -v s="$s" 'BEGIN{print u + s}')
    if [ -z "$best" ] || awk "BEGIN{exit !($c < $best)}"; then best=$c bwall=$t; fi
    [ "$r" -gt "$rss" ] && rss=$r
  done
  echo "$bwall $best $rss"
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
    mb = b / 1e6; s = (s < 0.005 ? 0.005 : s);
    printf "%-6s %9.2f %8.2f %8.2f %10.1f %12.1f %10.1f\n", k "x", mb, w, s, mb / s, r / 1024, (r * 1024) / b }'
done
awk -v a="${T[1]}" -v b="${T[4]}" -v c="${T[16]}" 'BEGIN{
  a = (a < 0.005 ? 0.005 : a);
  printf "growth: 4x input -> %.1fx CPU time, 16x input -> %.1fx CPU time (linear = 4 and 16)\n", b / a, c / a }'

# the WASI fixtures: tiny, so time 50 runs
start=$(date +%s.%N)
for _ in $(seq 50); do "$witc" check -q wit-fixtures/wasi-cli >/dev/null; done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN{ printf "wit-fixtures/wasi-cli (5 packages): %.2f ms per check (mean of 50, process start included)\n", (e - s) * 1000 / 50 }'

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
