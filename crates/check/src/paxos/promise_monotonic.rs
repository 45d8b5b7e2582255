use super::PaxosFacts;
use crate::{Breach, Invariant, Property};
use conlab_paxos::show_ballot;

pub const PROPERTY: Property = Property {
    name: "promise_monotonic",
    title: "Promises Only Grow",
    statement: "An acceptor's promised ballot never decreases, across crashes and restarts too.",
    source: "Paxos Made Simple §2.2 (\"an acceptor must remember this information even if it fails and then restarts\"); PMMC invariant A1",
};

/// Compares each acceptor's promise with the highest the history ever saw it make.
#[derive(Clone, Debug, Default)]
pub struct PromiseMonotonic;

impl<P, H: PaxosFacts> Invariant<P, H> for PromiseMonotonic {
    fn property(&self) -> &'static Property {
        &PROPERTY
    }
    fn clone_box(&self) -> Box<dyn Invariant<P, H>> {
        Box::new(self.clone())
    }

    fn check(&mut self, _: &P, history: &H) -> Option<Breach> {
        let step = history.step();
        (step.promised < step.promise_before).then(|| {
            Breach::new(
                vec![step.node],
                format!(
                    "{}'s promise went back from ballot {} to {}.",
                    step.node,
                    show_ballot(step.promise_before),
                    show_ballot(step.promised)
                ),
            )
        })
    }
}
