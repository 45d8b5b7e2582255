use std::fmt;

/// A node's identity. Ids are 1-based (`S1`..`S15`), as in the Raft paper's figures.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct NodeId(pub u8);

impl NodeId {
    /// The position of this node in a 0-based vector of nodes. Always inlined: the page's
    /// size-first build would otherwise call it on every lookup of a node's state.
    #[inline(always)]
    pub fn index(self) -> usize {
        usize::from(self.0) - 1
    }

    /// The node at 0-based position `index`.
    pub fn from_index(index: usize) -> Self {
        NodeId(u8::try_from(index + 1).expect("cluster size fits in u8"))
    }

    /// All ids of a cluster of `n` nodes, in order.
    pub fn all(n: usize) -> impl Iterator<Item = NodeId> + Clone {
        (0..n).map(NodeId::from_index)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S{}", self.0)
    }
}

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_one_based_and_round_trip_through_indices() {
        let ids: Vec<NodeId> = NodeId::all(3).collect();
        assert_eq!(ids, vec![NodeId(1), NodeId(2), NodeId(3)]);
        assert_eq!(NodeId(3).index(), 2);
        assert_eq!(NodeId::from_index(2), NodeId(3));
        assert_eq!(NodeId(7).to_string(), "S7");
    }
}
