#!/usr/bin/env bash
# Regenerates the component test data in this folder from src/:
#   hello.wasm  — a wasi-libc command (printf, getenv) componentized with jco's
#                 shipped preview1 command adapter (4 core modules, 1 nested component)
#   demo.wasm   — a dummy reactor for src/demo (resources, records, variants, `use`,
#                 inline interfaces, world functions), from `jco embed --dummy` + `jco new`
#   types.wasm  — a dummy reactor for src/types (every named type form in inline interfaces)
#   world.wasm  — a dummy reactor for src/world (world-level use, types, resources, async types)
#   utf16.wasm  — src/demo again, embedded with --string-encoding utf16
#   proxy.wasm  — a dummy for src/proxy: wasi:http/proxy plus sockets and filesystem, and an
#                 exported inline interface using WASI resources; the WASI 0.2.12 WIT comes
#                 from jco's lib/wit/builtin at generation time
#   reactor.wasm — a wasi-libc reactor (stdio + clocks in a constructor) with jco's shipped
#                 preview1 reactor adapter
#   *.wit       — `jco wit` of each, the expected output of `witc component wit`
# Needs clang (Debian clang 14) with wasi-libc, and jco 1.35.0 installed outside the repo:
#   npm install --prefix /tmp/jco @bytecodealliance/jco@1.35.0 @bytecodealliance/preview2-shim@0.26.0
# JCO=/path/to/jco overrides the jco binary.
set -euo pipefail
cd "$(dirname "$0")"
JCO=${JCO:-/tmp/jco/node_modules/.bin/jco}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-debug src/hello.c -o "$tmp/hello.core.wasm"
"$JCO" new "$tmp/hello.core.wasm" --wasi-command -o hello.wasm

clang --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -Wl,--strip-debug src/reactor.c \
  -o "$tmp/reactor.core.wasm"
"$JCO" new "$tmp/reactor.core.wasm" --wasi-reactor -o reactor.wasm

for w in demo types world; do
  "$JCO" embed --dummy --wit "src/$w" -o "$tmp/$w.embed.wasm"
  "$JCO" new "$tmp/$w.embed.wasm" -o "$w.wasm"
done
"$JCO" embed --dummy --string-encoding utf16 --wit src/demo -o "$tmp/utf16.embed.wasm"
"$JCO" new "$tmp/utf16.embed.wasm" -o utf16.wasm

mkdir -p "$tmp/proxy/deps"
cp src/proxy/proxy.wit "$tmp/proxy/"
cp -r "$(dirname "$(readlink -f "$JCO")")/../lib/wit/builtin/0.2.12/"* "$tmp/proxy/deps/"
"$JCO" embed --dummy --wit "$tmp/proxy" -o "$tmp/proxy.embed.wasm"
"$JCO" new "$tmp/proxy.embed.wasm" -o proxy.wasm

for w in hello reactor demo types world utf16 proxy; do
  "$JCO" wit "$w.wasm" -o "$w.wit"
done
ls -l ./*.wasm ./*.wit
