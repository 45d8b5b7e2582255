//! The Multi-Paxos inspector: the selected replica's whole state (role, ballot, promise, the
//! leader's open proposals, the slot log, the state machine) and its menu — crash / restart,
//! time out now (start phase 1), isolate, partition, client command — or the selected
//! message's fields with a "drop" button.

use conlab_paxos::multi::{Msg, Role};
use conlab_paxos::MultiPaxosNode;
use conlab_sim::{Frame, Intervention, MessageFrame, NodeFrame};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::paxos_model::{ballot_opt, ballot_text, command_text, multipaxos_role};
use super::slots_panel::slot_state;
use super::Shared;
use crate::state::{Action, Dialog, Selection};

/// The inspector lists at most this many of the latest slots.
const LISTED_SLOTS: u64 = 40;

#[derive(Properties, PartialEq)]
pub struct MultiPaxosInspectorProps {
    pub frame: Shared<Frame<MultiPaxosNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

#[function_component(MultiPaxosInspector)]
pub fn multipaxos_inspector(props: &MultiPaxosInspectorProps) -> Html {
    let body = match props.selection {
        Some(Selection::Node(id)) => props.frame.nodes.get(id.index()).map(|node| {
            html! { <ReplicaDetails node={node.clone()} on_action={props.on_action.clone()} /> }
        }),
        Some(Selection::Message(id)) => props
            .frame
            .messages
            .iter()
            .find(|m| m.id == id)
            .map(|m| view_message(m, &props.on_action)),
        None => None,
    };
    html! {
        <section class="panel inspector" aria-label="Inspector">
            <h2 class="panel-title">{ "Inspector" }</h2>
            {
                body.unwrap_or_else(|| html! {
                    <p class="panel-empty">{ "Click a replica to see its ballot, promise and slots, and to crash, restart or time it out, or to send it a client command. Click a message in flight to see its fields or drop it." }</p>
                })
            }
        </section>
    }
}

fn field(k: &str, v: String) -> Html {
    html! { <><dt>{ k.to_string() }</dt><dd>{ v }</dd></> }
}

fn view_message(m: &MessageFrame<Msg>, on_action: &Callback<Action>) -> Html {
    let id = m.id;
    let drop = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::Intervene(Intervention::DropMessage { id }));
            on_action.emit(Action::Select(None));
        })
    };
    let what = match m.msg {
        Msg::Prepare { .. } => "phase 1a, all open slots",
        Msg::Promise { .. } => "phase 1b",
        Msg::Accept { .. } => "phase 2a, one slot",
        Msg::Accepted { .. } => "phase 2b, one slot",
        Msg::Nack { .. } => "refusal",
        Msg::Heartbeat { .. } => "leader alive",
        Msg::CatchUp { .. } => "replica lags",
        Msg::Chosen { .. } => "decisions",
    };
    let fields = match &m.msg {
        Msg::Prepare { ballot, first_slot } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("first_slot", first_slot.to_string()) }
        </> },
        Msg::Promise { ballot, accepted } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("accepted", if accepted.is_empty() { "nothing".to_string() } else {
                accepted.iter().map(|(s, b, c)| format!("[{s}: {c} @ {}]", ballot_text(*b))).collect::<Vec<_>>().join(" ")
            }) }
        </> },
        Msg::Accept { ballot, slot, command } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("slot", slot.to_string()) }
            { field("command", command_text(command)) }
        </> },
        Msg::Accepted { ballot, slot } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("slot", slot.to_string()) }
        </> },
        Msg::Nack { ballot, promised } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("promised", format!("{} (higher: step down)", ballot_text(*promised))) }
        </> },
        Msg::Heartbeat { ballot, chosen_through } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("chosen_through", chosen_through.to_string()) }
        </> },
        Msg::CatchUp { first_slot } => field("first_slot", first_slot.to_string()),
        Msg::Chosen { first_slot, commands } => html! { <>
            { field("first_slot", first_slot.to_string()) }
            { field("commands", commands.iter().map(command_text).collect::<Vec<_>>().join(", ")) }
        </> },
    };
    html! {
        <div class="inspector-body" data-inspect="message">
            <h3 class="inspector-title">{ format!("{} #{} ({what})", m.kind, m.id) }</h3>
            <p class="inspector-sub">{ format!("{} → {}, sent {} ms, arrives {} ms{}", m.from, m.to, m.sent_at, m.deliver_at, if m.doomed { " — will be lost" } else { "" }) }</p>
            <dl class="fields">{ fields }</dl>
            <div class="actions">
                <button type="button" class="btn" onclick={drop} disabled={m.doomed}>{ "Drop this message" }</button>
            </div>
        </div>
    }
}

#[derive(Properties)]
struct ReplicaDetailsProps {
    node: NodeFrame<MultiPaxosNode>,
    on_action: Callback<Action>,
}

