// Times the linearizability checker compiled to plain wasm (crates/bench as a cdylib, the
// page's allocator) under Node: 1,000 operations on 5 keys from 3 and from 10 clients, checked
// whole, as the page would check a run's history; then the hardest case of the native bench
// (10 clients, every 20th answer lost, one read changed). Prints one JSON line per case.
// Usage: node wasm-linearizability.mjs FILE.wasm [REPEATS]
import { readFile } from 'node:fs/promises';

const [file, repeats = '200'] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(await readFile(file), {});
const checks = instance.exports.linearizability_checks;
// CPU time in ms, not wall time: the machine may be busy with other work (2 cores).
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e3;
};
const verdicts = ['linearizable', 'not linearizable', 'unknown'];
const cases = [
  { clients: 3, lose_every: 0, change_read: 0 },
  { clients: 10, lose_every: 0, change_read: 0 },
  { clients: 10, lose_every: 20, change_read: 1 },
];
for (const c of cases) {
  const run = (n) => checks(1000, 5, c.clients, c.lose_every, c.change_read, n);
  run(20); // warm up the engine's tiers
  let started = cpuMs();
  run(0); // generating the history alone
  const generating = cpuMs() - started;
  started = cpuMs();
  const verdict = verdicts[run(Number(repeats))];
  const ms = (cpuMs() - started - generating) / Number(repeats);
  console.log(JSON.stringify({ ops: 1000, keys: 5, ...c, verdict, ms_per_check: ms }));
}
