//! CheckQuorum (etcd-io/raft's `CheckQuorum`; Ongaro's dissertation §6.2 and §4.2.3).
//!
//! - A leader that has not heard from a majority of its configuration (both majorities while
//!   joint, §6) within an election timeout steps down to follower (§6.2: "if an election
//!   timeout elapses without a successful round of heartbeats to a majority of its cluster,
//!   the leader steps down"). It checks every minimum election timeout
//!   ([`Timer::CheckQuorum`]); a follower counts as heard from when an AppendEntries reply of
//!   the leader's term arrives (etcd's `RecentActive`).
//! - Disruptive servers (§4.2.3): a server that heard from a leader within the minimum
//!   election timeout ignores a RequestVote for a higher term — no reply, no new term, no
//!   vote. We take etcd's form of the rule: only with CheckQuorum on, a leader counts as
//!   hearing from itself, and a RequestVote sent for a leadership transfer (§3.10) bypasses
//!   it. The lease is the dissertation's: the minimum election timeout since the follower
//!   last accepted an AppendEntries ([`Timer::LeaderContact`]).
//! - So a server removed from the configuration (§4.2.3) or cut off and rejoining cannot
//!   depose a leader that a majority still hears from.

use crate::node::Timer;
use crate::role::RoleState;
use crate::{Msg, RaftNode, ReadMode};
use conlab_core::{NodeId, Out, Quorum, TickRange};

impl RaftNode {
    /// One minimum election timeout: CheckQuorum's period, the leader-contact lease and how
    /// long a leadership transfer may take.
    pub(crate) fn min_election_timeout(&self) -> TickRange {
        TickRange::exactly(self.config.election_timeout_ms.min)
    }

    /// Whether followers keep §4.2.3's rule: with CheckQuorum, and with lease reads, whose
    /// safety rests on it (§6.4.1; etcd requires CheckQuorum for `ReadOnlyLeaseBased`).
    pub(crate) fn keeps_leader_contact(&self) -> bool {
        self.config.check_quorum || self.config.reads == ReadMode::Lease
    }

    /// §4.2.3, etcd's form: with CheckQuorum or lease reads, a RequestVote for a higher term that is not
    /// from a transfer is ignored while a leader was heard from recently.
    pub(crate) fn ignores_vote_request(&self, msg: &Msg) -> bool {
        let Msg::RequestVote(request) = msg else {
            return false;
        };
        self.keeps_leader_contact()
            && !request.transfer
            && request.term > self.current_term
            && self.heard_from_leader_recently()
    }

    /// A follower accepted an AppendEntries from the leader of its term: it heard from a
    /// leader, for the next minimum election timeout (with PreVote or CheckQuorum on).
    pub(crate) fn leader_contacted(&mut self, out: &mut Out<Self>) {
        if self.config.pre_vote || self.keeps_leader_contact() {
            self.leader_contact = true;
            out.set_timer(Timer::LeaderContact, self.min_election_timeout());
        }
    }

    /// A leader hears from `from`: an AppendEntries reply of its term (etcd's `RecentActive`).
    pub(crate) fn heard_from(&mut self, from: NodeId, msg: &Msg) {
        let term = self.current_term;
        if let (RoleState::Leader(leader), Msg::AppendEntriesReply(reply)) = (&mut self.role, msg) {
            if reply.term == term {
                if let Err(at) = leader.heard_from.binary_search(&from) {
                    leader.heard_from.insert(at, from);
                }
            }
        }
    }

    /// Arm the leader's election-timeout period, if CheckQuorum or a transfer needs it.
    pub(crate) fn arm_check_quorum(&self, out: &mut Out<Self>) {
        out.set_timer(Timer::CheckQuorum, self.min_election_timeout());
    }

    /// The leader's election-timeout period ended: a leadership transfer still in progress
    /// gives up (§3.10); with CheckQuorum, a leader that did not hear from a majority since
    /// the last check steps down (§6.2), else it starts the next period.
    pub(crate) fn check_quorum(&mut self, out: &mut Out<Self>) {
        let me = self.id;
        let Some(leader) = self.leader_mut() else {
            return;
        };
        leader.transferee = None;
        let heard = std::mem::take(&mut leader.heard_from);
        if !self.config.check_quorum {
            return;
        }
        let majority = self
            .joint()
            .has_quorum(|v| v == me || heard.binary_search(&v).is_ok());
        if majority {
            self.arm_check_quorum(out);
        } else {
            self.leader_id = None;
            self.become_follower(self.current_term, out);
        }
    }
}
