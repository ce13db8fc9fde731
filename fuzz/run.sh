#!/usr/bin/env bash
# Runs every libFuzzer harness of fuzz/ (each fuzz_<name>.c that fuzz/meson.build builds)
# for SECONDS divided by the number of harnesses, under ASan+UBSan, each seeded from a fresh
# corpus filled by fuzz/seed_<name>.sh (when present) and using fuzz/<name>.dict (when
# present). Exits non-zero on any finding (crash, leak, timeout, OOM); the reproducer is
# kept in fuzz/findings/. Skips (exit 0) when clang is missing.
#   bash fuzz/run.sh [SECONDS (default 60)]
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
build=${FUZZ_BUILD:-build-fuzz}
if ! command -v clang >/dev/null; then
  echo "fuzz: clang not found, skipping"; exit 0
fi
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    >/dev/null || { echo "fuzz: meson setup failed"; exit 1; }
fi
targets=$(ninja -C "$build" -t targets all 2>/dev/null)
harnesses=()
for src in fuzz/fuzz_*.c; do
  [ -e "$src" ] || continue
  h=$(basename "$src" .c)
  if grep -q "^fuzz/$h:" <<<"$targets"; then
    harnesses+=("$h")
  else
    echo "fuzz: warning: $src is not built by fuzz/meson.build, skipped"
  fi
done
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "fuzz: no harnesses"; exit 0
fi
ninja -C "$build" "${harnesses[@]/#/fuzz/}" >/dev/null || { echo "fuzz: build failed"; exit 1; }
per=$((secs / ${#harnesses[@]}))
[ "$per" -ge 1 ] || per=1
mkdir -p fuzz/findings
status=0
for h in "${harnesses[@]}"; do
  name=${h#fuzz_}
  corpus=$(mktemp -d)
  [ -f "fuzz/seed_$name.sh" ] && bash "fuzz/seed_$name.sh" "$corpus" >/dev/null
  dict=()
  [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
  echo "fuzz: $h for ${per}s, $(ls "$corpus" | wc -l) seeds"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "$build/fuzz/$h" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -max_len=131072 \
    -artifact_prefix="fuzz/findings/$h-" -print_final_stats=1 "${dict[@]}" "$corpus" \
    > "$corpus.log" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "fuzz: $h FAILED (exit $rc); last lines of its log:"
    tail -40 "$corpus.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$corpus.log" | sed "s/^/fuzz: $h: /"
  fi
  rm -rf "$corpus" "$corpus.log"
done
exit $status
