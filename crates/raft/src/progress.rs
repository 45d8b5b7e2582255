//! The leader's view of each follower's log (Figure 2's nextIndex and matchIndex), kept as one
//! [`Progress`] per voter in the style of etcd-io/raft's `tracker.Progress`.

use crate::LogIndex;
use conlab_core::{Configuration, NodeId, Quorum};

/// How the leader is sending to a follower (etcd-io/raft's `StateType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressState {
    /// The leader does not yet know where the follower's log matches its own and is backing
    /// nextIndex off until an AppendEntries succeeds (§5.3, "the leader decrements nextIndex
    /// and retries").
    Probe,
    /// A match is known; entries stream from nextIndex on.
    Replicate,
    /// The entries the follower needs were compacted away, so the leader sent it an
    /// InstallSnapshot (§7) and sends no entries until it is answered (etcd-io/raft's
    /// `StateSnapshot`); heartbeats still go out. An answer that the follower stores the log
    /// through the snapshot's last included index moves it to Replicate; a rejection an
    /// election timeout later means it was lost, and it is sent again (see
    /// [`Progress::reject`]).
    Snapshot,
}

impl ProgressState {
    pub fn name(self) -> &'static str {
        match self {
            ProgressState::Probe => "probe",
            ProgressState::Replicate => "replicate",
            ProgressState::Snapshot => "snapshot",
        }
    }
}

/// What the leader knows about one follower (or itself), and how much it has in flight to
/// it: in [`ProgressState::Probe`] one AppendEntries at a time until a match is found, in
/// [`ProgressState::Replicate`] a bounded window of them (etcd-io/raft's flow control), in
/// [`ProgressState::Snapshot`] one InstallSnapshot and no entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    next_index: LogIndex,
    match_index: LogIndex,
    state: ProgressState,
    /// Probe: an AppendEntries is out and no reply has come back since.
    probe_sent: bool,
    /// Replicate: the last index carried by each AppendEntries in flight, oldest first.
    inflight: Vec<LogIndex>,
    /// Snapshot: the last included index of the snapshot in flight (etcd-io/raft's
    /// `PendingSnapshot`), and how many more heartbeat ticks a rejection is taken as one
    /// that overtook it.
    pending_snapshot: LogIndex,
    snapshot_patience: u64,
    /// An AppendEntries went out since the last heartbeat tick, so the tick can skip it.
    recently_sent: bool,
    /// The latest heartbeat round it acknowledged (dissertation §6.4).
    round: u64,
}

impl Progress {
    /// Figure 2: "nextIndex initialized to leader last log index + 1, matchIndex to 0".
    pub fn new(next_index: LogIndex) -> Self {
        Self {
            next_index,
            match_index: 0,
            state: ProgressState::Probe,
            probe_sent: false,
            inflight: Vec::new(),
            pending_snapshot: 0,
            snapshot_patience: 0,
            recently_sent: false,
            round: 0,
        }
    }

    /// The latest heartbeat round this server acknowledged in the leader's term.
    pub fn round(&self) -> u64 {
        self.round
    }

