//! Ballots, Lamport's "proposal numbers" (Paxos Made Simple §2.2, §2.3).

use conlab_core::NodeId;
use std::fmt;

/// A ballot (proposal number): `(round, node)`, ordered by round and then by node id.
///
/// §2.3: "Different proposers choose their numbers from disjoint sets of numbers, so two
/// different proposers never issue a proposal with the same number." Pairing the round with
/// the proposer's id does exactly that. (The `non_unique_ballots` bug toggle writes node 0 in
/// every ballot, so two proposers can issue the same one.)
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Ballot {
    pub round: u64,
    pub node: NodeId,
}

impl Ballot {
    pub const fn new(round: u64, node: NodeId) -> Self {
        Self { round, node }
    }

    /// One number that orders ballots like the pair does (for "leader rank" and charts).
    pub fn rank(self) -> u64 {
        self.round
            .saturating_mul(256)
            .saturating_add(u64::from(self.node.0))
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.node.0 == 0 {
            write!(f, "({})", self.round)
        } else {
            write!(f, "({},{})", self.round, self.node)
        }
    }
}

impl fmt::Debug for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `Some(ballot)` as text, `-` for none.
pub fn show(ballot: Option<Ballot>) -> String {
    ballot.map_or_else(|| "-".to_string(), |b| b.to_string())
}

/// A set of nodes as a bitmask (clusters have at most 15 nodes).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct NodeSet(u16);

impl NodeSet {
    pub const EMPTY: NodeSet = NodeSet(0);

    pub fn insert(&mut self, node: NodeId) -> bool {
        let bit = 1u16 << node.index();
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }

    pub fn contains(self, node: NodeId) -> bool {
        node.0 != 0 && self.0 & (1u16 << node.index()) != 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn union(self, other: NodeSet) -> NodeSet {
        NodeSet(self.0 | other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = NodeId> {
        (0..16)
            .filter(move |i| self.0 >> i & 1 == 1)
            .map(NodeId::from_index)
    }
}

impl fmt::Debug for NodeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<NodeId> for NodeSet {
    fn from_iter<I: IntoIterator<Item = NodeId>>(iter: I) -> Self {
        let mut set = NodeSet::EMPTY;
        for node in iter {
            set.insert(node);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_order_by_round_then_node() {
        let b = |r, n| Ballot::new(r, NodeId(n));
        assert!(b(1, 5) < b(2, 1));
        assert!(b(2, 1) < b(2, 2));
        assert!(b(1, 5).rank() < b(2, 1).rank());
        assert!(None < Some(b(0, 1)), "no promise is below every ballot");
        assert_eq!(b(3, 2).to_string(), "(3,S2)");
        assert_eq!(show(None), "-");
    }

    #[test]
    fn node_sets_count_distinct_members() {
        let mut s = NodeSet::EMPTY;
        assert!(s.insert(NodeId(2)));
        assert!(!s.insert(NodeId(2)));
        s.insert(NodeId(15));
        assert_eq!(s.len(), 2);
        assert!(s.contains(NodeId(15)) && !s.contains(NodeId(1)));
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![NodeId(2), NodeId(15)]);
    }
}
