// Times the linearizability checker compiled to plain wasm (crates/bench as a cdylib, the
// page's allocator) under Node: 1,000 operations on 5 keys from 3 and from 10 clients, checked
// whole, as the page would check a run's history. Prints one JSON line per client count.
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
for (const clients of [3, 10]) {
  checks(1000, 5, clients, 20); // warm up the engine's tiers
  let started = cpuMs();
  checks(1000, 5, clients, 0); // generating the history alone
  const generating = cpuMs() - started;
  started = cpuMs();
  const linearizable = checks(1000, 5, clients, Number(repeats)) === 1;
  const ms = (cpuMs() - started - generating) / Number(repeats);
  console.log(JSON.stringify({ ops: 1000, keys: 5, clients, linearizable, ms_per_check: ms }));
}
