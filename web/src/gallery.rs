//! The scenario gallery: every documented scenario (`docs/scenarios/*.json`) and each
//! protocol's default (`web/scenarios/*.json`), grouped by topic, and the scenario each bug
//! toggle's "Show me" opens (with the toggle on) so that the bug bites within seconds.
//!
//! Only names live in the wasm: a documented scenario is fetched when the gallery opens, from
//! `scenarios/<stem>.json` (Trunk copies `docs/scenarios/` there), so the bundle stays small.

use conlab_sim::{ProtocolKind, Scenario};

use crate::defaults::default_scenario;

/// A gallery topic, in the order the gallery lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    RaftElection,
    RaftReplication,
    Paxos,
    MultiPaxos,
}

impl Topic {
    pub const ALL: [Topic; 4] = [
        Topic::RaftElection,
        Topic::RaftReplication,
        Topic::Paxos,
        Topic::MultiPaxos,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Topic::RaftElection => "Raft election",
            Topic::RaftReplication => "Raft replication & safety",
            Topic::Paxos => "Paxos",
            Topic::MultiPaxos => "Multi-Paxos",
        }
    }
}

/// One scenario in the gallery: its file stem (the `data-scenario` hook), topic and name (the
/// file's own, checked by a test).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub stem: &'static str,
    pub topic: Topic,
    pub name: &'static str,
}

impl Entry {
    /// The protocol whose default this is (its stem is the protocol's name), if it is one:
    /// defaults are in the page already and need no fetch.
    pub fn default_of(&self) -> Option<ProtocolKind> {
        self.stem.parse().ok()
    }

    /// Where the page fetches a documented scenario from, relative to the page.
    pub fn url(&self) -> String {
        format!("scenarios/{}.json", self.stem)
    }

    /// The scenario, from its file's text (ignored for a protocol's default).
    pub fn parse(&self, json: &str) -> Result<Scenario, String> {
        match self.default_of() {
            Some(protocol) => Ok(default_scenario(protocol)),
            None => Scenario::from_json(json)
                .map_err(|e| format!("The scenario {} could not be read: {}.", self.stem, e.0)),
        }
    }
}

/// Every scenario the gallery offers, grouped by topic in [`Topic::ALL`] order.
pub const ENTRIES: [Entry; 19] = [
    Entry {
        stem: "raft",
        topic: Topic::RaftElection,
        name: "Five Raft servers",
    },
    Entry {
        stem: "raft-split-vote",
        topic: Topic::RaftElection,
        name: "Raft: a split vote",
    },
    Entry {
        stem: "raft-leader-crash",
        topic: Topic::RaftElection,
        name: "Raft: the leader crashes",
    },
    Entry {
        stem: "raft-bug-no-election-restriction",
        topic: Topic::RaftElection,
        name: "Raft bug: votes without the election restriction",
    },
    Entry {
        stem: "raft-bug-forget-vote-on-restart",
        topic: Topic::RaftElection,
        name: "Raft bug: votedFor forgotten on restart",
    },
    Entry {
        stem: "raft-minority-partition",
        topic: Topic::RaftReplication,
        name: "Raft: the leader is cut off in a minority",
    },
    Entry {
        stem: "raft-figure-8",
        topic: Topic::RaftReplication,
        name: "Raft Figure 8: why old-term entries are not committed by counting",
    },
    Entry {
        stem: "raft-bug-truncate-on-any-append",
        topic: Topic::RaftReplication,
        name: "Raft bug: followers truncate on every AppendEntries",
    },
    Entry {
        stem: "raft-bug-leader-overwrites-own-log",
        topic: Topic::RaftReplication,
        name: "Raft bug: a leader overwrites its own log",
    },
    Entry {
        stem: "paxos",
        topic: Topic::Paxos,
        name: "Paxos: two proposers",
    },
    Entry {
        stem: "paxos-basic",
        topic: Topic::Paxos,
        name: "Paxos: one round",
    },
    Entry {
        stem: "paxos-chosen-value-survives",
        topic: Topic::Paxos,
        name: "Paxos: a chosen value survives a later ballot",
    },
    Entry {
        stem: "paxos-dueling",
        topic: Topic::Paxos,
        name: "Paxos: dueling proposers without backoff",
    },
    Entry {
        stem: "paxos-bug-acceptor-forgets-on-restart",
        topic: Topic::Paxos,
        name: "Paxos bug: an acceptor forgets its promise on restart",
    },
    Entry {
        stem: "paxos-bug-learner-mixes-ballots",
        topic: Topic::Paxos,
        name: "Paxos bug: a learner counts Accepted across ballots",
    },
    Entry {
        stem: "paxos-bug-non-unique-ballots",
        topic: Topic::Paxos,
        name: "Paxos bug: ballots without the proposer's id",
    },
    Entry {
        stem: "multipaxos",
        topic: Topic::MultiPaxos,
        name: "Five Multi-Paxos replicas",
    },
    Entry {
        stem: "multipaxos-leader-crash",
        topic: Topic::MultiPaxos,
        name: "Multi-Paxos: the leader crashes and a gap becomes a no-op",
    },
    Entry {
        stem: "multipaxos-bug-execute-out-of-order",
        topic: Topic::MultiPaxos,
        name: "Multi-Paxos bug: commands executed out of order",
    },
];

/// The gallery entry called `stem`.
pub fn entry(stem: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.stem == stem)
}

