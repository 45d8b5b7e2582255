//! Multi-Paxos in the simulator.

use super::{Marker, SimProtocol};
use crate::scenario::{Scenario, ScenarioError};
use conlab_check::multipaxos::MultiPaxosChecker;
use conlab_core::kv::{Command, CommandError};
use conlab_core::NodeId;
use conlab_paxos::multi::{Durable, Msg, Note, Reply, Role, Timer};
use conlab_paxos::{Ballot, MultiPaxosConfig, MultiPaxosNode};
use serde_json::{json, Value as Json};

fn ballot_json(ballot: Option<Ballot>) -> Json {
    ballot.map_or(
        Json::Null,
        |b| json!({ "round": b.round, "node": b.node.0 }),
    )
}

impl SimProtocol for MultiPaxosNode {
    const NAME: &'static str = "multipaxos";
    /// "Time out now" starts phase 1 with a higher ballot.
    const TIMEOUT_TIMER: Timer = Timer::LeaderTimeout;

    fn config(scenario: &Scenario) -> MultiPaxosConfig {
        scenario.multipaxos.clone()
    }

    fn initial_state(_scenario: &Scenario, _id: NodeId) -> Option<Durable> {
        None
    }

    fn parse_request(text: &str) -> Result<Command, ScenarioError> {
        text.parse().map_err(|e: CommandError| ScenarioError(e.0))
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
        self.ballot().map_or(0, Ballot::rank)
    }

    fn sweep_request(i: u64) -> String {
        format!("set k{} {i}", i % 7)
    }

    /// Whether the command `text` was executed in one of this replica's executed slots.
    fn has_applied(&self, text: &str) -> bool {
        let log = self.log();
        (1..=log.executed()).any(|slot| log.chosen(slot).is_some_and(|c| c.to_string() == text))
    }

    fn reply_is_applied(reply: &Reply) -> bool {
        matches!(reply, Reply::Executed { .. })
    }

    fn note_marker(note: &Note) -> Option<Marker> {
        match note {
            Note::BallotStarted { .. } => Some(Marker::Election),
            Note::BecameLeader { .. } => Some(Marker::Leader),
            Note::Chosen { .. } => Some(Marker::Commit),
            Note::SteppedDown { .. } | Note::Proposed { .. } => None,
        }
    }

    fn summary(&self) -> Json {
        let log = self.log();
        let slots: Vec<Json> = (1..=log.last_slot())
            .map(|slot| {
                json!({
                    "slot": slot,
                    "accepted": log.accepted(slot).map(|(b, c)| json!({ "ballot": ballot_json(Some(b)), "command": c.to_string() })),
                    "chosen": log.chosen(slot).map(Command::to_string),
                    "executed": slot <= log.executed(),
                })
            })
            .collect();
        let kv: serde_json::Map<String, Json> = self
            .state_machine()
            .iter()
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        json!({
            "id": self.id().0,
            "role": self.role().name(),
            "ballot": ballot_json(self.ballot()),
            "promised": ballot_json(self.promised()),
            "leader_hint": self.leader_hint().map(|n| n.0),
            "slots": slots,
            "executed": log.executed(),
            "state_machine": kv,
        })
    }

    fn history(checker: &MultiPaxosChecker) -> serde_json::Map<String, Json> {
        let chosen: serde_json::Map<String, Json> = checker
            .chosen()
            .map(|(slot, (_, command))| (slot.to_string(), command.to_string().into()))
            .collect();
        let leaders: Vec<Json> = checker
            .leaders()
            .iter()
            .map(|(b, node)| json!({ "ballot": ballot_json(Some(*b)), "node": node.0 }))
            .collect();
        let mut map = serde_json::Map::new();
        map.insert("chosen".into(), chosen.into());
        map.insert("leaders".into(), leaders.into());
        map
    }
}
