use super::MultiPaxosHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::kv::Command;
use conlab_core::{Chunked, NodeId};
use conlab_paxos::{MultiPaxosNode, Slot};

pub const PROPERTY: Property = Property {
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
}

impl ReplicaAgreement {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            executed: Chunked::default(),
            seen: vec![0; cluster_size],
        }
    }
}

impl Invariant<MultiPaxosNode, MultiPaxosHistory> for ReplicaAgreement {
    invariant_basics!(MultiPaxosNode, MultiPaxosHistory);

    fn check(&mut self, node: &MultiPaxosNode, history: &MultiPaxosHistory) -> Option<Breach> {
        let me = node.id();
        let executed = node.log().executed();
        let seen = &mut self.seen[me.index()];
        let from = if history.booted() {
            0
        } else {
            (*seen).min(executed)
        };
        *seen = executed;
        for slot in from + 1..=executed {
            let command = node.log().chosen(slot)?;
            let i = (slot - 1) as usize;
            match self.executed.get(i) {
                Some((first, holder)) if first != command => {
                    return Some(Breach::new(
                        vec![*holder, me],
                        format!("{me} executed `{command}` in slot {slot}, but {holder} executed `{first}` there."),
                    ));
                }
                Some(_) => {}
                None if self.executed.len() == i => self.executed.push((command.clone(), me)),
                // A slot executed past a gap: In-Order Execution reports that.
                None => return None,
            }
        }
        None
    }
}
