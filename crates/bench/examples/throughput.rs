//! The native side of `cargo xtask bench`'s wasm-vs-native comparison: runs RaftScope's workload
//! for the given simulated milliseconds, checks on unless the second argument is `off`, and
//! prints the same one-line JSON report as crates/bench/wasm-throughput.mjs.
//! Usage: `cargo run --release -p conlab-bench --example throughput -- 600000 [off]`

use conlab_bench::{cpu_seconds, raftscope};
use std::time::Instant;

fn main() {
    let ms = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(600_000);
    let checks = std::env::args().nth(2).is_none_or(|a| a != "off");
    raftscope(10_000, checks); // warm up, as the wasm side does
    let (started, cpu_started) = (Instant::now(), cpu_seconds());
    let steps = raftscope(ms, checks).steps;
    let seconds = match (cpu_started, cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => started.elapsed().as_secs_f64(),
    };
    println!(
        "{{\"steps\":{steps},\"cpu_seconds\":{seconds},\"ns_per_step\":{}}}",
        seconds * 1e9 / steps as f64
    );
}