/// Which gallery scenario shows each bug toggle biting within seconds (checked by a test
/// for every toggle of every protocol).
const SHOW_ME: [(&str, &str); 12] = [
    (
        "no_election_restriction",
        "raft-bug-no-election-restriction",
    ),
    ("commit_old_term_by_counting", "raft-figure-8"),
    ("forget_vote_on_restart", "raft-bug-forget-vote-on-restart"),
    ("truncate_on_any_append", "raft-bug-truncate-on-any-append"),
    (
        "leader_overwrites_own_log",
        "raft-bug-leader-overwrites-own-log",
    ),
    (
        "acceptor_forgets_on_restart",
        "paxos-bug-acceptor-forgets-on-restart",
    ),
    ("learner_mixes_ballots", "paxos-bug-learner-mixes-ballots"),
    ("non_unique_ballots", "paxos-bug-non-unique-ballots"),
    (
        "execute_out_of_order",
        "multipaxos-bug-execute-out-of-order",
    ),
    (
        "proposer_ignores_promised_values",
        "paxos-chosen-value-survives",
    ),
    ("leader_skips_phase1_on_takeover", "multipaxos-leader-crash"),
    ("restart_trusts_own_accepts", "multipaxos-leader-crash"),
];

/// The gallery scenario that shows `bug`, if one does.
pub fn show_me_stem(bug: &str) -> Option<&'static str> {
    SHOW_ME
        .iter()
        .find(|(b, _)| *b == bug)
        .map(|&(_, stem)| stem)
}

/// The gallery entry "Show me" opens for `bug`.
pub fn show_me_entry(bug: &str) -> Result<&'static Entry, String> {
    let stem = show_me_stem(bug).ok_or_else(|| format!("No scenario shows {bug} yet."))?;
    entry(stem).ok_or_else(|| format!("There is no scenario called {stem}."))
}

/// What "Show me" opens for `bug`: its scenario (`json`, the entry's file) with the toggle on.
pub fn show_me(bug: &str, json: &str) -> Result<Scenario, String> {
    let mut scenario = show_me_entry(bug)?.parse(json)?;
    scenario.enable_bug(bug).map_err(|e| e.0)?;
    Ok(scenario)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use conlab_sim::view::new_lab;

    /// What the page would fetch for `entry`: its file in docs/scenarios/ (empty for defaults).
    pub(crate) fn file_of(entry: &Entry) -> String {
        if entry.default_of().is_some() {
            return String::new();
        }
        let path = format!(
            "{}/../docs/scenarios/{}.json",
            env!("CARGO_MANIFEST_DIR"),
            entry.stem
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// `entry`'s scenario, as the page gets it.
    pub(crate) fn load(entry: &Entry) -> Scenario {
        entry
            .parse(&file_of(entry))
            .expect("gallery scenarios are valid")
    }

    #[test]
    fn every_entry_is_valid_named_as_its_file_and_listed_under_its_topic() {
        let mut topics = Topic::ALL.iter();
        let mut topic = topics.next();
        for e in ENTRIES.iter() {
            let s = load(e);
            assert_eq!(s.name, e.name, "{}'s name is the file's", e.stem);
            while topic != Some(&e.topic) {
                topic = topics.next();
                assert!(topic.is_some(), "{} is listed out of topic order", e.stem);
            }
            let raft = matches!(e.topic, Topic::RaftElection | Topic::RaftReplication);
            let expected = match e.topic {
                _ if raft => ProtocolKind::Raft,
                Topic::Paxos => ProtocolKind::Paxos,
                _ => ProtocolKind::MultiPaxos,
            };
            assert_eq!(s.protocol, expected, "{} is under the right topic", e.stem);
        }
    }

    #[test]
    fn every_documented_scenario_and_default_is_in_the_gallery() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/scenarios");
        for file in std::fs::read_dir(dir).expect("docs/scenarios") {
            let path = file.expect("a file").path();
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            assert!(
                entry(stem).is_some(),
                "docs/scenarios/{stem}.json is missing from the gallery"
            );
        }
        for protocol in ProtocolKind::ALL {
            let default =
                entry(protocol.name()).expect("each protocol's default is in the gallery");
            assert_eq!(default.default_of(), Some(protocol));
        }
    }

    #[test]
    fn a_broken_file_is_reported_in_one_sentence() {
        let e = entry("raft-figure-8").unwrap();
        let error = e.parse("{").unwrap_err();
        assert!(
            error.starts_with("The scenario raft-figure-8 could not be read"),
            "{error}"
        );
    }

    /// Each toggle's "Show me" scenario, run with the toggle on, breaks an invariant before its
    /// end, and is safe without it; a toggle without a scenario fails here by name.
    #[test]
    fn show_me_makes_every_bug_toggle_bite() {
        for protocol in ProtocolKind::ALL {
            for &bug in protocol.bugs() {
                let entry = show_me_entry(bug).unwrap_or_else(|e| {
                    panic!("{e} Add a docs/scenarios/*.json where {protocol}'s toggle {bug} breaks an invariant within seconds, and map it in gallery::SHOW_ME.")
                });
                let scenario = show_me(bug, &file_of(entry)).expect("a valid scenario");
                assert!(scenario.bug_enabled(bug));
                let until = scenario
                    .until_ms
                    .expect("Show me scenarios say how long they run");
                let mut lab = new_lab(scenario).expect("a valid scenario");
                lab.seek(until);
                let frames = lab.frames();
                assert!(
                    !frames.first().violations.is_empty(),
                    "{bug}: no violation within {until} ms of {}",
                    entry.stem
                );
                let mut lab = new_lab(load(entry)).unwrap();
                lab.seek(until);
                assert!(
                    lab.frames().first().violations.is_empty(),
                    "{}: safe without {bug}",
                    entry.stem
                );
            }
        }
    }
}
