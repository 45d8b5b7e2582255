use crate::{InstanceVotes, Invariant, Latch, StepContext, Violation};
use std::fmt::Display;

pub const INVARIANT: Invariant = Invariant {
    name: "at_most_one_chosen",
    title: "Consistency: One Value Chosen",
    statement: "Only a single value is chosen (in Multi-Paxos: per slot): no two majorities of acceptors accept proposals with different values.",
    source: "Paxos Made Simple §2.1 (safety requirements) and P2, §2.2; §3 per instance",
};

#[derive(Clone, Debug, Default)]
pub struct AtMostOneChosen {
    latch: Latch,
}

impl AtMostOneChosen {
    /// A proposal has just become chosen (the last of `votes.chosen()`) in the instance
    /// described by `instance` (empty for single-decree, " in slot 4" for Multi-Paxos).
    pub fn check<V: Clone + PartialEq + Display>(
        &mut self,
        ctx: StepContext,
        votes: &InstanceVotes<V>,
        instance: &str,
        out: &mut Vec<Violation>,
    ) {
        let chosen = votes.chosen();
        let (Some((first_ballot, first)), Some((ballot, value))) = (chosen.first(), chosen.last())
        else {
            return;
        };
        if first != value {
            let mut nodes: Vec<_> = votes.voters(*first_ballot, first).iter().collect();
            nodes.extend(
                votes
                    .voters(*ballot, value)
                    .iter()
                    .filter(|n| !nodes.contains(n))
                    .collect::<Vec<_>>(),
            );
            let message = format!(
                "Two values were chosen{instance}: `{first}` by a majority in ballot {first_ballot}, then `{value}` by a majority in ballot {ballot}."
            );
            self.latch.report(&INVARIANT, ctx, nodes, message, out);
        }
    }
}
