//! The voters of a cluster, as a value (Raft §6; etcd-io/raft's `quorum.MajorityConfig`).
//!
//! Quorums are computed from a [`Configuration`], never from a cluster size, so that a node's
//! idea of "a majority" can follow a membership change. A joint configuration (§6: the old and
//! the new voter sets together, where a decision needs a majority of *each*) is a second
//! implementation of [`Quorum`], [`Joint`], made of two configurations.

use crate::{quorum_size, NodeId};

/// Decisions that need a quorum: winning an election, committing an index.
pub trait Quorum {
    /// Whether the voters for which `granted` holds form a quorum.
    fn has_quorum(&self, granted: impl Fn(NodeId) -> bool) -> bool;

    /// The largest index that a quorum has acknowledged, given each voter's acknowledged
    /// index (Raft's commit rule, Figure 2: "a majority of matchIndex[i] ≥ N").
    fn committed_index(&self, acked: impl Fn(NodeId) -> u64) -> u64;
}

/// A set of voters, sorted and without duplicates; a majority of them is a quorum.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Configuration {
    voters: Vec<NodeId>,
}

impl Configuration {
    /// The configuration whose voters are `voters` (in any order; duplicates collapse).
    /// Built by insertion, which the page already has, rather than a sort.
    pub fn new(voters: impl IntoIterator<Item = NodeId>) -> Self {
        let mut config = Self::default();
        for id in voters {
            config.add(id);
        }
        config
    }

    /// Every node of a cluster of `n` nodes, `S1..=Sn`, is a voter.
    pub fn of_cluster(n: usize) -> Self {
        Self {
            voters: NodeId::all(n).collect(),
        }
    }

    /// The voters, in ascending order.
    pub fn voters(&self) -> &[NodeId] {
        &self.voters
    }

    pub fn contains(&self, id: NodeId) -> bool {
        self.voters.binary_search(&id).is_ok()
    }

    pub fn len(&self) -> usize {
        self.voters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.voters.is_empty()
    }

    /// Make `id` a voter (Raft dissertation §4.1: one server added at a time).
    pub fn add(&mut self, id: NodeId) {
        if let Err(at) = self.voters.binary_search(&id) {
            self.voters.insert(at, id);
        }
    }

    /// Make `id` no longer a voter (dissertation §4.1: one server removed at a time).
    pub fn remove(&mut self, id: NodeId) {
        self.voters.retain(|&v| v != id);
    }

    /// How many voters make a majority.
    pub fn quorum_size(&self) -> usize {
        quorum_size(self.voters.len())
    }
}

impl Quorum for Configuration {
    fn has_quorum(&self, granted: impl Fn(NodeId) -> bool) -> bool {
        let count = self.voters.iter().filter(|&&v| granted(v)).count();
        count >= self.quorum_size()
    }

    /// The acknowledged indices sorted from highest to lowest: the one at position
    /// `quorum_size - 1` is reached by a majority, and no higher one is. An empty
    /// configuration has no majority and commits nothing.
    ///
    /// A leader asks on every acknowledgement that raises a match, so the indices are sorted
    /// on the stack for any cluster the simulator runs (`STACK` voters or fewer).
    fn committed_index(&self, acked: impl Fn(NodeId) -> u64) -> u64 {
        const STACK: usize = 16;
        let mut stack = [0; STACK];
        let mut heap;
        let indices = match self.voters.len() {
            n @ 0..=STACK => &mut stack[..n],
            n => {
                heap = vec![0; n];
                &mut heap[..]
            }
        };
        for (index, &voter) in indices.iter_mut().zip(&self.voters) {
            *index = acked(voter);
        }
        indices.sort_unstable_by(|a, b| b.cmp(a));
        indices
            .get(self.quorum_size() - 1)
            .copied()
            .unwrap_or_default()
    }
}

