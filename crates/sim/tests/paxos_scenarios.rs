//! The documented Paxos and Multi-Paxos scenarios, with the outcome each one teaches.

mod common;
use common::{example, world, world_and_notes};
use conlab_core::NodeId;
use conlab_paxos::multi::{Note as MultiNote, Origin, Role};
use conlab_paxos::{Ballot, MultiPaxosNode, Note, PaxosNode};
use conlab_sim::World;

fn chosen(world: &World<PaxosNode>) -> Option<String> {
    world.checker().unwrap().chosen().map(|(_, v)| v.clone())
}

fn learned(world: &World<PaxosNode>) -> Vec<Option<String>> {
    world
        .nodes()
        .iter()
        .map(|s| s.node.learned().map(|(_, v)| v.clone()))
        .collect()
}

#[test]
fn paxos_made_simple_2_2_a_basic_round_chooses_the_proposed_value_and_every_learner_learns_it() {
    let (w, notes) = world_and_notes::<PaxosNode>(&example("paxos-basic"), 1000);
    assert!(w.violations().is_empty(), "{:?}", w.violations());
    assert_eq!(chosen(&w).as_deref(), Some("blue"));
    assert_eq!(learned(&w), vec![Some("blue".to_string()); 3]);
    let ballots: Vec<Ballot> = notes
        .iter()
        .filter_map(|(_, n)| {
            if let Note::BallotStarted { ballot } = n {
                Some(*ballot)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        ballots,
        vec![Ballot::new(1, NodeId(1))],
        "one ballot was enough; the later proposal of `red` started none"
    );
    for slot in w.nodes() {
        assert_eq!(
            slot.node.accepted(),
            Some(&(Ballot::new(1, NodeId(1)), "blue".to_string())),
            "{}",
            slot.node.id()
        );
    }
}

#[test]
fn paxos_made_simple_2_2_p2c_a_value_accepted_by_a_quorum_survives_a_later_ballot_with_a_different_proposal(
) {
    let scenario = example("paxos-chosen-value-survives");
    let (before, _) = world_and_notes::<PaxosNode>(&scenario, 499);
    assert_eq!(chosen(&before).as_deref(), Some("blue"), "S1–S3 chose blue");
    assert_eq!(
        learned(&before)[3..],
        [None, None],
        "S4 and S5 did not hear of it"
    );

    let (after, notes) = world_and_notes::<PaxosNode>(&scenario, 2000);
    assert!(after.violations().is_empty(), "{:?}", after.violations());
    let s5_proposals: Vec<&Note> = notes
        .iter()
        .filter(|(n, note)| *n == NodeId(5) && matches!(note, Note::Proposed { .. }))
        .map(|(_, note)| note)
        .collect();
    assert!(!s5_proposals.is_empty(), "S5 reached phase 2");
    for note in s5_proposals {
        let Note::Proposed {
            ballot,
            value,
            adopted_from,
            ..
        } = note
        else {
            unreachable!()
        };
        assert_eq!(
            value, "blue",
            "S5 proposes the reported value, not its own `red`"
        );
        assert!(adopted_from.is_some() && *ballot > Ballot::new(1, NodeId(1)));
    }
    assert_eq!(learned(&after), vec![Some("blue".to_string()); 5]);
    assert_eq!(
        after.stats().commit_latencies_ms.len(),
        2,
        "both clients were answered (S5's with `blue`)"
    );
}

#[test]
fn paxos_made_simple_2_2_majority_quorums_let_only_one_side_of_a_partition_choose() {
    let scenario = example("paxos-minority-quorum");
    let (split, _) = world_and_notes::<PaxosNode>(&scenario, 999);
    assert!(split.violations().is_empty(), "{:?}", split.violations());
    assert_eq!(chosen(&split).as_deref(), Some("red"), "S3–S5 chose red");
    assert_eq!(
        learned(&split)[..2],
        [None, None],
        "S1 and S2 cannot decide"
    );
    let (healed, _) = world_and_notes::<PaxosNode>(&scenario, 1500);
    assert!(healed.violations().is_empty(), "{:?}", healed.violations());
    assert_eq!(learned(&healed), vec![Some("red".to_string()); 5]);
}

#[test]
fn bug_minority_quorum_lets_both_sides_of_a_partition_decide_and_is_caught() {
    let mut scenario = example("paxos-minority-quorum");
    scenario.enable_bug("minority_quorum").unwrap();
    let (w, _) = world_and_notes::<PaxosNode>(&scenario, 1500);
    let blue = Some("blue".to_string());
    let red = Some("red".to_string());
    assert_eq!(
        learned(&w),
        vec![blue.clone(), blue, red.clone(), red.clone(), red]
    );
    assert_eq!(
        chosen(&w).as_deref(),
        Some("red"),
        "only red had a majority"
    );
    let broken: Vec<&str> = w.violations().iter().map(|v| v.invariant).collect();
    assert!(broken.contains(&"safe_accept"), "{broken:?}");
    assert!(broken.contains(&"learned_only_chosen"), "{broken:?}");
}

#[test]
fn paxos_made_simple_3_dueling_proposers_without_backoff_livelock_while_ballots_climb() {
    let scenario = example("paxos-dueling");
    assert!(!scenario.paxos.backoff);
    for seed in 1..=10 {
        let mut s = scenario.clone();
        s.seed = seed;
        let (w, notes) = world_and_notes::<PaxosNode>(&s, 3000);
        assert!(
            w.violations().is_empty(),
            "seed {seed}: {:?}",
            w.violations()
        );
        assert_eq!(chosen(&w), None, "seed {seed}: nothing is chosen");
        assert!(learned(&w).iter().all(Option::is_none), "seed {seed}");
        let top = w
            .nodes()
            .iter()
            .filter_map(|n| n.node.promised())
            .max()
            .unwrap();
        assert!(top.round >= 50, "seed {seed}: ballots climb, up to {top}");
        for proposer in [NodeId(1), NodeId(2)] {
            let started = notes
                .iter()
                .filter(|(n, note)| *n == proposer && matches!(note, Note::BallotStarted { .. }))
                .count();
            let preempted = notes
                .iter()
                .filter(|(n, note)| *n == proposer && matches!(note, Note::Preempted { .. }))
                .count();
            assert!(
                started >= 25 && preempted >= 24,
                "seed {seed}: {proposer} started {started}, preempted {preempted}"
            );
        }
    }
}

#[test]
fn paxos_made_simple_3_dueling_proposers_with_backoff_choose_a_value() {
    let mut scenario = example("paxos-dueling");
    scenario.paxos.backoff = true;
    for seed in 1..=10 {
        scenario.seed = seed;
        let w = world::<PaxosNode>(&scenario, 3000);
        assert!(
            w.violations().is_empty(),
            "seed {seed}: {:?}",
            w.violations()
        );
        let value = chosen(&w).unwrap_or_else(|| panic!("seed {seed}: nothing chosen"));
        assert!(value == "blue" || value == "red");
        assert_eq!(learned(&w), vec![Some(value); 5], "seed {seed}");
        let top = w
            .nodes()
            .iter()
            .filter_map(|n| n.node.promised())
            .max()
            .unwrap();
        assert!(
            top.round < 10,
            "seed {seed}: settled in a few rounds, not {top}"
        );
    }
}

#[test]
fn paxos_made_simple_2_2_a_restarted_acceptor_keeps_its_promise() {
    // S3 promises (1,S2) while S1 is cut off, and crashes; after its restart it still holds
    // the promise, so S1's proposal must go above it.
    let text = r#"{"version":1,"protocol":"paxos","nodes":3,"seed":2,"interventions":[
        {"at":0,"do":"partition","groups":[[1]]},
        {"at":10,"do":"propose","node":2,"value":"red"},
        {"at":100,"do":"crash","node":3},
        {"at":200,"do":"restart","node":3},
        {"at":200,"do":"heal"},
        {"at":300,"do":"propose","node":1,"value":"blue"}]}"#;
    let scenario = conlab_sim::Scenario::from_json(text).unwrap();
    let w = world::<PaxosNode>(&scenario, 199);
    let promised = w.node(NodeId(3)).node.promised();
    assert_eq!(promised, Some(Ballot::new(1, NodeId(2))));
    let w = world::<PaxosNode>(&scenario, 200);
    assert_eq!(
        w.node(NodeId(3)).node.promised(),
        promised,
        "kept across the restart"
    );
    let w = world::<PaxosNode>(&scenario, 1000);
    assert!(w.violations().is_empty(), "{:?}", w.violations());
    assert_eq!(
        chosen(&w).as_deref(),
        Some("red"),
        "S1's later ballot finds `red`"
    );

    let mut forgetful = scenario.clone();
    forgetful.paxos.bugs.acceptor_forgets_on_restart = true;
    let w = world::<PaxosNode>(&forgetful, 200);
    assert_eq!(
        w.violations()[0].invariant,
        "promise_monotonic",
        "{:?}",
        w.violations()
    );
    assert_eq!(w.violations()[0].nodes, vec![NodeId(3)]);
}

