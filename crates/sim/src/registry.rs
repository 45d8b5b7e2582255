//! The protocol registry: the one place that maps a [`ProtocolKind`] to the type that
//! implements it. Everything protocol-specific the simulator, the CLI or the page needs is
//! reached through [`ProtocolKind::visit`] (generic code for "whichever protocol this is") or
//! the helpers below, which never match protocol names as text.
//!
//! Each protocol's adapter (its declaration — options, validation, bug toggles, requests — and
//! what running, sweeping and summarizing it needs) is one file under `registry/`. Adding a
//! protocol: a variant in `kind.rs`; its `mod` line and an arm in [`ProtocolKind::visit`]
//! here; an options field in `scenario.rs`; and its adapter file — plus its checker
//! (`crates/check`) and its view adapter (`view/`). Its adapter file also declares the
//! scenario the page shows on a fresh visit (`registry/<name>.json`).

use crate::kind::ProtocolKind;
use crate::protocol::{Summarized, Sweepable};
use crate::scenario::{Scenario, ScenarioError};
use crate::view::ProtocolView;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;

mod multipaxos;
mod paxos;
mod raft;

/// Generic code to run for whichever protocol a [`ProtocolKind`] names.
pub trait Visit {
    type Output;
    fn visit<P: Sweepable + Summarized + ProtocolView>(self) -> Self::Output;
}

/// What the registry knows about one protocol, as plain functions (for code that holds a
/// [`ProtocolKind`] value rather than a type).
#[derive(Clone, Copy)]
struct Entry {
    bugs: &'static [&'static str],
    default_scenario: &'static str,
    validate: fn(&Scenario) -> Result<(), ScenarioError>,
    busiest_period_ms: fn(&Scenario) -> u64,
    check_request: fn(&str) -> Result<(), ScenarioError>,
    bug_enabled: fn(&Scenario, &str) -> bool,
    enable_bug: fn(&mut Scenario, &str) -> bool,
    clear_bugs: fn(&mut Scenario),
}

struct EntryOf;

impl Visit for EntryOf {
    type Output = Entry;
    fn visit<P: Sweepable + Summarized + ProtocolView>(self) -> Entry {
        Entry {
            bugs: P::BUGS,
            default_scenario: P::DEFAULT_SCENARIO,
            validate: P::validate,
            busiest_period_ms: P::busiest_period_ms,
            check_request: |text| P::parse_request(text).map(drop),
            bug_enabled: |s, name| P::bug_enabled(P::options(s), name),
            enable_bug: |s, name| P::enable_bug(P::options_mut(s), name),
            clear_bugs: |s| P::clear_bugs(P::options_mut(s)),
        }
    }
}

impl ProtocolKind {
    /// Run `visitor` with the type of this protocol.
    pub fn visit<V: Visit>(self, visitor: V) -> V::Output {
        match self {
            ProtocolKind::Raft => visitor.visit::<RaftNode>(),
            ProtocolKind::Paxos => visitor.visit::<PaxosNode>(),
            ProtocolKind::MultiPaxos => visitor.visit::<MultiPaxosNode>(),
        }
    }

    fn entry(self) -> Entry {
        self.visit(EntryOf)
    }

    /// What a fresh visit to the page shows for this protocol.
    pub fn default_scenario(self) -> Scenario {
        Scenario::from_json(self.default_scenario_json()).expect("default scenarios are valid")
    }

    /// The JSON text of [`ProtocolKind::default_scenario`] (the page parses it with the
    /// browser's own JSON).
    pub fn default_scenario_json(self) -> &'static str {
        self.entry().default_scenario
    }

    /// The protocol's bug toggles.
    pub fn bugs(self) -> &'static [&'static str] {
        self.entry().bugs
    }

    /// Check that `text` is a valid client request for this protocol.
    pub fn check_request(self, text: &str) -> Result<(), ScenarioError> {
        (self.entry().check_request)(text)
    }
}

impl Scenario {
    /// Check the protocol's own options and initial state.
    pub(crate) fn validate_protocol(&self) -> Result<(), ScenarioError> {
        (self.protocol.entry().validate)(self)
    }

    /// The shortest period at which the protocol's nodes may message every peer.
    pub(crate) fn busiest_period_ms(&self) -> u64 {
        (self.protocol.entry().busiest_period_ms)(self).max(1)
    }

    /// Whether the bug toggle `name` of the scenario's protocol is on.
    pub fn bug_enabled(&self, name: &str) -> bool {
        (self.protocol.entry().bug_enabled)(self, name)
    }

    /// Switch on the bug toggle `name` of the scenario's protocol.
    pub fn enable_bug(&mut self, name: &str) -> Result<(), ScenarioError> {
        let kind = self.protocol;
        if (kind.entry().enable_bug)(self, name) {
            return Ok(());
        }
        Err(ScenarioError(format!(
            "{} is not a {kind} bug toggle; choose one of: {}",
            crate::budget::excerpt(name),
            kind.bugs().join(", ")
        )))
    }

    /// Switch off every bug toggle of the scenario's protocol.
    pub fn clear_bugs(&mut self) {
        (self.protocol.entry().clear_bugs)(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_protocol_has_a_valid_default_scenario_of_its_own_kind() {
        for kind in ProtocolKind::ALL {
            let scenario = kind.default_scenario();
            assert_eq!(scenario.protocol, kind);
            scenario.validate().unwrap();
        }
    }

    #[test]
    fn bug_toggles_are_reached_through_the_kind() {
        for kind in ProtocolKind::ALL {
            let mut s = Scenario::new(kind, 3, 1);
            let first = kind.bugs()[0];
            assert!(!s.bug_enabled(first));
            s.enable_bug(first).unwrap();
            assert!(s.bug_enabled(first), "{kind} {first}");
            let err = s.enable_bug("no_such_bug").unwrap_err().0;
            assert!(err.contains(first), "{err}");
            s.clear_bugs();
            assert!(!s.bug_enabled(first));
        }
    }
}
