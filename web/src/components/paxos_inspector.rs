//! The single-decree Paxos inspector: the selected node's whole state (each role's part) and
//! its menu — crash / restart, time out now (start a higher ballot), isolate, partition,
//! propose a value — or the selected message's fields with a "drop" button.

use conlab_paxos::{Msg, PaxosNode, Phase};
use conlab_sim::{Frame, MessageFrame, NodeFrame};
use yew::prelude::*;

use super::inspector_parts::{field, inspector_panel, message_card, CommandForm, NodeMenu};
use super::paxos_model::{attempt, ballot_opt, ballot_text, hue_class, paxos_role, reason_text};
use super::Shared;
use crate::state::{Action, Selection};

#[derive(Properties, PartialEq)]
pub struct PaxosInspectorProps {
    pub frame: Shared<Frame<PaxosNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

#[function_component(PaxosInspector)]
pub fn paxos_inspector(props: &PaxosInspectorProps) -> Html {
    let body = match props.selection {
        Some(Selection::Node(id)) => props.frame.nodes.get(id.index()).map(|node| {
            html! { <PaxosNodeDetails node={node.clone()} frame={props.frame.clone()} on_action={props.on_action.clone()} /> }
        }),
        Some(Selection::Message(id)) => props
            .frame
            .messages
            .iter()
            .find(|m| m.id == id)
            .map(|m| view_message(m, &props.on_action)),
        None => None,
    };
    inspector_panel(body, "Click a node to see its promise, what it accepted and learned, and to crash it, restart it or have it propose a value. Click a message in flight to see its fields or drop it.")
}

fn view_message(m: &MessageFrame<Msg>, on_action: &Callback<Action>) -> Html {
    let phase = match m.msg {
        Msg::Prepare { .. } => "phase 1a",
        Msg::Promise { .. } => "phase 1b",
        Msg::Accept { .. } => "phase 2a",
        Msg::Accepted { .. } => "phase 2b",
        Msg::Nack { .. } => "refusal",
    };
    let fields = match &m.msg {
        Msg::Prepare { ballot } => field("ballot", ballot_text(*ballot)),
        Msg::Promise { ballot, accepted } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("accepted", accepted.as_ref().map_or("nothing (no proposal accepted)".to_string(), |(b, v)| format!("{v} in ballot {}", ballot_text(*b)))) }
        </> },
        Msg::Accept { ballot, value } | Msg::Accepted { ballot, value } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("value", value.clone()) }
        </> },
        Msg::Nack { ballot, promised } => html! { <>
            { field("ballot", ballot_text(*ballot)) }
            { field("promised", format!("{} (higher: give up)", ballot_text(*promised))) }
        </> },
    };
    message_card(m, Some(phase), fields, on_action)
}

#[derive(Properties)]
struct PaxosNodeDetailsProps {
    node: NodeFrame<PaxosNode>,
    frame: Shared<Frame<PaxosNode>>,
    on_action: Callback<Action>,
}

/// Node frames are rebuilt for every frame; always re-render.
impl PartialEq for PaxosNodeDetailsProps {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[function_component(PaxosNodeDetails)]
fn paxos_node_details(props: &PaxosNodeDetailsProps) -> Html {
    let v = &props.node;
    let node = &v.node;
    let id = node.id();
    let roles = node.roles();

    let role_list: Vec<&str> = [
        ("proposer", roles.proposer),
        ("acceptor", roles.acceptor),
        ("learner", roles.learner),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .map(|(n, _)| n)
    .collect();
    let a = attempt(node);
    let proposer = roles.proposer.then(|| {
        let promises = match node.phase() {
            Phase::Preparing { promises, .. } => html! {
                <ul class="px-promises" aria-label="Promises gathered">
                    { for promises.iter().map(|(from, report)| html! {
                        <li>{ format!("{from}: {}", report.as_ref().map_or("nothing accepted".to_string(), |(b, v)| format!("accepted {v} in {}", ballot_text(*b)))) }</li>
                    }) }
                </ul>
            },
            _ => Html::default(),
        };
        let count = match a.phase {
            "preparing" => format!("{}/{} promises", a.count, a.quorum),
            "accepting" => format!("{}/{} accepted", a.count, a.quorum),
            _ => "–".to_string(),
        };
        html! { <>
            <h4 class="inspector-section">{ "Proposer" }</h4>
            <dl class="fields">
                { field("phase", a.phase.to_string()) }
                { field("ballot", ballot_opt(a.ballot)) }
                { field("gathered", count) }
                { field("last round", node.last_round().to_string()) }
                { field("client value", node.own_value().cloned().unwrap_or_else(|| "none".into())) }
                { field("outcome", node.outcome().cloned().unwrap_or_else(|| "unknown".into())) }
            </dl>
            { promises }
            if matches!(a.phase, "preparing" | "accepting") {
                <p class="px-reason" data-reason={a.reason.key()}>
                    if let Some(value) = &a.value {
                        { if a.phase == "accepting" { "Proposes " } else { "Will propose " } }
                        <span class={classes!("px-value-chip", hue_class(value))}>{ value.clone() }</span>
                        { format!(": {}.", reason_text(&a)) }
                    } else {
                        { format!("{}.", reason_text(&a)) }
                    }
                </p>
            }
        </> }
    });
    let acceptor = roles.acceptor.then(|| html! { <>
        <h4 class="inspector-section">{ "Acceptor" }</h4>
        <dl class="fields">
            { field("promised", ballot_opt(node.promised())) }
            { field("accepted", node.accepted().map_or("nothing".to_string(), |(b, v)| format!("{v} in ballot {}", ballot_text(*b)))) }
        </dl>
    </> });
    let learner = roles.learner.then(|| html! { <>
        <h4 class="inspector-section">{ "Learner" }</h4>
        <dl class="fields">
            { field("learned", node.learned().map_or("nothing yet".to_string(), |(b, v)| format!("{v} (ballot {})", ballot_text(*b)))) }
        </dl>
    </> });
    html! {
        <div class="inspector-body" data-inspect="node" data-node-id={id.0.to_string()}>
            <h3 class="inspector-title">{ format!("{id} — {}", paxos_role(v)) }</h3>
            <p class="inspector-sub">{ format!("{}; quorum {} acceptors", role_list.join(" + "), node.quorum()) }</p>
            <NodeMenu {id} up={v.up} can_time_out={roles.proposer} timeout_title="Start a higher ballot now" on_action={props.on_action.clone()} />
            if roles.proposer {
                <CommandForm {id} up={v.up} label="Propose value" button="Propose" initial="green" input_id={format!("propose-value-{}", id.0)} input_class="propose-value" on_action={props.on_action.clone()} />
            }
            { proposer.unwrap_or_default() }
            { acceptor.unwrap_or_default() }
            { learner.unwrap_or_default() }
        </div>
    }
}
