use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{LogIndex, RaftNode, Role, Term};

pub const PROPERTY: Property = Property {
    name: "leader_completeness",
    title: "Leader Completeness",
    statement: "If a log entry is committed in a given term, then that entry will be present in the logs of the leaders for all higher-numbered terms.",
    source: "Raft §5.4, Figure 3; \"committed\" as in the TLA+ proof: stored on a majority by the leader of its term",
};

/// Holds every leader to the history's committed prefix (which counts what servers stored,
/// not what any commit index says): on its first step as leader of a term against all of it,
/// then against each entry committed since. A leader whose log starts after a snapshot (§7)
/// holds the compacted entries through it: the snapshot's last included entry stands for
/// its prefix when it is the committed entry at that index (that the snapshot's state is
/// that prefix's, `snapshot_safety` checks).
#[derive(Clone, Debug)]
pub struct LeaderCompleteness {
    /// Per node: the term it was last checked as leader of, and how many committed entries
    /// it has been checked against in that term.
    checked: Vec<(Term, usize)>,
}

impl LeaderCompleteness {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            checked: vec![(0, 0); cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for LeaderCompleteness {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        if node.role() != Role::Leader {
            return None;
        }
        let term = node.current_term();
        let (checked_term, checked) = &mut self.checked[node.id().index()];
        if *checked_term != term {
            (*checked_term, *checked) = (term, 0);
        }
        let committed = history.committed();
        let from = *checked;
        *checked = committed.len();
        let log = node.log();
        let start = log.start_index();
        let snapshot_committed = (start as usize)
            .checked_sub(1)
            .is_none_or(|i| committed.get(i).is_some_and(|c| c.term == log.start_term()));
        for (i, c) in committed.iter_from(from) {
            let index = i as LogIndex + 1;
            let present = if index <= start {
                snapshot_committed
            } else {
                log.term_at(index) == Some(c.term)
            };
            if c.in_term < term && !present {
                return Some(Breach::new(
                    vec![node.id(), c.holder],
                    format!(
                        "{} became leader of term {term} without the term-{} entry at index {index}, committed in term {}.",
                        node.id(),
                        c.term,
                        c.in_term
                    ),
                ));
            }
        }
        None
    }
}
