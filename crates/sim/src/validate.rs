//! Reading a scenario and checking it against the budgets (`budget.rs`): a bad or oversized
//! input is one plain sentence, quoting at most a short escaped excerpt, never a panic and
//! never unbounded work.

use crate::budget::{
    tidy, MAX_ESTIMATED_MESSAGES, MAX_INTERVENTIONS, MAX_NODES, MAX_PERIOD_MS, MAX_REQUEST_CHARS,
    MAX_TEXT_CHARS, MAX_TIME_MS,
};
use crate::kind::ProtocolKind;
use crate::scenario::{Intervention, Scenario, ScenarioError, SCENARIO_VERSION};
use conlab_core::NodeId;

/// The largest seed: every integer up to it survives JSON in a browser (2^53 − 1), so a link
/// made natively opens in the page with the same seed.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// How long `conlab run` simulates a scenario that names no end (`until_ms`).
pub const DEFAULT_UNTIL_MS: u64 = 5_000;

macro_rules! bail {
    ($($arg:tt)*) => { return Err(ScenarioError(format!($($arg)*))) };
}

impl Scenario {
    /// Parse and validate JSON text.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text).map_err(|e| {
            ScenarioError(format!("not a valid scenario: {}", tidy(&e.to_string())))
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Check everything a run relies on against the budgets, so that a bad file is a message
    /// and never a panic, a hang or a runaway allocation.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.version == 0 || self.version > SCENARIO_VERSION {
            bail!(
                "scenario version {} is not supported (this build reads versions 1 to {SCENARIO_VERSION})",
                self.version
            );
        }
        for (what, text) in [("name", &self.name), ("description", &self.description)] {
            if text.chars().count() > MAX_TEXT_CHARS {
                bail!("the scenario's {what} is longer than {MAX_TEXT_CHARS} characters");
            }
        }
        if self.nodes == 0 || self.nodes > MAX_NODES {
            bail!("a cluster has 1 to {MAX_NODES} nodes, not {}", self.nodes);
        }
        if self.seed > MAX_SEED {
            bail!(
                "the seed must be a whole number from 0 to {MAX_SEED}, not {}",
                self.seed
            );
        }
        let net = &self.network;
        if net.latency_ms.min == 0
            || net.latency_ms.min > net.latency_ms.max
            || net.latency_ms.max > 60_000
        {
            bail!("network latency must be between 1 and 60000 ms, its minimum no more than its maximum");
        }
        for (name, p) in [("drop", net.drop), ("duplicate", net.duplicate)] {
            if !(0.0..=1.0).contains(&p) {
                // The value is not echoed: the page links no float formatting.
                bail!("network {name} probability must be between 0 and 1");
            }
        }
        self.validate_protocol()?;
        if let Some(workload) = &self.clients {
            if self.protocol == ProtocolKind::Paxos {
                bail!("clients run only in raft and multipaxos scenarios: single-decree paxos decides one value");
            }
            workload.validate()?;
        }
        self.validate_interventions()?;
        self.validate_tour()?;
        for t in [self.until_ms, self.cursor_ms].into_iter().flatten() {
            if t > MAX_TIME_MS {
                bail!("time {t} ms is past the {MAX_TIME_MS} ms limit");
            }
        }
        self.validate_work()
    }

    fn validate_interventions(&self) -> Result<(), ScenarioError> {
        if self.interventions.len() > MAX_INTERVENTIONS {
            bail!(
                "a scenario holds at most {MAX_INTERVENTIONS} interventions, not {}",
                self.interventions.len()
            );
        }
        let mut last = 0;
        for (i, timed) in self.interventions.iter().enumerate() {
            let number = i + 1;
            if timed.at < last {
                bail!(
                    "interventions must be in time order (number {number} at {} ms comes after {last} ms)",
                    timed.at
                );
            }
            if timed.at > MAX_TIME_MS {
                bail!(
                    "intervention {number} at {} ms is past the {MAX_TIME_MS} ms limit",
                    timed.at
                );
            }
            last = timed.at;
            for node in timed.action.nodes() {
                self.check_node(node, &format!("intervention {number}"))?;
            }
            match &timed.action {
                Intervention::Client { command, .. } => {
                    if command.chars().count() > MAX_REQUEST_CHARS {
                        bail!(
                            "intervention {number}: a client request is at most {MAX_REQUEST_CHARS} characters"
                        );
                    }
                    self.protocol
                        .check_request(command)
                        .map_err(|e| ScenarioError(format!("intervention {number}: {}", e.0)))?;
                }
                Intervention::Partition { groups } => self.check_groups(number, groups)?,
                Intervention::Membership { .. } if self.protocol != ProtocolKind::Raft => bail!(
                    "intervention {number}: add_server and remove_server are only supported for raft scenarios"
                ),
                Intervention::ChangeConfig { .. } if self.protocol != ProtocolKind::Raft => bail!(
                    "intervention {number}: change_config is only supported for raft scenarios"
                ),
                Intervention::TransferLeader { .. } if self.protocol != ProtocolKind::Raft => bail!(
                    "intervention {number}: transfer_leader is only supported for raft scenarios"
                ),
                // The command's own parse refuses an empty or repeating list.
                Intervention::ChangeConfig { voters } => self
                    .protocol
                    .check_request(&Scenario::change_config_command(voters))
                    .map_err(|e| ScenarioError(format!("intervention {number}: {}", e.0)))?,
                _ => {}
            }
        }
        Ok(())
    }

    /// A partition names each node at most once, so there are at most as many groups (with
    /// members) as nodes.
    fn check_groups(&self, number: usize, groups: &[Vec<NodeId>]) -> Result<(), ScenarioError> {
        if groups.len() > self.nodes {
            bail!(
                "intervention {number}: a partition of {} nodes has at most {} groups, not {}",
                self.nodes,
                self.nodes,
                groups.len()
            );
        }
        let mut seen = Vec::new();
        for node in groups.iter().flatten() {
            if seen.contains(node) {
                bail!("intervention {number}: {node} is in two partition groups");
            }
            seen.push(*node);
        }
        Ok(())
    }

    /// The run a scenario asks for must fit the message budget: every node messaging every
    /// peer (and hearing back) once per busiest period, up to the scenario's horizon.
    fn validate_work(&self) -> Result<(), ScenarioError> {
        let horizon = [self.until_ms, self.cursor_ms]
            .into_iter()
            .flatten()
            .chain(self.interventions.last().map(|t| t.at))
            .max()
            .unwrap_or(DEFAULT_UNTIL_MS);
        let pairs = (self.nodes * self.nodes.saturating_sub(1)) as u64;
        let period = self.busiest_period_ms().min(MAX_PERIOD_MS);
        let estimate = pairs.max(1) * 2 * (horizon / period + 1);
        if estimate > MAX_ESTIMATED_MESSAGES {
            bail!(
                "this run is too big to simulate: about {estimate} messages in {horizon} ms \
                 ({} nodes, a message every {period} ms), over the budget of {MAX_ESTIMATED_MESSAGES}; \
                 use fewer nodes, a longer heartbeat or a shorter run",
                self.nodes
            );
        }
        Ok(())
    }

    /// `node` exists in this cluster, or an error naming `what` referred to it.
    pub(crate) fn check_node(&self, node: NodeId, what: &str) -> Result<(), ScenarioError> {
        if node.0 == 0 || usize::from(node.0) > self.nodes {
            bail!(
                "{what}: there is no node {} in a cluster of {} (nodes are numbered 1 to {})",
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
    use crate::scenario::Timed;

    #[test]
    fn a_minimal_scenario_gets_defaults() {
        let s = Scenario::from_json(r#"{"version":1,"protocol":"raft","nodes":3}"#).unwrap();
        let version_1 = Scenario {
            clients: None,
            version: 1,
            ..Scenario::raft(3, 0)
        };
        assert_eq!(s, version_1);
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
                "unknown variant `zab`",
            ),
            (
                r#"{"version":1,"protocol":"paxos","nodes":3,"paxos":{"acceptors":[1,4]}}"#,
                "there is no node 4",
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
                "there is no node 4",
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

#[cfg(test)]
mod budget_tests {
    use super::*;

    fn error_of(text: &str) -> String {
        Scenario::from_json(text).unwrap_err().0
    }

    #[test]
    fn every_budget_has_a_plain_error() {
        let partition_257 = format!(
            r#"{{"version":1,"protocol":"raft","nodes":3,"interventions":[{{"at":1,"do":"partition","groups":[{}]}}]}}"#,
            vec!["[]"; 257].join(",")
        );
        let cases = [
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"until_ms":18446744073709551615}"#
                    .to_string(),
                "past the 3600000 ms limit",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"seed":9007199254740992}"#.to_string(),
                "from 0 to 9007199254740991",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"cursor_ms":3600001}"#.to_string(),
                "past the 3600000 ms limit",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"initial":[{"node":1,"term":1,"log":[{"term":1,"command":"change_config S1 S2 S8"}]}]}"#.to_string(),
                "initial log of S1: there is no node 8",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"initial":[{"node":1,"term":18446744073709551615}]}"#
                    .to_string(),
                "initial term of S1",
            ),
            (partition_257, "at most 3 groups, not 257"),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":1,"do":"partition","groups":[[1,2],[2]]}]}"#
                    .to_string(),
                "S2 is in two partition groups",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":15,"raft":{"heartbeat_ms":1},"until_ms":60000}"#
                    .to_string(),
                "too big to simulate",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":5,"do":"crash","node":1,"colour":"red"}]}"#
                    .to_string(),
                "unknown field `colour`",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":5,"do":"heal","node":1}]}"#
                    .to_string(),
                "unknown field `node`",
            ),
            (
                r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"do":"heal"}]}"#
                    .to_string(),
                "missing field `at`",
            ),
            (
                r#"{"version":1,"protocol":"paxos","nodes":3,"initial":[{"node":1}]}"#.to_string(),
                "only supported for raft",
            ),
        ];
        for (text, expected) in cases {
            let err = error_of(&text);
            assert!(err.contains(expected), "{text:.120}: got `{err}`");
        }
    }

    #[test]
    fn errors_quote_only_a_short_escaped_excerpt() {
        let huge = format!("{}\n\u{202E}", "x".repeat(1 << 20));
        let field = format!(
            r#"{{"version":1,"protocol":"raft","nodes":3,{}:1}}"#,
            serde_json::to_string(&huge).unwrap()
        );
        let command = format!(
            r#"{{"version":1,"protocol":"raft","nodes":3,"interventions":[{{"at":1,"do":"client","node":1,"command":{}}}]}}"#,
            serde_json::to_string(&format!("jump\n\u{2066}{}", "y".repeat(150))).unwrap()
        );
        let protocol = format!(
            r#"{{"version":1,"protocol":{},"nodes":3}}"#,
            serde_json::to_string(&huge).unwrap()
        );
        for text in [field, command, protocol] {
            let err = error_of(&text);
            assert!(err.chars().count() < 400, "{err}");
            assert!(
                !err.chars().any(|c| c.is_control()
                    || ('\u{202A}'..='\u{202E}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)),
                "{err}"
            );
        }
    }

    #[test]
    fn the_documented_scenarios_fit_the_budgets() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scenarios");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}
