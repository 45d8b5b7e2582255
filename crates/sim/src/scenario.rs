//! Scenarios: everything needed to reproduce a run, as versioned JSON (the data; checking it
//! against the budgets is in `validate.rs`).
//!
//! See `docs/scenarios.md` for the format with examples.

use crate::kind::ProtocolKind;
use crate::network::NetworkModel;
use conlab_core::{NodeId, Tick};
use conlab_paxos::{MultiPaxosConfig, PaxosConfig};
use conlab_raft::{Entry, RaftConfig, Term};
use std::fmt;

/// The scenario format version this build writes. Older versions must keep loading: version
/// 2 added the optional `tour`.
pub const SCENARIO_VERSION: u32 = 2;

/// A reproducible run.
///
/// Unknown fields are refused everywhere. Natively serde does it (`deny_unknown_fields`, here
/// and on every nested struct); the page reads scenarios by hand (web/src/reader.rs), asking
/// only for the fields it knows, and web/js/codec.js refuses any key it did not read
/// (web/tests/codec.rs holds both to the same errors).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Scenario {
    pub version: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `raft`, `paxos` or `multipaxos`.
    pub protocol: ProtocolKind,
    /// Cluster size, 1..=15.
    pub nodes: usize,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub network: NetworkModel,
    /// Raft options (timeouts, heartbeat, bug toggles); used when `protocol` is `raft`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub raft: RaftConfig,
    /// Single-decree Paxos options (roles, Nack, ballot timeout, backoff, bug toggles); used
    /// when `protocol` is `paxos`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub paxos: PaxosConfig,
    /// Multi-Paxos options (leader timeout, heartbeat, Nack, bug toggles); used when
    /// `protocol` is `multipaxos`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub multipaxos: MultiPaxosConfig,
    /// Optional persistent state per node at time 0 (Raft: term, vote, log).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial: Vec<InitialNode>,
    /// Timed interventions, applied at the end of their millisecond, in list order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<Timed>,
    /// How long `conlab run` simulates unless told otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_ms: Option<Tick>,
    /// The instant a shared link opens at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_ms: Option<Tick>,
    /// An optional client workload (issue 16; `clients.rs`): clients with sessions that find
    /// the leader, retry, and whose history a linearizability check judges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clients: Option<crate::clients::Workload>,
    /// Captions to play step by step (version 2; see `tour.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tour: Vec<crate::tour::TourStep>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Persistent state a node starts with, to write down textbook setups (Raft Figures 7 and 8).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct InitialNode {
    pub node: NodeId,
    #[serde(default)]
    pub term: Term,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voted_for: Option<NodeId>,
    #[serde(default)]
    pub log: Vec<Entry>,
}

/// An intervention at simulated time `at`. In JSON it is one flat object,
/// `{"at": ms, "do": kind, ...fields}` (see `timed.rs`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "crate::timed::TimedJson", into = "crate::timed::TimedJson")]
pub struct Timed {
    pub at: Tick,
    pub action: Intervention,
}

/// What a user (or a scenario) can do to the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intervention {
    /// Stop the node; it keeps only what it persisted.
    Crash { node: NodeId },
    /// Boot a crashed node from what it persisted.
    Restart { node: NodeId },
    /// Split the network into groups; unlisted nodes form one more group.
    Partition { groups: Vec<Vec<NodeId>> },
    /// Remove all partitions and cut links.
    Heal,
    /// Cut the directed link from → to.
    Cut { from: NodeId, to: NodeId },
    /// Restore the directed link from → to.
    Restore { from: NodeId, to: NodeId },
    /// Fire the node's timeout now (Raft: start an election; Paxos: start a higher ballot;
    /// Multi-Paxos: start phase 1).
    Timeout { node: NodeId },
    /// A client request at a node, as text (`set x 3`; for Paxos, the value to propose).
    /// `{"do": "propose", "node": 1, "value": "blue"}` reads as the same intervention.
    Client { node: NodeId, command: String },
    /// Lose the in-flight message with this id.
    DropMessage { id: u64 },
    /// Raft: ask the leader to add (`add_server`) or remove (`remove_server`) server `node`
    /// (dissertation §4.1); a client request sent to the leader, or redirected if none leads.
    Membership { node: NodeId, add: bool },
    /// Raft: ask the leader to move to these voters by joint consensus (Raft §6,
    /// `change_config`); sent like [`Intervention::Membership`].
    ChangeConfig { voters: Vec<NodeId> },
    /// Raft: ask the leader to hand leadership to server `to` (dissertation §3.10,
    /// `transfer_leader`); sent like [`Intervention::Membership`].
    TransferLeader { to: NodeId },
}

