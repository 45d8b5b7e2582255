//! Dispatch on the scenario's protocol name.

use crate::protocol::SimProtocol;
use crate::scenario::{Scenario, ScenarioError};
use conlab_paxos::{MultiPaxosBugs, MultiPaxosNode, PaxosBugs, PaxosNode};
use conlab_raft::{RaftBugs, RaftNode};

/// The protocols a scenario may name.
pub const PROTOCOLS: [&str; 3] = [RaftNode::NAME, PaxosNode::NAME, MultiPaxosNode::NAME];

/// Check that `text` is a valid client request for `protocol`.
pub fn parse_request(protocol: &str, text: &str) -> Result<(), ScenarioError> {
    match protocol {
        "raft" => RaftNode::parse_request(text).map(drop),
        "paxos" => PaxosNode::parse_request(text).map(drop),
        "multipaxos" => MultiPaxosNode::parse_request(text).map(drop),
        other => Err(ScenarioError(format!("unknown protocol `{other}`"))),
    }
}

/// The bug toggles of `protocol`.
pub fn bug_names(protocol: &str) -> Option<&'static [&'static str]> {
    match protocol {
        "raft" => Some(&RaftBugs::NAMES),
        "paxos" => Some(&PaxosBugs::NAMES),
        "multipaxos" => Some(&MultiPaxosBugs::NAMES),
        _ => None,
    }
}

/// Switch on the bug toggle `name` of the scenario's protocol.
pub fn enable_bug(scenario: &mut Scenario, name: &str) -> Result<(), ScenarioError> {
    let enabled = match scenario.protocol.as_str() {
        "raft" => scenario.raft.bugs.enable(name),
        "paxos" => scenario.paxos.bugs.enable(name),
        "multipaxos" => scenario.multipaxos.bugs.enable(name),
        other => return Err(ScenarioError(format!("unknown protocol `{other}`"))),
    };
    if enabled {
        return Ok(());
    }
    let known = bug_names(&scenario.protocol).unwrap_or_default();
    Err(ScenarioError(format!(
        "`{name}` is not a {} bug toggle; choose one of: {}",
        scenario.protocol,
        known.join(", ")
    )))
}

/// Whether the bug toggle `name` of the scenario's protocol is on.
pub fn bug_enabled(scenario: &Scenario, name: &str) -> bool {
    match scenario.protocol.as_str() {
        "raft" => scenario.raft.bugs.is_enabled(name),
        "paxos" => scenario.paxos.bugs.is_enabled(name),
        "multipaxos" => scenario.multipaxos.bugs.is_enabled(name),
        _ => false,
    }
}

/// Switch off every bug toggle of the scenario's protocol.
pub fn clear_bugs(scenario: &mut Scenario) {
    match scenario.protocol.as_str() {
        "raft" => scenario.raft.bugs = RaftBugs::default(),
        "paxos" => scenario.paxos.bugs = PaxosBugs::default(),
        "multipaxos" => scenario.multipaxos.bugs = MultiPaxosBugs::default(),
        _ => {}
    }
}
