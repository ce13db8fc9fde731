#!/usr/bin/env bash
# A private wasm32-wasi sysroot for clang, made of symlinks to Debian's wasi-libc
# (/usr/include/wasm32-wasi, /usr/lib/wasm32-wasi) under both target names (wasm32-wasi,
# wasm32-wasip1). `--sysroot=/usr` would work too, but then a header missing from wasi-libc
# silently resolves to glibc's in /usr/include; the private root has nothing else in it.
#   sys=$(bash scripts/wasi-sysroot.sh DIR) || skip "clang/wasi-libc missing"
#   clang --target=wasm32-wasi "--sysroot=$sys" …
# Creates DIR (default: a new temporary directory, which the caller removes), prints its path
# and exits 0; exits 1 with a message on stderr when clang, wasm-ld or wasi-libc is not installed.
# Idempotent: an existing DIR made by this script is reused.
set -euo pipefail
inc=/usr/include/wasm32-wasi lib=/usr/lib/wasm32-wasi
command -v clang >/dev/null || { echo "wasi-sysroot: clang missing" >&2; exit 1; }
command -v wasm-ld >/dev/null || { echo "wasi-sysroot: wasm-ld (lld) missing" >&2; exit 1; }
[ -f "$inc/stdlib.h" ] && [ -d "$lib" ] || { echo "wasi-sysroot: wasi-libc missing ($inc)" >&2; exit 1; }
dir="${1:-$(mktemp -d)}"
mkdir -p "$dir/include" "$dir/lib"
for t in wasm32-wasi wasm32-wasip1; do
  ln -sfn "$inc" "$dir/include/$t"
  ln -sfn "$lib" "$dir/lib/$t"
done
echo "$dir"
