use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_raft::{Entry, LogIndex, RaftNode, Role, Term};

pub const PROPERTY: Property = Property {
    name: "leader_append_only",
    title: "Leader Append-Only",
    statement:
        "A leader never overwrites or deletes entries in its log; it only appends new entries.",
    source: "Raft §5.3, Figure 3",
};

/// What each node's log looked like when last seen as leader: (term, length, last entry).
#[derive(Clone, Debug)]
pub struct LeaderAppendOnly {
    seen: Vec<Option<(Term, LogIndex, Option<Entry>)>>,
}

impl LeaderAppendOnly {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            seen: vec![None; cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for LeaderAppendOnly {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, _: &RaftHistory) -> Option<Breach> {
        let slot = &mut self.seen[node.id().index()];
        if node.role() != Role::Leader {
            *slot = None;
            return None;
        }
        let log = node.log();
        let term = node.current_term();
        let before = slot.replace((term, log.last_index(), log.entry(log.last_index()).cloned()));
        let (seen_term, seen_len, seen_last) = before?;
        let kept = log.last_index() >= seen_len && log.entry(seen_len).cloned() == seen_last;
        (seen_term == term && !kept).then(|| {
            Breach::new(
                vec![node.id()],
                format!(
                    "Leader {} of term {term} removed or rewrote entries: its log had {seen_len} entries and now has {}.",
                    node.id(),
                    log.last_index()
                ),
            )
        })
    }
}
