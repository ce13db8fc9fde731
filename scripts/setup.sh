#!/usr/bin/env bash
# Installs what witc needs on a fresh Debian 12 machine (as root) and builds it into build/.
# Idempotent: packages already present are not reinstalled; an existing build dir is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential pkg-config meson ninja-build git python3
  libcjson-dev libgit2-dev libcriterion-dev
  clang lld llvm wabt wasi-libc libclang-rt-14-dev-wasm32
  time
)
missing=()
# node/npm may come from another vendor (nodesource's nodejs bundles npm and conflicts with
# Debian's npm): only ask Debian for them when the commands are missing.
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# jco 1.35 (npm), the test oracle: optional; tests that need it skip without it.
bash scripts/setup-jco.sh || echo "setup: jco could not be installed; jco-based tests will skip" >&2

if [ ! -f build/build.ninja ]; then
  meson setup build >&2
fi
ninja -C build >&2
