//! What the simulator needs to know about a protocol beyond the core contract, split by
//! concern: what a protocol declares about itself ([`Declared`]: its name, options, their
//! validation, bug toggles, initial state and client requests), what running it needs
//! ([`SimProtocol`]), what a seed sweep needs ([`Sweepable`]) and what `conlab run` prints
//! ([`Summarized`]). Each protocol implements all four in one file under `registry/`; the
//! registry (`registry.rs`) maps a [`ProtocolKind`] to that type.

use crate::kind::ProtocolKind;
use crate::scenario::{Scenario, ScenarioError};
use conlab_check::Checked;
use conlab_core::{NodeId, Protocol, Tick};

/// Kinds of moments the timeline marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    Election,
    Leader,
    Commit,
    Fault,
    Violation,
    /// A leader stepped down: it saw a higher term or ballot, lost touch with a majority
    /// (CheckQuorum, dissertation §6.2), or left the configuration (§4.2.2).
    StepDown,
}

/// A protocol's declaration: the one place that says what its scenario options are, how they
/// are checked, which teaching bugs it has, and what its client requests look like.
pub trait Declared: Protocol {
    /// The scenario's `protocol` value for this protocol.
    const KIND: ProtocolKind;
    /// The bug toggles, as written in scenario files and on the command line.
    const BUGS: &'static [&'static str];
    /// The scenario a fresh visit to the page shows for this protocol (JSON, next to the
    /// protocol's adapter in `registry/`).
    const DEFAULT_SCENARIO: &'static str;

    /// This protocol's options in a scenario (`raft`, `paxos`, `multipaxos` section).
    fn options(scenario: &Scenario) -> &Self::Config;
    fn options_mut(scenario: &mut Scenario) -> &mut Self::Config;
    /// Check the options and `initial` state against the budgets, in one sentence if not.
    fn validate(scenario: &Scenario) -> Result<(), ScenarioError>;
    /// The shortest period at which nodes may send to every peer (a heartbeat, a ballot
    /// timeout), to estimate a scenario's work.
    fn busiest_period_ms(scenario: &Scenario) -> Tick;
    fn bug_enabled(options: &Self::Config, name: &str) -> bool;
    /// Turn on the toggle `name`; false if there is none.
    fn enable_bug(options: &mut Self::Config, name: &str) -> bool;
    fn clear_bugs(options: &mut Self::Config);
    /// Scenario-given persistent state of node `id`, if any (Figure 7/8 style setups).
    fn initial_state(scenario: &Scenario, id: NodeId) -> Option<Self::Durable>;
    fn parse_request(text: &str) -> Result<Self::Request, ScenarioError>;
}

/// A protocol the simulator can run from a scenario.
pub trait SimProtocol: Checked + Declared {
    /// The timer that "time out now" fires (Raft: the election timer).
    const TIMEOUT_TIMER: Self::Timer;

    fn config(scenario: &Scenario) -> Self::Config {
        Self::options(scenario).clone()
    }
    /// The message's kind, as the legend and counters name it.
    fn msg_kind(msg: &Self::Msg) -> &'static str;
    fn node_id(&self) -> NodeId;
    fn is_leader(&self) -> bool;
    /// Among several self-declared leaders, the one with the highest rank is current.
    fn leader_rank(&self) -> u64;
    /// Whether this reply says the request was committed and applied.
    fn reply_is_applied(reply: &Self::Reply) -> bool;
    fn note_marker(note: &Self::Note) -> Option<Marker>;
    /// A workload client's command, with its session, as this protocol's request; `None`
    /// for a protocol whose clients send no key-value commands (single-decree Paxos).
    fn session_request(command: conlab_core::kv::Command) -> Option<Self::Request>;
    /// What `reply` means to a workload client.
    fn client_answer(reply: &Self::Reply) -> crate::clients::Answer;
}

/// What a seed sweep needs: how to vary options per seed, what clients send and when the
/// cluster has recovered.
pub trait Sweepable: SimProtocol {
    /// Whether only a leader takes client requests (others redirect), so that a sweep's
    /// clients should talk to a leader they know of. Single-decree Paxos: any proposer will do.
    const CLIENTS_NEED_LEADER: bool = true;

    /// Vary the options of a sweep run by seed, to reach more interleavings.
    fn vary_options(scenario: &mut Scenario, seed: u64);
    /// The `i`-th client request a sweep sends.
    fn sweep_request(i: u64) -> String;
    /// Whether this node has applied (executed, learned) the request written as `text`; a
    /// sweep's heal phase succeeds when every node has applied its probe request.
    fn has_applied(&self, text: &str) -> bool;
    /// Whether `id` is a voter in this (leading) node's configuration; `None` for protocols
    /// without membership changes, whose sweeps then make none.
    fn is_voter(&self, _id: NodeId) -> Option<bool> {
        None
    }
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
}

/// What `conlab run` prints about a node and a run.
pub trait Summarized: SimProtocol {
    /// The node's final state for `conlab run`'s JSON summary.
    fn summary(&self) -> serde_json::Value;
    /// Run-wide facts from the checker's ghost history (Raft: `leaders: {term: node}`).
    fn history(checker: &Self::Checker) -> serde_json::Map<String, serde_json::Value>;
}

/// Shared checks the protocol declarations use.
pub(crate) fn check_range(
    what: &str,
    range: conlab_core::TickRange,
    min: Tick,
) -> Result<(), ScenarioError> {
    use crate::budget::MAX_PERIOD_MS;
    if range.min < min || range.min > range.max || range.max > MAX_PERIOD_MS {
        return Err(ScenarioError(format!(
            "{what} must be a range with {min} ≤ min ≤ max ≤ {MAX_PERIOD_MS} ms"
        )));
    }
    Ok(())
}

/// Check a period (heartbeat, timeout) is between 1 ms and ten minutes.
pub(crate) fn check_period(what: &str, ms: Tick) -> Result<(), ScenarioError> {
    use crate::budget::MAX_PERIOD_MS;
    if ms == 0 || ms > MAX_PERIOD_MS {
        return Err(ScenarioError(format!(
            "{what} must lie between 1 and {MAX_PERIOD_MS} ms, not {ms}"
        )));
    }
    Ok(())
}

/// Reject `initial` state for protocols that have none.
pub(crate) fn no_initial_state(scenario: &Scenario) -> Result<(), ScenarioError> {
    if !scenario.initial.is_empty() {
        return Err(ScenarioError(format!(
            "initial state (term, vote, log) is only supported for raft scenarios, not {}",
            scenario.protocol
        )));
    }
    Ok(())
}

/// A key-value command (Raft and Multi-Paxos clients), or why `text` is not one.
pub(crate) fn parse_command(text: &str) -> Result<conlab_core::kv::Command, ScenarioError> {
    use crate::budget::{excerpt, tidy};
    text.parse().map_err(|e: conlab_core::kv::CommandError| {
        ScenarioError(format!(
            "{} is not a command: {}",
            excerpt(text),
            tidy(&e.0)
        ))
    })
}
