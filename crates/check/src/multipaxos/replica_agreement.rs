use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::{Chunked, NodeId};
use conlab_paxos::{MultiPaxosNode, Slot};

pub const INVARIANT: Invariant = Invariant {
    name: "replica_agreement",
    title: "Replicas Execute the Same Command per Slot",
    statement:
        "If a replica has executed a command in a slot, no replica ever executes a different command in that slot.",
    source: "Paxos Made Simple §3 (\"all servers execute the same sequence of commands\"); PMMC invariants R1, R3",
};

/// Ghost history: the command first executed in each slot, and by whom; plus how far each
/// replica has been checked (a restart, which re-executes from slot 1, resets it).
#[derive(Clone, Debug)]
pub struct ReplicaAgreement {
    executed: Chunked<(Command, NodeId)>,
    seen: Vec<Slot>,
    latch: Latch,
}

impl ReplicaAgreement {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            executed: Chunked::default(),
            seen: vec![0; cluster_size],
            latch: Latch::default(),
        }
    }

    pub fn check(&mut self, ctx: StepContext, node: &MultiPaxosNode, out: &mut Vec<Violation>) {
        let me = node.id();
        let executed = node.log().executed();
        let seen = &mut self.seen[me.index()];
        let from = (*seen).min(executed);
        *seen = executed;
        for slot in from + 1..=executed {
            let Some(command) = node.log().chosen(slot) else {
                break;
            };
            let i = (slot - 1) as usize;
            match self.executed.get(i) {
                Some((first, holder)) if first != command => {
                    let message =
                        format!("{me} executed `{command}` in slot {slot}, but {holder} executed `{first}` there.");
                    let nodes = vec![*holder, me];
                    self.latch.report(&INVARIANT, ctx, nodes, message, out);
                }
                Some(_) => {}
                None => {
                    debug_assert_eq!(self.executed.len(), i, "executed slots grow without gaps");
                    self.executed.push((command.clone(), me));
                }
            }
        }
    }
}
