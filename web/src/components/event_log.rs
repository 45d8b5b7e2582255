//! The event log: the last few steps' sentences, oldest first, each a button that moves the
//! cursor to just after its step.

use conlab_sim::view::Narration;
use yew::prelude::*;

use crate::format::fmt_sim_time;
use crate::shared::Shared;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub events: Shared<Vec<Narration>>,
    pub step: u64,
    pub on_action: Callback<Action>,
}

#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    if props.events.is_empty() {
        return html! {};
    }
    let entry = |n: &Narration| {
        let (step, at_ms) = (n.step as usize, n.at);
        let on_action = props.on_action.clone();
        let onclick =
            Callback::from(move |_: MouseEvent| on_action.emit(Action::JumpToStep { step, at_ms }));
        let current = (n.step == props.step).then_some("step");
        html! {
            <li>
                <button type="button" class="event" aria-current={current} data-step={n.step.to_string()} data-at={n.at.to_string()} {onclick}>
                    <span class="event-time">{ fmt_sim_time(n.at) }</span>
                    { n.text.clone() }
                </button>
            </li>
        }
    };
    html! {
        <details class="event-log-box" open=true>
            <summary>{ "Recent events" }</summary>
            <ol class="event-log" data-event-log="" aria-label="Recent events: choose one to go back to it">
                { for props.events.iter().map(entry) }
            </ol>
        </details>
    }
}
