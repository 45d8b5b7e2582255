//! Log compaction (Raft paper §7, Figure 13; Ongaro's dissertation ch. 5).
//!
//! - When a server's log holds more than `snapshot_after_entries` entries after its snapshot,
//!   it snapshots its state machine through its last applied entry (§7: "each server takes
//!   snapshots independently, covering just the committed entries in its log") and drops the
//!   entries the snapshot covers. The snapshot keeps the last included index and term, the
//!   configuration in force at that index (C_old too while joint, dissertation §5.1) and the
//!   key-value state.
//! - A leader whose follower needs an entry it compacted away sends that follower an
//!   [`InstallSnapshot`] (§7: "the leader must occasionally send snapshots to followers that
//!   lag behind"), in one message: Figure 13's chunking by offset is not modelled. Until the
//!   follower answers, the leader sends it heartbeats but no entries and no second snapshot
//!   ([`ProgressState::Snapshot`](crate::ProgressState::Snapshot), etcd-io/raft's
//!   `StateSnapshot`); a heartbeat rejected an election timeout later means it was lost, and
//!   it is sent again.
//! - The follower follows Figure 13's receiver rules; a snapshot that holds nothing the
//!   follower has not committed is stale, ignored and answered with its commit index, so the
//!   leader moves on.
//! - The snapshot is persistent state: a restarted server boots from it and the log after it.

use crate::message::{InstallSnapshot, InstallSnapshotReply};
use crate::node::{Durable, Note};
use crate::{LogIndex, RaftLog, RaftNode, Term};
use conlab_core::kv::KvStore;
use conlab_core::{Configuration, NodeId, Out};

/// A snapshot of the state machine through `last_included_index` (Figure 12): it replaces
/// the log's entries up to that index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub last_included_index: LogIndex,
    pub last_included_term: Term,
    /// The configuration in force at the last included index (C_new while joint).
    pub configuration: Configuration,
    /// C_old, if the configuration at the last included index is joint (Raft §6).
    pub old_configuration: Option<Configuration>,
    /// The key-value state after applying the entries up to the last included index.
    pub state: KvStore,
}

/// What a server had applied and logged when a step began, and its state machine then.
#[derive(Debug)]
pub(crate) struct SnapshotPoint {
    applied: LogIndex,
    last: LogIndex,
    state: KvStore,
}

impl RaftNode {
    /// This server's latest snapshot, if it has compacted its log or installed one (§7).
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// Before a step, when compaction is on: what the server had applied and logged, and its
    /// state machine then (a shared copy, O(1)).
    pub(crate) fn snapshot_point(&self) -> Option<SnapshotPoint> {
        self.config.snapshot_after_entries?;
        Some(SnapshotPoint {
            applied: self.last_applied,
            last: self.log.last_index(),
            state: self.kv.clone(),
        })
    }

    /// After a step: once the log holds more than `snapshot_after_entries` entries after its
    /// snapshot, snapshot the state machine through the entry applied last before the step
    /// (through the last entry held before the step with the bug toggle
    /// `snapshot_includes_uncommitted`) and compact the log. A snapshot is taken between
    /// steps, in the background, so it covers only entries the server held, and had applied,
    /// when the step began: every entry is seen in a log before it is compacted away.
    pub(crate) fn maybe_compact(&mut self, point: Option<SnapshotPoint>, out: &mut Out<Self>) {
        let (Some(point), Some(limit)) = (point, self.config.snapshot_after_entries) else {
            return;
        };
        if self.log.entries().len() as u64 <= limit {
            return;
        }
        let through = if self.config.bugs.snapshot_includes_uncommitted {
            point.last
        } else {
            point.applied
        };
        let Some(term) = self.log.term_at(through) else {
            return;
        };
        if through <= self.log.start_index() {
            return;
        }
        let mut state = point.state;
        for index in point.applied + 1..=through {
            if let Some(entry) = self.log.entry(index) {
                state.apply(&entry.command);
            }
        }
        let (configuration, old_configuration) = self.configuration_at(through);
        self.snapshot = Some(Snapshot {
            last_included_index: through,
            last_included_term: term,
            configuration,
            old_configuration,
            state,
        });
        self.log.compact_through(through);
        self.config_indices.retain(|&i| i > through);
        out.persist();
        out.note(Note::Compacted { through });
    }

