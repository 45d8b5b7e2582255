use super::PromiseMonotonic;
use crate::{InstanceVotes, Invariant, Latch, StepContext, Violation};
use conlab_core::NodeId;
use conlab_paxos::{Ballot, NodeSet};
use std::fmt::Display;

pub const INVARIANT: Invariant = Invariant {
    name: "safe_accept",
    title: "Safe Accept (P2c)",
    statement: "A proposer sends Accept (2a) for ballot n with value v (in Multi-Paxos: for a slot) only after a majority S of acceptors promised n, and v is the value of the highest-numbered proposal below n accepted by an acceptor in S (any value if there is none).",
    source: "Paxos Made Simple §2.2 (P2c and phase 2(a)); PMMC invariant C2",
};

#[derive(Clone, Debug, Default)]
pub struct SafeAccept {
    latch: Latch,
}

impl SafeAccept {
    /// `proposer` sent Accept `(ballot, value)` resting on the promises of `promisers`. The
    /// claim is checked against the ghost history, not taken on trust: each promiser must
    /// really have promised `ballot`, and the value must be what P2c demands given every vote
    /// those acceptors ever cast.
    #[allow(clippy::too_many_arguments)]
    pub fn check<V: Clone + PartialEq + Display>(
        &mut self,
        ctx: StepContext,
        proposer: NodeId,
        slot: Option<u64>,
        ballot: Ballot,
        value: &V,
        promisers: &[NodeId],
        quorum: usize,
        promises: &PromiseMonotonic,
        votes: &InstanceVotes<V>,
        out: &mut Vec<Violation>,
    ) {
        if self.latch.tripped() {
            return;
        }
        let s: NodeSet = promisers.iter().copied().collect();
        let liar = s.iter().find(|a| promises.highest(*a) < Some(ballot));
        let required = votes
            .highest_below(ballot, s)
            .filter(|(_, required, _)| *required != value);
        if s.len() >= quorum && liar.is_none() && required.is_none() {
            return;
        }
        let instance = slot.map_or(String::new(), |slot| format!(" in slot {slot}"));
        let (nodes, message) = if s.len() < quorum {
            let who = if s.is_empty() {
                "no promise at all".to_string()
            } else {
                format!("promises from only {}", list(s))
            };
            (
                vec![proposer],
                format!(
                    "{proposer} sent Accept {ballot} `{value}`{instance} with {who}; a majority is {quorum} acceptors."
                ),
            )
        } else if let Some(liar) = liar {
            (
                vec![proposer, liar],
                format!("{proposer} sent Accept {ballot} `{value}`{instance} counting a promise from {liar}, which never promised {ballot}."),
            )
        } else {
            let (b, required, voter) = required.expect("the remaining case");
            (
                vec![proposer, voter],
                format!(
                    "{proposer} sent Accept {ballot} `{value}`{instance}, but {voter} (among the promisers {}) had accepted `{required}` in ballot {b}, the highest proposal below it; P2c requires `{required}`.",
                    list(s)
                ),
            )
        };
        self.latch.report(&INVARIANT, ctx, nodes, message, out);
    }
}

fn list(s: NodeSet) -> String {
    s.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
