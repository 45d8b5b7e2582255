//! New servers as learners (Ongaro's dissertation §4.2.1): an added server catches up
//! without a vote and becomes a voter only once it is one AppendEntries behind.

mod common;
use common::{applied, node};
use conlab_core::{Configuration, NodeId};
use conlab_raft::{RaftNode, Role};
use conlab_sim::{Scenario, World};

fn index_of(world: &World<RaftNode>, id: u8, command: &str) -> Option<usize> {
    node(world, id)
        .log()
        .iter()
        .position(|e| e.command.to_string() == command)
}

/// S1, S2 and S3 share 60 entries; S4 is empty; S3 crashes, so S1 and S2 are all of the
/// majority of {S1, S2, S3}. S4 is added, one entry per AppendEntries. As a voter at once it
/// would make the majority three of four, S4 included: nothing would commit until it caught
/// up. As a learner it does not count yet.
fn scenario() -> Scenario {
    let entries: Vec<String> = (1..=60)
        .map(|i| format!(r#"{{"term":1,"command":"set k{i} {i}"}}"#))
        .collect();
    let log = entries.join(",");
    let initial: Vec<String> = (1..=3)
        .map(|i| format!(r#"{{"node":{i},"term":1,"log":[{log}]}}"#))
        .collect();
    let json = format!(
        r#"{{"version":1,"protocol":"raft","nodes":4,"seed":4,
        "raft":{{"voters":[1,2,3],"max_entries_per_append":1,"max_inflight_appends":1,
                 "election_timeout_ms":{{"min":5000,"max":6000}}}},
        "initial":[{}],
        "interventions":[{{"at":10,"do":"timeout","node":1}},
                         {{"at":300,"do":"crash","node":3}},
                         {{"at":400,"do":"add_server","node":4}},
                         {{"at":401,"do":"client","node":1,"command":"set x 1"}}]}}"#,
        initial.join(",")
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_added_server_catches_up_as_a_learner_while_the_cluster_keeps_committing() {
    let mut world = World::<RaftNode>::new(&scenario()).unwrap();
    world.run_until(401);
    assert_eq!(node(&world, 1).role(), Role::Leader);
    assert_eq!(node(&world, 1).learner(), Some(NodeId(4)));
    while !applied(&world, 1, "set x 1") {
        world.step().expect("the run goes on");
    }
    let s1 = node(&world, 1);
    assert_eq!(
        s1.configuration(),
        &Configuration::of_cluster(3),
        "S4 is not a voter yet"
    );
    assert_eq!(s1.learner(), Some(NodeId(4)), "S4 is still catching up");

    world.run_until(5000);
    assert!(world.violations().is_empty());
    assert!(index_of(&world, 1, "set x 1") < index_of(&world, 1, "add_server S4"));
    for id in [1, 2, 4] {
        assert_eq!(
            node(&world, id).configuration(),
            &Configuration::of_cluster(4),
            "S{id}"
        );
        assert!(applied(&world, id, "add_server S4"), "S{id}");
        assert!(applied(&world, id, "set x 1"), "S{id}");
    }
    assert_eq!(node(&world, 1).learner(), None, "promoted");
}

#[test]
fn a_second_change_waits_while_a_learner_catches_up() {
    let mut s = scenario();
    let remove: conlab_sim::Timed =
        serde_json::from_str(r#"{"at":402,"do":"remove_server","node":2}"#).unwrap();
    s.interventions.push(remove);
    let world = common::raft_world(&s, 1000);
    let refused = world.replies().iter().any(|r| {
        r.reply
            == conlab_raft::Reply::Refused {
                reason: "a new server is still catching up as a learner",
            }
    });
    assert!(refused);
}
