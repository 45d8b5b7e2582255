//! Cost per step of RaftScope's workload at 60 s, 600 s and 3,600 s of simulated time, checks
//! on and off: the cost must stay flat as the run (and its log) grows. Also prints simulated
//! seconds per CPU second, messages per committed entry and the cost relative to 60 s (issue 15:
//! at most 1.25x at 3,600 s, checks on). Prints a report; asserts nothing.

use conlab_bench::{cpu_seconds, raftscope};
use std::time::Instant;

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
        "{:>8} {:>6} {:>10} {:>9} {:>12} {:>10} {:>9}",
        "sim s", "checks", "steps", "ns/step", "sim s/cpu s", "msgs/entry", "vs 60 s"
    );
    // ns per step at 60 s, checks on and off, for the growth ratio.
    let mut first = [0f64; 2];
    for secs in [60u64, 600, 3_600] {
        for checks in [true, false] {
            // Short runs repeat until half a second of CPU time has passed.
            let (started, cpu_started) = (Instant::now(), cpu_seconds());
            let mut runs = 0u32;
            let (out, seconds) = loop {
                let out = raftscope(secs * 1_000, checks);
                runs += 1;
                let seconds = match (cpu_started, cpu_seconds()) {
                    (Some(a), Some(b)) => b - a,
                    _ => started.elapsed().as_secs_f64(),
                };
                if seconds >= 0.5 {
                    break (out, seconds / f64::from(runs));
                }
            };
            let ns = seconds * 1e9 / out.steps as f64;
            let base = &mut first[usize::from(!checks)];
            if *base == 0.0 {
                *base = ns;
            }
            println!(
                "{:>8} {:>6} {:>10} {:>9.0} {:>12.0} {:>10.2} {:>8.2}x",
                secs,
                if checks { "on" } else { "off" },
                out.steps,
                ns,
                secs as f64 / seconds,
                out.messages_per_entry(),
                ns / *base
            );
        }
    }
}
