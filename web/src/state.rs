//! The one piece of UI state (`AppState`) and the only way to change it (`Action`).
//!
//! The simulation lives in an [`AnyLab`]. The reducer ([`reduce`], a plain function tested
//! natively) is pure: it moves a copy of the lab (cheap: the timeline is shared
//! copy-on-write) and leaves the old state as it was. Every change to the lab bumps
//! `revision` and recomputes [`LabView`] — the frames, scrubber marks and inspected node — so
//! that rendering only reads.

use std::rc::Rc;
use std::sync::Arc;

use conlab_core::NodeId;
use conlab_sim::view::{ClientAnswer, LegendItem, Narration, NodeInspector, SpaceTimeView};
use conlab_sim::{Intervention, Marker, ProtocolKind, Scenario, ScenarioError};
use yew::{AttrValue, Reducible};

use conlab_sim::view::{compare_lab, new_lab, AnyLab, Cursor, Frames};

use crate::defaults::{default_lab, open_scenarios};
use crate::format::fmt_sim_time;
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

/// An intervention in the past that would discard later ones, waiting for a yes.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingFork {
    pub action: Intervention,
    /// The later interventions it would discard, described ("crash S2 at 1.200 s").
    pub discarded: Vec<String>,
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
    Gallery,
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
    /// The lab's own scenario `scenario` copies: while the lab keeps the same one, the next
    /// view keeps the same `scenario`, and what depends on it does not re-render.
    source: Arc<Scenario>,
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
    /// The space-time diagram, while it is open.
    pub space_time: Option<Shared<SpaceTimeView>>,
}

