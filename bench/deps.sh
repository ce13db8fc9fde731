#!/usr/bin/env bash
# Measures `witc deps` on six repositories shaped like the WASI ones (wasi-io with two
# tags, clocks, random, cli, filesystem, sockets; annotated and lightweight tags,
# transitive references), served by a git daemon on 127.0.0.1 and over file://:
#   cold sync (empty cache) vs `git clone --bare` of the same six repositories,
#   no-op sync and `deps check` (median of N runs), with the repositories taken away
#   to show that neither touches the network.
# Usage: bench/deps.sh [WITC] [N]      Not a test: prints numbers, exits 0 unless broken.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WITC=${1:-${WITC:-$ROOT/build/cli/witc}}
N=${2:-20}
[ -x "$WITC" ] || { echo "no witc at $WITC (build first or pass the path)"; exit 2; }
WORK=$(mktemp -d)
DAEMON_PID=
. "$ROOT/tests/vcs/fixtures.sh"
trap 'stop_daemon; rm -rf "$WORK"' EXIT
export HOME="$WORK"

now() { date +%s%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e6 }'; }
# repeat N DIR CMD... — "wall_ms cpu_ms": medians of N runs (CPU = user + sys of the child,
# which stays meaningful when the machine is loaded)
repeat() {
  python3 - "$@" <<'PY'
import os, resource, statistics, subprocess, sys, time
n, cwd, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
wall, cpu = [], []
for _ in range(n):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        sys.exit("command failed: %s" % " ".join(cmd))
    wall.append((t1 - t0) * 1e3)
    cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1e3)
print("%.2f %.2f" % (statistics.median(wall), statistics.median(cpu)))
PY
}

make_wasi_repos
start_daemon
REPOS="wasi-io wasi-clocks wasi-random wasi-cli wasi-filesystem wasi-sockets"

bench_transport() { # NAME URL_BASE
  local name=$1 base=$2 t0 t1 cold clone noop check
  rm -rf "$WORK/app" "$WORK/cache" "$WORK/bare"
  make_app "$base/wasi-{name}"
  export XDG_CACHE_HOME="$WORK/cache"
  t0=$(now); (cd "$WORK/app" && "$WITC" deps sync -q); t1=$(now)
  cold=$(ms "$t0" "$t1")
  mkdir -p "$WORK/bare"
  t0=$(now)
  for r in $REPOS; do git clone -q --bare "$base/$r" "$WORK/bare/$r.git"; done
  t1=$(now)
  clone=$(ms "$t0" "$t1")
  # no network from here on
  stop_daemon; mv "$WORK/repos" "$WORK/repos.away"
  read -r noop noop_cpu < <(repeat "$N" "$WORK/app" "$WITC" deps sync -q)
  read -r check check_cpu < <(repeat "$N" "$WORK/app" "$WITC" deps check -q)
  read -r base base_cpu < <(repeat "$N" "$WORK/app" "$WITC" --version)
  mv "$WORK/repos.away" "$WORK/repos"; start_daemon >/dev/null
  printf '%-8s cold sync %8.2f ms | git clone --bare x6 %8.2f ms | ratio %5.2f\n' \
    "$name" "$cold" "$clone" "$(awk -v a="$cold" -v b="$clone" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-8s no-op sync %6.2f ms (cpu %5.2f) | check %6.2f ms (cpu %5.2f) | witc --version %6.2f ms (cpu %5.2f)  [median of %d, repositories gone]\n' \
    "" "$noop" "$noop_cpu" "$check" "$check_cpu" "$base" "$base_cpu" "$N"
}

echo "witc deps on 6 WASI-shaped repositories ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F))"
bench_transport "git://" "git://127.0.0.1:$PORT"
bench_transport "file://" "file://$WORK/repos"
