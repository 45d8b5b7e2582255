//! Every Multi-Paxos invariant fires on a history that breaks it. Node states come from the
//! node's own inputs (a restart from given durable state, messages); a leader's 2a claims
//! are the notes it would emit; each test asserts which invariant fires first.

use super::MultiPaxosChecker;
use crate::{Checker, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::{Input, NodeId, Out, Protocol};
use conlab_paxos::multi::{Durable, Msg, Note, Origin};
use conlab_paxos::{Ballot, MultiPaxosConfig, MultiPaxosNode, Slot};
use std::sync::Arc;

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);

fn b(round: u64, node: NodeId) -> Ballot {
    Ballot::new(round, node)
}

fn cmd(text: &str) -> Command {
    text.parse().unwrap()
}

/// A replica restarted with `promised` and the proposals it accepted, slot by slot.
fn replica(id: NodeId, promised: Option<Ballot>, accepted: &[(Ballot, &str)]) -> MultiPaxosNode {
    let mut node = MultiPaxosNode::new(id, 3, &MultiPaxosConfig::default());
    let accepted = accepted
        .iter()
        .map(|(ballot, c)| Some((*ballot, Arc::new(cmd(c)))))
        .collect();
    let durable = Durable { promised, accepted };
    node.step(Input::Restart(durable), &mut Out::default());
    node
}

/// A replica told by `from` that `commands` are chosen from slot 1 on (it executes them).
fn told_chosen(id: NodeId, commands: &[&str]) -> MultiPaxosNode {
    let mut node = replica(id, None, &[]);
    let msg = Msg::Chosen {
        first_slot: 1,
        commands: commands.iter().map(|c| cmd(c)).collect(),
    };
    node.step(Input::Recv { from: S3, msg }, &mut Out::default());
    node
}

type Step<'a> = (&'a MultiPaxosNode, Vec<Note>);

fn fired(requests: &[&str], steps: &[Step]) -> Vec<Violation> {
    let mut checker = MultiPaxosChecker::new(3);
    for r in requests {
        checker.client_request(&cmd(r));
    }
    let mut out = Vec::new();
    for (i, (node, notes)) in steps.iter().enumerate() {
        let ctx = StepContext {
            at: i as u64,
            step: i as u64 + 1,
        };
        checker.after_step(ctx, node, false, notes, &mut out);
    }
    out
}

fn first(requests: &[&str], steps: &[Step]) -> String {
    let out = fired(requests, steps);
    assert!(!out.is_empty(), "nothing fired");
    out[0].invariant.to_string()
}

fn proposed(ballot: Ballot, slot: Slot, command: &str) -> Note {
    Note::Proposed {
        ballot,
        slot,
        command: cmd(command),
        origin: Origin::Client,
    }
}

fn became_leader(ballot: Ballot, promisers: &[NodeId]) -> Note {
    Note::BecameLeader {
        ballot,
        promisers: promisers.to_vec(),
    }
}

#[test]
fn a_correct_slot_fires_nothing() {
    let ballot = b(1, S1);
    let (p1, p2) = (
        replica(S1, Some(ballot), &[]),
        replica(S2, Some(ballot), &[]),
    );
    let a1 = replica(S1, Some(ballot), &[(ballot, "set x 1")]);
    let a2 = replica(S2, Some(ballot), &[(ballot, "set x 1")]);
    let steps = [
        (&p1, vec![]),
        (&p2, vec![]),
        (
            &p1,
            vec![
                became_leader(ballot, &[S1, S2]),
                proposed(ballot, 1, "set x 1"),
            ],
        ),
        (&a1, vec![]),
        (&a2, vec![]),
    ];
    assert_eq!(fired(&["set x 1"], &steps), vec![]);
}

#[test]
fn nontriviality_fires_for_a_command_no_client_submitted() {
    let a1 = replica(S1, Some(b(1, S1)), &[(b(1, S1), "set x 9")]);
    let a2 = replica(S2, Some(b(1, S1)), &[(b(1, S1), "set x 9")]);
    assert_eq!(first(&[], &[(&a1, vec![]), (&a2, vec![])]), "nontriviality");
}

#[test]
fn nontriviality_allows_a_gap_filling_noop() {
    let a1 = replica(S1, Some(b(1, S1)), &[(b(1, S1), "noop")]);
    let a2 = replica(S2, Some(b(1, S1)), &[(b(1, S1), "noop")]);
    assert_eq!(fired(&[], &[(&a1, vec![]), (&a2, vec![])]), vec![]);
}

