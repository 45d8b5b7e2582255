//! A lab: a [`Timeline`] of one protocol plus the cursor the page looks through, handing out
//! view frames.
//!
//! The cursor is an instant *and* a step count: while playing, it shows every event due at
//! or before the instant; stepping moves one event at a time, even among events of the same
//! millisecond, so "step back" restores exactly the previous state.

use std::rc::Rc;
use std::sync::Arc;

use super::any_lab::{AnyLab, Frames};
use super::narrate::{Narration, Recent, RECENT};
use super::narrate_client::{client_answers, ClientAnswer};
use super::spacetime::{SpaceTime, SpaceTimeView};
use super::ClientsView;
use super::{LegendItem, NodeInspector, ProtocolView, ViewFrame};
use crate::clients::Clients;
use crate::{Intervention, Marker, Scenario, ScenarioError, Timeline, World};
use conlab_core::{Chunked, NodeId, Tick};

/// The simulated time the lab keeps ahead of the cursor, so the scrubber has room to drag.
pub const LOOKAHEAD_MS: u64 = 2_000;
/// The scrubber never ends before this instant.
pub const MIN_HORIZON_MS: u64 = 10_000;

/// Where the lab is looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub ms: u64,
    /// Steps applied: every recorded step with `at <= ms`, or fewer when stepping within one
    /// millisecond.
    pub steps: usize,
}

/// One mark on the scrubber.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScrubberMark {
    pub at: u64,
    pub step: usize,
    pub kind: Marker,
}

/// Cheap to clone (the timeline and marks are shared copy-on-write), so a page can keep the
/// previous lab while it moves a copy.
#[derive(Clone)]
pub struct Lab<P: ProtocolView> {
    timeline: Timeline<P>,
    cursor: Cursor,
    /// The world at the cursor, kept to move forward cheaply while playing.
    cached: Option<World<P>>,
    /// Where the last step forward started, so that stepping back returns exactly there.
    stepped_from: Option<Cursor>,
    /// Scrubber marks of the first `marks_upto` recorded steps (kept up to date lazily).
    marks: Chunked<ScrubberMark>,
    marks_upto: usize,
    /// The marks as the scrubber draws them, kept up to date as marks come.
    drawn: DrawnMarks,
    /// The sentences of the last few steps up to the cursor.
    recent: Recent,
    /// The space-time diagram of the recorded steps (kept up to date lazily, only if asked).
    space_time: SpaceTime,
}

