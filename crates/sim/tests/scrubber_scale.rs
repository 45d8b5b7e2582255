//! The scrubber's scale is the recorded run, not a fixed budget (issue 11 item 5): it spans
//! at least `MIN_HORIZON_MS` and grows with the cursor, so the marks of a short run are spread
//! over the whole bar instead of crowding its first pixels.

use conlab_core::NodeId;
use conlab_sim::view::{mark_slice_ms, new_lab, LOOKAHEAD_MS, MIN_HORIZON_MS};
use conlab_sim::{Intervention, Marker, ProtocolKind, Scenario, Timed};

/// The page's resolution (web/src/state.rs `SCRUBBER_BUCKETS`).
const BUCKETS: u16 = 500;

fn crashes_at(times: &[u64]) -> Scenario {
    let mut scenario = Scenario::new(ProtocolKind::Raft, 5, 1);
    for (&at, node) in times.iter().zip(1..) {
        scenario.interventions.push(Timed {
            at,
            action: Intervention::Crash { node: NodeId(node) },
        });
    }
    scenario
}

#[test]
fn the_scale_spans_ten_seconds_at_least_then_grows_with_the_run() {
    for protocol in ProtocolKind::ALL {
        let mut lab = new_lab(Scenario::new(protocol, 5, 1)).unwrap();
        lab.seek(1_000);
        assert_eq!(
            lab.horizon_ms(),
            MIN_HORIZON_MS,
            "{protocol:?} after one second"
        );
        lab.seek(30_000);
        let horizon = lab.horizon_ms();
        assert!(
            (30_000..=30_000 + 2 * LOOKAHEAD_MS).contains(&horizon),
            "{protocol:?}: the scale ends at {horizon} ms after 30 s"
        );
    }
}

#[test]
fn marks_one_second_apart_in_a_short_run_are_a_tenth_of_the_bar_apart() {
    let mut lab = new_lab(crashes_at(&[1_000, 2_000])).unwrap();
    lab.seek(3_000);
    let faults: Vec<u16> = lab
        .bucketed_marks(BUCKETS)
        .into_iter()
        .filter(|&(_, kind)| kind == Marker::Fault)
        .map(|(slice, _)| slice)
        .collect();
    assert_eq!(faults.len(), 2, "one mark per crash: {faults:?}");
    // One second of a ten-second scale: a tenth of the bar (≥ 70 px on a laptop), give or
    // take a slice.
    let slice_ms = mark_slice_ms(lab.horizon_ms(), BUCKETS);
    let gap_ms = u64::from(faults[1] - faults[0]) * slice_ms;
    assert_eq!(lab.horizon_ms(), 10_000);
    assert!(
        (1_000 - slice_ms..=1_000 + slice_ms).contains(&gap_ms),
        "the marks are {gap_ms} ms apart"
    );
}

#[test]
fn a_long_run_rescales_its_marks_to_the_new_span() {
    let mut lab = new_lab(crashes_at(&[1_000, 2_000])).unwrap();
    lab.seek(3_000);
    let early = lab.bucketed_marks(BUCKETS);
    lab.seek(40_000);
    let late = lab.bucketed_marks(BUCKETS);
    let fault = |marks: &[(u16, Marker)]| marks.iter().find(|m| m.1 == Marker::Fault).unwrap().0;
    assert!(
        fault(&late) < fault(&early),
        "the 1 s crash moves left as the scale grows: {} then {}",
        fault(&early),
        fault(&late)
    );
}