#[test]
fn at_most_one_chosen_fires_for_two_commands_chosen_in_one_slot() {
    let a1 = replica(S1, Some(b(1, S1)), &[(b(1, S1), "set x 1")]);
    let a2 = replica(S2, Some(b(1, S1)), &[(b(1, S1), "set x 1")]);
    let c2 = replica(S2, Some(b(2, S2)), &[(b(2, S2), "set x 2")]);
    let c3 = replica(S3, Some(b(2, S2)), &[(b(2, S2), "set x 2")]);
    let steps = [(&a1, vec![]), (&a2, vec![]), (&c2, vec![]), (&c3, vec![])];
    let out = fired(&["set x 1", "set x 2"], &steps);
    assert_eq!(out[0].invariant, "at_most_one_chosen", "{out:?}");
    assert!(out[0].message.contains("in slot 1"));
}

#[test]
fn learned_only_chosen_fires_for_a_replica_deciding_an_unchosen_command() {
    let s1 = told_chosen(S1, &["set x 1"]);
    assert_eq!(first(&["set x 1"], &[(&s1, vec![])]), "learned_only_chosen");
}

#[test]
fn one_value_per_ballot_fires_for_two_commands_in_one_ballot_and_slot() {
    let a1 = replica(S1, Some(b(1, S1)), &[(b(1, S1), "set x 1")]);
    let a2 = replica(S2, Some(b(1, S1)), &[(b(1, S1), "set x 2")]);
    let out = fired(&["set x 1", "set x 2"], &[(&a1, vec![]), (&a2, vec![])]);
    assert_eq!(out[0].invariant, "one_value_per_ballot", "{out:?}");
}

#[test]
fn promise_monotonic_fires_when_a_promise_goes_back() {
    let (high, low) = (
        replica(S1, Some(b(5, S2)), &[]),
        replica(S1, Some(b(2, S3)), &[]),
    );
    assert_eq!(
        first(&[], &[(&high, vec![]), (&low, vec![])]),
        "promise_monotonic"
    );
}

#[test]
fn accepted_le_promised_fires_for_an_acceptance_above_the_promise() {
    let s1 = replica(S1, Some(b(1, S2)), &[(b(3, S2), "set x 1")]);
    assert_eq!(
        first(&["set x 1"], &[(&s1, vec![])]),
        "accepted_le_promised"
    );
}

#[test]
fn safe_accept_fires_for_a_proposal_without_phase_1() {
    let s1 = replica(S1, Some(b(4, S1)), &[]);
    let steps = [(&s1, vec![proposed(b(4, S1), 1, "set x 1")])];
    let out = fired(&["set x 1"], &steps);
    assert_eq!(out[0].invariant, "safe_accept", "{out:?}");
    assert!(out[0].message.contains("no promise at all"));
}

#[test]
fn replica_agreement_fires_for_two_commands_executed_in_one_slot() {
    let (s1, s2) = (told_chosen(S1, &["set x 1"]), told_chosen(S2, &["set x 2"]));
    let out = fired(&["set x 1", "set x 2"], &[(&s1, vec![]), (&s2, vec![])]);
    assert!(
        out.iter().any(|v| v.invariant == "replica_agreement"),
        "{out:?}"
    );
}

#[test]
fn in_order_execution_fires_when_a_state_is_not_the_replay_of_the_chosen_commands() {
    // S1 executes slot 1 = `set x 1`; later it shows slot 1 = `set x 2` and slot 2 executed:
    // its state (x = 2) is not what executing its slots in order from the first one gave.
    let before = told_chosen(S1, &["set x 1"]);
    let after = told_chosen(S1, &["set x 2", "set y 1"]);
    let out = fired(
        &["set x 1", "set x 2", "set y 1"],
        &[(&before, vec![]), (&after, vec![])],
    );
    assert!(
        out.iter().any(|v| v.invariant == "in_order_execution"),
        "{out:?}"
    );
}

#[test]
fn the_displayed_invariants_are_the_checked_ones_in_order() {
    let checked: Vec<&str> = super::invariants(3)
        .iter()
        .map(|i| i.property().name)
        .collect();
    let shown: Vec<&str> = <MultiPaxosChecker as Checker<MultiPaxosNode>>::invariants()
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(checked, shown);
}
