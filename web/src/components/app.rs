use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::footer::Footer;
use super::header::Header;
use super::playback_bar::PlaybackBar;
use super::stage::Stage;
use crate::state::{Action, AppState};

/// How often the playback clock feeds wall-clock time to the reducer.
const CLOCK_TICK_MS: u32 = 50;
/// Longest wall-clock gap credited at once (e.g. after the tab was in the background).
const MAX_WALL_STEP_MS: f64 = 1_000.0;

/// The whole lab: owns the single `AppState` reducer and lays out the shell.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);

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
                    // Whole milliseconds only; the fraction stays in `last` for the next tick.
                    // A jump (tab asleep, clock changed) is credited as at most one second.
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

    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };

    html! {
        <div class="shell">
            <Header />
            <main class="workspace" id="main">
                <Stage
                    node_count={state.node_count}
                    playing={state.playing}
                    now_ms={state.now_ms}
                />
            </main>
            <PlaybackBar
                playing={state.playing}
                now_ms={state.now_ms}
                speed_sim_ms_per_s={state.speed_sim_ms_per_s()}
                can_speed_up={state.can_speed_up()}
                can_slow_down={state.can_slow_down()}
                {on_action}
            />
            <Footer />
        </div>
    }
}
