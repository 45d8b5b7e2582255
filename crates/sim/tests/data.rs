//! Scenario tests kept as data (the way etcd-io/raft's datadriven `testdata/` works): every
//! documented scenario in `docs/scenarios/` and every extra case in `crates/sim/testdata/`
//! is run until its `until_ms` (else 5000 ms), and its trace — one line per step — plus the
//! final state of every node, the checker's facts and violations must equal the expectation
//! recorded next to it in `crates/sim/testdata/<name>.trace`. A scenario that must be
//! rejected records its one-sentence error instead.
//!
//! After an intended change of behaviour, re-record every expectation (and the trace
//! fingerprint that `determinism.rs` shares with the wasm test) with
//!
//! ```text
//! CONLAB_RECORD=1 cargo test -p conlab-sim --test data --test determinism
//! ```
//!
//! and review the diff.

use conlab_sim::{report, Scenario, DEFAULT_UNTIL_MS};
use std::path::{Path, PathBuf};

const RECORD_VAR: &str = "CONLAB_RECORD";
const RECORD_COMMAND: &str =
    "CONLAB_RECORD=1 cargo test -p conlab-sim --test data --test determinism";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every scenario file that has (or gets) a recorded expectation.
fn cases() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["docs/scenarios", "crates/sim/testdata"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What a scenario file produces, as the text recorded for it.
fn render(path: &Path) -> String {
    let shown = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    let header = format!("# {shown} — re-record with {RECORD_COMMAND}\n");
    let text = std::fs::read_to_string(path).unwrap();
    let scenario = match Scenario::from_json(&text) {
        Ok(scenario) => scenario,
        Err(e) => return format!("{header}error: {e}\n"),
    };
    let until = scenario.until_ms.unwrap_or(DEFAULT_UNTIL_MS);
    let report = report::simulate(&scenario, until, true).unwrap();
    let summary = serde_json::to_string_pretty(&report.summary).unwrap();
    format!(
        "{header}# {} steps until {until} ms\n{}\n# final state\n{summary}\n",
        report.trace.len(),
        report.trace.join("\n")
    )
}

fn expectation(path: &Path) -> PathBuf {
    let name = path.file_stem().unwrap();
    root()
        .join("crates/sim/testdata")
        .join(name)
        .with_extension("trace")
}

#[test]
fn every_scenario_matches_its_recorded_trace_and_state() {
    let record = std::env::var_os(RECORD_VAR).is_some_and(|v| v != "0");
    let cases = cases();
    assert!(cases.len() >= 8, "the documented scenarios are cases");
    let mut mismatches = Vec::new();
    for path in &cases {
        let actual = render(path);
        let expected_path = expectation(path);
        if record {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(first_difference(&expected_path, &expected, &actual));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n\nIf the change is intended, re-record with {RECORD_COMMAND}",
        mismatches.join("\n\n")
    );
}

/// Where two recordings first differ, in a few lines.
fn first_difference(path: &Path, expected: &str, actual: &str) -> String {
    if expected.is_empty() {
        return format!("{}: no recorded expectation", path.display());
    }
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for number in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => {
                return format!(
                    "{}:{number}: differs\n  expected: {}\n  actual:   {}",
                    path.display(),
                    x.unwrap_or("(end)"),
                    y.unwrap_or("(end)")
                )
            }
        }
    }
    unreachable!("the loop returns at the first difference")
}
