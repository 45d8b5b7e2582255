//! The native side of `cargo xtask bench`'s wasm-vs-native comparison: runs RaftScope's workload
//! for the given simulated milliseconds, checks on unless the second argument is `off`, and
//! prints the same one-line JSON report as crates/bench/wasm-throughput.mjs, measured the same
//! way: one run timed apart, then the median of three.
//! Usage: `cargo run --release -p conlab-bench --example throughput -- 600000 [off]`

use conlab_bench::{cpu_seconds, raftscope};
use std::time::Instant;

/// The native CLI's allocator (crates/cli/src/main.rs), so the numbers measure what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let ms = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(600_000);
    let checks = std::env::args().nth(2).is_none_or(|a| a != "off");
    // CPU nanoseconds per step of one run, and its steps.
    let timed = || {
        let (started, cpu_started) = (Instant::now(), cpu_seconds());
        let steps = raftscope(ms, checks).steps;
        let seconds = match (cpu_started, cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => started.elapsed().as_secs_f64(),
        };
        (steps, seconds * 1e9 / steps as f64)
    };
    let (steps, first) = timed();
    let mut runs = [timed().1, timed().1, timed().1];
    runs.sort_by(f64::total_cmp);
    println!(
        "{{\"steps\":{steps},\"first_ns_per_step\":{first},\"ns_per_step\":{}}}",
        runs[1]
    );
}
