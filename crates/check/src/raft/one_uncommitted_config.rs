use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{RaftNode, Role};

pub const PROPERTY: Property = Property {
    name: "one_uncommitted_config",
    title: "One Configuration Change at a Time",
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
        if node.role() != Role::Leader {
            return None;
        }
        let committed = history.committed().len() as u64;
        let pending: Vec<u64> = node
            .config_indices()
            .iter()
            .rev()
            .take(2)
            .filter(|&&i| i > committed)
            .copied()
            .collect();
        (pending.len() > 1).then(|| {
            Breach::new(
                vec![node.id()],
                format!(
                    "{} holds uncommitted configuration entries at indices {} and {}.",
                    node.id(),
                    pending[1],
                    pending[0]
                ),
            )
        })
    }
}
