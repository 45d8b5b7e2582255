//! `cargo xtask fuzz [--runs N | --seconds S]`: libFuzzer over the link decoder, the scenario
//! parser and a short simulation of whatever parses (`fuzz/`, target `scenario`).
//!
//! Installs what it needs on first use: a minimal nightly toolchain (`rustup`) and cargo-fuzz
//! into `.tools/bin`. The target is built with overflow checks and debug assertions; the seed
//! corpus is every documented scenario, as JSON and as a share link, and `fuzz/scenario.dict`
//! names the fields and boundary numbers. Each input may take at most
//! one second and 2 GiB; a panic, a timeout or the memory limit fails the run and leaves the
//! input in `fuzz/artifacts/scenario/` (turn it into a test in
//! `crates/sim/tests/fuzz_regressions.rs`). Prints inputs run, slowest input and peak memory.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::tools::{self, cargo_install, tool_version};
use crate::util::{output, say, Ctx, Result};

pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
const TARGET: &str = "scenario";

pub fn run(ctx: &Ctx, args: &[String]) -> Result {
    let budget = match args {
        [] => "-runs=100000".to_string(),
        [flag, n] if flag == "--runs" => format!("-runs={}", number(n)?),
        [flag, s] if flag == "--seconds" => format!("-max_total_time={}", number(s)?),
        _ => return Err("usage: cargo xtask fuzz [--runs N | --seconds S]".into()),
    };
    tools::ensure_nightly(ctx, &[])?;
    ensure_cargo_fuzz(ctx)?;
    let corpus = seed_corpus(ctx)?;
    let mut cmd = ctx.cmd("rustup");
    cmd.args([
        "run",
        tools::NIGHTLY,
        "cargo",
        "fuzz",
        "run",
        "--debug-assertions",
    ])
    .arg(TARGET)
    .arg(&corpus)
    .args([
        "--",
        &budget,
        "-timeout=1",
        "-rss_limit_mb=2048",
        "-malloc_limit_mb=2048",
        "-max_len=65536",
        "-print_final_stats=1",
        "-dict=fuzz/scenario.dict",
    ])
    .stderr(Stdio::piped());
    say(format!("$ {cmd:?}"));
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    let reader = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut stats = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(|e| e.to_string())?;
        eprintln!("{line}");
        if let Some(stat) = line.strip_prefix("stat::") {
            stats.push(stat.to_string());
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let stat = |name: &str| {
        stats
            .iter()
            .find_map(|s| s.strip_prefix(name)?.strip_prefix(':'))
            .map_or("?".to_string(), |v| v.trim().to_string())
    };
    say(format!(
        "fuzz: {} inputs, slowest {} s, peak memory {} MB, {}",
        stat("number_of_executed_units"),
        stat("slowest_unit_time_sec"),
        stat("peak_rss_mb"),
        if status.success() {
            "no panic, hang or memory blow-up"
        } else {
            "FAILED (the input is in fuzz/artifacts/scenario/)"
        }
    ));
    if status.success() {
        Ok(())
    } else {
        Err("the fuzzer found a failing input".into())
    }
}

fn number(text: &str) -> Result<u64> {
    text.parse()
        .map_err(|_| format!("expected a whole number, not `{text}`"))
}

/// `cargo-fuzz --version` prints `cargo-fuzz 0.13.2`.
fn ensure_cargo_fuzz(ctx: &Ctx) -> Result {
    if tool_version(ctx, "cargo-fuzz").as_deref() == Some(CARGO_FUZZ_VERSION) {
        return Ok(());
    }
    cargo_install(
        ctx,
        &["--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION],
    )
}

/// `fuzz/corpus/scenario/`, seeded with every documented scenario: `1` + its JSON, and `0` +
/// its share link (the first byte picks the reader).
fn seed_corpus(ctx: &Ctx) -> Result<std::path::PathBuf> {
    let corpus = ctx.root.join("fuzz/corpus").join(TARGET);
    fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
    let scenarios = fs::read_dir(ctx.root.join("docs/scenarios")).map_err(|e| e.to_string())?;
    for entry in scenarios {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        let json = fs::read(&path).map_err(|e| e.to_string())?;
        let write = |suffix: &str, mode: u8, body: &[u8]| {
            let seed = [&[mode][..], body].concat();
            fs::write(corpus.join(format!("{name}.{suffix}")), seed).map_err(|e| e.to_string())
        };
        write("json", 1, &json)?;
        let link = output(
            ctx.cargo()
                .args(["run", "-q", "-p", "conlab-cli", "--", "link"])
                .arg(&path),
        )
        .ok_or_else(|| format!("cannot make a link of {}", path.display()))?;
        write("link", 0, link.trim().as_bytes())?;
    }
    Ok(corpus)
}
