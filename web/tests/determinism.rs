//! The simulator compiled to wasm produces exactly the native trace: the fingerprint below is
//! the same file the native test in `crates/sim/tests/determinism.rs` checks.
#![cfg(target_arch = "wasm32")]

use conlab_raft::RaftNode;
use conlab_sim::{fnv1a, Scenario, World};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_wasm_trace_of_a_scenario_matches_the_native_one() {
    let scenario =
        Scenario::from_json(include_str!("../../docs/scenarios/raft-leader-crash.json")).unwrap();
    let mut world = World::<RaftNode>::new(&scenario).unwrap().with_trace();
    world.run_until(3000);
    let expected = include_str!("../../crates/sim/testdata/leader-crash.fnv").trim();
    assert_eq!(format!("{:016x}", fnv1a(&world.take_trace())), expected);
}