impl<P: ProtocolView> Lab<P> {
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        let cursor_ms = scenario.cursor_ms.unwrap_or(0);
        let mut lab = Lab {
            timeline: Timeline::new(scenario)?,
            cursor: Cursor { ms: 0, steps: 0 },
            cached: None,
            stepped_from: None,
            marks: Chunked::default(),
            marks_upto: 0,
            drawn: DrawnMarks::default(),
            recent: Recent::default(),
            space_time: SpaceTime::default(),
        };
        lab.seek(cursor_ms);
        Ok(lab)
    }

    fn move_to(&mut self, cursor: Cursor) {
        // Step the cached world forward only when that is shorter than replaying from the
        // snapshot nearest to the target.
        let every = self.timeline.snapshot_every();
        let nearest_snapshot = cursor.steps / every * every;
        let reusable = self.cached.as_ref().is_some_and(|w| {
            let at = w.steps() as usize;
            at <= cursor.steps && at >= nearest_snapshot && w.now() <= cursor.ms
        });
        let mut world = match (reusable, self.cached.take()) {
            (true, Some(world)) => world,
            // A few steps early, to narrate the last ones.
            _ => self
                .timeline
                .world_at_step(cursor.steps.saturating_sub(RECENT)),
        };
        self.recent
            .advance(&mut world, self.timeline.records(), cursor.steps);
        // Stepping within a millisecond leaves later events of it queued: the clock is there.
        if world.now() < cursor.ms {
            world.advance_clock(cursor.ms);
        }
        self.cached = Some(world);
        self.cursor = cursor;
        self.stepped_from = None;
    }

    /// The world at the cursor.
    pub fn world(&self) -> &World<P> {
        self.cached.as_ref().expect("the cursor always has a world")
    }

    /// What to draw at the cursor. With a client workload, the clients' history so far is
    /// judged for linearizability too; a violation jumps to the first answer no order explains.
    pub fn frame(&self) -> ViewFrame {
        let world = self.world();
        let mut frame = ViewFrame::of(world);
        if let Some(clients) = world.clients() {
            let steps_until = |at| self.timeline.steps_until(at) as u64;
            judge_clients(&mut frame, clients, &steps_until);
        }
        frame
    }

    /// This run up to the cursor as a trace file's run (`crate::trace_json`).
    pub fn trace_run(&self) -> String {
        let records: Vec<_> = self
            .timeline
            .records()
            .iter_from(0)
            .take(self.cursor.steps)
            .map(|(_, record)| record)
            .collect();
        crate::trace_json::run(&crate::trace_json::Run::<P> {
            records: &records,
            violations: self.world().violations(),
        })
    }

    /// The scenario a share link carries: this one, opening at the cursor.
    pub fn share_scenario(&self) -> Scenario {
        let mut scenario = self.scenario().clone();
        scenario.cursor_ms = Some(self.cursor.ms);
        scenario
    }

    /// The instant of the first event after `ms`, if the run has one.
    pub fn next_event_after(&mut self, ms: u64) -> Option<u64> {
        self.timeline.extend_to(ms + LOOKAHEAD_MS);
        self.timeline.at(self.timeline.steps_until(ms))
    }

    /// The instant of the last event before `ms`, if any.
    pub fn last_event_before(&self, ms: u64) -> Option<u64> {
        let before = self.timeline.steps_before(ms);
        before.checked_sub(1).and_then(|i| self.timeline.at(i))
    }

    /// Scrubber marks of everything recorded so far (at most one per kind per step).
    pub fn marks(&mut self) -> &Chunked<ScrubberMark> {
        let records = self.timeline.records();
        for (i, record) in records.iter_from(self.marks_upto) {
            let mut kinds: Vec<Marker> = record.markers().collect();
            kinds.sort();
            kinds.dedup();
            for kind in kinds {
                self.marks.push(ScrubberMark {
                    at: record.at,
                    step: i + 1,
                    kind,
                });
            }
        }
        self.marks_upto = records.len();
        &self.marks
    }

    /// The space-time diagram of everything recorded so far.
    pub fn diagram(&mut self) -> &SpaceTime {
        self.space_time.extend(self.timeline.records());
        &self.space_time
    }
}

impl<P: ProtocolView> AnyLab for Lab<P> {
    fn boxed_clone(&self) -> Box<dyn AnyLab> {
        Box::new(self.clone())
    }

    fn scenario(&self) -> &Scenario {
        self.timeline.scenario()
    }

    fn shared_scenario(&self) -> &Arc<Scenario> {
        self.timeline.shared_scenario()
    }

    fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// Record at most `budget` more steps toward instant `ms` without moving the cursor; the
    /// instant recorded up to so far (`ms` once every event up to it is recorded).
    fn record_toward(&mut self, ms: u64, budget: usize) -> u64 {
        // The final seek to `ms` then starts from the world kept there, replaying nothing.
        self.timeline.bookmark(ms);
        if self.timeline.extend_toward(ms + LOOKAHEAD_MS, budget) {
            ms
        } else {
            self.timeline.head().now().min(ms)
        }
    }

    /// Where the scrubber ends.
    fn horizon_ms(&self) -> u64 {
        (self.cursor.ms + LOOKAHEAD_MS)
            .max(MIN_HORIZON_MS)
            .max(self.timeline.head().now())
    }

    /// Move to instant `ms` (forward or backward).
    fn seek(&mut self, ms: u64) {
        self.timeline.extend_to(ms + LOOKAHEAD_MS);
        let steps = self.timeline.steps_until(ms);
        self.move_to(Cursor { ms, steps });
    }

    /// One event forward. Returns false at the end of the run.
    fn step_forward(&mut self) -> bool {
        self.timeline.extend_steps(self.cursor.steps + 1);
        let Some(record) = self.timeline.records().get(self.cursor.steps) else {
            return false;
        };
        let ms = record.at.max(self.cursor.ms);
        let from = self.cursor;
        self.move_to(Cursor {
            ms,
            steps: self.cursor.steps + 1,
        });
        self.stepped_from = Some(from);
        true
    }

    /// One event back. Returns false at the start.
    fn step_back(&mut self) -> bool {
        if self.cursor.steps == 0 {
            return false;
        }
        let steps = self.cursor.steps - 1;
        let ms = match self.stepped_from {
            Some(from) if from.steps == steps => from.ms,
            _ => steps
                .checked_sub(1)
                .and_then(|i| self.timeline.at(i))
                .unwrap_or(0),
        };
        self.move_to(Cursor { ms, steps });
        true
    }

