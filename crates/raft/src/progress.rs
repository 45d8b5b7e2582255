//! The leader's view of each follower's log (Figure 2's nextIndex and matchIndex), kept as one
//! [`Progress`] per voter in the style of etcd-io/raft's `tracker.Progress`.

use crate::LogIndex;
use conlab_core::{Configuration, NodeId, Quorum};

/// How the leader is sending to a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressState {
    /// The leader does not yet know where the follower's log matches its own and is backing
    /// nextIndex off until an AppendEntries succeeds (§5.3, "the leader decrements nextIndex
    /// and retries").
    Probe,
    /// A match is known; entries stream from nextIndex on.
    Replicate,
}

impl ProgressState {
    pub fn name(self) -> &'static str {
        match self {
            ProgressState::Probe => "probe",
            ProgressState::Replicate => "replicate",
        }
    }
}

/// What the leader knows about one follower (or itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    next_index: LogIndex,
    match_index: LogIndex,
    state: ProgressState,
}

impl Progress {
    /// Figure 2: "nextIndex initialized to leader last log index + 1, matchIndex to 0".
    pub fn new(next_index: LogIndex) -> Self {
        Self {
            next_index,
            match_index: 0,
            state: ProgressState::Probe,
        }
    }

    /// The index of the next entry to send.
    pub fn next_index(&self) -> LogIndex {
        self.next_index
    }

    /// The highest index known to be replicated on this server.
    pub fn match_index(&self) -> LogIndex {
        self.match_index
    }

    pub fn state(&self) -> ProgressState {
        self.state
    }

    /// The server stores the log up to `index` (a successful AppendEntries, or the leader's
    /// own append). Late replies never move matchIndex or nextIndex back.
    pub(crate) fn acknowledge(&mut self, index: LogIndex) {
        self.match_index = self.match_index.max(index);
        self.next_index = self.next_index.max(index.saturating_add(1));
        self.state = ProgressState::Replicate;
    }

    /// The consistency check failed; `hint` is the follower's last index. Moves nextIndex
    /// back (to the hint if that is further, §5.3's optimization, never to or below what
    /// already matched) and returns whether it moved, i.e. whether to retry.
    pub(crate) fn reject(&mut self, hint: LogIndex) -> bool {
        let retry = self
            .next_index
            .saturating_sub(1)
            .min(hint.saturating_add(1))
            .max(self.match_index + 1);
        if retry >= self.next_index {
            return false;
        }
        self.next_index = retry;
        self.state = ProgressState::Probe;
        true
    }
}

/// One [`Progress`] per voter of the leader's configuration, ordered by node id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressTracker {
    progress: Vec<(NodeId, Progress)>,
}

impl ProgressTracker {
    /// Every voter starts at `next_index` with nothing known to match.
    pub fn new(config: &Configuration, next_index: LogIndex) -> Self {
        Self {
            progress: config
                .voters()
                .iter()
                .map(|&id| (id, Progress::new(next_index)))
                .collect(),
        }
    }

    pub fn get(&self, id: NodeId) -> Option<&Progress> {
        let i = self.progress.binary_search_by_key(&id, |(v, _)| *v).ok()?;
        Some(&self.progress[i].1)
    }

    pub(crate) fn get_mut(&mut self, id: NodeId) -> Option<&mut Progress> {
        let i = self.progress.binary_search_by_key(&id, |(v, _)| *v).ok()?;
        Some(&mut self.progress[i].1)
    }

    /// The highest index that a quorum of `config` stores.
    pub fn committed_index(&self, config: &impl Quorum) -> LogIndex {
        config.committed_index(|id| self.get(id).map_or(0, Progress::match_index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_moves_to_replicate_and_late_replies_never_go_back() {
        let mut p = Progress::new(5);
        p.acknowledge(5);
        assert_eq!((p.match_index(), p.next_index()), (5, 6));
        assert_eq!(p.state(), ProgressState::Replicate);
        p.acknowledge(3);
        assert_eq!((p.match_index(), p.next_index()), (5, 6));
        assert!(!p.reject(0), "a late rejection cannot go below the match");
        assert_eq!(p.state(), ProgressState::Replicate);
    }

    #[test]
    fn a_rejection_probes_back_to_the_hint() {
        let mut p = Progress::new(5);
        assert!(p.reject(1));
        assert_eq!((p.next_index(), p.state()), (2, ProgressState::Probe));
        assert!(p.reject(7), "a hint past nextIndex still steps back by one");
        assert_eq!(p.next_index(), 1);
        assert!(!p.reject(0), "nextIndex never goes below 1");
    }

    #[test]
    fn the_tracker_commits_what_a_majority_stores() {
        let config = Configuration::of_cluster(3);
        let mut t = ProgressTracker::new(&config, 4);
        t.get_mut(NodeId(1)).unwrap().acknowledge(4);
        assert_eq!(t.committed_index(&config), 0);
        t.get_mut(NodeId(3)).unwrap().acknowledge(2);
        assert_eq!(t.committed_index(&config), 2);
        assert!(t.get(NodeId(4)).is_none());
    }
}
