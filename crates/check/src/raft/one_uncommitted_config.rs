use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{RaftNode, Role};

pub const PROPERTY: Property = Property {
    name: "one_uncommitted_config",
    title: "One Config Change at a Time",
    statement: "A leader's log holds at most one configuration entry that is not committed.",
    source: "Ongaro's dissertation §4.1 (single-server changes)",
};

/// A leader's configuration entries past the history's committed prefix (which is never
/// behind any server's commit index): more than one means a change began before the
/// previous one committed.
#[derive(Clone, Debug, Default)]
pub struct OneUncommittedConfig;

impl Invariant<RaftNode, RaftHistory> for OneUncommittedConfig {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        // Indices ascend: if the second newest is uncommitted, so is the newest.
        let [.., older, newer] = node.config_indices() else {
            return None;
        };
        let committed = history.committed().len() as u64;
        (node.role() == Role::Leader && *older > committed).then(|| {
            Breach::new(
                vec![node.id()],
                format!(
                    "{} holds uncommitted configuration entries at indices {older} and {newer}.",
                    node.id()
                ),
            )
        })
    }
}
