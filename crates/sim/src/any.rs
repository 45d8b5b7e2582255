//! Dispatch on the scenario's protocol name.

use crate::protocol::SimProtocol;
use crate::scenario::{Scenario, ScenarioError};
use conlab_raft::RaftNode;

/// The protocols a scenario may name.
pub const PROTOCOLS: [&str; 1] = [RaftNode::NAME];

/// Check that `text` is a valid client request for `protocol`.
pub fn parse_request(protocol: &str, text: &str) -> Result<(), ScenarioError> {
    match protocol {
        "raft" => RaftNode::parse_request(text).map(drop),
        other => Err(ScenarioError(format!("unknown protocol `{other}`"))),
    }
}

/// Switch on the bug toggle `name` of the scenario's protocol.
pub fn enable_bug(scenario: &mut Scenario, name: &str) -> Result<(), ScenarioError> {
    let known: &[&str] = match scenario.protocol.as_str() {
        "raft" if scenario.raft.bugs.enable(name) => return Ok(()),
        "raft" => &conlab_raft::RaftBugs::NAMES,
        other => return Err(ScenarioError(format!("unknown protocol `{other}`"))),
    };
    Err(ScenarioError(format!("`{name}` is not a {} bug toggle; choose one of: {}", scenario.protocol, known.join(", "))))
}
