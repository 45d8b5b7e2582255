//! Same scenario + seed ⇒ identical trace. The expected fingerprint is shared with the wasm
//! test in `web/tests/`, so the browser build is held to the very same trace.

mod common;
use common::example;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::{fnv1a, SimProtocol, World};

fn trace_of(name: &str, until: u64) -> Vec<String> {
    let mut world = World::<RaftNode>::new(&example(name)).unwrap().with_trace();
    world.run_until(until);
    world.take_trace()
}

#[test]
fn the_same_scenario_and_seed_give_the_same_trace() {
    let a = trace_of("raft-minority-partition", 3000);
    let b = trace_of("raft-minority-partition", 3000);
    assert!(a.len() > 500, "a substantial trace: {} lines", a.len());
    assert_eq!(a, b);
}

#[test]
fn a_different_seed_gives_a_different_trace() {
    let mut other = example("raft-minority-partition");
    other.seed += 1;
    let mut world = World::<RaftNode>::new(&other).unwrap().with_trace();
    world.run_until(3000);
    assert_ne!(
        fnv1a(&world.take_trace()),
        fnv1a(&trace_of("raft-minority-partition", 3000))
    );
}

/// Re-recorded, like the data tests, with `CONLAB_RECORD=1 cargo test -p conlab-sim`.
#[test]
fn the_trace_fingerprint_matches_the_recorded_one() {
    let expected = include_str!("../testdata/leader-crash.fnv").trim();
    let actual = format!("{:016x}", fnv1a(&trace_of("raft-leader-crash", 3000)));
    if std::env::var_os("CONLAB_RECORD").is_some_and(|v| v != "0") {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/leader-crash.fnv");
        std::fs::write(path, format!("{actual}\n")).unwrap();
        return;
    }
    assert_eq!(
        actual, expected,
        "update testdata/leader-crash.fnv (CONLAB_RECORD=1) only for an intended change of behaviour"
    );
}

fn trace_of_protocol<P: SimProtocol>(name: &str, seed: Option<u64>, until: u64) -> Vec<String> {
    let mut scenario = example(name);
    if let Some(seed) = seed {
        scenario.seed = seed;
    }
    let mut world = World::<P>::new(&scenario).unwrap().with_trace();
    world.run_until(until);
    world.take_trace()
}

#[test]
fn paxos_the_same_scenario_and_seed_give_the_same_trace() {
    let a = trace_of_protocol::<PaxosNode>("paxos-dueling", None, 3000);
    assert!(a.len() > 2000, "a substantial trace: {} lines", a.len());
    assert_eq!(
        a,
        trace_of_protocol::<PaxosNode>("paxos-dueling", None, 3000)
    );
    assert_ne!(
        fnv1a(&a),
        fnv1a(&trace_of_protocol::<PaxosNode>(
            "paxos-dueling",
            Some(2),
            3000
        ))
    );
}

#[test]
fn multipaxos_the_same_scenario_and_seed_give_the_same_trace() {
    let a = trace_of_protocol::<MultiPaxosNode>("multipaxos-leader-crash", None, 2500);
    assert!(a.len() > 300, "a substantial trace: {} lines", a.len());
    assert_eq!(
        a,
        trace_of_protocol::<MultiPaxosNode>("multipaxos-leader-crash", None, 2500)
    );
    assert_ne!(
        fnv1a(&a),
        fnv1a(&trace_of_protocol::<MultiPaxosNode>(
            "multipaxos-leader-crash",
            Some(2),
            2500
        ))
    );
}
