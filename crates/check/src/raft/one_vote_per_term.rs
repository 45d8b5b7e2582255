use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::NodeId;
use conlab_raft::{RaftNode, Term};

pub const PROPERTY: Property = Property {
    name: "one_vote_per_term",
    title: "One Vote per Term",
    statement: "Each server votes for at most one candidate in a given term, across crashes and restarts too.",
    source: "Raft §5.2, Figure 2 (votedFor is persistent)",
};

/// Ghost history: each server's latest term with the vote it cast in it. The first
/// observation is the server's state after its first step, which for a scenario's `initial`
/// state is that state: a vote given there counts like any other.
#[derive(Clone, Debug)]
pub struct OneVotePerTerm {
    votes: Vec<(Term, Option<NodeId>)>,
}

impl OneVotePerTerm {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            votes: vec![(0, None); cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for OneVotePerTerm {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, _: &RaftHistory) -> Option<Breach> {
        let (term, vote) = (node.current_term(), node.voted_for());
        let record = &mut self.votes[node.id().index()];
        if term > record.0 {
            *record = (term, vote);
            return None;
        }
        match (record.1, vote) {
            (Some(first), Some(second)) if term == record.0 && first != second => {
                Some(Breach::new(
                    vec![node.id(), first, second],
                    format!(
                        "{} voted for {first} and then for {second} in term {term}.",
                        node.id()
                    ),
                ))
            }
            (None, Some(_)) if term == record.0 => {
                record.1 = vote;
                None
            }
            _ => None,
        }
    }
}
