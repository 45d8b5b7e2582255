use super::history::quorum_text;
use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{RaftNode, Role};

pub const PROPERTY: Property = Property {
    name: "commit_quorum",
    title: "Commit by Config Majority",
    statement: "A leader commits an entry of its term only once a majority of each configuration in force stores it (C_old and C_new while joint).",
    source: "Raft §5.3, §5.4.2, §6 (joint consensus); Ongaro's dissertation §4.1 (a server uses its latest configuration)",
};

/// A leader's commit index, where it points at an entry of the leader's term, must lie within
/// the history's committed prefix: that prefix counts which servers were seen storing each
/// entry, against a majority of the configuration the term's leader uses (of both halves
/// while it is joint).
#[derive(Clone, Debug, Default)]
pub struct CommitQuorum;

impl Invariant<RaftNode, RaftHistory> for CommitQuorum {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        let (term, commit) = (node.current_term(), node.commit_index());
        if node.role() != Role::Leader
            || node.log().term_at(commit) != Some(term)
            || commit <= history.committed().len() as u64
        {
            return None;
        }
        let of = quorum_text(&history.config_of(term).unwrap_or(node.joint()));
        Some(Breach::new(
            vec![node.id()],
            format!(
                "{} committed index {commit} of term {term}, which no majority of {of} stores.",
                node.id()
            ),
        ))
    }
}
