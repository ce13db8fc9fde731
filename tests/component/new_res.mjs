// Drives the component built from new_res.c: exported resource with destructor, imported resource.
import { instantiate } from './js/guest.js';
import { readFile } from 'node:fs/promises';
const getCoreModule = async (p) => WebAssembly.compile(await readFile(new URL('./js/' + p, import.meta.url)));
const logs = [];
class Blob { constructor(init) { this.init = init; } size() { return this.init.length; } }
const inst = await instantiate(getCoreModule, {
  'ex:demo/host': { Blob, log: (m) => logs.push(m) },
});
const api = inst.api ?? inst['ex:demo/api@0.1.0'];
const a = new api.Counter(5), b = new api.Counter(10);
console.log('bump', a.bump(), a.bump(), b.bump());
console.log('total', api.Counter.total(a, b));
a[Symbol.dispose]?.();
const c = new api.Counter(1);
console.log('total after drop', api.Counter.total(c, b));
console.log('measure', api.measure(new Blob([1,2,3])));
const m = api.make(7);
console.log('make', m.size());
console.log('logs', JSON.stringify(logs));
