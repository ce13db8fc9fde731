// End-to-end host for the UTF-16 guest (world utf): identity imports, then every export.
// usage: node host_utf16.mjs JS_DIR
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2]);
const { instantiate } = await import(pathToFileURL(join(dir, 'guest.js')).href);
const text = { echo: (s) => s, echoList: (l) => l };
const inst = instantiate((n) => new WebAssembly.Module(readFileSync(join(dir, n))),
  { 'test:utf/text': text, 'test:utf/text@0.1.0': text });
const t = inst.text ?? inst['test:utf/text@0.1.0'];
let failures = 0, checks = 0;
function check(what, got, want) {
  checks++;
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    failures++;
    console.log(`FAIL ${what}: got ${JSON.stringify(got)?.slice(0, 200)}, want ${JSON.stringify(want)?.slice(0, 200)}`);
  }
}
const big = 'Grüße, 世界 😀 '.repeat(40000);
for (const s of ['', 'a', 'Grüße, 世界 😀', big]) check(`echo(${s.length})`, t.echo(s), s);
check('echo-list', t.echoList(['', 'ü', '😀😀']), ['', 'ü', '😀😀']);
check('units', t.units('Grüße 😀'), 8);
check('shout', t.shout('héllo wörld'), 'HéLLO WöRLD');
try { t.shout(''); check('shout err', 'no error', 'error'); } catch (e) { check('shout err', e.payload, 'empty ✗'); }
console.log(`${checks - failures}/${checks} checks passed`);
process.exit(failures ? 1 : 0);
