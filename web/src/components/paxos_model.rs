//! What the Paxos and Multi-Paxos views read off a frame, in plain Rust: short ballot text,
//! a stable colour per value, the value a proposer will propose and why, and which value was
//! chosen by which quorum. Shared by the stages, the inspectors and the slots panel.

use conlab_core::kv::Command;
use conlab_core::NodeId;
use conlab_paxos::{Ballot, MultiPaxosNode, PaxosNode, Phase, Value};
use conlab_sim::{Frame, NodeFrame};

/// A ballot as the stage writes it: `2.5` is round 2 of proposer S5 (`2` alone when the
/// `non_unique_ballots` bug leaves the proposer out).
pub fn ballot_text(ballot: Ballot) -> String {
    if ballot.node.0 == 0 {
        ballot.round.to_string()
    } else {
        format!("{}.{}", ballot.round, ballot.node.0)
    }
}

/// [`ballot_text`], or `–` for none.
pub fn ballot_opt(ballot: Option<Ballot>) -> String {
    ballot.map_or_else(|| "–".to_string(), ballot_text)
}

/// A stable colour class index (0..12, the `hue-N` classes) for a value: colour words get
/// their own colour (`blue` is blue), anything else a hash.
pub fn value_hue(value: &str) -> u32 {
    match value.trim().to_ascii_lowercase().as_str() {
        "red" => 0,
        "orange" | "brown" => 1,
        "yellow" | "gold" => 2,
        "lime" | "olive" => 3,
        "green" => 4,
        "mint" => 5,
        "teal" | "cyan" | "turquoise" => 6,
        "blue" | "azure" | "sky" => 7,
        "indigo" | "navy" => 8,
        "purple" | "violet" | "lilac" => 9,
        "magenta" | "pink" | "fuchsia" => 10,
        "rose" | "crimson" => 11,
        other => {
            let hash = other.bytes().fold(0x811c_9dc5_u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            });
            hash % 12
        }
    }
}

/// The `hue-N` class of a value.
pub fn hue_class(value: &str) -> String {
    format!("hue-{}", value_hue(value))
}

/// Where a single-decree proposer stands, as the views name it.
pub fn phase_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Idle => "idle",
        Phase::Preparing { .. } => "preparing",
        Phase::Accepting { .. } => "accepting",
        Phase::BackingOff => "backing-off",
    }
}

/// What `data-role` says of a single-decree Paxos node: `crashed` when down, `proposer` while
/// it runs a ballot (phase 1 or 2), otherwise its first passive role — `acceptor`, then
/// `learner` — and `proposer` for an idle node that only proposes.
pub fn paxos_role(node: &NodeFrame<PaxosNode>) -> &'static str {
    let roles = node.node.roles();
    if !node.up {
        "crashed"
    } else if node.node.ballot().is_some() {
        "proposer"
    } else if roles.acceptor {
        "acceptor"
    } else if roles.learner {
        "learner"
    } else {
        "proposer"
    }
}

/// `data-term` of a single-decree node: the round of the ballot it runs, else of its promise.
pub fn paxos_round(node: &PaxosNode) -> u64 {
    node.ballot().or(node.promised()).map_or(0, |b| b.round)
}

/// Why a proposer proposes (or will propose) its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No promise reported an accepted proposal: the client's value.
    Own,
    /// P2c: the value of the highest-ballot proposal the promises reported: `(from, ballot)`
    /// is the acceptor whose report it is and the ballot it had accepted the value in.
    Adopted { from: NodeId, ballot: Ballot },
    /// Own value although a promise reported another (the `proposer_ignores_promised_values`
    /// bug).
    IgnoredReport { from: NodeId, ballot: Ballot },
    /// No client value and nothing reported (yet).
    Nothing,
}

impl Reason {
    /// `data-reason`.
    pub fn key(&self) -> &'static str {
        match self {
            Reason::Own => "own",
            Reason::Adopted { .. } => "adopted",
            Reason::IgnoredReport { .. } => "ignored-report",
            Reason::Nothing => "none",
        }
    }
}

/// A proposer's attempt, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The proposer.
    pub id: NodeId,
    pub phase: &'static str,
    pub ballot: Option<Ballot>,
    /// Phase 1: promises gathered; phase 2: Accepted counted.
    pub count: usize,
    pub quorum: usize,
    /// Who promised (phase 1) or accepted (phase 2).
    pub voters: Vec<NodeId>,
    /// The value it proposes (phase 2) or would propose with the promises so far (phase 1).
    pub value: Option<Value>,
    pub reason: Reason,
}

