use super::MultiPaxosHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::kv::KvStore;
use conlab_paxos::{MultiPaxosNode, Slot};

pub const PROPERTY: Property = Property {
    name: "in_order_execution",
    title: "Execution in Slot Order",
    statement: "A replica executes only chosen commands, strictly in slot order and never past a gap: its state is the result of applying the commands of slots 1, 2, … in order.",
    source: "Paxos Made Simple §3 (a server executes command i only after 1..i-1); PMMC invariants R2, R3",
};

/// Ghost replay: per replica, the slot executed so far and the state that executing the
/// chosen commands of slots 1..=that slot in order yields.
#[derive(Clone, Debug)]
pub struct InOrderExecution {
    replay: Vec<(Slot, KvStore)>,
}

impl InOrderExecution {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            replay: vec![(0, KvStore::default()); cluster_size],
        }
    }
}

impl Invariant<MultiPaxosNode, MultiPaxosHistory> for InOrderExecution {
    invariant_basics!(MultiPaxosNode, MultiPaxosHistory);

    fn check(&mut self, node: &MultiPaxosNode, history: &MultiPaxosHistory) -> Option<Breach> {
        let me = node.id();
        let executed = node.log().executed();
        let (done, kv) = &mut self.replay[me.index()];
        if history.booted() {
            // A (re)start: the state machine starts over from slot 1.
            (*done, *kv) = (0, KvStore::default());
        }
        if executed == *done && !history.booted() {
            return None;
        }
        while *done < executed {
            let slot = *done + 1;
            let Some(command) = node.log().chosen(slot) else {
                return Some(Breach::new(
                    vec![me],
                    format!("{me} has executed through slot {executed}, but slot {slot} is not chosen there: it executed past a gap."),
                ));
            };
            kv.apply(command);
            *done = slot;
        }
        (kv != node.state_machine()).then(|| {
            Breach::new(
                vec![me],
                format!("{me}'s state machine differs from executing its chosen commands of slots 1..={executed} in order."),
            )
        })
    }
}
