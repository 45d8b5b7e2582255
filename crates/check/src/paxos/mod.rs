//! Single-decree Paxos safety (Paxos Made Simple §2): the three safety requirements of §2.1
//! and the facts of §2.2 that guarantee them, each an [`Invariant`] over the ghost history of
//! every vote. The acceptor and proposal invariants are generic over [`PaxosFacts`], so
//! Multi-Paxos applies the very same ones per slot.

pub(crate) mod accepted_le_promised;
pub(crate) mod at_most_one_chosen;
mod facts;
mod history;
mod learned_only_chosen;
pub(crate) mod nontriviality;
pub(crate) mod one_value_per_ballot;
pub(crate) mod promise_monotonic;
pub(crate) mod safe_accept;
#[cfg(test)]
mod tests;

use crate::{Checker, InstanceVotes, Invariant, Invariants, Property, StepContext, Violation};
use conlab_paxos::{Ballot, Note, PaxosNode, Value};

pub use accepted_le_promised::AcceptedLePromised;
pub use at_most_one_chosen::AtMostOneChosen;
pub use facts::{in_slot, PaxosFacts, PaxosStep, PromiseLog, Proposal, Vote};
pub use history::PaxosHistory;
pub use learned_only_chosen::LearnedOnlyChosen;
pub use nontriviality::Nontriviality;
pub use one_value_per_ballot::OneValuePerBallot;
pub use promise_monotonic::PromiseMonotonic;
pub use safe_accept::SafeAccept;

/// The ghost history and every single-decree Paxos invariant judged against it.
#[derive(Clone, Debug)]
pub struct PaxosChecker {
    history: PaxosHistory,
    invariants: Invariants<PaxosNode, PaxosHistory>,
}

impl PaxosChecker {
    /// The ghost history of votes and proposals.
    pub fn votes(&self) -> &InstanceVotes<Value> {
        self.history.votes()
    }

    /// The chosen value and the first ballot in which it was chosen.
    pub fn chosen(&self) -> Option<&(Ballot, Value)> {
        self.history.votes().chosen().first()
    }

    /// Every value a client asked to propose.
    pub fn proposed(&self) -> &[Value] {
        self.history.requested()
    }
}

/// Every single-decree Paxos invariant, in display order.
pub fn invariants(cluster_size: usize) -> Vec<Box<dyn Invariant<PaxosNode, PaxosHistory>>> {
    vec![
        Box::new(Nontriviality),
        Box::new(AtMostOneChosen),
        Box::new(LearnedOnlyChosen::new(cluster_size)),
        Box::new(OneValuePerBallot),
        Box::new(PromiseMonotonic),
        Box::new(AcceptedLePromised),
        Box::new(SafeAccept),
    ]
}

impl Checker<PaxosNode> for PaxosChecker {
    fn new(cluster_size: usize) -> Self {
        Self {
            history: PaxosHistory::new(cluster_size),
            invariants: Invariants::new(invariants(cluster_size)),
        }
    }

    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &PaxosNode,
        _booted: bool,
        notes: &[Note],
        out: &mut Vec<Violation>,
    ) {
        self.history.observe(node, notes);
        self.invariants.check(ctx, node, &self.history, out);
    }

    fn client_request(&mut self, value: &Value) {
        self.history.record_request(value);
    }

    fn invariants() -> &'static [Property] {
        &[
            nontriviality::PROPERTY,
            at_most_one_chosen::PROPERTY,
            learned_only_chosen::PROPERTY,
            one_value_per_ballot::PROPERTY,
            promise_monotonic::PROPERTY,
            accepted_le_promised::PROPERTY,
            safe_accept::PROPERTY,
        ]
    }
}
