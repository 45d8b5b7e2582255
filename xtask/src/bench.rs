//! `cargo xtask bench`: criterion benches of the pure crates, plus (later) browser benches.

use crate::util::{exec, say, Ctx, Result};

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

/// Hook for in-browser performance benchmarks (e.g. frames per second of the stage while a
/// large cluster plays, wasm step throughput), to be driven through playwright-core like the
/// e2e tests (`e2e/`). Not written yet: it reports that and succeeds.
pub fn browser_benchmarks(_ctx: &Ctx, _args: &[String]) -> Result {
    say("browser benchmarks: none yet (see xtask/src/bench.rs, `browser_benchmarks`)");
    Ok(())
}
