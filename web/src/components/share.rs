use yew::prelude::*;

use super::dialog::Dialog;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The full URL of this run, once it is packed.
    pub url: Option<AttrValue>,
    pub on_action: Callback<Action>,
}

/// The link to this exact run (settings, seed, every intervention, current instant).
#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    let copied = use_state(|| false);
    let url = props.url.clone().unwrap_or_default();
    let ready = props.url.is_some();
    let copy = {
        let url = url.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                // The promise is fire-and-forget: the field below stays selectable either way.
                let _ = window.navigator().clipboard().write_text(&url);
                copied.set(true);
            }
        })
    };
    html! {
        <Dialog title="Share this run" on_action={props.on_action.clone()}>
            <p class="dialog-hint">{ "Anyone opening this link sees the same cluster, the same faults and the same messages, paused at this instant." }</p>
            <input class="share-url" type="text" readonly=true value={url} placeholder="Packing the link…" aria-label="Link to this run" aria-busy={(!ready).to_string()} />
            <div class="actions">
                <button type="button" class="btn btn-primary" onclick={copy} disabled={!ready}>{ if *copied { "Copied ✓" } else { "Copy link" } }</button>
            </div>
        </Dialog>
    }
}
