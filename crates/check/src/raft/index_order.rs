use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::RaftNode;

pub const PROPERTY: Property = Property {
    name: "index_order",
    title: "Applied ≤ Committed ≤ Logged",
    statement: "On every server lastApplied ≤ commitIndex ≤ the index of its last log entry.",
    source: "Raft Figure 2 (state on all servers)",
};

#[derive(Clone, Debug, Default)]
pub struct IndexOrder;

impl Invariant<RaftNode, RaftHistory> for IndexOrder {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, _: &RaftHistory) -> Option<Breach> {
        let (applied, commit, last) = (
            node.last_applied(),
            node.commit_index(),
            node.log().last_index(),
        );
        (applied > commit || commit > last).then(|| {
            Breach::new(
                vec![node.id()],
                format!(
                    "{} has lastApplied {applied}, commitIndex {commit} and only {last} log entries.",
                    node.id()
                ),
            )
        })
    }
}
