#!/usr/bin/env bash
# e2e for `witc run`: wasi-libc C programs (tests/e2e/run/*.c) built with clang for
# wasm32-wasi (private sysroot, toolchain.md §1.2), made into commands by `witc component new
# --adapt` with the preview1 command adapter, then run by `witc run` (exit status as expected)
# and, when jco is installed, by `jco run`: stdout, stderr and exit status must be identical.
# Also: 100 MiB streamed through stdin → stdout (checksums), the second run starting from the
# cache, traps (each a clean message and status 3, the host surviving), corrupt and truncated
# component files. Without jco (or with WITC_NO_JCO=1, tests/e2e/tools.sh) only the jco runs
# are skipped. Skips (77) when clang/wasi-libc, wasm2c or a preview1 adapter are unavailable.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tools.sh"
need_w2c
need_wasi
[ -n "$adapter" ] || skip "$no_adapter"
failed=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }

for p in hello io exit cat trap; do
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -Wl,--strip-debug "$here/run/$p.c" -o "$work/$p.core.wasm" \
    || { bad "clang $p"; continue; }
  "$witc" component new "$work/$p.core.wasm" --adapt "wasi_snapshot_preview1=$adapter/wasi_snapshot_preview1.command.wasm" \
    -o "$work/$p.wasm" || bad "witc component new $p"
done

# jco run with a preopen: preview2-shim 0.26.1 has no default one (toolchain.md §2.3)
shim="$jdir/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js"
mkdir -p "$work/jbox" "$work/wbox"
printf "import { _setPreopens } from '%s';\n_setPreopens({ '.': '%s' });\n" "$shim" "$work/jbox" > "$work/pre.mjs"

# same NAME STATUS STDIN ARGS...: runs both, compares stdout, stderr, status (STATUS: WASI 0.2
# `exit` carries only ok/err, so any failure is 1)
same() {
  local name="$1" want="$2" input="$3"; shift 3
  local d="$work/cmp-$name"; mkdir -p "$d"
  (cd "$work" && printf '%b' "$input" | FOO=bar "$witc" run "$p.wasm" --dir "$work/wbox::." -- "$@" >"$d/wout" 2>"$d/werr"); local ws=$?
  if [ $ws -ne "$want" ]; then bad "$name: exit status witc $ws, expected $want"; cat "$d/werr"; return; fi
  if [ $have_jco = 0 ]; then ok "$name (status $ws, witc only: jco unavailable)"; return; fi
  (cd "$work" && printf '%b' "$input" | FOO=bar "$jco" run --jco-import ./pre.mjs "$p.wasm" "$@" >"$d/jout" 2>"$d/jerr"); local js=$?
  if [ $ws -ne $js ]; then bad "$name: exit status witc $ws, jco $js"; cat "$d/werr"; return; fi
  if ! diff -u "$d/jout" "$d/wout"; then bad "$name: stdout differs"; return; fi
  if ! diff -u "$d/jerr" "$d/werr"; then bad "$name: stderr differs"; return; fi
  ok "$name (status $ws, identical stdout/stderr)"
}

start=$(date +%s.%N)
p=hello; same hello 0 "" a1 "b 2" wörld
grep -qx "arg 2: b 2" "$work/cmp-hello/wout" && grep -qx "FOO=bar" "$work/cmp-hello/wout" \
  && ok "hello: arguments and environment arrived" || bad "hello: $(cat "$work/cmp-hello/wout")"
end=$(date +%s.%N)
echo "first witc run (compile) + jco run: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"
p=hello; same hello-noargs 0 ""
p=io; same io 0 "one\ntwo\nthree\n"
[ "$(cat "$work/wbox/out.txt" 2>/dev/null)" = "3 lines" ] && ok "io: file written in the preopen" || bad "io: file in the preopen"
[ ! -e "$work/escape.txt" ] && ok "io: no escape from the preopen" || bad "io: escaped"
p=exit; same exit-0 0 "" ret 0
p=exit; same exit-ret-7 1 "" ret 7
p=exit; same exit-exit-3 1 "" exit 3
p=exit; same exit-exit-0 0 "" exit 0

# second run: from the cache, fast
t0=$(date +%s%N)
(cd "$work" && "$witc" run hello.wasm >/dev/null 2>&1)
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ $ms -lt 1000 ] && ok "cached second run: ${ms} ms" || bad "cached second run took ${ms} ms"
[ "$(ls "$XDG_CACHE_HOME/witc/run" | wc -l)" -ge 1 ] && [ -z "$(ls -A "$XDG_CACHE_HOME/witc/run" | grep '^\.tmp')" ] \
  && ok "cache populated, no temporary directories left" || bad "cache layout"

