use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::NodeId;
use conlab_raft::{RaftNode, Term};

pub const INVARIANT: Invariant = Invariant {
    name: "one_vote_per_term",
    title: "One Vote per Term",
    statement: "Each server votes for at most one candidate in a given term, across crashes and restarts too.",
    source: "Raft §5.2, Figure 2 (votedFor is persistent)",
};

/// Ghost history: each node's latest term with the vote it cast in it.
#[derive(Clone, Debug)]
pub struct OneVotePerTerm {
    votes: Vec<(Term, Option<NodeId>)>,
    latch: Latch,
}

impl OneVotePerTerm {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            votes: vec![(0, None); cluster_size],
            latch: Latch::default(),
        }
    }

    pub fn check(&mut self, ctx: StepContext, node: &RaftNode, out: &mut Vec<Violation>) {
        let (term, vote) = (node.current_term(), node.voted_for());
        let record = &mut self.votes[node.id().index()];
        if term > record.0 {
            *record = (term, vote);
            return;
        }
        match (record.1, vote) {
            (Some(first), Some(second)) if term == record.0 && first != second => {
                let message = format!(
                    "{} voted for {first} and then for {second} in term {term}.",
                    node.id()
                );
                self.latch.report(
                    &INVARIANT,
                    ctx,
                    vec![node.id(), first, second],
                    message,
                    out,
                );
            }
            (None, Some(_)) if term == record.0 => record.1 = vote,
            _ => {}
        }
    }
}
