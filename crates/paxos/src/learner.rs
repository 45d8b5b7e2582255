//! The learner (Paxos Made Simple §2.3, "Learning a Chosen Value").

use crate::node::Note;
use crate::{Ballot, NodeSet, PaxosNode, Value};
use conlab_core::{NodeId, Out};

impl PaxosNode {
    /// §2.3: "To learn that a value has been chosen, a learner must find out that a proposal
    /// has been accepted by a majority of acceptors." The majority must have accepted the
    /// *same* proposal — the same ballot — unless the `learner_mixes_ballots` bug is on, in
    /// which case Accepted messages for one value are counted across ballots.
    pub(crate) fn handle_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        value: Value,
        out: &mut Out<Self>,
    ) {
        if self.learned.is_some() || !self.acceptors.contains(&from) {
            return;
        }
        // Reports are kept sorted by ballot: finding one stays cheap however many ballots a
        // long duel has gone through.
        let at = self.reports.partition_point(|(b, ..)| *b < ballot);
        let voters = match self.reports.get_mut(at).filter(|(b, ..)| *b == ballot) {
            Some((_, _, voters)) => {
                voters.insert(from);
                *voters
            }
            None => {
                let voters = NodeSet::from_iter([from]);
                self.reports.insert(at, (ballot, value.clone(), voters));
                voters
            }
        };
        let count = if self.config.bugs.learner_mixes_ballots {
            self.reports
                .iter()
                .filter(|(_, v, _)| *v == value)
                .fold(NodeSet::EMPTY, |all, (_, _, s)| all.union(*s))
                .len()
        } else {
            voters.len()
        };
        if count >= self.counted_quorum() {
            self.learned = Some((ballot, value.clone()));
            self.reports.clear();
            out.persist();
            out.note(Note::Learned {
                ballot,
                value: value.clone(),
            });
            self.know_outcome(value, out);
        }
    }
}
