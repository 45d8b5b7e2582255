//! Raft log compaction (Raft paper §7, Figure 13), run end to end: snapshots, InstallSnapshot,
//! booting from a snapshot, and the toggle that snapshots uncommitted entries.

mod common;
use common::{example, leader, no_violations, node, raft_world, world_and_notes};
use conlab_core::{NodeId, Tick, TickRange};
use conlab_raft::{Msg, Note, RaftNode};
use conlab_sim::{fnv1a, Intervention, Scenario, Timed, World};

/// Three servers compacting after 10 entries; S1 leads, S3 sleeps (crashed) from 100 ms
/// while S1 commits `commands` commands, and restarts at 2,000 ms.
fn sleeper(commands: u64) -> Scenario {
    let mut s = Scenario::from_json(
        r#"{"version":1,"protocol":"raft","nodes":3,"seed":4,
        "raft":{"snapshot_after_entries":10,"election_timeout_ms":{"min":1000,"max":1500}},
        "interventions":[{"at":10,"do":"timeout","node":1},{"at":100,"do":"crash","node":3},
                         {"at":2000,"do":"restart","node":3}]}"#,
    )
    .unwrap();
    for i in 1..=commands {
        s.interventions.push(Timed {
            at: 200 + 10 * i,
            action: Intervention::Client {
                node: NodeId(1),
                command: format!("set k{} {i}", i % 5),
            },
        });
    }
    s.interventions.sort_by_key(|t| t.at);
    s
}

#[test]
fn a_follower_that_slept_through_100_entries_with_compaction_on_catches_up_through_install_snapshot(
) {
    let (world, notes) = world_and_notes::<RaftNode>(&sleeper(100), 3000);
    no_violations(&world);
    assert_eq!(leader(&world), Some(NodeId(1)));
    let installed: Vec<u64> = notes
        .iter()
        .filter_map(|(id, n)| match n {
            Note::InstalledSnapshot { index } if *id == NodeId(3) => Some(*index),
            _ => None,
        })
        .collect();
    assert!(!installed.is_empty(), "S3 installed a snapshot");
    assert!(
        installed[0] > 90,
        "most of the log came by snapshot: {installed:?}"
    );
    let (s1, s3) = (node(&world, 1), node(&world, 3));
    assert_eq!(s3.commit_index(), s1.commit_index(), "S3 caught up");
    assert_eq!(s3.state_machine(), s1.state_machine());
    assert!(s1.log().entries().len() <= 11, "S1's log stays short");
    assert!(s3.log().start_index() > 0);
}

/// Run `scenario` until `until`, recording when S1 sent S3 each InstallSnapshot from `from` ms
/// on; with `drop_first`, the first of them is lost (a `drop_message` intervention). Also
/// how many snapshots S3 installed.
fn snapshots_to_s3(
    scenario: &Scenario,
    from: Tick,
    until: Tick,
    drop_first: bool,
) -> (World<RaftNode>, Vec<Tick>, usize) {
    let mut world = World::<RaftNode>::new(scenario).unwrap();
    let mut seen: Vec<u64> = Vec::new();
    let (mut sent_at, mut installed) = (Vec::new(), 0);
    while world.next_event_at().is_some_and(|next| next <= until) {
        let record = world.step().expect("an event is due");
        installed += record
            .notes
            .iter()
            .filter(|(id, n)| *id == NodeId(3) && matches!(n, Note::InstalledSnapshot { .. }))
            .count();
        let new: Vec<(u64, Tick)> = world
            .in_flight()
            .iter()
            .filter(|e| e.to == NodeId(3) && e.sent_at >= from && !seen.contains(&e.id))
            .filter(|e| matches!(e.msg, Msg::InstallSnapshot(_)))
            .map(|e| (e.id, e.sent_at))
            .collect();
        for (id, at) in new {
            if drop_first && seen.is_empty() {
                world.push_intervention(at, Intervention::DropMessage { id });
            }
            seen.push(id);
            sent_at.push(at);
        }
    }
    world.advance_clock(until);
    (world, sent_at, installed)
}

/// Messages take 60 to 80 ms each way, longer than a heartbeat (50 ms), so a snapshot is in
/// flight across heartbeat ticks. While S3 sleeps S1 sends it one snapshot, which is lost;
/// when S3 wakes and rejects a heartbeat, one more, and heartbeats only while it is in
/// flight. (Sent again at every tick until answered, it went out 35 times.)
#[test]
fn a_follower_that_slept_through_compacted_entries_is_sent_one_install_snapshot_while_it_is_in_flight(
) {
    let mut s = sleeper(100);
    s.network.latency_ms = TickRange::new(60, 80);
    let (world, sent, installed) = snapshots_to_s3(&s, 0, 4000, false);
    no_violations(&world);
    let woken: Vec<Tick> = sent.iter().copied().filter(|&at| at >= 2000).collect();
    assert_eq!((sent.len(), woken.len()), (2, 1), "sent at {sent:?}");
    assert_eq!(installed, 1);
    let (s1, s3) = (node(&world, 1), node(&world, 3));
    assert_eq!(s3.state_machine(), s1.state_machine(), "S3 caught up");
    let state = s1.progress(NodeId(3)).map(|p| p.state().name());
    assert_eq!(state, Some("replicate"));
}

