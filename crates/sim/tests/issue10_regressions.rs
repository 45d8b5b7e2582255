//! Issue 10's reproducers for the Paxos defects (1, 2 and 7), run as scenarios: each must now
//! stay bounded, raise no false alarm, or recover.

use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_sim::sweep::{run, Faults, RunSpec};
use conlab_sim::{Scenario, World};

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).expect("a valid reproducer")
}

/// Defect 1: rounds doubled per timeout and wrapped to 0 after ~64 timeouts; without backoff
/// the proposer's own acceptor then rejected every ballot inside one step, forever.
#[test]
fn issue_10_1_a_proposer_timing_out_every_millisecond_stays_bounded() {
    let s = scenario(
        r#"{"version":1,"protocol":"paxos","nodes":3,"paxos":{"ballot_timeout_ms":1,"backoff":false},"interventions":[{"at":1,"do":"propose","node":1,"value":"v"}]}"#,
    );
    let mut world = World::<PaxosNode>::new(&s).unwrap();
    let mut last_round = 0;
    for second in 1..=30 {
        world.run_until(second * 1000);
        let round = world.nodes()[0].node.last_round();
        assert!(
            round >= last_round,
            "rounds never wrap: {round} < {last_round}"
        );
        last_round = round;
        // A handful of events per millisecond, never an unbounded loop inside one.
        assert!(
            world.steps() < second * 1000 * 20,
            "{} steps",
            world.steps()
        );
    }
    assert!(world.violations().is_empty(), "{:?}", world.violations());
}

/// Defect 2: a 1-node Multi-Paxos cluster reported Nontriviality on its first command, because
/// the vote was scanned before the step's proposal was recorded.
#[test]
fn issue_10_2_a_one_node_multipaxos_cluster_raises_no_false_alarm() {
    let s = scenario(
        r#"{"version":1,"protocol":"multipaxos","nodes":1,"interventions":[{"at":400,"do":"client","node":1,"command":"set x 1"}],"until_ms":1000}"#,
    );
    let mut world = World::<MultiPaxosNode>::new(&s).unwrap();
    world.run_until(1000);
    assert!(world.violations().is_empty(), "{:?}", world.violations());
    assert_eq!(world.nodes()[0].node.log().executed(), 1, "the command ran");
}

/// Defect 7: without Nacks, a rejoining proposer needed 11–13 blind round doublings and
/// overran the recovery window at 3 nodes, seeds 42050 and 47891.
#[test]
fn issue_10_7_paxos_without_nacks_recovers_at_seeds_42050_and_47891() {
    for seed in [42050, 47891] {
        let spec = RunSpec {
            nodes: 3,
            seed,
            faults: Faults::parse("crash,partition,drop,dup").unwrap(),
            bugs: Vec::new(),
            fault_ms: 6_000,
            recover_ms: 6_000,
            fifo: false,
            pre_vote: false,
            check_quorum: false,
            reads: None,
            clients: None,
        };
        if let Err(f) = run::<PaxosNode>(&spec) {
            panic!("seed {seed}: {} — {}", f.property, f.message);
        }
    }
}

/// Issue 9: a message a node sends itself is an ordinary send, delivered as its own step in
/// the same millisecond, never lost or duplicated even on a network that loses everything.
#[test]
fn messages_to_self_are_visible_steps_that_the_network_never_loses() {
    let s = scenario(
        r#"{"version":1,"protocol":"paxos","nodes":1,"network":{"drop":1.0,"duplicate":1.0},"interventions":[{"at":10,"do":"propose","node":1,"value":"blue"}]}"#,
    );
    let mut world = World::<PaxosNode>::new(&s).unwrap().with_trace();
    world.run_until(11);
    let trace = world.take_trace();
    for kind in ["Prepare", "Promise", "Accept", "Accepted"] {
        let lines: Vec<_> = trace
            .iter()
            .filter(|l| l.contains(&format!(" {kind} {{")))
            .collect();
        assert_eq!(lines.len(), 1, "one {kind} step: {trace:#?}");
        assert!(lines[0].trim_start().starts_with("10 "), "{}", lines[0]);
        assert!(
            lines[0].contains("S1→S1"),
            "delivered to itself: {}",
            lines[0]
        );
    }
    assert_eq!(
        world.nodes()[0].node.learned().map(|(_, v)| v.as_str()),
        Some("blue")
    );
}
