//! Raft single-server membership changes (Ongaro's dissertation §4.1–4.3), run end to end.

mod common;
use common::{applied, leader, no_violations, node, raft_world, scenario, voters};
use conlab_core::NodeId;
use conlab_raft::{RaftNode, Reply};
use conlab_sim::{fnv1a, Scenario, World};

fn testdata(name: &str) -> Scenario {
    let path = format!("{}/testdata/{name}.json", env!("CARGO_MANIFEST_DIR"));
    scenario(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

#[test]
fn adding_a_server_to_a_one_node_cluster_makes_two() {
    let s = scenario(
        r#"{"version":1,"protocol":"raft","nodes":2,"seed":3,"raft":{"voters":[1]},
        "interventions":[{"at":1000,"do":"add_server","node":2},
                         {"at":2000,"do":"client","node":1,"command":"set x 1"}]}"#,
    );
    let world = raft_world(&s, 3000);
    no_violations(&world);
    for id in [1, 2] {
        assert_eq!(node(&world, id).configuration(), &voters(&[1, 2]), "S{id}");
        assert!(applied(&world, id, "add_server S2"), "S{id}");
        assert!(applied(&world, id, "set x 1"), "S{id}");
    }
    assert_eq!(
        node(&world, 1).log().to_vec(),
        node(&world, 2).log().to_vec()
    );
}

#[test]
fn a_server_outside_the_configuration_never_starts_an_election() {
    let s = scenario(r#"{"version":1,"protocol":"raft","nodes":3,"raft":{"voters":[1]}}"#);
    let world = raft_world(&s, 5000);
    assert_eq!(leader(&world), Some(NodeId(1)));
    for id in [2, 3] {
        assert_eq!(node(&world, id).current_term(), 0, "S{id} stayed idle");
        assert!(node(&world, id).log().to_vec().is_empty());
    }
}

/// With S2 removed and then crashed, S1's new command still commits: the majority of {S1}
/// is S1. Before the removal, the same crash stalls it.
#[test]
fn removing_a_follower_from_two_lets_the_leader_commit_alone() {
    let base = r#"{"version":1,"protocol":"raft","nodes":2,"seed":1,
        "raft":{"election_timeout_ms":{"min":5000,"max":6000}},
        "interventions":[{"at":10,"do":"timeout","node":1}"#;
    let with = scenario(&format!(
        r#"{base},{{"at":500,"do":"remove_server","node":2}},
        {{"at":1000,"do":"crash","node":2}},{{"at":1100,"do":"client","node":1,"command":"set x 1"}}]}}"#
    ));
    let world = raft_world(&with, 2000);
    no_violations(&world);
    assert_eq!(node(&world, 1).configuration(), &voters(&[1]));
    assert!(applied(&world, 1, "set x 1"), "S1 commits alone");

    let without = scenario(&format!(
        r#"{base},{{"at":1000,"do":"crash","node":2}},
        {{"at":1100,"do":"client","node":1,"command":"set x 1"}}]}}"#
    ));
    let world = raft_world(&without, 2000);
    assert!(
        !applied(&world, 1, "set x 1"),
        "S1 alone is no majority of {{S1, S2}}"
    );
}

#[test]
fn a_removed_leader_steps_down_after_the_commit() {
    let world = raft_world(&testdata("raft-membership-remove-leader"), 3000);
    no_violations(&world);
    let s1 = node(&world, 1);
    let entry = s1
        .log()
        .iter()
        .position(|e| e.command.to_string() == "remove_server S1")
        .expect("S1 appended its removal") as u64
        + 1;
    assert!(s1.commit_index() >= entry, "S1 saw its removal committed");
    assert_eq!(s1.role(), conlab_raft::Role::Follower);
    let new = leader(&world).expect("S2 and S3 elect a leader");
    assert_ne!(new, NodeId(1));
    assert!(node(&world, new.0).current_term() > 1);
    for id in 1..=3 {
        assert_eq!(node(&world, id).configuration(), &voters(&[2, 3]), "S{id}");
    }
}

