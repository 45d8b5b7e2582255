//! Scenarios: everything needed to reproduce a run, as versioned JSON.
//!
//! See `docs/scenarios.md` for the format with examples.

use crate::network::NetworkModel;
use conlab_core::{NodeId, Tick, TickRange};
use conlab_paxos::{MultiPaxosConfig, PaxosConfig};
use conlab_raft::{Entry, RaftConfig, Term};
use std::fmt;

/// The scenario format version this build writes. Older versions must keep loading.
pub const SCENARIO_VERSION: u32 = 1;
/// The largest cluster the lab draws legibly.
pub const MAX_NODES: usize = 15;
/// Longest simulated run a scenario may ask for (one day).
pub const MAX_TIME_MS: Tick = 24 * 3600 * 1000;
/// Most timed interventions a scenario may hold.
pub const MAX_INTERVENTIONS: usize = 10_000;

/// A reproducible run.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `raft`, `paxos` or `multipaxos`.
    pub protocol: String,
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
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Persistent state a node starts with, to write down textbook setups (Raft Figures 7 and 8).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialNode {
    pub node: NodeId,
    #[serde(default)]
    pub term: Term,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voted_for: Option<NodeId>,
    #[serde(default)]
    pub log: Vec<Entry>,
}

/// An intervention at simulated time `at`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Timed {
    pub at: Tick,
    #[serde(flatten)]
    pub action: Intervention,
}

/// What a user (or a scenario) can do to the cluster.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
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
    #[serde(alias = "propose")]
    Client {
        node: NodeId,
        #[serde(alias = "value")]
        command: String,
    },
    /// Lose the in-flight message with this id.
    DropMessage { id: u64 },
}

