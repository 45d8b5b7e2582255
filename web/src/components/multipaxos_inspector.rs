//! The Multi-Paxos inspector: the selected replica's whole state (role, ballot, promise, the
//! leader's open proposals, the slot log, the state machine) and its menu — crash / restart,
//! time out now (start phase 1), isolate, partition, client command — or the selected
//! message's fields with a "drop" button.

use conlab_paxos::multi::{Msg, Role};
use conlab_paxos::MultiPaxosNode;
use conlab_sim::{Frame, MessageFrame, NodeFrame};
use yew::prelude::*;

use super::inspector_parts::{field, inspector_panel, message_card, CommandForm, NodeMenu};
use super::paxos_model::{ballot_opt, ballot_text, command_text, multipaxos_role};
use super::slots_panel::slot_state;
use super::Shared;
use crate::state::{Action, Selection};

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
    inspector_panel(body, "Click a replica to see its ballot, promise and slots, and to crash, restart or time it out, or to send it a client command. Click a message in flight to see its fields or drop it.")
}

fn view_message(m: &MessageFrame<Msg>, on_action: &Callback<Action>) -> Html {
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
        Msg::Accept {
            ballot,
            slot,
            command,
        } => html! { <>
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
        Msg::Heartbeat {
            ballot,
            chosen_through,
        } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("chosen_through", chosen_through.to_string()) }
        </> },
        Msg::CatchUp { first_slot } => field("first_slot", first_slot.to_string()),
        Msg::Chosen {
            first_slot,
            commands,
        } => html! { <>
            { field("first_slot", first_slot.to_string()) }
            { field("commands", commands.iter().map(command_text).collect::<Vec<_>>().join(", ")) }
        </> },
    };
    message_card(m, Some(what), fields, on_action)
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
    let v = &props.node;
    let mp = &v.node;
    let id = mp.id();
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
    let kv: Vec<String> = mp
        .state_machine()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    html! {
        <div class="inspector-body" data-inspect="node" data-node-id={id.0.to_string()}>
            <h3 class="inspector-title">{ format!("{id} — {}", multipaxos_role(v)) }</h3>
            <NodeMenu {id} up={v.up} timeout_title="Start phase 1 with a higher ballot now" on_action={props.on_action.clone()} />
            <CommandForm {id} up={v.up} label="Client command" button="Send" initial="set x 3" input_id={format!("mp-client-command-{}", id.0)} input_class="client-command" on_action={props.on_action.clone()} />
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