    /// Everything about node `id` at the cursor, for the inspector.
    fn inspect(&self, id: NodeId) -> Option<NodeInspector> {
        super::inspect(self.world(), id)
    }

    /// Intervene at the cursor; the recorded future after it is discarded (a fork).
    fn intervene(&mut self, action: Intervention) -> Result<(), ScenarioError> {
        // Finish the cursor's millisecond first: interventions happen at the end of it.
        let ms = self.cursor.ms;
        // Records up to the fork stay as they were; the intervention's own record and
        // everything after it are new and still to be scanned for marks.
        self.timeline.extend_to(ms);
        let fork = self.timeline.steps_until(ms);
        self.timeline.intervene(ms, action)?;
        // The timeline's head is the world at `ms` now, the intervention included; step the
        // cursor's world there, narrating the intervention, so moving there does not replay.
        let head = self.timeline.head();
        let mut world = self.cached.take().expect("the cursor always has a world");
        world.sync_interventions(head.interventions());
        let head_steps = head.steps() as usize;
        self.recent
            .advance(&mut world, self.timeline.records(), head_steps);
        self.cached = Some(world);
        let kept = fork.min(self.marks_upto);
        let marks_kept = self.marks.iter().take_while(|m| m.step <= kept).count();
        self.marks.truncate(marks_kept);
        self.marks_upto = kept;
        self.drawn = DrawnMarks::default();
        self.space_time.truncate(fork);
        self.seek(ms);
        Ok(())
    }

    fn jump_to(&mut self, step: usize, _at_ms: u64) {
        self.timeline.extend_steps(step);
        let steps = step.min(self.timeline.records().len());
        let ms = steps
            .checked_sub(1)
            .and_then(|i| self.timeline.at(i))
            .unwrap_or(0);
        self.move_to(Cursor { ms, steps });
    }

    fn protocol(&self) -> &'static str {
        P::KIND.name()
    }

    fn share_scenarios(&self) -> Vec<Scenario> {
        vec![self.share_scenario()]
    }

    fn bucketed_marks(&mut self, buckets: u16) -> Vec<(u16, Marker)> {
        let horizon = self.horizon_ms();
        self.marks();
        self.drawn
            .update(&self.marks, mark_slice_ms(horizon, buckets), horizon);
        self.drawn.slices.clone()
    }

    fn space_time(&mut self) -> SpaceTimeView {
        SpaceTimeView {
            nodes: self.scenario().nodes,
            message_class: P::MESSAGE_CLASS,
            data: self.diagram().clone(),
        }
    }

    fn frames(&self) -> Frames {
        Frames::One(Rc::new(self.frame()))
    }

    fn legend(&self) -> Vec<LegendItem> {
        P::legend()
    }

    fn narration(&self) -> Option<String> {
        self.recent
            .events()
            .last()
            .filter(|n| n.step == self.cursor.steps as u64)
            .map(|n| n.text.clone())
    }

    fn recent_events(&self) -> Vec<Narration> {
        self.recent.events().to_vec()
    }

    fn client_answers(&self, n: usize) -> Vec<ClientAnswer> {
        client_answers(self.world(), n)
    }

    fn trace(&self, scenario_json: &str) -> String {
        crate::trace_json::document(scenario_json, &[self.trace_run()])
    }
}

/// The width of the scrubber's mark slices for a run `horizon_ms` long: the smallest power of
/// two of milliseconds that cuts `0..=horizon_ms` into at most `buckets` slices. It changes
/// only when the horizon doubles, so while a run plays and its horizon grows, every mark keeps
/// its slice and the page its drawing: recomputed slices moved every mark on every frame, half
/// of the page's attribute writes at 15 servers (issue 15).
pub fn mark_slice_ms(horizon_ms: u64, buckets: u16) -> u64 {
    (horizon_ms.max(1) + 1)
        .div_ceil(u64::from(buckets.max(1)))
        .next_power_of_two()
}

/// Marks thinned for drawing: at most one per kind in each slice of
/// [`mark_slice_ms`]`(horizon_ms, buckets)` from 0, as (slice, kind), up to `horizon_ms`.
/// Keeps the scrubber's DOM small on long runs.
pub fn bucket_marks(
    marks: &Chunked<ScrubberMark>,
    horizon_ms: u64,
    buckets: u16,
) -> Vec<(u16, Marker)> {
    let mut drawn = DrawnMarks::default();
    drawn.update(marks, mark_slice_ms(horizon_ms, buckets), horizon_ms.max(1));
    drawn.slices
}

