// End-to-end host for the `e2e` world (tests/e2e/bindgen): implements the imports (identity
// for `values`, a byte-buffer `blob` resource), instantiates the component transpiled by
// `jco transpile --instantiation sync`, calls every export and compares every value.
// usage: node host.mjs JS_DIR   (exit 0 when every check passes)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2]);
const { instantiate } = await import(pathToFileURL(join(dir, 'guest.js')).href);

let failures = 0, checks = 0;
function same(a, b) {
  if (a instanceof Map || b instanceof Map)
    return a instanceof Map && b instanceof Map && same([...a], [...b]);
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (a === b);
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b) || Array.isArray(a) || Array.isArray(b)) {
    if (a == null || b == null || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!same(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}
function show(v) {
  return JSON.stringify(v, (k, x) => typeof x === 'bigint' ? `${x}n` :
    ArrayBuffer.isView(x) ? (x.length > 16 ? `<${x.constructor.name} ${x.length}>` : Array.from(x)) : x);
}
function check(what, got, want) {
  checks++;
  if (!same(got, want)) {
    failures++;
    console.log(`FAIL ${what}: got ${show(got)?.slice(0, 300)}, want ${show(want)?.slice(0, 300)}`);
  }
}
// a result-returning export: ok value, or a ComponentError carrying the err payload
function res(f) {
  try { return { tag: 'ok', val: f() }; } catch (e) {
    if (e && 'payload' in e) return { tag: 'err', val: e.payload };
    throw e;
  }
}
// an import returning result<…>: return ok, throw { payload } for err
const unres = (x) => { if (x.tag === 'ok') return x.val; throw { payload: x.val }; };
const id = (x) => x;

const values = {
  echoBool: id, echoU8: id, echoS8: id, echoU16: id, echoS16: id, echoU32: id, echoS32: id,
  echoU64: id, echoS64: id, echoF32: id, echoF64: id, echoChar: id, echoString: id, echoBytes: id,
  echoU32s: id, echoStrings: id, echoPoint: id, echoNested: id, echoShape: id, echoShapes: id,
  echoColor: id, echoPerms: id, echoWide: id, echoMixed: id, echoTuple: id, echoOption: id,
  echoOptionString: id, echoOptionOption: id, echoResult: unres, echoResultOk: unres,
  echoResultErr: unres, echoResultEmpty: unres, echoResultJoin: unres, echoDeep: id,
  echoMany: (...args) => args, echoVec3: id, echoNames: id, echoWideArray: id, echoMap: id, echoMapLists: id,
};
const cat = (...xs) => { const o = new Uint8Array(xs.reduce((n, x) => n + x.length, 0)); let k = 0; for (const x of xs) { o.set(x, k); k += x.length; } return o; };
class Blob {
  constructor(init) { this.data = Uint8Array.from(init); }
  static tryNew(s) { if (s === '') throw { payload: 'empty' }; return new Blob(new TextEncoder().encode(s)); }
  write(bytes) { this.data = cat(this.data, bytes); }
  read() { return this.data; }
  static merge(a, b) { return new Blob(cat(a.data, b.data)); }
}
const imports = { 'test:e2e/values': values, 'test:e2e/values@0.1.0': values,
                  'test:e2e/files': { Blob }, 'test:e2e/files@0.1.0': { Blob } };
const core = (name) => new WebAssembly.Module(readFileSync(join(dir, name)));
const inst = instantiate(core, imports);
const v = inst.values ?? inst['test:e2e/values@0.1.0'];
const compute = inst.compute ?? inst['test:e2e/compute@0.1.0'];
const counters = inst.counters ?? inst['test:e2e/counters@0.1.0'];

// ---- scalars ----
for (const x of [true, false]) check('bool', v.echoBool(x), x);
for (const x of [0, 1, 127, 128, 255]) check('u8', v.echoU8(x), x);
for (const x of [-128, -1, 0, 127]) check('s8', v.echoS8(x), x);
for (const x of [0, 65535]) check('u16', v.echoU16(x), x);
for (const x of [-32768, 32767]) check('s16', v.echoS16(x), x);
for (const x of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) check('u32', v.echoU32(x), x);
for (const x of [-0x80000000, -1, 0x7fffffff]) check('s32', v.echoS32(x), x);
for (const x of [0n, 1n, 2n ** 63n, 2n ** 64n - 1n]) check('u64', v.echoU64(x), x);
for (const x of [-(2n ** 63n), -1n, 2n ** 63n - 1n]) check('s64', v.echoS64(x), x);
for (const x of [0, -0, 1.5, Math.fround(3.4e38), -Infinity, Math.fround(1e-40)]) check('f32', v.echoF32(x), x);
check('f32 NaN', Number.isNaN(v.echoF32(NaN)), true);
for (const x of [Math.PI, -1e308, 5e-324, Infinity]) check('f64', v.echoF64(x), x);
for (const x of ['a', '\0', 'é', '世', '😀', '\u{10ffff}']) check('char', v.echoChar(x), x);

// ---- strings and lists: empty, non-ASCII, 1 MiB ----
const mib = 1 << 20;
const bigText = 'ünïcødé ✓ 😀 '.repeat(mib / 32); // about 1 MiB of UTF-8, no split surrogates
for (const s of ['', 'hello', 'Grüße, 世界 😀', bigText]) check(`string(${s.length})`, v.echoString(s), s);
const bytes = new Uint8Array(mib).map((_, i) => (i * 31) & 255);
for (const b of [new Uint8Array(0), Uint8Array.of(0, 255), bytes]) check(`bytes(${b.length})`, v.echoBytes(b), b);
const words = new Uint32Array(mib / 4).map((_, i) => (i * 2654435761) >>> 0);
for (const w of [new Uint32Array(0), words]) check(`u32s(${w.length})`, v.echoU32s(w), w);
for (const l of [[], [''], ['a', 'ü', '😀', ''], Array.from({ length: 1000 }, (_, i) => `s${i}`)])
  check(`strings(${l.length})`, v.echoStrings(l), l);

// ---- records, variants, enums, flags, tuples ----
const pt = { x: 1.5, y: -2.25, label: 'pünkt' };
check('point', v.echoPoint(pt), pt);
for (const n of [{ p: pt, tags: [], opt: undefined, pair: [0, -1n] },
                 { p: pt, tags: ['x', 'yy'], opt: { x: -0, y: 1e300, label: '' }, pair: [255, 2n ** 62n] }])
  check('nested', v.echoNested(n), n);
const shapes = [{ tag: 'none' }, { tag: 'circle', val: 0.5 }, { tag: 'rect', val: pt },
  { tag: 'poly', val: [pt, pt, { x: 0, y: 0, label: 'o' }] }, { tag: 'poly', val: [] },
  { tag: 'id', val: 2n ** 64n - 1n }, { tag: 'name', val: 'nämé' }];
for (const s of shapes) check(`shape ${s.tag}`, v.echoShape(s), s);
check('shapes', v.echoShapes(shapes), shapes);
for (const c of ['red', 'green', 'blue']) check('color', v.echoColor(c), c);
for (const p of [{ read: false, write: false, exec: false }, { read: true, write: false, exec: true }])
  check('perms', v.echoPerms(p), p);
const wide = (bits) => Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`b${i}`, bits.includes(i)]));
for (const b of [[], [0], [31], [7, 8, 15, 16, 30, 31], Array.from({ length: 32 }, (_, i) => i)])
  check(`wide ${b}`, v.echoWide(wide(b)), wide(b));
