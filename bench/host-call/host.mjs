// host.mjs — jco's side of bench/host-call.sh: `node host.mjs JSDIR N` calls the transpiled
// component's bump(person) N times (after a warm-up), checks every result, and prints
// "bump NS_PER_CALL CALLS_PER_S".
const g = await import(process.argv[2] + '/hostcall.js');
const api = g.api ?? g['bench:hostcall/api@0.1.0'];
const n = Number(process.argv[3] ?? 200000);
const p = {
  name: 'Ada Lovelace',
  tags: ['mathematics', 'poetry', 'analytical engine'],
  scores: new Uint32Array([90, 85, 99, 100]),
};
const call = () => {
  const r = api.bump(p);
  if (r.name !== p.name || r.tags.length !== 3 || r.tags[2] !== p.tags[2] || r.scores[3] !== 101)
    throw new Error('bump returned a different person');
};
for (let i = 0; i < 1000; i++) call();
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) call();
const per = Number(process.hrtime.bigint() - t0) / n;
console.log(`bump ${per.toFixed(1)} ${(1e9 / per).toFixed(0)}`);
