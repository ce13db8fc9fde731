// Drives the component built from new_basic.c (jco transpile --instantiation async output in ./js).
import { instantiate } from './js/guest.js';
import { readFile } from 'node:fs/promises';
const getCoreModule = async (p) => WebAssembly.compile(await readFile(new URL('./js/' + p, import.meta.url)));
const logs = [];
const inst = await instantiate(getCoreModule, {
  'ex:tiny/host': { log: (m) => logs.push(m), now: () => 42n },
});
const api = inst.api ?? inst['ex:tiny/api@0.1.0'];
console.log('double', inst.double(21));
console.log('greet', api.greet('world'));
console.log('add', JSON.stringify(api.add({x: 1, y: 2}, {x: 10, y: 20})));
console.log('names', JSON.stringify(api.names(3)));
console.log('logs', JSON.stringify(logs));