impl Intervention {
    /// The nodes this intervention names (for validation and for display).
    pub fn nodes(&self) -> Vec<NodeId> {
        match self {
            Intervention::Crash { node }
            | Intervention::Restart { node }
            | Intervention::Timeout { node }
            | Intervention::Client { node, .. } => vec![*node],
            Intervention::Cut { from, to } | Intervention::Restore { from, to } => vec![*from, *to],
            Intervention::Partition { groups } => groups.iter().flatten().copied().collect(),
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
            Intervention::Client { node, command } => format!("client `{command}` at {node}"),
            Intervention::DropMessage { id } => format!("drop message #{id}"),
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

macro_rules! bail {
    ($($arg:tt)*) => { return Err(ScenarioError(format!($($arg)*))) };
}

impl Scenario {
    /// A default Raft scenario of `nodes` nodes.
    pub fn raft(nodes: usize, seed: u64) -> Self {
        Self::new("raft", nodes, seed)
    }

    /// A default scenario of `nodes` nodes running `protocol` (`raft`, `paxos`, `multipaxos`).
    pub fn new(protocol: &str, nodes: usize, seed: u64) -> Self {
        Self {
            version: SCENARIO_VERSION,
            name: String::new(),
            description: String::new(),
            protocol: protocol.into(),
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
        }
    }

    /// Parse and validate JSON text.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text)
            .map_err(|e| ScenarioError(format!("not a valid scenario: {e}")))?;
        scenario.validate()?;
        Ok(scenario)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("scenarios always serialize")
    }

    /// Check everything a run relies on, so that a bad file is a message and never a panic.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.version == 0 || self.version > SCENARIO_VERSION {
            bail!(
                "scenario version {} is not supported (this build reads 1..={SCENARIO_VERSION})",
                self.version
            );
        }
        if !crate::any::PROTOCOLS.contains(&self.protocol.as_str()) {
            bail!(
                "unknown protocol `{}`; expected one of: {}",
                self.protocol,
                crate::any::PROTOCOLS.join(", ")
            );
        }
        if self.nodes == 0 || self.nodes > MAX_NODES {
            bail!("a cluster has 1 to {MAX_NODES} nodes, not {}", self.nodes);
        }
        let net = &self.network;
        if net.latency_ms.min == 0
            || net.latency_ms.min > net.latency_ms.max
            || net.latency_ms.max > 60_000
        {
            bail!("network latency must be a range within 1..=60000 ms with min ≤ max");
        }
        for (name, p) in [("drop", net.drop), ("duplicate", net.duplicate)] {
            if !(0.0..=1.0).contains(&p) {
                bail!("network {name} probability must be between 0 and 1, not {p}");
            }
        }
        let r = &self.raft;
        if r.election_timeout_ms.min == 0 || r.election_timeout_ms.min > r.election_timeout_ms.max {
            bail!("raft election timeout must be a range with 1 ≤ min ≤ max");
        }
        if r.election_timeout_ms.max > 600_000 || r.heartbeat_ms == 0 || r.heartbeat_ms > 600_000 {
            bail!("raft timeouts must lie between 1 ms and 10 minutes");
        }
        if r.max_entries_per_append == 0 {
            bail!("raft max_entries_per_append must be at least 1");
        }
        self.validate_paxos()?;
        if self.protocol != "raft" && !self.initial.is_empty() {
            bail!("initial state (term, vote, log) is only supported for raft scenarios");
        }
        let mut seen = Vec::new();
        for init in &self.initial {
            self.check_node(init.node, "initial state")?;
            if seen.contains(&init.node) {
                bail!("initial state for {} is given twice", init.node);
            }
            seen.push(init.node);
            if let Some(v) = init.voted_for {
                self.check_node(v, "initial voted_for")?;
            }
            if init.log.len() > 10_000 {
                bail!("initial log of {} is longer than 10000 entries", init.node);
            }
            if init.log.windows(2).any(|w| w[0].term > w[1].term)
                || init.log.last().is_some_and(|e| e.term > init.term)
            {
                bail!("initial log of {} must have non-decreasing terms no later than its current term", init.node);
            }
        }
        if self.interventions.len() > MAX_INTERVENTIONS {
            bail!("a scenario holds at most {MAX_INTERVENTIONS} interventions");
        }
        let mut last = 0;
        for timed in &self.interventions {
            if timed.at < last {
                bail!(
                    "interventions must be in time order ({} ms comes after {last} ms)",
                    timed.at
                );
            }
            if timed.at > MAX_TIME_MS {
                bail!(
                    "intervention at {} ms is past the {MAX_TIME_MS} ms limit",
                    timed.at
                );
            }
            last = timed.at;
            for node in timed.action.nodes() {
                self.check_node(node, &timed.action.describe())?;
            }
            if let Intervention::Client { command, .. } = &timed.action {
                crate::any::parse_request(&self.protocol, command)?;
            }
        }
        for t in [self.until_ms, self.cursor_ms].into_iter().flatten() {
            if t > MAX_TIME_MS {
                bail!("time {t} ms is past the {MAX_TIME_MS} ms limit");
            }
        }
        Ok(())
    }

    fn validate_paxos(&self) -> Result<(), ScenarioError> {
        let within = |r: TickRange| r.min <= r.max && r.max <= 600_000;
        let p = &self.paxos;
        if p.ballot_timeout_ms == 0 || p.ballot_timeout_ms > 600_000 || !within(p.backoff_ms) {
            bail!("paxos ballot timeout and backoff must lie between 1 ms and 10 minutes (backoff min ≤ max)");
        }
        for (role, ids) in [
            ("proposers", &p.proposers),
            ("acceptors", &p.acceptors),
            ("learners", &p.learners),
        ] {
            for (i, &id) in ids.iter().enumerate() {
                self.check_node(id, &format!("paxos {role}"))?;
                if ids[..i].contains(&id) {
                    bail!("paxos {role}: {id} is listed twice");
                }
            }
        }
        let m = &self.multipaxos;
        if m.leader_timeout_ms.min == 0
            || !within(m.leader_timeout_ms)
            || m.heartbeat_ms == 0
            || m.heartbeat_ms > 600_000
        {
            bail!("multipaxos leader timeout must be a range with 1 ≤ min ≤ max and timeouts must lie between 1 ms and 10 minutes");
        }
        if m.max_catch_up == 0 {
            bail!("multipaxos max_catch_up must be at least 1");
        }
        Ok(())
    }

