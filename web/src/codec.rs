//! Scenario JSON in the page. Every piece of the web crate that reads scenario text (the
//! protocols' defaults, gallery files, imported files) goes through [`scenario_from_text`], so
//! the page has one JSON path to keep small and one place that turns bad text into a sentence.

use conlab_sim::{ProtocolKind, Scenario, ScenarioError};

/// Parse and validate scenario JSON text.
pub fn scenario_from_text(text: &str) -> Result<Scenario, ScenarioError> {
    Scenario::from_json(text)
}

/// What a fresh visit to `protocol` shows (declared with the protocol in the registry).
pub fn default_scenario(protocol: ProtocolKind) -> Scenario {
    scenario_from_text(protocol.default_scenario_json()).expect("default scenarios are valid")
}
