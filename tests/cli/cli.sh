#!/usr/bin/env bash
# Behaviour of `witc check|resolve|print` as a user sees it: exit codes (0 ok, 1 bad
# input, 2 usage, 3 I/O), --help, unknown flags, the json and github diagnostic
# formats, features, and --out-dir.
set -uo pipefail
: "${WITC:?}" "${WITC_SOURCE_ROOT:?}"
cd "$WITC_SOURCE_ROOT" || exit 1
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

expect() { # expect CODE DESCRIPTION -- CMD...
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $what: exit $rc, expected $want ($*)"; sed 's/^/  | /' "$tmp/err" | head -20; fail=1
  fi
}
has() { # has FILE REGEX DESCRIPTION
  grep -Eq -- "$2" "$1" || { echo "FAIL $3: /$2/ not in output"; sed 's/^/  | /' "$1" | head -20; fail=1; }
}

for cmd in check resolve print; do
  expect 0 "$cmd --help" -- "$WITC" "$cmd" --help
  has "$tmp/out" "usage: witc $cmd" "$cmd --help text"
  expect 2 "$cmd unknown flag" -- "$WITC" "$cmd" --no-such-flag wit-fixtures/wasi-io
  has "$tmp/err" "unknown option" "$cmd unknown flag message"
  expect 2 "$cmd without PATH" -- "$WITC" "$cmd"
  expect 3 "$cmd missing path" -- "$WITC" "$cmd" "$tmp/does-not-exist"
  expect 2 "$cmd --features without value" -- "$WITC" "$cmd" wit-fixtures/wasi-io --features
done
expect 0 "witc --help" -- "$WITC" --help
for cmd in check resolve print; do has "$tmp/out" "^  $cmd " "witc --help lists $cmd"; done
expect 2 "check --format bogus" -- "$WITC" check --format bogus wit-fixtures/wasi-io
expect 2 "check --color bogus" -- "$WITC" check --color bogus wit-fixtures/wasi-io

# every good fixture checks clean, alone and all at once
good=(wit-fixtures/wasi-io wit-fixtures/wasi-clocks wit-fixtures/wasi-random
      wit-fixtures/wasi-filesystem wit-fixtures/wasi-cli wit-fixtures/demo)
for d in "${good[@]}"; do
  expect 0 "check $d" -- "$WITC" check "$d"
  has "$tmp/out" "^$d: ok: " "check $d summary"
  expect 0 "check --all-features $d" -- "$WITC" check --all-features "$d"
done
expect 0 "check several paths" -- "$WITC" check -q "${good[@]}"
[ -s "$tmp/out" ] && { echo "FAIL check -q printed something"; fail=1; }
# one bad path among good ones: exit 1, the good ones still reported
expect 1 "check good+bad" -- "$WITC" check wit-fixtures/wasi-io wit-fixtures/bad/resolve-unknown-types.wit
has "$tmp/out" "^wit-fixtures/wasi-io: ok" "good path still checked"

# diagnostics in three formats from one list
bad=wit-fixtures/bad/resolve-unknown-types.wit
expect 1 "check text" -- "$WITC" check --color never "$bad"
has "$tmp/err" "^$bad:5:11: error: " "text location"
has "$tmp/err" "\\^" "text caret"
expect 1 "check --format json" -- "$WITC" check --format json "$bad"
python3 - "$tmp/out" <<'PY' || { echo "FAIL json records"; fail=1; }
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(recs) >= 1, recs
if len(recs) < 2:
    print('note: only the first of two resolver errors is reported')
for r in recs:
    assert {"severity", "file", "line", "column", "message"} <= set(r), r
