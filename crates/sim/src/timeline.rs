//! The timeline: every step of a run recorded, with periodic snapshots, so any instant can be
//! restored exactly — forward or backward — and an intervention in the past forks the run.

use crate::budget::MAX_TIME_MS;
use crate::frame::Frame;
use crate::protocol::SimProtocol;
use crate::records::Records;
use crate::scenario::{Intervention, Scenario, ScenarioError, Timed};
use crate::world::{Planned, World};
use conlab_core::{Chunked, Tick};
use std::sync::Arc;

/// Steps between two snapshots at first: a seek replays fewer than this many steps.
pub const SNAPSHOT_EVERY: usize = 512;

/// Most snapshots a timeline keeps unless told otherwise ([`Timeline::max_snapshots`]). Past
/// that, every other one is dropped and the spacing doubles, so a long run's snapshots (each a
/// few pointers per chunk of every log) stay within a bounded memory: an hour of RaftScope's
/// workload (684k steps) keeps 334 snapshots, 2,048 steps apart, so a seek there replays at
/// most 2,047 steps (issue 15: the hour in 64 MB).
pub const MAX_SNAPSHOTS: usize = 512;

/// Cloning a timeline is cheap: records and snapshots live in shared chunks, so a page can
/// keep the previous state while it moves the next one.
#[derive(Clone, Debug)]
pub struct Timeline<P: SimProtocol> {
    /// Shared, so that cloning a timeline (the page does on every frame) copies no scenario.
    scenario: Arc<Scenario>,
    /// `scenario.interventions` as planned, shared with every world replayed from a snapshot.
    interventions: Arc<Vec<Planned<P>>>,
    records: Records<P>,
    /// `snapshots[i]` is the world after `i * every` steps.
    snapshots: Chunked<Arc<World<P>>>,
    /// Steps between two snapshots: [`SNAPSHOT_EVERY`], doubled each time the snapshots
    /// would outnumber `max_snapshots`.
    every: usize,
    max_snapshots: usize,
    /// An instant to keep the world at once recording passes it ([`Self::bookmark`]).
    bookmark_at: Option<Tick>,
    /// The world after every event due at or before `bookmark_at`: one more snapshot, off the
    /// `SNAPSHOT_EVERY` grid, so that reaching that instant replays nothing.
    bookmark: Option<Arc<World<P>>>,
    /// The world after every recorded step.
    head: World<P>,
}

