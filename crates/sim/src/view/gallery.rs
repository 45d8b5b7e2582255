//! The scenario gallery's model: every documented scenario (`docs/scenarios/<stem>.json`) and
//! each protocol's default, grouped by topic, and the scenario each bug toggle's "Show me"
//! opens (with the toggle on) so that the bug bites within seconds (issue 11, item 3).
//!
//! The page carries none of this text: the gallery it shows is `web/gallery.html`,
//! a fragment rendered from [`ENTRIES`] and each file's own name and description (a test
//! keeps it in step; `CONLAB_RECORD=1` rewrites it), fetched when the gallery opens. The page
//! needs only [`show_me_stem`] and fetches the scenario a click or "Show me" asks for.

use crate::ProtocolKind;

/// The name and description the gallery's list (`web/gallery.html`) shows for `stem`,
/// unescaped. The scenarios after the list leave them out, since the list has them.
pub fn caption_in_list(list: &str, stem: &str) -> Option<(String, String)> {
    let entry = &list[list.find(&format!("data-scenario=\"{stem}\">"))?..];
    let entry = &entry[..entry.find("</button>")?];
    let between = |open: &str, close: &str| {
        let from = entry.find(open)? + open.len();
        Some(&entry[from..from + entry[from..].find(close)?])
    };
    let unescape = |text: &str| {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    let name = between("<strong>", "</strong>")?;
    let description = between("<span>", "</span>").unwrap_or_default();
    Some((unescape(name), unescape(description)))
}

/// Where the documented scenarios start in the gallery's one file (`web/gallery.html`): after
/// the list, as one JSON object `{stem: scenario}` in this element (everything up to the next
/// `</script>`).
pub const SCENARIOS_OPEN: &str = "<script type=\"application/json\" id=\"gallery-scenarios\">";

/// A gallery topic, in the order the gallery lists them.
#[derive(Clone, Copy, PartialEq, Eq)]
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

    /// The protocol every scenario under this topic runs.
    pub fn protocol(self) -> ProtocolKind {
        match self {
            Topic::RaftElection | Topic::RaftReplication => ProtocolKind::Raft,
            Topic::Paxos => ProtocolKind::Paxos,
            Topic::MultiPaxos => ProtocolKind::MultiPaxos,
        }
    }
}

/// One scenario in the gallery: its file stem (also the `data-scenario` hook) and topic.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub stem: &'static str,
    pub topic: Topic,
}

impl Entry {
    /// The protocol whose default this is (its stem is the protocol's name), if it is one:
    /// defaults are declared in the registry and need no file.
    pub fn default_of(&self) -> Option<ProtocolKind> {
        self.stem.parse().ok()
    }
}

const fn e(stem: &'static str, topic: Topic) -> Entry {
    Entry { stem, topic }
}

