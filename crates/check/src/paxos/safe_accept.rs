use super::{in_slot, PaxosFacts, Proposal};
use crate::{Breach, Invariant, Property};
use conlab_core::NodeId;
use conlab_paxos::NodeSet;

pub const PROPERTY: Property = Property {
    name: "safe_accept",
    title: "Safe Accept (P2c)",
    statement: "A proposer sends Accept (2a) for ballot n with value v (in Multi-Paxos: for a slot) only after a majority S of acceptors promised n, and v is the value of the highest-numbered proposal below n accepted by an acceptor in S (any value if there is none).",
    source: "Paxos Made Simple §2.2 (P2c and phase 2(a)); PMMC invariant C2",
};

/// Each 2a is checked against the ghost history, not taken on trust: every claimed promiser
/// must really have promised exactly that ballot, they must be a majority, and the value must
/// be what P2c demands given every vote those acceptors ever cast.
#[derive(Clone, Debug, Default)]
pub struct SafeAccept;

impl<P, H: PaxosFacts> Invariant<P, H> for SafeAccept {
    fn property(&self) -> &'static Property {
        &PROPERTY
    }
    fn clone_box(&self) -> Box<dyn Invariant<P, H>> {
        Box::new(self.clone())
    }

    fn check(&mut self, _: &P, history: &H) -> Option<Breach> {
        let proposer = history.step().node;
        history
            .step()
            .proposals
            .iter()
            .find_map(|p| unsafe_accept(history, proposer, p))
    }
}

fn unsafe_accept<H: PaxosFacts>(
    history: &H,
    proposer: NodeId,
    p: &Proposal<H::Value>,
) -> Option<Breach> {
    let (ballot, value, quorum) = (p.ballot, &p.value, history.quorum());
    let instance = in_slot(p.slot);
    let s: NodeSet = p.promisers.iter().copied().collect();
    if s.len() < quorum {
        let who = if s.is_empty() {
            "no promise at all".to_string()
        } else {
            format!("promises from only {}", list(s))
        };
        return Some(Breach::new(
            vec![proposer],
            format!("{proposer} sent Accept {ballot} `{value}`{instance} with {who}; a majority is {quorum} acceptors."),
        ));
    }
    if let Some(liar) = s.iter().find(|a| !history.ever_promised(*a, ballot)) {
        return Some(Breach::new(
            vec![proposer, liar],
            format!("{proposer} sent Accept {ballot} `{value}`{instance} counting a promise from {liar}, which never promised {ballot}."),
        ));
    }
    let (b, required, voter) = history
        .instance(p.slot)?
        .highest_below(ballot, s)
        .filter(|(_, required, _)| *required != value)?;
    Some(Breach::new(
        vec![proposer, voter],
        format!(
            "{proposer} sent Accept {ballot} `{value}`{instance}, but {voter} (among the promisers {}) had accepted `{required}` in ballot {b}, the highest proposal below it; P2c requires `{required}`.",
            list(s)
        ),
    ))
}

fn list(s: NodeSet) -> String {
    s.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
