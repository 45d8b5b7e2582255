//! Helpers shared by the simulator's integration tests.
#![allow(dead_code)]

use conlab_raft::RaftNode;
use conlab_sim::{Scenario, SimProtocol, World};

/// Load one of the documented example scenarios from `docs/scenarios/`.
pub fn example(name: &str) -> Scenario {
    let path = format!(
        "{}/../../docs/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Run a Raft scenario until `t`.
pub fn raft_world(scenario: &Scenario, t: u64) -> World<RaftNode> {
    world::<RaftNode>(scenario, t)
}

/// Run a scenario of protocol `P` until `t`.
pub fn world<P: SimProtocol>(scenario: &Scenario, t: u64) -> World<P> {
    let mut world = World::<P>::new(scenario).unwrap();
    world.run_until(t);
    world
}

/// Run a scenario of protocol `P` until `t`, collecting every note with its node.
pub fn world_and_notes<P: SimProtocol>(
    scenario: &Scenario,
    t: u64,
) -> (World<P>, Vec<(conlab_core::NodeId, P::Note)>) {
    let mut world = World::<P>::new(scenario).unwrap();
    let mut notes = Vec::new();
    while world.next_event_at().is_some_and(|next| next <= t) {
        notes.extend(world.step().expect("an event is due").notes);
    }
    world.advance_clock(t);
    (world, notes)
}

/// A compact, comparable picture of every node.
pub fn fingerprint(world: &World<RaftNode>) -> String {
    let nodes: Vec<String> = world
        .nodes()
        .iter()
        .map(|s| format!("{}:{:?}:{:?}", s.up, s.node, s.timers))
        .collect();
    let flying: Vec<String> = world.in_flight().iter().map(|e| format!("{e:?}")).collect();
    format!(
        "t={} steps={} {:?} {:?} {:?}",
        world.now(),
        world.steps(),
        nodes,
        flying,
        world.links()
    )
}

/// Raft membership tests: a scenario from JSON text (panics with the validation sentence).
pub fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

/// The configuration of these servers.
pub fn voters(ids: &[u8]) -> conlab_core::Configuration {
    conlab_core::Configuration::new(ids.iter().map(|&i| conlab_core::NodeId(i)))
}

/// Raft server `id` of `world`.
pub fn node(world: &World<RaftNode>, id: u8) -> &RaftNode {
    &world.node(conlab_core::NodeId(id)).node
}

/// The live leader with the highest term, if any.
pub fn leader(world: &World<RaftNode>) -> Option<conlab_core::NodeId> {
    world
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == conlab_raft::Role::Leader)
        .max_by_key(|s| s.node.current_term())
        .map(|s| s.node.id())
}

/// Whether server `id` has applied `command` to its state machine.
pub fn applied(world: &World<RaftNode>, id: u8, command: &str) -> bool {
    let n = node(world, id);
    n.log()
        .iter()
        .take(n.last_applied() as usize)
        .any(|e| e.command.to_string() == command)
}

/// Fail, listing them, if the checkers found any violation in `world`.
pub fn no_violations<P: SimProtocol>(world: &World<P>) {
    let v: Vec<&str> = world
        .violations()
        .iter()
        .map(|v| v.message.as_str())
        .collect();
    assert!(v.is_empty(), "violations: {v:?}");
}