/// Every scenario the gallery offers, grouped by topic in [`Topic::ALL`] order.
pub static ENTRIES: [Entry; 48] = [
    e("raft", Topic::RaftElection),
    e("raft-split-vote", Topic::RaftElection),
    e("raft-leader-crash", Topic::RaftElection),
    e("raft-bug-no-election-restriction", Topic::RaftElection),
    e("raft-bug-forget-vote-on-restart", Topic::RaftElection),
    e("raft-bug-grant-vote-without-recording", Topic::RaftElection),
    e("raft-bug-adopt-lower-term", Topic::RaftElection),
    e("raft-prevote-rejoin", Topic::RaftElection),
    e("raft-check-quorum", Topic::RaftElection),
    e("raft-leader-transfer", Topic::RaftElection),
    e("raft-minority-partition", Topic::RaftReplication),
    e("raft-figure-8", Topic::RaftReplication),
    e("raft-grow-the-cluster", Topic::RaftReplication),
    e("raft-learner-catches-up", Topic::RaftReplication),
    e("raft-bug-truncate-on-any-append", Topic::RaftReplication),
    e("raft-bug-leader-overwrites-own-log", Topic::RaftReplication),
    e("raft-bug-skip-prev-log-term-check", Topic::RaftReplication),
    e(
        "raft-bug-config-change-before-own-term-commit",
        Topic::RaftReplication,
    ),
    e(
        "raft-bug-two-config-changes-at-once",
        Topic::RaftReplication,
    ),
    e(
        "raft-bug-commit-in-initial-configuration",
        Topic::RaftReplication,
    ),
    e("raft-membership-joint", Topic::RaftReplication),
    e(
        "raft-bug-joint-commit-counts-new-only",
        Topic::RaftReplication,
    ),
    e(
        "raft-bug-joint-election-counts-new-only",
        Topic::RaftReplication,
    ),
    e("raft-log-compaction", Topic::RaftReplication),
    e(
        "raft-bug-snapshot-includes-uncommitted",
        Topic::RaftReplication,
    ),
    e("raft-clients", Topic::RaftReplication),
    e("raft-bug-no-client-sessions", Topic::RaftReplication),
    e("raft-bug-read-without-quorum", Topic::RaftReplication),
    e("paxos", Topic::Paxos),
    e("paxos-basic", Topic::Paxos),
    e("paxos-chosen-value-survives", Topic::Paxos),
    e("paxos-dueling", Topic::Paxos),
    e("paxos-minority-quorum", Topic::Paxos),
    e("paxos-bug-acceptor-forgets-on-restart", Topic::Paxos),
    e("paxos-bug-learner-mixes-ballots", Topic::Paxos),
    e("paxos-bug-non-unique-ballots", Topic::Paxos),
    e("paxos-bug-accept-without-promising", Topic::Paxos),
    e("paxos-bug-accept-below-promise", Topic::Paxos),
    e("paxos-bug-late-accept-overwrites", Topic::Paxos),
    e("paxos-bug-propose-invented-value", Topic::Paxos),
    e("multipaxos", Topic::MultiPaxos),
    e("multipaxos-leader-crash", Topic::MultiPaxos),
    e("multipaxos-bug-execute-out-of-order", Topic::MultiPaxos),
    e(
        "multipaxos-bug-forget-promise-on-restart",
        Topic::MultiPaxos,
    ),
    e("multipaxos-bug-accept-without-promising", Topic::MultiPaxos),
    e("multipaxos-bug-accept-below-promise", Topic::MultiPaxos),
    e("multipaxos-bug-propose-invented-command", Topic::MultiPaxos),
    e("multipaxos-bug-non-unique-ballots", Topic::MultiPaxos),
];

/// The gallery entry called `stem`.
pub fn entry(stem: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.stem == stem)
}

/// Toggles whose "Show me" is a scenario about the rule they break rather than their own
/// `<protocol>-bug-<toggle>` file: Figure 8 (§5.4.2), a chosen value surviving (P2c, §2.2),
/// a partition with a proposer on each side (majority quorums, §2.2), a leader crash with a
/// gap (Multi-Paxos §3).
const SHOWN_ELSEWHERE: [(ProtocolKind, &str, &str); 5] = [
    (
        ProtocolKind::Raft,
        "commit_old_term_by_counting",
        "raft-figure-8",
    ),
    (
        ProtocolKind::Paxos,
        "proposer_ignores_promised_values",
        "paxos-chosen-value-survives",
    ),
    (
        ProtocolKind::Paxos,
        "minority_quorum",
        "paxos-minority-quorum",
    ),
    (
        ProtocolKind::MultiPaxos,
        "leader_skips_phase1_on_takeover",
        "multipaxos-leader-crash",
    ),
    (
        ProtocolKind::MultiPaxos,
        "restart_trusts_own_accepts",
        "multipaxos-leader-crash",
    ),
];

