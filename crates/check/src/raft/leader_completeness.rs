use crate::{Invariant, Latch, StepContext, Violation};
use conlab_raft::{RaftNode, Role, Term};

pub const INVARIANT: Invariant = Invariant {
    name: "leader_completeness",
    title: "Leader Completeness",
    statement: "If a log entry is committed in a given term, then that entry will be present in the logs of the leaders for all higher-numbered terms.",
    source: "Raft §5.4, Figure 3",
};

/// Checks each new leader's log against the ghost record of committed entries.
#[derive(Clone, Debug)]
pub struct LeaderCompleteness {
    /// The latest term in which each node was checked as leader.
    checked_term: Vec<Term>,
    latch: Latch,
}

impl LeaderCompleteness {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            checked_term: vec![0; cluster_size],
            latch: Latch::default(),
        }
    }

    pub fn check(
        &mut self,
        ctx: StepContext,
        node: &RaftNode,
        committed_terms: impl Iterator<Item = Term>,
        out: &mut Vec<Violation>,
    ) {
        let term = node.current_term();
        let checked = &mut self.checked_term[node.id().index()];
        if node.role() != Role::Leader || *checked >= term {
            return;
        }
        *checked = term;
        for (i, committed_term) in committed_terms.enumerate() {
            let index = i as u64 + 1;
            if committed_term < term && node.log().term_at(index) != Some(committed_term) {
                let message = format!(
                    "{} became leader of term {term} without the committed term-{committed_term} entry at index {index}.",
                    node.id()
                );
                self.latch
                    .report(&INVARIANT, ctx, vec![node.id()], message, out);
                return;
            }
        }
    }
}
