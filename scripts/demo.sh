#!/usr/bin/env bash
# Sets up, builds, and runs witc on the WIT shipped in wit-fixtures/: validates the WASI
# 0.2.12 packages and the demo package, prints the demo back as normalized WIT, shows its
# Resolve as JSON (first lines), and shows the diagnostics for a broken file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
witc=build/cli/witc
run() { echo; echo "\$ witc $*"; "$witc" "$@"; }
run check wit-fixtures/wasi-io wit-fixtures/wasi-clocks wit-fixtures/wasi-random \
  wit-fixtures/wasi-filesystem wit-fixtures/wasi-cli wit-fixtures/demo
run print wit-fixtures/demo
echo; echo "\$ witc resolve --json wit-fixtures/wasi-cli | head -25"
"$witc" resolve --json wit-fixtures/wasi-cli | head -25
echo; echo "\$ witc check wit-fixtures/bad/resolve-unknown-types.wit   # exits 1"
"$witc" check wit-fixtures/bad/resolve-unknown-types.wit || echo "(exit status $?)"
