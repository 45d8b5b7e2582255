//! The page's hand-written scenario text (`conlab_sim::scenario_json`) is serde's compact JSON,
//! byte for byte, for every scenario the project ships and for one that sets every field:
//! share links and saved scenarios keep their text. (Numbers with an exponent, which serde and
//! JavaScript write differently, are the module's unit tests and web/tests/codec.rs.)

use conlab_sim::{scenario_json, ProtocolKind, Scenario};
use serde::Serialize;
use std::path::Path;

/// serde's compact JSON, with numbers as JavaScript writes those of the scenarios here
/// (`0`, not serde_json's `0.0`) and without the tour steps' `expect`, which the page leaves
/// out.
fn serde_text(scenario: &Scenario) -> String {
    struct JsNumbers;
    impl serde_json::ser::Formatter for JsNumbers {
        fn write_f64<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            value: f64,
        ) -> std::io::Result<()> {
            assert!(value == 0.0 || (1e-6..1e21).contains(&value.abs()));
            write!(writer, "{}", if value == 0.0 { 0.0 } else { value })
        }
    }
    let mut scenario = scenario.clone();
    for step in &mut scenario.tour {
        step.expect = None;
    }
    let mut out = Vec::new();
    scenario
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, JsNumbers,
        ))
        .unwrap();
    String::from_utf8(out).unwrap()
}

fn assert_same_text(scenario: &Scenario, what: &str) {
    let hand = scenario_json::write(scenario).unwrap_or_else(|| panic!("{what}: not written"));
    assert_eq!(hand, serde_text(scenario), "{what}");
}

/// The scenarios in the JSON files under `dir` (relative to the workspace), read without
/// validation: a file holds one, or a compare pair as an array. The `reject-…` test files,
/// which no reader accepts, are left out.
fn files(dir: &str) -> Vec<(String, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter(|path| {
            !path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("reject-")
        })
        .collect();
    paths.sort();
    let mut found = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let values = match value {
            serde_json::Value::Array(pair) => pair,
            one => vec![one],
        };
        for value in values {
            let scenario =
                serde_json::from_value(value).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            found.push((path.display().to_string(), scenario));
        }
    }
    found
}

#[test]
fn every_shipped_scenario_is_written_as_serde_writes_it() {
    let mut count = 0;
    for dir in ["docs/scenarios", "web/guide/tours", "crates/sim/testdata"] {
        for (path, scenario) in files(dir) {
            assert_same_text(&scenario, &path);
            count += 1;
        }
    }
    assert!(count >= 70, "{count} files");
    for protocol in ProtocolKind::ALL {
        assert_same_text(&protocol.default_scenario(), protocol.name());
    }
}

#[test]
fn every_bug_toggle_is_written_as_serde_writes_it() {
    for protocol in ProtocolKind::ALL {
        for bug in protocol.bugs() {
            let mut scenario = protocol.default_scenario();
            scenario.enable_bug(bug).unwrap();
            assert_same_text(&scenario, bug);
        }
    }
}

/// Every field of every part set (validity does not matter to the writer); the page's test
/// (web/tests/codec.rs) reads it too.
const EVERY_FIELD: &str = include_str!("scenario-every-field.json");

#[test]
fn a_scenario_with_every_field_is_written_as_serde_writes_it() {
    let mut scenario: Scenario = serde_json::from_str(EVERY_FIELD).unwrap();
    assert_same_text(&scenario, "every field");
    for reads in ["log", "read_index"] {
        scenario.raft.reads = serde_json::from_value(reads.into()).unwrap();
        assert_same_text(&scenario, reads);
    }
    assert!(
        scenario_json::write(&scenario)
            .unwrap()
            .contains(r#""caption":"an instant","#),
        "the tour's expect is left out"
    );
}

#[test]
fn an_integer_javascript_cannot_hold_is_not_written() {
    let mut scenario: Scenario = serde_json::from_str(EVERY_FIELD).unwrap();
    scenario.interventions[9].action = conlab_sim::Intervention::DropMessage { id: 1 << 53 };
    assert_eq!(scenario_json::write(&scenario), None);
}
