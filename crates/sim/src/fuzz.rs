//! What the fuzz target (`fuzz/fuzz_targets/scenario.rs`, run by `cargo xtask fuzz`) does with
//! one input, here so that the inputs it finds replay as ordinary tests
//! (crates/sim/tests/fuzz_regressions.rs): read the input as a share link or as scenario JSON,
//! and simulate whatever parses for a short, bounded while. Any panic, hang or runaway
//! allocation on the way is a bug (issue 10, deliverable 6).

use crate::protocol::{Summarized, Sweepable};
use crate::registry::Visit;
use crate::view::ProtocolView;
use crate::{link, Scenario, World};

/// At most this much simulated time per input.
pub const MAX_SIM_MS: u64 = 2_000;
/// At most this many simulator steps per input.
pub const MAX_STEPS: u64 = 20_000;

/// The first byte picks the reader (even: share link, odd: scenario JSON); the rest is text.
/// Returns the number of steps simulated (0 when nothing parsed).
pub fn exercise(data: &[u8]) -> u64 {
    let Some((&mode, rest)) = data.split_first() else {
        return 0;
    };
    let text = String::from_utf8_lossy(rest);
    let parsed = if mode.is_multiple_of(2) {
        link::decode(&text)
    } else {
        Scenario::from_json(&text)
    };
    parsed.map_or(0, |scenario| simulate(&scenario))
}

/// Run a parsed scenario for at most [`MAX_SIM_MS`] or [`MAX_STEPS`], whichever comes first;
/// the number of steps taken (0 if the world refuses the scenario).
pub fn simulate(scenario: &Scenario) -> u64 {
    scenario.protocol.visit(Bounded(scenario))
}

struct Bounded<'a>(&'a Scenario);

impl Visit for Bounded<'_> {
    type Output = u64;

    fn visit<P: Sweepable + Summarized + ProtocolView>(self) -> u64 {
        let Ok(mut world) = World::<P>::new(self.0) else {
            return 0;
        };
        let until = self.0.until_ms.unwrap_or(MAX_SIM_MS).min(MAX_SIM_MS);
        while world.steps() < MAX_STEPS && world.next_event_at().is_some_and(|t| t <= until) {
            world.run_step();
        }
        world.steps()
    }
}