impl<P: SimProtocol> Timeline<P> {
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        let head = World::new(&scenario)?;
        let interventions = Arc::clone(head.interventions());
        Ok(Self {
            scenario: Arc::new(scenario),
            interventions,
            records: Records::default(),
            snapshots: Chunked::from_iter([Arc::new(head.clone())]),
            every: SNAPSHOT_EVERY,
            max_snapshots: MAX_SNAPSHOTS,
            bookmark_at: None,
            bookmark: None,
            head,
        })
    }

    /// The scenario as it now stands, user interventions included.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario as it now stands, shared: the same `Arc` until an intervention changes it.
    pub fn shared_scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn records(&self) -> &Records<P> {
        &self.records
    }

    /// The instant of recorded step `i` (0-based).
    pub fn at(&self, i: usize) -> Option<Tick> {
        self.records.at(i)
    }

    /// Keep at most `max` snapshots (at least 2) instead of [`MAX_SNAPSHOTS`]: less memory,
    /// longer seeks in a long run.
    pub fn max_snapshots(mut self, max: usize) -> Self {
        self.max_snapshots = max.max(2);
        self
    }

    /// Steps between two snapshots now: a seek replays fewer than this many.
    pub fn snapshot_every(&self) -> usize {
        self.every
    }

    /// The world after the last recorded step.
    pub fn head(&self) -> &World<P> {
        &self.head
    }

    /// Record every event due at or before `t` (the run is computed lazily).
    pub fn extend_to(&mut self, t: Tick) {
        let t = t.min(MAX_TIME_MS);
        while self.head.next_event_at().is_some_and(|next| next <= t) {
            self.record_one();
        }
    }

    /// Record at most `budget` more of the events due at or before `t`; true once every one of
    /// them is recorded. Lets a page reach a far instant in slices, a frame at a time.
    pub fn extend_toward(&mut self, t: Tick, budget: usize) -> bool {
        let t = t.min(MAX_TIME_MS);
        let done = |head: &World<P>| head.next_event_at().is_none_or(|next| next > t);
        for _ in 0..budget {
            if done(&self.head) {
                return true;
            }
            self.record_one();
        }
        done(&self.head)
    }

    /// Record steps until there are at least `steps` (fewer if the run ends).
    pub fn extend_steps(&mut self, steps: usize) {
        while self.records.len() < steps
            && self.head.next_event_at().is_some_and(|t| t <= MAX_TIME_MS)
        {
            self.record_one();
        }
    }

    /// Keep the world at instant `t` when recording reaches it, so that the world there costs
    /// no replay: a page reaching a far cursor in bounded slices bookmarks the cursor first,
    /// and the final move to it is as cheap as every slice was.
    pub fn bookmark(&mut self, t: Tick) {
        self.bookmark_at = Some(t);
        self.take_bookmark();
    }

    /// If every event due at or before the bookmarked instant is recorded (and no later one),
    /// the head is the world there: keep it — unless an intervention moved its clock past its
    /// last event, where a replay would not.
    fn take_bookmark(&mut self) {
        let Some(t) = self.bookmark_at else { return };
        let passed = self.head.next_event_at().is_none_or(|next| next > t);
        let last = self.records.len().checked_sub(1);
        let last_event = last.and_then(|i| self.records.at(i)).unwrap_or(0);
        if passed && self.head.now() <= t && self.head.now() == last_event {
            self.bookmark = Some(Arc::new(self.head.clone()));
            self.bookmark_at = None;
        }
    }

    fn record_one(&mut self) {
        self.take_bookmark();
        if let Some(record) = self.head.step() {
            self.records.push(record);
            if self.records.len().is_multiple_of(self.every) {
                self.snapshots.push(Arc::new(self.head.clone()));
                if self.snapshots.len() > self.max_snapshots {
                    self.snapshots = self.snapshots.iter().step_by(2).cloned().collect();
                    self.every *= 2;
                }
            }
        }
    }

    /// Steps with `at <= t` among those recorded.
    pub fn steps_until(&self, t: Tick) -> usize {
        self.partition_point(|at| at <= t)
    }

    /// Steps with `at < t` among those recorded.
    pub fn steps_before(&self, t: Tick) -> usize {
        self.partition_point(|at| at < t)
    }

    /// How many records, from the first, satisfy `pred` on their instant (which holds for a
    /// prefix: instants never decrease).
    fn partition_point(&self, pred: impl Fn(Tick) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.records.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.at(mid).is_some_and(&pred) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The saved world [`Self::world_at_step`] starts from: the head, the bookmark or the
    /// nearest snapshot at or before `steps`, whichever is closest.
    fn base_for(&self, steps: usize) -> &World<P> {
        if steps >= self.records.len() {
            return &self.head;
        }
        let snapshot: &World<P> = self.snapshots.get(steps / self.every).expect("a snapshot");
        match &self.bookmark {
            Some(b) if b.steps() as usize <= steps && b.steps() > snapshot.steps() => b,
            _ => snapshot,
        }
    }

    /// How many steps [`Self::world_at_step`] replays to reach `steps` (fewer than
    /// [`Self::snapshot_every`]; none at the head or at the bookmark).
    pub fn replay_cost(&self, steps: usize) -> usize {
        let steps = steps.min(self.records.len());
        steps - self.base_for(steps).steps() as usize
    }

    /// The world after exactly `steps` recorded steps (clamped to what is recorded).
    pub fn world_at_step(&self, steps: usize) -> World<P> {
        let steps = steps.min(self.records.len());
        let mut world = self.base_for(steps).clone();
        if steps == self.records.len() {
            return world;
        }
        world.sync_interventions(&self.interventions);
        for _ in 0..self.replay_cost(steps) {
            world.run_step();
        }
        world
    }

    /// The world at instant `t`: every event due at or before `t` has happened.
    pub fn world_at(&mut self, t: Tick) -> World<P> {
        self.extend_to(t);
        let mut world = self.world_at_step(self.steps_until(t));
        world.advance_clock(t);
        world
    }

    /// What to draw at instant `t`.
    pub fn frame_at(&mut self, t: Tick) -> Frame<P> {
        Frame::of(&self.world_at(t))
    }

    /// Intervene at instant `t`. If `t` is in the recorded past, the future after it is
    /// discarded — recorded steps and later interventions alike — and the run forks.
    pub fn intervene(&mut self, t: Tick, action: Intervention) -> Result<(), ScenarioError> {
        let mut scenario = Scenario::clone(&self.scenario);
        scenario.interventions.retain(|x| x.at <= t);
        scenario.interventions.push(Timed { at: t, action });
        scenario.validate()?;
        // Every kept intervention keeps its parsed request; only the new one is parsed.
        let mut planned: Vec<Planned<P>> = self
            .interventions
            .iter()
            .filter(|p| p.timed.at <= t)
            .cloned()
            .collect();
        planned.push(Planned::new(
            scenario.interventions.last().cloned().expect("just pushed"),
        )?);
        self.extend_to(t);
        let keep = self.steps_until(t);
        self.head = self.world_at_step(keep);
        self.head.advance_clock(t);
        self.records.truncate(keep);
        self.snapshots.truncate(keep / self.every + 1);
        if self
            .bookmark
            .as_ref()
            .is_some_and(|b| b.steps() as usize > keep)
        {
            self.bookmark = None;
        }
        self.interventions = Arc::new(planned);
        self.scenario = Arc::new(scenario);
        self.head.sync_interventions(&self.interventions);
        self.extend_to(t);
        Ok(())
    }
}
