//! `cargo xtask bench`: criterion benches of the pure crates, plus (later) browser benches.

use crate::util::{exec, Ctx, Result};
use crate::{dist, testing, tools};

/// `cargo xtask bench [ARGS]`: `cargo bench --workspace --exclude conlab-web [ARGS]`.
/// Arguments pass through, e.g. `cargo xtask bench -- --quick` or
/// `cargo xtask bench -p conlab-raft -- election` (a `-p` replaces `--workspace`).
pub fn run(ctx: &Ctx, args: &[String]) -> Result {
    let mut cmd = ctx.cargo();
    cmd.arg("bench");
    let cargo_args = args.split(|a| a == "--").next().unwrap_or_default();
    let picks_packages = cargo_args
        .iter()
        .any(|a| a == "-p" || a.starts_with("--package") || (a.starts_with("-p") && a.len() > 2));
    if !picks_packages {
        cmd.args(["--workspace", "--exclude", "conlab-web"]);
    }
    cmd.args(args);
    exec(&mut cmd)?;
    browser_benchmarks(ctx, args)
}

/// In-browser benchmark: builds dist/ and runs `e2e/bench.mjs` (playwright-core, headless
/// Chromium): frame time while 9 servers play under heavy traffic, and seek latency.
pub fn browser_benchmarks(ctx: &Ctx, _args: &[String]) -> Result {
    tools::ensure_browser(ctx)?;
    testing::ensure_e2e_deps(ctx)?;
    dist::run(ctx, &[])?;
    exec(
        ctx.cmd("node")
            .current_dir(ctx.root.join("e2e"))
            .arg("bench.mjs"),
    )
}