for (const m of [{ tag: 'a', val: 1.5 }, { tag: 'a', val: -0 }, { tag: 'b', val: 0xffffffff },
                 { tag: 'c', val: -0.1 }, { tag: 'd', val: -5 }, { tag: 'e' }])
  check(`mixed ${m.tag}`, v.echoMixed(m), m);
check('tuple', v.echoTuple([7, 'tüple', 2.5]), [7, 'tüple', 2.5]);

// ---- option and result ----
for (const o of [undefined, 0, 42]) check('option', v.echoOption(o), o);
for (const o of [undefined, '', 'söme']) check('option<string>', v.echoOptionString(o), o);
for (const o of [{ tag: 'none' }, { tag: 'some', val: undefined }, { tag: 'some', val: 9 }])
  check('option<option>', v.echoOptionOption(o), o);
for (const r of [{ tag: 'ok', val: 'fine ✓' }, { tag: 'ok', val: '' }, { tag: 'err', val: 404 }])
  check(`result ${r.tag}`, res(() => v.echoResult(r)), r);
for (const r of [{ tag: 'ok', val: 2.5 }, { tag: 'err', val: undefined }])
  check(`result<f32> ${r.tag}`, res(() => v.echoResultOk(r)), r);
for (const r of [{ tag: 'ok', val: undefined }, { tag: 'err', val: 'bad ✗' }])
  check(`result<_, string> ${r.tag}`, res(() => v.echoResultErr(r)), r);