# two first runs racing on an empty cache: both succeed, one build wins the rename
race="$work/race-cache"
(cd "$work" && XDG_CACHE_HOME="$race" "$witc" run hello.wasm -- r1 > "$work/r1.out" 2>&1) & pid1=$!
(cd "$work" && XDG_CACHE_HOME="$race" "$witc" run hello.wasm -- r2 > "$work/r2.out" 2>&1) & pid2=$!
wait $pid1; s1=$?; wait $pid2; s2=$?
if [ $s1 -eq 0 ] && [ $s2 -eq 0 ] && grep -q "arg 1: r1" "$work/r1.out" && grep -q "arg 1: r2" "$work/r2.out" &&
   [ "$(ls -A "$race/witc/run" | wc -l)" -eq 1 ]; then
  ok "two racing first runs both succeed, one cache entry, no temporary directory left"
else
  bad "racing first runs: $s1 $s2 $(ls -A "$race/witc/run")"
fi

# WITC_RUNTIME_DIR pointing nowhere: a clear message, status 3
(cd "$work" && XDG_CACHE_HOME="$work/other-cache" WITC_RUNTIME_DIR=/nonexistent "$witc" run hello.wasm > /dev/null 2> "$work/rt.err"); s=$?
[ $s -eq 3 ] && grep -q "WITC_RUNTIME_DIR" "$work/rt.err" && ok "runtime not found: $(cat "$work/rt.err")" || bad "runtime not found: status $s"

# 100 MiB through stdin → stdout
head -c 104857600 /dev/urandom > "$work/big.bin"
want=$(sha256sum < "$work/big.bin" | cut -d' ' -f1)
t0=$(date +%s%N)
got=$(cd "$work" && "$witc" run cat.wasm < "$work/big.bin" | sha256sum | cut -d' ' -f1)
t1=$(date +%s%N)
[ "$got" = "$want" ] && ok "cat: 100 MiB streamed, checksums equal ($(( (t1 - t0) / 1000000 )) ms incl. first compile)" || bad "cat: checksum differs"
# (jco run's stdout loses data when it is a pipe, so it writes to a file here)
if [ $have_jco = 1 ]; then
  (cd "$work" && "$jco" run cat.wasm < "$work/big.bin" > "$work/big.jco")
  got=$(sha256sum < "$work/big.jco" | cut -d' ' -f1)
  rm -f "$work/big.jco"
  [ "$got" = "$want" ] && ok "cat under jco run: same checksum" || bad "cat under jco run: checksum differs"
fi

# traps: a clear message on stderr, status 3; jco run also fails
for mode in unreachable oob stack callstack div; do
  (cd "$work" && "$witc" run trap.wasm -- "$mode" >"$work/t.out" 2>"$work/t.err"); s=$?
  if [ $s -eq 3 ] && grep -q "^witc: the guest trapped" "$work/t.err" && grep -q "mode $mode" "$work/t.out"; then
    ok "trap $mode: $(cat "$work/t.err")"
  else
    bad "trap $mode: status $s, stderr: $(cat "$work/t.err")"
  fi
  [ $have_jco = 0 ] || { (cd "$work" && "$jco" run trap.wasm "$mode" >/dev/null 2>&1) && bad "jco run trap $mode succeeded?"; }
done

# corrupt and truncated components: a clean error naming the offset, no crash
cp "$work/hello.wasm" "$work/trunc.wasm"; truncate -s 5000 "$work/trunc.wasm"
(cd "$work" && "$witc" run trunc.wasm >/dev/null 2>"$work/c.err"); s=$?
[ $s -eq 1 ] && grep -q "at byte" "$work/c.err" && ok "truncated: $(head -1 "$work/c.err")" || bad "truncated: status $s $(cat "$work/c.err")"
python3 - "$work/hello.wasm" "$work/corrupt.wasm" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
d[9] = 0x7f  # the first section's size: now past the end
open(sys.argv[2], 'wb').write(d)
PY
(cd "$work" && "$witc" run corrupt.wasm >/dev/null 2>"$work/c.err"); s=$?
[ $s -eq 1 ] && grep -q "at byte" "$work/c.err" && ok "corrupt: $(head -1 "$work/c.err")" || bad "corrupt: status $s $(cat "$work/c.err")"
printf 'not a component' > "$work/junk.wasm"
(cd "$work" && "$witc" run junk.wasm >/dev/null 2>"$work/c.err"); s=$?
[ $s -eq 1 ] && ok "junk: $(head -1 "$work/c.err")" || bad "junk: status $s"
(cd "$work" && "$witc" run hello.core.wasm >/dev/null 2>"$work/c.err"); s=$?
[ $s -eq 1 ] && ok "core module: $(head -1 "$work/c.err")" || bad "core module given: status $s"

echo "$pass passed, $failed failed"
[ $failed -eq 0 ]