/// The minimum election timeout is 1,000 ms: rejected heartbeats before then may have
/// overtaken the snapshot; the first rejection after it has the snapshot sent again.
#[test]
fn a_lost_install_snapshot_is_sent_again_when_a_heartbeat_is_rejected_an_election_timeout_later() {
    let (world, sent, installed) = snapshots_to_s3(&sleeper(100), 2000, 5000, true);
    no_violations(&world);
    assert_eq!(
        sent.len(),
        2,
        "the lost one, then one more: sent at {sent:?}"
    );
    assert_eq!(installed, 1);
    let gap = sent[1] - sent[0];
    assert!((1000..=1200).contains(&gap), "sent again after {gap} ms");
    let (s1, s3) = (node(&world, 1), node(&world, 3));
    assert_eq!(s3.state_machine(), s1.state_machine(), "S3 caught up");
}

#[test]
fn without_compaction_the_sleeper_catches_up_by_appendentries_alone() {
    let mut s = sleeper(100);
    s.raft.snapshot_after_entries = None;
    let (world, notes) = world_and_notes::<RaftNode>(&s, 3000);
    no_violations(&world);
    assert!(!notes
        .iter()
        .any(|(_, n)| matches!(n, Note::InstalledSnapshot { .. } | Note::Compacted { .. })));
    assert_eq!(
        node(&world, 3).commit_index(),
        node(&world, 1).commit_index()
    );
    assert_eq!(node(&world, 1).log().start_index(), 0);
}

#[test]
fn a_restarted_server_boots_from_its_snapshot_and_log() {
    let mut s = sleeper(30);
    // S1 crashes (after compacting) and restarts; S2 leads meanwhile.
    s.interventions.retain(|t| t.at < 1000);
    for (at, action) in [
        (1000, Intervention::Crash { node: NodeId(1) }),
        (1500, Intervention::Restart { node: NodeId(1) }),
        (1500, Intervention::Restart { node: NodeId(3) }),
    ] {
        s.interventions.push(Timed { at, action });
    }
    let before = raft_world(&s, 999);
    let s1 = node(&before, 1);
    let snapshot = s1.snapshot().expect("S1 compacted").clone();
    let mut world = World::<RaftNode>::new(&s).unwrap();
    world.run_until(1500);
    let booted = node(&world, 1);
    assert_eq!(
        booted.snapshot(),
        Some(&snapshot),
        "the snapshot is persistent"
    );
    assert_eq!(booted.log().start_index(), snapshot.last_included_index);
    assert_eq!(booted.log().last_index(), s1.log().last_index());
    assert!(booted.last_applied() >= snapshot.last_included_index);
    world.run_until(3000);
    no_violations(&world);
    assert_eq!(
        node(&world, 1).state_machine(),
        node(&world, 2).state_machine(),
        "S1 is back in step"
    );
}

/// The documented scenario: S3 restarts into a log whose entries it lacks are compacted.
#[test]
fn the_documented_compaction_scenario_catches_s3_up_by_snapshot() {
    let s = example("raft-log-compaction");
    let (world, notes) = world_and_notes::<RaftNode>(&s, s.until_ms.unwrap());
    no_violations(&world);
    assert!(notes
        .iter()
        .any(|(id, n)| *id == NodeId(3) && matches!(n, Note::InstalledSnapshot { .. })));
    assert_eq!(node(&world, 3).state_machine().get("x"), Some("12"));
}

#[test]
fn compaction_keeps_a_run_deterministic() {
    let s = example("raft-log-compaction");
    let trace = || {
        let mut world = World::<RaftNode>::new(&s).unwrap().with_trace();
        world.run_until(2000);
        world.take_trace()
    };
    let a = trace();
    assert!(a.iter().any(|line| line.contains("InstallSnapshot")));
    assert_eq!(fnv1a(&a), fnv1a(&trace()));
}

#[test]
fn snapshot_safety_catches_a_snapshot_of_uncommitted_entries_only_with_the_toggle() {
    let s = example("raft-bug-snapshot-includes-uncommitted");
    let until = s.until_ms.unwrap();
    no_violations(&raft_world(&s, until));
    let mut buggy = s.clone();
    assert!(buggy.enable_bug("snapshot_includes_uncommitted").is_ok());
    let world = raft_world(&buggy, until);
    let first = world.violations().first().expect("caught");
    assert_eq!(first.invariant, "snapshot_safety", "{}", first.message);
    assert!(first.message.contains("S1's snapshot"), "{}", first.message);
}