for (const r of [{ tag: 'ok', val: undefined }, { tag: 'err', val: undefined }])
  check(`result ${r.tag} (empty)`, res(() => v.echoResultEmpty(r)), r);
for (const r of [{ tag: 'ok', val: -1.25 }, { tag: 'err', val: 2n ** 64n - 1n }])
  check(`result<f32, u64> ${r.tag}`, res(() => v.echoResultJoin(r)), r);

// ---- deep nesting ----
function deep(level) {
  if (level === 0) return { level, next: undefined };
  const leaf = { v: [undefined, { tag: 'ok', val: [`l${level}`, Uint8Array.of(level, 0, 255)] },
                     { tag: 'err', val: { tag: 'poly', val: [pt] } }, { tag: 'err', val: { tag: 'none' } }] };
  return { level, next: [leaf, { v: [] }] };
}
for (const d of [deep(0), deep(3)]) check(`deep ${d.level}`, v.echoDeep(d), d);

// ---- fixed-length lists and maps ----
check('vec3', v.echoVec3([1.5, -0, Math.fround(1e30)]), [1.5, -0, Math.fround(1e30)]);
check('names', v.echoNames(['', 'ünï']), ['', 'ünï']);
const arr20 = Array.from({ length: 20 }, (_, i) => (i * 0x10000001) >>> 0);
check('wide array (spilled)', v.echoWideArray(arr20), arr20);
for (const m of [new Map(), new Map([['a', 1], ['ü', 0xffffffff]])]) check(`map(${m.size})`, v.echoMap(m), m);
const ml = new Map([[0, []], [7, ['x', 'yy', '😀']]]);
check('map of lists', v.echoMapLists(ml), ml);

// ---- more than 16 flat parameters, return area ----
const many = [200, -300, 0xfffffffe, 2n ** 63n + 5n, 0.75, -1e-300, '😀', true, 'mäny', Uint8Array.of(1, 2, 3),
  undefined, 'blue', { read: true, write: true, exec: false }, -(2n ** 40n)];
check('many', v.echoMany(...many), many);
const many2 = many.slice(); many2[10] = 77; many2[9] = new Uint8Array(0); many2[8] = '';
check('many (some)', v.echoMany(...many2), many2);

// ---- guest-computed results ----
check('greet', compute.greet('wörld ✓'), 'Hello, wörld ✓!');
check('greet empty', compute.greet(''), 'Hello, !');
check('count-bytes 1 MiB', compute.countBytes(bytes), BigInt(bytes.reduce((a, b) => a + b, 0)));
check('count-bytes empty', compute.countBytes(new Uint8Array(0)), 0n);
check('make-bytes 1 MiB', compute.makeBytes(mib), new Uint8Array(mib).map((_, i) => (i * 7) & 255));
check('make-bytes 0', compute.makeBytes(0), new Uint8Array(0));
check('sum-f64', compute.sumF64(Float64Array.of(0.5, 0.25, -1)), -0.25);

// ---- resources ----
const { Counter } = counters;
const c = new Counter(5);
c.up();
check('counter get', c.get(), 6);
const c2 = Counter.fromBlob(new Blob(new Uint8Array(10)));
check('counter from blob', c2.get(), 10);
check('sum borrows', counters.sum(c, c2), 16);
check('try-make ok', res(() => Counter.tryMake(3).get()), { tag: 'ok', val: 3 });
check('try-make err', res(() => Counter.tryMake(-1)), { tag: 'err', val: 'negative start' });
const before = counters.destroyed();
check('consume', counters.consume(new Counter(41)), 41);
check('destructor ran on consume', counters.destroyed(), before + 1);
c2[Symbol.dispose]();
check('destructor ran on host drop', counters.destroyed(), before + 2);
const { Gauge } = counters;
check('fallible constructor ok', new Gauge(7).value(), 7);
check('fallible constructor err', res(() => new Gauge(-1)), { tag: 'err', val: 'negative gauge' });
const blobData = Uint8Array.of(1, 2, 3);
check('blob roundtrip', counters.blobRoundtrip(blobData), cat(blobData, blobData, blobData, blobData));

console.log(`${checks - failures}/${checks} checks passed`);
process.exit(failures ? 1 : 0);
