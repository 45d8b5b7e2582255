//! Every guide tour (`web/guide/tours/*.json`) loads, and every step's `expect` holds in the
//! run: a caption cannot drift from what the simulation does. `CONLAB_TOUR_FACTS=1` prints
//! the facts at each step (to write new expectations).
//!
//! A compare tour (chapter 6's Raft vs Multi-Paxos) is a JSON array of the two scenarios that
//! compare mode opens side by side. Both carry the same captions at the same instants, each
//! with expectations about its own run; the page shows the Raft side's.

use conlab_sim::tour_run::Facts;
use conlab_sim::view::lab_from_scenarios;
use conlab_sim::{link, tour_run, Scenario, ScenarioError};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_guide_tour_loads_and_its_expectations_hold() {
    let dir = root().join("web/guide/tours");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tours in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        match check_tour_file(&text) {
            Ok(sides) => {
                if std::env::var_os("CONLAB_TOUR_FACTS").is_some() {
                    for (side, facts) in sides.iter().enumerate() {
                        for (i, f) in facts.iter().enumerate() {
                            eprintln!("{name} side {} step {}: {f:?}", side + 1, i + 1);
                        }
                    }
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The facts at each step of a tour file: one scenario, or a compare pair whose sides carry the
/// same captions at the same instants.
fn check_tour_file(text: &str) -> Result<Vec<Vec<Facts>>, ScenarioError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ScenarioError(e.to_string()))?;
    let Some(sides) = value.as_array() else {
        let scenario = Scenario::from_json(text)?;
        if scenario.tour.is_empty() {
            return Err(ScenarioError("it has no tour".into()));
        }
        return Ok(vec![tour_run::check(&scenario)?]);
    };
    let scenarios = sides
        .iter()
        .map(|side| Scenario::from_json(&side.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    lab_from_scenarios(scenarios.clone())?;
    let [raft, multi] = &scenarios[..] else {
        return Err(ScenarioError("a compare tour holds two scenarios".into()));
    };
    let captions = |s: &Scenario| s.tour.iter().map(|t| t.caption.clone()).collect::<Vec<_>>();
    if raft.tour.is_empty() || captions(raft) != captions(multi) {
        return Err(ScenarioError(
            "both sides of a compare tour carry the same captions".into(),
        ));
    }
    let facts = vec![tour_run::check(raft)?, tour_run::check(multi)?];
    let instants = |f: &[Facts]| f.iter().map(|f| f.time).collect::<Vec<_>>();
    if instants(&facts[0]) != instants(&facts[1]) {
        return Err(ScenarioError(format!(
            "the two sides' steps fall at different instants: {:?} and {:?}",
            instants(&facts[0]),
            instants(&facts[1])
        )));
    }
    Ok(facts)
}

#[test]
fn a_version_1_link_still_opens_without_a_tour() {
    let made =
        std::fs::read_to_string(root().join("crates/sim/testdata/raft-figure-8.link")).unwrap();
    let scenario = link::decode(made.trim()).unwrap();
    assert_eq!(scenario.version, 1);
    assert!(scenario.tour.is_empty());
}

#[test]
fn a_tour_travels_in_a_share_link() {
    let text = std::fs::read_to_string(root().join("web/guide/tours/3-1.json")).unwrap();
    let scenario = Scenario::from_json(&text).unwrap();
    let made = link::encode(&scenario).unwrap();
    assert_eq!(link::decode(&made).unwrap(), scenario);
}
