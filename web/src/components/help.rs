use yew::prelude::*;

/// Keyboard shortcuts and a one-minute tour: static HTML (`help.html`), inserted as it is, so
/// its elements cost the wasm a string instead of the code `html!` builds each one with
/// (issue 15: ~0.7 KB gzip).
pub fn help() -> Html {
    Html::from_html_unchecked(AttrValue::Static(include_str!("help.html")))
}
