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

/// `--trace --json` writes the trace file the page downloads (docs/scenarios.md, "Trace
/// files"): the scenario, then every step of the run in order, with the violations.
#[test]
fn run_with_trace_and_json_writes_the_trace_file_of_every_step() {
    let out = conlab(&[
        "run",
        &example("raft-leader-crash"),
        "--until",
        "1000",
        "--trace",
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let trace = &doc["trace"];
    assert_eq!(trace["format"], "consensus-lab-trace");
    assert_eq!(trace["version"], 1);
    assert_eq!(trace["scenario"]["protocol"], "raft");
    let run = &trace["runs"][0];
    assert_eq!(run["protocol"], "raft");
    let steps = run["steps"].as_array().unwrap();
    assert_eq!(steps.len() as u64, doc["steps"].as_u64().unwrap());
    assert_eq!(steps.last().unwrap()["step"], doc["steps"]);
    assert!(steps
        .iter()
        .any(|s| s["do"] == "deliver" && s["message"] == "RequestVote"));
    assert_eq!(run["violations"], serde_json::json!([]));
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

/// Issue 10, defects 5–6: every bad flag is refused with exit 2 and a clear message; none
/// hangs, panics or silently falls back to a default.
#[test]
fn bad_flags_exit_2_with_a_clear_message() {
    let file = example("raft-leader-crash");
    let cases: [(&[&str], &str); 12] = [
        (&["sweep", "--fault-ms", "abc"], "expected a whole number"),
        (&["sweep", "--recover-ms", "-1"], "expected a whole number"),
        (&["sweep", "--seeds", "0"], "0 is not in 1.."),
        (
            &[
                "sweep",
                "--first-seed",
                "18446744073709551615",
                "--seeds",
                "2",
            ],
            "runs past the largest seed",
        ),
        (
            &["run", &file, "--until", "18446744073709551615"],
            "at most 3600000 ms",
        ),
        (
            &["sweep", "--fault-ms", "18446744073709551615"],
            "at most 3600000 ms",
        ),
        (&["sweep", "--fault-ms", "86400001"], "at most 3600000 ms"),
        (
            &["sweep", "--fault-ms", "3600000", "--recover-ms", "1"],
            "at most 3600000 ms together",
        ),
        (&["sweep", "--nodes", "3,16"], "16 is not in 1..=15"),
        (&["sweep", "--seed-range", "9..3"], "holds no seed"),
        (
            &["sweep", "--seed-range", "1..9", "--seeds", "3"],
            "cannot be used with",
        ),
        (
            &["sweep", "--faults", "crash,meteor"],
            "unknown fault `meteor`",
        ),
    ];
    for (args, expected) in cases {
        let out = conlab(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} ran something");
    }
}

#[test]
fn every_subcommand_has_help_that_exits_0() {
    for command in [
        &["--help"][..],
        &["run", "--help"],
        &["sweep", "--help"],
        &["link", "--help"],
        &["unlink", "--help"],
    ] {
        let out = conlab(command);
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: conlab"));
    }
    let text = String::from_utf8(conlab(&["sweep", "--help"]).stdout).unwrap();
    for flag in ["--seed-range", "--fail-fast", "--fifo", "figure8"] {
        assert!(text.contains(flag), "sweep --help lacks {flag}");
    }
}

/// The seeds of a sweep, minus the summary line (which counts runs).
fn seed_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("FAIL seed") || l.contains(" failed"))
        .map(str::to_string)
        .collect()
}

#[test]
fn seed_range_shards_agree_with_one_big_run() {
    let base = ["sweep", "--nodes", "3", "--bug", "forget_vote_on_restart"];
    let whole = conlab(&[&base[..], &["--seed-range", "1..41"]].concat());
    let first = conlab(&[&base[..], &["--seed-range", "1..21"]].concat());
    let second = conlab(&[&base[..], &["--first-seed", "21", "--seeds", "20"]].concat());
    let failed = |out: &Output| -> u64 {
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.contains(" failed"))
            .unwrap()
            .to_string();
        line.split(", ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(failed(&whole) > 0, "the toggle is caught in 40 seeds");
    assert_eq!(failed(&whole), failed(&first) + failed(&second));
    let fails = |out: &Output| -> Vec<String> {
        seed_lines(out)
            .into_iter()
            .filter(|l| l.starts_with("FAIL"))
            .collect()
    };
    let mut sharded = fails(&first);
    sharded.extend(fails(&second));
    assert_eq!(fails(&whole), sharded[..fails(&whole).len()].to_vec());
}

#[test]
fn fail_fast_stops_at_the_lowest_failing_seed_and_fifo_runs() {
    let out = conlab(&[
        "sweep",
        "--nodes",
        "3",
        "--seeds",
        "200",
        "--bug",
        "forget_vote_on_restart",
        "--fail-fast",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let all = conlab(&[
        "sweep",
        "--nodes",
        "3",
        "--seeds",
        "200",
        "--bug",
        "forget_vote_on_restart",
    ]);
    let first_fail = seed_lines(&all)
        .into_iter()
        .find(|l| l.starts_with("FAIL"))
        .unwrap();
    let seed = first_fail.split(' ').nth(2).unwrap();
    assert!(
        text.contains(&format!("first failure at seed {seed}")),
        "{text}"
    );
    let out = conlab(&["sweep", "--nodes", "3", "--seeds", "10", "--fifo"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Issue 10: the plain sweep command catches Figure 8's bug, thanks to the default nemesis.
#[test]
fn a_plain_sweep_catches_commit_old_term_by_counting_at_3_5_and_7_nodes() {
    let out = conlab(&[
        "sweep",
        "--protocol",
        "raft",
        "--nodes",
        "3,5,7",
        "--seeds",
        "1000",
        "--bug",
        "commit_old_term_by_counting",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for n in [3, 5, 7] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("raft {n} nodes:")))
            .unwrap();
        assert!(!line.ends_with(" 0 failed"), "{line}");
    }
}

/// `conlab run … --trace | head` must not panic when the reader goes away.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_conlab"))
        .args(["run", &example("paxos-dueling"), "--trace"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn run_json_shows_c_old_and_c_new_while_joint() {
    let summary = |name: &str, until: &str| -> serde_json::Value {
        let out = conlab(&["run", &example(name), "--json", "--until", until]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let joint = summary("raft-bug-joint-election-counts-new-only", "500");
    for node in joint["nodes"].as_array().unwrap() {
        assert_eq!(node["configuration"], serde_json::json!([4, 5, 6]));
        assert_eq!(node["old_configuration"], serde_json::json!([1, 2, 3]));
    }
    let done = summary("raft-membership-joint", "3000");
    let s4 = &done["nodes"][3];
    assert_eq!(s4["configuration"], serde_json::json!([4, 5, 6]));
    assert!(s4.get("old_configuration").is_none(), "C_new alone: {s4}");
}

#[test]
fn run_json_shows_each_servers_snapshot_and_log_start() {
    let out = conlab(&["run", &example("raft-log-compaction"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s3 = &summary["nodes"][2];
    let start = s3["log_start"].as_u64().expect("S3 has a snapshot");
    assert_eq!(s3["snapshot"]["last_included_index"], start);
    assert_eq!(s3["snapshot"]["last_included_term"], 1);
    let log = s3["log"].as_array().unwrap().len() as u64;
    assert_eq!(
        start + log,
        13,
        "the snapshot and the log after it: the no-op and 12 sets"
    );
    let fresh = conlab(&["run", &example("raft-leader-crash"), "--json"]);
    let fresh: serde_json::Value = serde_json::from_slice(&fresh.stdout).unwrap();
    assert!(
        fresh["nodes"][0].get("snapshot").is_none(),
        "no compaction, no snapshot"
    );
}
