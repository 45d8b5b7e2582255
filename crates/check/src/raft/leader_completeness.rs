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
/// then against each entry committed since.
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
        for (i, c) in committed.iter_from(from) {
            let index = i as LogIndex + 1;
            if c.in_term < term && node.log().term_at(index) != Some(c.term) {
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
