//! Every guide tour (`web/guide/tours/*.json`) loads, and every step's `expect` holds in the
//! run: a caption cannot drift from what the simulation does. `CONLAB_TOUR_FACTS=1` prints
//! the facts at each step (to write new expectations).

use conlab_sim::{link, tour_run, Scenario};
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
        let result = Scenario::from_json(&text).and_then(|s| {
            if s.tour.is_empty() {
                return Err(conlab_sim::ScenarioError("it has no tour".into()));
            }
            tour_run::check(&s)
        });
        match result {
            Ok(facts) => {
                if std::env::var_os("CONLAB_TOUR_FACTS").is_some() {
                    for (i, f) in facts.iter().enumerate() {
                        eprintln!("{name} step {}: {f:?}", i + 1);
                    }
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