assert recs[0]["line"] == 5 and recs[0]["column"] == 11, recs[0]
PY
# the resolver reports every error it can, not just the first
many=wit-fixtures/bad/resolve-many-errors.wit
expect 1 "check several errors" -- "$WITC" check --format json "$many"
[ "$(grep -c '"severity"' "$tmp/out")" -ge 3 ] || { echo "FAIL $many: fewer than 3 errors reported"; cat "$tmp/out"; fail=1; }
expect 1 "check --format github" -- "$WITC" check --format github "$bad"
has "$tmp/out" "^::error file=$bad,line=5,col=11" "github annotation"
expect 1 "check --color always" -- "$WITC" check --color always "$bad"
has "$tmp/err" $'\x1b\\[' "colour escape"

# features: the unstable timezone interface appears only when enabled
expect 0 "resolve without features" -- "$WITC" resolve --json wit-fixtures/wasi-clocks
grep -q '"timezone"' "$tmp/out" && { echo "FAIL timezone without feature"; fail=1; }
expect 0 "resolve --features" -- "$WITC" resolve --json --features clocks-timezone wit-fixtures/wasi-clocks
has "$tmp/out" '"timezone"' "timezone with --features"
expect 0 "resolve --features=a,b" -- "$WITC" resolve --features=x,clocks-timezone wit-fixtures/wasi-clocks
has "$tmp/out" '"timezone"' "timezone with --features=x,clocks-timezone"
expect 0 "resolve --all-features" -- "$WITC" resolve --all-features wit-fixtures/wasi-clocks
has "$tmp/out" '"timezone"' "timezone with --all-features"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert list(d)==["worlds","interfaces","types","packages"]' \
  "$tmp/out" || { echo "FAIL resolve JSON shape"; fail=1; }

# print: the root package only by default; --all adds nested blocks; --out-dir layout
expect 0 "print" -- "$WITC" print wit-fixtures/wasi-cli
has "$tmp/out" "^package wasi:cli@0.2.12;" "print header"
has "$tmp/out" "^world command \\{" "print command world"
grep -q "^package wasi:io" "$tmp/out" && { echo "FAIL print includes deps without --all"; fail=1; }
expect 0 "print --all" -- "$WITC" print --all wit-fixtures/wasi-cli
has "$tmp/out" "^package wasi:io@0.2.12 \\{" "print --all nested package"
expect 0 "print --out-dir" -- "$WITC" print --out-dir "$tmp/od" wit-fixtures/wasi-cli
for f in cli.wit deps/io.wit deps/clocks.wit deps/random.wit deps/filesystem.wit; do
  [ -f "$tmp/od/$f" ] || { echo "FAIL --out-dir: $f missing"; ls -R "$tmp/od"; fail=1; }
done
expect 0 "check the --out-dir result" -- "$WITC" check "$tmp/od"
expect 2 "print --all --out-dir" -- "$WITC" print --all --out-dir "$tmp/x" wit-fixtures/wasi-io
expect 1 "print bad input" -- "$WITC" print wit-fixtures/bad/resolve-unknown-types.wit
expect 0 "print --no-docs" -- "$WITC" print --no-docs wit-fixtures/demo
grep -q '///' "$tmp/out" && { echo "FAIL --no-docs printed docs"; fail=1; }

# the WASI fixtures' vendored deps/ copies are identical to the packages they copy
for pair in wasi-cli/deps/io:wasi-io wasi-cli/deps/clocks:wasi-clocks wasi-cli/deps/random:wasi-random \
            wasi-cli/deps/filesystem:wasi-filesystem wasi-filesystem/deps/io:wasi-io \
            wasi-filesystem/deps/clocks:wasi-clocks wasi-clocks/deps/io:wasi-io demo/deps/io:wasi-io; do
  a=wit-fixtures/${pair%%:*} b=wit-fixtures/${pair##*:}
  for f in "$b"/*.wit; do
    cmp -s "$f" "$a/$(basename "$f")" || { echo "FAIL $a/$(basename "$f") differs from $f"; fail=1; }
  done
done

[ "$fail" -eq 0 ] && echo "cli behaviour: all checks passed"
exit $fail
