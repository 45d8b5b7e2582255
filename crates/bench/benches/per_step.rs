//! Cost per step of RaftScope's workload at 60 s, 600 s and 3,600 s of simulated time, checks
//! on and off: the cost must stay flat as the run (and its log) grows. Also prints simulated
//! seconds per CPU second, messages per committed entry and the cost relative to 60 s (issue 15:
//! at most 1.25x at 3,600 s, checks on), and apart from the steps, the time to free the run's
//! memory at its end. Prints a report; asserts nothing.

use conlab_bench::{cpu_seconds, raftscope_world, Outcome};
use std::time::Instant;

/// The native CLI's allocator (crates/cli/src/main.rs), so the numbers measure what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU seconds (wall seconds where Linux does not tell) since `since`.
fn seconds(since: (Instant, Option<f64>)) -> f64 {
    match (since.1, cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => since.0.elapsed().as_secs_f64(),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that excludes us means "skip".
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"per_step".contains(a.as_str()))
    {
        return;
    }
    println!("RaftScope workload (5 servers, command every 100 ms)");
    println!(
        "{:>8} {:>6} {:>10} {:>9} {:>12} {:>10} {:>9} {:>8}",
        "sim s", "checks", "steps", "ns/step", "sim s/cpu s", "msgs/entry", "vs 60 s", "free ms"
    );
    // ns per step at 60 s, checks on and off, for the growth ratio.
    let mut first = [0f64; 2];
    for secs in [60u64, 600, 3_600] {
        for checks in [true, false] {
            // Short runs repeat until half a second of CPU time has passed. Only the steps are
            // timed; freeing each run's memory afterwards is reported apart.
            let (mut runs, mut stepping, mut freeing) = (0.0, 0.0, 0.0);
            let out = loop {
                let started = (Instant::now(), cpu_seconds());
                let world = raftscope_world(1, secs * 1_000, checks);
                stepping += seconds(started);
                let out = Outcome::of(&world);
                let started = (Instant::now(), cpu_seconds());
                drop(world);
                freeing += seconds(started);
                runs += 1.0;
                if stepping + freeing >= 0.5 {
                    break out;
                }
            };
            let (seconds, free_ms) = (stepping / runs, freeing * 1e3 / runs);
            let ns = seconds * 1e9 / out.steps as f64;
            let base = &mut first[usize::from(!checks)];
            if *base == 0.0 {
                *base = ns;
            }
            println!(
                "{:>8} {:>6} {:>10} {:>9.0} {:>12.0} {:>10.3} {:>8.2}x {:>8.1}",
                secs,
                if checks { "on" } else { "off" },
                out.steps,
                ns,
                secs as f64 / seconds,
                out.messages_per_entry(),
                ns / *base,
                free_ms
            );
        }
    }
}