/// The configuration in force (Raft §6, Figure 11): C_new, and while joint C_old as well.
/// "Agreement (for elections and entry commitment) requires separate majorities from both
/// the old and new configurations", so a joint quorum is a majority of each.
#[derive(Clone, Copy, Debug)]
pub struct Joint<'a> {
    pub new: &'a Configuration,
    /// C_old, while the configuration is joint.
    pub old: Option<&'a Configuration>,
}

impl Quorum for Joint<'_> {
    fn has_quorum(&self, granted: impl Fn(NodeId) -> bool) -> bool {
        self.new.has_quorum(&granted) && self.old.is_none_or(|old| old.has_quorum(&granted))
    }

    /// The lower of the two: an index is committed only where both majorities reach.
    fn committed_index(&self, acked: impl Fn(NodeId) -> u64) -> u64 {
        let new = self.new.committed_index(&acked);
        self.old
            .map_or(new, |old| new.min(old.committed_index(&acked)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[u8]) -> Vec<NodeId> {
        list.iter().map(|&i| NodeId(i)).collect()
    }

    #[test]
    fn voters_are_sorted_and_deduplicated() {
        let c = Configuration::new(ids(&[3, 1, 2, 3]));
        assert_eq!(c.voters(), ids(&[1, 2, 3]).as_slice());
        assert_eq!(c, Configuration::of_cluster(3));
        assert!(c.contains(NodeId(2)) && !c.contains(NodeId(4)));
        assert_eq!((c.len(), c.quorum_size()), (3, 2));
    }

    #[test]
    fn a_majority_of_the_voters_is_a_quorum_and_others_do_not_count() {
        let c = Configuration::new(ids(&[1, 2, 4, 5, 7]));
        assert!(!c.has_quorum(|v| v.0 <= 2));
        assert!(c.has_quorum(|v| v.0 <= 4));
        // Nodes 3 and 6 are not voters: granting them nothing changes.
        assert!(!c.has_quorum(|v| [1, 3, 6].contains(&v.0)));
    }

    #[test]
    fn the_committed_index_is_the_highest_a_majority_reached() {
        let c = Configuration::of_cluster(5);
        let acked = [7, 3, 9, 3, 5];
        assert_eq!(c.committed_index(|v| acked[v.index()]), 5);
        let c = Configuration::of_cluster(4);
        assert_eq!(c.committed_index(|v| acked[v.index()]), 3, "3 of 4 needed");
        let single = Configuration::of_cluster(1);
        assert_eq!(single.committed_index(|_| 4), 4);
        assert_eq!(Configuration::default().committed_index(|_| 4), 0);
        assert!(!Configuration::default().has_quorum(|_| true));
        // Past the stack's 16 voters: 20 voters acked 1..=20, so a majority (11) reached 10.
        let large = Configuration::of_cluster(20);
        assert_eq!(large.committed_index(|v| v.index() as u64 + 1), 10);
        let c16 = Configuration::of_cluster(16);
        assert_eq!(
            c16.committed_index(|v| v.index() as u64 + 1),
            8,
            "9 of 16 reached 8"
        );
    }

    #[test]
    fn raft_6_a_joint_quorum_needs_a_majority_of_old_and_of_new() {
        let (old, new) = (
            Configuration::of_cluster(3),
            Configuration::new(ids(&[4, 5, 6])),
        );
        let joint = Joint {
            new: &new,
            old: Some(&old),
        };
        assert!(!joint.has_quorum(|v| [4, 5].contains(&v.0)), "C_new alone");
        assert!(!joint.has_quorum(|v| [1, 2].contains(&v.0)), "C_old alone");
        assert!(joint.has_quorum(|v| [1, 2, 4, 5].contains(&v.0)));
        let acked = [9, 9, 1, 2, 3, 9];
        assert_eq!(joint.committed_index(|v| acked[v.index()]), 3);
        assert_eq!(
            Joint {
                new: &new,
                old: None
            }
            .committed_index(|v| acked[v.index()]),
            3
        );
        assert_eq!(
            Joint {
                new: &old,
                old: None
            }
            .committed_index(|v| acked[v.index()]),
            9
        );
    }
}
