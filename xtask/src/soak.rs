//! `cargo xtask soak`: the long seed sweeps of issue 10 — every protocol at 3, 5 and 7 nodes,
//! 100,000 seeds each by default, with every fault (the Figure 8 nemesis included). Green
//! means no violation and every run recovered.

use crate::util::{exec, say, Ctx, Result};
use std::time::Instant;

const PROTOCOLS: [&str; 3] = ["raft", "paxos", "multipaxos"];
const DEFAULT_SEEDS: u64 = 100_000;

/// `cargo xtask soak [SEEDS]`: build `conlab` in release (opt-level 3) and sweep each protocol
/// over `SEEDS` seeds (default 100,000) per cluster size.
pub fn run(ctx: &Ctx, args: &[String]) -> Result {
    let seeds = match args {
        [] => DEFAULT_SEEDS,
        [n] => n.parse().ok().filter(|&n| n > 0).ok_or(format!(
            "usage: cargo xtask soak [SEEDS]; `{n}` is not a positive number"
        ))?,
        _ => return Err("usage: cargo xtask soak [SEEDS]".into()),
    };
    exec(ctx.cargo().args(["build", "-p", "conlab-cli", "--release"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| ctx.root.join("target"));
    let conlab = target.join("release").join("conlab");
    let mut failed = Vec::new();
    for protocol in PROTOCOLS {
        let started = Instant::now();
        let seeds = seeds.to_string();
        let args = [
            "sweep",
            "--protocol",
            protocol,
            "--nodes",
            "3,5,7",
            "--seeds",
            &seeds,
        ];
        if exec(ctx.cmd(&conlab).args(args)).is_err() {
            failed.push(protocol);
        }
        say(format!(
            "{protocol}: {:.0} s",
            started.elapsed().as_secs_f64()
        ));
    }
    if failed.is_empty() {
        say(format!(
            "soak ok: {} protocols × 3 sizes × {seeds} seeds",
            PROTOCOLS.len()
        ));
        Ok(())
    } else {
        Err(format!("soak failed for {}", failed.join(", ")))
    }
}
