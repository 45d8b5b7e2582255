//! Pieces every protocol's inspector shares: the node menu, the command form, a message card
//! with its "drop" button, and one `<dt>/<dd>` field.

use conlab_core::NodeId;
use conlab_sim::{Intervention, MessageFrame};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, Dialog};

/// The inspector panel around `body` (the selected node or message), or `empty` — what to
/// click — when nothing is selected.
pub fn inspector_panel(body: Option<Html>, empty: &str) -> Html {
    html! {
        <section class="panel inspector" aria-label="Inspector">
            <h2 class="panel-title">{ "Inspector" }</h2>
            { body.unwrap_or_else(|| html! { <p class="panel-empty">{ empty.to_string() }</p> }) }
        </section>
    }
}

/// One `<dt>name</dt><dd>value</dd>` pair of a `<dl class="fields">`.
pub fn field(name: &str, value: String) -> Html {
    html! { <><dt>{ name.to_string() }</dt><dd>{ value }</dd></> }
}

/// A message's kind, route, timing and `fields`, with a button that drops it in flight.
/// `what` says what the message is for (e.g. "phase 1a").
pub fn message_card<M>(
    m: &MessageFrame<M>,
    what: Option<&str>,
    fields: Html,
    on_action: &Callback<Action>,
) -> Html {
    let id = m.id;
    let drop = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::Intervene(Intervention::DropMessage { id }));
            on_action.emit(Action::Select(None));
        })
    };
    let title = match what {
        Some(what) => format!("{} #{} ({what})", m.kind, m.id),
        None => format!("{} #{}", m.kind, m.id),
    };
    let lost = if m.doomed { " — will be lost" } else { "" };
    html! {
        <div class="inspector-body" data-inspect="message">
            <h3 class="inspector-title">{ title }</h3>
            <p class="inspector-sub">{ format!("{} → {}, sent {} ms, arrives {} ms{lost}", m.from, m.to, m.sent_at, m.deliver_at) }</p>
            <dl class="fields">{ fields }</dl>
            <div class="actions">
                <button type="button" class="btn" onclick={drop} disabled={m.doomed}>{ "Drop this message" }</button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeMenuProps {
    pub id: NodeId,
    pub up: bool,
    /// Whether "Time out now" applies to this node (e.g. not to a Paxos acceptor-only node).
    #[prop_or(true)]
    pub can_time_out: bool,
    /// What timing out does, as a tooltip.
    pub timeout_title: AttrValue,
    pub on_action: Callback<Action>,
}

/// Crash or restart, time out now, isolate, and open the partition dialog.
#[function_component(NodeMenu)]
pub fn node_menu(props: &NodeMenuProps) -> Html {
    let id = props.id;
    let act = |intervention: Intervention| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Intervene(intervention.clone())))
    };
    let partition = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Open(Some(Dialog::Partition))))
    };
    html! {
        <div class="actions node-menu" role="group" aria-label={format!("Actions for {id}")}>
            if props.up {
                <button type="button" class="btn btn-danger" onclick={act(Intervention::Crash { node: id })}>{ "Crash" }</button>
                if props.can_time_out {
                    <button type="button" class="btn" onclick={act(Intervention::Timeout { node: id })} title={props.timeout_title.clone()}>{ "Time out now" }</button>
                }
            } else {
                <button type="button" class="btn btn-primary" onclick={act(Intervention::Restart { node: id })}>{ "Restart" }</button>
            }
            <button type="button" class="btn" onclick={act(Intervention::Partition { groups: vec![vec![id]] })}>{ "Isolate" }</button>
            <button type="button" class="btn" onclick={partition}>{ "Partition…" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CommandFormProps {
    pub id: NodeId,
    pub up: bool,
    /// The field's label, e.g. "Client command" or "Propose value".
    pub label: AttrValue,
    /// The submit button's text.
    pub button: AttrValue,
    /// What the field holds at first.
    pub initial: AttrValue,
    /// The input's id and class (tests and labels use them).
    pub input_id: AttrValue,
    #[prop_or_default]
    pub input_class: AttrValue,
    pub on_action: Callback<Action>,
}

/// A one-line form that sends a client request (a command or a value) to node `id`.
#[function_component(CommandForm)]
pub fn command_form(props: &CommandFormProps) -> Html {
    let text = use_state(|| props.initial.to_string());
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                text.set(input.value());
            }
        })
    };
    let onsubmit = {
        let on_action = props.on_action.clone();
        let text = text.clone();
        let node = props.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(Action::Intervene(Intervention::Client {
                node,
                command: (*text).clone(),
            }));
        })
    };
    html! {
        <form class="command-form" {onsubmit}>
            <label for={props.input_id.clone()}>{ props.label.clone() }</label>
            <input id={props.input_id.clone()} class={props.input_class.clone()} type="text" value={(*text).clone()} {oninput} maxlength="64" spellcheck="false" autocomplete="off" />
            <button type="submit" class="btn btn-primary" disabled={!props.up || text.trim().is_empty()}>{ props.button.clone() }</button>
        </form>
    }
}
