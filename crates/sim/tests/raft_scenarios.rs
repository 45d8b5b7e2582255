//! The documented Raft scenarios, with the outcome each one teaches.

mod common;
use common::{example, raft_world};
use conlab_core::NodeId;
use conlab_raft::Role;

#[test]
fn leader_crash_elects_a_new_leader_in_a_higher_term_that_keeps_committed_data() {
    let scenario = example("raft-leader-crash");
    let before = raft_world(&scenario, 999);
    assert_eq!(before.node(NodeId(1)).node.role(), Role::Leader);
    assert_eq!(before.node(NodeId(1)).node.current_term(), 1);

    let after = raft_world(&scenario, 1999);
    let leaders: Vec<_> = after
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == Role::Leader)
        .collect();
    assert_eq!(leaders.len(), 1, "exactly one live leader after the crash");
    assert_ne!(leaders[0].node.id(), NodeId(1));
    assert!(leaders[0].node.current_term() > 1);
    assert_eq!(leaders[0].node.state_machine().get("x"), Some("1"));

    let end = raft_world(&scenario, 3000);
    assert!(end.violations().is_empty(), "{:?}", end.violations());
    for slot in end.nodes() {
        assert!(slot.up);
        assert_eq!(
            slot.node.state_machine().get("x"),
            Some("1"),
            "{} caught up",
            slot.node.id()
        );
    }
}

#[test]
fn a_leader_in_a_minority_cannot_commit_while_the_majority_can() {
    let scenario = example("raft-minority-partition");
    let split = raft_world(&scenario, 1900);
    let s1 = &split.node(NodeId(1)).node;
    assert_eq!(
        (s1.role(), s1.current_term()),
        (Role::Leader, 1),
        "S1 still believes it leads"
    );
    assert_eq!(s1.log().last_index(), 2, "S1 accepted `set x stale`");
    assert_eq!(s1.commit_index(), 1, "…but never commits it");
    let s3 = &split.node(NodeId(3)).node;
    assert_eq!((s3.role(), s3.current_term()), (Role::Leader, 2));
    assert_eq!(s3.state_machine().get("x"), Some("fresh"));

    let healed = raft_world(&scenario, 3000);
    assert!(healed.violations().is_empty(), "{:?}", healed.violations());
    for slot in healed.nodes() {
        assert_eq!(
            slot.node.state_machine().get("x"),
            Some("fresh"),
            "{}",
            slot.node.id()
        );
        assert!(!slot
            .node
            .log()
            .entries()
            .iter()
            .any(|e| e.command.to_string() == "set x stale"));
    }
    assert_eq!(healed.node(NodeId(1)).node.role(), Role::Follower);
}

#[test]
fn a_split_vote_leaves_a_term_without_leader_and_a_later_term_elects_one() {
    let scenario = example("raft-split-vote");
    let world = raft_world(&scenario, 2000);
    let leaders = world.checker().unwrap().leaders().clone();
    assert!(!leaders.contains_key(&1), "term 1 split: {leaders:?}");
    assert!(
        leaders.keys().any(|&t| t >= 2),
        "a later term elects a leader: {leaders:?}"
    );
    assert!(world.violations().is_empty());
}

#[test]
fn figure_8_is_safe_with_the_commit_rule_and_broken_without_it() {
    let scenario = example("raft-figure-8");
    let safe = raft_world(&scenario, 1200);
    assert!(safe.violations().is_empty(), "{:?}", safe.violations());
    assert_eq!(
        safe.node(NodeId(1)).node.commit_index(),
        0,
        "S1 must not commit the term-2 entry"
    );

    let mut buggy = scenario.clone();
    buggy.raft.bugs.commit_old_term_by_counting = true;
    let broken = raft_world(&buggy, 1200);
    // The term-2 entry was never stored on a majority in term 2, so it was never committed
    // (the TLA+ definition): what breaks is that S1 applied it and S5 applies another there.
    let first = &broken.violations()[0];
    assert_eq!(first.invariant, "state_machine_safety");
    assert_eq!(first.nodes, vec![NodeId(1), NodeId(5)]);
    assert!(
        first.message.contains("S5 applied `set x 3` at index 2"),
        "{}",
        first.message
    );
}
