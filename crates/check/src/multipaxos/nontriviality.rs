use crate::{InstanceVotes, Invariant, Latch, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_paxos::{Ballot, Slot};
use std::collections::HashSet;

pub const INVARIANT: Invariant = Invariant {
    name: "nontriviality",
    title: "Nontriviality",
    statement: "Only a proposed command may be chosen in a slot: a client's command, or the no-op a new leader fills a gap with.",
    source: "Paxos Made Simple §2.1 and §3 (no-ops fill gaps); PMMC",
};

/// Ghost history: every command a client submitted, as the simulator saw it (membership only,
/// never iterated).
#[derive(Clone, Debug, Default)]
pub struct Nontriviality {
    proposed: HashSet<Command>,
    latch: Latch,
}

impl Nontriviality {
    pub fn record_proposed(&mut self, command: &Command) {
        if !self.proposed.contains(command) {
            self.proposed.insert(command.clone());
        }
    }

    /// `(ballot, command)` has just been chosen in `slot`.
    pub fn check_chosen(
        &mut self,
        ctx: StepContext,
        votes: &InstanceVotes<Command>,
        slot: Slot,
        ballot: Ballot,
        command: &Command,
        out: &mut Vec<Violation>,
    ) {
        if *command != Command::Noop && !self.proposed.contains(command) {
            let voters = votes.voters(ballot, command);
            let message =
                format!("`{command}` was chosen in slot {slot} (ballot {ballot}), but no client ever submitted it.");
            self.latch
                .report(&INVARIANT, ctx, voters.iter().collect(), message, out);
        }
    }
}
