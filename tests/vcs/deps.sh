#!/usr/bin/env bash
# Integration tests of `witc deps`: real repositories in a temp folder, resolved over
# file:// and over git:// from a `git daemon` on 127.0.0.1. One case per invocation:
#   deps.sh CASE   (see the case list at the bottom)
set -uo pipefail
WITC=${WITC:?set WITC to the witc binary}
command -v git >/dev/null || { echo "git missing"; exit 77; }
WORK=$(mktemp -d)
DAEMON_PID=
. "$(dirname "$0")/fixtures.sh"
cleanup() { stop_daemon; rm -rf "$WORK"; }
trap cleanup EXIT
export XDG_CACHE_HOME="$WORK/cache" HOME="$WORK"
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
# run EXPECTED_EXIT DESCRIPTION witc-args... — output in $WORK/out
run() {
  local want=$1 what=$2; shift 2
  (cd "$WORK/app" && "$WITC" "$@") >"$WORK/out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then fail "$what: exit $got, expected $want"; sed 's/^/    /' "$WORK/out"; return 1; fi
  ok "$what"
}
expect_out() { # PATTERN DESCRIPTION
  if grep -qE -- "$1" "$WORK/out"; then ok "$2"; else fail "$2: no /$1/ in output"; sed 's/^/    /' "$WORK/out"; fi
}
lock() { cat "$WORK/app/wit/deps.lock.json"; }

setup() { make_wasi_repos; make_app "file://$WORK/repos/wasi-{name}"; }

case_fresh() {
  setup
  run 0 "fresh sync" deps sync || return
  for d in io clocks random cli filesystem sockets; do
    [ -f "$WORK/app/wit/deps/$d/$(ls "$WORK/repos/wasi-$d/wit" | head -1)" ] || fail "deps/$d vendored"
  done
  [ ! -e "$WORK/app/wit/deps/io/README.md" ] || fail "only *.wit files are written"
  lock | grep -q '"name": "wasi:clocks"' || fail "lock lists wasi:clocks"
  # annotated tag: tag_id recorded and differs from the commit; lightweight: null
  local tid cid
  tid=$(git -C "$WORK/repos/wasi-io" rev-parse v0.2.0)
  cid=$(git -C "$WORK/repos/wasi-io" rev-parse 'v0.2.0^{commit}')
  lock | grep -q "\"tag_id\": \"$tid\"" && ok "annotated tag id in lock" || fail "annotated tag id $tid in lock"
  lock | grep -q "\"commit\": \"$cid\"" && ok "peeled commit in lock" || fail "commit $cid in lock"
  local tree; tree=$(git -C "$WORK/repos/wasi-io" rev-parse 'v0.2.0:wit')
  lock | grep -q "\"tree\": \"$tree\"" && ok "folder tree id in lock" || fail "tree id $tree in lock"
  local blob; blob=$(git -C "$WORK/repos/wasi-io" rev-parse 'v0.2.0:wit/streams.wit')
  lock | grep -q "\"streams.wit\": \"$blob\"" && ok "blob id in lock" || fail "blob id in lock"
  python3 - "$WORK/app/wit/deps.lock.json" <<'PY' && ok "lightweight tag: tag_id null" || fail "lightweight tag_id null"
import json, sys
l = json.load(open(sys.argv[1]))
r = [p for p in l["packages"] if p["name"] == "wasi:random"][0]
sys.exit(0 if r["tag_id"] is None and r["version"] == "0.2.0" and r["tag"] == "v0.2.0" else 1)
PY
  run 0 "check after sync" deps check
  if "$WITC" --help | grep -q '^  check '; then
    run 0 "the vendored tree resolves (witc check wit)" check wit
  fi
  run 0 "tree" deps tree
  expect_out '^my:app@0.1.0' "tree root"
  expect_out 'wasi:clocks@0.2.0  v0.2.0' "tree shows transitive clocks with tag"
  # the lock is deterministic: a second project syncing the same gets the same bytes
  cp -r "$WORK/app" "$WORK/app2"; rm -rf "$WORK/app2/wit/deps" "$WORK/app2/wit/deps.lock.json"
  (cd "$WORK/app2" && "$WITC" deps sync -q) >/dev/null 2>&1
  cmp -s "$WORK/app/wit/deps.lock.json" "$WORK/app2/wit/deps.lock.json" && ok "deterministic lock" || fail "deterministic lock"
}