/// Node frames are rebuilt for every frame; always re-render.
impl PartialEq for ReplicaDetailsProps {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[function_component(ReplicaDetails)]
fn replica_details(props: &ReplicaDetailsProps) -> Html {
    let command = use_state(|| "set x 3".to_string());
    let v = &props.node;
    let mp = &v.node;
    let id = mp.id();
    let act = |intervention: Intervention| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Intervene(intervention.clone())))
    };
    let isolate = act(Intervention::Partition { groups: vec![vec![id]] });
    let partition = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Open(Some(Dialog::Partition))))
    };
    let oninput = {
        let command = command.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                command.set(input.value());
            }
        })
    };
    let onsubmit = {
        let on_action = props.on_action.clone();
        let command = command.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(Action::Intervene(Intervention::Client { node: id, command: (*command).clone() }));
        })
    };
    let log = mp.log();
    let leading = v.up && mp.role() == Role::Leader;
    let proposals = (leading && !mp.proposals().is_empty()).then(|| {
        let rows = mp.proposals().iter().map(|(slot, (command, acks))| html! {
            <tr>
                <th scope="row">{ slot }</th>
                <td>{ command_text(command) }</td>
                <td>{ format!("{}/{} ({})", acks.len(), mp.quorum(), acks.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" ")) }</td>
            </tr>
        });
        html! { <>
            <h4 class="inspector-section">{ "Open proposals (phase 2)" }</h4>
            <table class="mini-table" aria-label="The leader's proposals not yet chosen">
                <thead><tr><th scope="col">{ "slot" }</th><th scope="col">{ "command" }</th><th scope="col">{ "accepted by" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </> }
    });
    let last = log.last_slot();
    let first = last.saturating_sub(LISTED_SLOTS - 1).max(1);
    let slots: Vec<Html> = (first..=last)
        .map(|slot| match slot_state(log, slot) {
            Some((command, ballot, progress)) => html! {
                <tr>
                    <th scope="row">{ slot }</th>
                    <td>{ command_text(command) }</td>
                    <td>{ ballot_opt(ballot) }</td>
                    <td>{ progress.name() }</td>
                </tr>
            },
            None => html! { <tr><th scope="row">{ slot }</th><td>{ "—" }</td><td>{ "–" }</td><td>{ "gap" }</td></tr> },
        })
        .collect();
    let kv: Vec<String> = mp.state_machine().iter().map(|(k, v)| format!("{k}={v}")).collect();
    html! {
        <div class="inspector-body" data-inspect="node" data-node-id={id.0.to_string()}>
            <h3 class="inspector-title">{ format!("{id} — {}", multipaxos_role(v)) }</h3>
            <div class="actions node-menu" role="group" aria-label={format!("Actions for {id}")}>
                if v.up {
                    <button type="button" class="btn btn-danger" onclick={act(Intervention::Crash { node: id })}>{ "Crash" }</button>
                    <button type="button" class="btn" onclick={act(Intervention::Timeout { node: id })} title="Start phase 1 with a higher ballot now">{ "Time out now" }</button>
                } else {
                    <button type="button" class="btn btn-primary" onclick={act(Intervention::Restart { node: id })}>{ "Restart" }</button>
                }
                <button type="button" class="btn" onclick={isolate}>{ "Isolate" }</button>
                <button type="button" class="btn" onclick={partition}>{ "Partition…" }</button>
            </div>
            <form class="command-form" {onsubmit}>
                <label for={format!("mp-client-command-{}", id.0)}>{ "Client command" }</label>
                <input id={format!("mp-client-command-{}", id.0)} class="client-command" type="text" value={(*command).clone()} {oninput} spellcheck="false" autocomplete="off" />
                <button type="submit" class="btn btn-primary" disabled={!v.up}>{ "Send" }</button>
            </form>
            <dl class="fields">
                { field("role", multipaxos_role(v).to_string()) }
                { field("ballot", ballot_opt(mp.ballot())) }
                { field("promised", ballot_opt(mp.promised())) }
                { field("leader", mp.leader_hint().map_or("unknown".into(), |l| l.to_string())) }
                { field("executed", format!("slots 1..={}", log.executed())) }
                { field("last slot", last.to_string()) }
                if leading {
                    { field("next slot", mp.next_slot().to_string()) }
                }
                { field("state machine", if kv.is_empty() { "empty".into() } else { kv.join(" ") }) }
            </dl>
            { proposals.unwrap_or_default() }
            if !slots.is_empty() {
                <h4 class="inspector-section">{ "Slots" }</h4>
                <table class="mini-table" aria-label="Slot log">
                    <thead><tr><th scope="col">{ "slot" }</th><th scope="col">{ "command" }</th><th scope="col">{ "accepted in" }</th><th scope="col">{ "state" }</th></tr></thead>
                    <tbody>{ for slots }</tbody>
                </table>
            }
        </div>
    }
}
