//! Every single-decree Paxos invariant fires on a history that breaks it. Node states come
//! from the node's own inputs (a restart from given durable state, messages); the proposer's
//! 2a claims are the notes it would emit; each test asserts which invariant fires first.

use super::PaxosChecker;
use crate::{Checker, StepContext, Violation};
use conlab_core::{Input, NodeId, Out, Protocol};
use conlab_paxos::{Ballot, Durable, Msg, Note, PaxosConfig, PaxosNode};

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);

fn b(round: u64, node: NodeId) -> Ballot {
    Ballot::new(round, node)
}

fn v(text: &str) -> String {
    text.to_string()
}

fn node(id: NodeId, durable: Durable) -> PaxosNode {
    let mut node = PaxosNode::new(id, 3, &PaxosConfig::default());
    node.step(Input::Restart(durable), &mut Out::default());
    node
}

/// An acceptor that accepted `(ballot, value)` (and so promised `ballot`).
fn accepted(id: NodeId, ballot: Ballot, value: &str) -> PaxosNode {
    node(
        id,
        Durable {
            promised: Some(ballot),
            accepted: Some((ballot, v(value))),
            ..Durable::default()
        },
    )
}

fn promised(id: NodeId, ballot: Ballot) -> PaxosNode {
    node(
        id,
        Durable {
            promised: Some(ballot),
            ..Durable::default()
        },
    )
}

/// One step of a history: a node state, the notes of its step.
type Step<'a> = (&'a PaxosNode, Vec<Note>);

/// Feed the steps to a fresh checker after the clients' `requests`; what fired.
fn fired(requests: &[&str], steps: &[Step]) -> Vec<Violation> {
    let mut checker = PaxosChecker::new(3);
    for r in requests {
        checker.client_request(&v(r));
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

fn proposed(ballot: Ballot, value: &str, promisers: &[NodeId]) -> Note {
    Note::Proposed {
        ballot,
        value: v(value),
        promisers: promisers.to_vec(),
        adopted_from: None,
    }
}

#[test]
fn a_correct_round_fires_nothing() {
    let (p1, p2) = (promised(S1, b(1, S1)), promised(S2, b(1, S1)));
    let a1 = accepted(S1, b(1, S1), "blue");
    let a2 = accepted(S2, b(1, S1), "blue");
    let out = fired(
        &["blue"],
        &[
            (&p1, vec![]),
            (&p2, vec![]),
            (&p1, vec![proposed(b(1, S1), "blue", &[S1, S2])]),
            (&a1, vec![]),
            (&a2, vec![]),
        ],
    );
    assert_eq!(out, vec![]);
}

#[test]
fn nontriviality_fires_for_a_value_no_client_requested() {
    let (a1, a2) = (
        accepted(S1, b(1, S1), "evil"),
        accepted(S2, b(1, S1), "evil"),
    );
    assert_eq!(
        first(&["blue"], &[(&a1, vec![]), (&a2, vec![])]),
        "nontriviality"
    );
}

#[test]
fn at_most_one_chosen_fires_for_two_values_chosen() {
    let (a1, a2) = (accepted(S1, b(1, S1), "a"), accepted(S2, b(1, S1), "a"));
    let (b2, b3) = (accepted(S2, b(2, S2), "b"), accepted(S3, b(2, S2), "b"));
    let steps = [(&a1, vec![]), (&a2, vec![]), (&b2, vec![]), (&b3, vec![])];
    let out = fired(&["a", "b"], &steps);
    assert_eq!(out[0].invariant, "at_most_one_chosen", "{out:?}");
}

#[test]
fn learned_only_chosen_fires_for_a_learner_whose_reports_no_acceptor_state_backs() {
    let mut s1 = PaxosNode::new(S1, 3, &PaxosConfig::default());
    let accepted = Msg::Accepted {
        ballot: b(1, S2),
        value: v("x"),
    };
    for from in [S2, S3] {
        let msg = accepted.clone();
        s1.step(Input::Recv { from, msg }, &mut Out::default());
    }
    assert!(s1.learned().is_some());
    // No acceptor's state ever held the proposal: the reports were not true.
    assert_eq!(first(&["x"], &[(&s1, vec![])]), "learned_only_chosen");
}

#[test]
fn one_value_per_ballot_fires_for_two_values_in_one_ballot() {
    let (a1, a2) = (accepted(S1, b(1, S1), "a"), accepted(S2, b(1, S1), "b"));
    assert_eq!(
        first(&["a", "b"], &[(&a1, vec![]), (&a2, vec![])]),
        "one_value_per_ballot"
    );
}

#[test]
fn promise_monotonic_fires_when_a_promise_goes_back() {
    let (high, low) = (promised(S1, b(5, S2)), promised(S1, b(2, S3)));
    assert_eq!(
        first(&[], &[(&high, vec![]), (&low, vec![])]),
        "promise_monotonic"
    );
}

#[test]
fn accepted_le_promised_fires_for_an_acceptance_above_the_promise() {
    let s1 = node(
        S1,
        Durable {
            promised: Some(b(1, S2)),
            accepted: Some((b(3, S2), v("x"))),
            ..Durable::default()
        },
    );
    assert_eq!(first(&["x"], &[(&s1, vec![])]), "accepted_le_promised");
}

#[test]
fn safe_accept_fires_for_a_claimed_promise_never_given() {
    // S2 promised (2,S1); S3 jumped straight to (3,S3) and never promised (2,S1).
    let (p2, p3) = (promised(S2, b(2, S1)), promised(S3, b(3, S3)));
    let s1 = promised(S1, b(2, S1));
    let steps = [
        (&p2, vec![]),
        (&p3, vec![]),
        (&s1, vec![proposed(b(2, S1), "x", &[S2, S3])]),
    ];
    let out = fired(&["x"], &steps);
    assert_eq!(out[0].invariant, "safe_accept", "{out:?}");
    assert!(out[0].message.contains("S3, which never promised (2,S1)"));
}

#[test]
fn safe_accept_fires_for_a_value_other_than_the_highest_reported() {
    let a2 = accepted(S2, b(1, S2), "old");
    let (p2, p3) = (promised(S2, b(2, S1)), promised(S3, b(2, S1)));
    let s1 = promised(S1, b(2, S1));
    let steps = [
        (&a2, vec![]),
        (&p2, vec![]),
        (&p3, vec![]),
        (&s1, vec![proposed(b(2, S1), "new", &[S2, S3])]),
    ];
    let out = fired(&["old", "new"], &steps);
    assert_eq!(out[0].invariant, "safe_accept", "{out:?}");
    assert!(out[0].message.contains("P2c requires `old`"));
}

#[test]
fn safe_accept_fires_for_too_few_promises() {
    let s1 = promised(S1, b(2, S1));
    let steps = [(&s1, vec![proposed(b(2, S1), "x", &[S1])])];
    assert_eq!(first(&["x"], &steps), "safe_accept");
}

#[test]
fn the_displayed_invariants_are_the_checked_ones_in_order() {
    let checked: Vec<&str> = super::invariants(3)
        .iter()
        .map(|i| i.property().name)
        .collect();
    let shown: Vec<&str> = <PaxosChecker as Checker<PaxosNode>>::invariants()
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(checked, shown);
}
