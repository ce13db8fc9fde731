#!/usr/bin/env bash
# A wasi-libc command (cmd.c) + jco's shipped preview1 command adapter, both through wasm2c,
# wired by host.c + generated glue onto libwitrt: checks stdout, stderr, exit status and the
# file written through a preopen, against fixed expectations and (when jco and node are
# installed) against `jco run` of the same program componentized with `jco new`.
# Usage: run.sh LIBWITRT_A LIBWITRT_W2C_A. Skips (77) when a tool is missing.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="$1"; libw2c="$2"
src="${WITC_SOURCE_ROOT:-$here/../../..}"
jdir="${WITC_JCO_DIR:-$src/.tools/jco}"
adapter="$jdir/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm"
skip() { echo "SKIP: $*"; exit 77; }
[ -f "$adapter" ] || skip "jco's preview1 adapter not installed (scripts/setup-jco.sh)"
[ -f /usr/include/wasm32-wasi/stdio.h ] || skip "wasi-libc not installed"
for t in clang wasm-ld wasm2c python3 cc; do command -v $t >/dev/null || skip "$t missing"; done
[ -f /usr/src/wasm2c/wasm-rt-impl.h ] || skip "wasm2c runtime sources missing"

w="$(mktemp -d)"
trap 'rm -rf "$w"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$w" || exit 1
clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-debug "$here/cmd.c" -o cmd.wasm || fail "clang"
wasm2c --no-debug-names cmd.wasm -n main -o main_w2c.c || fail "wasm2c main"
wasm2c --no-debug-names "$adapter" -n adapter -o adapter_w2c.c || fail "wasm2c adapter"
python3 "$here/gen_glue.py" main_w2c.h adapter_w2c.h glue.inc || fail "gen_glue"
cc -O1 -w -c main_w2c.c -I/usr/src/wasm2c -o main.o || fail "cc main"
cc -O1 -w -c adapter_w2c.c -I/usr/src/wasm2c -o adapter.o || fail "cc adapter"
cc -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -I. \
  -I"$src/runtime-support" -I/usr/src/wasm2c "$here/host.c" main.o adapter.o "$libw2c" "$lib" \
  -lwasm-rt-impl -lm -o host || fail "cc host"

mkdir box
echo "some input" | env -i FOO=bar ./host box a1 b2 > out.txt 2> err.txt
status=$?
cat > want.txt <<'OUT'
argc=3
argv[0]=cmd.component
argv[1]=a1
argv[2]=b2
FOO=bar
clock ok=1
stdin: some input
file: written by the guest
escape refused
OUT
[ $status -eq 0 ] || { cat err.txt; fail "exit status $status"; }
diff -u want.txt out.txt || fail "stdout differs"
[ "$(cat err.txt)" = "to stderr" ] || fail "stderr: $(cat err.txt)"
[ "$(cat box/out.txt)" = "written by the guest" ] || fail "file not written in the preopen"
[ ! -e escape.txt ] || fail "the guest escaped its preopen"

# directories, metadata, rename/unlink/rmdir, sleep (poll on a timer), random
./host box fs > fs.txt 2>&1 || { cat fs.txt; fail "fs mode exit status"; }
cat > want_fs.txt <<'OUT'
size=5 dir=0
entry b.txt
entry c.txt
stat missing: -1
stat outside: -1
rmdir=0
slept>=20ms: 1
random=0
OUT
diff -u want_fs.txt fs.txt || fail "fs mode output"
[ -z "$(ls box | grep -v out.txt)" ] || fail "fs mode left files behind"

./host box fail > /dev/null 2>&1
[ $? -eq 1 ] || fail "main returning 7 must exit with status 1 (WASI 0.2 exit is ok/err)"

# 16 MiB through stdin → stdout, byte for byte
head -c 16777216 /dev/urandom > big.bin
./host box cat < big.bin > big.out || fail "cat exit status"
cmp -s big.bin big.out || fail "streamed bytes differ"

jco="$jdir/node_modules/.bin/jco"
if [ -x "$jco" ] && command -v node >/dev/null; then
  shim="$jdir/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js"
  mkdir jbox
  printf "import { _setPreopens } from '%s';\n_setPreopens({ '.': '%s' });\n" "$shim" "$w/jbox" > pre.mjs
  if "$jco" new cmd.wasm --wasi-command -o cmd.component.wasm > /dev/null 2>&1; then
    echo "some input" | env -i PATH="$PATH" FOO=bar "$jco" run --jco-import ./pre.mjs cmd.component.wasm a1 b2 > jout.txt 2> jerr.txt
    jstatus=$?
    [ $jstatus -eq $status ] || fail "jco run exit status $jstatus, witrt $status"
    diff -u jout.txt out.txt || fail "stdout differs from jco run"
    diff -u jerr.txt err.txt || fail "stderr differs from jco run"
    "$jco" run --jco-import ./pre.mjs cmd.component.wasm fs > jfs.txt 2>&1 || fail "jco run fs"
    diff -u jfs.txt fs.txt || fail "fs mode differs from jco run"
    echo "jco run: identical stdout, stderr and exit status"
  else
    echo "note: jco new failed; jco comparison skipped"
  fi
fi
echo "PASS"
