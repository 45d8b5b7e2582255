use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::kv::{Command, KvStore};
use conlab_core::{Chunked, NodeId};
use conlab_raft::{LogIndex, RaftNode};
use std::sync::Arc;

pub const PROPERTY: Property = Property {
    name: "state_machine_safety",
    title: "State Machine Safety",
    statement: "If a server has applied a log entry at a given index to its state machine, no other server will ever apply a different log entry for the same index.",
    source: "Raft §5.4.3, Figure 3",
};

/// Ghost history: the command first applied at each index, and by whom; plus, per server, a
/// replay of what it applied so far. A server's state machine must equal that replay, so a
/// server cannot apply one command while its log shows another.
///
/// A server that loads a snapshot (installing one, or booting from its own, §7) applies the
/// entries it covers all at once: the replay continues from the snapshot's state, which
/// `snapshot_safety` holds to the committed prefix. A server compacts only entries it
/// applied in an earlier step, so every entry applied one by one is seen here first.
#[derive(Clone, Debug)]
pub struct StateMachineSafety {
    /// The command first applied at each index (shared with the logs) and who applied it.
    applied: Chunked<(Arc<Command>, NodeId)>,
    /// Per server: the index applied so far and the state its commands yield.
    replay: Vec<(LogIndex, KvStore)>,
}

impl StateMachineSafety {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            applied: Chunked::default(),
            replay: vec![(0, KvStore::default()); cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for StateMachineSafety {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        let me = node.id();
        let last_applied = node.last_applied();
        let (done, kv) = &mut self.replay[me.index()];
        if history.booted() {
            // A (re)start: the state machine starts over from index 1.
            (*done, *kv) = (0, KvStore::default());
        }
        if last_applied == *done && !history.booted() {
            return None;
        }
        while *done < last_applied {
            let index = *done + 1;
            let start = node.log().start_index();
            if let Some(snapshot) = node
                .snapshot()
                .filter(|s| index <= start && s.last_included_index <= last_applied)
            {
                (*done, *kv) = (snapshot.last_included_index, snapshot.state.clone());
                continue;
            }
            // An entry applied in this very step and compacted at its end, which only a
            // snapshot past lastApplied does (the bug toggle): its snapshot stands for the
            // committed prefix, so replay the committed entry.
            let committed = (index as usize)
                .checked_sub(1)
                .and_then(|i| history.committed().get(i))
                .filter(|_| index <= start);
            let command = match (node.log().entry(index), committed) {
                (Some(entry), _) => &entry.command,
                (None, Some(c)) => &c.command,
                (None, None) => return None,
            };
            let i = (index - 1) as usize;
            match self.applied.get(i) {
                Some((first, holder)) if first != command => {
                    return Some(Breach::new(
                        vec![*holder, me],
                        format!(
                            "{me} applied `{command}` at index {index}, but {holder} applied `{first}` there."
                        ),
                    ));
                }
                Some(_) => {}
                None if i == self.applied.len() => self.applied.push((Arc::clone(command), me)),
                // Past a gap only a snapshot of uncommitted entries leaves (the bug toggle).
                None => {}
            }
            kv.apply(command);
            *done = index;
        }
        (kv != node.state_machine()).then(|| {
            Breach::new(
                vec![me],
                format!("{me}'s state machine differs from applying its log's entries 1..={last_applied} in order."),
            )
        })
    }
}
