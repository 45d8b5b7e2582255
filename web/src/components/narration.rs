//! The narration under the stage: the step at the cursor in one sentence (announced politely
//! to screen readers), the last few sentences as buttons that seek to their instant, and what
//! clients were answered.

use conlab_sim::view::{ClientAnswer, Narration};
use yew::prelude::*;

use super::client_reply::ClientReplies;
use super::event_log::EventLog;
use crate::shared::Shared;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    /// The sentence of the step at the cursor.
    pub text: Option<AttrValue>,
    pub events: Shared<Vec<Narration>>,
    pub answers: Shared<Vec<ClientAnswer>>,
    /// The cursor's step, to mark the current entry of the log.
    pub step: u64,
    pub on_action: Callback<Action>,
}

#[function_component(NarrationPanel)]
pub fn narration_panel(props: &NarrationProps) -> Html {
    let text = props
        .text
        .clone()
        .unwrap_or_else(|| "Nothing has happened yet: press Step or Play.".into());
    html! {
        <section class="panel narration" aria-label="What just happened">
            <p class="narration-line" aria-live="polite" data-narration="">{ text }</p>
            <ClientReplies answers={props.answers.clone()} on_action={props.on_action.clone()} />
            <EventLog events={props.events.clone()} step={props.step} on_action={props.on_action.clone()} />
        </section>
    }
}
