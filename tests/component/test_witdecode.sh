#!/usr/bin/env bash
# Binary WIT packages (component/wit_decode.c through the loader): every fixture package
# written by `witc print --wasm` reads back (as PATH and from deps/) to the same package —
# the same normalized WIT (docs and @since/@unstable from package-docs included) and the
# same Resolve JSON for the root package, and the same binary again; a dependency given as .wasm in
# deps/ resolves; `.wat` is a clear error; the conformance case kinds-of-deps (with its
# d.wat replaced by the equivalent d.wasm) matches wit-parser's Resolve when the suite is
# present.
set -u
root="$WITC_SOURCE_ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
for d in "$root"/wit-fixtures/demo "$root"/wit-fixtures/wasi-*; do
  b=$(basename "$d")
  "$WITC" print --wasm "$d" > "$tmp/$b.wasm" || { bad "$b: print --wasm"; continue; }
  "$WITC" print "$d" > "$tmp/$b.a.wit" || { bad "$b: print"; continue; }
  "$WITC" print "$tmp/$b.wasm" > "$tmp/$b.b.wit" 2> "$tmp/$b.err" || { bad "$b: reading the .wasm: $(head -3 "$tmp/$b.err")"; continue; }
  diff -u "$tmp/$b.a.wit" "$tmp/$b.b.wit" | head -20; cmp -s "$tmp/$b.a.wit" "$tmp/$b.b.wit" || bad "$b: the package read back differs"
  # the binary again from the decoded package: byte-identical
  "$WITC" print --wasm "$tmp/$b.wasm" > "$tmp/$b.2.wasm" || bad "$b: print --wasm of the .wasm"
  cmp -s "$tmp/$b.wasm" "$tmp/$b.2.wasm" || bad "$b: print --wasm of the read-back package differs"
  # the root package's Resolve JSON is the same read from text or binary
  "$WITC" resolve --json "$d" > "$tmp/$b.a.json" && "$WITC" resolve --json "$tmp/$b.wasm" > "$tmp/$b.b.json" || { bad "$b: resolve --json"; continue; }
  python3 - "$root/../shared/conformance" "$tmp/$b.a.json" "$tmp/$b.b.json" <<'PY' || bad "$b: Resolve JSON of the root package differs"
import json, sys
sys.path.insert(0, sys.argv[1])
try:
    import canon_resolve
except ImportError:
    sys.exit(0)  # the conformance tools are absent: the WIT comparison above stands
def root(path):
    doc = json.load(open(path))
    c = canon_resolve.canon(doc)
    name = doc['packages'][-1]['name']
    pick = lambda m: {k: v for k, v in m.items() if k.startswith(name + '/')}
    return c['packages'][name], pick(c['interfaces']), pick(c['worlds'])
a, b = root(sys.argv[2]), root(sys.argv[3])
for what, x, y in zip(('package', 'interfaces', 'worlds'), a, b):
    if x != y:
        for k in sorted(set(x) | set(y)):
            if x.get(k) != y.get(k):
                print(what, k, json.dumps(x.get(k))[:300], '!=', json.dumps(y.get(k))[:300])
                break
        sys.exit(1)
PY
done
# a .wasm dependency in deps/
mkdir -p "$tmp/user/deps"
cp "$tmp/wasi-io.wasm" "$tmp/user/deps/io.wasm"
cat > "$tmp/user/u.wit" <<'WIT'
package ex:user;
interface u {
  use wasi:io/streams@0.2.12.{output-stream};
  write: func(s: borrow<output-stream>);
}
world w { import u; }
WIT
if [ -f "$tmp/wasi-io.wasm" ]; then
  "$WITC" check "$tmp/user" > "$tmp/user.out" 2>&1 || bad "package with deps/io.wasm: $(cat "$tmp/user.out")"
fi
# .wat
cp -r "$tmp/user" "$tmp/wat" && printf '(component)\n' > "$tmp/wat/deps/x.wat"
"$WITC" check "$tmp/wat" > "$tmp/wat.out" 2>&1
[ $? -eq 1 ] && grep -q '(.wat) is not supported' "$tmp/wat.out" || bad ".wat: $(cat "$tmp/wat.out")"
# not a WIT package
printf '\0asm\x01\0\0\0' > "$tmp/core.wasm"
"$WITC" resolve --json "$tmp/core.wasm" > /dev/null 2> "$tmp/core.err"
[ $? -eq 1 ] && grep -q "not a WIT package" "$tmp/core.err" || bad "core module as PATH: $(cat "$tmp/core.err")"
# kinds-of-deps
ui="$root/../shared/conformance/wit-parser-ui/crates/wit-parser/tests/ui"
if [ -d "$ui/kinds-of-deps" ]; then
  cp -r "$ui/kinds-of-deps" "$tmp/kod"
  rm "$tmp/kod/deps/d.wat"
  printf 'package d:d;\ninterface d {}\n' > "$tmp/d.wit"
  "$WITC" print --wasm "$tmp/d.wit" > "$tmp/kod/deps/d.wasm"
  "$WITC" resolve --json "$tmp/kod" > "$tmp/kod.json" || bad "kinds-of-deps (d.wasm): rejected"
  python3 "$root/../shared/conformance/canon_resolve.py" "$tmp/kod.json" "$ui/kinds-of-deps.wit.json" || bad "kinds-of-deps: Resolve differs"
else
  echo "SKIP: kinds-of-deps (conformance suite absent)"
fi
[ $fail = 0 ] && echo "test_witdecode: all passed"
exit $fail
