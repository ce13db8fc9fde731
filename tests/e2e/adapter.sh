#!/usr/bin/env bash
# e2e for witc's own preview1 adapter (adapter/): wasi-libc programs (tests/e2e/run/*.c and
# tests/e2e/adapter/fs.c) built with clang, made into components by `witc component new
# --adapt wasi_snapshot_preview1=<our adapter>` — no jco involved — and run by `witc run`:
# stdout, stderr and exit status are checked against the expectations written here. When jco
# is already installed (never installed by this script), `jco run` of the same components is
# an independent oracle: outputs must be identical. Also checks the adapter's shape (no data
# section, the imports and exports new.c needs) and prints its size and `component new` time
# next to jco's adapter when that one is present.
# Skips (77) when clang/wasi-libc, wasm2c or the built adapter are unavailable.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${WITC_SOURCE_ROOT:-$(cd "$here/../.." && pwd)}"
build="${WITC_BUILD_ROOT:-$root/build}"
witc="${WITC:-$build/cli/witc}"
adapter="${WITC_ADAPTER:-$build/adapter/wasi_snapshot_preview1.command.wasm}"
skip() { echo "SKIP: $*"; exit 77; }
[ -f "$adapter" ] || skip "adapter not built ($adapter)"
command -v wasm2c >/dev/null && [ -f /usr/src/wasm2c/wasm-rt-impl.h ] || skip "wasm2c missing"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
sys="$(bash "$root/scripts/wasi-sysroot.sh" "$work/sysroot")" || skip "clang/wasi-libc missing"
mkdir -p "$work/wbox" "$work/jbox"
pass=0 failed=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# the adapter's shape: what component/new.c relies on
if command -v wasm-objdump >/dev/null; then
  wasm-objdump -x "$adapter" > "$work/ad.txt" 2>&1
  if grep -Eq '^ *(Data|DataCount) ' <(wasm-objdump -h "$adapter"); then bad "adapter has a data section"
  else ok "adapter has no data section"; fi
  miss=""
  for w in '<- env.memory' '<- __main_module__.cabi_realloc' '<- __main_module__._start' \
           '-> "cabi_import_realloc"' '-> "wasi:cli/run@0.2.12#run"' '-> "fd_write"' '-> "path_open"' \
           '-> "poll_oneoff"' 'global\[0\] <__stack_pointer>' '"component-type:command"'; do
    grep -q -- "$w" "$work/ad.txt" || miss="$miss [$w]"
  done
  [ -z "$miss" ] && ok "adapter imports/exports/name section as new.c expects" || bad "adapter shape: missing$miss"
fi

# build the programs, make components with our adapter
progs="hello io exit cat trap fs fsmore dir"
for p in $progs; do
  src="$here/run/$p.c"; [ -f "$here/adapter/$p.c" ] && src="$here/adapter/$p.c"
  clang --target=wasm32-wasi "--sysroot=$sys" -O2 -Wl,--strip-debug "$src" -o "$work/$p.core.wasm" \
    || { bad "clang $p"; continue; }
  if "$witc" component new "$work/$p.core.wasm" --adapt "wasi_snapshot_preview1=$adapter" -o "$work/$p.wasm"; then
    ok "component new $p with our adapter"
  else
    bad "component new $p"
  fi
done

# `--adapt wasi_snapshot_preview1` without a file: our adapter, the flavour from the exports
if WITC_ADAPTER_DIR="$(dirname "$adapter")" "$witc" component new "$work/hello.core.wasm" \
     --adapt wasi_snapshot_preview1 -o "$work/hello-default.wasm" && cmp -s "$work/hello.wasm" "$work/hello-default.wasm"; then
  ok "--adapt wasi_snapshot_preview1 (no file) takes our command adapter"
else
  bad "--adapt wasi_snapshot_preview1 (no file)"
fi
WITC_ADAPTER_DIR="$work/none" "$witc" component new "$work/hello.core.wasm" --adapt wasi_snapshot_preview1 \
  -o "$work/x.wasm" 2>"$work/x.err"; s=$?
[ $s -eq 3 ] && grep -q "no built-in preview1 adapter" "$work/x.err" && ok "no adapter found: status 3, a clear message" \
  || bad "no adapter found: status $s $(cat "$work/x.err")"