#[test]
fn multipaxos_leader_change_keeps_accepted_values_and_fills_gaps_with_noops() {
    let scenario = example("multipaxos-leader-crash");
    let (w, notes) = world_and_notes::<MultiPaxosNode>(&scenario, 2500);
    assert!(w.violations().is_empty(), "{:?}", w.violations());
    let s3_leads = notes
        .iter()
        .any(|(n, note)| *n == NodeId(3) && matches!(note, MultiNote::BecameLeader { .. }));
    assert!(s3_leads, "S3 took over");
    let proposed = |slot: u64| {
        notes.iter().find_map(|(n, note)| match note {
            MultiNote::Proposed {
                slot: s,
                command,
                origin,
                ..
            } if *n == NodeId(3) && *s == slot => Some((command.to_string(), origin.clone())),
            _ => None,
        })
    };
    assert_eq!(
        proposed(2),
        Some(("noop".to_string(), Origin::Gap)),
        "the gap becomes a no-op"
    );
    assert!(
        matches!(proposed(3), Some((c, Origin::Reported { .. })) if c == "set z 3"),
        "S3's accepted value is re-proposed"
    );
    let chosen: Vec<String> = w
        .checker()
        .unwrap()
        .chosen()
        .map(|(_, (_, c))| c.to_string())
        .collect();
    assert_eq!(chosen, ["set x 1", "noop", "set z 3", "set w 4"]);
    for slot in w.nodes() {
        let n = &slot.node;
        assert!(slot.up);
        assert_eq!(n.log().executed(), 4, "{} caught up", n.id());
        let kv: Vec<(&str, &str)> = n.state_machine().iter().collect();
        assert_eq!(
            kv,
            [("w", "4"), ("x", "1"), ("z", "3")],
            "{}: `set y 2` was never chosen",
            n.id()
        );
    }
    assert_eq!(
        w.node(NodeId(1))
            .node
            .log()
            .accepted(2)
            .map(|(_, c)| c.to_string())
            .as_deref(),
        Some("set y 2")
    );
    assert_eq!(w.node(NodeId(3)).node.role(), Role::Leader);
}

#[test]
fn multipaxos_a_leader_that_skips_phase_1_on_takeover_is_caught() {
    let mut scenario = example("multipaxos-leader-crash");
    scenario.multipaxos.bugs.leader_skips_phase1_on_takeover = true;
    let w = world::<MultiPaxosNode>(&scenario, 2500);
    let first = &w.violations()[0];
    assert_eq!(first.invariant, "safe_accept");
    assert!(
        first.message.contains("no promise at all"),
        "{}",
        first.message
    );
}
