//! Single-decree Paxos in the simulator.

use super::{Marker, SimProtocol};
use crate::scenario::{Scenario, ScenarioError};
use conlab_check::paxos::PaxosChecker;
use conlab_core::NodeId;
use conlab_paxos::{
    Ballot, Durable, Msg, Note, PaxosConfig, PaxosNode, Phase, Reply, Timer, Value,
};
use serde_json::{json, Value as Json};

/// Longest value a client may propose, in characters.
const MAX_VALUE_LEN: usize = 64;

fn ballot_json(ballot: Option<Ballot>) -> Json {
    ballot.map_or(
        Json::Null,
        |b| json!({ "round": b.round, "node": b.node.0 }),
    )
}

fn proposal_json(proposal: Option<&(Ballot, Value)>) -> Json {
    proposal.map_or(
        Json::Null,
        |(b, v)| json!({ "ballot": ballot_json(Some(*b)), "value": v }),
    )
}

impl SimProtocol for PaxosNode {
    const NAME: &'static str = "paxos";
    /// "Time out now" starts a higher ballot at once.
    const TIMEOUT_TIMER: Timer = Timer::Backoff;
    /// Every proposer takes proposals: sweeps send them anywhere, so proposers duel.
    const CLIENTS_NEED_LEADER: bool = false;

    fn config(scenario: &Scenario) -> PaxosConfig {
        scenario.paxos.clone()
    }

    fn initial_state(_scenario: &Scenario, _id: NodeId) -> Option<Durable> {
        None
    }

    /// A Paxos request is the value to propose: any text of 1 to 64 characters.
    fn parse_request(text: &str) -> Result<Value, ScenarioError> {
        let value = text.trim();
        if value.is_empty() {
            return Err(ScenarioError(
                "empty value; a Paxos client proposes a value such as `blue`".into(),
            ));
        }
        if value.chars().count() > MAX_VALUE_LEN {
            return Err(ScenarioError(format!(
                "a proposed value is at most {MAX_VALUE_LEN} characters"
            )));
        }
        Ok(value.to_string())
    }

    fn msg_kind(msg: &Msg) -> &'static str {
        msg.kind().name()
    }

    fn node_id(&self) -> NodeId {
        self.id()
    }

    /// A proposer running a ballot (phase 1 or 2) is the closest single-decree Paxos has to a
    /// leader.
    fn is_leader(&self) -> bool {
        self.ballot().is_some()
    }

    fn leader_rank(&self) -> u64 {
        self.ballot().map_or(0, Ballot::rank)
    }

    fn sweep_request(i: u64) -> String {
        format!("v{i}")
    }

    /// Single-decree Paxos decides one value, whichever proposal wins, so "applied" means
    /// "knows the decision": a learner has applied any request once it has learned the chosen
    /// value (not necessarily `text`). A node that is not a learner has nothing to learn.
    fn has_applied(&self, _text: &str) -> bool {
        !self.roles().learner || self.learned().is_some()
    }

    /// A learner that missed the decision learns it when a proposer issues a new proposal
    /// (§2.3: "it can have a proposer issue a proposal"): hand the probe to the first live
    /// proposer that does not know the outcome yet; its ballot re-proposes the chosen value.
    fn probe_target<'a>(live: impl Iterator<Item = &'a Self>, probe: &str) -> Option<NodeId> {
        live.filter(|n| n.roles().proposer && !n.has_applied(probe) && n.outcome().is_none())
            .map(|n| n.id())
            .min()
    }

    fn reply_is_applied(reply: &Reply) -> bool {
        matches!(reply, Reply::Chosen { .. })
    }

    fn note_marker(note: &Note) -> Option<Marker> {
        match note {
            Note::BallotStarted { .. } => Some(Marker::Election),
            Note::Proposed { .. } => Some(Marker::Leader),
            Note::Learned { .. } => Some(Marker::Commit),
            Note::ClientValue { .. }
            | Note::Preempted { .. }
            | Note::TimedOut { .. }
            | Note::NothingToPropose { .. } => None,
        }
    }

    fn summary(&self) -> Json {
        let roles = self.roles();
        let names = [
            ("proposer", roles.proposer),
            ("acceptor", roles.acceptor),
            ("learner", roles.learner),
        ];
        let phase = match self.phase() {
            Phase::Idle => "idle",
            Phase::Preparing { .. } => "preparing",
            Phase::Accepting { .. } => "accepting",
            Phase::BackingOff => "backing_off",
        };
        json!({
            "id": self.id().0,
            "roles": names.iter().filter(|(_, on)| *on).map(|(n, _)| *n).collect::<Vec<_>>(),
            "promised": ballot_json(self.promised()),
            "accepted": proposal_json(self.accepted()),
            "learned": proposal_json(self.learned()),
            "proposer": {
                "phase": phase,
                "ballot": ballot_json(self.ballot()),
                "value": self.own_value(),
                "last_round": self.last_round(),
            },
        })
    }

    fn history(checker: &PaxosChecker) -> serde_json::Map<String, Json> {
        let mut map = serde_json::Map::new();
        map.insert("chosen".into(), proposal_json(checker.chosen()));
        map.insert("proposed".into(), json!(checker.proposed()));
        map
    }
}
