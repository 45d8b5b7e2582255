//! Single-decree Paxos in the simulator: its declaration (options, roles, bug toggles,
//! proposals), what running and sweeping it needs, and its `conlab run` summary.

use crate::kind::ProtocolKind;
use crate::protocol::{
    check_period, check_range, no_initial_state, Declared, Marker, SimProtocol, Summarized,
    Sweepable,
};
use crate::scenario::{Scenario, ScenarioError};
use conlab_check::paxos::PaxosChecker;
use conlab_core::{NodeId, Tick};
use conlab_paxos::{
    Ballot, Durable, Msg, Note, PaxosBugs, PaxosConfig, PaxosNode, Phase, Reply, Timer, Value,
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

impl Declared for PaxosNode {
    const KIND: ProtocolKind = ProtocolKind::Paxos;
    const BUGS: &'static [&'static str] = &PaxosBugs::NAMES;
    const DEFAULT_SCENARIO: &'static str = include_str!("paxos.json");

    fn options(scenario: &Scenario) -> &PaxosConfig {
        &scenario.paxos
    }

    fn options_mut(scenario: &mut Scenario) -> &mut PaxosConfig {
        &mut scenario.paxos
    }

    fn validate(scenario: &Scenario) -> Result<(), ScenarioError> {
        let p = &scenario.paxos;
        check_period("paxos ballot timeout", p.ballot_timeout_ms)?;
        check_range("paxos backoff", p.backoff_ms, 0)?;
        for (role, ids) in [
            ("proposers", &p.proposers),
            ("acceptors", &p.acceptors),
            ("learners", &p.learners),
        ] {
            for (i, &id) in ids.iter().enumerate() {
                scenario.check_node(id, &format!("paxos {role}"))?;
                if ids[..i].contains(&id) {
                    return Err(ScenarioError(format!("paxos {role}: {id} is listed twice")));
                }
            }
        }
        no_initial_state(scenario)
    }

    fn busiest_period_ms(scenario: &Scenario) -> Tick {
        let p = &scenario.paxos;
        let backoff = if p.backoff { p.backoff_ms.min } else { 0 };
        (p.ballot_timeout_ms + backoff).max(1)
    }

    fn bug_enabled(options: &PaxosConfig, name: &str) -> bool {
        options.bugs.is_enabled(name)
    }

    fn enable_bug(options: &mut PaxosConfig, name: &str) -> bool {
        options.bugs.enable(name)
    }

    fn clear_bugs(options: &mut PaxosConfig) {
        options.bugs = PaxosBugs::default();
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
}

impl SimProtocol for PaxosNode {
    /// "Time out now" starts a higher ballot at once.
    const TIMEOUT_TIMER: Timer = Timer::Backoff;

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

    fn reply_is_applied(reply: &Reply) -> bool {
        matches!(reply, Reply::Chosen { .. })
    }

    /// Single-decree Paxos decides one value: the workload's clients are not for it.
    fn session_request(_: conlab_core::kv::Command) -> Option<Value> {
        None
    }

    fn client_answer(_: &Reply) -> crate::clients::Answer {
        crate::clients::Answer::Waiting
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
}

impl Sweepable for PaxosNode {
    /// Every proposer takes proposals: sweeps send them anywhere, so proposers duel.
    const CLIENTS_NEED_LEADER: bool = false;

    fn vary_options(scenario: &mut Scenario, seed: u64) {
        // Slower links let ballots overlap and time out: proposers duel more.
        scenario.network.latency_ms.max = [30, 80, 150][(seed % 3) as usize];
        // Without Nacks, preemption shows only through timeouts: other interleavings.
        scenario.paxos.nack = !(seed / 3).is_multiple_of(3);
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
}

impl Summarized for PaxosNode {
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
