//! The one piece of UI state (`AppState`) and the only way to change it (`Action`).
//!
//! The simulation lives in an [`AnyLab`]. The reducer ([`reduce`], a plain function tested
//! natively) is pure: it moves a copy of the lab (cheap: the timeline is shared
//! copy-on-write) and leaves the old state as it was. Every change to the lab bumps
//! `revision` and recomputes [`LabView`] — the frames, scrubber marks and inspected node — so
//! that rendering only reads.

use std::rc::Rc;

use conlab_core::NodeId;
use conlab_sim::view::{ClientAnswer, LegendItem, Narration, NodeInspector};
use conlab_sim::{Intervention, Marker, ProtocolKind, Scenario};
use yew::{AttrValue, Reducible};

use conlab_sim::view::{compare_lab, new_lab, AnyLab, Cursor, Frames};

use crate::defaults::{default_lab, open_link};
use crate::shared::Shared;

/// Horizontal resolution of the scrubber's marks.
pub const SCRUBBER_BUCKETS: u16 = 500;

/// Steps simulated before the first render of a link: enough for any near instant.
pub const LOAD_SLICE_STEPS: usize = 2_000;

/// The wall-clock time one slice, with its render, may take: about a frame.
const SLICE_BUDGET_MS: f64 = 20.0;

/// Steps for the next slice toward a far cursor, from the previous slice's steps and the
/// wall-clock gap between the last two slices: halve when a slice overran a frame, grow by half
/// while well inside it. Steps cost more as a run grows (Paxos duels, long logs), so a fixed
/// count would not do.
pub fn next_slice_steps(steps: usize, gap_ms: f64) -> usize {
    if gap_ms > 1.2 * SLICE_BUDGET_MS {
        (steps / 2).max(16)
    } else if gap_ms < SLICE_BUDGET_MS {
        (steps + steps / 2).min(50_000)
    } else {
        steps
    }
}

/// A link's far instant being reached a slice at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loading {
    pub target_ms: u64,
    /// Simulated so far.
    pub reached_ms: u64,
}

/// Playback speeds in simulated milliseconds per wall-clock second: 1-2-5 steps over more
/// than three decades.
pub const SPEEDS_SIM_MS_PER_S: [u32; 11] =
    [5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000];

/// 50 simulated ms per second: a message takes about half a second to cross the stage.
pub const DEFAULT_SPEED_INDEX: usize = 3;

/// What the inspector shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Node(NodeId),
    Message(u64),
}

/// The dialogs that can be open over the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Settings,
    Partition,
    Help,
    Share,
}

/// How many of the latest client requests the page shows with their answers.
pub const CLIENT_ANSWERS: usize = 4;

/// What the page shows of the lab at the cursor, computed when the lab or the selection
/// changes.
#[derive(Clone, PartialEq)]
pub struct LabView {
    /// `raft`, `paxos`, `multipaxos` or `compare`.
    pub protocol: &'static str,
    pub scenario: Shared<Scenario>,
    pub cursor: Cursor,
    pub horizon_ms: u64,
    /// Scrubber marks thinned to [`SCRUBBER_BUCKETS`] slices.
    pub marks: Shared<Vec<(u16, Marker)>>,
    pub frames: Frames,
    /// What the shapes and colours on the stage mean.
    pub legend: Vec<LegendItem>,
    /// The selected node, as the inspector shows it.
    pub inspected: Option<Shared<NodeInspector>>,
    /// The step at the cursor in words, the last few steps' sentences and client answers.
    pub narration: Option<AttrValue>,
    pub events: Shared<Vec<Narration>>,
    pub answers: Shared<Vec<ClientAnswer>>,
}

