//! `cargo xtask test`: every suite, then one line `N passed, N failed`.
//!
//! Suites (all run even if an earlier one fails; pick some with `cargo xtask test e2e wasm`):
//! - `lint`:   `cargo fmt --all --check` and `cargo clippy ... -D warnings` (native + wasm web)
//! - `native`: `cargo test --workspace --exclude conlab-web` (pure crates + xtask)
//! - `web`:    `cargo test -p conlab-web --lib` natively (reducer, layout, formatting)
//! - `wasm`:   `cargo test -p conlab-web --target wasm32-unknown-unknown` in headless Chromium
//! - `e2e`:    release dist/, served by e2e/server.mjs, driven by playwright-core under `node --test`
//! - `fuzz`:   `cargo xtask fuzz --seconds 60`: libFuzzer over links, scenarios and short runs

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::util::{say, stream, Ctx, Result};
use crate::{dist, tools};

pub const SUITES: [&str; 6] = ["lint", "native", "web", "wasm", "e2e", "fuzz"];

/// The outcome of one suite.
#[derive(Debug, Default)]
struct SuiteResult {
    name: &'static str,
    counts: Counts,
    /// Set when the suite could not run or did not report (build error, crash, timeout...).
    error: Option<String>,
    seconds: f64,
}

impl SuiteResult {
    fn not_run(name: &'static str, error: &str) -> Self {
        SuiteResult {
            name,
            error: Some(format!("not run: {error}")),
            ..Default::default()
        }
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    /// How many summary lines were found (0 means the suite reported nothing).
    pub reports: u64,
}

pub fn run(ctx: &Ctx, args: &[String]) -> Result {
    let started = Instant::now();
    for arg in args {
        if !SUITES.contains(&arg.as_str()) {
            return Err(format!(
                "unknown suite `{arg}` (choose from {})",
                SUITES.join(", ")
            ));
        }
    }
    let wanted = |suite: &str| args.is_empty() || args.iter().any(|a| a == suite);

    // Preflight: everything the browser suites need, installed once into .tools/ (and apt, as
    // root). A failure here fails those suites only; the native ones still run.
    let browser: Result<(PathBuf, PathBuf)> = if wanted("wasm") || wanted("e2e") {
        tools::ensure_web_tools(ctx).and_then(|()| tools::ensure_browser(ctx))
    } else {
        Err("not requested".into())
    };
    if let Err(error) = &browser {
        if wanted("wasm") || wanted("e2e") {
            say(format!("cannot run the browser suites: {error}"));
        }
    }
    let e2e_ready = match (&browser, wanted("e2e")) {
        (Ok(_), true) => ensure_e2e_deps(ctx),
        (Err(error), _) => Err(error.clone()),
        (Ok(_), false) => Err("not requested".into()),
    };

    let mut results = Vec::new();
    if wanted("lint") {
        results.push(lint_suite(ctx));
    }
    if wanted("native") {
        let mut cmd = ctx.cargo();
        cmd.args([
            "test",
            "--workspace",
            "--exclude",
            "conlab-web",
            "--no-fail-fast",
        ]);
        results.push(cargo_suite("native", &mut cmd));
    }
    if wanted("web") {
        let mut cmd = ctx.cargo();
        cmd.args(["test", "-p", "conlab-web", "--lib", "--no-fail-fast"]);
        results.push(cargo_suite("web", &mut cmd));
    }
    if wanted("wasm") {
        match &browser {
            Ok((_, chromedriver)) => {
                let mut cmd = ctx.cargo();
                cmd.args(["test", "-p", "conlab-web", "--target", tools::WASM_TARGET])
                    .arg("--no-fail-fast")
                    .env("CHROMEDRIVER", chromedriver)
                    .env(
                        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                        ctx.root.join("web/webdriver.json"),
                    )
                    .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
                    // Without debug info each test wasm is ~7 MB instead of ~77 MB.
                    .env("CARGO_PROFILE_DEV_DEBUG", "0");
                let mut result = cargo_suite("wasm", &mut cmd);
                // A browser that never answered (chromedriver's "timed out receiving message
                // from renderer") fails no test; run the suite once more and say so. No test
                // here mounts the whole app (e2e does): that page imports every JS snippet at
                // once, and wasm-bindgen-test-runner's server sometimes left one of those
                // requests unread, so Chromium waited out chromedriver's 300 s.
                if let (Some(first), 0) = (result.error.clone(), result.counts.failed) {
                    say(format!("wasm: {first}; running the suite once more"));
                    let first_seconds = result.seconds;
                    result = cargo_suite("wasm", &mut cmd);
                    result.seconds += first_seconds;
                    result.error = result
                        .error
                        .map(|again| format!("{again} (also on the first try: {first})"));
                }
                results.push(result);
            }
            Err(error) => results.push(SuiteResult::not_run("wasm", error)),
        }
    }
    if wanted("e2e") {
        match (&browser, e2e_ready) {
            (Ok((chromium, _)), Ok(())) => results.push(e2e_suite(ctx, chromium)),
            (_, Err(error)) => results.push(SuiteResult::not_run("e2e", &error)),
            (Err(error), _) => results.push(SuiteResult::not_run("e2e", error)),
        }
    }

    if wanted("fuzz") {
        results.push(fuzz_suite(ctx));
    }

    // Summary.
    let total_passed: u64 = results.iter().map(|r| r.counts.passed).sum();
    let total_failed: u64 = results.iter().map(|r| r.counts.failed).sum();
    eprintln!();
    say(format!(
        "{:<8} {:>7} {:>7} {:>9}",
        "suite", "passed", "failed", "time"
    ));
    for r in &results {
        let note = r
            .error
            .as_deref()
            .map(|e| format!("  ERROR: {e}"))
            .unwrap_or_default();
        say(format!(
            "{:<8} {:>7} {:>7} {:>7.1} s{note}",
            r.name, r.counts.passed, r.counts.failed, r.seconds
        ));
    }
    say(format!(
        "all suites took {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    let errored = results.iter().filter(|r| r.error.is_some()).count();
    if errored > 0 {
        say(format!(
            "{errored} suite(s) did not complete (see ERROR above)"
        ));
    }
    // Always the last line of output: the one line CI and humans read.
    println!("{total_passed} passed, {total_failed} failed");

    if total_failed == 0 && errored == 0 {
        Ok(())
    } else {
        Err(String::new()) // already reported; nothing may follow the summary line
    }
}

/// House rules: rustfmt and clippy with warnings denied, natively and for the wasm web crate.
/// Each check counts as one test, so a lint failure shows in the closing line.
fn lint_suite(ctx: &Ctx) -> SuiteResult {
    let started = Instant::now();
    if let Err(error) = tools::ensure_lint_components(ctx) {
        return SuiteResult::not_run("lint", &error);
    }
    let checks: [(&str, &[&str]); 3] = [
        ("rustfmt", &["fmt", "--all", "--check"]),
        (
            "clippy (native)",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "clippy (wasm web)",
            &[
                "clippy",
                "-p",
                "conlab-web",
                "--all-targets",
                "--target",
                tools::WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    let mut counts = Counts {
        reports: 1,
        ..Counts::default()
    };
    for (what, args) in checks {
        let ok = matches!(stream(ctx.cargo().args(args)), Ok(run) if run.success);
        say(format!("lint: {what} {}", if ok { "ok" } else { "FAILED" }));
        if ok {
            counts.passed += 1;
        } else {
            counts.failed += 1;
        }
    }
    SuiteResult {
        name: "lint",
        counts,
        error: None,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Seconds of fuzzing on every test run (issue 10: a short budget in CI; `cargo xtask fuzz`
/// runs longer ones). The first run also installs nightly and cargo-fuzz (about 5 minutes).
const FUZZ_SECONDS: &str = "60";

/// The fuzzer for a short, fixed time: one test that fails when it finds a failing input.
fn fuzz_suite(ctx: &Ctx) -> SuiteResult {
    let started = Instant::now();
    let result = crate::fuzz::run(ctx, &["--seconds".to_string(), FUZZ_SECONDS.to_string()]);
    SuiteResult {
        name: "fuzz",
        counts: Counts {
            passed: u64::from(result.is_ok()),
            failed: u64::from(result.is_err()),
            reports: 1,
        },
        error: None,
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn cargo_suite(name: &'static str, cmd: &mut std::process::Command) -> SuiteResult {
    finish(name, stream(cmd), parse_cargo_counts)
}

fn finish(
    name: &'static str,
    streamed: Result<crate::util::Streamed>,
    parse: fn(&str) -> Counts,
) -> SuiteResult {
    match streamed {
        Err(error) => SuiteResult {
            name,
            error: Some(error),
            ..Default::default()
        },
        Ok(run) => {
            let counts = parse(&run.stdout);
            let error = if counts.reports == 0 {
                Some("reported no test results (did it build?)".to_string())
            } else if !run.success && counts.failed == 0 {
                Some("exited with an error but reported no failing test".to_string())
            } else {
                None
            };
            SuiteResult {
                name,
                counts,
                error,
                seconds: run.seconds,
            }
        }
    }
}

fn e2e_suite(ctx: &Ctx, chromium: &Path) -> SuiteResult {
    let started = Instant::now();
    // The size budget is a gate: a landing that makes the app too big fails the e2e suite.
    let built = dist::run_cmd(ctx, &[])
        .and_then(|dist| dist::check_budget(dist::print_sizes(&dist)?).map(|()| dist));
    let dist = match built {
        Ok(dist) => dist,
        Err(error) => {
            return SuiteResult {
                name: "e2e",
                error: Some(format!("dist/: {error}")),
                seconds: started.elapsed().as_secs_f64(),
                ..Default::default()
            }
        }
    };
    let tests_dir = ctx.root.join("e2e/tests");
    let mut files: Vec<_> = fs::read_dir(&tests_dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut cmd = ctx.cmd("node");
    cmd.args(["--test", "--test-reporter=tap"])
        .args(&files)
        .env("CHROMIUM_PATH", chromium)
        .env("CONLAB_DIST", &dist)
        .env("CONLAB_E2E_OUT", ctx.root.join("e2e/out"));
    let mut result = finish("e2e", stream(&mut cmd), parse_node_tap_counts);
    result.seconds = started.elapsed().as_secs_f64();
    result
}

/// `npm ci` in e2e/ unless node_modules already holds the pinned playwright-core.
pub fn ensure_e2e_deps(ctx: &Ctx) -> Result {
    tools::require(ctx, "node", "Node.js 20+ with npm (https://nodejs.org/)")?;
    let e2e = ctx.root.join("e2e");
    let wanted = fs::read_to_string(e2e.join("package.json"))
        .ok()
        .and_then(|json| json_string_field(&json, "playwright-core"));
    let installed = fs::read_to_string(e2e.join("node_modules/playwright-core/package.json"))
        .ok()
        .and_then(|json| json_string_field(&json, "version"));
    if wanted.is_some() && wanted == installed {
        return Ok(());
    }
    say("installing e2e dependencies (npm ci in e2e/)");
    crate::util::exec(
        ctx.cmd("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&e2e),
    )
}

/// The string value of the first `"key": "value"` in a JSON text (enough for package.json).
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let after_key = &json[json.find(&format!("\"{key}\""))? + key.len() + 2..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = after_colon.strip_prefix('"')?;
    Some(value[..value.find('"')?].to_string())
}

/// Sums every `test result: ok. N passed; M failed; ...` line (unit, integration, doc tests,
/// and wasm-bindgen-test-runner, which prints the same format).
pub fn parse_cargo_counts(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        counts.reports += 1;
        for part in rest.split([';', '.']) {
            let mut words = part.split_whitespace();
            if let (Some(n), Some(what)) = (words.next(), words.next()) {
                match (n.parse::<u64>(), what) {
                    (Ok(n), "passed") => counts.passed += n,
                    (Ok(n), "failed") => counts.failed += n,
                    _ => {}
                }
            }
        }
    }
    counts
}

/// Reads node --test's TAP summary: `# pass N`, `# fail N` (cancelled tests count as failed).
pub fn parse_node_tap_counts(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output.lines() {
        let mut words = line.split_whitespace();
        if words.next() != Some("#") {
            continue;
        }
        let (Some(what), Some(n)) = (
            words.next(),
            words.next().and_then(|n| n.parse::<u64>().ok()),
        ) else {
            continue;
        };
        match what {
            "pass" => {
                counts.passed += n;
                counts.reports += 1;
            }
            "fail" | "cancelled" => counts.failed += n,
            _ => {}
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_test_result_lines() {
        let out = "\
running 3 tests
test a ... ok
test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

test result: FAILED. 8 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 1.20s
   Doc-tests conlab_core
test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        assert_eq!(
            parse_cargo_counts(out),
            Counts {
                passed: 11,
                failed: 2,
                reports: 3
            }
        );
        assert_eq!(
            parse_cargo_counts("error[E0425]: cannot find value").reports,
            0
        );
    }

    #[test]
    fn reads_node_tap_summary() {
        let out = "\
TAP version 13
ok 1 - shell
1..1
# tests 4
# suites 1
# pass 3
# fail 1
# cancelled 0
# skipped 0
# todo 0
# duration_ms 4242.1
";
        assert_eq!(
            parse_node_tap_counts(out),
            Counts {
                passed: 3,
                failed: 1,
                reports: 1
            }
        );
    }

    #[test]
    fn finds_package_json_strings() {
        let json = r#"{ "version": "1.65.1", "devDependencies": { "playwright-core": "1.65.1" } }"#;
        assert_eq!(
            json_string_field(json, "playwright-core").as_deref(),
            Some("1.65.1")
        );
        assert_eq!(
            json_string_field(json, "version").as_deref(),
            Some("1.65.1")
        );
        assert_eq!(json_string_field(json, "missing"), None);
    }
}
