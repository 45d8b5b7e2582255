//! Raft in the simulator: its declaration (options, validation, bug toggles, Figure 7/8
//! initial state), what running and sweeping it needs, and its `conlab run` summary.

use crate::budget::{MAX_INITIAL_LOG, MAX_INITIAL_TERM};
use crate::clients::Answer;
use crate::kind::ProtocolKind;
use crate::protocol::{
    check_period, check_range, parse_command, Declared, Marker, SimProtocol, Summarized, Sweepable,
};
use crate::scenario::{Scenario, ScenarioError};
use conlab_check::raft::RaftChecker;
use conlab_core::kv::Command;
use conlab_core::{NodeId, Tick};
use conlab_raft::{Durable, Msg, Note, RaftBugs, RaftConfig, RaftNode, Reply, Role, Timer};
use serde_json::{json, Map, Value as Json};

macro_rules! bail {
    ($($arg:tt)*) => { return Err(ScenarioError(format!($($arg)*))) };
}

impl Declared for RaftNode {
    const KIND: ProtocolKind = ProtocolKind::Raft;
    const BUGS: &'static [&'static str] = &RaftBugs::NAMES;
    const DEFAULT_SCENARIO: &'static str = include_str!("raft.json");

    fn options(scenario: &Scenario) -> &RaftConfig {
        &scenario.raft
    }

    fn options_mut(scenario: &mut Scenario) -> &mut RaftConfig {
        &mut scenario.raft
    }

    fn validate(scenario: &Scenario) -> Result<(), ScenarioError> {
        let r = &scenario.raft;
        check_range("raft election timeout", r.election_timeout_ms, 1)?;
        check_period("raft heartbeat", r.heartbeat_ms)?;
        if r.max_entries_per_append == 0 {
            bail!("raft max_entries_per_append must be at least 1");
        }
        if r.snapshot_after_entries == Some(0) {
            bail!("raft snapshot_after_entries must be at least 1");
        }
        for (i, &voter) in r.voters.iter().enumerate() {
            scenario.check_node(voter, "raft voters")?;
            if r.voters[..i].contains(&voter) {
                bail!("raft voters lists {voter} twice");
            }
        }
        let mut seen = Vec::new();
        for init in &scenario.initial {
            scenario.check_node(init.node, "initial state")?;
            if seen.contains(&init.node) {
                bail!("initial state for {} is given twice", init.node);
            }
            seen.push(init.node);
            if let Some(v) = init.voted_for {
                scenario.check_node(v, "initial voted_for")?;
            }
            if init.term > MAX_INITIAL_TERM {
                bail!(
                    "initial term of {} is {}, past the limit of {MAX_INITIAL_TERM}",
                    init.node,
                    init.term
                );
            }
            if init.log.len() > MAX_INITIAL_LOG {
                bail!(
                    "initial log of {} is longer than {MAX_INITIAL_LOG} entries",
                    init.node
                );
            }
            // A configuration entry may name only servers that exist (found by the fuzzer: a
            // message to a server past the cluster's end).
            for entry in &init.log {
                let named = match &*entry.command {
                    Command::AddServer(id) | Command::RemoveServer(id) => vec![*id],
                    Command::ChangeConfig(c) | Command::NewConfig(c) => c.voters().to_vec(),
                    _ => Vec::new(),
                };
                for id in named {
                    scenario.check_node(id, &format!("initial log of {}", init.node))?;
                }
            }
            if init.log.windows(2).any(|w| w[0].term > w[1].term)
                || init.log.last().is_some_and(|e| e.term > init.term)
            {
                bail!("initial log of {} must have non-decreasing terms no later than its current term", init.node);
            }
        }
        Ok(())
    }

    fn busiest_period_ms(scenario: &Scenario) -> Tick {
        scenario
            .raft
            .heartbeat_ms
            .min(scenario.raft.election_timeout_ms.min)
    }

    fn bug_enabled(options: &RaftConfig, name: &str) -> bool {
        options.bugs.is_enabled(name)
    }

    fn enable_bug(options: &mut RaftConfig, name: &str) -> bool {
        options.bugs.enable(name)
    }

    fn clear_bugs(options: &mut RaftConfig) {
        options.bugs = RaftBugs::default();
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
                snapshot: None,
            })
    }

    fn parse_request(text: &str) -> Result<Command, ScenarioError> {
        parse_command(text)
    }
}