impl Intervention {
    /// The nodes this intervention names (for validation and for display).
    pub fn nodes(&self) -> Vec<NodeId> {
        match self {
            Intervention::Crash { node }
            | Intervention::Restart { node }
            | Intervention::Timeout { node }
            | Intervention::Client { node, .. }
            | Intervention::Membership { node, .. }
            | Intervention::TransferLeader { to: node } => vec![*node],
            Intervention::Cut { from, to } | Intervention::Restore { from, to } => vec![*from, *to],
            Intervention::Partition { groups } => groups.iter().flatten().copied().collect(),
            Intervention::ChangeConfig { voters } => voters.clone(),
            Intervention::Heal | Intervention::DropMessage { .. } => vec![],
        }
    }

    /// A short human description, e.g. "crash S2".
    pub fn describe(&self) -> String {
        match self {
            Intervention::Crash { node } => format!("crash {node}"),
            Intervention::Restart { node } => format!("restart {node}"),
            Intervention::Partition { groups } => {
                let groups: Vec<String> = groups
                    .iter()
                    .map(|g| {
                        g.iter()
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                    .collect();
                format!("partition {{{}}}", groups.join("} {"))
            }
            Intervention::Heal => "heal the network".into(),
            Intervention::Cut { from, to } => format!("cut {from}→{to}"),
            Intervention::Restore { from, to } => format!("restore {from}→{to}"),
            Intervention::Timeout { node } => format!("time out {node}"),
            Intervention::Client { node, command } => {
                format!("client {} at {node}", crate::budget::excerpt(command))
            }
            Intervention::DropMessage { id } => format!("drop message #{id}"),
            Intervention::Membership { node, add } => {
                format!("{} {node}", if *add { "add" } else { "remove" })
            }
            Intervention::ChangeConfig { voters } => Scenario::change_config_command(voters),
            Intervention::TransferLeader { to } => format!("transfer leadership to {to}"),
        }
    }
}

/// Why a scenario was rejected, in one plain sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError(pub String);

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// A default Raft scenario of `nodes` nodes.
    pub fn raft(nodes: usize, seed: u64) -> Self {
        Self::new(ProtocolKind::Raft, nodes, seed)
    }

    /// A default scenario of `nodes` nodes running `protocol`.
    pub fn new(protocol: ProtocolKind, nodes: usize, seed: u64) -> Self {
        Self {
            version: SCENARIO_VERSION,
            name: String::new(),
            description: String::new(),
            protocol,
            nodes,
            seed,
            network: NetworkModel::default(),
            raft: RaftConfig::default(),
            paxos: PaxosConfig::default(),
            multipaxos: MultiPaxosConfig::default(),
            initial: Vec::new(),
            interventions: Vec::new(),
            until_ms: None,
            cursor_ms: None,
            tour: Vec::new(),
            clients: None,
        }
    }

    /// The client request of a membership intervention, as a command.
    pub fn membership_command(node: NodeId, add: bool) -> String {
        let verb = if add { "add_server" } else { "remove_server" };
        format!("{verb} {node}")
    }

    /// The client request of a `change_config` intervention: `change_config S4 S5 S6`.
    pub fn change_config_command(voters: &[NodeId]) -> String {
        let mut text = String::from("change_config");
        for v in voters {
            text += &format!(" {v}");
        }
        text
    }

    /// The client request of a `transfer_leader` intervention: `transfer_leader S3`.
    pub fn transfer_leader_command(to: NodeId) -> String {
        format!("transfer_leader {to}")
    }

    /// The scenario as pretty JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("scenarios always serialize")
    }
}
