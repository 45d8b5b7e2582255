//! Tours: a scenario (format version 2) may carry captions anchored to instants of its run,
//! which the page plays step by step and `cargo test` checks against the simulation (the
//! `expect` of each step), so that no caption can drift from what the run does.
//!
//! A step has exactly one anchor: `at` (simulated ms) or `when` (the first recorded instant, at
//! or after the previous step's, where a condition holds). Resolving anchors and checking
//! expectations needs a run: see `tour_run.rs`. The format is in `docs/scenarios.md`. Unknown
//! fields are refused as in the rest of a scenario (natively by serde, in the page by
//! web/js/codec.js: see [`Scenario`]).

use crate::scenario::{Scenario, ScenarioError};
use conlab_core::{NodeId, Tick};

/// Longest caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 280;
/// Most steps in a tour.
pub const MAX_TOUR_STEPS: usize = 20;

/// One caption of a tour.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct TourStep {
    /// Anchor: this simulated instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Tick>,
    /// Anchor: the first instant at or after the previous step's where this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// Shown as text, never as markup.
    pub caption: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlight: Option<Highlight>,
    /// For the tests (`tour_run::check`); the page checks nothing, so its wasm neither reads
    /// nor writes it (1.6 KB gzip of deserializer): a tour shared or exported from the page
    /// has no `expect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub expect: Option<Expect>,
}

/// A `when` condition: exactly one key.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct When {
    /// A leader (Raft) or stable leader (Multi-Paxos): node `N` (a number) or `"any"` (0).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "any_node")]
    pub leader: Option<NodeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crashed: Option<NodeId>,
    /// Some node's commit index (or count of chosen slots) reaches this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<u64>,
    /// Single-decree Paxos: some value is chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<bool>,
    /// The checker found a violation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation: Option<bool>,
}

/// What a step draws attention to.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Highlight {
    #[serde(default)]
    pub nodes: Vec<NodeId>,
    /// A panel drawn with a ring: one of [`PANELS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel: Option<String>,
    /// A log cell drawn with a ring: `[node, index]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<(NodeId, u64)>,
    /// The messages in flight from one node to another, drawn with a ring: `[from, to]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<(NodeId, NodeId)>,
}

/// The panels a tour step may point at (`highlight.panel`).
pub const PANELS: [&str; 6] = [
    "stage",
    "safety",
    "logs",
    "inspector",
    "narration",
    "timeline",
];

/// Facts that must hold at a step's instant (all optional).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Expect {
    /// The current leader: `Some(None)` (JSON `null`) means none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub leader: Option<Option<NodeId>>,
    /// The highest term (Raft) or ballot round (Paxos) any node holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<u64>,
    /// The highest commit index (Raft), count of chosen slots known to a replica
    /// (Multi-Paxos) or 1 once a learner learned (Paxos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<u64>,
    /// Single-decree Paxos: the value the checker found chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
    /// Exactly these invariants were violated (by name), `[]` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violations: Option<Vec<String>>,
}

/// Reads a present field (even `null`) as `Some`, so `"leader": null` differs from absent.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// `"any"` or a node number; "any" is kept as node 0, which no real node has.
mod any_node {
    use conlab_core::NodeId;
    use serde::de::{self, Visitor};

