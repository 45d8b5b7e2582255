use crate::{Invariant, Latch, StepContext, Violation};
use conlab_raft::RaftNode;

pub const INVARIANT: Invariant = Invariant {
    name: "index_order",
    title: "Applied ≤ Committed ≤ Logged",
    statement: "On every server lastApplied ≤ commitIndex ≤ the index of its last log entry.",
    source: "Raft Figure 2 (state on all servers)",
};

#[derive(Clone, Debug, Default)]
pub struct IndexOrder {
    latch: Latch,
}

impl IndexOrder {
    pub fn check(&mut self, ctx: StepContext, node: &RaftNode, out: &mut Vec<Violation>) {
        let (applied, commit, last) = (
            node.last_applied(),
            node.commit_index(),
            node.log().last_index(),
        );
        if applied > commit || commit > last {
            let message = format!(
                "{} has lastApplied {applied}, commitIndex {commit} and only {last} log entries.",
                node.id()
            );
            self.latch
                .report(&INVARIANT, ctx, vec![node.id()], message, out);
        }
    }
}
