//! The page's "Trace (.json)" and `conlab run --trace --json` write the same file
//! (docs/scenarios.md, "Trace files"): the lab's trace at a cursor equals the CLI's trace of a
//! run to that instant, step for step, violations included; compare mode writes both sides.

mod common;
use common::example;
use conlab_sim::report::simulate;
use conlab_sim::view::new_lab;
use serde_json::Value;

/// The example `name`, with its bug toggle on for a `…-bug-…` file (as the gallery's Show me).
fn scenario(name: &str) -> conlab_sim::Scenario {
    let mut scenario = example(name);
    if let Some((protocol, bug)) = name.split_once("-bug-") {
        assert!(protocol.len() > 3);
        scenario.enable_bug(&bug.replace('-', "_")).unwrap();
    }
    scenario
}

fn page_trace(name: &str, ms: u64) -> Value {
    let scenario = scenario(name);
    let mut lab = new_lab(scenario.clone()).unwrap();
    lab.seek(ms);
    let json = serde_json::to_string(&scenario).unwrap();
    serde_json::from_str(&lab.trace(&json)).expect("the page's trace is JSON")
}

#[test]
fn the_page_and_the_cli_write_the_same_trace_up_to_the_cursor() {
    for (name, ms) in [
        ("raft-leader-crash", 3_000),
        ("raft-clients", 2_500),
        ("raft-bug-no-election-restriction", 3_800),
        ("multipaxos-leader-crash", 3_000),
        ("paxos-dueling", 2_000),
    ] {
        let page = page_trace(name, ms);
        let cli = simulate(&scenario(name), ms, true)
            .unwrap()
            .trace_file
            .unwrap();
        assert_eq!(page["format"], "consensus-lab-trace", "{name}");
        let steps = page["runs"][0]["steps"].as_array().unwrap();
        assert!(
            steps.len() > 10,
            "{name}: a real run ({} steps)",
            steps.len()
        );
        assert_eq!(page["runs"], cli["runs"], "{name} at {ms} ms");
    }
}

#[test]
fn a_violation_found_by_the_cursor_is_in_the_trace() {
    let trace = page_trace("raft-bug-no-election-restriction", 3_800);
    let violations = trace["runs"][0]["violations"].as_array().unwrap();
    assert!(!violations.is_empty(), "the bug's violation is in the file");
    let first = &violations[0];
    let steps = trace["runs"][0]["steps"].as_array().unwrap();
    assert!(first["step"].as_u64().unwrap() <= steps.len() as u64);
    assert!(first["invariant"].as_str().unwrap().len() > 3);
}

#[test]
fn compare_mode_writes_both_runs_raft_first() {
    let base = example("raft-leader-crash");
    let mut lab = conlab_sim::view::compare_lab(&base).unwrap();
    lab.seek(2_000);
    let json = serde_json::to_string(&base).unwrap();
    let trace: Value = serde_json::from_str(&lab.trace(&json)).expect("JSON");
    let runs = trace["runs"].as_array().unwrap();
    let protocols: Vec<&str> = runs
        .iter()
        .map(|r| r["protocol"].as_str().unwrap())
        .collect();
    assert_eq!(protocols, ["raft", "multipaxos"]);
    for run in runs {
        let steps = run["steps"].as_array().unwrap();
        assert!(steps.len() > 10, "each side's steps up to the cursor");
        assert!(steps.iter().all(|s| s["at"].as_u64().unwrap() <= 2_000));
    }
}
