//! `seek` must return exactly the world a straight replay reaches, forward or backward, and an
//! intervention in the past must fork the run as if the scenario had always contained it.

mod common;
use common::{example, fingerprint, raft_world};
use conlab_core::NodeId;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::{Intervention, Scenario, StepKind, Timed, Timeline, SNAPSHOT_EVERY};
use rand_core::RngCore;

#[test]
fn seek_equals_straight_replay_at_random_instants() {
    let scenario = example("raft-leader-crash");
    let mut timeline = Timeline::<RaftNode>::new(scenario.clone()).unwrap();
    timeline.extend_to(8000);
    assert!(
        timeline.records().len() > 2 * conlab_sim::SNAPSHOT_EVERY,
        "spans several snapshots"
    );
    let mut rng = rand_pcg::Pcg32::new(99, 1);
    for _ in 0..40 {
        let t = u64::from(rng.next_u32() % 8001);
        let seeked = timeline.world_at(t);
        assert_eq!(
            fingerprint(&seeked),
            fingerprint(&raft_world(&scenario, t)),
            "at {t} ms"
        );
    }
}

#[test]
fn stepping_back_one_step_restores_the_previous_world_exactly() {
    let mut timeline = Timeline::<RaftNode>::new(example("raft-split-vote")).unwrap();
    timeline.extend_steps(700);
    for k in [1, 2, 511, 512, 513, 699] {
        let forward = timeline.world_at_step(k + 1);
        let back = timeline.world_at_step(k);
        let mut again = back.clone();
        again.step();
        assert_eq!(
            fingerprint(&again),
            fingerprint(&forward),
            "step {k} → {}",
            k + 1
        );
        assert_eq!(back.steps(), k as u64);
    }
}

#[test]
fn intervening_in_the_past_forks_like_a_scenario_that_always_had_it() {
    let scenario = example("raft-leader-crash");
    let mut timeline = Timeline::<RaftNode>::new(scenario.clone()).unwrap();
    timeline.extend_to(2500);
    // Back to 1500 ms: crash S3 there. The crash at 1000 ms stays; the restart at 2000 ms
    // was in the discarded future.
    timeline
        .intervene(1500, Intervention::Crash { node: NodeId(3) })
        .unwrap();
    let forked = timeline.scenario().clone();
    let kept: Vec<&Timed> = forked.interventions.iter().collect();
    assert_eq!(kept.len(), 4);
    assert_eq!(
        kept[3],
        &Timed {
            at: 1500,
            action: Intervention::Crash { node: NodeId(3) }
        }
    );
    assert!(timeline.records().last().is_some_and(|r| r.at == 1500));

    for t in [1500, 1700, 2600, 4000] {
        assert_eq!(
            fingerprint(&timeline.world_at(t)),
            fingerprint(&raft_world(&forked, t)),
            "at {t} ms"
        );
    }
    assert!(
        !timeline.world_at(2600).node(NodeId(1)).up,
        "S1's restart was discarded"
    );
}

#[test]
fn a_far_instant_reached_in_slices_records_exactly_what_one_extension_does() {
    let scenario = example("raft-leader-crash");
    let mut whole = Timeline::<RaftNode>::new(scenario.clone()).unwrap();
    whole.extend_to(6_000);
    let mut sliced = Timeline::<RaftNode>::new(scenario).unwrap();
    let mut slices = 0;
    while !sliced.extend_toward(6_000, 100) {
        assert!(
            sliced.records().len() <= 100 * (slices + 1),
            "a slice keeps to its budget"
        );
        slices += 1;
    }
    assert!(slices > 3, "took several slices: {slices}");
    assert_eq!(sliced.records().len(), whole.records().len());
    assert_eq!(fingerprint(sliced.head()), fingerprint(whole.head()));
    assert!(sliced.extend_toward(6_000, 100), "nothing left to record");
}

/// Issue 10: a far link records in bounded slices, and the final move to its cursor must not
/// replay up to `SNAPSHOT_EVERY - 1` steps at once: the cursor's instant is bookmarked.
#[test]
fn a_bookmarked_far_instant_costs_no_replay_after_the_last_slice() {
    let scenario = example("raft-leader-crash");
    let target = 30_000;
    let mut timeline = Timeline::<RaftNode>::new(scenario.clone()).unwrap();
    timeline.bookmark(target);
    while !timeline.extend_toward(target + 2_000, 200) {}
    let steps = timeline.steps_until(target);
    assert!(steps > SNAPSHOT_EVERY && steps < timeline.records().len());
    assert_eq!(
        timeline.replay_cost(steps),
        0,
        "the bookmark is the world there"
    );
    let mut world = timeline.world_at_step(steps);
    world.advance_clock(target);
    assert_eq!(
        fingerprint(&world),
        fingerprint(&raft_world(&scenario, target))
    );
    // Without the bookmark, the same move replays from the snapshot before it.
    let mut plain = Timeline::<RaftNode>::new(scenario).unwrap();
    plain.extend_to(target + 2_000);
    assert_eq!(plain.replay_cost(steps), steps % SNAPSHOT_EVERY);
    assert!(
        !steps.is_multiple_of(SNAPSHOT_EVERY),
        "off the snapshot grid"
    );
    // A nearby step replays from the bookmark when it is the closer base.
    assert!(timeline.replay_cost(steps + 3) <= 3);
}

