//! What the stage, the inspector and the log grid say about membership (issue 13, item 8):
//! a learner the leader is catching up (dissertation §4.2.1) is drawn apart and named; while
//! the configuration is joint (Raft §6) every server of C_old or C_new is on the ring, the
//! ones in only one of them say which, and the configuration reads "joint: C_old …, C_new …".

mod common;
use common::raft_world;
use conlab_core::NodeId;
use conlab_raft::RaftNode;
use conlab_sim::view::{inspect, ViewFrame};
use conlab_sim::World;

fn under(frame: &ViewFrame, id: u8) -> Vec<String> {
    frame.nodes[usize::from(id) - 1].under.clone()
}

fn outside(frame: &ViewFrame) -> Vec<u8> {
    frame
        .nodes
        .iter()
        .filter(|n| n.outside)
        .map(|n| n.id.0)
        .collect()
}

fn config_text(world: &World<RaftNode>, id: u8) -> String {
    let inspector = inspect(world, NodeId(id)).unwrap();
    let config = &inspector.sections[0].fields[0];
    assert_eq!(config.label, "configuration");
    config.value.clone()
}

/// docs/scenarios/raft-learner-catches-up.json: S4 is added at 2 s and catches up as a
/// learner before its add_server entry makes it a voter.
#[test]
fn a_learner_is_drawn_apart_and_named_until_it_becomes_a_voter() {
    let scenario = common::example("raft-learner-catches-up");
    let before = raft_world(&scenario, 1_999);
    let frame = ViewFrame::of(&before);
    assert_eq!(outside(&frame), [4]);
    assert_eq!(under(&frame, 4), ["follower", "not a voter"]);

    let world = raft_world(&scenario, 2_100);
    assert_eq!(world.node(NodeId(1)).node.learner(), Some(NodeId(4)));
    let frame = ViewFrame::of(&world);
    assert_eq!(outside(&frame), [4], "a learner has no vote yet");
    assert_eq!(under(&frame, 4), ["follower", "learner: catching up"]);
    assert!(frame.nodes[3].classes.contains(&"is-learner".to_string()));
    assert!(frame.nodes[3].title.ends_with(", learner: catching up"));
    let s4 = inspect(&world, NodeId(4)).unwrap();
    assert_eq!(s4.voter, Some(false));
    assert!(s4.sub.unwrap().starts_with("a learner"));
    assert_eq!(config_text(&world, 1), "voters S1 S2 S3");
    let note = &frame.explanations[0];
    assert_eq!(note.classes, ["config-learner"]);
    assert!(note.body[0]
        .text
        .starts_with("S4 catches up as a learner (§4.2.1): S1 sends it the log"));

    let after = raft_world(&scenario, 4_000);
    let frame = ViewFrame::of(&after);
    assert!(outside(&frame).is_empty(), "S4 is a voter");
    assert_eq!(under(&frame, 4), ["follower"]);
    assert!(frame.nodes[3].classes.is_empty());
    assert!(frame.explanations.is_empty(), "no change under way");
    assert_eq!(config_text(&after, 1), "voters S1 S2 S3 S4");
}

/// docs/scenarios/raft-membership-joint.json: {S1, S2, S3} becomes {S4, S5, S6}.
#[test]
fn while_joint_both_configurations_are_on_the_ring_and_named() {
    let scenario = common::example("raft-membership-joint");
    let world = raft_world(&scenario, 1_001);
    assert!(world.node(NodeId(1)).node.old_configuration().is_some());
    let frame = ViewFrame::of(&world);
    assert!(outside(&frame).is_empty(), "C_old and C_new all vote");
    for id in 1..=3 {
        assert!(under(&frame, id)[0].ends_with(" · C_old only"));
    }
    for id in 4..=6 {
        assert_eq!(under(&frame, id), ["follower · C_new only"]);
    }
    assert_eq!(
        config_text(&world, 1),
        "joint: C_old S1 S2 S3, C_new S4 S5 S6 (uncommitted)"
    );
    assert_eq!(frame.explanations_label, "Configuration");
    assert_eq!(
        frame.explanations[0].body[0].text,
        "Joint consensus (§6): C_old S1 S2 S3 and C_new S4 S5 S6. Every election and every commit needs a majority of each."
    );
    let row = &frame.log.as_ref().unwrap().rows[0];
    let joint = row
        .cells
        .iter()
        .filter_map(|c| c.entry.as_ref().map(|e| (e, c)))
        .find(|(e, _)| e.command == "C_old,new")
        .expect("S1's log shows the joint entry");
    assert!(joint.1.classes.contains(&"is-config".to_string()));
    assert!(joint
        .1
        .title
        .as_deref()
        .unwrap()
        .contains("starts joint consensus with C_new = S4 S5 S6 (§6)"));

    let world = raft_world(&scenario, 3_000);
    let frame = ViewFrame::of(&world);
    assert_eq!(outside(&frame), [1, 2, 3], "C_new alone from here on");
    let leader = frame.nodes.iter().find(|n| n.leader).expect("a leader").id;
    assert_eq!(config_text(&world, leader.0), "voters S4 S5 S6");
    let cells = &frame.log.as_ref().unwrap().rows[usize::from(leader.0) - 1].cells;
    assert!(cells
        .iter()
        .any(|c| c.entry.as_ref().is_some_and(|e| e.command == "C_new")));
}

/// The leader's table in the inspector names each follower's flow-control state (etcd-io/raft's
/// Progress): docs/scenarios/raft-log-compaction.json sends S3 a snapshot when it restarts,
/// and while it is in flight S3's row says "snapshot"; once S3 answers, "replicate".
#[test]
fn the_leader_s_table_shows_a_follower_s_snapshot_in_flight() {
    let scenario = common::example("raft-log-compaction");
    let state_of_s3 = |t: u64| {
        let world = raft_world(&scenario, t);
        let inspector = inspect(&world, NodeId(1)).unwrap();
        let table = inspector
            .sections
            .iter()
            .find_map(|s| s.table.clone())
            .expect("the leader's table");
        assert_eq!(table.head, ["follower", "nextIndex", "matchIndex", "state"]);
        let row = table
            .rows
            .iter()
            .find(|r| r.cells[0][0].text == "S3")
            .unwrap();
        row.cells[3][0].text.clone()
    };
    assert_eq!(state_of_s3(1_260), "snapshot");
    assert_eq!(state_of_s3(1_300), "replicate");
}
