#!/usr/bin/env bash
# Conformance against wit-parser's and wit-component's own test corpus
# (../shared/conformance): runs the scorer on the ui suite (`witc resolve --json
# --features active`, 222 cases that need no wasm decoding) and on the interfaces suite
# (`witc print`), prints the scores, and fails unless accept/reject agreement is total,
# Resolve JSON is canonically equal on >= 95% of accepted cases, the expected LINE:COL
# shows up for >= 90% of located rejects, and >= 90% of printed interfaces match.
# Skips (77) when the corpus is absent.
set -uo pipefail
: "${WITC:?}" "${WITC_SOURCE_ROOT:?}"
conf=${WITC_CONFORMANCE:-$WITC_SOURCE_ROOT/../shared/conformance}
[ -f "$conf/score_ui.py" ] || { echo "conformance corpus not found at $conf: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

python3 "$conf/score_ui.py" --skip-wasm -j 2 --json \
  --cmd "$WITC resolve --json --features active {path}" >"$tmp/ui.txt" 2>&1
python3 "$conf/score_ui.py" --suite interfaces -j 2 --print \
  --cmd "$WITC print {path}" >"$tmp/if.txt" 2>&1
cat "$tmp/ui.txt" "$tmp/if.txt"

python3 - "$tmp/ui.txt" "$tmp/if.txt" <<'PY'
import re, sys
ui, itf = (open(p).read() for p in sys.argv[1:3])
def grab(text, pat):
    m = re.search(pat, text)
    if not m:
        sys.exit(f"scorer output lacks /{pat}/")
    return [int(x) for x in m.groups()]
acc_ok, acc_n, rej_ok, rej_n = grab(ui, r"accept valid: (\d+)/(\d+)\s+reject invalid: (\d+)/(\d+)")
exact, _, canon, _ = grab(ui, r"json exact: (\d+)/(\d+)\s+canonical-only: (\d+)/(\d+)")
loc, loc_n = grab(ui, r"error location \(LINE:COL\) matched: (\d+)/(\d+)")
pr, pr_n = grab(itf, r"print exact: (\d+)/(\d+)")
i_ok, i_n = grab(itf, r"accept valid: (\d+)/(\d+)")
json_eq = exact + canon
checks = [
    ("accept/reject agreement (ui)", acc_ok + rej_ok, acc_n + rej_n, 1.0),
    ("accepted (interfaces)", i_ok, i_n, 1.0),
    ("Resolve JSON canonical", json_eq, acc_n, 0.95),
    ("error location LINE:COL", loc, loc_n, 0.90),
    ("printer output", pr, pr_n, 0.90),
]
print("\n== conformance scores")
print(f"JSON exact {exact}/{acc_n}")
bad = False
for name, got, n, need in checks:
    ok = n > 0 and got >= need * n - 1e-9
    bad |= not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {got}/{n} ({100.0 * got / max(n, 1):.1f}%, need {100 * need:.0f}%)")
sys.exit(1 if bad else 0)
PY
