//! The pure part of Settings that never trap (issue 11, item 6): a new cluster size keeps the
//! scheduled interventions (and starting states and Paxos roles) that still fit and names
//! those it dropped, and the caption follows a resized cluster instead of describing the old
//! one.

use conlab_core::NodeId;
use conlab_sim::Scenario;

/// Whether node `id` exists in a cluster of `nodes`.
fn exists(id: NodeId, nodes: usize) -> bool {
    usize::from(id.0) <= nodes
}

/// `draft` made to fit its own cluster size: every intervention, starting state and Paxos
/// role that names a node beyond it is dropped. Returns what was dropped, one short phrase
/// each ("propose green at S5 at 40 ms").
pub fn fit(draft: &mut Scenario) -> Vec<String> {
    let n = draft.nodes;
    let mut dropped = Vec::new();
    draft.interventions.retain(|t| {
        let fits = t.action.nodes().into_iter().all(|id| exists(id, n));
        if !fits {
            dropped.push(format!("{} at {} ms", t.action.describe(), t.at));
        }
        fits
    });
    draft.initial.retain(|state| {
        let fits = exists(state.node, n);
        if !fits {
            dropped.push(format!("the starting state of {}", state.node));
        }
        fits
    });
    let roles = &mut draft.paxos;
    for (role, ids) in [
        ("proposer", &mut roles.proposers),
        ("acceptor", &mut roles.acceptors),
        ("learner", &mut roles.learners),
    ] {
        ids.retain(|&id| {
            if !exists(id, n) {
                dropped.push(format!("{id} as {role}"));
            }
            exists(id, n)
        });
    }
    dropped
}

/// What Apply starts from `draft`, replacing `before` (the run on screen): fitted to its size
/// (see [`fit`]), at time zero, its caption saying so when the size changed; and the notice
/// that names what was dropped, if anything was.
pub fn applied(mut draft: Scenario, before: &Scenario) -> (Scenario, Option<String>) {
    let dropped = fit(&mut draft);
    draft.cursor_ms = None;
    if draft.nodes != before.nodes {
        draft.name = format!("{}: {} servers", draft.protocol.label(), draft.nodes);
        draft.description = format!(
            "Resized in Settings from {} servers{}.",
            before.nodes,
            match before.name.as_str() {
                "" => String::new(),
                name => format!(" (“{name}”)"),
            }
        );
    }
    let notice = (!dropped.is_empty()).then(|| {
        format!(
            "{} servers: dropped what no longer fits — {}.",
            draft.nodes,
            dropped.join("; ")
        )
    });
    (draft, notice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::default_scenario;
    use conlab_sim::ProtocolKind;

    #[test]
    fn shrinking_the_default_paxos_cluster_drops_only_the_proposal_at_s5() {
        let before = default_scenario(ProtocolKind::Paxos);
        let mut draft = before.clone();
        draft.nodes = 3;
        assert!(
            draft.validate().is_err(),
            "the trap: S5's proposal blocks Apply"
        );
        let (s, notice) = applied(draft, &before);
        s.validate()
            .expect("a resized cluster can always be applied");
        assert_eq!(s.interventions.len(), 1, "S1's proposal stays");
        assert_eq!(s.interventions[0].action.nodes(), vec![NodeId(1)]);
        assert_eq!(
            notice.as_deref(),
            Some("3 servers: dropped what no longer fits — client `green` at S5 at 40 ms.")
        );
        assert_eq!(
            s.name, "Paxos: 3 servers",
            "the caption follows the cluster"
        );
        assert!(
            s.description.contains("from 5 servers"),
            "{}",
            s.description
        );
    }

    #[test]
    fn growing_keeps_everything_and_the_same_size_keeps_the_caption() {
        let before = default_scenario(ProtocolKind::Paxos);
        let mut draft = before.clone();
        draft.nodes = 15;
        let (s, notice) = applied(draft, &before);
        assert_eq!(s.interventions, before.interventions);
        assert_eq!(notice, None);
        assert_eq!(s.name, "Paxos: 15 servers");
        let mut draft = before.clone();
        draft.seed = 9;
        draft.cursor_ms = Some(700);
        let (s, notice) = applied(draft, &before);
        assert_eq!((s.name.as_str(), notice), (before.name.as_str(), None));
        assert_eq!(s.cursor_ms, None, "Apply restarts from time zero");
    }

    #[test]
    fn roles_and_starting_states_beyond_the_cluster_are_dropped_and_named() {
        let mut draft = default_scenario(ProtocolKind::Paxos);
        draft.paxos.proposers = vec![NodeId(1), NodeId(4)];
        draft.nodes = 3;
        let dropped = fit(&mut draft);
        assert_eq!(draft.paxos.proposers, vec![NodeId(1)]);
        assert!(
            dropped.contains(&"S4 as proposer".to_string()),
            "{dropped:?}"
        );
        let mut raft = default_scenario(ProtocolKind::Raft);
        let state = |node| conlab_sim::InitialNode {
            node: NodeId(node),
            term: Default::default(),
            voted_for: None,
            log: Vec::new(),
        };
        raft.initial = vec![state(1), state(5)];
        raft.nodes = 4;
        assert_eq!(fit(&mut raft), vec!["the starting state of S5".to_string()]);
        assert_eq!(raft.initial.len(), 1);
    }
}
