use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::{Action, Dialog};
use conlab_sim::ProtocolKind;

pub struct HeaderProps {
    /// `raft`, `paxos`, `multipaxos` or `compare`.
    pub protocol: &'static str,
    /// The bug toggles that are on in the run on screen.
    pub bugs: Vec<&'static str>,
    pub on_action: Callback<Action>,
    /// Whether the tour panel's "Add caption here" is open.
    pub writing: bool,
    pub on_write: Callback<MouseEvent>,
}

/// Top bar: the lab's name, the protocol switcher, compare mode and the run-level actions.
pub fn header(props: &HeaderProps) -> Html {
    let emit = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let onchange = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let picked = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                .and_then(|select| select.value().parse::<ProtocolKind>().ok());
            if let Some(protocol) = picked {
                on_action.emit(Action::SwitchProtocol(protocol));
            }
        })
    };
    // The gallery opens once its list is in (fetched on the first click).
    let scenarios = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            crate::gallery::open(crate::gallery::Request::List, on_action.clone())
        })
    };
    let comparing = props.protocol == "compare";
    html! {
        <header class="site-header">
            <div class={classes!("brand", (!props.bugs.is_empty()).then_some("has-bug"))}>
                <svg class="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
                    <circle cx="16" cy="16" r="11" class="brand-ring" />
                    <circle cx="16" cy="5" r="4" class="brand-node brand-leader" />
                    <circle cx="26.5" cy="22" r="4" class="brand-node" />
                    <circle cx="5.5" cy="22" r="4" class="brand-node" />
                </svg>
                <h1 class="brand-name">{ "Consensus Lab" }</h1>
                <span class="tagline">{ "one message at a time" }</span>
                if !props.bugs.is_empty() {
                    <span class="bug-badge" data-bug-badge="" role="status">
                        { format!("Bug on: {}", props.bugs.join(", ").replace('_', " ")) }
                    </span>
                }
            </div>
            <nav class="header-actions" aria-label="Run">
                <a class="btn" href="#guide" data-guide-entry="">{ "Guide" }</a>
                if !comparing {
                    <label class="visually-hidden" for="protocol">{ "Protocol" }</label>
                    <select id="protocol" class="protocol-switcher" aria-label="Protocol" {onchange}>
                        { for ProtocolKind::ALL.iter().map(|kind| html! {
                            <option value={kind.name()} selected={kind.name() == props.protocol}>{ kind.label() }</option>
                        }) }
                    </select>
                }
                <button
                    type="button"
                    class={classes!("btn", comparing.then_some("is-active"))}
                    aria-pressed={comparing.to_string()}
                    title="Raft and Multi-Paxos side by side under the same faults"
                    onclick={emit(Action::Compare(!comparing))}
                >{ if comparing { "Stop comparing" } else { "Compare" } }</button>
                <button type="button" class="btn" aria-haspopup="dialog" onclick={scenarios}>{ "Scenarios" }</button>
                <button type="button" class="btn" aria-pressed={props.writing.to_string()} title="Attach captions to instants of this run; Share carries them as a tour" onclick={props.on_write.clone()}>{ "Write a tour" }</button>
                <button type="button" class="btn" onclick={emit(Action::Share)}>{ "Share" }</button>
                <button type="button" class="btn" onclick={emit(Action::Open(Some(Dialog::Settings)))}>{ "Settings" }</button>
                <button type="button" class="btn" aria-label="Help" title="Help (?)" onclick={emit(Action::Open(Some(Dialog::Help)))}>{ "?" }</button>
            </nav>
        </header>
    }
}
