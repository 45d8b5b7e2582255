//! Majority quorums: any two majorities of the same cluster intersect, which is what lets a
//! later leader (Raft §5.4) or a later ballot (Paxos Made Simple §2.2) learn what an earlier
//! one may have decided.

/// The smallest number of nodes that is a majority of a cluster of `cluster_size` nodes.
pub const fn quorum_size(cluster_size: usize) -> usize {
    cluster_size / 2 + 1
}

/// Whether `count` nodes out of `cluster_size` form a majority.
pub const fn is_quorum(count: usize, cluster_size: usize) -> bool {
    count >= quorum_size(cluster_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majorities_of_small_clusters() {
        let expected = [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (7, 4), (15, 8)];
        for (n, q) in expected {
            assert_eq!(quorum_size(n), q, "cluster of {n}");
        }
        assert!(is_quorum(3, 5));
        assert!(!is_quorum(2, 5));
    }

    #[test]
    fn any_two_majorities_intersect() {
        for n in 1..=15 {
            assert!(2 * quorum_size(n) > n, "two quorums of {n} must overlap");
        }
    }
}
