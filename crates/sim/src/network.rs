//! The simulated network: latency, loss, duplication, reordering, partitions and cut links.

use conlab_core::{NodeId, TickRange};

/// How messages travel, per scenario.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct NetworkModel {
    /// One-way delay of each message, drawn per message.
    pub latency_ms: TickRange,
    /// Probability that a message is lost.
    pub drop: f64,
    /// Probability that a message is delivered twice (each copy with its own delay).
    pub duplicate: f64,
    /// Whether a later message on a link may overtake an earlier one.
    pub reorder: bool,
}

impl Default for NetworkModel {
    fn default() -> Self {
        Self {
            latency_ms: TickRange::new(10, 30),
            drop: 0.0,
            duplicate: 0.0,
            reorder: true,
        }
    }
}

/// Which directed links currently carry messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    n: usize,
    /// Partition group of each node; nodes in different groups cannot talk.
    group: Vec<usize>,
    /// Directed links cut by hand, `cut[from * n + to]`.
    cut: Vec<bool>,
}

impl Links {
    pub fn new(n: usize) -> Self {
        Self {
            n,
            group: vec![0; n],
            cut: vec![false; n * n],
        }
    }

    /// Whether a message from `from` to `to` can get through right now.
    pub fn connected(&self, from: NodeId, to: NodeId) -> bool {
        self.group[from.index()] == self.group[to.index()]
            && !self.cut[from.index() * self.n + to.index()]
    }

    /// Split the cluster: each listed group can talk only within itself; nodes not listed form
    /// one more group together.
    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        let rest = groups.len() + 1;
        self.group.iter_mut().for_each(|g| *g = rest);
        for (g, members) in groups.iter().enumerate() {
            for m in members {
                self.group[m.index()] = g + 1;
            }
        }
    }

    /// Remove every partition and restore every cut link.
    pub fn heal(&mut self) {
        self.group.iter_mut().for_each(|g| *g = 0);
        self.cut.iter_mut().for_each(|c| *c = false);
    }

    pub fn set_cut(&mut self, from: NodeId, to: NodeId, cut: bool) {
        self.cut[from.index() * self.n + to.index()] = cut;
    }

    /// The current partition as groups of nodes (one group when there is none).
    pub fn groups(&self) -> Vec<Vec<NodeId>> {
        let mut ids: Vec<usize> = self.group.clone();
        ids.sort_unstable();
        ids.dedup();
        ids.iter()
            .map(|&g| {
                NodeId::all(self.n)
                    .filter(|id| self.group[id.index()] == g)
                    .collect()
            })
            .collect()
    }

    /// Directed links cut by hand.
    pub fn cut_links(&self) -> Vec<(NodeId, NodeId)> {
        let n = self.n;
        (0..n * n)
            .filter(|&i| self.cut[i])
            .map(|i| (NodeId::from_index(i / n), NodeId::from_index(i % n)))
            .collect()
    }

    pub fn is_healed(&self) -> bool {
        self.group.iter().all(|&g| g == self.group[0]) && !self.cut.contains(&true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u8]) -> Vec<NodeId> {
        v.iter().map(|&i| NodeId(i)).collect()
    }

    #[test]
    fn partitions_split_and_heal() {
        let mut links = Links::new(5);
        assert!(links.connected(NodeId(1), NodeId(5)));
        links.partition(&[ids(&[1, 2])]);
        assert!(links.connected(NodeId(1), NodeId(2)));
        assert!(
            links.connected(NodeId(3), NodeId(5)),
            "unlisted nodes form a group together"
        );
        assert!(!links.connected(NodeId(2), NodeId(3)));
        assert_eq!(links.groups(), vec![ids(&[1, 2]), ids(&[3, 4, 5])]);
        links.heal();
        assert!(links.is_healed());
        assert!(links.connected(NodeId(2), NodeId(3)));
    }

    #[test]
    fn cut_links_are_directional() {
        let mut links = Links::new(3);
        links.set_cut(NodeId(1), NodeId(2), true);
        assert!(!links.connected(NodeId(1), NodeId(2)));
        assert!(links.connected(NodeId(2), NodeId(1)));
        assert_eq!(links.cut_links(), vec![(NodeId(1), NodeId(2))]);
        links.set_cut(NodeId(1), NodeId(2), false);
        assert!(links.is_healed());
    }

    #[test]
    fn hundreds_of_groups_do_not_wrap_group_ids() {
        let mut links = Links::new(3);
        let mut groups = vec![ids(&[2])];
        groups.extend(std::iter::repeat_n(Vec::new(), 255));
        groups.push(ids(&[1]));
        links.partition(&groups);
        assert!(!links.connected(NodeId(1), NodeId(2)));
        assert!(!links.connected(NodeId(1), NodeId(3)));
    }
}