/// [`bucket_marks`] kept up to date as marks are recorded: a frame pays for the new marks, not
/// for all of the run's (sorting them all on every frame grew with the run; issue 15).
#[derive(Clone, Debug, Default)]
struct DrawnMarks {
    slice_ms: u64,
    /// How many of the lab's marks are drawn.
    upto: usize,
    /// (slice, kind), sorted, without repeats.
    slices: Vec<(u16, Marker)>,
}

impl DrawnMarks {
    /// Draw the marks of `marks` not drawn yet, up to `horizon_ms`, in slices of `slice_ms`;
    /// all of them afresh when the slices changed or `marks` lost some.
    fn update(&mut self, marks: &Chunked<ScrubberMark>, slice_ms: u64, horizon_ms: u64) {
        if slice_ms != self.slice_ms || self.upto > marks.len() {
            *self = DrawnMarks {
                slice_ms,
                ..DrawnMarks::default()
            };
        }
        for (_, mark) in marks
            .iter_from(self.upto)
            .take_while(|(_, m)| m.at <= horizon_ms)
        {
            self.upto += 1;
            // Marks come in time order: a mark's slice is the last one drawn, or a later one.
            let drawn = ((mark.at / slice_ms) as u16, mark.kind);
            let in_slice = self
                .slices
                .iter()
                .rev()
                .take_while(|d| d.0 == drawn.0)
                .count();
            let slice = self.slices.len() - in_slice;
            if !self.slices[slice..].contains(&drawn) {
                self.slices.push(drawn);
                self.slices[slice..].sort_unstable();
            }
        }
    }
}

/// The clients' part of a frame: the history judged, its violation (dated by `steps_until`)
/// and the clients panel. Not generic, so the page holds one copy for the three protocols.
fn judge_clients(frame: &mut ViewFrame, clients: &Clients, steps_until: &dyn Fn(Tick) -> u64) {
    let history = clients.history();
    let judgement = super::client_check::judge(&history);
    frame.linearizability = Some(judgement.check);
    if let Some(mut violation) = judgement.violation {
        violation.step = steps_until(violation.at);
        frame.violations.push(violation);
    }
    frame.clients = Some(Rc::new(ClientsView::of(
        clients,
        &history,
        &judgement.impossible,
        frame.time,
    )));
}

#[cfg(test)]
mod tests {
    use super::*;
    use conlab_raft::{RaftNode, Role};

    type Lab = super::Lab<RaftNode>;

    fn default_lab() -> Lab {
        Lab::new(Scenario::new(crate::ProtocolKind::Raft, 5, 1)).unwrap()
    }

    #[test]
    fn an_intervention_made_in_the_page_gets_its_scrubber_mark() {
        let mut lab = default_lab();
        lab.seek(1_000);
        let _ = lab.bucketed_marks(500);
        lab.intervene(Intervention::Crash { node: NodeId(2) })
            .unwrap();
        lab.seek(2_000);
        let made = lab.bucketed_marks(500);
        let mut reopened = Lab::new(lab.share_scenario()).unwrap();
        reopened.seek(2_000);
        let reopened = reopened.bucketed_marks(500);
        let faults =
            |marks: &[(u16, Marker)]| marks.iter().filter(|(_, m)| *m == Marker::Fault).count();
        assert_eq!(faults(&made), 1, "{made:?}");
        assert_eq!(
            made, reopened,
            "the same marks as the run reopened from its link"
        );
    }

    fn snapshot(lab: &Lab) -> String {
        format!(
            "{:?}",
            lab.world()
                .nodes()
                .iter()
                .map(|s| (&s.node, s.up, &s.timers))
                .collect::<Vec<_>>()
        )
    }

    #[test]
    fn a_leader_emerges_by_one_second() {
        let mut lab = default_lab();
        lab.seek(1_000);
        let leaders = lab
            .world()
            .nodes()
            .iter()
            .filter(|s| s.node.role() == Role::Leader)
            .count();
        assert_eq!(leaders, 1);
    }

    #[test]
    fn step_then_step_back_restores_the_exact_state() {
        let mut lab = default_lab();
        lab.seek(400);
        let before = (lab.cursor(), snapshot(&lab));
        assert!(lab.step_forward());
        assert_ne!(snapshot(&lab), before.1);
        assert!(lab.step_back());
        assert_eq!((lab.cursor(), snapshot(&lab)), before);
    }

