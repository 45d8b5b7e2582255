use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use conlab_sim::Scenario;

use super::compare::Compare;
use super::footer::Footer;
use super::header::Header;
use super::help::Help;
use super::inspector::Inspector;
use super::legend::Legend;
use super::log_grid::LogGrid;
use super::notice::Notice;
use super::partition::Partition;
use super::playback_bar::PlaybackBar;
use super::progress::Progress;
use super::safety_panel::SafetyPanel;
use super::settings::Settings;
use super::share::Share;
use super::stage::Stage;
use crate::shared::Shared;
use crate::state::{Action, AppState, Dialog, SCRUBBER_BUCKETS};
use conlab_sim::view::Frames;

/// How often the playback clock feeds wall-clock time to the reducer (about 30 frames/s).
const CLOCK_TICK_MS: u32 = 33;
/// How often a slice of a far link's simulation runs (about once a frame).
const LOAD_SLICE_EVERY_MS: u32 = 16;
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

    // While a link's far instant is simulated: one slice per frame, so the tab stays responsive.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.loading.is_some(), move |&loading| {
            let interval = loading.then(|| {
                Interval::new(LOAD_SLICE_EVERY_MS, move || {
                    dispatcher.dispatch(Action::LoadSlice)
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

    // Render only reads what the reducer computed.
    let view = &state.view;
    let scenario = view.scenario.clone();
    let protocol = view.protocol;
    let selection = state.selection;
    let workspace = match &view.frames {
        Frames::One(frame) => {
            let frame = Shared(Rc::clone(frame));
            html! { <>
                <div class="stage-column">
                    <Caption scenario={scenario.clone()} />
                    <Stage frame={frame.clone()} {selection} on_action={on_action.clone()} />
                    <Legend items={view.legend.clone()} />
                </div>
                <aside class="side-column">
                    <Inspector frame={frame.clone()} node={view.inspected.clone()} {selection} on_action={on_action.clone()} />
                    <SafetyPanel invariants={frame.invariants} violations={Rc::new(frame.violations.clone())} on_action={on_action.clone()} />
                </aside>
                if let Some(grid) = &frame.log {
                    <div class="logs-column">
                        <LogGrid grid={grid.clone()} {selection} on_action={on_action.clone()} />
                    </div>
                }
            </> }
        }
        Frames::Compare {
            raft,
            multi,
            raft_stats,
            multi_stats,
        } => html! {
            <div class="compare-column">
                <Compare
                    raft={Shared(Rc::clone(raft))}
                    multi={Shared(Rc::clone(multi))}
                    raft_stats={(**raft_stats).clone()}
                    multi_stats={(**multi_stats).clone()}
                    {selection}
                    on_action={on_action.clone()}
                />
            </div>
        },
    };
    let groups = view.frames.first().groups.clone();

    let dialog = match state.dialog {
        Some(Dialog::Help) => html! { <Help on_action={on_action.clone()} /> },
        Some(Dialog::Settings) => {
            html! { <Settings scenario={(*scenario).clone()} on_action={on_action.clone()} /> }
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
            if let Some(loading) = state.loading {
                <Progress {loading} on_action={on_action.clone()} />
            }
            if let Some(message) = state.notice.clone() {
                <Notice message={message} on_action={on_action.clone()} />
            }
            <main class={classes!("workspace", (protocol == "compare").then_some("is-compare"))} id="main">
                { workspace }
            </main>
            <PlaybackBar
                playing={state.playing}
                now_ms={view.cursor.ms}
                step={view.cursor.steps}
                horizon_ms={view.horizon_ms}
                marks={Rc::clone(&view.marks.0)}
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

#[derive(Properties, PartialEq)]
struct CaptionProps {
    scenario: Shared<Scenario>,
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
