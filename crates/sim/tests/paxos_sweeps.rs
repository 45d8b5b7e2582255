//! Seed sweeps for single-decree Paxos and Multi-Paxos: correct code stays safe under random
//! faults and recovers after healing (single-decree: every learner learns the chosen value;
//! Multi-Paxos: every replica executes a fresh command); every bug toggle is caught within a
//! bounded number of seeds, naming the property it breaks.

use conlab_paxos::{MultiPaxosBugs, MultiPaxosNode, PaxosBugs, PaxosNode};
use conlab_sim::sweep::{run, Faults, RunSpec};
use conlab_sim::Sweepable;

fn spec(nodes: usize, seed: u64, bugs: &[&str]) -> RunSpec {
    RunSpec {
        nodes,
        seed,
        faults: Faults::default(),
        bugs: bugs.iter().map(|b| b.to_string()).collect(),
        fault_ms: 6_000,
        recover_ms: 6_000,
        fifo: false,
    }
}

fn sweep<P: Sweepable>(seeds_per_size: u64) {
    for nodes in [3, 5, 7] {
        for seed in 1..=seeds_per_size {
            if let Err(f) = run::<P>(&spec(nodes, seed, &[])) {
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

#[test]
fn correct_paxos_is_safe_and_every_learner_learns_on_1000_seeds_per_size() {
    sweep::<PaxosNode>(1000);
}

#[test]
fn correct_multipaxos_is_safe_and_recovers_on_400_seeds_per_size() {
    sweep::<MultiPaxosNode>(400);
}

/// The first seed (up to `bound`) on which the bug is caught, and what was broken.
fn first_catch<P: Sweepable>(bug: &str, nodes: usize, bound: u64) -> (u64, String) {
    (1..=bound)
        .find_map(|seed| {
            run::<P>(&spec(nodes, seed, &[bug]))
                .err()
                .map(|f| (seed, f.property))
        })
        .unwrap_or_else(|| panic!("{bug} was not caught within {bound} seeds"))
}

#[test]
fn every_paxos_bug_toggle_is_caught_by_a_sweep() {
    let expectations = [
        (
            "acceptor_forgets_on_restart",
            1000,
            &["promise_monotonic"][..],
        ),
        (
            "proposer_ignores_promised_values",
            1000,
            &["safe_accept"][..],
        ),
        ("learner_mixes_ballots", 1000, &["learned_only_chosen"][..]),
        (
            "non_unique_ballots",
            1000,
            &["one_value_per_ballot", "safe_accept"][..],
        ),
    ];
    assert_eq!(
        expectations.len(),
        PaxosBugs::NAMES.len(),
        "every toggle has an expectation"
    );
    for nodes in [3, 5, 7] {
        for (bug, bound, properties) in expectations {
            let (seed, property) = first_catch::<PaxosNode>(bug, nodes, bound);
            assert!(
                properties.contains(&property.as_str()),
                "{bug} (seed {seed}, {nodes} nodes) broke {property}"
            );
        }
    }
}

#[test]
fn every_multipaxos_bug_toggle_is_caught_by_a_sweep() {
    let expectations = [
        (
            "leader_skips_phase1_on_takeover",
            1000,
            &["safe_accept"][..],
        ),
        ("execute_out_of_order", 1000, &["in_order_execution"][..]),
        (
            "restart_trusts_own_accepts",
            1000,
            &["replica_agreement", "learned_only_chosen"][..],
        ),
    ];
    assert_eq!(
        expectations.len(),
        MultiPaxosBugs::NAMES.len(),
        "every toggle has an expectation"
    );
    for nodes in [3, 5, 7] {
        for (bug, bound, properties) in expectations {
            let (seed, property) = first_catch::<MultiPaxosNode>(bug, nodes, bound);
            assert!(
                properties.contains(&property.as_str()),
                "{bug} (seed {seed}, {nodes} nodes) broke {property}"
            );
        }
    }
}
