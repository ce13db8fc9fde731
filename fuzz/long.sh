#!/usr/bin/env bash
# Runs the WIT front-end fuzzer (fuzz_wit) for longer than CI does, on all cores,
# seeded from wit-fixtures/ and the conformance corpus; findings land in fuzz/findings/.
# Also checks that printed WIT loads again (WITC_FUZZ_ROUNDTRIP=1; set it to 0 to skip).
#   bash fuzz/long.sh [SECONDS (default 3600)] [JOBS (default nproc)]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600} jobs=${2:-$(nproc)}
build=build-fuzz
if [ ! -f $build/build.ninja ]; then
  CC=clang meson setup $build -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C $build fuzz/fuzz_wit >/dev/null
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
bash fuzz/seed_wit.sh "$corpus"
mkdir -p fuzz/findings
echo "fuzz_wit: $secs s on $jobs jobs, $(ls "$corpus" | wc -l) seeds"
WITC_FUZZ_ROUNDTRIP=${WITC_FUZZ_ROUNDTRIP:-1} UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  $build/fuzz/fuzz_wit -max_total_time="$secs" -jobs="$jobs" -workers="$jobs" -max_len=65536 \
  -artifact_prefix=fuzz/findings/ -dict=fuzz/wit.dict "$corpus"
