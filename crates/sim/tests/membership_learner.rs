//! New servers as learners (Ongaro's dissertation §4.2.1): an added server catches up
//! without a vote and becomes a voter only once it is one AppendEntries behind; a catch-up
//! round longer than an election timeout, or a `remove_server` of the learner, aborts it.

mod common;
use common::{applied, no_violations, node, voters};
use conlab_core::{Configuration, NodeId, Tick};
use conlab_raft::{RaftNode, Reply, Role};
use conlab_sim::{Scenario, World};

fn index_of(world: &World<RaftNode>, id: u8, command: &str) -> Option<usize> {
    node(world, id)
        .log()
        .iter()
        .position(|e| e.command.to_string() == command)
}

/// The scenario's `initial` entries: S1, S2 and S3 each hold the same 60 entries of term 1.
fn sixty_shared_entries() -> String {
    let entries: Vec<String> = (1..=60)
        .map(|i| format!(r#"{{"term":1,"command":"set k{i} {i}"}}"#))
        .collect();
    let log = entries.join(",");
    let initial: Vec<String> = (1..=3)
        .map(|i| format!(r#"{{"node":{i},"term":1,"log":[{log}]}}"#))
        .collect();
    initial.join(",")
}

/// S1, S2 and S3 share 60 entries; S4 is empty; S3 crashes, so S1 and S2 are all of the
/// majority of {S1, S2, S3}. S4 is added, one entry per AppendEntries. As a voter at once it
/// would make the majority three of four, S4 included: nothing would commit until it caught
/// up. As a learner it does not count yet.
fn scenario() -> Scenario {
    let json = format!(
        r#"{{"version":1,"protocol":"raft","nodes":4,"seed":4,
        "raft":{{"voters":[1,2,3],"max_entries_per_append":1,"max_inflight_appends":1,
                 "election_timeout_ms":{{"min":5000,"max":6000}}}},
        "initial":[{}],
        "interventions":[{{"at":10,"do":"timeout","node":1}},
                         {{"at":300,"do":"crash","node":3}},
                         {{"at":400,"do":"add_server","node":4}},
                         {{"at":401,"do":"client","node":1,"command":"set x 1"}}]}}"#,
        sixty_shared_entries()
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

/// §4.2.1: only a server that stops answering, or is still slow after ten rounds, is given
/// up. With a 150–300 ms election timeout, S4's first round (60 entries, one per
/// AppendEntries) takes several timeouts, yet every AppendEntries moves its log: it is
/// promoted, not refused.
#[test]
fn a_learner_whose_first_round_outlasts_an_election_timeout_is_still_promoted() {
    let mut s = scenario();
    s.raft.election_timeout_ms = conlab_core::TickRange::new(150, 300);
    let mut world = World::<RaftNode>::new(&s).unwrap();
    world.run_until(401);
    assert_eq!(node(&world, 1).learner(), Some(NodeId(4)));
    world.run_until(5000);
    assert!(world.violations().is_empty());
    assert_eq!(
        node(&world, 1).configuration(),
        &Configuration::of_cluster(4)
    );
    assert!(applied(&world, 4, "add_server S4"));
    let refused = world
        .replies()
        .iter()
        .any(|r| matches!(r.reply, conlab_raft::Reply::Refused { .. }));
    assert!(!refused, "{:?}", world.replies());
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

/// Five servers, voters S1–S3 sharing 60 entries; S1 leads; four entries per AppendEntries,
/// one in flight; minimum election timeout 2,000 ms. S4 is added at 400 ms and crashes at
/// 420 ms, long before it could catch up; then `later` (interventions as JSON).
fn crashed_learner(later: &str) -> Scenario {
    let json = format!(
        r#"{{"version":1,"protocol":"raft","nodes":5,"seed":7,
        "raft":{{"voters":[1,2,3],"max_entries_per_append":4,"max_inflight_appends":1,
                 "election_timeout_ms":{{"min":2000,"max":2500}}}},
        "initial":[{}],
        "interventions":[{{"at":10,"do":"timeout","node":1}},
                         {{"at":400,"do":"add_server","node":4}},
                         {{"at":420,"do":"crash","node":4}},{later}]}}"#,
        sixty_shared_entries()
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

/// The answers to request `request` (numbered from 1 in intervention order), with when.
fn answers(world: &World<RaftNode>, request: u64) -> Vec<(Tick, Reply)> {
    world
        .replies()
        .iter()
        .filter(|r| r.request == request)
        .map(|r| (r.at, r.reply.clone()))
        .collect()
}

const BLOCKED: Reply = Reply::Refused {
    reason: "a new server is still catching up as a learner",
};

#[test]
fn a_learner_that_crashed_is_dropped_after_an_election_timeout_and_a_later_add_server_commits() {
    let s = crashed_learner(
        r#"{"at":600,"do":"add_server","node":5},{"at":3000,"do":"add_server","node":5}"#,
    );
    let world = common::raft_world(&s, 6000);
    no_violations(&world);
    assert_eq!(answers(&world, 2).last().map(|a| &a.1), Some(&BLOCKED));
    let aborted = answers(&world, 1);
    let Some((at, Reply::Refused { reason })) = aborted.last() else {
        panic!("add_server S4 is answered: {aborted:?}");
    };
    assert!(reason.contains("did not answer"), "{reason}");
    assert!(
        (2400..=2600).contains(at),
        "an election timeout after 400 ms: {at}"
    );
    for id in [1, 2, 3, 5] {
        assert_eq!(
            node(&world, id).configuration(),
            &voters(&[1, 2, 3, 5]),
            "S{id}"
        );
        assert!(applied(&world, id, "add_server S5"), "S{id}");
    }
    assert!(!applied(&world, 1, "add_server S4"));
    assert_eq!(node(&world, 1).learner(), None);
}

#[test]
fn a_learner_that_crashed_does_not_block_a_later_remove_server() {
    let s = crashed_learner(
        r#"{"at":600,"do":"remove_server","node":2},{"at":3000,"do":"remove_server","node":2}"#,
    );
    let world = common::raft_world(&s, 6000);
    no_violations(&world);
    assert_eq!(answers(&world, 2).last().map(|a| &a.1), Some(&BLOCKED));
    for id in [1, 3] {
        assert_eq!(node(&world, id).configuration(), &voters(&[1, 3]), "S{id}");
        assert!(applied(&world, id, "remove_server S2"), "S{id}");
    }
}

#[test]
fn remove_server_of_a_learner_cancels_its_catch_up_and_frees_the_next_change() {
    let s = crashed_learner(
        r#"{"at":600,"do":"remove_server","node":4},{"at":700,"do":"add_server","node":5}"#,
    );
    let world = common::raft_world(&s, 3000);
    no_violations(&world);
    let cancelled = answers(&world, 1);
    assert!(
        matches!(cancelled.last(), Some((600, Reply::Refused { .. }))),
        "add_server S4 is refused at once: {cancelled:?}"
    );
    let removed = Reply::LearnerRemoved { server: NodeId(4) };
    assert_eq!(answers(&world, 2), vec![(600, removed)]);
    assert!(
        !node(&world, 1)
            .log()
            .iter()
            .any(|e| e.command.to_string() == "remove_server S4"),
        "nothing enters the log"
    );
    for id in [1, 2, 3, 5] {
        assert_eq!(
            node(&world, id).configuration(),
            &voters(&[1, 2, 3, 5]),
            "S{id}"
        );
    }
}

/// Rounds end as the learner catches up, so new entries arriving meanwhile do not abort it:
/// the first test's S4, with the leader taking a command every 100 ms while it catches up.
#[test]
fn a_learner_catching_up_while_the_leader_takes_commands_is_promoted() {
    let mut s = scenario();
    for i in 0..40u64 {
        let command: conlab_sim::Timed = serde_json::from_str(&format!(
            r#"{{"at":{},"do":"client","node":1,"command":"set y {i}"}}"#,
            500 + 100 * i
        ))
        .unwrap();
        s.interventions.push(command);
    }
    s.interventions.sort_by_key(|t| t.at);
    let world = common::raft_world(&s, 9000);
    no_violations(&world);
    assert!(applied(&world, 4, "add_server S4"));
    assert_eq!(
        node(&world, 1).configuration(),
        &Configuration::of_cluster(4)
    );
}
