use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::kv::KvStore;
use conlab_raft::{LogIndex, RaftNode, Term};

pub const PROPERTY: Property = Property {
    name: "snapshot_safety",
    title: "Snapshots Hold Committed State",
    statement: "A snapshot covers only committed entries, and its state equals applying the committed entries up to its last included index, in order.",
    source: "Raft §7 (\"each server takes snapshots independently, covering just the committed entries in its log\"), Figure 12; \"committed\" as in the TLA+ proof",
};

/// Every snapshot a server holds, when first seen, against the history's committed prefix
/// (which counts what servers stored, not what any commit index says): its last included
/// entry must be the committed one at that index, and its state the replay of the committed
/// commands through it. Replays start from the state at the nearest snapshot index already
/// verified below, so each costs the entries since, not the log's length.
#[derive(Clone, Debug)]
pub struct SnapshotSafety {
    /// Per node: the (last included index, term) of the snapshot last verified.
    verified: Vec<(LogIndex, Term)>,
    /// The committed prefix's state through each verified snapshot index (and 0), by index.
    states: Vec<(LogIndex, KvStore)>,
}

impl SnapshotSafety {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            verified: vec![(0, 0); cluster_size],
            states: vec![(0, KvStore::default())],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for SnapshotSafety {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, history: &RaftHistory) -> Option<Breach> {
        let snapshot = node.snapshot()?;
        let me = node.id();
        let (index, term) = (snapshot.last_included_index, snapshot.last_included_term);
        if self.verified[me.index()] == (index, term) {
            return None;
        }
        let committed = history.committed();
        let at = (index as usize)
            .checked_sub(1)
            .and_then(|i| committed.get(i));
        if at.is_none_or(|c| c.term != term) {
            let what = match at {
                Some(c) => format!("the committed entry there is of term {}", c.term),
                None => format!("only entries up to {} are committed", committed.len()),
            };
            return Some(Breach::new(
                vec![me],
                format!("{me}'s snapshot runs through index {index} (term {term}), but {what}."),
            ));
        }
        let at = self.states.partition_point(|(i, _)| *i <= index);
        let (from, mut state) = self.states[at - 1].clone();
        for (_, c) in committed
            .iter_from(from as usize)
            .take((index - from) as usize)
        {
            state.apply(&c.command);
        }
        if state != snapshot.state {
            return Some(Breach::new(
                vec![me],
                format!("{me}'s snapshot through index {index} differs from applying the committed entries 1..={index} in order."),
            ));
        }
        if from != index {
            self.states.insert(at, (index, state));
        }
        self.verified[me.index()] = (index, term);
        None
    }
}
