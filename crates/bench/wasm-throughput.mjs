// Runs the RaftScope workload compiled to plain wasm (crates/bench as a cdylib) under Node and
// prints nanoseconds per step; `cargo xtask bench` compares it with native
// (crates/bench/examples/throughput.rs, which measures the same way).
// Usage: node wasm-throughput.mjs FILE.wasm SIM_MS CHECKS(0|1)
//
// The first run is timed apart (`first_ns_per_step`): it includes the engine compiling the
// module and tiering up its hot functions on background threads, whose CPU time the process
// counts. A page that plays a run is past that within its first seconds, so `ns_per_step` is
// the median of three runs after it: the steady state.
import { readFile } from 'node:fs/promises';

const [file, simMs = '600000', checks = '1'] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(await readFile(file), {});
const run = instance.exports.raftscope_steps;

/** CPU nanoseconds per step of one run (CPU time: the machine may be busy, 2 cores). */
function timed() {
  const started = process.cpuUsage();
  const steps = Number(run(Number(simMs), Number(checks)));
  const used = process.cpuUsage(started);
  return { steps, ns: ((used.user + used.system) * 1e3) / steps };
}

const first = timed();
const runs = [timed(), timed(), timed()].sort((a, b) => a.ns - b.ns);
console.log(JSON.stringify({ steps: first.steps, first_ns_per_step: first.ns, ns_per_step: runs[1].ns }));
