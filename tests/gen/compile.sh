#!/usr/bin/env bash
# Compile check and ABI oracle for `witc bindgen c` (tests/gen/meson.build runs it).
#
# usage: compile.sh compile|oracle
#   compile: for every fixture world, and for each option set (default, utf16, autodrop),
#            generate the bindings and compile W.c and W_component_type.c with clang for
#            wasm32-wasi (Debian wasi-libc) under -std=c11 -Wall -Wextra -Werror
#            -Wc++-compat, and W.h as C++ (and for the host with gcc/g++ -pedantic); the
#            linked reactor must carry the component-type:W custom section.
#   oracle:  link each default set into a reactor that keeps every import, and compare
#            every core import/export with `jco embed --dummy` (tests/gen/abi_oracle.py);
#            then link stub exports (tests/gen/stubs.py) and require `jco new` to accept
#            the module (this covers the async ABI, which the dummy module does not).
# Skips (77) when clang, wasm-ld or wasi-libc are missing, and for `oracle` when jco
# cannot be installed.
set -euo pipefail
mode="${1:-compile}"
root="${WITC_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${WITC_BUILD_ROOT:-$root/build}"
witc="${WITC:-$build/cli/witc}"
command -v clang >/dev/null && command -v clang++ >/dev/null || { echo "skip: clang missing"; exit 77; }
command -v wasm-ld >/dev/null || command -v wasm-ld-14 >/dev/null || { echo "skip: wasm-ld missing"; exit 77; }
[ -f /usr/include/wasm32-wasi/stdlib.h ] || { echo "skip: wasi-libc missing"; exit 77; }

if [ "$mode" = oracle ]; then
  bash "$root/scripts/setup-jco.sh" >/dev/null 2>&1 || { echo "skip: jco cannot be installed"; exit 77; }
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# a private sysroot, so a header missing from wasi-libc never resolves to glibc's
sys="$(bash "$root/scripts/wasi-sysroot.sh" "$work/sysroot")" || { echo "skip: clang/wasi-libc missing"; exit 77; }
CFLAGS=(--target=wasm32-wasi "--sysroot=$sys" -std=c11 -Wall -Wextra -Werror -Wc++-compat)

# fixtures: NAME PATH [WORLD]; each PATH holds one world (jco embed ignores --world-name)
mkdir -p "$work/cmd/deps"
cat >"$work/cmd/world.wit" <<'WIT'
package test:cmd;
world command { include wasi:cli/command@0.2.12; }
WIT
mkdir -p "$work/cmd/deps/cli"
cp "$root"/wit-fixtures/wasi-cli/*.wit "$work/cmd/deps/cli/"
cp -r "$root"/wit-fixtures/wasi-cli/deps/* "$work/cmd/deps/"
fixtures=()
# tests/gen/wit/: single .wit files, and package directories (with deps/)
for f in "$root"/tests/gen/wit/*; do fixtures+=("$(basename "$f" .wit)=$f"); done
fixtures+=("demo=$root/wit-fixtures/demo" "wasi-command=$work/cmd")

fail=0
if [ "$mode" = compile ]; then
  # the templates are real C: each compiles alone
  for t in "$root"/templates/*.c; do
    if clang "${CFLAGS[@]}" -c "$t" -o "$work/tpl.o"; then echo "ok   template $(basename "$t")"
    else echo "FAIL template $(basename "$t")"; fail=1; fi
  done
fi
for fx in "${fixtures[@]}"; do
  name="${fx%%=*}"; path="${fx#*=}"
  if [ "$mode" = compile ]; then
    sets=("default:" "utf16:--string-encoding utf16" "autodrop:--autodrop-borrows yes" "nosig:--no-sig-flattening")
  else
    sets=("default:")
    # the async functions through the sync ABI (allowed for async function types): the
    # dummy module's signatures then apply to every function
    [ "$name" = async ] && sets+=("syncabi:--async=-all")
  fi
  for s in "${sets[@]}"; do
    tag="${s%%:*}"; opts="${s#*:}"
    out="$work/$name-$tag"
    # shellcheck disable=SC2086
    if ! "$witc" bindgen c $opts --out-dir "$out" "$path"; then
      echo "FAIL $name/$tag: generation"; fail=1; continue
    fi
    h="$(ls "$out"/*.h)"; w="$(basename "$h" .h)"
    if [ "$mode" = compile ]; then
      ok=1
      for c in "$out"/*.c; do clang "${CFLAGS[@]}" -c "$c" -o "${c%.c}.o" || ok=0; done
      clang++ --target=wasm32-wasi "--sysroot=$sys" -x c++ -fsyntax-only -Wall -Wextra -Werror "$h" || ok=0
      # the header is plain C/C++: it also compiles for the host (tools, host-side tests)
      if command -v gcc >/dev/null; then
        gcc -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c "$h" || ok=0
        g++ -std=c++17 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c++ "$h" || ok=0
      fi
      if [ $ok = 1 ]; then
        clang --target=wasm32-wasi "--sysroot=$sys" -mexec-model=reactor -Wl,--allow-undefined \
          "$out/$w.o" "$out/${w}_component_type.o" -o "$out/$w.wasm" || ok=0
      fi
      if [ $ok = 1 ] && ! wasm-objdump -h "$out/$w.wasm" | grep -q "\"component-type:$w\""; then
        echo "FAIL $name/$tag: no component-type:$w section after linking"; ok=0
      fi
      [ $ok = 1 ] && echo "ok   $name/$tag" || { echo "FAIL $name/$tag"; fail=1; }
    else
      python3 "$root/tests/gen/uses.py" "$h" "$out/uses.c"
      clang --target=wasm32-wasi "--sysroot=$sys" -O1 -mexec-model=reactor -Wl,--allow-undefined \
        "$out/$w.c" "$out/${w}_component_type.c" "$out/uses.c" -I "$out" -o "$out/ours.wasm"
      if ! (cd "$(dirname "$path")" && "$root/scripts/jco" embed --dummy --wit "$path" -o "$out/dummy.wasm") \
          >"$out/jco.log" 2>&1; then
        cat "$out/jco.log"; echo "FAIL $name: jco embed --dummy"; fail=1; continue
      fi
      python3 "$root/tests/gen/abi_oracle.py" "$out/ours.wasm" "$out/dummy.wasm" || fail=1
      # componentize: stub exports + every import kept; wit-component (in jco) validates every
      # core name and signature, async ones included, against the embedded world
      python3 "$root/tests/gen/stubs.py" "$h" "$out/stubs.c"
      clang --target=wasm32-wasi "--sysroot=$sys" -O1 -mexec-model=reactor -I "$out" \
        "$out/$w.c" "$out/${w}_component_type.c" "$out/uses.c" "$out/stubs.c" -o "$out/full.wasm"
      if "$root/scripts/jco" new "$out/full.wasm" -o "$out/component.wasm" >"$out/new.log" 2>&1; then
        echo "ok   $name: jco new accepts the module ($(wasm-objdump -x -j Import "$out/full.wasm" | grep -c ' <- ') imports)"
      else
        cat "$out/new.log"; echo "FAIL $name: jco new"; fail=1
      fi
    fi
  done
done
exit $fail
