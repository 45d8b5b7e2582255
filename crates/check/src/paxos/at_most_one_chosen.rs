use super::{in_slot, PaxosFacts};
use crate::{Breach, Invariant, Property};

pub const PROPERTY: Property = Property {
    name: "at_most_one_chosen",
    title: "Consistency: One Value Chosen",
    statement: "Only a single value is chosen (in Multi-Paxos: per slot): no two majorities of acceptors accept proposals with different values.",
    source: "Paxos Made Simple §2.1 (safety requirements) and P2, §2.2; §3 per instance",
};

/// Whenever a vote completes a majority, the chosen value is compared with the first one
/// chosen in that instance.
#[derive(Clone, Debug, Default)]
pub struct AtMostOneChosen;

impl<P, H: PaxosFacts> Invariant<P, H> for AtMostOneChosen {
    fn property(&self) -> &'static Property {
        &PROPERTY
    }
    fn clone_box(&self) -> Box<dyn Invariant<P, H>> {
        Box::new(self.clone())
    }

    fn check(&mut self, _: &P, history: &H) -> Option<Breach> {
        for vote in history.step().votes.iter().filter(|v| v.newly_chosen) {
            let votes = history.instance(vote.slot)?;
            let (first_ballot, first) = votes.chosen().first()?;
            if *first == vote.value {
                continue;
            }
            let mut nodes: Vec<_> = votes.voters(*first_ballot, first).iter().collect();
            for n in votes.voters(vote.ballot, &vote.value).iter() {
                if !nodes.contains(&n) {
                    nodes.push(n);
                }
            }
            return Some(Breach::new(
                nodes,
                format!(
                    "Two values were chosen{}: `{first}` by a majority in ballot {first_ballot}, then `{}` by a majority in ballot {}.",
                    in_slot(vote.slot),
                    vote.value,
                    vote.ballot
                ),
            ));
        }
        None
    }
}
