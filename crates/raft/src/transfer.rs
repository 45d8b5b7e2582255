//! Leadership transfer (Ongaro's dissertation §3.10; etcd-io/raft's `MsgTransferLeader`,
//! `MsgTimeoutNow`).
//!
//! 1. The leader stops accepting client requests (it answers them as a follower would,
//!    pointing to the target).
//! 2. It brings the target's log up to date with ordinary AppendEntries.
//! 3. Once the target's log matches its own, it sends TimeoutNow; the target starts an
//!    election at once, skipping PreVote (as etcd does), and its RequestVote says it comes
//!    from a transfer, so servers that heard from the leader recently still answer (§4.2.3).
//!    The leader steps down when it sees the new term.
//! 4. If no new leader takes over within an election timeout, the leader gives up the
//!    transfer and takes client requests again ([`Timer::CheckQuorum`]).

use crate::message::TimeoutNow;
use crate::node::Reply;
use crate::{RaftNode, Role};
use conlab_core::{NodeId, Out, RequestId};

impl RaftNode {
    /// The server this leader is handing leadership to (dissertation §3.10), if any.
    pub fn transferee(&self) -> Option<NodeId> {
        self.leader().and_then(|l| l.transferee)
    }

    /// A client asked this leader to hand leadership to `target`.
    pub(crate) fn transfer_leadership(
        &mut self,
        id: RequestId,
        target: NodeId,
        out: &mut Out<Self>,
    ) {
        let refusal = if target == self.id {
            Some("the server already leads")
        } else if !self.configuration.contains(target) {
            Some("the server is not a voter")
        } else {
            None
        };
        if let Some(reason) = refusal {
            return out.reply(id, Reply::Refused { reason });
        }
        if let Some(leader) = self.leader_mut() {
            leader.transferee = Some(target);
        }
        out.reply(id, Reply::Transferring { to: target });
        // Give up after an election timeout (etcd resets its electionElapsed here).
        self.arm_check_quorum(out);
        if !self.maybe_send_timeout_now(target, out) {
            self.send_appends(target, out);
        }
    }

    /// Send TimeoutNow to `peer` if leadership is being handed to it and its log matches the
    /// leader's through the last index; whether it was sent.
    pub(crate) fn maybe_send_timeout_now(&mut self, peer: NodeId, out: &mut Out<Self>) -> bool {
        let ready =
            self.transferee() == Some(peer) && self.match_index(peer) == self.log.last_index();
        if ready {
            let message = TimeoutNow {
                term: self.current_term,
                leader_id: self.id,
            };
            out.send(peer, message.into());
            // The target's RequestVote bypasses §4.2.3, on which leases rest (§6.4.1).
            if let Some(leader) = self.leader_mut() {
                leader.read_only.no_lease = true;
            }
        }
        ready
    }

    /// The target of a transfer starts an election now, without PreVote, if the message is
    /// from the leader of its term.
    pub(crate) fn handle_timeout_now(&mut self, message: TimeoutNow, out: &mut Out<Self>) {
        if message.term == self.current_term && self.role() != Role::Leader {
            self.start_election(true, out);
        }
    }
}
