#!/usr/bin/env bash
# Integration tests of `witc release` and `witc versions` on real repositories: a
# project with a bare `origin` remote; tags on either side count for the .N counter.
#   release.sh CASE
set -uo pipefail
WITC=${WITC:?set WITC to the witc binary}
command -v git >/dev/null || { echo "git missing"; exit 77; }
WORK=$(mktemp -d)
DAEMON_PID=
trap '[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
export HOME="$WORK" XDG_CACHE_HOME="$WORK/cache"
export GIT_CONFIG_NOSYSTEM=1
git config --global user.name "Release Tester"
git config --global user.email "release@witc.invalid"
git config --global init.defaultBranch main
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
P="$WORK/proj"
run() { # EXPECTED_EXIT DESCRIPTION args...
  local want=$1 what=$2; shift 2
  (cd "$P" && "$WITC" "$@") >"$WORK/out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then fail "$what: exit $got, expected $want"; sed 's/^/    /' "$WORK/out"; return 1; fi
  ok "$what"
}
expect_out() {
  if grep -qE -- "$1" "$WORK/out"; then ok "$2"; else fail "$2: no /$1/ in output"; sed 's/^/    /' "$WORK/out"; fi
}
state() { git -C "$P" rev-parse HEAD; git -C "$P" tag -l | sort; git -C "$P" status --porcelain; cat "$P"/wit/*.wit; }

setup() {
  mkdir -p "$P/wit"
  cat >"$P/wit/types.wit" <<'W'
/// The app. Mentions my:app@0.1.0-rc-2024-01-01.1 in a doc comment, which stays.
package my:app@0.1.0-rc-2024-01-01.1;

@since(version = 0.1.0-rc-2024-01-01.1)
interface types {
  @since(version = 0.0.9)
  type id = u32;
}

@since(version = 0.1.0-rc-2024-01-01.1)
world app {
  import types;
}
W
  git -C "$P" init -q
  git -C "$P" add -A
  git -C "$P" commit -qm "initial"
  git clone -q --bare "$P" "$WORK/origin.git"
  git -C "$P" remote add origin "$WORK/origin.git"
}

case_clean() {
  setup
  run 0 "release on a clean tree" release --date 2024-05-01 || return
  expect_out 'released 0.1.0-rc-2024-05-01.1' "first rc of the day is .1"
  grep -q '^package my:app@0.1.0-rc-2024-05-01.1;' "$P/wit/types.wit" && ok "package line bumped" || fail "package line"
  [ "$(grep -c '@since(version = 0.1.0-rc-2024-05-01.1)' "$P/wit/types.wit")" = 2 ] && ok "rc @since bumped" || fail "rc @since bumped"
  grep -q '@since(version = 0.0.9)' "$P/wit/types.wit" && ok "stable @since kept" || fail "stable @since kept"
  grep -q 'Mentions my:app@0.1.0-rc-2024-01-01.1 in a doc' "$P/wit/types.wit" && ok "comments untouched" || fail "comments untouched"
  [ "$(git -C "$P" log -1 --format=%s)" = "Release 0.1.0-rc-2024-05-01.1" ] && ok "commit message" || fail "commit message"
  [ "$(git -C "$P" cat-file -t v0.1.0-rc-2024-05-01.1)" = tag ] && ok "annotated tag" || fail "annotated tag"
  git -C "$P" cat-file -p v0.1.0-rc-2024-05-01.1 | grep -q 'release: 0.1.0-rc-2024-05-01.1' && ok "tag message names the version" || fail "tag message"
  [ "$(git -C "$P" rev-parse 'v0.1.0-rc-2024-05-01.1^{commit}')" = "$(git -C "$P" rev-parse HEAD)" ] && ok "tag on the release commit" || fail "tag target"
  [ -z "$(git -C "$P" status --porcelain)" ] && ok "tree clean afterwards" || fail "tree clean afterwards"
  run 0 "second release the same day" release --date 2024-05-01
  expect_out 'released 0.1.0-rc-2024-05-01.2' "counter .2"
  run 0 "--no-tag" release --date 2024-05-02 --no-tag
  git -C "$P" rev-parse -q --verify refs/tags/v0.1.0-rc-2024-05-02.1 >/dev/null && fail "--no-tag made a tag" || ok "--no-tag: no tag"
  [ "$(git -C "$P" log -1 --format=%s)" = "Release 0.1.0-rc-2024-05-02.1" ] && ok "--no-tag committed" || fail "--no-tag committed"
}

case_counter() {
  setup
  local c; c=$(git -C "$P" rev-parse HEAD)
  # remote: rc-DATE (N=0), .1, .2, and a WASI-style -N goof; local: .10 and a stray `show`
  for t in v0.1.0-rc-2024-06-01 v0.1.0-rc-2024-06-01.1 v0.1.0-rc-2024-06-01.2 v0.1.0-rc-2024-06-01-12 \
           v0.1.0-rc-2024-06-02.30 v0.2.0-rc-2024-06-01.40; do
    git --git-dir="$WORK/origin.git" tag "$t" "$c"
  done
  git -C "$P" tag -a v0.1.0-rc-2024-06-01.10 -m "local only"
  git -C "$P" tag show
  run 0 "release counts local and remote tags" release --date 2024-06-01 || return
  expect_out 'released 0.1.0-rc-2024-06-01.13' "N = 1 + max(remote .2, goof -12, local .10)"
  # the remote over git:// from a daemon on 127.0.0.1: its tags count the same way
  if git daemon --help >/dev/null 2>&1; then
    local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$WORK" --export-all "$WORK" >/dev/null 2>&1 &
    DAEMON_PID=$!
    for _ in $(seq 1 100); do git ls-remote "git://127.0.0.1:$port/origin.git" >/dev/null 2>&1 && break; sleep 0.05; done
    git --git-dir="$WORK/origin.git" tag v0.1.0-rc-2024-06-01.20 "$c"
    git -C "$P" remote set-url origin "git://127.0.0.1:$port/origin.git"
    run 0 "release with a git:// remote" release --date 2024-06-01
    expect_out 'released 0.1.0-rc-2024-06-01.21' "git:// remote tag .20 counted"
    kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
    git -C "$P" remote set-url origin "$WORK/origin.git"
  fi
  run 0 "a fresh date starts at .1 (remote-only tags of other dates ignored)" release --date 2024-06-03
  expect_out 'released 0.1.0-rc-2024-06-03.1' "counter restarts"
  run 0 "another base" release --date 2024-06-01 --base 0.2.0
  expect_out 'released 0.2.0-rc-2024-06-01.41' "base 0.2.0 sees the remote .40"
  # only an un-suffixed rc-DATE tag: it counts as .0
  git --git-dir="$WORK/origin.git" tag v0.2.0-rc-2024-07-01 "$c"
  run 0 "rc-DATE without .N counts as 0" release --date 2024-07-01 --base 0.2.0
  expect_out 'released 0.2.0-rc-2024-07-01.1' ".1 after a plain rc-DATE"
}

case_refusals() {
  setup
  local before; before=$(state)
  run 1 "bad date" release --date 2024-02-30
  expect_out 'not a date' "bad date says so"
  run 1 "bad base" release --date 2024-05-01 --base 1.2
  expect_out 'not a semver' "bad base says so"
  run 1 "pre-release base" release --date 2024-05-01 --base 1.2.0-rc
  echo "// edit" >>"$P/wit/types.wit"
  run 1 "dirty work tree" release --date 2024-05-01
  expect_out 'uncommitted changes' "dirty tree says so"
  git -C "$P" checkout -q -- wit/types.wit
  [ "$(state)" = "$before" ] && ok "nothing changed by the refusals" || fail "refusals changed something"
  # invalid WIT before the bump
  sed -i 's/type id = u32;/type id = u32x;/' "$P/wit/types.wit"
  git -C "$P" commit -qam "broken"
  before=$(state)
  run 1 "invalid WIT before the bump" release --date 2024-05-01
  expect_out 'not valid WIT before the bump' "invalid WIT says so"
  [ "$(state)" = "$before" ] && ok "nothing changed" || fail "invalid WIT changed something"
  git -C "$P" revert --no-edit HEAD >/dev/null
  # valid before, invalid after: a stable @since(version = 0.0.9) above the new version
  before=$(state)
  run 1 "invalid WIT after the bump" release --date 2024-05-01 --base 0.0.5
  expect_out 'not valid WIT after the bump' "invalid result says so"
  [ "$(state)" = "$before" ] && ok "files restored, nothing committed" || fail "invalid result changed something"
  # no committer identity: refused before anything is written
  (cd "$P" && HOME="$WORK/nohome" "$WITC" release --date 2024-05-01) >"$WORK/out" 2>&1
  [ $? -eq 1 ] && ok "no committer identity is refused" || { fail "no identity refused"; cat "$WORK/out"; }
  [ "$(state)" = "$before" ] && ok "nothing changed without identity" || fail "identity refusal changed something"
}

case_dry_run() {
  setup
  local before; before=$(state)
  run 0 "dry run" release --date 2024-05-01 --dry-run || return
  expect_out '^-package my:app@0.1.0-rc-2024-01-01.1;' "diff shows the old package line"
  expect_out '^\+package my:app@0.1.0-rc-2024-05-01.1;' "diff shows the new package line"
  expect_out 'tag v0.1.0-rc-2024-05-01.1' "names the tag"
  [ "$(state)" = "$before" ] && ok "dry run wrote nothing" || fail "dry run wrote something"
}

case_versions() {
  setup
  for t in v0.2.0 v0.2.0-rc-2023-10-18.2 v0.2.0-rc-2023-10-18 v0.2.0-rc-2023-10-18.10 \
           v0.2.0-rc-2023-10-18.1 v0.2.0-rc-2023-11-10 show v0.2.1 v0.3.0-rc-2025-09-16-1; do
    git -C "$P" tag "$t"
  done
  git -C "$P" tag -a v0.2.0-rc-2023-12-05 -m "annotated"
  run 0 "versions" versions || return
  awk '{print $1}' "$WORK/out" | grep -v '^witc:' >"$WORK/order"
  printf '%s\n' v0.2.0-rc-2023-10-18 v0.2.0-rc-2023-10-18.1 v0.2.0-rc-2023-10-18.2 v0.2.0-rc-2023-10-18.10 \
    v0.2.0-rc-2023-11-10 v0.2.0-rc-2023-12-05 v0.2.0 v0.2.1 v0.3.0-rc-2025-09-16-1 show >"$WORK/want"
  diff -u "$WORK/want" "$WORK/order" && ok "semver order, non-versions last" || fail "order"
  expect_out '^show .*not a version' "stray tag flagged"
  expect_out 'v0.2.0-rc-2023-12-05 +annotated' "annotated shown"
  expect_out 'counter written -N' "-N counter flagged"
  run 0 "versions PATH" versions "$P"
}

case=${1:?case}
"case_$case"
echo "$([ $FAILS -eq 0 ] && echo PASS || echo FAIL): $case ($FAILS failure(s))"
[ $FAILS -eq 0 ]
