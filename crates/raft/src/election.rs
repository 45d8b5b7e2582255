//! Leader election (§5.2) and the election restriction (§5.4.1).

use crate::message::{RequestVote, RequestVoteReply};
use crate::node::{Note, Timer};
use crate::progress::ProgressTracker;
use crate::role::{Candidate, Leader, RoleState};
use crate::{Entry, RaftNode, Role};
use conlab_core::kv::Command;
use conlab_core::{NodeId, Out};

impl RaftNode {
    /// §5.2: "a follower increments its current term and transitions to candidate state. It
    /// then votes for itself and issues RequestVote RPCs in parallel to each of the other
    /// servers." A leader never has its election timer armed; a stale firing is ignored.
    ///
    /// Terms never wrap: a server already at the largest term cannot start an election (a
    /// new term would have to be larger), so it stays as it is and arms no timer.
    ///
    /// A server outside its (committed) configuration starts none (dissertation §4.2.2); it
    /// waits, with no timer, until a leader's AppendEntries adds it.
    ///
    /// `transfer`: started by TimeoutNow (dissertation §3.10), which its RequestVote says.
    pub(crate) fn start_election(&mut self, transfer: bool, out: &mut Out<Self>) {
        if self.role() == Role::Leader || !self.is_voter() {
            return;
        }
        let Some(term) = self.current_term.checked_add(1) else {
            return;
        };
        self.current_term = term;
        let mut candidate = Candidate::default();
        candidate.record_vote(self.id);
        self.role = RoleState::Candidate(candidate);
        self.voted_for = Some(self.id);
        self.leader_id = None;
        self.leader_contact = false;
        out.persist();
        out.note(Note::StartedElection {
            term: self.current_term,
        });
        self.reset_election_timer(out);
        let request = RequestVote {
            term: self.current_term,
            candidate_id: self.id,
            last_log_index: self.log.last_index(),
            last_log_term: self.log.last_term(),
            transfer,
        };
        for peer in self.peers() {
            out.send(peer, request.clone().into());
        }
        self.maybe_become_leader(out);
    }

    /// Figure 2, RequestVote receiver: reply false if `term < currentTerm`; grant if votedFor
    /// is null or the candidate, and the candidate's log is at least as up-to-date (§5.4.1).
    /// Votes are granted without consulting the voter's configuration (dissertation §4.1):
    /// a server that knows it was removed may still be needed by a candidate whose log holds
    /// a later, uncommitted configuration that includes it.
    pub(crate) fn handle_request_vote(&mut self, request: RequestVote, out: &mut Out<Self>) {
        let candidate = request.candidate_id;
        let free_to_vote = self.voted_for.is_none() || self.voted_for == Some(candidate);
        let log_ok = self.config.bugs.no_election_restriction
            || self
                .log
                .is_up_to_date(request.last_log_index, request.last_log_term);
        let vote_granted = request.term == self.current_term && free_to_vote && log_ok;
        if vote_granted {
            if self.voted_for != Some(candidate) && !self.config.bugs.grant_vote_without_recording {
                self.voted_for = Some(candidate);
                out.persist();
            }
            // §5.2: granting a vote resets the election timer.
            self.reset_election_timer(out);
        }
        let reply = RequestVoteReply {
            term: self.current_term,
            vote_granted,
        };
        out.send(candidate, reply.into());
    }

    pub(crate) fn handle_request_vote_reply(
        &mut self,
        from: NodeId,
        reply: RequestVoteReply,
        out: &mut Out<Self>,
    ) {
        let RoleState::Candidate(candidate) = &mut self.role else {
            return;
        };
        if reply.term != self.current_term || !reply.vote_granted {
            return;
        }
        candidate.record_vote(from);
        self.maybe_become_leader(out);
    }

    fn maybe_become_leader(&mut self, out: &mut Out<Self>) {
        if let RoleState::Candidate(candidate) = &self.role {
            let mut quorum = self.joint();
            if self.config.bugs.joint_election_counts_new_only {
                quorum.old = None;
            }
            if candidate.has_won(&quorum) {
                self.become_leader(out);
            }
        }
    }

    /// Figure 2, leaders: reinitialize nextIndex to last log index + 1 and matchIndex to 0.
    ///
    /// Unless configured otherwise, the new leader appends a no-op entry of its own term (§8):
    /// an entry of the current term is the only kind the commit rule (§5.4.2) may count, so
    /// without it entries of earlier terms, and reads, would wait for the next client command.
    fn become_leader(&mut self, out: &mut Out<Self>) {
        let elected_by = match std::mem::replace(&mut self.role, RoleState::Follower) {
            RoleState::Candidate(candidate) => candidate.into_votes(),
            _ => Vec::new(),
        };
        self.leader_id = Some(self.id);
        out.cancel_timer(Timer::Election);
        out.note(Note::BecameLeader {
            term: self.current_term,
        });
        let mut progress = ProgressTracker::new(&self.configuration, self.log.last_index() + 1);
        if let Some(old) = &self.old_configuration {
            progress.track(old, self.log.last_index() + 1);
        }
        if self.config.noop_on_election {
            self.append_entry(Entry::new(self.current_term, Command::Noop));
            out.persist();
        }
        let mut leader = Leader {
            elected_by,
            progress,
            pending: Vec::new(),
            learner: None,
            heard_from: Vec::new(),
            transferee: None,
            read_only: Default::default(),
        };
        if let Some(own) = leader.progress.get_mut(self.id) {
            own.acknowledge(self.log.last_index());
        }
        self.role = RoleState::Leader(leader);
        if self.config.check_quorum {
            self.arm_check_quorum(out);
        }
        self.maybe_advance_commit_index(out);
        // The first heartbeat tick is now: it probes every follower and arms the next tick.
        self.heartbeat(out);
    }
}