#[test]
fn the_leader_refuses_a_second_change_while_one_is_uncommitted() {
    let two = common::example("raft-bug-two-config-changes-at-once");
    let world = raft_world(&two, 2000);
    no_violations(&world);
    let refused = world.replies().iter().any(|r| {
        r.reply
            == Reply::Refused {
                reason: "a configuration change is still uncommitted",
            }
    });
    assert!(refused);
    assert_eq!(node(&world, 1).configuration(), &voters(&[1, 2, 3, 4]));

    let mut buggy = two;
    buggy.raft.bugs.two_config_changes_at_once = true;
    let names: Vec<&str> = raft_world(&buggy, 2000)
        .violations()
        .iter()
        .map(|v| v.invariant)
        .collect();
    assert_eq!(names.first(), Some(&"one_uncommitted_config"), "{names:?}");
}

#[test]
fn growing_three_servers_to_five_gives_every_server_the_five() {
    let world = raft_world(&testdata("raft-membership-grow"), 4000);
    no_violations(&world);
    for id in 1..=5 {
        assert_eq!(node(&world, id).configuration(), &voters(&[1, 2, 3, 4, 5]));
        assert!(applied(&world, id, "set x 1"), "S{id}");
    }
}

/// The 2015 single-server bug (dissertation §4.1, raft-dev 2015-07-10): C0 = {S1..S4}; S1
/// appends C0+S5, which reaches only S5; S2 is elected by S3 and S4 and appends C0+S6, which
/// S3 and S6 store: committed. S1 then wins term 3 with S4 and S5 and overwrites it.
fn bug_2015(with_bug: bool) -> World<RaftNode> {
    let mut s = common::example("raft-bug-config-change-before-own-term-commit");
    s.raft.bugs.config_change_before_own_term_commit = with_bug;
    raft_world(&s, 2000)
}

#[test]
fn the_2015_scenario_loses_a_committed_entry_only_with_the_bug_toggle() {
    let world = bug_2015(true);
    let names: Vec<&str> = world.violations().iter().map(|v| v.invariant).collect();
    assert_eq!(
        names.first(),
        Some(&"config_after_own_term_commit"),
        "{names:?}"
    );
    assert!(
        names.contains(&"leader_completeness"),
        "a committed entry is lost: {names:?}"
    );
    assert_eq!(leader(&world), Some(NodeId(1)));

    let world = bug_2015(false);
    no_violations(&world);
    let refused = world.replies().iter().any(|r| {
        r.node == NodeId(2)
            && r.reply
                == Reply::Refused {
                    reason: "the leader has not yet committed an entry of its term",
                }
    });
    assert!(
        refused,
        "S2 refuses C0+S6 before it commits an entry of term 2"
    );
}

#[test]
fn the_same_seed_gives_the_same_trace_with_membership_changes() {
    let trace = || {
        let mut world = World::<RaftNode>::new(&testdata("raft-membership-grow"))
            .unwrap()
            .with_trace();
        world.run_until(4000);
        world.take_trace()
    };
    let (a, b) = (trace(), trace());
    assert!(a.len() > 200, "{} lines", a.len());
    assert_eq!(fnv1a(&a), fnv1a(&b));
}

#[test]
fn membership_interventions_are_validated() {
    let err = |json: &str| Scenario::from_json(json).unwrap_err().0;
    assert!(
        err(r#"{"version":1,"protocol":"raft","nodes":3,"raft":{"voters":[1,4]}}"#)
            .contains("there is no node 4")
    );
    assert!(
        err(r#"{"version":1,"protocol":"raft","nodes":3,"raft":{"voters":[1,1]}}"#)
            .contains("twice")
    );
    assert!(err(
        r#"{"version":1,"protocol":"multipaxos","nodes":3,"interventions":[{"at":1,"do":"add_server","node":2}]}"#
    )
    .contains("only supported for raft"));
    assert!(err(
        r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":1,"do":"remove_server","node":7}]}"#
    )
    .contains("no node 7"));
}
