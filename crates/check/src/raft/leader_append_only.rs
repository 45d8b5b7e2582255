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
/// Compaction (§7) removes no entry in this sense: one the leader has since compacted is
/// kept unless the committed entry at its index differs, for the snapshot stands for the
/// committed prefix; a snapshot of uncommitted entries is `snapshot_safety`'s to report.
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

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        let slot = &mut self.seen[node.id().index()];
        if node.role() != Role::Leader {
            *slot = None;
            return None;
        }
        let log = node.log();
        let (term, last) = (node.current_term(), log.last_index());
        let Some((seen_term, seen_len, seen_last)) = slot.as_ref() else {
            *slot = Some((term, last, log.entry(last).cloned()));
            return None;
        };
        let (seen_term, seen_len) = (*seen_term, *seen_len);
        let kept = if seen_len <= log.start_index() {
            let committed = (seen_len as usize)
                .checked_sub(1)
                .and_then(|i| history.committed().get(i));
            match (seen_last, committed) {
                (Some(e), Some(c)) => e.term == c.term && e.command == c.command,
                _ => true,
            }
        } else {
            last >= seen_len && log.entry(seen_len) == seen_last.as_ref()
        };
        let breach = (seen_term == term && !kept).then(|| {
            Breach::new(
                vec![node.id()],
                format!(
                    "Leader {} of term {term} removed or rewrote entries: its log had {seen_len} entries and now has {last}.",
                    node.id(),
                ),
            )
        });
        // Most leader steps change neither the term nor the log's end: then the entry kept
        // is the one already seen, and nothing is copied.
        if (seen_term, seen_len) != (term, last) || !kept {
            *slot = Some((term, last, log.entry(last).cloned()));
        }
        breach
    }
}
