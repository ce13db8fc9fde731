# Sourced by tests/vcs/*.sh and bench/deps.sh: builds real git repositories shaped like
# the WASI proposal repos (wit/ folder, annotated and lightweight tags, transitive
# references) and a consumer project. Needs git; callers set WORK (a temp folder).

git_q() { git -c init.defaultBranch=main -c user.name=witc-test -c user.email=test@witc.invalid \
  -c commit.gpgsign=false -c tag.gpgsign=false "$@" >/dev/null 2>&1; }

# make_repo NAME — an empty repository at $WORK/repos/NAME
make_repo() {
  mkdir -p "$WORK/repos/$1"
  git_q -C "$WORK/repos/$1" init
}

# commit_wit NAME FILE CONTENT — writes wit/FILE and commits everything
commit_wit() {
  mkdir -p "$WORK/repos/$1/wit"
  printf '%s\n' "$3" >"$WORK/repos/$1/wit/$2"
  git_q -C "$WORK/repos/$1" add -A
  git_q -C "$WORK/repos/$1" commit -m "wit: $2"
}

# tag NAME TAG [annotated] — tags HEAD
tag() {
  if [ "${3:-}" = annotated ]; then
    git_q -C "$WORK/repos/$1" tag -a "$2" -m "Tag release candidate for $2"
  else
    git_q -C "$WORK/repos/$1" tag "$2"
  fi
}

io_wit() { # version
  cat <<W
package wasi:io@$1;

interface error {
  resource error {
    to-debug-string: func() -> string;
  }
}

interface poll {
  resource pollable {
    ready: func() -> bool;
  }
  poll: func(in: list<borrow<pollable>>) -> list<u32>;
}
W
}

streams_wit() { # version
  cat <<W
package wasi:io@$1;

interface streams {
  use error.{error};
  use poll.{pollable};
  resource input-stream {
    read: func(len: u64) -> result<list<u8>, stream-error>;
    subscribe: func() -> pollable;
  }
  variant stream-error {
    last-operation-failed(error),
    closed,
  }
}
W
}

# make_wasi_repos — wasi-io (0.2.0 annotated, 0.2.1 lightweight), wasi-clocks 0.2.0
# (refs io 0.2.0), wasi-random 0.2.0, wasi-cli 0.2.0 (refs io, clocks, random),
# wasi-filesystem 0.2.0 (refs io, clocks), wasi-sockets 0.2.0 (refs io, clocks).
make_wasi_repos() {
  make_repo wasi-io
  commit_wit wasi-io io.wit "$(io_wit 0.2.0)"
  commit_wit wasi-io streams.wit "$(streams_wit 0.2.0)"
  printf '# wasi-io\n' >"$WORK/repos/wasi-io/README.md"
  git_q -C "$WORK/repos/wasi-io" add -A
  git_q -C "$WORK/repos/wasi-io" commit -m readme
  tag wasi-io v0.2.0 annotated
  commit_wit wasi-io io.wit "$(io_wit 0.2.1)"
  commit_wit wasi-io streams.wit "$(streams_wit 0.2.1)"
  tag wasi-io v0.2.1

  make_repo wasi-clocks
  commit_wit wasi-clocks monotonic-clock.wit "package wasi:clocks@0.2.0;

interface monotonic-clock {
  use wasi:io/poll@0.2.0.{pollable};
  type instant = u64;
  now: func() -> instant;
  subscribe-duration: func(when: u64) -> pollable;
}"
  commit_wit wasi-clocks wall-clock.wit "package wasi:clocks@0.2.0;

interface wall-clock {
  record datetime { seconds: u64, nanoseconds: u32 }
  now: func() -> datetime;
}"
  tag wasi-clocks v0.2.0 annotated

  make_repo wasi-random
  commit_wit wasi-random random.wit "package wasi:random@0.2.0;

interface random {
  get-random-bytes: func(len: u64) -> list<u8>;
  get-random-u64: func() -> u64;
}"
  tag wasi-random v0.2.0

  make_repo wasi-cli
  commit_wit wasi-cli environment.wit "package wasi:cli@0.2.0;

interface environment {
  get-environment: func() -> list<tuple<string, string>>;
}"
  commit_wit wasi-cli stdio.wit "package wasi:cli@0.2.0;

interface stdout {
  use wasi:io/streams@0.2.0.{input-stream};
  get-stdin: func() -> input-stream;
}

world imports {
  import wasi:clocks/wall-clock@0.2.0;
  import wasi:random/random@0.2.0;
  import environment;
  import stdout;
}"
  tag wasi-cli v0.2.0 annotated

  make_repo wasi-filesystem
  commit_wit wasi-filesystem types.wit "package wasi:filesystem@0.2.0;

interface types {
  use wasi:io/streams@0.2.0.{input-stream};
  use wasi:clocks/wall-clock@0.2.0.{datetime};
  resource descriptor {
    read-via-stream: func(offset: u64) -> input-stream;
    stat: func() -> datetime;
  }
}"
  tag wasi-filesystem v0.2.0

  make_repo wasi-sockets
  commit_wit wasi-sockets network.wit "package wasi:sockets@0.2.0;

interface network {
  use wasi:io/poll@0.2.0.{pollable};
  use wasi:clocks/monotonic-clock@0.2.0.{instant};
  resource network {
    subscribe: func() -> pollable;
    created: func() -> instant;
  }
}"
  tag wasi-sockets v0.2.0 annotated
}

# make_app URL_PATTERN [IO_VERSION] — the consumer at $WORK/app: wit/world.wit and
# wit/deps.json with a namespace entry for wasi:*
make_app() {
  mkdir -p "$WORK/app/wit"
  write_app_world "${2:-0.2.0}"
  printf '{\n  "packages": {\n    "wasi:*": {"git": "%s"}\n  }\n}\n' "$1" >"$WORK/app/wit/deps.json"
}

write_app_world() { # io version
  cat >"$WORK/app/wit/world.wit" <<W
package my:app@0.1.0;

world app {
  import wasi:cli/environment@0.2.0;
  import wasi:io/streams@$1;
  import wasi:filesystem/types@0.2.0;
  import wasi:sockets/network@0.2.0;
  export run: func();
}
W
}

# tree_sum DIR — a digest of every file's path, content and mtime under DIR
tree_sum() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 stat -c '%n %Y.%y %s' && find . -type f -print0 | sort -z | xargs -0 cat) | sha256sum | cut -d' ' -f1
}

# free_port — an unused TCP port on 127.0.0.1
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_daemon — serves $WORK/repos over git:// on 127.0.0.1:$PORT; sets DAEMON_PID.
# A port taken between choosing and binding it is retried with another.
start_daemon() {
  local attempt
  for attempt in 1 2 3; do
    PORT=$(free_port)
    git daemon --reuseaddr --listen=127.0.0.1 --port="$PORT" --base-path="$WORK/repos" \
      --export-all --informative-errors "$WORK/repos" >"$WORK/daemon.log" 2>&1 &
    DAEMON_PID=$!
    for _ in $(seq 1 100); do
      if git ls-remote "git://127.0.0.1:$PORT/wasi-io" >/dev/null 2>&1; then return 0; fi
      kill -0 "$DAEMON_PID" 2>/dev/null || break
      sleep 0.05
    done
    stop_daemon
  done
  echo "git daemon did not start"; cat "$WORK/daemon.log"; return 1
}

stop_daemon() {
  if [ -n "${DAEMON_PID:-}" ]; then
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=
  fi
}
