//! The inspector's two interactive parts: the node menu and the client request form.

use conlab_core::NodeId;
use conlab_sim::Intervention;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, Dialog};

pub struct NodeMenuProps {
    pub id: NodeId,
    pub up: bool,
    /// What "Time out now" does, as a tooltip; None when it does not apply to this node (e.g.
    /// a Paxos acceptor-only node).
    pub timeout: Option<&'static str>,
    /// Raft: whether the server is a voter (offer "Remove server"), else "Add server"; None
    /// where membership is fixed.
    pub voter: Option<bool>,
    /// Raft: offer "Transfer leadership here" (dissertation §3.10).
    pub transfer: bool,
    pub on_action: Callback<Action>,
}

/// Crash or restart, time out now, isolate, open the partition dialog, and (Raft) ask the
/// leader to add or remove this server (dissertation §4.1) or to hand it leadership (§3.10).
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
                if let Some(title) = props.timeout {
                    <button type="button" class="btn" onclick={act(Intervention::Timeout { node: id })} {title}>{ "Time out now" }</button>
                }
            } else {
                <button type="button" class="btn btn-primary" onclick={act(Intervention::Restart { node: id })}>{ "Restart" }</button>
            }
            <button type="button" class="btn" onclick={act(Intervention::Partition { groups: vec![vec![id]] })}>{ "Isolate" }</button>
            <button type="button" class="btn" onclick={partition}>{ "Partition…" }</button>
            if let Some(voter) = props.voter {
                <button type="button" class="btn" onclick={act(Intervention::Membership { node: id, add: !voter })}
                    title={format!("Ask the leader to {} {id} {} the configuration", if voter { "remove" } else { "add" }, if voter { "from" } else { "to" })}>
                    { if voter { "Remove server" } else { "Add server" } }
                </button>
            }
            if props.transfer {
                <button type="button" class="btn" onclick={act(Intervention::TransferLeader { to: id })}>{ "Transfer leadership here" }</button>
            }
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
    /// A one-line form in a toolbar.
    #[prop_or_default]
    pub compact: bool,
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
    // A disabled button says why.
    let why_not = if !props.up {
        Some(format!("{} is crashed: restart it first", props.id))
    } else if text.trim().is_empty() {
        Some("Type a request first".to_string())
    } else {
        None
    };
    let disabled = why_not.is_some();
    html! {
        <form class={classes!("command-form", props.compact.then_some("compact"))} {onsubmit}>
            <label for={props.input_id.clone()}>{ props.label.clone() }</label>
            <input id={props.input_id.clone()} class={props.input_class.clone()} type="text" value={(*text).clone()} {oninput} maxlength="64" spellcheck="false" autocomplete="off" />
            <button type="submit" class="btn btn-primary" disabled={disabled} title={why_not}>{ props.button.clone() }</button>
        </form>
    }
}
