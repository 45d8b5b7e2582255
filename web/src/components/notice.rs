use yew::prelude::*;

use crate::state::Action;

/// A dismissible message (e.g. a link that could not be opened). Always plain text.
pub fn notice(message: String, on_action: &Callback<Action>) -> Html {
    let dismiss = on_action.reform(|_: MouseEvent| Action::Notice(None));
    html! {
        <div class="notice" role="alert" data-notice="">
            <p>{ message }</p>
            <button type="button" class="btn btn-small" aria-label="Dismiss" onclick={dismiss}>{ "✕" }</button>
        </div>
    }
}
