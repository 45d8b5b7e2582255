use super::MultiPaxosHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::kv::Command;
use conlab_core::Chunked;
use conlab_paxos::MultiPaxosNode;
use std::sync::Arc;

pub const PROPERTY: Property = Property {
    name: "learned_only_chosen",
    title: "Replicas Learn Only Chosen Commands",
    statement: "A replica never considers a command decided in a slot unless a majority of acceptors accepted it there in the same ballot.",
    source: "Paxos Made Simple §2.1 (safety requirements), §2.3, §3; PMMC invariant R1",
};

/// Each replica's chosen slots as last verified, sharing chunks with its log so that only
/// what changed is checked again.
#[derive(Clone, Debug)]
pub struct LearnedOnlyChosen {
    verified: Vec<Chunked<Option<Arc<Command>>>>,
}

impl LearnedOnlyChosen {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            verified: vec![Chunked::default(); cluster_size],
        }
    }
}

impl Invariant<MultiPaxosNode, MultiPaxosHistory> for LearnedOnlyChosen {
    invariant_basics!(MultiPaxosNode, MultiPaxosHistory);

    fn check(&mut self, node: &MultiPaxosNode, history: &MultiPaxosHistory) -> Option<Breach> {
        let chosen = node.log().chosen_slots();
        let verified = &mut self.verified[node.id().index()];
        let from = chosen.shared_prefix(verified);
        if from == chosen.len() && from == verified.len() {
            return None;
        }
        for (i, command) in chosen.iter_from(from) {
            let Some(command) = command else { continue };
            if verified.get(i).is_some_and(|v| v.as_ref() == Some(command)) {
                continue;
            }
            let slot = i as u64 + 1;
            let votes = history.slots().get(i);
            let command: &Command = command;
            if !votes.is_some_and(|v| v.is_chosen(command)) {
                let actual = votes.and_then(|v| v.chosen().first()).map(|(_, c)| c);
                let message = match actual {
                    Some(actual) => format!("{} decided `{command}` in slot {slot}, but the chosen command there is `{actual}`.", node.id()),
                    None => format!(
                        "{} decided `{command}` in slot {slot}, but no majority of acceptors has accepted one proposal there yet.",
                        node.id()
                    ),
                };
                return Some(Breach::new(vec![node.id()], message));
            }
        }
        verified.clone_from(chosen);
        None
    }
}
