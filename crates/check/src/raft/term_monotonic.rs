use crate::{Invariant, Latch, StepContext, Violation};
use conlab_raft::{RaftNode, Term};

pub const INVARIANT: Invariant = Invariant {
    name: "term_monotonic",
    title: "Terms Only Grow",
    statement: "A server's currentTerm never decreases, across crashes and restarts too.",
    source: "Raft §5.1, Figure 2 (currentTerm is persistent and increases monotonically)",
};

#[derive(Clone, Debug)]
pub struct TermMonotonic {
    highest: Vec<Term>,
    latch: Latch,
}

impl TermMonotonic {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            highest: vec![0; cluster_size],
            latch: Latch::default(),
        }
    }

    pub fn check(&mut self, ctx: StepContext, node: &RaftNode, out: &mut Vec<Violation>) {
        let highest = &mut self.highest[node.id().index()];
        let term = node.current_term();
        if term < *highest {
            let message = format!(
                "{}'s term went back from {} to {term}.",
                node.id(),
                *highest
            );
            self.latch
                .report(&INVARIANT, ctx, vec![node.id()], message, out);
        }
        *highest = (*highest).max(term);
    }
}
