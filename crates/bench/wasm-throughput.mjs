// Runs the RaftScope workload compiled to plain wasm (crates/bench as a cdylib) under Node and
// prints simulated steps per wall second; `cargo xtask bench` compares it with native.
// Usage: node wasm-throughput.mjs FILE.wasm SIM_MS CHECKS(0|1)
import { readFile } from 'node:fs/promises';

const [file, simMs = '600000', checks = '1'] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(await readFile(file), {});
const run = instance.exports.raftscope_steps;
run(10_000, Number(checks)); // warm up the engine's tiers
// CPU time, not wall time: the machine may be busy with other work (2 cores).
const started = process.cpuUsage();
const steps = Number(run(Number(simMs), Number(checks)));
const used = process.cpuUsage(started);
const seconds = (used.user + used.system) / 1e6;
console.log(JSON.stringify({ steps, cpu_seconds: seconds, ns_per_step: (seconds * 1e9) / steps }));
