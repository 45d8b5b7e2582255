//! What the simulator needs to know about a protocol beyond the core contract.

use crate::scenario::{Scenario, ScenarioError};
use conlab_check::Checked;
use conlab_core::NodeId;

/// Kinds of moments the timeline marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    Election,
    Leader,
    Commit,
    Fault,
    Violation,
}

/// A protocol the simulator can run from a scenario.
pub trait SimProtocol: Checked {
    /// The scenario's `protocol` value for this protocol.
    const NAME: &'static str;
    /// The timer that "time out now" fires (Raft: the election timer).
    const TIMEOUT_TIMER: Self::Timer;
    /// Whether only a leader takes client requests (others redirect), so that a sweep's
    /// clients should talk to a leader they know of. Single-decree Paxos: any proposer will do.
    const CLIENTS_NEED_LEADER: bool = true;

    fn config(scenario: &Scenario) -> Self::Config;
    /// Scenario-given persistent state of node `id`, if any (Figure 7/8 style setups).
    fn initial_state(scenario: &Scenario, id: NodeId) -> Option<Self::Durable>;
    fn parse_request(text: &str) -> Result<Self::Request, ScenarioError>;
    /// The message's kind, as the legend and counters name it.
    fn msg_kind(msg: &Self::Msg) -> &'static str;
    fn node_id(&self) -> NodeId;
    fn is_leader(&self) -> bool;
    /// Among several self-declared leaders, the one with the highest rank is current.
    fn leader_rank(&self) -> u64;
    /// The `i`-th client request a sweep sends.
    fn sweep_request(i: u64) -> String;
    /// Whether this node has applied (executed, learned) the request written as `text`; a
    /// sweep's heal phase succeeds when every node has applied its probe request.
    fn has_applied(&self, text: &str) -> bool;
    /// Which of the `live` nodes a sweep's heal phase hands the probe request to now, if any.
    /// Default: the highest-ranked self-declared leader, unless it has applied the probe
    /// already (other nodes would only redirect the client).
    fn probe_target<'a>(live: impl Iterator<Item = &'a Self>, probe: &str) -> Option<NodeId>
    where
        Self: 'a,
    {
        live.filter(|n| n.is_leader())
            .max_by_key(|n| n.leader_rank())
            .filter(|n| !n.has_applied(probe))
            .map(|n| n.node_id())
    }
    /// Whether this reply says the request was committed and applied.
    fn reply_is_applied(reply: &Self::Reply) -> bool;
    fn note_marker(note: &Self::Note) -> Option<Marker>;
    /// The node's final state for `conlab run`'s JSON summary.
    fn summary(&self) -> serde_json::Value;
    /// Run-wide facts from the checker's ghost history (Raft: `leaders: {term: node}`).
    fn history(checker: &Self::Checker) -> serde_json::Map<String, serde_json::Value>;
}

mod multipaxos;
mod paxos;

mod raft {
    use super::*;
    use conlab_raft::{Durable, Msg, Note, RaftNode, Reply, Role, Timer};

    impl SimProtocol for RaftNode {
        fn history(
            checker: &conlab_check::raft::RaftChecker,
        ) -> serde_json::Map<String, serde_json::Value> {
            let leaders: serde_json::Map<String, serde_json::Value> = checker
                .leaders()
                .iter()
                .map(|(term, node)| (term.to_string(), node.0.into()))
                .collect();
            serde_json::Map::from_iter([("leaders".to_string(), leaders.into())])
        }

        const NAME: &'static str = "raft";
        const TIMEOUT_TIMER: Timer = Timer::Election;

        fn config(scenario: &Scenario) -> conlab_raft::RaftConfig {
            scenario.raft.clone()
        }

        fn initial_state(scenario: &Scenario, id: NodeId) -> Option<Durable> {
            scenario
                .initial
                .iter()
                .find(|s| s.node == id)
                .map(|s| Durable {
                    current_term: s.term,
                    voted_for: s.voted_for,
                    log: s.log.clone(),
                })
        }

        fn parse_request(text: &str) -> Result<conlab_core::kv::Command, ScenarioError> {
            text.parse()
                .map_err(|e: conlab_core::kv::CommandError| ScenarioError(e.0))
        }

        fn msg_kind(msg: &Msg) -> &'static str {
            msg.kind().name()
        }

        fn node_id(&self) -> NodeId {
            self.id()
        }

        fn is_leader(&self) -> bool {
            self.role() == Role::Leader
        }

        fn leader_rank(&self) -> u64 {
            self.current_term()
        }

        fn sweep_request(i: u64) -> String {
            format!("set k{} {i}", i % 7)
        }

        fn has_applied(&self, text: &str) -> bool {
            self.log()
                .iter()
                .take(self.last_applied() as usize)
                .any(|e| e.command.to_string() == text)
        }

        fn reply_is_applied(reply: &Reply) -> bool {
            matches!(reply, Reply::Applied { .. })
        }

        fn note_marker(note: &Note) -> Option<Marker> {
            match note {
                Note::StartedElection { .. } => Some(Marker::Election),
                Note::BecameLeader { .. } => Some(Marker::Leader),
                Note::Committed { .. } => Some(Marker::Commit),
                Note::SteppedDown { .. } | Note::Truncated { .. } => None,
            }
        }

        fn summary(&self) -> serde_json::Value {
            let log: Vec<_> = self
                .log()
                .entries()
                .iter()
                .map(|e| serde_json::json!({ "term": e.term, "command": e.command.to_string() }))
                .collect();
            let kv: serde_json::Map<String, serde_json::Value> = self
                .state_machine()
                .iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect();
            serde_json::json!({
                "id": self.id().0,
                "role": self.role().name(),
                "term": self.current_term(),
                "voted_for": self.voted_for().map(|v| v.0),
                "log": log,
                "commit_index": self.commit_index(),
                "last_applied": self.last_applied(),
                "state_machine": kv,
            })
        }
    }
}
