#!/usr/bin/env bash
# Regenerates the expected `component-type` payloads in this folder from jco (the
# oracle: wit-component 0.259.0), one per line of worlds.txt: PATH WORLD ENCODING.
# Run from anywhere: bash tests/gen/test_encode_golden/update.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bash "$root/scripts/setup-jco.sh" >/dev/null
export WITC_JCO_DIR=${WITC_JCO_DIR:-$root/.tools/jco}
node --import "$WITC_JCO_DIR/preload.mjs" --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const [here, root] = process.argv.slice(1);
const api = await import(`${process.env.WITC_JCO_DIR}/node_modules/@bytecodealliance/jco/dist/api.js`);
function leb(b, p) { let v = 0, s = 0, x; do { x = b[p++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return [v, p]; }
for (const line of readFileSync(`${here}/worlds.txt`, "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#")) continue;
  const [path, world, enc] = line.trim().split(/\s+/); const fixture = path.split("/").pop();
  const mod = await api.componentEmbed({ dummy: true, witPath: `${root}/${path}`, world, stringEncoding: enc });
  let p = 8;
  while (p < mod.length) {
    const id = mod[p++]; let size; [size, p] = leb(mod, p); const end = p + size;
    if (id === 0) { let n, q; [n, q] = leb(mod, p);
      if (Buffer.from(mod.subarray(q, q + n)).toString() === "component-type") {
        writeFileSync(`${here}/${fixture}.${world}.${enc}.bin`, mod.subarray(q + n, end)); break; } }
    p = end;
  }
}' "$here" "$root"
