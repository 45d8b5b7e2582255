//! The Multi-Paxos acceptor: Paxos Made Simple §2.2 phases 1(b) and 2(b), with one promise
//! covering every slot (§3) and one accepted proposal per slot.

use super::{Msg, MultiPaxosNode, Role};
use crate::{Ballot, Slot};
use conlab_core::kv::Command;
use conlab_core::{NodeId, Out};

impl MultiPaxosNode {
    /// Phase 1(b) for all slots from `first_slot` on: promise `ballot` (if it is at least the
    /// current promise) and report every proposal accepted there. Granting a higher ballot
    /// also means this node stops leading or campaigning, and waits a full timeout before
    /// competing (as Raft does when it grants a vote).
    pub(crate) fn handle_prepare(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        first_slot: Slot,
        out: &mut Out<Self>,
    ) {
        if Some(ballot) < self.promised {
            self.maybe_nack(from, ballot, out);
            return;
        }
        if self.promised != Some(ballot) {
            self.promised = Some(ballot);
            out.persist();
        }
        let accepted = self.log.accepted_from(first_slot);
        self.send(from, Msg::Promise { ballot, accepted }, out);
        if from != self.id {
            self.yield_to(ballot, out);
            self.reset_leader_timeout(out);
        }
    }

    /// Phase 2(b) for one slot: accept unless a higher ballot was promised (P1a); accepting
    /// also promises `ballot`. The Accept doubles as a sign of a live leader.
    pub(crate) fn handle_accept(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        command: Command,
        out: &mut Out<Self>,
    ) {
        let bar = if self.config.bugs.accept_below_promise {
            self.log.accepted(slot).map(|(b, _)| b)
        } else {
            self.promised
        };
        if Some(ballot) < bar || slot == 0 {
            self.maybe_nack(from, ballot, out);
            return;
        }
        let promise = if self.config.bugs.accept_without_promising {
            self.promised
        } else {
            self.promised.max(Some(ballot))
        };
        let mut changed = self.promised != promise;
        self.promised = promise;
        changed |= self.log.accept(slot, ballot, command);
        if changed {
            out.persist();
        }
        self.send(from, Msg::Accepted { ballot, slot }, out);
        if from != self.id {
            self.yield_to(ballot, out);
            self.leader_hint = Some(from);
            self.reset_leader_timeout(out);
        }
    }

    pub(crate) fn maybe_nack(&mut self, from: NodeId, ballot: Ballot, out: &mut Out<Self>) {
        if let (true, Some(promised)) = (self.config.nack, self.promised) {
            self.send(from, Msg::Nack { ballot, promised }, out);
        }
    }

    /// A higher ballot is in play: a leader or candidate with a lower one steps down.
    pub(crate) fn yield_to(&mut self, ballot: Ballot, out: &mut Out<Self>) {
        if self.role != Role::Follower && self.ballot < Some(ballot) {
            self.become_follower(out);
        }
    }
}
