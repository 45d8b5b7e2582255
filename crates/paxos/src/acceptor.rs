//! The acceptor (Paxos Made Simple §2.2, "Phase 1 (b)" and "Phase 2 (b)").

use crate::{Ballot, Msg, PaxosNode, Value};
use conlab_core::{NodeId, Out};

impl PaxosNode {
    /// Phase 1(b): "If an acceptor receives a prepare request with number n greater than that
    /// of any prepare request to which it has already responded, then it responds to the
    /// request with a promise not to accept any more proposals numbered less than n and with
    /// the highest-numbered proposal (if any) that it has accepted."
    ///
    /// A Prepare *equal* to the promise is answered with the same promise again (a duplicate
    /// or a retransmission), as in Paxos Made Moderately Complex.
    pub(crate) fn handle_prepare(&mut self, from: NodeId, ballot: Ballot, out: &mut Out<Self>) {
        if Some(ballot) >= self.promised {
            if self.promised != Some(ballot) {
                self.promised = Some(ballot);
                out.persist();
            }
            let accepted = self.accepted.clone();
            self.send(from, Msg::Promise { ballot, accepted }, out);
        } else {
            self.maybe_nack(from, ballot, out);
            self.maybe_share_decision(from, out);
        }
    }

    /// Without Nacks, a proposer that missed the decision hears nothing back from acceptors
    /// whose promise is above its ballot, and may search blindly for longer than any recovery
    /// window. An acceptor that has *learned* the outcome answers such a stale Prepare with its
    /// acceptance (2b) again, so the sender, as a learner, finds the decision from the
    /// acceptors (§2.3: "the learner could ask the acceptors what proposals they have
    /// accepted"). Repeating a true 2b is always safe; while the outcome is open the acceptor
    /// stays silent, so a Nack-less race still shows preemption only through timeouts.
    fn maybe_share_decision(&mut self, from: NodeId, out: &mut Out<Self>) {
        if self.config.nack || self.learned.is_none() || !self.learners.contains(&from) {
            return;
        }
        if let Some((ballot, value)) = self.accepted.clone() {
            self.send(from, Msg::Accepted { ballot, value }, out);
        }
    }

    /// Phase 2(b): "If an acceptor receives an accept request for a proposal numbered n, it
    /// accepts the proposal unless it has already responded to a prepare request having a
    /// number greater than n" (P1a). Accepting n also promises n. The 2b goes to every
    /// learner (§2.3) and to the proposer.
    pub(crate) fn handle_accept(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        value: Value,
        out: &mut Out<Self>,
    ) {
        let bugs = &self.config.bugs;
        let accepted = self.accepted.as_ref().map(|(b, _)| *b);
        let bar = if bugs.accept_below_promise {
            accepted
        } else if bugs.late_accept_overwrites && accepted == self.promised {
            None
        } else {
            self.promised
        };
        if Some(ballot) < bar {
            self.maybe_nack(from, ballot, out);
            return;
        }
        if !self.config.bugs.accept_without_promising {
            self.promised = self.promised.max(Some(ballot));
        }
        self.accepted = Some((ballot, value.clone()));
        out.persist();
        let msg = Msg::Accepted { ballot, value };
        for to in self.learners.clone() {
            self.send(to, msg.clone(), out);
        }
        if !self.learners.contains(&from) {
            self.send(from, msg, out);
        }
    }

    fn maybe_nack(&mut self, from: NodeId, ballot: Ballot, out: &mut Out<Self>) {
        if let (true, Some(promised)) = (self.config.nack, self.promised) {
            self.send(from, Msg::Nack { ballot, promised }, out);
        }
    }
}
