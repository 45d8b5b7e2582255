use crate::{InstanceVotes, Invariant, Latch, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::Chunked;
use conlab_paxos::MultiPaxosNode;
use std::sync::Arc;

pub const INVARIANT: Invariant = Invariant {
    name: "learned_only_chosen",
    title: "Replicas Learn Only Chosen Commands",
    statement: "A replica never considers a command decided in a slot unless a majority of acceptors accepted it there in the same ballot.",
    source: "Paxos Made Simple §2.1 (safety requirements), §2.3, §3; PMMC invariant R1",
};

/// Each replica's chosen slots as last verified, to re-check only what changed.
#[derive(Clone, Debug)]
pub struct LearnedOnlyChosen {
    verified: Vec<Chunked<Option<Arc<Command>>>>,
    latch: Latch,
}

impl LearnedOnlyChosen {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            verified: vec![Chunked::default(); cluster_size],
            latch: Latch::default(),
        }
    }

    pub fn check(
        &mut self,
        ctx: StepContext,
        node: &MultiPaxosNode,
        slots: &Chunked<InstanceVotes<Command>>,
        out: &mut Vec<Violation>,
    ) {
        let chosen = node.log().chosen_slots();
        let verified = &mut self.verified[node.id().index()];
        let from = chosen.shared_prefix(verified);
        for (i, command) in chosen.iter_from(from) {
            let Some(command) = command else { continue };
            if verified.get(i).is_some_and(|v| v.as_ref() == Some(command)) {
                continue;
            }
            let slot = i as u64 + 1;
            let votes = slots.get(i);
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
                self.latch
                    .report(&INVARIANT, ctx, vec![node.id()], message, out);
                break;
            }
        }
        *verified = chosen.clone();
    }
}
