//! `cargo xtask bench`: the pure crates' benches (criterion, and the per-step cost of RaftScope's
//! workload), the memory of an hour of that workload's timeline, the wasm-vs-native throughput
//! of that workload, then the browser benchmark.

use crate::util::{exec, output, say, Ctx, Result};
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
    timeline_memory(ctx)?;
    wasm_throughput(ctx)?;
    browser_benchmarks(ctx, args)
}

/// What `crates/bench/examples/<name>.rs`, built for release, prints when given `arg`; none
/// if it fails.
fn bench_example(ctx: &Ctx, name: &str, arg: &str) -> Option<String> {
    output(ctx.cargo().args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "conlab-bench",
        "--example",
        name,
        "--",
        arg,
    ]))
}

/// The memory of an hour of RaftScope's workload recorded as the page records it (issue 15:
/// at most 64 MB), counted by the allocator (`crates/bench/examples/timeline_memory.rs`).
fn timeline_memory(ctx: &Ctx) -> Result {
    let report = bench_example(ctx, "timeline_memory", "3600000");
    let report = report.as_deref();
    let (Some(steps), Some(bytes)) = (number(report, "steps"), number(report, "timeline_bytes"))
    else {
        return Err("the timeline memory run printed no result".into());
    };
    say(format!(
        "RaftScope workload, a 1-hour timeline ({steps:.0} steps): {:.1} MB ({:.1} B per step; issue 15: at most 64 MB)",
        bytes / 1e6,
        bytes / steps,
    ));
    Ok(())
}

/// Simulated milliseconds of RaftScope's workload that the wasm-vs-native comparison runs.
const THROUGHPUT_MS: &str = "600000";

/// RaftScope's workload (crates/bench) built as plain wasm with the page's profile and
/// wasm-opt settings, run under Node, against the same workload natively: ns per step, checks
/// on, and the ratio (issue 15's target: wasm at least 0.6x native) in the steady state both
/// sides report (median of three runs after a first one, which for the wasm includes the
/// engine compiling and tiering up the module); then the linearizability checker's cost in
/// that build (crates/bench/wasm-linearizability.mjs).
pub fn wasm_throughput(ctx: &Ctx) -> Result {
    tools::ensure_wasm_target(ctx)?;
    tools::ensure_wasm_opt(ctx)?;
    exec(ctx.cargo().args([
        "build",
        "-p",
        "conlab-bench",
        "--lib",
        "--target",
        tools::WASM_TARGET,
        "--profile",
        "wasm-release",
    ]))?;
    let built = ctx
        .root
        .join("target")
        .join(tools::WASM_TARGET)
        .join("wasm-release/conlab_bench.wasm");
    let optimized = ctx.root.join("target/conlab_bench.opt.wasm");
    exec(
        ctx.cmd("wasm-opt")
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(&built)
            .arg("-o")
            .arg(&optimized),
    )?;
    // Native first: on this VM a native run right after Node's is slower for a while.
    let native = bench_example(ctx, "throughput", THROUGHPUT_MS);
    let wasm = output(
        ctx.cmd("node")
            .arg(ctx.root.join("crates/bench/wasm-throughput.mjs"))
            .arg(&optimized)
            .args([THROUGHPUT_MS, "1"]),
    );
    let [(wasm, wasm_first), (native, native_first)] = [wasm, native].map(|report| {
        let report = report.as_deref();
        (
            number(report, "ns_per_step"),
            number(report, "first_ns_per_step"),
        )
    });
    let (Some(wasm), Some(native)) = (wasm, native) else {
        return Err("a throughput run printed no result".into());
    };
    say(format!(
        "RaftScope workload, {} s, checks on, steady state: native {native:.0} ns/step, wasm (Node) {wasm:.0} ns/step, wasm/native throughput {:.2}x (first runs: native {:.0}, wasm {:.0} ns/step)",
        THROUGHPUT_MS.parse::<u64>().unwrap_or(0) / 1000,
        native / wasm,
        native_first.unwrap_or(f64::NAN),
        wasm_first.unwrap_or(f64::NAN),
    ));
    // The linearizability checker in the same build: ms per check of 1,000 operations.
    exec(
        ctx.cmd("node")
            .arg(ctx.root.join("crates/bench/wasm-linearizability.mjs"))
            .arg(&optimized),
    )
}

/// The features rustc's wasm output uses, as Trunk passes them to wasm-opt.
const WASM_FEATURES: [&str; 4] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
];

/// The number under `key` in a one-line JSON report like `{"steps":1,"ns_per_step":812.5}`.
fn number(report: Option<&str>, key: &str) -> Option<f64> {
    let report = report?;
    let label = format!("\"{key}\":");
    let after = &report[report.find(&label)? + label.len()..];
    let end = after.find([',', '}']).unwrap_or(after.len());
    after[..end].trim().parse().ok()
}

/// In-browser benchmark: builds dist/ and runs `e2e/bench.mjs` (playwright-core, headless
/// Chromium): the first frame of a first visit, frame time while 9 and 15 servers play under
/// heavy traffic, and seek latency.
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

#[cfg(test)]
mod tests {
    #[test]
    fn reads_a_number_from_a_report() {
        let report = r#"{"steps":187088,"first_ns_per_step":1605.29,"ns_per_step":812.5}"#;
        assert_eq!(super::number(Some(report), "ns_per_step"), Some(812.5));
        assert_eq!(
            super::number(Some(report), "first_ns_per_step"),
            Some(1605.29)
        );
        assert_eq!(super::number(Some(report), "steps"), Some(187088.0));
        assert_eq!(super::number(Some("{}"), "ns_per_step"), None);
        assert_eq!(super::number(None, "ns_per_step"), None);
    }
}
