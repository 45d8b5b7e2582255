use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use conlab_check::{Checked, Checker, Property};
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::Scenario;

use super::compare::Compare;
use super::footer::Footer;
use super::header::Header;
use super::help::Help;
use super::inspector::Inspector;
use super::legend::Legend;
use super::logs_panel::{LogRow, LogsPanel};
use super::multipaxos_inspector::MultiPaxosInspector;
use super::multipaxos_stage::MultiPaxosStage;
use super::notice::Notice;
use super::partition::Partition;
use super::paxos_inspector::PaxosInspector;
use super::paxos_legend::{MultiPaxosLegend, PaxosLegend};
use super::paxos_stage::PaxosStage;
use super::playback_bar::PlaybackBar;
use super::safety_panel::SafetyPanel;
use super::settings::Settings;
use super::share::Share;
use super::slots_panel::SlotsPanel;
use super::stage::Stage;
use super::Shared;
use crate::any_lab::AnyLab;
use crate::state::{Action, AppState, Dialog};

/// Horizontal resolution of the scrubber's marks.
const SCRUBBER_BUCKETS: u16 = 500;

/// How often the playback clock feeds wall-clock time to the reducer (about 30 frames/s).
const CLOCK_TICK_MS: u32 = 33;
/// Longest wall-clock gap credited at once (e.g. after the tab was in the background).
const MAX_WALL_STEP_MS: f64 = 250.0;

/// The whole lab: owns the single `AppState` reducer and lays out the page.
#[function_component(App)]
pub fn app() -> Html {
    let state =
        use_reducer(|| AppState::open(location_hash().as_deref(), !prefers_reduced_motion()));

    // `?panic=1` / `#panic-test`: panic on purpose after the first render (tests the banner).
    use_effect_with((), |_| {
        if crate::panic_test_requested() {
            panic!("intentional panic: the page was opened with a panic-test URL");
        }
    });

    // While playing, feed elapsed wall-clock time to the reducer. The closure only holds the
    // dispatcher (stable across renders), never a snapshot of the state.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let interval = playing.then(|| {
                let mut last = js_sys::Date::now();
                Interval::new(CLOCK_TICK_MS, move || {
                    let now = js_sys::Date::now();
                    let elapsed = now - last;
                    let wall_ms = if (0.0..=MAX_WALL_STEP_MS).contains(&elapsed) {
                        last += elapsed.floor();
                        elapsed.floor()
                    } else {
                        last = now;
                        MAX_WALL_STEP_MS
                    };
                    dispatcher.dispatch(Action::Advance {
                        wall_ms: wall_ms as u32,
                    });
                })
            });
            move || drop(interval)
        });
    }

    // Keyboard shortcuts, on the whole document.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                if let Some(action) = shortcut(&e) {
                    e.prevent_default();
                    dispatcher.dispatch(action);
                }
            });
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &document {
                let _ = d
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = document {
                    let _ = d.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    // Runs after every render: closes the benchmark's frame timing (`?perf=1` only).
    use_effect(crate::perf::frame_done);

    // A share link also goes into the address bar.
    use_effect_with(state.shared.clone(), |shared| {
        if let (Some(payload), Some(window)) = (shared, web_sys::window()) {
            let _ = window.location().set_hash(payload);
        }
    });

    // One callback for the app's lifetime: children compare props, and a fresh callback per
    // render would make every one of them re-render on every frame.
    let on_action = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };

    let mut lab = state.lab.borrow_mut();
    let cursor = lab.cursor();
    let horizon = lab.horizon_ms();
    let marks = Rc::new(lab.bucketed_marks(SCRUBBER_BUCKETS));
    let scenario = lab.scenario().clone();
    let protocol = lab.protocol();
    let selection = state.selection;
    let (workspace, groups) = match &*lab {
        AnyLab::Raft(l) => {
            let frame = Shared(Rc::new(l.frame()));
            let groups = frame.groups.clone();
            let view = html! { <>
                <div class="stage-column">
                    <Caption scenario={scenario.clone()} />
                    <Stage frame={frame.clone()} {selection} on_action={on_action.clone()} />
                    <Legend />
                </div>
                <aside class="side-column">
                    <Inspector frame={frame.clone()} {selection} on_action={on_action.clone()} />
                    <SafetyPanel invariants={invariants::<RaftNode>()} violations={Rc::new(frame.violations.clone())} on_action={on_action.clone()} />
                </aside>
                <div class="logs-column">
                    <LogsPanel rows={LogRow::rows(&frame)} {selection} on_action={on_action.clone()} />
                </div>
            </> };
            (view, groups)
        }
        AnyLab::Paxos(l) => {
            let frame = Shared(Rc::new(l.frame()));
            let groups = frame.groups.clone();
            let view = html! { <>
                <div class="stage-column">
                    <Caption scenario={scenario.clone()} />
                    <PaxosStage frame={frame.clone()} {selection} on_action={on_action.clone()} />
                    <PaxosLegend />
                </div>
                <aside class="side-column">
                    <PaxosInspector frame={frame.clone()} {selection} on_action={on_action.clone()} />
                    <SafetyPanel invariants={invariants::<PaxosNode>()} violations={Rc::new(frame.violations.clone())} on_action={on_action.clone()} />
                </aside>
            </> };
            (view, groups)
        }
        AnyLab::MultiPaxos(l) => {
            let frame = Shared(Rc::new(l.frame()));
            let groups = frame.groups.clone();
            let view = html! { <>
                <div class="stage-column">
                    <Caption scenario={scenario.clone()} />
                    <MultiPaxosStage frame={frame.clone()} {selection} on_action={on_action.clone()} />
                    <MultiPaxosLegend />
                </div>
                <aside class="side-column">
                    <MultiPaxosInspector frame={frame.clone()} {selection} on_action={on_action.clone()} />
                    <SafetyPanel invariants={invariants::<MultiPaxosNode>()} violations={Rc::new(frame.violations.clone())} on_action={on_action.clone()} />
                </aside>
                <div class="logs-column">
                    <SlotsPanel frame={frame.clone()} {selection} on_action={on_action.clone()} />
                </div>
            </> };
            (view, groups)
        }
        AnyLab::Compare(c) => {
            let (raft, multi) = (
                Shared(Rc::new(c.raft.frame())),
                Shared(Rc::new(c.multi.frame())),
            );
            let groups = raft.groups.clone();
            let view = html! {
                <div class="compare-column">
                    <Compare
                        raft={raft}
                        multi={multi}
                        raft_stats={c.raft.world().stats().clone()}
                        multi_stats={c.multi.world().stats().clone()}
                        {selection}
                        on_action={on_action.clone()}
                    />
                </div>
            };
            (view, groups)
        }
    };
    drop(lab);

    let dialog = match state.dialog {
        Some(Dialog::Help) => html! { <Help on_action={on_action.clone()} /> },
        Some(Dialog::Settings) => {
            html! { <Settings scenario={scenario.clone()} on_action={on_action.clone()} /> }
        }
        Some(Dialog::Partition) => html! {
            <Partition nodes={scenario.nodes} groups={groups} on_action={on_action.clone()} />
        },
        Some(Dialog::Share) => {
            html! { <Share url={share_url(state.shared.as_deref().unwrap_or_default())} on_action={on_action.clone()} /> }
        }
        None => html! {},
    };

    html! {
        <div class="shell" data-protocol={protocol}>
            <Header protocol={protocol} on_action={on_action.clone()} />
            if let Some(message) = state.notice.clone() {
                <Notice message={message} on_action={on_action.clone()} />
            }
            <main class={classes!("workspace", (protocol == "compare").then_some("is-compare"))} id="main">
                { workspace }
            </main>
            <PlaybackBar
                playing={state.playing}
                now_ms={cursor.ms}
                step={cursor.steps}
                horizon_ms={horizon}
                marks={marks}
                buckets={SCRUBBER_BUCKETS}
                speed_sim_ms_per_s={state.speed_sim_ms_per_s()}
                can_speed_up={state.can_speed_up()}
                can_slow_down={state.can_slow_down()}
                on_action={on_action.clone()}
            />
            <Footer />
            { dialog }
        </div>
    }
}

