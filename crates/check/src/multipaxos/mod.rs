//! Multi-Paxos safety: single-decree Paxos safety in every slot (Paxos Made Simple §3, each
//! instance is an independent Paxos), plus the replica invariants of Paxos Made Moderately
//! Complex (PMMC): the same command in each slot, executed in slot order, never past a gap.
//!
//! The acceptor and proposal invariants are the single-decree ones from [`crate::paxos`]
//! (generic over [`crate::paxos::PaxosFacts`]), applied per slot; the files here are the ones
//! with no single-decree counterpart.

mod history;
mod in_order_execution;
mod learned_only_chosen;
mod replica_agreement;
#[cfg(test)]
mod tests;

use crate::paxos::{
    accepted_le_promised, at_most_one_chosen, nontriviality, one_value_per_ballot,
    promise_monotonic, safe_accept,
};
use crate::paxos::{
    AcceptedLePromised, AtMostOneChosen, Nontriviality, OneValuePerBallot, PromiseMonotonic,
    SafeAccept,
};
use crate::{Checker, InstanceVotes, Invariant, Invariants, Property, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::NodeId;
use conlab_paxos::multi::Note;
use conlab_paxos::{Ballot, MultiPaxosNode, Slot};

pub use history::MultiPaxosHistory;
pub use in_order_execution::InOrderExecution;
pub use learned_only_chosen::LearnedOnlyChosen;
pub use replica_agreement::ReplicaAgreement;

/// The ghost history and every Multi-Paxos invariant judged against it.
#[derive(Clone, Debug)]
pub struct MultiPaxosChecker {
    history: MultiPaxosHistory,
    invariants: Invariants<MultiPaxosNode, MultiPaxosHistory>,
}

impl MultiPaxosChecker {
    /// The ghost history of slot `slot`.
    pub fn slot(&self, slot: Slot) -> Option<&InstanceVotes<Command>> {
        self.history.slot(slot)
    }

    /// The command chosen in each slot (first ballot in which it was), where one is.
    pub fn chosen(&self) -> impl Iterator<Item = (Slot, &(Ballot, Command))> + '_ {
        self.history
            .slots()
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.chosen().first().map(|c| (i as Slot + 1, c)))
    }

    /// Every ballot that had a leader, in the order they took over.
    pub fn leaders(&self) -> &[(Ballot, NodeId)] {
        self.history.leaders()
    }
}

/// Every Multi-Paxos invariant, in display order: what replicas execute first, since a
/// step that breaks several properties reports them in this order.
pub fn invariants(
    cluster_size: usize,
) -> Vec<Box<dyn Invariant<MultiPaxosNode, MultiPaxosHistory>>> {
    vec![
        Box::new(Nontriviality),
        Box::new(AtMostOneChosen),
        Box::new(ReplicaAgreement::new(cluster_size)),
        Box::new(InOrderExecution::new(cluster_size)),
        Box::new(LearnedOnlyChosen::new(cluster_size)),
        Box::new(OneValuePerBallot),
        Box::new(PromiseMonotonic),
        Box::new(AcceptedLePromised),
        Box::new(SafeAccept),
    ]
}

impl Checker<MultiPaxosNode> for MultiPaxosChecker {
    fn new(cluster_size: usize) -> Self {
        Self {
            history: MultiPaxosHistory::new(cluster_size),
            invariants: Invariants::new(invariants(cluster_size)),
        }
    }

    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &MultiPaxosNode,
        booted: bool,
        notes: &[Note],
        out: &mut Vec<Violation>,
    ) {
        self.history.observe(node, booted, notes);
        self.invariants.check(ctx, node, &self.history, out);
    }

    fn client_request(&mut self, command: &Command) {
        self.history.record_request(command);
    }

    fn invariants() -> &'static [Property] {
        &[
            nontriviality::PROPERTY,
            at_most_one_chosen::PROPERTY,
            replica_agreement::PROPERTY,
            in_order_execution::PROPERTY,
            learned_only_chosen::PROPERTY,
            one_value_per_ballot::PROPERTY,
            promise_monotonic::PROPERTY,
            accepted_le_promised::PROPERTY,
            safe_accept::PROPERTY,
        ]
    }
}
