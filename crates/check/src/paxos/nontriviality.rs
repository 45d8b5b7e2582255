use crate::{InstanceVotes, Invariant, Latch, StepContext, Violation};
use conlab_paxos::{Ballot, Value};

pub const INVARIANT: Invariant = Invariant {
    name: "nontriviality",
    title: "Nontriviality",
    statement: "Only a value that has been proposed may be chosen.",
    source: "Paxos Made Simple §2.1 (the safety requirements for consensus)",
};

/// Ghost history: every value a client asked to propose, as the simulator saw the request
/// (not what any node says it was asked).
#[derive(Clone, Debug, Default)]
pub struct Nontriviality {
    proposed: Vec<Value>,
    latch: Latch,
}

impl Nontriviality {
    pub fn proposed(&self) -> &[Value] {
        &self.proposed
    }

    pub fn record_proposed(&mut self, value: &Value) {
        if !self.proposed.contains(value) {
            self.proposed.push(value.clone());
        }
    }

    /// `(ballot, value)` has just been chosen.
    pub fn check_chosen(
        &mut self,
        ctx: StepContext,
        votes: &InstanceVotes<Value>,
        ballot: Ballot,
        value: &Value,
        out: &mut Vec<Violation>,
    ) {
        if !self.proposed.contains(value) {
            let voters = votes.voters(ballot, value);
            let message =
                format!("`{value}` was chosen in ballot {ballot}, but no client ever proposed it.");
            self.latch
                .report(&INVARIANT, ctx, voters.iter().collect(), message, out);
        }
    }
}
