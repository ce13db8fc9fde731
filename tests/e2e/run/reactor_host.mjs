// reactor_host.mjs — jco's node host for the reactor guest (the oracle of run_reactor.sh):
// `node reactor_host.mjs JSDIR` prints the values in reactor_host.c's format;
// `node reactor_host.mjs JSDIR MODE` calls one misbehaving export and prints what happened.
const dir = process.argv[2];
const mode = process.argv[3];
const g = await import(dir + '/guest.js');
const api = g.api ?? g['test:run/api@0.1.0'];
if (!mode) {
  for (const n of ['wörld', '', 'a somewhat longer name to make the string cross more bytes'])
    console.log(`greet(${n}) = ${api.greet(n)}`);
  console.log(`add(2, 40) = ${api.add(2, 40)}`);
  console.log(`add(4294967295, 2) = ${api.add(4294967295, 2)}`);
  console.log(`mix = ${api.mix(-5, 60000, -5000000000n, 1.5, 0.25, true, '\u{1F600}')}`);
  const t = 'héllo ✓ 😀';
  console.log(`count-chars(${t}) = ${api.countChars(t)}`);
  console.log(`log = ${api.log('from the host')}`);
  console.log(`churn(1000) = ${api.churn(1000)}`);
  console.log(`sum([1, 2, 4000000000, 3]) = ${api.sum(new Uint32Array([1, 2, 4000000000, 3]))}`);
  const rb = api.reverseBytes(new Uint8Array([1, 2, 3, 250, 255]));
  console.log(`reverse-bytes([1, 2, 3, 250, 255]) = [${Array.from(rb).join(', ')}]`);
  const rd = api.scale(new Float64Array([1.5, -2.25, 1e10]), 2);
  console.log(`scale([1.5, -2.25, 10000000000], 2) = [${Array.from(rd).join(', ')}]`);
  console.log(`crash(7) = ${api.crash(7)}`);
} else {
  const calls = {
    'bad-pointer': () => api.badPointer(),
    'bad-utf8': () => api.badUtf8(),
    'crash(1)': () => api.crash(1),
    'crash(2)': () => api.crash(2),
    'crash(3)': () => api.crash(3),
    'reuse-dropped': () => api.reuseDropped(),
  };
  try {
    const r = calls[mode]();
    console.log(`${mode}: returned`);
    console.error(`jco: ${mode} returned ${JSON.stringify(r)}`);
  } catch (e) {
    console.log(`${mode}: trapped`);
    console.error(`jco: ${mode}: ${String(e).split('\n')[0]}`);
  }
}
