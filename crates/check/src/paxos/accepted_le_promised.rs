use super::PaxosFacts;
use crate::{Breach, Invariant, Property};
use conlab_paxos::show_ballot;

pub const PROPERTY: Property = Property {
    name: "accepted_le_promised",
    title: "Accepted ≤ Promised",
    statement: "An acceptor never holds an accepted proposal (in any slot) numbered above its promise: accepting a proposal numbered n means promising n.",
    source: "Paxos Made Simple §2.2 (P1a); PMMC invariant A2",
};

#[derive(Clone, Debug, Default)]
pub struct AcceptedLePromised;

impl<P, H: PaxosFacts> Invariant<P, H> for AcceptedLePromised {
    fn property(&self) -> &'static Property {
        &PROPERTY
    }
    fn clone_box(&self) -> Box<dyn Invariant<P, H>> {
        Box::new(self.clone())
    }

    fn check(&mut self, _: &P, history: &H) -> Option<Breach> {
        let step = history.step();
        (step.max_accepted.is_some() && step.max_accepted > step.promised).then(|| {
            Breach::new(
                vec![step.node],
                format!(
                    "{} holds a proposal accepted in ballot {} but has promised only {}.",
                    step.node,
                    show_ballot(step.max_accepted),
                    show_ballot(step.promised)
                ),
            )
        })
    }
}
