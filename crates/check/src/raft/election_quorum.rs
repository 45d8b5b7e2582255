use super::history::{quorum_text, set_text};
use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::Quorum;
use conlab_raft::{RaftNode, Role, Term};

pub const PROPERTY: Property = Property {
    name: "election_quorum",
    title: "Elected by Config Majority",
    statement: "A candidate becomes leader only with votes from a majority of each configuration in force (C_old and C_new while joint).",
    source: "Raft §5.2, §6 (joint consensus); Ongaro's dissertation §4.1 (a server uses its latest configuration)",
};

/// When a node is first seen leading a term, the votes that elected it must be a quorum of
/// its configuration: a majority of C_new and, while joint, of C_old too.
#[derive(Clone, Debug)]
pub struct ElectionQuorum {
    /// Per node: the last term in which it was seen leading.
    checked: Vec<Term>,
}

impl ElectionQuorum {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            checked: vec![0; cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for ElectionQuorum {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, _history: &RaftHistory) -> Option<Breach> {
        let term = node.current_term();
        let checked = &mut self.checked[node.id().index()];
        if node.role() != Role::Leader || *checked == term {
            return None;
        }
        *checked = term;
        let votes = node.elected_by();
        let joint = node.joint();
        if joint.has_quorum(|v| votes.contains(&v)) {
            return None;
        }
        Some(Breach::new(
            vec![node.id()],
            format!(
                "{} leads term {term} with the votes of {}, not a majority of {}.",
                node.id(),
                set_text(votes),
                quorum_text(&joint)
            ),
        ))
    }
}
