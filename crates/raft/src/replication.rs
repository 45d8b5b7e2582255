//! Log replication (§5.3), the commit rule (§5.4.2) and applying to the state machine.

use crate::message::{AppendEntries, AppendEntriesReply};
use crate::node::{Note, Reply, Timer};
use crate::role::RoleState;
use crate::{LogIndex, RaftNode};
use conlab_core::{NodeId, Out};

impl RaftNode {
    /// Send every follower the entries from its nextIndex (empty = heartbeat), then re-arm
    /// the heartbeat timer.
    pub(crate) fn broadcast_append_entries(&mut self, out: &mut Out<Self>) {
        if self.leader().is_none() {
            return;
        }
        for peer in self.peers() {
            self.send_append_entries(peer, out);
        }
        out.set_timer(Timer::Heartbeat, self.heartbeat_after());
    }

    /// One AppendEntries to `peer` from its nextIndex, with at most `max_entries_per_append`
    /// entries.
    fn send_append_entries(&self, peer: NodeId, out: &mut Out<Self>) {
        let Some(progress) = self.progress(peer) else {
            return;
        };
        let next = progress.next_index();
        let prev_log_index = next - 1;
        let prev_log_term = self
            .log
            .term_at(prev_log_index)
            .expect("nextIndex <= last index + 1");
        let entries = self
            .log
            .slice_from(next, self.config.max_entries_per_append);
        let request = AppendEntries {
            term: self.current_term,
            leader_id: self.id,
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit: self.commit_index,
        };
        out.send(peer, request.into());
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
        } = request;
        let reply = |term, success, match_index| -> crate::Msg {
            AppendEntriesReply {
                term,
                success,
                match_index,
            }
            .into()
        };
        // 1. Reply false if term < currentTerm.
        if term < self.current_term {
            out.send(leader_id, reply(self.current_term, false, 0));
            return;
        }
        // A candidate that hears from the leader of its term returns to follower (§5.2).
        self.become_follower(term, out);
        self.leader_id = Some(leader_id);
        self.reset_election_timer(out);

        // 2. Reply false if the log doesn't contain an entry at prevLogIndex whose term matches.
        if self.log.term_at(prev_log_index) != Some(prev_log_term) {
            let hint = self.log.last_index().min(prev_log_index.saturating_sub(1));
            out.send(leader_id, reply(self.current_term, false, hint));
            return;
        }

        // 3–4. Delete conflicting entries (and only those) and append new ones.
        let last_new = prev_log_index + entries.len() as LogIndex;
        if self.config.bugs.truncate_on_any_append && self.log.last_index() > prev_log_index {
            self.log.truncate_from(prev_log_index + 1);
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
                    self.log.truncate_from(index);
                    out.note(Note::Truncated { from: index });
                }
                None => {}
            }
            self.log.append(entry);
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
    /// nextIndex and retry (skipping to the follower's hint).
    pub(crate) fn handle_append_entries_reply(
        &mut self,
        from: NodeId,
        reply: AppendEntriesReply,
        out: &mut Out<Self>,
    ) {
        if reply.term != self.current_term {
            return;
        }
        let RoleState::Leader(leader) = &mut self.role else {
            return;
        };
        let Some(progress) = leader.progress.get_mut(from) else {
            return;
        };
        if reply.success {
            progress.acknowledge(reply.match_index);
            let behind = progress.next_index() <= self.log.last_index();
            self.maybe_advance_commit_index(out);
            if behind {
                self.send_append_entries(from, out);
            }
        } else if progress.reject(reply.match_index) {
            self.send_append_entries(from, out);
        }
    }

    /// Figure 2, leaders: "If there exists an N such that N > commitIndex, a majority of
    /// matchIndex[i] ≥ N, and log[N].term == currentTerm: set commitIndex = N" (§5.3, §5.4).
    ///
    /// The highest N a majority stores is read off the progress tracker. Terms in a log never
    /// decrease and the leader's are at most its own term, so if log[N] is of an earlier term
    /// so is every entry before it: nothing commits by counting until an entry of the current
    /// term is replicated (§5.4.2, Figure 8), unless the bug toggle says otherwise.
    pub(crate) fn maybe_advance_commit_index(&mut self, out: &mut Out<Self>) {
        let Some(leader) = self.leader() else {
            return;
        };
        let n = leader
            .progress
            .committed_index(&self.configuration)
            .min(self.log.last_index());
        let term_ok = self.log.term_at(n) == Some(self.current_term)
            || self.config.bugs.commit_old_term_by_counting;
        if n > self.commit_index && term_ok {
            self.commit_index = n;
            out.note(Note::Committed { index: n });
            self.apply_committed(out);
        }
    }

    /// Figure 2, all servers: "If commitIndex > lastApplied: increment lastApplied, apply
    /// log[lastApplied] to state machine." A leader answers the waiting client.
    pub(crate) fn apply_committed(&mut self, out: &mut Out<Self>) {
        while self.last_applied < self.commit_index {
            self.last_applied += 1;
            let index = self.last_applied;
            let entry = self
                .log
                .entry(index)
                .expect("committed entries are in the log");
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