# expect NAME STATUS STDOUT-FILE STDERR-FILE STDIN ARGS...: runs `witc run`, compares
expect() {
  local name="$1" want="$2" wout="$3" werr="$4" input="$5"; shift 5
  local d="$work/exp-$name"; mkdir -p "$d"
  (cd "$work" && printf '%b' "$input" | FOO=bar "$witc" run "$p.wasm" --dir "$work/wbox::." -- "$@" >"$d/out" 2>"$d/err"); local s=$?
  if [ $s -ne "$want" ]; then bad "$name: status $s, expected $want: $(head -3 "$d/err")"; return; fi
  if ! diff -u "$wout" "$d/out"; then bad "$name: stdout"; return; fi
  if ! diff -u "$werr" "$d/err"; then bad "$name: stderr"; return; fi
  ok "$name (status $s, stdout and stderr as expected)"
}
e() { printf '%b' "$1" > "$work/$2"; }

p=hello
e 'hello from a component: argc=4\narg 1: a1\narg 2: b 2\narg 3: w\xc3\xb6rld\nFOO=bar\nutf8: w\xc3\xb6rld \xe2\x9c\x93\n' h.out
e 'a line on stderr\n' h.err
expect hello 0 "$work/h.out" "$work/h.err" "" a1 "b 2" wörld
e 'hello from a component: argc=1\nFOO=bar\nutf8: w\xc3\xb6rld \xe2\x9c\x93\n' h0.out
expect hello-noargs 0 "$work/h0.out" "$work/h.err" ""
p=io
e 'stdin: 3 lines, 14 bytes\nclock: ok=1 monotonic=1 after-2020=1\nfile: 3 lines\noutside: refused\n' io.out
e '' empty
expect io 0 "$work/io.out" "$work/empty" "one\ntwo\nthree\n"
[ "$(cat "$work/wbox/out.txt" 2>/dev/null)" = "3 lines" ] && ok "io: file written in the preopen" || bad "io: file in the preopen"
[ ! -e "$work/escape.txt" ] && ok "io: no escape from the preopen" || bad "io: escaped"
rm -f "$work/wbox/out.txt"
p=exit
e 'before exit\n' ex.out
# WASI 0.2 `exit` carries ok/err only: any non-zero status is seen as 1 (as with jco's adapter)
expect exit-ret-0 0 "$work/ex.out" "$work/empty" "" ret 0
expect exit-ret-7 1 "$work/ex.out" "$work/empty" "" ret 7
expect exit-exit-3 1 "$work/ex.out" "$work/empty" "" exit 3
expect exit-exit-0 0 "$work/ex.out" "$work/empty" "" exit 0
p=fs
cat > "$work/fs.out" <<'EOF'
mkdir: 0
mkdir again EEXIST: 1
open a: 1
write: 12
lseek cur: 12
pwrite: 5
lseek end: 12
append: 5
stat: 0 size=17 reg=1
read: 11 HELLO world
pread: 5 more
lseek set: 6
read after seek: 5 world
fstat: 0 size=17
write to read-only fd fails: 1
readdir: . .. a.txt b.txt sub
stat dir: 1
rename: 0
old name gone ENOENT: 1
renamed content: bee
rmdir non-empty ENOTEMPTY: 1
unlink: 0 0 1
rmdir: 0 0
nanosleep 20 ms: 0 slept-enough=1
getentropy: 0 nonzero=1
time after 2020: 1
stdin bytes: 8
EOF
expect fs 0 "$work/fs.out" "$work/empty" "abc\ndef\n"
[ -z "$(ls -A "$work/wbox")" ] && ok "fs: the preopen is empty again" || bad "fs: left $(ls -A "$work/wbox")"

p=fsmore
cat > "$work/fsmore.out" <<'EOF'
write: 10
ftruncate: 0
size after truncate: 4
fsync: 0
fdatasync: 0
futimens: 0
mtime: 1200000000
utimensat: 0
symlink: 0
readlink: 5 t.txt
lstat link: 1
link: 0
nlink: 2
isatty(1): 0
ftell end: 4
access: 0 1
open dir as file for write EISDIR: 1
entries left: 2
getcwd: /
EOF
expect fsmore 0 "$work/fsmore.out" "$work/empty" ""

p=dir
printf 'entries 1502 (expect 1502)\nafter rewind 1502\nrmdir 0\n' > "$work/dir.out"
expect dir-1500 0 "$work/dir.out" "$work/empty" "" 1500

# 16 MiB through stdin → stdout
head -c 16777216 /dev/urandom > "$work/big.bin"
want=$(sha256sum < "$work/big.bin" | cut -d' ' -f1)
got=$(cd "$work" && "$witc" run cat.wasm < "$work/big.bin" | sha256sum | cut -d' ' -f1)
[ "$got" = "$want" ] && ok "cat: 16 MiB streamed, checksums equal" || bad "cat: checksum differs"

