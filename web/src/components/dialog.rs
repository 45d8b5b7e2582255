use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::gallery::gallery;
use super::help::help;
use super::partition::{assignment_of, first_link, partition};
use super::settings::settings;
use super::share::{share, ShareState, FIRST_CHOICE};
use crate::shared::Shared;
use crate::state::{self, Action};
use conlab_core::NodeId;
use conlab_sim::view::AnyLab;
use conlab_sim::Scenario;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// Which dialog is open (App mounts one per opening, keyed by it).
    pub dialog: state::Dialog,
    /// The run on screen (Settings starts its draft from it; Share packs it as files).
    pub scenario: Shared<Scenario>,
    /// The current partition (the Partition dialog starts from it).
    pub groups: Vec<Vec<NodeId>>,
    /// The run's share link, once packed.
    pub url: Option<AttrValue>,
    /// The lab (Share saves its trace).
    pub lab: Shared<dyn AnyLab>,
    pub on_action: Callback<Action>,
}

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// The open dialog: a modal card over the lab (the WAI-ARIA dialog pattern) around one of the
/// dialogs' bodies. Opening it moves focus into it (its first field, else its first button);
/// Tab and Shift+Tab cycle inside it; Escape, its ✕ button or a click on the backdrop close it,
/// and focus returns where it was. The reducer pauses the run while it is open. The state each
/// dialog keeps while open lives here too: one component type for all of them (each type
/// costs the page its own copy of Yew's lifecycle code).
#[function_component(Dialog)]
pub fn dialog(props: &DialogProps) -> Html {
    let card = use_node_ref();
    {
        let card = card.clone();
        use_effect_with((), move |_| {
            let before = active_element();
            if let Some(card) = card.cast::<Element>() {
                let first = card
                    .query_selector(
                        ".dialog-body input, .dialog-body select, .dialog-body textarea",
                    )
                    .ok()
                    .flatten()
                    .or_else(|| focusables(&card).into_iter().next());
                if let Some(first) = first.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    let _ = first.focus();
                }
            }
            move || {
                if let Some(before) = before.filter(|b| b.is_connected()) {
                    let _ = before.focus();
                }
            }
        });
    }
    let nodes = props.scenario.nodes;
    let draft = use_state(|| (*props.scenario).clone());
    let assignment = use_state(|| assignment_of(nodes, &props.groups));
    let link = use_state(|| first_link(nodes));
    let share_state = ShareState {
        copied: use_state(|| false),
        choice: use_state(|| FIRST_CHOICE),
        embed_copied: use_state(|| false),
    };
    let on_action = &props.on_action;
    let (title, body) = match props.dialog {
        state::Dialog::Help => ("How to use the lab", help()),
        state::Dialog::Gallery => ("Scenarios", gallery(on_action)),
        state::Dialog::Settings => ("Settings", settings(&props.scenario, draft, on_action)),
        state::Dialog::Partition => (
            "Partition the network",
            partition(nodes, assignment, link, on_action),
        ),
        state::Dialog::Share => (
            "Share this run",
            share(
                props.url.as_ref(),
                &props.scenario,
                &props.lab,
                share_state,
                on_action,
            ),
        ),
    };
    let close = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Open(None)))
    };
    // A click on the backdrop itself, not one that bubbled from the card, closes. (Yew handles
    // events in the capture phase at its root, so stopping a click at the card would also keep
    // it from the non-Yew elements inside, like web/js/saved.js's buttons.)
    let backdrop = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: MouseEvent| {
            if e.target_unchecked_into::<Element>().class_name() == "backdrop" {
                on_action.emit(Action::Open(None));
            }
        })
    };
    let keydown = {
        let on_action = props.on_action.clone();
        let card = card.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                e.stop_propagation();
                on_action.emit(Action::Open(None));
            }
            "Tab" => {
                if let Some(card) = card.cast::<Element>() {
                    trap_tab(&card, &e);
                }
            }
            _ => {}
        })
    };
    html! {
        <div class="backdrop" onclick={backdrop}>
            <div class="dialog" role="dialog" aria-modal="true" aria-label={title} onkeydown={keydown} ref={card}>
                <div class="dialog-header">
                    <h2>{ title }</h2>
                    <button type="button" class="btn btn-small" aria-label="Close" onclick={close}>{ "✕" }</button>
                </div>
                <div class="dialog-body">{ body }</div>
            </div>
        </div>
    }
}

fn active_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}

fn focusables(card: &Element) -> Vec<Element> {
    let Ok(list) = card.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// Keep Tab inside the dialog: from its last stop to its first, and back with Shift.
fn trap_tab(card: &Element, e: &KeyboardEvent) {
    let stops = focusables(card);
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        e.prevent_default();
        return;
    };
    let active = active_element().map(Element::from);
    let inside = active.as_ref().is_some_and(|a| card.contains(Some(a)));
    let wrap_to = if e.shift_key() && (!inside || active.as_ref() == Some(first)) {
        Some(last)
    } else if !e.shift_key() && (!inside || active.as_ref() == Some(last)) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to.and_then(|t| t.clone().dyn_into::<HtmlElement>().ok()) {
        e.prevent_default();
        let _ = target.focus();
    }
}
