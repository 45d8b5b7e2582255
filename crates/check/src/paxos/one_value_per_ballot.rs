use super::{in_slot, PaxosFacts};
use crate::{Breach, Invariant, Property};

pub const PROPERTY: Property = Property {
    name: "one_value_per_ballot",
    title: "One Value per Ballot",
    statement: "All proposals and acceptances with the same ballot (in Multi-Paxos: the same ballot and slot) carry the same value: different proposals have different numbers.",
    source: "Paxos Made Simple §2.2 (\"different proposals have different numbers\"), §2.3; PMMC invariant A4",
};

#[derive(Clone, Debug, Default)]
pub struct OneValuePerBallot;

impl<P, H: PaxosFacts> Invariant<P, H> for OneValuePerBallot {
    fn property(&self) -> &'static Property {
        &PROPERTY
    }
    fn clone_box(&self) -> Box<dyn Invariant<P, H>> {
        Box::new(self.clone())
    }

    fn check(&mut self, _: &P, history: &H) -> Option<Breach> {
        let step = history.step();
        let accepted = step.votes.iter().filter_map(|v| {
            v.conflict
                .as_ref()
                .map(|first| ("accepted", v.slot, v.ballot, &v.value, first))
        });
        let proposed = step.proposals.iter().filter_map(|p| {
            p.conflict
                .as_ref()
                .map(|first| ("proposed", p.slot, p.ballot, &p.value, first))
        });
        let (what, slot, ballot, value, first) = accepted.chain(proposed).next()?;
        Some(Breach::new(
            vec![step.node],
            format!(
                "{} {what} `{value}` in ballot {ballot}{}, which already carried `{first}`.",
                step.node,
                in_slot(slot)
            ),
        ))
    }
}