# traps: a clear message on stderr, status 3
for mode in unreachable oob stack callstack div; do
  (cd "$work" && "$witc" run trap.wasm -- "$mode" >"$work/t.out" 2>"$work/t.err"); s=$?
  if [ $s -eq 3 ] && grep -q "^witc: the guest trapped" "$work/t.err" && grep -q "mode $mode" "$work/t.out"; then
    ok "trap $mode"
  else
    bad "trap $mode: status $s, stderr: $(cat "$work/t.err")"
  fi
done

# the reactor flavour: run/reactor.c (bindings of run/reactor.wit) becomes a component whose
# world has the WASI imports and the guest's own export (run_reactor.sh drives such a guest)
rad="$(dirname "$adapter")/wasi_snapshot_preview1.reactor.wasm"
if [ -f "$rad" ]; then
  if "$witc" bindgen c --out-dir "$work/rgen" "$here/run/reactor.wit" &&
     clang --target=wasm32-wasi "--sysroot=$sys" -O2 -mexec-model=reactor -Wl,--strip-debug -I "$work/rgen" \
       "$here/run/reactor.c" "$work/rgen/reactor.c" "$work/rgen/reactor_component_type.c" -o "$work/r.core.wasm" &&
     "$witc" component new "$work/r.core.wasm" --adapt "wasi_snapshot_preview1=$rad" -o "$work/r.wasm" &&
     WITC_ADAPTER_DIR="$(dirname "$adapter")" "$witc" component new "$work/r.core.wasm" --adapt wasi_snapshot_preview1 \
       -o "$work/r-default.wasm" && cmp -s "$work/r.wasm" "$work/r-default.wasm" &&
     "$witc" component wit "$work/r.wasm" > "$work/r.wit" &&
     grep -q "export test:run/api@0.1.0;" "$work/r.wit" && grep -q "import wasi:cli/stderr@0.2.12;" "$work/r.wit" &&
     ! grep -q "wasi:cli/run" "$work/r.wit"; then
    ok "reactor adapter: component with the guest's export and the WASI imports"
  else
    bad "reactor adapter: $(cat "$work/r.wit" 2>/dev/null | tr '\n' ' ')"
  fi
fi

jdir="${WITC_JCO_DIR:-$root/.tools/jco}"
jco="$root/scripts/jco"
jad="$jdir/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm"

# every function both adapters export has the same core signature (so whatever preview1
# function a module imports links against ours as it would against jco's), and ours exports
# every one of jco's except its private adapter_*/reset_adapter_state extensions
if [ -f "$jad" ] && command -v wasm-objdump >/dev/null && command -v python3 >/dev/null; then
  sigs() {
    wasm-objdump -x "$1" | python3 -c '
import re, sys
t = sys.stdin.read()
types = dict(re.findall(r" - type\[(\d+)\] (.*)", t))
fsig = {m.group(1): types[m.group(2)] for m in re.finditer(r" - func\[(\d+)\] sig=(\d+)", t)}
for m in re.finditer(r" - func\[(\d+)\] <[^>]*> -> \"([^\"]+)\"", t):
    if not m.group(2).startswith(("adapter_", "reset_adapter_state")):
        print(m.group(2), fsig.get(m.group(1)))
' | sort
  }
  sigs "$adapter" > "$work/ours.sig"; sigs "$jad" > "$work/jco.sig"
  if [ -s "$work/jco.sig" ] && diff -u "$work/jco.sig" "$work/ours.sig"; then
    ok "the same $(wc -l < "$work/ours.sig") exports with the same signatures as jco's adapter"
  else
    bad "exports or signatures differ from jco's adapter"
  fi
fi

# jco's adapter (when installed) as an oracle under the same host: the same program made a
# component with either adapter must print the same under `witc run`
if [ -f "$jad" ]; then
  for p in fs fsmore; do
    "$witc" component new "$work/$p.core.wasm" --adapt "wasi_snapshot_preview1=$jad" -o "$work/$p.jad.wasm" || bad "component new $p with jco's adapter"
    (cd "$work" && printf 'abc\ndef\n' | "$witc" run "$p.wasm" --dir "$work/wbox::." >"$work/$p.ours" 2>&1); s1=$?
    (cd "$work" && printf 'abc\ndef\n' | "$witc" run "$p.jad.wasm" --dir "$work/wbox::." >"$work/$p.theirs" 2>&1); s2=$?
    if [ $s1 -eq $s2 ] && diff -u "$work/$p.theirs" "$work/$p.ours"; then
      ok "$p: same output with jco's adapter under witc run"
    else
      bad "$p: differs from jco's adapter under witc run (status $s1 vs $s2)"
    fi
  done
fi

