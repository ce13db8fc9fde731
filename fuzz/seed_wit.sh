#!/usr/bin/env bash
# Fills DIR with seed inputs for fuzz_wit: every .wit file of wit-fixtures/ and, when
# present, of the conformance corpus, plus a few hostile inputs (deep nesting, NUL,
# invalid UTF-8, bidi overrides, huge numbers).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1
mkdir -p "$dir"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$dir/seed-$i.wit"; i=$((i + 1))
done < <(find wit-fixtures ../shared/conformance/wit-parser-ui -name '*.wit' -print0 2>/dev/null)
python3 - "$dir" <<'PY'
import sys, os
d = sys.argv[1]
seeds = {
    "deep-types": "package a:b;\ninterface i {\n  type t = " + "list<" * 5000 + "u8" + ">" * 5000 + ";\n}\n",
    "deep-comments": "package a:b;\n" + "/*" * 5000 + "*/" * 5000 + "\n",
    "deep-nested": "package a:b;\n" + "package c:d {" * 300 + "}" * 300,
    "nul": "package a:b;\ninterface i {\x00 type t = u32; }\n",
    "bidi": "package a:b;\n// \u202e evil\ninterface i {}\n",
    "huge-version": "package a:b@99999999999999999999999.0.0;\n",
    "huge-fixed": "package a:b;\ninterface i { type t = list<u8, 99999999999999999999>; }\n",
    "since": "package a:b@1.0.0;\n@since(version = 1.0.0)\ninterface i { @since(version = 1.0.0) f: func(); }\n",
}
for name, text in seeds.items():
    open(os.path.join(d, name + ".wit"), "w", encoding="utf-8", errors="surrogatepass").write(text)
open(os.path.join(d, "invalid-utf8.wit"), "wb").write(b"package a:b;\ninterface \xff\xfe {}\n")
PY
