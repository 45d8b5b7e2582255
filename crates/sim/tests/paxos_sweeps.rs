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
        pre_vote: false,
        check_quorum: false,
        reads: None,
        clients: None,
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

/// Every toggle, the invariants it is meant to break (its targets), and every property a
/// sweep may report first when it catches the toggle.
type Expectation = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const PAXOS_EXPECTATIONS: [Expectation; 9] = [
    (
        "acceptor_forgets_on_restart",
        &["promise_monotonic"],
        &["promise_monotonic"],
    ),
    (
        "proposer_ignores_promised_values",
        &["safe_accept"],
        &["safe_accept"],
    ),
    (
        "learner_mixes_ballots",
        &["learned_only_chosen"],
        &["learned_only_chosen"],
    ),
    (
        "non_unique_ballots",
        &["one_value_per_ballot"],
        &["one_value_per_ballot", "safe_accept"],
    ),
    (
        "accept_without_promising",
        &["accepted_le_promised"],
        &["accepted_le_promised"],
    ),
    // Acceptances below the promise that land before the higher ballot's 2a make that 2a
    // unsafe (reported first as Safe Accept); those that land after it choose a second value.
    (
        "accept_below_promise",
        &["at_most_one_chosen"],
        &["at_most_one_chosen", "safe_accept"],
    ),
    // Its late acceptances land only after the newer ballot's 2a, so the first catch at every
    // size is a second value chosen (seeds 112 / 88 / 715, with the duel nemesis).
    (
        "late_accept_overwrites",
        &["at_most_one_chosen"],
        &["at_most_one_chosen"],
    ),
    (
        "propose_invented_value",
        &["nontriviality"],
        &["nontriviality"],
    ),
    // The first 2a goes out with floor(n/2) promises, short of a majority.
    ("minority_quorum", &["safe_accept"], &["safe_accept"]),
];

const MULTIPAXOS_EXPECTATIONS: [Expectation; 8] = [
    (
        "leader_skips_phase1_on_takeover",
        &["safe_accept"],
        &["safe_accept"],
    ),
    (
        "execute_out_of_order",
        &["in_order_execution"],
        &["in_order_execution"],
    ),
    (
        "restart_trusts_own_accepts",
        &["replica_agreement", "learned_only_chosen"],
        &["replica_agreement", "learned_only_chosen"],
    ),
    (
        "forget_promise_on_restart",
        &["promise_monotonic"],
        &["promise_monotonic"],
    ),
    (
        "accept_without_promising",
        &["accepted_le_promised"],
        &["accepted_le_promised"],
    ),
    (
        "accept_below_promise",
        &["at_most_one_chosen"],
        &["at_most_one_chosen", "safe_accept"],
    ),
    (
        "propose_invented_command",
        &["nontriviality"],
        &["nontriviality"],
    ),
    (
        "non_unique_ballots",
        &["one_value_per_ballot"],
        &["one_value_per_ballot", "safe_accept"],
    ),
];

/// Issue 10: every toggle is caught within 1,000 seeds at 3, 5 and 7 nodes, first breaking
/// one of its expected properties, and its target invariant is reported on some seed up to
/// 1,000.
fn every_toggle_is_caught<P: Sweepable>(names: &[&str], expectations: &[Expectation]) {
    let mut listed: Vec<_> = expectations.iter().map(|(bug, ..)| *bug).collect();
    listed.sort_unstable();
    let mut toggles = names.to_vec();
    toggles.sort_unstable();
    assert_eq!(listed, toggles, "every toggle has exactly one expectation");
    for &(bug, targets, properties) in expectations {
        let mut seen: Vec<String> = Vec::new();
        for nodes in [3, 5, 7] {
            let (seed, property) = first_catch::<P>(bug, nodes, 1000);
            assert!(
                properties.contains(&property.as_str()),
                "{bug} (seed {seed}, {nodes} nodes) broke {property}"
            );
            seen.push(property);
        }
        for target in targets {
            let target_seen = seen.iter().any(|p| p == target)
                || [3, 5, 7].into_iter().any(|nodes| {
                    (1..=1000).any(|seed| {
                        run::<P>(&spec(nodes, seed, &[bug])).is_err_and(|f| f.property == *target)
                    })
                });
            assert!(target_seen, "{bug} never broke {target} within 1,000 seeds");
        }
    }
}

#[test]
fn every_paxos_bug_toggle_is_caught_by_a_sweep() {
    every_toggle_is_caught::<PaxosNode>(&PaxosBugs::NAMES, &PAXOS_EXPECTATIONS);
}

#[test]
fn every_multipaxos_bug_toggle_is_caught_by_a_sweep() {
    every_toggle_is_caught::<MultiPaxosNode>(&MultiPaxosBugs::NAMES, &MULTIPAXOS_EXPECTATIONS);
}

/// Issue 10: every invariant a checker lists is the target of some toggle, so a new
/// invariant without a toggle that trips it fails the build.
fn every_invariant_is_targeted(protocol: &str, names: &[&str], expectations: &[Expectation]) {
    for name in names {
        assert!(
            expectations
                .iter()
                .any(|(_, targets, _)| targets.contains(name)),
            "no {protocol} bug toggle targets {name}"
        );
    }
}

#[test]
fn every_paxos_invariant_is_the_target_of_a_bug_toggle() {
    let names: Vec<_> = conlab_check::paxos::invariants(3)
        .iter()
        .map(|i| i.property().name)
        .collect();
    every_invariant_is_targeted("Paxos", &names, &PAXOS_EXPECTATIONS);
}

#[test]
fn every_multipaxos_invariant_is_the_target_of_a_bug_toggle() {
    let names: Vec<_> = conlab_check::multipaxos::invariants(3)
        .iter()
        .map(|i| i.property().name)
        .collect();
    every_invariant_is_targeted("Multi-Paxos", &names, &MULTIPAXOS_EXPECTATIONS);
}
