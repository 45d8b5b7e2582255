//! The narration under the stage: the step at the cursor in one sentence (announced politely
//! to screen readers), the last few sentences as buttons that seek to their instant, and what
//! clients were answered. Plain functions, not components: they redraw with every frame
//! anyway, and each component type costs the page its own copy of Yew's lifecycle code.

use conlab_sim::view::{ClientAnswer, Narration};
use yew::prelude::*;

use super::client_reply::client_replies;
use super::event_log::event_log;
use crate::state::Action;

/// The panel for the sentence `text` of the step `step` at the cursor, the recent `events`
/// and the client `answers`.
pub fn narration_panel(
    text: Option<AttrValue>,
    events: &[Narration],
    answers: &[ClientAnswer],
    step: u64,
    on_action: &Callback<Action>,
) -> Html {
    let text = text.unwrap_or_else(|| "Nothing has happened yet: press Step or Play.".into());
    html! {
        <section class="panel narration" aria-label="What just happened">
            <p class="narration-line" aria-live="polite" data-narration="">{ text }</p>
            { client_replies(answers, on_action) }
            { event_log(events, step, on_action) }
        </section>
    }
}
