#!/usr/bin/env bash
# Sets up, builds and runs every test: the meson suites (unit, golden, compile, e2e,
# conformance), the unit suites again under ASan+UBSan, and a short fuzz run.
# Ends with one line "N passed, N failed, N skipped" over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0 skipped=0
tally() { # tally <testlog.json>
  local p f s
  read -r p f s < <(python3 - "$1" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r == "SKIP": s += 1
    else: f += 1
print(p, f, s)
PY
)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

echo "== meson test (all suites)"
meson test -C build --print-errorlogs --num-processes 2 --timeout-multiplier 3
tally build/meson-logs/testlog.json

echo "== unit suites under ASan+UBSan"
if [ ! -f build-asan/build.ninja ]; then
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Darena_malloc=true >/dev/null
fi
if ninja -C build-asan >/dev/null; then
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    meson test -C build-asan --suite unit --print-errorlogs --num-processes 2 --timeout-multiplier 5
  tally build-asan/meson-logs/testlog.json
else
  echo "sanitizer build failed"; failed=$((failed + 1))
fi

if [ -x fuzz/run.sh ]; then
  echo "== fuzz (60 s per harness)"
  if bash fuzz/run.sh 60; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