    fn check_node(&self, node: NodeId, what: &str) -> Result<(), ScenarioError> {
        if node.0 == 0 || usize::from(node.0) > self.nodes {
            bail!(
                "{what}: node {} does not exist in a cluster of {} (nodes are numbered 1..={})",
                node.0,
                self.nodes,
                self.nodes
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_scenario_gets_defaults() {
        let s = Scenario::from_json(r#"{"version":1,"protocol":"raft","nodes":3}"#).unwrap();
        assert_eq!(s, Scenario::raft(3, 0));
    }

    #[test]
    fn interventions_read_naturally() {
        let text = r#"{"version":1,"protocol":"raft","nodes":5,"interventions":[
            {"at":1000,"do":"crash","node":1},
            {"at":1200,"do":"partition","groups":[[1,2],[3,4,5]]},
            {"at":1500,"do":"client","node":3,"command":"set x 3"},
            {"at":2000,"do":"heal"}]}"#;
        let s = Scenario::from_json(text).unwrap();
        assert_eq!(
            s.interventions[0],
            Timed {
                at: 1000,
                action: Intervention::Crash { node: NodeId(1) }
            }
        );
        assert_eq!(
            s.interventions[2].action.describe(),
            "client `set x 3` at S3"
        );
        assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn paxos_scenarios_read_propose_as_a_client_request() {
        let text = r#"{"version":1,"protocol":"paxos","nodes":3,"paxos":{"backoff":false},"interventions":[
            {"at":10,"do":"propose","node":1,"value":"blue"},
            {"at":11,"do":"client","node":2,"command":"red"}]}"#;
        let s = Scenario::from_json(text).unwrap();
        let client = |node, value: &str| Intervention::Client {
            node: NodeId(node),
            command: value.into(),
        };
        assert_eq!(s.interventions[0].action, client(1, "blue"));
        assert_eq!(s.interventions[1].action, client(2, "red"));
        assert!(!s.paxos.backoff);
        let back = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(back, s);
        assert!(
            !s.to_json().contains("\"raft\""),
            "default sections stay out of the file"
        );
        assert!(Scenario::from_json(r#"{"version":1,"protocol":"multipaxos","nodes":5}"#).is_ok());
    }

    #[test]
    fn bad_scenarios_explain_what_is_wrong() {
        let cases = [
            (
                r#"{"version":1,"protocol":"raft","nodes":16}"#,
                "1 to 15 nodes",
            ),
            (r#"{"version":9,"protocol":"raft","nodes":3}"#, "version 9"),
            (
                r#"{"version":1,"protocol":"zab","nodes":3}"#,
                "unknown protocol",
            ),
            (
                r#"{"version":1,"protocol":"paxos","nodes":3,"paxos":{"acceptors":[1,4]}}"#,
                "node 4 does not exist",
            ),
            (
                r#"{"version":1,"protocol":"paxos","nodes":3,"paxos":{"backoff_ms":{"min":9,"max":1}}}"#,
                "backoff",
            ),
            (
                r#"{"version":1,"protocol":"paxos","nodes":3,"paxos":{"bugs":{"nope":true}}}"#,
                "unknown field",
            ),
            (
                r#"{"version":1,"protocol":"paxos","nodes":3,"interventions":[{"at":5,"do":"propose","node":1,"value":" "}]}"#,
                "empty",
            ),
            (
                r#"{"version":1,"protocol":"multipaxos","nodes":3,"multipaxos":{"heartbeat_ms":0}}"#,
                "multipaxos",
            ),
            (
                r#"{"version":1,"protocol":"multipaxos","nodes":3,"initial":[{"node":1}]}"#,
                "only supported for raft",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":5,"do":"crash","node":4}]}"#,
                "node 4 does not exist",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":5,"do":"client","node":1,"command":"jump"}]}"#,
                "not a command",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":5,"do":"heal"},{"at":4,"do":"heal"}]}"#,
                "time order",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"network":{"latency_ms":{"min":0,"max":5}}}"#,
                "latency",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"network":{"drop":1.5}}"#,
                "between 0 and 1",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"colour":"red"}"#,
                "unknown field",
            ),
            (r#"{"version":1,"protocol":"raft""#, "not a valid scenario"),
            (r#"[]"#, "not a valid scenario"),
        ];
        for (text, expected) in cases {
            let err = Scenario::from_json(text).unwrap_err().0;
            assert!(
                err.contains(expected),
                "{text}: got `{err}`, expected it to mention `{expected}`"
            );
        }
    }
}
