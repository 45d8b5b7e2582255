//! Inputs the fuzzer (`cargo xtask fuzz`, target `fuzz/fuzz_targets/scenario.rs`) or the issue
//! 10 audit found, kept as tests: each is read the way the fuzz target reads it (a share link
//! or scenario JSON) and whatever parses is simulated for a short, bounded while. None may
//! panic (tests build with overflow checks and debug assertions).

use conlab_sim::{fuzz, link, Scenario};

/// What the fuzz target does with `(mode, text)`: the number of steps simulated.
fn exercise(mode: u8, text: &str) -> u64 {
    fuzz::exercise(&[&[mode][..], text.as_bytes()].concat())
}

#[test]
fn a_proposer_timing_out_every_millisecond_runs_bounded() {
    let json = r#"{"version":1,"protocol":"paxos","nodes":3,"paxos":{"ballot_timeout_ms":1,"backoff":false},"interventions":[{"at":1,"do":"propose","node":1,"value":"v"}]}"#;
    assert!(exercise(1, json) > 0);
    let as_link = link::encode(&Scenario::from_json(json).unwrap()).unwrap();
    assert_eq!(exercise(0, &as_link), exercise(1, json));
}

#[test]
fn a_one_node_multipaxos_cluster_runs() {
    let json = r#"{"version":1,"protocol":"multipaxos","nodes":1,"interventions":[{"at":400,"do":"client","node":1,"command":"set x 1"}],"until_ms":1000}"#;
    assert!(exercise(1, json) > 0);
}

#[test]
fn garbage_is_refused_without_panicking() {
    for (mode, text) in [
        (0, ""),
        (0, "1."),
        (0, "1.!!!!"),
        (0, "999.AAAA"),
        (1, ""),
        (1, "{"),
        (1, "[]"),
        (1, r#"{"version":1,"protocol":"raft","nodes":0}"#),
        (1, r#"{"version":1,"protocol":"nope","nodes":3}"#),
    ] {
        assert_eq!(exercise(mode, text), 0, "{mode} {text:?}");
    }
}

#[test]
fn an_initial_term_at_the_top_of_the_range_is_refused_not_wrapped() {
    // The scenario budget keeps `initial` terms far below the top (crates/raft never wraps
    // either: a server at the largest term cannot start an election; see crates/raft tests).
    let json = r#"{"version":1,"protocol":"raft","nodes":3,"initial":[{"node":1,"term":18446744073709551615}]}"#;
    let refused = Scenario::from_json(json)
        .and_then(|s| s.validate().map(|()| s))
        .err()
        .map(|e| e.to_string());
    assert!(refused.is_some_and(|e| e.contains("term")), "{json}");
    assert_eq!(exercise(1, json), 0);
}