/// The proposer attempt of `node` (any phase).
pub fn attempt(node: &PaxosNode) -> Attempt {
    let own = node.own_value().cloned();
    let ignores = node.config().bugs.proposer_ignores_promised_values;
    let mut out = Attempt {
        id: node.id(),
        phase: phase_name(node.phase()),
        ballot: node.ballot(),
        count: 0,
        quorum: node.quorum(),
        voters: Vec::new(),
        value: own.clone(),
        reason: if own.is_some() {
            Reason::Own
        } else {
            Reason::Nothing
        },
    };
    match node.phase() {
        Phase::Preparing { promises, .. } => {
            out.count = promises.len();
            out.voters = promises.iter().map(|(n, _)| *n).collect();
            let highest = promises
                .iter()
                .filter_map(|(n, a)| a.as_ref().map(|(b, v)| (*b, *n, v)))
                .max_by_key(|(b, ..)| *b);
            if let Some((b, from, v)) = highest {
                if ignores && own.is_some() {
                    out.reason = Reason::IgnoredReport { from, ballot: b };
                } else {
                    out.value = Some(v.clone());
                    out.reason = Reason::Adopted { from, ballot: b };
                }
            }
        }
        Phase::Accepting {
            value,
            accepted,
            adopted_from,
            ..
        } => {
            out.count = accepted.len();
            out.voters = accepted.iter().collect();
            out.value = Some(value.clone());
            if let Some((from, ballot)) = *adopted_from {
                out.reason = Reason::Adopted { from, ballot };
            }
        }
        Phase::Idle | Phase::BackingOff => {}
    }
    out
}

/// One sentence: why this value.
pub fn reason_text(attempt: &Attempt) -> String {
    let so_far = if attempt.phase == "preparing" {
        " so far"
    } else {
        ""
    };
    match &attempt.reason {
        Reason::Own => format!("its own value: no promise{so_far} reports an accepted proposal"),
        Reason::Adopted { from, ballot } if *from == attempt.id => format!(
            "adopted from its own acceptor's report: {from} had accepted it in ballot {}, the highest ballot reported{so_far} (P2c)",
            ballot_text(*ballot)
        ),
        Reason::Adopted { from, ballot } => format!(
            "adopted from {from}'s report: {from} had accepted it in ballot {}, the highest ballot reported{so_far} (P2c)",
            ballot_text(*ballot)
        ),
        Reason::IgnoredReport { from, ballot } => format!(
            "its own value although {from} reported a proposal accepted in ballot {} (bug: proposer ignores promised values)",
            ballot_text(*ballot)
        ),
        Reason::Nothing => "nothing to propose yet: no client value and no report".to_string(),
    }
}

/// A value chosen in single-decree Paxos, as far as this frame shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub value: Value,
    /// The ballot a quorum accepted it in.
    pub ballot: Ballot,
    /// The acceptors that accepted it: in `ballot`, plus any that accepted it in a later one.
    pub quorum: Vec<NodeId>,
    /// The learners that know it.
    pub learned_by: Vec<NodeId>,
}

/// The chosen value(s): a quorum of acceptors accepted the same ballot (chosen, whether or
/// not a learner knows yet), or a learner learned it. More than one value means safety broke.
pub fn decisions(frame: &Frame<PaxosNode>) -> Vec<Decision> {
    let Some(quorum) = frame.nodes.first().map(|n| n.node.quorum()) else {
        return Vec::new();
    };
    let acceptors: Vec<(NodeId, Ballot, &Value)> = frame
        .nodes
        .iter()
        .filter(|n| n.node.roles().acceptor)
        .filter_map(|n| n.node.accepted().map(|(b, v)| (n.node.id(), *b, v)))
        .collect();
    let mut found: Vec<(Ballot, Value)> = Vec::new();
    for &(_, b, v) in &acceptors {
        if acceptors.iter().filter(|(_, other, _)| *other == b).count() >= quorum {
            found.push((b, v.clone()));
        }
    }
    found.extend(frame.nodes.iter().filter_map(|n| n.node.learned().cloned()));
    found.sort();
    let mut out: Vec<Decision> = Vec::new();
    for (ballot, value) in found {
        if out.iter().any(|d| d.value == value) {
            continue; // the lowest ballot that chose it comes first
        }
        let quorum_members = acceptors
            .iter()
            .filter(|(_, b, v)| *b == ballot || (*b > ballot && **v == value))
            .map(|(id, ..)| *id)
            .collect();
        let learned_by = frame
            .nodes
            .iter()
            .filter(|n| n.node.learned().is_some_and(|(_, v)| *v == value))
            .map(|n| n.node.id())
            .collect();
        out.push(Decision {
            value,
            ballot,
            quorum: quorum_members,
            learned_by,
        });
    }
    out
}

/// What `data-role` says of a Multi-Paxos replica: leader, candidate (running phase 1),
/// follower, or crashed.
pub fn multipaxos_role(node: &NodeFrame<MultiPaxosNode>) -> &'static str {
    if node.up {
        node.node.role().name()
    } else {
        "crashed"
    }
}

/// `data-term` of a Multi-Paxos replica: the round of its own ballot while candidate or
/// leader, else of its promise.
pub fn multipaxos_round(node: &MultiPaxosNode) -> u64 {
    node.ballot().or(node.promised()).map_or(0, |b| b.round)
}

/// A command as a slot cell shows it.
pub fn command_text(command: &Command) -> String {
    match command {
        Command::Noop => "no-op".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_read_round_dot_node() {
        assert_eq!(ballot_text(Ballot::new(2, NodeId(5))), "2.5");
        assert_eq!(ballot_text(Ballot::new(3, NodeId(0))), "3");
        assert_eq!(ballot_opt(None), "–");
    }

    #[test]
    fn colour_words_get_their_colour_and_other_values_a_stable_one() {
        assert_eq!(value_hue("blue"), 7);
        assert_eq!(value_hue("Red"), 0);
        assert_eq!(value_hue("x=42"), value_hue("x=42"));
        assert!(value_hue("anything at all") < 12);
    }
}
