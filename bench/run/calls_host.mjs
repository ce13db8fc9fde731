// calls_host.mjs — jco's side of the call benchmark: `node calls_host.mjs JSDIR N` calls the
// transpiled component's echo("hello, world!") and nop() N times each and prints
// "echo NS_PER_CALL CALLS_PER_S" and "nop NS_PER_CALL CALLS_PER_S".
const g = await import(process.argv[2] + '/calls.js');
const api = g.api ?? g['bench:calls/api@0.1.0'];
const n = Number(process.argv[3] ?? 200000);
const msg = 'hello, world!';
for (let i = 0; i < 1000; i++) api.echo(msg);
let t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) if (api.echo(msg).length !== msg.length) throw new Error('echo');
let t1 = process.hrtime.bigint();
for (let i = 0; i < n; i++) api.nop();
let t2 = process.hrtime.bigint();
const per = (a, b) => Number(b - a) / n;
console.log(`echo ${per(t0, t1).toFixed(1)} ${(1e9 / per(t0, t1)).toFixed(0)}`);
console.log(`nop ${per(t1, t2).toFixed(1)} ${(1e9 / per(t1, t2)).toFixed(0)}`);
