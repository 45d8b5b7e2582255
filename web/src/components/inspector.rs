//! The inspector, for every protocol: the selected node's state as its protocol describes it
//! (fields, lists, tables, the reason for a proposer's value) with its menu of interventions,
//! or the selected message's fields with a "drop" button. The client's replies show under the
//! command box, where the command was typed.

use conlab_sim::view::{ClientAnswer, Field, MessageView, NodeInspector, Section};
use conlab_sim::{Intervention, ViewFrame};
use yew::prelude::*;

use super::client_reply::client_replies;
use super::inspector_parts::{command_form, node_menu, CommandFormProps, NodeMenuProps};
use crate::html::{explanation, table};
use crate::shared::Shared;
use crate::state::{Action, Selection};

#[derive(PartialEq)]
pub struct InspectorProps {
    pub frame: Shared<ViewFrame>,
    /// The selected node as its protocol describes it (computed with the frame).
    pub node: Option<Shared<NodeInspector>>,
    pub selection: Option<Selection>,
    /// The latest client requests with their answers.
    pub answers: Shared<Vec<ClientAnswer>>,
    pub on_action: Callback<Action>,
}

/// The inspector panel's ref, kept in view on a phone: there the inspector sits below the
/// stage, and a tap on a node brings its actions on screen. Where the inspector is in view
/// already (a laptop), nothing moves. A hook of App rather than a component's own (each
/// component type costs the page its own copy of Yew's lifecycle code).
#[hook]
pub fn use_inspector_panel(selection: Option<Selection>) -> NodeRef {
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with(selection, move |selection| {
            // One column (a phone): the inspector is below the stage.
            let one_column = web_sys::window()
                .and_then(|w| w.match_media("(max-width: 900px)").ok().flatten())
                .is_some_and(|m| m.matches());
            if let (Some(_), true, Some(el)) =
                (selection, one_column, panel.cast::<web_sys::Element>())
            {
                el.scroll_into_view_with_bool(true);
            }
        });
    }
    panel
}

/// The inspector in the panel `panel` (see [`use_inspector_panel`]).
pub fn inspector(props: &InspectorProps, panel: &NodeRef) -> Html {
    let body = match props.selection {
        Some(Selection::Node(_)) => props
            .node
            .as_ref()
            .map(|n| view_node(n, &props.answers, &props.on_action)),
        Some(Selection::Message(id)) => props
            .frame
            .message(id)
            .map(|m| view_message(m, &props.on_action)),
        None => None,
    };
    html! {
        <section class="panel inspector" aria-label="Inspector" ref={panel.clone()}>
            <h2 class="panel-title">{ "Inspector" }</h2>
            { body.unwrap_or_else(|| html! { <p class="panel-empty">{ "Click a node to see its whole state and to crash, restart or time it out, or to send it a request. Click a message in flight to see its fields or drop it." }</p> }) }
        </section>
    }
}

fn fields(fields: &[Field]) -> Html {
    html! {
        <dl class="fields">
            { for fields.iter().map(|f| html! { <><dt>{ f.label }</dt><dd>{ f.value.clone() }</dd></> }) }
        </dl>
    }
}

fn view_section(s: &Section) -> Html {
    html! { <>
        if let Some(heading) = s.heading {
            <h4 class="inspector-section">{ heading }</h4>
        }
        if !s.fields.is_empty() {
            { fields(&s.fields) }
        }
        if let Some((label, items)) = &s.list {
            <ul class="inspector-list" aria-label={*label}>
                { for items.iter().map(|i| html! { <li>{ i.clone() }</li> }) }
            </ul>
        }
        { s.table.as_ref().map(table).unwrap_or_default() }
        if let Some(line) = &s.explanation {
            <ul class="inspector-explanation">{ explanation(line) }</ul>
        }
    </> }
}

fn view_node(n: &NodeInspector, answers: &[ClientAnswer], on_action: &Callback<Action>) -> Html {
    let id = n.id;
    html! {
        <div class="inspector-body" data-inspect="node" data-node-id={id.0.to_string()}>
            <h3 class="inspector-title">{ n.title.clone() }</h3>
            if let Some(sub) = &n.sub {
                <p class="inspector-sub">{ sub.clone() }</p>
            }
            { node_menu(&NodeMenuProps { id, up: n.up, timeout: n.timeout, voter: n.voter, transfer: n.transfer, on_action: on_action.clone() }) }
            if let Some(c) = &n.command {
                { command_form(&CommandFormProps {
                    id,
                    up: n.up,
                    label: c.label,
                    button: c.button,
                    initial: c.initial,
                    input_id: c.input_id.clone().into(),
                    input_class: c.input_class,
                    compact: false,
                    on_action: on_action.clone(),
                }) }
                { client_replies(answers, on_action) }
            }
            { for n.sections.iter().map(view_section) }
        </div>
    }
}

/// A message's kind, route, timing and fields, with a button that drops it in flight.
fn view_message(m: &MessageView, on_action: &Callback<Action>) -> Html {
    let id = m.id;
    let drop = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::Intervene(Intervention::DropMessage { id }));
            on_action.emit(Action::Select(None));
        })
    };
    let title = match m.look.what {
        Some(what) => format!("{} #{} ({what})", m.kind, m.id),
        None => format!("{} #{}", m.kind, m.id),
    };
    let lost = if m.doomed { " — will be lost" } else { "" };
    html! {
        <div class="inspector-body" data-inspect="message">
            <h3 class="inspector-title">{ title }</h3>
            <p class="inspector-sub">{ format!("{} → {}, sent {} ms, arrives {} ms{lost}", m.from, m.to, m.sent_at, m.deliver_at) }</p>
            { fields(&m.look.fields) }
            <div class="actions">
                <button type="button" class="btn" onclick={drop} disabled={m.doomed} title={m.doomed.then_some("It will be lost already")}>{ "Drop this message" }</button>
            </div>
        </div>
    }
}