impl SimProtocol for RaftNode {
    const TIMEOUT_TIMER: Timer = Timer::Election;

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

    fn reply_is_applied(reply: &Reply) -> bool {
        matches!(reply, Reply::Applied { .. })
    }

    fn session_request(command: Command) -> Option<Command> {
        Some(command)
    }

    /// Applied answers; a redirect, or a transfer under way, points elsewhere (§8, §3.10).
    fn client_answer(reply: &Reply) -> Answer {
        match reply {
            Reply::Applied { outcome, .. } => Answer::Done(outcome.clone()),
            Reply::NotLeader { leader_hint } => Answer::Redirect(*leader_hint),
            Reply::Transferring { to } => Answer::Redirect(Some(*to)),
            Reply::LearnerRemoved { .. } => Answer::Done(conlab_core::kv::Outcome::Done),
            Reply::Accepted { .. } | Reply::Refused { .. } => Answer::Waiting,
        }
    }

    fn note_marker(note: &Note) -> Option<Marker> {
        match note {
            Note::StartedElection { .. } => Some(Marker::Election),
            Note::StartedPreVote { .. } => None,
            Note::BecameLeader { .. } => Some(Marker::Leader),
            Note::Committed { .. } => Some(Marker::Commit),
            Note::SteppedDown { .. } => Some(Marker::StepDown),
            Note::Truncated { .. } | Note::Compacted { .. } | Note::InstalledSnapshot { .. } => {
                None
            }
        }
    }
}

impl Sweepable for RaftNode {
    /// Vary batching: one entry per AppendEntries exposes more interleavings (Figure 8); and
    /// half the runs without the §8 no-op, so old-term entries wait for a new command.
    fn vary_options(scenario: &mut Scenario, seed: u64) {
        scenario.raft.max_entries_per_append = [1, 4, 32][(seed % 3) as usize];
        scenario.raft.noop_on_election = seed.is_multiple_of(2);
    }

    fn is_voter(&self, id: NodeId) -> Option<bool> {
        Some(self.configuration().contains(id))
    }

    fn sweep_request(i: u64) -> String {
        format!("set k{} {i}", i % 7)
    }

    /// In the applied part of the log, or (for a `set`) compacted into the snapshot (§7).
    fn has_applied(&self, text: &str) -> bool {
        let applied = self.last_applied() - self.log().start_index();
        let in_log = self
            .log()
            .iter()
            .take(applied as usize)
            .any(|e| e.command.to_string() == text);
        let in_snapshot = |s: &conlab_raft::Snapshot| match text.parse() {
            Ok(Command::Set { key, value }) => s.state.get(&key) == Some(value.as_str()),
            _ => false,
        };
        in_log || self.snapshot().is_some_and(in_snapshot)
    }
}

impl Summarized for RaftNode {
    fn summary(&self) -> Json {
        let log: Vec<_> = self
            .log()
            .entries()
            .iter()
            .map(|e| json!({ "term": e.term, "command": e.command.to_string() }))
            .collect();
        let kv: Map<String, Json> = self
            .state_machine()
            .iter()
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        let ids =
            |c: &conlab_core::Configuration| c.voters().iter().map(|v| v.0).collect::<Vec<_>>();
        let mut summary = json!({
            "id": self.id().0,
            "role": self.role().name(),
            "term": self.current_term(),
            "voted_for": self.voted_for().map(|v| v.0),
            "log": log,
            "configuration": ids(self.configuration()),
            "commit_index": self.commit_index(),
            "last_applied": self.last_applied(),
            "state_machine": kv,
        });
        // With log compaction (§7), `log` holds the entries after index `log_start`, the
        // snapshot's last included index (both absent without a snapshot).
        if let Some(s) = self.snapshot() {
            summary["log_start"] = self.log().start_index().into();
            summary["snapshot"] = json!({
                "last_included_index": s.last_included_index,
                "last_included_term": s.last_included_term,
            });
        }
        // While joint (Raft §6), `configuration` is C_new and `old_configuration` C_old.
        if let Some(old) = self.old_configuration() {
            summary["old_configuration"] = ids(old).into();
        }
        summary
    }

    fn history(checker: &RaftChecker) -> Map<String, Json> {
        let leaders: Map<String, Json> = checker
            .leaders()
            .iter()
            .map(|(term, node)| (term.to_string(), node.0.into()))
            .collect();
        Map::from_iter([("leaders".to_string(), leaders.into())])
    }
}
