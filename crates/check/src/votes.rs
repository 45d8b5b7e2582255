//! Ghost history of one Paxos instance: every vote (acceptance) ever cast and every proposal
//! (2a) ever issued, never erased by crashes. "Chosen" is defined from it exactly as in Paxos
//! Made Simple §2.1/§2.2: a value is chosen when a majority of acceptors accepted the same
//! proposal — the same ballot with that value.
//!
//! Votes and proposals are kept sorted by ballot, so each lookup a step makes is a binary
//! search (and P2c's "highest proposal below n" a scan back from n that stops at the first
//! promiser's vote): a step's cost stays flat however long the history grows. New ballots are
//! almost always the highest yet, so keeping the order costs a push.

use conlab_core::NodeId;
use conlab_paxos::{Ballot, NodeSet};

#[derive(Clone, Debug)]
pub struct InstanceVotes<V> {
    /// Per proposal `(ballot, value)`: the acceptors that ever accepted it; sorted by ballot.
    votes: Vec<(Ballot, V, NodeSet)>,
    /// Every proposal issued (2a sent), by whom: `(ballot, value, proposer)`; sorted by ballot.
    proposals: Vec<(Ballot, V, NodeId)>,
    /// The proposals found chosen, in the order they were (all with one value if safe).
    chosen: Vec<(Ballot, V)>,
}

impl<V> Default for InstanceVotes<V> {
    fn default() -> Self {
        Self {
            votes: Vec::new(),
            proposals: Vec::new(),
            chosen: Vec::new(),
        }
    }
}

/// What recording one vote revealed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoteEvents<V> {
    /// Another value was already accepted (or proposed) in the same ballot.
    pub conflict: Option<V>,
    /// This vote completed a majority: `(ballot, value)` is now chosen.
    pub newly_chosen: bool,
}

impl<V: Clone + PartialEq> InstanceVotes<V> {
    /// Acceptor `voter` accepted `(ballot, value)`; `quorum` acceptors make a majority.
    pub fn record_vote(
        &mut self,
        voter: NodeId,
        ballot: Ballot,
        value: &V,
        quorum: usize,
    ) -> VoteEvents<V> {
        let conflict = self.other_value_in(ballot, value);
        let (start, end) = ballot_range(&self.votes, ballot, |(b, ..)| *b);
        let pos = match self.votes[start..end]
            .iter()
            .position(|(_, v, _)| v == value)
        {
            Some(i) => start + i,
            None => {
                self.votes
                    .insert(end, (ballot, value.clone(), NodeSet::EMPTY));
                end
            }
        };
        let voters = &mut self.votes[pos].2;
        let was_chosen = voters.len() >= quorum;
        voters.insert(voter);
        let newly_chosen = !was_chosen && voters.len() >= quorum;
        if newly_chosen {
            self.chosen.push((ballot, value.clone()));
        }
        VoteEvents {
            conflict,
            newly_chosen,
        }
    }

    /// `proposer` issued the proposal `(ballot, value)`; returns a different value already
    /// proposed or accepted in that ballot, if any.
    pub fn record_proposal(&mut self, proposer: NodeId, ballot: Ballot, value: &V) -> Option<V> {
        let conflict = self.other_value_in(ballot, value);
        let (start, end) = ballot_range(&self.proposals, ballot, |(b, ..)| *b);
        if !self.proposals[start..end]
            .iter()
            .any(|(_, v, _)| v == value)
        {
            self.proposals
                .insert(end, (ballot, value.clone(), proposer));
        }
        conflict
    }

    fn other_value_in(&self, ballot: Ballot, value: &V) -> Option<V> {
        let (start, end) = ballot_range(&self.votes, ballot, |(b, ..)| *b);
        let accepted = self.votes[start..end].iter().map(|(_, v, _)| v);
        let (start, end) = ballot_range(&self.proposals, ballot, |(b, ..)| *b);
        let proposed = self.proposals[start..end].iter().map(|(_, v, _)| v);
        accepted.chain(proposed).find(|v| *v != value).cloned()
    }

    /// The proposals found chosen so far, in order.
    pub fn chosen(&self) -> &[(Ballot, V)] {
        &self.chosen
    }

    /// Whether `value` is chosen (in any ballot).
    pub fn is_chosen(&self, value: &V) -> bool {
        self.chosen.iter().any(|(_, v)| v == value)
    }

    /// The highest-ballot proposal below `ballot` accepted by any acceptor in `acceptors`:
    /// what P2c says a proposal numbered `ballot` must carry, if anything.
    pub fn highest_below(
        &self,
        ballot: Ballot,
        acceptors: NodeSet,
    ) -> Option<(Ballot, &V, NodeId)> {
        let (below, _) = ballot_range(&self.votes, ballot, |(b, ..)| *b);
        self.votes[..below].iter().rev().find_map(|(b, v, voters)| {
            voters
                .iter()
                .find(|a| acceptors.contains(*a))
                .map(|a| (*b, v, a))
        })
    }

    /// Who proposed `(ballot, value)`, if it was proposed.
    pub fn proposer_of(&self, ballot: Ballot) -> Option<NodeId> {
        let (start, end) = ballot_range(&self.proposals, ballot, |(b, ..)| *b);
        self.proposals[start..end].first().map(|(.., p)| *p)
    }

    /// Every acceptor that accepted `(ballot, value)`.
    pub fn voters(&self, ballot: Ballot, value: &V) -> NodeSet {
        let (start, end) = ballot_range(&self.votes, ballot, |(b, ..)| *b);
        self.votes[start..end]
            .iter()
            .find(|(_, v, _)| v == value)
            .map_or(NodeSet::EMPTY, |(.., s)| *s)
    }
}

/// The index range of `ballot`'s entries in `list`, sorted by ballot (empty where they would
/// go).
fn ballot_range<T>(list: &[T], ballot: Ballot, key: impl Fn(&T) -> Ballot) -> (usize, usize) {
    let start = list.partition_point(|x| key(x) < ballot);
    let end = start + list[start..].partition_point(|x| key(x) == ballot);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(round: u64, node: u8) -> Ballot {
        Ballot::new(round, NodeId(node))
    }

    #[test]
    fn a_majority_for_the_same_ballot_chooses() {
        let mut votes = InstanceVotes::default();
        assert!(!votes.record_vote(NodeId(1), b(1, 1), &"x", 2).newly_chosen);
        assert!(
            !votes.record_vote(NodeId(2), b(2, 2), &"x", 2).newly_chosen,
            "different ballots do not add up"
        );
        assert!(!votes.is_chosen(&"x"));
        assert!(votes.record_vote(NodeId(3), b(1, 1), &"x", 2).newly_chosen);
        assert!(
            !votes.record_vote(NodeId(2), b(1, 1), &"x", 2).newly_chosen,
            "chosen once"
        );
        assert!(votes.is_chosen(&"x"));
        let s: NodeSet = [NodeId(2), NodeId(3)].into_iter().collect();
        assert_eq!(
            votes.highest_below(b(3, 1), s).map(|(b, v, _)| (b, *v)),
            Some((b(2, 2), "x"))
        );
        assert_eq!(votes.highest_below(b(1, 1), s), None);
    }

    #[test]
    fn two_values_in_one_ballot_conflict() {
        let mut votes = InstanceVotes::default();
        assert_eq!(votes.record_proposal(NodeId(1), b(1, 0), &"x"), None);
        assert_eq!(votes.record_proposal(NodeId(2), b(1, 0), &"y"), Some("x"));
        assert_eq!(
            votes.record_vote(NodeId(3), b(1, 0), &"y", 2).conflict,
            Some("x")
        );
    }
}
