use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::NodeId;
use conlab_paxos::Ballot;
use std::fmt::Display;

pub const INVARIANT: Invariant = Invariant {
    name: "one_value_per_ballot",
    title: "One Value per Ballot",
    statement: "All proposals and acceptances with the same ballot (in Multi-Paxos: the same ballot and slot) carry the same value: different proposals have different numbers.",
    source: "Paxos Made Simple §2.2 (\"different proposals have different numbers\"), §2.3; PMMC invariant A4",
};

#[derive(Clone, Debug, Default)]
pub struct OneValuePerBallot {
    latch: Latch,
}

impl OneValuePerBallot {
    /// `node` proposed or accepted `value` in `ballot` (of the instance described by
    /// `instance`), where `first` was already seen.
    #[allow(clippy::too_many_arguments)]
    pub fn report<V: Display>(
        &mut self,
        ctx: StepContext,
        node: NodeId,
        what: &str,
        instance: &str,
        ballot: Ballot,
        value: &V,
        first: &V,
        out: &mut Vec<Violation>,
    ) {
        let message = format!("{node} {what} `{value}` in ballot {ballot}{instance}, which already carried `{first}`.");
        self.latch.report(&INVARIANT, ctx, vec![node], message, out);
    }
}
