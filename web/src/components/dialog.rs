use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub title: AttrValue,
    pub on_action: Callback<Action>,
    #[prop_or_default]
    pub children: Html,
}

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// A modal card over the lab (the WAI-ARIA dialog pattern). Opening it moves focus into it
/// (its first field, else its first button); Tab and Shift+Tab cycle inside it; Escape, its ✕
/// button or a click on the backdrop close it, and focus returns where it was. The reducer
/// pauses the run while it is open.
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
            <div class="dialog" role="dialog" aria-modal="true" aria-label={props.title.clone()} onkeydown={keydown} ref={card}>
                <div class="dialog-header">
                    <h2>{ props.title.clone() }</h2>
                    <button type="button" class="btn btn-small" aria-label="Close" onclick={close}>{ "✕" }</button>
                </div>
                <div class="dialog-body">{ props.children.clone() }</div>
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