impl LabView {
    /// What to render of `lab`; `before`: the view this one follows, if any.
    fn of(
        lab: &mut dyn AnyLab,
        selection: Option<Selection>,
        diagram: bool,
        before: Option<&LabView>,
    ) -> Self {
        let source = Arc::clone(lab.shared_scenario());
        let scenario = match before {
            Some(b) if Arc::ptr_eq(&b.source, &source) => b.scenario.clone(),
            _ => Shared::new(Scenario::clone(&source)),
        };
        LabView {
            protocol: lab.protocol(),
            scenario,
            source,
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
            space_time: diagram.then(|| Shared::new(lab.space_time())),
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
    /// The space-time diagram is open under the stage.
    pub diagram: bool,
    pub dialog: Option<Dialog>,
    /// A message for the user (e.g. a link that could not be opened), shown until dismissed.
    pub notice: Option<String>,
    /// The share link payload last produced by "Copy link".
    pub shared: Option<String>,
    /// Bumped by every Share: the page then packs the run into a link (asynchronously, with
    /// the browser's CompressionStream) and answers with [`Action::Shared`].
    pub share_requests: u32,
    /// Set while a link's far cursor is being simulated (the page shows progress and Cancel).
    pub loading: Option<Loading>,
    /// Set while the link in the address bar is being unpacked: nothing else happens until
    /// [`Action::Opened`] arrives.
    pub opening: bool,
    /// The run was playing when the open dialog paused it: closing the dialog resumes it.
    pub resume_on_close: bool,
    /// An intervention waiting for the user to agree to discard later ones.
    pub pending_fork: Option<Rc<PendingFork>>,
    /// The lab before the last fork that discarded interventions, and how many it discarded:
    /// Undo brings it back.
    pub undo: Option<(Rc<dyn AnyLab>, usize)>,
    /// The tour step on screen (0-based), once the tour has started.
    pub tour_step: Option<usize>,
    /// "Write a tour" is on: the tour panel offers "Add caption here".
    pub writing: bool,
    /// The guide route in the address bar (`hooks::use_guide_route` follows it).
    pub route: Option<crate::guide::Route>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab)
            && self.revision == other.revision
            && self.playing == other.playing
            && self.speed_index == other.speed_index
            && self.carry_thousandths == other.carry_thousandths
            && self.selection == other.selection
            && self.diagram == other.diagram
            && self.dialog == other.dialog
            && self.notice == other.notice
            && self.shared == other.shared
            && self.share_requests == other.share_requests
            && self.loading == other.loading
            && self.opening == other.opening
            && self.resume_on_close == other.resume_on_close
            && self.pending_fork == other.pending_fork
            && self.tour_step == other.tour_step
            && self.writing == other.writing
            && self.route == other.route
            && match (&self.undo, &other.undo) {
                (Some((a, _)), Some((b, _))) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
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
    /// The default Raft lab at time zero, playing if `autoplay`.
    pub fn fresh(autoplay: bool) -> Self {
        Self::of_lab(default_lab(ProtocolKind::Raft), 0, None, autoplay)
    }

    /// The default lab, paused, waiting for the link being unpacked ([`Action::Opened`]).
    pub fn awaiting_link() -> Self {
        AppState {
            opening: true,
            ..Self::fresh(false)
        }
    }

    /// The lab a link's scenarios open (or the default one with the reason, when the link was
    /// bad), paused at the link's instant. A far instant is reached in slices
    /// ([`Action::LoadSlice`]) unless the first one does.
    pub fn opened(scenarios: Result<Vec<Scenario>, ScenarioError>) -> Self {
        let (lab, target_ms, notice) = open_scenarios(scenarios);
        Self::of_lab(lab, target_ms, notice, false)
    }

    fn of_lab(
        mut lab: Box<dyn AnyLab>,
        target_ms: u64,
        notice: Option<String>,
        playing: bool,
    ) -> Self {
        let reached_ms = lab.record_toward(target_ms, LOAD_SLICE_STEPS);
        let loading = (reached_ms < target_ms).then_some(Loading {
            target_ms,
            reached_ms,
        });
        if loading.is_none() {
            lab.seek(target_ms);
        }
        let view = Rc::new(LabView::of(lab.as_mut(), None, false, None));
        AppState {
            lab: Rc::from(lab),
            view,
            revision: 0,
            playing,
            speed_index: DEFAULT_SPEED_INDEX,
            carry_thousandths: 0,
            selection: None,
            diagram: false,
            dialog: None,
            notice,
            shared: None,
            share_requests: 0,
            loading,
            opening: false,
            resume_on_close: false,
            pending_fork: None,
            undo: None,
            tour_step: None,
            writing: false,
            route: None,
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
    /// Play at [`SPEEDS_SIM_MS_PER_S`]`[index]` (an embed's `speed=`).
    SetSpeed {
        index: usize,
    },
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
    /// Open or close the space-time diagram.
    Diagram(bool),
    /// Show this tour step (or none: the tour starts over); the cursor moves by `Seek`.
    TourStep(Option<usize>),
    /// Turn "Write a tour" on or off.
    Writing(bool),
    /// The address bar now shows this guide route (or none).
    Route(Option<crate::guide::Route>),
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
    /// Go ahead with the pending intervention, discarding the later ones (Undo restores them).
    ConfirmFork,
    /// Drop the pending intervention; nothing changes.
    CancelFork,
    /// Bring back the lab as it was before the last fork that discarded interventions.
    Undo,
    /// Produce a share link of the current run at the cursor (answered by `Shared`).
    Share,
    /// The share link was packed (or could not be).
    Shared(Result<String, ScenarioError>),
    /// A link's scenarios were unpacked (or could not be): open them, replacing the lab.
    Opened(Result<Vec<Scenario>, ScenarioError>),
    /// Simulate one more slice of at most `steps` steps toward the link's far cursor.
    LoadSlice {
        steps: usize,
    },
    /// Stop simulating toward the far cursor; show the run where it got to.
    CancelLoad,
    /// Open a scenario (from the gallery or a bug toggle's "Show me"), playing from time zero.
    OpenScenario(Box<Scenario>),
}

/// Old state + action ⇒ new state. Changes to the lab happen in place and bump `revision`.
pub fn reduce(state: &AppState, action: Action) -> AppState {
    // The page's own controls, not the lab's: they apply even while a link opens or loads.
    match action {
        Action::Opened(scenarios) => {
            let mut next = AppState::opened(scenarios);
            next.revision = state.revision + 1;
            next.speed_index = state.speed_index;
            next.tour_step = state.tour_step;
            next.writing = state.writing;
            next.route = state.route.clone();
            next
        }
        Action::TourStep(tour_step) => AppState {
            tour_step,
            ..state.clone()
        },
        Action::Writing(writing) => AppState {
            writing,
            ..state.clone()
        },
        Action::Route(route) => AppState {
            route,
            ..state.clone()
        },
        action => reduce_lab(state, state.clone(), action),
    }
}

/// [`reduce`] for the actions that act on the lab or its view.
fn reduce_lab(state: &AppState, mut next: AppState, action: Action) -> AppState {
    if state.opening {
        return next;
    }
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
        next.view = Rc::new(LabView::of(
            lab.as_mut(),
            next.selection,
            next.diagram,
            Some(&state.view),
        ));
        next.lab = Rc::from(lab);
        return next;
    }
    let mut lab = state.lab.boxed_clone();
    let mut changed = true;
    match action {
        // Handled by `reduce`.
        Action::LoadSlice { .. }
        | Action::CancelLoad
        | Action::Opened(_)
        | Action::TourStep(_)
        | Action::Writing(_)
        | Action::Route(_) => changed = false,
        Action::OpenScenario(scenario) => match new_lab(*scenario) {
            Ok(fresh) => {
                lab = fresh;
                next.selection = None;
                next.dialog = None;
                next.resume_on_close = false;
                next.undo = None;
                next.shared = None;
                next.carry_thousandths = 0;
                next.playing = true;
            }
            Err(e) => next.notice = Some(e.0),
        },
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
        Action::SetSpeed { index } => next.speed_index = index.min(SPEEDS_SIM_MS_PER_S.len() - 1),
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
        Action::Diagram(open) => {
            changed = false;
            next.diagram = open;
        }
        Action::Intervene(intervention) => {
            let at = lab.cursor().ms;
            let discarded: Vec<String> = lab
                .scenario()
                .interventions
                .iter()
                .filter(|t| t.at > at)
                .map(|t| format!("{} at {}", t.action.describe(), fmt_sim_time(t.at)))
                .collect();
            if discarded.is_empty() {
                next.undo = None;
                if let Err(e) = lab.intervene(intervention) {
                    next.notice = Some(e.0);
                }
            } else {
                // Acting in the past rewrites the future: ask first.
                changed = false;
                next.playing = false;
                next.pending_fork = Some(Rc::new(PendingFork {
                    action: intervention,
                    discarded,
                }));
            }
        }
        Action::ConfirmFork => match &state.pending_fork {
            Some(fork) => {
                next.pending_fork = None;
                match lab.intervene(fork.action.clone()) {
                    Ok(()) => next.undo = Some((Rc::clone(&state.lab), fork.discarded.len())),
                    Err(e) => next.notice = Some(e.0),
                }
            }
            None => changed = false,
        },
        Action::CancelFork => {
            changed = false;
            next.pending_fork = None;
        }
        Action::Undo => match &state.undo {
            Some((before, _)) => {
                lab = before.boxed_clone();
                next.undo = None;
            }
            None => changed = false,
        },
        Action::Apply(scenario) => {
            // What no longer fits a new cluster size is dropped, and the notice names it.
            let (scenario, dropped) = crate::draft::applied(*scenario, lab.scenario());
            let rebuilt = match lab.protocol() {
                "compare" => compare_lab(&scenario),
                _ => new_lab(scenario),
            };
            match rebuilt {
                Ok(fresh) => {
                    lab = fresh;
                    next.undo = None;
                    next.selection = None;
                    set_dialog(&mut next, None);
                    next.shared = None;
                    next.notice = dropped;
                }
                Err(e) => next.notice = Some(e.0),
            }
        }
        Action::SwitchProtocol(protocol) => {
            next.undo = None;
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
                    next.undo = None;
                    next.selection = None;
                    next.shared = None;
                }
                Err(e) => next.notice = Some(e.0),
            }
        }
        Action::Open(dialog) => set_dialog(&mut next, dialog),
        Action::Notice(notice) => next.notice = notice,
        Action::Share => {
            changed = false;
            set_dialog(&mut next, Some(Dialog::Share));
            next.shared = None;
            next.share_requests = state.share_requests.wrapping_add(1);
        }
        Action::Shared(packed) => {
            changed = false;
            match packed {
                Ok(payload) => next.shared = Some(payload),
                Err(e) => {
                    set_dialog(&mut next, None);
                    next.notice = Some(e.0);
                }
            }
        }
    }
    if changed {
        next.revision = state.revision + 1;
    }
    if changed || next.selection != state.selection || next.diagram != state.diagram {
        next.view = Rc::new(LabView::of(
            lab.as_mut(),
            next.selection,
            next.diagram,
            Some(&state.view),
        ));
    }
    if changed {
        next.lab = Rc::from(lab);
    }
    next
}

/// Open or close a dialog. A dialog pauses the run; closing it resumes a run it paused.
fn set_dialog(next: &mut AppState, dialog: Option<Dialog>) {
    match (next.dialog, dialog) {
        (None, Some(_)) => {
            next.resume_on_close = next.playing;
            next.playing = false;
        }
        (Some(_), None) => {
            next.playing |= next.resume_on_close;
            next.resume_on_close = false;
        }
        _ => {}
    }
    next.dialog = dialog;
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
    fn the_tour_step_and_writing_follow_their_actions_even_while_a_link_opens() {
        let s = run(
            AppState::awaiting_link(),
            [Action::TourStep(Some(2)), Action::Writing(true)],
        );
        assert_eq!((s.tour_step, s.writing), (Some(2), true));
        // The lab is still waiting for its link: only the page's own controls changed.
        assert!(s.opening);
        let s = run(
            s,
            [Action::Opened(Ok(vec![
                ProtocolKind::Raft.default_scenario()
            ]))],
        );
        assert!(!s.opening);
        assert_eq!(
            (s.tour_step, s.writing),
            (Some(2), true),
            "kept across the opening"
        );
        let s = run(s, [Action::TourStep(None), Action::Writing(false)]);
        assert_eq!((s.tour_step, s.writing), (None, false));
        let s = run(s, [Action::Route(Some(crate::guide::Route::Faq))]);
        assert_eq!(s.route, Some(crate::guide::Route::Faq));
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
        AppState::fresh(false)
    }

    /// What the page does with a link: unpack it (natively, at once), then `Opened`.
    fn open(fragment: &str) -> AppState {
        let unpacked = Rc::new(std::cell::RefCell::new(None));
        let slot = Rc::clone(&unpacked);
        crate::codec::open_link(fragment, move |r| *slot.borrow_mut() = Some(r));
        let unpacked = unpacked.take().expect("native unpacking answers at once");
        reduce(&fresh(), Action::Opened(unpacked))
    }

    /// What the page does on Share: pack the run (natively, at once), then `Shared`.
    fn share(s: AppState) -> AppState {
        let s = reduce(&s, Action::Share);
        let packed = Rc::new(std::cell::RefCell::new(None));
        let slot = Rc::clone(&packed);
        crate::codec::share_link(s.lab.share_scenarios(), move |r| {
            *slot.borrow_mut() = Some(r)
        });
        let packed = packed.take().expect("native packing answers at once");
        reduce(&s, Action::Shared(packed))
    }

    fn run(state: AppState, actions: impl IntoIterator<Item = Action>) -> AppState {
        actions.into_iter().fold(state, |s, a| reduce(&s, a))
    }

    #[test]
    fn the_space_time_diagram_is_computed_only_while_open_and_follows_the_run() {
        let s = run(fresh(), [Action::Seek { ms: 1_000 }]);
        assert!(s.view.space_time.is_none(), "closed: nothing computed");
        let s = run(s, [Action::Diagram(true)]);
        let early = s.view.space_time.clone().expect("open: the diagram's data");
        assert!(!early.data.arrows.is_empty());
        let s = run(s, [Action::Seek { ms: 2_000 }]);
        let later = s.view.space_time.clone().expect("still open");
        assert!(later.data.arrows.len() > early.data.arrows.len());
        assert!(later.data.arrows_until(s.view.cursor.steps) <= later.data.arrows.len());
        let s = run(s, [Action::Diagram(false)]);
        assert!(s.view.space_time.is_none());
    }

    #[test]
    fn starts_paused_at_time_zero_unless_autoplaying() {
        let s = fresh();
        assert!(!s.playing);
        assert_eq!(s.lab.cursor().ms, 0);
        assert_eq!(s.speed_sim_ms_per_s(), 50);
        assert!(AppState::fresh(true).playing);
        let s = open("1.x");
        assert!(!s.playing, "links open paused");
        assert!(s.notice.unwrap().contains("could not be opened"));
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
        let asked = run(fresh(), [Action::Seek { ms: 700 }, Action::Share]);
        assert_eq!(asked.dialog, Some(Dialog::Share));
        assert_eq!(asked.shared, None, "the link is being packed");
        assert_eq!(asked.share_requests, 1);
        let s = share(run(fresh(), [Action::Seek { ms: 700 }]));
        assert_eq!(s.dialog, Some(Dialog::Share));
        let payload = s.shared.clone().unwrap();
        let reopened = open(&payload);
        assert_eq!(reopened.lab.cursor().ms, 700);
        assert_eq!(reopened.notice, None);
    }

    #[test]
    fn a_dialog_pauses_the_run_and_closing_it_resumes_only_a_run_it_paused() {
        let playing = AppState::fresh(true);
        let open = run(playing.clone(), [Action::Open(Some(Dialog::Settings))]);
        assert!(!open.playing, "a dialog pauses the run");
        let closed = run(open.clone(), [Action::Open(None)]);
        assert!(closed.playing, "closing resumes it");
        assert!(!closed.resume_on_close);
        let paused = run(
            fresh(),
            [Action::Open(Some(Dialog::Help)), Action::Open(None)],
        );
        assert!(!paused.playing, "a paused run stays paused");
        let shared = share(playing);
        assert!(!shared.playing && shared.dialog == Some(Dialog::Share));
        assert!(run(shared, [Action::Open(None)]).playing);
        let applied = run(open, [Action::Apply(Box::new(Scenario::raft(3, 9)))]);
        assert!(
            applied.dialog.is_none() && applied.playing,
            "Apply closes and resumes"
        );
    }

    #[test]
    fn the_view_keeps_its_scenario_until_the_scenario_changes() {
        // Every frame makes a new view; a new scenario value would re-render everything
        // that takes the scenario (and clone it each time), so it is kept while unchanged.
        let s = run(fresh(), [Action::Seek { ms: 500 }]);
        let moved = run(s.clone(), [Action::Seek { ms: 900 }, Action::StepForward]);
        assert!(
            moved.view.scenario == s.view.scenario,
            "the same scenario value"
        );
        let crash = Action::Intervene(Intervention::Crash { node: NodeId(2) });
        let crashed = run(moved.clone(), [crash]);
        assert!(crashed.view.scenario != moved.view.scenario, "a new one");
        assert_eq!(crashed.view.scenario.interventions.len(), 1);
        let later = run(crashed.clone(), [Action::Seek { ms: 1_500 }]);
        assert!(later.view.scenario == crashed.view.scenario);
    }

    #[test]
    fn nothing_happens_while_a_link_is_being_unpacked() {
        let s = AppState::awaiting_link();
        assert!(s.opening && !s.playing);
        let ignored = run(s.clone(), [Action::Play, Action::Seek { ms: 900 }]);
        assert_eq!(ignored, s);
        let link = conlab_sim::link::encode(&Scenario::raft(3, 4)).unwrap();
        let opened = run(
            s,
            [Action::Opened(conlab_sim::link::decode_fragment(&link))],
        );
        assert!(!opened.opening);
        assert_eq!(opened.view.scenario.nodes, 3);
    }

    #[test]
    fn acting_in_the_past_asks_before_discarding_later_interventions_and_undo_restores_them() {
        let crash = |n| Action::Intervene(Intervention::Crash { node: NodeId(n) });
        let s = run(
            fresh(),
            [
                Action::Seek { ms: 1_000 },
                crash(2),
                Action::Seek { ms: 2_000 },
                Action::Intervene(Intervention::Restart { node: NodeId(2) }),
                Action::Seek { ms: 500 },
            ],
        );
        let planned = s.lab.scenario().interventions.clone();
        assert_eq!(planned.len(), 2);
        assert!(
            s.pending_fork.is_none() && s.undo.is_none(),
            "nothing discarded yet"
        );

        let asked = run(s.clone(), [crash(3)]);
        let fork = asked.pending_fork.clone().expect("asks first");
        assert_eq!(
            fork.discarded,
            vec!["crash S2 at 1.000 s", "restart S2 at 2.000 s"]
        );
        assert!(Rc::ptr_eq(&asked.lab, &s.lab), "nothing changed yet");

        let cancelled = run(asked.clone(), [Action::CancelFork]);
        assert!(cancelled.pending_fork.is_none());
        assert_eq!(cancelled.lab.scenario().interventions, planned);

        let forked = run(asked, [Action::ConfirmFork]);
        let now = &forked.lab.scenario().interventions;
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].action, Intervention::Crash { node: NodeId(3) });
        assert_eq!(forked.undo.as_ref().map(|u| u.1), Some(2));

