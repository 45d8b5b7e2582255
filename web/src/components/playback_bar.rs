use std::rc::Rc;

use yew::prelude::*;

use super::scrubber::{scrubber, ScrubberProps};
use crate::format::{fmt_sim_time, fmt_speed};
use crate::state::Action;
use conlab_sim::Marker;

pub struct PlaybackBarProps {
    pub playing: bool,
    pub now_ms: u64,
    pub step: usize,
    pub horizon_ms: u64,
    pub marks: Rc<Vec<(u16, Marker)>>,
    pub buckets: u16,
    pub speed_sim_ms_per_s: u32,
    pub can_speed_up: bool,
    pub can_slow_down: bool,
    pub on_action: Callback<Action>,
}

/// Play/pause, step back/forward, the scrubber, the clock and the speed. Every control is a
/// real `<button>` (or range input), reachable by click, tap and keyboard.
pub fn playback_bar(props: &PlaybackBarProps) -> Html {
    let emit = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let label = if props.playing { "Pause" } else { "Play" };
    let icon = if props.playing {
        html! { <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect x="3" y="2.5" width="3.5" height="11" rx="1" /><rect x="9.5" y="2.5" width="3.5" height="11" rx="1" /></svg> }
    } else {
        html! { <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 2.8v10.4a.8.8 0 0 0 1.2.7l8.3-5.2a.8.8 0 0 0 0-1.4L5.2 2.1A.8.8 0 0 0 4 2.8z" /></svg> }
    };

    // "0.05×" and " real time": a phone shows only the factor.
    let speed = fmt_speed(props.speed_sim_ms_per_s);
    let (speed_factor, speed_unit) = speed.split_at(speed.find(' ').unwrap_or(speed.len()));
    let (speed_factor, speed_unit) = (speed_factor.to_string(), speed_unit.to_string());
    html! {
        <div class="playback" role="toolbar" aria-label="Playback">
            <div class="playback-buttons">
                <button type="button" class="btn" aria-label="Rewind" title="Back to t = 0" onclick={emit(Action::Rewind)}>
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M3 3v10M13 3.5 6 8l7 4.5z" /></svg>
                </button>
                <button type="button" class="btn" aria-label="Step back" title={if props.step == 0 { "Step back: this is the run's first instant" } else { "Step back one event (←)" }} onclick={emit(Action::StepBack)} disabled={props.step == 0}>
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M12 3.5 5 8l7 4.5zM4 3v10" /></svg>
                </button>
                <button
                    type="button"
                    class={classes!("btn", "btn-primary", "play-toggle")}
                    aria-label={label}
                    title={format!("{label} (space)")}
                    onclick={emit(Action::TogglePlay)}
                >
                    { icon }
                    <span class="btn-text" aria-hidden="true">{ label }</span>
                </button>
                <button type="button" class="btn" aria-label="Step forward" title="Step forward one event (→)" onclick={emit(Action::StepForward)}>
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 3.5 11 8l-7 4.5zM12 3v10" /></svg>
                </button>
            </div>
            { scrubber(&ScrubberProps { now_ms: props.now_ms, horizon_ms: props.horizon_ms, marks: props.marks.clone(), buckets: props.buckets, on_action: props.on_action.clone() }) }
            <div class="clock">
                <output class="clock-value" aria-label="Simulated time" data-time-ms={props.now_ms.to_string()}>{ fmt_sim_time(props.now_ms) }</output>
                <span class="clock-step" data-step={props.step.to_string()}>{ format!("step {}", props.step) }</span>
            </div>
            <div class="speed" role="group" aria-label="Speed">
                <button type="button" class="btn btn-small" aria-label="Slower" title="Slower (−)" disabled={!props.can_slow_down} onclick={emit(Action::SlowDown)}>{ "−" }</button>
                <span class="speed-value" title="simulated time per wall-clock second">{ speed_factor }<span class="speed-unit">{ speed_unit }</span></span>
                <button type="button" class="btn btn-small" aria-label="Faster" title="Faster (+)" disabled={!props.can_speed_up} onclick={emit(Action::SpeedUp)}>{ "+" }</button>
            </div>
        </div>
    }
}
