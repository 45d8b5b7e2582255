//! Raft joint consensus (Raft paper §6, Figure 11), run end to end: C_old,new, then C_new;
//! while joint, elections and commits need a majority of each configuration.

mod common;
use common::{applied, leader, node, raft_world, scenario, voters};
use conlab_core::{NodeId, Quorum};
use conlab_raft::{RaftNode, Reply, Role};
use conlab_sim::{fnv1a, Scenario, World};

fn violations(world: &World<RaftNode>) -> Vec<&'static str> {
    world.violations().iter().map(|v| v.invariant).collect()
}

/// The command at `index` of `id`'s log.
fn command_at(world: &World<RaftNode>, id: u8, index: u64) -> String {
    node(world, id)
        .log()
        .entry(index)
        .map_or(String::new(), |e| e.command.to_string())
}

/// Every server starts joint: C_old = {S1, S2, S3}, C_new = {S4, S5, S6}. S4, S5 and S6 are
/// cut off together; S4 gets their three votes, all of C_new, and none of C_old.
#[test]
fn while_joint_a_candidate_with_a_majority_of_c_new_but_not_of_c_old_is_not_elected() {
    let joint = r#"{"term":1,"log":[{"term":1,"command":"change_config S4 S5 S6"}]}"#;
    let initial: Vec<String> = (1..=6)
        .map(|i| joint.replacen('{', &format!("{{\"node\":{i},"), 1))
        .collect();
    let s = scenario(&format!(
        r#"{{"version":1,"protocol":"raft","nodes":6,"seed":2,
        "raft":{{"voters":[1,2,3],"election_timeout_ms":{{"min":5000,"max":6000}}}},
        "initial":[{}],
        "interventions":[{{"at":0,"do":"partition","groups":[[4,5,6]]}},
                         {{"at":10,"do":"timeout","node":4}},
                         {{"at":1000,"do":"heal"}},
                         {{"at":1100,"do":"timeout","node":4}}]}}"#,
        initial.join(",")
    ));
    let mut world = World::<RaftNode>::new(&s).unwrap();
    world.run_until(900);
    let s4 = node(&world, 4);
    assert_eq!(s4.old_configuration(), Some(&voters(&[1, 2, 3])));
    let votes: Vec<NodeId> = s4.votes_granted().collect();
    assert_eq!(votes, [4, 5, 6].map(NodeId), "all of C_new voted");
    assert_eq!(s4.role(), Role::Candidate, "but no majority of C_old did");
    assert_eq!(leader(&world), None);

    world.run_until(2000);
    assert!(violations(&world).is_empty(), "{:?}", violations(&world));
    let elected = leader(&world).expect("healed, S4 reaches both majorities");
    assert_eq!(elected, NodeId(4));
    let by = node(&world, 4).elected_by().to_vec();
    let granted = |v: NodeId| by.contains(&v);
    assert!(voters(&[1, 2, 3]).has_quorum(granted) && voters(&[4, 5, 6]).has_quorum(granted));
}

/// docs/scenarios/raft-membership-joint.json: {S1, S2, S3} becomes {S4, S5, S6} in one
/// change_config.
#[test]
fn replacing_all_three_voters_by_three_others_in_one_change_keeps_every_committed_entry_and_ends_with_a_leader_in_c_new(
) {
    let world = raft_world(&common::example("raft-membership-joint"), 3000);
    assert!(violations(&world).is_empty(), "{:?}", violations(&world));
    let elected = leader(&world).expect("C_new elects a leader");
    assert!([4, 5, 6].contains(&elected.0), "{elected} is in C_new");
    let log: Vec<String> = node(&world, elected.0)
        .log()
        .iter()
        .map(|e| e.command.to_string())
        .collect();
    let at = |c: &str| log.iter().position(|e| e == c);
    assert!(at("change_config S4 S5 S6") < at("new_config S4 S5 S6"));
    for id in 4..=6 {
        let n = node(&world, id);
        assert_eq!(n.configuration(), &voters(&[4, 5, 6]), "S{id}");
        assert_eq!(
            n.old_configuration(),
            None,
            "S{id} left the joint configuration"
        );
        for command in ["set x 1", "set y 2", "set z 3"] {
            assert!(applied(&world, id, command), "S{id} applied {command}");
        }
    }
    assert_ne!(node(&world, 1).role(), Role::Leader, "S1 stepped down");
}

fn bug_scenario(with_bug: bool) -> World<RaftNode> {
    let mut s = common::example("raft-bug-joint-commit-counts-new-only");
    s.raft.bugs.joint_commit_counts_new_only = with_bug;
    World::<RaftNode>::new(&s).unwrap()
}

