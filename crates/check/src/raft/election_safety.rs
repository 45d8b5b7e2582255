use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::NodeId;
use conlab_raft::{RaftNode, Role, Term};
use std::collections::BTreeMap;

pub const INVARIANT: Invariant = Invariant {
    name: "election_safety",
    title: "Election Safety",
    statement: "At most one leader can be elected in a given term.",
    source: "Raft §5.2, Figure 3",
};

/// Ghost history: the leader of every term that had one, kept across crashes.
#[derive(Clone, Debug, Default)]
pub struct ElectionSafety {
    leaders: BTreeMap<Term, NodeId>,
    latch: Latch,
}

impl ElectionSafety {
    pub fn leaders(&self) -> &BTreeMap<Term, NodeId> {
        &self.leaders
    }

    pub fn check(&mut self, ctx: StepContext, node: &RaftNode, out: &mut Vec<Violation>) {
        if node.role() != Role::Leader {
            return;
        }
        let term = node.current_term();
        let first = *self.leaders.entry(term).or_insert(node.id());
        if first != node.id() {
            let message = format!(
                "{} and {} were both elected leader in term {term}.",
                first,
                node.id()
            );
            self.latch
                .report(&INVARIANT, ctx, vec![first, node.id()], message, out);
        }
    }
}