    pub fn serialize<S: serde::Serializer>(v: &Option<NodeId>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(NodeId(0)) => s.serialize_str("any"),
            Some(n) => s.serialize_u8(n.0),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NodeId>, D::Error> {
        struct AnyNode;
        impl Visitor<'_> for AnyNode {
            type Value = NodeId;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a node number or \"any\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeId, E> {
                match u8::try_from(v) {
                    Ok(n) if n > 0 => Ok(NodeId(n)),
                    _ => Err(E::custom("a node number is 1 to 15")),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeId, E> {
                self.visit_u64(u64::try_from(v).unwrap_or(0))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeId, E> {
                if v.fract() == 0.0 && v >= 0.0 {
                    self.visit_u64(v as u64)
                } else {
                    self.visit_u64(0)
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeId, E> {
                match v {
                    "any" => Ok(NodeId(0)),
                    _ => Err(E::custom("a leader is a node number or \"any\"")),
                }
            }
        }
        d.deserialize_any(AnyNode).map(Some)
    }
}

impl Scenario {
    /// Check the tour's shape: its version, each step's single anchor, caption length, node
    /// numbers. Whether the anchors happen and the expectations hold needs a run
    /// (`tour_run.rs`).
    pub(crate) fn validate_tour(&self) -> Result<(), ScenarioError> {
        let fail = |text: String| Err(ScenarioError(text));
        if self.tour.is_empty() {
            return Ok(());
        }
        if self.version < 2 {
            return fail("a tour needs scenario version 2".into());
        }
        if self.tour.len() > MAX_TOUR_STEPS {
            return fail(format!(
                "a tour has at most {MAX_TOUR_STEPS} steps, not {}",
                self.tour.len()
            ));
        }
        for (i, step) in self.tour.iter().enumerate() {
            let what = format!("tour step {}", i + 1);
            if step.caption.chars().count() > MAX_CAPTION_CHARS {
                return fail(format!(
                    "{what}: a caption is at most {MAX_CAPTION_CHARS} characters"
                ));
            }
            match (&step.at, &step.when) {
                (Some(_), Some(_)) => {
                    return fail(format!("{what} has both `at` and `when`: give one anchor"))
                }
                (None, None) => {
                    return fail(format!("{what} needs an anchor: `at` or `when`"));
                }
                (Some(at), None) if *at > crate::budget::MAX_TIME_MS => {
                    return fail(format!(
                        "{what} at {at} ms is past the {} ms limit",
                        crate::budget::MAX_TIME_MS
                    ));
                }
                (None, Some(when)) => self.check_when(when, &what)?,
                _ => {}
            }
            let mut nodes: Vec<NodeId> = Vec::new();
            if let Some(h) = &step.highlight {
                nodes.extend(&h.nodes);
                nodes.extend(h.log.map(|(node, _)| node));
                nodes.extend(h.message.iter().flat_map(|(from, to)| [*from, *to]));
                if let Some(panel) = h.panel.as_deref().filter(|p| !PANELS.contains(p)) {
                    return fail(format!(
                        "{what}: there is no panel `{}` (try one of {})",
                        crate::budget::tidy(panel),
                        PANELS.join(", ")
                    ));
                }
                if h.log.is_some_and(|(_, index)| index == 0) {
                    return fail(format!("{what}: log indexes start at 1"));
                }
            }
            if let Some(Some(leader)) = step.expect.as_ref().and_then(|e| e.leader) {
                nodes.push(leader);
            }
            for node in nodes {
                self.check_node(node, &what)?;
            }
        }
        Ok(())
    }

    fn check_when(&self, when: &When, what: &str) -> Result<(), ScenarioError> {
        let keys = [
            when.leader.is_some(),
            when.crashed.is_some(),
            when.committed.is_some(),
            when.chosen.is_some(),
            when.violation.is_some(),
        ];
        if keys.iter().filter(|k| **k).count() != 1 {
            return Err(ScenarioError(format!(
                "{what}: `when` names exactly one of leader, crashed, committed, chosen, violation"
            )));
        }
        for node in [when.leader.filter(|n| n.0 != 0), when.crashed]
            .into_iter()
            .flatten()
        {
            self.check_node(node, what)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Scenario;

    fn error(tour: &str) -> String {
        let text = format!(r#"{{"version":2,"protocol":"raft","nodes":3,"tour":{tour}}}"#);
        Scenario::from_json(&text).unwrap_err().0
    }

    #[test]
    fn a_tour_reads_both_anchors_and_its_expectations() {
        let text = r#"{"version":2,"protocol":"raft","nodes":3,"tour":[
            {"at":0,"caption":"start","expect":{"leader":null}},
            {"when":{"leader":"any"},"caption":"a leader","highlight":{"nodes":[2]},
             "expect":{"leader":2,"term":1,"violations":[]}}]}"#;
        let s = Scenario::from_json(text).unwrap();
        assert_eq!(s.tour[0].expect.as_ref().unwrap().leader, Some(None));
        assert_eq!(s.tour[1].when.as_ref().unwrap().leader.unwrap().0, 0);
        assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s, "round trip");
    }

    #[test]
    fn bad_tours_get_one_sentence() {
        for (tour, needle) in [
            (r#"[{"caption":"x"}]"#, "step 1 needs an anchor"),
            (
                r#"[{"at":1,"when":{"crashed":1},"caption":"x"}]"#,
                "both `at` and `when`",
            ),
            (r#"[{"when":{},"caption":"x"}]"#, "exactly one of"),
            (
                r#"[{"when":{"leader":"some"},"caption":"x"}]"#,
                "node number or",
            ),
            (
                r#"[{"at":0,"caption":"x","highlight":{"nodes":[7]}}]"#,
                "no node 7",
            ),
            (r#"[{"when":{"crashed":4},"caption":"x"}]"#, "no node 4"),
            (
                r#"[{"at":0,"caption":"x","highlight":{"panel":"sidebar"}}]"#,
                "no panel `sidebar` (try one of stage, safety",
            ),
            (
                r#"[{"at":0,"caption":"x","highlight":{"log":[2,0]}}]"#,
                "log indexes start at 1",
            ),
            (
                r#"[{"at":0,"caption":"x","highlight":{"message":[1,9]}}]"#,
                "no node 9",
            ),
        ] {
            let e = error(tour);
            assert!(e.contains(needle), "{tour}: {e}");
        }
        let long = format!(r#"[{{"at":0,"caption":"{}"}}]"#, "a".repeat(281));
        assert!(error(&long).contains("at most 280 characters"));
        let many = format!("[{}]", vec![r#"{"at":0,"caption":"x"}"#; 21].join(","));
        assert!(error(&many).contains("at most 20 steps"));
        let v1 = r#"{"version":1,"protocol":"raft","nodes":3,"tour":[{"at":0,"caption":"x"}]}"#;
        assert!(Scenario::from_json(v1).unwrap_err().0.contains("version 2"));
    }

    #[test]
    fn anchors_out_of_order_or_that_never_happen_and_broken_expectations_are_named() {
        let run = |tour: &str| {
            let text = format!(
                r#"{{"version":2,"protocol":"raft","nodes":3,"until_ms":1000,"tour":{tour}}}"#
            );
            crate::tour_run::check(&Scenario::from_json(&text).unwrap())
                .unwrap_err()
                .0
        };
        assert!(
            run(r#"[{"at":500,"caption":"x"},{"at":100,"caption":"y"}]"#)
                .contains("step 2 at 100 ms comes before step 1")
        );
        assert!(run(r#"[{"when":{"crashed":2},"caption":"x"}]"#)
            .contains("S2 is crashed never happens before 1000 ms"));
        let e = run(r#"[{"at":1000,"caption":"x","expect":{"leader":null}}]"#);
        assert!(
            e.starts_with("step 1 (at 1000 ms): expected leader none but it is S"),
            "{e}"
        );
        assert_eq!(
            run(r#"[{"at":0,"caption":"x","highlight":{"message":[2,3]}}]"#),
            "step 1 (at 0 ms): no message from S2 to S3 is in flight"
        );
        assert_eq!(
            run(r#"[{"at":0,"caption":"x","highlight":{"log":[1,9]}}]"#),
            "step 1 (at 0 ms): S1's log has no entry 9 on screen"
        );
        let e = run(r#"[{"at":1000,"caption":"x","expect":{"violations":["election_safety"]}}]"#);
        assert!(
            e.contains("expected violations [election_safety] but found []"),
            "{e}"
        );
    }
}
