//! The narration under the stage: the step at the cursor in one sentence (announced politely
//! to screen readers) and the last few sentences as buttons that seek to their instant (client
//! replies show under the command box they answer). Plain functions, not components: they
//! redraw with every frame anyway, and each component type costs the page its own copy of
//! Yew's lifecycle code.

use conlab_sim::view::Narration;
use yew::prelude::*;

use super::event_log::event_log;
use crate::state::Action;

/// The panel for the sentence `text` of the step `step` at the cursor and the recent
/// `events`.
pub fn narration_panel(
    text: Option<AttrValue>,
    events: &[Narration],
    step: u64,
    on_action: &Callback<Action>,
) -> Html {
    let text = text.unwrap_or_else(|| "Nothing has happened yet: press Step or Play.".into());
    html! {
        <section class="panel narration" aria-label="What just happened">
            <p class="narration-line" aria-live="polite" data-narration="">{ text }</p>
            { event_log(events, step, on_action) }
        </section>
    }
}
