use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{RaftNode, Term};

pub const PROPERTY: Property = Property {
    name: "term_monotonic",
    title: "Terms Only Grow",
    statement: "A server's currentTerm never decreases, across crashes and restarts too.",
    source: "Raft §5.1, Figure 2 (currentTerm is persistent and increases monotonically)",
};

/// Ghost history: the highest term each server was ever seen in.
#[derive(Clone, Debug)]
pub struct TermMonotonic {
    highest: Vec<Term>,
}

impl TermMonotonic {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            highest: vec![0; cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for TermMonotonic {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, _: &RaftHistory) -> Option<Breach> {
        let highest = &mut self.highest[node.id().index()];
        let term = node.current_term();
        let before = *highest;
        *highest = before.max(term);
        (term < before).then(|| {
            Breach::new(
                vec![node.id()],
                format!("{}'s term went back from {before} to {term}.", node.id()),
            )
        })
    }
}
