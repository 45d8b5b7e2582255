use crate::{Invariant, Latch, StepContext, Violation};
use conlab_raft::{Entry, LogIndex, RaftNode, Role, Term};

pub const INVARIANT: Invariant = Invariant {
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
    latch: Latch,
}

impl LeaderAppendOnly {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            seen: vec![None; cluster_size],
            latch: Latch::default(),
        }
    }

    pub fn check(&mut self, ctx: StepContext, node: &RaftNode, out: &mut Vec<Violation>) {
        let slot = &mut self.seen[node.id().index()];
        if node.role() != Role::Leader {
            *slot = None;
            return;
        }
        let log = node.log();
        let term = node.current_term();
        if let Some((seen_term, seen_len, seen_last)) = slot.take() {
            let kept = log.last_index() >= seen_len && log.entry(seen_len).cloned() == seen_last;
            if seen_term == term && !kept {
                let message = format!(
                    "Leader {} of term {term} removed or rewrote entries: its log had {seen_len} entries and now has {}.",
                    node.id(),
                    log.last_index()
                );
                self.latch
                    .report(&INVARIANT, ctx, vec![node.id()], message, out);
            }
        }
        *slot = Some((term, log.last_index(), log.entry(log.last_index()).cloned()));
    }
}
