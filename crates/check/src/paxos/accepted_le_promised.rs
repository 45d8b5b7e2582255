use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::NodeId;
use conlab_paxos::{show_ballot, Ballot};

pub const INVARIANT: Invariant = Invariant {
    name: "accepted_le_promised",
    title: "Accepted ≤ Promised",
    statement: "An acceptor never holds an accepted proposal (in any slot) numbered above its promise: accepting a proposal numbered n means promising n.",
    source: "Paxos Made Simple §2.2 (P1a); PMMC invariant A2",
};

#[derive(Clone, Debug, Default)]
pub struct AcceptedLePromised {
    latch: Latch,
}

impl AcceptedLePromised {
    pub fn check(
        &mut self,
        ctx: StepContext,
        node: NodeId,
        accepted: Option<Ballot>,
        promised: Option<Ballot>,
        out: &mut Vec<Violation>,
    ) {
        if accepted.is_some() && accepted > promised {
            let message = format!(
                "{node} holds a proposal accepted in ballot {} but has promised only {}.",
                show_ballot(accepted),
                show_ballot(promised)
            );
            self.latch.report(&INVARIANT, ctx, vec![node], message, out);
        }
    }
}