case_noop() {
  setup
  run 0 "first sync" deps sync || return
  local before; before=$(tree_sum "$WORK/app/wit")
  sleep 1.1
  mv "$WORK/repos" "$WORK/repos.away"   # no network: any fetch would fail
  run 0 "no-op sync without the repositories" deps sync
  expect_out '0 written, 0 removed, 0 fetches' "no-op sync wrote and fetched nothing"
  [ "$(tree_sum "$WORK/app/wit")" = "$before" ] && ok "no-op sync: no byte or mtime changed" || fail "no-op sync touched files"
  run 0 "no-op --locked sync" deps sync --locked
  mv "$WORK/repos.away" "$WORK/repos"
}

case_update() {
  setup
  run 0 "sync at io 0.2.0" deps sync || return
  write_app_world 0.2.1
  run 1 "check sees the new reference" deps check
  expect_out 'wasi:io@0.2.1 .*(no provider|not in)' "check names wasi:io@0.2.1"
  run 1 "--locked refuses to change the lock" deps sync --locked
  expect_out 'would change|not in the lock' "--locked says what would change"
  run 0 "update" deps update || return
  [ -f "$WORK/app/wit/deps/io@0.2.0/streams.wit" ] && [ -f "$WORK/app/wit/deps/io@0.2.1/streams.wit" ] \
    && ok "two versions side by side" || { fail "io@0.2.0 and io@0.2.1 side by side"; ls "$WORK/app/wit/deps"; }
  [ ! -e "$WORK/app/wit/deps/io" ] && ok "old single-version folder removed" || fail "deps/io removed"
  grep -q 'package wasi:io@0.2.1;' "$WORK/app/wit/deps/io@0.2.1/io.wit" && ok "0.2.1 content" || fail "0.2.1 content"
  run 0 "check after update" deps check
  # back to one version: folders return to the plain layout
  write_app_world 0.2.0
  run 0 "sync back to one version" deps sync
  [ -d "$WORK/app/wit/deps/io" ] && [ ! -e "$WORK/app/wit/deps/io@0.2.1" ] && ok "plain layout again" || fail "plain layout again"
  run 0 "check" deps check
}

case_check_edit() {
  setup
  run 0 "sync" deps sync || return
  local before
  echo "// local hack" >>"$WORK/app/wit/deps/io/streams.wit"
  before=$(tree_sum "$WORK/app/wit")
  run 1 "check after a hand edit" deps check
  expect_out 'deps/io/streams.wit: edited' "edit reported with the file"
  run 1 "check --format github" deps check --format github
  expect_out '^::error file=wit/deps/io/streams.wit::' "GitHub annotation on the edited file"
  [ "$(tree_sum "$WORK/app/wit")" = "$before" ] && ok "check wrote nothing" || fail "check wrote something"
  echo "package wasi:io@0.2.0; interface extra {}" >"$WORK/app/wit/deps/io/extra.wit"
  rm "$WORK/app/wit/deps/clocks/wall-clock.wit"
  run 1 "check after add and remove" deps check
  expect_out 'deps/io/extra.wit: added' "added file reported"
  expect_out 'deps/clocks/wall-clock.wit: removed' "removed file reported"
  run 0 "sync repairs" deps sync
  run 0 "check after repair" deps check
  [ ! -e "$WORK/app/wit/deps/io/extra.wit" ] && ok "stray file gone" || fail "stray file gone"
}

