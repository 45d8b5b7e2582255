use super::PaxosHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_paxos::{PaxosNode, Value};

pub const PROPERTY: Property = Property {
    name: "learned_only_chosen",
    title: "Learners Learn Only Chosen Values",
    statement: "A process never learns that a value has been chosen unless it actually has been.",
    source: "Paxos Made Simple §2.1 (safety requirements), §2.3",
};

/// What each learner was last seen to have learned.
#[derive(Clone, Debug)]
pub struct LearnedOnlyChosen {
    seen: Vec<Option<Value>>,
}

impl LearnedOnlyChosen {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            seen: vec![None; cluster_size],
        }
    }
}

impl Invariant<PaxosNode, PaxosHistory> for LearnedOnlyChosen {
    invariant_basics!(PaxosNode, PaxosHistory);

    fn check(&mut self, node: &PaxosNode, history: &PaxosHistory) -> Option<Breach> {
        let learned = node.learned().map(|(_, v)| v);
        let seen = &mut self.seen[node.id().index()];
        if learned == seen.as_ref() {
            return None;
        }
        *seen = learned.cloned();
        let (ballot, value) = node.learned()?;
        let votes = history.votes();
        if votes.is_chosen(value) {
            return None;
        }
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
        Some(Breach::new(vec![node.id()], message))
    }
}