/// Issue 15: a long run keeps a bounded number of snapshots by doubling their spacing, and
/// seeking across it (and forking late in it) still equals a straight replay.
#[test]
fn a_long_run_thins_its_snapshots_and_still_seeks_exactly() {
    use conlab_sim::Scenario;
    const MAX: usize = 16;
    let mut scenario = Scenario::raft(5, 15);
    scenario.interventions.push(Timed {
        at: 2_000,
        action: Intervention::Crash { node: NodeId(1) },
    });
    let mut timeline = Timeline::<RaftNode>::new(scenario.clone())
        .unwrap()
        .max_snapshots(MAX);
    timeline.extend_steps(4 * MAX * SNAPSHOT_EVERY + 300);
    assert_eq!(
        timeline.snapshot_every(),
        8 * SNAPSHOT_EVERY,
        "thinned three times"
    );
    let steps = timeline.records().len();
    let end = timeline.at(steps - 1).unwrap();
    for t in [1_999, end / 3, end / 2 + 7, end - 1] {
        assert_eq!(
            fingerprint(&timeline.world_at(t)),
            fingerprint(&raft_world(&scenario, t)),
            "at {t} ms"
        );
        assert!(timeline.replay_cost(timeline.steps_until(t)) < timeline.snapshot_every());
    }
    // Fork late in the run: the rest is replayed from the thinned snapshots.
    let fork = end / 2;
    let restart = Intervention::Restart { node: NodeId(1) };
    timeline.intervene(fork, restart.clone()).unwrap();
    timeline.extend_to(fork + 5_000);
    scenario.interventions.push(Timed {
        at: fork,
        action: restart,
    });
    assert_eq!(
        fingerprint(&timeline.world_at(fork + 5_000)),
        fingerprint(&raft_world(&scenario, fork + 5_000))
    );
}

/// The timeline keeps its records compact (`records.rs`): every step must still come back as
/// the world returned it — messages delivered and lost, timers, interventions, client steps,
/// notes and violations — before and after a fork cuts them.
/// The run forks at `fork_at` (S1 crashes), two seconds before the end of the recording.
/// Returns how many steps lost a message, intervened, were a client's, noted, violated.
fn records_match_a_straight_run<P: conlab_sim::SimProtocol>(
    scenario: Scenario,
    fork_at: u64,
) -> [usize; 5] {
    let name = format!("{:?}", scenario.name);
    let until = fork_at + 2000;
    let mut timeline = Timeline::<P>::new(scenario).unwrap();
    timeline.extend_to(until);
    timeline
        .intervene(fork_at, Intervention::Crash { node: NodeId(1) })
        .unwrap();
    timeline.extend_to(until);
    let mut world = conlab_sim::World::<P>::new(timeline.scenario()).unwrap();
    let (mut steps, mut seen) = (0, [0; 5]);
    while world.next_event_at().is_some_and(|t| t <= until) {
        let expected = world.step().unwrap();
        let kinds = [
            matches!(expected.kind, StepKind::Message { lost: Some(_), .. }),
            matches!(expected.kind, StepKind::Intervention(_)),
            matches!(expected.kind, StepKind::Client(_)),
            !expected.notes.is_empty(),
            !expected.violations.is_empty(),
        ];
        for (n, k) in seen.iter_mut().zip(kinds) {
            *n += usize::from(k);
        }
        let recorded = timeline.records().get(steps).expect("recorded");
        assert_eq!(
            format!("{recorded:?}"),
            format!("{expected:?}"),
            "{name}, step {}",
            steps + 1
        );
        assert_eq!(timeline.records().at(steps), Some(expected.at));
        steps += 1;
    }
    assert_eq!(timeline.records().len(), steps, "{name}");
    seen
}

#[test]
fn compact_records_give_back_every_step_the_world_returned() {
    let figure_8_bug = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/raft-figure-8-bug.json"
    ));
    let figure_8_bug = Scenario::from_json(&figure_8_bug.unwrap()).unwrap();
    let seen = [
        records_match_a_straight_run::<RaftNode>(example("raft-clients"), 3000),
        records_match_a_straight_run::<RaftNode>(example("raft-minority-partition"), 4000),
        records_match_a_straight_run::<RaftNode>(figure_8_bug, 1200),
        records_match_a_straight_run::<PaxosNode>(example("paxos-dueling"), 2000),
        records_match_a_straight_run::<MultiPaxosNode>(example("multipaxos-leader-crash"), 3000),
    ];
    for (k, what) in ["lost", "intervention", "client", "note", "violation"]
        .iter()
        .enumerate()
    {
        assert!(seen.iter().any(|s| s[k] > 0), "no {what} step was compared");
    }
}
