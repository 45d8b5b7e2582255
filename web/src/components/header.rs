use yew::prelude::*;

use crate::state::{Action, Dialog};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub on_action: Callback<Action>,
}

/// Top bar: the lab's name and the run-level actions (share, settings, help).
#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let emit = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    html! {
        <header class="site-header">
            <div class="brand">
                <svg class="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
                    <circle cx="16" cy="16" r="11" class="brand-ring" />
                    <circle cx="16" cy="5" r="4" class="brand-node brand-leader" />
                    <circle cx="26.5" cy="22" r="4" class="brand-node" />
                    <circle cx="5.5" cy="22" r="4" class="brand-node" />
                </svg>
                <h1 class="brand-name">{ "Consensus Lab" }</h1>
                <span class="tagline">{ "Raft, one message at a time" }</span>
            </div>
            <nav class="header-actions" aria-label="Run">
                <button type="button" class="btn" onclick={emit(Action::Share)}>{ "Share" }</button>
                <button type="button" class="btn" onclick={emit(Action::Open(Some(Dialog::Settings)))}>{ "Settings" }</button>
                <button type="button" class="btn" aria-label="Help" title="Help (?)" onclick={emit(Action::Open(Some(Dialog::Help)))}>{ "?" }</button>
            </nav>
        </header>
    }
}
