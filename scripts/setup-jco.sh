#!/usr/bin/env bash
# Installs the pinned jco oracle into .tools/jco (npm; node and npm from Debian).
# Exit 0 when jco is usable afterwards, 1 otherwise (callers then skip jco-based tests).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${WITC_JCO_DIR:-$root/.tools/jco}"
if ! command -v npm >/dev/null; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >&2 || exit 1
fi
if [ ! -f "$dir/node_modules/@bytecodealliance/jco/package.json" ]; then
  mkdir -p "$dir"
  echo '{"name":"witc-jco","private":true,"type":"module"}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --save-exact \
    @bytecodealliance/jco@1.35.0 @bytecodealliance/preview2-shim@0.26.1 >&2 || exit 1
fi
cat > "$dir/preload.mjs" <<'JS'
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
_setPreopens({ '/': '/' });
JS
exit 0
