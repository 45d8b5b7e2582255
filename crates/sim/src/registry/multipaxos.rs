//! Multi-Paxos in the simulator: its declaration (options, bug toggles, key-value commands),
//! what running and sweeping it needs, and its `conlab run` summary.

use crate::clients::Answer;
use crate::kind::ProtocolKind;
use crate::protocol::{
    check_period, check_range, no_initial_state, parse_command, Declared, Marker, SimProtocol,
    Summarized, Sweepable,
};
use crate::scenario::{Scenario, ScenarioError};
use conlab_check::multipaxos::MultiPaxosChecker;
use conlab_core::kv::Command;
use conlab_core::{NodeId, Tick};
use conlab_paxos::multi::{Durable, Msg, Note, Reply, Role, Timer};
use conlab_paxos::{Ballot, MultiPaxosBugs, MultiPaxosConfig, MultiPaxosNode};
use serde_json::{json, Value as Json};

fn ballot_json(ballot: Option<Ballot>) -> Json {
    ballot.map_or(
        Json::Null,
        |b| json!({ "round": b.round, "node": b.node.0 }),
    )
}

impl Declared for MultiPaxosNode {
    const KIND: ProtocolKind = ProtocolKind::MultiPaxos;
    const BUGS: &'static [&'static str] = &MultiPaxosBugs::NAMES;
    const DEFAULT_SCENARIO: &'static str = include_str!("multipaxos.json");

    fn options(scenario: &Scenario) -> &MultiPaxosConfig {
        &scenario.multipaxos
    }

    fn options_mut(scenario: &mut Scenario) -> &mut MultiPaxosConfig {
        &mut scenario.multipaxos
    }

    fn validate(scenario: &Scenario) -> Result<(), ScenarioError> {
        let m = &scenario.multipaxos;
        check_range("multipaxos leader timeout", m.leader_timeout_ms, 1)?;
        check_period("multipaxos heartbeat", m.heartbeat_ms)?;
        if m.max_catch_up == 0 {
            return Err(ScenarioError(
                "multipaxos max_catch_up must be at least 1".into(),
            ));
        }
        no_initial_state(scenario)
    }

    fn busiest_period_ms(scenario: &Scenario) -> Tick {
        let m = &scenario.multipaxos;
        m.heartbeat_ms.min(m.leader_timeout_ms.min)
    }

    fn bug_enabled(options: &MultiPaxosConfig, name: &str) -> bool {
        options.bugs.is_enabled(name)
    }

    fn enable_bug(options: &mut MultiPaxosConfig, name: &str) -> bool {
        options.bugs.enable(name)
    }

    fn clear_bugs(options: &mut MultiPaxosConfig) {
        options.bugs = MultiPaxosBugs::default();
    }

    fn initial_state(_scenario: &Scenario, _id: NodeId) -> Option<Durable> {
        None
    }

    fn parse_request(text: &str) -> Result<Command, ScenarioError> {
        parse_command(text)
    }
}

impl SimProtocol for MultiPaxosNode {
    /// "Time out now" starts phase 1 with a higher ballot.
    const TIMEOUT_TIMER: Timer = Timer::LeaderTimeout;

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

    fn reply_is_applied(reply: &Reply) -> bool {
        matches!(reply, Reply::Executed { .. })
    }

    fn session_request(command: Command) -> Option<Command> {
        Some(command)
    }

    fn client_answer(reply: &Reply) -> Answer {
        match reply {
            Reply::Executed { outcome, .. } => Answer::Done(outcome.clone()),
            Reply::NotLeader { leader_hint } => Answer::Redirect(*leader_hint),
            Reply::Proposed { .. } => Answer::Waiting,
        }
    }

    fn note_marker(note: &Note) -> Option<Marker> {
        match note {
            Note::BallotStarted { .. } => Some(Marker::Election),
            Note::BecameLeader { .. } => Some(Marker::Leader),
            Note::Chosen { .. } => Some(Marker::Commit),
            Note::SteppedDown { .. } => Some(Marker::StepDown),
            Note::Proposed { .. } => None,
        }
    }
}

impl Sweepable for MultiPaxosNode {
    /// Without Nacks, preemption shows only through timeouts: other interleavings.
    fn vary_options(scenario: &mut Scenario, seed: u64) {
        scenario.multipaxos.nack = !seed.is_multiple_of(3);
    }

    fn sweep_request(i: u64) -> String {
        format!("set k{} {i}", i % 7)
    }

    /// Whether the command `text` was executed in one of this replica's executed slots.
    fn has_applied(&self, text: &str) -> bool {
        let log = self.log();
        (1..=log.executed()).any(|slot| log.chosen(slot).is_some_and(|c| c.to_string() == text))
    }
}

impl Summarized for MultiPaxosNode {
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
