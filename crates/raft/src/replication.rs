//! Log replication (§5.3), the commit rule (§5.4.2) and applying to the state machine.

use crate::message::{AppendEntries, AppendEntriesReply};
use crate::node::{Note, Reply, Timer};
use crate::progress::{Progress, ProgressState};
use crate::role::RoleState;
use crate::{LogIndex, RaftNode};
use conlab_core::{Joint, NodeId, Out};

impl RaftNode {
    /// The heartbeat tick (§5.2): every follower that was sent no AppendEntries since the
    /// previous tick gets one now — empty (a heartbeat) when its log is known to match or a
    /// snapshot is on its way, or a repeated probe when it is not. The learner's catch-up
    /// round counts the tick. Then the tick is re-armed. Each tick starts a new heartbeat
    /// round (dissertation §6.4).
    pub(crate) fn heartbeat(&mut self, out: &mut Out<Self>) {
        let lease_ticks = self.lease_ticks();
        let Some(leader) = self.leader_mut() else {
            return;
        };
        leader.read_only.tick(lease_ticks);
        for i in 0..self.leader().map_or(0, |l| l.progress.len()) {
            let peer = self.leader().map_or(self.id, |l| l.progress.id_at(i));
            let recently_sent = self
                .leader_mut()
                .and_then(|l| l.progress.get_mut(peer))
                .is_some_and(Progress::tick);
            if peer != self.id && !recently_sent {
                self.send_append_entries(peer, true, out);
            }
        }
        self.learner_tick(out);
        out.set_timer(Timer::Heartbeat, self.heartbeat_after());
    }

    /// A ReadIndex round (dissertation §6.4): a heartbeat to every follower now, as a tick
    /// would send (an empty AppendEntries, or the probe again).
    pub(crate) fn send_heartbeats(&mut self, out: &mut Out<Self>) {
        for i in 0..self.leader().map_or(0, |l| l.progress.len()) {
            let peer = self.leader().map_or(self.id, |l| l.progress.id_at(i));
            if peer != self.id {
                self.send_append_entries(peer, true, out);
            }
        }
    }

    /// Send every follower what its progress allows (new entries, after a client command).
    pub(crate) fn broadcast_append_entries(&mut self, out: &mut Out<Self>) {
        for i in 0..self.leader().map_or(0, |l| l.progress.len()) {
            let peer = self.leader().map_or(self.id, |l| l.progress.id_at(i));
            if peer != self.id {
                self.send_appends(peer, out);
            }
        }
    }

    /// Send `peer` AppendEntries while its progress allows: one probe, or entries until the
    /// in-flight window is full (etcd-io/raft's `maybeSendAppend` loop).
    pub(crate) fn send_appends(&mut self, peer: NodeId, out: &mut Out<Self>) {
        let (last, window) = (self.log.last_index(), self.config.max_inflight_appends);
        while self
            .progress(peer)
            .is_some_and(|p| p.can_send(last, window))
        {
            let probing = self.progress(peer).map(Progress::state) == Some(ProgressState::Probe);
            self.send_append_entries(peer, false, out);
            if probing {
                return;
            }
        }
    }

    /// One AppendEntries to `peer` from its nextIndex, with at most `max_entries_per_append`
    /// entries; none if it is a heartbeat (`on_tick`) to a follower whose log matches. To a
    /// follower with a snapshot on its way, only heartbeats, at the leader's snapshot index.
    fn send_append_entries(&mut self, peer: NodeId, on_tick: bool, out: &mut Out<Self>) {
        let Some(progress) = self.progress(peer) else {
            return;
        };
        let state = progress.state();
        let next = match state {
            ProgressState::Snapshot => self.log.start_index() + 1,
            _ => progress.next_index(),
        };
        if next <= self.log.start_index() {
            // The entries the follower needs are compacted away (§7).
            return self.send_snapshot(peer, on_tick, out);
        }
        let heartbeat = match state {
            ProgressState::Probe => false,
            ProgressState::Replicate => on_tick,
            ProgressState::Snapshot => true,
        };
        let prev_log_index = next - 1;
        // nextIndex ≤ last index + 1, unless a follower claimed a match past the leader's
        // log, which only a snapshot of uncommitted entries can make it do (the bug toggle).
        let Some(prev_log_term) = self.log.term_at(prev_log_index) else {
            return;
        };
        let entries = if heartbeat {
            Vec::new()
        } else {
            self.log
                .slice_from(next, self.config.max_entries_per_append)
        };
        let last_sent = (!entries.is_empty()).then(|| prev_log_index + entries.len() as LogIndex);
        let request = AppendEntries {
            term: self.current_term,
            leader_id: self.id,
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit: self.commit_index,
            round: self.heartbeat_round(),
        };
        out.send(peer, request.into());
        if let Some(progress) = self.leader_mut().and_then(|l| l.progress.get_mut(peer)) {
            progress.sent(last_sent, on_tick);
        }
    }