    /// Send `peer` the snapshot in place of the entries it needs, which are compacted away
    /// (§7); its progress waits in Snapshot for the answer (etcd-io/raft's `BecomeSnapshot`).
    pub(crate) fn send_snapshot(&mut self, peer: NodeId, on_tick: bool, out: &mut Out<Self>) {
        let Some(snapshot) = self.snapshot.clone() else {
            return;
        };
        let (last, election_ticks) = (snapshot.last_included_index, self.election_timeout_ticks());
        let request = InstallSnapshot {
            term: self.current_term,
            leader_id: self.id,
            snapshot,
        };
        out.send(peer, request.into());
        if let Some(progress) = self.leader_mut().and_then(|l| l.progress.get_mut(peer)) {
            progress.snapshot_sent(last, on_tick, election_ticks);
        }
    }

    /// Figure 13, InstallSnapshot receiver (one message, so no offset and no chunks). The
    /// reply goes to `leaderId`.
    pub(crate) fn handle_install_snapshot(
        &mut self,
        request: InstallSnapshot,
        out: &mut Out<Self>,
    ) {
        let InstallSnapshot {
            term,
            leader_id,
            snapshot,
        } = request;
        let reply =
            |term, match_index| -> crate::Msg { InstallSnapshotReply { term, match_index }.into() };
        // 1. Reply immediately if term < currentTerm.
        if term < self.current_term {
            out.send(leader_id, reply(self.current_term, 0));
            return;
        }
        self.become_follower(term, out);
        self.leader_id = Some(leader_id);
        self.reset_election_timer(out);
        let (index, last_term) = (snapshot.last_included_index, snapshot.last_included_term);
        // A stale snapshot holds only entries this server has committed (and so stores,
        // Leader Completeness): ignore it, and tell the leader how far the log matches.
        if index <= self.commit_index {
            out.send(leader_id, reply(self.current_term, self.commit_index));
            return;
        }
        // 6. If an existing log entry has the same index and term as the snapshot's last
        //    included entry, retain the log entries following it; 7. else discard the log.
        if self.log.term_at(index) == Some(last_term) {
            self.log.compact_through(index);
        } else {
            self.log = RaftLog::after_snapshot(index, last_term, Vec::new());
        }
        // 8. Reset the state machine using the snapshot (and load its configuration).
        self.install(snapshot);
        out.persist();
        out.note(Note::InstalledSnapshot { index });
        out.send(leader_id, reply(self.current_term, index));
    }

    /// The reply lets the leader set the follower's matchIndex and nextIndex, leave Snapshot
    /// for Replicate, and send what follows the snapshot.
    pub(crate) fn handle_install_snapshot_reply(
        &mut self,
        from: NodeId,
        reply: InstallSnapshotReply,
        out: &mut Out<Self>,
    ) {
        if reply.term != self.current_term {
            return;
        }
        let Some(progress) = self.leader_mut().and_then(|l| l.progress.get_mut(from)) else {
            return;
        };
        progress.acknowledge(reply.match_index);
        self.promote_learner(out);
        self.maybe_advance_commit_index(out);
        self.send_appends(from, out);
    }

    /// Boot from persistent state: the snapshot, if any, then the log after it (§7).
    pub(crate) fn boot(&mut self, durable: Durable) {
        let Some(snapshot) = durable.snapshot else {
            self.log = RaftLog::from_entries(durable.log);
            return;
        };
        let (index, term) = (snapshot.last_included_index, snapshot.last_included_term);
        self.log = RaftLog::after_snapshot(index, term, durable.log);
        self.install(snapshot);
    }

    /// The state machine, commit index and configuration start from `snapshot`, whose
    /// entries the log no longer holds.
    fn install(&mut self, snapshot: Snapshot) {
        let index = snapshot.last_included_index;
        self.kv = snapshot.state.clone();
        self.commit_index = self.commit_index.max(index);
        self.last_applied = index;
        self.snapshot = Some(snapshot);
        self.reload_configuration();
    }

