use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{RaftNode, Role};

pub const PROPERTY: Property = Property {
    name: "election_safety",
    title: "Election Safety",
    statement: "At most one leader can be elected in a given term.",
    source: "Raft §5.2, Figure 3",
};

/// Each leader is compared with the first leader the history saw in its term.
#[derive(Clone, Debug, Default)]
pub struct ElectionSafety;

impl Invariant<RaftNode, RaftHistory> for ElectionSafety {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        if node.role() != Role::Leader {
            return None;
        }
        let term = node.current_term();
        let first = *history.leaders().get(&term)?;
        (first != node.id()).then(|| {
            Breach::new(
                vec![first, node.id()],
                format!(
                    "{first} and {} were both elected leader in term {term}.",
                    node.id()
                ),
            )
        })
    }
}
