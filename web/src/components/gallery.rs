//! The Scenarios dialog. Not a component: it has no state of its own, so the page pays for
//! no component machinery. Its list is `gallery.html` (web/gallery.html), rendered natively from the
//! scenario files (escaped there, checked by a test in `conlab_sim::view::gallery`) and
//! fetched by the header's Scenarios button before the dialog opens; one click handler serves
//! every entry through its `data-scenario`.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::gallery::Request;
use crate::state::Action;

/// The Scenarios dialog, with the list fetched ([`Request::List`]).
pub fn gallery(on_action: &Callback<Action>) -> Html {
    let pick = {
        let on_action = on_action.clone();
        Callback::from(move |e: MouseEvent| {
            let stem = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-scenario]").ok().flatten())
                .and_then(|entry| entry.get_attribute("data-scenario"));
            if let Some(stem) = stem {
                crate::gallery::open(Request::Scenario(stem), on_action.clone());
            }
        })
    };
    html! {
        <>
            <conlab-saved class="my-scenarios" data-saved-list="" />
            <div class="gallery" data-scenario-gallery="" onclick={pick}>
                { Html::from_html_unchecked(crate::gallery::list()) }
            </div>
        </>
    }
}