case_providers() {
  setup
  run 0 "sync" deps sync || return
  cp -r "$WORK/app/wit/deps/io" "$WORK/app/wit/deps/io-copy"
  run 1 "two providers" deps check
  expect_out 'wasi:io@0.2.0 .*two providers: .*deps/io and .*deps/io-copy' "two providers named"
  rm -rf "$WORK/app/wit/deps/io-copy" "$WORK/app/wit/deps/random"
  run 1 "missing provider" deps check
  expect_out 'wasi:random@0.2.0 \(referenced by .*\) has no provider' "missing provider named"
  expect_out 'deps/random: missing' "missing folder named"
  # a reference nobody provides: sync refuses and names it
  sed -i 's|export run: func();|import foo:bar/baz@1.0.0;\n  export run: func();|' "$WORK/app/wit/world.wit"
  printf '{"packages": {"wasi:*": {"git": "file://%s/repos/wasi-{name}"}}}\n' "$WORK" >"$WORK/app/wit/deps.json"
  run 1 "sync with an unprovided reference" deps sync
  expect_out 'no provider for foo:bar@1.0.0' "sync names the package without provider"
  # a repository that provides another package than the one asked for
  printf '{"packages": {"wasi:*": {"git": "file://%s/repos/wasi-{name}"}, "foo:bar": {"git": "file://%s/repos/wasi-random", "tag": "v0.2.0"}}}\n' "$WORK" "$WORK" >"$WORK/app/wit/deps.json"
  run 1 "sync with a wrong provider" deps sync
  expect_out 'declares package wasi:random@0.2.0, not foo:bar@1.0.0' "wrong package named"
}

case_offline() {
  setup
  run 3 "offline without cache" deps sync --offline
  expect_out 'offline, and .* is not in the cache' "offline failure says why"
  [ ! -e "$WORK/app/wit/deps.lock.json" ] && ok "nothing written" || fail "nothing written"
  run 0 "online sync fills the cache" deps sync || return
  rm -rf "$WORK/app/wit/deps" "$WORK/app/wit/deps.lock.json"
  mv "$WORK/repos" "$WORK/repos.away"
  run 0 "offline sync from the cache" deps sync --offline
  run 0 "check" deps check
  mv "$WORK/repos.away" "$WORK/repos"
}

case_halfway() {
  setup
  run 0 "sync" deps sync || return
  local before; before=$(tree_sum "$WORK/app/wit")
  # io moves to 0.2.1 (fetched and staged), then sockets needs a tag that does not exist
  write_app_world 0.2.1
  sed -i 's/sockets\/network@0.2.0/sockets\/network@9.9.9/' "$WORK/app/wit/world.wit"
  local wsum; wsum=$(tree_sum "$WORK/app/wit/deps")
  run 1 "sync fails on a missing tag" deps sync
  expect_out 'has no tag `v9.9.9`' "missing tag named"
  [ "$(tree_sum "$WORK/app/wit/deps")" = "$wsum" ] && ok "deps/ intact after the failure" || fail "deps/ changed"
  cmp -s <(lock) <(git -C "$WORK" log 2>/dev/null; lock) && true
  ls -a "$WORK/app/wit" | grep -q witc-sync && fail "staging left behind" || ok "no staging left behind"
  write_app_world 0.2.0
  [ "$(tree_sum "$WORK/app/wit")" != "$before" ] || true
  run 0 "check still passes" deps check
}

case_moved() {
  setup
  run 0 "sync" deps sync || return
  local old new
  old=$(git -C "$WORK/repos/wasi-random" rev-parse 'v0.2.0^{commit}')
  commit_wit wasi-random random.wit "package wasi:random@0.2.0;

interface random {
  get-random-bytes: func(len: u64) -> list<u8>;
}"
  git_q -C "$WORK/repos/wasi-random" tag -f v0.2.0
  new=$(git -C "$WORK/repos/wasi-random" rev-parse 'v0.2.0^{commit}')
  rm -rf "$WORK/cache" "$WORK/app/wit/deps/random"
  run 1 "a moved tag is an error" deps sync
  expect_out "moved: the lock has commit $old, the repository now has commit $new" "both commits named"
  run 1 "update of another package still refuses" deps update wasi:clocks
  run 0 "update of that package accepts it" deps update wasi:random
  lock | grep -q "\"commit\": \"$new\"" && ok "lock moved to the new commit" || fail "lock has the new commit"
  run 0 "check" deps check
  run 1 "update of an unknown package" deps update wasi:nope
  expect_out '`wasi:nope` is not among the dependencies' "unknown package named"
}

