//! Log replication (§5.3), the commit rule (§5.4.2) and applying to the state machine.

use crate::node::{Note, Reply, Timer};
use crate::{Entry, LogIndex, Msg, RaftNode, Role, Term};
use conlab_core::{is_quorum, NodeId, Out};

impl RaftNode {
    /// Send every follower the entries from its nextIndex (empty = heartbeat), then re-arm
    /// the heartbeat timer.
    pub(crate) fn broadcast_append_entries(&mut self, out: &mut Out<Self>) {
        if self.role != Role::Leader {
            return;
        }
        for peer in self.peers() {
            self.send_append_entries(peer, out);
        }
        out.set_timer(Timer::Heartbeat, self.heartbeat_after());
    }

    fn send_append_entries(&self, peer: NodeId, out: &mut Out<Self>) {
        let next = self.next_index[peer.index()];
        let prev_log_index = next - 1;
        let prev_log_term = self
            .log
            .term_at(prev_log_index)
            .expect("nextIndex <= last index + 1");
        let entries = self
            .log
            .slice_from(next, self.config.max_entries_per_append);
        out.send(
            peer,
            Msg::AppendEntries {
                term: self.current_term,
                leader_id: self.id,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit: self.commit_index,
            },
        );
    }

    /// Figure 2, AppendEntries receiver, steps 1–5.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn handle_append_entries(
        &mut self,
        from: NodeId,
        term: Term,
        leader_id: NodeId,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
        out: &mut Out<Self>,
    ) {
        // 1. Reply false if term < currentTerm.
        if term < self.current_term {
            let reply = Msg::AppendEntriesReply {
                term: self.current_term,
                success: false,
                match_index: 0,
            };
            out.send(from, reply);
            return;
        }
        // A candidate that hears from the leader of its term returns to follower (§5.2).
        self.become_follower(term, out);
        self.leader_id = Some(leader_id);
        self.reset_election_timer(out);

        // 2. Reply false if the log doesn't contain an entry at prevLogIndex whose term matches.
        if self.log.term_at(prev_log_index) != Some(prev_log_term) {
            let hint = self.log.last_index().min(prev_log_index.saturating_sub(1));
            let reply = Msg::AppendEntriesReply {
                term: self.current_term,
                success: false,
                match_index: hint,
            };
            out.send(from, reply);
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
        out.send(
            from,
            Msg::AppendEntriesReply {
                term: self.current_term,
                success: true,
                match_index: last_new,
            },
        );
    }

    /// Figure 2, leaders: on success update nextIndex and matchIndex; on failure decrement
    /// nextIndex and retry (skipping to the follower's hint).
    pub(crate) fn handle_append_entries_reply(
        &mut self,
        from: NodeId,
        term: Term,
        success: bool,
        match_index: LogIndex,
        out: &mut Out<Self>,
    ) {
        if self.role != Role::Leader || term != self.current_term {
            return;
        }
        let peer = from.index();
        if success {
            if match_index > self.match_index[peer] {
                self.match_index[peer] = match_index;
            }
            self.next_index[peer] = self.next_index[peer].max(match_index + 1);
            self.maybe_advance_commit_index(out);
            if self.next_index[peer] <= self.log.last_index() {
                self.send_append_entries(from, out);
            }
        } else {
            // Replies to older requests may arrive late: never move below what already matched.
            let next = self.next_index[peer];
            let floor = self.match_index[peer] + 1;
            let retry = (next.saturating_sub(1)).min(match_index + 1).max(floor);
            if retry < next {
                self.next_index[peer] = retry;
                self.send_append_entries(from, out);
            }
        }
    }

    /// Figure 2, leaders: "If there exists an N such that N > commitIndex, a majority of
    /// matchIndex[i] ≥ N, and log[N].term == currentTerm: set commitIndex = N" (§5.3, §5.4).
    ///
    /// The `log[N].term == currentTerm` condition is §5.4.2's: counting replicas of an entry
    /// from an earlier term is unsafe (Figure 8) unless the bug toggle says otherwise.
    pub(crate) fn maybe_advance_commit_index(&mut self, out: &mut Out<Self>) {
        let mut n = self.log.last_index();
        while n > self.commit_index {
            let term_ok = self.log.term_at(n) == Some(self.current_term)
                || self.config.bugs.commit_old_term_by_counting;
            let replicas = self.match_index.iter().filter(|&&m| m >= n).count();
            if term_ok && is_quorum(replicas, self.cluster_size) {
                self.commit_index = n;
                out.note(Note::Committed { index: n });
                self.apply_committed(out);
                return;
            }
            n -= 1;
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
            if let Some(pos) = self.pending.iter().position(|&(i, _, _)| i == index) {
                let (_, pending_term, id) = self.pending.remove(pos);
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