    /// Entries up to the commit index that are compacted away, which only a snapshot past
    /// the commit index leaves (the bug toggle): apply them by loading the snapshot. Whether
    /// it did.
    pub(crate) fn apply_snapshot_gap(&mut self) -> bool {
        let Some(snapshot) = &self.snapshot else {
            return false;
        };
        let index = snapshot.last_included_index;
        if self.last_applied >= index || index > self.commit_index {
            return false;
        }
        self.kv = snapshot.state.clone();
        self.last_applied = index;
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::{AppendEntries, Entry, InstallSnapshot, Msg, RaftConfig, RaftNode, Snapshot};
    use conlab_core::kv::{Command, KvStore};
    use conlab_core::{Configuration, Input, NodeId, Out, Protocol};

    const S1: NodeId = NodeId(1);

    fn set(term: u64, value: u64) -> Entry {
        Entry::new(term, format!("set x {value}").parse().unwrap())
    }

    fn deliver(node: &mut RaftNode, msg: Msg) -> Out<RaftNode> {
        let mut out = Out::default();
        node.step(Input::Recv { from: S1, msg }, &mut out);
        out
    }

    /// S2 of three with compaction after `limit` entries, holding `n` entries of term 1 of
    /// which `commit` are committed.
    fn follower(limit: Option<u64>, n: u64, commit: u64) -> RaftNode {
        let config = RaftConfig {
            snapshot_after_entries: limit,
            ..RaftConfig::default()
        };
        let mut node = RaftNode::new(NodeId(2), 3, &config);
        let append = AppendEntries {
            round: 0,
            term: 1,
            leader_id: S1,
            prev_log_index: 0,
            prev_log_term: 0,
            entries: (1..=n).map(|v| set(1, v)).collect(),
            leader_commit: commit,
        };
        deliver(&mut node, append.into());
        node
    }

    fn snapshot_through(index: u64, term: u64) -> Snapshot {
        let mut state = KvStore::default();
        state.apply(&format!("set x {index}").parse::<Command>().unwrap());
        Snapshot {
            last_included_index: index,
            last_included_term: term,
            configuration: Configuration::of_cluster(3),
            old_configuration: None,
            state,
        }
    }

    #[test]
    fn a_log_past_the_threshold_is_compacted_through_the_entry_applied_before_the_step() {
        let mut node = follower(Some(4), 6, 5);
        assert!(
            node.snapshot().is_none(),
            "entries applied in this step stay"
        );
        let heartbeat = AppendEntries {
            round: 0,
            term: 1,
            leader_id: S1,
            prev_log_index: 6,
            prev_log_term: 1,
            entries: Vec::new(),
            leader_commit: 5,
        };
        deliver(&mut node, heartbeat.into());
        let snapshot = node.snapshot().expect("compacted");
        assert_eq!(
            (snapshot.last_included_index, snapshot.last_included_term),
            (5, 1)
        );
        assert_eq!(snapshot.state.get("x"), Some("5"));
        assert_eq!((node.log().start_index(), node.log().last_index()), (5, 6));
    }

    #[test]
    fn figure_13_a_snapshot_matching_an_entry_keeps_the_entries_after_it() {
        let mut node = follower(None, 6, 2);
        let install = InstallSnapshot {
            term: 1,
            leader_id: S1,
            snapshot: snapshot_through(4, 1),
        };
        deliver(&mut node, install.into());
        assert_eq!((node.log().start_index(), node.log().last_index()), (4, 6));
        assert_eq!((node.commit_index(), node.last_applied()), (4, 4));
        assert_eq!(node.state_machine().get("x"), Some("4"));
    }

    #[test]
    fn figure_13_a_snapshot_that_conflicts_discards_the_whole_log() {
        let mut node = follower(None, 6, 2);
        let install = InstallSnapshot {
            term: 2,
            leader_id: S1,
            snapshot: snapshot_through(4, 2),
        };
        deliver(&mut node, install.into());
        assert_eq!((node.log().start_index(), node.log().last_index()), (4, 4));
        assert_eq!(node.log().last_term(), 2);
    }

    #[test]
    fn a_restarted_server_boots_from_its_snapshot_and_the_log_after_it() {
        let mut node = follower(Some(2), 6, 5);
        let heartbeat = AppendEntries {
            round: 0,
            term: 1,
            leader_id: S1,
            prev_log_index: 6,
            prev_log_term: 1,
            entries: Vec::new(),
            leader_commit: 5,
        };
        deliver(&mut node, heartbeat.into());
        let durable = node.durable();
        assert_eq!(durable.log.len(), 1, "only the entry after the snapshot");
        let mut restarted = RaftNode::new(NodeId(2), 3, node.config());
        restarted.step(Input::Restart(durable), &mut Out::default());
        assert_eq!(restarted.snapshot(), node.snapshot());
        assert_eq!(
            (restarted.log().start_index(), restarted.log().last_index()),
            (5, 6)
        );
        assert_eq!((restarted.commit_index(), restarted.last_applied()), (5, 5));
        assert_eq!(restarted.state_machine().get("x"), Some("5"));
    }

    #[test]
    fn a_stale_install_snapshot_is_ignored() {
        let mut node = follower(None, 6, 5);
        let install = InstallSnapshot {
            term: 1,
            leader_id: S1,
            snapshot: snapshot_through(4, 1),
        };
        let out = deliver(&mut node, install.into());
        assert!(node.snapshot().is_none(), "the snapshot is not installed");
        assert_eq!(node.log().last_index(), 6, "the log is untouched");
        assert_eq!(node.state_machine().get("x"), Some("5"));
        let reply = format!("{:?}", out.effects);
        assert!(
            reply.contains("InstallSnapshotReply { term: 1, match_index: 5 }"),
            "answered with the commit index: {reply}"
        );
    }
}