/// The invariants the safety panel lists for protocol `P`.
fn invariants<P: Checked>() -> &'static [Property] {
    <P::Checker as Checker<P>>::invariants()
}

#[derive(Properties, PartialEq)]
struct CaptionProps {
    scenario: Scenario,
}

/// The scenario's name and description. They may come from a link: rendered as text only.
#[function_component(Caption)]
fn caption(props: &CaptionProps) -> Html {
    let s = &props.scenario;
    if s.name.is_empty() && s.description.is_empty() {
        return html! {};
    }
    html! {
        <div class="scenario-caption" data-scenario-name={s.name.clone()}>
            <strong>{ s.name.clone() }</strong>
            if !s.description.is_empty() {
                <p>{ s.description.clone() }</p>
            }
        </div>
    }
}

/// The action a key press stands for, unless the user is typing in a field.
fn shortcut(e: &KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let typing = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if typing {
        return (e.key() == "Escape").then_some(Action::Open(None));
    }
    // Space on a focused button activates the button; do not also toggle playback.
    let on_button = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            el.tag_name() == "BUTTON" || el.get_attribute("role").as_deref() == Some("button")
        });
    crate::keys::action_for(&e.key(), on_button)
}

fn location_hash() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let payload = hash.trim_start_matches('#');
    (!payload.is_empty() && payload != "panic-test").then(|| payload.to_string())
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

fn share_url(payload: &str) -> AttrValue {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    AttrValue::from(format!("{base}#{payload}"))
}
