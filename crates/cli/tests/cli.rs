//! The `conlab` binary end to end: exit codes, summary shape, links, sweeps.

use std::process::{Command, Output};

fn conlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conlab"))
        .args(args)
        .output()
        .expect("conlab runs")
}

fn example(name: &str) -> String {
    format!(
        "{}/../../docs/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn run_prints_the_summary_of_every_node() {
    let out = conlab(&["run", &example("raft-leader-crash"), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nodes = summary["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 5);
    for key in [
        "id",
        "role",
        "term",
        "voted_for",
        "log",
        "commit_index",
        "state_machine",
    ] {
        assert!(nodes[0].get(key).is_some(), "node summary lacks {key}");
    }
    assert_eq!(nodes[1]["state_machine"]["x"], "1");
    assert_eq!(summary["leaders"]["1"], 1);
    assert_eq!(summary["violations"], serde_json::json!([]));
}

#[test]
fn run_with_trace_prints_every_step_before_the_summary() {
    let out = conlab(&[
        "run",
        &example("raft-split-vote"),
        "--until",
        "300",
        "--trace",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("RequestVote"), "{text}");
    let json_start = text.find("\n{").expect("a JSON summary follows the trace");
    let summary: serde_json::Value = serde_json::from_str(&text[json_start..]).unwrap();
    assert_eq!(summary["time_ms"], 300);
}

#[test]
fn a_violation_exits_1_and_bad_input_exits_2() {
    let mut scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("raft-figure-8")).unwrap()).unwrap();
    scenario["raft"]["bugs"] = serde_json::json!({ "commit_old_term_by_counting": true });
    let dir = std::env::temp_dir().join(format!("conlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let buggy = dir.join("figure8-bug.json");
    std::fs::write(&buggy, scenario.to_string()).unwrap();
    let out = conlab(&["run", buggy.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["violations"][0]["invariant"],
        "state_machine_safety"
    );

    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"version\": 1, \"protocol\": \"raft\"").unwrap();
    let out = conlab(&["run", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid scenario"));
    assert_eq!(
        conlab(&["run", "/no/such/file.json"]).status.code(),
        Some(2)
    );
    assert_eq!(conlab(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn link_and_unlink_round_trip() {
    let out = conlab(&["link", &example("raft-leader-crash")]);
    assert_eq!(out.status.code(), Some(0));
    let link = String::from_utf8(out.stdout).unwrap();
    let out = conlab(&["unlink", link.trim()]);
    assert_eq!(out.status.code(), Some(0));
    let back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back["name"], "Raft: the leader crashes");
    let out = conlab(&["unlink", "1.garbage!"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged"));
}

#[test]
fn sweep_passes_for_correct_raft_and_names_the_property_a_bug_breaks() {
    let out = conlab(&[
        "sweep",
        "--protocol",
        "raft",
        "--nodes",
        "3,5",
        "--seeds",
        "20",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let bug = [
        "sweep",
        "--nodes",
        "3",
        "--seeds",
        "100",
        "--bug",
        "forget_vote_on_restart",
        "--first-seed",
        "90",
    ];
    let out = conlab(&bug);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("one_vote_per_term"), "{text}");
    assert!(text.contains("share link: #1."), "{text}");
    let out = conlab(&["sweep", "--bug", "no_such_bug"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no_election_restriction"));
}

#[test]
fn run_paxos_summarizes_each_acceptor_and_the_chosen_value() {
    let out = conlab(&["run", &example("paxos-basic"), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["protocol"], "paxos");
    assert_eq!(summary["chosen"]["value"], "blue");
    assert_eq!(
        summary["chosen"]["ballot"],
        serde_json::json!({ "round": 1, "node": 1 })
    );
    for node in summary["nodes"].as_array().unwrap() {
        assert_eq!(
            node["promised"],
            serde_json::json!({ "round": 1, "node": 1 })
        );
        assert_eq!(node["accepted"]["value"], "blue");
        assert_eq!(node["learned"]["value"], "blue");
    }
    assert_eq!(summary["violations"], serde_json::json!([]));
}

#[test]
fn run_multipaxos_summarizes_each_replicas_slots_and_state_machine() {
    let out = conlab(&["run", &example("multipaxos-leader-crash"), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["chosen"],
        serde_json::json!({ "1": "set x 1", "2": "noop", "3": "set z 3", "4": "set w 4" })
    );
    let s1 = &summary["nodes"][0];
    assert_eq!(
        s1["slots"][1]["accepted"]["command"], "set y 2",
        "S1's own proposal, never chosen"
    );
    assert_eq!(s1["slots"][1]["chosen"], "noop");
    assert_eq!(
        s1["state_machine"],
        serde_json::json!({ "x": "1", "z": "3", "w": "4" })
    );
    assert_eq!(summary["nodes"][2]["role"], "leader");
}

#[test]
fn sweep_passes_for_correct_paxos_and_multipaxos_and_names_what_a_bug_breaks() {
    for protocol in ["paxos", "multipaxos"] {
        let out = conlab(&[
            "sweep",
            "--protocol",
            protocol,
            "--nodes",
            "3,5",
            "--seeds",
            "20",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{protocol}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let cases = [
        ("paxos", "acceptor_forgets_on_restart", "promise_monotonic"),
        ("paxos", "proposer_ignores_promised_values", "safe_accept"),
        (
            "multipaxos",
            "leader_skips_phase1_on_takeover",
            "safe_accept",
        ),
    ];
    for (protocol, bug, property) in cases {
        let out = conlab(&[
            "sweep",
            "--protocol",
            protocol,
            "--nodes",
            "3",
            "--seeds",
            "20",
            "--bug",
            bug,
        ]);
        assert_eq!(out.status.code(), Some(1), "{bug}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("broken: {property}")),
            "{bug}: {text}"
        );
    }
    let out = conlab(&[
        "sweep",
        "--protocol",
        "paxos",
        "--bug",
        "no_election_restriction",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("learner_mixes_ballots"));
    assert_eq!(
        conlab(&["sweep", "--protocol", "zab"]).status.code(),
        Some(2)
    );
}
