#!/usr/bin/env bash
# Robustness sweep of `witc bindgen c` over the wit-parser ui corpus and wit-component's
# interface cases (../shared/conformance, skipped when absent): every world of every
# accepted case is generated and, when the
# emitter accepts it, compiled for wasm32 with -Werror. A refusal must be a diagnostic
# (exit 1); a crash or any other exit code, or generated C that does not compile, fails.
set -uo pipefail
root="${WITC_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${WITC_BUILD_ROOT:-$root/build}"
witc="${WITC:-$build/cli/witc}"
ui="$root/../shared/conformance/wit-parser-ui"
[ -f "$ui/cases.tsv" ] || { echo "skip: no conformance corpus"; exit 77; }
command -v clang >/dev/null && [ -f /usr/include/wasm32-wasi/stdlib.h ] || { echo "skip: clang/wasi-libc missing"; exit 77; }
base="$ui/crates/wit-parser"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sys="$(bash "$root/scripts/wasi-sysroot.sh" "$work/sysroot")" || { echo "skip: clang/wasi-libc missing"; exit 77; }
CFLAGS=(--target=wasm32-wasi "--sysroot=$sys" -std=c11 -Wall -Wextra -Werror -Wc++-compat)
n=0; ok=0; refused=0; fail=0
# wit-parser's ui cases (accepted ones) and wit-component's interface cases (all valid)
cases() {
  grep -v '^#' "$ui/cases.tsv" | tail -n +2 | awk -F'\t' -v b="$base" '$3 == "accept" { print b "/" $1 }'
  grep -v '^#' "$ui/interfaces-cases.tsv" | tail -n +2 | awk -F'\t' -v b="$ui/crates/wit-component/tests/interfaces" '{ print b "/" $1 }'
}
while read -r p; do
  path="${p#"$ui"/crates/}"
  if [ -d "$p" ]; then files=("$p"/*.wit); else files=("$p"); fi
  for w in $(cat "${files[@]}" 2>/dev/null | grep -oE '^[[:space:]]*world[[:space:]]+%?[a-z0-9-]+' | awk '{print $2}' | sort -u); do
    n=$((n + 1))
    out="$work/$n"
    "$witc" bindgen c --all-features --world "${w#%}" --out-dir "$out" "$p" 2>"$out.err"
    rc=$?
    if [ $rc = 1 ] && grep -q "error" "$out.err"; then
      refused=$((refused + 1)); [ -n "${VERBOSE:-}" ] && echo "refused $path $w: $(grep -m1 error "$out.err")"; continue
    fi
    if [ $rc != 0 ]; then echo "FAIL $path world $w: exit $rc"; cat "$out.err"; fail=1; continue; fi
    good=1
    for c in "$out"/*.c; do clang "${CFLAGS[@]}" -c "$c" -o "$out.o" 2>"$out.cerr" || { good=0; echo "FAIL $path world $w: $(basename "$c")"; head -5 "$out.cerr"; }; done
    [ $good = 1 ] && ok=$((ok + 1)) || fail=1
  done
done < <(cases)
echo "worlds: $n, generated and compiled: $ok, refused with a diagnostic: $refused"
exit $fail
