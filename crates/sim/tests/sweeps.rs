//! Seed sweeps: correct Raft survives random faults and recovers; every bug toggle is caught
//! within a bounded number of seeds, naming the property it breaks.

use conlab_raft::{RaftBugs, RaftNode};
use conlab_sim::sweep::{run, Faults, RunSpec};

fn spec(nodes: usize, seed: u64, bugs: &[&str]) -> RunSpec {
    RunSpec {
        nodes,
        seed,
        faults: Faults::parse("crash,partition,drop,dup").unwrap(),
        bugs: bugs.iter().map(|b| b.to_string()).collect(),
        fault_ms: 6_000,
        recover_ms: 6_000,
        fifo: false,
    }
}

#[test]
fn correct_raft_is_safe_and_recovers_on_300_seeds_per_size() {
    for nodes in [3, 5, 7] {
        for seed in 1..=300 {
            if let Err(f) = run::<RaftNode>(&spec(nodes, seed, &[])) {
                panic!(
                    "{nodes} nodes, seed {seed}: {} — {}\n{}",
                    f.property,
                    f.message,
                    f.scenario.to_json()
                );
            }
        }
    }
}

/// The first seed (up to `bound`) on which the bug is caught, and what was broken.
fn first_catch(bug: &str, nodes: usize, bound: u64) -> (u64, String) {
    (1..=bound)
        .find_map(|seed| {
            run::<RaftNode>(&spec(nodes, seed, &[bug]))
                .err()
                .map(|f| (seed, f.property))
        })
        .unwrap_or_else(|| panic!("{bug} was not caught within {bound} seeds"))
}

#[test]
fn every_raft_bug_toggle_is_caught_by_a_sweep() {
    let expectations = [
        (
            "no_election_restriction",
            200,
            &[
                "leader_completeness",
                "state_machine_safety",
                "log_matching",
            ][..],
        ),
        (
            "commit_old_term_by_counting",
            5000,
            &["leader_completeness", "state_machine_safety"][..],
        ),
        ("forget_vote_on_restart", 1000, &["one_vote_per_term"][..]),
        (
            "truncate_on_any_append",
            200,
            &[
                "leader_completeness",
                "index_order",
                "state_machine_safety",
                "liveness",
            ][..],
        ),
    ];
    assert_eq!(
        expectations.len(),
        RaftBugs::NAMES.len(),
        "every toggle has an expectation"
    );
    for (bug, bound, properties) in expectations {
        let (seed, property) = first_catch(bug, 3, bound);
        assert!(
            properties.contains(&property.as_str()),
            "{bug} (seed {seed}) broke {property}"
        );
    }
}