case_daemon() {
  make_wasi_repos
  command -v git >/dev/null && git daemon --help >/dev/null 2>&1 || { echo "no git daemon"; exit 77; }
  start_daemon || { fail "git daemon"; return; }
  make_app "git://127.0.0.1:$PORT/wasi-{name}"
  run 0 "sync over git://" deps sync || return
  run 0 "check" deps check
  lock | grep -q "\"git\": \"git://127.0.0.1:$PORT/wasi-io\"" && ok "git:// URL in lock" || fail "git:// URL in lock"
  stop_daemon
  run 0 "no-op sync with the daemon stopped" deps sync
  rm -rf "$WORK/app/wit/deps/io"
  run 0 "restore from the cache with the daemon stopped" deps sync
}

case_import() {
  setup
  run 0 "sync" deps sync || return
  cat >"$WORK/app/wit/deps.toml" <<'T'
# wit-deps manifest
io = "https://github.com/WebAssembly/wasi-io/archive/v0.2.0.tar.gz"
clocks = { url = "https://github.com/WebAssembly/wasi-clocks/archive/refs/tags/v0.2.0.tar.gz", prefix = "wasi-clocks-0.2.0/wit" }

[random]
url = "https://github.com/WebAssembly/wasi-random/archive/main.tar.gz"
sha256 = "8698bc1d8b47"
sha512 = "38b9033c581f"

[cli]
url = "https://github.com/WebAssembly/wasi-cli/archive/v0.2.0.tar.gz"
subdir = "wit-0.3.0-draft"
T
  run 0 "import" deps import || return
  python3 - "$WORK/app/wit/deps.json" <<'PY' && ok "imported manifest" || { fail "imported manifest"; cat "$WORK/app/wit/deps.json"; }
import json, sys
p = json.load(open(sys.argv[1]))["packages"]
assert p["wasi:io"] == {"git": "https://github.com/WebAssembly/wasi-io"}, p["wasi:io"]
assert p["wasi:clocks"] == {"git": "https://github.com/WebAssembly/wasi-clocks"}, p["wasi:clocks"]
assert p["wasi:random"] == {"git": "https://github.com/WebAssembly/wasi-random"}, p["wasi:random"]
assert p["wasi:cli"] == {"git": "https://github.com/WebAssembly/wasi-cli", "path": "wit-0.3.0-draft"}, p["wasi:cli"]
PY
  expect_out 'followed the branch `main`' "branch archive noted"
}

case_unversioned() {
  setup
  # a reference without a version takes the manifest's "version" to pick the tag
  sed -i 's|export run: func();|import wasi:random/random;\n  export run: func();|' "$WORK/app/wit/world.wit"
  cat >"$WORK/app/wit/deps.json" <<J
{"packages": {"wasi:*": {"git": "file://$WORK/repos/wasi-{name}"},
              "wasi:random": {"git": "file://$WORK/repos/wasi-random", "version": "0.2.0"}}}
J
  run 0 "sync with an unversioned reference" deps sync || return
  grep -q 'package wasi:random@0.2.0;' "$WORK/app/wit/deps/random/random.wit" && ok "manifest version picked the tag" || fail "random vendored"
  run 0 "check" deps check
  printf '{"packages": {"wasi:*": {"git": "file://%s/repos/wasi-{name}"}}}\n' "$WORK" >"$WORK/app/wit/deps.json"
  rm -rf "$WORK/app/wit/deps" "$WORK/app/wit/deps.lock.json"
  run 1 "no version anywhere" deps sync
  expect_out 'wasi:random \(referenced by .*\) has no version' "says the version is missing"
}

case=${1:?case}
"case_$case"
echo "$([ $FAILS -eq 0 ] && echo PASS || echo FAIL): $case ($FAILS failure(s))"
[ $FAILS -eq 0 ]
