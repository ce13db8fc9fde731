#!/usr/bin/env bash
# Sets up, builds, and runs witc on the WASI 0.2 fixtures shipped in wit-fixtures/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
set -x
build/cli/witc check wit-fixtures/wasi-cli
build/cli/witc print wit-fixtures/wasi-cli | head -40