impl LabView {
    fn of(lab: &mut dyn AnyLab, selection: Option<Selection>) -> Self {
        LabView {
            protocol: lab.protocol(),
            scenario: Shared::new(lab.scenario().clone()),
            cursor: lab.cursor(),
            horizon_ms: lab.horizon_ms(),
            marks: Shared::new(lab.bucketed_marks(SCRUBBER_BUCKETS)),
            frames: lab.frames(),
            legend: lab.legend(),
            inspected: match selection {
                Some(Selection::Node(id)) => lab.inspect(id).map(Shared::new),
                _ => None,
            },
            narration: lab.narration().map(AttrValue::from),
            events: Shared::new(lab.recent_events()),
            answers: Shared::new(lab.client_answers(CLIENT_ANSWERS)),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub lab: Rc<dyn AnyLab>,
    /// What render reads; recomputed by the reducer whenever `lab` or `selection` changes.
    pub view: Rc<LabView>,
    /// Bumped whenever `lab` changes.
    pub revision: u64,
    pub playing: bool,
    pub speed_index: usize,
    /// Simulated time not yet credited, in thousandths of a simulated ms.
    pub carry_thousandths: u64,
    pub selection: Option<Selection>,
    pub dialog: Option<Dialog>,
    /// A message for the user (e.g. a link that could not be opened), shown until dismissed.
    pub notice: Option<String>,
    /// The share link payload last produced by "Copy link".
    pub shared: Option<String>,
    /// Set while a link's far cursor is being simulated (the page shows progress and Cancel).
    pub loading: Option<Loading>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab)
            && self.revision == other.revision
            && self.playing == other.playing
            && self.speed_index == other.speed_index
            && self.carry_thousandths == other.carry_thousandths
            && self.selection == other.selection
            && self.dialog == other.dialog
            && self.notice == other.notice
            && self.shared == other.shared
            && self.loading == other.loading
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("revision", &self.revision)
            .field("playing", &self.playing)
            .field("cursor", &self.view.cursor)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// A lab opened on `link` (the URL fragment without `#`), or on the default scenario. A
    /// link's instant is reached in slices ([`Action::LoadSlice`]) unless the first one does.
    pub fn open(link: Option<&str>, autoplay: bool) -> Self {
        let (mut lab, target_ms, notice) = match link.filter(|l| !l.is_empty()) {
            Some(fragment) => open_link(fragment),
            None => (default_lab(ProtocolKind::Raft), 0, None),
        };
        let reached_ms = lab.record_toward(target_ms, LOAD_SLICE_STEPS);
        let loading = (reached_ms < target_ms).then_some(Loading {
            target_ms,
            reached_ms,
        });
        if loading.is_none() {
            lab.seek(target_ms);
        }
        let view = Rc::new(LabView::of(lab.as_mut(), None));
        // A shared link opens paused at its instant; a fresh visit starts playing.
        let playing = autoplay && link.is_none();
        AppState {
            lab: Rc::from(lab),
            view,
            revision: 0,
            playing,
            speed_index: DEFAULT_SPEED_INDEX,
            carry_thousandths: 0,
            selection: None,
            dialog: None,
            notice,
            shared: None,
            loading,
        }
    }

    pub fn speed_sim_ms_per_s(&self) -> u32 {
        SPEEDS_SIM_MS_PER_S[self.speed_index]
    }

    pub fn can_speed_up(&self) -> bool {
        self.speed_index + 1 < SPEEDS_SIM_MS_PER_S.len()
    }

    pub fn can_slow_down(&self) -> bool {
        self.speed_index > 0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    TogglePlay,
    Play,
    Pause,
    /// Wall-clock time passed; advances the simulated clock only while playing.
    Advance {
        wall_ms: u32,
    },
    StepForward,
    StepBack,
    SpeedUp,
    SlowDown,
    /// Move the cursor to an instant (the scrubber).
    Seek {
        ms: u64,
    },
    /// Move the cursor to just after a step at `at_ms` (e.g. a safety violation).
    JumpToStep {
        step: usize,
        at_ms: u64,
    },
    /// Back to time zero of the same scenario (keeps every intervention).
    Rewind,
    Select(Option<Selection>),
    /// Do something to the cluster at the cursor (forks the timeline if in the past).
    Intervene(Intervention),
    /// Start over with new settings.
    Apply(Box<Scenario>),
    /// Show another protocol (`raft`, `paxos`, `multipaxos`) with its default scenario.
    SwitchProtocol(ProtocolKind),
    /// Turn Raft-vs-Multi-Paxos compare mode on (same settings) or off (back to Raft).
    Compare(bool),
    Open(Option<Dialog>),
    Notice(Option<String>),
    /// Produce a share link of the current run at the cursor.
    Share,
    /// Simulate one more slice of at most `steps` steps toward the link's far cursor.
    LoadSlice {
        steps: usize,
    },
    /// Stop simulating toward the far cursor; show the run where it got to.
    CancelLoad,
}

/// Old state + action ⇒ new state. Changes to the lab happen in place and bump `revision`.
pub fn reduce(state: &AppState, action: Action) -> AppState {
    let mut next = state.clone();
    if let Some(loading) = state.loading {
        // Nothing else happens to the lab until its far cursor is reached or the user cancels.
        let mut lab = state.lab.boxed_clone();
        let target = match action {
            Action::LoadSlice { steps } => {
                let reached_ms = lab.record_toward(loading.target_ms, steps.max(1));
                if reached_ms < loading.target_ms {
                    next.loading = Some(Loading {
                        reached_ms,
                        ..loading
                    });
                    next.lab = Rc::from(lab);
                    return next;
                }
                reached_ms
            }
            Action::CancelLoad => loading.reached_ms,
            _ => return next,
        };
        lab.seek(target);
        next.loading = None;
        next.revision = state.revision + 1;
        next.view = Rc::new(LabView::of(lab.as_mut(), next.selection));
        next.lab = Rc::from(lab);
        return next;
    }
    let mut lab = state.lab.boxed_clone();
    let mut changed = true;
    match action {
        Action::LoadSlice { .. } | Action::CancelLoad => changed = false,
        Action::TogglePlay => next.playing = !state.playing,
        Action::Play => next.playing = true,
        Action::Pause => next.playing = false,
        Action::Advance { wall_ms } => {
            changed = false;
            if state.playing {
                let total = state.carry_thousandths
                    + u64::from(wall_ms) * u64::from(state.speed_sim_ms_per_s());
                next.carry_thousandths = total % 1_000;
                if total >= 1_000 {
                    let ms = lab.cursor().ms.saturating_add(total / 1_000);
                    lab.seek(ms.min(conlab_sim::MAX_TIME_MS));
                    changed = true;
                }
            }
        }
        Action::StepForward => {
            next.playing = false;
            lab.step_forward();
        }
        Action::StepBack => {
            next.playing = false;
            lab.step_back();
        }
        Action::SpeedUp => {
            next.speed_index = (state.speed_index + 1).min(SPEEDS_SIM_MS_PER_S.len() - 1)
        }
        Action::SlowDown => next.speed_index = state.speed_index.saturating_sub(1),
        Action::Seek { ms } => lab.seek(ms),
        Action::JumpToStep { step, at_ms } => {
            next.playing = false;
            lab.jump_to(step, at_ms);
        }
        Action::Rewind => {
            next.playing = false;
            next.carry_thousandths = 0;
            lab.seek(0);
        }
        Action::Select(selection) => next.selection = selection,
        Action::Intervene(intervention) => {
            if let Err(e) = lab.intervene(intervention) {
                next.notice = Some(e.0);
            }
        }
        Action::Apply(scenario) => {
            let rebuilt = match lab.protocol() {
                "compare" => compare_lab(&scenario),
                _ => new_lab(*scenario),
            };
            match rebuilt {
                Ok(fresh) => {
                    lab = fresh;
                    next.selection = None;
                    next.dialog = None;
                    next.shared = None;
                }
                Err(e) => next.notice = Some(e.0),
            }
        }
        Action::SwitchProtocol(protocol) => {
            lab = default_lab(protocol);
            next.selection = None;
            next.shared = None;
        }
        Action::Compare(on) => {
            let fresh = if on {
                compare_lab(lab.scenario())
            } else {
                Ok(default_lab(ProtocolKind::Raft))
            };
            match fresh {
                Ok(fresh) => {
                    lab = fresh;
                    next.selection = None;
                    next.shared = None;
                }
                Err(e) => next.notice = Some(e.0),
            }
        }
        Action::Open(dialog) => next.dialog = dialog,
        Action::Notice(notice) => next.notice = notice,
        Action::Share => match lab.share_fragment() {
            Ok(payload) => {
                next.shared = Some(payload);
                next.dialog = Some(Dialog::Share);
                next.playing = false;
            }
            Err(e) => next.notice = Some(e.0),
        },
    }
    if changed {
        next.revision = state.revision + 1;
    }
    if changed || next.selection != state.selection {
        next.view = Rc::new(LabView::of(lab.as_mut(), next.selection));
    }
    if changed {
        next.lab = Rc::from(lab);
    }
    next
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        crate::perf::action_started();
        let next = reduce(&self, action);
        crate::perf::action_reduced();
        if next == *self {
            self // unchanged: lets Yew skip the re-render
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use conlab_sim::view::NodeView;

    /// The live leader on the stage the state shows.
    fn leader(s: &AppState) -> NodeView {
        let frame = s.view.frames.first();
        frame
            .nodes
            .iter()
            .find(|n| n.up && n.leader)
            .cloned()
            .expect("a leader")
    }

    #[test]
    fn the_switcher_and_compare_mode_replace_the_lab() {
        let s = run(fresh(), [Action::SwitchProtocol(ProtocolKind::Paxos)]);
        assert_eq!(s.lab.protocol(), "paxos");
        let s = run(s, [Action::Compare(true)]);
        assert_eq!(s.lab.protocol(), "compare");
        let s = run(s, [Action::Compare(false)]);
        assert_eq!(s.lab.protocol(), "raft");
    }

    fn fresh() -> AppState {
        AppState::open(None, false)
    }

    fn run(state: AppState, actions: impl IntoIterator<Item = Action>) -> AppState {
        actions.into_iter().fold(state, |s, a| reduce(&s, a))
    }

    #[test]
    fn starts_paused_at_time_zero_unless_autoplaying() {
        let s = fresh();
        assert!(!s.playing);
        assert_eq!(s.lab.cursor().ms, 0);
        assert_eq!(s.speed_sim_ms_per_s(), 50);
        assert!(AppState::open(None, true).playing);
        assert!(
            !AppState::open(Some("1.x"), true).playing,
            "links open paused"
        );
    }

    #[test]
    fn toggle_play_flips_and_flips_back() {
        let s = run(fresh(), [Action::TogglePlay]);
        assert!(s.playing);
        assert!(!run(s, [Action::TogglePlay]).playing);
    }

    #[test]
    fn advance_is_ignored_while_paused_and_scaled_by_speed_while_playing() {
        let s = run(fresh(), [Action::Advance { wall_ms: 1_000 }]);
        assert_eq!(s.lab.cursor().ms, 0);
        assert_eq!(s.revision, 0, "nothing changed, nothing to redraw");
        let s = run(s, [Action::Play, Action::Advance { wall_ms: 1_000 }]);
        assert_eq!(s.lab.cursor().ms, 50);
        let s = run(s, [Action::SpeedUp, Action::Advance { wall_ms: 500 }]);
        assert_eq!(s.lab.cursor().ms, 100);
    }

    #[test]
    fn small_steps_carry_fractions_exactly() {
        let mut s = run(fresh(), [Action::Play]);
        s.speed_index = 0; // 5 sim ms per wall second: 1 wall ms is 1/200 of a sim ms
        for _ in 0..199 {
            s = reduce(&s, Action::Advance { wall_ms: 1 });
        }
        assert_eq!(s.lab.cursor().ms, 0);
        s = reduce(&s, Action::Advance { wall_ms: 1 });
        assert_eq!((s.lab.cursor().ms, s.carry_thousandths), (1, 0));
    }

    #[test]
    fn speed_is_clamped_to_the_table() {
        let s = run(fresh(), (0..20).map(|_| Action::SpeedUp));
        assert_eq!(s.speed_sim_ms_per_s(), 10_000);
        let s = run(s, (0..20).map(|_| Action::SlowDown));
        assert_eq!(s.speed_sim_ms_per_s(), 5);
    }

    #[test]
    fn stepping_pauses_and_step_back_undoes_a_step() {
        let s = run(fresh(), [Action::Seek { ms: 500 }, Action::Play]);
        let before = s.lab.cursor();
        let s = run(s, [Action::StepForward]);
        assert!(!s.playing);
        assert_eq!(s.lab.cursor().steps, before.steps + 1);
        let s = run(s, [Action::StepBack]);
        assert_eq!(s.lab.cursor(), before);
    }

    #[test]
    fn crashing_the_leader_elects_another_in_a_higher_term() {
        let s = run(fresh(), [Action::Seek { ms: 1_000 }]);
        let old = leader(&s);
        let s = run(
            s,
            [
                Action::Intervene(Intervention::Crash { node: old.id }),
                Action::Seek { ms: 2_500 },
            ],
        );
        let new = leader(&s);
        assert!(new.id != old.id && new.term > old.term);
        assert_eq!(s.view.cursor, s.lab.cursor(), "the view follows the lab");
    }

    #[test]
    fn share_opens_the_share_dialog_with_a_payload() {
        let s = run(fresh(), [Action::Seek { ms: 700 }, Action::Share]);
        assert_eq!(s.dialog, Some(Dialog::Share));
        let payload = s.shared.clone().unwrap();
        let reopened = AppState::open(Some(&payload), true);
        assert_eq!(reopened.lab.cursor().ms, 700);
        assert_eq!(reopened.notice, None);
    }

    #[test]
    fn invalid_interventions_become_notices_not_panics() {
        let s = run(
            fresh(),
            [Action::Intervene(Intervention::Crash { node: NodeId(9) })],
        );
        assert!(s.notice.unwrap().contains("does not exist"));
    }

    #[test]
    fn a_far_link_opens_in_slices_and_can_be_cancelled() {
        let mut lab = default_lab(ProtocolKind::Raft);
        lab.seek(200_000);
        let far = lab.share_fragment().unwrap();
        let s = AppState::open(Some(&far), false);
        let loading = s.loading.expect("too far for one slice");
        assert_eq!(loading.target_ms, 200_000);
        assert_eq!(s.view.cursor.ms, 0);
        let ignored = run(s.clone(), [Action::Seek { ms: 5 }, Action::Play]);
        assert_eq!(ignored.loading, s.loading, "other actions wait");
        let slice = Action::LoadSlice { steps: 4_000 };
        let cancelled = run(s.clone(), [slice.clone(), Action::CancelLoad]);
        assert_eq!(cancelled.loading, None);
        let at = cancelled.view.cursor.ms;
        assert!(at > 0 && at < 200_000, "stopped where it got to: {at}");
        let mut s = s;
        let mut slices = 0;
        while s.loading.is_some() {
            let before = s.loading.unwrap().reached_ms;
            s = reduce(&s, slice.clone());
            assert!(s.loading.is_none_or(|l| l.reached_ms > before), "progress");
            slices += 1;
        }
        assert!(slices > 2, "{slices}");
        assert_eq!(s.view.cursor.ms, 200_000);
        assert_eq!(s.lab.cursor(), lab.cursor());
    }

    #[test]
    fn slices_shrink_when_they_overrun_a_frame_and_grow_while_inside_it() {
        assert_eq!(next_slice_steps(4_000, 60.0), 2_000);
        assert_eq!(next_slice_steps(20, 500.0), 16, "never below a few steps");
        assert_eq!(next_slice_steps(4_000, 16.0), 6_000);
        assert_eq!(next_slice_steps(40_000, 16.0), 50_000, "nor above a bound");
        assert_eq!(next_slice_steps(4_000, 22.0), 4_000);
    }

    #[test]
    fn a_near_link_opens_at_its_instant_at_once() {
        let s = run(fresh(), [Action::Seek { ms: 700 }, Action::Share]);
        let reopened = AppState::open(s.shared.as_deref(), false);
        assert_eq!(reopened.loading, None);
        assert_eq!(reopened.view.cursor, s.view.cursor);
    }

    #[test]
    fn the_reducer_leaves_the_old_state_as_it_was() {
        let s = run(fresh(), [Action::Seek { ms: 1_000 }]);
        let (cursor, frames) = (s.lab.cursor(), s.view.frames.clone());
        let leader = leader(&s);
        let next = run(
            s.clone(),
            [
                Action::Intervene(Intervention::Crash { node: leader.id }),
                Action::Seek { ms: 3_000 },
            ],
        );
        assert_eq!(next.lab.cursor().ms, 3_000);
        assert_eq!(s.lab.cursor(), cursor, "the old lab did not move");
        assert!(s.view.frames == frames, "nor did its view");
        assert!(s.lab.scenario().interventions.is_empty());
        assert_eq!(s.lab.frames().first().nodes, frames.first().nodes);
    }

    #[test]
    fn unchanged_state_keeps_the_same_rc() {
        let s = Rc::new(fresh());
        let same = Reducible::reduce(Rc::clone(&s), Action::Advance { wall_ms: 10 });
        assert!(Rc::ptr_eq(&s, &same));
        let changed = Reducible::reduce(Rc::clone(&s), Action::Play);
        assert!(!Rc::ptr_eq(&s, &changed));
    }
}