# jco run as an oracle, only when jco is already installed
if command -v node >/dev/null && [ -x "$jco" ] && [ -d "$jdir/node_modules/@bytecodealliance/jco" ]; then
  shim="$jdir/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js"
  printf "import { _setPreopens } from '%s';\n_setPreopens({ '.': '%s' });\n" "$shim" "$work/jbox" > "$work/pre.mjs"
  same() {
    local name="$1" input="$2"; shift 2
    local d="$work/cmp-$name"; mkdir -p "$d"
    (cd "$work" && printf '%b' "$input" | FOO=bar "$witc" run "$p.wasm" --dir "$work/wbox::." -- "$@" >"$d/wout" 2>"$d/werr"); local ws=$?
    (cd "$work" && printf '%b' "$input" | FOO=bar "$jco" run --jco-import ./pre.mjs "$p.wasm" "$@" >"$d/jout" 2>"$d/jerr"); local js=$?
    if [ $ws -ne $js ]; then bad "jco oracle $name: exit status witc $ws, jco $js"; cat "$d/jerr"; return; fi
    if ! diff -u "$d/jout" "$d/wout"; then bad "jco oracle $name: stdout differs"; return; fi
    if ! diff -u "$d/jerr" "$d/werr"; then bad "jco oracle $name: stderr differs"; return; fi
    ok "jco oracle $name (status $ws, identical stdout/stderr)"
  }
  p=hello; same hello "" a1 "b 2" wörld
  p=io; same io "one\ntwo\nthree\n"
  [ "$(cat "$work/jbox/out.txt" 2>/dev/null)" = "3 lines" ] && ok "jco oracle io: file written in the preopen" || bad "jco oracle io: file"
  p=exit; same exit-ret-7 "" ret 7
  p=exit; same exit-exit-0 "" exit 0
  p=fs; same fs "abc\ndef\n"
  # fsmore under jco run: compared with jco's adapter on the same host (node's times and ttys
  # differ from witc run's)
  if [ -f "$work/fsmore.jad.wasm" ]; then
    (cd "$work" && "$jco" run --jco-import ./pre.mjs fsmore.wasm >"$work/fm.ours" 2>&1); s1=$?
    (cd "$work" && "$jco" run --jco-import ./pre.mjs fsmore.jad.wasm >"$work/fm.theirs" 2>&1); s2=$?
    [ $s1 -eq $s2 ] && diff -u "$work/fm.theirs" "$work/fm.ours" && ok "jco oracle fsmore: same output as jco's adapter under jco run" \
      || bad "jco oracle fsmore: differs from jco's adapter (status $s1 vs $s2)"
  fi
  # (jco run's stdout loses data when it is a pipe, so it writes to a file here)
  (cd "$work" && "$jco" run cat.wasm < "$work/big.bin" > "$work/big.jco")
  got=$(sha256sum < "$work/big.jco" | cut -d' ' -f1)
  [ "$got" = "$want" ] && ok "jco oracle cat: same checksum" || bad "jco oracle cat: checksum differs"
  (cd "$work" && "$jco" run trap.wasm unreachable >/dev/null 2>&1) && bad "jco run trap succeeded?"
  # our adapter also follows wit-component's adapter conventions: `jco new --adapt` with it
  for p in hello fs; do
    if ! "$jco" new "$work/$p.core.wasm" --adapt "wasi_snapshot_preview1=$adapter" -o "$work/$p.jn.wasm" >/dev/null; then
      bad "jco new $p with our adapter"; continue
    fi
  done
  p=hello.jn; expect jco-new-hello 0 "$work/h.out" "$work/h.err" "" a1 "b 2" wörld
  p=fs.jn; expect jco-new-fs 0 "$work/fs.out" "$work/empty" "abc\ndef\n"
else
  echo "note: jco not installed, no jco oracle"
fi

# measurements: size, and `component new` CPU time per run (user + sys over 50 runs, which is
# steadier than wall time on a busy machine) against jco's adapter when present
cpu_ms() { # ADAPTER OUT: ms of CPU per `component new` of hello
  local TIMEFORMAT='%U %S' t
  t=$( { time for i in $(seq 50); do "$witc" component new "$work/hello.core.wasm" --adapt "wasi_snapshot_preview1=$1" -o "$2"; done; } 2>&1 )
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.1f", (a[1] + a[2]) * 1000 / 50 }'
}
ms=$(cpu_ms "$adapter" "$work/m.wasm")
echo "measure: our adapter $(wc -c < "$adapter") bytes; component new (hello) ${ms} ms CPU; component $(wc -c < "$work/m.wasm") bytes"
if [ -f "$jad" ]; then
  ms=$(cpu_ms "$jad" "$work/mj.wasm")
  echo "measure: jco's adapter $(wc -c < "$jad") bytes; component new (hello) ${ms} ms CPU; component $(wc -c < "$work/mj.wasm") bytes"
fi

echo "$pass passed, $failed failed"
[ $failed -eq 0 ]
