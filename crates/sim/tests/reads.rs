//! Reads without the log (Ongaro's dissertation §6.4 ReadIndex, §6.4.1 leases) against a
//! leader cut off from the majority, and the bug toggle `read_without_quorum`.

mod common;

use common::{applied, example, fingerprint, leader};
use conlab_check::linearizability::{check, Verdict};
use conlab_core::kv::Outcome;
use conlab_raft::{RaftNode, ReadMode, Reply};
use conlab_sim::sweep::LINEARIZABILITY_BUDGET;
use conlab_sim::{Intervention, ProtocolKind, Scenario, World};

const MODES: [ReadMode; 3] = [ReadMode::Log, ReadMode::ReadIndex, ReadMode::Lease];

/// Five servers. The first leader applies `set x 1` and is then partitioned alone; the other
/// four elect a new leader, which applies `set x 2`; then `get x` goes to the old leader.
/// Returns the old leader's answers to that read.
fn read_at_partitioned_old_leader(reads: ReadMode, bug: bool) -> Vec<Reply> {
    let mut scenario = Scenario::new(ProtocolKind::Raft, 5, 1);
    scenario.raft.reads = reads;
    scenario.raft.bugs.read_without_quorum = bug;
    let mut world = World::<RaftNode>::new(&scenario).unwrap();
    world.run_until(1_000);
    let old = leader(&world).expect("a leader by 1 s");
    let client = |node, command: &str| Intervention::Client {
        node,
        command: command.into(),
    };
    world.push_intervention(1_000, client(old, "set x 1"));
    world.run_until(1_300);
    assert!(applied(&world, old.0, "set x 1"));
    let groups = vec![vec![old]];
    world.push_intervention(1_300, Intervention::Partition { groups });
    world.run_until(2_500);
    let new = leader(&world).expect("a new leader on the majority side");
    assert_ne!(new, old);
    world.push_intervention(2_500, client(new, "set x 2"));
    world.run_until(2_800);
    assert!(applied(&world, new.0, "set x 2"));
    let before = world.replies().len();
    world.push_intervention(2_800, client(old, "get x"));
    world.run_until(4_000);
    world
        .replies()
        .iter()
        .skip(before)
        .filter(|r| r.node == old)
        .map(|r| r.reply.clone())
        .collect()
}

fn answered(replies: &[Reply]) -> bool {
    replies.iter().any(|r| matches!(r, Reply::Applied { .. }))
}

#[test]
fn a_partitioned_old_leader_with_reads_log_never_returns_a_stale_value() {
    let replies = read_at_partitioned_old_leader(ReadMode::Log, false);
    assert!(!answered(&replies), "{replies:?}");
}

#[test]
fn a_partitioned_old_leader_with_reads_read_index_never_returns_a_stale_value() {
    let replies = read_at_partitioned_old_leader(ReadMode::ReadIndex, false);
    assert!(replies.is_empty(), "no answer at all: {replies:?}");
}

#[test]
fn a_partitioned_old_leader_with_reads_lease_never_returns_a_stale_value() {
    let replies = read_at_partitioned_old_leader(ReadMode::Lease, false);
    assert!(replies.is_empty(), "its lease ran out: {replies:?}");
}

#[test]
fn with_read_without_quorum_a_partitioned_old_leader_returns_the_stale_value() {
    for reads in MODES {
        let replies = read_at_partitioned_old_leader(reads, true);
        let stale = Outcome::Value(Some("1".into()));
        assert!(
            replies
                .iter()
                .any(|r| matches!(r, Reply::Applied { outcome, .. } if *outcome == stale)),
            "{reads:?}: {replies:?}"
        );
    }
}

fn verdict(scenario: &Scenario) -> (Verdict, World<RaftNode>) {
    let mut world = World::<RaftNode>::new(scenario).unwrap();
    world.run_until(scenario.until_ms.unwrap());
    (
        check(&world.client_history(), LINEARIZABILITY_BUDGET),
        world,
    )
}

/// The documented scenario: clients read from a leader partitioned alone while the other
/// four elect a new one and commit writes.
#[test]
fn with_read_without_quorum_the_partitioned_old_leader_returns_a_stale_value_and_linearizability_catches_it(
) {
    let mut scenario = example("raft-bug-read-without-quorum");
    scenario.enable_bug("read_without_quorum").unwrap();
    let (verdict, _) = verdict(&scenario);
    assert!(
        matches!(verdict, Verdict::NotLinearizable { .. }),
        "{verdict:?}"
    );
}

/// Without the toggle, in every read mode, the clients of the partitioned leader get no
/// answer there: they time out and retry at the next server.
#[test]
fn without_the_toggle_the_old_leaders_clients_time_out_and_retry_elsewhere_in_every_read_mode() {
    for reads in MODES {
        let mut scenario = example("raft-bug-read-without-quorum");
        scenario.raft.reads = reads;
        let (verdict, world) = verdict(&scenario);
        assert_eq!(verdict, Verdict::Linearizable, "{reads:?}");
        assert!(
            world
                .stats()
                .clients
                .as_ref()
                .is_some_and(|c| c.retries > 0),
            "{reads:?}: a client retried"
        );
    }
}

#[test]
fn every_read_mode_is_deterministic() {
    for reads in MODES {
        let mut scenario = example("raft-bug-no-client-sessions");
        scenario.raft.reads = reads;
        let run = || {
            let mut world = World::<RaftNode>::new(&scenario).unwrap();
            world.run_until(4_500);
            (fingerprint(&world), format!("{:?}", world.client_history()))
        };
        assert_eq!(run(), run(), "{reads:?}");
    }
}
