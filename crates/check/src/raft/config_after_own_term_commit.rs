use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{LogIndex, RaftNode, Role, Term};

pub const PROPERTY: Property = Property {
    name: "config_after_own_term_commit",
    title: "Config Change after Own-Term Commit",
    statement:
        "A leader appends a configuration entry only after an entry of its own term is committed.",
    source: "Ongaro's dissertation §4.1; the fix to the single-server bug (raft-dev, 2015-07-10)",
};

/// A leader's newest configuration entry, if it is of the leader's term, must follow a
/// committed entry of that term. The leader's own-term entries below it are a contiguous run
/// (terms in a log never decrease); the first of them is committed if the history's committed
/// prefix reaches it with that term (Log Matching makes it the same entry).
#[derive(Clone, Debug)]
pub struct ConfigAfterOwnTermCommit {
    /// Per node: the (term, index) of the configuration entry last found sound.
    sound: Vec<(Term, LogIndex)>,
}

impl ConfigAfterOwnTermCommit {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            sound: vec![(0, 0); cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for ConfigAfterOwnTermCommit {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        let (term, log) = (node.current_term(), node.log());
        let &index = node.config_indices().last()?;
        let sound = &mut self.sound[node.id().index()];
        if node.role() != Role::Leader
            || log.term_at(index) != Some(term)
            || *sound == (term, index)
        {
            return None;
        }
        let mut first = index;
        while first > 1 && log.term_at(first - 1) == Some(term) {
            first -= 1;
        }
        let committed = history.committed().get(first as usize - 1).map(|c| c.term);
        if first < index && committed == Some(term) {
            *sound = (term, index);
            return None;
        }
        Some(Breach::new(
            vec![node.id()],
            format!(
                "{} appended a configuration entry at index {index} in term {term} before any entry of term {term} was committed.",
                node.id()
            ),
        ))
    }
}
