use super::{in_slot, PaxosFacts};
use crate::{Breach, Invariant, Property};

pub const PROPERTY: Property = Property {
    name: "nontriviality",
    title: "Nontriviality",
    statement: "Only a value that has been proposed may be chosen (in Multi-Paxos: a client's command, or the no-op a new leader fills a gap with).",
    source: "Paxos Made Simple §2.1 (the safety requirements for consensus), §3 (no-ops fill gaps)",
};

/// Each newly chosen value is looked up among what clients requested, as the simulator saw
/// the requests (never the nodes' own account of them).
#[derive(Clone, Debug, Default)]
pub struct Nontriviality;

impl<P, H: PaxosFacts> Invariant<P, H> for Nontriviality {
    fn property(&self) -> &'static Property {
        &PROPERTY
    }
    fn clone_box(&self) -> Box<dyn Invariant<P, H>> {
        Box::new(self.clone())
    }

    fn check(&mut self, _: &P, history: &H) -> Option<Breach> {
        let vote = history
            .step()
            .votes
            .iter()
            .find(|v| v.newly_chosen && !history.may_be_chosen(&v.value))?;
        let voters = history
            .instance(vote.slot)
            .map(|votes| votes.voters(vote.ballot, &vote.value).iter().collect())
            .unwrap_or_default();
        Some(Breach::new(
            voters,
            format!(
                "`{}` was chosen{} in ballot {}, but no client ever requested it.",
                vote.value,
                in_slot(vote.slot),
                vote.ballot
            ),
        ))
    }
}
