#!/usr/bin/env bash
# Fills DIR with seed inputs for fuzz_decode: the test components of tests/component/data
# and a few small hand-made ones (empty component, nested types, canon definitions).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1
mkdir -p "$dir"
cp tests/component/data/*.wasm "$dir/"
python3 - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
pre = bytes([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00])
def sec(i, body): return bytes([i, len(body)]) + body
seeds = {
    "empty": pre,
    "types": pre + sec(7, bytes([3, 0x7F, 0x70, 0x00, 0x42, 0x01, 0x01, 0x72, 0x01, 0x01, ord("a"), 0x01])),
    "import-func": pre + sec(7, bytes([1, 0x40, 0x01, 0x01, ord("x"), 0x79, 0x00, 0x73]))
                       + sec(10, bytes([1, 0x00, 0x01, ord("f"), 0x01, 0x00])),
    "resource": pre + sec(7, bytes([2, 0x3F, 0x7F, 0x00, 0x69, 0x00]))
                    + sec(8, bytes([3, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00])),
    "nested": pre + sec(4, pre) + sec(5, bytes([1, 0x00, 0x00, 0x00])),
    "core": pre + sec(1, bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]))
                + sec(2, bytes([1, 0x00, 0x00, 0x00])),
}
for name, b in seeds.items():
    open(os.path.join(d, name + ".wasm"), "wb").write(b)
PY
