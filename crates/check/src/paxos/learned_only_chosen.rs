use crate::{InstanceVotes, Invariant, Latch, StepContext, Violation};
use conlab_paxos::{PaxosNode, Value};

pub const INVARIANT: Invariant = Invariant {
    name: "learned_only_chosen",
    title: "Learners Learn Only Chosen Values",
    statement: "A process never learns that a value has been chosen unless it actually has been.",
    source: "Paxos Made Simple §2.1 (safety requirements), §2.3",
};

/// What each learner was last seen to have learned.
#[derive(Clone, Debug)]
pub struct LearnedOnlyChosen {
    seen: Vec<Option<Value>>,
    latch: Latch,
}

impl LearnedOnlyChosen {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            seen: vec![None; cluster_size],
            latch: Latch::default(),
        }
    }

    pub fn check(
        &mut self,
        ctx: StepContext,
        node: &PaxosNode,
        votes: &InstanceVotes<Value>,
        out: &mut Vec<Violation>,
    ) {
        let learned = node.learned().map(|(_, v)| v);
        let seen = &mut self.seen[node.id().index()];
        if learned == seen.as_ref() {
            return;
        }
        *seen = learned.cloned();
        let Some((ballot, value)) = node.learned() else {
            return;
        };
        if !votes.is_chosen(value) {
            let message = match votes.chosen().first() {
                Some((_, chosen)) => format!(
                    "{} learned `{value}` (ballot {ballot}), but the chosen value is `{chosen}`.",
                    node.id()
                ),
                None => format!(
                    "{} learned `{value}` (ballot {ballot}), but no majority of acceptors has accepted any one proposal yet.",
                    node.id()
                ),
            };
            self.latch
                .report(&INVARIANT, ctx, vec![node.id()], message, out);
        }
    }
}
