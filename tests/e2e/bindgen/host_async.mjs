// End-to-end host for async exports (world ae). Node 20 has no JSPI: WebAssembly.promising
// is polyfilled, which is enough for exports that never suspend inside wasm.
// usage: node host_async.mjs JS_DIR
if (!WebAssembly.promising) WebAssembly.promising = (f) => (...a) => Promise.resolve().then(() => f(...a));
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2]);
const { instantiate } = await import(pathToFileURL(join(dir, 'guest.js')).href);
const inst = await instantiate(async (n) => WebAssembly.compile(readFileSync(join(dir, n))), {});
const api = inst.api ?? inst['test:ae/api@0.1.0'];
let failures = 0, checks = 0;
const show = (v) => JSON.stringify(v, (k, x) => typeof x === 'bigint' ? `${x}n` : ArrayBuffer.isView(x) ? Array.from(x) : x);
function check(what, got, want) {
  checks++;
  if (show(got) !== show(want)) { failures++; console.log(`FAIL ${what}: got ${show(got)}, want ${show(want)}`); }
}
check('add', await api.add(2, 40), 42);
check('add wraps', await api.add(0xffffffff, 2), 1);
check('greet', await api.greet('wörld ✓'), 'hi wörld ✓');
check('later (yield)', await api.later(-7n), -21n);
check('pair', await api.pair('ab', Uint8Array.of(1, 2, 3)), ['ab', Uint8Array.of(1, 2, 3), 5n]);
check('nothing', await api.nothing(), undefined);
console.log(`${checks - failures}/${checks} checks passed`);
process.exit(failures ? 1 : 0);
