use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::NodeId;
use conlab_paxos::{show_ballot, Ballot};

pub const INVARIANT: Invariant = Invariant {
    name: "promise_monotonic",
    title: "Promises Only Grow",
    statement: "An acceptor's promised ballot never decreases, across crashes and restarts too.",
    source: "Paxos Made Simple §2.2 (\"an acceptor must remember this information even if it fails and then restarts\"); PMMC invariant A1",
};

/// Ghost history: the highest ballot each acceptor was ever seen to have promised.
#[derive(Clone, Debug)]
pub struct PromiseMonotonic {
    highest: Vec<Option<Ballot>>,
    latch: Latch,
}

impl PromiseMonotonic {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            highest: vec![None; cluster_size],
            latch: Latch::default(),
        }
    }

    /// The highest ballot `node` ever promised.
    pub fn highest(&self, node: NodeId) -> Option<Ballot> {
        self.highest.get(node.index()).copied().flatten()
    }

    pub fn check(
        &mut self,
        ctx: StepContext,
        node: NodeId,
        promised: Option<Ballot>,
        out: &mut Vec<Violation>,
    ) {
        let highest = &mut self.highest[node.index()];
        if promised < *highest {
            let message = format!(
                "{node}'s promise went back from ballot {} to {}.",
                show_ballot(*highest),
                show_ballot(promised)
            );
            self.latch.report(&INVARIANT, ctx, vec![node], message, out);
        }
        *highest = (*highest).max(promised);
    }
}
