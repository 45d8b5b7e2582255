use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub message: AttrValue,
    pub on_action: Callback<Action>,
}

/// A dismissible message (e.g. a link that could not be opened). Always plain text.
#[function_component(Notice)]
pub fn notice(props: &NoticeProps) -> Html {
    let dismiss = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Notice(None)))
    };
    html! {
        <div class="notice" role="alert" data-notice="">
            <p>{ props.message.clone() }</p>
            <button type="button" class="btn btn-small" aria-label="Dismiss" onclick={dismiss}>{ "✕" }</button>
        </div>
    }
}
