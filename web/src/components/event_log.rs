//! The event log: the last few steps' sentences, oldest first, each with a button (its time)
//! that moves the cursor to just after its step.

use conlab_sim::view::Narration;
use yew::prelude::*;

use crate::format::fmt_sim_time;
use crate::state::Action;

/// The recent `events` as buttons; the one of step `step` is marked current.
pub fn event_log(events: &[Narration], step: u64, on_action: &Callback<Action>) -> Html {
    if events.is_empty() {
        return html! {};
    }
    let entry = |n: &Narration| {
        let (jump, at_ms) = (n.step as usize, n.at);
        let on_action = on_action.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::JumpToStep { step: jump, at_ms })
        });
        let current = (n.step == step).then_some("step");
        // The time is the button (its name never shadows the playback buttons' names).
        let label = format!("Go to step {} at {}", n.step, fmt_sim_time(n.at));
        html! {
            // Keyed by step: as the log scrolls, an entry keeps its element.
            <li key={n.step.to_string()} aria-current={current}>
                <button type="button" class="event-time" aria-label={label} data-event-step={n.step.to_string()} data-event-at={n.at.to_string()} {onclick}>
                    { fmt_sim_time(n.at) }
                </button>
                <span class="event-text">{ n.text.clone() }</span>
            </li>
        }
    };
    html! {
        <details class="event-log-box" open=true>
            <summary>{ "Recent events" }</summary>
            <ol class="event-log" data-event-log="" aria-label="Recent events: choose one to go back to it">
                { for events.iter().map(entry) }
            </ol>
        </details>
    }
}
