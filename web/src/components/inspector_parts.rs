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

pub struct CommandFormProps {
    pub id: NodeId,
    pub up: bool,
    /// The field's label, e.g. "Client command" or "Propose value".
    pub label: &'static str,
    /// The submit button's text.
    pub button: &'static str,
    /// What the field holds at first.
    pub initial: &'static str,
    /// The input's id and class (tests and labels use them).
    pub input_id: AttrValue,
    pub input_class: &'static str,
    /// A one-line form in a toolbar.
    pub compact: bool,
    pub on_action: Callback<Action>,
}

/// A one-line form that sends a client request (a command or a value) to node `id`. The field
/// keeps what the user types (Yew sets `value` only when `initial` changes); the browser
/// refuses to send it blank.
pub fn command_form(props: &CommandFormProps) -> Html {
    let onsubmit = {
        let on_action = props.on_action.clone();
        let node = props.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let field = e
                .target_unchecked_into::<web_sys::Element>()
                .query_selector("input")
                .ok()
                .flatten()
                .and_then(|input| input.dyn_into::<HtmlInputElement>().ok());
            if let Some(field) = field {
                on_action.emit(Action::Intervene(Intervention::Client {
                    node,
                    command: field.value(),
                }));
            }
        })
    };
    // A disabled button says why.
    let why_not = (!props.up).then(|| format!("{} is crashed: restart it first", props.id));
    html! {
        <form class={classes!("command-form", props.compact.then_some("compact"))} {onsubmit}>
            <label for={props.input_id.clone()}>{ props.label }</label>
            <input id={props.input_id.clone()} class={props.input_class} type="text" value={props.initial} required=true pattern=".*\\S.*" title="Type a request first" maxlength="64" spellcheck="false" autocomplete="off" />
            <button type="submit" class="btn btn-primary" disabled={!props.up} title={why_not}>{ props.button }</button>
        </form>
    }
}
