use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub title: AttrValue,
    pub on_action: Callback<Action>,
    #[prop_or_default]
    pub children: Html,
}

/// A modal card over the lab. Closes with its ✕ button, a click on the backdrop, or Escape
/// (handled by the app's keyboard shortcuts).
#[function_component(Dialog)]
pub fn dialog(props: &DialogProps) -> Html {
    let close = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Open(None)))
    };
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    html! {
        <div class="backdrop" onclick={close.clone()}>
            <div class="dialog" role="dialog" aria-modal="true" aria-label={props.title.clone()} onclick={stop}>
                <header class="dialog-header">
                    <h2>{ props.title.clone() }</h2>
                    <button type="button" class="btn btn-small" aria-label="Close" onclick={close}>{ "✕" }</button>
                </header>
                <div class="dialog-body">{ props.children.clone() }</div>
            </div>
        </div>
    }
}