    /// Figure 2, AppendEntries receiver, steps 1–5. The reply goes to `leaderId`.
    pub(crate) fn handle_append_entries(&mut self, request: AppendEntries, out: &mut Out<Self>) {
        let AppendEntries {
            term,
            leader_id,
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
            round,
        } = request;
        let reply = |term, success, match_index| -> crate::Msg {
            AppendEntriesReply {
                term,
                success,
                match_index,
                round,
            }
            .into()
        };
        // 1. Reply false if term < currentTerm.
        if term < self.current_term {
            if !self.config.bugs.adopt_lower_term {
                out.send(leader_id, reply(self.current_term, false, 0));
                return;
            }
            self.current_term = term;
            self.voted_for = None;
            out.persist();
        }
        // A candidate that hears from the leader of its term returns to follower (§5.2).
        self.become_follower(term, out);
        self.leader_id = Some(leader_id);
        self.reset_election_timer(out);
        self.leader_contacted(out);

        // Entries up to the snapshot are committed, so they match the leader's (§7): say how
        // far the log is known to match, as etcd-io/raft does.
        if prev_log_index < self.log.start_index() {
            let matched = self.commit_index.max(self.log.start_index());
            out.send(leader_id, reply(self.current_term, true, matched));
            return;
        }
        // 2. Reply false if the log doesn't contain an entry at prevLogIndex whose term matches.
        let prev_ok = match self.log.term_at(prev_log_index) {
            Some(_) if self.config.bugs.skip_prev_log_term_check => true,
            found => found == Some(prev_log_term),
        };
        if !prev_ok {
            let hint = self.log.last_index().min(prev_log_index.saturating_sub(1));
            out.send(leader_id, reply(self.current_term, false, hint));
            return;
        }

        // 3–4. Delete conflicting entries (and only those) and append new ones.
        let last_new = prev_log_index + entries.len() as LogIndex;
        if self.config.bugs.truncate_on_any_append && self.log.last_index() > prev_log_index {
            self.truncate_log(prev_log_index + 1);
            out.note(Note::Truncated {
                from: prev_log_index + 1,
            });
        }
        let mut changed = false;
        for (offset, entry) in entries.into_iter().enumerate() {
            let index = prev_log_index + 1 + offset as LogIndex;
            match self.log.term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    self.truncate_log(index);
                    out.note(Note::Truncated { from: index });
                }
                None => {}
            }
            self.append_entry(entry);
            changed = true;
        }
        if changed {
            out.persist();
        }

        // 5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last
        //    new entry).
        if leader_commit > self.commit_index {
            let new_commit = leader_commit.min(last_new);
            if new_commit > self.commit_index {
                self.commit_index = new_commit;
                out.note(Note::Committed { index: new_commit });
                self.apply_committed(out);
            }
        }
        out.send(leader_id, reply(self.current_term, true, last_new));
    }

    /// Figure 2, leaders: on success update nextIndex and matchIndex; on failure decrement
    /// nextIndex and retry (skipping to the follower's hint). Either way, send what the
    /// follower's progress now allows.
    pub(crate) fn handle_append_entries_reply(
        &mut self,
        from: NodeId,
        reply: AppendEntriesReply,
        out: &mut Out<Self>,
    ) {
        if reply.term != self.current_term {
            return;
        }
        let Some(progress) = self.leader_mut().and_then(|l| l.progress.get_mut(from)) else {
            return;
        };
        progress.acknowledge_round(reply.round);
        if reply.success {
            // Only a match that rose past the commit index can move it: above the commit
            // index, the same servers as before reach each index. Most replies raise none
            // (a heartbeat's), or come after the entry committed (the third and fourth
            // acknowledgement of five).
            let rose = progress.acknowledge(reply.match_index);
            self.promote_learner(out);
            if rose && reply.match_index > self.commit_index {
                self.maybe_advance_commit_index(out);
            }
            if !self.maybe_send_timeout_now(from, out) {
                self.send_appends(from, out);
            }
        } else if progress.reject(reply.match_index) {
            self.send_appends(from, out);
        }
    }

    /// Figure 2, leaders: "If there exists an N such that N > commitIndex, a majority of
    /// matchIndex[i] ≥ N, and log[N].term == currentTerm: set commitIndex = N" (§5.3, §5.4).
    /// While joint, a majority of C_old and one of C_new (§6).
    ///
    /// The highest N a majority stores is read off the progress tracker. Terms in a log never
    /// decrease and the leader's are at most its own term, so if log[N] is of an earlier term
    /// so is every entry before it: nothing commits by counting until an entry of the current
    /// term is replicated (§5.4.2, Figure 8), unless the bug toggle says otherwise.
    pub(crate) fn maybe_advance_commit_index(&mut self, out: &mut Out<Self>) {
        let Some(leader) = self.leader() else {
            return;
        };
        let bugs = &self.config.bugs;
        let mut quorum = self.joint();
        if bugs.commit_in_initial_configuration {
            quorum = Joint {
                new: &self.initial_configuration,
                old: None,
            };
        } else if bugs.joint_commit_counts_new_only {
            quorum.old = None;
        }
        let n = leader
            .progress
            .committed_index(&quorum)
            .min(self.log.last_index());
        let term_ok = self.log.term_at(n) == Some(self.current_term)
            || self.config.bugs.commit_old_term_by_counting;
        if n > self.commit_index && term_ok {
            self.commit_index = n;
            out.note(Note::Committed { index: n });
            self.apply_committed(out);
            self.advance_configuration(out);
        }
    }

    /// Figure 2, all servers: "If commitIndex > lastApplied: increment lastApplied, apply
    /// log[lastApplied] to state machine." A leader answers the waiting client.
    pub(crate) fn apply_committed(&mut self, out: &mut Out<Self>) {
        while self.last_applied < self.commit_index {
            let index = self.last_applied + 1;
            let Some(entry) = self.log.entry(index) else {
                if self.apply_snapshot_gap() {
                    continue;
                }
                break;
            };
            self.last_applied = index;
            let term = entry.term;
            let outcome = self.kv.apply(&entry.command);
            let RoleState::Leader(leader) = &mut self.role else {
                continue;
            };
            if let Some(pos) = leader.pending.iter().position(|&(i, _, _)| i == index) {
                let (_, pending_term, id) = leader.pending.remove(pos);
                let reply = if pending_term == term {
                    Reply::Applied { index, outcome }
                } else {
                    Reply::NotLeader {
                        leader_hint: self.leader_id,
                    }
                };
                out.reply(id, reply);
            }
        }
    }
}