        let undone = run(forked, [Action::Seek { ms: 3_000 }, Action::Undo]);
        assert_eq!(
            undone.lab.scenario().interventions,
            planned,
            "Undo restores them"
        );
        assert_eq!(undone.view.cursor.ms, 500, "where the fork was made");
        assert!(undone.undo.is_none());
    }

    #[test]
    fn invalid_interventions_become_notices_not_panics() {
        let s = run(
            fresh(),
            [Action::Intervene(Intervention::Crash { node: NodeId(9) })],
        );
        assert!(s.notice.unwrap().contains("there is no node 9"));
    }

    #[test]
    fn a_far_link_opens_in_slices_and_can_be_cancelled() {
        let mut lab = default_lab(ProtocolKind::Raft);
        lab.seek(200_000);
        let far = conlab_sim::link::encode_fragment(&lab.share_scenarios()).unwrap();
        let s = open(&far);
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
        let s = share(run(fresh(), [Action::Seek { ms: 700 }]));
        let reopened = open(s.shared.as_deref().unwrap());
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

    #[test]
    fn the_gallery_opens_a_scenario_and_show_me_turns_its_bug_on() {
        use crate::gallery::tests::load;
        let open = |s| Action::OpenScenario(Box::new(s));
        let s = run(
            fresh(),
            [
                Action::Open(Some(Dialog::Gallery)),
                open(load("raft-figure-8")),
            ],
        );
        assert_eq!(s.dialog, None);
        assert!(s.playing);
        assert!(s.view.scenario.name.contains("Figure 8"));
        let bugs = s.view.scenario.protocol.bugs();
        assert!(bugs.iter().all(|b| !s.view.scenario.bug_enabled(b)));
        let bug = "commit_old_term_by_counting";
        let mut buggy = load("raft-figure-8");
        buggy.enable_bug(bug).unwrap();
        let s = run(s, [open(buggy), Action::Seek { ms: 1_200 }]);
        assert!(s.view.scenario.bug_enabled(bug));
        assert!(!s.view.frames.first().violations.is_empty());
        let mut bad = load("raft-figure-8");
        bad.nodes = 0;
        let s = run(s, [open(bad)]);
        assert!(s.notice.is_some(), "a scenario that cannot run says why");
        assert!(
            s.view.scenario.bug_enabled(bug),
            "and the lab stays as it was"
        );
    }

    #[test]
    fn the_default_paxos_cluster_resizes_to_3_and_says_what_it_dropped() {
        let s = run(fresh(), [Action::SwitchProtocol(ProtocolKind::Paxos)]);
        let mut draft = (*s.view.scenario).clone();
        draft.nodes = 3;
        let s = run(s, [Action::Apply(Box::new(draft))]);
        assert_eq!(s.view.scenario.nodes, 3);
        assert_eq!(s.view.scenario.name, "Paxos: 3 servers");
        assert_eq!(s.view.scenario.interventions.len(), 1);
        assert!(s.notice.unwrap().contains("client `green` at S5 at 40 ms"));
    }
}
