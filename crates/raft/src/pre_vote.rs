//! PreVote (Ongaro's dissertation §9.6; etcd-io/raft's `PreVote`, `StatePreCandidate`,
//! `MsgPreVote`): before a server raises its term for an election, it asks whether it could
//! win one. A server partitioned away therefore keeps its term, and when it rejoins it cannot
//! depose a leader that the others still hear from.
//!
//! - A server whose election timer fires becomes a pre-candidate: it keeps its term and vote,
//!   and sends every voter a PreVote for its term + 1 with its last log index and term.
//! - A voter grants a pre-vote if it would grant a vote for that term and log (§5.2's one
//!   vote per term, §5.4.1's up-to-date rule) and it has not heard from a leader within the
//!   minimum election timeout (§9.6; a leader counts as hearing from itself). Granting
//!   changes nothing: no term, no vote, no timer.
//! - With pre-votes from a majority (of both configurations while joint, §6) the
//!   pre-candidate starts a real election (§5.2). A refusal that carries a higher term makes
//!   it a follower of that term; a granted pre-vote carries the requested term and changes
//!   no term.

use crate::message::{RequestVote, RequestVoteReply};
use crate::node::Note;
use crate::role::{Candidate, RoleState};
use crate::{Msg, RaftNode, Role};
use conlab_core::{NodeId, Out};

impl RaftNode {
    /// The election timer fired: with PreVote, a pre-vote round first; else an election.
    pub(crate) fn election_timeout(&mut self, out: &mut Out<Self>) {
        if self.config.pre_vote {
            self.start_pre_vote(out);
        } else {
            self.start_election(false, out);
        }
    }

    /// §9.6: ask every voter for a pre-vote for the next term, voting for itself. Like an
    /// election, none from a leader, a server outside its committed configuration (§4.2.2)
    /// or at the largest term.
    fn start_pre_vote(&mut self, out: &mut Out<Self>) {
        if self.role() == Role::Leader || !self.is_voter() {
            return;
        }
        let Some(term) = self.current_term.checked_add(1) else {
            return;
        };
        let mut pre_candidate = Candidate::default();
        pre_candidate.record_vote(self.id);
        self.role = RoleState::PreCandidate(pre_candidate);
        self.leader_id = None;
        self.leader_contact = false;
        out.note(Note::StartedPreVote { term });
        self.reset_election_timer(out);
        let request = RequestVote {
            term,
            candidate_id: self.id,
            last_log_index: self.log.last_index(),
            last_log_term: self.log.last_term(),
            transfer: false,
        };
        for peer in self.peers() {
            out.send(peer, Msg::PreVote(request.clone()));
        }
        self.maybe_end_pre_vote(out);
    }

    /// Grant a pre-vote if a vote for that term and log would be granted and no leader was
    /// heard from within the minimum election timeout (§9.6). No state changes.
    pub(crate) fn handle_pre_vote(&mut self, request: RequestVote, out: &mut Out<Self>) {
        let candidate = request.candidate_id;
        let free_to_vote = request.term > self.current_term
            || (request.term == self.current_term && self.voted_for.is_none_or(|v| v == candidate));
        let log_ok = self.config.bugs.no_election_restriction
            || self
                .log
                .is_up_to_date(request.last_log_index, request.last_log_term);
        let vote_granted = free_to_vote && log_ok && !self.heard_from_leader_recently();
        let term = if vote_granted {
            request.term
        } else {
            self.current_term
        };
        let reply = RequestVoteReply { term, vote_granted };
        out.send(candidate, Msg::PreVoteReply(reply));
    }

    pub(crate) fn handle_pre_vote_reply(
        &mut self,
        from: NodeId,
        reply: RequestVoteReply,
        out: &mut Out<Self>,
    ) {
        let asked = self.current_term.checked_add(1);
        let RoleState::PreCandidate(pre_candidate) = &mut self.role else {
            return;
        };
        if !reply.vote_granted || Some(reply.term) != asked {
            return;
        }
        pre_candidate.record_vote(from);
        self.maybe_end_pre_vote(out);
    }

    /// With pre-votes from a majority, start the real election (§9.6).
    fn maybe_end_pre_vote(&mut self, out: &mut Out<Self>) {
        if let RoleState::PreCandidate(pre_candidate) = &self.role {
            if pre_candidate.has_won(&self.joint()) {
                self.start_election(false, out);
            }
        }
    }

    /// Whether this server heard from a leader within the minimum election timeout: it leads,
    /// or it follows and its [`Timer::LeaderContact`](crate::Timer) has not fired since.
    pub fn heard_from_leader_recently(&self) -> bool {
        match self.role {
            RoleState::Leader(_) => true,
            RoleState::Follower => self.leader_contact,
            RoleState::PreCandidate(_) | RoleState::Candidate(_) => false,
        }
    }
}
