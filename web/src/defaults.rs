//! What a fresh visit shows: each protocol's default lab (its scenario is declared with the
//! protocol in `crates/sim/src/registry/`), and the lab a link opens (the default one, with
//! the reason, when the link is bad).

use conlab_sim::view::{lab_from_scenarios, new_lab, AnyLab};
use conlab_sim::{ProtocolKind, Scenario, ScenarioError};

pub use crate::codec::default_scenario;

/// The default lab of `protocol` (its scenario is declared in the protocol registry).
pub fn default_lab(protocol: ProtocolKind) -> Box<dyn AnyLab> {
    new_lab(default_scenario(protocol))
        .unwrap_or_else(|e| panic!("default scenarios are valid: {e}"))
}

/// The lab a link's unpacked scenarios open at time zero and the instant the link asks for; a
/// bad link opens the default Raft lab, with the reason in one sentence.
pub fn open_scenarios(
    scenarios: Result<Vec<Scenario>, ScenarioError>,
) -> (Box<dyn AnyLab>, u64, Option<String>) {
    match scenarios.and_then(lab_from_scenarios) {
        Ok((lab, cursor)) => (lab, cursor, None),
        Err(e) => (
            default_lab(ProtocolKind::Raft),
            0,
            Some(format!(
                "That link could not be opened: {}. Showing the default cluster instead.",
                e.0
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_protocol_has_a_working_default() {
        for protocol in ProtocolKind::ALL {
            let mut lab = default_lab(protocol);
            assert_eq!(lab.protocol(), protocol.name());
            lab.seek(2_000);
            assert!(
                lab.cursor().steps > 0,
                "{protocol} does something in two seconds"
            );
        }
    }

    #[test]
    fn bad_links_fall_back_to_raft_with_a_reason() {
        for bad in ["1.nope", "compare/1.nope", "compare/onlyone", "garbage"] {
            let (lab, _, error) = open_scenarios(conlab_sim::link::decode_fragment(bad));
            assert_eq!(lab.protocol(), "raft");
            assert!(error.unwrap().contains("could not be opened"), "{bad}");
        }
    }
}
