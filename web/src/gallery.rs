//! The page side of the scenario gallery (its model is `conlab_sim::view::gallery`): a
//! documented scenario is fetched from `scenarios/<stem>.json` (Trunk copies `docs/scenarios/`
//! there), so names and descriptions stay out of the wasm; a protocol's default comes from the
//! registry.

use conlab_sim::view::gallery::{self, Entry};
use conlab_sim::{ProtocolKind, Scenario};

use crate::codec::{default_scenario, scenario_from_text};

/// `entry`'s scenario from its file's text `json` (unused for a protocol's default), or one
/// sentence saying why not.
pub fn parse(entry: &Entry, json: &str) -> Result<Scenario, String> {
    match entry.default_of() {
        Some(protocol) => Ok(default_scenario(protocol)),
        None => scenario_from_text(json)
            .map_err(|e| format!("The scenario {} could not be read: {}.", entry.stem, e.0)),
    }
}

/// `entry`'s scenario: a protocol's default from the registry, any other from its file.
pub async fn scenario(entry: &Entry) -> Result<Scenario, String> {
    let json = match entry.default_of() {
        Some(_) => String::new(),
        None => crate::fetch::text(&format!("scenarios/{}.json", entry.stem)).await?,
    };
    parse(entry, &json)
}

/// What "Show me" opens for `protocol`'s toggle `bug`: its gallery scenario with the toggle on.
pub async fn show_me(protocol: ProtocolKind, bug: &str) -> Result<Scenario, String> {
    let entry = gallery::show_me_entry(protocol, bug)
        .ok_or_else(|| format!("No scenario shows {} yet.", bug.replace('_', " ")))?;
    gallery::show_me(scenario(entry).await?, bug).map_err(|e| e.0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The scenario the page gets for the gallery entry `stem` (its file read from
    /// docs/scenarios/).
    pub(crate) fn load(stem: &str) -> Scenario {
        let entry = gallery::entry(stem).expect("a gallery entry");
        let json = match entry.default_of() {
            Some(_) => String::new(),
            None => {
                let path = format!(
                    "{}/../docs/scenarios/{stem}.json",
                    env!("CARGO_MANIFEST_DIR")
                );
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
            }
        };
        parse(entry, &json).expect("gallery scenarios are valid")
    }

    #[test]
    fn a_broken_file_is_reported_in_one_sentence() {
        let entry = gallery::entry("raft-figure-8").unwrap();
        let error = parse(entry, "{").unwrap_err();
        assert!(
            error.starts_with("The scenario raft-figure-8 could not be read"),
            "{error}"
        );
        assert_eq!(
            load("paxos").name,
            default_scenario(ProtocolKind::Paxos).name
        );
    }
}