/// The stem of the gallery scenario whose run shows `protocol`'s toggle `bug` biting: the one
/// [`SHOWN_ELSEWHERE`] names, or else `<protocol>-bug-<toggle, with dashes>` (toggle names
/// repeat across protocols, so the protocol is part of it). A test requires it to be in
/// [`ENTRIES`] for every toggle.
pub fn show_me_stem(protocol: ProtocolKind, bug: &str) -> String {
    match SHOWN_ELSEWHERE
        .iter()
        .find(|(p, b, _)| *p == protocol && *b == bug)
    {
        Some(&(_, _, stem)) => stem.to_string(),
        None => format!("{protocol}-bug-{}", bug.replace('_', "-")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::new_lab;
    use crate::Scenario;

    fn docs() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenarios")
    }

    fn show_me_entry(protocol: ProtocolKind, bug: &str) -> Option<&'static Entry> {
        entry(&show_me_stem(protocol, bug))
    }

    /// `entry`'s scenario, as the page gets it: its docs/scenarios file, or the registry's
    /// default.
    fn load(entry: &Entry) -> Scenario {
        let text = match entry.default_of() {
            Some(protocol) => protocol.default_scenario_json().to_string(),
            None => {
                let path = docs().join(format!("{}.json", entry.stem));
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            }
        };
        Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {}", entry.stem, e.0))
    }

    #[test]
    fn every_entry_is_valid_named_and_listed_under_its_topic() {
        let mut topics = Topic::ALL.iter();
        let mut topic = topics.next();
        for e in ENTRIES.iter() {
            let s = load(e);
            assert!(!s.name.is_empty(), "{} has a name", e.stem);
            assert!(
                e.default_of().is_some() || !s.description.is_empty(),
                "{} has a description",
                e.stem
            );
            while topic != Some(&e.topic) {
                topic = topics.next();
                assert!(topic.is_some(), "{} is listed out of topic order", e.stem);
            }
            assert!(s.protocol == e.topic.protocol(), "{}'s topic", e.stem);
            assert!(
                entry(e.stem).is_some_and(|first| std::ptr::eq(first, e)),
                "{} is listed once",
                e.stem
            );
        }
    }

    #[test]
    fn every_documented_scenario_and_default_is_in_the_gallery() {
        for file in std::fs::read_dir(docs()).expect("docs/scenarios") {
            let path = file.expect("a file").path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            assert!(
                entry(stem).is_some(),
                "docs/scenarios/{stem}.json is missing from the gallery"
            );
        }
        for protocol in ProtocolKind::ALL {
            let default = entry(protocol.name()).expect("each default is in the gallery");
            assert!(default.default_of() == Some(protocol));
        }
    }

    #[test]
    fn every_bug_toggle_of_every_protocol_has_a_show_me_scenario_of_its_protocol() {
        let mut unmapped = Vec::new();
        for protocol in ProtocolKind::ALL {
            for &bug in protocol.bugs() {
                match show_me_entry(protocol, bug) {
                    Some(e) => assert!(e.topic.protocol() == protocol, "{protocol} {bug}"),
                    None => unmapped.push(format!("{protocol} {bug}")),
                }
            }
        }
        assert!(
            unmapped.is_empty(),
            "no Show me scenario for: {}. Add docs/scenarios/<protocol>-bug-<toggle>.json \
             where the toggle breaks an invariant within seconds, and list it in ENTRIES.",
            unmapped.join(", ")
        );
        assert!(show_me_entry(ProtocolKind::Raft, "no_such_bug").is_none());
        assert!(
            show_me_entry(ProtocolKind::Raft, "non_unique_ballots").is_none(),
            "a Paxos toggle's file is not Raft's"
        );
    }

    /// Each toggle's "Show me" scenario, run with the toggle on, breaks an invariant before
    /// its end, and breaks none without it.
    #[test]
    fn show_me_makes_every_bug_toggle_bite_within_its_run() {
        for protocol in ProtocolKind::ALL {
            for &bug in protocol.bugs() {
                let Some(entry) = show_me_entry(protocol, bug) else {
                    continue; // reported by the test above
                };
                let mut scenario = load(entry);
                scenario.enable_bug(bug).expect("a toggle of its protocol");
                assert!(scenario.bug_enabled(bug));
                let until = scenario.until_ms.expect("Show me scenarios end");
                assert!(until <= 6_000, "{}: bites within seconds", entry.stem);
                let unexplained = not_linearizable(&scenario, until);
                let mut lab = new_lab(scenario).expect("a valid scenario");
                lab.seek(until);
                assert!(
                    !lab.frames().first().violations.is_empty() || unexplained,
                    "{protocol} {bug}: no violation within {until} ms of {}",
                    entry.stem
                );
                let mut lab = new_lab(load(entry)).expect("a valid scenario");
                lab.seek(until);
                assert!(
                    lab.frames().first().violations.is_empty()
                        && !not_linearizable(&load(entry), until),
                    "{}: safe without {bug}",
                    entry.stem
                );
            }
        }
    }

    /// Whether the clients' history of `scenario` run until `until` has no order that explains
    /// it (false without clients): a toggle like `no_client_sessions` breaks linearizability,
    /// which is judged on the history rather than step by step.
    fn not_linearizable(scenario: &Scenario, until: u64) -> bool {
        use conlab_check::linearizability::{check, Verdict};
        struct Judge<'a>(&'a Scenario, u64);
        impl crate::registry::Visit for Judge<'_> {
            type Output = bool;
            fn visit<P: crate::Sweepable + crate::Summarized + crate::ProtocolView>(self) -> bool {
                let mut world = crate::World::<P>::new(self.0).expect("a valid scenario");
                world.run_until(self.1);
                let verdict = check(
                    &world.client_history(),
                    crate::sweep::LINEARIZABILITY_BUDGET,
                );
                matches!(verdict, Verdict::NotLinearizable { .. })
            }
        }
        scenario.clients.is_some() && scenario.protocol.visit(Judge(scenario, until))
    }

    #[test]
    fn show_me_refuses_another_protocols_toggle_in_one_sentence() {
        let mut raft = load(entry("raft").unwrap());
        let Err(error) = raft.enable_bug("non_unique_ballots") else {
            panic!("non_unique_ballots is not a Raft toggle");
        };
        assert!(error.0.contains("not a raft bug toggle"), "{}", error.0);
    }

    /// Text for HTML: `&`, `<`, `>` and `"` escaped.
    fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    /// The gallery as the page shows it: one section per topic, one button per entry with the
    /// scenario's own name and description, `data-scenario` holding its stem.
    fn render() -> String {
        // Generated from this file and docs/scenarios/*.json (no comment in the file: every
        // byte is fetched); CONLAB_RECORD=1 cargo test -p conlab-sim --lib gallery rewrites it.
        let mut html = String::new();
        for topic in Topic::ALL {
            html += &format!(
                "<section class=\"gallery-topic\"><h3>{}</h3><ul>\n",
                escape(topic.label())
            );
            for e in ENTRIES.iter().filter(|e| e.topic == topic) {
                let s = load(e);
                let description = match s.description.as_str() {
                    "" => String::new(),
                    text => format!("<span>{}</span>", escape(text)),
                };
                html += &format!(
                    "<li><button type=\"button\" class=\"gallery-entry\" data-scenario=\"{}\">\
                     <strong>{}</strong>{description}</button></li>",
                    e.stem,
                    escape(&s.name),
                );
            }
            html += "</ul></section>\n";
        }
        html += &format!("{SCENARIOS_OPEN}{}</script>\n", bundle());
        html
    }

    /// Every documented scenario as one JSON object, `{stem: scenario}`, ready to sit in a
    /// `<script type="application/json">` (no `</` in it): in the gallery's one file, it
    /// gzips to a third of the files fetched one by one, and its names and descriptions
    /// share the list's.
    fn bundle() -> String {
        let mut map = serde_json::Map::new();
        for e in ENTRIES.iter().filter(|e| e.default_of().is_none()) {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../docs/scenarios")
                .join(format!("{}.json", e.stem));
            let text = std::fs::read_to_string(&path).expect("documented scenarios exist");
            let mut value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            // The list shows the name and description already: the page takes them from there.
            let object = value.as_object_mut().expect("a scenario is an object");
            object.remove("name");
            object.remove("description");
            map.insert(e.stem.to_string(), value);
        }
        serde_json::Value::Object(map)
            .to_string()
            .replace("</", "<\\/")
    }

    #[test]
    fn the_gallery_file_carries_every_documented_scenario_as_written() {
        let html = render();
        let (_, json) = html
            .split_once(SCENARIOS_OPEN)
            .expect("the scenarios follow the list");
        let json = json.trim_end().strip_suffix("</script>").unwrap();
        let bundle: serde_json::Value = serde_json::from_str(json).unwrap();
        let list = html.split_once(SCENARIOS_OPEN).unwrap().0;
        for e in ENTRIES.iter().filter(|e| e.default_of().is_none()) {
            let text = serde_json::to_string(&bundle[e.stem]).unwrap();
            let mut scenario = Scenario::from_json(&text).unwrap();
            (scenario.name, scenario.description) = caption_in_list(list, e.stem).unwrap();
            assert_eq!(scenario, load(e), "{}", e.stem);
        }
    }

    #[test]
    fn the_gallery_fragment_the_page_fetches_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/gallery.html");
        let fresh = render();
        if std::env::var_os("CONLAB_RECORD").is_some() {
            std::fs::write(&path, &fresh).expect("web/gallery.html is writable");
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == fresh,
            "web/gallery.html is out of date: \
             CONLAB_RECORD=1 cargo test -p conlab-sim --lib gallery"
        );
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
