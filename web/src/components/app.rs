use std::rc::Rc;

use yew::prelude::*;

use conlab_sim::Scenario;

use super::clients_panel::clients_panel;
use super::compare::{compare, CompareProps};
use super::dialog::Dialog;
use super::footer::footer;
use super::fork_bar::fork_bar;
use super::header::{header, HeaderProps};
use super::inspector::{inspector, use_inspector_panel, InspectorProps};
use super::legend::legend;
use super::log_grid::LogGridView;
use super::narration::narration_panel;
use super::notice::notice;
use super::playback_bar::{playback_bar, PlaybackBarProps};
use super::progress::progress;
use super::safety_panel::safety_panel;
use super::stage::Stage;
use super::tour::{self, Player};
use crate::guide::Route;
use crate::hooks;
use crate::shared::Shared;
use crate::state::{Action, AppState, LabView, SCRUBBER_BUCKETS};
use conlab_sim::link;
use conlab_sim::view::Frames;

/// The whole lab: owns the single `AppState` reducer and lays out the page.
#[function_component(App)]
pub fn app() -> Html {
    let link = use_memo((), |_| location_hash());
    let state = use_reducer(|| {
        let state = match link.as_deref().map(link::payload_bodies) {
            None => AppState::fresh(!prefers_reduced_motion()),
            // Not a link at all: say so at once.
            Some(Err(e)) => AppState::opened(Err(e)),
            // A link: the default lab, paused, until the link is unpacked.
            Some(Ok(_)) => AppState::awaiting_link(),
        };
        AppState {
            route: crate::guide::current(),
            ..state
        }
    });

    hooks::use_panic_test();
    hooks::use_playback_clock(state.dispatcher(), state.playing);
    hooks::use_load_slices(state.dispatcher(), state.loading.is_some());
    hooks::use_shortcuts(state.dispatcher());
    // Runs after every render: closes the benchmark's frame timing (`?perf=1` only).
    use_effect(crate::perf::frame_done);
    hooks::use_open_link(
        state.dispatcher(),
        link.as_ref()
            .clone()
            .filter(|l| link::payload_bodies(l).is_ok()),
    );
    hooks::use_share_requests(&state);
    hooks::use_share_in_address_bar(state.shared.clone());
    hooks::use_hash_change();
    let embed = use_memo((), |_| crate::embed::current().map(Rc::new));
    crate::embed::use_embed((*embed).clone(), &state);
    crate::files::use_dropped_files(&state);
    use_effect_with((), |_| super::guide::install_popovers());
    hooks::use_guide_route(state.dispatcher());
    let route = state.route.clone();
    let inspector_panel = use_inspector_panel(state.selection);
    // One callback for the app's lifetime: children compare props, and a fresh callback per
    // render would make every one of them re-render on every frame.
    let on_action = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };

    let diagram_box = crate::spacetime::use_space_time(&state, &on_action);

    let player = Player {
        instants: use_memo(state.view.scenario.clone(), |s| tour::instants(s)),
        step: state.tour_step,
        text: use_node_ref(),
        on_action: on_action.clone(),
    };
    {
        // A tour that just opened starts at its first step.
        let (player, started) = (player.clone(), player.step.is_some());
        use_effect_with(player.instants.clone(), move |_| {
            if !started {
                player.go(0);
            }
        });
    }
    let guide_column = use_node_ref();
    {
        // `#guide/N/K` opens that tour's scenario in the lab; other guide routes fill the
        // reading column.
        let (column, on_action) = (guide_column.clone(), on_action.clone());
        use_effect_with(route.clone(), move |route| match route {
            Some(Route::Tour(..)) => {
                on_action.emit(Action::TourStep(None));
                crate::gallery::open(
                    crate::gallery::Request::Tour(
                        route.as_ref().map(Route::file).unwrap_or_default(),
                    ),
                    on_action,
                );
            }
            Some(page) => super::guide::show(&column, page),
            None => {}
        });
    }

    // Render only reads what the reducer computed.
    let view = &state.view;
    let scenario = view.scenario.clone();
    let protocol = view.protocol;
    let selection = state.selection;
    let chapter = match &route {
        Some(Route::Tour(n, _)) => Some(*n),
        _ => None,
    };
    let tour_panel = tour::tour_panel(&player, &scenario.0, view.cursor.ms, chapter, state.writing);
    let pointed = tour::highlight(&scenario, player.step);
    let tour_cell = pointed.and_then(|h| h.log);
    let tour_message = pointed.and_then(|h| h.message);
    let tour_panel_ring = pointed.and_then(|h| h.panel.clone());
    let playback = playback_bar(&PlaybackBarProps {
        playing: state.playing,
        now_ms: view.cursor.ms,
        step: view.cursor.steps,
        horizon_ms: view.horizon_ms,
        marks: Rc::clone(&view.marks.0),
        buckets: SCRUBBER_BUCKETS,
        speed_sim_ms_per_s: state.speed_sim_ms_per_s(),
        can_speed_up: state.can_speed_up(),
        can_slow_down: state.can_slow_down(),
        on_action: on_action.clone(),
    });
    if let Some(options) = &*embed {
        // Embed mode: the stage (both, in compare mode), the tour caption and, unless
        // `controls=0`, the playback bar; nothing else (issue 14).
        let stage = |frame: &Rc<_>| {
            html! { <Stage frame={Shared(Rc::clone(frame))} {selection} on_action={on_action.clone()} /> }
        };
        let stages = match &view.frames {
            Frames::One(frame) => stage(frame),
            Frames::Compare { raft, multi, .. } => html! { <>{ stage(raft) }{ stage(multi) }</> },
        };
        return html! {
            <div class="shell is-embed" data-protocol={protocol} data-opening={state.opening.then_some("")}>
                <main class="embed-workspace" data-tour-ring={tour::ring(&scenario, player.step)}>
                    { tour_panel }
                    <div class="embed-stages">{ stages }</div>
                </main>
                if options.controls {
                    { playback }
                }
            </div>
        };
    }

    // The space-time diagram under the stage (compare mode: the Raft side's), and its toggle.
    let diagram = crate::spacetime::diagram(&state, &diagram_box, &on_action);
    let workspace = match &view.frames {
        Frames::One(frame) => {
            let frame = Shared(Rc::clone(frame));
            html! { <>
                <div class="stage-column" data-tour-ring={tour::ring(&scenario, player.step)}>
                    { caption(&scenario) }
                    { tour_panel }
                    <Stage frame={frame.clone()} {selection} {tour_message} on_action={on_action.clone()} />
                    { legend(&view.legend) }
                    { diagram }
                    { narration(view, &on_action) }
                </div>
                <aside class="side-column">
                    { inspector(&InspectorProps { frame: frame.clone(), node: view.inspected.clone(), selection, answers: view.answers.clone(), on_action: on_action.clone() }, &inspector_panel) }
                    { safety_panel(frame.invariants, &frame.violations, frame.linearizability, &on_action) }
                    if let Some(clients) = &frame.clients {
                        { clients_panel(clients) }
                    }
                </aside>
                if frame.log.is_some() {
                    <div class="logs-column">
                        <LogGridView {frame} {selection} {tour_cell} on_action={on_action.clone()} />
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
            <div class="compare-column" data-tour-ring={tour::ring(&scenario, player.step)}>
                { tour_panel }
                { compare(&CompareProps {
                    raft: Shared(Rc::clone(raft)),
                    multi: Shared(Rc::clone(multi)),
                    raft_stats: (**raft_stats).clone(),
                    multi_stats: (**multi_stats).clone(),
                    scenario: scenario.clone(),
                    legend: view.legend.clone(),
                    selection,
                    answers: view.answers.clone(),
                    on_action: on_action.clone(),
                }) }
                { diagram }
                { narration(view, &on_action) }
            </div>
        },
    };
    let groups = view.frames.first().groups.clone();

    // One dialog at a time, mounted afresh for each opening (its state starts from the run).
    let dialog = match state.dialog {
        Some(open) => html! {
            <Dialog key={open as u8} dialog={open} scenario={scenario.clone()} groups={groups} url={state.shared.as_deref().map(share_url)} lab={Shared(Rc::clone(&state.lab))} on_action={on_action.clone()} />
        },
        None => html! {},
    };

    // A guide page replaces the lab's workspace and playback bar (the lab keeps its state).
    let reading = route
        .as_ref()
        .is_some_and(|r| !matches!(r, Route::Tour(..)));

    html! {
        <div class="shell" data-protocol={protocol} data-opening={state.opening.then_some("")} data-tour-panel={tour_panel_ring}>
            { header(&HeaderProps { protocol, bugs: bugs_on(&scenario), on_action: on_action.clone(), writing: state.writing, on_write: { let (on_action, on) = (on_action.clone(), !state.writing); Callback::from(move |_| on_action.emit(Action::Writing(on))) } }) }
            if let Some(loading) = state.loading {
                { progress(loading, &on_action) }
            }
            if let Some(message) = state.notice.clone() {
                { notice(message, &on_action) }
            }
            if reading {
                <main class="guide" id="main">{ super::guide::column(&guide_column) }</main>
            } else {
            { fork_bar(state.pending_fork.as_deref(), state.undo.as_ref().map(|u| u.1), &on_action) }
            <main class={classes!("workspace", (protocol == "compare").then_some("is-compare"))} id="main">
                { workspace }
            </main>
            { playback }
            }
            { footer() }
            { dialog }
        </div>
    }
}

/// The narration panel of the lab on screen.
fn narration(view: &LabView, on_action: &Callback<Action>) -> Html {
    narration_panel(
        view.narration.clone(),
        &view.events,
        view.cursor.steps as u64,
        on_action,
    )
}

/// The scenario's name and description. They may come from a link: rendered as text only.
fn caption(s: &Scenario) -> Html {
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

/// The bug toggles that are on in `scenario`.
fn bugs_on(scenario: &Scenario) -> Vec<&'static str> {
    scenario
        .protocol
        .bugs()
        .iter()
        .copied()
        .filter(|bug| scenario.bug_enabled(bug))
        .collect()
}

fn location_hash() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let payload = hash.trim_start_matches('#');
    (!payload.is_empty() && payload != "panic-test" && crate::guide::route(payload).is_none())
        .then(|| payload.to_string())
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
