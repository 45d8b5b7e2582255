//! Leader election (§5.2) and the election restriction (§5.4.1).

use crate::node::{Note, Timer};
use crate::{Entry, LogIndex, Msg, RaftNode, Role, Term};
use conlab_core::kv::Command;
use conlab_core::{is_quorum, NodeId, Out};

impl RaftNode {
    /// §5.2: "a follower increments its current term and transitions to candidate state. It
    /// then votes for itself and issues RequestVote RPCs in parallel to each of the other
    /// servers." A leader never has its election timer armed; a stale firing is ignored.
    pub(crate) fn start_election(&mut self, out: &mut Out<Self>) {
        if self.role == Role::Leader {
            return;
        }
        self.current_term += 1;
        self.role = Role::Candidate;
        self.voted_for = Some(self.id);
        self.leader_id = None;
        out.persist();
        out.note(Note::StartedElection {
            term: self.current_term,
        });
        self.votes_granted.iter_mut().for_each(|v| *v = false);
        self.votes_granted[self.id.index()] = true;
        self.reset_election_timer(out);
        let msg = Msg::RequestVote {
            term: self.current_term,
            candidate_id: self.id,
            last_log_index: self.log.last_index(),
            last_log_term: self.log.last_term(),
        };
        for peer in self.peers() {
            out.send(peer, msg.clone());
        }
        self.maybe_become_leader(out);
    }

    /// Figure 2, RequestVote receiver: reply false if `term < currentTerm`; grant if votedFor
    /// is null or the candidate, and the candidate's log is at least as up-to-date (§5.4.1).
    pub(crate) fn handle_request_vote(
        &mut self,
        term: Term,
        candidate_id: NodeId,
        last_log_index: LogIndex,
        last_log_term: Term,
        out: &mut Out<Self>,
    ) {
        let free_to_vote = self.voted_for.is_none() || self.voted_for == Some(candidate_id);
        let log_ok = self.config.bugs.no_election_restriction
            || self.log.is_up_to_date(last_log_index, last_log_term);
        let vote_granted = term == self.current_term && free_to_vote && log_ok;
        if vote_granted {
            if self.voted_for != Some(candidate_id) {
                self.voted_for = Some(candidate_id);
                out.persist();
            }
            // §5.2: granting a vote resets the election timer.
            self.reset_election_timer(out);
        }
        out.send(
            candidate_id,
            Msg::RequestVoteReply {
                term: self.current_term,
                vote_granted,
            },
        );
    }

    pub(crate) fn handle_request_vote_reply(
        &mut self,
        from: NodeId,
        term: Term,
        vote_granted: bool,
        out: &mut Out<Self>,
    ) {
        if self.role != Role::Candidate || term != self.current_term || !vote_granted {
            return;
        }
        self.votes_granted[from.index()] = true;
        self.maybe_become_leader(out);
    }

    /// §5.2: "A candidate wins an election if it receives votes from a majority of the servers
    /// in the full cluster for the same term."
    fn maybe_become_leader(&mut self, out: &mut Out<Self>) {
        let votes = self.votes_granted.iter().filter(|&&v| v).count();
        if self.role == Role::Candidate && is_quorum(votes, self.cluster_size) {
            self.become_leader(out);
        }
    }

    /// Figure 2, leaders: reinitialize nextIndex to last log index + 1 and matchIndex to 0.
    ///
    /// Unless configured otherwise, the new leader appends a no-op entry of its own term (§8):
    /// an entry of the current term is the only kind the commit rule (§5.4.2) may count, so
    /// without it entries of earlier terms, and reads, would wait for the next client command.
    fn become_leader(&mut self, out: &mut Out<Self>) {
        self.role = Role::Leader;
        self.leader_id = Some(self.id);
        out.cancel_timer(Timer::Election);
        out.note(Note::BecameLeader {
            term: self.current_term,
        });
        let next = self.log.last_index() + 1;
        self.next_index.iter_mut().for_each(|n| *n = next);
        self.match_index.iter_mut().for_each(|m| *m = 0);
        if self.config.noop_on_election {
            self.log.append(Entry {
                term: self.current_term,
                command: Command::Noop,
            });
            out.persist();
        }
        self.match_index[self.id.index()] = self.log.last_index();
        self.maybe_advance_commit_index(out);
        self.broadcast_append_entries(out);
    }
}