    #[test]
    fn seeking_backward_and_forward_agrees_with_playing() {
        let mut lab = default_lab();
        lab.seek(1_500);
        let at_1500 = snapshot(&lab);
        lab.seek(300);
        lab.seek(1_500);
        assert_eq!(snapshot(&lab), at_1500);
    }

    #[test]
    fn crashing_the_leader_in_the_past_forks_and_elects_another() {
        let mut lab = default_lab();
        lab.seek(3_000);
        lab.seek(1_000);
        let leader = lab
            .world()
            .nodes()
            .iter()
            .find(|s| s.node.role() == Role::Leader)
            .unwrap()
            .node
            .id();
        let term = lab.world().node(leader).node.current_term();
        lab.intervene(Intervention::Crash { node: leader }).unwrap();
        assert!(!lab.world().node(leader).up);
        lab.seek(2_500);
        let new_leader = lab
            .world()
            .nodes()
            .iter()
            .find(|s| s.up && s.node.role() == Role::Leader)
            .unwrap();
        assert!(new_leader.node.current_term() > term);
        assert_eq!(lab.scenario().interventions.len(), 1);
    }

    #[test]
    fn share_links_reopen_at_the_same_instant_with_the_same_state() {
        let mut lab = default_lab();
        lab.seek(800);
        lab.intervene(Intervention::Client {
            node: NodeId(1),
            command: "set x 3".into(),
        })
        .unwrap();
        lab.seek(1_234);
        let reopened: Lab = Lab::new(
            crate::link::decode(&crate::link::encode(&lab.share_scenario()).unwrap()).unwrap(),
        )
        .unwrap();
        assert_eq!(reopened.cursor(), lab.cursor());
        assert_eq!(snapshot(&reopened), snapshot(&lab));
    }

    #[test]
    fn a_far_cursor_is_reached_in_slices_without_moving_the_cursor() {
        let mut lab = default_lab();
        let mut reached = 0;
        let mut slices = 0;
        while reached < 5_000 {
            reached = lab.record_toward(5_000, 200);
            slices += 1;
            assert_eq!(lab.cursor().ms, 0, "the cursor waits");
        }
        assert!(slices > 2, "{slices}");
        lab.seek(5_000);
        let mut direct = default_lab();
        direct.seek(5_000);
        assert_eq!(snapshot(&lab), snapshot(&direct));
    }

    #[test]
    fn a_mark_keeps_its_slice_while_the_horizon_grows_until_it_doubles() {
        let mut lab = default_lab();
        lab.seek(3_000);
        assert_eq!(mark_slice_ms(3_000, 500), 8);
        assert_eq!(mark_slice_ms(3_990, 500), 8);
        assert_eq!(mark_slice_ms(4_100, 500), 16);
        let early = bucket_marks(lab.marks(), 3_000, 500);
        let later = bucket_marks(lab.marks(), 3_990, 500);
        assert!(!early.is_empty());
        assert!(
            early.iter().all(|m| later.contains(m)),
            "{early:?} {later:?}"
        );
        let doubled = bucket_marks(lab.marks(), 4_100, 500);
        assert!(early.iter().any(|m| !doubled.contains(m)));
        for (horizon, marks) in [(3_000, &early), (3_990, &later), (4_100, &doubled)] {
            assert!(marks.iter().all(|&(slice, _)| slice < 500), "{horizon}");
        }
    }

    #[test]
    fn marks_drawn_as_the_run_grows_are_the_marks_drawn_afresh() {
        let mut lab = default_lab();
        for ms in (500..12_500).step_by(150) {
            lab.seek(ms);
            if ms == 3_050 {
                lab.intervene(Intervention::Crash { node: NodeId(3) })
                    .unwrap();
            }
            let drawn = lab.bucketed_marks(50);
            let horizon = lab.horizon_ms();
            assert_eq!(drawn, bucket_marks(lab.marks(), horizon, 50), "at {ms}");
        }
    }

    #[test]
    fn marks_show_the_first_election_and_leader() {
        let mut lab = default_lab();
        lab.seek(1_000);
        let kinds: Vec<Marker> = lab.marks().iter().map(|m| m.kind).collect();
        let thinned = bucket_marks(lab.marks(), 1_000, 10);
        assert!(thinned.len() <= 10 * 5 && !thinned.is_empty());
        assert!(
            thinned.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert!(kinds.contains(&Marker::Election));
        assert!(kinds.contains(&Marker::Leader));
        assert!(kinds.contains(&Marker::Commit));
    }
}
