//! What the fuzz target does with one input: read it as a share link or as scenario JSON,
//! and simulate whatever parses for a short, bounded while. Any panic, hang or runaway
//! allocation on the way is a bug (issue 10, deliverable 6).

use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::{link, Scenario, SimProtocol, World};

/// At most this much simulated time per input.
pub const MAX_SIM_MS: u64 = 2_000;
/// At most this many simulator steps per input.
pub const MAX_STEPS: u64 = 20_000;

/// The first byte picks the reader (even: share link, odd: scenario JSON); the rest is text.
pub fn check(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let parsed = if mode.is_multiple_of(2) {
        link::decode(&text)
    } else {
        Scenario::from_json(&text)
    };
    if let Ok(scenario) = parsed {
        simulate(&scenario);
    }
}

/// Run a parsed scenario for at most [`MAX_SIM_MS`] or [`MAX_STEPS`], whichever comes first.
pub fn simulate(scenario: &Scenario) {
    match scenario.protocol.as_str() {
        "raft" => run::<RaftNode>(scenario),
        "paxos" => run::<PaxosNode>(scenario),
        "multipaxos" => run::<MultiPaxosNode>(scenario),
        _ => {}
    }
}

fn run<P: SimProtocol>(scenario: &Scenario) {
    let Ok(mut world) = World::<P>::new(scenario) else {
        return;
    };
    let until = scenario.until_ms.unwrap_or(MAX_SIM_MS).min(MAX_SIM_MS);
    while world.steps() < MAX_STEPS && world.next_event_at().is_some_and(|t| t <= until) {
        world.step();
    }
}
