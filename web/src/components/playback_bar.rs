use yew::prelude::*;

use crate::format::{fmt_sim_time, fmt_speed};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct PlaybackBarProps {
    pub playing: bool,
    pub now_ms: u64,
    pub speed_sim_ms_per_s: u32,
    pub can_speed_up: bool,
    pub can_slow_down: bool,
    pub on_action: Callback<Action>,
}

/// Play/pause, reset, simulated clock and speed. Every control is a real `<button>`, so it is
/// reachable by keyboard (Tab, then Space/Enter) as well as by click or tap.
#[function_component(PlaybackBar)]
pub fn playback_bar(props: &PlaybackBarProps) -> Html {
    let emit = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action))
    };
    let label = if props.playing { "Pause" } else { "Play" };
    let icon = if props.playing {
        html! { <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect x="3" y="2.5" width="3.5" height="11" rx="1" /><rect x="9.5" y="2.5" width="3.5" height="11" rx="1" /></svg> }
    } else {
        html! { <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 2.8v10.4a.8.8 0 0 0 1.2.7l8.3-5.2a.8.8 0 0 0 0-1.4L5.2 2.1A.8.8 0 0 0 4 2.8z" /></svg> }
    };

    html! {
        <div class="playback" role="toolbar" aria-label="Playback">
            <button
                type="button"
                class={classes!("btn", "btn-primary", "play-toggle")}
                aria-label={label}
                title={label}
                onclick={emit(Action::TogglePlay)}
            >
                { icon }
                <span class="btn-text" aria-hidden="true">{ label }</span>
            </button>
            <button type="button" class="btn" aria-label="Reset" title="Back to t = 0" onclick={emit(Action::Reset)}>
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M3 3v4h4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" /><path d="M3.6 6.6A5 5 0 1 1 3.4 10" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" /></svg>
            </button>
            <div class="clock">
                <span class="field-label">{ "Simulated time" }</span>
                <output class="clock-value" aria-label="Simulated time">{ fmt_sim_time(props.now_ms) }</output>
            </div>
            <div class="speed" role="group" aria-label="Speed">
                <button type="button" class="btn btn-small" aria-label="Slower" disabled={!props.can_slow_down} onclick={emit(Action::SlowDown)}>{ "−" }</button>
                <span class="speed-value" title="simulated milliseconds per wall-clock second">{ fmt_speed(props.speed_sim_ms_per_s) }</span>
                <button type="button" class="btn btn-small" aria-label="Faster" disabled={!props.can_speed_up} onclick={emit(Action::SpeedUp)}>{ "+" }</button>
            </div>
        </div>
    }
}