/// S1, cut off with S4 and S5, appends C_old,new at index 3 for C_new = {S4, S5, S6}.
#[test]
fn joint_commit_counts_new_only_loses_a_committed_entry_and_is_caught() {
    let mut world = bug_scenario(true);
    world.run_until(1100);
    assert_eq!(command_at(&world, 1, 3), "change_config S4 S5 S6");
    assert!(
        node(&world, 1).commit_index() >= 3,
        "S1 counted {{S4, S5}} alone"
    );
    let names = violations(&world);
    assert!(names.contains(&"commit_quorum"), "{names:?}");
    world.run_until(4000);
    let s3 = node(&world, 3);
    assert!(s3.commit_index() >= 3);
    assert_eq!(command_at(&world, 3, 3), "noop", "S2 and S3 overwrote it");
    assert!(violations(&world).contains(&"state_machine_safety"));
}

#[test]
fn without_joint_commit_counts_new_only_nothing_is_caught() {
    let mut world = bug_scenario(false);
    world.run_until(1900);
    assert_eq!(command_at(&world, 1, 3), "change_config S4 S5 S6");
    assert!(node(&world, 1).commit_index() < 3, "C_old has no majority");
    world.run_until(4000);
    assert!(violations(&world).is_empty(), "{:?}", violations(&world));
}

#[test]
fn the_same_seed_gives_the_same_trace_with_a_joint_change() {
    let trace = || {
        let mut world = World::<RaftNode>::new(&common::example("raft-membership-joint"))
            .unwrap()
            .with_trace();
        world.run_until(3000);
        world.take_trace()
    };
    let (a, b) = (trace(), trace());
    assert!(a.len() > 200, "{} lines", a.len());
    assert!(a.iter().any(|line| line.contains("new_config")));
    assert_eq!(fnv1a(&a), fnv1a(&b));
}

#[test]
fn a_second_change_is_refused_while_the_joint_one_is_in_flight() {
    let mut s = common::example("raft-membership-joint");
    let add: conlab_sim::Timed =
        serde_json::from_str(r#"{"at":1001,"do":"add_server","node":2}"#).unwrap();
    s.interventions.insert(3, add);
    let world = raft_world(&s, 3000);
    assert!(violations(&world).is_empty(), "{:?}", violations(&world));
    let refused = world.replies().iter().any(|r| {
        r.reply
            == Reply::Refused {
                reason: "a configuration change is still uncommitted",
            }
    });
    assert!(refused);
    assert_eq!(node(&world, 4).configuration(), &voters(&[4, 5, 6]));
}

#[test]
fn change_config_interventions_are_validated_in_one_sentence() {
    let err = |interventions: &str, protocol: &str| {
        Scenario::from_json(&format!(
            r#"{{"version":1,"protocol":"{protocol}","nodes":3,"interventions":[{interventions}]}}"#
        ))
        .unwrap_err()
        .0
    };
    let raft = |i: &str| err(i, "raft");
    assert!(raft(r#"{"at":1,"do":"change_config","voters":[]}"#).contains("one or more servers"));
    assert!(raft(r#"{"at":1,"do":"change_config","voters":[1,4]}"#).contains("no node 4"));
    assert!(raft(r#"{"at":1,"do":"change_config","voters":[1,2,1]}"#).contains("each once"));
    assert!(raft(r#"{"at":1,"do":"change_config"}"#).contains("missing field `voters`"));
    assert!(
        err(r#"{"at":1,"do":"change_config","voters":[1]}"#, "paxos")
            .contains("only supported for raft")
    );
    let ok = Scenario::from_json(
        r#"{"version":1,"protocol":"raft","nodes":3,
        "interventions":[{"at":1,"do":"change_config","voters":[2,3]}]}"#,
    )
    .unwrap();
    assert_eq!(Scenario::from_json(&ok.to_json()).unwrap(), ok);
    assert!(ok.to_json().contains(r#""voters": ["#));
}

/// The page lists a change_config among the client requests, answered by the leader it
/// reached, and the requests after it keep their own answers.
#[test]
fn a_change_config_request_is_listed_with_the_answer_of_the_leader() {
    let world = raft_world(&common::example("raft-membership-joint"), 3000);
    let answers = conlab_sim::view::client_answers(&world, 10);
    let commands: Vec<&str> = answers.iter().rev().map(|a| a.command.as_str()).collect();
    assert_eq!(
        commands,
        ["set x 1", "change_config S4 S5 S6", "set y 2", "set z 3"]
    );
    let change = &answers[2];
    assert_eq!(change.node, NodeId(1), "S1 led and answered");
}