    /// A reply of the leader's term echoed heartbeat round `round`.
    pub(crate) fn acknowledge_round(&mut self, round: u64) {
        self.round = self.round.max(round);
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

    /// How many AppendEntries with entries are in flight (Replicate), whether the probe is
    /// (Probe: 0 or 1), or the snapshot (Snapshot: 1).
    pub fn inflight(&self) -> usize {
        match self.state {
            ProgressState::Probe => usize::from(self.probe_sent),
            ProgressState::Replicate => self.inflight.len(),
            ProgressState::Snapshot => 1,
        }
    }

    /// Snapshot: the last included index of the snapshot in flight.
    pub fn pending_snapshot(&self) -> Option<LogIndex> {
        (self.state == ProgressState::Snapshot).then_some(self.pending_snapshot)
    }

    /// Whether the leader may send an AppendEntries with entries now: in Probe when no probe
    /// is out, in Replicate when entries up to `last_index` are unsent and fewer than
    /// `window` messages are in flight, in Snapshot never.
    pub(crate) fn can_send(&self, last_index: LogIndex, window: usize) -> bool {
        match self.state {
            ProgressState::Probe => !self.probe_sent,
            ProgressState::Replicate => {
                self.next_index <= last_index && self.inflight.len() < window.max(1)
            }
            ProgressState::Snapshot => false,
        }
    }

    /// An AppendEntries whose last entry is `last_sent` went out (`None`: no entries, a
    /// heartbeat). In Replicate nextIndex moves past what was sent, optimistically; in Probe
    /// it stays until the follower answers; in Snapshot only heartbeats go out. `on_tick`
    /// tells a heartbeat tick's send from the others, which let the next tick skip this
    /// follower.
    pub(crate) fn sent(&mut self, last_sent: Option<LogIndex>, on_tick: bool) {
        self.recently_sent |= !on_tick;
        match self.state {
            ProgressState::Probe => self.probe_sent = true,
            ProgressState::Replicate => {
                if let Some(last) = last_sent {
                    self.next_index = last + 1;
                    self.inflight.push(last);
                }
            }
            ProgressState::Snapshot => {}
        }
    }

    /// An InstallSnapshot through `index` went out (§7; etcd-io/raft's `BecomeSnapshot`): no
    /// entries until it is answered, and nextIndex is the entry after the snapshot.
    /// Rejections are put down to heartbeats that overtook it until more heartbeat ticks have
    /// passed than `election_ticks`, the ticks in the minimum election timeout (so at least
    /// that timeout).
    pub(crate) fn snapshot_sent(&mut self, index: LogIndex, on_tick: bool, election_ticks: u64) {
        self.recently_sent |= !on_tick;
        self.state = ProgressState::Snapshot;
        self.pending_snapshot = index;
        self.snapshot_patience = election_ticks + 1;
        self.next_index = index.saturating_add(1);
        self.probe_sent = false;
        self.inflight.clear();
    }

    /// At a heartbeat tick: whether an AppendEntries went out since the previous tick (then
    /// this one needs no heartbeat). Starts the next interval; in Snapshot, one tick less of
    /// patience.
    pub(crate) fn tick(&mut self) -> bool {
        if self.state == ProgressState::Snapshot {
            self.snapshot_patience = self.snapshot_patience.saturating_sub(1);
        }
        std::mem::take(&mut self.recently_sent)
    }

    /// The server stores the log up to `index` (a successful AppendEntries, or the leader's
    /// own append). A reply older than what is known changes nothing; otherwise a probe has
    /// found its match and replication streams from `index + 1`. In Snapshot, once the
    /// server stores the log through the snapshot's last included index (it installed it,
    /// or already had it), replication streams from `index + 1` too; an older reply only
    /// raises the match. Returns whether the match rose: only then can the commit index move.
    pub(crate) fn acknowledge(&mut self, index: LogIndex) -> bool {
        if index < self.match_index {
            return false;
        }
        let rose = index > self.match_index;
        self.match_index = index;
        match self.state {
            ProgressState::Snapshot if index < self.pending_snapshot => {}
            ProgressState::Probe | ProgressState::Snapshot => {
                self.state = ProgressState::Replicate;
                self.next_index = index.saturating_add(1);
                self.probe_sent = false;
            }
            ProgressState::Replicate => {
                self.next_index = self.next_index.max(index.saturating_add(1));
                self.inflight.retain(|&last| last > index);
            }
        }
        rose
    }

    /// The consistency check failed; `hint` is the follower's last index. Moves nextIndex
    /// back (to the hint if that is further, §5.3's optimization, never to or below what
    /// already matched), returns to probing, and returns whether it moved, i.e. whether to
    /// retry. A rejection that would not move nextIndex, or whose hint is below what is
    /// known to match (the answer to a message older than that match), is stale and
    /// changes nothing.
    ///
    /// In Snapshot the follower is sent heartbeats only, which it rejects until it has
    /// installed the snapshot. A rejection within an election timeout (counted in heartbeat
    /// ticks) of sending the snapshot changes nothing: its heartbeat may have overtaken the
    /// snapshot, or been sent before the answer could come back, as a snapshot lands within
    /// a broadcast time, far less than an election timeout (§5.6). A later one means the
    /// snapshot was lost, or the follower crashed before installing it: back to Probe from
    /// the entry after the match, which is compacted away, so the retry is the snapshot
    /// again. A follower that does not answer at all (crashed, cut off) is sent no second
    /// snapshot until it answers. (etcd-io/raft leaves StateSnapshot when the application
    /// reports the snapshot failed, `ReportSnapshot`; here the follower's answers report it.)
    pub(crate) fn reject(&mut self, hint: LogIndex) -> bool {
        if hint < self.match_index {
            return false;
        }
        if self.state == ProgressState::Snapshot {
            if self.snapshot_patience > 0 {
                return false;
            }
            self.state = ProgressState::Probe;
            self.next_index = self.match_index.saturating_add(1);
            return true;
        }
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
        self.probe_sent = false;
        self.inflight.clear();
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

    /// How many servers are tracked.
    pub fn len(&self) -> usize {
        self.progress.len()
    }

    pub fn is_empty(&self) -> bool {
        self.progress.is_empty()
    }

    /// The `i`-th tracked server, by id.
    pub fn id_at(&self, i: usize) -> NodeId {
        self.progress[i].0
    }

    /// Start tracking every voter of `config` not tracked yet, at `next_index` (a server added
    /// by a configuration entry, dissertation §4.1). Servers no longer voters stay tracked.
    pub(crate) fn track(&mut self, config: &Configuration, next_index: LogIndex) {
        for &id in config.voters() {
            if let Err(at) = self.progress.binary_search_by_key(&id, |(v, _)| *v) {
                self.progress.insert(at, (id, Progress::new(next_index)));
            }
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
    fn a_probe_waits_for_its_answer_then_replication_streams_in_a_window() {
        let mut p = Progress::new(5);
        assert!(p.can_send(9, 2));
        p.sent(Some(5), false);
        assert!(!p.can_send(9, 2), "one probe at a time");
        assert_eq!((p.next_index(), p.inflight()), (5, 1));
        p.acknowledge(5);
        assert_eq!((p.match_index(), p.next_index()), (5, 6));
        assert_eq!(p.state(), ProgressState::Replicate);
        p.sent(Some(6), false);
        p.sent(Some(7), false);
        assert_eq!((p.next_index(), p.inflight()), (8, 2));
        assert!(!p.can_send(9, 2), "the window of 2 is full");
        p.acknowledge(6);
        assert!(p.can_send(9, 2));
        assert_eq!(p.inflight(), 1);
        p.acknowledge(3);
        assert_eq!(
            (p.match_index(), p.next_index()),
            (6, 8),
            "late replies change nothing"
        );
        assert!(!p.reject(0), "a late rejection cannot go below the match");
        assert_eq!(p.state(), ProgressState::Replicate);
    }

    #[test]
    fn a_rejection_probes_back_to_the_hint() {
        let mut p = Progress::new(5);
        p.sent(Some(5), false);
        assert!(p.reject(1));
        assert_eq!((p.next_index(), p.state()), (2, ProgressState::Probe));
        assert_eq!(
            p.inflight(),
            0,
            "nothing is counted in flight after a rejection"
        );
        assert!(p.reject(7), "a hint past nextIndex still steps back by one");
        assert_eq!(p.next_index(), 1);
        assert!(!p.reject(0), "nextIndex never goes below 1");
    }

    #[test]
    fn a_heartbeat_tick_skips_followers_sent_to_since_the_last_tick() {
        let mut p = Progress::new(1);
        p.sent(None, true);
        assert!(!p.tick(), "a heartbeat does not count");
        p.sent(Some(1), false);
        assert!(p.tick());
        assert!(!p.tick(), "each tick starts a new interval");
    }

    #[test]
    fn a_snapshot_in_flight_stops_appends_until_the_follower_answers() {
        let mut p = Progress::new(5);
        p.snapshot_sent(10, false, 2);
        assert_eq!((p.state(), p.next_index()), (ProgressState::Snapshot, 11));
        assert_eq!(p.pending_snapshot(), Some(10));
        assert!(!p.can_send(20, 4), "no entries while the snapshot is out");
        p.acknowledge(4);
        assert_eq!(p.state(), ProgressState::Snapshot, "an older answer");
        p.acknowledge(10);
        assert_eq!((p.state(), p.next_index()), (ProgressState::Replicate, 11));
        assert_eq!(p.pending_snapshot(), None);
    }

    #[test]
    fn a_snapshot_rejected_after_an_election_timeout_is_sent_again() {
        let mut p = Progress::new(5);
        p.acknowledge(3);
        p.snapshot_sent(10, false, 2);
        for tick in 1..=2 {
            p.tick();
            assert!(
                !p.reject(3),
                "tick {tick}: the heartbeat may have overtaken it"
            );
            assert_eq!(p.state(), ProgressState::Snapshot);
        }
        p.tick();
        assert!(
            p.reject(3),
            "more ticks than the election timeout holds: lost"
        );
        assert_eq!((p.state(), p.next_index()), (ProgressState::Probe, 4));
        assert!(p.can_send(20, 4), "the probe, which is the snapshot again");
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
