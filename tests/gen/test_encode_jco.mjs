// jco side of the encoder comparison (run by test_encode_jco.sh with the jco preload):
//   embed MANIFEST              each line `WITPATH<TAB>WORLD<TAB>FILE`: jco's `embed --dummy`
//                               payload of `component-type` for WORLD must equal FILE
//                               (written by the encoder)
//   dummy WITPATH WORLD OUT     writes jco's `embed --dummy` module for WORLD
//   newwit MANIFEST             each line `CORE<TAB>OUT`: `jco new` then `jco wit` into OUT
//   parse MANIFEST              each line `WAT<TAB>OUT`: WAT text -> binary with jco's parser
//                               ($CARGO_PKG_VERSION replaced by the wit-component version)
// Prints one line per item; exits 1 when any item differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const jcoDir = process.env.WITC_JCO_DIR;
const api = await import(resolve(jcoDir, 'node_modules/@bytecodealliance/jco/dist/api.js'));

function leb(buf, pos) {
  let v = 0, shift = 0, b;
  do { b = buf[pos++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return [v, pos];
}

function customSection(buf, name) {
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos++];
    let size; [size, pos] = leb(buf, pos);
    const end = pos + size;
    if (id === 0) {
      let n; let p; [n, p] = leb(buf, pos);
      if (Buffer.from(buf.subarray(p, p + n)).toString() === name) return Buffer.from(buf.subarray(p + n, end));
    }
    pos = end;
  }
  return null;
}

function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const [cmd, ...args] = process.argv.slice(2);
let bad = 0;
if (cmd === 'embed') {
  const lines = readFileSync(args[0], 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const [witPath, world, file] = line.split('\t');
    let theirs;
    try {
      const mod = await api.componentEmbed({ dummy: true, witPath: resolve(witPath), world });
      theirs = customSection(mod, 'component-type');
    } catch (e) {
      console.log(`SKIP ${witPath} ${world}: jco: ${String(e).split('\n')[0]}`);
      continue;
    }
    const ours = readFileSync(file);
    if (theirs && ours.equals(theirs)) {
      console.log(`ok ${witPath} ${world} (${ours.length} bytes)`);
    } else {
      bad++;
      writeFileSync(`${file}.jco`, theirs ?? Buffer.alloc(0));
      console.log(`MISMATCH ${witPath} ${world}: ours ${ours.length} B, jco ${theirs?.length} B, first difference at ${firstDiff(ours, theirs ?? [])}`);
    }
  }
} else if (cmd === 'dummy') {
  // dummy WITPATH WORLD OUT: jco's `embed --dummy` module for one world (world chosen
  // through the API, which the 1.35 CLI does not pass on)
  const [witPath, world, out] = args;
  writeFileSync(out, await api.componentEmbed({ dummy: true, witPath: resolve(witPath), world }));
} else if (cmd === 'newwit') {
  // newwit MANIFEST: each line `CORE.wasm<TAB>OUT.wit`: jco's `new`, then `wit`, in-process
  const lines = readFileSync(args[0], 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const [core, out] = line.split('\t');
    try {
      writeFileSync(out, await api.componentWit(await api.componentNew(readFileSync(core))));
    } catch (e) {
      bad++;
      console.log(`FAIL jco new/wit ${core}: ${String(e).split('\n').slice(0, 6).join(' | ')}`);
    }
  }
} else if (cmd === 'parse') {
  const lines = readFileSync(args[0], 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const [wat, out] = line.split('\t');
    const text = readFileSync(wat, 'utf8').replaceAll('$CARGO_PKG_VERSION', process.env.WIT_COMPONENT_VERSION ?? '0.259.0');
    try {
      writeFileSync(out, await api.parse(text));
    } catch (e) {
      console.log(`SKIP ${wat}: jco parse: ${String(e).split('\n')[0]}`);
    }
  }
} else {
  console.error('usage: embed MANIFEST | parse MANIFEST');
  process.exit(2);
}
process.exit(bad ? 1 : 0);
